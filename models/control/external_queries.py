"""The office's reads of external cases (``models.control.external``): the list, the reminders before the
due days, one case with its files and history, complaints to link, and the printable record."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from peewee import JOIN

from models.audit import AuditChange, AuditEvent
from models.complaint import Complaint, shown_number
from models.control import external_archive
from models.control.external import (
    AWAITING_REPLY,
    OPEN_EXTERNAL,
    ExternalAttachment,
    ExternalCase,
    ExternalChannel,
    ExternalState,
    external_number,
    next_due,
)
from models.control.workdays import counted_without_holidays, working_days_between
from models.customer import Customer
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.permissions import Action, require
from models.staff import Staff

LIST_LIMIT = 500


@dataclass(frozen=True)
class ExternalRow:
    """One external case as the office's list and the reminders show it."""

    id: int
    number: str
    channel: str  # code
    channel_name: str
    channel_name_en: str
    reference: str
    customer: str
    phone: str
    received_on: dt.date
    acceptance_due: dt.date | None
    due_on: dt.date
    due_given: bool  # the outside body set the reply's day
    fallback_calendar: bool
    state: str
    complaint_id: int
    complaint_number: str
    watch_on: dt.date | None  # the day to watch now (next_due), None once replied
    working_days_left: int | None  # to watch_on; negative when overdue
    remind_days: int
    closed_at: dt.datetime | None = None

    def counted_monday_to_friday(self, day: dt.date | None) -> bool:
        """Whether ``day``, one of the case's dates, was counted Monday to Friday: the case keeps one flag for both
        its dates, the calendar says which (the mark sat on an acceptance day of a known year, not on the
        reply's)."""
        return bool(self.fallback_calendar and day is not None and counted_without_holidays(self.received_on, day))

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.working_days_left is not None and 0 <= self.working_days_left <= self.remind_days


class ListFilter(StrEnum):
    OPEN = "open"
    AWAITING_REPLY = "awaiting_reply"
    OVERDUE = "overdue"
    CLOSED = "closed"
    ALL = "all"


def working_days_left(today: dt.date, day: dt.date | None) -> int | None:
    """Working days from ``today`` to ``day``: 0 on the day itself; -1 the first working day after it."""
    if day is None:
        return None
    if day >= today:
        return working_days_between(today, day)
    return -max(1, working_days_between(day, today))


def external_cases(
    which: str = ListFilter.OPEN,
    channel_id: int | None = None,
    text: str = "",
    today: dt.date | None = None,
    limit: int = LIST_LIMIT,
) -> list[ExternalRow]:
    """The office's list: open cases by the day to watch (overdue first), closed ones newest first;
    ``text`` finds a reference, a customer's name or phone, or a number (as the list shows it: ``_found``)."""
    today = today or dt.date.today()
    query = _rows_query()
    if which in (ListFilter.AWAITING_REPLY, ListFilter.OVERDUE):
        query = query.where(ExternalCase.state.in_(list(AWAITING_REPLY)))
    elif which == ListFilter.OPEN:
        query = query.where(ExternalCase.state.in_(list(OPEN_EXTERNAL)))
    elif which == ListFilter.CLOSED:
        query = query.where(ExternalCase.state == ExternalState.CLOSED)
    if channel_id is not None:
        query = query.where(ExternalCase.channel == channel_id)
    needle = text.strip()
    if needle:
        query = query.where(_found(needle))
    if which == ListFilter.CLOSED:
        query = query.order_by(ExternalCase.closed_at.desc(), ExternalCase.id.desc()).limit(limit)
    rows = [_row(values, today) for values in query.tuples()]
    if which == ListFilter.OVERDUE:
        rows = [row for row in rows if row.overdue]
    if which != ListFilter.CLOSED:
        rows = _in_list_order(rows)
    return rows[:limit]


# A number as the list and the case's page show it: the case's "W#22", the original complaint's "#2930", or bare.
_SHOWN_NUMBER = re.compile(r"(?i)(w\s*)?#\s*(\d{1,9})|(\d{1,9})")


def _found(needle: str) -> Any:
    """The cases ``needle`` finds: part of a reference, a customer's name or phone, an archive number (the case's
    or its complaint's), or the number a case goes by until it is sealed: "W#22" the external case 22, "#2930" or
    a bare 2930 the external case or the original complaint of that number (it found none of them)."""
    found = (
        ExternalCase.reference.contains(needle)
        | Customer.name.contains(needle)
        | Customer.phone.contains(needle)
        | ExternalCase.archive_number.contains(needle.upper())
        | Complaint.archive_number.contains(needle.upper())
    )
    shown = _SHOWN_NUMBER.fullmatch(needle)
    if shown is None:
        return found
    external, marked, bare = shown.groups()
    number = int(marked or bare)
    if external:
        return found | (ExternalCase.id == number)
    return found | (ExternalCase.id == number) | (Complaint.id == number)


