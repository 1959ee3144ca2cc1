"""Escalation risk (越级风险): how likely a customer is to take the complaint over the desk's head, as a
level (none, watch, high) and the reasons that make it, each a code with parameters that the screens and
the printed forms turn into a sentence. Pure and quick: no database, no Qt (``assess`` of one intake
takes a fraction of a millisecond, tests/perf/bench_risk.py).

Signals and their points (the level is the sum: ``WATCH_FROM`` and more is "watch", ``HIGH_FROM`` and
more "high"):

==================  =========================================================  ==========
reason              when                                                       points
==================  =========================================================  ==========
threat              the customer names where they will go (a word of the       the word's
                    office's list, in its group: 12315, media, a lawyer …);    weight 1–3
                    counted once per group, with the group's heaviest word
threat_negated      the same, but said not to happen ("我不会去12315的")       1
repeat              the customer complained before within ``REPEAT_DAYS``      1; 2 from
                                                                               the 3rd
declined            a proposal was declined or countered                       1 each, ≤ 2
overdue             the time promised to the customer has passed               1; 2 after
                                                                               30 minutes
severe              a high-severity case (injury, food safety, property)       1
beyond_authority    what the customer asks needs the office (escalated, or a       1
                    sum asked over the duty manager's limit per case)
office_waiting      an escalation has waited for the office too long           1; 2 after
                                                                               an hour
==================  =========================================================  ==========

A word of weight 3 (12315, the media, a lawyer, the police) is "high" on its own; a weight of 2
(a review site, head office) is "watch", "high" with one more signal.

Words are looked for only in what the customer said and asked for (the complaint, the demand, the
counter-demands), never in phone numbers, amounts or the desk's findings, after NFKC (full-width
digits and letters become plain ones) and in lower case. The traps have rules, each tested:

- A word made of digits (110, 12315, 12345) counts only between non-digits, and not as an amount, a
  room or a number of something: not before a unit (元, 号, 房, 米 …, ``NUMBER_UNITS``) nor after a
  mark of a number (¥, 第, 号码, 房间 …, ``NUMBER_MARKS``): "13811012345", "110元", "房间110".
- A word that is part of a longer word for something else does not count (``NOT_A_THREAT``):
  报警器/报警灯/烟雾报警 (an alarm device), 工商银行 (a bank), 曝光不足 (a photo).
- A negation of the customer's own intention before the word, in the same clause (``NEGATIONS``:
  不会, 不想, 不打算, 没必要 …) lowers the threat to ``threat_negated`` only when it negates the going
  itself: nothing but words of going stands between them (``GOING_WORDS``: 去, 找, 打算, 投诉到 …, and
  other words of the list): "我不会去12315的", "我不想闹到消协去" are watch. Anything else between (a
  condition, a contrast, another subject, what the negation is really about) leaves the threat whole:
  "你们不会处理的话我就打12315", "没有道歉要去12315", "你们没有诚意我去消协" are high. A negation word
  inside a question (是不是, 会不会) is none.

``near_misses`` say why a word found did not count, so the office can try its list (``main.py risk``).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class RiskLevel(StrEnum):
    NONE = "none"
    WATCH = "watch"
    HIGH = "high"


LEVEL_RANK: dict[str, int] = {RiskLevel.NONE: 0, RiskLevel.WATCH: 1, RiskLevel.HIGH: 2}


class RiskGroup(StrEnum):
    """Where the customer threatens to go: the keyword list's groups."""

    C12315 = "12315"
    HOTLINE_12345 = "12345"
    CONSUMER_ASSOCIATION = "consumer_association"
    REGULATOR = "regulator"
    MEDIA = "media"
    SOCIAL_MEDIA = "social_media"
    LEGAL = "legal"
    HEAD_OFFICE = "head_office"
    POLICE = "police"
    OTHER = "other"


