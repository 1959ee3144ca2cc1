"""Hot-spot detection on a big database, beside raw sqlite3 in the same run, and the method on synthetic count
streams. Prints figures; not a test.

    uv run main.py --db big.db demo --complaints 1000000      # or a copy of /work/perf's
    uv run python tests/perf/bench_hotspots.py --db COPY.db [--at 2026-07-15] [--runs 5]
    uv run python tests/perf/bench_hotspots.py --streams-only

- detection: ``active_hotspots`` for one date (its catch-up finds nothing to do), best of N; the bare
  baseline is a raw sqlite3 GROUP BY of the complaints by category and location over the same 28 days.
- update for one new complaint: a raw INSERT of one complaint and its commit (bare), then the same INSERT
  followed by ``catch_up()``, which tallies it (the application's incremental update), best of N. The
  complaints added are deleted at the end (the delete is tallied too).
- the desk's question for that complaint (``hotspots_joined``): beside today's snapshot (the office's overview
  ran a detection in the last ten minutes: only the complaint's groups judged afresh), and without one (a full
  detection of its own, which keeps a new snapshot); the bare baseline reads the complaint's groups' tallies over
  the longest window and its comparable ones with raw sqlite3.
- noise (``--noise STEP``): the detection on every STEP-th date of the year, how many hot-spots a date shows
  and how many distinct problems that makes (the office's load), by kind of group.
- streams: replicates of the issue's synthetic streams, judged at their last day in the three windows:
  how often each is flagged (found for those that must be, false alarms for the others).

Opening the file migrates it first if its schema is older (and backs it up beside itself), and the first
catch-up tallies every complaint (about a minute at a million): point it at a copy.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.control import hotspots  # noqa: E402
from models.control.tallies import catch_up, group_ids, group_keys  # noqa: E402

REPLICATES = 500
YEAR = 365


def best_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def on_database(path: str, at: dt.date | None, runs: int) -> None:
    from models.base import db
    from models.database import open_database

    started = time.perf_counter()
    database = open_database(path)
    print(f"open (and migrate if older): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    tallied = catch_up()
    print(f"catch-up: {tallied:,} complaints tallied in {time.perf_counter() - started:.1f} s")
    (complaints,) = db.execute_sql("SELECT count(*) FROM complaint").fetchone()
    (rows,) = db.execute_sql("SELECT count(*) FROM hotspot_tally").fetchone()
    (groups,) = db.execute_sql("SELECT count(*) FROM hotspot_group").fetchone()
    print(f"{complaints:,} complaints, {groups:,} groups, {rows:,} tally rows")
    if at is None:
        (last,) = db.execute_sql("SELECT max(received_at) FROM complaint").fetchone()
        at = dt.date.fromisoformat(str(last)[:10])
    since = (at - dt.timedelta(days=27)).isoformat()
    until = (at + dt.timedelta(days=1)).isoformat()

    def bare_detection() -> object:
        return database.connection().execute(
            "SELECT category_id, location, count(*) FROM complaint WHERE received_at >= ? AND received_at < ? "
            "GROUP BY category_id, location",
            (since, until),
        ).fetchall()

    bare, groups_counted = best_ms(bare_detection, runs)
    app, spots = best_ms(lambda: hotspots.active_hotspots(at), runs)
    print(f"\nhot-spots on {at} (best of {runs}):")
    print(f"  active_hotspots     {app:8.1f} ms   {len(spots)} hot-spot(s)")  # type: ignore[arg-type]
    print(f"  bare GROUP BY       {bare:8.1f} ms   {len(groups_counted)} (category, location) counts over 28 days")  # type: ignore[arg-type]
    print(f"  ratio               {app / bare:8.1f} x")
    for spot in spots[:12]:  # type: ignore[union-attr]
        print(f"    since {spot.since}  {spot.reason()}")

    (staff,) = db.execute_sql("SELECT min(id) FROM staff").fetchone()
    (category,) = db.execute_sql("SELECT min(id) FROM category").fetchone()
    insert = (
        "INSERT INTO complaint (state, customer_id, received_at, received_by_id, channel, location, moved_to_private, "
        "narrative, category_id, severity, demand, acknowledged, promised_minutes, findings, staff_involved, "
        "liability, handoff_note, consent, counter_demand, witness, improvement_suggestion, withdrawn_reason, "
        "wizard_page, updated_at) VALUES ('received', NULL, ?, ?, 'in_person', '二楼中餐厅', 1, "
        "'我点的宫保鸡丁里吃出一根头发，服务员还说不可能。', ?, 'medium', '重做并道歉', 1, 15, '', '', '', '', '', '', "
        "'', '', '', 0, ?)"
    )
    added: list[int] = []

    def bare_insert() -> None:
        now = dt.datetime.now().isoformat(" ")
        with db.atomic():
            cursor = database.connection().execute(insert, (now, staff, category, now))
        added.append(int(cursor.lastrowid or 0))

    def insert_and_tally() -> None:
        bare_insert()
        catch_up()

    update_runs = max(runs, 20)
    bare_ms, _ = best_ms(bare_insert, update_runs)
    catch_up()
    app_ms, _ = best_ms(insert_and_tally, update_runs)
    tally_ms, _ = best_ms(catch_up, update_runs)
    print(f"\nupdate for one new complaint (best of {update_runs}):")
    print(f"  insert + catch_up   {app_ms:8.2f} ms")
    print(f"  bare insert+commit  {bare_ms:8.2f} ms")
    print(f"  ratio               {app_ms / bare_ms:8.1f} x   (the tallies' own share: {app_ms - bare_ms:.2f} ms)")
    print(f"  catch_up, nothing new {tally_ms:6.2f} ms")

    newest = added[-1]
    row = database.connection().execute(
        "SELECT category_id, location, department_id, staff_involved, narrative FROM complaint WHERE id = ?", (newest,)
    ).fetchone()
    keys = group_keys(*row)
    ids = list(group_ids(keys, create=False).values())
    today = dt.date.today().toordinal()
    marks = ", ".join("?" * len(ids))

    def bare_groups() -> object:
        return database.connection().execute(
            f"SELECT group_id, sum(n) FROM hotspot_tally WHERE group_id IN ({marks}) AND day > ? GROUP BY group_id",
            (*ids, today - hotspots.HISTORY_DAYS[hotspots.Window.MONTH]),
        ).fetchall()

    def full() -> object:
        db.execute_sql("DELETE FROM hotspot_snapshot")
        return hotspots.hotspots_joined(newest)

    hotspots.active_hotspots()  # today's snapshot, as the office's overview keeps it
    quick_ms, joined = best_ms(lambda: hotspots.hotspots_joined(newest), update_runs)
    bare_groups_ms, _ = best_ms(bare_groups, update_runs)
    full_ms, full_joined = best_ms(full, 3)
    same = [(m.key, m.judgement.count) for m in joined] == [(m.key, m.judgement.count) for m in full_joined]  # type: ignore[union-attr]
    print(f"\nthe desk's question, hotspots_joined for that complaint ({len(ids)} groups):")
    print(f"  beside the snapshot {quick_ms:8.2f} ms   (best of {update_runs})")
    print(f"  bare: its groups' tallies {bare_groups_ms:6.2f} ms   ratio {quick_ms / bare_groups_ms:.1f} x")
    print(f"  without a snapshot  {full_ms:8.1f} ms   (a full detection, best of 3)   same answer: {same}")
    print(f"    {[str(m.message()) for m in joined][:2]}")  # type: ignore[union-attr]
    with db.atomic():
        for complaint_id in added:
            db.execute_sql("DELETE FROM complaint WHERE id = ?", (complaint_id,))
    catch_up()
    database.close()


def noise(path: str, step: int) -> None:
    """How many hot-spots the office sees: the detection on every ``step``-th date of the year."""
    from collections import Counter

    from models.database import open_database

    database = open_database(path)
    catch_up()
    (first,) = database.execute_sql("SELECT min(received_at) FROM complaint").fetchone()
    (last,) = database.execute_sql("SELECT max(received_at) FROM complaint").fetchone()
    day = dt.date.fromisoformat(str(first)[:10]) + dt.timedelta(days=9 * 7)  # the weeks' baseline exists
    end = dt.date.fromisoformat(str(last)[:10])
    per_date: list[int] = []
    keys: set[str] = set()
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    while day <= end:
        spots = hotspots._detected(day)
        per_date.append(len(spots))
        for spot in spots:
            keys.add(spot.key.text)
            kinds[spot.group.kind] += 1
        day += dt.timedelta(days=step)
    print(f"\nnoise: {len(per_date)} dates ({time.perf_counter() - started:.0f} s), hot-spots per date: "
          f"mean {sum(per_date) / len(per_date):.2f}, max {max(per_date)}, none on {per_date.count(0)}; "
          f"{len(keys)} distinct problems")  # fmt: skip
    print(f"  by kind: {dict(kinds)}")
    database.close()


def streams() -> None:
    """Replicates of the synthetic streams, each judged at its last day."""
    rng = random.Random(2026)
    day = dt.date(2026, 7, 31).toordinal()
    first = day - YEAR + 1

    def poisson(mean: float) -> int:
        limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
        while True:
            p *= rng.random()
            if p < limit:
                return k
            k += 1

    def background(rate: float) -> dict[int, int]:
        return {d: poisson(rate) for d in range(first, day + 1)}

    def with_run(rate: float, run: list[int]) -> dict[int, int]:
        counts = background(rate)
        for days_ago in run:
            counts[day - days_ago] = counts.get(day - days_ago, 0) + 1
        return counts

    scenarios: list[tuple[str, bool, Callable[[], dict[int, int]]]] = [
        ("run: 6 in a week at one place, usually ~0.5/week", True, lambda: with_run(0.07, [6, 5, 4, 2, 1, 0])),
        ("run: 5 in a week, usually ~1/week", True, lambda: with_run(0.15, [6, 4, 2, 1, 0])),
        ("seasonal: 1.5/day for two weeks, usually 0.1/day", True,
         lambda: {d: poisson(1.5 if day - d < 14 else 0.1) for d in range(first, day + 1)}),
        ("busy category at its usual level (6/day)", False, lambda: background(6.0)),
        ("busy one going 40 -> 44 a week", False,
         lambda: {d: poisson(44 / 7 if day - d < 7 else 40 / 7) for d in range(first, day + 1)}),
        ("quiet category going 0 -> 2 (today)", False, lambda: with_run(0.0, [0, 0])),
        ("a single rare complaint", False, lambda: with_run(0.003, [0])),
        ("a run spread over a year (1 a week)", False,
         lambda: {d: 1 if (day - d) % 7 == 3 else 0 for d in range(first, day + 1)}),
        ("quiet group at its usual level (0.2/day)", False, lambda: background(0.2)),
    ]
    print(f"\nsynthetic streams, {REPLICATES} replicates each, judged on their last day (day, week, 28 days):")
    print(f"  {'stream':52} {'must be':>8} {'flagged':>8} {'rate':>7}")
    for name, wanted, make in scenarios:
        flagged = 0
        for _ in range(REPLICATES):
            daily = hotspots._Daily(make(), first, day)
            if any(hotspots._unusual(daily.sums(w, day, first), w, day) for w in hotspots.Window):
                flagged += 1
        verdict = "found" if wanted else "not"
        print(f"  {name:52} {verdict:>8} {flagged:>8} {flagged / REPLICATES:7.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a copy of a big database (migrated and tallied by this run)")
    parser.add_argument("--at", type=dt.date.fromisoformat, help="the date to detect for (default: the newest)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--streams-only", action="store_true")
    parser.add_argument("--noise", type=int, metavar="STEP", help="hot-spots on every STEP-th date of the year")
    args = parser.parse_args()
    if not args.streams_only:
        if not args.db or not Path(args.db).is_file():
            parser.error("--db COPY.db: a copy of a big database")
        if args.noise:
            noise(args.db, args.noise)
            return
        on_database(args.db, args.at, args.runs)
    streams()


if __name__ == "__main__":
    main()
