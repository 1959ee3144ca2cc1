"""The Open cases section: the desk's whole queue (every open case, those waiting for the office too),
the customer waiting longest past the promise first, each with its next step; continued in the intake
at the right page, or opened."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.queues import ALL, MINE, OVERDUE, WAITING_FOR_OFFICE, DeskQueue, QueueCounts, desk_queue
from models.staff import Staff
from ui.case_queue import CaseQueue
from ui.format import number
from ui.i18n import Retranslating, fill, sentences
from ui.labels import relabel_items
from ui.style import NOTICE, set_role
from ui.tasks import run_task
from ui.widgets import SectionHeading

FILTERS = {
    ALL: QT_TRANSLATE_NOOP("OpenCasesPage", "All open cases"),
    OVERDUE: QT_TRANSLATE_NOOP("OpenCasesPage", "Past the promised time"),
    WAITING_FOR_OFFICE: QT_TRANSLATE_NOOP("OpenCasesPage", "Waiting for the office"),
    MINE: QT_TRANSLATE_NOOP("OpenCasesPage", "Received by me"),
}


class OpenCasesPage(Retranslating, QWidget):
    continue_case = Signal(int)
    open_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.queue = DeskQueue([], QueueCounts(0, 0, 0, 0, 0, 0), 0)
        self.generation = 0  # of the list's reads: a background answer older than the list shown is dropped
        self.banner = QLabel()
        self.banner.setObjectName("draftsBanner")
        self.banner.setWordWrap(True)
        set_role(self.banner, NOTICE)
        self.banner.hide()
        self.which = QComboBox()
        for code in FILTERS:
            self.which.addItem("", code)
        self.which.currentIndexChanged.connect(lambda _: self.refresh())  # each filter's own first cases
        self.which_label = QLabel()
        self.which_label.setBuddy(self.which)
        self.cases = CaseQueue()
        self.cases.continue_case.connect(self.continue_case)
        self.cases.open_case.connect(self.open_case)
        self.cases.currentItemChanged.connect(self._current_changed)
        self.continue_button = QPushButton()
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._continue_current)
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_current)
        self.preview_button = QPushButton()
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self._preview_current)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        self.heading = SectionHeading()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.which_label)
        top.addWidget(self.which)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.cases, 1)
        layout.addLayout(buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Open cases"))
        self.which_label.setText(self.tr("&Show:"))
        relabel_items(self.which, lambda code: QCoreApplication.translate("OpenCasesPage", str(FILTERS[code])))
        self.continue_button.setText(self.tr("&Continue"))
        self.open_button.setText(self.tr("&Open…"))
        self.preview_button.setText(self.tr("Draft for&m…"))
        self.preview_button.setToolTip(
            self.tr("Preview and print the complaint form as it stands (marked NOT ARCHIVED)")
        )
        self.refresh_button.setText(self.tr("&Refresh"))
        if self.staff is not None:
            self._show()

    def set_staff(self, staff: Staff) -> int:
        self.staff = staff
        return self.refresh()

    def show_filter(self, which: str) -> None:
        """The list with one filter (the overview's cards): all, overdue, office or mine; read once (the combo's
        own change read it too: twice a click)."""
        blocked = QSignalBlocker(self.which)
        self.which.setCurrentIndex(self.which.findData(which))
        del blocked
        self.refresh()

    def refresh(self) -> int:
        """Reload the queue; the number of this person's own drafts to resume: intakes stopped before a proposal
        (a crash, a window closed while the customer talked). A case waiting for the customer's answer, the
        office or its closing is no draft: counting those, every login of a duty manager with any open case
        opened this list instead of the overview, the only place the follow-ups due are listed."""
        self.generation += 1
        if self.staff is None:  # nobody logged in yet: no queue to show
            self.cases.show_cases([])
            return 0
        self.queue = desk_queue(self.staff, which=self.which.currentData() or ALL)
        self._show()
        return self.queue.counts.drafts

    def refresh_in_background(self) -> None:
        """Reload the queue in a worker (while it is in view, as other desks save): at a million complaints a
        read took a fifth of a second, the window frozen every minute."""
        if self.staff is None:
            return
        which, staff = self.which.currentData() or ALL, self.staff
        self.generation += 1
        generation = self.generation

        def read(queue: DeskQueue) -> None:
            # Else the list was read again meanwhile (the desk's own save, a filter chosen, the desk changed hands:
            # the queue is the person's) and this older answer put back a case withdrawn since.
            if generation == self.generation:
                self.queue = queue
                self._show()

        run_task(desk_queue, staff, None, which, on_done=read, owner=self)

    def _show(self) -> None:
        now = dt.datetime.now()
        queue = self.queue
        self.cases.show_cases(queue, now)
        # Counted over every open case: a list cut at its first 500 said "500 open cases: 500 past the promised
        # time" beside cards saying 2,488 and 1,592.
        counts = queue.counts
        said = (
            self.tr("%Ln open case(s)", "", counts.open)
            + self.tr(": %Ln past the promised time", "", counts.overdue)
            + self.tr(", %Ln waiting for the office.", "", counts.waiting_for_office)
        )
        cut = ""
        if queue.cut:
            cut = fill(self.tr("The first %1 of %2 are listed."), number(len(queue)), number(queue.listed))
        mine = self.tr("Numbers in bold: the cases you received.") if any(case.mine for case in queue) else ""
        # Why a login opened this list (it said nothing of them): this person's intakes stopped before a proposal.
        drafts = fill(self.tr("Intakes of yours stopped before a proposal: %1. Go on with them first."),
                      number(counts.drafts)) if counts.drafts else ""  # fmt: skip
        # With none, said so (a blank table looked like a list not read yet).
        calm = self.tr("No open case: nobody is waiting for the desk.")
        self.banner.setText(sentences(said, cut, drafts, mine) if counts.open else calm)
        set_role(self.banner, NOTICE if counts.open else "")
        self.banner.show()
        self._current_changed()

    def _current_changed(self) -> None:
        current = self.cases.current_case()
        self.continue_button.setEnabled(current is not None and current[1])
        self.open_button.setEnabled(current is not None)
        self.preview_button.setEnabled(current is not None)

    def _preview_current(self) -> None:
        from ui.form_preview import preview_case  # with the case's details: when asked for, not at login

        current = self.cases.current_case()
        if current is not None:
            preview_case(self, self.staff, current[0])

    def _continue_current(self) -> None:
        current = self.cases.current_case()
        if current is not None and current[1]:
            self.continue_case.emit(current[0])

    def _open_current(self) -> None:
        current = self.cases.current_case()
        if current is not None:
            self.open_case.emit(current[0])
