"""The database-changed watch: SQLite's data_version, on a connection of its own, sees every commit of
another connection to the file (this process's own included), once."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from models import settings
from models.change_watch import watch_open_database


def test_a_commit_of_any_other_connection_is_seen_once(database: object, database_path: Path) -> None:
    watch = watch_open_database()
    assert watch is not None and watch.path == database_path
    try:
        assert not watch.changed()
        settings.put("some_setting", 1)  # the application's own connection
        assert watch.changed() and not watch.changed()
        with closing(sqlite3.connect(database_path)) as other, other:  # another desk's
            other.execute("UPDATE setting SET value = '2' WHERE key = 'some_setting'")
        assert watch.changed() and not watch.changed()
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
