"""``main.py demo``: realistic Chinese demo data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from ui.commands.common import EXIT_INTERRUPTED, EXIT_OK
from ui.commands.speech import fill, translate

if TYPE_CHECKING:
    from models.demo import DemoAccount


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo", help=translate("CommandLine", "fill the database with realistic Chinese demo data")
    )
    demo.add_argument(
        "--complaints",
        type=count,
        default=3000,
        metavar="N",
        help=translate("CommandLine", "complaints to create (default 3000)"),
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help=translate("CommandLine", "random seed; the same seed gives the same data"),
    )
    demo.set_defaults(run=run)


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        said = translate("CommandLine", "%1 is not a whole number")
        raise argparse.ArgumentTypeError(fill(said, repr(text))) from None
    if value < 0:
        raise argparse.ArgumentTypeError(translate("CommandLine", "the number of complaints cannot be negative"))
    from models.demo import MOST_COMPLAINTS

    if value > MOST_COMPLAINTS:
        said = translate("CommandLine", "a demo loads at most %1 complaints")
        raise argparse.ArgumentTypeError(fill(said, f"{MOST_COMPLAINTS:,}"))
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
        if server:
            said = translate("CommandLine", "%1 / %2 complaints (into a temporary file, then copied to the server)")
        else:
            said = translate("CommandLine", "%1 / %2 complaints")
        print("\r" + fill(said, f"{done:,}", f"{total:,}"), end="", file=sys.stderr, flush=True)

    shown = sys.stderr.isatty()

    def copying(table: str, rows: int) -> None:
        if not copying_from:
            copying_from.append(time.perf_counter())  # the first table copied: the file is written
            if shown:
                print(file=sys.stderr)
        if shown:
            said = fill(translate("CommandLine", "copied to the server: %1 (%2 rows)"), table, f"{rows:,}")
            print(f"\r{said}\033[K", end="", file=sys.stderr, flush=True)

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
        said = translate(
            "CommandLine",
            "Interrupted: %1 of %2 demo complaints were written to %3 and stay there; the external cases, "
            "improvement actions and recoveries that follow the complaints were not made.",
        )
        print(fill(said, f"{interrupted.written:,}", f"{args.complaints:,}", database.database))
        _show_accounts(made)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        if shown:
            print(file=sys.stderr)
        if server:
            print(translate("CommandLine", "Interrupted: nothing was copied to the server."))
        else:
            print(translate("CommandLine", "Interrupted: no demo complaint was written."))
        return EXIT_INTERRUPTED
    except Exception:  # the load stopped (main.py says why): the accounts made stay, shown only here
        if made:
            if shown:
                print(file=sys.stderr)
            stopped = translate(
                "CommandLine", "The demo stopped, but these accounts were made and stay (user name / password):"
            )
            _show_accounts(made, stopped)
        raise
    finally:
        database.close()
    finished = time.perf_counter()
    if shown:
        print(file=sys.stderr)
    if server:
        written = (copying_from[0] if copying_from else finished) - started
        said = translate(
            "CommandLine",
            "Created %1 demo complaints in %2 (%3 s: %4 s writing a temporary file, %5 s copying it to the server "
            "and verifying the copy).",
        )
        seconds = (f"{finished - started:.1f}", f"{written:.1f}", f"{finished - started - written:.1f}")
        print(fill(said, f"{args.complaints:,}", database.shown(), *seconds))
    else:
        said = translate("CommandLine", "Created %1 demo complaints in %2 (%3 s).")
        print(fill(said, f"{args.complaints:,}", database.database, f"{finished - started:.1f}"))
    _show_accounts(accounts)
    return EXIT_OK


def _show_accounts(accounts: list[DemoAccount], heading: str | None = None) -> None:
    from models.text import display_width, padded
    from ui.labels import role_label

    if accounts:
        print(heading or translate("CommandLine", "Demo accounts (user name / password):"))
        roles = {account.role: role_label(account.role) for account in accounts}
        wide = max(display_width(role) for role in roles.values())
        for account in accounts:  # a name of two Chinese characters and one of three, in line on a terminal
            role = padded(roles[account.role], wide)
            print(f"  {role} {padded(account.full_name, 8)} {account.username:<12} {account.password}")
        print(translate("CommandLine", "These passwords were drawn at random for this database and are shown only "
                        "now: note them down."))  # fmt: skip
    else:
        print(translate("CommandLine", "The demo accounts existed already; their passwords are unchanged."))
    print(translate("CommandLine", "The database is marked as demo data: the window title and every printed form "
                    "say so."))  # fmt: skip
