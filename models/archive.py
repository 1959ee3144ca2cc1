"""The archive (house rule 10): closed and withdrawn cases sealed with an
archive number, the canonical JSON of the whole record (with who sealed it
when) and its SHA-256, chained to the seal before it. Corrections are
amendments, sealed in turn. ``models.verify`` checks all of it."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from peewee import (
    JOIN,
    CharField,
    DateTimeField,
    Expression,
    Field,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models import audit
from models.anchor import note_commit
from models.audit import AuditEvent
from models.base import BaseModel, db
from models.catalog import Category, Department, Remedy
from models.complaint import Attachment, CompensationLine, Complaint, FollowUp, Proposal, ProposalStatus, State
from models.customer import Customer
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text, clean_text

SEAL, AMENDMENT = "seal", "amendment"
FORMAT_VERSION = 2  # 2: each proposal keeps the customer's answer to it
NUMBER_PREFIX = "TS"
REASON_MAX = 1000
# A correction names a field of the form and gives its corrected text.
CORRECTED_FIELD_MAX = 64
CORRECTION_MAX = 2000


class ArchiveSeal(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="seals", on_delete="RESTRICT")
    archive_number = CharField(max_length=20, index=True)
    kind = CharField(max_length=16, default=SEAL)
    sealed_at = DateTimeField(default=dt.datetime.now)
    sealed_by = ForeignKeyField(Staff, on_delete="RESTRICT")
    reason = TextField(default="")
    payload = TextField()
    digest = CharField(max_length=64, unique=True)
    previous_digest = CharField(max_length=64, default="")


class ArchiveSequence(BaseModel):
    """The last archive number given in each year, as a number: as text,
    TS-2026-1000000 sorts before TS-2026-999999."""

    year = IntegerField(primary_key=True)
    last = IntegerField()


# --------------------------------------------------------------------------- the canonical record


def _value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def case_record(case: Complaint) -> dict[str, object]:
    """Everything the archive keeps of a case, as plain JSON values."""
    return case_records([case.id])[case.id]


def case_records(ids: Sequence[int]) -> dict[int, dict[str, object]]:
    """The archive records of many cases with a handful of queries (sealing
    and verifying a million cases must not cost ten queries each).

    Follow-ups are kept as promised (kind, due, what); doing them later is
    work after closing, not part of the sealed record.
    """
    ids = sorted(set(ids))
    wanted = set(ids)
    staff = {row.id: {"username": row.username, "name": row.full_name} for row in Staff.select()}
    categories = {row.id: row for row in Category.select()}
    departments = {row.id: row for row in Department.select()}
    remedies = {row.id: row for row in Remedy.select()}
    customers = {
        row.id: {"name": row.name, "phone": row.phone}
        for row in Customer.select().where(
            Customer.id.in_(Complaint.select(Complaint.customer).where(_among(Complaint.id, ids)))
        )
    }
    proposals: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    by_proposal: dict[int, list[dict[str, object]]] = {}
    # Named tuples, not model instances: sealing a million cases is measured in minutes.
    query = Proposal.select().where(_among(Proposal.complaint, ids)).order_by(Proposal.complaint, Proposal.seq)
    for row in query.namedtuples():
        if row.complaint not in wanted:
            continue
        lines: list[dict[str, object]] = []
        by_proposal[row.id] = lines
        proposals[row.complaint].append(
            {
                "seq": row.seq,
                "created_at": _value(row.created_at),
                "created_by": staff.get(row.created_by),
                "status": row.status,
                "explanation": row.explanation,
                "needs_office": row.needs_office,
                "total": _value(row.total),
                "decision": row.decision,
                "decision_note": row.decision_note,
                "decided_by": staff.get(row.decided_by),
                "decided_at": _value(row.decided_at),
                "superseded": row.status == ProposalStatus.SUPERSEDED,
                "answer": row.answer,
                "counter_demand": row.counter_demand,
                "satisfaction": row.satisfaction,
                "answered_at": _value(row.answered_at),
                "lines": lines,
            }
        )
    if by_proposal:
        query = CompensationLine.select().where(_among(CompensationLine.proposal, sorted(by_proposal)))
        for row in query.order_by(CompensationLine.id).namedtuples():
            if row.proposal not in by_proposal:
                continue
            remedy = remedies[row.remedy]
            by_proposal[row.proposal].append(
                {
                    "remedy": remedy.code,
                    "remedy_name": remedy.name,
                    "description": row.description,
                    "amount": _value(row.amount),
                    "charged_to": departments[row.charged_to].code if row.charged_to else None,
                    "charged_to_name": departments[row.charged_to].name if row.charged_to else None,
                }
            )
    follow_ups: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    for row in FollowUp.select().where(_among(FollowUp.complaint, ids)).order_by(FollowUp.id).namedtuples():
        if row.complaint in wanted:
            follow_ups[row.complaint].append(
                {"kind": row.kind, "due_at": _value(row.due_at), "description": row.description}
            )
    files: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    query = Attachment.select(Attachment.complaint, Attachment.filename, Attachment.size, Attachment.sha256)
    for row in query.where(_among(Attachment.complaint, ids)).order_by(Attachment.id).namedtuples():
        if row.complaint in wanted:
                files[row.complaint].append({"filename": row.filename, "size": row.size, "sha256": row.sha256})

    records = {}
    for case in Complaint.select().where(_among(Complaint.id, ids)).namedtuples():
        if case.id not in wanted:
            continue
        category = categories.get(case.category)
        department = departments.get(case.department)
        records[case.id] = {
            "format": FORMAT_VERSION,
            "archive_number": case.archive_number,
            "id": case.id,
            "state": case.state,
            "received_at": _value(case.received_at),
            "received_by": staff.get(case.received_by),
            "channel": case.channel,
            "location": case.location,
            "moved_to_private": case.moved_to_private,
            "customer": customers.get(case.customer),
            "narrative": case.narrative,
            "category": category.code if category else None,
            "category_name": category.name if category else None,
            "severity": case.severity,
            "demand": case.demand,
            "acknowledged": case.acknowledged,
            "promised_minutes": case.promised_minutes,
            "promised_at": _value(case.promised_at),
            "findings": case.findings,
            "department": department.code if department else None,
            "department_name": department.name if department else None,
            "staff_involved": case.staff_involved,
            "liability": case.liability,
            "handoff_note": case.handoff_note,
            "proposals": proposals[case.id],
            "consent": case.consent,
            "counter_demand": case.counter_demand,
            "satisfaction": case.satisfaction,
            "signature_png": _value(case.signature_png),
            "witness": case.witness,
            "consent_at": _value(case.consent_at),
            "improvement_suggestion": case.improvement_suggestion,
            "withdrawn_reason": case.withdrawn_reason,
            "closed_at": _value(case.closed_at),
            "closed_by": staff.get(case.closed_by),
            "follow_ups": follow_ups[case.id],
            "attachments": files[case.id],
        }
    return records


def _among(field: Field, ids: list[int]) -> Expression:
    """``field IN ids``, as a range when the sorted ids are dense: building the SQL
    of thousands of parameters costs more than skipping a few rows."""
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return field.between(ids[0], ids[-1])
    return field.in_(ids)


def canonical_json(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_digest(previous_digest: str, payload: str) -> str:
    return hashlib.sha256(f"{previous_digest}\n{payload}".encode()).hexdigest()


# --------------------------------------------------------------------------- sealing


def next_archive_number(year: int) -> str:
    """Take the next number of the year. Call inside the write transaction:
    the immediate lock makes concurrent closings take turns, so numbers have no
    gaps (and a rolled-back closing gives its number back)."""
    return format_archive_number(year, _take_numbers(year, 1))


def format_archive_number(year: int, sequence: int) -> str:
    """``TS-2026-000123``: six digits at least, more past 999,999."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


