"""Verifying a whole database, beside bare baselines measured in the same run. Not a test.

    uv run python tests/perf/bench_verify.py FILE [--runs 1] [--workers N] [--skip-cli]

FILE is only read (copy a big database and migrate the copy first: verify refuses a file whose
schema is not current). Printed, wall-clock and CPU seconds:

- ``verify_report``: the archive check alone, in this process (and its workers);
- ``main.py verify``: the whole command a person runs (SQLite's integrity check beside the
  archive check, the schema check, start-up), in a child process;
- baseline "sha256": raw sqlite3 in one thread reads every seal's stored payload and every
  audit event, and hashes each payload and each event's columns with SHA-256: the bare cost of
  reading the archive and hashing it once;
- baseline "integrity_check": SQLite's own ``PRAGMA integrity_check`` of the file;
and the ratios of the app's figures to the baselines. The machine's cores are printed too:
verify uses them all.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds (this process and the children it waited for) of one run."""
    cpu, started = own_cpu() + children_cpu(), time.perf_counter()
    result = action()
    return time.perf_counter() - started, own_cpu() + children_cpu() - cpu, result


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


def sha256_baseline(path: Path) -> tuple[int, int]:
    """Every stored payload and every audit event read with raw sqlite3 and hashed, one thread: the
    stored bytes of each seal, each event's columns with its changes' text (kept apart since 0014)
    and a digest (the one before it, kept beside it before 0014; its own, of the same size, since)."""
    connection = read_only(path)
    seals = events = 0
    for (payload,) in connection.execute("SELECT CAST(payload AS BLOB) FROM archive_seal ORDER BY id"):
        hashlib.sha256(payload).hexdigest()
        seals += 1
    columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_event)")}
    if "changes" in columns:  # before 0014
        query = "SELECT id, complaint_id, at, actor_id, action, changes, previous_digest FROM audit_event ORDER BY id"
    else:
        query = (
            "SELECT e.id, e.complaint_id, e.at, e.actor_id, e.action, t.text, lower(hex(e.digest)) "
            "FROM audit_event e JOIN audit_change t ON t.id = e.changes_id ORDER BY e.id"
        )
    for row in connection.execute(query):
        hashlib.sha256("\x1f".join(map(str, row)).encode()).hexdigest()
        events += 1
    connection.close()
    return seals, events


def integrity_baseline(path: Path) -> str:
    connection = read_only(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def app_verify(path: Path, workers: int | None) -> Any:
    from models.database import open_read_only
    from models.verify import verify_report

    options: dict[str, Any] = {}
    if workers is not None and "workers" in inspect.signature(verify_report).parameters:
        options["workers"] = workers
    database = open_read_only(path)
    try:
        return verify_report(path, **options)
    finally:
        database.close()


def cli_verify(path: Path) -> str:
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(path), "verify"], capture_output=True, text=True
    )
    return (out.stdout + out.stderr).strip().splitlines()[-1]


def best(runs: int, action: Callable[[], Any]) -> tuple[float, float, Any]:
    results = [timed(action) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="best of N (default 1: a run of 1M takes a minute)")
    parser.add_argument("--workers", type=int, help="worker processes for verify (default: the application's choice)")
    parser.add_argument("--skip-cli", action="store_true", help="leave out the main.py verify run")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"file: {args.file} ({args.file.stat().st_size / 1e6:,.0f} MB), cores: {cores}, load: {os.getloadavg()}")

    wall_sha, cpu_sha, (seals, events) = best(args.runs, lambda: sha256_baseline(args.file))
    print(f"baseline sha256 (raw sqlite3, one thread): {wall_sha:7.1f} s wall {cpu_sha:7.1f} s CPU "
          f"({seals:,} seals, {events:,} events)")  # fmt: skip
    wall_int, cpu_int, verdict = best(args.runs, lambda: integrity_baseline(args.file))
    print(f"baseline PRAGMA integrity_check:          {wall_int:7.1f} s wall {cpu_int:7.1f} s CPU ({verdict})")

    wall_app, cpu_app, report = best(args.runs, lambda: app_verify(args.file, args.workers))
    compared = getattr(report, "compared_in_python", "n/a")
    print(f"verify_report:                            {wall_app:7.1f} s wall {cpu_app:7.1f} s CPU "
          f"({len(report.problems)} problems; compared in Python: {compared})")  # fmt: skip
    print(f"  ratio to the sha256 baseline:    {wall_app / wall_sha:5.2f} wall, {cpu_app / cpu_sha:5.2f} CPU")
    if not args.skip_cli:
        wall_cli, cpu_cli, last = best(args.runs, lambda: cli_verify(args.file))
        print(f"main.py verify (the whole command):       {wall_cli:7.1f} s wall {cpu_cli:7.1f} s CPU  {last}")
        baseline = wall_sha + wall_int
        print(f"  ratio to sha256 + integrity_check ({baseline:.1f} s one after the other): {wall_cli / baseline:5.2f}")


if __name__ == "__main__":
    main()
