"""Finding complaints: text search and the register's filters and sorting.

Backend-specific by nature: this is the SQLite implementation (FTS5 with the
trigram tokenizer, table ``complaint_search`` kept in step by the triggers of
migration 0003). A PostgreSQL implementation (pg_trgm) would sit beside it
with the same functions.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from peewee import SQL, Expression, ModelSelect

from models.complaint import OPEN_STATES, Complaint, State

TRIGRAM = 3
# What a person types to find an archive number: "TS-2026-000123", "2026-000123", "000123".
ARCHIVE_NUMBER = re.compile(r"^(?:TS-?)?(?:\d{4}-?)?\d{2,6}$", re.IGNORECASE)
FULL_ARCHIVE_NUMBER = re.compile(r"^TS-\d{4}-\d{6}$", re.IGNORECASE)
SORT_KEYS = {
    "number": Complaint.id,
    "received": Complaint.received_at,
    "category": Complaint.category,
    "department": Complaint.department,
    "state": Complaint.state,
    "severity": Complaint.severity,
    "duty_manager": Complaint.received_by,
    "closed": Complaint.closed_at,
}


@dataclass(frozen=True)
class Filters:
    text: str = ""
    states: tuple[str, ...] = ()
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    category_id: int | None = None
    department_id: int | None = None
    received_by_id: int | None = None
    overdue_only: bool = False
    escalated_only: bool = False
    now: dt.datetime | None = field(default=None, compare=False)


def text_condition(text: str) -> Expression | None:
    """Complaints whose words, findings, customer name or phone, or archive
    number contain ``text`` (any characters, taken literally)."""
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) >= TRIGRAM:
        # A quoted FTS5 string is a phrase: NEAR, *, ^, : and the like are plain text inside it.
        phrase = '"' + text.replace('"', '""') + '"'
        rows = SQL("(SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?)", [phrase])
    else:
        # Shorter than a trigram: the index cannot help; scan its text.
        columns = ("narrative", "findings", "customer")
        where = " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns)
        rows = SQL(f"(SELECT rowid FROM complaint_search WHERE {where})", [_like(text)] * len(columns))
    condition = Complaint.id.in_(rows)
    if FULL_ARCHIVE_NUMBER.match(text):
        condition |= Complaint.archive_number == text.upper()
    elif ARCHIVE_NUMBER.match(text):
        numbered = Complaint.select(Complaint.id).where(Complaint.archive_number ** _like(text.upper()))
        condition |= Complaint.id.in_(numbered)
    return condition


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(filters: Filters) -> ModelSelect:
    """Complaint ids that pass the filters (unsorted)."""
    query = Complaint.select(Complaint.id)
    conditions = []
    if (condition := text_condition(filters.text)) is not None:
        conditions.append(condition)
    if filters.states:
        conditions.append(Complaint.state.in_(list(filters.states)))
    if filters.received_from is not None:
        conditions.append(Complaint.received_at >= dt.datetime.combine(filters.received_from, dt.time.min))
    if filters.received_to is not None:
        end = dt.datetime.combine(filters.received_to + dt.timedelta(days=1), dt.time.min)
        conditions.append(Complaint.received_at < end)
    for column, value in (
        (Complaint.category, filters.category_id),
        (Complaint.department, filters.department_id),
        (Complaint.received_by, filters.received_by_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.overdue_only:
        now = filters.now or dt.datetime.now()
        conditions.append(Complaint.state.in_(list(OPEN_STATES)) & (Complaint.promised_at < now))
    if filters.escalated_only:
        conditions.append(Complaint.state == State.ESCALATED)
    for condition in conditions:
        query = query.where(condition)
    return query


def count(filters: Filters) -> int:
    return matching(filters).count()


def page(
    filters: Filters, sort: str = "received", descending: bool = True, offset: int = 0, limit: int = 200
) -> list[int]:
    """One window of matching complaint ids in the register's order."""
    key = SORT_KEYS[sort]
    order = [key.desc() if descending else key.asc()]
    if key is not Complaint.id:
        order.append(Complaint.id.desc() if descending else Complaint.id.asc())
    query = matching(filters).order_by(*order).offset(offset).limit(limit)
    return [row for (row,) in query.tuples()]
