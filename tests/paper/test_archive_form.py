"""The archived complaint form PDF (ui/paper/archive_form.py): every field
reaches the page (pdftotext), Chinese included; the font is embedded; the
output is byte-stable in invariant mode; hostile text renders; drafts are marked."""

from __future__ import annotations

import base64
import copy
import re
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm

from models.customer import mask_phone
from ui.paper import fonts as paper_fonts
from ui.paper.archive_form import form_filename, render_archive_form, write_archive_forms
from ui.paper.code_labels import code_groups, code_label
from ui.paper.fonts import cjk_fonts
from ui.paper.labels import LANGUAGES, labels
from ui.paper.page import PAGE_HEIGHT, QR_BORDER, QR_LEVEL, QR_SIZE, QR_X, QR_Y, SHORT_DIGEST, qr_payload
from ui.paper.text import clean_text

from conftest import require_component, require_program

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ORGANISATION = "锦江花园酒店"
DIGEST = "3f6a9c0d2b7e4f18a5c3d9e7b1f20468ce5a7b9d3f1e2c4a6b8d0f9e7c5a3b1d"
PHONE = "13812345678"


def png(width: int, height: int, dark: set[tuple[int, int]]) -> bytes:
    """A greyscale PNG made by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(0 if (x, y) in dark else 255 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def signature_png() -> bytes:
    """A scribble 240 × 90 pixels: a wave with a flourish."""
    dark = set()
    for x in range(10, 230):
        y = int(45 + 25 * ((x % 60) - 30) * ((x % 60) - 30) / 900 - 12)
        for dy in range(3):
            dark.add((x, y + dy))
    for x in range(60, 200):
        dark.add((x, 75))
    return png(240, 90, dark)


def staff(username: str, name: str) -> dict[str, str]:
    return {"username": username, "name": name}


def full_record() -> dict[str, Any]:
    """A closed, sealed case as ``models.archive.printable_record`` returns it."""
    wang, li, zhao = staff("wangfang", "王芳"), staff("lijun", "李军"), staff("zhaomin", "赵敏")
    return {
        "format": 1,
        "archive_number": "TS-2026-000123",
        "id": 123,
        "state": "closed",
        "received_at": "2026-03-05T18:42:10",
        "received_by": wang,
        "channel": "in_person",
        "location": "大堂服务台",
        "moved_to_private": True,
        "customer": {"name": "陈先生", "phone": PHONE},
        "narrative": "我们一家四口六点半入座，点的清蒸鲈鱼等了四十多分钟还没上，催了三次服务员都说马上就好。"
        "最后端上来的鱼是凉的，孩子饿得直哭，服务员还说“厨房忙，您再等等”。",
        "category": "food_service",
        "category_name": "餐饮服务",
        "severity": "medium",
        "demand": "要求免除这道菜的费用，并希望餐厅负责人当面道歉。",
        "acknowledged": True,
        "promised_minutes": 30,
        "promised_at": "2026-03-05T19:12:10",
        "findings": "经查，当晚宴会厅同时有两场婚宴，后厨人手不足，鲈鱼出菜超时三十五分钟；传菜员未按规定复热。",
        "department": "kitchen",
        "department_name": "中餐厨房",
        "staff_involved": "传菜员小刘",
        "liability": "full",
        "handoff_note": "顾客要求免单整桌，超出值班经理授权额度，请办公室审批。",
        "proposals": [
            {
                "seq": 1,
                "created_at": "2026-03-05T19:05:00",
                "created_by": wang,
                "status": "declined",
                "explanation": "免除清蒸鲈鱼费用并赠送果盘一份。",
                "needs_office": False,
                "total": "168.00",
                "decision": "",
                "decision_note": "",
                "decided_by": None,
                "decided_at": None,
                "lines": [
                    {
                        "remedy": "waive_dish",
                        "remedy_name": "菜品免单",
                        "description": "清蒸鲈鱼",
                        "amount": "128.00",
                        "charged_to": "kitchen",
                    },
                    {
                        "remedy": "free_item",
                        "remedy_name": "赠送果盘",
                        "description": "时令水果拼盘",
                        "amount": "40.00",
                        "charged_to": "catering",
                    },
                ],
            },
            {
                "seq": 2,
                "created_at": "2026-03-05T19:20:00",
                "created_by": wang,
                "status": "accepted",
                "explanation": "整桌消费八折并赠送代金券，餐饮部经理当面致歉。",
                "needs_office": True,
                "total": "392.60",
                "decision": "changed",
                "decision_note": "同意八折，代金券改为二百元。",
                "decided_by": li,
                "decided_at": "2026-03-05T19:31:00",
                "lines": [
                    {
                        "remedy": "discount",
                        "remedy_name": "折扣",
                        "description": "整桌消费八折",
                        "amount": "192.60",
                        "charged_to": "kitchen",
                    },
                    {
                        "remedy": "voucher",
                        "remedy_name": "代金券",
                        "description": "餐饮代金券（三个月内有效）",
                        "amount": "200.00",
                        "charged_to": "kitchen",
                    },
                ],
            },
        ],
        "consent": "accepted",
        "counter_demand": "",
        "satisfaction": 4,
        "signature_png": base64.b64encode(signature_png()).decode("ascii"),
        "witness": "",
        "consent_at": "2026-03-05T19:40:00",
        "improvement_suggestion": "宴会高峰期增派传菜人手；超时二十分钟的菜品须主动告知顾客。",
        "withdrawn_reason": "",
        "closed_at": "2026-03-05T19:48:00",
        "closed_by": wang,
        "follow_ups": [
            {"kind": "call_back", "due_at": "2026-03-07T10:00:00", "description": "电话回访用餐体验"},
            {"kind": "promised_item", "due_at": "2026-03-06T12:00:00", "description": "寄送二百元代金券"},
        ],
        "attachments": [{"filename": "账单照片.jpg", "size": 48213, "sha256": "ab" * 32}],
        "seal": {"digest": DIGEST, "sealed_at": "2026-03-05T19:48:01"},
        "amendments": [
            {
                "format": 1,
                "archive_number": "TS-2026-000123",
                "amends": DIGEST,
                "by": zhao,
                "at": "2026-03-08T09:15:00",
                "reason": "顾客来电更正入座时间",
                "corrections": {"narrative": "入座时间为六点四十分"},
            }
        ],
        "history": [
            {"at": "2026-03-05T18:42:10", "action": "received", "by": "王芳"},
            {"at": "2026-03-05T18:55:00", "action": "investigated", "by": "王芳"},
            {"at": "2026-03-05T19:05:00", "action": "proposed", "by": "王芳"},
            {"at": "2026-03-05T19:10:00", "action": "consent", "by": "王芳"},
            {"at": "2026-03-05T19:20:00", "action": "escalated", "by": "王芳"},
            {"at": "2026-03-05T19:31:00", "action": "decision", "by": "李军"},
            {"at": "2026-03-05T19:31:00", "action": "remedy_changed", "by": "李军"},
            {"at": "2026-03-05T19:40:00", "action": "consent", "by": "王芳"},
            {"at": "2026-03-05T19:48:00", "action": "follow_up", "by": "王芳"},
            {"at": "2026-03-05T19:48:00", "action": "closed", "by": "王芳"},
            {"at": "2026-03-05T19:48:01", "action": "sealed", "by": "王芳"},
        ],
    }


def open_record() -> dict[str, Any]:
    """A case still at the desk: no archive number, no seal."""
    record = full_record()
    record.update(
        archive_number=None,
        seal=None,
        state="escalated",
        closed_at=None,
        closed_by=None,
        consent="",
        satisfaction=None,
        signature_png=None,
        consent_at=None,
        follow_ups=[],
        amendments=[],
        improvement_suggestion="",
    )
    record["proposals"] = record["proposals"][:1]
    return record


# --------------------------------------------------------------------------- poppler helpers


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run([program, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True).stdout


def page_count(pdf: bytes, tmp_path: Path) -> int:
    program = require_program("pdfinfo")
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([program, str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def assert_in(needle: str, text: str) -> None:
    assert squeeze(needle) in squeeze(text), f"{needle!r} is not on the form"


# --------------------------------------------------------------------------- fields


def test_every_field_reaches_the_page_in_chinese(tmp_path: Path) -> None:
    record = full_record()
    text = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path)
    zh = labels("zh_CN")
    for word in (
        ORGANISATION,
        zh["title"],
        "TS-2026-000123",
        "2026-03-05 18:42",  # received
        "2026-03-05 19:12",  # promised
        "2026-03-05 19:48",  # closed
        "王芳",
        "李军",
        "赵敏",
        "陈先生",
        "大堂服务台",
        record["narrative"],
        "餐饮服务",
        code_label("severity", "medium", "zh_CN"),
        code_label("channel", "in_person", "zh_CN"),
        record["demand"],
        record["findings"],
        "中餐厨房",
        "传菜员小刘",
        code_label("liability", "full", "zh_CN"),
        record["handoff_note"],
        "免除清蒸鲈鱼费用并赠送果盘一份。",
        "菜品免单",
        "清蒸鲈鱼",
        "128.00",
        "赠送果盘",
        "40.00",
        "168.00",
        "整桌消费八折",
        "192.60",
        "代金券",
        "200.00",
        "392.60",
        code_label("decision", "changed", "zh_CN"),
        "同意八折，代金券改为二百元。",
        "2026-03-05 19:31",
        code_label("consent", "accepted", "zh_CN"),
        "4 / 5",
        "电话回访用餐体验",
        "寄送二百元代金券",
        code_label("follow_up", "call_back", "zh_CN"),
        "宴会高峰期增派传菜人手；超时二十分钟的菜品须主动告知顾客。",
        "账单照片.jpg",
        "顾客来电更正入座时间",
        "入座时间为六点四十分",
        code_label("action", "remedy_changed", "zh_CN"),
        code_label("action", "sealed", "zh_CN"),
        zh["duty_manager_sign"],
        zh["office_sign"],
        DIGEST[:SHORT_DIGEST],
        zh["page"].format(page=1, pages=page_count(render_archive_form(record, organisation=ORGANISATION), tmp_path)),
    ):
        assert_in(word, text)
    assert "未归档" not in text
    assert DIGEST not in squeeze(text), "only the short digest is printed; the full one is in the QR code"


def test_a_proposal_s_total_says_it_is_in_yuan(tmp_path: Path) -> None:
    """The proposal's heading gave "合计 168.00" with no unit, away from the remedies' "金额（元）" column."""
    text = squeeze(pdf_text(render_archive_form(full_record(), organisation=ORGANISATION), tmp_path))
    assert_in("方案合计（元）168.00", text)
    assert_in("方案合计（元）392.60", text)
    english = squeeze(pdf_text(render_archive_form(full_record(), organisation=ORGANISATION, language="en"), tmp_path))
    assert_in("Total(yuan)168.00", english)


def test_the_phone_is_masked_unless_the_office_asks_for_it(tmp_path: Path) -> None:
    record = full_record()
    masked = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path)
    assert mask_phone(PHONE) == "138****5678"
    assert_in("138****5678", masked)
    assert PHONE not in squeeze(masked)
    full = pdf_text(render_archive_form(record, organisation=ORGANISATION, full_phone=True), tmp_path)
    assert_in(PHONE, full)


def test_english_labels(tmp_path: Path) -> None:
    text = pdf_text(render_archive_form(full_record(), organisation=ORGANISATION, language="en"), tmp_path)
    en = labels("en")
    for key in ("title", "narrative", "findings", "duty_manager_sign", "office_sign", "section_history"):
        assert_in(en[key], text)
    for group, code in (("state", "closed"), ("liability", "full"), ("action", "escalated"), ("decision", "changed")):
        assert_in(code_label(group, code, "en"), text)
    assert_in("Page 1 /", text)
    assert_in("陈先生", text)  # the record's own words stay as they were sealed
    assert labels("zh_CN")["title"] not in text


def test_both_languages_name_every_label_and_code() -> None:
    assert set(labels("zh_CN")) == set(labels("en"))
    zh, en = code_groups("zh_CN"), code_groups("en")
    assert zh.keys() == en.keys()
    for group in zh:
        assert zh[group].keys() == en[group].keys(), group
    for language in LANGUAGES:
        for key, text in labels(language).items():
            assert re.findall(r"\{\w+\}", text) == re.findall(r"\{\w+\}", labels("zh_CN")[key]), key
    assert code_label("state", "nonsense", "en") == "nonsense"
    assert labels("zh_TW")["title"] == labels("zh_CN")["title"]
    assert labels("de")["title"] == labels("en")["title"]


def test_every_stored_code_has_a_printed_name() -> None:
    from models.catalog import IntakeStep, PromptKind, RemedyKind, Severity
    from models.complaint import (
        Channel,
        ConsentAnswer,
        FollowUpKind,
        Liability,
        OfficeDecision,
        ProposalStage,
        ProposalStatus,
        State,
    )
    from models.control.risk import RiskGroup, RiskLevel
    from models.staff import Role

    groups = {
        "state": State,
        "channel": Channel,
        "severity": Severity,
        "liability": Liability,
        "consent": ConsentAnswer,
        "proposal_status": ProposalStatus,
        "proposal_stage": ProposalStage,
        "decision": OfficeDecision,
        "follow_up": FollowUpKind,
        "role": Role,
        "remedy_kind": RemedyKind,
        "step": IntakeStep,
        "prompt_kind": PromptKind,
        "risk_level": RiskLevel,
        "risk_group": RiskGroup,
    }
    for language in LANGUAGES:
        for group, codes in groups.items():
            for code in codes:
                assert code.value in code_groups(language)[group], (language, group, code.value)
    models = Path(__file__).resolve().parents[2] / "models"
    # The case's own history: the intake and the risk's alerts and assessments (models/control's others
    # keep catalogue or external-case events of their own).
    risk = [models / "control" / "alerts.py", models / "control" / "risk_cases.py"]
    intake_files = sorted([*(models / "intake").glob("*.py"), *risk])
    intake = "\n".join(path.read_text(encoding="utf-8") for path in intake_files)
    actions = set(re.findall(r'(?:record|_update)\(\s*"(\w+)"', intake)) | set(
        re.findall(r'_update\(\s*case, actor, "(\w+)"', intake)
    )
    assert actions, "the audit actions of models/intake/ were not found"
    for language in LANGUAGES:
        assert actions <= code_groups(language)["action"].keys(), actions - code_groups(language)["action"].keys()


# --------------------------------------------------------------------------- drafts


def test_an_open_case_prints_as_a_draft(tmp_path: Path) -> None:
    record = open_record()
    assert qr_payload(record) is None
    pdf = render_archive_form(record, organisation=ORGANISATION)
    text = pdf_text(pdf, tmp_path)
    assert_in("未归档", text)
    assert "NOT ARCHIVED" not in text  # a Chinese form in Chinese only
    assert_in(record["narrative"], text)
    assert_in(labels("zh_CN")["not_sealed"], text)
    assert form_filename(record) == "draft-123.pdf"
    pages = page_count(pdf, tmp_path)
    # The mark is on every page: the watermark and the footer.
    for page in range(1, pages + 1):
        one = subprocess.run(
            [require_program("pdftotext"), "-f", str(page), "-l", str(page), str(tmp_path / "form.pdf"), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert squeeze(one).count("未归档") >= 2, page
    # The watermark's big letters no longer come out of the text one by one between the form's lines ("HI", "VE",
    # "档" on lines of their own): its words are a picture.
    stray = [line for line in text.splitlines() if 0 < len(line.strip()) <= 2 and line.strip() in "NOT ARCHIVED未归档/"]
    assert stray == [], stray


def test_one_office_decision_is_one_row_of_the_history_and_its_offer_is_named(tmp_path: Path) -> None:
    """Review: one decision printed three rows at the same minute (办公室修改补偿, 已决定，待顾客答复, 办公室作出
    决定), and the desk telling the customer the office's decision printed 提出处理方案: a reader looked for a
    proposal that was not there."""
    record = full_record()
    record["history"] = [
        {"at": "2026-03-05T19:20:00", "action": "escalated", "by": "王芳"},
        {"at": "2026-03-05T19:31:00", "action": "remedy_changed", "by": "李军"},
        {"at": "2026-03-05T19:31:00", "action": "decided", "by": "李军"},
        {"at": "2026-03-05T19:31:00", "action": "decision", "by": "李军"},
        {"at": "2026-03-05T19:36:00", "action": "proposed", "by": "王芳"},
        {"at": "2026-03-05T19:40:00", "action": "consent", "by": "王芳"},
        {"at": "2026-03-05T19:45:00", "action": "proposed", "by": "王芳"},
        {"at": "2026-03-05T20:05:00", "action": "decided", "by": "李军"},
    ]
    text = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    history = text[text.index("处理经过") :]
    assert history.count("办公室修改补偿；办公室作出决定") == 1 and "已决定，待顾客答复" in history
    assert history.count("办公室作出决定") == 1, "once for the decision of 19:31"
    assert history.count("向顾客转达办公室决定") == 1 and history.count("提出处理方案") == 1, "the second is the desk's"


def test_a_withdrawn_case_says_so_where_it_ends_and_why_on_its_first_page(tmp_path: Path) -> None:
    """Review: a withdrawn form said 结案时间 / 结案人, "尚无处理方案" on a sealed record, a grid of dashes for the
    customer's answer, and its reason alone at the foot of the last page."""
    record = full_record() | {"state": "withdrawn", "proposals": [], "consent": "", "satisfaction": None,
                              "witness": "", "signature_png": None}  # fmt: skip
    record["withdrawn_reason"] = "顾客表示不再追究，已离店。"
    for language, expected, gone in (
        ("zh_CN", ("撤回时间", "撤回登记人", "撤回原因顾客表示不再追究", "顾客撤回前未提出处理方案",
                   "顾客撤回投诉，未作确认"), ("结案时间", "尚无处理方案")),
        ("en", ("Withdrawn", "Withdrawal recorded by", "Reason for withdrawal",
                "No proposal was made before the customer withdrew",
                "The customer withdrew the complaint without answering"), ("Closed by", "No proposal yet")),
    ):  # fmt: skip
        pdf = render_archive_form(record, organisation=ORGANISATION, language=language)
        first = subprocess.run([require_program("pdftotext"), "-l", "1", "-", "-"], input=pdf, capture_output=True,
                               check=True).stdout.decode()  # fmt: skip
        for words in expected:
            assert_in(words, first)
        assert not any(squeeze(words) in squeeze(first) for words in gone), (language, gone)
        assert squeeze(first).count(squeeze("顾客表示不再追究")) == 1, "once, not again under 六"


