"""0008: the audit trail becomes a hash chain, and the database gets an identity.

Each event's digest covers its id, case, time, actor, action and changes as
stored, and the digest of the event before it, as ``models.audit`` computes
them; the existing events are chained here in id order. The append-only
trigger is dropped for that one UPDATE and created again with its very text
of 0001 (``verify`` compares the triggers' text with what the migrations
made). A random ``database_id`` setting keys the anchor log outside the file
(``models/anchor.py``) so that several databases never mix their anchors.
"""
import hashlib
import json
import uuid

UPDATE_TRIGGER = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)


def _event_digest(previous, row):
    # Frozen copy of models.audit.event_digest: a migration never imports the application.
    text = "\x1f".join("" if value is None else str(value) for value in row)
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


def up(migrator, db):
    db.execute_sql("ALTER TABLE audit_event ADD COLUMN digest VARCHAR(64) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE audit_event ADD COLUMN previous_digest VARCHAR(64) NOT NULL DEFAULT ''")
    rows = db.execute_sql(
        "SELECT id, complaint_id, at, actor_id, action, changes FROM audit_event ORDER BY id"
    ).fetchall()
    chained = []
    previous = ""
    for row in rows:
        digest = _event_digest(previous, row)
        chained.append((digest, previous, row[0]))
        previous = digest
    db.execute_sql("DROP TRIGGER audit_event_no_update")
    db.cursor().executemany("UPDATE audit_event SET digest = ?, previous_digest = ? WHERE id = ?", chained)
    db.execute_sql(UPDATE_TRIGGER)
    db.execute_sql(
        "INSERT OR IGNORE INTO setting (key, value) VALUES ('database_id', ?)", (json.dumps(uuid.uuid4().hex),)
    )


def down(migrator, db):
    # Dropping columns rebuilds the table, which drops its triggers: keep their text and create them again.
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    ).fetchall()
    for name, _ in triggers:
        db.execute_sql(f"DROP TRIGGER {name}")
    db.execute_sql("DELETE FROM setting WHERE key = 'database_id'")
    migrator.migrate(
        migrator.drop_column("audit_event", "previous_digest"), migrator.drop_column("audit_event", "digest")
    )
    for _, sql in triggers:
        db.execute_sql(sql)
