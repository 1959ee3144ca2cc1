"""Improvement actions (整改措施): created from a hot-spot or a complaint, through their states with every change
audited, the effect's verdict on synthetic streams, the desk's suggestions, and who may do what."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from test_hotspots import add, at, category_id, poisson, streams_master

from models.base import db
from models.catalog import Category, Department
from models.complaint import Complaint
from models.control.effect import Verdict, measure
from models.control.hotspots import active_hotspots
from models.control.improvement import (
    ActionChangedMeanwhileError,
    ActionInput,
    ActionState,
    SuggestionDecision,
    accept_suggestion,
    action_effect,
    complete_action,
    create_action,
    dismiss_suggestion,
    edit_action,
    latest_due,
    link_complaints,
    reopen_action,
    start_action,
    unlink_complaint,
    verify_action,
)
from models.control.improvement_queries import (
    action_detail,
    action_rows,
    actions_for_hotspots,
    complaint_groups,
    open_suggestions,
    overdue_actions,
    printable_actions,
)
from models.control.tallies import GroupKind, catch_up
from models.errors import DomainError, FieldError
from models.handover import handover_sheet
from models.staff import Role, Staff, create_staff

from conftest import Desk, OpenCopy

TODAY = dt.date.today()
STREAM_DAYS = 300  # the effect reads 60 days back and eight 28-day windows before them
NOW = dt.datetime.combine(TODAY, dt.time(9, 0))


def some_complaints(desk: Desk, count: int = 3, days_ago: int = 2) -> list[int]:
    food = category_id("food_quality")
    add([dict(received_at=at(days_ago), category=food, location="西餐厅", narrative=f"牛排太老了，第{k}次。")
         for k in range(count)], desk.manager)  # fmt: skip
    return [c for (c,) in Complaint.select(Complaint.id).order_by(Complaint.id.desc()).limit(count).tuples()]


def action_input(**changes: object) -> ActionInput:
    values: dict[str, object] = dict(
        problem="西餐厅牛排反复被投诉太老", measure="厨师长统一火候标准并培训", responsible="厨师长周某",
        due_on=TODAY + dt.timedelta(days=7), cause="新厨师不熟悉标准",
        department_id=Department.get(Department.code == "kitchen").id,
    )  # fmt: skip
    values.update(changes)
    return ActionInput(**values)  # type: ignore[arg-type]


def history(action_id: int) -> list[tuple[str, dict[str, object]]]:
    return [(entry.action, entry.changes) for entry in action_detail(action_id).history]


def test_an_action_goes_through_its_states_every_change_audited(seeded: Desk) -> None:
    ids = some_complaints(seeded)
    group = (GroupKind.CATEGORY_LOCATION.value, "西餐厅", str(category_id("food_quality")))
    action_id = create_action(seeded.office, action_input(), complaint_ids=ids, group=group, now=NOW)
    detail = action_detail(action_id)
    assert detail.row.state == ActionState.OPEN and detail.row.number == f"ZG-{action_id:04d}"
    assert [c.id for c in detail.complaints] == sorted(ids, reverse=True)
    assert detail.row.department == "厨房出品部" and detail.cause == "新厨师不熟悉标准"
    edit_action(seeded.office, action_id, action_input(responsible="行政总厨李某"), now=NOW)
    # Due before it was raised: refused, as creating it was (the list showed it overdue at once).
    with pytest.raises(FieldError, match="cannot be due before it was raised") as refused:
        edit_action(seeded.office, action_id, action_input(due_on=TODAY - dt.timedelta(days=30)), now=NOW)
    assert refused.value.field == "due_on"
    start_action(seeded.office, action_id, now=NOW + dt.timedelta(hours=1))
    with pytest.raises(FieldError) as refused:
        complete_action(seeded.office, action_id, "   ")
    assert refused.value.field == "result"
    complete_action(seeded.office, action_id, "已统一火候标准", now=NOW + dt.timedelta(hours=2))
    assert action_detail(action_id).row.state == ActionState.DONE
    with pytest.raises(DomainError, match=r"not possible while action ZG-\d{4} is 'done'"):
        start_action(seeded.office, action_id)
    # The window after is not over: the verdict is pending, so judging it needs a note.
    with pytest.raises(FieldError) as refused:
        verify_action(seeded.office, action_id, effective=True)
    assert refused.value.field == "note"
    effect = verify_action(seeded.office, action_id, True, "复查三次，牛排火候均合格", now=NOW + dt.timedelta(hours=3))
    assert effect is not None and effect.verdict == Verdict.PENDING
    detail = action_detail(action_id)
    assert detail.row.state == ActionState.EFFECTIVE and detail.verified_by == "马晓红"
    assert detail.confirmed_effect == effect, "the figures the office saw are kept with its verdict"
    steps = history(action_id)
    assert [name for name, _ in steps] == [
        "action_created", "action_changed", "action_started", "action_done", "action_verified"
    ]  # fmt: skip
    assert steps[1][1]["responsible"] == ["厨师长周某", "行政总厨李某"]
    assert steps[4][1]["state"] == ["done", "effective"] and steps[4][1]["computed"] == "pending"
    marked = f'%"improvement_action": {action_id}%'
    events = db.execute_sql(
        "SELECT count(*) FROM audit_event e JOIN audit_change t ON t.id = e.changes_id WHERE t.text LIKE ?", (marked,)
    )
    assert events.fetchone() == (5,), "each change is an event of the audit trail"
    with pytest.raises(DomainError, match="'effective'"):
        reopen_action(seeded.office, action_id, "又有投诉", TODAY + dt.timedelta(days=3))


def test_what_an_action_needs(seeded: Desk) -> None:
    ids = some_complaints(seeded, 1)
    cases = [
        (action_input(problem=" "), "problem"),
        (action_input(measure=""), "measure"),
        (action_input(responsible=""), "responsible"),
        (action_input(due_on=None), "due_on"),
        (action_input(due_on=TODAY - dt.timedelta(days=1)), "due_on"),
        (action_input(effect_days=10), "effect_days"),
        (action_input(problem="长" * 501), "problem"),
    ]
    for data, field in cases:
        with pytest.raises(FieldError) as refused:
            create_action(seeded.office, data, complaint_ids=ids)
        assert refused.value.field == field
    with pytest.raises(FieldError, match="no such complaint"):
        create_action(seeded.office, action_input(), complaint_ids=[ids[0], 99_999])
    with pytest.raises(FieldError, match="from a hot-spot or a complaint"):
        create_action(seeded.office, action_input())
    assert action_rows() == []


def test_only_the_office_creates_changes_and_verifies(seeded: Desk) -> None:
    ids = some_complaints(seeded, 1)
    with pytest.raises(DomainError, match="Only the office can create, change and verify improvement actions"):
        create_action(seeded.manager, action_input(), complaint_ids=ids)
    action_id = create_action(seeded.admin, action_input(), complaint_ids=ids)
    for step in (
        lambda who: edit_action(who, action_id, action_input()),
        lambda who: start_action(who, action_id),
        lambda who: complete_action(who, action_id, "done"),
        lambda who: link_complaints(who, action_id, ids),
        lambda who: unlink_complaint(who, action_id, ids[0]),
    ):
        with pytest.raises(DomainError, match="Only the office"):
            step(seeded.manager)
    complete_action(seeded.office, action_id, "已完成")
    for step in (
        lambda who: verify_action(who, action_id, False, "无效"),
        lambda who: reopen_action(who, action_id, "又有投诉", TODAY),
    ):
        with pytest.raises(DomainError, match="Only the office"):
            step(seeded.manager)
    assert action_detail(action_id).row.state == ActionState.DONE


def test_overdue_actions_stand_out_until_done(seeded: Desk) -> None:
    ids = some_complaints(seeded, 2)
    late = create_action(seeded.office, action_input(due_on=TODAY), complaint_ids=ids[:1], now=NOW)
    on_time = create_action(seeded.office, action_input(due_on=TODAY + dt.timedelta(days=3)), complaint_ids=ids[1:])
    tomorrow = TODAY + dt.timedelta(days=1)
    assert [row.id for row in overdue_actions(tomorrow)] == [late]
    assert [row.overdue for row in action_rows(today=tomorrow)] == [True, False], "overdue ones first"
    sheet = handover_sheet(seeded.manager, dt.datetime.combine(tomorrow, dt.time(8)))
    assert [(a.number, a.responsible) for a in sheet.actions_overdue] == [(f"ZG-{late:04d}", "厨师长周某")]
    assert json.loads(sheet.to_json())["actions_overdue"][0]["due_on"] == TODAY.isoformat()
    complete_action(seeded.office, late, "已完成")
    assert overdue_actions(tomorrow) == [] and on_time


def test_an_action_that_did_not_work_is_reopened(seeded: Desk) -> None:
    ids = some_complaints(seeded, 1)
    action_id = create_action(seeded.office, action_input(), complaint_ids=ids, now=NOW)
    complete_action(seeded.office, action_id, "已培训", now=NOW)
    verify_action(seeded.office, action_id, False, "还有投诉", now=NOW)
    with pytest.raises(FieldError, match="why it is reopened"):
        reopen_action(seeded.office, action_id, "", TODAY + dt.timedelta(days=5))
    with pytest.raises(FieldError, match="new due date"):
        reopen_action(seeded.office, action_id, "还有投诉", TODAY - dt.timedelta(days=1))
    reopen_action(seeded.office, action_id, "还有投诉", TODAY + dt.timedelta(days=5))
    detail = action_detail(action_id)
    assert detail.row.state == ActionState.IN_PROGRESS and detail.row.done_at is None
    assert detail.row.due_on == TODAY + dt.timedelta(days=5)
    assert history(action_id)[-1] == ("action_reopened", {
        "state": ["not_effective", "in_progress"], "due_on": [(TODAY + dt.timedelta(days=7)).isoformat(),
        (TODAY + dt.timedelta(days=5)).isoformat()], "done_at": [str(NOW), None], "verified_at": [str(NOW), None],
        "verified_by": [seeded.office.id, None], "reason": "还有投诉"})  # fmt: skip


def test_a_change_to_an_action_changed_since_it_was_shown_is_refused_naming_who(seeded: Desk) -> None:
    """Two windows on one action: the second's change put the first's measure back, unseen."""
    ids = some_complaints(seeded, 1)
    action_id = create_action(seeded.office, action_input(), complaint_ids=ids, now=NOW)
    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    shown = action_detail(action_id).updated_at
    edit_action(seeded.office, action_id, action_input(measure="统一火候标准，每周抽查"), shown=shown)
    with pytest.raises(ActionChangedMeanwhileError) as refused:
        edit_action(colleague, action_id, action_input(responsible="行政总厨李某"), shown=shown)
    assert str(refused.value).startswith(f"马晓红 changed action ZG-{action_id:04d} at ")
    detail = action_detail(action_id)
    assert (detail.row.measure, detail.row.responsible) == ("统一火候标准，每周抽查", "厨师长周某")
    assert refused.value.updated_at == detail.updated_at, "given again, the change is saved over the other"
    edit_action(colleague, action_id, action_input(responsible="行政总厨李某"), shown=refused.value.updated_at)
    assert action_detail(action_id).row.responsible == "行政总厨李某"


def test_the_person_responsible_is_one_line_and_refused_when_too_long(seeded: Desk) -> None:
    ids = some_complaints(seeded, 1)
    with pytest.raises(FieldError, match="This text is 65 characters long; the limit is 64") as refused:
        create_action(seeded.office, action_input(responsible="李" * 65), complaint_ids=ids)
    assert refused.value.field == "responsible"
    action_id = create_action(seeded.office, action_input(responsible=" 收银主管\t李某\r\n(电话 8801) "),
                              complaint_ids=ids)  # fmt: skip
    assert action_detail(action_id).row.responsible == "收银主管 李某 (电话 8801)"


def test_an_action_is_due_within_two_years(seeded: Desk) -> None:
    """9999-12-31 was taken: an action never overdue, in no periodic review."""
    ids = some_complaints(seeded, 1)
    latest = latest_due(TODAY)
    refusal = f"An action is due within 2 years: on {latest.isoformat()} at the latest."
    with pytest.raises(FieldError, match=re.escape(refusal)) as refused:
        create_action(seeded.office, action_input(due_on=dt.date(9999, 12, 31)), complaint_ids=ids)
    assert refused.value.field == "due_on"
    action_id = create_action(seeded.office, action_input(due_on=latest), complaint_ids=ids)
    edit_action(seeded.office, action_id, action_input(due_on=latest, measure="统一火候标准，每周抽查"))
    with pytest.raises(FieldError, match=re.escape(refusal)):
        edit_action(seeded.office, action_id, action_input(due_on=latest + dt.timedelta(days=1)))
    complete_action(seeded.office, action_id, "已培训")
    with pytest.raises(FieldError, match=re.escape(refusal)):
        reopen_action(seeded.office, action_id, "还有投诉", latest + dt.timedelta(days=1))
    assert action_detail(action_id).row.due_on == latest
    assert latest_due(dt.date(2026, 5, 3)) == dt.date(2028, 5, 3)
    assert latest_due(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)


def test_links_are_kept_once_and_audited(seeded: Desk) -> None:
    ids = some_complaints(seeded, 3)
    action_id = create_action(seeded.office, action_input(), complaint_ids=ids[:1])
    assert link_complaints(seeded.office, action_id, ids) == 2
    assert link_complaints(seeded.office, action_id, ids) == 0
    unlink_complaint(seeded.office, action_id, ids[0])
    assert {c.id for c in action_detail(action_id).complaints} == set(ids[1:])
    assert [name for name, _ in history(action_id)] == ["action_created", "action_linked", "action_unlinked"]


# --------------------------------------------------------------------------- the effect


def group_stream(desk: Desk, daily: dict[int, int]) -> tuple[str, str, str]:
    """Complaints of one group (噪音 at 客房908) on the days given (days ago → count), over background traffic
    of 3 a day in another category (the volume)."""
    noise, waiting = category_id("noise"), category_id("waiting_time")
    rows: list[dict[str, object]] = []
    for days_ago in range(STREAM_DAYS, -1, -1):
        rows += [dict(received_at=at(days_ago, 10), category=waiting, location="大堂", narrative="排队太久。")] * 3
        rows += [dict(received_at=at(days_ago, 22), category=noise, location="客房908", narrative="隔壁装修太吵了。")
                 ] * daily.get(days_ago, 0)  # fmt: skip
    add(rows, desk.manager)
    catch_up()
    return (GroupKind.CATEGORY_LOCATION.value, "客房908", str(noise))


def background(rng: random.Random, rate: float, days: range) -> dict[int, int]:
    return {d: poisson(rng, rate) for d in days}


def test_the_effect_verdicts(seeded: Desk) -> None:
    """A run of complaints, an action taken when it was seen (60 days ago) and done (50 days ago); the 28 days
    after against the 28 days before and the group's usual level."""
    rng = random.Random(5)
    daily = background(rng, 0.1, range(STREAM_DAYS, -1, -1))
    for days_ago in range(61, 75, 2):  # seven more in the two weeks before the action
        daily[days_ago] += 1
    group = group_stream(seeded, daily)
    taken, done = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=50)
    effect = measure(group, taken, done, 28)
    assert effect.before >= 7 and effect.after <= 4 and effect.verdict == Verdict.EFFECTIVE, effect
    assert effect.fall_p <= 0.05 and effect.usual is not None and effect.usual < 4
    assert effect.before_last == taken and effect.after_first == done + dt.timedelta(days=1)
    # The same action, judged before its window after is over.
    pending = measure(group, taken, TODAY - dt.timedelta(days=10), 28)
    assert pending.verdict == Verdict.PENDING and pending.elapsed == 10


