"""Drawing texts: the cheap random source, template slots filled on first use, names of people."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, TypeVar

from models.demo.texts import (
    CLOCK,
    COUNT_WORDS,
    DISHES,
    DRINKS,
    EVENTS,
    FEMALE_GIVEN,
    ITEMS,
    MALE_GIVEN,
    OCCASIONS,
    PEOPLE,
    PHRASES,
    PRODUCTS,
    ROOM_TYPES,
    SURNAMES,
    WAITS,
    WESTERN_DISHES,
    WHEN,
    Tagged,
)

T = TypeVar("T")


class FastRandom(random.Random):
    """``random.Random`` with cheaper draws: a million complaints make tens of millions of them."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        """An item drawn with weights given as running totals (itertools.accumulate)."""
        return items[bisect.bisect_right(cumulative, self.random() * cumulative[-1])]


def running_totals(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


class Slots(dict[str, Any]):
    """Template values drawn on first use, so every text of one complaint names the same dish, room, …"""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = _SLOT_MAKERS[key](self.rng, self)
        self[key] = value
        return value


def _pick(*pool: str) -> Callable[[random.Random, Slots], str]:
    return lambda rng, slots: rng.choice(pool)


# A problem the customer names: (the role who usually causes it, causes, a harmless explanation or "").
_FOOD_PROBLEMS: dict[str, tuple[str, tuple[str, ...], str]] = PHRASES["food_problems"]
_FOREIGN_OBJECTS: dict[str, tuple[str, tuple[str, ...], str]] = PHRASES["foreign_objects"]
_FOOD_PROBLEM_NAMES = tuple(_FOOD_PROBLEMS)
_FOREIGN_NAMES = tuple(_FOREIGN_OBJECTS)
_HARD_FOREIGN_NAMES: tuple[str, ...] = PHRASES["hard_foreign_names"]


def _hard_foreign(rng: random.Random, slots: Slots) -> str:
    """Something that can chip a tooth; it is then the story's foreign object."""
    foreign = slots["foreign"] = rng.choice(_HARD_FOREIGN_NAMES)
    return foreign


def _cause(rng: random.Random, slots: Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    role, causes, _ = problem
    slots.setdefault("role", role)
    return rng.choice(causes).format_map(slots)


def _explained(slots: Slots, problem: tuple[str, tuple[str, ...], str]) -> str:
    return (problem[2] or "经检查，顾客反映的情况与本店出品标准相符，已介绍本店的做法并推荐其他菜品").format_map(slots)


def _dish(rng: random.Random, slots: Slots) -> str:
    location = slots.get("location", "")
    western = "西餐" in location or "咖啡" in location
    return rng.choice(WESTERN_DISHES if western else DISHES)


def _other_dish(rng: random.Random, slots: Slots) -> str:
    first = slots["dish"]
    second = _dish(rng, slots)
    return second if second != first else _dish(rng, slots)


def _lower_room_type(rng: random.Random, slots: Slots) -> str:
    booked = ROOM_TYPES.index(slots["room_type"])
    return rng.choice(ROOM_TYPES[:booked]) if booked else ROOM_TYPES[0]


def _price(rng: random.Random, slots: Slots) -> str:
    return str(rng.randrange(38, 268, 2))


def _higher_price(rng: random.Random, slots: Slots) -> str:
    return str(int(slots["price"]) + rng.choice((10, 20, 30, 40, 60)))


# Slots drawn from a written list are in resources/demo/phrases.json; these are computed.
_SLOT_MAKERS: dict[str, Callable[[random.Random, Slots], str]] = {
    **{name: _pick(*pool) for name, pool in PHRASES["slots"].items()},
    "dish": _dish,
    "dish2": _other_dish,
    "drink": _pick(*DRINKS),
    "when": _pick(*WHEN),
    "clock": _pick(*CLOCK),
    "people": _pick(*PEOPLE),
    "occasion": lambda rng, slots: slots["event"] if "event" in slots else rng.choice(OCCASIONS),
    "count": _pick(*COUNT_WORDS),
    "number": lambda rng, slots: str(rng.randint(3, 12)),
    "minutes": lambda rng, slots: str(rng.choice((15, 20, 25, 30, 35, 40))),
    "days": lambda rng, slots: str(rng.randint(2, 30)),
    "wait": _pick(*WAITS),
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
    "room_type": _pick(*ROOM_TYPES[3:]),  # one worth an upgrade
    "booked_type": lambda rng, slots: slots.setdefault("room_type", rng.choice(ROOM_TYPES[2:])),
    "lower_type": _lower_room_type,
    "event": _pick(*EVENTS),
    "item": _pick(*ITEMS),
    "product": _pick(*PRODUCTS),
}


_CHINESE_COUNTS = ("", "一", "两", "三")


def count_text(count: int) -> str:
    return _CHINESE_COUNTS[count] if count < len(_CHINESE_COUNTS) else str(count)


def fill(text: Tagged, slots: Slots) -> str:
    """Format a pooled text; a text about a named role fixes the role unless the story has named one already."""
    template, role, _ = text
    if role is not None and "role" not in slots:
        slots["role"] = role
    return template.format_map(slots)


def person_name(rng: random.Random) -> str:
    given = MALE_GIVEN if rng.random() < 0.5 else FEMALE_GIVEN
    return rng.choice(SURNAMES) + rng.choice(given)


def customer_name(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.62:
        return person_name(rng)
    if draw < 0.95:
        return rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
    return ""  # the customer would not give a name
