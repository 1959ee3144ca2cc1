"""Rows and parts of the complaint form continued over a page break (review, paper 2 and 3): a table's header
only at the top of a page, a row or field continued on the next page carrying its label with （续）/(cont.), and a
proposal's part at the top of a page headed by its proposal."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_archive_form import full_record

from ui.paper.archive_form import render_archive_form

from conftest import require_program

ORGANISATION = "锦江花园酒店"
CONTINUED = {"zh_CN": "（续）", "en": "(cont.)"}
FOLLOW_UP_HEADER = {"zh_CN": ("类型", "时间"), "en": ("Kind", "Due")}


def pages(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Each page's lines as pdftotext lays them out, without the running header and blank lines."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [require_program("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [lines[1:] if number else lines for number, lines in enumerate(found) if lines]


def follow_ups(count: int) -> list[dict[str, str]]:
    return [
        {"kind": "call_back", "due_at": "2026-03-07T10:00:00",
         "description": f"第{i}次：" + "电话回访用餐体验并确认代金券已收到，" * 8}
        for i in range(count)
    ]  # fmt: skip


def is_header(line: str, language: str) -> bool:
    first, second = FOLLOW_UP_HEADER[language]
    return line.startswith(first) and second in line.split()[1:3]


def test_a_table_s_header_repeats_only_at_the_top_of_a_page_and_a_split_row_keeps_its_label(tmp_path: Path) -> None:
    """rep30: with a row of the follow-ups split over pages 3 and 4, the header 类型/时间/内容/结果 printed a second
    time in the middle of page 3, and the row's rest on page 4 had no kind or time."""
    continued_rows = 0
    for language in ("zh_CN", "en"):
        for lines in range(0, 100, 9):
            record = full_record()
            record["narrative"] = "顾客反映：" + "等了四十多分钟还没上菜，" * lines
            record["follow_ups"] = follow_ups(6)
            for number, page in enumerate(pages(render_archive_form(record, organisation=ORGANISATION,
                                                                    language=language), tmp_path)):  # fmt: skip
                headers = [index for index, line in enumerate(page) if is_header(line, language)]
                assert len(headers) <= 1, (language, lines, number, page)
                # The header under the section's band where the table starts, else at the top of the page.
                if headers and headers[0] > 0:
                    assert page[headers[0] - 1].startswith(("五、", "5. ")), (language, lines, number, page)
                if headers == [0] and not page[1].startswith(("电话回访", "Call-back")):
                    raise AssertionError(f"a continued row without its kind: {page[:4]}")
                if headers == [0] and CONTINUED[language] in page[1] + page[2]:
                    continued_rows += 1
    assert continued_rows, "no row split over two pages: the test says nothing"


def test_a_long_field_continued_on_the_next_page_carries_its_label(tmp_path: Path) -> None:
    """The stress form's page 2: the narrative's and the findings' rest under an empty label cell."""
    record = full_record()
    record["narrative"] = "我们一家四口六点半入座，点的清蒸鲈鱼等了四十多分钟还没上。" * 120
    record["findings"] = "经查，当晚宴会厅同时有两场婚宴，后厨人手不足；" * 120
    for language, narrative, findings in (
        ("zh_CN", "投诉内容（原话）", "调查结果"),
        ("en", "The complaint", "Findings"),
    ):
        printed = pages(render_archive_form(record, organisation=ORGANISATION, language=language), tmp_path)
        carried = []
        for page in printed[1:]:
            # Never the text's rest under an empty label: pdftotext's line then began with the text.
            assert not page[0].startswith(("我们一家四口", "经查", "，", "。")), (language, page[:3])
            # The label, (cont.) under it.
            if page[0].startswith((narrative, findings)) and any(
                line.startswith(CONTINUED[language]) for line in page[1:6]
            ):
                carried.append(narrative if page[0].startswith(narrative) else findings)
        assert narrative in carried and findings in carried, (language, [page[:2] for page in printed])


