"""0015: escalation risk (越级风险) and the referral guide (issue 12).

- ``risk_keyword.channel`` becomes ``risk_group`` (where the customer threatens to go: 12315, the
  12345 hotline, the consumer association, the regulator, the media, social media, a lawyer or
  court, head office, the police, or other). The 29 default words get their group where theirs is
  missing or unknown; a word the office added keeps its group, or becomes "other".
- A complaint keeps its escalation-risk level and reasons as of its last step (``risk_level``, ''
  for a case not assessed since: cases of older versions; ``risk_score``, the points of its reasons
  that do not change with the clock, so the office's list ranks open cases in SQL), who in the office
  took it over
  (``taken_over_by_id``) and the referral to an outside body the desk gave (``referral_id``, what was
  said in ``referral_given``). Plain ADD COLUMN with defaults: the table is not rebuilt, its triggers
  stay as they are, and the sealed cases are not touched (their seals keep format 2).
- ``referral_guide``: a catalogue of matters outside the company's scope and where to send the
  customer, in both languages, linked to a category (or to every one). A database that was set up
  already (it has categories) gets the default entries; a new one gets them with its catalogues.
- ``risk_alert``: the desk's "notify the office now" and the office's acknowledgement or take-over;
  at most one open alert per case (a partial unique index).
- The setting ``archive_format_3_from_seal``: the first seal id of format 3 (the sealed record carries
  the risk and the referral). ``verify`` renders older seals in SQL as format 2, so its fast path
  still matches them (models/record_sql.py).
"""
import json

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names

GROUPS = (
    "12315", "12345", "consumer_association", "regulator", "media", "social_media", "legal", "head_office",
    "police", "other",
)  # fmt: skip
DEFAULT_GROUPS = {
    "12315": "12315", "12345": "12345", "市长热线": "12345", "消协": "consumer_association",
    "消费者协会": "consumer_association", "市场监管": "regulator", "市场监督": "regulator", "工商": "regulator",
    "物价局": "regulator", "媒体": "media", "记者": "media", "曝光": "media", "电视台": "media", "微博": "social_media",
    "抖音": "social_media", "小红书": "social_media", "大众点评": "social_media", "差评": "social_media",
    "朋友圈": "social_media", "律师": "legal", "起诉": "legal", "法院": "legal", "打官司": "legal",
    "总部": "head_office", "上级": "head_office", "你们老板": "head_office", "报警": "police", "110": "police",
    "警察": "police",
}  # fmt: skip
FORMAT_3_FROM = "archive_format_3_from_seal"
# The default guide as this migration knows it (resources/catalog/defaults.json keeps the current one):
# (code, name, name_en, refer_to, refer_to_en, category code or None for every category).
REFERRALS = (
    ("threat_or_crime", "威胁、斗殴或违法犯罪", "Threats, violence or a crime",
     "立即拨打110报警，或到就近派出所报案；保护现场，由保安部协助。",
     "Call the police on 110 at once, or report it at the nearest police station; keep the scene as it is, "
     "Security assists.", None),
    ("medical_emergency", "突发疾病或受伤需要急救", "A medical emergency or an injury",
     "拨打120急救电话，或送往最近的医院；同时通知办公室。",
     "Call 120 for an ambulance, or take the customer to the nearest hospital; tell the office.", None),
    ("food_poisoning", "疑似食物中毒", "Suspected food poisoning",
     "先送医就诊（120），保留剩余食品和票据；顾客可向当地市场监督管理局反映（12315）。",
     "First get medical care (120) and keep the leftover food and the receipt; the customer may report it to "
     "the local market regulator (12315).", "food_safety"),
    ("manufacturer_quality", "商品质量问题（生产厂家责任）", "A product fault of the manufacturer",
     "按“三包”规定联系生产厂家或品牌售后；仍有争议可拨打12315或登录全国12315平台。",
     "Contact the manufacturer's or the brand's after-sales service under the warranty rules; if still in "
     "dispute, call 12315 or use the national 12315 platform.", "product_quality"),
    ("theft", "物品被盗", "Theft",
     "向辖区派出所报案（110），本店提供监控录像和相关证明。",
     "Report it to the local police station (110); we provide the video recordings and the records.",
     "property_loss"),
    ("bank_payment", "银行卡或支付平台扣款争议", "A disputed card or payment deduction",
     "联系发卡银行或支付平台客服申请核查；本店提供交易凭证。",
     "Contact the card's bank or the payment platform's service line to have it checked; we provide the "
     "transaction record.", "billing"),
    ("environment", "周边环境噪音或污染（非本店造成）", "Noise or pollution nearby that we do not cause",
     "拨打12345政务服务便民热线，或向当地生态环境部门反映（12369）。",
     "Call the 12345 government service hotline, or report it to the local environment bureau (12369).",
     "noise"),
    ("third_party_booking", "通过旅行社或网络平台的预订", "A booking made through a travel agency or platform",
     "联系该旅行社或平台客服处理；本店提供入住和收费记录。",
     "Contact the travel agency's or the platform's customer service; we provide the stay and billing records.",
     "reservation"),
    ("public_matters", "市政设施、交通或公共秩序", "Streets, traffic or public order outside the premises",
     "拨打12345政务服务便民热线。",
     "Call the 12345 government service hotline.", None),
)  # fmt: skip


