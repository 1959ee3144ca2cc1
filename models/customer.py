"""Customers, found again by a normalised phone number."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from peewee import CharField, DateTimeField, TextField

from models.base import BaseModel
from models.errors import QT_TRANSLATE_NOOP, DomainError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


class Customer(BaseModel):
    name = CharField(max_length=64, default="")
    phone = CharField(max_length=20, default="", index=True)
    created_at = DateTimeField(default=dt.datetime.now)
    note = TextField(default="")


def normalize_phone(raw: str) -> str:
    """Digits of a Chinese mobile (13812345678) or landline with area code
    (02161234567); '' when none was given. Country code and separators go.
    """
    # Full-width digits and marks (an input method's １３８－…) are the same number.
    text = unicodedata.normalize("NFKC", raw or "").strip()
    digits = re.sub(r"[\s\-()（）+.]", "", text)
    if not digits:
        return ""
    national = None
    if digits.startswith("0086"):
        national = digits[4:]
    elif digits.startswith("86") and (text.startswith("+") or len(digits) in (12, 13)):
        national = digits[2:]
    if national is not None:
        # Dialled from abroad a landline drops its trunk 0 (+86 21 6123 4567): the number is 021 6123 4567.
        digits = national if national.startswith(("0", "1")) else "0" + national
    if digits.isascii() and digits.isdigit() and (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        return digits
    raise DomainError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{phone} is not a phone number: give a mobile number (11 digits) or a landline with its area code.",
        ),
        phone=raw.strip(),
    )


def spaced_phone(phone: str) -> str:
    """A stored number grouped as it is said: 138 1234 5678; a landline's area code apart, 021 6123 4567 or
    0571 8812 3456 (010 and 02x are the three-digit codes); anything else as it is."""
    if _MOBILE.match(phone):
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if _LANDLINE.match(phone):
        area = 3 if phone[1] in "12" or len(phone) < 11 else 4  # a local number has seven or eight digits
        number = phone[area:]
        middle = len(number) - 4
        return f"{phone[:area]} {number[:middle]} {number[middle:]}"
    return phone


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise a number, not to dial it."""
    if len(phone) < 7:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def find_customer(phone: str) -> Customer | None:
    normalised = normalize_phone(phone)
    if not normalised:
        return None
    customer: Customer | None = (
        Customer.select().where(Customer.phone == normalised).order_by(Customer.id.desc()).first()
    )
    return customer
