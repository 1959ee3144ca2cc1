"""A database damaged past opening, at the desk's start: a backup put in its place by an office account of the
backup (it was a warning and the end: the very time a backup is wanted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from test_backup_commands import receive_one

from models.backups import back_up_now, default_folder
from models.errors import DomainError
from ui.damaged_restore import DamagedDatabaseDialog

from conftest import Desk, damage_past_opening

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def damaged(seeded: Desk, database_path: Path) -> Path:
    """One case backed up beside the database, one after; then the file damaged past opening."""
    receive_one(seeded, "刘先生", "138 1234 5678")
    default_folder(database_path).mkdir()
    back_up_now(seeded.office, default_folder(database_path))
    receive_one(seeded, "王女士", "139 0000 1111")
    damage_past_opening(database_path)
    return database_path


def dialog_for(qtbot: QtBot, database: Path) -> DamagedDatabaseDialog:
    dialog = DamagedDatabaseDialog(database, "database disk image is malformed")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_office_restores_the_newest_backup_in_place_of_the_damaged_file(
    qtbot: QtBot, damaged: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.complaint import Complaint
    from models.database import open_database

    dialog = dialog_for(qtbot, damaged)
    assert dialog.explanation.text().startswith(
        f"The database {damaged} cannot be opened: the file is damaged (database disk image is malformed).\n\n"
        "A backup can take its place."
    )
    assert dialog.backup.count() == 1 and "1 case" in dialog.backup.itemText(0), "the backup that checked out"
    assert dialog.restore_button.isDefault()
    qtbot.keyClicks(dialog.username, "office")
    qtbot.keyClicks(dialog.password, "office-pass-1")
    asked: list[str] = []
    monkeypatch.setattr(type(dialog), "confirmed", lambda self, plan: asked.append(str(plan.cases_in_backup)) or True)
    damaged_bytes = damaged.read_bytes()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert asked == ["1"], "asked before anything changed, with what the backup holds"
    assert dialog.aside is not None and dialog.aside.read_bytes() == damaged_bytes
    open_database(str(damaged))
    assert [c.customer.name for c in Complaint.select()] == ["刘先生"]


def test_a_wrong_password_or_a_duty_manager_restores_nothing(
    qtbot: QtBot, damaged: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_for(qtbot, damaged)
    monkeypatch.setattr(type(dialog), "confirmed", lambda self, plan: pytest.fail("asked past a refusal"))
    before = damaged.read_bytes()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Enter the user name and the password of an account of the backup."
    qtbot.keyClicks(dialog.username, "office")
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The user name or the password is wrong."
    assert dialog.password.text() == "", "typed again"
    dialog.username.setText("zhangwei")
    qtbot.keyClicks(dialog.password, "desk-pass-1")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "office" in dialog.error.text() and dialog.isVisible()
    assert damaged.read_bytes() == before, "nothing changed"
    assert list(default_folder(damaged).glob("*.partial")) == [], "no copy left behind"


def test_declined_at_the_question_nothing_changes(
    qtbot: QtBot, damaged: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_for(qtbot, damaged)
    monkeypatch.setattr(type(dialog), "confirmed", lambda self, plan: False)
    before = damaged.read_bytes()
    qtbot.keyClicks(dialog.username, "office")
    qtbot.keyClicks(dialog.password, "office-pass-1")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and damaged.read_bytes() == before
    assert list(default_folder(damaged).glob("*.partial")) == []


def test_only_a_damaged_file_is_offered_a_backup(qtbot: QtBot, english: None) -> None:
    from ui.app import _restored_over

    assert _restored_over("desk.db", DomainError("The folder {folder} does not exist.", folder="x")) is False
