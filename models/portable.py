"""Hand-written SQL read and written straight through the driver's connection, on both backends.

The archive and verify read a million rows with plain SQL on the driver's own connection (building
model objects cost most of their time). On SQLite that is the ``sqlite3.Connection`` itself, as
before; on a PostgreSQL server a thin ``ServerConnection`` around psycopg's, which takes the same
SQL text with SQLite's ``?`` placeholders (rewritten by ``models.postgresql.portable_sql``, as the
server's ``execute_sql`` does) and returns psycopg's cursor. The values come back as each driver
gives them (a server's times as datetimes, amounts as Decimals, flags as booleans); the code that
renders them (``models.archive``) turns both into the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from peewee import Database

from models.base import db, is_postgresql
from models.postgresql import portable_sql

# A read that sees one snapshot of the whole database, never writing: on a server a transaction of
# its own isolation (each statement of READ COMMITTED would see the commits made meanwhile).
SNAPSHOT_ISOLATION = "REPEATABLE READ, READ ONLY"


class Connection(Protocol):
    """What the archive's and verify's plain SQL needs of a connection (``sqlite3.Connection`` is one)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any: ...


class ServerConnection:
    """psycopg's connection speaking SQLite's placeholders (see the module's text)."""

    __slots__ = ("connection",)

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: Any = None, /) -> Any:
        if not parameters:
            return self.connection.execute(sql)
        return self.connection.execute(portable_sql(sql, parameters), parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        rows = list(parameters)
        cursor = self.connection.cursor()
        if rows:
            cursor.executemany(portable_sql(sql, rows), rows)
        return cursor


def connection(database: Database | None = None) -> Connection:
    """The driver's connection of ``database`` (the models' by default), taking SQLite's SQL text."""
    target = database if database is not None else db
    raw = target.connection()
    if is_postgresql(database):
        return ServerConnection(raw)
    return raw  # type: ignore[no-any-return]


def snapshot(database: Database | None = None) -> AbstractContextManager[Any]:
    """A read-only transaction in which every statement sees the same committed state (SQLite's
    deferred transaction; a server's REPEATABLE READ, READ ONLY), for checks and heads read together."""
    target = database if database is not None else db
    if is_postgresql(database):
        return target.atomic(lock_type="DEFERRED", isolation_level=SNAPSHOT_ISOLATION)  # type: ignore[no-any-return]
    return target.atomic(lock_type="DEFERRED")  # type: ignore[no-any-return]
