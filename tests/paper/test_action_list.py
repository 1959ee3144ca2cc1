"""The printed list of improvement actions: its counts and states said whole, in both languages."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from models.complaint import Complaint, State
from models.control.improvement import ActionInput, create_action
from models.control.improvement_queries import printable_actions
from models.staff import Staff
from ui.paper.action_list import render_action_list

from conftest import Desk, require_program


def test_an_action_s_complaints_are_counted_in_words(seeded: Desk, tmp_path: Path) -> None:
    """"1 complaint(s) linked" on every English row; a State column narrower than "Verified effective"."""
    office = Staff.get(Staff.username == "office")
    complaints = [
        Complaint.create(state=State.RECEIVED, received_by=office, location="西餐厅", narrative=f"牛排太老{n}")
        for n in range(3)
    ]
    today = dt.date.today()
    data = ActionInput("西餐厅牛排反复被投诉太老", "统一火候标准", "厨师长周某", today + dt.timedelta(days=7))
    create_action(office, data, complaint_ids=[complaints[0].id])
    create_action(office, data, complaint_ids=[c.id for c in complaints])
    listing = printable_actions(today - dt.timedelta(days=1), today)
    pdftotext = require_program("pdftotext")

    def text(language: str) -> str:
        path = tmp_path / f"actions-{language}.pdf"
        path.write_bytes(render_action_list(listing, language=language))
        return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout

    english = text("en")
    assert "1 complaint linked" in english and "3 complaints linked" in english and "(s)" not in english
    assert "关联投诉 1 件" in text("zh_CN")


def test_a_reopened_action_s_effect_is_said_to_be_its_last_verification_s(seeded: Desk, tmp_path: Path) -> None:
    """Verified not effective and reopened, an action printed "11 → 6（常态 0.0）无效" as if measured now; the
    screen says "The effect at its last verification"."""
    from models.control.improvement import complete_action, reopen_action, verify_action
    from models.control.improvement_queries import complaint_groups

    office = Staff.get(Staff.username == "office")
    complaint = Complaint.create(state=State.RECEIVED, received_by=office, location="西餐厅", narrative="牛排太老")
    today = dt.date.today()
    data = ActionInput("西餐厅牛排反复被投诉太老", "统一火候标准", "厨师长周某", today + dt.timedelta(days=7))
    group = complaint_groups(complaint.id)[0].key
    reopened = create_action(office, data, complaint_ids=[complaint.id], group=group)
    done = create_action(office, data, complaint_ids=[complaint.id], group=group)
    for action_id in (reopened, done):
        complete_action(office, action_id, "已培训")
        verify_action(office, action_id, False, "还有投诉")
    reopen_action(office, reopened, "还有投诉", today + dt.timedelta(days=5))
    listing = printable_actions(today - dt.timedelta(days=1), today)
    pdftotext = require_program("pdftotext")

    def text(language: str) -> str:
        path = tmp_path / f"actions-{language}.pdf"
        path.write_bytes(render_action_list(listing, language=language))
        out = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return " ".join(out.split())

    english = text("en")
    assert english.count("At its last verification:") == 1, english
    assert text("zh_CN").count("上次验证时：") == 1


def test_the_verdict_stands_whole_on_a_line_of_its_own(tmp_path: Path) -> None:
    """Review d: after the figures the verdict wrapped as 有 / 效 in the narrow Effect column
    ("8 → 3（常态 1.3）有")."""
    action = {
        "number": "ZG-0007", "created_on": "2026-11-02", "problem": "西餐厅牛排反复被投诉太老",
        "measure": "统一火候标准",
        "department": "餐饮部", "department_en": "Food and beverage", "responsible": "厨师长周某",
        "due_on": "2026-11-20", "state": "effective", "overdue": False, "complaints": 12,
        "effect": {"verdict": "effective", "before": 8, "after": 3, "usual": 1.3, "judged_on": "2026-12-01"},
        "at_last_verification": False,
    }  # fmt: skip
    listing = {"first": "2026-11-01", "last": "2026-11-30", "today": "2026-12-07", "actions": [action]}
    pdftotext = require_program("pdftotext")
    for language, verdict in (("zh_CN", "有效"), ("en", "Effective")):
        path = tmp_path / f"actions-{language}.pdf"
        path.write_bytes(render_action_list(listing, language=language))
        lines = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert verdict in [line.strip() for line in lines.splitlines()], (language, lines)


def _longest_action(number: str, ending: str) -> dict[str, object]:
    """An action whose every text field holds as much as the model lets it (mixed Chinese and English)."""
    from models.catalog import Department
    from models.control.improvement import MEASURE_MAX, PROBLEM_MAX, RESPONSIBLE_MAX

    def filled(words: str, limit: int) -> str:
        return (words * (limit // len(words) + 1))[: limit - len(ending)] + ending

    department_max = Department.name.max_length
    measure = "后厨全员佩戴发网，厨师长每餐前逐人检查并签字；check every cook before service. "
    return {
        "number": number, "created_on": "2026-11-02", "problem": filled("宴会厅上菜慢，guests waited; ", PROBLEM_MAX),
        "measure": filled(measure, MEASURE_MAX),
        "department": filled("厨房出品部", department_max), "department_en": filled("Kitchen ", department_max),
        "responsible": filled("厨师长周某", RESPONSIBLE_MAX), "due_on": "2026-11-20", "state": "open",
        "overdue": True, "complaints": 500, "effect": None, "at_last_verification": False,
    }  # fmt: skip


def test_actions_as_long_as_the_model_allows_print_over_several_pages(tmp_path: Path) -> None:
    """Review: one action's measure of about 700 characters (the model allows 1000) raised reportlab's LayoutError
    and the list could not be printed. Now a row taller than the page goes on over the next one, its number
    carried with (cont.), and no text is lost."""
    actions = [_longest_action(f"ZG-000{n}", f"完{n}") for n in range(1, 4)]
    listing = {"first": "2026-11-01", "last": "2026-11-30", "today": "2026-12-07", "actions": actions}
    pdftotext = require_program("pdftotext")
    for language, header, cont in (("zh_CN", "提出日期", "（续）"), ("en", "Raised", "(cont.)")):
        path = tmp_path / f"actions-{language}.pdf"
        path.write_bytes(render_action_list(listing, language=language))
        out = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
        pages = [page for page in out.split("\f") if page.strip()]
        assert len(pages) > 3, language
        whole = "".join(out.split())
        for action in actions:  # each field printed to its last character
            for field in ("problem", "measure", "responsible"):
                assert "".join(str(action[field]).split())[-12:] in whole, (language, field)
        for page in pages[1:]:  # a page continuing a row names it
            assert cont in page and "ZG-000" in page, (language, page[:300])
        for page in pages:
            assert page.count(header) == 1, (language, page[:300])
