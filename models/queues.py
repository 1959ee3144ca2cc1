"""Lists of cases as rows for the screens: the desk's open cases, the office's
queue of escalated cases, and the open cases a new one may repeat."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from models.catalog import EntryName
from models.complaint import CONTINUABLE_STATES, Complaint, State, as_time, shown_number
from models.control.risk import decode_reasons
from models.control.risk_cases import risk_as_of
from models.intake import Receipt, escalated_cases, open_cases, possible_duplicates
from models.money import to_money
from models.permissions import Action, may
from models.staff import Staff


@dataclass(frozen=True)
class QueuedCase:
    id: int
    number: str
    state: str
    received_at: dt.datetime
    received_by: str
    updated_at: dt.datetime
    customer_name: str
    customer_phone: str
    category: EntryName | None
    promised_at: dt.datetime | None
    overdue: bool
    asked_total: Decimal  # the escalated proposal's total, in the office's queue
    risk_level: str  # as of now ('' before it was first assessed)
    taken_over_by: str  # the office account that took the case over, "" when none
    handoff_note: str = ""  # what the desk wrote for the office
    mine: bool = False  # received by the person asking, or taken over by them
    continuable: bool = False  # the person asking may go on with it in the intake now
    escalated_since: dt.datetime | None = None  # an escalated case's hand-over to the office: it waits since

    @property
    def waiting_for_office(self) -> bool:
        return self.state == State.ESCALATED


def _row(
    case: Complaint, now: dt.datetime, asked_total: Decimal | int | None = 0, actor: Staff | None = None
) -> QueuedCase:
    # The queries join customer, category and receiver: these reads follow no lazy key.
    customer, category = case.customer, case.category
    escalated = as_time(getattr(case, "escalated_since", None)) if case.state == State.ESCALATED else None
    return QueuedCase(
        id=case.id,
        number=shown_number(case.archive_number, case.id),
        state=case.state,
        received_at=case.received_at,
        received_by=case.received_by.full_name,
        updated_at=case.updated_at,
        customer_name=customer.name if customer else "",
        customer_phone=customer.phone if customer else "",
        category=EntryName(category.id, category.name, category.name_en) if category else None,
        promised_at=case.promised_at,
        overdue=case.is_overdue(now),
        asked_total=to_money(asked_total or 0),
        risk_level=_risk_now(case, escalated, now),
        handoff_note=case.handoff_note,
        taken_over_by=case.taker.full_name if getattr(case, "taker", None) is not None else "",
        mine=actor is not None and actor.id in (case.received_by_id, case.taken_over_by_id),
        continuable=actor is not None
        and case.state in CONTINUABLE_STATES
        and (case.taken_over_by_id is None or may(actor, Action.DECIDE)),
        escalated_since=escalated,
    )


def _risk_now(case: Complaint, escalated_since: dt.datetime | None, now: dt.datetime) -> str:
    """The case's escalation risk as of now (``risk_as_of``); '' before it was first assessed."""
    reasons = decode_reasons(case.risk_reasons)
    risk = risk_as_of(case.risk_level, reasons, case.state, case.promised_at, escalated_since, now)
    return "" if risk is None else str(risk.level.value)


def desk_queue(actor: Staff, now: dt.datetime | None = None) -> list[QueuedCase]:
    """What needs the desk now: every open case, those waiting for the office too (their customer may be
    in the lobby), the longest past the promise first, then the promise due soonest (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now, actor=actor) for case in open_cases()]


def office_queue(now: dt.datetime | None = None) -> list[QueuedCase]:
    """The escalated cases, longest waiting first (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now, case.proposal.total) for case in escalated_cases()]


def duplicate_candidates(receipt: Receipt, now: dt.datetime | None = None) -> list[QueuedCase]:
    """Open cases the complaint being received may repeat (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now) for case in possible_duplicates(receipt, now)]
