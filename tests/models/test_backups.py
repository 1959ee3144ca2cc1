"""Backups and restore (models/backups.py): each backup is checked before older ones are pruned, the
schedule and the policy keep what they say (the clock injected), a restore checks first, keeps the
database aside and counts what is lost, and nothing half-written is ever listed."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from models import backups
from models.anchor import sidecar_path
from models.backups import (
    AUTOMATIC,
    BEFORE_RESTORE,
    MANUAL,
    BackupRefusedError,
    Retention,
    automatic_backup,
    back_up_now,
    back_up_to,
    backup_due,
    default_folder,
    discard_plan,
    list_backups,
    prune,
    restore,
    restore_plan,
    retention,
    save_retention,
)
from models.base import db, is_postgresql
from models.catalog import Category
from models.complaint import Complaint
from models.database import PAGE_SIZE
from models.errors import DomainError, FieldError
from models.intake import Receipt, receive
from models.verify import verify_report

from conftest import Desk, copy_database, damage_past_opening

ROOT = Path(__file__).resolve().parents[2]
MORNING = dt.datetime(2026, 11, 2, 9, 30)

# A desk's file is backed up by the application; a server's database by the server (pg_dump): the file's
# tests run on SQLite, and on a server (--db) only the refusal does.
file_only = pytest.mark.sqlite_only



def receipt(**changes: object) -> Receipt:
    values = dict(
        customer_name="刘先生",
        phone="138 1234 5678",
        location="二楼中餐厅",
        narrative="我点的宫保鸡丁里吃出一根头发。",
        category_id=Category.get(Category.code == "food_quality").id,
        severity="medium",
        demand="要求重做并道歉",
        acknowledged=True,
        promised_minutes=15,
    )
    values.update(changes)
    return Receipt(**values)  # type: ignore[arg-type]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "usb-stick"
    path.mkdir()
    return path


def cases_in(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as copy:
        return int(copy.execute("SELECT count(*) FROM complaint").fetchone()[0])


# --------------------------------------------------------------------------- taking one


@file_only
def test_a_backup_is_checked_and_listed_with_its_cases(seeded: Desk, folder: Path) -> None:
    receive(seeded.manager, receipt())
    seen: list[tuple[int, int]] = []
    info = back_up_now(seeded.office, folder, now=MORNING, progress=lambda done, total: seen.append((done, total)))
    assert info.checked is True and info.problems == ()
    assert info.path.parent == folder and info.kind == MANUAL
    [listed] = list_backups(folder)
    assert (listed.path, listed.cases, listed.checked, listed.kind) == (info.path, 1, True, MANUAL)
    assert listed.size == info.path.stat().st_size > 0
    assert cases_in(info.path) == 1
    # The backup carries the archive's anchor, and the check's result beside it.
    sidecar = json.loads(sidecar_path(info.path).read_text(encoding="utf-8"))
    assert sidecar["anchor"]["events"] >= 1 and sidecar["backup"]["checked"] is True
    assert seen and seen[-1] == (backups.PROGRESS_TOTAL, backups.PROGRESS_TOTAL)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert not list(folder.glob("*.partial"))


@file_only
def test_only_the_office_takes_backups(seeded: Desk, folder: Path) -> None:
    with pytest.raises(DomainError, match="Only the office or an administrator"):
        back_up_now(seeded.manager, folder)
    assert back_up_now(seeded.admin, folder).checked
    assert not list(folder.glob(f"*{MANUAL}*.partial"))


@file_only
def test_a_missing_target_folder_is_a_sentence_and_nothing_is_made(seeded: Desk, tmp_path: Path) -> None:
    missing = tmp_path / "unplugged-stick" / "backups"
    with pytest.raises(DomainError, match=r"The folder .* does not exist: plug in the disk or USB stick"):
        back_up_now(seeded.office, missing)
    with pytest.raises(DomainError, match="does not exist"):
        automatic_backup(missing, now=MORNING)
    assert not missing.exists() and not missing.parent.exists()


@file_only
def test_a_file_where_the_folder_should_be_is_a_sentence(seeded: Desk, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    with pytest.raises(DomainError, match="is a file, not a folder"):
        back_up_now(seeded.office, tmp_path / "not-a-folder")


@file_only
def test_a_copy_that_cannot_be_written_is_a_sentence_and_leaves_nothing(
    seeded: Desk, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    def full_disk(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(target).endswith(".partial"):
            raise sqlite3.OperationalError("database or disk is full")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backups.sqlite3, "connect", full_disk)
    with pytest.raises(DomainError, match="is full: no backup was taken"):
        back_up_now(seeded.office, folder)
    assert list(folder.iterdir()) == []


@file_only
def test_a_copy_failing_half_way_leaves_not_even_its_journal(seeded: Desk, folder: Path) -> None:
    """The disk filled while the pages were being copied: the copy went, its rollback journal (``.partial-journal``)
    stayed behind, never listed and never removed, on the disk that was full."""

    def full_disk(done: int, total: int) -> None:
        [partial] = folder.glob("*.partial")
        partial.with_name(partial.name + "-journal").write_bytes(b"\0" * 512)  # as SQLite's write had left it
        raise OSError(28, "No space left on device")

    with pytest.raises(DomainError, match="is full: no backup was taken"):
        back_up_now(seeded.office, folder, progress=full_disk)
    assert list(folder.iterdir()) == []


@file_only
def test_back_up_to_a_file_never_overwrites(seeded: Desk, tmp_path: Path) -> None:
    target = tmp_path / "one.db"
    target.write_text("keep me")
    with pytest.raises(DomainError, match="exists already"):
        back_up_to(seeded.office, target)
    assert target.read_text() == "keep me"
    with pytest.raises(DomainError, match="is a folder: give the name of the file to write in it"):
        back_up_to(seeded.office, tmp_path)
    assert back_up_to(seeded.office, tmp_path / "two.db").checked


@file_only
def test_a_backup_stopped_before_its_check_leaves_nothing_at_its_name(
    seeded: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C while the copy was being checked left it at the name asked for, unchecked and unsaid; the same
    command then refused the name ("exists already")."""
    target = tmp_path / "kept.db"
    checking = backups.check_backup

    def interrupted(path: Path, *args: object, **kwargs: object) -> object:
        assert path == target and path.exists(), "copied, being checked"
        raise KeyboardInterrupt

    monkeypatch.setattr(backups, "check_backup", interrupted)
    with pytest.raises(KeyboardInterrupt):
        back_up_to(seeded.office, target)
    monkeypatch.setattr(backups, "check_backup", checking)
    assert not target.exists() and not sidecar_path(target).exists()
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("kept")) == []
    assert back_up_to(seeded.office, target).checked, "the same name again"



