"""The desk's follow-ups on its overview (回访, promised items: seed rule 10): the call-backs and promised items due
by tomorrow, the overdue first, each marked done with what came of it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.complaint import FollowUpKind
from models.customer import mask_phone, spaced_phone
from models.errors import DomainError
from models.follow_ups import RESULT_MAX, DueFollowUp, DueFollowUps, complete_follow_up, due_follow_ups
from models.staff import Staff
from ui.format import date_time, number
from ui.i18n import Retranslating, domain_message, fill
from ui.labels import code_name
from ui.style import ERROR, set_role
from ui.tasks import run_task
from ui.widgets import AskingDialog, ErrorLabel, LimitedTextEdit, bold_heading, fit_rows, ok_cancel_buttons
from ui.wrapped_text import WrappedTextDelegate, relayout_on_resize

SHOWN_ROWS = 5  # the list's height: more scroll

(COLUMN_DUE, COLUMN_NUMBER, COLUMN_CUSTOMER, COLUMN_KIND, COLUMN_WHAT) = range(5)  # fmt: skip


class FollowUpsDue(Retranslating, QWidget):
    """The follow-ups due, with "Done…" for the chosen one; double-click opens its case. Hidden when none."""

    open_case = Signal(int)
    done = Signal(int)  # a follow-up marked done (its case's id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.rows: list[DueFollowUp] = []
        self.heading = bold_heading()
        self.list = QTreeWidget()
        self.list.setObjectName("overviewFollowUps")
        self.list.setRootIsDecorated(False)
        # What is owed wraps, the row as high as it needs ("三天内电话回访顾客，了解对处理结…" at 1024 pixels).
        self.list.setItemDelegateForColumn(COLUMN_WHAT, WrappedTextDelegate(self.list))
        relayout_on_resize(self.list, lambda: fit_rows(self.list, len(self.rows), SHOWN_ROWS, wrapped=True))
        self.list.setColumnCount(5)
        self.list.itemActivated.connect(lambda item: self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.ask_done)
        self.done_button.setEnabled(False)
        self.list.currentItemChanged.connect(lambda *_: self.done_button.setEnabled(self.current() is not None))
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading_row)
        layout.addWidget(self.list)
        self.retranslateUi()
        self.hide()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.list.setHeaderLabels(
            [self.tr("Due"), self.tr("Number"), self.tr("Customer"), self.tr("Kind"), self.tr("What is owed")]
        )
        self.done_button.setText(self.tr("Mar&k done…"))
        self.show_rows(self.rows)

    def refresh(self) -> None:
        run_task(due_follow_ups, on_done=self.show_rows)

    def current(self) -> DueFollowUp | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return next((row for row in self.rows if row.id == item.data(COLUMN_NUMBER, Qt.ItemDataRole.UserRole)), None)

    def show_rows(self, rows: list[DueFollowUp]) -> None:
        chosen = self.current()
        self.rows = rows
        # All that are due: the list holds the first 500 (their number was said as the number due, of 1,394).
        total = rows.total if isinstance(rows, DueFollowUps) else len(rows)
        self.heading.setText(fill(self.tr("Call-backs and promises due: %1"), number(total)))
        self.list.clear()
        for row in rows:
            customer = " ".join(filter(None, [row.customer_name, mask_phone(row.customer_phone)]))
            due = date_time(row.due_at) if row.due_at else self.tr("no time set")
            item = QTreeWidgetItem([due, row.number, customer, code_name("follow_up", row.kind), row.description])
            item.setData(0, Qt.ItemDataRole.UserRole, row.complaint_id)
            item.setData(COLUMN_NUMBER, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(COLUMN_WHAT, row.description)
            if row.overdue:
                item.setForeground(COLUMN_DUE, Qt.GlobalColor.darkRed)
                item.setToolTip(COLUMN_DUE, self.tr("Past its time"))
            self.list.addTopLevelItem(item)
            if chosen is not None and row.id == chosen.id:
                self.list.setCurrentItem(item)
        for column in range(COLUMN_WHAT):
            self.list.resizeColumnToContents(column)
        fit_rows(self.list, len(rows), SHOWN_ROWS, wrapped=True)
        # None chosen for the desk: the first chosen on arrival hid an overdue one's red (white on blue), and Mark
        # done acted on a row nobody had picked.
        self.setVisible(bool(rows))

    def ask_done(self) -> FollowUpDoneDialog | None:
        row = self.current()
        if row is None or self.staff is None:
            return None
        dialog = FollowUpDoneDialog(lambda: self.staff, row, self)  # whoever is logged in when it is saved
        dialog.accepted.connect(lambda: self.done.emit(row.complaint_id))
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog


class FollowUpDoneDialog(AskingDialog):
    """Marks one follow-up done, with what came of it."""

    def __init__(self, staff: Callable[[], Staff | None], row: DueFollowUp, parent: QWidget | None = None) -> None:
        """``staff``: the person logged in as the dialog is saved (the desk may change hands while it is open:
        the follow-up was recorded as done by the duty manager who had gone)."""
        super().__init__(parent)
        self.staff, self.row = staff, row
        self.setWindowTitle(fill(self.tr("Mark the follow-up of %1 done"), row.number))  # not done yet
        what = QLabel(
            fill(
                self.tr("%1 · %2 · due %3: %4"),
                row.number,
                code_name("follow_up", row.kind),
                date_time(row.due_at) if row.due_at else self.tr("no time set"),
                row.description,
            )
        )
        what.setWordWrap(True)
        if row.overdue:
            set_role(what, ERROR)
        # A call-back is made to the customer's number: whole here, where it is made (masked on every list, the
        # duty manager had no number to call).
        self.call = QLabel()
        self.call.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if row.kind == FollowUpKind.CALL_BACK and row.customer_phone:
            who = " ".join(filter(None, [row.customer_name, spaced_phone(row.customer_phone)]))
            self.call.setText(fill(self.tr("Call: %1"), who))
        self.call.setVisible(bool(self.call.text()))
        self.what_came = LimitedTextEdit(RESULT_MAX, lines=3)
        self.what_came.setPlaceholderText(
            self.tr("e.g. called back: the customer is satisfied with the remedy; or: the fruit plate was delivered")
        )
        self.error = ErrorLabel()
        self.what_came.textChanged.connect(lambda: self.error.show_message(""))  # said of the empty box: gone as typed
        self.buttons = ok_cancel_buttons(self)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Mark &done"))
        form = QFormLayout()
        result_label = QLabel(self.tr("&What came of it:"))
        result_label.setBuddy(self.what_came)
        form.addRow(result_label, self.what_came)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.call)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def discard_question(self) -> tuple[str, str] | None:
        if not self.what_came.text().strip():
            return None
        return (
            self.tr("Discard what came of it?"),
            self.tr("The follow-up is not marked done, and what you typed will be lost."),
        )

    def accept(self) -> None:
        try:
            staff = self.staff()
            if staff is None:  # logged out meanwhile: nobody to record it as done by
                return
            complete_follow_up(staff, self.row.id, self.what_came.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()
