"""The office's external cases (外部投诉): the list with channel, reference, customer, the day received,
the day due and the working days left, and the state, overdue ones marked calmly; filters; the chosen
case's page with record / correct / start replying / reply / close, its files, the original complaint
and the printable form."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.control.external import ExternalState, add_external_attachment, channels, start_reply
from models.control.external_queries import (
    ExternalDetail,
    ExternalRow,
    ListFilter,
    external_cases,
    external_detail,
    external_file,
    printable_external,
)
from models.customer import mask_phone
from models.errors import DomainError
from models.staff import Staff
from ui.format import date_text, date_time
from ui.i18n import catalogue_name, current_language, domain_message, fill, sentences
from ui.labels import code_name, relabel_items
from ui.section import SectionPage
from ui.style import NOTICE, set_role
from ui.tasks import Task, run_task
from ui.widgets import ErrorLabel, FittedColumns, SectionHeading

# Overdue rows: a quiet red text on a pale ground, not an alarm.
OVERDUE_TEXT = QColor("#8c1d18")
OVERDUE_GROUND = QColor("#fbe3e1")
SOON_GROUND = QColor("#fff4d6")
(COLUMN_NUMBER, COLUMN_CHANNEL, COLUMN_REFERENCE, COLUMN_CUSTOMER, COLUMN_RECEIVED, COLUMN_DUE, COLUMN_LEFT,
 COLUMN_STATE) = range(8)  # fmt: skip


def channel_name(row: ExternalRow) -> str:
    english = row.channel_name_en
    return english if current_language() == "en" and english else row.channel_name


def render_external(actor: Staff | None, case_id: int, language: str) -> tuple[str, bytes]:
    """(title, PDF) of an external case's form; runs in a worker."""
    from models import settings
    from ui.paper.external_form import external_form_title, render_external_form

    record = printable_external(actor, case_id)
    pdf = render_external_form(
        record,
        organisation=str(settings.get(settings.ORGANISATION_NAME) or ""),
        language=language,
        demo=settings.is_demo(),
    )
    return external_form_title(record, language), pdf