# --------------------------------------------------------------------------- the schedule and pruning


@file_only
def test_one_automatic_backup_a_day(seeded: Desk, folder: Path) -> None:
    assert backup_due(folder, MORNING)
    first = automatic_backup(folder, now=MORNING)
    assert first is not None and first.checked and first.kind == AUTOMATIC
    assert not backup_due(folder, MORNING + dt.timedelta(hours=8))
    assert automatic_backup(folder, now=MORNING + dt.timedelta(hours=8)) is None
    assert backup_due(folder, MORNING + dt.timedelta(days=1))
    second = automatic_backup(folder, now=MORNING + dt.timedelta(days=1))
    assert second is not None and second.checked
    assert [info.path for info in list_backups(folder)] == [second.path, first.path]


@file_only
def test_at_close_a_backup_is_taken_only_when_something_changed(seeded: Desk, folder: Path) -> None:
    first = automatic_backup(folder, now=MORNING, only_if_changed=True)
    assert first is not None
    assert automatic_backup(folder, now=MORNING + dt.timedelta(minutes=5), only_if_changed=True) is None
    receive(seeded.manager, receipt())
    later = automatic_backup(folder, now=MORNING + dt.timedelta(minutes=10), only_if_changed=True)
    assert later is not None and later.cases == 1


