"""Translated names for the domain's stored codes (roles, states, …)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from models.complaint import State
from models.staff import Role

_ROLE = {
    Role.DUTY_MANAGER: QT_TRANSLATE_NOOP("Labels", "Duty manager"),
    Role.OFFICE: QT_TRANSLATE_NOOP("Labels", "Office"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Labels", "Administrator"),
}

_STATE = {
    State.RECEIVED: QT_TRANSLATE_NOOP("Labels", "Received"),
    State.INVESTIGATING: QT_TRANSLATE_NOOP("Labels", "Investigating"),
    State.PROPOSED: QT_TRANSLATE_NOOP("Labels", "Proposed"),
    State.AGREED: QT_TRANSLATE_NOOP("Labels", "Agreed"),
    State.DECLINED: QT_TRANSLATE_NOOP("Labels", "Declined"),
    State.ESCALATED: QT_TRANSLATE_NOOP("Labels", "Escalated"),
    State.DECIDED: QT_TRANSLATE_NOOP("Labels", "Decided by the office"),
    State.CLOSED: QT_TRANSLATE_NOOP("Labels", "Closed"),
    State.WITHDRAWN: QT_TRANSLATE_NOOP("Labels", "Withdrawn"),
}


def role_label(role: str) -> str:
    return QCoreApplication.translate("Labels", _ROLE.get(role, role))


def state_label(state: str) -> str:
    return QCoreApplication.translate("Labels", _STATE.get(state, state))


_REMEDY_KIND = {
    "discount": QT_TRANSLATE_NOOP("Labels", "Discount"),
    "free_item": QT_TRANSLATE_NOOP("Labels", "Complimentary item"),
    "waived_bill": QT_TRANSLATE_NOOP("Labels", "Bill waived"),
    "voucher": QT_TRANSLATE_NOOP("Labels", "Voucher"),
    "refund": QT_TRANSLATE_NOOP("Labels", "Refund"),
    "upgrade": QT_TRANSLATE_NOOP("Labels", "Upgrade"),
    "gift": QT_TRANSLATE_NOOP("Labels", "Gift"),
    "exchange": QT_TRANSLATE_NOOP("Labels", "Exchange"),
    "repair": QT_TRANSLATE_NOOP("Labels", "Repair or rework"),
    "replacement": QT_TRANSLATE_NOOP("Labels", "Replacement"),
    "apology": QT_TRANSLATE_NOOP("Labels", "Apology"),
    "information": QT_TRANSLATE_NOOP("Labels", "Information"),
    "compensation": QT_TRANSLATE_NOOP("Labels", "Compensation in money"),
}
_SEVERITY = {
    "low": QT_TRANSLATE_NOOP("Labels", "Low"),
    "medium": QT_TRANSLATE_NOOP("Labels", "Medium"),
    "high": QT_TRANSLATE_NOOP("Labels", "High"),
}
_STEP = {
    "receive": QT_TRANSLATE_NOOP("Labels", "Receive and empathize"),
    "investigate": QT_TRANSLATE_NOOP("Labels", "Investigate"),
    "propose": QT_TRANSLATE_NOOP("Labels", "Propose"),
    "consent": QT_TRANSLATE_NOOP("Labels", "Customer's answer"),
    "close": QT_TRANSLATE_NOOP("Labels", "Close"),
}
_PROMPT_KIND = {
    "attitude": QT_TRANSLATE_NOOP("Labels", "Attitude"),
    "phrase": QT_TRANSLATE_NOOP("Labels", "What to say"),
    "check": QT_TRANSLATE_NOOP("Labels", "Check"),
    "explanation": QT_TRANSLATE_NOOP("Labels", "Explanation"),
}
_LANGUAGE = {"zh_CN": "简体中文", "en": "English"}  # each in its own language


def code_label(group: str, code: str) -> str:
    """The translated name of a stored code of one of the groups above."""
    if group == "language":
        return _LANGUAGE.get(code, code)
    table = {"remedy_kind": _REMEDY_KIND, "severity": _SEVERITY, "step": _STEP, "prompt_kind": _PROMPT_KIND}[group]
    return QCoreApplication.translate("Labels", table[code]) if code in table else code
