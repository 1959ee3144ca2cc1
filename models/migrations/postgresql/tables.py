"""The tables of schema 0021 on PostgreSQL, as frozen model copies.

Generated with playhouse.migrations' template from models.schema at schema 0021 (as 0001
was), the money columns as decimals and the digests as bytes, as the application's
MoneyField and DigestField store them. Never edit it: a later migration changes these tables
on both backends.
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names


def create(db):
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
        failed_logins = BigIntegerField(default=0)
        locked_until = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class Department(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        class Meta:
            database = db
            table_name = 'department'
    db.create_tables([Department])

    class Category(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        default_department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        default_severity = CharField(max_length=16, default='low')
        always_to_office = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'category'
    db.create_tables([Category])

    class Signature(Model):
        sha256 = CharField(unique=True, max_length=64)
        png = BlobField()
        class Meta:
            database = db
            table_name = 'signature'
    db.create_tables([Signature])

    class ReferralGuide(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        refer_to = TextField(default='')
        refer_to_en = TextField(default='')
        category = ForeignKeyField(Category, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'referral_guide'
    db.create_tables([ReferralGuide])

    class Complaint(Model):
        state = CharField(max_length=16, default='received')
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
        promised_minutes = BigIntegerField(default=0)
        promised_at = DateTimeField(null=True)
        findings = TextField(default='')
        department = ForeignKeyField(Department, null=True, on_delete='RESTRICT')
        staff_involved = CharField(max_length=128, default='')
        liability = CharField(max_length=16, default='')
        handoff_note = TextField(default='')
        consent = CharField(max_length=16, default='')
        counter_demand = TextField(default='')
        satisfaction = BigIntegerField(null=True)
        signature = ForeignKeyField(Signature, null=True, on_delete='RESTRICT')
        witness = CharField(max_length=64, default='')
        consent_at = DateTimeField(null=True)
        improvement_suggestion = TextField(default='')
        withdrawn_reason = TextField(default='')
        closed_at = DateTimeField(index=True, null=True)
        closed_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        archive_number = CharField(unique=True, null=True, max_length=20)
        wizard_page = BigIntegerField(default=0)
        updated_at = DateTimeField(default=datetime.datetime.now)
        risk_level = CharField(max_length=8, default='')
        risk_reasons = TextField(default='[]')
        risk_score = BigIntegerField(default=0)
        taken_over_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        referral = ForeignKeyField(ReferralGuide, null=True, on_delete='RESTRICT')
        referral_given = TextField(default='')
        class Meta:
            database = db
            table_name = 'complaint'
            indexes = ((('category', 'received_at'), False), (('state', 'received_at'), False), (('received_at', 'customer'), False))
    db.create_tables([Complaint])

    class ArchiveSeal(Model):
        complaint = ForeignKeyField(Complaint, on_delete='RESTRICT')
        archive_number = CharField(index=True, max_length=20)
        kind = CharField(max_length=16, default='seal')
        sealed_at = DateTimeField(default=datetime.datetime.now)
        sealed_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        reason = TextField(default='')
        payload = BlobField()
        digest = BlobField()
        class Meta:
            database = db
            table_name = 'archive_seal'
    db.create_tables([ArchiveSeal])

    class ArchiveSequence(Model):
        year = BigIntegerField(primary_key=True)
        last = BigIntegerField()
        class Meta:
            database = db
            table_name = 'archive_sequence'
    db.create_tables([ArchiveSequence])

    class Attachment(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        filename = CharField()
        media_type = CharField(max_length=64, default='application/octet-stream')
        size = BigIntegerField()
        sha256 = CharField(max_length=64)
        data = BlobField()
        added_at = DateTimeField(default=datetime.datetime.now)
        added_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'attachment'
    db.create_tables([Attachment])

    class AuditChange(Model):
        hash = BigIntegerField(index=True)
        text = TextField()
        class Meta:
            database = db
            table_name = 'audit_change'
    db.create_tables([AuditChange])

    class AuditEvent(Model):
        complaint = ForeignKeyField(Complaint, null=True, on_delete='RESTRICT')
        at = DateTimeField(default=datetime.datetime.now)
        actor = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        action = CharField(max_length=32)
        change = ForeignKeyField(AuditChange, column_name='changes_id', on_delete='RESTRICT')
        digest = BlobField()
        class Meta:
            database = db
            table_name = 'audit_event'
    db.create_tables([AuditEvent])

    class Proposal(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        seq = BigIntegerField()
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
        answer = CharField(max_length=16, default='')
        counter_demand = TextField(default='')
        satisfaction = BigIntegerField(null=True)
        answered_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'proposal'
            indexes = ((('complaint', 'seq'), True),)
    db.create_tables([Proposal])

    class Remedy(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        kind = CharField(max_length=24)
        default_amount = DecimalField(max_digits=12, decimal_places=2, default=0)
        office_only = BooleanField(default=False)
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

    class CostRecovery(Model):
        line = ForeignKeyField(CompensationLine, unique=True, on_delete='RESTRICT')
        party = CharField(max_length=64)
        amount_due = DecimalField(max_digits=12, decimal_places=2)
        amount_recovered = DecimalField(max_digits=12, decimal_places=2, default=0)
        recovered_at = DateTimeField(null=True)
        note = TextField(default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        updated_at = DateTimeField(default=datetime.datetime.now)
        updated_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'cost_recovery'
    db.create_tables([CostRecovery])

    class ExternalChannel(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        acceptance_days = BigIntegerField(default=0)
        handling_days = BigIntegerField(default=10)
        remind_days = BigIntegerField(default=2)
        class Meta:
            database = db
            table_name = 'external_channel'
    db.create_tables([ExternalChannel])

    class ExternalCase(Model):
        complaint = ForeignKeyField(Complaint, on_delete='RESTRICT')
        channel = ForeignKeyField(ExternalChannel, on_delete='RESTRICT')
        reference = CharField(max_length=64, default='')
        received_on = DateField()
        asked = TextField(default='')
        reply_by = DateField(null=True)
        acceptance_days = BigIntegerField(default=0)
        handling_days = BigIntegerField(default=0)
        acceptance_due = DateField(null=True)
        due_on = DateField()
        fallback_calendar = BooleanField(default=False)
        state = CharField(max_length=16, default='received')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        recorded_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        replying_at = DateTimeField(null=True)
        replying_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        reply = TextField(default='')
        replied_at = DateTimeField(null=True)
        replied_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        outcome = CharField(max_length=24, default='')
        closing_note = TextField(default='')
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        archive_number = CharField(unique=True, null=True, max_length=20)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'external_case'
            indexes = ((('state', 'due_on'), False),)
    db.create_tables([ExternalCase])

    class ExternalAttachment(Model):
        external_case = ForeignKeyField(ExternalCase, on_delete='RESTRICT')
        filename = CharField()
        media_type = CharField(max_length=64, default='application/octet-stream')
        size = BigIntegerField()
        sha256 = CharField(max_length=64)
        data = BlobField()
        added_at = DateTimeField(default=datetime.datetime.now)
        added_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'external_attachment'
    db.create_tables([ExternalAttachment])

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
        sheet = TextField(default='{}')
        acknowledged_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])

    class HotspotChange(Model):
        complaint_id = BigIntegerField()
        sign = BigIntegerField()
        received_at = DateTimeField(null=True)
        category_id = BigIntegerField(null=True)
        location = CharField(null=True, max_length=64)
        department_id = BigIntegerField(null=True)
        staff_involved = CharField(null=True, max_length=128)
        narrative = TextField(null=True)
        class Meta:
            database = db
            table_name = 'hotspot_change'
    db.create_tables([HotspotChange])

    class HotspotGroup(Model):
        kind = CharField(max_length=32)
        scope = CharField(max_length=128)
        value = CharField(max_length=128)
        class Meta:
            database = db
            table_name = 'hotspot_group'
            indexes = ((('kind', 'scope', 'value'), True),)
    db.create_tables([HotspotGroup])

    class HotspotNotice(Model):
        complaint = ForeignKeyField(Complaint, on_delete='CASCADE')
        hotspot_key = CharField(max_length=400)
        group_kind = CharField(max_length=32)
        group_scope = CharField(max_length=128)
        group_value = CharField(max_length=128)
        count = BigIntegerField()
        window = CharField(max_length=8)
        last_day = DateField()
        told_at = DateTimeField(default=datetime.datetime.now)
        told_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        seen_at = DateTimeField(null=True)
        seen_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'hotspot_notice'
            indexes = ((('complaint', 'hotspot_key'), True), (('told_at',), False))
    db.create_tables([HotspotNotice])

    class HotspotSnapshot(Model):
        day = BigIntegerField(primary_key=True)
        made_at = DateTimeField()
        through = BigIntegerField()
        rules = CharField(max_length=64)
        data = TextField()
        class Meta:
            database = db
            table_name = 'hotspot_snapshot'
    db.create_tables([HotspotSnapshot])

    class HotspotState(Model):
        through = BigIntegerField(default=0)
        rules = CharField(max_length=64, default='')
        class Meta:
            database = db
            table_name = 'hotspot_state'
    db.create_tables([HotspotState])

    class HotspotTally(Model):
        group = ForeignKeyField(HotspotGroup, on_delete='CASCADE')
        day = BigIntegerField()
        n = BigIntegerField()
        class Meta:
            database = db
            table_name = 'hotspot_tally'
            primary_key = CompositeKey('group', 'day')
            indexes = ((('day', 'group', 'n'), False),)
    db.create_tables([HotspotTally])

    class ImprovementAction(Model):
        problem = TextField()
        cause = TextField(default='')
        measure = TextField(default='')
        department = ForeignKeyField(Department, null=True, on_delete='RESTRICT')
        responsible = CharField(max_length=64, default='')
        due_on = DateField()
        state = CharField(max_length=16, default='open')
        source = CharField(max_length=16, default='complaint')
        hotspot_key = CharField(max_length=400, default='')
        group_kind = CharField(max_length=32, default='')
        group_scope = CharField(max_length=128, default='')
        group_value = CharField(max_length=128, default='')
        effect_days = BigIntegerField(default=28)
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        started_at = DateTimeField(null=True)
        done_at = DateTimeField(null=True)
        result = TextField(default='')
        verified_at = DateTimeField(null=True)
        verified_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        verification_note = TextField(default='')
        effect = TextField(default='')
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'improvement_action'
            indexes = ((('state', 'due_on'), False), (('created_at',), False))
    db.create_tables([ImprovementAction])

    class ImprovementEvent(Model):
        action = ForeignKeyField(ImprovementAction, on_delete='RESTRICT')
        event = ForeignKeyField(AuditEvent, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'improvement_event'
            primary_key = CompositeKey('action', 'event')
    db.create_tables([ImprovementEvent])

    class ImprovementLink(Model):
        action = ForeignKeyField(ImprovementAction, on_delete='CASCADE')
        complaint = ForeignKeyField(Complaint, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'improvement_link'
            primary_key = CompositeKey('action', 'complaint')
    db.create_tables([ImprovementLink])

    class Location(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default='')
        active = BooleanField(default=True)
        sort_order = BigIntegerField(default=0)
        class Meta:
            database = db
            table_name = 'location'
    db.create_tables([Location])

    class RiskAlert(Model):
        complaint = ForeignKeyField(Complaint, null=True, on_delete='RESTRICT')
        raised_at = DateTimeField(default=datetime.datetime.now)
        raised_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        source = CharField(max_length=8)
        level = CharField(max_length=8)
        reasons = TextField(default='[]')
        summary = TextField(default='')
        note = TextField(default='')
        answered_at = DateTimeField(null=True)
        answered_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        outcome = CharField(max_length=16, default='')
        answer_note = TextField(default='')
        class Meta:
            database = db
            table_name = 'risk_alert'
    db.create_tables([RiskAlert])

    class RiskKeyword(Model):
        word = CharField(unique=True, max_length=32)
        risk_group = CharField(max_length=32, default='')
        weight = BigIntegerField(default=1)
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
        sort_order = BigIntegerField(default=0)
        class Meta:
            database = db
            table_name = 'script_prompt'
    db.create_tables([ScriptPrompt])

    class SealDictionary(Model):
        made_at = DateTimeField(default=datetime.datetime.now)
        last_seal = BigIntegerField()
        data = BlobField()
        sha256 = BlobField()
        class Meta:
            database = db
            table_name = 'seal_dictionary'
    db.create_tables([SealDictionary])

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

    class SuggestionDecision(Model):
        complaint = ForeignKeyField(Complaint, primary_key=True, on_delete='RESTRICT')
        decision = CharField(max_length=16)
        action = ForeignKeyField(ImprovementAction, null=True, on_delete='RESTRICT')
        note = TextField(default='')
        decided_at = DateTimeField(default=datetime.datetime.now)
        decided_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'suggestion_decision'
    db.create_tables([SuggestionDecision])

    class WorkSummary(Model):
        period_kind = CharField(max_length=16)
        first_day = DateField()
        last_day = DateField()
        language = CharField(max_length=8)
        title = CharField(max_length=200)
        organisation = CharField(max_length=200, default='')
        state = CharField(max_length=8, default='draft')
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        signed_at = DateTimeField(null=True)
        signed_by = ForeignKeyField(Staff, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'work_summary'
            indexes = ((('first_day', 'last_day'), False),)
    db.create_tables([WorkSummary])

    class WorkSummaryEvent(Model):
        summary = ForeignKeyField(WorkSummary, on_delete='RESTRICT')
        event = ForeignKeyField(AuditEvent, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'work_summary_event'
            primary_key = CompositeKey('summary', 'event')
    db.create_tables([WorkSummaryEvent])

    class WorkSummaryVersion(Model):
        summary = ForeignKeyField(WorkSummary, on_delete='RESTRICT')
        number = BigIntegerField()
        text = TextField()
        figures = TextField()
        saved_at = DateTimeField(default=datetime.datetime.now)
        saved_by = ForeignKeyField(Staff, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'work_summary_version'
            indexes = ((('summary', 'number'), True),)
    db.create_tables([WorkSummaryVersion])