@pytest.mark.parametrize(
    ("minutes", "chinese", "english"),
    [(2880, "2026-03-05 19:12（48小时）", "2026-03-05 19:12 (48 h)"), (30, "2026-03-05 19:12（30分钟）", None),
     (4320, "2026-03-05 19:12（3天）", "2026-03-05 19:12 (3 days)"), (150, "（2小时30分钟）", "(2 h 30 min)")],
)  # fmt: skip
def test_the_reply_promised_prints_in_days_and_hours(
    tmp_path: Path, minutes: int, chinese: str, english: str | None
) -> None:
    """The draft printed "2026-12-07 11:14（2880 分钟）": a promise is said in days and hours, as the forms say a
    delay ("已超过承诺时间9天")."""
    record = open_record() | {"promised_minutes": minutes}
    text = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    assert squeeze(chinese) in text and (minutes < 60 or f"（{minutes}分钟）" not in text)
    if english:
        assert_in(english, pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path))


# --------------------------------------------------------------------------- fonts and stability


@pytest.mark.real_component
def test_the_cjk_truetype_font_is_embedded(tmp_path: Path) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    program = require_program("pdffonts")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(render_archive_form(full_record(), organisation=ORGANISATION, font_file=str(WQY)))
    table = subprocess.run([program, str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in table.splitlines()[2:] if line.strip()]
    assert rows, table
    assert any("WenQuanYi" in row[0] and "TrueType" in row and row[-5] == "yes" for row in rows), table
    # Nothing else (no Helvetica left over): every font is embedded.
    assert all(row[-5] == "yes" for row in rows), table
    assert cjk_fonts(str(WQY)).embedded


@pytest.mark.real_component
def test_the_configured_font_comes_before_the_system_fonts(tmp_path: Path) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    configured = tmp_path / "office-font.ttc"
    configured.symlink_to(WQY)
    fonts = cjk_fonts(str(configured))
    assert fonts.source == str(configured)
    assert fonts.embedded


def test_without_any_cjk_font_the_builtin_cid_font_prints_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paper_fonts, "_system_candidates", list)
    monkeypatch.setattr(paper_fonts, "_fontconfig_candidate", lambda: None)
    nowhere = str(tmp_path / "no-such-font.ttf")
    fonts = cjk_fonts(nowhere)
    assert (fonts.regular, fonts.embedded, fonts.source) == (paper_fonts.CID_FALLBACK, False, None)
    record = full_record()
    record["demand"] = "开头😀中间"
    pdf = render_archive_form(record, organisation=ORGANISATION, font_file=nowhere)
    text = pdf_text(pdf, tmp_path)
    assert_in(record["narrative"], text)
    assert_in("开头□中间", text)
    listing = subprocess.run(
        [require_program("pdffonts"), str(tmp_path / "form.pdf")], capture_output=True, check=True, text=True
    ).stdout
    assert "STSong-Light" in listing


