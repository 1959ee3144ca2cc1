"""The database changed: a signal the main window and its screens listen to, so that what another desk
saved (a risk alert, a take-over) shows without anyone pressing Refresh and without a sound. It polls
``models.change_watch`` (SQLite's data_version, microseconds a read) in a QTimer; a server database will
add its own notification beside it (PostgreSQL's LISTEN/NOTIFY, issue 16) behind the same signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from models.change_watch import DataVersionWatch, watch_open_database

POLL_MS = 750


class DatabaseChanges(QObject):
    """Emits ``changed`` after any commit of another connection to the database file."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.watch: DataVersionWatch | None = watch_open_database()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        if self.watch is not None:
            self.timer.start()

    def poll(self) -> bool:
        if self.watch is not None and self.watch.changed():
            self.changed.emit()
            return True
        return False

    def stop(self) -> None:
        self.timer.stop()
        if self.watch is not None:
            self.watch.close()
            self.watch = None
