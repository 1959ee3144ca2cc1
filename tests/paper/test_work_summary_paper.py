"""The work summary on paper: the PDF's text as pdftotext reads it, and the Word document as python-docx reads
it — headings, paragraphs, the figures and the charts' data, the Chinese fonts of its styles."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from models.analysis.summary_document import SECTION_ORDER, Bar, heading
from ui.paper.summary_files import file_format
from ui.paper.work_summary import render_work_summary, summary_words, top_bars
from ui.paper.work_summary_docx import render_work_summary_docx

from conftest import require_program, sample_summary


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdftotext = require_program("pdftotext")
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.real_component
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_pdf_reads_as_the_document(language: str, tmp_path: Path) -> None:
    document = sample_summary(language)
    text = pdf_text(render_work_summary(document, version=3, saved="2026-11-03 10:00", invariant=True), tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", document.title) in flat
    positions = [flat.index(re.sub(r"\s+", "", heading(key, language))) for key in SECTION_ORDER]
    assert positions == sorted(positions), "the sections in their order"
    for key in SECTION_ORDER:
        for paragraph in document.paragraphs(key):
            assert re.sub(r"\s+", "", paragraph) in flat
    for figure in document.figures:
        assert re.sub(r"\s+", "", figure.label) in flat and re.sub(r"\s+", "", figure.value) in flat
    if language == "zh_CN":
        assert "草稿·第3版（2026-11-0310:00，未签发）" in flat
        assert "示例酒店" in flat and "撰写人：马晓红" in flat and "马晓红2026年11月3日" in flat  # 落款 in Chinese
        assert "图1各类投诉数量（本期与上期）" in flat and "餐饮部" in flat
        assert flat.count("2026年10月投诉管控工作总结·草稿，未签发·第") == 2, "each page's foot: title, draft"
        assert "第1页/共2页" in flat
        # The week of 28 September has 4 of its days in October: starred, and said under the chart.
        assert "09-28*" in flat and "*不满一周，只计总结期间内、截至统计之日的日子：09-28起的一周只有4天。" in flat
    else:
        assert "Draft·version3(2026-11-0310:00,notsignedoff)" in flat
        said = "*Partofaweek:onlyitsdaysinsidetheperiod,uptothedaycountedthrough(theweekof09-28:4ofits7days)."
        assert "09-28*" in flat and said in flat
        assert "Page1of2" in flat


@pytest.mark.real_component
def test_the_week_a_draft_was_made_in_is_starred_as_part_of_a_week(tmp_path: Path) -> None:
    """A summary of a month not over: its last week's line fell from 46 to 6, unstarred, a collapse that did not
    happen (its figures were read on the week's second day); a summary stored before the day was kept reads its
    落款's date."""
    import dataclasses
    import datetime as dt

    document = sample_summary()
    charts = dataclasses.replace(document.charts, counted_through="2026-10-13")
    made_on_tuesday = dataclasses.replace(document, charts=charts)
    flat = re.sub(r"\s+", "", pdf_text(render_work_summary(made_on_tuesday, invariant=True), tmp_path))
    assert "10-12*" in flat and "09-28起的一周只有4天；10-12起的一周只有2天。" in flat
    dated = dataclasses.replace(document.sign_off, date=dt.date(2026, 10, 14))
    stored_before = dataclasses.replace(document, sign_off=dated)
    flat = re.sub(r"\s+", "", pdf_text(render_work_summary(stored_before, invariant=True), tmp_path))
    assert "10-12*" in flat and "10-12起的一周只有3天。" in flat


@pytest.mark.real_component
def test_a_signed_summary_names_who_signed_it(tmp_path: Path) -> None:
    data = render_work_summary(sample_summary(), signed_by="马晓红", signed_on="2026-11-04", invariant=True)
    flat = re.sub(r"\s+", "", pdf_text(data, tmp_path))
    assert "已签发：马晓红2026-11-04" in flat and "草稿" not in flat
    assert "2026年10月投诉管控工作总结·第2页/共2页" in flat


def test_the_pdf_is_the_same_bytes_each_time_in_invariant_mode() -> None:
    document = sample_summary()
    assert render_work_summary(document, invariant=True) == render_work_summary(document, invariant=True)


def test_the_word_document_of_demo_data_says_so_on_every_page() -> None:
    """The PDF of a demo database carried DEMO DATA on every page, its Word version on none."""
    marked = Document(io.BytesIO(render_work_summary_docx(sample_summary(), demo=True)))
    assert [p.text for p in marked.sections[0].header.paragraphs] == ["演示数据"]
    plain = Document(io.BytesIO(render_work_summary_docx(sample_summary())))
    assert "".join(p.text for p in plain.sections[0].header.paragraphs) == ""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_word_document_holds_the_text_the_figures_and_the_charts_data(language: str) -> None:
    document = sample_summary(language)
    docx = Document(io.BytesIO(render_work_summary_docx(document, version=2, saved="2026-11-03 10:00")))
    paragraphs = [(p.style.name, p.text) for p in docx.paragraphs if p.text]
    assert paragraphs[0] == ("Title", document.title)
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[:6] == [heading(key, language) for key in SECTION_ORDER]
    body = [text for style, text in paragraphs if style == "Normal"]
    for key in SECTION_ORDER:
        for paragraph in document.paragraphs(key):
            assert paragraph in body
    # The 落款's date as a Chinese official document writes it (it was 2026-11-03 under a title of 2026年10月).
    dated = "2026年11月3日" if language == "zh_CN" else "2026-11-03"
    sign_off = ["示例酒店", "撰写人：马晓红" if language == "zh_CN" else "Written by 马晓红", dated]
    start = body.index("示例酒店")
    assert body[start : start + 3] == sign_off
    figures, by_category, weekly, cost = docx.tables
    assert [[c.text for c in row.cells] for row in figures.rows[1:]] == [
        [f.label, f.value, f.compared] for f in document.figures
    ]
    assert [[c.text for c in row.cells] for row in by_category.rows[1:]] == [["菜品质量", "40", "35"],
                                                                           ["服务态度", "30", "33"]]  # fmt: skip
    assert [[c.text for c in row.cells] for row in weekly.rows[1:]] == [["2026-09-28*", "20"], ["2026-10-05", "31"],
                                                                      ["2026-10-12", "28"]]  # fmt: skip
    assert next(p.text for p in docx.paragraphs if p.text.startswith("*")).endswith(
        "09-28起的一周只有4天。" if language == "zh_CN" else "(the week of 09-28: 4 of its 7 days)."
    )
    assert [[c.text for c in row.cells] for row in cost.rows[1:]] == [["餐饮部", "3,200.50"], ["客房部", "1,800.00"]]


def test_the_word_document_sets_chinese_fonts_on_its_styles() -> None:
    docx = Document(io.BytesIO(render_work_summary_docx(sample_summary())))

    def east_asian(style: str) -> str | None:
        fonts = docx.styles[style].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "宋体"
    assert east_asian("Heading 1") == "黑体" and east_asian("Title") == "黑体"
    font_table = docx.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob.decode("utf-8")
    assert '<w:font w:name="宋体"><w:altName w:val="WenQuanYi Micro Hei"/>' in font_table
    assert docx.core_properties.title == "2026年10月投诉管控工作总结"
    assert docx.core_properties.language == "zh-CN"


def test_the_file_format_follows_the_name() -> None:
    assert [file_format(name) for name in ("a.pdf", "b.DOCX", "c.doc", "d")] == ["pdf", "docx", "", ""]


@pytest.mark.slow
def test_libreoffice_opens_the_word_document_when_installed(tmp_path: Path) -> None:
    """LibreOffice converts it to PDF with the Chinese text intact (skipped where LibreOffice is missing)."""
    import shutil

    office = shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "summary.docx"
    source.write_bytes(render_work_summary_docx(sample_summary()))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, check=True, timeout=180)  # fmt: skip
    flat = re.sub(r"\s+", "", pdf_text((tmp_path / "summary.pdf").read_bytes(), tmp_path))
    assert "2026年10月投诉管控工作总结" in flat and "三、存在的不足及原因" in flat


