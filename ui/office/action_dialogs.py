"""The office's dialogs for improvement actions (整改措施): write one (from a hot-spot, from a complaint found by
number, from a desk's suggestion) or correct it; mark it done; verify its effect; reopen it; take a suggestion
into an existing action or dismiss it. Each calls one function of ``models.control.improvement`` and shows its
refusal beside the form; each asks before Esc, Cancel or its window's close throws away what was typed."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.catalog import departments
from models.control.effect import DEFAULT_EFFECT_DAYS, EFFECT_DAYS, Effect, Verdict
from models.control.external_queries import complaints_to_link
from models.control.hotspots import Group, Hotspot
from models.control.improvement import (
    CAUSE_MAX,
    LINKS_MAX,
    MEASURE_MAX,
    NOTE_MAX,
    PROBLEM_MAX,
    RESULT_MAX,
    ActionChangedMeanwhileError,
    ActionInput,
    accept_suggestion,
    complete_action,
    create_action,
    dismiss_suggestion,
    edit_action,
    reopen_action,
    verify_action,
)
from models.control.improvement_queries import ActionDetail, ActionRow, SuggestionRow, complaint_groups
from models.errors import DomainError, FieldError
from models.staff import Staff
from ui.format import DATE, date_time
from ui.hotspot_text import at_line_start, effect_text, group_text, sentence_text, verdict_text
from ui.i18n import Retranslating, catalogue_name, domain_message, fill
from ui.widgets import AskingDialog, DateEdit, ErrorLabel, LimitedTextEdit, ok_cancel_buttons

DEFAULT_DUE_DAYS = 14


def _date_edit(value: dt.date) -> QDateEdit:
    edit = DateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE)
    return edit


def _date(edit: QDateEdit) -> dt.date:
    return cast(dt.date, edit.date().toPython())


class TypingDialog(Retranslating, AskingDialog):
    """A dialog whose typed text is asked about before Esc, Cancel or the window's close throws it away
    (``ui.widgets.AskingDialog``). Each kind says what the person typed (``typed``);
    what it held when first shown (a problem filled in from a hot-spot, an action's own text) is not asked about."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_typed: tuple[object, ...] | None = None

    def typed(self) -> tuple[object, ...]:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        if self.shown_typed is None:
            self.shown_typed = self.typed()
        super().showEvent(event)

    def discard_question(self) -> tuple[str, str] | None:
        if self.shown_typed is None or self.typed() == self.shown_typed:
            return None
        return (
            QCoreApplication.translate("ActionDialogs", "Discard what you typed?"),
            QCoreApplication.translate("ActionDialogs", "Nothing of it is saved yet, and what you typed will be lost."),
        )


class ActionDialog(TypingDialog):
    """Write an action: from ``hotspot`` (with its complaints), from a ``suggestion``, from a complaint the office
    finds by number (neither given), or correct one (``detail``). ``action_id`` holds the action after OK."""

    def __init__(
        self,
        actor: Staff,
        *,
        hotspot: Hotspot | None = None,
        complaint_ids: list[int] | None = None,
        suggestion: SuggestionRow | None = None,
        detail: ActionDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.hotspot = hotspot
        self.suggestion = suggestion
        self.detail = detail
        self.complaint_ids = list(complaint_ids or ([suggestion.complaint_id] if suggestion else []))
        self.action_id: int | None = detail.row.id if detail else None
        # The action as this dialog showed it: another desk's change since is named before this one saves over it.
        self.shown_at = detail.updated_at if detail else None
        self.problem = LimitedTextEdit(PROBLEM_MAX, lines=2)
        self.cause = LimitedTextEdit(CAUSE_MAX, lines=2)
        self.measure = LimitedTextEdit(MEASURE_MAX, lines=3)
        self.department = QComboBox()
        self.department.addItem("", None)
        for department in departments():
            self.department.addItem(catalogue_name(department), department.id)
        # No maximum length: a longer text pasted is kept whole and refused in words (it was cut at 64 unseen).
        self.responsible = QLineEdit()
        self.due_on = _date_edit(dt.date.today() + dt.timedelta(days=DEFAULT_DUE_DAYS))
        self.effect_days = QComboBox()
        for days in EFFECT_DAYS:
            self.effect_days.addItem("", days)
        self.effect_days.setCurrentIndex(self.effect_days.findData(DEFAULT_EFFECT_DAYS))
        self.watch = QComboBox()  # the group whose effect is measured
        self.watched = QLabel()
        self.watched.setWordWrap(True)
        # A complaint found by number, when the action comes from one the office looks up.
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find_complaints)
        self.found = QTreeWidget()
        self.found.setRootIsDecorated(False)
        self.found.setMaximumHeight(110)
        self.found.currentItemChanged.connect(self._complaint_chosen)
        self.linked = QLabel()
        self.linked.setWordWrap(True)

        self.fields: dict[str, QWidget] = {
            "complaints": self.search,
            "problem": self.problem,
            "cause": self.cause,
            "measure": self.measure,
            "department": self.department,
            "responsible": self.responsible,
            "due_on": self.due_on,
            "effect_days": self.effect_days,
            "group": self.watch,
        }
        self.labels = {name: QLabel() for name in self.fields}
        self.errors = {name: ErrorLabel() for name in self.fields}
        form = QFormLayout()
        for name, widget in self.fields.items():
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            if name == "complaints":
                column.addWidget(self.found)
            if name == "group":
                column.addWidget(self.watched)
            column.addWidget(self.errors[name])
            self.labels[name].setBuddy(widget)
            form.addRow(self.labels[name], holder)
        finding = hotspot is None and suggestion is None and detail is None and not self.complaint_ids
        for widget in (self.search, self.found, self.labels["complaints"]):
            widget.setVisible(finding)
        self.watch.setVisible(hotspot is None and detail is None)
        self.watched.setVisible(hotspot is not None or detail is not None)
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.linked)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.groups: list[Group] = []
        if detail is not None:
            self._fill(detail)
        elif hotspot is not None:
            self.problem.setText(at_line_start(sentence_text(hotspot.reason())))  # a sentence, begun as one
        elif suggestion is not None:
            self.problem.setText(suggestion.suggestion)
            self.department.setCurrentIndex(max(0, self.department.findData(suggestion.department_id)))
        if self.complaint_ids and hotspot is None and detail is None:
            self._offer_groups(self.complaint_ids[0])
        self.resize(660, 540)  # fits a 700-pixel-high screen
        self.retranslateUi()

    def _fill(self, detail: ActionDetail) -> None:
        row = detail.row
        self.problem.setText(row.problem)
        self.cause.setText(detail.cause)
        self.measure.setText(row.measure)
        self.department.setCurrentIndex(max(0, self.department.findData(self._department_id(row))))
        self.responsible.setText(row.responsible)
        self.due_on.setDate(QDate(row.due_on.year, row.due_on.month, row.due_on.day))
        self.effect_days.setCurrentIndex(max(0, self.effect_days.findData(detail.effect_days)))

    def _department_id(self, row: ActionRow) -> int | None:
        for index in range(1, self.department.count()):
            if self.department.itemText(index) in (row.department, row.department_en):
                return cast(int, self.department.itemData(index))
        # Its own department, retired since: offered as it is (a change of the measure cleared it).
        for department in departments(active_only=False):
            if row.department and department.name == row.department:
                self.department.addItem(fill(self.tr("%1 (retired)"), catalogue_name(department)), department.id)
                return department.id
        return None

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        if self.detail is not None:
            title = fill(self.tr("Change improvement action %1"), self.detail.row.number)
        elif self.hotspot is not None:
            title = self.tr("Improvement action for a hot-spot")
        else:
            title = self.tr("New improvement action")
        self.setWindowTitle(title)
        texts = {
            "complaints": self.tr("&Complaint:"),
            "problem": self.tr("&Problem:"),
            "cause": self.tr("C&ause:"),
            "measure": self.tr("&Measure:"),
            "department": self.tr("&Department:"),
            "responsible": self.tr("&Responsible:"),
            "due_on": self.tr("D&ue on:"),
            "effect_days": self.tr("&Effect measured over:"),
            "group": self.tr("&Watch:"),
        }
        for name, label in self.labels.items():
            label.setText(texts[name])
        for index in range(self.effect_days.count()):
            days = self.effect_days.itemData(index)
            self.effect_days.setItemText(index, fill(self.tr("%1 days after it is done"), days))
        self.search.setPlaceholderText(self.tr("Archive number, #id, the customer's phone or name"))
        self.found.setHeaderLabels([self.tr("Number"), self.tr("Received"), self.tr("Complaint")])
        self.problem.setPlaceholderText(self.tr("What keeps going wrong, in a sentence"))
        self.cause.setPlaceholderText(self.tr("Why it happens, as far as it is known"))
        self.measure.setPlaceholderText(self.tr("What will be changed so that it stops"))
        self.responsible.setPlaceholderText(self.tr("Who sees it through, e.g. head chef Zhou"))
        self.department.setItemText(0, self.tr("—"))
        if self.hotspot is not None:
            self.watched.setText(group_text(self.hotspot.group))
        elif self.detail is not None:
            group = self.detail.row.group
            self.watched.setText(group_text(group) if group is not None else self.tr("nothing: judged by the office"))
        self._show_groups()
        self._show_linked()

    def _show_linked(self) -> None:
        if self.detail is not None:
            text = self.tr("%n complaint(s) linked", "", len(self.detail.complaints))
        elif self.suggestion is not None:
            text = fill(self.tr("The desk's suggestion on complaint %1: %2"), self.suggestion.number,
                        self.suggestion.suggestion)  # fmt: skip
        elif self.complaint_ids:
            text = self.tr("%n complaint(s) will be linked", "", min(len(self.complaint_ids), LINKS_MAX))
        else:
            text = self.tr("Find the complaint the action comes from.")
        self.linked.setText(text)

    # -- a complaint found by number

    def find_complaints(self, text: str) -> None:
        self.found.clear()
        for choice in complaints_to_link(text, limit=20):
            item = QTreeWidgetItem([choice.number, date_time(choice.received_at), choice.narrative])
            item.setData(0, Qt.ItemDataRole.UserRole, choice.id)
            self.found.addTopLevelItem(item)
        self.found.resizeColumnToContents(0)

    def _complaint_chosen(self, item: QTreeWidgetItem | None) -> None:
        self.complaint_ids = [item.data(0, Qt.ItemDataRole.UserRole)] if item is not None else []
        if self.complaint_ids:
            self._offer_groups(self.complaint_ids[0])
        self._show_linked()

    def _offer_groups(self, complaint_id: int) -> None:
        self.groups = complaint_groups(complaint_id)
        self._show_groups()

    def _show_groups(self) -> None:
        current = self.watch.currentIndex()
        self.watch.clear()
        for group in self.groups:
            self.watch.addItem(group_text(group), group.key)
        self.watch.addItem(self.tr("Nothing: the office judges the effect itself"), None)
        self.watch.setCurrentIndex(current if 0 <= current < self.watch.count() else 0)

    # -- saving

    def typed(self) -> tuple[object, ...]:
        texts = (self.problem.text(), self.cause.text(), self.measure.text(), self.responsible.text())
        return (*(text.strip() for text in texts), _date(self.due_on))

    def values(self) -> ActionInput:
        return ActionInput(
            problem=self.problem.text(),
            measure=self.measure.text(),
            responsible=self.responsible.text(),
            due_on=_date(self.due_on),
            cause=self.cause.text(),
            department_id=self.department.currentData(),
            effect_days=self.effect_days.currentData(),
        )

    def accept(self) -> None:
        """Save through the model; on a refusal its sentence shows beside the field and the dialog stays."""
        for label in (*self.errors.values(), self.error):
            label.show_message("")
        data = self.values()
        group = self.watch.currentData()
        try:
            if self.detail is not None:
                edit_action(self.actor, self.detail.row.id, data, shown=self.shown_at)
            elif self.suggestion is not None:
                self.action_id = accept_suggestion(
                    self.actor, self.suggestion.complaint_id, data=data, group=tuple(group) if group else None
                )
            elif self.hotspot is not None:
                self.action_id = create_action(
                    self.actor, data, hotspot=self.hotspot.key, complaint_ids=self.complaint_ids
                )
            else:
                self.action_id = create_action(
                    self.actor, data, complaint_ids=self.complaint_ids, group=tuple(group) if group else None
                )
        except FieldError as error:
            target = self.errors.get(error.field, self.error)
            target.show_message(domain_message(error))
            return
        except ActionChangedMeanwhileError as error:
            self.error.show_message(domain_message(error))
            self.shown_at = error.updated_at  # the next OK is a choice made knowing of that change
            return
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class StepDialog(TypingDialog):
    """One step with a text and maybe a date or a choice; each kind of step is a subclass that says what it asks
    (``retranslateUi``) and which model function it calls (``step``). A refusal shows below the form."""

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.hide()
        self.effective = QRadioButton()
        self.not_effective = QRadioButton()
        for choice in (self.effective, self.not_effective):
            choice.hide()
        self.choice = QComboBox()
        self.choice.hide()
        self.text = LimitedTextEdit(limit, lines=3)
        self.date_label = QLabel()
        self.date = _date_edit(dt.date.today() + dt.timedelta(days=DEFAULT_DUE_DAYS))
        self.date_label.hide()
        self.date.hide()
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.figures, self.effective, self.not_effective, self.choice, self.text,
                       self.date_label, self.date, self.error, self.buttons):  # fmt: skip
            layout.addWidget(widget)
        self.resize(540, 320)

    def step(self) -> None:
        raise NotImplementedError

    def typed(self) -> tuple[object, ...]:
        return (self.text.text().strip(), _date(self.date))

    def accept(self) -> None:
        self.error.show_message("")
        try:
            self.step()
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class DoneDialog(StepDialog):
    def __init__(self, actor: Staff, row: ActionRow, parent: QWidget | None = None) -> None:
        super().__init__(RESULT_MAX, parent)
        self.actor, self.row = actor, row
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Mark %1 done"), self.row.number))
        self.prompt.setText(self.tr("What was done? The effect is measured from tomorrow on."))

    def step(self) -> None:
        complete_action(self.actor, self.row.id, self.text.text())