class ReasonCode(StrEnum):
    THREAT = "threat"
    THREAT_NEGATED = "threat_negated"
    REPEAT = "repeat"
    DECLINED = "declined"
    OVERDUE = "overdue"
    SEVERE = "severe"
    BEYOND_AUTHORITY = "beyond_authority"
    OFFICE_WAITING = "office_waiting"


class MissCode(StrEnum):
    """Why a word of the list that was found did not count."""

    IN_NUMBER = "in_number"  # digits inside a longer number (a phone number)
    NUMBER_OF_SOMETHING = "number_of_something"  # an amount, a room, a count: 110元, 房间110
    OTHER_WORD = "other_word"  # part of a word for something else: 报警器, 工商银行


WATCH_FROM = 1
HIGH_FROM = 3
WEIGHT_MIN, WEIGHT_MAX = 1, 3
REPEAT_DAYS = 90
OVERDUE_LONG_MINUTES = 30
OFFICE_WAIT_MINUTES = 30  # an escalation waiting longer than this is a signal
OFFICE_WAIT_LONG_MINUTES = 60
# Reasons that change with the clock, not with a step: the office's list computes them afresh.
TIMED = frozenset({ReasonCode.OVERDUE, ReasonCode.OFFICE_WAITING})

# Units after a number and marks before it that make it an amount, a room, a count or a code.
NUMBER_UNITS = (
    *"元块角分毛号房室楼层栋米个次人位天年月日岁斤克两瓦伏度寸%折",
    *("公里", "平米", "平方", "块钱", "分钟", "小时", "yuan", "rmb", "m2", "kg"),
)
NUMBER_MARKS = ("¥", "￥", "$", "#", "第", "号码", "号", "房间", "房", "室", "编码", "码", "no.", "no", "单号", "尾号")
NOT_A_THREAT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # word: (words it ends, words it begins) that make it something else
    "报警": (
        ("火灾", "烟雾", "烟感", "消防", "防盗", "自动", "燃气"),
        ("器", "灯", "声", "铃", "装置", "系统", "按钮", "响"),
    ),
    "工商": ((), ("银行", "管理学", "企业")),
    "曝光": ((), ("不足", "过度", "过曝", "时间", "度")),
    "上级": ((), ("领导说", "说")),
}
NEGATIONS = (
    "不会", "不想", "不打算", "不准备", "不愿意", "不用", "不必", "没必要", "用不着", "不至于", "不是要", "不是",
    "没打算", "没想", "没有", "没说", "暂时不", "先不", "并不想", "犯不着",
)  # fmt: skip
# What may stand between a negation and the word it takes back: the going and how (我不想闹到消协去, 不打算投诉到
# 12315, 没说要找媒体, 我并不想在大众点评上写差评). No 我, 了 or 就: "你们没有诚意我去消协", "这不是第一次了要找
# 媒体", "不会处理我就打12315" negate something else and threaten all the same.
GOING_WORDS = (
    "要", "想", "会", "说", "打算", "准备", "愿意", "过", "真", "真的", "非要", "特意", "专门", "轻易", "自己",
    "去", "到", "找", "打", "报", "发", "告", "上", "写", "闹", "闹大", "投诉", "举报", "反映", "打电话", "电话",
    "联系", "请", "叫", "个", "在", "向", "跟", "和", "给", "把", "你们", "你们的", "这事", "这件事", "事情",
)  # fmt: skip
_ONLY_GOING = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(GOING_WORDS, key=len, reverse=True)) + ")*")
CLAUSE_BREAKS = re.compile(r"[。！？；，、,.!?;:：\n…]")


@dataclass(frozen=True)
class RiskWord:
    """One word of the office's list."""

    word: str
    group: str
    weight: int


