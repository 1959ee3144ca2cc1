"""What the work summary's draft praises, blames or only states: an achievement is a figure that improved on a
comparable earlier one (or meets the code's own standard), a shortcoming one that got clearly worse; a figure
compared with nothing, or about the same, is stated in the overview (成绩基本不夸大，缺点基本不缩小)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from models.analysis.figures import CountRow, Durations, ExternalFigures, Promises, Satisfaction, Share
from models.analysis.summary import EN, ZH, draft
from models.analysis.summary_document import SectionKey, SummaryDocument
from tests.models.test_summary_draft import OCTOBER, quiet, text

AFTER = OCTOBER.last + dt.timedelta(days=5)


def everything(document: SummaryDocument) -> str:
    said = [p for s in document.sections for p in s.paragraphs]
    return "\n".join([*said, *(f.compared for f in document.figures)])


@pytest.fixture
def empty(database: object) -> None:
    """A migrated database: the draft looks up the complaints behind some figures."""


def first_month(**changes: object) -> object:
    """A desk's first month: three complaints, each rated 3 of 5, nothing recorded before."""
    first = dict(total=3, total_previous=0, total_last_year=0, closed=3, withdrawn=0,
                 by_category=(CountRow(1, "菜品质量", "Food quality", 3, 0, 0),),
                 first_response=Durations(3, 15, 30), promises=Promises(0, 0, 0, 0, 0, 0),
                 satisfaction=Satisfaction(answered=3, by_score=((3, 3),), average=3.0),
                 records_from=OCTOBER.first)  # fmt: skip
    return quiet(**{**first, **changes})


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_first_period_compared_with_nothing_claims_no_improvement(empty: None, language: str) -> None:
    """ "平均3.00分…其中4分及以上0件，占0.0%" stood under 成绩, and "主要指标较上期改善" beside "上期无完整记录"."""
    words = ZH if language == "zh_CN" else EN
    document = draft(OCTOBER, first_month(), None, language, today=AFTER)
    achievements = text(document, SectionKey.ACHIEVEMENTS)
    rated = "平均3.00分（5分制）" if language == "zh_CN" else "on average 3.00 out of 5"
    assert rated not in achievements and rated in text(document, SectionKey.OPENING)
    closed = "结案率100.0%" if language == "zh_CN" else "a closing rate of 100.0%"
    assert closed not in achievements and closed in text(document, SectionKey.OPENING)
    assert document.paragraphs(SectionKey.ACHIEVEMENTS) == (words.ach_none,)
    assert words.no_previous in text(document, SectionKey.OPENING)
    assert document.paragraphs(SectionKey.OPENING)[-1] == words.assessment_steady
    assert ("较上期改善" if language == "zh_CN" else "improved on the previous") not in everything(document)


def test_a_period_with_nothing_better_and_nothing_worse_is_steady_not_improved(empty: None) -> None:
    level = quiet(total=100, total_previous=100, by_category=(CountRow(1, "菜品质量", "Food quality", 100, 100, 90),))
    document = draft(OCTOBER, level, None, "zh_CN", today=AFTER, previous=level)
    assert document.paragraphs(SectionKey.OPENING)[-1] == ZH.assessment_steady
    assert "基本持平" in text(document, SectionKey.OPENING), "the figures about the same are stated in the overview"
    better = dataclasses.replace(level, closed=70)  # 70 % closed before, 78 % now: better
    improved = draft(OCTOBER, level, None, "zh_CN", today=AFTER, previous=better)
    assert improved.paragraphs(SectionKey.OPENING)[-1] == ZH.assessment_good
    assert "有所改善" in text(improved, SectionKey.ACHIEVEMENTS)


def test_promises_kept_meet_the_standard_without_a_comparison(empty: None) -> None:
    """PROMISES_WELL_KEPT is the code's own absolute standard: 3 of 3 kept is an achievement in a first month."""
    document = draft(OCTOBER, first_month(promises=Promises(3, 3, 0, 0, 0, 0)), None, "zh_CN", today=AFTER)
    assert "按时答复3件，兑现率100.0%" in text(document, SectionKey.ACHIEVEMENTS)


def test_the_chart_has_no_previous_bars_when_the_previous_period_is_not_comparable(empty: None) -> None:
    """A half-year beside 24 days of the one before read as an eightfold rise under "上期无完整记录，不作比较"."""
    partly = quiet(records_from=OCTOBER.previous().first + dt.timedelta(days=6))
    document = draft(OCTOBER, partly, None, "zh_CN", today=AFTER)
    bars = [(bar.label, bar.previous) for bar in document.charts.by_category]
    assert bars == [("菜品质量", None), ("服务态度", None)]
    so_far = draft(OCTOBER, quiet(), None, "zh_CN", today=dt.date(2026, 10, 15))
    assert all(bar.previous is None for bar in so_far.charts.by_category), "a month so far beside a whole one"
    whole = draft(OCTOBER, quiet(), None, "zh_CN", today=AFTER)
    assert [bar.previous for bar in whole.charts.by_category] == [60, 40]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_period_not_over_tells_no_fall(empty: None, language: str) -> None:
    """ "比上期522件减少265件，下降50.8%" and then "…不作为下降"."""
    words = ZH if language == "zh_CN" else EN
    fewer = quiet(total=257, total_previous=522)
    document = draft(OCTOBER, fewer, None, language, today=dt.date(2026, 10, 15))
    said = everything(document)
    for fall in ("减少", "下降", "522") if language == "zh_CN" else ("down ", "fall", "522"):
        assert fall not in said, fall
    opening = document.paragraphs(SectionKey.OPENING)[0]
    assert opening == (
        "2026年10月（2026-10-01至2026-10-31），至2026年10月15日共受理顾客投诉257件；本期尚未结束，投诉件数不与上期和去年同期比较。"
        if language == "zh_CN"
        else "In October 2026 (2026-10-01 to 2026-10-31) the desk received 257 complaints up to 2026-10-15; the period "
        "is not over, so the number is not compared with the previous period or the same period a year earlier."
    )
    assert next(f for f in document.figures if f.key == "total").compared == words.not_over
    # More than the whole previous period already: a rise all the same, told as one.
    more = draft(OCTOBER, quiet(total=130), None, language, today=dt.date(2026, 10, 15))
    rise = "比上期100件增加30件" if language == "zh_CN" else "up 30 (30.0%) from 100"
    assert rise in text(more, SectionKey.SHORTCOMINGS)


