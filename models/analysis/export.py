"""Tables to files for spreadsheets: a streaming XLSX and CSV writer, and the
register's rows for it, found by the register's own filters (no Qt).

Rows stream from the database in chunks of ids and into the file as they come
(xlsxwriter's constant_memory mode writes each row out once the next begins), so
a million rows take no more memory than a thousand. The file is written under a
temporary name beside its place and takes its name only when complete: a
cancelled or failed export leaves nothing behind.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from models.audit import record
from models.base import db
from models.catalog import Severity
from models.complaint import Complaint, State
from models.customer import spaced_phone
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.money import to_money
from models.permissions import Action, require
from models.register import RegisterRow, _among, register_rows
from models.search import Filters, count, matching, ordered_by
from models.staff import Staff
from models.text import display_width

LANGUAGES = ("zh_CN", "en")
FORMATS = ("xlsx", "csv")
# A worksheet's rows (1,048,576) less the header.
XLSX_MAX_ROWS = 1_048_575
# Rows between two progress reports (and cancel checks); ids fetched at a time from the register.
CHUNK = 1000
# Column widths are chosen from the header and these first rows: constant_memory writes rows in order.
WIDTH_SAMPLE = 1000
MIN_WIDTH, MAX_WIDTH, WIDTH_MARGIN = 6, 60, 2


class Kind(StrEnum):
    """What a column holds, and so how a cell is typed and shown."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"  # any other number, shown as it is
    MONEY = "money"  # yuan: a number with two places
    DATE = "date"
    DATETIME = "datetime"
    PERCENT = "percent"  # a fraction: 0.25 is shown as 25.0%
    PHONE = "phone"  # a phone number's digits: text in a workbook, grouped in a CSV file (``spaced_phone``)


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


class Progress(Protocol):
    """What follows an export (ui.tasks.Task is one): how far it got, and whether to stop."""

    def report(self, done: int, total: int) -> None: ...

    def is_cancelled(self) -> bool: ...


class ExportCancelled(Exception):  # noqa: N818 - a stop asked for, not an error
    """The export was stopped before it finished; no file was left."""


Row = Sequence[object]


