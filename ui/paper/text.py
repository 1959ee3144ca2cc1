"""User text and stored values as the printed forms show them: text reportlab
can draw, Paragraph markup, times, amounts and people. Shared by every form."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container, Mapping
from xml.sax.saxutils import escape

CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# Control, format (bidi marks, zero-width joiners), surrogate, private and
# unassigned characters either break reportlab or print as boxes.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ALWAYS_PRINTABLE = frozenset(" \n\u00a0")
MISSING_GLYPH = "\u25a1"


def clean_text(value: object, *, covered: Container[int] | None = None) -> str:
    """User text as reportlab can print it: unified line ends, tabs as spaces,
    no control or invisible format characters, and a visible □ for every
    character the font cannot draw (emoji, scripts it lacks); ``covered`` holds
    the font's code points. A missing glyph would print as nothing and upset
    pdftotext's reading order; a box shows the reader something was there."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = [c for c in text if c == "\n" or unicodedata.category(c) not in _DROPPED_CATEGORIES]
    if covered is not None:
        kept = [c if c in _ALWAYS_PRINTABLE or ord(c) in covered else MISSING_GLYPH for c in kept]
    return "".join(kept)


def markup(text: str) -> str:
    """Clean text as Paragraph markup: escaped, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def print_time(value: object) -> str:
    """A stored ISO time as ``2026-03-05 18:42``; anything else as it is."""
    if not value:
        return ""
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def print_money(value: object) -> str:
    """An amount with two decimals and thousands separators."""
    try:
        return f"{float(str(value)):,.2f}"
    except ValueError:
        return str(value)


def print_person(value: object) -> str:
    """A person of the record ({"username", "name"}) by name."""
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("username") or "")
    return "" if value is None else str(value)
