"""The append-only history of every change: who, when, what, old → new.

The database refuses UPDATE and DELETE on this table (triggers created by the
migrations), so history cannot be rewritten through the application or SQL
tools that respect triggers. Against tools that do not, the events form a hash
chain (migration 0008): each digest covers the event as stored and the digest
before it, so ``verify`` names an event edited, removed or reordered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from models.base import BaseModel, db
from models.complaint import Complaint
from models.staff import Staff

# The stored columns an event's digest covers, in this order.
CHAINED_COLUMNS = ("id", "complaint_id", "at", "actor_id", "action", "changes")


class AuditEvent(BaseModel):
    complaint = ForeignKeyField(Complaint, null=True, backref="events", on_delete="RESTRICT")
    at = DateTimeField(default=dt.datetime.now)  # not indexed: see models/complaint.py
    actor = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    action = CharField(max_length=32)
    changes = TextField(default="{}")
    digest = CharField(max_length=64, default="")
    previous_digest = CharField(max_length=64, default="")


def event_digest(previous_digest: str, row: Sequence[object]) -> str:
    """The digest of one event: ``row`` holds the CHAINED_COLUMNS as SQLite stores
    them (the text of ``at`` as written, not a parsed time, so no reformatting
    can make an event look edited)."""
    text = "\x1f".join("" if value is None else str(value) for value in row)
    return hashlib.sha256(f"{previous_digest}\n{text}".encode()).hexdigest()


def chain_head() -> tuple[int, str]:
    """The last event's id and digest (0 and "" when there is none)."""
    last = db.execute_sql("SELECT id, digest FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return (last[0], last[1]) if last else (0, "")


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
            "INSERT INTO audit_event (id, complaint_id, at, actor_id, action, changes, digest, previous_digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, digest, previous),
        )
    return AuditEvent(
        id=row[0],
        complaint=complaint,
        at=at,
        actor=actor,
        action=action,
        changes=text,
        digest=digest,
        previous_digest=previous,
    )
