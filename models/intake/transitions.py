"""The transitions of the intake, one function per step: each checks the actor, validates the input
and changes the case in one transaction with its audit events."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from peewee import fn

from models import settings
from models.archive import seal
from models.audit import record
from models.base import db
from models.catalog import Category, Department, Remedy, Severity
from models.complaint import (
    FINAL_STATES,
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
    ProposalStatus,
    State,
    keep_signature,
)
from models.control.alerts import AlertOutcome, answer_alert, link_unsaved_alert
from models.control.risk import decode_reasons
from models.control.risk_cases import reassess
from models.customer import Customer, normalize_phone
from models.errors import QT_TRANSLATE_NOOP, AuthorityError, CatalogueName, DomainError, FieldChecks, FieldError
from models.intake.authority import check_authority
from models.intake.cases import (
    RECEIPT_STATES,
    ChangedMeanwhileError,
    _load,
    _plain,
    _update,
    current_proposal,
    display_number,
    last_change,
)
from models.intake.inputs import (
    COUNTER_DEMAND_MAX,
    DECISION_NOTE_MAX,
    DEMAND_MAX,
    EXPLANATION_MAX,
    FINDINGS_MAX,
    FOLLOW_UP_MAX,
    HANDOFF_MAX,
    HANDOFF_MIN,
    LINE_DESCRIPTION_MAX,
    LOCATION_MAX,
    MAX_LINES,
    NAME_MAX,
    NARRATIVE_MAX,
    PROMISED_MINUTES_MAX,
    REASON_MAX,
    SIGNATURE_MAX_BYTES,
    STAFF_INVOLVED_MAX,
    SUGGESTION_MAX,
    WITNESS_MAX,
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    _text,
    check_promised_minutes,
    parse_amount,
)
from models.money import to_money
from models.permissions import Action, may, require
from models.staff import Staff

# --------------------------------------------------------------------------- step 1


def receive(
    actor: Staff,
    receipt: Receipt,
    complaint: Complaint | int | None = None,
    risk_alert: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> Complaint:
    """Create the case from step 1, or update step 1 of an open case. ``risk_alert``: the desk told the
    office of this customer before the case was saved (``models.control.alerts.notify_office``); the
    new case takes the alert over. Every wrong field is reported at once (FormError).

    ``receipt.received_at`` set back: a complaint that came by phone, letter or message and is entered
    later keeps the time it was received, and the promise counts from then."""
    require(actor, Action.RECEIVE)
    now = now or dt.datetime.now()
    values, name, phone = validate_receipt(receipt, now)
    with db.atomic():
        actor = require(actor, Action.RECEIVE)
        customer = _customer(name, phone, complaint.id if isinstance(complaint, Complaint) else complaint)
        received_at = values.pop("received_at")
        if complaint is None:
            received_at = received_at or now
            case = Complaint(
                received_by=actor,
                received_at=received_at,
                customer=customer,
                promised_at=received_at + dt.timedelta(minutes=values["promised_minutes"]),
                **values,
            )
            noted: dict[str, object] = {k: _plain(v) for k, v in values.items()}
            if received_at != now:
                noted["received_at"] = _plain(received_at)
            # Assessed before the row is written, so that it is written once: an update of its risk after
            # the insert made the analysis' tally triggers take its figures off and add them again.
            noted.update(reassess(case, now))
            case.save(force_insert=True)
            if risk_alert is not None and link_unsaved_alert(actor, risk_alert, case):
                noted["risk_alert"] = risk_alert
            record("received", actor, case, **noted)
            return case
        case = _load(complaint, RECEIPT_STATES, actor)
        values["customer"] = customer
        if received_at is not None and received_at != case.received_at.replace(second=0, microsecond=0):
            # Corrected: when it came in (the form shows it to the minute: as shown, it is left to the second).
            values["received_at"] = received_at
            values["promised_at"] = received_at + dt.timedelta(minutes=values["promised_minutes"])
        elif values["promised_minutes"] != case.promised_minutes:
            # A new reply time given to the customer now (the "Earlier steps" of a case waiting): it counts from
            # now, not from when the complaint came in (30 minutes then made a case of two days ago overdue).
            values["promised_at"] = now + dt.timedelta(minutes=values["promised_minutes"])
        return _update(case, actor, "receipt_changed", values)


# How far back a complaint entered later may have been received: beyond it the date is a slip.
RECEIVED_BACK_DAYS = 90
# How far ahead a call-back may be planned: beyond it the date is a slip (2031 for 2026).
CALL_BACK_AHEAD_DAYS = 366


def check_received_at(received_at: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """When a complaint entered later was received: never in the future, at most 90 days back;
    None for now. Seconds go: the desk sets it to the minute."""
    if received_at is None:
        return None
    received_at = received_at.replace(second=0, microsecond=0)
    if received_at > now:
        raise FieldError(
            "received_at",
            QT_TRANSLATE_NOOP("DomainError", "A complaint cannot be received in the future: check the date and time."),
        )
    if received_at < now - dt.timedelta(days=RECEIVED_BACK_DAYS):
        raise FieldError(
            "received_at",
            QT_TRANSLATE_NOOP(
                "DomainError", "Received more than {days} days ago? Check the date; older complaints go to the office."
            ),
            days=RECEIVED_BACK_DAYS,
        )
    return received_at


def validate_receipt(receipt: Receipt, now: dt.datetime) -> tuple[dict[str, Any], str, str]:
    """The receipt's values, the customer's name and normalised phone; every wrong field at once,
    in the form's order."""
    checks = FieldChecks()
    name = checks(lambda: _text("customer_name", receipt.customer_name, NAME_MAX), "")
    phone = checks(lambda: _phone(receipt.phone), "")
    if receipt.channel not in Channel.__members__.values():
        checks.refuse("channel", QT_TRANSLATE_NOOP("DomainError", "Choose how the complaint came in."))
    received_at = checks(lambda: check_received_at(receipt.received_at, now), None)
    location = checks(lambda: _text("location", receipt.location, LOCATION_MAX), "")
    narrative = checks(lambda: _text("narrative", receipt.narrative, NARRATIVE_MAX, required=True), "")
    category = Category.get_or_none(Category.id == receipt.category_id) if receipt.category_id else None
    if category is None or not category.active:
        checks.refuse("category", QT_TRANSLATE_NOOP("DomainError", "Choose the complaint's category."))
    if receipt.severity not in Severity.__members__.values():
        checks.refuse("severity", QT_TRANSLATE_NOOP("DomainError", "Choose how serious the complaint is."))
    demand = checks(lambda: _text("demand", receipt.demand, DEMAND_MAX, required=True), "")
    checks(lambda: check_promised_minutes(receipt.promised_minutes), None)
    if not receipt.acknowledged:
        checks.refuse(
            "acknowledged",
            QT_TRANSLATE_NOOP(
                "DomainError", "Repeat the complaint back to the customer and confirm they feel understood."
            ),
        )
    checks.raise_any()
    values = {
        "channel": receipt.channel,
        "received_at": received_at,
        "location": location,
        "moved_to_private": bool(receipt.moved_to_private),
        "narrative": narrative,
        "category": category,
        "severity": receipt.severity,
        "demand": demand,
        "acknowledged": True,
        "promised_minutes": receipt.promised_minutes,
    }
    return values, name, phone


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except DomainError as error:
        raise FieldError("phone", error.template, **error.params) from None


