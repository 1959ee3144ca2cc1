"""``main.py demo``: realistic Chinese demo data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from ui.commands.common import EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    from models.demo import DemoAccount


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
    from models.demo import MOST_COMPLAINTS

    if value > MOST_COMPLAINTS:
        raise argparse.ArgumentTypeError(f"a demo loads at most {MOST_COMPLAINTS:,} complaints")
    return value


def run(url: str, args: argparse.Namespace) -> int:
    from models.base import is_postgresql
    from models.database import open_database
    from models.demo import DemoInterrupted, generate_demo

    database = open_database(url)
    started = time.perf_counter()

    server = is_postgresql(database)
    copying_from: list[float] = []

    def progress(done: int, total: int) -> None:
        where = " (into a temporary file, then copied to the server)" if server else ""
        print(f"\r{done:,} / {total:,} complaints{where}", end="", file=sys.stderr, flush=True)

    shown = sys.stderr.isatty()

    def copying(table: str, rows: int) -> None:
        if not copying_from:
            copying_from.append(time.perf_counter())  # the first table copied: the file is written
            if shown:
                print(file=sys.stderr)
        if shown:
            print(f"\rcopied to the server: {table} ({rows:,} rows)\033[K", end="", file=sys.stderr, flush=True)

    made: list[DemoAccount] = []  # the accounts made before the complaints load: they stay if the load stops
    try:
        accounts = generate_demo(
            args.complaints,
            seed=args.seed,
            progress=progress if shown else None,
            copying=copying,
            accounts_made=made.extend,
        )
    except DemoInterrupted as interrupted:
        if shown:
            print(file=sys.stderr)
        print(
            f"Interrupted: {interrupted.written:,} of {args.complaints:,} demo complaints were written to "
            f"{database.database} and stay there; the external cases, improvement actions and recoveries that "
            "follow the complaints were not made."
        )
        _show_accounts(made)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        if shown:
            print(file=sys.stderr)
        where = "nothing was copied to the server" if server else "no demo complaint was written"
        print(f"Interrupted: {where}.")
        return EXIT_INTERRUPTED
    except Exception:  # the load stopped (main.py says why): the accounts made stay, shown only here
        if made:
            if shown:
                print(file=sys.stderr)
            _show_accounts(made, "The demo stopped, but these accounts were made and stay (user name / password):")
        raise
    finally:
        database.close()
    finished = time.perf_counter()
    if shown:
        print(file=sys.stderr)
    if server:
        written = (copying_from[0] if copying_from else finished) - started
        print(
            f"Created {args.complaints:,} demo complaints in {database.shown()} ({finished - started:.1f} s: "
            f"{written:.1f} s writing a temporary file, {finished - started - written:.1f} s copying it to the "
            "server and verifying the copy)."
        )
    else:
        print(f"Created {args.complaints:,} demo complaints in {database.database} ({finished - started:.1f} s).")
    _show_accounts(accounts)
    return EXIT_OK


def _show_accounts(accounts: list[DemoAccount], heading: str = "Demo accounts (user name / password):") -> None:
    from models.text import padded

    if accounts:
        print(heading)
        for account in accounts:  # a name of two Chinese characters and one of three, in line on a terminal
            print(f"  {account.role:<13} {padded(account.full_name, 8)} {account.username:<12} {account.password}")
        print("These passwords were drawn at random for this database and are shown only now: note them down.")
    else:
        print("The demo accounts existed already; their passwords are unchanged.")
    print("The database is marked as demo data: the window title and every printed form say so.")
