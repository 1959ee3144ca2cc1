"""The shared desk PC locks itself after some idle minutes: every window is
covered (the customer at the counter reads no other customer's case) but stays
as it was behind the cover, and the person logged in types their password to go
on (or the desk changes hands). It locks at once when the domain refuses the
logged-in account because an administrator disabled it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import permissions
from models.errors import AccountDisabledError, DomainError
from models.staff import WRONG_LOGIN, Staff, authenticate
from ui.i18n import domain_message, fill, sentences
from ui.widgets import ErrorLabel

INPUT_EVENTS = (QInputEvent, QInputMethodEvent)  # the classes of the ACTIVITY events
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
}


class IdleLock(QObject):
    """Emits ``idle`` after ``interval_ms`` without keyboard, mouse or touch input."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.idle)
        cast(QApplication, QApplication.instance()).installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # Every event of the application passes here (some 30,000 to build the main window): the class is asked
        # first, as reading an event's type makes a Python enum, a microsecond each.
        if isinstance(event, INPUT_EVENTS) and event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()


class AccountRefusals(QObject):
    """The domain's refusals of a disabled account, as a Qt signal: whichever
    screen (or worker thread) made the call, the main window hears of it."""

    account_disabled = Signal(object)  # the AccountDisabledError


_refusals: AccountRefusals | None = None


def account_refusals() -> AccountRefusals:
    """The one AccountRefusals object, listening to models.permissions."""
    global _refusals
    if _refusals is None:
        _refusals = AccountRefusals(QApplication.instance())
        permissions.on_account_disabled(_announce)
    return _refusals


def _announce(error: AccountDisabledError) -> None:
    if _refusals is not None:
        _refusals.account_disabled.emit(error)


class LockCover(QWidget):
    """An opaque sheet over the whole of one window while the desk is locked (its menus, toolbars and status bar
    too): what the window shows stays behind it, untouched, for the person who unlocks."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)  # the window's own background colour: nothing shows through
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the keyboard reaches nothing behind it
        self.label = QLabel(self.tr("The desk is locked."))  # no emoji: the desk's CJK font has none (a box)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.label.setFont(font)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(cast(QWidget, watched).rect())
        elif event.type() == QEvent.Type.ChildAdded:  # a widget made behind the cover meanwhile stays behind it
            QTimer.singleShot(0, self, self.raise_)
        return False

    def remove(self) -> None:
        window = self.parentWidget()
        if window is not None:
            window.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def cover_windows(keep: Iterable[QWidget | None]) -> list[LockCover]:
    """A cover over every window of the application shown now, but those in ``keep`` (the lock itself)."""
    kept = set(keep)
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    return [
        LockCover(widget)
        for widget in QApplication.topLevelWidgets()
        if widget not in kept and widget.isVisible() and widget.findChild(LockCover, "lock_cover", direct) is None
    ]


LOCK_TEXT_WIDTH = 420  # pixels: the sentences of the lock dialog wrap at this width


class LockDialog(QDialog):
    """Asks the logged-in person for their password; everything behind it stays as it was. ``unlocked``: the
    password was right (accepted is emitted by Switch user too)."""

    switch_user = Signal()
    unlocked = Signal()

    def __init__(self, staff: Staff, minutes: int, parent: QWidget | None = None, reason: str = "") -> None:
        """``reason``, a refusal's sentence, replaces the idle message."""
        super().__init__(parent)
        self.staff = staff
        self.own_password_dialog: QDialog | None = None  # asked when an administrator reset the password meanwhile
        self.setModal(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.switch_button = QPushButton()
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.switch_button.clicked.connect(self._switch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Wrapped sentences need a width to wrap in: without one, the dialog grows too short for them
        # when the error appears, and the first line is cut off.
        for label in (self.message, self.error):
            label.setMinimumWidth(LOCK_TEXT_WIDTH)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.setWindowTitle(self.tr("Desk locked"))
        if reason:
            locked = self.tr("The desk is locked: the next person logs in with Switch user.")
            self.message.setText(sentences(reason, locked))
        else:
            self.message.setText(
                fill(
                    self.tr("The desk locked itself after %n idle minute(s). %1, type your password to go on.", "",
                            minutes),
                    staff.full_name,
                )
            )  # fmt: skip
        self.switch_button.setText(self.tr("&Switch user…"))
        # The one way on is the password: the button says what it does (it said "OK").
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Unlock"))

    def reject(self) -> None:
        """Escape does not unlock."""

    def accept(self) -> None:
        try:
            staff = authenticate(self.staff.username, self.password.text())
        except DomainError as error:
            wrong = error.template == WRONG_LOGIN  # only a password was asked for: say so
            self.error.show_message(
                fill(
                    self.tr(
                        "That is not the password of %1. Type it again, or let the next person log in with Switch user."
                    ),
                    self.staff.full_name,
                )
                if wrong
                else domain_message(error)
            )
            self.password.selectAll()
            return
        if staff.must_change_password:  # reset by an administrator meanwhile: the person's own one first
            self._choose_own_password(staff)
            return
        self.unlocked.emit()
        super().accept()

    def _choose_own_password(self, staff: Staff) -> None:
        """As at a login: the password an administrator set opens the desk once its owner has chosen their own
        (cancelled, the desk stays locked)."""
        from ui.account_dialogs import OwnPasswordDialog

        dialog = OwnPasswordDialog(staff, self, at_login=self.password.text())
        self.own_password_dialog = dialog

        def chosen() -> None:
            self.password.clear()
            self.unlocked.emit()
            QDialog.accept(self)

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(self.password.clear)
        dialog.open()

    def _switch(self) -> None:
        self.switch_user.emit()
        super().accept()
