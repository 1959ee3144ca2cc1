"""The intake says when the complaint just saved joins an active hot-spot ("the 5th complaint in 7 days about
“头发” at 二楼中餐厅: a hot-spot; the office is told"), the office told at the same time. The question runs in a
worker after the receipt and the investigation are saved (the duty manager goes on meanwhile)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QWidget

from models.control.hotspot_notices import check_at_desk
from models.control.hotspots import HotspotMatch
from models.errors import DomainError
from models.staff import Staff
from ui.hotspot_text import sentence_text
from ui.i18n import Retranslating
from ui.style import NOTICE, set_role
from ui.tasks import report_failure, run_task

log = logging.getLogger("complaint_desk.intake")


class HotspotNotice(Retranslating, QLabel):
    """Hidden until the complaint joins a hot-spot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hotspotNotice")
        self.setWordWrap(True)
        set_role(self, NOTICE)
        self.matches: list[HotspotMatch] = []
        self.checked_case: int | None = None
        self.asked_case: int | None = None
        self.hide()

    def check(self, staff: Staff, case_id: int) -> None:
        # Bound methods: a wizard closed before the answer takes its slots with it.
        self.asked_case = case_id
        run_task(check_at_desk, staff, case_id, on_done=self._answered, on_error=self._not_checked)

    def _answered(self, matches: list[HotspotMatch]) -> None:
        if self.asked_case is not None:
            self.show_matches(self.asked_case, matches)

    def show_matches(self, case_id: int, matches: list[HotspotMatch]) -> None:
        self.checked_case = case_id
        self.matches = matches
        self.retranslateUi()

    def _not_checked(self, error: Exception) -> None:
        """Only a help: another desk saving (or a disabled account) leaves the step as it was saved."""
        if isinstance(error, DomainError):
            log.info("hot-spots not checked: %s", error)
        else:
            report_failure(error, self)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setText("\n".join(sentence_text(match.message()) for match in self.matches))
        self.setVisible(bool(self.matches))
