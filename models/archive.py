"""The archive (house rule 10): closed and withdrawn cases sealed with an
archive number, the canonical JSON of the whole record (with who sealed it
when) and its SHA-256, chained to the seal before it. Corrections are
amendments, sealed in turn. ``verify_report`` recomputes every seal, the chain
and the audit trail's chain in one read snapshot, compares each sealed record
with the rows as they are now (display names excepted), checks the triggers,
and compares the chain heads with the anchors kept outside the database."""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from peewee import (
    JOIN,
    CharField,
    DateTimeField,
    Expression,
    Field,
    ForeignKeyField,
    IntegerField,
    SqliteDatabase,
    TextField,
)
from playhouse.migrations import Runner

from models import audit
from models.anchor import Anchor, database_identity, known_anchors, note_commit
from models.audit import AuditEvent
from models.catalog import Category, Department, Remedy
from models.complaint import Attachment, CompensationLine, Complaint, FollowUp, Proposal, ProposalStatus, State
from models.customer import Customer
from models.database import HISTORY_TABLE, MIGRATIONS_DIR, BaseModel, db
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


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class ArchiveProblem:
    """One thing wrong, named by what it is about: an archive number, or an
    audit event, a trigger or the anchor when no case is concerned."""

    archive_number: str
    problem: str

    def __str__(self) -> str:
        return f"{self.archive_number}: {self.problem}"


@dataclass(frozen=True)
class VerifyReport:
    problems: list[ArchiveProblem]
    notes: list[str]
    anchor: Anchor | None


VERIFY_BATCH = 500
# Display names a catalogue or an account may change later; the seal keeps them as they were.
PERMITTED_NAMES = frozenset({"category_name", "department_name", "remedy_name", "charged_to_name"})
# Keys of a sealed payload that are not the case's record: the format and the seal row's own columns.
NOT_RECORD = frozenset({"format", "sealed_at", "sealed_by"})
# Seals older than format 2's sealed_at key were stamped in the closing transaction, right after closed_at.
OLD_SEAL_DELAY = dt.timedelta(minutes=5)
# Amendments before this change took their sealed_at a moment after the payload's "at" (whole seconds).
AMENDMENT_CLOCK = dt.timedelta(seconds=5)


def record_differences(sealed: object, live: object, path: str = "") -> list[str]:
    """Where the live record differs from the sealed one, projected on the sealed
    payload's own keys (later formats add keys; lists compare element by element).
    Display names (customer, staff, catalogue entries) are taken as sealed."""
    if isinstance(sealed, dict):
        if not isinstance(live, dict):
            return [path]
        skip = set(PERMITTED_NAMES)
        if "username" in sealed or path == "customer":
            skip.add("name")
        if not path:
            skip |= NOT_RECORD
        found = []
        for key, value in sealed.items():
            where = f"{path}.{key}" if path else key
            if key in skip:
                continue
            if key not in live:
                found.append(where)
            else:
                found.extend(record_differences(value, live[key], where))
        return found
    if isinstance(sealed, list):
        if not isinstance(live, list) or len(live) != len(sealed):
            return [path]
        found = []
        for index, (was, now) in enumerate(zip(sealed, live, strict=True)):
            found.extend(record_differences(was, now, f"{path}[{index}]"))
        return found
    return [] if sealed == live else [path]


def verify_archive(database_file: Path | None = None) -> list[ArchiveProblem]:
    """What ``verify_report`` finds wrong."""
    return verify_report(database_file).problems


