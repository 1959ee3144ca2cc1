"""How the screens write money, counts, dates and times: in the user's
locale, and one format per context (the printed forms keep their own)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

# QLocale.toString() is given Python dates and datetimes, which PySide converts; its stubs know only QDate and
# QDateTime, hence the ignores below.
DATE = "yyyy-MM-dd"  # date filters, and a date on its own in a table or a sentence
DATE_TIME = "yyyy-MM-dd HH:mm"  # lists and records: when something happened
DAY_TIME = "MM-dd HH:mm"  # narrow columns of the cases in hand: deadlines, last change (this year's)


def money(value: Decimal | float | int | None) -> str:
    """An amount in yuan with two decimals, '' for none."""
    return "" if value is None else QLocale().toString(float(value), "f", 2)


def yuan(value: Decimal | float | int) -> str:
    """An amount with its unit (``260.00 yuan``, 260.00 元), where it stands in a sentence or beside a label; a
    table's column says the unit in its heading instead."""
    return QCoreApplication.translate("Format", "%1 yuan").replace("%1", money(value))


def decimal_amount(value: float) -> Decimal:
    """A spin box's value as the exact amount it shows (two decimals)."""
    return Decimal(f"{value:.2f}")


def number(value: int) -> str:
    """A whole number with the locale's digit grouping."""
    return QLocale().toString(value)


def file_size(size: int) -> str:
    """A file's size as the locale writes one: 5 bytes, 1.2 KB, 3.4 MB (in kilobytes alone, five bytes read
    "0 KB")."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def date_text(value: dt.date | None) -> str:
    return QLocale().toString(value, DATE) if value else ""  # type: ignore[call-overload]


def date_time(value: dt.datetime | None) -> str:
    return QLocale().toString(value, DATE_TIME) if value else ""  # type: ignore[call-overload]


def day_time(value: dt.datetime | None, today: dt.date | None = None) -> str:
    """Month, day and time for this year's moments; with the year for any other year's."""
    if not value:
        return ""
    layout = DAY_TIME if value.year == (today or dt.date.today()).year else DATE_TIME
    return str(QLocale().toString(value, layout))  # type: ignore[call-overload]


def clock_time(value: dt.datetime) -> str:
    """The time of day alone (a moment within the next minutes: a lock's end)."""
    return str(QLocale().toString(value.time(), "HH:mm"))  # type: ignore[call-overload]


def long_date(value: dt.date) -> str:
    """Today's date as a heading, e.g. 'Tuesday, 1 December 2026'."""
    return str(QLocale().toString(value, QLocale.FormatType.LongFormat))  # type: ignore[call-overload]
