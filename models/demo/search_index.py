"""The search index during a bulk load: its triggers dropped while the rows go in, then the new complaints indexed
by one statement per index, and the triggers created again, all inside the caller's write transaction.

It knows the triggers of migrations 0010 (the trigram index), 0012 (the grams of one and two characters and of
archive numbers, built by 0012's own SQL) and 0014 (the same indexes read from the view of the texts): on a
database with others it leaves them be, and every row is indexed by its trigger as usual (correct, only slower).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from models.base import db
from models.database import MIGRATIONS_DIR

log = logging.getLogger("complaint_desk.demo")


@contextmanager
def index_after_load() -> Iterator[None]:
    """Inside: insert complaints (after every existing one) and their customers, update them (an archive
    number), but change no other complaint or customer. On leaving, the new complaints are in the search index
    as the triggers would have put them there, and the triggers are back as the migrations created them."""
    if not db.in_transaction():
        raise RuntimeError("the search index is suspended only inside the write transaction")
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
        for statement in fill:
            db.execute_sql(statement, (last,))
    finally:
        for sql in triggers.values():
            db.execute_sql(sql)


@functools.cache
def _fills() -> dict[frozenset[str], tuple[str, ...]]:
    """The search triggers the migrations have made, and the statements that index every complaint after the
    one given as those triggers would."""
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
    m0014 = _migration("0014_smaller_rows")
    texts_0014 = (
        "DELETE FROM search_kept_text WHERE id > ?",
        m0014.keep("c", " FROM complaint c WHERE c.id > ?"),
        *m0014.add_statements("s.id > ?"),
        grams[-1],
    )
    return {
        frozenset(m0010.TRIGGERS): (trigrams,),
        frozenset(m0012.TRIGGERS): (trigrams, *grams),
        frozenset(m0014.TRIGGERS): texts_0014,
    }


@functools.cache
def _migration(name: str) -> ModuleType:
    """A migration, for the SQL it wrote (as migration 0012 reads 0010's)."""
    spec = importlib.util.spec_from_file_location(f"migration_{name}", MIGRATIONS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
