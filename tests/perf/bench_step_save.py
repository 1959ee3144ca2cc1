"""Time to save one intake step, durably (committed, synchronous=FULL), on a
database with many complaints. Prints figures; not a test.

    uv run python tests/perf/bench_step_save.py [--complaints 100000] [--saves 100]
                                                [--db postgresql://USER@HOST/EMPTY-DATABASE]

The baseline is a bare one-row INSERT committed on the same database in the same
run: the cost of a durable commit on this disk (or server), without the application.
With ``--db`` the database is an empty one on a PostgreSQL server (dropped tables are
not cleaned up: give a scratch database); the analysis' day tallies are SQLite's only.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.base import is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import Liability
from models.database import open_database
from models.defaults import load_defaults
from models.demo import generate_demo
from models.intake import Investigation, Receipt, receive, record_investigation
from models.staff import Role, StaffRemedy, create_staff


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--folder", default=str(Path.cwd()), help="where the scratch database goes (a real disk)")
    parser.add_argument("--db", help="an empty PostgreSQL database instead of a scratch SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        database = open_database(args.db or str(Path(folder) / "bench.db"))
        server = is_postgresql(database)
        started = time.perf_counter()
        if args.complaints:
            generate_demo(args.complaints, seed=5)
            print(f"demo data: {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s")
        else:  # the catalogues only (a server's database: the demo writes a file; copy one there to measure more)
            load_defaults()
        staff = create_staff("bench", "测试", Role.DUTY_MANAGER, "bench-pass", Decimal("500"), Decimal("5000"))
        for remedy in Remedy.select():
            StaffRemedy.create(staff=staff, remedy=remedy)
        department = Department.select().first()
        category_id = Category.select().first().id

        database.execute_sql("CREATE TABLE bench_baseline (x INTEGER)")
        bare, step1, step2 = [], [], []
        # The same saves again without the analysis' day tallies (migration 0021's triggers dropped): what
        # keeping them costs a save, in the same run.
        untallied: list[list[float]] = [[], []]
        for i in range(2 * args.saves):
            if i == args.saves:
                if not server:  # a server keeps no day tallies: the second half measures the same again
                    with database.atomic():
                        for (name,) in database.execute_sql(
                            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analysis_%'"
                        ).fetchall():
                            database.execute_sql(f'DROP TRIGGER "{name}"')
                tallied = (step1, step2)
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
        database.close()
    step1, step2 = tallied
    base = median_ms(bare)
    print(f"backend                  : {'PostgreSQL' if args.db else 'SQLite'}")
    print(f"bare durable commit      : median {base:.2f} ms")
    for name, samples in (("step 1 (receive, new)", step1), ("step 2 (investigation)", step2)):
        worst = sorted(samples)[int(len(samples) * 0.95) - 1] * 1000
        print(
            f"{name:<25}: median {median_ms(samples):.2f} ms, p95 {worst:.2f} ms "
            f"({median_ms(samples) / base:.1f}x bare; target median < 20 ms)"
        )
    for name, samples in (("step 1 without tallies", untallied[0]), ("step 2 without tallies", untallied[1])):
        print(f"{name:<25}: median {median_ms(samples):.2f} ms ({median_ms(samples) / base:.1f}x bare)")

if __name__ == "__main__":
    main()