def satisfaction(average: float, answered: int = 234) -> Satisfaction:
    return Satisfaction(answered=answered, by_score=((4, answered),), average=average)


@pytest.mark.parametrize(
    ("before", "now", "answered", "said"),
    [
        (4.00, 3.98, 234, "基本持平"),  # the reviewer's: not "有所退步"
        (4.00, 3.80, 234, "基本持平"),  # a fifth farther from 5 exactly: as a category's rise, not yet
        (4.00, 3.79, 234, "有所退步"),  # past a fifth
        (3.79, 4.00, 234, "有所改善"),
        (5.00, 4.98, 100, "基本持平"),  # 2 points' worth over 100 ratings: less than RISE_MIN complaints
        (5.00, 4.97, 100, "有所退步"),  # 3 points' worth
    ],
)
def test_a_tiny_change_in_satisfaction_is_no_shortcoming(
    empty: None, before: float, now: float, answered: int, said: str
) -> None:
    earlier = quiet(satisfaction=satisfaction(before, answered))
    document = draft(OCTOBER, quiet(satisfaction=satisfaction(now, answered)), None, "zh_CN", today=AFTER,
                     previous=earlier)  # fmt: skip
    sentence = next(p for s in document.sections for p in s.paragraphs if f"平均{now:.2f}分" in p)
    assert sentence.endswith(f"上期为{before:.2f}分，{said}。")
    where = {"有所退步": SectionKey.SHORTCOMINGS, "有所改善": SectionKey.ACHIEVEMENTS, "基本持平": SectionKey.OPENING}
    assert sentence in document.paragraphs(where[said])


def test_figures_are_judged_as_a_category_is() -> None:
    """By a fifth of the distance from the best and by RISE_MIN complaints' worth (the categories' RISE_SHARE and
    RISE_MIN): closing 95 % against 97.5 % of 80 complaints is 2 complaints, about the same."""
    from models.analysis.summary import moved

    assert moved(97.5, 95.0, 100, 0.8) == 0
    assert moved(97.5, 90.0, 100, 0.8) == 1
    assert moved(12, 20, 0, None) == 1 and moved(37, 38, 0, None) == 0 and moved(48, 40, 0, None) == 0
    assert moved(49, 40, 0, None) == -1


def test_external_cases_open_and_closed_are_one_count_everywhere(empty: None) -> None:
    """ "已办结12件" beside "对未办结的越级投诉…", and "2件…已办结0件" beside "尚有3件未办结"."""
    all_closed = ExternalFigures(total=12, closed=12, overdue=0, by_channel=(Share(1, "全国12315平台", "12315", 12),),
                                 by_outcome=(), open_now=0, overdue_now=0)  # fmt: skip
    document = draft(OCTOBER, quiet(external=all_closed), None, "zh_CN", today=AFTER)
    assert "已办结12件" in text(document, SectionKey.SHORTCOMINGS)
    assert "未办结" not in everything(document)
    assert ZH.next_external not in document.paragraphs(SectionKey.NEXT_STEPS)
    assert ZH.next_external_review in document.paragraphs(SectionKey.NEXT_STEPS)
    # Two received in the period and still open, one from before: the three open are told apart.
    carried = ExternalFigures(total=2, closed=0, overdue=1, by_channel=(Share(1, "全国12315平台", "12315", 2),),
                              by_outcome=(), open_now=3, overdue_now=2)  # fmt: skip
    document = draft(OCTOBER, quiet(external=carried), None, "zh_CN", today=AFTER)
    assert "2件投诉被顾客反映到全国12315平台，其中已办结0件" in text(document, SectionKey.SHORTCOMINGS)
    assert ("越级投诉中尚有3件未办结（本期受理2件，本期以前受理1件）。其中2件已过外部机构规定的期限仍未答复。"
            in document.paragraphs(SectionKey.PROBLEMS))  # fmt: skip
    assert ZH.next_external in document.paragraphs(SectionKey.NEXT_STEPS)
    english = draft(OCTOBER, quiet(external=carried), None, "en", today=AFTER)
    assert ("3 external complaints are not closed (2 received in this period, 1 before it). 2 of them are "
            "unanswered past the outside body's deadline." in english.paragraphs(SectionKey.PROBLEMS))  # fmt: skip
