"""Background work comes back on the GUI thread; uncaught errors are logged and shown."""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from models.errors import DomainError
from models.staff import Role, Staff, create_staff
from ui.logs import configure_logging, install_excepthook
from ui.messages import show_bug
from ui.tasks import run_task


def test_a_task_runs_off_the_gui_thread_and_reports_back_on_it(qtbot: QtBot, database: object) -> None:
    create_staff("zw", "张伟", Role.DUTY_MANAGER, "long-enough")
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return Staff.select().count()

    def done(count: int) -> None:
        seen["count"] = count
        seen["receiver"] = threading.current_thread()

    run_task(work, on_done=done)
    qtbot.waitUntil(lambda: "count" in seen)
    assert seen["count"] == 1
    assert seen["worker"] is not threading.main_thread()
    assert seen["receiver"] is threading.main_thread()


def test_a_failing_task_hands_its_error_back(qtbot: QtBot, database: object) -> None:
    def work() -> None:
        raise DomainError("Enter a user name.")

    errors: list[Exception] = []
    run_task(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert [str(e) for e in errors] == ["Enter a user name."]


def test_uncaught_exceptions_are_logged_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    log_file = configure_logging(tmp_path / "logs")
    reports: list[tuple[str, str]] = []
    try:
        install_excepthook(lambda summary, details: reports.append((summary, details)))
        try:
            raise ValueError("bad value 42")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        for handler in set(root.handlers) - set(handlers):
            handler.close()
            root.removeHandler(handler)
    [(summary, details)] = reports
    assert summary == "ValueError: bad value 42"
    assert "Traceback" in details and "bad value 42" in details
    assert "bad value 42" in log_file.read_text(encoding="utf-8")


def test_the_bug_dialog_has_an_expandable_traceback_and_does_not_block(qtbot: QtBot, english: None) -> None:
    box = show_bug(None, "ValueError: bad value", "Traceback (most recent call last):\n  …")
    qtbot.addWidget(box)
    assert box.isVisible() and not box.isModal()
    assert box.detailedText().startswith("Traceback")
    assert box.informativeText() == "ValueError: bad value"
    assert box.icon() == QMessageBox.Icon.Critical