def verify_report(database_file: Path | None = None) -> VerifyReport:
    """Check the archive, the audit trail and their guards in one read snapshot;
    never writes (the file may be open read-only).

    Each seal's digest and chain link is recomputed, and each sealed case is
    compared with its rows now, field by field, except display names that may
    change (see ``record_differences``); the seal row's sealed_at and sealed_by
    are checked against the payload. Seals before format 2 carry neither: for
    them sealed_by must be the closer and sealed_at close after the closing.
    Attachments of sealed cases are hashed again. Amendments must amend the
    case's seal, and their reason, time and author columns must match their
    payload. The audit events' chain is recomputed. The triggers must be the
    ones the migrations created. Last, the database is compared with the anchors
    written outside it (``models/anchor.py``): a cut tail, a rewritten chain and
    seals the application never anchored are named; without anchors that cannot
    be proved, which the notes say.
    """
    database_file = database_file or _database_file()
    notes: list[str] = []
    started = dt.datetime.now().isoformat(sep=" ")
    # DEFERRED: the file may be open read-only, where BEGIN IMMEDIATE fails; all reads see one snapshot.
    with db.atomic(lock_type="DEFERRED"):
        # Anchors name seals and events by id (see models/anchor.py): the last ids are where the chains end.
        last_seal, last_event = db.execute_sql(
            "SELECT (SELECT coalesce(max(id), 0) FROM archive_seal), (SELECT coalesce(max(id), 0) FROM audit_event)"
        ).fetchone()
        identity = database_identity()
        anchors, anchor_paths = known_anchors(database_file, identity)
        checker = _Checker(anchors, last_seal, last_event, started)
        checker.check_seals()
        checker.check_events()
        checker.check_triggers()
        checker.check_unsealed()
    # Anchors written while this ran (another desk sealing) cover seals this snapshot may hold.
    anchors = known_anchors(database_file, identity)[0]
    checker.check_anchors(anchors)
    if not anchors:
        where = ", ".join(str(path) for path in anchor_paths) or "no anchor folder is configured"
        notes.append(
            f"no anchor of this database was found ({where}): verify cannot tell whether the archive's tail "
            "was cut off or the whole chain rewritten by someone who has the file"
        )
    latest = max(anchors, key=lambda a: (a.seals, a.at)) if anchors else None
    return VerifyReport(checker.problems, notes, latest)


def _database_file() -> Path | None:
    name = str(getattr(db.obj, "database", "") or "")
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    return Path(name) if name and name != ":memory:" else None


