"""0012: search of one and two characters through an index of character pairs.

The trigram index (0010) serves phrases of three characters and more; a
shorter phrase used to be tested against every row (LIKE). ``complaint_grams``
holds, for each complaint (rowid = complaint id), every pair of neighbouring
characters of each text of ``complaint_search`` (the words, findings, demand
and customer, normalised as 0010 holds them) and each text's last character
alone. A two-character phrase is one token; a single character is the first
character of a token, which FTS5's own prefix index of one character
(``prefix='1'``) lists without the SQL having to make a token of every
character. Either way the rows stream from the index in complaint order, as
the trigram index's do.

- Contentless (``content=''``), ``detail=none`` (rowids only: one token needs
  no positions), no column sizes. SQLite 3.40 has no ``contentless_delete``,
  so a row is removed with the 'delete' command and the tokens it was given;
  these are always computed from ``complaint_search``'s row (which only the
  triggers write), so the same tokens come back.
- The ``ascii`` tokenizer with every ASCII punctuation mark as a token
  character: a pair is a token as it stands ("a_", "5%", "头发"), ASCII letters
  fold to lower case (as LIKE compares them), other characters stay as they
  are. Space and control characters separate tokens, so a pair holding one
  leaves only its other character (the first character of the next pair, or
  the text's last); a normalised query of one or two characters holds neither.
- Pairs are made in SQL by joining ``search_position`` (1..n), so a raw
  sqlite3 write keeps the index in step without any application function.
  WITH RECURSIVE is not allowed in a trigger; the triggers grow the table
  first when a text is longer than it (the application allows 2,000).
- Pairs never cross texts: a two-character phrase lies within one text, as it
  did with LIKE.

Archive numbers: a query shaped like one (models/search.py) also finds the
complaints whose archive number contains it; that read every number.
``complaint_number_grams`` holds each pair of a complaint's archive number
with its place ("0012" is "12" at offset 0, in upper case), so a query of two
characters or more is exact: its pairs at consecutive places, from each place
it can start. A table of its own, written when a number is given (at sealing,
without touching the texts' indexes) and when the row goes.

The four triggers of 0010 are replaced by triggers that keep both text indexes
(one body each, so the old pairs are removed before the trigram row they come
from changes); they fire only when an indexed value changed. A fifth keeps the
archive numbers' pairs.
"""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "migration_0010_search_normalised", Path(__file__).with_name("0010_search_normalised.py")
)
_0010 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_0010)

PUNCTUATION = "".join(chr(code) for code in range(33, 127) if not chr(code).isalnum())
_TOKENIZER = "ascii tokenchars '" + PUNCTUATION.replace("'", "''") + "'"
TOKENIZE = "'" + _TOKENIZER.replace("'", "''") + "'"  # as an SQL string
TEXTS = ("narrative", "findings", "demand", "customer")
POSITIONS = 4096  # at least; grown to the longest text


def grams(value):
    """SQL: the pairs of neighbouring characters of ``value`` and its last character, space-separated."""
    return f"(SELECT group_concat(substr({value}, n, 2), ' ') FROM search_position WHERE n <= length({value}))"


def number_grams(value):
    """SQL: the pairs of an archive number with their places ("0012"), those an archive-number query can hold."""
    return (
        f"(SELECT group_concat(printf('%02d', n - 1) || upper(substr({value}, n, 2)), ' ') "
        f"FROM search_position WHERE n < length({value}) AND upper(substr({value}, n, 2)) GLOB '[0-9A-Z-][0-9A-Z-]')"
    )


def document(row):
    """SQL: the tokens of one complaint's texts, from its ``complaint_search`` row aliased ``row``."""
    return " || ' ' || ".join(f"coalesce({grams(f'{row}.{column}')}, '')" for column in TEXTS)


def longest(row):
    return "max(" + ", ".join(f"coalesce(length({row}.{column}), 0)" for column in TEXTS) + ")"


def grow(length):
    """SQL: make search_position reach ``length`` (a no-op when it does: CROSS JOIN
    keeps SQLite from reading every position before it finds no multiple to add)."""
    return (
        "INSERT INTO search_position (n) SELECT a.n + (b.n - 1) * m.top "
        "FROM (SELECT max(n) AS top FROM search_position) m CROSS JOIN search_position b CROSS JOIN search_position a "
        f"WHERE b.n BETWEEN 2 AND ({length} + m.top - 1) / m.top;"
    )


