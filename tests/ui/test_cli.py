"""The command line: help, demo, verify, print and bad input, run as a user runs them; commands that
check a database change no byte of it."""
from __future__ import annotations

import hashlib
import io
import itertools
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from models.database import MIGRATIONS_DIR
from models.text import display_width

from conftest import Desk, OpenCopy, SmallDemo, a_desk_receives_a_complaint_before_batch

ROOT = Path(__file__).resolve().parents[2]
# A demo account as the demo lists it: its role (in words: "Duty manager"), name, user name and password.
ACCOUNT_LINE = r"^  (?:Duty manager|Office|Administrator|值班经理|办公室|管理员) +(\S+) +(\S+) +(\S+)$"


def run_cli(*args: str, home: Path, locale: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """``main.py`` in a process of its own, its system's language ``locale`` (the command line speaks it)."""
    env = {name: value for name, value in os.environ.items() if name not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
        LANG=locale,
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=300
    )


def demo_file(path: Path, complaints: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What ``main.py --db PATH demo --complaints N`` leaves (seed 1, its anchors in the data folder), made in
    this process: the tests that use it check what verify, run as a user runs it, says about the file."""
    import models.anchor
    from models.database import open_database
    from models.demo import generate_demo
    from ui.paths import anchor_folder

    monkeypatch.setattr(models.anchor, "_folder", models.anchor.configured_folder())
    models.anchor.configure(anchor_folder())
    database = open_database(str(path))
    try:
        generate_demo(complaints, seed=1)
    finally:
        database.close()
    assert list(anchor_folder().glob("*.jsonl")), "the demo's seals wrote their anchor log"
    return path


@pytest.mark.slow
def test_a_reader_that_goes_away_ends_a_command_without_a_traceback(isolated_folders: Path, tmp_path: Path) -> None:
    """``main.py print --list | head -1``: the rest of the list has nowhere to go; no BrokenPipeError traceback."""
    from models.database import open_database
    from models.demo import generate_demo

    db = tmp_path / "demo.db"
    database = open_database(str(db))
    try:
        office = next(a for a in generate_demo(300, seed=1) if a.username == "office")
    finally:
        database.close()
    env = {**os.environ, "XDG_DATA_HOME": str(isolated_folders / "data"), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "print", "--list", "--user", "office"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    # The reader gone before the list is written (head that read its line already): reading a line first let the
    # command write the rest into the pipe's buffer before the close, now and then, and end with 0.
    process.stdout.close()
    process.stdin.write(f"{office.password}\n".encode())
    process.stdin.close()
    with process.stderr:  # closed whatever is asserted (left open, it failed a later test on a ResourceWarning)
        status, err = process.wait(timeout=60), process.stderr.read()
    assert status == 1 and b"Traceback" not in err


@pytest.mark.slow
def test_a_command_s_warnings_go_to_the_log_not_beside_its_output(isolated_folders: Path, tmp_path: Path) -> None:
    """A form printed without its logo (the file is no image): the form is written, the terminal gets the
    command's own line only, and the warning is in the log file ("WARNING complaint_desk.paper: …" beside the
    output looked like a failure)."""
    from models import settings
    from models.archive import ArchiveSeal
    from models.database import open_database
    from models.demo import generate_demo

    db = tmp_path / "demo.db"
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    database = open_database(str(db))
    try:
        office = next(a for a in generate_demo(60, seed=1) if a.username == "office")
        settings.put(settings.LOGO_FILE, str(logo))  # chosen when it was an image, replaced since
        number = ArchiveSeal.select(ArchiveSeal.archive_number).where(ArchiveSeal.kind == "seal").scalar()
    finally:
        database.close()
    env = dict(os.environ)
    env.update(XDG_DATA_HOME=str(isolated_folders / "data"), XDG_STATE_HOME=str(isolated_folders / "state"),
               QT_QPA_PLATFORM="offscreen")  # fmt: skip
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "print", number, "--out", str(tmp_path), "--user",
         "office"],
        input=office.password + "\n", capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / f"{number}.pdf").is_file()
    [log] = (isolated_folders / "state").rglob("complaint-desk.log")
    assert "WARNING complaint_desk.paper: cannot print the logo" in log.read_text(encoding="utf-8")


def test_help_lists_the_commands(isolated_folders: Path) -> None:
    result = run_cli("--help", home=isolated_folders)
    assert result.returncode == 0
    for word in ("demo", "verify", "--db"):
        assert word in result.stdout


def test_an_empty_command_line_means_what_the_parser_says() -> None:
    import main
    from ui.commands import build_parser

    assert build_parser().parse_args([]) == main.NO_ARGUMENTS


@pytest.mark.parametrize("argv", [["--db", "desk.db"], ["--db=desk.db"], ["--db", ""], ["--db", "postgresql://u@h/d"]])
def test_the_desk_s_own_database_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    """``main.py --db URL`` starts the desk without building the parser (nor the command line's application)."""
    import main
    from ui.commands import build_parser

    parsed = build_parser().parse_args(argv)
    assert parsed.command is None
    assert main._desk_database(argv) == parsed.db
    assert main._desk_database(["--db", "desk.db", "verify"]) is None, "a command: the parser reads it"


def test_an_unknown_command_is_a_usage_error(isolated_folders: Path) -> None:
    result = run_cli("explode", home=isolated_folders)
    assert result.returncode == 2
    assert "invalid choice: 'explode'" in result.stderr


@pytest.mark.slow
def test_demo_then_verify(isolated_folders: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run_cli("--db", str(db), "demo", "--complaints", "500", "--seed", "7", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert "Created 500 demo complaints" in result.stdout
    assert "Administrator" in result.stdout and "Duty manager" in result.stdout, "the accounts by role, in words"
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM complaint").fetchone()[0] == 500

    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{db}: sound (integrity check passed, schema up to date, archive seals and chain intact)."
    )


@pytest.mark.parametrize("when", ["loading", "before", "planning"])
def test_ctrl_c_during_the_demo_says_what_stays_and_gives_the_passwords_made(
    run_main: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    from models.demo.store import Known, Rows

    def ctrl_c(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    if when == "planning":  # before any account or complaint is made
        monkeypatch.setattr("models.demo.plan_demo", ctrl_c)
    else:  # in the third batch's transaction, or in the first's
        written, batches, stop_at = Rows.write, itertools.count(1), 3 if when == "loading" else 1

        def write(rows: Rows, known: Known | None = None) -> None:
            if next(batches) == stop_at:
                ctrl_c()
            written(rows, known)

        monkeypatch.setattr(Rows, "write", write)
    db = tmp_path / "demo.db"
    status, out, _ = run_main("--db", str(db), "demo", "--complaints", "50")
    assert status == 130
    if when == "planning":
        assert out == "Interrupted: no demo complaint was written.\n"
        return
    kept = 20 if when == "loading" else 0
    assert out.startswith(
        f"Interrupted: {kept} of 50 demo complaints were written to {db} and stay there; the external cases, "
        "improvement actions and recoveries that follow the complaints were not made.\nDemo accounts"
    )
    accounts = re.findall(ACCOUNT_LINE, out, re.MULTILINE)
    assert len(accounts) == 4 and "shown only now: note them down" in out
    lines = [line for line in out.splitlines() if re.fullmatch(ACCOUNT_LINE, line)]
    names = {re.fullmatch(ACCOUNT_LINE, line)[1] for line in lines}  # type: ignore[index]
    assert {len(name) for name in names} == {2, 3}, "names of two and of three characters (seed 1)"
    pairs = zip(lines, accounts, strict=True)
    starts = {display_width(line[: line.rindex(f" {username} ")]) for line, (_, username, _) in pairs}
    assert len(starts) == 1, "the user names line up on a terminal, where a Chinese character is two columns wide"
    _assert_kept(db, kept, out)


def test_a_demo_stopped_by_a_desk_writing_meanwhile_gives_the_passwords_of_the_accounts_it_made(
    run_main: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_desk_receives_a_complaint_before_batch(monkeypatch, 3)
    db = tmp_path / "demo.db"
    status, out, err = run_main("--db", str(db), "demo", "--complaints", "50")
    assert status == 2
    assert err.startswith("main.py: error: Another desk wrote complaints into this database while the demo")
    assert out.startswith("The demo stopped, but these accounts were made and stay (user name / password):\n")
    _assert_kept(db, 21, out)  # the two batches before and the desk's complaint


@pytest.mark.sqlite_only  # a server's database with cases is refused as well: tests/ui/test_demo_on_server.py
def test_demo_data_is_not_mixed_into_a_database_of_real_cases(
    run_main: Callable[..., tuple[int, str, str]], seeded: Desk, open_copy: OpenCopy
) -> None:
    """A desk's real archive (cases in it, not marked as demo data) is refused before anything is written: sealed demo
    cases could never be taken out again. A demo database takes more."""
    from models import settings
    from models.catalog import Category
    from models.complaint import Complaint
    from models.intake import Receipt, receive
    from models.staff import Staff

    url = open_copy.url
    food = Category.get(Category.code == "food_quality").id
    receipt = Receipt(narrative="菜里有头发", category_id=food, demand="重做", acknowledged=True)
    real = receive(seeded.manager, receipt).id
    before = (Complaint.select().count(), Staff.select().count(), settings.is_demo())
    status, out, err = run_main("--db", url, "demo", "--complaints", "20")
    assert (status, out) == (2, "")
    assert err == (
        f"main.py: error: {url} holds real cases: demo data would be mixed into them for good (cases sealed in the "
        "archive are never deleted). Load demo data into a new database file.\n"
    )
    from models.database import open_database

    open_database(url)
    assert (Complaint.select().count(), Staff.select().count(), settings.is_demo()) == before
    assert before[0] == 1 and not before[2]
    assert Complaint.get_by_id(real).narrative == "菜里有头发"
    settings.put(settings.DEMO_DATA, True)  # a demo database: more demo data goes in
    status, _, _ = run_main("--db", url, "demo", "--complaints", "20")
    assert status == 0 and Complaint.select().count() == 21


def _assert_kept(db: Path, complaints: int, out: str) -> None:
    """The file holds ``complaints`` complaints, and each account ``out`` lists logs in with its password."""
    from models.database import open_database
    from models.staff import authenticate

    accounts = [(username, password) for _, username, password in re.findall(ACCOUNT_LINE, out, re.MULTILINE)]
    assert len(accounts) == 4, out
    database = open_database(str(db))
    try:
        assert database.execute_sql("SELECT count(*) FROM complaint").fetchone() == (complaints,)
        for username, password in accounts:
            assert authenticate(username, password).username == username
    finally:
        database.close()


def test_ctrl_c_during_any_command_ends_it_in_one_line(
    run_main: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.commands.verify

    def interrupted(url: str, args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(ui.commands.verify, "run", interrupted)
    assert run_main("--db", str(tmp_path / "desk.db"), "verify") == (130, "", "main.py: interrupted\n")


@pytest.mark.slow
def test_the_default_database_lives_in_the_data_folder(isolated_folders: Path) -> None:
    result = run_cli("demo", "--complaints", "5", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    database = isolated_folders / "data" / "ComplaintDesk" / "ComplaintDesk" / "app.db"
    log = isolated_folders / "state" / "ComplaintDesk" / "ComplaintDesk" / "logs" / "complaint-desk.log"
    assert database.is_file() and log.is_file()
    if os.name == "posix":  # customers' names and phones: for the desk's own account alone, not every account's
        made = [path for path in isolated_folders.rglob("*") if path.is_file()]
        assert database in made and log in made
        assert {path.name: oct(path.stat().st_mode & 0o777) for path in made if path.stat().st_mode & 0o077} == {}


@pytest.mark.slow
def test_verify_reports_a_corrupted_file(
    isolated_folders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = demo_file(tmp_path / "broken.db", 300, monkeypatch)
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


@pytest.mark.slow
def test_verify_names_a_tampered_archive_record(
    isolated_folders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = demo_file(tmp_path / "tampered.db", 60, monkeypatch)
    with sqlite3.connect(db) as raw:
        number = raw.execute("SELECT archive_number FROM archive_seal ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
        raw.execute("DROP TRIGGER archive_seal_no_update")
        raw.execute("UPDATE archive_seal SET payload = payload || ' ' WHERE archive_number = ?", (number,))
    result = run_cli("--db", str(db), "verify", home=isolated_folders)
    assert result.returncode == 1
    assert f"archive {number}: the sealed record was altered" in result.stderr


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
        (("--db", "mysql://server/desk", "demo"), "main.py: error: Database URLs of the kind 'mysql'"),
        (
            ("--db", "postgresql://desk@127.0.0.1:1/desk", "demo"),  # nothing listens on port 1
            "main.py: error: Cannot connect to the database postgresql://desk@127.0.0.1:1/desk: ",
        ),
        (("demo", "--complaints", "-3"), "the number of complaints cannot be negative"),
        (("demo", "--complaints", "many"), "'many' is not a whole number"),
        (("demo", "--complaints", "99999999999999999999"), "a demo loads at most 10,000,000 complaints"),
        # A script's unset variable: not the desk's own database in the data folder (the demo went into it).
        (("--db", "", "demo"), "main.py: error: No database file was given."),
        # Dates at the calendar's ends: the period before them, or after, is no date (a traceback).
        (("summary", "--from", "0001-01-01", "--to", "2026-01-01", "--out", "s.pdf", "--user", "office"),
         "0001-01-01 is out of range: give a date from 1900-01-01 to 2999-12-31"),
        (("export", "--out", "e.csv", "--user", "office", "--to", "9999-12-31"), "9999-12-31 is out of range"),
        (("hotspots", "--user", "office", "--at", "2026-02-30"), "'2026-02-30' is not a date; give one as YYYY-MM-DD"),
        # A script's unset variable: the forms went into the current folder, unsaid.
        (("print", "TS-2026-000001", "--printer", "", "--user", "office"), "--printer names no printer"),
    ],
)
def test_user_mistakes_get_one_line_and_a_nonzero_exit(
    isolated_folders: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args, home=isolated_folders)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- commands that check change nothing






@pytest.fixture
def sound_database(small_demo: SmallDemo) -> Path:
    return small_demo.path


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder (database, -wal, -shm, backups...) and the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rollback_journal(path: Path) -> Path:
    """A file in rollback-journal mode, as copies made by other tools are: the WAL
    pragma would rewrite its header, so any write shows in its bytes."""
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA journal_mode = delete")
    return path


def _sound(folder: Path, sound: Path) -> Path:
    return Path(shutil.copy(sound, folder / "desk.db"))


def _read_only_copy(folder: Path, sound: Path) -> Path:
    path = _rollback_journal(_sound(folder, sound))
    path.chmod(0o444)
    return path


def _newer(folder: Path, sound: Path) -> Path:
    path = _sound(folder, sound)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    return _rollback_journal(path)


def _older(folder: Path, sound: Path) -> Path:
    return Path(shutil.copy(ROOT / "tests" / "fixtures" / "schema_0001.db", folder / "desk.db"))


def _empty(folder: Path, sound: Path) -> Path:
    path = folder / "desk.db"
    path.touch()
    return path


def _foreign(folder: Path, sound: Path) -> Path:
    path = folder / "desk.db"
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("CREATE TABLE recipe (name TEXT)")
    return path


@pytest.mark.parametrize(
    ("make", "status", "says"),
    [
        (_sound, 0, "sound (integrity check passed, schema up to date, archive seals and chain intact)."),
        (_read_only_copy, 0, "sound (integrity check passed"),
        (_newer, 1, "written by a newer version of Complaint Desk (schema 0099_future)"),
        (_older, 1, "older than this version of Complaint Desk (0002_sealed_read_only, "),
        (_empty, 1, "it holds no database yet"),
        (_foreign, 1, "it is not a Complaint Desk database"),
    ],
    ids=["sound", "read-only-copy", "newer-schema", "older-schema", "empty-file", "foreign-sqlite"],
)
def test_verify_changes_no_byte_of_any_file(
    tmp_path: Path, sound_database: Path, run_main: object, make: object, status: int, says: str
) -> None:
    folder = tmp_path / "checked 50% #1?"  # characters a SQLite URI must escape
    folder.mkdir()
    path = make(folder, sound_database)
    before = folder_fingerprint(folder)

    result, out, err = run_main("--db", str(path), "verify")

    assert (result, says in out + err) == (status, True), out + err
    assert "Traceback" not in err
    # Root (CI) writes through chmod 0444: the bytes are the proof, not the permission.
    assert folder_fingerprint(folder) == before


def test_verify_names_the_pending_migrations_of_an_older_file(
    tmp_path: Path, sound_database: Path, run_main: object
) -> None:
    path = _older(tmp_path, sound_database)
    status, _, err = run_main("--db", str(path), "verify")
    assert status == 1
    pending = ", ".join(sorted(p.stem for p in MIGRATIONS_DIR.glob("0*.py") if p.stem != "0001_initial"))
    assert pending.startswith("0002_sealed_read_only, 0003_search_index, ")
    assert err.splitlines() == [
        f"{path}: its schema is older than this version of Complaint Desk ({pending} "
        "not applied); the application upgrades it when it opens the file, after a backup copy, and the archive "
        "can be checked then.",
        f"{path}: NOT sound (1 problem).",
    ]


def test_verify_reads_what_a_running_desk_has_not_yet_checkpointed(
    tmp_path: Path, sound_database: Path, run_main: object
) -> None:
    """With a desk holding the file open, the last commits live only in the -wal
    file: verify must read them (here a tampered seal), and write neither file."""
    path = _sound(tmp_path, sound_database)
    desk = sqlite3.connect(path)
    try:
        desk.execute("PRAGMA wal_autocheckpoint = 0")
        number = desk.execute("SELECT archive_number FROM archive_seal ORDER BY id LIMIT 1").fetchone()[0]
        with desk:
            desk.execute("DROP TRIGGER archive_seal_no_update")
            desk.execute("UPDATE archive_seal SET payload = payload || ' ' WHERE archive_number = ?", (number,))
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0
        database_bytes, wal_bytes = path.read_bytes(), wal.read_bytes()

        status, _, err = run_main("--db", str(path), "verify")

        assert status == 1
        assert f"archive {number}: the sealed record was altered" in err
        assert (path.read_bytes(), wal.read_bytes()) == (database_bytes, wal_bytes)
    finally:
        desk.close()


def test_verify_checks_again_when_a_desk_changes_the_file_meanwhile(
    tmp_path: Path, sound_database: Path, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No desk had the file open, so verify read it as a snapshot; a desk then
    wrote and checkpointed into it during the check: that snapshot may be torn,
    so the file is checked again, and what the desk wrote is seen."""
    import models.verify

    path = _sound(tmp_path, sound_database)
    real_verify_report = models.verify.verify_report
    calls: list[str] = []

    def a_desk_writes_meanwhile(database_file: Path | None = None, **options: object) -> models.verify.VerifyReport:
        if not calls:
            with closing(sqlite3.connect(path)) as desk, desk:
                desk.execute("DROP TRIGGER archive_seal_no_update")
                desk.execute("UPDATE archive_seal SET reason = 'x', payload = payload || ' ' WHERE id = 1")
            calls.append("wrote")
        calls.append("checked")
        return real_verify_report(database_file, **options)

    monkeypatch.setattr(models.verify, "verify_report", a_desk_writes_meanwhile)
    status, _, err = run_main("--db", str(path), "verify")
    assert calls == ["wrote", "checked", "checked"]
    assert status == 1 and "the sealed record was altered" in err


@pytest.mark.parametrize("command", [("verify",), ("print", "TS-2026-000001", "--user", "office")])
def test_checking_or_printing_a_missing_file_creates_none(tmp_path: Path, run_main: object, command: tuple) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "typo.db"
    status, _, err = run_main("--db", str(path), *command)
    assert status == 2
    assert err.splitlines() == [
        f"main.py: error: The database file {path} does not exist: check --db, or make it by starting the desk once "
        "(main.py without a command) or with demo data (main.py demo)."
    ]
    assert list(folder.iterdir()) == []


def test_printing_from_an_empty_file_creates_no_database_in_it(tmp_path: Path, run_main: object) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    status, _, err = run_main("--db", str(path), "print", "TS-2026-000001", "--user", "office")
    assert status == 2
    assert err.splitlines() == [f"main.py: error: {path} holds no Complaint Desk database."]
    assert path.read_bytes() == b""


def test_print_out_naming_a_file_is_one_line(tmp_path: Path, sound_database: Path, run_main: object) -> None:
    path = _sound(tmp_path, sound_database)
    letter = tmp_path / "letter.txt"
    letter.write_text("not a folder", encoding="utf-8")
    status, _, err = run_main("--db", str(path), "print", "TS-2026-000001", "--user", "office", "--out", str(letter))
    assert status == 2
    assert err.splitlines() == [f"main.py: error: {letter} is a file, not a folder for the PDF files."]
    # A folder in a folder that is not there: a mistyped path made every folder of it, where export refuses it.
    nowhere = tmp_path / "no" / "such" / "forms"
    status, _, err = run_main("--db", str(path), "print", "TS-2026-000001", "--user", "office", "--out", str(nowhere))
    assert status == 2 and not nowhere.parent.parent.exists()
    assert err.splitlines() == [f"main.py: error: The folder {nowhere.parent} does not exist."]
    assert letter.read_text(encoding="utf-8") == "not a folder"


def test_no_password_on_standard_input_is_said_so_and_never_counts_as_a_wrong_one(
    tmp_path: Path, small_demo: SmallDemo, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script run with nothing on its input (cron, </dev/null): five runs locked the office account out."""
    from models.database import open_database
    from models.staff import Staff

    path = _sound(tmp_path, small_demo.path)
    for _ in range(6):
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        status, out, err = run_main("--db", str(path), "print", "--list", "--user", "office")
        assert (status, out) == (2, "")
        assert err == (
            "main.py: error: No password was given for office: type it, or pipe it as the first line of standard "
            "input.\n"
        )
    database = open_database(str(path))
    try:
        office = Staff.get(Staff.username == "office")
        assert (office.failed_logins, office.locked_until) == (0, None)
    finally:
        database.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
    status, out, _ = run_main("--db", str(path), "print", "--list", "--user", "office")
    assert status == 0 and out.startswith("TS-")
    # In the list's language (Chinese by default): the state beside the category (it wrote "closed  卫生").
    assert "已结案" in out and "closed" not in out


@pytest.mark.parametrize("under", ["", "forms"], ids=["the folder", "a new folder in it"])
def test_print_out_into_an_unwritable_folder_is_one_line(
    tmp_path: Path, small_demo: SmallDemo, run_main: object, monkeypatch: pytest.MonkeyPatch, under: str
) -> None:
    # /sys refuses new files even to root (CI runs as root, where chmod stops nothing).
    unwritable = Path("/sys/kernel") / under
    assert unwritable.parent.is_dir()
    path = _sound(tmp_path, small_demo.path)
    monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
    status, _, err = run_main(
        "--db", str(path), "print", small_demo.archive_number, "--user", "office", "--out", str(unwritable)
    )
    assert status == 2
    [line] = err.splitlines()
    assert line.startswith(f"main.py: error: The PDF files cannot be written into {unwritable}: ")
    assert line.endswith(("Permission denied.", "Operation not permitted."))


@pytest.mark.slow
def test_verify_shows_its_progress_on_a_terminal_only(
    sound_database: Path, tmp_path: Path, isolated_folders: Path
) -> None:
    """On a terminal, one line on standard error is rewritten in place and cleared at the end;
    piped, standard error stays empty (the output tests read stays as it was)."""
    import pty

    path = _sound(tmp_path, sound_database)
    env = dict(os.environ, XDG_DATA_HOME=str(isolated_folders / "data"), XDG_STATE_HOME=str(isolated_folders / "state"))
    terminal, child_end = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(path), "verify"],
        stdout=subprocess.PIPE,
        stderr=child_end,
        env=env,
    )
    os.close(child_end)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        shown += chunk
    out, _ = process.communicate(timeout=120)
    os.close(terminal)
    assert process.returncode == 0 and b"sound" in out
    lines = shown.decode().split("\r")
    assert lines[1].startswith("verifying: 0 / ") and "seals and audit events (0%)" in lines[1]
    assert lines[-2].endswith("(100%)") and lines[-1] == "\x1b[K"

    piped = run_cli("--db", str(path), "verify", home=isolated_folders)
    assert piped.returncode == 0 and piped.stderr == ""


def test_db_goes_before_or_after_the_command(sound_database: Path, tmp_path: Path, run_main: object) -> None:
    """The README says every command accepts --db: main.py verify --db FILE was refused ("unrecognized
    arguments")."""
    path = _sound(tmp_path, sound_database)
    status, out, err = run_main("verify", "--db", str(path))
    assert status == 0 and f"{path}: sound" in out, err
    status, out, err = run_main("--db", str(tmp_path / "elsewhere.db"), "verify", "--db", str(path))
    assert status == 0 and f"{path}: sound" in out, "the one after the command stands"


def test_compact_while_another_desk_reads_says_the_space_comes_back_later(
    small_demo: SmallDemo, tmp_path: Path, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another desk in the middle of a long read (an export, a check): compact said "Compacted 15.9 MB -> 31.8 MB",
    status 0, the rewritten file waiting in the write-ahead log beside the old."""
    import models.database

    quick = tuple((name, 200 if name == "busy_timeout" else value) for name, value in models.database.PRAGMAS)
    monkeypatch.setattr(models.database, "PRAGMAS", quick)  # a fifth of a second's wait for the reader, not ten
    path = _sound(tmp_path, small_demo.path)
    with closing(sqlite3.connect(path, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM complaint").fetchone()  # its snapshot held
        monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
        status, out, err = run_main("--db", str(path), "compact", "--user", "office")
        reader.execute("COMMIT")
    assert status == 1 and out == ""
    assert "another desk is reading the file" in err and "Run compact again then." in err
    monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
    status, out, _ = run_main("--db", str(path), "compact", "--user", "office")
    assert status == 0 and out.startswith(f"Compacted {path}: ")


def test_compact_gives_the_free_pages_back(
    small_demo: SmallDemo,
    tmp_path: Path,
    run_main: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _sound(tmp_path, small_demo.path)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("CREATE TABLE scratch AS SELECT narrative FROM complaint, (SELECT 1 UNION SELECT 2)")
        raw.execute("DROP TABLE scratch")
    before = path.stat().st_size
    with pytest.raises(SystemExit) as usage:  # it takes an office or administrator account
        run_main("--db", str(path), "compact")
    assert usage.value.code == 2 and "the following arguments are required: --user" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
    status, out, err = run_main("--db", str(path), "compact", "--user", "office")
    assert status == 0, err
    assert path.stat().st_size < before
    assert out.startswith(f"Compacted {path}: ") and " MB -> " in out
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA freelist_count").fetchone()[0] == 0
    status, out, _ = run_main("--db", str(path), "verify")
    assert status == 0 and "sound" in out


def test_print_s_help_says_what_language_sets_and_its_default(
    run_main: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """The help said --language set the "labels of the form", while --list wrote its states and categories in Chinese
    by default too: it says both, and the default."""
    with pytest.raises(SystemExit) as exited:
        run_main("print", "--help")  # type: ignore[operator]
    shown = " ".join(capsys.readouterr().out.split())
    assert exited.value.code == 0
    assert "the states and categories --list names (default: zh_CN)" in shown


def test_ctrl_d_at_the_password_prompt_is_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+D at "Password for office:" ended in getpass's EOFError, a traceback."""
    import getpass
    import io

    from models.errors import DomainError
    from ui.commands.common import log_in

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def end_of_input(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", end_of_input)
    with pytest.raises(DomainError, match="No password was given for office: type it"):
        log_in("office")
