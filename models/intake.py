"""The intake as a state machine: the only way to change a complaint.

One function per transition (``receive``, ``record_investigation``,
``propose``, ``escalate``, ``decide``, ``record_consent``, ``close``,
``withdraw``). Each checks the actor's role, validates the input, changes the
case inside one transaction (where it judges the actor's current row again, as
``permissions.require`` re-reads it, and uses that row for every later
check), appends audit events (old → new) and returns the case, or raises
a DomainError whose sentence a person can read.

Authority (house rule 1): the desk may not offer a proposal whose total
exceeds the actor's per-case limit, that takes the actor's total for today
over their daily limit, that uses a remedy they may not grant, or whose
category always goes to the office. Such a case is escalated with a hand-off
note, the office decides, and the decision comes back to the desk.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from peewee import JOIN, ModelSelect, fn

from models import settings
from models.archive import seal
from models.audit import record
from models.catalog import Category, Department, Location, Remedy, Severity
from models.complaint import (
    FINAL_STATES,
    OPEN_STATES,
    Attachment,
    Channel,
    CompensationLine,
    Complaint,
    ConsentAnswer,
    FollowUp,
    FollowUpKind,
    Liability,
    OfficeDecision,
    Proposal,
    ProposalStage,
    ProposalStatus,
    State,
)
from models.customer import Customer, normalize_phone
from models.database import db
from models.errors import QT_TRANSLATE_NOOP, AuthorityError, DomainError, FieldError
from models.money import to_money
from models.permissions import Action, may, require
from models.staff import Role, Staff, StaffRemedy
from models.text import checked_text, clean_text

# Length limits, shown beside the fields in the GUI.
NAME_MAX = 64
LOCATION_MAX = 64
NARRATIVE_MAX = 2000
DEMAND_MAX = 500
FINDINGS_MAX = 2000
STAFF_INVOLVED_MAX = 128
EXPLANATION_MAX = 1000
HANDOFF_MAX = 1000
HANDOFF_MIN = 10
DECISION_NOTE_MAX = 1000
LINE_DESCRIPTION_MAX = 128
COUNTER_DEMAND_MAX = 500
WITNESS_MAX = 64
SUGGESTION_MAX = 1000
FOLLOW_UP_MAX = 500
REASON_MAX = 500
PROMISED_MINUTES_MAX = 7 * 24 * 60
MAX_LINE_AMOUNT = Decimal("100000.00")
MAX_LINES = 20
SIGNATURE_MAX_BYTES = 512 * 1024




@dataclass
class Receipt:
    """Step 1: receive and empathize."""

    customer_name: str = ""
    phone: str = ""
    channel: str = Channel.IN_PERSON
    location: str = ""
    moved_to_private: bool = False
    narrative: str = ""
    category_id: int | None = None
    severity: str = Severity.LOW
    demand: str = ""
    acknowledged: bool = False
    promised_minutes: int = 15


@dataclass
class Investigation:
    """Step 2: what happened, who is responsible, how much is the company's fault."""

    findings: str = ""
    department_id: int | None = None
    staff_involved: str = ""
    liability: str = ""


@dataclass
class Line:
    """One compensation line of a proposal."""

    remedy_id: int
    amount: Decimal | str | int = Decimal("0")
    description: str = ""
    charged_to_id: int | None = None


@dataclass
class Consent:
    """Step 4: the customer's answer to the current proposal."""

    answer: str
    satisfaction: int | None = None
    signature_png: bytes | None = None
    witness: str = ""
    counter_demand: str = ""


@dataclass
class FollowUpRequest:
    kind: str = FollowUpKind.CALL_BACK
    due_at: dt.datetime | None = None
    description: str = ""


@dataclass
class Closing:
    """Step 5: what is still owed to the customer and what should change."""

    follow_ups: list[FollowUpRequest] = field(default_factory=list)
    improvement_suggestion: str = ""


# --------------------------------------------------------------------------- text and numbers


def _text(name: str, value: str | None, limit: int, required: bool = False) -> str:
    return checked_text(name, value, limit, _REQUIRED[name] if required else None)


