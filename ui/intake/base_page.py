"""What every intake page shares: its step's prompts, saving when the user
leaves it, and showing a refused input's sentence beside its field."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from models.case_detail import CaseDetail, case_detail
from models.catalog import IntakeStep
from models.errors import AuthorityError, DomainError, FieldError
from ui.i18n import Retranslating, domain_message
from ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from ui.intake.wizard import IntakeWizard

FieldWidget = TypeVar("FieldWidget", bound=QWidget)


class IntakePage(Retranslating, QWizardPage):
    """A step of the intake; each page sets its texts in retranslateUi()."""

    step: IntakeStep

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field_errors: dict[str, ErrorLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.page_error = ErrorLabel()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.page_error)

    @property
    def intake(self) -> IntakeWizard:
        return cast("IntakeWizard", self.wizard())

    def case(self) -> CaseDetail | None:
        case_id = self.intake.case_id
        return case_detail(case_id) if case_id else None

    def saved_case(self) -> CaseDetail:
        """The case a step after the first works on."""
        return case_detail(self.intake.saved_case_id)

    def add_field(self, name: str, widget: FieldWidget) -> FieldWidget:
        """A form row: label, field, and the field's error sentence below it."""
        label = QLabel()
        label.setBuddy(widget)
        error = ErrorLabel()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, holder)
        self.labels[name] = label
        self.field_errors[name] = error
        self.field_widgets[name] = widget
        return widget

    def set_labels(self, texts: dict[str, str]) -> None:
        """The form's row labels, by field name (called from retranslateUi)."""
        for name, text in texts.items():
            self.labels[name].setText(text)

    def next_text(self) -> str | None:
        """The Next button's text on this page; None keeps the wizard's own."""
        return None

    def clear_errors(self) -> None:
        for label in self.field_errors.values():
            label.show_message("")
        self.page_error.show_message("")

    def show_domain_error(self, error: DomainError) -> None:
        message = domain_message(error)
        if isinstance(error, AuthorityError):
            message = "\n".join(domain_message(reason) for reason in error.reasons)
        name = getattr(error, "field", None) if isinstance(error, FieldError) else None
        if name in self.field_errors:
            self.field_errors[name].show_message(message)
            self.field_widgets[name].setFocus()
        else:
            self.page_error.show_message(message)

    def save(self, step: Callable[[], Any]) -> bool:
        """Run one intake function; on a refusal show why and stay on the page
        with everything typed kept."""
        self.clear_errors()
        try:
            step()
        except DomainError as error:
            self.show_domain_error(error)
            return False
        return True
