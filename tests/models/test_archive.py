"""Sealing into the archive: numbers, the chain, read-only sealed cases,
amendments and verification."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import multiprocessing
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import IntegrityError

from models import archive
from models.archive import (
    ArchiveSeal,
    ArchiveSequence,
    SealDictionary,
    amend,
    amendments,
    canonical_json,
    canonical_utf8,
    chain_digest,
    printable_record,
    seal_in_bulk,
    sealed_text,
)
from models.audit import AuditEvent
from models.base import db
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability, Proposal, Signature, State
from models.database import open_database
from models.defaults import load_defaults
from models.errors import DomainError, FieldError
from models.intake import (
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    close,
    propose,
    receive,
    record_consent,
    record_investigation,
    withdraw,
)
from models.portable import Connection
from models.portable import connection as raw_connection
from models.seal_store import named_dictionary, pack
from models.search import Filters, page
from models.staff import Role, Staff, StaffRemedy, create_staff
from models.verify import verify_archive
from ui.paper.archive_form import render_archive_form
from ui.paper.code_labels import code_label

from conftest import on_server

RELEASED_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001.db"


def make_staff() -> tuple[Staff, Staff]:
    manager = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("500"), Decimal("100000"))
    for remedy in Remedy.select().where(Remedy.office_only == False):  # noqa: E712
        StaffRemedy.create(staff=manager, remedy=remedy)
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    return manager, office


@pytest.fixture
def staff(defaults: object) -> tuple[Staff, Staff]:
    return make_staff()


def closed_case(manager: Staff, narrative: str = "菜里吃出一根头发", signature: bytes | None = None) -> Complaint:
    category = Category.get(Category.code == "food_quality")
    case = receive(
        manager,
        Receipt(
            customer_name="刘先生",
            phone="13812345678",
            narrative=narrative,
            category_id=category.id,
            demand="要求重做",
            acknowledged=True,
        ),
    )
    kitchen = Department.get(Department.code == "kitchen")
    record_investigation(manager, case, Investigation("属实", kitchen.id, "厨师", Liability.FULL))
    propose(manager, case, [Line(Remedy.get(Remedy.code == "dish_remake").id, "58")])
    consent = Consent("accepted", satisfaction=4, signature_png=signature, witness="" if signature else "小王")
    record_consent(manager, case, consent)
    return close(manager, case, Closing())


def test_closing_seals_with_a_sequential_number_and_a_chain(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    year = dt.date.today().year
    first, second = closed_case(manager), closed_case(manager, "等了一个小时")
    third = withdraw(manager, receive(manager, _receipt()), "顾客离开")
    assert [c.archive_number for c in (first, second, third)] == [f"TS-{year}-{n:06d}" for n in (1, 2, 3)]
    seals = list(ArchiveSeal.select().order_by(ArchiveSeal.id))
    texts = [sealed_text(s.payload) for s in seals]
    previous = ["", seals[0].digest, seals[1].digest]
    assert [s.digest for s in seals] == [chain_digest(p, t) for p, t in zip(previous, texts, strict=True)]
    stored = db.execute_sql("SELECT digest FROM archive_seal ORDER BY id").fetchall()
    assert [bytes(d).hex() for (d,) in stored] == [s.digest for s in seals], "kept as 32 bytes, shown in hex"
    record = json.loads(texts[0])
    assert record["narrative"] == "菜里吃出一根头发" and record["proposals"][0]["lines"][0]["amount"] == "58.00"
    assert record["customer"] == {"name": "刘先生", "phone": "13812345678"}
    assert verify_archive() == []


def test_a_case_asked_for_by_the_lists_number_prints_when_sealed_and_is_said_open_when_not(
    staff: tuple[Staff, Staff],
) -> None:
    """main.py print "#2996" said "There is no archived complaint #2996." of a case waiting for the office."""
    manager, office = staff
    sealed, open_case = closed_case(manager), receive(manager, _receipt())
    cases = archive.archived_by_numbers(office, [f"#{sealed.id}", sealed.archive_number])
    assert [case.id for case in cases] == [sealed.id, sealed.id]
    with pytest.raises(DomainError, match=rf"^#{open_case.id} is still open \(received\): a complaint's form is "
                       r"printed once it is closed or withdrawn\.$") as refused:  # fmt: skip
        archive.archived_by_numbers(office, [f"#{sealed.id}", f"#{open_case.id}"])
    assert refused.value.params["state"] == State.RECEIVED, "named in words on screen and on the command line"
    with pytest.raises(DomainError, match=r"^There is no archived complaint #99999\.$"):
        archive.archived_by_numbers(office, ["#99999"])
    # Its number alone, as the register's search takes it ("There is no archived complaint 2998." of either).
    assert [case.id for case in archive.archived_by_numbers(office, [str(sealed.id)])] == [sealed.id]
    with pytest.raises(DomainError, match=rf"^#{open_case.id} is still open \(received\)"):
        archive.archived_by_numbers(office, [str(open_case.id)])


def _receipt() -> Receipt:
    return Receipt(
        narrative="排队太久",
        category_id=Category.get(Category.code == "waiting_time").id,
        demand="要求道歉",
        acknowledged=True,
    )


def test_a_sealed_case_cannot_be_changed(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = closed_case(manager)
    with pytest.raises(DomainError, match=r"closed complaint TS-\d{4}-\d{6} at [\d:]+: nothing can be added"):
        receive(manager, _receipt(), complaint=case)
    with pytest.raises(IntegrityError, match="sealed in the archive"):
        Complaint.update(narrative="改过的").where(Complaint.id == case.id).execute()
    with pytest.raises(IntegrityError, match="sealed in the archive"):
        Proposal.update(total=1).where(Proposal.complaint == case).execute()
    with pytest.raises(IntegrityError, match="sealed in the archive"):
        Complaint.delete().where(Complaint.id == case.id).execute()
    assert Complaint.get_by_id(case.id).narrative == "菜里吃出一根头发"


def test_an_amendment_is_appended_and_chained(staff: tuple[Staff, Staff]) -> None:
    manager, office = staff
    case = closed_case(manager)
    with pytest.raises(DomainError, match="Only the office"):
        amend(manager, case.archive_number, "顾客姓名写错", {"customer": "刘建国"})
    with pytest.raises(FieldError, match="Say why"):
        amend(office, case.archive_number, " ", {"customer": "刘建国"})
    with pytest.raises(DomainError, match="no archived complaint TS-1999-000001"):
        amend(office, "TS-1999-000001", "顾客姓名写错", {"customer": "刘建国"})
    row = amend(office, case.archive_number, "顾客姓名写错", {"customer": "刘建国"})
    sealed = ArchiveSeal.get(ArchiveSeal.kind == "seal")
    assert row.kind == "amendment" and row.digest == chain_digest(sealed.digest, sealed_text(row.payload))
    [amendment] = amendments(case)
    assert amendment["corrections"] == {"customer": "刘建国"} and amendment["by"]["username"] == "office"
    assert Complaint.get_by_id(case.id).customer.name == "刘先生", "the sealed record itself never changes"
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (event.action, event.actor_id, event.complaint_id) == ("amended", office.id, case.id)
    assert json.loads(event.changes) == {
        "archive_number": case.archive_number,
        "corrections": {"customer": "刘建国"},
        "reason": "顾客姓名写错",
    }
    assert code_label("action", printable_record(office, case)["history"][-1]["action"], "zh_CN") == "更正归档记录"
    assert verify_archive() == []


def test_only_the_office_renders_an_archived_form_a_draft_is_open_to_the_desk(staff: tuple[Staff, Staff]) -> None:
    manager, office = staff
    case = closed_case(manager)
    with pytest.raises(DomainError, match=r"^Only the office can print archived forms\.$"):
        printable_record(manager, case)
    assert printable_record(office, case.id)["seal"] is not None
    draft = receive(manager, _receipt())
    assert printable_record(manager, draft)["seal"] is None


def signature_png(width: int = 600, height: int = 4) -> bytes:
    """A real (grey, striped) PNG, larger than the record around it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((x * 37 + y * 11) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b"")


