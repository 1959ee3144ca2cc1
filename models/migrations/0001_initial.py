"""0001 initial: the whole product's schema, as frozen model copies.

Generated with ``python -m playhouse.migrations initial`` from models.schema,
then given the append-only triggers of the audit trail and the archive.
Never edit this file once released: add a new numbered migration instead.
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names

APPEND_ONLY_TABLES = ("audit_event", "archive_seal")

def up(migrator, db):
    class Customer(Model):
        name = CharField(max_length=64, default='')
        phone = CharField(index=True, max_length=20, default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'customer'
    db.create_tables([Customer])

    class Staff(Model):
        username = CharField(unique=True, max_length=32)
        full_name = CharField(max_length=64)
        role = CharField(max_length=16)
        password_hash = CharField()
        active = BooleanField(default=True)
        per_case_limit = DecimalField(max_digits=12, decimal_places=2, default=0)
        daily_limit = DecimalField(max_digits=12, decimal_places=2, default=0)
        created_at = DateTimeField(default=datetime.datetime.now)
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class Department(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'department'
    db.create_tables([Department])

    class Category(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        default_department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        default_severity = CharField(max_length=16, default='low')
        always_to_office = BooleanField(default=False)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'category'
    db.create_tables([Category])

    class Complaint(Model):
        state = CharField(index=True, max_length=16, default='received')
        customer = ForeignKeyField(Customer, null=True, on_delete='RESTRICT')
        received_at = DateTimeField(index=True, default=datetime.datetime.now)
        received_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        channel = CharField(max_length=16, default='in_person')
        location = CharField(max_length=64, default='')
        moved_to_private = BooleanField(default=False)
        narrative = TextField(default='')
        category = ForeignKeyField(Category, null=True, on_delete='RESTRICT')
        severity = CharField(max_length=16, default='low')
        demand = TextField(default='')
        acknowledged = BooleanField(default=False)
        promised_minutes = IntegerField(default=0)
        promised_at = DateTimeField(null=True)
        findings = TextField(default='')
        department = ForeignKeyField(Department, null=True, on_delete='RESTRICT')
        staff_involved = CharField(max_length=128, default='')
        liability = CharField(max_length=16, default='')
        handoff_note = TextField(default='')
        consent = CharField(max_length=16, default='')
        counter_demand = TextField(default='')
        satisfaction = IntegerField(null=True)
        signature_png = BlobField(null=True)
        witness = CharField(max_length=64, default='')
        consent_at = DateTimeField(null=True)
        improvement_suggestion = TextField(default='')
        withdrawn_reason = TextField(default='')
        closed_at = DateTimeField(index=True, null=True)
        closed_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        archive_number = CharField(unique=True, null=True, max_length=20)
        wizard_page = IntegerField(default=0)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'complaint'
    db.create_tables([Complaint])

    class ArchiveSeal(Model):
        complaint = ForeignKeyField(Complaint, on_delete='RESTRICT')
        archive_number = CharField(index=True, max_length=20)
        kind = CharField(max_length=16, default='seal')
        sealed_at = DateTimeField(default=datetime.datetime.now)
        sealed_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        reason = TextField(default='')
        payload = TextField()
        digest = CharField(unique=True, max_length=64)
        previous_digest = CharField(max_length=64, default='')
        class Meta:
            database = db
            table_name = 'archive_seal'
    db.create_tables([ArchiveSeal])

    class Attachment(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        filename = CharField()
        media_type = CharField(max_length=64, default='application/octet-stream')
        size = IntegerField()
        sha256 = CharField(max_length=64)
        data = BlobField()
        added_at = DateTimeField(default=datetime.datetime.now)
        added_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'attachment'
    db.create_tables([Attachment])

    class AuditEvent(Model):
        complaint = ForeignKeyField(Complaint, null=True, on_delete='RESTRICT')
        at = DateTimeField(index=True, default=datetime.datetime.now)
        actor = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        action = CharField(max_length=32)
        changes = TextField(default='{}')
        class Meta:
            database = db
            table_name = 'audit_event'
    db.create_tables([AuditEvent])

    class Proposal(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        seq = IntegerField()
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        explanation = TextField(default='')
        status = CharField(max_length=16, default='draft')
        total = DecimalField(max_digits=12, decimal_places=2, default=0)
        needs_office = BooleanField(default=False)
        decision = CharField(max_length=16, default='')
        decision_note = TextField(default='')
        decided_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        decided_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'proposal'
            indexes = ((('complaint', 'seq'), True),)
    db.create_tables([Proposal])

    class Remedy(Model):
        code = CharField(unique=True, max_length=32)
        kind = CharField(max_length=24)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        default_amount = DecimalField(max_digits=12, decimal_places=2, default=0)
        office_only = BooleanField(default=False)
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'remedy'
    db.create_tables([Remedy])

    class CompensationLine(Model):
        proposal = ForeignKeyField(Proposal, on_delete='CASCADE')
        remedy = ForeignKeyField(Remedy, on_delete='RESTRICT')
        description = CharField(max_length=128, default='')
        amount = DecimalField(max_digits=12, decimal_places=2, default=0)
        charged_to = ForeignKeyField(Department, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'compensation_line'
    db.create_tables([CompensationLine])

    class ExternalCase(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        channel = CharField(max_length=32)
        reference = CharField(max_length=64, default='')
        filed_at = DateTimeField(default=datetime.datetime.now)
        deadline = DateTimeField(null=True)
        note = TextField(default='')
        resolved_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'external_case'
    db.create_tables([ExternalCase])

    class FollowUp(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        kind = CharField(max_length=16, default='call_back')
        due_at = DateTimeField(index=True, null=True)
        description = TextField(default='')
        done_at = DateTimeField(null=True)
        done_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        result = TextField(default='')
        class Meta:
            database = db
            table_name = 'follow_up'
    db.create_tables([FollowUp])

    class Handover(Model):
        from_staff = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        to_staff = ForeignKeyField(Staff, on_delete='RESTRICT')
        at = DateTimeField(index=True, default=datetime.datetime.now)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])

    class ImprovementAction(Model):
        category = ForeignKeyField(Category, null=True, on_delete='SET NULL')
        department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        title = CharField(max_length=128)
        description = TextField(default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        due_on = DateTimeField(null=True)
        completed_at = DateTimeField(null=True)
        result = TextField(default='')
        class Meta:
            database = db
            table_name = 'improvement_action'
    db.create_tables([ImprovementAction])

    class RiskKeyword(Model):
        word = CharField(unique=True, max_length=32)
        channel = CharField(max_length=32, default='')
        weight = IntegerField(default=1)
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'risk_keyword'
    db.create_tables([RiskKeyword])

    class ScriptPrompt(Model):
        step = CharField(index=True, max_length=16)
        language = CharField(max_length=8)
        kind = CharField(max_length=16)
        text = TextField()
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'script_prompt'
    db.create_tables([ScriptPrompt])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=64)
        value = TextField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    class StaffRemedy(Model):
        staff = ForeignKeyField(Staff, on_delete='CASCADE')
        remedy = ForeignKeyField(Remedy, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'staff_remedy'
            indexes = ((('staff', 'remedy'), True),)
    db.create_tables([StaffRemedy])

    for table in APPEND_ONLY_TABLES:
        for verb in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def down(migrator, db):
    for table in APPEND_ONLY_TABLES:
        for verb in ("update", "delete"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    migrator.migrate(migrator.drop_table('staff_remedy'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('script_prompt'))
    migrator.migrate(migrator.drop_table('risk_keyword'))
    migrator.migrate(migrator.drop_table('improvement_action'))
    migrator.migrate(migrator.drop_table('handover'))
    migrator.migrate(migrator.drop_table('follow_up'))
    migrator.migrate(migrator.drop_table('external_case'))
    migrator.migrate(migrator.drop_table('compensation_line'))
    migrator.migrate(migrator.drop_table('remedy'))
    migrator.migrate(migrator.drop_table('proposal'))
    migrator.migrate(migrator.drop_table('audit_event'))
    migrator.migrate(migrator.drop_table('attachment'))
    migrator.migrate(migrator.drop_table('archive_seal'))
    migrator.migrate(migrator.drop_table('complaint'))
    migrator.migrate(migrator.drop_table('category'))
    migrator.migrate(migrator.drop_table('department'))
    migrator.migrate(migrator.drop_table('staff'))
    migrator.migrate(migrator.drop_table('customer'))

