"""Printing any PDF through the system's printers (Qt print support; CUPS on
Linux): a preview showing the real pages (QtPdf), Qt's print dialog, and the
same page-by-page printing for the command line."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImageWriter, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.errors import QT_TRANSLATE_NOOP, DomainError
from ui import messages
from ui.i18n import Retranslating, fill
from ui.paths import file_name
from ui.widgets import resize_within_screen

# Pages are rendered to images at this resolution at most: sharp on paper,
# about 35 MB per A4 page rather than half a gigabyte at 1200 dpi.
RENDER_DPI = 300


class PrinterNotFoundError(DomainError):
    """The printer asked for is not installed."""


def load_pdf(data: bytes, parent: QWidget | None = None) -> QPdfDocument:
    """A QPdfDocument reading from ``data`` (the buffer lives as long as the document)."""
    document = QPdfDocument(parent)  # type: ignore[arg-type]  # the stubs refuse None, Qt takes it
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise ValueError(f"not a readable PDF ({document.error()})")
    return document


def available_printers() -> list[str]:
    return QPrinterInfo.availablePrinterNames()


def named_printer(name: str) -> QPrinter:
    """An A4 printer for the installed printer ``name``."""
    if name not in available_printers():
        raise PrinterNotFoundError(
            QT_TRANSLATE_NOOP("DomainError", "There is no printer named {name}; installed: {printers}."),
            name=name,
            printers=", ".join(available_printers()) or "-",
        )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(name)
    return printer


def printer_like(template: QPrinter) -> QPrinter:
    """A new printer with the choices made in the print dialog (for one job per form)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(template.printerName())
    printer.setCopyCount(template.copyCount())
    printer.setDuplex(template.duplex())
    printer.setColorMode(template.colorMode())
    return printer


def prepare_for_worker_threads() -> None:
    """Load Qt's image-format plugins on the GUI thread. QPdfEngine asks for them
    when it draws an image; loading them first from a worker thread deadlocks
    in QFactoryLoader (seen with Qt 6.11 printing through CUPS)."""
    QImageWriter.supportedImageFormats()


def print_pdf(
    data: bytes,
    printer: QPrinter,
    title: str = "",
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print every page of ``data`` on ``printer`` (A4, full page); the number
    of pages sent. Stops early, aborting the job, when ``cancelled()`` says so."""
    document = load_pdf(data)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The printer {name} cannot be used."), name=printer.printerName()
        )
    printed = 0
    try:
        for page in range(document.pageCount()):
            if cancelled is not None and cancelled():
                printer.abort()
                break
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * RENDER_DPI), round(points.height() / 72 * RENDER_DPI))
            image = document.render(page, size)
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


class PrintPreviewDialog(Retranslating, QDialog):
    """The real pages of a PDF, with Print… (Qt's print dialog) and Save as PDF…."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.title = title
        self.document = load_pdf(data, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel()
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.ask_save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        resize_within_screen(self, 820, 900)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Print preview: %1"), self.title))
        self.pages.setText(self.tr("%n page(s), A4", "", self.document.pageCount()))
        self.print_button.setText(self.tr("&Print…"))
        self.save_button.setText(self.tr("&Save as PDF…"))
        self.close_button.setText(self.tr("&Close"))

    def ask_print(self) -> QPrintDialog:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.accepted.connect(lambda: self.print_on(printer))
        dialog.open()  # type: ignore[call-arg]  # the stubs give QPrintDialog only open(receiver, member)
        return dialog

    def print_on(self, printer: QPrinter) -> int:
        return print_pdf(self.data, printer, self.title)

    def ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), file_name(self.title, "pdf"), "PDF (*.pdf)")
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> bool:
        """Write the PDF to ``path`` and say so (with its folder a click away); a folder that cannot be
        written to is said in words, and nothing is lost: the preview stays open to try elsewhere."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.data)
        except OSError as error:
            refused = fill(self.tr("%1 cannot be written: %2"), str(path), error.strerror or str(error))
            messages.warn(self, self.tr("Save as PDF"), refused)
            return False
        messages.saved(self, self.tr("Save as PDF"), fill(self.tr("Saved: %1."), self.title), path)
        return True

