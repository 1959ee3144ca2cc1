"""The office's overview with its hot-spots' trends: how long the page takes to open (built, shown and painted)
with the trends drawn by ``ui.sparkline`` (QPainter, in the list's own rows), with one QtCharts chart per row
instead, and without trends; beside a bare window (a QLabel) shown and painted in the same process. Prints
figures; not a test.

    uv run python tests/perf/bench_overview.py [--rows 5] [--runs 20]

Each variant opens the same overview (the figures' cards, the external cases' reminders, the board with ROWS
hot-spots and three overdue actions, made up: no database is read, the page's workers are not started), best of
RUNS. QtCharts' import is timed in a fresh interpreter (``python -c "import PySide6.QtCharts"``) beside a bare
``import PySide6.QtWidgets``, since a process imports it once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # offscreen's notes on size hints
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QLabel, QTreeWidgetItem, QWidget  # noqa: E402

from models.control.farrington import Baseline  # noqa: E402
from models.control.hotspots import Group, Hotspot, HotspotKey, Judgement, Window  # noqa: E402
from models.control.improvement import ActionState, Source  # noqa: E402
from models.control.improvement_queries import ActionRow  # noqa: E402
from models.control.tallies import GroupKind  # noqa: E402
from models.overview import DeskOverview  # noqa: E402
from ui import overview  # noqa: E402

TODAY = dt.date(2026, 12, 5)


def made_up_board(rows: int) -> overview.Board:
    spots = []
    for k in range(rows):
        group = Group(GroupKind.PHRASE_LOCATION, "二楼中餐厅", f"头发{k}", f"头发{k}", "二楼中餐厅")
        trend = (0, 1, 0, 0, 1, 0, 0, 0, 6)
        judgement = Judgement(Window.WEEK, TODAY - dt.timedelta(days=6), TODAY, 6 + k, Baseline(0.4, 1.0, 3, 8), trend)
        spots.append(Hotspot(HotspotKey(*group.key, TODAY), group, judgement, TODAY, False, ()))
    due, raised = TODAY - dt.timedelta(days=3), dt.datetime(2026, 11, 1)
    problem = "自助餐厅多名顾客反映用餐时看见蟑螂"
    return overview.Board(spots, {}, [], [
        ActionRow(k, f"ZG-{k:04d}", problem, "消杀", "餐饮部", "Food", "孙某", due, ActionState.IN_PROGRESS,
                  Source.HOTSPOT, "", None, raised, None, None, 3, True)
        for k in range(1, 4)
    ])  # fmt: skip


class ChartBoard(overview.OfficeBoard):
    """The same board with a QtCharts line chart in each row's trend cell."""

    def show_board(self, board: overview.Board) -> None:
        from PySide6.QtCharts import QChart, QChartView, QLineSeries

        super().show_board(board)
        for index, spot in enumerate(board.hotspots):
            item = self.hotspots.topLevelItem(index)
            assert isinstance(item, QTreeWidgetItem)
            item.setData(0, overview.TREND_ROLE, None)
            series = QLineSeries()
            for x, y in enumerate(spot.trend):
                series.append(x, y)
            chart = QChart()
            chart.addSeries(series)
            chart.legend().hide()
            chart.createDefaultAxes()
            for axis in chart.axes():
                axis.setVisible(False)
            chart.setMargins(chart.margins().__class__(0, 0, 0, 0))
            view = QChartView(chart)
            view.setFixedSize(100, 40)
            self.hotspots.setItemWidget(item, 0, view)


class PlainBoard(overview.OfficeBoard):
    """The same board without trends."""

    def show_board(self, board: overview.Board) -> None:
        super().show_board(board)
        for index in range(self.hotspots.topLevelItemCount()):
            item = self.hotspots.topLevelItem(index)
            assert isinstance(item, QTreeWidgetItem)
            item.setData(0, overview.TREND_ROLE, None)


def opened(app: QApplication, make: Callable[[], QWidget]) -> float:
    """Milliseconds to build, show and paint the widget ``make`` returns."""
    started = time.perf_counter()
    widget = make()
    widget.resize(1100, 700)
    widget.show()
    widget.repaint()
    app.processEvents()
    elapsed = time.perf_counter() - started
    widget.close()
    widget.deleteLater()
    app.processEvents()
    return elapsed * 1000


def page(board_class: type[overview.OfficeBoard], board: overview.Board) -> Callable[[], QWidget]:
    def make() -> QWidget:
        original = overview.OfficeBoard
        overview.OfficeBoard = board_class  # type: ignore[misc]  # the page builds the board by this name
        try:
            shown = overview.OverviewPage()
        finally:
            overview.OfficeBoard = original  # type: ignore[misc]
        shown.show_overview(DeskOverview(100, 94, 20, 3, 164))
        shown.board.show()
        shown.board.show_board(board)
        return shown

    return make


def import_ms(statement: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    board = made_up_board(args.rows)
    variants: list[tuple[str, Callable[[], QWidget]]] = [
        ("bare window (a QLabel)", lambda: QLabel("投诉受理台")),
        ("overview, no trends", page(PlainBoard, board)),
        ("overview, sparklines (QPainter)", page(overview.OfficeBoard, board)),
        ("overview, QtCharts per row", page(ChartBoard, board)),
    ]
    first = {name: opened(app, make) for name, make in variants}  # the first in the process: imports, caches
    best = dict(first)
    for _ in range(args.runs):  # round after round, so that the machine's noise falls on every variant alike
        for name, make in variants:
            best[name] = min(best[name], opened(app, make))
    print(f"the office's overview with {args.rows} hot-spots, opened (built, shown, painted):")
    print(f"  {'':34} {'first':>8}    {'best of ' + str(args.runs):>11}")
    bare = best[variants[0][0]]
    for name, _ in variants:
        print(f"  {name:34} {first[name]:8.2f} ms {best[name]:8.2f} ms  {best[name] / bare:6.1f} x bare")
    runs = max(3, args.runs // 4)
    widgets = import_ms("from PySide6.QtWidgets import QWidget", runs)
    charts = import_ms("from PySide6.QtWidgets import QWidget; from PySide6.QtCharts import QChart", runs)
    print(f"\nimport in a fresh interpreter, best of {runs}:")
    print(f"  PySide6.QtWidgets {widgets:8.1f} ms")
    print(f"  PySide6.QtCharts  {charts:8.1f} ms   (+{charts - widgets:.1f} ms)")


if __name__ == "__main__":
    main()
