"""The complaint-control work summary (投诉管控工作总结) as a document: its fixed structure, the figures behind its
text and the data of its charts, as plain frozen values that the editor, the PDF and the Word writers read and
that a saved version keeps as JSON.

The structure is the seed's: 标题; 正文 — 开头 (概述情况，总体评价), 主体 (成绩; 不足及原因; 经验和教训), 结尾
(存在的问题; 下一步方向); 落款 (unit, author, date). The headings are fixed (``heading``); each section's text is
free paragraphs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

LANGUAGES = ("zh_CN", "en")


class SectionKey(StrEnum):
    OPENING = "opening"  # 开头: 概述情况，总体评价
    ACHIEVEMENTS = "achievements"  # 主体: 成绩
    SHORTCOMINGS = "shortcomings"  # 主体: 不足及其原因
    LESSONS = "lessons"  # 主体: 经验和教训
    PROBLEMS = "problems"  # 结尾: 存在的问题
    NEXT_STEPS = "next_steps"  # 结尾: 下一步方向


class Part(StrEnum):
    OPENING = "opening"  # 开头
    BODY = "body"  # 主体
    ENDING = "ending"  # 结尾


# The order of the sections and the part of the text each belongs to.
STRUCTURE: tuple[tuple[Part, tuple[SectionKey, ...]], ...] = (
    (Part.OPENING, (SectionKey.OPENING,)),
    (Part.BODY, (SectionKey.ACHIEVEMENTS, SectionKey.SHORTCOMINGS, SectionKey.LESSONS)),
    (Part.ENDING, (SectionKey.PROBLEMS, SectionKey.NEXT_STEPS)),
)
SECTION_ORDER = tuple(key for _part, keys in STRUCTURE for key in keys)

_HEADINGS = {
    "zh_CN": {
        SectionKey.OPENING: "一、基本情况和总体评价",
        SectionKey.ACHIEVEMENTS: "二、主要成绩",
        SectionKey.SHORTCOMINGS: "三、存在的不足及原因",
        SectionKey.LESSONS: "四、经验和教训",
        SectionKey.PROBLEMS: "五、存在的问题",
        SectionKey.NEXT_STEPS: "六、下一步工作方向",
    },
    "en": {
        SectionKey.OPENING: "1. Overview and overall assessment",
        SectionKey.ACHIEVEMENTS: "2. Achievements",
        SectionKey.SHORTCOMINGS: "3. Shortcomings and their causes",
        SectionKey.LESSONS: "4. Experience and lessons",
        SectionKey.PROBLEMS: "5. Problems outstanding",
        SectionKey.NEXT_STEPS: "6. Next steps",
    },
}
_PART_NAMES = {
    "zh_CN": {Part.OPENING: "开头", Part.BODY: "主体", Part.ENDING: "结尾"},
    "en": {Part.OPENING: "Opening", Part.BODY: "Body", Part.ENDING: "Ending"},
}


def summary_language(language: str | None) -> str:
    """The document language for a GUI language code: zh* writes Chinese, anything else English."""
    if language in LANGUAGES:
        return str(language)
    return "zh_CN" if (language or "zh").lower().startswith("zh") else "en"


def written_date(day: dt.date, language: str | None) -> str:
    """A date as the document's prose and its 落款 write it: 2026年12月7日 in Chinese (an official document's
    date, as its title's 2026年11月; it said 截至2026-12-07 and signed off 2026-12-07), else 2026-12-07."""
    if summary_language(language) == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def heading(key: SectionKey | str, language: str) -> str:
    """The fixed heading of a section in the document's language."""
    return _HEADINGS[summary_language(language)][SectionKey(key)]


def part_name(part: Part | str, language: str) -> str:
    return _PART_NAMES[summary_language(language)][Part(part)]


@dataclass(frozen=True)
class Figure:
    """A figure the text states, with the register filter that produced it (``filters``: the fields of
    ``models.search.Filters`` as JSON values, dates as ISO text), so the editor can open the complaints
    behind it. ``value`` is the figure as the text writes it; ``amount`` the number itself."""

    key: str
    label: str
    value: str
    amount: float | None = None
    compared: str = ""  # against the previous period, as the text says it ("" when not compared)
    filters: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "amount": self.amount,
            "compared": self.compared,
            "filters": dict(self.filters),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figure:
        return cls(
            key=str(data["key"]),
            label=str(data["label"]),
            value=str(data["value"]),
            amount=None if data.get("amount") is None else float(data["amount"]),
            compared=str(data.get("compared") or ""),
            filters=dict(data.get("filters") or {}),
        )


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label in the document's language, this period's value and the previous one's."""

    label: str
    value: float
    previous: float | None = None


