"""The register: every complaint, newest first, found by one search box and a
row of filters. Queries run off the GUI thread; a stale answer never replaces
a newer one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.analysis.export import Progress, export_register
from models.complaint import OPEN_STATES, State
from models.permissions import Action, may
from models.search import Filters, count, page
from models.staff import Staff
from ui import export_dialog
from ui.export_dialog import ExportRun
from ui.filter_choices import OPEN, fill_filter_choices, relabel_catalogue_choices
from ui.format import DATE, date_text, number
from ui.i18n import current_language, fill
from ui.labels import relabel_items, state_label
from ui.register.highlight import HighlightDelegate
from ui.register.model import (
    CATEGORY,
    COMPENSATION,
    CUSTOMER,
    DUTY_MANAGER,
    HEADERS,
    NUMBER,
    PAGE_SIZE,
    RECEIVED,
    SORT_KEYS,
    STATE,
    WORDS,
    ComplaintTableModel,
)
from ui.section import SectionPage
from ui.tasks import report_failure, run_task
from ui.widgets import DateEdit, SectionHeading

SEARCH_DELAY_MS = 250
SEARCH_CAP = 10_000
# Typical widest contents, so that nothing is cut on a first look (a longer one is elided, in full in its
# tooltip); the complaint's words take what is left. The columns fit 1100 pixels in both languages.
COLUMN_SAMPLES = {
    NUMBER: "TS-2026-000000",
    RECEIVED: "2025-11-24 18:00",  # an earlier year's date has its year (this year's is shorter): never cut
    CUSTOMER: "刘先生 138****0000",
    CATEGORY: "设施设备故障",
    STATE: "已上报办公室",
    DUTY_MANAGER: "欧阳晓红",
    COMPENSATION: "10,000.00",
}


def first_page(filters: Filters, sort: str, descending: bool) -> tuple[Filters, list[int]]:
    """The first page of a query; runs in a worker."""
    return filters, page(filters, sort, descending, 0, PAGE_SIZE)


def count_matches(filters: Filters) -> int:
    """How many complaints match; runs in a worker after the first page is shown.
    A text search counts up to SEARCH_CAP: past that one narrows the search."""
    return count(filters, SEARCH_CAP if filters.text.strip() else None)


def run_query(filters: Filters, sort: str, descending: bool) -> tuple[Filters, int, list[int]]:
    """Count and first page at once (for code that needs the whole answer)."""
    return filters, count_matches(filters), first_page(filters, sort, descending)[1]


class RegisterPage(SectionPage):
    open_case = Signal(int)
    first_page_shown = Signal(int)
    results_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.generation = 0
        self._shown_query: object = None  # the filters and order of the list shown (``refresh``)
        self.heading = SectionHeading()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        self.state = QComboBox()
        self.use_dates = QCheckBox()
        self.received_from = DateEdit(QDate.currentDate().addMonths(-1))
        self.received_to = DateEdit(QDate.currentDate())
        for edit in (self.received_from, self.received_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE)
            edit.setEnabled(False)
        self.category = QComboBox()
        self.department = QComboBox()
        self.duty_manager = QComboBox()
        self.overdue_only = QCheckBox()
        self.escalated_only = QCheckBox()
        # Only some complaints: a hot-spot's or an action's, until "Show all".
        self.only_ids: tuple[int, ...] = ()
        self.only_closed: tuple[dt.date, dt.date] | None = None  # the overview's "closed this month"
        self.only_label = QLabel()
        self.only_label.setObjectName("registerOnly")
        self.only_label.setWordWrap(True)  # a hot-spot's long name, in a narrow window
        self.show_all = QPushButton()
        self.show_all.clicked.connect(self._show_all)
        self.only_what = ""
        self.from_summary = False  # what ``only_what`` counted is a figure of the work summary (else the analysis')
        # The office's: an exported list carries customers' phone numbers out of the application.
        self.export_button = QPushButton()
        self.export_button.setVisible(False)
        self.export_button.clicked.connect(self.export)
        self.table = QTableView()
        self.model = ComplaintTableModel(self)
        self.table.setModel(self.model)
        # Sorting is the database's job: the header only records the wish, refresh() runs the query.
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(RECEIVED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WORDS, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        self.table.setItemDelegateForColumn(WORDS, HighlightDelegate(self.table))
        self._fit_columns()
        self.table.viewport().installEventFilter(self)  # the columns give way as the window narrows
        # Double-click or Enter opens the case (activated is both: Enter did nothing); Tab leaves the table for
        # the next control instead of walking its cells.
        self.table.activated.connect(lambda index: self.open_case.emit(self.model.complaint_id(index.row())))
        self.table.setTabKeyNavigation(False)
        self.status = QLabel()

        # Two rows of filters: on one, the page needed more than 1100 pixels in English.
        filters = QHBoxLayout()
        for combo in (self.state, self.category, self.department, self.duty_manager):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            filters.addWidget(combo, 1)
        only = QHBoxLayout()
        only.addWidget(self.use_dates)
        only.addWidget(self.received_from)
        only.addWidget(self.received_to)
        only.addWidget(self.overdue_only)
        only.addWidget(self.escalated_only)
        only.addStretch(1)
        # What the list is limited to, on a row of its own when it is (beside the dates, a long one made the
        # window wider than a 1024-pixel screen).
        limited = QHBoxLayout()
        limited.addWidget(self.only_label, 1)
        limited.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.search, 1)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(only)
        layout.addLayout(limited)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self._fill_choices()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.state, self.category, self.department, self.duty_manager):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (self.overdue_only, self.escalated_only):
            box.toggled.connect(self.refresh)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.received_from.dateChanged.connect(self.refresh)
        self.received_to.dateChanged.connect(self.refresh)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        # From the keyboard: Ctrl+F to the search, Down or Enter from it to the list (eight Tabs before).
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        self.search.installEventFilter(self)
        self.model.modelReset.connect(self._first_row_if_wanted)
        self.retranslateUi()

    def _fill_choices(self) -> None:
        fill_filter_choices(self.state, self.category, self.department, self.duty_manager)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Register"))
        self.search.setPlaceholderText(
            self.tr("Search the customer's words, findings, name, phone, archive number or #number (e.g. noise, #2995)")
        )
        self.search.setToolTip(self.tr("Ctrl+F comes here; Down or Enter goes to the first complaint found"))
        self.state.setItemText(0, self.tr("All states"))
        self.state.setItemText(1, self.tr("Open cases"))
        relabel_items(self.state, state_label, first=2)
        self.category.setItemText(0, self.tr("All categories"))
        self.department.setItemText(0, self.tr("All departments"))
        relabel_catalogue_choices(self.category, self.department)
        self.duty_manager.setItemText(0, self.tr("All staff"))
        self.use_dates.setText(self.tr("Received"))
        self.overdue_only.setText(self.tr("Overdue only"))
        self.escalated_only.setText(self.tr("Escalated only"))
        self.show_all.setText(self.tr("Show &all"))
        self.export_button.setText(self.tr("&Export…"))
        self.export_button.setToolTip(self.tr("Save the list as it is filtered now as an Excel workbook or a CSV file"))
        self._show_only_label()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self._fit_columns()
        self._show_status()

    def set_staff(self, staff: Staff) -> None:
        super().set_staff(staff)
        self.export_button.setVisible(may(staff, Action.EXPORT))

    def export(self) -> ExportRun | None:
        """The list as it is filtered now to the file the save dialog names (its type: XLSX or CSV),
        written in a worker behind a progress dialog."""
        suggested = fill(self.tr("complaints-%1.xlsx"), dt.date.today().isoformat())
        path = export_dialog.ask_export_path(self, suggested)
        if path is None:
            return None
        actor, filters, language = self.actor, self.filters(), current_language()
        order = (self.model.sort_key, self.model.descending)  # as the list shows it

        def work(path: Path, progress: Progress) -> int:
            return export_register(actor, path, filters, language, progress=progress, order=order)

        return export_dialog.run_export(self, path, work)

    def _fit_columns(self) -> None:
        """Each column as wide as its typical content or its header in the language shown, whichever is
        wider (the header's sort mark included); the customer's words take what is left (``_give_way``)."""
        metrics = self.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        samples = dict(COLUMN_SAMPLES)
        samples[STATE] = max((state_label(state.value) for state in State), key=metrics.horizontalAdvance)
        # The categories' own names in the language shown (the filter's list holds them): the longest whole
        # where there is room ("Food safety / foreign object").
        names = [self.category.itemText(i) for i in range(1, self.category.count())]
        samples[CATEGORY] = max([*names, COLUMN_SAMPLES[CATEGORY]], key=metrics.horizontalAdvance)
        self.wanted_widths: dict[int, int] = {}
        self.narrowest: dict[int, int] = {}
        for column, sample in samples.items():
            title = QCoreApplication.translate("ComplaintTableModel", str(HEADERS[column]))
            heading = header_metrics.horizontalAdvance(title) + 18
            self.wanted_widths[column] = max(metrics.horizontalAdvance(sample), heading) + 10
            self.narrowest[column] = heading + 10
        # This year's dates, without the year, when room is short.
        self.narrowest[RECEIVED] = max(self.narrowest[RECEIVED], metrics.horizontalAdvance("11-24 18:00") + 10)
        self._give_way()

    def _give_way(self) -> None:
        """In a narrow window the category and the customer give up room (cut short, whole on hovering), down
        to their headings, then the state, the staff and the date, before the customer's words are squeezed below
        a readable width (in English at 1024 pixels they were one character wide, the state column whole)."""
        words = self.fontMetrics().horizontalAdvance("我点的宫保鸡丁里吃") + 10  # a few words of it
        widths = dict(self.wanted_widths)
        for columns in ((CATEGORY, CUSTOMER), (STATE, DUTY_MANAGER, RECEIVED)):
            over = sum(widths.values()) + words - self.table.viewport().width()
            room = {column: max(0, widths[column] - self.narrowest[column]) for column in columns}
            spare = sum(room.values())
            for column, given in room.items():
                if over > 0 and spare:
                    widths[column] -= min(given, -(-over * given // spare))
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._give_way()
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.to_results()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def to_results(self) -> None:
        """From the search to its first result (the search typed and not yet run is run first)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._first_row_if_wanted()

    def _first_row_if_wanted(self) -> None:
        """The first row chosen when the list has the keyboard and none is (the rows arriving after the search)."""
        if self.table.hasFocus() and not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(0)

    def _sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        """Sorted by the column clicked, when the list can be (the customer, the words and the compensation are
        worked out row by row): else the arrow goes back to the order the list has (it showed an order the
        rows did not follow)."""
        if column in SORT_KEYS:
            self.refresh()
            return
        header = self.table.horizontalHeader()
        current = next(key for key, name in SORT_KEYS.items() if name == self.model.sort_key)
        order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        blocked = QSignalBlocker(header)
        header.setSortIndicator(current, order)
        del blocked

    def show_only(self, ids: Sequence[int], what: str) -> None:
        """List only these complaints (``what`` they are, e.g. a hot-spot's group), every other filter cleared
        (dates left from an earlier look hid some of them: "2 complaints" listed none); none: every complaint."""
        self._clear_filters()
        self._limit(ids, what)

    def _limit(self, ids: Sequence[int], what: str) -> None:
        self.only_ids = tuple(ids)
        self.only_what = what
        self.only_closed = None
        self._show_only_label()
        self.refresh()

    def _clear_filters(self) -> None:
        self.only_ids, self.only_what, self.only_closed = (), "", None
        for combo in (self.state, self.category, self.department, self.duty_manager):
            combo.setCurrentIndex(0)
        self.search.clear()
        self.overdue_only.setChecked(False)
        self.escalated_only.setChecked(False)
        self.use_dates.setChecked(False)
        # The greyed dates as a new page shows them: the overview's "today" left today – today greyed under the
        # month's closed cases, read as the period shown.
        today = QDate.currentDate()
        for edit, day in ((self.received_from, today.addMonths(-1)), (self.received_to, today)):
            blocked = QSignalBlocker(edit)
            edit.setDate(day)
            del blocked

    def show_period(self, which: str, today: dt.date | None = None) -> None:
        """The overview's cards: the complaints received today ("today"), or those closed this month
        ("month"), with every other filter cleared."""
        today = today or dt.date.today()
        self._clear_filters()
        if which == "today":
            self.received_from.setDate(QDate(today.year, today.month, today.day))
            self.received_to.setDate(QDate(today.year, today.month, today.day))
            self.use_dates.setChecked(True)
        else:
            self.use_dates.setChecked(False)
            self.only_closed = (today.replace(day=1), today)
        self._show_only_label()
        self.refresh()

    def show_filtered(self, filters: Filters, what: str, from_summary: bool = False) -> None:
        """List the complaints passing ``filters`` (the analysis' bar, or a figure of the work summary when
        ``from_summary``: ``what`` it counted), shown in the register's own filter fields, so a person sees and
        changes them; one query for all of them."""
        self.from_summary = from_summary
        combos = (self.state, self.category, self.department, self.duty_manager)
        boxes = (self.use_dates, self.overdue_only, self.escalated_only)
        edits = (self.search, self.received_from, self.received_to)
        for widget in (*combos, *boxes, *edits):
            widget.blockSignals(True)
        try:
            self.search.setText(filters.text)
            state = OPEN if set(filters.states) == {s.value for s in OPEN_STATES} else (filters.states or (None,))[0]
            self.state.setCurrentIndex(max(0, self.state.findData(state)))
            for combo, value in (
                (self.category, filters.category_id),
                (self.department, filters.department_id),
                (self.duty_manager, filters.received_by_id),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            dates = filters.received_from is not None or filters.received_to is not None
            self.use_dates.setChecked(dates)
            for edit, day in ((self.received_from, filters.received_from), (self.received_to, filters.received_to)):
                edit.setEnabled(dates)
                if day is not None:
                    edit.setDate(QDate(day.year, day.month, day.day))
            self.overdue_only.setChecked(filters.overdue_only)
            self.escalated_only.setChecked(filters.escalated_only)
        finally:
            for widget in (*combos, *boxes, *edits):
                widget.blockSignals(False)
        self._limit(filters.ids, what)

    def _show_all(self) -> None:
        """Every complaint again: a hot-spot's or an action's list goes, the closed period goes; after the
        analysis' bar, its filters too."""
        self.only_closed = None
        if self.only_ids:
            self.show_only((), "")
        else:
            self.show_filtered(Filters(), "")

    def _show_only_label(self) -> None:
        shown = bool(self.only_ids or self.only_what) or self.only_closed is not None
        self.only_label.setVisible(shown)
        self.show_all.setVisible(shown)
        if self.only_closed is not None:
            first, last = self.only_closed
            closed = self.tr("Only the complaints closed from %1 to %2")
            self.only_label.setText(fill(closed, date_text(first), date_text(last)))
        elif self.only_ids:
            self.only_label.setText(
                fill(self.tr("Only %Ln complaint(s): %1", "", len(self.only_ids)), self.only_what)
            )
        elif self.from_summary:
            self.only_label.setText(fill(self.tr("From the work summary: %1"), self.only_what))
        else:
            self.only_label.setText(fill(self.tr("From the analysis: %1"), self.only_what))

    def _dates_toggled(self, on: bool) -> None:
        self.received_from.setEnabled(on)
        self.received_to.setEnabled(on)
        self.refresh()

    def filters(self) -> Filters:
        state = self.state.currentData()
        states: tuple[str, ...] = ()
        if state == OPEN:
            states = tuple(s.value for s in OPEN_STATES)
        elif state:
            states = (state,)
        dates = self.use_dates.isChecked()
        return Filters(
            text=self.search.text(),
            states=states,
            received_from=cast(dt.date, self.received_from.date().toPython()) if dates else None,
            received_to=cast(dt.date, self.received_to.date().toPython()) if dates else None,
            category_id=self.category.currentData(),
            department_id=self.department.currentData(),
            received_by_id=self.duty_manager.currentData(),
            overdue_only=self.overdue_only.isChecked(),
            escalated_only=self.escalated_only.isChecked(),
            ids=self.only_ids,
            closed_from=self.only_closed[0] if self.only_closed else None,
            closed_to=self.only_closed[1] if self.only_closed else None,
            now=dt.datetime.now(),
        )

    def refresh(self) -> None:
        """Run the current query in a worker; only the newest one's answer is shown."""
        self._debounce.stop()
        self.generation += 1
        generation = self.generation
        header = self.table.horizontalHeader()
        self.model.set_order(header.sortIndicatorSection(), header.sortIndicatorOrder())
        order = (self.model.sort_key, self.model.descending)
        self.status.setText(self.tr("Searching…"))

        def show_first(result: tuple[Filters, list[int]]) -> None:
            if generation != self.generation:
                return  # a newer query is on its way; this answer is stale
            filters, first = result
            self.model.set_result(filters, len(first), first)
            # Another search, filter or order starts at its first row (it showed rows 178 on, the newest out of
            # sight); the same one read again (another desk saved) stays where the person is reading.
            if (filters, order) != self._shown_query:
                self._shown_query = (filters, order)
                self.table.scrollToTop()
            self.first_page_shown.emit(len(first))
            if len(first) < PAGE_SIZE:
                show_count(len(first))
            else:
                self.status.setText(self.tr("Counting…"))
                run_task(count_matches, filters, on_done=show_count, on_error=failed, owner=self)

        def show_count(total: int) -> None:
            if generation != self.generation:
                return
            self.model.set_count(total)
            self._show_status()
            self.results_shown.emit(total)

        def failed(error: Exception) -> None:
            if generation == self.generation:
                self.status.setText("")  # no longer "Searching…": the search has ended
            report_failure(error, self)

        run_task(  # the page may be gone by the answer (the window made anew after a restore)
            first_page,
            self.filters(),
            self.model.sort_key,
            self.model.descending,
            on_done=show_first,
            on_error=failed,
            owner=self,
        )

    def _show_status(self) -> None:
        rows = self.model.rowCount()
        count_text = number(rows)
        if self.search.text().strip() and rows >= SEARCH_CAP:
            self.status.setText(
                fill(self.tr("More than %1 complaints match; add words to narrow the search."), count_text)
            )
        elif rows == 0 and self.use_dates.isChecked() and self.received_to.date() < self.received_from.date():
            self.status.setText(self.tr("No complaint: the dates received end before they begin."))
        elif rows == 0 and self.search.text().strip():
            advice = (  # "Show all" only where its button is there: a hot-spot's or an action's complaints
                self.tr("No complaint matches “%1” with these filters: try fewer or other words, or Show all.")
                if self.show_all.isVisibleTo(self)
                else self.tr("No complaint matches “%1” with these filters: try fewer or other words.")
            )
            self.status.setText(fill(advice, self.search.text().strip()))
        else:
            self.status.setText(self.tr("%Ln complaint(s)", "", rows))
