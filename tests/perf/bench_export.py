"""Exporting the register: the application's XLSX and CSV export of the newest N complaints
beside a bare baseline in the same run (one raw sqlite3 query written by bare xlsxwriter in its
constant_memory mode, or by the csv module), each in a process of its own so that its peak
resident memory is its own; the best of --runs runs. Memory is flat when the peak stays the
same from 10,000 rows to 100,000 (and to every row of a 1,000,000-complaint database). Not a test.

    uv run main.py --db big.db demo --complaints 200000
    uv run python tests/perf/bench_export.py big.db [--rows 10000 100000] [--all] [--runs 2]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 30  # DESIGN.md: XLSX export of 100,000 rows

# The register's columns, as models/register.py reads them, in one query (the latest proposal's total).
BARE_QUERY = """
SELECT c.archive_number, c.id, c.received_at, u.name, u.phone, k.name, d.name, c.state, c.severity,
       c.promised_at, s.full_name,
       (SELECT p.total FROM proposal p WHERE p.complaint_id = c.id ORDER BY p.seq DESC LIMIT 1)
FROM complaint c
LEFT JOIN customer u ON u.id = c.customer_id
LEFT JOIN category k ON k.id = c.category_id
LEFT JOIN department d ON d.id = c.department_id
JOIN staff s ON s.id = c.received_by_id
WHERE c.received_at >= ?
ORDER BY c.id DESC
"""


def child(kind: str, fmt: str, db: str, since: str, out: str) -> None:
    """One export in this process; prints its rows and seconds as JSON."""
    if kind == "app":
        from models.analysis.export import export_register
        from models.database import open_database
        from models.search import Filters
        from models.staff import Staff

        open_database(db)
        office = Staff.get(Staff.role == "office")
        started = time.perf_counter()
        rows = export_register(office, Path(out), Filters(received_from=dt.date.fromisoformat(since)), "zh_CN")
    else:
        connection = sqlite3.connect(db)
        started = time.perf_counter()
        cursor = connection.execute(BARE_QUERY, (since,))
        rows = 0
        if fmt == "xlsx":
            import xlsxwriter

            workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
            sheet = workbook.add_worksheet()
            for row in cursor:
                rows += 1
                sheet.write_row(rows, 0, row)
            workbook.close()
        else:
            with open(out, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                for row in cursor:
                    rows += 1
                    writer.writerow(row)
    print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))


def run_child(kind: str, fmt: str, db: str, since: str) -> tuple[int, float, float, int]:
    """(rows, seconds, peak resident MB, file bytes) of one export in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        out = str(Path(folder) / f"export.{fmt}")
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", kind, fmt, db, since, out], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"the {kind} {fmt} export failed ({process.returncode})")
        result = json.loads(output.splitlines()[-1])
        size = Path(out).stat().st_size
    return result["rows"], result["seconds"], usage.ru_maxrss / 1024, size


def since_for(db: str, rows: int) -> str:
    """The first day from which the newest ``rows`` complaints (a little more, whole days) were received."""
    connection = sqlite3.connect(db)
    found = connection.execute("SELECT received_at FROM complaint ORDER BY id DESC LIMIT 1 OFFSET ?", (rows - 1,))
    row = found.fetchone()
    if row is None:
        row = connection.execute("SELECT min(received_at) FROM complaint").fetchone()
    return str(row[0])[:10]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--all", action="store_true", help="also every complaint of the database")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"])
    args = parser.parse_args()
    sizes = [(str(n), since_for(args.db, n)) for n in args.rows]
    if args.all:
        sizes.append(("all", "1900-01-01"))
    heads = ("rows", "app s", "bare s", "ratio", "app MB", "bare MB", "file MB")
    print(f"{'export':<22} {heads[0]:>10} " + " ".join(f"{head:>8}" for head in heads[1:]))
    for fmt in args.formats:
        for _, since in sizes:
            results: dict[str, list[tuple[int, float, float, int]]] = {"app": [], "bare": []}
            for _ in range(args.runs):
                for kind in ("app", "bare"):  # taking turns, so that both meet the same load of the machine
                    results[kind].append(run_child(kind, fmt, args.db, since))
            # The fastest run's time; the highest peak of memory of any run.
            rows, app_s, _, size = min(results["app"], key=lambda r: r[1])
            bare_rows, bare_s, _, _ = min(results["bare"], key=lambda r: r[1])
            app_mb = max(r[2] for r in results["app"])
            bare_mb = max(r[2] for r in results["bare"])
            assert rows == bare_rows, (rows, bare_rows)
            print(
                f"{fmt + ' since ' + since:<22} {rows:>10,} {app_s:>8.2f} {bare_s:>8.2f} {app_s / bare_s:>6.2f}x "
                f"{app_mb:>8.0f} {bare_mb:>8.0f} {size / 1e6:>8.1f}",
                flush=True,
            )
    print(f"target: XLSX of 100,000 rows < {TARGET_SECONDS} s with flat memory (peak resident MB; best of {args.runs})")


if __name__ == "__main__":
    main()
