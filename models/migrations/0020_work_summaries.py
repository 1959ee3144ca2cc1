"""0020: the complaint-control work summary (投诉管控工作总结, issue 14).

- ``work_summary``: one summary of a period, in one language, with its title and organisation; a draft until
  the office signs it off (who and when).
- ``work_summary_version``: every saved text (the sections as JSON) with a snapshot of the figures behind it
  (each figure with the register filter that produced it, and the charts' data); who saved it and when.
- ``work_summary_event``: the audit events of a summary (a summary is no complaint: this finds them).

Triggers make a signed summary read-only, as 0002 does for sealed cases: no change to its row, no new version;
a saved version is never changed, and never removed once its summary is signed.
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names

TABLES = ("work_summary_event", "work_summary_version", "work_summary")

SIGNED = "'signed'"
SUMMARY_SIGNED = "(SELECT state FROM work_summary WHERE id = {row}.summary_id) = " + SIGNED
TRIGGERS = {
    "work_summary_signed_update": ("BEFORE UPDATE ON work_summary", f"OLD.state = {SIGNED}"),
    "work_summary_signed_delete": ("BEFORE DELETE ON work_summary", f"OLD.state = {SIGNED}"),
    "work_summary_version_signed_insert": (
        "BEFORE INSERT ON work_summary_version",
        SUMMARY_SIGNED.format(row="NEW"),
    ),
    "work_summary_version_signed_delete": (
        "BEFORE DELETE ON work_summary_version",
        SUMMARY_SIGNED.format(row="OLD"),
    ),
}
MESSAGE = "this work summary is signed off"
VERSION_KEPT = "work_summary_version_kept"  # a saved version is never rewritten


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class AuditEvent(Model):
        class Meta:
            database = db
            table_name = "audit_event"

    class WorkSummary(Model):
        period_kind = CharField(max_length=16)
        first_day = DateField()
        last_day = DateField()
        language = CharField(max_length=8)
        title = CharField(max_length=200)
        organisation = CharField(max_length=200, default="")
        state = CharField(max_length=8, default="draft")
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        signed_at = DateTimeField(null=True)
        signed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "work_summary"
            indexes = ((("first_day", "last_day"), False),)

    class WorkSummaryVersion(Model):
        summary = ForeignKeyField(WorkSummary, on_delete="RESTRICT", index=False)
        number = IntegerField()
        text = TextField()
        figures = TextField()
        saved_at = DateTimeField(default=datetime.datetime.now)
        saved_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "work_summary_version"
            indexes = ((("summary", "number"), True),)

    class WorkSummaryEvent(Model):
        summary = ForeignKeyField(WorkSummary, on_delete="RESTRICT", index=False)
        event = ForeignKeyField(AuditEvent, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "work_summary_event"
            primary_key = CompositeKey("summary", "event")

    db.create_tables([WorkSummary, WorkSummaryVersion, WorkSummaryEvent])
    for name, (event, condition) in TRIGGERS.items():
        db.execute_sql(
            f"CREATE TRIGGER {name} {event} FOR EACH ROW WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    db.execute_sql(
        f"CREATE TRIGGER {VERSION_KEPT} BEFORE UPDATE ON work_summary_version FOR EACH ROW "
        "BEGIN SELECT RAISE(ABORT, 'a saved version of a work summary is never changed'); END"
    )


def down(migrator, db):
    for name in (*TRIGGERS, VERSION_KEPT):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for table in TABLES:
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
