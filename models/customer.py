"""Customers, found again by a normalised phone number."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, CharField, DateTimeField, TextField, fn

from models.database import BaseModel
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.money import to_money

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


class Customer(BaseModel):
    name = CharField(max_length=64, default="")
    phone = CharField(max_length=20, default="", index=True)
    created_at = DateTimeField(default=dt.datetime.now)
    note = TextField(default="")


def normalize_phone(raw: str) -> str:
    """Digits of a Chinese mobile (13812345678) or landline with area code
    (02161234567); '' when none was given. Country code and separators go.
    """
    digits = re.sub(r"[\s\-()（）+.]", "", raw or "")
    if not digits:
        return ""
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if digits.isdigit() and (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        return digits
    raise DomainError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{phone} is not a phone number: give a mobile number (11 digits) or a landline with its area code.",
        ),
        phone=raw.strip(),
    )


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise a number, not to dial it."""
    if len(phone) < 7:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


@dataclass(frozen=True)
class CustomerHistory:
    """What the desk should know about a returning customer (last 12 months)."""

    customer_id: int | None
    name: str
    complaints: int
    compensation: Decimal
    last_received_at: dt.datetime | None


def find_customer(phone: str) -> Customer | None:
    normalised = normalize_phone(phone)
    if not normalised:
        return None
    return Customer.select().where(Customer.phone == normalised).order_by(Customer.id.desc()).first()


def customer_history(phone: str, now: dt.datetime | None = None) -> CustomerHistory:
    """Earlier complaints and accepted compensation of the customer with this phone."""
    from models.complaint import Complaint, Proposal, ProposalStatus

    customer = find_customer(phone)
    if customer is None:
        return CustomerHistory(None, "", 0, Decimal("0.00"), None)
    since = (now or dt.datetime.now()) - dt.timedelta(days=365)
    same_phone = Customer.select(Customer.id).where(Customer.phone == customer.phone)
    recent = Complaint.select().where(Complaint.customer.in_(same_phone), Complaint.received_at >= since)
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
    first: (id, number, received_at, category, state, accepted compensation)."""
    from models.catalog import Category
    from models.complaint import Complaint, Proposal, ProposalStatus

    normalised = normalize_phone(phone)
    if not normalised:
        return []
    since = (now or dt.datetime.now()) - dt.timedelta(days=365)
    rows = list(
        Complaint.select(Complaint.id, Complaint.archive_number, Complaint.received_at, Category.name, Complaint.state)
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
        (cid, number or f"#{cid}", received, category or "", state, to_money(totals.get(cid, 0)))
        for cid, number, received, category, state in rows
    ]