def table_format(path: Path) -> str:
    """The table format, "xlsx" or "csv", from the file's name; any other name is refused."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Export to a file ending in .xlsx or .csv; {name} is neither."),
            name=path.name,
        )
    return suffix


def check_target(path: Path) -> str:
    """The table format of ``path`` if a file can be written there (before any work); else a sentence."""
    kind = table_format(path)
    folder = path.parent
    if path.is_dir():
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "{path} is a folder, not a file."), path=str(path))
    if not folder.is_dir():
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The folder {folder} does not exist."), folder=str(folder))
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise _unwritable(path, error) from error
    return kind


def _unwritable(path: Path, error: OSError) -> DomainError:
    return DomainError(
        QT_TRANSLATE_NOOP("DomainError", "The file {path} cannot be written: {reason}."),
        path=str(path),
        reason=error.strerror or str(error),
    )


def write_table(
    path: Path,
    columns: Sequence[Column],
    rows: Iterable[Row],
    *,
    progress: Progress | None = None,
    total: int = 0,
    before_publish: Callable[[int], None] | None = None,
    title: Sequence[str] = (),
    sheet: str = "",
) -> int:
    """Write ``rows`` (each a value per column; None is an empty cell) under a header
    row to ``path``, an .xlsx or .csv file, as they stream; how many rows were written.
    ``title``: lines above the header (what the table holds: its period, its filters), a
    blank line below them; ``sheet``: the worksheet's name (cut to what a workbook allows).

    ``progress`` hears how many rows are done of ``total`` (0: not known) and may
    stop the work (ExportCancelled). The file is written under a temporary name and
    takes its own only once complete, after ``before_publish(rows)`` (an audit event)
    has run; a cancel, an error or an exception from ``before_publish`` removes it.
    """
    path = Path(path)
    kind = table_format(path)
    staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        try:
            staged.touch(exist_ok=False)  # an unwritable folder is found now, not after a million rows
            if kind == "xlsx":
                written = _write_xlsx(staged, columns, iter(rows), progress, total, title, sheet)
            else:
                written = _write_csv(staged, columns, iter(rows), progress, total, title)
            if before_publish is not None:
                before_publish(written)
            os.replace(staged, path)
        except OSError as error:
            raise _unwritable(path, error) from error
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return written


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is None:
        return
    if progress.is_cancelled():
        raise ExportCancelled
    # An unknown total stays 0 (a busy bar); one the rows outgrew (complaints received since it was counted) grows.
    progress.report(done, max(total, done) if total else 0)


def _shown(kind: Kind, value: object) -> str:
    """The text a cell shows, for measuring its width."""
    if kind in (Kind.MONEY, Kind.INTEGER) and isinstance(value, int | float | Decimal):
        return f"{value:,.2f}" if kind is Kind.MONEY else f"{int(value):,}"
    if kind is Kind.DATE:
        return "2026-12-31"
    if kind is Kind.DATETIME:
        return "2026-12-31 23:59"
    if kind is Kind.PERCENT:
        return "100.0%"
    return str(value)


def column_widths(columns: Sequence[Column], sample: Sequence[Row]) -> list[int]:
    """Widths (in characters) that fit the headers and the sample rows, within limits."""
    widths = []
    for index, column in enumerate(columns):
        widest = display_width(column.header)
        for row in sample:
            value = row[index]
            if value is not None:
                widest = max(widest, display_width(_shown(column.kind, value)))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest + WIDTH_MARGIN)))
    return widths


# ---------------------------------------------------------------------------------------------- XLSX

XLSX_FORMATS = {
    Kind.INTEGER: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
    Kind.PERCENT: "0.0%",
}

Cell = Callable[[int, int, Any], object]


def _xlsx_cells(sheet: Any, workbook: Any, columns: Sequence[Column]) -> list[Cell]:
    """One function per column writing a value as its kind's typed cell: text is always
    written as a string (never read as a formula), numbers as numbers, dates as dates."""
    formats = {kind: workbook.add_format({"num_format": pattern}) for kind, pattern in XLSX_FORMATS.items()}

    def cell(column: Column) -> Cell:
        typed = typed_cell(column)
        if column.kind in (Kind.TEXT, Kind.PHONE):
            return typed

        def either(row: int, col: int, value: Any) -> object:
            # A word among a column's numbers ("new" where a change has no base) stays a word.
            return sheet.write_string(row, col, value) if isinstance(value, str) else typed(row, col, value)

        return either

    def typed_cell(column: Column) -> Cell:
        if column.kind in (Kind.TEXT, Kind.PHONE):
            return lambda row, col, value: sheet.write_string(row, col, str(value))
        if column.kind is Kind.MONEY:
            money = formats[Kind.MONEY]
            return lambda row, col, value: sheet.write_number(row, col, float(_money(value)), money)
        if column.kind is Kind.INTEGER:
            integer = formats[Kind.INTEGER]
            return lambda row, col, value: sheet.write_number(row, col, int(value), integer)
        if column.kind is Kind.DATE:
            date = formats[Kind.DATE]
            return lambda row, col, value: sheet.write_datetime(row, col, _date(value), date)
        if column.kind is Kind.DATETIME:
            when = formats[Kind.DATETIME]
            return lambda row, col, value: sheet.write_datetime(row, col, value, when)
        if column.kind is Kind.PERCENT:
            percent = formats[Kind.PERCENT]
            return lambda row, col, value: sheet.write_number(row, col, float(value), percent)
        return lambda row, col, value: sheet.write_number(row, col, float(value))

    return [cell(column) for column in columns]


# What a worksheet's name may not hold, and its length.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def _column_letter(index: int) -> str:
    """A worksheet's column as Excel names it (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _write_xlsx(
    target: Path,
    columns: Sequence[Column],
    rows: Iterator[Row],
    progress: Progress | None,
    total: int,
    title: Sequence[str] = (),
    sheet_name: str = "",
) -> int:
    # Imported here: xlsxwriter (all its chart types) would add a good part of a second to opening the register.
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    with tempfile.TemporaryDirectory(prefix="complaint-desk-export-") as scratch:
        workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "tmpdir": scratch})
        try:
            name = SHEET_NAME_FORBIDDEN.sub("-", sheet_name).strip("'")[:SHEET_NAME_MAX].strip()
            sheet = workbook.add_worksheet(name or None)
            header = workbook.add_format({"bold": True, "bottom": 1})
            sample = list(itertools.islice(rows, WIDTH_SAMPLE))
            for index, width in enumerate(column_widths(columns, sample)):
                sheet.set_column(index, index, width)
            top = len(title) + 1 if title else 0  # the header's row: below the title and a blank row
            bold = workbook.add_format({"bold": True})
            for line, text in enumerate(title):
                sheet.write_string(line, 0, text, bold if line == 0 else None)
            for index, column in enumerate(columns):
                sheet.write_string(top, index, column.header, header)
                if column.kind == Kind.PHONE:
                    # Kept as text on purpose (a landline's 0, a number's digits whole): no "number stored as text"
                    # mark on every row of it.
                    letter = _column_letter(index)
                    sheet.ignore_errors({"number_stored_as_text": f"{letter}1:{letter}{XLSX_MAX_ROWS + top + 1}"})
            sheet.freeze_panes(top + 1, 0)
            cells = _xlsx_cells(sheet, workbook, columns)
            written = 0
            _tick(progress, 0, total)
            for row in itertools.chain(sample, rows):
                if written == XLSX_MAX_ROWS:
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "DomainError",
                            "A worksheet holds at most {limit} rows: narrow the filters or export to CSV.",
                        ),
                        limit=f"{XLSX_MAX_ROWS:,}",
                    )
                written += 1
                for col, (write, value) in enumerate(zip(cells, row, strict=True)):
                    if value is not None and value != "":
                        write(top + written, col, value)
                if written % CHUNK == 0:
                    _tick(progress, written, total)
            sheet.autofilter(top, 0, top + written, len(columns) - 1)
            _tick(progress, written, total)
        except BaseException:
            _discard(workbook)  # not close(): it would zip up the rows so far, only for the file to be removed
            raise
        try:
            workbook.close()
        except FileCreateError as error:  # xlsxwriter's wrapping of the OSError from writing the file
            _discard(workbook)
            raise (error.args[0] if isinstance(error.args[0], OSError) else OSError(str(error))) from error
    return written


