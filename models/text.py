"""Text typed by a person, checked the same way everywhere: trimmed, line ends
unified, invisible control characters dropped, required and length-limited."""
from __future__ import annotations

import re
import unicodedata

from models.errors import QT_TRANSLATE_NOOP, FieldError

_KEEP_CONTROLS = {"\n", "\t"}


def clean_text(value: str | None) -> str:
    """Trim, unify line ends and drop invisible control characters (pasted
    from other programs) so that what is stored is what the user saw."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return text.strip()


def one_line(value: str | None) -> str:
    """``clean_text`` for a one-line field: line breaks and tabs pasted into it become spaces, as the field showed
    them (a customer's name pasted as "王\t先生\n(VIP)" was stored with both, and printed over two lines)."""
    return re.sub(r"\s*[\n\t]+\s*", " ", clean_text(value))


def checked_text(
    field: str, value: str | None, limit: int, required: str | None = None, *, single_line: bool = False
) -> str:
    """``value`` cleaned (``one_line`` for a ``single_line`` field); FieldError for ``field`` when it is longer
    than ``limit``, or empty while ``required`` (the sentence to show then)."""
    text = one_line(value) if single_line else clean_text(value)
    if required is not None and not text:
        raise FieldError(field, required)
    if len(text) > limit:
        raise FieldError(field, TOO_LONG, length=len(text), limit=limit)
    return text


# A refusal that does not say which field it is about: a form names the field beside it (ui.widgets.field_refusal).
TOO_LONG = QT_TRANSLATE_NOOP("DomainError", "This text is {length} characters long; the limit is {limit}.")


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet or on a terminal: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, columns: int) -> str:
    """``text`` with spaces after it to fill ``columns`` (``display_width``'s): str.ljust counts a CJK name's
    characters, and a terminal shows each two columns wide."""
    return text + " " * max(columns - display_width(text), 0)