class VerifyDialog(StepDialog):
    """The effect's figures and verdict, the office's own verdict preselected from them."""

    def __init__(self, actor: Staff, row: ActionRow, effect: Effect | None, parent: QWidget | None = None) -> None:
        super().__init__(NOTE_MAX, parent)
        self.actor, self.row, self.effect = actor, row, effect
        self.figures.show()
        for choice in (self.effective, self.not_effective):
            choice.show()
        # The figures' verdict preselected when they give one; pending or unclear, the office chooses.
        if effect is not None and effect.verdict == Verdict.NOT_EFFECTIVE:
            self.not_effective.setChecked(True)
        elif effect is not None and effect.verdict == Verdict.EFFECTIVE:
            self.effective.setChecked(True)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Verify the effect of %1"), self.row.number))
        self.prompt.setText(
            self.tr("Was the action effective? When your verdict differs from the figures', say why in the note.")
        )
        if self.effect is None:
            self.figures.setText(self.tr("No group of complaints is watched: the office judges by itself."))
        else:
            self.figures.setText(f"{verdict_text(self.effect.verdict)}\n{effect_text(self.effect)}")
        self.effective.setText(self.tr("&Effective"))
        self.not_effective.setText(self.tr("&Not effective"))
        self.text.setPlaceholderText(self.tr("Note (needed when your verdict differs from the figures')"))

    def accept(self) -> None:
        if not (self.effective.isChecked() or self.not_effective.isChecked()):
            self.error.show_message(self.tr("Choose whether the action was effective."))
            return
        super().accept()

    def step(self) -> None:
        verify_action(self.actor, self.row.id, self.effective.isChecked(), self.text.text())


