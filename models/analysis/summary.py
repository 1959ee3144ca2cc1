"""The draft of the complaint-control work summary (投诉管控工作总结), written from a period's figures in
Chinese or English (plain templates here, not Qt translations: the summary's language is the document's, not
the screen's).

Honest by rule, as the seed asks (成绩基本不夸大，缺点基本不缩小):

- every achievement states its figure, how it was counted, and the previous period's figure beside it; a fall
  is written as a fall, a rise as a rise;
- whenever they exist, the draft names under 不足 (shortcomings and their causes) and 存在的问题 (problems still
  open) promises answered late or not at all, repeat complaints, hot-spots without an action verified effective,
  and external cases (越级): these sentences are not optional, the office edits the draft afterwards;
- each figure the text states is listed with the register filter (or the complaints) behind it.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models import settings
from models.analysis.cost import CostFigures
from models.analysis.figures import CountRow, ExternalFigures, PeriodFigures, figures, records_from
from models.analysis.period import Period, PeriodKind
from models.analysis.summary_document import (
    Bar,
    Charts,
    Figure,
    Section,
    SectionKey,
    SignOff,
    SummaryDocument,
    summary_language,
    written_date,
)
from models.base import db
from models.complaint import OPEN_STATES, State
from models.control.hotspots import Group, Name
from models.control.hotspots import in_sentence as in_english_sentence
from models.control.tallies import GroupKind
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.search import Filters

LINKED_MAX = 10_000  # complaints a figure links to when no register filter can say which (500 cut a year's 13,242)
RISE_SHARE = 0.2  # a category counts as rising when it grew by a fifth and by RISE_MIN complaints
RISE_MIN = 3
NAMED_MAX = 3  # categories, hot-spots and channels named in one sentence
PROMISES_WELL_KEPT = 0.8  # a share of promises kept below this is no achievement (it shows under 不足)
PROMISES_BADLY_KEPT = 0.5  # below this share kept, the period is no "broadly steady" one, whatever else it did
SERIOUS_SHORTCOMINGS = 3  # as many shortcomings as this: control needs strengthening, the total up or not
# A rise of the total that says something: a tenth more, and at least this many complaints (45 → 46 is none).
TOTAL_RISE_SHARE, TOTAL_RISE_MIN = 0.1, 5

# --------------------------------------------------------------------------- periods


HALF_YEAR = "half_year"


def period_of(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` ("week", "month", "quarter", "half_year", "year") holding ``day``; a half-year is a
    custom period of January to June or July to December."""
    if kind == HALF_YEAR:
        if day.month <= 6:
            return Period.custom(dt.date(day.year, 1, 1), dt.date(day.year, 6, 30))
        return Period.custom(dt.date(day.year, 7, 1), dt.date(day.year, 12, 31))
    return Period.of(PeriodKind(kind), day)


class _Counting(string.Formatter):
    """str.format, and ``{n:complaint is|complaints are}``: the words for the count ``n`` (an English sentence's
    "1 complaint is", "3 complaints are"; it read "1 of this period's complaints are", "1 shortcoming(s) remain")."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if str(value).replace(",", "") == "1" else many
        if isinstance(value, int) and not isinstance(value, bool) and not format_spec:
            return f"{value:,}"  # a count grouped as the money beside it is ("2815件" beside "54,970.00元")
        return super().format_field(value, format_spec)


say = _Counting().format

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")  # fmt: skip
_QUARTERS_ZH = "一二三四"


def period_title(kind: str, first: dt.date, last: dt.date, language: str) -> str:
    """What the title calls the period: 2026年10月, 2026年第四季度, 2026年上半年, 2026年度; October 2026…"""
    zh = summary_language(language) == "zh_CN"
    if kind == "month":
        return f"{first.year}年{first.month}月" if zh else f"{_MONTHS_EN[first.month - 1]} {first.year}"
    if kind == "quarter":
        quarter = (first.month - 1) // 3 + 1
        return f"{first.year}年第{_QUARTERS_ZH[quarter - 1]}季度" if zh else f"Q{quarter} {first.year}"
    if kind == HALF_YEAR:
        if zh:
            return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
        return f"the {'first' if first.month == 1 else 'second'} half of {first.year}"
    if kind == "year":
        return f"{first.year}年度" if zh else f"{first.year}"
    if first == last:  # one day ("2026年8月10日至2026年8月10日" before)
        return _zh_date(first) if zh else first.isoformat()
    if zh:
        return f"{_zh_date(first)}至{_zh_date(last)}"
    return f"{first.isoformat()} to {last.isoformat()}"


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --------------------------------------------------------------------------- the words


@dataclass(frozen=True)
class _Words:
    """The draft's sentences in one language (str.format templates)."""

    title: str
    unit: str  # "{n} 件"
    actions_unit: str
    hotspots_unit: str  # as the text counts them: 个
    money_unit: str  # "{amount}元": a figure of money says its currency
    minutes: str
    hours: str  # to a tenth, from two hours (as the Analysis page writes a duration)
    days: str  # to a tenth, from two days
    share: str
    with_share: str  # a count and its share of the whole: a figure whose comparison is a rate
    list_sep: str
    list_last: str
    up: str
    down: str
    better: str
    worse: str
    unchanged: str
    same: str
    from_zero: str
    both_zero: str
    no_previous: str
    not_over: str  # the period is not over: no fall told against a whole previous period
    when_named: str  # the period named, its dates beside
    when_dates: str  # a period named by its dates: said once
    opening: str
    opening_no_last_year: str  # the database holds nothing of the same period a year earlier
    opening_so_far: str  # the period is not over and has fewer complaints so far: compared with nothing
    opening_empty: str
    states: str
    main_categories: str
    category_item: str
    assessment_good: str  # only when a figure improved on the previous period's
    assessment_steady: str  # nothing to regret, and nothing measured better either
    assessment_mixed: str
    assessment_concern: str
    assessment_serious: str  # not more complaints, but many shortcomings or promises mostly broken
    ach_total_down: str
    unfinished: str  # the period is not over: its figures so far
    ach_closed: str
    ach_first_response: str
    ach_promises: str
    ach_satisfaction: str
    ach_escalations: str
    ach_escalations_again: str  # some cases went to the office more than once: the decisions counted as sendings
    ach_actions: str
    ach_effective: str
    ach_category_down: str
    ach_cost: str
    ach_recovered: str
    ach_none: str
    before: str
    sh_total_up: str
    sh_category_up: str
    sh_promises_late: str
    sh_promises_overdue: str
    sh_promises_rest: str  # the rest of those promised: not due yet, or ended unanswered (the figures add up)
    sh_promises_cause: str
    sh_repeat: str
    sh_returning: str  # after the repeat complaints' sentence (it may name some of them again)
    sh_returning_alone: str  # no repeat complaint in the period: nothing to overlap with
    sh_repeat_cause: str
    sh_hotspots: str  # some of the period's hot-spots without an effective action, every one named
    sh_hotspots_all: str  # each of them without one, every one named
    sh_hotspots_among: str  # the list cut at NAMED_MAX: "including"
    sh_hotspots_cause: str
    sh_external: str
    sh_external_one: str  # all through one channel
    sh_external_single: str  # the one external case ("1 of them is closed" of one)
    external_channel: str  # a channel as the sentence names it
    external_item: str  # how many through a channel
    external_others: str  # the channels not named, or the catalogue's "other"
    sh_external_cause: str
    sh_low_scores: str
    sh_escalations_waiting: str
    sh_none: str
    lesson_first: str
    lesson_promises: str
    lesson_repeat: str
    lesson_external: str
    lesson_hotspots: str
    lesson_cost: str
    lesson_sizes: str
    pr_overdue: str
    pr_open: str
    pr_external_open: str  # open now: this period's and earlier ones'
    pr_external_open_this: str  # all of them received in the period
    pr_external_open_earlier: str  # all of them received before it
    pr_external_overdue: str
    pr_hotspots: str
    pr_actions_overdue: str
    pr_escalations: str
    pr_repeat: str
    pr_recovery: str
    pr_none: str
    next_overdue: str
    next_repeat: str
    next_hotspots: str
    next_external: str
    next_external_review: str  # every external case of the period is closed
    next_actions: str
    next_regular: str
    # figure labels
    f_total: str
    f_closed: str
    f_open: str
    f_first_response: str
    f_promises_kept: str
    f_promises_late: str
    f_overdue: str
    f_repeat: str
    f_returning: str
    f_external: str
    f_external_open: str
    f_hotspots: str
    f_hotspots_without: str
    f_satisfaction: str
    f_escalations: str
    f_actions_done: str
    f_cost: str
    f_recovered: str
    f_outstanding: str
    f_category: str
    groups: Mapping[str, str]


