"""Small widgets shared by the forms: a text box that shows its length
limit, the red sentence shown beside a field whose input was refused, and the
layouts several screens share."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QSignalBlocker, Signal
from PySide6.QtGui import QMouseEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import messages
from ui.i18n import Retranslating, fill
from ui.style import ERROR, MUTED, ROLE, set_role

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from models.errors import DomainError

# The login dialog, the first window, is built from these widgets without touching the
# namespace ``Qt``: making its Python type (93 enums) costs a seventh of a bare Qt start.


def field_refusal(error: DomainError, fields: Mapping[str, QWidget]) -> str:
    """A refusal's sentence in a form whose fields are ``fields`` (the models' field names): the field refused
    focused, and named by its label when the sentence alone does not say which ("This text is 70 characters
    long; the limit is 64." under a form of seven fields)."""
    from models.errors import FieldError
    from models.text import TOO_LONG
    from ui.i18n import domain_message

    message = domain_message(error)
    widget = fields.get(error.field) if isinstance(error, FieldError) else None
    if widget is None:
        return message
    widget.setFocus()
    buddy = next((label for label in widget.window().findChildren(QLabel) if label.buddy() is widget), None)
    if error.template == TOO_LONG and buddy is not None:
        # The label's text without its mnemonic ("Fu&ll name:", "姓名(&L)：") and colon.
        name = re.sub(r"\(&.\)|&(?=.)", "", buddy.text()).strip().rstrip(":：")
        message = fill(QCoreApplication.translate("Widgets", "%1: %2"), name, message)
    return message


def field_refusals(errors: Sequence[DomainError], fields: Mapping[str, QWidget]) -> str:
    """Every refusal of a form at once (``FormError.errors``, or one), each as ``field_refusal`` says it, one a line,
    the first field refused focused (one at each OK made a person press it four times)."""
    from models.errors import FieldError

    said = [field_refusal(error, fields) for error in errors]
    first = next((fields[e.field] for e in errors if isinstance(e, FieldError) and e.field in fields), None)
    if first is not None:
        first.setFocus()
    return "\n".join(said)


def refusals_of(error: DomainError) -> list[DomainError]:
    """A refusal's parts: a FormError's each, else itself."""
    from models.errors import FormError

    return list(error.errors) if isinstance(error, FormError) else [error]


def add_labelled_rows(form: QFormLayout, *fields: QWidget) -> list[QLabel]:
    """One row per field, each with a label whose mnemonic focuses the field;
    the caller sets the labels' texts (in its ``retranslateUi``)."""
    labels = []
    for field in fields:
        label = QLabel()
        label.setBuddy(field)
        form.addRow(label, field)
        labels.append(label)
    return labels


def choice_row(group: QButtonGroup, codes: Iterable[str]) -> tuple[QHBoxLayout, dict[str, QRadioButton]]:
    """One radio button per stored code, side by side in the exclusive ``group``;
    the caller names the buttons (in its ``retranslateUi``)."""
    row = QHBoxLayout()
    buttons: dict[str, QRadioButton] = {}
    for code in codes:
        button = QRadioButton()
        group.addButton(button)
        buttons[code] = button
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel, wired to the dialog's ``accept`` and ``reject``."""
    buttons = QDialogButtonBox()  # the constructor that takes the buttons makes the type of Qt too (see above)
    buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def ask_keep_entry(parent: QWidget) -> bool:
    """Asked before a catalogue entry's form (a catalogue's, an external channel's) with typing not saved is thrown
    away: True to keep it (another entry chosen, a new one, the window closed or the desk handed over lost it
    without a word)."""
    title = QCoreApplication.translate("CataloguePage", "Discard what you typed?")
    text = QCoreApplication.translate(
        "CataloguePage", "The entry's changes typed here are not saved yet and will be lost. To keep them, Save first."
    )
    return not messages.ask_discard(parent, title, text)


def choose_again(tree: QTreeWidget, item: QTreeWidgetItem | None) -> None:
    """``item`` current in ``tree`` again, or none (a new entry's form: the entry chosen before, clicked again,
    opens again), without the change being followed."""
    blocked = QSignalBlocker(tree)
    if item is None:
        tree.setCurrentIndex(QModelIndex())
        tree.clearSelection()
    else:
        tree.setCurrentItem(item)
    del blocked


def entry_chosen(
    tree: QTreeWidget, previous: QTreeWidgetItem | None, entry_id: int | None, keep_typed: Callable[[], bool]
) -> int | None:
    """The entry a list of entries beside their form now has chosen (its row's UserRole), to set out in the form;
    None when the form stays as it is: no entry (a heading's row), or typing not saved kept (``keep_typed`` asks),
    the row of the entry being typed (none: a new one) chosen again once the click that chose another has ended."""
    from PySide6.QtCore import Qt, QTimer  # Qt's namespace made when first used: not for the login (start-up)

    item = tree.currentItem()
    if item is None or item.data(0, Qt.ItemDataRole.UserRole) is None:
        return None
    if keep_typed():
        QTimer.singleShot(0, lambda: choose_again(tree, previous if entry_id is not None else None))
        return None
    return int(item.data(0, Qt.ItemDataRole.UserRole))


def list_beside_editor(
    entries: QWidget, form: QLayout, error: QWidget, buttons: list[QPushButton], sizes: list[int]
) -> QSplitter:
    """The office's list-and-editor screens: the entries on the left; on the
    right the entry's form, its error sentence and a row of buttons."""
    button_row = QHBoxLayout()
    for button in buttons:
        button_row.addWidget(button)
    button_row.addStretch(1)
    editor = QWidget()
    column = QVBoxLayout(editor)
    column.addLayout(form)
    column.addWidget(error)
    column.addLayout(button_row)
    column.addStretch(1)
    splitter = QSplitter()
    splitter.addWidget(entries)
    splitter.addWidget(editor)
    splitter.setSizes(sizes)
    return splitter


def bold_heading(label: QLabel | None = None) -> QLabel:
    """A heading over a list or a panel: bold, a little larger than the text."""
    label = label if label is not None else QLabel()
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def fit_rows(tree: QTreeWidget, rows: int, most: int = 5, wrapped: bool = False) -> None:
    """A short list as tall as its rows (one at least, ``most`` at most: more scroll), so that the panels below
    it keep their room. A list whose text wraps (``wrapped``: ui.wrapped_text) is as tall as its first rows are,
    as laid out in its present width: call this again when its columns are resized."""
    shown = min(max(rows, 1), most)
    row_height = tree.fontMetrics().height() * 3 // 2
    height = shown * row_height
    count = min(shown, tree.topLevelItemCount())
    if wrapped and count:
        tree.doItemsLayout()
        items = [tree.topLevelItem(row) for row in range(count)]
        laid = [tree.visualItemRect(item).height() for item in items if item is not None]
        if len(laid) == count and all(laid):
            height = sum(max(one, row_height) for one in laid) + (shown - count) * row_height
    tree.setFixedHeight(tree.header().sizeHint().height() + height + 6)


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget`` at ``width`` × ``height``, or smaller where its screen has less room: on a desk PC's 1366 × 768
    screen, a window 760 pixels high put its buttons under the taskbar."""
    room = widget.screen().availableGeometry()
    frame = 40  # the title bar and the borders the window system adds
    widget.resize(min(width, room.width() - 20), min(height, room.height() - frame))


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab goes through ``widgets`` in this order, from the first where it is (a widget made after the window's
    others, a row added, comes last in Qt's order: after the dialog's buttons)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


# What an input method types for an amount, as the box reads it: full-width digits and point (NFKC maps them), and
# the ideographic full stop a Chinese punctuation mode types for ".".
_IDEOGRAPHIC_STOP = str.maketrans({"。": "."})


# A comma before the last one or two digits can only be a decimal comma (a thousands comma has three digits after
# it, and an amount has two decimals at most): "12,5" is 12.50 yuan, as it was meant, not 125.
_DECIMAL_COMMA = re.compile(r"^([^.,]*\d),(\d{1,2})\s*$")


def plain_amount(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_IDEOGRAPHIC_STOP)


class AmountBox(QDoubleSpinBox):
    """An amount in yuan that takes what a Chinese input method types: ５０．５ or 12。5 (dropped without a word), and
    a decimal comma: 12,5 (read as 125 before)."""

    def amount_read(self, text: str) -> str:
        """The text as the box reads its value: ``plain_amount``, and a decimal comma as a point."""
        plain = plain_amount(text)
        prefix = self.prefix() if plain.startswith(self.prefix()) else ""  # Qt reads some texts without them
        suffix = self.suffix() if plain.endswith(self.suffix()) else ""
        number = plain[len(prefix) : len(plain) - len(suffix)]
        return prefix + _DECIMAL_COMMA.sub(r"\1.\2", number) + suffix

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        plain, read = plain_amount(text), self.amount_read(text)
        if read == plain:
            state, plain, pos = super().validate(plain, pos)
        else:
            # The comma stays as typed while it may still become a thousands comma ("1,2" on the way to "1,250").
            state, _, _ = super().validate(read, pos)
        if state == QValidator.State.Invalid and self.hasFocus():
            self._say_if_over(read)
        return state, plain, pos

    def _say_if_over(self, read: str) -> None:
        """A key that would take the amount past the box's maximum is refused by Qt without a word: said here."""
        number = read.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        value, ok = self.locale().toDouble(number.replace(self.locale().groupSeparator(), ""))
        if ok and value > self.maximum():
            most = self.locale().toString(self.maximum(), "f", self.decimals()) + self.suffix()
            said = fill(self.tr("At most %1: a larger amount is refused."), most)
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), said, self)

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt naming
        return super().valueFromText(self.amount_read(text))


