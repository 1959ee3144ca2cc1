"""The overview section: the desk at a glance (open, overdue and escalated
cases, today's intake) under a greeting for whoever is logged in; for the office
also the external cases due, the active hot-spots with their trend and what the
desk told of them, and the improvement actions past their due date."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.customer import mask_phone
from models.handover import HandoverNote, handover_note_for
from models.overview import DeskOverview, desk_overview
from models.queues import DeskQueue, QueuedCase, desk_queue, office_queue
from models.staff import Staff
from ui.case_queue import CaseQueue
from ui.follow_ups import FollowUpsDue
from ui.format import date_text, day_time, long_date, number
from ui.i18n import Retranslating, current_language, fill, responsible_text
from ui.labels import code_name, role_label
from ui.sparkline import TREND_ROLE, SparklineDelegate
from ui.style import ERROR, MUTED, NOTICE, set_role
from ui.tasks import run_task
from ui.widgets import bold_heading, fit_rows
from ui.wrapped_text import WrappedTextDelegate, relayout_on_resize

if TYPE_CHECKING:  # the office's parts load their models when first refreshed: the main window opens sooner
    from models.control.external_queries import ExternalRow
    from models.control.hotspot_notices import Notice
    from models.control.hotspots import Hotspot
    from models.control.improvement_queries import ActionRow


class FigureCard(QFrame):
    """One number with its caption, e.g. '3 · overdue'; a click (or Enter) opens the list behind it."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("figureCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.value = QLabel("–")
        self.value.setObjectName("figure")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setMinimumSize(120, 84)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def set_value(self, value: int, alert: bool = False) -> None:
        self.value.setText(number(value))
        set_role(self.value, ERROR if alert and value else "")


