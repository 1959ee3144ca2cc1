"""Deterministic, realistic Chinese demo data: staff, customers and a year of complaints in every state.

``generate_demo`` backs ``main.py demo``. Narratives, demands and findings are assembled from per-category
stories, templates and slots, so rows read like real desk records without repeating. Rows go in as raw
multi-row INSERTs, one transaction per batch: a million complaints take a few minutes and memory stays flat.
The same seed and the same ``now`` give the same rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import math
import random
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, TypeVar

from peewee import Model

from models import settings
from models.archive import seal_in_bulk
from models.audit import AuditEvent, chain_head, event_digest
from models.catalog import Category, Department, Remedy, RemedyKind
from models.complaint import (
    Channel,
    CompensationLine,
    Complaint,
    ConsentAnswer,
    FollowUp,
    FollowUpKind,
    Liability,
    OfficeDecision,
    Proposal,
    ProposalStatus,
    State,
)
from models.customer import Customer
from models.database import db
from models.defaults import load_defaults
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Role, Staff, StaffRemedy, create_staff

BATCH_SIZE = 5000
ROWS_PER_STATEMENT = 1000
DAYS = 365
DAY = 86400
# Customers recognised again by phone come from this many most recent ones (bounded memory).
RETURNING_POOL = 50_000
RETURNING_SHARE = 0.16
WITHDRAWN_SHARE = 0.045
# Demo passwords: no 0/O, 1/l/I, so they survive being read aloud or copied from the screen.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12
# The text pools (names, phrases, per-category themes) are data: resources/demo/*.json, read at import.
DEMO_TEXTS = Path(__file__).resolve().parent.parent / "resources" / "demo"


def _frozen(value: Any) -> Any:
    """JSON's lists as tuples: the pools stay as immutable as the literals they were written as."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _read_texts(name: str) -> dict[str, Any]:
    return _frozen(json.loads((DEMO_TEXTS / f"{name}.json").read_text(encoding="utf-8")))


_PEOPLE_TEXTS = _read_texts("people")
_PHRASES = _read_texts("phrases")
_THEME_TEXTS = _read_texts("themes")

# ---------------------------------------------------------------------------------------------------------------
# Accounts


@dataclass(frozen=True)
class DemoAccount:
    """An account the demo created, with the password to log in with."""

    username: str
    full_name: str
    role: Role
    password: str


_DUTY_MANAGERS = _PEOPLE_TEXTS["duty_managers"]
_DUTY_LIMITS = ((Decimal("200.00"), Decimal("1000.00")), (Decimal("300.00"), Decimal("1500.00")))
_OFFICE_NAMES = _PEOPLE_TEXTS["office_names"]
_OFFICE_LIMITS = (Decimal("5000.00"), Decimal("20000.00"))
_ADMIN_NAMES = _PEOPLE_TEXTS["admin_names"]
_ORGANISATIONS = _PEOPLE_TEXTS["organisations"]

# ---------------------------------------------------------------------------------------------------------------
# Text pools: slots filled on demand (see _Slots) and per-category themes.

_SURNAMES = _PEOPLE_TEXTS["surnames"]
_MALE_GIVEN = _PEOPLE_TEXTS["male_given"]
_FEMALE_GIVEN = _PEOPLE_TEXTS["female_given"]
_MOBILE_PREFIXES = _PEOPLE_TEXTS["mobile_prefixes"]
_AREA_CODES = _PEOPLE_TEXTS["area_codes"]
_CUSTOMER_NOTES = _PEOPLE_TEXTS["customer_notes"]
_WITNESS_TITLES = _PEOPLE_TEXTS["witness_titles"]

_DISHES = _PHRASES["dishes"]
_WESTERN_DISHES = _PHRASES["western_dishes"]
_DRINKS = _PHRASES["drinks"]
_WHEN = _PHRASES["when"]
_CLOCK = _PHRASES["clock"]
_PEOPLE = _PHRASES["people"]
_OCCASIONS = _PHRASES["occasions"]
_COUNT_WORDS = _PHRASES["count_words"]
_WAITS = _PHRASES["waits"]
_ROOM_TYPES = _PHRASES["room_types"]  # by grade
_EVENTS = _PHRASES["events"]
_ITEMS = _PHRASES["items"]
_PRODUCTS = _PHRASES["products"]
_FREE_ITEMS = _PHRASES["free_items"]
_FREE_DRINKS = _PHRASES["free_drinks"]
_FREE_SWEETS = _PHRASES["free_sweets"]
_SWAPPED_TO_VOUCHER = _PHRASES["swapped_to_voucher"]
_GIFTS = _PHRASES["gifts"]
_DISCOUNTS = _PHRASES["discounts"]
_OPENERS = _PHRASES["openers"]
_REPEAT_PHRASES = _PHRASES["repeat_phrases"]
_RISK_PHRASES = _PHRASES["risk_phrases"]
_CHANNEL_PREFIXES = {Channel(k): v for k, v in _PHRASES["channel_prefixes"].items()}
_FINDING_OPENERS = _PHRASES["finding_openers"]
_FINDING_CLOSERS = {Liability(k): v for k, v in _PHRASES["finding_closers"].items()}
_EXPLANATIONS = {Liability(k): v for k, v in _PHRASES["explanations"].items()}
_HANDOFF_OVER_LIMIT = _PHRASES["handoff_over_limit"]
_HANDOFF_CATEGORY = _PHRASES["handoff_category"]
_HANDOFF_REMEDY = _PHRASES["handoff_remedy"]
_DECISION_NOTES = {OfficeDecision(k): v for k, v in _PHRASES["decision_notes"].items()}
_COUNTER_DEMANDS = _PHRASES["counter_demands"]
_WITHDRAWN_REASONS = _PHRASES["withdrawn_reasons"]
_CALL_BACKS = _PHRASES["call_backs"]
_CALL_BACK_RESULTS = _PHRASES["call_back_results"]
_PROMISED_ITEMS = _PHRASES["promised_items"]
_PROMISED_RESULTS = _PHRASES["promised_results"]

_TAILS = _PHRASES["tails"]
_TAILS_WITHOUT_OCCASION = tuple(t for t in _TAILS if "{occasion}" not in t)


# Scenes: where a story happens, who works there, which departments can answer for it.
_SCENES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = _THEME_TEXTS["scenes"]

# A text, the staff role it is about and the code of the department it blames (None: any).
Tagged = tuple[str, str | None, str | None]


def _parse(entry: str) -> tuple[tuple[str, ...], Tagged]:
    """``"scene,topic,role=厨师,dept=kitchen|text"`` → (tags in order, (text, role, dept)).

    A story goes with the texts that share one of its tags, and with the untagged ones. A narrative's scene
    (see _SCENES) is a tag too, unless written ``@scene``: then it only places the story.
    """
    if "|" not in entry:
        return (), (entry, None, None)
    head, text = entry.split("|", 1)
    parts = head.split(",")
    fixed = dict(part.split("=", 1) for part in parts if "=" in part)
    return tuple(part for part in parts if "=" not in part), (text, fixed.get("role"), fixed.get("dept"))


def _matching(entries: Sequence[str], tags: tuple[str, ...], specific: bool) -> tuple[Tagged, ...]:
    """The entries for a story with these tags: its own plus the untagged ones (only its own if ``specific``)."""
    parsed = [_parse(e) for e in entries]
    own = [text for entry_tags, text in parsed if set(entry_tags) & set(tags)]
    general = [text for entry_tags, text in parsed if not entry_tags]
    chosen = (own or general) if specific else own + general
    return tuple(chosen or [text for _, text in parsed])