def _discard(workbook: Any) -> None:
    """Close the sheets' row data files of an unfinished workbook (they go with its scratch folder)."""
    for worksheet in workbook.worksheets():
        worksheet._opt_close()


def _money(value: object) -> Decimal:
    if isinstance(value, float):
        return to_money(repr(value))
    if isinstance(value, Decimal | int | str):
        return to_money(value)
    raise TypeError(f"not an amount of money: {value!r}")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


# ---------------------------------------------------------------------------------------------- CSV

# A text that a spreadsheet would run as a formula when it opens the file (CSV injection):
# "=", "@", a tab or a line break first, or "+" or "-" before anything but a number (a phone
# number "+86 138 0000 0000" or an amount "-5.00" stays as it is).
FORMULA_LIKE = re.compile(r"^(?:[=@\t\r\n]|[+-](?![\d\s().-]*$))")


def _csv_text(kind: Kind, value: object) -> str:
    if value is None:
        return ""
    if kind is Kind.PHONE:
        # Excel reads a CSV file's digits as a number: a landline lost its 0 (2161234567) and a mobile showed as
        # 1.38123E+10. Grouped as it is said aloud, it stays text, and reads as a number is read.
        return spaced_phone(str(value))
    if kind is Kind.TEXT or isinstance(value, str):  # a word among numbers stays a word
        text = str(value)
        return "'" + text if FORMULA_LIKE.match(text) else text
    if kind is Kind.MONEY:
        return f"{_money(value):.2f}"
    if kind is Kind.INTEGER:
        return str(int(value))  # type: ignore[call-overload]
    if kind is Kind.DATE:
        return _date(value).isoformat()
    if kind is Kind.DATETIME:
        if not isinstance(value, dt.datetime):
            raise TypeError(f"not a date and time: {value!r}")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if kind is Kind.PERCENT:
        return f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]
    return str(value)


def _write_csv(
    target: Path,
    columns: Sequence[Column],
    rows: Iterator[Row],
    progress: Progress | None,
    total: int,
    title: Sequence[str] = (),
) -> int:
    """UTF-8 with a byte-order mark, by which Excel knows the encoding (Chinese shows as Chinese);
    fields quoted where they hold a comma, a quote or a line break; lines end in CRLF. The title's
    lines, if any, come first, each in one field, then a blank line."""
    kinds = [column.kind for column in columns]
    written = 0
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for text in title:
            writer.writerow([_csv_text(Kind.TEXT, text)])
        if title:
            writer.writerow([])
        writer.writerow([column.header for column in columns])
        _tick(progress, 0, total)
        for row in rows:
            writer.writerow([_csv_text(kind, value) for kind, value in zip(kinds, row, strict=True)])
            written += 1
            if written % CHUNK == 0:
                _tick(progress, written, total)
    _tick(progress, written, total)
    return written


