"""The complaint form's look: inks, type sizes, paragraph styles and the
table grid, in one place so every part of the form draws alike."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8c8c8c")
BAND = colors.HexColor("#e6e6e6")
LABEL_FILL = colors.HexColor("#f4f4f4")
DRAFT_RED = colors.HexColor("#c62828")
WATERMARK = colors.HexColor("#f6d5d5")

BODY_SIZE, BODY_LEADING, LABEL_SIZE = 9.5, 13, 8.5
CELL_PADDING = 4


@dataclass(frozen=True)
class FormStyles:
    body: ParagraphStyle
    body_cjk: ParagraphStyle
    label: ParagraphStyle
    right: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    organisation: ParagraphStyle
    title: ParagraphStyle
    number_label: ParagraphStyle
    number: ParagraphStyle
    draft: ParagraphStyle
    meta: ParagraphStyle


@functools.lru_cache(maxsize=4)
def form_styles(regular: str, bold: str) -> FormStyles:
    """The paragraph styles in the given fonts (built once per font pair)."""
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=BODY_SIZE, leading=BODY_LEADING, textColor=INK, splitLongWords=1
    )
    return FormStyles(
        body=body,
        body_cjk=ParagraphStyle("body_cjk", parent=body, wordWrap="CJK"),
        label=ParagraphStyle("label", parent=body, fontName=bold, fontSize=LABEL_SIZE, leading=11, textColor=MUTED),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        heading=ParagraphStyle("heading", parent=body, fontName=bold, fontSize=11, leading=14),
        subheading=ParagraphStyle("subheading", parent=body, fontName=bold, fontSize=10, leading=13),
        organisation=ParagraphStyle(
            "organisation", parent=body, fontName=bold, fontSize=12, leading=16, alignment=TA_CENTER, wordWrap="CJK"
        ),
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=17, leading=22, alignment=TA_CENTER),
        number_label=ParagraphStyle("number_label", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        number=ParagraphStyle("number", parent=body, fontName=bold, fontSize=15, leading=19),
        draft=ParagraphStyle(
            "draft", parent=body, fontName=bold, fontSize=12, leading=16, textColor=DRAFT_RED, alignment=TA_CENTER
        ),
        meta=ParagraphStyle("meta", parent=body, fontSize=8.5, leading=11, textColor=MUTED, wordWrap="CJK"),
    )


GRID: list[tuple[Any, ...]] = [
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]
