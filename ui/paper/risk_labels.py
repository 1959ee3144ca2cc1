"""The escalation risk's reasons in words: each reason code's sentence and what the duty manager should do
about it, shared by the screens (the English source, translated by Qt: ``ui.risk_text``) and the printed
forms and the command line (the Chinese and English here, without Qt).

A sentence is a template with named placeholders filled from the reason's parameters: ``{word}`` (what
the customer said), ``{group}`` (where they threaten to go, named by ``code_labels``' "risk_group"),
``{cue}`` (the words that deny it), ``{count}``, ``{days}``, ``{kind}`` (the category of a serious case,
by its name) and ``{duration}`` (minutes, in words)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ui.paper.code_labels import QT_TRANSLATE_NOOP, CodeName, code_label
from ui.paper.labels import form_language

# The reason's sentence.
REASONS: Mapping[str, CodeName] = {
    "threat": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "The customer mentioned {group} (“{word}”)"),
        "顾客提到{group}（“{word}”）",
    ),
    "threat_negated": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "The customer named {group} (“{word}”) but said they would not go (“{cue}”)"),
        "顾客提到{group}（“{word}”），但表示不会去（“{cue}”）",
    ),
    "repeat": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "Complaint no. {count} within {days} days"),
        "{days} 天内第 {count} 次投诉",
    ),
    "declined": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "Proposals turned down: {count}"),
        "顾客不接受方案（{count} 次）",
    ),
    "overdue": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "The promised time passed {duration} ago"),
        "已超过承诺时间 {duration}",
    ),
    "severe": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "A serious matter: {kind}"),
        "严重情形（{kind}）",
    ),
    "beyond_authority": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "What the customer asks is beyond the duty manager's authority"),
        "要求超出值班经理的权限",
    ),
    "office_waiting": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "Waiting for the office for {duration}"),
        "上报后等待办公室已 {duration}",
    ),
}

_CALM = CodeName(
    QT_TRANSLATE_NOOP("RiskAdvice", "Stay calm, do not argue, and tell the office now."),
    "保持冷静，不争辩，立即通知办公室。",
)
_RECORD = CodeName(
    QT_TRANSLATE_NOOP("RiskAdvice", "Write down what they ask for, say when they will hear back, tell the office."),
    "认真记录诉求，告知答复时限，立即通知办公室。",
)
# What to do, for a threat by where the customer threatens to go, and for the other reasons by code.
THREAT_ADVICE: Mapping[str, CodeName] = {
    "12315": _RECORD,
    "12345": _RECORD,
    "consumer_association": _RECORD,
    "regulator": _RECORD,
    "media": _CALM,
    "social_media": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Stay polite, do not stop them filming, and offer a solution quickly."),
        "保持礼貌，不阻止顾客拍摄，尽快给出处理方案。",
    ),
    "legal": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Do not comment on liability or promise anything; tell the office now."),
        "不评论责任，不作承诺，立即通知办公室。",
    ),
    "head_office": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Explain honestly how the complaint is raised, and ask the office to step in."),
        "如实说明向上级投诉的途径，并请办公室出面。",
    ),
    "police": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Safety first; help call the police if a crime is involved; tell the office."),
        "先确保人身安全；涉及违法行为的协助报警，并通知办公室。",
    ),
    "other": _CALM,
}
ADVICE: Mapping[str, CodeName] = {
    "threat_negated": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Take it seriously and give the customer an answer soon."),
        "认真对待，尽快给顾客一个说法。",
    ),
    "repeat": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Look at how the last complaint was handled; do not offer the same again."),
        "先看上次是怎么处理的，不要重复同样的方案。",
    ),
    "declined": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Find out what the customer really wants; escalate what you may not grant."),
        "弄清顾客真正的诉求；超出权限的及时上报。",
    ),
    "overdue": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Apologise for the delay and give the customer a new time."),
        "先为超时致歉，告知新的答复时间。",
    ),
    "severe": CodeName(
        # Any case of high severity: a billing dispute as much as foreign matter in food (the danger only if any).
        QT_TRANSLATE_NOOP(
            "RiskAdvice", "Deal first with any danger to safety or health, keep the evidence, and tell the office."
        ),
        "如有安全或健康隐患先处置，保留证据，通知办公室。",
    ),
    "beyond_authority": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Say honestly that the office decides; promise nothing yourself."),
        "如实告知需由办公室决定，不私下承诺。",
    ),
    "office_waiting": CodeName(
        QT_TRANSLATE_NOOP("RiskAdvice", "Chase the office and tell the customer where things stand."),
        "催促办公室，并向顾客说明进度。",
    ),
}

# Why a word of the list that was found did not count (``models.control.risk.MissCode``).
MISSES: Mapping[str, CodeName] = {
    "in_number": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "digits inside a longer number (a phone number, a code)"),
        "是更长号码（电话号码、编号）的一部分",
    ),
    "number_of_something": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "a number of something: an amount, a room, a count"),
        "是金额、房号或数量",
    ),
    "other_word": CodeName(
        QT_TRANSLATE_NOOP("RiskText", "part of a word for something else (an alarm device, a bank)"),
        "是另一个词的一部分（如报警器、工商银行）",
    ),
}

# Durations on paper (the screens say them through Qt's plural forms).
_DURATION = {
    "zh_CN": ("{minutes}分钟", "{hours}小时{minutes}分钟", "{hours}小时", "{days}天{hours}小时", "{days}天"),
    "en": ("{minutes} min", "{hours} h {minutes} min", "{hours} h", "{days} d {hours} h", "{days} days"),
}


def duration_words(minutes: int, language: str | None) -> str:
    """12 minutes, 2 hours 5 minutes, 3 days: as long as it matters at the desk. A day or two to the minute in
    hours (a reply promised in 48 hours printed "2天0小时")."""
    shapes = _DURATION[form_language(language)]
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    if days >= 3:
        return shapes[4].format(days=days)
    if days and not rest:
        return shapes[2].format(hours=days * 24)
    if days:
        return shapes[3].format(days=days, hours=hours)
    if hours and minutes:
        return shapes[1].format(hours=hours, minutes=minutes)
    if hours:
        return shapes[2].format(hours=hours)
    return shapes[0].format(minutes=minutes)


def fill_reason(
    template: str,
    params: Mapping[str, object],
    group_name: Callable[[str], str],
    duration: Callable[[int], str],
    category_name: Callable[[str], str],
) -> str:
    """A reason's template filled with its parameters in words (an unknown placeholder keeps its template)."""
    values: dict[str, object] = dict(params)
    values["group"] = group_name(str(params.get("group", "")))
    values["duration"] = duration(int(str(params.get("minutes", 0) or 0)))
    if "{kind}" in template:
        from models.control.hotspots import in_sentence  # the hot-spot tables: only for a serious case's reason

        # An English category inside the sentence in lower case ("A serious matter: safety hazard"); a Chinese name
        # is as it is.
        values["kind"] = in_sentence(category_name(str(params.get("kind", ""))))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