ZH = _Words(
    title="{organisation}{period}投诉管控工作总结",
    unit="{n}件",
    actions_unit="{n}项",
    hotspots_unit="{n}个",
    money_unit="{amount}元",
    minutes="{n}分钟",
    hours="{n}小时",
    days="{n}天",
    share="{pct}%",
    with_share="{n}件（{pct}%）",
    list_sep="、",
    list_last="和",
    up="比上期{before}件增加{diff}件，上升{pct}%",
    better="有所改善",
    worse="有所退步",  # a rate fallen or a time grown alike (not 下降: a longer time did not fall)
    unchanged="基本持平",
    down="比上期{before}件减少{diff}件，下降{pct}%",
    same="与上期{before}件持平",
    from_zero="上期为0件",
    both_zero="与上期同为0件",
    no_previous="上期无完整记录，不作比较",
    not_over="本期尚未结束，不与上期比较",
    when_named="{period}（{first}至{last}）",
    when_dates="{period}",
    opening="{when}，共受理顾客投诉{total}件，{change}；去年同期为{last_year}件。",
    opening_no_last_year="{when}，共受理顾客投诉{total}件，{change}；去年同期无完整记录。",
    opening_so_far="{when}，至{today}共受理顾客投诉{total}件；本期尚未结束，投诉件数不与上期和去年同期比较。",
    opening_empty="{when}，未受理顾客投诉；上期为{before}件。",
    states="截至{now}，本期受理的投诉中已结案{closed}件，处理中{open}件，顾客撤回{withdrawn}件。",
    unfinished="本期至{today}尚未结束，以上为至今的数字。",
    main_categories="投诉主要集中在{items}。",
    category_item="{name}（{n}件，占{pct}%）",
    assessment_good="总体看，本期投诉管控工作平稳有序，主要指标较上期改善，未发现需要特别说明的问题。",
    assessment_steady="总体看，本期投诉管控工作平稳有序，未发现需要特别说明的问题。",
    assessment_mixed="总体看，本期投诉管控工作基本平稳，但仍存在{count}个方面的不足，下文如实列出，并提出改进方向。",
    assessment_concern="总体看，本期投诉量上升，且存在{count}个方面的不足，投诉管控工作需要进一步加强，下文如实列出。",
    assessment_serious="总体看，本期投诉管控工作存在{count}个方面的明显不足，需要进一步加强，下文如实列出。",
    ach_total_down="投诉总量{total}件，{change}（按受理时间统计，同一口径比较）。",
    ach_closed="本期受理的投诉已结案{closed}件，结案率{pct}%（已结案件数÷本期受理件数）。",
    ach_first_response="首次答复用时中位数{median}，90%的投诉在{p90}内给出处理方案或上报办公室"
    "（从受理到首个处理方案，共{count}件）。",
    ach_promises="向顾客承诺答复时间的{promised}件中，按时答复{kept}件，兑现率{pct}%。",
    # Counted by complaint: a customer who complained twice rated twice.
    ach_satisfaction="{answered}件投诉的顾客在确认处理结果时给出满意度评价，平均{average}分（5分制），其中4分及以上"
    "{good}件，占{pct}%。",
    ach_escalations="超出值班经理权限上报办公室{cases}件，已决定{decided}件，从上报到决定用时中位数{median}。",
    ach_escalations_again="超出值班经理权限上报办公室{cases}件（共上报{sent}次，有的投诉上报不止一次），已决定{decided}次，"
    "从上报到决定用时中位数{median}。",
    ach_actions="本期完成整改措施{done}项。",
    ach_effective="本期提出的整改措施中，经核验有效{effective}项。",
    ach_category_down="{name}类投诉由上期{before}件降至{n}件。",
    ach_cost="本期补偿支出{total}元，平均每件{per_case}元（有补偿的投诉{cases}件）。",
    ach_recovered="对负有责任的供应商、合作方追偿{due}元，已追回{recovered}元。",
    ach_none="本期没有可以用数字证明的突出成绩。",
    before="上期为{before}，{direction}。",
    sh_total_up="投诉总量{total}件，{change}。",
    sh_category_up="{name}类投诉由上期{before}件增至{n}件，增幅明显。",
    sh_promises_late="承诺未兑现：向顾客承诺答复时间的{promised}件中，按时答复{kept}件（{pct}%），超时答复{late}件。",
    sh_promises_overdue="另有{overdue}件至今仍未答复，已超过承诺时间。",
    sh_promises_rest="其余{rest}件尚未到承诺时间，或在答复前已撤回、转办。",
    sh_promises_cause="原因：调查和处理环节的时限管理不到位，承诺时间未能得到跟踪和督促。",
    sh_repeat="重复投诉：{customers}位顾客在本期投诉两次及以上，共{complaints}件。",
    sh_returning="本期有{returning}件投诉来自此前90天内投诉过的顾客（可能与上述重复投诉有交叉）。",
    sh_returning_alone="本期有{returning}件投诉来自此前90天内投诉过的顾客。",
    sh_repeat_cause="原因：前次投诉反映的问题没有得到彻底解决，回访和跟踪不够。",
    sh_hotspots="热点问题：本期出现热点投诉{count}个，其中{without}个尚无经核验有效的整改措施，即{items}。",
    sh_hotspots_all="热点问题：本期出现热点投诉{count}个（{items}），{count:尚|均尚}无经核验有效的整改措施。",
    sh_hotspots_among="热点问题：本期出现热点投诉{count}个，其中{without}个尚无经核验有效的整改措施，包括{items}等。",
    sh_hotspots_cause="原因：同类问题反复发生，整改措施尚未落实或效果尚未得到核验。",
    sh_external="越级投诉：{total}件投诉被顾客反映到外部渠道，其中{items}，已办结{closed}件。",
    sh_external_one="越级投诉：{total}件投诉被顾客反映到{channel}，其中已办结{closed}件。",
    sh_external_single="越级投诉：1件投诉被顾客反映到{channel}，{closed:已办结|尚未办结}。",
    external_channel="{name}",
    external_item="{channel}{n}件",
    external_others="其他外部渠道",
    sh_external_cause="原因：顾客对现场处理结果不满意，或问题未能在第一时间得到解决。",
    sh_low_scores="满意度：{low}件投诉的顾客给出1至2分的低分评价。",
    sh_escalations_waiting="上报办公室的投诉中，仍有{waiting}件尚待决定。",
    sh_none="本期未发现超时答复、重复投诉、越级投诉和未见成效的热点问题。",
    lesson_first="值班经理首问负责、当场处理，是投诉在现场得到化解的关键；在权限内及时处理，超出权限的迅速上报办公室。",
    lesson_promises="对顾客承诺的答复时间必须兑现；不能按时答复的，应在到期前主动向顾客说明进展。",
    lesson_repeat="同一顾客再次投诉，说明前次处理只解决了表面问题；结案后的回访不能流于形式。",
    lesson_external="越级投诉往往源于现场处理不到位；对有越级风险的投诉应及早识别、及早介入。",
    lesson_hotspots="反复出现的问题要追到原因，整改措施要有责任人、有期限，并用数据核验效果。",
    lesson_cost="补偿要与责任相当：大案严格把关，责任清楚的小额投诉快速处理（抓大放小）。",
    lesson_sizes="本期在值班经理权限内当场解决的投诉{small}件，补偿{small_amount}元，结案用时中位数{small_close}，"
    "平均满意度{small_satisfaction}分；经办公室决定的投诉{large}件，补偿{large_amount}元，结案用时中位数{large_close}，"
    "平均满意度{large_satisfaction}分。",
    pr_overdue="目前仍有{n}件投诉已超过承诺答复时间而未答复。",
    pr_open="本期受理的投诉中，尚有{n}件未结案。",
    pr_external_open="越级投诉中尚有{open}件未办结（本期受理{this}件，本期以前受理{earlier}件）。",
    pr_external_open_this="本期受理的越级投诉中尚有{open}件未办结。",
    pr_external_open_earlier="本期以前受理的越级投诉中尚有{open}件未办结。",
    pr_external_overdue="其中{overdue}件已过外部机构规定的期限仍未答复。",
    pr_hotspots="{n}个热点问题尚无经核验有效的整改措施。",
    pr_actions_overdue="{n}项整改措施已超过完成期限仍未完成。",
    pr_escalations="{n}件上报办公室的投诉尚待决定。",
    pr_repeat="重复投诉的顾客{n}位，需要逐一回访，确认问题是否真正解决。",
    pr_recovery="向第三方追偿的款项中尚有{outstanding}元未追回。",
    pr_none="本期没有遗留的未决问题。",
    next_overdue="对超过承诺时间未答复的{n}件投诉逐件跟进，明确责任人和答复时间，尽快给顾客答复。",
    next_repeat="对重复投诉的顾客逐一回访，找出前次处理没有解决的问题。",
    next_hotspots="针对尚无有效整改的热点问题（{items}）制定或落实整改措施，并按期核验效果。",
    next_external="对未办结的越级投诉按外部机构的期限答复，并复盘现场处理中的不足。",
    next_external_review="复盘本期越级投诉在现场处理中的不足，对有越级风险的投诉及早介入。",
    next_actions="督促已超期的整改措施尽快完成。",
    next_regular="继续按月分类分析投诉数据，对带倾向性的问题及时提出改进措施，提高服务质量。",
    f_total="本期受理投诉",
    f_closed="已结案",
    f_open="处理中（未结案）",
    f_first_response="首次答复用时中位数",
    f_promises_kept="按时答复（承诺兑现）",
    f_promises_late="超时答复",
    f_overdue="超过承诺时间仍未答复",
    f_repeat="重复投诉（本期两次及以上）",
    f_returning="90天内再次投诉",
    f_external="越级投诉",
    f_external_open="越级投诉未办结（含以前各期）",
    f_hotspots="热点投诉",
    f_hotspots_without="尚无有效整改的热点",
    f_satisfaction="顾客满意度平均分",
    f_escalations="上报办公室",
    f_actions_done="本期完成整改措施",
    f_cost="补偿支出",
    f_recovered="第三方追偿已追回",
    f_outstanding="第三方追偿未追回",
    f_category="{name}类投诉",
    groups={
        GroupKind.CATEGORY: "{name}类投诉",
        GroupKind.LOCATION: "{name}的投诉",
        GroupKind.DEPARTMENT: "{name}的投诉",
        GroupKind.STAFF: "涉及{name}的投诉",
        GroupKind.CATEGORY_LOCATION: "{scope}{name}类投诉",
        GroupKind.PHRASE_CATEGORY: "{scope}类中涉及“{name}”的投诉",  # "前台的“窗口”" read as the desk's window
        GroupKind.PHRASE_LOCATION: "{scope}涉及“{name}”的投诉",
    },
)

