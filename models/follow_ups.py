"""What the desk still owes its customers after closing (seed rule 10, 做好回访): the call-backs and the promised
items due, and marking one done with what came of it. The handover sheet lists the same ones; once done, a
follow-up leaves both lists and its case's history says who did it, when, and what the customer said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from models.audit import record
from models.base import db
from models.complaint import Complaint, FollowUp, shown_number
from models.customer import Customer
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff

RESULT_MAX = 500


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up not done yet, due by the end of tomorrow or without a due time."""

    id: int
    complaint_id: int
    number: str  # the case's archive number (a follow-up is owed after closing), else its draft number
    customer_name: str
    customer_phone: str
    kind: str  # FollowUpKind
    due_at: dt.datetime | None
    description: str
    overdue: bool


class DueFollowUps(list[DueFollowUp]):
    """The first follow-ups due, with how many are due in all (``total``)."""

    def __init__(self, rows: list[DueFollowUp], total: int) -> None:
        super().__init__(rows)
        self.total = max(total, len(rows))


def due_follow_ups(now: dt.datetime | None = None, limit: int = 500) -> DueFollowUps:
    """The follow-ups not done yet that are due by the end of tomorrow (or have no due time), the most overdue first
    (one query), the first ``limit`` of them, and how many there are (counted only when there are more: at a
    million complaints the list's 500 were said as the number due, of 1,394). Tomorrow's whole day: the close
    page suggests a call-back tomorrow at 10:00, which "due within a day" left out of the morning's list."""
    now = now or dt.datetime.now()
    by = dt.datetime.combine(now.date() + dt.timedelta(days=2), dt.time())
    due = FollowUp.done_at.is_null() & (FollowUp.due_at.is_null() | (FollowUp.due_at < by))
    query = (
        # The case's id with its number: a joined case read without it would set every row's complaint_id to None.
        FollowUp.select(FollowUp, Complaint.id, Complaint.archive_number, Customer.name, Customer.phone)
        .join(Complaint)
        .join(Customer, JOIN.LEFT_OUTER, on=(Complaint.customer == Customer.id))
        .where(due)
        .order_by(FollowUp.due_at.is_null(), FollowUp.due_at, FollowUp.id)
        .limit(limit)
    )
    rows = _rows(query, now)
    return DueFollowUps(rows, FollowUp.select().where(due).count() if len(rows) == limit else len(rows))


def _rows(query: Any, now: dt.datetime) -> list[DueFollowUp]:
    return [
        DueFollowUp(
            f.id,
            f.complaint_id,
            shown_number(f.complaint.archive_number, f.complaint_id),
            f.complaint.customer.name if f.complaint.customer else "",
            f.complaint.customer.phone if f.complaint.customer else "",
            f.kind,
            f.due_at,
            f.description,
            f.due_at is not None and f.due_at < now,
        )
        for f in query
    ]


def complete_follow_up(actor: Staff, follow_up_id: int, result: str, now: dt.datetime | None = None) -> None:
    """Mark the follow-up done, with what came of it (the customer's answer on the call-back, the item handed
    over); its case's audit trail records it. A follow-up done already (by another desk meanwhile) is refused,
    its first result kept."""
    actor = require(actor, Action.RECEIVE)
    result = result.strip()
    if not result:
        raise FieldError(
            "result", QT_TRANSLATE_NOOP("DomainError", "Write what came of it (what the customer said, what was done).")
        )
    if len(result) > RESULT_MAX:
        raise FieldError(
            "result", QT_TRANSLATE_NOOP("DomainError", "Write at most {limit} characters."), limit=RESULT_MAX
        )
    now = now or dt.datetime.now()
    with db.atomic():
        follow_up = FollowUp.get_or_none(FollowUp.id == follow_up_id)
        if follow_up is None:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This follow-up no longer exists."))
        if follow_up.done_at is not None:
            done_by = Staff.get_or_none(Staff.id == follow_up.done_by_id)
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "{name} marked this follow-up done at {time} already."),
                name=done_by.full_name if done_by else "?",
                time=follow_up.done_at.strftime("%Y-%m-%d %H:%M"),
            )
        FollowUp.update(done_at=now, done_by=actor, result=result).where(FollowUp.id == follow_up_id).execute()
        record("follow_up_done", actor, follow_up.complaint, follow_up=follow_up_id, kind=follow_up.kind, result=result)
