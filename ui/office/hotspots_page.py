"""The office's hot-spots (热点投诉): the active ones of today or of any past date, newest first, with their
trend; the chosen one's reason, since when, the groups that rose with it, what the desk told of it and its
complaints, which open in the register; and its improvement action, or the button that creates one. Detection
runs in a worker (half a second at a million complaints; the first pass after an upgrade tallies the file)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.control.hotspot_notices import Notice, mark_seen, recent_notices
from models.control.hotspots import Hotspot, active_hotspots, complaint_numbers, hotspot_complaints
from models.control.improvement_queries import ActionRow, actions_for_hotspots
from models.staff import Staff
from ui.format import DATE, date_text, day_time
from ui.hotspot_text import at_line_start, group_text, sentence_text
from ui.i18n import fill, with_count
from ui.labels import code_name
from ui.section import SectionPage
from ui.sparkline import TREND_ROLE, Sparkline, SparklineDelegate
from ui.tasks import run_task
from ui.widgets import DateEdit, SectionHeading, bold_heading
from ui.wrapped_text import WrappedTextDelegate, relayout_on_resize

SHOWN_NUMBERS = 30
(COLUMN_TREND, COLUMN_HOTSPOT, COLUMN_SINCE, COLUMN_ACTION) = range(4)


@dataclass(frozen=True)
class HotspotsView:
    """What the page shows for a date, read in one worker."""

    at: dt.date
    hotspots: list[Hotspot]
    actions: dict[str, ActionRow]
    notices: list[Notice]


def load_hotspots(at: dt.date) -> HotspotsView:
    spots = active_hotspots(None if at == dt.date.today() else at)
    return HotspotsView(at, spots, actions_for_hotspots(s.key for s in spots), recent_notices())


def complaints_of(spot: Hotspot) -> tuple[list[int], dict[int, str]]:
    """The hot-spot's complaints, newest first, and the numbers they go by; runs in a worker."""
    judgement = spot.judgement
    ids = hotspot_complaints(*spot.group.key, judgement.first_day, judgement.last_day)
    return ids, complaint_numbers(ids[:SHOWN_NUMBERS])


