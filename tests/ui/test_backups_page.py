"""The office's Backups page driven as a person does: back up now, the list with its check, restore after a
confirmation that says what is lost, a missing folder, the policy; the automatic backups of the window (daily,
at close, a failure shown as a warning); on PostgreSQL only the explanation. The rules:
tests/models/test_backups.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from models.backups import Retention, back_up_now, list_backups, pruned, retention
from models.catalog import Category
from models.complaint import Complaint
from models.intake import Receipt, receive
from ui import messages
from ui.backup_folder import choose_folder, chosen_folder

from conftest import Desk

WAIT = 20_000  # ms: a backup and its check in a worker and a process of its own

# A desk's file is backed up by the application; a server's database by the server (pg_dump): the file's
# screens and the window's own backups run on SQLite; on a server (--db) the page's explanation and a
# window that takes no backups of its own.
file_only = pytest.mark.sqlite_only


def receipt(name: str = "刘先生", phone: str = "138 1234 5678") -> Receipt:
    return Receipt(
        customer_name=name,
        phone=phone,
        narrative="房间空调不制冷。",
        category_id=Category.get(Category.code == "food_quality").id,
        demand="换房间",
        acknowledged=True,
        promised_minutes=15,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "usb-stick"
    path.mkdir()
    choose_folder(path)
    return path


def open_page(qtbot: QtBot, desk: Desk, database_path: Path) -> tuple[object, object]:
    from ui.main_window import SECTION_BACKUPS, MainWindow

    window = MainWindow(desk.office, str(database_path))
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_BACKUPS)
    return window, window.backups


@file_only
def test_back_up_now_lists_the_checked_backup(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None
) -> None:
    receive(seeded.manager, receipt())
    _window, page = open_page(qtbot, seeded, database_path)
    assert page.folder.text() == str(folder)
    assert page.status.text() == "No backup in this folder yet."
    assert not page.restore_button.isEnabled()
    # An empty list's columns are as wide as their values will be, not squeezed to their headings.
    metrics = page.backups.fontMetrics()
    assert page.backups.columnWidth(0) > metrics.horizontalAdvance("2026-12-31 23:59")
    assert page.backups.columnWidth(1) > metrics.horizontalAdvance("kept aside by a restore")
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible() and not page.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: page.backups.topLevelItemCount() == 1, timeout=WAIT)
    row = page.backups.topLevelItem(0)
    assert [row.text(column) for column in (1, 3, 4)] == ["taken by hand", "1", "✓ checked out"]
    assert row.text(2).endswith(" MB")
    assert page.status.text().startswith("Backed up and checked: desk-")
    assert not page.progress.isVisible() and page.back_up_button.isEnabled()
    [info] = list_backups(folder)
    assert info.checked and info.cases == 1


@file_only
def test_restore_confirms_what_is_lost_then_puts_the_backup_back(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive(seeded.manager, receipt())
    back_up_now(seeded.office, folder)
    receive(seeded.manager, receipt("王女士", "139 0000 1111"))
    receive(seeded.manager, receipt("赵先生", "137 2222 3333"))
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: told.append(text))
    window, page = open_page(qtbot, seeded, database_path)
    page.backups.setCurrentItem(page.backups.topLevelItem(0))
    assert page.restore_button.isEnabled()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirmation is not None and page.confirmation.isVisible(), timeout=WAIT)
    box = page.confirmation
    assert "(1 case)? It checked out." in box.text()
    assert "2 cases received after it will be gone." in box.informativeText()
    assert "0 cases changed since" in box.informativeText()
    assert "kept aside in the backup folder first" in box.informativeText()
    # Cancel changes nothing.
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert Complaint.select().count() == 3
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirmation is not box and page.confirmation.isVisible(), timeout=WAIT)
    with qtbot.waitSignal(window.restored, timeout=WAIT):
        page.restore_confirm_button.click()
    assert Complaint.select().count() == 1
    assert told and told[0].startswith("The backup taken ") and told[0].endswith("Log in again.")
    kinds = [page.backups.topLevelItem(i).text(1) for i in range(page.backups.topLevelItemCount())]
    assert sorted(kinds) == ["kept aside by a restore", "taken by hand"]


@file_only
def test_a_backup_file_from_elsewhere_is_restored_from_the_page(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, tmp_path: Path, english: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy on another stick, or one `main.py backup --out` wrote, was not in the list: the page could not
    restore it."""
    from PySide6.QtWidgets import QFileDialog

    receive(seeded.manager, receipt())
    elsewhere = tmp_path / "other-stick"
    elsewhere.mkdir()
    copy = back_up_now(seeded.office, elsewhere).path
    receive(seeded.manager, receipt("王女士", "139 0000 1111"))
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: None)
    offered: list[str] = []

    def choose(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    window, page = open_page(qtbot, seeded, database_path)
    assert page.backups.topLevelItemCount() == 0 and page.restore_file_button.isEnabled(), "not listed: a file"
    qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    assert offered == [str(folder)], "the backup folder first"
    qtbot.waitUntil(lambda: page.confirmation is not None and page.confirmation.isVisible(), timeout=WAIT)
    assert "1 case received after it will be gone." in page.confirmation.informativeText()
    with qtbot.waitSignal(window.restored, timeout=WAIT):
        page.restore_confirm_button.click()
    assert Complaint.select().count() == 1


@file_only
def test_a_damaged_database_s_restore_says_what_is_lost_cannot_be_counted(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting what the restore undoes stopped the restore of a damaged database ("malformed")."""
    import sqlite3

    from models import backups

    back_up_now(seeded.office, folder)

    def damaged(*args: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(backups, "_lost_since", damaged)
    _window, page = open_page(qtbot, seeded, database_path)
    page.backups.setCurrentItem(page.backups.topLevelItem(0))
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirmation is not None and page.confirmation.isVisible(), timeout=WAIT)
    assert page.confirmation.informativeText().startswith(
        "The database is damaged: what was saved since the backup cannot be counted, and it will be gone.\n"
        "The database as it is now is kept aside"
    )


@file_only
def test_a_damaged_backup_is_refused_on_screen(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None
) -> None:
    info = back_up_now(seeded.office, folder)
    info.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    _window, page = open_page(qtbot, seeded, database_path)
    page.backups.setCurrentItem(page.backups.topLevelItem(0))
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT)
    assert "did not pass its check and is not restored" in page.error.text()
    assert page.confirmation is None


@file_only
def test_what_a_backup_s_check_found_is_said_in_the_language_shown(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, chinese: None
) -> None:
    """A sealed record changed behind the application's back, then a backup: its check's finding was kept in
    English beside the copy and shown so on the Chinese screen (the archive page's own check said it in Chinese)."""
    import sqlite3

    from models.archive import seal_in_bulk
    from models.base import db
    from models.demo import generate_demo

    generate_demo(12, seed=3)
    with db.atomic():
        seal_in_bulk([case.id for case in Complaint.select(Complaint.id)])
    sealed = Complaint.select().where(Complaint.archive_number.is_null(False)).first()
    raw = sqlite3.connect(database_path, isolation_level=None)  # as someone with the file and an SQLite tool would
    triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("UPDATE complaint SET narrative = '改过的内容' WHERE id = ?", (sealed.id,))
    for _, sql in triggers:
        raw.execute(sql)
    raw.close()
    info = back_up_now(seeded.office, folder)
    assert info.checked is False and any("changed after sealing" in problem for problem in info.problems)
    _window, page = open_page(qtbot, seeded, database_path)
    row = page.backups.topLevelItem(0)
    said = f"{sealed.archive_number}：“投诉内容”在封存后被改动"
    assert said in row.toolTip(4).splitlines()
    assert "changed after sealing" not in row.toolTip(4)
    # Read again from the facts kept beside the copy, as another day's list reads them.
    [listed] = list_backups(folder)
    assert listed.said == info.said and listed.problems == info.problems
    # A restore of it refused in the same words (the refusal carried the English findings).
    page.backups.setCurrentItem(row)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT)
    assert said in page.error.text() and "changed after sealing" not in page.error.text()


@file_only
def test_a_folder_typed_is_taken_only_whole_and_there(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, tmp_path: Path, english: None
) -> None:
    """A typo left the field and was this computer's backup folder at once: every automatic backup failed after.
    A relative name depended on the folder the program was started from."""
    _window, page = open_page(qtbot, seeded, database_path)
    for typed, said in (
        (str(tmp_path / "usb-stik"), f"The folder {tmp_path / 'usb-stik'} does not exist: plug in the disk or USB "
                                     f"stick it is on, or choose another folder. The backups still go to {folder}."),
        ("backups", f"Type the folder's whole path, such as {Path.home() / 'backups'}, or Choose… it. The backups "
                    f"still go to {folder}."),
    ):  # fmt: skip
        page.folder.setText(typed)
        page.folder.editingFinished.emit()
        assert page.error.text() == said, "the folder before named"
        assert chosen_folder() == folder, "the folder before, kept"
        assert page.folder.text() == typed, "the path as typed, to be mended (a long one was erased for one letter)"
    other = tmp_path / "other-stick"
    other.mkdir()
    page.folder.setText(str(other))
    page.folder.editingFinished.emit()
    assert chosen_folder() == other and not page.error.isVisible()


@file_only
def test_a_missing_folder_is_said_and_backing_up_there_is_refused(
    qtbot: QtBot, seeded: Desk, database_path: Path, tmp_path: Path, english: None
) -> None:
    choose_folder(tmp_path / "unplugged")
    _window, page = open_page(qtbot, seeded, database_path)
    assert page.error.isVisible() and "does not exist" in page.error.text()
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.back_up_button.isEnabled(), timeout=WAIT)
    assert "does not exist: plug in the disk or USB stick" in page.error.text()
    assert not (tmp_path / "unplugged").exists()
    # Back to the default folder beside the database: it works again.
    qtbot.mouseClick(page.default_button, Qt.MouseButton.LeftButton)
    assert page.folder.text() == "" and not page.error.isVisible()
    assert page.folder.placeholderText() == str(database_path.parent / "backups")


@file_only
def test_the_policy_is_saved_and_checked(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None
) -> None:
    _window, page = open_page(qtbot, seeded, database_path)
    assert (page.daily.value(), page.weekly.value(), page.monthly.value()) == (7, 4, 12)
    page.daily.setValue(10)
    page.monthly.setValue(24)
    page.refresh()  # the section left and looked at again: what is typed stays (the saved values came over it)
    assert (page.daily.value(), page.monthly.value()) == (10, 24)
    qtbot.mouseClick(page.save_policy_button, Qt.MouseButton.LeftButton)
    assert retention() == Retention(10, 4, 24)
    assert page.status.text().startswith("Saved")
    page.refresh()
    assert (page.daily.value(), page.weekly.value(), page.monthly.value()) == (10, 4, 24)


@file_only
def test_a_policy_keeping_fewer_backups_says_how_many_go_and_asks(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, english: None
) -> None:
    """Daily 1, weekly 0, monthly 0 was saved at once: the next backup removed every copy but one, unasked."""
    import json

    from models.anchor import sidecar_path

    now = dt.datetime.now().replace(microsecond=0)
    for days_ago in range(20):  # an evening's backup for each of the last 20 days (names and sidecars only)
        at = now - dt.timedelta(days=days_ago)
        path = folder / f"{database_path.stem}-{at:%Y%m%d-%H%M%S}-auto.db"
        path.write_bytes(b"")
        facts = {"taken_at": at.isoformat(sep=" "), "cases": 0, "checked": True}
        sidecar_path(path).write_text(json.dumps({"backup": facts}), encoding="utf-8")
    _window, page = open_page(qtbot, seeded, database_path)
    listed = len(list_backups(folder))
    kept_now = listed - len(pruned(folder, retention()))  # 7 days, this month's weeks and months
    assert 1 < kept_now < listed, "the test says nothing"
    page.daily.setValue(1)
    page.weekly.setValue(0)
    page.monthly.setValue(0)
    box = page.save_policy()
    assert box is not None and box.isVisible() and retention() == Retention(), "asked before anything is saved"
    kept = {info.path for info in list_backups(folder)} - {info.path for info in pruned(folder, retention())}
    oldest = min(info.taken_at for info in list_backups(folder) if info.path in kept)
    assert box.text() == f"Keep fewer backups? {kept_now - 1} backups kept now will be removed after the next backup."
    assert box.informativeText().startswith(f"The oldest of them was taken {oldest:%Y-%m-%d %H:%M}.")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert retention() == Retention() and len(list_backups(folder)) == listed, "nothing saved, nothing removed"
    page.save_policy()
    page.keep_fewer_button.click()
    assert retention() == Retention(1, 0, 0) and page.status.text().startswith("Saved")
    page.daily.setValue(3)  # more kept than now: saved unasked
    assert page.save_policy() is None and retention() == Retention(3, 0, 0)


def test_only_the_office_sees_backups(qtbot: QtBot, seeded: Desk) -> None:
    from ui.main_window import SECTION_BACKUPS, SECTION_OPEN_CASES, SECTION_OVERVIEW, SECTION_REGISTER, MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    assert window.navigation.item(SECTION_BACKUPS).isHidden()
    # Nor from the keyboard: End went to the last row, hidden, and showed the office's page (its folder to change).
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    visible = (SECTION_OVERVIEW, SECTION_OPEN_CASES, SECTION_REGISTER)
    assert window.navigation.currentRow() in visible and window.pages.currentIndex() == window.navigation.currentRow()
    assert SECTION_BACKUPS not in window._built
    window.navigation.keyboardSearch("office")
    assert window.navigation.currentRow() in visible
    window.navigation.setCurrentRow(SECTION_BACKUPS)  # however it is asked for
    assert window.pages.currentIndex() != SECTION_BACKUPS and SECTION_BACKUPS not in window._built
    window.set_staff(seeded.admin)
    assert not window.navigation.item(SECTION_BACKUPS).isHidden()
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.navigation.currentRow() == SECTION_BACKUPS


def test_the_backup_folder_is_the_office_s_to_choose(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, tmp_path: Path, english: None
) -> None:
    _window, page = open_page(qtbot, seeded, database_path)
    page.set_staff(seeded.manager)  # a page reached by a duty manager, however (or the office's account demoted)
    page.set_folder(tmp_path)
    assert page.error.text() == "Only the office or an administrator can take, restore or set up backups."
    assert chosen_folder() == folder and page.folder.text() == str(folder)


def test_on_postgresql_the_page_only_explains(
    qtbot: QtBot, seeded: Desk, database_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.office.backups_page

    monkeypatch.setattr(ui.office.backups_page, "is_server_database", lambda: True)
    _window, page = open_page(qtbot, seeded, database_path)
    assert page.server_note.isVisible() and "pg_dump" in page.server_note.text()
    # Right under the heading, not floating in the middle of an empty page.
    page.layout().activate()
    assert page.server_note.y() < 4 * page.heading.sizeHint().height() < page.height() // 4
    assert not page.working.isVisible() and not page.back_up_button.isVisible()


# --------------------------------------------------------------------------- the window's own backups


@file_only
def test_the_daily_backup_is_taken_once_a_day(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(seeded.office, str(database_path))
    qtbot.addWidget(window)
    automatic = window.start_automatic_backups()
    today = [dt.datetime(2026, 11, 2, 10, 0)]
    automatic.clock = lambda: today[0]
    with qtbot.waitSignal(automatic.succeeded, timeout=WAIT):
        automatic.daily()
    assert [info.taken_at.date() for info in list_backups(folder)] == [dt.date(2026, 11, 2)]
    today[0] = dt.datetime(2026, 11, 2, 16, 0)
    task = automatic.daily()
    assert task is not None
    qtbot.waitUntil(lambda: automatic.task is None, timeout=WAIT)
    assert len(list_backups(folder)) == 1
    today[0] = dt.datetime(2026, 11, 3, 9, 0)
    with qtbot.waitSignal(automatic.succeeded, timeout=WAIT):
        automatic.daily()
    assert [info.taken_at.date() for info in list_backups(folder)] == [dt.date(2026, 11, 3), dt.date(2026, 11, 2)]


@file_only
def test_a_failed_automatic_backup_is_a_warning_on_the_window(
    qtbot: QtBot, seeded: Desk, database_path: Path, tmp_path: Path, english: None
) -> None:
    from ui.main_window import MainWindow

    choose_folder(tmp_path / "unplugged")
    window = MainWindow(seeded.manager, str(database_path))
    qtbot.addWidget(window)
    window.show()
    automatic = window.start_automatic_backups()
    with qtbot.waitSignal(automatic.failed, timeout=WAIT):
        automatic.daily()
    assert window.backup_warning.isVisible()
    assert window.backup_warning.text().startswith("⚠ The automatic backup failed: The folder ")
    choose_folder(tmp_path)
    with qtbot.waitSignal(automatic.succeeded, timeout=WAIT):
        automatic.daily()
    assert not window.backup_warning.isVisible()


@file_only
def test_closing_the_window_backs_up_what_changed(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(seeded.office, str(database_path))
    qtbot.addWidget(window)
    window.show()
    window.start_automatic_backups()
    receive(seeded.manager, receipt())
    window.close()
    [info] = list_backups(folder)
    assert info.checked and info.cases == 1 and info.kind == "auto"
    # Nothing changed since: the next close takes none.
    again = MainWindow(seeded.office, str(database_path))
    qtbot.addWidget(again)
    again.show()
    again.start_automatic_backups()
    again.close()
    assert len(list_backups(folder)) == 1


@file_only
def test_closing_as_the_daily_backup_finishes_waits_for_it_and_closes(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path
) -> None:
    """The daily backup's worker is done, its answer not yet handled when the window closes: the close waits
    for that answer and goes on (it waited on a "Backing up the database before closing…" dialog nobody ended)."""
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui.main_window import MainWindow

    window = MainWindow(seeded.office, str(database_path))
    qtbot.addWidget(window)
    window.show()
    automatic = window.start_automatic_backups()
    assert automatic is not None and automatic.daily() is not None
    QThreadPool.globalInstance().waitForDone()  # the backup is taken; its answer waits in the GUI's queue
    left_waiting: list[str] = []

    def end_a_dialog_left_waiting() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                left_waiting.append(widget.labelText())
                widget.done(0)

    # A timer of this test's own, stopped at its end: a single shot left pending fired seconds later in another
    # test of the worker and ended that test's busy dialog (an upgrade "left" half way: ApplicationLeaving).
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(end_a_dialog_left_waiting)
    safety.start(3000)
    window.close()
    safety.stop()
    assert not left_waiting
    assert not window.isVisible()
    [info] = list_backups(folder)
    assert info.checked and info.kind == "auto"


def test_a_window_on_a_server_takes_no_backups_of_its_own(
    qtbot: QtBot, seeded: Desk, database_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's database is backed up by the server: the window starts no daily backup, warns of
    none failing and takes none at close (on a server as it is, on SQLite as if it were one)."""
    import ui.main_window
    from ui.main_window import MainWindow

    monkeypatch.setattr(ui.main_window, "is_postgresql", lambda: True)
    window = MainWindow(seeded.office, str(database_path))
    qtbot.addWidget(window)
    window.show()
    assert window.start_automatic_backups() is None and window.automatic_backups is None
    receive(seeded.manager, receipt())
    window.close()
    assert not window.backup_warning.isVisible()
    assert list(folder.iterdir()) == []


@file_only
def test_a_file_where_the_default_backup_folder_goes_is_said_in_words(
    qtbot: QtBot, seeded: Desk, database_path: Path, english: None
) -> None:
    """No folder chosen, and a file named "backups" beside the database: Back up now said "[Errno 17] File
    exists", in English on a Chinese desk too."""
    (database_path.parent / "backups").write_text("x")
    _window, page = open_page(qtbot, seeded, database_path)
    page.back_up_button.click()
    qtbot.waitUntil(lambda: page.back_up_button.isEnabled() and bool(page.error.text()), timeout=WAIT)
    assert page.error.text() == f"The backup folder {database_path.parent / 'backups'} is a file, not a folder."


@file_only
def test_a_file_chosen_as_the_backup_folder_is_said_to_be_a_file(
    qtbot: QtBot, seeded: Desk, database_path: Path, tmp_path: Path, english: None
) -> None:
    """The list said "does not exist: plug in its disk" of a file chosen as the folder."""
    stray = tmp_path / "not-a-folder"
    stray.write_text("x")
    choose_folder(stray)
    _window, page = open_page(qtbot, seeded, database_path)
    assert page.error.text() == f"The backup folder {stray} is a file, not a folder: choose another."
