"""External cases in the archive: a closed external case is sealed into the one chain of
``archive_seal`` like a complaint, as a seal of kind ``external`` filed under the complaint it belongs to,
with an archive number of its own series (``WB-2026-000001``, 外部). Its payload is the canonical JSON of
the external case's record (``external_records``, format 1) with who sealed it when; ``models.verify``
checks it with the rest of the chain and compares it with the rows as they are now.

Plain SQL and the archive's own helpers only: ``models.verify`` reads records through a worker's
connection, and nothing here imports the external cases' models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, Protocol

from models.archive import (
    _among_sql,
    _append,
    _int,
    _sealed_meta,
    _text,
    _time,
    canonical_json,
    sealed_text,
)
from models.base import db
from models.complaint import Complaint
from models.digest import digest_text
from models.staff import Staff

EXTERNAL = "external"  # archive_seal.kind of a sealed external case
RECORD_KIND = "external_case"  # the record's "kind": what a payload holds, read without the seal row
FORMAT_VERSION = 1
NUMBER_PREFIX = "WB"
# Keys of the record that are not the case's own rows: the channel's display name (the catalogue may rename
# it) and the customer, who belongs to the complaint's record (the desk may still correct an open complaint).
NOT_COMPARED = frozenset({"channel_name", "customer"})
_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)


class Reader(Protocol):
    """A connection that runs SQLite's SQL text (``?`` placeholders): ``sqlite3.Connection``, or a verify
    worker's connection to a server that rewrites them."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


def _date(value: object) -> object:
    """A stored date as ISO text (DateField keeps ``YYYY-MM-DD``)."""
    if value is None:
        return None
    if type(value) is str and _DATE.fullmatch(value):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def external_records(ids: Sequence[int], connection: Reader | None = None) -> dict[int, dict[str, object]]:
    """The archive records of these external cases, read through ``connection`` (a verify worker's own)
    or the models' database."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    read = connection.execute if connection is not None else db.execute_sql
    among, params = _among_sql(ids)
    wanted = set(ids)
    staff = {
        row_id: {"username": _text(username), "name": _text(name)}
        for row_id, username, name in read("SELECT id, username, full_name FROM staff")
    }
    files: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    rows = read(
        f"SELECT external_case_id, filename, size, sha256 FROM external_attachment WHERE external_case_id {among} "
        "ORDER BY id",
        params,
    )
    for case_id, filename, size, sha256 in rows:
        if case_id in wanted:
            files[case_id].append({"filename": _text(filename), "size": _int(size), "sha256": _text(sha256)})
    records: dict[int, dict[str, object]] = {}
    rows = read(
        "SELECT e.id, e.archive_number, e.complaint_id, h.code, h.name, e.reference, e.received_on, e.asked, "
        "e.reply_by, e.acceptance_days, e.handling_days, e.acceptance_due, e.due_on, e.fallback_calendar, e.state, "
        "e.recorded_at, e.recorded_by_id, e.replying_at, e.replying_by_id, e.reply, e.replied_at, e.replied_by_id, "
        "e.outcome, e.closing_note, e.closed_at, e.closed_by_id, u.name, u.phone "
        "FROM external_case e LEFT JOIN external_channel h ON h.id = e.channel_id "
        "LEFT JOIN complaint c ON c.id = e.complaint_id LEFT JOIN customer u ON u.id = c.customer_id "
        f"WHERE e.id {among}",
        params,
    )
    for (case_id, number, complaint_id, code, name, reference, received_on, asked, reply_by, acceptance_days,
         handling_days, acceptance_due, due_on, fallback, state, recorded_at, recorded_by, replying_at, replying_by,
         reply, replied_at, replied_by, outcome, closing_note, closed_at, closed_by, customer_name,
         customer_phone) in rows:  # fmt: skip
        if case_id not in wanted:
            continue
        records[case_id] = {
            "kind": RECORD_KIND,
            "format": FORMAT_VERSION,
            "archive_number": _text(number),
            "id": case_id,
            "complaint_id": _int(complaint_id),
            "channel": _text(code),
            "channel_name": _text(name),
            "reference": _text(reference),
            "received_on": _date(received_on),
            "asked": _text(asked),
            "reply_by": _date(reply_by),
            "acceptance_days": _int(acceptance_days),
            "handling_days": _int(handling_days),
            "acceptance_due": _date(acceptance_due),
            "due_on": _date(due_on),
            "fallback_calendar": _flag(fallback),
            "state": _text(state),
            "customer": {"name": _text(customer_name or ""), "phone": _text(customer_phone or "")},
            "recorded_at": _time(recorded_at),
            "recorded_by": staff.get(_int(recorded_by)),
            "replying_at": _time(replying_at),
            "replying_by": staff.get(_int(replying_by)),
            "reply": _text(reply),
            "replied_at": _time(replied_at),
            "replied_by": staff.get(_int(replied_by)),
            "outcome": _text(outcome),
            "closing_note": _text(closing_note),
            "closed_at": _time(closed_at),
            "closed_by": staff.get(_int(closed_by)),
            "attachments": files[case_id],
        }
    return records


def format_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


def next_number(year: int) -> str:
    """The year's next external archive number. Inside the closing transaction: its immediate lock makes
    closings take turns, and a rolled-back closing gives its number back. The numbers are few (hundreds a
    year), read through the unique index of ``archive_number``; compared as numbers, not as text."""
    if not db.in_transaction():
        raise RuntimeError("external archive numbers are taken inside the closing transaction")
    prefix = f"{NUMBER_PREFIX}-{year}-"
    (last,) = db.execute_sql(
        "SELECT coalesce(max(CAST(substr(archive_number, ?) AS INTEGER)), 0) FROM external_case "
        "WHERE archive_number >= ? AND archive_number < ?",
        (len(prefix) + 1, prefix, f"{NUMBER_PREFIX}-{year}."),  # '.' sorts right after '-'
    ).fetchone()
    return format_number(year, int(last) + 1)


def seal_external(case_id: int, actor: Staff, sealed_at: dt.datetime) -> str:
    """Number and seal an external case that has just been closed, in the caller's transaction; its
    archive number. The seal goes into the one chain, filed under the case's complaint."""
    if not db.in_transaction():
        raise RuntimeError("seal_external() must run inside the closing transaction")
    (complaint_id, closed_at, number) = db.execute_sql(
        "SELECT complaint_id, closed_at, archive_number FROM external_case WHERE id = ?", (case_id,)
    ).fetchone()
    if number:
        raise RuntimeError(f"external case {case_id} is sealed already ({number})")
    closed = _time(closed_at)
    year = int(str(closed)[:4]) if closed else sealed_at.year
    number = next_number(year)
    db.execute_sql("UPDATE external_case SET archive_number = ? WHERE id = ?", (number, case_id))
    record = {**external_records([case_id])[case_id], **_sealed_meta(sealed_at, actor.username)}
    complaint = Complaint.get_by_id(complaint_id)
    _append(complaint, actor, EXTERNAL, canonical_json(record), sealed_at, archive_number=number)
    return number


