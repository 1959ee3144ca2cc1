"""Finding complaints: text search and the register's filters and sorting.

Backend-specific by nature: this is the SQLite implementation (FTS5 with the
trigram tokenizer, table ``complaint_search`` kept in step by the triggers of
migration 0010, which hold the text normalised as ``search_text`` normalises
a query). A PostgreSQL implementation (pg_trgm) would sit beside it with the
same functions.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from peewee import SQL, Expression, ModelSelect, NodeList, fn

from models.complaint import OPEN_STATES, Complaint, State

TRIGRAM = 3
# What a person types to find an archive number: "TS-2026-000123", "2026-000123", "000123",
# and past 999,999 in a year "TS-2026-1000000". Not longer: a phone number is not one.
ARCHIVE_NUMBER = re.compile(r"^(?:TS-?)?(?:\d{4}-?)?\d{2,7}$", re.IGNORECASE)
FULL_ARCHIVE_NUMBER = re.compile(r"^TS-\d{4}-\d{6,7}$", re.IGNORECASE)
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


def search_text(text: str) -> str:
    """Text as the search index holds it and as a query is matched: invisible
    control and format characters (NUL, zero-width space, ...) dropped, every
    run of whitespace (tabs, line breaks, no-break and ideographic spaces,
    U+2028) one space, the ends trimmed. Migration 0010 keeps a frozen copy."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return " ".join(kept.split())


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
    """Complaints whose words, findings, demand, customer name or phone, or
    archive number contain ``text`` (any characters, taken literally)."""
    text = search_text(text)
    if not text:
        return None
    if len(text) >= TRIGRAM:
        rows = SQL("(SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?)", [_phrase(text)])
        condition = Complaint.id.in_(rows)
    else:
        # Shorter than a trigram the index cannot help. Test each complaint's row
        # (a rowid lookup) as the register walks in its own order, so a common
        # phrase fills the first page long before the whole table is read.
        columns = ("narrative", "findings", "demand", "customer")
        where = " OR ".join(f"s.{column} LIKE ? ESCAPE '\\'" for column in columns)
        condition = NodeList(
            (
                SQL("EXISTS (SELECT 1 FROM complaint_search s WHERE s.rowid ="),
                Complaint.id,
                SQL(f"AND ({where}))", [_like(text)] * len(columns)),
            )
        )
    if FULL_ARCHIVE_NUMBER.match(text):
        condition |= Complaint.archive_number == text.upper()
    elif ARCHIVE_NUMBER.match(text):
        numbered = Complaint.select(Complaint.id).where(Complaint.archive_number ** _like(text.upper()))
        condition |= Complaint.id.in_(numbered)
    return condition


def _index_order_will_do(filters: Filters, sort: str) -> bool:
    text = search_text(filters.text)
    only_text = filters == Filters(text=filters.text, now=filters.now)
    return only_text and sort in ("received", "number") and len(text) >= TRIGRAM and not ARCHIVE_NUMBER.match(text)


def _phrase(text: str) -> str:
    """A quoted FTS5 string is a phrase: NEAR, *, ^, : and the like are plain text inside it."""
    text = search_text(text)
    return '"' + text.replace('"', '""') + '"'


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


def count(filters: Filters, cap: int | None = None) -> int:
    """How many complaints match; with ``cap``, counting stops there (the
    register says "10,000+" rather than reading a million rows)."""
    query = matching(filters)
    if cap is None:
        return int(query.count())
    return int(Complaint.select(fn.COUNT(SQL("*"))).from_(query.limit(cap).alias("capped")).scalar())


def page(
    filters: Filters, sort: str = "received", descending: bool = True, offset: int = 0, limit: int = 200
) -> list[int]:
    """One window of matching complaint ids in the register's order."""
    if _index_order_will_do(filters, sort):
        # Complaints are numbered as they are received, so the search index's own
        # rowid order is the receipt order: it streams the newest matches at once
        # instead of sorting every match by date.
        phrase = _phrase(filters.text)
        direction = "DESC" if descending else "ASC"
        rows = Complaint._meta.database.execute_sql(
            f"SELECT rowid FROM complaint_search WHERE complaint_search MATCH ? ORDER BY rowid {direction} "
            "LIMIT ? OFFSET ?",
            (phrase, limit, offset),
        )
        return [row for (row,) in rows]
    key = SORT_KEYS[sort]
    order = [key.desc() if descending else key.asc()]
    if key is not Complaint.id:
        order.append(Complaint.id.desc() if descending else Complaint.id.asc())
    query = matching(filters).order_by(*order).offset(offset).limit(limit)
    return [row for (row,) in query.tuples()]
