"""The desk's queue of open cases as a list that says what to do next: the customer waiting longest past
the promise first, each row with the time left (or past), the next step, and who has it. The overview
shows its head ("Needs you now"), the Open cases section all of it."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from models.complaint import AWAITING_ANSWER, State
from models.customer import mask_phone
from models.queues import QueuedCase
from ui.i18n import Retranslating, catalogue_name, duration_words, fill
from ui.risk_text import level_text
from ui.style import ALERT_COLOUR
from ui.wrapped_text import WrappedTextDelegate

# What the desk does next with a case in each state.
NEXT_STEPS = {
    State.RECEIVED: QT_TRANSLATE_NOOP("CaseQueue", "Investigate"),
    State.INVESTIGATING: QT_TRANSLATE_NOOP("CaseQueue", "Propose a resolution"),
    State.PROPOSED: QT_TRANSLATE_NOOP("CaseQueue", "Record the customer's answer"),
    State.DECLINED: QT_TRANSLATE_NOOP("CaseQueue", "Make a new proposal"),
    State.DECIDED: QT_TRANSLATE_NOOP("CaseQueue", "Tell the customer the office's decision"),
    State.AGREED: QT_TRANSLATE_NOOP("CaseQueue", "Close the case"),
    State.ESCALATED: QT_TRANSLATE_NOOP("CaseQueue", "Waiting for the office"),
}

PROMISE, NUMBER, CUSTOMER, CATEGORY, NEXT, RECEIVED_BY, RISK = range(7)
WRAPPED = (CUSTOMER, CATEGORY, NEXT)  # cut short no more: each row as high as these wrap to
CASE_ID = Qt.ItemDataRole.UserRole
CONTINUABLE = Qt.ItemDataRole.UserRole + 1


def promise_words(promised_at: dt.datetime | None, now: dt.datetime, state: str = "") -> str:
    """'in 25 min', '2 h 10 min late', 'answered' once the customer has the desk's answer (a proposal to say yes or
    no to, or agreed: it said "5 days late" of them, in black beside the red of the late ones), or '—' when
    nothing was promised."""
    if promised_at is None:
        return "—"
    if state and state not in AWAITING_ANSWER:
        return QCoreApplication.translate("CaseQueue", "answered")
    minutes = int((promised_at - now).total_seconds() // 60)
    if minutes < 0:
        return fill(QCoreApplication.translate("CaseQueue", "%1 late"), duration_words(-minutes))
    return fill(QCoreApplication.translate("CaseQueue", "in %1"), duration_words(minutes))


def next_step_words(case: QueuedCase, now: dt.datetime) -> str:
    if case.taken_over_by:
        return fill(QCoreApplication.translate("CaseQueue", "Taken over by %1 (the office)"), case.taken_over_by)
    if case.waiting_for_office:
        # Since the desk handed it to the office: a later change to the case (a file added, a risk assessed
        # again) is no answer to the customer. How long first, and short: in a narrow column it wraps onto a
        # second line, not a third ("Waiting for the office for 9 days: tell the customer" lost its end).
        waited = int((now - (case.escalated_since or case.updated_at)).total_seconds() // 60)
        if waited < 1:  # "0 min with the office" read as nothing done
            return QCoreApplication.translate("CaseQueue", "Just sent to the office: tell the customer")
        waiting = QCoreApplication.translate("CaseQueue", "%1 with the office: tell the customer")
        return fill(waiting, duration_words(waited))
    return QCoreApplication.translate("CaseQueue", str(NEXT_STEPS.get(State(case.state), "")))


class CaseQueue(Retranslating, QTreeWidget):
    """Open cases, one row each, in the order given (the queue's). Double-click or Enter: continue a case
    the desk may go on with, else open it."""

    continue_case = Signal(int)
    open_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        # The next step wraps onto a second line rather than lose its end in a narrow window (at 1024 pixels
        # "Tell the customer the…" and "…（等待办公…" lost what to do and how long the customer has waited); so do
        # the customer and the category once they have given up their room.
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setColumnCount(7)
        for column in WRAPPED:
            self.setItemDelegateForColumn(column, WrappedTextDelegate(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NEXT, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._relayout_rows)
        self.itemActivated.connect(self._activated)
        self.cases: list[QueuedCase] = []
        self.now: dt.datetime | None = None
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setHeaderLabels(
            [
                self.tr("Promise"),
                self.tr("Number"),
                self.tr("Customer"),
                self.tr("Category"),
                self.tr("Next step"),
                self.tr("Received by"),
                self.tr("Risk"),
            ]
        )
        if self.cases:
            self.show_cases(self.cases, self.now)

    def show_cases(self, cases: list[QueuedCase], now: dt.datetime | None = None) -> None:
        """The cases, read again (another desk saved, the clock moved on): the one chosen stays chosen, and
        the keyboard goes on from it (it went to nothing, then the first case, under the duty manager's hand)."""
        self.cases, self.now = cases, now
        now = now or dt.datetime.now()
        current = self.currentItem()
        chosen = current.data(0, CASE_ID) if current is not None else None
        self.clear()
        for case in cases:
            customer = " ".join(filter(None, [case.customer_name, mask_phone(case.customer_phone)]))
            item = QTreeWidgetItem(
                [
                    promise_words(case.promised_at, now, case.state),
                    case.number,
                    customer,
                    catalogue_name(case.category) if case.category else "",
                    next_step_words(case, now),
                    case.received_by,
                    level_text(case.risk_level) if case.risk_level else "",
                ]
            )
            for column in (CUSTOMER, CATEGORY, NEXT):  # whole on hovering, where the column cuts it short
                item.setToolTip(column, item.text(column))
            item.setData(0, CASE_ID, case.id)
            item.setData(0, CONTINUABLE, case.continuable)
            if case.overdue:
                item.setForeground(PROMISE, QBrush(ALERT_COLOUR))
                item.setToolTip(PROMISE, self.tr("The time promised to the customer has passed"))
            if case.mine:
                font = QFont(item.font(NUMBER))
                font.setBold(True)
                item.setFont(NUMBER, font)
                item.setToolTip(NUMBER, self.tr("Received by you"))
            self.addTopLevelItem(item)
            if case.id == chosen:
                self.setCurrentItem(item)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # a taller list fits its columns as before
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its texts, the next step taking the rest. In a narrow window the category (down
        to its longest word) and the customer (down to a name and a phone) give up room for the next steps shown,
        and what is still too long for its column wraps onto more lines: nothing is cut short."""
        for column in (PROMISE, NUMBER, CUSTOMER, CATEGORY, RECEIVED_BY, RISK):
            self.resizeColumnToContents(column)
        items = self._items()
        if not items:
            return
        metrics = self.fontMetrics()
        # The cell's own padding beside its text (as the wrapping delegate counts it), and a little more.
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 4
        # The texts shown ("9 days with the office: …", "Taken over by …"), not only the plain steps.
        wanted = max(metrics.horizontalAdvance(item.text(NEXT)) for item in items) + margin
        header = self.header()
        short = (CUSTOMER, CATEGORY)
        others = sum(header.sectionSize(column) for column in range(self.columnCount()) if column != NEXT)
        over = others + wanted - self.viewport().width()
        if over <= 0:
            return
        words = [word for item in items for word in item.text(CATEGORY).split()]
        floors = {
            CUSTOMER: metrics.horizontalAdvance("王女士 138****0000") + margin,
            CATEGORY: max((metrics.horizontalAdvance(word) for word in words), default=0) + margin,
        }
        room = {column: max(0, header.sectionSize(column) - floors[column]) for column in short}
        spare = sum(room.values())
        for column in short:
            if spare:
                given = min(room[column], over * room[column] // spare)
                header.resizeSection(column, header.sectionSize(column) - given)

    def _relayout_rows(self, column: int, _old: int, _new: int) -> None:
        """A wrapping column's width changed: the rows' heights are worked out again (the view does not)."""
        if column in WRAPPED:
            self.scheduleDelayedItemsLayout()

    def rows_fitting(self, height: int) -> int:
        """How many of the first rows fit in ``height`` pixels, each as high as its wrapped lines."""
        self.doItemsLayout()  # heights in the columns' present widths (a layout after a resize may be pending)
        count = 0
        for item in self._items():
            height -= self.visualItemRect(item).height()
            if height < 0:
                break
            count += 1
        return count

    def _items(self) -> list[QTreeWidgetItem]:
        return [item for index in range(self.topLevelItemCount()) if (item := self.topLevelItem(index)) is not None]

    def current_case(self) -> tuple[int, bool] | None:
        """(id, whether it may be continued) of the selected row."""
        item = self.currentItem()
        if item is None:
            return None
        return int(item.data(0, CASE_ID)), bool(item.data(0, CONTINUABLE))

    def _activated(self, item: QTreeWidgetItem) -> None:
        case_id = int(item.data(0, CASE_ID))
        (self.continue_case if item.data(0, CONTINUABLE) else self.open_case).emit(case_id)