def test_an_action_with_complaints_going_on_is_not_effective(seeded: Desk) -> None:
    daily = {d: 1 for d in range(STREAM_DAYS, -1, -3)}  # one every three days: about 9 in 28 days
    for days_ago in range(0, 75):
        daily[days_ago] = daily.get(days_ago, 0) + (days_ago % 2)  # then one more every other day, before and after
    group = group_stream(seeded, daily)
    effect = measure(group, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=40), 28)
    assert effect.after >= effect.before * 0.8 and effect.verdict == Verdict.NOT_EFFECTIVE, effect
    assert effect.usual_threshold is not None and effect.after > effect.usual_threshold, "still unusual"


def test_a_quiet_group_falling_a_little_is_unclear(seeded: Desk) -> None:
    daily = {65: 1, 62: 1, 61: 1, 30: 1}
    group = group_stream(seeded, daily)
    effect = measure(group, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=50), 28)
    assert (effect.before, effect.after) == (3, 1) and effect.verdict == Verdict.UNCLEAR, effect
    assert 0.05 < effect.fall_p < 1


def test_the_effect_scales_to_the_volume_of_complaints(seeded: Desk) -> None:
    """A holiday month with twice the guests brings twice the complaints of every kind: no worse than before."""
    noise, waiting = category_id("noise"), category_id("waiting_time")
    rows: list[dict[str, object]] = []
    for days_ago in range(STREAM_DAYS, -1, -1):
        busy = 2 if days_ago < 50 else 1
        rows += [dict(received_at=at(days_ago, 10), category=waiting, location="大堂", narrative="排队太久。")] * (
            3 * busy)  # fmt: skip
        if days_ago % 4 == 0:
            rows += [dict(received_at=at(days_ago, 22), category=noise, location="客房908",
                          narrative="隔壁装修太吵了。")] * busy  # fmt: skip
    add(rows, seeded.manager)
    catch_up()
    group = (GroupKind.CATEGORY_LOCATION.value, "客房908", str(noise))
    effect = measure(group, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=40), 28)
    assert effect.after > effect.before and effect.expected_after == pytest.approx(2 * effect.before, rel=0.1)
    assert effect.verdict == Verdict.NOT_EFFECTIVE, "twice the complaints at twice the volume: no better"