@pytest.mark.real_component
def test_the_sign_off_never_stands_alone_at_the_top_of_a_page(tmp_path: Path) -> None:
    """However long the text, the 落款 shares its page with the last paragraph (it stood alone above the
    appendix when the text ended at a page's foot)."""
    import dataclasses

    from models.analysis.summary_document import Section

    pdftotext = require_program("pdftotext")
    sample = sample_summary()
    last = sample.sections[-1]
    for extra in range(3, 11):  # around where the text ends at the foot of page 1
        filler = tuple(f"第{n}条：加强培训，落实首问负责制，并按月复查整改效果。" for n in range(extra))
        sections = (*sample.sections[:-1], Section(last.key, (*filler, *last.paragraphs)))
        path = tmp_path / "summary.pdf"
        path.write_bytes(render_work_summary(dataclasses.replace(sample, sections=sections), invariant=True))
        pages = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
        signed = next(page for page in pages.split("\f") if "撰写人：马晓红" in page)
        assert re.sub(r"\s+", "", last.paragraphs[-1]) in re.sub(r"\s+", "", signed), extra


@pytest.mark.real_component
def test_no_line_begins_with_a_full_width_comma_or_closing_quote(tmp_path: Path) -> None:
    """Chinese punctuation never begins a line (避头): reportlab's CJK breaking knew only Japanese text's marks."""
    import dataclasses

    from models.analysis.summary_document import Section

    sample = sample_summary()
    # One paragraph for each place the mark can fall at: somewhere it is where a line ends.
    paragraphs = tuple("结" * n + "，平均满意度4.06分；“窗口”。" for n in range(30, 46))
    sections = (Section(sample.sections[0].key, paragraphs), *sample.sections[1:])
    text = pdf_text(render_work_summary(dataclasses.replace(sample, sections=sections), invariant=True), tmp_path)
    starts = [line.strip()[:1] for line in text.splitlines() if line.strip()]
    assert not set(starts) & set("，；：！？”’"), [line for line in text.splitlines() if line.strip()[:1] in "，；”"]


