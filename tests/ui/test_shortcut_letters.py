"""Every screen of the main window, for the desk and for the office, in both languages: no two of its controls
(buttons, labelled fields, tabs, the menu bar, the office's risk banner) share an underlined shortcut letter. Two
alike make Alt+letter move between them instead of acting: a person at the desk presses it and nothing happens."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenuBar, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from models.complaint import Complaint, State
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


def clashes_of(window: QWidget) -> dict[str, list[str]]:
    QApplication.processEvents()
    return {letter: texts for letter, texts in shortcut_letters(window).items() if len(texts) > 1}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_states_and_dialogs_behind_the_screens_have_no_two_controls_on_one_letter(
    qtbot: QtBot, open_copy: OpenCopy, demo_database: Path, language: str
) -> None:
    """What shows only after a choice: an account chosen and a new one (its first password beside the reset
    button), an escalation's remedy changed (the remedy lines beside the decisions), a new external case, the
    switch-user sheet and an open case's view (a review found a letter shared in each)."""
    from ui.i18n import install_translators
    from ui.main_window import SECTION_ACCOUNTS, SECTION_OFFICE
    from ui.office.external_dialogs import ExternalCaseDialog

    open_copy(demo_database)
    install_translators(language)
    try:
        admin = Staff.select().where(Staff.role == Role.ADMIN).order_by(Staff.id).first()
        office = Staff.select().where(Staff.role == Role.OFFICE).order_by(Staff.id).first()
        window = MainWindow(admin)
        qtbot.addWidget(window)
        window.show()
        window.navigation.setCurrentRow(SECTION_ACCOUNTS)
        accounts = window.accounts
        managers = [i for i in range(accounts.list.topLevelItemCount())
                    if accounts.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) is not None]  # fmt: skip
        found = {}
        for index in managers:
            accounts.list.setCurrentItem(accounts.list.topLevelItem(index))
            found.update({f"account {index}": clashes_of(window)} if clashes_of(window) else {})
        accounts.start_new()
        found.update({"new account": clashes_of(window)} if clashes_of(window) else {})
        sheet = window.switch_user()
        qtbot.addWidget(sheet)
        qtbot.waitUntil(lambda: sheet.sheet is not None)  # read in a worker
        found.update({"switch user": clashes_of(sheet)} if clashes_of(sheet) else {})
        sheet.reject()
        window.set_staff(office)
        window.navigation.setCurrentRow(SECTION_OFFICE)
        escalations = window.escalations
        qtbot.waitUntil(lambda: escalations.queue.topLevelItemCount() > 0, timeout=10_000)
        for button in escalations.choice_buttons.values():
            button.setChecked(True)
            found.update({f"escalation {button.text()}": clashes_of(window)} if clashes_of(window) else {})
        dialog = ExternalCaseDialog(office, parent=window)
        qtbot.addWidget(dialog)
        dialog.show()
        found.update({"new external case": clashes_of(dialog)} if clashes_of(dialog) else {})
        open_case = Complaint.select().where(Complaint.state == State.INVESTIGATING).first()
        view = window.show_case(open_case.id)  # Continue this case beside Close
        qtbot.addWidget(view)
        found.update({"case view": clashes_of(view)} if clashes_of(view) else {})
        assert not found
    finally:
        install_translators("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_items_of_a_menu_share_a_shortcut_letter(
    qtbot: QtBot, open_copy: OpenCopy, demo_database: Path, language: str
) -> None:
    """Quick Case and Quit shared Q: Alt+F, Q moved between them instead of acting."""
    from ui.i18n import install_translators

    open_copy(demo_database)
    install_translators(language)
    try:
        window = MainWindow(Staff.select().where(Staff.role == Role.OFFICE).order_by(Staff.id).first())
        qtbot.addWidget(window)
        for menu in (window.file_menu, window.help_menu):
            letters: dict[str, list[str]] = {}
            for action in menu.actions():
                if letter := re.search(r"&([^&\s])", action.text().replace("&&", "")):
                    letters.setdefault(letter.group(1).upper(), []).append(action.text())
            assert all(len(texts) == 1 for texts in letters.values()), letters
            assert sum(map(len, letters.values())) == len([a for a in menu.actions() if not a.isSeparator()])
    finally:
        install_translators("en")
