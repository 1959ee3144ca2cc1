"""Exporting from the screens: the register's Export… button (the office's only), the list as it is
filtered written in a worker behind a progress dialog whose Cancel leaves no file, the last
sentence; and the helper any page uses for its own table (columns and rows, or a Qt model)."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from models.analysis.export import CHUNK, Column, Kind, write_table
from models.audit import AuditEvent
from models.complaint import Complaint, State
from models.staff import Staff
from ui import export_dialog, messages
from ui.register.register_page import RegisterPage

from conftest import DEMO_COMPLAINTS, Desk, OpenCopy


@pytest.fixture
def demo(open_copy: OpenCopy, demo_database: Path) -> Desk:
    """The usual accounts and the demo's DEMO_COMPLAINTS complaints."""
    open_copy(demo_database)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "exports"
    path.mkdir()
    return path


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the export told the user (the final note or a warning)."""
    heard: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: heard.append(text))
    monkeypatch.setattr(messages, "saved", lambda parent, title, text, path: heard.append(f"{text} {path}"))
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: heard.append(text))
    return heard


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """The save dialog answers ``path``; returns the names it suggested."""
    suggested: list[str] = []

    def answer(parent: QWidget | None, name: str) -> Path | None:
        suggested.append(name)
        return path

    monkeypatch.setattr(export_dialog, "ask_export_path", answer)
    return suggested


def register_for(qtbot: QtBot, staff: Staff) -> RegisterPage:
    register = RegisterPage()
    qtbot.addWidget(register)
    register.set_staff(staff)
    register.show()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.refresh()
    return register


def test_only_the_office_has_the_button(qtbot: QtBot, demo: Desk, english: None) -> None:
    register = register_for(qtbot, demo.manager)
    assert not register.export_button.isVisible()
    register.set_staff(demo.office)
    assert register.export_button.isVisible() and register.export_button.text() == "&Export…"
    register.set_staff(demo.admin)
    assert register.export_button.isVisible()


def test_the_office_exports_the_list_as_filtered(
    qtbot: QtBot, demo: Desk, english: None, folder: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register = register_for(qtbot, demo.office)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.state.setCurrentIndex(register.state.findData(State.CLOSED.value))
    closed = Complaint.select().where(Complaint.state == State.CLOSED).count()
    assert 0 < closed < DEMO_COMPLAINTS and register.model.rowCount() == closed
    path = folder / "closed.xlsx"
    suggested = choose_file(monkeypatch, path)

    qtbot.mouseClick(register.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)

    assert suggested == [f"complaints-{dt.date.today().isoformat()}.xlsx"]
    assert said == [f"Rows exported: {closed:,}. {path}"]
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Received", "Customer") and len(rows) == closed + 1
    assert {row[6] for row in rows[1:]} == {"Closed"}
    assert all(isinstance(row[1], dt.datetime) for row in rows[1:])
    assert AuditEvent.select().where(AuditEvent.action == "exported", AuditEvent.actor == demo.office.id).count() == 1


def test_the_export_is_in_the_order_the_list_shows(
    qtbot: QtBot, demo: Desk, english: None, folder: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted by category (or anything), the list exported newest number first: not the rows as shown."""
    register = register_for(qtbot, demo.office)
    category = next(c for c in range(register.model.columnCount())
                    if register.model.headerData(c, Qt.Orientation.Horizontal) == "Category")  # fmt: skip
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.table.horizontalHeader().setSortIndicator(category, Qt.SortOrder.AscendingOrder)
    shown = [register.model.index(row, 0).data() for row in range(40)]
    choose_file(monkeypatch, folder / "by-category.csv")
    register.export()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    with open(folder / "by-category.csv", encoding="utf-8-sig", newline="") as handle:
        exported = [row[0] for row in list(csv.reader(handle))[1:41]]
    assert exported == shown


