"""What every intake page shares: its step's prompts, saving when the user
leaves it, and showing a refused input's sentence beside its field."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from models.case_detail import CaseDetail, case_detail
from models.catalog import IntakeStep
from models.errors import AuthorityError, DomainError, FieldError, FormError
from models.intake import ChangedMeanwhileError, as_shown
from ui.i18n import Retranslating, domain_message
from ui.intake.lines_editor import LinesEditor
from ui.intake.signature_pad import SignaturePad
from ui.intake.step_bar import StepBar
from ui.widgets import ErrorLabel, LimitedTextEdit

if TYPE_CHECKING:
    from ui.intake.wizard import IntakeWizard

FieldWidget = TypeVar("FieldWidget", bound=QWidget)
# The signals by which a field says it was changed (whichever of them its kind has).
CHANGE_SIGNALS = ("textChanged", "currentIndexChanged", "valueChanged", "dateTimeChanged", "toggled", "changed")


class IntakePage(Retranslating, QWizardPage):
    """A step of the intake; each page sets its texts in retranslateUi()."""

    step: IntakeStep

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left_typed: tuple[tuple[object, ...], dict[str, object]] | None = None  # kept at Back (``put_back``)
        self.field_errors: dict[str, ErrorLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.field_rows: dict[str, QVBoxLayout] = {}  # each field with its error below it
        self.page_error = ErrorLabel()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above when narrow: 1100 px
        self.labels: dict[str, QLabel] = {}
        # The page's own header (QWizard's is small and cannot show the steps): steps, title, what to do.
        self.step_bar = StepBar()
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)  # readable across the desk, not QWizard's 9 pt
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setObjectName("pageSubtitle")
        self.subheading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_bar)
        layout.addSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(8)
        # The fields scroll where the screen is too low for them (a 768-pixel screen less its taskbar): squeezed
        # below their size, a complaint's text box shrank to one line under its counter.
        fields = QWidget()
        column = self.fields_column = QVBoxLayout(fields)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addStretch(1)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setWidget(fields)
        # Not a stop of its own for Tab (its fields are; it scrolls to the one Tab reaches).
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.fields_area, 1)
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
        self.field_rows[name] = column
        # A refusal's sentence goes once the field is changed (a remedy chosen after "add at least one" stayed
        # refused until the next save).
        for change in CHANGE_SIGNALS:
            signal = getattr(widget, change, None)
            if isinstance(signal, SignalInstance):
                signal.connect(lambda *_, error=error: error.show_message(""))
        return widget

    def entered(self) -> tuple[object, ...]:
        """What the page's fields hold, every kind of input (texts, choices, ticks, amounts and dates, remedy rows, a
        drawn signature): the wizard compares it with what they held when the page was shown, to know whether
        leaving would lose anything."""
        return tuple(_value(widget) for field in self.field_widgets.values() for widget in _inputs(field))

    # Back: QWizard sets the page out afresh from the saved case when it is reached again, and what was typed on
    # it and not saved would be gone. It is kept (``cleanupPage``) and put back (``put_back``) when the page is
    # reached again with its saved values as they were. Not on a page whose fields start afresh each time (the
    # customer's answer to a new proposal).
    keeps_typed_on_back = True
    # A step here is refused when another desk changed the case since the page was set out (``save``). Not the
    # customer's answer, which is guarded by the proposal it answers (``Consent.proposal_seq``) alone.
    guards_against_changes = True
    refused_as_changed = False  # the last save was refused for another desk's change (named): pressed again, saved

    def cleanupPage(self) -> None:  # noqa: N802 - Qt naming
        if self.keeps_typed_on_back and self.wizard() is not None and self.entered() != self.intake.shown_entered:
            self.left_typed = (self.intake.shown_entered, self._typed())
        super().cleanupPage()

    def put_back(self, shown: tuple[object, ...]) -> None:
        """What was typed here before Back, on the page reached again (``shown``: its fields as set out from the
        saved case now), when the saved values are as they were then."""
        left, self.left_typed = self.left_typed, None
        if left is None or left[0] != shown:
            return
        for name, value in left[1].items():
            widget = self.field_widgets[name]
            if isinstance(widget, QLineEdit | LimitedTextEdit):
                widget.setText(cast(str, value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(cast(int, value))
            elif isinstance(widget, QAbstractButton):
                widget.setChecked(cast(bool, value))
            elif isinstance(widget, LinesEditor):
                widget.set_lines(cast(list[tuple[int, Decimal, str]], value))

    def _typed(self) -> dict[str, object]:
        typed: dict[str, object] = {}
        for name, widget in self.field_widgets.items():
            if isinstance(widget, QLineEdit | LimitedTextEdit):
                typed[name] = widget.text()
            elif isinstance(widget, QComboBox):
                typed[name] = widget.currentIndex()
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                typed[name] = widget.isChecked()
            elif isinstance(widget, LinesEditor):
                typed[name] = [(line.remedy_id, Decimal(line.amount), line.description) for line in widget.lines()]
        return typed

    def set_heading(self, title: str, subtitle: str) -> None:
        """The step's title and what to do at it (called from retranslateUi)."""
        self.heading.setText(title)
        self.subheading.setText(subtitle)

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
        """Each refused field's sentence beside it (all of them at once), the first such field
        focused; what belongs to no field of this page below the form."""
        errors: list[DomainError] = list(error.errors) if isinstance(error, FormError) else [error]
        elsewhere: list[str] = []
        first: str | None = None  # the first refused field's name
        for each in errors:
            message = domain_message(each)
            if isinstance(each, AuthorityError):
                message = "\n".join(domain_message(reason) for reason in each.reasons)
            name = each.field if isinstance(each, FieldError) else None
            if name in self.field_errors:
                label = self.field_errors[name]
                label.show_message("\n".join(filter(None, (label.text() if label.isVisibleTo(self) else "", message))))
                first = first or name
            else:
                elsewhere.append(message)
        self.page_error.show_message("\n".join(elsewhere))
        if first is not None:
            widget = self.field_widgets[first]
            first_field = getattr(widget, "first_field", None)  # a field of several (the remedies): its first
            (first_field() if first_field is not None else widget).setFocus()
            # Scrolled to, with its sentence below it, where the fields scroll (a low screen).
            self.fields_area.ensureWidgetVisible(self.field_errors[first])
            self.fields_area.ensureWidgetVisible(self.field_widgets[first])

    def save(self, step: Callable[[], Any]) -> bool:
        """Run one intake function; on a refusal show why and stay on the page
        with everything typed kept. A saved case's step is refused when another desk changed the case since the
        page was shown (``as_shown``); pressed again, it saves over that change, which has been named."""
        self.clear_errors()
        self.refused_as_changed = False
        intake, case_id = self.intake, self.intake.case_id
        shown = intake.shown_at
        try:
            guarded = self.guards_against_changes
            with as_shown(case_id, *shown) if guarded and case_id is not None and shown is not None else nullcontext():
                step()
        except ChangedMeanwhileError as error:
            self.show_domain_error(error)
            intake.note_shown()  # as it is now: the next press is a choice made knowing of the change
            self.refused_as_changed = True
            return False
        except DomainError as error:
            self.show_domain_error(error)
            return False
        intake.note_shown()
        return True


def _inputs(field: QWidget) -> list[QWidget]:
    """A field's inputs: the field itself, or those inside it (a remedy row's, a choice row's buttons)."""
    if isinstance(field, QLineEdit | LimitedTextEdit | SignaturePad | QAbstractSpinBox | QComboBox):
        return [field]
    if isinstance(field, LinesEditor):  # its rows now: rows set out before are its children until deleted
        return [field, *(widget for row in field.rows for widget in row.findChildren(QWidget))]
    return [field, *field.findChildren(QWidget)]


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit | LimitedTextEdit | QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, SignaturePad):
        return widget.is_empty()
    return None
