"""``main.py export``: the register's list, with filters, to an Excel workbook or a CSV file."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ui.commands.common import EXIT_OK, add_replace_argument, add_user_argument, command_date, log_in, refuse_existing
from ui.commands.speech import counted, fill, translate

OPEN = "open"  # the open states, as the register's "Open cases"


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help=translate(
            "CommandLine", "the register's complaints, with filters, to an Excel workbook (.xlsx) or a CSV file"
        ),
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=translate("CommandLine", "the file to write: FILE.xlsx or FILE.csv"),
    )
    add_replace_argument(export)
    export.add_argument(
        "--from",
        dest="received_from",
        type=command_date,
        metavar="DATE",
        help=translate("CommandLine", "received on or after, YYYY-MM-DD"),
    )
    export.add_argument(
        "--to",
        dest="received_to",
        type=command_date,
        metavar="DATE",
        help=translate("CommandLine", "received on or before, YYYY-MM-DD"),
    )
    export.add_argument(
        "--text",
        default="",
        metavar="WORDS",
        help=translate("CommandLine", "words the complaint holds, as the register's search"),
    )
    export.add_argument(
        "--state",
        dest="states",
        action="append",
        metavar="STATE",
        help=fill(
            translate(
                "CommandLine",
                "only complaints in this state (repeat for several): %1, or a state by its code or its name, "
                "such as closed or 已结案",
            ),
            OPEN,
        ),
    )
    # The register's other filters, as its lists and check boxes offer them.
    export.add_argument(
        "--category",
        metavar="NAME",
        help=translate("CommandLine", "only this category: its code, or its Chinese or English name"),
    )
    export.add_argument(
        "--department",
        metavar="NAME",
        help=translate("CommandLine", "only complaints charged to this department: its code or name"),
    )
    export.add_argument(
        "--staff",
        metavar="USER",
        help=translate("CommandLine", "only complaints this account received (its user name)"),
    )
    export.add_argument(
        "--overdue",
        action="store_true",
        help=translate("CommandLine", "only open complaints past the time promised to the customer"),
    )
    export.add_argument(
        "--escalated",
        action="store_true",
        help=translate("CommandLine", "only complaints that went to the office"),
    )
    export.add_argument(
        "--language",
        choices=("zh_CN", "en"),
        default="zh_CN",
        help=translate("CommandLine", "headers and words of the file (default: zh_CN)"),
    )
    add_user_argument(export)
    export.set_defaults(run=run)


# "open" as the register's filter says it in Chinese.
OPEN_NAMES = (OPEN, "未结案")


def state_names() -> list[tuple[str, str]]:
    """Each state's code and its name in the language the command speaks."""
    from models.complaint import State
    from ui.paper.code_labels import CODE_NAMES

    return [(state.value, translate("Labels", CODE_NAMES["state"][state.value].source.text)) for state in State]


def state_named(given: str) -> str | None:
    """The state a person names: its code, or its name as the screens or the forms say it in either language
    (已结案, Closed), "open" (未结案) for the open ones; None when it names none (a Chinese name was refused)."""
    from ui.paper.code_labels import CODE_NAMES

    wanted = given.strip().casefold()
    if wanted in OPEN_NAMES:
        return OPEN
    for code, entry in CODE_NAMES["state"].items():
        names = (code, entry.zh, entry.en, entry.source.text, translate("Labels", entry.source.text))
        if wanted in (name.casefold() for name in names if name):
            return code
    return None


def run(url: str, args: argparse.Namespace) -> int:
    from pathlib import Path

    from models.analysis.export import check_target, export_register
    from models.catalog import category_named, department_named
    from models.complaint import OPEN_STATES
    from models.database import existing_database_file, open_existing_database
    from models.errors import QT_TRANSLATE_NOOP, DomainError
    from models.search import Filters
    from models.staff import account_named

    if args.received_from and args.received_to and args.received_from > args.received_to:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "--from {start} is after --to {end}."),
            start=args.received_from.isoformat(),
            end=args.received_to.isoformat(),
        )
    states: list[str] = []
    for given in args.states or ():
        state = state_named(given)
        if state is None:
            named = [fill(translate("Text", "%1 (%2)"), code, name) for code, name in state_names()]
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "{given} is not a state; give {open} or one of {known}."),
                given=repr(given),
                open=OPEN,
                known=translate("CommandLine", ", ").join(named),
            )
        states.extend(sorted(s.value for s in OPEN_STATES) if state == OPEN else [state])
    out = Path(args.out)
    existing_database_file(url)
    check_target(out)  # a bad name or an unwritable folder is refused before the password is asked for
    refuse_existing(out, args.replace)
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        filters = Filters(
            text=args.text,
            states=tuple(dict.fromkeys(states)),
            received_from=args.received_from,
            received_to=args.received_to,
            category_id=category_named(args.category) if args.category is not None else None,
            department_id=department_named(args.department) if args.department is not None else None,
            received_by_id=account_named(args.staff) if args.staff is not None else None,
            overdue_only=args.overdue,
            escalated_only=args.escalated,
        )
        rows = export_register(actor, out, filters, args.language, progress=TerminalProgress())
    finally:
        database.close()
    one = translate("CommandLine", "Exported 1 complaint to %1.")
    print(fill(counted(rows, one, translate("CommandLine", "Exported %n complaints to %1.")), out))
    return EXIT_OK


class TerminalProgress:
    """A progress line on standard error when it is a terminal (a pipe or a log gets only the result)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = self.stream.isatty()
        self.ended = False

    def report(self, done: int, total: int) -> None:
        if self.shown and not self.ended:  # the last figures told again (the end once more) are not a new line
            self.ended = done >= total
            end = "\n" if self.ended else ""
            said = fill(translate("CommandLine", "Exporting: %1 of %2 complaints"), f"{done:,}", f"{total:,}")
            print(f"\r{said}", end=end, file=self.stream, flush=True)

    def is_cancelled(self) -> bool:
        return False  # Ctrl-C stops the command, and the partial file goes with it

