"""交接班: what the outgoing duty manager hands over — open cases with their
state and deadlines, promises due to customers, cases waiting for the office,
the archive's chain head — and the incoming duty manager's acknowledgement of it."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from peewee import JOIN

from models.anchor import current_anchor
from models.base import db
from models.catalog import Category
from models.complaint import OPEN_STATES, Complaint, State, as_time, escalated_since, shown_number
from models.control.external_queries import reminders
from models.control.improvement_queries import overdue_actions
from models.control.risk import decode_reasons, reasons_as_json
from models.control.risk_cases import risk_as_of
from models.customer import Customer, mask_phone
from models.errors import QT_TRANSLATE_NOOP, DomainError, NotLoggedInError
from models.follow_ups import due_follow_ups
from models.staff import Handover, Staff


@dataclass(frozen=True)
class SheetCase:
    number: str
    received_at: str
    customer: str
    state: str
    promised_at: str
    overdue: bool
    # The escalation risk now: the last step's reasons with the clock's (sheets stored before have none).
    risk_level: str = ""
    risk_reasons: list[dict[str, str | int]] = field(default_factory=list)
    # The category's names, for a reason that names it ("a serious matter: 食品安全").
    category_name: str = ""
    category_name_en: str = ""
    # The office account that took it over: the case is the office's (the sheet listed it as the desk's).
    taken_over_by: str = ""


@dataclass(frozen=True)
class SheetPromise:
    number: str
    kind: str
    due_at: str
    description: str
    overdue: bool


@dataclass(frozen=True)
class SheetExternal:
    """An external case whose reply is due soon or overdue (``models.control.external_queries.reminders``)."""

    number: str
    channel: str
    reference: str
    customer: str
    due_on: str
    working_days_left: int
    overdue: bool
    channel_en: str = ""  # the channel's English name, for an English sheet (sheets stored before have none)


@dataclass(frozen=True)
class SheetAction:
    """An improvement action past its due date (``models.control.improvement_queries.overdue_actions``)."""

    number: str
    problem: str
    responsible: str
    department: str
    due_on: str
    department_en: str = ""  # for an English sheet (sheets stored before have none)


@dataclass(frozen=True)
class HandoverSheet:
    made_at: str
    made_by: str
    open_cases: list[SheetCase]
    promises: list[SheetPromise]
    waiting_for_office: list[SheetCase]
    # The archive's chain head, written down on paper outside the database (see models/anchor.py).
    archive_seals: int = 0
    archive_head: str = ""
    # External cases due within their reminder or overdue (sheets stored before have none).
    external_due: list[SheetExternal] = field(default_factory=list)
    # Improvement actions past their due date (sheets stored before have none).
    actions_overdue: list[SheetAction] = field(default_factory=list)
    # How many there are in all, when the lists hold the first SHEET_LISTED of them (0: as many as listed; sheets
    # stored before counted the lists: at a million complaints "500 open cases" of 2,488).
    desk_total: int = 0
    office_total: int = 0
    promises_total: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


SHEET_LISTED = 500  # cases (and promises) a handover sheet lists of each kind; more are counted, not listed


def _stamp(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def handover_sheet(outgoing: Staff, now: dt.datetime | None = None) -> HandoverSheet:
    now = now or dt.datetime.now()

    def case_row(case: Complaint) -> SheetCase:
        who = case.customer
        customer = " ".join(filter(None, [who.name, mask_phone(who.phone)])) if who else ""
        reasons = decode_reasons(case.risk_reasons)
        escalated = as_time(case.escalated_since) if case.state == State.ESCALATED else None
        risk = risk_as_of(case.risk_level, reasons, case.state, case.promised_at, escalated, now)
        return SheetCase(
            shown_number(case.archive_number, case.id),
            _stamp(case.received_at),
            customer,
            case.state,
            _stamp(case.promised_at),
            case.is_overdue(now),
            risk.level.value if risk else "",
            reasons_as_json(risk.reasons) if risk else [],
            case.category.name if case.category else "",
            case.category.name_en if case.category else "",
            takers.get(case.taken_over_by_id, "") if case.taken_over_by_id else "",
        )

    # The office's: escalated to it, or taken over by it (those were listed as the desk's, unsaid). Each list the
    # oldest SHEET_LISTED of its own: one list of the 500 oldest left 408 of 480 cases waiting for the office off.
    office_case = (Complaint.state == State.ESCALATED) | Complaint.taken_over_by.is_null(False)
    open_case = Complaint.state.in_(list(OPEN_STATES))

    def oldest(where: Any) -> list[Complaint]:
        return list(
            Complaint.select(Complaint, Customer, Category, escalated_since().alias("escalated_since"))
            .join(Customer, JOIN.LEFT_OUTER, on=(Complaint.customer == Customer.id))
            .switch(Complaint)
            .join(Category, JOIN.LEFT_OUTER, on=(Complaint.category == Category.id))
            .where(open_case & where)
            .order_by(Complaint.received_at)
            .limit(SHEET_LISTED)
        )

    desk_rows, office_rows = oldest(~office_case), oldest(office_case)
    rows = desk_rows + office_rows
    takers = dict(Staff.select(Staff.id, Staff.full_name).tuples()) if any(c.taken_over_by_id for c in rows) else {}
    desk = [case_row(c) for c in desk_rows]
    office = [case_row(c) for c in office_rows]
    due = due_follow_ups(now, limit=SHEET_LISTED)
    promises = [SheetPromise(f.number, f.kind, _stamp(f.due_at), f.description, f.overdue) for f in due]
    desk_total = Complaint.select().where(open_case & ~office_case).count() if len(desk) == SHEET_LISTED else 0
    office_total = Complaint.select().where(open_case & office_case).count() if len(office) == SHEET_LISTED else 0
    promises_total = due.total if len(promises) == SHEET_LISTED else 0
    external = [
        SheetExternal(
            row.number,
            row.channel_name,
            row.reference,
            " ".join(filter(None, [row.customer, mask_phone(row.phone)])),
            (row.watch_on or row.due_on).isoformat(),
            row.working_days_left or 0,
            row.overdue,
            row.channel_name_en,
        )
        for row in reminders(now.date())
    ]
    actions = [
        SheetAction(row.number, row.problem, row.responsible, row.department, row.due_on.isoformat(), row.department_en)
        for row in overdue_actions(now.date())
    ]
    with db.atomic(lock_type="DEFERRED"):
        head = current_anchor()
    return HandoverSheet(
        _stamp(now), outgoing.full_name, desk, promises, office, head.seals, head.short_head, external, actions,
        desk_total, office_total, promises_total,
    )  # fmt: skip


def check_hand_over(outgoing: Staff | None, incoming: Staff | None, acknowledged: bool) -> None:
    """``hand_over``'s refusals that need no write, asked by the login before anything else: the password an
    incoming duty manager had to choose came first, and the tick box's refusal only after it was changed."""
    if incoming is None:
        raise NotLoggedInError(QT_TRANSLATE_NOOP("DomainError", "Nobody is logged in; log in first."))
    if outgoing is not None and outgoing.id == incoming.id:  # a handover to oneself, recorded as one
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{name} is the one handing the desk over: the incoming duty manager logs in here (to go on "
                "yourself, Cancel).",
            ),
            name=incoming.full_name,
        )
    if not acknowledged:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The incoming duty manager acknowledges the handover sheet first.")
        )


