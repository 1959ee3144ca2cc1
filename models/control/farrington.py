"""Is this count more than its own normal? A group's count in a window against the same group's counts in
comparable past windows, by a simplified Farrington method (Farrington et al. 1996, with the negative-binomial
threshold of Noufaily et al. 2013, as R's ``surveillance::farringtonFlexible`` computes it).

Why this method: it was made for weekly counts of many small groups (notifiable diseases), where most windows
hold 0, 1 or 2 and a few hold hundreds. A quasi-Poisson expectation with an overdispersion factor copes with
both: a quiet group going from 0 to 2 stays below the threshold (and below the minimum count), and a busy one
going from 40 to 44 stays within its own variation. EARS C1-C3 use a mean and a standard deviation of the last
7 windows, which is 0 for a quiet group, so its first complaints alarm; Kulldorff's scan statistic finds
clusters in space and time, but needs a map of neighbouring places that a hotel's locations do not have.

The simplification: Farrington fits a log-linear trend over comparable weeks of earlier *years*; a desk has at
most a year or two of complaints and windows of a day, a week and four weeks, so the model here is
intercept-only over the previous ``BASELINE_WINDOWS`` windows (eight: two months of weeks, the same weekday of
eight weeks, eight four-week windows), without a trend (eight points cannot tell a trend from an outbreak). The
rest is Farrington's:

- expectation ``mu`` = mean of the baseline counts; overdispersion ``phi`` = Pearson's chi-squared over its
  degrees of freedom, at least 1;
- past outbreaks are down-weighted: a window whose Anscombe residual exceeds 1 gets weight ``1/s**2`` and
  ``mu`` is fitted again with these weights; ``phi`` is then taken from the other windows only (a second
  simplification: with eight windows, one past run kept ``phi`` so high that this week's went unseen). Where
  the windows down-weighted are the newest ones in a row (a rise going on: a problem that stayed high), they
  are weighed again against the new fit until the usual windows settle (at most ``REWEIGHTINGS`` rounds): the
  window in which a rise began otherwise counted as usual and its spread hid the rise within two months. Until
  half the windows are high (a new normal, as the method has it);
- the threshold is the upper ``1 - ALPHA`` quantile of a negative binomial distribution with mean ``mu`` and
  the prediction's variance, ``phi * mu * (1 + 1/n)``: the window's own variation and the expectation's, fitted
  on ``n`` windows (Farrington's ``phi * mu0 + var(mu0)``; Noufaily's negative binomial leaves the second out,
  which a fit over years of weeks can afford and eight windows cannot: a quiet group's 0.2 a week from eight
  weeks may well be 0.5, and five complaints are then a thousand times less surprising than the plug-in
  expectation says). A group with no complaint in its comparable windows is judged around half a complaint
  over them (``PRIOR_COUNT / n``), not around nothing. Never below the Poisson quantile;
- an alarm needs the count above the threshold *and* at least ``MIN_COUNT`` complaints in the window
  (Farrington's rule of at least five cases in the last four weeks): one complaint about something new is not a
  hot-spot, however unusual.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

BASELINE_WINDOWS = 8
# Fewer comparable windows than this (the desk's first weeks): no judgement yet.
MIN_BASELINE_WINDOWS = 4
MIN_COUNT = 5
ALPHA = 0.001
# A group's comparable windows with no complaint at all are judged as holding this many between them.
PRIOR_COUNT = 0.5
# Rounds of down-weighting a rise going on at most (it settles in two or three).
REWEIGHTINGS = 5
_Z = 3.0902  # the standard normal's upper ALPHA quantile, for the large-count approximation
# Above this expectation the quantile is the normal approximation's: exact sums would underflow.
EXACT_UP_TO = 200.0


@dataclass(frozen=True)
class Baseline:
    """What a window's count is judged against."""

    expected: float  # complaints usually in such a window (the reweighted mean)
    dispersion: float  # variance over mean of the comparable windows (1: as random as Poisson)
    threshold: int  # more than this many is unusual
    windows: int  # how many comparable windows it was fitted on

    def alarms(self, count: int) -> bool:
        return count >= MIN_COUNT and count > self.threshold

    def surprise(self, count: int) -> float:
        """How unusual ``count`` is: the probability of at least as many, were the window usual."""
        return upper_tail(count, *predictive(self.expected, self.dispersion, self.windows))


def predictive(expected: float, dispersion: float, windows: int) -> tuple[float, float]:
    """The mean and the variance-over-mean of a window's count predicted from ``windows`` comparable ones: the
    window's own variation and the expectation's uncertainty; around PRIOR_COUNT over the windows when they held
    none."""
    n = max(windows, 1)
    return max(expected, PRIOR_COUNT / n), dispersion * (1 + 1 / n)


def baseline(counts: Sequence[float]) -> Baseline:
    """The baseline fitted to the counts of the comparable past windows, newest first."""
    return _fitted(tuple(counts))


