"""Step 2: investigate (house rule 4): findings, responsible department and
staff, evidence, and how far the company is liable."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.case_detail import evidence_files
from models.catalog import IntakeStep, PromptKind, departments
from models.complaint import Liability
from models.errors import DomainError
from models.intake import FINDINGS_MAX, Investigation, add_attachment, record_investigation
from models.scripts import prompts_for
from ui.i18n import catalogue_name, current_language, fill
from ui.intake.base_page import IntakePage
from ui.intake.referral_dialog import ReferralDialog, referral_line
from ui.labels import relabel_items
from ui.style import HINT, set_role
from ui.widgets import LimitedTextEdit

LIABILITIES = {
    Liability.NONE: QT_TRANSLATE_NOOP("InvestigatePage", "None: the company did nothing wrong"),
    Liability.MISUNDERSTANDING: QT_TRANSLATE_NOOP("InvestigatePage", "Misunderstanding of the company's rules"),
    Liability.PARTIAL: QT_TRANSLATE_NOOP("InvestigatePage", "Partial: shared or minor fault"),
    Liability.FULL: QT_TRANSLATE_NOOP("InvestigatePage", "Full: the company is at fault"),
}


class EvidenceList(QWidget):
    """Files attached to the case, and a button to add more."""

    def __init__(self, page: InvestigatePage) -> None:
        super().__init__()
        self.page = page
        self.files = QListWidget()
        self.files.setMaximumHeight(70)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.choose_files)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files)
        layout.addLayout(row)

    def refresh(self) -> None:
        self.files.clear()
        case_id = self.page.intake.case_id
        if case_id:
            for evidence in evidence_files(case_id):
                self.files.addItem(f"{evidence.filename}  ({evidence.size / 1024:.0f} KB)")

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Attach evidence"),
            "",
            self.tr("Photos and documents (*.jpg *.jpeg *.png *.heic *.pdf);;All files (*)"),
        )
        self.attach(names)

    def attach(self, names: list[str]) -> None:
        for name in names:
            try:
                add_attachment(self.page.intake.staff, self.page.intake.saved_case_id, name, Path(name).read_bytes())
            except DomainError as error:
                self.page.show_domain_error(error)
            except OSError as error:
                self.page.page_error.show_message(
                    fill(self.tr("Cannot read %1: %2"), name, error.strerror or "")
                )
        self.refresh()


class InvestigatePage(IntakePage):
    step = IntakeStep.INVESTIGATE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings = self.add_field("findings", LimitedTextEdit(FINDINGS_MAX, lines=5))
        self.department = self.add_field("department", QComboBox())
        for department in departments():
            self.department.addItem(catalogue_name(department), department.id)
        self.department.setCurrentIndex(-1)
        self.staff_involved = self.add_field("staff_involved", QLineEdit())
        self.liability = self.add_field("liability", QComboBox())
        for code in LIABILITIES:
            self.liability.addItem("", code)
        self.liability.setCurrentIndex(-1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("misunderstandingPrompt")
        set_role(self.explanation, HINT)
        self.explanation.hide()
        self.form.addRow("", self.explanation)
        self.evidence = self.add_field("attachment", EvidenceList(self))
        # Seed document 5: a matter for someone outside the company goes there, as the referral guide says.
        self.referral_button = QPushButton()
        self.referral_button.setObjectName("outsideOurScope")
        self.referral_button.clicked.connect(self.open_referral)
        self.referral = QLabel()
        self.referral.setObjectName("referralGiven")
        self.referral.setWordWrap(True)
        set_role(self.referral, HINT)
        self.referral.hide()
        referral_row = QWidget()
        referral_layout = QVBoxLayout(referral_row)
        referral_layout.setContentsMargins(0, 0, 0, 0)
        button_row = QHBoxLayout()
        button_row.addWidget(self.referral_button)
        button_row.addStretch(1)
        referral_layout.addLayout(button_row)
        referral_layout.addWidget(self.referral)
        self.add_field("referral", referral_row)
        self.liability.currentIndexChanged.connect(self._liability_chosen)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(
            self.tr("Investigate"),
            self.tr(
                "Tell the customer you will look into it and when you will be back. "
                "Check carefully; never brush them off."
            ),
        )
        texts = {
            "findings": self.tr("What the investigation &found:"),
            "department": self.tr("Responsible &department:"),
            "staff_involved": self.tr("&Staff involved:"),
            "liability": self.tr("Company's &liability:"),
            "attachment": self.tr("Evidence:"),
            "referral": self.tr("Outside our scope:"),
        }
        self.set_labels(texts)
        self.findings.setPlaceholderText(self.tr("What happened, who was asked, what was seen, receipts checked"))
        self.department.setPlaceholderText(self.tr("Choose a department"))
        self.staff_involved.setPlaceholderText(self.tr("Names or roles, e.g. Xiao Li, waiter"))
        self.liability.setPlaceholderText(self.tr("Choose"))
        relabel_items(
            self.liability, lambda code: QCoreApplication.translate("InvestigatePage", str(LIABILITIES[code]))
        )
        self.evidence.add_button.setText(self.tr("Attach &photo or receipt…"))
        self.referral_button.setText(self.tr("Where to send the customer…"))
        self.referral_button.setToolTip(
            self.tr("For a matter the company cannot settle: the referral guide says who can (police, 120, 12315…)")
        )
        self._liability_chosen()

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        case = self.saved_case()
        self.findings.setText(case.findings)
        department = case.department_id or case.category_default_department_id
        self.department.setCurrentIndex(self.department.findData(department))
        self.staff_involved.setText(case.staff_involved)
        self.liability.setCurrentIndex(self.liability.findData(case.liability) if case.liability else -1)
        self.evidence.refresh()
        self._show_referral()

    def open_referral(self) -> ReferralDialog:
        case = self.saved_case()
        dialog = ReferralDialog(self.intake.staff, case.id, case.category_id, case.referral_given, self)
        dialog.accepted.connect(self._show_referral)
        dialog.accepted.connect(self.intake.note_shown)  # this desk's own change
        dialog.open()
        return dialog

    def _show_referral(self) -> None:
        case = self.saved_case()
        if case.referral is None:
            self.referral.hide()
            return
        self.referral.setText(referral_line(catalogue_name(case.referral), case.referral_given))
        self.referral.show()

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        investigation = Investigation(
            findings=self.findings.text(),
            department_id=self.department.currentData(),
            staff_involved=self.staff_involved.text(),
            liability=self.liability.currentData() or "",
        )
        intake = self.intake
        return self.save(
            lambda: intake.case_saved(record_investigation(intake.staff, intake.saved_case_id, investigation))
        )

    def _liability_chosen(self) -> None:
        """House rule 7: a misunderstanding is explained tactfully; show how."""
        if self.liability.currentData() != Liability.MISUNDERSTANDING:
            self.explanation.hide()
            return
        tips = [
            p.text for p in prompts_for(IntakeStep.INVESTIGATE, current_language()) if p.kind == PromptKind.EXPLANATION
        ]
        heading = self.tr("Explain tactfully, without blaming the customer:")
        self.explanation.setText(f"<b>{escape(heading)}</b><br>" + "<br>".join(escape(t) for t in tips))
        self.explanation.show()