def add(where, source="complaint_search s"):
    return f"INSERT INTO complaint_grams (rowid, grams) SELECT s.rowid, {document('s')} FROM {source} WHERE {where};"


def remove(where, source="complaint_search s"):
    return (
        "INSERT INTO complaint_grams (complaint_grams, rowid, grams) "
        f"SELECT 'delete', s.rowid, {document('s')} FROM {source} WHERE {where};"
    )


def add_number(row):
    return (
        f"INSERT INTO complaint_number_grams (rowid, grams) SELECT {row}.id, {number_grams(f'{row}.archive_number')} "
        f"WHERE {row}.archive_number IS NOT NULL;"
    )


def remove_number(row):
    return (
        "INSERT INTO complaint_number_grams (complaint_number_grams, rowid, grams) "
        f"SELECT 'delete', {row}.id, {number_grams(f'{row}.archive_number')} WHERE {row}.archive_number IS NOT NULL;"
    )


def grow_for(where, source="complaint_search s"):
    return grow(f"(SELECT max({longest('s')}) FROM {source} WHERE {where})")


CHANGED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}" for column in ("id", "narrative", "findings", "demand", "customer_id")
)
OF_CUSTOMER = "complaint c JOIN complaint_search s ON s.rowid = c.id"
TRIGGERS = [
    "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN "
    + _0010.INSERT_ROW.format(row="NEW")
    + grow_for("s.rowid = NEW.id")
    + add("s.rowid = NEW.id")
    + add_number("NEW")
    + " END",
    "CREATE TRIGGER complaint_search_update AFTER UPDATE OF narrative, findings, demand, customer_id ON complaint "
    f"WHEN {CHANGED} BEGIN "
    + remove("s.rowid = OLD.id")
    + "DELETE FROM complaint_search WHERE rowid = OLD.id; "
    + _0010.INSERT_ROW.format(row="NEW")
    + grow_for("s.rowid = NEW.id")
    + add("s.rowid = NEW.id")
    + " END",
    "CREATE TRIGGER complaint_search_number AFTER UPDATE OF id, archive_number ON complaint "
    "WHEN OLD.archive_number IS NOT NEW.archive_number OR OLD.id IS NOT NEW.id BEGIN "
    + remove_number("OLD")
    + add_number("NEW")
    + " END",
    "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN "
    + remove("s.rowid = OLD.id")
    + "DELETE FROM complaint_search WHERE rowid = OLD.id; "
    + remove_number("OLD")
    + " END",
    "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer "
    "WHEN OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone BEGIN "
    + remove("c.customer_id = NEW.id", OF_CUSTOMER)
    + "UPDATE complaint_search SET customer = "
    + _0010.normalised("(NEW.name || ' ' || NEW.phone)")
    + " WHERE rowid IN (SELECT id FROM complaint WHERE customer_id = NEW.id); "
    + grow_for("c.customer_id = NEW.id", OF_CUSTOMER)
    + add("c.customer_id = NEW.id", OF_CUSTOMER)
    + " END",
]
NAMES = (*_0010.OLD_TRIGGERS, "number")


def grams_table(name, options=""):
    return (
        f"CREATE VIRTUAL TABLE {name} USING fts5(grams, content='', detail=none, columnsize=0, {options}"
        f"tokenize={TOKENIZE})"
    )


def up(migrator, db):
    for trigger in NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql("CREATE TABLE search_position (n INTEGER PRIMARY KEY)")
    (longest_text,) = db.execute_sql(f"SELECT max({longest('s')}) FROM complaint_search s").fetchone()
    size = POSITIONS
    while size < (longest_text or 0):
        size *= 2
    db.execute_sql("INSERT INTO search_position (n) VALUES " + ", ".join(f"({n})" for n in range(1, 65)))
    while db.execute_sql("SELECT max(n) FROM search_position").fetchone()[0] < size:
        db.execute_sql(grow(size))
    db.execute_sql(grams_table("complaint_grams", "prefix='1', "))
    db.execute_sql(grams_table("complaint_number_grams"))
    db.execute_sql(add("1"))
    db.execute_sql(
        f"INSERT INTO complaint_number_grams (rowid, grams) SELECT id, {number_grams('archive_number')} "
        "FROM complaint WHERE archive_number IS NOT NULL"
    )
    for statement in TRIGGERS:
        db.execute_sql(statement)


def down(migrator, db):
    for trigger in NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    for table in ("complaint_grams", "complaint_number_grams", "search_position"):
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
    for statement in _0010.TRIGGERS:
        db.execute_sql(statement)
