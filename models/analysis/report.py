"""The whole analysis of a period in one pass: the figures and the cost of service recovery together (what the
Analysis page and the work summary show), from one reading of the period's complaints."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.analysis import day_tally, dialect
from models.analysis.cost import CostFigures, cost_from
from models.analysis.figures import PeriodFigures, figures_from
from models.analysis.period import Period
from models.analysis.scope import scope
from models.analysis.tally import tally
from models.control.tallies import catch_up
from models.search import Filters


@dataclass(frozen=True)
class Analysis:
    figures: PeriodFigures
    cost: CostFigures


def analyse(period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None) -> Analysis:
    """``figures`` and ``cost`` of ``period`` for the complaints passing ``filters``, as of ``now``, read once:
    from the day tallies when the filters allow it (``models.analysis.day_tally``), else from the complaints."""
    now = now or dt.datetime.now()
    where = scope(period, filters, now)
    catch_up()  # the hot-spot tallies the figures read, brought up to date before the read snapshot
    with dialect.reading():  # one read snapshot, no write lock
        if day_tally.usable(filters, now):  # the day tallies (migration 0021): a few small rows a day
            tallies, dimensions, escalations = day_tally.read(period, now)
            return Analysis(
                figures_from(period, filters, now, tallies, dimensions=dimensions, escalations=escalations),
                cost_from(where, tallies),
            )
        return direct(period, filters, now=now)


def direct(period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None) -> Analysis:
    """``analyse`` from the complaints themselves, in one pass (whatever the filters; the day tallies' check)."""
    now = now or dt.datetime.now()
    where = scope(period, filters, now)
    catch_up()  # as analyse
    with dialect.reading():
        tallies = tally(where, now, figures=True, cost=True)
        return Analysis(figures_from(period, filters, now, tallies), cost_from(where, tallies))
