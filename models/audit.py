"""The append-only history of every change: who, when, what, old → new.

The database refuses UPDATE and DELETE on this table (triggers created by the
migrations), so history cannot be rewritten through the application or SQL
tools that respect triggers. Against tools that do not, the events form a hash
chain (migration 0008): each digest covers the event as stored and the digest
of the event before it, so ``verify`` names an event edited, removed or
reordered. Since migration 0014 the file keeps each digest as its 32 bytes and
each distinct ``changes`` text once (``audit_change``, most events repeat one
of a few); the digest covers the text all the same.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.base import BaseModel, db
from models.complaint import Complaint
from models.digest import DigestField, digest_text
from models.staff import Staff

# The stored columns an event's digest covers, in this order ("changes" is the text audit_change keeps).
CHAINED_COLUMNS = ("id", "complaint_id", "at", "actor_id", "action", "changes")


class AuditChange(BaseModel):
    """One ``changes`` text of the audit trail, kept once however many events hold it; found by
    ``text_hash``. Never changed or removed (migration 0014)."""

    hash = IntegerField(index=True)
    text = TextField()


class AuditEvent(BaseModel):
    complaint = ForeignKeyField(Complaint, null=True, backref="events", on_delete="RESTRICT")
    at = DateTimeField(default=dt.datetime.now)  # not indexed: see models/complaint.py
    actor = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    action = CharField(max_length=32)
    change = ForeignKeyField(AuditChange, column_name="changes_id", on_delete="RESTRICT", index=False)
    digest = DigestField()

    @property
    def changes(self) -> str:
        """The event's changes as JSON text (read from audit_change; a query joins AuditChange instead)."""
        return str(self.change.text)


def event_digest(previous_digest: str, row: Sequence[object]) -> str:
    """The digest of one event: ``row`` holds the CHAINED_COLUMNS as SQLite stores
    them (the text of ``at`` as written, not a parsed time, so no reformatting
    can make an event look edited; the changes' text)."""
    text = "\x1f".join(["" if value is None else str(value) for value in row])
    return hashlib.sha256(f"{previous_digest}\n{text}".encode()).hexdigest()


def text_hash(text: str) -> int:
    """How ``audit_change`` finds a text: the first 8 bytes of its SHA-256, as a signed integer."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


def change_ids(texts: Iterable[str]) -> dict[str, int]:
    """The ``audit_change`` row of each text, added when it is new (inside the caller's write transaction)."""
    found: dict[str, int] = {}
    for text in texts:
        if text in found:
            continue
        hashed = text_hash(text)
        rows = db.execute_sql("SELECT id, text FROM audit_change WHERE hash = ?", (hashed,)).fetchall()
        known = next((row_id for row_id, stored in rows if stored == text), None)
        if known is None:
            known = db.execute_sql(
                "INSERT INTO audit_change (hash, text) VALUES (?, ?) RETURNING id", (hashed, text)
            ).fetchone()[0]
        found[text] = int(known)
    return found


def chain_head() -> tuple[int, str]:
    """The last event's id and digest (0 and "" when there is none)."""
    last = db.execute_sql("SELECT id, digest FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return (last[0], digest_text(last[1])) if last else (0, "")


def record(action: str, actor: Staff | None, complaint: Complaint | None = None, **changes: object) -> AuditEvent:
    """Append one event, now; ``changes`` maps a field to ``[old, new]`` or a value."""
    return record_at(dt.datetime.now(), action, actor, complaint, **changes)


def record_at(
    at: dt.datetime, action: str, actor: Staff | None, complaint: Complaint | None = None, **changes: object
) -> AuditEvent:
    """Append one event that happened ``at`` (the demo writes its past; a step stamps its own time).

    The id is chosen and the chain extended inside the write transaction: its
    immediate lock makes desks take turns, so two events never share a predecessor.
    """
    text = json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
    with db.atomic():
        last_id, previous = chain_head()
        row = (
            last_id + 1,
            complaint.id if complaint is not None else None,
            at.isoformat(sep=" "),
            actor.id if actor is not None else None,
            action,
            text,
        )
        digest = event_digest(previous, row)
        db.execute_sql(
            "INSERT INTO audit_event (id, complaint_id, at, actor_id, action, changes_id, digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row[:5], change_ids([text])[text], bytes.fromhex(digest)),
        )
    return AuditEvent(id=row[0], complaint=complaint, at=at, actor=actor, action=action, digest=digest)