@pytest.mark.parametrize(("language", "rest"), [("zh_CN", "其余4项"), ("en", "4 others")])
def test_a_chart_s_smaller_bars_are_summed_under_their_number_not_a_category_s_name(language: str, rest: str) -> None:
    bars = [Bar(f"类别{i}", 30 - i, 10) for i in range(12)] + [Bar("其他", 1, 2)]  # 其他 is a category too
    shown = top_bars(bars, summary_words(language)["others"])
    assert [bar.label for bar in shown] == [*(f"类别{i}" for i in range(9)), rest]
    assert (shown[-1].value, shown[-1].previous) == (21 + 20 + 19 + 1, 10 + 10 + 10 + 2)


@pytest.mark.real_component
def test_the_charts_group_their_figures_as_the_text_does(tmp_path: Path) -> None:
    """Chart 3's amounts read "19727.00" beside the text's "54,970.00"; the counts and the axes are grouped too."""
    import dataclasses

    from models.analysis.summary_document import Charts

    document = sample_summary("en")
    charts = Charts(
        by_category=(Bar("Food quality", 1234, 987), Bar("Waiting time", 45, 1200)),
        weekly=(("2026-09-28", 1500), ("2026-10-05", 2100)),
        cost_by_department=(Bar("Catering", 19727.0), Bar("Rooms", 1800.5)),
    )
    document = dataclasses.replace(document, charts=charts)
    flat = re.sub(r"\s+", "", pdf_text(render_work_summary(document, invariant=True), tmp_path))
    assert "19,727.00" in flat and "1,800.50" in flat and "19727.00" not in flat
    assert "1,234" in flat and "1,200" in flat and "2,100" in flat
    assert "10,000" in flat and "10000" not in flat, "the cost axis's ticks are grouped"