@dataclass(frozen=True)
class _Story:
    """One way a complaint of a category goes, with the texts and remedies that fit it."""

    template: str
    places: tuple[str, ...]  # empty: a guest room, named by the {room} slot
    roles: tuple[str, ...]
    departments: tuple[str, ...]  # codes of the departments that can answer for it
    demands: tuple[Tagged, ...]
    faults: tuple[Tagged, ...]  # findings when the house is at fault
    misunderstandings: tuple[Tagged, ...]
    no_fault: tuple[Tagged, ...]
    improvements: tuple[Tagged, ...]
    remedies: tuple[str, ...]  # RemedyKind values, most likely first
    refunds: tuple[str, ...]  # what a refund gives back
    repairs: tuple[str, ...]
    compensations: tuple[str, ...]


@dataclass(frozen=True)
class _Theme:
    """How the complaints of one kind of category go."""

    weight: int
    stories: tuple[_Story, ...]
    value: tuple[int, int]  # bill or item value in yuan
    risk: float  # share of customers who threaten to go over the desk's head
    refund_shares: tuple[float, ...]


def _theme(
    *,
    weight: int,
    departments: tuple[str, ...],
    locations: tuple[str, ...],
    roles: tuple[str, ...],
    narratives: tuple[str, ...],
    demands: tuple[str, ...],
    faults: tuple[str, ...],
    misunderstandings: tuple[str, ...],
    no_fault: tuple[str, ...],
    improvements: tuple[str, ...],
    remedies: tuple[str, ...],
    value: tuple[int, int],
    risk: float = 0.05,
    refunds: tuple[str, ...] = ("相关费用",),
    repairs: tuple[str, ...] = ("免费维修",),
    compensations: tuple[str, ...] = ("现金补偿",),
    refund_shares: tuple[float, ...] = (0.2, 0.3, 0.5, 1.0),
) -> _Theme:
    """Parse tagged texts into stories; a tag no narrative carries is a typo, refused at import."""
    known = {tag for narrative in narratives for tag in _parse(narrative)[0] if not tag.startswith("@")}
    for entry in (*demands, *faults, *misunderstandings, *no_fault, *improvements, *remedies, *refunds, *repairs,
                  *compensations):  # fmt: skip
        unknown = set(_parse(entry)[0]) - known
        if unknown:
            raise ValueError(f"demo text tagged {sorted(unknown)}, which no narrative of its theme has: {entry}")
    stories = []
    for narrative in narratives:
        tags, (template, role, _) = _parse(narrative)
        scene = next((t.lstrip("@") for t in tags if t.lstrip("@") in _SCENES), None)
        tags = tuple(t for t in tags if not t.startswith("@"))
        if tags and scene is None:
            raise ValueError(f"demo narrative without a scene among its tags: {narrative}")
        places, scene_roles, scene_departments = _SCENES[scene] if scene else (locations, roles, departments)
        if "{room}" in template:
            places = ()
        stories.append(
            _Story(
                template=template,
                places=places,
                roles=(role,) if role else scene_roles,
                departments=tuple(d for d in departments if d in scene_departments) or departments,
                demands=_matching(demands, tags, False),
                faults=_matching(faults, tags, False),
                misunderstandings=_matching(misunderstandings, tags, False),
                no_fault=_matching(no_fault, tags, False),
                improvements=_matching(improvements, tags, False),
                remedies=tuple(text for text, _, _ in _matching(remedies, tags, False)),
                refunds=tuple(text for text, _, _ in _matching(refunds, tags, True)),
                repairs=tuple(text for text, _, _ in _matching(repairs, tags, True)),
                compensations=tuple(text for text, _, _ in _matching(compensations, tags, True)),
            )
        )
    return _Theme(weight, tuple(stories), value, risk, refund_shares)


_THEMES: dict[str, _Theme] = {code: _theme(**spec) for code, spec in _THEME_TEXTS["themes"].items()}

# Category codes of resources/catalog/defaults.json; other categories are matched by words in their names.
_THEME_BY_CODE: dict[str, str] = _THEME_TEXTS["theme_by_code"]
_THEME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = _THEME_TEXTS["theme_words"]


T = TypeVar("T")


class _Random(random.Random):
    """``random.Random`` with cheaper draws: a million complaints make tens of millions of them."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        """An item drawn with weights given as running totals (itertools.accumulate)."""
        return items[bisect.bisect_right(cumulative, self.random() * cumulative[-1])]


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


class _Slots(dict):
    """Template values drawn on first use, so every text of one complaint names the same dish, room, …"""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = _SLOT_MAKERS[key](self.rng, self)
        self[key] = value
        return value


def _pick(*pool: str) -> Callable[[random.Random, _Slots], str]:
    return lambda rng, slots: rng.choice(pool)


# A problem the customer names: (the role who usually causes it, causes, a harmless explanation or "").
_FOOD_PROBLEMS: dict[str, tuple[str, tuple[str, ...], str]] = _PHRASES["food_problems"]
_FOREIGN_OBJECTS: dict[str, tuple[str, tuple[str, ...], str]] = _PHRASES["foreign_objects"]
_FOOD_PROBLEM_NAMES = tuple(_FOOD_PROBLEMS)
_FOREIGN_NAMES = tuple(_FOREIGN_OBJECTS)
_HARD_FOREIGN_NAMES = _PHRASES["hard_foreign_names"]


def _hard_foreign(rng: random.Random, slots: _Slots) -> str:
    """Something that can chip a tooth; it is then the story's foreign object."""
    slots["foreign"] = rng.choice(_HARD_FOREIGN_NAMES)
    return slots["foreign"]


