"""Demo data on a real install: passwords drawn for each database and shown
once, and a demo database says so in the window title and on paper."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot
from test_cli import run_cli

from models import settings
from models.complaint import Complaint
from models.database import open_database
from models.demo import generate_demo
from models.handover import handover_sheet
from models.setup import first_run_setup
from models.staff import Role, Staff, authenticate
from ui.main_window import MainWindow
from ui.paper.forms import complaint_form
from ui.paper.handover_sheet import render_handover_sheet

from conftest import PRODUCT_SCRYPT_COST, copy_database, require_program

NOW = dt.datetime(2025, 6, 15, 14, 30, 0)
OLD_PATTERN = re.compile(r"^[a-z]+\d{4}$")  # admin3403, office8704: the same on every install


def demo_passwords(path: Path) -> dict[str, str]:
    """The demo's accounts (username: password) created in the new database at ``path``."""
    database = open_database(str(path))
    try:
        accounts = generate_demo(0, seed=1, now=NOW)
        assert settings.is_demo()
        for account in accounts:
            assert authenticate(account.username, account.password).username == account.username
        return {account.username: account.password for account in accounts}
    finally:
        database.close()


def test_each_database_gets_its_own_demo_passwords(tmp_path: Path, migrated_database: Path) -> None:
    first, second = (demo_passwords(copy_database(migrated_database, tmp_path / name)) for name in ("a.db", "b.db"))
    assert first.keys() == second.keys() and {"admin", "office"} <= first.keys()
    for username in first:
        assert first[username] != second[username]
        assert not OLD_PATTERN.match(first[username]) and len(first[username]) >= 12


@pytest.mark.slow
def test_the_command_line_prints_the_drawn_passwords(isolated_folders: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = run_cli("--db", str(path), "demo", "--complaints", "3", "--seed", "1", home=isolated_folders)
    assert result.returncode == 0, result.stderr
    assert "drawn at random for this database and are shown only now" in result.stdout
    assert "The database is marked as demo data" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    printed = {row[-2]: row[-1] for row in rows}
    assert {"admin", "office"} <= printed.keys()
    database = open_database(str(path))
    try:
        assert settings.is_demo()
        for username, password in printed.items():
            assert not OLD_PATTERN.match(password)
            # The program hashed at the product's scrypt cost: the tests' cheap one lives in this process only
            # (a login here hashes it again at that cheap cost: read before).
            n, r, p = Staff.get(Staff.username == username).password_hash.split("$")[1:4]
            assert tuple(map(int, (n, r, p))) == PRODUCT_SCRYPT_COST == (2**14, 8, 5)
            assert authenticate(username, password).username == username
    finally:
        database.close()


def test_a_demo_database_says_so_in_the_window_title(qtbot: QtBot, database: object, english: None) -> None:
    admin = first_run_setup("锦江花园酒店", "boss", "王芳", "admin-pass-1")
    window = MainWindow(admin)
    qtbot.addWidget(window)
    assert window.windowTitle() == "锦江花园酒店 — Complaint Desk"
    # The window's first background work (its hot spots) ends before the demo loads, as the demo is only
    # ever loaded before a window opens: on a server, a write of the window's meanwhile is refused as another
    # desk's ("Another desk wrote into … meanwhile"), the demo coming from a file of its own (models/demo/server.py).
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=30_000)
    generate_demo(3, now=NOW)
    window.retranslateUi()
    assert window.windowTitle() == "锦江花园酒店 — DEMO DATA — Complaint Desk"


def pdf_text(data: bytes, path: Path) -> str:
    path.write_bytes(data)
    pdftotext = require_program("pdftotext")
    return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout


def printed_form_and_sheet(case_id: int, tmp_path: Path) -> tuple[str, str]:
    """The text of a case's complaint form and of the handover sheet, printed by the administrator "boss"."""
    boss = Staff.get(Staff.username == "boss")
    sheet = json.loads(handover_sheet(Staff.get(Staff.role == Role.ADMIN)).to_json())
    form = pdf_text(complaint_form(boss, case_id, "zh_CN", invariant=True), tmp_path / "form.pdf")
    sheet_pdf = render_handover_sheet(sheet, "", "锦江花园酒店", demo=settings.is_demo())
    handover = pdf_text(sheet_pdf, tmp_path / "sheet.pdf")
    return form, handover


def test_a_database_of_real_cases_prints_no_demo_mark(database: object, tmp_path: Path) -> None:
    first_run_setup("锦江花园酒店", "boss", "王芳", "admin-pass-1")
    case = Complaint.create(received_by=Staff.get(Staff.username == "boss"))
    for text in printed_form_and_sheet(case.id, tmp_path):
        assert "锦江花园酒店" in text or "投诉" in text
        assert "DEMO DATA" not in text and "演示数据" not in text


def test_a_demo_database_prints_the_demo_mark_on_forms_and_handover_sheets(database: object, tmp_path: Path) -> None:
    # The demo's own case (on a server, demo data goes only into a database without cases: models/demo/server.py);
    # test_a_database_of_real_cases_prints_no_demo_mark prints the same papers of a database that is no demo.
    first_run_setup("锦江花园酒店", "boss", "王芳", "admin-pass-1")
    generate_demo(3, now=NOW)
    case_id = Complaint.select(Complaint.id).order_by(Complaint.id).first().id
    for text in printed_form_and_sheet(case_id, tmp_path):
        assert "演示数据" in text and "DEMO DATA" not in text  # a Chinese paper in Chinese only
