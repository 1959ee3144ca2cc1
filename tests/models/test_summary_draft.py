"""The work summary's draft: its sections, and honesty by rule — shortcomings written whenever the figures have
them and only then, a fall said as a fall, every figure with the complaints behind it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from models.analysis.cost import CaseSize, CostFigures, EffectRow, MoneyRow
from models.analysis.figures import (
    CountRow,
    Durations,
    Escalations,
    ExternalFigures,
    HotspotRow,
    ImprovementFigures,
    PeriodFigures,
    Promises,
    RepeatCustomers,
    Satisfaction,
    Share,
    WeekCount,
)
from models.analysis.period import Period, PeriodKind
from models.analysis.recovery import RecoveryFigures
from models.analysis.summary import EN, ZH, draft, figure_complaints, period_kind_of, period_of, register_filters
from models.analysis.summary_document import SECTION_ORDER, SectionKey, heading
from models.complaint import Complaint, Proposal
from models.control.hotspots import Group, HotspotKey, hotspot_complaints
from models.control.improvement import ActionState
from models.control.tallies import GroupKind

from conftest import DEMO_NOW, Desk, OpenCopy

OCTOBER = Period.of("month", dt.date(2026, 10, 15))
NOW = dt.datetime(2026, 11, 3, 9, 0)
NO_TIME = Durations(0, None, None)


def quiet(**changes: object) -> PeriodFigures:
    """A period with nothing to regret: fewer complaints than before, promises kept, no repeat customer, no
    external case, no hot-spot."""
    figures = PeriodFigures(
        period=OCTOBER,
        previous=OCTOBER.previous(),
        last_year=OCTOBER.last_year(),
        now=NOW,
        total=80,
        total_previous=100,
        total_last_year=90,
        open=0,
        closed=78,
        withdrawn=2,
        by_category=(CountRow(1, "菜品质量", "Food quality", 50, 60, 55), CountRow(2, "服务态度", "Staff attitude",
                                                                           30, 40, 35)),
        by_department=(),
        by_location=(),
        by_channel=(),
        by_severity=(),
        by_duty_manager=(),
        weekly=(WeekCount(dt.date(2026, 9, 28), 10), WeekCount(dt.date(2026, 10, 5), 20)),
        first_response=Durations(78, 12, 40),
        closing=Durations(78, 60, 200),
        promises=Promises(promised=80, kept=80, late=0, overdue=0, pending=0, ended_unanswered=0),
        escalations=Escalations(cases=5, escalations=5, decided=5, waiting=0, wait=Durations(5, 30, 60)),
        external=ExternalFigures(total=0, closed=0, overdue=0, by_channel=(), by_outcome=()),
        improvement=ImprovementFigures(hotspots=(), actions=0, open=0, done=0, effective=0, not_effective=0,
                                       overdue=0, completed_in_period=0),
        satisfaction=Satisfaction(answered=70, by_score=((3, 10), (4, 30), (5, 30)), average=4.29),
        repeat=RepeatCustomers(customers=78, repeat_customers=0, repeat_complaints=0, returning_complaints=0),
        records_from=dt.date(2024, 1, 1),  # records of a year earlier too
    )
    return dataclasses.replace(figures, **changes)


def cost_of(total: str, due: str = "0", recovered: str = "0") -> CostFigures:
    effect = EffectRow(cases=0, amount=Decimal(0), answered=0, satisfaction=None, came_back=0)
    size = CaseSize(effect, NO_TIME)
    return CostFigures(
        complaints=80, compensated=4, total=Decimal(total), per_compensated_case=Decimal(total) / 4,
        per_complaint=None, by_department=(MoneyRow(3, "餐饮部", "Food and beverage", 4, 4, Decimal(total)),),
        by_remedy_kind=(), by_duty_manager=(), effect_by_remedy_kind=(), effect_by_band=(), small=size, large=size,
        recovery=RecoveryFigures(lines=1 if Decimal(due) else 0, due=Decimal(due), recovered=Decimal(recovered),
                                 by_party=()),
    )  # fmt: skip


def text(document: object, key: SectionKey) -> str:
    return "\n".join(document.paragraphs(key))  # type: ignore[attr-defined]


@pytest.fixture
def empty(database: object) -> None:
    """A migrated database: the draft looks up the complaints behind some figures."""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_section_in_its_order_under_its_fixed_heading(empty: None, language: str) -> None:
    document = draft(OCTOBER, quiet(), cost_of("400"), language, organisation="示例酒店", author="马晓红")
    assert [s.key for s in document.sections] == list(SECTION_ORDER)
    assert all(s.paragraphs for s in document.sections), "no section is left empty"
    assert document.sign_off.organisation == "示例酒店" and document.sign_off.author == "马晓红"
    assert document.sign_off.date == NOW.date()
    if language == "zh_CN":
        assert document.title == "示例酒店2026年10月投诉管控工作总结"
        assert heading(SectionKey.SHORTCOMINGS, language) == "三、存在的不足及原因"
    else:
        assert document.title == "示例酒店: Complaint handling work summary, October 2026"
        assert heading(SectionKey.SHORTCOMINGS, language) == "3. Shortcomings and their causes"


def test_a_quiet_period_says_it_had_no_shortcomings_and_states_its_fall(empty: None) -> None:
    document = draft(OCTOBER, quiet(), cost_of("400"), "zh_CN")
    assert document.paragraphs(SectionKey.SHORTCOMINGS) == (ZH.sh_none,)
    assert document.paragraphs(SectionKey.PROBLEMS) == (ZH.pr_none,)
    achievements = text(document, SectionKey.ACHIEVEMENTS)
    assert "投诉总量80件，比上期100件减少20件，下降20.0%" in achievements
    assert "按时答复80件，兑现率100.0%" in achievements
    assert "服务态度类投诉由上期40件降至30件" in achievements
    # Money spent is no result: stated in the overview, not among the achievements.
    assert "本期补偿支出400.00元，平均每件100.00元" in text(document, SectionKey.OPENING)
    assert "本期补偿支出" not in achievements
    assert ZH.assessment_good in document.paragraphs(SectionKey.OPENING)
    assert next(f for f in document.figures if f.key == "cost").value == "400.00元", "a sum of money says its currency"


def test_a_rise_is_a_shortcoming_never_an_achievement(empty: None) -> None:
    rising = (CountRow(1, "菜品质量", "Food quality", 90, 60, 55),)
    document = draft(OCTOBER, quiet(total=130, by_category=rising), None, "zh_CN")
    assert "投诉总量130件，比上期100件增加30件，上升30.0%" in text(document, SectionKey.SHORTCOMINGS)
    assert "菜品质量类投诉由上期60件增至90件" in text(document, SectionKey.SHORTCOMINGS)
    achievements = text(document, SectionKey.ACHIEVEMENTS)
    assert "上升" not in achievements and "增加" not in achievements
    assert document.paragraphs(SectionKey.OPENING)[-1] == ZH.assessment_concern.format(count=2)


def test_the_overall_assessment_weighs_how_serious_the_shortcomings_are(empty: None) -> None:
    """One complaint more (45 → 46) said "需要进一步加强"; 22.7% of promises kept said "基本平稳"."""
    one_more = draft(OCTOBER, quiet(total=101), None, "zh_CN").paragraphs(SectionKey.OPENING)[-1]
    assert one_more.startswith("总体看，本期投诉管控工作基本平稳") and "需要进一步加强" not in one_more
    broken = Promises(promised=97, kept=22, late=70, overdue=5, pending=0, ended_unanswered=0)
    document = draft(OCTOBER, quiet(promises=broken), None, "zh_CN")
    opening = document.paragraphs(SectionKey.OPENING)[-1]
    assert opening.startswith("总体看，本期投诉管控工作存在") and opening.endswith("需要进一步加强，下文如实列出。")
    english = draft(OCTOBER, quiet(promises=broken), None, "en").paragraphs(SectionKey.OPENING)[-1]
    assert english.startswith("Overall, complaint control fell clearly short this period in ")
    assert "broadly steady" not in english


def test_late_and_overdue_promises_are_shortcomings_and_open_problems(empty: None) -> None:
    promises = Promises(promised=80, kept=50, late=25, overdue=5, pending=0, ended_unanswered=0)
    document = draft(OCTOBER, quiet(promises=promises), None, "zh_CN")
    shortcomings = text(document, SectionKey.SHORTCOMINGS)
    assert "按时答复50件（62.5%），超时答复25件。另有5件至今仍未答复" in shortcomings
    assert ZH.sh_promises_cause in shortcomings
    assert ZH.pr_overdue.format(n=5) in document.paragraphs(SectionKey.PROBLEMS)
    assert "兑现率" not in text(document, SectionKey.ACHIEVEMENTS), "62.5 % kept is no achievement"
    overdue = next(f for f in document.figures if f.key == "overdue")
    assert overdue.value == "5件" and overdue.filters["query"] == "overdue_promises"
    assert "其余" not in shortcomings, "50 + 25 + 5: all of the 80 said"
    # Those not due yet and those ended before an answer are said too: the figures add up (213 promised, 5 unsaid).
    rest = Promises(promised=80, kept=50, late=20, overdue=5, pending=3, ended_unanswered=2)
    said = text(draft(OCTOBER, quiet(promises=rest), None, "zh_CN"), SectionKey.SHORTCOMINGS)
    assert "另有5件至今仍未答复，已超过承诺时间。其余5件尚未到承诺时间，或在答复前已撤回、转办。" in said
    said = text(draft(OCTOBER, quiet(promises=rest), None, "en"), SectionKey.SHORTCOMINGS)
    assert "The other 5 are not due yet, or ended before an answer (withdrawn or referred)." in said


def test_repeat_complaints_are_named(empty: None) -> None:
    repeat = RepeatCustomers(customers=70, repeat_customers=3, repeat_complaints=7, returning_complaints=4)
    document = draft(OCTOBER, quiet(repeat=repeat), None, "en")
    shortcomings = text(document, SectionKey.SHORTCOMINGS)
    assert "3 customers complained twice or more in the period (7 complaints)." in shortcomings
    # Not "4 more": some of them are among the 7 (a manager added 7 + 11 of 14 complaints).
    returning = "4 of the period's complaints came from customers who had complained within the 90 days before"
    assert returning in shortcomings and "4 more" not in shortcomings
    # Nothing said of repeat customers there were none of ("0 customers … (0 complaints)").
    returning_only = RepeatCustomers(customers=70, repeat_customers=0, repeat_complaints=0, returning_complaints=1)
    only = text(draft(OCTOBER, quiet(repeat=returning_only), None, "en"), SectionKey.SHORTCOMINGS)
    assert "0 customers" not in only and "1 of the period's complaints came from a customer who" in only
    assert "repeat complaints" not in only, "no repeat complaint above for it to overlap with"
    chinese = text(draft(OCTOBER, quiet(repeat=returning_only), None, "zh_CN"), SectionKey.SHORTCOMINGS)
    assert "本期有1件投诉来自此前90天内投诉过的顾客。" in chinese and "上述重复投诉" not in chinese
    assert "3 customers complained repeatedly and should each be called back." in document.paragraphs(
        SectionKey.PROBLEMS
    )
    # One of a kind in English: no "(s)" left, and its verb agrees.
    one = RepeatCustomers(customers=70, repeat_customers=1, repeat_complaints=2, returning_complaints=0)
    single = draft(OCTOBER, quiet(repeat=one), None, "en")
    assert "1 customer complained twice or more in the period" in text(single, SectionKey.SHORTCOMINGS)
    assert not [t for s in single.sections for t in s.paragraphs if "(s)" in t]
    assert EN.next_repeat in document.paragraphs(SectionKey.NEXT_STEPS)


def test_nothing_is_no_achievement(empty: None) -> None:
    """已追回0.00元 and 经核验有效0项 stood under 主要成绩 (成绩基本不夸大: what did not happen is no result)."""
    improvement = ImprovementFigures(hotspots=(), actions=1, open=0, done=1, effective=0, not_effective=0,
                                     overdue=0, completed_in_period=1)  # fmt: skip
    document = draft(OCTOBER, quiet(improvement=improvement), cost_of("200", due="144.50"), "zh_CN")
    achievements = text(document, SectionKey.ACHIEVEMENTS)
    assert "本期完成整改措施1项。" in achievements
    assert "经核验有效0项" not in achievements and "已追回0.00元" not in achievements


def test_external_cases_are_named_with_their_channels(empty: None) -> None:
    external = ExternalFigures(total=3, closed=1, overdue=1, by_channel=(Share(1, "12345热线", "12345 hotline", 2),
                               Share(2, "全国12315平台", "12315", 1)), by_outcome=(), open_now=2,
                               overdue_now=1)  # fmt: skip
    document = draft(OCTOBER, quiet(external=external), None, "zh_CN")
    # A sentence, not a list of labels ("（12345热线 2件和全国12315平台 1件）").
    assert "越级投诉：3件投诉被顾客反映到外部渠道，其中12345热线2件、全国12315平台1件，已办结1件。" in text(
        document, SectionKey.SHORTCOMINGS
    )
    assert "本期受理的越级投诉中尚有2件未办结。其中1件已过外部机构规定的期限仍未答复。" in document.paragraphs(
        SectionKey.PROBLEMS
    )


def test_what_is_still_open_from_earlier_periods_is_named_not_hidden(empty: None) -> None:
    """Nothing external received in the period, no action made in it: what an earlier period left open and past
    its due day is a problem all the same."""
    external = ExternalFigures(total=0, closed=0, overdue=0, by_channel=(), by_outcome=(), open_now=1, overdue_now=1)
    improvement = ImprovementFigures(hotspots=(), actions=0, open=0, done=0, effective=0, not_effective=0,
                                     overdue=0, completed_in_period=0, overdue_now=2)  # fmt: skip
    document = draft(OCTOBER, quiet(external=external, improvement=improvement), None, "zh_CN")
    problems = document.paragraphs(SectionKey.PROBLEMS)
    assert "本期以前受理的越级投诉中尚有1件未办结。其中1件已过外部机构规定的期限仍未答复。" in problems
    assert ZH.pr_actions_overdue.format(n=2) in problems
    assert ZH.next_external in document.paragraphs(SectionKey.NEXT_STEPS)


def hotspot(states: tuple[str, ...]) -> HotspotRow:
    group = Group(GroupKind.PHRASE_LOCATION, "二楼中餐厅", "头发", "头发", "二楼中餐厅")
    return HotspotRow(HotspotKey(*group.key, dt.date(2026, 10, 20)), group, 6, states)


def test_a_hot_spot_without_an_effective_action_is_named(empty: None) -> None:
    improvement = ImprovementFigures(hotspots=(hotspot((ActionState.IN_PROGRESS.value,)),), actions=1, open=1,
                                     done=0, effective=0, not_effective=0, overdue=0, completed_in_period=0)
    document = draft(OCTOBER, quiet(improvement=improvement), None, "zh_CN")
    # The one of the period, named: not "其中1个…包括" (a part of them, "including").
    assert "热点问题：本期出现热点投诉1个（二楼中餐厅涉及“头发”的投诉），尚无经核验有效的整改措施。" in text(
        document, SectionKey.SHORTCOMINGS
    )
    two = ImprovementFigures(hotspots=(hotspot((ActionState.IN_PROGRESS.value,)), hotspot(("effective",))),
                             actions=2, open=1, done=0, effective=1, not_effective=0, overdue=0,
                             completed_in_period=0)  # fmt: skip
    some = text(draft(OCTOBER, quiet(improvement=two), None, "zh_CN"), SectionKey.SHORTCOMINGS)
    assert "热点问题：本期出现热点投诉2个，其中1个尚无经核验有效的整改措施，即二楼中餐厅涉及“头发”的投诉。" in some
    assert ZH.pr_hotspots.format(n=1) in document.paragraphs(SectionKey.PROBLEMS)
    figures = {figure.key: figure.value for figure in document.figures}
    assert (figures["hotspots"], figures["hotspots_without"]) == ("1个", "1个"), "counted as the text counts them"


def test_a_hot_spot_with_an_effective_action_is_no_shortcoming(empty: None) -> None:
    improvement = ImprovementFigures(hotspots=(hotspot((ActionState.EFFECTIVE.value,)),), actions=1, open=0,
                                     done=0, effective=1, not_effective=0, overdue=0, completed_in_period=1)
    document = draft(OCTOBER, quiet(improvement=improvement), None, "zh_CN")
    assert document.paragraphs(SectionKey.SHORTCOMINGS) == (ZH.sh_none,)
    assert "经核验有效1项" in text(document, SectionKey.ACHIEVEMENTS)


def test_an_empty_period_divides_by_nothing(empty: None) -> None:
    nothing = quiet(total=0, total_previous=0, total_last_year=0, closed=0, withdrawn=0, by_category=(), weekly=(),
                    first_response=NO_TIME, promises=Promises(0, 0, 0, 0, 0, 0),
                    escalations=Escalations(0, 0, 0, 0, NO_TIME), satisfaction=Satisfaction(0, (), None))  # fmt: skip
    document = draft(OCTOBER, nothing, None, "en")
    assert document.paragraphs(SectionKey.OPENING) == (
        "In October 2026 (2026-10-01 to 2026-10-31) no complaint was received; the previous period had 0.",
    )
    assert document.paragraphs(SectionKey.ACHIEVEMENTS) == (EN.ach_none,)
    assert [f.key for f in document.figures] == ["total"]


def test_the_periods_the_office_chooses() -> None:
    assert (period_of("half_year", dt.date(2026, 8, 9)).first, period_of("half_year", dt.date(2026, 8, 9)).last) == (
        dt.date(2026, 7, 1), dt.date(2026, 12, 31))  # fmt: skip
    assert period_kind_of(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == "month"
    assert period_kind_of(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == "quarter"
    assert period_kind_of(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == "half_year"
    assert period_kind_of(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "year"
    assert period_kind_of(dt.date(2026, 10, 2), dt.date(2026, 10, 31)) == "custom"


def test_a_figure_opens_the_complaints_behind_it(seeded: Desk) -> None:
    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉") for day in (1, 15, 31)]  # fmt: skip
    rows.append(dict(received_at=dt.datetime(2026, 11, 1, 12), received_by=seeded.manager.id, narrative="x",
                     demand="y"))  # fmt: skip
    Complaint.insert_many(rows).execute()
    october = [c.id for c in Complaint.select().where(Complaint.received_at < dt.datetime(2026, 11, 1))]
    document = draft(OCTOBER, quiet(), None, "zh_CN")
    total = next(f for f in document.figures if f.key == "total")
    filters = register_filters(total.filters)
    assert (filters.received_from, filters.received_to) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert sorted(figure_complaints(total)) == sorted(october)


def test_recovery_from_third_parties_and_what_is_still_outstanding(empty: None) -> None:
    document = draft(OCTOBER, quiet(), cost_of("400", due="300", recovered="120"), "zh_CN")
    assert "对负有责任的供应商、合作方追偿300.00元，已追回120.00元。" in document.paragraphs(SectionKey.ACHIEVEMENTS)
    assert document.paragraphs(SectionKey.PROBLEMS) == ("向第三方追偿的款项中尚有180.00元未追回。",)
    assert [(f.key, f.value) for f in document.figures if f.key in ("recovered", "outstanding")] == [
        ("recovered", "120.00元"), ("outstanding", "180.00元")]  # fmt: skip


def test_the_figures_no_filter_can_say_are_looked_up_when_opened(seeded: Desk) -> None:
    from models.customer import Customer

    customer = Customer.create(phone="13800000001", name="王女士")
    late = dt.datetime(2026, 10, 5, 12)
    rows = [
        dict(received_at=late, received_by=seeded.manager.id, narrative="a", demand="b", customer=customer.id,
             promised_at=late + dt.timedelta(minutes=15)),
        dict(received_at=late + dt.timedelta(days=3), received_by=seeded.manager.id, narrative="a", demand="b",
             customer=customer.id),
        dict(received_at=late, received_by=seeded.manager.id, narrative="c", demand="d"),
        # Answered after its promised time, then declined: waiting again (the register's "Overdue only" lists it)
        dict(received_at=late, received_by=seeded.manager.id, narrative="e", demand="f", state="declined",
             promised_at=late + dt.timedelta(minutes=15)),
    ]  # fmt: skip
    Complaint.insert_many(rows).execute()
    first, second, _other, answered_late = [c.id for c in Complaint.select().order_by(Complaint.id)]
    Proposal.create(complaint=answered_late, seq=1, created_at=late + dt.timedelta(hours=2), created_by=seeded.manager,
                    status="declined", answer="declined")  # fmt: skip
    promises = Promises(promised=2, kept=0, late=1, overdue=1, pending=0, ended_unanswered=0)
    repeat = RepeatCustomers(customers=2, repeat_customers=1, repeat_complaints=2, returning_complaints=0)
    document = draft(OCTOBER, quiet(promises=promises, repeat=repeat), None, "zh_CN")
    by_key = {f.key: f for f in document.figures}
    assert by_key["repeat"].filters["query"] == "repeat", "kept as a look-up, run when opened"
    assert figure_complaints(by_key["repeat"]) == [second, first]
    # Each figure lists what it counts (review 103: 7 listed behind "2 still unanswered", 2,082 behind 2,080).
    assert figure_complaints(by_key["promises_late"]) == [answered_late]
    assert figure_complaints(by_key["overdue"]) == [first]
    assert figure_complaints(by_key["promises_kept"]) == [], "none answered by its promised time"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh_CN", "超出值班经理权限上报办公室39件（共上报40次，有的投诉上报不止一次），已决定40次"),
        ("en", "39 complaints beyond the duty managers' authority went to the office, 40 times in all (some more "
               "than once); 40 of the sendings were decided"),
    ],
)  # fmt: skip
def test_a_case_sent_to_the_office_twice_is_not_decided_more_often_than_sent(
    empty: None, language: str, said: str
) -> None:
    """Review 103: "上报办公室39件，已决定40件" (the cases counted once, their decisions each time)."""
    escalations = Escalations(cases=39, escalations=40, decided=40, waiting=0, wait=Durations(40, 30, 60))
    document = draft(OCTOBER, quiet(escalations=escalations), None, language)
    assert said in " ".join(document.paragraphs(SectionKey.OPENING) + document.paragraphs(SectionKey.ACHIEVEMENTS))


def test_rates_are_compared_with_the_previous_period_and_a_worse_one_is_a_shortcoming(empty: None) -> None:
    before = quiet(total=100, closed=90, first_response=Durations(95, 20, 50),
                   satisfaction=Satisfaction(answered=90, by_score=((5, 90),), average=5.0))  # fmt: skip
    document = draft(OCTOBER, quiet(), None, "zh_CN", previous=before)
    achievements, shortcomings = text(document, SectionKey.ACHIEVEMENTS), text(document, SectionKey.SHORTCOMINGS)
    # 78 of 80 closed (97.5 %) against 90 of 100 (90.0 %): better; 12 minutes against 20: better.
    assert "结案率97.5%（已结案件数÷本期受理件数）。上期为90.0%，有所改善。" in achievements
    assert "首次答复用时中位数12分钟" in achievements and "上期为20分钟，有所改善。" in achievements
    # An average of 4.29 against 5.00 is no achievement.
    assert "平均4.29分（5分制）" in shortcomings and "上期为5.00分，有所退步。" in shortcomings
    # Ratings are counted by complaint (a customer who complained twice rated twice), and said so.
    assert "70件投诉的顾客在确认处理结果时给出满意度评价" in shortcomings and "位顾客" not in shortcomings
    assert "平均4.29分" not in achievements
    satisfaction = next(f for f in document.figures if f.key == "satisfaction")
    assert satisfaction.compared == "上期为5.00分，有所退步。"
    # A rate compared is shown beside its own count: a count set against the previous period's share read oddly.
    closed = next(f for f in document.figures if f.key == "closed")
    assert (closed.value, closed.compared) == ("78件（97.5%）", "上期为90.0%，有所改善。")


def test_hot_spots_nobody_was_told_of_are_counted_and_named(open_copy: OpenCopy, demo_database: Path) -> None:
    """Detection finds hot-spots a quick case or a bulk load told nobody of: the analysis counts them and the
    summary names them under its problems (it counted only the desk's notices before)."""
    from models.analysis.report import analyse
    from models.analysis.summary import generate
    from models.control.hotspots import active_hotspots

    open_copy(demo_database)
    now = DEMO_NOW
    active = {spot.key.text for spot in active_hotspots(now.date())}
    assert active, "the seeded demo has hot-spots today"
    month = Period.of(PeriodKind.MONTH, now.date())
    counted = {row.key.text for row in analyse(month, now=now).figures.improvement.hotspots}
    assert active <= counted
    _, document = generate("month", month.first, month.last, "zh_CN", now=now)
    assert ZH.pr_hotspots.format(n=len(counted)) in document.paragraphs(SectionKey.PROBLEMS)
    # Their complaints are their groups' in the month (it listed the desk's notices: none, and an empty list
    # opened the register on every complaint).
    figure = next(f for f in document.figures if f.key == "hotspots")
    expected = set()
    for text in counted:
        key = HotspotKey.from_text(text)
        since = min(month.first, key.since - dt.timedelta(days=6))  # the week that raised it too
        expected.update(hotspot_complaints(key.kind, key.scope, key.value, since, month.last))
    assert expected and set(figure_complaints(figure)) == expected


def test_a_year_earlier_before_the_first_record_is_said_to_have_no_records(empty: None) -> None:
    """A desk's first year has no same period a year earlier: the opening says so instead of "去年同期为0件";
    nor has a year whose same period is recorded from its middle on (its 5 days are no month)."""
    first_year = quiet(total_last_year=0, records_from=OCTOBER.first - dt.timedelta(days=100))
    partly = quiet(total_last_year=5, records_from=OCTOBER.last_year().last - dt.timedelta(days=4))
    for figures in (first_year, partly):
        opening = text(draft(OCTOBER, figures, cost_of("400"), "zh_CN"), SectionKey.OPENING)
        assert "去年同期无完整记录。" in opening and "去年同期为" not in opening
        english = text(draft(OCTOBER, figures, cost_of("400"), "en"), SectionKey.OPENING)
        assert "there are no complete records of the same period a year earlier." in english
    kept = quiet(records_from=OCTOBER.last_year().first)
    assert "去年同期为90件。" in text(draft(OCTOBER, kept, cost_of("400"), "zh_CN"), SectionKey.OPENING)


def test_an_english_count_settles_its_plural_and_its_verb() -> None:
    """Every English sentence with a count says it as English does: "1 of this period's complaints are not closed
    yet" and "1 hot-spot …, 1 of them …, among them" read so."""
    from models.analysis.summary import EN, ZH, say

    assert say(EN.pr_open, n=1) == "1 of this period's complaints is not closed yet."
    assert say(EN.pr_open, n="1,234") == "1,234 of this period's complaints are not closed yet."
    assert say(EN.assessment_mixed, count=1).startswith("Overall, complaint control was broadly steady, but 1 "
                                                        "shortcoming remains;")  # fmt: skip
    assert say(EN.pr_actions_overdue, n=1) == "1 improvement action is past its due date and not done."
    assert say(EN.sh_escalations_waiting, waiting=2) == "2 complaints still await the office's decision."
    one = say(EN.sh_hotspots, count=1, without=1, items="“窗口” at 前台")
    assert one == "Hot-spots: 1 hot-spot arose in the period, without an improvement action verified effective: " \
                  "“窗口” at 前台."  # fmt: skip
    assert say(ZH.pr_open, n=1) == "本期受理的投诉中，尚有1件未结案。"
    # Every English sentence with every count 1 (and its nested counts): no plural noun or verb left over.
    import re
    import string

    wrong = re.compile(r"\b1 (?:[a-z-]+ )?(?:complaints|customers|hot-spots|actions|shortcomings)\b"
                       r"|\b1 (?:are|were|have)\b|\b1 of them are\b|\(s\)")  # fmt: skip
    for name in EN.__dataclass_fields__:
        template = getattr(EN, name)
        if not isinstance(template, str):
            continue
        fields = {field.split(".")[0] for _, field, _, _ in string.Formatter().parse(template) if field}
        said = say(template, **dict.fromkeys(fields | {"without"}, 1))
        assert not wrong.search(said), (name, said)


def test_a_period_not_over_praises_no_fall_and_says_its_figures_are_so_far(empty: None) -> None:
    """December so far against the whole of November read "down 78.2 %" under the achievements."""
    fewer = quiet(total=30, total_previous=100)
    over = draft(OCTOBER, fewer, None, "zh_CN", today=OCTOBER.last + dt.timedelta(days=1))
    assert ZH.ach_total_down.split("{")[0] in text(over, SectionKey.ACHIEVEMENTS)
    so_far = draft(OCTOBER, fewer, None, "zh_CN", today=dt.date(2026, 10, 15))
    assert ZH.ach_total_down.split("{")[0] not in text(so_far, SectionKey.ACHIEVEMENTS)
    said = "至2026年10月15日共受理顾客投诉30件；本期尚未结束，投诉件数不与上期和去年同期比较。"
    assert said in text(so_far, SectionKey.OPENING)
    assert "尚未结束" not in text(over, SectionKey.OPENING)
    # Its weeks counted through that day: the chart's last week is part of one (ui/paper/work_summary.py stars it).
    assert so_far.charts.counted_through == "2026-10-15" and so_far.weeks_through == dt.date(2026, 10, 15)
    assert over.weeks_through == OCTOBER.last


def test_figures_of_escalations_compensation_first_response_and_promises_kept_list_their_own_complaints(
    open_copy: OpenCopy, demo_database: Path
) -> None:
    """They opened every complaint of the period."""
    from models.analysis.report import analyse
    from models.analysis.summary import generate

    open_copy(demo_database)
    month = Period.of(PeriodKind.MONTH, DEMO_NOW.date()).previous()  # a whole month of the demo
    analysis = analyse(month, now=DEMO_NOW)
    _, document = generate("month", month.first, month.last, "zh_CN", now=DEMO_NOW)
    by_key = {f.key: f for f in document.figures}
    f = analysis.figures
    assert len(figure_complaints(by_key["escalations"])) == f.escalations.cases > 0
    assert analysis.cost is not None
    assert len(figure_complaints(by_key["cost"])) == analysis.cost.compensated > 0
    assert len(figure_complaints(by_key["first_response"])) == f.first_response.count > 0
    assert f.first_response.count < f.total, "not every complaint of the month"
    # Answered by the promised time: it opened no list at all.
    assert len(figure_complaints(by_key["promises_kept"])) == f.promises.kept > 0


AFTER = dt.date(2026, 12, 7)  # the periods below are over


@pytest.mark.parametrize(
    ("language", "opening"),
    [
        ("en", "From 2026-11-02 to 2026-11-08 the desk received 80 complaints"),
        ("zh_CN", "2026年11月2日至2026年11月8日，共受理顾客投诉80件"),
    ],
)
def test_a_period_named_by_its_dates_says_them_once(empty: None, language: str, opening: str) -> None:
    """"In 2026-11-02 to 2026-11-08 (2026-11-02 to 2026-11-08) the desk received…"; a month keeps its dates."""
    week = Period.custom(dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    document = draft(week, quiet(), None, language, kind="custom", today=AFTER)
    assert text(document, SectionKey.OPENING).startswith(opening)
    assert text(document, SectionKey.OPENING).count("2026-11-02") == (1 if language == "en" else 0)
    month = draft(OCTOBER, quiet(), None, language, today=AFTER)
    assert text(month, SectionKey.OPENING).startswith(
        "In October 2026 (2026-10-01 to 2026-10-31) the desk received"
        if language == "en"
        else "2026年10月（2026-10-01至2026-10-31），共受理"
    )
    empty_week = quiet(total=0, closed=0, withdrawn=0, by_category=())
    assert draft(week, empty_week, None, language, kind="custom", today=AFTER).paragraphs(SectionKey.OPENING)[0] == (
        "From 2026-11-02 to 2026-11-08 no complaint was received; the previous period had 100."
        if language == "en"
        else "2026年11月2日至2026年11月8日，未受理顾客投诉；上期为100件。"
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh_CN", "首次答复用时中位数7.3小时，90%的投诉在2.3天内给出处理方案或上报办公室"
                  "（从受理到首个处理方案，共78件）。上期为7.3小时，基本持平。"),
        ("en", "The median time to the first response was 7.3 h; nine in ten complaints had a proposal or went to the "
               "office within 2.3 days (from receipt to the first proposal, over 78 complaints). The previous period: "
               "7.3 h, about the same."),
    ],
)  # fmt: skip
def test_durations_are_written_as_the_analysis_page_writes_them(empty: None, language: str, said: str) -> None:
    """"90%的投诉在930分钟内", "结案用时中位数440分钟" while the Analysis page writes 15.5 小时; and two times shown
    alike are no change (438 and 440 minutes are both 7.3 h: not "worse")."""
    now = quiet(first_response=Durations(78, 440, 3291), escalations=Escalations(5, 5, 5, 0, Durations(5, 930, 960)))
    before = quiet(first_response=Durations(90, 438, 3000))
    document = draft(OCTOBER, now, None, language, today=AFTER, previous=before)
    # About the same, and compared with nothing: stated in the overview, neither achievement nor shortcoming.
    assert said in text(document, SectionKey.OPENING)
    assert ("15.5小时" if language == "zh_CN" else "median wait of 15.5 h") in text(document, SectionKey.OPENING)
    figures = {figure.key: figure for figure in document.figures}
    assert figures["first_response"].value == ("7.3小时" if language == "zh_CN" else "7.3 h")
    short = draft(OCTOBER, quiet(first_response=Durations(78, 12, 119)), None, language, today=AFTER)
    assert ("12分钟" if language == "zh_CN" else "12 min") in text(short, SectionKey.OPENING)
    assert ("119分钟" if language == "zh_CN" else "within 119 min") in text(short, SectionKey.OPENING)


