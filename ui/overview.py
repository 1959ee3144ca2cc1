"""The overview section: the desk at a glance (open, overdue and escalated
cases, today's intake) under a greeting for whoever is logged in."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.control.external_queries import ExternalRow, reminders
from models.overview import DeskOverview, desk_overview
from models.staff import Staff
from ui.format import date_text, long_date, number
from ui.i18n import Retranslating, current_language, fill
from ui.labels import role_label
from ui.style import ERROR, set_role
from ui.tasks import run_task


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
        layout.addStretch(1)
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
        self._show_greeting()

    def refresh(self) -> None:
        run_task(desk_overview, on_done=self.show_overview)
        if self._staff is not None and self._staff.is_office:
            run_task(reminders, on_done=self.external.show_rows)

    def show_overview(self, overview: DeskOverview) -> None:
        for name, card in self.cards.items():
            card.set_value(getattr(overview, name), alert=name in ("overdue", "awaiting_office"))

    def _show_greeting(self) -> None:
        if self._staff is not None:
            self.greeting.setText(fill(self.tr("Hello, %1 (%2)"), self._staff.full_name, role_label(self._staff.role)))
        self.today.setText(long_date(dt.date.today()))


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
