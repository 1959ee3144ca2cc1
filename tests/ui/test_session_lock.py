"""The desk locks as soon as the domain refuses the logged-in account because
an administrator disabled it, and stays locked until someone else logs in."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from models.accounts import set_account_active
from models.catalog import Category
from models.complaint import Complaint, State
from models.errors import AccountDisabledError
from models.intake import Receipt, receive, remember_page
from models.staff import Role, Staff, create_staff
from ui.account_dialogs import LoginDialog
from ui.intake.wizard import PAGE_INVESTIGATE
from ui.main_window import MainWindow
from ui.tasks import run_task

from conftest import Desk, type_text

DISABLED = "The account zhangwei is disabled; ask an administrator."


@pytest.fixture
def manager(seeded: Desk) -> Staff:
    """zhangwei (200 a case / 1000 a day, the desk's remedies), with admin 王芳 and a second duty manager."""
    create_staff("lijing", "李静", Role.DUTY_MANAGER, "desk-pass-2")
    return seeded.manager


def disable(staff: Staff) -> None:
    set_account_active(Staff.get(Staff.username == "admin"), staff.id, False)


def test_a_refused_disabled_account_sees_why_and_the_desk_locks(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    category = Category.get(Category.code == "food_quality")
    case = receive(manager, Receipt(narrative="菜凉了", category_id=category.id, demand="重新加热", acknowledged=True))
    remember_page(manager, case, PAGE_INVESTIGATE)
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_intake(case.id)
    assert wizard.currentId() == PAGE_INVESTIGATE
    disable(manager)

    page = wizard.currentPage()
    type_text(page.findings.editor, "后厨出菜慢，情况属实。")
    page.liability.setCurrentIndex(page.liability.findText("Full", Qt.MatchFlag.MatchContains))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert page.page_error.text() == DISABLED
    assert wizard.currentPage() is page, "the typed findings stay on screen"
    assert Complaint.get_by_id(case.id).state == State.RECEIVED

    qtbot.waitUntil(lambda: window.lock_dialog is not None and window.lock_dialog.isVisible())
    lock = window.lock_dialog
    assert QApplication.activeModalWidget() is lock
    assert lock.windowModality() == Qt.WindowModality.ApplicationModal, "the open wizard is locked too"
    assert lock.message.text().startswith(DISABLED)
    lock.password.setText("desk-pass-1")
    lock.accept()
    assert lock.isVisible() and lock.error.text() == DISABLED

    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    login = QApplication.activeModalWidget()
    assert isinstance(login, LoginDialog)
    login.reject()
    qtbot.waitUntil(lambda: window.lock_dialog is not lock and window.lock_dialog.isVisible())
    assert window.staff.username == "zhangwei", "cancelling the login leaves the desk locked"

    qtbot.mouseClick(window.lock_dialog.switch_button, Qt.MouseButton.LeftButton)
    login = QApplication.activeModalWidget()
    qtbot.keyClicks(login.username, "lijing")
    qtbot.keyClicks(login.password, "desk-pass-2")
    qtbot.waitUntil(lambda: login.sheet is not None)  # read in a worker
    login.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        login.accept()
    assert window.user_label.text() == "Logged in: 李静 · Duty manager"
    assert not window.lock_dialog.isVisible()


def test_a_refusal_of_another_account_does_not_lock_this_desk(qtbot: QtBot, manager: Staff, english: None) -> None:
    other = Staff.get(Staff.username == "lijing")
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    disable(other)
    with pytest.raises(AccountDisabledError, match="lijing is disabled"):
        receive(other, Receipt(narrative="x", category_id=Category.select().first().id, demand="y", acknowledged=True))
    QApplication.processEvents()
    assert window.lock_dialog is None


def test_a_refusal_in_a_background_task_locks_the_desk_too(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    disable(manager)
    errors: list[Exception] = []
    category = Category.get(Category.code == "food_quality")
    run_task(
        receive,
        manager,
        Receipt(narrative="菜凉了", category_id=category.id, demand="重新加热", acknowledged=True),
        on_error=errors.append,
    )
    # The refusal and the task's failure are two signals from the worker: wait for both, not the first.
    qtbot.waitUntil(lambda: bool(errors) and window.lock_dialog is not None and window.lock_dialog.isVisible())
    assert [str(e) for e in errors] == [DISABLED]
    assert window.lock_dialog.message.text().startswith(DISABLED)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_lock_names_the_button_it_points_to(qtbot: QtBot, manager: Staff, language: str) -> None:
    """A wrong password is told to use the switch button by its name on the button (the Chinese once said
    “切换用户” beside a button named 交接班)."""
    from ui.i18n import install_translators
    from ui.idle_lock import LockDialog

    install_translators(language)
    try:
        dialog = LockDialog(manager, 5)
        qtbot.addWidget(dialog)
        dialog.password.setText("not the password")
        dialog.accept()
        button = dialog.switch_button.text().replace("&", "").rstrip("…").split("(")[0]
        assert button and button in dialog.error.text(), (button, dialog.error.text())
    finally:
        install_translators("en")


def test_an_account_disabled_at_another_desk_locks_its_window_at_the_change_seen(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """Disabled by the administrator elsewhere, the window went on showing the register and the customers' details
    until the person's next save: it locks as soon as the change is seen."""
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    disable(manager)
    window.changes.changed.emit()  # the change watcher hears another desk's save
    qtbot.waitUntil(lambda: window.lock_dialog is not None and window.lock_dialog.isVisible())
    assert window.lock_dialog.message.text().startswith(DISABLED)