def test_the_two_kinds_of_case_compared_take_one_unit_of_time(empty: None) -> None:
    """"结案用时中位数110分钟" beside "结案用时中位数7.0小时" in one sentence: the shorter in the longer's unit."""
    replace = dataclasses.replace
    cost = cost_of("400")
    small = CaseSize(EffectRow(20, Decimal("500"), 10, 4.2, 0), Durations(20, 110, 200))
    large = CaseSize(EffectRow(5, Decimal("3000"), 4, 3.5, 1), Durations(5, 420, 900))
    lessons = text(draft(OCTOBER, quiet(), replace(cost, small=small, large=large), "zh_CN"), SectionKey.LESSONS)
    assert "结案用时中位数1.8小时" in lessons and "结案用时中位数7.0小时" in lessons, lessons
    both_short = replace(cost, small=small, large=replace(large, closing=Durations(5, 95, 100)))
    lessons = text(draft(OCTOBER, quiet(), both_short, "zh_CN"), SectionKey.LESSONS)
    assert "结案用时中位数110分钟" in lessons and "结案用时中位数95分钟" in lessons, lessons


def channels(*counts: tuple[str, str, int]) -> ExternalFigures:
    shares = tuple(Share(i, name, name_en, n) for i, (name, name_en, n) in enumerate(counts, 1))
    return ExternalFigures(total=sum(n for *_, n in counts), closed=1, overdue=0, by_channel=shares, by_outcome=())