@dataclass(frozen=True)
class Reason:
    """One reason for the level: a code and its parameters (the words, counts and minutes a sentence names)."""

    code: str
    params: tuple[tuple[str, str | int], ...] = ()

    def get(self, name: str, default: str | int = "") -> str | int:
        return dict(self.params).get(name, default)

    @property
    def points(self) -> int:
        code = self.code
        if code == ReasonCode.THREAT:
            return _clamp_weight(self.get("weight", WEIGHT_MAX))
        if code == ReasonCode.REPEAT:
            return 2 if int(self.get("count", 2)) >= 3 else 1
        if code == ReasonCode.DECLINED:
            return min(int(self.get("count", 1)), 2)
        if code == ReasonCode.OVERDUE:
            return 2 if int(self.get("minutes", 0)) > OVERDUE_LONG_MINUTES else 1
        if code == ReasonCode.OFFICE_WAITING:
            return 2 if int(self.get("minutes", 0)) > OFFICE_WAIT_LONG_MINUTES else 1
        return 1

    def as_json(self) -> dict[str, str | int]:
        return {"code": self.code, **dict(self.params)}


def reason(code: str, **params: str | int) -> Reason:
    return Reason(code, tuple(sorted(params.items())))


@dataclass(frozen=True)
class NearMiss:
    """A word of the list found in the text that did not count, and why."""

    word: str
    group: str
    why: str
    context: str  # the text around it


# A sum of money the customer asks for, as a demand writes one: 5000元, 1,280 元, 300块, ¥300, 2万元, 1.5万. 块 and
# 万 alone are money only when no noun follows them (300块钱, 300块吧; not 3块蛋糕, a measure word, or 2万步).
_NO_NOUN_AFTER = r"(?=$|[^\u4e00-\u9fff]|钱|的|吧|了|呢|啊|多|左右|以上)"
_MONEY = re.compile(
    r"[¥￥]\s*(?P<sign>\d[\d,]*(?:\.\d+)?)"
    rf"|(?P<wan>\d+(?:\.\d+)?)\s*万(?:\s*(?:元|块|人民币)|{_NO_NOUN_AFTER})"
    rf"|(?P<unit>\d[\d,]*(?:\.\d+)?)\s*(?:元|人民币|rmb|块{_NO_NOUN_AFTER})",
    re.IGNORECASE,
)


def asked_amount(texts: Iterable[str]) -> Decimal | None:
    """The largest sum of money written in ``texts`` (the demand and the counter-demands: what the customer asks
    for, not the bill the complaint tells of), in yuan; None when none is written."""
    found: list[Decimal] = []
    for text in texts:
        for match in _MONEY.finditer(unicodedata.normalize("NFKC", text or "")):
            sign, wan, unit = match.group("sign"), match.group("wan"), match.group("unit")
            try:
                if wan is not None:
                    found.append(Decimal(wan) * 10_000)
                else:
                    found.append(Decimal((sign or unit).replace(",", "")))
            except InvalidOperation:
                continue
    return max(found) if found else None


@dataclass(frozen=True)
class RiskContext:
    """What besides the words raises the risk, as the case stands (``models.control.risk_cases`` reads it)."""

    earlier_complaints: int = 0  # by the same customer within REPEAT_DAYS before this one
    declined: int = 0  # proposals declined or countered
    overdue_minutes: int = 0  # past the promised time (0: not overdue)
    severe: str = ""  # the category's code when the case is of high severity ("" when not)
    beyond_authority: bool = False  # escalated to the office, or asked for more than the desk may grant
    office_waiting_minutes: int = 0  # an open escalation, waiting this long
    office_decided: bool = False  # the proposal the customer answers is the office's decision (its answer given)
    decision_accepted: bool = False  # and the customer accepted it: what is left is to carry it out and close
    taken_over: bool = False  # an office account took the case over: it answers the customer itself


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    reasons: tuple[Reason, ...]
    near_misses: tuple[NearMiss, ...] = field(default=(), compare=False)

    @property
    def score(self) -> int:
        return sum(r.points for r in self.reasons)


