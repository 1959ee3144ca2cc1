"""The escalation risk in the desk's language: the level's name, each reason as a sentence and what to do
about it (the sentences of ``ui.paper.risk_labels``, translated by Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication

from models.catalog import category_names as category_entries
from models.control.risk import Reason
from ui.i18n import catalogue_name, duration_words
from ui.labels import code_name
from ui.paper.code_labels import CodeName
from ui.paper.risk_labels import REASONS, advice_entry, fill_reason

LEVEL_MARKS = {"none": "○", "watch": "◐", "high": "●"}


def _translated(entry: CodeName) -> str:
    return QCoreApplication.translate(entry.source.context, entry.source.text)


def level_text(level: str) -> str:
    """The level's name with its mark (colour alone never carries it)."""
    if not level:
        return QCoreApplication.translate("RiskText", "Not assessed yet")
    return f"{LEVEL_MARKS.get(level, '')} {code_name('risk_level', level)}".strip()


def category_names() -> Callable[[str], str]:
    """A category's name by its code (a serious case's kind), in the desk's language."""
    names = category_entries()

    def name(code: str) -> str:
        entry = names.get(code)
        return catalogue_name(entry) if entry is not None else code_name("severity", code)

    return name


def reason_text(reason: Reason, category_name: Callable[[str], str] | None = None) -> str:
    entry = REASONS.get(reason.code)
    if entry is None:
        return reason.code
    return fill_reason(
        _translated(entry),
        dict(reason.params),
        lambda group: code_name("risk_group", group),
        duration_words,
        category_name or category_names(),
    )


def advice_text(reason: Reason) -> str:
    entry = advice_entry(reason.code, dict(reason.params))
    return _translated(entry) if entry is not None else ""


def reasons_text(reasons: Iterable[Reason], category_name: Callable[[str], str] | None = None) -> list[str]:
    """Each reason's sentence, the weightiest first."""
    names = category_name or category_names()
    return [reason_text(r, names) for r in sorted(reasons, key=lambda r: -r.points)]
