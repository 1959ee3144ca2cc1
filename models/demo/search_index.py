"""The search index during a bulk load: its triggers dropped while the rows go in, then the new complaints indexed
by one statement per index, and the triggers created again, all inside the caller's write transaction.

It knows the triggers of migrations 0010 (the trigram index), 0012 (the grams of one and two characters and of
archive numbers, built by 0012's own SQL) and 0014 (the same indexes read from the view of the texts): on a
database with others it leaves them be, and every row is indexed by its trigger as usual (correct, only slower).

With 0014's triggers, the grams of a complaint whose texts need no normalising (``plain``: no control or odd
white space, no run of spaces, none at an end, as the demo's texts are: the worker process that draws them
checks) can be made in Python (``grams_document``, by the demo's writer) and inserted as they are: making them
in SQL (a join on ``search_position`` per text) cost the writer three times as much. Any other complaint is
indexed by the migration's SQL, as before.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import add
from types import ModuleType

from models.base import db, is_postgresql
from models.database import MIGRATIONS_DIR

log = logging.getLogger("complaint_desk.demo")


@contextmanager
def index_after_load(
    grams: Sequence[tuple[int, str]] = (), numbers: Sequence[tuple[str, int]] | None = None
) -> Iterator[None]:
    """Inside: insert complaints (after every existing one) and their customers, update them (an archive
    number), but change no other complaint or customer. On leaving, the new complaints are in the search index
    as the triggers would have put them there, and the triggers are back as the migrations created them.
    ``grams``: (id, ``grams_document``) of new complaints whose texts are all ``plain``, made beforehand;
    ``numbers``: (archive number, id) of every new complaint given one inside, when the caller knows them."""
    if not db.in_transaction():
        raise RuntimeError("the search index is suspended only inside the write transaction")
    if is_postgresql():
        with _server_index_after_load():
            yield
        return
    triggers = dict(
        db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'complaint\\_search\\_%' "
            "ESCAPE '\\'"
        ).fetchall()
    )
    fill = _fills().get(frozenset(triggers.values()))
    if fill is None:
        log.info("search triggers the demo does not know: its rows are indexed row by row")
        yield
        return
    (last,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM complaint").fetchone()
    for name in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
        if callable(fill):
            fill(last, grams, numbers)
        else:
            for statement in fill:
                db.execute_sql(statement, (last,))
    finally:
        for sql in triggers.values():
            db.execute_sql(sql)


@contextmanager
def _server_index_after_load(after: int | None = None) -> Iterator[None]:
    """On PostgreSQL: the search triggers suspended for the transaction (migrations/postgresql/search.py),
    then every complaint after the last one there before (or ``after``) indexed by one statement. The
    grams made beforehand are not needed: the server makes them as fast in SQL."""
    if after is None:
        (after,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM complaint").fetchone()
    db.execute_sql("SELECT set_config('desk.search_suspended', 'on', true)")
    try:
        yield
        db.execute_sql("SELECT complaint_search_fill(?)", (after,))
    finally:
        db.execute_sql("SELECT set_config('desk.search_suspended', 'off', true)")


def index_loaded(after: int) -> None:
    """Index every complaint after ``after`` (inserted with the search triggers suspended or disabled),
    inside the caller's write transaction; on PostgreSQL only (a copy of a file, a benchmark's load)."""
    if not db.in_transaction() or not is_postgresql():
        raise RuntimeError("index_loaded is for a write transaction on PostgreSQL")
    with _server_index_after_load(after):
        pass


Fill = tuple[str, ...] | Callable[[int, Sequence[tuple[int, str]], Sequence[tuple[str, int]] | None], None]


@functools.cache
def _fills() -> dict[frozenset[str], Fill]:
    """The search triggers the migrations have made, and the statements that index every complaint after the
    one given as those triggers would (or the function that does, given the grams made beforehand)."""
    m0010 = _migration("0010_search_normalised")
    texts = ", ".join(m0010.normalised(f"c.{column}") for column in ("narrative", "findings", "demand"))
    customer = m0010.normalised(m0010.CUSTOMER_TEXT.format(row="c"))
    trigrams = (
        "INSERT INTO complaint_search (rowid, narrative, findings, demand, customer) "
        f"SELECT c.id, {texts}, coalesce({customer}, '') FROM complaint c WHERE c.id > ?"
    )
    m0012 = _migration("0012_search_grams")
    new = "s.rowid > ?"
    grams = (
        m0012.grow_for(new),
        m0012.add(new),
        f"INSERT INTO complaint_number_grams (rowid, grams) SELECT id, {m0012.number_grams('archive_number')} "
        "FROM complaint WHERE archive_number IS NOT NULL AND id > ?",
    )
    return {
        frozenset(m0010.TRIGGERS): (trigrams,),
        frozenset(m0012.TRIGGERS): (trigrams, *grams),
        frozenset(_migration("0014_smaller_rows").TRIGGERS): _fill_0014,
    }


def _fill_0014(last: int, grams: Sequence[tuple[int, str]], numbers: Sequence[tuple[str, int]] | None) -> None:
    """Index the complaints after ``last`` as 0014's triggers would: the texts normalised where that changes
    them (kept in ``search_kept_text``), the trigrams from the view of the texts, the grams given (those of
    complaints with plain texts) as they are and the others' made in SQL, the archive numbers' grams (made
    here when the numbers are given and plain ASCII, else in SQL)."""
    m0012, m0014 = _migration("0012_search_grams"), _migration("0014_smaller_rows")
    made = [row_id for row_id, _ in grams]
    db.execute_sql("DELETE FROM search_kept_text WHERE id > ?", (last,))
    # The complaints whose grams are not given: the ids after the last, but those given (ascending, all new).
    others = "c.id > ?" if not made else "c.id > ? AND c.id NOT IN (SELECT value FROM json_each(?))"
    params: tuple[object, ...] = (last,) if not made else (last, json.dumps(made))
    db.execute_sql(m0014.keep("c", f" FROM complaint c WHERE {others}"), params)
    grow, trigrams, grams_sql = m0014.add_statements(others.replace("c.id", "s.id"))
    db.execute_sql(grow, params)
    db.execute_sql(trigrams.replace(others.replace("c.id", "s.id"), "s.id > ?"), (last,))
    db.execute_sql(grams_sql, params)
    connection = db.connection()
    connection.executemany("INSERT INTO complaint_grams (rowid, grams) VALUES (?, ?)", grams)
    if numbers is not None and all(number.isascii() for number, _ in numbers):
        connection.executemany(
            "INSERT INTO complaint_number_grams (rowid, grams) VALUES (?, ?)",
            sorted((row_id, number_grams(number)) for number, row_id in numbers),  # in id order, as FTS5 likes
        )
        return
    db.execute_sql(
        f"INSERT INTO complaint_number_grams (rowid, grams) SELECT id, {m0012.number_grams('archive_number')} "
        "FROM complaint WHERE archive_number IS NOT NULL AND id > ?",
        (last,),
    )


def number_grams(number: str) -> str | None:
    """Migration 0012's ``number_grams`` of an ASCII archive number: its pairs of characters a number holds,
    upper case, each after its place ("00TS 01S- ..."); None when it has none."""
    upper = number.upper()
    if len(upper) <= len(_PLACES) and _NUMBER_CHARACTERS.issuperset(upper):  # every pair is one (a number as made)
        return " ".join(map(add, _PLACES, map(add, upper, upper[1:]))) or None
    pairs = [
        f"{place:02d}{upper[place : place + 2]}"
        for place in range(len(upper) - 1)
        if upper[place] in _NUMBER_CHARACTERS and upper[place + 1] in _NUMBER_CHARACTERS
    ]
    return " ".join(pairs) if pairs else None


def plain(text: str) -> bool:
    """Whether ``text`` is indexed as it is: migration 0010's normalising in SQL would not change it."""
    return not (_SPECIAL.search(text) or "  " in text or text.startswith(" ") or text.endswith(" "))


