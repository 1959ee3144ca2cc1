"""Benchmark of demo data (issue 11 target: a million complaints in < 3 minutes), against two bare baselines
measured in the same run on the same rows: drawing them without writing anything (the generator alone: no
records, seals or search grams), and raw sqlite3 inserting them into plain tables (no index, trigger, search
index or seal; one transaction per batch). The demo's own time is split into its phases: the complaints
(drawn and sealed in the worker process while this one writes them), then each step planted after them.

Run: uv run python tests/perf/bench_demo.py --complaints 100000 [--seed 1] [--folder DIR] [--keep FILE]
The databases go to a temporary folder under DIR (default: the current one, a real disk), removed afterwards;
--keep moves the demo database to FILE instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import models.demo  # noqa: E402
from models.database import open_database  # noqa: E402 - needs the project root on sys.path
from models.demo import Loaded, generate_demo, plan_demo  # noqa: E402
from models.demo.producer import Plan, batches  # noqa: E402
from models.demo.store import Rows  # noqa: E402

TABLES = ("customers", "complaints", "proposals", "lines", "follow_ups", "events")


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1024 / 1024


def baselines(plan: Plan, path: Path) -> tuple[float, float]:
    """Seconds drawing the rows, and seconds raw sqlite3 takes to write them (plain tables, executemany)."""
    bare = sqlite3.connect(path, isolation_level=None)
    inserts: dict[str, str] = {}
    drawing = writing = 0.0
    made = batches(plan)
    while True:
        started = time.perf_counter()
        rows: Rows | None = next(made, None)
        drawing += time.perf_counter() - started
        if rows is None:
            break
        started = time.perf_counter()
        bare.execute("BEGIN")
        for name in TABLES:
            table = getattr(rows, name)
            if name not in inserts and table:
                width = len(table[0])
                bare.execute(f"CREATE TABLE {name} ({', '.join(f'c{i}' for i in range(width))})")
                inserts[name] = f"INSERT INTO {name} VALUES ({', '.join('?' * width)})"
            if table:
                bare.executemany(inserts[name], table)
        bare.execute("COMMIT")
        writing += time.perf_counter() - started
    bare.close()
    return drawing, writing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=Path.cwd(), help="where the scratch databases go")
    parser.add_argument("--keep", type=Path, help="keep the demo database in this (new) file")
    args = parser.parse_args()
    if args.keep is not None and args.keep.exists():
        parser.error(f"{args.keep} exists; give a new file")
    count = args.complaints
    now = dt.datetime.now().replace(microsecond=0)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-demo-", dir=args.folder) as folder:
        # The bare baselines draw the same rows as the demo: a scratch database gives them the catalogue and team.
        scratch = open_database(str(Path(folder) / "scratch.db"))
        _, plan = plan_demo(count, seed=args.seed, now=now)
        scratch.close()
        bare_path = Path(folder) / "bare.db"
        drawing, writing = baselines(replace(plan, names=None), bare_path)
        bare_mb = size_mb(bare_path)
        bare_path.unlink()

        path = Path(folder) / "demo.db"
        database = open_database(str(path))
        last = [time.perf_counter()]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 10 or done == total:
                print(f"  {done:>9,} / {total:,}  {now - started:6.1f} s  peak RSS {peak_rss_mb():6.1f} MB", flush=True)
                last[0] = now

        phases: dict[str, float] = {}

        def timed(name: str, step: Callable[[Loaded], object]) -> Callable[[Loaded], object]:
            def run(loaded: Loaded) -> object:
                begun = time.perf_counter()
                phases.setdefault("complaints (drawn, sealed, written)", begun - started)
                try:
                    return step(loaded)
                finally:
                    phases[name] = time.perf_counter() - begun

            return run

        models.demo.AFTER_LOAD[:] = [(name, timed(name, step)) for name, step in models.demo.AFTER_LOAD]
        cpu_before = cpu_seconds(resource.RUSAGE_SELF)
        started = time.perf_counter()
        try:
            generate_demo(count, seed=args.seed, progress=progress, now=now)
        finally:
            database.close()
        elapsed = time.perf_counter() - started
        writer_cpu = cpu_seconds(resource.RUSAGE_SELF) - cpu_before
        worker_cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
        demo_mb = size_mb(path)
        if args.keep is not None:
            shutil.move(path, args.keep)

    def per(seconds: float) -> str:
        return f"{seconds:8.1f} s  {seconds / max(count, 1) * 1e6:7.0f} µs/complaint"

    print(f"complaints:                        {count:,}")
    print(f"bare: drawing the rows only        {per(drawing)}")
    print(f"bare: raw sqlite3 writing them     {per(writing)}  ({bare_mb:,.0f} MB)")
    print(f"bare: both, one after the other    {per(drawing + writing)}")
    print(f"demo (generate_demo)               {per(elapsed)}  ({demo_mb:,.0f} MB)")
    for name, seconds in phases.items():
        print(f"  {name:<33}{per(seconds)}")
    print(f"  CPU: writer {per(writer_cpu)}; worker {per(worker_cpu)}")
    print(f"  ratio to raw sqlite3 writing:    {elapsed / writing:.2f}")
    print(f"  ratio to drawing + writing:      {elapsed / (drawing + writing):.2f}")
    print(f"  a million at this rate:          {elapsed / max(count, 1) * 1e6 / 60:.1f} min (target < 3 min)")
    print(f"peak RSS: writer {peak_rss_mb():.0f} MB, worker {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    # The machine is shared: the load average (1, 5, 15 minutes) says how crowded the figures above were.
    loads = (*load_before, *os.getloadavg())
    print("load average: before {:.1f} {:.1f} {:.1f}, after {:.1f} {:.1f} {:.1f}".format(*loads))


if __name__ == "__main__":
    main()
