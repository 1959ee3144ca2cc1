"""A locked database and a full disk: a sentence a person can act on, nothing
half-saved, everything typed kept, and the same action works once it passes."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import OperationalError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from models.audit import AuditEvent
from models.base import db
from models.catalog import Category, Department
from models.complaint import Complaint
from models.database import set_busy_timeout
from models.errors import DatabaseBusyError, DiskFullError, ReadOnlyDatabaseError
from models.intake import Receipt, receive
from models.staff import Staff, authenticate
from ui import messages
from ui.account_dialogs import LoginDialog
from ui.intake.wizard import PAGE_INVESTIGATE, PAGE_RECEIVE
from ui.main_window import MainWindow

from conftest import Desk, type_text

# SQLite's own conditions: a second connection holding the file's write lock, a file that may not grow
# (PRAGMA max_page_count). On a server, desks wait for one another's advisory lock and the disk is the
# server's (tests/models/test_server.py, the four-desks drill tests/drills/test_concurrent_close.py).
pytestmark = pytest.mark.sqlite_only

BUSY = "Another desk is saving; try again in a moment."
FULL = "The disk is full: this was not saved."


@pytest.fixture
def manager(seeded: Desk, database: object) -> Staff:
    staff = seeded.manager  # zhangwei, 200 a case / 1000 a day, the desk's remedies
    # A tenth of a second instead of ten: the lock below is never let go while waiting.
    set_busy_timeout(database, 100)
    return staff


@pytest.fixture
def other_desk(database_path: Path, manager: Staff) -> Iterator[sqlite3.Connection]:
    """A second desk's connection, in the middle of saving (holding the write lock)."""
    connection = sqlite3.connect(str(database_path), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


def receipt(**changes: object) -> Receipt:
    values = dict(
        customer_name="刘先生",
        phone="13812345678",
        location="二楼中餐厅",
        moved_to_private=True,
        narrative="我点的宫保鸡丁里吃出一根头发，服务员还说不可能！",
        category_id=Category.get(Category.code == "food_quality").id,
        severity="medium",
        demand="要求重做并道歉",
        acknowledged=True,
        promised_minutes=15,
    )
    values.update(changes)
    return Receipt(**values)


def fill_the_disk(database: object) -> None:
    """The file may not grow by a single page from now on."""
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")


def let_the_disk_grow(database: object) -> None:
    database.execute_sql("PRAGMA max_page_count = 1073741823")


# --------------------------------------------------------------------------- the domain functions


def test_a_save_while_another_desk_saves_says_so_and_works_on_retry(
    manager: Staff, other_desk: sqlite3.Connection
) -> None:
    with pytest.raises(DatabaseBusyError) as refused:
        receive(manager, receipt())
    assert str(refused.value) == BUSY
    assert not db.in_transaction()
    other_desk.execute("COMMIT")
    case = receive(manager, receipt())
    assert Complaint.select().count() == 1
    assert case.narrative == "我点的宫保鸡丁里吃出一根头发，服务员还说不可能！"


def test_login_while_another_desk_saves_says_so(manager: Staff, other_desk: sqlite3.Connection) -> None:
    with pytest.raises(DatabaseBusyError, match=BUSY):
        authenticate("zhangwei", "desk-pass-1")
    with pytest.raises(DatabaseBusyError, match=BUSY):
        authenticate("zhangwei", "a wrong password")
    other_desk.execute("ROLLBACK")
    staff = authenticate("zhangwei", "desk-pass-1")
    assert Staff.get_by_id(staff.id).last_login_at is not None


def test_a_read_only_file_says_so_instead_of_a_traceback(database: object, manager: Staff) -> None:
    """A file on a read-only share (or another user's): logging in writes its time, and every command that logs in
    ended in a forty-line traceback ("attempt to write a readonly database")."""
    database.execute_sql("PRAGMA query_only = 1")  # SQLite's own refusal of a write, as a read-only file gives
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="The database file is read-only here"):
            authenticate("zhangwei", "desk-pass-1")
    finally:
        database.execute_sql("PRAGMA query_only = 0")
    assert authenticate("zhangwei", "desk-pass-1").username == "zhangwei"


