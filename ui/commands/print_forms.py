"""``main.py print``: archived complaint forms as PDF files or straight to a printer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ui.commands.common import EXIT_OK, add_user_argument, log_in, output_folder, unwritable
from ui.commands.speech import counted, fill, translate

if TYPE_CHECKING:
    from models.staff import Staff


LISTED = 20  # archive numbers shown by --list


class Archived(Protocol):
    """What printing reads of an archived case."""

    id: int
    archive_number: str


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printing = commands.add_parser(
        "print",
        help=translate(
            "CommandLine", "archived complaint forms as PDF files (--out) or straight to a printer (--printer)"
        ),
    )
    printing.add_argument(
        "numbers",
        nargs="*",
        metavar="NUMBER",
        help=translate(
            "CommandLine",
            "archive numbers, e.g. TS-2026-000123, or a closed case's number, #2998 or 2998 (--list names some)",
        ),
    )
    printing.add_argument(
        "--list",
        action="store_true",
        help=translate(
            "CommandLine", "list the archive numbers of the 20 cases closed last, newest first, and print nothing"
        ),
    )
    target = printing.add_mutually_exclusive_group()
    target.add_argument(
        "--out", metavar="DIR", help=translate("CommandLine", "folder for the PDF files (default: the current folder)")
    )
    target.add_argument("--printer", metavar="NAME", help=translate("CommandLine", "an installed printer to print on"))
    printing.add_argument(
        "--language",
        choices=("zh_CN", "en"),
        default="zh_CN",
        help=translate(
            "CommandLine",
            "the language of the forms' labels and of the states and categories --list names (default: zh_CN)",
        ),
    )
    printing.add_argument(
        "--full-phone", action="store_true", help=translate("CommandLine", "print customers' phone numbers unmasked")
    )
    add_user_argument(printing)
    printing.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.archive import archived_by_numbers
    from models.database import existing_database_file, open_existing_database
    from models.errors import QT_TRANSLATE_NOOP, DomainError
    from ui.paper.forms import complaint_forms_to_folder

    if args.list:
        if args.numbers or args.out or args.printer:
            alone = QT_TRANSLATE_NOOP("DomainError", "print --list takes no archive numbers, --out or --printer.")
            raise DomainError(alone)
        return _list(url, args)
    if not args.numbers:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "Name the archive numbers to print (print --list --user NAME shows the latest)."
            )
        )
    if args.printer is not None and not args.printer.strip():  # a script's unset variable: no printer named
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "--printer names no printer: give an installed printer's name, or --out for PDF files."
            )
        )
    numbers = list(dict.fromkeys(number.strip().upper() for number in args.numbers))  # each form once
    existing_database_file(url)  # a mistyped --db makes nothing, not even the --out folder
    folder = None if args.printer else output_folder(Path(args.out or "."))
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        cases = archived_by_numbers(actor, numbers)
        if folder is None:
            return _print_on_printer(actor, cases, args)
        try:
            case_ids = [case.id for case in cases]
            for path in complaint_forms_to_folder(actor, case_ids, folder, args.language, args.full_phone):
                print(path, flush=True)  # as each is written: a Ctrl+C or a full disk leaves these
        except OSError as error:
            raise unwritable(folder, error) from error
    finally:
        database.close()
    return EXIT_OK


def _list(url: str, args: argparse.Namespace) -> int:
    """The archive numbers last closed, as the office's Archive page lists them (no customer's details)."""
    from models.archive import find_archived
    from models.database import open_existing_database
    from models.permissions import Action, require

    database = open_existing_database(url)
    try:
        require(log_in(args.user), Action.PRINT_ARCHIVE)
        cases = find_archived(limit=LISTED)
    finally:
        database.close()
    if not cases:
        print(translate("CommandLine", "No case is archived yet: a case gets its archive number when it is closed or "
                        "withdrawn."))  # fmt: skip
    from ui.paper.code_labels import code_label

    # The state in the list's language (it wrote "closed" beside 卫生), padded so the categories line up.
    states = {case.state: code_label("state", case.state, args.language) for case in cases}
    wide = max((_width(state) for state in states.values()), default=0)
    for case in cases:
        category = case.category_en if args.language == "en" and case.category_en else case.category
        state = states[case.state]
        padded = state + " " * (wide - _width(state))
        print(f"{case.archive_number}  {case.closed_at:%Y-%m-%d %H:%M}  {padded}  {category}")
    return EXIT_OK


def _print_on_printer(actor: Staff, cases: Sequence[Archived], args: argparse.Namespace) -> int:
    """Through Qt's print support (CUPS on Linux, the Windows printers on Windows), with the command line's Qt
    application (``ui.commands.speech``: offscreen on Linux, where no display is needed)."""
    from ui.paper.forms import complaint_form
    from ui.printing import installed_name, named_printer, print_pdf, printer_stopped

    name = installed_name(args.printer)  # an unknown printer is refused before anything is sent
    for case in cases:
        pages = print_pdf(
            complaint_form(actor, case.id, args.language, full_phone=args.full_phone),
            named_printer(name),
            case.archive_number,
        )
        one = translate("CommandLine", "%1: 1 page sent to %2")
        many = translate("CommandLine", "%1: %n pages sent to %2")
        print(fill(counted(pages, one, many), case.archive_number, name))
    if printer_stopped(name):  # it said "sent" while the jobs waited in a stopped queue
        stopped = translate("CommandLine", "note: %1 is stopped: the forms wait in its queue until it is started again")
        print(fill(stopped, name), file=sys.stderr)
    return EXIT_OK


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
