"""Migration 0014 on a file of the released 0013 schema: every sealed text, digest and audit event comes
back as it was (the digests as 32 bytes, the previous one read from the row before), the seals are stored
against a dictionary of the archive's own, each change text is kept once, the search index answers as
before without its copy of the texts; an interrupted upgrade leaves the file as it was."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

from models.archive import sealed_text
from models.database import MIGRATIONS_DIR, connect, open_database
from models.seal_store import named_dictionary
from models.search import Filters, page
from models.verify import expected_triggers, verify_archive

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0013.db"
NAME = "0014_smaller_rows"
DROPPED = {"archiveseal_digest", "complaint_closed_by_id"}


def migration_0014() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0014", MIGRATIONS_DIR / f"{NAME}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def released(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    shutil.copy(FIXTURE, path)
    return path


def upgrade(path: Path, dictionary_from: int) -> None:
    """0014 as the runner applies it, with a dictionary once the archive holds ``dictionary_from`` seals
    (the fixture holds 53: fewer than a real archive's first dictionary)."""
    migration = migration_0014()
    migration.DICTIONARY_FROM = dictionary_from
    database = connect(str(path))
    try:
        database.pragma("foreign_keys", 0)  # as the migration runner does
        with database.atomic():
            migration.up(None, database)
            database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES (?, '2026-12-01')", (NAME,))
        database.pragma("foreign_keys", 1)
    finally:
        database.close()


def seals(path: Path) -> dict[int, tuple[str, str, bytes]]:
    """Each seal's canonical text, its digest in hex, and its stored payload."""
    with closing(sqlite3.connect(path)) as raw:
        rows = raw.execute("SELECT id, payload, digest FROM archive_seal ORDER BY id").fetchall()
        return {i: (sealed_text(p, raw), d if isinstance(d, str) else d.hex(), bytes(p)) for i, p, d in rows}


def events(path: Path) -> list[tuple[object, ...]]:
    """Each audit event as its digest covers it, with its digest in hex."""
    with closing(sqlite3.connect(path)) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(audit_event)")}
        if "changes" in columns:
            query = "SELECT id, complaint_id, at, actor_id, action, changes, digest FROM audit_event ORDER BY id"
        else:
            query = (
                "SELECT e.id, e.complaint_id, e.at, e.actor_id, e.action, t.text, lower(hex(e.digest)) "
                "FROM audit_event e JOIN audit_change t ON t.id = e.changes_id ORDER BY e.id"
            )
        return raw.execute(query).fetchall()


def like(path: Path, text: str) -> list[int]:
    """What a search for ``text`` must find, newest first: LIKE over the texts the index holds."""
    pattern = f"%{text}%"
    with closing(sqlite3.connect(path)) as raw:
        table = "complaint_search_text" if _has_view(raw) else "complaint_search"
        key = "id" if table == "complaint_search_text" else "rowid"
        rows = raw.execute(
            f"SELECT {key} FROM {table} WHERE narrative LIKE ?1 OR findings LIKE ?1 OR demand LIKE ?1 "
            f"OR customer LIKE ?1 ORDER BY {key} DESC",
            (pattern,),
        )
        return [row for (row,) in rows]


def _has_view(raw: sqlite3.Connection) -> bool:
    return raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'complaint_search_text'").fetchone() is not None


def phrases(path: Path) -> Iterator[str]:
    """Texts of one to six characters taken from the indexed texts."""
    with closing(sqlite3.connect(path)) as raw:
        for narrative, demand in raw.execute("SELECT narrative, demand FROM complaint_search LIMIT 12"):
            for size in range(1, 7):
                yield narrative[3 : 3 + size]
            yield demand[:4]


def test_the_upgrade_keeps_every_text_digest_and_event(released: Path) -> None:
    before, trail, queries = seals(released), events(released), sorted(set(phrases(released)))
    answers = {query: like(released, query) for query in queries}
    with closing(sqlite3.connect(released)) as raw:
        previous = [d for (d,) in raw.execute("SELECT previous_digest FROM archive_seal ORDER BY id")]
    upgrade(released, dictionary_from=10)
    after = seals(released)
    assert {i: seal[:2] for i, seal in after.items()} == {i: seal[:2] for i, seal in before.items()}
    assert previous == ["", *[after[i][1] for i in sorted(after)][:-1]], "the previous digest is the row before's"
    assert events(released) == trail
    assert {named_dictionary(seal[2]) for seal in after.values()} == {1}, "every seal against the dictionary"
    stored = sum(len(seal[2]) for seal in after.values())
    assert stored < 0.8 * sum(len(seal[2]) for seal in before.values())
    database = open_database(str(released))
    try:
        assert verify_archive() == []
        assert {query: page(Filters(text=query), limit=1000) for query in queries} == answers
        triggers = dict(database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        assert triggers == expected_triggers()
        indexes = {row[0] for row in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not indexes & DROPPED
        (texts,) = database.execute_sql("SELECT count(*) FROM audit_change").fetchone()
        assert 0 < texts < len(trail) / 2, "a text many events hold is kept once"
        (kept,) = database.execute_sql("SELECT count(*) FROM search_kept_text").fetchone()
        assert kept == 0, "the demo's texts are indexed as the triggers write them"
        database.execute_sql("INSERT INTO complaint_search (complaint_search) VALUES ('integrity-check')")
        tables = {name for (name,) in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"complaint_search_data", "complaint_search_idx"} <= tables, "the index"
        assert not {"complaint_search_content", "complaint_search_docsize"} & tables, "no copy of the texts"
    finally:
        database.close()


def test_a_small_archive_keeps_its_stored_forms_until_the_application_makes_a_dictionary(released: Path) -> None:
    before = seals(released)
    upgrade(released, dictionary_from=200)
    after = seals(released)
    assert {i: seal[2] for i, seal in after.items()} == {i: seal[2] for i, seal in before.items()}
    with closing(sqlite3.connect(released)) as raw:
        assert raw.execute("SELECT count(*) FROM seal_dictionary").fetchone() == (0,)


def schema(path: Path) -> set[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as raw:
        query = "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        return set(raw.execute(query))


def test_an_interrupted_upgrade_leaves_the_file_as_it_was(released: Path) -> None:
    """0014 runs in one transaction: stopped at its very end, nothing of it stays, and it runs again."""
    before, trail, shape = seals(released), events(released), schema(released)
    migration = migration_0014()
    migration.DICTIONARY_FROM = 10
    database = connect(str(released))
    try:
        database.pragma("foreign_keys", 0)
        with pytest.raises(RuntimeError, match="power cut"), database.atomic():
            migration.up(None, database)
            raise RuntimeError("power cut")
        database.pragma("foreign_keys", 1)
    finally:
        database.close()
    assert schema(released) == shape and seals(released) == before and events(released) == trail
    database = open_database(str(released))
    try:
        assert verify_archive() == []
    finally:
        database.close()
