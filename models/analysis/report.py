"""The whole analysis of a period in one pass: the figures and the cost of service recovery together (what the
Analysis page and the work summary show), from one reading of the period's complaints."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.analysis.cost import CostFigures, cost_from
from models.analysis.figures import PeriodFigures, figures_from
from models.analysis.period import Period
from models.analysis.scope import scope
from models.analysis.tally import tally
from models.base import db
from models.search import Filters


@dataclass(frozen=True)
class Analysis:
    figures: PeriodFigures
    cost: CostFigures


def analyse(period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None) -> Analysis:
    """``figures`` and ``cost`` of ``period`` for the complaints passing ``filters``, as of ``now``, read once."""
    now = now or dt.datetime.now()
    where = scope(period, filters, now)
    with db.atomic(lock_type="DEFERRED"):  # one read snapshot, no write lock
        tallies = tally(where, now, figures=True, cost=True)
        return Analysis(figures_from(period, filters, now, tallies), cost_from(where, tallies))
