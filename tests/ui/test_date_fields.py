"""A date or date-and-time field takes one Tab, as every other field (Qt's stepped through its five parts): the
intake's time received and call-back time, the office's period and due dates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.format import DATE_TIME
from ui.widgets import DateEdit, DateTimeEdit

_WINDOWS: list[QWidget] = []  # alive while their test runs (pytest-qt closes them after)


def form(qtbot: QtBot, field: QDateTimeEdit) -> tuple[QLineEdit, QDateTimeEdit, QLineEdit]:
    """A window of three fields, ``field`` between two lines."""
    window = QWidget()
    _WINDOWS[:] = [window]
    qtbot.addWidget(window)
    before, after = QLineEdit(), QLineEdit()
    layout = QVBoxLayout(window)
    for widget in (before, field, after):
        layout.addWidget(widget)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return before, field, after


def tab(qtbot: QtBot, back: bool = False) -> QWidget | None:
    if back:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


@pytest.mark.parametrize("kind", [DateTimeEdit, DateEdit])
def test_tab_leaves_a_date_field_at_once_and_shift_tab_comes_back(qtbot: QtBot, kind: type[QDateTimeEdit]) -> None:
    field = kind()
    if kind is DateTimeEdit:
        field.setDisplayFormat(DATE_TIME)
    before, field, after = form(qtbot, field)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    assert tab(qtbot) is after, "one Tab past the field, from whichever part"
    assert tab(qtbot, back=True) is field
    assert tab(qtbot, back=True) is before


def test_the_parts_are_still_reached_from_the_keyboard(qtbot: QtBot) -> None:
    """Up and Down change the part chosen (typing fills a part and goes on to the next: Qt's own, seen on a real
    display; offscreen key events carry no typing into the field)."""
    field = DateTimeEdit(QDateTime(QDate(2026, 12, 7), QTime(18, 45)))
    field.setDisplayFormat(DATE_TIME)
    form(qtbot, field)
    field.setFocus()
    field.setCurrentSection(QDateTimeEdit.Section.MinuteSection)
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.dateTime() == QDateTime(QDate(2026, 12, 7), QTime(18, 46))
    field.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.date() == QDate(2026, 12, 6)


def test_every_screen_makes_its_date_fields_of_the_kinds_tab_leaves() -> None:
    """A date field made as Qt's own (QDateEdit, QDateTimeEdit) would take five Tabs again."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ui"
    made = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "widgets.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bQ(?:Date|DateTime|Time)Edit\(", line)
    ]
    assert made == []
    assert len([p for p in root.rglob("*.py") if re.search(r"\bDate(?:Time)?Edit\(", p.read_text("utf-8"))]) >= 9
