"""Whether another connection changed the database: SQLite's ``PRAGMA data_version`` read on a connection
of its own, which sees every commit but its own (the desk's, another window's in this process, another
computer's on a shared file); on a PostgreSQL server, the notifications every committed change sends
(``LISTEN``/``NOTIFY``: the baseline's statement triggers on every table) received on a connection of its
own, from every desk. A read costs microseconds; the GUI polls it (``ui.db_changes``)."""

from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import suppress
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


# After the server ended the listening connection (a restart, a failover, an idle timeout): how often a new one is
# tried, in seconds. It polled the dead one for good, and other desks' changes stopped showing without a word.
RELISTEN_SECONDS = 5.0


class ServerWatch:
    """A connection of its own to a PostgreSQL server that listens for the changes every desk commits."""

    def __init__(self, connect_params: dict[str, Any], name: str) -> None:
        self.params = dict(connect_params, dbname=name)
        self.retry_at = 0.0
        self.connection: Any = None
        self._listen()

    def _listen(self) -> None:
        import psycopg

        self.connection = psycopg.connect(autocommit=True, **self.params)
        self.connection.execute(f"LISTEN {CHANNEL}")

    def changed(self) -> bool:
        """True once after any number of commits since it last asked (each sends a notification); True too once
        listening again after the connection was lost (what changed meanwhile was not heard)."""
        if self.connection is None:
            return self._relisten()
        try:
            return sum(1 for _ in self.connection.notifies(timeout=0)) > 0
        except Exception as error:  # noqa: BLE001 - a lost server says nothing new; the desk's own work says why
            log.warning("change notifications stopped: %s; listening again when the server answers", error)
            self._drop()
            return False

    def _relisten(self) -> bool:
        now = time.monotonic()
        if now < self.retry_at:
            return False
        self.retry_at = now + RELISTEN_SECONDS
        try:
            self._listen()
        except Exception as error:  # noqa: BLE001 - still unreachable: asked again later
            log.info("change notifications not back yet: %s", error)
            self._drop()
            return False
        log.info("change notifications back")
        return True

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with suppress(Exception):
                connection.close()

    def close(self) -> None:
        self._drop()


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
