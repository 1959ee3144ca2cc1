"""Exports to XLSX and CSV: files read back as a spreadsheet reads them (openpyxl; csv with the
byte-order mark) and compared with the database; the office's authority and the audit trail;
nothing left behind by a cancel or an error."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from peewee import fn

import models.analysis.export as export
from models.analysis.export import (
    Column,
    ExportCancelled,
    Kind,
    column_widths,
    export_register,
    register_table,
    write_table,
)
from models.audit import AuditChange, AuditEvent
from models.complaint import OPEN_STATES, Complaint, Proposal, ProposalStatus, State
from models.errors import DomainError
from models.register import register_rows
from models.search import Filters, count, matching
from models.text import display_width
from ui.paper.code_labels import CODE_NAMES

from conftest import DEMO_COMPLAINTS, Desk, OpenCopy

COLUMNS = [
    Column("编号", Kind.TEXT),
    Column("受理日期", Kind.DATE),
    Column("受理时间", Kind.DATETIME),
    Column("件数", Kind.INTEGER),
    Column("补偿金额（元）", Kind.MONEY),
    Column("满意率", Kind.PERCENT),
    Column("Score", Kind.NUMBER),
]
ROWS = [
    ("TS-2026-000001", dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 9, 30), 12, Decimal("1234.5"), 0.25, 4.5),
    ('说"好",再见\n第二行', dt.date(2026, 12, 31), dt.datetime(2026, 12, 31, 23, 59), 0, Decimal("0.01"), 1, -2),
    ("=1+1", None, None, None, None, None, None),
]


class Stopper:
    """Follows an export and asks it to stop once ``after`` rows are reported done."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.reports: list[tuple[int, int]] = []

    def report(self, done: int, total: int) -> None:
        self.reports.append((done, total))

    def is_cancelled(self) -> bool:
        return bool(self.reports) and self.reports[-1][0] >= self.after


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the exported files (the test's database and data folders are beside it)."""
    path = tmp_path / "exports"
    path.mkdir()
    return path


def many_rows() -> Iterator[tuple[object, ...]]:
    """More rows than the tests that stop an export let through (an export that does not stop ends, and fails)."""
    for n in range(export.CHUNK * 10):
        yield (f"row {n}",)


def newest_first(filters: Filters) -> list[int]:
    """The complaints matching ``filters`` in the order an export lists them: the case that came last first."""
    return [complaint_id for (complaint_id,) in matching(filters).order_by(Complaint.id.desc()).tuples()]


# --------------------------------------------------------------------------- the writer


def test_xlsx_cells_are_typed_under_a_bold_frozen_filtered_chinese_header(folder: Path) -> None:
    path = folder / "表.xlsx"
    assert write_table(path, COLUMNS, ROWS) == 3
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"
    first = sheet[2]
    assert first[0].value == "TS-2026-000001" and first[0].data_type == "s"
    assert first[1].value == dt.datetime(2026, 3, 1) and first[1].number_format == "yyyy-mm-dd"
    assert first[2].value == dt.datetime(2026, 3, 1, 9, 30) and first[2].number_format == "yyyy-mm-dd hh:mm"
    assert first[3].value == 12 and first[3].number_format == "#,##0"
    assert first[4].value == 1234.5 and first[4].number_format == "#,##0.00" and first[4].data_type == "n"
    assert first[5].value == 0.25 and first[5].number_format == "0.0%"
    assert first[6].value == 4.5
    assert sheet["A3"].value == '说"好",再见\n第二行'
    assert sheet["E3"].value == 0.01
    formula_like = sheet["A4"]
    assert (formula_like.value, formula_like.data_type) == ("=1+1", "s"), "text is never a formula"
    assert [cell.value for cell in sheet[4][1:]] == [None] * 6


def test_a_title_above_the_table_a_named_sheet_and_a_word_among_numbers(folder: Path) -> None:
    """What the table holds (its period, its filters) in lines above its header; a word in a column of numbers (a
    change with no base: "new") written as the word, the numbers around it as numbers."""
    columns = [Column("Channel"), Column("Complaints", Kind.INTEGER), Column("Change", Kind.PERCENT)]
    rows = [("Phone", 12, -0.08), ("Letter", 3, "new"), ("Web", 0, None)]
    title = ["Channels, 2026-11-01 to 2026-11-30", "Only these complaints: Kitchen"]
    path = folder / "channels.xlsx"
    assert write_table(path, columns, rows, title=title, sheet="Channels: a/b [1]") == 3
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Channels- a-b -1-"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        [title[0], None, None],
        [title[1], None, None],
        [None, None, None],
        ["Channel", "Complaints", "Change"],
        ["Phone", 12, -0.08],
        ["Letter", 3, "new"],
        ["Web", 0, None],
    ]
    assert sheet["A1"].font.b and all(cell.font.b for cell in sheet[4])
    assert sheet["C5"].number_format == "0.0%" and sheet["C6"].data_type == "s"
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:C7"
    text = folder / "channels.csv"
    write_table(text, columns, rows, title=title)
    assert text.read_bytes().decode("utf-8-sig").splitlines() == [
        f'"{title[0]}"', title[1], "", "Channel,Complaints,Change", "Phone,12,-8.0%", "Letter,3,new", "Web,0,"
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_no_rows_is_a_header_alone(folder: Path, suffix: str) -> None:
    path = folder / f"empty.{suffix}"
    assert write_table(path, COLUMNS, []) == 0
    if suffix == "xlsx":
        sheet = openpyxl.load_workbook(path).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [[c.header for c in COLUMNS]]
        assert sheet.auto_filter.ref == "A1:G1"
    else:
        assert path.read_bytes().decode("utf-8-sig") == ",".join(c.header for c in COLUMNS) + "\r\n"


def test_column_widths_fit_the_header_and_first_rows_counting_chinese_double(folder: Path) -> None:
    assert display_width("投诉abc") == 7
    columns = [Column("顾客"), Column("Name"), Column("补偿", Kind.MONEY), Column("x" * 200)]
    rows = [("欧阳晓红欧阳晓红", "Li", Decimal("12345.67"), "y")]
    assert column_widths(columns, rows) == [16 + 2, 4 + 2, len("12,345.67") + 2, export.MAX_WIDTH]
    path = folder / "widths.xlsx"
    write_table(path, columns, rows)
    widths = openpyxl.load_workbook(path).active.column_dimensions
    assert round(widths["A"].width) == 19 and round(widths["B"].width) == 7  # Excel adds its padding


def test_csv_has_the_byte_order_mark_quotes_and_plain_values(folder: Path) -> None:
    path = folder / "表.csv"
    rows = [*ROWS, ("+86 138 0000 0000", None, None, None, Decimal("-5"), None, None), ("@SUM(A1)", *[None] * 6)]
    assert write_table(path, COLUMNS, rows) == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with open(path, encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == [column.header for column in COLUMNS]
    assert read[1] == ["TS-2026-000001", "2026-03-01", "2026-03-01 09:30:00", "12", "1234.50", "25.0%", "4.5"]
    assert read[2][0] == '说"好",再见\n第二行' and read[2][4] == "0.01" and read[2][5] == "100.0%"
    assert read[3] == ["'=1+1", "", "", "", "", "", ""], "a formula is neutralised"
    assert read[4][0] == "+86 138 0000 0000" and read[4][4] == "-5.00", "a phone number or an amount is kept"
    assert read[5][0] == "'@SUM(A1)"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_cancel_leaves_no_file_and_keeps_the_one_it_would_replace(folder: Path, suffix: str) -> None:
    path = folder / f"list.{suffix}"
    path.write_bytes(b"the earlier export")
    stopper = Stopper(after=export.CHUNK * 2)
    with pytest.raises(ExportCancelled):
        write_table(path, [Column("Text")], many_rows(), progress=stopper)
    assert stopper.reports[-1][0] == export.CHUNK * 2
    assert [p.name for p in folder.iterdir()] == [path.name]
    assert path.read_bytes() == b"the earlier export"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_error_while_writing_leaves_no_file(folder: Path, suffix: str) -> None:
    def failing() -> Iterator[tuple[object, ...]]:
        yield ("one",)
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_table(folder / f"list.{suffix}", [Column("Text")], failing())
    assert list(folder.iterdir()) == []


def test_a_workbook_that_cannot_be_saved_is_a_sentence_and_no_file(folder: Path, monkeypatch) -> None:
    from xlsxwriter.exceptions import FileCreateError
    from xlsxwriter.workbook import Workbook

    def refuse(self: Workbook) -> None:
        raise FileCreateError(PermissionError(13, "Permission denied"))

    monkeypatch.setattr(Workbook, "close", refuse)
    with pytest.raises(DomainError, match=r"list\.xlsx cannot be written: Permission denied\.$"):
        write_table(folder / "list.xlsx", COLUMNS, ROWS)
    assert list(folder.iterdir()) == []


def test_a_worksheet_full_is_refused_and_leaves_no_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 5)
    with pytest.raises(DomainError, match="at most 5 rows: narrow the filters or export to CSV"):
        write_table(folder / "list.xlsx", [Column("Text")], many_rows())
    assert list(folder.iterdir()) == []
    assert write_table(folder / "list.csv", [Column("Text")], itertools.islice(many_rows(), 6)) == 6


def test_bad_names_and_places_are_refused_in_a_sentence(folder: Path) -> None:
    with pytest.raises(DomainError, match=r"ending in \.xlsx or \.csv; list\.pdf is neither"):
        write_table(folder / "list.pdf", COLUMNS, ROWS)
    with pytest.raises(DomainError, match="cannot be written"):
        write_table(folder / "missing" / "list.xlsx", COLUMNS, ROWS)
    with pytest.raises(DomainError, match="does not exist"):
        export.check_target(folder / "missing" / "list.csv")
    (folder / "folder.xlsx").mkdir()
    with pytest.raises(DomainError, match="is a folder"):
        export.check_target(folder / "folder.xlsx")


def test_progress_is_reported_by_chunk_up_to_the_end(folder: Path) -> None:
    follower = Stopper(after=10**9)
    rows = [(f"r{n}",) for n in range(export.CHUNK * 2 + 5)]
    write_table(folder / "list.csv", [Column("Text")], rows, progress=follower, total=len(rows))
    assert follower.reports == [(0, 2005), (1000, 2005), (2000, 2005), (2005, 2005)]
    unknown, grown = Stopper(after=10**9), Stopper(after=10**9)
    write_table(folder / "list.xlsx", [Column("Text")], rows, progress=unknown)
    assert unknown.reports == [(0, 0), (1000, 0), (2000, 0), (2005, 0)], "a busy bar: the total is not known"
    write_table(folder / "list.xlsx", [Column("Text")], rows, progress=grown, total=1500)
    assert grown.reports == [(0, 1500), (1000, 1500), (2000, 2000), (2005, 2005)], "complaints came in meanwhile"


# --------------------------------------------------------------------------- the register


@pytest.fixture
def demo(open_copy: OpenCopy, demo_database: Path) -> Desk:
    """The usual accounts (office: "office-pass-1") and the demo's DEMO_COMPLAINTS complaints."""
    from models.staff import Staff

    open_copy(demo_database)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def exported_events() -> list[dict[str, object]]:
    query = (
        AuditEvent.select(AuditChange.text)
        .join(AuditChange, on=(AuditEvent.change == AuditChange.id))
        .where(AuditEvent.action == "exported")
        .order_by(AuditEvent.id)
    )
    return [json.loads(text) for (text,) in query.tuples()]


def test_the_register_exports_the_rows_it_shows_typed_and_in_chinese(demo: Desk, folder: Path) -> None:
    now = dt.datetime.now()
    filters = Filters(now=now)
    path = folder / "登记簿.xlsx"
    assert export_register(demo.office, path, filters, "zh_CN") == DEMO_COMPLAINTS
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert header == [
        *("编号", "受理时间", "顾客", "联系电话", "分类", "责任部门"),
        *("状态", "严重程度", "超时未结", "受理人", "补偿金额（元）"),  # the register's words
        *("地点", "投诉内容", "顾客要求", "调查结果"),  # what the complaint says, whole: a report is written from it
    ]
    expected = register_rows(newest_first(filters), now)
    assert sheet.max_row == DEMO_COMPLAINTS + 1 and len(expected) == DEMO_COMPLAINTS
    for cells, row in zip(sheet.iter_rows(min_row=2, values_only=True), expected, strict=True):
        number, received, customer, phone, category, department, state, severity, overdue, manager, paid = cells[:11]
        case = Complaint.get_by_id(row.id)
        assert cells[11:] == tuple(text or None for text in (case.location, case.narrative, case.demand, case.findings))
        assert number == row.number
        assert received == row.received_at.replace(microsecond=0)
        assert (customer or "", phone or "") == (row.customer, row.phone)
        assert (category, department or "") == (row.category, row.department)
        assert state == CODE_NAMES["state"][row.state].zh
        assert severity == CODE_NAMES["severity"][row.severity].zh
        assert overdue == ("是" if row.overdue else None)
        assert manager == row.duty_manager
        assert paid == (None if row.compensation is None else float(row.compensation))
    assert any(cells[10] for cells in sheet.iter_rows(min_row=2, values_only=True)), "some compensation was paid"
    # The compensation the customers accepted, as the analysis counts it: not an offer withdrawn or still open.
    accepted = Proposal.select(fn.SUM(Proposal.total)).where(Proposal.status == ProposalStatus.ACCEPTED).scalar()
    paid_in_all = sum(Decimal(str(cells[10])) for cells in sheet.iter_rows(min_row=2, values_only=True) if cells[10])
    assert paid_in_all == Decimal(str(accepted))
    offered = {p.complaint_id for p in Proposal.select().where(Proposal.status != ProposalStatus.ACCEPTED)}
    unpaid = offered - {p.complaint_id for p in Proposal.select().where(Proposal.status == ProposalStatus.ACCEPTED)}
    assert unpaid and all(row.compensation is None for row in expected if row.id in unpaid)
    assert any(cells[3] for cells in sheet.iter_rows(min_row=2, values_only=True)), "full phone numbers"


def test_the_register_filters_and_english_words(demo: Desk, folder: Path) -> None:
    filters = Filters(states=tuple(sorted(s.value for s in OPEN_STATES)), now=dt.datetime.now())
    path = folder / "open.csv"
    written = export_register(demo.office, path, filters, "en")
    assert written == count(filters) == Complaint.select().where(Complaint.state.in_(list(OPEN_STATES))).count() > 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert len(read) == written
    shown = {CODE_NAMES["state"][state].source.text for state in OPEN_STATES}  # the register's words
    assert {row["State"] for row in read} <= shown and "Closed" not in {row["State"] for row in read}
    assert {row["Severity"] for row in read} <= {"Low", "Medium", "High"}
    numbers = [row["Number"] for row in read]
    assert numbers == [r.number for r in register_rows(newest_first(filters), filters.now)]


def test_a_csv_file_keeps_phone_numbers_whole_for_a_spreadsheet(demo: Desk, folder: Path) -> None:
    """Excel reads a CSV file's digits as a number: 02161234567 became 2161234567, and 13812345678 showed as
    1.38123E+10. The phone column is grouped as it is said (text to a spreadsheet); the workbook holds the digits."""
    import re

    from models.customer import Customer

    Customer.update(phone="02161234567").where(Customer.id == Customer.select(fn.MIN(Customer.id))).execute()
    filters = Filters(now=dt.datetime.now())
    path = folder / "all.csv"
    export_register(demo.office, path, filters, "zh_CN")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        phones = [row["联系电话"] for row in csv.DictReader(handle) if row["联系电话"]]
    assert "021 6123 4567" in phones, "a landline's area code and its 0 kept"
    assert phones and all(re.fullmatch(r"1\d\d \d{4} \d{4}|0\d{2,3} \d{3,4} \d{4}", phone) for phone in phones)
    workbook = folder / "all.xlsx"
    export_register(demo.office, workbook, filters, "zh_CN")
    cells = [row[3] for row in openpyxl.load_workbook(workbook).active.iter_rows(min_row=2, values_only=True)]
    assert "02161234567" in cells and all(cell is None or isinstance(cell, str) for cell in cells), "text digits"


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        ("13812345678", "138 1234 5678"),
        ("02161234567", "021 6123 4567"),
        ("01061234567", "010 6123 4567"),
        ("057188123456", "0571 8812 3456"),
        ("07551234567", "0755 123 4567"),
        ("0891123456", "089 112 3456"),  # ten digits: a three-digit area code and seven
        ("", ""),
    ],
)
def test_a_phone_number_is_grouped_as_it_is_said(stored: str, said: str) -> None:
    from models.customer import spaced_phone

    assert spaced_phone(stored) == said


