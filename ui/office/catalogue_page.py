"""The office's catalogues and settings: departments, categories, remedies, the
intake prompts, the escalation-risk words (group and weight), the referral
guide (where to send a customer, in both languages, by category), and the
organisation's name, logo, default wait and idle lock. One tab per catalogue:
the entries on the left, the chosen one's form on the right."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import settings
from models.catalog import EntryName, IntakeStep, PromptKind, RemedyKind, Severity, categories, departments
from models.catalog_admin import (
    IDLE_MINUTES_MAX,
    LANGUAGES,
    PROMPT_MAX,
    REFER_TO_MAX,
    CatalogueChangedMeanwhileError,
    editable_entry,
    entries,
    save_entry,
    save_settings,
    set_active,
)
from models.control.risk import WEIGHT_MAX, WEIGHT_MIN, RiskGroup
from models.errors import DomainError
from models.intake import MAX_LINE_AMOUNT, PROMISED_MINUTES_MAX
from models.staff import Staff
from ui import messages
from ui.format import decimal_amount
from ui.i18n import catalogue_name, domain_message, fill
from ui.intake.prompt_panel import GROUPS
from ui.labels import code_name
from ui.office.external_channels_tab import ExternalChannelsTab
from ui.section import SectionPage
from ui.widgets import (
    AmountBox,
    ErrorLabel,
    SectionHeading,
    ask_keep_entry,
    choose_again,
    entry_chosen,
    field_refusal,
    field_refusals,
    list_beside_editor,
    refusals_of,
)

FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("CataloguePage", "Name (Chinese):"),
    "name_en": QT_TRANSLATE_NOOP("CataloguePage", "Name (English):"),
    "default_department": QT_TRANSLATE_NOOP("CataloguePage", "Default department:"),
    "default_severity": QT_TRANSLATE_NOOP("CataloguePage", "Default severity:"),
    "always_to_office": QT_TRANSLATE_NOOP("CataloguePage", "Always to the office:"),
    "kind": QT_TRANSLATE_NOOP("CataloguePage", "Kind:"),
    "default_amount": QT_TRANSLATE_NOOP("CataloguePage", "Default value (yuan):"),
    "office_only": QT_TRANSLATE_NOOP("CataloguePage", "Office only:"),
    "step": QT_TRANSLATE_NOOP("CataloguePage", "Intake step:"),
    "language": QT_TRANSLATE_NOOP("CataloguePage", "Language:"),
    "text": QT_TRANSLATE_NOOP("CataloguePage", "Prompt:"),
    "word": QT_TRANSLATE_NOOP("CataloguePage", "Word the customer says:"),
    "risk_group": QT_TRANSLATE_NOOP("CataloguePage", "Where they threaten to go:"),
    "weight": QT_TRANSLATE_NOOP("CataloguePage", "Weight (3: high on its own):"),
    "refer_to": QT_TRANSLATE_NOOP("CataloguePage", "Where to send them (Chinese):"),
    "refer_to_en": QT_TRANSLATE_NOOP("CataloguePage", "Where to send them (English):"),
    "category": QT_TRANSLATE_NOOP("CataloguePage", "For the category:"),
}
FIELDS = {
    "department": ("name", "name_en"),
    "location": ("name", "name_en"),
    "category": ("name", "name_en", "default_department", "default_severity", "always_to_office"),
    "remedy": ("name", "name_en", "kind", "default_amount", "office_only"),
    "prompt": ("step", "language", "kind", "text"),
    "risk_keyword": ("word", "risk_group", "weight"),
    "referral": ("name", "name_en", "refer_to", "refer_to_en", "category"),
}
TITLES = {
    "department": QT_TRANSLATE_NOOP("CataloguePage", "Departments"),
    "location": QT_TRANSLATE_NOOP("CataloguePage", "Locations"),
    "category": QT_TRANSLATE_NOOP("CataloguePage", "Categories"),
    "remedy": QT_TRANSLATE_NOOP("CataloguePage", "Remedies"),
    "prompt": QT_TRANSLATE_NOOP("CataloguePage", "Prompts"),
    "risk_keyword": QT_TRANSLATE_NOOP("CataloguePage", "Risk words"),
    "referral": QT_TRANSLATE_NOOP("CataloguePage", "Referral guide"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CataloguePage", text)


# A choice added to a list for the entry shown: the one it holds, which the list no longer offers (retired).
KEPT_CHOICE = Qt.ItemDataRole.UserRole + 1


def _choose(combo: QComboBox, value: object, retired: EntryName | None) -> None:
    """Choose ``value``. One the list no longer offers (``retired``: a category's retired default department) is
    added for this entry, marked retired, so that saving the entry for another reason (its English name) keeps
    it."""
    for index in reversed(range(combo.count())):
        if combo.itemData(index, KEPT_CHOICE):
            combo.removeItem(index)
    index = combo.findData(value)
    if index < 0 and retired is not None:
        combo.addItem(fill(QCoreApplication.translate("CataloguePage", "%1 (retired)"), catalogue_name(retired)), value)
        index = combo.count() - 1
        combo.setItemData(index, True, KEPT_CHOICE)
    combo.setCurrentIndex(max(0, index))


def _combo(values: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    for text, data in values:
        combo.addItem(text, data)
    return combo


def prompt_group_name(kind: str) -> str:
    """The group of the intake's prompt panel a kind of prompt shows under (要做, 可以这样说, 牢记)."""
    title = next(title for title, kinds, _ in GROUPS if kind in kinds)
    return QCoreApplication.translate("PromptPanel", str(title))


class CatalogueTab(QWidget):
    """The entries of one catalogue and a form for the chosen (or a new) one."""

    def __init__(self, catalogue: str, page: CataloguePage) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.page = page
        self.entry_id: int | None = None
        self.shown_values: dict[str, object] | None = None  # the form as set out: what differs is typed, unsaved
        self.shown_entry: dict[str, object] | None = None  # the entry as read for the form (models' values)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(catalogue == "prompt")  # the prompts under their steps
        self.list.setHeaderHidden(True)
        self.list.currentItemChanged.connect(self._show_current)
        self.widgets = {name: self._widget(name) for name in FIELDS[catalogue]}
        self.error = ErrorLabel()
        self.saved = QLabel()  # what the last save or retirement did (nothing said: Save was pressed again to be sure)
        self.saved.setWordWrap(True)
        self.new_button = QPushButton(QCoreApplication.translate("CataloguePage", "&New entry"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(QCoreApplication.translate("CataloguePage", "&Save"))
        self.save_button.clicked.connect(self.save)
        # Named before an entry is chosen (greyed out until then), never a blank button.
        self.retire_button = QPushButton(QCoreApplication.translate("CataloguePage", "&Retire"))
        self.retire_button.setEnabled(False)
        self.retire_button.clicked.connect(self.toggle_active)
        form = QFormLayout()
        for name, widget in self.widgets.items():
            label = QLabel(_tr(str(FIELD_LABELS[name])))
            label.setBuddy(widget)
            form.addRow(label, widget)
        said = QWidget()
        said_layout = QVBoxLayout(said)
        said_layout.setContentsMargins(0, 0, 0, 0)
        said_layout.addWidget(self.error)
        said_layout.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.addWidget(
            list_beside_editor(
                self.list, form, said, [self.new_button, self.save_button, self.retire_button], [380, 520]
            )
        )

    def _widget(self, name: str) -> QWidget:
        if name in ("name", "name_en", "word"):
            return QLineEdit()  # no maximum: a longer name pasted is refused in words, with its length, not cut
        if name == "risk_group":
            return _combo([(code_name("risk_group", g.value), g.value) for g in RiskGroup])
        if name == "weight":
            spin = QSpinBox()
            spin.setRange(WEIGHT_MIN, WEIGHT_MAX)
            return spin
        if name in ("category", "default_department"):
            return _combo(self._choices(name))
        if name == "default_severity":
            return _combo([(code_name("severity", s.value), s.value) for s in Severity])
        if name == "kind":
            group, kinds = ("remedy_kind", RemedyKind) if self.catalogue == "remedy" else ("prompt_kind", PromptKind)
            return _combo([(code_name(group, k.value), k.value) for k in kinds])
        if name == "default_amount":
            box = AmountBox()  # takes an input method's full-width digits
            box.setDecimals(2)
            box.setRange(0, float(MAX_LINE_AMOUNT))
            return box
        if name in ("always_to_office", "office_only"):
            return QCheckBox()
        if name == "step":
            return _combo([(code_name("step", s.value), s.value) for s in IntakeStep])
        if name == "language":
            return _combo([(code_name("language", language), language) for language in LANGUAGES])
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        limit = REFER_TO_MAX if name in ("refer_to", "refer_to_en") else PROMPT_MAX
        text.setPlaceholderText(fill(QCoreApplication.translate("CataloguePage", "At most %1 characters"), limit))
        return text

    def _choices(self, name: str) -> list[tuple[str, object]]:
        """The entries of another catalogue a field chooses from, as that catalogue holds them now."""
        if name == "category":
            every = QCoreApplication.translate("CataloguePage", "Every category")
            return [(every, None)] + [(catalogue_name(c), c.id) for c in categories()]
        none = QCoreApplication.translate("CataloguePage", "None")
        return [(none, None)] + [(catalogue_name(d), d.id) for d in departments()]

    def _refill_choices(self) -> None:
        """The lists of other catalogues again: a department added on its tab is offered here, a retired one no
        longer, but for the entry shown when it holds it (kept, marked retired: what is typed stays)."""
        for name in ("category", "default_department"):
            combo = self.widgets.get(name)
            if not isinstance(combo, QComboBox):
                continue
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in self._choices(name):
                combo.addItem(text, data)
            everything = categories(active_only=False) if name == "category" else departments(active_only=False)
            retired = next((entry for entry in everything if entry.id == chosen), None)
            _choose(combo, chosen, retired if combo.findData(chosen) < 0 else None)
            combo.blockSignals(False)

    def refresh(self) -> None:
        """The list read again, the entry chosen kept; its form set out again as saved, unless something is typed
        in it (kept as typed: a save on another tab set it out again over the typing)."""
        current = self.entry_id
        typed = self.typed()
        self._refill_choices()
        if self.shown_values is None:  # the first form, for a new entry: typing in it is asked about too
            self.shown_values = self.values()
        rebuilding = QSignalBlocker(self.list)
        self.list.clear()
        # The prompts under their intake step and language (as the intake shows them), each named by the group of
        # the prompt panel it shows under; the other catalogues one entry a row.
        steps: dict[tuple[str, str], QTreeWidgetItem] = {}
        for entry in entries(self.catalogue):
            parent: QTreeWidgetItem | None = None
            if self.catalogue == "prompt":
                step, language = str(entry.values["step"]), str(entry.values["language"])
                parent = steps.get((step, language))
                if parent is None:
                    parent = steps[(step, language)] = self._step_item(step, language)
                label = f"{prompt_group_name(str(entry.values['kind']))} · {entry.values['text']}"
            elif self.catalogue == "risk_keyword":
                group, weight = code_name("risk_group", entry.values["risk_group"]), entry.values["weight"]
                label = f"{entry.values['word']} · {group} · {weight}"
            else:
                label = catalogue_name(entry)
            item = QTreeWidgetItem(
                [
                    label
                    if entry.active
                    else fill(QCoreApplication.translate("CataloguePage", "%1 (retired)"), label)
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(0, item.text(0))  # a long prompt is cut in the list: the whole of it on hovering
            if not entry.active:
                item.setForeground(0, self.palette().placeholderText())
            if parent is not None:
                parent.addChild(item)
            else:
                self.list.addTopLevelItem(item)
            if entry.id == current:
                self.list.setCurrentItem(item)
        del rebuilding
        if current is not None and not typed:
            self._set_out(current)

    def _step_item(self, step: str, language: str) -> QTreeWidgetItem:
        """A heading row of the prompts' list: an intake step in one language (nothing to edit)."""
        heading = QTreeWidgetItem([fill(QCoreApplication.translate("CataloguePage", "%1 (%2)"),
                                        code_name("step", step), code_name("language", language))])  # fmt: skip
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.list.addTopLevelItem(heading)
        heading.setExpanded(True)
        return heading

    def typed(self) -> bool:
        """Whether the form holds typing not saved: it differs from how it was set out."""
        return self.shown_values is not None and self.values() != self.shown_values

    def keep_typed(self) -> bool:
        """Whether what was typed in the form and not saved stays (asked: another entry chosen, a new one, the
        window closed or the desk handed over threw it away without a word)."""
        return self.typed() and ask_keep_entry(self)

    def _show_current(self, item: QTreeWidgetItem | None = None, previous: QTreeWidgetItem | None = None) -> None:
        chosen = entry_chosen(self.list, previous, self.entry_id, self.keep_typed)  # a prompts' heading: none
        if chosen is not None:
            self._set_out(chosen)

    def _set_out(self, entry_id: int) -> None:
        """The form for this entry, as saved."""
        self.entry_id = entry_id
        entry = editable_entry(self.catalogue, self.entry_id)
        self.shown_entry = entry.values  # what Save checks nobody changed meanwhile
        for name, widget in self.widgets.items():
            value: Any = entry.values[name]  # each widget takes its own field's type
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            elif isinstance(widget, QComboBox):
                _choose(widget, value, entry.retired.get(name))
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(float(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
        self.retire_button.setText(
            QCoreApplication.translate("CataloguePage", "&Retire")
            if entry.active
            else QCoreApplication.translate("CataloguePage", "&Bring back")
        )
        self.retire_button.setEnabled(True)
        self.error.show_message("")
        self.saved.setText("")
        self.shown_values = self.values()

    def start_new(self) -> None:
        if self.keep_typed():
            return
        self.entry_id = None
        # No entry chosen: clicking the one chosen before opens it again (it stayed current, the click changed
        # nothing, and the blank form under its highlighted row saved a new entry).
        choose_again(self.list, None)
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.clear()
            elif isinstance(widget, QCheckBox):
                widget.setChecked(False)
            elif isinstance(widget, QComboBox):
                _choose(widget, widget.itemData(0), None)  # the list's first: not the last entry's kind or step
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(0)
            elif isinstance(widget, QSpinBox):
                widget.setValue(widget.minimum())
        self.retire_button.setEnabled(False)
        self.error.show_message("")
        self.saved.setText("")
        self.shown_values = self.values()

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QDoubleSpinBox):
                values[name] = decimal_amount(widget.value())
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
        return values

    def save(self) -> bool:
        shown = self.shown_entry if self.entry_id is not None else None
        try:
            entry = save_entry(self.page.actor, self.catalogue, self.entry_id, self.values(), shown=shown)
        except CatalogueChangedMeanwhileError as error:
            self.saved.setText("")
            self.error.show_message(domain_message(error))
            self.shown_entry = error.current  # the next Save is a choice made knowing of that change
            return False
        except DomainError as error:
            self.saved.setText("")
            self.error.show_message(field_refusal(error, self.widgets))
            return False
        self.entry_id = entry.id
        self.shown_values = None  # saved: set out again as the database holds it
        self.refresh()
        self._say(QCoreApplication.translate("CataloguePage", "Saved: %1."))
        self.page.catalogue_changed(self)
        return True

    def toggle_active(self) -> None:
        if self.entry_id is None:
            return
        entry = editable_entry(self.catalogue, self.entry_id)
        try:
            set_active(self.page.actor, self.catalogue, self.entry_id, not entry.active)
        except DomainError as error:
            self.saved.setText("")
            self.error.show_message(domain_message(error))
            return
        self.refresh()
        self.page.catalogue_changed(self)
        if entry.active:
            self._say(QCoreApplication.translate("CataloguePage", "Retired: %1. New complaints no longer offer it."))
        else:
            self._say(QCoreApplication.translate("CataloguePage", "Brought back: %1."))

    def _say(self, template: str) -> None:
        """What was just done to the entry shown, named as its form names it, under the form."""
        named = next((self.widgets[name] for name in ("name", "word", "text") if name in self.widgets), None)
        name = (
            named.text() if isinstance(named, QLineEdit) else named.toPlainText() if isinstance(named, QPlainTextEdit)
            else ""
        )  # fmt: skip
        self.saved.setText(fill(template, name.strip()))


class SettingsTab(QWidget):
    def __init__(self, page: CataloguePage) -> None:
        super().__init__()
        self.page = page
        self.organisation = QLineEdit()  # no maximum: a longer name pasted is refused in words, not cut to 64
        self.shown: tuple[object, ...] | None = None  # the values as last set out (``refresh``)
        self.logo = QLineEdit()
        self.logo_button = QPushButton(QCoreApplication.translate("CataloguePage", "Choose…"))
        self.logo_button.clicked.connect(self.choose_logo)
        self.promised_minutes = QSpinBox()
        self.promised_minutes.setRange(1, PROMISED_MINUTES_MAX)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, IDLE_MINUTES_MAX)
        self.error = ErrorLabel()
        self.status = QLabel()
        self.save_button = QPushButton(QCoreApplication.translate("CataloguePage", "&Save"))
        self.save_button.clicked.connect(self.save)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.logo_button)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("CataloguePage", "Organisation:"), self.organisation)
        form.addRow(QCoreApplication.translate("CataloguePage", "Logo on printed forms:"), logo_row)
        form.addRow(
            QCoreApplication.translate("CataloguePage", "Default reply promised (minutes):"), self.promised_minutes
        )
        form.addRow(
            QCoreApplication.translate("CataloguePage", "Lock an idle desk after (minutes):"), self.idle_minutes
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _form(self) -> tuple[object, ...]:
        return (self.organisation.text(), self.logo.text(), self.promised_minutes.value(), self.idle_minutes.value())

    def typed(self) -> bool:
        """Whether the settings hold typing not saved (the window closed or the desk handed over lost it unasked)."""
        return self.shown is not None and self._form() != self.shown

    def keep_typed(self) -> bool:
        if not self.typed():
            return False
        title = QCoreApplication.translate("CataloguePage", "Discard what you typed?")
        text = QCoreApplication.translate(
            "CataloguePage", "The settings typed here are not saved yet and will be lost. To keep them, Save first."
        )
        return not messages.ask_discard(self, title, text)

    def refresh(self) -> None:
        """The settings as saved; what is typed and not saved yet stays (the section left and opened again set the
        saved values out over it)."""
        if self.shown is not None and self._form() != self.shown:
            return
        self.organisation.setText(str(settings.get(settings.ORGANISATION_NAME) or ""))
        self.logo.setText(str(settings.get(settings.LOGO_FILE) or ""))
        self.promised_minutes.setValue(int(settings.get(settings.DEFAULT_PROMISED_MINUTES)))
        self.idle_minutes.setValue(int(settings.get(settings.IDLE_LOCK_MINUTES)))
        self.shown = self._form()

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("CataloguePage", "Logo"),
            "",
            QCoreApplication.translate("CataloguePage", "Images (*.png *.jpg *.jpeg)"),
        )
        if name:
            self.logo.setText(name)

    def save(self) -> bool:
        idle_before = int(settings.get(settings.IDLE_LOCK_MINUTES))
        try:
            save_settings(
                self.page.actor,
                self.organisation.text(),
                self.logo.text(),
                self.promised_minutes.value(),
                self.idle_minutes.value(),
            )
        except DomainError as error:
            self.status.setText("")  # an earlier save's "Saved." is not this one's
            fields = {"organisation": self.organisation, "logo": self.logo, "promised_minutes": self.promised_minutes,
                      "idle_minutes": self.idle_minutes}  # fmt: skip
            self.error.show_message(field_refusals(refusals_of(error), fields))  # all at once
            return False
        self.error.show_message("")
        self.shown = None  # saved: the next look sets the saved values out (the logo by its whole path)
        self.refresh()
        self.page.settings_saved.emit()
        # The idle lock's new minutes bind at the next login: said when they changed (said at every save, it read
        # as if the save had changed them).
        changed = self.idle_minutes.value() != idle_before
        self.status.setText(
            QCoreApplication.translate("CataloguePage", "Saved. The idle lock applies from the next login.")
            if changed
            else QCoreApplication.translate("CataloguePage", "Saved.")
        )
        return True


class CataloguePage(SectionPage):
    """The tabs are built from translated texts; a language change rebuilds them."""

    settings_saved = Signal()  # the organisation's name and the like, as the window's title shows it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.heading = SectionHeading()
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self._build()

    def _build(self) -> None:
        current = self.tabs.currentIndex()
        while self.tabs.count():
            page = cast(QWidget, self.tabs.widget(0))
            self.tabs.removeTab(0)
            page.deleteLater()
        self.catalogues = {name: CatalogueTab(name, self) for name in FIELDS}
        self.settings = SettingsTab(self)
        self.external_channels = ExternalChannelsTab(self.staff)
        for name, tab in self.catalogues.items():
            self.tabs.addTab(tab, _tr(str(TITLES[name])))
        self.tabs.addTab(self.external_channels, QCoreApplication.translate("CataloguePage", "External channels"))
        self.tabs.addTab(self.settings, QCoreApplication.translate("CataloguePage", "Settings"))
        self.tabs.setCurrentIndex(max(0, current))
        self.heading.setText(QCoreApplication.translate("CataloguePage", "Catalogues and settings"))

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        if hasattr(self, "settings"):  # a language change can arrive before the first build
            self._build()
            if self.staff is not None:
                self.refresh()

    def set_staff(self, staff: Staff) -> None:
        super().set_staff(staff)
        self.external_channels.actor = staff

    def keep_typed(self) -> bool:
        """Whether an entry's form holds typing not saved that is to stay (each tab with some is asked about, and
        shown while it is)."""
        forms: list[CatalogueTab | ExternalChannelsTab | SettingsTab] = [
            *self.catalogues.values(), self.external_channels, self.settings
        ]  # the channels' and the settings' too (typed there, the window closed without a word)
        for tab in forms:
            if tab.typed():
                self.tabs.setCurrentWidget(tab)
                if tab.keep_typed():
                    return True
        return False

    def catalogue_changed(self, changed: CatalogueTab) -> None:
        """An entry saved or retired on one tab: the other tabs offer the catalogues as they are now."""
        for tab in self.catalogues.values():
            if tab is not changed:
                tab._refill_choices()

    def refresh(self) -> None:
        for tab in self.catalogues.values():
            tab.refresh()
        self.external_channels.refresh()
        self.settings.refresh()
