"""``main.py hotspots``: the active hot-spots (热点投诉) of a date with their figures."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ui.commands.common import EXIT_OK, EXIT_USAGE, add_user_argument, command_date, counted, log_in

# The complaints of a hot-spot printed beside it; the register shows them all.
SHOWN_COMPLAINTS = 10


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hotspots = commands.add_parser(
        "hotspots", help="active hot-spots: groups of complaints recurring more than their own normal"
    )
    hotspots.add_argument(
        "--at", type=command_date, metavar="DATE", help="as at the end of this day, YYYY-MM-DD (default: today, so far)"
    )
    add_user_argument(hotspots)
    hotspots.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.control.hotspots import active_hotspots, hotspot_complaints
    from models.control.tallies import catch_up
    from models.database import open_existing_database
    from models.permissions import Action, require

    at: dt.date | None = args.at
    if at is not None and at > dt.date.today():
        print("main.py hotspots: error: --at is after today: its complaints are not in yet", file=sys.stderr)
        return EXIT_USAGE
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        require(actor, Action.VIEW_HOTSPOTS)
        catch_up(progress=_progress if sys.stderr.isatty() else None)
        spots = active_hotspots(at)
        day = (at or dt.date.today()).isoformat()
        if not spots:
            print(f"No active hot-spots on {day}.")
            return EXIT_OK
        print(f"{counted(len(spots), 'active hot-spot')} on {day}, newest first:")
        for spot in spots:
            judgement = spot.judgement
            since = ("since at least " if spot.since_capped else "since ") + spot.since.isoformat()
            print()
            reason = spot.reason().english()
            print(f"* {reason[:1].upper()}{reason[1:]} ({since})")  # a line begins in a capital
            print(f"  trend ({judgement.window} windows, oldest first): {' '.join(map(str, spot.trend))}")
            for related in spot.related:
                print(f"  with: {related.group.describe().english()} ({related.judgement.count})")
            ids = hotspot_complaints(*spot.group.key, judgement.first_day, judgement.last_day)
            numbers = _numbers(ids[:SHOWN_COMPLAINTS])
            more = f" and {len(ids) - SHOWN_COMPLAINTS} more" if len(ids) > SHOWN_COMPLAINTS else ""
            print(f"  complaints: {', '.join(numbers)}{more}")
    finally:
        database.close()
    return EXIT_OK



def _numbers(ids: list[int]) -> list[str]:
    from models.control.hotspots import complaint_numbers

    shown = complaint_numbers(ids)
    return [shown[complaint_id] for complaint_id in ids]


def _progress(done: int, total: int) -> None:
    end = "\n" if done >= total else ""
    print(f"\rTallying complaints for hot-spots: {done:,} of {total:,}", end=end, file=sys.stderr, flush=True)
