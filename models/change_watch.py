"""Whether another connection changed the database: SQLite's ``PRAGMA data_version`` read on a connection
of its own, which sees every commit but its own (the desk's, another window's in this process, another
computer's on a shared file); on a PostgreSQL server, the notifications every committed change sends
(``LISTEN``/``NOTIFY``: the baseline's statement triggers on every table) received on a connection of its
own, from every desk. A read costs microseconds; the GUI polls it (``ui.db_changes``)."""

from __future__ import annotations

import logging
import sqlite3
import threading
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


# After the server ended the listening connection (a restart, a failover, an idle timeout), a new one is tried in
# a thread of its own (a host that does not answer holds a connect for its whole timeout: on the GUI thread that
# froze the desk), first after RELISTEN_SECONDS, then twice as long each time, up to RELISTEN_MAX_SECONDS.
RELISTEN_SECONDS = 5.0
RELISTEN_MAX_SECONDS = 60.0
RELISTEN_CONNECT_TIMEOUT = 3  # seconds: a watch that waits longer tells nobody anything sooner


class ServerWatch:
    """A connection of its own to a PostgreSQL server that listens for the changes every desk commits."""

    def __init__(self, connect_params: dict[str, Any], name: str) -> None:
        self.params = dict(connect_params, dbname=name)
        self.pause = RELISTEN_SECONDS
        self.retry_at = 0.0
        self.connection: Any = self._listen(self.params)
        self._trying: threading.Thread | None = None
        self._found: Any = None  # a connection the thread opened, taken by the next poll
        self._lock = threading.Lock()

    @staticmethod
    def _listen(params: dict[str, Any]) -> Any:
        import psycopg

        connection = psycopg.connect(autocommit=True, **params)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def changed(self) -> bool:
        """True once after any number of commits since it last asked (each sends a notification); True too once
        listening again after the connection was lost (what changed meanwhile was not heard). Never waits."""
        if self.connection is None:
            return self._relistened()
        try:
            return sum(1 for _ in self.connection.notifies(timeout=0)) > 0
        except Exception as error:  # noqa: BLE001 - a lost server says nothing new; the desk's own work says why
            log.warning("change notifications stopped: %s; listening again when the server answers", error)
            self._drop()
            self.retry_at = time.monotonic() + self.pause
            return False

    def _relistened(self) -> bool:
        with self._lock:
            found, self._found = self._found, None
        if found is not None:
            log.info("change notifications back")
            self.connection, self.pause = found, RELISTEN_SECONDS
            return True
        if self._trying is None and time.monotonic() >= self.retry_at:
            self._trying = threading.Thread(target=self._try, name="change-watch-relisten", daemon=True)
            self._trying.start()
        return False

    def _try(self) -> None:
        params = dict(self.params, connect_timeout=RELISTEN_CONNECT_TIMEOUT)
        try:
            connection = self._listen(params)
        except Exception as error:  # noqa: BLE001 - still unreachable: tried again later
            log.info("change notifications not back yet: %s", error)
            connection = None
        with self._lock:
            self._found = connection
        if connection is None:  # the pause counted from the end of the try (a try as long as the pause once)
            self.pause = min(self.pause * 2, RELISTEN_MAX_SECONDS)
        self.retry_at = time.monotonic() + self.pause
        self._trying = None

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with suppress(Exception):
                connection.close()

    def close(self) -> None:
        self._drop()
        with self._lock:
            found, self._found = self._found, None
        if found is not None:
            with suppress(Exception):
                found.close()


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
