"""A child process of the drills, driving models/intake/ on a database file.

``intake_child.py intake DB SEED``: works cases through the intake until it is
killed, printing one JSON line per committed step (flushed at once, after the
step's transaction has committed) so the parent knows what must survive.
Before new cases it finishes the open ones a killed predecessor left.

``intake_child.py close DB FIRST LAST``: waits for a line on standard input,
then closes the agreed cases FIRST..LAST, retrying a close refused because the
database is busy; prints one JSON summary line.
"""
from __future__ import annotations

import json
import random
import sys
import time
import traceback

from peewee import OperationalError

from models.complaint import FINAL_STATES, Complaint
from models.database import open_database
from models.errors import DomainError, FieldError
from models.intake import Closing, close, receive

from drill_support import Desk, advance

OPEN_CASES = 3  # cases in flight at once, so a kill finds cases at every step
ATTEMPTS = 100  # tries to close one case while the database is busy


def report(**values: object) -> None:
    print(json.dumps(values, ensure_ascii=False), flush=True)


def intake(database_file: str, seed: int) -> None:
    open_database(database_file)
    desk = Desk()
    rng = random.Random(seed)
    report(ready=True)
    counter = 0
    while True:
        open_ids = [
            case_id
            for (case_id,) in Complaint.select(Complaint.id)
            .where(Complaint.state.not_in(list(FINAL_STATES)))
            .order_by(Complaint.id)
            .tuples()
        ]
        if len(open_ids) < OPEN_CASES:
            counter += 1
            label = f"child {seed} case {counter}"
            narrative, demand = f"{label} 菜里有异物", f"{label} 要求道歉"
            case = receive(desk.manager, desk.receipt(narrative=narrative, demand=demand, customer_name=label))
            report(case=case.id, step="receive", state=case.state, check={"narrative": narrative, "demand": demand})
            continue
        case_id = rng.choice(open_ids)
        step, check = advance(desk, case_id, f"child {seed} step {counter}")
        counter += 1
        state = Complaint.get_by_id(case_id).state
        report(case=case_id, step=step, state=state, check=check)


def busy(error: Exception) -> bool:
    """A refusal because another process holds the database, in whichever
    form models/ gives it (peewee's raw error until it becomes a DomainError)."""
    text = f"{type(error).__name__} {error}".lower()
    return "locked" in text or "busy" in text


def close_cases(database_file: str, first: int, last: int) -> None:
    open_database(database_file)
    desk = Desk()
    report(ready=True)
    sys.stdin.readline()
    started = time.perf_counter()
    closed, locked, busy_refusals, refused, raw, gave_up = {}, 0, 0, [], [], []
    for case_id in range(first, last + 1):
        for _attempt in range(ATTEMPTS):
            try:
                closed[case_id] = close(desk.manager, case_id, Closing()).archive_number
                break
            except FieldError as error:
                refused.append(f"#{case_id}: {error}")
                break
            except DomainError as error:
                if not busy(error):
                    refused.append(f"#{case_id}: {error}")
                    break
                busy_refusals += 1
            except OperationalError as error:
                if not busy(error):
                    raw.append(f"#{case_id}: {traceback.format_exc()}")
                    break
                locked += 1
            except Exception:  # noqa: BLE001 - counting every raw error is the point of the drill
                raw.append(f"#{case_id}: {traceback.format_exc()}")
                break
        else:
            gave_up.append(case_id)
    report(
        closed=closed,
        locked=locked,
        busy=busy_refusals,
        refused=refused,
        raw=raw,
        gave_up=gave_up,
        seconds=round(time.perf_counter() - started, 2),
    )


if __name__ == "__main__":
    mode, database = sys.argv[1], sys.argv[2]
    if mode == "intake":
        intake(database, int(sys.argv[3]))
    elif mode == "close":
        close_cases(database, int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(f"unknown mode {mode}")