def _customer(name: str, normalised: str, case_id: int | None = None) -> Customer | None:
    """The customer by their phone and the name given (the latest of that phone when none is), a new one, or None
    for neither. A name other than the one the phone's customer has names a new customer of that phone (one phone,
    a family's, or a digit typed wrong): the earlier cases keep the name they were received under, archived ones
    included; only a customer whom no case but ``case_id`` (the case being changed) names takes the name as typed
    (a mistake put right, or a name given later)."""
    if normalised:
        same_phone = Customer.select().where(Customer.phone == normalised).order_by(Customer.id.desc())
        customer: Customer | None = same_phone.first()
        if customer is not None and name and name != customer.name:
            customer = same_phone.where(Customer.name == name).first() or _renamed_if_alone(customer, name, case_id)
        if customer is not None:
            return customer
    if not name and not normalised:
        return None
    return cast(Customer, Customer.create(name=name, phone=normalised))


def _renamed_if_alone(customer: Customer, name: str, case_id: int | None) -> Customer | None:
    """``customer`` named ``name`` when no case but ``case_id`` names them; None when another case does."""
    others = Complaint.select(Complaint.id).where(Complaint.customer == customer.id)
    if case_id is not None:
        others = others.where(Complaint.id != case_id)
    if others.exists():
        return None
    customer.name = name
    customer.save()
    return customer