EN = _Words(
    title="{organisation}Complaint handling work summary: {period}",
    unit="{n}",
    actions_unit="{n}",
    hotspots_unit="{n}",
    money_unit="{amount} yuan",
    minutes="{n} min",
    hours="{n} h",
    days="{n} days",
    share="{pct}%",
    with_share="{n} ({pct}%)",
    list_sep=", ",
    list_last=" and ",
    up="up {diff} ({pct}%) from {before} in the previous period",
    better="better",
    worse="worse",
    unchanged="about the same",
    down="down {diff} ({pct}%) from {before} in the previous period",
    same="the same as in the previous period ({before})",
    from_zero="against none in the previous period",
    both_zero="none in the previous period either",
    no_previous="no complete records of the previous period to compare with",
    not_over="not compared with the previous period, as this one is not over",
    when_named="In {period} ({first} to {last})",
    when_dates="From {first} to {last}",
    opening="{when} the desk received {total} {total:complaint|complaints}, {change}; the same period a year earlier "
    "had {last_year}.",
    opening_no_last_year="{when} the desk received {total} {total:complaint|complaints}, {change}; there are no "
    "complete records of the same period a year earlier.",
    opening_so_far="{when} the desk received {total} {total:complaint|complaints} up to {today}; the period is not "
    "over, so the number is not compared with the previous period or the same period a year earlier.",
    opening_empty="{when} no complaint was received; the previous period had {before}.",
    states="As of {now}, {closed} of them {closed:is|are} closed, {open} still open and {withdrawn} withdrawn by the "
    "customer.",
    unfinished="The period is not over yet: these are its figures as of {today}.",
    main_categories="The complaints most often concerned {items}.",
    category_item="{name} ({n}, {pct}%)",
    assessment_good="Overall, complaint control was steady this period and its main figures improved on the previous "
    "period; nothing calls for particular mention.",
    assessment_steady="Overall, complaint control was steady this period; nothing calls for particular mention.",
    assessment_mixed="Overall, complaint control was broadly steady, but {count} "
    "{count:shortcoming remains; it is|shortcomings remain; they are} set out below with the direction for "
    "improvement.",
    assessment_concern="Overall, complaints rose this period and {count} "
    "{count:shortcoming remains|shortcomings remain}; complaint control "
    "needs strengthening, as set out below.",
    assessment_serious="Overall, complaint control fell clearly short this period in {count} "
    "{count:respect|respects} and needs strengthening, as set out below.",
    ach_total_down="{total} {total:complaint was|complaints were} received, {change} (counted by the day received, "
    "on the same basis).",
    ach_closed="{closed} of this period's complaints {closed:is|are} closed, a closing rate of {pct}% "
    "(closed ÷ received).",
    ach_first_response="The median time to the first response was {median}; nine in ten complaints had a proposal "
    "or went to the office within {p90} (from receipt to the first proposal, over {count} "
    "{count:complaint|complaints}).",
    ach_promises="Of the {promised} {promised:complaint|complaints} promised an answer by a set time, {kept} "
    "{kept:was|were} answered in time ({pct}%).",
    ach_satisfaction="The outcome of {answered} {answered:complaint was rated by its customer|complaints was rated "
    "by their customers}, on average {average} out of 5; {good} ({pct}%) {good:was|were} rated 4 or 5.",
    ach_escalations="{cases} {cases:complaint|complaints} beyond the duty managers' authority went to the office; "
    "{decided} {decided:was|were} decided, with a median wait of {median}.",
    ach_escalations_again="{cases} {cases:complaint|complaints} beyond the duty managers' authority went to the "
    "office, {sent} times in all (some more than once); {decided} of the sendings {decided:was|were} decided, with a "
    "median wait of {median}.",
    ach_actions="{done} improvement {done:action was|actions were} completed in the period.",
    ach_effective="Of the improvement actions raised in the period, {effective} {effective:was|were} verified "
    "effective.",
    ach_category_down="Complaints about {name} fell from {before} to {n}.",
    ach_cost="Service recovery cost {total} yuan, {per_case} yuan per compensated complaint ({cases} "
    "{cases:complaint|complaints}).",
    ach_recovered="{due} yuan is claimed back from suppliers and partners at fault; {recovered} yuan has come back.",
    ach_none="No result stands out that the figures could show.",
    before=" The previous period: {before}, {direction}.",
    sh_total_up="{total} {total:complaint was|complaints were} received, {change}.",
    sh_category_up="Complaints about {name} rose from {before} to {n}.",
    sh_promises_late="Promises not kept: of the {promised} {promised:complaint|complaints} promised an answer by a "
    "set time, {kept} {kept:was|were} answered in time ({pct}%) and {late} late.",
    sh_promises_overdue="{overdue} more {overdue:is|are} still unanswered past the promised time.",
    sh_promises_rest="The other {rest} {rest:is|are} not due yet, or ended before an answer (withdrawn or referred).",
    sh_promises_cause="Cause: deadlines during investigation and handling are not tracked, so promised times pass "
    "without anyone chasing them.",
    sh_repeat="Repeat complaints: {customers} {customers:customer|customers} complained twice or more in the period "
    "({complaints} {complaints:complaint|complaints}).",
    sh_returning="{returning} of the period's {returning:complaints came from a customer|complaints came from "
    "customers} who had complained within the 90 days before (some may be among the repeat complaints).",
    sh_returning_alone="{returning} of the period's {returning:complaints came from a customer|complaints came from "
    "customers} who had complained within the 90 days before.",
    sh_repeat_cause="Cause: the problem behind the earlier complaint was not solved for good, and follow-up was too "
    "thin.",
    sh_hotspots="Hot-spots: {count} {count:hot-spot arose in the period, without|hot-spots arose in the period, "
    "{without} of them without} an improvement action verified effective: {items}.",
    sh_hotspots_all="Hot-spots: {count} {count:hot-spot arose in the period|hot-spots arose in the period} ({items}), "
    "{count:without|none with} an improvement action verified effective.",
    sh_hotspots_among="Hot-spots: {count} {count:hot-spot arose in the period, without|hot-spots arose in the "
    "period, {without} of them without} an improvement action verified effective, among them {items}.",
    sh_hotspots_cause="Cause: the same problem keeps recurring; actions are not yet carried out or their effect not "
    "yet verified.",
    sh_external="External cases: {total} {total:complaint was|complaints were} taken by the customer to outside "
    "bodies, {items}; {closed} of them {closed:is|are} closed.",
    sh_external_one="External cases: {total} {total:complaint was taken by the customer to an outside body|complaints "
    "were taken by the customer to outside bodies} through {channel}; {closed} of them {closed:is|are} closed.",
    sh_external_single="External cases: 1 complaint was taken by the customer to an outside body through {channel}; "
    "{closed:it is closed|it is not closed yet}.",
    external_channel="the {name}",
    external_item="{n} through {channel}",
    external_others="other channels",
    sh_external_cause="Cause: the customer was not satisfied with how the desk handled it, or the problem was not "
    "solved at once.",
    sh_low_scores="Satisfaction: {low} {low:complaint was|complaints were} rated a low 1 or 2.",
    sh_escalations_waiting="{waiting} {waiting:complaint still awaits|complaints still await} the office's decision.",
    sh_none="No late answers, repeat complaints, external complaints or hot-spots without effect were found in this "
    "period.",
    lesson_first="A duty manager who owns each complaint from the first contact, handling it on the spot within "
    "their authority and passing the rest to the office at once, is what settles complaints at the desk.",
    lesson_promises="A promised answer time must be kept; where it cannot be, the customer is told of progress "
    "before it passes.",
    lesson_repeat="A customer who complains again shows that the first handling treated the symptom only; "
    "follow-up after closing must be real.",
    lesson_external="External complaints mostly start with handling at the desk that fell short; cases at risk must "
    "be recognised and taken up early.",
    lesson_hotspots="A recurring problem must be traced to its cause; each action needs a person responsible, a due "
    "date and a check of its effect in figures.",
    lesson_cost="Compensation should match liability: large cases handled strictly, small clear ones quickly.",
    lesson_sizes="This period {small} {small:complaint was|complaints were} settled at the desk within its authority "
    "({small_amount} yuan, median {small_close} to close, satisfaction {small_satisfaction}); {large} "
    "{large:was|were} decided by the office "
    "({large_amount} yuan, median {large_close} to close, satisfaction {large_satisfaction}).",
    pr_overdue="{n} {n:complaint is|complaints are} still unanswered past the promised time.",
    pr_open="{n} of this period's complaints {n:is|are} not closed yet.",
    pr_external_open="{open} external {open:complaint is|complaints are} not closed ({this} received in this "
    "period, {earlier} before it).",
    pr_external_open_this="{open} of this period's external complaints {open:is|are} not closed.",
    pr_external_open_earlier="{open} external {open:complaint|complaints} received before this period {open:is|are} "
    "not closed.",
    pr_external_overdue="{overdue} of them {overdue:is|are} unanswered past the outside body's deadline.",
    pr_hotspots="{n} {n:hot-spot has|hot-spots have} no improvement action verified effective.",
    pr_actions_overdue="{n} improvement {n:action is|actions are} past {n:its|their} due date and not done.",
    pr_escalations="{n} {n:complaint awaits|complaints await} the office's decision.",
    pr_repeat="{n} {n:customer complained repeatedly and should be|customers complained repeatedly and should each "
    "be} called back.",
    pr_recovery="{outstanding} yuan claimed back from third parties has not come back yet.",
    pr_none="No problem is left open from this period.",
    next_overdue="Follow up {n:the|each of the} {n} {n:complaint|complaints} past the promised time, with a person "
    "responsible and a date for the answer.",
    next_repeat="Call back each repeat customer and find what the earlier handling left unsolved.",
    next_hotspots="Set up or carry out improvement actions for the hot-spots without effect ({items}) and verify "
    "their effect on time.",
    next_external="Answer the open external complaints within the outside bodies' deadlines and review what went "
    "wrong at the desk.",
    next_external_review="Review what went wrong at the desk in this period's external complaints, and take up "
    "cases at risk early.",
    next_actions="See that the overdue improvement actions are completed.",
    next_regular="Keep analysing complaints by category every month and propose improvements for recurring problems.",
    f_total="Complaints received",
    f_closed="Closed",
    f_open="Open (not closed)",
    f_first_response="Median time to first response",
    f_promises_kept="Answered by the promised time",
    f_promises_late="Answered late",
    f_overdue="Unanswered past the promised time",
    f_repeat="Repeat complaints (twice or more in the period)",
    f_returning="Complaints again within 90 days",
    f_external="External cases",
    f_external_open="External complaints not closed (earlier periods included)",
    f_hotspots="Hot-spots",
    f_hotspots_without="Hot-spots without an effective action",
    f_satisfaction="Average satisfaction",
    f_escalations="Sent to the office",
    f_actions_done="Improvement actions completed",
    f_cost="Service recovery cost",
    f_recovered="Recovered from third parties",
    f_outstanding="Not yet recovered from third parties",
    f_category="Complaints: {name}",
    groups={
        GroupKind.CATEGORY: "complaints about {name}",
        GroupKind.LOCATION: "complaints at {name}",
        GroupKind.DEPARTMENT: "complaints for {name}",
        GroupKind.STAFF: "complaints involving {name}",
        GroupKind.CATEGORY_LOCATION: "{name} at {scope}",
        GroupKind.PHRASE_CATEGORY: "“{name}” in {scope}",
        GroupKind.PHRASE_LOCATION: "“{name}” at {scope}",
    },
)


