"""What several commands share: exit statuses, the account a command acts as,
an output folder checked before any work."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.staff import Staff

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as a shell reports a command SIGINT ended (128 + 2)


def log_in(username: str) -> Staff:
    """The account a command acts as: the password from the terminal, or the
    first line of standard input when it is not one (scripts, tests)."""
    from models.staff import authenticate

    return authenticate(username, password_of(username))


def password_of(username: str) -> str:
    """The password typed for ``username`` at the terminal, or the first line of standard input when it is not
    one; none is a sentence (never a wrong password counted towards the lockout)."""
    import getpass

    from models.errors import QT_TRANSLATE_NOOP, DomainError
    from ui.commands.speech import fill, translate

    if sys.stdin.isatty():
        try:
            password = getpass.getpass(fill(translate("CommandLine", "Password for %1: "), username))
        except EOFError:  # Ctrl+D at the prompt: no password, said as one (it was a traceback)
            print(file=sys.stderr)
            password = ""
        except KeyboardInterrupt:  # "main.py: interrupted" on a line of its own, not after the prompt
            print(file=sys.stderr)
            raise
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:  # not a wrong one: a script with nothing on its input never counts towards the lockout
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "No password was given for {username}: type it, or pipe it as the first line of standard input.",
            ),
            username=username,
        )
    return password


# The dates a command takes: a period's comparisons reach as far before its start as it is long, and a year
# before that (9999-12-31 or 0001-01-01 ended in "OverflowError: date value out of range").
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def command_date(text: str) -> dt.date:
    """A date option's value, YYYY-MM-DD between FIRST_DATE and LAST_DATE (argparse's ``type``)."""
    from ui.commands.speech import fill, translate

    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        said = translate("CommandLine", "%1 is not a date; give one as YYYY-MM-DD")
        raise argparse.ArgumentTypeError(fill(said, repr(text))) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        said = translate("CommandLine", "%1 is out of range: give a date from %2 to %3")
        raise argparse.ArgumentTypeError(fill(said, text, FIRST_DATE, LAST_DATE))
    return value


# The accounts a command acts as (``add_user_argument``): what the office may do, an administrator may too (the
# help said "an office account" of print, export, hotspots and summary, which take an administrator's as well).
OFFICE_OR_ADMINISTRATOR = "office_or_administrator"
ADMINISTRATOR = "administrator"


def add_user_argument(parser: argparse.ArgumentParser, who: str = OFFICE_OR_ADMINISTRATOR) -> None:
    from ui.commands.speech import translate

    helps = {
        OFFICE_OR_ADMINISTRATOR: translate("CommandLine", "an office or administrator account; its password is "
                                           "asked for (or read from standard input when piped)"),
        ADMINISTRATOR: translate("CommandLine", "an administrator account; its password is asked for (or read "
                                 "from standard input when piped)"),
    }  # fmt: skip
    parser.add_argument("--user", required=True, metavar="NAME", help=helps[who])


def add_replace_argument(parser: argparse.ArgumentParser) -> None:
    from ui.commands.speech import translate

    parser.add_argument(
        "--replace",
        action="store_true",
        help=translate("CommandLine", "write over --out if it exists (else it is refused)"),
    )


def refuse_existing(out: Path, replace: bool) -> None:
    """An existing ``out`` is kept unless ``--replace`` says to write over it (a mistyped name lost a workbook)."""
    from models.errors import QT_TRANSLATE_NOOP, DomainError

    if out.is_file() and not replace:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{path} exists: give another name, or --replace to write over it."),
            path=str(out),
        )


def output_folder(folder: Path) -> Path:
    """The folder for the output files. One that cannot take them is refused
    before the database is opened or a password asked for; a missing one is
    made only when there is something to write into it, in a folder that exists (a mistyped path made every
    folder of it, where export and summary refuse a folder that is not there)."""
    import tempfile

    from models.errors import QT_TRANSLATE_NOOP, DomainError

    parent = folder.absolute().parent
    if not folder.exists() and not parent.is_dir():
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The folder {folder} does not exist."), folder=str(parent))

    if folder.exists() and not folder.is_dir():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{folder} is a file, not a folder for the PDF files."),
            folder=str(folder),
        )
    if folder.is_dir():
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            raise unwritable(folder, error) from error
    return folder


def unwritable(folder: Path, error: OSError) -> Exception:
    from models.errors import QT_TRANSLATE_NOOP, DomainError

    return DomainError(
        QT_TRANSLATE_NOOP("DomainError", "The PDF files cannot be written into {folder}: {reason}."),
        folder=str(folder),
        reason=error.strerror or str(error),
    )
