"""The office's archive: find sealed complaint forms by number or closing
date, preview and print them (one or a whole batch, off the GUI thread, with
progress and cancel), and verify the archive's seals (with a progress bar and
a button that stops it)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.archive import CASE_ID, WHOLE_NUMBER, ArchivedCase, find_archived
from models.customer import mask_phone
from models.staff import Staff
from models.verify import VerifyCancelled, VerifyReport, checked_archive
from ui.archive_text import problem_text, said_text
from ui.form_preview import preview_case, render_form
from ui.format import DATE, date_text, date_time
from ui.hotspot_text import at_line_start
from ui.i18n import current_language, fill
from ui.labels import state_label
from ui.office.amend_dialog import AmendDialog
from ui.printing import ask_printer, prepare_for_worker_threads, print_pdf, printer_like, printer_stopped
from ui.section import SectionPage
from ui.tasks import Task, report_failure, run_task
from ui.widgets import DateEdit, ErrorLabel, SectionHeading

LIST_LIMIT = 1000


def print_forms(actor: Staff | None, case_ids: list[int], template: QPrinter, language: str, task: Task) -> int:
    """Print each form as its own job, whole; stops between forms when cancelled (a form stopped midway reached
    the printer with the pages drawn so far, and was counted as sent)."""
    printed = 0
    for index, case_id in enumerate(case_ids):
        if task.is_cancelled():
            break
        title, data = render_form(actor, case_id, language)
        print_pdf(data, printer_like(template), title)
        printed += 1
        task.report(index + 1, len(case_ids))
    return printed



class ArchivePage(SectionPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.heading = SectionHeading()
        self.number = QLineEdit()
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(self.refresh)
        self.closed_from = DateEdit(QDate.currentDate().addMonths(-1))
        self.closed_to = DateEdit(QDate.currentDate())
        for edit in (self.closed_from, self.closed_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.refresh)
        self.from_label, self.to_label = QLabel(), QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.number, 2)
        filters.addWidget(self.from_label)
        filters.addWidget(self.closed_from)
        filters.addWidget(self.to_label)
        filters.addWidget(self.closed_to)
        filters.addWidget(self.find_button)
        self.cases = QTreeWidget()
        self.cases.setRootIsDecorated(False)
        self.cases.setAlternatingRowColors(True)
        self.cases.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.cases.itemActivated.connect(lambda item: self.preview(item.data(0, Qt.ItemDataRole.UserRole)))
        self.cases.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.error = ErrorLabel()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(lambda: self.preview(self.selected_ids()[0]))
        self.print_selected_button = QPushButton()
        self.print_selected_button.clicked.connect(lambda: self.ask_print(self.selected_ids()))
        self.print_all_button = QPushButton()
        self.print_all_button.clicked.connect(lambda: self.ask_print(self.listed_ids()))
        self.amend_button = QPushButton()
        self.amend_button.clicked.connect(self.ask_amendment)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        # Shown while verify runs: how many seals and audit events are checked, and a way to stop.
        self.verify_progress = QProgressBar()
        self.verify_progress.setVisible(False)
        self.stop_verify_button = QPushButton()
        self.stop_verify_button.setVisible(False)
        self.stop_verify_button.clicked.connect(self.stop_verify)
        self.verify_task: Task | None = None
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_selected_button, self.print_all_button, self.amend_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_progress)
        buttons.addWidget(self.stop_verify_button)
        buttons.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.cases, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.progress: QProgressDialog | None = None
        self.retranslateUi()
        self._selection_changed()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Archive"))
        self.number.setPlaceholderText(self.tr("Archive number, e.g. TS-2026-000123 or 000123"))
        self.from_label.setText(self.tr("Closed from"))
        self.to_label.setText(self.tr("to"))
        self.find_button.setText(self.tr("F&ind"))
        self.cases.setHeaderLabels(
            [self.tr("Archive number"), self.tr("Closed"), self.tr("State"), self.tr("Category"), self.tr("Customer")]
        )
        self.preview_button.setText(self.tr("Pre&view…"))
        self.print_selected_button.setText(self.tr("&Print selected…"))
        self.print_all_button.setText(self.tr("Print &all listed…"))
        self.amend_button.setText(self.tr("Add a &correction…"))
        self.verify_button.setText(self.tr("Verif&y the archive"))
        self.stop_verify_button.setText(self.tr("&Stop verifying"))
        self.verify_progress.setFormat(self.tr("%p% checked"))

    def refresh(self) -> int:
        self.error.show_message("")
        closed_from = cast(dt.date, self.closed_from.date().toPython())
        closed_to = cast(dt.date, self.closed_to.date().toPython())
        if closed_to < closed_from:
            self.show_cases([])
            self.status.setText(self.tr("No forms: the second closing date is before the first."))
            return 0
        text = self.number.text().strip()
        cases = find_archived(text, closed_from, closed_to, LIST_LIMIT)
        self.show_cases(cases)
        if not cases and text:
            # A bare "共 0 份" left a clerk holding a customer's letter sure the form did not exist.
            if not any(character.isdigit() for character in text):
                said = self.tr("No archive number holds “%1”: customers' names and phones are searched in the "
                               "Register.")  # fmt: skip
            elif WHOLE_NUMBER.fullmatch(text) or CASE_ID.fullmatch(text):
                said = self.tr("No archived form is numbered “%1”.")
            else:
                said = self.tr("No form closed from %2 to %3 has “%1” in its number: the closing dates limit the "
                               "search; widen them, or type the whole number (TS-2026-000123).")  # fmt: skip
            self.status.setText(fill(said, text, date_text(closed_from), date_text(closed_to)))
        return len(cases)

    def show_cases(self, cases: list[ArchivedCase]) -> None:
        self.cases.clear()
        for case in cases:
            customer = " ".join(filter(None, [case.customer, mask_phone(case.phone)]))
            item = QTreeWidgetItem(
                [
                    case.archive_number,
                    date_time(case.closed_at),
                    state_label(case.state),
                    case.category_en if current_language() == "en" and case.category_en else case.category,
                    customer,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, case.id)
            self.cases.addTopLevelItem(item)
        for column in range(self.cases.columnCount()):
            self.cases.resizeColumnToContents(column)
        if len(cases) >= LIST_LIMIT:
            self.status.setText(
                fill(self.tr("The first %1 forms are listed; narrow the dates to see others."), LIST_LIMIT)
            )
        else:
            self.status.setText(self.tr("%n archived form(s).", "", len(cases)))
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        """The chosen forms in the list's order (Ctrl+clicks gave them in the order clicked)."""
        chosen = sorted(self.cases.selectedItems(), key=self.cases.indexOfTopLevelItem)
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in chosen]

    def listed_ids(self) -> list[int]:
        return [
            cast(QTreeWidgetItem, self.cases.topLevelItem(i)).data(0, Qt.ItemDataRole.UserRole)
            for i in range(self.cases.topLevelItemCount())
        ]

    def _selection_changed(self) -> None:
        selected = len(self.selected_ids())
        self.preview_button.setEnabled(selected == 1)
        self.amend_button.setEnabled(selected == 1)
        self.print_selected_button.setEnabled(selected > 0)
        self.print_all_button.setEnabled(self.cases.topLevelItemCount() > 0)

    # ------------------------------------------------------------------ preview and printing

    def preview(self, case_id: int) -> Task:
        return preview_case(self, self.staff, case_id)

    def ask_amendment(self) -> AmendDialog:
        number = self.cases.selectedItems()[0].text(0)
        dialog = AmendDialog(self.actor, number, self)
        dialog.accepted.connect(
            lambda: self.status.setText(fill(self.tr("The correction to %1 was added to the archive."), number))
        )
        dialog.open()
        return dialog

    def ask_print(self, case_ids: list[int]) -> QPrintDialog | None:
        return ask_printer(self, None, lambda printer: self.print_batch(case_ids, printer))

    def print_batch(self, case_ids: list[int], printer: QPrinter) -> Task:
        """Print the forms in a worker; a progress dialog shows how far it got and can cancel."""
        prepare_for_worker_threads()
        progress = QProgressDialog(self.tr("Printing complaint forms…"), self.tr("Cancel"), 0, len(case_ids), self)
        progress.setWindowTitle(self.tr("Printing"))
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress = progress

        def finished(printed: int) -> None:
            progress.close()
            name = printer.printerName()
            text = fill(self.tr("%1 of %2 forms sent to %3."), printed, len(case_ids), name)
            if printer_stopped(name):
                text += " " + fill(self.tr("%1 is stopped: they wait in its queue until it is started again."), name)
            self.status.setText(text)

        def failed(error: Exception) -> None:
            progress.close()
            report_failure(error, self, self.error.show_message)

        task = run_task(
            print_forms,
            self.staff,
            case_ids,
            printer,
            current_language(),
            pass_task=True,
            on_done=finished,
            on_error=failed,
            on_progress=lambda done, total: progress.setValue(done),
        )
        progress.canceled.connect(task.cancel)
        progress.show()
        return task

    def verify(self) -> Task:
        """Verify the whole archive in a worker; the progress bar follows it and Stop ends it."""
        self.verify_button.setEnabled(False)
        self.error.show_message("")
        self.status.setText(self.tr("Verifying every seal and the chain…"))
        self.verify_progress.setRange(0, 0)  # busy until the first report says how much there is
        self.verify_progress.setVisible(True)
        self.stop_verify_button.setEnabled(True)
        self.stop_verify_button.setVisible(True)

        def ended() -> None:
            self.verify_task = None
            self.verify_button.setEnabled(True)
            self.verify_progress.setVisible(False)
            self.stop_verify_button.setVisible(False)

        def done(report: VerifyReport) -> None:
            ended()
            problems = report.problems
            if problems:
                self.status.setText("")
                self.error.show_message(
                    self.tr("The archive is NOT intact:") + "\n" + "\n".join(map(problem_text, problems[:20]))
                )
            elif report.notes:  # nothing wrong found, and something it could not prove: not called intact
                self.error.show_message("")
                self.status.setText(
                    self.tr("Every seal and the chain verified, but:")
                    + "\n"
                    + "\n".join(at_line_start(said_text(note)) for note in report.notes)
                )
            else:
                self.error.show_message("")
                self.status.setText(self.tr("The archive is intact: every seal and the chain verified."))

        def failed(error: Exception) -> None:
            ended()
            if isinstance(error, VerifyCancelled):
                self.status.setText(self.tr("Verification stopped before the end: nothing was proved."))
                return
            report_failure(error, self, self.error.show_message)

        def progressed(checked: int, total: int) -> None:
            if total > 0:
                self.verify_progress.setRange(0, total)
                self.verify_progress.setValue(checked)

        task = run_task(checked_archive, pass_task=True, on_done=done, on_error=failed, on_progress=progressed)
        self.verify_task = task
        return task

    def stop_verify(self) -> None:
        if self.verify_task is not None:
            self.stop_verify_button.setEnabled(False)
            self.status.setText(self.tr("Stopping the verification…"))
            self.verify_task.cancel()
