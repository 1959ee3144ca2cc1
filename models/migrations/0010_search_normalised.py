"""0010: the search index holds normalised text, and the customer's demand.

A complaint is kept as typed (double spaces, tabs, line breaks, no-break and
ideographic spaces, U+2028), but a search query is normalised, so the index
must be too: every run of Unicode whitespace is one space, invisible control
and format characters are dropped, the ends are trimmed. The demand becomes a
column of its own. FTS5 cannot add a column, so the table is rebuilt and the
triggers of 0003 are replaced.

The triggers normalise in SQL (whitespace and the zero-width characters; text
written by the application has no other control characters, see
models/text.py). The rebuild of rows written before uses the full rule in
Python, the rule models/search.py applies to queries (frozen copy below).
"""
import unicodedata

# str.isspace() as of Python 3.11 / Unicode 14, without the plain space.
WHITESPACE = (
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, 0x1680,
    0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
    0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
)  # fmt: skip
# Invisible characters pasted along with text: soft hyphen, zero-width space,
# (non-)joiners, direction marks, word joiner, byte-order mark.
INVISIBLE = (0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF)
MARK = "char(1)"  # cannot be in the text: control characters never are
STAGE = 10  # replace()s nested in one expression: SQLite's parser stack takes ~25


def normalised(expression):
    """SQL for ``expression`` normalised (NULL stays NULL): a scalar subquery
    whose nested FROM subqueries each apply a few replacements, as one deep
    expression would overflow the parser's stack."""
    replacements = [(code, " ") for code in WHITESPACE] + [(code, "") for code in INVISIBLE]
    query = f"SELECT {expression} AS v"
    for start in range(0, len(replacements), STAGE):
        step = "v"
        for code, by in replacements[start : start + STAGE]:
            step = f"replace({step}, char({code}), '{by}')"
        query = f"SELECT {step} AS v FROM ({query})"
    # A run of spaces becomes one: mark each space, drop each mark followed by
    # a space (so only the run's last space keeps its mark), drop the marks.
    collapsed = f"replace(replace(replace(v, ' ', ' ' || {MARK}), {MARK} || ' ', ''), {MARK}, '')"
    # Most text needs none of it: one GLOB scan instead of forty replace()s.
    special = ", ".join(str(code) for code, _ in replacements)
    needed = " OR ".join(
        f"{expression} GLOB {pattern}" for pattern in (f"'*[' || char({special}) || ']*'", "'*  *'", "' *'", "'* '")
    )
    return f"(CASE WHEN {needed} THEN (SELECT trim({collapsed}) FROM ({query})) ELSE {expression} END)"


def search_text(value):
    if value is None:
        return None
    kept = "".join(c for c in value if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return " ".join(kept.split())


CUSTOMER_TEXT = "(SELECT name || ' ' || phone FROM customer WHERE id = {row}.customer_id)"
INSERT_ROW = (
    "INSERT INTO complaint_search (rowid, narrative, findings, demand, customer) VALUES ({row}.id, "
    + ", ".join(normalised(f"{{row}}.{column}") for column in ("narrative", "findings", "demand"))
    + ", coalesce("
    + normalised(CUSTOMER_TEXT)
    + ", ''));"
)
OLD_TRIGGERS = ("insert", "update", "delete", "customer")
TRIGGERS = [
    "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN "
    + INSERT_ROW.format(row="NEW")
    + " END",
    "CREATE TRIGGER complaint_search_update AFTER UPDATE OF narrative, findings, demand, customer_id "
    "ON complaint BEGIN DELETE FROM complaint_search WHERE rowid = OLD.id; "
    + INSERT_ROW.format(row="NEW")
    + " END",
    "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN "
    "DELETE FROM complaint_search WHERE rowid = OLD.id; END",
    "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer BEGIN "
    "UPDATE complaint_search SET customer = "
    + normalised("(NEW.name || ' ' || NEW.phone)")
    + " WHERE rowid IN (SELECT id FROM complaint WHERE customer_id = NEW.id); END",
]


def up(migrator, db):
    for trigger in OLD_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql("DROP TABLE IF EXISTS complaint_search")
    db.execute_sql(
        "CREATE VIRTUAL TABLE complaint_search USING fts5(narrative, findings, demand, customer, tokenize = 'trigram')"
    )
    db.connection().create_function("desk_search_text_0010", 1, search_text, deterministic=True)
    db.execute_sql(
        "INSERT INTO complaint_search (rowid, narrative, findings, demand, customer) "
        "SELECT c.id, desk_search_text_0010(c.narrative), desk_search_text_0010(c.findings), "
        "desk_search_text_0010(c.demand), coalesce(desk_search_text_0010(u.name || ' ' || u.phone), '') "
        "FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id"
    )
    for statement in TRIGGERS:
        db.execute_sql(statement)


def down(migrator, db):
    """Back to 0003's index: text as typed, no demand."""
    customer = "(SELECT trim(name || ' ' || phone) FROM customer WHERE id = {row}.customer_id)"
    insert_row = (
        "INSERT INTO complaint_search (rowid, narrative, findings, customer) "
        "VALUES ({row}.id, {row}.narrative, {row}.findings, coalesce(" + customer + ", ''));"
    )
    for trigger in OLD_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql("DROP TABLE IF EXISTS complaint_search")
    for statement in (
        "CREATE VIRTUAL TABLE complaint_search USING fts5(narrative, findings, customer, tokenize = 'trigram')",
        "INSERT INTO complaint_search (rowid, narrative, findings, customer) "
        "SELECT c.id, c.narrative, c.findings, coalesce(trim(u.name || ' ' || u.phone), '') "
        "FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id",
        "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN "
        + insert_row.format(row="NEW")
        + " END",
        "CREATE TRIGGER complaint_search_update AFTER UPDATE OF narrative, findings, customer_id "
        "ON complaint BEGIN DELETE FROM complaint_search WHERE rowid = OLD.id; "
        + insert_row.format(row="NEW")
        + " END",
        "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN "
        "DELETE FROM complaint_search WHERE rowid = OLD.id; END",
        "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer BEGIN "
        "UPDATE complaint_search SET customer = trim(NEW.name || ' ' || NEW.phone) "
        "WHERE rowid IN (SELECT id FROM complaint WHERE customer_id = NEW.id); END",
    ):
        db.execute_sql(statement)
