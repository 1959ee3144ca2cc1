"""Translations: the application's own zh_CN catalogue plus Qt's qtbase one,
chosen from the preference or, by default, the system's language; filling
translated sentences and retranslating widgets when the language changes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QGuiApplication

from ui.labels import code_name, state_label

if TYPE_CHECKING:
    from models.errors import DomainError  # the first window loads no models: the start opens the database after it

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOGUE = "complaint_desk"
LANGUAGE_KEY = "ui/language"
SYSTEM = ""
SUPPORTED = ("zh_CN", "en")

_installed: list[QTranslator] = []


def preferred_language() -> str:
    """The chosen language, or SYSTEM to follow the operating system."""
    value = QSettings().value(LANGUAGE_KEY, SYSTEM)
    return value if value in SUPPORTED else SYSTEM


def set_preferred_language(language: str) -> None:
    QSettings().setValue(LANGUAGE_KEY, language)


def effective_language(preference: str | None = None) -> str:
    preference = preferred_language() if preference is None else preference
    if preference:
        return preference
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translators(language: str | None = None) -> str:
    """Replace the installed translators with those for ``language``
    (default: the preference). Widgets retranslate on the LanguageChange
    event this sends. Returns the language now in use."""
    app = cast(QCoreApplication, QCoreApplication.instance())  # the application exists before any translator
    language = effective_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # English has a catalogue too: the plural forms of its counts ("1 complaint", "2 complaints").
    catalogues = [(f"{CATALOGUE}_{language}", str(TRANSLATIONS))]
    if language != "en":
        catalogues.insert(0, (f"qtbase_{language}", qt_folder))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if _load(translator, Path(folder) / f"{name}.qm"):
            app.installTranslator(translator)
            _installed.append(translator)
    if isinstance(app, QGuiApplication):
        # Every window's title ends with the product's name ("Desk locked — 投诉受理台"): Qt appends it.
        QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("MainWindow", "Complaint Desk"))
    return language


def _load(translator: QTranslator, path: Path) -> bool:
    """The catalogue read into memory, not mapped from its file: a desk left running while its program folder is
    upgraded (the .qm rewritten in place) crashed in the next translation it asked for. The bytes stay with the
    translator (Qt reads them where they are)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not translator.load(data):
        return False
    translator.setProperty("catalogue", str(path))
    translator.catalogue_bytes = data  # type: ignore[attr-defined]  # alive as long as the translator
    return True


def current_language() -> str:
    return QLocale().name() if QLocale().language() == QLocale.Language.Chinese else "en"


# The operating system's reasons a file could not be written or read, as a sentence names them ({reason}: Python's
# strerror, in English whatever the desk's language), translated in the context "OSError".
OS_REASONS = (
    QT_TRANSLATE_NOOP("OSError", "Permission denied"),
    QT_TRANSLATE_NOOP("OSError", "No space left on device"),
    QT_TRANSLATE_NOOP("OSError", "Read-only file system"),
    QT_TRANSLATE_NOOP("OSError", "No such file or directory"),
    QT_TRANSLATE_NOOP("OSError", "File exists"),
    QT_TRANSLATE_NOOP("OSError", "Is a directory"),
    QT_TRANSLATE_NOOP("OSError", "Not a directory"),
    QT_TRANSLATE_NOOP("OSError", "Disk quota exceeded"),
    QT_TRANSLATE_NOOP("OSError", "Input/output error"),
    QT_TRANSLATE_NOOP("OSError", "File name too long"),
    QT_TRANSLATE_NOOP("OSError", "Device or resource busy"),
    QT_TRANSLATE_NOOP("OSError", "Operation not permitted"),
)


# SQLite's own words for what is wrong with a file (sqlite3's errors carry them in English): said in the user's
# language inside a sentence such as "Cannot open x.db as a database: {reason}."
SQLITE_REASONS = (
    QT_TRANSLATE_NOOP("SQLite", "file is not a database"),
    QT_TRANSLATE_NOOP("SQLite", "database disk image is malformed"),
    QT_TRANSLATE_NOOP("SQLite", "unable to open database file"),
    QT_TRANSLATE_NOOP("SQLite", "database or disk is full"),
    QT_TRANSLATE_NOOP("SQLite", "database is locked"),
    QT_TRANSLATE_NOOP("SQLite", "disk I/O error"),
    QT_TRANSLATE_NOOP("SQLite", "attempt to write a readonly database"),
)


