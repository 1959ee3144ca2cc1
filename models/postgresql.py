"""The same database on a PostgreSQL server, for several desks and an office (issue 16).

``--db postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME`` opens it; a password left out of the
URL comes from libpq's own sources (``PGPASSWORD``, ``~/.pgpass``), as for ``psql``. The
models run unchanged through peewee's PostgresqlDatabase (psycopg 3): what differs between
the backends lives beside each other and is chosen by the database (the schema's baseline in
models/migrations/postgresql/, the search in models/search.py).

Statements written by hand in models/ use SQLite's ``?`` placeholders; psycopg takes ``%s``.
``execute_sql`` rewrites the placeholders of such a statement (never inside a quoted literal)
and doubles a literal ``%``, so one text serves both backends.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import peewee

from models.errors import QT_TRANSLATE_NOOP, DatabaseBusyError, DatabaseOpenError, StorageError

log = logging.getLogger("complaint_desk.postgresql")

SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 10
# How long a write waits for another desk's transaction, as SQLite's busy timeout (models/database.py).
LOCK_TIMEOUT_MS = 10_000
# The advisory lock every write transaction holds to its end: desks write one at a time, as on SQLite,
# whose BEGIN IMMEDIATE the models rely on (an audit event's predecessor, the next archive number, a
# check then a write). Reading never takes it.
WRITER_LOCK = 0x7E5C_0001
# SQLSTATEs a transaction can simply be run again after: another desk's transaction won.
RETRYABLE = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
# A quoted literal or identifier, or one of the characters rewritten outside them.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|%s|%|\?")


def is_postgresql_url(url: str | None) -> bool:
    return bool(url) and urlsplit(str(url)).scheme.lower() in SCHEMES


@dataclass(frozen=True)
class ServerAddress:
    """Where a PostgreSQL database is, as ``--db`` names it."""

    name: str
    user: str | None = None
    password: str | None = None
    host: str | None = None
    port: int | None = None

    def shown(self) -> str:
        """The URL without the password, for messages and logs."""
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}{self.host or ''}{port}/{self.name}"

    def connect_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "Complaint Desk",
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c TimeZone=UTC",
        }
        for key in ("user", "password", "host", "port"):
            value = getattr(self, key)
            if value not in (None, ""):
                params[key] = value
        return params


def server_address(url: str) -> ServerAddress:
    """The parts of ``postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME``; a clear error for a URL without a name."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not name or "/" in name or port == -1:
        raise DatabaseOpenError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{url} is not a PostgreSQL database address: write postgresql://USER@HOST[:PORT]/NAME.",
            ),
            url=_without_password(url),
        )
    return ServerAddress(
        name=name,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname,
        port=port,
    )


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", url)


def portable_sql(sql: str, params: object) -> str:
    """``sql`` with SQLite's ``?`` placeholders as psycopg's ``%s``, and every other ``%`` doubled
    (a literal LIKE pattern, the modulo operator); quoted text keeps its question marks."""
    if not params or ("?" not in sql and "%" not in sql):
        return sql

    def token(match: re.Match[str]) -> str:
        text = match.group()
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        if text.startswith("'"):
            return text.replace("%", "%%")
        return text  # %s of peewee's own SQL, a quoted identifier

    return _TOKENS.sub(token, sql)


def _reason(error: BaseException) -> str:
    """The first line of the server's or the driver's message."""
    text = str(getattr(error, "orig", None) or error).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


# Why a connection failed, said to the person (translated in the context "PostgreSQL"), by what libpq or the server
# answered: its own words are long English ('connection failed: connection to server at "127.0.0.1", port 5432
# failed: FATAL:  password authentication failed for user "desk"'), and the log keeps them.
CONNECTION_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"password authentication failed|role \".*\" does not exist|no password supplied"),
        QT_TRANSLATE_NOOP("PostgreSQL", "the server refused the user name or the password"),
    ),
    (
        re.compile(r"database \".*\" does not exist"),
        QT_TRANSLATE_NOOP("PostgreSQL", "the server has no database of that name"),
    ),
    (
        re.compile(r"no pg_hba\.conf entry"),
        QT_TRANSLATE_NOOP("PostgreSQL", "the server does not take connections from this computer (ask IT to allow it)"),
    ),
    (
        re.compile(r"Connection refused"),
        QT_TRANSLATE_NOOP(
            "PostgreSQL", "nothing answers at that address and port (the server is not running, or the port is wrong)"
        ),
    ),
    (
        re.compile(r"failed to resolve host|could not translate host name|Name or service not known"),
        QT_TRANSLATE_NOOP("PostgreSQL", "the server's name is not known (check its spelling and the network)"),
    ),
    (
        re.compile(r"timeout expired|timed out|No route to host|Network is unreachable"),
        QT_TRANSLATE_NOOP("PostgreSQL", "the server did not answer (check the network)"),
    ),
)


def connection_reason(error: BaseException) -> str:
    """Why a connection failed, in one of CONNECTION_REASONS' sentences, else the driver's first line."""
    text = str(getattr(error, "orig", None) or error)
    return next((said for pattern, said in CONNECTION_REASONS if pattern.search(text)), None) or _reason(error)


def sqlstate(error: BaseException) -> str | None:
    original = getattr(error, "orig", None) or error
    return getattr(original, "sqlstate", None)


def is_retryable(error: BaseException) -> bool:
    return sqlstate(error) in RETRYABLE