def test_a_configured_font_that_cannot_print_chinese_is_passed_over(tmp_path: Path) -> None:
    useless = tmp_path / "not-a-font.ttf"
    useless.write_bytes(b"this is no font")
    fonts = cjk_fonts(str(useless))
    assert fonts.source != str(useless)
    assert fonts.regular


def test_invariant_renders_are_byte_identical() -> None:
    first = render_archive_form(full_record(), organisation=ORGANISATION, invariant=True)
    second = render_archive_form(copy.deepcopy(full_record()), organisation=ORGANISATION, invariant=True)
    assert first.startswith(b"%PDF-")
    assert first == second


def test_metadata(tmp_path: Path) -> None:
    program = require_program("pdfinfo")
    path = tmp_path / "meta.pdf"
    path.write_bytes(render_archive_form(full_record(), organisation=ORGANISATION))
    info = subprocess.run([program, str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Title:\s+投诉处理记录表 TS-2026-000123$", info, re.MULTILINE), info
    assert re.search(rf"^Author:\s+{ORGANISATION}$", info, re.MULTILINE), info
    assert re.search(r"^Subject:\s+\S", info, re.MULTILINE), info
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE), info


# --------------------------------------------------------------------------- hostile input


def test_markup_characters_print_as_text(tmp_path: Path) -> None:
    record = full_record()
    record["narrative"] = "顾客写道：<b>&amp;</b> 不是 <i>标记</i> & < > \" ' <para>"
    record["customer"]["name"] = "<font size=40>陈</font>"
    record["proposals"][0]["lines"][0]["description"] = "A&B <br/> C"
    text = pdf_text(render_archive_form(record, organisation="<b>锦江</b> & Co"), tmp_path)
    assert_in(record["narrative"], text)
    assert_in("<font size=40>陈</font>", text)
    assert_in("A&B <br/> C", text)
    assert_in("<b>锦江</b> & Co", text)


def test_a_very_long_narrative_flows_over_pages_and_nothing_is_cut(tmp_path: Path) -> None:
    record = full_record()
    sentence = "顾客反映菜品上桌太慢而且服务员态度冷淡，"
    narrative = (sentence * (20_000 // len(sentence) + 1))[:19_990] + "最后十个字到此为止。"
    assert len(narrative) == 20_000
    record["narrative"] = narrative
    pdf = render_archive_form(record, organisation=ORGANISATION)
    assert page_count(pdf, tmp_path) >= 5
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "最后十个字到此为止。" in text
    assert_in(record["demand"], text)
    # Every character of the narrative is on the form, in order, once the page
    # furniture between its pieces (footer, running header) is taken out.
    furniture = (
        r"封存摘要：[0-9a-f]{16}",
        r"归档编号：TS-2026-000123",
        r"第\d+页/共\d+页",
        rf"{ORGANISATION}·投诉处理记录表",
        r"TS-2026-000123",
        r"投诉内容（原话）",  # the label carried on each page the narrative continues on
        r"（续）",
    )
    body = re.sub("|".join(furniture), "", text)
    assert narrative in body


def test_a_long_word_without_spaces_wraps(tmp_path: Path) -> None:
    record = full_record()
    record["findings"] = "x" * 5_000 + "END"
    record["staff_involved"] = "W" * 300
    text = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    assert text.count("x") >= 5_000
    assert "END" in text


def test_emoji_right_to_left_and_control_characters_do_not_break_the_form(tmp_path: Path) -> None:
    record = full_record()
    record["narrative"] = "开头😀👍🏽👨‍👩‍👧 שלום עולם مرحبا بالعالم\x00\x07\x1b\u200f\u202e中间\r\n\t结尾"
    record["customer"]["name"] = "陈\x00先生🙂"
    record["demand"] = "\ud800孤立代理\uffff"
    record["history"].append({"at": "2026-03-05T20:00:00", "action": "new_kind_of_event", "by": "王芳\x1b"})
    pdf = render_archive_form(record, organisation=ORGANISATION)
    text = pdf_text(pdf, tmp_path)
    # What the font cannot draw prints as a box, so the reader sees something was there.
    assert_in("开头□□□□□□□", text)
    assert_in("中间结尾", text)
    assert_in("陈先生□", text)
    assert_in("孤立代理", text)
    assert_in("new_kind_of_event", text)
    for character in "\x00\x07\x1b":
        assert character not in text


def test_clean_text_keeps_what_prints() -> None:
    assert clean_text("a\x00b\x07c\x1bd") == "abcd"
    assert clean_text("一\r\n二\r三\t四") == "一\n二\n三 四"
    assert clean_text("\u200f\u202eשלום") == "שלום"
    assert clean_text("a😀 b\n", covered={ord("a"), ord("b")}) == "a\u25a1 b\n"
    assert clean_text(None) == ""


def test_a_broken_signature_image_prints_a_note(tmp_path: Path) -> None:
    record = full_record()
    record["signature_png"] = base64.b64encode(b"not a png").decode("ascii")
    assert_in("签名图像无法读取", pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    record["signature_png"] = "%%% not base64 %%%"
    assert_in("签名图像无法读取", pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))


def test_verbal_consent_prints_the_witness(tmp_path: Path) -> None:
    record = full_record()
    record.update(signature_png=None, witness="前台收银员周丽")
    text = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path)
    # Chinese punctuation on a Chinese form (it once read "口头同意见证人: 前台收银员周丽").
    assert_in("未签名，口头同意，见证人：前台收银员周丽", text)
    english = pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path)
    assert_in("Not signed: verbal consent, witnessed by 前台收银员周丽", english)


def test_a_logo_is_drawn_and_a_missing_one_is_skipped(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(64, 32, {(x, y) for x in range(64) for y in range(32) if (x // 8 + y // 8) % 2}))
    with_logo = render_archive_form(full_record(), organisation=ORGANISATION, logo=str(logo), invariant=True)
    without = render_archive_form(full_record(), organisation=ORGANISATION, invariant=True)
    assert with_logo != without
    assert b"/Subtype /Image" in with_logo
    missing = render_archive_form(full_record(), organisation=ORGANISATION, logo=str(tmp_path / "gone.png"))
    assert missing.startswith(b"%PDF-")


# --------------------------------------------------------------------------- QR code and batches


def test_the_qr_code_on_the_page_encodes_number_and_digest(tmp_path: Path) -> None:
    """No QR decoder is installed: rasterise the footer and compare every
    module with the code reportlab encodes for the expected payload."""
    pytest.importorskip("PIL")
    from PIL import Image

    record = full_record()
    payload = qr_payload(record)
    assert payload == f"TS-2026-000123 {DIGEST}"
    pdf = render_archive_form(record, organisation=ORGANISATION)
    (tmp_path / "qr.pdf").write_bytes(pdf)
    dpi = 600
    scale = dpi / 72
    # Only the square the code is printed in, with a margin: a whole A4 page at 600 dpi is 35 million pixels.
    left, top = int((QR_X - 2 * mm) * scale), int((PAGE_HEIGHT - QR_Y - QR_SIZE - 2 * mm) * scale)
    side = int((QR_SIZE + 4 * mm) * scale)
    subprocess.run(
        [
            require_program("pdftoppm"),
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            str(dpi),
            "-x",
            str(left),
            "-y",
            str(top),
            "-W",
            str(side),
            "-H",
            str(side),
            "-gray",
            "-png",
            str(tmp_path / "qr.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    crop = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert crop.size == (side, side)
    widget = QrCodeWidget(payload, barLevel=QR_LEVEL)
    widget.qr.make()
    modules = widget.qr.modules
    count = len(modules)
    border = QR_BORDER
    module = QR_SIZE / (count + 2 * border)
    wrong = 0
    for row in range(count):
        for column in range(count):
            x = (QR_X + (column + border + 0.5) * module) * scale
            y = (PAGE_HEIGHT - (QR_Y + QR_SIZE - (row + border + 0.5) * module)) * scale
            dark = crop.getpixel((int(x) - left, int(y) - top)) < 128
            wrong += dark != bool(modules[row][column])
    assert wrong == 0, f"{wrong} of {count * count} modules differ"


def test_a_batch_writes_one_file_per_form(tmp_path: Path) -> None:
    second = full_record()
    second["archive_number"] = "TS-2026-000124"
    files = write_archive_forms([full_record(), second, open_record()], tmp_path / "out", organisation=ORGANISATION)
    assert [path.name for path in files] == ["TS-2026-000123.pdf", "TS-2026-000124.pdf", "draft-123.pdf"]
    assert all(path.read_bytes().startswith(b"%PDF-") for path in files)


def test_an_english_form_names_the_catalogue_entries_in_english(tmp_path: Path) -> None:
    record = copy.deepcopy(full_record())
    record["category_name_en"] = "Food quality"
    record["department_name_en"] = "Kitchen"
    for proposal in record["proposals"]:
        for line in proposal["lines"]:
            line["remedy_name_en"] = f"English {line['remedy']}"
    english = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path))
    assert "Foodquality" in english and "Kitchen" in english
    assert squeeze(f"English {record['proposals'][0]['lines'][0]['remedy']}") in english
    assert record["category_name"] not in english, "the Chinese name gives way to the English one"
    chinese = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION, language="zh_CN"), tmp_path))
    assert record["category_name"] in chinese and "Foodquality" not in chinese


def test_a_line_s_details_left_empty_are_not_its_remedy_again(tmp_path: Path) -> None:
    """Left empty, a line keeps its remedy's Chinese name as details: the form printed 现金补偿 | 现金补偿, and on the
    English form Cash compensation | 现金补偿 (the case view shows it once)."""
    record = copy.deepcopy(full_record())
    line = record["proposals"][0]["lines"][0]
    line["description"] = line["remedy_name"] = "现金补偿"
    line["remedy_name_en"] = "Cash compensation"
    chinese = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path)
    assert chinese.count("现金补偿") == 1
    english = pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path)
    assert "Cash compensation" in english and "现金补偿" not in english


def test_a_correction_names_its_field_as_the_dialog_does_and_masks_a_phone(tmp_path: Path) -> None:
    """Corrections printed the record's codes (customer_phone：13900001111, remedies：…) in both languages, and a
    corrected phone in full on a form that masks the phone everywhere else."""
    record = copy.deepcopy(full_record())
    record["amendments"][0]["corrections"] = {
        "customer_name": "潘静女士", "customer_phone": "13900001111", "remedies": "代金券实为100元", "other": "桌号12"
    }  # fmt: skip
    chinese = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    for shown in ("顾客：潘静女士", "联系电话：139****1111", "补偿方式和金额：代金券实为100元", "其他：桌号12"):
        assert shown in chinese, shown
    assert "customer_" not in chinese and "remedies" not in chinese and "13900001111" not in chinese
    whole = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION, full_phone=True), tmp_path))
    assert "联系电话：13900001111" in whole
    english = pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path)
    assert "Phone: 139****1111" in english and "Remedies and amounts: " in english and "Something else: " in english