_REQUIRED = {
    "narrative": QT_TRANSLATE_NOOP("DomainError", "Write down the complaint in the customer's words."),
    "demand": QT_TRANSLATE_NOOP("DomainError", "Write down what the customer asks for."),
    "findings": QT_TRANSLATE_NOOP("DomainError", "Write down what the investigation found."),
    "handoff_note": QT_TRANSLATE_NOOP("DomainError", "Write a hand-off note for the office."),
    "decision_note": QT_TRANSLATE_NOOP("DomainError", "Explain the decision for the desk."),
    "counter_demand": QT_TRANSLATE_NOOP("DomainError", "Write down what the customer asks for instead."),
    "reason": QT_TRANSLATE_NOOP("DomainError", "Say why the complaint is withdrawn."),
    "witness": QT_TRANSLATE_NOOP("DomainError", "Name the witness of the verbal consent."),
    "follow_up": QT_TRANSLATE_NOOP("DomainError", "Say what the follow-up is for."),
}


# Longer than this before the point, a number is a slip of the keyboard, not money
# (and quantizing a 40-digit number exceeds Decimal's precision).
MAX_AMOUNT_DIGITS = 12


def parse_amount(value: Decimal | str | int, name: str = "amount") -> Decimal:
    """A money amount in yuan with at most two decimals, from 0 to the absurdity limit.

    Exponents ("1E+30"), NaN, Infinity and numbers too long to be money are
    refused as not an amount: Decimal takes them, and quantizing them raises.
    """
    text = str(value).strip().replace(",", "").replace("¥", "").replace("￥", "") or "0"
    not_money = FieldError(
        name, QT_TRANSLATE_NOOP("DomainError", "{value} is not an amount of money."), value=str(value).strip()
    )
    if isinstance(value, str) and "e" in text.lower():
        raise not_money
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise not_money from None
    if not amount.is_finite() or (amount and amount.adjusted() >= MAX_AMOUNT_DIGITS):
        raise not_money
    if amount < 0:
        raise FieldError(name, QT_TRANSLATE_NOOP("DomainError", "An amount cannot be negative."))
    if amount != amount.quantize(Decimal("0.01")):
        raise FieldError(name, QT_TRANSLATE_NOOP("DomainError", "Amounts have at most two decimal places (fen)."))
    if amount > MAX_LINE_AMOUNT:
        raise FieldError(
            name,
            QT_TRANSLATE_NOOP("DomainError", "{amount} yuan is not a believable compensation; the most is {limit}."),
            amount=str(amount),
            limit=str(MAX_LINE_AMOUNT),
        )
    return to_money(amount)


# --------------------------------------------------------------------------- roles and states


def _load(complaint: Complaint | int, states: Sequence[str]) -> Complaint:
    """Re-read the case inside the transaction and check its state."""
    case = Complaint.get_or_none(Complaint.id == int(getattr(complaint, "id", complaint)))
    if case is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This complaint no longer exists."))
    if case.state in FINAL_STATES:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint {number} is closed; it can no longer be changed."),
            number=display_number(case),
        )
    if case.state not in states:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "This step is not possible while the complaint is '{state}'."),
            state=case.state,
        )
    return case


def _update(case: Complaint, actor: Staff, action: str, values: dict[str, object]) -> Complaint:
    """Write changed fields and one audit event listing each as [old, new]."""
    changes = {}
    for name, new in values.items():
        old = getattr(case, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(case, name, new)
    case.updated_at = dt.datetime.now()
    case.save()
    record(action, actor, case, **changes)
    return case


def _plain(value: object) -> object:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Decimal | dt.datetime):
        return str(value)
    return getattr(value, "id", value)


def display_number(case: Complaint) -> str:
    """The archive number once sealed, else the draft number."""
    return case.archive_number or f"#{case.id}"


def current_proposal(case: Complaint) -> Proposal | None:
    """The latest proposal: after a changed remedy, the office's own, not the desk's it replaced."""
    return case.proposals.order_by(Proposal.seq.desc()).first()


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


# --------------------------------------------------------------------------- step 1


def receive(actor: Staff, receipt: Receipt, complaint: Complaint | int | None = None) -> Complaint:
    """Create the case from step 1, or update step 1 of an open case."""
    require(actor, Action.RECEIVE)
    values = _validate_receipt(receipt)
    with db.atomic():
        actor = require(actor, Action.RECEIVE)
        customer = _customer(receipt.customer_name, receipt.phone)
        if complaint is None:
            now = dt.datetime.now()
            case = Complaint.create(
                received_by=actor,
                received_at=now,
                customer=customer,
                promised_at=now + dt.timedelta(minutes=values["promised_minutes"]),
                **values,
            )
            record("received", actor, case, **{k: _plain(v) for k, v in values.items()})
            return case
        case = _load(complaint, (State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.DECLINED))
        values["customer"] = customer
        values["promised_at"] = case.received_at + dt.timedelta(minutes=values["promised_minutes"])
        return _update(case, actor, "receipt_changed", values)


