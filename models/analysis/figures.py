"""The office's figures for any period (issue 14, "Analysis for any period"): what came in, by category,
department, location, channel, severity and duty manager, against the period before and the same period a
year earlier; how fast the desk answered and closed; promises, escalations, external cases, hot-spots and
improvement actions, satisfaction and repeat customers.

Which complaints count: those RECEIVED in the period that pass the register's filters (a cohort: the times
to answer and close, the promises and the escalations are those of these complaints, however late they came).
External cases count by the day the office received them, hot-spot notices by the day the desk told the
office, improvement actions by the day they were created (filters apply through their complaints; actions,
which have none, by their department only).

"First response": the moment the desk first put a resolution to the customer or, beyond its authority,
sent one to the office on the customer's behalf (the creation of the case's first proposal, the time of its
first ``proposed`` or ``escalated`` audit event). Receiving and investigating are not a response: the
customer is still waiting for an answer then. A case withdrawn or referred elsewhere before any proposal has
no first response. Durations are whole minutes (rounded down); the median and the 90th percentile are the
nearest-rank ones (the value below which half, or nine tenths, of the cases fall), None when there is none.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from models.analysis import dialect
from models.analysis.period import Period
from models.analysis.scope import OPEN, Condition, filtered, scope, stamp
from models.analysis.tally import KEYS, Row, Tallies, tally
from models.base import db
from models.catalog import Category, Department, Location
from models.complaint import State
from models.control.external import AWAITING_REPLY, ExternalChannel, ExternalState
from models.control.hotspots import Group, HotspotKey, hotspots_as_read, named_group
from models.control.improvement import ActionState
from models.control.tallies import RULES as TALLY_RULES
from models.control.tallies import catch_up, group_ids
from models.search import Filters
from models.staff import Staff

SCORES = (1, 2, 3, 4, 5)  # the satisfaction a customer gives at consent
Key = int | str | None


@dataclass(frozen=True)
class CountRow:
    """One value of a dimension: its key (the catalogue id of a category or department, the staff id of a duty
    manager, the stored text of a location, the code of a channel or severity; None for "not recorded"), its
    names in Chinese and English (empty for channels and severities, which screens and paper name from their
    codes, and for None), and how many complaints had it in the period, the period before and the same period
    a year earlier."""

    key: Key
    name: str
    name_en: str
    count: int
    previous: int
    last_year: int


@dataclass(frozen=True)
class Share:
    """One value and how many had it (no comparison)."""

    key: Key
    name: str
    name_en: str
    count: int


@dataclass(frozen=True)
class WeekCount:
    """Complaints received in the week starting ``monday`` (only its ``days`` inside the period: fewer than seven
    for the first and last week of a period that does not start on a Monday or end on a Sunday)."""

    monday: dt.date
    count: int
    days: int = 7


@dataclass(frozen=True)
class Durations:
    """How long something took, over ``count`` cases: median and 90th percentile in whole minutes."""

    count: int
    median_minutes: int | None
    p90_minutes: int | None


@dataclass(frozen=True)
class Promises:
    """The wait promised to customers (``promised``: cases with a promised time): answered in time
    (``kept``: first response at or before it), answered late (``late``), still unanswered and past it with the
    case open (``overdue``), still unanswered within it (``pending``), ended without an answer (withdrawn or
    referred, ``ended_unanswered``)."""

    promised: int
    kept: int
    late: int
    overdue: int
    pending: int
    ended_unanswered: int


@dataclass(frozen=True)
class Escalations:
    """Cases sent to the office beyond the desk's authority: ``cases`` (distinct complaints), ``escalations``
    (proposals sent; a case can go twice), ``decided`` and still ``waiting``; ``wait``: from sending to the
    office's decision, over the decided ones."""

    cases: int
    escalations: int
    decided: int
    waiting: int
    wait: Durations


@dataclass(frozen=True)
class ExternalFigures:
    """External cases (越级) the office received in the period: by channel, and by outcome (key: the outcome
    code, "" while the case is not closed); ``overdue``: still owing their reply and past the day watched
    (``_EXTERNAL_OVERDUE``), as the external cases' page counts them."""

    total: int
    closed: int
    overdue: int
    by_channel: tuple[Share, ...]
    by_outcome: tuple[Share, ...]
    # Every external case received by the period's end (in it or before) and not closed now, and of those the ones
    # past their due day: what the work summary names as still open (a shortcoming carried over is not hidden).
    open_now: int = 0
    overdue_now: int = 0


