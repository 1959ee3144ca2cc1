"""The handover sheet: what is open, owed and waiting, and its PDF."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from models.complaint import Complaint, FollowUp, State
from models.customer import Customer
from models.handover import handover_sheet
from models.staff import Role, create_staff
from ui.paper.handover_sheet import render_handover_sheet
from ui.paper.work_summary import render_work_summary

from conftest import require_program, sample_summary


def test_the_sheet_lists_open_cases_promises_due_and_office_cases(database: object, tmp_path: object) -> None:
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 11, 24, 22, 0)
    customer = Customer.create(name="刘先生", phone="13812345678")
    late = Complaint.create(
        state=State.INVESTIGATING, received_by=desk, customer=customer, promised_at=now - dt.timedelta(minutes=5)
    )
    # Proposed: the desk gave its answer in time, the customer is thinking it over; not late.
    proposed = Complaint.create(state=State.PROPOSED, received_by=desk, promised_at=now - dt.timedelta(minutes=5))
    Complaint.create(state=State.ESCALATED, received_by=desk)
    closed = Complaint.create(state=State.CLOSED, received_by=desk)
    FollowUp.create(complaint=closed, kind="call_back", due_at=now + dt.timedelta(hours=12), description="回访满意度")
    FollowUp.create(complaint=closed, kind="call_back", due_at=now + dt.timedelta(days=3), description="下周再回访")
    FollowUp.create(complaint=closed, kind="promised_item", description="送果盘", done_at=now)
    sheet = handover_sheet(desk, now)
    assert [(c.number, c.overdue, c.customer) for c in sheet.open_cases] == [
        (f"#{late.id}", True, "刘先生 138****5678"), (f"#{proposed.id}", False, "")
    ]
    assert [p.description for p in sheet.promises] == ["回访满意度"]
    assert len(sheet.waiting_for_office) == 1

    pdftotext = require_program("pdftotext")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(json.loads(sheet.to_json()), "1208房等工程部", "锦江花园酒店"))
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "交接班记录",
        "锦江花园酒店",
        "刘先生",
        "回访满意度",
        "1208房等工程部",
        "已提出方案",
        "接班人签字",
        f"#{closed.id}",  # the promise's case (read without its id once: '#None')
        "交班人：张伟·第1页/共1页",  # each page's foot: the sheet, and its page
    ):
        assert expected in text.replace(" ", ""), expected


def test_a_case_the_office_took_over_is_the_office_s_on_the_sheet(database: object, tmp_path: Path) -> None:
    """Listed under the desk's open cases with its state alone: the incoming manager would take it for theirs."""
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    office = create_staff("hzg", "胡志刚", Role.OFFICE, "office-pass-1")
    taken = Complaint.create(state=State.DECLINED, received_by=desk, taken_over_by=office)
    mine = Complaint.create(state=State.INVESTIGATING, received_by=desk)
    sheet = handover_sheet(desk)
    assert [c.number for c in sheet.open_cases] == [f"#{mine.id}"]
    [listed] = [c for c in sheet.waiting_for_office if c.number == f"#{taken.id}"]
    assert listed.taken_over_by == "胡志刚"
    pdftotext = require_program("pdftotext")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(json.loads(sheet.to_json()), language="zh_CN"))
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "已由办公室的胡志刚接管" in text.replace(" ", "").replace("\n", "")  # wrapped in its cell


def test_the_desk_changes_hands_only_with_the_sheet_acknowledged(database: object) -> None:
    import pytest

    from models.errors import DomainError
    from models.handover import hand_over
    from models.staff import Handover

    outgoing = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    incoming = create_staff("ly", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    sheet = handover_sheet(outgoing)
    with pytest.raises(DomainError, match="acknowledges the handover sheet first"):
        hand_over(outgoing, incoming, "", sheet, acknowledged=False)
    assert Handover.select().count() == 0
    handover = hand_over(outgoing, incoming, "  无  ", sheet, acknowledged=True)
    assert (handover.note, handover.acknowledged_at is not None) == ("无", True)


def test_the_sheet_prints_the_improvement_actions_overdue(seeded: object, tmp_path: object) -> None:
    """An action past its due date stands out on the handover sheet (the desk meets its problem first)."""
    from models.control.improvement import ActionInput, complete_action, create_action
    from models.staff import Staff

    office = Staff.get(Staff.username == "office")
    complaint = Complaint.create(state=State.RECEIVED, received_by=office, location="西餐厅", narrative="牛排太老")
    today = dt.date.today()
    data = ActionInput("西餐厅牛排反复被投诉太老", "统一火候标准", "厨师长周某", today)
    late = create_action(office, data, complaint_ids=[complaint.id])
    done = create_action(office, data, complaint_ids=[complaint.id])
    complete_action(office, done, "已培训")
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(8))
    sheet = handover_sheet(office, tomorrow)
    assert [a.number for a in sheet.actions_overdue] == [f"ZG-{late:04d}"]
    pdftotext = require_program("pdftotext")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(json.loads(sheet.to_json()), language="zh_CN"))
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(" ", "")
    assert "已超期的整改措施" in text and f"ZG-{late:04d}" in text and "厨师长周某" in text
    assert f"ZG-{done:04d}" not in text
    stored_before = {k: v for k, v in json.loads(sheet.to_json()).items() if k != "actions_overdue"}
    assert "已超期的整改措施" in subprocess.run(
        [pdftotext, "-", "-"], input=render_handover_sheet(stored_before), capture_output=True, check=True
    ).stdout.decode(), "a sheet stored before the actions prints with none"


