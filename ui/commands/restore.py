"""``main.py restore``: put a backup in place of the database, after checking it; the database as it was
is kept aside."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, add_user_argument, counted, log_in

if TYPE_CHECKING:
    from models.backups import RestorePlan


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    restore = commands.add_parser(
        "restore",
        help="check a backup, say what would be lost, keep the database aside and put the backup in its place",
    )
    restore.add_argument("file", metavar="FILE", help="the backup file")
    restore.add_argument("--yes", action="store_true", help="restore without asking for confirmation")
    restore.add_argument(
        "--aside", metavar="DIR", help="folder for the copy of the database as it was (default: its backups folder)"
    )
    add_user_argument(restore, "an office or administrator account")
    restore.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.backups import default_folder, discard_plan, restore, restore_plan
    from models.database import existing_database_file, open_existing_database
    from models.errors import DomainError
    from ui.commands.backup import PercentLine

    path = existing_database_file(url)
    backup = Path(args.file).expanduser()
    if args.aside and not Path(args.aside).expanduser().is_dir():
        # Said before the password and the backup's check (it came after both, about a "backup folder").
        raise DomainError("The folder {folder} for the database as it is now does not exist.", folder=args.aside)
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        with PercentLine("checking the backup") as progress:
            plan = restore_plan(actor, backup, progress.show)
        print(
            f"{plan.backup}: checked out; taken {plan.taken_at:%Y-%m-%d %H:%M}, {plan.cases_in_backup:,} cases.\n"
            f"{_lost(plan)}\n"
            "The database as it is now is kept aside first."
        )
        if not args.yes and not _confirmed():
            discard_plan(plan)
            print("Nothing was restored.", file=sys.stderr)
            return EXIT_PROBLEMS
        folder = Path(args.aside).expanduser() if args.aside else default_folder(path)
        if not args.aside:
            folder.mkdir(exist_ok=True)
        with PercentLine("restoring") as progress:
            aside = restore(actor, plan, folder, progress.show)
    finally:
        database.close()
    print(f"Restored {path} from {plan.backup}. The database as it was is kept in {aside}.")
    return EXIT_OK


def _confirmed() -> bool:
    print("Restore this backup? Type yes to go on: ", end="", flush=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in ("yes", "y")


def _lost(plan: RestorePlan) -> str:
    """What restoring ``plan`` undoes, as counted in the database (a damaged one cannot be counted in)."""
    if plan.new_cases is None or plan.changed_cases is None or plan.other_changes is None:
        return "The database is damaged: what was saved since the backup cannot be counted, and it will be gone."
    return (
        f"Restoring it loses what was saved since: {counted(plan.new_cases, 'case')} received after it "
        f"{'is' if plan.new_cases == 1 else 'are'} gone, {counted(plan.changed_cases, 'case')} changed since "
        f"{'goes back to how it was' if plan.changed_cases == 1 else 'go back to how they were'}, "
        f"and {counted(plan.other_changes, 'other change')} (accounts, catalogues, settings) "
        f"{'is' if plan.other_changes == 1 else 'are'} undone."
    )