def test_verifying_against_the_figures_needs_a_note(seeded: Desk) -> None:
    daily = {d: 1 for d in range(61, 89, 3)}
    group = group_stream(seeded, daily)
    ids = [c for (c,) in Complaint.select(Complaint.id).where(Complaint.location == "客房908").tuples()]
    taken = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(10))
    action_id = create_action(seeded.office, action_input(due_on=taken.date()), complaint_ids=ids, group=group,
                              now=taken)  # fmt: skip
    complete_action(seeded.office, action_id, "更换了隔音窗", now=taken + dt.timedelta(days=10))
    effect = action_effect(action_id)
    assert effect is not None and effect.verdict == Verdict.EFFECTIVE, effect
    with pytest.raises(FieldError) as refused:
        verify_action(seeded.office, action_id, effective=False)
    assert refused.value.field == "note"
    confirmed = verify_action(seeded.office, action_id, effective=True)
    assert action_detail(action_id).confirmed_effect == confirmed == effect
    # Watching nothing: a verdict without figures needs a note, said so (it said the figures said otherwise).
    unwatched = create_action(seeded.office, action_input(), complaint_ids=ids[:1], now=NOW)
    complete_action(seeded.office, unwatched, "已培训", now=NOW)
    with pytest.raises(FieldError, match="No figures are watched for this action"):
        verify_action(seeded.office, unwatched, effective=True)