class HotspotsPage(SectionPage):
    open_complaints = Signal(list, str)  # ids, what they are
    open_action = Signal(int)
    create_action = Signal(object, list)  # the hot-spot, its complaints' ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.view: HotspotsView | None = None
        self.complaints: dict[str, list[int]] = {}  # by key text, once read
        self.numbers: dict[str, dict[int, str]] = {}
        self.pending_key: str | None = None  # to choose once the list is read
        self.generation = 0
        self.heading = SectionHeading()
        self.at_label = QLabel()
        self.at = DateEdit(QDate.currentDate())
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat(DATE)
        self.at.setMaximumDate(QDate.currentDate())
        self.at.dateChanged.connect(self.refresh)
        self.today_button = QPushButton()
        self.today_button.clicked.connect(lambda: self.at.setDate(QDate.currentDate()))
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.at_label)
        top.addWidget(self.at)
        top.addWidget(self.today_button)

        self.list = QTreeWidget()
        self.list.setObjectName("hotspotList")
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        self.list.setItemDelegateForColumn(COLUMN_TREND, SparklineDelegate(self.list))
        self.list.setItemDelegateForColumn(COLUMN_HOTSPOT, WrappedTextDelegate(self.list))
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setColumnCount(4)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_HOTSPOT, QHeaderView.ResizeMode.Stretch)
        relayout_on_resize(self.list)
        self.list.currentItemChanged.connect(self._show_current)
        self.reason = bold_heading()
        self.reason.setWordWrap(True)
        self.trend = Sparkline()
        self.trend.setMinimumSize(200, 60)
        self.trend_caption = QLabel()
        self.trend_caption.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self._open_complaints)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._action)
        # One above the other: side by side with the list's 420 pixels they made the page wider than a 1024-pixel
        # screen leaves it.
        buttons = QVBoxLayout()
        for button in (self.register_button, self.action_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.reason)
        detail_layout.addWidget(self.trend)
        detail_layout.addWidget(self.trend_caption)
        detail_layout.addWidget(self.details, 1)
        detail_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.list.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.retranslateUi()
        self._show_current(None)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Hot-spots"))
        self.at_label.setText(self.tr("As at the end of:"))
        self.today_button.setText(self.tr("&Today"))
        self.list.setHeaderLabels([self.tr("Trend"), self.tr("Hot-spot"), self.tr("Since"), self.tr("Action")])
        self.register_button.setText(self.tr("Its complaints in the &register"))
        if self.view is not None:
            self.show_view(self.view)

    def refresh(self) -> None:
        self.generation += 1
        generation = self.generation
        self.status.setText(self.tr("Finding hot-spots…"))

        def shown(view: HotspotsView) -> None:
            if generation == self.generation:
                self.show_view(view)

        run_task(load_hotspots, cast(dt.date, self.at.date().toPython()), on_done=shown, owner=self)

    def show_view(self, view: HotspotsView) -> None:
        key = self.pending_key or self.current_key()
        self.pending_key = None
        if view is not self.view:
            # Another day, or the same read again: its complaints are read again too (a key names the same
            # hot-spot on another day, where it held other complaints; the desk adds to a running one).
            self.complaints.clear()
            self.numbers.clear()
        self.view = view
        self.list.clear()
        for spot in view.hotspots:
            unseen = sum(n.key == spot.key and not n.seen for n in view.notices)
            action = view.actions.get(spot.key.text)
            since = date_text(spot.since)
            if spot.since_capped:
                since = fill(self.tr("at least %1"), since)
            action_text = action.number if action is not None else self.tr("none yet")  # as the overview says
            item = QTreeWidgetItem(
                [
                    "",
                    f"{at_line_start(group_text(spot.group))}\n"
                    + fill(self.tr("%1 complaints %2"), spot.count, sentence_text(spot.judgement.window_label()))
                    + (fill(self.tr(" · new from the desk: %1"), unseen) if unseen else ""),
                    since,
                    action_text,
                ]
            )
            item.setData(COLUMN_TREND, Qt.ItemDataRole.UserRole, spot.key.text)
            item.setData(COLUMN_TREND, TREND_ROLE, (spot.trend, spot.threshold))
            item.setToolTip(COLUMN_HOTSPOT, sentence_text(spot.reason()))
            if action is not None:
                item.setToolTip(COLUMN_ACTION, code_name("action_state", action.state))
            self.list.addTopLevelItem(item)
        self.list.setColumnWidth(COLUMN_TREND, 100)
        for column in (COLUMN_SINCE, COLUMN_ACTION):
            self.list.resizeColumnToContents(column)
        self.status.setText(
            fill(self.tr("%n active hot-spot(s) as at the end of %1", "", len(view.hotspots)), date_text(view.at))
        )
        if key is not None:
            self.select(key)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self._show_current(self.list.currentItem())

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return cast(str, item.data(COLUMN_TREND, Qt.ItemDataRole.UserRole)) if item is not None else None

    def current(self) -> Hotspot | None:
        key = self.current_key()
        if self.view is None or key is None:
            return None
        return next((s for s in self.view.hotspots if s.key.text == key), None)

    def show_key(self, key: str) -> None:
        """Choose this hot-spot, now or once the list of today is read (the overview's double-click)."""
        if not self.select(key):
            self.pending_key = key

    def select(self, key: str) -> bool:
        """Choose the hot-spot of this key (the overview's double-click); whether it is listed."""
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(COLUMN_TREND, Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentItem(item)
                return True
        return False

    def _show_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        spot = self.current()
        self._enable_buttons(spot)
        if spot is None or self.view is None:
            self.reason.setText(self.tr("No hot-spot: every group of complaints is at its usual level."))
            self.trend.set_values(())
            self.trend_caption.setText("")
            self.details.setHtml("")
            self.action_button.setText(self.tr("Improvement &action…"))
            return
        action = self.view.actions.get(spot.key.text)
        if action is not None:
            self.action_button.setText(fill(self.tr("Open &action %1"), action.number))
        else:
            self.action_button.setText(self.tr("Improvement &action…"))
        self.reason.setText(at_line_start(sentence_text(spot.reason())))
        self.trend.set_values(spot.trend, spot.threshold)
        # As many earlier windows as there are (fewer than eight early in the records): "eight" was said of four.
        earlier = len(spot.trend) - 1
        self.trend_caption.setText(
            fill(
                self.tr("The %n comparable window(s) before and this one, oldest first: %1. Dashed: where unusual "
                        "begins.", "", earlier),
                " · ".join(map(str, spot.trend)),
            )
        )  # fmt: skip
        self._show_details(spot, action)
        told = [n for n in self.view.notices if n.key == spot.key and not n.seen]
        if told and self.staff is not None:
            run_task(mark_seen, self.staff, [n.id for n in told])
        if spot.key.text not in self.complaints:
            view = self.view
            run_task(
                complaints_of, spot, on_done=lambda found: self._complaints_found(view, spot, found), owner=self
            )

    def _show_details(self, spot: Hotspot, action: ActionRow | None) -> None:
        assert self.view is not None
        since = fill(self.tr("Unusual since %1"), date_text(spot.since))
        if spot.since_capped:
            since = fill(self.tr("Unusual since at least %1"), date_text(spot.since))
        parts = [f"<p>{html.escape(since)}</p>"]
        if spot.related:
            rose = "".join(
                f"<li>{html.escape(with_count(group_text(r.group), r.judgement.count))}</li>" for r in spot.related
            )
            heading = self.tr("Rose with it:")
            parts.append(f"<p><b>{html.escape(heading)}</b></p><ul>{rose}</ul>")
        told = [n for n in self.view.notices if n.key == spot.key]
        if told:
            lines = "".join(
                f"<li>{html.escape(day_time(n.told_at))} {html.escape(n.number)} · {html.escape(n.told_by)}</li>"
                for n in told
            )
            heading = self.tr("Told by the desk:")
            parts.append(f"<p><b>{html.escape(heading)}</b></p><ul>{lines}</ul>")
        if action is not None:
            state = code_name("action_state", action.state)
            heading = self.tr("Improvement action:")
            gap = "" if heading.endswith("：") else " "  # a Chinese colon holds its own space ("整改措施： ZG-0001")
            parts.append(
                f"<p><b>{html.escape(heading)}</b>{gap}{html.escape(action.number)} · "
                f"{html.escape(state)} · {html.escape(action.measure)}</p>"
            )
        found = self.complaints.get(spot.key.text)
        if found is None:
            reading = self.tr("Reading its complaints…")
            parts.append(f"<p>{html.escape(reading)}</p>")
        else:
            counted = fill(self.tr("Its complaints: %1"), len(found))
            parts.append(f"<p><b>{html.escape(counted)}</b></p>")
            numbers = self.numbers.get(spot.key.text, {})
            # Listed as the language lists (a Chinese list with 、: it read "#3006, TS-2026-002809, …").
            comma = QCoreApplication.translate("Text", ", ")
            shown = comma.join(numbers.get(i, f"#{i}") for i in found[:SHOWN_NUMBERS])
            more = fill(self.tr(" and %1 more"), len(found) - SHOWN_NUMBERS) if len(found) > SHOWN_NUMBERS else ""
            parts.append(f"<p>{html.escape(shown + more)}</p>")
        self.details.setHtml("".join(parts))

    def _complaints_found(self, view: HotspotsView, spot: Hotspot, found: tuple[list[int], dict[int, str]]) -> None:
        if view is not self.view:
            return  # read for a view no longer shown (another day's)
        ids, numbers = found
        self.complaints[spot.key.text] = ids
        self.numbers[spot.key.text] = numbers
        if self.current() == spot and self.view is not None:
            self._show_details(spot, self.view.actions.get(spot.key.text))
            self._enable_buttons(spot)

    def _enable_buttons(self, spot: Hotspot | None) -> None:
        """Its complaints open and go into a new action once they are read."""
        ready = spot is not None and spot.key.text in self.complaints
        self.register_button.setEnabled(ready)
        self.action_button.setEnabled(ready)

    def _open_complaints(self) -> None:
        spot = self.current()
        if spot is not None and spot.key.text in self.complaints:
            self.open_complaints.emit(self.complaints[spot.key.text], group_text(spot.group))

    def _action(self) -> None:
        spot = self.current()
        if spot is None or self.view is None or spot.key.text not in self.complaints:
            return
        action = self.view.actions.get(spot.key.text)
        if action is not None:
            self.open_action.emit(action.id)
        else:
            self.create_action.emit(spot, self.complaints[spot.key.text])
