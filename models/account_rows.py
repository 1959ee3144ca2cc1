"""The administrator's accounts screen reads accounts as rows: who, which
role, which limits, enabled or not (no password hash leaves models/)."""
from __future__ import annotations

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


def _row(staff: Staff) -> AccountRow:
    return AccountRow(
        staff.id,
        staff.username,
        staff.full_name,
        staff.role,
        to_money(staff.per_case_limit),
        to_money(staff.daily_limit),
        staff.active,
    )


def account_rows() -> list[AccountRow]:
    """Every account, enabled ones first, then by role and user name."""
    return [_row(staff) for staff in accounts()]


def account_row(staff_id: int) -> AccountRow:
    return _row(Staff.get_by_id(staff_id))
