"""The one database: opened from a URL, tuned for durability, migrated on open.

SQLite is the embedded default (WAL, foreign keys, busy timeout,
``synchronous=FULL`` so a committed intake step survives a power cut). The
schema is kept by peewee 4's ``playhouse.migrations`` runner; a copy of the
file is taken before any migration, and a database written by a newer
version of the application is refused rather than damaged: the refusal is
made through a read-only connection, before the first pragma writes.
``open_read_only`` is that connection for commands that only check a file.
A locked database or a full disk becomes a sentence a person can act on
(``StorageError``), raised from the one place every statement goes through.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import logging
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import peewee
from peewee import DatabaseError, OperationalError

from models.anchor import write_backup_sidecar
from models.base import db
from models.errors import (
    QT_TRANSLATE_NOOP,
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseOpenError,
    DiskFullError,
    DomainError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    StorageError,
)
from models.postgresql import PostgresqlDatabase, is_postgresql_url
from models.postgresql import connect as connect_server

if TYPE_CHECKING:
    from playhouse.migrations import Runner

    from models.staff import Staff

log = logging.getLogger("complaint_desk.database")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
POSTGRESQL_BASELINE = MIGRATIONS_DIR / "postgresql" / "baseline.py"
SQLITE_BASELINE = MIGRATIONS_DIR / "sqlite" / "baseline.py"
SCHEMA_LOCK = 0x7E5C_0021  # the advisory lock desks take turns with to migrate a server's database
HISTORY_TABLE = "schema_migration"
BACKUP_FOLDER = "backups"
STALE_PARTIAL_SECONDS = 600  # a .partial not written to for this long was left by a killed backup
BUSY_TIMEOUT_MS = 10_000

# The pages of a new file (an existing file keeps its own: SQLite fixes it with the first table, WAL mode even
# before, so it comes first). A complaint's row (about 700 bytes) and a seal's leave less of a page unused than
# in SQLite's 4 KB pages: a 1,000,000-complaint demo took 3,075 bytes a complaint as written instead of 3,170,
# 3,012 compacted instead of 3,108 (tests/perf/bench_size.py; measured with every index kept up during the load,
# see RESTING_INDEXES), and was written in 300 s instead of 357; the
# register reads it as fast or faster and a step's save takes as long (tests/perf/bench_register.py,
# bench_step_save.py). A backup keeps its file's pages (models/backups.py restores it into other pages).
PAGE_SIZE = 16_384
# A file of smaller pages is rewritten in PAGE_SIZE pages by ``compact`` from this size on: a smaller one would
# grow (every table and index takes a page at least: an empty schema takes 2 MB in 16 KB pages).
REPAGED_FROM = 64 * 1024 * 1024
# Secondary indexes a bulk load of complaints (the demo's) leaves out while it writes, and creates again at its end
# (``models.demo.resting.indexes_resting``): made by CREATE INDEX, one sorted pass each, they cost the writer less
# than kept up row by row, and their pages come out full (a million-complaint demo: 3,055 bytes a complaint as
# written instead of 3,075). None is unique (a load never checks what it writes against them), and none leads with a
# column referring to a table the load writes rows of (SQLite checks the load's deferred foreign keys through those).
# The load notes the ones it left out in the setting RESTING_SETTING, in the transaction that drops them, and clears
# it in the one that creates them again; a load stopped before its end leaves the note, and the next open creates
# them (``_resting_indexes_put_back``). As the migrations made them (a test compares).
RESTING_SETTING = "resting_indexes"
RESTING_INDEXES = {
    "complaint_received_at": 'CREATE INDEX "complaint_received_at" ON "complaint" ("received_at")',
    "complaint_received_by_id": 'CREATE INDEX "complaint_received_by_id" ON "complaint" ("received_by_id")',
    "complaint_department_id": 'CREATE INDEX "complaint_department_id" ON "complaint" ("department_id")',
    "complaint_closed_at": 'CREATE INDEX "complaint_closed_at" ON "complaint" ("closed_at")',
    "complaint_category_id_received_at":
        'CREATE INDEX "complaint_category_id_received_at" ON "complaint" (category_id, received_at)',
    "complaint_state_received_at": 'CREATE INDEX "complaint_state_received_at" ON "complaint" (state, received_at)',
    "complaint_received_at_customer_id":
        'CREATE INDEX "complaint_received_at_customer_id" ON "complaint" (received_at, customer_id)',
    "customer_phone": 'CREATE INDEX "customer_phone" ON "customer" ("phone")',
    "proposal_created_by_id": 'CREATE INDEX "proposal_created_by_id" ON "proposal" ("created_by_id")',
    "followup_due_at": 'CREATE INDEX "followup_due_at" ON "follow_up" ("due_at")',
    "archiveseal_archive_number": 'CREATE INDEX "archiveseal_archive_number" ON "archive_seal" ("archive_number")',
}  # fmt: skip
# The search indexes (FTS5 tables) a bulk load leaves unmerged while it writes, under the same note: FTS5 merges the
# segment each batch's transaction adds with the last ones as it goes ('automerge'), so that a million complaints'
# index terms were merged again and again as they grew (the search indexes' share of the writer doubled from the
# first hundred thousand to the last). Resting, a segment is merged only when a thousand wait at one level
# ('crisismerge'), and at its end the load merges each index into one segment ('optimize', one pass), which leaves
# searches as quick as ever. Only a table whose merging is SQLite's default (the migrations never set it) rests.
RESTING_MERGES = ("complaint_search", "complaint_grams", "complaint_number_grams")
MERGING_DEFAULT = {"automerge": 4, "crisismerge": 16}  # SQLite's FTS5 defaults
MERGING_RESTING = {"automerge": 0, "crisismerge": 1000}
# The terms a transaction adds to a search index wait in memory up to this many bytes before they are written as a
# segment ('hashsize'). By default 1 MB, where a demo batch of 5,000 complaints holds several: the trigram index
# was written in as many segments, each term again in each, and merged at the end. Both search indexes of 100,000
# demo complaints, written in batches and merged: 41 µs a complaint with 1 MB, 35 with 16 MB (the same with 64).
# A resting index takes the larger buffer for the load, SQLite's default after it.
BUFFER_DEFAULT = {"hashsize": 1024 * 1024}
BUFFER_RESTING = {"hashsize": 16 * 1024 * 1024}
PRAGMAS = (
    ("page_size", PAGE_SIZE),
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("synchronous", "full"),
)
# Nothing here writes: journal_mode=wal would rewrite the file header.
READ_ONLY_PRAGMAS = (
    ("query_only", 1),
    ("busy_timeout", BUSY_TIMEOUT_MS),
)
# Files SQLite keeps beside a database while it is open or after a crash.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def _primary_code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error`` (peewee keeps the sqlite3 error in ``orig``; extended codes carry
    the primary in the low byte); None for an error that is not SQLite's."""
    original = getattr(error, "orig", None) or error.__cause__ or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_error(error: BaseException) -> StorageError | None:
    """The sentence for a database error a person can act on (another desk
    holds the lock; the disk is full), or None for anything else."""
    original = getattr(error, "orig", error)  # peewee keeps the sqlite3 error there
    primary = _primary_code(error)
    message = str(original)
    if primary == sqlite3.SQLITE_BUSY or "database is locked" in message:
        return DatabaseBusyError(
            QT_TRANSLATE_NOOP("DomainError", "Another desk is saving; try again in a moment.")
        )
    if primary == sqlite3.SQLITE_READONLY or "attempt to write a readonly database" in message:
        # A file on a read-only share, or owned by another user: logging in writes (its time), so does every step.
        return ReadOnlyDatabaseError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The database file is read-only here: Complaint Desk cannot log in or save on it. Ask IT for write "
                "access to it, or work on a copy of it.",
            )
        )
    if primary == sqlite3.SQLITE_FULL or "database or disk is full" in message:
        return DiskFullError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The disk is full: this was not saved. Free some space on the computer holding the database "
                "(or ask IT to), then try again.",
            )
        )
    return None


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as error:
        translated = storage_error(error)
        if translated is None:
            raise
        log.warning("database refused: %s", error)
        raise translated from error


