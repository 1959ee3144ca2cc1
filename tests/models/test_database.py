"""Opening, migrating and guarding the database file."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from peewee import IntegrityError
from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

import models.database as database_module
from models.audit import AuditEvent, record
from models.database import (
    BACKUP_FOLDER,
    BUSY_TIMEOUT_MS,
    HISTORY_TABLE,
    MERGING_DEFAULT,
    MERGING_RESTING,
    MIGRATIONS_DIR,
    PAGE_SIZE,
    RESTING_INDEXES,
    RESTING_MERGES,
    STALE_PARTIAL_SECONDS,
    SchemaState,
    SqliteDatabase,
    compact,
    connect,
    open_database,
    rest_indexes,
    resting_indexes,
    schema_state,
)
from models.errors import DatabaseOpenError, DomainError, SchemaTooNewError
from models.schema import ALL_MODELS
from models.staff import Staff
from models.verify import verify_archive

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED_SCHEMAS = sorted(FIXTURES.glob("schema_*.db"))
CURRENT = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def test_a_new_database_reaches_the_current_schema(database_path: Path) -> None:
    database = open_database(str(database_path))
    try:
        state = schema_state(database)
        assert state.current and list(state.applied) == CURRENT
        assert not diff_models(database, ALL_MODELS), "models and migrations disagree"
    finally:
        database.close()


@pytest.mark.sqlite_only
def test_pragmas_make_commits_durable(database: object) -> None:
    def pragma(name: str) -> object:
        return database.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") >= 5000


def counts(path: Path) -> tuple[list[str], int, int]:
    """The migrations a file has, its complaints and its seals, read without migrating it."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        applied = [name for (name,) in raw.execute("SELECT name FROM schema_migration ORDER BY name")]
        complaints = raw.execute("SELECT count(*) FROM complaint").fetchone()[0]
        seals = raw.execute("SELECT count(*) FROM archive_seal").fetchone()[0]
    return applied, complaints, seals


