"""The archive (house rule 10): closed and withdrawn cases sealed with an
archive number, the canonical JSON of the whole record (with who sealed it
when) and its SHA-256, chained to the seal before it. Corrections are
amendments, sealed in turn. ``models.verify`` checks all of it."""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from peewee import (
    JOIN,
    BlobField,
    CharField,
    DateTimeField,
    Expression,
    Field,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models import audit
from models.anchor import note_commit
from models.audit import AuditEvent
from models.base import BaseModel, db
from models.catalog import Category
from models.complaint import Complaint, FollowUp, ProposalStatus, State, as_time, escalated_since, keep_signature
from models.control.risk import decode_reasons, reasons_as_json
from models.control.risk_cases import risk_as_of
from models.customer import Customer
from models.digest import DigestField, digest_text
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.money import to_money
from models.permissions import Action, require
from models.portable import Connection
from models.portable import connection as raw_connection
from models.seal_store import Dictionary, Packed, StoredFormError, inflate, make_dictionary, pack, unpack
from models.staff import Staff
from models.text import checked_text, clean_text

log = logging.getLogger("complaint_desk.archive")

SEAL, AMENDMENT = "seal", "amendment"
# 2: each proposal keeps the customer's answer to it; 3: the escalation risk, the office's take-over and
# the referral to an outside body (migration 0015, ``_format_3_fields``).
FORMAT_VERSION = 3
NUMBER_PREFIX = "TS"
REASON_MAX = 1000
# A correction names a field of the form and gives its corrected text.
CORRECTED_FIELD_MAX = 64
CORRECTION_MAX = 2000


class ArchiveSeal(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="seals", on_delete="RESTRICT")
    archive_number = CharField(max_length=20, index=True)
    kind = CharField(max_length=16, default=SEAL)
    sealed_at = DateTimeField(default=dt.datetime.now)
    sealed_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)  # not indexed: see models/complaint.py
    reason = TextField(default="")
    # The canonical text's stored form (models/seal_store.py): read it with sealed_text().
    payload = BlobField()
    # Over the previous seal's digest and the canonical text (chain_digest); the previous seal's is read there.
    digest = DigestField()


class SealDictionary(BaseModel):
    """What stored payloads of forms 3 to 6 are compressed against (models/seal_store.py): the texts of
    the newest seals when it was made, up to ``last_seal``. Append-only (migration 0014); verify hashes
    each one again."""

    made_at = DateTimeField(default=dt.datetime.now)
    last_seal = IntegerField()
    data = BlobField()
    sha256 = DigestField()


class ArchiveSequence(BaseModel):
    """The last archive number given in each year, as a number: as text,
    TS-2026-1000000 sorts before TS-2026-999999."""

    year = IntegerField(primary_key=True)
    last = IntegerField()


# --------------------------------------------------------------------------- the canonical record


def _value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def case_record(case: Complaint) -> dict[str, object]:
    """Everything the archive keeps of a case, as plain JSON values."""
    return case_records([case.id])[case.id]


@dataclass(frozen=True)
class RecordNames:
    """What a record names beside the ids a case holds (staff, catalogue entries), read once with
    ``record_names``: the archive's records are built from them and the case's own rows (``complaint_record``),
    by ``case_records`` from the database or by the demo from the rows it is about to write."""

    staff: dict[int, dict[str, object]]
    categories: dict[int, tuple[object, object, object]]  # (code, name, English name: forms only, never sealed)
    departments: dict[int, tuple[object, object, object]]
    remedies: dict[int, tuple[object, object, object]]
    referrals: dict[int, tuple[object, object, object]]


def record_names(read: Callable[..., Any] | None = None) -> RecordNames:
    """The names records give, read with ``read`` (a connection's execute; the models' database by default)."""
    read = read if read is not None else raw_connection().execute

    def coded(table: str) -> dict[int, tuple[object, object, object]]:
        rows = read(f"SELECT id, code, name, name_en FROM {table}")
        return {row_id: (_text(code), _text(name), _text(name_en)) for row_id, code, name, name_en in rows}

    return RecordNames(
        staff={
            row_id: {"username": _text(username), "name": _text(name)}
            for row_id, username, name in read("SELECT id, username, full_name FROM staff")
        },
        categories=coded("category"),
        departments=coded("department"),
        remedies=coded("remedy"),
        referrals=coded("referral_guide"),
    )


# The columns the record builders take, in their order (as case_records selects them).
PROPOSAL_COLUMNS = (
    "seq", "created_at", "created_by_id", "status", "explanation", "needs_office", "total", "decision",
    "decision_note", "decided_by_id", "decided_at", "answer", "counter_demand", "satisfaction", "answered_at",
)  # fmt: skip
LINE_COLUMNS = ("remedy_id", "description", "amount", "charged_to_id")
FOLLOW_UP_COLUMNS = ("kind", "due_at", "description")
ATTACHMENT_COLUMNS = ("filename", "size", "sha256")
COMPLAINT_COLUMNS = (
    "archive_number",
    "state",
    "received_at",
    "received_by_id",
    "channel",
    "location",
    "moved_to_private",
    "narrative",
    "category_id",
    "severity",
    "demand",
    "acknowledged",
    "promised_minutes",
    "promised_at",
    "findings",
    "department_id",
    "staff_involved",
    "liability",
    "handoff_note",
    "consent",
    "counter_demand",
    "satisfaction",
    "signature",
    "witness",
    "consent_at",
    "improvement_suggestion",
    "withdrawn_reason",
    "closed_at",
    "closed_by_id",
    "risk_level",
    "risk_reasons",
    "taken_over_by_id",
    "referral_id",
    "referral_given",
)  # fmt: skip  (signature: the PNG's bytes, or None)


