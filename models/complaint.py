"""The complaint record and its children: proposals with compensation lines,
attachments and follow-ups (external cases: ``models.control.external``; improvement
actions: ``models.control.improvement``).

Only ``models.intake`` changes these rows; everything else reads them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Any

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from models.base import BaseModel
from models.catalog import Category, Department, ReferralGuide, Remedy
from models.customer import Customer
from models.money import MoneyField
from models.staff import Staff


class State(StrEnum):
    """DESIGN.md's case states."""

    RECEIVED = "received"
    INVESTIGATING = "investigating"
    PROPOSED = "proposed"
    AGREED = "agreed"
    DECLINED = "declined"
    ESCALATED = "escalated"
    DECIDED = "decided"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


OPEN_STATES = (
    State.RECEIVED,
    State.INVESTIGATING,
    State.PROPOSED,
    State.AGREED,
    State.DECLINED,
    State.ESCALATED,
    State.DECIDED,
)
FINAL_STATES = (State.CLOSED, State.WITHDRAWN)
# The states in which the customer waits for the desk or the office: the time promised counts in these. A case
# proposed waits for the customer's answer, an agreed one only for its closing: neither is late any more.
AWAITING_ANSWER = (State.RECEIVED, State.INVESTIGATING, State.DECLINED, State.ESCALATED, State.DECIDED)
# The desk continues these in the intake; escalated cases wait for the office's decision.
CONTINUABLE_STATES = tuple(s for s in OPEN_STATES if s != State.ESCALATED)


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    ONLINE = "online"
    LETTER = "letter"
    REFERRED = "referred"


class Liability(StrEnum):
    NONE = "none"
    MISUNDERSTANDING = "misunderstanding"
    PARTIAL = "partial"
    FULL = "full"


class ConsentAnswer(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTERED = "countered"


class ProposalStatus(StrEnum):
    """Where a proposal stands. SUPERSEDED: replaced before the customer
    answered it, by the desk's next offer or by the office's changed remedy."""

    DRAFT = "draft"
    OFFERED = "offered"
    ESCALATED = "escalated"
    DECIDED = "decided"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTERED = "countered"
    SUPERSEDED = "superseded"


class OfficeDecision(StrEnum):
    APPROVED = "approved"
    CHANGED = "changed"
    TAKEN_OVER = "taken_over"


class ProposalStage(StrEnum):
    """How a proposal came about and stands, apart from the customer's answer
    (which the status also holds once given): what the record and the form show."""

    DRAFT = "draft"
    OFFERED = "offered"
    ESCALATED = "escalated"
    DECIDED = "decided"
    SUPERSEDED = "superseded"
    SUPERSEDED_BY_OFFICE = "superseded_by_office"


def shown_number(archive_number: str | None, case_id: int) -> str:
    """The number a case goes by: its archive number once sealed, else the draft number."""
    return archive_number or f"#{case_id}"


def proposal_stage(status: str, decision: str, needs_office: bool) -> ProposalStage:
    """The stage of a proposal from its stored status, office decision and escalation flag."""
    if status == ProposalStatus.SUPERSEDED:
        return ProposalStage.SUPERSEDED_BY_OFFICE if decision == OfficeDecision.CHANGED else ProposalStage.SUPERSEDED
    if decision:
        return ProposalStage.DECIDED
    if needs_office:
        return ProposalStage.ESCALATED
    if status == ProposalStatus.DRAFT:
        return ProposalStage.DRAFT
    return ProposalStage.OFFERED


# Foreign keys with index=False: nothing looks rows up by them, and their rows (staff, catalogue entries,
# signatures) are never deleted, so no index is needed to check a deletion either (migrations 0013, 0014).


class FollowUpKind(StrEnum):
    CALL_BACK = "call_back"
    PROMISED_ITEM = "promised_item"
    OTHER = "other"


class Signature(BaseModel):
    """A customer's signature (PNG), kept once however many rows hold it: the
    complaint points at it, and a seal's stored payload names it by its SHA-256
    (``models.seal_store``). Never changed or removed (migration 0013)."""

    sha256 = CharField(max_length=64, unique=True)
    png = BlobField()


def keep_signature(png: bytes) -> Signature:
    """The signature row of this image, added when it is new."""
    digest = hashlib.sha256(png).hexdigest()
    Signature.insert(sha256=digest, png=png).on_conflict_ignore().execute()
    row: Signature = Signature.get(Signature.sha256 == digest)
    return row


class Complaint(BaseModel):
    # Not indexed alone: the (state, received_at) index serves a filter on the state (migration 0013).
    state = CharField(max_length=16, default=State.RECEIVED)
    customer = ForeignKeyField(Customer, null=True, backref="complaints", on_delete="RESTRICT")
    received_at = DateTimeField(default=dt.datetime.now, index=True)
    received_by = ForeignKeyField(Staff, backref="complaints_received", on_delete="RESTRICT")
    channel = CharField(max_length=16, default=Channel.IN_PERSON)
    location = CharField(max_length=64, default="")
    moved_to_private = BooleanField(default=False)
    narrative = TextField(default="")
    category = ForeignKeyField(Category, null=True, on_delete="RESTRICT", index=False)  # see Meta.indexes
    severity = CharField(max_length=16, default="low")
    demand = TextField(default="")
    acknowledged = BooleanField(default=False)
    promised_minutes = IntegerField(default=0)
    promised_at = DateTimeField(null=True)
    findings = TextField(default="")
    department = ForeignKeyField(Department, null=True, on_delete="RESTRICT")
    staff_involved = CharField(max_length=128, default="")
    liability = CharField(max_length=16, default="")
    handoff_note = TextField(default="")
    consent = CharField(max_length=16, default="")
    counter_demand = TextField(default="")
    satisfaction = IntegerField(null=True)
    # The large image lives apart, so that reading complaints never reads it (migration 0013).
    signature = ForeignKeyField(Signature, null=True, on_delete="RESTRICT", index=False)
    witness = CharField(max_length=64, default="")
    consent_at = DateTimeField(null=True)
    improvement_suggestion = TextField(default="")
    withdrawn_reason = TextField(default="")
    closed_at = DateTimeField(null=True, index=True)
    closed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    archive_number = CharField(max_length=20, null=True, unique=True)
    wizard_page = IntegerField(default=0)
    updated_at = DateTimeField(default=dt.datetime.now)
    # The escalation risk as of the last step (models/control/risk.py; '' before it was first assessed),
    # the office account that took the case over, the referral to an outside body given (migration 0015).
    risk_level = CharField(max_length=8, default="")
    risk_reasons = TextField(default="[]")
    risk_score = IntegerField(default=0)  # the points of those reasons that do not change with the clock
    taken_over_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT", index=False)
    referral = ForeignKeyField(ReferralGuide, null=True, backref="+", on_delete="RESTRICT", index=False)
    referral_given = TextField(default="")

    class Meta:
        # The register's usual filters, newest first within each (migration 0007); a period's customers, from
        # the index alone (the analysis' repeat customers, 0021).
        indexes = (
            (("category", "received_at"), False), (("state", "received_at"), False),
            (("received_at", "customer"), False),
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """Past the time promised to the customer, who still waits for an answer (AWAITING_ANSWER)."""
        if self.state not in AWAITING_ANSWER or self.promised_at is None:
            return False
        return bool((now or dt.datetime.now()) > self.promised_at)


class Proposal(BaseModel):
    """One resolution offered (or to be offered) to the customer; every
    proposal of a case is kept, the last one is the current one.

    The customer's answer to this proposal stays on it (``answer`` …
    ``answered_at``, migration 0011), so an earlier counter-demand survives a
    later acceptance. When the office changes the remedy, the desk's proposal
    is SUPERSEDED with its lines kept, and the office's remedy is a proposal of
    its own, created by the office account.
    """

    # Indexed by Meta.indexes' (complaint, seq), which serves lookups by the complaint alone (0013).
    complaint = ForeignKeyField(Complaint, backref="proposals", on_delete="CASCADE", index=False)
    seq = IntegerField()
    created_at = DateTimeField(default=dt.datetime.now)
    created_by = ForeignKeyField(Staff, on_delete="RESTRICT")
    explanation = TextField(default="")
    status = CharField(max_length=16, default=ProposalStatus.DRAFT)
    total = MoneyField(default=0)
    needs_office = BooleanField(default=False)
    decision = CharField(max_length=16, default="")
    decision_note = TextField(default="")
    decided_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    decided_at = DateTimeField(null=True)
    answer = CharField(max_length=16, default="")
    counter_demand = TextField(default="")
    satisfaction = IntegerField(null=True)
    answered_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("complaint", "seq"), True),)

    @property
    def stage(self) -> ProposalStage:
        return proposal_stage(self.status, self.decision, self.needs_office)


