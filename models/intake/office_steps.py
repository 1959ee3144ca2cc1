"""Steps taken beside the intake's five: the office takes a case over from its risk list, and the desk
refers a customer whose matter is outside the company's scope to the right outside body (seed document 5)."""

from __future__ import annotations

from models.base import db
from models.catalog import ReferralGuide
from models.complaint import OPEN_STATES, Complaint
from models.control.alerts import NOTE_MAX, AlertOutcome, answer_alert
from models.control.risk import decode_reasons
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.intake.cases import _load, _update
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

REFERRAL_MAX = 500


def take_over(actor: Staff, complaint: Complaint | int, note: str = "") -> Complaint:
    """The office account becomes the case's handler: the desk sees who took it over and can no longer
    go on with it (``_require_not_taken_over``); the office continues it in the intake. The case's open
    risk alert is answered by it. Audited with the note."""
    require(actor, Action.ANSWER_RISK)
    note = checked_text("note", note, NOTE_MAX)
    with db.atomic():
        actor = require(actor, Action.ANSWER_RISK)
        case = _load(complaint, OPEN_STATES)
        if case.taken_over_by_id == actor.id:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "You have taken this case over already."))
        level, reasons = case.risk_level or "none", decode_reasons(case.risk_reasons)
        alert = answer_alert(actor, case.id, AlertOutcome.TAKEN_OVER, note, level, reasons, keep_answer=False)
        noted: dict[str, object] = {"note": note} if alert is None else {"note": note, "alert": alert}
        return _update(case, actor, "taken_over", {"taken_over_by": actor}, **noted)


def refer(actor: Staff, complaint: Complaint | int, referral_id: int, given: str) -> Complaint:
    """Record where the desk sent the customer for a matter outside the company's scope: the guide's entry
    and what the customer was told (``given``, the guide's advice as the desk said it). Audited; printed
    on the complaint form. A later referral replaces it (the history keeps both)."""
    require(actor, Action.INVESTIGATE)
    given = checked_text(
        "referral_given",
        given,
        REFERRAL_MAX,
        QT_TRANSLATE_NOOP("DomainError", "Write down where the customer was sent and what they were told."),
    )
    entry: ReferralGuide | None = ReferralGuide.get_or_none(ReferralGuide.id == referral_id)
    if entry is None or not entry.active:
        raise FieldError("referral", QT_TRANSLATE_NOOP("DomainError", "Choose an entry of the referral guide."))
    with db.atomic():
        actor = require(actor, Action.INVESTIGATE)
        case = _load(complaint, OPEN_STATES, actor)
        return _update(case, actor, "referred", {"referral": entry, "referral_given": given})
