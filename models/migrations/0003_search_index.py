"""0003: the full-text search index of complaints (SQLite FTS5, trigram tokenizer).

One row per complaint (rowid = complaint id) with the customer's words, the
findings, and the customer's name and phone; triggers keep it in step with
every insert, edit and delete, and with customer corrections. Chinese has no
spaces, so trigrams let any substring of three characters or more match
through the index (models/search.py handles shorter ones). Archive numbers are
found through the complaint table's own unique index, so sealing a case does
not rewrite its index row.
"""

CUSTOMER_TEXT = "(SELECT trim(name || ' ' || phone) FROM customer WHERE id = {row}.customer_id)"
INSERT_ROW = (
    "INSERT INTO complaint_search (rowid, narrative, findings, customer) "
    "VALUES ({row}.id, {row}.narrative, {row}.findings, coalesce(" + CUSTOMER_TEXT + ", ''));"
)

STATEMENTS = [
    "CREATE VIRTUAL TABLE complaint_search USING fts5(narrative, findings, customer, tokenize = 'trigram')",
    "INSERT INTO complaint_search (rowid, narrative, findings, customer) "
    "SELECT c.id, c.narrative, c.findings, coalesce(trim(u.name || ' ' || u.phone), '') "
    "FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id",
    "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN "
    + INSERT_ROW.format(row="NEW")
    + " END",
    "CREATE TRIGGER complaint_search_update AFTER UPDATE OF narrative, findings, customer_id "
    "ON complaint BEGIN DELETE FROM complaint_search WHERE rowid = OLD.id; "
    + INSERT_ROW.format(row="NEW")
    + " END",
    "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN "
    "DELETE FROM complaint_search WHERE rowid = OLD.id; END",
    "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer BEGIN "
    "UPDATE complaint_search SET customer = trim(NEW.name || ' ' || NEW.phone) "
    "WHERE rowid IN (SELECT id FROM complaint WHERE customer_id = NEW.id); END",
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)


def down(migrator, db):
    for trigger in ("insert", "update", "delete", "customer"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql("DROP TABLE IF EXISTS complaint_search")