# The office has decided what the desk could not grant: the desk tells its answer.
DECIDED_ADVICE = CodeName(
    QT_TRANSLATE_NOOP("RiskAdvice", "The office has decided: tell the customer its answer as it stands."),
    "办公室已作出决定，请如实向顾客转告其答复。",  # no colon: the form joins reason and advice with one
)

# The customer accepted the office's decision: the desk carries it out.
ACCEPTED_DECISION_ADVICE = CodeName(
    QT_TRANSLATE_NOOP(
        "RiskAdvice", "The customer accepted the office's decision: carry it out as decided and close the case."
    ),
    "顾客已接受办公室的决定，请按决定兑现并结案。",
)

# The office decided to take the case over: it answers the customer itself.
TAKEN_OVER_ADVICE = CodeName(
    QT_TRANSLATE_NOOP("RiskAdvice", "The office has taken the case over: it makes its own proposal to the customer."),
    "办公室已接管此投诉，由办公室向顾客提出处理方案。",
)


def advice_entry(code: str, params: Mapping[str, object]) -> CodeName | None:
    if code == "threat":
        return THREAT_ADVICE.get(str(params.get("group", "")), _CALM)
    if code == "beyond_authority" and params.get("accepted"):
        return ACCEPTED_DECISION_ADVICE
    if code == "beyond_authority" and params.get("taken"):
        return TAKEN_OVER_ADVICE
    if code == "beyond_authority" and params.get("decided"):
        return DECIDED_ADVICE
    return ADVICE.get(code)


def printed_reason(
    reason: Mapping[str, object], language: str | None, category_name: Callable[[str], str] | None = None
) -> str:
    """A stored reason ({"code": …, parameters}) as a printed sentence; an unknown code prints as itself."""
    code = str(reason.get("code", ""))
    entry = REASONS.get(code)
    if entry is None:
        return code
    printed = form_language(language)
    return fill_reason(
        entry.printed(printed),
        reason,
        lambda group: code_label("risk_group", group, printed),
        lambda minutes: duration_words(minutes, printed),
        category_name or (lambda kind: kind),
    )


def printed_advice(reason: Mapping[str, object], language: str | None) -> str:
    entry = advice_entry(str(reason.get("code", "")), reason)
    return entry.printed(form_language(language)) if entry else ""


def printed_miss(why: str, language: str | None) -> str:
    entry = MISSES.get(why)
    return entry.printed(form_language(language)) if entry else why
