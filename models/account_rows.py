"""The administrator's accounts screen reads accounts as rows: who, which
role, which limits, enabled or not (no password hash leaves models/)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from models.accounts import accounts
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
