"""A hot-spot's trend as a small line: the comparable windows' counts and this window's, the last point marked,
where unusual begins dashed. Drawn with QPainter: a row of the overview costs microseconds, and the desk's start
never loads a chart library (QtCharts would add its module and a scene per chart; tests/perf/bench_overview.py)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.style import ALERT_COLOUR

LINE = QColor("#4a6a8a")
THRESHOLD = QColor("#b0b8c0")
# An item's trend and threshold, for SparklineDelegate: (counts, threshold or None).
TREND_ROLE = Qt.ItemDataRole.UserRole + 7
SIZE = QSize(96, 26)


def paint_sparkline(painter: QPainter, rect: QRect, values: Sequence[int], threshold: int | None = None) -> None:
    """The line of ``values`` (oldest first) inside ``rect``; the last value marked in red."""
    if not values:
        return
    top = max(max(values), threshold or 0, 1)
    margin = 3
    width = max(rect.width() - 2 * margin, 1)
    height = max(rect.height() - 2 * margin, 1)
    step = width / max(len(values) - 1, 1)

    def point(index: int, value: float) -> QPointF:
        return QPointF(rect.left() + margin + index * step, rect.bottom() - margin - value / top * height)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if threshold is not None:
        pen = QPen(THRESHOLD, 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(point(0, threshold), point(len(values) - 1, threshold))
    painter.setPen(QPen(LINE, 1.5))
    painter.drawPolyline(QPolygonF([point(i, v) for i, v in enumerate(values)]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ALERT_COLOUR)
    painter.drawEllipse(point(len(values) - 1, values[-1]), 3, 3)
    painter.restore()


class Sparkline(QWidget):
    """A trend on its own (the hot-spot's page shows it larger)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: tuple[int, ...] = ()
        self.threshold: int | None = None
        self.setMinimumSize(SIZE)

    def set_values(self, values: Sequence[int], threshold: int | None = None) -> None:
        self.values = tuple(values)
        self.threshold = threshold
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return SIZE

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        paint_sparkline(painter, self.rect(), self.values, self.threshold)


class SparklineDelegate(QStyledItemDelegate):
    """Paints an item's TREND_ROLE as a sparkline in a list's column; a row is two lines of text high, so that
    a hot-spot's reason beside it wraps rather than being cut."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:  # fmt: skip
        trend = index.data(TREND_ROLE)
        if not trend:
            super().paint(painter, option, index)
            return
        widget = option.widget
        rect: QRect = option.rect
        if widget is not None:  # the selection's background
            widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        values, threshold = trend
        paint_sparkline(painter, rect, values, threshold)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        lines = option.fontMetrics.height() * 2 + 8
        return QSize(SIZE.width(), max(SIZE.height(), lines))
