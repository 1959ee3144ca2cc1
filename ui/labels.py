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
