"""Account administration: who works at the desk and what each may grant.
Accounts are never deleted (history keeps its authors), only disabled; every
change, a raised limit above all, is audited (who changed whose what, when)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from models.audit import last_change, record, said_at
from models.base import db
from models.catalog import Remedy
from models.errors import QT_TRANSLATE_NOOP, AuthenticationError, CatalogueName, DomainError, FieldError
from models.money import to_money
from models.permissions import ALLOWED, Action, require
from models.staff import (
    WRONG_LOGIN,
    Role,
    Staff,
    StaffRemedy,
    authenticate,
    checked_full_name,
    create_staff,
    hash_password,
    validate_password,
)

MAX_LIMIT = Decimal("1000000")


@dataclass(frozen=True)
class AccountShown:
    """What an account's form showed of what ``update_account`` changes (``account_as_shown``): given back as
    ``shown``, a change another desk saved since is named before this one is saved over it."""

    full_name: str
    role: str
    per_case_limit: Decimal
    daily_limit: Decimal
    remedy_ids: frozenset[int]


class AccountChangedMeanwhileError(DomainError):
    """Another desk changed the account after its form was shown (``update_account``'s ``shown``); ``current`` is
    the account now: given as ``shown`` again, the change is saved over the other."""

    def __init__(self, template: str, current: AccountShown, **params: object) -> None:
        self.current = current
        super().__init__(template, **params)


def account_as_shown(staff_id: int) -> AccountShown:
    """The account as a form sets it out, to be given to ``update_account`` as ``shown``."""
    staff = Staff.get_by_id(staff_id)
    return AccountShown(
        staff.full_name,
        str(staff.role),
        to_money(staff.per_case_limit),
        to_money(staff.daily_limit),
        frozenset(granted_remedy_ids(staff)),
    )


def _last_change(username: str) -> tuple[dt.datetime, str] | None:
    """When the account was last changed (its last ``account_changed`` event), and by whom."""
    return last_change("account_changed", lambda change: change.get("account") == username)


def _require_as_shown(staff: Staff, shown: AccountShown, now: dt.datetime) -> None:
    """Refused when another desk changed the account after ``shown`` was read, naming who and when: two windows
    on one account, the second's save put back what the first had changed (a raised limit), unseen."""
    current = account_as_shown(staff.id)
    if current == shown:
        return
    last = _last_change(staff.username)
    if last is None:
        raise AccountChangedMeanwhileError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The account {username} was changed after it was shown here: nothing was saved. Press Save again "
                "to save what is in this form over that change, or look at the account again first.",
            ),
            current,
            username=staff.username,
        )
    at, name = last
    raise AccountChangedMeanwhileError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{name} changed the account {username} at {time}, after it was shown here: nothing was saved. Press "
            "Save again to save what is in this form over that change, or look at the account again first.",
        ),
        current,
        name=name,
        username=staff.username,
        time=said_at(at, now.date()),
    )


def granted_remedy_ids(staff: Staff | int) -> set[int]:
    return {remedy for (remedy,) in StaffRemedy.select(StaffRemedy.remedy).where(StaffRemedy.staff == staff).tuples()}


def _limits(per_case: Decimal | str | int, daily: Decimal | str | int) -> tuple[Decimal, Decimal]:
    values = []
    for name, value in (("per_case_limit", per_case), ("daily_limit", daily)):
        amount = to_money(value)
        if amount < 0 or amount > MAX_LIMIT:
            raise FieldError(
                name,
                QT_TRANSLATE_NOOP("DomainError", "An authority limit is between 0 and {limit} yuan."),
                limit=str(MAX_LIMIT),
            )
        values.append(amount)
    if values[1] < values[0]:
        raise FieldError(
            "daily_limit", QT_TRANSLATE_NOOP("DomainError", "The daily limit cannot be lower than the limit per case.")
        )
    return values[0], values[1]