class SqliteDatabase(peewee.SqliteDatabase):
    """peewee's SqliteDatabase whose statements, BEGIN IMMEDIATE and COMMIT
    raise ``StorageError`` for a locked database or a full disk, so every
    domain function (and login) gets the sentence rather than the bug dialog.

    Background work borrows a connection another piece of work left (``background_connection``): a new
    connection's first statement reads the whole schema, about 5 ms of parsing the triggers' SQL, which every
    refresh of a list would pay again.

    It takes peewee's name on purpose: every database this module opens is
    one of these, without each opening function having to remember it."""

    SPARE_CONNECTIONS = 2  # kept for background work: Qt's pool runs as many threads as there are cores

    def __init__(self, database: str, **kwargs: Any) -> None:
        # A spare connection goes from the thread that left it to the next that borrows it, never to two at once.
        kwargs.setdefault("check_same_thread", False)
        super().__init__(database, **kwargs)
        self._spares: list[sqlite3.Connection] = []
        self._spares_lock = threading.Lock()
        self._closings = 0  # how often the spares were closed: a connection borrowed before is not kept after

    @contextmanager
    def background_connection(self) -> Iterator[None]:
        """A connection for one piece of work on a thread of its own: a spare one if there is, else a new one;
        kept as a spare afterwards (outside any transaction: it holds no snapshot, no lock). A thread that has
        its connection open already uses that one."""
        if not self.is_closed():
            yield
            return
        with self._spares_lock:
            spare = self._spares.pop() if self._spares else None
            closings = self._closings
        if spare is None:
            self.connect()
        else:
            self._state.set_connection(spare)
        try:
            yield
        finally:
            self._keep_or_close(closings)

    def _keep_or_close(self, closings: int) -> None:
        connection = self._state.conn
        if connection is None:  # the work closed it
            return
        if connection.in_transaction:  # left by a failure: rolled back and closed, never lent
            self.close()
            return
        self._state.reset()
        with self._spares_lock:
            keep = closings == self._closings and len(self._spares) < self.SPARE_CONNECTIONS
            if keep:
                self._spares.append(connection)
        if not keep:
            connection.close()

    def close(self) -> bool:
        """This thread's connection closed, and the spares with it (a database closed is closed for all)."""
        closed = super().close()
        self.close_spares()
        return bool(closed)

    def close_spares(self) -> None:
        with self._spares_lock:
            spares, self._spares = self._spares, []
            self._closings += 1
        for connection in spares:
            connection.close()

    def execute_sql(self, sql: str, params: object = None) -> Any:
        if sql.startswith("ROLLBACK TO SAVEPOINT") and not self.connection().in_transaction:
            return self.cursor()  # SQLite has rolled everything back already: see rollback()
        with _translated_errors():
            return super().execute_sql(sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        with _translated_errors():
            super().begin(lock_type)

    def commit(self) -> None:
        with _translated_errors():
            super().commit()

    def rollback(self) -> None:
        # SQLite ends the transaction itself on a full disk (and some I/O
        # errors); ROLLBACK would then fail with "cannot rollback - no
        # transaction is active" and replace the error that says what happened.
        if self.is_closed() or self.connection().in_transaction:
            super().rollback()


def set_busy_timeout(database: SqliteDatabase, milliseconds: int) -> None:
    """How long a write waits for another desk's transaction before it gives
    up with "Another desk is saving" (tests shorten it), on this connection
    and on every connection opened later (each thread has its own)."""
    database.pragma("busy_timeout", int(milliseconds), permanent=True)
    database.timeout = milliseconds / 1000
    database.close_spares()  # opened with the old timeout


def background_connection() -> AbstractContextManager[None]:
    """The connection for one piece of background work (ui/tasks.py) on the open database: on SQLite a spare one
    borrowed (SqliteDatabase.background_connection), on a server one of its own for the work."""
    database = db.obj
    if database is None:  # work before any database is open (a backup checked for a file that cannot be opened)
        return nullcontext()
    if isinstance(database, SqliteDatabase):
        return database.background_connection()
    return cast(AbstractContextManager[None], db.connection_context())


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
                "DomainError",
                "Database URLs of the kind '{scheme}' are not supported; give a SQLite file path or a "
                "postgresql:// address.",
            ),
            scheme=scheme,
        )
    if not url.strip():
        raise DatabaseOpenError(QT_TRANSLATE_NOOP("DomainError", "No database file was given."))
    return Path(url).expanduser()


