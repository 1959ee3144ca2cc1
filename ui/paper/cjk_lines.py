"""Chinese line breaking on the printed forms: no line begins with punctuation that cannot begin one (避头), none
ends with an opening bracket (避尾), and none hangs a character past its end (over a table's border).

reportlab breaks CJK text between any two characters and, where the character that overflows a line cannot begin
the next, hangs it in the right margin: one character, never two. So a line still began with the second of two:
"…您再等等”" then "，（真的）" on the next line, "（原话）" then "！OK好吧". Wrapped here, for both of reportlab's
ways (``wordSplit`` for a paragraph in one style, ``cjkFragSplit`` for several): where a line would begin with such
a character, it breaks before the last character that may begin a line instead, so that character goes down with
the punctuation after it (推出: "等”，" begin the next line), and what follows is wrapped again from there.
``install`` puts them in reportlab's place (``ui.paper.fonts`` does, where every form finds its font).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

_word_split: Callable[..., list[list[Any]]] = paragraph.wordSplit
_frag_split: Callable[..., Any] = paragraph.cjkFragSplit


def _cannot_start(character: str) -> bool:
    return character in textsplit.ALL_CANNOT_START


# Opening brackets and quotes: a line never ends with one (避尾: "王建国（" then "在场见证）").
_CANNOT_END = textsplit.CANNOT_END_LINE[0]
_HUNG = -0.01  # a line's extra space below this: reportlab hung its last character in the margin, over a border


def _in_a_word(character: str) -> bool:
    """A letter, digit or sign of a Latin word or a number: not a CJK character, not a space."""
    return ord(character) < 0x3000 and not character.isspace()


def _end_break(text: str, start: int, line: str, extra: float, last: bool) -> int | None:
    """Where to break instead of after ``line`` (it begins at ``start`` of ``text``): before the character that
    goes down with the punctuation reportlab hung past the line's end (drawn over a cell's border), or before an
    opening bracket that ends it; None when the line may stay."""
    end = start + len(line)
    if extra < _HUNG and _cannot_start(line[-1]):
        at = _break_before(text, end - 1, start)
        # A word or a number goes down whole, not its last letter ("verificatio" / "n:", "2026-10-0" / "8）").
        while at is not None and at > start and _in_a_word(text[at - 1]) and _in_a_word(text[at]):
            at -= 1
        return at if at is not None and at > start else None
    if not last and line[-1] in _CANNOT_END and end - 1 > start:
        return end - 1
    return None


def _break_before(text: str, start: int, floor: int) -> int | None:
    """Where to break instead of before ``text[start]`` (a character that cannot begin a line): before the last
    character after ``floor`` (the line's first) that can; None when none can (the line is all such)."""
    at = start
    while at > floor and _cannot_start(text[at]):
        at -= 1
    return at if at > floor else None


def _rest(widths: Sequence[float], used: int) -> list[float]:
    """The widths of the lines after the first ``used``: reportlab takes the last for every line after it."""
    return list(widths[used:]) or [widths[-1]]


def word_split(word: Any, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8") -> list[Any]:
    """``reportlab.lib.textsplit.wordSplit`` without a line beginning with punctuation that cannot begin one."""
    lines = _word_split(word, max_widths, font_name, font_size, encoding)
    if not isinstance(word, str):
        return lines
    widths = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
    start = 0
    for index, (extra, text) in enumerate(lines):
        at = None
        if index and text and _cannot_start(text[0]):
            previous = start - len(lines[index - 1][1])
            at = _break_before(word, start, previous)
        if at is None and text:
            at = _end_break(word, start, text, extra, index == len(lines) - 1)
        if at is not None:
            head = _word_split(word[:at], widths, font_name, font_size, encoding)
            tail = word_split(word[at:], _rest(widths, len(head)), font_name, font_size, encoding)
            return [*head, *tail]
        start += len(text)
    return lines


def _line_text(line: Any) -> str:
    return "".join(str(getattr(word, "text", "")) for word in getattr(line, "words", ()))


def _split_frags(frags: Sequence[Any], at: int) -> tuple[list[Any], list[Any]]:
    """The frags holding the first ``at`` characters of their text, and those holding the rest (a frag across
    the point is cut in two)."""
    head: list[Any] = []
    tail: list[Any] = []
    position = 0
    for frag in frags:
        text = frag.text
        if position + len(text) <= at and (text or position < at):
            head.append(frag)
        elif position >= at:
            tail.append(frag)
        else:
            head.append(frag.clone(text=text[: at - position]))
            tail.append(frag.clone(text=text[at - position :]))
        position += len(text)
    return head, tail


def cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """``reportlab.platypus.paragraph.cjkFragSplit`` without a line beginning with punctuation that cannot begin
    one (a line after a line break, ``<br/>``, begins as it was written)."""
    para = _frag_split(frags, max_widths, calc_bounds, encoding)
    if any(not isinstance(frag.text, str) for frag in frags):
        return para
    whole = "".join(frag.text for frag in frags)
    widths = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
    start = 0
    lines = para.lines
    for index, line in enumerate(lines):
        text = _line_text(line)
        at = None
        if index and text and _cannot_start(text[0]) and not getattr(lines[index - 1], "lineBreak", False):
            previous = start - len(_line_text(lines[index - 1]))
            at = _break_before(whole, start, previous)
        if at is None and text and not getattr(line, "lineBreak", False):
            at = _end_break(whole, start, text, float(getattr(line, "extraSpace", 0)), index == len(lines) - 1)
        if at is not None:
            first, second = _split_frags(frags, at)
            head = _frag_split(first, widths, calc_bounds, encoding)
            tail = cjk_frag_split(second, _rest(widths, len(head.lines)), calc_bounds, encoding)
            return paragraph.ParaLines(kind=1, lines=[*head.lines, *tail.lines])
        start += len(text)
    return para


def install() -> None:
    """Put the two in reportlab's place (once; the paragraph module looks both up by name as it wraps)."""
    paragraph.wordSplit = word_split
    paragraph.cjkFragSplit = cjk_frag_split