@dataclass(frozen=True)
class HotspotRow:
    """A hot-spot the desk told the office about in the period: its key (``HotspotKey``: group and first day),
    the complaints told, and the states of the improvement actions made for it (``ActionState`` codes)."""

    key: HotspotKey
    group: Group  # what its complaints share, with the names it is shown by
    complaints: int
    action_states: tuple[str, ...]

    @property
    def effective(self) -> bool:
        """An action for it was verified effective."""
        return ActionState.EFFECTIVE in self.action_states


@dataclass(frozen=True)
class ImprovementFigures:
    """Hot-spots told in the period, and improvement actions (整改) created in it, by their state now:
    ``open`` (open or in progress), ``done`` (done, awaiting the verdict), ``effective``, ``not_effective``;
    ``overdue``: open past their due day; ``completed_in_period``: actions (of any date) done in the period."""

    hotspots: tuple[HotspotRow, ...]
    actions: int
    open: int
    done: int
    effective: int
    not_effective: int
    overdue: int
    completed_in_period: int
    overdue_now: int = 0  # every action made by the period's end (in it or before) open and past its due day now

    @property
    def hotspots_without_effective_action(self) -> tuple[HotspotRow, ...]:
        return tuple(row for row in self.hotspots if not row.effective)


@dataclass(frozen=True)
class Satisfaction:
    """The scores customers gave (1 to 5): ``by_score`` holds (score, count) for each; ``average`` is None
    when nobody answered."""

    answered: int
    by_score: tuple[tuple[int, int], ...]
    average: float | None


@dataclass(frozen=True)
class RepeatCustomers:
    """``customers``: distinct customers on record; ``repeat_customers``: those with more than one complaint
    in the period, who made ``repeat_complaints`` of them; ``returning_complaints``: complaints from a customer
    who had complained within 90 days before (the escalation-risk "repeat" signal at receipt)."""

    customers: int
    repeat_customers: int
    repeat_complaints: int
    returning_complaints: int


@dataclass(frozen=True)
class PeriodFigures:
    """Everything the Analysis page and the work summary show for one period. ``total`` and the ``by_*`` rows
    count complaints received; ``open``/``closed``/``withdrawn`` are their states now (``now``)."""

    period: Period
    previous: Period
    last_year: Period
    now: dt.datetime
    total: int
    total_previous: int
    total_last_year: int
    open: int
    closed: int
    withdrawn: int
    by_category: tuple[CountRow, ...]
    by_department: tuple[CountRow, ...]
    by_location: tuple[CountRow, ...]
    by_channel: tuple[CountRow, ...]
    by_severity: tuple[CountRow, ...]
    by_duty_manager: tuple[CountRow, ...]
    weekly: tuple[WeekCount, ...]
    first_response: Durations
    closing: Durations
    promises: Promises
    escalations: Escalations
    external: ExternalFigures
    improvement: ImprovementFigures
    satisfaction: Satisfaction
    repeat: RepeatCustomers
    records_from: dt.date | None = None  # the day of the first complaint the database holds (None: none)

    @property
    def has_previous(self) -> bool:
        """Whether the database holds the whole of the period before: one recorded from its middle on (the
        first quarter of a desk started in December against 24 days of it) is no comparison ("up 1,421.6%")."""
        return self.records_from is not None and self.records_from <= self.previous.first

    @property
    def has_last_year(self) -> bool:
        """Whether the database holds the whole of the same period a year earlier: before its first complaint,
        a year earlier's 0 is no record, not no complaint, and a period recorded from its middle on is no
        comparison."""
        return self.records_from is not None and self.records_from <= self.last_year.first


def records_from() -> dt.date | None:
    """The day the first complaint was received (one step of the index on ``received_at``)."""
    (first,) = db.execute_sql("SELECT min(received_at) FROM complaint").fetchone()
    return None if first is None else dt.date.fromisoformat(str(first)[:10])


