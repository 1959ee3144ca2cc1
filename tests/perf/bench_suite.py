"""Benchmark of the quick test suite (issue 11 target: `uv run pytest` under 60 s on a busy two-core machine).

The suite is run as a developer runs it (`uv run pytest`: two xdist workers, the slow tests left out), once on
the machine as it is ("quiet") and once while ``--busy`` other processes burn a core each ("busy": one on two
cores is a load average of about three, a build or a browser beside the tests). Beside it, the bare baseline
measured in the same run, in both states: two processes doing a fixed amount of pure Python work each, as the
two workers do; its busy/quiet ratio is what the machine's load alone does to CPU-bound work.

The suite's run is warm, as a developer's second run is: a first run compiles bytecode (``--cold`` removes
the cache first and shows what that costs, as on CI's fresh clone).

Run: uv run python tests/perf/bench_suite.py [--busy 1] [--cold] [-- extra pytest arguments]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE_ROUNDS = 60_000_000  # a few seconds of pure Python on one core


def _burn() -> None:
    while True:
        pass


def _bare_work(rounds: int) -> int:
    total = 0
    for i in range(rounds):
        total = (total + i * i) % 1_000_003
    return total


@contextmanager
def busy(processes: int) -> Iterator[None]:
    """``processes`` other processes, each burning a core, for the time inside."""
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(processes)]
    for burner in burners:
        burner.start()
    try:
        time.sleep(0.5)  # the scheduler has them running
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.join()


def bare_seconds() -> float:
    """Wall seconds of two processes doing BARE_ROUNDS each at once (the two workers' shape)."""
    started = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        pool.map(_bare_work, [BARE_ROUNDS, BARE_ROUNDS])
    return time.perf_counter() - started


def suite(extra: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the run and its children, and pytest's last line."""
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(["uv", "run", "pytest", "-q", *extra], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    lines = [line for line in result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    for line in result.stdout.splitlines():  # a failure is named: the figure of a run that failed says little
        if line.startswith(("FAILED", "ERROR")):
            print(f"  {line}", flush=True)
    return wall, cpu, lines[-1].strip("= ") if lines else f"exit {result.returncode}: {result.stdout[-500:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--busy", type=int, default=1, help="processes burning a core each in the busy run")
    parser.add_argument("--cold", action="store_true", help="remove the bytecode cache before the first run")
    parser.add_argument("extra", nargs="*", help="more pytest arguments (after --)")
    arguments = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"cores: {os.cpu_count()}, load average before: {load:.2f}")
    if arguments.cold:
        shutil.rmtree(ROOT / ".pytest_cache", ignore_errors=True)
        wall, cpu, outcome = suite(arguments.extra)
        print(f"quick suite, cold (no bytecode cache)      {wall:6.1f} s wall  {cpu:6.1f} s CPU   {outcome}")
    else:
        suite(arguments.extra)  # warms the bytecode cache, as any earlier run has
    quiet_bare = bare_seconds()
    quiet_wall, quiet_cpu, quiet_outcome = suite(arguments.extra)
    with busy(arguments.busy):
        busy_bare = bare_seconds()
        busy_wall, busy_cpu, busy_outcome = suite(arguments.extra)
    print(f"bare: two processes of fixed Python work, quiet {quiet_bare:6.2f} s wall")
    print(
        f"bare: the same, busy ({arguments.busy} burning)         {busy_bare:6.2f} s wall   "
        f"ratio {busy_bare / quiet_bare:.2f}"
    )
    print(
        f"quick suite, quiet                         {quiet_wall:6.1f} s wall  {quiet_cpu:6.1f} s CPU   {quiet_outcome}"
    )
    print(
        f"quick suite, busy ({arguments.busy} burning)              {busy_wall:6.1f} s wall  {busy_cpu:6.1f} s CPU   "
        f"ratio {busy_wall / quiet_wall:.2f}   {busy_outcome}"
    )
    print(f"target: < 60 s busy: {'met' if busy_wall < 60 else 'not met'}")


if __name__ == "__main__":
    main()
