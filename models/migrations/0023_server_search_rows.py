"""0023: the server's search index in smaller rows (issue 16: the register's search on 1,000,000 complaints).

On SQLite: nothing (its FTS5 indexes stay as 0010, 0012 and 0014 made them).

On PostgreSQL, ``complaint_search`` (models/migrations/postgresql/search.py) kept beside each complaint's
normalised texts (``doc``) two arrays made from them: ``grams``, every character and pair of ``doc`` (about
three times as long as ``doc`` itself), and ``numbers``, the archive number's pairs with their places.
Each row was about 1.8 kB, so a search that tests the rows one by one (a common phrase, newest first) read
three times the pages it needed. Now a row holds only ``doc`` and ``number`` (the archive number, ASCII letters in upper case), and the
arrays are what two GIN indexes on expressions hold: ``desk_search_grams(doc)`` (the same function as
before) and ``desk_search_number_grams(number)``. A query names the same expression to use its index;
GIN's answer for ``@>`` is exact, so the arrays are made again only for a page of a bitmap too large to
keep row by row. ``desk_search_grams`` becomes a function the planner calls rather than inlines, with
its cost declared (hundreds of regular expression steps), and so does the number's: a plan then makes
them row by row only where no index answers. The table is made anew (a dropped column would keep its space), with its trigram index
on ``doc``, and the functions that index complaints write the new rows; the triggers stay as they were.

Frozen like every migration: never edit it once released.
"""

import importlib.util
from pathlib import Path

from peewee import PostgresqlDatabase

SEPARATOR = "chr(1)"
# The archive number as its pairs are indexed: ASCII letters in upper case.
NUMBER = "translate(c.archive_number, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"
CHANGED = "complaint_desk_changed"  # the channel of change notifications (baseline.py)


def _index_function(name, argument, where):
    """SQL: a function indexing the complaints passing ``where`` (on the id, as {row}) anew: their kept
    texts (where normalising changes them) and their index rows (as the baseline's, without the arrays)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}({argument}) RETURNS void LANGUAGE plpgsql AS $body$ BEGIN "
        f"DELETE FROM search_kept_text WHERE {where.format(row='id')}; "
        "INSERT INTO search_kept_text (id, narrative, findings, demand, customer) "
        "SELECT * FROM (SELECT c.id, nullif(desk_search_text(c.narrative), c.narrative), "
        "nullif(desk_search_text(c.findings), c.findings), nullif(desk_search_text(c.demand), c.demand), "
        "nullif(coalesce(desk_search_text(u.name || ' ' || u.phone), ''), coalesce(trim(u.name || ' ' || u.phone), '')) "
        f"FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id WHERE {where.format(row='c.id')}) "
        "AS k (id, a, b, c, d) WHERE num_nonnulls(a, b, c, d) > 0; "
        f"DELETE FROM complaint_search WHERE {where.format(row='id')}; "
        "INSERT INTO complaint_search (id, doc, number) SELECT t.id, desk_search_lower(concat_ws("
        f"{SEPARATOR}, coalesce(t.narrative, ''), coalesce(t.findings, ''), coalesce(t.demand, ''), t.customer)), "
        f"{NUMBER} FROM complaint_search_text t JOIN complaint c ON c.id = t.id WHERE {where.format(row='t.id')}; "
        "END $body$"
    )


FUNCTIONS = tuple(
    _index_function(name, argument, where)
    for name, argument, where in (
        ("complaint_search_index", "ids integer[]", "{row} = ANY(ids)"),
        ("complaint_search_fill", "last_id integer", "{row} > last_id"),
    )
)
TABLE = (
    'CREATE TABLE "complaint_search_0023" ("id" INTEGER NOT NULL, "doc" TEXT NOT NULL, '
    '"number" TEXT COLLATE "C")'
)
INDEXES = (
    'ALTER TABLE "complaint_search" ADD CONSTRAINT "complaint_search_pkey" PRIMARY KEY ("id")',
    'CREATE INDEX "complaint_search_doc" ON "complaint_search" USING gin ("doc" gin_trgm_ops)',
    'CREATE INDEX "complaint_search_grams" ON "complaint_search" USING gin (desk_search_grams("doc"))',
    'CREATE INDEX "complaint_search_numbers" ON "complaint_search" USING gin (desk_search_number_grams("number"))',
    # The numbers that start with a text ("TS-2025": a year's) from the index alone, with their ids.
    'CREATE INDEX "complaint_search_number" ON "complaint_search" ("number", "id")',
)


def _baseline_search():
    """models/migrations/postgresql/search.py, schema 0021's search index."""
    spec = importlib.util.spec_from_file_location("postgresql_search_0021", Path(__file__).parent / "postgresql" / "search.py")
    search = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search)
    return search


