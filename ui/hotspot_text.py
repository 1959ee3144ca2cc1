"""Hot-spot and improvement-action texts as the screens show them: the sentences ``models`` gives (an English
template and its values, sentences themselves, marked for translation in ``models``) translated template by
template and filled; catalogue names in the desk's language; the effect's figures and verdict."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.control.effect import VERDICT_TEXTS, Effect, Phrase, Verdict
from models.control.hotspots import Group, Name, Sentence
from ui.i18n import current_language


def sentence_text(sentence: Sentence) -> str:
    """The sentence in the desk's language: its template translated (context "Hotspot"), then each value."""
    template = QCoreApplication.translate("Hotspot", sentence.template)
    return template.format(**{name: _value_text(value) for name, value in sentence.params.items()})


def _value_text(value: object) -> str:
    if isinstance(value, Sentence):
        return sentence_text(value)
    if isinstance(value, Name):
        return value.english if current_language() == "en" else value.name
    return str(value)


def group_text(group: Group) -> str:
    """What a group's complaints share, e.g. “头发” at 二楼中餐厅."""
    return sentence_text(group.describe())


def at_line_start(text: str) -> str:
    """``text`` as a line or a sentence begins: its first letter upper case ("Complaints about Cleanliness")."""
    return text[:1].upper() + text[1:]


def effect_text(effect: Effect) -> str:
    """The effect's figures in one sentence (context "Effect")."""
    template, values = effect.summary()
    plain = {name: value for name, value in values.items() if not isinstance(value, Phrase)}
    filled = {
        name: QCoreApplication.translate("Effect", value).format(**plain) if isinstance(value, Phrase) else value
        for name, value in values.items()
    }
    return QCoreApplication.translate("Effect", template).format(**filled)


def verdict_text(verdict: Verdict) -> str:
    return QCoreApplication.translate("Effect", VERDICT_TEXTS[verdict])