def limits_bind(role: str) -> bool:
    """Whether an account of ``role`` is held to its limits and granted remedies: the office decides escalated
    cases, so none binds it (``models.intake.authority``), and its form has none to set."""
    return Role(role) not in ALLOWED[Action.DECIDE]


def _set_grants(staff: Staff, remedy_ids: Iterable[int]) -> None:
    """Grant exactly ``remedy_ids`` of the active remedies (the ones an account form offers). A grant of a
    retired remedy stays as it is: nobody could tick it, and it holds again when the remedy is back in use.
    A remedy for the office only is granted to nobody: the desk would refuse it in front of the customer."""
    wanted = {int(r) for r in remedy_ids}
    office_only = Remedy.get_or_none(Remedy.id.in_(list(wanted)) & Remedy.office_only)
    if office_only is not None:
        raise FieldError(
            "remedies",
            QT_TRANSLATE_NOOP(
                "DomainError", "'{remedy}' is given only by the office's decision: no account can be granted it."
            ),
            remedy=CatalogueName(office_only.name, office_only.name_en),
        )
    known = {r for (r,) in Remedy.select(Remedy.id).where(Remedy.id.in_(list(wanted))).tuples()}
    active = Remedy.select(Remedy.id).where(Remedy.active)
    StaffRemedy.delete().where(
        (StaffRemedy.staff == staff) & StaffRemedy.remedy.in_(active) & StaffRemedy.remedy.not_in(list(known))
    ).execute()
    held = {r for (r,) in StaffRemedy.select(StaffRemedy.remedy).where(StaffRemedy.staff == staff).tuples()}
    StaffRemedy.insert_many([{"staff": staff, "remedy": r} for r in sorted(known - held)]).execute()


def add_account(
    actor: Staff,
    username: str,
    full_name: str,
    role: str,
    password: str,
    per_case_limit: Decimal | str | int = 0,
    daily_limit: Decimal | str | int = 0,
    remedy_ids: Iterable[int] = (),
) -> Staff:
    require(actor, Action.MANAGE_ACCOUNTS)
    per_case, daily = _limits(per_case_limit, daily_limit)
    remedy_ids = list(remedy_ids)
    with db.atomic():
        actor = require(actor, Action.MANAGE_ACCOUNTS)
        staff = create_staff(username, full_name, Role(role), password, per_case, daily)
        # The administrator typed it: its owner chooses their own at the first login.
        Staff.update(must_change_password=True).where(Staff.id == staff.id).execute()
        staff.must_change_password = True
        _set_grants(staff, remedy_ids)
        record(
            "account_created",
            actor,
            account=staff.username,
            role=staff.role,
            per_case_limit=str(per_case),
            daily_limit=str(daily),
            remedies=sorted(granted_remedy_ids(staff)),
        )
        return staff


def update_account(
    actor: Staff,
    staff_id: int,
    full_name: str,
    role: str,
    per_case_limit: Decimal | str | int,
    daily_limit: Decimal | str | int,
    remedy_ids: Iterable[int],
    *,
    shown: AccountShown | None = None,
    now: dt.datetime | None = None,
) -> Staff:
    """Change a person's name, role, limits and grantable remedies; the very next
    proposal they make is checked against the new values. ``shown``: the account as the form showed it
    (``account_as_shown``); changed since by another desk, the change is refused (``AccountChangedMeanwhileError``)."""
    require(actor, Action.MANAGE_ACCOUNTS)
    now = now or dt.datetime.now()
    full_name = checked_full_name(full_name)
    per_case, daily = _limits(per_case_limit, daily_limit)
    role = Role(role)
    with db.atomic():
        actor = require(actor, Action.MANAGE_ACCOUNTS)
        staff = Staff.get_by_id(staff_id)
        if shown is not None:
            _require_as_shown(staff, shown, now)
        if staff.id == actor.id and role != Role.ADMIN:
            raise FieldError(
                "role", QT_TRANSLATE_NOOP("DomainError", "You cannot take away your own administrator role.")
            )
        before = {
            "full_name": staff.full_name,
            "role": staff.role,
            "per_case_limit": str(staff.per_case_limit),
            "daily_limit": str(staff.daily_limit),
            "remedies": sorted(granted_remedy_ids(staff)),
        }
        Staff.update(full_name=full_name, role=role, per_case_limit=per_case, daily_limit=daily).where(
            Staff.id == staff.id
        ).execute()
        _set_grants(staff, remedy_ids)
        after = {
            "full_name": full_name,
            "role": str(role),
            "per_case_limit": str(per_case),
            "daily_limit": str(daily),
            "remedies": sorted(granted_remedy_ids(staff)),
        }
        changes: dict[str, Any] = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if changes:
            record("account_changed", actor, account=staff.username, **changes)
        return cast(Staff, Staff.get_by_id(staff.id))


