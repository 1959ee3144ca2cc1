"""``main.py summary``: the complaint-control work summary (投诉管控工作总结) of a period as a PDF or Word file:
the one the office signed off for exactly these dates, or else a draft generated from the figures."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import (
    EXIT_OK,
    add_replace_argument,
    add_user_argument,
    command_date,
    log_in,
    refuse_existing,
)
from ui.commands.speech import fill, translate


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    summary = commands.add_parser(
        "summary",
        help=translate(
            "CommandLine",
            "the work summary of a period as PDF or Word (the signed-off one, else a draft from the figures)",
        ),
    )
    summary.add_argument("--from", dest="first", required=True, type=command_date, metavar="DATE",
                         help=translate("CommandLine", "the period's first day, YYYY-MM-DD"))  # fmt: skip
    summary.add_argument("--to", dest="last", required=True, type=command_date, metavar="DATE",
                         help=translate("CommandLine", "the period's last day, YYYY-MM-DD"))  # fmt: skip
    summary.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help=translate("CommandLine", "FILE.pdf or FILE.docx")
    )
    add_replace_argument(summary)
    summary.add_argument(
        "--language",
        choices=("zh_CN", "en"),
        default="zh_CN",
        help=translate("CommandLine", "the summary's language (default: zh_CN)"),
    )
    add_user_argument(summary)
    summary.set_defaults(run=run)



def run(url: str, args: argparse.Namespace) -> int:

    from models import settings
    from models.analysis.summary_store import StoredSummary, signed_summary_of, summary_for_period
    from models.database import existing_database_file, open_existing_database
    from models.errors import QT_TRANSLATE_NOOP, DomainError
    from models.files import write_whole
    from ui.paper.summary_files import document_bytes, file_format, stored_bytes

    out: Path = args.out
    fmt = file_format(out)
    # Said as export says its own (a sentence, the dates named).
    if not fmt:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "Save the summary as a file ending in .pdf or .docx; {name} "
                                                           "is neither."), name=str(out))  # fmt: skip
    if args.last < args.first:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "--from {start} is after --to {end}."),
                          start=args.first.isoformat(), end=args.last.isoformat())  # fmt: skip
    if not out.parent.is_dir():
        missing = QT_TRANSLATE_NOOP("DomainError", "The folder {folder} does not exist.")
        raise DomainError(missing, folder=str(out.parent))
    refuse_existing(out, args.replace)
    existing_database_file(url)
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        found = summary_for_period(actor, args.first, args.last, args.language)
        demo = settings.is_demo()
        if isinstance(found, StoredSummary):
            data = stored_bytes(found, fmt, demo=demo)
            signed = translate("CommandLine", "the summary signed off by %1 (version %2)")
            what = fill(signed, found.row.signed_by, found.number)
        else:
            data = document_bytes(found, fmt, demo=demo)
            # One signed off in the other language is named, with the way to print it (it said none was signed).
            other = "en" if args.language == "zh_CN" else "zh_CN"
            if signed_summary_of(args.first, args.last, other) is not None:
                if other == "en":
                    draft = translate(
                        "CommandLine",
                        "a draft generated from the figures (no summary of these dates is signed off in Chinese; one "
                        "is signed off in English: print it with --language %1)",
                    )
                else:
                    draft = translate(
                        "CommandLine",
                        "a draft generated from the figures (no summary of these dates is signed off in English; one "
                        "is signed off in Chinese: print it with --language %1)",
                    )
                what = fill(draft, other)
            else:
                what = translate(
                    "CommandLine", "a draft generated from the figures (no summary of these dates is signed off)"
                )
    finally:
        database.close()
    try:
        write_whole(out, data)  # no empty or cut file left on a full disk
    except OSError as error:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The file {path} cannot be written: {reason}."),
            path=str(out),
            reason=error.strerror or str(error),
        ) from error
    print(fill(translate("CommandLine", "%1: %2"), out, what))
    return EXIT_OK
