"""The CJK font the printed forms use, found as DESIGN.md says: a configured
font file, else a system font, else reportlab's built-in STSong-Light CID font."""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from reportlab.lib import textsplit as reportlab_textsplit
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as reportlab_paragraph

from ui.paper import cjk_lines

log = logging.getLogger("complaint_desk.paper")

# Chinese punctuation that never begins a line (避头): reportlab's CJK line breaking keeps Japanese text's list,
# which has 、。and the closing brackets but not the full-width comma, semicolon, colon, ! and ? or the closing
# quotes Chinese text uses, so a line of a summary could begin "，平均满意度4.06分". Added once, where every
# printed form finds its font, to both places reportlab reads it (one frag's text, and several frags').
CHINESE_CANNOT_START = "，；：！？”’》〉」』】…—"  # and the ellipsis and dash, which come in pairs
for _module in (reportlab_textsplit, reportlab_paragraph):
    _module.ALL_CANNOT_START += "".join(mark for mark in CHINESE_CANNOT_START if mark not in _module.ALL_CANNOT_START)
# Two of them in a row (”， or ）！) go down to the next line with the character before them (ui/paper/cjk_lines.py).
cjk_lines.install()

CID_FALLBACK = "STSong-Light"
# The CJK font a program folder carries (tools/build.py), for a system that has none; absent in a source tree.
BUNDLED_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
# A font that lacks these cannot print a complaint form (fc-match may answer DejaVu).
_PROBE = "投诉处理记录表顾客"


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names; ``bold`` is ``regular`` when the family has no bold face."""

    regular: str
    bold: str
    embedded: bool
    source: str | None
    index: int = 0  # the face's index in ``source`` (a collection, .ttc)


@dataclass(frozen=True)
class _Candidate:
    regular: str
    bold: str | None = None
    index: int = 0


def _windows_candidates() -> list[_Candidate]:
    """Microsoft YaHei (微软雅黑, with its bold) and SimSun (宋体), which every Chinese Windows has and others get
    with the "Chinese (Simplified) Supplemental Fonts" feature; SimHei (黑体) last. Fonts installed for one user
    only live in the user's own folder."""
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    candidates = []
    for fonts in folders:
        candidates += [
            _Candidate(str(fonts / "msyh.ttc"), str(fonts / "msyhbd.ttc")),
            _Candidate(str(fonts / "msyh.ttf"), str(fonts / "msyhbd.ttf")),
            _Candidate(str(fonts / "simsun.ttc")),
            _Candidate(str(fonts / "simhei.ttf")),
        ]
    return candidates


def _macos_candidates() -> list[_Candidate]:
    return [
        _Candidate("/System/Library/Fonts/PingFang.ttc"),
        _Candidate("/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/STHeiti Medium.ttc"),
        _Candidate("/System/Library/Fonts/Supplemental/Songti.ttc"),
        _Candidate("/Library/Fonts/Arial Unicode.ttf"),
    ]