def fake_backup(folder: Path, at: dt.datetime, kind: str = AUTOMATIC, checked: bool | None = True) -> Path:
    """A listed backup without the cost of a copy: pruning reads names and sidecars only."""
    path = folder / f"desk-{at:%Y%m%d-%H%M%S}-{kind}.db"
    path.write_bytes(b"")
    facts: dict[str, object] = {"taken_at": at.isoformat(sep=" "), "cases": 0}
    if checked is not None:
        facts["checked"] = checked
    sidecar_path(path).write_text(json.dumps({"backup": facts}), encoding="utf-8")
    return path


@file_only
def test_pruning_keeps_seven_daily_four_weekly_twelve_monthly(seeded: Desk, folder: Path) -> None:
    today = dt.datetime(2026, 11, 30, 18, 0)  # a Monday
    for days_ago in range(400):  # a backup every evening for 400 days, and one by hand each morning
        fake_backup(folder, today - dt.timedelta(days=days_ago))
        fake_backup(folder, today - dt.timedelta(days=days_ago, hours=6), kind=MANUAL)
    removed = prune(folder, Retention(), today)
    kept = {info.taken_at.date() for info in list_backups(folder)}
    daily = {dt.date(2026, 11, day) for day in range(24, 31)}
    weekly = {dt.date(2026, 11, 30), dt.date(2026, 11, 29), dt.date(2026, 11, 22), dt.date(2026, 11, 15)}
    month_ends = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30]  # January to November 2026
    monthly = {dt.date(2025, 12, 31)} | {dt.date(2026, month, day) for month, day in enumerate(month_ends, 1)}
    assert dt.date(2026, 2, 28) in monthly and dt.date(2026, 10, 31) in monthly and len(monthly) == 12
    assert kept == daily | weekly | monthly
    # The newest of each day is the one kept: the mornings' copies are gone.
    assert all(info.taken_at.hour == 18 for info in list_backups(folder))
    assert len(removed) == 800 - len(kept) == 800 - 20


@file_only
def test_pruning_spares_copies_kept_aside_unchecked_and_newer_failed_ones(seeded: Desk, folder: Path) -> None:
    now = dt.datetime(2026, 11, 30, 18, 0)
    old = [fake_backup(folder, now - dt.timedelta(days=n)) for n in range(1, 40)]
    aside = fake_backup(folder, now - dt.timedelta(days=60), kind=BEFORE_RESTORE, checked=None)
    unchecked = fake_backup(folder, now - dt.timedelta(days=50), checked=None)
    failed_old = fake_backup(folder, now - dt.timedelta(days=45, hours=1), checked=False)
    failed_new = fake_backup(folder, now, checked=False)
    prune(folder, Retention(daily=2, weekly=0, monthly=0), now)
    left = {info.path for info in list_backups(folder)}
    assert left == {old[0], old[1], aside, unchecked, failed_new}
    assert failed_old not in left and not sidecar_path(failed_old).exists()