def database_label(database: peewee.Database) -> str:
    """The database as a person names it: the file's path, or the server's URL without the password."""
    if isinstance(database, PostgresqlDatabase):
        return database.shown()
    return str(database.database)


def connect(url: str) -> Any:
    """Open the database at ``url`` without migrating, and bind the models to it.

    A file of another application or of a newer version is refused before
    anything is written: one in WAL mode on this connection, any other first
    looked at read-only (the WAL pragma alone would rewrite its header). A ``postgresql://`` URL
    connects to the server (models/postgresql.py)."""
    if is_postgresql_url(url):
        server = connect_server(url)
        db.initialize(server)
        return server
    path = _file_to_open(sqlite_path(url))
    existing = path.is_file() and path.stat().st_size > 0
    in_wal = existing and _in_wal_mode(path)
    if existing and not in_wal:
        _refuse_before_writing(path)
    database = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=BUSY_TIMEOUT_MS / 1000)
    _connect_or_refuse(database, path)
    if in_wal:
        # Already in WAL mode (every file this application has opened is): its pragmas change nothing in the
        # file, so this connection reads the schema state itself before anything writes, and the file's schema
        # is read once instead of twice (3 ms of every start).
        try:
            check_schema(database, path)
        except Exception:
            database.close()
            raise
    db.initialize(database)
    return database


def _in_wal_mode(path: Path) -> bool:
    """Whether the file's header says it is a SQLite database in WAL mode (its read and write versions 2)."""
    with path.open("rb") as file:
        header = file.read(20)
    return header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x02\x02"


def existing_database_file(url: str) -> Path:
    """The file ``url`` names, which must exist: checking or printing never creates one.
    (A server's database is looked at when it is opened: ``open_existing_database``.)"""
    if is_postgresql_url(url):
        return Path(url)
    path = sqlite_path(url)
    if not path.exists():
        # Said with the way on: a first command on a new computer (verify, risk) ended at "does not exist".
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The database file {path} does not exist: check --db, or make it by starting the desk once (main.py "
                "without a command) or with demo data (main.py demo).",
            ),
            path=str(path),
        )
    return _file_to_open(path)


def open_existing_database(url: str) -> SqliteDatabase:
    """``open_database`` for a command that uses a database and never creates
    one: the file must hold one (an older schema is upgraded, as at the desk)."""
    if is_postgresql_url(url):
        server = connect(url)
        if not server.get_tables():
            server.close()
            raise DatabaseOpenError(
                QT_TRANSLATE_NOOP("DomainError", "{path} holds no Complaint Desk database."), path=server.shown()
            )
        server.close()
        return open_database(url)
    path = existing_database_file(url)
    if _tables_before_writing(path) == []:
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "{path} holds no Complaint Desk database."), path=str(path)
        )
    return open_database(url)


