"""Format 3 of the sealed complaint record (the escalation risk, the office's take-over, the referral) and
migration 0015: older seals stay verifiable (and on verify's fast path), every alteration of the new
fields is named, the upgrade fills the keyword groups and the referral guide and comes down again."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from test_archive import closed_case, make_staff

from models.archive import FORMAT_VERSION, ArchiveSeal, printable_record, sealed_text
from models.base import db
from models.case_detail import case_detail
from models.catalog import Category, Department, ReferralGuide, Remedy, RiskKeyword
from models.catalog_admin import save_entry
from models.complaint import Complaint, ConsentAnswer, Liability
from models.control.risk import RiskGroup
from models.database import connect, open_database
from models.defaults import read_defaults
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
    refer,
    take_over,
)
from models.portable import Connection
from models.portable import connection as raw_connection
from models.record_sql import FORMAT_3_FROM_SEAL
from models.settings import Setting
from models.staff import Staff
from models.verify import verify_report

from conftest import on_server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREAT = "产品刚买就坏了，再不处理我就打12315，还要找记者曝光！"
NAUGHTY_WORD = 'say "12315" \\ now'


def risky_closed_case(manager: Staff, office: Staff, narrative: str = THREAT) -> Complaint:
    """Received with a threat, referred to the manufacturer, taken over by the office, closed by it."""
    category = Category.get(Category.code == "product_quality")
    case = receive(
        manager,
        Receipt(customer_name="王女士", phone="13912345678", narrative=narrative, category_id=category.id,
                severity="medium", demand="退货退款", acknowledged=True),
    )  # fmt: skip
    retail = Department.get(Department.code == "retail")
    found = Investigation("电饭煲内胆有裂纹，属厂家质量问题", retail.id, "", Liability.PARTIAL)
    record_investigation(manager, case, found)
    guide = ReferralGuide.get(ReferralGuide.code == "manufacturer_quality")
    refer(manager, case, guide.id, "请联系厂家售后；仍有争议可拨打12315。")
    take_over(office, case, "办公室直接处理")
    propose(office, case, [Line(Remedy.get(Remedy.code == "voucher").id, "100")])
    record_consent(office, case, Consent(ConsentAnswer.ACCEPTED, satisfaction=3, witness="店长"))
    return close(office, case, Closing())


def sealed_record(case: Complaint) -> dict[str, object]:
    seal = ArchiveSeal.get((ArchiveSeal.complaint == case.id) & (ArchiveSeal.kind == "seal"))
    return dict(json.loads(sealed_text(seal.payload)))


@pytest.fixture
def sealed(defaults: object) -> tuple[Staff, Staff, Complaint]:
    manager, office = make_staff()
    return manager, office, risky_closed_case(manager, office)


def test_a_closed_case_seals_its_risk_take_over_and_referral(sealed: tuple[Staff, Staff, Complaint]) -> None:
    _, office, case = sealed
    record = sealed_record(case)
    assert record["format"] == FORMAT_VERSION == 3
    assert record["risk_level"] == "high"
    groups = {r["group"] for r in record["risk_reasons"] if r["code"] == "threat"}  # type: ignore[union-attr]
    assert groups == {"12315", "media"}
    assert record["taken_over_by"] == {"name": "马晓红", "username": "office"}
    assert (record["referral"], record["referral_name"]) == ("manufacturer_quality", "商品质量问题（生产厂家责任）")
    assert record["referral_given"] == "请联系厂家售后；仍有争议可拨打12315。"
    printed = printable_record(office, case)
    assert printed["risk_level"] == "high" and printed["referral"] == "manufacturer_quality"
    report = verify_report()
    assert report.problems == [] and report.compared_in_python == _IN_PYTHON(0), "SQLite renders as Python"


def test_hard_words_in_the_reasons_render_alike_in_sqlite(defaults: object) -> None:
    manager, office = make_staff()
    save_entry(office, "risk_keyword", None, {"word": NAUGHTY_WORD, "risk_group": "other", "weight": 3})
    save_entry(office, "risk_keyword", None, {"word": "😀抖音", "risk_group": "social_media", "weight": 2})
    case = closed_case(manager, f"他说 {NAUGHTY_WORD} 然后发😀抖音\t换行\n结束")
    assert {r["word"] for r in sealed_record(case)["risk_reasons"]} >= {NAUGHTY_WORD, "😀抖音"}  # type: ignore[union-attr]
    report = verify_report()
    assert report.problems == [] and report.compared_in_python == _IN_PYTHON(0)


_TABLES_WITH_TRIGGERS = (
    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
)


def _IN_PYTHON(on_sqlite: int) -> int:
    """How many sealed cases verify compares in Python: on SQLite those its rendering does not match
    (models/record_sql.py), on a server every one (it has no such rendering)."""
    return ArchiveSeal.select().where(ArchiveSeal.kind == "seal").count() if on_server() else on_sqlite


@contextmanager
def tampering(path: Path) -> Iterator[Connection]:
    """Around the guards, as someone with the file and an SQLite tool would (they are put back after);
    on a server, as its owner would: every table's triggers disabled, then enabled again."""
    if on_server():
        tables = [t for (t,) in db.execute_sql(_TABLES_WITH_TRIGGERS)]
        with db.atomic():
            for table in tables:
                db.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            yield raw_connection()
            for table in tables:
                db.execute_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        return
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