NO_RISK = RiskAssessment(RiskLevel.NONE, ())


def _clamp_weight(value: object) -> int:
    try:
        weight = int(str(value))
    except ValueError:
        return WEIGHT_MAX
    return max(WEIGHT_MIN, min(WEIGHT_MAX, weight))


def level_of(reasons: Iterable[Reason]) -> RiskLevel:
    score = sum(r.points for r in reasons)
    if score >= HIGH_FROM:
        return RiskLevel.HIGH
    if score >= WATCH_FROM:
        return RiskLevel.WATCH
    return RiskLevel.NONE


def assess(texts: Sequence[str], context: RiskContext, words: Sequence[RiskWord]) -> RiskAssessment:
    """The level and reasons of what the customer said and asked for (``texts``), the case's ``context``
    and the office's keyword list ``words`` (only active words: the caller passes them)."""
    threats, negated, misses = find_threats(texts, words)
    reasons = [*threats, *negated, *context_reasons(context)]
    return RiskAssessment(level_of(reasons), tuple(reasons), tuple(misses))


def context_reasons(context: RiskContext) -> list[Reason]:
    found: list[Reason] = []
    if context.earlier_complaints > 0:
        found.append(reason(ReasonCode.REPEAT, count=context.earlier_complaints + 1, days=REPEAT_DAYS))
    if context.declined > 0:
        found.append(reason(ReasonCode.DECLINED, count=context.declined))
    if context.overdue_minutes > 0:
        found.append(reason(ReasonCode.OVERDUE, minutes=context.overdue_minutes))
    if context.severe:
        found.append(reason(ReasonCode.SEVERE, kind=context.severe))
    if context.beyond_authority:
        # Once the office has decided, the desk tells its answer (the advice to say "the office decides" is past);
        # once the customer accepted it, the desk carries it out (telling the answer is past too).
        # The office's: taken over, it answers the customer itself (its own proposal).
        said: dict[str, str | int] = {"decided": 1} if context.office_decided else {}
        if context.office_decided and context.decision_accepted:
            said["accepted"] = 1
        if context.taken_over:
            said["taken"] = 1
        found.append(reason(ReasonCode.BEYOND_AUTHORITY, **said))
    if context.office_waiting_minutes > OFFICE_WAIT_MINUTES:
        found.append(reason(ReasonCode.OFFICE_WAITING, minutes=context.office_waiting_minutes))
    return found


def steady_score(reasons: Iterable[Reason]) -> int:
    """The points of the reasons that do not change with the clock (stored beside them: the office's list
    adds the clock's points in SQL, ``models.control.risk_list``)."""
    return sum(r.points for r in reasons if r.code not in TIMED)


def with_clock(reasons: Iterable[Reason], overdue_minutes: int, office_waiting_minutes: int) -> RiskAssessment:
    """Stored reasons with the clock's reasons as they are now (the office's list: a stored overdue
    reason says how late the case was at its last step, not now)."""
    kept = [r for r in reasons if r.code not in TIMED]
    timed = context_reasons(RiskContext(overdue_minutes=overdue_minutes, office_waiting_minutes=office_waiting_minutes))
    combined = kept + timed
    return RiskAssessment(level_of(combined), tuple(combined))


# --------------------------------------------------------------------------- the words


# The full-width punctuation Chinese text is full of, and NFKC's plain form of each. Replaced first, the usual text is
# normal already and NFKC only checks it (1.6 µs a narrative against 7.5; replacing a character by its NFKC form
# first gives the very same result, a test checks every code point).
_WIDE_PUNCTUATION = tuple(
    (wide, unicodedata.normalize("NFKC", wide)) for wide in ("，", "！", "？", "：", "；", "（", "）", "…")
)


