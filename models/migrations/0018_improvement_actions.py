"""0018: improvement actions (整改措施, issue 13), the desk telling the office of a hot-spot, the day's detection.

- ``improvement_action`` is rebuilt (0001's table was never written to by any version): the problem, its cause,
  the measure, the department and the person responsible, the due date, the states open → in progress → done →
  verified effective / not effective (reopened back to in progress), where it came from (a hot-spot's key, a
  complaint, a desk's improvement suggestion), the group of complaints its effect is measured on and the effect
  the office confirmed.
- ``improvement_link``: the complaints linked to an action; ``improvement_event``: the audit events of an action
  (an action is no complaint, so its events carry no complaint id: this finds them without reading the trail).
- ``suggestion_decision``: what the office did with an improvement suggestion written at the desk's close step
  (taken into an action, or dismissed), one per complaint.
- ``hotspot_notice``: the desk told the office that a complaint joined an active hot-spot.
- ``hotspot_snapshot``: today's last full hot-spot detection, beside which the desk judges a new complaint's
  own groups (``models/control/hotspots.py``).
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names

TABLES = (
    "hotspot_snapshot",
    "hotspot_notice",
    "suggestion_decision",
    "improvement_event",
    "improvement_link",
    "improvement_action",
)


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class Department(Model):
        class Meta:
            database = db
            table_name = "department"

    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class AuditEvent(Model):
        class Meta:
            database = db
            table_name = "audit_event"

    class ImprovementAction(Model):
        problem = TextField()
        cause = TextField(default="")
        measure = TextField(default="")
        department = ForeignKeyField(Department, null=True, on_delete="RESTRICT", index=False)
        responsible = CharField(max_length=64, default="")
        due_on = DateField()
        state = CharField(max_length=16, default="open")
        source = CharField(max_length=16, default="complaint")
        hotspot_key = CharField(max_length=400, default="")
        group_kind = CharField(max_length=32, default="")
        group_scope = CharField(max_length=128, default="")
        group_value = CharField(max_length=128, default="")
        effect_days = IntegerField(default=28)
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        started_at = DateTimeField(null=True)
        done_at = DateTimeField(null=True)
        result = TextField(default="")
        verified_at = DateTimeField(null=True)
        verified_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
        verification_note = TextField(default="")
        effect = TextField(default="")
        updated_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "improvement_action"
            indexes = ((("state", "due_on"), False), (("created_at",), False))

    class ImprovementLink(Model):
        action = ForeignKeyField(ImprovementAction, on_delete="CASCADE", index=False)
        complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "improvement_link"
            primary_key = CompositeKey("action", "complaint")

    class ImprovementEvent(Model):
        action = ForeignKeyField(ImprovementAction, on_delete="RESTRICT", index=False)
        event = ForeignKeyField(AuditEvent, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "improvement_event"
            primary_key = CompositeKey("action", "event")

    class SuggestionDecision(Model):
        complaint = ForeignKeyField(Complaint, primary_key=True, on_delete="RESTRICT")
        decision = CharField(max_length=16)
        action = ForeignKeyField(ImprovementAction, null=True, on_delete="RESTRICT", index=False)
        note = TextField(default="")
        decided_at = DateTimeField(default=datetime.datetime.now)
        decided_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "suggestion_decision"

    class HotspotNotice(Model):
        complaint = ForeignKeyField(Complaint, on_delete="CASCADE", index=False)
        hotspot_key = CharField(max_length=400)
        group_kind = CharField(max_length=32)
        group_scope = CharField(max_length=128)
        group_value = CharField(max_length=128)
        count = IntegerField()
        window = CharField(max_length=8)
        last_day = DateField()
        told_at = DateTimeField(default=datetime.datetime.now)
        told_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        seen_at = DateTimeField(null=True)
        seen_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "hotspot_notice"
            indexes = ((("complaint", "hotspot_key"), True), (("told_at",), False))

    class HotspotSnapshot(Model):
        day = IntegerField(primary_key=True)
        made_at = DateTimeField()
        through = IntegerField()
        rules = CharField(max_length=64)
        data = TextField()

        class Meta:
            database = db
            table_name = "hotspot_snapshot"

    db.execute_sql("DROP TABLE IF EXISTS improvement_action")  # 0001's, never written to by any version
    db.create_tables(
        [ImprovementAction, ImprovementLink, ImprovementEvent, SuggestionDecision, HotspotNotice, HotspotSnapshot]
    )


def down(migrator, db):
    for table in TABLES:
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')

    class Category(Model):
        class Meta:
            database = db
            table_name = "category"

    class Department(Model):
        class Meta:
            database = db
            table_name = "department"

    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class ImprovementAction(Model):  # as 0001 made it
        category = ForeignKeyField(Category, null=True, on_delete="SET NULL")
        department = ForeignKeyField(Department, null=True, on_delete="SET NULL")
        title = CharField(max_length=128)
        description = TextField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete="RESTRICT")
        due_on = DateTimeField(null=True)
        completed_at = DateTimeField(null=True)
        result = TextField(default="")

        class Meta:
            database = db
            table_name = "improvement_action"

    db.create_tables([ImprovementAction])
