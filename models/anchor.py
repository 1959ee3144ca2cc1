"""The anchor log: the archive's chain head written down outside the database.

After each committed seal or amendment one JSON line {at, seals, head, last,
events, event_head} (how many seals and events, the digests and archive number
of the last ones) goes to ``<folder>/<database id>.jsonl`` (the folder is the
application-data folder, configured at start-up); every backup carries the
head of its copy in a sidecar ``<backup>.anchor``. Someone who has the file can
rewrite the whole chain consistently, or cut its tail off, but cannot change a
head written down before: ``verify`` compares the database with these anchors.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, SqliteDatabase

from models.base import db
from models.digest import digest_text

log = logging.getLogger("complaint_desk.anchor")

IDENTITY_KEY = "database_id"
SIDECAR_SUFFIX = ".anchor"
SHORT_HEAD = 12

_folder: Path | None = None
_written: dict[str, tuple[int, str, int, str]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Anchor:
    at: str
    seals: int
    head: str
    last: str
    events: int
    event_head: str

    @property
    def short_head(self) -> str:
        return self.head[:SHORT_HEAD]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Anchor | None:
        """None for a line that is not an anchor (a torn last line after a crash)."""
        try:
            data = json.loads(text)
            return cls(
                str(data["at"]),
                int(data["seals"]),
                str(data["head"]),
                str(data["last"]),
                int(data["events"]),
                str(data["event_head"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


def configure(folder: Path | None) -> None:
    """Where the anchor logs go; None writes none (tests of other things, tools)."""
    global _folder
    _folder = folder


def configured_folder() -> Path | None:
    return _folder


def database_identity(database: Database | None = None) -> str | None:
    """The random id migration 0008 stored; None in an older or foreign file."""
    try:
        row = (database or db).execute_sql("SELECT value FROM setting WHERE key = ?", (IDENTITY_KEY,)).fetchone()
    except Exception:  # noqa: BLE001 - a file before 0008, or not ours: it simply has no identity
        return None
    return json.loads(row[0]) if row else None


def current_anchor(database: Database | None = None) -> Anchor:
    """The chain heads as they are now (call inside a transaction for a consistent pair).

    The application never deletes a seal or an event and SQLite gives each new
    row the highest id plus one, so the head's id is also how many there are;
    reading it costs one index lookup however large the archive."""
    database = database or db
    head = database.execute_sql(
        "SELECT id, digest, archive_number FROM archive_seal ORDER BY id DESC LIMIT 1"
    ).fetchone()
    event = database.execute_sql("SELECT id, digest FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return Anchor(
        dt.datetime.now().isoformat(sep=" "),
        head[0] if head else 0,
        digest_text(head[1]) if head else "",
        head[2] if head else "",
        event[0] if event else 0,
        digest_text(event[1]) if event else "",
    )


def anchor_log(identity: str, folder: Path | None = None) -> Path | None:
    folder = folder or _folder
    return folder / f"{identity}.jsonl" if folder else None


def note_commit() -> None:
    """Write the anchor once the caller's transaction has committed (a seal
    rolled back must not be anchored)."""
    if _folder is not None:
        db.after_commit(_write_anchor)


def _write_anchor() -> None:
    try:
        _append_anchor()
    except Exception:
        # verify then reports the seals after the last anchor; the log says why.
        log.exception("cannot write the archive's anchor")


def _append_anchor() -> None:
    identity = database_identity()
    path = anchor_log(identity) if identity else None
    if identity is None or path is None:
        return
    with _lock:
        from models.portable import snapshot  # one committed state for the pair of heads, on a server too

        with snapshot():
            anchor = current_anchor()
        key = (anchor.seals, anchor.head, anchor.events, anchor.event_head)
        if _written.get(identity) == key:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: lines of several desks on this machine do not interleave.
        with path.open("a", encoding="utf-8") as log_file:
            log_file.write(anchor.to_json() + "\n")
        _written[identity] = key


def read_anchors(path: Path) -> list[Anchor]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [anchor for anchor in map(Anchor.from_json, lines) if anchor is not None]


def sidecar_path(database_file: Path) -> Path:
    return database_file.with_name(database_file.name + SIDECAR_SUFFIX)


def known_anchors(database_file: Path | None, identity: str | None) -> tuple[list[Anchor], list[Path]]:
    """Every anchor of this database: its log in the configured folder and the
    sidecar beside the file (a backup's); with the files that were looked at."""
    paths = []
    if identity:
        log_path = anchor_log(identity)
        if log_path is not None:
            paths.append(log_path)
    if database_file is not None:
        paths.append(sidecar_path(database_file))
    anchors: list[Anchor] = []
    for path in paths:
        if path.suffix == SIDECAR_SUFFIX:
            anchor = _read_sidecar(path, identity)
            anchors.extend([anchor] if anchor else [])
        else:
            anchors.extend(read_anchors(path))
    return anchors, paths


def _read_sidecar(path: Path, identity: str | None) -> Anchor | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("database_id") != identity:
        return None
    return Anchor.from_json(json.dumps(data.get("anchor")))


def write_backup_sidecar(copy: Path) -> None:
    """The head of the backup copy itself, beside it: the backup carries its anchor."""
    database = SqliteDatabase(str(copy))
    try:
        identity = database_identity(database)
        if identity is None:
            return
        with database.atomic(lock_type="DEFERRED"):
            anchor = current_anchor(database)
    except Exception:  # noqa: BLE001 - a copy taken before migration 0008 has no chain heads to carry
        log.info("no anchor for backup %s", copy)
        return
    finally:
        database.close()
    sidecar_path(copy).write_text(json.dumps({"database_id": identity, "anchor": dataclasses.asdict(anchor)}))