@pytest.mark.parametrize(
    ("update", "named"),
    [
        ("risk_level = 'none'", "risk_level changed after sealing"),
        ("""risk_reasons = '[{"code":"severe","kind":"x"}]'""", "risk_reasons changed after sealing"),
        ("risk_reasons = 'not json'", "risk_reasons changed after sealing"),
        ("referral_given = '没说什么'", "referral_given changed after sealing"),
        ("referral_id = (SELECT id FROM referral_guide WHERE code = 'theft')", "referral changed after sealing"),
        ("taken_over_by_id = NULL", "taken_over_by changed after sealing"),
    ],
)
def test_every_alteration_of_the_new_fields_is_named(
    sealed: tuple[Staff, Staff, Complaint], database_path: Path, update: str, named: str
) -> None:
    case = sealed[2]
    with tampering(database_path) as raw:
        raw.execute(f"UPDATE complaint SET {update} WHERE id = ?", (case.id,))
    found = [str(p) for p in verify_report().problems]
    assert found == [f"{case.archive_number}: {named}"], found


def test_the_same_reasons_in_another_order_and_a_renamed_guide_entry_are_sound(
    sealed: tuple[Staff, Staff, Complaint], database_path: Path
) -> None:
    case = sealed[2]
    (text,) = Complaint.select(Complaint.risk_reasons).where(Complaint.id == case.id).tuples().get()
    shuffled = json.dumps([dict(reversed(list(r.items()))) for r in json.loads(text)], ensure_ascii=False, indent=1)
    with tampering(database_path) as raw:
        raw.execute("UPDATE complaint SET risk_reasons = ? WHERE id = ?", (shuffled, case.id))
        raw.execute("UPDATE referral_guide SET name = '厂家质量问题' WHERE code = 'manufacturer_quality'")
    report = verify_report()
    assert report.problems == [] and report.compared_in_python == _IN_PYTHON(1), "compared in Python, and the same"


# --------------------------------------------------------------------------- migration 0015 on a released file


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "desk.db"
    shutil.copy(FIXTURES / "schema_0013.db", path)
    database = open_database(str(path))
    yield path
    database.close()


