"""Printing any PDF through the system's printers (Qt print support; CUPS on
Linux): a preview showing the real pages (QtPdf), Qt's print dialog, and the
same page-by-page printing for the command line."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSettings, QSize
from PySide6.QtGui import QImageWriter, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrintEngine, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.errors import QT_TRANSLATE_NOOP, DomainError
from ui import messages
from ui.i18n import Retranslating, fill
from ui.paths import file_name
from ui.widgets import resize_within_screen

if TYPE_CHECKING:
    from ui.tasks import Task

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


def installed_name(name: str) -> str:
    """The installed printer ``name`` names, as the system spells it (CUPS ignores case: "officepdf" was refused)."""
    installed = {printer.casefold(): printer for printer in available_printers()}
    if name.casefold() not in installed:
        raise PrinterNotFoundError(
            QT_TRANSLATE_NOOP("DomainError", "There is no printer named {name}; installed: {printers}."),
            name=name,
            printers=", ".join(available_printers()) or "-",
        )
    return installed[name.casefold()]


def named_printer(name: str) -> QPrinter:
    """A printer for the installed printer ``name``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(installed_name(name))
    return printer


# The options of the print dialog's Properties (pages per sheet, a job held, banners…): Qt's CUPS engine keeps
# them under this key of its own (qprintengine_cups_p.h: PPK_CupsOptions), not among QPrintEngine's named keys.
CUPS_OPTIONS = QPrintEngine.PrintEnginePropertyKey(0xFE00)
# The rest of the dialog's choices a printer of one form copies from the one the dialog filled.
COPIED_PROPERTIES = (
    QPrintEngine.PrintEnginePropertyKey.PPK_CollateCopies,
    QPrintEngine.PrintEnginePropertyKey.PPK_PageOrder,
    QPrintEngine.PrintEnginePropertyKey.PPK_PaperSource,
    CUPS_OPTIONS,
)


def printer_like(template: QPrinter) -> QPrinter:
    """A new printer with the choices made in the print dialog (for one job per form): the printer, copies, sides,
    colour, paper, and the Properties' options (it kept only the first four: two pages per sheet was lost)."""
    check_printer(template)  # Qt keeps its default printer for a name it does not know: the forms went there
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(template.printerName())
    printer.setCopyCount(template.copyCount())
    printer.setDuplex(template.duplex())
    printer.setColorMode(template.colorMode())
    printer.setPageSize(template.pageLayout().pageSize())
    engine, chosen = printer.printEngine(), template.printEngine()
    for key in COPIED_PROPERTIES:
        value = chosen.property(key)
        if value is not None:
            engine.setProperty(key, value)
    return printer


def check_printer(printer: QPrinter) -> None:
    """Refuse a printer that is not installed (any more): Qt would send the job to another one, and say the first.
    (A printer writing a PDF file is no installed printer.)"""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return
    name = printer.printerName()
    if not available_printers():
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "No printer is installed on this computer (or its printing service is not running): add one in "
                "the system's printer settings, or save the PDF and print it elsewhere.",
            )
        )
    if not name or name not in available_printers():
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "The printer {name} is not installed any more; installed: {printers}."
            ),
            name=name or "-",
            printers=", ".join(available_printers()),
        )


def printer_stopped(name: str) -> bool:
    """Whether the printer's queue is stopped (paper jam, out of paper, paused): jobs sent to it wait there."""
    info = QPrinterInfo.printerInfo(name)
    return not info.isNull() and info.state() in (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error)


def prepare_for_worker_threads() -> None:
    """Load Qt's image-format plugins on the GUI thread. QPdfEngine asks for them
    when it draws an image; loading them first from a worker thread deadlocks
    in QFactoryLoader (seen with Qt 6.11 printing through CUPS)."""
    QImageWriter.supportedImageFormats()


