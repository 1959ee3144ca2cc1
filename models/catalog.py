"""Business catalogues the administrator keeps: departments, categories,
remedies (what the desk can offer), scripted prompts and escalation-risk words.
"""
from __future__ import annotations

from enum import StrEnum

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from models.database import BaseModel
from models.money import MoneyField


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RemedyKind(StrEnum):
    """ISO 10002 7.7 remedies plus the hospitality desk's usual ones."""

    DISCOUNT = "discount"
    FREE_ITEM = "free_item"
    WAIVED_BILL = "waived_bill"
    VOUCHER = "voucher"
    REFUND = "refund"
    UPGRADE = "upgrade"
    GIFT = "gift"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    REPLACEMENT = "replacement"
    APOLOGY = "apology"
    INFORMATION = "information"
    COMPENSATION = "compensation"


class IntakeStep(StrEnum):
    """The wizard's steps, used to file scripted prompts."""

    RECEIVE = "receive"
    INVESTIGATE = "investigate"
    PROPOSE = "propose"
    CONSENT = "consent"
    CLOSE = "close"


class PromptKind(StrEnum):
    ATTITUDE = "attitude"
    PHRASE = "phrase"
    CHECK = "check"
    EXPLANATION = "explanation"


class Department(BaseModel):
    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Location(BaseModel):
    """Where complaints happen (lobby, restaurant, a room…), offered while typing."""

    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Category(BaseModel):
    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    default_department = ForeignKeyField(Department, null=True, on_delete="SET NULL")
    default_severity = CharField(max_length=16, default=Severity.LOW)
    always_to_office = BooleanField(default=False)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Remedy(BaseModel):
    code = CharField(max_length=32, unique=True)
    kind = CharField(max_length=24)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    default_amount = MoneyField(default=0)
    office_only = BooleanField(default=False)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class ScriptPrompt(BaseModel):
    step = CharField(max_length=16, index=True)
    language = CharField(max_length=8)
    kind = CharField(max_length=16)
    text = TextField()
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class RiskKeyword(BaseModel):
    """A word that, said by the customer, raises the risk of 越级投诉."""

    word = CharField(max_length=32, unique=True)
    channel = CharField(max_length=32, default="")
    weight = IntegerField(default=1)
    active = BooleanField(default=True)