class ReopenDialog(StepDialog):
    def __init__(self, actor: Staff, row: ActionRow, parent: QWidget | None = None) -> None:
        super().__init__(NOTE_MAX, parent)
        self.actor, self.row = actor, row
        self.date_label.show()
        self.date.show()
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Reopen %1"), self.row.number))
        self.prompt.setText(self.tr("Why does the action go on? It goes back to in progress, with a new due date."))
        self.date_label.setText(self.tr("New due date:"))

    def step(self) -> None:
        reopen_action(self.actor, self.row.id, self.text.text(), _date(self.date))


class DismissDialog(StepDialog):
    def __init__(self, actor: Staff, suggestion: SuggestionRow, parent: QWidget | None = None) -> None:
        super().__init__(NOTE_MAX, parent)
        self.actor, self.suggestion = actor, suggestion
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Dismiss the suggestion on %1"), self.suggestion.number))
        self.prompt.setText(fill(self.tr("“%1”\nWhy is no action taken?"), self.suggestion.suggestion))

    def step(self) -> None:
        dismiss_suggestion(self.actor, self.suggestion.complaint_id, self.text.text())


class AddToActionDialog(StepDialog):
    def __init__(
        self, actor: Staff, suggestion: SuggestionRow, actions: list[ActionRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(NOTE_MAX, parent)
        self.actor, self.suggestion = actor, suggestion
        self.text.hide()
        for row in actions:
            self.choice.addItem(f"{row.number} · {row.problem[:40]}", row.id)
        self.choice.show()
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Add the suggestion on %1 to an action"), self.suggestion.number))
        self.prompt.setText(fill(self.tr("“%1”\nWhich action takes it in?"), self.suggestion.suggestion))

    def step(self) -> None:
        accept_suggestion(self.actor, self.suggestion.complaint_id, into=self.choice.currentData())
