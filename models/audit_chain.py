"""The audit trail's chain, as written: each event appended with its digest over the one before (``models.audit``
says what the trail is). Below the models that name an event's actor and complaint, so that the accounts' own
rules (a wrong password counted, an account locked) append to it without an import circle."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence

from models.base import db
from models.digest import digest_text

# The stored columns an event's digest covers, in this order ("changes" is the text audit_change keeps).
CHAINED_COLUMNS = ("id", "complaint_id", "at", "actor_id", "action", "changes")


def event_digest(previous_digest: str, row: Sequence[object]) -> str:
    """The digest of one event: ``row`` holds the CHAINED_COLUMNS as SQLite stores
    them (the text of ``at`` as written, not a parsed time, so no reformatting
    can make an event look edited; the changes' text)."""
    text = "\x1f".join(["" if value is None else str(value) for value in row])
    return hashlib.sha256(f"{previous_digest}\n{text}".encode()).hexdigest()


def text_hash(text: str) -> int:
    """How ``audit_change`` finds a text: the first 8 bytes of its SHA-256, as a signed integer."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


def change_ids(texts: Iterable[str]) -> dict[str, int]:
    """The ``audit_change`` row of each text, added when it is new (inside the caller's write transaction)."""
    found: dict[str, int] = {}
    for text in texts:
        if text in found:
            continue
        hashed = text_hash(text)
        rows = db.execute_sql("SELECT id, text FROM audit_change WHERE hash = ?", (hashed,)).fetchall()
        known = next((row_id for row_id, stored in rows if stored == text), None)
        if known is None:
            known = db.execute_sql(
                "INSERT INTO audit_change (hash, text) VALUES (?, ?) RETURNING id", (hashed, text)
            ).fetchone()[0]
        found[text] = int(known)
    return found


def chain_head() -> tuple[int, str]:
    """The last event's id and digest (0 and "" when there is none)."""
    last = db.execute_sql("SELECT id, digest FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return (last[0], digest_text(last[1])) if last else (0, "")


def append_event(
    at: dt.datetime, action: str, actor_id: int | None, complaint_id: int | None, changes: dict[str, object]
) -> tuple[int, str]:
    """Append one event (``models.audit.record_at`` with ids); its id and digest.

    The id is chosen and the chain extended inside the write transaction: its
    immediate lock makes desks take turns, so two events never share a predecessor.
    """
    text = json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
    with db.atomic():
        last_id, previous = chain_head()
        row = (last_id + 1, complaint_id, at.isoformat(sep=" "), actor_id, action, text)
        digest = event_digest(previous, row)
        db.execute_sql(
            "INSERT INTO audit_event (id, complaint_id, at, actor_id, action, changes_id, digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row[:5], change_ids([text])[text], bytes.fromhex(digest)),
        )
    return row[0], digest
