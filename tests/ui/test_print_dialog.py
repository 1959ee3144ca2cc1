"""The print dialog opens (PySide6 binds QPrintDialog.open(receiver, member) only: dialog.open() raised a
TypeError and no print dialog ever opened), remembers the printer chosen, and what it sends keeps the
document's shape, the page range chosen and the forms' order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from ui import printing
from ui.printing import PrintPreviewDialog, load_pdf, print_pdf, printer_like

PRINTERS = ["OfficePDF", "Upstairs"]


def a_pdf(pages: int = 2, size: tuple[float, float] = A4) -> bytes:
    import io

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size)
    for page in range(pages):
        sheet.drawString(72, 72, f"page {page + 1}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


@pytest.fixture
def printers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two printers the dialog may offer (the quick tests run without CUPS)."""
    monkeypatch.setattr(printing, "available_printers", lambda: list(PRINTERS))
    return PRINTERS


def test_print_opens_the_print_dialog_with_the_document_s_pages(
    qtbot: QtBot, printers: list[str], english: None
) -> None:
    preview = PrintPreviewDialog(a_pdf(3), "TS-2026-000001")
    qtbot.addWidget(preview)
    preview.show()
    dialog = preview.ask_print()
    assert isinstance(dialog, QPrintDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    assert (dialog.minPage(), dialog.maxPage()) == (1, 3)
    assert not dialog.testOption(QPrintDialog.PrintDialogOption.PrintToFile)
    dialog.reject()


def test_the_printer_and_copies_chosen_are_chosen_again(qtbot: QtBot, printers: list[str], english: None) -> None:
    """Each dialog began on the first printer and one copy: the office picked its printer every time."""
    from PySide6.QtCore import QSettings

    chosen: list[QPrinter] = []
    preview = PrintPreviewDialog(a_pdf(1), "TS-2026-000001")
    qtbot.addWidget(preview)
    first = printing.ask_printer(preview, 1, chosen.append)
    assert first is not None
    qtbot.addWidget(first)
    from PySide6.QtWidgets import QSpinBox

    copies = first.findChild(QSpinBox, "copies")  # the dialog's own Copies box (its values go to the printer)
    assert copies is not None
    copies.setValue(2)
    first.accept()
    assert len(chosen) == 1
    assert QSettings().value(printing.PRINTER_KEY) == chosen[0].printerName()
    second = printing.ask_printer(preview, 1, chosen.append)
    assert second is not None
    qtbot.addWidget(second)
    assert second.printer().copyCount() == 2
    second.reject()


def test_without_a_printer_the_person_is_told_and_no_dialog_opens(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    """The dialog opened on an empty list, and Print said "The printer  cannot be used." (no name)."""
    monkeypatch.setattr(printing, "available_printers", lambda: [])
    warned: list[str] = []
    monkeypatch.setattr("ui.messages.warn", lambda parent, title, text: warned.append(text))
    preview = PrintPreviewDialog(a_pdf(1), "TS-2026-000001")
    qtbot.addWidget(preview)
    assert preview.ask_print() is None
    assert warned and warned[0].startswith("No printer is installed on this computer")


def test_a_printer_gone_since_it_was_chosen_is_refused_by_name(
    printers: list[str], monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """Qt keeps its default printer for a name it no longer knows: the forms went to another printer, and the
    status named the one chosen."""
    from models.errors import DomainError

    chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
    monkeypatch.setattr(printing, "available_printers", lambda: ["Upstairs"])  # the chosen one was taken away
    with pytest.raises(DomainError, match=r"is not installed any more; installed: Upstairs\.$"):
        printer_like(chosen)
    with pytest.raises(DomainError, match=r"is not installed any more; installed: Upstairs\.$"):
        print_pdf(a_pdf(1), chosen, "TS-2026-000001")


def printed(tmp_path: Path, data: bytes, setup: Callable[[QPrinter], None] = lambda printer: None) -> list[QSizeF]:
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    setup(printer)
    print_pdf(data, printer, "test")
    document = load_pdf(out.read_bytes())
    return [document.pagePointSize(page) for page in range(document.pageCount())]


def test_a_landscape_document_prints_landscape(qtbot: QtBot, tmp_path: Path) -> None:
    """The list of improvement actions (A4 landscape) was squeezed into a portrait page."""
    (page,) = printed(tmp_path, a_pdf(1, landscape(A4)))
    assert page.width() > page.height(), page


def test_the_page_range_chosen_is_printed_and_the_paper_kept(qtbot: QtBot, tmp_path: Path) -> None:
    """"Pages 2 to 2" printed every page; US Letter came out A4."""

    def setup(printer: QPrinter) -> None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))

    pages = printed(tmp_path, a_pdf(3), setup)
    assert len(pages) == 1
    assert (round(pages[0].width()), round(pages[0].height())) == (612, 792), "US Letter"


def test_a_printer_is_named_in_any_case(printers: list[str], qapp: object) -> None:
    """CUPS ignores case; the command line refused "officepdf"."""
    assert printing.installed_name("officepdf") == "OfficePDF"
    with pytest.raises(printing.PrinterNotFoundError, match="There is no printer named Cellar"):
        printing.installed_name("Cellar")


def test_the_forms_chosen_print_in_the_list_s_order(qtbot: QtBot, seeded: object, english: None) -> None:
    """Ctrl+clicked forms printed in the order clicked, not as the list has them."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeWidgetItem

    from ui.office.archive_page import ArchivePage

    page = ArchivePage()
    qtbot.addWidget(page)
    items = []
    for case_id in (30, 20, 10):
        item = QTreeWidgetItem([f"TS-2026-0000{case_id}"])
        item.setData(0, Qt.ItemDataRole.UserRole, case_id)
        page.cases.addTopLevelItem(item)
        items.append(item)
    for item in (items[2], items[0]):  # clicked bottom first
        item.setSelected(True)
    assert page.selected_ids() == [30, 10]