def figures(
    period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None, judge_hotspots: bool = True
) -> PeriodFigures:
    """The figures of ``period`` for the complaints passing ``filters`` (the register's; its dates are not
    read), as of ``now``. ``judge_hotspots`` False: the hot-spots are those told and acted on only (the period
    before a summary's, compared by its other figures: at a million complaints each day judged takes a second)."""
    from models.analysis import day_tally  # it reads this module's types

    now = now or dt.datetime.now()
    catch_up()  # the hot-spot tallies the figures read, brought up to date before the read snapshot
    with dialect.reading():  # one read snapshot (no write lock): the figures agree
        if day_tally.usable(filters, now):  # the day tallies (migration 0021)
            tallies, dimensions, escalations = day_tally.read(period, now)
            return figures_from(period, filters, now, tallies, dimensions=dimensions, escalations=escalations,
                                judge_hotspots=judge_hotspots)  # fmt: skip
        return figures_from(period, filters, now, tally(scope(period, filters, now), now, figures=True, cost=False),
                            judge_hotspots=judge_hotspots)  # fmt: skip


def figures_from(
    period: Period,
    filters: Filters | None,
    now: dt.datetime,
    tallies: Tallies,
    *,
    dimensions: Mapping[Period, Dimensions] | None = None,
    escalations: Escalations | None = None,
    judge_hotspots: bool = True,
) -> PeriodFigures:
    """The figures from the period's tallies (``models.analysis.tally``) and the few small queries beside them;
    ``dimensions`` (the counts by dimension of the period, the one before and a year earlier) and
    ``escalations`` when the day tallies (``models.analysis.day_tally``) gave them already."""
    previous, last_year = period.previous(), period.last_year()
    if dimensions is None:
        current: Cube = Counter({cast(CubeKey, tuple(row[:6])): int(str(row[KEYS])) for row in tallies["cube"]})
        cubes = {p: _cube(scope(p, filters, now)) for p in dict.fromkeys((previous, last_year)) if p != period}
        cubes[period] = current
        dimensions = {p: [_by(cube, index) for index in range(len(DIMENSIONS))] for p, cube in cubes.items()}
    shape: Shape = Counter()
    for row in tallies["cases"]:
        day, state, score, came_before = row[:4]
        shape[(str(day), str(state), _score(score), bool(came_before))] += int(str(row[KEYS]))
    first_response, promises = _responses(tallies["response"])
    closing: Counter[int] = Counter()
    for row in tallies["closing"]:
        closing[max(0, int(str(row[0])))] += int(str(row[KEYS]))
    return PeriodFigures(
        period=period,
        previous=previous,
        last_year=last_year,
        now=now,
        total=sum(dimensions[period][0].values()),
        total_previous=sum(dimensions[previous][0].values()),
        total_last_year=sum(dimensions[last_year][0].values()),
        records_from=records_from(),
        open=sum(n for (_, state, _, _), n in shape.items() if state in OPEN),
        closed=sum(n for (_, state, _, _), n in shape.items() if state == State.CLOSED),
        withdrawn=sum(n for (_, state, _, _), n in shape.items() if state == State.WITHDRAWN),
        **_dimensions(dimensions[period], dimensions[previous], dimensions[last_year]),
        weekly=_weekly(period, shape, now.date()),
        first_response=first_response,
        closing=durations(closing),
        promises=promises,
        escalations=escalations if escalations is not None else _escalations(scope(period, filters, now)),
        external=_external(period, filtered(filters, now), now),
        improvement=_improvement(period, filters, now, judge_hotspots),
        satisfaction=_satisfaction(shape),
        repeat=_repeat(tallies["repeat"], shape),
    )


def _score(value: object) -> int | None:
    return None if value is None else int(str(value))


# --------------------------------------------------------------------------- complaints by dimension

CubeKey = tuple[Key, Key, Key, Key, Key, Key]
Cube = Counter[CubeKey]
Dimensions = list[Counter[Key]]  # complaints by each of DIMENSIONS' keys, in that order
DIMENSIONS = ("by_category", "by_department", "by_location", "by_channel", "by_severity", "by_duty_manager")


