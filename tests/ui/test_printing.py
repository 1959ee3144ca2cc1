"""Printing for real: complaint forms through CUPS to the cups-pdf printer,
from the GUI's code path and from the command line; the archive page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from models.archive import seal_in_bulk
from models.base import db, is_postgresql
from models.complaint import Complaint
from models.database import open_database
from models.demo import DemoAccount, generate_demo
from models.staff import Role
from ui import printing
from ui.form_preview import render_form
from ui.office.archive_page import ArchivePage
from ui.printing import PrinterNotFoundError, PrintPreviewDialog, load_pdf, named_printer, printer_like

from conftest import OpenCopy, build_master, copy_database, require_component

ROOT = Path(__file__).resolve().parents[2]
PRINTER = "OfficePDF"
OUTPUT = Path.home() / "PDF"

# A real print queue (CUPS) takes seconds a job: the slow pass (`uv run pytest -m slow`), as CI runs it.
pytestmark = pytest.mark.slow



@pytest.fixture
def cups_pdf() -> Path:
    """The cups-pdf queue .ci/run sets up; printed jobs land in ~/PDF."""
    result = subprocess.run(["lpstat", "-p", PRINTER], capture_output=True, text=True) if _has("lpstat") else None
    require_component(f"the CUPS printer {PRINTER}", result is not None and result.returncode == 0)
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def _has(program: str) -> bool:
    return any((Path(p) / program).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


def wait_for_new_pdf(folder: Path, before: set[Path], qtbot: QtBot | None = None, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    sizes: dict[Path, int] = {}
    while time.monotonic() < deadline:
        for path in folder.glob("*.pdf"):
            if path in before:
                continue
            size = path.stat().st_size
            if size and sizes.get(path) == size and path.read_bytes().rstrip().endswith(b"%%EOF"):
                return path  # complete: cups-pdf has stopped writing it
            sizes[path] = size
        # Polled: cups-pdf signals nothing when it is done; a complete file ends with %%EOF.
        if qtbot is not None:
            qtbot.wait(50)
        else:
            time.sleep(0.05)
    raise AssertionError(f"no job arrived in {folder}")


class SealedDemo(NamedTuple):
    path: Path
    accounts: list[DemoAccount]


@pytest.fixture(scope="module")
def archive_master(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> SealedDemo:
    """40 demo complaints, every one sealed, and the demo's accounts with their passwords; built once."""
    accounts: list[DemoAccount] = []

    def sealed_demo() -> None:
        accounts.extend(generate_demo(40, seed=3))
        with db.atomic():
            seal_in_bulk([c.id for c in Complaint.select(Complaint.id)])

    return SealedDemo(build_master(tmp_path_factory, migrated_database, sealed_demo), accounts)


@pytest.fixture
def archive(open_copy: OpenCopy, archive_master: SealedDemo) -> list[Complaint]:
    """The sealed demo in the test's own copy."""
    open_copy(archive_master.path)
    return list(Complaint.select().where(Complaint.archive_number.is_null(False)).order_by(Complaint.id))


def test_the_preview_shows_the_real_pages(qtbot: QtBot, archive: list[Complaint], english: None) -> None:
    from models.staff import Role, Staff

    title, data = render_form(Staff.get(Staff.role == Role.OFFICE), archive[0].id, "zh_CN")
    assert title == archive[0].archive_number
    dialog = PrintPreviewDialog(data, title)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.document.pageCount() >= 1
    assert dialog.windowTitle() == f"Print preview: {title}"
    assert dialog.pages.text().endswith("A4")


def test_the_gui_path_refuses_a_duty_manager_an_archived_form(archive: list[Complaint]) -> None:
    from models.errors import DomainError
    from models.staff import Role, Staff

    manager = Staff.get(Staff.role == Role.DUTY_MANAGER, Staff.active == True)  # noqa: E712
    with pytest.raises(DomainError, match=r"^Only the office can print archived forms\.$"):
        render_form(manager, archive[0].id, "zh_CN")


def test_an_unknown_printer_is_refused(qapp: object) -> None:
    with pytest.raises(PrinterNotFoundError, match="There is no printer named NoSuchPrinter"):
        named_printer("NoSuchPrinter")