def printable(case_id: int) -> dict[str, object]:
    """The sealed record of a closed case (with its seal's digest and time), else the current record."""
    row = db.execute_sql(
        "SELECT s.payload, s.digest, s.sealed_at FROM archive_seal s JOIN external_case e "
        "ON e.archive_number = s.archive_number WHERE e.id = ? AND s.kind = ?",
        (case_id, EXTERNAL),
    ).fetchone()
    if row is None:
        record = external_records([case_id])[case_id]
        record["seal"] = None
    else:
        payload, digest, sealed_at = row
        record = json.loads(sealed_text(payload))
        record["seal"] = {"digest": digest_text(digest), "sealed_at": _time(sealed_at)}
    # The channel's English name, for an English form: from the catalogue as it is now, by code (never sealed).
    english = db.execute_sql("SELECT name_en FROM external_channel WHERE code = ?", (record.get("channel"),)).fetchone()
    record["channel_name_en"] = english[0] if english else ""
    return record


def unsealed_numbers(connection: Reader) -> list[str]:
    """External cases that have an archive number but no seal of it."""
    rows = connection.execute(
        "SELECT e.archive_number FROM external_case e WHERE e.archive_number IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM archive_seal s WHERE s.archive_number = e.archive_number AND s.kind = ?) ORDER BY e.id",
        (EXTERNAL,),
    )
    return [number for (number,) in rows]


def sealed_attachment_problems(connection: Reader, numbers: dict[int, str]) -> list[tuple[str, str]]:
    """The files of sealed external cases (by case id → archive number), hashed again: (archive number, file name)
    of each whose bytes changed after sealing."""
    if not numbers:
        return []
    among, params = _among_sql(sorted(numbers))
    query = f"SELECT external_case_id, filename, sha256, data FROM external_attachment WHERE external_case_id {among}"
    found = []
    for case_id, filename, sha256, data in connection.execute(query, params):
        if case_id in numbers and hashlib.sha256(bytes(data or b"")).hexdigest() != sha256:
            found.append((numbers[case_id], filename))
    return found