def reason_text(reason: str) -> str:
    """An operating system's, SQLite's or a database server's reason in the user's language, when it is one of those
    known."""
    if reason in OS_REASONS:
        return QCoreApplication.translate("OSError", reason)
    if reason in SQLITE_REASONS:
        return QCoreApplication.translate("SQLite", reason)
    from models.postgresql import CONNECTION_REASONS  # loaded by then: a domain error came from the models

    if any(reason == said for _, said in CONNECTION_REASONS):
        return QCoreApplication.translate("PostgreSQL", reason)
    return reason


def domain_message(error: DomainError) -> str:
    """A domain error's sentence in the user's language."""
    template = QCoreApplication.translate("DomainError", error.template)
    from models.errors import CatalogueName  # loaded by then: the error came from the models

    params = {key: catalogue_name(v) if isinstance(v, CatalogueName) else v for key, v in error.params.items()}
    for key in ("reason", "error"):
        value = params.get(key)
        if isinstance(value, str):
            params[key] = reason_text(value)
    if "state" in params:
        params["state"] = state_label(str(params["state"]))
    if "consent" in params:  # the customer's answer, by its code
        params["consent"] = code_name("consent", params["consent"])
    if "external_state" in params:
        params["external_state"] = code_name("external_state", params["external_state"])
    if "action_state" in params:  # an improvement action's
        params["action_state"] = code_name("action_state", params["action_state"])
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return str(error)


class Named(Protocol):
    """A catalogue row as the screens get it: a Chinese name, maybe an English one."""

    @property
    def name(self) -> str: ...


class Responsible(Protocol):
    """An improvement action as the screens get it: its department (both names) and the person responsible."""

    @property
    def department(self) -> str: ...

    @property
    def department_en(self) -> str: ...

    @property
    def responsible(self) -> str: ...


def responsible_text(row: Responsible) -> str:
    """Who answers for an improvement action: its department in the language in use, then the person ("厨房出品部
    / 厨师长周某"); the overview said the person alone."""
    department = row.department_en if current_language() == "en" and row.department_en else row.department
    return " / ".join(filter(None, [department, row.responsible]))


def catalogue_name(row: Named) -> str:
    """A catalogue row's name in the user's language (Chinese is the original)."""
    english = getattr(row, "name_en", "")
    return english if current_language() == "en" and english else row.name


_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(template: str, *values: object) -> str:
    """A translated sentence with its %1, %2… replaced by ``values`` in one
    pass (so a value that contains '%2' is not filled in turn)."""
    return _PLACEHOLDER.sub(
        lambda match: str(values[int(match[1]) - 1]) if int(match[1]) <= len(values) else match[0], template
    )


def duration_words(minutes: int) -> str:
    """How long, as a desk says it: 12 min, 2 h 5 min, 3 h, 1 d 3 h, 5 days (a wait of days is not counted in
    minutes). The one way every screen writes a wait, a delay or an age."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    if days >= 3:
        return fill(QCoreApplication.translate("Durations", "%1 days"), days)
    if days:
        return fill(QCoreApplication.translate("Durations", "%1 d %2 h"), days, hours)
    if hours and minutes:
        return fill(QCoreApplication.translate("Durations", "%1 h %2 min"), hours, minutes)
    if hours:
        return fill(QCoreApplication.translate("Durations", "%1 h"), hours)
    return fill(QCoreApplication.translate("Durations", "%1 min"), minutes)


_FULL_WIDTH_ENDS = tuple("。！？；：）」』”")


def labelled(label: str, value: object) -> str:
    """``label: value`` as the language writes it (Chinese with a full-width colon)."""
    return fill(QCoreApplication.translate("Text", "%1: %2"), label, value)


def with_count(label: str, count: object) -> str:
    """``label (count)`` as the language writes it (Chinese with full-width brackets)."""
    return fill(QCoreApplication.translate("Text", "%1 (%2)"), label, count)


def clauses(parts: list[str]) -> str:
    """Clauses one after another, separated as the language separates them (a semicolon: Chinese a full-width
    one)."""
    return QCoreApplication.translate("Text", "; ").join(parts)


def sentences(*parts: str) -> str:
    """Sentences one after the other as the language writes them: after a Chinese full stop (a full-width mark),
    none; after an English one, a space. Empty parts are left out."""
    text = ""
    for part in filter(None, parts):
        text += part if not text or text.endswith(_FULL_WIDTH_ENDS) else " " + part
    return text


class Retranslating:
    """Mixin for a widget that sets its texts in ``retranslateUi()``: a
    language change calls it again. Put it before the Qt class in the bases."""

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)  # type: ignore[misc]  # the Qt class after this mixin


def without_shortcut(text: str) -> str:
    """A control's text as a sentence quotes it: its shortcut letter taken out ("&Approve", "批准方案(&P)")."""
    return re.sub(r"\(&[^&)]\)|&(?=[^&])", "", text).replace("&&", "&")
