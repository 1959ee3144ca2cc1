"""The period an analysis covers: a week, month, quarter, year or any dates, with the period before it and
the same period a year earlier (the trend the office compares against)."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"  # any dates, both included


@dataclass(frozen=True)
class Period:
    """The days ``first`` to ``last``, both included. Build one with ``Period.of`` (the week, month, quarter
    or year holding a day) or ``Period.custom``."""

    kind: PeriodKind
    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")

    @classmethod
    def of(cls, kind: PeriodKind | str, day: dt.date) -> Period:
        """The calendar period of ``kind`` holding ``day`` (a custom period of ``day`` alone)."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.WEEK:
            first = day - dt.timedelta(days=day.weekday())
            return cls(kind, first, first + dt.timedelta(days=6))
        if kind is PeriodKind.MONTH:
            return cls(kind, day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
        if kind is PeriodKind.QUARTER:
            first_month = (day.month - 1) // 3 * 3 + 1
            last_month = first_month + 2
            return cls(
                kind,
                dt.date(day.year, first_month, 1),
                dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
            )
        if kind is PeriodKind.YEAR:
            return cls(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
        return cls(kind, day, day)

    @classmethod
    def custom(cls, first: dt.date, last: dt.date) -> Period:
        return cls(PeriodKind.CUSTOM, first, last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> dt.datetime:
        """The period's first moment."""
        return dt.datetime.combine(self.first, dt.time.min)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min)

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def previous(self) -> Period:
        """The period just before: the previous week, month, quarter or year; for custom dates of whole months
        (a half-year) as many months before, for other custom dates as many days before."""
        if self.kind is PeriodKind.CUSTOM:
            months = self._whole_months()
            if months:
                return Period(self.kind, _months_on(self.first, -months), self.first - dt.timedelta(days=1))
            return Period(self.kind, self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1))
        return Period.of(self.kind, self.first - dt.timedelta(days=1))

    def next(self) -> Period:
        """The period just after (the period chooser's "next"), as ``previous`` counts it."""
        if self.kind is PeriodKind.CUSTOM:
            months = self._whole_months()
            if months:
                after = self.last + dt.timedelta(days=1)
                return Period(self.kind, after, _months_on(after, months) - dt.timedelta(days=1))
            return Period(self.kind, self.last + dt.timedelta(days=1), self.last + dt.timedelta(days=self.days))
        return Period.of(self.kind, self.last + dt.timedelta(days=1))

    def _whole_months(self) -> int:
        """How many calendar months the period is when it starts on a month's first day and ends on one's last
        (0 when not: 184 days back from a half-year started on 29 December)."""
        if self.first.day != 1 or (self.last + dt.timedelta(days=1)).day != 1:
            return 0
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def last_year(self) -> Period:
        """The same period a year earlier: the same dates (29 February becomes the 28th); for a week, the
        week of the same weekday 52 weeks earlier, so that Mondays compare with Mondays."""
        if self.kind is PeriodKind.WEEK:
            return Period(self.kind, self.first - dt.timedelta(weeks=52), self.last - dt.timedelta(weeks=52))
        if self.kind is PeriodKind.CUSTOM:
            return Period(self.kind, _year_before(self.first), _year_before(self.last))
        return Period.of(self.kind, _year_before(self.first))

    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the period touches, in order (the weekly series' points)."""
        monday = self.first - dt.timedelta(days=self.first.weekday())
        return [monday + dt.timedelta(weeks=n) for n in range((self.last - monday).days // 7 + 1)]


def _months_on(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (before, when negative) the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)
