"""Steps taken beside the intake's five: the office takes a case over from its risk list, and the desk
refers a customer whose matter is outside the company's scope to the right outside body (seed document 5)."""

from __future__ import annotations

import datetime as dt

from models.audit import said_at
from models.base import db
from models.catalog import ReferralGuide
from models.complaint import OPEN_STATES, Complaint
from models.control.alerts import NOTE_MAX, AlertOutcome, answer_alert
from models.control.risk import decode_reasons
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.intake.cases import _load, _update, display_number, last_change
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

REFERRAL_MAX = 500


def take_over(actor: Staff, complaint: Complaint | int, note: str = "", holder_seen: int | None = None) -> Complaint:
    """The office account becomes the case's handler: the desk sees who took it over and can no longer
    go on with it (``_require_not_taken_over``); the office continues it in the intake. The case's open
    risk alert is answered by it. Audited with the note. ``holder_seen``: the office account the caller's list
    showed holding the case (None: nobody); a case another account took over since is refused, naming who and
    when (a second window's stale list took it from a colleague unseen, and the colleague was not told)."""
    require(actor, Action.ANSWER_RISK)
    note = checked_text("note", note, NOTE_MAX)
    with db.atomic():
        actor = require(actor, Action.ANSWER_RISK)
        case = _load(complaint, OPEN_STATES)
        if case.taken_over_by_id == actor.id:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "You have taken this case over already."))
        if case.taken_over_by_id is not None and case.taken_over_by_id != holder_seen:
            at, _ = last_change(case.id, "taken_over") or last_change(case.id, "decided") or (case.updated_at, "")
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{name} took complaint {number} over at {time}, after your list was shown: nothing was changed. "
                    "The list now shows who handles it.",
                ),
                name=case.taken_over_by.full_name,
                number=display_number(case),
                time=said_at(at, dt.date.today()),
            )
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