# --------------------------------------------------------------------------- step 2


def record_investigation(actor: Staff, complaint: Complaint | int, investigation: Investigation) -> Complaint:
    require(actor, Action.INVESTIGATE)
    checks = FieldChecks()
    findings = checks(lambda: _text("findings", investigation.findings, FINDINGS_MAX, required=True), "")
    department = (
        Department.get_or_none(Department.id == investigation.department_id) if investigation.department_id else None
    )
    if department is None:
        checks.refuse("department", QT_TRANSLATE_NOOP("DomainError", "Choose the responsible department."))
    staff_involved = checks(lambda: _text("staff_involved", investigation.staff_involved, STAFF_INVOLVED_MAX), "")
    if investigation.liability not in Liability.__members__.values():
        checks.refuse("liability", QT_TRANSLATE_NOOP("DomainError", "Choose how far the company is responsible."))
    checks.raise_any()
    with db.atomic():
        actor = require(actor, Action.INVESTIGATE)
        case = _load(complaint, RECEIPT_STATES, actor)
        values: dict[str, object] = {
            "findings": findings,
            "department": department,
            "staff_involved": staff_involved,
            "liability": investigation.liability,
        }
        if case.state == State.RECEIVED:
            values["state"] = State.INVESTIGATING
        return _update(case, actor, "investigated", values)


# --------------------------------------------------------------------------- step 3


def _validate_lines(lines: Sequence[Line], default_department: Department | None) -> list[dict[str, Any]]:
    if not lines:
        raise FieldError("lines", QT_TRANSLATE_NOOP("DomainError", "Add at least one remedy to the proposal."))
    if len(lines) > MAX_LINES:
        raise FieldError(
            "lines", QT_TRANSLATE_NOOP("DomainError", "A proposal has at most {count} remedies."), count=MAX_LINES
        )
    rows = []
    for line in lines:
        remedy = Remedy.get_or_none(Remedy.id == line.remedy_id)
        if remedy is None:
            raise FieldError("lines", QT_TRANSLATE_NOOP("DomainError", "Choose a remedy from the catalogue."))
        if not remedy.active:  # an earlier proposal's, retired since
            raise FieldError(
                "lines",
                QT_TRANSLATE_NOOP("DomainError", "'{remedy}' is no longer offered: choose another remedy."),
                remedy=CatalogueName(remedy.name, remedy.name_en),
            )
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
    case: Complaint, actor: Staff, rows: list[dict[str, Any]], status: str, explanation: str, needs_office: bool
) -> Proposal:
    for earlier in case.proposals.where(Proposal.status.in_([ProposalStatus.OFFERED, ProposalStatus.DRAFT])):
        earlier.status = ProposalStatus.SUPERSEDED
        earlier.save()
    seq = (case.proposals.select(fn.MAX(Proposal.seq)).scalar() or 0) + 1
    proposal: Proposal = Proposal.create(
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


def _mark_decided(
    proposal: Proposal, status: str, decision: str, actor: Staff, now: dt.datetime, note: str | None = None
) -> None:
    """Stamp the office's decision on a proposal; ``note`` None leaves its decision note as it is."""
    proposal.status = status
    proposal.decision = decision
    if note is not None:
        proposal.decision_note = note
    proposal.decided_by = actor
    proposal.decided_at = now
    proposal.save()


def _lines_for_audit(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [[row["remedy"].name, str(row["amount"]), row["description"]] for row in rows]


def propose(actor: Staff, complaint: Complaint | int, lines: Sequence[Line], explanation: str = "") -> Proposal:
    """Offer a resolution within the actor's authority (else AuthorityError)."""
    require(actor, Action.PROPOSE)
    explanation = _text("explanation", explanation, EXPLANATION_MAX)
    with db.atomic():
        actor = require(actor, Action.PROPOSE)
        case = _load(complaint, (State.INVESTIGATING, State.PROPOSED, State.DECLINED, State.DECIDED), actor)
        if case.state == State.DECIDED and case.taken_over_by_id is None:
            # The office's answer is the customer's to hear: a proposal of the desk's own would put it aside unsaid.
            # (A case the office took over is its own to propose on.)
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The office has decided on complaint {number}: tell the customer its answer and record what they "
                    "say. If they decline it, a new proposal follows.",
                ),
                number=display_number(case),
            )
        rows = _validate_lines(lines, case.department)
        check = check_authority(actor, case, lines)
        if not check.within:
            raise AuthorityError(list(check.reasons))
        proposal = _new_proposal(case, actor, rows, ProposalStatus.OFFERED, explanation, needs_office=False)
        _update(case, actor, "proposed", {"state": State.PROPOSED})
        record("proposal", actor, case, seq=proposal.seq, total=str(proposal.total), lines=_lines_for_audit(rows))
        return proposal


