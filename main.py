"""Complaint Desk (投诉受理台): the one program.

Without a command it starts the desk application; commands work without a
display. Run ``main.py --help`` for the list.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time
from pathlib import Path

log = logging.getLogger("complaint_desk.main")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Complaint Desk (投诉受理台): front-desk complaint handling. Without a command, starts the desk.",
    )
    parser.add_argument(
        "--db", metavar="URL", help="SQLite database file (default: app.db in the application-data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="fill the database with realistic Chinese demo data")
    demo.add_argument("--complaints", type=_count, default=300, metavar="N", help="complaints to create (default 300)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed; the same seed gives the same data")
    printing = commands.add_parser(
        "print", help="archived complaint forms as PDF files (--out) or straight to a printer (--printer)"
    )
    printing.add_argument("numbers", nargs="+", metavar="NUMBER", help="archive numbers, e.g. TS-2026-000123")
    target = printing.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="DIR", help="folder for the PDF files (default: the current folder)")
    target.add_argument("--printer", metavar="NAME", help="an installed printer to print on")
    printing.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN", help="labels of the form")
    printing.add_argument("--full-phone", action="store_true", help="print customers' phone numbers unmasked")
    printing.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        help="an office account; its password is asked for (or read from standard input when piped)",
    )
    commands.add_parser(
        "verify", help="check the database's integrity, schema and archive seals; exit 1 if anything is wrong"
    )
    commands.add_parser(
        "compact",
        help="rewrite the database file without its free space (SQLite's VACUUM); needs as much free disk "
        "as the file, and locks other desks out while it runs",
    )
    return parser


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of complaints cannot be negative")
    return value


# What an empty command line means, as the parser would say (tests/ui/test_cli.py holds them
# equal): a person's start of the desk skips building it, where argparse looks up its own
# translations for every option, a twentieth of a bare Qt start.
NO_ARGUMENTS = argparse.Namespace(db=None, command=None)


def main(argv: list[str] | None = None) -> int:
    # Start-up makes some 40,000 objects that live as long as the program (modules, classes, Qt's
    # enums), and the cyclic garbage collector would scan them again and again meanwhile, some
    # milliseconds. It resumes before a command runs, or once the desk's first window is up.
    gc.disable()
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    finally:
        gc.enable()


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv) if argv else NO_ARGUMENTS
    # The models the first window reads are loaded before Qt: PySide6 reads the source of every
    # module imported after it (for ``from __feature__ import``), a fiftieth of a bare Qt start.
    from models import database, setup  # noqa: F401
    from models.anchor import configure as configure_anchors
    from ui.logs import configure_logging
    from ui.paths import anchor_folder, default_database_path, log_folder

    configure_logging(log_folder())
    configure_anchors(anchor_folder())
    url = args.db or str(default_database_path())
    if args.db is None:
        default_database_path().parent.mkdir(parents=True, exist_ok=True)
    if args.command is None:
        from ui.app import run

        return run(url, first_window_up=resume_garbage_collection)
    gc.enable()
    from models.errors import DomainError

    try:
        return COMMANDS[args.command](url, args)
    except DomainError as error:
        print(f"main.py: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def resume_garbage_collection() -> None:
    """The collector at work again, without scanning what start-up made (gc.freeze): it lives as
    long as the desk."""
    gc.freeze()
    gc.enable()


def command_demo(url: str, args: argparse.Namespace) -> int:
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


def command_verify(url: str, args: argparse.Namespace) -> int:
    """Check the file read-only: not one byte of it, or of any file beside it, changes."""
    from models.database import existing_database_file

    path = existing_database_file(url)
    problems, notes, torn = _problems_of(path, share_with_writers=False)
    if torn:
        log.info("%s changed while it was checked; checking it again alongside its writer", path)
        problems, notes, _ = _problems_of(path, share_with_writers=True)
    for note in notes:
        print(f"{path}: note: {note}")
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        print(f"{path}: NOT sound ({len(problems)} problem(s)).", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{path}: sound (integrity check passed, schema up to date, archive seals and chain intact).")
    return EXIT_OK


def _problems_of(path: Path, share_with_writers: bool) -> tuple[list[str], list[str], bool]:
    """What is wrong with the file, what the check could not prove (notes), and
    whether the file changed while it was read. SQLite's integrity check runs
    in a thread, on its own connection, while the archive is verified: both
    read the whole file, and SQLite's C code does not hold Python's lock."""
    from concurrent.futures import ThreadPoolExecutor

    from models.database import file_integrity_problems, open_read_only, schema_problems
    from models.errors import DatabaseOpenError

    try:
        database = open_read_only(path, share_with_writers)
    except DatabaseOpenError as error:
        return [str(error)], [], False
    notes: list[str] = []
    try:
        problems = schema_problems(database)
        if not problems:
            from models.verify import verify_report

            with ThreadPoolExecutor(1) as pool, _ProgressLine() as progress:
                integrity = pool.submit(file_integrity_problems, path, share_with_writers)
                try:
                    report = verify_report(path, progress=progress.show)
                except Exception:  # SQLite's own finding comes first, should it have one
                    if integrity.result():
                        report = None
                    else:
                        raise
                problems = integrity.result()
            if not problems and report is not None:
                problems = [f"archive {problem}" for problem in report.problems]
                notes = report.notes
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in any query
        problems = [f"the database cannot be read: {error}"]
    finally:
        database.close()
    return problems, notes, database.changed_since_opened()


class _ProgressLine:
    """How far verify got, on a terminal: one line on standard error, rewritten in place and
    cleared at the end. Piped or redirected, nothing is shown (the output stays as documented)."""

    INTERVAL = 0.25  # seconds between redraws

    def __init__(self) -> None:
        self.shown = False
        self.last = 0.0
        self.terminal = sys.stderr.isatty()

    def __enter__(self) -> _ProgressLine:
        return self

    def show(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.terminal or (now - self.last < self.INTERVAL and done < total):
            return
        self.last = now
        percent = 100 * done // total if total else 100
        print(f"\rverifying: {done:,} / {total:,} seals and audit events ({percent}%)", end="", file=sys.stderr,
              flush=True)  # fmt: skip
        self.shown = True

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def command_print(url: str, args: argparse.Namespace) -> int:
    from models.archive import archived_by_numbers
    from models.database import existing_database_file, open_existing_database
    from ui.paper.forms import complaint_forms_to_folder

    numbers = [number.strip().upper() for number in args.numbers]
    existing_database_file(url)  # a mistyped --db makes nothing, not even the --out folder
    folder = None if args.printer else _output_folder(Path(args.out or "."))
    database = open_existing_database(url)
    try:
        actor = _log_in(args.user)
        cases = archived_by_numbers(actor, numbers)
        if args.printer:
            return _print_on_printer(actor, cases, args)
        try:
            case_ids = [case.id for case in cases]
            for path in complaint_forms_to_folder(actor, case_ids, folder, args.language, args.full_phone):
                print(path)
        except OSError as error:
            raise _unwritable(folder, error) from error
    finally:
        database.close()
    return EXIT_OK


def _output_folder(folder: Path) -> Path:
    """The folder for the PDF files. One that cannot take them is refused
    before the database is opened or a password asked for; a missing one is
    made only when there is something to write into it."""
    import tempfile

    from models.errors import DomainError

    if folder.exists() and not folder.is_dir():
        raise DomainError("{folder} is a file, not a folder for the PDF files.", folder=str(folder))
    if folder.is_dir():
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            raise _unwritable(folder, error) from error
    return folder


def _unwritable(folder: Path, error: OSError) -> Exception:
    from models.errors import DomainError

    return DomainError(
        "The PDF files cannot be written into {folder}: {reason}.",
        folder=str(folder),
        reason=error.strerror or str(error),
    )


def _log_in(username: str) -> object:
    """The account a command acts as: the password from the terminal, or the
    first line of standard input when it is not one (scripts, tests)."""
    import getpass

    from models.staff import authenticate

    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {username}: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    return authenticate(username, password)


def _print_on_printer(actor: object, cases: list, args: argparse.Namespace) -> int:
    """Through Qt's print support (CUPS on Linux); no display is needed."""
    import os

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from ui.paper.forms import complaint_form
    from ui.printing import named_printer, print_pdf

    app = QGuiApplication.instance() or QGuiApplication(["main.py"])
    named_printer(args.printer)  # an unknown printer is refused before anything is sent
    for case in cases:
        pages = print_pdf(
            complaint_form(actor, case.id, args.language, full_phone=args.full_phone),
            named_printer(args.printer),
            case.archive_number,
        )
        print(f"{case.archive_number}: {pages} page(s) sent to {args.printer}")
    del app
    return EXIT_OK


def command_compact(url: str, args: argparse.Namespace) -> int:
    """VACUUM: the pages a migration or deletions freed leave the file."""
    from peewee import OperationalError

    from models.database import compact, open_existing_database, storage_error

    database = open_existing_database(url)
    try:
        started = time.perf_counter()
        try:
            before, after = compact(database)
        except OperationalError as error:
            refusal = storage_error(error)
            if refusal is None:
                raise
            raise refusal from error
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    print(f"Compacted {database.database}: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB ({elapsed:.1f} s).")
    return EXIT_OK


COMMANDS = {"demo": command_demo, "print": command_print, "verify": command_verify, "compact": command_compact}

if __name__ == "__main__":
    sys.exit(main())
