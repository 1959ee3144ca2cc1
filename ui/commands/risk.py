"""``main.py risk "TEXT"``: the escalation-risk level of what a customer said, with every reason found and
every word of the list that did not count (and why), read with the database's keyword list: the office
tries its list here."""

from __future__ import annotations

import argparse

from ui.commands.common import EXIT_OK
from ui.commands.speech import translate


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    risk = commands.add_parser(
        "risk",
        help=translate(
            "CommandLine",
            "the escalation-risk level of what a customer said, and why (with the database's keyword list)",
        ),
    )
    risk.add_argument(
        "texts", nargs="+", metavar="TEXT", help=translate("CommandLine", "what the customer said or asks for")
    )
    risk.add_argument(
        "--language",
        choices=("zh_CN", "en"),
        help=translate("CommandLine", "language of the sentences (default: the command line's)"),
    )
    risk.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.control.risk import RiskContext, assess
    from models.control.risk_cases import risk_words
    from models.database import open_existing_database
    from ui.i18n import current_language

    database = open_existing_database(url)
    try:
        words = risk_words()
    finally:
        database.close()
    assessment = assess(args.texts, RiskContext(), words)
    for line in report_lines(assessment, len(words), args.language or current_language()):
        print(line)
    return EXIT_OK


def report_lines(assessment: object, word_count: int, language: str) -> list[str]:
    """The level, each reason (its sentence, its code and parameters, its points, what to do) and each
    word not counted, as the command prints them."""
    from models.control.risk import RiskAssessment
    from ui.paper.code_labels import code_label
    from ui.paper.risk_labels import printed_advice, printed_miss, printed_reason

    assert isinstance(assessment, RiskAssessment)
    zh = language == "zh_CN"
    level = code_label("risk_level", assessment.level, language)
    score = assessment.score
    lines = [f"越级风险：{level}（{score} 分）" if zh else f"escalation risk: {level} ({counted(score, 'point')})"]
    if assessment.reasons:
        lines.append("原因：" if zh else "reasons:")
    for reason in sorted(assessment.reasons, key=lambda r: -r.points):
        stored = reason.as_json()
        if zh:  # the sentence names the reason; its figures in words the office reads (the codes are English)
            named = ((_ZH_PARAMS.get(name, name), _zh_value(name, value)) for name, value in reason.params)
            params = "；".join(f"{name}：{value}" for name, value in named)
            figures = f"（{params}；计 {reason.points} 分）" if params else f"（计 {reason.points} 分）"
        else:
            params = ", ".join(f"{name}={value}" for name, value in reason.params)
            figures = f"[{reason.code}: {params}; {counted(reason.points, 'point')}]"
        lines.append(f"  - {printed_reason(stored, language)}{figures}" if zh else
                     f"  - {printed_reason(stored, language)} {figures}")  # fmt: skip
        advice = printed_advice(stored, language)
        if advice:
            lines.append(f"    应对：{advice}" if zh else f"    what to do: {advice}")
    if assessment.near_misses:
        lines.append("未计入：" if zh else "not counted:")
    for miss in assessment.near_misses:
        group = code_label("risk_group", miss.group, language)
        why = printed_miss(miss.why, language)
        lines.append(f"  - “{miss.word}”（{group}）见于“{miss.context}”：{why}" if zh else
                     f"  - “{miss.word}” ({group}) in “{miss.context}”: {why}")  # fmt: skip
    if not assessment.reasons and not assessment.near_misses:
        lines.append("未发现关键词或其他信号。" if zh else "no word of the list and no other signal found.")
    words = counted(word_count, "active word")
    lines.append(f"关键词表：{word_count} 个启用中的关键词" if zh else f"keyword list: {words}")
    if not word_count:  # a database not set up yet: "no sign" said nothing of the list it did not have
        lines.append(
            "关键词表为空：无法判断越级风险。请先完成初次设置，或由办公室在“基础资料与设置”中添加关键词。"
            if zh
            else "the keyword list is empty: no threat can be recognised. Set the database up first (the desk's "
            "first start), or the office adds words in Catalogues."
        )
    return lines


def counted(n: int, noun: str) -> str:
    """The report's English counts, "1 point", "2 points" (its Chinese needs no plural)."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


# A reason's figures as the Chinese report names them.
_ZH_PARAMS = {"group": "类别", "weight": "权重", "word": "关键词", "cue": "否定词", "count": "次数", "days": "天数",
              "minutes": "分钟", "kind": "类型"}  # fmt: skip


def _zh_value(name: str, value: object) -> object:
    from ui.paper.code_labels import code_label

    return code_label("risk_group", value, "zh_CN") if name == "group" else value
