"""The escalation risk, the take-over and the referral on paper: the complaint form of a sealed format-3
record (and none of it on an older record's form), and the handover sheet's cases at risk."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

from models.complaint import Complaint, State
from models.control.risk import encode_reasons, reason
from models.handover import handover_sheet
from models.staff import Role, create_staff
from ui.paper.archive_form import render_archive_form
from ui.paper.handover_sheet import render_handover_sheet

from conftest import require_program

REASONS = [
    {"code": "threat", "group": "media", "weight": 3, "word": "记者"},
    {"code": "severe", "kind": "product_quality"},
]


def record(**changes: Any) -> dict[str, Any]:
    """A sealed format-3 record, as printable_record gives it."""
    base: dict[str, Any] = {
        "format": 3,
        "archive_number": "TS-2026-000042",
        "id": 42,
        "state": "closed",
        "category": "product_quality",
        "category_name": "商品质量",
        "narrative": "电饭煲刚买就坏了，再不处理我就找记者曝光。",
        "demand": "退货退款",
        "risk_level": "high",
        "risk_reasons": REASONS,
        "taken_over_by": {"name": "马晓红", "username": "office"},
        "referral": "manufacturer_quality",
        "referral_name": "商品质量问题（生产厂家责任）",
        "referral_given": "请联系厂家售后；仍有争议可拨打12315。",
        "seal": {"digest": "ab" * 32, "sealed_at": "2026-11-30T10:00:00"},
        "proposals": [],
        "amendments": [],
        "history": [],
    }
    base.update(changes)
    return base


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = require_program("pdftotext")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())  # words wrap anywhere in a cell


def test_the_form_prints_the_risk_the_take_over_and_the_referral(tmp_path: Path) -> None:
    zh = pdf_text(render_archive_form(record(), organisation="锦江花园酒店", invariant=True), tmp_path)
    for expected in (
        "越级风险与外部转介",
        "越级风险高",
        "顾客提到新闻媒体（“记者”）：保持冷静，不争辩，立即通知办公室",
        "严重情形（商品质量）：如有安全或健康隐患先处置，保留证据，通知办公室",
        "办公室接管人马晓红",
        "外部转介商品质量问题（生产厂家责任）",
        "告知顾客请联系厂家售后；仍有争议可拨打12315。",
    ):
        assert expected in zh, expected
    en = pdf_text(render_archive_form(record(), organisation="Hotel", language="en", invariant=True), tmp_path)
    assert "Escalationriskandreferral" in en and "Thecustomermentionedthemedia(“记者”)." in en
    assert "Staycalm,donotargue,andtelltheofficenow." in en


def test_a_case_without_risk_says_so_and_an_older_record_prints_none(tmp_path: Path) -> None:
    calm = record(risk_level="none", risk_reasons=[], taken_over_by=None, referral=None, referral_name=None)
    text = pdf_text(render_archive_form(calm, organisation="锦江花园酒店", invariant=True), tmp_path)
    assert "越级风险无" in text and "未发现越级风险信号" in text
    assert "外部转介商品" not in text and "办公室接管人" not in text
    older = {k: v for k, v in record().items() if not k.startswith(("risk_", "referral", "taken_over"))}
    older["format"] = 2
    text = pdf_text(render_archive_form(older, organisation="锦江花园酒店", invariant=True), tmp_path)
    assert "越级风险" not in text, "a record sealed before format 3 keeps no risk"


def test_the_handover_sheet_lists_the_cases_at_risk(database: object, tmp_path: Path) -> None:
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 11, 24, 22, 0)
    threat = (reason("threat", group="12315", word="12315", weight=3),)
    minutes = dt.timedelta(minutes=1)
    high = Complaint.create(state=State.RECEIVED, received_by=desk, risk_level="high",
                            risk_reasons=encode_reasons(threat), promised_at=now + 10 * minutes)  # fmt: skip
    late = Complaint.create(state=State.INVESTIGATING, received_by=desk, risk_level="none",
                            promised_at=now - 45 * minutes)  # fmt: skip
    # The customer accepted (in time): nothing owed but the closing, the promise no longer counts.
    agreed = Complaint.create(state=State.AGREED, received_by=desk, risk_level="none", promised_at=now - 45 * minutes)
    Complaint.create(state=State.INVESTIGATING, received_by=desk, risk_level="none", promised_at=now + 60 * minutes)
    Complaint.create(state=State.INVESTIGATING, received_by=desk)  # from before the upgrade: not assessed
    sheet = handover_sheet(desk, now)
    risks = {case.number: (case.risk_level, [r["code"] for r in case.risk_reasons]) for case in sheet.open_cases}
    assert risks[f"#{high.id}"] == ("high", ["threat"])
    assert risks[f"#{late.id}"] == ("watch", ["overdue"]), "45 minutes past the promise, now"
    assert risks[f"#{agreed.id}"] == ("none", [])
    assert sorted(level for level, _ in risks.values()) == ["", "high", "none", "none", "watch"]
    pdftotext = require_program("pdftotext")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(json.loads(sheet.to_json()), "", "锦江花园酒店"))
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "越级风险提示" in text and "顾客提到12315消费者投诉平台" in text and "已超过承诺时间 45分钟" in text
    old = json.loads(sheet.to_json())
    for case in old["open_cases"]:
        del case["risk_level"], case["risk_reasons"]
    assert render_handover_sheet(old, "", "锦江花园酒店"), "a sheet stored before the risk prints as before"


def test_the_handover_sheet_names_a_serious_cases_category(database: object, tmp_path: Path) -> None:
    from models.catalog import Category

    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    now = dt.datetime(2026, 11, 24, 22, 0)
    hazard = Category.create(code="safety_hazard", name="安全问题", name_en="Safety hazard", default_severity="high")
    severe = (reason("severe", kind="safety_hazard"),)
    Complaint.create(state=State.RECEIVED, received_by=desk, category=hazard, risk_level="watch",
                     risk_reasons=encode_reasons(severe), promised_at=now + dt.timedelta(minutes=10))  # fmt: skip
    sheet = json.loads(handover_sheet(desk, now).to_json())
    pdftotext = require_program("pdftotext")
    for language, expected in (("zh_CN", "严重情形（安全问题）"), ("en", "A serious matter: safety hazard")):
        path = tmp_path / f"sheet-{language}.pdf"
        path.write_bytes(render_handover_sheet(sheet, "", "锦江花园酒店", language))
        text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert expected in " ".join(text.split()) and "safety_hazard" not in text
