"""The append-only history of every change: who, when, what, old → new.

The database refuses UPDATE and DELETE on this table (triggers created by the
migrations), so history cannot be rewritten through the application or SQL
tools that respect triggers.
"""
from __future__ import annotations

import datetime as dt
import json

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from models.complaint import Complaint
from models.database import BaseModel
from models.staff import Staff


class AuditEvent(BaseModel):
    complaint = ForeignKeyField(Complaint, null=True, backref="events", on_delete="RESTRICT")
    at = DateTimeField(default=dt.datetime.now, index=True)
    actor = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    action = CharField(max_length=32)
    changes = TextField(default="{}")


def record(action: str, actor: Staff | None, complaint: Complaint | None = None, **changes: object) -> AuditEvent:
    """Append one event; ``changes`` maps a field to ``[old, new]`` or a value."""
    return AuditEvent.create(
        complaint=complaint,
        actor=actor,
        action=action,
        changes=json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True),
    )