def _cube(where: Condition) -> Cube:
    """Complaints by (category, department, location, channel, severity, duty manager): one pass."""
    rows = db.execute_sql(
        "SELECT c.category_id, c.department_id, nullif(trim(c.location), ''), c.channel, c.severity, "
        "c.received_by_id, count(*) "
        f"FROM complaint c WHERE {where.sql} GROUP BY 1, 2, 3, 4, 5, 6",
        where.params,
    )
    return Counter({tuple(row[:6]): row[6] for row in rows})


def _dimensions(current: Dimensions, previous: Dimensions, last_year: Dimensions) -> dict[str, tuple[CountRow, ...]]:
    names = _names()
    result = {}
    for index, dimension in enumerate(DIMENSIONS):
        counts = [by_dimension[index] for by_dimension in (current, previous, last_year)]
        keys = set(counts[0]) | set(counts[1]) | set(counts[2])
        rows = [
            CountRow(key, *names[dimension](key), counts[0][key], counts[1][key], counts[2][key]) for key in keys
        ]
        rows.sort(key=lambda row: (-row.count, -row.previous, -row.last_year, str(row.key)))
        result[dimension] = tuple(rows)
    return result


def _by(cube: Cube, index: int) -> Counter[Key]:
    counts: Counter[Key] = Counter()
    for key, n in cube.items():
        counts[key[index]] += n
    return counts


class NameOf:
    """Names (Chinese, English) of a dimension's keys."""

    def __init__(self, names: Mapping[Key, tuple[str, str]], same: bool = False) -> None:
        self.names, self.same = names, same

    def __call__(self, key: Key) -> tuple[str, str]:
        if key is None:
            return "", ""
        if self.same:  # a location: its stored text, with the catalogue's English name when it has one
            return self.names.get(key, (str(key), str(key)))
        return self.names.get(key, ("", ""))


def _names() -> dict[str, NameOf]:
    def catalogue(model: type[Category] | type[Department]) -> dict[Key, tuple[str, str]]:
        query = model.select(model.id, model.name, model.name_en).tuples()
        return {row_id: (name, name_en) for row_id, name, name_en in query}

    query = Location.select(Location.name, Location.name_en).tuples()
    locations: dict[Key, tuple[str, str]] = {name: (name, name_en or name) for name, name_en in query}
    staff = {row_id: (name, name) for row_id, name in Staff.select(Staff.id, Staff.full_name).tuples()}
    return {
        "by_category": NameOf(catalogue(Category)),
        "by_department": NameOf(catalogue(Department)),
        "by_location": NameOf(locations, same=True),
        "by_channel": NameOf({}),
        "by_severity": NameOf({}),
        "by_duty_manager": NameOf(staff),
    }


# --------------------------------------------------------------------------- the period's shape

Shape = Counter[tuple[str, str, int | None, bool]]  # (day, state, satisfaction, returning) -> complaints


def _weekly(period: Period, shape: Shape, today: dt.date) -> tuple[WeekCount, ...]:
    """Complaints per week of the period, up to ``today``: a week still to come is no week of 0 complaints (the
    chart drew them as a fall), and the week of today counts its days so far (a part week)."""
    mondays = [monday for monday in period.weeks() if monday <= today] or period.weeks()[:1]
    weeks = dict.fromkeys(mondays, 0)
    for (day, _, _, _), n in shape.items():
        date = dt.date.fromisoformat(day)
        monday = date - dt.timedelta(days=date.weekday())
        if monday in weeks:
            weeks[monday] += n
    return tuple(WeekCount(monday, n, _days_inside(monday, period, today)) for monday, n in weeks.items())


def _days_inside(monday: dt.date, period: Period, today: dt.date) -> int:
    first = max(monday, period.first)
    last = max(min(monday + dt.timedelta(days=6), period.last, today), first)
    return (last - first).days + 1


def _satisfaction(shape: Shape) -> Satisfaction:
    scores: Counter[int] = Counter()
    for (_, _, score, _), n in shape.items():
        if score in SCORES:
            scores[score] += n
    answered = sum(scores.values())
    average = sum(score * n for score, n in scores.items()) / answered if answered else None
    return Satisfaction(answered, tuple((score, scores[score]) for score in SCORES), average)


