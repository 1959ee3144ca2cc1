"""The side panel of the intake: the countdown to the time promised to the
customer, the escalation-risk indicator, and what to say and how to behave at
this step (from the house rules)."""
from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from models.catalog import IntakeStep, PromptKind
from models.scripts import prompts_for
from ui.i18n import Retranslating, current_language, duration_words
from ui.intake.risk_indicator import RiskIndicator
from ui.style import MUTED, NEAR, OVER, WITHIN, set_role
from ui.widgets import bold_heading

STEP_TITLES = {
    IntakeStep.RECEIVE: QT_TRANSLATE_NOOP("PromptPanel", "1 · Receive and empathise"),
    IntakeStep.INVESTIGATE: QT_TRANSLATE_NOOP("PromptPanel", "2 · Investigate"),
    IntakeStep.PROPOSE: QT_TRANSLATE_NOOP("PromptPanel", "3 · Propose a resolution"),
    IntakeStep.CONSENT: QT_TRANSLATE_NOOP("PromptPanel", "4 · The customer's answer"),
    IntakeStep.CLOSE: QT_TRANSLATE_NOOP("PromptPanel", "5 · Close and follow up"),
}

# The prompts of a step in three short groups: what to do, what to say, what to keep in mind.
# (Marks that are not check boxes: nothing here is ticked off.)
GROUPS = (
    (QT_TRANSLATE_NOOP("PromptPanel", "Do"), (PromptKind.CHECK,), "▸"),
    (QT_TRANSLATE_NOOP("PromptPanel", "Say"), (PromptKind.PHRASE,), "»"),  # ❝ is not in the CJK fonts: a “
    (QT_TRANSLATE_NOOP("PromptPanel", "Keep in mind"), (PromptKind.ATTITUDE, PromptKind.EXPLANATION), "◆"),
)


