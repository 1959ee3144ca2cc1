"""``main.py summary``: the work summary of a period as a PDF or Word file, for an office account: the one
signed off for those dates, else a draft from the figures."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from models.analysis.summary_store import sign_off, store_summary
from models.complaint import Complaint

from conftest import Desk, OpenCopy, require_program, sample_summary

RunMain = Callable[..., tuple[int, str, str]]


@pytest.fixture
def october(seeded: Desk, open_copy: OpenCopy) -> str:
    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉", state="closed") for day in (2, 9, 16)]  # fmt: skip
    Complaint.insert_many(rows).execute()
    Complaint._meta.database.close()
    return open_copy.url  # the file's path, or the server's database


OCTOBER = ("2026-10-01", "2026-10-31")


def summary(run_main: RunMain, monkeypatch: pytest.MonkeyPatch, url: str, *args: str, password: str = "office-pass-1",
            user: str = "office", period: tuple[str, str] = OCTOBER) -> tuple[int, str, str]:  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return run_main("--db", url, "summary", "--from", period[0], "--to", period[1], "--user", user, *args)


def test_a_draft_from_the_figures_as_word(october: str, tmp_path: Path, run_main: RunMain, monkeypatch) -> None:
    out = tmp_path / "october.docx"
    status, text, err = summary(run_main, monkeypatch, october, "--out", str(out))
    assert (status, err) == (0, "")
    assert text == f"{out}: a draft generated from the figures (no summary of these dates is signed off)\n"
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert paragraphs[0].endswith("2026年10月投诉管控工作总结")
    assert "草稿：由系统根据数据生成，尚未修改和签发" in paragraphs
    assert any(p.startswith("2026年10月（2026-10-01至2026-10-31），共受理顾客投诉3件") for p in paragraphs)


@pytest.mark.real_component
def test_the_signed_summary_as_pdf_in_english(
    seeded: Desk, open_copy: OpenCopy, tmp_path: Path, run_main: RunMain, monkeypatch
) -> None:
    summary_id = store_summary(seeded.office, "month", sample_summary("en"), dt.datetime(2026, 11, 3))
    sign_off(seeded.office, summary_id, dt.datetime(2026, 11, 4, 10))
    Complaint._meta.database.close()
    out = tmp_path / "october.pdf"
    status, text, err = summary(run_main, monkeypatch, open_copy.url, "--out", str(out), "--language", "en")
    assert (status, err) == (0, "")
    assert text == f"{out}: the summary signed off by 马晓红 (version 1)\n"
    pdftotext = require_program("pdftotext")
    flat = re.sub(r"\s+", "", subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True).stdout)
    assert "Signedoffby马晓红on2026-11-04" in flat and "Draft" not in flat
    assert "opening:thefirstparagraph." in flat


def test_a_summary_signed_in_the_other_language_is_named(
    seeded: Desk, october: str, tmp_path: Path, run_main: RunMain, monkeypatch
) -> None:
    """Signed off in English only: the Chinese draft says none is signed in Chinese, that one is in English and how
    to print it (it said no summary of these dates was signed off)."""
    summary_id = store_summary(seeded.office, "month", sample_summary("en"), dt.datetime(2026, 11, 3))
    sign_off(seeded.office, summary_id, dt.datetime(2026, 11, 4, 10))
    Complaint._meta.database.close()
    out = tmp_path / "october.docx"
    status, text, err = summary(run_main, monkeypatch, october, "--out", str(out))
    assert (status, err) == (0, "")
    assert text == (
        f"{out}: a draft generated from the figures (no summary of these dates is signed off in Chinese; one is "
        "signed off in English: print it with --language en)\n"
    )
    assert "草稿：由系统根据数据生成，尚未修改和签发" in [p.text for p in Document(str(out)).paragraphs]


def test_a_period_before_the_records_begin_is_refused(
    october: str, tmp_path: Path, run_main: RunMain, monkeypatch
) -> None:
    """2020-01 of a desk whose records begin in October 2026 read as a perfect month (未受理顾客投诉, 没有遗留的
    未决问题), and the command ended 0."""
    out = tmp_path / "x.pdf"
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(out), period=("2020-01-01", "2020-01-31"))
    assert status == 2 and not out.exists()
    assert err == "main.py: error: The records begin on 2026-10-02, after this period: choose a period from then on.\n"


def test_refusals_are_one_line(october: str, tmp_path: Path, run_main: RunMain, monkeypatch) -> None:
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(tmp_path / "x.txt"))
    said = f"main.py: error: Save the summary as a file ending in .pdf or .docx; {tmp_path / 'x.txt'} is neither.\n"
    assert status == 2 and err == said
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(tmp_path / "x.pdf"),
                             period=("2026-10-31", "2026-10-01"))  # fmt: skip
    assert status == 2 and err == "main.py: error: --from 2026-10-31 is after --to 2026-10-01.\n", "the dates named"
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(tmp_path / "x.pdf"), user="zhangwei",
                             password="desk-pass-1")  # fmt: skip
    assert status != 0 and err == "main.py: error: Only the office can write and sign off the work summary.\n"
    assert not (tmp_path / "x.pdf").exists()
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(tmp_path / "missing" / "x.pdf"))
    assert status != 0 and err == f"main.py: error: The folder {tmp_path / 'missing'} does not exist.\n"
    coming = dt.date.today() + dt.timedelta(days=40)  # a period to come (its last --from and --to count)
    status, _, err = summary(run_main, monkeypatch, october, "--out", str(tmp_path / "x.pdf"), "--from",
                             coming.isoformat(), "--to", (coming + dt.timedelta(days=30)).isoformat())  # fmt: skip
    assert status != 0 and err == "main.py: error: The period begins after today: nothing in it has happened yet.\n"
    assert not (tmp_path / "x.pdf").exists()


def test_an_existing_file_is_kept_unless_replace_says(october: str, tmp_path: Path, run_main: RunMain, monkeypatch):
    out = tmp_path / "october.docx"
    out.write_bytes(b"the summary sent last week")
    status, text, err = summary(run_main, monkeypatch, october, "--out", str(out))
    assert (status, text) == (2, "")
    assert err == f"main.py: error: {out} exists: give another name, or --replace to write over it.\n"
    assert out.read_bytes() == b"the summary sent last week"
    status, text, err = summary(run_main, monkeypatch, october, "--out", str(out), "--replace")
    assert (status, err) == (0, "") and Document(str(out)).paragraphs