def _words(language: str) -> _Words:
    return ZH if summary_language(language) == "zh_CN" else EN


def _pct(part: float, whole: float) -> str:
    return f"{part / whole * 100:,.1f}" if whole else "0.0"


def _change(words: _Words, now: int, before: int) -> str:
    """The change from the previous period, said as it is: a fall is a fall."""
    if before == 0:
        return words.both_zero if now == 0 else words.from_zero
    diff = now - before
    if diff > 0:
        return say(words.up, before=before, diff=diff, pct=_pct(diff, before))
    if diff < 0:
        return say(words.down, before=before, diff=-diff, pct=_pct(-diff, before))
    return say(words.same, before=before)


def moved(now: float, before: float, best: float, weight: float | None) -> int:
    """Whether a rate, a time or an average got better (1), worse (-1) or stayed about the same (0), judged as a
    category's count is (``RISE_SHARE`` and ``RISE_MIN``): its distance from the ``best`` (100%, no minutes, 5
    points) grew or shrank by more than a fifth, and, for a figure over complaints, by ``RISE_MIN`` complaints'
    worth at least (``weight``: the complaints one unit of the figure stands for). An average of 3.98 against 4.00
    over 234 ratings is about the same, not "worse"."""
    gap_now, gap_before = abs(best - now), abs(best - before)
    if weight is not None and abs(now - before) * weight < RISE_MIN - 1e-9:
        return 0
    if gap_now > gap_before * (1 + RISE_SHARE) + 1e-9:
        return -1
    if gap_before > gap_now * (1 + RISE_SHARE) + 1e-9:
        return 1
    return 0


