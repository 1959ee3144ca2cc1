"""Background work comes back on the GUI thread; uncaught errors are logged and shown."""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from models.base import db
from models.errors import DomainError, StorageError
from models.staff import Role, Staff, create_staff
from ui import messages
from ui.logs import configure_logging, install_excepthook
from ui.messages import show_bug
from ui.tasks import run_task

BUSY = "Another desk is saving; try again in a moment."


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


@pytest.mark.sqlite_only  # a server's background work connects for itself (models.database.background_connection)
def test_background_work_reuses_a_connection_and_sees_what_was_saved_meanwhile(
    qtbot: QtBot, database: object
) -> None:
    # A new connection reads the whole schema first (about 5 ms): the second piece of work borrows the first's.
    connections: list[object] = []

    def work() -> int:
        connections.append(db.connection())
        return Staff.select().count()

    counts: list[int] = []
    for expected in (0, 1):
        run_task(work, on_done=counts.append)
        qtbot.waitUntil(lambda expected=expected: len(counts) == expected + 1)
        if expected == 0:
            create_staff("zw", "张伟", Role.DUTY_MANAGER, "long-enough")  # committed on the GUI thread's connection
    assert counts == [0, 1]  # the borrowed connection holds no snapshot: it sees the new account
    assert connections[0] is connections[1]


def test_a_page_deleted_while_its_read_runs_is_not_touched_afterwards(qtbot: QtBot, database: object) -> None:
    """A callback reaching into a closed page raised "Internal C++ object already deleted" (seen in CI): with
    its owner given, the result of a read that ends after the page went is dropped; the other one still arrives."""
    from PySide6.QtWidgets import QLabel

    gate = threading.Event()
    page, kept = QLabel(), QLabel()
    shown: list[str] = []
    finished: list[str] = []

    def show(label: QLabel, text: str) -> None:
        label.setText(text)  # raises RuntimeError on a deleted label
        shown.append(text)

    for label, text in ((page, "gone"), (kept, "kept")):
        task = run_task(gate.wait, 10, on_done=lambda _, label=label, text=text: show(label, text), owner=label)
        task.finished.connect(lambda text=text: finished.append(text))
    page.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(page))
    gate.set()
    qtbot.waitUntil(lambda: len(finished) == 2)
    assert shown == ["kept"] and kept.text() == "kept"


def test_each_runnable_is_held_until_it_has_run_and_then_let_go(qtbot: QtBot, database: object) -> None:
    """Held from the start (a temporary could be freed before a worker took it) and let go once run, failed or
    not: nothing gathers over a day of refreshes."""
    from PySide6.QtCore import QThreadPool

    from ui import tasks

    gate = threading.Event()
    results: list[int] = []
    held = [run_task(gate.wait, 10, on_done=lambda _: results.append(1)) for _ in range(3)]
    assert len(tasks._queued) >= 3, "held while queued or running"
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 3)
    QThreadPool.globalInstance().waitForDone(10_000)
    assert tasks._queued == set() and len(held) == 3


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
    assert box.detailedText().startswith("ValueError: bad value\n\nTraceback"), "the error under Show Details"
    assert "ValueError" not in box.text() + box.informativeText(), "plain words for the person at the desk"
    assert "below" not in box.text(), "the details are folded, not below"
    assert "try again" in box.text() and "tell whoever looks after the program" in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Critical


@pytest.fixture
def bug_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_bug", lambda parent, summary, details: shown.append((summary, details)))
    return shown


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: shown.append(text))
    return shown


def test_a_failing_task_without_a_handler_logs_the_traceback_and_shows_the_bug_dialog(
    qtbot: QtBot,
    database: object,
    bug_dialogs: list[tuple[str, str]],
    warnings_shown: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_work() -> None:
        raise ValueError("bad value 42")

    with caplog.at_level(logging.ERROR, logger="complaint_desk.tasks"):
        # The worker may finish before a waitSignal here could connect: wait for what a person sees.
        run_task(broken_work)
        qtbot.waitUntil(lambda: bool(bug_dialogs))
    [(summary, details)] = bug_dialogs
    assert summary == "ValueError: bad value 42"
    assert "Traceback" in details and "broken_work" in details
    [record] = [r for r in caplog.records if r.name == "complaint_desk.tasks" and r.levelno == logging.ERROR]
    assert "Traceback" in record.getMessage() and "broken_work" in record.getMessage()
    assert warnings_shown == []


def test_a_person_s_mistake_in_a_task_is_told_in_its_sentence_not_as_a_bug(
    qtbot: QtBot, database: object, bug_dialogs: list[tuple[str, str]], warnings_shown: list[str], english: None
) -> None:
    def busy() -> None:
        raise StorageError(BUSY)

    run_task(busy)
    qtbot.waitUntil(lambda: bool(warnings_shown))
    assert warnings_shown == [BUSY]
    assert bug_dialogs == []


def test_the_register_leaves_searching_when_the_search_fails(
    qtbot: QtBot, database: object, bug_dialogs: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    from ui.register import register_page

    def broken_first_page(*args: object) -> None:
        raise RuntimeError("the index is gone")

    monkeypatch.setattr(register_page, "first_page", broken_first_page)
    register = register_page.RegisterPage()
    qtbot.addWidget(register)
    register.show()
    register.refresh()
    assert register.status.text() == "Searching…"
    qtbot.waitUntil(lambda: bool(bug_dialogs))
    assert register.status.text() != "Searching…"
    assert bug_dialogs[0][0] == "RuntimeError: the index is gone"


def test_a_server_down_opens_one_warning_not_one_more_at_every_refresh(
    qtbot: QtBot,
    database: object,
    bug_dialogs: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    english: None,
) -> None:
    """The overview's and the queue's reads go on under a warning (it is modal: its own event loop delivers their
    failures). With the server down, each opened the bug dialog, and then one more warning over the first."""
    from models.postgresql import PostgresqlDatabase, server_address

    down = PostgresqlDatabase(server_address("postgresql://desk@127.0.0.1:1/desk"))  # nothing listens on port 1

    def refresh() -> None:
        down.execute_sql("SELECT 1")

    def refusals() -> int:
        return sum(record.getMessage().startswith("refused: ") for record in caplog.records)

    warnings: list[str] = []

    def warn(parent: object, title: str, text: str) -> None:
        warnings.append(text)
        if len(warnings) == 1:  # open until the next refresh has failed as well
            run_task(refresh)
            qtbot.waitUntil(lambda: refusals() == 2)

    monkeypatch.setattr(messages, "warn", warn)
    with caplog.at_level(logging.INFO, logger="complaint_desk.tasks"):
        run_task(refresh)
        qtbot.waitUntil(lambda: refusals() == 2)
        assert len(warnings) == 1 and warnings[0].startswith("The database server cannot be reached:")
        assert bug_dialogs == []
        run_task(refresh)  # the warning closed: the next failure is said again
        qtbot.waitUntil(lambda: len(warnings) == 2)
    assert warnings[1] == warnings[0]
    assert bug_dialogs == []
