"""The cost of service recovery (seed document 3, issue 14): what the compensation the customers accepted
cost, where it was charged, which remedies and duty managers it went through against their limits, and what it
bought (satisfaction, and whether the customer complained again), so the office sees where money settles
complaints and where it does not; and small clear cases against large ones (抓大放小).

Recovery from third parties (``models.analysis.recovery``) is shown beside it, not taken off it: the total is
what the customers were given. Which money counts: the lines of the proposal each customer ACCEPTED, for the
complaints received in the period that pass the register's filters (as ``models.analysis.figures`` counts them).
Money is summed in whole fen.
"Came back": the same customer complained again within ``tally.CAME_BACK_DAYS`` of this complaint (up to now).
"Large" cases went to the office (their accepted proposal needed it: over a limit, a remedy or a category
beyond the desk); "small" ones were settled at the desk within its authority.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.analysis import dialect
from models.analysis.figures import Durations, durations
from models.analysis.period import Period
from models.analysis.recovery import RecoveryFigures, recovery_in
from models.analysis.scope import Condition, scope
from models.analysis.tally import BAND_EDGES_FEN, KEYS, Row, Tallies, tally
from models.catalog import Department
from models.money import CENT
from models.search import Filters
from models.staff import Staff

# The size bands of a case's compensation, in yuan (as ``models.analysis.tally`` draws them in fen).
BAND_EDGES = tuple(Decimal(edge) / 100 for edge in BAND_EDGES_FEN)


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(CENT)


@dataclass(frozen=True)
class MoneyRow:
    """Compensation by one value (a department charged: its id and names, None for "not charged"; a remedy
    kind: its code, names empty): the ``cases`` it appears in, its ``lines`` and their ``amount``."""

    key: int | str | None
    name: str
    name_en: str
    cases: int
    lines: int
    amount: Decimal


@dataclass(frozen=True)
class ManagerCost:
    """A duty manager's compensation on their cases, against their limits (as set now): ``over_case_limit``
    cases above the per-case limit (the office approved them); ``desk_total`` what they granted at the desk
    themselves, ``busiest_day`` its largest one-day total, ``days_over_daily_limit`` days above the daily
    limit (none when the limits held)."""

    staff_id: int
    name: str
    cases: int
    amount: Decimal
    largest: Decimal
    per_case_limit: Decimal
    daily_limit: Decimal
    over_case_limit: int
    desk_total: Decimal
    busiest_day: Decimal
    days_over_daily_limit: int


@dataclass(frozen=True)
class EffectRow:
    """What a group of cases cost and bought: ``cases``, their compensation ``amount``, the ``answered`` ones'
    ``satisfaction`` average (None when none answered), and how many ``came_back``."""

    cases: int
    amount: Decimal
    answered: int
    satisfaction: float | None
    came_back: int

    @property
    def per_case(self) -> Decimal | None:
        return (self.amount / self.cases).quantize(Decimal("0.01")) if self.cases else None

    @property
    def came_back_share(self) -> float | None:
        return self.came_back / self.cases if self.cases else None


@dataclass(frozen=True)
class KindEffect:
    """Cost against effect for one remedy kind (a case with several kinds counts in each)."""

    kind: str
    effect: EffectRow


@dataclass(frozen=True)
class BandEffect:
    """Cost against effect for the cases whose compensation is above ``low`` and at most ``high`` yuan (None:
    no upper bound); the band (None, 0) holds the cases without compensation."""

    low: Decimal | None
    high: Decimal | None
    effect: EffectRow


@dataclass(frozen=True)
class CaseSize:
    """Small clear cases (a proposal accepted at the desk, within its authority) or large ones (accepted
    through the office): their effect and how long the closed ones took to close."""

    effect: EffectRow
    closing: Durations


@dataclass(frozen=True)
class CostFigures:
    complaints: int  # received in the period (passing the filters)
    compensated: int  # with an accepted compensation above zero
    total: Decimal
    per_compensated_case: Decimal | None
    per_complaint: Decimal | None
    by_department: tuple[MoneyRow, ...]
    by_remedy_kind: tuple[MoneyRow, ...]
    by_duty_manager: tuple[ManagerCost, ...]
    effect_by_remedy_kind: tuple[KindEffect, ...]
    effect_by_band: tuple[BandEffect, ...]
    small: CaseSize
    large: CaseSize
    recovery: RecoveryFigures  # claimed back from suppliers and partners at fault (追偿)


def cost(period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None) -> CostFigures:
    """The cost of service recovery for the complaints of ``period`` passing ``filters``."""
    now = now or dt.datetime.now()
    where = scope(period, filters, now)
    from models.analysis import day_tally  # it reads the figures' types, which read this module's

    with dialect.reading():  # one read snapshot, no write lock
        if day_tally.usable(filters, now):  # the day tallies (migration 0021)
            return cost_from(where, day_tally.read(period, now)[0])
        return cost_from(where, tally(where, now, figures=False, cost=True))


def cost_from(where: Condition, tallies: Tallies) -> CostFigures:
    """The cost from the period's tallies (``models.analysis.tally``) and its recovery from third parties."""
    cases: list[CaseRow] = [
        (_int(band), bool(settled), bool(office), _score(score), bool(back), _int(n), _int(fen))
        for (_, _, score, _, band, settled, office, back), (n, fen, _, _) in _split(tallies["cases"])
    ]
    complaints = sum(row[5] for row in cases)
    compensated = sum(row[5] for row in cases if row[0] > 0)
    total = _yuan(sum(row[6] for row in cases))
    return CostFigures(
        complaints=complaints,
        compensated=compensated,
        total=total,
        per_compensated_case=(total / compensated).quantize(CENT) if compensated else None,
        per_complaint=(total / complaints).quantize(CENT) if complaints else None,
        by_department=_by_department(tallies["department"]),
        by_remedy_kind=_by_kind(tallies["kind"]),
        by_duty_manager=_by_manager(tallies["manager"]),
        effect_by_remedy_kind=_kind_effects(tallies["kind_effect"]),
        effect_by_band=_band_effects(cases),
        small=_size(cases, tallies["closing"], office=False),
        large=_size(cases, tallies["closing"], office=True),
        recovery=recovery_in(where),
    )


