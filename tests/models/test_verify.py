"""What ``verify`` proves: every alteration of the tamper matrix is named, each
on a fresh copy of one prepared database, and every routine edit is sound;
verification reads one snapshot and compares with the anchors kept outside the file."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from peewee import SqliteDatabase
from test_archive import _receipt, closed_case, make_staff

from models import anchor, archive, verify
from models.accounts import update_account
from models.archive import amend, chain_digest
from models.base import db
from models.catalog import Category, Department, Remedy
from models.catalog_admin import save_entry
from models.complaint import Complaint
from models.database import backup, open_database
from models.defaults import load_defaults
from models.intake import add_attachment, receive, withdraw
from models.seal_store import pack
from models.staff import Role, Staff, create_staff
from models.verify import verify_report
from tests.models.seal_forms import deflated_with

NARRATIVES = [f"第{n}次投诉" for n in range(5)]
SIGNED = "顾客签了字"
SIGNATURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
OTHER_SIGNATURE = b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)) * 10


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Closed cases (two signed by the customer), a withdrawn one with a photo, an
    amendment, and the anchor log the application wrote while sealing them; built once.
    From the fourth seal on, payloads are compressed against a dictionary of the first three, as a
    big archive's are: deflated (stored forms 3 and 4, as programs before 0025 stored them), then
    with Zstandard (forms 5 and 6)."""
    folder = tmp_path_factory.mktemp("prepared")
    anchor.configure(folder / "anchors")
    database = open_database(str(folder / "desk.db"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archive, "DICTIONARY_FROM", 3)
        _prepare(database)
    return folder


def _prepare(database: SqliteDatabase) -> None:
    try:
        load_defaults()
        manager, office = make_staff()
        create_staff("admin", "管理员", Role.ADMIN, "admin-pass-1")
        first = closed_case(manager, NARRATIVES[0])
        with_photo = receive(manager, _receipt())
        add_attachment(manager, with_photo, "小票.jpg", b"\xff\xd8 receipt photo")
        withdraw(manager, with_photo, "顾客离开")
        with pytest.MonkeyPatch.context() as patch:  # stored as programs before 0025 stored them
            patch.setattr(archive, "pack", deflated_with)
            for narrative in NARRATIVES[1:]:
                closed_case(manager, narrative)
            closed_case(manager, SIGNED, signature=SIGNATURE)
        closed_case(manager, "另一位顾客签了字", signature=OTHER_SIGNATURE)
        amend(office, first.archive_number, "顾客姓名写错", {"customer": "刘建国"})
        closed_case(manager, "最后一件")
        forms = database.execute_sql("SELECT DISTINCT hex(substr(payload, 1, 1)) FROM archive_seal").fetchall()
        expected = [("01",), ("03",), ("04",), ("05",), ("06",)]
        assert sorted(forms) == expected, "forms 1, 3 and 4 (signed) as older programs stored them, 5 and 6 (signed)"
    finally:
        database.close()
        anchor.configure(None)


@pytest.fixture
def copy(prepared: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the prepared database and of its anchor log, open."""
    path = tmp_path / "desk.db"
    shutil.copy(prepared / "desk.db", path)
    shutil.copytree(prepared / "anchors", tmp_path / "anchors")
    anchor.configure(tmp_path / "anchors")
    database = open_database(str(path))
    yield path
    database.close()
    anchor.configure(None)


def problems(path: Path) -> list[str]:
    return [str(p) for p in verify_report(path).problems]


@contextmanager
def tampering(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection that sidesteps the guards and puts them back as they were,
    as someone with the file and an SQLite tool would."""
    raw = sqlite3.connect(path, isolation_level=None)
    triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    raw.execute("PRAGMA foreign_keys = OFF")
    for name, _ in triggers:
        raw.execute(f"DROP TRIGGER {name}")
    try:
        yield raw
    finally:
        for _, sql in triggers:
            raw.execute(sql)
        raw.close()


def seal_row(raw: sqlite3.Connection, narrative: str) -> tuple[int, str, int]:
    """id, archive number and case id of the seal of the case with this narrative."""
    return raw.execute(
        "SELECT s.id, s.archive_number, s.complaint_id FROM archive_seal s JOIN complaint c ON c.id = s.complaint_id "
        "WHERE c.narrative = ? AND s.kind = 'seal'",
        (narrative,),
    ).fetchone()


def last_seal(raw: sqlite3.Connection) -> tuple[int, str, int]:
    return raw.execute("SELECT id, archive_number, complaint_id FROM archive_seal ORDER BY id DESC LIMIT 1").fetchone()


def sealed_text(raw: sqlite3.Connection, seal_id: int) -> str:
    """The canonical text a seal's stored payload gives back."""
    (payload,) = raw.execute("SELECT payload FROM archive_seal WHERE id = ?", (seal_id,)).fetchone()
    return archive.sealed_text(payload, raw)


def store_text(raw: sqlite3.Connection, seal_id: int, text: str) -> None:
    """Store a seal's text as the application does (without touching its digest)."""
    raw.execute("UPDATE archive_seal SET payload = ? WHERE id = ?", (pack(text).data, seal_id))


def rechain(raw: sqlite3.Connection, from_id: int) -> None:
    """Recompute every digest from this seal on: a chain rewritten consistently."""
    (previous,) = raw.execute(
        "SELECT coalesce((SELECT lower(hex(digest)) FROM archive_seal WHERE id < ? ORDER BY id DESC LIMIT 1), '')",
        (from_id,),
    ).fetchone()
    renamed: dict[str, str] = {}
    for seal_id, kind, old in raw.execute(
        "SELECT id, kind, lower(hex(digest)) FROM archive_seal WHERE id >= ? ORDER BY id", (from_id,)
    ).fetchall():
        payload = sealed_text(raw, seal_id)
        if kind == "amendment":  # amendments name the digest of the seal they amend
            amendment = json.loads(payload)
            amendment["amends"] = renamed.get(amendment["amends"], amendment["amends"])
            payload = archive.canonical_json(amendment)
        digest = renamed[old] = chain_digest(previous, payload)
        raw.execute("UPDATE archive_seal SET payload = ?, digest = ? WHERE id = ?",
                    (pack(payload).data, bytes.fromhex(digest), seal_id))  # fmt: skip
        previous = digest


# --------------------------------------------------------------------------- the tamper matrix


def sealed_by_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[1])
    raw.execute("UPDATE archive_seal SET sealed_by_id = (SELECT id FROM staff WHERE username = 'office') WHERE id = ?",
                (seal_id,))  # fmt: skip
    return number, "sealed_by of the seal was changed after sealing"


def sealed_at_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[2])
    raw.execute("UPDATE archive_seal SET sealed_at = '2020-01-01 09:00:00' WHERE id = ?", (seal_id,))
    return number, "sealed_at of the seal was changed after sealing"