def test_a_character_the_font_lacks_prints_as_a_box_and_the_english_sheet_names_departments_in_english(
    database: object, tmp_path: Path
) -> None:
    """刘䶮 printed as 刘 and a blank (the complaint form prints □, seen); an English sheet named the overdue action's
    department in Chinese; a reference number and a customer's phone broke over two lines."""
    pdftotext = require_program("pdftotext")
    sheet = json.loads(handover_sheet(create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")).to_json())
    sheet["actions_overdue"] = [
        {"number": "ZG-0002", "problem": "自助餐厅多名顾客反映用餐时看见蟑螂", "responsible": "餐饮部经理孙某",
         "department": "餐饮部", "department_en": "Food & Beverage", "due_on": "2026-10-14"}
    ]  # fmt: skip
    sheet["external_due"] = [
        {"number": "W#21", "channel": "全国12315平台", "channel_en": "12315 platform",
         "reference": "1231520202600008383", "customer": "许美玲 138****5502", "due_on": "2026-11-26",
         "working_days_left": -7, "overdue": True},
        {"number": "W#22", "channel": "市场监督管理部门", "channel_en": "Market regulator",
         "reference": "市监投〔2026〕46132号", "customer": "王女士 139****0000", "due_on": "2026-12-04",
         "working_days_left": 12, "overdue": False},
    ]  # fmt: skip

    def text(language: str, note: str) -> str:
        path = tmp_path / f"sheet-{language}.pdf"
        path.write_bytes(render_handover_sheet(sheet, note, language=language))
        return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout

    sheet["made_by"] = "刘䶮"
    chinese = text("zh_CN", "请照顾刘䶮先生")
    assert "请照顾刘□先生" in chinese.replace(" ", "")
    assert chinese.replace(" ", "").count("交班人：刘□") == 2, "the maker too, at the top and at each page's foot"
    assert "1231520202600008383" in chinese and "许美玲 138****5502" in chinese, "each on one line"
    # "市场监督管理部" / "门", "…46132" / "号", and in English "Market regulat" / "or": each on one line now.
    assert "市场监督管理部门" in chinese and "市监投〔2026〕46132号" in chinese
    english = text("en", "")
    assert "Food & Beverage /" in english and "12315 platform" in english
    assert "Market regulator" in english and "市监投〔2026〕46132号" in english


def test_the_sheet_keeps_times_on_one_line_and_the_signatures_with_the_note(database: object, tmp_path: object) -> None:
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 11, 24, 22, 0)
    for index in range(24):  # enough cases for the sheet to run over a page
        customer = Customer.create(name=f"顾客{index}", phone=f"138{index:08d}")
        Complaint.create(
            state=State.INVESTIGATING, received_by=desk, customer=customer, received_at=now - dt.timedelta(hours=3),
            promised_at=now - dt.timedelta(hours=2),
        )  # fmt: skip
    Complaint.create(state=State.ESCALATED, received_by=desk)
    sheet = json.loads(handover_sheet(desk, now).to_json())
    pdftotext = require_program("pdftotext")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(sheet, "等工程部回复", "锦江花园酒店"))
    pages = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    text = pages.stdout
    assert "未结投诉共25件：受理台24件，等待办公室1件。" in text.replace(" ", "")
    lines = [line for line in text.splitlines() if "2026-11-24 20:00" in line]
    assert len(lines) == 24 and all("（已超时）" in line for line in lines), "time and mark on one line"
    last_page = text.split("\f")[-2] if text.endswith("\f") else text.split("\f")[-1]
    assert "接班人签字" in last_page and "交接说明" in last_page, "the signatures with the note, never alone"


