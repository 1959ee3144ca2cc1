"""Benchmark: demo data generation speed, peak memory and database size.

Run: uv run python tests/perf/bench_demo.py --complaints 100000 [--seed 1] [--db FILE]
Without --db the database goes to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.database import open_database  # noqa: E402 - needs the project root on sys.path
from models.demo import generate_demo  # noqa: E402


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def run(complaints: int, seed: int, path: Path) -> None:
    database = open_database(str(path))
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done == total:
            print(f"  {done:>9,} / {total:,}  {now - started:6.1f} s  peak RSS {peak_rss_mb():6.1f} MB", flush=True)
            last[0] = now

    started = time.perf_counter()
    try:
        generate_demo(complaints, seed=seed, progress=progress, now=dt.datetime.now())
    finally:
        database.close()
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(f"complaints:        {complaints:,}")
    print(f"wall time:         {elapsed:.1f} s")
    print(f"complaints/second: {complaints / elapsed:,.0f}")
    print(f"peak RSS:          {peak_rss_mb():.1f} MB")
    print(f"database size:     {size / 1024 / 1024:,.1f} MB ({path})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="keep the database in this (new) file")
    args = parser.parse_args()
    if args.db is not None:
        if args.db.exists():
            parser.error(f"{args.db} exists; give a new file")
        run(args.complaints, args.seed, args.db)
        return
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        run(args.complaints, args.seed, Path(folder) / "demo.db")


if __name__ == "__main__":
    main()
