"""A file the user saves (an export, a PDF from the preview): the note says what was written, shows where on a
line of its own and opens the folder on a click; a place that cannot be written to is said in words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from ui import messages


def a_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "TS-2026-000001")
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, Path | None]]:
    heard: list[tuple[str, str, Path | None]] = []
    monkeypatch.setattr(messages, "saved", lambda parent, title, text, path: heard.append(("saved", text, path)))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: heard.append(("warn", text, None)))
    return heard


def test_the_note_shows_the_path_on_its_own_line_and_opens_its_folder(
    qtbot: QtBot, tmp_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    path = Path("/home/zhangwei/文档/投诉台账导出/2026年12月/投诉台账-2026-12-06.xlsx")
    box = messages.saved_box(None, "Export", "Rows exported: 1,234.", path)
    qtbot.addWidget(box)
    assert box.text() == "Rows exported: 1,234." and box.informativeText() == str(path)
    box.show()
    assert box.width() > box.fontMetrics().horizontalAdvance(str(path)), "the path on one line"
    folder = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole)
    assert folder.text() == "Open the &folder"
    folder.click()
    assert opened == [QUrl.fromLocalFile(str(path.parent))]


def test_the_preview_saves_the_pdf_and_says_where(
    qtbot: QtBot, tmp_path: Path, english: None, told: list[tuple[str, str, Path | None]]
) -> None:
    from ui.printing import PrintPreviewDialog

    data = a_pdf()
    dialog = PrintPreviewDialog(data, "TS-2026-000001")
    qtbot.addWidget(dialog)
    assert dialog.save(tmp_path / "form")  # the extension added where the name lacks it
    assert (tmp_path / "form.pdf").read_bytes() == data
    assert told == [("saved", "Saved: TS-2026-000001.", tmp_path / "form.pdf")]


def test_the_preview_offers_a_name_windows_takes(
    qtbot: QtBot, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"Complaint analysis: 2026-11-01 to 2026-11-30.pdf" was offered: Windows refuses ":" in a file name."""
    from PySide6.QtWidgets import QFileDialog

    from ui.printing import PrintPreviewDialog

    offered: list[str] = []

    def asked(parent: object, title: str, name: str, kinds: str) -> tuple[str, str]:
        offered.append(name)
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", asked)
    dialog = PrintPreviewDialog(a_pdf(), "Complaint analysis: 2026-11-01 to 2026-11-30")
    qtbot.addWidget(dialog)
    dialog.ask_save()
    assert offered == ["Complaint analysis 2026-11-01 to 2026-11-30.pdf"]


def test_a_folder_that_cannot_be_written_to_is_said_and_the_preview_stays(
    qtbot: QtBot, tmp_path: Path, english: None, told: list[tuple[str, str, Path | None]]
) -> None:
    from ui.printing import PrintPreviewDialog

    dialog = PrintPreviewDialog(a_pdf(), "TS-2026-000001")
    qtbot.addWidget(dialog)
    dialog.show()
    missing = tmp_path / "gone" / "form.pdf"
    assert not dialog.save(missing)
    assert told == [("warn", f"{missing} cannot be written: No such file or directory", None)]
    assert not missing.exists() and dialog.isVisible()