def _take_numbers(year: int, count: int) -> int:
    """Count the next ``count`` numbers of ``year`` as given; the first of them."""
    if not db.in_transaction():
        raise RuntimeError("archive numbers are taken inside the closing transaction")
    taken = (
        ArchiveSequence.update(last=ArchiveSequence.last + count).where(ArchiveSequence.year == year).execute()
    )
    if not taken:
        ArchiveSequence.insert(year=year, last=count).execute()
    return int(ArchiveSequence.get_by_id(year).last) - count + 1


def _append(
    case: Complaint, actor: Staff, kind: str, payload: str, sealed_at: dt.datetime, reason: str = ""
) -> ArchiveSeal:
    last = ArchiveSeal.select(ArchiveSeal.digest).order_by(ArchiveSeal.id.desc()).first()
    previous = last.digest if last else ""
    row: ArchiveSeal = ArchiveSeal.create(
        complaint=case,
        archive_number=case.archive_number,
        kind=kind,
        sealed_at=sealed_at,
        sealed_by=actor,
        reason=reason,
        payload=payload,
        digest=chain_digest(previous, payload),
        previous_digest=previous,
    )
    note_commit()
    return row


def _sealed_meta(sealed_at: dt.datetime, username: str) -> dict[str, str]:
    """What a seal row keeps beside its payload, put inside it so the digest covers it."""
    return {"sealed_at": sealed_at.isoformat(sep=" "), "sealed_by": username}