# ---------------------------------------------------------------------------------------------- audited exports


def export_table(
    actor: Staff | None,
    path: Path,
    what: str,
    columns: Sequence[Column],
    rows: Iterable[Row],
    *,
    details: Mapping[str, object] | None = None,
    progress: Progress | None = None,
    total: int = 0,
    title: Sequence[str] = (),
    sheet: str = "",
) -> int:
    """``write_table`` on the office's authority (exported lists carry customers' details
    out of the application), recorded in the audit trail: ``what`` was exported, how many
    rows, in which format, and ``details`` (the filters). How many rows were written."""
    actor = require(actor, Action.EXPORT)
    kind = check_target(path)

    def audit(written: int) -> None:
        with db.atomic():
            current = require(actor, Action.EXPORT)
            record("exported", current, None, table=what, rows=written, format=kind, file=path.name, **(details or {}))

    return write_table(
        path, columns, rows, progress=progress, total=total, before_publish=audit, title=title, sheet=sheet
    )


# ---------------------------------------------------------------------------------------------- the register

REGISTER_FIELDS = (
    "number",
    "received_at",
    "customer",
    "phone",
    "category",
    "department",
    "state",
    "severity",
    "overdue",
    "duty_manager",
    "compensation",
    # What the complaint says, whole (the screen's list shows a few words of it): a report is written from these.
    "location",
    "narrative",
    "demand",
    "findings",
)
REGISTER_KINDS = {"received_at": Kind.DATETIME, "compensation": Kind.MONEY, "phone": Kind.PHONE}

# The register's words in each language, as the screen shows them (plain dictionaries, as
# ui/paper/labels.py keeps the form's: models/ has no Qt, and the office picks the language).
REGISTER_SHEET = {"zh_CN": "投诉台账", "en": "Register"}
REGISTER_WORDS: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "number": "编号",
        "received_at": "受理时间",
        "customer": "顾客",
        "phone": "联系电话",
        "category": "分类",
        "department": "责任部门",
        "state": "状态",
        "severity": "严重程度",
        # Open now and past the time promised (not a reply given late: the summary's 超时答复 counts those).
        "overdue": "超时未结",
        "duty_manager": "受理人",  # who received it, as the register's column says (an office account may)
        "compensation": "补偿金额（元）",
        "location": "地点",
        "narrative": "投诉内容",
        "demand": "顾客要求",
        "findings": "调查结果",
        "is_overdue": "是",
    },
    "en": {
        "number": "Number",
        "received_at": "Received",
        "customer": "Customer",
        "phone": "Phone",
        "category": "Category",
        "department": "Department",
        "state": "State",
        "severity": "Severity",
        "overdue": "Open past the promise",
        "duty_manager": "Received by",
        "compensation": "Compensation (yuan)",
        "location": "Location",
        "narrative": "Complaint",
        "demand": "The customer asks for",
        "findings": "Findings",
        "is_overdue": "Yes",
    },
}
# The codes' names as the screens show them (ui/paper/code_labels.py, whose English forms say more: "Escalated to
# the office"; a test holds them equal): a spreadsheet is filtered by the word seen in the register.
STATE_WORDS: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        State.RECEIVED: "已受理",
        State.INVESTIGATING: "调查中",
        State.PROPOSED: "已提出方案",
        State.AGREED: "顾客已接受",
        State.DECLINED: "顾客不接受",
        State.ESCALATED: "已上报办公室",
        State.DECIDED: "办公室已决定",
        State.CLOSED: "已结案",
        State.WITHDRAWN: "已撤回",
    },
    "en": {
        State.RECEIVED: "Received",
        State.INVESTIGATING: "Investigating",
        State.PROPOSED: "Proposed",
        State.AGREED: "Agreed",
        State.DECLINED: "Declined",
        State.ESCALATED: "Escalated",
        State.DECIDED: "Decided by the office",
        State.CLOSED: "Closed",
        State.WITHDRAWN: "Withdrawn",
    },
}
SEVERITY_WORDS: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {Severity.LOW: "一般", Severity.MEDIUM: "较重", Severity.HIGH: "严重"},
    "en": {Severity.LOW: "Low", Severity.MEDIUM: "Medium", Severity.HIGH: "High"},
}


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Choose the language zh_CN or en, not {language}."), language=language
        )
    return language


