"""Whether another connection changed the database: SQLite's ``PRAGMA data_version`` read on a connection
of its own, which sees every commit but its own (the desk's, another window's in this process, another
computer's on a shared file). A read costs microseconds; the GUI polls it (``ui.db_changes``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from models.base import db
from models.database import BUSY_TIMEOUT_MS


class DataVersionWatch:
    """A read-only connection to the database file that says when the file changed since it last asked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        self.last = self._read()

    def _read(self) -> int:
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once after each commit of any other connection to the file."""
        try:
            now = self._read()
        except sqlite3.Error:
            return False  # a locked or vanishing file says nothing new; the next poll asks again
        if now == self.last:
            return False
        self.last = now
        return True

    def close(self) -> None:
        self.connection.close()


def watch_open_database() -> DataVersionWatch | None:
    """A watch of the models' database file; None for a database without a file (in memory)."""
    name = str(getattr(db.obj, "database", "") or "")
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    if not name or name == ":memory:" or not Path(name).is_file():
        return None
    return DataVersionWatch(Path(name))
