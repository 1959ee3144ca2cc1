"""One case as the screens read it (case view, intake pages, office queue):
every field with its names joined in one query, its evidence files, and the
rule of which cases the desk may continue."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from models.catalog import Category, Department, EntryName, ReferralGuide
from models.complaint import (
    CONTINUABLE_STATES,
    Attachment,
    Complaint,
    FollowUp,
    Signature,
    State,
    as_time,
    escalated_since,
    shown_number,
)
from models.control.risk import Reason, RiskAssessment, decode_reasons
from models.control.risk_cases import risk_as_of
from models.customer import Customer
from models.permissions import Action, may
from models.staff import Staff


@dataclass(frozen=True)
class CaseDetail:
    id: int
    number: str  # the archive number once sealed, else the draft number
    archive_number: str | None
    state: str
    received_at: dt.datetime
    received_by: str
    customer_name: str
    customer_phone: str
    has_customer: bool
    channel: str
    location: str
    moved_to_private: bool
    narrative: str
    category: EntryName | None
    category_default_department_id: int | None
    severity: str
    demand: str
    acknowledged: bool
    promised_minutes: int
    promised_at: dt.datetime | None
    findings: str
    department: EntryName | None
    staff_involved: str
    liability: str
    handoff_note: str
    improvement_suggestion: str
    wizard_page: int
    risk_level: str  # as of the last step; '' when not assessed since the upgrade
    risk_reasons: tuple[Reason, ...]
    updated_at: dt.datetime | None  # the last step's time
    escalated_since: dt.datetime | None  # an escalated case's hand-over to the office (it has waited since)
    taken_over_by: str  # the office account that took the case over, "" when none
    referral: EntryName | None  # the referral guide's entry the desk used
    referral_given: str  # what the customer was told
    withdrawn_reason: str = ""  # why the customer withdrew it ("" unless withdrawn)
    closed_at: dt.datetime | None = None  # closed or withdrawn, and sealed
    closed_by: str = ""  # who closed it or recorded the withdrawal
    taken_over_by_id: int | None = None  # the office account that took the case over (its id), None when none

    @property
    def category_id(self) -> int | None:
        return self.category.id if self.category else None

    @property
    def department_id(self) -> int | None:
        return self.department.id if self.department else None

    def risk_now(self, now: dt.datetime | None = None) -> RiskAssessment | None:
        """The escalation risk as of now, as the queues show it (``risk_as_of``); None before it was assessed."""
        return risk_as_of(
            self.risk_level, self.risk_reasons, self.state, self.promised_at, self.escalated_since,
            now or dt.datetime.now(),
        )  # fmt: skip


def case_detail(case_id: int) -> CaseDetail:
    """The case with its customer, category, department and receiver (one query)."""
    department = Department.alias()
    taker, closer = Staff.alias(), Staff.alias()
    row = (  # an unknown id raises Complaint.DoesNotExist, as a lookup by id always did
        Complaint.select(
            Complaint,
            Customer.id.alias("customer_id_"),
            Customer.name.alias("customer_name"),
            Customer.phone.alias("customer_phone"),
            Category.name.alias("category_name"),
            Category.name_en.alias("category_name_en"),
            Category.default_department.alias("category_default_department"),
            department.name.alias("department_name"),
            department.name_en.alias("department_name_en"),
            Staff.full_name.alias("receiver_name"),
            taker.full_name.alias("taker_name"),
            closer.full_name.alias("closer_name"),
            ReferralGuide.name.alias("referral_name"),
            ReferralGuide.name_en.alias("referral_name_en"),
            escalated_since().alias("escalated_since"),
        )
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, department, JOIN.LEFT_OUTER, on=(Complaint.department == department.id))
        .join_from(Complaint, Staff, on=(Complaint.received_by == Staff.id))
        .join_from(Complaint, taker, JOIN.LEFT_OUTER, on=(Complaint.taken_over_by == taker.id))
        .join_from(Complaint, closer, JOIN.LEFT_OUTER, on=(Complaint.closed_by == closer.id))
        .join_from(Complaint, ReferralGuide, JOIN.LEFT_OUTER, on=(Complaint.referral == ReferralGuide.id))
        .where(Complaint.id == case_id)
        .objects()
        .get()
    )
    category_id, department_id = row.category_id, row.department_id
    return CaseDetail(
        id=row.id,
        number=shown_number(row.archive_number, row.id),
        archive_number=row.archive_number,
        state=row.state,
        received_at=row.received_at,
        received_by=row.receiver_name,
        customer_name=row.customer_name or "",
        customer_phone=row.customer_phone or "",
        has_customer=row.customer_id_ is not None,
        channel=row.channel,
        location=row.location,
        moved_to_private=row.moved_to_private,
        narrative=row.narrative,
        category=EntryName(category_id, row.category_name, row.category_name_en) if category_id else None,
        category_default_department_id=row.category_default_department if category_id else None,
        severity=row.severity,
        demand=row.demand,
        acknowledged=row.acknowledged,
        promised_minutes=row.promised_minutes,
        promised_at=row.promised_at,
        findings=row.findings,
        department=EntryName(department_id, row.department_name, row.department_name_en) if department_id else None,
        staff_involved=row.staff_involved,
        liability=row.liability,
        handoff_note=row.handoff_note,
        improvement_suggestion=row.improvement_suggestion,
        wizard_page=row.wizard_page,
        risk_level=row.risk_level,
        risk_reasons=decode_reasons(row.risk_reasons),
        updated_at=row.updated_at,
        escalated_since=as_time(row.escalated_since) if row.state == State.ESCALATED else None,
        taken_over_by=row.taker_name or "",
        taken_over_by_id=row.taken_over_by_id,
        referral=EntryName(row.referral_id, row.referral_name, row.referral_name_en) if row.referral_id else None,
        referral_given=row.referral_given,
        withdrawn_reason=row.withdrawn_reason or "",
        closed_at=row.closed_at,
        closed_by=row.closer_name or "",
    )


def may_continue(actor: Staff | None, case: CaseDetail) -> bool:
    """Whether the desk may take this case up again in the intake: open, not
    waiting for the office's decision, and not taken over by the office (but
    by the office itself)."""
    if case.taken_over_by and not may(actor, Action.DECIDE):
        return False
    return case.state in CONTINUABLE_STATES and may(actor, Action.RECEIVE)


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    filename: str
    size: int


def evidence_files(case_id: int) -> list[EvidenceFile]:
    """The case's evidence files without their contents, in the order attached."""
    query = (
        Attachment.select(Attachment.id, Attachment.filename, Attachment.size)
        .where(Attachment.complaint == case_id)
        .order_by(Attachment.id)
        .tuples()
    )
    return [EvidenceFile(*row) for row in query]


