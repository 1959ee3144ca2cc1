"""Lists of cases as rows for the screens: the desk's open cases, the office's
queue of escalated cases, and the open cases a new one may repeat."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from models.catalog import EntryName
from models.complaint import Complaint, shown_number
from models.intake import Receipt, escalated_cases, open_drafts, possible_duplicates
from models.money import to_money
from models.staff import Staff


@dataclass(frozen=True)
class QueuedCase:
    id: int
    number: str
    state: str
    received_at: dt.datetime
    received_by: str
    updated_at: dt.datetime
    customer_name: str
    customer_phone: str
    category: EntryName | None
    promised_at: dt.datetime | None
    overdue: bool
    asked_total: Decimal  # the escalated proposal's total, in the office's queue
    risk_level: str  # as of the case's last step ('' before it was first assessed)
    taken_over_by: str  # the office account that took the case over, "" when none


def _row(case: Complaint, now: dt.datetime, asked_total: Decimal | int | None = 0) -> QueuedCase:
    # The queries join customer, category and receiver: these reads follow no lazy key.
    customer, category = case.customer, case.category
    return QueuedCase(
        id=case.id,
        number=shown_number(case.archive_number, case.id),
        state=case.state,
        received_at=case.received_at,
        received_by=case.received_by.full_name,
        updated_at=case.updated_at,
        customer_name=customer.name if customer else "",
        customer_phone=customer.phone if customer else "",
        category=EntryName(category.id, category.name, category.name_en) if category else None,
        promised_at=case.promised_at,
        overdue=case.is_overdue(now),
        asked_total=to_money(asked_total or 0),
        risk_level=case.risk_level,
        taken_over_by=case.taker.full_name if getattr(case, "taker", None) is not None else "",
    )


def desk_queue(actor: Staff, now: dt.datetime | None = None) -> list[QueuedCase]:
    """This person's drafts and the cases the office has decided, newest first (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now) for case in open_drafts(actor)]


def office_queue(now: dt.datetime | None = None) -> list[QueuedCase]:
    """The escalated cases, longest waiting first (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now, case.proposal.total) for case in escalated_cases()]


def duplicate_candidates(receipt: Receipt, now: dt.datetime | None = None) -> list[QueuedCase]:
    """Open cases the complaint being received may repeat (one query)."""
    now = now or dt.datetime.now()
    return [_row(case, now) for case in possible_duplicates(receipt, now)]
