"""Demo data on a PostgreSQL server (``generate_demo`` there, ``main.py --db postgresql://… demo``): the same
data as the same seed gives a desk's file, built on what a set-up left, refused over cases, never half a demo
and never a temporary file left behind.

These need a server: the one ``--db`` names, else ``COMPLAINT_DESK_TEST_SERVER`` (.ci/run sets it); without
either they are skipped on a developer's machine and fail in CI."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import models.copy
from models import settings
from models.analysis.period import Period
from models.analysis.report import analyse
from models.base import db, is_postgresql
from models.control.hotspots import active_hotspots
from models.copy import chain_digests, read_held_rows
from models.database import open_database
from models.demo import generate_demo
from models.errors import DemoOnServerError
from models.portable import connection
from models.setup import first_run_setup
from models.staff import Role, Staff, authenticate

from conftest import ServerDatabases

# Seconds each (a demo made, then copied to a new database on the server): left to the slow pass
# (`uv run pytest -m slow`, which CI runs with the server).
pytestmark = pytest.mark.slow

NOW = dt.datetime(2026, 11, 1, 18, 0)
COMPLAINTS = 300
# What the demo writes, compared row for row between a file and a server (the tables of the complaints, the
# archive, the hot-spots and the office's work; the accounts' password hashes differ: the passwords are drawn).
COMPARED = {
    "complaint": "id, state, customer_id, received_at, narrative, category_id, archive_number, closed_at, risk_level",
    "customer": "id, name, phone",
    "proposal": "id, complaint_id, status, total, decision",
    "compensation_line": "id, proposal_id, remedy_id, amount",
    "follow_up": "id, complaint_id, kind, due_at, done_at",
    "risk_alert": "id, complaint_id, level, outcome",
    "archive_seal": "id, complaint_id, archive_number, kind, digest",
    "hotspot_tally": "group_id, day, n",
    "hotspot_group": "id, kind, scope, value",
    "external_case": "id, reference, complaint_id, state, archive_number",
    "improvement_action": "id, problem, state, due_on",
    "cost_recovery": "id, line_id, amount_due, amount_recovered",
    "staff": "id, username, full_name, role, per_case_limit",
}
RunMain = Callable[..., tuple[int, str, str]]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the demo's temporary files go in this test (to see that none is left)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _rows(table: str, columns: str) -> list[tuple[str, ...]]:
    """The rows as text, whichever the backend (a server gives datetimes and Decimals, a file text)."""
    found = connection().execute(f'SELECT {columns} FROM "{table}" ORDER BY 1, 2').fetchall()
    return [tuple(_text(value) for value in row) for row in found]


def _text(value: object) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, bool):
        return str(int(value))
    text = str(value)
    try:
        return f"{float(text):.2f}"  # 12.5 and Decimal('12.50') alike
    except ValueError:
        return text


def _demo_on(url: str) -> tuple[object, dict[str, list[tuple[str, ...]]], list[str]]:
    database = open_database(url)
    try:
        accounts = generate_demo(COMPLAINTS, seed=3, now=NOW)
        digests = chain_digests(database)
        rows = {table: _rows(table, columns) for table, columns in COMPARED.items()}
        # What the office reads of it: the quarter's analysis and the hot-spots active at the end.
        rows["analysis"] = [(repr(analyse(Period.of("quarter", dt.date(2026, 9, 1)), now=NOW)),)]
        rows["hot-spots"] = [(repr(spot),) for spot in active_hotspots(NOW.date())]
        return digests, rows, sorted(a.username for a in accounts)
    finally:
        database.close()


def test_the_demo_on_a_server_is_the_same_seeds_data_as_on_a_file(
    server: ServerDatabases, tmp_path: Path, scratch: Path
) -> None:
    on_file = _demo_on(str(tmp_path / "demo.db"))
    url = server.create()
    on_server = _demo_on(url)
    file_digests, file_rows, file_accounts = on_file
    server_digests, server_rows, server_accounts = on_server
    assert server_accounts == file_accounts and "admin" in server_accounts
    for table in file_rows:
        assert server_rows[table] == file_rows[table], table
    assert file_rows["hot-spots"]
    assert file_rows["complaint"] and file_rows["archive_seal"] and file_rows["hotspot_tally"]
    assert server_digests.seals == file_digests.seals > 0  # type: ignore[attr-defined]
    assert server_digests.seal_digests == file_digests.seal_digests  # type: ignore[attr-defined]
    assert server_digests.events == file_digests.events  # type: ignore[attr-defined]
    assert server_digests.event_digests == file_digests.event_digests  # type: ignore[attr-defined]
    assert list(scratch.iterdir()) == []  # the temporary file is gone
    database = open_database(url)
    try:
        assert is_postgresql(database) and settings.is_demo()
        from models.verify import verify_report

        assert verify_report().problems == []
        # The server's search index holds the copied complaints, and its sequences go on after them.
        assert database.execute_sql("SELECT count(*) FROM complaint_search").fetchone() == (COMPLAINTS,)
        assert database.execute_sql("SELECT nextval(pg_get_serial_sequence('complaint', 'id'))").fetchone() == (
            COMPLAINTS + 1,
        )
    finally:
        database.close()


def test_the_demo_builds_on_what_the_set_up_dialog_left_on_a_server(server: ServerDatabases, scratch: Path) -> None:
    database = open_database(server.create())
    first_run_setup("锦江花园酒店", "admin", "王芳", "admin-pass-1")
    accounts = generate_demo(50, seed=2, now=NOW)
    assert db.obj is database  # the models are the server's again
    assert "admin" not in {a.username for a in accounts}  # kept as the set-up made it, as on a file
    assert {a.role for a in accounts} == {Role.DUTY_MANAGER, Role.OFFICE}
    for account in accounts:  # the passwords shown log in on the server
        assert authenticate(account.username, account.password).username == account.username
    assert authenticate("admin", "admin-pass-1").full_name == "王芳"
    assert settings.get(settings.ORGANISATION_NAME) == "锦江花园酒店" and settings.is_demo()
    assert database.execute_sql("SELECT count(*) FROM complaint").fetchone() == (50,)
    assert Staff.select().count() == 4
    assert list(scratch.iterdir()) == []


def test_a_server_database_holding_cases_is_refused_in_words(server: ServerDatabases, scratch: Path) -> None:
    database = open_database(server.create())
    generate_demo(20, seed=1, now=NOW)
    before = read_held_rows(database)
    with pytest.raises(DemoOnServerError, match="holds cases already: demo data goes into a new database"):
        generate_demo(20, seed=2, now=NOW)
    assert read_held_rows(database) == before
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("where", ["writing", "copying"])
def test_a_failure_midway_leaves_the_server_as_it_was_and_no_file(
    server: ServerDatabases, scratch: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    database = open_database(server.create())
    first_run_setup("锦江花园酒店", "admin", "王芳", "admin-pass-1")
    before = read_held_rows(database)
    assert "complaint" not in before.rows

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C

    if where == "writing":  # in the file, at the first batch of complaints
        with pytest.raises(KeyboardInterrupt) as raised:
            generate_demo(40, seed=1, now=NOW, progress=interrupted)
        # Not a file's DemoInterrupted: its accounts and complaints never reached the server.
        assert type(raised.value) is KeyboardInterrupt
    else:  # on the server, after the copy's first rows (the complaints among them)
        copied: list[str] = []
        real = models.copy._row_for_server

        def row_for_server(row: tuple[object, ...], binary: list[bool]) -> tuple[object, ...]:
            if copied.count("x") > 500:
                raise KeyboardInterrupt
            copied.append("x")
            return real(row, binary)

        monkeypatch.setattr(models.copy, "_row_for_server", row_for_server)
        with pytest.raises(KeyboardInterrupt):
            generate_demo(40, seed=1, now=NOW)
        assert len(copied) > 500
        monkeypatch.setattr(models.copy, "_row_for_server", real)
    assert db.obj is database
    assert read_held_rows(database) == before  # nothing of the demo, the set-up as it was
    assert list(scratch.iterdir()) == []
    generate_demo(40, seed=1, now=NOW)  # and the demo can then be loaded
    assert database.execute_sql("SELECT count(*) FROM complaint").fetchone() == (40,)


def test_another_desk_writing_meanwhile_stops_the_copy(
    server: ServerDatabases, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.errors import DomainError

    database = open_database(server.create())
    first_run_setup("锦江花园酒店", "admin", "王芳", "admin-pass-1")
    real = models.copy.read_held_rows
    calls: list[int] = []

    def read_then_other_desk(target: object) -> object:
        calls.append(1)
        if len(calls) == 1:  # the copy's look, inside its transaction: another desk added an account before it
            return models.copy.HeldRows({**held.rows, "staff": [*held.rows["staff"], ("another",)]}, held.columns)
        return real(target)  # type: ignore[arg-type]

    held = real(database)
    monkeypatch.setattr(models.copy, "read_held_rows", read_then_other_desk)
    with pytest.raises(DomainError, match=r"Another desk wrote into .* meanwhile: nothing was copied"):
        generate_demo(20, seed=1, now=NOW)
    assert real(database) == held
    assert list(scratch.iterdir()) == []