def _validate_receipt(receipt: Receipt) -> dict[str, object]:
    if receipt.channel not in Channel.__members__.values():
        raise FieldError("channel", QT_TRANSLATE_NOOP("DomainError", "Choose how the complaint came in."))
    if receipt.severity not in Severity.__members__.values():
        raise FieldError("severity", QT_TRANSLATE_NOOP("DomainError", "Choose how serious the complaint is."))
    category = Category.get_or_none(Category.id == receipt.category_id) if receipt.category_id else None
    if category is None or not category.active:
        raise FieldError("category", QT_TRANSLATE_NOOP("DomainError", "Choose the complaint's category."))
    minutes = receipt.promised_minutes
    if not isinstance(minutes, int) or not 0 < minutes <= PROMISED_MINUTES_MAX:
        raise FieldError(
            "promised_minutes",
            QT_TRANSLATE_NOOP("DomainError", "Promise a wait between 1 minute and {days} days."),
            days=PROMISED_MINUTES_MAX // 1440,
        )
    if not receipt.acknowledged:
        raise FieldError(
            "acknowledged",
            QT_TRANSLATE_NOOP(
                "DomainError", "Repeat the complaint back to the customer and confirm they feel understood."
            ),
        )
    return {
        "channel": receipt.channel,
        "location": _text("location", receipt.location, LOCATION_MAX),
        "moved_to_private": bool(receipt.moved_to_private),
        "narrative": _text("narrative", receipt.narrative, NARRATIVE_MAX, required=True),
        "category": category,
        "severity": receipt.severity,
        "demand": _text("demand", receipt.demand, DEMAND_MAX, required=True),
        "acknowledged": True,
        "promised_minutes": minutes,
    }


def _customer(name: str, phone: str) -> Customer | None:
    name = _text("customer_name", name, NAME_MAX)
    try:
        normalised = normalize_phone(phone)
    except DomainError as error:
        raise FieldError("phone", error.template, **error.params) from None
    if normalised:
        customer = Customer.select().where(Customer.phone == normalised).order_by(Customer.id.desc()).first()
        if customer is not None:
            if name and name != customer.name:
                customer.name = name
                customer.save()
            return customer
    if not name and not normalised:
        return None
    return Customer.create(name=name, phone=normalised)


# --------------------------------------------------------------------------- step 2


def record_investigation(actor: Staff, complaint: Complaint | int, investigation: Investigation) -> Complaint:
    require(actor, Action.INVESTIGATE)
    findings = _text("findings", investigation.findings, FINDINGS_MAX, required=True)
    department = (
        Department.get_or_none(Department.id == investigation.department_id) if investigation.department_id else None
    )
    if department is None:
        raise FieldError("department", QT_TRANSLATE_NOOP("DomainError", "Choose the responsible department."))
    if investigation.liability not in Liability.__members__.values():
        raise FieldError("liability", QT_TRANSLATE_NOOP("DomainError", "Choose how far the company is responsible."))
    with db.atomic():
        actor = require(actor, Action.INVESTIGATE)
        case = _load(complaint, (State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.DECLINED))
        values: dict[str, object] = {
            "findings": findings,
            "department": department,
            "staff_involved": _text("staff_involved", investigation.staff_involved, STAFF_INVOLVED_MAX),
            "liability": investigation.liability,
        }
        if case.state == State.RECEIVED:
            values["state"] = State.INVESTIGATING
        return _update(case, actor, "investigated", values)


# --------------------------------------------------------------------------- step 3


@dataclass(frozen=True)
class AuthorityCheck:
    """How a proposal stands against the actor's authority."""

    total: Decimal
    per_case_limit: Decimal | None
    daily_left: Decimal | None
    reasons: tuple[DomainError, ...]

    @property
    def within(self) -> bool:
        return not self.reasons