def escalate(
    actor: Staff,
    complaint: Complaint | int,
    lines: Sequence[Line],
    handoff_note: str,
    explanation: str = "",
    answer_by: dt.datetime | None = None,
) -> Proposal:
    """Hand the case to the office with what the desk would propose and why (``explanation``: what the desk would
    tell the customer, kept with the proposal for when the office approves it). ``answer_by``: the time the desk
    tells the customer the office will answer by, the case's promise from now on (None: the promise stands). The
    reply time of step 1 made every escalated case late and high-risk within the hour, whatever the customer had
    been told."""
    require(actor, Action.ESCALATE)
    note = _text("handoff_note", handoff_note, HANDOFF_MAX, required=True)
    explanation = _text("explanation", explanation, EXPLANATION_MAX)
    if answer_by is not None:
        _check_answer_by(answer_by)
    if len(note) < HANDOFF_MIN:
        raise FieldError(
            "handoff_note",
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The office needs at least {count} characters: the facts, what the customer wants, what was offered.",
            ),
            count=HANDOFF_MIN,
        )
    with db.atomic():
        actor = require(actor, Action.ESCALATE)
        case = _load(complaint, RECEIPT_STATES, actor)
        rows = _validate_lines(lines, case.department) if lines else []
        proposal = _new_proposal(case, actor, rows, ProposalStatus.ESCALATED, explanation, needs_office=True)
        values: dict[str, object] = {"state": State.ESCALATED, "handoff_note": note}
        if answer_by is not None:
            values["promised_at"] = answer_by.replace(second=0, microsecond=0)
        _update(case, actor, "escalated", values)
        record("proposal", actor, case, seq=proposal.seq, total=str(proposal.total), lines=_lines_for_audit(rows))
        return proposal


def _check_answer_by(answer_by: dt.datetime) -> None:
    now = dt.datetime.now()
    if not now < answer_by <= now + dt.timedelta(minutes=PROMISED_MINUTES_MAX):
        raise FieldError(
            "answer_by",
            QT_TRANSLATE_NOOP(
                "DomainError", "Promise the office's answer for a time after now, and within {days} days."
            ),
            days=PROMISED_MINUTES_MAX // 1440,
        )


def tell_new_time(actor: Staff, complaint: Complaint | int, answer_by: dt.datetime) -> Complaint:
    """A case waiting for the office past the time the customer was told: the desk tells the customer a new time
    for the office's answer, the case's promise from then on (the case stayed late, red, with nowhere to say that
    the customer was told). Audited, old → new."""
    require(actor, Action.ESCALATE)
    _check_answer_by(answer_by)
    with db.atomic():
        actor = require(actor, Action.ESCALATE)
        if not tells_new_times(actor):
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "The office decides the case: a new time is the desk's to tell.")
            )
        case = _load(complaint, (State.ESCALATED,), actor)
        return _update(case, actor, "new_time_told", {"promised_at": answer_by.replace(second=0, microsecond=0)})


def tells_new_times(actor: Staff) -> bool:
    """Whether ``actor`` tells a customer waiting for the office a new time (``tell_new_time``): the desk's to tell,
    the office's to decide."""
    return may(actor, Action.ESCALATE) and not actor.is_office


