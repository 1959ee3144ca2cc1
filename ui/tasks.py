"""The one way to run slow work off the GUI thread.

``run_task(fn, *args, on_done=..., on_error=...)`` runs ``fn`` in Qt's global
thread pool and delivers its result (or the exception) back on the GUI thread
through a queued signal. Workers never touch widgets; each piece of work
runs on a connection of its own (on SQLite one borrowed from the spares work
before left: models.database.background_connection).

Long work that reports progress or can be cancelled takes the Task itself:
``run_task(fn, pass_task=True, on_progress=...)`` calls ``fn(*args, task=task)``,
and ``fn`` calls ``task.report(done, total)`` and checks ``task.is_cancelled()``.

A task without its own ``on_error`` fails loudly (as Anki's ``QueryOp`` does):
``report_failure`` tells a person's mistake (a DomainError) in its sentence,
and logs any other failure with its traceback and shows the bug dialog.
"""
from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from models.database import background_connection
from models.errors import DomainError, RoleChangedError
from ui import messages
from ui.i18n import domain_message

log = logging.getLogger("complaint_desk.tasks")


class Task(QObject):
    """Handle of one piece of background work; its signals arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(Exception)
    finished = Signal()
    progress = Signal(int, int)

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (it decides where that is)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    def run(self) -> None:
        name = getattr(self._fn, "__name__", repr(self._fn))
        try:
            with background_connection():
                result = self._fn(*self._args, **self._kwargs)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread
            # Logged once, where it is handled: report_failure or the caller's on_error.
            log.debug("task %s failed: %s", name, error)
            outcome = (self.failed, error)
        else:
            outcome = (self.done, result)
        try:
            outcome[0].emit(outcome[1])
            self.finished.emit()
        except RuntimeError:
            # The application is shutting down and took the receiver with it.
            log.debug("task %s finished after its receiver was gone", name)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        try:
            self._task.run()
        finally:
            _queued.discard(self)  # Qt deletes the runnable once this returns (autoDelete)


_running: set[Task] = set()
# The runnables handed to the pool, until they have run: passed as a temporary, the Python object could be freed
# before a worker took it, and Qt then called run() on a new, empty wrapper ("'_Runnable' object has no attribute
# '_task'", seen once in CI's server pass).
_queued: set[_Runnable] = set()


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    pass_task: bool = False,
    owner: QObject | None = None,
    **kwargs: Any,
) -> Task:
    """Run ``fn(*args, **kwargs)`` in a worker; ``on_done`` gets its result on
    the GUI thread, ``on_error`` its exception (without one: ``report_failure``).

    With an ``owner`` (the page a lambda callback reaches into), the callbacks
    are dropped once the owner is deleted: a page closed while its read was
    running is not touched afterwards."""
    task = Task(fn, args, kwargs)
    if owner is not None:
        on_done = _while_alive(owner, on_done)
        on_error = _while_alive(owner, on_error)
        on_progress = _while_alive(owner, on_progress)
    if pass_task:
        kwargs["task"] = task
    if on_progress is not None:
        task.progress.connect(on_progress)
    if on_done is not None:
        task.done.connect(on_done)
    task.failed.connect(on_error if on_error is not None else report_failure)
    # Keep the handle alive until its signals have been delivered.
    _running.add(task)
    task.finished.connect(lambda: _running.discard(task))
    runnable = _Runnable(task)
    _queued.add(runnable)
    QThreadPool.globalInstance().start(runnable)
    return task


def _while_alive(owner: QObject, callback: Callable[..., None] | None) -> Callable[..., None] | None:
    if callback is None:
        return None

    def call(*args: Any) -> None:
        if isValid(owner):
            callback(*args)
        else:
            log.debug("task result for a deleted %s dropped", type(owner).__name__)

    return call


# The sentences a warning of report_failure's shows now. The box is modal, yet the background reads go on under it
# (the overview's every minute, the queue's every 5 s): with the server down, each failed the same way and opened
# one more box over it.
_warnings_open: set[str] = set()


def report_failure(
    error: Exception, parent: QWidget | None = None, show_sentence: Callable[[str], None] | None = None
) -> None:
    """The end of a failed piece of work. A DomainError is a person's mistake
    (or another desk saving): its sentence goes to ``show_sentence`` or a
    warning (not a second one while a warning with the same sentence is
    open). Anything else is a bug: logged with its traceback and shown in
    the bug dialog, whose Details hold the same traceback."""
    parent = parent if parent is not None else QApplication.activeWindow()
    if isinstance(error, DomainError):
        log.info("refused: %s", error)
        sentence = domain_message(error)
        if show_sentence is not None:
            show_sentence(sentence)
        elif sentence in _warnings_open:
            log.info("not said again: the warning saying it is still open")
        else:
            _warnings_open.add(sentence)
            try:
                messages.warn(parent, QCoreApplication.translate("App", "Complaint Desk"), sentence)
            finally:
                _warnings_open.discard(sentence)
        return
    details = "".join(traceback.format_exception(error))
    log.error("background work failed\n%s", details)
    messages.show_bug(parent, f"{type(error).__name__}: {error}", details)


def list_read_failed(error: Exception) -> None:
    """The end of a list read in the background (the office's risk list, read again at each change): refused as an
    administrator changed the role meanwhile, it says nothing (the window follows the new role at the same change
    and says so: a box said "Only the office can …" first); anything else as ``report_failure``. A click's refusal
    is always said."""
    if isinstance(error, RoleChangedError):
        log.info("a list read under the role changed since: %s", error)
        return
    report_failure(error)