def test_printing_from_the_archive_page_reaches_the_printer(
    qtbot: QtBot, archive: list[Complaint], english: None, cups_pdf: Path
) -> None:
    from models.staff import Role, Staff

    page = ArchivePage()
    page.set_staff(Staff.get(Staff.role == Role.OFFICE))  # the office's page: archived forms are its to print
    qtbot.addWidget(page)
    page.closed_from.setDate(page.closed_from.date().addYears(-2))
    page.show()
    assert page.refresh() == len(archive)
    before = set(cups_pdf.glob("*.pdf"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(PRINTER)
    wanted = [archive[0].id, archive[1].id]
    page.print_batch(wanted, printer)
    qtbot.waitUntil(lambda: page.status.text() == f"2 of 2 forms sent to {PRINTER}.", timeout=60_000)
    printed = wait_for_new_pdf(cups_pdf, before, qtbot)
    document = load_pdf(printed.read_bytes())
    assert document.pageCount() >= 1


def test_print_command_sends_forms_to_a_named_printer(
    isolated_folders: Path,
    tmp_path: Path,
    cups_pdf: Path,
    archive_master: SealedDemo,
    run_main: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_file = copy_database(archive_master.path, tmp_path / "print.db")
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(isolated_folders / "data"),
        XDG_CONFIG_HOME=str(isolated_folders / "config"),
        XDG_STATE_HOME=str(isolated_folders / "state"),
    )
    env.pop("DISPLAY", None)
    main = [sys.executable, str(ROOT / "main.py"), "--db", str(db_file)]
    office_password = next(a.password for a in archive_master.accounts if a.username == "office")
    desk = next(a for a in archive_master.accounts if a.role == Role.DUTY_MANAGER)

    database = open_database(str(db_file))  # the test's copy: a file, or a server's database (--db)
    try:
        archived = Complaint.select(Complaint.archive_number).where(Complaint.archive_number.is_null(False))
        number = archived.order_by(Complaint.id).first().archive_number
    finally:
        database.close()

    def print_command(*args: str, user: str = "office", password: str = office_password) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*main, "print", *args, "--user", user], env=env, capture_output=True, text=True, input=password + "\n"
        )

    # What reaches the printer or the folder: main.py in a process of its own, as a person runs it.
    before = set(cups_pdf.glob("*.pdf"))
    result = print_command(number, "--printer", PRINTER)
    assert result.returncode == 0, result.stderr
    assert f"{number}: " in result.stdout and f"sent to {PRINTER}" in result.stdout
    wait_for_new_pdf(cups_pdf, before)

    result = print_command(number, "--out", str(tmp_path / "forms"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "forms" / f"{number}.pdf").read_bytes().startswith(b"%PDF")

    # The refusals: the same main() in this process (a second of start-up each saved).
    def refused(*args: str, user: str = "office", password: str = office_password) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        status, _, err = run_main("--db", str(db_file), "print", *args, "--user", user)
        return status, err.strip()

    assert refused("TS-1999-000001") == (2, "main.py: error: There is no archived complaint TS-1999-000001.")

    status, err = refused(number, "--printer", "Nowhere")
    assert status == 2
    assert "There is no printer named Nowhere" in err and "Traceback" not in err

    assert refused(number, "--out", str(tmp_path / "desk"), user=desk.username, password=desk.password) == (
        2,
        "main.py: error: Only the office can print archived forms.",
    )
    assert not (tmp_path / "desk").exists()

    assert refused(number, "--out", str(tmp_path / "wrong"), password="not-the-password") == (
        2,
        "main.py: error: The user name or the password is wrong.",
    )
    assert not (tmp_path / "wrong").exists()


def test_verify_from_the_archive_page(
    qtbot: QtBot, archive: list[Complaint], english: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models import anchor

    monkeypatch.setattr(anchor, "_folder", tmp_path / "anchors")  # as the desk had them written as it sealed
    anchor._append_anchor()
    page = ArchivePage()
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.verify_progress.isVisible() and page.stop_verify_button.isVisible()
    assert not page.verify_button.isEnabled()
    qtbot.waitUntil(
        lambda: page.status.text() == "The archive is intact: every seal and the chain verified.", timeout=30_000
    )
    assert not page.verify_progress.isVisible() and not page.stop_verify_button.isVisible()
    assert page.verify_button.isEnabled()
    page.cases.clear()
    assert not page.print_all_button.isEnabled()
    assert page.cases.topLevelItemCount() == 0
    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)


def test_the_archive_page_says_what_its_check_found_in_the_language_shown(
    qtbot: QtBot, archive: list[Complaint], chinese: None
) -> None:
    """A record changed behind the application's back was named in English on the Chinese screen."""
    import sqlite3

    path = db.database
    raw = sqlite3.connect(path, isolation_level=None)  # as someone with the file and an SQLite tool would
    triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("UPDATE complaint SET narrative = '改过的内容' WHERE id = ?", (archive[0].id,))
    for _, sql in triggers:
        raw.execute(sql)
    raw.close()
    page = ArchivePage()
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.text().startswith("归档"), timeout=30_000)
    assert f"{archive[0].archive_number}：“投诉内容”在封存后被改动" in page.error.text()
    assert "changed after sealing" not in page.error.text()


