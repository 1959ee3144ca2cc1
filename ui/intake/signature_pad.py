"""The pad on which a customer signs their consent with a mouse, a finger or a pen,
and which exports the ink as the PNG stored with the complaint."""
from __future__ import annotations

import math
from typing import cast

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QWidget

from ui.i18n import Retranslating

INK = QColor("#1a237e")
PEN_WIDTH = 2.5
PAPER = QColor("#ffffff")
BORDER = QColor("#bdbdbd")
FOCUS_BORDER = QColor("#3949ab")
BASELINE = QColor("#cfd8dc")
HINT = QColor("#9e9e9e")
CORNER_RADIUS = 8.0
BASELINE_AT = 0.7
INSET = 16.0
EXPORT_MARGIN = 8.0
# Rendered at twice the screen size so the signature stays sharp on the printed consent form.
EXPORT_SCALE = 2.0
# Closer points add nothing visible but make the stroke jitter.
MIN_STEP = 0.75


class SignaturePad(Retranslating, QWidget):
    """Collects strokes from mouse, tablet and touch input; Delete or Backspace clears them.

    A saved signature given to set_png() is shown read-only until clear()."""

    changed = Signal()
    """Emitted when a stroke is finished, the pad is cleared or a saved signature is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._widths: list[list[float]] = []
        self._current: list[QPointF] | None = None
        self._current_widths: list[float] = []
        self._current_source: str | None = None
        self._touch_id: int | None = None
        self._saved_image: QImage | None = None
        self._saved_png = b""
        self._hint = ""
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(280, 120)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self._hint = self.tr("Customer signs here")
        self.setAccessibleName(self._hint)
        self.update()

    # Public API

    @property
    def strokes(self) -> tuple[tuple[QPointF, ...], ...]:
        """The finished strokes, in widget coordinates."""
        return tuple(tuple(QPointF(point) for point in stroke) for stroke in self._strokes)

    def is_empty(self) -> bool:
        return not self._strokes and self._saved_image is None

    def is_read_only(self) -> bool:
        return self._saved_image is not None

    def clear(self) -> None:
        was_empty = self.is_empty()
        self._strokes.clear()
        self._widths.clear()
        self._end_stroke(keep=False)
        self._saved_image = None
        self._saved_png = b""
        self.setCursor(Qt.CursorShape.CrossCursor)
        if not was_empty:
            self.changed.emit()

    def set_png(self, data: bytes) -> None:
        """Show a saved signature; drawing stays off until clear()."""
        image = QImage.fromData(data, "PNG")  # type: ignore[arg-type]  # the stubs say bytes; PySide takes a str
        if image.isNull():
            raise ValueError("not a PNG image")
        self._strokes.clear()
        self._widths.clear()
        self._end_stroke(keep=False)
        self._saved_image = image
        self._saved_png = bytes(data)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.changed.emit()

    def to_png(self) -> bytes:
        """The ink on white, cropped to its bounds plus a small margin; b"" when empty."""
        if self._saved_image is not None:
            return self._saved_png
        if not self._strokes:
            return b""
        # Ink dragged past the edge was never seen by the customer, so it is not part of what they signed.
        bounds = self._ink_bounds().adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN)
        bounds = bounds.intersected(QRectF(self.rect()))
        size = QSize(math.ceil(bounds.width() * EXPORT_SCALE), math.ceil(bounds.height() * EXPORT_SCALE))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        painter.translate(-bounds.topLeft())
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # as in set_png: bytes is refused at run time
        buffer.close()
        return bytes(data.data())

    # Size

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(420, 160)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(280, 120)

    # Painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        focused = self.hasFocus()
        painter.setPen(QPen(FOCUS_BORDER if focused else BORDER, 1.5 if focused else 1.0))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(area, CORNER_RADIUS, CORNER_RADIUS)

        baseline_y = round(area.top() + area.height() * BASELINE_AT) + 0.5
        baseline = QPen(BASELINE, 1.0, Qt.PenStyle.DashLine)
        painter.setPen(baseline)
        painter.drawLine(QPointF(area.left() + INSET, baseline_y), QPointF(area.right() - INSET, baseline_y))

        if self._saved_image is not None:
            self._paint_saved(painter, area.adjusted(INSET / 2, INSET / 2, -INSET / 2, -INSET / 2), self._saved_image)
        elif not self._strokes and self._current is None:
            painter.setPen(HINT)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._hint)
        self._paint_strokes(painter)
        painter.end()

    def _paint_saved(self, painter: QPainter, room: QRectF, image: QImage) -> None:
        # Shown at the size it was drawn, shrunk only when the pad is smaller than that.
        size = QSizeF(image.size()) / EXPORT_SCALE
        if size.width() > room.width() or size.height() > room.height():
            size = size.scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(QPointF(), size)
        target.moveCenter(room.center())
        # Multiplying lets the image's white paper vanish, so the baseline shows through as it did when signing.
        painter.save()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.drawImage(target, image)
        painter.restore()

    def _paint_strokes(self, painter: QPainter) -> None:
        pen = QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for points, widths in zip(self._strokes, self._widths, strict=True):
            _paint_stroke(painter, pen, points, widths)
        if self._current:
            _paint_stroke(painter, pen, self._current, self._current_widths)

    def _ink_bounds(self) -> QRectF:
        xs = [point.x() for stroke in self._strokes for point in stroke]
        ys = [point.y() for stroke in self._strokes for point in stroke]
        half_pen = max(width for widths in self._widths for width in widths) / 2
        return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys))).adjusted(
            -half_pen, -half_pen, half_pen, half_pen
        )

    # Strokes: each input kind starts, extends and ends one stroke at a time.

    def _begin_stroke(self, source: str, position: QPointF, width: float) -> bool:
        if self.is_read_only() or self._current is not None:
            return False
        self._current = [QPointF(position)]
        self._current_widths = [width]
        self._current_source = source
        self.update()
        return True

    def _extend_stroke(self, source: str, position: QPointF, width: float) -> bool:
        if self._current is None or self._current_source != source:
            return False
        last = self._current[-1]
        if math.hypot(position.x() - last.x(), position.y() - last.y()) >= MIN_STEP:
            self._current.append(QPointF(position))
            self._current_widths.append(width)
            self.update()
        return True

    def _finish_stroke(self, source: str, position: QPointF, width: float) -> bool:
        if not self._extend_stroke(source, position, width):
            return False
        self._end_stroke(keep=True)
        return True

    def _end_stroke(self, keep: bool) -> None:
        if keep and self._current:
            self._strokes.append(self._current)
            self._widths.append(self._current_widths)
        self._current = None
        self._current_widths = []
        self._current_source = None
        self._touch_id = None
        self.update()
        if keep:
            self.changed.emit()

    # Input

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self._begin_stroke("mouse", event.position(), PEN_WIDTH):
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if self._extend_stroke("mouse", event.position(), PEN_WIDTH):
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self._finish_stroke("mouse", event.position(), PEN_WIDTH):
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt naming
        # A firmer press draws a slightly wider line, between 70 % and 130 % of the usual width.
        width = PEN_WIDTH * (0.7 + 0.6 * min(max(event.pressure(), 0.0), 1.0))
        handlers = {
            QEvent.Type.TabletPress: self._begin_stroke,
            QEvent.Type.TabletMove: self._extend_stroke,
            QEvent.Type.TabletRelease: self._finish_stroke,
        }
        handler = handlers.get(event.type())
        # Accepting stops Qt from repeating the pen as mouse events.
        event.setAccepted(handler is not None and handler("tablet", event.position(), width))

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            return self._touch(cast(QTouchEvent, event))
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            if self._current_source == "touch":
                self._end_stroke(keep=False)
            return True
        if kind == QEvent.Type.TouchBegin:
            # Refusing TouchBegin lets the touch reach Qt's mouse emulation and the parent instead.
            point = event.points()[0]
            if not self._begin_stroke("touch", point.position(), PEN_WIDTH):
                event.ignore()
                return False
            self._touch_id = point.id()
        # Only the finger that started the stroke draws; a resting palm or second finger is ignored.
        for point in event.points():
            if point.id() != self._touch_id or point.state() == QEventPoint.State.Stationary:
                continue
            if kind == QEvent.Type.TouchEnd or point.state() == QEventPoint.State.Released:
                self._finish_stroke("touch", point.position(), PEN_WIDTH)
            else:
                self._extend_stroke("touch", point.position(), PEN_WIDTH)
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.is_empty():
            self.clear()
            event.accept()
        else:
            super().keyPressEvent(event)


def _paint_stroke(painter: QPainter, pen: QPen, points: list[QPointF], widths: list[float]) -> None:
    """Curve through the midpoints between samples, so a fast stroke does not look like a polyline.

    Consecutive pieces of equal width (all of them for mouse and touch) share one path."""
    if len(points) == 1:
        pen.setWidthF(widths[0])
        painter.setPen(pen)
        painter.drawPoint(points[0])
        return
    start = points[0]
    path = QPainterPath(start)
    path_width = widths[1]
    for index in range(1, len(points)):
        control = points[index]
        end = (control + points[index + 1]) / 2 if index + 1 < len(points) else control
        if widths[index] != path_width:
            pen.setWidthF(path_width)
            painter.setPen(pen)
            painter.drawPath(path)
            path = QPainterPath(start)
            path_width = widths[index]
        path.quadTo(control, end)
        start = end
    pen.setWidthF(path_width)
    painter.setPen(pen)
    painter.drawPath(path)
