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


def configure_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Log to ``folder``/complaint-desk.log (5 × 1 MB) and warnings to stderr."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "complaint-desk.log"
    root = logging.getLogger()
    root.setLevel(level)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    root.addHandler(console)
    return path


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
