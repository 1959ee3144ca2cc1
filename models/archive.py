"""Archive seals: each closed case (and each later amendment) sealed with the
SHA-256 of its canonical JSON, chained to the seal before it."""
from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from models.complaint import Complaint
from models.database import BaseModel
from models.staff import Staff


class ArchiveSeal(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="seals", on_delete="RESTRICT")
    archive_number = CharField(max_length=20, index=True)
    kind = CharField(max_length=16, default="seal")
    sealed_at = DateTimeField(default=dt.datetime.now)
    sealed_by = ForeignKeyField(Staff, on_delete="RESTRICT")
    reason = TextField(default="")
    payload = TextField()
    digest = CharField(max_length=64, unique=True)
    previous_digest = CharField(max_length=64, default="")
