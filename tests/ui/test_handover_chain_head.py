"""The handover sheet names the head of the archive chain, on screen and on
paper (verify itself is tested in tests/models/test_verify.py)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from models import archive
from models.demo import generate_demo
from models.staff import Role, Staff
from ui.main_window import MainWindow
from ui.paper.handover_sheet import render_handover_sheet

from conftest import require_program


def test_the_handover_sheet_shows_the_chain_head(database: object, qtbot: QtBot, english: None, tmp_path: Path) -> None:
    duty = next(a for a in generate_demo(12, seed=3) if a.role is Role.DUTY_MANAGER)
    last = archive.ArchiveSeal.select().order_by(archive.ArchiveSeal.id.desc()).get()
    count = archive.ArchiveSeal.select().count()
    window = MainWindow(Staff.get(Staff.username == duty.username))
    qtbot.addWidget(window)
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    seals = f"{count} record" if count == 1 else f"{count} records"
    fingerprint = f"archive fingerprint {last.digest[:12]} (to check the archive against later)"  # was "check code"
    assert f"Archive: {seals} sealed; {fingerprint}" in dialog.sheet_view.toPlainText()
    assert (dialog.sheet.archive_seals, dialog.sheet.archive_head) == (count, last.digest[:12])

    pdftotext = require_program("pdftotext")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render_handover_sheet(json.loads(dialog.sheet.to_json()), language="zh_CN"))
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = f"归档：已封存{count:,}份；归档指纹{last.digest[:12]}（供日后核对归档）"
    assert printed in text.replace(" ", ""), "as on the screen"
