"""The demo's text pools, read once from resources/demo/*.json, and the per-category themes and stories
parsed from them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.complaint import Channel, Liability, OfficeDecision

# The text pools (names, phrases, per-category themes) are data: resources/demo/*.json, read at import.
DEMO_TEXTS = Path(__file__).resolve().parents[2] / "resources" / "demo"


def _frozen(value: Any) -> Any:
    """JSON's lists as tuples: the pools stay as immutable as the literals they were written as."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _read_texts(name: str) -> dict[str, Any]:
    texts: dict[str, Any] = _frozen(json.loads((DEMO_TEXTS / f"{name}.json").read_text(encoding="utf-8")))
    return texts


PEOPLE_TEXTS = _read_texts("people")
PHRASES = _read_texts("phrases")
_THEME_TEXTS = _read_texts("themes")


# Text pools: slots filled on demand (see Slots) and per-category themes.

SURNAMES: str = PEOPLE_TEXTS["surnames"]
MALE_GIVEN: tuple[str, ...] = PEOPLE_TEXTS["male_given"]
FEMALE_GIVEN: tuple[str, ...] = PEOPLE_TEXTS["female_given"]
MOBILE_PREFIXES: tuple[str, ...] = PEOPLE_TEXTS["mobile_prefixes"]
AREA_CODES: tuple[str, ...] = PEOPLE_TEXTS["area_codes"]
CUSTOMER_NOTES: tuple[str, ...] = PEOPLE_TEXTS["customer_notes"]
WITNESS_TITLES: tuple[str, ...] = PEOPLE_TEXTS["witness_titles"]

DISHES: tuple[str, ...] = PHRASES["dishes"]
WESTERN_DISHES: tuple[str, ...] = PHRASES["western_dishes"]
DRINKS: tuple[str, ...] = PHRASES["drinks"]
WHEN: tuple[str, ...] = PHRASES["when"]
CLOCK: tuple[str, ...] = PHRASES["clock"]
PEOPLE: tuple[str, ...] = PHRASES["people"]
OCCASIONS: tuple[str, ...] = PHRASES["occasions"]
COUNT_WORDS: tuple[str, ...] = PHRASES["count_words"]
WAITS: tuple[str, ...] = PHRASES["waits"]
ROOM_TYPES: tuple[str, ...] = PHRASES["room_types"]  # by grade
EVENTS: tuple[str, ...] = PHRASES["events"]
ITEMS: tuple[str, ...] = PHRASES["items"]
PRODUCTS: tuple[str, ...] = PHRASES["products"]
FREE_ITEMS: tuple[str, ...] = PHRASES["free_items"]
FREE_DRINKS: tuple[str, ...] = PHRASES["free_drinks"]
FREE_SWEETS: tuple[str, ...] = PHRASES["free_sweets"]
SWAPPED_TO_VOUCHER: str = PHRASES["swapped_to_voucher"]
GIFTS: tuple[str, ...] = PHRASES["gifts"]
DISCOUNTS: tuple[tuple[int, str], ...] = PHRASES["discounts"]
OPENERS: tuple[str, ...] = PHRASES["openers"]
REPEAT_PHRASES: tuple[str, ...] = PHRASES["repeat_phrases"]
RISK_PHRASES: tuple[str, ...] = PHRASES["risk_phrases"]
# A place named but not threatened: negations and near misses (models/control/risk.py must not count them).
CALM_MENTIONS: tuple[str, ...] = PHRASES["calm_mentions"]
ALERT_NOTES: tuple[str, ...] = PHRASES["alert_notes"]
ACKNOWLEDGE_NOTES: tuple[str, ...] = PHRASES["acknowledge_notes"]
TAKE_OVER_NOTES: tuple[str, ...] = PHRASES["take_over_notes"]
CHANNEL_PREFIXES: dict[Channel, tuple[str, ...]] = {Channel(k): v for k, v in PHRASES["channel_prefixes"].items()}
FINDING_OPENERS: tuple[str, ...] = PHRASES["finding_openers"]
FINDING_CLOSERS: dict[Liability, tuple[str, ...]] = {Liability(k): v for k, v in PHRASES["finding_closers"].items()}
EXPLANATIONS: dict[Liability, tuple[str, ...]] = {Liability(k): v for k, v in PHRASES["explanations"].items()}
HANDOFF_OVER_LIMIT: tuple[str, ...] = PHRASES["handoff_over_limit"]
HANDOFF_CATEGORY: tuple[str, ...] = PHRASES["handoff_category"]
HANDOFF_REMEDY: tuple[str, ...] = PHRASES["handoff_remedy"]
DECISION_NOTES: dict[OfficeDecision, tuple[str, ...]] = {
    OfficeDecision(k): v for k, v in PHRASES["decision_notes"].items()
}
COUNTER_DEMANDS: tuple[str, ...] = PHRASES["counter_demands"]
WITHDRAWN_REASONS: tuple[str, ...] = PHRASES["withdrawn_reasons"]
CALL_BACKS: tuple[str, ...] = PHRASES["call_backs"]
CALL_BACK_RESULTS: tuple[str, ...] = PHRASES["call_back_results"]
PROMISED_ITEMS: tuple[str, ...] = PHRASES["promised_items"]
PROMISED_RESULTS: tuple[str, ...] = PHRASES["promised_results"]

TAILS: tuple[str, ...] = PHRASES["tails"]
TAILS_WITHOUT_OCCASION = tuple(t for t in TAILS if "{occasion}" not in t)


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
class Story:
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
class Theme:
    """How the complaints of one kind of category go."""

    weight: int
    stories: tuple[Story, ...]
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
) -> Theme:
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
            Story(
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
    return Theme(weight, tuple(stories), value, risk, refund_shares)


THEMES: dict[str, Theme] = {code: _theme(**spec) for code, spec in _THEME_TEXTS["themes"].items()}

# Category codes of resources/catalog/defaults.json; other categories are matched by words in their names.
THEME_BY_CODE: dict[str, str] = _THEME_TEXTS["theme_by_code"]
THEME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = _THEME_TEXTS["theme_words"]