def proposal_record(row: Sequence[object], lines: list[dict[str, object]], names: RecordNames) -> dict[str, object]:
    """A proposal as the record keeps it: ``row`` holds PROPOSAL_COLUMNS as SQLite gives them (or the same
    values as the demo writes them), ``lines`` its lines (``line_record``)."""
    (seq, created_at, created_by, status, explanation, needs_office, total, decision, decision_note, decided_by,
     decided_at, answer, counter_demand, satisfaction, answered_at) = row  # fmt: skip
    staff = names.staff
    status = _text(status)
    return {
        "seq": _int(seq),
        "created_at": _time(created_at),
        "created_by": staff.get(_int(created_by)),  # type: ignore[call-overload]
        "status": status,
        "explanation": _text(explanation),
        "needs_office": _flag(needs_office),
        "total": _money(total),
        "decision": _text(decision),
        "decision_note": _text(decision_note),
        "decided_by": staff.get(_int(decided_by)),  # type: ignore[call-overload]
        "decided_at": _time(decided_at),
        "superseded": status == ProposalStatus.SUPERSEDED,
        "answer": _text(answer),
        "counter_demand": _text(counter_demand),
        "satisfaction": _int(satisfaction),
        "answered_at": _time(answered_at),
        "lines": lines,
    }


def line_record(row: Sequence[object], names: RecordNames) -> dict[str, object]:
    """A compensation line (LINE_COLUMNS) as the record keeps it."""
    remedy_id, description, amount, charged_to = row
    remedy = names.remedies[cast(int, _int(remedy_id))]
    department = names.departments[cast(int, _int(charged_to))] if charged_to else None
    return {
        "remedy": remedy[0],
        "remedy_name": remedy[1],
        "description": _text(description),
        "amount": _money(amount),
        "charged_to": department[0] if department else None,
        "charged_to_name": department[1] if department else None,
    }


def follow_up_record(row: Sequence[object]) -> dict[str, object]:
    """A follow-up (FOLLOW_UP_COLUMNS) as promised."""
    kind, due_at, description = row
    return {"kind": _text(kind), "due_at": _time(due_at), "description": _text(description)}


def attachment_record(row: Sequence[object]) -> dict[str, object]:
    filename, size, sha256 = row
    return {"filename": _text(filename), "size": _int(size), "sha256": _text(sha256)}


def complaint_record(
    case_id: int,
    row: Sequence[object],
    customer: dict[str, object] | None,
    proposals: list[dict[str, object]],
    follow_ups: list[dict[str, object]],
    attachments: list[dict[str, object]],
    names: RecordNames,
) -> dict[str, object]:
    """Everything the archive keeps of a case: ``row`` holds COMPLAINT_COLUMNS as SQLite gives them,
    ``customer`` its name and phone, the lists their records in the order of their ids (proposals by seq)."""
    (archive_number, state, received_at, received_by, channel, location, moved_to_private, narrative, category_id,
     severity, demand, acknowledged, promised_minutes, promised_at, findings, department_id, staff_involved,
     liability, handoff_note, consent, counter_demand, satisfaction, signature, witness, consent_at,
     improvement_suggestion, withdrawn_reason, closed_at, closed_by, level, reasons, taken_over_by, referral_id,
     given) = row  # fmt: skip
    staff = names.staff
    category = names.categories.get(cast(int, _int(category_id)))
    department = names.departments.get(cast(int, _int(department_id)))
    referral = names.referrals.get(cast(int, _int(referral_id)))
    return {
        "format": FORMAT_VERSION,
        "archive_number": _text(archive_number),
        "id": case_id,
        "state": _text(state),
        "received_at": _time(received_at),
        "received_by": staff.get(_int(received_by)),  # type: ignore[call-overload]
        "channel": _text(channel),
        "location": _text(location),
        "moved_to_private": _flag(moved_to_private),
        "customer": customer,
        "narrative": _text(narrative),
        "category": category[0] if category else None,
        "category_name": category[1] if category else None,
        "severity": _text(severity),
        "demand": _text(demand),
        "acknowledged": _flag(acknowledged),
        "promised_minutes": _int(promised_minutes),
        "promised_at": _time(promised_at),
        "findings": _text(findings),
        "department": department[0] if department else None,
        "department_name": department[1] if department else None,
        "staff_involved": _text(staff_involved),
        "liability": _text(liability),
        "handoff_note": _text(handoff_note),
        "proposals": proposals,
        "consent": _text(consent),
        "counter_demand": _text(counter_demand),
        "satisfaction": _int(satisfaction),
        "signature_png": _value(signature),
        "witness": _text(witness),
        "consent_at": _time(consent_at),
        "improvement_suggestion": _text(improvement_suggestion),
        "withdrawn_reason": _text(withdrawn_reason),
        "closed_at": _time(closed_at),
        "closed_by": staff.get(_int(closed_by)),  # type: ignore[call-overload]
        "follow_ups": follow_ups,
        "attachments": attachments,
        # Format 3: the escalation risk as of its last step, the office account that took it over, and the
        # referral to an outside body (code, the guide's name then, what was said).
        "risk_level": _text(level),
        "risk_reasons": _json_list(reasons),
        "taken_over_by": staff.get(_int(taken_over_by)),  # type: ignore[call-overload]
        "referral": referral[0] if referral else None,
        "referral_name": referral[1] if referral else None,
        "referral_given": _text(given),
    }


