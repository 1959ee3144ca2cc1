"""Who may do what: the one table of roles and actions, checked by every
domain function whatever calls it (GUI, command line, tests)."""
from __future__ import annotations

from enum import StrEnum

from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Role, Staff


class Action(StrEnum):
    RECEIVE = "receive"
    INVESTIGATE = "investigate"
    ATTACH = "attach"
    PROPOSE = "propose"
    ESCALATE = "escalate"
    DECIDE = "decide"
    CONSENT = "consent"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    AMEND = "amend"
    MANAGE_ACCOUNTS = "manage_accounts"
    EDIT_CATALOGUES = "edit_catalogues"
    PRINT_ARCHIVE = "print_archive"


DESK = frozenset({Role.DUTY_MANAGER, Role.OFFICE, Role.ADMIN})  # the office may stand in at the desk
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.RECEIVE: DESK,
    Action.INVESTIGATE: DESK,
    Action.ATTACH: DESK,
    Action.PROPOSE: DESK,
    Action.ESCALATE: DESK,
    Action.DECIDE: OFFICE,
    Action.CONSENT: DESK,
    Action.CLOSE: DESK,
    Action.WITHDRAW: DESK,
    Action.AMEND: OFFICE,
    Action.MANAGE_ACCOUNTS: frozenset({Role.ADMIN}),
    Action.EDIT_CATALOGUES: OFFICE,
    Action.PRINT_ARCHIVE: OFFICE,
}

REFUSALS = {
    Action.DECIDE: QT_TRANSLATE_NOOP("DomainError", "Only the office can decide an escalated case."),
    Action.AMEND: QT_TRANSLATE_NOOP("DomainError", "Only the office can correct the archive."),
    Action.MANAGE_ACCOUNTS: QT_TRANSLATE_NOOP("DomainError", "Only an administrator can manage accounts."),
    Action.EDIT_CATALOGUES: QT_TRANSLATE_NOOP("DomainError", "Only the office can change the catalogues."),
    Action.PRINT_ARCHIVE: QT_TRANSLATE_NOOP("DomainError", "Only the office can print archived forms."),
}


def may(actor: Staff, action: Action) -> bool:
    return actor.active and actor.role in ALLOWED[action]


def require(actor: Staff, action: Action) -> None:
    """Refuse, with a sentence a person can read, what the actor's role may not do."""
    if not actor.active:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The account {username} is disabled."), username=actor.username
        )
    if actor.role not in ALLOWED[action]:
        raise DomainError(REFUSALS.get(action, QT_TRANSLATE_NOOP("DomainError", "Your role may not do this.")))
