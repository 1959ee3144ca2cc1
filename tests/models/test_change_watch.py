"""The database-changed watch: SQLite's data_version, on a connection of its own, sees every commit of
another connection to the file (this process's own included), once; on a PostgreSQL server, the
notifications of every desk's commits (LISTEN/NOTIFY)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from models import settings
from models.base import is_postgresql
from models.change_watch import Watch, watch_open_database

DELIVERY_S = 5  # a server's notification crosses a socket: wait for it, as for any condition


def _another_desk_writes(database: Any) -> None:
    """A commit made on a connection of another program, not the application's."""
    if is_postgresql(database):  # another desk: a process of its own, on its own connection
        params = {key: value for key, value in database.connect_params.items() if key != "prefer_psycopg3"}
        script = (
            "import sys, json, psycopg\n"
            "params = json.loads(sys.argv[1])\n"
            "with psycopg.connect(autocommit=True, **params) as other:\n"
            "    other.execute(\"UPDATE setting SET value = '2' WHERE key = 'some_setting'\")\n"
        )
        subprocess.run(
            [sys.executable, "-c", script, json.dumps({"dbname": database.database, **params})], check=True
        )
        return
    with closing(sqlite3.connect(database.database)) as other, other:
        other.execute("UPDATE setting SET value = '2' WHERE key = 'some_setting'")


def _seen(watch: Watch) -> bool:
    deadline = time.monotonic() + DELIVERY_S
    while not watch.changed():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_commit_of_any_other_connection_is_seen_once(database: Any, database_path: Path) -> None:
    watch = watch_open_database()
    assert watch is not None
    if not is_postgresql(database):
        assert getattr(watch, "path", None) == database_path
    try:
        assert not watch.changed()
        settings.put("some_setting", 1)  # the application's own connection
        assert _seen(watch) and not watch.changed()
        _another_desk_writes(database)
        assert _seen(watch) and not watch.changed()
        settings.get("some_setting")  # reading tells nobody
        assert not watch.changed()
    finally:
        watch.close()


def test_a_database_without_a_file_has_no_watch(tmp_path: Path) -> None:
    from models.base import db
    from models.database import SqliteDatabase

    memory = SqliteDatabase(":memory:")
    previous = db.obj
    db.initialize(memory)
    try:
        assert watch_open_database() is None
    finally:
        db.initialize(previous)