def test_a_signature_is_kept_once_and_sealed_with_the_case(staff: tuple[Staff, Staff]) -> None:
    manager, office = staff
    png = signature_png()
    first, second = closed_case(manager, signature=png), closed_case(manager, "又签了一次", signature=png)
    assert Signature.select().count() == 1
    assert Complaint.get_by_id(first.id).signature.png == Complaint.get_by_id(second.id).signature.png == png
    encoded = base64.b64encode(png).decode("ascii")
    for case in (first, second):
        stored = bytes(ArchiveSeal.get(ArchiveSeal.complaint == case.id).payload)
        assert stored[:1] == b"\x02" and len(stored) < len(encoded), "the seal names the signature, once kept"
        assert printable_record(office, case.id)["signature_png"] == encoded
    form = render_archive_form(printable_record(office, first.id), organisation="锦江花园酒店")
    assert b"/Subtype /Image" in form, "the form prints the signature kept in its own table"
    assert verify_archive() == []


def test_seals_are_stored_deflated_and_read_back_exactly(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = closed_case(manager, "汤里有异物，服务员态度也不好")
    seal = ArchiveSeal.get(ArchiveSeal.complaint == case.id)
    text = sealed_text(seal.payload)
    assert bytes(seal.payload)[:1] == b"\x01" and len(seal.payload) < len(text.encode()) / 2
    assert json.loads(text)["narrative"] == "汤里有异物，服务员态度也不好"
    assert chain_digest("", text) == seal.digest, "the first seal: nothing before it"


def test_seals_are_stored_against_a_dictionary_of_the_newest_seals(
    staff: tuple[Staff, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the archive holds DICTIONARY_FROM seals, the next is compressed against a dictionary made of
    the newest ones (stored form 5); after DICTIONARY_EVERY more, a new dictionary; each text comes
    back exactly and verify is sound. The dictionaries are append-only."""
    monkeypatch.setattr(archive, "DICTIONARY_FROM", 2)
    monkeypatch.setattr(archive, "DICTIONARY_EVERY", 3)
    manager, _ = staff
    cases = [closed_case(manager, f"第{n}次：汤里有异物，服务员态度也不好") for n in range(7)]
    seals = list(ArchiveSeal.select().order_by(ArchiveSeal.id))
    forms = [(bytes(seal.payload)[:1], named_dictionary(bytes(seal.payload))) for seal in seals]
    assert forms == [(b"\x01", None)] * 2 + [(b"\x05", 1)] * 3 + [(b"\x05", 2)] * 2
    dictionaries = list(SealDictionary.select().order_by(SealDictionary.id))
    assert [d.last_seal for d in dictionaries] == [2, 5]
    first_two = b"".join(sealed_text(seal.payload).encode() for seal in seals[:2])
    assert bytes(dictionaries[0].data) == first_two and dictionaries[0].sha256 == hashlib.sha256(first_two).hexdigest()
    assert [json.loads(sealed_text(seal.payload))["id"] for seal in seals] == [case.id for case in cases]
    assert len(seals[-1].payload) < len(pack(sealed_text(seals[-1].payload)).data), "smaller than form 1"
    assert verify_archive() == []
    with pytest.raises(IntegrityError, match="append-only"):
        SealDictionary.update(data=b"").execute()
    with pytest.raises(IntegrityError, match="append-only"):
        SealDictionary.delete().execute()


def test_verify_names_the_altered_seal(staff: tuple[Staff, Staff], database_path: Path) -> None:
    manager, _ = staff
    cases = [closed_case(manager, f"第{n}次投诉") for n in range(3)]
    with _without_trigger(database_path, "archive_seal", "archive_seal_no_update") as raw:
        (payload,) = raw.execute(
            "SELECT payload FROM archive_seal WHERE archive_number = ?", (cases[1].archive_number,)
        ).fetchone()
        altered = pack(sealed_text(payload, raw).replace("第1次投诉", "第9次投诉")).data
        raw.execute("UPDATE archive_seal SET payload = ? WHERE archive_number = ?", (altered, cases[1].archive_number))
    problems = verify_archive()
    assert {p.archive_number for p in problems} == {cases[1].archive_number}
    assert "the sealed record was altered (digest mismatch)" in [p.problem for p in problems]


def test_verify_names_a_complaint_changed_behind_the_archive_s_back(
    staff: tuple[Staff, Staff], database_path: Path
) -> None:
    manager, _ = staff
    cases = [closed_case(manager, f"第{n}次投诉") for n in range(3)]
    with _without_trigger(database_path, "complaint", "complaint_sealed_update") as raw:
        raw.execute("UPDATE complaint SET narrative = '其实没什么' WHERE id = ?", (cases[2].id,))
    problems = verify_archive()
    assert [(p.archive_number, p.problem) for p in problems] == [
        (cases[2].archive_number, "narrative changed after sealing")
    ]


@contextmanager
def _without_trigger(database_path: Path, table: str, name: str) -> Iterator[Connection]:
    """A connection of a tamperer's own with the guard ``name`` out of the way, put back after: a SQLite
    file's trigger dropped and created again, a server's disabled and enabled again (inside a transaction
    of the models' connection, committed at the end)."""
    if on_server():
        with db.atomic():
            db.execute_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
            yield raw_connection()
            db.execute_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
        return
    with sqlite3.connect(database_path) as raw:
        (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        raw.execute(f"DROP TRIGGER {name}")
        yield raw
        raw.execute(sql)


def _close_many(path: str, count: int) -> list[str]:
    database = open_database(path)
    manager = Staff.get(Staff.username == "zhangwei")
    numbers = [closed_case(manager).archive_number for _ in range(count)]
    database.close()
    return numbers


@pytest.mark.slow
def test_numbers_have_no_gaps_when_two_desks_close_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    database = open_database(path)
    load_defaults()
    make_staff()
    database.close()
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(_close_many, [(path, 15), (path, 15)])
    numbers = sorted(results[0] + results[1])
    year = dt.date.today().year
    assert numbers == [f"TS-{year}-{n:06d}" for n in range(1, 31)]
    database = open_database(path)
    assert verify_archive() == []
    database.close()


def test_cases_closed_in_bulk_are_sealed_in_closing_order(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    first = closed_case(manager)
    year = first.closed_at.year
    ids = []
    for hours in (3, 1, 2):
        case = receive(manager, _receipt())
        closed_at = dt.datetime(year, 1, 1, 8) + dt.timedelta(hours=hours)
        Complaint.update(state="withdrawn", closed_at=closed_at, closed_by=manager, withdrawn_reason="走了").where(
            Complaint.id == case.id
        ).execute()
        ids.append(case.id)
    with db.atomic():
        assert seal_in_bulk(ids) == 3
        assert seal_in_bulk(ids) == 0
    numbers = [Complaint.get_by_id(i).archive_number for i in ids]
    assert numbers == [f"TS-{year}-{n:06d}" for n in (4, 2, 3)]
    assert verify_archive() == []


def test_numbers_go_on_past_999999_in_a_year(tmp_path: Path) -> None:
    """A database whose year has reached TS-YYYY-999999 (an older schema, so the
    upgrade starts the counter from the numbers already given)."""
    year = dt.date.today().year
    copy = tmp_path / "busy-year.db"
    shutil.copy(RELEASED_SCHEMA, copy)
    with sqlite3.connect(copy) as raw:
        last = raw.execute("SELECT max(id) FROM complaint WHERE archive_number IS NOT NULL").fetchone()[0]
        raw.execute("UPDATE complaint SET archive_number = ? WHERE id = ?", (f"TS-{year}-999999", last))
    database = open_database(str(copy))
    try:
        manager = Staff.get(Staff.username == "yangfan")
        first = closed_case(manager)
        assert first.archive_number == f"TS-{year}-1000000"
        withdrawn = receive(manager, _receipt())
        with pytest.raises(ZeroDivisionError), db.atomic():
            withdraw(manager, withdrawn, "顾客离开")
            raise ZeroDivisionError  # anything failing later in the closing transaction
        assert Complaint.get_by_id(withdrawn.id).archive_number is None, "the number is given back"
        second = closed_case(manager, "等了一个小时")
        assert second.archive_number == f"TS-{year}-1000001"
        assert Complaint.get_by_id(second.id).archive_number == f"TS-{year}-1000001"
        assert page(Filters(text=f"TS-{year}-1000001")) == [second.id]
        assert page(Filters(text="1000000")) == [first.id]
    finally:
        database.close()


def test_the_upgrade_counts_on_from_each_year_s_numbers(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(RELEASED_SCHEMA, copy)
    with sqlite3.connect(copy) as raw:
        given = raw.execute(
            "SELECT substr(archive_number, 4, 4), archive_number FROM complaint WHERE archive_number IS NOT NULL"
        ).fetchall()
    expected: dict[int, int] = {}
    for year, number in given:
        expected[int(year)] = max(expected.get(int(year), 0), int(number.rsplit("-", 1)[1]))
    assert len(expected) >= 2, "the fixture has archive numbers of more than one year"
    database = open_database(str(copy))
    try:
        assert {row.year: row.last for row in ArchiveSequence.select()} == expected
    finally:
        database.close()


def test_desks_closing_at_once_across_999999_leave_no_gaps(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    year = dt.date.today().year
    copy = tmp_path / "busy-year.db"
    shutil.copy(RELEASED_SCHEMA, copy)
    with sqlite3.connect(copy) as raw:
        last = raw.execute("SELECT max(id) FROM complaint WHERE archive_number IS NOT NULL").fetchone()[0]
        raw.execute("UPDATE complaint SET archive_number = ? WHERE id = ?", (f"TS-{year}-999996", last))
    database = open_database(str(copy))

    def close_three() -> list[str]:
        with db.connection_context():  # each desk (thread) its own connection
            manager = Staff.get(Staff.username == "yangfan")
            return [closed_case(manager).archive_number for _ in range(3)]

    try:
        with ThreadPoolExecutor(2) as desks:
            results = [future.result() for future in [desks.submit(close_three) for _ in range(2)]]
        expected = [f"TS-{year}-{n:06d}" for n in range(999_997, 1_000_003)]
        assert sorted(results[0] + results[1], key=lambda number: int(number.rsplit("-", 1)[1])) == expected
    finally:
        database.close()


def test_an_archived_record_prints_its_catalogue_entries_in_english_too(staff: tuple[Staff, Staff]) -> None:
    """The seal keeps the Chinese names of its day; an English form takes the English ones from the
    catalogue by code, and the seal is not touched."""
    manager, office = staff
    case = closed_case(manager)
    sealed_digest = ArchiveSeal.get(ArchiveSeal.complaint == case).digest
    record = printable_record(office, case)
    category, kitchen = Category.get(Category.code == "food_quality"), Department.get(Department.code == "kitchen")
    assert (record["category_name"], record["category_name_en"]) == (category.name, category.name_en)
    assert record["department_name_en"] == kitchen.name_en and kitchen.name_en
    line = record["proposals"][0]["lines"][0]
    assert line["remedy_name_en"] == Remedy.get(Remedy.code == "dish_remake").name_en
    assert ArchiveSeal.get(ArchiveSeal.complaint == case).digest == sealed_digest
    assert verify_archive() == []


def test_verify_names_a_server_s_guard_dropped_disabled_or_altered(staff: tuple[Staff, Staff]) -> None:
    if not on_server():
        pytest.skip("a PostgreSQL server's triggers (a SQLite file's: tests/models/test_verify.py)")
    manager, _ = staff
    closed_case(manager)
    assert verify_archive() == []
    with db.atomic():
        db.execute_sql("DROP TRIGGER archive_seal_no_delete ON archive_seal")
        db.execute_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update")
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION signature_no_update_fn() RETURNS trigger LANGUAGE plpgsql AS "
            "$body$ BEGIN RETURN NEW; END $body$"
        )
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION complaint_desk_changed_fn() RETURNS trigger LANGUAGE plpgsql AS "
            "$body$ BEGIN RETURN NULL; END $body$"
        )
        db.execute_sql(
            "CREATE TRIGGER archive_seal_rewrite BEFORE INSERT ON archive_seal FOR EACH ROW "
            "EXECUTE FUNCTION signature_no_update_fn()"
        )
    problems = {(p.archive_number, p.problem) for p in verify_archive()}
    assert problems == {
        ("trigger archive_seal_no_delete", "the protective trigger was dropped"),
        ("trigger audit_event_no_update", "the protective trigger was disabled"),
        ("trigger signature_no_update", "the protective trigger was altered"),
        ("trigger archive_seal_rewrite", "a trigger the migrations did not create"),
        *{(f"trigger {table}_changed", "the protective trigger was altered") for table in db.get_tables()
          if table != "schema_migration"},
    }  # fmt: skip


# What canonical_json wrote when it was json.dumps with these arguments: every seal before orjson was written so.
JSON_DUMPS = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_the_canonical_text_is_json_dumps_text_for_every_character_and_value() -> None:
    characters = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    everything = {
        "text": characters,
        **{character: [character, {"键" + character: None}] for character in characters[:0x3000:7]},
        "numbers": [0, -1, 1, 2**63 - 1, -(2**63), 2**64 - 1, True, False, None, [], {}],
        "tuple": (1, "二"),
        "state": State.CLOSED,  # a str enum: its value
    }
    assert canonical_json(everything) == JSON_DUMPS.encode(everything)
    assert canonical_utf8(everything) == JSON_DUMPS.encode(everything).encode("utf-8")


@pytest.mark.parametrize(
    "value",
    [2**64, -(2**63) - 1, {1: "a key that is no text"}, dt.datetime(2026, 12, 1, 9, 30), Decimal("1.50")],
    ids=["beyond 64 bits", "below -2**63", "int key", "datetime", "decimal"],
)
def test_what_orjson_does_not_take_as_json_would_is_left_to_json(value: object) -> None:
    record = {"value": value}
    try:
        expected = JSON_DUMPS.encode(record)
    except TypeError as error:
        with pytest.raises(TypeError, match=str(error)):
            canonical_json(record)
    else:
        assert canonical_json(record) == expected
        assert canonical_utf8(record) == expected.encode("utf-8")


def test_a_seal_chained_over_its_text_or_its_utf8_has_the_same_digest() -> None:
    text = JSON_DUMPS.encode({"narrative": "汤里有头发，😀", "n": 1})
    previous = hashlib.sha256(b"genesis").hexdigest()
    expected = hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()
    assert chain_digest(previous, text) == chain_digest(previous, text.encode("utf-8")) == expected