def _cause(rng: random.Random, slots: _Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    role, causes, _ = problem
    slots.setdefault("role", role)
    return rng.choice(causes).format_map(slots)


def _explained(slots: _Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    return (problem[2] or "经检查，顾客反映的情况与本店出品标准相符，已介绍本店的做法并推荐其他菜品").format_map(slots)


def _dish(rng: random.Random, slots: _Slots) -> str:
    location = slots.get("location", "")
    western = "西餐" in location or "咖啡" in location
    return rng.choice(_WESTERN_DISHES if western else _DISHES)


def _other_dish(rng: random.Random, slots: _Slots) -> str:
    first = slots["dish"]
    second = _dish(rng, slots)
    return second if second != first else _dish(rng, slots)


def _lower_room_type(rng: random.Random, slots: _Slots) -> str:
    booked = _ROOM_TYPES.index(slots["room_type"])
    return rng.choice(_ROOM_TYPES[:booked]) if booked else _ROOM_TYPES[0]


def _price(rng: random.Random, slots: _Slots) -> str:
    return str(rng.randrange(38, 268, 2))


def _higher_price(rng: random.Random, slots: _Slots) -> str:
    return str(int(slots["price"]) + rng.choice((10, 20, 30, 40, 60)))


# Slots drawn from a written list are in resources/demo/phrases.json; these are computed.
_SLOT_MAKERS: dict[str, Callable[[random.Random, _Slots], str]] = {
    **{name: _pick(*pool) for name, pool in _PHRASES["slots"].items()},
    "dish": _dish,
    "dish2": _other_dish,
    "drink": _pick(*_DRINKS),
    "when": _pick(*_WHEN),
    "clock": _pick(*_CLOCK),
    "people": _pick(*_PEOPLE),
    "occasion": lambda rng, slots: slots["event"] if "event" in slots else rng.choice(_OCCASIONS),
    "count": _pick(*_COUNT_WORDS),
    "number": lambda rng, slots: str(rng.randint(3, 12)),
    "minutes": lambda rng, slots: str(rng.choice((15, 20, 25, 30, 35, 40))),
    "days": lambda rng, slots: str(rng.randint(2, 30)),
    "wait": _pick(*_WAITS),
    "room": lambda rng, slots: f"{rng.randint(3, 22)}{rng.randint(1, 36):02d}",
    "floor": lambda rng, slots: slots["room"][:-2] if "room" in slots else str(rng.randint(3, 22)),
    "length": lambda rng, slots: str(rng.randint(5, 40)),
    "price": _price,
    "price2": _higher_price,
    "parking_fee": lambda rng, slots: str(rng.choice((10, 15, 20, 30, 40, 60))),
    "role": lambda rng, slots: rng.choice(slots["_roles"]),
    "taxi_fare": lambda rng, slots: str(rng.randint(60, 260)),
    "parking_spot": lambda rng, slots: str(rng.randint(1, 320)),
    "food_problem": lambda rng, slots: rng.choice(_FOOD_PROBLEM_NAMES),
    "food_cause": lambda rng, slots: _cause(rng, slots, _FOOD_PROBLEMS[slots["food_problem"]]),
    "food_misunderstanding": lambda rng, slots: _explained(slots, _FOOD_PROBLEMS[slots["food_problem"]]),
    "foreign": lambda rng, slots: rng.choice(_FOREIGN_NAMES),
    "hard_foreign": _hard_foreign,
    "foreign_cause": lambda rng, slots: _cause(rng, slots, _FOREIGN_OBJECTS[slots["foreign"]]),
    "foreign_misunderstanding": lambda rng, slots: _explained(slots, _FOREIGN_OBJECTS[slots["foreign"]]),
    "room_type": _pick(*_ROOM_TYPES[3:]),  # one worth an upgrade
    "booked_type": lambda rng, slots: slots.setdefault("room_type", rng.choice(_ROOM_TYPES[2:])),
    "lower_type": _lower_room_type,
    "event": _pick(*_EVENTS),
    "item": _pick(*_ITEMS),
    "product": _pick(*_PRODUCTS),
}

# ---------------------------------------------------------------------------------------------------------------
# Time

_HOUR_WEIGHTS = (
    0.2, 0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.6, 0.8, 0.9, 1.0, 1.8,
    2.6, 2.0, 1.0, 0.8, 0.9, 1.6, 2.6, 3.0, 2.6, 2.0, 1.2, 0.6,
)  # fmt: skip
_HOUR_CUMULATIVE = tuple(sum(_HOUR_WEIGHTS[: h + 1]) for h in range(24))
_MONTH_FACTORS = (1.1, 1.15, 0.9, 0.95, 1.05, 0.95, 1.15, 1.2, 0.95, 1.15, 0.9, 1.0)
_WEEKDAY_FACTORS = (0.85, 0.85, 0.9, 0.95, 1.15, 1.35, 1.25)
_SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}


def _holiday_factor(day: dt.date) -> float:
    festival = _SPRING_FESTIVAL.get(day.year)
    if festival and -1 <= (day - festival).days <= 6:
        return 1.5
    if (day.month == 10 and day.day <= 7) or (day.month == 5 and day.day <= 5):
        return 1.6
    if (day.month, day.day) in ((1, 1), (2, 14), (12, 24), (12, 25), (12, 31)):
        return 1.3
    return 1.0


@functools.cache
def _clock_texts() -> tuple[str, ...]:
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))


class _Clock:
    """Times as whole seconds since midnight of the first demo day, written the way peewee stores them."""

    def __init__(self, now: dt.datetime) -> None:
        self.first_day = now.date() - dt.timedelta(days=DAYS - 1)
        self.now = (DAYS - 1) * DAY + now.hour * 3600 + now.minute * 60 + now.second
        # Follow-ups fall due up to a few days after now.
        self._days = tuple((self.first_day + dt.timedelta(days=k)).isoformat() + " " for k in range(DAYS + 30))
        self._clock = _clock_texts()

    def text(self, seconds: int) -> str:
        return self._days[seconds // DAY] + self._clock[seconds % DAY]

    def arrivals(self, rng: random.Random, total: int) -> Iterator[int]:
        """``total`` complaint times in ascending order: busier at meals, evenings, weekends and holidays."""
        weights = []
        for k in range(DAYS):
            day = self.first_day + dt.timedelta(days=k)
            factor = _MONTH_FACTORS[day.month - 1] * _WEEKDAY_FACTORS[day.weekday()] * _holiday_factor(day)
            weights.append(factor * rng.uniform(0.85, 1.15))
        today = self.now % DAY
        hour = today // 3600
        elapsed = (_HOUR_CUMULATIVE[hour - 1] if hour else 0) + _HOUR_WEIGHTS[hour] * (today % 3600) / 3600
        weights[-1] *= elapsed / _HOUR_CUMULATIVE[-1]
        scale = total / sum(weights)
        running = 0.0
        placed = 0
        for k, weight in enumerate(weights):
            running += weight * scale
            count = total - placed if k == DAYS - 1 else round(running) - placed
            placed += count
            limit = today if k == DAYS - 1 else DAY
            base = k * DAY
            for second in sorted(self._time_of_day(rng, limit) for _ in range(count)):
                yield base + second

    @staticmethod
    def _time_of_day(rng: random.Random, limit: int) -> int:
        for _ in range(20):
            hour = bisect.bisect_right(_HOUR_CUMULATIVE, rng.random() * _HOUR_CUMULATIVE[-1])
            second = min(hour, 23) * 3600 + rng.randrange(3600)
            if second < limit:
                return second
        return rng.randrange(max(limit, 1))


# ---------------------------------------------------------------------------------------------------------------
# What the database already holds


@dataclass(frozen=True)
class _Member:
    id: int
    full_name: str
    per_case: int  # authority per case, in fen


@dataclass(frozen=True)
class _Team:
    duty_managers: tuple[_Member, ...]
    office: _Member


@dataclass(frozen=True)
class _CategoryInfo:
    id: int
    code: str
    name: str
    department: int | None
    severity: str
    always_to_office: bool
    theme: _Theme


@dataclass(frozen=True)
class _RemedyInfo:
    id: int
    kind: str
    name: str
    default: int  # fen
    office_only: bool


@dataclass
class _Catalogue:
    categories: list[_CategoryInfo]
    category_weights: tuple[float, ...]  # running totals
    departments: dict[int, tuple[str, str]]  # id -> (code, name)
    department_by_code: dict[str, int]
    remedies_by_kind: dict[str, list[_RemedyInfo]]

    @classmethod
    def load(cls) -> _Catalogue:
        departments = {
            d.id: (d.code, d.name)
            for d in Department.select().where(Department.active).order_by(Department.sort_order, Department.id)
        }
        categories = [
            _CategoryInfo(
                id=c.id,
                code=c.code,
                name=c.name,
                department=c.default_department_id if c.default_department_id in departments else None,
                severity=c.default_severity,
                always_to_office=bool(c.always_to_office),
                theme=_theme_for(c.code, c.name, c.name_en),
            )
            for c in Category.select().where(Category.active).order_by(Category.sort_order, Category.id)
        ]
        remedies: dict[str, list[_RemedyInfo]] = {}
        for r in Remedy.select().where(Remedy.active).order_by(Remedy.sort_order, Remedy.id):
            info = _RemedyInfo(r.id, r.kind, r.name, int(Decimal(r.default_amount or 0) * 100), bool(r.office_only))
            remedies.setdefault(r.kind, []).append(info)
        if not categories or not departments or not remedies:
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "Demo data needs at least one active category, department and remedy.")
            )
        return cls(
            categories=categories,
            category_weights=_cumulative([c.theme.weight for c in categories]),
            departments=departments,
            department_by_code={code: id_ for id_, (code, _) in departments.items()},
            remedies_by_kind=remedies,
        )


def _theme_for(code: str, name: str, name_en: str) -> _Theme:
    if code in _THEME_BY_CODE:
        return _THEMES[_THEME_BY_CODE[code]]
    text = f"{code} {name} {name_en}".lower()
    for theme, words in _THEME_WORDS:
        if any(word in text for word in words):
            return _THEMES[theme]
    return _THEMES["other"]


# ---------------------------------------------------------------------------------------------------------------
# Rows


