"""Which complaints an analysis reads: the SQL condition of a period and the register's filters, shared by
the figures and the cost of service recovery (``c`` is the complaint table's alias)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.analysis.period import Period
from models.complaint import AWAITING_ANSWER, OPEN_STATES, State
from models.search import Filters, matching

OPEN = tuple(str(state) for state in OPEN_STATES)
AWAITING = tuple(str(state) for state in AWAITING_ANSWER)  # the time promised counts: models.complaint


@dataclass(frozen=True)
class Condition:
    """A piece of SQL (``AND``-joined terms, never empty) and its parameters."""

    sql: str
    params: tuple[object, ...]

    def __and__(self, other: Condition) -> Condition:
        return Condition(f"{self.sql} AND {other.sql}", self.params + other.params)


def stamp(moment: dt.datetime) -> str:
    """A time as the database stores it, for comparing with a stored time."""
    return moment.isoformat(sep=" ")


def received_in(period: Period) -> Condition:
    return Condition("c.received_at >= ? AND c.received_at < ?", (stamp(period.start), stamp(period.end)))


def filtered(filters: Filters | None, now: dt.datetime) -> Condition:
    """The register's filters on the complaints ``c``, but its dates: the period decides which complaints
    are counted (``received_from``/``received_to`` are not read)."""
    terms = ["1 = 1"]
    params: list[object] = []
    if filters is None:
        return Condition("1 = 1", ())
    for column, value in (
        ("c.category_id", filters.category_id),
        ("c.department_id", filters.department_id),
        ("c.received_by_id", filters.received_by_id),
    ):
        if value is not None:
            terms.append(f"{column} = ?")
            params.append(value)
    if filters.states:
        terms.append(f"c.state IN ({', '.join('?' * len(filters.states))})")
        params.extend(filters.states)
    if filters.overdue_only:
        terms.append(f"c.state IN ({', '.join('?' * len(AWAITING))}) AND c.promised_at < ?")
        params.extend((*AWAITING, stamp(filters.now or now)))
    if filters.escalated_only:
        terms.append("c.state = ?")
        params.append(str(State.ESCALATED))
    if filters.text.strip() or filters.ids:
        sql, text_params = matching(Filters(text=filters.text, ids=filters.ids)).sql()
        terms.append(f"c.id IN ({sql})")
        params.extend(text_params)
    return Condition(" AND ".join(terms[1:]) or "1 = 1", tuple(params))


def scope(period: Period, filters: Filters | None, now: dt.datetime) -> Condition:
    """The complaints received in ``period`` that pass ``filters``."""
    return received_in(period) & filtered(filters, now)