def _listed(words: _Words, items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return words.list_sep.join(items[:-1]) + words.list_last + items[-1]


def _money(value: object) -> str:
    return f"{float(str(value)):,.2f}"


def _minutes(words: _Words, minutes: int | None, unit_of: int | None = None) -> str:
    """A typical duration (a median, a 90th percentile) as the Analysis page writes it: minutes below two hours,
    hours to a tenth below two days, else days to a tenth ("15.5小时", not "930分钟"). ``unit_of``: the
    duration it is set beside, whose unit it takes when that is the larger ("1.8小时" beside "7.0小时", not
    "110分钟")."""
    if minutes is None:
        return "–"
    scale = max(minutes, unit_of or 0)
    if scale < 120:
        return say(words.minutes, n=minutes)
    if scale < 48 * 60:
        return say(words.hours, n=f"{minutes / 60:.1f}")
    return say(words.days, n=f"{minutes / 1440:.1f}")


def _as_shown(minutes: int | None) -> float | None:
    """``minutes`` to the precision ``_minutes`` shows them: two durations shown alike are no change."""
    if minutes is None:
        return None
    if minutes < 120:
        return float(minutes)
    if minutes < 48 * 60:
        return round(minutes / 60, 1) * 60
    return round(minutes / 1440, 1) * 1440


def in_sentence(name: str, language: str) -> str:
    """A catalogue's name (a category, a location, a channel) as it stands inside a sentence of ``language``: in
    English, its first letter lower case unless it is an acronym or the like (``hotspots.in_sentence``)."""
    return in_english_sentence(name) if summary_language(language) == "en" and name else name


# --------------------------------------------------------------------------- the complaints behind a figure


def _filters(period: Period, **more: Any) -> dict[str, Any]:
    """A register filter as JSON values: the period's dates and ``more``."""
    return {"received_from": period.first.isoformat(), "received_to": period.last.isoformat(), **more}


# Figures no register filter can express name one of these look-ups (``"query"`` in their filter, with the
# period's dates and, for hot-spots, their keys); it runs when the office opens the figure, not while the draft
# is written (a year at a million complaints would wait seconds for lists nobody may open).
_LOOKUPS = {
    # Several complaints of one customer in the period.
    "repeat": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end AND "
    "c.customer_id IN (SELECT customer_id FROM complaint WHERE received_at >= :start AND received_at < :end "
    "AND customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) > 1) ORDER BY c.id DESC",
    # Taken to an outside body (越级), by the day the office received the external case.
    "external": "SELECT complaint_id FROM external_case WHERE received_on >= :first AND received_on <= :last "
    "ORDER BY complaint_id DESC",
    # Sent to the office by the desk (the office's own changed remedy aside), as the figure counts them.
    "escalations": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end AND EXISTS "
    "(SELECT 1 FROM proposal p WHERE p.complaint_id = c.id AND p.needs_office AND (p.decided_by_id IS NULL OR "
    "p.decided_by_id != p.created_by_id)) ORDER BY c.id DESC",
    # With an accepted compensation above zero, as the cost counts them.
    "compensated": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end AND EXISTS "
    "(SELECT 1 FROM proposal p WHERE p.complaint_id = c.id AND p.status = 'accepted' AND p.total > 0) "
    "ORDER BY c.id DESC",
    # Answered with a first proposal: the times to the first response are theirs.
    "answered": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end AND EXISTS "
    "(SELECT 1 FROM proposal p WHERE p.complaint_id = c.id) ORDER BY c.id DESC",
    # Answered by the promised time, as the figure counts them (the first answer at or before it).
    "kept_promises": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end "
    "AND c.promised_at IS NOT NULL AND (SELECT min(p.created_at) FROM proposal p WHERE p.complaint_id = c.id) <= "
    "c.promised_at ORDER BY c.id DESC",
    # Answered after the promised time, as the figure counts them (a withdrawn case answered late among them; the
    # ones still unanswered are the next look-up's: 2,082 listed behind a figure of 2,080 before).
    "late_promises": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end "
    "AND c.promised_at IS NOT NULL AND (SELECT min(p.created_at) FROM proposal p WHERE p.complaint_id = c.id) > "
    "c.promised_at ORDER BY c.id DESC",
    # Still open with no answer at all and past the promised time: the figure's (the register's "Overdue only"
    # lists every open case waiting past it, a declined or escalated one too: 7 listed behind a figure of 2).
    "overdue_promises": "SELECT c.id FROM complaint c WHERE c.received_at >= :start AND c.received_at < :end "
    "AND c.promised_at IS NOT NULL AND c.promised_at < :now AND c.state IN ({open}) AND NOT EXISTS (SELECT 1 FROM "
    "proposal p WHERE p.complaint_id = c.id) ORDER BY c.id DESC",
}
# The hot-spots' complaints are their groups' in the period, and in the week before each was first unusual (the
# complaints that raised it: models.control.hotspots.hotspot_complaints); those the desk told the office of were
# but a few, or none.
_HOTSPOTS = "hotspots"
HOTSPOT_LEAD_DAYS = 6


def _lookup(period: Period, query: str, **more: Any) -> dict[str, Any]:
    return _filters(period, query=query, **more)


def _looked_up(data: Mapping[str, Any], limit: int) -> list[int]:
    first = dt.date.fromisoformat(str(data["received_from"]))
    last = dt.date.fromisoformat(str(data["received_to"]))
    values: dict[str, object] = {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "start": dt.datetime.combine(first, dt.time.min).isoformat(sep=" "),
        "end": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min).isoformat(sep=" "),
        "now": dt.datetime.now().isoformat(sep=" "),
    }
    keys = [str(key) for key in data.get("keys") or ()]
    if data["query"] == _HOTSPOTS:
        from models.control.hotspots import HotspotKey, hotspot_complaints

        found: set[int] = set()
        for text in keys:
            key = HotspotKey.from_text(text)
            start = min(first, key.since - dt.timedelta(days=HOTSPOT_LEAD_DAYS))  # the days that raised it too
            found.update(hotspot_complaints(key.kind, key.scope, key.value, start, last))
        return sorted(found, reverse=True)[:limit]
    sql = _LOOKUPS[str(data["query"])].format(open=", ".join(f"'{state.value}'" for state in OPEN_STATES))
    sql, params = _positional(sql, values)
    return [int(row[0]) for row in db.execute_sql(f"{sql} LIMIT {int(limit)}", params).fetchall()]


_NAMED = re.compile(r":([a-z_][a-z0-9_]*)", re.ASCII)


def _positional(sql: str, values: Mapping[str, object]) -> tuple[str, tuple[object, ...]]:
    """``sql`` with its ``:name`` parameters as ``?`` and their values in order: the one form both backends'
    drivers take (psycopg has no ``:name``)."""
    params: list[object] = []

    def mark(match: re.Match[str]) -> str:
        params.append(values[match.group(1)])
        return "?"

    return _NAMED.sub(mark, sql), tuple(params)


def register_filters(data: Mapping[str, Any]) -> Filters:
    """A figure's filter (JSON values) as the register's ``Filters``."""

    def day(key: str) -> dt.date | None:
        value = data.get(key)
        return dt.date.fromisoformat(str(value)) if value else None

    return Filters(
        states=tuple(str(s) for s in data.get("states") or ()),
        received_from=day("received_from"),
        received_to=day("received_to"),
        category_id=data.get("category_id"),
        department_id=data.get("department_id"),
        received_by_id=data.get("received_by_id"),
        overdue_only=bool(data.get("overdue_only")),
        escalated_only=bool(data.get("escalated_only")),
        ids=tuple(int(i) for i in data.get("ids") or ()),
    )


def figure_filters(found: Figure) -> Filters | None:
    """The register filter behind a figure, when one says which complaints it counts (None: a look-up or a list of
    complaints does, ``figure_complaints``)."""
    if not found.filters or found.filters.get("query") or found.filters.get("ids"):
        return None
    return register_filters(found.filters)


def figure_complaints(found: Figure, limit: int = LINKED_MAX) -> list[int]:
    """The complaints behind a figure, newest first (at most ``limit``): those its look-up or its register filter
    finds now, or those it kept."""
    from models.search import page

    if found.filters.get("query"):
        return _looked_up(found.filters, limit)
    filters = register_filters(found.filters)
    if filters.ids:
        return sorted(filters.ids, reverse=True)[:limit]
    if not found.filters:
        return []
    return page(filters, limit=limit)


# --------------------------------------------------------------------------- the draft


def _name(row: CountRow, language: str, in_a_sentence: bool = False) -> str:
    if summary_language(language) == "en" and row.name_en:
        if in_a_sentence and row.name_en.strip().lower() in _OTHER_CHANNELS:
            return "other matters"  # "Complaints about other rose" read as a word missing
        return in_sentence(row.name_en, language) if in_a_sentence else row.name_en
    return row.name or "–"


_NAMED_KINDS = ("month", "quarter", HALF_YEAR, "year")  # the kinds ``period_title`` names other than by dates
_OTHER_CHANNELS = ("other", "others", "其他", "其他外部渠道")


def _external_sentence(words: _Words, external: ExternalFigures, language: str) -> str:
    """The external cases by channel as a sentence: "1 through the 12315 platform and 1 through the 12345
    hotline", "全国12315平台1件、12345政务服务便民热线1件" (it read as labels: "(12315 platform 1 and 12345
    hotline 1)"); the channels past the third, and the catalogue's "other", as other channels."""
    english = summary_language(language) == "en"
    named: list[tuple[str, int]] = []
    others = 0
    for share in external.by_channel:
        name = (share.name_en if english and share.name_en else share.name) or ""
        if not name or name.strip().lower() in _OTHER_CHANNELS or len(named) >= NAMED_MAX:
            others += share.count
        else:
            named.append((say(words.external_channel, name=in_sentence(name, language)), share.count))
    if others:
        named.append((words.external_others, others))
    if len(named) == 1:
        if external.total == 1:
            return say(words.sh_external_single, channel=named[0][0], closed=external.closed)
        return say(words.sh_external_one, total=external.total, channel=named[0][0], closed=external.closed)
    items = [say(words.external_item, channel=channel, n=n) for channel, n in named]
    joined = words.list_sep.join(items) if not english else _listed(words, items)
    return say(words.sh_external, total=external.total, items=joined, closed=external.closed)