def test_what_came_of_each_follow_up_prints_beside_it(tmp_path: Path) -> None:
    """House rule 10: the call-back done and what the customer said reached the case view, never the archived form
    (the history said only "follow-up done")."""
    record = copy.deepcopy(full_record())
    assert len(record["follow_ups"]) == 2
    record["follow_up_outcomes"] = [{"done_at": "2026-03-06T10:05:00", "by": "张伟", "result": "顾客表示满意"}, None]
    chinese = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    assert "2026-03-0610:05张伟：顾客表示满意" in chinese and "尚未完成" in chinese
    english = pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path)
    assert "Outcome" in english and "Still owed" in english
    del record["follow_up_outcomes"]  # a record printed before outcomes were kept
    assert "尚未完成" in squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))


def test_the_history_is_a_row_a_step_and_a_promised_item_is_no_call_back(tmp_path: Path) -> None:
    """提出处理方案 then 方案内容 at the same minute (the details are printed under the resolution), and a promised
    letter listed as 安排回访 (a call-back)."""
    record = copy.deepcopy(full_record())
    proposed = record["history"].index(next(e for e in record["history"] if e["action"] == "proposed"))
    record["history"].insert(proposed + 1, {"at": "2026-03-05T19:05:00", "action": "proposal", "by": "王芳"})
    chinese = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path))
    assert "提出处理方案" in chinese and "方案内容" not in chinese
    assert "登记后续事项" in chinese and "安排回访" not in chinese


