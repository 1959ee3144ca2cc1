"""Did an improvement action work? The same group of complaints in the window after the action was done, against
the window before it was taken and against the group's usual level, by the statistics of hot-spot detection
(``models.control.farrington``).

Two questions, two tests:

- *Back to usual?* The following window is judged as detection judges a window: against the Farrington
  baseline of the eight windows of the same length before the problem (the expectation scaled to the following
  window's volume of all complaints), unusual above the 99.9 % quantile of the negative binomial and at least
  MIN_COUNT. Still unusual: the action did not work.
- *Fewer than before?* The lower tail of the same predictive negative binomial around the count before the
  action (one window: the window's own variation twice, as two counts are compared; the group's overdispersion),
  scaled to the following window's volume: P(X <= after). At most EFFECT_ALPHA (5 %): fewer beyond chance.

The verdict: effective when the group is fewer beyond chance and not unusual; not effective when it is still
unusual or no fewer than before; unclear when it fell within chance (a quiet group, from 3 to 1); pending while
the following window is not over. The office confirms the verdict or overrides it (``improvement.verify``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from enum import StrEnum

from models.base import db
from models.control.farrington import BASELINE_WINDOWS, MIN_BASELINE_WINDOWS, Baseline, baseline, lower_tail, predictive
from models.control.tallies import GroupKind, group_ids
from models.errors import QT_TRANSLATE_NOOP

EFFECT_ALPHA = 0.05
VOLUME_MIN = 30  # as detection: volumes scale counts only where both windows hold this many complaints
EFFECT_DAYS = (7, 14, 28, 56)
DEFAULT_EFFECT_DAYS = 28


class Verdict(StrEnum):
    PENDING = "pending"
    EFFECTIVE = "effective"
    NOT_EFFECTIVE = "not_effective"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Effect:
    """The figures of an action's effect on its group and the verdict they give."""

    days: int
    before_first: dt.date
    before_last: dt.date
    before: int
    after_first: dt.date
    after_last: dt.date
    after: int  # so far, while pending
    elapsed: int  # days of the following window that have passed
    expected_after: float  # the count before, at the following window's volume
    usual: float | None  # the group's usual count in such a window (None: too little history)
    usual_threshold: int | None  # unusual above this
    dispersion: float
    fall_p: float  # P(X <= after) were the group as it was before
    verdict: Verdict

    @property
    def judged_on(self) -> dt.date:
        """The first day the verdict is final."""
        return self.after_last + dt.timedelta(days=1)

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Effect:
        data = json.loads(text)
        for name in ("before_first", "before_last", "after_first", "after_last"):
            data[name] = dt.date.fromisoformat(data[name])
        data["verdict"] = Verdict(data["verdict"])
        return cls(**data)

    def summary(self) -> tuple[str, dict[str, object]]:
        """The figures in one sentence: an English template (context "Effect") and its values. A value that is a
        ``Phrase`` is a template itself (same context, same values): the chance of the fall in words."""
        values: dict[str, object] = {
            "before": self.before,
            "before_first": self.before_first.isoformat(),
            "before_last": self.before_last.isoformat(),
            "after": self.after,
            "after_first": self.after_first.isoformat(),
            "after_last": self.after_last.isoformat(),
            "days": self.days,
            "elapsed": self.elapsed,
            "expected": f"{self.expected_after:.1f}",
            "odds": f"{round(1 / self.fall_p):,}" if self.fall_p > 0 else "",
            "usual": f"{self.usual:.1f}" if self.usual is not None else "–",
            "threshold": self.usual_threshold if self.usual_threshold is not None else "–",
            "judged_on": self.judged_on.isoformat(),
        }
        one = self.before == 1  # "1 complaint in the 28 days before" (it said "1 complaint(s)")
        if self.verdict == Verdict.PENDING:
            template = (
                QT_TRANSLATE_NOOP(
                    "Effect",
                    "{before} complaint in the {days} days before ({before_first} to {before_last}); {after} so far "
                    "in the {elapsed} of {days} days after; judged on {judged_on}.",
                )
                if one
                else QT_TRANSLATE_NOOP(
                    "Effect",
                    "{before} complaints in the {days} days before ({before_first} to {before_last}); {after} so far "
                    "in the {elapsed} of {days} days after; judged on {judged_on}.",
                )
            )
            return template, values
        values["chance"] = self._chance()
        template = (
            QT_TRANSLATE_NOOP(
                "Effect",
                "{before} complaint in the {days} days before ({before_first} to {before_last}), {after} in the "
                "{days} days after ({after_first} to {after_last}); at the same volume {expected} were to be "
                "expected ({chance}); usually {usual}, unusual above {threshold}.",
            )
            if one
            else QT_TRANSLATE_NOOP(
                "Effect",
                "{before} complaints in the {days} days before ({before_first} to {before_last}), {after} in the "
                "{days} days after ({after_first} to {after_last}); at the same volume {expected} were to be "
                "expected ({chance}); usually {usual}, unusual above {threshold}.",
            )
        )
        return template, values

    def _chance(self) -> Phrase:
        """How often chance alone gives a fall this large, in words an office clerk reads (it said "P of so few:
        0.240")."""
        if self.after >= self.expected_after:
            return Phrase(QT_TRANSLATE_NOOP("Effect", "no fall"))
        if self.fall_p < 0.001:
            return Phrase(QT_TRANSLATE_NOOP("Effect", "a fall this large happens by chance less than 1 time in 1,000"))
        if self.fall_p >= 0.5:
            return Phrase(QT_TRANSLATE_NOOP("Effect", "a fall this small often happens by chance"))
        return Phrase(QT_TRANSLATE_NOOP("Effect", "a fall this large happens by chance about 1 time in {odds}"))


