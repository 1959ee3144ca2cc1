"""Hot-spots (热点投诉): groups of complaints recurring more than their own normal, as of a date.

A group (``tallies.GroupKind``: a category, a location, a department, a member of staff, a category at a
location, a phrase within a category or at a location) is judged in three rolling windows ending on the date: the
day (against the same weekday of the eight weeks before), the last 7 days and the last 28 days (each against the
eight windows of its length before it), by the simplified Farrington method of ``models.control.farrington``.
A window is judged only when its eight comparable windows, or at least four of them, lie after the desk's first
complaint. Two additions to the method, both measured on the demo (README, "Hot-spots"):

- the comparable windows' counts are scaled to the window's volume of all complaints (when both hold 30 or
  more): a holiday week with half as many guests again brings half as many complaints of every kind again;
  without it every busy group rose together at each holiday;
- of the windows unusual on a date, only those that stay so among all the windows judged that date are kept
  (Benjamini-Hochberg, 5 % false discoveries): a desk with thousands of groups sees some rise by chance. Every
  group with a complaint in a window counts as judged there, not only those that reached the minimum count:
  each of the many quiet groups could have reached it by chance (counting the few that did let the 20,000-
  complaint demo show 3.2 hot-spots a date, most of them chance; a million complaints 21). "Since" follows the
  group's run of unusual days window by window.

The desk's question and the overview agree: the desk judges the complaint's own groups afresh beside today's
snapshot of the last full detection (``hotspot_snapshot``, kept by every detection of today), its other
groups' judgements, the number of windows judged and who is unusual since when; it runs a full detection
itself when the snapshot is older than SNAPSHOT_FRESH.

What the office sees is one hot-spot per problem: a group's windows give one hot-spot (the most surprising
window); of the phrases rising together at one place or in one category (the words of the same complaints) the
most surprising leads and the others are its related words; and a wider group whose rise one hot-spot explains
(at least half of its excess: 中餐厅 as a whole when "头发" at 中餐厅 rose) is listed with it rather than apart.

Entry points: ``active_hotspots`` (the office's overview and ``main.py hotspots``), ``hotspots_joined`` (the
desk after a step: does this complaint join an active hot-spot?), ``hotspot_complaints`` (the complaints of a
hot-spot, for the register). A hot-spot's ``key`` (kind, scope, value, since) is its stable identity: the same
on every later date while the group stays unusual, for an improvement action to link to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from peewee import CharField, DateTimeField, IntegerField, TextField

from models.base import BaseModel, db, is_postgresql
from models.complaint import shown_number
from models.control.farrington import BASELINE_WINDOWS, MIN_BASELINE_WINDOWS, MIN_COUNT, Baseline, baseline, quantile
from models.control.phrases import is_noun, phrases
from models.control.tallies import RULES, GroupKind, Key, catch_up, executemany, executor, group_ids, group_keys
from models.errors import QT_TRANSLATE_NOOP

# How far back "since" is looked for: a group unusual for longer than this is so "since at least" then.
SINCE_LOOKBACK_DAYS = 91
# The desk's quick pass tallies at most this many new complaints (the office's pass does the rest).
DESK_CATCH_UP = 200
# The desk judges a new complaint beside a detection of today at most this old, else runs one itself.
SNAPSHOT_FRESH = dt.timedelta(minutes=10)
# Comparable windows are scaled to this window's volume of complaints when both hold at least this many.
VOLUME_MIN = 30
# Of the hot-spots shown on a date, at most this share is expected to be chance (Benjamini-Hochberg).
FALSE_DISCOVERY_RATE = 0.05
# A wider group is explained by a narrower one that holds at least this share of its excess.
EXPLAINED_SHARE = 0.5
# A hot-spot is a problem coming back for several customers: its window holds complaints from at least this many
# (a complaint of no known customer counts as one). One guest calling the desk six times an evening about the
# air conditioning made two hot-spots (the phrase at the room, and the whole category) for one voice.
MIN_CUSTOMERS = MIN_COUNT
# How long a window's count of customers is taken as known (its complaints' customers seldom change after).
CUSTOMERS_FRESH = dt.timedelta(minutes=10)


class Window(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


WINDOW_DAYS = {Window.DAY: 1, Window.WEEK: 7, Window.MONTH: 28}
# Comparable windows lie this many days apart: a day is compared with the same weekday of earlier weeks.
WINDOW_STEP = {Window.DAY: 7, Window.WEEK: 7, Window.MONTH: 28}
# Days of history a judgement reads: the window and its comparable ones.
HISTORY_DAYS = {w: WINDOW_STEP[w] * BASELINE_WINDOWS + WINDOW_DAYS[w] for w in Window}
SPAN = max(HISTORY_DAYS.values())

# A phrase said by this many times the lead's complaints names the hot-spot instead (``_named_by_the_most``).
DECISIVELY_MORE = 1.5
# How specific each kind is: a more specific hot-spot is kept, the wider one it explains goes with it.
_SPECIFICITY = {
    GroupKind.PHRASE_LOCATION: 0,
    GroupKind.PHRASE_CATEGORY: 1,
    GroupKind.CATEGORY_LOCATION: 2,
    GroupKind.STAFF: 3,
    GroupKind.DEPARTMENT: 3,
    GroupKind.LOCATION: 4,
    GroupKind.CATEGORY: 4,
}


@dataclass(frozen=True)
class Sentence:
    """A sentence for a person: an English template marked for translation (context "Hotspot") and its
    values, which may be sentences themselves. ``str()`` gives the English; a screen translates the template
    and each sentence among the values, then formats."""

    template: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**{name: str(value) for name, value in self.params.items()})

    def english(self) -> str:
        """The English, with the catalogues' English names (``str()`` keeps the Chinese originals: the command
        line said "complaints about 卫生")."""
        return self.template.format(**{name: _english(value) for name, value in self.params.items()})


@dataclass(frozen=True)
class Name:
    """A name in a sentence: a catalogue's (a category, a department) has an English one too, which a screen in
    English shows; ``str()`` is the Chinese original. ``common``: a category's or a location's name, a common
    noun, whose English name begins in lower case inside a sentence (``in_sentence``); a department's or a
    person's keeps its capital."""

    name: str
    name_en: str = ""
    common: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def english(self) -> str:
        """The name an English sentence shows: the English one (lower case first when ``common``), else the
        original."""
        if not self.name_en:
            return self.name
        return in_sentence(self.name_en) if self.common else self.name_en


