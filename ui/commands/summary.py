"""``main.py summary``: the complaint-control work summary (投诉管控工作总结) of a period as a PDF or Word file:
the one the office signed off for exactly these dates, or else a draft generated from the figures."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_replace_argument,
    add_user_argument,
    command_date,
    log_in,
    refuse_existing,
)


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    summary = commands.add_parser(
        "summary",
        help="the work summary of a period as PDF or Word (the signed-off one, else a draft from the figures)",
    )
    summary.add_argument("--from", dest="first", required=True, type=command_date, metavar="DATE",
                         help="the period's first day, YYYY-MM-DD")  # fmt: skip
    summary.add_argument("--to", dest="last", required=True, type=command_date, metavar="DATE",
                         help="the period's last day, YYYY-MM-DD")  # fmt: skip
    summary.add_argument("--out", required=True, type=Path, metavar="FILE", help="FILE.pdf or FILE.docx")
    add_replace_argument(summary)
    summary.add_argument(
        "--language", choices=("zh_CN", "en"), default="zh_CN", help="the summary's language (default: zh_CN)"
    )
    add_user_argument(summary)
    summary.set_defaults(run=run)


_LANGUAGES = {"zh_CN": "Chinese", "en": "English"}



def run(url: str, args: argparse.Namespace) -> int:
    import sys

    from models import settings
    from models.analysis.summary_store import StoredSummary, signed_summary_of, summary_for_period
    from models.database import existing_database_file, open_existing_database
    from models.errors import DomainError
    from models.files import write_whole
    from ui.paper.summary_files import document_bytes, file_format, stored_bytes

    out: Path = args.out
    fmt = file_format(out)
    if not fmt:
        print(f"main.py summary: error: {out} must end in .pdf or .docx", file=sys.stderr)
        return EXIT_USAGE
    if args.last < args.first:
        print("main.py summary: error: --to is before --from", file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.is_dir():
        raise DomainError("The folder {folder} does not exist.", folder=str(out.parent))
    refuse_existing(out, args.replace)
    existing_database_file(url)
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        found = summary_for_period(actor, args.first, args.last, args.language)
        demo = settings.is_demo()
        if isinstance(found, StoredSummary):
            data = stored_bytes(found, fmt, demo=demo)
            what = f"the summary signed off by {found.row.signed_by} (version {found.number})"
        else:
            data = document_bytes(found, fmt, demo=demo)
            # One signed off in the other language is named, with the way to print it (it said none was signed).
            other = "en" if args.language == "zh_CN" else "zh_CN"
            if signed_summary_of(args.first, args.last, other) is not None:
                what = (
                    f"a draft generated from the figures (no summary of these dates is signed off in "
                    f"{_LANGUAGES[args.language]}; one is signed off in {_LANGUAGES[other]}: print it with "
                    f"--language {other})"
                )
            else:
                what = "a draft generated from the figures (no summary of these dates is signed off)"
    finally:
        database.close()
    try:
        write_whole(out, data)  # no empty or cut file left on a full disk
    except OSError as error:
        raise DomainError(
            "The file {path} cannot be written: {reason}.", path=str(out), reason=error.strerror or str(error)
        ) from error
    print(f"{out}: {what}")
    return EXIT_OK