def enter_presses(dialog: QDialog, default: QPushButton | None = None) -> None:
    """Enter in ``dialog`` presses ``default``, or none of its buttons: Qt makes a dialog's first push button its
    default, so Enter in a customer's name added a remedy row to the quick case, and Enter in a case opened to read
    continued the case. Call it once the dialog's buttons are made."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(button is default)


class AskingDialog(QDialog):
    """A dialog that asks before Esc, Cancel or its window's close throws away what was typed in it
    (``ui.messages.ask_discard``: keeping it is the default and what Esc answers). A kind says what it would ask now
    (``discard_question``): the title and the text, or None while nothing typed would be lost."""

    def discard_question(self) -> tuple[str, str] | None:
        return None

    def reject(self) -> None:
        question = self.discard_question()
        if question is not None and not messages.ask_discard(self, *question):
            return
        super().reject()


class DateTimeEdit(QDateTimeEdit):
    """A date and time field that Tab leaves, as every other field: Qt's steps through its parts (year, month,
    day, hour, minute), five Tabs to get past one field. The parts are reached as in any date field: typing
    fills one and goes on to the next, Left and Right move between them, Up and Down change the one chosen."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's names
        return QWidget.focusNextPrevChild(self, next)


class DateEdit(QDateEdit):
    """A date field that Tab leaves (``DateTimeEdit``)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's names
        return QWidget.focusNextPrevChild(self, next)


class _OneClickEach(QObject):
    """Drops a double-click's second press on a button (see ``one_click_each``)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # The class first: every event of the application passes here, and its type() makes a Python enum.
        return (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonDblClick
            and isinstance(watched, QAbstractButton)
        )