def case_records(ids: Sequence[int], connection: Connection | None = None) -> dict[int, dict[str, object]]:
    """The archive records of many cases with a handful of queries (sealing
    and verifying a million cases must not cost ten queries each), read
    through ``connection`` (a verify worker's own) or the models' database.

    The rows are read as the driver returns them (SQLite's text and integers, a
    server's datetimes, Decimals and booleans) and turned into the values the
    models would give (``_TEXT``, ``_time``, ``_money``…), the same text from
    either backend: building model objects and parsing every time with strptime
    took most of verify's time.

    Follow-ups are kept as promised (kind, due, what); doing them later is
    work after closing, not part of the sealed record.
    """
    ids = sorted(set(ids))
    if not ids:
        return {}
    read = (connection if connection is not None else raw_connection()).execute
    among, params = _among_sql(ids)
    wanted = set(ids)
    names = record_names(read)
    customers = {
        row_id: {"name": _text(name), "phone": _text(phone)}
        for row_id, name, phone in read(
            f"SELECT id, name, phone FROM customer WHERE id IN (SELECT customer_id FROM complaint WHERE id {among})",
            params,
        )
    }
    proposals: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    by_proposal: dict[int, list[dict[str, object]]] = {}
    rows = read(
        f"SELECT id, complaint_id, {', '.join(PROPOSAL_COLUMNS)} "
        f"FROM proposal WHERE complaint_id {among} ORDER BY complaint_id, seq",
        params,
    )
    for proposal_id, complaint_id, *proposal in rows:
        if complaint_id not in wanted:
            continue
        lines: list[dict[str, object]] = []
        by_proposal[proposal_id] = lines
        proposals[complaint_id].append(proposal_record(proposal, lines, names))
    if by_proposal:
        rows = read(
            f"SELECT l.proposal_id, {', '.join(f'l.{c}' for c in LINE_COLUMNS)} FROM compensation_line l "
            f"JOIN proposal p ON p.id = l.proposal_id WHERE p.complaint_id {among} ORDER BY l.id",
            params,
        )
        for proposal_id, *line in rows:
            if proposal_id in by_proposal:
                by_proposal[proposal_id].append(line_record(line, names))
    follow_ups: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    rows = read(
        f"SELECT complaint_id, {', '.join(FOLLOW_UP_COLUMNS)} FROM follow_up WHERE complaint_id {among} ORDER BY id",
        params,
    )
    for complaint_id, *follow_up in rows:
        if complaint_id in wanted:
            follow_ups[complaint_id].append(follow_up_record(follow_up))
    files: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    rows = read(
        f"SELECT complaint_id, {', '.join(ATTACHMENT_COLUMNS)} FROM attachment WHERE complaint_id {among} ORDER BY id",
        params,
    )
    for complaint_id, *attachment in rows:
        if complaint_id in wanted:
            files[complaint_id].append(attachment_record(attachment))

    records = {}
    columns = ", ".join("g.png" if c == "signature" else f"c.{c}" for c in COMPLAINT_COLUMNS)
    rows = read(
        f"SELECT c.id, c.customer_id, {columns} "
        f"FROM complaint c LEFT JOIN signature g ON g.id = c.signature_id WHERE c.id {among}",
        params,
    )
    for case_id, customer, *row in rows:
        if case_id in wanted:
            records[case_id] = complaint_record(
                case_id,
                row,
                customers.get(cast(int, _int(customer))),
                proposals[case_id],
                follow_ups[case_id],
                files[case_id],
                names,
            )
    return records


def _json_list(value: object) -> object:
    """A stored JSON list (the risk's reasons) as its values; any other text stays the text (a hand-edited
    file: it then differs from the sealed list)."""
    if type(value) is not str:
        return _text(value)
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if isinstance(parsed, list) else value


# Values as SQLite returns them, turned into what the models' fields would give and then _value() of that.
# The usual type goes straight through; anything else (only a hand-edited file has it) takes the field's way.
_TEXT, _INTEGER, _DATETIME = TextField(), IntegerField(), DateTimeField()
_PLAIN_MONEY = re.compile(r"(?:0|[1-9]\d*)\.\d\d", re.ASCII)
_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?", re.ASCII)


def _text(value: object) -> object:
    return value if type(value) is str else _TEXT.python_value(value)


def _int(value: object) -> object:
    return value if type(value) is int or value is None else _INTEGER.python_value(value)


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def _time(value: object) -> object:
    """A stored time as ``_value`` gives the DateTimeField's datetime: ISO, to the second."""
    if type(value) is str and _STORED_TIME.fullmatch(value):
        try:
            dt.datetime.fromisoformat(value)  # as strptime: no 31 February
        except ValueError:
            pass
        else:
            return f"{value[:10]}T{value[11:19]}"
    return _value(_DATETIME.python_value(value))


def _money(value: object) -> object:
    """As ``_value`` gives a MoneyField's value: two places."""
    if type(value) is int:
        return f"{value}.00"
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return value  # what the Decimal of it gives back: two places, no leading zero (the demo's amounts)
    return None if value is None else _value(to_money(str(value)))


def _among_sql(ids: list[int]) -> tuple[str, list[int]]:
    """``IN (ids)`` in SQL, as a range when the sorted ids are dense (see ``_among``)."""
    if ids[-1] - ids[0] < 2 * len(ids):
        return "BETWEEN ? AND ?", [ids[0], ids[-1]]
    return f"IN ({', '.join('?' * len(ids))})", ids


def _among(field: Field, ids: list[int]) -> Expression:
    """``field IN ids``, as a range when the sorted ids are dense: building the SQL
    of thousands of parameters costs more than skipping a few rows."""
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return field.between(ids[0], ids[-1])
    return field.in_(ids)