def seal(case: Complaint, actor: Staff) -> ArchiveSeal:
    """Number and seal a case that has just been closed or withdrawn."""
    if not db.in_transaction():
        raise RuntimeError("seal() must run inside the closing transaction")
    if case.archive_number:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint {number} is archived already."), number=case.archive_number
        )
    case.archive_number = next_archive_number((case.closed_at or dt.datetime.now()).year)
    Complaint.update(archive_number=case.archive_number).where(Complaint.id == case.id).execute()
    sealed_at = dt.datetime.now()
    sealed_record = {**case_record(case), **_sealed_meta(sealed_at, actor.username)}
    return _append(case, actor, SEAL, canonical_json(sealed_record), sealed_at)


def amend(actor: Staff, archive_number: str, reason: str, corrections: dict[str, str]) -> ArchiveSeal:
    """Append a correction to an archived case (the sealed record never changes)."""
    require(actor, Action.AMEND)
    reason = checked_text(
        "reason", reason, REASON_MAX, QT_TRANSLATE_NOOP("DomainError", "Say why the archived record is corrected.")
    )
    cleaned = {
        checked_text("corrections", str(key), CORRECTED_FIELD_MAX): checked_text(
            "corrections", str(value), CORRECTION_MAX
        )
        for key, value in corrections.items()
        if clean_text(str(key))
    }
    if not cleaned:
        raise FieldError("corrections", QT_TRANSLATE_NOOP("DomainError", "Say what is corrected."))
    with db.atomic():
        actor = require(actor, Action.AMEND)
        case = Complaint.get_or_none(Complaint.archive_number == archive_number)
        if case is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "There is no archived complaint {number}."), number=archive_number
            )
        sealed = ArchiveSeal.get((ArchiveSeal.complaint == case) & (ArchiveSeal.kind == SEAL))
        # The row's sealed_at is the payload's "at", so verify can hold the column to it.
        at = dt.datetime.now().replace(microsecond=0)
        payload = canonical_json(
            {
                "format": FORMAT_VERSION,
                "archive_number": archive_number,
                "amends": sealed.digest,
                "by": {"username": actor.username, "name": actor.full_name},
                "at": _value(at),
                "reason": reason,
                "corrections": cleaned,
            }
        )
        row = _append(case, actor, AMENDMENT, payload, at, reason)
        audit.record("amended", actor, case, archive_number=archive_number, reason=reason, corrections=cleaned)
        return row


def amendments(case: Complaint) -> list[dict[str, object]]:
    query = ArchiveSeal.select().where(ArchiveSeal.complaint == case, ArchiveSeal.kind == AMENDMENT)
    return [json.loads(row.payload) for row in query.order_by(ArchiveSeal.id)]


def seal_of(case: Complaint) -> ArchiveSeal | None:
    seal_row: ArchiveSeal | None = ArchiveSeal.get_or_none((ArchiveSeal.complaint == case) & (ArchiveSeal.kind == SEAL))
    return seal_row


def printable_record(actor: Staff | None, case: Complaint | int) -> dict[str, object]:
    """What the complaint form shows: the sealed record when archived (the
    current record, marked as a draft, when not), its seal, amendments and a
    short history. Archived forms are the office's to print (as on the command
    line); a draft form of an open case anyone at the desk may print."""
    if not isinstance(case, Complaint):
        case = cast(Complaint, Complaint.get_by_id(case))
    require(actor, Action.PRINT_ARCHIVE if case.archive_number else Action.RECEIVE)
    sealed = seal_of(case)
    record = json.loads(sealed.payload) if sealed else case_record(case)
    events = (
        AuditEvent.select(AuditEvent.at, AuditEvent.action, Staff.full_name)
        .join(Staff, JOIN.LEFT_OUTER, on=(AuditEvent.actor == Staff.id))
        .where(AuditEvent.complaint == case)
        .order_by(AuditEvent.id)
        .tuples()
    )
    record["seal"] = {"digest": sealed.digest, "sealed_at": _value(sealed.sealed_at)} if sealed else None
    record["amendments"] = amendments(case)
    record["history"] = [{"at": _value(at), "action": action, "by": name} for at, action, name in events]
    return record


