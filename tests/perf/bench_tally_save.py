"""What keeping the analysis' day tallies on a PostgreSQL server (migration 0022's triggers) costs a step save:
the intake's two first steps saved with the triggers and, alternately in the same run, with them at
rest (the state row's ``live`` 0: each trigger reads it and returns).
Prints figures; not a test.

    uv run python tests/perf/bench_tally_save.py --db postgresql://USER@HOST/SCRATCH [--saves 60]

``--db`` is a scratch database on the server: an empty one gets the catalogues; a clone of a big one (e.g.
``createdb -T desk1m``) is used as it is (an account ``bench_tally`` is added, complaints are added). The
baseline is a bare one-row INSERT committed on the same database in the same run. Then the tallies are filled
again (timed: the migration's fill), ten more cases saved with the triggers, and the tallies checked against a
fill.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.analysis import day_tally
from models.base import is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability
from models.database import open_database
from models.defaults import load_defaults
from models.intake import Investigation, Receipt, receive, record_investigation
from models.staff import Role, Staff, StaffRemedy, create_staff


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def keep_tallies(database: object, live: bool) -> None:
    """The triggers at work or at rest (``live``, as ``day_tally.suspend`` sets it; disabling them with ALTER
    TABLE would make every session plan its statements again, which a desk does once)."""
    with database.atomic():  # type: ignore[attr-defined]
        database.execute_sql("UPDATE analysis_tally_state SET live = ? WHERE id = 1", (int(live),))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a scratch database on a PostgreSQL server")
    parser.add_argument("--saves", type=int, default=60, help="saves of each kind (with and without the triggers)")
    args = parser.parse_args()
    database = open_database(args.db)
    assert is_postgresql(database), "a PostgreSQL server's database (postgresql://…)"
    if not Category.select().exists():
        load_defaults()
    staff = Staff.get_or_none(Staff.username == "bench_tally")
    if staff is None:
        staff = create_staff("bench_tally", "测试", Role.DUTY_MANAGER, "bench-pass", Decimal("500"), Decimal("5000"))
        for remedy in Remedy.select():
            StaffRemedy.create(staff=staff, remedy=remedy)
    department = Department.select().first()
    category_id = Category.select().first().id
    complaints = Complaint.select().count()
    database.execute_sql("CREATE TABLE IF NOT EXISTS bench_baseline (x INTEGER)")
    bare: list[float] = []
    timed: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
    for i in range(2 * args.saves):
        tallied = i % 2 == 0  # alternately, so both meet the same noise
        keep_tallies(database, tallied)
        t0 = time.perf_counter()
        with database.atomic():
            database.execute_sql("INSERT INTO bench_baseline (x) VALUES (?)", (i,))
        bare.append(time.perf_counter() - t0)
        receipt = Receipt(
            customer_name="测试顾客",
            phone=f"138{i % 7:08d}",  # a few customers coming back
            narrative="上菜太慢，等了四十分钟还没上齐，催了三次都没人理。",
            category_id=category_id,
            demand="要求给个说法",
            acknowledged=True,
            promised_minutes=15,
        )
        t0 = time.perf_counter()
        case = receive(staff, receipt)
        timed[tallied][0].append(time.perf_counter() - t0)
        investigation = Investigation("当晚厨房人手不足，出菜慢属实。", department.id, "传菜员", Liability.FULL)
        t0 = time.perf_counter()
        record_investigation(staff, case, investigation)
        timed[tallied][1].append(time.perf_counter() - t0)
    # The saves without the triggers were not counted: filled again (the migration's fill, timed), then more
    # saves with the triggers, and the tallies must be a fill's.
    t0 = time.perf_counter()
    day_tally.rebuild()
    fill = time.perf_counter() - t0
    for i in range(10):
        again = Receipt(customer_name="测试顾客", phone=f"138{i % 3:08d}", narrative="又来了。", demand="要求给个说法",
                        category_id=category_id, acknowledged=True, promised_minutes=15)
        case = receive(staff, again)
        record_investigation(staff, case, Investigation("属实。", department.id, "传菜员", Liability.FULL))
    query = "SELECT day, part, key, n, lines, fen FROM analysis_tally WHERE n != 0 OR lines != 0 OR fen != 0"
    kept = sorted(database.execute_sql(query).fetchall())
    day_tally.rebuild()
    exact = sorted(database.execute_sql(query).fetchall()) == kept
    database.close()
    base = median_ms(bare)
    print(f"PostgreSQL, {complaints:,} complaints before; {args.saves} saves of each kind, alternately")
    print(f"bare durable commit           : median {base:.2f} ms")
    for step, name in enumerate(("step 1 (receive, new)", "step 2 (investigation)")):
        with_ms, without_ms = median_ms(timed[True][step]), median_ms(timed[False][step])
        print(
            f"{name:<23} tallied: median {with_ms:.2f} ms ({with_ms / base:.1f}x bare); without the triggers "
            f"{without_ms:.2f} ms ({without_ms / base:.1f}x bare); the triggers add {with_ms - without_ms:+.2f} ms"
        )
    print(f"filling the tallies (analysis_tally_fill, as migration 0022 does): {fill:.1f} s")
    print(f"the tallies after 10 more saves are a fill's: {exact}")


if __name__ == "__main__":
    main()
