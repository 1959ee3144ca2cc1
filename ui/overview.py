"""The overview section: the desk at a glance (open, overdue and escalated
cases, today's intake) under a greeting for whoever is logged in; for the office
also the external cases due, the active hot-spots with their trend and what the
desk told of them, and the improvement actions past their due date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.overview import DeskOverview, desk_overview
from models.staff import Staff
from ui.format import date_text, day_time, long_date, number
from ui.i18n import Retranslating, current_language, fill
from ui.labels import code_name, role_label
from ui.sparkline import TREND_ROLE, SparklineDelegate
from ui.style import ERROR, set_role
from ui.tasks import run_task

if TYPE_CHECKING:  # the office's parts load their models when first refreshed: the main window opens sooner
    from models.control.external_queries import ExternalRow
    from models.control.hotspot_notices import Notice
    from models.control.hotspots import Hotspot
    from models.control.improvement_queries import ActionRow


class FigureCard(QFrame):
    """One number with its caption, e.g. '3 · overdue'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("figureCard")
        self.value = QLabel("–")
        self.value.setObjectName("figure")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setMinimumSize(150, 110)

    def set_value(self, value: int, alert: bool = False) -> None:
        self.value.setText(number(value))
        set_role(self.value, ERROR if alert and value else "")


class OverviewPage(Retranslating, QWidget):
    """The desk at a glance: open, overdue and escalated cases, today's intake."""

    open_hotspot = Signal(str)  # a hot-spot's key text
    open_action = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.greeting = QLabel()
        font = self.greeting.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.greeting.setFont(font)
        self.today = QLabel()
        self.cards = {name: FigureCard() for name in DeskOverview.__dataclass_fields__}
        grid = QGridLayout()
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 3, index % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.today)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addSpacing(12)
        self.external = ExternalReminders()
        layout.addWidget(self.external)
        self.board = OfficeBoard()
        self.board.open_hotspot.connect(self.open_hotspot)
        self.board.open_action.connect(self.open_action)
        layout.addWidget(self.board, 1)
        layout.addStretch(0)
        self._staff: Staff | None = None
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
        self._show_greeting()

    def set_staff(self, staff: Staff) -> None:
        self._staff = staff
        self.external.setVisible(staff.is_office)  # external cases are the office's to answer
        self.board.setVisible(staff.is_office)  # so are hot-spots and improvement actions
        self._show_greeting()

    def refresh(self) -> None:
        run_task(desk_overview, on_done=self.show_overview)
        if self._staff is not None and self._staff.is_office:
            run_task(external_reminders, on_done=self.external.show_rows)
            self.board.refresh()

    def show_overview(self, overview: DeskOverview) -> None:
        for name, card in self.cards.items():
            card.set_value(getattr(overview, name), alert=name in ("overdue", "awaiting_office"))

    def _show_greeting(self) -> None:
        if self._staff is not None:
            self.greeting.setText(fill(self.tr("Hello, %1 (%2)"), self._staff.full_name, role_label(self._staff.role)))
        self.today.setText(long_date(dt.date.today()))


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
        self.heading.setText(
            fill(self.tr("External cases due: %1, of them overdue: %2"), len(rows), overdue)
        )
        self.list.clear()
        for row in rows:
            left = row.working_days_left or 0
            if row.overdue:
                deadline = fill(self.tr("overdue by %1 working day(s)"), -left)
            elif left == 0:
                deadline = self.tr("due today")
            else:
                deadline = fill(self.tr("%1 working day(s) left"), left)
            channel = row.channel_name_en if current_language() == "en" and row.channel_name_en else row.channel_name
            item = QTreeWidgetItem(
                [row.number, channel, row.customer, date_text(row.watch_on or row.due_on), deadline]
            )
            if row.overdue:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(QColor("#8c1d18")))
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        self.list.setVisible(bool(rows))
        # As tall as its rows (up to five): the office's hot-spots and actions below need the room.
        shown = min(max(len(rows), 1), 5)
        row_height = self.fontMetrics().height() * 3 // 2
        self.list.setFixedHeight(self.list.header().sizeHint().height() + shown * row_height + 6)


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
        self.hotspots.setWordWrap(True)  # the reason in full, over two lines if need be
        self.hotspots.setColumnCount(4)
        self.hotspots.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.hotspots.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.hotspots.doItemsLayout())  # rows as tall as their wrapped text
        self.hotspots.itemActivated.connect(
            lambda item: self.open_hotspot.emit(item.data(0, Qt.ItemDataRole.UserRole))
        )
        self.overdue = QTreeWidget()
        self.overdue.setObjectName("overviewOverdueActions")
        self.overdue.setRootIsDecorated(False)
        self.overdue.setColumnCount(4)
        header = self.overdue.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        self.overdue.setHeaderLabels([self.tr("Number"), self.tr("Problem"), self.tr("Responsible"), self.tr("Due")])
        self.notices_heading.setText(self.tr("Told by the desk"))
        if self.board is not None:
            self.show_board(self.board)
        else:
            self.hotspot_heading.setText(self.tr("Active hot-spots"))
            self.actions_heading.setText(self.tr("Improvement actions overdue"))

    def show_board(self, board: Board) -> None:
        from ui.hotspot_text import group_text, sentence_text  # with the board's models, not at start-up

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
            item = QTreeWidgetItem(["", sentence_text(spot.reason()), since, action_text])
            item.setData(0, Qt.ItemDataRole.UserRole, spot.key.text)
            item.setData(0, TREND_ROLE, (spot.trend, spot.threshold))
            item.setToolTip(1, sentence_text(spot.reason()))
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
            item = QTreeWidgetItem([row.number, row.problem, row.responsible, date_text(row.due_on)])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(1, row.problem)
            for column in range(item.columnCount()):
                item.setForeground(column, QBrush(QColor("#8c1d18")))
            self.overdue.addTopLevelItem(item)
        for column in (0, 2, 3):
            self.overdue.resizeColumnToContents(column)