def customer_text(name: str, phone: str) -> str:
    """The customer's text the index holds when it is ``plain`` (the name and phone joined by a space)."""
    return f"{name} {phone}".strip(" ")


def grams_document(texts: Sequence[str | None]) -> str:
    """A complaint's grams (migration 0012's ``document``) from its ``plain`` texts (narrative, findings, demand,
    customer's): each text's pairs of neighbouring characters and its last character, space-separated."""
    return " ".join([_grams(text) if text else "" for text in texts])


def _grams(text: str) -> str:
    """One text's grams (``grams_document``): each character with the next, then the last alone."""
    return " ".join([*map(add, text, text[1:]), text[-1]])


@functools.cache
def _migration(name: str) -> ModuleType:
    """A migration, for the SQL it wrote (as migration 0012 reads 0010's)."""
    spec = importlib.util.spec_from_file_location(f"migration_{name}", MIGRATIONS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_0010 = _migration("0010_search_normalised")
# The characters normalising changes, as a class: a search for one takes 0.5 µs in a text of 108 characters, a set's
# intersection with it 3.1 (the demo's worker checks four texts a complaint).
_SPECIAL = re.compile("[" + "".join(re.escape(chr(code)) for code in (*_0010.WHITESPACE, *_0010.INVISIBLE)) + "]")
_NUMBER_CHARACTERS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_PLACES = tuple(f"{place:02d}" for place in range(100))  # a pair's place as ``number_grams`` writes it
