"""The first start on a PostgreSQL server's new database: the set-up dialog offers the demo there too, loads
it (into a temporary file, copied to the server) behind its busy dialog and shows the drawn passwords. Needs a
server: the one ``--db`` names, else ``COMPLAINT_DESK_TEST_SERVER`` (.ci/run sets it); without either it is
skipped on a developer's machine and fails in CI."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_session import when_dialog

import ui.app
import ui.messages
from models import settings
from models.base import db, is_postgresql
from models.complaint import Complaint
from models.database import open_database
from models.staff import Role, Staff, authenticate
from ui.account_dialogs import LoginDialog, SetupDialog
from ui.app import DeskSession, open_with_progress

from conftest import ServerDatabases, type_text

# Seconds each (a demo made, then copied to a new database on the server): left to the slow pass
# (`uv run pytest -m slow`, which CI runs with the server).
pytestmark = pytest.mark.slow


def test_the_set_up_dialog_loads_the_demo_into_a_server_database(
    qtbot: QtBot, server: ServerDatabases, english: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    shown: list[str] = []
    monkeypatch.setattr(ui.messages, "inform", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(ui.app, "FIRST_RUN_DEMO_COMPLAINTS", 200)
    labels: list[str] = []
    real_copied = ui.app.DemoProgress.show_copied

    def show_copied(self: ui.app.DemoProgress, table: str, rows: int) -> None:
        real_copied(self, table, rows)
        labels.append(self.dialog.labelText())

    monkeypatch.setattr(ui.app.DemoProgress, "show_copied", show_copied)
    url = server.create()
    database = open_with_progress(url)
    assert is_postgresql(database)
    offered: list[bool] = []

    login: list[str] = []

    def set_up_with_demo(dialog: SetupDialog) -> None:
        offered.append(dialog.load_demo.isVisibleTo(dialog))
        type_text(dialog.organisation, "锦江花园酒店")
        type_text(dialog.username, "admin")
        type_text(dialog.full_name, "王芳")
        dialog.password.setText("admin-pass-1")
        dialog.confirm.setText("admin-pass-1")
        dialog.load_demo.setChecked(True)
        dialog.accept()
        when_dialog(LoginDialog, lambda dialog: (login.append(dialog.windowTitle()), dialog.reject()))

    session = DeskSession(url)
    when_dialog(SetupDialog, set_up_with_demo)
    assert not session.start()  # the login is closed here: the data is what the test looks at
    assert offered == [True]  # the demo is offered on a server too
    assert len(login) == 1  # the login came after the demo's passwords
    assert db.obj is database
    assert Complaint.select().count() == 200
    duty_managers = Staff.select().where(Staff.role == Role.DUTY_MANAGER)
    assert duty_managers.count() == 2
    assert authenticate("admin", "admin-pass-1").full_name == "王芳"  # the set-up's administrator is kept
    [text] = shown
    assert all(staff.username in text for staff in duty_managers)
    assert "drawn at random for this database and are shown only this once" in text
    assert settings.is_demo() and settings.get(settings.ORGANISATION_NAME) == "锦江花园酒店"
    assert labels and all(label.startswith("Copying the demo data to the server… (") for label in labels)
    copied = [int(re.search(r"\(([\d,]+) rows copied\)", label)[1].replace(",", "")) for label in labels]  # type: ignore[index]
    assert copied == sorted(copied) and copied[-1] > 200  # the rows so far, in all: the 200 complaints and more
    assert list(scratch.iterdir()) == []  # the temporary file is gone


def test_the_demo_command_loads_a_server_database_and_prints_the_passwords(
    server: ServerDatabases,
    run_main: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    url = server.create()
    status, out, err = run_main("--db", url, "demo", "--complaints", "30", "--seed", "4")
    assert status == 0, err
    shown = url.replace(":" + str(server.address.password), "") if server.address.password else url
    assert f"Created 30 demo complaints in {shown} (" in out
    assert "s writing a temporary file" in out and "s copying it to the server and verifying the copy)." in out
    passwords = dict(re.findall(r"^\s+\w+\s+\S+\s+(\w+)\s+(\S+)$", out, re.MULTILINE))
    assert {"admin", "office"} <= passwords.keys()
    assert "shown only now: note them down" in out
    assert list(scratch.iterdir()) == []
    database = open_database(url)
    try:
        for username, password in passwords.items():  # the passwords printed log in on the server
            assert authenticate(username, password).username == username
        assert Complaint.select().count() == 30 and settings.is_demo()
    finally:
        database.close()
    # Again: the database holds cases now, and a second demo is refused in one sentence, nothing written.
    status, out, err = run_main("--db", url, "demo", "--complaints", "30")
    assert status == 2
    assert err.startswith(f"main.py: error: {shown} holds cases already: demo data goes into a new database")
    assert err.count("\n") == 1
    database = open_database(url)
    try:
        assert Complaint.select().count() == 30
    finally:
        database.close()