class ReadOnlyDatabase(SqliteDatabase):
    """A connection that cannot change any byte of the file it reads.

    SQLite opens a WAL database read-only by creating (or writing to) its
    ``-wal`` and ``-shm`` files. When none of them exists, no other connection
    has the file open, so it is read as an immutable snapshot instead and
    nothing at all is created; should a writer come and change the file
    meanwhile, ``changed_since_opened()`` says so and the check is repeated
    with ``share_with_writers``, which reads through SQLite's shared memory.
    """

    def __init__(self, path: Path, share_with_writers: bool = False) -> None:
        self.path = path
        self.snapshot = not share_with_writers and not any(
            path.with_name(path.name + suffix).exists() for suffix in COMPANION_SUFFIXES
        )
        self._stamp = _settled_stamp(path)
        mode = "mode=ro&immutable=1" if self.snapshot else "mode=ro"
        super().__init__(
            f"{path.absolute().as_uri()}?{mode}",
            uri=True,
            pragmas=READ_ONLY_PRAGMAS,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )

    def changed_since_opened(self) -> bool:
        """Whether the snapshot may be torn: the file changed while it was read."""
        return self.snapshot and _file_stamp(self.path) != self._stamp


def open_read_only(path: Path, share_with_writers: bool = False) -> ReadOnlyDatabase:
    """Open an existing database file for reading only, and bind the models to it."""
    database = _read_only_connection(path, share_with_writers)
    db.initialize(database)
    return database


def _read_only_connection(path: Path, share_with_writers: bool = False) -> ReadOnlyDatabase:
    database = ReadOnlyDatabase(path, share_with_writers)
    _connect_or_refuse(database, path)
    return database


def _refuse_before_writing(path: Path) -> None:
    """Refuse a file of another application or of a newer version. A file that
    cannot be read without writing (a hot rollback journal, which only a writer
    may roll back) or is damaged is left to the ordinary open, which refuses
    what is no database at all."""
    try:
        inspection = _read_only_connection(path)
    except DatabaseOpenError:
        return
    try:
        check_schema(inspection, path)
    except (DatabaseError, sqlite3.DatabaseError):
        return
    finally:
        inspection.close()


def _tables_before_writing(path: Path) -> list[str] | None:
    """The file's tables, read without writing; None when it cannot be read so."""
    try:
        inspection = _read_only_connection(path)
    except DatabaseOpenError:
        return None
    try:
        return cast(list[str], inspection.get_tables())
    except (DatabaseError, sqlite3.DatabaseError):
        return None
    finally:
        inspection.close()


def _file_to_open(path: Path) -> Path:
    if path.is_dir():
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is a folder, not a database file."), path=str(path)
        )
    if not path.parent.is_dir():
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "The folder {folder} does not exist."), folder=str(path.parent)
        )
    return path


def _connect_or_refuse(database: SqliteDatabase, path: Path) -> None:
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    # A damaged schema's error names what SQLite read there, which may not even be UTF-8: Python's sqlite3
    # then raises UnicodeDecodeError for the message itself.
    except (DatabaseError, OperationalError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        database.close()
        if isinstance(exc, UnicodeDecodeError) or _primary_code(exc) in DAMAGED_CODES:
            raise _damaged(path, exc) from exc
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "Cannot open {path} as a database: {reason}."),
            path=str(path),
            reason=str(exc),
        ) from exc


# SQLite's primary codes for a file damaged past opening: "database disk image is malformed", "file is not a database".
DAMAGED_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _damaged(path: Path, error: BaseException) -> DamagedDatabaseError:
    template = QT_TRANSLATE_NOOP("DomainError", "Cannot open {path} as a database: {reason}.")
    return DamagedDatabaseError(template, path=str(path), reason=str(error))


# A file's times come from the kernel's coarse clock, which moves in ticks of up to 10 ms: a write in
# the same tick as the one before leaves the time as it was.
STAMP_TICK_NS = 10_000_000


FileStamp = tuple[tuple[int, int, int] | None, ...]


def _settled_stamp(path: Path) -> FileStamp:
    """The file's stamp, taken once the clock tick of its last change has passed (a wait only for a
    file changed in the last 10 ms), so that any write after it shows in the stamp."""
    stamp = _file_stamp(path)
    main = stamp[0]
    if main is not None:
        wait_ns = main[2] + STAMP_TICK_NS - time.time_ns()
        if wait_ns > 0:
            time.sleep(wait_ns / 1e9)
    return stamp


