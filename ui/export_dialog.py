"""Exporting a table to an Excel workbook or a CSV file, for any page: the save
dialog, the writing in a worker behind a progress dialog with Cancel, and a last
sentence with the number of rows and the file.

A page gives either columns and a function making the rows (called in the
worker: ``export_rows``) or its QAbstractTableModel (read on the GUI thread, to
which a Qt model belongs: ``export_model``); the register, which has its own
domain function, calls ``ask_export_path`` and ``run_export`` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDate, QDateTime, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from models.analysis.export import FORMATS, Column, ExportCancelled, Kind, Progress, Row, export_table
from models.staff import Staff
from ui import messages
from ui.format import number
from ui.i18n import fill
from ui.tasks import Task, report_failure, run_task

Work = Callable[[Path, Progress], int]


@dataclass(frozen=True)
class ExportRun:
    """An export under way: its worker and the progress dialog that follows it."""

    task: Task
    dialog: QProgressDialog
    path: Path


def ask_export_path(parent: QWidget | None, suggested_name: str) -> Path | None:
    """The file to export to, from the save dialog (tests replace this function); None when
    cancelled. The chosen file type gives the name its suffix when it has neither, and replaces the suggested
    name's."""
    workbook = QCoreApplication.translate("Export", "Excel workbook (*.xlsx)")
    text = QCoreApplication.translate("Export", "CSV, UTF-8 (*.csv)")
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(folder) / suggested_name) if folder else suggested_name
    title = QCoreApplication.translate("Export", "Export")
    name, chosen = QFileDialog.getSaveFileName(parent, title, start, f"{workbook};;{text}")
    if not name:
        return None
    path, chosen_format = Path(name), "csv" if chosen == text else "xlsx"
    if path.name == Path(suggested_name).name and path.suffix.lower() != f".{chosen_format}":
        # The name suggested, another file type chosen: that type (CSV chosen wrote an Excel workbook).
        path = path.with_suffix(f".{chosen_format}")
    return with_format(path, chosen_format)


def with_format(path: Path, chosen: str) -> Path:
    """``path`` as typed when it names a format (.xlsx or .csv); else with the chosen one's suffix."""
    if path.suffix.lower().lstrip(".") in FORMATS:
        return path
    return path.with_name(f"{path.name}.{chosen}")


def run_export(parent: QWidget, path: Path, work: Work) -> ExportRun:
    """Run ``work(path, progress)`` in a worker behind a progress dialog whose Cancel stops it
    (and removes the partial file); then say how many rows went to which file."""
    title = QCoreApplication.translate("Export", "Export")
    label = fill(QCoreApplication.translate("Export", "Exporting to %1…"), path.name)
    dialog = QProgressDialog(label, QCoreApplication.translate("Export", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def in_worker(*, task: Task) -> int:
        return work(path, task)

    def finished(rows: int) -> None:
        dialog.close()
        done = QCoreApplication.translate("Export", "Rows exported: %1.")
        messages.saved(parent, title, fill(done, number(rows)), path)

    def failed(error: Exception) -> None:
        dialog.close()
        if isinstance(error, ExportCancelled):
            cancelled = QCoreApplication.translate("Export", "The export was cancelled; no file was written.")
            messages.inform(parent, title, cancelled)
            return
        report_failure(error, parent)

    def progressed(done: int, total: int) -> None:
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, dialog.maximum()) if dialog.maximum() else 0)

    task = run_task(in_worker, pass_task=True, on_done=finished, on_error=failed, on_progress=progressed)
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return ExportRun(task, dialog, path)


def export_rows(
    parent: QWidget,
    actor: Staff,
    what: str,
    suggested_name: str,
    columns: Sequence[Column],
    rows: Callable[[], Iterable[Row]],
    *,
    details: Mapping[str, object] | None = None,
    total: int = 0,
) -> ExportRun | None:
    """Ask for a file and export ``columns`` and the rows ``rows()`` makes (in the worker, which
    has its own database connection) on the actor's authority, audited as ``what``."""
    path = ask_export_path(parent, suggested_name)
    if path is None:
        return None

    def work(path: Path, progress: Progress) -> int:
        return export_table(actor, path, what, columns, rows(), details=details, progress=progress, total=total)

    return run_export(parent, path, work)


def export_model(
    parent: QWidget,
    actor: Staff,
    model: QAbstractTableModel,
    what: str,
    suggested_name: str,
    kinds: Sequence[Kind] | None = None,
) -> ExportRun | None:
    """Ask for a file and export a table model as it is shown (its header and rows); see ``table_of``."""
    columns, rows = table_of(model, kinds)
    return export_rows(parent, actor, what, suggested_name, columns, lambda: rows, total=len(rows))


def table_of(model: QAbstractTableModel, kinds: Sequence[Kind] | None = None) -> tuple[list[Column], list[Row]]:
    """A table model's header and cells, read on the GUI thread. A cell is its EditRole value when
    the model gives one (a number, a date keeps its type) and else its text; ``kinds`` names each
    column's kind, else it is the kind that every value of the column fits (text otherwise)."""
    width, height = model.columnCount(), model.rowCount()
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "") for c in range(width)
    ]
    cells: list[list[object]] = []
    for r in range(height):
        row = []
        for c in range(width):
            index = model.index(r, c)
            value = model.data(index, Qt.ItemDataRole.EditRole)
            if value is None or value == "":
                value = model.data(index, Qt.ItemDataRole.DisplayRole)
            row.append(_python_value(value))
        cells.append(row)
    chosen = list(kinds) if kinds is not None else [_kind_of([row[c] for row in cells]) for c in range(width)]
    for row in cells:
        for c, kind in enumerate(chosen):
            if kind is Kind.TEXT and row[c] is not None:
                row[c] = str(row[c])
    return [Column(header, kind) for header, kind in zip(headers, chosen, strict=True)], [tuple(row) for row in cells]


def _python_value(value: Any) -> object:
    if isinstance(value, QDateTime):
        return value.toPython()
    if isinstance(value, QDate):
        return value.toPython()
    return None if value == "" else value


def _kind_of(values: Sequence[object]) -> Kind:
    """The kind every value of a column fits: whole numbers, amounts (Decimal), any numbers, times, dates; else text."""
    present = [value for value in values if value is not None]
    if not present or any(isinstance(value, bool) for value in present):
        return Kind.TEXT
    if all(isinstance(value, int) for value in present):
        return Kind.INTEGER
    if all(isinstance(value, Decimal | int) for value in present):
        return Kind.MONEY
    if all(isinstance(value, Decimal | int | float) for value in present):
        return Kind.NUMBER
    if all(isinstance(value, dt.datetime) for value in present):
        return Kind.DATETIME
    if all(isinstance(value, dt.date) and not isinstance(value, dt.datetime) for value in present):
        return Kind.DATE
    return Kind.TEXT
