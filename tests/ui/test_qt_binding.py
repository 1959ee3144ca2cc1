"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 drops one reference to None on every Qt method that returns
nothing; on Python 3.11 the application dies ("none_dealloc") after a few
thousand such calls. pyproject.toml excludes it; this test keeps it excluded.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QApplication, QLabel


def test_void_qt_calls_leave_none_alone(qapp: QApplication) -> None:
    holder, label = QObject(), QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        holder.setObjectName("x")
        label.setText("x")
        QPen().setWidthF(2.0)
    assert abs(sys.getrefcount(None) - before) < 50