def _list_order(row: ExternalRow) -> tuple[int, dt.date, int]:
    waiting = row.watch_on is None
    return (1 if waiting else 0, row.watch_on or row.due_on, row.id)


def _in_list_order(rows: list[ExternalRow]) -> list[ExternalRow]:
    """Open cases first, by the day to watch; closed ones after them newest first, as the closed ones' own list
    has them (with every case listed they came by their due day, the oldest first)."""
    closed = [row for row in rows if row.state == ExternalState.CLOSED]
    closed.sort(key=lambda row: (row.closed_at or dt.datetime.min, row.id), reverse=True)
    return sorted((row for row in rows if row.state != ExternalState.CLOSED), key=_list_order) + closed


def reminders(today: dt.date | None = None) -> list[ExternalRow]:
    """Cases awaiting the office's reply whose day to watch is within the channel's reminder (in working
    days) or past: the overview and the handover sheet show them, overdue ones first."""
    today = today or dt.date.today()
    awaiting = _rows_query().where(ExternalCase.state.in_(list(AWAITING_REPLY)))
    rows = [_row(values, today) for values in awaiting.tuples()]
    return sorted((row for row in rows if row.overdue or row.due_soon), key=_list_order)


def _rows_query() -> Any:
    return (
        ExternalCase.select(
            ExternalCase.id,
            ExternalCase.archive_number,
            ExternalChannel.code,
            ExternalChannel.name,
            ExternalChannel.name_en,
            ExternalCase.reference,
            Customer.name,
            Customer.phone,
            ExternalCase.received_on,
            ExternalCase.acceptance_due,
            ExternalCase.due_on,
            ExternalCase.reply_by,
            ExternalCase.fallback_calendar,
            ExternalCase.state,
            ExternalCase.complaint,
            Complaint.archive_number,
            ExternalChannel.remind_days,
            ExternalCase.closed_at,
        )
        .join_from(ExternalCase, ExternalChannel, on=(ExternalCase.channel == ExternalChannel.id))
        .join_from(ExternalCase, Complaint, on=(ExternalCase.complaint == Complaint.id))
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER, on=(Complaint.customer == Customer.id))
    )


def _row(values: tuple[Any, ...], today: dt.date) -> ExternalRow:
    (case_id, number, code, name, name_en, reference, customer, phone, received_on, acceptance_due, due_on,
     reply_by, fallback, state, complaint_id, complaint_number, remind_days, closed_at) = values  # fmt: skip
    watch = next_due(state, acceptance_due, due_on)
    return ExternalRow(
        id=case_id,
        number=external_number(number, case_id),
        channel=code,
        channel_name=name,
        channel_name_en=name_en,
        reference=reference,
        customer=customer or "",
        phone=phone or "",
        received_on=received_on,
        acceptance_due=acceptance_due,
        due_on=due_on,
        due_given=reply_by is not None,
        fallback_calendar=bool(fallback),
        state=state,
        complaint_id=complaint_id,
        complaint_number=shown_number(complaint_number, complaint_id),
        watch_on=watch,
        working_days_left=working_days_left(today, watch),
        remind_days=int(remind_days),
        closed_at=closed_at,
    )


@dataclass(frozen=True)
class ExternalFile:
    id: int
    filename: str
    size: int
    added_at: dt.datetime


@dataclass(frozen=True)
class ExternalHistoryEvent:
    at: dt.datetime
    action: str
    by: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class ExternalDetail:
    """Everything the case's page shows."""

    row: ExternalRow
    channel_id: int
    asked: str
    reply_by: dt.date | None
    acceptance_days: int
    handling_days: int
    recorded_at: dt.datetime
    recorded_by: str
    replying_at: dt.datetime | None
    replying_by: str
    reply: str
    replied_at: dt.datetime | None
    replied_by: str
    outcome: str
    closing_note: str
    closed_at: dt.datetime | None
    closed_by: str
    archive_number: str | None
    files: list[ExternalFile] = field(default_factory=list)
    history: list[ExternalHistoryEvent] = field(default_factory=list)


