"""The cost of service recovery (seed document 3, issue 14): what the compensation the customers accepted
cost, where it was charged, which remedies and duty managers it went through against their limits, and what it
bought (satisfaction, and whether the customer complained again), so the office sees where money settles
complaints and where it does not; and small clear cases against large ones (抓大放小).

Recovery from third parties (``models.analysis.recovery``) is shown beside it, not taken off it: the total is
what the customers were given. Which money counts: the lines of the proposal each customer ACCEPTED, for the complaints received in the period
that pass the register's filters (as ``models.analysis.figures`` counts them). Money is summed in whole fen.
"Came back": the same customer complained again within ``CAME_BACK_DAYS`` of this complaint (up to now).
"Large" cases went to the office (their accepted proposal needed it: over a limit, a remedy or a category
beyond the desk); "small" ones were settled at the desk within its authority.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from models.analysis.figures import Durations, durations
from models.analysis.period import Period
from models.analysis.recovery import RecoveryFigures, recovery_in
from models.analysis.scope import Condition, scope
from models.base import db
from models.catalog import Department
from models.complaint import ProposalStatus, State
from models.search import Filters
from models.staff import Staff

CAME_BACK_DAYS = 90
# The size bands of a case's compensation, in yuan: (0], (0, 50], (50, 200], (200, 500], (500, 2000], above.
BAND_EDGES = (Decimal("0"), Decimal("50"), Decimal("200"), Decimal("500"), Decimal("2000"))
ACCEPTED = str(ProposalStatus.ACCEPTED)


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))


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
    with db.atomic(lock_type="DEFERRED"):  # one read snapshot, no write lock
        cases = _cases(where, now)
        complaints = sum(row[-2] for row in cases)  # rows end with (complaints, fen)
        compensated = sum(row[-2] for row in cases if row[0] > 0)
        total = _yuan(sum(row[-1] for row in cases))
        return CostFigures(
            complaints=complaints,
            compensated=compensated,
            total=total,
            per_compensated_case=(total / compensated).quantize(Decimal("0.01")) if compensated else None,
            per_complaint=(total / complaints).quantize(Decimal("0.01")) if complaints else None,
            by_department=_by_department(where),
            by_remedy_kind=_by_kind(where),
            by_duty_manager=_by_manager(where),
            effect_by_remedy_kind=_kind_effects(where, now),
            effect_by_band=_band_effects(cases),
            small=_size(cases, where, office=False),
            large=_size(cases, where, office=True),
            recovery=recovery_in(where),
        )


_ACCEPTED_JOIN = "JOIN proposal p ON p.complaint_id = c.id AND p.status = ?"
_FEN = "CAST(round({} * 100) AS INTEGER)"


def _came_back(now: dt.datetime) -> tuple[str, tuple[object, ...]]:
    sql = (
        "(c.customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM complaint n WHERE n.customer_id = c.customer_id "
        "AND n.received_at > c.received_at AND n.received_at < datetime(c.received_at, ?) AND n.received_at < ?))"
    )
    return sql, (f"+{CAME_BACK_DAYS} days", now.isoformat(sep=" "))


def _band_sql() -> str:
    whens = " ".join(f"WHEN t <= {int(edge * 100)} THEN {index}" for index, edge in enumerate(BAND_EDGES))
    return f"CASE {whens} ELSE {len(BAND_EDGES)} END"


# (band, settled: a proposal accepted, office, satisfaction, came back, complaints, fen)
CaseRow = tuple[int, bool, bool, int | None, bool, int, int]


def _cases(where: Condition, now: dt.datetime) -> list[CaseRow]:
    """Every complaint of the scope by its compensation band, whether a proposal was accepted and went through
    the office, its satisfaction and whether the customer came back: one pass."""
    came_back, params = _came_back(now)
    rows = db.execute_sql(
        f"SELECT {_band_sql()}, settled, office, satisfaction, back, count(*), sum(t) FROM ("
        f"SELECT coalesce({_FEN.format('p.total')}, 0) AS t, p.id IS NOT NULL AS settled, "
        "coalesce(p.needs_office, 0) AS office, "
        f"c.satisfaction AS satisfaction, {came_back} AS back "
        "FROM complaint c LEFT JOIN proposal p ON p.complaint_id = c.id AND p.status = ? "
        f"WHERE {where.sql}) GROUP BY 1, 2, 3, 4, 5",
        (*params, ACCEPTED, *where.params),
    )
    return [
        (band, bool(settled), bool(office), score, bool(back), n, fen)
        for band, settled, office, score, back, n, fen in rows
    ]


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


def _size(cases: list[CaseRow], where: Condition, office: bool) -> CaseSize:
    rows = db.execute_sql(
        "SELECT CAST((julianday(c.closed_at) - julianday(c.received_at)) * 1440 AS INTEGER), count(*) "
        "FROM complaint c JOIN proposal p ON p.complaint_id = c.id AND p.status = ? "
        f"WHERE {where.sql} AND c.state = ? AND c.closed_at IS NOT NULL AND p.needs_office = ? GROUP BY 1",
        (ACCEPTED, *where.params, str(State.CLOSED), int(office)),
    )
    accepted = [row for row in cases if row[1] and row[2] == office]
    return CaseSize(_effect(accepted), durations(Counter({max(0, minutes): n for minutes, n in rows})))


def _by_department(where: Condition) -> tuple[MoneyRow, ...]:
    names = {row_id: (name, name_en) for row_id, name, name_en in Department.select(
        Department.id, Department.name, Department.name_en).tuples()}
    rows = db.execute_sql(
        f"SELECT l.charged_to_id, count(DISTINCT c.id), count(*), sum({_FEN.format('l.amount')}) "
        f"FROM complaint c {_ACCEPTED_JOIN} JOIN compensation_line l ON l.proposal_id = p.id "
        f"WHERE {where.sql} GROUP BY 1",
        (ACCEPTED, *where.params),
    )
    result = [MoneyRow(key, *names.get(key, ("", "")), cases, lines, _yuan(fen)) for key, cases, lines, fen in rows]
    return tuple(sorted(result, key=lambda row: (-row.amount, str(row.key))))


def _by_kind(where: Condition) -> tuple[MoneyRow, ...]:
    rows = db.execute_sql(
        f"SELECT r.kind, count(DISTINCT c.id), count(*), sum({_FEN.format('l.amount')}) "
        f"FROM complaint c {_ACCEPTED_JOIN} JOIN compensation_line l ON l.proposal_id = p.id "
        f"JOIN remedy r ON r.id = l.remedy_id WHERE {where.sql} GROUP BY 1",
        (ACCEPTED, *where.params),
    )
    result = [MoneyRow(kind, "", "", cases, lines, _yuan(fen)) for kind, cases, lines, fen in rows]
    return tuple(sorted(result, key=lambda row: (-row.amount, str(row.key))))


def _kind_effects(where: Condition, now: dt.datetime) -> tuple[KindEffect, ...]:
    came_back, params = _came_back(now)
    rows = db.execute_sql(
        "SELECT kind, satisfaction, back, count(*), sum(fen) FROM ("
        f"SELECT r.kind AS kind, c.satisfaction AS satisfaction, {came_back} AS back, "
        f"sum({_FEN.format('l.amount')}) AS fen FROM complaint c {_ACCEPTED_JOIN} "
        "JOIN compensation_line l ON l.proposal_id = p.id JOIN remedy r ON r.id = l.remedy_id "
        f"WHERE {where.sql} GROUP BY c.id, r.kind) GROUP BY 1, 2, 3",
        (*params, ACCEPTED, *where.params),
    )
    by_kind: dict[str, list[CaseRow]] = defaultdict(list)
    for kind, score, back, n, fen in rows:
        by_kind[kind].append((0, True, False, score, bool(back), n, fen))
    effects = [KindEffect(kind, _effect(kind_rows)) for kind, kind_rows in by_kind.items()]
    return tuple(sorted(effects, key=lambda row: (-row.effect.amount, row.kind)))


def _by_manager(where: Condition) -> tuple[ManagerCost, ...]:
    rows = db.execute_sql(
        f"SELECT c.received_by_id, substr(p.created_at, 1, 10), p.needs_office, p.created_by_id = c.received_by_id, "
        f"count(*), sum({_FEN.format('p.total')}), max({_FEN.format('p.total')}), "
        f"sum(p.total > s.per_case_limit) FROM complaint c {_ACCEPTED_JOIN} JOIN staff s ON s.id = c.received_by_id "
        f"WHERE {where.sql} AND p.total > 0 GROUP BY 1, 2, 3, 4",
        (ACCEPTED, *where.params),
    )
    staff = {row[0]: row[1:] for row in Staff.select(
        Staff.id, Staff.full_name, Staff.per_case_limit, Staff.daily_limit).tuples()}
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    desk_days: dict[int, Counter[str]] = defaultdict(Counter)
    for manager, day, office, own, n, fen, largest, over in rows:
        counts = totals[manager]
        counts["cases"] += n
        counts["fen"] += fen
        counts["largest"] = max(counts["largest"], largest)
        counts["over"] += over
        if own and not office:
            desk_days[manager][day] += fen
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