class PromptPanel(Retranslating, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptPanel")
        self.setFixedWidth(300)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown_caption = QLabel()
        self.countdown_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = bold_heading()
        self.prompts = QLabel()
        self.prompts.setObjectName("prompts")
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.risk = RiskIndicator()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.countdown_caption)
        layout.addWidget(self.countdown)
        layout.addSpacing(8)
        layout.addWidget(self.risk)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        # The prompts scroll when the risk indicator above them leaves a small window too little room.
        scroll = QScrollArea()
        scroll.setObjectName("promptScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.prompts)
        # Read, not typed in: no stop for Tab between the last field and the buttons (the wheel scrolls it).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(scroll, 1)
        self._step = IntakeStep.RECEIVE
        self._promised_at: dt.datetime | None = None
        self._answered = False  # the customer has the desk's answer: no clock runs
        self._promised_minutes: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.set_step(IntakeStep.RECEIVE)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_step(self._step)

    def set_step(self, step: IntakeStep) -> None:
        self._step = step
        self.title.setText(QCoreApplication.translate("PromptPanel", str(STEP_TITLES[step])))
        prompts = prompts_for(step, current_language())
        parts = []
        for heading, kinds, mark in GROUPS:
            texts = [self._with_minutes(p.text) for p in prompts if p.kind in kinds]
            if not texts:
                continue
            title = escape(QCoreApplication.translate("PromptPanel", str(heading)))
            parts.append(
                f"<p style='margin:10px 0 4px 0; color:#4a6a8a; font-size:10pt; font-weight:bold'>{title}</p>"
            )
            parts.extend(
                f"<p style='margin:0 0 6px 0'><span style='color:#4a6a8a'>{mark}</span>&nbsp;{escape(text)}</p>"
                for text in texts
            )
        self.prompts.setText("".join(parts))
        self._tick()

    def duration_text(self, seconds: int) -> str:
        """12:05, ticking, under an hour; from an hour in words, as every screen writes a wait ("3:12:05" read as a
        time of day beside the risk box's "3 小时 12 分钟", and a promise a week old is not counted in minutes)."""
        minutes, seconds = divmod(seconds, 60)
        if minutes >= 60:
            return duration_words(minutes)
        return f"{minutes:02d}:{seconds:02d}"

    def set_promised_at(self, promised_at: dt.datetime | None, minutes: int | None = None) -> None:
        """The time promised to the customer, and the minutes it was promised in (said in the prompts)."""
        self._promised_at = promised_at
        if minutes != self._promised_minutes:
            self._promised_minutes = minutes
            self.set_step(self._step)
        self._tick()

    def set_answered(self, answered: bool) -> None:
        """Whether the customer has the desk's answer now (a proposal to weigh, or agreed), as the queue says "已答复"
        of it: the clock stops (it ran on in red, "已超过承诺时间 42 天", beside the queue's "已答复")."""
        if answered != self._answered:
            self._answered = answered
            self._tick()

    def _with_minutes(self, text: str) -> str:
        """A prompt's blank for the wait promised ("大约××分钟", "within ... minutes") filled in as it is said
        aloud to the customer (大约两天, within 8 hours; it said "大约2880分钟给您答复")."""
        if not self._promised_minutes:
            return text
        minutes = self._promised_minutes
        return text.replace("××分钟", spoken_chinese(minutes)).replace("... minutes", spoken_english(minutes))

    def _tick(self, now: dt.datetime | None = None) -> None:
        if self._promised_at is None:
            self.countdown_caption.setText(self.tr("No reply promised yet"))
            self.countdown.setText("—")
            set_role(self.countdown, MUTED)
            return
        if self._answered:
            self.countdown_caption.setText(self.tr("Reply promised"))
            self.countdown.setText(self.tr("Answered"))
            set_role(self.countdown, WITHIN)
            return
        left = int((self._promised_at - (now or dt.datetime.now())).total_seconds())
        self.countdown.setText(self.duration_text(abs(left)))
        if left >= 0:
            self.countdown_caption.setText(self.tr("Reply promised in"))
            set_role(self.countdown, NEAR if left < 180 else WITHIN)
        else:
            self.countdown_caption.setText(self.tr("Promised time passed by"))
            set_role(self.countdown, OVER)


_CHINESE_DIGITS = "零一两三四五六七八九"


def _chinese_count(n: int) -> str:
    """A count as said in Chinese prose: 两, 三 … 九 below ten, digits from ten (两天, 八个小时, 15分钟)."""
    return _CHINESE_DIGITS[n] if 0 < n < 10 else str(n)


def spoken_chinese(minutes: int) -> str:
    """A wait as a person says it in Chinese: 两天, 一天零三个小时, 八个小时, 一个半小时, 半个小时, 15分钟."""
    days, rest = divmod(max(1, int(minutes)), 1440)
    hours, minutes = divmod(rest, 60)
    if days:
        hours += minutes >= 30  # said to the hour beside a day
        days, hours = divmod(days * 24 + hours, 24)
        return f"{_chinese_count(days)}天" + (f"零{_chinese_count(hours)}个小时" if hours else "")
    if hours and minutes == 30:
        return f"{_chinese_count(hours)}个半小时"
    if hours:
        return f"{_chinese_count(hours)}个小时" + (f"{_chinese_count(minutes)}分钟" if minutes else "")
    return "半个小时" if minutes == 30 else f"{_chinese_count(minutes)}分钟"


def spoken_english(minutes: int) -> str:
    """A wait as a person says it in English: 2 days, 1 day and 3 hours, 8 hours, 1 hour 30 minutes, 15 minutes."""
    days, rest = divmod(max(1, int(minutes)), 1440)
    hours, minutes = divmod(rest, 60)

    def counted(n: int, unit: str) -> str:
        return f"{n} {unit}" + ("s" if n != 1 else "")

    if days:
        hours += minutes >= 30
        days, hours = divmod(days * 24 + hours, 24)
        return counted(days, "day") + (f" and {counted(hours, 'hour')}" if hours else "")
    if hours:
        return counted(hours, "hour") + (f" {counted(minutes, 'minute')}" if minutes else "")
    return counted(minutes, "minute")