def hand_over(
    outgoing: Staff | None, incoming: Staff | None, note: str, sheet: HandoverSheet, acknowledged: bool
) -> Handover:
    """The incoming duty manager takes the desk, having acknowledged the sheet.
    The outgoing account may have been disabled meanwhile (the desk must still
    change hands); the incoming one must be active now."""
    check_hand_over(outgoing, incoming, acknowledged)
    assert incoming is not None
    with db.atomic():
        current = Staff.get_or_none(Staff.id == incoming.id)
        if current is None or not current.active:
            # Not AccountDisabledError: the desk's own session is not the one refused.
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "The account {username} is disabled; ask an administrator."),
                username=incoming.username,
            )
        handover: Handover = Handover.create(
            from_staff=outgoing,
            to_staff=current,
            note=note.strip(),
            sheet=sheet.to_json(),
            acknowledged_at=dt.datetime.now(),
        )
        return handover


@dataclass(frozen=True)
class HandoverNote:
    """The note the outgoing duty manager left to the one who took the desk."""

    by: str
    at: dt.datetime
    note: str


HANDOVER_NOTE_HOURS = 16  # a shift and then some: the note of the handover that began this one


def handover_note_for(staff_id: int, now: dt.datetime | None = None) -> HandoverNote | None:
    """The latest handover to ``staff_id`` within HANDOVER_NOTE_HOURS, when it carried a note (after the switch
    nothing showed it: the incoming manager read it only while logging in)."""
    now = now or dt.datetime.now()
    row = (
        Handover.select(Handover.at, Handover.note, Staff.full_name)
        .join(Staff, JOIN.LEFT_OUTER, on=(Handover.from_staff == Staff.id))
        .where(Handover.to_staff == staff_id, Handover.at >= now - dt.timedelta(hours=HANDOVER_NOTE_HOURS))
        .order_by(Handover.at.desc(), Handover.id.desc())
        .tuples()
        .first()
    )
    if row is None or not str(row[1]).strip():
        return None
    at, note, by = row
    return HandoverNote(by or "", as_time(at) or now, str(note))
