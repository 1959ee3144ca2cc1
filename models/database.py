"""The one database: opened from a URL, tuned for durability, migrated on open.

SQLite is the embedded default (WAL, foreign keys, busy timeout,
``synchronous=FULL`` so a committed intake step survives a power cut). The
schema is kept by peewee 4's ``playhouse.migrations`` runner; a copy of the
file is taken before any migration, and a database written by a newer
version of the application is refused rather than damaged.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peewee import DatabaseError, DatabaseProxy, Model, OperationalError, SqliteDatabase
from playhouse.migrations import Runner

from models.errors import QT_TRANSLATE_NOOP, DatabaseOpenError, SchemaTooNewError

log = logging.getLogger("complaint_desk.database")

db = DatabaseProxy()

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HISTORY_TABLE = "schema_migration"
BACKUP_FOLDER = "backups"
BUSY_TIMEOUT_MS = 10_000

PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("synchronous", "full"),
)



class BaseModel(Model):
    """Base of every table: bound to the proxy, snake_case table names."""

    class Meta:
        database = db
        legacy_table_names = False


@dataclass(frozen=True)
class SchemaState:
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def current(self) -> bool:
        return not self.pending and not self.unknown


def sqlite_path(url: str) -> Path:
    """The file a ``--db`` value names: a plain path or ``sqlite:///path``."""
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///") :]
    elif "://" in url:
        scheme = url.split("://", 1)[0]
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP(
                "DomainError", "Database URLs of the kind '{scheme}' are not supported; give a SQLite file path."
            ),
            scheme=scheme,
        )
    if not url.strip():
        raise DatabaseOpenError(QT_TRANSLATE_NOOP("DomainError", "No database file was given."))
    return Path(url).expanduser()


def connect(url: str) -> SqliteDatabase:
    """Open the database at ``url`` without migrating, and bind the models to it."""
    path = sqlite_path(url)
    if path.is_dir():
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is a folder, not a database file."), path=str(path)
        )
    if not path.parent.is_dir():
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "The folder {folder} does not exist."), folder=str(path.parent)
        )
    database = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        database.close()
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "Cannot open {path} as a database: {reason}."),
            path=str(path),
            reason=str(exc),
        ) from exc
    db.initialize(database)
    return database


def schema_state(database: SqliteDatabase) -> SchemaState:
    """Which migrations the file has, lacks, and has from a newer version."""
    rows = _runner(database).status()
    return SchemaState(
        applied=tuple(m.name for m in rows if m.applied and m.path),
        pending=tuple(m.name for m in rows if not m.applied),
        unknown=tuple(m.name for m in rows if m.applied and not m.path),
    )


def open_database(url: str) -> SqliteDatabase:
    """Open (creating if need be) and migrate the database at ``url``."""
    database = connect(url)
    try:
        migrate(database)
    except Exception:
        database.close()
        raise
    return database


def migrate(database: SqliteDatabase) -> list[str]:
    """Bring the schema up to date; back the file up first if it holds data."""
    tables = set(database.get_tables())
    if tables and HISTORY_TABLE not in tables:
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is not a Complaint Desk database."), path=database.database
        )
    state = schema_state(database)
    if state.unknown:
        raise SchemaTooNewError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{path} was written by a newer version of Complaint Desk (schema {schema}); "
                "update the application to open it.",
            ),
            path=database.database,
            schema=state.unknown[-1],
        )
    if not state.pending:
        return []
    if state.applied:
        copy = backup_path(Path(database.database), "pre-" + state.pending[0])
        backup(database, copy)
        log.info("backed up %s to %s before migrating", database.database, copy)
    applied = _runner(database).up()
    log.info("applied migrations: %s", ", ".join(applied))
    return applied


def backup_path(database_file: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = database_file.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    return folder / f"{database_file.stem}-{stamp}-{label}{database_file.suffix or '.db'}"


def backup(database: SqliteDatabase, destination: Path) -> None:
    """A consistent online copy through SQLite's backup API. The copy gets its
    name only when complete, so an interrupted backup never passes for one.
    The copy's chain heads go beside it (``<copy>.anchor``): the backup carries its anchor."""
    from models.anchor import write_backup_sidecar  # late: models.anchor builds on this module

    partial = destination.with_name(destination.name + ".partial")
    target = sqlite3.connect(str(partial))
    try:
        database.connection().backup(target)
    finally:
        target.close()
    os.replace(partial, destination)
    write_backup_sidecar(destination)


def integrity_problems(database: SqliteDatabase) -> list[str]:
    """What SQLite's own checks and the migration history find wrong."""
    problems: list[str] = []
    rows = [r[0] for r in database.execute_sql("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        problems.extend(f"integrity: {r}" for r in rows)
    for table, rowid, parent, _ in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    state = schema_state(database)
    problems.extend(f"migration not applied: {name}" for name in state.pending)
    problems.extend(f"migration from a newer version: {name}" for name in state.unknown)
    return problems


def _runner(database: SqliteDatabase) -> Runner:
    return Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)
