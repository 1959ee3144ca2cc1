"""``main.py backup`` and ``main.py restore`` as the office runs them: an office account, a checked copy,
a restore that says what is lost and asks first, a missing folder and the desk refused in a sentence."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from models.backups import list_backups
from models.catalog import Category
from models.intake import Receipt, receive

from conftest import Desk, damage_past_opening

RunMain = Callable[..., tuple[int, str, str]]

# A desk's file is backed up and restored by these commands; a server's database by the server (pg_dump),
# which they refuse in a sentence (tests/models/test_backups.py).
pytestmark = pytest.mark.sqlite_only


def cases_in(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
        return int(database.execute("SELECT count(*) FROM complaint").fetchone()[0])


def receive_one(desk: Desk, name: str, phone: str) -> None:
    food = Category.get(Category.code == "food_quality").id
    receive(desk.manager, Receipt(customer_name=name, phone=phone, narrative="菜凉了。", category_id=food,
                                  demand="重做", acknowledged=True, promised_minutes=15))  # fmt: skip


def command(run_main: RunMain, monkeypatch: pytest.MonkeyPatch, db: Path, typed: str, *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    return run_main("--db", str(db), *args)


@pytest.mark.slow  # two backups checked, a restore, four starts of main(): seconds
def test_backup_and_restore_from_the_command_line(
    seeded: Desk, database_path: Path, tmp_path: Path, run_main: RunMain, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive_one(seeded, "刘先生", "138 1234 5678")
    out = tmp_path / "friday.db"
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\n", "backup", "--out", str(out), "--user", "office"
    )
    assert status == 0, stderr
    assert stdout == f"{out}: backed up 1 case ({out.stat().st_size:,} bytes); the copy checked out.\n"
    assert cases_in(out) == 1
    status, _, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\n", "backup", "--out", str(out), "--user", "office"
    )
    assert status == 2 and "exists already" in stderr

    from models.database import open_database

    open_database(str(database_path))
    receive_one(seeded, "王女士", "139 0000 1111")
    receive_one(seeded, "赵先生", "137 2222 3333")
    # Asked, and answered no: nothing changes.
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\nno\n", "restore", str(out), "--user", "office"
    )
    assert status == 1 and "Nothing was restored." in stderr
    assert "2 cases received after it are gone, 0 cases changed since" in stdout
    # The answer piped is not echoed: the question's line ends (what followed ran on after it).
    assert stdout.endswith("Restore this backup? Type yes to go on: \n")
    assert cases_in(database_path) == 3
    # A folder to keep the database aside in that does not exist: said first, in its own words (it came after the
    # password and the whole check, about a "backup folder" and "the Backups page").
    nowhere = str(database_path.parent / "nope")
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "", "restore", str(out), "--user", "office", "--aside", nowhere
    )
    assert (status, stdout) == (2, "")
    assert stderr == f"main.py: error: The folder {nowhere} for the database as it is now does not exist.\n"
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\n", "restore", str(out), "--user", "office", "--yes"
    )
    assert status == 0, stderr
    assert cases_in(database_path) == 1
    [aside] = list_backups(database_path.parent / "backups", database_path)
    assert aside.kind == "before-restore" and cases_in(aside.path) == 3
    assert stdout.endswith(f"The database as it was is kept in {aside.path}.\n")


def test_the_commands_refuse_in_a_sentence(
    seeded: Desk, database_path: Path, tmp_path: Path, run_main: RunMain, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "unplugged" / "friday.db"
    status, _, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\n", "backup", "--out", str(missing), "--user", "office"
    )
    assert status == 2 and "does not exist" in stderr and not missing.parent.exists()
    status, _, stderr = command(
        run_main, monkeypatch, database_path, "desk-pass-1\n", "backup", "--out", str(tmp_path / "a.db"),
        "--user", "zhangwei",
    )  # fmt: skip
    assert status == 2 and "Only the office or an administrator" in stderr
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    status, _, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\n", "restore", str(garbage), "--user", "office", "--yes"
    )
    assert status == 2 and "did not pass its check and is not restored" in stderr


@pytest.mark.sqlite_only
def test_restore_over_a_database_that_cannot_be_opened(
    seeded: Desk, database_path: Path, tmp_path: Path, run_main: RunMain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "main.py: error: Cannot open … database disk image is malformed" and restored nothing: the very
    time a backup is wanted. The backup's own office account restores it now."""
    receive_one(seeded, "刘先生", "138 1234 5678")
    out = tmp_path / "friday.db"
    assert command(run_main, monkeypatch, database_path, "office-pass-1\n", "backup", "--out", str(out),
                   "--user", "office")[0] == 0  # fmt: skip
    damage_past_opening(database_path)
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "desk-pass-1\n", "restore", str(out), "--user", "zhangwei"
    )
    assert status == 2 and "Only the office" in stderr, "a duty manager's account of the backup may not"
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\nno\n", "restore", str(out), "--user", "office"
    )
    assert status == 1 and stderr.endswith("Nothing was restored.\n")
    assert f"{database_path} cannot be opened: database disk image is malformed." in stderr
    assert "what was saved since the backup cannot be counted" in stdout
    status, stdout, stderr = command(
        run_main, monkeypatch, database_path, "office-pass-1\nyes\n", "restore", str(out), "--user", "office"
    )
    assert status == 0, stderr
    assert f"Restored {database_path} from {out}. The damaged database is kept in " in stdout
    assert cases_in(database_path) == 1
    status, stdout, _ = run_main("--db", str(database_path), "verify")
    assert status == 0 and stdout.endswith("archive seals and chain intact).\n")
