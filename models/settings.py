"""Organisation-wide settings kept in the database (not in QSettings: every
desk sharing the database sees the same values)."""
from __future__ import annotations

import json
from typing import Any

from peewee import CharField, TextField

from models.base import BaseModel

ORGANISATION_NAME = "organisation_name"
DEFAULT_PROMISED_MINUTES = "default_promised_minutes"
ATTACHMENT_MAX_BYTES = "attachment_max_bytes"
IDLE_LOCK_MINUTES = "idle_lock_minutes"
LOGO_FILE = "logo_file"
# Set by the demo generator: the window title and every printed form then say "demo data".
DEMO_DATA = "demo_data"
# How many backups are kept (models/backups.py): the office's policy, the same for every desk.
BACKUP_KEEP_DAILY = "backup_keep_daily"
BACKUP_KEEP_WEEKLY = "backup_keep_weekly"
BACKUP_KEEP_MONTHLY = "backup_keep_monthly"

DEFAULTS: dict[str, object] = {
    ORGANISATION_NAME: "",
    DEFAULT_PROMISED_MINUTES: 15,
    ATTACHMENT_MAX_BYTES: 5 * 1024 * 1024,
    IDLE_LOCK_MINUTES: 10,
    LOGO_FILE: "",
    DEMO_DATA: False,
    BACKUP_KEEP_DAILY: 7,
    BACKUP_KEEP_WEEKLY: 4,
    BACKUP_KEEP_MONTHLY: 12,
}


class Setting(BaseModel):
    key = CharField(max_length=64, primary_key=True)
    value = TextField()


def get(key: str) -> Any:  # a setting holds any JSON value
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else DEFAULTS.get(key)


def is_demo() -> bool:
    """Whether this database was filled with demo data (its accounts and cases are not real)."""
    return bool(get(DEMO_DATA))


def put(key: str, value: object) -> None:
    encoded = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=encoded).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: encoded}
    ).execute()