def findings_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, NARRATIVES[3])
    raw.execute("UPDATE complaint SET findings = '不属实' WHERE id = ?", (case_id,))
    return number, "findings changed after sealing"


def amount_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, NARRATIVES[3])
    raw.execute(
        "UPDATE compensation_line SET amount = 5800 "
        "WHERE proposal_id IN (SELECT id FROM proposal WHERE complaint_id = ?)",
        (case_id,),
    )
    return number, "proposals[0].lines[0].amount changed after sealing"


def payload_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[2])
    store_text(raw, seal_id, sealed_text(raw, seal_id).replace("要求重做", "要求退款"))
    return number, "the sealed record was altered (digest mismatch)"


def payload_stored_as_text_and_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    """The canonical text put back as plain text (which is read), with a change."""
    seal_id, number, _ = seal_row(raw, NARRATIVES[2])
    text = sealed_text(raw, seal_id).replace("要求重做", "要求退款")
    raw.execute("UPDATE archive_seal SET payload = ? WHERE id = ?", (text, seal_id))
    return number, "the sealed record was altered (digest mismatch)"


def stored_payload_cut_short(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[1])
    raw.execute("UPDATE archive_seal SET payload = substr(payload, 1, length(payload) - 5) WHERE id = ?", (seal_id,))
    return number, "the sealed record was altered: the stored record is damaged"


def stored_payload_bytes_flipped(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[1])
    (payload,) = raw.execute("SELECT payload FROM archive_seal WHERE id = ?", (seal_id,)).fetchone()
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x55
    raw.execute("UPDATE archive_seal SET payload = ? WHERE id = ?", (bytes(flipped), seal_id))
    return number, "the sealed record was altered"


def stored_payload_of_another_form(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[1])
    raw.execute("UPDATE archive_seal SET payload = X'07' || substr(payload, 2) WHERE id = ?", (seal_id,))
    return number, "the sealed record was altered: the stored record is of an unknown form"


def zstandard_payload_cut_short(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, "最后一件")
    raw.execute("UPDATE archive_seal SET payload = substr(payload, 1, length(payload) - 5) WHERE id = ?", (seal_id,))
    return number, "the sealed record was altered: the stored record is damaged"


def zstandard_payload_bytes_flipped(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, "最后一件")
    (payload,) = raw.execute("SELECT payload FROM archive_seal WHERE id = ?", (seal_id,)).fetchone()
    assert payload[:1] == b"\x05"
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x55
    raw.execute("UPDATE archive_seal SET payload = ? WHERE id = ?", (bytes(flipped), seal_id))
    return number, "the sealed record was altered"


def signature_image_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, SIGNED)
    raw.execute("UPDATE signature SET png = ? WHERE id = (SELECT signature_id FROM complaint WHERE id = ?)",
                (OTHER_SIGNATURE[:-1], case_id))  # fmt: skip
    return number, "the customer's signature was altered after sealing"


