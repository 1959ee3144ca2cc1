"""A list column whose text wraps in the column's width, each row as high as its wrapped lines need.

A tree view asks its delegates for a row's height without the column's width: a word-wrapped text then got the
height of its explicit lines only, and the lines it wrapped into were cut (a hot-spot's "13 complaints in the 7
days to …" under a two-line name, at 1024 pixels). The view must lay its rows out again when a column is
resized: ``relayout_on_resize``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QTreeWidget,
)

TALL = 100_000  # room enough for any wrapped text


class WrappedTextDelegate(QStyledItemDelegate):
    """Word-wrapped text in the column's current width; the view's other columns keep one line each (its
    ``wordWrap`` would wrap them all: a date "2026-12-08 12:50" made its row two lines high)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        view = option.widget
        if not isinstance(view, QAbstractItemView):
            return hint
        width = view.columnWidth(index.column()) if isinstance(view, QTreeView) else 0
        if width <= 0:
            return hint
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, item, view) + 1
        room = QRect(0, 0, max(width - 2 * margin, 1), TALL)
        needed = item.fontMetrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text)
        return QSize(hint.width(), max(hint.height(), needed.height() + 2 * margin))


def relayout_on_resize(tree: QTreeWidget, then: Callable[[], None] | None = None) -> None:
    """The rows of ``tree`` laid out again (and ``then`` called) once its columns have been resized. Not in the
    header's signal itself: while it is delivered the view still gives the column's old width, and the rows kept
    the heights of a narrower column (three lines for one)."""
    timer = QTimer(tree)
    timer.setSingleShot(True)
    timer.setInterval(0)

    def again() -> None:
        tree.doItemsLayout()
        if then is not None:
            then()

    timer.timeout.connect(again)
    tree.header().sectionResized.connect(lambda *_: timer.start())
