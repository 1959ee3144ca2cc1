"""A returning customer's earlier complaints and compensation, read by the phone number.

Kept apart from ``models.customer`` because it reads complaints, and ``models.complaint`` refers to
customers: each module imports only the one below it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, fn

from models.catalog import Category, EntryName
from models.complaint import Complaint, Proposal, ProposalStatus, shown_number
from models.customer import Customer, find_customer, normalize_phone
from models.money import to_money


@dataclass(frozen=True)
class CustomerHistory:
    """What the desk should know about a returning customer (last 12 months)."""

    customer_id: int | None
    name: str
    complaints: int
    compensation: Decimal
    last_received_at: dt.datetime | None


def customer_history(phone: str, now: dt.datetime | None = None, excluding: int | None = None) -> CustomerHistory:
    """Earlier complaints and accepted compensation of the customer with this phone; ``excluding`` the case
    being taken (a draft continued is no earlier complaint)."""
    customer = find_customer(phone)
    if customer is None:
        return CustomerHistory(None, "", 0, Decimal("0.00"), None)
    since = (now or dt.datetime.now()) - dt.timedelta(days=365)
    same_phone = Customer.select(Customer.id).where(Customer.phone == customer.phone)
    recent = Complaint.select().where(Complaint.customer.in_(same_phone), Complaint.received_at >= since)
    if excluding is not None:
        recent = recent.where(Complaint.id != excluding)
    compensation = (
        Proposal.select(fn.COALESCE(fn.SUM(Proposal.total), 0))
        .where(Proposal.complaint.in_(recent.select(Complaint.id)), Proposal.status == ProposalStatus.ACCEPTED)
        .scalar()
    )
    last = recent.order_by(Complaint.received_at.desc()).first()
    return CustomerHistory(
        customer.id, customer.name, recent.count(), to_money(compensation or 0), last.received_at if last else None
    )


def customer_complaints(phone: str, now: dt.datetime | None = None) -> list[tuple[object, ...]]:
    """The complaints of the customer with this phone in the last 12 months, newest
    first: (id, number, received_at, category (an EntryName, or None), state, accepted compensation)."""
    normalised = normalize_phone(phone)
    if not normalised:
        return []
    since = (now or dt.datetime.now()) - dt.timedelta(days=365)
    rows = list(
        Complaint.select(
            Complaint.id, Complaint.archive_number, Complaint.received_at, Category.id, Category.name,
            Category.name_en, Complaint.state,
        )
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .where(
            Complaint.customer.in_(Customer.select(Customer.id).where(Customer.phone == normalised)),
            Complaint.received_at >= since,
        )
        .order_by(Complaint.received_at.desc())
        .tuples()
    )
    totals: dict[int, Decimal] = {}
    accepted = Proposal.select(Proposal.complaint, Proposal.total).where(
        Proposal.complaint.in_([row[0] for row in rows]), Proposal.status == ProposalStatus.ACCEPTED
    )
    for complaint_id, total in accepted.tuples():
        totals[complaint_id] = totals.get(complaint_id, Decimal("0")) + total
    return [
        (cid, shown_number(number, cid), received, EntryName(category, name, name_en) if category else None, state,
         to_money(totals.get(cid, 0)))
        for cid, number, received, category, name, name_en, state in rows
    ]  # fmt: skip