def normalise(text: str) -> str:
    """As the words are compared: NFKC (full-width to plain) and lower case."""
    for wide, plain in _WIDE_PUNCTUATION:
        text = text.replace(wide, plain)
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[RiskWord, ...]) -> tuple[re.Pattern[str] | None, dict[str, RiskWord]]:
    """One alternation of the words, longest first (where two overlap, the longer one counts)."""
    by_word: dict[str, RiskWord] = {}
    for entry in words:
        key = normalise(entry.word).strip()
        if key and (key not in by_word or entry.weight > by_word[key].weight):
            by_word[key] = entry
    if not by_word:
        return None, by_word
    ordered = sorted(by_word, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered)), by_word


_last_pattern: tuple[tuple[RiskWord, ...], tuple[re.Pattern[str] | None, dict[str, RiskWord]]] | None = None


def _pattern_of(words: Sequence[RiskWord]) -> tuple[re.Pattern[str] | None, dict[str, RiskWord]]:
    """``_pattern`` of the words; the last tuple of words given again (the same object: a desk's or a demo's
    list, each word frozen) is not hashed again, word by word, to find its pattern."""
    global _last_pattern
    last = _last_pattern
    if last is not None and last[0] is words:
        return last[1]
    found = _pattern(tuple(words))
    if isinstance(words, tuple):
        _last_pattern = (words, found)
    return found


def find_threats(
    texts: Sequence[str], words: Sequence[RiskWord]
) -> tuple[list[Reason], list[Reason], list[NearMiss]]:
    """The threats (one per group, its heaviest word), the negated mentions (one per group without a
    threat) and the near misses found in ``texts``."""
    pattern, by_word = _pattern_of(words)
    if pattern is None:
        return [], [], []
    threats: dict[str, RiskWord] = {}
    negated: dict[str, tuple[RiskWord, str]] = {}
    misses: list[NearMiss] = []
    for text in texts:
        if not text:
            continue
        norm = normalise(text)
        breaks: list[int] | None = None  # where the clauses start, found once a word is
        for match in pattern.finditer(norm):
            key = match.group()
            entry = by_word[key]
            start, end = match.span()
            miss = _not_a_threat(norm, key, start, end)
            if miss is not None:
                misses.append(NearMiss(entry.word, entry.group, miss, _around(norm, start, end)))
                continue
            if breaks is None:
                breaks = [0, *(m.end() for m in CLAUSE_BREAKS.finditer(norm))]
            clause_at = bisect.bisect_right(breaks, start)
            after = norm[end : breaks[clause_at] if clause_at < len(breaks) else len(norm)]
            cue = _negation_before(norm[breaks[clause_at - 1] : start], after, pattern)
            if cue:
                known = negated.get(entry.group)
                if known is None or entry.weight > known[0].weight:
                    negated[entry.group] = (entry, cue)
                continue
            known_threat = threats.get(entry.group)
            if known_threat is None or entry.weight > known_threat.weight:
                threats[entry.group] = entry
    found = [
        reason(ReasonCode.THREAT, group=e.group, word=e.word, weight=_clamp_weight(e.weight)) for e in threats.values()
    ]
    lowered = [
        reason(ReasonCode.THREAT_NEGATED, group=e.group, word=e.word, cue=cue)
        for group, (e, cue) in negated.items()
        if group not in threats
    ]
    return found, lowered, misses


def _around(text: str, start: int, end: int, width: int = 8) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ")


def _not_a_threat(text: str, word: str, start: int, end: int) -> str | None:
    before, after = text[:start], text[end:]
    if any(c.isdigit() for c in word):
        if (before and before[-1].isdigit()) or (after and after[0].isdigit()):
            return MissCode.IN_NUMBER
        if after[:1] == "." and after[1:2].isdigit():
            return MissCode.IN_NUMBER
        stripped = after.lstrip()
        if stripped.startswith(NUMBER_UNITS) or before.rstrip().endswith(NUMBER_MARKS):
            return MissCode.NUMBER_OF_SOMETHING
    rule = NOT_A_THREAT.get(word)
    if rule is not None:
        prefixes, suffixes = rule
        if before.endswith(prefixes) or after.startswith(suffixes):
            return MissCode.OTHER_WORD
    return None