def _unreachable() -> StorageError:
    """The server down, restarting or out of the network's reach, or the connection it ended."""
    return StorageError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "The database server cannot be reached: this was not saved. Check the network "
            "(or ask IT to check the server), then try again.",
        )
    )


def _storage_error(error: BaseException) -> StorageError | None:
    state = sqlstate(error) or ""
    if state in RETRYABLE or state == "55P03":  # lock_not_available
        return DatabaseBusyError(QT_TRANSLATE_NOOP("DomainError", "Another desk is saving; try again in a moment."))
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):  # connection lost, server shutting down
        return _unreachable()
    if state == "53100":  # disk_full
        return StorageError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The database server's disk is full: this was not saved. Ask IT to free some space, then try again.",
            )
        )
    return None


def give_peewee_the_driver() -> None:
    """psycopg, given to peewee: models/__init__.py kept peewee's own import of it from a desk's start (80 ms a
    SQLite file never needs). What peewee takes from psycopg as it is imported, set as that import would."""
    if peewee.psycopg is not None:  # peewee was imported before models/ was, with the driver
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg = psycopg
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgresqlDatabase (psycopg 3) that takes the models' hand-written SQL as
    written for SQLite (see ``portable_sql``) and turns a lost server or a busy row into the
    sentence a person can act on, as SQLite's locked database or full disk are."""

    def __init__(self, address: ServerAddress) -> None:
        self.address = address
        give_peewee_the_driver()
        super().__init__(address.name, prefer_psycopg3=True, **address.connect_params())

    def execute_sql(self, sql: str, params: object = None) -> Any:
        self._renew_if_lost()
        with _translated_errors(self):
            return super().execute_sql(portable_sql(sql, params), params)

    def execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement of SQLite's SQL text for many rows, its errors as ``execute_sql``'s (a lost server the
        sentence, not the bug dialog)."""
        self._renew_if_lost()
        with _translated_errors(self), peewee.__exception_wrapper__:
            self.cursor().executemany(portable_sql(sql, rows), rows)

    def begin(self, lock_type: str | None = None, isolation_level: Any = None) -> None:
        """A transaction; one that may write (all but ``lock_type="DEFERRED"``, as on SQLite) first
        waits its turn behind the other desks' writing transactions (``WRITER_LOCK``)."""
        self._renew_if_lost()
        with _translated_errors(self):
            super().begin(isolation_level)
            if lock_type != "DEFERRED":
                self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))

    def commit(self) -> None:
        with _translated_errors(self):
            super().commit()

    def rollback(self) -> None:
        """A connection the server ended took its transaction with it: nothing is left to roll back (the ROLLBACK
        failing on it put "the connection is closed" in the bug dialog, over the sentence of what happened)."""
        try:
            super().rollback()
        except peewee.PeeweeException:
            if not self.lost():
                raise

    def lost(self) -> bool:
        """Whether the server ended this thread's connection (a restart, a failover, an idle timeout)."""
        connection = self._state.conn
        return connection is not None and bool(connection.closed or getattr(connection, "broken", False))

    def _connect(self) -> Any:
        """A new connection. One the server cannot be reached for (down, restarting, the network gone) is the sentence
        a lost connection is; one the server refused once it asked for the password (a wrong password, a database
        no longer there) says so. Both were the bug dialog, at every background read while the server was down."""
        try:
            return super()._connect()
        except peewee.psycopg.OperationalError as error:  # psycopg's own: peewee wraps it only once this returns
            if error.pgconn is not None and error.pgconn.used_password:
                raise _cannot_connect(self.address, error) from error
            log.warning("database server cannot be reached: %s", _reason(error))
            raise _unreachable() from error

    def _renew_if_lost(self) -> None:
        """Outside a transaction, a connection the server ended is let go: the next statement opens a new one, so
        "try again" works once the server is back (every later try failed on the dead connection, for good)."""
        if self.lost() and not self.in_transaction():
            log.info("the database server ended this desk's connection: a new one is opened")
            with suppress(Exception):
                self._state.conn.close()
            self._state.reset()

    def shown(self) -> str:
        return self.address.shown()


@contextmanager
def _translated_errors(database: PostgresqlDatabase) -> Iterator[None]:
    try:
        yield
    except peewee.PeeweeException as error:
        # A serialisation failure or a deadlock cannot come of the application's own transactions (they
        # write one at a time behind WRITER_LOCK); one caused by another program's is the busy sentence.
        translated = _storage_error(error)
        if translated is None and database.lost():  # "the connection is closed": no SQLSTATE, the server gone
            translated = _unreachable()
        if translated is None:
            raise
        log.warning("database server refused: %s", _reason(error))
        raise translated from error


def connect(url: str) -> PostgresqlDatabase:
    """Connect to the server ``url`` names; a one-line reason when it cannot be reached or refuses."""
    address = server_address(url)
    database = PostgresqlDatabase(address)
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT 1").fetchone()
    except (peewee.PeeweeException, OSError, StorageError) as error:
        database.close()
        # At start the driver's reason, not "try again": the address may be mistyped (a host, a port).
        raise _cannot_connect(address, error.__cause__ or error) from error
    return database


def _cannot_connect(address: ServerAddress, error: BaseException) -> DatabaseOpenError:
    log.warning("cannot connect to the database server %s: %s", address.shown(), _reason(error))
    return DatabaseOpenError(
        QT_TRANSLATE_NOOP("DomainError", "Cannot connect to the database {where}: {reason}"),
        where=address.shown(),
        reason=connection_reason(error),
    )