def print_pdf(data: bytes, printer: QPrinter, title: str = "") -> int:
    """Print the pages of ``data`` on ``printer`` (those of the dialog's page range, if one was chosen): each page
    on the printer's paper, landscape when the document's pages are, scaled to fit it and centred; the number of
    pages sent. A whole job or none: a job stopped midway still reached CUPS with the pages drawn (half a form)."""
    check_printer(printer)
    document = load_pdf(data)
    count = document.pageCount()
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage() - 1, count - 1)
    if count == 0 or first > last:
        return 0
    shape = document.pagePointSize(first)
    landscape = shape.width() > shape.height()  # the list of improvement actions (A4 landscape) was squeezed
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
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
        for page in range(first, last + 1):
            if printed:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * RENDER_DPI), round(points.height() / 72 * RENDER_DPI))
            image = document.render(page, size)
            painter.drawImage(fitted(QRectF(painter.viewport()), points.width(), points.height()), image)
            printed += 1
    finally:
        painter.end()
    return printed


def fitted(room: QRectF, width: float, height: float) -> QRectF:
    """The largest rectangle of ``width``:``height`` in ``room``, centred (a Letter sheet takes an A4 page whole)."""
    scale = min(room.width() / width, room.height() / height)
    w, h = width * scale, height * scale
    return QRectF(room.x() + (room.width() - w) / 2, room.y() + (room.height() - h) / 2, w, h)


def remembered_printer() -> QPrinter:
    """A printer with the choices of the last print (printer, copies): the office picked its printer every time,
    else its forms went to whichever printer sorted first."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    settings = QSettings()
    name = str(settings.value(PRINTER_KEY, "") or "")
    if name in available_printers():
        printer.setPrinterName(name)
    copies = settings.value(COPIES_KEY, 1)
    printer.setCopyCount(max(1, int(str(copies))) if str(copies).isdigit() else 1)
    return printer


def remember_printer(printer: QPrinter) -> None:
    settings = QSettings()
    settings.setValue(PRINTER_KEY, printer.printerName())
    settings.setValue(COPIES_KEY, printer.copyCount())


PRINTER_KEY = "printing/printer"
COPIES_KEY = "printing/copies"


def ask_printer(parent: QWidget, pages: int | None, on_chosen: Callable[[QPrinter], object]) -> QPrintDialog | None:
    """Qt's print dialog, on the printer chosen last; ``on_chosen(printer)`` once the person presses Print.
    ``pages``: the document's pages, for a page range (None: several documents, no range). Without any printer
    the person is told so and no dialog opens (it opened on an empty list, and Print failed with "The printer
    cannot be used")."""
    if not available_printers():
        messages.warn(
            parent,
            QCoreApplication.translate("Printing", "Print"),
            QCoreApplication.translate(
                "DomainError",
                "No printer is installed on this computer (or its printing service is not running): add one in "
                "the system's printer settings, or save the PDF and print it elsewhere.",
            ),
        )
        return None
    printer = remembered_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if pages is None:
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, False)
    else:
        dialog.setMinMax(1, max(pages, 1))

    def chosen() -> None:
        remember_printer(printer)
        on_chosen(printer)

    dialog.accepted.connect(chosen)
    # PySide6 binds QPrintDialog.open(receiver, member) only, which hides QDialog.open(): dialog.open() raised
    # "open expected 2 arguments" and no print dialog ever opened.
    QDialog.open(dialog)
    return dialog


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
        self.sent = QLabel()  # where the pages went
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.ask_save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addWidget(self.sent, 1)
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

    def ask_print(self) -> QPrintDialog | None:
        return ask_printer(self, self.document.pageCount(), self.print_on)

    def print_on(self, printer: QPrinter) -> Task:
        """Print in a worker (the window froze for two seconds), then say where the pages went."""
        from ui.tasks import report_failure, run_task

        prepare_for_worker_threads()
        self.print_button.setEnabled(False)
        self.sent.setText(self.tr("Printing…"))

        def done(pages: int) -> None:
            self.print_button.setEnabled(True)
            name = printer.printerName()
            text = fill(self.tr("%n page(s) sent to %1.", "", pages), name)
            if printer_stopped(name):
                text += " " + fill(self.tr("%1 is stopped: they wait in its queue until it is started again."), name)
            self.sent.setText(text)

        def failed(error: Exception) -> None:
            self.print_button.setEnabled(True)
            self.sent.setText("")
            report_failure(error, self)

        return run_task(print_pdf, self.data, printer, self.title, on_done=done, on_error=failed, owner=self)

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

