"""Logging: a rotating file in the platform's log folder, Qt's own messages
routed into Python logging, and a last-resort hook for uncaught exceptions."""
from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("complaint_desk")
qt_log = logging.getLogger("complaint_desk.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def configure_logging(folder: Path, level: int = logging.INFO, console: bool = True) -> Path:
    """Log to ``folder``/complaint-desk.log (5 × 1 MB) and, with ``console``, warnings to stderr (the desk's;
    a command says what went wrong in one line of its own, and its warnings go to the file only)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "complaint-desk.log"
    root = logging.getLogger()
    root.setLevel(level)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    terminal = logging.StreamHandler()
    terminal.setLevel(logging.WARNING)
    terminal.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    if console:
        root.addHandler(terminal)
    return path


def log_file() -> Path | None:
    """The file the log is written to (configure_logging's), None when logging only to the terminal."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def route_qt_messages() -> None:
    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


ErrorReporter = Callable[[str, str], object]


def install_excepthook(report: ErrorReporter) -> None:
    """Log every uncaught exception and hand its summary and traceback to
    ``report`` (the GUI shows a dialog with an expandable traceback)."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.critical("uncaught exception\n%s", details)
        try:
            report(f"{kind.__name__}: {error}", details)
        except Exception:
            log.exception("could not show the error dialog")

    sys.excepthook = hook
