"""The quick path for small clear cases (抓大放小): one screen records what happened, the remedy and the
customer's agreement, and closes the case. It says as you type whether the case fits; anything that does
not (over the limits, a risk sign, a category for the office, unclear liability, no agreement) goes on in
the full intake with what was typed."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.catalog import categories
from models.complaint import Liability, State
from models.errors import DomainError, FieldError, FormError
from models.intake import (
    FINDINGS_MAX,
    NARRATIVE_MAX,
    QuickCase,
    QuickPathError,
    Receipt,
    hand_to_wizard,
    quick_close,
    quick_path_check,
)
from models.intake.quick import CLEAR_LIABILITIES, NOT_AGREED, RISK_SIGN, QuickPathCheck
from models.staff import Staff
from ui import messages
from ui.i18n import Retranslating, catalogue_name, clauses, domain_message, fill, labelled
from ui.intake.hotspot_notice import HotspotNotice
from ui.intake.lines_editor import LinesEditor
from ui.risk_text import reason_text
from ui.style import HINT, OVER, WITHIN, make_primary, set_role
from ui.widgets import ErrorLabel, LimitedTextEdit, enter_presses, resize_within_screen

CHECK_DELAY_MS = 300  # the fit is checked again this long after the last change
NOT_ASKED = 0  # the satisfaction box's value until the customer is asked (shown as "not asked")


@dataclass
class Carried:
    """What the quick screen held that handing the case to the full intake did not save: the wizard sets each
    part out on its step (``IntakeWizard.carry``)."""

    findings: str = ""  # with the liability, when the investigation was not saved (incomplete)
    liability: str = ""
    lines: list[tuple[int, Decimal, str]] = field(default_factory=list)
    explanation: str = ""
    promised_item: str = ""


class QuickCaseDialog(Retranslating, QDialog):
    """One small clear case, received and closed on one screen."""

    closed_case = Signal(int)  # closed and sealed: its id
    to_wizard = Signal(int, object)  # saved for the full intake: its id and what it did not save (Carried)

    def __init__(self, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.case_id: int | None = None
        self.errors: dict[str, ErrorLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

        self.customer_name = QLineEdit()
        self.phone = QLineEdit()
        self.location = QLineEdit()
        self.category = QComboBox()
        self.categories = {c.id: c for c in categories()}
        # What the full intake's first step held beyond this screen's fields (how it came, when, how serious, the
        # reply promised): kept for the case (``take_receipt``), none for a quick case begun here.
        self.carried: Receipt | None = None
        for category in self.categories.values():
            self.category.addItem(catalogue_name(category), category.id)
        self.category.setCurrentIndex(-1)
        self.narrative = LimitedTextEdit(NARRATIVE_MAX, lines=2)
        # No length cap on the line: a pasted text over DEMAND_MAX was cut without a word; the intake's check says
        # how long it is beside the field instead, and nothing is lost.
        self.demand = QLineEdit()
        self.findings = LimitedTextEdit(FINDINGS_MAX, lines=2)
        self.liability_group = QButtonGroup(self)
        liability_row = QHBoxLayout()
        liability_row.setContentsMargins(0, 0, 0, 0)  # in line with the fields above: its last choice whole
        self.liability_buttons: dict[str, QRadioButton] = {}
        for code in (Liability.FULL, Liability.PARTIAL, Liability.NONE):
            button = QRadioButton()
            self.liability_group.addButton(button)
            self.liability_buttons[code] = button
            liability_row.addWidget(button)
        liability_row.addStretch(1)
        self.liability_group.setExclusive(True)  # none chosen at first: admitting fault is the manager's choice
        liability = QWidget()
        liability.setLayout(liability_row)
        self.lines = LinesEditor()
        self.lines.set_lines([])
        self.explanation = QLineEdit()
        self.acknowledged = QCheckBox()
        self.agreed = QCheckBox()
        self.satisfaction = QSpinBox()  # 0 shows as "not asked": nothing is recorded unless the customer says
        self.satisfaction.setRange(NOT_ASKED, 5)
        self.satisfaction.setValue(NOT_ASKED)
        self.witness = QLineEdit()
        self.promised_item = QLineEdit()

        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):  # a label above its field when the row is too wide: the dialog fits 1100 pixels
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for form, rows in (
            (left, [("customer_name", self.customer_name), ("phone", self.phone), ("location", self.location),
                    ("category", self.category), ("narrative", self.narrative), ("demand", self.demand),
                    ("acknowledged", self.acknowledged), ("findings", self.findings), ("liability", liability)]),
            (right, [("lines", self.lines), ("explanation", self.explanation), ("agreed", self.agreed),
                     ("satisfaction", self.satisfaction), ("witness", self.witness),
                     ("promised_item", self.promised_item)]),
        ):  # fmt: skip
            for name, widget in rows:
                self._add_row(form, name, widget)

        self.fit = QLabel()
        self.fit.setObjectName("quickFit")
        self.fit.setWordWrap(True)
        self.fit.setTextFormat(Qt.TextFormat.RichText)
        self.page_error = ErrorLabel()
        self.full_intake_button = QPushButton()
        self.full_intake_button.clicked.connect(self.continue_in_wizard)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_case)
        make_primary(self.close_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.full_intake_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        form_page = QWidget()
        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.subtitle)
        form_layout.addLayout(columns)
        form_layout.addStretch(1)
        form_layout.addWidget(self.fit)
        form_layout.addWidget(self.page_error)
        form_layout.addLayout(buttons)

        # After closing: the archive number, and the next customer.
        self.done_line = QLabel()
        self.done_line.setObjectName("quickDone")
        set_role(self.done_line, WITHIN)
        self.another_button = QPushButton()
        self.another_button.clicked.connect(self.start_again)
        make_primary(self.another_button)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.accept)
        done_page = QWidget()
        done_layout = QVBoxLayout(done_page)
        done_layout.addWidget(self.done_line)
        # Whether the case just closed joins an active hot-spot, as the full intake says it (the office told too):
        # a quick case closed on a hot-spot was heard of by nobody.
        self.hotspot_notice = HotspotNotice()
        done_layout.addWidget(self.hotspot_notice)
        done_buttons = QHBoxLayout()
        done_buttons.addWidget(self.another_button)
        done_buttons.addWidget(self.done_button)
        done_buttons.addStretch(1)
        done_layout.addLayout(done_buttons)
        done_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(form_page)
        self.pages.addWidget(done_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.lines.set_tab_neighbours(  # once all are in the dialog: a remedy added later comes before the rest
            self.liability_buttons[Liability.NONE], self.explanation, self.agreed, self.satisfaction, self.witness,
            self.promised_item,
        )

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check_fit)
        for signal in (
            self.customer_name.textChanged, self.phone.textChanged, self.location.textChanged,
            self.category.currentIndexChanged, self.narrative.textChanged, self.demand.textChanged,
            self.findings.textChanged, self.liability_group.buttonToggled, self.lines.changed,
            self.agreed.toggled, self.witness.textChanged,
        ):  # fmt: skip
            signal.connect(lambda *_: self.check_timer.start())  # not start(int): an index is no interval
        self.category.currentIndexChanged.connect(self._category_chosen)
        resize_within_screen(self, 1040, 640)  # a 1024-pixel screen: its remove buttons and Close stay on it
        enter_presses(self)  # a field's Enter added a remedy row: Close and the rest are pressed, never entered
        self.retranslateUi()
        self.check_fit()

    def _add_row(self, form: QFormLayout, name: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        error = ErrorLabel()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, holder)
        self.labels[name], self.errors[name], self.fields[name] = label, error, widget

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("Quick case: small and clear"))
        self.subtitle.setText(
            self.tr(
                "For a complaint the desk settles on the spot, within your authority, with the customer's "
                "agreement: one screen, closed and archived. Anything else goes on in the full intake."
            )
        )
        texts = {
            "customer_name": self.tr("Customer's na&me:"),
            "phone": self.tr("&Phone:"),
            "location": self.tr("&Location:"),
            "category": self.tr("Cate&gory:"),
            "narrative": self.tr("What &happened:"),
            "demand": self.tr("The customer as&ks for:"),
            "acknowledged": self.tr("Acknowledged:"),
            "findings": self.tr("What you &found:"),
            "liability": self.tr("Liability:"),
            "lines": self.tr("Remedy:"),
            "explanation": self.tr("You &tell the customer:"),
            "agreed": self.tr("Customer's answer:"),
            "satisfaction": self.tr("Sat&isfaction (1–5):"),
            "witness": self.tr("&Witnessed by:"),
            "promised_item": self.tr("Still to &deliver:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.customer_name.setPlaceholderText(self.tr("optional"))
        self.phone.setPlaceholderText(self.tr("optional"))
        self.location.setPlaceholderText(self.tr("e.g. second-floor restaurant"))
        self.category.setPlaceholderText(self.tr("Choose a category"))
        self.narrative.setPlaceholderText(self.tr("e.g. the dish was cold when it came"))
        self.demand.setPlaceholderText(self.tr("e.g. heat it up again"))
        self.findings.setPlaceholderText(self.tr("e.g. it was cold: the dish waited at the pass"))
        self.acknowledged.setText(self.tr("Repeated &back; the customer confirmed it"))
        self.liability_buttons[Liability.FULL].setText(self.tr("&Ours"))
        self.liability_buttons[Liability.PARTIAL].setText(self.tr("Pa&rtly ours"))
        self.liability_buttons[Liability.NONE].setText(self.tr("Not clear / not our&s"))
        self.agreed.setText(self.tr("The customer agr&ees to the remedy"))
        self.satisfaction.setSpecialValueText(self.tr("not asked"))
        self.witness.setPlaceholderText(self.tr("who heard them agree, e.g. the waiter"))
        self.promised_item.setPlaceholderText(self.tr("optional, e.g. fruit to room 1208"))
        self.full_intake_button.setText(self.tr("Continue in the f&ull intake"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("&Close the complaint"))
        self.another_button.setText(self.tr("&Next quick case"))
        self.done_button.setText(self.tr("&Done"))
        self.check_fit()

    # -- what was typed

    def quick_case(self) -> QuickCase:
        liability = next((code for code, button in self.liability_buttons.items() if button.isChecked()), "")
        category = self.categories.get(self.category.currentData())
        severity = category.default_severity if category else "low"
        carried = self.carried
        if carried is not None and carried.category_id == self.category.currentData():
            severity = carried.severity  # as step 1 set it (a serious case is no quick case), for the same category
        return QuickCase(
            receipt=replace(
                carried or Receipt(),
                customer_name=self.customer_name.text(),
                phone=self.phone.text(),
                location=self.location.text(),
                narrative=self.narrative.text(),
                category_id=self.category.currentData(),
                severity=severity,
                demand=self.demand.text(),
                acknowledged=self.acknowledged.isChecked(),
            ),
            findings=self.findings.text(),
            department_id=category.default_department_id if category else None,
            liability=liability,
            lines=self.lines.lines(),
            explanation=self.explanation.text(),
            agreed=self.agreed.isChecked(),
            satisfaction=(self.satisfaction.value() or None) if self.agreed.isChecked() else None,  # 0: not asked
            witness=self.witness.text(),
            promised_item=self.promised_item.text(),
        )

    def _category_chosen(self) -> None:
        self.check_timer.start()

    def set_staff(self, staff: Staff) -> None:
        """Another person logged in at the desk while this stayed open: the case is theirs from here on."""
        self.staff = staff
        self.check_fit()

    # -- whether it fits

    def check_fit(self) -> bool:
        """Say whether the case can be closed here; the Close button follows."""
        try:
            check = quick_path_check(self.staff, self.quick_case())
        except DomainError as error:
            self.fit.setText(escape(domain_message(error)))
            set_role(self.fit, OVER)
            self.close_button.setEnabled(False)
            return False
        if check.fits:
            # It fits the quick path; the fields are checked at Close (a green "close it here" stood over refusals).
            self.fit.setText(escape(self.tr("✓ Small and clear: once every field needed is filled in, close it here.")))
            set_role(self.fit, WITHIN)
        elif all(reason.template == NOT_AGREED for reason in check.reasons):  # only not asked yet: no alarm
            self.fit.setText(escape(self.tr("Once the customer agrees to the remedy, you can close it here.")))
            set_role(self.fit, HINT)
        else:
            reasons = "".join(f"<li>{escape(self._reason_words(reason, check))}</li>" for reason in check.reasons)
            advice = escape(self.tr("This case needs the full intake:"))
            self.fit.setText(f"<b>{advice}</b><ul style='margin:2px 0'>{reasons}</ul>")
            set_role(self.fit, OVER)
        self.close_button.setEnabled(check.fits)
        return check.fits

    def _reason_words(self, reason: DomainError, check: QuickPathCheck) -> str:
        """Why not here, in words; a sign of escalation risk names the signs, as the wizard's panel does."""
        words = domain_message(reason)
        if reason.template == RISK_SIGN and check.risk_reasons:
            return labelled(words.rstrip("。."), clauses([reason_text(sign) for sign in check.risk_reasons]))
        return words

    # -- closing, or going the full way

    def close_case(self) -> bool:
        self._clear_errors()
        try:
            case = quick_close(self.staff, self.quick_case())
        except QuickPathError:
            self.check_fit()
            return False
        except DomainError as error:
            self._show_error(error)
            return False
        self.case_id = case.id
        # By the number the queue and the register show, and its archive number (the intake says both alike).
        said = self.tr("✓ Complaint %1 is closed and archived as %2.")
        self.done_line.setText(fill(said, f"#{case.id}", case.archive_number or ""))
        self.pages.setCurrentIndex(1)
        self.another_button.setFocus()
        self.hotspot_notice.check(self.staff, case.id)
        self.closed_case.emit(case.id)
        return True

    def continue_in_wizard(self) -> bool:
        """Save what was typed and go on in the full intake (the receipt's checks first)."""
        self._clear_errors()
        quick = self.quick_case()
        try:
            case = hand_to_wizard(self.staff, quick)
        except DomainError as error:
            self._show_error(error)
            return False
        investigated = case.state != State.RECEIVED
        carried = Carried(
            findings="" if investigated else quick.findings,
            liability="" if investigated or quick.liability not in CLEAR_LIABILITIES else quick.liability,
            lines=[(line.remedy_id, Decimal(line.amount), line.description) for line in quick.lines],
            explanation=quick.explanation,
            promised_item=quick.promised_item,
        )
        self.accept()
        self.to_wizard.emit(case.id, carried)
        return True

    def start_again(self) -> None:
        self.carried = None
        for edit in (self.customer_name, self.phone, self.location, self.demand, self.explanation, self.witness,
                     self.promised_item):  # fmt: skip
            edit.clear()
        self.narrative.setText("")
        self.findings.setText("")
        self.category.setCurrentIndex(-1)
        self.lines.set_lines([])
        self.acknowledged.setChecked(False)
        self.agreed.setChecked(False)
        self.satisfaction.setValue(NOT_ASKED)
        self.liability_group.setExclusive(False)  # an exclusive group keeps one button checked
        for button in self.liability_buttons.values():
            button.setChecked(False)
        self.liability_group.setExclusive(True)
        self.case_id = None
        self.hotspot_notice.show_matches(0, [])
        self.hotspot_notice.asked_case = None  # an answer for the case before is not shown over the next
        self.pages.setCurrentIndex(0)
        self.customer_name.setFocus()
        self.check_fit()

    def typed(self) -> bool:
        """Whether anything of the case has been typed or chosen on the form (the defaults aside)."""
        texts = (self.customer_name, self.phone, self.location, self.narrative, self.demand, self.findings,
                 self.explanation, self.witness, self.promised_item)  # fmt: skip
        chosen = self.category.currentIndex() >= 0 or self.liability_group.checkedButton() is not None
        return any(field.text().strip() for field in texts) or chosen or bool(self.lines.lines())

    def reject(self) -> None:
        """Cancel, Esc or the window's close: nothing of the case is saved until it is closed here or handed to
        the full intake, so throwing away what was typed is asked first."""
        if self.pages.currentIndex() == 0 and self.typed() and not messages.ask_discard(
            self,
            self.tr("Discard this complaint?"),
            self.tr("Nothing of this complaint is saved yet: what you typed will be lost. To keep it, close it "
                    "here or continue in the full intake."),
        ):  # fmt: skip
            return
        super().reject()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.show_message("")
        self.page_error.show_message("")

    def take_receipt(self, receipt: Receipt) -> None:
        """What the full intake's first step held (Ctrl+Shift+N there): the same fields here, nothing retyped, and
        the rest kept for the case (the channel, the time received, the severity and the reply promised were lost:
        a phone call of three hours before was saved as received in person now, a serious case as a small one)."""
        self.carried = receipt
        self.customer_name.setText(receipt.customer_name)
        self.phone.setText(receipt.phone)
        self.location.setText(receipt.location)
        self.category.setCurrentIndex(self.category.findData(receipt.category_id))
        self.narrative.setText(receipt.narrative)
        self.demand.setText(receipt.demand)
        self.acknowledged.setChecked(receipt.acknowledged)
        self.findings.setFocus()  # what comes next: the investigation

    def _show_error(self, error: DomainError) -> None:
        errors: list[DomainError] = list(error.errors) if isinstance(error, FormError) else [error]
        elsewhere = []
        first: QWidget | None = None
        for each in errors:
            name = each.field if isinstance(each, FieldError) else None
            if name in self.errors:
                self.errors[name].show_message(domain_message(each))
                first = first or self.fields[name]
            else:
                elsewhere.append(domain_message(each))
        self.page_error.show_message("\n".join(elsewhere))
        if first is not None:
            first_field = getattr(first, "first_field", None)  # a field of several (the remedies): its first
            (first_field() if first_field is not None else first).setFocus()
