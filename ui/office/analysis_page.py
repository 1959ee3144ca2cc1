"""The office's Analysis page (issue 14): the figures of any period — a week, month, quarter, year or any dates,
with the register's filters — as Qt Charts (complaints by category and by department beside the period before,
complaints per week, compensation by department, satisfaction) and tables for the rest (times, promises,
escalations, places, channels, duty managers, external cases, hot-spots and actions, the cost of service recovery
against its effect, recovery from third parties). A bar opens the register with its filter. The figures are
computed in a worker (``models.analysis.report.analyse``); the page prints through the print preview."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLegend,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QCoreApplication,
    QDate,
    QDateTime,
    QIODevice,
    QMargins,
    QMarginsF,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QResizeEvent,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from models import settings
from models.analysis.cost import CostFigures, EffectRow
from models.analysis.figures import CountRow, Durations, Key, PeriodFigures, WeekCount, bar_complaints
from models.analysis.period import Period, PeriodKind
from models.analysis.report import Analysis, analyse
from models.complaint import OPEN_STATES
from models.search import Filters
from ui.filter_choices import OPEN, fill_filter_choices, relabel_catalogue_choices
from ui.format import DATE, date_text, money, number
from ui.hotspot_text import group_text
from ui.i18n import clauses, current_language, duration_words, fill
from ui.labels import code_name, relabel_items, state_label
from ui.printing import PrintPreviewDialog
from ui.section import SectionPage
from ui.tasks import run_task
from ui.widgets import DateEdit, SectionHeading

if TYPE_CHECKING:
    from models.analysis.export import Column, Progress

T = TypeVar("T")
TOP_BARS = 8  # the categories and departments a bar chart shows (the most first; the rest as one bar)
LABEL_WIDTH = 150  # pixels of a bar's name beside a wide chart (a longer one is cut short, whole on hovering)
PRINTED_ROWS = 25  # of each table on paper (a year's locations run to hundreds; the screen has them all)
# A table at most this many rows longer is printed whole: "… 1 more row is not printed" cut the cost table's last
# remedy (its lines no longer added up), with room for it on the page.
PRINTED_SLACK = 10
CHART_HEIGHT = 280
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
THIS_PERIOD = QColor("#2a6fb0")
PERIOD_BEFORE = QColor("#b8c4cf")
DRAFT_RED = "#c62828"  # the paper's red (ui/paper/styles.py): the demo stamp
PERIOD_KINDS = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.CUSTOM)


def label_room(chart_width: int) -> int:
    """The pixels a bar's name may take beside a chart ``chart_width`` wide: Qt Charts leaves the names about a
    third of it and draws a longer one past its left edge (at 1,024 pixels "harges / bill dispute")."""
    return max(60, min(LABEL_WIDTH, chart_width * 32 // 100))


def short_labels(names: Sequence[str], metrics: QFontMetrics, width: int = LABEL_WIDTH) -> list[str]:
    """The bars' names beside a chart: a long one cut short to ``width`` pixels (a chart half the page wide
    cut long English names at its edge), whole when cutting would make two alike (the axis keeps one of each)."""
    labels: list[str] = []
    for name in names:
        short = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
        labels.append(short if short not in labels else name)
    return labels


class ChartView(QChartView):
    """A chart's view whose bars' names (``names``, in the axis' order) are cut short to the room its width leaves
    them, again when it is resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self.fit_labels()

    def name_axis(self) -> QBarCategoryAxis | None:
        chart = self.chart()
        axes = chart.axes(Qt.Orientation.Vertical) if chart is not None else []
        return next((axis for axis in axes if isinstance(axis, QBarCategoryAxis)), None)

    def fit_labels(self) -> None:
        axis = self.name_axis()
        if axis is None or len(self.names) != axis.count():
            return
        labels = short_labels(self.names, QFontMetrics(axis.labelsFont()), label_room(self.width()))
        if labels != axis.categories():
            axis.setCategories(labels)


def fit_first_choice(combo: QComboBox, least: int = 10) -> None:
    """A filter's box as wide as ``least`` letters, or its first choice ("All duty managers") when that is wider:
    in ten letters it read "All duty manager:", its last letter under the arrow."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    needed = combo.fontMetrics().horizontalAdvance(combo.itemText(0)) + 4
    letters = least
    while letters < 3 * least:
        combo.setMinimumContentsLength(letters)
        option.rect = QRect(QPoint(0, 0), combo.sizeHint())
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        if field.width() >= needed:
            return
        letters += 1


def most_and_rest(rows: Sequence[T]) -> tuple[Sequence[T], Sequence[T]]:
    """The rows a bar chart shows one by one (the most first), and the rest it shows as one bar: TOP_BARS bars in
    all (more do not leave each its label)."""
    if len(rows) <= TOP_BARS:
        return rows, ()
    return rows[: TOP_BARS - 1], rows[TOP_BARS - 1 :]


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, whether it is a number (right-aligned), and the number itself (an export
    writes it as a number, not as its text); ``percent``: the number is a share (0.25), shown as a percentage."""

    text: str
    numeric: bool = False
    value: object = None
    percent: bool = False


def share_cell(share: float | None, text: str | None = None) -> Cell:
    """A share (0.25 shown as "25%"; None as "—"), exported as a number in a percentage's format."""
    if share is None:
        return Cell(text or "—", True)
    return Cell(text or f"{share:.0%}", True, share, percent=True)


def exported(model: FiguresTableModel) -> tuple[list[Column], list[tuple[object, ...]]]:
    """A table's columns and rows for an export: a column of numbers as numbers (counts, amounts, shares as
    percentages, an average score), its cells without a number as their text ("—", "new", "37 min"); any other
    column as its text. ("3.95", "3%" and "−8%" were exported as text.)"""
    from models.analysis.export import Column, Kind

    columns: list[Column] = []
    kinds: list[Kind] = []
    for place, header in enumerate(model.headers):
        numbers = [row[place] for row in model.rows if place < len(row) and row[place].value is not None]
        values = [cell.value for cell in numbers]
        if not numbers or any(isinstance(value, bool) for value in values):
            kind = Kind.TEXT
        elif all(cell.percent for cell in numbers):
            kind = Kind.PERCENT
        elif all(isinstance(value, int) for value in values):
            kind = Kind.INTEGER
        elif all(isinstance(value, Decimal | int) for value in values):
            kind = Kind.MONEY
        elif all(isinstance(value, Decimal | int | float) for value in values):
            kind = Kind.NUMBER
        else:
            kind = Kind.TEXT
        kinds.append(kind)
        columns.append(Column(header, kind))
    rows = []
    for row in model.rows:
        values_out: list[object] = []
        for place, kind in enumerate(kinds):
            cell = row[place] if place < len(row) else Cell("")
            value = cell.value if kind is not Kind.TEXT and cell.value is not None else cell.text
            values_out.append(None if value == "" else value)
        rows.append(tuple(values_out))
    return columns, rows


def cells(*values: str | int | Decimal | None) -> list[Cell]:
    """A row: whole numbers with the locale's grouping, money with two places, text as it is."""
    row = []
    for value in values:
        if isinstance(value, bool) or value is None:
            row.append(Cell("" if value is None else str(value)))
        elif isinstance(value, int):
            row.append(Cell(number(value), True, value))
        elif isinstance(value, Decimal):
            row.append(Cell(money(value), True, value))
        else:
            row.append(Cell(value))
    return row


# The roles FiguresTableModel answers, as plain numbers (an enum's comparison is a Python call each).
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.EditRole.value)
_ANSWERED = frozenset((_DISPLAY, _EDIT, int(Qt.ItemDataRole.TextAlignmentRole.value)))
_RIGHT = int(RIGHT.value)