@file_only
def test_a_backup_that_fails_its_check_prunes_nothing(
    seeded: Desk, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = [fake_backup(folder, MORNING - dt.timedelta(days=n)) for n in range(1, 30)]
    failing = backups.BackupCheck(("integrity: page 7 is never used",), None, 0, 0, 0, "")
    monkeypatch.setattr(backups, "check_backup", lambda *args, **kwargs: failing)
    info = automatic_backup(folder, now=MORNING)
    assert info is not None and info.checked is False and info.problems == failing.problems
    assert {i.path for i in list_backups(folder)} == {*older, info.path}
    [listed] = [i for i in list_backups(folder) if i.path == info.path]
    assert listed.checked is False and "page 7" in listed.problems[0]
    assert backup_due(folder, MORNING)  # a failed one is no day's backup: the next check tries again


@file_only
def test_the_retention_policy_is_the_offices(seeded: Desk) -> None:
    assert retention() == Retention(7, 4, 12)
    save_retention(seeded.office, Retention(14, 8, 24))
    assert retention() == Retention(14, 8, 24)
    with pytest.raises(FieldError, match="Keep between 1 and 366"):
        save_retention(seeded.office, Retention(0, 8, 24))
    with pytest.raises(DomainError, match="Only the office"):
        save_retention(seeded.manager, Retention(1, 1, 1))
    assert retention() == Retention(14, 8, 24)


# --------------------------------------------------------------------------- restoring


@file_only
def test_restore_says_what_is_lost_keeps_the_database_aside_and_puts_the_backup_back(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    kept_case = receive(seeded.manager, receipt())
    changed_case = receive(seeded.manager, receipt(customer_name="王女士", phone="139 0000 1111"))
    info = back_up_now(seeded.office, folder)
    receive(seeded.manager, receipt(narrative="新的投诉：房间空调不制冷。"), changed_case, now=dt.datetime.now())
    receive(seeded.manager, receipt(customer_name="赵先生", phone="137 2222 3333"))
    receive(seeded.manager, receipt(customer_name="钱女士", phone="136 4444 5555"))
    save_retention(seeded.office, Retention(9, 4, 12))  # a change of no case

    plan = restore_plan(seeded.office, info.path)
    assert (plan.cases_in_backup, plan.new_cases, plan.changed_cases, plan.other_changes) == (2, 2, 1, 1)
    assert abs((plan.taken_at - info.taken_at).total_seconds()) < 1

    aside = restore(seeded.office, plan, folder)
    assert Complaint.select().count() == 2
    assert Complaint.get_by_id(changed_case.id).narrative == "我点的宫保鸡丁里吃出一根头发。"
    assert Complaint.get_by_id(kept_case.id).customer_id is not None
    assert retention() == Retention(7, 4, 12)
    # The database as it was is kept aside, listed, never pruned.
    assert cases_in(aside) == 4 and aside.parent == folder
    assert {i.kind for i in list_backups(folder)} == {MANUAL, BEFORE_RESTORE}
    prune(folder, Retention(1, 0, 0))
    assert aside.exists()
    # The restored database is sound, and its audit trail says who restored what.
    assert verify_report(database_path).problems == []
    from models.audit import AuditEvent

    last = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert last.action == "database_restored" and info.path.name in last.changes
    # The desk goes on working on it, and closing backs up again (the audit trail is not the newest backup's).
    assert receive(seeded.manager, receipt(customer_name="孙先生", phone="135 6666 7777")).id
    assert automatic_backup(folder, only_if_changed=True) is not None


@file_only
def test_a_damaged_database_is_restored_saying_that_what_is_lost_cannot_be_counted(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    """When a backup is needed most: the complaints' pages damaged, counting what the restore undoes stopped it with
    "database disk image is malformed" (a traceback on the command line)."""
    info = back_up_now(seeded.office, folder)
    for n in range(60):  # enough complaints for their table to have leaf pages of its own
        narrative = "空调不制冷。" * 30
        receive(seeded.manager, receipt(customer_name=f"顾客{n}", phone=f"139 0000 {n:04d}", narrative=narrative))
    (leaf,) = db.connection().execute(
        "SELECT pageno FROM dbstat WHERE name = 'complaint' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1"
    ).fetchone()
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(database_path, "r+b") as file:  # the disk's fault, under the desk's feet
        file.seek((leaf - 1) * PAGE_SIZE)
        file.write(b"\xa5" * PAGE_SIZE)
    db.close()
    db.connect()
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        db.connection().execute("SELECT count(*) FROM complaint WHERE id > 0").fetchone()

    plan = restore_plan(seeded.office, info.path)
    assert (plan.new_cases, plan.changed_cases, plan.other_changes) == (None, None, None)
    restore(seeded.office, plan, folder)
    assert Complaint.select().count() == 0, "the backup's, taken before the damaged ones"
    assert verify_report(database_path).problems == []


@file_only
def test_a_database_that_cannot_be_opened_is_restored_by_an_account_of_the_backup(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    """The very time a backup is wanted, the database may not open at all ("database disk image is malformed"):
    no account to log in with, no connection to restore through. The backup's office account restores it."""
    from models.audit import AuditEvent
    from models.backups import plan_over_damaged, restore_over_damaged, restorer_of
    from models.database import open_database
    from models.errors import DamagedDatabaseError

    receive(seeded.manager, receipt())
    info = back_up_now(seeded.office, folder)
    receive(seeded.manager, receipt(customer_name="王女士", phone="139 0000 1111"))
    damage_past_opening(database_path)
    with pytest.raises(DamagedDatabaseError, match="malformed") as refused:
        open_database(str(database_path))
    assert refused.value.path == str(database_path)

    plan = plan_over_damaged(database_path, info.path)
    assert (plan.cases_in_backup, plan.new_cases, plan.changed_cases, plan.other_changes) == (1, None, None, None)
    assert plan.source is not None and plan.source.exists() and plan.source.parent == database_path.parent / "backups"
    actor = restorer_of(plan, "office", "office-pass-1")
    damaged_bytes = database_path.read_bytes()
    aside = restore_over_damaged(actor, plan, database_path, folder)
    assert not plan.source.exists(), "the copy took the database's place"
    assert aside.parent == folder and aside.read_bytes() == damaged_bytes, "the damaged file kept aside as it was"
    open_database(str(database_path))
    assert Complaint.select().count() == 1, "the backup's case; the one received after it is gone"
    assert verify_report(database_path).problems == []
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert last.action == "database_restored" and '"over_damaged_database": true' in last.changes
    assert aside in [info.path for info in backups.list_backups(folder)], "listed beside the backups it came after"


@file_only
def test_only_an_office_account_of_the_backup_with_its_password_restores_over_a_damaged_database(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    from models.backups import plan_over_damaged, restorer_of
    from models.errors import AuthenticationError

    info = back_up_now(seeded.office, folder)
    damage_past_opening(database_path)
    damaged = database_path.read_bytes()
    plan = plan_over_damaged(database_path, info.path)
    with pytest.raises(AuthenticationError):
        restorer_of(plan, "office", "wrong-password")
    with pytest.raises(DomainError, match="office"):  # a duty manager's account: its role may not
        restorer_of(plan, seeded.manager.username, "desk-pass-1")
    discard_plan(plan)
    assert database_path.read_bytes() == damaged, "nothing changed"
    assert not plan.source.exists() and list((database_path.parent / "backups").glob("*.partial")) == []
    assert backup_bytes_unchanged(info.path)


def backup_bytes_unchanged(path: Path) -> bool:
    """The backup checks out as it did: a restore logs in on its copy, never on the backup itself."""
    from models.backups import check_backup

    return check_backup(path).ok


@file_only
def test_a_backup_that_does_not_check_out_is_not_put_in_place_of_a_damaged_database(
    seeded: Desk, folder: Path, database_path: Path, tmp_path: Path
) -> None:
    from models.backups import plan_over_damaged

    info = back_up_now(seeded.office, folder)
    with closing(sqlite3.connect(info.path)) as raw:
        raw.execute("DROP TRIGGER archive_seal_no_update")
        raw.commit()
    damage_past_opening(database_path)
    with pytest.raises(BackupRefusedError):
        plan_over_damaged(database_path, info.path)
    assert list((database_path.parent / "backups").glob("*.partial")) == [], "no copy left behind"
    with pytest.raises(DomainError, match="does not exist"):
        plan_over_damaged(database_path, tmp_path / "nowhere.db")


@file_only
def test_a_file_that_is_no_database_is_damaged_and_a_foreign_or_busy_one_is_not(tmp_path: Path) -> None:
    from models.database import open_database
    from models.errors import DamagedDatabaseError, DatabaseOpenError

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all " * 500)
    with pytest.raises(DamagedDatabaseError, match="not a database"):
        open_database(str(junk))
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
        raw.commit()
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(str(foreign))
    assert not isinstance(refused.value, DamagedDatabaseError), "another application's file is not restored over"


@file_only
def test_a_backup_in_pages_of_another_size_is_restored_in_the_database_s_own(
    seeded: Desk, folder: Path, database_path: Path, tmp_path: Path
) -> None:
    """A file made before the pages grew to 16 KB (models/database.py: PAGE_SIZE) keeps its 4 KB pages, and so
    do its backups; restored into a newer file, the backup is first copied in that file's pages (SQLite's
    backup API cannot change the pages of a database in WAL mode)."""
    kept = receive(seeded.manager, receipt())
    info = back_up_now(seeded.office, folder)
    small = tmp_path / "small.db"
    with closing(sqlite3.connect(info.path)) as backup:
        backup.execute("PRAGMA page_size = 4096")
        backup.execute("VACUUM INTO ?", (str(small),))
    os.replace(small, info.path)
    with closing(sqlite3.connect(info.path)) as backup:
        assert backup.execute("PRAGMA page_size").fetchone() == (4096,)
    assert db.connection().execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)
    receive(seeded.manager, receipt(customer_name="赵先生", phone="137 2222 3333"))
    before = set(folder.iterdir())

    aside = restore(seeded.office, restore_plan(seeded.office, info.path), folder)
    assert [c.id for c in Complaint.select()] == [kept.id]
    assert db.connection().execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)
    assert set(folder.iterdir()) - before == {aside, sidecar_path(aside)}, "no copy in other pages left behind"
    assert verify_report(database_path).problems == []


@file_only
def test_a_backup_taken_before_this_version_is_checked_and_restored_brought_up_to_date(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    """A backup of an older schema (taken before an update that added a migration) was refused as 'older than
    this version': every backup became useless with each update. It is checked as a copy brought up to date,
    and that copy is restored (then removed)."""
    import importlib.util

    from peewee import SqliteDatabase

    from models.database import HISTORY_TABLE, MIGRATIONS_DIR, schema_state

    kept = receive(seeded.manager, receipt())
    info = back_up_now(seeded.office, folder)
    newest = schema_state(db).applied[-1]
    spec = importlib.util.spec_from_file_location(f"migration_{newest}", MIGRATIONS_DIR / f"{newest}.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    older = SqliteDatabase(str(info.path))
    with older.atomic():  # as the version before the newest wrote it: its schema, without the newest's record
        migration.down(None, older)
        older.execute_sql(f'DELETE FROM "{HISTORY_TABLE}" WHERE name = ?', (newest,))
    older.close()
    receive(seeded.manager, receipt(customer_name="赵先生", phone="137 2222 3333"))
    upgrades = default_folder(database_path)
    plan = restore_plan(seeded.office, info.path)
    assert plan.source is not None and plan.source.exists() and plan.new_cases == 1
    with closing(sqlite3.connect(info.path)) as backup:
        assert backup.execute(f'SELECT count(*) FROM "{HISTORY_TABLE}" WHERE name = ?', (newest,)).fetchone() == (0,)
    restore(seeded.office, plan, folder)
    assert [c.id for c in Complaint.select()] == [kept.id]
    assert schema_state(db).pending == (), "the database is of this version"
    assert not plan.source.exists() and not list(upgrades.glob("*.partial*")), "no upgraded copy left behind"
    assert verify_report(database_path).problems == []
    discard_plan(restore_plan(seeded.office, info.path))  # planned, not restored: its copy goes too
    assert not list(upgrades.glob("*.partial*"))


@file_only
def test_restore_refuses_a_damaged_backup(seeded: Desk, folder: Path, tmp_path: Path) -> None:
    for n in range(30):
        receive(seeded.manager, receipt(customer_name=f"客人{n}", phone=f"138 0000 {n:04d}"))
    info = back_up_now(seeded.office, folder)
    damaged = tmp_path / "damaged.db"
    data = bytearray(info.path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):  # scribble over pages in the middle
        data[offset + 100 : offset + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    with pytest.raises(DomainError, match="did not pass its check and is not restored"):
        restore_plan(seeded.office, damaged)
    assert Complaint.select().count() == 30


@file_only
def test_restore_refuses_a_backup_whose_schema_is_damaged_into_bytes_that_are_no_text(
    seeded: Desk, folder: Path, tmp_path: Path
) -> None:
    """SQLite's error then quotes the damaged bytes, which Python cannot even decode (1 in 200 of the random
    damages above did this, and the check failed with UnicodeDecodeError instead of saying so)."""
    info = back_up_now(seeded.office, folder)
    with closing(sqlite3.connect(info.path)) as raw:
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute(
            "UPDATE sqlite_master SET sql = CAST(CAST(sql AS BLOB) || x'ff' AS TEXT) WHERE name = 'setting'"
        )
        raw.commit()
    with pytest.raises(DomainError, match="did not pass its check and is not restored: Cannot open"):
        restore_plan(seeded.office, info.path)
    assert Complaint.select().count() == 0


@file_only
def test_restore_refuses_what_is_no_backup_of_this_database(
    seeded: Desk, folder: Path, tmp_path: Path, seeded_database: Path
) -> None:
    garbage = tmp_path / "holiday-photo.db"
    garbage.write_bytes(os.urandom(10_000))
    with pytest.raises(DomainError, match="did not pass its check"):
        restore_plan(seeded.office, garbage)
    other_hotel = copy_database(seeded_database, tmp_path / "other-hotel.db")
    with pytest.raises(DomainError, match="another Complaint Desk database"):
        restore_plan(seeded.office, other_hotel)
    with pytest.raises(DomainError, match="does not exist"):
        restore_plan(seeded.office, tmp_path / "nowhere.db")
    with pytest.raises(DomainError, match="is a folder: choose one of the backup files in it"):
        restore_plan(seeded.office, folder)
    with pytest.raises(DomainError, match="Only the office"):
        restore_plan(seeded.manager, garbage)


# --------------------------------------------------------------------------- other processes

WRITER = """
import sys, time
from pathlib import Path
from models.database import connect
from models.catalog import Category
from models.intake import Receipt, receive
from models.staff import Staff

connect(sys.argv[1])
stop = Path(sys.argv[2])
manager = Staff.get(Staff.username == "zhangwei")
category = Category.get(Category.code == "food_quality").id
n = 0
while not stop.exists():
    receive(manager, Receipt(customer_name=f"客人{n}", phone=f"138{n:08d}", narrative="房间很吵。",
                             category_id=category, demand="换房间", acknowledged=True, promised_minutes=15))
    n += 1
    print(n, flush=True)
"""


@pytest.mark.slow
@file_only
def test_a_backup_taken_while_another_process_writes_still_checks_out(
    seeded: Desk, folder: Path, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(200):  # pages enough that the copy takes many steps
        receive(seeded.manager, receipt(customer_name=f"老客{n}", phone=f"139{n:08d}", narrative="早餐太咸。" * 40))
    monkeypatch.setattr(backups, "STEP_PAGES", 4)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database_path), str(stop)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "1", writer.stderr.read() if writer.stderr else ""
        during: list[int] = []
        info = back_up_now(
            seeded.office, folder, progress=lambda done, total: during.append(Complaint.select().count())
        )
    finally:
        stop.touch()
        _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert info.checked is True, info.problems
    assert during[-1] > during[0], "the other process wrote nothing while the backup ran"
    # The copy is the snapshot the backup began with: more than the 200, fewer than the writer reached.
    assert info.cases == cases_in(info.path)
    assert 200 < cases_in(info.path) < Complaint.select().count()


KILLED = """
import sys, time
from pathlib import Path
from models import backups
from models.database import connect
from models.staff import Staff

def main():
    connect(sys.argv[1])
    backups.STEP_PAGES = 1
    started = Path(sys.argv[3])
    def progress(done, total):
        if done > 3:
            started.touch()
            time.sleep(600)  # killed here, in the middle of the copy
    backups.back_up_now(Staff.get(Staff.username == "office"), Path(sys.argv[2]), progress=progress)

if __name__ == "__main__":
    main()
"""


@pytest.mark.slow
@file_only
def test_a_backup_killed_mid_copy_is_never_listed(
    seeded: Desk, folder: Path, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(50):
        receive(seeded.manager, receipt(customer_name=f"老客{n}", phone=f"139{n:08d}"))
    script = tmp_path / "killed_backup.py"
    script.write_text(KILLED, encoding="utf-8")
    started = tmp_path / "started"
    child = subprocess.Popen(
        [sys.executable, str(script), str(database_path), str(folder), str(started)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the backup never started"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stderr is not None:
            child.stderr.close()
    [partial] = folder.glob("*.partial")  # the copy's pages may still be in its journal
    assert list_backups(folder) == []
    assert backup_due(folder)
    # The next backup goes ahead; the leftover goes once nothing has written to it for a while.
    monkeypatch.setattr(backups, "STALE_PARTIAL_SECONDS", 0)
    info = back_up_now(seeded.office, folder)
    assert [i.path for i in list_backups(folder)] == [info.path] and info.checked
    assert not partial.exists() and sorted(p.name for p in folder.iterdir()) == sorted(
        [info.path.name, sidecar_path(info.path).name]
    )


def test_a_server_database_is_backed_up_by_the_server_and_refused_here(seeded: Desk, tmp_path: Path) -> None:
    if not is_postgresql():
        pytest.skip("a database on a PostgreSQL server (--db)")
    assert backups.is_server_database()
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(DomainError, match=r"PostgreSQL server: back it up with the server's own backups"):
        backups.back_up_now(seeded.office, folder)
    with pytest.raises(DomainError, match=r"restore it from the server's own backups \(pg_restore into an empty"):
        backups.restore_plan(seeded.office, folder / "some.db")
    assert list(folder.iterdir()) == []  # nothing written


def test_a_server_database_is_not_compacted_here(seeded: Desk) -> None:
    if not is_postgresql():
        pytest.skip("a database on a PostgreSQL server (--db)")
    from models.database import compact

    with pytest.raises(DomainError, match=r"^This database lives on a PostgreSQL server, which gives free space back"):
        compact(db.obj, seeded.office)


@file_only
def test_ctrl_c_while_the_backup_is_put_in_place_finishes_the_restore_first(
    seeded: Desk, folder: Path, database_path: Path
) -> None:
    """Ctrl+C once the backup was being written in left the data restored without the restore's record and with
    the anchors of the database before it: verify then reported tampering. It waits for the restore to finish."""
    from models.audit import AuditEvent

    receive(seeded.manager, receipt())
    info = back_up_now(seeded.office, folder)
    receive(seeded.manager, receipt(customer_name="赵先生", phone="137 2222 3333"))
    plan = restore_plan(seeded.office, info.path)
    pressed: list[int] = []

    def progress(done: int, total: int) -> None:
        if done > backups.PROGRESS_TOTAL // 2 and not pressed:  # the backup being written in
            pressed.append(done)
            os.kill(os.getpid(), signal.SIGINT)

    before = signal.getsignal(signal.SIGINT)  # Python's own; ignored under a shell's background job (CI's may be)
    restore(seeded.office, plan, folder, progress)  # no KeyboardInterrupt
    assert pressed and signal.getsignal(signal.SIGINT) is before, "the handler it found, put back"
    assert Complaint.select().count() == 1
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).get().action == "database_restored"
    assert verify_report(database_path).problems == []
