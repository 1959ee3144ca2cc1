"""``main.py hotspots``: the active hot-spots (热点投诉) of a date with their figures."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ui.commands.common import EXIT_OK, add_user_argument, command_date, log_in
from ui.commands.speech import counted, fill, translate

# The complaints of a hot-spot printed beside it; the register shows them all.
SHOWN_COMPLAINTS = 10


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hotspots = commands.add_parser(
        "hotspots",
        help=translate("CommandLine", "active hot-spots: groups of complaints recurring more than their own normal"),
    )
    hotspots.add_argument(
        "--at",
        type=command_date,
        metavar="DATE",
        help=translate("CommandLine", "as at the end of this day, YYYY-MM-DD (default: today, so far)"),
    )
    add_user_argument(hotspots)
    hotspots.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.control.hotspots import WINDOW_DAYS, Window, active_hotspots, hotspot_complaints
    from models.control.tallies import catch_up
    from models.database import open_existing_database
    from models.permissions import Action, require
    from ui.hotspot_text import at_line_start, group_text, sentence_text

    at: dt.date | None = args.at
    if at is not None and at > dt.date.today():
        from models.errors import QT_TRANSLATE_NOOP, DomainError

        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "--at {day} is after today: its complaints are not in yet."),
                          day=at.isoformat())  # fmt: skip
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        require(actor, Action.VIEW_HOTSPOTS)
        catch_up(progress=_progress if sys.stderr.isatty() else None)
        spots = active_hotspots(at)
        day = (at or dt.date.today()).isoformat()
        if not spots:
            print(fill(translate("CommandLine", "No active hot-spots on %1."), day))
            return EXIT_OK
        one = translate("CommandLine", "1 active hot-spot on %1:")
        many = translate("CommandLine", "%n active hot-spots on %1, newest first:")
        print(fill(counted(len(spots), one, many), day))
        for spot in spots:
            judgement = spot.judgement
            if spot.since_capped:
                since = fill(translate("CommandLine", "since at least %1"), spot.since.isoformat())
            else:
                since = fill(translate("CommandLine", "since %1"), spot.since.isoformat())
            print()
            reason = at_line_start(sentence_text(spot.reason()))  # a line begins in a capital
            print(fill(translate("CommandLine", "* %1 (%2)"), reason, since))
            if judgement.window == Window.DAY:
                trend = translate("CommandLine", "  trend (the same weekday of each week, oldest first): %2")
            else:
                trend = translate("CommandLine", "  trend (%1-day windows, oldest first): %2")
            print(fill(trend, WINDOW_DAYS[judgement.window], " ".join(map(str, spot.trend))))
            for related in spot.related:
                print(fill(translate("CommandLine", "  with: %1 (%2)"), group_text(related.group),
                           related.judgement.count))  # fmt: skip
            ids = hotspot_complaints(*spot.group.key, judgement.first_day, judgement.last_day)
            numbers = translate("CommandLine", ", ").join(_numbers(ids[:SHOWN_COMPLAINTS]))
            if len(ids) > SHOWN_COMPLAINTS:
                more = translate("CommandLine", "  complaints: %1 and %2 more")
                print(fill(more, numbers, len(ids) - SHOWN_COMPLAINTS))
            else:
                print(fill(translate("CommandLine", "  complaints: %1"), numbers))
    finally:
        database.close()
    return EXIT_OK



def _numbers(ids: list[int]) -> list[str]:
    from models.control.hotspots import complaint_numbers

    shown = complaint_numbers(ids)
    return [shown[complaint_id] for complaint_id in ids]


def _progress(done: int, total: int) -> None:
    end = "\n" if done >= total else ""
    said = fill(translate("CommandLine", "Tallying complaints for hot-spots: %1 of %2"), f"{done:,}", f"{total:,}")
    print(f"\r{said}", end=end, file=sys.stderr, flush=True)
