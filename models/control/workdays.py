"""Chinese working days (工作日): the statutory holidays and the adjusted working weekends (调休) the
State Council announces each year, from PyPI's ``chinese-calendar``, for the external cases' deadlines.

The package knows the years whose notice was out when it was released. For a year it does not know,
Monday to Friday are taken as the working days, and every result says whether that fallback was used,
so a screen can tell the office that a deadline may move once the year's notice is out.

A deadline "within N working days" of a day counts from the next day (the day itself is not counted,
as the Civil Code's article 201 counts periods): the N-th working day after it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar

MAX_WORKING_DAYS = 400  # a deadline's length at most: a year and a half of working days


@dataclass(frozen=True)
class Deadline:
    """The day ``days`` working days after ``start``; ``fallback`` when a year on the way was counted
    Monday to Friday because the calendar does not know it."""

    start: dt.date
    days: int
    due: dt.date
    fallback: bool


@functools.cache
def known_years() -> range:
    """The years the installed calendar holds the holiday notice of."""
    years = {day.year for day in chinese_calendar.holidays} | {day.year for day in chinese_calendar.workdays}
    return range(min(years), max(years) + 1)


def knows(year: int) -> bool:
    return year in known_years()


@functools.lru_cache(maxsize=4096)  # a list counts the same few months of days for each of its cases
def counted_without_holidays(start: dt.date, end: dt.date) -> bool:
    """Whether a day counted in working days from ``start`` to ``end`` crossed a year the calendar does not know
    (``add_working_days``' fallback, for one of a case's dates: the case keeps one flag for both)."""
    return any(not knows(year) for year in range(start.year, end.year + 1))


def is_working_day(day: dt.date) -> bool:
    """A working day in China: Monday to Friday unless a holiday, and the adjusted weekends. For a year
    the calendar does not know, Monday to Friday."""
    if knows(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The ``days``-th working day after ``start`` (``start`` itself not counted; 0 gives ``start``)."""
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise ValueError(f"a deadline is 0 to {MAX_WORKING_DAYS} working days, not {days}")
    day, left, fallback = start, days, False
    while left:
        day += dt.timedelta(days=1)
        fallback = fallback or not knows(day.year)
        if is_working_day(day):
            left -= 1
    return Deadline(start, days, day, fallback)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after ``start`` up to and including ``end``; negative when ``end`` is
    before ``start`` (the working days after ``end`` up to ``start``, counted backwards)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
