"""Opening, migrating and guarding the database file."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError
from playhouse.schema_diff import diff_models

import models.database as database_module
from models.archive import verify_archive
from models.audit import AuditEvent, record
from models.database import BACKUP_FOLDER, MIGRATIONS_DIR, open_database, schema_state
from models.errors import DatabaseOpenError, SchemaTooNewError
from models.schema import ALL_MODELS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
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


def test_pragmas_make_commits_durable(database: object) -> None:
    def pragma(name: str) -> object:
        return database.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") >= 5000


@pytest.mark.parametrize("fixture", RELEASED_SCHEMAS, ids=lambda p: p.name)
def test_every_released_schema_upgrades(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    database = open_database(str(copy))
    try:
        assert list(schema_state(database).applied) == CURRENT
        assert not diff_models(database, ALL_MODELS)
        assert database.execute_sql("SELECT count(*) FROM complaint").fetchone()[0] > 0
        assert verify_archive() == [], "the upgrade keeps every archived record intact"
        assert list((tmp_path / BACKUP_FOLDER).iterdir()), "a copy was taken before migrating"
    finally:
        database.close()


def test_the_released_schema_fixture_exists() -> None:
    assert (FIXTURES / "schema_0001.db").is_file()


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


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_garbage, "Cannot open .* as a database"),
        (_folder, "is a folder, not a database file"),
        (lambda folder: folder / "no such folder" / "x.db", "The folder .* does not exist"),
        (_foreign_sqlite, "is not a Complaint Desk database"),
    ],
    ids=["garbage", "folder", "missing-folder", "foreign-sqlite"],
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