def _file_stamp(path: Path) -> FileStamp:
    """Inode, size and time of the file and of its companions (-wal, -shm, -journal): a writer that
    came while another connection held the file open leaves its change in a -wal the main file does
    not show (it is checkpointed later), so the companions count as much as the file."""
    stamps: list[tuple[int, int, int] | None] = []
    for name in (path.name, *(path.name + suffix for suffix in COMPANION_SUFFIXES)):
        try:
            stat = path.with_name(name).stat()
        except FileNotFoundError:  # absent, removed or replaced meanwhile: a change like any other
            stamps.append(None)
        else:
            stamps.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def schema_state(database: peewee.Database) -> SchemaState:
    """Which migrations the file has, lacks, and has from a newer version, as
    ``playhouse.migrations.Runner.status()`` says (a test holds them equal): the
    history table read in one query and the folder listed. Every start asks
    this; the runner itself is loaded only when there is something to apply."""
    files = sorted((name[:-3] for name in os.listdir(MIGRATIONS_DIR) if _is_migration(name)), key=_migration_order)
    recorded = _recorded_migrations(database)
    return SchemaState(
        applied=tuple(name for name in files if name in recorded),
        pending=tuple(name for name in files if name not in recorded),
        unknown=tuple(sorted(recorded.difference(files), key=_migration_order)),
    )


def _recorded_migrations(database: peewee.Database) -> set[str]:
    if not database.table_exists(HISTORY_TABLE):
        return set()
    return {name for (name,) in database.execute_sql(f'SELECT "name" FROM "{HISTORY_TABLE}"')}


def _is_migration(file_name: str) -> bool:
    """The files the runner takes for migrations: ``[0-9]*.py``."""
    return re.fullmatch(r"[0-9].*\.py", file_name) is not None


def _migration_order(name: str) -> tuple[int, str]:
    """The runner's order: the leading number, then the name."""
    number = re.match(r"\d+", name)
    return (int(number.group()) if number else -1, name)


def open_database(url: str, upgrade: Callable[[SqliteDatabase], object] | None = None) -> SqliteDatabase:
    """Open (creating if need be) and migrate the database at ``url``; ``upgrade``
    replaces the plain ``migrate`` (the GUI runs it behind a busy dialog). A
    failed upgrade leaves no connection open. (Typed as the SQLite file's; a server's database answers the
    same peewee calls, and what only a file has is asked of it where ``is_postgresql`` says it is one.)"""
    try:
        database: SqliteDatabase = connect(url)
        try:
            (upgrade or migrate)(database)
        except Exception:
            database.close()
            raise
    except (DatabaseError, sqlite3.DatabaseError) as error:
        # A file damaged past opening may read its first page and fail on the next one read (its schema state,
        # its migrations): the same sentence as a file SQLite refuses at once, and a backup offered.
        if _primary_code(error) not in DAMAGED_CODES or is_postgresql_url(url):
            raise
        raise _damaged(sqlite_path(url), error) from error
    return database


def upgrade_copy(database: SqliteDatabase) -> list[str]:
    """``migrate`` for a file copied to be brought up to date (a backup of an older schema, to be checked and
    restored): no backup copy of it first, the file it was copied from being just that."""
    _resting_indexes_put_back(database)
    applied = _apply_pending(database)
    _suspended_tallies_rebuilt(database)
    return applied


def migrate(database: Any) -> list[str]:
    """Bring the schema up to date; back the file up first if it holds data."""
    if isinstance(database, PostgresqlDatabase):
        return _migrate_server(database)
    path = Path(database.database)
    state = check_schema(database, path)
    _remove_interrupted_backups(path)
    if not state.pending:
        _resting_indexes_put_back(database)
        _suspended_tallies_rebuilt(database)
        return []
    if not state.applied and not database.get_tables():
        return create_schema(database)
    with _upgrading_alone(path):
        state = check_schema(database, path)  # another desk may have upgraded it while this one waited
        if not state.pending:
            _resting_indexes_put_back(database)
            _suspended_tallies_rebuilt(database)
            return []
        if state.applied:
            copy = backup_path(path, "pre-" + state.pending[0])
            backup(database, copy)
            log.info("backed up %s to %s before migrating", database.database, copy)
            _resting_indexes_put_back(database)  # the migrations find the schema they were written for
        applied = _apply_pending(database)
        _suspended_tallies_rebuilt(database)  # filled by today's rules
    log.info("applied migrations: %s", ", ".join(applied))
    return applied


@contextmanager
def _upgrading_alone(path: Path) -> Iterator[None]:
    """Inside: this process alone backs the file up and migrates it; desks opening it at the same moment wait
    their turn (two copies into one backup's name failed with "disk I/O error"), then find it upgraded. The lock
    is the operating system's on a file beside the backups (``<stem>.upgrading``), released when the process
    lets go of it or ends."""
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    with open(folder / f"{path.stem}.upgrading", "a+b") as handle:  # empty: its first byte is locked
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
            yield
            return
        import msvcrt

        handle.seek(0)  # msvcrt locks from the file's position
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # gives up after 10 s: try again
            except OSError:
                continue
            break
        try:
            yield
        finally:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # Windows may keep a closed file's lock a while


def create_schema(database: peewee.SqliteDatabase) -> list[str]:
    """Give an empty file today's schema: the SQLite baseline (models/migrations/sqlite/baseline.py, the
    schema the migrations through its ``THROUGH`` leave, in one step), then any migration after it."""
    with database.atomic():  # a write transaction: another desk creating the same new file waits, then finds it made
        created: list[str] = [] if database.get_tables() else _baseline(SQLITE_BASELINE).create(database)
    if schema_state(database).pending:
        created += _apply_pending(database)
    log.info("created the schema of %s: %s", database.database, ", ".join(created))
    return created


