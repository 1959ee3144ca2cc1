"""The office's external cases on a big database: the list (open cases, by the day to watch, with the
working days left) and the overview's reminders, through the application beside the same rows read with
raw sqlite3 in the same run (best of N); and the demo's planting of the external cases. Not a test.

    cp --reflink=auto /work/perf/d1m-0013.db /tmp/big.db     # never the original: it is migrated here
    uv run python tests/perf/bench_external.py --db /tmp/big.db [--runs 7]

A file without external cases gets the demo's (``models.demo.external``, as ``main.py demo`` plants them
after the complaints), timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.control.external_queries import ListFilter, external_cases, reminders  # noqa: E402
from models.database import open_database  # noqa: E402
from models.demo.external import plant_external_cases  # noqa: E402
from models.staff import Role, Staff  # noqa: E402

RAW_LIST = (
    "SELECT e.id, e.archive_number, h.code, h.name, h.name_en, e.reference, u.name, u.phone, e.received_on, "
    "e.acceptance_due, e.due_on, e.reply_by, e.fallback_calendar, e.state, e.complaint_id, c.archive_number, "
    "h.remind_days FROM external_case e JOIN external_channel h ON h.id = e.channel_id "
    "JOIN complaint c ON c.id = e.complaint_id LEFT JOIN customer u ON u.id = c.customer_id "
    "WHERE e.state IN ({states})"
)


def best_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return min(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, type=Path, help="a COPY of the big database (it is migrated)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    database = open_database(str(args.db))
    print(f"opened (and migrated if need be) in {time.perf_counter() - started:.1f} s")
    (complaints,) = database.execute_sql("SELECT count(*) FROM complaint").fetchone()
    (planted,) = database.execute_sql("SELECT count(*) FROM external_case").fetchone()
    if not planted:
        office = Staff.get(Staff.role == Role.OFFICE)
        (first,) = database.execute_sql("SELECT min(id) FROM complaint").fetchone()
        now = dt.datetime.now().replace(microsecond=0)
        started = time.perf_counter()
        planted = plant_external_cases(first, complaints, office.id, seed=1, now=now)
        took = time.perf_counter() - started
        print(f"planted {planted} external cases for {complaints:,} complaints in {took:.2f} s")
    raw = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    open_states = "'received', 'replying', 'replied'"
    awaiting = "'received', 'replying'"
    rows = len(external_cases(ListFilter.OPEN))
    print(f"{complaints:,} complaints, {planted} external cases, {rows} open, {len(reminders())} reminders")
    for name, app, bare in (
        ("open list", lambda: external_cases(ListFilter.OPEN), RAW_LIST.format(states=open_states)),
        ("overdue list", lambda: external_cases(ListFilter.OVERDUE), RAW_LIST.format(states=awaiting)),
        ("closed list", lambda: external_cases(ListFilter.CLOSED), RAW_LIST.format(states="'closed'")),
        ("overview reminders", reminders, RAW_LIST.format(states=awaiting)),
    ):
        app_ms = best_ms(app, args.runs)
        raw_ms = best_ms(lambda sql=bare: raw.execute(sql).fetchall(), args.runs)
        print(f"{name:20} app {app_ms:8.2f} ms   raw sqlite3 {raw_ms:7.2f} ms   ratio {app_ms / raw_ms:6.1f}x")
    raw.close()
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
