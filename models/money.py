"""Money: Decimal with two places (yuan and fen), stored as NUMERIC."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from peewee import DecimalField

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(value: Decimal | int | str) -> str:
    """An amount as the screens write it beside a message (``ui.format.money``): two decimals, the thousands
    grouped ("100,000.00"; a message said "100000.00" under "Total 100,000.00 yuan")."""
    return f"{to_money(value):,.2f}"


class MoneyField(DecimalField):
    """A DecimalField that always reads back two places: SQLite stores 30.00 as 30."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("auto_round", True)
        kwargs.setdefault("rounding", ROUND_HALF_UP)
        super().__init__(*args, **kwargs)

    def python_value(self, value: object) -> Decimal | None:
        return None if value is None else to_money(str(value))
