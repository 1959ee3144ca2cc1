"""The office's risk list: the open cases at escalation risk, the riskiest and longest waiting first, with
their reasons as they stand now (the stored reasons of the last step, with the clock's reasons, overdue
and waiting for the office, computed afresh), the open alerts from the desks, and the office's answers.

One read of the open cases (the (state, received_at) index) and one of their alerts, then Python: on a
million complaints, a few thousand open ones, well under 100 ms (tests/perf/bench_risk.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.base import db
from models.catalog import EntryName, Severity
from models.complaint import OPEN_STATES, State, shown_number
from models.control.alerts import AlertView, open_alerts, open_case_alerts, outranks
from models.control.risk import (
    LEVEL_RANK,
    Reason,
    RiskContext,
    RiskLevel,
    RiskWord,
    assess,
    decode_reasons,
    with_clock,
)
from models.control.risk_cases import minutes_between, risk_words

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
    level: str
    reasons: tuple[Reason, ...]
    open_alert: AlertView | None  # the desk's notification the office has not answered
    answered: AlertView | None  # the office's latest answer, while it still covers the level

    @property
    def needs_answer(self) -> bool:
        """An open alert, or a high risk nobody in the office has answered or taken over."""
        return self.open_alert is not None or (
            self.level == RiskLevel.HIGH and self.answered is None and not self.taken_over_by
        )


@dataclass(frozen=True)
class RiskList:
    rows: list[RiskRow]  # at most the limit asked for
    total: int  # every open case at risk
    unsaved_alerts: list[AlertView]  # the desks' alerts for customers whose case is not saved yet


_OPEN_CASES = (
    "SELECT c.id, c.archive_number, c.state, c.received_at, c.promised_at, c.updated_at, c.risk_level, "
    "c.risk_reasons, c.severity, "
    "CASE WHEN c.risk_level = '' THEN c.narrative || char(10) || c.demand || char(10) || c.counter_demand END, "
    "u.name, u.phone, k.id, k.code, k.name, k.name_en, r.full_name, t.full_name "
    "FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id LEFT JOIN category k ON k.id = c.category_id "
    "JOIN staff r ON r.id = c.received_by_id LEFT JOIN staff t ON t.id = c.taken_over_by_id "
    f"WHERE c.state IN ({', '.join('?' * len(OPEN_STATES))})"
)


def _time(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def risk_list(now: dt.datetime | None = None, limit: int = LIST_LIMIT) -> RiskList:
    """The open cases at risk (level watch or high now, or with an open alert): those the desk told the
    office of first, then the high risks nobody answered, then by level, then the longest waiting."""
    now = now or dt.datetime.now()
    alerts = open_case_alerts()
    words: list[RiskWord] | None = None  # read only when a case from before the upgrade needs its words
    rows: list[RiskRow] = []
    for (case_id, archive_number, state, received_at, promised_at, updated_at, stored_level, stored_reasons,
         severity, unassessed_texts, customer, phone, category_id, category_code, category_name, category_name_en,
         received_by, taken_over_by) in db.execute_sql(_OPEN_CASES, [s.value for s in OPEN_STATES]):  # fmt: skip
        received = _time(received_at) or now
        overdue = minutes_between(_time(promised_at), now)
        waiting = minutes_between(_time(updated_at), now) if state == State.ESCALATED else 0
        if stored_level == "":
            # Not assessed since the upgrade (migration 0015): its words and severity until its next step.
            if words is None:
                words = risk_words()
            severe = (category_code or Severity.HIGH.value) if severity == Severity.HIGH else ""
            stored = assess([unassessed_texts or ""], RiskContext(severe=severe), words).reasons
        else:
            stored = decode_reasons(stored_reasons)
        live = with_clock(stored, overdue, waiting)
        open_alert, answered = alerts.get(case_id, (None, None))
        if live.level == RiskLevel.NONE and open_alert is None:
            continue
        rows.append(
            RiskRow(
                case_id=case_id,
                number=shown_number(archive_number, case_id),
                state=state,
                received_at=received,
                waiting_minutes=minutes_between(received, now),
                customer_name=customer or "",
                customer_phone=phone or "",
                category=EntryName(category_id, category_name, category_name_en or "") if category_id else None,
                received_by=received_by,
                taken_over_by=taken_over_by or "",
                level=live.level.value,
                reasons=live.reasons,
                open_alert=open_alert,
                answered=answered if outranks(answered, live.level) else None,
            )
        )
    rows.sort(
        key=lambda row: (
            row.open_alert is None, not row.needs_answer, -LEVEL_RANK[row.level], row.received_at, row.case_id
        )
    )
    unsaved = [view for view in open_alerts() if view.complaint_id is None]
    return RiskList(rows[:limit], len(rows), unsaved)


def live_risk(case_id: int, now: dt.datetime | None = None) -> tuple[str, tuple[Reason, ...]]:
    """One open case's level and reasons as the list shows them now."""
    now = now or dt.datetime.now()
    found = db.execute_sql(_OPEN_CASES + " AND c.id = ?", [*(s.value for s in OPEN_STATES), case_id]).fetchone()
    if found is None:
        return RiskLevel.NONE.value, ()
    state, promised_at, updated_at, stored_level, stored_reasons = found[2], found[4], found[5], found[6], found[7]
    stored = decode_reasons(stored_reasons) if stored_level else ()
    waiting = minutes_between(_time(updated_at), now) if state == State.ESCALATED else 0
    live = with_clock(stored, minutes_between(_time(promised_at), now), waiting)
    return live.level.value, live.reasons