def _hotspot_text(words: _Words, group: Group, language: str) -> str:
    """As the screens name the group (``Group.describe``): the English names of a category or a location in lower
    case inside the sentence, a department's or a person's with their capitals."""
    english = summary_language(language) == "en"
    names = group.describe().params
    name, scope = names["name"], names["scope"]
    assert isinstance(name, Name) and isinstance(scope, Name)
    return say(words.groups[GroupKind(group.kind)], name=name.english if english else name.name,
               scope=scope.english if english else scope.name)  # fmt: skip


def draft(
    period: Period,
    period_figures: PeriodFigures,
    cost: CostFigures | None,
    language: str,
    *,
    kind: str | None = None,
    organisation: str | None = None,
    author: str = "",
    today: dt.date | None = None,
    previous: PeriodFigures | None = None,
) -> SummaryDocument:
    """The generated draft of the summary of ``period`` from its figures (``cost``: the cost of service
    recovery, None to leave it out); ``kind`` names the period in the title (default: the period's own kind;
    "half_year" for a half-year), ``organisation`` defaults to the settings'. With the ``previous`` period's
    figures, the rates and times are compared with its own, and one that got worse is written under 不足."""
    language = summary_language(language)
    words = _words(language)
    f = period_figures
    kind = kind or str(period.kind)
    organisation = str(settings.get(settings.ORGANISATION_NAME) or "") if organisation is None else organisation
    today = today or f.now.date()
    period_name = period_title(kind, period.first, period.last, language)
    separator = "" if language == "zh_CN" or not organisation else " · "
    title = say(words.title, organisation=organisation + separator, period=period_name)
    if language == "en" and organisation:
        title = f"{organisation}: Complaint handling work summary, {period_name}"
    elif language == "en":
        title = f"Complaint handling work summary, {period_name}"

    figure_list: list[Figure] = []

    def figure(key: str, label: str, value: str, amount: float | None, compared: str = "",
               filters: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        figure_list.append(Figure(key, label, value, amount, compared, dict(filters or {})))

    def unit(n: int) -> str:
        return say(words.unit, n=n)

    unfinished = period.last >= today  # its figures are those so far
    # A period before recorded only in part (the database begins in it): no rise, fall or change is told.
    comparable = f.has_previous
    # A period not over has fewer complaints than a whole one by nature: no fall is told ("下降50.8%" then "不作为
    # 下降"); one that already has more than the whole previous period rose all the same.
    so_far = unfinished and f.total <= f.total_previous
    if not comparable:
        total_change = words.no_previous
    elif so_far:
        total_change = words.not_over
    else:
        total_change = _change(words, f.total, f.total_previous)
    figure("total", words.f_total, unit(n=f.total), f.total, total_change, _filters(period))

    # -- 开头: the overview and the overall assessment
    opening: list[str] = []
    # A period the title names by its dates is said once ("2026-11-02 to 2026-11-08 (2026-11-02 to 2026-11-08)").
    when = say(words.when_named if kind in _NAMED_KINDS else words.when_dates, period=period_name,
                                   first=period.first.isoformat(), last=period.last.isoformat())  # fmt: skip
    if f.total:
        if comparable and so_far:
            opening.append(say(words.opening_so_far, when=when, total=f.total,
                                                     today=written_date(today, language)))  # fmt: skip
        else:
            template = words.opening if f.has_last_year else words.opening_no_last_year
            opening.append(say(template, when=when, total=f.total, change=total_change,
                                           last_year=f.total_last_year))  # fmt: skip
        opening.append(say(words.states, now=written_date(f.now.date(), language), closed=f.closed, open=f.open,
                                           withdrawn=f.withdrawn))  # fmt: skip
        if unfinished and not (comparable and so_far):
            opening.append(say(words.unfinished, today=written_date(today, language)))
        top = [row for row in f.by_category if row.count][:NAMED_MAX]
        if top:
            items = [say(words.category_item, name=_name(r, language, True), n=r.count, pct=_pct(r.count, f.total))
                     for r in top]  # fmt: skip
            opening.append(say(words.main_categories, items=_listed(words, items)))
    else:
        opening.append(say(words.opening_empty, when=when, before=f.total_previous))

    # -- 主体: 成绩 (each with its figure, how it was counted and the previous period's), and 不足
    achievements: list[str] = []
    declines: list[str] = []  # rates and times worse than the previous period's: under 不足
    # Figures stated without praise or blame (not compared, about the same, money spent): in the overview.
    stated: list[str] = []
    improved = False  # a figure got better than the previous period's: only then "主要指标较上期改善"
    p = previous if comparable else None

    def judged(sentence: str, now: float | None, before: float | None, shown: str, best: float,
               weight: float | None, standard: bool = False) -> str:  # fmt: skip
        """The sentence with the previous period's figure: under 成绩 when it got better (``moved``), under 不足
        when worse, else stated in the overview; with no figure to compare, under 成绩 only when it meets the
        code's own ``standard`` (a promise kept 8 times in 10)."""
        nonlocal improved
        if now is None or before is None:
            (achievements if standard else stated).append(sentence)
            return ""
        change = moved(now, before, best, weight)
        direction = {1: words.better, -1: words.worse, 0: words.unchanged}[change]
        compared = say(words.before, before=shown, direction=direction)
        if change > 0:
            improved = True
            achievements.append(sentence + compared)
        elif change < 0:
            declines.append(sentence + compared)
        else:
            (achievements if standard else stated).append(sentence + compared)
        return compared.strip()

    # A period not over has fewer complaints than a whole one by nature: no fall to praise (December so far
    # was "down 78.2%").
    if comparable and f.total < f.total_previous and not unfinished:
        improved = True
        achievements.append(say(words.ach_total_down, total=f.total, change=total_change))
    if f.total:
        # Not judged while the period runs: its newest cases are open by nature (65.2% "worse" than a whole
        # month's 95.3%). Compared as shown, to a tenth of a per cent (92.4% was "worse" than 92.4%).
        rate_before = p.closed / p.total * 100 if p is not None and p.total and not unfinished else None
        compared = judged(say(words.ach_closed, closed=f.closed, pct=_pct(f.closed, f.total)),
                          round(f.closed / f.total * 100, 1), None if rate_before is None else round(rate_before, 1),
                          f"{rate_before or 0:.1f}%", 100, f.total / 100)  # fmt: skip
        # Its share beside the count: the previous period's figure compared with it is a share too.
        figure("closed", words.f_closed, say(words.with_share, n=f.closed, pct=_pct(f.closed, f.total)), f.closed,
               compared, _filters(period, states=[State.CLOSED.value]))  # fmt: skip
    if f.first_response.count:
        median = f.first_response.median_minutes
        median_before = p.first_response.median_minutes if p is not None else None
        compared = judged(say(words.ach_first_response, median=_minutes(words, median),
                                                          p90=_minutes(words, f.first_response.p90_minutes),
                                                          count=f.first_response.count),
                          _as_shown(median), _as_shown(median_before), _minutes(words, median_before),
                          0, None)  # fmt: skip
        figure("first_response", words.f_first_response, _minutes(words, median), median, compared,
               _lookup(period, "answered"))  # fmt: skip
    promises = f.promises
    compared = ""
    if promises.promised and promises.kept / promises.promised >= PROMISES_WELL_KEPT:
        kept_before = p.promises.kept / p.promises.promised * 100 if p is not None and p.promises.promised else None
        sentence = say(words.ach_promises, promised=promises.promised, kept=promises.kept,
                                             pct=_pct(promises.kept, promises.promised))  # fmt: skip
        share = round(promises.kept / promises.promised * 100, 1)
        compared = judged(sentence, share, None if kept_before is None else round(kept_before, 1),
                          f"{kept_before or 0:.1f}%", 100, promises.promised / 100, standard=True)  # fmt: skip
    if promises.promised:
        kept = say(words.with_share, n=promises.kept, pct=_pct(promises.kept, promises.promised))
        figure("promises_kept", words.f_promises_kept, kept, promises.kept, compared,
               _lookup(period, "kept_promises"))  # fmt: skip
    satisfaction = f.satisfaction
    low_scores = sum(n for score, n in satisfaction.by_score if score <= 2)
    if satisfaction.answered and satisfaction.average is not None:
        good = sum(n for score, n in satisfaction.by_score if score >= 4)
        average_before = p.satisfaction.average if p is not None else None
        compared = judged(say(words.ach_satisfaction, answered=satisfaction.answered,
                                                        average=f"{satisfaction.average:.2f}", good=good,
                                                        pct=_pct(good, satisfaction.answered)),
                          round(satisfaction.average, 2), None if average_before is None else round(average_before, 2),
                          f"{average_before or 0:.2f}" + ("分" if language == "zh_CN" else ""), 5,
                          satisfaction.answered)  # fmt: skip
        # Its unit as the comparison beside it says it ("4.02" beside "上期为4.02分").
        shown = f"{satisfaction.average:.2f}" + ("分" if language == "zh_CN" else "")
        figure("satisfaction", words.f_satisfaction, shown, satisfaction.average, compared,
               _filters(period, states=[State.CLOSED.value]))  # fmt: skip
    escalations = f.escalations
    if escalations.decided:
        waited = _minutes(words, escalations.wait.median_minutes)
        # How many went to the office and how fast it decided, compared with nothing: stated, not praised.
        if escalations.escalations > escalations.cases:  # "上报39件，已决定40件": decisions are of sendings
            stated.append(say(words.ach_escalations_again, cases=escalations.cases, sent=escalations.escalations,
                              decided=escalations.decided, median=waited))  # fmt: skip
        else:
            stated.append(say(words.ach_escalations, cases=escalations.cases, decided=escalations.decided,
                                                       median=waited))  # fmt: skip
    if escalations.cases:
        figure("escalations", words.f_escalations, unit(n=escalations.cases), escalations.cases, "",
               _lookup(period, "escalations"))  # fmt: skip
    improvement = f.improvement
    if improvement.completed_in_period or improvement.effective:
        # Each part when it is one ("经核验有效0项" stood among the achievements).
        if improvement.completed_in_period:
            achievements.append(say(words.ach_actions, done=improvement.completed_in_period))
        if improvement.effective:
            achievements.append(say(words.ach_effective, effective=improvement.effective))
        figure("actions_done", words.f_actions_done, say(words.actions_unit, n=improvement.completed_in_period),
               improvement.completed_in_period)  # fmt: skip
    # No fall praised against a period recorded in part, nor in a period not over (a week against a month).
    falling = (
        [row for row in f.by_category if row.previous - row.count >= RISE_MIN][:NAMED_MAX]
        if comparable and not unfinished
        else []
    )
    improved = improved or bool(falling)
    for row in falling:
        achievements.append(say(words.ach_category_down, name=_name(row, language, True), before=row.previous,
                                                           n=row.count))  # fmt: skip
    rising = [
        row
        for row in f.by_category
        if comparable and row.count - row.previous >= RISE_MIN and row.count > row.previous * (1 + RISE_SHARE)
    ][:NAMED_MAX]
    for row in [*rising, *falling]:
        figure(f"category_{row.key}", say(words.f_category, name=_name(row, language)), unit(n=row.count),
               row.count, _change(words, row.count, row.previous), _filters(period, category_id=row.key))  # fmt: skip
    if cost is not None and cost.compensated:
        # Money spent is no result: stated in the overview.
        stated.append(say(words.ach_cost, total=_money(cost.total), per_case=_money(cost.per_compensated_case or 0),
                                            cases=cost.compensated))  # fmt: skip
        figure("cost", words.f_cost, say(words.money_unit, amount=_money(cost.total)), float(cost.total), "",
               _lookup(period, "compensated"))  # fmt: skip
    recovery = cost.recovery if cost is not None else None
    if recovery is not None and recovery.due and recovery.recovered:  # nothing back is no achievement ("已追回0.00元")
        achievements.append(say(words.ach_recovered, due=_money(recovery.due), recovered=_money(recovery.recovered)))
        figure("recovered", words.f_recovered, say(words.money_unit, amount=_money(recovery.recovered)),
               float(recovery.recovered))  # fmt: skip
    if not achievements:
        achievements.append(words.ach_none)

    # -- 主体: 不足 and their causes — never left out when the data has them
    shortcomings: list[str] = []
    if comparable and f.total > f.total_previous:
        shortcomings.append(say(words.sh_total_up, total=f.total, change=total_change))
    for row in rising:
        shortcomings.append(say(words.sh_category_up, name=_name(row, language, True), before=row.previous,
                                                        n=row.count))  # fmt: skip
    shortcomings.extend(declines)
    if promises.late or promises.overdue:
        late = say(words.sh_promises_late, promised=promises.promised, kept=promises.kept, late=promises.late,
                                             pct=_pct(promises.kept, promises.promised))  # fmt: skip
        if promises.overdue:
            late += ("" if language == "zh_CN" else " ") + say(words.sh_promises_overdue, overdue=promises.overdue)
        # The rest of those promised, so that the figures add up (213 promised: 49 + 158 + 1 said, 5 unexplained).
        rest = promises.pending + promises.ended_unanswered
        if rest:
            late += ("" if language == "zh_CN" else " ") + say(words.sh_promises_rest, rest=rest)
        shortcomings.append(late)
        shortcomings.append(words.sh_promises_cause)
        figure("promises_late", words.f_promises_late, unit(n=promises.late), promises.late, "",
               _lookup(period, "late_promises"))  # fmt: skip
    if promises.overdue:
        figure("overdue", words.f_overdue, unit(n=promises.overdue), promises.overdue, "",
               _lookup(period, "overdue_promises"))  # fmt: skip
    repeat = f.repeat
    if repeat.repeat_customers or repeat.returning_complaints:
        # Each clause when it has something to say ("0位顾客…共0件" read as a finding), the returning complaints
        # not said to be "more" (4 of 11 were among the 7 repeat ones).
        said = []
        if repeat.repeat_customers:
            said.append(say(words.sh_repeat, customers=repeat.repeat_customers, complaints=repeat.repeat_complaints))
        if repeat.returning_complaints:
            returning = words.sh_returning if repeat.repeat_customers else words.sh_returning_alone
            said.append(say(returning, returning=repeat.returning_complaints))
        shortcomings.append(("" if language == "zh_CN" else " ").join(said))
        shortcomings.append(words.sh_repeat_cause)
        figure("repeat", words.f_repeat, unit(n=repeat.repeat_complaints), repeat.repeat_complaints, "",
               _lookup(period, "repeat"))  # fmt: skip
        if repeat.returning_complaints:
            figure("returning", words.f_returning, unit(n=repeat.returning_complaints), repeat.returning_complaints)
    without = improvement.hotspots_without_effective_action
    hotspot_names = [_hotspot_text(words, row.group, language) for row in without[:NAMED_MAX]]
    if improvement.hotspots:
        told = _lookup(period, "hotspots", keys=[r.key.text for r in improvement.hotspots])
        figure("hotspots", words.f_hotspots, say(words.hotspots_unit, n=len(improvement.hotspots)),
               len(improvement.hotspots), "", told)  # fmt: skip
    if without:
        # Every one named: "即" (that is) them; some: "包括…等" (among them); each of the period's: said so.
        if len(without) > len(hotspot_names):
            template = words.sh_hotspots_among
        elif len(without) == len(improvement.hotspots):
            template = words.sh_hotspots_all
        else:
            template = words.sh_hotspots
        shortcomings.append(say(template, count=len(improvement.hotspots), without=len(without),
                                items=_listed(words, hotspot_names)))  # fmt: skip
        shortcomings.append(words.sh_hotspots_cause)
        figure("hotspots_without", words.f_hotspots_without, say(words.hotspots_unit, n=len(without)), len(without),
               "", _lookup(period, "hotspots", keys=[r.key.text for r in without]))  # fmt: skip
    external = f.external
    if external.total:
        shortcomings.append(_external_sentence(words, external, language))
        shortcomings.append(words.sh_external_cause)
        figure("external", words.f_external, unit(n=external.total), external.total, "", _lookup(period, "external"))
    if low_scores:
        shortcomings.append(say(words.sh_low_scores, low=low_scores))
    if escalations.waiting:
        shortcomings.append(say(words.sh_escalations_waiting, waiting=escalations.waiting))
    if not shortcomings:
        shortcomings.append(words.sh_none)

    # -- 主体: 经验和教训
    lessons = [words.lesson_first]
    if promises.late or promises.overdue:
        lessons.append(words.lesson_promises)
    if repeat.repeat_customers or repeat.returning_complaints:
        lessons.append(words.lesson_repeat)
    if external.total:
        lessons.append(words.lesson_external)
    if improvement.hotspots:
        lessons.append(words.lesson_hotspots)
    if cost is not None and cost.compensated:
        lessons.append(words.lesson_cost)
        small, large = cost.small, cost.large
        if small.effect.cases and large.effect.cases:

            def score(value: float | None) -> str:
                return "–" if value is None else f"{value:.2f}"

            lessons.append(say(words.lesson_sizes,
                small=small.effect.cases, small_amount=_money(small.effect.amount),
                small_close=_minutes(words, small.closing.median_minutes, large.closing.median_minutes),
                small_satisfaction=score(small.effect.satisfaction),
                large=large.effect.cases, large_amount=_money(large.effect.amount),
                large_close=_minutes(words, large.closing.median_minutes, small.closing.median_minutes),
                large_satisfaction=score(large.effect.satisfaction),
            ))  # fmt: skip

    # -- 结尾: 存在的问题 (what is still open now) and 下一步方向
    problems: list[str] = []
    next_steps: list[str] = []
    if promises.overdue:
        problems.append(say(words.pr_overdue, n=promises.overdue))
        next_steps.append(say(words.next_overdue, n=promises.overdue))
    if f.open:
        problems.append(say(words.pr_open, n=f.open))
        figure("open", words.f_open, unit(n=f.open), f.open, "",
               _filters(period, states=[s.value for s in OPEN_STATES]))  # fmt: skip
    # Still open now, whenever it began: a shortcoming carried over from an earlier period is named as well, and
    # told apart from the period's own (its "已办结0件" of 2 stood beside "尚有3件未办结").
    if external.open_now:
        this = min(external.total - external.closed, external.open_now)
        earlier = external.open_now - this
        if this and earlier:
            still_open = say(words.pr_external_open, open=external.open_now, this=this, earlier=earlier)
        else:
            still_open = say(words.pr_external_open_this if this else words.pr_external_open_earlier,
                             open=external.open_now)  # fmt: skip
        if external.overdue_now:
            still_open += ("" if language == "zh_CN" else " ") + say(words.pr_external_overdue,
                                                                     overdue=external.overdue_now)  # fmt: skip
        problems.append(still_open)
        figure("external_open", words.f_external_open, unit(n=external.open_now), external.open_now)
        next_steps.append(words.next_external)
    elif external.total:  # all closed: nothing to answer ("对未办结的越级投诉…" beside "已办结12件")
        next_steps.append(words.next_external_review)
    if without:
        problems.append(say(words.pr_hotspots, n=len(without)))
        next_steps.append(say(words.next_hotspots, items=_listed(words, hotspot_names)))
    if improvement.overdue_now:
        problems.append(say(words.pr_actions_overdue, n=improvement.overdue_now))
        next_steps.append(words.next_actions)
    if escalations.waiting:
        problems.append(say(words.pr_escalations, n=escalations.waiting))
    if recovery is not None and recovery.outstanding > 0:
        problems.append(say(words.pr_recovery, outstanding=_money(recovery.outstanding)))
        figure("outstanding", words.f_outstanding, say(words.money_unit, amount=_money(recovery.outstanding)),
               float(recovery.outstanding))  # fmt: skip
    if repeat.repeat_customers:
        problems.append(say(words.pr_repeat, n=repeat.repeat_customers))
        next_steps.append(words.next_repeat)
    if not problems:
        problems.append(words.pr_none)
    next_steps.append(words.next_regular)

    # The overall assessment, last in the opening: it counts the shortcomings written above.
    count = len([s for s in shortcomings if s != words.sh_none and not _is_cause(words, s)])
    opening.extend(stated)
    if f.total:
        # Up by a tenth and TOTAL_RISE_MIN complaints at least (45 → 46 said "需要进一步加强"); serious when
        # promises were mostly broken or the shortcomings are many (22.7% of promises kept was "基本平稳").
        rise = f.total - f.total_previous
        rose = comparable and rise >= TOTAL_RISE_MIN and rise > f.total_previous * TOTAL_RISE_SHARE
        badly_kept = bool(promises.promised) and promises.kept / promises.promised < PROMISES_BADLY_KEPT
        serious = count >= SERIOUS_SHORTCOMINGS or badly_kept
        if count == 0 and not rose:
            # "主要指标较上期改善" only when one did: a first month compared with nothing improved on nothing.
            opening.append(words.assessment_good if improved else words.assessment_steady)
        elif rose:
            opening.append(say(words.assessment_concern, count=max(count, 1)))
        elif serious:
            opening.append(say(words.assessment_serious, count=max(count, 1)))
        else:
            opening.append(say(words.assessment_mixed, count=max(count, 1)))

    # The previous period's bars only beside a comparable, whole period (a half-year beside 24 days of the one
    # before read as an eightfold rise, under "上期无完整记录，不作比较").
    beside = comparable and not unfinished
    charts = Charts(
        by_category=tuple(
            Bar(_name(r, language), r.count, r.previous if beside else None)
            for r in f.by_category
            if r.count or (beside and r.previous)
        ),
        weekly=tuple((w.monday.isoformat(), w.count) for w in f.weekly),
        counted_through=min(period.last, today).isoformat(),
        cost_by_department=tuple(
            Bar(row.name_en if language == "en" and row.name_en else row.name or "–", float(row.amount))
            for row in (cost.by_department if cost is not None else ())
        ),
    )
    sections = {
        SectionKey.OPENING: opening,
        SectionKey.ACHIEVEMENTS: achievements,
        SectionKey.SHORTCOMINGS: shortcomings,
        SectionKey.LESSONS: lessons,
        SectionKey.PROBLEMS: problems,
        SectionKey.NEXT_STEPS: next_steps,
    }
    return SummaryDocument(
        title=title,
        language=language,
        first_day=period.first,
        last_day=period.last,
        sections=tuple(Section(key, tuple(texts)) for key, texts in sections.items()),
        sign_off=SignOff(organisation, author, today),
        figures=tuple(figure_list),
        charts=charts,
    )


def _is_cause(words: _Words, sentence: str) -> bool:
    return sentence in (words.sh_promises_cause, words.sh_repeat_cause, words.sh_hotspots_cause,
                        words.sh_external_cause)  # fmt: skip


def generate(
    kind: str,
    first: dt.date,
    last: dt.date,
    language: str,
    *,
    author: str = "",
    now: dt.datetime | None = None,
) -> tuple[Period, SummaryDocument]:
    """The period (``kind``: week, month, quarter, half_year, year or custom from ``first`` to ``last``) and the
    draft of its summary, from the figures as they are ``now``."""
    from models.analysis.report import analyse

    now = now or dt.datetime.now()
    if kind in ("custom", HALF_YEAR) or kind not in {k.value for k in PeriodKind}:
        period = Period.custom(first, last)
    else:
        period = Period.of(PeriodKind(kind), first)
    # A period before the records begin read as a perfect one ("未受理顾客投诉", "没有遗留的未决问题").
    begun = records_from()
    if begun is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "No complaint is recorded yet: there is nothing to sum up."))
    if period.last < begun:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The records begin on {first}, after this period: choose a period from then on.",
            ),
            first=begun.isoformat(),
        )
    analysis = analyse(period, now=now)
    before = figures(period.previous(), now=now, judge_hotspots=False)  # compared by its other figures
    return period, draft(period, analysis.figures, analysis.cost, language, kind=kind, author=author,
                         today=now.date(), previous=before)  # fmt: skip