def test_a_label_and_its_value_are_joined_as_the_form_s_language_writes_them(tmp_path: Path) -> None:
    """A full-width colon on a Chinese form, ": " on an English one (the Chinese form once read "状态: 已结案")."""
    chinese = squeeze(pdf_text(render_archive_form(full_record(), organisation=ORGANISATION), tmp_path))
    for shown in ("投诉序号：123", "状态：已结案", "封存摘要：", "归档编号：TS-2026-000123", "日期："):
        assert shown in chinese, shown
    assert ": " not in pdf_text(render_archive_form(full_record(), organisation=ORGANISATION), tmp_path)
    english = pdf_text(render_archive_form(full_record(), organisation=ORGANISATION, language="en"), tmp_path)
    assert "State: Closed" in english and "Archive No.: TS-2026-000123" in english


def test_an_odd_last_field_runs_across_its_row() -> None:
    """A grid of three short fields: the third one's value spans the row (the risk section once printed
    "越级风险 | 高 |  |  " with an empty label and value beside it)."""
    from ui.paper.layout import FormLayout

    layout = FormLayout(language="zh_CN", fonts=cjk_fonts())
    table = layout.grid([("state", "已结案"), ("channel", "现场"), ("risk_level", "高")])
    assert len(table._cellvalues) == 2
    assert ("SPAN", (1, 1), (3, 1)) in [tuple(command) for command in table._spanCmds]
    even = layout.grid([("state", "已结案"), ("channel", "现场")])
    assert not even._spanCmds


