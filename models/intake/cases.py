"""Loading a case for a change and writing the change with its audit event; the case's number and
current proposal, which the transitions and the queries share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import cast

from models.audit import AuditEvent, record
from models.complaint import FINAL_STATES, Complaint, Proposal, Signature, State, shown_number
from models.control.risk_cases import reassess
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.intake.authority import _require_not_taken_over
from models.staff import Staff


class ChangedMeanwhileError(DomainError):
    """Another desk changed the case after it was shown where this step was taken (``as_shown``)."""


# The case a desk's step is taken on, as it was when the step was shown: (id, its ``received_at`` and
# ``updated_at`` then).
_SHOWN: ContextVar[tuple[int, dt.datetime, dt.datetime] | None] = ContextVar("intake_shown", default=None)


@contextmanager
def as_shown(case_id: int, received_at: dt.datetime, updated_at: dt.datetime) -> Iterator[None]:
    """Inside: a step on case ``case_id`` is refused (``ChangedMeanwhileError``) when the case was changed after
    ``updated_at``, when it was last shown at this desk: one desk's step does not overwrite another's unseen.
    (Every change of a case goes through ``_update``, which sets ``updated_at``.) A case of that number received
    at another time is another complaint (a backup restored meanwhile, and the number taken again): refused."""
    token = _SHOWN.set((case_id, received_at, updated_at))
    try:
        yield
    finally:
        _SHOWN.reset(token)


def _load(complaint: Complaint | int, states: Sequence[str], actor: Staff | None = None) -> Complaint:
    """Re-read the case inside the transaction and check its state (and, inside ``as_shown``, that nobody
    changed it since it was shown). A case closed, withdrawn or (for ``actor``, a desk's) taken over meanwhile
    says so first: no press can save over that."""
    case: Complaint | None = Complaint.get_or_none(Complaint.id == int(getattr(complaint, "id", complaint)))
    if case is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This complaint no longer exists."))
    shown = _SHOWN.get()
    on_screen = shown is not None and shown[0] == case.id
    if case.state in FINAL_STATES:
        if case.closed_by_id is not None and case.closed_at is not None:  # who sealed it, and when: a desk that
            closed = (  # had it on screen knows what happened, and what to do with what it was typing
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{name} closed complaint {number} at {time}: nothing can be added to it now. Tell the office "
                    "anything promised to the customer on this page.",
                )
                if case.state == State.CLOSED
                else QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{name} recorded the withdrawal of complaint {number} at {time}: nothing can be added to it "
                    "now. Tell the office anything promised to the customer on this page.",
                )
            )
            today = case.closed_at.date() == dt.date.today()
            time = f"{case.closed_at:%H:%M}" if today else f"{case.closed_at:%Y-%m-%d %H:%M}"
            raise DomainError(closed, name=case.closed_by.full_name, number=display_number(case), time=time)
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint {number} is closed; it can no longer be changed."),
            number=display_number(case),
        )
    if actor is not None:
        _require_not_taken_over(case, actor)
    if on_screen:
        assert shown is not None
        _require_as_shown(case, shown[1], shown[2])
    if case.state not in states:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "This step is not possible while the complaint is '{state}'."),
            state=case.state,
        )
    return case



def last_change(case_id: int, action: str | None = None) -> tuple[dt.datetime, str] | None:
    """When the case was last changed (by a step of ``action``, when given), and by whom: its audit trail's."""
    query = (
        AuditEvent.select(AuditEvent.at, Staff.full_name)
        .join(Staff, on=(AuditEvent.actor == Staff.id))
        .where(AuditEvent.complaint == case_id)
    )
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return cast(tuple[dt.datetime, str] | None, query.order_by(AuditEvent.id.desc()).tuples().first())


def _require_as_shown(case: Complaint, received_at: dt.datetime, updated_at: dt.datetime) -> None:
    """``as_shown``'s refusals: another complaint under the number shown, or the case changed since."""
    if case.received_at != received_at:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "Complaint {number} is no longer the one shown here (the database was restored from a backup "
                "meanwhile): nothing was saved. Close this window and look the complaint up again.",
            ),
            number=display_number(case),
        )
    if case.updated_at != updated_at:
        at, name = last_change(case.id) or (case.updated_at, "")
        raise ChangedMeanwhileError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{name} changed this complaint at {time}, after this step was shown here: nothing was saved. "
                "Press the button again to save what is on this page over that change, or Continue later and open "
                "the complaint again to see it first.",
            ),
            name=name,
            time=f"{at:%H:%M}",
        )


# The states in which steps 1 and 2 may be saved (again), and the desk may hand the case to the office: before the
# office or the customer's agreement has it.
RECEIPT_STATES = (State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.DECLINED)


def is_final(case_id: int) -> bool:
    """Whether case ``case_id`` is closed or withdrawn (sealed: nothing is added to it any more)."""
    return bool(Complaint.select().where(Complaint.id == case_id, Complaint.state.in_(FINAL_STATES)).exists())


def receipt_open(case_id: int) -> bool:
    """Whether case ``case_id``'s step 1 may be saved again (``RECEIPT_STATES``): the intake's way back to it."""
    return bool(Complaint.select().where(Complaint.id == case_id, Complaint.state.in_(RECEIPT_STATES)).exists())


def shown_stamp(case_id: int) -> tuple[dt.datetime, dt.datetime] | None:
    """What ``as_shown`` is given for case ``case_id`` as it is now: its received_at and updated_at (None: gone)."""
    row = Complaint.select(Complaint.received_at, Complaint.updated_at).where(Complaint.id == case_id).tuples().first()
    return (row[0], row[1]) if row is not None else None

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
