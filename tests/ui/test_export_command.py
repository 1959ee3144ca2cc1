"""``main.py export``: the register's list with filters to a file, as the office runs it; bad input
refused in a sentence before any work, the desk refused, a progress line on a terminal."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from models.complaint import Complaint
from models.search import Filters, count
from ui.commands.export import TerminalProgress

from conftest import DEMO_COMPLAINTS, OpenCopy

RunMain = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo_file(open_copy: OpenCopy, demo_database: Path) -> str:
    """The usual accounts (office: "office-pass-1", zhangwei: "desk-pass-1") and the demo's DEMO_COMPLAINTS
    complaints, in a closed copy."""
    open_copy(demo_database).close()
    return open_copy.url  # the file's path, or the server's database


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "exports"
    path.mkdir()
    return path


def export(run_main: RunMain, monkeypatch: pytest.MonkeyPatch, db: str, password: str, *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return run_main("--db", str(db), "export", *args)


def test_the_office_exports_a_filtered_list(demo_file: str, folder: Path, run_main: RunMain, monkeypatch) -> None:
    received = sorted(Complaint.select(Complaint.received_at).tuples())
    start, end = received[50][0].date(), received[200][0].date()
    out = folder / "list.xlsx"
    status, stdout, stderr = export(
        run_main, monkeypatch, demo_file, "office-pass-1",
        "--out", str(out), "--from", start.isoformat(), "--to", end.isoformat(),
        "--state", "open", "--state", "closed", "--language", "en", "--user", "office",
    )  # fmt: skip
    expected = count(
        Filters(
            states=("agreed", "closed", "decided", "declined", "escalated", "investigating", "proposed", "received"),
            received_from=start,
            received_to=end,
        )
    )
    assert (status, stderr) == (0, "")
    assert stdout == f"Exported {expected:,} complaint{'' if expected == 1 else 's'} to {out}.\n"
    assert 0 < expected < DEMO_COMPLAINTS
    book = openpyxl.load_workbook(out)
    assert book.active.title == "Register", "its sheet named (it was Sheet1 in a Chinese workbook)"
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Number" and len(rows) == expected + 1
    with zipfile.ZipFile(out) as package:  # the phones kept as text on purpose: Excel marks none of them
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    phone = "ABCDEFGHIJ"[rows[0].index("Phone")]
    assert f'<ignoredError sqref="{phone}1:{phone}' in sheet and 'numberStoredAsText="1"' in sheet
    assert all(start <= row[1].date() <= end for row in rows[1:])
    assert "Withdrawn" not in {row[6] for row in rows[1:]}


def test_a_state_is_named_by_its_code_or_its_name_in_either_language(
    demo_file: str, folder: Path, run_main: RunMain, monkeypatch
) -> None:
    """export --state 已结案 was refused ("'已结案' 不是状态"): the desk's lists never show the codes."""
    said = set()
    for number, names in enumerate((["closed", "open"], ["已结案", "未结案"], ["Closed", "Open"])):
        args = [arg for name in names for arg in ("--state", name)]
        status, stdout, stderr = export(run_main, monkeypatch, demo_file, "office-pass-1",
                                        "--out", str(folder / f"{number}.csv"), *args, "--user", "office")  # fmt: skip
        assert (status, stderr) == (0, ""), names
        said.add(stdout.split(" to ")[0])
    assert len(said) == 1 and said != {"Exported 0 complaints"}


def test_text_search_to_csv_in_chinese(demo_file: str, folder: Path, run_main: RunMain, monkeypatch) -> None:
    out = folder / "菜.csv"
    status, stdout, stderr = export(
        run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(out), "--text", "菜", "--user", "office"
    )
    assert (status, stderr) == (0, "") and stdout.startswith("Exported ")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0][0] == "编号" and len(read) - 1 == count(Filters(text="菜")) > 0