def test_a_full_disk_says_so_instead_of_cannot_rollback(database: object, manager: Staff) -> None:
    fill_the_disk(database)
    saved = 0
    with pytest.raises(DiskFullError) as refused:
        for _ in range(50):  # the pages still free take a few complaints
            receive(manager, receipt(narrative="我点的宫保鸡丁里吃出一根头发。" * 60))
            saved += 1
    assert str(refused.value).startswith(FULL)
    assert "cannot rollback" not in str(refused.value)
    assert not db.in_transaction()
    assert Complaint.select().count() == saved, "the refused complaint left nothing behind"
    assert AuditEvent.select().where(AuditEvent.complaint.is_null(False)).count() == saved
    let_the_disk_grow(database)
    receive(manager, receipt())
    assert Complaint.select().count() == saved + 1


def test_a_full_disk_inside_a_nested_save_says_so(database: object, manager: Staff) -> None:
    fill_the_disk(database)
    # The inner block is a savepoint: rolling back to it must not hide the full disk.
    with pytest.raises(DiskFullError, match=FULL), db.atomic(), db.atomic():
        for number in range(5000):
            Department.create(code=f"d{number}", name="部门" * 100)
    assert not db.in_transaction()
    assert Department.select().where(Department.code.startswith("d")).count() == 0
    with pytest.raises(OperationalError, match="no such table"):  # other errors stay bugs
        database.execute_sql("SELECT * FROM no_such_table")


# --------------------------------------------------------------------------- what the desk sees


@pytest.fixture
def bug_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_bug", lambda parent, summary, details: shown.append(summary))
    return shown


def test_the_intake_keeps_what_was_typed_while_another_desk_saves(
    qtbot: QtBot, manager: Staff, other_desk: sqlite3.Connection, bug_dialogs: list[str], english: None
) -> None:
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_intake()
    page = wizard.currentPage()
    type_text(page.customer_name, "刘先生")
    qtbot.keyClicks(page.phone, "13812345678")
    type_text(page.location, "二楼中餐厅")
    page.moved_to_private.setChecked(True)
    type_text(page.narrative.editor, "我点的宫保鸡丁里吃出一根头发，太恶心了！")
    page.category.setCurrentIndex(page.category.findText("Food quality", Qt.MatchFlag.MatchContains))
    type_text(page.demand.editor, "要求重做并道歉")
    page.acknowledged.setChecked(True)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_RECEIVE
    assert page.page_error.isVisible()
    assert page.page_error.text() == BUSY
    assert page.narrative.editor.toPlainText() == "我点的宫保鸡丁里吃出一根头发，太恶心了！"
    assert page.customer_name.text() == "刘先生"
    assert page.phone.text() == "13812345678"
    assert Complaint.select().count() == 0
    assert bug_dialogs == []

    other_desk.execute("COMMIT")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_INVESTIGATE
    case = Complaint.get()
    assert (case.narrative, case.customer.name) == ("我点的宫保鸡丁里吃出一根头发，太恶心了！", "刘先生")
    assert bug_dialogs == []


def test_login_while_another_desk_saves_shows_the_sentence(
    qtbot: QtBot, manager: Staff, other_desk: sqlite3.Connection, bug_dialogs: list[str], english: None
) -> None:
    dialog = LoginDialog(organisation="锦江花园酒店")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "zhangwei")
    qtbot.keyClicks(dialog.password, "desk-pass-1")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.staff is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == BUSY
    assert dialog.username.text() == "zhangwei"
    assert bug_dialogs == []

    other_desk.execute("ROLLBACK")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.staff is not None and dialog.staff.username == "zhangwei"


def test_a_storage_error_no_screen_handles_is_told_not_reported_as_a_bug(
    qapp: object, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    import sys

    from ui.app import install_storage_error_hook

    bugs: list[BaseException] = []
    warnings: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: bugs.append(error))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: warnings.append(text))
    install_storage_error_hook()
    busy = DatabaseBusyError("Another desk is saving; try again in a moment.")
    sys.excepthook(DatabaseBusyError, busy, None)
    assert warnings == [BUSY] and bugs == []
    bug = ZeroDivisionError("division by zero")
    sys.excepthook(ZeroDivisionError, bug, None)
    assert warnings == [BUSY] and bugs == [bug]
