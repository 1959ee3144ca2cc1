"""What a person meets before the desk can work: a display for the window, a font that draws Chinese.

``display_missing`` needs no Qt (it runs before Qt is loaded: without a display, Qt's xcb plugin aborts the
process with a misleading message). The font check asks Qt's font database, as the screens draw with it; the
program folder built by tools/build.py carries a CJK font that the desk loads when the system has none.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

log = logging.getLogger("complaint_desk.first_contact")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context`` (this module loads before Qt and the models: neither's)."""
    return text


# Where tools/build.py puts the CJK font of the program folder (absent in a source tree).
BUNDLED_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
# Characters any font that claims Chinese must draw (the desk's title among them).
PROBE = "投诉受理台顾客"
# Shown as it is on the screens, untranslated: without a CJK font a Chinese sentence would be boxes too. A terminal
# draws with its own font: the command line says it in its language (``main.py verify``).
NO_CHINESE_FONT = QT_TRANSLATE_NOOP(
    "FirstContact",
    "No installed font can show Chinese: every Chinese character will be an empty box. "
    "Install one and start Complaint Desk again: on Debian or Ubuntu, "
    "`sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk); "
    "on Windows, Microsoft YaHei or SimSun "
    "(Settings → Apps → Optional features → Chinese (Simplified) Supplemental Fonts).",
)
# Said on the terminal in the language the command line speaks (``no_display_sentence``).
NO_DISPLAY = QT_TRANSLATE_NOOP(
    "FirstContact",
    "main.py: the desk needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set); "
    "the commands (main.py --help) work without one, and QT_QPA_PLATFORM=offscreen runs the desk with no screen.",
)


def no_display_sentence() -> str:
    """``NO_DISPLAY`` in the command line's language (the desk's chosen one, else the system's): Qt's offscreen
    application says it, as the commands speak without a display."""
    from PySide6.QtCore import QCoreApplication

    from ui.commands import speech

    speech.start()
    try:
        return QCoreApplication.translate("FirstContact", NO_DISPLAY)
    finally:
        speech.stop()


def display_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True where starting the desk's window would fail for want of a display: on Linux (and other X11/Wayland
    systems) with neither DISPLAY nor WAYLAND_DISPLAY nor a chosen Qt platform (QT_QPA_PLATFORM)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith("win") or platform == "darwin":
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


# Which installed families claim Simplified Chinese (Qt's font database; a fake in the tests).
Families = Callable[[], Sequence[str]]


def claimed_chinese_families() -> list[str]:
    from PySide6.QtGui import QFontDatabase

    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def chinese_font_families(families: Families | None = None) -> list[str]:
    """The installed font families that claim Simplified Chinese and draw the probe's characters themselves
    (QRawFont: the family's own font, not Qt's fallbacks)."""
    from PySide6.QtGui import QFont, QRawFont

    claimed = (families or claimed_chinese_families)()
    found = []
    for family in claimed:
        raw = QRawFont.fromFont(QFont(family))
        if raw.isValid() and all(raw.supportsCharacter(ord(character)) for character in PROBE):
            found.append(family)
    return found


def load_bundled_fonts(families: Families | None = None, folder: Path = BUNDLED_FONTS) -> list[str]:
    """In a program folder with a font of its own and on a system with no Chinese font: the bundled fonts'
    families, added to Qt's font database. A source tree has no such folder: nothing to do, nothing read."""
    files = sorted(path for path in folder.glob("*.tt[cf]")) if folder.is_dir() else []
    if not files or chinese_font_families(families):
        return []
    from PySide6.QtGui import QFontDatabase

    loaded: list[str] = []
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("cannot load the bundled font %s", path)
            continue
        loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    log.info("no system font draws Chinese; loaded the program's own: %s", ", ".join(loaded))
    return loaded


def missing_chinese_font_notice(families: Families | None = None) -> str | None:
    """The sentence to show when no font draws Chinese, else None."""
    if chinese_font_families(families):
        return None
    log.warning("no font covers Chinese")
    return NO_CHINESE_FONT


def tell_missing_chinese_font(families: Families | None = None, box: bool = True) -> bool:
    """At the desk's start, once the first window is up: when no font draws Chinese, say so in a warning box
    (and on standard error, for whoever started it from a terminal). Whether it was said."""
    notice = missing_chinese_font_notice(families)
    if notice is None:
        return False
    if sys.stderr is not None:  # a Windows program without a console has none
        print(f"main.py: {notice}", file=sys.stderr)
    if not box:
        return True
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ui import messages

    messages.warn(
        QApplication.activeModalWidget() or QApplication.activeWindow(),
        QCoreApplication.translate("FirstContact", "Complaint Desk"),
        notice,
    )
    return True


def font_check_line() -> str | None:
    """For ``main.py verify``: the same check, with a Qt of its own when the process has none (offscreen on
    Linux: a command needs no display); the sentence when no font draws Chinese, else None."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return missing_chinese_font_notice()
    offscreen = not (sys.platform.startswith("win") or sys.platform == "darwin")
    app = QGuiApplication(["main.py", "-platform", "offscreen"] if offscreen else ["main.py"])
    try:
        return missing_chinese_font_notice()
    finally:
        del app
