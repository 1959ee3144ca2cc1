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
import json
from collections.abc import Callable
from typing import Any

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

# The chain's own names, where the trail's readers have looked for them (explicitly passed on).
from models.audit_chain import CHAINED_COLUMNS as CHAINED_COLUMNS
from models.audit_chain import append_event
from models.audit_chain import chain_head as chain_head
from models.audit_chain import change_ids as change_ids
from models.audit_chain import event_digest as event_digest
from models.audit_chain import text_hash as text_hash
from models.base import BaseModel
from models.complaint import Complaint
from models.digest import DigestField
from models.staff import Staff


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


def record(action: str, actor: Staff | None, complaint: Complaint | None = None, **changes: object) -> AuditEvent:
    """Append one event, now; ``changes`` maps a field to ``[old, new]`` or a value."""
    return record_at(dt.datetime.now(), action, actor, complaint, **changes)


def record_at(
    at: dt.datetime, action: str, actor: Staff | None, complaint: Complaint | None = None, **changes: object
) -> AuditEvent:
    """Append one event that happened ``at`` (the demo writes its past; a step stamps its own time)."""
    actor_id = actor.id if actor is not None else None
    event_id, digest = append_event(at, action, actor_id, complaint.id if complaint is not None else None, changes)
    return AuditEvent(id=event_id, complaint=complaint, at=at, actor=actor, action=action, digest=digest)


def last_change(action: str, about: Callable[[dict[str, Any]], bool]) -> tuple[dt.datetime, str] | None:
    """When the last ``action`` event whose changes are ``about`` the thing asked of was recorded, and the full name
    of who made it; read newest first (the change looked for was saved while a form was open, moments ago)."""
    events = (
        AuditEvent.select(AuditEvent.at, Staff.full_name, AuditChange.text)
        .join(AuditChange, on=(AuditEvent.change == AuditChange.id))
        .switch(AuditEvent)
        .join(Staff, on=(AuditEvent.actor == Staff.id))
        .where(AuditEvent.action == action)
        .order_by(AuditEvent.id.desc())
        .tuples()
        .iterator()
    )
    for at, name, text in events:
        if about(json.loads(text)):
            return at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at)), str(name)
    return None


def said_at(at: dt.datetime, today: dt.date) -> str:
    """When another desk made a change, as a refusal names it: the time of day today, else the date and time."""
    return f"{at:%H:%M}" if at.date() == today else f"{at:%Y-%m-%d %H:%M}"
