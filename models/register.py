"""The register's rows: what the complaint list shows for a window of ids,
fetched in a couple of queries whatever the window's size."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN

from models.audit import AuditChange, AuditEvent
from models.catalog import Category, Department
from models.complaint import OPEN_STATES, Complaint, Proposal, shown_number
from models.customer import Customer
from models.money import to_money
from models.staff import Staff


@dataclass(frozen=True)
class RegisterRow:
    id: int
    number: str
    received_at: dt.datetime
    customer: str
    phone: str
    category: str
    category_en: str
    department: str
    department_en: str
    state: str
    severity: str
    overdue: bool
    duty_manager: str
    compensation: Decimal | None


def register_rows(ids: list[int], now: dt.datetime | None = None) -> list[RegisterRow]:
    """Rows for ``ids``, in the order given."""
    if not ids:
        return []
    now = now or dt.datetime.now()
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.archive_number,
            Complaint.received_at,
            Customer.name,
            Customer.phone,
            Category.name,
            Category.name_en,
            Department.name,
            Department.name_en,
            Complaint.state,
            Complaint.severity,
            Complaint.promised_at,
            Staff.full_name,
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Department, JOIN.LEFT_OUTER)
        .join_from(Complaint, Staff, on=(Complaint.received_by == Staff.id))
        .where(Complaint.id.in_(ids))
        .tuples()
    )
    totals: dict[int, Decimal] = {}
    for complaint_id, total in (
        Proposal.select(Proposal.complaint, Proposal.total)
        .where(Proposal.complaint.in_(ids))
        .order_by(Proposal.complaint, Proposal.seq)
        .tuples()
    ):
        totals[complaint_id] = to_money(total)  # the latest proposal wins
    rows = {}
    for (cid, number, received, name, phone, cat, cat_en, dep, dep_en, state, severity, promised, manager) in query:
        rows[cid] = RegisterRow(
            id=cid,
            number=shown_number(number, cid),
            received_at=received,
            customer=name or "",
            phone=phone or "",
            category=cat or "",
            category_en=cat_en or "",
            department=dep or "",
            department_en=dep_en or "",
            state=state,
            severity=severity,
            overdue=state in OPEN_STATES and promised is not None and promised < now,
            duty_manager=manager,
            compensation=totals.get(cid),
        )
    return [rows[i] for i in ids if i in rows]


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: str
    action: str
    changes: dict[str, object]


def timeline(complaint_id: int) -> list[TimelineEntry]:
    """The case's audit history, oldest first: who, when, what changed from what to what."""
    query = (
        AuditEvent.select(AuditEvent.at, Staff.full_name, AuditEvent.action, AuditChange.text)
        .join(Staff, JOIN.LEFT_OUTER, on=(AuditEvent.actor == Staff.id))
        .join_from(AuditEvent, AuditChange, JOIN.LEFT_OUTER, on=(AuditEvent.change == AuditChange.id))
        .where(AuditEvent.complaint == complaint_id)
        .order_by(AuditEvent.id)
        .tuples()
    )
    return [TimelineEntry(at, actor or "", action, json.loads(changes or "{}")) for at, actor, action, changes in query]


def staff_names() -> list[tuple[int, str]]:
    """(id, full name) of every account, by name: the register's staff filter."""
    return list(Staff.select(Staff.id, Staff.full_name).order_by(Staff.full_name, Staff.id).tuples())