def signature_image_changed_and_rehashed(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, SIGNED)
    forged = OTHER_SIGNATURE[:-1]
    raw.execute("UPDATE signature SET png = ?, sha256 = ? WHERE id = (SELECT signature_id FROM complaint WHERE id = ?)",
                (forged, hashlib.sha256(forged).hexdigest(), case_id))  # fmt: skip
    return number, "the sealed record was altered: the customer's signature the record holds is missing"


def signature_image_deleted(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, SIGNED)
    raw.execute("DELETE FROM signature WHERE id = (SELECT signature_id FROM complaint WHERE id = ?)", (case_id,))
    return number, "the sealed record was altered: the customer's signature the record holds is missing"


def signature_swapped(raw: sqlite3.Connection) -> tuple[str, str]:
    """The signed case made to point at another customer's signature."""
    _, number, case_id = seal_row(raw, SIGNED)
    raw.execute("UPDATE complaint SET signature_id = (SELECT id FROM signature WHERE sha256 = ?) WHERE id = ?",
                (hashlib.sha256(OTHER_SIGNATURE).hexdigest(), case_id))  # fmt: skip
    return number, "signature_png changed after sealing"


def signature_removed_from_the_case(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, SIGNED)
    raw.execute("UPDATE complaint SET signature_id = NULL WHERE id = ?", (case_id,))
    return number, "signature_png changed after sealing"


def seals_of_dictionary(raw: sqlite3.Connection) -> int:
    named_one = "hex(substr(payload, 1, 2)) IN ('0301', '0401', '0501', '0601')"
    (seals,) = raw.execute(f"SELECT count(*) FROM archive_seal WHERE {named_one}").fetchone()
    return int(seals)


def seal_dictionary_altered(raw: sqlite3.Connection) -> tuple[str, str]:
    (data,) = raw.execute("SELECT data FROM seal_dictionary WHERE id = 1").fetchone()
    raw.execute("UPDATE seal_dictionary SET data = ? WHERE id = 1", (data[:-40] + data[-40:].upper(),))
    seals = seals_of_dictionary(raw)
    return "seal dictionary 1", (
        "altered after it was written: the one seal stored with it cannot be read"
        if seals == 1
        else f"altered after it was written: the {seals} seals stored with it cannot be read"
    )


def seal_dictionary_removed(raw: sqlite3.Connection) -> tuple[str, str]:
    raw.execute("DELETE FROM seal_dictionary WHERE id = 1")
    return "seal dictionary 1", f"removed: the {seals_of_dictionary(raw)} seals stored with it cannot be read back"


def payload_names_another_dictionary(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, NARRATIVES[4])
    raw.execute("UPDATE archive_seal SET payload = X'0309' || substr(payload, 3) WHERE id = ?", (seal_id,))
    return number, "the sealed record was altered: the dictionary it was stored with (9) is missing"


