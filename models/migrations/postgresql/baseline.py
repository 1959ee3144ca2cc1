"""Schema 0021 on PostgreSQL: the starting point of a database on a server.

No PostgreSQL database of an older schema exists (the application first spoke to a server at
schema 0021), so a new one is not built by replaying migrations 0001-0021, which convert SQLite
files of each older layout: this baseline creates the schema they lead to, and the migration
runner records them as applied (``Runner.fake``), as Django's squashed migrations do. Every
migration after ``THROUGH`` runs on both backends, its backend-specific parts side by side.

What SQLite keeps with triggers is kept here with PL/pgSQL triggers of the same names: sealed
complaints and external cases read-only, the audit trail and the archive append-only, a signed
work summary unchanged, and the hot-spot change queue. The search index is in search.py beside
this file. The analysis' day tallies (SQLite's migration 0021) are left empty here (``live`` 0):
migration 0022, which runs after this baseline, fills them and keeps them with triggers.

Frozen like every migration: never edit it once released.
"""
import importlib.util
import json
import uuid
from pathlib import Path

THROUGH = "0021_analysis_tallies"
HERE = Path(__file__).resolve().parent
CHANGED = "complaint_desk_changed"  # the channel of change notifications

GUARDS = (
    ('complaint_sealed_delete', 'BEFORE DELETE', 'complaint', 'OLD.archive_number IS NOT NULL', 'this complaint is sealed in the archive'),
    ('follow_up_sealed_update', 'BEFORE UPDATE OF complaint_id, kind, due_at, description', 'follow_up', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('follow_up_sealed_delete', 'BEFORE DELETE', 'follow_up', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('follow_up_sealed_insert', 'BEFORE INSERT', 'follow_up', '(SELECT archive_number FROM complaint WHERE id = NEW.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('compensation_line_sealed_insert', 'BEFORE INSERT', 'compensation_line', '(SELECT c.archive_number FROM complaint c JOIN proposal p ON p.complaint_id = c.id WHERE p.id = NEW.proposal_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('compensation_line_sealed_update', 'BEFORE UPDATE', 'compensation_line', '(SELECT c.archive_number FROM complaint c JOIN proposal p ON p.complaint_id = c.id WHERE p.id = OLD.proposal_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('compensation_line_sealed_delete', 'BEFORE DELETE', 'compensation_line', '(SELECT c.archive_number FROM complaint c JOIN proposal p ON p.complaint_id = c.id WHERE p.id = OLD.proposal_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('proposal_sealed_insert', 'BEFORE INSERT', 'proposal', '(SELECT archive_number FROM complaint WHERE id = NEW.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('proposal_sealed_update', 'BEFORE UPDATE', 'proposal', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('proposal_sealed_delete', 'BEFORE DELETE', 'proposal', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('attachment_sealed_insert', 'BEFORE INSERT', 'attachment', '(SELECT archive_number FROM complaint WHERE id = NEW.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('attachment_sealed_update', 'BEFORE UPDATE', 'attachment', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('attachment_sealed_delete', 'BEFORE DELETE', 'attachment', '(SELECT archive_number FROM complaint WHERE id = OLD.complaint_id) IS NOT NULL', 'this complaint is sealed in the archive'),
    ('signature_no_update', 'BEFORE UPDATE', 'signature', 'true', 'signature is append-only'),
    ('signature_no_delete', 'BEFORE DELETE', 'signature', 'true', 'signature is append-only'),
    ('complaint_sealed_update', 'BEFORE UPDATE', 'complaint', 'OLD.archive_number IS NOT NULL', 'this complaint is sealed in the archive'),
    ('audit_change_no_update', 'BEFORE UPDATE', 'audit_change', 'true', 'audit_change is append-only'),
    ('audit_change_no_delete', 'BEFORE DELETE', 'audit_change', 'true', 'audit_change is append-only'),
    ('audit_event_no_delete', 'BEFORE DELETE', 'audit_event', 'true', 'audit_event is append-only'),
    ('audit_event_no_update', 'BEFORE UPDATE', 'audit_event', 'true', 'audit_event is append-only'),
    ('seal_dictionary_no_update', 'BEFORE UPDATE', 'seal_dictionary', 'true', 'seal_dictionary is append-only'),
    ('seal_dictionary_no_delete', 'BEFORE DELETE', 'seal_dictionary', 'true', 'seal_dictionary is append-only'),
    ('archive_seal_no_update', 'BEFORE UPDATE', 'archive_seal', 'true', 'archive_seal is append-only'),
    ('archive_seal_no_delete', 'BEFORE DELETE', 'archive_seal', 'true', 'archive_seal is append-only'),
    ('external_case_sealed_update', 'BEFORE UPDATE', 'external_case', 'OLD.archive_number IS NOT NULL', 'this external case is sealed in the archive'),
    ('external_case_sealed_delete', 'BEFORE DELETE', 'external_case', 'OLD.archive_number IS NOT NULL', 'this external case is sealed in the archive'),
    ('external_attachment_sealed_insert', 'BEFORE INSERT', 'external_attachment', '(SELECT archive_number FROM external_case WHERE id = NEW.external_case_id) IS NOT NULL', 'this external case is sealed in the archive'),
    ('external_attachment_sealed_update', 'BEFORE UPDATE', 'external_attachment', '(SELECT archive_number FROM external_case WHERE id = OLD.external_case_id) IS NOT NULL', 'this external case is sealed in the archive'),
    ('external_attachment_sealed_delete', 'BEFORE DELETE', 'external_attachment', '(SELECT archive_number FROM external_case WHERE id = OLD.external_case_id) IS NOT NULL', 'this external case is sealed in the archive'),
    ('work_summary_signed_update', 'BEFORE UPDATE', 'work_summary', "OLD.state = 'signed'", 'this work summary is signed off'),
    ('work_summary_signed_delete', 'BEFORE DELETE', 'work_summary', "OLD.state = 'signed'", 'this work summary is signed off'),
    ('work_summary_version_signed_insert', 'BEFORE INSERT', 'work_summary_version', "(SELECT state FROM work_summary WHERE id = NEW.summary_id) = 'signed'", 'this work summary is signed off'),
    ('work_summary_version_signed_delete', 'BEFORE DELETE', 'work_summary_version', "(SELECT state FROM work_summary WHERE id = OLD.summary_id) = 'signed'", 'this work summary is signed off'),
    ('work_summary_version_kept', 'BEFORE UPDATE', 'work_summary_version', 'true', 'a saved version of a work summary is never changed'),
)

# The hot-spot tallies' change queue (SQLite's migration 0017): a change of a complaint already tallied.
HOTSPOT_COLUMNS = ("received_at", "category_id", "location", "department_id", "staff_involved", "narrative")
TALLIED = "(SELECT through FROM hotspot_state WHERE id = 1)"

# The shipped external channels migration 0016 fills external_channel with (code, name, name_en, acceptance
# days, handling days, reminder days), in this order.
CHANNELS = (
    ("platform_12315", "全国12315平台", "12315 platform", 0, 10, 2),
    ("hotline_12345", "12345政务服务便民热线", "12345 hotline", 0, 5, 2),
    ("market_regulator", "市场监督管理部门", "Market regulator", 7, 45, 3),
    ("consumer_association", "消费者协会", "Consumer association", 0, 10, 2),
    ("media", "媒体/社交媒体", "Media or social media", 0, 2, 1),
    ("head_office", "总部/上级单位", "Head office", 0, 5, 2),
    ("court", "人民法院", "Court", 0, 10, 3),
    ("other", "其他外部渠道", "Other", 0, 10, 2),
)

INDEXES = (
    # One open risk alert per case, and one per desk for a customer whose case is not saved yet.
    'CREATE UNIQUE INDEX "riskalert_open_case" ON "risk_alert" ("complaint_id") '
    'WHERE "answered_at" IS NULL AND "complaint_id" IS NOT NULL',
    'CREATE UNIQUE INDEX "riskalert_open_unsaved" ON "risk_alert" ("raised_by_id") '
    'WHERE "answered_at" IS NULL AND "complaint_id" IS NULL',
)

TABLES = (
    'CREATE TABLE "search_kept_text" ("id" INTEGER NOT NULL PRIMARY KEY, "narrative" TEXT, "findings" TEXT, '
    '"demand" TEXT, "customer" TEXT)',
    "CREATE TABLE analysis_tally (day TEXT NOT NULL, part TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, "
    "lines INTEGER NOT NULL, fen BIGINT NOT NULL, PRIMARY KEY (part, day, key))",
    "CREATE TABLE analysis_tally_state (id INTEGER NOT NULL PRIMARY KEY, live INTEGER NOT NULL)",
    "INSERT INTO analysis_tally_state (id, live) VALUES (1, 0)",
    "INSERT INTO hotspot_state (id, through, rules) VALUES (1, 0, '')",
    # The texts the search index holds (SQLite's view of migration 0014): a text as it was before a
    # change the sealed case's record does not follow is kept in search_kept_text.
    "CREATE VIEW complaint_search_text (id, narrative, findings, demand, customer) AS SELECT c.id, "
    "coalesce(k.narrative, c.narrative), coalesce(k.findings, c.findings), coalesce(k.demand, c.demand), "
    "coalesce(k.customer, trim(u.name || ' ' || u.phone), '') FROM complaint c "
    "LEFT JOIN customer u ON u.id = c.customer_id LEFT JOIN search_kept_text k ON k.id = c.id",
)


def _function(name, body):
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN {body} END $body$"


def guard(name, event, table, condition, message):
    """The SQLite trigger ``RAISE(ABORT, message)`` as a PostgreSQL trigger: an integrity error
    (SQLSTATE 23000, peewee's IntegrityError as on SQLite) with the same message."""
    returned = "OLD" if "DELETE" in event else "NEW"
    refuse = f"RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = '{message}';"
    return (
        _function(f"{name}_fn", f"IF {condition} THEN {refuse} END IF; RETURN {returned};"),
        f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()",
    )


def _queue(row, sign):
    columns = ", ".join(HOTSPOT_COLUMNS)
    values = ", ".join(f"{row}.{column}" for column in HOTSPOT_COLUMNS)
    return (
        f"IF {row}.id <= {TALLIED} THEN INSERT INTO hotspot_change (complaint_id, sign, {columns}) "
        f"VALUES ({row}.id, {sign}, {values}); END IF;"
    )


def hotspot_triggers():
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in ("id", *HOTSPOT_COLUMNS))
    return (
        _function("hotspot_complaint_insert_fn", _queue("NEW", 1) + " RETURN NULL;"),
        "CREATE TRIGGER hotspot_complaint_insert AFTER INSERT ON complaint FOR EACH ROW "
        "EXECUTE FUNCTION hotspot_complaint_insert_fn()",
        _function("hotspot_complaint_delete_fn", _queue("OLD", -1) + " RETURN NULL;"),
        "CREATE TRIGGER hotspot_complaint_delete AFTER DELETE ON complaint FOR EACH ROW "
        "EXECUTE FUNCTION hotspot_complaint_delete_fn()",
        _function("hotspot_complaint_update_fn", _queue("OLD", -1) + " " + _queue("NEW", 1) + " RETURN NULL;"),
        f"CREATE TRIGGER hotspot_complaint_update AFTER UPDATE OF {', '.join(('id', *HOTSPOT_COLUMNS))} "
        f"ON complaint FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION hotspot_complaint_update_fn()",
    )


def _load(name):
    spec = importlib.util.spec_from_file_location(f"postgresql_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def create(db):
    """Create schema ``THROUGH`` in the empty database ``db`` (inside the caller's transaction)."""
    _load("tables").create(db)
    for statement in (*INDEXES, *TABLES):
        db.execute_sql(statement)
    for order, (code, name, name_en, acceptance, handling, remind) in enumerate(CHANNELS):
        db.execute_sql(
            "INSERT INTO external_channel (code, name, name_en, active, sort_order, acceptance_days, "
            "handling_days, remind_days) VALUES (%s, %s, %s, true, %s, %s, %s, %s)",
            (code, name, name_en, order, acceptance, handling, remind),
        )
    for definition in GUARDS:
        for statement in guard(*definition):
            db.execute_sql(statement)
    for statement in hotspot_triggers():
        db.execute_sql(statement)
    _load("search").create(db)
    # Every committed change tells the desks listening (models/change_watch.py), once per statement:
    # PostgreSQL delivers it at the commit, and a transaction's repeats as one.
    db.execute_sql(_function("complaint_desk_changed_fn", f"PERFORM pg_notify('{CHANGED}', ''); RETURN NULL;"))
    for (table,) in db.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename != 'schema_migration'"
    ).fetchall():
        db.execute_sql(
            f'CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION complaint_desk_changed_fn()"
        )
    # The settings migrations 0008 and 0015 write: the database's own random identity (the anchor
    # log outside it is kept by it), and every seal in format 3.
    for key, value in (("database_id", uuid.uuid4().hex), ("archive_format_3_from_seal", 1)):
        db.execute_sql("INSERT INTO setting (key, value) VALUES (%s, %s)", (key, json.dumps(value)))