def test_external_channels_are_a_sentence_in_english_too(empty: None) -> None:
    """"(12315 platform 1 and 12345 hotline 1)" read as labels."""
    two = channels(("全国12315平台", "12315 platform", 1), ("12345政务服务便民热线", "12345 hotline", 1))
    assert ("External cases: 2 complaints were taken by the customer to outside bodies, 1 through the 12315 platform "
            "and 1 through the 12345 hotline; 1 of them is closed.") in text(
        draft(OCTOBER, quiet(external=two), None, "en", today=AFTER), SectionKey.SHORTCOMINGS)  # fmt: skip
    assert "越级投诉：2件投诉被顾客反映到外部渠道，其中全国12315平台1件、12345政务服务便民热线1件，已办结1件。" in text(
        draft(OCTOBER, quiet(external=two), None, "zh_CN", today=AFTER), SectionKey.SHORTCOMINGS
    )
    one = channels(("市场监督管理部门", "Market regulator", 1))
    # One case: "it is closed", not "1 of them is closed".
    assert ("External cases: 1 complaint was taken by the customer to an outside body through the market regulator; "
            "it is closed.") in text(draft(OCTOBER, quiet(external=one), None, "en", today=AFTER),
                                     SectionKey.SHORTCOMINGS)  # fmt: skip
    assert "越级投诉：1件投诉被顾客反映到市场监督管理部门，已办结。" in text(
        draft(OCTOBER, quiet(external=one), None, "zh_CN", today=AFTER), SectionKey.SHORTCOMINGS
    )
    open_one = channels(("市场监督管理部门", "Market regulator", 1))
    open_one = dataclasses.replace(open_one, closed=0)
    assert "through the market regulator; it is not closed yet." in text(
        draft(OCTOBER, quiet(external=open_one), None, "en", today=AFTER), SectionKey.SHORTCOMINGS
    )
    many = channels(("全国12315平台", "12315 platform", 5), ("12345政务服务便民热线", "12345 hotline", 4),
                    ("总部/上级单位", "Head office", 3), ("其他外部渠道", "Other", 2),
                    ("人民法院", "Court", 1))  # fmt: skip
    assert ("5 through the 12315 platform, 4 through the 12345 hotline, 3 through the head office and 3 through "
            "other channels;") in text(draft(OCTOBER, quiet(external=many), None, "en", today=AFTER),
                                       SectionKey.SHORTCOMINGS)  # fmt: skip
    assert "其中全国12315平台5件、12345政务服务便民热线4件、总部/上级单位3件、其他外部渠道3件，已办结1件。" in text(
        draft(OCTOBER, quiet(external=many), None, "zh_CN", today=AFTER), SectionKey.SHORTCOMINGS
    )


