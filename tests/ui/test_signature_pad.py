"""The signature pad: drawing with mouse, touch and pen, clearing, the PNG export and showing a saved signature."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.intake.signature_pad import SignaturePad

DARK = 100
BORDER = 4


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class EventSpy(QObject):
    """Records which input events reach a widget, to tell real touch handling from Qt's mouse emulation."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[QEvent.Type] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen.append(event.type())
        return False


def drag(qtbot: QtBot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for point in points[1:]:
        qtbot.mouseMove(pad, QPoint(*point))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def sign(qtbot: QtBot, pad: SignaturePad) -> None:
    drag(qtbot, pad, [(40, 90), (70, 50), (100, 100), (130, 60), (160, 95), (200, 70)])


def ink_on_screen(pad: SignaturePad) -> int:
    """Dark pixels inside the pad's border (which turns dark blue with the keyboard focus)."""
    inside = pad.rect().adjusted(BORDER, BORDER, -BORDER, -BORDER)
    return dark_pixels(pad.grab(inside).toImage())


def dark_pixels(image: QImage) -> int:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = gray.constBits()
    stride = gray.bytesPerLine()
    return sum(
        1 for y in range(gray.height()) for value in bits[y * stride : y * stride + gray.width()] if value < DARK
    )


def test_a_mouse_drag_draws_one_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert ink_on_screen(pad) == 0

    with qtbot.waitSignal(pad.changed, timeout=1000):
        sign(qtbot, pad)

    assert not pad.is_empty()
    assert len(pad.strokes) == 1
    assert pad.strokes[0][0] == QPointF(40, 90)
    assert pad.strokes[0][-1] == QPointF(200, 70)
    assert len(pad.strokes[0]) == 6
    assert ink_on_screen(pad) > 0


def test_each_drag_is_its_own_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(qtbot, pad)
    drag(qtbot, pad, [(250, 60), (300, 100)])
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(320, 50))

    assert [len(stroke) for stroke in pad.strokes] == [6, 2, 1]


def test_the_png_holds_the_ink_cropped_to_it(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(qtbot, pad)

    data = pad.to_png()

    assert data.startswith(b"\x89PNG")
    image = QImage.fromData(data, "PNG")
    assert not image.isNull()
    assert dark_pixels(image) > 0
    # Cropped to the ink (x 40–200, y 50–100) plus a margin, not the whole pad.
    assert image.width() < pad.width() * 2
    assert image.height() < pad.height() * 2
    corners = (0, 0), (image.width() - 1, 0), (0, image.height() - 1), (image.width() - 1, image.height() - 1)
    assert all(image.pixelColor(x, y) == Qt.GlobalColor.white for x, y in corners)


def test_an_empty_pad_exports_nothing(pad: SignaturePad) -> None:
    assert pad.to_png() == b""


def test_clear_empties_the_pad(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(qtbot, pad)

    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()

    assert pad.is_empty()
    assert pad.strokes == ()
    assert pad.to_png() == b""
    assert ink_on_screen(pad) == 0


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_and_backspace_clear_the_pad(qtbot: QtBot, pad: SignaturePad, key: Qt.Key) -> None:
    assert pad.focusPolicy() == Qt.FocusPolicy.StrongFocus
    sign(qtbot, pad)
    pad.setFocus()

    with qtbot.waitSignal(pad.changed, timeout=1000):
        qtbot.keyClick(pad, key)

    assert pad.is_empty()


def test_a_saved_signature_is_shown_read_only_until_cleared(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(qtbot, pad)
    saved = pad.to_png()
    viewer = SignaturePad()
    qtbot.addWidget(viewer)
    viewer.resize(viewer.sizeHint())
    viewer.show()
    qtbot.waitExposed(viewer)

    with qtbot.waitSignal(viewer.changed, timeout=1000):
        viewer.set_png(saved)

    assert not viewer.is_empty()
    assert viewer.to_png() == saved
    assert ink_on_screen(viewer) > 0
    drag(qtbot, viewer, [(20, 20), (60, 40)])
    assert viewer.strokes == ()
    assert viewer.to_png() == saved

    viewer.clear()
    assert viewer.is_empty()
    drag(qtbot, viewer, [(20, 20), (60, 40)])
    assert len(viewer.strokes) == 1


def test_set_png_refuses_what_is_not_an_image(pad: SignaturePad) -> None:
    with pytest.raises(ValueError):
        pad.set_png(b"not a png")
    assert pad.is_empty()


def test_a_finger_draws_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    spy = EventSpy()
    pad.installEventFilter(spy)
    screen = QTest.createTouchDevice()

    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.touchEvent(pad, screen).press(0, QPoint(50, 50), pad).commit()
        QTest.touchEvent(pad, screen).move(0, QPoint(90, 70), pad).commit()
        QTest.touchEvent(pad, screen).release(0, QPoint(130, 60), pad).commit()

    assert pad.strokes == ((QPointF(50, 50), QPointF(90, 70), QPointF(130, 60)),)
    # Had the pad refused the touch, Qt would have drawn the same stroke through emulated mouse events.
    assert QEvent.Type.TouchBegin in spy.seen
    assert QEvent.Type.MouseButtonPress not in spy.seen


def test_only_the_first_finger_draws(qtbot: QtBot, pad: SignaturePad) -> None:
    screen = QTest.createTouchDevice()

    QTest.touchEvent(pad, screen).press(0, QPoint(50, 50), pad).commit()
    QTest.touchEvent(pad, screen).stationary(0).press(1, QPoint(300, 120), pad).commit()
    QTest.touchEvent(pad, screen).move(0, QPoint(90, 70), pad).move(1, QPoint(320, 130), pad).commit()
    QTest.touchEvent(pad, screen).release(0, QPoint(130, 60), pad).release(1, QPoint(340, 140), pad).commit()

    assert pad.strokes == ((QPointF(50, 50), QPointF(90, 70), QPointF(130, 60)),)


def test_a_pen_draws_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    pen = QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )

    def send(kind: QEvent.Type, x: float, y: float, pressure: float, buttons: Qt.MouseButton) -> bool:
        position = QPointF(x, y)
        event = QTabletEvent(
            kind, pen, position, pad.mapToGlobal(position), pressure, 0, 0, 0, 0, 0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons,
        )  # fmt: skip
        QApplication.sendEvent(pad, event)
        return event.isAccepted()

    with qtbot.waitSignal(pad.changed, timeout=1000):
        # Accepted events keep Qt from drawing the same stroke again as emulated mouse events.
        assert send(QEvent.Type.TabletPress, 40, 40, 0.2, Qt.MouseButton.LeftButton)
        assert send(QEvent.Type.TabletMove, 80, 60, 0.9, Qt.MouseButton.LeftButton)
        assert send(QEvent.Type.TabletRelease, 120, 70, 1.0, Qt.MouseButton.NoButton)

    assert pad.strokes == ((QPointF(40, 40), QPointF(80, 60), QPointF(120, 70)),)
    assert dark_pixels(QImage.fromData(pad.to_png(), "PNG")) > 0