@pytest.mark.real_component
@pytest.mark.parametrize(
    ("language", "printed"),
    [
        ("zh_CN", ["关联外部投诉", "外部投诉：#7 12345热线"]),
        ("en", ["Linked to an external case", "External case: #7 12345热线"]),
    ],
)
def test_the_link_to_an_external_case_prints_in_the_form_s_words(
    tmp_path: Path, language: str, printed: list[str]
) -> None:
    """The amendment the application writes when a sealed case reaches the office from outside (its reason and key
    stored in the seal as models.control.external writes them), not 'external_case：'."""
    from models.control.external import LINK_KEY, LINK_REASON

    record = full_record()
    record["amendments"].append({**record["amendments"][0], "reason": LINK_REASON,
                                 "corrections": {LINK_KEY: "#7 12345热线 · 2026-03-20"}})  # fmt: skip
    text = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION, language=language), tmp_path))
    for words in printed:
        assert squeeze(words) in text, words
    assert "external_case" not in text


@pytest.mark.real_component
def test_the_boxes_to_sign_never_stand_alone_at_the_top_of_a_page(tmp_path: Path) -> None:
    """The boxes to sign stay on the page of the history's last events (with 3–6 and 29–32 events of this record
    they went alone to a page of their own: a signature under nothing)."""
    for count in (*range(3, 7), *range(28, 33)):
        record = full_record()
        record["history"] = [
            {"at": "2026-03-05T18:42:10", "action": "received", "by": f"经办{n}号"} for n in range(1, count + 1)
        ]
        pages = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path).split("\f")
        signed = next(page for page in pages if "值班经理签字" in page)
        assert f"经办{count}号" in signed and f"经办{count - 1}号" in signed, count