class _Checker:
    """The checks of one snapshot, in batches: a million cases must not cost a query each."""

    def __init__(self, anchors: list[Anchor], last_seal: int, last_event: int, started: str) -> None:
        self.problems: list[ArchiveProblem] = []
        self.last_seal = last_seal
        self.last_event = last_event
        self.started = started
        self.anchors = anchors
        self.seal_heads: dict[int, str] = {}
        self.event_heads: dict[int, str] = {}
        self.sealed_cases: set[int] = set()
        # Seals after the highest anchor known at the start, with their ids: unanchored unless a
        # later anchor (read after the snapshot) covers them. Without anchors nothing is tracked.
        self.first_anchored = max((a.seals for a in anchors), default=0) if anchors else None
        self.unanchored: list[tuple[int, str]] = []
        self.usernames = dict(Staff.select(Staff.id, Staff.username).tuples())

    def add(self, subject: str, problem: str) -> None:
        self.problems.append(ArchiveProblem(subject, problem))

    def check_seals(self) -> None:
        wanted = {a.seals for a in self.anchors}
        previous = ""
        pending: list[tuple[Any, ...]] = []
        amended: list[tuple[int, str, str]] = []
        rows = db.execute_sql(
            "SELECT id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, digest, "
            "previous_digest FROM archive_seal ORDER BY id"
        )
        for row in rows:
            seal_id, complaint_id, number, kind, _, _, _, payload, digest, previous_digest = row
            if previous_digest != previous:
                self.add(number, "the chain is broken before this seal (a seal was removed, inserted or reordered)")
            if chain_digest(previous_digest, payload) != digest:
                self.add(number, "the sealed record was altered (digest mismatch)")
            if seal_id in wanted:
                self.seal_heads[seal_id] = digest
            if self.first_anchored is not None and seal_id > self.first_anchored:
                self.unanchored.append((seal_id, number))
            if kind == SEAL:
                self.sealed_cases.add(complaint_id)
                pending.append(row)
                if len(pending) >= VERIFY_BATCH:
                    self._compare(pending)
                    pending = []
            elif kind == AMENDMENT:
                amends = self._check_amendment(row)
                if amends is not None:
                    amended.append((complaint_id, number, amends))
            else:
                self.add(number, f"a seal of unknown kind {kind!r}")
            previous = digest
        self._compare(pending)
        self._check_amended(amended)

    def _compare(self, batch: list[tuple[Any, ...]]) -> None:
        if not batch:
            return
        ids = [row[1] for row in batch]
        live = case_records(ids)
        for _, complaint_id, number, _, sealed_at, sealed_by, _, payload, _, _ in batch:
            record = live.get(complaint_id)
            if record is None:
                self.add(number, "the archived complaint is missing (deleted)")
                continue
            if record["archive_number"] != number:
                self.add(number, "the archived complaint was re-opened or renumbered after sealing")
                continue
            stamped = _stored_time(sealed_at)
            meta = {"sealed_at": stamped.isoformat(sep=" ") if stamped else None, "sealed_by": None}
            meta["sealed_by"] = self.usernames.get(sealed_by)
            # The usual case, without parsing: the record now, with this row's columns, is the payload.
            if canonical_json({**record, **meta}) == payload:
                continue
            if canonical_json(record) == payload:  # sealed before seals carried their sealed_at and sealed_by
                self._check_old_seal(number, record, stamped, meta["sealed_by"])
                continue
            sealed = json.loads(payload)
            for key in ("sealed_at", "sealed_by"):
                if key in sealed and sealed[key] != meta[key]:
                    self.add(number, f"{key} of the seal was changed after sealing")
            if "sealed_at" not in sealed:
                self._check_old_seal(number, sealed, stamped, meta["sealed_by"])
            changed = record_differences(sealed, record)
            if changed:
                self.add(number, f"{', '.join(changed)} changed after sealing")
        self._check_attachments(ids, {row[1]: row[2] for row in batch})

    def _check_old_seal(
        self, number: str, sealed: dict[str, Any], stamped: dt.datetime | None, sealed_by: str | None
    ) -> None:
        closer = sealed.get("closed_by") or {}
        if closer.get("username") not in (None, sealed_by):
            self.add(number, "sealed_by of the seal is not who closed the case")
        closed_at = _stored_time(sealed.get("closed_at"))
        if closed_at and (stamped is None or not closed_at <= stamped <= closed_at + OLD_SEAL_DELAY):
            self.add(number, "sealed_at of the seal is not the time the case was closed")

    def _check_attachments(self, ids: list[int], numbers: dict[int, str]) -> None:
        query = Attachment.select(Attachment.complaint, Attachment.filename, Attachment.sha256, Attachment.data)
        for complaint_id, filename, sha256, data in query.where(_among(Attachment.complaint, ids)).tuples():
            if complaint_id in numbers and hashlib.sha256(bytes(data or b"")).hexdigest() != sha256:
                self.add(numbers[complaint_id], f"the bytes of attachment {filename} changed after sealing")

    def _check_amendment(self, row: tuple[Any, ...]) -> str | None:
        _, _, number, _, sealed_at, sealed_by, reason, payload, _, _ = row
        try:
            sealed = json.loads(payload)
            amends: str | None
            at, by, amends = _stored_time(sealed["at"]), sealed["by"]["username"], sealed["amends"]
        except (ValueError, KeyError, TypeError):
            self.add(number, "an amendment that is not one (its payload cannot be read)")
            return None
        if sealed.get("archive_number") != number:
            self.add(number, "an amendment filed under another archive number")
        if reason != sealed.get("reason"):
            self.add(number, "the reason of an amendment was changed after sealing")
        if self.usernames.get(sealed_by) != by:
            self.add(number, "sealed_by of an amendment was changed after sealing")
        stamped = _stored_time(sealed_at)
        if at is None or stamped is None or not at <= stamped <= at + AMENDMENT_CLOCK:
            self.add(number, "sealed_at of an amendment was changed after sealing")
        return amends

    def _check_amended(self, amended: list[tuple[int, str, str]]) -> None:
        if not amended:
            return
        ids = sorted({complaint_id for complaint_id, _, _ in amended})
        seals = dict(
            ArchiveSeal.select(ArchiveSeal.complaint, ArchiveSeal.digest)
            .where(ArchiveSeal.complaint.in_(ids), ArchiveSeal.kind == SEAL)
            .tuples()
        )
        for complaint_id, number, amends in amended:
            if seals.get(complaint_id) != amends:
                self.add(number, "an amendment that does not amend this case's seal")

    def check_events(self) -> None:
        wanted = {a.events for a in self.anchors}
        previous = ""
        columns = ", ".join(audit.CHAINED_COLUMNS)
        rows = db.execute_sql(f"SELECT {columns}, digest, previous_digest FROM audit_event ORDER BY id")
        for row in rows:
            digest, previous_digest = row[-2], row[-1]
            subject = f"audit event {row[0]}"
            if previous_digest != previous:
                self.add(subject, "the audit trail is broken before this event (an event was removed or reordered)")
            if audit.event_digest(previous_digest, row[:-2]) != digest:
                self.add(subject, f"the audit event ({row[4]}) was altered (digest mismatch)")
            if row[0] in wanted:
                self.event_heads[row[0]] = digest
            previous = digest

    def check_triggers(self) -> None:
        expected = expected_triggers()
        actual = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        for name in sorted(expected.keys() | actual.keys()):
            if name not in actual:
                self.add(f"trigger {name}", "the protective trigger was dropped")
            elif name not in expected:
                self.add(f"trigger {name}", "a trigger the migrations did not create")
            elif actual[name] != expected[name]:
                self.add(f"trigger {name}", "the protective trigger was altered")

    def check_unsealed(self) -> None:
        numbered = Complaint.select(Complaint.id, Complaint.archive_number).where(
            Complaint.archive_number.is_null(False)
        )
        for complaint_id, number in numbered.tuples():
            if complaint_id not in self.sealed_cases:
                self.add(number, "has an archive number but no seal")

    def check_anchors(self, anchors: list[Anchor]) -> None:
        """One problem per finding: the largest cut, the earliest rewritten head (where the rewrite begins at
        the latest), and each seal after the latest anchor."""
        if not anchors:
            return
        # An anchor newer than this snapshot is another desk sealing while verify ran, not a cut.
        older = [a for a in self.anchors if a.at < self.started]
        cut = [a for a in older if a.seals > self.last_seal]
        if cut:
            anchor = max(cut, key=lambda a: a.seals)
            self.add(
                anchor.last or "anchor",
                f"the archive's tail was cut off: the anchor of {anchor.at} recorded {anchor.seals} seals "
                f"(the last {anchor.last}), the database has {self.last_seal}",
            )
        cut = [a for a in older if a.events > self.last_event]
        if cut:
            anchor = max(cut, key=lambda a: a.events)
            self.add(
                "audit trail",
                f"audit events were removed: the anchor of {anchor.at} recorded {anchor.events}, "
                f"the database has {self.last_event}",
            )
        held = [a for a in self.anchors if a.seals <= self.last_seal and a.events <= self.last_event]
        rewritten = [a for a in held if a.seals and self.seal_heads.get(a.seals) != a.head]
        if rewritten:
            anchor = min(rewritten, key=lambda a: a.seals)
            self.add(
                anchor.last or "anchor",
                f"the archive's chain was rewritten: seal {anchor.seals} is not the one anchored at {anchor.at}",
            )
        rewritten = [a for a in held if a.events and self.event_heads.get(a.events) != a.event_head]
        if rewritten:
            anchor = min(rewritten, key=lambda a: a.events)
            self.add(
                "audit trail",
                f"the audit trail was rewritten: event {anchor.events} is not the one anchored at {anchor.at}",
            )
        anchored = max(a.seals for a in anchors)
        for seal_id, number in self.unanchored:
            if seal_id > anchored:
                self.add(number, "sealed after the latest anchor: not written by the application")


def _stored_time(value: object) -> dt.datetime | None:
    """A time as SQLite or a payload holds it (text), as a datetime."""
    if isinstance(value, dt.datetime):
        return value
    parsed = ArchiveSeal.sealed_at.python_value(value) if value else None
    if isinstance(parsed, dt.datetime):
        return parsed
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@functools.cache
def expected_triggers() -> dict[str, str]:
    """The triggers the migrations create, by name, with their SQL text, as
    running them on an empty database shows."""
    scratch = SqliteDatabase(":memory:")
    try:
        Runner(scratch, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).up()
        return dict(scratch.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    finally:
        scratch.close()


def printable_record(case: Complaint) -> dict[str, object]:
    """What the complaint form shows: the sealed record when archived (the
    current record, marked as a draft, when not), its seal, amendments and a
    short history."""
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