def test_the_office_s_verdict_over_the_figures_is_kept_beside_them_and_after_a_reopening(seeded: Desk) -> None:
    """Judged not effective against figures that say effective: the action's page and the printed list said
    "Effective" (the figures' verdict) as if it were the office's."""
    group = group_stream(seeded, {d: 1 for d in range(61, 89, 3)})
    ids = [c for (c,) in Complaint.select(Complaint.id).where(Complaint.location == "客房908").tuples()]
    taken = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(10))
    action_id = create_action(seeded.office, action_input(due_on=taken.date()), complaint_ids=ids, group=group,
                              now=taken)  # fmt: skip
    complete_action(seeded.office, action_id, "更换了隔音窗", now=taken + dt.timedelta(days=10))
    figures = verify_action(seeded.office, action_id, False, "客人仍说夜里吵，只是不再来投诉")
    assert figures is not None and figures.verdict == Verdict.EFFECTIVE
    detail = action_detail(action_id)
    assert (detail.confirmed_effect, detail.office_verdict) == (figures, "not_effective")

    def printed() -> dict[str, object]:
        listed = printable_actions(TODAY - dt.timedelta(days=90), TODAY)["actions"]
        return next(a for a in listed if a["number"] == detail.row.number)

    assert (printed()["office_verdict"], printed()["effect"]["verdict"]) == ("not_effective", "effective")
    reopen_action(seeded.office, action_id, "换个办法", TODAY + dt.timedelta(days=10))
    assert action_detail(action_id).office_verdict == "not_effective", "the verdict of its last verification"
    assert printed()["office_verdict"] == "not_effective" and printed()["at_last_verification"]