def granted_today(actor: Staff, excluding: Complaint | int | None = None, now: dt.datetime | None = None) -> Decimal:
    """What the actor has offered or had accepted today, other cases only."""
    midnight = (now or dt.datetime.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    query = Proposal.select(fn.COALESCE(fn.SUM(Proposal.total), 0)).where(
        Proposal.created_by == actor,
        Proposal.created_at >= midnight,
        Proposal.needs_office == False,  # noqa: E712 - SQL comparison
        Proposal.status.in_([ProposalStatus.OFFERED, ProposalStatus.ACCEPTED]),
    )
    if excluding is not None:
        query = query.where(Proposal.complaint != int(getattr(excluding, "id", excluding)))
    return to_money(query.scalar() or 0)


def check_authority(actor: Staff, complaint: Complaint | int, lines: Sequence[Line]) -> AuthorityCheck:
    """Whether the desk may offer ``lines`` on this case; the GUI shows it live.
    The limits and grants are those of the actor's current row."""
    actor = require(actor, Action.PROPOSE)
    case = Complaint.get_by_id(int(getattr(complaint, "id", complaint)))
    parsed = [(Remedy.get_or_none(Remedy.id == line.remedy_id), parse_amount(line.amount)) for line in lines]
    total = to_money(sum((amount for _, amount in parsed), Decimal("0")))
    if may(actor, Action.DECIDE):  # the office decides escalations, so no limit binds it
        return AuthorityCheck(total, None, None, ())
    reasons: list[DomainError] = []
    if case.category is not None and case.category.always_to_office:
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP("DomainError", "Complaints of the category '{category}' always go to the office."),
                category=case.category.name,
            )
        )
    granted = set(StaffRemedy.select(StaffRemedy.remedy).where(StaffRemedy.staff == actor).tuples())
    granted_ids = {remedy_id for (remedy_id,) in granted}
    for remedy, _ in parsed:
        if remedy is not None and (remedy.office_only or remedy.id not in granted_ids):
            reasons.append(
                DomainError(
                    QT_TRANSLATE_NOOP("DomainError", "You may not grant '{remedy}'."),
                    remedy=remedy.name,
                )
            )
    if total > actor.per_case_limit:
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "The total of {total} yuan exceeds your limit of {limit} yuan per case."
                ),
                total=str(total),
                limit=str(actor.per_case_limit),
            )
        )
    daily_left = to_money(max(Decimal("0"), actor.daily_limit - granted_today(actor, excluding=case)))
    if total > daily_left:
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "Only {left} yuan of your daily limit of {limit} yuan is left today."
                ),
                left=str(daily_left),
                limit=str(actor.daily_limit),
            )
        )
    return AuthorityCheck(total, actor.per_case_limit, daily_left, tuple(reasons))


def _validate_lines(lines: Sequence[Line], default_department: Department | None) -> list[dict[str, object]]:
    if not lines:
        raise FieldError("lines", QT_TRANSLATE_NOOP("DomainError", "Add at least one remedy to the proposal."))
    if len(lines) > MAX_LINES:
        raise FieldError(
            "lines", QT_TRANSLATE_NOOP("DomainError", "A proposal has at most {count} remedies."), count=MAX_LINES
        )
    rows = []
    for line in lines:
        remedy = Remedy.get_or_none(Remedy.id == line.remedy_id)
        if remedy is None or not remedy.active:
            raise FieldError("lines", QT_TRANSLATE_NOOP("DomainError", "Choose a remedy from the catalogue."))
        charged_to = Department.get_or_none(Department.id == line.charged_to_id) if line.charged_to_id else None
        rows.append(
            {
                "remedy": remedy,
                "amount": parse_amount(line.amount),
                "description": _text("lines", line.description, LINE_DESCRIPTION_MAX) or remedy.name,
                "charged_to": charged_to or default_department,
            }
        )
    return rows


def _new_proposal(
    case: Complaint, actor: Staff, rows: list[dict[str, object]], status: str, explanation: str, needs_office: bool
) -> Proposal:
    for earlier in case.proposals.where(Proposal.status.in_([ProposalStatus.OFFERED, ProposalStatus.DRAFT])):
        earlier.status = ProposalStatus.SUPERSEDED
        earlier.save()
    seq = (case.proposals.select(fn.MAX(Proposal.seq)).scalar() or 0) + 1
    proposal = Proposal.create(
        complaint=case,
        seq=seq,
        created_by=actor,
        explanation=explanation,
        status=status,
        needs_office=needs_office,
        total=to_money(sum((row["amount"] for row in rows), Decimal("0"))),
    )
    for row in rows:
        CompensationLine.create(proposal=proposal, **row)
    return proposal


