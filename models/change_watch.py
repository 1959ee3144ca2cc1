"""Whether another connection changed the database: SQLite's ``PRAGMA data_version`` read on a connection
of its own, which sees every commit but its own (the desk's, another window's in this process, another
computer's on a shared file); on a PostgreSQL server, the notifications every committed change sends
(``LISTEN``/``NOTIFY``: the baseline's statement triggers on every table) received on a connection of its
own, from every desk. A read costs microseconds; the GUI polls it (``ui.db_changes``)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any, Protocol

from models.base import db, is_postgresql
from models.database import BUSY_TIMEOUT_MS

log = logging.getLogger("complaint_desk.change_watch")

CHANNEL = "complaint_desk_changed"  # as models/migrations/postgresql/baseline.py notifies


class Watch(Protocol):
    def changed(self) -> bool: ...

    def close(self) -> None: ...


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


class ServerWatch:
    """A connection of its own to a PostgreSQL server that listens for the changes every desk commits."""

    def __init__(self, connect_params: dict[str, Any], name: str) -> None:
        import psycopg

        self.connection = psycopg.connect(dbname=name, autocommit=True, **connect_params)
        self.connection.execute(f"LISTEN {CHANNEL}")

    def changed(self) -> bool:
        """True once after any number of commits since it last asked (each sends a notification)."""
        try:
            return sum(1 for _ in self.connection.notifies(timeout=0)) > 0
        except Exception as error:  # noqa: BLE001 - a lost server says nothing new; the desk's own work says why
            log.warning("change notifications stopped: %s", error)
            return False

    def close(self) -> None:
        self.connection.close()


def watch_open_database() -> Watch | None:
    """A watch of the models' database; None for a database without a file (in memory)."""
    if is_postgresql():
        server = db.obj
        params = {key: value for key, value in server.connect_params.items() if key != "prefer_psycopg3"}
        return ServerWatch(params, server.database)
    name = str(getattr(db.obj, "database", "") or "")
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    if not name or name == ":memory:" or not Path(name).is_file():
        return None
    return DataVersionWatch(Path(name))
