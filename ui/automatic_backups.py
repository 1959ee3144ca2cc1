"""The application's own backups: once a day while the desk runs (a timer asks the models whether
today's is still to be taken) and when the window closes (when anything changed since the last one).
The work runs in a worker; a failure (a missing USB stick, a full disk) is a warning the window shows
until a later backup succeeds, never a crash and never a closed window that stays open."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from models.errors import DomainError
from ui.backup_folder import backup_folder
from ui.i18n import domain_message

if TYPE_CHECKING:
    from models.backups import BackupInfo
    from ui.tasks import Task

log = logging.getLogger("complaint_desk.backups")

FIRST_CHECK_MS = 60_000  # a minute after the window opens: the start stays quick
CHECK_EVERY_MS = 30 * 60_000


class AutomaticBackups(QObject):
    failed = Signal(str)  # the sentence to show
    succeeded = Signal(object)  # the BackupInfo
    idle = Signal()  # a backup's answer handled on the GUI thread: self.task is None again

    def __init__(self, database: Path, parent: QObject | None = None,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:  # fmt: skip
        super().__init__(parent)
        self.database = database
        self.clock = clock  # tests set the day
        self.task: Task | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.daily)
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.daily)

    def daily(self) -> Task | None:
        """Today's backup, unless one exists for the day or one is being taken."""
        if self.task is not None:
            return None
        return self._run(only_if_changed=False)

    def _run(self, only_if_changed: bool, progress: QProgressDialog | None = None) -> Task | None:
        # Loaded at the first backup, a minute after the window opens: not at every start.
        from models.backups import PROGRESS_TOTAL
        from ui.tasks import run_task

        try:
            folder = backup_folder(self.database)
        except OSError as error:  # the default folder cannot be made
            self._failed(error)
            return None

        def ended() -> None:
            self.task = None
            if progress is not None:
                progress.done(0)
            self.idle.emit()

        def done(info: BackupInfo | None) -> None:
            ended()
            if info is None:
                return
            if info.checked:
                self.succeeded.emit(info)
            else:
                from ui.backup_text import problem_lines

                self.failed.emit(
                    self.tr("The automatic backup %1 did not check out: %2").replace("%1", info.path.name)
                    .replace("%2", "; ".join(problem_lines(info)[:3]))
                )  # fmt: skip

        def failed(error: Exception) -> None:
            ended()
            self._failed(error)

        self.task = run_task(
            _automatic, folder, self.clock(), only_if_changed, pass_task=True, on_done=done, on_error=failed,
            on_progress=(lambda d, t: progress.setValue(d * PROGRESS_TOTAL // max(t, 1))) if progress else None,
        )  # fmt: skip
        return self.task

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            reason = domain_message(error)
        else:
            log.error("the automatic backup failed", exc_info=error)
            reason = str(error)
        log.warning("automatic backup failed: %s", reason)
        self.failed.emit(self.tr("The automatic backup failed: %1").replace("%1", reason))

    def at_close(self, parent: QWidget | None) -> None:
        """Back up before the window closes (when anything changed since the last backup), behind a
        progress dialog; waits for a daily backup under way first."""
        self.timer.stop()
        from models.backups import PROGRESS_TOTAL

        progress = QProgressDialog(parent)
        progress.setWindowTitle(QCoreApplication.translate("App", "Complaint Desk"))
        progress.setLabelText(self.tr("Backing up the database before closing…"))
        progress.setCancelButton(None)
        progress.setRange(0, PROGRESS_TOTAL)
        progress.setMinimumDuration(500)
        progress.setAutoClose(False)  # the check reports its end before its result is written
        progress.setAutoReset(False)
        if self.task is not None:
            # Not the task's own finished signal: the worker may have emitted it already, its answer still queued
            # (a connection made now would never hear it). self.task is cleared on this thread when the answer is
            # handled, and idle says so then.
            def stop_waiting() -> None:
                progress.done(0)

            self.idle.connect(stop_waiting)
            progress.exec()
            self.idle.disconnect(stop_waiting)
        if self._run(only_if_changed=True, progress=progress) is not None:
            progress.exec()


def _automatic(folder: Path, now: dt.datetime, only_if_changed: bool, task: Task) -> BackupInfo | None:
    from models.backups import automatic_backup

    return automatic_backup(folder, now, progress=task.report, only_if_changed=only_if_changed)