def up(migrator, db):
    db.execute_sql("ALTER TABLE risk_keyword RENAME COLUMN channel TO risk_group")
    marks = ", ".join("?" * len(GROUPS))
    for word, group in DEFAULT_GROUPS.items():
        db.execute_sql(
            f"UPDATE risk_keyword SET risk_group = ? WHERE word = ? AND risk_group NOT IN ({marks})",
            (group, word, *GROUPS),
        )
    db.execute_sql(f"UPDATE risk_keyword SET risk_group = 'other' WHERE risk_group NOT IN ({marks})", GROUPS)

    class Category(Model):
        class Meta:
            database = db
            table_name = "category"

    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class Complaint(Model):
        class Meta:
            database = db
            table_name = "complaint"

    class ReferralGuide(Model):
        code = CharField(max_length=32, unique=True)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default="")
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        refer_to = TextField(default="")
        refer_to_en = TextField(default="")
        category = ForeignKeyField(Category, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "referral_guide"

    class RiskAlert(Model):
        complaint = ForeignKeyField(Complaint, null=True, on_delete="RESTRICT")
        raised_at = DateTimeField()
        raised_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        source = CharField(max_length=8)
        level = CharField(max_length=8)
        reasons = TextField(default="[]")
        summary = TextField(default="")
        note = TextField(default="")
        answered_at = DateTimeField(null=True)
        answered_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
        outcome = CharField(max_length=16, default="")
        answer_note = TextField(default="")

        class Meta:
            database = db
            table_name = "risk_alert"

    db.create_tables([ReferralGuide, RiskAlert])
    # One open alert per case, and one per desk for a customer whose case is not saved yet.
    db.execute_sql(
        'CREATE UNIQUE INDEX "riskalert_open_case" ON "risk_alert" ("complaint_id") '
        'WHERE "answered_at" IS NULL AND "complaint_id" IS NOT NULL'
    )
    db.execute_sql(
        'CREATE UNIQUE INDEX "riskalert_open_unsaved" ON "risk_alert" ("raised_by_id") '
        'WHERE "answered_at" IS NULL AND "complaint_id" IS NULL'
    )

    for statement in (
        "ALTER TABLE complaint ADD COLUMN risk_level VARCHAR(8) NOT NULL DEFAULT ''",
        "ALTER TABLE complaint ADD COLUMN risk_reasons TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE complaint ADD COLUMN risk_score INTEGER NOT NULL DEFAULT 0",
        'ALTER TABLE complaint ADD COLUMN taken_over_by_id INTEGER REFERENCES "staff" ("id") ON DELETE RESTRICT',
        'ALTER TABLE complaint ADD COLUMN referral_id INTEGER REFERENCES "referral_guide" ("id") ON DELETE RESTRICT',
        "ALTER TABLE complaint ADD COLUMN referral_given TEXT NOT NULL DEFAULT ''",
    ):
        db.execute_sql(statement)

    categories = dict(db.execute_sql("SELECT code, id FROM category").fetchall())
    if categories:  # a database set up already; a new one gets the guide with its other catalogues
        for order, (code, name, name_en, refer_to, refer_to_en, category) in enumerate(REFERRALS):
            if category is not None and category not in categories:
                continue
            db.execute_sql(
                "INSERT INTO referral_guide (code, name, name_en, active, sort_order, refer_to, refer_to_en, "
                "category_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                (code, name, name_en, order, refer_to, refer_to_en, categories.get(category)),
            )

    (last_seal,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM archive_seal").fetchone()
    db.execute_sql(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (FORMAT_3_FROM, json.dumps(last_seal + 1)),
    )


def down(migrator, db):
    db.execute_sql("DELETE FROM setting WHERE key = ?", (FORMAT_3_FROM,))
    # SQLite's own DROP COLUMN (3.35+) keeps the table and its triggers, unlike peewee's rebuild.
    for name in ("referral_given", "referral_id", "taken_over_by_id", "risk_score", "risk_reasons", "risk_level"):
        db.execute_sql(f"ALTER TABLE complaint DROP COLUMN {name}")
    db.execute_sql("DROP TABLE risk_alert")
    db.execute_sql("DROP TABLE referral_guide")
    db.execute_sql("ALTER TABLE risk_keyword RENAME COLUMN risk_group TO channel")
