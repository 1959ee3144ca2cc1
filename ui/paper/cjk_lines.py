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
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    character after ``floor`` (the line's first) that can; None when none can (the line is all such). Not before
    a space, which reportlab strips from a line's beginning: the punctuation would begin the line again ("等 ？")
    and the text was wrapped again and again, for ever (printing hung)."""
    at = start
    while at > floor and (_cannot_start(text[at]) or text[at].isspace()):
        at -= 1
    return at if at > floor else None


def _rest(widths: Sequence[float], used: int) -> list[float]:
    """The widths of the lines after the first ``used``: reportlab takes the last for every line after it."""
    return list(widths[used:]) or [widths[-1]]


def char_widths(text: str, font_name: str, font_size: float) -> list[float]:
    """Each character's width in points, as ``reportlab.lib.textsplit.getCharWidths`` gives them: for a TrueType
    font read from its table at once (reportlab asks ``stringWidth`` for each character, through three calls in
    Python: a 20,000-character narrative took seconds to wrap, and wrapping it over pages asks again)."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        return list(textsplit.getCharWidths(text, font_name, font_size))
    widths = font.face.charWidths.get
    default = font.face.defaultWidth
    scale = 0.001 * font_size
    return [scale * widths(ord(character), default) for character in text]


def _first_line(word: str, widths: list[float], start: int, width: float) -> tuple[float, str, int, int]:
    """The line reportlab's ``dumbSplit`` makes of ``word`` from ``start`` in ``width`` points: its extra space, its
    text (without the spaces it strips), where that text begins and where the next line begins. Split from a piece
    of the text a little longer than the line: a long paragraph is wrapped in one pass, not again after each line."""
    end, used, limit = start, 0.0, width * 2
    while end < len(word) and used <= limit:
        used += widths[end]
        end += 1
    end = min(len(word), end + 2)  # the character that overflows, and the one after: reportlab looks at them
    extra, text = textsplit.dumbSplit(word[start:end], widths[start:end], [width])[0]
    begins = start + len(word[start:end]) - len(word[start:end].lstrip())
    after = begins + len(text)
    while after < len(word) and word[after].isspace():
        after += 1
    return extra, text, begins, after


def word_split(word: Any, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8") -> list[Any]:
    """``reportlab.lib.textsplit.wordSplit`` without a line beginning with punctuation that cannot begin one, line
    by line: where a line must break earlier, the text after the break is wrapped from there."""
    if not isinstance(word, str):
        return _word_split(word, max_widths, font_name, font_size, encoding)
    line_widths = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
    widths = char_widths(word, font_name, font_size)
    lines: list[list[Any]] = []
    starts: list[int] = []  # where each line begins in ``word``

    def width_of(index: int) -> float:  # reportlab takes the last width for every line after them
        return float(line_widths[min(index, len(line_widths) - 1)])

    def cut(index: int, start: int, at: int) -> int:
        """Line ``index`` from ``start`` cut before ``at``, and before the opening brackets that would end it."""
        while at - 1 > start and word[at - 1] in _CANNOT_END:
            at -= 1
        del lines[index:], starts[index:]
        lines.append([width_of(index) - sum(widths[start:at]), word[start:at]])
        starts.append(start)
        return at

    start = 0
    while start < len(word):
        index = len(lines)
        extra, text, begins, after = _first_line(word, widths, start, width_of(index))
        if lines and text and _cannot_start(text[0]):
            at = _break_before(word, begins, starts[-1])
            if at is not None:  # the character before goes down with it
                start = cut(index - 1, starts[-1], at)
                continue
        at = _end_break(word, begins, text, extra, after >= len(word)) if text else None
        if at is not None:
            start = cut(index, start, at)
            continue
        lines.append([extra, text])
        starts.append(start)
        start = after
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
    one (a line after a line break, ``<br/>``, begins as it was written). The text between two line breaks is
    wrapped on its own, as reportlab wraps it (each mended line wraps the rest again: a narrative of many
    paragraphs was wrapped again to its end at each, 13 s for 12,000 characters in a cell)."""
    pieces: list[list[Any]] = [[]]
    for frag in frags:
        pieces[-1].append(frag)
        if getattr(frag, "lineBreak", False):
            pieces.append([])
    pieces = [piece for piece in pieces if piece]
    if len(pieces) < 2:
        return _mended_frag_split(frags, max_widths, calc_bounds, encoding)
    widths = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
    lines: list[Any] = []
    for piece in pieces:
        lines.extend(_mended_frag_split(piece, _rest(widths, len(lines)), calc_bounds, encoding).lines)
    return paragraph.ParaLines(kind=1, lines=lines)


def _mended_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
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
            tail = _mended_frag_split(second, _rest(widths, len(head.lines)), calc_bounds, encoding)
            return paragraph.ParaLines(kind=1, lines=[*head.lines, *tail.lines])
        start += len(text)
    return para


def install() -> None:
    """Put the two in reportlab's place (once; the paragraph module looks both up by name as it wraps)."""
    paragraph.wordSplit = word_split
    paragraph.cjkFragSplit = cjk_frag_split
