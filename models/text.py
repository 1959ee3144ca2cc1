"""Text typed by a person, checked the same way everywhere: trimmed, line ends
unified, invisible control characters dropped, required and length-limited."""
from __future__ import annotations

import unicodedata

from models.errors import QT_TRANSLATE_NOOP, FieldError

_KEEP_CONTROLS = {"\n", "\t"}


def clean_text(value: str | None) -> str:
    """Trim, unify line ends and drop invisible control characters (pasted
    from other programs) so that what is stored is what the user saw."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return text.strip()


def checked_text(field: str, value: str | None, limit: int, required: str | None = None) -> str:
    """``value`` cleaned; FieldError for ``field`` when it is longer than
    ``limit``, or empty while ``required`` (the sentence to show then)."""
    text = clean_text(value)
    if required is not None and not text:
        raise FieldError(field, required)
    if len(text) > limit:
        raise FieldError(
            field,
            QT_TRANSLATE_NOOP("DomainError", "This text is {length} characters long; the limit is {limit}."),
            length=len(text),
            limit=limit,
        )
    return text