def canonical_json(record: dict[str, object]) -> str:
    """The record's sealed text: keys sorted, no spaces, characters as they are (json.dumps with ``_CANONICAL``'s
    arguments). orjson writes the very same text four times as fast (a record of 2.5 KB: 5 µs against 20; a test
    compares the two on every code point and on records); anything it does not take as json would (an integer
    beyond 64 bits, a key that is not text, a date) is left to json, which writes it or raises as it always did."""
    try:
        return _orjson_dumps()(record).decode("utf-8")
    except TypeError:
        return _CANONICAL.encode(record)


def canonical_utf8(record: dict[str, object]) -> bytes:
    """``canonical_json``'s text as UTF-8, as orjson writes it (what a seal's digest covers and its payload
    compresses: a bulk seal neither decodes it nor encodes it again). Copied out of orjson's buffer, which is larger
    than what it holds: the demo's worker keeps a batch of them, and held 100 MB more at its peak."""
    try:
        return bytes(memoryview(_orjson_dumps()(record)))
    except TypeError:
        return _CANONICAL.encode(record).encode("utf-8")


@functools.cache
def _orjson_dumps() -> Callable[[object], bytes]:
    import orjson  # on the first seal: the desk's start does not load it

    options = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    return functools.partial(orjson.dumps, option=options)


# json.dumps with these arguments, made once (dumps makes an encoder on every call with arguments of its own).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_digest(previous_digest: str, payload: str | bytes) -> str:
    """The digest of a seal: over the previous seal's digest, a newline and the payload's text (UTF-8)."""
    digest = hashlib.sha256(f"{previous_digest}\n".encode())
    digest.update(payload.encode() if isinstance(payload, str) else payload)
    return digest.hexdigest()


def stored_payload(text: str, dictionary: Dictionary | None) -> bytes:
    """What the payload column keeps of a seal's canonical text (models/seal_store.py), compressed against
    ``dictionary`` (``seal_dictionary()``); inside the sealing transaction, as it may add the customer's
    signature to its table."""
    packed = pack(text, dictionary)
    if packed.signature is not None:
        keep_signature(packed.signature)
    return packed.data


def sealed_text(payload: bytes | str, connection: Connection | None = None) -> str:
    """The canonical text of a stored payload: what the digest covers. Raises StoredFormError."""
    read = (connection if connection is not None else raw_connection()).execute

    def signature(digest: str) -> bytes | None:
        row = read("SELECT png FROM signature WHERE sha256 = ?", (digest,)).fetchone()
        return bytes(row[0]) if row and isinstance(row[0], bytes) else None

    return unpack(payload, signature, functools.partial(stored_dictionary, read))


def stored_dictionary(read: Callable[..., Any], number: int) -> bytes | None:
    """The bytes of a seal dictionary, read with ``read`` (a connection's execute); None when there is none."""
    row = read("SELECT data FROM seal_dictionary WHERE id = ?", (number,)).fetchone()
    return bytes(row[0]) if row and isinstance(row[0], bytes) else None


# A dictionary is made once this many seals have none, and again after as many more; trained on the newest
# seals' texts (models/seal_store.py, make_dictionary: 256 records of 2.4 KiB, about 45 ms).
DICTIONARY_FROM, DICTIONARY_EVERY, DICTIONARY_SEALS = 200, 10_000, 256