class FiguresTableModel(QAbstractTableModel):
    """A small table of figures: header texts and rows of cells, numbers right-aligned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[Cell]] = []

    def set_table(self, headers: Sequence[str], rows: Sequence[list[Cell]]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = [list(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked for every role of every cell at each layout (118,000 calls as the page first showed, half a second
        # at a million complaints): the roles it does not answer leave at once.
        if role not in _ANSWERED:
            return None
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self.rows) or column >= len(self.rows[row]):
            return None
        cell = self.rows[row][column]
        if role == _DISPLAY:
            return cell.text
        if role == _EDIT:  # the number itself, for an export
            return cell.value if cell.value is not None else cell.text
        return _RIGHT if cell.numeric else None

    def headerData(  # noqa: N802 - Qt naming
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return None


class FiguresTable(QTableView):
    """A read-only view of a FiguresTableModel. A ``wrapped`` one writes its names over as many lines as its first
    column's width needs and is as tall as its rows (the page scrolls): the times and promises beside a chart, at
    1,024 pixels, cut its names to "Promised w…" and "… answered…"."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, wrapped: bool = False) -> None:
        super().__init__(parent)
        self.title = title
        self.figures = FiguresTableModel(self)
        self.setModel(self.figures)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setWordWrap(wrapped)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.least_height = 0
        self.wrapped = wrapped
        if wrapped:
            self.setTextElideMode(Qt.TextElideMode.ElideNone)
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def updateGeometries(self) -> None:  # noqa: N802 - Qt naming: after the rows are sized to their wrapped names
        super().updateGeometries()
        if self.wrapped:
            rows = self.verticalHeader().length() + self.horizontalHeader().height() + 2 * self.frameWidth()
            if self.horizontalScrollBar().isVisible():
                rows += self.horizontalScrollBar().height()
            self.setMinimumHeight(max(self.least_height, rows))

    def set_table(self, headers: Sequence[str], rows: Sequence[list[Cell]]) -> None:
        self.figures.set_table(headers, rows)
        if headers:  # the label column takes the room left; the figures keep their width
            self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def duration_text(minutes: int | None) -> str:
    """A typical duration (a median, a 90th percentile) as every screen writes a wait (``ui.i18n.duration_words``:
    "1 h 46 min", not "106 min" beside it); "—" for none."""
    return "—" if minutes is None else duration_words(round(minutes))