def test_catalogue_names_inside_an_english_sentence_begin_in_lower_case(empty: None) -> None:
    """"Complaints about Food quality fell…"; an acronym, a number or a proper word keeps its capital."""
    from models.analysis.summary import in_sentence

    document = draft(OCTOBER, quiet(), None, "en", today=AFTER)
    assert ("The complaints most often concerned food quality (50, 62.5%) and staff attitude (30, 37.5%)."
            in text(document, SectionKey.OPENING))  # fmt: skip
    assert "Complaints about food quality fell from 60 to 50." in text(document, SectionKey.ACHIEVEMENTS)
    labels = {figure.label for figure in document.figures}
    assert "Complaints: Food quality" in labels, "a label begins its line"
    assert [b.label for b in document.charts.by_category] == ["Food quality", "Staff attitude"]
    for name in ("VIP lounge", "12315 platform", "Wi-Fi", "Chinese restaurant", "KTV room", "B1 car park"):
        assert in_sentence(name, "en") == name
    assert in_sentence("Front desk", "en") == "front desk"
    assert in_sentence("菜品质量", "zh_CN") == "菜品质量" and in_sentence("Food quality", "zh_CN") == "Food quality"


def test_a_hot_spot_s_location_is_named_in_english(empty: None) -> None:
    """"Hot-spot: “窗口” at 前台" although the location catalogue says 前台 | Front desk; the phrase stays the
    customers' words."""
    group = Group(GroupKind.PHRASE_LOCATION, "前台", "窗口", "窗口", "前台", "", "Front desk")
    row = HotspotRow(HotspotKey(*group.key, dt.date(2026, 10, 20)), group, 6, (ActionState.IN_PROGRESS.value,))
    improvement = ImprovementFigures(hotspots=(row,), actions=1, open=1, done=0, effective=0, not_effective=0,
                                     overdue=0, completed_in_period=0)  # fmt: skip
    english = draft(OCTOBER, quiet(improvement=improvement), None, "en", today=AFTER)
    said = "1 hot-spot arose in the period (“窗口” at front desk), without an improvement action verified effective."
    assert said in text(english, SectionKey.SHORTCOMINGS)
    chinese = draft(OCTOBER, quiet(improvement=improvement), None, "zh_CN", today=AFTER)
    assert "（前台涉及“窗口”的投诉）" in text(chinese, SectionKey.SHORTCOMINGS), "not 前台的“窗口”: the desk's window"