@functools.cache
def _insert_sql(model: type[Model], names: tuple[str, ...], with_id: bool, rows: int = 1) -> str:
    fields = model._meta.fields
    expected = set(fields) if with_id else set(fields) - {"id"}
    if set(names) != expected:
        raise RuntimeError(f"demo rows for {model.__name__} do not match its fields: {sorted(expected ^ set(names))}")
    columns = ", ".join(f'"{fields[n].column_name}"' for n in names)
    marks = "(" + ", ".join("?" * len(names)) + ")"
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {", ".join([marks] * rows)}'


_CUSTOMER_FIELDS = ("id", "name", "phone", "created_at", "note")
_COMPLAINT_FIELDS = (
    "id", "state", "customer", "received_at", "received_by", "channel", "location", "moved_to_private",
    "narrative", "category", "severity", "demand", "acknowledged", "promised_minutes", "promised_at", "findings",
    "department", "staff_involved", "liability", "handoff_note", "consent", "counter_demand", "satisfaction",
    "signature_png", "witness", "consent_at", "improvement_suggestion", "withdrawn_reason", "closed_at", "closed_by",
    "archive_number", "wizard_page", "updated_at",
)  # fmt: skip
_PROPOSAL_FIELDS = (
    "id", "complaint", "seq", "created_at", "created_by", "explanation", "status", "total", "needs_office",
    "decision", "decision_note", "decided_by", "decided_at", "answer", "counter_demand", "satisfaction", "answered_at",
)  # fmt: skip
_LINE_FIELDS = ("proposal", "remedy", "description", "amount", "charged_to")
_FOLLOW_UP_FIELDS = ("complaint", "kind", "due_at", "description", "done_at", "done_by", "result")
_EVENT_FIELDS = ("id", "complaint", "at", "actor", "action", "changes", "digest", "previous_digest")