def decide(
    actor: Staff,
    complaint: Complaint | int,
    decision: str,
    note: str = "",
    lines: Sequence[Line] | None = None,
    proposal_seq: int | None = None,
    holder_seen: int | None = None,
) -> Proposal:
    """The office's decision on an escalated case; it returns to the desk, or, taken over, stays with the
    office account that decided (``taken_over_by``). ``proposal_seq``: the desk's request the office read (a case
    the desk sent again since, with a new request, is refused: a decision typed for 250 yuan approved 3,000);
    ``holder_seen``: the office account the office saw holding the case (taking it over from a colleague who took
    it since is refused, as ``take_over`` refuses it)."""
    require(actor, Action.DECIDE)
    if decision not in OfficeDecision.__members__.values():
        raise FieldError("decision", QT_TRANSLATE_NOOP("DomainError", "Choose a decision."))
    # What the form lacks, all at once (the note refused, then at the next press the remedy).
    checks = FieldChecks()
    note = checks(lambda: _text("decision_note", note, DECISION_NOTE_MAX, required=decision != OfficeDecision.APPROVED),
                  "")  # fmt: skip
    if decision == OfficeDecision.CHANGED and not lines:
        # The office refusing what the desk asked for: it said only "Add at least one remedy".
        checks.refuse(
            "lines",
            QT_TRANSLATE_NOOP(
                "DomainError",
                "Add at least one remedy. To grant nothing, choose one that costs nothing (an explanation "
                "or a written apology, at 0.00) and say why in the decision note.",
            ),
        )
    checks.raise_any()
    with db.atomic():
        actor = require(actor, Action.DECIDE)
        case = _load(complaint, (State.ESCALATED,))
        proposal = current_proposal(case)
        assert proposal is not None  # escalating a case made its proposal
        if proposal_seq is not None and proposal.seq != proposal_seq:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The desk sent complaint {number} to the office again since this form was set out, with a new "
                    "request ({total} yuan): the decision is not recorded. Read the new request and decide again.",
                ),
                number=display_number(case),
                total=f"{proposal.total:,.2f}",
            )
        if (
            decision == OfficeDecision.TAKEN_OVER
            and case.taken_over_by_id is not None
            and case.taken_over_by_id not in (actor.id, holder_seen)
        ):
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{name} took complaint {number} over after this form was set out: nothing was changed. Their "
                    "name is shown with the case now.",
                ),
                name=case.taken_over_by.full_name,
                number=display_number(case),
            )
        if decision == OfficeDecision.APPROVED and not list(proposal.lines):
            raise FieldError(
                "decision",
                QT_TRANSLATE_NOOP(
                    "DomainError", "The desk proposed no remedy; change the remedy or take the case over."
                ),
            )
        now = dt.datetime.now()
        if decision == OfficeDecision.CHANGED:
            assert lines  # refused above
            rows = _validate_lines(lines, case.department)
            old = [[line.remedy.name, str(line.amount), line.description] for line in proposal.lines]
            # The desk's proposal stays on the record as it was, marked as replaced by the office;
            # the office's remedy is a proposal of its own, made by the office account.
            _mark_decided(proposal, ProposalStatus.SUPERSEDED, decision, actor, now)
            proposal = _new_proposal(case, actor, rows, ProposalStatus.DECIDED, "", needs_office=True)
            record("remedy_changed", actor, case, seq=proposal.seq, lines=[old, _lines_for_audit(rows)])
        _mark_decided(proposal, ProposalStatus.DECIDED, decision, actor, now, note)
        values: dict[str, object] = {"state": State.DECIDED}
        noted: dict[str, object] = {}
        # The case's open risk alert is answered by the decision (the banner asked the office to act after it had
        # decided): taken over, the office account handles the case from here, as taking it over from the risk
        # list does (the desk sees who and may not go on with it); approved or changed, the office has seen it.
        outcome = AlertOutcome.ACKNOWLEDGED
        if decision == OfficeDecision.TAKEN_OVER:
            values["taken_over_by"] = actor
            outcome = AlertOutcome.TAKEN_OVER
        level, reasons = case.risk_level or "none", decode_reasons(case.risk_reasons)
        alert = answer_alert(actor, case.id, outcome, note, level, reasons, keep_answer=False)
        if alert is not None:
            noted["alert"] = alert
        _update(case, actor, "decided", values, **noted)
        record("decision", actor, case, decision=decision, note=note, total=str(proposal.total))
        return proposal


