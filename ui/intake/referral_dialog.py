"""Outside our scope (seed document 5): the referral guide's entries for the case's category, where to send
the customer, and what the desk tells them (the guide's words, changed as needed); recorded with the case
(``models.intake.refer``), audited, printed on the complaint form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.catalog import ReferralChoice, referral_choices
from models.errors import DomainError
from models.intake import REFERRAL_MAX, refer
from models.staff import Staff
from ui.i18n import catalogue_name, current_language, domain_message, fill
from ui.widgets import ErrorLabel, LimitedTextEdit


def referral_advice(choice: ReferralChoice) -> str:
    """Where to send the customer, in the desk's language (Chinese is the original)."""
    return choice.refer_to_en if current_language() == "en" and choice.refer_to_en else choice.refer_to


class ReferralDialog(QDialog):
    def __init__(
        self, staff: Staff, case_id: int, category_id: int | None, given: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.case_id = case_id
        self.choices = referral_choices(category_id)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.entries = QListWidget()
        self.entries.setObjectName("referralEntries")
        for choice in self.choices:
            item = QListWidgetItem(catalogue_name(choice))
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setToolTip(referral_advice(choice))
            self.entries.addItem(item)
        self.entries.currentItemChanged.connect(self._chosen)
        self.given_label = QLabel()
        self.given = LimitedTextEdit(REFERRAL_MAX, lines=3)
        self.given_label.setBuddy(self.given)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.given_label)
        layout.addWidget(self.given)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Outside our scope"))
        self.intro.setText(
            self.tr(
                "Is the matter for someone outside the company? Choose where the guide sends the customer, "
                "then say what you told them."
            )
        )
        if not self.choices:
            self.intro.setText(self.tr("The referral guide has no entry for this category; the office keeps it."))
        self.given_label.setText(self.tr("What you &told the customer:"))
        self.given.setText(given)
        self.resize(560, 480)

    def current_choice(self) -> ReferralChoice | None:
        item = self.entries.currentItem()
        if item is None:
            return None
        chosen = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.choices if c.id == chosen), None)

    def choose(self, index: int) -> None:
        self.entries.setCurrentRow(index)

    def _chosen(self) -> None:
        choice = self.current_choice()
        if choice is not None:
            self.given.setText(referral_advice(choice))

    def record(self) -> None:
        choice = self.current_choice()
        if choice is None:
            self.error.show_message(self.tr("Choose where the customer is sent."))
            return
        try:
            refer(self.staff, self.case_id, choice.id, self.given.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.accept()


def referral_line(name: str, given: str) -> str:
    """The referral recorded, as the investigation page shows it."""
    from PySide6.QtCore import QCoreApplication

    return fill(QCoreApplication.translate("ReferralDialog", "Referred: %1. %2"), name, given)
