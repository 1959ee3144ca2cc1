"""Every screen of the main window, for the desk and for the office, in both languages: no two of its controls
(buttons, labelled fields, tabs, the menu bar, the office's risk banner) share an underlined shortcut letter. Two
alike make Alt+letter move between them instead of acting: a person at the desk presses it and nothing happens."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenuBar, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from models.staff import Role, Staff
from ui.main_window import MainWindow

from conftest import OpenCopy


def shortcut_letters(window: QWidget) -> dict[str, list[str]]:
    """The controls of ``window`` shown now, by their shortcut letter (upper case)."""
    found: dict[str, list[str]] = {}

    def add(text: str) -> None:
        letter = re.search(r"&([^&\s])", text.replace("&&", ""))
        if letter:
            found.setdefault(letter.group(1).upper(), []).append(text)

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add(widget.tabText(index))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(action.text())
    return found


@pytest.mark.parametrize("role", [Role.DUTY_MANAGER, Role.OFFICE])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_controls_of_a_screen_share_a_shortcut_letter(
    qtbot: QtBot, open_copy: OpenCopy, demo_database: Path, role: Role, language: str
) -> None:
    from ui.i18n import install_translators

    open_copy(demo_database)  # a year of cases: the office's banner, lists and details shown
    install_translators(language)
    try:
        window = MainWindow(Staff.select().where(Staff.role == role).order_by(Staff.id).first())
        qtbot.addWidget(window)
        window.show()
        clashes = {}
        for row in range(window.navigation.count()):
            if window.navigation.item(row).isHidden():
                continue
            window.navigation.setCurrentRow(row)
            qtbot.wait(50)
            QApplication.processEvents()
            doubled = {letter: texts for letter, texts in shortcut_letters(window).items() if len(texts) > 1}
            if doubled:
                clashes[window.navigation.item(row).text()] = doubled
        assert not clashes
    finally:
        install_translators("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_controls_of_the_quick_case_share_a_shortcut_letter(
    qtbot: QtBot, open_copy: OpenCopy, demo_database: Path, language: str
) -> None:
    from ui.i18n import install_translators

    open_copy(demo_database)
    install_translators(language)
    try:
        window = MainWindow(Staff.select().where(Staff.role == Role.DUTY_MANAGER).order_by(Staff.id).first())
        qtbot.addWidget(window)
        window.show()
        window.quick_case_button.click()
        dialog = window.quick_case
        assert dialog is not None and dialog.isVisible()
        assert {letter: texts for letter, texts in shortcut_letters(dialog).items() if len(texts) > 1} == {}
    finally:
        install_translators("en")
