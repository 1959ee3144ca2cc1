"""Migration 0013 on a file of the released 0011 schema holding signed cases: every sealed text comes
back byte for byte, each signature is kept once, unused indexes go, the guards stay as they were;
an interrupted upgrade leaves the file as it was, and down() gives the 0011 file back."""
from __future__ import annotations

import base64
import importlib.util
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

from models.archive import ArchiveSeal, canonical_json, chain_digest, printable_record, sealed_text
from models.complaint import Complaint, Signature
from models.database import MIGRATIONS_DIR, connect, open_database
from models.staff import Role, Staff
from models.verify import expected_triggers, verify_archive

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0011.db"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 9
OTHER_PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)) * 9
DROPPED = {
    "complaint_state",
    "complaint_category_id",
    "proposal_complaint_id",
    "proposal_decided_by_id",
    "compensationline_remedy_id",
    "compensationline_charged_to_id",
    "followup_done_by_id",
    "auditevent_at",
    "auditevent_actor_id",
    "archiveseal_sealed_by_id",
}


def migration_0013() -> ModuleType:
    return migration("0013")


def migration(number: str) -> ModuleType:
    (path,) = MIGRATIONS_DIR.glob(f"{number}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def signed_0011(tmp_path: Path) -> tuple[Path, int, int]:
    """The 0011 fixture with signatures as 0011 kept them: in the complaint row and, for a sealed
    case, inside its payload (the chain recomputed after it). A sealed and an open case share one
    PNG, another open case has its own. Returns the file, the sealed case and its seal."""
    path = tmp_path / "signed.db"
    shutil.copy(FIXTURE, path)
    with closing(sqlite3.connect(path)) as raw, raw:
        guards = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('complaint_sealed_update', 'archive_seal_no_update')"
        ).fetchall()
        for name, _ in guards:
            raw.execute(f"DROP TRIGGER {name}")
        case_id, seal_id = raw.execute(
            "SELECT c.id, s.id FROM complaint c JOIN archive_seal s ON s.complaint_id = c.id "
            "WHERE s.kind = 'seal' AND c.consent = 'accepted' ORDER BY s.id LIMIT 1 OFFSET 3"
        ).fetchone()
        open_ids = [i for (i,) in raw.execute("SELECT id FROM complaint WHERE archive_number IS NULL LIMIT 2")]
        for complaint_id, png in ((case_id, PNG), (open_ids[0], PNG), (open_ids[1], OTHER_PNG)):
            raw.execute("UPDATE complaint SET signature_png = ? WHERE id = ?", (png, complaint_id))
        record = json.loads(raw.execute("SELECT payload FROM archive_seal WHERE id = ?", (seal_id,)).fetchone()[0])
        record["signature_png"] = base64.b64encode(PNG).decode("ascii")
        raw.execute("UPDATE archive_seal SET payload = ? WHERE id = ?", (canonical_json(record), seal_id))
        _rechain(raw, seal_id)
        for _, sql in guards:
            raw.execute(sql)
    return path, case_id, seal_id


def _rechain(raw: sqlite3.Connection, from_id: int) -> None:
    (previous,) = raw.execute("SELECT previous_digest FROM archive_seal WHERE id = ?", (from_id,)).fetchone()
    renamed: dict[str, str] = {}
    rows = raw.execute("SELECT id, kind, payload, digest FROM archive_seal WHERE id >= ? ORDER BY id", (from_id,))
    for seal_id, kind, payload, old in rows.fetchall():
        if kind == "amendment":
            amendment = json.loads(payload)
            amendment["amends"] = renamed.get(amendment["amends"], amendment["amends"])
            payload = canonical_json(amendment)
        digest = renamed[old] = chain_digest(previous, payload)
        raw.execute("UPDATE archive_seal SET payload = ?, digest = ?, previous_digest = ? WHERE id = ?",
                    (payload, digest, previous, seal_id))  # fmt: skip
        previous = digest


def texts(path: Path) -> dict[int, str]:
    with closing(sqlite3.connect(path)) as raw:
        return {i: sealed_text(p, raw) for i, p in raw.execute("SELECT id, payload FROM archive_seal")}