def _lines_for_audit(rows: list[dict[str, object]]) -> list[list[str]]:
    return [[row["remedy"].name, str(row["amount"]), row["description"]] for row in rows]


def propose(actor: Staff, complaint: Complaint | int, lines: Sequence[Line], explanation: str = "") -> Proposal:
    """Offer a resolution within the actor's authority (else AuthorityError)."""
    require(actor, Action.PROPOSE)
    explanation = _text("explanation", explanation, EXPLANATION_MAX)
    with db.atomic():
        actor = require(actor, Action.PROPOSE)
        case = _load(complaint, (State.INVESTIGATING, State.PROPOSED, State.DECLINED, State.DECIDED))
        _require_not_taken_over(case, actor)
        rows = _validate_lines(lines, case.department)
        check = check_authority(actor, case, lines)
        if not check.within:
            raise AuthorityError(list(check.reasons))
        proposal = _new_proposal(case, actor, rows, ProposalStatus.OFFERED, explanation, needs_office=False)
        _update(case, actor, "proposed", {"state": State.PROPOSED})
        record("proposal", actor, case, seq=proposal.seq, total=str(proposal.total), lines=_lines_for_audit(rows))
        return proposal


def escalate(actor: Staff, complaint: Complaint | int, lines: Sequence[Line], handoff_note: str) -> Proposal:
    """Hand the case to the office with what the desk would propose and why."""
    require(actor, Action.ESCALATE)
    note = _text("handoff_note", handoff_note, HANDOFF_MAX, required=True)
    if len(note) < HANDOFF_MIN:
        raise FieldError(
            "handoff_note",
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The office needs more than {count} characters: the facts, what the customer wants, what was offered.",
            ),
            count=HANDOFF_MIN,
        )
    with db.atomic():
        actor = require(actor, Action.ESCALATE)
        case = _load(complaint, (State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.DECLINED))
        rows = _validate_lines(lines, case.department) if lines else []
        proposal = _new_proposal(case, actor, rows, ProposalStatus.ESCALATED, "", needs_office=True)
        _update(case, actor, "escalated", {"state": State.ESCALATED, "handoff_note": note})
        record("proposal", actor, case, seq=proposal.seq, total=str(proposal.total), lines=_lines_for_audit(rows))
        return proposal


def decide(
    actor: Staff,
    complaint: Complaint | int,
    decision: str,
    note: str = "",
    lines: Sequence[Line] | None = None,
) -> Proposal:
    """The office's decision on an escalated case; it returns to the desk."""
    require(actor, Action.DECIDE)
    if decision not in OfficeDecision.__members__.values():
        raise FieldError("decision", QT_TRANSLATE_NOOP("DomainError", "Choose a decision."))
    note = _text("decision_note", note, DECISION_NOTE_MAX, required=decision != OfficeDecision.APPROVED)
    with db.atomic():
        actor = require(actor, Action.DECIDE)
        case = _load(complaint, (State.ESCALATED,))
        proposal = current_proposal(case)
        if decision == OfficeDecision.APPROVED and not list(proposal.lines):
            raise FieldError(
                "decision",
                QT_TRANSLATE_NOOP(
                    "DomainError", "The desk proposed no remedy; change the remedy or take the case over."
                ),
            )
        now = dt.datetime.now()
        if decision == OfficeDecision.CHANGED:
            rows = _validate_lines(lines or [], case.department)
            old = [[line.remedy.name, str(line.amount), line.description] for line in proposal.lines]
            # The desk's proposal stays on the record as it was, marked as replaced by the office;
            # the office's remedy is a proposal of its own, made by the office account.
            proposal.status = ProposalStatus.SUPERSEDED
            proposal.decision = decision
            proposal.decided_by = actor
            proposal.decided_at = now
            proposal.save()
            proposal = _new_proposal(case, actor, rows, ProposalStatus.DECIDED, "", needs_office=True)
            record("remedy_changed", actor, case, seq=proposal.seq, lines=[old, _lines_for_audit(rows)])
        proposal.status = ProposalStatus.DECIDED
        proposal.decision = decision
        proposal.decision_note = note
        proposal.decided_by = actor
        proposal.decided_at = now
        proposal.save()
        _update(case, actor, "decided", {"state": State.DECIDED})
        record("decision", actor, case, decision=decision, note=note, total=str(proposal.total))
        return proposal


