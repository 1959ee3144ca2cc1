"""A backup of a whole database as the application takes it, beside bare baselines measured in the same run.
Not a test.

    uv run python tests/perf/bench_backup.py FILE [--out DIR] [--runs 1]

FILE is only read (copy a big database and migrate the copy first: the check refuses a file whose schema
is not current); the copies go to DIR (default: a folder beside FILE) and are removed. Printed, wall-clock
seconds, best of the runs:

- app "copy": ``models.backups.take_backup``'s copy, through the online backup API ``STEP_PAGES`` at a
  time inside one read transaction (the progress bar's steps), renamed, with its sidecar;
- app "check": the check of the copy in its own process (integrity check, schema, ``verify_report``);
- baseline "backup API": raw sqlite3 ``Connection.backup`` of the file in one step, nothing else;
- baseline "integrity_check": SQLite's ``PRAGMA integrity_check`` of the copy, raw sqlite3;
- reference "main.py verify": the command a person runs on the copy (the same checks, in a child process),
  which the check of a backup should cost no more than;
and the ratios. The check is most of the time: it reads every seal and event as ``main.py verify`` does.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def bare_backup(source: Path, target: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True) as src:
        dst = sqlite3.connect(str(target))
        src.backup(dst)
        dst.close()
    src.close()
    return time.perf_counter() - started


def bare_integrity(path: Path) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    assert rows == [("ok",)], rows
    return time.perf_counter() - started


def verify_command(path: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(path), "verify"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return time.perf_counter() - started


def app_backup(source: Path, target: Path) -> tuple[float, float, int, bool]:
    """The copy's and the check's seconds, how many progress reports the copy made, and the verdict."""
    from models import backups
    from models.database import open_database

    database = open_database(str(source))
    try:
        marks: list[tuple[float, int]] = []
        started = time.perf_counter()
        info = backups.take_backup(target, progress=lambda done, total: marks.append((time.perf_counter(), done)))
        ended = time.perf_counter()
    finally:
        database.close()
    copied = next((at for at, done in marks if done >= backups.COPY_SHARE), ended)
    copy_reports = sum(1 for _, done in marks if done < backups.COPY_SHARE)
    return copied - started, ended - copied, copy_reports, bool(info.checked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    out = args.out or args.file.parent / "bench-backup"
    out.mkdir(exist_ok=True)
    size = args.file.stat().st_size
    print(f"{args.file}: {size / 1e9:.2f} GB")
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(seconds, best.get(name, seconds))

    for run in range(args.runs):
        bare = out / "bare.db"
        keep("backup API", bare_backup(args.file, bare))
        keep("integrity_check", bare_integrity(bare))
        keep("main.py verify", verify_command(bare))
        bare.unlink()
        app = out / f"app-{run}.db"
        copy, check, reports, checked = app_backup(args.file, app)
        keep("copy", copy)
        keep("check", check)
        print(f"run {run + 1}: copy {copy:.1f} s ({reports} progress reports), check {check:.1f} s, "
              f"checked out: {checked}")  # fmt: skip
        for leftover in out.glob("app-*"):
            leftover.unlink()
    shutil.rmtree(out, ignore_errors=True)
    api, copy, integrity, check = best["backup API"], best["copy"], best["integrity_check"], best["check"]
    print(f"baseline backup API (one step):   {api:7.1f} s  ({size / 1e6 / api:.0f} MB/s)")
    print(f"app copy (steps, read snapshot):  {copy:7.1f} s  ratio {copy / api:.2f}")
    print(f"baseline integrity_check of copy: {integrity:7.1f} s")
    print(f"app check (integrity + verify):   {check:7.1f} s  ratio {check / integrity:.2f}")
    verify = best["main.py verify"]
    print(f"reference main.py verify of copy: {verify:7.1f} s  app check / verify: {check / verify:.2f}")
    total, bare = copy + check, api + integrity
    print(f"app total {total:.1f} s against bare copy + integrity_check {bare:.1f} s: ratio {total / bare:.2f}")

if __name__ == "__main__":
    main()
