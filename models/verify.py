"""Verifying the archive: ``verify_report`` recomputes every seal, the chain and the audit trail's chain
in one read snapshot, compares each sealed record with the rows as they are now (display names excepted),
checks the triggers, and compares the chain heads with the anchors kept outside the database."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase
from playhouse.migrations import Runner

from models import audit
from models.anchor import Anchor, database_identity, known_anchors
from models.archive import AMENDMENT, SEAL, ArchiveSeal, _among, canonical_json, case_records, chain_digest
from models.base import db
from models.complaint import Attachment, Complaint
from models.database import HISTORY_TABLE, MIGRATIONS_DIR
from models.staff import Staff


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