def _migrate_server(database: PostgresqlDatabase) -> list[str]:
    """Bring a server's schema up to date. The server keeps its own backups (``pg_dump``): no copy
    is taken. A new database gets the PostgreSQL baseline (models/migrations/postgresql/baseline.py),
    and the migrations it holds are recorded as applied; desks starting at once take turns (an
    advisory lock held to the end of the transaction)."""
    if not check_schema(database, database.shown()).pending:
        return []
    runner = _runner(database)
    with database.atomic():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        state = check_schema(database, database.shown())  # another desk may have migrated meanwhile
        if not state.pending:
            return []
        created: list[str] = []
        if not state.applied:
            baseline = _baseline(POSTGRESQL_BASELINE)
            baseline.create(database)
            created = runner.fake(baseline.THROUGH)
        applied: list[str] = created + runner.up()
    log.info("applied migrations on %s: %s", database.shown(), ", ".join(applied))
    return applied


def _baseline(path: Path) -> Any:
    """A baseline module, loaded from its file as the runner loads migrations (the folder is no package)."""
    spec = importlib.util.spec_from_file_location(f"{path.parent.name}_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_schema(database: peewee.Database, path: Path | str) -> SchemaState:
    """The file's schema state; a file of another application or of a newer
    version is refused. Reads only: the history table is read, never created."""
    tables = set(database.get_tables())
    if tables and HISTORY_TABLE not in tables:
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is not a Complaint Desk database."), path=str(path)
        )
    state = schema_state(database)
    if state.unknown:
        raise SchemaTooNewError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{path} was written by a newer version of Complaint Desk (schema {schema}); "
                "update the application to open it.",
            ),
            path=str(path),
            schema=state.unknown[-1],
        )
    return state


def _remove_interrupted_backups(database_file: Path) -> None:
    """A copy interrupted by a crash or a kill keeps its ``.partial`` name and
    would fill the disk (each is as big as the database): remove this
    database's at a later open, once nothing has written to it for
    ``STALE_PARTIAL_SECONDS`` (a desk opening the file at the same moment may be
    writing its copy). Complete copies are never touched."""
    folder = database_file.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return
    own = re.compile(re.escape(database_file.stem) + r"-\d{8}-\d{6}-.+\.partial")
    for leftover in folder.glob("*.partial"):
        if not own.fullmatch(leftover.name):
            continue
        try:
            status = leftover.stat()
            if time.time() - status.st_mtime <= STALE_PARTIAL_SECONDS:
                continue
            leftover.unlink()
        except OSError:
            continue  # gone meanwhile, or not ours to remove
        log.warning("removed the interrupted backup %s (%s bytes)", leftover, f"{status.st_size:,}")


def resting_indexes(database: peewee.Database) -> list[str]:
    """The ``RESTING_INDEXES`` a bulk load noted it left out, and the ``RESTING_MERGES`` it left unmerged (it is
    writing, or was stopped): none, usually."""
    row = database.execute_sql("SELECT value FROM setting WHERE key = ?", (RESTING_SETTING,)).fetchone()
    known = {*RESTING_INDEXES, *RESTING_MERGES}
    return sorted(name for name in json.loads(row[0]) if name in known) if row else []


def rest_indexes(database: peewee.Database) -> list[str]:
    """Inside a write transaction: drop the ``RESTING_INDEXES`` whose SQL is the migrations' (one a later migration
    changed is left be, and kept up as usual), rest the merging of the ``RESTING_MERGES`` that merge as SQLite does
    by default, and note them; their names."""
    if not database.in_transaction():
        raise RuntimeError("indexes are left out inside a write transaction")
    marks = ", ".join("?" * len(RESTING_INDEXES))
    found = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})", list(RESTING_INDEXES)
    ).fetchall()
    present = dict(found)
    dropped = [name for name, sql in present.items() if sql == RESTING_INDEXES[name]]
    for name in dropped:
        database.execute_sql(f'DROP INDEX "{name}"')
    merging = _search_merging(database)
    rested = [name for name, settings in merging.items() if settings == MERGING_DEFAULT]
    for name in rested:
        _set_merging(database, name, {**MERGING_RESTING, **BUFFER_RESTING})
    # With those an earlier load noted and left missing or unmerged (it was stopped, the file not opened since).
    earlier = [
        name
        for name in resting_indexes(database)
        if (name in RESTING_INDEXES and name not in present) or merging.get(name) == MERGING_RESTING
    ]
    noted = sorted({*dropped, *rested, *earlier})
    database.execute_sql(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (RESTING_SETTING, json.dumps(noted)),
    )
    return noted