def register_columns(language: str) -> list[Column]:
    words = REGISTER_WORDS[_language(language)]
    return [Column(words[field], REGISTER_KINDS.get(field, Kind.TEXT)) for field in REGISTER_FIELDS]


def register_cells(row: RegisterRow, language: str, texts: tuple[str, ...] = ("", "", "", "")) -> tuple[object, ...]:
    """One register row as the export's cells, in REGISTER_FIELDS' order and the language's words; ``texts``: its
    location, words, demand and findings."""
    english = language == "en"
    return (
        row.number,
        row.received_at,
        row.customer,
        row.phone,
        row.category_en if english and row.category_en else row.category,
        row.department_en if english and row.department_en else row.department,
        STATE_WORDS[language].get(row.state, row.state),
        SEVERITY_WORDS[language].get(row.severity, row.severity),
        REGISTER_WORDS[language]["is_overdue"] if row.overdue else "",
        row.duty_manager,
        row.compensation,
        *texts,
    )


def register_table(
    filters: Filters, language: str, chunk: int = CHUNK, order: tuple[str, bool] | None = None
) -> Generator[tuple[object, ...], None, None]:
    """The register's rows for ``filters`` as export cells, newest first or in ``order`` (the register's sort
    key and whether descending: the order on screen); ids are read from one cursor ``chunk`` at a time and each
    chunk's rows fetched as the register fetches a page."""
    language = _language(language)
    now = filters.now or dt.datetime.now()
    ordering = ordered_by(*order) if order is not None else [Complaint.id.desc()]
    sql, params = matching(filters).order_by(*ordering).sql()
    with closing(db.execute_sql(sql, params)) as cursor:
        while ids := [complaint_id for (complaint_id,) in cursor.fetchmany(chunk)]:
            texts = _texts(ids)
            for row in register_rows(ids, now, words=False):
                yield register_cells(row, language, texts[row.id])


def _texts(ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The complaints' location, words, demand and findings, whole, by id (one query for a chunk)."""
    query = Complaint.select(
        Complaint.id, Complaint.location, Complaint.narrative, Complaint.demand, Complaint.findings
    ).where(_among(Complaint.id, ids))  # one parameter for the chunk, as the register's rows are read
    return {row_id: tuple(text or "" for text in texts) for row_id, *texts in query.tuples()}


def described_filters(filters: Filters) -> dict[str, object]:
    """The filters that narrow the list, for the audit trail (a list of chosen complaints as its length)."""
    described: dict[str, object] = {
        "text": filters.text.strip(),
        "states": list(filters.states),
        "received_from": filters.received_from.isoformat() if filters.received_from else None,
        "received_to": filters.received_to.isoformat() if filters.received_to else None,
        "closed_from": filters.closed_from.isoformat() if filters.closed_from else None,
        "closed_to": filters.closed_to.isoformat() if filters.closed_to else None,
        "category": filters.category_id,
        "department": filters.department_id,
        "duty_manager": filters.received_by_id,
        "overdue_only": filters.overdue_only,
        "escalated_only": filters.escalated_only,
        "only_complaints": len(filters.ids),
    }
    return {key: value for key, value in described.items() if value}


def export_register(
    actor: Staff | None,
    path: Path,
    filters: Filters,
    language: str,
    *,
    progress: Progress | None = None,
    order: tuple[str, bool] | None = None,
) -> int:
    """The register's list for ``filters`` (the rows it shows, with the customers' full phone
    numbers) to an .xlsx or .csv file, headers and words in ``language``, newest first or in
    ``order`` (the list's on screen: it exported by number whatever the list was sorted by);
    office only, audited. How many rows were written."""
    require(actor, Action.EXPORT)
    language = _language(language)
    kind = check_target(path)
    if filters.now is None:  # one "now" for the count and every row's "overdue"
        filters = dataclasses.replace(filters, now=dt.datetime.now())
    total = count(filters)
    if kind == "xlsx" and total > XLSX_MAX_ROWS:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{count} complaints match, more than a worksheet's {limit} rows: narrow the filters or export to CSV.",
            ),
            count=f"{total:,}",
            limit=f"{XLSX_MAX_ROWS:,}",
        )
    with closing(register_table(filters, language, order=order)) as rows:
        return export_table(
            actor,
            path,
            "register",
            register_columns(language),
            rows,
            details={"filters": described_filters(filters), "language": language},
            progress=progress,
            total=total,
            sheet=REGISTER_SHEET[language],  # it was "Sheet1" in a Chinese workbook
        )
