"""The intake's steps in a row above each page (1 受理 · 2 调查 · 3 方案 · 4 顾客意见 · 5 结案):
the step the case is at, the steps done, the steps to come."""
from __future__ import annotations

from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from models.complaint import State
from ui.i18n import Retranslating
from ui.style import set_role

STEP_NAMES = (
    QT_TRANSLATE_NOOP("StepBar", "Receive"),
    QT_TRANSLATE_NOOP("StepBar", "Investigate"),
    QT_TRANSLATE_NOOP("StepBar", "Propose"),
    QT_TRANSLATE_NOOP("StepBar", "Customer's answer"),
    QT_TRANSLATE_NOOP("StepBar", "Close"),
)

# The steps a case in each state has done (by index: 0 receive … 4 close).
DONE_STEPS: dict[str, frozenset[int]] = {
    State.RECEIVED: frozenset({0}),
    State.INVESTIGATING: frozenset({0, 1}),
    State.DECLINED: frozenset({0, 1}),  # a new proposal is the step to do
    State.PROPOSED: frozenset({0, 1, 2}),
    State.ESCALATED: frozenset({0, 1, 2}),
    State.DECIDED: frozenset({0, 1, 2}),
    State.AGREED: frozenset({0, 1, 2, 3}),
    State.CLOSED: frozenset({0, 1, 2, 3, 4}),
}

CURRENT, DONE, TO_DO = "current", "done", "todo"  # the roles the style sheet colours


class StepBar(Retranslating, QWidget):
    """Five labels: ✓ before a step done, the current step filled, the others quiet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.steps: list[QLabel] = []
        for index in range(len(STEP_NAMES)):
            if index:
                dot = QLabel("·")
                set_role(dot, TO_DO)
                dot.setObjectName("stepBarDot")
                row.addWidget(dot)
            label = QLabel()
            label.setObjectName("stepBarStep")
            self.steps.append(label)
            row.addWidget(label)
        row.addStretch(1)
        self.current = 0
        self.done: frozenset[int] = frozenset()
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.show_steps(self.current, self.done)

    def show_steps(self, current: int, done: frozenset[int]) -> None:
        self.current, self.done = current, done
        for index, label in enumerate(self.steps):
            set_role(label, CURRENT if index == current else DONE if index in done else TO_DO)
        self._fit()

    def _texts(self, short: bool) -> list[str]:
        """Each step's text: its number and name, or (``short``) the steps but the current one by number alone."""
        texts = []
        for index in range(len(self.steps)):
            name = QCoreApplication.translate("StepBar", str(STEP_NAMES[index]))
            mark = "✓ " if index in self.done and index != self.current else ""
            texts.append(f"{mark}{index + 1}" if short and index != self.current else f"{mark}{index + 1} {name}")
        return texts

    def _fit(self) -> None:
        """The steps named in full when they fit the bar's width; else the current one alone (the others by their
        numbers, named in their tooltips): squeezed, the current step's pill cut its own name ("4 Customer's
        answ" at the wizard's width in English)."""
        names = self._texts(short=False)
        for label, text in zip(self.steps, names, strict=True):
            label.setText(text)
            label.setToolTip("")
        layout = cast(QHBoxLayout, self.layout())
        layout.invalidate()  # its size hint as the texts are now (it keeps the last one until laid out again)
        if self.width() <= 0 or layout.sizeHint().width() <= self.width():
            return
        for label, text, name in zip(self.steps, self._texts(short=True), names, strict=True):
            label.setText(text)
            label.setToolTip(name if text != name else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def state_of(self, index: int) -> str:
        """current, done or todo: what the bar shows for step ``index`` (0-based)."""
        label = self.steps[index]
        return str(label.property("role"))
