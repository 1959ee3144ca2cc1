"""``main.py restore``: put a backup in place of the database, after checking it; the database as it was
is kept aside."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, OFFICE_OR_ADMINISTRATOR, add_user_argument, log_in
from ui.commands.speech import counted, fill, translate

if TYPE_CHECKING:
    from models.backups import RestorePlan
    from models.errors import DomainError


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    restore = commands.add_parser(
        "restore",
        help=translate(
            "CommandLine",
            "check a backup, say what would be lost, keep the database aside and put the backup in its place",
        ),
    )
    restore.add_argument("file", metavar="FILE", help=translate("CommandLine", "the backup file"))
    restore.add_argument(
        "--yes", action="store_true", help=translate("CommandLine", "restore without asking for confirmation")
    )
    restore.add_argument(
        "--aside",
        metavar="DIR",
        help=translate("CommandLine", "folder for the copy of the database as it was (default: its backups folder)"),
    )
    add_user_argument(restore, OFFICE_OR_ADMINISTRATOR)
    restore.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.backups import default_folder, discard_plan, restore, restore_plan
    from models.database import existing_database_file, open_existing_database
    from models.errors import QT_TRANSLATE_NOOP, DamagedDatabaseError, DomainError
    from ui.commands.backup import PercentLine

    path = existing_database_file(url)
    backup = Path(args.file).expanduser()
    if args.aside and not Path(args.aside).expanduser().is_dir():
        # Said before the password and the backup's check (it came after both, about a "backup folder").
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The folder {folder} for the database as it is now does not exist."),
            folder=args.aside,
        )
    try:
        database = open_existing_database(url)
    except DamagedDatabaseError as damaged:
        return _restore_over_damaged(path, backup, args, damaged)
    try:
        actor = log_in(args.user)
        with PercentLine(translate("CommandLine", "checking the backup")) as progress:
            plan = restore_plan(actor, backup, progress.show)
        print(_checked(plan))
        print(_lost(plan))
        print(translate("CommandLine", "The database as it is now is kept aside first."))
        if not args.yes and not _confirmed():
            discard_plan(plan)
            print(translate("CommandLine", "Nothing was restored."), file=sys.stderr)
            return EXIT_PROBLEMS
        folder = Path(args.aside).expanduser() if args.aside else default_folder(path)
        if not args.aside:
            folder.mkdir(exist_ok=True)
        with PercentLine(translate("CommandLine", "restoring")) as progress:
            aside = restore(actor, plan, folder, progress.show)
    finally:
        database.close()
    said = translate("CommandLine", "Restored %1 from %2. The database as it was is kept in %3.")
    print(fill(said, path, plan.backup, aside))
    return EXIT_OK


def _restore_over_damaged(path: Path, backup: Path, args: argparse.Namespace, damaged: DomainError) -> int:
    """The database cannot be opened: the backup is checked, its own accounts say who may restore it, and the
    damaged file is kept aside for the backup's copy."""
    from models.backups import default_folder, discard_plan, plan_over_damaged, restore_over_damaged, restorer_of
    from ui.commands.backup import PercentLine
    from ui.commands.common import password_of

    said = translate(
        "CommandLine",
        "%1 cannot be opened: %2. A backup is checked and put in its place; an office or administrator account "
        "of the backup restores it.",
    )
    print(fill(said, path, damaged.params.get("reason", "")), file=sys.stderr)
    with PercentLine(translate("CommandLine", "checking the backup")) as progress:
        plan = plan_over_damaged(path, backup, progress.show)
    try:
        actor = restorer_of(plan, args.user, password_of(args.user))
        print(_checked(plan))
        print(_lost(plan))
        print(translate("CommandLine", "The damaged database is kept aside first. Close Complaint Desk on every "
                        "computer that uses it before you go on."))  # fmt: skip
        if not args.yes and not _confirmed():
            print(translate("CommandLine", "Nothing was restored."), file=sys.stderr)
            return EXIT_PROBLEMS
        folder = Path(args.aside).expanduser() if args.aside else default_folder(path)
        aside = restore_over_damaged(actor, plan, path, folder)
    finally:
        discard_plan(plan)  # the copy, unless it took the database's place
    said = translate("CommandLine", "Restored %1 from %2. The damaged database is kept in %3.")
    print(fill(said, path, plan.backup, aside))
    return EXIT_OK


def _checked(plan: RestorePlan) -> str:
    """The backup checked out: when it was taken, how many cases it holds."""
    taken = counted(
        plan.cases_in_backup,
        translate("CommandLine", "%1: checked out; taken %2, 1 case."),
        translate("CommandLine", "%1: checked out; taken %2, %n cases."),
    )
    return fill(taken, plan.backup, f"{plan.taken_at:%Y-%m-%d %H:%M}")


def _confirmed() -> bool:
    print(translate("CommandLine", "Restore this backup? Type yes to go on: "), end="", flush=True)
    line = sys.stdin.readline()
    if not sys.stdin.isatty() or not line.endswith("\n"):
        # The answer piped (or Ctrl+D) was not echoed: what follows starts on a line of its own, not after the
        # question ("…Type yes to go on: Nothing was restored.").
        print()
    answer = line.strip().lower()
    # "yes" in the language asked, and in English whatever the language (a script's answer).
    return answer in ("yes", "y", translate("CommandLine", "yes", "the answer restore asks for"))


def _lost(plan: RestorePlan) -> str:
    """What restoring ``plan`` undoes, as counted in the database (a damaged one cannot be counted in)."""
    if plan.new_cases is None or plan.changed_cases is None or plan.other_changes is None:
        return translate(
            "CommandLine",
            "The database is damaged: what was saved since the backup cannot be counted, and it will be gone.",
        )
    new = counted(
        plan.new_cases,
        translate("CommandLine", "1 case received after it is gone"),
        translate("CommandLine", "%n cases received after it are gone"),
    )
    changed = counted(
        plan.changed_cases,
        translate("CommandLine", "1 case changed since goes back to how it was"),
        translate("CommandLine", "%n cases changed since go back to how they were"),
    )
    other = counted(
        plan.other_changes,
        translate("CommandLine", "1 other change (accounts, catalogues, settings) is undone"),
        translate("CommandLine", "%n other changes (accounts, catalogues, settings) are undone"),
    )
    lost = translate("CommandLine", "Restoring it loses what was saved since: %1, %2, and %3.")
    return fill(lost, new, changed, other)
