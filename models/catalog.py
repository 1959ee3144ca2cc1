"""Business catalogues the administrator keeps: departments, categories,
remedies (what the desk can offer), scripted prompts, escalation-risk words
and the referral guide (where to send a customer whose matter is outside the
company's scope); and the screens' reads of them, as plain rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar, cast

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, ModelSelect, TextField

from models.base import BaseModel
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.money import MoneyField, to_money


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


class CatalogueEntry(BaseModel):
    """The fields every named catalogue shares: a code, its names in both
    languages, retired (never deleted) entries and the order lists show.
    No table of its own: only its subclasses are in ``models.schema``."""

    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class Department(CatalogueEntry):
    pass


class Location(CatalogueEntry):
    """Where complaints happen (lobby, restaurant, a room…), offered while typing."""


class Category(CatalogueEntry):
    default_department = ForeignKeyField(Department, null=True, on_delete="SET NULL")
    default_severity = CharField(max_length=16, default=Severity.LOW)
    always_to_office = BooleanField(default=False)


class Remedy(CatalogueEntry):
    kind = CharField(max_length=24)
    default_amount = MoneyField(default=0)
    office_only = BooleanField(default=False)


class ScriptPrompt(BaseModel):
    step = CharField(max_length=16, index=True)
    language = CharField(max_length=8)
    kind = CharField(max_length=16)
    text = TextField()
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class RiskKeyword(BaseModel):
    """A word that, said by the customer, raises the risk of 越级投诉: in its group (where the customer
    threatens to go, ``models.control.risk.RiskGroup``), with its weight (1 to 3, 3 is high on its own);
    retired words (``active`` false) are kept and no longer count (migration 0015)."""

    word = CharField(max_length=32, unique=True)
    risk_group = CharField(max_length=32, default="")
    weight = IntegerField(default=1)
    active = BooleanField(default=True)


class ReferralGuide(CatalogueEntry):
    """A matter outside the company's scope (``name``) and where the customer is sent (``refer_to``), in
    both languages; for one category, or for every category when ``category`` is None (migration 0015)."""

    refer_to = TextField(default="")
    refer_to_en = TextField(default="")
    category = ForeignKeyField(Category, null=True, on_delete="RESTRICT")


# --------------------------------------------------------------------------- reads for the screens

Entry = TypeVar("Entry", bound=CatalogueEntry)


def active_entries(model: type[Entry]) -> ModelSelect:
    """The entries the desk may still choose, in the catalogue's order: the one
    query for "active entries" whatever the catalogue."""
    return model.select().where(model.active).order_by(model.sort_order, model.id)


def _entries(model: type[Entry], active_only: bool) -> ModelSelect:
    return active_entries(model) if active_only else model.select().order_by(model.sort_order, model.id)


@dataclass(frozen=True)
class EntryName:
    """A catalogue entry's id and names, as ``ui.i18n.catalogue_name`` reads them."""

    id: int
    name: str
    name_en: str


@dataclass(frozen=True)
class CategoryChoice(EntryName):
    default_department_id: int | None
    default_severity: str
    always_to_office: bool = False


@dataclass(frozen=True)
class RemedyChoice(EntryName):
    default_amount: Decimal
    office_only: bool = False  # given only by the office's decision: no account is granted it


def departments(active_only: bool = True) -> list[EntryName]:
    return [EntryName(d.id, d.name, d.name_en) for d in _entries(Department, active_only)]


def categories(active_only: bool = True) -> list[CategoryChoice]:
    return [
        CategoryChoice(c.id, c.name, c.name_en, c.default_department_id, c.default_severity, c.always_to_office)
        for c in _entries(Category, active_only)
    ]


def remedies(active_only: bool = True) -> list[RemedyChoice]:
    return [
        RemedyChoice(r.id, r.name, r.name_en, to_money(r.default_amount), bool(r.office_only))
        for r in _entries(Remedy, active_only)
    ]


def entry_names(model: type[CatalogueEntry]) -> dict[int | str, EntryName]:
    """Every entry of a (small) catalogue, retired ones too, by id and by code:
    the case history names an entry by either."""
    names: dict[int | str, EntryName] = {}
    for entry in model.select(model.id, model.code, model.name, model.name_en):
        names[entry.id] = names[entry.code] = EntryName(entry.id, entry.name, entry.name_en)
    return names


def history_names() -> dict[str, dict[int | str, EntryName]]:
    """Category, department and referral guide names by id and by code, for the
    fields of a case history that name them (three small queries for the whole history)."""
    return {
        "category": entry_names(Category),
        "department": entry_names(Department),
        "referral": entry_names(ReferralGuide),
    }


def category_names() -> dict[int | str, EntryName]:
    """Every category's names by id and by code (a serious case's risk names its category's code)."""
    return entry_names(Category)


@dataclass(frozen=True)
class ReferralChoice(EntryName):
    """An entry of the referral guide as the desk chooses it."""

    refer_to: str
    refer_to_en: str
    for_category: bool  # the entry is the category's own (else it holds for every category)


def referral_choices(category_id: int | None) -> list[ReferralChoice]:
    """The guide's active entries for a category: its own first, then those for every category."""
    query = ReferralGuide.select().where(
        ReferralGuide.active, (ReferralGuide.category == category_id) | ReferralGuide.category.is_null()
    )
    entries = sorted(query, key=lambda e: (e.category_id is None, e.sort_order, e.id))
    return [
        ReferralChoice(e.id, e.name, e.name_en, e.refer_to, e.refer_to_en, e.category_id is not None) for e in entries
    ]



def category_named(given: str) -> int:
    """The id of the category a person names on the command line (``entry_named``)."""
    return int(entry_named(Category, given).id)


def department_named(given: str) -> int:
    """The id of the department a person names on the command line (``entry_named``)."""
    return int(entry_named(Department, given).id)


def entry_named(model: type[Entry], given: str) -> Entry:
    """The category or department a person names on the command line: by its code, or its Chinese or English
    name (letters in any case; retired entries too, which the register's past complaints hold); else a sentence
    listing the codes there are."""
    wanted = given.strip().casefold()
    for entry in model.select().order_by(model.active.desc(), model.sort_order, model.id):
        if wanted and wanted in (entry.code.casefold(), entry.name.casefold(), entry.name_en.casefold()):
            return cast(Entry, entry)
    refusals = {
        Category: QT_TRANSLATE_NOOP("DomainError", "{given} is not a category's code or name; give one of {known}."),
        Department: QT_TRANSLATE_NOOP(
            "DomainError", "{given} is not a department's code or name; give one of {known}."
        ),
    }
    codes = [entry.code for entry in model.select(model.code).where(model.active).order_by(model.sort_order)]
    raise DomainError(refusals[model], given=repr(given), known=", ".join(codes))
