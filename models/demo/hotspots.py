"""Hot-spots planted in the demo: runs of one problem at one place in some weeks, and air-conditioning in the
rooms rising through the summer, for ``models.control.hotspots`` to find (issue 13). The cockroaches at the buffet
come back a month after the first run (the improvement action on them did not work, ``models.demo.improvement``),
and the last run is still going on the demo's last day, so the office's overview has a hot-spot to show.

A planted complaint is an ordinary one of the run's category and story, its place and its problem fixed; it
replaces the complaint that would have been drawn, so the demo keeps its size. The share of complaints planted
is the larger of enough for six in a run and a fixed share, so a run stands out at 300 complaints a year as at a
million.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.demo.clock import DAY, DAYS
from models.demo.slots import FastRandom
from models.demo.store import Catalogue, CategoryInfo
from models.demo.texts import Story

RUN_SIZE = 12
MIN_SHARE = 0.003
SEASONAL_PEAK_SHARE = 0.02


@dataclass(frozen=True)
class Run:
    """``days`` days from ``start`` (days after the demo's first day): one story at one place."""

    start: int
    days: int
    category: str  # category code
    template_word: str  # a word of the story's template
    place: str  # "" for a guest room (the story names one)
    slot: tuple[str, str] | None  # a slot fixed: (name, value)


RUNS = (
    Run(150, 7, "food_safety", "吃出{foreign}", "二楼中餐厅", ("foreign", "一根头发")),
    Run(240, 10, "hygiene", "蟑螂", "自助餐厅", None),
    Run(275, 10, "hygiene", "蟑螂", "自助餐厅", None),
    Run(330, 7, "waiting_time", "退房", "前台", None),
    Run(DAYS - 6, 7, "hygiene", "老鼠", "行政酒廊", None),
)
SEASONAL = ("facility_fault", "{aircon}")  # June to August, peaking in late July


@dataclass(frozen=True)
class Planted:
    category: CategoryInfo
    story: Story
    place: str
    slot: tuple[str, str] | None


def planted(rng: FastRandom, t0: int, first_day: dt.date, total: int, catalogue: Catalogue) -> Planted | None:
    """The planted complaint to receive at ``t0`` (seconds after the first demo day began) instead of a drawn
    one, or None. One draw of ``rng`` per complaint."""
    draw = rng.random()
    day = t0 // DAY
    per_day = max(total / DAYS, 1e-9)
    for run in RUNS:
        if run.start <= day < run.start + run.days:
            share = max(RUN_SIZE / (per_day * run.days), MIN_SHARE)
            if draw < share:
                return _planted(catalogue, run.category, run.template_word, run.place, run.slot)
            return None
    date = first_day + dt.timedelta(days=day)
    summer = (date - dt.date(date.year, 6, 1)).days
    if 0 <= summer < 92:
        peak = 1 - abs(summer - 55) / 55  # from 0 on 1 June to 1 in late July and down again
        if draw < SEASONAL_PEAK_SHARE * max(peak, 0.0):
            return _planted(catalogue, SEASONAL[0], SEASONAL[1], "", ("aircon", "一直不制冷"))
    return None


def _planted(catalogue: Catalogue, code: str, word: str, place: str, slot: tuple[str, str] | None) -> Planted | None:
    category = next((c for c in catalogue.categories if c.code == code), None)
    if category is None:
        return None  # a catalogue without it: nothing planted
    story = next((s for s in category.theme.stories if word in s.template), None)
    if story is None:
        return None
    return Planted(category, story, place, slot)