@dataclass
class _Rows:
    customers: list[tuple] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)
    proposals: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    follow_ups: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)

    def write(self) -> None:
        """Insert every row, in one transaction."""
        connection = db.connection()
        variables = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        with db.atomic():
            self._chain_events()
            self._insert(connection, variables)
            # Closed and withdrawn cases go into the archive, as closing does at the desk.
            seal_in_bulk([row[0] for row in self.complaints])

    def _chain_events(self) -> None:
        """Number the batch's events after the last one and extend the audit chain over them, as
        ``models.audit.record`` does one at a time (inside the write transaction: no other desk between)."""
        last_id, previous = chain_head()
        chained = []
        for event_id, (complaint, at, actor, action, changes) in enumerate(self.events, start=last_id + 1):
            row = (event_id, complaint, at, actor, action, changes)
            digest = event_digest(previous, row)
            chained.append((*row, digest, previous))
            previous = digest
        self.events = chained

    def _insert(self, connection: sqlite3.Connection, variables: int) -> None:
        for model, names, with_id, rows in (
            (Customer, _CUSTOMER_FIELDS, True, self.customers),
            (Complaint, _COMPLAINT_FIELDS, True, self.complaints),
            (Proposal, _PROPOSAL_FIELDS, True, self.proposals),
            (CompensationLine, _LINE_FIELDS, False, self.lines),
            (FollowUp, _FOLLOW_UP_FIELDS, False, self.follow_ups),
            (AuditEvent, _EVENT_FIELDS, True, self.events),
        ):
            # Many rows per statement: faster than executemany. Chunks of fixed sizes (a power of two for the
            # rest) keep the connection's statement cache, which holds on to bound values, small.
            per = max(1, min(ROWS_PER_STATEMENT, variables // len(names)))
            start = 0
            while start < len(rows):
                left = len(rows) - start
                size = per if left >= per else 1 << (left.bit_length() - 1)
                sql = _insert_sql(model, names, with_id, size)
                connection.execute(sql, list(chain.from_iterable(rows[start : start + size])))
                start += size


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _next_id(model: type[Model]) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


# ---------------------------------------------------------------------------------------------------------------
# Cases


_SATISFACTION = (1, 2, 3, 4, 5)
_SATISFACTION_WEIGHTS = _cumulative((4, 7, 17, 36, 36))
_CHANNELS = (Channel.IN_PERSON, Channel.PHONE, Channel.ONLINE, Channel.LETTER, Channel.REFERRED)
_CHANNEL_WEIGHTS = _cumulative((70, 15, 8, 2, 5))
_PROMISED_MINUTES = {
    Channel.IN_PERSON: (10, 15, 15, 15, 20, 20, 30, 30, 45, 60),
    Channel.PHONE: (30, 60, 60, 120, 240),
    Channel.ONLINE: (60, 120, 240, 1440),
    Channel.LETTER: (1440, 2880, 4320),
    Channel.REFERRED: (240, 1440, 2880),
}
_LIABILITIES = (Liability.NONE, Liability.MISUNDERSTANDING, Liability.PARTIAL, Liability.FULL)
_LIABILITY_WEIGHTS = _cumulative((8, 14, 33, 45))
_SEVERITIES = ("low", "medium", "high")
_OPEN_STATES = (
    State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.DECLINED, State.ESCALATED, State.DECIDED,
)  # fmt: skip
# Weights (running totals) of the open states for a case a few hours old, a few days old, older.
_OPEN_WEIGHTS = tuple(
    _cumulative(w) for w in ((4, 3, 2, 1, 1, 2, 1), (1, 3, 2, 1.5, 1.5, 3, 2), (0.5, 2.5, 1, 1.5, 2, 2.5, 1.5))
)
_DECISIONS = (OfficeDecision.APPROVED, OfficeDecision.CHANGED, OfficeDecision.TAKEN_OVER)
_DECISION_WEIGHTS = _cumulative((60, 30, 10))
_WITHDRAWN_STAGES = (State.RECEIVED, State.INVESTIGATING, State.PROPOSED)  # how far a case got before
_WITHDRAWN_STAGE_WEIGHTS = _cumulative((3, 4, 3))
# The intake step each state waits at (IntakeStep order: receive, investigate, propose, consent, close).
_WIZARD_PAGE = {
    State.RECEIVED: 1,
    State.INVESTIGATING: 2,
    State.PROPOSED: 3,
    State.DECLINED: 2,
    State.ESCALATED: 2,
    State.DECIDED: 3,
    State.AGREED: 4,
    State.CLOSED: 4,
    State.WITHDRAWN: 4,
}
_GOODWILL_KINDS = (RemedyKind.FREE_ITEM, RemedyKind.GIFT, RemedyKind.VOUCHER)
_CHINESE_COUNTS = ("", "一", "两", "三")


@dataclass(slots=True)
class _Case:
    """One complaint while it is built. Times are seconds after it was received (t0)."""

    id: int
    t0: int
    state: State  # where the case ends up
    category: _CategoryInfo
    story: _Story
    receiver: _Member
    slots: _Slots
    department: int
    bill: int  # fen
    demand: str
    t: int = 0  # time of the latest step
    reached: str | None = None  # state after the latest step
    events: list[tuple[int, int, str, str]] = field(default_factory=list)
    proposals: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    findings: str = ""
    staff_involved: str = ""
    liability: Liability | None = None
    handoff: str = ""
    consent: str = ""
    counter: str = ""
    satisfaction: int | None = None
    witness: str = ""
    consent_at: int | None = None
    closed_at: int | None = None
    closer: _Member | None = None
    improvement: str = ""
    withdrawn_reason: str = ""


@dataclass(slots=True)
class _Offer:
    lines: list[tuple[_RemedyInfo, str, int]]  # remedy, description, fen
    reason: str = ""  # why the office must decide: "category", "remedy", "limit"

    @property
    def total(self) -> int:
        return sum(line[2] for line in self.lines)


class _Generator:
    """Builds complaints one by one from one random stream, into batches of rows."""

    def __init__(self, rng: _Random, clock: _Clock, catalogue: _Catalogue, team: _Team, total: int) -> None:
        self.rng = rng
        self.clock = clock
        self.catalogue = catalogue
        self.team = team
        self.total = total
        self.next_customer = _next_id(Customer)
        self.next_complaint = _next_id(Complaint)
        self.next_proposal = _next_id(Proposal)
        self.returning: list[int] = []  # ids of recent customers with a phone: a ring of RETURNING_POOL
        self.returning_at = 0
        self.states_seen: set[str] = set()
        self.changes_cache: dict[tuple, str] = {}
        self.story_departments: dict[tuple[int, str], list[int]] = {}
        self.all_departments = list(catalogue.departments)

    def complaint(self, index: int, t0: int, rows: _Rows) -> None:
        rng = self.rng
        catalogue = self.catalogue
        if index < len(catalogue.categories):
            category = catalogue.categories[index]  # every category appears, even in a small demo
        else:
            category = rng.weighted(catalogue.categories, catalogue.category_weights)
        theme = category.theme
        story = rng.choice(theme.stories)
        state = self._state(index, t0)
        channel = rng.weighted(_CHANNELS, _CHANNEL_WEIGHTS)
        managers = self.team.duty_managers
        # The duty managers take turns: one has the day shift, the other the evening; they swap daily.
        evening = not 8 <= t0 % DAY // 3600 < 16
        receiver = managers[(t0 // DAY + evening) % len(managers)]
        by_office = channel in (Channel.LETTER, Channel.REFERRED) and state not in (State.ESCALATED, State.DECIDED)
        if by_office and rng.random() < 0.5:
            receiver = self.team.office

        slots = _Slots(rng)
        department = self._department(category, story)
        slots["_roles"] = story.roles
        slots["cat"] = category.name
        slots["dept"] = catalogue.departments[department][1]
        slots["person"] = rng.choice(_SURNAMES) + "某"
        slots["office"] = self.team.office.full_name
        bill = rng.randint(*theme.value) * 100
        slots["money"] = str(bill // 100)
        slots["location"] = rng.choice(story.places) if story.places else "客房" + slots["room"]

        customer_id, returning = self._customer(t0, channel, rows)
        severity = category.severity if rng.random() < 0.7 else rng.choice(_SEVERITIES)
        risk = rng.random() < theme.risk + 0.05 * returning + 0.05 * (severity == "high")
        narrative = self._narrative(story.template, channel, slots, returning, risk)
        if risk and severity == "low":
            severity = "medium"
        demand = _fill(rng.choice(story.demands), slots)
        if rng.random() < 0.2:
            demand += rng.choice(("，并保证以后不再发生", "，尽快给答复", "，否则不会罢休"))
        promised = rng.choice(_PROMISED_MINUTES[channel])

        case = _Case(self.next_complaint, t0, state, category, story, receiver, slots, department, bill, demand)
        self.next_complaint += 1
        self._step(case, 0, receiver, "received", category=category.code, channel=channel.value, severity=severity)
        stage = state
        if state == State.WITHDRAWN:
            stage = rng.weighted(_WITHDRAWN_STAGES, _WITHDRAWN_STAGE_WEIGHTS)
        if stage != State.RECEIVED:
            self._investigate(case, int(promised * 60 * rng.uniform(0.4, 1.5)))
        if stage not in (State.RECEIVED, State.INVESTIGATING):
            self._resolve(case, severity)
        if state == State.CLOSED:
            self._close(case)
        elif state == State.WITHDRAWN:
            self._withdraw(case)

        # A recent case's timeline is squeezed so that nothing happens after now.
        room = max(self.clock.now - 1 - t0, 0)
        squeeze = room / case.t if case.t > room else 1.0
        text = self.clock.text

        def at(offset: int | None) -> str | None:
            return None if offset is None else text(t0 + int(offset * squeeze))

        rows.complaints.append((
            case.id, state.value, customer_id, text(t0), receiver.id, channel.value, slots["location"],
            int(channel == Channel.IN_PERSON and rng.random() < 0.9), narrative, category.id, severity, demand, 1,
            promised, text(t0 + promised * 60), case.findings, case.department if case.liability else None,
            case.staff_involved, case.liability.value if case.liability else "", case.handoff, case.consent,
            case.counter, case.satisfaction, None, case.witness, at(case.consent_at), case.improvement,
            case.withdrawn_reason, at(case.closed_at), case.closer.id if case.closer else None, None,
            _WIZARD_PAGE[state], at(case.events[-1][0]),
        ))  # fmt: skip
        for proposal in case.proposals:
            rows.proposals.append(
                (*proposal[:3], at(proposal[3]), *proposal[4:12], at(proposal[12]), *proposal[13:16], at(proposal[16]))
            )
        rows.lines.extend(case.lines)
        rows.events.extend(
            (case.id, at(offset), actor, action, changes) for offset, actor, action, changes in case.events
        )
        if state == State.CLOSED and rng.random() < 0.3:
            self._follow_up(rows, case, t0 + int(case.t * squeeze))
        elif state == State.AGREED and rng.random() < 0.3:
            due = t0 + int(case.t * squeeze) + rng.randint(1, 3) * DAY
            rows.follow_ups.append(
                (case.id, FollowUpKind.PROMISED_ITEM.value, text(due), rng.choice(_PROMISED_ITEMS), None, None, "")
            )

    # -- the steps of a case ------------------------------------------------------------------------------------

    def _step(
        self, case: _Case, delay: int, actor: _Member, action: str, to: str | None = None, **changes: object
    ) -> None:
        """Append an audit event ``delay`` seconds after the previous step; ``to`` is the new state."""
        case.t += delay
        to = to or action
        key = (action, case.reached, to, *changes.items())
        text = self.changes_cache.get(key)
        if text is None:
            text = json.dumps({"state": [case.reached, to], **changes}, ensure_ascii=False, sort_keys=True)
            self.changes_cache[key] = text
        case.events.append((case.t, actor.id, action, text))
        case.reached = to

    def _investigate(self, case: _Case, delay: int) -> None:
        rng = self.rng
        story = case.story
        liability = rng.weighted(_LIABILITIES, _LIABILITY_WEIGHTS)
        if liability in (Liability.FULL, Liability.PARTIAL):
            causes = story.faults
        elif liability == Liability.MISUNDERSTANDING:
            causes = story.misunderstandings
        else:
            causes = story.no_fault
        cause, role, blamed = rng.choice(causes)
        department = self.catalogue.department_by_code.get(blamed or "")
        if department is not None:
            case.department = department
            case.slots["dept"] = self.catalogue.departments[department][1]
        text = rng.choice(_FINDING_OPENERS) + cause + rng.choice(_FINDING_CLOSERS[liability])
        case.findings = _fill((text, role, None), case.slots)
        case.liability = liability
        if case.slots["person"] in case.findings:
            case.staff_involved = case.slots["role"] + case.slots["person"]
        elif rng.random() < 0.4:
            case.staff_involved = case.slots["role"]
        department_code = self.catalogue.departments[case.department][0]
        self._step(case, delay, case.receiver, "investigated", "investigating", department=department_code,
                   liability=liability.value)  # fmt: skip

    def _resolve(self, case: _Case, severity: str) -> None:
        """Proposals up to where the case ends: escalation and the office's decision, the customer's answer."""
        rng = self.rng
        receiver = case.receiver
        state = case.state
        slots = case.slots
        liability = case.liability or Liability.PARTIAL
        needs_office = receiver is not self.team.office and (
            case.category.always_to_office
            or state in (State.ESCALATED, State.DECIDED)
            or rng.random() < (0.3 if severity == "high" else 0.08)
        )
        if state == State.WITHDRAWN:
            needs_office = needs_office and rng.random() < 0.5
        seq = 1
        delay = rng.randint(180, 1200)
        first = _Offer([])
        if state in (State.PROPOSED, State.AGREED, State.CLOSED) and rng.random() < 0.1:
            # A first offer the customer turned down.
            first = self._offer(case, False)
            self._step(case, delay, receiver, "proposed", proposal=seq, total=_yuan(first.total))
            offered = case.t
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.5 else ConsentAnswer.DECLINED
            explanation = rng.choice(_EXPLANATIONS[liability]).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=answer.value)
            case.counter = rng.choice(_COUNTER_DEMANDS).format_map(slots)
            # The answer stays with the offer it answered, as record_consent keeps it.
            self._proposal(case, seq, offered, explanation, answer.value, first, False,
                           answer=(answer.value, case.counter, None, case.t))  # fmt: skip
            seq = 2
            delay = rng.randint(300, 1800)

        offer = self._offer(case, needs_office)
        if seq == 2 and not needs_office:
            self._sweeten(case, offer, first.total)
        slots["total"] = _yuan(offer.total)
        slots["limit"] = _yuan(receiver.per_case)
        explanation = rng.choice(_EXPLANATIONS[liability]).format_map(slots)
        decision = decision_note = ""
        decided_by = decided_at = None
        author = receiver
        if needs_office:
            case.handoff = self._handoff(case, offer)
            self._step(case, delay, receiver, "escalated", proposal=seq, total=_yuan(offer.total))
            created = case.t
            status = ProposalStatus.ESCALATED
            if state not in (State.ESCALATED, State.WITHDRAWN):
                office = self.team.office
                wait = rng.randint(1200, 6 * 3600) if rng.random() < 0.8 else rng.randint(6 * 3600, 30 * 3600)
                choice = rng.weighted(_DECISIONS, _DECISION_WEIGHTS)
                asked = _Offer(list(offer.lines), offer.reason)
                decision_note = self._decide(case, offer, choice)
                if not decision_note:
                    choice = OfficeDecision.APPROVED
                    decision_note = rng.choice(_DECISION_NOTES[choice]).format_map(slots)
                self._step(case, wait, office, "decided", decision=choice.value)
                decision = choice.value
                decided_by = office.id
                decided_at = case.t
                status = ProposalStatus.DECIDED
                if choice == OfficeDecision.CHANGED:
                    # As decide() does: the desk's proposal is kept, superseded, and the office's
                    # changed remedy is a proposal of its own, made by the office account.
                    self._proposal(case, seq, created, "", ProposalStatus.SUPERSEDED.value, asked, True, decision,
                                   "", decided_by, decided_at)  # fmt: skip
                    seq += 1
                    created = decided_at
                    author = office
                if state != State.DECIDED:
                    total = _yuan(offer.total)
                    self._step(case, rng.randint(300, 3600), receiver, "proposed", proposal=seq, total=total)
                    status = ProposalStatus.OFFERED
        else:
            self._step(case, delay, receiver, "proposed", proposal=seq, total=_yuan(offer.total))
            created = case.t
            status = ProposalStatus.OFFERED

        if state in (State.AGREED, State.CLOSED):
            case.consent = ConsentAnswer.ACCEPTED.value
            case.satisfaction = rng.weighted(_SATISFACTION, _SATISFACTION_WEIGHTS)
            # Demo customers consent verbally before a witness: drawn signatures
            # would add kilobytes to every case.
            case.witness = rng.choice(_WITNESS_TITLES) + _person_name(rng)
            self._step(case, rng.randint(120, 900), receiver, "consent", "agreed", consent=case.consent,
                       satisfaction=case.satisfaction)  # fmt: skip
            case.consent_at = case.t
            case.counter = ""  # the complaint holds the last answer; an earlier counter-demand stays on its proposal
            status = ProposalStatus.ACCEPTED
        elif state == State.DECLINED:
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.4 else ConsentAnswer.DECLINED
            case.consent = answer.value
            if answer == ConsentAnswer.COUNTERED:
                case.counter = rng.choice(_COUNTER_DEMANDS).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=case.consent)
            case.consent_at = case.t
            status = ProposalStatus(answer.value)
        answered = (case.consent, case.counter, case.satisfaction, case.consent_at) if case.consent_at else None
        self._proposal(case, seq, created, explanation, status.value, offer, needs_office, decision, decision_note,
                       decided_by, decided_at, answered, author)  # fmt: skip

    def _close(self, case: _Case) -> None:
        rng = self.rng
        delay = rng.randint(120, 2400) if rng.random() < 0.7 else rng.randint(3600, 72 * 3600)
        case.closer = case.receiver if rng.random() < 0.85 else self.team.office
        if case.liability in (Liability.FULL, Liability.PARTIAL) and rng.random() < 0.3:
            case.improvement = _fill(rng.choice(case.story.improvements), case.slots)
        self._step(case, delay, case.closer, "closed")
        case.closed_at = case.t

    def _withdraw(self, case: _Case) -> None:
        case.closer = case.receiver
        case.withdrawn_reason = self.rng.choice(_WITHDRAWN_REASONS)
        self._step(case, self.rng.randint(300, 7200), case.closer, "withdrawn")
        case.closed_at = case.t

    # -- parts --------------------------------------------------------------------------------------------------

    def _state(self, index: int, t0: int) -> State:
        remaining = self.total - index
        missing = [s for s in State if s.value not in self.states_seen] if remaining <= len(State) else []
        if missing and len(missing) >= remaining:
            state = missing[0]  # every state appears, even in a small demo
        else:
            rng = self.rng
            age = (self.clock.now - t0) / DAY
            # Open cases are the last few days' (a desk closes what it receives); a
            # few stragglers wait for the office or the customer much longer.
            open_share = 0.002 + 0.8 * math.exp(-age / 2)
            draw = rng.random()
            if draw < open_share:
                weights = _OPEN_WEIGHTS[0 if age < 0.25 else 1 if age < 3 else 2]
                state = rng.weighted(_OPEN_STATES, weights)
            elif draw < open_share + WITHDRAWN_SHARE:
                state = State.WITHDRAWN
            else:
                state = State.CLOSED
        self.states_seen.add(state.value)
        return state

    def _department(self, category: _CategoryInfo, story: _Story) -> int:
        """Usually the category's own department, when it can answer for this story; else a fitting one."""
        key = (category.id, story.template)
        usual = self.story_departments.get(key)
        if usual is None:
            codes = self.catalogue.department_by_code
            usual = [codes[d] for d in story.departments if d in codes] or self.all_departments
            self.story_departments[key] = usual
        if category.department in usual and self.rng.random() < 0.75:
            return category.department
        return self.rng.choice(usual)

    def _customer(self, t0: int, channel: Channel, rows: _Rows) -> tuple[int | None, bool]:
        rng = self.rng
        if channel in (Channel.ONLINE, Channel.LETTER) and rng.random() < 0.25:
            return None, False  # anonymous
        if self.returning and rng.random() < RETURNING_SHARE:
            return rng.choice(self.returning), True
        customer_id = self.next_customer
        self.next_customer += 1
        draw = rng.random()
        if draw < 0.85:
            phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        elif draw < 0.93:
            area = rng.choice(_AREA_CODES)
            phone = area + str(rng.randint(2, 8)) + f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
        else:
            phone = ""
        note = rng.choice(_CUSTOMER_NOTES) if rng.random() < 0.04 else ""
        rows.customers.append((customer_id, _customer_name(rng), phone, self.clock.text(t0), note))
        if phone:
            if len(self.returning) < RETURNING_POOL:
                self.returning.append(customer_id)
            else:
                self.returning[self.returning_at] = customer_id
                self.returning_at = (self.returning_at + 1) % RETURNING_POOL
        return customer_id, False

    def _narrative(self, template: str, channel: Channel, slots: _Slots, returning: bool, risk: bool) -> str:
        rng = self.rng
        tail = rng.choice(_TAILS_WITHOUT_OCCASION if "{occasion}" in template else _TAILS)
        parts = [rng.choice(_CHANNEL_PREFIXES[channel]), rng.choice(_OPENERS), template, tail]
        if returning and rng.random() < 0.5:
            parts.append(rng.choice(_REPEAT_PHRASES))
        if risk:
            parts.append(rng.choice(_RISK_PHRASES))
        return "".join(parts).format_map(slots)

    def _offer(self, case: _Case, needs_office: bool) -> _Offer:
        """Compensation lines that fit the liability; within the receiver's authority unless the office decides."""
        rng = self.rng
        liability = case.liability
        if liability in (Liability.FULL, Liability.PARTIAL):
            count = 1 + (rng.random() < 0.5) + (liability == Liability.FULL)
            preferred = list(case.story.remedies)
            weights = [len(preferred) - i for i in range(len(preferred))]
            kinds: list[str] = []
            while len(kinds) < count and preferred:
                kind = rng.choices(preferred, weights)[0]
                position = preferred.index(kind)
                del preferred[position], weights[position]
                kinds.append(kind)
            if RemedyKind.APOLOGY not in kinds and rng.random() < 0.25:
                kinds.append(RemedyKind.APOLOGY)
        else:
            first = RemedyKind.INFORMATION if liability == Liability.MISUNDERSTANDING or rng.random() < 0.5 else None
            kinds = [first or RemedyKind.APOLOGY]
            if rng.random() < 0.4:
                kinds.append(rng.choice(_GOODWILL_KINDS))
        offer = _Offer([])
        for kind in kinds:
            remedy = self._remedy(kind, needs_office)
            if remedy is not None:
                offer.lines.append(self._line(case, remedy))
        limit = case.receiver.per_case
        if needs_office:
            if case.category.always_to_office:
                offer.reason = "category"
            elif any(line[0].office_only for line in offer.lines):
                offer.reason = "remedy"
            elif offer.total > limit:
                offer.reason = "limit"
            else:
                self._beyond_authority(case, offer, limit)
        else:
            offer.lines.sort(key=lambda line: line[2])
            while offer.total > limit and offer.lines:
                offer.lines.pop()
        if not offer.lines:
            fallback = self._remedy(RemedyKind.APOLOGY, False) or self._remedy(RemedyKind.INFORMATION, False)
            if fallback is None:
                fallback = min(
                    (r for group in self.catalogue.remedies_by_kind.values() for r in group if not r.office_only),
                    key=lambda r: (r.default, r.id),
                    default=next(iter(self.catalogue.remedies_by_kind.values()))[0],
                )
            offer.lines.append((fallback, fallback.name, 0))
        return offer

    def _sweeten(self, case: _Case, offer: _Offer, refused: int) -> None:
        """A new offer after a refusal gives more than the refused one, within the receiver's authority."""
        room = case.receiver.per_case - offer.total
        for kind in (RemedyKind.VOUCHER, RemedyKind.FREE_ITEM, RemedyKind.GIFT):
            if offer.total > refused:
                return
            remedy = self._remedy(kind, False)
            if remedy is not None:
                line = self._line(case, remedy)
                if line[2] <= room:
                    offer.lines.append(line)
                    room -= line[2]

    def _decide(self, case: _Case, offer: _Offer, choice: OfficeDecision) -> str:
        """The office's note; a change swaps office-only remedies for vouchers or cuts the amounts.
        '' when a change makes no sense (nothing to change)."""
        rng = self.rng
        slots = case.slots
        if choice != OfficeDecision.CHANGED:
            return rng.choice(_DECISION_NOTES[choice]).format_map(slots)
        voucher = self._remedy(RemedyKind.VOUCHER, False)
        swapped = [line for line in offer.lines if line[0].office_only and line[2]]
        if swapped and voucher is not None and rng.random() < 0.5:
            slots["remedy"] = swapped[0][0].name
            offer.lines = [
                (voucher, f"{_yuan(line[2])}元代金券（代替{line[0].name}）", line[2]) if line in swapped else line
                for line in offer.lines
            ]
            return _SWAPPED_TO_VOUCHER.format_map(slots)
        largest = max(offer.lines, key=lambda line: line[2])
        if voucher is None or largest[2] < 200 * 100:
            return ""
        count = max(1, int(largest[2] * rng.choice((0.5, 0.6, 0.7, 0.8))) // (100 * 100))
        offer.lines.remove(largest)
        offer.lines.append((voucher, f"赠送{_count_text(count)}张100元代金券", count * 100 * 100))
        slots["total"] = _yuan(offer.total)
        return rng.choice(_DECISION_NOTES[choice]).format_map(slots)

    def _beyond_authority(self, case: _Case, offer: _Offer, limit: int) -> None:
        """Make the offer one the desk may not grant: an office-only remedy or more money than the limit."""
        rng = self.rng
        office_only = [r for group in self.catalogue.remedies_by_kind.values() for r in group if r.office_only]
        if office_only and rng.random() < 0.5:
            remedy = rng.choice(office_only)
            description, amount = self._line(case, remedy)[1:]
            offer.lines.append((remedy, description, max(amount, 100 * 100)))
            offer.reason = "remedy"
            return
        for kind in (*case.story.remedies, RemedyKind.WAIVED_BILL, RemedyKind.COMPENSATION):
            remedy = self._remedy(kind, True)
            if remedy is not None:
                line = self._line(case, remedy)
                if offer.total + line[2] > limit:
                    offer.lines.append(line)
                    offer.reason = "limit"
                    return
        # Nothing the story calls for is worth that much: vouchers make up the amount.
        count = (limit - offer.total) // (100 * 100) + rng.randint(1, 5)
        remedy = self._remedy(RemedyKind.VOUCHER, True) or rng.choice(
            [r for group in self.catalogue.remedies_by_kind.values() for r in group]
        )
        offer.lines.append((remedy, f"赠送{_count_text(count)}张100元代金券", count * 100 * 100))
        offer.reason = "limit"

    def _remedy(self, kind: str, allow_office_only: bool) -> _RemedyInfo | None:
        group = self.catalogue.remedies_by_kind.get(kind)
        if not group:
            return None
        if not allow_office_only:
            group = [r for r in group if not r.office_only]
            if not group:
                return None
        return group[0] if len(group) == 1 else self.rng.choice(group)

    def _line(self, case: _Case, remedy: _RemedyInfo) -> tuple[_RemedyInfo, str, int]:
        """A compensation line of this remedy for this case: description and amount in fen."""
        rng = self.rng
        slots = case.slots
        story = case.story
        bill = case.bill
        kind = remedy.kind
        if kind == RemedyKind.DISCOUNT:
            rate, name = rng.choice(_DISCOUNTS)
            return remedy, f"账单打{name}折（原价{bill // 100}元）", bill * (100 - rate) // 10000 * 100
        if kind == RemedyKind.FREE_ITEM:
            if "饮" in remedy.name:
                pool = _FREE_DRINKS
            elif "果" in remedy.name or "甜" in remedy.name:
                pool = _FREE_SWEETS
            else:
                pool = _FREE_ITEMS
            return remedy, "赠送" + rng.choice(pool), remedy.default or rng.randint(28, 98) * 100
        if kind == RemedyKind.REPLACEMENT:
            what = slots["dish"] + "重新制作" if "dish" in slots else "重新制作/更换"
            return remedy, what, rng.randrange(38, 168, 2) * 100
        if kind == RemedyKind.WAIVED_BILL:
            if "dish" in slots and rng.random() < 0.6:
                return remedy, slots["dish"] + "免单", rng.randrange(38, 198, 2) * 100
            return remedy, "本单免单", bill
        if kind == RemedyKind.VOUCHER:
            value = rng.choice((50, 100, 100, 200))
            count = rng.choice((1, 1, 2))
            return remedy, f"赠送{_count_text(count)}张{value}元代金券", count * value * 100
        if kind == RemedyKind.REFUND:
            what = rng.choice(story.refunds)
            if "{dish}" in what or "{drink}" in what:
                amount = rng.randrange(28, 268, 2) * 100  # one dish or drink, not the whole bill
            else:
                amount = int(bill * rng.choice(case.category.theme.refund_shares)) // 100 * 100
            return remedy, "退还" + what.format_map(slots), amount
        if kind == RemedyKind.UPGRADE:
            return remedy, f"免费升级为{slots['room_type']}一晚", rng.choice((200, 280, 300, 400, 600)) * 100
        if kind == RemedyKind.GIFT:
            return remedy, "赠送" + rng.choice(_GIFTS), rng.randint(38, 198) * 100
        if kind == RemedyKind.EXCHANGE:
            return remedy, f"更换同款{slots['product']}" if "product" in slots else "更换同款新品", bill
        if kind == RemedyKind.REPAIR:
            return remedy, rng.choice(story.repairs).format_map(slots), rng.randint(3, 30) * 1000
        if kind == RemedyKind.COMPENSATION:
            amount = max(int(bill * rng.uniform(0.3, 1.0)) // 100 * 100, 100 * 100)
            return remedy, rng.choice(story.compensations).format_map(slots), amount
        if kind == RemedyKind.APOLOGY:
            written = ("{dept}经理签署书面致歉信", "向顾客出具书面致歉", "{dept}出具书面道歉")
            spoken = ("{dept}经理当面致歉", "当事员工当面致歉", "值班经理代表酒店致歉")
            return remedy, rng.choice(written if "书面" in remedy.name else spoken).format_map(slots), 0
        if kind == RemedyKind.INFORMATION:
            return remedy, rng.choice(("向顾客解释有关规定", "提供书面说明", "向顾客说明调查结果")), 0
        return remedy, remedy.name, remedy.default

    def _handoff(self, case: _Case, offer: _Offer) -> str:
        slots = case.slots
        slots["demand_short"] = case.demand.removeprefix("要求")
        if offer.reason == "category":
            pool = _HANDOFF_CATEGORY
        elif offer.reason == "remedy":
            slots["remedy"] = next(line[0].name for line in offer.lines if line[0].office_only)
            pool = _HANDOFF_REMEDY
        else:
            pool = _HANDOFF_OVER_LIMIT
        return self.rng.choice(pool).format_map(slots)

    def _proposal(self, case: _Case, seq: int, created: int, explanation: str, status: str, offer: _Offer,
                  needs_office: bool, decision: str = "", decision_note: str = "", decided_by: int | None = None,
                  decided_at: int | None = None, answer: tuple[str, str, int | None, int] | None = None,
                  author: _Member | None = None) -> None:  # fmt: skip
        """One proposal row and its lines; ``answer`` is (answer, counter-demand, satisfaction, time)."""
        proposal_id = self.next_proposal
        self.next_proposal += 1
        case.proposals.append((
            proposal_id, case.id, seq, created, (author or case.receiver).id, explanation, status, _yuan(offer.total),
            int(needs_office), decision, decision_note, decided_by, decided_at, *(answer or ("", "", None, None)),
        ))  # fmt: skip
        case.lines.extend(
            (proposal_id, remedy.id, description, _yuan(amount), case.department)
            for remedy, description, amount in offer.lines
        )

    def _follow_up(self, rows: _Rows, case: _Case, closed: int) -> None:
        rng = self.rng
        now = self.clock.now
        due = (closed // DAY + rng.randint(1, 3)) * DAY + rng.randint(10 * 3600, 17 * 3600)
        if rng.random() < 0.8:
            kind = FollowUpKind.CALL_BACK
            description = rng.choice(_CALL_BACKS).format_map(case.slots)
            result = rng.choice(_CALL_BACK_RESULTS).format_map(case.slots)
        else:
            kind = FollowUpKind.PROMISED_ITEM
            description = rng.choice(_PROMISED_ITEMS)
            result = rng.choice(_PROMISED_RESULTS)
        if due < now:
            done = min(due + rng.randint(0, 4 * 3600), now - 1)
            row = (
                case.id,
                kind.value,
                self.clock.text(due),
                description,
                self.clock.text(done),
                case.receiver.id,
                result,
            )
        else:
            row = (case.id, kind.value, self.clock.text(due), description, None, None, "")
        rows.follow_ups.append(row)


def _count_text(count: int) -> str:
    return _CHINESE_COUNTS[count] if count < len(_CHINESE_COUNTS) else str(count)


def _fill(text: Tagged, slots: _Slots) -> str:
    """Format a pooled text; a text about a named role fixes the role unless the story has named one already."""
    template, role, _ = text
    if role is not None and "role" not in slots:
        slots["role"] = role
    return template.format_map(slots)


def _person_name(rng: random.Random) -> str:
    given = _MALE_GIVEN if rng.random() < 0.5 else _FEMALE_GIVEN
    return rng.choice(_SURNAMES) + rng.choice(given)


def _customer_name(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.62:
        return _person_name(rng)
    if draw < 0.95:
        return rng.choice(_SURNAMES) + rng.choice(("先生", "女士"))
    return ""  # the customer would not give a name


# ---------------------------------------------------------------------------------------------------------------
# Entry point


def generate_demo(
    complaints: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> list[DemoAccount]:
    """Fill the open database with catalogues, demo staff and ``complaints`` cases of the year before ``now``.

    Returns the accounts created, with their passwords (drawn at random, shown once: only their hashes are
    kept); accounts whose user name exists already are kept as they are and not returned. The database is
    marked as demo data. ``progress(done, total)`` is called after each batch.
    """
    if complaints < 0:
        raise ValueError("the number of complaints cannot be negative")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    load_defaults()
    settings.put(settings.DEMO_DATA, True)
    if not settings.get(settings.ORGANISATION_NAME):
        organisation = random.Random(f"complaint-desk-demo-organisation:{seed}").choice(_ORGANISATIONS)
        settings.put(settings.ORGANISATION_NAME, organisation)
    accounts, team = _ensure_staff(seed)
    catalogue = _Catalogue.load()
    rng = _Random(seed)
    clock = _Clock(now)
    generator = _Generator(rng, clock, catalogue, team, complaints)
    arrivals = clock.arrivals(rng, complaints)
    done = 0
    while done < complaints:
        size = min(BATCH_SIZE, complaints - done)
        rows = _Rows()
        for index in range(done, done + size):
            generator.complaint(index, next(arrivals), rows)
        rows.write()
        done += size
        if progress is not None:
            progress(done, complaints)
    return accounts


def demo_password() -> str:
    """A fresh password for a demo account: never the same on two installs
    (the seed reproduces the data, not the keys to it), easy to read out."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _ensure_staff(seed: int) -> tuple[list[DemoAccount], _Team]:
    pick = random.Random(f"complaint-desk-demo-staff:{seed}")
    managers = pick.sample(_DUTY_MANAGERS, 2)
    plan = [
        (username, full_name, Role.DUTY_MANAGER, *limits)
        for (username, full_name), limits in zip(managers, _DUTY_LIMITS, strict=True)
    ]
    plan.append(("office", pick.choice(_OFFICE_NAMES), Role.OFFICE, *_OFFICE_LIMITS))
    plan.append(("admin", pick.choice(_ADMIN_NAMES), Role.ADMIN, Decimal("0.00"), Decimal("0.00")))
    grantable = [r.id for r in Remedy.select(Remedy.id).where(Remedy.active, ~Remedy.office_only).order_by(Remedy.id)]
    accounts: list[DemoAccount] = []
    members: dict[str, _Member] = {}
    for username, full_name, role, per_case, daily in plan:
        password = demo_password()
        staff = Staff.get_or_none(Staff.username == username)
        if staff is None:
            with db.atomic():
                staff = create_staff(username, full_name, role, password, per_case, daily)
                if role == Role.DUTY_MANAGER and grantable:
                    StaffRemedy.insert_many([{"staff": staff.id, "remedy": r} for r in grantable]).execute()
            accounts.append(DemoAccount(username, full_name, role, password))
        members[username] = _Member(staff.id, staff.full_name, int(Decimal(staff.per_case_limit) * 100))
    duty = tuple(members[username] for username, *_ in plan[:2])
    return accounts, _Team(duty_managers=duty, office=members["office"])
