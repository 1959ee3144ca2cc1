"""An observer for bench_startup.py, loaded by Python's ``site`` only when the
benchmark puts this folder on PYTHONPATH: the program runs unchanged until its
first top-level window has painted; then the wall-clock time goes to the file
named by STARTUP_PROBE_FILE and the process ends. Nothing in the application
knows of it.

It waits for PySide6.QtWidgets to be imported by the program (it imports no
Qt itself), then wraps ``QApplication.exec`` and ``QDialog.exec``: when an
event loop starts, an event filter on the visible windows (or on the dialog
being executed) waits for the first paint and reports once it is done.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
import time
from types import ModuleType

REPORT = os.environ.get("STARTUP_PROBE_FILE")


def _report() -> None:
    shown = time.time()
    with open(REPORT, "w", encoding="ascii") as out:  # type: ignore[arg-type]
        out.write(f"{shown!r}\n")
    os._exit(0)  # the figure is taken; the process need not tidy up


def _watch(widgets: ModuleType) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        """Watches the windows shown (not the whole application: an application-wide
        filter would see every object, and make the Python types of a few, the style's
        among them, which the program itself may never need)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, _report)  # the paint in hand finishes first
            return False

    watcher: list[FirstPaint] = []

    def watch(window: QObject) -> None:
        if not watcher:
            watcher.append(FirstPaint())
        window.installEventFilter(watcher[0])

    app_exec, dialog_exec = widgets.QApplication.exec, widgets.QDialog.exec

    def exec_application() -> int:
        for window in widgets.QApplication.topLevelWidgets():
            if window.isVisible():
                watch(window)
        return app_exec()

    def exec_dialog(dialog: QObject) -> int:
        watch(dialog)  # shown by exec itself
        return dialog_exec(dialog)

    widgets.QApplication.exec = staticmethod(exec_application)  # a static method in Qt
    widgets.QDialog.exec = exec_dialog


class _WaitForQtWidgets:
    """A meta path finder (importlib.abc would import half the standard library
    into the bare baseline) that lets the usual finder load PySide6.QtWidgets."""

    def find_spec(
        self, name: str, path: list[str] | None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            _watch(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if REPORT:
    sys.meta_path.insert(0, _WaitForQtWidgets())