def _require_not_taken_over(case: Complaint, actor: Staff) -> None:
    proposal = current_proposal(case)
    if proposal is not None and proposal.decision == OfficeDecision.TAKEN_OVER and not may(actor, Action.DECIDE):
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The office has taken this case over."))


# --------------------------------------------------------------------------- step 4


def record_consent(actor: Staff, complaint: Complaint | int, consent: Consent) -> Complaint:
    """The customer's answer to the current proposal (house rule 8)."""
    require(actor, Action.CONSENT)
    if consent.answer not in ConsentAnswer.__members__.values():
        raise FieldError("answer", QT_TRANSLATE_NOOP("DomainError", "Record the customer's answer."))
    if consent.satisfaction is not None and consent.satisfaction not in range(1, 6):
        raise FieldError("satisfaction", QT_TRANSLATE_NOOP("DomainError", "Satisfaction is rated from 1 to 5."))
    witness = _text("witness", consent.witness, WITNESS_MAX)
    signature = consent.signature_png or None
    if signature is not None and (len(signature) > SIGNATURE_MAX_BYTES or not signature.startswith(b"\x89PNG")):
        raise FieldError("signature", QT_TRANSLATE_NOOP("DomainError", "The signature image is not usable."))
    if consent.answer == ConsentAnswer.ACCEPTED and signature is None and not witness:
        raise FieldError(
            "witness",
            QT_TRANSLATE_NOOP(
                "DomainError", "Ask the customer to sign, or name who witnessed the verbal consent."
            ),
        )
    counter = _text(
        "counter_demand", consent.counter_demand, COUNTER_DEMAND_MAX, required=consent.answer == ConsentAnswer.COUNTERED
    )
    with db.atomic():
        actor = require(actor, Action.CONSENT)
        case = _load(complaint, (State.PROPOSED, State.DECIDED))
        _require_not_taken_over(case, actor)
        proposal = current_proposal(case)
        now = dt.datetime.now()
        proposal.status = {
            ConsentAnswer.ACCEPTED: ProposalStatus.ACCEPTED,
            ConsentAnswer.DECLINED: ProposalStatus.DECLINED,
            ConsentAnswer.COUNTERED: ProposalStatus.COUNTERED,
        }[ConsentAnswer(consent.answer)]
        # The answer stays with the proposal it answers; the complaint's columns hold the last answer only.
        proposal.answer = consent.answer
        proposal.counter_demand = counter
        proposal.satisfaction = consent.satisfaction
        proposal.answered_at = now
        proposal.save()
        accepted = consent.answer == ConsentAnswer.ACCEPTED
        return _update(
            case,
            actor,
            "consent",
            {
                "state": State.AGREED if accepted else State.DECLINED,
                "consent": consent.answer,
                "satisfaction": consent.satisfaction,
                "signature_png": signature if accepted else None,
                "witness": witness if accepted else "",
                "counter_demand": counter,
                "consent_at": now,
            },
        )


# --------------------------------------------------------------------------- step 5 and withdrawal


def close(actor: Staff, complaint: Complaint | int, closing: Closing, now: dt.datetime | None = None) -> Complaint:
    """Close an agreed case with its follow-ups (house rule 10) and seal it
    into the archive, in one transaction."""
    require(actor, Action.CLOSE)
    now = now or dt.datetime.now()
    suggestion = _text("improvement_suggestion", closing.improvement_suggestion, SUGGESTION_MAX)
    follow_ups = []
    for request in closing.follow_ups:
        if request.kind not in FollowUpKind.__members__.values():
            raise FieldError("follow_up", QT_TRANSLATE_NOOP("DomainError", "Choose the kind of follow-up."))
        if request.kind == FollowUpKind.CALL_BACK and (request.due_at is None or request.due_at <= now):
            raise FieldError(
                "follow_up", QT_TRANSLATE_NOOP("DomainError", "A call back needs a date and time in the future.")
            )
        follow_ups.append(
            {
                "kind": request.kind,
                "due_at": request.due_at,
                "description": _text("follow_up", request.description, FOLLOW_UP_MAX, required=True),
            }
        )
    with db.atomic():
        actor = require(actor, Action.CLOSE)
        case = _load(complaint, (State.AGREED,))
        _require_not_taken_over(case, actor)
        for values in follow_ups:
            FollowUp.create(complaint=case, **values)
            record("follow_up", actor, case, **{k: _plain(v) for k, v in values.items()})
        _update(
            case,
            actor,
            "closed",
            {"state": State.CLOSED, "improvement_suggestion": suggestion, "closed_at": now, "closed_by": actor},
        )
        seal(case, actor)
        record("sealed", actor, case, archive_number=case.archive_number)
        return case