@functools.lru_cache(maxsize=1 << 16)
def _fitted(counts: tuple[float, ...]) -> Baseline:
    n = len(counts)
    mu, phi = _fit(counts, (1.0,) * n)
    if mu > 0 and n > 1:
        # A rise going on (the newest windows the outbreak) is reweighted until the windows counted as usual
        # settle: the window in which it began (21 between 60s and 4s) looked usual beside the 60s alone, and its
        # spread kept the threshold above the 60s themselves, so a problem that stayed high stopped being a
        # hot-spot within two months. Past outbreaks elsewhere among the windows are weighed once, as Farrington
        # does (weighed again and again, a noisy group's old spikes went and chance clusters rose).
        usual: tuple[float, ...] | None = None
        for rounds in range(REWEIGHTINGS):
            weights = _weights(counts, mu, phi)
            if weights is None or (rounds and not _newest_stand_out(weights)):
                break
            mu, _ = _fit(counts, weights)
            # The overdispersion of the usual windows only: with eight windows, one past outbreak would
            # otherwise keep the threshold so high that the next one went unseen.
            settled = usual
            usual = tuple(y for y, w in zip(counts, weights, strict=True) if w == 1.0)
            phi = _dispersion(usual, mu) if len(usual) > 1 else 1.0
            if usual == settled:
                break
    return Baseline(mu, phi, quantile(*predictive(mu, phi, n)), n)


def _fit(counts: tuple[float, ...], weights: Sequence[float]) -> tuple[float, float]:
    total = sum(weights)
    mu = sum(w * y for w, y in zip(weights, counts, strict=True)) / total
    return mu, _dispersion(counts, mu)


def _dispersion(counts: Sequence[float], mu: float) -> float:
    """Pearson's chi-squared over its degrees of freedom, at least 1."""
    n = len(counts)
    if mu <= 0 or n < 2:
        return 1.0
    return max(1.0, sum((y - mu) ** 2 for y in counts) / mu / (n - 1))


def _newest_stand_out(weights: Sequence[float]) -> bool:
    """Whether the windows down-weighted are the newest ones in a row (``counts`` come newest first)."""
    out = [i for i, w in enumerate(weights) if w < 1.0]
    return out == list(range(len(out)))


def _weights(counts: tuple[float, ...], mu: float, phi: float) -> tuple[float, ...] | None:
    """Farrington's weights: windows with an Anscombe residual above 1 (past outbreaks) count less; None when
    no window stands out."""
    n = len(counts)
    scale = 1.5 / (math.sqrt(phi) * mu ** (1 / 6) * math.sqrt(1 - 1 / n))
    anchor = mu ** (2 / 3)
    residuals = [scale * (y ** (2 / 3) - anchor) for y in counts]
    if max(residuals) <= 1:
        return None
    return tuple(1 / (s * s) if s > 1 else 1.0 for s in residuals)


@functools.lru_cache(maxsize=1 << 14)
def quantile(mu: float, phi: float) -> int:
    """The smallest k with P(X <= k) >= 1 - ALPHA, X negative binomial with mean ``mu`` and variance
    ``phi * mu`` (Poisson when phi is 1); never below the Poisson quantile."""
    if mu <= 0:
        return 0
    if mu > EXACT_UP_TO:
        return math.ceil(mu + _Z * math.sqrt(phi * mu))
    poisson = _quantile_of(_poisson_terms(mu))
    if phi <= 1.0 + 1e-9:
        return poisson
    return max(poisson, _quantile_of(_negative_binomial_terms(mu, phi)))


def upper_tail(count: int, mu: float, phi: float) -> float:
    """P(X >= count) for the distribution ``quantile`` uses."""
    if count <= 0:
        return 1.0
    if mu <= 0:
        return 0.0
    if mu > EXACT_UP_TO:
        z = (count - 0.5 - mu) / math.sqrt(phi * mu)
        return 0.5 * math.erfc(z / math.sqrt(2))
    terms = _poisson_terms(mu) if phi <= 1.0 + 1e-9 else _negative_binomial_terms(mu, phi)
    below = 0.0
    for k, p in enumerate(terms):
        if k >= count:
            break
        below += p
    return max(0.0, 1.0 - below)


def lower_tail(count: int, mu: float, phi: float) -> float:
    """P(X <= count) for the distribution ``quantile`` uses."""
    if count < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    if mu > EXACT_UP_TO:
        z = (count + 0.5 - mu) / math.sqrt(phi * mu)
        return 0.5 * math.erfc(-z / math.sqrt(2))
    terms = _poisson_terms(mu) if phi <= 1.0 + 1e-9 else _negative_binomial_terms(mu, phi)
    return min(1.0, sum(p for _, p in zip(range(count + 1), terms, strict=False)))


def _quantile_of(terms: Iterable[float]) -> int:
    cumulative = 0.0
    k = 0
    for k, p in enumerate(terms):
        cumulative += p
        if cumulative >= 1 - ALPHA:
            return k
    return k


def _poisson_terms(mu: float, limit: int = 100_000) -> Iterator[float]:
    p = math.exp(-mu)
    yield p
    for k in range(1, limit):
        p *= mu / k
        yield p


def _negative_binomial_terms(mu: float, phi: float, limit: int = 100_000) -> Iterator[float]:
    size = mu / (phi - 1)  # r: variance mu + mu**2 / r = phi * mu
    failure = 1 - 1 / phi
    p = math.exp(-size * math.log(phi))  # (1/phi) ** r
    yield p
    for k in range(1, limit):
        p *= (k - 1 + size) / k * failure
        yield p
