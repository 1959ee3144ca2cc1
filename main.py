"""Complaint Desk (投诉受理台): the one program.

Without a command it starts the desk application; commands work without a
display. Run ``main.py --help`` for the list.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys

log = logging.getLogger("complaint_desk.main")

EXIT_USAGE = 2  # as argparse exits on a mistyped command line
EXIT_BROKEN_PIPE = 1  # as Python's own tools end when their reader has gone


# What an empty command line means, as the parser would say (tests/ui/test_cli.py holds them
# equal): a person's start of the desk skips building it, where argparse looks up its own
# translations for every option, a twentieth of a bare Qt start.
NO_ARGUMENTS = argparse.Namespace(db=None, command=None)


# The files the program makes (the database, its backups, exports, forms, logs, settings) are its user's alone:
# they hold customers' names, phone numbers and complaints, and another account of a shared computer read them all
# (written 0644). A desk shared by several people shares one account, or a PostgreSQL server.
PRIVATE_FILES = 0o077


def main(argv: list[str] | None = None) -> int:
    if os.name == "posix":
        os.umask(PRIVATE_FILES)
    # Start-up makes some 40,000 objects that live as long as the program (modules, classes, Qt's
    # enums), and the cyclic garbage collector would scan them again and again meanwhile, some
    # milliseconds. It resumes before a command runs, or once the desk's first window is up.
    gc.disable()
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    finally:
        gc.enable()


def _run(argv: list[str]) -> int:
    if not argv:
        args = NO_ARGUMENTS
    elif (database := _desk_database(argv)) is not None:
        args = argparse.Namespace(db=database, command=None)
    else:
        from ui.commands import build_parser, speech

        speech.start()  # the desk's language, for the help and the errors too
        args = build_parser().parse_args(argv)
        if args.command is None:
            speech.stop()  # the desk makes its own application
    if args.command is None:
        from ui.first_contact import display_missing, no_display_sentence

        if display_missing():  # else Qt's xcb plugin aborts (exit 134) blaming a missing library
            print(no_display_sentence(), file=sys.stderr)
            return EXIT_USAGE
    from ui.logs import configure_logging
    from ui.paths import default_database_path, log_folder

    configure_logging(log_folder(), console=args.command is None)  # a command's own line says what failed
    # ``--db ""`` (a script's unset variable) is no database, as "   " is: not the desk's own, which it opened.
    url = str(default_database_path()) if args.db is None else args.db
    if args.db is None:
        default_database_path().parent.mkdir(parents=True, exist_ok=True)
    if args.command is None:
        from ui.app import run

        # The desk loads the models as it opens the database: after its login has painted, on a file opened before.
        return run(url, first_window_up=resume_garbage_collection, before_open=configure_anchors)
    configure_anchors()
    gc.enable()
    from models.errors import DomainError
    from ui.commands.speech import error_text, fill, translate

    try:
        return args.run(url, args)
    except DomainError as error:
        print(fill(translate("CommandLine", "main.py: error: %1"), error_text(error)), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl+C: a command that can say what it kept says so itself (demo)
        from ui.commands.common import EXIT_INTERRUPTED

        print(translate("CommandLine", "main.py: interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`main.py print --list | head`): no traceback
        # Python's own advice: what is still buffered goes nowhere, not to a closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _desk_database(argv: list[str]) -> str | None:
    """The database of ``main.py --db URL`` (or ``--db=URL``), which starts the desk on it: read without the
    parser, which the commands' language needs a Qt application for, and the desk makes its own."""
    if len(argv) == 2 and argv[0] == "--db":
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--db="):
        return argv[0].removeprefix("--db=")
    return None


def configure_anchors() -> None:
    """Where the archive's anchors are kept, outside the database file (models.anchor)."""
    from models.anchor import configure
    from ui.paths import anchor_folder

    configure(anchor_folder())


def resume_garbage_collection() -> None:
    """The collector at work again, without scanning what start-up made (gc.freeze): it lives as
    long as the desk."""
    gc.freeze()
    gc.enable()


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # the program folder (tools/build.py): verify's worker processes start here
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