@dataclass(frozen=True)
class Charts:
    """What the printed summary draws: complaints by category (beside the previous period), complaints per week
    (the week's first day, ISO), and compensation by department charged; the last day the weeks were counted
    through (ISO; a period not over when the draft was made: its last week only partly counted).
    ``counted_through`` is "" in a summary stored before it was kept (``weeks_through`` then reads the 落款's date)."""

    by_category: tuple[Bar, ...] = ()
    weekly: tuple[tuple[str, int], ...] = ()
    cost_by_department: tuple[Bar, ...] = ()
    counted_through: str = ""

    def to_json(self) -> dict[str, Any]:
        def bars(rows: Sequence[Bar]) -> list[list[Any]]:
            return [[bar.label, bar.value, bar.previous] for bar in rows]

        return {
            "by_category": bars(self.by_category),
            "weekly": [list(row) for row in self.weekly],
            "cost_by_department": bars(self.cost_by_department),
            "counted_through": self.counted_through,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Charts:
        def bars(rows: Sequence[Sequence[Any]]) -> tuple[Bar, ...]:
            return tuple(Bar(str(r[0]), float(r[1]), None if r[2] is None else float(r[2])) for r in rows)

        return cls(
            by_category=bars(data.get("by_category") or ()),
            weekly=tuple((str(day), int(count)) for day, count in data.get("weekly") or ()),
            cost_by_department=bars(data.get("cost_by_department") or ()),
            counted_through=str(data.get("counted_through") or ""),
        )


@dataclass(frozen=True)
class Section:
    key: SectionKey
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SignOff:
    """落款: the unit, the author and the date."""

    organisation: str
    author: str
    date: dt.date


@dataclass(frozen=True)
class SummaryDocument:
    """A work summary as written: title, the six sections in their order, 落款; the figures behind the text
    and the charts' data, in the document's language."""

    title: str
    language: str
    first_day: dt.date
    last_day: dt.date
    sections: tuple[Section, ...]
    sign_off: SignOff
    figures: tuple[Figure, ...] = ()
    charts: Charts = field(default_factory=Charts)

    def section(self, key: SectionKey | str) -> Section:
        wanted = SectionKey(key)
        return next(s for s in self.sections if s.key == wanted)

    @property
    def weeks_through(self) -> dt.date:
        """The last day the weekly chart counts: the period's, or the day its figures were read when that was
        before (the week of that day only partly counted, starred as the period's first and last weeks are)."""
        counted = self.charts.counted_through
        read = dt.date.fromisoformat(counted) if counted else self.sign_off.date
        return min(self.last_day, max(read, self.first_day))

    def paragraphs(self, key: SectionKey | str) -> tuple[str, ...]:
        return self.section(key).paragraphs

    def text_json(self) -> str:
        """What a version keeps of the text: title, the sections' paragraphs, author."""
        return json.dumps(
            {
                "title": self.title,
                "author": self.sign_off.author,
                "sections": {s.key.value: list(s.paragraphs) for s in self.sections},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    def figures_json(self) -> str:
        """What a version keeps of the data behind the text: the figures with their filters, the charts."""
        return json.dumps(
            {"figures": [f.to_json() for f in self.figures], "charts": self.charts.to_json()},
            ensure_ascii=False,
            sort_keys=True,
        )

    def with_text(
        self, title: str, sections: Mapping[str, Sequence[str]], author: str | None = None
    ) -> SummaryDocument:
        """The same document with other words (the figures and charts stay)."""
        return SummaryDocument(
            title=title,
            language=self.language,
            first_day=self.first_day,
            last_day=self.last_day,
            sections=tuple(Section(key, tuple(sections.get(key.value, ()))) for key in SECTION_ORDER),
            sign_off=SignOff(
                self.sign_off.organisation, self.sign_off.author if author is None else author, self.sign_off.date
            ),
            figures=self.figures,
            charts=self.charts,
        )


def document_from_json(
    text: str,
    figures: str,
    *,
    language: str,
    first_day: dt.date,
    last_day: dt.date,
    organisation: str,
    dated: dt.date,
) -> SummaryDocument:
    """A stored version as a document (``text`` and ``figures`` as ``text_json`` and ``figures_json`` wrote them)."""
    words = json.loads(text)
    data = json.loads(figures)
    sections = words.get("sections") or {}
    return SummaryDocument(
        title=str(words.get("title") or ""),
        language=summary_language(language),
        first_day=first_day,
        last_day=last_day,
        sections=tuple(Section(key, tuple(str(p) for p in sections.get(key.value, ()))) for key in SECTION_ORDER),
        sign_off=SignOff(organisation, str(words.get("author") or ""), dated),
        figures=tuple(Figure.from_json(f) for f in data.get("figures") or ()),
        charts=Charts.from_json(data.get("charts") or {}),
    )


def paragraphs_of(text: str) -> tuple[str, ...]:
    """A section's text as typed in the editor: each non-empty line a paragraph."""
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())
