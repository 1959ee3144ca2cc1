"""The database changed: a signal the main window and its screens listen to, so that what another desk
saved (a risk alert, a take-over) shows without anyone pressing Refresh and without a sound. It polls
``models.change_watch`` in a QTimer: SQLite's data_version, or on a PostgreSQL server the notifications
every desk's commits send (LISTEN/NOTIFY), microseconds a read either way."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from models.change_watch import Watch, watch_open_database

POLL_MS = 750


class DatabaseChanges(QObject):
    """Emits ``changed`` after any commit of another connection to the database file."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watch: Watch | None = watch_open_database()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)  # read here, not bound as a default: the gui tests shorten it
        self.timer.timeout.connect(self.poll)
        if self.watch is not None:
            self.timer.start()
            # Its connection (on a server, a LISTEN session) ends with this object: closed when its
            # window goes (the closure holds the watch, not this object, whose Python side is gone by then).
            watch = self.watch
            self.destroyed.connect(lambda: watch.close())

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
