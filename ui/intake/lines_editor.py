"""Editing a proposal's compensation lines: remedy, amount, note; one row each."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.catalog import RemedyChoice, remedies
from models.intake import MAX_LINE_AMOUNT, MAX_LINES, Line
from ui.format import decimal_amount
from ui.i18n import Retranslating, catalogue_name
from ui.widgets import AmountBox, chain_tab_order

NO_REMEDY = 0  # no catalogue entry's id: a row with an amount but no remedy is refused by the intake, in words


class LineRow(Retranslating, QWidget):
    changed = Signal()
    removed = Signal(object)

    def __init__(self, remedies: list[RemedyChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kept_remedy: int | None = None  # set by set_line: a remedy the list does not offer
        self.remedy = QComboBox()
        for remedy in remedies:
            self.remedy.addItem(catalogue_name(remedy), remedy.id)
        self.remedy.setCurrentIndex(-1)
        self._defaults = {r.id: r.default_amount for r in remedies}
        self._names = {r.id: r.name for r in remedies}  # what a line left without details keeps as its description
        self.amount = AmountBox()
        self.amount.setDecimals(2)
        self.amount.setRange(0, float(MAX_LINE_AMOUNT))
        self.amount.setSingleStep(10)
        self.amount.setGroupSeparatorShown(True)
        self.description = QLineEdit()  # no maximum length: a longer text pasted is refused in words, not cut
        self.description.setMinimumWidth(110)  # its placeholder readable in a narrow column
        # The remedy's name decides its width, not the longest of the catalogue: the row fits a half screen.
        self.remedy.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.remedy.setMinimumContentsLength(8)  # with the rest of the row, 440 px: a small screen's wizard in Chinese
        self.remove = QToolButton()
        self.remove.setText("✕")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.remedy, 4)
        layout.addWidget(self.amount)  # as wide as its largest amount: the remedy's name gets the room
        layout.addWidget(self.description, 3)
        layout.addWidget(self.remove)
        self.remedy.currentIndexChanged.connect(self._remedy_chosen)
        self.amount.valueChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.remedy.setPlaceholderText(self.tr("Choose a remedy"))
        self.amount.setSuffix(self.tr(" yuan"))
        self.amount.setMinimumWidth(self.amount.sizeHint().width())  # its largest amount and its unit, never cut
        # Short (the column is narrow), and for every remedy: "Which dish or drink" stood in a voucher's, a refund's
        # and the office's rows.
        self.description.setPlaceholderText(self.tr("Details"))
        self.remove.setToolTip(self.tr("Remove this remedy"))

    def _remedy_chosen(self) -> None:
        remedy_id = self.remedy.currentData()
        self.kept_remedy = None
        if remedy_id is not None:
            self.amount.setValue(float(self._defaults[remedy_id]))
        self.remedy.setToolTip(self.remedy.currentText())  # a long name cut short in a narrow row, whole here
        self.changed.emit()

    def line(self) -> Line | None:
        """The row as a line; None for a row left empty. A row with an amount or details but no remedy chosen
        (or one no longer offered) is a line all the same, for the intake to refuse in words."""
        remedy_id = self.remedy.currentData()
        if remedy_id is None:
            remedy_id = self.kept_remedy
        if remedy_id is None and not self.amount.value() and not self.description.text().strip():
            return None
        return Line(remedy_id or NO_REMEDY, decimal_amount(self.amount.value()), self.description.text())

    def set_line(self, remedy_id: int, amount: Decimal, description: str) -> None:
        index = self.remedy.findData(remedy_id)
        self.remedy.setCurrentIndex(index)
        # A remedy the list no longer offers (retired since an earlier proposal named it) stays the row's.
        self.kept_remedy = remedy_id if index < 0 else None
        self.amount.setValue(float(amount))
        if description == self._names.get(remedy_id):
            description = ""  # details left empty: the remedy's name stood in (shown twice, "赠送饮料 | 赠送饮料")
        self.description.setText(description)
        self.description.setCursorPosition(0)  # a narrow field shows how the text begins, not how it ends
        self.description.setToolTip(description)


class LinesEditor(Retranslating, QWidget):
    """A column of LineRows with an 'add remedy' button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.remedies = remedies()
        self.rows: list[LineRow] = []
        # What Tab reaches before the first row and after the add button (set_tab_neighbours).
        self.tab_before: QWidget | None = None
        self.tab_after: tuple[QWidget, ...] = ()
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.add_button.setText(self.tr("&Add remedy"))

    def add_row(self) -> LineRow:
        row = LineRow(self.remedies)
        row.changed.connect(self.changed)
        row.removed.connect(self._remove_row)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.add_button.setEnabled(len(self.rows) < MAX_LINES)
        self._order_tabs()
        row.remedy.setFocus()
        self.changed.emit()
        return row

    def set_tab_neighbours(self, before: QWidget | None, *after: QWidget) -> None:
        """The field Tab comes from to the first row (None: the rows start the page), and those it goes on to
        after the add button, in order."""
        self.tab_before = before
        self.tab_after = after
        self._order_tabs()

    def _order_tabs(self) -> None:
        """The field before, the rows, the add button, the fields after: a row is made after every other widget
        of its window, so Qt's order put it after the dialog's buttons (on step 3, Tab from an amount went to
        Withdraw and Offer before the explanation)."""
        rows = [widget for row in self.rows for widget in (row.remedy, row.amount, row.description, row.remove)]
        before = [self.tab_before] if self.tab_before is not None else []
        chain_tab_order(*before, *rows, self.add_button, *self.tab_after)

    def first_field(self) -> QWidget:
        """Where the cursor goes when the remedies are refused ("Add at least one remedy"): where one is chosen or
        added (it went to the column around them, which holds no cursor)."""
        return self.rows[0].remedy if self.rows else self.add_button

    def _remove_row(self, row: LineRow) -> None:
        self.rows.remove(row)
        self._drop(row)
        self.add_button.setEnabled(True)
        self._order_tabs()
        self.changed.emit()

    def _drop(self, row: LineRow) -> None:
        """Out of the layout and hidden at once (deleted when the event loop comes round): rows set twice before
        it does are never shown together."""
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def lines(self) -> list[Line]:
        return [line for line in (row.line() for row in self.rows) if line is not None]

    def set_lines(self, lines: list[tuple[int, Decimal, str]]) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            self._drop(row)
        for remedy_id, amount, description in lines:
            self.add_row().set_line(remedy_id, amount, description)
        if not self.rows:
            self.add_row()
