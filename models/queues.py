"""Lists of cases as rows for the screens: the desk's open cases, the office's
queue of escalated cases, and the open cases a new one may repeat."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.catalog import EntryName
from models.complaint import CONTINUABLE_STATES, OPEN_STATES, Complaint, State, as_time, escalated_since, shown_number
from models.control.risk import decode_reasons
from models.control.risk_cases import risk_as_of
from models.intake import Receipt, escalated_cases, open_cases, possible_duplicates
from models.intake.queries import overdue_condition
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


# The open-case lists' filters (the Open cases page's, the overview's cards): every open case, those past the
# promise, those waiting for the office, those of the person asking.
ALL, OVERDUE, WAITING_FOR_OFFICE, MINE = "all", "overdue", "office", "mine"


@dataclass(frozen=True)
class QueueCounts:
    """How many open cases there are, counted over all of them (a list shows the first OPEN_CASES_SHOWN: at a
    million complaints its 500 were said as the totals, "500 open, 500 late", beside cards saying 2,488)."""

    open: int
    overdue: int
    waiting_for_office: int
    high: int  # escalation risk as of now
    watch: int
    drafts: int  # the person's own intakes stopped before a proposal, which they may go on with


class DeskQueue(list[QueuedCase]):
    """The first open cases of a filter, in the queue's order, with the counts of every open case."""

    def __init__(self, cases: list[QueuedCase], counts: QueueCounts, listed: int) -> None:
        super().__init__(cases)
        self.counts = counts
        self.listed = listed  # how many cases the filter has in all (the list shows the first of them)

    @property
    def cut(self) -> bool:
        return self.listed > len(self)


def _filter(which: str, actor: Staff, now: dt.datetime) -> Any:
    if which == OVERDUE:
        return overdue_condition(now)
    if which == WAITING_FOR_OFFICE:
        return Complaint.state == State.ESCALATED
    if which == MINE:
        return (Complaint.received_by == actor) | (Complaint.taken_over_by == actor)
    return None


def desk_queue(actor: Staff, now: dt.datetime | None = None, which: str = ALL) -> DeskQueue:
    """What needs the desk now: the open cases of the filter ``which``, those waiting for the office too (their
    customer may be in the lobby), the longest past the promise first, then the promise due soonest, the first
    OPEN_CASES_SHOWN of them; with the counts of all open cases."""
    now = now or dt.datetime.now()
    where = _filter(which, actor, now)
    cases = [_row(case, now, actor=actor) for case in open_cases(where)]
    counts = queue_counts(actor, now)
    listed = {ALL: counts.open, OVERDUE: counts.overdue, WAITING_FOR_OFFICE: counts.waiting_for_office}.get(which)
    if listed is None:
        listed = Complaint.select().where(Complaint.state.in_(list(OPEN_STATES)) & where).count()
    return DeskQueue(cases, counts, max(listed, len(cases)))


def queue_counts(actor: Staff, now: dt.datetime | None = None) -> QueueCounts:
    """The counts of every open case (``QueueCounts``): by SQL, and the risk as of now from each case's stored
    level and reasons (a few columns of the open cases only)."""
    now = now or dt.datetime.now()
    open_case = Complaint.state.in_(list(OPEN_STATES))
    total = Complaint.select().where(open_case).count()
    overdue = Complaint.select().where(open_case & overdue_condition(now)).count()
    office = Complaint.select().where(Complaint.state == State.ESCALATED).count()
    drafts_may = (Complaint.taken_over_by.is_null()) if not may(actor, Action.DECIDE) else None
    mine = ((Complaint.received_by == actor) | (Complaint.taken_over_by == actor)) & Complaint.state.in_(
        [State.RECEIVED, State.INVESTIGATING]
    )
    drafts = Complaint.select().where(mine if drafts_may is None else mine & drafts_may).count()
    risks = (
        Complaint.select(
            Complaint.risk_level,
            Complaint.risk_reasons,
            Complaint.state,
            Complaint.promised_at,
            escalated_since().alias("escalated_since"),
        )
        .where(open_case)
        .tuples()
    )
    levels = [
        _level(level, reasons, state, promised_at, as_time(since) if state == State.ESCALATED else None, now)
        for level, reasons, state, promised_at, since in risks
    ]
    return QueueCounts(total, overdue, office, levels.count("high"), levels.count("watch"), drafts)


def _level(
    level: str | None, reasons: object, state: str, promised_at: object, since: dt.datetime | None, now: dt.datetime
) -> str:
    promised = as_time(promised_at)  # a datetime read without its model: text on SQLite
    risk = risk_as_of(level, decode_reasons(reasons), state, promised, since, now)  # type: ignore[arg-type]
    return "" if risk is None else str(risk.level.value)


def office_queue(now: dt.datetime | None = None) -> list[QueuedCase]:
    """The escalated cases, longest waiting first (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now, case.proposal.total) for case in escalated_cases()]


def duplicate_candidates(receipt: Receipt, now: dt.datetime | None = None) -> list[QueuedCase]:
    """Open cases the complaint being received may repeat (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now) for case in possible_duplicates(receipt, now)]