def _english(value: object) -> str:
    if isinstance(value, Sentence):
        return value.english()
    if isinstance(value, Name):
        return value.english
    return str(value)


# The first words that keep their capital inside an English sentence (a Chinese restaurant is not a chinese one).
_PROPER_WORDS = frozenset((
    "Chinese", "English", "Western", "Japanese", "Korean", "French", "Italian", "Thai", "Indian", "Asian", "European",
    "American", "Cantonese", "Sichuan", "Hunan", "Shanghai", "Beijing", "Canton", "Halal", "Muslim", "Christmas",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
))  # fmt: skip


def in_sentence(name: str) -> str:
    """A catalogue's English name (a category, a location, a channel) as it stands inside a sentence: its first
    letter lower case ("Complaints about food quality fell"), unless its first word is an acronym, holds a digit
    or a capital further on, is one letter or a proper word ("VIP room", "12315 platform", "Wi-Fi", "Chinese
    restaurant")."""
    first = name.split(maxsplit=1)[0] if name.strip() else ""
    if not first or first in _PROPER_WORDS or len(first) == 1 or not re.fullmatch(r"[A-Z][a-z'’\-]*", first):
        return name
    return name[0].lower() + name[1:]


@dataclass(frozen=True)
class Group:
    """A group of complaints with the names it is shown by (a category's and a department's of today)."""

    kind: GroupKind
    scope: str
    value: str
    name: str  # the category's or department's name, the location, the staff member or the phrase
    scope_name: str  # the location, or the category's name (phrase in a category), else ""
    name_en: str = ""  # the category's, department's or location's English name
    scope_name_en: str = ""  # the location's or the category's English name (a phrase at a location, in a category)

    @property
    def key(self) -> Key:
        return (self.kind, self.scope, self.value)

    def describe(self) -> Sentence:
        templates = {
            GroupKind.CATEGORY: QT_TRANSLATE_NOOP("Hotspot", "complaints about {name}"),
            GroupKind.LOCATION: QT_TRANSLATE_NOOP("Hotspot", "complaints at {name}"),
            GroupKind.DEPARTMENT: QT_TRANSLATE_NOOP("Hotspot", "complaints for {name}"),
            GroupKind.STAFF: QT_TRANSLATE_NOOP("Hotspot", "complaints involving {name}"),
            GroupKind.CATEGORY_LOCATION: QT_TRANSLATE_NOOP("Hotspot", "{name} at {scope}"),
            GroupKind.PHRASE_CATEGORY: QT_TRANSLATE_NOOP("Hotspot", "“{name}” in {scope}"),
            GroupKind.PHRASE_LOCATION: QT_TRANSLATE_NOOP("Hotspot", "“{name}” at {scope}"),
        }
        # A category's or a location's name is a common noun; a department, a person and a phrase (the customers'
        # words) are named as they are.
        common = self.kind in (GroupKind.CATEGORY, GroupKind.LOCATION, GroupKind.CATEGORY_LOCATION)
        names = {
            "name": Name(self.name, self.name_en, common),
            "scope": Name(self.scope_name, self.scope_name_en, True),  # a location, or a category
        }
        return Sentence(templates[self.kind], dict(names))


@dataclass(frozen=True)
class HotspotKey:
    """A hot-spot's identity: its group and the first day it was unusual (stable on later dates)."""

    kind: str
    scope: str
    value: str
    since: dt.date

    @property
    def text(self) -> str:
        return "\t".join((self.kind, self.scope, self.value, self.since.isoformat()))

    @classmethod
    def from_text(cls, text: str) -> HotspotKey:
        kind, scope, value, since = text.split("\t")
        return cls(kind, scope, value, dt.date.fromisoformat(since))


@dataclass(frozen=True)
class Judgement:
    """One group in one window: its count and what it was judged against."""

    window: Window
    first_day: dt.date
    last_day: dt.date
    count: int
    baseline: Baseline
    trend: tuple[int, ...]  # the comparable windows' counts and this one's, oldest first

    @property
    def surprise(self) -> float:
        return self.baseline.surprise(self.count)

    def window_label(self) -> Sentence:
        if self.window == Window.DAY:
            return Sentence(QT_TRANSLATE_NOOP("Hotspot", "on {day}"), {"day": self.last_day.isoformat()})
        return Sentence(
            QT_TRANSLATE_NOOP("Hotspot", "in the {days} days to {day}"),
            {"days": WINDOW_DAYS[self.window], "day": self.last_day.isoformat()},
        )


@dataclass(frozen=True)
class Related:
    """A group that rose with a hot-spot: another phrase of the same complaints, or a wider group the
    hot-spot explains. Its own key, so that whatever names it (the desk) leads to the same hot-spot."""

    group: Group
    judgement: Judgement
    since: dt.date


