"""The names the screens show for stored codes (roles, states, severities, …):
the English source of ``ui.paper.code_labels``' one table, translated by Qt."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox

_LANGUAGE = {"zh_CN": "简体中文", "en": "English"}  # each in its own language, whatever the desk's


def code_name(group: str, code: object) -> str:
    """The name of a stored code of ``group`` in the desk's language; an unknown code shows as itself.
    The group "language" names the interface languages, each in its own language."""
    from ui.paper.code_labels import code_entry  # the whole table: the login dialog names no code

    if group == "language":
        return _LANGUAGE.get(str(code), str(code))
    entry = code_entry(group, code)
    if entry is None:
        return "" if code is None else str(code)
    return QCoreApplication.translate(entry.source.context, entry.source.text)


def relabel_items(combo: QComboBox, label_of: Callable[[Any], str], first: int = 0) -> None:
    """Name each item of ``combo`` from ``first`` on by the code it holds as data,
    in the desk's language (called from ``retranslateUi``)."""
    for index in range(first, combo.count()):
        combo.setItemText(index, label_of(combo.itemData(index)))


def role_label(role: str) -> str:
    return code_name("role", role)


def state_label(state: str) -> str:
    return code_name("state", state)
