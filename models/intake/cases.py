"""Loading a case for a change and writing the change with its audit event; the case's number and
current proposal, which the transitions and the queries share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from models.audit import record
from models.complaint import FINAL_STATES, Complaint, Proposal, Signature, shown_number
from models.control.risk_cases import reassess
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Staff


def _load(complaint: Complaint | int, states: Sequence[str]) -> Complaint:
    """Re-read the case inside the transaction and check its state."""
    case: Complaint | None = Complaint.get_or_none(Complaint.id == int(getattr(complaint, "id", complaint)))
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


def _update(case: Complaint, actor: Staff, action: str, values: dict[str, object], **noted: object) -> Complaint:
    """Write changed fields and one audit event listing each as [old, new], with the escalation risk
    assessed again (its level and reasons in the event when they changed) and what else the step
    ``noted`` (a note, an alert)."""
    changes: dict[str, object] = {}
    for name, new in values.items():
        old = getattr(case, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(case, name, new)
    now = dt.datetime.now()
    changes.update(reassess(case, now))
    case.updated_at = now
    case.save(only=case.dirty_fields)  # the fields set here: the row was read in this transaction
    record(action, actor, case, **changes, **noted)
    return case


def _plain(value: object) -> object:
    if isinstance(value, Signature):
        value = bytes(value.png)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Decimal | dt.datetime):
        return str(value)
    return getattr(value, "id", value)


def display_number(case: Complaint) -> str:
    """The archive number once sealed, else the draft number."""
    return shown_number(case.archive_number, case.id)


def current_proposal(case: Complaint) -> Proposal | None:
    """The latest proposal: after a changed remedy, the office's own, not the desk's it replaced."""
    latest: Proposal | None = case.proposals.order_by(Proposal.seq.desc()).first()
    return latest