def withdraw(actor: Staff, complaint: Complaint | int, reason: str) -> Complaint:
    """The customer left or dropped the complaint; the case is closed as withdrawn."""
    require(actor, Action.WITHDRAW)
    reason = _text("reason", reason, REASON_MAX, required=True)
    with db.atomic():
        actor = require(actor, Action.WITHDRAW)
        case = _load(complaint, tuple(s for s in State if s not in FINAL_STATES))
        now = dt.datetime.now()
        _update(
            case,
            actor,
            "withdrawn",
            {"state": State.WITHDRAWN, "withdrawn_reason": reason, "closed_at": now, "closed_by": actor},
        )
        seal(case, actor)
        record("sealed", actor, case, archive_number=case.archive_number)
        return case


# --------------------------------------------------------------------------- drafts


def remember_page(actor: Staff | None, complaint: Complaint | int, page: int) -> None:
    """Where the wizard was, so a resumed draft opens at the right page; a
    closed (sealed) case is refused like any other change to it."""
    with db.atomic():
        require(actor, Action.RECEIVE)
        case = _load(complaint, tuple(s for s in State if s not in FINAL_STATES))
        Complaint.update(wizard_page=page).where(Complaint.id == case.id).execute()


def open_drafts(actor: Staff) -> list[Complaint]:
    """Open cases waiting for the desk: this person's drafts and cases the office
    has decided (any desk may present a decision)."""
    mine = (Complaint.received_by == actor) & Complaint.state.in_(
        [State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.DECLINED]
    )
    decided = Complaint.state == State.DECIDED
    return list(_with_names().where(mine | decided).order_by(Complaint.received_at.desc()).limit(200))


def escalated_cases() -> list[Complaint]:
    """The office's queue, longest waiting first; ``case.proposal`` is the
    escalated proposal (its total is what the desk asked for)."""
    escalation = (Proposal.complaint == Complaint.id) & (Proposal.status == ProposalStatus.ESCALATED)
    return list(
        _with_names()
        .select_extend(Proposal.id, Proposal.total)
        .join_from(Complaint, Proposal, JOIN.LEFT_OUTER, on=escalation)
        .where(Complaint.state == State.ESCALATED)
        .order_by(Complaint.updated_at)
    )


def _with_names() -> ModelSelect:
    """Cases with their customer, category and receiver in one query."""
    return (
        Complaint.select(Complaint, Customer, Category, Staff)
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Staff, on=(Complaint.received_by == Staff.id))
    )


def add_attachment(actor: Staff, complaint: Complaint | int, filename: str, data: bytes) -> Attachment:
    """Evidence (a photo, a receipt) stored with the case, within the size limit."""
    require(actor, Action.ATTACH)
    limit = int(settings.get(settings.ATTACHMENT_MAX_BYTES))
    name = _text("attachment", Path(filename).name, 255, required=False) or "attachment"
    if not data:
        raise FieldError("attachment", QT_TRANSLATE_NOOP("DomainError", "The file {name} is empty."), name=name)
    if len(data) > limit:
        raise FieldError(
            "attachment",
            QT_TRANSLATE_NOOP("DomainError", "The file {name} is larger than {limit} MB."),
            name=name,
            limit=f"{limit / 1024 / 1024:.0f}",
        )
    with db.atomic():
        actor = require(actor, Action.ATTACH)
        case = _load(complaint, tuple(s for s in State if s not in FINAL_STATES))
        attachment = Attachment.create(
            complaint=case,
            filename=name,
            media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            added_by=actor,
        )
        record("attachment", actor, case, filename=name, size=len(data), sha256=attachment.sha256)
        return attachment


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
    location = clean_text(receipt.location)
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
