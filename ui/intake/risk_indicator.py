"""The escalation-risk indicator beside the intake form: the level (a mark and a word, in a calm colour,
never flashing), each reason with what to do about it, and for a high risk "Notify the office now"; then
what the office answered. The wizard feeds it (``IntakeWizard.assess_risk``, debounced)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from models.control.alerts import AlertView
from models.control.risk import NO_RISK, RiskAssessment, RiskLevel
from ui.format import day_time
from ui.i18n import Retranslating, fill
from ui.risk_text import advice_text, level_text, reason_text
from ui.style import MUTED, set_role


class RiskIndicator(Retranslating, QFrame):
    notify = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskIndicator")
        self.caption = QLabel()
        self.caption.setObjectName("riskCaption")
        self.level = QLabel()
        self.level.setObjectName("riskLevel")
        self.reasons = QLabel()
        self.reasons.setObjectName("riskReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)  # always escaped HTML
        self.notify_button = QPushButton()
        self.notify_button.setObjectName("notifyOffice")
        self.notify_button.clicked.connect(self.notify)
        self.status = QLabel()
        self.status.setObjectName("riskStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.level)
        layout.addWidget(self.reasons)
        layout.addWidget(self.notify_button)
        layout.addWidget(self.status)
        self.assessment: RiskAssessment = NO_RISK
        self.alert: AlertView | None = None
        self.taken_over_by = ""
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.caption.setText(self.tr("Escalation risk"))
        self.notify_button.setText(self.tr("Notify the office now"))
        self.notify_button.setToolTip(
            self.tr("The office sees this case at once on its risk list; go on with the customer meanwhile.")
        )
        self.show_assessment(self.assessment)

    def show_assessment(self, assessment: RiskAssessment) -> None:
        self.assessment = assessment
        level = assessment.level
        set_role(self, level.value)
        set_role(self.level, level.value)
        self.level.setText(level_text(level))
        if not assessment.reasons:
            self.reasons.setText(escape(self.tr("No sign so far.")))
            set_role(self.reasons, MUTED)
        else:
            set_role(self.reasons, "")
            items = []
            for reason in sorted(assessment.reasons, key=lambda r: -r.points):
                advice = advice_text(reason)
                line = f"<b>{escape(reason_text(reason))}</b>"
                if advice:
                    line += f"<br>{escape(advice)}"
                items.append(f"<p style='margin:0 0 6px 0'>{line}</p>")
            self.reasons.setText("".join(items))
        self._show_alert()

    def show_alert(self, alert: AlertView | None, taken_over_by: str = "") -> None:
        """The case's latest alert and the office account that took the case over ("" when none)."""
        self.alert = alert
        self.taken_over_by = taken_over_by
        self._show_alert()

    def _show_alert(self) -> None:
        alert = self.alert
        open_alert = alert is not None and alert.is_open
        self.notify_button.setVisible(
            self.assessment.level == RiskLevel.HIGH and not open_alert and not self.taken_over_by
        )
        if self.taken_over_by:
            self.status.setText(fill(self.tr("Taken over by %1 of the office."), self.taken_over_by))
            self.status.show()
            return
        if alert is None:
            self.status.hide()
            return
        if alert.is_open:
            text = fill(self.tr("Office told at %1; go on with the customer."), day_time(alert.raised_at))
        elif alert.answer_note:
            text = fill(self.tr("%1 of the office has seen it: %2"), alert.answered_by, alert.answer_note)
        else:  # answered by an approval without a note
            text = fill(self.tr("%1 of the office has seen it."), alert.answered_by)
        self.status.setText(text)
        self.status.show()
