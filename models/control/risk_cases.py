"""The escalation risk of the cases in the database: the office's keyword list, a case's context (the
customer's earlier complaints, declined proposals, the promised time, severity, escalation), the
assessment each step of the intake stores with the case, and the desk's assessment while it types.
The level itself is ``models.control.risk``'s (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from peewee import fn

from models.audit import record
from models.base import db
from models.catalog import Category, RiskKeyword, Severity
from models.complaint import AWAITING_ANSWER, OPEN_STATES, Complaint, ConsentAnswer, Proposal, State
from models.control.risk import (
    REPEAT_DAYS,
    Reason,
    RiskAssessment,
    RiskContext,
    RiskLevel,
    RiskWord,
    asked_amount,
    assess,
    decode_reasons,
    encode_reasons,
    reasons_as_json,
    steady_score,
    with_clock,
)
from models.customer import Customer, normalize_phone
from models.errors import DomainError
from models.permissions import Action, require
from models.staff import Staff

CATCH_UP_BATCH = 200  # open cases assessed per transaction after the upgrade: other desks wait a moment at most


def risk_words() -> list[RiskWord]:
    """The office's active words (a small table, read at each assessment: an edit counts at once)."""
    query = RiskKeyword.select(RiskKeyword.word, RiskKeyword.risk_group, RiskKeyword.weight).where(RiskKeyword.active)
    return [RiskWord(word, group, int(weight)) for word, group, weight in query.tuples()]


