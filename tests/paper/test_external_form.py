"""The external case's form and its place on the handover sheet: what the office prints, read back with
pdftotext."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from models.catalog import Category
from models.control.external import (
    ChannelCode,
    ExternalInput,
    Outcome,
    channels,
    close_external,
    record_external,
    record_reply,
)
from models.control.external_queries import printable_external
from models.handover import handover_sheet
from models.intake import Receipt, receive
from ui.paper.external_form import render_external_form
from ui.paper.handover_sheet import render_handover_sheet

from conftest import Desk, require_program

NOW = dt.datetime(2026, 9, 28, 10, 0)


def pdf_text(path: Path, data: bytes) -> str:
    pdftotext = require_program("pdftotext")
    path.write_bytes(data)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def recorded(desk: Desk, code: str = ChannelCode.MARKET_REGULATOR) -> int:
    receipt = Receipt(
        customer_name="王女士",
        phone="13812345678",
        narrative="结账多收钱",
        category_id=Category.get(Category.code == "billing").id,
        demand="退钱",
        acknowledged=True,
    )
    case = receive(desk.manager, receipt)
    regulator = next(c.id for c in channels() if c.code == code)
    data = ExternalInput(regulator, dt.date(2026, 9, 28), "SJ-2026-0042", "要求退还多收款并赔礼道歉")
    return record_external(desk.office, data, complaint_id=case.id, now=NOW)


def test_the_sealed_form_and_the_draft(seeded: Desk, tmp_path: Path) -> None:
    case_id = recorded(seeded)
    draft = pdf_text(tmp_path / "draft.pdf", render_external_form(printable_external(seeded.office, case_id),
                                                                  organisation="锦江花园酒店"))  # fmt: skip
    assert "外部投诉处理记录表" in draft and "未归档" in draft
    assert f"外部投诉编号：W#{case_id} 状态：" in draft, "numbered as the office's list names the case (it said 21)"
    assert "2026-10-13（7 个工作日）" in draft and "2026-12-04（45 个工作日）" in draft
    assert "138****5678" in draft and "13812345678" not in draft
    record_reply(seeded.office, case_id, "经核实多收58元，已原路退回并致歉。", now=NOW)
    number = close_external(seeded.office, case_id, Outcome.RESOLVED, "调解成功", now=NOW)
    record = printable_external(seeded.office, case_id)
    sealed = pdf_text(tmp_path / "zh.pdf", render_external_form(record, organisation="锦江花园酒店"))
    assert number in sealed and "未归档" not in sealed
    assert "已和解/调解成功" in sealed and "经核实多收58元" in sealed and "登记外部投诉" in sealed
    assert "市场监督管理部门" in sealed and "SJ-2026-0042" in sealed and "封存摘要" in sealed
    english = pdf_text(tmp_path / "en.pdf", render_external_form(record, organisation="Garden Hotel", language="en"))
    assert "External case record" in english and "Resolved (agreement or mediation)" in english
    assert "2026-12-04 (45 working days)" in english and "External case recorded" in english
    assert "Market regulator" in english and "市场监督管理部门" not in english, "the channel in the form's language"


def test_the_head_of_office_has_room_to_sign_and_date_the_form(seeded: Desk, tmp_path: Path) -> None:
    """The signature was a row of a grid, as tall as a line of text: no room for a signature."""
    import re

    path = tmp_path / "signed.pdf"
    path.write_bytes(render_external_form(printable_external(seeded.office, recorded(seeded)), organisation="锦江"))
    words = subprocess.run(
        [require_program("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    tops = {word: float(top) for top, word in re.findall(r'yMin="([0-9.]+)"[^>]*>([^<]+)</word>', words)}
    assert tops["日期："] - tops["办公室负责人签字"] >= 12 * 72 / 25.4, "at least 12 mm between the two"


def test_the_form_says_a_reply_was_late_and_keeps_its_labels_whole(seeded: Desk, tmp_path: Path) -> None:
    """The label "外部机构/顾客诉求" broke before its last character, and a reply sent after its day (W#22: due
    11 November, replied 7 December) was printed as any other."""
    media = recorded(seeded, ChannelCode.MEDIA)  # received 28 September: due 30 September
    record_reply(seeded.office, media, "已在平台发布说明并致歉", now=dt.datetime(2026, 10, 9, 15, 0))
    late = pdf_text(tmp_path / "late.pdf", render_external_form(printable_external(seeded.office, media),
                                                                organisation="锦江花园酒店"))  # fmt: skip
    assert "诉求内容 要求退还多收款并赔礼道歉" in late
    assert "答复期限 2026-09-30（2 个工作日）" in late and "马晓红 2026-10-09 15:00（超期答复）" in late
    record = printable_external(seeded.office, media)
    english = pdf_text(tmp_path / "late_en.pdf", render_external_form(record, organisation="Garden", language="en"))
    assert "马晓红 2026-10-09 15:00 (late)" in english
    in_time = recorded(seeded)  # due 4 December
    record_reply(seeded.office, in_time, "已退款", now=dt.datetime(2026, 12, 4, 17, 0))
    text = pdf_text(tmp_path / "in_time.pdf", render_external_form(printable_external(seeded.office, in_time),
                                                                   organisation="锦江花园酒店"))  # fmt: skip
    assert "2026-12-04 17:00" in text and "超期答复" not in text


def test_the_handover_sheet_reminds_of_external_cases_due(seeded: Desk, tmp_path: Path) -> None:
    case_id = recorded(seeded, ChannelCode.MEDIA)  # received 28 September: due 30 September
    sheet = handover_sheet(seeded.manager, dt.datetime(2026, 10, 8, 9, 0))
    (due,) = sheet.external_due
    assert (due.number, due.due_on, due.overdue, due.working_days_left) == (f"W#{case_id}", "2026-09-30", True, -1)
    text = pdf_text(tmp_path / "sheet.pdf", render_handover_sheet(json.loads(sheet.to_json())))
    assert "外部投诉到期提醒" in text and "已超期 1 个工作日" in text and "媒体/社交媒体" in text
    english = pdf_text(tmp_path / "sheet_en.pdf", render_handover_sheet(json.loads(sheet.to_json()), language="en"))
    assert "Media or" in english and "媒体/社交媒体" not in english, "the channel in the sheet's language (wrapped)"
    old = json.loads(sheet.to_json())
    del old["external_due"]  # a sheet stored before external cases were kept
    assert "外部投诉到期提醒" in pdf_text(tmp_path / "old.pdf", render_handover_sheet(old))


def test_a_draft_form_says_the_reply_is_overdue_as_the_handover_sheet_does(seeded: Desk, tmp_path: Path) -> None:
    """Review: W#22's draft form printed its reply deadline and "已答复 —" and no word of its being overdue, where the
    handover sheet said "已超期 18 个工作日". The form says it in the sheet's words, as of the day it is printed."""
    case_id = recorded(seeded, ChannelCode.MEDIA)  # received 28 September: due 30 September
    record = printable_external(seeded.office, case_id)
    today = dt.date(2026, 10, 8)
    sheet = handover_sheet(seeded.manager, dt.datetime(2026, 10, 8, 9, 0))
    sheet_text = pdf_text(tmp_path / "sheet.pdf", render_handover_sheet(json.loads(sheet.to_json())))
    assert "已超期 1 个工作日" in sheet_text
    for language, expected in (
        ("zh_CN", "剩余工作日 已超期 1 个工作日（截至 2026-10-08）"),
        ("en", "Working days left Overdue by 1 working day (as of"),
    ):
        path = tmp_path / f"late-{language}.pdf"
        text = pdf_text(path, render_external_form(record, organisation="锦江花园酒店", language=language, today=today))
        assert expected in text, (language, text)
    in_time = pdf_text(tmp_path / "in_time.pdf", render_external_form(record, organisation="锦江花园酒店",
                                                                      today=dt.date(2026, 9, 29)))  # fmt: skip
    assert "剩余工作日 1（截至 2026-09-29）" in in_time and "已超期" not in in_time
    record_reply(seeded.office, case_id, "已在平台发布说明并致歉", now=dt.datetime(2026, 10, 9, 15, 0))
    record = printable_external(seeded.office, case_id)
    replied = pdf_text(tmp_path / "replied.pdf", render_external_form(record, organisation="锦江花园酒店", today=today))
    assert "剩余工作日" not in replied and "已超期" not in replied, "nothing owed once the reply is sent"
