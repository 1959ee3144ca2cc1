"""The register's rows: what the complaint list shows for a window of ids,
fetched in a couple of queries whatever the window's size."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, SQL, Expression, Field

from models.audit import AuditChange, AuditEvent
from models.base import is_postgresql
from models.catalog import Category, Department
from models.complaint import AWAITING_ANSWER, Complaint, Proposal, ProposalStatus, shown_number
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
    words: str = ""  # the complaint's words around the search's match, or their beginning
    match: tuple[int, int] | None = None  # where the match is in ``words`` (start, length)


def _among(column: Field, ids: list[int]) -> Expression:
    """``column`` is one of ``ids``, as one parameter (a JSON array): an export asks for a thousand at
    a time, and peewee builds a node for each value of an IN list. On a server, an array."""
    if is_postgresql():
        return column.in_(SQL("(SELECT unnest(CAST(? AS integer[])))", [ids]))
    return column.in_(SQL("(SELECT value FROM json_each(?))", [json.dumps(ids)]))


EXCERPT = 60  # characters of the complaint's words a row shows
LEAD = 3  # characters shown before a match


def excerpt(texts: list[str], phrase: str, width: int = EXCERPT) -> tuple[str, tuple[int, int] | None]:
    """The words a row shows: around the first match of ``phrase`` in ``texts`` (the complaint, the
    findings, the demand, as the search reads them), or of its first word found, with where the match is; else the
    complaint's beginning. One line: whitespace runs become one space."""
    texts = [" ".join(text.split()) for text in texts]
    phrase = " ".join(phrase.split())
    # The words searched for together, else the first of them found (a search of several words finds each).
    for wanted in dict.fromkeys([phrase.casefold(), *phrase.casefold().split()]) if phrase else ():
        for text in texts:
            at = text.casefold().find(wanted)
            if at >= 0:
                start = max(0, at - LEAD)  # the match near the start: a narrow column still shows it
                shown = text[start : start + width]
                prefix = "…" if start else ""
                suffix = "…" if start + width < len(text) else ""
                return prefix + shown + suffix, (len(prefix) + at - start, min(len(wanted), width))
    first = texts[0] if texts else ""
    return (first[:width] + "…" if len(first) > width else first), None


def register_rows(
    ids: list[int], now: dt.datetime | None = None, phrase: str = "", words: bool = True
) -> list[RegisterRow]:
    """Rows for ``ids``, in the order given; ``phrase``: the search's text, shown in each row's words
    (``words`` False: none, for an export, which has the columns only)."""
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
            *((Complaint.narrative, Complaint.findings, Complaint.demand) if words else ()),
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Department, JOIN.LEFT_OUTER)
        .join_from(Complaint, Staff, on=(Complaint.received_by == Staff.id))
        .where(_among(Complaint.id, ids))
        .tuples()
    )
    # The compensation the customer accepted, as the analysis and the summary count it (the last offer counted
    # withdrawn cases' and undecided escalations' too: the export's column did not add up to the summary's).
    totals: dict[int, Decimal] = {
        complaint_id: to_money(total)
        for complaint_id, total in Proposal.select(Proposal.complaint, Proposal.total)
        .where(_among(Proposal.complaint, ids), Proposal.status == ProposalStatus.ACCEPTED)
        .tuples()
    }
    rows = {}
    for row in query:
        cid, number, received, name, phone, cat, cat_en, dep, dep_en, state, severity, promised, manager = row[:13]
        texts = row[13:]
        shown, match = excerpt(list(texts), phrase) if texts else ("", None)
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
            overdue=state in AWAITING_ANSWER and promised is not None and promised < now,
            duty_manager=manager,
            compensation=totals.get(cid),
            words=shown,
            match=match,
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
