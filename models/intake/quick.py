"""The quick path for small clear cases (抓大放小, seed document 3): a cold dish replaced with a free drink
should not take five pages. When the liability is clear, the remedy within the duty manager's authority,
no sign of escalation risk, the category the desk's to settle and the customer agrees, one screen records
what happened, the remedy and the agreement and closes the case with everything the archive needs —
through the same steps as the wizard, each with its checks and its audit event, in one transaction.

Anything else goes the full way: ``quick_path_check`` says why, and ``hand_to_wizard`` saves what was
typed (the receipt, and the investigation when it is complete) so the wizard goes on from there."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace

from models import settings
from models.base import db
from models.catalog import Category, Severity
from models.complaint import Complaint, ConsentAnswer, Liability
from models.control.risk import Reason, RiskLevel
from models.control.risk_cases import desk_assessment
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldChecks, FieldError, FormError
from models.intake.authority import authority_for
from models.intake.inputs import (
    EXPLANATION_MAX,
    FINDINGS_MAX,
    FOLLOW_UP_MAX,
    LINE_DESCRIPTION_MAX,
    WITNESS_MAX,
    Closing,
    Consent,
    FollowUpRequest,
    Investigation,
    Line,
    Receipt,
    _text,
)
from models.intake.transitions import (
    close,
    propose,
    receive,
    record_consent,
    record_investigation,
    validate_receipt,
)
from models.permissions import Action, require
from models.staff import Staff

# The one reason that is no reason to leave the quick path: the customer has not been asked yet.
NOT_AGREED = QT_TRANSLATE_NOOP("DomainError", "The customer has not agreed to the remedy.")
# A sign of escalation risk: the screen names each sign (``QuickPathCheck.risk_reasons``).
RISK_SIGN = QT_TRANSLATE_NOOP("DomainError", "There is a sign of escalation risk.")

# Liabilities that leave nothing to find out: the company's fault, wholly or in part.
CLEAR_LIABILITIES = (Liability.FULL, Liability.PARTIAL)


@dataclass
class QuickCase:
    """Everything one screen asks: the receipt, what was found, the remedy, the customer's agreement."""

    receipt: Receipt
    findings: str = ""
    department_id: int | None = None
    liability: str = Liability.FULL
    lines: list[Line] = field(default_factory=list)
    explanation: str = ""
    agreed: bool = False
    satisfaction: int | None = None
    signature_png: bytes | None = None
    witness: str = ""
    promised_item: str = ""  # something still to deliver (a fruit plate to the room tomorrow)


@dataclass(frozen=True)
class QuickPathCheck:
    """Whether the case may be closed on the quick path; ``reasons`` why not (DomainErrors, in words)."""

    reasons: tuple[DomainError, ...]
    risk_reasons: tuple[Reason, ...] = ()  # the signs behind RISK_SIGN, when it is one of the reasons

    @property
    def fits(self) -> bool:
        return not self.reasons


class QuickPathError(DomainError):
    """The case is not a small clear one: it needs the full intake. ``reasons`` says why."""

    def __init__(self, reasons: Sequence[DomainError]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(
            QT_TRANSLATE_NOOP("DomainError", "This case needs the full intake: {reasons}"),
            reasons=" ".join(str(reason) for reason in reasons),
        )


def quick_path_check(actor: Staff, quick: QuickCase, now: dt.datetime | None = None) -> QuickPathCheck:
    """Why the case does not fit the quick path (none: it fits). Missing input is not a reason: the form's
    own checks name it; this says whether a complete form could be closed here."""
    actor = require(actor, Action.RECEIVE)
    reasons: list[DomainError] = []
    receipt = quick.receipt
    category = Category.get_or_none(Category.id == receipt.category_id) if receipt.category_id else None
    if receipt.severity == Severity.HIGH:
        reasons.append(
            DomainError(QT_TRANSLATE_NOOP("DomainError", "A serious complaint (injury, food safety, property)."))
        )
    if quick.liability and quick.liability not in CLEAR_LIABILITIES:  # not chosen yet: the form asks for it
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The company is not clearly at fault: the full intake finds out, or explains to the customer.",
                )
            )
        )
    if category is not None and (quick.department_id or category.default_department_id) is None:
        # The quick screen asks no department: the category's default is the one the investigation names.
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "No department answers for this category by default: the full intake asks which one.",
                )
            )
        )
    if quick.lines or (category is not None and category.always_to_office):
        with suppress(FieldError):  # an amount that is no amount: the form says so beside the remedy
            reasons.extend(authority_for(actor, category, quick.lines).reasons)
    assessment = desk_assessment(
        [receipt.narrative, receipt.demand],
        receipt.phone,
        receipt.category_id,
        receipt.severity,
        None,
        now,
        asked=[receipt.demand],
        limit=actor.per_case_limit,
    )
    risky = assessment.level != RiskLevel.NONE
    if risky:
        reasons.append(DomainError(RISK_SIGN))
    if not quick.agreed:
        reasons.append(DomainError(NOT_AGREED))
    return QuickPathCheck(tuple(reasons), tuple(assessment.reasons) if risky else ())