def period_kind_of(first: dt.date, last: dt.date) -> str:
    """What the dates cover: a whole month, quarter, half-year or year, else "custom" (a week is a custom
    period here: the title names its dates)."""
    for kind in ("month", "quarter", HALF_YEAR, "year"):
        period = period_of(kind, first)
        if (period.first, period.last) == (first, last):
            return kind
    return "custom"


def rated_complaints(found: Figure, limit: int = LINKED_MAX) -> list[int]:
    """The complaints a satisfaction figure averages, newest first (at most ``limit``): received in its period and
    rated 1 to 5 by their customer, whatever their state (an agreed case not yet closed is rated too), as
    ``models.analysis.figures`` counts them. Its register filter (the period's closed complaints) left those out."""
    from models.analysis.figures import SCORES
    from models.analysis.scope import received_in

    first = dt.date.fromisoformat(str(found.filters["received_from"]))
    last = dt.date.fromisoformat(str(found.filters["received_to"]))
    where = received_in(Period.custom(first, last))
    sql = (f"SELECT c.id FROM complaint c WHERE {where.sql} AND c.satisfaction IN ({', '.join('?' * len(SCORES))}) "
           f"ORDER BY c.id DESC LIMIT {int(limit)}")  # fmt: skip
    return [int(row[0]) for row in db.execute_sql(sql, (*where.params, *SCORES)).fetchall()]
