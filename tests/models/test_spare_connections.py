"""Background work's spare connections (models.database.background_connection): a piece of work borrows the
connection an earlier one left instead of opening one (whose first statement reads the whole schema); a spare
holds no transaction, closes with the database, and one borrowed before a close is not kept after it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest

from models.base import db
from models.database import SqliteDatabase, background_connection, set_busy_timeout
from models.staff import Role, Staff, create_staff

pytestmark = pytest.mark.sqlite_only  # a server's background work opens a connection of its own


def _on_a_thread(work: Callable[[], object]) -> object:
    """``work`` inside background_connection on a thread of its own, as ui/tasks.py runs it; its result."""
    results: list[object] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with background_connection():
                results.append(work())
        except BaseException as error:  # noqa: BLE001 - raised again on the test's thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
    return results[0]


def _connection() -> sqlite3.Connection:
    return db.connection()


def test_work_borrows_the_connection_earlier_work_left(database: SqliteDatabase) -> None:
    first = _on_a_thread(_connection)
    second = _on_a_thread(_connection)
    assert first is second
    assert db.obj._spares == [first]


def test_a_spare_sees_what_was_committed_since(database: SqliteDatabase) -> None:
    assert _on_a_thread(lambda: Staff.select().count()) == 0
    create_staff("zw", "张伟", Role.DUTY_MANAGER, "long-enough")
    assert _on_a_thread(lambda: Staff.select().count()) == 1


def test_work_that_fails_inside_a_transaction_leaves_nothing_open(database: SqliteDatabase) -> None:
    def fails() -> None:
        with db.atomic():
            create_staff("zw", "张伟", Role.DUTY_MANAGER, "long-enough")
            raise RuntimeError("broken")

    with pytest.raises(RuntimeError, match="broken"):
        _on_a_thread(fails)
    assert Staff.select().count() == 0  # rolled back
    (spare,) = db.obj._spares
    assert not spare.in_transaction


def test_a_connection_left_in_a_transaction_is_closed_not_lent(database: SqliteDatabase) -> None:
    def leaves_a_transaction() -> sqlite3.Connection:
        connection = db.connection()
        connection.execute("BEGIN")
        return connection

    left = _on_a_thread(leaves_a_transaction)
    assert db.obj._spares == []
    with pytest.raises(sqlite3.ProgrammingError):
        left.execute("SELECT 1")


def test_closing_the_database_closes_the_spares(database: SqliteDatabase) -> None:
    spare = _on_a_thread(_connection)
    database.close()
    assert database._spares == []
    with pytest.raises(sqlite3.ProgrammingError):
        spare.execute("SELECT 1")


def test_a_connection_borrowed_before_a_close_is_closed_after_its_work(database: SqliteDatabase) -> None:
    def while_the_database_closes() -> sqlite3.Connection:
        closing = threading.Thread(target=database.close)  # another thread (the GUI's) closes the database
        closing.start()
        closing.join()
        return db.connection()

    borrowed = _on_a_thread(while_the_database_closes)
    assert database._spares == []
    with pytest.raises(sqlite3.ProgrammingError):
        borrowed.execute("SELECT 1")


def test_a_new_busy_timeout_reaches_background_work(database: SqliteDatabase) -> None:
    _on_a_thread(_connection)
    set_busy_timeout(database, 1234)
    assert _on_a_thread(lambda: db.execute_sql("PRAGMA busy_timeout").fetchone()[0]) == 1234


def test_no_more_spares_are_kept_than_the_pool_has_threads(database: SqliteDatabase) -> None:
    started = threading.Barrier(SqliteDatabase.SPARE_CONNECTIONS + 1)
    threads = [
        threading.Thread(target=_on_a_thread, args=(lambda: started.wait(),))
        for _ in range(SqliteDatabase.SPARE_CONNECTIONS + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(database._spares) == SqliteDatabase.SPARE_CONNECTIONS
