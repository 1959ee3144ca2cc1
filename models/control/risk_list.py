"""The office's risk list: the open cases at escalation risk, the riskiest and longest waiting first, with
their reasons as they stand now (the stored reasons of the last step, with the clock's reasons, overdue
and waiting for the office, computed afresh), the open alerts from the desks, and the office's answers.

SQLite ranks every open case in one query (the (state, received_at) index; each case's level is its
stored ``risk_score`` plus the clock's points, the same thresholds as ``models.control.risk``), and
Python reads the reasons of the rows shown: on a million complaints, thousands of open ones, tens of
milliseconds (tests/perf/bench_risk.py). A case not assessed since the upgrade (migration 0015) counts
its severity until ``models.control.risk_cases.assess_open_cases`` or its next step assesses it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.base import db
from models.catalog import EntryName, Severity
from models.complaint import AWAITING_ANSWER, ESCALATED_SINCE_SQL, OPEN_STATES, State, shown_number
from models.control.alerts import AlertView, alerts_without_open_case, open_case_alerts, outranks
from models.control.risk import (
    HIGH_FROM,
    OFFICE_WAIT_LONG_MINUTES,
    OFFICE_WAIT_MINUTES,
    OVERDUE_LONG_MINUTES,
    WATCH_FROM,
    Reason,
    ReasonCode,
    RiskLevel,
    decode_reasons,
    reason,
    with_clock,
)
from models.control.risk_cases import assess_open_cases, minutes_between
from models.staff import Staff

LIST_LIMIT = 500


@dataclass(frozen=True)
class RiskRow:
    """One case of the office's risk list."""

    case_id: int
    number: str
    state: str
    received_at: dt.datetime
    waiting_minutes: int  # since the case was received
    customer_name: str
    customer_phone: str
    category: EntryName | None
    received_by: str
    taken_over_by: str
    taken_over_by_id: int | None  # the office account that took it over: what a take-over from this row saw
    level: str
    reasons: tuple[Reason, ...]
    open_alert: AlertView | None  # the desk's notification the office has not answered
    answered: AlertView | None  # the office's latest answer, while it still covers the level
    office_decided: bool = False  # the office decided a proposal of it (the customer may have answered since)

    @property
    def with_the_office(self) -> bool:
        """The office has the case in hand: in its queue of escalations, or decided by it."""
        return self.state == State.ESCALATED or self.office_decided

    @property
    def needs_answer(self) -> bool:
        """An open alert, or a high risk nobody in the office has answered, taken over or has in hand (a case
        waiting in its queue, or decided by it, was "not yet seen" in bold beside "decided by the office")."""
        return self.open_alert is not None or (
            self.level == RiskLevel.HIGH and self.answered is None and not self.taken_over_by
            and not self.with_the_office
        )  # fmt: skip


@dataclass(frozen=True)
class RiskList:
    rows: list[RiskRow]  # at most the limit asked for
    total: int  # every open case at risk
    # The desks' alerts no open case carries: for customers whose case is not saved yet, or was closed or withdrawn
    unsaved_alerts: list[AlertView]


def _rank(score: str) -> str:
    return f"CASE WHEN {score} >= {HIGH_FROM} THEN 2 WHEN {score} >= {WATCH_FROM} THEN 1 ELSE 0 END"


# Each open case's points now: the stored ones (a case not assessed yet: its severity), and the clock's, as
# ``context_reasons`` gives them (a minute late or more: 1, more than OVERDUE_LONG_MINUTES: 2; waiting for
# the office more than OFFICE_WAIT_MINUTES: 1, more than OFFICE_WAIT_LONG_MINUTES: 2). The times compare
# as the text they are stored in, which sorts as time does.
# The office decided a proposal of the case (``RiskRow.office_decided``).
_DECIDED = "EXISTS (SELECT 1 FROM proposal p WHERE p.complaint_id = c.id AND p.decided_by_id IS NOT NULL)"
_RANKED = f"""
WITH scored AS (
    SELECT c.id, c.received_at, c.taken_over_by_id AS taker,
        CASE WHEN c.risk_level <> '' THEN c.risk_score WHEN c.severity = '{Severity.HIGH.value}' THEN 1 ELSE 0 END
        + CASE WHEN c.state NOT IN ({", ".join(f"'{s.value}'" for s in AWAITING_ANSWER)}) THEN 0
               WHEN c.promised_at <= ? THEN 2 WHEN c.promised_at <= ? THEN 1 ELSE 0 END
        + CASE WHEN c.state <> '{State.ESCALATED.value}' THEN 0
               WHEN {ESCALATED_SINCE_SQL.format(case="c")} <= ? THEN 2
               WHEN {ESCALATED_SINCE_SQL.format(case="c")} <= ? THEN 1 ELSE 0 END AS score,
        EXISTS (SELECT 1 FROM risk_alert a WHERE a.complaint_id = c.id AND a.answered_at IS NULL) AS alerted,
        (SELECT CASE a.level WHEN 'high' THEN 2 WHEN 'watch' THEN 1 ELSE 0 END FROM risk_alert a
         WHERE a.complaint_id = c.id AND a.answered_at IS NOT NULL ORDER BY a.id DESC LIMIT 1) AS answered,
        c.state = '{State.ESCALATED.value}' OR {_DECIDED} AS in_hand
    FROM complaint c WHERE c.state IN ({", ".join(f"'{s.value}'" for s in OPEN_STATES)})
), ranked AS (
    SELECT *, {_rank("score")} AS rank FROM scored
)
SELECT r.id, count(*) OVER () FROM ranked r
WHERE r.rank > 0 OR r.alerted
ORDER BY NOT r.alerted, NOT (r.rank = 2 AND r.taker IS NULL AND coalesce(r.answered, 0) < 2 AND NOT r.in_hand),
    r.rank DESC,
    r.received_at, r.id
LIMIT ?
"""

