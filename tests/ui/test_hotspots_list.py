"""The hot-spots list at 1024 pixels: a hot-spot's name and its count wrap, and the row is as high as they need."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from conftest import Desk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_improvement_screens import hotspots_page, stream  # noqa: F401 - the fixture, used by name


def test_a_hot_spot_s_wrapped_lines_are_all_shown(qtbot: QtBot, stream: Desk, english: None) -> None:  # noqa: F811
    """Each row held its explicit two lines: the words wrapped into a third were cut ("13 complaints in the")."""
    window, page = hotspots_page(qtbot, stream)
    window.resize(1024, 768)
    page.list.setColumnWidth(1, 200)
    page.list.header().resizeSection(1, 200)
    qtbot.waitUntil(lambda: page.list.columnWidth(1) < 260)
    assert page.list.topLevelItemCount() > 0
    for row in range(page.list.topLevelItemCount()):
        item = page.list.topLevelItem(row)
        width = page.list.columnWidth(1)
        room = QRect(0, 0, width - 8, 100_000)
        needed = page.list.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text(1)).height()
        shown = page.list.visualItemRect(item).height()
        assert needed > 2 * page.list.fontMetrics().height(), "the text wraps into more than its two lines"
        assert shown >= needed, (item.text(1), shown, needed)


def test_a_hot_spot_s_location_is_in_english_on_an_english_screen(
    qtbot: QtBot, stream: Desk, english: None  # noqa: F811
) -> None:
    """"“头发” at 二楼中餐厅" on an English screen though the location catalogue has the place's English name."""
    from models.catalog import Location

    Location.create(code="second_floor_chinese", name="二楼中餐厅", name_en="Second-floor Chinese restaurant")
    _window, page = hotspots_page(qtbot, stream)
    texts = [page.list.topLevelItem(row).text(1) for row in range(page.list.topLevelItemCount())]
    assert any("“头发” at second-floor Chinese restaurant" in text for text in texts), texts
    assert not any("二楼中餐厅" in text for text in texts), texts


def test_the_office_board_at_1024_pixels_reads_its_hot_spots_and_overdue_actions_whole(
    qtbot: QtBot, stream: Desk, english: None, today: object  # noqa: F811
) -> None:
    """The board's hot-spot rows were cut after two lines; an overdue action's problem had the width of one
    character ("自…" beside the person responsible): now the problem wraps with who is responsible under it."""
    import datetime as dt

    from test_improvement_screens import an_action

    from ui.main_window import MainWindow

    problem = "自助餐厅多名顾客反映用餐时看见蟑螂，要求彻底消杀并公示结果"
    from models.catalog import Department

    kitchen = Department.get(Department.code == "kitchen")
    an_action(stream, today - dt.timedelta(days=3), problem=problem, department_id=kitchen.id)  # type: ignore[operator]
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    board = window.overview.board
    qtbot.waitUntil(lambda: board.board is not None and board.overdue.topLevelItemCount() == 1, timeout=10_000)
    qtbot.wait(50)
    for tree in (board.hotspots, board.overdue):
        assert tree.horizontalScrollBar().maximum() == 0, "no column pushed out of view"
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            # The width the view draws the text in: the column less the style's text margin on each side.
            margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
            room = QRect(0, 0, tree.columnWidth(1) - 2 * margin, 100_000)
            needed = tree.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text(1)).height()
            assert tree.visualItemRect(item).height() >= needed, item.text(1)
    action = board.overdue.topLevelItem(0)
    # The department first, as the actions page says it (the overview said "Responsible: 厨师长周某" alone).
    assert action.text(1) == f"{problem}\nResponsible: {kitchen.name_en} / 厨师长周某"
    assert board.overdue.columnWidth(1) >= 8 * board.overdue.fontMetrics().horizontalAdvance("中")
