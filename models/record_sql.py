"""The sealed record of a case rendered by SQLite, for verify's fast path (a SQLite file's only:
on a PostgreSQL server verify compares every sealed case in Python, ``models/verify.py``).

``models.archive.case_records`` builds a case's record in Python and
``canonical_json`` writes it; verify compares that text with the sealed one.
On a million cases the Python work is most of verify's time, so verify first
asks SQLite for the same text, built in C with its JSON functions, and falls
back to the Python comparison whenever the two texts differ.

That is sound because of one rule this module keeps: wherever SQLite's text
could equal a sealed text, it is the text Python gives for the same rows.
Values of the types the application writes are rendered exactly as
``case_records`` and ``canonical_json`` render them. Anything else gives a
text no sealed record holds: a NULL record, or a null in a list of objects,
when an integer, a flag, a time, an amount or a key is not of its type and
shape; an error for the whole batch (then Python compares all of it) when a
text column holds a BLOB, which JSON refuses (a text column holds nothing
but text, BLOB or NULL). A time with impossible digits (31 February) passes
the shape but gives a text no sealed record holds either, since the
application seals real times. So "SQLite's text equals the sealed text"
implies "Python's text equals it": the fast path never passes what the
Python comparison would name. Tests hold the two renderings to be equal on
every seal they make, naughty strings included, so a change to
``case_records`` that is not made here shows as a slower verify in a test
(``VerifyReport.compared_in_python``), not as a wrong one.

Seals keep the format of their day: a seal older than the first of format 3
(the setting migration 0015 wrote) is rendered as format 2, a newer one as
format 3, so the fast path matches both (format 1 seals go to Python).

The text is the one before a stored payload's signature is put back
(``models.seal_store``): a signed case's ``signature_png`` is the SHA-256 of
its signature row, which verify hashes again from the PNG.
"""

from __future__ import annotations

from models.complaint import ProposalStatus

SUPERSEDED = ProposalStatus.SUPERSEDED.value

# A time as DateTimeField stores it: to the second, or to the microsecond. Its digits are not
# checked for a valid date: a time the application wrote is one, and an invalid one gives a text
# no sealed record holds (the sealed texts are the application's), so it never passes for one.
_TIME_SHAPE = (
    "(typeof({x}) = 'text' AND {x} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' "
    "AND (length({x}) = 19 OR (length({x}) = 26 AND {x} GLOB '*.[0-9][0-9][0-9][0-9][0-9][0-9]')))"
)


def _text(x: str) -> tuple[str, str]:
    """A text column: it holds text, NULL or a BLOB, and JSON refuses a BLOB (the whole batch
    is then compared in Python), so its value needs no guard."""
    return x, ""


def _integer(x: str) -> tuple[str, str]:
    return x, f"typeof({x}) IN ('integer', 'null')"


def _flag(x: str) -> tuple[str, str]:
    return (
        f"json(CASE WHEN {x} IS NULL THEN 'null' WHEN {x} THEN 'true' ELSE 'false' END)",
        f"typeof({x}) IN ('integer', 'null')",
    )


def _time(x: str) -> tuple[str, str]:
    """ISO, to the second, as ``_value`` gives the datetime."""
    return (
        f"CASE WHEN {x} IS NULL THEN NULL ELSE substr({x}, 1, 10) || 'T' || substr({x}, 12, 8) END",
        f"({x} IS NULL OR {_TIME_SHAPE.format(x=x)})",
    )


def _money(x: str) -> tuple[str, str]:
    """Two places, as a MoneyField reads it; reals only when they hold at most two places."""
    return (
        f"CASE typeof({x}) WHEN 'integer' THEN {x} || '.00' WHEN 'real' THEN printf('%.2f', {x}) END",
        f"(typeof({x}) = 'integer' OR (typeof({x}) = 'real' AND abs({x}) < 1e12 "
        f"AND abs({x} * 100 - round({x} * 100)) < 1e-6))",
    )


def _person(alias: str, key: str) -> tuple[str, str]:
    """A staff row as ``{"name", "username"}``, or null when the key names none."""
    return (
        f"CASE WHEN {alias}.id IS NULL THEN NULL "
        f"ELSE json_object('name', {alias}.full_name, 'username', {alias}.username) END",
        f"typeof({key}) IN ('integer', 'null')",
    )