class OverviewPage(Retranslating, QWidget):
    """What needs me now: the figures as cards that open their lists, and below them, for the desk, the
    open cases the customer is waiting on first (each with its next step); for the office, the escalations
    by how long the customer has waited, the external cases due, the hot-spots and the actions overdue."""

    open_hotspot = Signal(str)  # a hot-spot's key text
    open_action = Signal(int)
    show_cases = Signal(str)  # the Open cases section with a filter (ui.open_cases: all, overdue, office)
    show_register = Signal(str)  # the register: "today" (received today) or "month" (closed this month)
    continue_case = Signal(int)
    open_case = Signal(int)
    open_escalation = Signal(int)
    open_risks = Signal()  # the office's risk list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.greeting = QLabel()
        font = self.greeting.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.greeting.setFont(font)
        self.today = QLabel()
        set_role(self.today, MUTED)
        self.cards = {name: FigureCard() for name in DeskOverview.__dataclass_fields__}
        for name, card in self.cards.items():
            card.clicked.connect(lambda name=name: self._card_clicked(name))
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        top = QHBoxLayout()
        top.addWidget(self.greeting)
        top.addStretch(1)
        top.addWidget(self.today)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # The note the outgoing duty manager left to whoever took the desk: it showed only during the switch.
        self.handover_note = QLabel()
        self.handover_note.setObjectName("handoverNote")
        self.handover_note.setWordWrap(True)
        self.handover_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.handover_note, NOTICE)
        self.handover_note.hide()
        self.note: HandoverNote | None = None
        layout.addWidget(self.handover_note)
        layout.addLayout(cards)
        layout.addSpacing(8)
        # The desk's queue: what needs doing, the customer waiting longest past the promise first.
        self.queue_heading = QLabel()
        self.queue_heading.setObjectName("needsYouNow")
        bold_heading(self.queue_heading)
        self.queue = CaseQueue()
        self.queue.setObjectName("overviewQueue")
        self.queue.continue_case.connect(self.continue_case)
        self.queue.open_case.connect(self.open_case)
        self.queue.viewport().installEventFilter(self)
        self.all_cases_button = QPushButton()
        self.all_cases_button.clicked.connect(lambda: self.show_cases.emit("all"))
        self.calm = QLabel()
        self.calm.setObjectName("queueCalm")
        set_role(self.calm, MUTED)
        layout.addWidget(self.queue_heading)
        layout.addWidget(self.calm)
        layout.addWidget(self.queue, 2)
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.all_cases_button)
        queue_buttons.addStretch(1)
        layout.addLayout(queue_buttons)
        # The desk's: what it still owes customers after closing (回访, promised items), due by tomorrow.
        self.follow_ups = FollowUpsDue()
        self.follow_ups.open_case.connect(self.open_case)
        layout.addSpacing(6)
        layout.addWidget(self.follow_ups)
        # The office's: escalations by how long the customer has waited.
        self.escalations = EscalationsWaiting()
        self.escalations.open_escalation.connect(self.open_escalation)
        layout.addWidget(self.escalations)
        # The office's: how many open cases are at risk of going over the desk's head (越级), as of now.
        self.risks = QLabel()
        self.risks.setObjectName("overviewRisks")
        self.risks_button = QPushButton()
        self.risks_button.clicked.connect(self.open_risks)
        risks = QHBoxLayout()
        risks.addWidget(self.risks)
        risks.addWidget(self.risks_button)
        risks.addStretch(1)
        layout.addLayout(risks)
        self.external = ExternalReminders()
        layout.addWidget(self.external)
        self.board = OfficeBoard()
        self.board.open_hotspot.connect(self.open_hotspot)
        self.board.open_action.connect(self.open_action)
        layout.addWidget(self.board, 1)
        layout.addStretch(0)
        self._staff: Staff | None = None
        self.generation = 0  # of the reads refresh() started: an older answer is dropped
        self.queued: list[QueuedCase] = []
        self._fitting = False  # the queue's head being fitted to the list's height
        self.risk_cases: DeskQueue | None = None  # the office's open cases the risk line counted
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        captions = {
            "open_cases": self.tr("Open cases"),
            "overdue": self.tr("Past the promised time"),
            "awaiting_office": self.tr("Waiting for the office"),
            "received_today": self.tr("Received today"),
            "closed_this_month": self.tr("Closed this month"),
        }
        for name, card in self.cards.items():
            card.caption.setText(captions[name])
        self.all_cases_button.setText(self.tr("All open cases"))
        self.risks_button.setText(self.tr("Open the &risk list"))
        self._show_queue_heading()
        self._show_greeting()
        if self.risk_cases is not None:
            self.show_risks(self.risk_cases)
        if self.note is not None:
            self.show_handover_note(self.note)

    def set_staff(self, staff: Staff) -> None:
        self._staff = staff
        office = staff.is_office
        self.external.setVisible(office)  # external cases are the office's to answer
        self.board.setVisible(office)  # so are hot-spots and improvement actions
        self.escalations.setVisible(office)  # and the escalated cases' decisions
        self.risks.setVisible(office)  # and the escalation risks
        self.risks_button.setVisible(office)
        for widget in (self.queue_heading, self.queue, self.all_cases_button):
            widget.setVisible(not office)
        self.follow_ups.staff = staff
        if office:
            self.follow_ups.hide()  # shown by its rows, for the desk
        self.calm.hide()
        self._show_greeting()

    def refresh(self) -> None:
        """Everything read again in workers. An answer to an earlier refresh, or for the person before a shift
        change, is dropped: the outgoing duty manager's, arriving last, hid the note left for the incoming one."""
        self.generation += 1
        generation, staff = self.generation, self._staff

        def if_current(show: Callable[[Any], None]) -> Callable[[Any], None]:
            def shown(answer: Any) -> None:
                if generation == self.generation and self._staff is staff:
                    show(answer)

            return shown

        run_task(desk_overview, on_done=if_current(self.show_overview), owner=self)
        if staff is None:
            return
        if staff.is_office:
            run_task(office_queue, on_done=if_current(self.escalations.show_cases), owner=self)
            run_task(desk_queue, staff, on_done=if_current(self.show_risks), owner=self)
            run_task(external_reminders, on_done=if_current(self.external.show_rows), owner=self)
            self.board.refresh()
        else:
            run_task(desk_queue, staff, on_done=if_current(self.show_queue), owner=self)
            run_task(handover_note_for, staff.id, on_done=if_current(self.show_handover_note), owner=self)
            self.follow_ups.refresh()

    def show_handover_note(self, note: HandoverNote | None) -> None:
        self.note = note
        if note is None:
            self.handover_note.hide()
            return
        said = fill(self.tr("%1 handed the desk over at %2 and wrote: %3"), note.by, day_time(note.at), note.note)
        self.handover_note.setText(said)
        self.handover_note.show()

    def show_risks(self, cases: DeskQueue) -> None:
        """How many open cases are at high risk or to watch, as of now (all of them: not only those listed)."""
        self.risk_cases = cases  # said again in another language
        high, watch = cases.counts.high, cases.counts.watch
        text = fill(self.tr("Escalation risk among the open cases: %1 high, %2 to watch."), high, watch)
        self.risks.setText(f"<b>{text}</b>" if high else text)
        set_role(self.risks, ERROR if high else "")

    def show_queue(self, cases: list[QueuedCase]) -> None:
        """The head of the desk's queue: what needs doing first, as many as the list has room for (at least
        QUEUE_HEAD)."""
        self.queued = cases
        self._show_queue_head()
        self.calm.setVisible(not cases)
        self.queue.setVisible(bool(cases))
        self._show_queue_heading()

    def _show_queue_head(self, now: dt.datetime | None = None) -> None:
        """As many of the queue's cases as the list has room for, a row as high as its next step wraps to (one
        line each was counted: wrapped rows pushed the last ones out of sight)."""
        if self._fitting:
            return  # the list's own resizing while it is filled (a scroll bar shown)
        self._fitting = True
        try:
            room = self.queue.viewport().height()
            line = self.queue.fontMetrics().height() + 4
            most = min(len(self.queued), max(QUEUE_HEAD, room // line))  # no more than one line each leaves room for
            count = most
            self.queue.show_cases(self.queued[:count], now)
            while count > QUEUE_HEAD and self.queue.rows_fitting(room) < count:
                count = max(QUEUE_HEAD, self.queue.rows_fitting(room))
                self.queue.show_cases(self.queued[:count], now)
            # The columns are fitted to the rows shown: with fewer, one more may fit after all.
            while count < most:
                self.queue.show_cases(self.queued[: count + 1], now)
                if self.queue.rows_fitting(room) <= count:
                    self.queue.show_cases(self.queued[:count], now)
                    break
                count += 1
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """The queue's list resized (the window, or the list shown): as many cases as it now has room for."""
        if event.type() == QEvent.Type.Resize and watched is self.queue.viewport() and self.queued:
            self._show_queue_head(self.queue.now)
            self._show_queue_heading()
        return super().eventFilter(watched, event)

    def _show_queue_heading(self) -> None:
        self.queue_heading.setText(self.tr("Needs you now"))
        self.calm.setText(self.tr("No open case: nobody is waiting for the desk."))
        total = self.queued.counts.open if isinstance(self.queued, DeskQueue) else len(self.queued)
        more = total - self.queue.topLevelItemCount()
        self.all_cases_button.setText(
            fill(self.tr("All %1 open cases"), number(total)) if more > 0 else self.tr("Open cases")
        )

    def _card_clicked(self, name: str) -> None:
        if name in CARD_CASES:
            self.show_cases.emit(CARD_CASES[name])
        else:
            self.show_register.emit(CARD_REGISTER[name])

    def show_overview(self, overview: DeskOverview) -> None:
        for name, card in self.cards.items():
            card.set_value(getattr(overview, name), alert=name in ("overdue", "awaiting_office"))

    def _show_greeting(self) -> None:
        if self._staff is not None:
            self.greeting.setText(fill(self.tr("Hello, %1 (%2)"), self._staff.full_name, role_label(self._staff.role)))
        self.today.setText(long_date(dt.date.today()))


QUEUE_HEAD = 5  # the overview shows the first of the queue (more when it has room); Open cases shows all of it
# What each card opens: a filter of the Open cases section, or of the register.
PROBLEM_SHOWN = 60  # characters of an overdue action's problem on the board (the whole in its tooltip)
CARD_CASES = {"open_cases": "all", "overdue": "overdue", "awaiting_office": "office"}
CARD_REGISTER = {"received_today": "today", "closed_this_month": "month"}


class EscalationsWaiting(Retranslating, QWidget):
    """The office's escalations, the customer who has waited longest first: who, how long, what the desk
    wrote; double-click opens the case on the escalations page."""

    open_escalation = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = bold_heading()
        self.list = QTreeWidget()
        self.list.setObjectName("overviewEscalations")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setColumnCount(5)
        self.list.header().setStretchLastSection(True)
        self.list.itemActivated.connect(lambda item: self.open_escalation.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.cases: list[QueuedCase] = []
        self.retranslateUi()
        self.hide()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.list.setHeaderLabels(
            [
                self.tr("Waiting for the office"),
                self.tr("Customer"),
                self.tr("Number"),
                self.tr("Proposed (yuan)"),
                self.tr("Category"),
            ]
        )
        self.show_cases(self.cases)

    def show_cases(self, cases: list[QueuedCase]) -> None:
        from models.customer import mask_phone
        from ui.format import money
        from ui.i18n import catalogue_name, duration_words

        self.cases = cases
        now = dt.datetime.now()
        self.heading.setText(fill(self.tr("Escalations waiting for a decision: %1"), len(cases)))
        self.list.clear()
        for case in cases:
            customer = " ".join(filter(None, [case.customer_name, mask_phone(case.customer_phone)]))
            waited = duration_words(int((now - case.updated_at).total_seconds() // 60))
            category = catalogue_name(case.category) if case.category else ""
            item = QTreeWidgetItem([waited, customer, case.number, money(case.asked_total), category])
            item.setData(0, Qt.ItemDataRole.UserRole, case.id)
            self.list.addTopLevelItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)
        fit_rows(self.list, len(cases))
        self.list.setVisible(bool(cases))


def external_reminders() -> list[ExternalRow]:
    """The external cases due or overdue; runs in a worker."""
    from models.control.external_queries import reminders

    return reminders()


class ExternalReminders(Retranslating, QWidget):
    """The office's reminders of external cases whose reply is due within the channel's reminder, or
    overdue (first, in a quiet red); hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setMaximumHeight(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.rows: list[ExternalRow] = []
        self.retranslateUi()
        self.hide()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.list.setHeaderLabels([self.tr("Number"), self.tr("Channel"), self.tr("Customer"), self.tr("Due"),
                                   self.tr("Deadline")])  # fmt: skip
        self.show_rows(self.rows)

    def show_rows(self, rows: list[ExternalRow]) -> None:
        self.rows = rows
        overdue = sum(row.overdue for row in rows)
        # "Due: 2, of them overdue: 2" headed two cases weeks late to a regulator as if they were coming up.
        if overdue == len(rows):
            heading = self.tr("External cases overdue: %n", "", overdue)
        elif overdue:
            heading = fill(self.tr("External cases overdue: %1; due soon: %2"), number(overdue),
                           number(len(rows) - overdue))  # fmt: skip
        else:
            heading = self.tr("External cases due soon: %n", "", len(rows))
        self.heading.setText(heading)
        self.list.clear()
        for row in rows:
            left = row.working_days_left or 0
            if row.overdue:
                deadline = self.tr("overdue by %n working day(s)", "", -left)
            elif left == 0:
                deadline = self.tr("due today")
            else:
                deadline = self.tr("%n working day(s) left", "", left)
            channel = row.channel_name_en if current_language() == "en" and row.channel_name_en else row.channel_name
            customer = row.customer or mask_phone(row.phone)  # as the external cases' list shows one
            item = QTreeWidgetItem([row.number, channel, customer, date_text(row.watch_on or row.due_on), deadline])
            if row.overdue:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(QColor("#8c1d18")))
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        self.list.setVisible(bool(rows))
        # As tall as its rows (up to five): the office's hot-spots and actions below need the room.
        fit_rows(self.list, len(rows))


@dataclass(frozen=True)
class Board:
    """What the office's part of the overview shows, read in one worker."""

    hotspots: list[Hotspot]
    actions: dict[str, ActionRow]  # by hot-spot key text
    notices: list[Notice]
    overdue: list[ActionRow]


def office_board() -> Board:
    """The active hot-spots of today (detection brings the tallies up to date first), their actions, the desk's
    notices of the week and the overdue actions; runs in a worker."""
    from models.control.hotspot_notices import recent_notices
    from models.control.hotspots import active_hotspots
    from models.control.improvement_queries import actions_for_hotspots, overdue_actions

    spots = active_hotspots()
    return Board(spots, actions_for_hotspots(s.key for s in spots), recent_notices(), overdue_actions())


class OfficeBoard(Retranslating, QWidget):
    """The office's hot-spots (newest first: the reason in one line and the trend, whether an action is on it)
    beside the improvement actions past their due date; below, what the desk told this week. Double-click opens
    a hot-spot's page or an action. Hidden rows and headings where there is nothing."""

    open_hotspot = Signal(str)
    open_action = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hotspot_heading, self.actions_heading, self.notices_heading = QLabel(), QLabel(), QLabel()
        for heading in (self.hotspot_heading, self.actions_heading, self.notices_heading):
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
        self.hotspots = QTreeWidget()
        self.hotspots.setObjectName("overviewHotspots")
        self.hotspots.setRootIsDecorated(False)
        self.hotspots.setItemDelegateForColumn(0, SparklineDelegate(self.hotspots))
        self.hotspots.setItemDelegateForColumn(1, WrappedTextDelegate(self.hotspots))
        self.hotspots.setWordWrap(True)  # the reason in full, over two lines if need be
        self.hotspots.setColumnCount(4)
        self.hotspots.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.hotspots.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        relayout_on_resize(self.hotspots)  # rows as tall as their wrapped text
        self.hotspots.itemActivated.connect(
            lambda item: self.open_hotspot.emit(item.data(0, Qt.ItemDataRole.UserRole))
        )
        self.overdue = QTreeWidget()
        self.overdue.setObjectName("overviewOverdueActions")
        self.overdue.setRootIsDecorated(False)
        self.overdue.setColumnCount(3)  # who is responsible under the problem: a third of the page has no room for both
        header = self.overdue.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overdue.setWordWrap(True)  # the problem over two lines or three rather than "自…" at 1024 pixels
        self.overdue.setItemDelegateForColumn(1, WrappedTextDelegate(self.overdue))
        relayout_on_resize(self.overdue)
        self.overdue.itemActivated.connect(lambda item: self.open_action.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.notices = QLabel()
        self.notices.setObjectName("overviewNotices")
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.PlainText)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.hotspot_heading)
        left.addWidget(self.hotspots, 1)
        left.addWidget(self.notices_heading)
        left.addWidget(self.notices)
        right.addWidget(self.actions_heading)
        right.addWidget(self.overdue, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.setMinimumHeight(170)
        self.board: Board | None = None
        self.retranslateUi()

    def refresh(self) -> None:
        run_task(office_board, on_done=self.show_board)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.hotspots.setHeaderLabels([self.tr("Trend"), self.tr("Hot-spot"), self.tr("Since"), self.tr("Action")])
        self.overdue.setHeaderLabels([self.tr("Number"), self.tr("Problem and who is responsible"), self.tr("Due")])
        self.notices_heading.setText(self.tr("Told by the desk"))
        if self.board is not None:
            self.show_board(self.board)
        else:
            self.hotspot_heading.setText(self.tr("Active hot-spots"))
            self.actions_heading.setText(self.tr("Improvement actions overdue"))

    def show_board(self, board: Board) -> None:
        from ui.hotspot_text import at_line_start, group_text, sentence_text  # with the board's models, not at start-up

        self.board = board
        self.hotspot_heading.setText(fill(self.tr("Active hot-spots: %1"), len(board.hotspots)))
        self.hotspots.clear()
        for spot in board.hotspots:
            action = board.actions.get(spot.key.text)
            since = date_text(spot.since)
            if spot.since_capped:
                since = fill(self.tr("at least %1"), since)
            action_text = self.tr("none yet")
            if action is not None:
                action_text = f"{action.number} · {code_name('action_state', action.state)}"
            reason = at_line_start(sentence_text(spot.reason()))  # "Complaints about Cleanliness: …"
            item = QTreeWidgetItem(["", reason, since, action_text])
            item.setData(0, Qt.ItemDataRole.UserRole, spot.key.text)
            item.setData(0, TREND_ROLE, (spot.trend, spot.threshold))
            item.setToolTip(1, reason)
            self.hotspots.addTopLevelItem(item)
        if not board.hotspots:
            quiet = self.tr("No hot-spot today: every group is at its usual level.")
            self.hotspots.addTopLevelItem(QTreeWidgetItem(["", quiet]))
        self.hotspots.setColumnWidth(0, 100)
        for column in (2, 3):
            self.hotspots.resizeColumnToContents(column)
        unseen = [n for n in board.notices if not n.seen]
        self.notices_heading.setVisible(bool(unseen))
        self.notices.setVisible(bool(unseen))
        self.notices.setText(
            "\n".join(
                fill(self.tr("%1 %2: complaint no. %3 %4"), day_time(n.told_at), n.number, n.count, group_text(n.group))
                for n in unseen[:5]
            )
        )
        self.actions_heading.setText(fill(self.tr("Improvement actions overdue: %1"), len(board.overdue)))
        self.overdue.clear()
        for row in board.overdue:
            responsible = fill(self.tr("Responsible: %1"), responsible_text(row))
            shown = row.problem if len(row.problem) <= PROBLEM_SHOWN else row.problem[: PROBLEM_SHOWN - 1] + "…"
            item = QTreeWidgetItem([row.number, f"{shown}\n{responsible}", date_text(row.due_on)])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(1, f"{row.problem}\n{responsible}")
            for column in range(item.columnCount()):
                item.setForeground(column, QBrush(QColor("#8c1d18")))
            self.overdue.addTopLevelItem(item)
        for column in (0, 2):
            self.overdue.resizeColumnToContents(column)