def unembedded_fonts(pdf: bytes, tmp_path: Path) -> list[str]:
    """The fonts ``pdffonts`` lists as not embedded (a reader substitutes its own for them)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    table = subprocess.run([require_program("pdffonts"), str(path)], capture_output=True, check=True, text=True).stdout
    return [row.split()[0] for row in table.splitlines()[2:] if row.strip() and row.split()[-5] != "yes"]


@pytest.mark.real_component
def test_the_handover_sheet_and_the_summary_embed_every_font_they_name(database: object, tmp_path: Path) -> None:
    """No Helvetica named on their pages, not embedded though nothing is written in it (an empty cell, a chart's
    starting state did)."""
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    Complaint.create(state=State.INVESTIGATING, received_by=desk)
    sheet = json.loads(handover_sheet(desk, dt.datetime.now()).to_json())
    assert unembedded_fonts(render_handover_sheet(sheet, "", "锦江花园酒店"), tmp_path) == []
    assert unembedded_fonts(render_work_summary(sample_summary(), invariant=True), tmp_path) == []


def test_the_printed_sheet_says_what_the_screen_s_sheet_says(database: object, tmp_path: Path) -> None:
    """The incoming duty manager confirms reading the sheet on the screen, then gets it on paper: the paper said
    "Proposal offered" and "Escalated to the office" for the screen's "Proposed" and "Escalated", "Reply promised"
    and "Number" for "Promised answer by" and "No.", 等待办公室决定 for 等待办公室处理, 待兑现的承诺与回访 for the
    overview's 待回访与待兑现的承诺; and each English reason after "; " began with a capital."""
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 12, 7, 9, 0)
    Complaint.create(state=State.PROPOSED, received_by=desk, promised_at=now + dt.timedelta(hours=1))
    Complaint.create(state=State.ESCALATED, received_by=desk)
    sheet = json.loads(handover_sheet(desk, now).to_json())
    sheet["open_cases"][0] |= {
        "risk_level": "high",
        "category_name": "安全问题",
        "category_name_en": "Safety hazard",
        "risk_reasons": [{"code": "severe", "kind": "safety"}, {"code": "beyond_authority"},
                         {"code": "overdue", "minutes": 9 * 1440}],
    }  # fmt: skip
    pdftotext = require_program("pdftotext")

    def text(language: str) -> str:
        path = tmp_path / f"sheet-{language}.pdf"
        path.write_bytes(render_handover_sheet(sheet, language=language))
        printed = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True)
        return " ".join(printed.stdout.split())

    english = text("en")
    assert "Proposal offered" not in english and "Escalated to the office" not in english
    # The archive's count grouped as every count, its code called what it is (it was "3028 … (check code …)").
    sheet |= {"archive_seals": 3028, "archive_head": "03f09e4d76c4"}
    assert ("Archive: 3,028 records sealed; archive fingerprint 03f09e4d76c4 (to check the archive against later)"
            in text("en"))  # fmt: skip
    assert "归档：已封存3,028份；归档指纹03f09e4d76c4（供日后核对归档）" in text("zh_CN").replace(" ", "")
    # Each sheet's demo stamp in its own language only.
    path = tmp_path / "demo.pdf"
    for language, stamp in (("en", "DEMO DATA"), ("zh_CN", "演示数据")):
        path.write_bytes(render_handover_sheet(sheet, language=language, demo=True))
        printed = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True)
        assert printed.stdout.startswith(stamp + "\n") or printed.stdout.splitlines()[0] == stamp, language
    assert " Proposed " in english and " Escalated " in english
    # The reply time as the screens and the complaint form call it (it was "Promised answer by" here only).
    assert "No. Received Category Customer State Reply promised by" in english and "Promised answer" not in english
    assert "Call-backs and promises due" in english
    assert ("A serious matter: safety hazard; what the customer asks is beyond the duty manager's authority; the "
            "promised time passed 9 days ago") in english  # fmt: skip
    chinese = text("zh_CN").replace(" ", "")
    assert "等待办公室处理" in chinese and "等待办公室决定" not in chinese
    assert "待回访与待兑现的承诺" in chinese and "承诺答复时间" in chinese


def test_each_open_case_on_the_sheet_says_what_it_is_about(database: object, tmp_path: Path) -> None:
    """Review: the sheet left out each open case's category, which its data holds: the incoming duty manager could
    not see what a case was about. Each case's line names it, in the sheet's language, within the page."""
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 12, 7, 9, 0)
    customer = Customer.create(name="林女士", phone="13512341344")
    Complaint.create(
        state=State.INVESTIGATING, received_by=desk, customer=customer, promised_at=now - dt.timedelta(hours=1)
    )
    Complaint.create(state=State.ESCALATED, received_by=desk, customer=customer, promised_at=now)
    sheet = json.loads(handover_sheet(desk, now).to_json())
    sheet["open_cases"][0] |= {"category_name": "服务态度", "category_name_en": "Staff attitude"}
    sheet["waiting_for_office"][0] |= {"category_name": "安全问题", "category_name_en": "Safety hazard"}
    pdftotext = require_program("pdftotext")
    for language, header, categories in (
        ("zh_CN", "投诉分类", ("服务态度", "安全问题")),
        ("en", "Category", ("Staff attitude", "Safety hazard")),
    ):
        path = tmp_path / f"sheet-{language}.pdf"
        path.write_bytes(render_handover_sheet(sheet, language=language))
        printed = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        lines = printed.stdout.splitlines()
        assert sum(header in line for line in lines) == 2, language  # both tables of cases
        for row, category in zip((sheet["open_cases"][0], sheet["waiting_for_office"][0]), categories, strict=True):
            line = next(line for line in lines if line.lstrip().startswith(row["number"] + " "))
            # On the case's line, whole, with its customer and its reply time (nothing pushed off the page).
            assert category in line and "135****1344" in line and row["promised_at"] in line, (language, line)