def external_detail(case_id: int, today: dt.date | None = None) -> ExternalDetail:
    today = today or dt.date.today()
    values = _rows_query().where(ExternalCase.id == case_id).tuples().first()
    if values is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This external case no longer exists."))
    case = ExternalCase.get_by_id(case_id)
    names = dict(Staff.select(Staff.id, Staff.full_name).tuples())
    files = [
        ExternalFile(a.id, a.filename, a.size, a.added_at)
        for a in ExternalAttachment.select(
            ExternalAttachment.id, ExternalAttachment.filename, ExternalAttachment.size, ExternalAttachment.added_at
        )
        .where(ExternalAttachment.external_case == case_id)
        .order_by(ExternalAttachment.id)
    ]
    return ExternalDetail(
        row=_row(values, today),
        channel_id=case.channel_id,
        asked=case.asked,
        reply_by=case.reply_by,
        acceptance_days=case.acceptance_days,
        handling_days=case.handling_days,
        recorded_at=case.recorded_at,
        recorded_by=names.get(case.recorded_by_id, ""),
        replying_at=case.replying_at,
        replying_by=names.get(case.replying_by_id, ""),
        reply=case.reply,
        replied_at=case.replied_at,
        replied_by=names.get(case.replied_by_id, ""),
        outcome=case.outcome,
        closing_note=case.closing_note,
        closed_at=case.closed_at,
        closed_by=names.get(case.closed_by_id, ""),
        archive_number=case.archive_number,
        files=files,
        history=external_history(case_id, case.complaint_id, names),
    )


def external_history(
    case_id: int, complaint_id: int, names: dict[int, str] | None = None
) -> list[ExternalHistoryEvent]:
    """The audit events of this external case (they are filed under its complaint)."""
    names = names if names is not None else dict(Staff.select(Staff.id, Staff.full_name).tuples())
    events = (
        AuditEvent.select(AuditEvent.at, AuditEvent.action, AuditEvent.actor, AuditChange.text)
        .join(AuditChange, on=AuditEvent.change == AuditChange.id)
        .where(AuditEvent.complaint == complaint_id, AuditEvent.action.startswith("external_"))
        .order_by(AuditEvent.id)
        .tuples()
    )
    found = []
    for at, action, actor, changes in events:
        try:
            values = json.loads(changes)
        except ValueError:
            continue
        if isinstance(values, dict) and values.get("external_case") == case_id:
            found.append(ExternalHistoryEvent(at, action, names.get(actor, ""), values))
    return found


def external_file(actor: Staff, file_id: int) -> tuple[str, bytes]:
    """An attachment's name and bytes, for the office to open or save."""
    require(actor, Action.HANDLE_EXTERNAL)
    attachment: ExternalAttachment | None = ExternalAttachment.get_or_none(ExternalAttachment.id == file_id)
    if attachment is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This file no longer exists."))
    return attachment.filename, bytes(attachment.data)


@dataclass(frozen=True)
class ComplaintChoice:
    """A complaint the office may link an external case to."""

    id: int
    number: str
    received_at: dt.datetime
    customer: str
    phone: str
    narrative: str


def complaints_to_link(text: str, limit: int = 50) -> list[ComplaintChoice]:
    """Complaints by (part of) their archive number, ``#id``, or the customer's phone or name, newest first."""
    needle = text.strip()
    if not needle:
        return []
    query = Complaint.select(
        Complaint.id,
        Complaint.archive_number,
        Complaint.received_at,
        Customer.name,
        Customer.phone,
        Complaint.narrative,
    ).join(Customer, JOIN.LEFT_OUTER, on=(Complaint.customer == Customer.id))
    if needle.startswith("#") and needle[1:].isdigit():
        query = query.where(Complaint.id == int(needle[1:]))
    elif needle.isdigit():
        phone = Customer.select(Customer.id).where(Customer.phone.contains(needle))
        query = query.where(Complaint.archive_number.contains(needle) | Complaint.customer.in_(phone))
    else:
        named = Customer.select(Customer.id).where(Customer.name.contains(needle))
        query = query.where(Complaint.archive_number.contains(needle.upper()) | Complaint.customer.in_(named))
    rows = query.order_by(Complaint.received_at.desc()).limit(limit).tuples()
    return [
        ComplaintChoice(i, shown_number(number, i), received, name or "", phone or "", narrative[:80])
        for i, number, received, name, phone, narrative in rows
    ]


def printable_external(actor: Staff | None, case_id: int) -> dict[str, object]:
    """What the external case's form prints (``ui/paper/external_form.py``): the sealed record once closed,
    else the current one marked as a draft; with the seal, the original complaint's number and history."""
    require(actor, Action.PRINT_ARCHIVE)
    case: ExternalCase | None = ExternalCase.get_or_none(ExternalCase.id == case_id)
    if case is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This external case no longer exists."))
    printable = external_archive.printable(case_id)
    complaint = Complaint.get_by_id(case.complaint_id)
    printable["complaint_number"] = shown_number(complaint.archive_number, complaint.id)
    printable["history"] = [
        {"at": event.at.isoformat(timespec="seconds"), "action": event.action, "by": event.by}
        for event in external_history(case_id, case.complaint_id)
    ]
    return printable
