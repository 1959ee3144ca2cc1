"""``main.py demo``: realistic Chinese demo data."""

from __future__ import annotations

import argparse
import sys
import time

from ui.commands.common import EXIT_OK


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser("demo", help="fill the database with realistic Chinese demo data")
    demo.add_argument("--complaints", type=count, default=3000, metavar="N", help="complaints to create (default 3000)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed; the same seed gives the same data")
    demo.set_defaults(run=run)


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of complaints cannot be negative")
    return value


def run(url: str, args: argparse.Namespace) -> int:
    from models.database import open_database
    from models.demo import generate_demo

    database = open_database(url)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} / {total:,} complaints", end="", file=sys.stderr, flush=True)

    accounts = generate_demo(args.complaints, seed=args.seed, progress=progress if sys.stderr.isatty() else None)
    elapsed = time.perf_counter() - started
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Created {args.complaints:,} demo complaints in {database.database} ({elapsed:.1f} s).")
    if accounts:
        print("Demo accounts (user name / password):")
        for account in accounts:
            print(f"  {account.role:<13} {account.full_name:<6} {account.username:<12} {account.password}")
        print("These passwords were drawn at random for this database and are shown only now: note them down.")
    else:
        print("The demo accounts existed already; their passwords are unchanged.")
    print("The database is marked as demo data: the window title and every printed form say so.")
    database.close()
    return EXIT_OK