def seal_in_bulk(ids: Sequence[int]) -> int:
    """Seal closed or withdrawn cases that have no archive number yet (cases
    generated or imported in bulk), in closing order, inside the caller's
    transaction; each is sealed by whoever closed it. Returns how many."""
    if not db.in_transaction():
        raise RuntimeError("seal_in_bulk() must run inside a transaction")
    rows = list(
        Complaint.select(Complaint.id, Complaint.closed_at, Complaint.closed_by)
        .where(
            Complaint.id.in_(list(ids)),
            Complaint.archive_number.is_null(),
            Complaint.state.in_([State.CLOSED, State.WITHDRAWN]),
        )
        .order_by(Complaint.closed_at, Complaint.id)
        .tuples()
    )
    if not rows:
        return 0
    per_year = Counter(closed_at.year for _, closed_at, _ in rows)
    next_sequence = {year: _take_numbers(year, count) for year, count in sorted(per_year.items())}
    numbers = []
    for complaint_id, closed_at, _ in rows:
        year = closed_at.year
        numbers.append((format_archive_number(year, next_sequence[year]), complaint_id))
        next_sequence[year] += 1
    cursor = db.cursor()
    cursor.executemany("UPDATE complaint SET archive_number = ? WHERE id = ?", numbers)
    records = case_records([complaint_id for complaint_id, _, _ in rows])
    usernames = dict(Staff.select(Staff.id, Staff.username).tuples())
    last = ArchiveSeal.select(ArchiveSeal.digest).order_by(ArchiveSeal.id.desc()).first()
    previous = last.digest if last else ""
    seals = []
    for (complaint_id, closed_at, closed_by), (number, _) in zip(rows, numbers, strict=True):
        payload = canonical_json({**records[complaint_id], **_sealed_meta(closed_at, usernames[closed_by])})
        digest = chain_digest(previous, payload)
        sealed_at = ArchiveSeal.sealed_at.db_value(closed_at)
        seals.append((complaint_id, number, SEAL, sealed_at, closed_by, "", payload, digest, previous))
        previous = digest
    cursor.executemany(
        "INSERT INTO archive_seal (complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, "
        "digest, previous_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        seals,
    )
    note_commit()
    return len(seals)


@dataclass(frozen=True)
class ArchivedCase:
    id: int
    archive_number: str
    closed_at: dt.datetime
    state: str
    category: str
    customer: str
    phone: str


def find_archived(
    number: str = "", closed_from: dt.date | None = None, closed_to: dt.date | None = None, limit: int = 1000
) -> list[ArchivedCase]:
    """Archived cases by (part of) their number and closing dates, newest first."""
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.archive_number,
            Complaint.closed_at,
            Complaint.state,
            Category.name,
            Customer.name,
            Customer.phone,
        )
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .where(Complaint.archive_number.is_null(False))
    )
    if number.strip():
        query = query.where(Complaint.archive_number.contains(number.strip().upper()))
    if closed_from is not None:
        query = query.where(Complaint.closed_at >= dt.datetime.combine(closed_from, dt.time.min))
    if closed_to is not None:
        query = query.where(Complaint.closed_at < dt.datetime.combine(closed_to + dt.timedelta(days=1), dt.time.min))
    rows = query.order_by(Complaint.closed_at.desc()).limit(limit).tuples()
    return [ArchivedCase(i, n, c, s, cat or "", cust or "", phone or "") for i, n, c, s, cat, cust, phone in rows]


def archived_by_numbers(actor: Staff, numbers: Sequence[str]) -> list[Complaint]:
    """The cases with these archive numbers, in the order given, for printing;
    unknown ones raise."""
    require(actor, Action.PRINT_ARCHIVE)
    found = {c.archive_number: c for c in Complaint.select().where(Complaint.archive_number.in_(list(numbers)))}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "There is no archived complaint {number}."), number=", ".join(missing)
        )
    return [found[n] for n in numbers]
