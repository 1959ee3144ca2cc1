"""What the screens read about cases in progress: a case's proposals, the desk's drafts, the
office's queue, locations to offer and possible duplicates of a new complaint."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, Case, Expression, ModelSelect

from models.catalog import Category, Location, Remedy
from models.complaint import (
    AWAITING_ANSWER,
    OPEN_STATES,
    CompensationLine,
    Complaint,
    Proposal,
    ProposalStage,
    ProposalStatus,
    State,
    escalated_since,
)
from models.customer import Customer, normalize_phone
from models.errors import DomainError
from models.intake.inputs import Receipt
from models.money import to_money
from models.staff import Role, Staff
from models.text import one_line


@dataclass(frozen=True)
class RemedyName:
    """A remedy's names, as ``ui.i18n.catalogue_name`` reads them."""

    name: str
    name_en: str


@dataclass(frozen=True)
class ProposalLineView:
    remedy_id: int
    remedy: RemedyName
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ProposalView:
    """One proposal of a case and the customer's answer to it, for the screens."""

    seq: int
    created_at: dt.datetime
    created_by: str
    by_office: bool  # made by an office account (the office's own remedy), not at the desk
    stage: ProposalStage
    explanation: str
    total: Decimal
    decision: str
    decision_note: str
    decided_by: str
    decided_at: dt.datetime | None
    answer: str
    counter_demand: str
    satisfaction: int | None
    answered_at: dt.datetime | None
    lines: tuple[ProposalLineView, ...]


def proposal_history(complaint: Complaint | int) -> list[ProposalView]:
    """Every proposal of the case in order, with its lines and answer (two queries)."""
    complaint_id = int(getattr(complaint, "id", complaint))
    creator, decider = Staff.alias(), Staff.alias()
    query = (
        Proposal.select(
            Proposal,
            creator.full_name.alias("creator_name"),
            creator.role.alias("creator_role"),
            decider.full_name.alias("decider_name"),
        )
        .join_from(Proposal, creator, on=(Proposal.created_by == creator.id))
        .join_from(Proposal, decider, JOIN.LEFT_OUTER, on=(Proposal.decided_by == decider.id))
        .where(Proposal.complaint == complaint_id)
        .order_by(Proposal.seq)
        .objects()
    )
    proposals = list(query)
    lines: dict[int, list[ProposalLineView]] = {proposal.id: [] for proposal in proposals}
    line = CompensationLine
    rows = (
        line.select(line.proposal, Remedy.id, Remedy.name, Remedy.name_en, line.description, line.amount)
        .join(Remedy)
        .where(line.proposal.in_(list(lines)))
        .order_by(line.id)
        .tuples()
    )
    for proposal_id, remedy_id, name, name_en, description, amount in rows:
        lines[proposal_id].append(ProposalLineView(remedy_id, RemedyName(name, name_en), description, to_money(amount)))
    return [
        ProposalView(
            seq=proposal.seq,
            created_at=proposal.created_at,
            created_by=proposal.creator_name,
            by_office=proposal.creator_role in (Role.OFFICE, Role.ADMIN),
            stage=proposal.stage,
            explanation=proposal.explanation,
            total=to_money(proposal.total),
            decision=proposal.decision,
            decision_note=proposal.decision_note,
            decided_by=proposal.decider_name or "",
            decided_at=proposal.decided_at,
            answer=proposal.answer,
            counter_demand=proposal.counter_demand,
            satisfaction=proposal.satisfaction,
            answered_at=proposal.answered_at,
            lines=tuple(lines[proposal.id]),
        )
        for proposal in proposals
    ]


def open_drafts(actor: Staff) -> list[Complaint]:
    """Open cases waiting for the desk: this person's drafts (those the office took over too, which say
    so), cases this office account took over, and cases the office has decided (any desk may present a
    decision)."""
    mine = ((Complaint.received_by == actor) | (Complaint.taken_over_by == actor)) & Complaint.state.in_(
        [State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.DECLINED]
    )
    decided = Complaint.state == State.DECIDED
    return list(_with_names().where(mine | decided).order_by(Complaint.received_at.desc()).limit(200))


