"""The register's words column: the complaint's words around the search's match, the match marked, so a
person sees why a row matched."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.register.model import MATCH_ROLE

MATCH_GROUND = QColor("#ffe08a")  # the marker pen's yellow, readable under black text


class HighlightDelegate(QStyledItemDelegate):
    """Paints the cell as usual, then a marker behind the match (elided text keeps it when it shows)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        match = index.data(MATCH_ROLE)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not match or option.state & QStyle.StateFlag.State_Selected:
            super().paint(painter, option, index)
            return
        start, length = match
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is None:
            super().paint(painter, option, index)
            return
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        metrics = option.fontMetrics
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        left = area.left() + margin + metrics.horizontalAdvance(text[:start])
        width = metrics.horizontalAdvance(text[start : start + length])
        right = min(left + width, area.right())
        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        if left < area.right():
            painter.fillRect(QRect(left, area.top() + 2, right - left, area.height() - 4), MATCH_GROUND)
        option.backgroundBrush = QBrush(Qt.GlobalColor.transparent)
        painter.restore()
        option.text = text
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