# --------------------------------------------------------------------------- from a hot-spot


@pytest.fixture
def stream(open_copy: OpenCopy, tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Desk:
    """A year of complaints with two hot-spots today (test_hotspots.streams): test_hotspots' shared master."""
    open_copy(streams_master(tmp_path_factory, seeded_database))
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def test_an_action_from_a_hot_spot_watches_its_group(stream: Desk) -> None:
    seeded = stream
    hair = next(s for s in active_hotspots() if s.group.value == "头发")
    action_id = create_action(seeded.office, action_input(problem="二楼中餐厅菜里有头发"), hotspot=hair.key,
                              complaint_ids=[1, 2])  # fmt: skip
    row = action_detail(action_id).row
    assert row.hotspot_key == hair.key.text and row.group is not None and row.group.key == hair.group.key
    assert actions_for_hotspots([hair.key])[hair.key.text].id == action_id
    assert str(row.group.describe()) == "“头发” at 二楼中餐厅"


def test_a_complaint_offers_its_groups_most_specific_first(seeded: Desk) -> None:
    [complaint_id] = some_complaints(seeded, 1)
    groups = complaint_groups(complaint_id)
    assert groups[0].kind == GroupKind.CATEGORY_LOCATION and groups[0].scope == "西餐厅"
    assert {g.kind for g in groups} >= {GroupKind.CATEGORY, GroupKind.LOCATION, GroupKind.PHRASE_LOCATION}
    assert complaint_groups(99_999) == []


# --------------------------------------------------------------------------- the desk's suggestions


def suggested(desk: Desk, texts: list[str]) -> list[int]:
    ids = some_complaints(desk, len(texts))
    for complaint_id, text in zip(sorted(ids), texts, strict=True):
        Complaint.update(improvement_suggestion=text).where(Complaint.id == complaint_id).execute()
    return sorted(ids)


def test_suggestions_are_offered_until_decided(seeded: Desk) -> None:
    first, second, third = suggested(seeded, ["统一牛排火候", "增加一名厨师", "菜单标注熟度"])
    rows, total = open_suggestions()
    assert [r.complaint_id for r in rows] == [third, second, first] and total == 3
    assert rows[0].suggestion == "菜单标注熟度" and rows[0].category == "菜品质量"
    # Listed newest closed first, as the list's column shows them (by number, 47 of 200 stood out of order).
    Complaint.update(closed_at=dt.datetime(2026, 11, 2, 9)).where(Complaint.id == first).execute()
    Complaint.update(closed_at=dt.datetime(2026, 11, 1, 9)).where(Complaint.id.in_([second, third])).execute()
    assert [r.complaint_id for r in open_suggestions()[0]] == [first, third, second]
    action_id = accept_suggestion(seeded.office, third, data=action_input(problem="菜单标注熟度"))
    assert accept_suggestion(seeded.office, second, into=action_id) == action_id
    with pytest.raises(FieldError, match="why no action is taken"):
        dismiss_suggestion(seeded.office, first, "")
    dismiss_suggestion(seeded.office, first, "与现行规定一致")
    assert open_suggestions() == ([], 0)
    with pytest.raises(DomainError, match="decided on this suggestion already"):
        dismiss_suggestion(seeded.office, first, "again")
    assert {c.id for c in action_detail(action_id).complaints} == {second, third}
    decisions = {d.complaint_id: d.decision for d in SuggestionDecision.select()}
    assert decisions == {first: "dismissed", second: "accepted", third: "accepted"}
    on_complaint = db.execute_sql(
        "SELECT action FROM audit_event WHERE complaint_id = ? ORDER BY id DESC LIMIT 1", (first,)
    ).fetchone()
    assert on_complaint == ("suggestion_dismissed",), "the decision is on the complaint's history too"
    assert action_detail(action_id).row.source == "suggestion"


def test_only_the_office_decides_on_suggestions(seeded: Desk) -> None:
    [complaint_id] = suggested(seeded, ["统一牛排火候"])
    with pytest.raises(DomainError, match="Only the office"):
        dismiss_suggestion(seeded.manager, complaint_id, "不需要")
    with pytest.raises(DomainError, match="Only the office"):
        accept_suggestion(seeded.manager, complaint_id, data=action_input())
    with pytest.raises(FieldError, match="Choose an action"):
        accept_suggestion(seeded.office, complaint_id)
    plain = some_complaints(seeded, 1)[0]
    with pytest.raises(DomainError, match="no improvement suggestion"):
        dismiss_suggestion(seeded.office, plain, "不需要")
    assert open_suggestions()[1] == 1


def test_the_suggestions_are_counted_up_to_a_cap(seeded: Desk) -> None:
    suggested(seeded, [f"建议{k}" for k in range(5)])
    rows, total = open_suggestions(limit=2, cap=3)
    assert len(rows) == 2 and total == 3
    assert Category.get_by_id(category_id("food_quality")).name == rows[0].category


def test_a_busy_hot_spot_links_its_newest_complaints(stream: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    import models.control.improvement as improvement

    seeded = stream
    hair = next(s for s in active_hotspots() if s.group.value == "头发")
    ids = some_complaints(seeded, 4)
    monkeypatch.setattr(improvement, "LINKS_MAX", 3)
    action_id = create_action(seeded.office, action_input(), hotspot=hair.key, complaint_ids=ids)
    assert [c.id for c in action_detail(action_id).complaints] == ids[:3], "the first (newest) are linked"
    with pytest.raises(FieldError, match="Link at most 3 complaints"):
        create_action(seeded.office, action_input(), complaint_ids=ids)


def test_a_hot_spot_has_one_action(stream: Desk) -> None:
    """Two windows each wrote an action for one hot-spot: the second is refused, naming the first."""
    seeded = stream
    hair = next(s for s in active_hotspots() if s.group.value == "头发")
    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    first = create_action(seeded.office, action_input(), hotspot=hair.key, complaint_ids=[1, 2], now=NOW)
    with pytest.raises(DomainError) as refused:
        create_action(colleague, action_input(responsible="厨师长赵某"), hotspot=hair.key, complaint_ids=[1, 2])
    assert str(refused.value) == (
        f"马晓红 wrote action ZG-{first:04d} for this hot-spot at 09:00: a hot-spot has one action, so this one was "
        f"not saved. Copy what you typed here into ZG-{first:04d} (Improvement actions, Change…)."
    )
    assert [row.id for row in action_rows()] == [first]