@pytest.mark.real_component
def test_a_remedies_total_never_goes_alone_to_the_next_page(tmp_path: Path) -> None:
    """Whatever the number of lines, the total row stays on the page of the last line (it went alone under a
    repeated header, at 39 lines of this record)."""
    for count in range(36, 42):
        record = full_record()
        proposal = record["proposals"][0]
        proposal["lines"] = [dict(proposal["lines"][0], description=f"第{i}项补偿说明") for i in range(1, count + 1)]
        pages = pdf_text(render_archive_form(record, organisation=ORGANISATION), tmp_path).split("\f")
        last = next(page for page in pages if f"第{count}项补偿说明" in page)
        assert "合计" in squeeze(last.split(f"第{count}项补偿说明", 1)[1]), count


def test_an_english_form_speaks_english_in_its_stamps_units_and_times(tmp_path: Path) -> None:
    """The English form carried "未归档 / NOT ARCHIVED" and "演示数据 / DEMO DATA", priced in "CNY" where every
    screen says yuan, and called the reply time "Answer promised by" where the screens say "Reply promised by". A
    Chinese form carried the English too: each is stamped in its own language only."""
    form = render_archive_form(open_record(), organisation=ORGANISATION, language="en", demo=True)
    english = pdf_text(form, tmp_path)
    assert "NOT ARCHIVED" in english and "DEMO DATA" in english
    assert "未归档" not in english and "演示数据" not in english
    assert "Amount (yuan)" in english and "CNY" not in english
    assert "Replypromisedby" in squeeze(english) and "Answer promised" not in english
    chinese = squeeze(pdf_text(render_archive_form(open_record(), organisation=ORGANISATION, demo=True), tmp_path))
    assert "演示数据" in chinese and "未归档" in chinese
    assert "DEMODATA" not in chinese and "NOTARCHIVED" not in chinese