def test_the_register_s_other_filters_by_name(demo_file: str, folder: Path, run_main: RunMain, monkeypatch) -> None:
    """The register filters by category, department, staff, overdue and escalated; the command did not."""
    from models.catalog import Category, Department
    from models.staff import Staff

    category = Category.get(Category.code == "food_quality")
    kitchen = Department.get(Department.code == "kitchen")
    manager = Staff.get(Staff.username == "zhoumin")
    chosen = {
        ("--category", category.name_en.upper()): Filters(category_id=category.id),  # its English name, any case
        ("--category", category.name): Filters(category_id=category.id),
        ("--department", "kitchen"): Filters(department_id=kitchen.id),
        ("--staff", "zhoumin"): Filters(received_by_id=manager.id),
        ("--escalated",): Filters(escalated_only=True),
        ("--overdue", "--category", "food_quality"): Filters(overdue_only=True, category_id=category.id),
    }
    # Counted first, on the test's own connection: a model read between two commands connected the first one's
    # database again, left open on a server.
    expected = {args: count(filters) for args, filters in chosen.items()}
    for number, args in enumerate(chosen):
        out = folder / f"{number}.csv"
        status, _, stderr = export(
            run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(out), *args, "--user", "office"
        )
        assert (status, stderr) == (0, ""), args
        with open(out, encoding="utf-8-sig", newline="") as handle:
            exported = len(list(csv.reader(handle))) - 1
        assert exported == expected[args], args
        assert 0 < exported < DEMO_COMPLAINTS or args[0] == "--overdue", (args, exported)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30"], "argument --from: '2026-02-30' is not a date; give one as YYYY-MM-DD"),
        (["--language", "fr"], "argument --language: invalid choice: 'fr'"),
    ],
)
def test_a_mistyped_command_line_is_a_usage_error(
    demo_file: str, folder: Path, run_main: RunMain, monkeypatch, capsys, args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        export(run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(folder / "x.csv"), *args, "--user", "o")
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-03-02", "--to", "2026-03-01"], "--from 2026-03-02 is after --to 2026-03-01."),
        (["--state", "lost"], "'lost' is not a state; give open or one of received (Received), investigating ("),
        (["--category", "菜品"], "'菜品' is not a category's code or name; give one of "),
        (["--department", "后厨部"], "'后厨部' is not a department's code or name; give one of "),
        (["--staff", "nobody"], "There is no account nobody."),
    ],
)
def test_bad_filters_are_refused_in_a_sentence(
    demo_file: str, folder: Path, run_main: RunMain, monkeypatch, args: list[str], message: str
) -> None:
    status, stdout, stderr = export(
        run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(folder / "x.csv"), *args, "--user", "office"
    )
    assert status == 2 and stdout == ""
    assert stderr.startswith("main.py: error: ") and message in stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("list.pdf", "Export to a file ending in .xlsx or .csv; list.pdf is neither."),
        ("missing/list.xlsx", "The folder {folder}/missing does not exist."),
        ("old.xlsx", "{folder}/old.xlsx is a folder, not a file."),
    ],
)
def test_a_bad_file_is_refused_before_the_password(
    demo_file: str, folder: Path, run_main: RunMain, monkeypatch, name: str, message: str
) -> None:
    # The wrong password is never read: the file is checked first.
    (folder / "old.xlsx").mkdir()
    out = str(folder / name)
    status, _, stderr = export(run_main, monkeypatch, demo_file, "wrong", "--out", out, "--user", "office")
    assert status == 2
    assert stderr == f"main.py: error: {message.format(folder=folder)}\n"


def test_the_desk_is_refused(demo_file: str, folder: Path, run_main: RunMain, monkeypatch) -> None:
    status, _, stderr = export(
        run_main, monkeypatch, demo_file, "desk-pass-1", "--out", str(folder / "x.xlsx"), "--user", "zhangwei"
    )
    assert status == 2
    assert "Only the office can export lists" in stderr
    assert list(folder.iterdir()) == []


def test_a_wrong_password_writes_nothing(demo_file: str, folder: Path, run_main: RunMain, monkeypatch) -> None:
    status, _, stderr = export(
        run_main, monkeypatch, demo_file, "nope", "--out", str(folder / "x.xlsx"), "--user", "office"
    )
    assert status == 2 and stderr.startswith("main.py: error: ")
    assert list(folder.iterdir()) == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_a_progress_line_and_a_pipe_does_not() -> None:
    terminal = Terminal()
    progress = TerminalProgress(terminal)
    for done in (0, 1000, 2000, 2500, 2500):  # the end told twice, as the export tells it: one last line
        progress.report(done, 2500)
    assert terminal.getvalue() == (
        "\rExporting: 0 of 2,500 complaints\rExporting: 1,000 of 2,500 complaints"
        "\rExporting: 2,000 of 2,500 complaints\rExporting: 2,500 of 2,500 complaints\n"
    )
    pipe = io.StringIO()
    TerminalProgress(pipe).report(1000, 2500)
    assert pipe.getvalue() == "" and not progress.is_cancelled()


def test_the_help_lists_the_command_and_its_options(run_main: RunMain, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        run_main("--help")
    assert exited.value.code == 0 and "export" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        run_main("export", "--help")
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for option in ("--out FILE", "--from DATE", "--to DATE", "--text WORDS", "--state STATE", "--language", "--user"):
        assert option in shown


def test_an_existing_file_is_kept_unless_replace_says(
    demo_file: str, folder: Path, run_main: RunMain, monkeypatch
) -> None:
    """A name typed again (last month's list.xlsx) wrote over the file without a word."""
    out = folder / "list.csv"
    out.write_text("last month's list\n", encoding="utf-8")
    status, stdout, stderr = export(
        run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(out), "--user", "office"
    )
    assert (status, stdout) == (2, "")
    assert stderr == f"main.py: error: {out} exists: give another name, or --replace to write over it.\n"
    assert out.read_text(encoding="utf-8") == "last month's list\n"
    status, stdout, stderr = export(
        run_main, monkeypatch, demo_file, "office-pass-1", "--out", str(out), "--replace", "--user", "office"
    )
    assert (status, stderr) == (0, "") and stdout.startswith("Exported ")
    assert out.read_text(encoding="utf-8-sig").startswith("编号,")