def test_counts_are_grouped_as_the_money_beside_them(empty: None) -> None:
    """"2815件" and "上升1421.6%" beside "54,970.00元"."""
    year = quiet(total=2815, total_previous=185, closed=2675, withdrawn=140)
    chinese = text(draft(OCTOBER, year, cost_of("54970"), "zh_CN", today=AFTER), SectionKey.OPENING)
    assert "共受理顾客投诉2,815件，比上期185件增加2,630件，上升1,421.6%" in chinese
    english = draft(OCTOBER, year, cost_of("54970"), "en", today=AFTER)
    assert "the desk received 2,815 complaints, up 2,630 (1,421.6%) from 185" in text(english, SectionKey.OPENING)
    assert {figure.key: figure.value for figure in english.figures}["total"] == "2,815"


def test_a_figure_of_more_than_500_complaints_lists_them_all(seeded: Desk) -> None:
    """At a million complaints "上报办公室：13,242件" opened the register with 500 of them ("共 500 件投诉")."""
    from models.analysis.summary_document import Figure

    received = dt.datetime(2026, 10, 5, 12)
    Complaint.insert_many(
        [dict(received_at=received, received_by=seeded.manager.id, narrative="a", demand="b") for _ in range(700)]
    ).execute()
    ids = [c.id for c in Complaint.select(Complaint.id)]
    kept = Figure("escalated", "上报办公室", "700件", 700, filters={"ids": ids})
    assert len(figure_complaints(kept)) == 700


