"""The few pieces of the analysis' SQL that SQLite and PostgreSQL write differently, side by side.

SQLite keeps a time as text ('YYYY-MM-DD HH:MM:SS[.ffffff]') and computes with julianday() and datetime();
PostgreSQL keeps a timestamp and computes with intervals. Every other piece of the analysis' SQL is one text
both run (``?`` placeholders: ``models.postgresql.portable_sql`` rewrites them on a server).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.base import db, is_postgresql

# A server's settings for the analysis' transaction: its one statement is estimated dear (the "came back"
# subquery per complaint), and PostgreSQL would compile it first (JIT: seconds, more than it saves), and its
# case table would spill to disk with the default 4 MB of work memory.
SERVER_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


@contextmanager
def reading() -> Iterator[None]:
    """The analysis' reading transaction: one read snapshot without a write lock on SQLite (a deferred
    transaction); on a server with ``SERVER_SETTINGS`` for as long as it lasts."""
    with db.atomic(lock_type="DEFERRED"):
        if is_postgresql():
            for statement in SERVER_SETTINGS:
                db.execute_sql(statement)
        yield


def minutes(later: str, earlier: str) -> str:
    """Whole minutes from ``earlier`` to ``later`` (rounded toward zero), NULL when either is NULL."""
    if is_postgresql():
        return f"CAST(trunc(extract(epoch FROM {later} - {earlier}) / 60) AS INTEGER)"
    # From whole milliseconds (SQLite keeps a time to the millisecond): julianday() is a floating-point number of
    # days, and a wait of exactly 648 minutes multiplied out to 647.99999… (migration 0027).
    return f"(CAST(round((julianday({later}) - julianday({earlier})) * 86400000) AS INTEGER) / 60000)"


def day(moment: str) -> str:
    """The day of a stored time as 'YYYY-MM-DD' text."""
    if is_postgresql():
        return f"to_char({moment}, 'YYYY-MM-DD')"
    return f"substr({moment}, 1, 10)"


def days_after(moment: str) -> str:
    """The time a number of days after ``moment``: its one placeholder takes ``days_param(n)``."""
    if is_postgresql():
        return f"{moment} + CAST(? AS INTERVAL)"
    return f"datetime({moment}, ?)"


def days_param(days: int) -> str:
    """The value of ``days_after``'s placeholder: SQLite's modifier, which PostgreSQL reads as an interval."""
    return f"+{days} days"


def id_list(column: str) -> str:
    """The distinct values of an integer column of a group, as text joined by commas (in no order)."""
    if is_postgresql():
        return f"string_agg(DISTINCT CAST({column} AS TEXT), ',')"
    return f"group_concat(DISTINCT {column})"


def text_key(expression: str, integer: bool) -> str:
    """A key of the analysis' one tagged statement: its parts' keys share columns (UNION ALL), which SQLite
    takes of any type and PostgreSQL only of one: there each key is text (a flag or a number as its integer's
    digits) and ``decoded`` gives it back as SQLite would."""
    if not is_postgresql():
        return expression
    return f"CAST(CAST({expression} AS INTEGER) AS TEXT)" if integer else f"CAST({expression} AS TEXT)"


def decoded(value: object, integer: bool) -> object:
    """A key ``text_key`` made text, as its own type (an integer, a flag as 0 or 1)."""
    if value is None or not integer or isinstance(value, int):
        return value
    return int(str(value))