def test_a_csv_when_the_dialog_chose_csv(
    qtbot: QtBot, demo: Desk, chinese: None, folder: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register = register_for(qtbot, demo.office)
    choose_file(monkeypatch, folder / "全部.csv")
    run = register.export()
    assert run is not None
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    (sentence,) = said  # in Chinese once the catalogue has it: the count and the file, whatever the words
    assert str(DEMO_COMPLAINTS) in sentence and str(folder / "全部.csv") in sentence
    with open(folder / "全部.csv", encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0][0] == "编号" and len(read) == DEMO_COMPLAINTS + 1
    assert not run.dialog.isVisible()


def test_no_file_chosen_no_export(qtbot: QtBot, demo: Desk, folder: Path, said: list[str], monkeypatch) -> None:
    register = register_for(qtbot, demo.office)
    choose_file(monkeypatch, None)
    assert register.export() is None
    assert said == [] and list(folder.iterdir()) == []


class HeldRows:
    """Rows that stop coming once two chunks are written, until the test lets them go on (or a
    minute has passed), and end after ten: an export that missed its cancel ends, and the test
    fails, rather than running on forever."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        self.go_on = threading.Event()

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        for n in range(CHUNK * 10):
            if n == CHUNK * 2 + 1:
                self.holding.set()
                self.go_on.wait(60)
            yield (f"row {n}",)


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_cancel_in_the_progress_dialog_leaves_no_file(
    qtbot: QtBot, database: object, english: None, folder: Path, said: list[str], suffix: str
) -> None:
    # The rows are the test's own, but a worker runs with the application's database open (ui.tasks), as
    # every export does: the test has one, not an earlier test's (on a server, dropped after it).
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    rows = HeldRows()
    run = export_dialog.run_export(
        parent,
        folder / f"held.{suffix}",
        lambda path, progress: write_table(path, [Column("Text")], rows, progress=progress),
    )
    qtbot.waitUntil(rows.holding.is_set, timeout=20_000)
    assert run.dialog.isVisible() and run.dialog.labelText() == f"Exporting to held.{suffix}…"
    assert run.dialog.maximum() == 0, "a busy bar: how many rows there are is not known"
    cancel = run.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    rows.go_on.set()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == ["The export was cancelled; no file was written."]
    assert list(folder.iterdir()) == []


def test_a_table_model_exports_with_its_header_and_typed_cells(
    qtbot: QtBot, demo: Desk, english: None, folder: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = QStandardItemModel(0, 4)
    model.setHorizontalHeaderLabels(["分类", "Complaints", "Share", "Since"])
    for name, complaints, share, since in (("菜品质量", 12, 0.5, QDate(2026, 1, 5)), ("卫生", 3, 0.125, None)):
        items = [QStandardItem(name), QStandardItem(), QStandardItem(), QStandardItem()]
        items[1].setData(complaints, Qt.ItemDataRole.EditRole)
        items[2].setData(share, Qt.ItemDataRole.EditRole)
        if since is not None:
            items[3].setData(since, Qt.ItemDataRole.EditRole)
        model.appendRow(items)
    columns, rows = export_dialog.table_of(model)
    assert [(c.header, c.kind) for c in columns] == [
        ("分类", Kind.TEXT),
        ("Complaints", Kind.INTEGER),
        ("Share", Kind.NUMBER),
        ("Since", Kind.DATE),
    ]
    assert rows == [("菜品质量", 12, 0.5, dt.date(2026, 1, 5)), ("卫生", 3, 0.125, None)]

    parent = QWidget()
    qtbot.addWidget(parent)
    choose_file(monkeypatch, folder / "by-category.xlsx")
    kinds = [Kind.TEXT, Kind.INTEGER, Kind.PERCENT, Kind.DATE]
    run = export_dialog.export_model(parent, demo.office, model, "complaints by category", "by-category.xlsx", kinds)
    assert run is not None
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == [f"Rows exported: 2. {folder / 'by-category.xlsx'}"]
    sheet = openpyxl.load_workbook(folder / "by-category.xlsx").active
    assert [cell.value for cell in sheet[2]] == ["菜品质量", 12, 0.5, dt.datetime(2026, 1, 5)]
    assert sheet["C2"].number_format == "0.0%" and sheet["D3"].value is None


def test_columns_and_rows_exported_on_the_office_s_authority_only(
    qtbot: QtBot, demo: Desk, english: None, folder: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    columns = [Column("Department"), Column("Cost", Kind.MONEY)]
    choose_file(monkeypatch, folder / "cost.csv")

    export_dialog.export_rows(parent, demo.manager, "cost", "cost.csv", columns, lambda: [("厨房", Decimal("10"))])
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == ["Only the office can export lists: they carry customers' phone numbers out of Complaint Desk."]
    assert list(folder.iterdir()) == []

    said.clear()
    export_dialog.export_rows(parent, demo.office, "cost", "cost.csv", columns, lambda: [("厨房", Decimal("10"))])
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == [f"Rows exported: 1. {folder / 'cost.csv'}"]
    assert (folder / "cost.csv").read_bytes().decode("utf-8-sig") == "Department,Cost\r\n厨房,10.00\r\n"


@pytest.mark.parametrize(
    ("typed", "chosen", "expected"),
    [
        ("list", "xlsx", "list.xlsx"),
        ("list", "csv", "list.csv"),
        ("list.CSV", "xlsx", "list.CSV"),
        ("a.b", "csv", "a.b.csv"),
    ],
)
def test_the_chosen_file_type_gives_the_suffix(typed: str, chosen: str, expected: str) -> None:
    assert export_dialog.with_format(Path("/x") / typed, chosen) == Path("/x") / expected


@pytest.mark.parametrize(
    ("answered", "chosen", "expected"),
    [
        ("complaints-2026-12-07.xlsx", "CSV, UTF-8 (*.csv)", "complaints-2026-12-07.csv"),  # the name suggested
        ("complaints-2026-12-07.xlsx", "Excel workbook (*.xlsx)", "complaints-2026-12-07.xlsx"),
        ("mine.xlsx", "CSV, UTF-8 (*.csv)", "mine.xlsx"),  # a name typed with its suffix: as typed
        ("mine", "CSV, UTF-8 (*.csv)", "mine.csv"),
    ],
)
def test_csv_chosen_for_the_suggested_name_writes_csv(
    monkeypatch: pytest.MonkeyPatch, english: None, answered: str, chosen: str, expected: str
) -> None:
    """The save dialog kept the suggested "….xlsx" when CSV was chosen, and an Excel workbook was written."""
    from PySide6.QtWidgets import QFileDialog

    offered: list[str] = []

    def dialog(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(Path(start).parent / answered), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    path = export_dialog.ask_export_path(None, "complaints-2026-12-07.xlsx")
    assert offered and chosen in offered[0].split(";;"), "the test answers with a filter offered"
    assert path is not None and path.name == expected