def test_a_chinese_draft_writes_chinese_dates_measure_words_and_units(empty: None) -> None:
    """Review d: 截至2026-11-03 in the prose beside a title of 2026年10月, "存在8方面的不足" without its measure
    word, and the appendix's "顾客满意度平均分 4.02" beside "上期为4.02分"."""
    rising = (CountRow(1, "菜品质量", "Food quality", 90, 60, 55),)
    document = draft(OCTOBER, quiet(total=130, by_category=rising), None, "zh_CN")
    opening = text(document, SectionKey.OPENING)
    assert "截至2026年11月3日" in opening and "2026-11-03" not in opening
    assert "截至2026年11月3日，本期受理的投诉中已结案" in opening, "not 其中 of nothing named before it"
    assert "存在2个方面的不足" in opening
    satisfaction = next(f for f in document.figures if f.key == "satisfaction")
    assert satisfaction.value == "4.29分"
    english = draft(OCTOBER, quiet(), None, "en")
    assert "As of 2026-11-03" in text(english, SectionKey.OPENING)
    assert next(f for f in english.figures if f.key == "satisfaction").value == "4.29"


def test_a_hot_spot_that_rose_and_died_down_inside_the_period_is_counted(
    open_copy: OpenCopy, demo_database: Path
) -> None:
    """The analysis counted the hot-spots the desk told the office of and those active at the period's end: one
    that rose and died down inside it, told to nobody, was missing (the summer's air conditioning from the third
    quarter's summary). Each day of a period is judged once a week."""
    from models.analysis.figures import figures
    from models.control.hotspot_notices import HotspotNotice
    from models.control.hotspots import hotspots_as_read

    open_copy(demo_database)
    told = {n.hotspot_key for n in HotspotNotice.select()}
    found = None
    day = DEMO_NOW.date() - dt.timedelta(days=30)
    while found is None and day > DEMO_NOW.date() - dt.timedelta(days=400):
        for spot in hotspots_as_read(day):
            later = {s.group.key for s in hotspots_as_read(day + dt.timedelta(days=35))}
            if spot.key.text not in told and spot.group.key not in later and not spot.related:
                found = (day, spot)
                break
        day -= dt.timedelta(days=7)
    assert found is not None, "the demo has a hot-spot nobody was told of, over within five weeks"
    day, spot = found
    period = Period.custom(spot.judgement.first_day, day + dt.timedelta(days=35))  # its complaints, not its end
    rows = figures(period, now=DEMO_NOW).improvement.hotspots
    assert spot.group.key in {row.group.key for row in rows}
    row = next(row for row in rows if row.group.key == spot.group.key)
    assert row.complaints >= spot.count, "its group's complaints in the period, those of its window among them"


