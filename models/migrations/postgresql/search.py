"""The search index on PostgreSQL (schema 0021): see models/search.py.

SQLite keeps three FTS5 indexes (migrations 0010, 0012 and 0014); a server keeps one table,
``complaint_search``, one row per complaint, written only by the triggers below (so a write by
``psql`` keeps it in step too):

- ``doc``: the complaint's four texts as the view ``complaint_search_text`` shows them
  (narrative, findings, demand, the customer's name and phone), normalised as a query is
  (``desk_search_text``, the rule of models/search.py's ``search_text``), ASCII letters in lower
  case (as SQLite's LIKE compares them: other letters keep their case), joined by U+0001, which no
  normalised text or query holds: a phrase never spans two texts. A GIN trigram index
  (``pg_trgm``, a trusted extension the database's owner may create) lists the complaints whose
  texts may hold a phrase of three characters and more; LIKE then tests each.
- ``grams``: every character of ``doc`` and every pair of neighbouring characters (made by regular
  expressions, in C: a pair holding a space or the separator is never asked for, as a normalised query
  of one or two characters holds neither). A GIN index on the array answers a phrase of one or two
  characters exactly.
- ``numbers``: each pair of the archive number with its place (``#00TS``, ``#01S-``, …, upper case, as
  SQLite's ``complaint_number_grams``), under a GIN index: an archive number's parts, exactly.

The view's texts are normalised as on SQLite since 0014: where the normalised text differs from the
complaint's own, it is kept in ``search_kept_text`` and the view shows it. On a server the full rule
(``search_text``'s, frozen below as of Unicode 14) normalises every text, so an index row and a query
always agree.

Frozen like every migration: never edit it once released.
"""

