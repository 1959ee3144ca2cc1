"""The working-day calendar against the State Council's holiday notices for 2025 and 2026
(国办发明电〔2024〕12号 and the notice of 4 November 2025): holidays, adjusted working weekends, and
deadlines counted across them; a year the calendar does not know is counted Monday to Friday, and said so."""

from __future__ import annotations

import datetime as dt

import pytest

from models.control.workdays import add_working_days, is_working_day, known_years, knows, working_days_between

D = dt.date

# Adjusted working days (调休上班) on weekends, as the notices list them.
WORKING_WEEKENDS = [
    D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
    D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
]  # fmt: skip
# Holiday weeks: every day off, weekdays included.
HOLIDAYS = {
    "Spring Festival 2025": (D(2025, 1, 28), D(2025, 2, 4)),
    "Labour Day 2025": (D(2025, 5, 1), D(2025, 5, 5)),
    "National Day and Mid-Autumn 2025": (D(2025, 10, 1), D(2025, 10, 8)),
    "New Year 2026": (D(2026, 1, 1), D(2026, 1, 3)),
    "Spring Festival 2026": (D(2026, 2, 15), D(2026, 2, 23)),
    "Labour Day 2026": (D(2026, 5, 1), D(2026, 5, 5)),
    "National Day 2026": (D(2026, 10, 1), D(2026, 10, 7)),
}


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def test_both_years_are_known() -> None:
    assert knows(2025) and knows(2026)


@pytest.mark.parametrize("day", WORKING_WEEKENDS, ids=str)
def test_an_adjusted_weekend_is_a_working_day(day: dt.date) -> None:
    assert day.weekday() >= 5 and is_working_day(day)


@pytest.mark.parametrize("name", HOLIDAYS)
def test_a_holiday_week_has_no_working_day(name: str) -> None:
    first, last = HOLIDAYS[name]
    week = days(first, last)
    assert any(day.weekday() < 5 for day in week)
    assert not [day for day in week if is_working_day(day)]


def test_ordinary_days() -> None:
    assert is_working_day(D(2026, 3, 10))  # a Tuesday
    assert not is_working_day(D(2026, 3, 14))  # a Saturday
    assert not is_working_day(D(2025, 5, 31))  # the Dragon Boat holiday of 2025, a Saturday anyway
    assert not is_working_day(D(2025, 6, 2))  # its Monday


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # Friday → the adjusted Sunday before the Spring Festival
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # across the holiday week
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        (D(2025, 1, 24), 6, D(2025, 2, 8)),  # the adjusted Saturday after it
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 26), 3, D(2025, 9, 30)),
        (D(2025, 9, 26), 4, D(2025, 10, 9)),  # National Day and Mid-Autumn, 1 to 8 October
        (D(2026, 2, 12), 3, D(2026, 2, 24)),  # 13 Friday, 14 the adjusted Saturday, then 24 February
        (D(2026, 2, 12), 10, D(2026, 3, 4)),  # 28 February, an adjusted Saturday, counts
        (D(2026, 9, 28), 7, D(2026, 10, 13)),  # the market regulator's 7 days across National Day 2026
        (D(2026, 4, 30), 2, D(2026, 5, 7)),
        (D(2026, 3, 10), 0, D(2026, 3, 10)),
    ],
)
def test_deadlines_count_working_days_from_the_next_day(start: dt.date, count: int, due: dt.date) -> None:
    deadline = add_working_days(start, count)
    assert deadline.due == due
    assert not deadline.fallback
    assert working_days_between(start, due) == count


def test_a_year_the_calendar_does_not_know_is_counted_monday_to_friday_and_says_so() -> None:
    unknown = known_years().stop  # the first year after the newest notice the package holds
    assert not knows(unknown)
    deadline = add_working_days(D(unknown, 3, 6), 3)
    friday = D(unknown, 3, 6)
    expected = [d for d in days(friday + dt.timedelta(days=1), friday + dt.timedelta(days=10)) if d.weekday() < 5]
    assert deadline.due == expected[2]
    assert deadline.fallback
    # Crossing into the unknown year from a known one says so too.
    last_known = D(unknown - 1, 12, 28)
    assert add_working_days(last_known, 15).fallback
    assert not add_working_days(D(unknown - 1, 6, 1), 5).fallback


def test_counting_backwards_and_bad_lengths() -> None:
    assert working_days_between(D(2026, 2, 24), D(2026, 2, 12)) == -3
    assert working_days_between(D(2026, 2, 15), D(2026, 2, 23)) == 0
    with pytest.raises(ValueError, match="working days"):
        add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="working days"):
        add_working_days(D(2026, 1, 5), 10_000)
