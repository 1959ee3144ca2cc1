"""The command line in the desk's language: the language the desk's settings chose, else the system's (as the
desk's window speaks it), for the commands' help, their lines and their errors.

The command line runs a Qt application of its own without a window (offscreen on Linux: a command needs no
display), so the translators the desk installs serve it too: ``QCoreApplication.translate`` in the commands,
the same catalogue's sentences for what the models say (``ui.i18n.domain_message``), and argparse's own words
("usage:", "the following arguments are required") through argparse's ``gettext`` hooks. A terminal gives a
Chinese character two columns: the help is wrapped by what it shows (``HelpFormatter``).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from models.errors import QT_TRANSLATE_NOOP
from models.text import display_width

# argparse's words a person meets (Python 3.11 to 3.14 say them alike), translated in the context "argparse".
ARGPARSE_WORDS = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at most one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s arguments"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "can't open '%(filename)s': %(error)s"),
)

_made: list[object] = []  # the application this module made (not a test's, which it leaves as it is)


def start() -> str:
    """The command line's Qt application (the process's own, when it has one already: a test's) with the
    desk's translators, and argparse speaking through them; the language in use ("zh_CN" or "en")."""
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translators
    from ui.paths import set_application_names

    set_application_names()  # the settings the desk wrote: its chosen language
    if QCoreApplication.instance() is None:
        from PySide6.QtGui import QGuiApplication

        # Offscreen on Linux and the like: a command needs no display (printing and the font check need a Qt
        # with fonts, which QCoreApplication has not); Windows' and macOS' own platforms need none.
        native = sys.platform.startswith("win") or sys.platform == "darwin"
        _made.append(QGuiApplication(["main.py"] if native else ["main.py", "-platform", "offscreen"]))
    language = install_translators()
    argparse._ = _argparse_text  # type: ignore[attr-defined]  # argparse's gettext, looked up when it speaks
    argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]
    return language


def stop() -> None:
    """The application ``start`` made ended (the desk's window makes its own): ``main.py --db URL`` starts
    the desk after its arguments were read."""
    import gettext

    from ui import i18n

    argparse._ = gettext.gettext  # type: ignore[attr-defined]
    argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
    if _made:
        i18n._installed.clear()  # they go with the application
        app = _made.pop()
        app.shutdown()  # type: ignore[attr-defined]


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """``QCoreApplication.translate``: the commands' sentences are marked by calls of this name (lupdate reads
    them), in the context "CommandLine"."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, disambiguation)


def counted(n: int, one: str, many: str) -> str:
    """The sentence for ``n`` things: ``one`` when it is 1, else ``many`` with its %n the number ("1,234"). Both
    are ``translate`` calls where they are written: lupdate takes a count's plural forms from a literal number
    only, so each form is a sentence of its own ("1 problem", "%n problems")."""
    return one if n == 1 else many.replace("%n", f"{n:,}")


def fill(template: str, *values: object) -> str:
    """The sentence with its %1, %2… replaced by ``values`` (``ui.i18n.fill``)."""
    from ui.i18n import fill as filled

    return filled(template, *values)


def error_text(error: BaseException) -> str:
    """A domain error's sentence in the command line's language (a backup refused: its findings too, as the
    Backups page says them)."""
    from models.backups import BackupRefusedError
    from models.errors import DomainError
    from ui.i18n import domain_message

    if isinstance(error, BackupRefusedError):
        from ui.backup_text import refusal_text

        return refusal_text(error)
    return domain_message(error) if isinstance(error, DomainError) else str(error)


def _argparse_text(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("argparse", text)


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    return _argparse_text(singular if n == 1 else plural)


# A line of help breaks between words, or between two Chinese characters; never before a closing mark, nor
# after an opening one.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_OPENING = "（《「『“‘"
_CLOSING = "，。；：、）》」』！？”’"
_PIECES = re.compile(rf"\s+|[{_OPENING}]*(?:[{_WIDE}]|[^\s{_WIDE}]+)[{_CLOSING}]*")


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a Chinese character takes two)."""
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(" ".join(text.split())):
        if piece.isspace():
            if line:
                line += " "
            continue
        if line and display_width(line.rstrip() + piece) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, its errors ended as sentences of the language end ("无法识别的参数：--bogus。"): argparse
    writes them without a full stop, which English lets be and Chinese does not."""

    def error(self, message: str) -> Any:
        if message and message[-1] not in "。！？.!?" and display_width(message) > len(message):  # Chinese words
            message += "。"
        # One option's wrong value names the option: one line, as the commands' own refusals are (the whole usage
        # above "'2026-13-01' is not a date" hid it). A command line argparse cannot read keeps its usage.
        text = argparse._  # type: ignore[attr-defined]  # argparse's gettext, as it speaks
        about_one = text("argument %(argument_name)s: %(message)s").split("%(argument_name)s")[0]
        if about_one and message.startswith(about_one):
            self.exit(2, text("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})
        return super().error(message)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by terminal columns: a line of Chinese was twice as wide as the terminal. Its
    headings end in the language's colon ("选项：")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headings: list[str] = []

    def start_section(self, heading: str | None) -> None:
        if heading:
            self._headings.append(heading)
        super().start_section(heading)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """The usage, its lines under each other: argparse counts "用法：" as three columns, a terminal shows six."""
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = display_width(shown) - len(shown)
        self._width -= extra  # the lines wrapped as wide as they will show
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        return text.replace("\n" + " " * len(shown), "\n" + " " * (len(shown) + extra)) if extra > 0 else text

    def format_help(self) -> str:
        text = super().format_help()
        colon = translate("CommandLine", "%1:", "a heading of the help: the colon of the language")
        for heading in dict.fromkeys(self._headings):
            text = text.replace(f"\n{heading}:\n", f"\n{fill(colon, heading)}\n")
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrapped(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrapped(text, width - len(indent)))