def _split(rows: list[Row]) -> list[tuple[Row, Row]]:
    """Each tally row as its keys and its values."""
    return [(row[:KEYS], row[KEYS:]) for row in rows]


def _int(value: object) -> int:
    return int(str(value)) if value is not None else 0


def _score(value: object) -> int | None:
    return None if value is None else int(str(value))


# (band, settled: a proposal accepted, office, satisfaction, came back, complaints, fen)
CaseRow = tuple[int, bool, bool, int | None, bool, int, int]


def _effect(rows: list[CaseRow]) -> EffectRow:
    cases = sum(row[5] for row in rows)
    scored = [(row[3], row[5]) for row in rows if row[3] is not None]
    answered = sum(n for _, n in scored)
    return EffectRow(
        cases=cases,
        amount=_yuan(sum(row[6] for row in rows)),
        answered=answered,
        satisfaction=sum(score * n for score, n in scored) / answered if answered else None,
        came_back=sum(row[5] for row in rows if row[4]),
    )


def _band_effects(cases: list[CaseRow]) -> tuple[BandEffect, ...]:
    lows: tuple[Decimal | None, ...] = (None, *BAND_EDGES)
    highs: tuple[Decimal | None, ...] = (*BAND_EDGES, None)
    return tuple(
        BandEffect(low, high, _effect([row for row in cases if row[0] == index]))
        for index, (low, high) in enumerate(zip(lows, highs, strict=True))
    )


def _size(cases: list[CaseRow], closings: list[Row], office: bool) -> CaseSize:
    histogram: Counter[int] = Counter()
    for (minutes, settled, by_office, *_), (n, *_) in _split(closings):
        if settled and bool(by_office) == office:
            histogram[max(0, _int(minutes))] += _int(n)
    accepted = [row for row in cases if row[1] and row[2] == office]
    return CaseSize(_effect(accepted), durations(histogram))


def _money_rows(rows: list[Row], name_of: Callable[[Any], tuple[str, str]]) -> tuple[MoneyRow, ...]:
    result = [
        MoneyRow(key, *name_of(key), _int(cases), _int(lines), _yuan(_int(fen)))  # type: ignore[arg-type]
        for (key, *_), (cases, lines, fen, _) in _split(rows)
    ]
    return tuple(sorted(result, key=lambda row: (-row.amount, str(row.key))))


def _by_department(rows: list[Row]) -> tuple[MoneyRow, ...]:
    query = Department.select(Department.id, Department.name, Department.name_en).tuples()
    names = {row_id: (name, name_en) for row_id, name, name_en in query}
    return _money_rows(rows, lambda key: names.get(key, ("", "")))


def _by_kind(rows: list[Row]) -> tuple[MoneyRow, ...]:
    return _money_rows(rows, lambda key: ("", ""))


def _kind_effects(rows: list[Row]) -> tuple[KindEffect, ...]:
    by_kind: dict[str, list[CaseRow]] = defaultdict(list)
    for (kind, score, back, *_), (n, fen, _, _) in _split(rows):
        by_kind[str(kind)].append((0, True, False, _score(score), bool(back), _int(n), _int(fen)))
    effects = [KindEffect(kind, _effect(kind_rows)) for kind, kind_rows in by_kind.items()]
    return tuple(sorted(effects, key=lambda row: (-row.effect.amount, row.kind)))


def _by_manager(rows: list[Row]) -> tuple[ManagerCost, ...]:
    query = Staff.select(Staff.id, Staff.full_name, Staff.per_case_limit, Staff.daily_limit).tuples()
    staff = {row[0]: row[1:] for row in query}
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    desk_days: dict[int, Counter[str]] = defaultdict(Counter)
    for (manager, day, office, own, *_), (n, fen, largest, over) in _split(rows):
        counts = totals[_int(manager)]
        counts["cases"] += _int(n)
        counts["fen"] += _int(fen)
        counts["largest"] = max(counts["largest"], _int(largest))
        counts["over"] += _int(over)
        if own and not office:
            desk_days[_int(manager)][str(day)] += _int(fen)
    result = []
    for manager, counts in totals.items():
        name, per_case, daily = staff.get(manager, ("", Decimal("0"), Decimal("0")))
        days = desk_days[manager]
        result.append(
            ManagerCost(
                staff_id=manager,
                name=name,
                cases=counts["cases"],
                amount=_yuan(counts["fen"]),
                largest=_yuan(counts["largest"]),
                per_case_limit=per_case,
                daily_limit=daily,
                over_case_limit=counts["over"],
                desk_total=_yuan(sum(days.values())),
                busiest_day=_yuan(max(days.values(), default=0)),
                days_over_daily_limit=sum(1 for fen in days.values() if _yuan(fen) > daily),
            )
        )
    return tuple(sorted(result, key=lambda row: (-row.amount, row.staff_id)))