def minutes_between(earlier: dt.datetime | None, later: dt.datetime) -> int:
    """Whole minutes from ``earlier`` to ``later``; 0 when not later."""
    if earlier is None or later <= earlier:
        return 0
    return int((later - earlier).total_seconds() // 60)


def risk_as_of(
    level: str,
    reasons: Iterable[Reason],
    state: str,
    promised_at: dt.datetime | None,
    escalated_since: dt.datetime | None,
    now: dt.datetime,
) -> RiskAssessment | None:
    """A case's escalation risk as of ``now``: an open case's stored reasons with the clock's (the promise
    passed while the customer waits for an answer, the office's wait since the case was escalated:
    ``escalated_since``), as the queues, the handover sheet and the risk list count them; a finished case's
    as stored; None before the case was first assessed."""
    if not level:
        return None
    kept = tuple(reasons)
    if state not in OPEN_STATES:
        return RiskAssessment(RiskLevel(level), kept)
    waiting = minutes_between(escalated_since, now) if state == State.ESCALATED else 0
    overdue = minutes_between(promised_at, now) if state in AWAITING_ANSWER else 0
    return with_clock(kept, overdue, waiting)


def earlier_complaints(customer_ids: Sequence[int], before: dt.datetime, excluding: int | None = None) -> int:
    """The customer's complaints within REPEAT_DAYS before ``before`` (one indexed query)."""
    if not customer_ids:
        return 0
    query = Complaint.select(fn.COUNT(Complaint.id)).where(
        Complaint.customer.in_(list(customer_ids)),
        Complaint.received_at >= before - dt.timedelta(days=REPEAT_DAYS),
        Complaint.received_at <= before,
    )
    if excluding is not None:
        query = query.where(Complaint.id != excluding)
    return int(query.scalar() or 0)


def _same_customer(customer_id: int | None) -> list[int]:
    """The customer's rows: one per phone number normally; those sharing its phone number too."""
    if customer_id is None:
        return []
    phone = Customer.select(Customer.phone).where(Customer.id == customer_id).scalar()
    if not phone:
        return [customer_id]
    return [row_id for (row_id,) in Customer.select(Customer.id).where(Customer.phone == phone).tuples()]


def _severe_kind(severity: str, category_id: int | None) -> str:
    """The category's code when the case is of high severity (injury, food safety, property loss)."""
    if severity != Severity.HIGH:
        return ""
    code = Category.select(Category.code).where(Category.id == category_id).scalar() if category_id else None
    return str(code or Severity.HIGH.value)


# What the assessment reads of a case's proposals (``_proposals``).
ProposalRow = tuple[str, bool, str, dt.datetime, str, str]


def _proposals(case: Complaint) -> list[ProposalRow]:
    """The case's proposals as the assessment reads them, in one query (none for a case not written yet):
    answer, needs_office, status, created_at, counter_demand, decision; in their order (``seq``)."""
    if case.id is None:
        return []
    query = Proposal.select(
        Proposal.answer,
        Proposal.needs_office,
        Proposal.status,
        Proposal.created_at,
        Proposal.counter_demand,
        Proposal.decision,
    ).where(Proposal.complaint == case.id)
    query = query.order_by(Proposal.seq)
    return list(query.tuples())


def case_context(case: Complaint, now: dt.datetime, proposals: list[ProposalRow] | None = None) -> RiskContext:
    """Everything but the words, as the case stands at ``now`` (its fields as set in memory; a case not
    written yet has no proposals); ``proposals`` as ``_proposals`` gives them, read here when not given."""
    answers = [ConsentAnswer.DECLINED.value, ConsentAnswer.COUNTERED.value]
    proposals = _proposals(case) if proposals is None else proposals
    declined = 0
    escalated = False
    escalated_at: dt.datetime | None = None
    for answer, needs_office, status, created_at, _, _ in proposals:
        declined += answer in answers
        escalated = escalated or bool(needs_office)
        if status == "escalated":
            escalated_at = created_at
    waiting = minutes_between(escalated_at or case.updated_at, now) if case.state == State.ESCALATED else 0
    asked = [case.demand, case.counter_demand, *(row[4] for row in proposals if row[4])]
    decided = bool(proposals and proposals[-1][5]) and case.state != State.ESCALATED
    return RiskContext(
        earlier_complaints=earlier_complaints(_same_customer(case.customer_id), case.received_at, case.id),
        declined=declined,
        overdue_minutes=minutes_between(case.promised_at, now) if case.state in AWAITING_ANSWER else 0,
        severe=_severe_kind(case.severity, case.category_id),
        beyond_authority=escalated or case.state == State.ESCALATED or _over_limit(asked, _limit_of(case)),
        office_waiting_minutes=waiting,
        office_decided=decided,
        decision_accepted=decided and proposals[-1][0] == ConsentAnswer.ACCEPTED.value,
        taken_over=case.taken_over_by_id is not None,
    )


def _limit_of(case: Complaint) -> Decimal | None:
    """The per-case limit of the duty manager who received the case (None: nobody known)."""
    if case.received_by_id is None:
        return None
    limit = Staff.select(Staff.per_case_limit).where(Staff.id == case.received_by_id).scalar()
    return None if limit is None else Decimal(limit)


def _over_limit(asked: Sequence[str], limit: Decimal | None) -> bool:
    """Whether a sum the customer asks for (the demand, a counter-demand) is more than ``limit``."""
    amount = asked_amount(asked)
    return limit is not None and amount is not None and amount > limit


def case_texts(case: Complaint, proposals: list[ProposalRow] | None = None) -> list[str]:
    """What the customer said and asked for: the complaint, the demand and every counter-demand."""
    counters = [row[4] for row in (_proposals(case) if proposals is None else proposals) if row[4]]
    return [case.narrative, case.demand, case.counter_demand, *counters]


def assess_case(case: Complaint, now: dt.datetime | None = None) -> RiskAssessment:
    now = now or dt.datetime.now()
    proposals = _proposals(case)
    return assess(case_texts(case, proposals), case_context(case, now, proposals), risk_words())


def reassess(case: Complaint, now: dt.datetime | None = None) -> dict[str, object]:
    """Assess the case as it stands in memory and set its level and reasons; the changes ({field: [old,
    new]}) for the step's audit event, empty when nothing changed. The caller saves the case."""
    assessment = assess_case(case, now)
    encoded = encode_reasons(assessment.reasons)
    changes: dict[str, object] = {}
    if case.risk_level != assessment.level:
        changes["risk_level"] = [case.risk_level, assessment.level.value]
        case.risk_level = assessment.level.value
    if case.risk_reasons != encoded:
        old = reasons_as_json(decode_reasons(case.risk_reasons))
        changes["risk_reasons"] = [old, reasons_as_json(assessment.reasons)]
        case.risk_reasons = encoded
    case.risk_score = steady_score(assessment.reasons)  # derived from the reasons: not in the event
    return changes


def desk_context(
    phone: str,
    category_id: int | None,
    severity: str,
    case_id: int | None = None,
    now: dt.datetime | None = None,
) -> RiskContext:
    """The context of the intake on screen, before its step is saved: the phone, category and severity as
    typed, the rest from the saved case (when there is one)."""
    now = now or dt.datetime.now()
    try:
        normalised = normalize_phone(phone)
    except DomainError:
        normalised = ""
    customers = (
        [row_id for (row_id,) in Customer.select(Customer.id).where(Customer.phone == normalised).tuples()]
        if normalised
        else []
    )
    case = Complaint.get_or_none(Complaint.id == case_id) if case_id is not None else None
    if case is None:
        severe = _severe_kind(severity, category_id)
        return RiskContext(earlier_complaints=earlier_complaints(customers, now), severe=severe)
    saved = case_context(case, now)
    return RiskContext(
        earlier_complaints=earlier_complaints(customers, case.received_at, case.id) if normalised else 0,
        declined=saved.declined,
        overdue_minutes=saved.overdue_minutes,
        severe=_severe_kind(severity, category_id),
        beyond_authority=saved.beyond_authority,
        office_waiting_minutes=saved.office_waiting_minutes,
        office_decided=saved.office_decided,
        decision_accepted=saved.decision_accepted,
        taken_over=saved.taken_over,
    )


def saved_counter_demands(case_id: int | None) -> list[str]:
    """The counter-demands of a saved case's proposals (the desk adds what is being typed)."""
    if case_id is None:
        return []
    query = Proposal.select(Proposal.counter_demand).where(Proposal.complaint == case_id, Proposal.counter_demand != "")
    return [text for (text,) in query.tuples()]


def desk_assessment(
    texts: Sequence[str],
    phone: str,
    category_id: int | None,
    severity: str,
    case_id: int | None = None,
    now: dt.datetime | None = None,
    beyond_authority: bool = False,
    asked: Sequence[str] = (),
    limit: Decimal | None = None,
) -> RiskAssessment:
    """The risk of the intake on screen while the duty manager types: ``texts`` as typed (the complaint,
    the demand, a counter-demand), the saved case's earlier counter-demands, the context as typed and saved;
    ``beyond_authority`` when the proposal being typed is over the duty manager's limits (the live check), or
    when ``asked`` (the demand and counter-demand as typed) names a sum over ``limit`` (the duty manager's limit
    per case)."""
    context = desk_context(phone, category_id, severity, case_id, now)
    saved_counters = saved_counter_demands(case_id)
    if (beyond_authority or _over_limit([*asked, *saved_counters], limit)) and not context.beyond_authority:
        context = replace(context, beyond_authority=True)
    return assess([*texts, *saved_counters], context, risk_words())


def assess_open_cases(actor: Staff, batch: int = CATCH_UP_BATCH, now: dt.datetime | None = None) -> int:
    """Assess the open cases not assessed since the upgrade (migration 0015 could not: the rules are
    the application's), as their next step would, in short transactions; one audit event per batch
    (not a step of any case: their own histories are unchanged). How many were assessed. The office's
    risk list runs it first, in its worker."""
    require(actor, Action.ANSWER_RISK)
    now = now or dt.datetime.now()
    words = risk_words()
    done = 0
    while True:
        with db.atomic():
            actor = require(actor, Action.ANSWER_RISK)
            query = Complaint.select().where(Complaint.state.in_(list(OPEN_STATES)), Complaint.risk_level == "")
            cases = list(query.order_by(Complaint.id).limit(batch))
            if not cases:
                return done
            for case in cases:
                proposals = _proposals(case)
                found = assess(case_texts(case, proposals), case_context(case, now, proposals), words)
                Complaint.update(
                    risk_level=found.level.value,
                    risk_reasons=encode_reasons(found.reasons),
                    risk_score=steady_score(found.reasons),
                ).where(Complaint.id == case.id).execute()
            record("risk_assessed", actor, None, cases=len(cases), first=cases[0].id, last=cases[-1].id)
            done += len(cases)