@dataclass(frozen=True)
class Hotspot:
    key: HotspotKey
    group: Group
    judgement: Judgement  # the most surprising of the group's unusual windows
    since: dt.date
    since_capped: bool  # unusual for longer than SINCE_LOOKBACK_DAYS: "since at least"
    related: tuple[Related, ...]

    @property
    def count(self) -> int:
        return self.judgement.count

    @property
    def expected(self) -> float:
        return self.judgement.baseline.expected

    @property
    def threshold(self) -> int:
        """The count above which the window is unusual: above the baseline's threshold, and MIN_COUNT at least
        (a usual 0 has a threshold of 2, yet 3 or 4 complaints are no hot-spot)."""
        return max(self.judgement.baseline.threshold, MIN_COUNT - 1)

    @property
    def trend(self) -> tuple[int, ...]:
        return self.judgement.trend

    def reason(self) -> Sentence:
        """One line: the group, its count in the window, what is usual and where unusual begins."""
        return Sentence(
            QT_TRANSLATE_NOOP(
                "Hotspot", "{group}: {count} complaints {window}; usually {expected}, unusual above {threshold}"
            ),
            {
                "group": self.group.describe(),
                "count": self.count,
                "window": self.judgement.window_label(),
                "expected": f"{self.expected:.1f}".removesuffix(".0"),  # a usual 0 or 3 is not 0.0 or 3.0
                "threshold": self.threshold,
            },
        )


@dataclass(frozen=True)
class HotspotMatch:
    """An active hot-spot a complaint belongs to, by the complaint's own group in it (the lead or a related
    one): for the desk's message ("the 5th complaint about 头发 at 中餐厅 in 7 days"); ``key`` is the
    hot-spot's, as the overview shows it."""

    key: HotspotKey
    group: Group
    judgement: Judgement

    def message(self) -> Sentence:
        return Sentence(
            QT_TRANSLATE_NOOP("Hotspot", "Complaint no. {count} {window} {group}: a hot-spot; the office is told."),
            {"count": self.judgement.count, "window": self.judgement.window_label(), "group": self.group.describe()},
        )


# --------------------------------------------------------------------------- detection


def active_hotspots(at: dt.date | None = None) -> list[Hotspot]:
    """The hot-spots active at the end of ``at`` (default: today, with the complaints received so far),
    newest first, then the most surprising. Brings the tallies up to date first."""
    catch_up()
    return _detected(at)


def hotspots_as_read(at: dt.date) -> list[Hotspot]:
    """The hot-spots active at the end of ``at`` as the open read transaction sees the tallies, writing nothing
    (no catch-up, no snapshot kept): for a reader inside one read snapshot (the analysis), which brings the
    tallies up to date with ``catch_up`` before taking it. (A write inside a SQLite read transaction fails at
    once, busy, when another desk has committed since the transaction began.)"""
    return _detected(at, keep=False)


@dataclass(frozen=True)
class _Scan:
    """What a detection judged on a day, before the false-discovery step: the unusual windows, how many windows
    were judged (every group with a complaint in the window), and who is unusual since when."""

    found: list[tuple[int, Judgement]]
    tests: dict[Window, int]
    since: dict[int, tuple[dt.date, bool]]


def _detected(at: dt.date | None, keep: bool = True) -> list[Hotspot]:
    day = (at or dt.date.today()).toordinal()
    first = _first_day()
    if first is None:
        return []
    totals = _totals(day, first)
    found, tests = _judged(day, first, totals)
    spots, since = _assembled(found, tests, day, first, totals, {})
    if keep and (at is None or at == dt.date.today()):
        _keep_snapshot(day, _Scan(found, tests, since))
    return spots


def _judged(
    day: int, first: int, totals: _Daily, only: Collection[int] | None = None
) -> tuple[list[tuple[int, Judgement]], dict[Window, int]]:
    """Every group's unusual windows ending on ``day`` (or only these groups'), and per window how many groups
    had a complaint in it: each of them could have risen by chance, so each counts in the false-discovery
    step, not only those that reached MIN_COUNT (counting those alone let a desk with thousands of quiet groups
    see a dozen rise by chance every day)."""
    counts = _window_counts(day, only)
    found: list[tuple[int, Judgement]] = []
    tests: dict[Window, int] = {}
    for window in Window:
        volumes = totals.sums(window, day, first)
        judged = len(volumes) > MIN_BASELINE_WINDOWS
        tests[window] = sum(values[window] > 0 for values in counts.values()) if judged else 0
        wanted = [gid for gid, values in counts.items() if values[window] >= MIN_COUNT] if judged else []
        history = _histories(wanted, window, day)
        for gid in wanted:
            sums = _bucket_sums(history.get(gid, {}), window, day, first)
            judgement = _unusual(sums, window, day, counts[gid][window], volumes)
            if judgement is not None:
                found.append((gid, judgement))
    return found, tests


def _assembled(
    found: list[tuple[int, Judgement]],
    tests: dict[Window, int],
    day: int,
    first: int,
    totals: _Daily,
    known_since: dict[int, tuple[dt.date, bool]],
) -> tuple[list[Hotspot], dict[int, tuple[dt.date, bool]]]:
    """The hot-spots of the unusual windows that stay so among all judged, with since when each group has been
    unusual (``known_since``: what an earlier pass found on the same day, not computed again)."""
    discovered: dict[int, list[Judgement]] = {}
    for gid, judgement in _discoveries(found, sum(tests.values())):
        discovered.setdefault(gid, []).append(judgement)
    groups = _groups(discovered)
    judged: dict[int, list[Judgement]] = {}
    for gid, judgements in discovered.items():
        if kept := [j for j in judgements if _enough_customers(groups[gid], j)]:
            judged[gid] = kept
    best = {gid: min(found, key=lambda j: j.surprise) for gid, found in judged.items()}
    since = {gid: known_since[gid] for gid in best if gid in known_since}
    since.update(_since([gid for gid in best if gid not in since], day, first, totals))
    found_groups = [(groups[gid], best[gid], *since[gid]) for gid in best]
    spots = _merged(found_groups, _phrase_frequencies([g for g, *_ in found_groups], day))
    return spots, since


