"""Time to save one intake step, durably (committed, synchronous=FULL on a file; a server's commit), on a
database with many complaints. Prints figures; not a test.

    uv run python tests/perf/bench_step_save.py [--complaints 100000] [--saves 100]
    uv run python tests/perf/bench_step_save.py --file COPY-OF-m1.db --db postgresql://USER@HOST/CLONE-OF-desk1m

Without ``--file`` or ``--db`` the database is a scratch file with ``--complaints`` demo complaints. ``--file``
measures on an existing SQLite database (a COPY: the benchmark writes its cases and a baseline table into
it) and ``--db`` on a PostgreSQL database (a clone of the 1,000,000-complaint one, or an empty scratch one,
which gets the catalogues only); given both, both are measured in the same run, one after the other.

The baseline is a bare one-row INSERT committed on the same database in the same run: the cost of a
durable commit on this disk (or server), without the application. On a file the second half of the saves
goes without the analysis' day tallies (migration 0021's triggers dropped): what keeping them costs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.base import is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability
from models.database import open_database
from models.defaults import load_defaults
from models.demo import generate_demo
from models.intake import Investigation, Receipt, receive, record_investigation
from models.staff import Role, StaffRemedy, create_staff

TARGET_MS = 20


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1] * 1000


def measure(url: str, saves: int, complaints: int) -> dict[str, object]:
    """The saves on the database at ``url`` (demo complaints added first when ``complaints``)."""
    database = open_database(url)
    server = is_postgresql(database)
    try:
        if complaints:
            started = time.perf_counter()
            generate_demo(complaints, seed=5)
            print(f"demo data: {complaints:,} complaints in {time.perf_counter() - started:.1f} s", flush=True)
        else:
            load_defaults()  # a new database gets the catalogues; one that has them keeps them
        held = Complaint.select().count()
        staff = create_staff(
            f"bench{uuid.uuid4().hex[:6]}", "测试", Role.DUTY_MANAGER, "bench-pass", Decimal("500"), Decimal("5000")
        )
        for remedy in Remedy.select():
            StaffRemedy.create(staff=staff, remedy=remedy)
        department = Department.select().first()
        category_id = Category.select().first().id

        database.execute_sql("CREATE TABLE IF NOT EXISTS bench_baseline (x INTEGER)")
        bare, step1, step2 = [], [], []
        untallied: list[list[float]] = [[], []]
        tallied = (step1, step2)
        for i in range(2 * saves):
            if i == saves:
                if not server:  # a server keeps no day tallies: the second half measures the same again
                    with database.atomic():
                        for (name,) in database.execute_sql(
                            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analysis_%'"
                        ).fetchall():
                            database.execute_sql(f'DROP TRIGGER "{name}"')
                step1, step2 = untallied
            t0 = time.perf_counter()
            with database.atomic():
                database.execute_sql("INSERT INTO bench_baseline (x) VALUES (?)", (i,))
            bare.append(time.perf_counter() - t0)

            receipt = Receipt(
                customer_name="测试顾客",
                phone=f"139{i:08d}",
                narrative="上菜太慢，等了四十分钟还没上齐，催了三次都没人理。",
                category_id=category_id,
                demand="要求给个说法",
                acknowledged=True,
                promised_minutes=15,
            )
            t0 = time.perf_counter()
            case = receive(staff, receipt)
            step1.append(time.perf_counter() - t0)

            investigation = Investigation("当晚厨房人手不足，出菜慢属实。", department.id, "传菜员", Liability.FULL)
            t0 = time.perf_counter()
            record_investigation(staff, case, investigation)
            step2.append(time.perf_counter() - t0)
    finally:
        database.close()
    return {
        "backend": "PostgreSQL" if server else "SQLite",
        "where": database.shown() if server else url,
        "complaints": held,
        "bare": bare,
        "step1": tallied[0],
        "step2": tallied[1],
        "untallied": untallied,
        "server": server,
    }


def report(result: dict[str, object]) -> None:
    bare = median_ms(result["bare"])  # type: ignore[arg-type]
    print(f"backend                  : {result['backend']} ({result['where']}, {result['complaints']:,} complaints)")
    print(f"bare durable commit      : median {bare:.2f} ms")
    for name, key in (("step 1 (receive, new)", "step1"), ("step 2 (investigation)", "step2")):
        samples: list[float] = result[key]  # type: ignore[assignment]
        print(
            f"{name:<25}: median {median_ms(samples):.2f} ms, p95 {p95_ms(samples):.2f} ms "
            f"({median_ms(samples) / bare:.1f}x bare; target median < {TARGET_MS} ms)"
        )
    if not result["server"]:
        untallied: list[list[float]] = result["untallied"]  # type: ignore[assignment]
        for name, samples in (("step 1 without tallies", untallied[0]), ("step 2 without tallies", untallied[1])):
            print(f"{name:<25}: median {median_ms(samples):.2f} ms ({median_ms(samples) / bare:.1f}x bare)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000, help="demo complaints in the scratch file")
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--folder", default=str(Path.cwd()), help="where the scratch database goes (a real disk)")
    parser.add_argument("--file", help="an existing SQLite database to measure on (a copy: it is written to)")
    parser.add_argument("--db", help="a PostgreSQL database to measure on (a clone, or an empty scratch one)")
    args = parser.parse_args()
    results = []
    if args.file:
        results.append(measure(args.file, args.saves, 0))
    if args.db:
        results.append(measure(args.db, args.saves, 0))
    if not results:
        with tempfile.TemporaryDirectory(dir=args.folder) as folder:
            results.append(measure(str(Path(folder) / "bench.db"), args.saves, args.complaints))
    for result in results:
        report(result)
    if len(results) == 2:
        print(f"\n{'':<24} {'bare ms':>8} {'step 1 ms':>10} {'ratio':>6} {'step 2 ms':>10} {'ratio':>6}")
        for result in results:
            bare = median_ms(result["bare"])  # type: ignore[arg-type]
            one, two = median_ms(result["step1"]), median_ms(result["step2"])  # type: ignore[arg-type]
            print(
                f"{result['backend'] + ' ' + format(result['complaints'], ','):<24} {bare:>8.2f} {one:>10.2f} "
                f"{one / bare:>5.1f}x {two:>10.2f} {two / bare:>5.1f}x"
            )


if __name__ == "__main__":
    main()