def test_the_words_are_the_screens_words() -> None:
    """A spreadsheet is filtered by the word seen in the register: "Escalated", not the form's longer "Escalated to
    the office"."""
    assert dict(export.STATE_WORDS["zh_CN"]) == {code: name.zh for code, name in CODE_NAMES["state"].items()}
    assert dict(export.STATE_WORDS["en"]) == {code: name.source.text for code, name in CODE_NAMES["state"].items()}
    for language in ("zh_CN", "en"):
        assert dict(export.SEVERITY_WORDS[language]) == {
            code: name.printed(language) for code, name in CODE_NAMES["severity"].items()
        }


def test_the_register_streams_in_chunks_of_ids_newest_first(demo: Desk) -> None:
    filters = Filters(text="菜", now=dt.datetime.now())
    streamed = [cells[0] for cells in register_table(filters, "zh_CN", chunk=7)]
    assert 7 < len(streamed) == count(filters)
    assert streamed == [r.number for r in register_rows(newest_first(filters), filters.now)]


def test_the_export_is_audited_with_its_filters(demo: Desk, folder: Path) -> None:
    filters = Filters(text=" 菜 ", received_from=dt.date(2025, 1, 1), escalated_only=True, ids=(1, 2, 3))
    export_register(demo.office, folder / "list.csv", filters, "zh_CN")
    (event,) = exported_events()
    assert event == {
        "table": "register",
        "rows": count(filters),
        "format": "csv",
        "file": "list.csv",
        "language": "zh_CN",
        "filters": {"text": "菜", "received_from": "2025-01-01", "escalated_only": True, "only_complaints": 3},
    }
    actor = AuditEvent.select().where(AuditEvent.action == "exported").get().actor
    assert actor.id == demo.office.id
    # The overview's "closed this month": the list that left says so (it read as the whole register).
    closed = Filters(closed_from=dt.date(2026, 12, 1), closed_to=dt.date(2026, 12, 7))
    export_register(demo.office, folder / "closed.csv", closed, "zh_CN")
    assert exported_events()[-1]["filters"] == {"closed_from": "2026-12-01", "closed_to": "2026-12-07"}