def test_the_archive_page_does_not_call_an_archive_intact_that_it_could_not_prove(
    qtbot: QtBot, archive: list[Complaint], chinese: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an anchor of the file, the command line notes that a cut tail or a rewritten chain cannot be told; the
    page said "the archive is intact" all the same, and never showed the note."""
    from models import anchor

    monkeypatch.setattr(anchor, "_folder", tmp_path / "no-anchors-here")
    page = ArchivePage()
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=30_000)
    text = page.status.text()
    assert text.startswith("所有封存及链条均已校验通过，但："), text
    assert "无法判断" in text and "cannot tell" not in text, text
    assert "完好" not in text and page.error.text() == ""


def test_verify_shows_how_far_it_got_and_stops_when_asked(
    qtbot: QtBot, archive: list[Complaint], english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import models.verify
    from models.archive import ArchiveSeal
    from models.audit import AuditEvent

    check_seals = models.verify.check_seals
    release, checking = threading.Event(), threading.Event()

    def a_slow_batch(*args: object) -> object:
        checking.set()
        release.wait(30)
        return check_seals(*args)

    monkeypatch.setattr(models.verify, "SEAL_BATCH", 1)
    monkeypatch.setattr(models.verify, "check_seals", a_slow_batch)
    total = ArchiveSeal.select().count() + AuditEvent.select().count()
    page = ArchivePage()
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verify_progress.maximum() == total, timeout=10_000)
    assert page.verify_progress.value() == 0 and page.verify_progress.isVisible()
    qtbot.waitUntil(checking.is_set, timeout=10_000)  # Stop is pressed while a batch is being checked
    qtbot.mouseClick(page.stop_verify_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Stopping the verification…" and not page.stop_verify_button.isEnabled()
    release.set()
    qtbot.waitUntil(
        lambda: page.status.text() == "Verification stopped before the end: nothing was proved.", timeout=30_000
    )
    assert 0 < page.verify_progress.value() < total, "it stopped after the batch it was checking"
    assert not page.verify_progress.isVisible() and page.verify_button.isEnabled()
    assert page.error.text() == ""


def test_a_whole_archive_number_finds_its_form_whatever_the_dates(
    qtbot: QtBot, archive: list[Complaint], english: None
) -> None:
    """A clerk with a customer's letter typed its number: a case closed before last month (the default dates) was
    not found, and nothing said why."""
    page = ArchivePage()
    qtbot.addWidget(page)
    oldest = min(archive, key=lambda case: case.closed_at)
    page.closed_from.setDate(QDate.fromString(f"{oldest.closed_at:%Y-%m-%d}", "yyyy-MM-dd").addDays(1))
    page.number.setText(oldest.archive_number.lower())
    statements: list[str] = []
    if not is_postgresql():
        db.connection().set_trace_callback(statements.append)
    try:
        assert page.refresh() == 1 and page.cases.topLevelItem(0).text(0) == oldest.archive_number
    finally:
        if not is_postgresql():
            db.connection().set_trace_callback(None)
    # Found by its index: a search for part of it read every sealed row (two seconds at a million complaints).
    assert not any("LIKE" in statement.upper() for statement in statements), statements
    page.number.setText(oldest.archive_number[:-2])  # part of one: the dates still apply
    assert oldest.archive_number not in [page.cases.topLevelItem(i).text(0) for i in range(page.refresh())]
    page.number.setText(f"#{oldest.id}")  # as the desk's lists name it: found whatever the dates
    assert page.refresh() == 1 and page.cases.topLevelItem(0).text(0) == oldest.archive_number


def test_an_archive_search_that_finds_nothing_says_why(qtbot: QtBot, archive: list[Complaint], english: None) -> None:
    """"0 archived forms." for the placeholder's own example (000123, outside the dates), a customer's name, a
    case's number or dates the wrong way round: a clerk took it that the form did not exist."""
    page = ArchivePage()
    qtbot.addWidget(page)
    oldest = min(archive, key=lambda case: case.closed_at)
    first = QDate.fromString(f"{oldest.closed_at:%Y-%m-%d}", "yyyy-MM-dd").addDays(1)
    page.closed_from.setDate(first)
    page.closed_to.setDate(first.addDays(1))
    said = {}
    for typed in (oldest.archive_number[-6:], "刘先生", "#999999", "TS-1999-000001"):
        page.number.setText(typed)
        assert page.refresh() == 0
        said[typed] = page.status.text()
    day = first.toString("yyyy-MM-dd")
    assert said[oldest.archive_number[-6:]] == (
        f"No form closed from {day} to {first.addDays(1).toString('yyyy-MM-dd')} has “{oldest.archive_number[-6:]}” "
        "in its number: the closing dates limit the search; widen them, or type the whole number (TS-2026-000123)."
    )
    named = "No archive number holds “刘先生”: customers' names and phones are searched in the Register."
    assert said["刘先生"] == named
    assert said["#999999"] == "No archived form is numbered “#999999”."
    assert said["TS-1999-000001"] == "No archived form is numbered “TS-1999-000001”."
    page.number.setText("")
    page.closed_to.setDate(first.addDays(-1))
    assert page.refresh() == 0 and page.status.text() == "No forms: the second closing date is before the first."


def test_a_correction_is_added_from_the_archive_page(qtbot: QtBot, archive: list[Complaint], english: None) -> None:
    from models.archive import amendments
    from models.staff import Role, Staff
    from models.verify import verify_archive

    office = Staff.get(Staff.role == Role.OFFICE)
    page = ArchivePage()
    page.set_staff(office)
    qtbot.addWidget(page)
    page.closed_from.setDate(page.closed_from.date().addYears(-2))
    page.refresh()
    page.cases.topLevelItem(0).setSelected(True)
    assert page.amend_button.isEnabled()
    dialog = page.ask_amendment()
    dialog.accept()
    assert dialog.error.text() == "Say why the archived record is corrected."
    dialog.field.setCurrentIndex(dialog.field.findData("customer_name"))
    dialog.corrected.setText("刘建国")
    dialog.reason.setText("顾客来电更正姓名")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    number = page.cases.topLevelItem(0).text(0)
    case = Complaint.get(Complaint.archive_number == number)
    amendment = amendments(case)[-1]  # after the link to an external case the demo may have added
    assert amendment["corrections"] == {"customer_name": "刘建国"} and amendment["reason"] == "顾客来电更正姓名"
    assert page.status.text() == f"The correction to {number} was added to the archive."
    assert verify_archive() == []


def test_a_form_s_printer_takes_the_dialog_s_properties(cups_pdf: Path, qapp: object) -> None:
    """Two pages per sheet (the dialog's Properties) reached a preview's print but not the archive's forms.
    (Only CUPS's print engine holds these options: the real queue.)"""
    template = QPrinter(QPrinter.PrinterMode.HighResolution)
    template.setPrinterName(PRINTER)
    template.printEngine().setProperty(printing.CUPS_OPTIONS, ["number-up", "2"])
    template.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    template.setCopyCount(3)
    copy = printer_like(template)
    assert copy.printerName() == PRINTER
    assert copy.copyCount() == 3 and copy.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
    assert copy.printEngine().property(printing.CUPS_OPTIONS) == ["number-up", "2"]
