"""An observer for bench_startup.py, loaded by Python's ``site`` only when the
benchmark puts this folder on PYTHONPATH: the program runs unchanged until its
first top-level window has painted; then the wall-clock time goes to the file
named by STARTUP_PROBE_FILE and the process ends. Nothing in the application
knows of it.

It waits for PySide6.QtWidgets to be imported by the program (it imports no
Qt itself), then wraps ``QApplication.exec`` and ``QDialog.exec``: when an
event loop starts, an application-wide event filter watches for the first
paint of a visible window and reports once that paint is done.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
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
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, widgets.QWidget)
                and watched.isWindow()
                and watched.isVisible()
            ):
                QTimer.singleShot(0, _report)  # the paint in hand finishes first
            return False

    watcher: list[FirstPaint] = []

    def watching(exec_: object) -> object:
        def wrapped(*args: object) -> object:
            if not watcher:
                watcher.append(FirstPaint())
                widgets.QApplication.instance().installEventFilter(watcher[0])
            return exec_(*args)  # type: ignore[operator]

        return wrapped

    widgets.QApplication.exec = staticmethod(watching(widgets.QApplication.exec))  # a static method in Qt
    widgets.QDialog.exec = watching(widgets.QDialog.exec)


class _WaitForQtWidgets(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object, target: object = None) -> importlib.machinery.ModuleSpec | None:
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
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