def schema(path: Path) -> set[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as raw:
        query = "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        return set(raw.execute(query))


def test_the_upgrade_keeps_every_sealed_text_and_each_signature_once(tmp_path: Path) -> None:
    path, case_id, seal_id = signed_0011(tmp_path)
    before = texts(path)
    database = open_database(str(path))
    try:
        assert verify_archive() == []
        assert texts(path) == before, "no sealed text changed by a byte"
        assert sorted(bytes(s.png) for s in Signature.select()) == sorted([PNG, OTHER_PNG])
        assert Complaint.get_by_id(case_id).signature.png == PNG
        stored = bytes(ArchiveSeal.get_by_id(seal_id).payload)
        assert stored[:1] == b"\x02" and base64.b64encode(PNG[:200]) not in stored
        stored_bytes = sum(len(bytes(s.payload)) for s in ArchiveSeal.select())
        assert stored_bytes < sum(len(text.encode()) for text in before.values()) / 2
        columns = [row[1] for row in database.execute_sql("PRAGMA table_info(complaint)").fetchall()]
        assert "signature_png" not in columns and "signature_id" in columns
        indexes = {row[0] for row in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not indexes & DROPPED
        triggers = dict(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        assert triggers == expected_triggers()
        office = Staff.get(Staff.role == Role.OFFICE)
        assert printable_record(office, case_id)["signature_png"] == base64.b64encode(PNG).decode("ascii")
    finally:
        database.close()


def test_an_interrupted_upgrade_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """0013 runs in one transaction: stopped at its very end, nothing of it stays, and it runs again."""
    path, _, _ = signed_0011(tmp_path)
    before, shape = texts(path), schema(path)
    migration = migration_0013()
    database = connect(str(path))
    try:
        database.pragma("foreign_keys", 0)  # as the migration runner does
        with pytest.raises(RuntimeError, match="power cut"), database.atomic():
            migration.up(None, database)
            raise RuntimeError("power cut")
        database.pragma("foreign_keys", 1)
    finally:
        database.close()
    assert schema(path) == shape and texts(path) == before
    database = open_database(str(path))
    try:
        assert verify_archive() == [] and Signature.select().count() == 2
    finally:
        database.close()


def test_down_gives_the_0011_file_back(tmp_path: Path) -> None:
    path, _, _ = signed_0011(tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        rows = {i: p for i, p in raw.execute("SELECT id, payload FROM archive_seal")}
        signatures = dict(raw.execute("SELECT id, signature_png FROM complaint WHERE signature_png IS NOT NULL"))
        columns = [row[1] for row in raw.execute("PRAGMA table_info(complaint)")]
    shape = schema(path)
    open_database(str(path)).close()
    database = connect(str(path))
    try:
        database.pragma("foreign_keys", 0)
        with database.atomic():
            # Later migrations first, newest first (each takes its own tables and triggers away).
            for later in sorted((p.name[:4] for p in MIGRATIONS_DIR.glob("[0-9]*.py") if p.name[:4] > "0013"),
                                reverse=True):  # fmt: skip
                migration(later).down(None, database)
                database.execute_sql(f"DELETE FROM schema_migration WHERE name LIKE '{later}_%'")
            migration_0013().down(None, database)
            database.execute_sql("DELETE FROM schema_migration WHERE name = '0013_smaller_file'")
            # 0012 (the search grams, written beside 0013) goes too, back to the 0011 shape.
            migration("0012").down(None, database)
            database.execute_sql("DELETE FROM schema_migration WHERE name LIKE '0012_%'")
    finally:
        database.close()
    # The same tables, indexes and triggers; signature_png comes back as the complaint's last column.
    complaint = {entry for entry in shape if entry[1] == "complaint"}
    assert schema(path) - {entry for entry in schema(path) if entry[1] == "complaint"} == shape - complaint
    with closing(sqlite3.connect(path)) as raw:
        assert sorted(row[1] for row in raw.execute("PRAGMA table_info(complaint)")) == sorted(columns)
        assert dict(raw.execute("SELECT id, payload FROM archive_seal")) == rows
        signed = raw.execute("SELECT id, signature_png FROM complaint WHERE signature_png IS NOT NULL")
        assert dict(signed) == signatures
