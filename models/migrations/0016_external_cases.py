"""0016: external cases (外部投诉, issue 12).

- ``external_channel``: where a complaint goes outside and the working days the office has there (a
  catalogue the office edits), filled with the shipped channels. The defaults: the market regulator decides
  on acceptance within 7 working days and mediates within 45 (市场监督管理投诉举报处理暂行办法); the
  12315 platform's online dispute resolution asks for an answer within 10; 12345 hotlines within the
  city's 3 to 15 (5 here); the consumer association, head office and others 10, 5 and 10; the media 2,
  since a story does not wait; a court's own date (the defence is due 15 calendar days after service)
  is entered as the reply's date on the case, 10 working days otherwise.
- ``external_case`` is rebuilt (0001's table was never written to): linked to the original complaint, its
  channel, reference, the day received, what is asked, the deadlines computed then, the states received →
  replying → replied → closed with the reply, the outcome and who did each; its own archive number once
  sealed. ``external_attachment`` keeps its files.
- A sealed external case and its files cannot be changed or deleted (triggers, as 0002 for complaints).
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names

CHANNELS = (
    # code, name, name_en, acceptance days, handling days, reminder days
    ("platform_12315", "全国12315平台", "12315 platform", 0, 10, 2),
    ("hotline_12345", "12345政务服务便民热线", "12345 hotline", 0, 5, 2),
    ("market_regulator", "市场监督管理部门", "Market regulator", 7, 45, 3),
    ("consumer_association", "消费者协会", "Consumer association", 0, 10, 2),
    ("media", "媒体/社交媒体", "Media or social media", 0, 2, 1),
    ("head_office", "总部/上级单位", "Head office", 0, 5, 2),
    ("court", "人民法院", "Court", 0, 10, 3),
    ("other", "其他外部渠道", "Other", 0, 10, 2),
)
SEALED_CASE = "OLD.archive_number IS NOT NULL"
SEALED_BY_CASE = "(SELECT archive_number FROM external_case WHERE id = {row}.external_case_id) IS NOT NULL"
TRIGGERS = {
    "external_case_sealed_update": ("BEFORE UPDATE ON external_case", SEALED_CASE),
    "external_case_sealed_delete": ("BEFORE DELETE ON external_case", SEALED_CASE),
    "external_attachment_sealed_insert": ("BEFORE INSERT ON external_attachment", SEALED_BY_CASE.format(row="NEW")),
    "external_attachment_sealed_update": ("BEFORE UPDATE ON external_attachment", SEALED_BY_CASE.format(row="OLD")),
    "external_attachment_sealed_delete": ("BEFORE DELETE ON external_attachment", SEALED_BY_CASE.format(row="OLD")),
}


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class ExternalChannel(Model):
        code = CharField(max_length=32, unique=True)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default="")
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        acceptance_days = IntegerField(default=0)
        handling_days = IntegerField(default=10)
        remind_days = IntegerField(default=2)

        class Meta:
            database = db
            table_name = "external_channel"

    class ExternalCase(Model):
        complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")
        channel = ForeignKeyField(ExternalChannel, on_delete="RESTRICT", index=False)
        reference = CharField(max_length=64, default="")
        received_on = DateField()
        asked = TextField(default="")
        reply_by = DateField(null=True)
        acceptance_days = IntegerField(default=0)
        handling_days = IntegerField(default=0)
        acceptance_due = DateField(null=True)
        due_on = DateField()
        fallback_calendar = BooleanField(default=False)
        state = CharField(max_length=16, default="received")
        recorded_at = DateTimeField(default=datetime.datetime.now)
        recorded_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        replying_at = DateTimeField(null=True)
        replying_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
        reply = TextField(default="")
        replied_at = DateTimeField(null=True)
        replied_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
        outcome = CharField(max_length=24, default="")
        closing_note = TextField(default="")
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
        archive_number = CharField(max_length=20, null=True, unique=True)
        updated_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "external_case"
            indexes = ((("state", "due_on"), False),)

    class ExternalAttachment(Model):
        external_case = ForeignKeyField(ExternalCase, on_delete="RESTRICT")
        filename = CharField(max_length=255)
        media_type = CharField(max_length=64, default="application/octet-stream")
        size = IntegerField()
        sha256 = CharField(max_length=64)
        data = BlobField()
        added_at = DateTimeField(default=datetime.datetime.now)
        added_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "external_attachment"

    db.execute_sql("DROP TABLE IF EXISTS external_case")  # 0001's, never written to by any version
    db.create_tables([ExternalChannel, ExternalCase, ExternalAttachment])
    ExternalChannel.insert_many(
        [
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "sort_order": order,
                "acceptance_days": acceptance,
                "handling_days": handling,
                "remind_days": remind,
            }
            for order, (code, name, name_en, acceptance, handling, remind) in enumerate(CHANNELS)
        ]
    ).execute()
    for name, (event, condition) in TRIGGERS.items():
        db.execute_sql(
            f"CREATE TRIGGER {name} {event} FOR EACH ROW WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, 'this external case is sealed in the archive'); END"
        )


def down(migrator, db):
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("external_attachment", "external_case", "external_channel"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')

    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class ExternalCase(Model):  # as 0001 made it
        complaint = ForeignKeyField(Complaint, on_delete="CASCADE")
        channel = CharField(max_length=32)
        reference = CharField(max_length=64, default="")
        filed_at = DateTimeField(default=datetime.datetime.now)
        deadline = DateTimeField(null=True)
        note = TextField(default="")
        resolved_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "external_case"

    db.create_tables([ExternalCase])
