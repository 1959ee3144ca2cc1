"""When complaints arrive: a year of days and hours weighted by meals, weekends and holidays."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
from collections.abc import Iterator

DAYS = 365
DAY = 86400


_HOUR_WEIGHTS = (
    0.2, 0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.6, 0.8, 0.9, 1.0, 1.8,
    2.6, 2.0, 1.0, 0.8, 0.9, 1.6, 2.6, 3.0, 2.6, 2.0, 1.2, 0.6,
)  # fmt: skip
_HOUR_CUMULATIVE = tuple(sum(_HOUR_WEIGHTS[: h + 1]) for h in range(24))
_MONTH_FACTORS = (1.1, 1.15, 0.9, 0.95, 1.05, 0.95, 1.15, 1.2, 0.95, 1.15, 0.9, 1.0)
_WEEKDAY_FACTORS = (0.85, 0.85, 0.9, 0.95, 1.15, 1.35, 1.25)
_SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}


def _holiday_factor(day: dt.date) -> float:
    festival = _SPRING_FESTIVAL.get(day.year)
    if festival and -1 <= (day - festival).days <= 6:
        return 1.5
    if (day.month == 10 and day.day <= 7) or (day.month == 5 and day.day <= 5):
        return 1.6
    if (day.month, day.day) in ((1, 1), (2, 14), (12, 24), (12, 25), (12, 31)):
        return 1.3
    return 1.0


@functools.cache
def _clock_texts() -> tuple[str, ...]:
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))


class Clock:
    """Times as whole seconds since midnight of the first demo day, written the way peewee stores them."""

    def __init__(self, now: dt.datetime) -> None:
        self.first_day = now.date() - dt.timedelta(days=DAYS - 1)
        self.now = (DAYS - 1) * DAY + now.hour * 3600 + now.minute * 60 + now.second
        # Follow-ups fall due up to a few days after now.
        self._days = tuple((self.first_day + dt.timedelta(days=k)).isoformat() + " " for k in range(DAYS + 30))
        self._clock = _clock_texts()

    def text(self, seconds: int) -> str:
        return self._days[seconds // DAY] + self._clock[seconds % DAY]

    def arrivals(self, rng: random.Random, total: int) -> Iterator[int]:
        """``total`` complaint times in ascending order: busier at meals, evenings, weekends and holidays."""
        weights = []
        for k in range(DAYS):
            day = self.first_day + dt.timedelta(days=k)
            factor = _MONTH_FACTORS[day.month - 1] * _WEEKDAY_FACTORS[day.weekday()] * _holiday_factor(day)
            weights.append(factor * rng.uniform(0.85, 1.15))
        today = self.now % DAY
        hour = today // 3600
        elapsed = (_HOUR_CUMULATIVE[hour - 1] if hour else 0) + _HOUR_WEIGHTS[hour] * (today % 3600) / 3600
        weights[-1] *= elapsed / _HOUR_CUMULATIVE[-1]
        scale = total / sum(weights)
        running = 0.0
        placed = 0
        for k, weight in enumerate(weights):
            running += weight * scale
            count = total - placed if k == DAYS - 1 else round(running) - placed
            placed += count
            limit = today if k == DAYS - 1 else DAY
            base = k * DAY
            for second in sorted(self._time_of_day(rng, limit) for _ in range(count)):
                yield base + second

    @staticmethod
    def _time_of_day(rng: random.Random, limit: int) -> int:
        for _ in range(20):
            hour = bisect.bisect_right(_HOUR_CUMULATIVE, rng.random() * _HOUR_CUMULATIVE[-1])
            second = min(hour, 23) * 3600 + rng.randrange(3600)
            if second < limit:
                return second
        return rng.randrange(max(limit, 1))