class CompensationLine(BaseModel):
    proposal = ForeignKeyField(Proposal, backref="lines", on_delete="CASCADE")
    remedy = ForeignKeyField(Remedy, on_delete="RESTRICT", index=False)
    description = CharField(max_length=128, default="")
    amount = MoneyField(default=0)
    charged_to = ForeignKeyField(Department, null=True, on_delete="RESTRICT", index=False)


class Attachment(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="attachments", on_delete="CASCADE")
    filename = CharField(max_length=255)
    media_type = CharField(max_length=64, default="application/octet-stream")
    size = IntegerField()
    sha256 = CharField(max_length=64)
    data = BlobField()
    added_at = DateTimeField(default=dt.datetime.now)
    added_by = ForeignKeyField(Staff, on_delete="RESTRICT")


class FollowUp(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="follow_ups", on_delete="CASCADE")
    kind = CharField(max_length=16, default=FollowUpKind.CALL_BACK)
    due_at = DateTimeField(null=True, index=True)
    description = TextField(default="")
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    result = TextField(default="")


# Since when an escalated case has waited for the office: its escalated proposal's time (the hand-over). Its
# last step's time is not it: a take-over, a referral or any later step changes that while the customer waits on.
ESCALATED_SINCE_SQL = (
    "(SELECT max(p.created_at) FROM proposal p WHERE p.complaint_id = {case}.id AND p.status = 'escalated')"
)


def escalated_since() -> Any:
    """``ESCALATED_SINCE_SQL`` as a subquery of a query of Complaint (its value text on SQLite: ``as_time``)."""
    return Proposal.select(fn.MAX(Proposal.created_at)).where(
        (Proposal.complaint == Complaint.id) & (Proposal.status == ProposalStatus.ESCALATED)
    )


def as_time(value: object) -> dt.datetime | None:
    """A time read from a subquery or raw SQL: a datetime on PostgreSQL, its text on SQLite."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