def test_the_desk_is_refused_and_nothing_is_written(demo: Desk, folder: Path) -> None:
    with pytest.raises(DomainError, match="Only the office can export lists"):
        export_register(demo.manager, folder / "list.xlsx", Filters(), "zh_CN")
    assert list(folder.iterdir()) == []
    assert exported_events() == []


def test_a_cancelled_register_export_is_not_audited(demo: Desk, folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(export, "CHUNK", 50)
    with pytest.raises(ExportCancelled):
        export_register(demo.office, folder / "list.xlsx", Filters(), "zh_CN", progress=Stopper(after=100))
    assert list(folder.iterdir()) == []
    assert exported_events() == []


def test_more_than_a_worksheet_holds_is_refused_before_any_work(demo: Desk, folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", DEMO_COMPLAINTS - 1)
    refused = f"{DEMO_COMPLAINTS} complaints match, more than a worksheet's {DEMO_COMPLAINTS - 1} rows"
    with pytest.raises(DomainError, match=refused):
        export_register(demo.office, folder / "list.xlsx", Filters(), "zh_CN")
    assert list(folder.iterdir()) == []
    assert export_register(demo.office, folder / "list.csv", Filters(), "zh_CN") == DEMO_COMPLAINTS


def test_an_unknown_language_is_refused(demo: Desk, folder: Path) -> None:
    with pytest.raises(DomainError, match="zh_CN or en, not fr"):
        export_register(demo.office, folder / "list.csv", Filters(), "fr")


def test_escalated_cases_read_as_words(demo: Desk, folder: Path) -> None:
    filters = Filters(states=(State.ESCALATED.value,))
    assert export_register(demo.office, folder / "list.csv", filters, "zh_CN") == count(filters) > 0
    with open(folder / "list.csv", encoding="utf-8-sig", newline="") as handle:
        states = {row["状态"] for row in csv.DictReader(handle)}
    assert states == {"已上报办公室"}