_customers_known: dict[tuple[object, ...], tuple[int, dt.datetime]] = {}


def _enough_customers(group: Group, judgement: Judgement) -> bool:
    """Whether the complaints of ``group`` in the judgement's window come from MIN_CUSTOMERS customers or more.
    Counted once for a window and its count of complaints (the overview and every desk's step ask again), for
    CUSTOMERS_FRESH."""
    if judgement.count < MIN_CUSTOMERS:
        return False
    key = (db.database, *group.key, judgement.first_day, judgement.last_day, judgement.count)
    now = dt.datetime.now()
    known = _customers_known.get(key)
    if known is None or now - known[1] > CUSTOMERS_FRESH:
        ids = hotspot_complaints(group.kind, group.scope, group.value, judgement.first_day, judgement.last_day)
        customers: set[int] = set()
        unknown = 0
        for at in range(0, len(ids), 500):
            part = ids[at : at + 500]
            marks = ", ".join("?" * len(part))
            for (customer,) in db.execute_sql(f"SELECT customer_id FROM complaint WHERE id IN ({marks})", part):
                if customer is None:
                    unknown += 1
                else:
                    customers.add(customer)
        if len(_customers_known) > 10_000:
            _customers_known.clear()
        known = _customers_known[key] = (len(customers) + unknown, now)
    return known[0] >= MIN_CUSTOMERS


def _phrase_frequencies(found: Iterable[Group], day: int) -> dict[str, int]:
    """How often each phrase of ``found`` was said anywhere in the year to ``day``: of the words of the same
    complaints, the rarest says what the problem is (蟑螂 rather than 桌子 or 底下, which every month's
    complaints say somewhere)."""
    words = sorted({g.value for g in found if g.kind in (GroupKind.PHRASE_CATEGORY, GroupKind.PHRASE_LOCATION)})
    if not words:
        return {}
    marks = ", ".join("?" * len(words))
    rows = db.execute_sql(
        "SELECT g.value, CAST(sum(t.n) AS BIGINT) FROM hotspot_group g JOIN hotspot_tally t ON t.group_id = g.id "
        f"WHERE g.kind = ? AND g.value IN ({marks}) AND t.day BETWEEN ? AND ? GROUP BY g.value",
        (GroupKind.PHRASE_LOCATION.value, *words, day - 365, day),
    )
    return {value: int(total) for value, total in rows}


