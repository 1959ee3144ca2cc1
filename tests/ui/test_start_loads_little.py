"""The start shows its first window having loaded only what that window needs
(tests/perf/bench_startup.py times it; this holds the reasons it is quick)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.database import open_database
from models.setup import first_run_setup

ROOT = Path(__file__).resolve().parents[2]

# main.py, run as a person runs it, up to the moment its first dialog would show.
FIRST_WINDOW = """
import json, sys
sys.path.insert(0, sys.argv[1])
from PySide6 import QtCore, QtWidgets

seen = {}
# As the desk remembers the file it opened last (ui/app.py): then the login shows before the database is opened.
remembered = json.loads(sys.argv[3])
if remembered:
    stored = QtCore.QSettings("ComplaintDesk", "ComplaintDesk")
    for key, value in remembered.items():
        stored.setValue(key, value)
    stored.sync()

def shown(dialog):
    seen.update(
        window=type(dialog).__name__,
        modules=sorted(sys.modules),
        qt_types=sorted(set(vars(QtCore)) | set(vars(QtWidgets))),
    )
    return 0  # closed at once, as if the person cancelled

QtWidgets.QDialog.exec = shown
import main
status = main.main(["--db", sys.argv[2]])
print(json.dumps(dict(seen, status=status)))
"""

# What the first window does without: the main window and its screens, the intake's rules,
# the handover, the default catalogues, the migration runner (the file is up to date), the
# printed forms, the table of code names, the PostgreSQL driver (a file's desk: peewee imports
# it with itself unless models/__init__.py keeps it away, 80 ms).
NOT_LOADED = (
    "ui.main_window",
    "ui.open_cases",
    "models.intake",
    "models.handover",
    "models.defaults",
    "playhouse.migrations",
    "reportlab",
    "ui.paper.code_labels",
    "ui.tasks",
    "psycopg",
)
# Qt's namespace of enums (93 of them) and the message box: Python types made on first use.
NOT_MADE = ("Qt", "QMessageBox", "QStyle")


def _first_window(database_path: Path, remembered: dict[str, str]) -> dict[str, object]:
    with open_database(str(database_path)):
        first_run_setup("锦江花园酒店", "admin", "王芳", "admin-pass-1")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW, str(ROOT), str(database_path), json.dumps(remembered)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


@pytest.fixture
def first_window(database_path: Path) -> dict[str, object]:
    """The first start on a file: it is opened (the set-up or the login depends on it), then the login shows."""
    return _first_window(database_path, {})


@pytest.mark.sqlite_only  # a server is opened first: its URL is not remembered
def test_a_file_opened_before_shows_its_login_before_loading_the_models(database_path: Path) -> None:
    from ui.app import REMEMBERED_FILE_KEY, REMEMBERED_ORGANISATION_KEY

    remembered = {REMEMBERED_FILE_KEY: str(database_path.absolute()), REMEMBERED_ORGANISATION_KEY: "锦江花园酒店"}
    first_window = _first_window(database_path, remembered)
    assert first_window["window"] == "LoginDialog"
    assert first_window["status"] == 0
    modules = set(first_window["modules"])
    assert "ui.account_dialogs" in modules, "the check sees what is loaded"
    # Nor peewee, nor any model, nor the database file's driver: loaded after the login has painted.
    assert not {"peewee", "sqlite3"} & modules
    assert not [name for name in modules if name == "models" or name.startswith("models.")]


def test_the_login_shows_without_what_only_later_screens_need(first_window: dict[str, object]) -> None:
    assert first_window["window"] == "LoginDialog"
    assert first_window["status"] == 0
    modules = set(first_window["modules"])
    assert "models.staff" in modules and "ui.account_dialogs" in modules, "the check sees what is loaded"
    assert not modules.intersection(NOT_LOADED)  # a package's module brings the package
    types = set(first_window["qt_types"])
    assert "QLineEdit" in types, "the check sees the types made"
    assert not types.intersection(NOT_MADE)