@pytest.mark.parametrize("fixture", RELEASED_SCHEMAS, ids=lambda p: p.name)
def test_every_released_schema_upgrades(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    applied, complaints, seals = counts(copy)
    assert complaints > 0 and seals > 0, "a fixture holds complaints, sealed ones among them"
    database = open_database(str(copy))
    try:
        assert list(schema_state(database).applied) == CURRENT
        assert not diff_models(database, ALL_MODELS)
        assert database.execute_sql("SELECT count(*) FROM complaint").fetchone()[0] == complaints
        assert database.execute_sql("SELECT count(*) FROM archive_seal").fetchone()[0] == seals
        assert verify_archive() == [], "the upgrade keeps every archived record intact"
        if applied != CURRENT:
            assert list((tmp_path / BACKUP_FOLDER).iterdir()), "a copy was taken before migrating"
    finally:
        database.close()


def test_the_released_schema_fixture_exists() -> None:
    assert (FIXTURES / "schema_0001.db").is_file()


def test_the_newest_schema_has_a_fixture() -> None:
    newest = [path.name for path in RELEASED_SCHEMAS if counts(path)[0] == CURRENT]
    assert newest, "no fixture of the newest schema: run tests/fixtures/make_fixture.py and commit its file"


def test_a_migration_backs_the_file_up_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "desk.db"
    open_database(str(path)).close()
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    (migrations / "9001_add_note.py").write_text(
        "from peewee import TextField\n\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('customer', 'extra_note', TextField(null=True)))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(database_module, "MIGRATIONS_DIR", migrations)
    database = open_database(str(path))
    database.close()
    backups = sorted((tmp_path / BACKUP_FOLDER).glob("*.db"))  # beside each: its .anchor sidecar
    assert len(backups) == 1 and "pre-9001_add_note" in backups[0].name
    with sqlite3.connect(backups[0]) as copy:
        columns = [row[1] for row in copy.execute("PRAGMA table_info(customer)")]
    assert "extra_note" not in columns


def _runner_says(path: Path) -> SchemaState:
    """The schema state as peewee's own migration runner reports it."""
    with closing(SqliteDatabase(str(path))) as raw:
        rows = Runner(raw, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE).status()
        return SchemaState(
            applied=tuple(m.name for m in rows if m.applied and m.path),
            pending=tuple(m.name for m in rows if not m.applied),
            unknown=tuple(m.name for m in rows if m.applied and not m.path),
        )


@pytest.mark.parametrize("fixture", [*RELEASED_SCHEMAS, None], ids=lambda p: p.name if p else "empty file")
def test_the_schema_state_read_at_every_start_is_the_runners(fixture: Path | None, tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    if fixture is None:
        sqlite3.connect(path).close()
    else:
        shutil.copy(fixture, path)
        with closing(sqlite3.connect(path)) as raw, raw:  # and one from a newer version, out of order
            raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0100_future', '2030-01-01')")
            raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    expected = _runner_says(path)
    assert expected.pending or expected.unknown, "each case has something to tell apart"
    with closing(SqliteDatabase(str(path))) as raw:
        assert schema_state(raw) == expected


def test_a_database_from_a_newer_version_is_refused(database_path: Path) -> None:
    open_database(str(database_path)).close()
    with sqlite3.connect(database_path) as raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    with pytest.raises(SchemaTooNewError, match=r"newer version of Complaint Desk.*0099_future"):
        open_database(str(database_path))
    with sqlite3.connect(database_path) as raw:
        assert raw.execute("SELECT count(*) FROM schema_migration").fetchone()[0] == len(CURRENT) + 1


def _garbage(folder: Path) -> Path:
    path = folder / "letter.db"
    path.write_bytes(b"this is a letter, not a database" * 200)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "a-folder.db"
    path.mkdir()
    return path


def _foreign_sqlite(folder: Path) -> Path:
    path = folder / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE notes (x)")
    return path


def _damaged_schema(folder: Path) -> Path:
    """A file whose schema text is damaged into bytes that are not UTF-8: SQLite's error quotes them."""
    path = folder / "damaged.db"
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("CREATE TABLE notes (x)")
        raw.commit()
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute("UPDATE sqlite_master SET sql = CAST(x'435245415445205441424c45206e6f746573287829ff' AS TEXT)")
        raw.commit()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_garbage, "Cannot open .* as a database"),
        (_damaged_schema, "Cannot open .* as a database"),
        (_folder, "is a folder, not a database file"),
        (lambda folder: folder / "no such folder" / "x.db", "The folder .* does not exist"),
        (_foreign_sqlite, "is not a Complaint Desk database"),
    ],
    ids=["garbage", "damaged-schema", "folder", "missing-folder", "foreign-sqlite"],
)
def test_bad_database_files_are_refused(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(DatabaseOpenError, match=message):
        open_database(str(path))


def test_other_database_urls_are_refused() -> None:
    with pytest.raises(DatabaseOpenError, match="not supported"):
        open_database("mysql://localhost/desk")


def test_the_audit_trail_is_append_only(database: object) -> None:
    event = record("test", None, note="first")
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEvent.update(action="rewritten").where(AuditEvent.id == event.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEvent.delete().execute()
    assert AuditEvent.get_by_id(event.id).action == "test"


# --------------------------------------------------------------------------- refusals write nothing


def _fingerprint(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _in_rollback_journal_mode(path: Path) -> Path:
    """Any write by the application (the WAL pragma first) shows in such a file's header."""
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA journal_mode = delete")
    return path


def _newer_schema(path: Path) -> Path:
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    return _in_rollback_journal_mode(path)


def _other_application(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("CREATE TABLE recipe (name TEXT)")
    return path


def _newer_schema_in_wal_mode(path: Path) -> Path:
    """As a newer version leaves its file: in WAL mode, which the application's open takes as it is."""
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    return path


def _other_application_in_wal_mode(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA journal_mode = wal")
        with raw:
            raw.execute("CREATE TABLE recipe (name TEXT)")
    return path


@pytest.mark.parametrize("opener", [open_database, connect], ids=["open_database", "connect (the GUI's start)"])
@pytest.mark.parametrize(
    ("make", "refusal", "message"),
    [
        (_newer_schema, SchemaTooNewError, "newer version of Complaint Desk"),
        (_other_application, DatabaseOpenError, "is not a Complaint Desk database"),
        (_newer_schema_in_wal_mode, SchemaTooNewError, "newer version of Complaint Desk"),
        (_other_application_in_wal_mode, DatabaseOpenError, "is not a Complaint Desk database"),
    ],
    ids=["newer-schema", "other-application", "newer-schema-wal", "other-application-wal"],
)
def test_a_refused_file_is_refused_before_anything_writes(
    tmp_path: Path, opener: object, make: object, refusal: type, message: str
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = make(folder / "desk.db")
    before = _fingerprint(folder)
    with pytest.raises(refusal, match=message):
        opener(str(path))
    assert _fingerprint(folder) == before


def test_interrupted_backups_are_removed_at_the_next_open(
    database_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    open_database(str(database_path)).close()
    backups = database_path.parent / BACKUP_FOLDER
    backups.mkdir()
    complete = backups / "desk-20261130-101500-pre-0007_register_indexes.db"
    killed = backups / "desk-20261201-093000-pre-0008_audit_chain.db.partial"
    others = backups / "shop-20261201-093000-pre-0008_audit_chain.db.partial"
    being_written = backups / "desk-20261201-093100-pre-0009_customers.db.partial"  # by a desk opening it now
    for path in (complete, killed, others, being_written):
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4096)
    long_ago = time.time() - STALE_PARTIAL_SECONDS - 60
    for path in (killed, others):
        os.utime(path, (long_ago, long_ago))

    with caplog.at_level("WARNING", logger="complaint_desk.database"):
        open_database(str(database_path)).close()

    assert sorted(p.name for p in backups.iterdir()) == sorted([complete.name, others.name, being_written.name])
    assert f"removed the interrupted backup {killed}" in caplog.text


# The tables a bulk load (the demo) adds rows to.
TABLES_A_LOAD_WRITES = {
    "customer", "complaint", "proposal", "compensation_line", "follow_up", "audit_event", "audit_change",
    "risk_alert", "archive_seal", "seal_dictionary", "signature", "hotspot_group", "hotspot_tally",
}  # fmt: skip


@pytest.mark.sqlite_only
def test_the_indexes_a_bulk_load_rests_are_the_migrations_and_none_checks_what_it_writes(database: object) -> None:
    """As the migrations made them; none unique; none led by a column referring to a table the load adds rows to
    (SQLite resolves the load's deferred foreign keys through such an index: without it, each new row read the
    whole table)."""
    found = dict(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    assert {name: found.get(name) for name in RESTING_INDEXES} == RESTING_INDEXES
    for name, sql in RESTING_INDEXES.items():
        assert "UNIQUE" not in sql.upper()
        ((table,),) = database.execute_sql("SELECT tbl_name FROM sqlite_master WHERE name = ?", (name,)).fetchall()
        first = database.execute_sql(f'PRAGMA index_info("{name}")').fetchall()[0][2]
        keys = database.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        assert not {key[2] for key in keys if key[3] == first} & TABLES_A_LOAD_WRITES, name


def test_indexes_a_stopped_bulk_load_left_out_are_created_again_at_the_next_open(
    database_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    resting = sorted([*RESTING_INDEXES, *RESTING_MERGES])
    database = open_database(str(database_path))
    with database.atomic():
        assert rest_indexes(database) == resting  # a load began, and was killed
    with database.atomic():
        database.execute_sql('CREATE INDEX "customer_phone" ON "customer" ("phone")')  # as a desk mid-load did
        assert rest_indexes(database) == resting, "the earlier load's noted with this one's"
    for table in RESTING_MERGES:
        assert dict(database.execute_sql(f"SELECT k, v FROM {table}_config WHERE k LIKE '%merge'")) == MERGING_RESTING
    database.execute_sql('DROP INDEX "followup_complaint_id"')  # missing for another reason: not the load's
    database.close()

    with caplog.at_level("WARNING", logger="complaint_desk.database"):
        database = open_database(str(database_path))
    try:
        assert resting_indexes(database) == []
        found = dict(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
        assert {name: found.get(name) for name in RESTING_INDEXES} == RESTING_INDEXES
        assert "followup_complaint_id" not in found, "only what a load noted is put back"
        for table in RESTING_MERGES:
            merging = dict(database.execute_sql(f"SELECT k, v FROM {table}_config WHERE k LIKE '%merge'"))
            assert merging == MERGING_DEFAULT, f"{table} merges as usual again"
        plan = database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM complaint WHERE received_at >= '2026-11-01'"
        ).fetchall()
        assert "complaint_received_at" in str(plan)
    finally:
        database.close()
    assert "the indexes a bulk load left out created again: archiveseal_archive_number" in caplog.text
    with caplog.at_level("WARNING", logger="complaint_desk.database"):
        caplog.clear()
        open_database(str(database_path)).close()
    assert "created again" not in caplog.text, "nothing to do once they are back"


def test_a_file_with_indexes_left_out_is_migrated_after_they_are_back(tmp_path: Path) -> None:
    """A killed load's file of an older schema: the indexes come back (after the backup copy) before the
    migrations run, which find the schema they were written for."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0023.db", path)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute('DROP INDEX "complaint_received_at"')
        raw.execute("INSERT INTO setting (key, value) VALUES ('resting_indexes', '[\"complaint_received_at\"]')")
    applied: list[list[str]] = []
    real = database_module._runner

    def runner(database: SqliteDatabase) -> Runner:
        applied.append(resting_indexes(database))
        return real(database)

    database_module._runner = runner  # type: ignore[assignment]
    try:
        database = open_database(str(path))
    finally:
        database_module._runner = real  # type: ignore[assignment]
    try:
        assert schema_state(database).current
        assert applied == [[]], "put back before the migrations ran"
        found = dict(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
        assert found["complaint_received_at"] == RESTING_INDEXES["complaint_received_at"]
    finally:
        database.close()


@pytest.mark.slow
def test_the_fixture_maker_runs_and_never_regenerates_a_fixture(tmp_path: Path) -> None:
    """tests/fixtures/make_fixture.py as documented, on a copy of the fixtures folder."""
    folder = tmp_path / "fixtures"
    folder.mkdir()
    script = Path(shutil.copy(FIXTURES / "make_fixture.py", folder))
    released = Path(shutil.copy(FIXTURES / "schema_0001.db", folder)).read_bytes()
    env = {**os.environ, "PYTHONPATH": str(FIXTURES.parent.parent)}

    def make(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, env=env, timeout=120
        )

    result = make("--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: make_fixture.py")
    result = make("0001_initial")
    assert result.returncode == 2 and "0001_initial is not the newest migration" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["make_fixture.py", "schema_0001.db"]
    assert (folder / "schema_0001.db").read_bytes() == released

    result = make()
    assert result.returncode == 0, result.stderr
    newest = folder / f"schema_{CURRENT[-1].split('_')[0]}.db"
    assert result.stdout.strip().startswith(f"wrote {newest}")
    database = open_database(str(newest))
    try:
        assert list(schema_state(database).applied) == CURRENT
        assert database.execute_sql("SELECT count(*) FROM complaint").fetchone()[0] == 60
        assert verify_archive() == []
    finally:
        database.close()
    assert make().returncode == 2, "an existing fixture is never overwritten"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("alone", [True, False], ids=["alone", "another desk has it open"])
def test_compact_moves_an_older_file_to_a_new_file_s_pages_when_it_is_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """A file made before the pages grew (schema 0024's fixture: 4 KB) is rewritten in 16 KB pages by compact,
    which must leave WAL mode for it: only while no other desk has the file open. Otherwise it is compacted in
    its own pages, without waiting. Either way it stays in WAL mode and keeps every row."""
    monkeypatch.setattr(database_module, "REPAGED_FROM", 0)  # the fixture is small
    path = Path(shutil.copy(FIXTURES / "schema_0024.db", tmp_path / "desk.db"))
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA page_size").fetchone() == (4096,)
    database = open_database(str(path))
    rows = database.execute_sql("SELECT count(*) FROM complaint").fetchone()
    with closing(sqlite3.connect(path)) as other:
        if not alone:
            other.execute("SELECT count(*) FROM complaint").fetchone()  # its connection opens the file's WAL
        else:
            other.close()
        compact(database, Staff.get(Staff.username == "admin"))
    assert database.execute_sql("PRAGMA page_size").fetchone() == ((PAGE_SIZE if alone else 4096),)
    assert database.execute_sql("PRAGMA journal_mode").fetchone() == ("wal",)
    assert database.execute_sql("PRAGMA busy_timeout").fetchone() == (BUSY_TIMEOUT_MS,)
    assert database.execute_sql("SELECT count(*) FROM complaint").fetchone() == rows and rows[0] > 0
    assert database.execute_sql("PRAGMA freelist_count").fetchone() == (0,)
    database.close()
    assert verify_archive(path) == []


@pytest.mark.sqlite_only
def test_only_the_office_or_an_administrator_compacts_the_file(tmp_path: Path) -> None:
    """Compacting locks every other desk out while it runs: a duty manager's account is refused before anything."""
    path = Path(shutil.copy(FIXTURES / "schema_0024.db", tmp_path / "desk.db"))
    database = open_database(str(path))
    database.execute_sql("CREATE TABLE scratch AS SELECT narrative FROM complaint")
    database.execute_sql("DROP TABLE scratch")
    free = database.execute_sql("PRAGMA freelist_count").fetchone()[0]
    assert free > 0
    with pytest.raises(DomainError, match=r"^Only the office or an administrator can compact the database"):
        compact(database, Staff.get(Staff.username == "yangfan"))
    assert database.execute_sql("PRAGMA freelist_count").fetchone() == (free,), "nothing was rewritten"
    database.close()


@pytest.mark.sqlite_only
def test_compact_keeps_the_pages_of_a_small_older_file(tmp_path: Path) -> None:
    """Below REPAGED_FROM, 16 KB pages would make the file bigger (every table and index takes a page)."""
    path = Path(shutil.copy(FIXTURES / "schema_0024.db", tmp_path / "desk.db"))
    database = open_database(str(path))
    done = compact(database, Staff.get(Staff.username == "office"))
    assert database.execute_sql("PRAGMA page_size").fetchone() == (4096,) and done.after <= done.before
    assert not done.held
    database.close()
