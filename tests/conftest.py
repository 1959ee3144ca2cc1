"""Every test runs offscreen with its own database file, settings folder and
data/log folders under tmp_path: nothing touches the user's real files."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from models.database import open_database

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture(autouse=True)
def no_windows_outlive_the_test(qapp: QApplication) -> Iterator[None]:
    """Windows of one test must not receive events (a language change) in the next."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def database(database_path: Path) -> Iterator[object]:
    opened = open_database(str(database_path))
    yield opened
    opened.close()


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    from ui.i18n import install_translators

    install_translators("en")
    yield
    install_translators("en")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    from ui.i18n import install_translators

    install_translators("zh_CN")
    yield
    install_translators("en")


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method does: QTest.keyClicks aborts on non-ASCII text."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def require_component(name: str, available: bool) -> None:
    """Skip without a real component on a developer machine; fail in CI."""
    if available:
        return
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_program(program: str) -> str:
    path = shutil.which(program)
    require_component(program, path is not None)
    return path