def _repeat(rows: list[Row], shape: Shape) -> RepeatCustomers:
    per_customer = [(int(str(row[0])), int(str(row[KEYS]))) for row in rows]
    return RepeatCustomers(
        customers=sum(customers for _, customers in per_customer),
        repeat_customers=sum(customers for n, customers in per_customer if n > 1),
        repeat_complaints=sum(n * customers for n, customers in per_customer if n > 1),
        returning_complaints=sum(n for (_, _, _, returning), n in shape.items() if returning),
    )


# --------------------------------------------------------------------------- times

def nearest_rank(histogram: Mapping[int, int], share: float) -> int | None:
    """The smallest value with at least ``share`` of the counted cases at or below it (None for none)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable: the ranks add up to the total")


def durations(histogram: Mapping[int, int]) -> Durations:
    return Durations(sum(histogram.values()), nearest_rank(histogram, 0.5), nearest_rank(histogram, 0.9))


def _responses(rows: list[Row]) -> tuple[Durations, Promises]:
    """Time to first response, and how promises went."""
    histogram: Counter[int] = Counter()
    promise: Counter[str] = Counter()
    for row in rows:
        minutes, promised, in_time, is_open, passed = row[:5]
        n = int(str(row[KEYS]))
        if minutes is not None:
            histogram[max(0, int(str(minutes)))] += n
        if not promised:
            continue
        promise["promised"] += n
        if minutes is not None:
            promise["kept" if in_time else "late"] += n
        elif is_open:
            promise["overdue" if passed else "pending"] += n
        else:
            promise["ended_unanswered"] += n
    fields = ("promised", "kept", "late", "overdue", "pending", "ended_unanswered")
    return durations(histogram), Promises(*(promise[name] for name in fields))


def _escalations(where: Condition) -> Escalations:
    """Proposals the desk sent to the office (the office's own, made when it changes the remedy, have the same
    maker and decider and are not an escalation)."""
    sent = "p.needs_office AND (p.decided_by_id IS NULL OR p.decided_by_id != p.created_by_id)"
    rows = db.execute_sql(
        f"SELECT {dialect.minutes('p.decided_at', 'p.created_at')}, p.decided_at IS NULL AND c.state = ?, count(*), "
        f"{dialect.id_list('p.complaint_id')} FROM complaint c JOIN proposal p ON p.complaint_id = c.id "
        f"WHERE {where.sql} AND {sent} GROUP BY 1, 2",
        (str(State.ESCALATED), *where.params),
    )
    waits: Counter[int] = Counter()
    cases: set[str] = set()
    escalations = waiting = 0
    for minutes, is_waiting, n, complaint_ids in rows:
        escalations += n
        cases.update(complaint_ids.split(","))
        if minutes is not None:
            waits[max(0, minutes)] += n
        elif is_waiting:
            waiting += n
    return Escalations(len(cases), escalations, sum(waits.values()), waiting, durations(waits))


# --------------------------------------------------------------------------- external cases, hot-spots, actions

# An external case past the day it is watched by (``models.control.external.next_due``): still owing the outside
# body its reply, and past the acceptance decision's day while nobody has started the reply, else the reply's. A
# case replied to owes nothing, however late it is closed. Its parameters: ``_external_overdue_params``.
_EXTERNAL_OVERDUE = (
    "(e.state IN (?, ?) AND CASE WHEN e.state = ? AND e.acceptance_due IS NOT NULL THEN e.acceptance_due "
    "ELSE e.due_on END < ?)"
)


def _external_overdue_params(today: dt.date) -> tuple[str, ...]:
    received, replying = (str(state) for state in AWAITING_REPLY)
    return received, replying, str(ExternalState.RECEIVED), today.isoformat()


def _external(period: Period, filters: Condition, now: dt.datetime) -> ExternalFigures:
    overdue = _external_overdue_params(now.date())
    rows = db.execute_sql(
        f"SELECT e.channel_id, e.outcome, e.state = ?, {_EXTERNAL_OVERDUE}, count(*) "
        "FROM external_case e JOIN complaint c ON c.id = e.complaint_id "
        f"WHERE e.received_on >= ? AND e.received_on <= ? AND {filters.sql} GROUP BY 1, 2, 3, 4",
        (str(ExternalState.CLOSED), *overdue, period.first.isoformat(), period.last.isoformat(), *filters.params),
    ).fetchall()
    query = ExternalChannel.select(ExternalChannel.id, ExternalChannel.name, ExternalChannel.name_en).tuples()
    channels = {row_id: (name, name_en) for row_id, name, name_en in query}
    by_channel: Counter[Key] = Counter()
    by_outcome: Counter[str] = Counter()
    for channel, outcome, _, _, n in rows:
        by_channel[channel] += n
        by_outcome[outcome] += n
    (open_now, overdue_now) = db.execute_sql(
        f"SELECT count(*), coalesce(sum(CASE WHEN {_EXTERNAL_OVERDUE} THEN 1 ELSE 0 END), 0) "
        "FROM external_case e JOIN complaint c ON c.id = e.complaint_id "
        f"WHERE e.received_on <= ? AND e.state != ? AND {filters.sql}",
        (*overdue, period.last.isoformat(), str(ExternalState.CLOSED), *filters.params),
    ).fetchone()
    return ExternalFigures(
        total=sum(row[-1] for row in rows),
        closed=sum(row[-1] for row in rows if row[2]),
        overdue=sum(row[-1] for row in rows if row[3]),
        by_channel=_shares(by_channel, lambda key: channels.get(key, ("", ""))),
        by_outcome=_shares(by_outcome, lambda key: ("", "")),
        open_now=int(open_now),
        overdue_now=int(overdue_now),
    )


# At most this many days of a period are judged again for the hot-spots active on them (at a million complaints
# a day's detection takes about a second; the days judged before are remembered, ``_active_on``).
JUDGED_DAYS = 13


def _judged_days(period: Period, today: dt.date) -> list[dt.date]:
    """The days the hot-spots active on are found for ``period``: its last (today, within it), then every week
    before it (further apart in a period longer than JUDGED_DAYS weeks)."""
    last = min(period.last, today)
    if last < period.first:
        return []
    span = (last - period.first).days + 1
    stride = max(7, -(-span // JUDGED_DAYS))
    return [last - dt.timedelta(days=k * stride) for k in range(-(-span // stride))]


@dataclass(frozen=True)
class _Seen:
    """A hot-spot active on a day judged: its key (``HotspotKey.text``), its group and the groups that rose with
    it (``Hotspot.related``)."""

    key: str
    group: tuple[str, str, str]
    related: frozenset[tuple[str, str, str]]


# (database, day, rules, the tallies up to that day as summed) -> the hot-spots active on that day.
_ACTIVE: dict[tuple[str, int, str, tuple[int, int]], tuple[_Seen, ...]] = {}


def _named_under_another(explicit: Collection[str], detected: Sequence[_Seen]) -> set[str]:
    """The detected hot-spots that are another's complaints under another word: one rose with the other (on a
    day either led: "吃饭" and "桌子" beside "蟑螂" at the buffet), or the same group unusual again. Each is named
    once: those the desk or the office named (``explicit``: a notice, an action) first, then as detection led on
    the latest day judged."""
    rises: dict[tuple[str, str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for seen in detected:
        rises[seen.group] |= seen.related

    def group_of(key: str) -> tuple[str, str, str]:
        found = HotspotKey.from_text(key)
        return (found.kind, found.scope, found.value)

    kept: list[tuple[str, str, str]] = [group_of(key) for key in explicit]
    gone: set[str] = set()
    for seen in detected:  # the latest day judged first
        if seen.key in explicit or seen.key in gone:
            continue
        if seen.group in kept:  # the same group unusual again in the period (another since): named once
            gone.add(seen.key)
            continue
        if any(seen.group in rises[group] or group in rises[seen.group] for group in kept if group != seen.group):
            gone.add(seen.key)
        else:
            kept.append(seen.group)
    return gone


def _active_on(day: dt.date) -> tuple[_Seen, ...]:
    """``hotspots_as_read(day)``, remembered while the tallies up to ``day`` stay as they were (a past day's
    detection reads nothing after it: new complaints leave it be)."""
    tallied = db.execute_sql(  # a complaint moved to another group (its category changed) changes the second
        "SELECT coalesce(CAST(sum(n) AS BIGINT), 0), coalesce(CAST(sum(n * group_id) AS BIGINT), 0) "
        "FROM hotspot_tally WHERE day <= ?",
        (day.toordinal(),),
    ).fetchone()
    memo = (str(db.database), day.toordinal(), TALLY_RULES, (int(tallied[0]), int(tallied[1])))
    found = _ACTIVE.get(memo)
    if found is None:
        if len(_ACTIVE) > 2000:
            _ACTIVE.clear()
        found = _ACTIVE[memo] = tuple(
            _Seen(spot.key.text, spot.group.key, frozenset(related.group.key for related in spot.related))
            for spot in hotspots_as_read(day)
        )
    return found


def _in_period(keys: Iterable[str], period: Period) -> dict[str, int]:
    """Each hot-spot's (``HotspotKey.text``) count: the complaints of its group received in ``period``, as the
    hot-spot tallies count them."""
    found = [HotspotKey.from_text(key) for key in keys]
    ids = group_ids({(key.kind, key.scope, key.value) for key in found}, create=False)
    counts: dict[int, int] = {}
    if ids:
        marks = ", ".join("?" * len(ids))
        counts = dict(
            db.execute_sql(
                f"SELECT group_id, CAST(sum(n) AS BIGINT) FROM hotspot_tally WHERE group_id IN ({marks}) "
                "AND day >= ? AND day <= ? GROUP BY group_id",
                (*ids.values(), period.first.toordinal(), period.last.toordinal()),
            ).fetchall()
        )
    return {key.text: int(counts.get(ids.get((key.kind, key.scope, key.value), -1), 0)) for key in found}


def _hotspot_row(key: HotspotKey, complaints: int, states: tuple[str, ...]) -> HotspotRow:
    return HotspotRow(key, named_group(key.kind, key.scope, key.value), complaints, states)


def _shares(counts: Mapping[Any, int], name_of: Callable[[Any], tuple[str, str]]) -> tuple[Share, ...]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return tuple(Share(key, *name_of(key), n) for key, n in ordered)


def _only_the_period(filters: Filters | None) -> bool:
    """Whether nothing narrows the analysis but its period (a filter's own dates give way to the period)."""
    if filters is None:
        return True
    return replace(filters, received_from=None, received_to=None, now=None) == Filters()


def _improvement(
    period: Period, filters: Filters | None, now: dt.datetime, judge_hotspots: bool = True
) -> ImprovementFigures:
    complaints = filtered(filters, now)
    notices = db.execute_sql(
        "SELECT n.hotspot_key, count(DISTINCT n.complaint_id) FROM hotspot_notice n "
        "JOIN complaint c ON c.id = n.complaint_id "
        f"WHERE n.told_at >= ? AND n.told_at < ? AND {complaints.sql} GROUP BY 1",
        (stamp(period.start), stamp(period.end), *complaints.params),
    ).fetchall()
    told = {key: n for key, n in notices}
    if _only_the_period(filters):
        # Every hot-spot of the period: those the desk told the office of, those the office raised an
        # improvement action for in it, and those detection finds active on the period's last day (today,
        # within it) and once a week before it (``_judged_days``): a quick case or a bulk load tells nobody,
        # and the end alone missed those that rose and died down inside the period (the summer's air
        # conditioning in the third quarter's summary). Detection judges all complaints: only when nothing but
        # the period narrows the analysis. Each is counted alike: its group's complaints received in the period.
        known = set(told)
        known.update(
            key for (key,) in db.execute_sql(
                "SELECT DISTINCT hotspot_key FROM improvement_action WHERE hotspot_key != '' AND created_at >= ? "
                "AND created_at < ?",
                (stamp(period.start), stamp(period.end)),
            ).fetchall()
        )  # fmt: skip
        explicit = set(known)
        judged = [_active_on(day) for day in (_judged_days(period, now.date()) if judge_hotspots else [])]
        detected = [spot for spots in judged for spot in spots]
        gone = _named_under_another(explicit, detected)
        known.update(spot.key for spot in detected if spot.key not in gone)
        told = _in_period(known, period)
        # One found only on an earlier day, on complaints all received before the period (its window reaches back
        # four weeks), is none of the period's; those active at its end stay (on the 1st, today's hot-spots).
        ending = {spot.key for spot in (judged[0] if judged else ())}
        for key in [key for key, n in told.items() if not n and key not in explicit and key not in ending]:
            del told[key]
    notices = list(told.items())
    # The actions on each hot-spot's group made by the period's end, as the hot-spots page counts them: one made
    # when the group rose before (its key's first day another) answers this rise too ("尚无整改措施" beside the
    # page's ZG-0002).
    states: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    parsed = {key: HotspotKey.from_text(key) for key, _ in notices}
    group_of = {key: (k.kind, k.scope, k.value) for key, k in parsed.items()}
    groups = sorted(set(group_of.values()))
    if groups:
        for kind, scope, value, state in db.execute_sql(
            "SELECT group_kind, group_scope, group_value, state FROM improvement_action "
            f"WHERE (group_kind, group_scope, group_value) IN (VALUES {', '.join(['(?, ?, ?)'] * len(groups))}) "
            "AND created_at < ? ORDER BY id",
            [*(item for group in groups for item in group), stamp(period.end)],
        ):
            states[(kind, scope, value)].append(state)
    hotspots = sorted(
        (_hotspot_row(parsed[key], n, tuple(states[group_of[key]])) for key, n in notices),
        key=lambda row: (-row.complaints, row.key.text),
    )
    department = Condition("a.department_id = ?", (filters.department_id,)) if (
        filters is not None and filters.department_id is not None) else Condition("1 = 1", ())
    open_states = (str(ActionState.OPEN), str(ActionState.IN_PROGRESS))
    created: Counter[str] = Counter()
    overdue = 0
    for state, late, n in db.execute_sql(
        "SELECT a.state, a.state IN (?, ?) AND a.due_on < ?, count(*) FROM improvement_action a "
        f"WHERE a.created_at >= ? AND a.created_at < ? AND {department.sql} GROUP BY 1, 2",
        (*open_states, now.date().isoformat(), stamp(period.start), stamp(period.end), *department.params),
    ):
        created[state] += n
        overdue += n if late else 0
    (completed,) = db.execute_sql(
        f"SELECT count(*) FROM improvement_action a WHERE a.done_at >= ? AND a.done_at < ? AND {department.sql}",
        (stamp(period.start), stamp(period.end), *department.params),
    ).fetchone()
    (overdue_now,) = db.execute_sql(
        "SELECT count(*) FROM improvement_action a WHERE a.created_at < ? AND a.state IN (?, ?) AND a.due_on < ? "
        f"AND {department.sql}",
        (stamp(period.end), *open_states, now.date().isoformat(), *department.params),
    ).fetchone()
    return ImprovementFigures(
        hotspots=tuple(hotspots),
        actions=sum(created.values()),
        open=sum(created[state] for state in open_states),
        done=created[ActionState.DONE],
        effective=created[ActionState.EFFECTIVE],
        not_effective=created[ActionState.NOT_EFFECTIVE],
        overdue=overdue,
        completed_in_period=completed,
        overdue_now=int(overdue_now),
    )


def keyed(rows: Iterable[CountRow]) -> dict[Key, CountRow]:
    """Rows by their key."""
    return {row.key: row for row in rows}


def bar_complaints(period: Period, filters: Filters, dimension: str, keys: Iterable[int | None]) -> list[int]:
    """The complaints received in ``period`` and passing ``filters`` whose category (``dimension`` "category") or
    department is one of ``keys`` (None: none recorded), newest first: a bar no register filter can say, the
    analysis' "5 others" or "Not recorded"."""
    from models.complaint import Complaint
    from models.search import matching

    column = Complaint.category if dimension == "category" else Complaint.department
    wanted = list(keys)
    named = [key for key in wanted if key is not None]
    condition = column.in_(named)
    if None in wanted:
        condition = condition | column.is_null()
    dated = replace(filters, received_from=period.first, received_to=period.last)
    query = matching(dated).where(condition).order_by(Complaint.id.desc())
    return [complaint_id for (complaint_id,) in query.tuples()]