def zstandard_payload_names_another_dictionary(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = seal_row(raw, "最后一件")
    raw.execute("UPDATE archive_seal SET payload = X'0509' || substr(payload, 3) WHERE id = ?", (seal_id,))
    return number, "the sealed record was altered: the dictionary it was stored with (9) is missing"


def amendment_reason_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    raw.execute("UPDATE archive_seal SET reason = '随便改改' WHERE kind = 'amendment'")
    (number,) = raw.execute("SELECT archive_number FROM archive_seal WHERE kind = 'amendment'").fetchone()
    return number, "the reason of an amendment was changed after sealing"


def last_seal_deleted(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, _ = last_seal(raw)
    raw.execute("DELETE FROM archive_seal WHERE id = ?", (seal_id,))
    return number, "the archive's tail was cut off"


def last_case_deleted(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, case_id = last_seal(raw)
    raw.execute("DELETE FROM archive_seal WHERE id = ?", (seal_id,))
    raw.execute(
        "DELETE FROM compensation_line WHERE proposal_id IN (SELECT id FROM proposal WHERE complaint_id = ?)",
        (case_id,),
    )
    for table in ("proposal", "follow_up", "attachment"):
        raw.execute(f"DELETE FROM {table} WHERE complaint_id = ?", (case_id,))
    raw.execute("DELETE FROM complaint WHERE id = ?", (case_id,))
    return number, "the archive's tail was cut off"


def last_case_reopened(raw: sqlite3.Connection) -> tuple[str, str]:
    seal_id, number, case_id = last_seal(raw)
    raw.execute("DELETE FROM archive_seal WHERE id = ?", (seal_id,))
    raw.execute("UPDATE complaint SET archive_number = NULL, state = 'agreed', closed_at = NULL WHERE id = ?",
                (case_id,))  # fmt: skip
    return number, "the archive's tail was cut off"


def case_reopened_seal_kept(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, NARRATIVES[2])
    raw.execute("UPDATE complaint SET archive_number = NULL, state = 'agreed' WHERE id = ?", (case_id,))
    return number, "the archived complaint was re-opened or renumbered after sealing"


def audit_event_edited(raw: sqlite3.Connection) -> tuple[str, str]:
    (event_id,) = raw.execute("SELECT id FROM audit_event WHERE action = 'received' ORDER BY id LIMIT 1").fetchone()
    (other,) = raw.execute("INSERT INTO audit_change (hash, text) VALUES (0, '{}') RETURNING id").fetchone()
    raw.execute("UPDATE audit_event SET changes_id = ? WHERE id = ?", (other, event_id))
    return f"audit event {event_id}", "(received) was altered (digest mismatch)"


def audit_change_text_edited(raw: sqlite3.Connection) -> tuple[str, str]:
    """The text an event points at (kept once for every event that holds it) changed."""
    (event_id,) = raw.execute("SELECT id FROM audit_event WHERE action = 'received' ORDER BY id LIMIT 1").fetchone()
    raw.execute("UPDATE audit_change SET text = replace(text, '要求', '不要') "
                "WHERE id = (SELECT changes_id FROM audit_event WHERE id = ?)", (event_id,))  # fmt: skip
    return f"audit event {event_id}", "(received) was altered (digest mismatch)"


def audit_change_text_removed(raw: sqlite3.Connection) -> tuple[str, str]:
    (event_id,) = raw.execute("SELECT id FROM audit_event WHERE action = 'received' ORDER BY id LIMIT 1").fetchone()
    raw.execute("DELETE FROM audit_change WHERE id = (SELECT changes_id FROM audit_event WHERE id = ?)", (event_id,))
    return f"audit event {event_id}", "(received) was altered (digest mismatch)"


def audit_event_deleted(raw: sqlite3.Connection) -> tuple[str, str]:
    (event_id,) = raw.execute("SELECT id FROM audit_event WHERE action = 'decision' OR action = 'proposal' "
                              "ORDER BY id LIMIT 1").fetchone()  # fmt: skip
    raw.execute("DELETE FROM audit_event WHERE id = ?", (event_id,))
    return f"audit event {event_id + 1}", "the audit trail is broken before this event"


def last_audit_event_deleted(raw: sqlite3.Connection) -> tuple[str, str]:
    raw.execute("DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
    return "audit trail", "audit events were removed"


def audit_events_reordered(raw: sqlite3.Connection) -> tuple[str, str]:
    first, second = (r[0] for r in raw.execute("SELECT id FROM audit_event ORDER BY id LIMIT 2 OFFSET 3"))
    rows = {r[0]: r[1:] for r in raw.execute("SELECT id, at, action, changes_id FROM audit_event WHERE id IN (?, ?)",
                                            (first, second))}  # fmt: skip
    for target, source in ((first, second), (second, first)):
        raw.execute("UPDATE audit_event SET at = ?, action = ?, changes_id = ? WHERE id = ?", (*rows[source], target))
    return f"audit event {first}", "was altered (digest mismatch)"


def amendment_forged(raw: sqlite3.Connection) -> tuple[str, str]:
    _, number, case_id = seal_row(raw, NARRATIVES[1])
    (sealed,) = raw.execute("SELECT lower(hex(digest)) FROM archive_seal WHERE complaint_id = ? AND kind = 'seal'",
                            (case_id,)).fetchone()  # fmt: skip
    (office,) = raw.execute("SELECT id FROM staff WHERE username = 'office'").fetchone()
    at = "2026-06-01 10:00:00"
    payload = archive.canonical_json({
        "format": 1, "archive_number": number, "amends": sealed, "by": {"username": "office", "name": "马晓红"},
        "at": "2026-06-01T10:00:00", "reason": "赔偿金额改为5800", "corrections": {"amount": "5800"},
    })  # fmt: skip
    (previous,) = raw.execute("SELECT lower(hex(digest)) FROM archive_seal ORDER BY id DESC LIMIT 1").fetchone()
    raw.execute(
        "INSERT INTO archive_seal (complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, "
        "digest) VALUES (?, ?, 'amendment', ?, ?, '赔偿金额改为5800', ?, ?)",
        (case_id, number, at, office, payload, bytes.fromhex(chain_digest(previous, payload))),
    )
    return number, "sealed after the latest anchor: not written by the application"


def attachment_bytes_changed(raw: sqlite3.Connection) -> tuple[str, str]:
    (case_id,) = raw.execute("SELECT complaint_id FROM attachment").fetchone()
    (number,) = raw.execute("SELECT archive_number FROM complaint WHERE id = ?", (case_id,)).fetchone()
    raw.execute("UPDATE attachment SET data = ? WHERE complaint_id = ?", (b"\xff\xd8 another photo", case_id))
    return number, "the bytes of attachment 小票.jpg changed after sealing"


def chain_rewritten(raw: sqlite3.Connection) -> tuple[str, str]:
    """The narrative changed in the case and in its seal, and every digest after it recomputed."""
    seal_id, number, case_id = seal_row(raw, NARRATIVES[3])
    raw.execute("UPDATE complaint SET narrative = '其实没什么' WHERE id = ?", (case_id,))
    store_text(raw, seal_id, sealed_text(raw, seal_id).replace(NARRATIVES[3], "其实没什么"))
    rechain(raw, seal_id)
    return number, "the archive's chain was rewritten"


TAMPERING: list[Callable[[sqlite3.Connection], tuple[str, str]]] = [
    sealed_by_changed,
    sealed_at_changed,
    findings_changed,
    amount_changed,
    payload_changed,
    payload_stored_as_text_and_changed,
    stored_payload_cut_short,
    stored_payload_bytes_flipped,
    stored_payload_of_another_form,
    zstandard_payload_cut_short,
    zstandard_payload_bytes_flipped,
    signature_image_changed,
    signature_image_changed_and_rehashed,
    signature_image_deleted,
    signature_swapped,
    signature_removed_from_the_case,
    seal_dictionary_altered,
    seal_dictionary_removed,
    payload_names_another_dictionary,
    zstandard_payload_names_another_dictionary,
    amendment_reason_changed,
    last_seal_deleted,
    last_case_deleted,
    last_case_reopened,
    case_reopened_seal_kept,
    audit_event_edited,
    audit_change_text_edited,
    audit_change_text_removed,
    audit_event_deleted,
    last_audit_event_deleted,
    audit_events_reordered,
    amendment_forged,
    attachment_bytes_changed,
    chain_rewritten,
]


@pytest.mark.parametrize("alteration", TAMPERING, ids=lambda f: f.__name__)
def test_every_alteration_is_named(copy: Path, alteration: Callable[[sqlite3.Connection], tuple[str, str]]) -> None:
    report = verify_report(copy)
    assert report.problems == [] and report.compared_in_python == 0, "SQLite renders every record as Python does"
    with tampering(copy) as raw:
        subject, what = alteration(raw)
    found = problems(copy)
    assert any(p.startswith(f"{subject}: ") and what in p for p in found), found
    assert len(found) <= 3, "one alteration, a few findings at most"


def test_a_dropped_trigger_is_named(copy: Path) -> None:
    with sqlite3.connect(copy) as raw:
        raw.execute("DROP TRIGGER complaint_sealed_update")
    assert problems(copy) == ["trigger complaint_sealed_update: the protective trigger was dropped"]


def test_an_altered_trigger_is_named(copy: Path) -> None:
    with sqlite3.connect(copy) as raw:
        raw.execute("DROP TRIGGER archive_seal_no_update")
        raw.execute("CREATE TRIGGER archive_seal_no_update BEFORE UPDATE ON archive_seal WHEN 0 "
                    "BEGIN SELECT RAISE(ABORT, 'archive_seal is append-only'); END")  # fmt: skip
    assert problems(copy) == ["trigger archive_seal_no_update: the protective trigger was altered"]


# --------------------------------------------------------------------------- routine edits are sound


def office() -> Staff:
    return Staff.get(Staff.username == "office")


def returning_customer_gives_a_new_name() -> None:
    receive(Staff.get(Staff.username == "zhangwei"), _receipt_from("刘建国", "13812345678"))


def staff_renamed() -> None:
    manager = Staff.get(Staff.username == "zhangwei")
    admin = Staff.get(Staff.username == "admin")
    update_account(admin, manager.id, "张伟强", manager.role, manager.per_case_limit, manager.daily_limit, [])


def catalogue_renamed(catalogue: str, model: type, code: str) -> Callable[[], None]:
    def rename() -> None:
        entry = model.get(model.code == code)
        values = {"name": entry.name + "（新）", "name_en": entry.name_en}
        if catalogue == "category":
            values.update(default_department=entry.default_department_id, default_severity=entry.default_severity,
                          always_to_office=entry.always_to_office)  # fmt: skip
        if catalogue == "remedy":
            values.update(kind=entry.kind, default_amount=str(entry.default_amount), office_only=entry.office_only)
        save_entry(office(), catalogue, entry.id, values)

    rename.__name__ = f"{catalogue}_renamed"
    return rename


def _receipt_from(name: str, phone: str) -> object:
    return replace(_receipt(), customer_name=name, phone=phone)


ROUTINE = [
    returning_customer_gives_a_new_name,
    staff_renamed,
    catalogue_renamed("category", Category, "food_quality"),
    catalogue_renamed("department", Department, "kitchen"),
    catalogue_renamed("remedy", Remedy, "dish_remake"),
]


@pytest.mark.parametrize("edit", ROUTINE, ids=lambda f: f.__name__)
def test_routine_edits_are_sound(copy: Path, edit: Callable[[], None]) -> None:
    sealed = Complaint.select().where(Complaint.archive_number.is_null(False)).count()
    edit()
    report = verify_report(copy)
    assert (report.problems, report.notes) == ([], [])
    assert report.anchor is not None and report.anchor.seals == sealed + 1  # the seals and the amendment


# --------------------------------------------------------------------------- snapshot, anchors, backups


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_verify_reads_one_snapshot_while_another_desk_closes_cases(
    copy: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Another desk (another connection) closes a case after verify took its snapshot, before any
    seal is checked: verify neither sees the new seal nor trips over it, here or in its workers."""
    manager = Staff.get(Staff.username == "zhangwei")
    run = verify._Checker.run
    closings: list[str] = []

    def close_elsewhere() -> None:
        closings.append(closed_case(Staff.get_by_id(manager.id), "另一个服务台").archive_number)
        db.close()

    def run_while_a_desk_closes(checker: verify._Checker, *args: object) -> None:
        if not closings:
            desk = threading.Thread(target=close_elsewhere)
            desk.start()
            desk.join()
        run(checker, *args)

    monkeypatch.setattr(verify._Checker, "run", run_while_a_desk_closes)
    seals = archive.ArchiveSeal.select().count()
    report = verify_report(copy, workers=workers)
    assert closings and report.problems == []
    assert report.anchor is not None and report.anchor.seals == seals + 1  # the desk anchored its seal
    assert Complaint.get(Complaint.archive_number == closings[0]).narrative == "另一个服务台"
    monkeypatch.setattr(verify._Checker, "run", run)
    assert problems(copy) == []


def test_verify_never_writes_and_works_on_a_read_only_file(copy: Path) -> None:
    db.close()
    copy.chmod(0o444)
    before = copy.read_bytes()
    read_only = SqliteDatabase(f"file:{copy}?mode=ro", uri=True)
    db.initialize(read_only)
    try:
        report = verify_report(copy)
    finally:
        read_only.close()
        copy.chmod(0o644)
    assert report.problems == [] and report.anchor is not None
    assert copy.read_bytes() == before


def test_without_an_anchor_verify_says_what_it_cannot_prove(copy: Path, tmp_path: Path) -> None:
    anchor.configure(tmp_path / "elsewhere")
    report = verify_report(copy)
    assert report.problems == [] and report.anchor is None
    assert len(report.notes) == 1 and "cannot tell whether the archive's tail was cut off" in str(report.notes[0])


def test_a_database_with_nothing_sealed_has_no_tail_to_cut(
    database: object, database_path: Path, tmp_path: Path
) -> None:
    """Just set up, or a demo of no complaints: the note alarmed that a tail might have been cut."""
    anchor.configure(tmp_path / "elsewhere")
    report = verify_report(database_path)
    assert (report.problems, report.notes) == ([], [])


def test_every_seal_and_amendment_writes_an_anchor(copy: Path, tmp_path: Path) -> None:
    identity = anchor.database_identity()
    log = tmp_path / "anchors" / f"{identity}.jsonl"
    before = anchor.read_anchors(log)
    case = closed_case(Staff.get(Staff.username == "zhangwei"), "新的一件")
    amend(office(), case.archive_number, "电话写错", {"phone": "13900000000"})
    after = anchor.read_anchors(log)
    assert [a.seals for a in after[len(before) :]] == [before[-1].seals + 1, before[-1].seals + 2]
    assert after[-2].last == case.archive_number and after[-1].events > after[-2].events
    seals = archive.ArchiveSeal.select().order_by(archive.ArchiveSeal.id.desc()).limit(2)
    assert [a.head for a in after[-2:]] == [s.digest for s in reversed(seals)]
    assert verify_report(copy).problems == []


def test_a_failing_anchor_log_does_not_undo_the_closing(copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    anchor.configure(blocked)
    case = closed_case(Staff.get(Staff.username == "zhangwei"), "锚写不进去")
    assert Complaint.get_by_id(case.id).archive_number == case.archive_number
    anchor.configure(tmp_path / "anchors")
    assert problems(copy) == [f"{case.archive_number}: sealed after the latest anchor: not written by the application"]


def test_a_rolled_back_seal_is_not_anchored(copy: Path, tmp_path: Path) -> None:
    log = tmp_path / "anchors" / f"{anchor.database_identity()}.jsonl"
    before = log.read_text(encoding="utf-8")
    with pytest.raises(RuntimeError, match="desk crashed"), db.atomic():
        closed_case(Staff.get(Staff.username == "zhangwei"), "没有完成")
        raise RuntimeError("desk crashed")
    assert log.read_text(encoding="utf-8") == before


def test_a_backup_carries_its_anchor_and_verifies_against_it(copy: Path, tmp_path: Path) -> None:
    destination = tmp_path / "backup.db"
    backup(db.obj, destination)
    sidecar = json.loads((tmp_path / "backup.db.anchor").read_text(encoding="utf-8"))
    assert sidecar["database_id"] == anchor.database_identity()
    assert sidecar["anchor"]["seals"] == archive.ArchiveSeal.select().count()
    db.close()
    anchor.configure(None)  # another computer: only the backup and its sidecar
    with tampering(destination) as raw:
        last_seal_deleted(raw)
    open_database(str(destination))
    assert any("the archive's tail was cut off" in p for p in problems(destination))


def test_old_seals_without_seal_metadata_still_verify(copy: Path) -> None:
    """Format 1 seals (installs before this change) carry no sealed_at/sealed_by in the payload."""
    with tampering(copy) as raw:
        for (seal_id,) in raw.execute("SELECT id FROM archive_seal WHERE kind = 'seal'").fetchall():
            record = json.loads(sealed_text(raw, seal_id))
            del record["sealed_at"], record["sealed_by"]
            store_text(raw, seal_id, archive.canonical_json(record))
        rechain(raw, 1)
        (first,) = raw.execute("SELECT id FROM archive_seal ORDER BY id LIMIT 1").fetchone()
    anchor.configure(None)
    assert problems(copy) == []
    with tampering(copy) as raw:
        raw.execute("UPDATE archive_seal SET sealed_at = '2020-01-01 09:00:00' WHERE id = ?", (first,))
    found = [p.split(": ", 1)[1] for p in problems(copy)]
    assert found == ["sealed_at of the seal is not the time the case was closed"]


def test_audit_events_are_chained_by_the_application(copy: Path) -> None:
    """Each digest (32 bytes in the file) covers the digest before it in hex and the event, its changes'
    text as audit_change keeps it once for every event that holds it."""
    rows = db.execute_sql(
        "SELECT e.id, e.complaint_id, e.at, e.actor_id, e.action, t.text, e.digest "
        "FROM audit_event e JOIN audit_change t ON t.id = e.changes_id ORDER BY e.id"
    ).fetchall()
    assert len(rows) > 20 and [row[0] for row in rows] == list(range(1, len(rows) + 1))
    previous = ""
    for row in rows:
        text = chr(31).join("" if v is None else str(v) for v in row[:6])
        assert hashlib.sha256(f"{previous}\n{text}".encode()).digest() == row[-1]
        previous = row[-1].hex()
    (texts,) = db.execute_sql("SELECT count(*) FROM audit_change").fetchone()
    assert texts < len(rows), "a text many events hold is kept once"


# --------------------------------------------------------------------------- SQLite's rendering, workers, progress

NAUGHTY = [
    'quotes " and \\ backslashes \\" together',
    "control\x01\x08\t\n\x0b\x0c\r\x1f characters and \x7f delete",
    "emoji 😀👩‍👩‍👧 and \u2028 line \u2029 separators",
    "  leading, trailing and   inner   spaces  ",
    "<script>alert('x')</script> %s {0} ${x} ' OR 1=1 --",
    "零宽\u200b空格\ufeff与全角　空格",
]


def test_sqlite_renders_naughty_records_as_python_does(copy: Path) -> None:
    """The fast path agrees with case_records on hard texts, money with fen, times to the
    microsecond and cases without category, department or customer; verify stays sound."""
    manager = Staff.get(Staff.username == "zhangwei")
    for text in NAUGHTY:
        case = receive(manager, replace(_receipt(), narrative=text, demand=text, customer_name=text[:20]))
        withdraw(manager, case, text)
    closed_case(manager, NAUGHTY[0] + NAUGHTY[2], signature=SIGNATURE)
    report = verify_report(copy)
    assert report.problems == [] and report.compared_in_python == 0


def test_a_renamed_catalogue_entry_is_compared_in_python_and_sound(copy: Path) -> None:
    catalogue_renamed("category", Category, "food_quality")()
    report = verify_report(copy)
    assert report.problems == [] and report.compared_in_python > 0


@pytest.mark.parametrize(
    "alteration",
    [findings_changed, signature_image_changed, audit_event_edited, chain_rewritten],
    ids=lambda f: f.__name__,
)
def test_worker_processes_find_what_this_process_finds(
    copy: Path, alteration: Callable[[sqlite3.Connection], tuple[str, str]]
) -> None:
    with tampering(copy) as raw:
        subject, what = alteration(raw)
    here = [str(p) for p in verify_report(copy, workers=0).problems]
    assert any(p.startswith(f"{subject}: ") and what in p for p in here), here
    assert [str(p) for p in verify_report(copy, workers=2).problems] == here


def test_small_batches_join_their_chains(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every seal and event in a batch of its own: the links between batches are checked too."""
    monkeypatch.setattr(verify, "SEAL_BATCH", 1)
    monkeypatch.setattr(verify, "EVENT_BATCH", 3)
    assert problems(copy) == []
    with tampering(copy) as raw:
        subject, what = audit_event_deleted(raw)
    assert any(p.startswith(f"{subject}: ") and what in p for p in problems(copy))


def test_a_desk_committing_while_the_workers_open_their_snapshots_makes_them_start_again(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = Staff.get(Staff.username == "zhangwei")
    changed, read = verify._DataVersion.changed, verify._Plan.read
    plans: list[int] = []
    closings: list[str] = []

    def close_elsewhere() -> None:
        closings.append(closed_case(Staff.get_by_id(manager.id), "另一个服务台").archive_number)
        db.close()

    def a_desk_commits_first(data_version: verify._DataVersion) -> bool:
        if not closings:
            desk = threading.Thread(target=close_elsewhere)
            desk.start()
            desk.join()
        return changed(data_version)

    def counted(connection: sqlite3.Connection) -> verify._Plan:
        plan = read(connection)
        plans.append(plan.last_seal)
        return plan

    monkeypatch.setattr(verify._DataVersion, "changed", a_desk_commits_first)
    monkeypatch.setattr(verify._Plan, "read", staticmethod(counted))
    report = verify_report(copy, workers=2)
    assert report.problems == [] and len(closings) == 1
    assert len(plans) == 2 and plans[1] == plans[0] + 1, "the second snapshot holds the desk's seal"


def test_desks_that_keep_committing_leave_verify_to_this_process(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    start = verify._Workers.start

    def counted(pool: verify._Workers) -> None:
        started.append(pool.count)
        start(pool)

    monkeypatch.setattr(verify, "SNAPSHOT_ATTEMPTS", 2)
    monkeypatch.setattr(verify._DataVersion, "changed", lambda data_version: True)
    monkeypatch.setattr(verify._Workers, "start", counted)
    assert problems_with(copy, workers=2) == []
    assert started == [2, 2, 0]


def test_workers_that_cannot_start_leave_verify_to_this_process(
    copy: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_processes(pool: verify._Workers) -> None:
        raise verify.WorkersUnavailable("the worker processes did not start")

    monkeypatch.setattr(verify._Workers, "start", no_processes)
    with tampering(copy) as raw:
        subject, what = findings_changed(raw)
    found = problems_with(copy, workers=2)
    assert any(p.startswith(f"{subject}: ") and what in p for p in found)
    assert "verifying in this process only" in caplog.text


@pytest.mark.slow
def test_workers_that_started_too_late_end_with_verify(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers verify gave up on (their word that they had opened their snapshots did not come in
    START_TIMEOUT) are let go and end: left waiting for the word to start, they outlived verify, and the
    interpreter's exit, which waits for the pool's processes, waited for ever (a hang of the test run)."""
    fresh_process_context = verify.fresh_process_context
    before = set(multiprocessing.active_children())
    workers: set[multiprocessing.process.BaseProcess] = set()

    class Unheard:
        """The processes' context, whose queue here hears the workers' words too late."""

        def __init__(self) -> None:
            self.context = fresh_process_context()

        def __getattr__(self, name: str) -> object:
            return getattr(self.context, name)

        def Queue(self) -> object:  # multiprocessing's name
            unheard = self.context.Queue()
            heard = unheard.get

            def get(block: bool = True, timeout: float | None = None) -> object:
                # Both have opened their snapshots (each then takes the task that waits for the word): too late.
                for _ in range(2):
                    heard(timeout=120)
                workers.update(set(multiprocessing.active_children()) - before)
                raise queue.Empty

            unheard.get = get
            return unheard

    monkeypatch.setattr(verify, "fresh_process_context", Unheard)
    monkeypatch.setattr(verify, "START_TIMEOUT", 0)
    try:
        assert problems_with(copy, workers=2) == []
        assert len(workers) == 2
        for worker in workers:
            worker.join(timeout=120)
        assert not [worker for worker in workers if worker.is_alive()], "workers still wait for the word to start"
    finally:
        for worker in workers:
            worker.kill()


def problems_with(path: Path, **options: object) -> list[str]:
    return [str(p) for p in verify_report(path, **options).problems]  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_progress_counts_every_seal_and_event(copy: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(verify, "SEAL_BATCH", 2)
    monkeypatch.setattr(verify, "EVENT_BATCH", 10)
    reports: list[tuple[int, int]] = []
    verify_report(copy, progress=lambda done, total: reports.append((done, total)), workers=workers)
    seals, events = (archive.ArchiveSeal.select().count(), verify.audit.AuditEvent.select().count())
    assert reports[0] == (0, seals + events) and reports[-1] == (seals + events, seals + events)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    # In this process every batch reports; worker processes' batches arrive as they finish, some together
    # on a busy machine.
    assert len(reports) > 3 if workers == 0 else len(reports) >= 2


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_stopping_ends_verify_without_a_verdict(copy: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(verify, "SEAL_BATCH", 1)
    reports: list[int] = []
    with pytest.raises(verify.VerifyCancelled):
        verify_report(
            copy, progress=lambda done, total: reports.append(done), cancelled=lambda: bool(reports), workers=workers
        )
    assert reports and reports[-1] < archive.ArchiveSeal.select().count()
    assert problems(copy) == [], "a stopped verification leaves nothing behind"