def hotspots_joined(complaint_id: int, at: dt.date | None = None) -> list[HotspotMatch]:
    """The active hot-spots the complaint belongs to (by its lead group or a related one), most specific
    group first: what the desk tells the duty manager after saving a step, and the same hot-spots, by the same
    keys, as the office's overview. Tallies a bounded number of new complaints first, so the answer includes
    this one; empty until the tallies hold it (the office's first pass builds them on a large upgraded file).

    Today's answer judges only the complaint's own groups afresh, beside what the last full detection of the day
    found for all the others (``hotspot_snapshot``, kept by every detection of today, the office's overview
    refreshing it): a few milliseconds at a million complaints. When no detection ran in the last
    SNAPSHOT_FRESH (or ``at`` is another day) it runs one, as the overview does: half a second at a million.
    Run it off the GUI thread."""
    catch_up(limit=DESK_CATCH_UP)
    row = db.execute_sql(
        "SELECT received_at, category_id, location, department_id, staff_involved, narrative, "
        "id <= (SELECT through FROM hotspot_state WHERE id = 1) FROM complaint WHERE id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None or not row[6]:
        return []
    keys = set(group_keys(*row[1:6]))
    today = dt.date.today()
    snapshot = _snapshot(today.toordinal()) if at is None or at == today else None
    if snapshot is None:
        spots = _detected(at)
    else:
        spots = _with_fresh(snapshot, complaint_id, list(group_ids(keys, create=False).values()), today.toordinal())
    matches = []
    for spot in spots:
        members = [(spot.group, spot.judgement), *((r.group, r.judgement) for r in spot.related)]
        mine = [(group, judgement) for group, judgement in members if group.key in keys]
        if mine:
            group, judgement = min(mine, key=lambda m: (_SPECIFICITY[m[0].kind], m[1].surprise))
            matches.append(HotspotMatch(spot.key, group, judgement))
    matches.sort(key=lambda m: (_SPECIFICITY[m.group.kind], m.judgement.surprise))
    return matches


def _with_fresh(snapshot: _Snapshot, complaint_id: int, mine: list[int], day: int) -> list[Hotspot]:
    """Today's hot-spots: the snapshot's judgements of the other groups, this complaint's groups judged now."""
    first = _first_day()
    if first is None:
        return []
    totals = _totals(day, first)
    fresh, _ = _judged(day, first, totals, mine)
    mine_set = set(mine)
    found = [(gid, judgement) for gid, judgement in snapshot.scan.found if gid not in mine_set] + fresh
    tests = dict(snapshot.scan.tests)
    if complaint_id > snapshot.through:  # its groups had one complaint fewer when the snapshot was taken
        for values in _window_counts(day, mine).values():
            for window in Window:
                if tests[window] and values[window] == 1:
                    tests[window] += 1
    # A group unusual in the snapshot has been so since the same day: one more complaint today changes no earlier
    # day. Only a group newly unusual is followed back (a few milliseconds each).
    spots, _ = _assembled(found, tests, day, first, totals, snapshot.scan.since)
    return spots


def hotspot_complaints(kind: str, scope: str, value: str, first_day: dt.date, last_day: dt.date) -> list[int]:
    """The ids of the group's complaints received from ``first_day`` to ``last_day``, newest first (a
    hot-spot's: ``hotspot.group`` and its ``judgement``'s days)."""
    contains = "strpos(narrative, ?) > 0" if is_postgresql() else "instr(narrative, ?) > 0"
    conditions = {
        GroupKind.CATEGORY: ("category_id = ?", (value,)),
        GroupKind.LOCATION: ("trim(location) = ?", (value,)),
        GroupKind.DEPARTMENT: ("department_id = ?", (value,)),
        GroupKind.STAFF: ("trim(staff_involved) = ?", (value,)),
        GroupKind.CATEGORY_LOCATION: ("trim(location) = ? AND category_id = ?", (scope, value)),
        GroupKind.PHRASE_CATEGORY: (f"category_id = ? AND {contains}", (scope, value)),
        GroupKind.PHRASE_LOCATION: (f"trim(location) = ? AND {contains}", (scope, value)),
    }
    condition, values = conditions[GroupKind(kind)]
    rows = db.execute_sql(
        f"SELECT id, location, narrative FROM complaint WHERE received_at >= ? AND received_at < ? AND {condition} "
        "ORDER BY id DESC",
        (first_day.isoformat(), (last_day + dt.timedelta(days=1)).isoformat(), *values),
    ).fetchall()
    if kind in (GroupKind.PHRASE_CATEGORY, GroupKind.PHRASE_LOCATION):
        return [complaint_id for complaint_id, _, narrative in rows if value in phrases(narrative)]
    return [complaint_id for complaint_id, _, _ in rows]


def complaint_numbers(ids: Sequence[int]) -> dict[int, str]:
    """The numbers these complaints go by (archive number, else the draft number)."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ", ".join("?" * len(part))
        rows = db.execute_sql(f"SELECT id, archive_number FROM complaint WHERE id IN ({marks})", part).fetchall()
        found.update({complaint_id: shown_number(number, complaint_id) for complaint_id, number in rows})
    return found


# --------------------------------------------------------------------------- judging


def _unusual(
    sums: Sequence[int],
    window: Window,
    day: int,
    count: int | None = None,
    volumes: Sequence[int] | None = None,
) -> Judgement | None:
    """The group's judgement in ``window`` ending on ``day`` when it is unusual, else None. ``sums``: the
    window's count and its comparable windows' (newest first) that lie after the desk's first complaint;
    ``volumes``: all complaints in the same windows, to which the comparable counts are scaled."""
    counted = sums[1 : BASELINE_WINDOWS + 1]
    if len(counted) < MIN_BASELINE_WINDOWS:
        return None
    comparable = _scaled(counted, volumes) if volumes is not None else tuple(float(y) for y in counted)
    current = sums[0] if count is None else count
    # Not above the Poisson threshold of the quietest comparable window: never unusual (the fitted expectation
    # is at least that window's count, the threshold at least the Poisson one), so the fit is spared.
    if current < MIN_COUNT or current <= quantile(min(comparable), 1.0):
        return None
    fitted = baseline(comparable)
    if not fitted.alarms(current):
        return None
    length = WINDOW_DAYS[window]
    last = dt.date.fromordinal(day)
    return Judgement(
        window, last - dt.timedelta(days=length - 1), last, current, fitted, (*reversed(counted), current)
    )


def _discoveries(found: list[tuple[int, Judgement]], tests: int) -> list[tuple[int, Judgement]]:
    """The unusual windows that stay unusual among all the windows judged on the date (Benjamini-Hochberg at
    FALSE_DISCOVERY_RATE): with thousands of groups some rise by chance, the more the more groups a desk has."""
    ranked = sorted(found, key=lambda f: f[1].surprise)
    kept = 0
    for rank, (_, judgement) in enumerate(ranked, start=1):
        if judgement.surprise <= rank * FALSE_DISCOVERY_RATE / max(tests, 1):
            kept = rank
    return ranked[:kept]


def _scaled(counts: Sequence[int], volumes: Sequence[int]) -> tuple[float, ...]:
    """The comparable windows' counts as they would have been with this window's volume of complaints: a
    holiday week with half as many guests again has half as many complaints of every kind again, and that is no
    hot-spot (nor is the short volume of a day not over yet). Only where both windows hold VOLUME_MIN
    complaints or more: a handful is no measure of volume."""
    current = volumes[0]
    return tuple(
        round(y * current / v, 3) if current >= VOLUME_MIN and v >= VOLUME_MIN else float(y)
        for y, v in zip(counts, volumes[1:], strict=False)
    )


def _bucket_sums(series: dict[int, int], window: Window, day: int, first: int) -> list[int]:
    """The window's count and its comparable windows' from ``_histories``' series (one value per window at its
    first offset), as far back as the first complaint."""
    length, step = WINDOW_DAYS[window], WINDOW_STEP[window]
    sums = []
    for k in range(BASELINE_WINDOWS + 1):
        if k and day - k * step - length + 1 < first:
            break
        sums.append(series.get(k * step, 0))
    return sums


class _Daily:
    """One group's counts per day, dense, with running totals: any window's sum in two look-ups."""

    def __init__(self, counts: dict[int, int], start: int, day: int) -> None:
        self.start = start
        running = [0]
        for d in range(start, day + 1):
            running.append(running[-1] + counts.get(d, 0))
        self.running = running

    def total(self, first_day: int, last_day: int) -> int:
        low = max(first_day, self.start) - self.start
        high = last_day - self.start + 1
        return self.running[high] - self.running[low] if high > low else 0

    def sums(self, window: Window, day: int, first: int) -> list[int]:
        length, step = WINDOW_DAYS[window], WINDOW_STEP[window]
        sums = []
        for k in range(BASELINE_WINDOWS + 1):
            end = day - k * step
            if k and end - length + 1 < first:
                break
            sums.append(self.total(end - length + 1, end))
        return sums


def _since(
    group_ids_: Sequence[int], day: int, first: int, totals: _Daily
) -> dict[int, tuple[dt.date, bool]]:
    """For each group unusual on ``day``: the first day of its unbroken run of unusual days (any window), and
    whether the run reaches back SINCE_LOOKBACK_DAYS (then it is "since at least")."""
    result: dict[int, tuple[dt.date, bool]] = {}
    if not group_ids_:
        return result
    start = max(first, day - SINCE_LOOKBACK_DAYS - SPAN)
    counts_of = _daily(group_ids_, start - 1, day)
    for gid in group_ids_:
        daily = _Daily(counts_of.get(gid, {}), start, day)
        since = day
        for back in range(1, SINCE_LOOKBACK_DAYS + 1):
            earlier = day - back
            if not any(
                _unusual(daily.sums(window, earlier, first), window, earlier, None, totals.sums(window, earlier, first))
                for window in Window
            ):
                break
            since = earlier
        result[gid] = (dt.date.fromordinal(since), since == day - SINCE_LOOKBACK_DAYS)
    return result


def _merged(
    found: Iterable[tuple[Group, Judgement, dt.date, bool]], frequencies: dict[str, int] | None = None
) -> list[Hotspot]:
    """One hot-spot per problem (see the module's docstring), newest first, then the most surprising."""
    # Of equally surprising groups (the words of the same complaints), a noun leads (头发 rather than 吃出), and
    # of those the word said least often elsewhere (``frequencies``: 蟑螂 rather than 桌子).
    often = frequencies or {}
    ordered = sorted(
        found,
        key=lambda f: (
            _SPECIFICITY[f[0].kind], f[1].surprise, not _names_a_thing(f[0]), often.get(f[0].value, 0), f[0].value
        ),
    )
    kept: list[tuple[Group, Judgement, dt.date, bool, list[Related]]] = []
    for group, judgement, since, capped in ordered:
        home = next((k for k in kept if _belongs(group, judgement, k[0], k[1], k[4])), None)
        if home is not None:
            if not _echoes_its_category(group):  # “卫生” in 卫生 says no more than the category beside it
                home[4].append(Related(group, judgement, since))
        else:
            kept.append((group, judgement, since, capped, []))
    spots = [
        Hotspot(HotspotKey(*group.key, since), group, judgement, since, capped, tuple(related))
        for group, judgement, since, capped, related in map(_named_by_the_most, kept)
    ]
    spots.sort(key=lambda s: (-s.since.toordinal(), s.judgement.surprise))
    return spots


def _named_by_the_most(
    spot: tuple[Group, Judgement, dt.date, bool, list[Related]],
) -> tuple[Group, Judgement, dt.date, bool, list[Related]]:
    """The hot-spot named by the phrase of its place (or category) that the most of its complaints say: the most
    surprising was a side word the fewest said ("飞机" in 8 complaints of a queue at checkout, beside "退房" in 16),
    and which it was changed from day to day. A phrase replaces the lead when clearly more complaints say it
    (DECISIVELY_MORE), or, naming a thing where the lead names none, as many; of phrases said alike, the order
    chose (a noun, the rarer word)."""
    group, judgement, since, capped, related = spot
    siblings = [
        r for r in related
        if r.group.kind == group.kind and r.group.scope == group.scope and not _echoes_its_category(r.group)
    ]  # fmt: skip
    # Clearly more of its complaints (half as many again): the phrase they say. Else a noun said as often.
    decisive = [r for r in siblings if r.judgement.count >= DECISIVELY_MORE * judgement.count]
    if not decisive and not _names_a_thing(group):
        decisive = [r for r in siblings if _names_a_thing(r.group) and r.judgement.count >= judgement.count]
    best = max(decisive, key=lambda r: (_names_a_thing(r.group), r.judgement.count), default=None)
    if best is None:
        return spot  # "蟑螂" in 11 stays before "吃饭" in 13
    rest = [Related(group, judgement, since), *(r for r in related if r is not best)]
    return best.group, best.judgement, best.since, capped, rest


def _echoes_its_category(group: Group) -> bool:
    """A phrase in a category that is the category's name, or a part of it (异物 in 食品安全/异物)."""
    if group.kind != GroupKind.PHRASE_CATEGORY:
        return False
    return group.value in (group.scope_name, *group.scope_name.split("/"))


def _names_a_thing(group: Group) -> bool:
    return group.kind not in (GroupKind.PHRASE_CATEGORY, GroupKind.PHRASE_LOCATION) or is_noun(group.value)


def _belongs(
    group: Group, judgement: Judgement, lead: Group, lead_judgement: Judgement, related: Sequence[Related]
) -> bool:
    """Whether ``group``'s rise goes with the kept hot-spot ``lead``'s: a phrase beside the lead phrase at the
    same place or in the same category, one of those phrases in a category, or a wider group whose excess the
    lead's complaints explain."""
    if group.kind == lead.kind and group.kind in (GroupKind.PHRASE_LOCATION, GroupKind.PHRASE_CATEGORY):
        return group.scope == lead.scope
    if group.kind == GroupKind.PHRASE_CATEGORY and lead.kind == GroupKind.PHRASE_LOCATION:
        words = {lead.value, *(r.group.value for r in related if r.group.kind == GroupKind.PHRASE_LOCATION)}
        if group.value in words:
            return lead_judgement.count >= EXPLAINED_SHARE * (judgement.count - judgement.baseline.expected)
    if not _wider(group, lead):
        return False
    excess = judgement.count - judgement.baseline.expected
    return lead_judgement.count >= EXPLAINED_SHARE * excess


def _wider(group: Group, lead: Group) -> bool:
    """Whether ``group`` holds (most of) ``lead``'s complaints."""
    lead_location = lead.scope if lead.kind in (GroupKind.PHRASE_LOCATION, GroupKind.CATEGORY_LOCATION) else None
    lead_category = {
        GroupKind.PHRASE_CATEGORY: lead.scope,
        GroupKind.CATEGORY_LOCATION: lead.value,
    }.get(lead.kind)
    if group.kind == GroupKind.LOCATION:
        return group.value == lead_location
    if group.kind == GroupKind.CATEGORY:
        return group.value == lead_category
    if group.kind == GroupKind.CATEGORY_LOCATION:
        return lead.kind == GroupKind.PHRASE_LOCATION and group.scope == lead.scope
    if group.kind == GroupKind.PHRASE_CATEGORY:
        return lead.kind == GroupKind.PHRASE_LOCATION and group.value == lead.value
    return False


# --------------------------------------------------------------------------- today's snapshot


class HotspotSnapshot(BaseModel):
    """The last full detection of a day (migration 0018): the desk judges a new complaint's groups beside it."""

    day = IntegerField(primary_key=True)  # date.toordinal()
    made_at = DateTimeField()
    through = IntegerField()  # the tallies held every complaint up to this id
    rules = CharField(max_length=64)  # the tallies' RULES
    data = TextField()


@dataclass(frozen=True)
class _Snapshot:
    made_at: dt.datetime
    through: int
    scan: _Scan


def _keep_snapshot(day: int, scan: _Scan) -> None:
    """Keep today's detection (and no older day's: only today's new complaints are judged beside one)."""
    data = {
        "found": [[gid, *_judgement_data(judgement)] for gid, judgement in scan.found],
        "tests": {window.value: n for window, n in scan.tests.items()},
        "since": [[gid, since.toordinal(), capped] for gid, (since, capped) in scan.since.items()],
    }
    (through,) = db.execute_sql("SELECT through FROM hotspot_state WHERE id = 1").fetchone()
    with db.atomic():
        HotspotSnapshot.delete().where(HotspotSnapshot.day != day).execute()
        HotspotSnapshot.insert(
            day=day, made_at=dt.datetime.now(), through=through, rules=RULES, data=json.dumps(data)
        ).on_conflict(
            conflict_target=[HotspotSnapshot.day],
            preserve=[HotspotSnapshot.made_at, HotspotSnapshot.through, HotspotSnapshot.rules, HotspotSnapshot.data],
        ).execute()


def _snapshot(day: int) -> _Snapshot | None:
    """Today's snapshot when it is fresh (taken in the last SNAPSHOT_FRESH, of tallies made by today's rules)."""
    row: HotspotSnapshot | None = HotspotSnapshot.get_or_none(HotspotSnapshot.day == day)
    if row is None or row.rules != RULES or dt.datetime.now() - row.made_at > SNAPSHOT_FRESH:
        return None
    data = json.loads(row.data)
    found = [(int(gid), _judgement_of(values)) for gid, *values in data["found"]]
    tests = {Window(window): int(n) for window, n in data["tests"].items()}
    since = {int(gid): (dt.date.fromordinal(day_), bool(capped)) for gid, day_, capped in data["since"]}
    return _Snapshot(row.made_at, int(row.through), _Scan(found, tests, since))


def _judgement_data(judgement: Judgement) -> list[object]:
    fitted = judgement.baseline
    return [judgement.window.value, judgement.last_day.toordinal(), judgement.count, fitted.expected,
            fitted.dispersion, fitted.threshold, fitted.windows, list(judgement.trend)]  # fmt: skip


def _judgement_of(values: Sequence[Any]) -> Judgement:
    window, last_day, count, expected, dispersion, threshold, windows, trend = values
    last = dt.date.fromordinal(last_day)
    first = last - dt.timedelta(days=WINDOW_DAYS[Window(window)] - 1)
    fitted = Baseline(float(expected), float(dispersion), int(threshold), int(windows))
    return Judgement(Window(window), first, last, int(count), fitted, tuple(int(n) for n in trend))


# --------------------------------------------------------------------------- reading the tallies


def _first_day() -> int | None:
    (first,) = db.execute_sql("SELECT min(received_at) FROM complaint").fetchone()
    return None if first is None else dt.date.fromisoformat(str(first)[:10]).toordinal()


def _totals(day: int, first: int) -> _Daily:
    """All complaints per day (the categories' tallies added up), as far back as ``_since`` looks."""
    start = max(first, day - SINCE_LOOKBACK_DAYS - SPAN)
    rows = db.execute_sql(
        "SELECT day, CAST(sum(n) AS BIGINT) FROM hotspot_tally "
        "WHERE group_id IN (SELECT id FROM hotspot_group WHERE kind = ?) AND day >= ? AND day <= ? GROUP BY day",
        (GroupKind.CATEGORY.value, start, day),
    ).fetchall()
    return _Daily(dict(rows), start, day)


def _window_counts(day: int, only: Collection[int] | None = None) -> dict[int, dict[Window, int]]:
    """The count in each window ending on ``day`` of every group with a complaint in the longest (or of the
    groups ``only``)."""
    longest = WINDOW_DAYS[Window.MONTH]
    sums = (
        "SELECT group_id, CAST(sum(n) AS BIGINT), CAST(sum(CASE WHEN day > ? THEN n ELSE 0 END) AS BIGINT), "
        "CAST(sum(CASE WHEN day = ? THEN n ELSE 0 END) AS BIGINT) "
        "FROM hotspot_tally WHERE day > ? AND day <= ?"
    )
    bounds: tuple[object, ...] = (day - WINDOW_DAYS[Window.WEEK], day, day - longest, day)
    if only is None:
        rows = db.execute_sql(f"{sums} GROUP BY group_id", bounds).fetchall()
    else:
        _load_ids(list(only))
        rows = db.execute_sql(f"{sums} AND group_id IN (SELECT id FROM hotspot_wanted) GROUP BY group_id",
                              bounds).fetchall()  # fmt: skip
    return {gid: {Window.MONTH: month, Window.WEEK: week, Window.DAY: today} for gid, month, week, today in rows}


def _histories(group_ids_: Sequence[int], window: Window, day: int) -> dict[int, dict[int, int]]:
    """The groups' counts in ``window`` and its comparable windows, keyed by each window's first offset before
    ``day`` (0, step, 2 * step, …). One range sum per window in SQLite (a join grouped by window was sorted
    through a temporary table: five times slower at a million complaints)."""
    if not group_ids_:
        return {}
    length, step = WINDOW_DAYS[window], WINDOW_STEP[window]
    _load_ids(group_ids_)
    sums = ", ".join(
        "(SELECT CAST(sum(t.n) AS BIGINT) FROM hotspot_tally t WHERE t.group_id = w.id AND t.day > ? AND t.day <= ?)"
        for _ in range(BASELINE_WINDOWS + 1)
    )
    bounds = [bound for k in range(BASELINE_WINDOWS + 1) for bound in (day - k * step - length, day - k * step)]
    result: dict[int, dict[int, int]] = {}
    for gid, *values in db.execute_sql(f"SELECT w.id, {sums} FROM hotspot_wanted w", bounds).fetchall():
        result[gid] = {k * step: n for k, n in enumerate(values) if n}
    return result


def _daily(group_ids_: Sequence[int], after: int, day: int) -> dict[int, dict[int, int]]:
    """Each group's count per day, from after ``after`` up to ``day``."""
    _load_ids(group_ids_)
    rows = db.execute_sql(
        "SELECT t.group_id, t.day, t.n FROM hotspot_wanted w JOIN hotspot_tally t "
        "ON t.group_id = w.id AND t.day > ? AND t.day <= ?",
        (after, day),
    ).fetchall()
    result: dict[int, dict[int, int]] = {}
    for gid, d, n in rows:
        result.setdefault(gid, {})[d] = n
    return result


def _load_ids(group_ids_: Sequence[int]) -> None:
    """The groups wanted, in a temporary table of the connection's own (unqualified, it comes first on both)."""
    execute = executor()
    execute("CREATE TEMP TABLE IF NOT EXISTS hotspot_wanted (id INTEGER PRIMARY KEY)")
    execute("DELETE FROM hotspot_wanted")
    executemany("INSERT INTO hotspot_wanted (id) VALUES (?)", [(gid,) for gid in group_ids_])


def _groups(group_ids_: Iterable[int]) -> dict[int, Group]:
    """The groups with the names they are shown by."""
    wanted = list(group_ids_)
    _load_ids(wanted)
    rows = db.execute_sql(
        "SELECT g.id, g.kind, g.scope, g.value FROM hotspot_wanted w JOIN hotspot_group g ON g.id = w.id"
    ).fetchall()
    namer = GroupNamer()
    return {gid: namer.group(kind, scope, value) for gid, kind, scope, value in rows}


def named_group(kind: str, scope: str, value: str) -> Group:
    """The group (kind, scope, value) with the names it is shown by today."""
    return GroupNamer().group(kind, scope, value)


class GroupNamer:
    """Categories', departments' and locations' names, read once (a location is stored as its text: the
    catalogue's entry of that name gives its English name, "前台" read so on an English screen)."""

    def __init__(self) -> None:
        self.categories = {
            key: (name, name_en)
            for key, name, name_en in db.execute_sql("SELECT CAST(id AS TEXT), name, name_en FROM category").fetchall()
        }
        self.departments = {
            key: (name, name_en)
            for key, name, name_en in db.execute_sql("SELECT CAST(id AS TEXT), name, name_en FROM department")
        }
        self.locations: dict[str, str] = {}
        for name, name_en in db.execute_sql("SELECT name, name_en FROM location ORDER BY active, sort_order DESC"):
            if name_en:  # an active entry's name wins over a retired one of the same name
                self.locations[name] = name_en

    def group(self, kind_text: str, scope: str, value: str) -> Group:
        kind = GroupKind(kind_text)
        name, scope_name, name_en, scope_en = value, "", "", ""
        if kind in (GroupKind.CATEGORY, GroupKind.CATEGORY_LOCATION):
            name, name_en = self.categories.get(value, (value, ""))
            if kind == GroupKind.CATEGORY_LOCATION:
                scope_name, scope_en = scope, self.locations.get(scope, "")
        elif kind == GroupKind.DEPARTMENT:
            name, name_en = self.departments.get(value, (value, ""))
        elif kind == GroupKind.LOCATION:
            name_en = self.locations.get(value, "")
        elif kind == GroupKind.PHRASE_CATEGORY:
            scope_name, scope_en = self.categories.get(scope, (scope, ""))
        elif kind == GroupKind.PHRASE_LOCATION:
            scope_name, scope_en = scope, self.locations.get(scope, "")
        return Group(kind, scope, value, name, scope_name, name_en, scope_en)
