"""A year's analysis (``models.analysis``: the figures and the cost of service recovery, ``analyse`` reading both
from the day tallies of migration 0021 (0022 on a server), ``direct`` in one pass over the complaints, and each
alone) on a large database, beside a bare baseline over the same year in the same run: raw sqlite3
``SELECT count(*)`` and one ``GROUP BY`` (complaints by category). Prints figures; not a test.

    uv run python tests/perf/bench_analysis.py --db COPY-OF-1M.db [--year 2026] [--runs 3]
        [--server postgresql://desk:desk@localhost/NAME]

With ``--server``, the same database on a PostgreSQL server (``main.py --db FILE copy --to URL``) as well:
its own bare baseline (the same two statements through psycopg), the year's analysis there (from the day
tallies migration 0022 keeps there, and ``direct`` from the complaints), whether it is the same as SQLite's,
and the ratios to the server's GROUP BY and to SQLite.

Work on a copy of the 1,000,000-complaint database (never the shared file itself). Best of RUNS each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.analysis.cost import cost  # noqa: E402
from models.analysis.figures import figures  # noqa: E402
from models.analysis.period import Period, PeriodKind  # noqa: E402
from models.analysis.report import analyse, direct  # noqa: E402
from models.database import open_database  # noqa: E402

CPU: dict[float, float] = {}  # each best wall time's processor time (SQLite runs in this process)


def best(runs: int, work: Callable[[], object]) -> float:
    """The best wall time of ``runs``; its processor time is kept in CPU (on a shared machine the wall time
    includes waiting for a core)."""
    times = []
    for _ in range(runs):
        started, processor = time.perf_counter(), time.process_time()
        work()
        wall = time.perf_counter() - started
        CPU[wall] = time.process_time() - processor
        times.append(wall)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", help="the same database on a PostgreSQL server (postgresql://…)")
    args = parser.parse_args()
    period = Period.of(PeriodKind.YEAR, dt.date(args.year, 1, 1))
    now = dt.datetime(args.year + 1, 1, 1)
    bounds = (period.start.isoformat(sep=" "), period.end.isoformat(sep=" "))
    raw = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    where = "FROM complaint WHERE received_at >= ? AND received_at < ?"
    (complaints,) = raw.execute(f"SELECT count(*) {where}", bounds).fetchone()
    count = best(args.runs, lambda: raw.execute(f"SELECT count(*) {where}", bounds).fetchone())
    group = best(args.runs, lambda: raw.execute(f"SELECT category_id, count(*) {where} GROUP BY 1", bounds).fetchall())
    (tally_rows,) = raw.execute(  # its days' rows and its months'
        "SELECT count(*) FROM analysis_tally WHERE substr(day, 1, 4) = ?", (str(args.year),)
    ).fetchone()
    try:
        (tally_bytes,) = raw.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name IN ('analysis_tally', 'complaint_received_at_customer_id')"
        ).fetchone()
    except sqlite3.OperationalError:  # no dbstat in this build of SQLite
        tally_bytes = None
    raw.close()
    open_database(args.db)
    direct_time = best(args.runs, lambda: direct(period, now=now))
    total = best(args.runs, lambda: analyse(period, now=now))
    june = dt.date(args.year, 6, 15)
    month, week = Period.of(PeriodKind.MONTH, june), Period.of(PeriodKind.WEEK, june)
    month_time = best(args.runs, lambda: analyse(month, now=now))
    week_time = best(args.runs, lambda: analyse(week, now=now))
    figures_time = best(args.runs, lambda: figures(period, now=now))
    cost_time = best(args.runs, lambda: cost(period, now=now))
    load = os.getloadavg()
    print(f"{complaints:,} complaints received in {args.year}; best of {args.runs}; load average {load[0]:.2f}")
    size = f", {tally_bytes / 2**20:,.1f} MB with the customers' index" if tally_bytes else ""
    print(f"day tallies (migration 0021): {tally_rows:,} rows of the year (days and months){size}")
    lines = [
        ("baseline: raw sqlite3 SELECT count(*)", count, ""),
        ("baseline: raw sqlite3 GROUP BY category", group, ""),
        ("figures(year)", figures_time, f"{figures_time / group:6.1f}x the GROUP BY"),
        ("cost(year)", cost_time, f"{cost_time / group:6.1f}x the GROUP BY"),
        ("direct(year): one pass over the complaints", direct_time, f"{direct_time / group:6.1f}x the GROUP BY"),
        ("analyse(year): from the day tallies", total, f"{total / group:6.1f}x the GROUP BY  (target < 2,000 ms)"),
        ("analyse(June): from the day tallies", month_time, f"{month_time / group:6.1f}x the GROUP BY"),
        ("analyse(a week of June): from the day tallies", week_time, f"{week_time / group:6.1f}x the GROUP BY"),
    ]
    for label, seconds, ratio in lines:
        print(f"{label:<46} {seconds * 1000:9.1f} ms  (processor {CPU[seconds] * 1000:8.1f} ms)  {ratio}")
    if args.server:
        on_sqlite = {"direct": direct_time, "analyse": total, "figures": figures_time, "cost": cost_time}
        answers = {name: analyse(chosen, now=now) for name, chosen in (("year", period), ("June", month))}
        server(args.server, args.runs, period, now, bounds, on_sqlite, answers)


def server(url: str, runs: int, period: Period, now: dt.datetime, bounds: tuple[str, str],
           on_sqlite: dict[str, float], answers: dict[str, object]) -> None:
    """The same year on a PostgreSQL server: psycopg's bare statements, then the application's analysis."""
    import psycopg

    from models.postgresql import server_address

    address = server_address(url)
    where = "FROM complaint WHERE received_at >= %s AND received_at < %s"
    with psycopg.connect(dbname=address.name, **address.connect_params()) as raw:
        (complaints,) = raw.execute(f"SELECT count(*) {where}", bounds).fetchone() or (0,)
        count = best(runs, lambda: raw.execute(f"SELECT count(*) {where}", bounds).fetchone())
        group = best(runs, lambda: raw.execute(f"SELECT category_id, count(*) {where} GROUP BY 1", bounds).fetchall())
        (tally_rows,) = raw.execute(
            "SELECT count(*) FROM analysis_tally WHERE substr(day, 1, 4) = %s", (str(period.first.year),)
        ).fetchone() or (0,)
        (tally_bytes,) = raw.execute("SELECT pg_total_relation_size('analysis_tally')").fetchone() or (0,)
    open_database(url)
    june = Period.of(PeriodKind.MONTH, dt.date(period.first.year, 6, 15))
    week = Period.of(PeriodKind.WEEK, june.first + dt.timedelta(days=14))
    times = {
        "direct": best(runs, lambda: direct(period, now=now)),
        "analyse": best(runs, lambda: analyse(period, now=now)),
        "figures": best(runs, lambda: figures(period, now=now)),
        "cost": best(runs, lambda: cost(period, now=now)),
    }
    month_time = best(runs, lambda: analyse(june, now=now))
    week_time = best(runs, lambda: analyse(week, now=now))
    same = {
        "year": analyse(period, now=now) == answers["year"] == direct(period, now=now),
        "June": analyse(june, now=now) == answers["June"] == direct(june, now=now),
    }
    print(f"on the server {address.shown()}: {complaints:,} complaints received in the year; best of {runs}")
    print(f"day tallies (migration 0022): {tally_rows:,} rows of the year, {tally_bytes / 2**20:,.1f} MB in all")
    lines = [
        ("baseline: raw psycopg SELECT count(*)", count, ""),
        ("baseline: raw psycopg GROUP BY category", group, ""),
        ("figures(year)", times["figures"], ""),
        ("cost(year)", times["cost"], ""),
        ("direct(year): one pass over the complaints", times["direct"], ""),
        ("analyse(year): from the day tallies", times["analyse"], ""),
        ("analyse(June): from the day tallies", month_time, ""),
        ("analyse(a week of June): from the day tallies", week_time, ""),
    ]
    for label, seconds, _ in lines:
        print(f"{label:<46} {seconds * 1000:9.1f} ms  (processor here {CPU[seconds] * 1000:8.1f} ms)")
    for name, seconds in times.items():
        print(f"{name}(year) on the server: {seconds / group:6.1f}x the server's GROUP BY, "
              f"{seconds / on_sqlite[name]:6.2f}x {name} on SQLite")
    for name, equal in same.items():
        print(f"analyse({name}) on the server is direct's there and analyse's on SQLite: {equal}")

if __name__ == "__main__":
    main()
