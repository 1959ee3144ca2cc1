"""ComplaintTableModel: the register's rows, fetched a page at a time as the
view asks for them, never all at once; a bounded cache keeps memory flat."""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush

from models.customer import mask_phone
from models.register import RegisterRow, register_rows
from models.search import Filters, page
from ui.format import date_time, day_time, money
from ui.i18n import current_language
from ui.labels import code_name, state_label
from ui.style import ALERT_COLOUR

PAGE_SIZE = 200
CACHED_PAGES = 40

# The columns a register row shows (the department, severity and whether it is overdue are in the
# category's and the state's tooltips and colour: the list fits 1100 pixels in both languages).
(NUMBER, RECEIVED, CUSTOMER, WORDS, CATEGORY, STATE, DUTY_MANAGER, COMPENSATION) = range(8)

HEADERS = {
    NUMBER: QT_TRANSLATE_NOOP("ComplaintTableModel", "Number"),
    RECEIVED: QT_TRANSLATE_NOOP("ComplaintTableModel", "Received"),
    CUSTOMER: QT_TRANSLATE_NOOP("ComplaintTableModel", "Customer"),
    WORDS: QT_TRANSLATE_NOOP("ComplaintTableModel", "Complaint"),
    CATEGORY: QT_TRANSLATE_NOOP("ComplaintTableModel", "Category"),
    STATE: QT_TRANSLATE_NOOP("ComplaintTableModel", "State"),
    DUTY_MANAGER: QT_TRANSLATE_NOOP("ComplaintTableModel", "Staff"),  # short: names of two characters below it
    COMPENSATION: QT_TRANSLATE_NOOP("ComplaintTableModel", "Amount"),
}
HEADER_TIPS = {
    DUTY_MANAGER: QT_TRANSLATE_NOOP("ComplaintTableModel", "Who received the complaint (the export's “Received by”)"),
    COMPENSATION: QT_TRANSLATE_NOOP("ComplaintTableModel", "Compensation the customer accepted, in yuan"),
}
OVERDUE_TIP = QT_TRANSLATE_NOOP("ComplaintTableModel", "The time promised to the customer has passed")
MATCH_ROLE = Qt.ItemDataRole.UserRole + 1  # where the search's text is in the words: (start, length) or None
# Columns the database can sort a million rows by (indexed or cheap); the others are computed per row.
SORT_KEYS = {
    NUMBER: "number",
    RECEIVED: "received",
    CATEGORY: "category",
    STATE: "state",
    DUTY_MANAGER: "duty_manager",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ComplaintTableModel", text)


class ComplaintTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self.sort_key = "received"
        self.descending = True
        self._count = 0
        self._pages: OrderedDict[int, list[RegisterRow]] = OrderedDict()

    # ------------------------------------------------------------------ what is shown

    def set_result(self, filters: Filters, count: int, first_page: list[int]) -> None:
        """Show a query's result (counted and first page fetched off the GUI thread)."""
        self.beginResetModel()
        self.filters = filters
        self._count = count
        self._pages.clear()
        self._pages[0] = register_rows(first_page, phrase=filters.text)
        self.endResetModel()

    def set_count(self, count: int) -> None:
        """The full count, known after the first page is shown: rows beyond it appear as the view scrolls."""
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()

    def row(self, row: int) -> RegisterRow | None:
        if not 0 <= row < self._count:
            return None
        number = row // PAGE_SIZE
        rows = self._pages.get(number)
        if rows is None:
            ids = page(self.filters, self.sort_key, self.descending, number * PAGE_SIZE, PAGE_SIZE)
            rows = register_rows(ids, phrase=self.filters.text)
            self._pages[number] = rows
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def complaint_id(self, row: int) -> int | None:
        found = self.row(row)
        return found.id if found else None

    # ------------------------------------------------------------------ QAbstractTableModel

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section in HEADERS:
            return _tr(str(HEADERS[section]))
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section in HEADER_TIPS:
            return _tr(str(HEADER_TIPS[section]))
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and column in (STATE, NUMBER):
            return QBrush(ALERT_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COMPENSATION:  # numbers right-aligned
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == MATCH_ROLE and column == WORDS:
            return row.match
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _tooltip(self, row: RegisterRow, column: int) -> str | None:
        english = current_language() == "en"
        if column == CATEGORY:
            department = row.department_en if english and row.department_en else row.department
            severity = code_name("severity", row.severity)
            return " · ".join(filter(None, [self._display(row, CATEGORY), department, severity]))
        if column == WORDS:
            return row.words
        if column == STATE and row.overdue:
            return _tr(str(OVERDUE_TIP))
        if column == RECEIVED:
            return date_time(row.received_at)
        return None

    def _display(self, row: RegisterRow, column: int) -> str:
        english = current_language() == "en"
        if column == NUMBER:
            return row.number
        if column == RECEIVED:
            return day_time(row.received_at)
        if column == CUSTOMER:
            return " ".join(filter(None, [row.customer, mask_phone(row.phone)]))
        if column == WORDS:
            return row.words
        if column == CATEGORY:
            return (row.category_en if english and row.category_en else row.category)
        if column == STATE:
            return state_label(row.state)  # overdue: in red, said by the tooltip
        if column == DUTY_MANAGER:
            return row.duty_manager
        if column == COMPENSATION:
            return money(row.compensation)
        return ""

    def set_order(self, column: int, order: Qt.SortOrder) -> None:
        """The order for the next result (columns computed per row keep the current one)."""
        key = SORT_KEYS.get(column)
        if key is not None:
            self.sort_key = key
            self.descending = order == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort now, fetching the first page on this thread (the register page runs it in a worker)."""
        self.set_order(column, order)
        ids = page(self.filters, self.sort_key, self.descending, 0, PAGE_SIZE)
        self.set_result(self.filters, self._count, ids)