# --------------------------------------------------------------------------- step 4


def record_consent(actor: Staff, complaint: Complaint | int, consent: Consent) -> Complaint:
    """The customer's answer to the current proposal (house rule 8), the one shown to them
    (``consent.proposal_seq``)."""
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
        # Agreed too: a customer who changes their mind before the case is closed is answered again.
        case = _load(complaint, (State.PROPOSED, State.DECIDED, State.AGREED), actor)
        proposal = current_proposal(case)
        assert proposal is not None  # a proposed, decided or agreed case has its proposal
        if consent.proposal_seq is not None and consent.proposal_seq != proposal.seq:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The proposal changed at another desk while the customer was answering: the answer is not "
                    "recorded. Show the customer the new proposal below and ask again.",
                )
            )
        if consent.proposal_seq is not None and proposal.answered_at != consent.answered_shown:
            _refuse_answered_meanwhile(case, proposal)
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
                "signature": keep_signature(signature) if accepted and signature is not None else None,
                "witness": witness if accepted else "",
                "counter_demand": counter,
                "consent_at": now,
            },
        )


def _refuse_answered_meanwhile(case: Complaint, proposal: Proposal) -> None:
    """Another desk recorded the customer's answer to this proposal after it was shown here: named (who, when,
    what) before this desk's answer replaces it, as ``as_shown`` names other changes."""
    at, name = last_change(case.id, "consent") or (proposal.answered_at, "")
    raise ChangedMeanwhileError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{name} recorded the customer's answer to this proposal at {time} ({consent}), after it was shown here: "
            "this answer is not recorded. Press the button again to record it instead, or Continue later and open "
            "the complaint again to see theirs.",
        ),
        name=name,
        time=f"{at:%H:%M}",
        consent=str(proposal.answer),
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
                "follow_up", QT_TRANSLATE_NOOP("DomainError", "A call-back needs a date and time in the future.")
            )
        far = request.due_at is not None and request.due_at > now + dt.timedelta(days=CALL_BACK_AHEAD_DAYS)
        if request.kind == FollowUpKind.CALL_BACK and far:  # the sentence names a call-back
            raise FieldError(
                "follow_up",
                QT_TRANSLATE_NOOP(
                    "DomainError", "A call-back more than {days} days ahead? Check the date: the year, perhaps."
                ),
                days=CALL_BACK_AHEAD_DAYS,
            )
        follow_ups.append(
            {
                "kind": request.kind,
                "due_at": request.due_at,
                # Named by the field it was typed in: the call-back's note, or what was promised.
                "description": _text(
                    "follow_up" if request.kind == FollowUpKind.CALL_BACK else "promised_item",
                    request.description,
                    FOLLOW_UP_MAX,
                    required=True,
                ),
            }
        )
    with db.atomic():
        actor = require(actor, Action.CLOSE)
        case = _load(complaint, (State.AGREED,), actor)
        for values in follow_ups:
            FollowUp.create(complaint=case, **values)
            record("follow_up", actor, case, **{k: _plain(v) for k, v in values.items()})
        return _end_and_seal(
            case,
            actor,
            "closed",
            {"state": State.CLOSED, "improvement_suggestion": suggestion, "closed_at": now, "closed_by": actor},
        )


def withdraw(actor: Staff, complaint: Complaint | int, reason: str) -> Complaint:
    """The customer left or dropped the complaint; the case is closed as withdrawn."""
    require(actor, Action.WITHDRAW)
    reason = _text("reason", reason, REASON_MAX, required=True)
    with db.atomic():
        actor = require(actor, Action.WITHDRAW)
        case = _load(complaint, tuple(s for s in State if s not in FINAL_STATES), actor)
        now = dt.datetime.now()
        return _end_and_seal(
            case,
            actor,
            "withdrawn",
            {"state": State.WITHDRAWN, "withdrawn_reason": reason, "closed_at": now, "closed_by": actor},
        )


def _end_and_seal(case: Complaint, actor: Staff, action: str, values: dict[str, object]) -> Complaint:
    """Every way a case ends (closed or withdrawn) seals it into the archive in the same transaction."""
    _update(case, actor, action, values)
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
        attachment: Attachment = Attachment.create(
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