# str.isspace() as of Python 3.11 (Unicode 14), as ranges of code points: each run becomes one space.
WHITESPACE = (
    (0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000),
)  # fmt: skip
# Control and format characters (Cc, Cf) that are not white space: dropped. NUL is never in a server's text.
INVISIBLE = (
    (0x01, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C),
    (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
SEPARATOR = "chr(1)"
UPPER, LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"


def _class(ranges):
    """A regular expression's bracket expression of the code points ``ranges``."""
    def escape(code):
        return f"\\U{code:08X}"

    return "[" + "".join(escape(a) if a == b else f"{escape(a)}-{escape(b)}" for a, b in ranges) + "]"


# A bulk load suspends the triggers for its transaction (SET LOCAL), then indexes its rows at once.
SUSPENDED = "current_setting('desk.search_suspended', true) = 'on'"


def _index_function(name, argument, where):
    """SQL: a function indexing the complaints passing ``where`` (on the id, as {row}) anew: their kept
    texts (where normalising changes them) and their index rows."""
    return (
        f"CREATE FUNCTION {name}({argument}) RETURNS void LANGUAGE plpgsql AS $body$ BEGIN "
        f"DELETE FROM search_kept_text WHERE {where.format(row='id')}; "
        "INSERT INTO search_kept_text (id, narrative, findings, demand, customer) "
        "SELECT * FROM (SELECT c.id, nullif(desk_search_text(c.narrative), c.narrative), "
        "nullif(desk_search_text(c.findings), c.findings), nullif(desk_search_text(c.demand), c.demand), "
        "nullif(coalesce(desk_search_text(u.name || ' ' || u.phone), ''), coalesce(trim(u.name || ' ' || u.phone), '')) "
        f"FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id WHERE {where.format(row='c.id')}) "
        "AS k (id, a, b, c, d) WHERE num_nonnulls(a, b, c, d) > 0; "
        f"DELETE FROM complaint_search WHERE {where.format(row='id')}; "
        "INSERT INTO complaint_search (id, doc, grams, numbers) SELECT id, doc, desk_search_grams(doc), "
        "coalesce(desk_search_number_grams(number), '{}') FROM (SELECT t.id, desk_search_lower(concat_ws("
        f"{SEPARATOR}, coalesce(t.narrative, ''), coalesce(t.findings, ''), coalesce(t.demand, ''), t.customer)), "
        f"c.archive_number FROM complaint_search_text t JOIN complaint c ON c.id = t.id WHERE {where.format(row='t.id')}) "
        "AS s (id, doc, number); "
        "END $body$"
    )


FUNCTIONS = (
    # models/search.py's search_text: control and format characters dropped, every run of white space one
    # space, the ends trimmed.
    "CREATE FUNCTION desk_search_text(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    f"$$ SELECT btrim(regexp_replace(regexp_replace(value, '{_class(INVISIBLE)}', '', 'g'), "
    f"'{_class(WHITESPACE)}+', ' ', 'g'), ' ') $$",
    # ASCII letters in lower case, whatever the database's locale (SQLite's LIKE and FTS5's ascii tokenizer).
    "CREATE FUNCTION desk_search_lower(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    f"$$ SELECT translate(value, '{UPPER}', '{LOWER}') $$",
    # The grams of a document: each character and each pair of neighbouring characters (the pairs at odd
    # places, then those at even places, each split off by the regular expression; an empty one left out).
    "CREATE FUNCTION desk_search_grams(doc text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT array_remove(regexp_split_to_array(doc, '') "
    f"|| string_to_array(regexp_replace(doc, '(..)', E'\\\\1\\x01', 'g'), {SEPARATOR}) "
    f"|| string_to_array(regexp_replace(substr(doc, 2), '(..)', E'\\\\1\\x01', 'g'), {SEPARATOR}), '') $$",
    # An archive number's pairs of the characters a number holds, after their place: '#00TS', '#01S-', ...
    "CREATE FUNCTION desk_search_number_grams(number text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT coalesce(array_agg(DISTINCT '#' || CASE WHEN i < 11 THEN '0' ELSE '' END || (i - 1) || p), '{}') "
    f"FROM (SELECT i, translate(substr(number, i, 2), '{LOWER}', '{UPPER}') AS p "
    "FROM generate_series(1, length(number) - 1) AS i) AS pairs WHERE p ~ '^[0-9A-Z-]{2}$' $$",
    *(
        _index_function(name, argument, where)
        for name, argument, where in (
            # The complaints ``ids`` indexed anew (the triggers).
            ("complaint_search_index", "ids integer[]", "{row} = ANY(ids)"),
            # Every complaint after ``last_id`` indexed anew (a bulk load: models/demo/search_index.py).
            ("complaint_search_fill", "last_id integer", "{row} > last_id"),
        )
    ),
    "CREATE FUNCTION complaint_search_fn() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
    f"IF {SUSPENDED} THEN RETURN NULL; END IF; "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM complaint_search WHERE id = OLD.id; "
    "DELETE FROM search_kept_text WHERE id = OLD.id; END IF; "
    "IF TG_OP <> 'DELETE' THEN PERFORM complaint_search_index(ARRAY[NEW.id]); END IF; "
    "RETURN NULL; END $body$",
    "CREATE FUNCTION complaint_search_customer_fn() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
    f"IF {SUSPENDED} THEN RETURN NULL; END IF; "
    "PERFORM complaint_search_index(ARRAY(SELECT id FROM complaint WHERE customer_id = NEW.id)); "
    "RETURN NULL; END $body$",
)
CHANGED = " OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}"
    for column in ("id", "narrative", "findings", "demand", "customer_id", "archive_number")
)
TRIGGERS = (
    "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint FOR EACH ROW "
    "EXECUTE FUNCTION complaint_search_fn()",
    "CREATE TRIGGER complaint_search_update AFTER UPDATE OF id, narrative, findings, demand, customer_id, "
    f"archive_number ON complaint FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION complaint_search_fn()",
    "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint FOR EACH ROW "
    "EXECUTE FUNCTION complaint_search_fn()",
    "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer FOR EACH ROW "
    "WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.phone IS DISTINCT FROM NEW.phone) "
    "EXECUTE FUNCTION complaint_search_customer_fn()",
)
TABLE = (
    'CREATE TABLE "complaint_search" ("id" INTEGER NOT NULL PRIMARY KEY, "doc" TEXT NOT NULL, '
    '"grams" TEXT[] COLLATE "C" NOT NULL, "numbers" TEXT[] COLLATE "C" NOT NULL)'
)
INDEXES = (
    'CREATE INDEX "complaint_search_doc" ON "complaint_search" USING gin ("doc" gin_trgm_ops)',
    'CREATE INDEX "complaint_search_grams" ON "complaint_search" USING gin ("grams")',
    'CREATE INDEX "complaint_search_numbers" ON "complaint_search" USING gin ("numbers")',
)


def create(db):
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    db.execute_sql(TABLE)
    for statement in (*FUNCTIONS, *INDEXES, *TRIGGERS):
        db.execute_sql(statement)