_DETAILS = (
    "SELECT c.id, c.archive_number, c.state, c.received_at, c.promised_at, "
    f"{ESCALATED_SINCE_SQL.format(case='c')}, c.risk_level, c.risk_reasons, c.severity, u.name, u.phone, k.id, "
    f"k.code, k.name, k.name_en, r.full_name, t.full_name, c.taken_over_by_id, {_DECIDED} "
    "FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id LEFT JOIN category k ON k.id = c.category_id "
    "JOIN staff r ON r.id = c.received_by_id LEFT JOIN staff t ON t.id = c.taken_over_by_id WHERE c.id IN ({ids})"
)


def _time(value: object) -> dt.datetime | None:
    """A stored time: text on SQLite, a datetime from a server."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ")


def risk_list(now: dt.datetime | None = None, limit: int = LIST_LIMIT) -> RiskList:
    """The open cases at risk (level watch or high now, or with an open alert): those the desk told the
    office of first, then the high risks nobody answered or took over, then by level, then the longest
    waiting; at most ``limit`` of them, and how many there are."""
    now = now or dt.datetime.now()
    minute = dt.timedelta(minutes=1)
    ranked = db.execute_sql(
        _RANKED,
        (
            _stamp(now - (OVERDUE_LONG_MINUTES + 1) * minute),  # overdue long
            _stamp(now - minute),  # overdue
            _stamp(now - (OFFICE_WAIT_LONG_MINUTES + 1) * minute),  # waiting long
            _stamp(now - (OFFICE_WAIT_MINUTES + 1) * minute),  # waiting
            limit,
        ),
    ).fetchall()
    unsaved = alerts_without_open_case()
    if not ranked:
        return RiskList([], 0, unsaved)
    order = {case_id: index for index, (case_id, _) in enumerate(ranked)}
    alerts = open_case_alerts()
    rows = [_row(found, now, alerts) for found in db.execute_sql(_DETAILS.format(ids=", ".join(map(str, order))))]
    rows.sort(key=lambda row: order[row.case_id])
    return RiskList(rows, int(ranked[0][1]), unsaved)


def _row(
    found: tuple[object, ...], now: dt.datetime, alerts: dict[int, tuple[AlertView | None, AlertView | None]]
) -> RiskRow:
    (case_id, archive_number, state, received_at, promised_at, escalated_since, stored_level, stored_reasons,
     severity, customer, phone, category_id, category_code, category_name, category_name_en, received_by,
     taken_over_by, taker_id, decided) = found  # fmt: skip
    assert isinstance(case_id, int)
    if stored_level:
        stored = decode_reasons(str(stored_reasons))
    elif severity == Severity.HIGH:  # not assessed since the upgrade: its severity only, as ranked
        stored = (reason(ReasonCode.SEVERE, kind=str(category_code or Severity.HIGH.value)),)
    else:
        stored = ()
    waiting = minutes_between(_time(escalated_since), now) if state == State.ESCALATED else 0
    overdue = minutes_between(_time(promised_at), now) if state in AWAITING_ANSWER else 0
    live = with_clock(stored, overdue, waiting)
    received = _time(received_at) or now
    open_alert, answered = alerts.get(case_id, (None, None))
    return RiskRow(
        case_id=case_id,
        number=shown_number(archive_number if isinstance(archive_number, str) else None, case_id),
        state=str(state),
        received_at=received,
        waiting_minutes=minutes_between(received, now),
        customer_name=str(customer or ""),
        customer_phone=str(phone or ""),
        category=EntryName(category_id, str(category_name), str(category_name_en or ""))
        if isinstance(category_id, int)
        else None,
        received_by=str(received_by),
        taken_over_by=str(taken_over_by or ""),
        taken_over_by_id=int(taker_id) if isinstance(taker_id, int) else None,
        level=live.level.value,
        reasons=live.reasons,
        open_alert=open_alert,
        answered=answered if outranks(answered, live.level) else None,
        office_decided=bool(decided),
    )


def office_risk_list(actor: Staff, now: dt.datetime | None = None, limit: int = LIST_LIMIT) -> RiskList:
    """The list as the office's page reads it: any open case not assessed since the upgrade is assessed
    first (once), then the list."""
    assess_open_cases(actor, now=now)
    return risk_list(now, limit)
