"""Chinese line breaking on paper: no line begins with punctuation that cannot begin one, even two of them in a
row ("”，", "）！"), which reportlab hung one of in the margin and began the next line with the other."""

from __future__ import annotations

import pytest
from reportlab.lib import textsplit
from reportlab.platypus import Paragraph

from ui.paper.fonts import cjk_fonts
from ui.paper.styles import form_styles
from ui.paper.text import markup

TEXT = "服务员说“厨房忙，您再等等”，（真的）！Order No. 123我们等了很久。服务员说“厨房忙”，（原话）！OK好吧。"
WIDTH = 200  # points: a narrow cell, so the punctuation falls at the end of a line at many offsets


def lines_of(text: str, bold_word: bool) -> list[str]:
    fonts = cjk_fonts()
    styles = form_styles(fonts.regular, fonts.bold)
    # One style: reportlab's wordSplit; a word in bold: several frags, its cjkFragSplit.
    written = markup(text).replace("厨房忙", "<b>厨房忙</b>", 1) if bold_word else markup(text)
    para = Paragraph(written, styles.body_cjk)
    para.wrap(WIDTH, 10_000)
    result = []
    for line in para.blPara.lines:
        if isinstance(line, tuple):  # one style: (extra space, [text])
            result.append("".join(line[1]))
        else:
            result.append("".join(str(word.text) for word in line.words))
    return result


@pytest.mark.parametrize("bold_word", [False, True], ids=["one style", "several"])
def test_no_line_begins_with_punctuation_that_cannot_begin_one(bold_word: bool) -> None:
    assert "，" in textsplit.ALL_CANNOT_START, "read as the forms extend it (ui.paper.fonts), not as imported before"
    begun_badly = []
    for lead in range(40):
        text = "甲" * lead + TEXT
        lines = lines_of(text, bold_word)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), "nothing lost or doubled (a space may go)"
        begun_badly += [(lead, line) for line in lines[1:] if line and line[0] in textsplit.ALL_CANNOT_START]
    assert begun_badly == []


def test_a_line_after_a_line_break_begins_as_written() -> None:
    lines = lines_of("第一行\n，第二行以逗号开头", bold_word=True)
    assert lines == ["第一行", "，第二行以逗号开头"]


MARKS = (
    "厨房忙，当事员工：李大为（厨师长）、王建国（在场见证）。"
    "已超期 1 个工作日（截至 2026-10-08）。Verification:ok。"
)


def widths_of(text: str, bold_word: bool) -> list[tuple[str, float]]:
    """Each line of ``text`` in the narrow cell and the width it takes."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = cjk_fonts()
    size = form_styles(fonts.regular, fonts.bold).body_cjk.fontSize
    return [(line, stringWidth(line, fonts.regular, size)) for line in lines_of(text, bold_word)]


@pytest.mark.parametrize("bold_word", [False, True], ids=["one style", "several"])
def test_no_character_hangs_past_the_line_and_no_line_ends_with_an_opening_bracket(bold_word: bool) -> None:
    """reportlab hung a closing mark past the line's end: in a table it was drawn over the cell's border ("李大为
    （厨师长）、" and "（截至 2026-12-07）"); and a line ended "王建国（" with "在场见证）" on the next. A word or a
    number goes down whole ("2026-10-0" / "8）" and "verificatio" / "n:" were what a first mend made)."""
    over, opened, cut = [], [], []
    for lead in range(40):
        text = "甲" * lead + MARKS
        lines = widths_of(text, bold_word)
        assert "".join(line for line, _ in lines).replace(" ", "") == text.replace(" ", "")
        over += [(lead, line) for line, width in lines if width > WIDTH + 0.5]
        opened += [(lead, line) for line, _ in lines[:-1] if line and line[-1] in "（“"]
        cut += [(lead, line) for line, _ in lines if line.startswith(("8", "n:", "26-", "ication"))]
    assert (over, opened, cut) == ([], [], [])


def test_a_space_before_punctuation_that_cannot_begin_a_line_does_not_let_it_begin_one() -> None:
    """A space before a question mark ("等 ？") at a line's end: the break moved back before the space, which
    reportlab strips, and the line after began with the question mark all the same. The word before goes down."""
    text = "顾客说我们让他等了很久很久很久很久又等 ？桌子也没擦 ，服务员 （姓王）说“没办法 ”。" * 3
    begun_badly, lost = [], []
    for lead in range(30):
        lines = lines_of("甲" * lead + text, bold_word=False)
        if "".join(lines).replace(" ", "") != ("甲" * lead + text).replace(" ", ""):
            lost.append(lead)
        begun_badly += [(lead, line) for line in lines[1:] if line and line[0] in textsplit.ALL_CANNOT_START]
    assert (begun_badly, lost) == ([], [])


def test_every_line_of_a_long_narrative_keeps_the_rules() -> None:
    """A narrative of thousands of characters is wrapped line by line (it was wrapped again from each mended line
    to its end: seconds a page, over a minute for a form of 20,000 characters), with the same rules all through."""
    text = "顾客反映菜品上桌太慢（等了40分钟），服务员说“厨房忙”！经理王建国（在场）道歉。" * 150
    lines = widths_of(text, bold_word=False)
    assert "".join(line for line, _ in lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) >= 300
    assert [line for line, _ in lines[1:] if line[0] in textsplit.ALL_CANNOT_START] == []
    assert [line for line, width in lines if width > WIDTH + 0.5] == []
    assert [line for line, _ in lines[:-1] if line[-1] in "（“"] == []


def test_each_paragraph_of_a_text_with_line_breaks_keeps_the_rules_and_begins_a_line() -> None:
    """A narrative typed in paragraphs (several frags: its line breaks) is wrapped a paragraph at a time."""
    paragraphs = [
        "顾客反映菜品上桌太慢（等了40分钟），服务员说“厨房忙”！经理王建国（在场）道歉。" * (n + 1) for n in range(4)
    ]
    lines = lines_of("\n".join(paragraphs), bold_word=True)
    assert "".join(lines).replace(" ", "") == "".join(paragraphs)
    firsts = [index for index, line in enumerate(lines) if line.startswith("顾客反映")]
    assert len(firsts) >= len(paragraphs) and firsts[0] == 0
    begun_badly = [line for line in lines[1:] if line and line[0] in textsplit.ALL_CANNOT_START]
    assert begun_badly == []