def test_the_upgrade_groups_the_words_adds_the_guide_and_keeps_old_seals_fast(upgraded: Path) -> None:
    defaults = {e["word"]: e["group"] for e in read_defaults()["risk_keywords"]}
    words = {k.word: k.risk_group for k in RiskKeyword.select()}
    assert words == defaults and set(words.values()) <= {g.value for g in RiskGroup}
    guide = {e.code: e for e in ReferralGuide.select()}
    assert len(guide) == len(read_defaults()["referral_guide"])
    assert guide["manufacturer_quality"].category.code == "product_quality"
    assert guide["threat_or_crime"].category is None
    seals = ArchiveSeal.select().count()
    assert json.loads(Setting.get_by_id(FORMAT_3_FROM_SEAL).value) == ArchiveSeal.select().order_by(
        ArchiveSeal.id.desc()
    ).first().id + 1
    assert Complaint.select().where(Complaint.risk_level == "").count() == Complaint.select().count()
    report = verify_report()
    assert report.problems == [] and report.compared_in_python == 0, "format 2 seals rendered as format 2"
    old = Complaint.select().where(Complaint.archive_number.is_null(False)).first()
    office = Staff.get(Staff.username == "office")
    assert "risk_level" not in printable_record(office, old), "a format 2 seal keeps no risk, and prints none"
    manager = Staff.select().where(Staff.role == "duty_manager").first()
    new = risky_closed_case(manager, office)
    assert ArchiveSeal.select().count() == seals + 1 and sealed_record(new)["format"] == 3
    report = verify_report()
    assert report.problems == [] and report.compared_in_python == 0, "and the new seal as format 3"


def schema(path: Path) -> set[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as raw:
        query = "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        return set(raw.execute(query))


def test_down_gives_the_0013_schema_back(tmp_path: Path) -> None:
    import importlib.util

    from models.database import MIGRATIONS_DIR

    path = tmp_path / "desk.db"
    shutil.copy(FIXTURES / "schema_0013.db", path)
    before = schema(path)
    with closing(sqlite3.connect(path)) as raw:
        channels = sorted(raw.execute("SELECT word, channel FROM risk_keyword"))
    open_database(str(path)).close()
    database = connect(str(path))
    try:
        with database.atomic():
            # Every migration after 0013 goes down, newest first; 0015 among them.
            for migration in sorted((p for p in MIGRATIONS_DIR.glob("[0-9]*.py") if p.name[:4] > "0013"), reverse=True):
                spec = importlib.util.spec_from_file_location(f"migration_{migration.stem}", migration)
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                module.down(None, database)
                database.execute_sql("DELETE FROM schema_migration WHERE name = ?", (migration.stem,))
    finally:
        database.close()
    assert schema(path) == before
    with closing(sqlite3.connect(path)) as raw:
        assert sorted(raw.execute("SELECT word, channel FROM risk_keyword")) == channels


def test_a_draft_form_prints_the_risk_as_the_case_view_shows_it_now(defaults: object) -> None:
    """An open case's draft form: its escalation risk as of the printing, the promise passed counted, as the
    case view and the queues show it; what the last step stored stays as it was."""
    manager, _ = make_staff()
    category = Category.get(Category.code == "food_quality")
    case = receive(
        manager,
        Receipt(customer_name="刘先生", phone="13812345678", narrative="菜里吃出一根头发", category_id=category.id,
                demand="要求重做", acknowledged=True, promised_minutes=15),
    )  # fmt: skip
    stored = Complaint.get_by_id(case.id).risk_level
    later = case.received_at + dt.timedelta(hours=2)
    shown = case_detail(case.id).risk_now(later)
    assert shown is not None and shown.level != stored, "the promise passed since the last step"
    printed = printable_record(manager, case.id, now=later)
    assert printed["risk_level"] == shown.level.value == "watch"
    assert [r["code"] for r in printed["risk_reasons"]] == ["overdue"]  # type: ignore[index, union-attr]
    assert printed["risk_reasons"] == [r.as_json() for r in shown.reasons]
    assert Complaint.get_by_id(case.id).risk_level == stored
