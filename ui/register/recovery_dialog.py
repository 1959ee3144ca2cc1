"""Recovery from a third party (追偿) on one case: the compensation the customer accepted, line by line; the
office marks a line as recoverable from the supplier or partner at fault and records what came back."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.analysis.recovery import NOTE_MAX, PARTY_MAX, RecoveryLine, case_recovery, remove_recovery, save_recovery
from models.errors import DomainError
from models.staff import Staff
from ui.format import date_text, money
from ui.i18n import current_language, domain_message, fill
from ui.widgets import ErrorLabel, add_labelled_rows

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


REMEDY, DETAILS, CHARGED_TO, AMOUNT, PARTY, DUE, RECOVERED, OUTSTANDING = range(8)
WORDS_WIDTH = 170  # pixels of a remedy's or a party's name in the table


class RecoveryDialog(QDialog):
    COLUMNS = 8

    def __init__(self, complaint_id: int, number: str, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complaint_id = complaint_id
        self.staff = staff
        self.lines: list[RecoveryLine] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The amounts as wide as they are, the details taking what is left; the names of the remedy and of the
        # party at most WORDS_WIDTH (whole on hovering): every amount stays in view without scrolling.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.party = QLineEdit()
        self.party.setMaxLength(PARTY_MAX * 2)  # longer is refused by the rule, with its sentence
        self.due = QLineEdit()
        self.recovered = QLineEdit()
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX * 2)
        form = QFormLayout()
        self.party_label, self.due_label, self.recovered_label, self.note_label = add_labelled_rows(
            form, self.party, self.due, self.recovered, self.note
        )
        self.error = ErrorLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 480)
        self.setWindowTitle(fill(self.tr("Recovery from a third party: %1"), number))
        self.intro.setText(
            self.tr(
                "The compensation the customer accepted on this case. When a supplier or partner caused the "
                "complaint, mark its line as recoverable from them with the amount due, and record what they "
                "paid back. The sealed case does not change."
            )
        )
        self.party_label.setText(self.tr("Recoverable &from:"))
        self.due_label.setText(self.tr("Amount &due (yuan):"))
        self.recovered_label.setText(self.tr("Amount &recovered so far (yuan):"))
        self.note_label.setText(self.tr("&Note:"))
        self.party.setPlaceholderText(self.tr("The supplier or partner at fault"))
        self.save_button.setText(self.tr("&Save"))
        self.remove_button.setText(self.tr("Remove the &mark"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Remedy"),
                self.tr("Details"),
                self.tr("Charged to"),
                self.tr("Amount"),
                self.tr("Recoverable from"),
                self.tr("Due"),
                self.tr("Recovered"),
                self.tr("Outstanding"),
            ]
        )
        self._load()
        if self.lines:
            self.table.selectRow(0)

    def _load(self, keep: int | None = None) -> None:
        self.lines = case_recovery(self.complaint_id)
        english = current_language() == "en"
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            recovered = money(line.amount_recovered) if line.marked else ""
            cells = [
                (line.remedy_en if english and line.remedy_en else line.remedy, False),
                (line.description, False),
                (line.charged_to_en if english and line.charged_to_en else line.charged_to, False),
                (money(line.amount), True),
                (line.party, False),
                (money(line.amount_due) if line.marked else "", True),
                (recovered, True),
                (money(line.outstanding) if line.marked else "", True),
            ]
            for column, (text, numeric) in enumerate(cells):
                item = QTableWidgetItem(text)
                if numeric:
                    item.setTextAlignment(RIGHT)
                else:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
            if line.marked and line.recovered_at is not None:  # an amount alone in its column, its date on hovering
                when = fill(self.tr("Last recovered on %1"), date_text(line.recovered_at.date()))
                cast(QTableWidgetItem, self.table.item(row, RECOVERED)).setToolTip(when)
        for column in (REMEDY, PARTY):
            self.table.resizeColumnToContents(column)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), WORDS_WIDTH))
        if keep is not None:
            self.table.selectRow(keep)
            self._selected()  # the same row again: no selection change, but its fields and buttons are new

    def current(self) -> RecoveryLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows else None

    def _selected(self) -> None:
        line = self.current()
        self.error.show_message("")
        self.save_button.setEnabled(line is not None)
        self.remove_button.setEnabled(line is not None and line.marked)
        if line is None:
            return
        self.party.setText(line.party)
        self.due.setText(str(line.amount_due if line.marked else line.amount))
        self.recovered.setText(str(line.amount_recovered))
        self.note.setText(line.note)

    def save(self) -> None:
        line = self.current()
        if line is None:
            return
        row = self.table.currentRow()
        try:
            save_recovery(
                self.staff, line.line_id, self.party.text(), self.due.text(), self.recovered.text(), self.note.text()
            )
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self._load(keep=row)

    def remove(self) -> None:
        line = self.current()
        if line is None:
            return
        row = self.table.currentRow()
        try:
            remove_recovery(self.staff, line.line_id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self._load(keep=row)
