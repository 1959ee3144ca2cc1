"""A new SQLite file gets its schema from the baseline (models/migrations/sqlite/baseline.py) in one step
instead of replaying every migration: it must be the very file the migrations make, entry by entry of its
schema and row by row of its tables, with an identity of its own."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from playhouse.migrations import Runner

import models.database as database_module
from models.database import HISTORY_TABLE, MIGRATIONS_DIR, PRAGMAS, SqliteDatabase, connect, migrate, open_database
from models.verify import expected_triggers

pytestmark = pytest.mark.sqlite_only  # a server starts from its own baseline (tests/models/test_server.py)

baseline = database_module._baseline(database_module.SQLITE_BASELINE)


def _the_long_way(path: Path, through: str | None = None) -> Path:
    """An empty file migrated by every migration (through ``through``), as files were before the baseline."""
    database = SqliteDatabase(str(path), pragmas=PRAGMAS)
    try:
        Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up(through)
    finally:
        database.close()
    return path


def _new_file(path: Path) -> Path:
    open_database(str(path)).close()
    return path


def _schema(connection: sqlite3.Connection) -> set[tuple[str, str, str, str | None]]:
    return set(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def _contents(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, FTS5's own tables included; the file's identity and the migrations' times aside."""
    contents: dict[str, list[tuple[object, ...]]] = {}
    for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        try:
            rows = sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr)
        except sqlite3.OperationalError as error:  # a contentless FTS5 table: its rows are in its shadow tables
            assert "does not support scanning" in str(error)
            continue
        if table == "setting":
            rows = [row for row in rows if row[0] != "database_id"]
        if table == HISTORY_TABLE:
            rows = [(name,) for (name,) in connection.execute(f'SELECT name FROM "{table}" ORDER BY id')]
        contents[table] = rows
    return contents


def _identity(connection: sqlite3.Connection) -> str:
    (value,) = connection.execute("SELECT value FROM setting WHERE key = 'database_id'").fetchone()
    return str(json.loads(value))


def test_a_new_file_is_the_file_the_migrations_make(tmp_path: Path) -> None:
    made = sqlite3.connect(_the_long_way(tmp_path / "long.db"))
    new = sqlite3.connect(_new_file(tmp_path / "new.db"))
    try:
        assert _schema(new) == _schema(made)
        assert len(_schema(new)) > 150  # tables, indexes, views, triggers and FTS5's own tables
        assert _contents(new) == _contents(made)
        assert len(_contents(new)["search_position"]) == 4096  # rows a migration put in, not only tables
        assert [row[0] for row in _contents(new)[HISTORY_TABLE]][-1] == sorted(
            p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")
        )[-1]
        assert len(_identity(new)) == 32
        assert _identity(new) != _identity(made)
        assert dict(made.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")) == expected_triggers()
    finally:
        made.close()
        new.close()


def test_the_snapshot_is_what_the_migrations_through_it_leave(tmp_path: Path) -> None:
    connection = sqlite3.connect(_the_long_way(tmp_path / "through.db", baseline.THROUGH))
    try:
        assert baseline.snapshot(connection) == json.loads(baseline.SNAPSHOT.read_text(encoding="utf-8"))
    finally:
        connection.close()


def test_each_new_file_has_an_identity_of_its_own(tmp_path: Path) -> None:
    identities = set()
    for name in ("a.db", "b.db"):
        connection = sqlite3.connect(_new_file(tmp_path / name))
        identities.add(_identity(connection))
        connection.close()
    assert len(identities) == 2


def test_a_creation_that_fails_leaves_an_empty_file_that_opens_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = json.loads(baseline.SNAPSHOT.read_text(encoding="utf-8"))
    recorded["schema"].append("CREATE TABLE complaint (id INTEGER)")  # the last statement fails: the table exists
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(recorded), encoding="utf-8")
    real = database_module._baseline

    def with_a_broken_snapshot(path: Path) -> object:
        module = real(path)
        module.SNAPSHOT = broken
        return module

    monkeypatch.setattr(database_module, "_baseline", with_a_broken_snapshot)
    path = tmp_path / "desk.db"
    with pytest.raises(Exception, match="already exists"):
        open_database(str(path))
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    connection.close()

    monkeypatch.undo()
    connection = sqlite3.connect(_new_file(path))
    assert connection.execute("SELECT count(*) FROM complaint").fetchone() == (0,)
    assert len(_identity(connection)) == 32
    connection.close()


def test_two_desks_opening_a_new_file_at_once_create_it_once(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    applied = _migrated_at_once(path)  # both found the file empty
    # One made it; the other found it made, or applied the migrations after the baseline while the first had not yet.
    every = sorted(migration.stem for migration in MIGRATIONS_DIR.glob("[0-9]*.py"))
    assert sorted(applied[0] + applied[1]) == every, "each migration applied once, by one desk or the other"
    connection = sqlite3.connect(path)
    assert len(_identity(connection)) == 32
    connection.close()


def test_two_desks_upgrading_a_file_at_once_apply_each_migration_once(tmp_path: Path) -> None:
    """A file of an older schema opened by two desks at the same moment: each migration it lacks is applied by
    one of them, in order, and neither fails (each backs the file up in its turn)."""
    fixtures = sorted((MIGRATIONS_DIR.parents[1] / "tests" / "fixtures").glob("schema_00[0-9][0-9].db"))
    older = [path for path in fixtures if path.stem != f"schema_{_newest()[:4]}"]
    path = tmp_path / "desk.db"
    path.write_bytes(older[-1].read_bytes())
    pending = sorted(name for names in _migrated_at_once(path) for name in names)
    assert pending and pending == sorted(set(pending)), "each migration applied once"
    connection = sqlite3.connect(path)
    history = [name for (name,) in connection.execute(f"SELECT name FROM {HISTORY_TABLE} ORDER BY id")]
    connection.close()
    assert history[-len(pending):] == pending and history[-1] == _newest()


def _migrated_at_once(path: Path) -> list[list[str]]:
    """``migrate`` of two desks' connections to ``path``, started at the same moment in two threads: what each
    applied (the test fails if either raised)."""
    desks = [connect(str(path)), connect(str(path))]
    errors: list[BaseException] = []
    applied: list[list[str]] = []
    ready = threading.Barrier(2, timeout=30)

    def desk(database: SqliteDatabase) -> None:
        try:
            ready.wait()  # then both migrate at once, each on its own connection
            applied.append(migrate(database))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            ready.abort()
        finally:
            database.close()

    threads = [threading.Thread(target=desk, args=(database,)) for database in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return applied


def _newest() -> str:
    return max(path.stem for path in MIGRATIONS_DIR.glob("[0-9]*.py"))