def preview_external(parent: QWidget, actor: Staff | None, case_id: int) -> Task:
    def show(rendered: tuple[str, bytes]) -> None:
        from ui.printing import PrintPreviewDialog

        title, data = rendered
        dialog = PrintPreviewDialog(data, title, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return run_task(render_external, actor, case_id, current_language(), on_done=show, owner=parent)


class ExternalCasesPage(SectionPage):
    open_complaint = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.rows: list[ExternalRow] = []
        self.heading = SectionHeading()
        self.which = QComboBox()
        for which in ListFilter:
            self.which.addItem("", which.value)
        self.which.currentIndexChanged.connect(self.refresh)
        self.channel = QComboBox()
        self.channel.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.ask_record)
        filters = QHBoxLayout()
        filters.addWidget(self.which)
        filters.addWidget(self.channel)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.record_button)

        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._show_current)
        # In a narrow window the reference, the channel and the customer give way (cut short, whole on hovering):
        # the due day, the working days left and the state stay whole.
        metrics = self.list.fontMetrics()
        margin = metrics.averageCharWidth() * 3
        self.columns = FittedColumns(
            self.list,
            {
                COLUMN_REFERENCE: metrics.horizontalAdvance("GD202606") + margin,
                COLUMN_CHANNEL: margin * 3,
                COLUMN_CUSTOMER: metrics.horizontalAdvance("王女士") + margin,
            },
        )
        self.status = QLabel()
        self.fallback = QLabel()
        self.fallback.setWordWrap(True)
        set_role(self.fallback, NOTICE)
        self.fallback.hide()
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._open_link)
        self.error = ErrorLabel()
        self.edit_button, self.replying_button, self.reply_button = QPushButton(), QPushButton(), QPushButton()
        self.close_button, self.file_button = QPushButton(), QPushButton()
        self.complaint_button, self.form_button = QPushButton(), QPushButton()
        self.edit_button.clicked.connect(self.ask_edit)
        self.replying_button.clicked.connect(self.start_replying)
        self.reply_button.clicked.connect(self.ask_reply)
        self.close_button.clicked.connect(self.ask_close)
        self.file_button.clicked.connect(self.ask_file)
        self.complaint_button.clicked.connect(self._open_complaint)
        self.form_button.clicked.connect(self.preview)
        actions = QVBoxLayout()
        for button in (self.edit_button, self.replying_button, self.reply_button, self.close_button):
            actions.addWidget(button)
        actions.addSpacing(12)
        for button in (self.file_button, self.complaint_button, self.form_button):
            actions.addWidget(button)
        actions.addStretch(1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list, 1)
        top_layout.addWidget(self.status)
        bottom = QWidget()
        case_column = QVBoxLayout()
        case_column.addWidget(self.fallback)
        case_column.addWidget(self.details, 1)
        case_column.addWidget(self.error)
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(case_column, 1)
        bottom_layout.addLayout(actions)
        # The list over the chosen case: every column fits the width of a desk's screen.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self.retranslateUi()
        self._show_current()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("External cases"))
        names = {
            ListFilter.OPEN: self.tr("Open"),
            ListFilter.AWAITING_REPLY: self.tr("Awaiting our reply"),
            ListFilter.OVERDUE: self.tr("Overdue"),
            ListFilter.CLOSED: self.tr("Closed"),
            ListFilter.ALL: self.tr("All"),
        }
        relabel_items(self.which, lambda code: names[ListFilter(code)])
        self.search.setPlaceholderText(self.tr("Reference, customer, phone or number"))
        self.record_button.setText(self.tr("&Record an external case…"))
        self.list.setHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Channel"),
                self.tr("Reference"),
                self.tr("Customer"),
                self.tr("Received"),
                self.tr("Due"),
                self.tr("Working days left"),  # the unit of "3" and of "overdue by 18" (it said "Days left")
                self.tr("State"),
            ]
        )
        self.edit_button.setText(self.tr("&Correct…"))
        self.replying_button.setText(self.tr("&Start replying"))
        self.reply_button.setText(self.tr("Record the re&ply…"))
        self.close_button.setText(self.tr("C&lose…"))
        self.file_button.setText(self.tr("&Attach a file…"))
        self.complaint_button.setText(self.tr("Open the &original complaint"))
        self.form_button.setText(self.tr("Pre&view the form…"))
        if self.staff is not None:
            self.refresh()

    def _fill_channels(self) -> None:
        current = self.channel.currentData()
        self.channel.blockSignals(True)
        self.channel.clear()
        self.channel.addItem(self.tr("Every channel"), None)
        for row in channels(active_only=False):
            self.channel.addItem(catalogue_name(row), row.id)
        self.channel.setCurrentIndex(max(0, self.channel.findData(current)))
        self.channel.blockSignals(False)

    def refresh(self) -> int:
        self._fill_channels()
        current = self.current_id()
        self.rows = external_cases(self.which.currentData(), self.channel.currentData(), self.search.text())
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for row in self.rows:
            item = self._item(row)
            self.list.addTopLevelItem(item)
            if row.id == current:
                chosen = item
        self.columns.fit()
        self.list.blockSignals(False)
        if chosen is None and self.rows:
            chosen = self.list.topLevelItem(0)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        overdue = sum(row.overdue for row in self.rows)
        listed = self.tr("%n external case(s) listed.", "", len(self.rows))
        self.status.setText(sentences(listed, self.tr("%n overdue.", "", overdue) if overdue else ""))
        self._show_current()
        return len(self.rows)

    def _item(self, row: ExternalRow) -> QTreeWidgetItem:
        due = row.watch_on or row.due_on
        if row.working_days_left is None:
            left = ""
        elif row.overdue:
            left = fill(self.tr("overdue by %1"), -row.working_days_left)  # the header says the unit
        else:
            left = str(row.working_days_left)
        customer = row.customer or mask_phone(row.phone)  # masked, as every list and case page shows a phone
        state = code_name("external_state", row.state)
        # In the list a replied case is just "Replied" (its whole state on hovering and on its page): in English
        # "Replied, awaiting the outcome" was cut behind a scroll bar at 1024 pixels.
        listed_state = self.tr("Replied") if row.state == ExternalState.REPLIED else state
        item = QTreeWidgetItem(
            [
                row.number,
                channel_name(row),
                row.reference,
                customer,
                date_text(row.received_on),
                date_text(due) + (" *" if row.counted_monday_to_friday(due) else ""),
                left,
                listed_state,
            ]
        )
        for column in (COLUMN_CHANNEL, COLUMN_REFERENCE, COLUMN_CUSTOMER):
            item.setToolTip(column, item.text(column))
        item.setToolTip(COLUMN_STATE, state)
        item.setData(COLUMN_NUMBER, Qt.ItemDataRole.UserRole, row.id)
        if row.overdue:
            for column in range(item.columnCount()):
                item.setForeground(column, QBrush(OVERDUE_TEXT))
                item.setBackground(column, QBrush(OVERDUE_GROUND))
        elif row.due_soon:
            item.setBackground(COLUMN_LEFT, QBrush(SOON_GROUND))
        if row.counted_monday_to_friday(due):
            item.setToolTip(COLUMN_DUE, self._fallback_sentence())
        return item

    def _fallback_sentence(self) -> str:
        return self.tr(
            "* The holidays of a year on the way are not known yet: this day was counted Monday to Friday "
            "and may move once the State Council's notice is out."
        )

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(COLUMN_NUMBER, Qt.ItemDataRole.UserRole) if item else None

    def current_detail(self) -> ExternalDetail | None:
        case_id = self.current_id()
        return external_detail(case_id) if case_id is not None else None

    def _show_current(self) -> None:
        detail = self.current_detail()
        self.error.show_message("")
        state = detail.row.state if detail else None
        self.edit_button.setEnabled(state in (ExternalState.RECEIVED, ExternalState.REPLYING, ExternalState.REPLIED))
        self.replying_button.setEnabled(state == ExternalState.RECEIVED)
        self.reply_button.setEnabled(state in (ExternalState.RECEIVED, ExternalState.REPLYING))
        self.close_button.setEnabled(state in (ExternalState.RECEIVED, ExternalState.REPLYING, ExternalState.REPLIED))
        self.file_button.setEnabled(self.edit_button.isEnabled())
        self.complaint_button.setEnabled(detail is not None)
        self.form_button.setEnabled(detail is not None)
        self.fallback.setVisible(bool(detail and detail.row.fallback_calendar))
        self.fallback.setText(self._fallback_sentence())
        if detail is None:
            none_listed = self.tr("No external case is listed.")
            self.details.setHtml(f"<p>{html.escape(none_listed)}</p>")
            return
        self.details.setHtml(self.detail_html(detail))

    def detail_html(self, detail: ExternalDetail) -> str:
        row = detail.row

        def line(label: str, value: str) -> str:
            return f"<tr><td style='color:#555;padding-right:8px'>{html.escape(label)}</td><td>{value}</td></tr>"

        due = date_text(row.due_on) + (" *" if row.counted_monday_to_friday(row.due_on) else "")
        if row.due_given:
            due = fill(self.tr("%1 (set by the outside body)"), due)
        else:
            due = fill(self.tr("%1 (%2 working days)"), due, detail.handling_days)
        customer = " ".join(filter(None, [row.customer, mask_phone(row.phone)])) or "—"
        rows = [
            line(self.tr("Channel"), html.escape(channel_name(row))),
            line(self.tr("Reference"), html.escape(row.reference or "—")),
            line(self.tr("Received"), date_text(row.received_on)),
            line(self.tr("Original complaint"), html.escape(row.complaint_number)),
            line(self.tr("Customer"), html.escape(customer)),
        ]
        if row.acceptance_due:
            uncertain = row.counted_monday_to_friday(row.acceptance_due)
            acceptance_day = date_text(row.acceptance_due) + (" *" if uncertain else "")
            accepted = fill(self.tr("%1 (%2 working days)"), acceptance_day, detail.acceptance_days)
            rows.append(line(self.tr("Acceptance decided by"), accepted))
        rows.append(line(self.tr("Reply due"), due))
        if row.working_days_left is not None:
            if row.overdue:
                late = self.tr("Overdue by %n working day(s)", "", -row.working_days_left)
                left = f"<span style='color:#8c1d18'><b>{html.escape(late)}</b></span>"
            else:
                left = html.escape(fill(self.tr("%n working day(s) left, to %1", "", row.working_days_left),
                                        date_text(row.watch_on)))  # fmt: skip
            # Beside its date: not a second one. While nobody has started on it, the day watched is the acceptance's.
            watching_acceptance = row.acceptance_due is not None and row.watch_on == row.acceptance_due
            until = self.tr("Until acceptance is decided") if watching_acceptance else self.tr("Until the reply is due")
            rows.append(line(until, left))
        rows.append(line(self.tr("State"), html.escape(code_name("external_state", row.state))))
        if detail.archive_number:
            rows.append(line(self.tr("Archive number"), html.escape(detail.archive_number)))
        if detail.outcome:
            rows.append(line(self.tr("Outcome"), html.escape(code_name("external_outcome", detail.outcome))))
        parts = [f"<table>{''.join(rows)}</table>"]
        for title, text in (
            (self.tr("What is asked"), detail.asked),
            (self.tr("Reply"), detail.reply),
            (self.tr("Closing note"), detail.closing_note),
        ):
            if text:
                body = html.escape(text).replace("\n", "<br>")
                parts.append(f"<h4>{html.escape(title)}</h4><p>{body}</p>")
        if detail.files:
            files = "".join(
                f"<li><a href='file:{f.id}'>{html.escape(f.filename)}</a> ({f.size:,} B)</li>" for f in detail.files
            )
            heading = self.tr("Files")
            parts.append(f"<h4>{html.escape(heading)}</h4><ul>{files}</ul>")
        history = "".join(
            f"<li>{date_time(event.at)} · {html.escape(code_name('action', event.action))} · "
            f"{html.escape(event.by)}</li>"
            for event in detail.history
        )
        heading = self.tr("History")
        parts.append(f"<h4>{html.escape(heading)}</h4><ul>{history}</ul>")
        return "".join(parts)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() == "file" and url.path().isdigit():
            self.open_file(int(url.path()))

    def open_file(self, file_id: int) -> Task | None:
        """Write the file to a new temporary folder (in a worker: files can be large)
        and open it with the system's viewer."""
        if self.staff is None:
            return None
        actor = self.staff

        def write() -> Path:
            from ui.scratch import written_for_viewer

            return written_for_viewer(*external_file(actor, file_id))

        def show(path: Path) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return run_task(write, on_done=show, owner=self)

    # ------------------------------------------------------------------ actions

    def ask_record(self) -> QWidget:
        from ui.office.external_dialogs import ExternalCaseDialog

        dialog = ExternalCaseDialog(self.actor, parent=self)
        dialog.accepted.connect(lambda: self._changed(dialog.case_id))
        dialog.open()
        return dialog

    def ask_edit(self) -> QWidget | None:
        from ui.office.external_dialogs import ExternalCaseDialog

        detail = self.current_detail()
        if detail is None:
            return None
        dialog = ExternalCaseDialog(self.actor, detail, parent=self)
        dialog.accepted.connect(lambda: self._changed(detail.row.id))
        dialog.open()
        return dialog

    def start_replying(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            return
        try:
            start_reply(self.actor, case_id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self._changed(case_id)

    def ask_reply(self) -> QWidget | None:
        from ui.office.external_dialogs import ReplyDialog

        case_id = self.current_id()
        if case_id is None:
            return None
        dialog = ReplyDialog(self.actor, case_id, self)
        dialog.accepted.connect(lambda: self._changed(case_id))
        dialog.open()
        return dialog

    def ask_close(self) -> QWidget | None:
        from ui.office.external_dialogs import CloseDialog

        case_id = self.current_id()
        if case_id is None:
            return None
        dialog = CloseDialog(self.actor, case_id, self)
        dialog.accepted.connect(lambda: self._closed(case_id, dialog.number))
        dialog.open()
        return dialog

    def _closed(self, case_id: int, number: str) -> None:
        self._changed(case_id)
        self.status.setText(fill(self.tr("External case sealed into the archive as %1."), number))

    def ask_file(self) -> None:
        case_id = self.current_id()
        if case_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Add a file to the external case"))
        if name:
            self.add_file(case_id, Path(name))

    def add_file(self, case_id: int, path: Path) -> bool:
        try:
            add_external_attachment(self.actor, case_id, path.name, path.read_bytes())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return False
        self._changed(case_id)
        return True

    def _changed(self, case_id: int | None) -> None:
        self.refresh()
        if case_id is not None:
            for index in range(self.list.topLevelItemCount()):
                item = self.list.topLevelItem(index)
                if item is not None and item.data(COLUMN_NUMBER, Qt.ItemDataRole.UserRole) == case_id:
                    self.list.setCurrentItem(item)

    def _open_complaint(self) -> None:
        detail = self.current_detail()
        if detail is not None:
            self.open_complaint.emit(detail.row.complaint_id)

    def preview(self) -> Task | None:
        case_id = self.current_id()
        return preview_external(self, self.staff, case_id) if case_id is not None else None