def create_resting_indexes(database: peewee.Database) -> list[str]:
    """Create the indexes a bulk load noted it left out, merge each search index it left unmerged into one segment
    and let it merge as usual again, in one transaction, and clear the note; their names."""
    with database.atomic():
        noted = resting_indexes(database)
        merging = _search_merging(database)
        for name in noted:
            if name in RESTING_INDEXES:
                database.execute_sql(RESTING_INDEXES[name].replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            elif name in merging:
                _set_merging(database, name, {**MERGING_DEFAULT, **BUFFER_DEFAULT})
                database.execute_sql(f"INSERT INTO \"{name}\" (\"{name}\") VALUES ('optimize')")
        database.execute_sql("DELETE FROM setting WHERE key = ?", (RESTING_SETTING,))
    return noted


def _search_merging(database: peewee.Database) -> dict[str, dict[str, int]]:
    """The ``RESTING_MERGES`` tables the file has (FTS5), with how they merge (each setting: its stored value,
    else SQLite's default)."""
    marks = ", ".join("?" * len(RESTING_MERGES))
    tables = database.execute_sql(
        f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({marks}) AND sql LIKE '%USING fts5%'",
        list(RESTING_MERGES),
    ).fetchall()
    merging = {}
    for (name,) in tables:
        stored = dict(
            database.execute_sql(f"SELECT k, v FROM \"{name}_config\" WHERE k IN ('automerge', 'crisismerge')")
        )
        merging[name] = {key: stored.get(key, default) for key, default in MERGING_DEFAULT.items()}
    return merging


def _set_merging(database: peewee.Database, table: str, settings: dict[str, int]) -> None:
    for key, value in settings.items():
        database.execute_sql(f'INSERT INTO "{table}" ("{table}", rank) VALUES (?, ?)', (key, value))


def analysis_tallies_suspended(database: peewee.Database) -> bool:
    """Whether the analysis' day tallies (migration 0021) are suspended: on a file, only a demo load suspends them
    (``models.analysis.day_tally.suspend``), and one that was stopped before its end leaves them so (it is
    writing yet, or was stopped). False on a file older than them."""
    try:
        row = database.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    except OperationalError:  # no such table: a file older than 0021, upgraded after this is asked
        return False
    return row is not None and not row[0]


def _suspended_tallies_rebuilt(database: SqliteDatabase) -> None:
    """A demo load stopped (Ctrl+C, killed, a failure) before it rebuilt the analysis' day tallies: rebuilt now (a
    million complaints: about 20 s), so that the analysis reads them again instead of every complaint. Another
    desk's load may be writing yet: its batches then keep the tallies from the next one on, and its end rebuilds
    them once more. A file this program may not write is left as it is (the analysis is slower, not wrong)."""
    if db.obj is not database or not analysis_tallies_suspended(database):  # the tallies' rules write through ``db``
        return
    from models.analysis import day_tally  # the analysis' rules: loaded only when a stopped load needs them

    try:
        day_tally.rebuild()
    except OperationalError as error:
        log.warning("the analysis tallies a bulk load suspended could not be rebuilt: %s", error)
        return
    log.warning("the analysis tallies a bulk load suspended rebuilt")


def _resting_indexes_put_back(database: SqliteDatabase) -> None:
    """A bulk load stopped (killed, the power cut) before it created the indexes it left out again: created now, so
    that the register does not read the whole table where an index should be. Another desk's load may be writing
    yet: its indexes are then created between two of its batches, which keep them up to date from then on (the
    load waits meanwhile: ``models.demo``). A file this program may not write is left as it is (slower)."""
    if not resting_indexes(database):
        return
    try:
        created = create_resting_indexes(database)
    except OperationalError as error:
        log.warning("the indexes a bulk load left out could not be created again: %s", error)
        return
    log.warning("the indexes a bulk load left out created again: %s", ", ".join(created))


def backup_path(database_file: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = database_file.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    return folder / f"{database_file.stem}-{stamp}-{label}{database_file.suffix or '.db'}"


def backup(database: SqliteDatabase, destination: Path) -> None:
    """A consistent online copy through SQLite's backup API. The copy gets its
    name only when complete, so an interrupted backup never passes for one.
    The copy's chain heads go beside it (``<copy>.anchor``): the backup carries its anchor."""
    partial = destination.with_name(destination.name + ".partial")
    target = sqlite3.connect(str(partial))
    try:
        database.connection().backup(target)
    finally:
        target.close()
    os.replace(partial, destination)
    write_backup_sidecar(destination)


def integrity_problems(database: SqliteDatabase) -> list[str]:
    """What SQLite's own checks find wrong."""
    problems: list[str] = []
    rows = [r[0] for r in database.execute_sql("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        problems.extend(f"integrity: {r}" for r in rows)
    for table, rowid, parent, _ in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    return problems


def file_integrity_problems(path: Path, share_with_writers: bool = False) -> list[str]:
    """``integrity_problems`` of the file, through a read-only connection of its own (the
    command line runs it beside verify, in another thread)."""
    database = _read_only_connection(path, share_with_writers)
    try:
        return integrity_problems(database)
    finally:
        database.close()


@dataclass(frozen=True)
class Compacted:
    """What ``compact`` did: the file's size (with its write-ahead log) before and after, in bytes; ``held``: another
    connection was reading, so the rewritten file still waits in the log, given back once nobody reads (the sizes
    after then counted the file twice)."""

    before: int
    after: int
    held: bool


def compact(database: SqliteDatabase | PostgresqlDatabase, actor: Staff) -> Compacted:
    """Rewrite the file without its free pages (VACUUM), the sizes before and after, in bytes; ``actor``: an office
    or administrator account (the other desks wait while it runs).
    A file of smaller pages than a new one's (``PAGE_SIZE``: made by an older version) is rewritten in
    those pages when no other desk has it open (``_repaged``) and it is big enough to gain by them.

    Not done by a migration: VACUUM cannot run inside the migration's transaction, rewrites
    the whole file through the write-ahead log (as much free disk again), and other desks
    wait meanwhile. Until then the free pages are used for new rows first."""
    from models.permissions import Action, require

    require(actor, Action.COMPACT)
    if isinstance(database, PostgresqlDatabase):
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "This database lives on a PostgreSQL server, which gives free space back itself (autovacuum); "
                "compact is for a database file.",
            )
        )
    path = Path(database.database)
    before = _file_size(path)
    try:
        (pages,) = database.execute_sql("PRAGMA page_size").fetchone()
        if pages >= PAGE_SIZE or before < REPAGED_FROM or not _repaged(database):
            database.execute_sql("VACUUM")
        (busy, _, _) = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except OperationalError as error:  # another desk at work, a full disk: a sentence, not a traceback
        refusal = storage_error(error)
        if refusal is None:
            raise
        raise refusal from error
    return Compacted(before, _file_size(path), bool(busy))


def _repaged(database: SqliteDatabase) -> bool:
    """VACUUM the file into ``PAGE_SIZE`` pages: only possible outside WAL mode, which SQLite leaves only while
    no other connection has the file open. False, the file untouched, when another has (asked once, without
    waiting: the caller then compacts it in its own pages)."""
    (waiting,) = database.execute_sql("PRAGMA busy_timeout").fetchone()
    database.execute_sql("PRAGMA busy_timeout = 0")
    try:
        (mode,) = database.execute_sql("PRAGMA journal_mode = DELETE").fetchone()
    except DatabaseBusyError:  # another desk has it open ("database is locked")
        return False
    finally:
        database.execute_sql(f"PRAGMA busy_timeout = {int(waiting)}")
    left_wal = str(mode) == "delete"
    try:
        if left_wal:
            database.execute_sql(f"PRAGMA page_size = {PAGE_SIZE}")
            database.execute_sql("VACUUM")
    finally:
        database.execute_sql("PRAGMA journal_mode = WAL")
    return left_wal


def _file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in [path, *(path.with_name(path.name + s) for s in ("-wal",))] if p.exists())


def schema_problems(database: SqliteDatabase) -> list[str]:
    """Why the file is not a Complaint Desk database of this version, in words;
    empty when it is one. Reads only, like every check."""
    return [str(problem) for problem in schema_problem_errors(database)]


def schema_problem_errors(database: SqliteDatabase) -> list[DomainError]:
    """``schema_problems`` with their templates and values (for the GUI to say in the user's language)."""
    tables = set(database.get_tables())
    if not tables:
        return [
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "it holds no database yet; Complaint Desk creates one when it opens it."
                )
            )
        ]
    if HISTORY_TABLE not in tables:
        other = QT_TRANSLATE_NOOP("DomainError", "it is not a Complaint Desk database (it holds other tables).")
        return [DomainError(other)]
    state = schema_state(database)
    if state.unknown:
        template = QT_TRANSLATE_NOOP(
            "DomainError",
            "it was written by a newer version of Complaint Desk (schema {schema}); "
            "update the application to check it.",
        )
        return [DomainError(template, schema=", ".join(state.unknown))]
    if state.pending:
        template = QT_TRANSLATE_NOOP(
            "DomainError",
            "its schema is older than this version of Complaint Desk ({pending} not applied); the application "
            "upgrades it when it opens the file, after a backup copy, and the archive can be checked then.",
        )
        return [DomainError(template, pending=", ".join(state.pending))]
    return []


def _apply_pending(database: peewee.SqliteDatabase) -> list[str]:
    """The migrations a file lacks, in order, as peewee's runner applies them, each in its own transaction (SQLite's
    write lock from its BEGIN IMMEDIATE), which looks at the history first: a desk opening the same file at the same
    time may have applied it meanwhile (the runner's plan, made before, would apply it again and fail on the
    history's unique name). The names this desk applied."""
    runner = _runner(database)
    history = runner.History
    history.create_table()
    applied: list[str] = []
    for migration in runner.status():
        if migration.applied or migration.path is None:
            continue
        module = migration.load()
        with runner.migrator.migration_context(getattr(module, "atomic", True)):
            if history.select().where(history.name == migration.name).exists():
                continue  # another desk applied it since this one looked
            module.up(runner.migrator, database)
            history.create(name=migration.name)
        applied.append(migration.name)
    return applied


def _runner(database: peewee.Database) -> Runner:
    from playhouse.migrations import Runner  # with the schema migrator: only to apply migrations

    return Runner(database, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)
