"""The office's improvement actions (整改措施): the list (by state and the period they were raised in, overdue
ones first and marked), the chosen action with its complaints, its effect in figures and its history, and the
steps its state allows; the printable list for the period; the desk's improvement suggestions waiting for a
decision, to take into an action or dismiss."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.control.effect import Effect
from models.control.improvement import ACTIVE_STATES, REOPENABLE, ActionState, action_effect, start_action
from models.control.improvement_queries import (
    ActionDetail,
    ActionRow,
    SuggestionRow,
    action_detail,
    action_rows,
    first_action_day,
    open_suggestions,
    printable_actions,
)
from models.errors import DomainError
from models.staff import Staff
from ui.format import DATE, date_text, date_time, number
from ui.hotspot_text import effect_text, group_text, verdict_text
from ui.i18n import current_language, domain_message, fill, responsible_text
from ui.labels import code_name, relabel_items
from ui.office.action_dialogs import (
    ActionDialog,
    AddToActionDialog,
    DismissDialog,
    DoneDialog,
    ReopenDialog,
    StepDialog,
    VerifyDialog,
)
from ui.section import SectionPage
from ui.tasks import run_task
from ui.widgets import DateEdit, ErrorLabel, SectionHeading

OVERDUE_TEXT = QColor("#8c1d18")
OVERDUE_GROUND = QColor("#fbe3e1")
ALL = ""
(COLUMN_NUMBER, COLUMN_PROBLEM, COLUMN_RESPONSIBLE, COLUMN_DUE, COLUMN_STATE, COLUMN_COMPLAINTS) = range(6)


def render_action_list(
    first: dt.date | None, last: dt.date, language: str, states: tuple[str, ...] = ()
) -> tuple[str, bytes]:
    """(title, PDF) of the list of actions for the period (``first`` None: since the first action) in these states
    (all when none); runs in a worker."""
    from models import settings
    from ui.paper.action_list import WORDS, render_action_list

    if first is None:
        first = first_action_day() or last
    pdf = render_action_list(
        printable_actions(first, last, states=states),
        organisation=str(settings.get(settings.ORGANISATION_NAME) or ""),
        language=language,
        demo=settings.is_demo(),
    )
    words = WORDS["en" if language == "en" else "zh_CN"]
    # 至 between Chinese dates (an en dash is English: 整改措施一览表 2026-01-01–2026-12-31)
    return f"{words['title']} {words['dates'].format(first=first.isoformat(), last=last.isoformat())}", pdf


def _date_edit(value: QDate) -> QDateEdit:
    edit = DateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE)
    return edit


class ActionsPage(SectionPage):
    open_complaint = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.rows: list[ActionRow] = []
        # Of the list's reads and of the suggestions' reads: an older answer arriving last is dropped.
        self.generation = 0
        self.suggestions_generation = 0
        self.detail: ActionDetail | None = None
        self.effect: Effect | None = None
        self.suggestions: list[SuggestionRow] = []
        self.suggestions_total = 0
        self.heading = SectionHeading()
        self.tabs = QTabWidget()

        # -- the actions
        self.state = QComboBox()
        self.state.addItem("", ALL)
        for state in ActionState:
            self.state.addItem("", state.value)
        self.state.currentIndexChanged.connect(self.refresh)
        self.use_period = QCheckBox()
        today = QDate.currentDate()
        self.period_from = _date_edit(today.addMonths(-1))
        self.period_to = _date_edit(today)
        for edit in (self.period_from, self.period_to):
            edit.setEnabled(False)
            edit.dateChanged.connect(self.refresh)
        self.use_period.toggled.connect(self._period_toggled)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.preview_list)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.ask_new)
        filters = QHBoxLayout()
        filters.addWidget(self.state)
        filters.addWidget(self.use_period)
        filters.addWidget(self.period_from)
        filters.addWidget(self.period_to)
        filters.addStretch(1)
        self.list = QTreeWidget()
        self.list.setObjectName("actionList")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        # The problem takes the room the other columns leave (each as wide as its texts): a narrow window cuts
        # the problem, whole on hovering, never the state at the end.
        self.list.setColumnCount(COLUMN_COMPLAINTS + 1)
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(COLUMN_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(self._show_current)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: self.open_complaint.emit(int(url.toString())))
        self.error = ErrorLabel()
        self.edit_button, self.start_button, self.done_button = QPushButton(), QPushButton(), QPushButton()
        self.verify_button, self.reopen_button = QPushButton(), QPushButton()
        self.edit_button.clicked.connect(self.ask_edit)
        self.start_button.clicked.connect(self.start)
        self.done_button.clicked.connect(lambda: self._step(DoneDialog(self.actor, self._row(), self)))
        self.verify_button.clicked.connect(
            lambda: self._step(VerifyDialog(self.actor, self._row(), self.effect, self))
        )
        self.reopen_button.clicked.connect(lambda: self._step(ReopenDialog(self.actor, self._row(), self)))
        self.step_dialog: StepDialog | None = None  # the step asked last
        steps = QVBoxLayout()
        for button in (self.edit_button, self.start_button, self.done_button, self.verify_button, self.reopen_button):
            steps.addWidget(button)
        steps.addStretch(1)
        right = QWidget()
        right_layout = QHBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addLayout(steps)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 400])  # the list's rows at a glance; the chosen action's page below
        self.status = QLabel()
        actions_tab = QWidget()
        actions_layout = QVBoxLayout(actions_tab)
        actions_layout.addLayout(filters)
        actions_layout.addWidget(splitter, 1)
        actions_layout.addWidget(self.error)
        bottom = QHBoxLayout()  # below the list, not beside the filters: the page fits a small screen in English too
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.print_button)
        actions_layout.addLayout(bottom)

        # -- the desk's suggestions
        self.suggestion_list = QTreeWidget()
        self.suggestion_list.setObjectName("suggestionList")
        self.suggestion_list.setRootIsDecorated(False)
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.currentItemChanged.connect(lambda *_: self._suggestion_buttons())
        self.take_button, self.add_button, self.dismiss_button = QPushButton(), QPushButton(), QPushButton()
        self.take_button.clicked.connect(self.ask_take)
        self.add_button.clicked.connect(self.ask_add)
        self.dismiss_button.clicked.connect(self.ask_dismiss)
        self.suggestion_status = QLabel()
        self.suggestion_status.setWordWrap(True)
        # The count on a line of its own, above the buttons: beside them its English line made the window wider than
        # a 1024-pixel screen (and wrapped, its Chinese left a word on a line of its own).
        suggestion_buttons = QHBoxLayout()
        suggestion_buttons.addStretch(1)
        for button in (self.take_button, self.add_button, self.dismiss_button):
            suggestion_buttons.addWidget(button)
        suggestions_tab = QWidget()
        suggestions_layout = QVBoxLayout(suggestions_tab)
        suggestions_layout.addWidget(self.suggestion_list, 1)
        suggestions_layout.addWidget(self.suggestion_status)
        suggestions_layout.addLayout(suggestion_buttons)

        self.tabs.addTab(actions_tab, "")
        self.tabs.addTab(suggestions_tab, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.retranslateUi()
        self._show_current(None)
        self._suggestion_buttons()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Improvement actions"))
        self.tabs.setTabText(0, self.tr("Actions"))
        self._suggestions_tab_text()
        self.state.setItemText(0, self.tr("All states"))
        relabel_items(self.state, lambda code: code_name("action_state", code), first=1)
        self.use_period.setText(self.tr("Raised from"))
        self.print_button.setText(self.tr("&Print the list…"))
        self.new_button.setText(self.tr("&New from a complaint…"))
        self.list.setHeaderLabels([self.tr("Number"), self.tr("Problem"), self.tr("Responsible"), self.tr("Due"),
                                   self.tr("State"), self.tr("Complaints")])  # fmt: skip
        self.edit_button.setText(self.tr("&Change…"))
        self.start_button.setText(self.tr("&Start"))
        self.done_button.setText(self.tr("Mark &done…"))
        self.verify_button.setText(self.tr("&Verify the effect…"))
        self.reopen_button.setText(self.tr("&Reopen…"))
        self.suggestion_list.setHeaderLabels(
            [self.tr("Complaint"), self.tr("Closed"), self.tr("Category"), self.tr("Place"), self.tr("Suggestion")]
        )
        self.take_button.setText(self.tr("&Take into a new action…"))
        self.add_button.setText(self.tr("&Add to an action…"))
        self.dismiss_button.setText(self.tr("&Dismiss…"))
        self.show_rows(self.rows)
        self.show_suggestions((self.suggestions, self.suggestions_total))

    def _suggestions_tab_text(self) -> None:
        self.tabs.setTabText(1, fill(self.tr("Suggestions from the desk (%1)"), self._total_text()))

    def _total_text(self) -> str:
        return number(self.suggestions_total) + ("+" if self.suggestions_total >= 1000 else "")

    def _period_toggled(self, on: bool) -> None:
        self.period_from.setEnabled(on)
        self.period_to.setEnabled(on)
        self.refresh()

    def period(self) -> tuple[dt.date, dt.date]:
        return cast(dt.date, self.period_from.date().toPython()), cast(dt.date, self.period_to.date().toPython())

    # -- loading

    def refresh(self) -> None:
        """The list as the filters say and the suggestions, read in workers; an answer to an earlier read is
        dropped (a slow read of every action, arriving after the one for Done, listed open actions under Done)."""
        states = (self.state.currentData(),) if self.state.currentData() else ()
        first, last = self.period() if self.use_period.isChecked() else (None, None)
        self._read_rows(self.show_rows, states, first, last)
        self.suggestions_generation += 1
        generation = self.suggestions_generation

        def suggestions_read(result: tuple[list[SuggestionRow], int]) -> None:
            if generation == self.suggestions_generation:
                self.show_suggestions(result)

        run_task(open_suggestions, on_done=suggestions_read, owner=self)

    def _read_rows(self, show: Callable[[list[ActionRow]], None], *filters: object) -> None:
        self.generation += 1
        generation = self.generation

        def read(rows: list[ActionRow]) -> None:
            if generation == self.generation:
                show(rows)

        run_task(action_rows, *filters, on_done=read, owner=self)

    def show_rows(self, rows: list[ActionRow]) -> None:
        chosen = self.detail.row.id if self.detail is not None else None
        self.rows = rows
        self.list.clear()
        for row in rows:
            state = code_name("action_state", row.state)
            if row.overdue:
                state = fill(self.tr("%1, overdue"), state)
            item = QTreeWidgetItem(
                [row.number, row.problem, responsible_text(row), date_text(row.due_on), state, number(row.complaints)]
            )
            item.setData(COLUMN_NUMBER, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(COLUMN_PROBLEM, row.problem)
            if row.overdue:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(OVERDUE_TEXT))
                    item.setBackground(column, QBrush(OVERDUE_GROUND))
            self.list.addTopLevelItem(item)
        for column in (COLUMN_NUMBER, COLUMN_RESPONSIBLE, COLUMN_DUE, COLUMN_STATE, COLUMN_COMPLAINTS):
            self.list.resizeColumnToContents(column)
        overdue = sum(row.overdue for row in rows)
        self.status.setText(fill(self.tr("%n action(s), of them overdue: %1", "", len(rows)), overdue))
        if (chosen is None or not self.select(chosen)) and (first := self.list.topLevelItem(0)) is not None:
            self.list.setCurrentItem(first)  # the first action's page, not a blank one

    def select(self, action_id: int) -> bool:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(COLUMN_NUMBER, Qt.ItemDataRole.UserRole) == action_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def show_action(self, action_id: int) -> None:
        """Show this action (from the overview or the hot-spots): all states, so that it is listed."""
        self.tabs.setCurrentIndex(0)
        self.use_period.setChecked(False)
        self.state.setCurrentIndex(0)
        def shown(rows: list[ActionRow]) -> None:
            self.show_rows(rows)
            self.select(action_id)

        self._read_rows(shown)

    def _show_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        self.error.show_message("")
        if item is None:
            self.detail = None
            self.effect = None
            self.details.setHtml("")
            self._buttons()
            return
        action_id = item.data(COLUMN_NUMBER, Qt.ItemDataRole.UserRole)
        self.detail = action_detail(action_id)
        self.effect = None
        self._show_detail()
        if self.detail.row.state == ActionState.DONE and self.detail.row.group is not None:
            run_task(action_effect, action_id, on_done=lambda effect: self._effect_read(action_id, effect), owner=self)

    def _effect_read(self, action_id: int, effect: Effect | None) -> None:
        if self.detail is not None and self.detail.row.id == action_id:
            self.effect = effect
            self._show_detail()

    def _row(self) -> ActionRow:
        if self.detail is None:
            raise RuntimeError("no action is chosen")
        return self.detail.row

    def _buttons(self) -> None:
        state = self.detail.row.state if self.detail is not None else None
        self.edit_button.setEnabled(state in ACTIVE_STATES)
        self.start_button.setEnabled(state == ActionState.OPEN)
        self.done_button.setEnabled(state in ACTIVE_STATES)
        # The verdict is given beside the figures: once they are read, where a group is watched.
        watched = self.detail is not None and self.detail.row.group is not None
        self.verify_button.setEnabled(state == ActionState.DONE and (self.effect is not None or not watched))
        self.reopen_button.setEnabled(state in REOPENABLE)

    def _show_detail(self) -> None:
        self._buttons()
        if self.detail is None:
            return
        detail, row = self.detail, self.detail.row
        e = html.escape

        def line(label: str, value: str) -> str:
            if not value:
                return ""
            return f"<tr><td style='color:#555;padding-right:10px'>{e(label)}</td><td>{e(value)}</td></tr>"

        state = code_name("action_state", row.state)
        if row.overdue:
            state = fill(self.tr("%1, overdue"), state)
        source = code_name("action_source", row.source)
        watched = group_text(row.group) if row.group is not None else self.tr("nothing: judged by the office")
        verified_by = f"{date_time(row.verified_at)} · {detail.verified_by}" if row.verified_at else ""
        table = "".join(
            [
                line(self.tr("State:"), state),
                line(self.tr("Problem:"), row.problem),
                line(self.tr("Cause:"), detail.cause),
                line(self.tr("Measure:"), row.measure),
                line(self.tr("Responsible:"), responsible_text(row)),
                line(self.tr("Due on:"), date_text(row.due_on)),
                line(self.tr("Came from:"), source),
                line(self.tr("Watches:"), watched),
                line(self.tr("Raised:"), f"{date_time(row.created_at)} · {detail.created_by}"),
                line(self.tr("Done:"), date_time(row.done_at) if row.done_at else ""),
                line(self.tr("What was done:"), detail.result),
                line(self.tr("Verified:"), verified_by),
                line(self.tr("Note:"), detail.verification_note),
            ]
        )
        parts = [f"<h3>{e(row.number)}</h3><table>{table}</table>"]
        verified = row.state in (ActionState.EFFECTIVE, ActionState.NOT_EFFECTIVE)
        shown: list[tuple[str, Effect]] = []
        if self.effect is not None:
            shown.append((self.tr("The effect"), self.effect))
        elif row.state == ActionState.DONE and row.group is not None:
            measuring = self.tr("Measuring the effect…")
            parts.append(f"<p>{e(measuring)}</p>")
        if detail.confirmed_effect is not None:
            heading = self.tr("The effect the office confirmed")
            if not verified:
                heading = self.tr("The effect at its last verification")
            shown.append((heading, detail.confirmed_effect))
        for heading, effect in shown:
            judged = e(verdict_text(effect.verdict))
            office = detail.office_verdict if effect is detail.confirmed_effect else ""
            if office and office != effect.verdict.value:  # the office overrode the figures (its note says why)
                overridden = fill(self.tr("The office judged it: %1."), code_name("effect_verdict", office))
                figures = fill(self.tr("The figures said otherwise — %1"), verdict_text(effect.verdict))
                judged = f"{e(overridden)}</b><br>{e(figures)}<b>"
            parts.append(f"<h4>{e(heading)}</h4><p><b>{judged}</b><br>{e(effect_text(effect))}</p>")
        if shown:
            method = self.tr(str(EFFECT_METHOD))
            parts.append(f"<p style='color:#555'>{e(method)}</p>")
        links = "".join(
            f"<li><a href='{c.id}'>{e(c.number)}</a> {e(date_time(c.received_at))} {e(c.narrative[:60])}</li>"
            for c in detail.complaints[:50]
        )
        linked = fill(self.tr("Complaints: %1"), len(detail.complaints))
        parts.append(f"<h4>{e(linked)}</h4><ul>{links}</ul>")
        history = "".join(
            f"<li>{e(date_time(h.at))} · {e(h.actor)} · {e(code_name('action_event', h.action))}"
            f"{e(self._change_text(h.changes))}</li>"
            for h in detail.history
        )
        heading = self.tr("History")
        parts.append(f"<h4>{e(heading)}</h4><ul>{history}</ul>")
        self.details.setHtml("".join(parts))

    def _change_text(self, changes: dict[str, object]) -> str:
        colon = self.tr(": ")  # the language's own colon (Chinese: "：")
        state = changes.get("state")
        if isinstance(state, list) and len(state) == 2:
            return f"{colon}{code_name('action_state', state[0]) or '—'} → {code_name('action_state', state[1])}"
        reason = changes.get("reason") or changes.get("result")
        return f"{colon}{reason}" if isinstance(reason, str) and reason else ""

    # -- the steps

    def ask_new(self) -> ActionDialog:
        dialog = ActionDialog(self.actor, parent=self)
        dialog.accepted.connect(lambda: self.show_action(cast(int, dialog.action_id)))
        dialog.open()
        return dialog

    def ask_edit(self) -> ActionDialog | None:
        if self.detail is None:
            return None
        dialog = ActionDialog(self.actor, detail=self.detail, parent=self)
        # Cancelled too: after a refusal naming another desk's change, the page shows that change.
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def start(self) -> None:
        try:
            start_action(self.actor, self._row().id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.refresh()

    def _step(self, dialog: StepDialog) -> StepDialog:
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self.step_dialog = dialog
        return dialog

    def preview_list(self) -> None:
        """The list as the page's filters choose it: its state, its dates when ticked (else every action up to
        today). It printed the greyed dates and every state: 4 actions where the list showed 6."""
        states = (self.state.currentData(),) if self.state.currentData() else ()
        first, last = self.period() if self.use_period.isChecked() else (None, dt.date.today())

        def show(rendered: tuple[str, bytes]) -> None:
            from ui.printing import PrintPreviewDialog

            title, data = rendered
            dialog = PrintPreviewDialog(data, title, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        run_task(render_action_list, first, last, current_language(), states, on_done=show, owner=self)

    # -- the desk's suggestions

    def show_suggestions(self, result: tuple[list[SuggestionRow], int]) -> None:
        self.suggestions, self.suggestions_total = result
        self.suggestion_list.clear()
        for row in self.suggestions:
            category = row.category_en if current_language() == "en" and row.category_en else row.category
            item = QTreeWidgetItem(
                [row.number, date_time(row.closed_at) if row.closed_at else "", category, row.location, row.suggestion]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.complaint_id)
            item.setToolTip(4, f"{row.suggestion}\n\n{row.narrative}")
            self.suggestion_list.addTopLevelItem(item)
        for column in range(4):
            self.suggestion_list.resizeColumnToContents(column)
        self._suggestions_tab_text()
        newest = self.tr("The %1 newest of %2 suggestions without a decision")
        self.suggestion_status.setText(fill(newest, len(self.suggestions), self._total_text()))
        self._suggestion_buttons()

    def current_suggestion(self) -> SuggestionRow | None:
        item = self.suggestion_list.currentItem()
        if item is None:
            return None
        complaint_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((s for s in self.suggestions if s.complaint_id == complaint_id), None)

    def _suggestion_buttons(self) -> None:
        chosen = self.current_suggestion() is not None
        for button in (self.take_button, self.add_button, self.dismiss_button):
            button.setEnabled(chosen)

    def ask_take(self) -> ActionDialog | None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            return None
        dialog = ActionDialog(self.actor, suggestion=suggestion, parent=self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def ask_add(self) -> StepDialog | None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            return None
        active = [row for row in action_rows() if row.state in ACTIVE_STATES]
        return self._step(AddToActionDialog(self.actor, suggestion, active, self))

    def ask_dismiss(self) -> StepDialog | None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            return None
        return self._step(DismissDialog(self.actor, suggestion, self))


# What the figures of the effect compare, shown under them.
EFFECT_METHOD = QT_TRANSLATE_NOOP(
    "ActionsPage",
    "How this is judged: the same complaints in the days after the action was done, against as many days up to "
    "when it was taken, allowing for how many complaints came in altogether. It is effective when they fell by "
    "more than chance would explain (a chance of 5 % or less) and are back to their usual level from before the "
    "problem, judged as hot-spots are.",
)