def _linux_candidates() -> list[_Candidate]:
    # Noto Sans CJK and Source Han are usually CFF-flavoured OpenType, which
    # reportlab cannot embed; they are tried anyway (TrueType builds exist).
    return [
        _Candidate("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        _Candidate("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        _Candidate("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"),
        _Candidate("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
        _Candidate(
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        ),
        _Candidate(
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
        ),
        _Candidate(
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"
        ),
        _Candidate(
            "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf",
            "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Bold.otf",
        ),
        _Candidate("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    ]


def _system_candidates() -> list[_Candidate]:
    if sys.platform.startswith("win"):
        return _windows_candidates()
    if sys.platform == "darwin":
        return _macos_candidates()
    return _linux_candidates()


def _bundled_candidates() -> list[_Candidate]:
    if not BUNDLED_FONTS.is_dir():
        return []
    return [_Candidate(str(path)) for path in sorted(BUNDLED_FONTS.glob("*.tt[cf]"))]


def _fontconfig_candidate() -> _Candidate | None:
    """What fontconfig would pick for Simplified Chinese, if fontconfig is there."""
    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        answer = subprocess.run(
            [program, "-f", "%{file}\n%{index}", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("fc-match failed: %s", error)
        return None
    path, _, index = answer.partition("\n")
    if not path.strip():
        return None
    return _Candidate(path.strip(), index=int(index) if index.strip().isdigit() else 0)


def _font_name(path: str, index: int, suffix: str = "") -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "", Path(path).stem) or "Font"
    return f"CJK-{stem}-{index}{suffix}"


def _load(path: str, index: int, suffix: str = "") -> TTFont | None:
    """A TrueType font that can print Chinese, or None (missing file, CFF outlines, no CJK glyphs)."""
    try:
        found = Path(path).stat()
    except OSError:
        return None
    if not S_ISREG(found.st_mode):
        return None
    return _read(path, index, suffix, found.st_size, found.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _read(path: str, index: int, suffix: str, size: int, modified: int) -> TTFont | None:
    """``_load``'s font (or None), read once while the file's size and time are unchanged (a CJK font is
    megabytes of tables to parse, and the tests register fonts again and again)."""
    name = _font_name(path, index, suffix)
    try:
        font = TTFont(name, path, subfontIndex=index)
    except Exception as error:  # noqa: BLE001 - reportlab raises TTFError, struct.error, KeyError…
        log.info("cannot use the font %s: %s", path, error)
        return None
    if not all(ord(character) in font.face.charToGlyph for character in _PROBE):
        log.info("the font %s has no Chinese glyphs", path)
        return None
    return font


def _register(candidate: _Candidate) -> FontSet | None:
    regular = _load(candidate.regular, candidate.index)
    if regular is None:
        return None
    bold = _load(candidate.bold, 0, "-Bold") if candidate.bold else None
    pdfmetrics.registerFont(regular)
    bold_name = regular.fontName
    if bold is not None:
        pdfmetrics.registerFont(bold)
        bold_name = bold.fontName
    _register_family(regular.fontName, bold_name)
    return FontSet(regular.fontName, bold_name, embedded=True, source=candidate.regular, index=candidate.index)


def _register_family(regular: str, bold: str) -> None:
    # <b> in a Paragraph maps through the family; without it reportlab cannot find a bold face.
    for is_bold, is_italic, face in ((0, 0, regular), (1, 0, bold), (0, 1, regular), (1, 1, bold)):
        addMapping(regular, is_bold, is_italic, face)


@functools.lru_cache(maxsize=8)
def cjk_fonts(configured: str | None = None) -> FontSet:
    """Register and return the fonts for Chinese forms, in this order: the
    configured file, the platform's usual CJK fonts, fontconfig's choice for
    zh-cn, the program folder's own font, and finally the built-in (not embedded) STSong-Light CID font."""
    candidates: list[_Candidate] = []
    if configured:
        candidates.append(_Candidate(configured))
    candidates.extend(_system_candidates())
    fontconfig = _fontconfig_candidate()
    if fontconfig is not None:
        candidates.append(fontconfig)
    candidates.extend(_bundled_candidates())
    for position, candidate in enumerate(candidates):
        found = _register(candidate)
        if found is not None:
            if configured and position > 0:
                log.warning("the configured font %s cannot print Chinese; using %s", configured, found.source)
            return found
    log.warning("no CJK TrueType font found; PDFs use the built-in %s font, not embedded", CID_FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    _register_family(CID_FALLBACK, CID_FALLBACK)
    return FontSet(CID_FALLBACK, CID_FALLBACK, embedded=False, source=None)


class _BasicPlane:
    """The code points the CID font is trusted with: its CMap is UCS-2."""

    def __contains__(self, codepoint: object) -> bool:
        return isinstance(codepoint, int) and 0 <= codepoint <= 0xFFFF


def coverage(fonts: FontSet) -> Container[int]:
    """The code points the regular face can draw (``ord(c) in coverage(fonts)``)."""
    face = getattr(pdfmetrics.getFont(fonts.regular), "face", None)
    char_to_glyph = getattr(face, "charToGlyph", None)
    return char_to_glyph if char_to_glyph is not None else _BasicPlane()