_ONE_CLICK_EACH = _OneClickEach()
_ONE_CLICK_APPS: list[QObject] = []  # the application it is installed on (one per process)


def one_click_each() -> None:
    """Every button of the application is pressed once by a double-click (installed once, for the whole
    application). Qt takes a double-click's second press as a second click, and it landed on what the first had put
    under the mouse: step 1's Next recorded a repeat complaint past the warning it had just shown; Record decision
    approved the next escalated case, unseen; Retire and Disable undid themselves as Bring back and Enable."""
    app = QApplication.instance()
    if app is not None and not any(installed is app for installed in _ONE_CLICK_APPS):
        app.installEventFilter(_ONE_CLICK_EACH)
        _ONE_CLICK_APPS.append(app)


class FittedColumns(QObject):
    """Keeps a list's columns as wide as their texts, in the list's width: where they are together wider than
    the list (a narrow window, a long value), the ``shrinkable`` columns (column -> the narrowest it may become,
    in pixels, and never narrower than its heading) give up room in proportion to what they have above that,
    so that the others stay whole. A shortened cell ends in "…"; its list shows the whole text on hovering (the
    items' tooltips). Fitted again whenever the list is resized; call ``fit()`` after filling it."""

    def __init__(self, tree: QTreeWidget, shrinkable: Mapping[int, int]) -> None:
        super().__init__(tree)
        self.tree = tree
        self.shrinkable = dict(shrinkable)
        tree.viewport().installEventFilter(self)  # the list's own resize comes before its viewport's

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        tree, header = self.tree, self.tree.header()
        wanted = [max(tree.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(tree.columnCount())]
        over = sum(wanted) - tree.viewport().width()
        room = {  # a heading stays whole
            column: max(0, wanted[column] - max(floor, header.sectionSizeHint(column)))
            for column, floor in self.shrinkable.items()
        }
        spare = sum(room.values())
        for column, given in room.items():
            if over > 0 and spare:
                wanted[column] -= min(given, -(-over * given // spare))
        for column, width in enumerate(wanted):
            header.resizeSection(column, width)


class SectionHeading(QLabel):
    """The title at the top of a main-window section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.setFont(font)


class ErrorLabel(QLabel):
    """A field's error sentence; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty(ROLE, ERROR)  # not polished yet: the style sheet reads it when the label is first shown
        self.hide()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the sentence can be copied
        super().showEvent(event)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class LimitedTextEdit(Retranslating, QWidget):
    """Multi-line text with a live 'used / limit' counter. Text over the limit
    is kept (never cut) and the counter turns red; the rule in models/ refuses it."""

    textChanged = Signal()  # noqa: N815 - Qt naming

    def __init__(self, limit: int, lines: int = 4, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.limit = limit
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        height = self.editor.fontMetrics().lineSpacing() * lines + 12
        self.editor.setMinimumHeight(height)
        self.editor.setMaximumHeight(height * 2)
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.setObjectName("lengthCounter")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.counter)
        self.setFocusProxy(self.editor)
        # A focus policy of its own, so that Qt's setTabOrder moves it with its editor (a widget without one is
        # never moved, and Tab then came to it where it was made).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.editor.textChanged.connect(self._update_counter)
        self.editor.textChanged.connect(self.textChanged)
        self._update_counter()

    def text(self) -> str:
        return self.editor.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.editor.setPlainText(text)

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.editor.setPlaceholderText(text)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self._update_counter()

    def _update_counter(self) -> None:
        used = len(self.text().strip())
        self.counter.setText(fill(self.tr("%1 / %2 characters"), used, self.limit))
        set_role(self.counter, ERROR if used > self.limit else MUTED)
