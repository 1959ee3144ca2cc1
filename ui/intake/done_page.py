"""After closing: the archive number, the form to print now, a new complaint, or back to the queue
(instead of a status-bar line that disappears)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from models.case_detail import case_detail, may_print_form
from models.catalog import IntakeStep
from ui.form_preview import preview_case
from ui.i18n import fill
from ui.intake.base_page import IntakePage
from ui.style import MUTED, WITHIN, make_primary, set_role
from ui.tasks import Task


class DonePage(IntakePage):
    """The last page: nothing more to save, what comes next."""

    step = IntakeStep.CLOSE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.closed_line = QLabel()
        self.closed_line.setObjectName("closedLine")
        set_role(self.closed_line, WITHIN)
        self.number = QLabel()
        self.number.setObjectName("archiveNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_form)
        self.office_prints = QLabel()
        self.office_prints.setWordWrap(True)
        set_role(self.office_prints, MUTED)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self._new)
        make_primary(self.new_button)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        self.form.addRow(self.closed_line)
        self.form.addRow(self.number)
        self.form.addRow(row)
        self.form.addRow(self.office_prints)
        self.print_task: Task | None = None
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(self.tr("Closed"), self.tr("The record is sealed into the office archive."))
        self.print_button.setText(self.tr("&Print the complaint form…"))
        self.new_button.setText(self.tr("New co&mplaint"))
        self.office_prints.setText(self.tr("The office prints archived complaint forms from the archive."))
        if self.wizard() is not None and self.intake.case_id is not None:
            self.initializePage()

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        case = case_detail(self.intake.saved_case_id)
        # By the number the desk knew it by; its archive number on the line below (it was said twice).
        self.closed_line.setText(fill(self.tr("✓ Complaint %1 is closed."), f"#{case.id}"))
        self.number.setText(fill(self.tr("Archive number: %1"), case.archive_number or "—"))
        may_print = may_print_form(self.intake.staff, case)
        self.print_button.setVisible(may_print)
        self.office_prints.setVisible(not may_print)
        self.new_button.setFocus()

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        """Back to the open cases (the Finish button): nothing to save."""
        self.intake.back_to_queue.emit()
        return True

    def print_form(self) -> Task:
        """The sealed form in the print preview (rendered off the GUI thread)."""
        self.print_task = preview_case(self, self.intake.staff, self.intake.saved_case_id)
        return self.print_task

    def _new(self) -> None:
        self.intake.start_new_complaint()