def evidence_bytes(file_id: int) -> tuple[str, bytes]:
    """(file name, contents) of one evidence file, read only when it is opened."""
    query = Attachment.select(Attachment.filename, Attachment.data).where(Attachment.id == file_id)
    filename, data = query.tuples().get()
    return filename, bytes(data)


def may_print_form(actor: Staff | None, case: CaseDetail) -> bool:
    """Archived forms are the office's to print; a draft anyone at the desk may
    print (``models.archive.printable_record`` enforces the same rule)."""
    return not case.archive_number or may(actor, Action.PRINT_ARCHIVE)


def case_number(case_id: int) -> str:
    """The archive number once sealed, else the draft number (one small query)."""
    (archive_number,) = Complaint.select(Complaint.archive_number).where(Complaint.id == case_id).tuples().get()
    return shown_number(archive_number, case_id)


@dataclass(frozen=True)
class FollowUpView:
    """What is still owed to the customer after closing (a call-back, a promised item), or was."""

    kind: str
    due_at: dt.datetime | None
    description: str
    done_at: dt.datetime | None


def case_follow_ups(case_id: int) -> list[FollowUpView]:
    """The case's follow-ups, those due first."""
    query = (
        FollowUp.select(FollowUp.kind, FollowUp.due_at, FollowUp.description, FollowUp.done_at)
        .where(FollowUp.complaint == case_id)
        .order_by(FollowUp.due_at.is_null(), FollowUp.due_at, FollowUp.id)
    )
    return [FollowUpView(*row) for row in query.tuples()]


def case_signature(case_id: int) -> tuple[bytes, str] | None:
    """The customer's signature (PNG bytes) and the witness of a verbal consent instead ('' when signed);
    None when the customer neither signed nor consented before a witness."""
    row = (
        Complaint.select(Signature.png, Complaint.witness)
        .join(Signature, JOIN.LEFT_OUTER, on=(Complaint.signature == Signature.id))
        .where(Complaint.id == case_id)
        .tuples()
        .first()
    )
    if row is None or (row[0] is None and not row[1]):
        return None
    return (bytes(row[0]) if row[0] is not None else b""), row[1]