def set_account_active(actor: Staff, staff_id: int, active: bool) -> Staff:
    require(actor, Action.MANAGE_ACCOUNTS)
    with db.atomic():
        actor = require(actor, Action.MANAGE_ACCOUNTS)
        staff = Staff.get_by_id(staff_id)
        if not active and staff.id == actor.id:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "You cannot disable your own account."))
        Staff.update(active=active).where(Staff.id == staff.id).execute()
        record("account_enabled" if active else "account_disabled", actor, account=staff.username)
        return cast(Staff, Staff.get_by_id(staff.id))


def reset_password(actor: Staff, staff_id: int, password: str) -> None:
    """A new password chosen by the administrator; it also lifts a lock. Another person's is theirs for one login:
    they choose their own then (``must_change_password``)."""
    require(actor, Action.MANAGE_ACCOUNTS)
    named = Staff.get_or_none(Staff.id == staff_id)
    validate_password(password, named.username if named is not None else "")
    with db.atomic():
        actor = require(actor, Action.MANAGE_ACCOUNTS)
        staff = Staff.get_by_id(staff_id)
        Staff.update(
            password_hash=hash_password(password),
            failed_logins=0,
            locked_until=None,
            must_change_password=staff.id != actor.id,
        ).where(Staff.id == staff.id).execute()
        record("password_reset", actor, account=staff.username)


def change_own_password(actor: Staff, current: str, new: str) -> None:
    """A person's own new password, given the one they have (so that nobody at an unlocked desk changes it for
    them; a wrong one counts as a wrong login, and five lock the account): the administrator who set the first
    one knows it no more. Audited, the passwords never."""
    validate_password(new, actor.username, field="new_password")
    if new == current:
        raise FieldError(
            "new_password", QT_TRANSLATE_NOOP("DomainError", "That is the password you have: choose a new one.")
        )
    try:
        staff = authenticate(actor.username, current)
    except AuthenticationError as error:
        if error.template == WRONG_LOGIN:
            raise FieldError(
                "password", QT_TRANSLATE_NOOP("DomainError", "That is not your current password.")
            ) from None
        raise
    with db.atomic():
        Staff.update(password_hash=hash_password(new), must_change_password=False).where(Staff.id == staff.id).execute()
        record("password_changed", staff, account=staff.username)


def unlock_account(actor: Staff, staff_id: int, now: dt.datetime | None = None) -> Staff:
    """Lift the lock wrong passwords put on an account (the person keeps their password); audited."""
    require(actor, Action.MANAGE_ACCOUNTS)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.MANAGE_ACCOUNTS)
        staff = Staff.get_by_id(staff_id)
        if staff.locked_until is None or staff.locked_until <= now:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The account {username} is not locked."),
                              username=staff.username)  # fmt: skip
        Staff.update(failed_logins=0, locked_until=None).where(Staff.id == staff.id).execute()
        record("account_unlocked", actor, account=staff.username)
        return cast(Staff, Staff.get_by_id(staff.id))


def accounts() -> list[Staff]:
    return list(Staff.select().order_by(Staff.active.desc(), Staff.role, Staff.username))