GRAMS_FUNCTION = "CREATE FUNCTION desk_search_grams(doc text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"


def _grams_function(search, costly):
    """SQL: desk_search_grams as schema 0021 made it, or (``costly``) the same body made a function the planner
    calls rather than inlines, at its cost: a plan then makes a document's grams row by row (hundreds of
    regular expression steps) only where no index answers."""
    (statement,) = (s for s in search.FUNCTIONS if s.startswith(GRAMS_FUNCTION))
    head = GRAMS_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    if costly:
        head = head.removesuffix(" AS") + " COST 10000 SET search_path = pg_catalog AS"
    return head + statement.removeprefix(GRAMS_FUNCTION)


def up(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    db.execute_sql(_grams_function(_baseline_search(), costly=True))
    # Building the indexes of a big table: more memory than a query's (for this transaction only).
    db.execute_sql("SET LOCAL maintenance_work_mem = '512MB'")
    db.execute_sql("ALTER FUNCTION desk_search_number_grams(text) COST 1000")
    db.execute_sql(TABLE)
    db.execute_sql(
        f'INSERT INTO "complaint_search_0023" (id, doc, number) SELECT s.id, s.doc, {NUMBER} '
        "FROM complaint_search s JOIN complaint c ON c.id = s.id ORDER BY s.id"
    )
    db.execute_sql('DROP TABLE "complaint_search"')
    db.execute_sql('ALTER TABLE "complaint_search_0023" RENAME TO "complaint_search"')
    for statement in (*INDEXES, *FUNCTIONS):
        db.execute_sql(statement)
    db.execute_sql(
        'CREATE TRIGGER complaint_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "complaint_search" '
        "FOR EACH STATEMENT EXECUTE FUNCTION complaint_desk_changed_fn()"
    )
    db.execute_sql('ANALYZE "complaint_search"')


def down(migrator, db):
    """Schema 0021's rows back (the arrays made from the rows), with its indexes and functions."""
    if not isinstance(db, PostgresqlDatabase):
        return
    search = _baseline_search()
    db.execute_sql(_grams_function(search, costly=False))
    db.execute_sql("SET LOCAL maintenance_work_mem = '512MB'")
    db.execute_sql(search.TABLE.replace('"complaint_search"', '"complaint_search_0021"'))
    db.execute_sql(
        'INSERT INTO "complaint_search_0021" (id, doc, grams, numbers) SELECT id, doc, desk_search_grams(doc), '
        "coalesce(desk_search_number_grams(number), '{}') FROM complaint_search ORDER BY id"
    )
    db.execute_sql('DROP TABLE "complaint_search"')
    db.execute_sql('ALTER TABLE "complaint_search_0021" RENAME TO "complaint_search"')
    db.execute_sql('ALTER INDEX "complaint_search_0021_pkey" RENAME TO "complaint_search_pkey"')
    for statement in search.INDEXES:
        db.execute_sql(statement)
    for name, argument, where in (
        ("complaint_search_index", "ids integer[]", "{row} = ANY(ids)"),
        ("complaint_search_fill", "last_id integer", "{row} > last_id"),
    ):
        db.execute_sql(search._index_function(name, argument, where).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    db.execute_sql("ALTER FUNCTION desk_search_number_grams(text) COST 100")
    db.execute_sql(
        'CREATE TRIGGER complaint_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "complaint_search" '
        "FOR EACH STATEMENT EXECUTE FUNCTION complaint_desk_changed_fn()"
    )