def _object(fields: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """json_object of the fields in sorted key order (as canonical_json sorts them), and all their guards."""
    pairs = ", ".join(f"'{key}', {fields[key][0]}" for key in sorted(fields))
    return f"json_object({pairs})", " AND ".join(
        f"({fields[key][1]})" for key in sorted(fields) if fields[key][1]
    ) or "1"


def _guarded(fields: dict[str, tuple[str, str]]) -> str:
    """The object where every guard holds, else NULL (a null in a list of objects: never sealed)."""
    rendered, guard = _object(fields)
    return f"CASE WHEN {guard} THEN {rendered} END"


def _lines() -> str:
    line = _guarded(
        {
            # A line without its remedy stops case_records (KeyError): here it is a null line.
            "remedy": ("r.code", "typeof(l.remedy_id) = 'integer' AND r.id IS NOT NULL"),
            "remedy_name": ("r.name", ""),
            "description": _text("l.description"),
            "amount": _money("l.amount"),
            # A falsy key (NULL or 0) is no department, as case_records reads it.
            "charged_to": ("CASE WHEN l.charged_to_id THEN t.code END",
                           "typeof(l.charged_to_id) IN ('integer', 'null') "
                           "AND (coalesce(l.charged_to_id, 0) = 0 OR t.id IS NOT NULL)"),
            "charged_to_name": ("CASE WHEN l.charged_to_id THEN t.name END", ""),
        }
    )  # fmt: skip
    return (
        f"(SELECT json_group_array({line}) FROM (SELECT * FROM compensation_line WHERE proposal_id = p.id "
        "ORDER BY id) AS l LEFT JOIN remedy r ON r.id = l.remedy_id LEFT JOIN department t ON t.id = l.charged_to_id)"
    )


def _proposals() -> str:
    proposal = _guarded(
        {
            "seq": ("p.seq", "typeof(p.seq) = 'integer'"),
            "created_at": _time("p.created_at"),
            "created_by": _person("pc", "p.created_by_id"),
            "status": _text("p.status"),
            "explanation": _text("p.explanation"),
            "needs_office": _flag("p.needs_office"),
            "total": _money("p.total"),
            "decision": _text("p.decision"),
            "decision_note": _text("p.decision_note"),
            "decided_by": _person("pd", "p.decided_by_id"),
            "decided_at": _time("p.decided_at"),
            "superseded": (f"json(CASE WHEN p.status = '{SUPERSEDED}' THEN 'true' ELSE 'false' END)", ""),
            "answer": _text("p.answer"),
            "counter_demand": _text("p.counter_demand"),
            "satisfaction": _integer("p.satisfaction"),
            "answered_at": _time("p.answered_at"),
            "lines": (_lines(), ""),
        }
    )  # fmt: skip
    return (
        f"(SELECT json_group_array({proposal}) FROM (SELECT * FROM proposal WHERE complaint_id = c.id "
        "ORDER BY complaint_id, seq) AS p LEFT JOIN staff pc ON pc.id = p.created_by_id "
        "LEFT JOIN staff pd ON pd.id = p.decided_by_id)"
    )


def _follow_ups() -> str:
    promise = _guarded({"kind": _text("f.kind"), "due_at": _time("f.due_at"), "description": _text("f.description")})
    return (
        f"(SELECT json_group_array({promise}) FROM "
        "(SELECT * FROM follow_up WHERE complaint_id = c.id ORDER BY id) AS f)"
    )


def _attachments() -> str:
    file = _guarded({"filename": _text("a.filename"), "size": _integer("a.size"), "sha256": _text("a.sha256")})
    return (
        f"(SELECT json_group_array({file}) FROM (SELECT * FROM attachment WHERE complaint_id = c.id ORDER BY id) AS a)"
    )


def _format_2_fields(version: int) -> dict[str, tuple[str, str]]:
    """The record's keys up to format 2 (the seal row's sealed_at and sealed_by among them)."""
    return {
        "format": (str(version), ""),
        "archive_number": _text("c.archive_number"),
        "id": ("c.id", ""),
        "state": _text("c.state"),
        "received_at": _time("c.received_at"),
        "received_by": _person("rb", "c.received_by_id"),
        "channel": _text("c.channel"),
        "location": _text("c.location"),
        "moved_to_private": _flag("c.moved_to_private"),
        "customer": ("CASE WHEN u.id IS NULL THEN NULL ELSE json_object('name', u.name, 'phone', u.phone) END",
                     "typeof(c.customer_id) IN ('integer', 'null')"),
        "narrative": _text("c.narrative"),
        "category": ("k.code", "typeof(c.category_id) IN ('integer', 'null')"),
        "category_name": ("k.name", ""),
        "severity": _text("c.severity"),
        "demand": _text("c.demand"),
        "acknowledged": _flag("c.acknowledged"),
        "promised_minutes": _integer("c.promised_minutes"),
        "promised_at": _time("c.promised_at"),
        "findings": _text("c.findings"),
        "department": ("d.code", "typeof(c.department_id) IN ('integer', 'null')"),
        "department_name": ("d.name", ""),
        "staff_involved": _text("c.staff_involved"),
        "liability": _text("c.liability"),
        "handoff_note": _text("c.handoff_note"),
        "proposals": (_proposals(), ""),
        "consent": _text("c.consent"),
        "counter_demand": _text("c.counter_demand"),
        "satisfaction": _integer("c.satisfaction"),
        # The stored form's stand-in for the image: its digest (models/seal_store.py).
        "signature_png": ("g.sha256", "typeof(c.signature_id) IN ('integer', 'null') AND "
                          "(c.signature_id IS NULL OR (typeof(g.sha256) = 'text' AND length(g.sha256) = 64))"),
        "witness": _text("c.witness"),
        "consent_at": _time("c.consent_at"),
        "improvement_suggestion": _text("c.improvement_suggestion"),
        "withdrawn_reason": _text("c.withdrawn_reason"),
        "closed_at": _time("c.closed_at"),
        "closed_by": _person("cb", "c.closed_by_id"),
        "follow_ups": (_follow_ups(), ""),
        "attachments": (_attachments(), ""),
        # The seal row's own columns, as verify puts them beside the record.
        "sealed_at": (
            "CASE WHEN s.sealed_at IS NULL THEN NULL WHEN substr(s.sealed_at, 20) = '.000000' "
            "THEN substr(s.sealed_at, 1, 19) ELSE s.sealed_at END",
            f"(s.sealed_at IS NULL OR {_TIME_SHAPE.format(x='s.sealed_at')})",
        ),
        "sealed_by": ("sb.username", "typeof(s.sealed_by_id) IN ('integer', 'null')"),
    }  # fmt: skip


def _format_3_fields() -> dict[str, tuple[str, str]]:
    """Format 3's keys (``models.archive._Format3``). The reasons are the stored JSON list as SQLite's
    json() gives it back, minified in the stored order: where that equals the sealed text, which Python
    wrote with sorted keys, Python's parse and re-serialisation gives the same text (json_valid admits
    RFC 8259 text only, which both parse alike); anything else makes the record NULL."""
    return {
        **_format_2_fields(3),
        "risk_level": _text("c.risk_level"),
        "risk_reasons": (
            "json(c.risk_reasons)",
            "typeof(c.risk_reasons) = 'text' AND json_valid(c.risk_reasons) AND json_type(c.risk_reasons) = 'array'",
        ),
        "taken_over_by": _person("tb", "c.taken_over_by_id"),
        "referral": ("rg.code", "typeof(c.referral_id) IN ('integer', 'null')"),
        "referral_name": ("rg.name", ""),
        "referral_given": _text("c.referral_given"),
    }


# The first seal of format 3, as migration 0015 noted it: older seals are rendered as format 2.
FORMAT_3_FROM_SEAL = "archive_format_3_from_seal"


def _seal_records_sql() -> str:
    by_format = []
    for fields in (_format_2_fields(2), _format_3_fields()):
        record, guard = _object(fields)
        # The seal's archive number must be the case's: otherwise Python names the renumbering.
        by_format.append(f"CASE WHEN {guard} AND s.archive_number = c.archive_number THEN {record} END")
    first_of_3 = f"coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = '{FORMAT_3_FROM_SEAL}'), 0)"
    return (
        f"SELECT s.id, CAST(CASE WHEN s.id < {first_of_3} THEN {by_format[0]} ELSE {by_format[1]} END AS BLOB) "
        "FROM archive_seal s JOIN complaint c ON c.id = s.complaint_id "
        "LEFT JOIN staff sb ON sb.id = s.sealed_by_id LEFT JOIN staff rb ON rb.id = c.received_by_id "
        "LEFT JOIN staff cb ON cb.id = c.closed_by_id LEFT JOIN customer u ON u.id = c.customer_id "
        "LEFT JOIN category k ON k.id = c.category_id LEFT JOIN department d ON d.id = c.department_id "
        "LEFT JOIN signature g ON g.id = c.signature_id "
        "LEFT JOIN staff tb ON tb.id = c.taken_over_by_id LEFT JOIN referral_guide rg ON rg.id = c.referral_id "
        "WHERE s.id BETWEEN ? AND ? AND s.kind = 'seal' AND typeof(s.complaint_id) = 'integer'"
    )


# The seals with ids between two bounds, each with its case's record and the seal row's sealed_at and
# sealed_by as SQLite renders them (UTF-8 bytes), or NULL where the Python comparison must decide.
SEAL_RECORDS = _seal_records_sql()
