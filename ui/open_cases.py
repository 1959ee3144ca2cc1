"""The desk's open cases: unfinished drafts and cases the office has decided,
each continued in the intake wizard at the right page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.customer import mask_phone
from models.queues import desk_queue
from models.staff import Staff
from ui.format import date_time, day_time
from ui.i18n import Retranslating, catalogue_name, fill
from ui.labels import state_label
from ui.risk_text import level_text
from ui.style import ALERT_COLOUR, NOTICE, set_role
from ui.widgets import SectionHeading


class OpenCasesPage(Retranslating, QWidget):
    continue_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.banner = QLabel()
        self.banner.setObjectName("draftsBanner")
        self.banner.setWordWrap(True)
        set_role(self.banner, NOTICE)
        self.banner.hide()
        self.cases = QTreeWidget()
        self.cases.setRootIsDecorated(False)
        self.cases.setAlternatingRowColors(True)
        self.cases.setSortingEnabled(True)
        self.cases.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest first
        self.cases.setUniformRowHeights(True)
        self.cases.itemActivated.connect(self._activated)
        self.cases.currentItemChanged.connect(self._current_changed)
        self.continue_button = QPushButton()
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._continue_current)
        self.preview_button = QPushButton()
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self._preview_current)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        self.heading = SectionHeading()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.cases, 1)
        layout.addLayout(buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Open cases"))
        self.cases.setHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Received"),
                self.tr("Customer"),
                self.tr("Category"),
                self.tr("State"),
                self.tr("Reply promised"),
                self.tr("Received by"),
                self.tr("Risk"),
            ]
        )
        self.continue_button.setText(self.tr("&Continue"))
        self.preview_button.setText(self.tr("Draft &form…"))
        self.preview_button.setToolTip(
            self.tr("Preview and print the complaint form as it stands (marked NOT ARCHIVED)")
        )
        self.refresh_button.setText(self.tr("&Refresh"))
        if self.staff is not None:
            self.refresh()

    def set_staff(self, staff: Staff) -> int:
        self.staff = staff
        return self.refresh()

    def refresh(self) -> int:
        """Reload the list; the number of cases waiting."""
        self.cases.clear()
        if self.staff is None:  # nobody logged in yet: no queue to show
            return 0
        drafts = desk_queue(self.staff)
        for case in drafts:
            customer = " ".join(filter(None, [case.customer_name, mask_phone(case.customer_phone)]))
            promised = day_time(case.promised_at)
            state = state_label(case.state)
            if case.taken_over_by:
                state = fill(self.tr("%1 · taken over by %2"), state, case.taken_over_by)
            item = QTreeWidgetItem(
                [
                    case.number,
                    date_time(case.received_at),
                    customer,
                    catalogue_name(case.category) if case.category else "",
                    state,
                    promised,
                    case.received_by,
                    level_text(case.risk_level) if case.risk_level else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, case.id)
            # The desk may not go on with a case the office took over (the office account may).
            item.setData(1, Qt.ItemDataRole.UserRole, bool(case.taken_over_by) and not self.staff.is_office)
            if case.overdue:
                item.setForeground(5, QBrush(ALERT_COLOUR))
                item.setToolTip(5, self.tr("The time promised to the customer has passed"))
            self.cases.addTopLevelItem(item)
        for column in range(self.cases.columnCount()):
            self.cases.resizeColumnToContents(column)
        if drafts:
            self.banner.setText(
                self.tr("%n case(s) wait for the desk. Select one and press Continue.", "", len(drafts))
            )
        self.banner.setVisible(bool(drafts))
        return len(drafts)

    def _current_changed(self) -> None:
        item = self.cases.currentItem()
        has_case = item is not None
        self.continue_button.setEnabled(has_case and not (item and item.data(1, Qt.ItemDataRole.UserRole)))
        self.preview_button.setEnabled(has_case)

    def _activated(self, item: QTreeWidgetItem) -> None:
        if not item.data(1, Qt.ItemDataRole.UserRole):
            self.continue_case.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def _preview_current(self) -> None:
        from ui.form_preview import preview_case  # with the case's details: when asked for, not at login

        item = self.cases.currentItem()
        if item is not None:
            preview_case(self, self.staff, item.data(0, Qt.ItemDataRole.UserRole))

    def _continue_current(self) -> None:
        item = self.cases.currentItem()
        if item is not None:
            self.continue_case.emit(item.data(0, Qt.ItemDataRole.UserRole))
