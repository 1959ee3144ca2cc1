"""Who may do what: the one table of roles and actions, checked by every
domain function whatever calls it (GUI, command line, tests)."""
from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from models.errors import (
    QT_TRANSLATE_NOOP,
    AccountDisabledError,
    DomainError,
    NotLoggedInError,
    PasswordNotOwnError,
    RoleChangedError,
)
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
    HANDLE_EXTERNAL = "handle_external"  # record, edit, reply to and close external cases (外部投诉)
    VIEW_HOTSPOTS = "view_hotspots"
    NOTIFY_OFFICE = "notify_office"  # the desk: an escalation risk the office must know of now
    ANSWER_RISK = "answer_risk"  # the office: acknowledge a risk warning, take a case over
    IMPROVE = "improve"  # create, change and verify improvement actions (整改); decide on the desk's suggestions
    RECOVER = "recover"  # mark compensation as recoverable from a third party (追偿) and record what came back
    WORK_SUMMARY = "work_summary"  # write, save versions of and sign off the work summary (投诉管控工作总结)
    EXPORT = "export"  # lists to XLSX/CSV files: customers' names and phone numbers leave the application
    BACKUP = "backup"  # take a backup now, restore one, set how many are kept
    COPY_TO_SERVER = "copy_to_server"  # copy a desk's file into a PostgreSQL server's database (main.py copy)
    COMPACT = "compact"  # rewrite the database file without its free pages (main.py compact): desks wait meanwhile


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
    Action.HANDLE_EXTERNAL: OFFICE,
    Action.VIEW_HOTSPOTS: OFFICE,
    Action.NOTIFY_OFFICE: DESK,
    Action.ANSWER_RISK: OFFICE,
    Action.IMPROVE: OFFICE,
    Action.RECOVER: OFFICE,
    Action.WORK_SUMMARY: OFFICE,
    Action.EXPORT: OFFICE,
    Action.BACKUP: OFFICE,
    Action.COPY_TO_SERVER: frozenset({Role.ADMIN}),
    Action.COMPACT: OFFICE,
}

REFUSALS = {
    Action.DECIDE: QT_TRANSLATE_NOOP("DomainError", "Only the office can decide an escalated case."),
    Action.AMEND: QT_TRANSLATE_NOOP("DomainError", "Only the office can correct the archive."),
    Action.MANAGE_ACCOUNTS: QT_TRANSLATE_NOOP("DomainError", "Only an administrator can manage accounts."),
    Action.EDIT_CATALOGUES: QT_TRANSLATE_NOOP("DomainError", "Only the office can change the catalogues."),
    Action.PRINT_ARCHIVE: QT_TRANSLATE_NOOP("DomainError", "Only the office can print archived forms."),
    Action.HANDLE_EXTERNAL: QT_TRANSLATE_NOOP("DomainError", "Only the office can record and handle external cases."),
    Action.VIEW_HOTSPOTS: QT_TRANSLATE_NOOP("DomainError", "Only the office can see the hot-spots."),
    Action.ANSWER_RISK: QT_TRANSLATE_NOOP(
        "DomainError", "Only the office can acknowledge a risk warning or take a case over."
    ),
    Action.IMPROVE: QT_TRANSLATE_NOOP(
        "DomainError", "Only the office can create, change and verify improvement actions."
    ),
    Action.RECOVER: QT_TRANSLATE_NOOP("DomainError", "Only the office can record recovery from a third party."),
    Action.WORK_SUMMARY: QT_TRANSLATE_NOOP("DomainError", "Only the office can write and sign off the work summary."),
    Action.EXPORT: QT_TRANSLATE_NOOP(
        "DomainError", "Only the office can export lists: they carry customers' phone numbers out of Complaint Desk."
    ),
    Action.BACKUP: QT_TRANSLATE_NOOP(
        "DomainError", "Only the office or an administrator can take, restore or set up backups."
    ),
    Action.COPY_TO_SERVER: QT_TRANSLATE_NOOP("DomainError", "Only an administrator can copy the database to a server."),
    Action.COMPACT: QT_TRANSLATE_NOOP(
        "DomainError",
        "Only the office or an administrator can compact the database file: the other desks wait while it runs.",
    ),
}


_disabled_listeners: list[Callable[[AccountDisabledError], None]] = []


def on_account_disabled(listener: Callable[[AccountDisabledError], None]) -> None:
    """Call ``listener`` with each refusal of a disabled or removed account, so
    the GUI can lock the desk whichever screen made the call (it may be called
    from a worker thread, inside the refused transaction)."""
    if listener not in _disabled_listeners:
        _disabled_listeners.append(listener)


def may(actor: Staff | None, action: Action) -> bool:
    """Whether this row of the account may act; give it the row ``require``
    returned (the current one), not a row kept since the login."""
    return actor is not None and actor.active and actor.role in ALLOWED[action]


def require(actor: Staff | None, action: Action) -> Staff:
    """The actor's current row, re-read from the database, if it may do
    ``action``; else a sentence a person can read.

    A session keeps the row read at its login, and an administrator may since
    have disabled the account, changed its role or lowered its limits: every
    domain function calls this inside its own transaction and judges the
    returned row, so the administrator's change binds the very next action.
    """
    if actor is None:
        raise NotLoggedInError(QT_TRANSLATE_NOOP("DomainError", "Nobody is logged in; log in first."))
    current: Staff | None = Staff.get_or_none(Staff.id == actor.id)
    if current is None or not current.active:
        error = AccountDisabledError(
            QT_TRANSLATE_NOOP("DomainError", "The account {username} is disabled; ask an administrator."),
            username=actor.username,
        )
        for listener in list(_disabled_listeners):
            listener(error)
        raise error
    if current.must_change_password:
        raise PasswordNotOwnError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "An administrator set the password of {username}: choose your own first (File → Change my "
                "password…).",
            ),
            username=actor.username,
        )
    if current.role not in ALLOWED[action]:
        refusal = REFUSALS.get(action, QT_TRANSLATE_NOOP("DomainError", "Your role may not do this."))
        raise RoleChangedError(refusal) if current.role != actor.role else DomainError(refusal)
    return current
