"""The administrator's accounts screen reads accounts as rows: who, which
role, which limits, enabled or not (no password hash leaves models/)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from models.accounts import accounts
from models.complaint import OPEN_STATES, Complaint
from models.money import to_money
from models.staff import Staff


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    full_name: str
    role: str
    per_case_limit: Decimal
    daily_limit: Decimal
    active: bool
    locked_until: dt.datetime | None = None  # wrong passwords locked it until then (None: not locked now)
    must_change_password: bool = False  # an administrator set its password: its owner chooses theirs at the login


def _row(staff: Staff) -> AccountRow:
    locked = staff.locked_until if staff.locked_until and staff.locked_until > dt.datetime.now() else None
    return AccountRow(
        staff.id,
        staff.username,
        staff.full_name,
        staff.role,
        to_money(staff.per_case_limit),
        to_money(staff.daily_limit),
        staff.active,
        locked,
        bool(staff.must_change_password),
    )


def account_rows() -> list[AccountRow]:
    """Every account, enabled ones first, then by role and user name."""
    return [_row(staff) for staff in accounts()]


def account_row(staff_id: int) -> AccountRow:
    return _row(Staff.get_by_id(staff_id))


def open_cases_held(staff_id: int) -> int:
    """The open complaints this account received (and nobody took over) or took over: what colleagues carry on
    once it is disabled (the administrator is told before)."""
    received = Complaint.taken_over_by.is_null() & (Complaint.received_by == staff_id)
    held = received | (Complaint.taken_over_by == staff_id)
    return int(Complaint.select().where(Complaint.state.in_([state.value for state in OPEN_STATES]), held).count())