def test_an_answered_proposal_is_not_headed_offered(tmp_path: Path) -> None:
    """"Proposal 1 · Offered to the customer" stood above "Customer's answer: Declined" and was read as the outcome:
    an answered proposal is headed by its number alone, its answer under it; one not answered yet is still offered."""
    record = copy.deepcopy(full_record())
    declined, accepted = record["proposals"]
    declined |= {"decision": "", "answer": "declined", "answered_at": "2026-03-05T19:10:00"}
    accepted |= {"decision": "", "needs_office": False, "answer": "accepted", "answered_at": "2026-03-05T19:40:00"}
    pending = copy.deepcopy(declined) | {"seq": 3, "status": "offered", "answer": "", "answered_at": None}
    record["proposals"].append(pending)
    text = squeeze(pdf_text(render_archive_form(record, organisation=ORGANISATION, language="en"), tmp_path))
    assert text.count("Offeredtothecustomer") == 1 and "Proposal3·Offeredtothecustomer" in text
    assert "Proposal1" in text and "Proposal2" in text and "Proposal1·" not in text and "Proposal2·" not in text


def test_the_chinese_form_names_its_fields_as_the_screens_do(tmp_path: Path) -> None:
    """Review d: the place the problem happened printed as 受理地点 (where it was received), the way it came in as
    投诉渠道 (the outside bodies' word), promised items under 回访 (call-backs) only; the narrative's label broke
    as 投诉内容（顾客原 / 话）; 签字, 涉及员工, 顾客诉求 and 已移至安静处 beside the screens' 签名, 当事员工, 顾客要求
    and 已请到安静处; 案件序号 where everything else is a 投诉."""
    text = pdf_text(render_archive_form(full_record(), organisation=ORGANISATION), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    for label in ("发生地点", "投诉来源", "投诉内容（原话）", "顾客要求", "当事员工", "已请到安静处", "顾客签名"):
        assert label in lines, label
    assert "回访、承诺事项与改进" in squeeze(text) and "投诉序号" in squeeze(text)
    for old in ("受理地点", "投诉渠道", "回访安排", "回访类型", "顾客诉求", "涉及员工", "顾客签字", "案件"):
        assert old not in squeeze(text), old
