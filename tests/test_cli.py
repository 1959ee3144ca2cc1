"""The command line: help, demo, verify and bad input, run as a user runs them."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_help_lists_the_commands(isolated_folders: Path) -> None:
    result = run_cli("--help", home=isolated_folders)
    assert result.returncode == 0
    for word in ("demo", "verify", "--db"):
        assert word in result.stdout


def test_an_unknown_command_is_a_usage_error(isolated_folders: Path) -> None:
    result = run_cli("explode", home=isolated_folders)
    assert result.returncode == 2
    assert "invalid choice: 'explode'" in result.stderr


def test_demo_then_verify(isolated_folders: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run_cli("--db", str(db), "demo", "--complaints", "500", "--seed", "7", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert "Created 500 demo complaints" in result.stdout
    assert "admin" in result.stdout and "duty_manager" in result.stdout
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM complaint").fetchone()[0] == 500

    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{db}: sound (integrity check passed, schema up to date, archive seals and chain intact)."
    )


def test_the_default_database_lives_in_the_data_folder(isolated_folders: Path) -> None:
    result = run_cli("demo", "--complaints", "5", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert (isolated_folders / "data" / "ComplaintDesk" / "ComplaintDesk" / "app.db").is_file()
    assert (isolated_folders / "state" / "ComplaintDesk" / "ComplaintDesk" / "logs" / "complaint-desk.log").is_file()


def test_verify_reports_a_corrupted_file(isolated_folders: Path, tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    assert run_cli("--db", str(db), "demo", "--complaints", "300", home=isolated_folders).returncode == 0
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    # Overwrite pages in the middle of the file: table and index b-trees.
    middle = (len(data) // page_size // 2) * page_size
    data[middle : middle + 4 * page_size] = b"\xa5" * (4 * page_size)
    db.write_bytes(bytes(data))

    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 1
    assert f"{db}: NOT sound" in result.stderr
    assert "Traceback" not in result.stderr


def test_verify_names_a_tampered_archive_record(isolated_folders: Path, tmp_path: Path) -> None:
    db = tmp_path / "tampered.db"
    assert run_cli("--db", str(db), "demo", "--complaints", "60", home=isolated_folders).returncode == 0
    with sqlite3.connect(db) as raw:
        number = raw.execute("SELECT archive_number FROM archive_seal ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
        raw.execute("DROP TRIGGER archive_seal_no_update")
        raw.execute("UPDATE archive_seal SET payload = payload || ' ' WHERE archive_number = ?", (number,))
    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 1
    assert f"archive {number}: the sealed record was altered (digest mismatch)" in result.stderr


def test_verify_reports_a_file_that_is_no_database(isolated_folders: Path, tmp_path: Path) -> None:
    db = tmp_path / "letter.db"
    db.write_bytes(b"Dear office, " * 1000)
    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 1
    assert "as a database" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--db", "/no/such/folder/desk.db", "demo"), "main.py: error: The folder /no/such/folder does not exist."),
        (("--db", "/no/such/folder/desk.db", "verify"), "main.py: error: The database file"),
        (("--db", "postgresql://server/desk", "demo"), "main.py: error: Database URLs of the kind 'postgresql'"),
        (("demo", "--complaints", "-3"), "the number of complaints cannot be negative"),
        (("demo", "--complaints", "many"), "'many' is not a whole number"),
    ],
)
def test_user_mistakes_get_one_line_and_a_nonzero_exit(
    isolated_folders: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args, home=isolated_folders)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