def test_a_one_day_period_is_named_by_its_day() -> None:
    from models.analysis.summary import period_title

    day = dt.date(2026, 8, 10)
    assert period_title("custom", day, day, "zh_CN") == "2026年8月10日"
    assert period_title("custom", day, day, "en") == "2026-08-10"
    assert period_title("custom", day, day + dt.timedelta(days=1), "zh_CN") == "2026年8月10日至2026年8月11日"


def test_the_category_other_reads_as_other_matters_in_english(empty: None) -> None:
    rising = (CountRow(9, "其他", "Other", 11, 7, 5),)
    shortcomings = text(draft(OCTOBER, quiet(total=130, by_category=rising), None, "en"), SectionKey.SHORTCOMINGS)
    assert "Complaints about other matters rose from 7 to 11." in shortcomings, "not 'about other rose'"


def test_a_hot_spot_on_complaints_before_the_period_is_none_of_it(open_copy: OpenCopy, demo_database: Path) -> None:
    """Active on a day early in the period only because its window reaches back four weeks: not the period's."""
    from models.analysis.figures import _in_period, figures
    from models.control.hotspot_notices import HotspotNotice
    from models.control.hotspots import hotspots_as_read

    open_copy(demo_database)
    told = {n.hotspot_key for n in HotspotNotice.select()}
    day = DEMO_NOW.date() - dt.timedelta(days=30)
    checked = 0
    while day > DEMO_NOW.date() - dt.timedelta(days=400) and not checked:
        for spot in hotspots_as_read(day):
            if spot.key.text in told or spot.related:
                continue
            period = Period.custom(spot.judgement.last_day, day + dt.timedelta(days=35))
            later = {s.key.text for s in hotspots_as_read(period.last)}
            if spot.key.text in later or _in_period([spot.key.text], period)[spot.key.text]:
                continue
            assert spot.group.key not in {row.group.key for row in figures(period, now=DEMO_NOW).improvement.hotspots}
            checked += 1
            break
        day -= dt.timedelta(days=7)
    assert checked, "the demo has such a hot-spot"
