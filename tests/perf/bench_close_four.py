"""Four desks closing cases at once, on a SQLite file and on a PostgreSQL server, in the same run. Not a test.

    uv run python tests/perf/bench_close_four.py [--server postgresql://desk:desk@localhost/desk] [--cases 600]
    uv run python tests/perf/bench_close_four.py --file COPY-OF-m1.db --db postgresql://USER@HOST/CLONE-OF-desk1m

Each side: ``--cases`` agreed cases are made in one transaction, then four processes (the drill's
``intake_child.py close``) close a quarter each, all starting at the same moment. Printed: the
seconds from "go" until the last process is done, closes per second, the retries each side needed
(SQLite's "database is locked", the busy sentence) and whether every number is unique and gapless.
The SQLite file is the baseline: the ratio is the server's time over the file's. The server's role
must be allowed to create databases: the benchmark makes one of its own and drops it after.
With ``--file`` and ``--db`` the two sides are existing databases instead (a COPY of a big file and a
CLONE of a big server database: the benchmark writes its accounts and cases into them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "drills"))
sys.path.insert(0, str(ROOT / "tests"))

PROCESSES = 4


def run_side(database: str, cases: int) -> dict[str, object]:
    from test_concurrent_close import agreed_cases

    from models.database import open_database

    from drill_support import ROOT as DRILL_ROOT
    from drill_support import child_command, numbering_problems

    made = time.perf_counter()
    ids = agreed_cases(database, cases)
    made = time.perf_counter() - made
    share = cases // PROCESSES
    children = [
        subprocess.Popen(
            child_command("close", database, str(ids[0] + i * share), str(ids[0] + (i + 1) * share - 1)),
            cwd=DRILL_ROOT,
            env={**os.environ, "PYTHONPATH": str(DRILL_ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for i in range(PROCESSES)
    ]
    for child in children:
        assert child.stdout is not None and child.stdin is not None
        assert json.loads(child.stdout.readline()) == {"ready": True}
    started = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    summaries = [json.loads(child.communicate(timeout=1800)[0]) for child in children]
    seconds = time.perf_counter() - started
    opened = open_database(database)
    try:
        problems = numbering_problems()
    finally:
        opened.close()
    return {
        "made": made,
        "seconds": seconds,
        "closed": sum(len(s["closed"]) for s in summaries),
        "locked": sum(s["locked"] for s in summaries),
        "busy": sum(s["busy"] for s in summaries),
        "errors": sum(len(s["raw"]) + len(s["refused"]) + len(s["gave_up"]) for s in summaries),
        "numbers": "unique, gapless" if not problems else "; ".join(problems),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://desk:desk@localhost/desk")
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--file", help="an existing SQLite database (a copy: it is written to) instead of a new one")
    parser.add_argument("--db", help="an existing PostgreSQL database (a clone) instead of a new one")
    args = parser.parse_args()
    if args.file and args.db:
        results = {"SQLite file": run_side(args.file, args.cases), "PostgreSQL": run_side(args.db, args.cases)}
        print_results(args.cases, results)
        return
    import psycopg

    from models.postgresql import server_address

    address = server_address(args.server)
    name = f"bench_close_{uuid.uuid4().hex[:8]}"
    params = {k: v for k, v in address.connect_params().items() if k != "application_name"}
    with closing(psycopg.connect(dbname=address.name, autocommit=True, **params)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    server_url = args.server.rsplit("/", 1)[0] + "/" + name
    try:
        with tempfile.TemporaryDirectory() as folder:
            results = {"SQLite file": run_side(str(Path(folder) / "close.db"), args.cases)}
        results["PostgreSQL"] = run_side(server_url, args.cases)
    finally:
        with closing(psycopg.connect(dbname=address.name, autocommit=True, **params)) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print_results(args.cases, results)


def print_results(cases: int, results: dict[str, dict[str, object]]) -> None:
    print(f"four desks closing {cases} cases at once ({os.cpu_count()} cores)")
    print(f"{'':<12} {'set-up s':>9} {'close s':>8} {'closes/s':>9} {'locked':>7} {'busy':>5} {'errors':>6}  numbers")
    for side, r in results.items():
        print(
            f"{side:<12} {r['made']:>9.1f} {r['seconds']:>8.1f} {r['closed'] / r['seconds']:>9.1f} "  # type: ignore[operator]
            f"{r['locked']:>7} {r['busy']:>5} {r['errors']:>6}  {r['numbers']}"
        )
    ratio = results["PostgreSQL"]["seconds"] / results["SQLite file"]["seconds"]  # type: ignore[operator]
    print(f"ratio PostgreSQL / SQLite file (closing): {ratio:.2f}")


if __name__ == "__main__":
    main()
