"""``main.py copy --to postgresql://…``: a demo file moved to a server database, verified there with the
same digests; a non-empty target and an account that is not an administrator refused. Needs a server:
the one ``--db`` names, else ``COMPLAINT_DESK_TEST_SERVER`` (.ci/run sets it); without either it is
skipped on a developer's machine and fails in CI."""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from conftest import ServerDatabases

# Seconds each (a demo made, then copied to a new database on the server): left to the slow pass
# (`uv run pytest -m slow`, which CI runs with the server).
pytestmark = pytest.mark.slow

RunMain = Callable[..., tuple[int, str, str]]


def _passwords(stdout: str) -> dict[str, str]:
    """The demo accounts' passwords as ``main.py demo`` prints them once."""
    return dict(re.findall(r"^\s+\w+\s+\S+\s+(\w+)\s+(\S+)$", stdout, re.MULTILINE))


def _server_rows(url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(psycopg.connect(url)) as server:
        return server.execute(sql, params or None).fetchall()


def test_a_demo_file_moves_to_the_server_with_the_same_digests(
    tmp_path: Path, run_main: RunMain, monkeypatch: pytest.MonkeyPatch, server: ServerDatabases
) -> None:
    source = tmp_path / "desk.db"
    status, stdout, _ = run_main("--db", str(source), "demo", "--complaints", "60", "--seed", "3")
    assert status == 0, stdout
    passwords = _passwords(stdout)
    target = server.create()

    def copy(user: str, to: str = target) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(passwords[user] + "\n"))
        return run_main("--db", str(source), "copy", "--to", to, "--user", user)

    # An account that is not an administrator's is refused, and nothing lands on the server.
    status, stdout, stderr = copy("office")
    assert status == 2 and "main.py: error:" in stderr and "Copied" not in stdout
    assert "Only an administrator can copy the database to a server." in stderr, "what was refused, in words"
    assert _server_rows(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]

    status, stdout, stderr = copy("admin")
    assert status == 0, stderr
    with closing(sqlite3.connect(source)) as raw:
        head = raw.execute("SELECT id, digest FROM archive_seal ORDER BY id DESC LIMIT 1").fetchone()
        complaints = raw.execute("SELECT count(*), count(archive_number) FROM complaint").fetchone()
        events = raw.execute("SELECT count(*) FROM audit_event").fetchone()
        identity = raw.execute("SELECT value FROM setting WHERE key = 'database_id'").fetchone()
    assert head[0] > 20 and complaints[1] > 20, "the demo archives cases"
    assert _server_rows(target, "SELECT id, digest FROM archive_seal ORDER BY id DESC LIMIT 1") == [head]
    assert _server_rows(target, "SELECT count(*), count(archive_number) FROM complaint") == [complaints]
    assert _server_rows(target, "SELECT count(*) FROM audit_event") == [events]
    assert _server_rows(target, "SELECT value FROM setting WHERE key = 'database_id'") == [identity]
    assert f"The archive's digests are identical on both: {head[0]:,} seals (head {head[1].hex()})" in stdout
    assert stdout.rstrip().endswith("sound (archive seals and chain intact).")
    assert "Not copied" not in stdout, "SQLite's own search tables (complaint_grams_data, …) are no news"
    # The server's search index is built for every copied complaint (SQLite's own is not copied).
    assert _server_rows(target, "SELECT count(*) FROM complaint_search") == [(complaints[0],)]
    word = "服务"
    with closing(sqlite3.connect(source)) as raw:
        (with_word,) = raw.execute(
            "SELECT count(*) FROM complaint WHERE narrative LIKE ? OR findings LIKE ? OR demand LIKE ?",
            (f"%{word}%",) * 3,
        ).fetchone()
    assert with_word > 0
    grams = "SELECT count(*) FROM complaint_search WHERE %s = ANY (desk_search_grams(doc))"
    assert _server_rows(target, grams, (word,)) >= [(with_word,)]
    # The sequences go on after the copied ids: a new row gets the next id.
    assert _server_rows(target, "SELECT nextval(pg_get_serial_sequence('complaint', 'id'))") == [(complaints[0] + 1,)]

    status, stdout, _ = run_main("--db", target, "verify")
    assert status == 0 and "sound (schema up to date, archive seals and chain intact)." in stdout

    # Copying again is refused: the target is no longer empty.
    status, stdout, stderr = copy("admin")
    assert status == 2 and "is not empty" in stderr and "Copied" not in stdout

    # Verify on the server names what a tamperer changed around the guards.
    number = _server_rows(target, "SELECT min(archive_number) FROM complaint")[0][0]
    with closing(psycopg.connect(target, autocommit=True)) as server:
        server.execute("ALTER TABLE complaint DISABLE TRIGGER complaint_sealed_update")
        server.execute("UPDATE complaint SET narrative = '其实没什么' WHERE archive_number = %s", (number,))
    status, _, stderr = run_main("--db", target, "verify")
    assert status == 1
    assert f"archive {number}: Complaint changed after sealing" in stderr, "the field as the case view names it"
    assert "archive trigger complaint_sealed_update: the protective trigger was disabled" in stderr