def quick_close(actor: Staff, quick: QuickCase, now: dt.datetime | None = None) -> Complaint:
    """Receive, investigate, propose, record the customer's agreement and close, in one transaction,
    through the wizard's own steps (their checks, their audit events, the seal). Every missing field at
    once (FormError); QuickPathError when the case is not a small clear one."""
    now = now or dt.datetime.now()
    _check_complete(quick, now)
    check = quick_path_check(actor, quick, now)
    if not check.fits:
        raise QuickPathError(check.reasons)
    with db.atomic():
        case = receive(actor, quick.receipt, now=now)
        record_investigation(actor, case, _investigation(quick, case))
        propose(actor, case, quick.lines, quick.explanation)
        record_consent(
            actor, case, Consent(ConsentAnswer.ACCEPTED, quick.satisfaction, quick.signature_png, quick.witness)
        )
        owed = quick.promised_item.strip()
        follow_ups = [FollowUpRequest("promised_item", None, quick.promised_item)] if owed else []
        return close(actor, case, Closing(follow_ups, ""), now=now)


def hand_to_wizard(actor: Staff, quick: QuickCase, now: dt.datetime | None = None) -> Complaint:
    """What was typed, saved for the full intake: the receipt, and the investigation when its fields are
    filled in and the liability is clear ("not clear / not ours" is for the investigation to find out: saved as
    "none", the company was on record as without fault). The wizard goes on from the next step with the remedy as
    typed."""
    # The reply promised as the office set it (the quick screen asks none): it had the Receipt's 15 minutes.
    receipt = replace(quick.receipt, promised_minutes=int(settings.get(settings.DEFAULT_PROMISED_MINUTES)))
    with db.atomic():
        case = receive(actor, receipt, now=now)
        if quick.findings.strip() and quick.liability in CLEAR_LIABILITIES:
            with suppress(FieldError), db.atomic():  # not complete: the wizard asks for it at its step 2
                record_investigation(actor, case, _investigation(quick, case))
        return case


def _investigation(quick: QuickCase, case: Complaint) -> Investigation:
    department = quick.department_id
    if department is None and case.category is not None:
        department = case.category.default_department_id
    return Investigation(quick.findings, department, "", quick.liability)


def _check_complete(quick: QuickCase, now: dt.datetime) -> None:
    """Everything the quick path needs, the receipt's fields with the rest, every missing part named at once."""
    checks = FieldChecks()
    try:
        validate_receipt(quick.receipt, now)
    except FormError as error:
        checks.errors.extend(error.errors)
    except FieldError as error:
        checks.errors.append(error)
    # The later steps' own checks, made here too: every field too long is named at once, not one step's at a time.
    checks(lambda: _text("findings", quick.findings, FINDINGS_MAX, required=True), "")
    checks(lambda: _text("explanation", quick.explanation, EXPLANATION_MAX), "")
    checks(lambda: _text("witness", quick.witness, WITNESS_MAX), "")
    checks(lambda: _text("promised_item", quick.promised_item, FOLLOW_UP_MAX), "")
    for line in quick.lines:
        checks(functools.partial(_text, "lines", line.description, LINE_DESCRIPTION_MAX), "")
    if not quick.liability:
        checks.refuse("liability", QT_TRANSLATE_NOOP("DomainError", "Choose whether the company is at fault."))
    if not quick.lines:
        checks.refuse("lines", QT_TRANSLATE_NOOP("DomainError", "Add at least one remedy to the proposal."))
    if quick.agreed and quick.signature_png is None and not quick.witness.strip():
        # The quick screen takes no signature: the verbal consent's witness is what it needs.
        checks.refuse("witness", QT_TRANSLATE_NOOP("DomainError", "Name the witness of the verbal consent."))
    checks.raise_any()