def count_scale(axis: QValueAxis, top: float) -> None:
    """An axis of counts from 0 to at least ``top``: whole-number ticks only, at most six of them (a nice scale
    of 0 to 1 put ticks at 0.2, 0.4…, labelled "0 0 0 1 1 1")."""
    step, magnitude = 1, 1
    while math.ceil(top / step) > 5:  # 1, 2, 5, 10, 20, 50…
        step = next((size for size in (2 * magnitude, 5 * magnitude) if size > step), 10 * magnitude)
        magnitude = step if step == 10 * magnitude else magnitude
    axis.setLabelFormat("%.0f")  # whole ticks, so no rounding; "%d" shows no number once a chart localises them
    axis.setRange(0, step * max(1, math.ceil(top / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)


def change_text(now: int, before: int) -> str:
    """The change from ``before`` to ``now``: "+12%", "−5%", "new" or "—"."""
    if before == 0:
        return "—" if now == 0 else QCoreApplication.translate("AnalysisPage", "new")
    if now == before:  # "+0%" read as a rise
        return "±0%"
    change = (now - before) / before
    return f"{change:+.0%}".replace("-", "−")


def change_cell(now: int, before: int) -> Cell:
    """The change as a table shows it ("−8%") and an export writes it (the number −0.08 as a percentage)."""
    return share_cell((now - before) / before if before else None, change_text(now, before))


def week_ticks(span: int) -> tuple[int, int]:
    """The weekly chart's ticks over ``span`` weeks (its first Monday to its last): (how many, weeks added to the
    axis's end) so that every tick is a Monday, a point's week, at most eight of them. A date axis spaces its ticks
    evenly: a quarter's 13 weeks in 7 steps put them 13 days apart, on no Monday."""
    if span == 0:  # one week: its Monday and the next
        return 2, 1
    if span <= 7:
        return span + 1, 0
    for added in range(4):
        for steps in range(7, 2, -1):
            if (span + added) % steps == 0:
                return steps + 1, added
    return 2, 0  # never reached: of four spans in a row, one is a multiple of four


class AnalysisPage(SectionPage):
    """The Analysis section. ``open_register(filters, what)`` asks the window for the register so filtered."""

    open_register = Signal(object, str)
    figures_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: Analysis | None = None
        self.generation = 0
        # The last whole month: the month under way compares a few days with a whole month before it.
        self.period = Period.of(PeriodKind.MONTH, dt.date.today()).previous()
        self.heading = SectionHeading()
        self.kind = QComboBox()
        for kind in PERIOD_KINDS:
            self.kind.addItem("", kind.value)
        self.kind.setCurrentIndex(PERIOD_KINDS.index(PeriodKind.MONTH))
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.period_label = QLabel()
        self.period_label.setObjectName("analysisPeriod")
        self.first_day = DateEdit()
        self.last_day = DateEdit()
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_preview)
        self.print_button.setEnabled(False)
        # The table in view (the tab chosen) to XLSX or CSV, as shown.
        self.export_button = QPushButton()
        self.export_button.clicked.connect(lambda: self.export_table())
        self.export_button.setEnabled(False)
        self.category = QComboBox()
        self.department = QComboBox()
        self.duty_manager = QComboBox()
        self.state = QComboBox()
        for combo in (self.category, self.department, self.duty_manager, self.state):
            # As wide as a few words, not the longest name of the catalogue ("Food safety / foreign object"): the
            # four of them widened the window past a 1024-pixel screen. The names in full in the open list.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.status = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.empty = QLabel()
        self.empty.setObjectName("analysisEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.category_chart = self._chart_view()
        self.department_chart = self._chart_view()
        self.weekly_chart = self._chart_view()
        self.cost_chart = self._chart_view()
        self.satisfaction_chart = self._chart_view()
        self.charts = [
            self.category_chart,
            self.department_chart,
            self.weekly_chart,
            self.cost_chart,
            self.satisfaction_chart,
        ]
        self.bar_keys: dict[str, list[Key | tuple[Key, ...]]] = {}  # a bar's: a tuple for "5 others"

        self.times_table = FiguresTable(wrapped=True)
        self.places_table = FiguresTable()
        self.channels_table = FiguresTable()
        self.managers_table = FiguresTable()
        self.external_table = FiguresTable()
        self.improvement_table = FiguresTable()
        self.cost_table = FiguresTable()
        self.effect_table = FiguresTable()
        self.recovery_table = FiguresTable()
        self.tables = [
            self.times_table,
            self.places_table,
            self.channels_table,
            self.managers_table,
            self.external_table,
            self.improvement_table,
            self.cost_table,
            self.effect_table,
            self.recovery_table,
        ]
        self.tabs = QTabWidget()  # the times stand beside the satisfaction chart; the rest in tabs below
        for table in self.tables[1:]:
            self.tabs.addTab(table, "")
        self.tabs.setMinimumHeight(360)
        self.times_table.least_height = CHART_HEIGHT
        self.times_table.setMinimumHeight(CHART_HEIGHT)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.kind)
        top.addWidget(self.previous_button)
        top.addWidget(self.period_label)
        top.addWidget(self.next_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        filters = QHBoxLayout()
        for widget in (self.category, self.department, self.duty_manager, self.state):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        grid = QGridLayout()
        grid.addWidget(self.category_chart, 0, 0)
        grid.addWidget(self.department_chart, 0, 1)
        grid.addWidget(self.weekly_chart, 1, 0)
        grid.addWidget(self.cost_chart, 1, 1)
        grid.addWidget(self.satisfaction_chart, 2, 0)
        grid.addWidget(self.times_table, 2, 1)
        grid.addWidget(self.tabs, 3, 0, 1, 2)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.summary)
        body.addLayout(grid)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.empty)
        content_layout.addWidget(self.body)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        # The dates of a custom period in a row of their own, under the period's: beside it they widened the window
        # past a 1024-pixel screen (to 1,290 pixels, and it never shrank back).
        self.dates_row = QWidget()
        dates = QHBoxLayout(self.dates_row)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.first_day)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.last_day)
        dates.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.dates_row)
        layout.addLayout(filters)
        # The busy bar beside what it says, not in the row of the period: there it widened the window past a
        # 1024-pixel screen while the figures were computed (and the window never shrank back).
        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.busy)
        layout.addLayout(status)
        layout.addWidget(scroll, 1)

        self._fill_choices()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.previous_button.clicked.connect(lambda: self.set_period(self.period.previous()))
        self.next_button.clicked.connect(lambda: self.set_period(self.period.next()))
        self.first_day.dateChanged.connect(self._custom_dates)
        self.last_day.dateChanged.connect(self._custom_dates)
        for combo in (self.category, self.department, self.duty_manager, self.state):
            combo.currentIndexChanged.connect(self.refresh)
        self.search.editingFinished.connect(self.refresh)
        self._show_custom_dates()
        self.retranslateUi()

    def export_table(self, table: FiguresTable | None = None) -> object:
        """The table of the tab shown (or ``table``), with its header, to a file the person chooses: above it what
        it holds (the table and the period, the filters chosen, a period not over), its numbers as numbers."""
        from models.analysis.export import described_filters, export_table
        from ui import export_dialog  # xlsxwriter loads with the first export

        if not self.export_button.isEnabled():  # the figures of the period chosen are not shown yet (or none)
            return None
        table = table or cast(FiguresTable, self.tabs.currentWidget())
        what = fill(self.tr("%1, %2"), table.title, self.period_label.text())
        path = export_dialog.ask_export_path(self, self._export_name(table))
        if path is None:
            return None
        columns, rows = exported(table.figures)
        title = [what, self._filters_text() or self.tr("All complaints of the period (no filter)")]
        title += filter(None, [self._unfinished()])
        actor, name = self.actor, table.title
        details = {
            "period": f"{self.period.first.isoformat()}..{self.period.last.isoformat()}",
            "filters": described_filters(self.filters()),
        }

        def work(path: Path, progress: Progress) -> int:
            return export_table(actor, path, what, columns, rows, details=details, progress=progress,
                                total=len(rows), title=title, sheet=name)  # fmt: skip

        return export_dialog.run_export(self, path, work)

    def _export_name(self, table: FiguresTable) -> str:
        """The file name suggested for a table: its title, the period (a month "2026-11", a quarter "2026-Q4", a
        year "2026", any other dates first and last) and the filters chosen; a file of one department's figures or
        of other dates is not offered the same name as another."""
        period = self.period
        if period.kind is PeriodKind.MONTH:
            dates = period.first.strftime("%Y-%m")
        elif period.kind is PeriodKind.QUARTER:
            dates = f"{period.first.year}-Q{(period.first.month - 1) // 3 + 1}"
        elif period.kind is PeriodKind.YEAR:
            dates = str(period.first.year)
        elif period.first == period.last:
            dates = period.first.isoformat()
        else:
            dates = f"{period.first.isoformat()}_{period.last.isoformat()}"
        chosen = [combo.currentText() for combo in (self.category, self.department, self.duty_manager, self.state)
                  if combo.currentIndex() > 0]  # fmt: skip
        words = self.search.text().strip()
        name = "-".join([table.title, dates, *chosen, *([words] if words else [])])
        name = re.sub(r"[\\/:*?\"<>|\s]+", "-", name).strip("-.")[:150]
        return f"{name}.xlsx"

    # ------------------------------------------------------------------ set-up

    def _chart_view(self) -> ChartView:
        view = ChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(CHART_HEIGHT)
        view.setMinimumWidth(320)
        return view

    def _fill_choices(self) -> None:
        fill_filter_choices(self.state, self.category, self.department, self.duty_manager)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Analysis"))
        kind_names = {
            PeriodKind.WEEK: self.tr("Week"),
            PeriodKind.MONTH: self.tr("Month"),
            PeriodKind.QUARTER: self.tr("Quarter"),
            PeriodKind.YEAR: self.tr("Year"),
            PeriodKind.CUSTOM: self.tr("Dates"),
        }
        for index, kind in enumerate(PERIOD_KINDS):
            self.kind.setItemText(index, kind_names[kind])
        self.previous_button.setText(self.tr("◀ &Previous"))
        self.next_button.setText(self.tr("&Next ▶"))
        self.previous_button.setToolTip(self.tr("The period before"))
        self.next_button.setToolTip(self.tr("The period after"))
        self.print_button.setText(self.tr("P&rint…"))
        self.export_button.setText(self.tr("E&xport table…"))
        self.export_button.setToolTip(self.tr("The table of the tab shown, as an Excel workbook or a CSV file"))
        self.category.setItemText(0, self.tr("All categories"))
        self.department.setItemText(0, self.tr("All departments"))
        relabel_catalogue_choices(self.category, self.department)
        self.duty_manager.setItemText(0, self.tr("All duty managers"))
        self.state.setItemText(0, self.tr("All states"))
        self.state.setItemText(1, self.tr("Open cases"))
        relabel_items(self.state, state_label, first=2)
        for combo in (self.category, self.department, self.duty_manager, self.state):
            fit_first_choice(combo)
        self.search.setPlaceholderText(self.tr("Only complaints with these words (as in the register)"))
        self._empty_text()
        titles = [
            self.tr("Times and promises"),
            self.tr("Locations"),
            self.tr("Channels and severity"),
            self.tr("Duty managers"),
            self.tr("External cases"),
            self.tr("Hot-spots and actions"),
            self.tr("Cost of service recovery"),
            self.tr("Cost against effect"),
            self.tr("Recovery from third parties"),
        ]
        for table, title in zip(self.tables, titles, strict=True):
            table.title = title
            if table is not self.times_table:
                self.tabs.setTabText(self.tabs.indexOf(table), title)
        self._show_period()
        if self.analysis is not None:
            self._show(self.analysis)

    # ------------------------------------------------------------------ the period and the filters

    def set_period(self, period: Period) -> None:
        self.period = period
        self._show_period()
        self.refresh()

    def _kind_changed(self) -> None:
        kind = PeriodKind(self.kind.currentData())
        self._show_custom_dates()
        if kind is PeriodKind.CUSTOM:
            self.period = Period.custom(self.period.first, self.period.last)
            self._show_period()
            self.refresh()
        else:
            self.set_period(Period.of(kind, min(self.period.last, dt.date.today())))

    def _show_custom_dates(self) -> None:
        self.dates_row.setVisible(self.kind.currentData() == PeriodKind.CUSTOM)

    def _custom_dates(self) -> None:
        if self.kind.currentData() != PeriodKind.CUSTOM:
            return
        first = cast(dt.date, self.first_day.date().toPython())
        last = cast(dt.date, self.last_day.date().toPython())
        if last < first:
            self.status.setText(self.tr("The last day comes before the first."))
            return
        self.set_period(Period.custom(first, last))

    def _show_period(self) -> None:
        period = self.period
        if period.kind is PeriodKind.CUSTOM or period.first != period.last:
            text = fill(self.tr("%1 to %2"), date_text(period.first), date_text(period.last))
        else:
            text = date_text(period.first)
        self.period_label.setText(text)
        # No period that has not begun (it went on into next year's months, each "No complaints in this period").
        self.next_button.setEnabled(period.next().first <= dt.date.today())
        for edit, day in ((self.first_day, period.first), (self.last_day, period.last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def filters(self) -> Filters:
        state = self.state.currentData()
        states: tuple[str, ...] = ()
        if state == OPEN:
            states = tuple(s.value for s in OPEN_STATES)
        elif state:
            states = (state,)
        return Filters(
            text=self.search.text(),
            states=states,
            category_id=self.category.currentData(),
            department_id=self.department.currentData(),
            received_by_id=self.duty_manager.currentData(),
        )

    # ------------------------------------------------------------------ computing

    def refresh(self) -> None:
        """Compute the period's figures in a worker; only the newest answer is shown."""
        self.generation += 1
        generation = self.generation
        self.busy.show()
        self.status.setText(self.tr("Computing the figures…"))
        # Until the new figures show: an export made meanwhile was titled with the new period over the old rows.
        self.print_button.setEnabled(False)
        self.export_button.setEnabled(False)

        def shown(result: Analysis) -> None:
            if generation != self.generation:
                return
            self.busy.hide()
            self.status.setText("")
            self.analysis = result
            self._show(result)
            self.figures_shown.emit()

        def failed(error: Exception) -> None:
            if generation == self.generation:
                self.busy.hide()
                self.status.setText("")
            from ui.tasks import report_failure

            report_failure(error, self)

        run_task(analyse, self.period, self.filters(), on_done=shown, on_error=failed, owner=self)  # gone meanwhile

    # ------------------------------------------------------------------ showing

    def _show(self, result: Analysis) -> None:
        figures, cost = result.figures, result.cost
        empty = figures.total == 0
        self.empty.setVisible(empty)
        self.body.setVisible(not empty)
        self.print_button.setEnabled(not empty)
        self.export_button.setEnabled(not empty)
        if empty:
            self._empty_text()
            return
        self.summary.setText(self._summary_html(figures, cost))
        self._bars(self.category_chart, "category", self.tr("Complaints by category"), figures.by_category)
        self._bars(self.department_chart, "department", self.tr("Complaints by department"), figures.by_department)
        self._weekly(figures)
        self._cost_bars(cost)
        self._satisfaction(figures)
        self._tables(figures, cost)

    def _empty_text(self) -> None:
        """Nothing to show: the period holds no complaint, or none matches the filters (the words of a filter that
        matched nothing in a period of 211 complaints said "No complaints in this period")."""
        self.empty.setText(
            self.tr("No complaint in this period matches the filters.")
            if self.filters() != Filters()
            else self.tr("No complaints in this period.")
        )

    def _summary_html(self, figures: PeriodFigures, cost: CostFigures) -> str:
        total = (
            fill(
                self.tr(
                    "<b>%Ln</b> complaint(s) (the period before: %1, %2; a year earlier: %3, %4)", "", figures.total
                ),
                number(figures.total_previous),
                change_text(figures.total, figures.total_previous),
                number(figures.total_last_year),
                change_text(figures.total, figures.total_last_year),
            )
            if figures.has_last_year
            else fill(
                self.tr(
                    "<b>%Ln</b> complaint(s) (the period before: %1, %2; no complete records a year earlier)",
                    "",
                    figures.total,
                ),
                number(figures.total_previous),
                change_text(figures.total, figures.total_previous),
            )
            if figures.has_previous
            # The database begins within the period before: its count is no comparison ("185, +314%").
            else self.tr("<b>%Ln</b> complaint(s) (no complete records of the period before)", "", figures.total)
        )
        if self._unfinished():
            # Not compared with whole periods, as the sentence above it says ("3 (the period before: 51, −94%)").
            total = (
                fill(self.tr("<b>%Ln</b> complaint(s) so far (the period before: %1 in all)", "", figures.total),
                     number(figures.total_previous))
                if figures.has_previous
                else self.tr("<b>%Ln</b> complaint(s) so far", "", figures.total)
            )  # fmt: skip
        parts = [
            total,
            fill(
                self.tr("closed %1, withdrawn %2, open %3"),
                number(figures.closed),
                number(figures.withdrawn),
                number(figures.open),
            ),
            fill(
                self.tr("first response in %1 (median), closed in %2 (median)"),
                duration_text(figures.first_response.median_minutes),
                duration_text(figures.closing.median_minutes),
            ),
            fill(
                self.tr("satisfaction %1 out of 5"),
                "—" if figures.satisfaction.average is None else f"{figures.satisfaction.average:.2f}",
            ),
            fill(
                self.tr("compensation %1 yuan (%2 per compensated case)"),
                money(cost.total),
                money(cost.per_compensated_case) or "—",
            ),
        ]
        text = fill(self.tr("%1.", "the summary's clauses"), clauses(parts))
        unfinished = self._unfinished()
        if unfinished:
            text = f"<i>{escape(unfinished)}</i><br>{text}"
        return text

    def _unfinished(self) -> str:
        """A sentence when the period is not over today ("" when it is)."""
        today = dt.date.today()
        if not (self.period.contains(today) and self.period.last > today):
            return ""
        elapsed = (today - self.period.first).days + 1
        unfinished = self.tr(
            "The period is not over (day %1 of %2): its figures are not yet comparable with whole periods."
        )
        return fill(unfinished, elapsed, self.period.days)

    def _name(self, dimension: str, row: CountRow) -> str:
        if dimension in ("channel", "severity"):
            return code_name(dimension, row.key)
        if row.key is None:
            return self.tr("Not recorded")
        if current_language() == "en" and row.name_en:
            return row.name_en
        return row.name or str(row.key)

    def _bars(self, view: ChartView, dimension: str, title: str, rows: Sequence[CountRow]) -> None:
        shown, rest = most_and_rest(rows)
        names = [self._name(dimension, row) for row in shown]
        keys: list[Key | tuple[Key, ...]] = [row.key for row in shown]
        counts = [row.count for row in shown]
        before = [row.previous for row in shown]
        if rest:  # one bar for the rest, so the bars add up to the period's complaints
            names.append(self._others(len(rest)))
            keys.append(tuple(row.key for row in rest))  # no register filter says these: their complaints do
            counts.append(sum(row.count for row in rest))
            before.append(sum(row.previous for row in rest))
        # The most at the top of a horizontal chart (the rest below them all).
        names, keys, counts, before = names[::-1], keys[::-1], counts[::-1], before[::-1]
        self.bar_keys[dimension] = keys
        current = QBarSet(self.tr("This period"))
        previous = QBarSet(self.tr("The period before"))
        current.append([float(count) for count in counts])
        previous.append([float(count) for count in before])
        current.setColor(THIS_PERIOD)
        previous.setColor(PERIOD_BEFORE)
        series = QHorizontalBarSeries()
        series.append(previous)
        series.append(current)
        series.setBarWidth(0.8)
        for bar_set in (current, previous):
            bar_set.clicked.connect(lambda index, d=dimension: self.bar_clicked(d, index))
        chart = self._new_chart(title)
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.setTruncateLabels(False)  # cut short here, to a width the chart leaves them
        axis.append(short_labels(names, QFontMetrics(axis.labelsFont()), label_room(view.width())))
        view.names = names
        self._tooltips(current, [fill(self.tr("%1: %2 (the period before: %3)"), name, number(now), number(then))
                                 for name, now, then in zip(names, counts, before, strict=True)])  # fmt: skip
        self._tooltips(previous, [fill(self.tr("%1: %2 in the period before"), name, number(then))
                                  for name, then in zip(names, before, strict=True)])  # fmt: skip
        values = QValueAxis()
        count_scale(values, max([*counts, *before, 1]))
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        series.attachAxis(values)
        self._install(view, chart)

    def _others(self, count: int) -> str:
        return fill(self.tr("%1 others"), number(count))

    def _tooltips(self, bars: QBarSet, texts: list[str]) -> None:
        """Each bar's whole name and figures on hovering (a long name is cut short beside the chart)."""

        def hovered(status: bool, index: int) -> None:
            if status and index < len(texts):
                QToolTip.showText(QCursor.pos(), texts[index])
            else:
                QToolTip.hideText()

        bars.hovered.connect(hovered)

    def _weekly(self, figures: PeriodFigures) -> None:
        """A line through the whole weeks; the first and last week, when only some of their days are in the period,
        as points joined by a dashed line (their counts are of fewer days, not a fall)."""
        chart = self._new_chart(self.tr("Complaints per week"))

        def moment(week: WeekCount) -> float:
            day = QDateTime(QDate(week.monday.year, week.monday.month, week.monday.day), QTime(0, 0))
            return float(day.toMSecsSinceEpoch())

        weekly = figures.weekly
        whole = [week for week in weekly if week.days == 7]
        series = QLineSeries()
        series.setName(self.tr("Whole weeks"))
        for week in whole:
            series.append(moment(week), float(week.count))
        series.setPointsVisible(True)
        series.setColor(THIS_PERIOD)
        lines = [series]
        part_pen = QPen(THIS_PERIOD, 1.5, Qt.PenStyle.DashLine)
        if not whole and weekly:
            # No whole week yet (the first days of a month): its part weeks dashed, one line (they were drawn as
            # whole ones, solid: 46 of six days falling to 0 of one).
            series.setName(self.tr("Partial weeks"))
            series.setPen(part_pen)
            for week in weekly:
                series.append(moment(week), float(week.count))
        for place, week in enumerate(weekly):
            if week in whole or not whole:
                continue
            neighbour = weekly[place + 1] if place == 0 and len(weekly) > 1 else weekly[place - 1] if place else None
            part = QLineSeries()
            part.setName(self.tr("Partial weeks"))
            for point in (week, neighbour) if neighbour is not None else (week,):
                part.append(moment(point), float(point.count))
            part.setPen(part_pen)
            part.setPointsVisible(True)
            lines.append(part)
        for line in lines:
            chart.addSeries(line)
        weeks = QDateTimeAxis()
        weeks.setFormat("MM-dd")
        if weekly:  # every week's point, the part weeks' too (the axis would take only the first line's)
            ticks, added = week_ticks(len(weekly) - 1)
            first, last = (QDateTime.fromMSecsSinceEpoch(int(moment(week))) for week in (weekly[0], weekly[-1]))
            weeks.setRange(first, last.addDays(7 * added))
            weeks.setTickCount(ticks)
        weeks.setTitleText(self.tr("Weeks from Monday; a partial week counts only its days in the period"))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
        weeks.setTitleFont(small)
        counts = QValueAxis()
        count_scale(counts, max([week.count for week in weekly] + [1]))
        chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        for line in lines:
            line.attachAxis(weeks)
            line.attachAxis(counts)
        legend = chart.legend()
        legend.setVisible(len(lines) > 1)  # a legend only to tell the dashed part weeks apart
        legend.setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)  # a line, dashed or not
        for line in lines[2:]:  # one entry for the part weeks
            for marker in legend.markers(line):
                marker.setVisible(False)
        self._install(self.weekly_chart, chart)

    def _cost_bars(self, cost: CostFigures) -> None:
        english = current_language() == "en"
        rows, rest = most_and_rest(cost.by_department)
        names = [(row.name_en if english and row.name_en else row.name) or self.tr("Not charged") for row in rows]
        values = [float(row.amount) for row in rows]
        if rest:
            names.append(self._others(len(rest)))
            values.append(float(sum(row.amount for row in rest)))
        names, values = names[::-1], values[::-1]
        amounts = QBarSet(self.tr("Compensation (yuan)"))
        amounts.append(values)
        amounts.setColor(THIS_PERIOD)
        series = QHorizontalBarSeries()
        series.append(amounts)
        series.setLabelsVisible(True)
        # The amount alone (the title says yuan): "19,727 yuan" left a short bar beside it at 1,024 pixels.
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12)  # whole yuan as they are (not 1.2e+04)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)  # a small bar's too
        amounts.setLabelColor(self.palette().windowText().color())
        chart = self._new_chart(self.tr("Compensation by department (yuan)"))
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.setTruncateLabels(False)  # cut short here, to a width the chart leaves them
        axis.append(short_labels(names, QFontMetrics(axis.labelsFont()), label_room(self.cost_chart.width())))
        self.cost_chart.names = names
        self._tooltips(amounts, [fill(self.tr("%1: %2 yuan"), name, money(Decimal(str(value))))
                                 for name, value in zip(names, values, strict=True)])  # fmt: skip
        scale = QValueAxis()
        scale.setLabelFormat("%.0f")
        scale.setMin(0)
        scale.setMax(max([*values, 1.0]) * 1.35)  # room for the labels
        scale.applyNiceNumbers()
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(scale, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        series.attachAxis(scale)
        chart.legend().hide()
        labels = [chart.locale().toString(value, "g", 12) for value in values]  # as the chart writes them
        room = QFontMetrics(amounts.labelFont())

        def fit_scale(area: QRectF) -> None:
            """The scale long enough that each bar's amount fits beyond its end: a label without room is drawn over
            the bar (at 1,024 pixels "19,727 yuan" black on the dark blue)."""
            plot = area.width()
            needed = max(
                [value * plot / (plot - room.horizontalAdvance(label) - 12)
                 for value, label in zip(values, labels, strict=True)
                 if plot - room.horizontalAdvance(label) - 12 > plot / 4] + [1.0]
            )  # fmt: skip
            if needed > scale.max() or needed < scale.max() / 2:
                scale.setRange(0, needed)
                scale.applyNiceNumbers()

        chart.plotAreaChanged.connect(fit_scale)
        self._install(self.cost_chart, chart)

    def _satisfaction(self, figures: PeriodFigures) -> None:
        answers = QBarSet(self.tr("Customers"))
        answers.append([float(count) for _, count in figures.satisfaction.by_score])
        answers.setColor(THIS_PERIOD)
        series = QBarSeries()
        series.append(answers)
        series.setLabelsVisible(True)
        average = figures.satisfaction.average
        title = fill(self.tr("Satisfaction (1 to 5; average %1)"), "—" if average is None else f"{average:.2f}")
        chart = self._new_chart(title)
        chart.addSeries(series)
        scores = QBarCategoryAxis()
        scores.append([str(score) for score, _ in figures.satisfaction.by_score])
        counts = QValueAxis()
        count_scale(counts, max([count for _, count in figures.satisfaction.by_score] + [1]) * 1.1)
        chart.addAxis(scores, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(scores)
        series.attachAxis(counts)
        chart.legend().hide()
        self._install(self.satisfaction_chart, chart)

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setMargins(QMargins(12, 6, 12, 6))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setLocalizeNumbers(True)  # 19,727 as the language writes it (the chart's own: 19727)
        return chart

    def _install(self, view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    # ------------------------------------------------------------------ tables

    def _tables(self, figures: PeriodFigures, cost: CostFigures) -> None:
        promises, escalations = figures.promises, figures.escalations

        def durations_row(label: str, values: Durations) -> list[Cell]:
            return [
                Cell(label),
                Cell(number(values.count), True, values.count),
                Cell(duration_text(values.median_minutes), True),
                Cell(duration_text(values.p90_minutes), True),
            ]

        self.times_table.set_table(
            [self.tr("Figure"), self.tr("Cases"), self.tr("Median"), self.tr("90th percentile")],
            [
                durations_row(self.tr("Time to first response"), figures.first_response),
                durations_row(self.tr("Time to closing"), figures.closing),
                durations_row(self.tr("Waiting for the office's decision"), escalations.wait),
                cells(self.tr("Promised waits"), promises.promised, "", ""),
                [
                    Cell(self.tr("… answered in time")),
                    Cell(number(promises.kept), True, promises.kept),
                    share_cell(promises.kept / promises.promised if promises.promised else None),
                    Cell(""),
                ],
                [
                    Cell(self.tr("… answered late")),
                    Cell(number(promises.late), True, promises.late),
                    share_cell(promises.late / promises.promised if promises.promised else None),
                    Cell(""),
                ],
                cells(self.tr("… open and overdue now"), promises.overdue, "", ""),
                cells(self.tr("… still within the promise"), promises.pending, "", ""),
                # The rest of the promised: so that the rows add up to the promised waits.
                cells(self.tr("… ended without an answer (withdrawn)"), promises.ended_unanswered, "", ""),
                cells(self.tr("Escalated to the office (cases)"), escalations.cases, "", ""),
                cells(self.tr("… still waiting for the office"), escalations.waiting, "", ""),
                cells(self.tr("Customers who complained more than once"), figures.repeat.repeat_customers, "", ""),
                cells(
                    self.tr("Complaints from returning customers (90 days)"),
                    figures.repeat.returning_complaints,
                    "",
                    "",
                ),
            ],
        )
        comparison = [self.tr("Complaints"), self.tr("The period before"), self.tr("Change"), self.tr("A year earlier")]

        def compared(dimension: str, rows: Sequence[CountRow]) -> list[list[Cell]]:
            return [
                [
                    Cell(self._name(dimension, row)),
                    Cell(number(row.count), True, row.count),
                    # A period before recorded in part is no comparison, as a year earlier before the records.
                    Cell(number(row.previous), True, row.previous) if figures.has_previous else Cell("—", True),
                    change_cell(row.count, row.previous) if figures.has_previous else Cell("—", True),
                    # Before the database's first complaint a year earlier's 0 is no record, not no complaint.
                    Cell(number(row.last_year), True, row.last_year) if figures.has_last_year else Cell("—", True),
                ]
                for row in rows
            ]

        self.places_table.set_table([self.tr("Location"), *comparison], compared("location", figures.by_location))
        self.channels_table.set_table(
            [self.tr("Channel or severity"), *comparison],
            compared("channel", figures.by_channel) + compared("severity", figures.by_severity),
        )
        limits = {row.staff_id: row for row in cost.by_duty_manager}
        manager_rows = []
        for row in figures.by_duty_manager:
            spent = limits.get(row.key) if isinstance(row.key, int) else None
            manager_rows.append(
                [
                    Cell(self._name("manager", row)),
                    Cell(number(row.count), True, row.count),
                    Cell(number(row.previous), True, row.previous),
                    *cells(
                        spent.amount if spent else None,
                        spent.largest if spent else None,
                        spent.per_case_limit if spent else None,
                        spent.over_case_limit if spent else None,
                        spent.busiest_day if spent else None,
                        spent.daily_limit if spent else None,
                    ),
                ]
            )
        self.managers_table.set_table(
            [
                self.tr("Duty manager"),
                self.tr("Complaints"),
                self.tr("The period before"),
                self.tr("Compensation"),
                self.tr("Largest case"),
                self.tr("Limit per case"),
                self.tr("Cases over it (office)"),
                self.tr("Busiest day at the desk"),
                self.tr("Daily limit"),
            ],
            manager_rows,
        )
        external = figures.external
        english = current_language() == "en"
        self.external_table.set_table(
            [self.tr("Channel or outcome"), self.tr("Cases")],
            [
                cells(self.tr("External cases received"), external.total),
                cells(self.tr("… closed"), external.closed),
                cells(self.tr("… unanswered past their deadline"), external.overdue),
            ]
            + [
                cells((row.name_en if english and row.name_en else row.name) or str(row.key), row.count)
                for row in external.by_channel
            ]
            + [
                cells(code_name("external_outcome", row.key) if row.key else self.tr("Not closed yet"), row.count)
                for row in external.by_outcome
            ],
        )
        improvement = figures.improvement
        self.improvement_table.set_table(
            [self.tr("Hot-spot or action"), self.tr("Count"), self.tr("Actions")],
            [
                cells(self.tr("Improvement actions created"), improvement.actions, ""),
                cells(self.tr("… open or in progress"), improvement.open, ""),
                cells(self.tr("… done, effect not judged yet"), improvement.done, ""),
                cells(self.tr("… verified effective"), improvement.effective, ""),
                cells(self.tr("… verified not effective"), improvement.not_effective, ""),
                cells(self.tr("… overdue"), improvement.overdue, ""),
                cells(self.tr("Actions completed in the period"), improvement.completed_in_period, ""),
            ]
            + [
                cells(
                    # The count beside it: its group's complaints received in the period (not only those the
                    # desk told the office of, as before: 7 here, 11 on the Hot-spots page).
                    fill(
                        self.tr("Hot-spot: %1, since %2 (its complaints in the period)"),
                        group_text(row.group),
                        date_text(row.key.since),
                    ),
                    row.complaints,
                    QCoreApplication.translate("Text", ", ").join(  # 待整改、整改中 (a Chinese list with 、)
                        code_name("action_state", state) for state in row.action_states
                    )
                    or self.tr("no action yet"),
                )
                for row in improvement.hotspots
            ],
        )
        self.cost_table.set_table(
            [self.tr("Compensation"), self.tr("Cases"), self.tr("Lines"), self.tr("Amount (yuan)")],
            [
                cells(self.tr("All compensation accepted"), cost.compensated, "", cost.total),
                cells(self.tr("… per compensated case"), "", "", cost.per_compensated_case),
                cells(self.tr("… per complaint"), "", "", cost.per_complaint),
            ]
            + [
                cells(
                    fill(
                        self.tr("Charged to %1"),
                        (row.name_en if english and row.name_en else row.name) or self.tr("no department"),
                    ),
                    row.cases,
                    row.lines,
                    row.amount,
                )
                for row in cost.by_department
            ]
            + [
                cells(fill(self.tr("Remedy: %1"), code_name("remedy_kind", row.key)), row.cases, row.lines, row.amount)
                for row in cost.by_remedy_kind
            ],
        )

        def effect_cells(label: str, effect: EffectRow) -> list[Cell]:
            return [
                *cells(label, effect.cases, effect.amount, effect.per_case),
                Cell("—", True)
                if effect.satisfaction is None
                else Cell(f"{effect.satisfaction:.2f}", True, round(float(effect.satisfaction), 2)),
                share_cell(None if effect.came_back_share is None else float(effect.came_back_share)),
            ]

        def band_label(low: Decimal | None, high: Decimal | None) -> str:
            if low is None:
                return self.tr("No compensation")
            if high is None:
                return fill(self.tr("Above %1 yuan"), money(low))
            # A band holds what is above its low and at most its high: "0.00 to 50.00" beside "50.00 to 200.00"
            # said twice where 50.00 went.
            if not low:
                return fill(self.tr("Up to %1 yuan"), money(high))
            return fill(self.tr("Above %1, up to %2 yuan"), money(low), money(high))

        self.effect_table.set_table(
            [
                self.tr("Which cases"),
                self.tr("Cases"),
                self.tr("Amount"),
                self.tr("Per case"),
                self.tr("Satisfaction"),
                self.tr("Came back in 90 days"),
            ],
            [
                effect_cells(self.tr("Small, settled at the desk"), cost.small.effect),
                effect_cells(self.tr("Large, through the office"), cost.large.effect),
            ]
            + [
                effect_cells(fill(self.tr("Remedy: %1"), code_name("remedy_kind", row.kind)), row.effect)
                for row in cost.effect_by_remedy_kind
            ]
            + [effect_cells(band_label(row.low, row.high), row.effect) for row in cost.effect_by_band],
        )
        recovery = cost.recovery
        self.recovery_table.set_table(
            [
                self.tr("Recoverable from"),
                self.tr("Lines"),
                self.tr("Due"),
                self.tr("Recovered"),
                self.tr("Outstanding"),
            ],
            [
                cells(
                    self.tr("All third parties"), recovery.lines, recovery.due, recovery.recovered, recovery.outstanding
                )
            ]
            + [cells(row.party, row.lines, row.due, row.recovered, row.outstanding) for row in recovery.by_party],
        )

    # ------------------------------------------------------------------ the register, printing

    def bar_clicked(self, dimension: str, index: int) -> None:
        """Open the register with the complaints of the period behind this bar."""
        keys = self.bar_keys.get(dimension, [])
        if index >= len(keys) or self.analysis is None:
            return
        key = keys[index]
        dated = replace(self.filters(), received_from=self.period.first, received_to=self.period.last)
        if key is None or isinstance(key, tuple):  # "Not recorded" or "5 others": their complaints, listed
            name = self._others(len(key)) if isinstance(key, tuple) else self.tr("Not recorded")
            what = fill(self.tr("%1, %2"), name, self.period_label.text())
            run_task(
                bar_complaints,
                self.period,
                self.filters(),
                dimension,
                key if isinstance(key, tuple) else (None,),
                on_done=lambda ids: self.open_register.emit(replace(dated, ids=tuple(ids)), what),
                owner=self,
            )
            return
        if dimension == "category":
            filters = replace(dated, category_id=cast(int, key))
            rows = self.analysis.figures.by_category
        else:
            filters = replace(dated, department_id=cast(int, key))
            rows = self.analysis.figures.by_department
        name = next((self._name(dimension, row) for row in rows if row.key == key), "")
        self.open_register.emit(filters, fill(self.tr("%1, %2"), name, self.period_label.text()))

    def render_pdf(self) -> bytes:
        """The page's figures, charts and tables on A4 pages (a PDF), as printed."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15))
        )
        writer.setResolution(150)
        writer.setTitle(self._print_title())
        painter = QPainter(writer)
        page = painter.viewport()
        heading = QFont(self.font())
        heading.setPointSizeF(14)
        heading.setBold(True)
        body = QFont(self.font())
        body.setPointSizeF(9)
        small = QFont(self.font())
        small.setPointSizeF(7.5)
        painter.setFont(small)
        footer_height = painter.fontMetrics().height() * 2
        width, height = page.width(), page.height() - footer_height  # each page's footer below
        organisation = str(settings.get(settings.ORGANISATION_NAME) or "")
        footer_title = " · ".join(filter(None, (organisation, self._print_title())))
        # A demo database's figures are stamped on every page, as its forms and summaries are.
        top = painter.fontMetrics().height() * 3 if settings.is_demo() else 0
        y, page_number = top, 1

        def demo_mark() -> None:
            if not top:
                return
            from ui.paper.page import demo_mark as stamp

            mark = stamp(current_language())  # in the printout's language only, as the forms' stamp
            painter.save()
            painter.setFont(small)
            painter.setPen(QColor(DRAFT_RED))
            box = painter.fontMetrics().boundingRect(mark).adjusted(-12, -4, 12, 4)
            box.moveCenter(QRect(0, 0, width, top * 2 // 3).center())
            painter.drawRect(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, mark)
            painter.restore()

        demo_mark()

        def footer() -> None:
            font = painter.font()
            painter.setFont(small)
            text = fill(self.tr("%1 · page %2"), footer_title, page_number)
            painter.drawText(QRect(0, height, width, footer_height), RIGHT | Qt.AlignmentFlag.AlignBottom, text)
            painter.setFont(font)

        def room(needed: int) -> bool:
            """A new page when ``needed`` does not fit on this one (True then)."""
            nonlocal y, page_number
            if y > top and y + needed > height:
                footer()
                writer.newPage()
                y, page_number = top, page_number + 1
                demo_mark()
                return True
            return False

        painter.setFont(heading)
        line = painter.fontMetrics().height()
        painter.drawText(QRect(0, y, width, line * 2), Qt.AlignmentFlag.AlignLeft, self._print_title())
        y += line * 2
        painter.setFont(body)
        # The filters chosen: a figure of one department's complaints is not to be read as the whole house's.
        only = self._filters_text()
        # The label's rich text as plain text (a period not over printed "<i>…</i><br>" as they are).
        summary = QTextDocumentFragment.fromHtml(self.summary.text()).toPlainText()
        for text in filter(None, (only, summary)):
            box = painter.boundingRect(QRect(0, y, width, height), Qt.TextFlag.TextWordWrap, text)
            painter.drawText(box, Qt.TextFlag.TextWordWrap, text)
            y += box.height() + line // 2
        y += line // 2
        chart_width, chart_height = (width - 20) // 2, height // 4
        for index, view in enumerate(self.charts):
            column = index % 2
            if column == 0:
                room(chart_height)
            target = QRect(column * (chart_width + 20), y, chart_width, chart_height)
            view.chart().scene().render(painter, target, view.chart().sceneBoundingRect())
            if column == 1 or index == len(self.charts) - 1:
                y += chart_height + line
        for table in self.tables:
            model = table.figures
            painter.setFont(heading)
            room(line * 4)
            painter.drawText(QRect(0, y, width, line * 2), Qt.AlignmentFlag.AlignLeft, table.title)
            y += line * 2
            printed = model.rowCount() if model.rowCount() <= PRINTED_ROWS + PRINTED_SLACK else PRINTED_ROWS
            columns = max(model.columnCount(), 1)
            headers = [str(model.headerData(column, Qt.Orientation.Horizontal) or "") for column in range(columns)]
            rows = [[(cell.text, cell.numeric) for cell in model.rows[row][:columns]] for row in range(printed)]
            widths = _fitted_widths(painter, body, headers, rows, width)
            lefts = [sum(widths[:column]) for column in range(columns)]
            row_height = painter.fontMetrics().height() + 6
            named = [(text, column > 0) for column, text in enumerate(headers)]
            header_height = _header_height(painter, headers, widths, row_height)
            room(header_height + row_height)
            for place, cells in enumerate([named, *rows]):
                if place and room(row_height):
                    _draw_row(painter, named, lefts, widths, y, header_height, wrap=True)  # the columns named again
                    y += header_height
                tall = header_height if place == 0 else row_height
                _draw_row(painter, cells, lefts, widths, y, tall, wrap=place == 0)
                if place == 0:
                    painter.drawLine(0, y + tall, width, y + tall)
                y += tall
            if model.rowCount() > printed:
                room(row_height)
                more = fill(self.tr("… %1 more rows are not printed: the Analysis section lists them all."),
                            number(model.rowCount() - printed))  # fmt: skip
                painter.drawText(QRect(2, y, width, row_height), Qt.AlignmentFlag.AlignLeft, more)
                y += row_height
            y += line
        footer()
        painter.end()
        buffer.close()
        return bytes(buffer.data().data())

    def _print_title(self) -> str:
        return fill(self.tr("Complaint analysis: %1"), self.period_label.text())

    def _filters_text(self) -> str:
        """The filters chosen, in words ("" when none): printed under the title."""
        chosen = [combo.currentText() for combo in (self.category, self.department, self.duty_manager, self.state)
                  if combo.currentIndex() > 0]  # fmt: skip
        words = self.search.text().strip()
        if words:
            chosen.append(fill(self.tr("with the words “%1”"), words))
        return fill(self.tr("Only these complaints: %1"), " · ".join(chosen)) if chosen else ""

    def print_preview(self) -> PrintPreviewDialog:
        dialog = PrintPreviewDialog(self.render_pdf(), self._print_title(), self)
        dialog.open()
        return dialog


ELIDE = Qt.TextElideMode.ElideRight


def _draw_row(
    painter: QPainter,
    cells: list[tuple[str, bool]],
    lefts: list[int],
    widths: list[int],
    y: int,
    height: int,
    wrap: bool = False,
) -> None:
    """One printed table row: figures to the right, the rest to the left, each cut with "…" to its column; the
    headings (``wrap``) over as many lines as they need ("Limit per ca…" told nothing on paper)."""
    for column, (text, numeric) in enumerate(cells):
        flags = RIGHT if numeric else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        rect = QRect(lefts[column] + 2, y, widths[column] - 4, height)
        if wrap:
            painter.drawText(rect, flags | Qt.TextFlag.TextWordWrap, text)
        else:
            painter.drawText(rect, flags, painter.fontMetrics().elidedText(text, ELIDE, rect.width()))


def _header_height(painter: QPainter, headers: list[str], widths: list[int], row_height: int) -> int:
    """The headings' row: as tall as the heading that wraps over the most lines."""
    tallest = max(
        painter.boundingRect(QRect(0, 0, max(width - 4, 1), 10_000), Qt.TextFlag.TextWordWrap, text).height()
        for text, width in zip(headers, widths, strict=True)
    )
    return max(row_height, tallest + 6)


def _fitted_widths(
    painter: QPainter, font: QFont, headers: list[str], rows: list[list[tuple[str, bool]]], width: int
) -> list[int]:
    """Printed columns as wide as their widest cell, the figures whole: the first (the names) takes what is left,
    down to a quarter of the page, and gives way first (cut with "…"); when the figures alone are wider than the
    rest, the table's font is made smaller (down to 6.5 pt), and last the figures share the page. Sets the
    painter's font."""
    columns = len(headers)
    size = font.pointSizeF()
    while True:
        sized = QFont(font)
        sized.setPointSizeF(size)
        painter.setFont(sized)
        metrics = painter.fontMetrics()
        # A heading wraps over lines (its longest word whole), a cell's figure never.
        natural = [
            max(
                [metrics.horizontalAdvance(word) for word in headers[column].split() or [""]]
                + [metrics.horizontalAdvance(row[column][0]) for row in rows]
            )
            + 24
            for column in range(columns)
        ]
        if columns == 1:
            return [width]
        figures = sum(natural[1:])
        if figures + width // 4 <= width or size <= 6.5:
            break
        size -= 0.5
    first = max(width - figures, width // 4)
    if first + figures > width:  # still too wide at the smallest font: the figures share what is left
        natural[1:] = [column * (width - first) // figures for column in natural[1:]]
    return [first, *natural[1:]]
