"""What the desk still owes its customers after closing (回访, promised items): listed when due, marked done
with what came of it — on a case sealed in the archive too — once, and in the case's audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from test_quick_path import small_case

from models.audit import AuditEvent
from models.complaint import Complaint, FollowUp, FollowUpKind
from models.errors import DomainError, FieldError
from models.follow_ups import complete_follow_up, due_follow_ups
from models.handover import handover_sheet
from models.intake import quick_close, receive
from models.verify import verify_report

from conftest import Desk

NOW = dt.datetime(2026, 12, 6, 15, 0)


def owed(desk: Desk) -> tuple[Complaint, FollowUp]:
    """A case closed (and sealed) on the quick path with a fruit plate still to deliver."""
    quick = small_case(promised_item="明天上午送果盘到1208房")
    case = quick_close(desk.manager, quick, now=NOW - dt.timedelta(hours=2))
    return case, FollowUp.get(FollowUp.complaint == case)


def call_backs(desk: Desk) -> list[FollowUp]:
    """Call-backs of an open case: 3 hours late, due in 20 hours, due in 3 days."""
    case = receive(desk.manager, small_case().receipt, now=NOW - dt.timedelta(days=1))
    return [
        FollowUp.create(complaint=case.id, kind=FollowUpKind.CALL_BACK, due_at=NOW + delta, description=what)
        for delta, what in ((dt.timedelta(hours=-3), "问问菜品是否满意"), (dt.timedelta(hours=20), "明天再问一次"),
                            (dt.timedelta(days=3), "三天后回访"))
    ]  # fmt: skip


def test_the_follow_ups_due_by_tomorrow_are_listed_the_overdue_first(seeded: Desk) -> None:
    case, item = owed(seeded)
    late, tomorrow, _later = call_backs(seeded)
    due = due_follow_ups(NOW)
    assert [row.id for row in due] == [late.id, tomorrow.id, item.id], "no due time: last"
    assert [row.overdue for row in due] == [True, False, False]
    assert [row.complaint_id for row in due] == [late.complaint_id, tomorrow.complaint_id, case.id]
    assert due[0].number == f"#{late.complaint_id}", "an open case: its draft number"
    delivered = due[-1]
    assert (delivered.number, delivered.kind) == (case.archive_number, "promised_item")
    assert delivered.customer_name == "刘先生"
    assert [p.description for p in handover_sheet(seeded.manager, NOW).promises] == [r.description for r in due]
    # In the morning, tomorrow's whole day (the close page suggests a call-back tomorrow at 10:00; the list took in
    # 24 hours, so at 08:05 it was left out), and not the day after.
    morning = dt.datetime(2026, 12, 7, 8, 5)
    for when, text in ((dt.datetime(2026, 12, 8, 10, 0), "明天十点回访"), (dt.datetime(2026, 12, 9, 0, 0), "后天回访")):
        FollowUp.create(complaint=late.complaint_id, kind=FollowUpKind.CALL_BACK, due_at=when, description=text)
    listed = [row.description for row in due_follow_ups(morning)]
    assert "明天十点回访" in listed and "后天回访" not in listed


def test_a_follow_up_is_marked_done_once_with_what_came_of_it_on_a_sealed_case_too(seeded: Desk) -> None:
    case, item = owed(seeded)
    complete_follow_up(seeded.manager, item.id, "  果盘已送到1208房，顾客表示感谢  ", now=NOW)
    done = FollowUp.get_by_id(item.id)
    assert (done.done_at, done.done_by_id, done.result) == (NOW, seeded.manager.id, "果盘已送到1208房，顾客表示感谢")
    assert due_follow_ups(NOW) == [] and handover_sheet(seeded.manager, NOW).promises == []
    event = AuditEvent.select().where(AuditEvent.complaint == case.id).order_by(AuditEvent.id.desc()).get()
    assert event.action == "follow_up_done"
    with pytest.raises(DomainError, match=r"^张伟 marked this follow-up done at 2026-12-06 15:00 already\.$"):
        complete_follow_up(seeded.office, item.id, "又送了一次")
    assert FollowUp.get_by_id(item.id).result == "果盘已送到1208房，顾客表示感谢", "the first result kept"
    assert verify_report().problems == [], "the seal and the audit chain still hold"
    # The archived form prints what came of it beside what was promised (it showed the promise alone).
    from models.archive import printable_record

    record = printable_record(seeded.office, case.id)
    assert record["follow_up_outcomes"] == [
        {"done_at": NOW.isoformat(), "by": "张伟", "result": "果盘已送到1208房，顾客表示感谢"}
    ]


@pytest.mark.parametrize(
    ("result", "message"),
    [("   ", "Write what came of it"), ("好" * 501, "Write at most 500 characters.")],
)
def test_a_follow_up_done_says_what_came_of_it(seeded: Desk, result: str, message: str) -> None:
    _, item = owed(seeded)
    with pytest.raises(FieldError, match=message):
        complete_follow_up(seeded.manager, item.id, result, now=NOW)
    assert FollowUp.get_by_id(item.id).done_at is None


def test_a_follow_up_gone_is_said(seeded: Desk) -> None:
    with pytest.raises(DomainError, match=r"^This follow-up no longer exists\.$"):
        complete_follow_up(seeded.manager, 987654, "已回访")