class Phrase(str):
    """A part of an effect's sentence that is a template itself (context "Effect"), filled with the same values."""


VERDICT_TEXTS = {
    Verdict.PENDING: QT_TRANSLATE_NOOP("Effect", "Not yet judged: the window after the action is not over."),
    Verdict.EFFECTIVE: QT_TRANSLATE_NOOP("Effect", "Effective: fewer complaints beyond chance, and back to usual."),
    Verdict.NOT_EFFECTIVE: QT_TRANSLATE_NOOP("Effect", "Not effective: still unusual, or no fewer than before."),
    Verdict.UNCLEAR: QT_TRANSLATE_NOOP("Effect", "Unclear: fewer complaints, but not beyond chance."),
}


def measure(
    group: tuple[str, str, str],
    taken_on: dt.date,
    done_on: dt.date,
    days: int = DEFAULT_EFFECT_DAYS,
    today: dt.date | None = None,
) -> Effect:
    """The effect on ``group`` (kind, scope, value) of an action taken on ``taken_on`` and done on ``done_on``:
    the ``days`` days up to the day it was taken against the ``days`` days from the day after it was done."""
    today = today or dt.date.today()
    GroupKind(group[0])  # a known kind, or ValueError
    before_last = taken_on
    before_first = before_last - dt.timedelta(days=days - 1)
    after_first = done_on + dt.timedelta(days=1)
    after_last = done_on + dt.timedelta(days=days)
    seen_last = min(after_last, today)
    elapsed = max(0, (seen_last - done_on).days)
    start = before_first - dt.timedelta(days=BASELINE_WINDOWS * days)
    first = _first_day()
    counts = _daily(group, start, seen_last)
    volumes = _volumes(start, seen_last)

    def total(series: dict[int, int], first_day: dt.date, last_day: dt.date) -> int:
        return sum(series.get(d, 0) for d in range(first_day.toordinal(), last_day.toordinal() + 1))

    before = total(counts, before_first, before_last)
    after = total(counts, after_first, seen_last) if elapsed else 0
    before_volume = total(volumes, before_first, before_last)
    after_volume = total(volumes, after_first, seen_last) if elapsed else 0
    comparable: list[float] = []
    for k in range(1, BASELINE_WINDOWS + 1):
        window_first = before_first - dt.timedelta(days=k * days)
        if first is None or window_first < first:
            break
        window_last = before_last - dt.timedelta(days=k * days)
        count, volume = total(counts, window_first, window_last), total(volumes, window_first, window_last)
        comparable.append(_scaled(count, volume, after_volume))
    usual: Baseline | None = baseline(comparable) if len(comparable) >= MIN_BASELINE_WINDOWS else None
    expected_after = _scaled(before, before_volume, after_volume)
    dispersion = usual.dispersion if usual is not None else 1.0
    fall_p = lower_tail(after, *predictive(expected_after, dispersion, 1))
    if after_last > today:
        verdict = Verdict.PENDING
    elif (usual is not None and usual.alarms(after)) or after >= expected_after:
        verdict = Verdict.NOT_EFFECTIVE
    elif fall_p <= EFFECT_ALPHA:
        verdict = Verdict.EFFECTIVE
    else:
        verdict = Verdict.UNCLEAR
    return Effect(
        days,
        before_first,
        before_last,
        before,
        after_first,
        after_last,
        after,
        elapsed,
        round(expected_after, 3),
        round(usual.expected, 3) if usual is not None else None,
        usual.threshold if usual is not None else None,
        round(dispersion, 3),
        round(fall_p, 6),
        verdict,
    )


def _scaled(count: int, volume: int, to_volume: int) -> float:
    """``count`` as it would have been at ``to_volume`` complaints (as detection scales comparable windows)."""
    if volume >= VOLUME_MIN and to_volume >= VOLUME_MIN:
        return count * to_volume / volume
    return float(count)


def _first_day() -> dt.date | None:
    (first,) = db.execute_sql("SELECT min(received_at) FROM complaint").fetchone()
    return None if first is None else dt.date.fromisoformat(str(first)[:10])


def _daily(group: tuple[str, str, str], start: dt.date, end: dt.date) -> dict[int, int]:
    ids = group_ids([group], create=False)
    if group not in ids:
        return {}
    rows = db.execute_sql(
        "SELECT day, n FROM hotspot_tally WHERE group_id = ? AND day >= ? AND day <= ?",
        (ids[group], start.toordinal(), end.toordinal()),
    ).fetchall()
    return dict(rows)


def _volumes(start: dt.date, end: dt.date) -> dict[int, int]:
    """All complaints per day (the categories' tallies added up)."""
    rows = db.execute_sql(
        "SELECT day, CAST(sum(n) AS BIGINT) FROM hotspot_tally "
        "WHERE group_id IN (SELECT id FROM hotspot_group WHERE kind = ?) AND day >= ? AND day <= ? GROUP BY day",
        (GroupKind.CATEGORY.value, start.toordinal(), end.toordinal()),
    ).fetchall()
    return dict(rows)