def test_a_proposal_s_part_at_the_top_of_a_page_says_which_proposal_it_belongs_to(tmp_path: Path) -> None:
    """The office's decision and the customer's answer could start a page with nothing to say which proposal they
    were about: a part of a proposal at a page's top is headed 方案 2（续）/ Proposal 2 (cont.)."""
    parts = {
        "zh_CN": ("办公室决定", "决定说明", "顾客答复", "方案说明", "序号"),
        "en": ("Office decision", "Note", "Explanation", "No."),  # "Customer's answer" wraps: told apart in Chinese
    }
    headed = 0
    for language, caption in (("zh_CN", "方案 2（续）"), ("en", "Proposal 2 (cont.)")):
        for lines in range(0, 120, 3):
            record = full_record()
            record["narrative"] = "顾客反映：" + "等了四十多分钟还没上菜，" * lines
            record["proposals"][1] |= {"answer": "accepted", "answered_at": "2026-03-05T19:40:00"}
            record["proposals"][0] |= {"answer": "declined", "answered_at": "2026-03-05T19:10:00"}
            for page in pages(render_archive_form(record, organisation=ORGANISATION, language=language), tmp_path):
                assert not page[0].startswith(parts[language]), (language, lines, page[:3])
                if page[0] == caption:
                    headed += 1
                    assert page[1].startswith((*parts[language], "Customer's")), page[:3]
    assert headed, "no proposal's part began a page: the test says nothing"


def test_a_heading_goes_with_the_start_of_its_table_not_all_of_it(tmp_path: Path) -> None:
    """Kept with the whole table after it, a heading moved to the next page with it whenever the table did not fit
    in what was left: a form of four proposals printed pages 30 % and 60 % empty. The table's first rows go with
    the heading; the rest goes over the page. Only when not even those fit does the heading begin the next page."""
    import io

    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table

    from ui.paper.fonts import cjk_fonts
    from ui.paper.page import form_document
    from ui.paper.styles import form_styles

    fonts = cjk_fonts()
    styles = form_styles(fonts.regular, fonts.bold)

    def first_page(room: float) -> str:
        """The first page's text when ``room`` is left under a filler for the heading and a 40-row table."""
        output = io.BytesIO()
        document = form_document(output, "t", "o", "s", fonts.regular, "zh_CN", invariant=True)
        frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="f")
        document.addPageTemplates([PageTemplate(id="p", frames=[frame])])
        heading = Paragraph("六、回访、承诺事项与改进", styles.heading)
        heading.keepWithNext = True
        table = Table([[f"row {n}.", "text"] for n in range(1, 41)])
        document.build([Spacer(1, document.height - room - 12), heading, table])
        path = tmp_path / "t.pdf"
        path.write_bytes(output.getvalue())
        text = subprocess.run([require_program("pdftotext"), str(path), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        return text.split("\f")[0]

    roomy = first_page(60 * mm)  # the heading and a dozen rows fit, not 40
    assert "六、回访" in roomy and "row 1." in roomy and "row 40." not in roomy
    tight = first_page(6 * mm)  # not even the heading and two rows: it begins the next page, with them
    assert "六、回访" not in tight and "row 1." not in tight


def test_a_short_grid_and_a_few_remedies_move_whole_rather_than_split() -> None:
    """Review: 方案 1（续）began a page with the answer's last row alone ("满意度 4 / 5"), and a proposal's three
    remedies printed two on one page and one on the next. Asked to split where one row fits, a short grid and a
    table of a few remedies give nothing (they go whole to the next page); a longer one still splits."""
    from ui.paper.archive_form import _FormBuilder
    from ui.paper.fonts import cjk_fonts
    from ui.paper.layout import CONTENT_WIDTH

    builder = _FormBuilder(full_record(), language="zh_CN", organisation=ORGANISATION, full_phone=False, logo=None,
                           fonts=cjk_fonts())  # fmt: skip
    answer = builder.grid([("customer_answer", "接受"), ("answered_at", "2026-03-05 19:40"), ("satisfaction", "4 / 5")])
    height = answer.wrap(CONTENT_WIDTH, 1000)[1]
    assert answer.split(CONTENT_WIDTH, height * 0.75) == [], "two rows: whole on the next page"
    many = builder.grid([(key, "x") for key in ("customer_answer", "answered_at", "satisfaction", "created_by",
                                                 "created_at", "needs_office", "proposal_total", "decided_by")])
    height = many.wrap(CONTENT_WIDTH, 1000)[1]
    assert len(many.split(CONTENT_WIDTH, height * 0.6)) == 2, "four rows split as before"
    proposal = full_record()["proposals"][0]
    lines = [{"remedy_name": "赠送饮料", "amount": "20.00"}] * 3
    remedies = builder.remedies({**proposal, "lines": lines, "total": "60.00"})
    height = remedies.wrap(CONTENT_WIDTH, 1000)[1]
    assert remedies.split(CONTENT_WIDTH, height * 0.8) == [], "three remedies and their total stay together"