def _negation_before(clause: str, after: str, words: re.Pattern[str]) -> str:
    """The negation cue in ``clause`` (the word's clause up to the word) that lowers it: the last one, with
    nothing but ``GOING_WORDS`` and other ``words`` of the list after it (我不会找媒体曝光); else a bare 不
    right before the word; "" when there is none."""
    best = -1
    cue = ""
    for candidate in NEGATIONS:
        at = clause.rfind(candidate)
        while at >= 0 and _in_question(clause, at, candidate):
            at = clause.rfind(candidate, 0, at)
        if at > best or (at == best and at >= 0 and len(candidate) > len(cue)):
            best, cue = at, candidate
    if best < 0:
        return _bare_not(clause, after)
    between = words.sub("", "".join(clause[best + len(cue) :].split()))
    if _ONLY_GOING.fullmatch(between):
        return cue
    return _bare_not(clause, after)


# A bare 不 right before the word (不报警了), or before the verb of going to it (我不打12345, 我不找媒体): a
# customer backing down, scored high as a threat before. Farther back a 不 says something else (你们不处理我就打…).
BARE_NOT_VERBS = "打找去报发告上"
# Before the bare 不, what turns it round: 不得不, 不能不, 不可不, 没法不 (must), 要不 (why not), 还不 (then do);
# after the word, in its clause: 不行, 不可 (… or else), 吗, ？ and 等什么 (a question that threatens).
NOT_TURNED = ("得", "能", "可", "法", "要", "还", "非")
THREAT_AFTER = ("不行", "不可", "吗", "?", "？", "等什么", "怎么")


def _bare_not(clause: str, after: str = "") -> str:
    """不 or 不 and its verb at the end of ``clause`` (the word's clause up to the word, ``after``: the rest of
    its clause); "" when not, when it asks (打不打) or when the rest turns it round (我不得不报警, 不打12345不行了,
    我能不报警吗: threats it lowered to watch)."""
    tail = clause.rstrip()
    if any(marker in after for marker in THREAT_AFTER):
        return ""
    if tail.endswith("不"):
        cue, before = "不", tail[:-1]
    elif len(tail) >= 2 and tail[-2] == "不" and tail[-1] in BARE_NOT_VERBS:
        if len(tail) >= 3 and tail[-3] == tail[-1]:
            return ""
        cue, before = tail[-2:], tail[:-2]
    else:
        return ""
    if before.endswith(NOT_TURNED) or "非" in before:
        return ""
    return cue


def _in_question(clause: str, at: int, cue: str) -> bool:
    """是不是, 会不会, 有没有: the cue's 不 or 没 between the same word twice asks, it does not deny."""
    if cue[0] not in "不没" or at == 0 or len(cue) < 2:
        return False
    return clause[at - 1] == cue[1]


# --------------------------------------------------------------------------- storing reasons


def encode_reasons(reasons: Iterable[Reason]) -> str:
    """The compact text a complaint and an audit event keep: a JSON list of objects, keys sorted."""
    return _COMPACT.encode([r.as_json() for r in reasons])


# json.dumps with these arguments, made once (dumps makes an encoder on every call with arguments of its own).
_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_reasons(text: str | None) -> tuple[Reason, ...]:
    """The reasons ``encode_reasons`` wrote; anything unreadable is no reason (a hand-edited file)."""
    if not text or text == "[]":
        return ()
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    decoded = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            params = {k: v for k, v in item.items() if k != "code" and isinstance(v, str | int)}
            decoded.append(reason(item["code"], **params))
    return tuple(decoded)


def reasons_as_json(reasons: Iterable[Reason]) -> list[dict[str, str | int]]:
    return [r.as_json() for r in reasons]