OPEN_CASES_SHOWN = 500  # the open cases a list shows (a desk with more has other problems); its counts count all


def open_cases(where: Expression | None = None, limit: int | None = None) -> list[Complaint]:
    """The open cases (models.complaint.OPEN_STATES: the one meaning of "open" on every screen and
    sheet) that ``where`` picks, the first ``limit``: the customer who has waited longest past the promise first,
    then the promise due soonest, then those without a promise; those the desk has answered (a proposal the
    customer weighs, agreed) after the ones waiting for an answer (an agreed case sat among the late ones, its
    promise long kept) (one query)."""
    answered = Case(None, [(Complaint.state.in_(list(AWAITING_ANSWER)), 0)], 1)
    condition = Complaint.state.in_(list(OPEN_STATES))
    if where is not None:
        condition &= where
    return list(
        _with_names()
        .where(condition)
        .order_by(answered, Complaint.promised_at.is_null(), Complaint.promised_at, Complaint.received_at)
        .limit(OPEN_CASES_SHOWN if limit is None else limit)
    )


def overdue_condition(now: dt.datetime) -> Expression:
    """``Complaint.is_overdue(now)`` in SQL: past the promise, the customer still waiting for an answer."""
    return Complaint.state.in_(list(AWAITING_ANSWER)) & (Complaint.promised_at < now)


def escalated_cases() -> list[Complaint]:
    """The office's queue, longest waiting first; ``case.proposal`` is the
    escalated proposal (its total is what the desk asked for)."""
    escalation = (Proposal.complaint == Complaint.id) & (Proposal.status == ProposalStatus.ESCALATED)
    return list(
        _with_names()
        .select_extend(Proposal.id, Proposal.total)
        .join_from(Complaint, Proposal, JOIN.LEFT_OUTER, on=escalation)
        .where(Complaint.state == State.ESCALATED)
        .order_by(Proposal.created_at, Complaint.id)  # the escalated proposal's: since when it waits
    )


TAKER = Staff.alias("taker")


def _with_names() -> ModelSelect:
    """Cases with their customer, category, receiver and the office account that took them over
    (``case.taker``, its name only), and since when an escalated one waits (``case.escalated_since``, as
    ``models.complaint.as_time`` reads it) in one query."""
    return (
        Complaint.select(
            Complaint, Customer, Category, Staff, TAKER.full_name, escalated_since().alias("escalated_since")
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Staff, on=(Complaint.received_by == Staff.id))
        .join_from(Complaint, TAKER, JOIN.LEFT_OUTER, on=(Complaint.taken_over_by == TAKER.id), attr="taker")
    )


def recent_locations(limit: int = 500) -> list[str]:
    """Locations to offer while typing: the catalogue's, then those of the
    latest cases, most frequent first."""
    catalogue = Location.select(Location.name).where(Location.active).order_by(Location.sort_order)
    known = [name for (name,) in catalogue.tuples()]
    rows = Complaint.select(Complaint.location).order_by(Complaint.id.desc()).limit(limit).tuples()
    counts = Counter(location for (location,) in rows if location and location not in known)
    return known + [location for location, _ in counts.most_common()]


def possible_duplicates(receipt: Receipt, now: dt.datetime | None = None) -> list[Complaint]:
    """Open complaints that may be this one again: the same customer's (by
    phone), or today's of the same category at the same location."""
    now = now or dt.datetime.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        phone = normalize_phone(receipt.phone)
    except DomainError:
        phone = ""
    location = one_line(receipt.location)  # as the receipt stores it
    same_place = None
    if receipt.category_id and location:
        same_place = (
            (Complaint.category == receipt.category_id)
            & (Complaint.location == location)
            & (Complaint.received_at >= midnight)
        )
    same_customer = None
    if phone:
        same_customer = Complaint.customer.in_(Customer.select(Customer.id).where(Customer.phone == phone))
    conditions = [c for c in (same_place, same_customer) if c is not None]
    if not conditions:
        return []
    either = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    query = _with_names().where(Complaint.state.in_(list(OPEN_STATES)), either)
    return list(query.order_by(Complaint.received_at.desc()).limit(10))