def seal_dictionary() -> Dictionary | None:
    """The dictionary new seals are stored with: the newest, or a new one of the newest seals' texts when
    enough seals were made since (inside the sealing transaction: desks take turns at it); None while the
    archive is too small to make one (then DICTIONARY_1 serves)."""
    newest = db.execute_sql("SELECT id, last_seal, data FROM seal_dictionary ORDER BY id DESC LIMIT 1").fetchone()
    (last_seal,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM archive_seal").fetchone()
    if last_seal - (newest[1] if newest else 0) < (DICTIONARY_EVERY if newest else DICTIONARY_FROM):
        return Dictionary(newest[0], bytes(newest[2])) if newest else None
    read = raw_connection().execute
    rows = read(
        "SELECT payload FROM archive_seal WHERE kind = ? ORDER BY id DESC LIMIT ?", (SEAL, DICTIONARY_SEALS)
    ).fetchall()
    texts = []
    for (payload,) in reversed(rows):
        try:
            texts.append(inflate(payload, functools.partial(stored_dictionary, read))[0])
        except StoredFormError:
            continue  # verify names it; the dictionary does without it
    data = make_dictionary(texts)
    made = SealDictionary.create(
        id=(newest[0] if newest else 0) + 1, last_seal=last_seal, data=data, sha256=hashlib.sha256(data).hexdigest()
    )
    return Dictionary(made.id, data)


# --------------------------------------------------------------------------- sealing


def next_archive_number(year: int) -> str:
    """Take the next number of the year. Call inside the write transaction:
    the immediate lock makes concurrent closings take turns, so numbers have no
    gaps (and a rolled-back closing gives its number back)."""
    return format_archive_number(year, _take_numbers(year, 1))


def format_archive_number(year: int, sequence: int) -> str:
    """``TS-2026-000123``: six digits at least, more past 999,999."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


def _take_numbers(year: int, count: int) -> int:
    """Count the next ``count`` numbers of ``year`` as given; the first of them."""
    if not db.in_transaction():
        raise RuntimeError("archive numbers are taken inside the closing transaction")
    taken = ArchiveSequence.update(last=ArchiveSequence.last + count).where(ArchiveSequence.year == year).execute()
    if not taken:
        ArchiveSequence.insert(year=year, last=count).execute()
    return int(ArchiveSequence.get_by_id(year).last) - count + 1


def _append(
    case: Complaint,
    actor: Staff,
    kind: str,
    payload: str,
    sealed_at: dt.datetime,
    reason: str = "",
    archive_number: str | None = None,
) -> ArchiveSeal:
    """Chain one seal or amendment after the last; ``archive_number`` when it is not the case's own
    (an external case sealed under the complaint it belongs to: models/control/external_archive.py)."""
    last = ArchiveSeal.select(ArchiveSeal.id, ArchiveSeal.digest).order_by(ArchiveSeal.id.desc()).first()
    previous = last.digest if last else ""
    row: ArchiveSeal = ArchiveSeal.create(
        # The id given here, not by the database: a server's sequence skips the ids of rolled-back
        # transactions, and verify takes a missing id for a removed seal (desks take turns here).
        id=(last.id if last else 0) + 1,
        complaint=case,
        archive_number=archive_number or case.archive_number,
        kind=kind,
        sealed_at=sealed_at,
        sealed_by=actor,
        reason=reason,
        payload=stored_payload(payload, seal_dictionary()),
        digest=chain_digest(previous, payload),
    )
    note_commit()
    return row


def _sealed_meta(sealed_at: dt.datetime, username: str) -> dict[str, str]:
    """What a seal row keeps beside its payload, put inside it so the digest covers it."""
    return {"sealed_at": sealed_at.isoformat(sep=" "), "sealed_by": username}


def seal(case: Complaint, actor: Staff) -> ArchiveSeal:
    """Number and seal a case that has just been closed or withdrawn."""
    if not db.in_transaction():
        raise RuntimeError("seal() must run inside the closing transaction")
    if case.archive_number:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint {number} is archived already."), number=case.archive_number
        )
    case.archive_number = next_archive_number((case.closed_at or dt.datetime.now()).year)
    Complaint.update(archive_number=case.archive_number).where(Complaint.id == case.id).execute()
    sealed_at = dt.datetime.now()
    sealed_record = {**case_record(case), **_sealed_meta(sealed_at, actor.username)}
    return _append(case, actor, SEAL, canonical_json(sealed_record), sealed_at)


def amend(
    actor: Staff, archive_number: str, reason: str, corrections: dict[str, str], at: dt.datetime | None = None
) -> ArchiveSeal:
    """Append a correction to an archived case (the sealed record never changes); ``at``: when (now by
    default; the demo writes its past)."""
    require(actor, Action.AMEND)
    reason = checked_text(
        "reason", reason, REASON_MAX, QT_TRANSLATE_NOOP("DomainError", "Say why the archived record is corrected.")
    )
    cleaned = {
        checked_text("corrections", str(key), CORRECTED_FIELD_MAX): checked_text(
            "corrections", str(value), CORRECTION_MAX
        )
        for key, value in corrections.items()
        if clean_text(str(key))
    }
    if not cleaned:
        raise FieldError("corrections", QT_TRANSLATE_NOOP("DomainError", "Say what is corrected."))
    with db.atomic():
        actor = require(actor, Action.AMEND)
        case = Complaint.get_or_none(Complaint.archive_number == archive_number)
        if case is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "There is no archived complaint {number}."), number=archive_number
            )
        sealed = ArchiveSeal.get((ArchiveSeal.complaint == case) & (ArchiveSeal.kind == SEAL))
        # The row's sealed_at is the payload's "at", so verify can hold the column to it.
        at = (at or dt.datetime.now()).replace(microsecond=0)
        payload = canonical_json(
            {
                "format": FORMAT_VERSION,
                "archive_number": archive_number,
                "amends": sealed.digest,
                "by": {"username": actor.username, "name": actor.full_name},
                "at": _value(at),
                "reason": reason,
                "corrections": cleaned,
            }
        )
        row = _append(case, actor, AMENDMENT, payload, at, reason)
        audit.record_at(at, "amended", actor, case, archive_number=archive_number, reason=reason, corrections=cleaned)
        return row


def amendments(case: Complaint) -> list[dict[str, object]]:
    query = ArchiveSeal.select().where(ArchiveSeal.complaint == case, ArchiveSeal.kind == AMENDMENT)
    return [json.loads(sealed_text(row.payload)) for row in query.order_by(ArchiveSeal.id)]


def seal_of(case: Complaint) -> ArchiveSeal | None:
    seal_row: ArchiveSeal | None = ArchiveSeal.get_or_none((ArchiveSeal.complaint == case) & (ArchiveSeal.kind == SEAL))
    return seal_row


def printable_record(actor: Staff | None, case: Complaint | int, now: dt.datetime | None = None) -> dict[str, object]:
    """What the complaint form shows: the sealed record when archived (the
    current record, marked as a draft, when not, its escalation risk as of ``now``
    as the screens show it), its seal, amendments and a short history. Archived
    forms are the office's to print (as on the command line); a draft form of an
    open case anyone at the desk may print."""
    if not isinstance(case, Complaint):
        case = cast(Complaint, Complaint.get_by_id(case))
    require(actor, Action.PRINT_ARCHIVE if case.archive_number else Action.RECEIVE)
    sealed = seal_of(case)
    try:
        record = json.loads(sealed_text(sealed.payload)) if sealed else _draft_record(case, now or dt.datetime.now())
    except StoredFormError as error:
        log.error("the sealed record of %s cannot be read: %s", case.archive_number, error)
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The sealed record of {number} cannot be read: verify the archive."),
            number=case.archive_number,
        ) from error
    events = (
        AuditEvent.select(AuditEvent.at, AuditEvent.action, Staff.full_name)
        .join(Staff, JOIN.LEFT_OUTER, on=(AuditEvent.actor == Staff.id))
        .where(AuditEvent.complaint == case)
        .order_by(AuditEvent.id)
        .tuples()
    )
    _english_names(record)
    record["seal"] = {"digest": sealed.digest, "sealed_at": _value(sealed.sealed_at)} if sealed else None
    record["amendments"] = amendments(case)
    record["history"] = [{"at": _value(at), "action": action, "by": name} for at, action, name in events]
    record["follow_up_outcomes"] = follow_up_outcomes(case)
    return record


def follow_up_outcomes(case: Complaint) -> list[dict[str, object] | None]:
    """What came of each of the case's follow-ups, in the record's order (its ids'): when and by whom it was done,
    and what the customer said or was given; None for one still owed. Done after the case was sealed, it is no part
    of the sealed record: the form prints it beside what was promised (house rule 10: every record to the archive)."""
    rows = (
        FollowUp.select(FollowUp.done_at, FollowUp.result, Staff.full_name)
        .join(Staff, JOIN.LEFT_OUTER, on=(FollowUp.done_by == Staff.id))
        .where(FollowUp.complaint == case)
        .order_by(FollowUp.id)
        .tuples()
    )
    return [
        {"done_at": _value(done_at), "by": name or "", "result": result or ""} if done_at is not None else None
        for done_at, result, name in rows
    ]


def _draft_record(case: Complaint, now: dt.datetime) -> dict[str, object]:
    """An open case's record with its escalation risk as of ``now`` (the promise passed, the office's wait), as
    the case view and the queues show it: the level stored at the last step would contradict them on paper."""
    record = case_record(case)
    since = as_time(Complaint.select(escalated_since()).where(Complaint.id == case.id).scalar())
    risk = risk_as_of(case.risk_level, decode_reasons(case.risk_reasons), case.state, case.promised_at, since, now)
    if risk is not None:
        record["risk_level"] = risk.level.value
        record["risk_reasons"] = reasons_as_json(risk.reasons)
    return record


# The entries a record names by code, the key of the code and the table it comes from.
_NAMED_ENTRIES = (("category", "category"), ("department", "department"), ("referral", "referral_guide"))
_NAMED_IN_LINES = (("remedy", "remedy"), ("charged_to", "department"))


def _english_names(record: dict[str, object]) -> None:
    """The English names of the catalogue entries the record names (``*_name_en``), for an English form:
    the seal keeps the Chinese names of its day; the English ones come from the catalogue as it is now, by
    code (the codes never change; the seal is not touched)."""
    names = record_names()
    by_code = {
        table: {code: english for code, _, english in entries.values()}
        for table, entries in (
            ("category", names.categories),
            ("department", names.departments),
            ("referral_guide", names.referrals),
            ("remedy", names.remedies),
        )
    }
    for key, table in _NAMED_ENTRIES:
        record.setdefault(f"{key}_name_en", by_code[table].get(record.get(key)) if record.get(key) else None)
    for proposal in cast(list[dict[str, Any]], record.get("proposals") or []):
        for line in cast(list[dict[str, Any]], proposal.get("lines") or []):
            for key, table in _NAMED_IN_LINES:
                line.setdefault(f"{key}_name_en", by_code[table].get(line.get(key)) if line.get(key) else None)


def seal_in_bulk(ids: Sequence[int]) -> int:
    """Seal closed or withdrawn cases that have no archive number yet (cases
    generated or imported in bulk), in closing order, inside the caller's
    transaction; each is sealed by whoever closed it. Returns how many."""
    if not db.in_transaction():
        raise RuntimeError("seal_in_bulk() must run inside a transaction")
    rows = list(
        Complaint.select(Complaint.id, Complaint.closed_at, Complaint.closed_by)
        .where(
            Complaint.id.in_(list(ids)),
            Complaint.archive_number.is_null(),
            Complaint.state.in_([State.CLOSED, State.WITHDRAWN]),
        )
        .tuples()
    )
    if not rows:
        return 0
    records = case_records([complaint_id for complaint_id, _, _ in rows])
    cases = [CaseToSeal(case_id, closed_at, closed_by, records[case_id]) for case_id, closed_at, closed_by in rows]
    sealed = seal_cases(archive_head(), cases, record_names())
    write_bulk_seals(sealed)
    return len(sealed.seals)


@dataclass(frozen=True)
class ArchiveHead:
    """Where the archive stands, all that sealing cases in bulk away from the database (``seal_cases``: the
    demo's worker process) continues from: the last seal (id and digest), the newest dictionary (and the last
    seal when it was made), the last archive number given in each year, and the newest seals' texts as
    ``inflate`` gives them, oldest first (the next dictionary is made of them)."""

    last_seal: int
    digest: str
    dictionary: Dictionary | None
    dictionary_last_seal: int
    sequences: dict[int, int]
    recent: tuple[bytes, ...] = ()

    def place(self) -> tuple[object, ...]:
        """All but the texts: two heads in the same place have the same texts."""
        number = self.dictionary.id if self.dictionary is not None else None
        return self.last_seal, self.digest, number, self.dictionary_last_seal, sorted(self.sequences.items())


def archive_head(texts: bool = True) -> ArchiveHead:
    """The archive's head as the database holds it (inside the sealing transaction); without the newest texts
    unless ``texts``."""
    read = raw_connection().execute
    last = read("SELECT id, digest FROM archive_seal ORDER BY id DESC LIMIT 1").fetchone()
    newest = read("SELECT id, last_seal, data FROM seal_dictionary ORDER BY id DESC LIMIT 1").fetchone()
    recent: list[bytes] = []
    if texts:
        rows = read(
            "SELECT payload FROM archive_seal WHERE kind = ? ORDER BY id DESC LIMIT ?", (SEAL, DICTIONARY_SEALS)
        ).fetchall()
        for (payload,) in reversed(rows):
            try:
                recent.append(inflate(payload, functools.partial(stored_dictionary, read))[0])
            except StoredFormError:
                continue  # verify names it; the dictionary does without it
    return ArchiveHead(
        last_seal=last[0] if last else 0,
        digest=digest_text(last[1]) if last else "",
        dictionary=Dictionary(newest[0], bytes(newest[2])) if newest else None,
        dictionary_last_seal=newest[1] if newest else 0,
        sequences=dict(read("SELECT year, last FROM archive_sequence").fetchall()),
        recent=tuple(recent),
    )


@dataclass
class CaseToSeal:
    """A closed or withdrawn case to seal: who closed it when, and its record (``complaint_record``) without
    its archive number yet."""

    id: int
    closed_at: dt.datetime
    closed_by: int
    record: dict[str, object]


@dataclass
class BulkSeals:
    """Seals made by ``seal_cases`` after ``head``, for ``write_bulk_seals``: the cases' numbers, the
    archive_seal rows (but their payloads), the canonical texts in their stored form (``pack``: compressed where
    the seals are made, the demo's worker process, so that the writer only stores them and a sixth of the
    bytes crosses the pipe) or as their UTF-8 (``canonical_utf8``) the writer compresses (``seal_cases(...,
    packed=False)``: the two processes share the work), and a dictionary made for them (stored first) or the one
    they are compressed against."""

    head: ArchiveHead
    after: ArchiveHead
    numbers: list[tuple[str, int]]  # (archive number, complaint id)
    seals: list[tuple[object, ...]]  # archive_seal's complaint_id, archive_number, kind, sealed_at, ..., digest
    payloads: list[Packed | bytes]
    made: Dictionary | None


def seal_cases(
    head: ArchiveHead, cases: Sequence[CaseToSeal], names: RecordNames, packed: bool = True
) -> BulkSeals:
    """Number and seal ``cases`` in closing order after ``head``, as closing seals them one by one, without
    the database: each sealed by whoever closed it, the batch stored against one dictionary (a new one when
    enough seals were made since the last, as ``seal_dictionary`` makes it). Sets each record's number.
    ``packed``: the payloads compressed here; else ``write_bulk_seals`` compresses them (all but the newest few,
    which the next dictionary is made of)."""
    ordered = sorted(cases, key=lambda case: (case.closed_at, case.id))
    sequences = dict(head.sequences)
    next_sequence = {}
    for year, count in sorted(Counter(case.closed_at.year for case in ordered).items()):
        next_sequence[year] = sequences.get(year, 0) + 1
        sequences[year] = sequences.get(year, 0) + count
    dictionary, made = head.dictionary, None
    since = head.last_seal - (head.dictionary_last_seal if dictionary is not None else 0)
    if ordered and since >= (DICTIONARY_EVERY if dictionary is not None else DICTIONARY_FROM):
        made = Dictionary(dictionary.id + 1 if dictionary is not None else 1, make_dictionary(head.recent))
        dictionary = made
    previous = head.digest
    numbers: list[tuple[str, int]] = []
    seals: list[tuple[object, ...]] = []
    payloads: list[bytes] = []
    for case in ordered:
        year = case.closed_at.year
        number = format_archive_number(year, next_sequence[year])
        next_sequence[year] += 1
        case.record["archive_number"] = number
        meta = _sealed_meta(case.closed_at, cast(str, names.staff[case.closed_by]["username"]))
        payload = canonical_utf8({**case.record, **meta})
        previous = chain_digest(previous, payload)
        sealed_at = ArchiveSeal.sealed_at.db_value(case.closed_at)
        numbers.append((number, case.id))
        seals.append((case.id, number, SEAL, sealed_at, case.closed_by, "", bytes.fromhex(previous)))
        payloads.append(payload)
    later = 0 if packed else max(0, len(payloads) - DICTIONARY_SEALS)  # left to the writer
    stored_form: list[Packed | bytes] = [*payloads[:later], *(pack(text, dictionary) for text in payloads[later:])]
    stored = {dictionary.id: dictionary.data} if dictionary is not None else {}
    newest = [inflate(cast(Packed, kept).data, stored.get)[0] for kept in stored_form[-DICTIONARY_SEALS:]]
    after = ArchiveHead(
        last_seal=head.last_seal + len(seals),
        digest=previous,
        dictionary=dictionary,
        dictionary_last_seal=head.last_seal if made is not None else head.dictionary_last_seal,
        sequences=sequences,
        recent=(*head.recent, *newest)[-DICTIONARY_SEALS:],
    )
    return BulkSeals(head, after, numbers, seals, stored_form, made)


def write_bulk_seals(sealed: BulkSeals, numbered: bool = False) -> None:
    """Store what ``seal_cases`` made and give the cases their archive numbers, inside the caller's
    transaction, where the archive still stands at its head (``archive_head().place()``: the caller checks;
    the cases' proposals and follow-ups are in: the archive's triggers refuse them for a sealed case).
    ``numbered``: the caller inserted the cases with their numbers (``sealed.numbers``) already."""
    if not db.in_transaction():
        raise RuntimeError("seals are stored inside the sealing transaction")
    connection = raw_connection()
    for year, last in sealed.after.sequences.items():
        if year not in sealed.head.sequences:
            connection.execute("INSERT INTO archive_sequence (year, last) VALUES (?, ?)", (year, last))
        elif last != sealed.head.sequences[year]:
            connection.execute("UPDATE archive_sequence SET last = ? WHERE year = ?", (last, year))
    if not numbered:
        connection.executemany("UPDATE complaint SET archive_number = ? WHERE id = ?", sealed.numbers)
    made = sealed.made
    if made is not None:
        SealDictionary.create(
            id=made.id, last_seal=sealed.head.last_seal, data=made.data, sha256=hashlib.sha256(made.data).hexdigest()
        )
    dictionary = sealed.after.dictionary
    payloads = [kept if isinstance(kept, Packed) else pack(kept, dictionary) for kept in sealed.payloads]
    for kept in payloads:
        if kept.signature is not None:
            keep_signature(kept.signature)
    first = sealed.head.last_seal + 1  # ids given here, as _append gives them
    connection.executemany(
        "INSERT INTO archive_seal (id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, digest, "
        "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (first + index, *row, kept.data)
            for index, (row, kept) in enumerate(zip(sealed.seals, payloads, strict=True))
        ],
    )
    note_commit()


WHOLE_NUMBER = re.compile(r"TS-\d{4}-\d{6,7}", re.IGNORECASE)
CASE_ID = re.compile(r"#\d{1,18}")  # a complaint as the lists name it before (and beside) its archive number


@dataclass(frozen=True)
class ArchivedCase:
    id: int
    archive_number: str
    closed_at: dt.datetime
    state: str
    category: str
    customer: str
    phone: str
    category_en: str = ""


def find_archived(
    number: str = "", closed_from: dt.date | None = None, closed_to: dt.date | None = None, limit: int = 1000
) -> list[ArchivedCase]:
    """Archived cases by (part of) their number and closing dates, newest first. A whole archive number, or a case's
    "#id", finds its case whatever the dates (a clerk with a customer's letter found nothing closed before last
    month)."""
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.archive_number,
            Complaint.closed_at,
            Complaint.state,
            Category.name,
            Customer.name,
            Customer.phone,
            Category.name_en,
        )
        .join_from(Complaint, Category, JOIN.LEFT_OUTER)
        .join_from(Complaint, Customer, JOIN.LEFT_OUTER)
        .where(Complaint.archive_number.is_null(False))
    )
    if WHOLE_NUMBER.fullmatch(number.strip()):
        # The number itself, by its index (a search for it read every sealed row: two seconds at a million).
        query = query.where(Complaint.archive_number == number.strip().upper())
        closed_from = closed_to = None
    elif CASE_ID.fullmatch(number.strip()):  # the case as the desk's lists name it ("#2997"), whatever the dates
        query = query.where(Complaint.id == int(number.strip()[1:]))
        closed_from = closed_to = None
    elif number.strip():
        query = query.where(Complaint.archive_number.contains(number.strip().upper()))
    if closed_from is not None:
        query = query.where(Complaint.closed_at >= dt.datetime.combine(closed_from, dt.time.min))
    if closed_to is not None:
        query = query.where(Complaint.closed_at < dt.datetime.combine(closed_to + dt.timedelta(days=1), dt.time.min))
    # Cases closed in the same second by their numbers, newest first: the same order on a file and a server.
    rows = query.order_by(Complaint.closed_at.desc(), Complaint.archive_number.desc()).limit(limit).tuples()
    return [
        ArchivedCase(i, n, c, s, cat or "", cust or "", phone or "", cat_en or "")
        for i, n, c, s, cat, cust, phone, cat_en in rows
    ]


def archived_by_numbers(actor: Staff, numbers: Sequence[str]) -> list[Complaint]:
    """The cases with these archive numbers, in the order given, for printing;
    unknown ones raise."""
    require(actor, Action.PRINT_ARCHIVE)
    # A case's number without its "#" (2998), as the register's search takes it: it was "There is no archived
    # complaint 2998." of an open case, and of a closed one.
    numbers = [f"#{number}" if number.isdigit() else number for number in numbers]
    found = {c.archive_number: c for c in Complaint.select().where(Complaint.archive_number.in_(list(numbers)))}
    # A case named as the desk's lists name it ("#2997"): its form when it is sealed; said to be open when not
    # (it was "There is no archived complaint #2996." of a case waiting for the office).
    by_id = {int(n[1:]): n for n in numbers if n not in found and CASE_ID.fullmatch(n)}
    cases = {case.id: case for case in Complaint.select().where(Complaint.id.in_(list(by_id)))}
    for case in (cases[case_id] for case_id in by_id if case_id in cases):  # the first named, the first said
        if case.archive_number is None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{number} is still open ({state}): a complaint's form is printed once it is closed or withdrawn.",
                ),
                number=by_id[case.id],
                state=case.state,
            )
        found[by_id[case.id]] = case
    missing = [n for n in numbers if n not in found]
    if missing:
        # models.control.external imports this module: its table read as it is.
        marks = ", ".join("?" * len(missing))
        external = [
            number
            for (number,) in db.execute_sql(
                f"SELECT archive_number FROM external_case WHERE archive_number IN ({marks})", missing
            ).fetchall()
        ]
        if external:  # it said "There is no archived complaint WB-2026-000001" of a sealed record
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "{number}: an external case's record, printed from its own page (Office: external cases).",
                ),
                number=", ".join(external),
            )
        template = (
            QT_TRANSLATE_NOOP("DomainError", "There is no archived complaint {number}.")
            if len(missing) == 1
            else QT_TRANSLATE_NOOP("DomainError", "There are no archived complaints {number}.")
        )
        raise DomainError(template, number=", ".join(missing))
    return [found[n] for n in numbers]
