"""The office's work summaries (投诉管控工作总结): the list; a new summary drafted from a period's figures; the
text edited under its fixed headings (one box per section), saved as versions, earlier versions viewed, signed
off (then read-only); the figures behind the text, each opening the register with its complaints; export to
PDF and Word, and printing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.analysis.summary_document import STRUCTURE, Figure, SectionKey, heading, paragraphs_of, part_name
from models.analysis.summary_store import (
    StoredSummary,
    SummaryRow,
    check_period,
    create_summary,
    load_version,
    save_version,
    sign_off,
    summary_rows,
)
from models.errors import DomainError
from ui.format import DATE, date_text, date_time
from ui.i18n import Retranslating, current_language, domain_message, fill
from ui.labels import code_name
from ui.paths import file_name
from ui.section import SectionPage
from ui.tasks import report_failure, run_task
from ui.widgets import DateEdit, ErrorLabel, SectionHeading, ok_cancel_buttons
from ui.wrapped_text import WrappedTextDelegate, relayout_on_resize

PERIOD_KINDS = ("month", "quarter", "half_year", "year", "custom")
SIGNED_TEXT = "#1b5e20"
DRAFT_TEXT = "#8c1d18"
VERSION_COLUMNS = 16  # characters the versions box shows of its entry (its list shows them whole)


def period_span(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the period of ``kind`` holding ``day``."""
    from models.analysis.summary import period_of

    period = period_of(kind, day)
    return period.first, period.last


def render_file(summary_id: int, number: int, fmt: str) -> bytes:
    """A version of a summary as PDF or Word bytes; runs in a worker."""
    from models import settings
    from ui.paper.summary_files import stored_bytes

    return stored_bytes(load_version(summary_id, number), fmt, demo=settings.is_demo())


def _fit_height(editor: QTextEdit) -> None:
    """A section's box as tall as its text (the page scrolls, not each box), at least three lines. A QTextEdit's
    document knows its whole height in pixels, wrapped at the box's width; a QPlainTextEdit's counted only the
    lines it had laid out, and a box once hid the last lines of a paragraph just loaded."""
    document = editor.document()
    least = 3 * editor.fontMetrics().lineSpacing() + 2 * document.documentMargin()
    margins = editor.contentsMargins()
    frame = 2 * editor.frameWidth() + margins.top() + margins.bottom()
    editor.setFixedHeight(int(max(least, document.size().height())) + frame + 1)


def _section_editor() -> QTextEdit:
    """A box of plain text that grows with its text (``_fit_height``)."""
    editor = QTextEdit()
    editor.setAcceptRichText(False)
    editor.setTabChangesFocus(True)  # Tab to the next box (it typed a tab, and the keyboard could not leave the box)
    editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    editor.document().documentLayout().documentSizeChanged.connect(lambda _size: _fit_height(editor))
    return editor


def _date_edit(value: QDate) -> QDateEdit:
    edit = DateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE)
    return edit


# A summary's language, named in itself and as Preferences names it (it said 中文 here, 简体中文 there).
LANGUAGE_NAMES = {code: code_name("language", code) for code in ("zh_CN", "en")}


class NewSummaryDialog(Retranslating, QDialog):
    """The period and the language of a new summary; the draft is generated when accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind in PERIOD_KINDS:
            self.kind.addItem("", kind)
        today = QDate.currentDate()
        # The month just ended is what an office usually sums up.
        self.day = _date_edit(today.addMonths(-1))
        self.first = _date_edit(today.addMonths(-1))
        self.last = _date_edit(today)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(0 if current_language().startswith("zh") else 1)
        self.span = QLabel()
        self.error = ErrorLabel()
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(6)]
        for label, field in zip(
            self.labels, (self.kind, self.day, self.first, self.last, self.span, self.language), strict=True
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for edit in (self.day, self.first, self.last):
            edit.dateChanged.connect(self._show_span)
        self.retranslateUi()
        self._kind_changed()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("New work summary"))
        names = {
            "month": self.tr("A month"),
            "quarter": self.tr("A quarter"),
            "half_year": self.tr("A half-year"),
            "year": self.tr("A year"),
            "custom": self.tr("Any dates"),
        }
        for index in range(self.kind.count()):
            self.kind.setItemText(index, names[self.kind.itemData(index)])
        texts = (self.tr("&Period:"), self.tr("A &day in it:"), self.tr("&From:"), self.tr("&To:"),
                 self.tr("Covers:"), self.tr("&Language of the summary:"))  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self._show_span()

    def _kind_changed(self) -> None:
        custom = self.kind.currentData() == "custom"
        for row, visible in ((1, not custom), (2, custom), (3, custom)):
            self.form.setRowVisible(row, visible)
        self._show_span()

    def choice(self) -> tuple[str, dt.date, dt.date, str]:
        """(kind, first day, last day, language)."""
        kind = str(self.kind.currentData())
        if kind == "custom":
            first = cast(dt.date, self.first.date().toPython())
            last = cast(dt.date, self.last.date().toPython())
        else:
            first, last = period_span(kind, cast(dt.date, self.day.date().toPython()))
        return kind, first, last, str(self.language.currentData())

    def _show_span(self) -> None:
        _kind, first, last, _language = self.choice()
        self.span.setText(fill(self.tr("%1 to %2"), date_text(first), date_text(last)))

    def accept(self) -> None:
        _kind, first, last, _language = self.choice()
        try:
            check_period(first, last, dt.date.today())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class SummaryPage(SectionPage):
    open_complaints = Signal(list, str)  # ids, what they are
    open_register = Signal(object, str)  # the register's Filters, what they find

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SummaryRow] = []
        self.stored: StoredSummary | None = None
        self.dirty = False
        self._loading = False
        self.new_dialog: NewSummaryDialog | None = None
        self.heading = SectionHeading()

        # -- the list of summaries
        self.list = QTreeWidget()
        self.list.setObjectName("summaryList")
        self.list.setRootIsDecorated(False)
        # A long title wraps in the narrow column ("简体中文 · 草稿 第 1 版 · 白云山…" was cut).
        self.list.setItemDelegateForColumn(0, WrappedTextDelegate(self.list))
        relayout_on_resize(self.list)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.ask_new)
        self.busy = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.busy)
        self.pdf_button, self.docx_button, self.print_button = QPushButton(), QPushButton(), QPushButton()
        for button in (self.pdf_button, self.docx_button, self.print_button):
            left_layout.addWidget(button)
        left.setMinimumWidth(200)

        # -- the text under its fixed headings
        self.title_label = QLabel()
        self.title = QLineEdit()
        self.title.setObjectName("summaryTitle")
        self.title.textChanged.connect(self._edited)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.versions = QComboBox()
        self.versions.setObjectName("summaryVersions")
        # As wide as a short entry, beside the state line; its list shows the entries whole.
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.versions.setMinimumContentsLength(VERSION_COLUMNS)
        self.versions.activated.connect(self._version_chosen)
        self.part_labels: dict[str, QLabel] = {}
        self.headings: dict[SectionKey, QLabel] = {}
        self.sections: dict[SectionKey, QTextEdit] = {}
        text = QWidget()
        text_layout = QVBoxLayout(text)
        bold = QFont()
        bold.setBold(True)
        for part, keys in STRUCTURE:
            part_label = QLabel()
            part_label.setStyleSheet("color: #666;")
            self.part_labels[part.value] = part_label
            text_layout.addWidget(part_label)
            for key in keys:
                label = QLabel()
                label.setFont(bold)
                label.setObjectName(f"heading_{key.value}")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
                editor = _section_editor()
                editor.setObjectName(f"section_{key.value}")
                editor.textChanged.connect(self._edited)
                self.headings[key] = label
                self.sections[key] = editor
                text_layout.addWidget(label)
                text_layout.addWidget(editor)
        self.sign_off_label = QLabel()
        self.sign_off_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.author_label = QLabel()
        self.author = QLineEdit()
        self.author.setObjectName("summaryAuthor")
        self.author.textChanged.connect(self._edited)
        author_row = QHBoxLayout()
        author_row.addStretch(1)
        author_row.addWidget(self.author_label)
        author_row.addWidget(self.author)
        text_layout.addLayout(author_row)
        text_layout.addWidget(self.sign_off_label)
        text_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(text)
        self.save_button, self.discard_button, self.sign_button = QPushButton(), QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.sign_button.clicked.connect(self.ask_sign)
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.docx_button.clicked.connect(lambda: self.ask_export("docx"))
        self.print_button.clicked.connect(self.preview)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.discard_button, self.sign_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.error = ErrorLabel()
        self.message = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addWidget(self.title, 1)
        version_row = QHBoxLayout()  # below the title, which keeps the whole row: a title is long
        version_row.addWidget(self.versions)
        version_row.addStretch(1)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(top)
        middle_layout.addLayout(version_row)
        middle_layout.addWidget(self.state)  # the whole column wide: beside the versions it wrapped to four lines
        middle_layout.addWidget(scroll, 1)
        middle_layout.addWidget(self.error)
        middle_layout.addWidget(self.message)
        middle_layout.addLayout(buttons)

        # -- the figures behind the text
        self.figures_heading = QLabel()
        self.figures_heading.setFont(bold)
        self.figures = QListWidget()
        self.figures.setObjectName("summaryFigures")
        self.figures.setWordWrap(True)
        self.figures.setAlternatingRowColors(True)  # a figure of two or three lines reads as one
        self.figures.itemActivated.connect(self._open_figure)
        self.figures_hint = QLabel()
        self.figures_hint.setWordWrap(True)
        self.figures_hint.setStyleSheet("color: #666;")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.figures_heading)
        right_layout.addWidget(self.figures, 1)
        right_layout.addWidget(self.figures_hint)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 600, 300])  # the figures' lines wrap less
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        self.retranslateUi()
        self._show_stored()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Work summaries"))
        self.list.setHeaderLabels([self.tr("Summaries")])
        self.new_button.setText(self.tr("&New summary…"))
        self.title_label.setText(self.tr("Title:"))
        self.author_label.setText(self.tr("Written by:"))
        self.save_button.setText(self.tr("&Save version"))
        self.discard_button.setText(self.tr("&Discard changes"))
        self.sign_button.setText(self.tr("Sign &off…"))
        self.pdf_button.setText(self.tr("Export &PDF…"))
        self.docx_button.setText(self.tr("Export &Word…"))
        self.print_button.setText(self.tr("P&rint…"))
        self.figures_heading.setText(self.tr("The figures behind the text"))
        self.figures_hint.setText(
            self.tr("Double-click a figure to list its complaints in the register (a grey one keeps no such list).")
        )
        self.show_rows(self.rows)
        self._show_state()
        if self.stored is None:  # no summary shown: the fixed headings in the language chosen now
            language = current_language()
            for part, label in self.part_labels.items():
                label.setText(part_name(part, language))
            for key, label in self.headings.items():
                label.setText(heading(key, language))

    # -- the list

    def refresh(self) -> None:
        run_task(summary_rows, on_done=self.show_rows)

    def show_rows(self, rows: list[SummaryRow]) -> None:
        chosen = self.stored.row.id if self.stored is not None else None
        self.rows = rows
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            period = f"{date_text(row.first_day)} – {date_text(row.last_day)}"
            # The period first, and on a line of its own: a narrow list cut everything after it (two summaries
            # of one month, one in each language, read alike).
            language = LANGUAGE_NAMES.get(row.language, row.language)
            item = QTreeWidgetItem([f"{period}\n{language} · {self._state_name(row)} · {row.title}"])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(0, f"{row.title}\n{period}")
            item.setForeground(0, QColor(SIGNED_TEXT if row.signed else DRAFT_TEXT))
            self.list.addTopLevelItem(item)
            if row.id == chosen:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        first = self.list.topLevelItem(0)
        if chosen is None and first is not None and not self.dirty:
            self.list.setCurrentItem(first)

    def _state_name(self, row: SummaryRow) -> str:
        if row.signed:
            return self.tr("Signed off")
        return fill(self.tr("Draft v%1"), row.versions)

    def select(self, summary_id: int) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == summary_id:
                self.list.setCurrentItem(item)
                return
        self.load(summary_id)

    def _chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is not None:
            self.load(int(item.data(0, Qt.ItemDataRole.UserRole)))

    # -- one summary

    def load(self, summary_id: int, number: int | None = None) -> None:
        try:
            self.stored = load_version(summary_id, number)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.error.show_message("")
        self._show_stored()

    def editable(self) -> bool:
        """The text can be changed: a draft, its newest version shown."""
        return self.stored is not None and not self.stored.row.signed and self.stored.latest

    def _show_stored(self) -> None:
        stored = self.stored
        self._loading = True
        try:
            language = stored.document.language if stored is not None else current_language()
            for part, label in self.part_labels.items():
                label.setText(part_name(part, language))
            for key, label in self.headings.items():
                label.setText(heading(key, language))  # the document's fixed headings, in its language
            for key, editor in self.sections.items():
                editor.setPlainText("\n".join(stored.document.paragraphs(key)) if stored is not None else "")
            self.title.setText(stored.document.title if stored is not None else "")
            self.title.setCursorPosition(0)  # the title's start in view, not its end
            self.author.setText(stored.document.sign_off.author if stored is not None else "")
            self.versions.clear()
            if stored is not None:
                for version in reversed(stored.versions):
                    text = fill(self.tr("Version %1 · %2 · %3"), version.number, date_time(version.saved_at),
                                version.saved_by)  # fmt: skip
                    self.versions.addItem(text, version.number)
                self.versions.setCurrentIndex(self.versions.findData(stored.number))
                view = self.versions.view()  # the list as wide as its longest entry, the box narrower
                scroll_bar = view.verticalScrollBar().sizeHint().width()
                view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + scroll_bar)
        finally:
            self._loading = False
        self.dirty = False
        self._show_figures()
        self._show_state()

    def _show_figures(self) -> None:
        self.figures.clear()
        if self.stored is None:
            return
        for found in self.stored.document.figures:
            text = self._figure_words(found)
            if found.compared:
                text += f"\n{found.compared}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, found.key)
            if not found.filters:
                item.setToolTip(self.tr("No list of complaints is kept for this figure."))
                item.setForeground(Qt.GlobalColor.gray)
            self.figures.addItem(item)

    def _show_state(self) -> None:
        stored = self.stored
        editable = self.editable()
        for editor in self.sections.values():
            editor.setReadOnly(not editable)
        self.title.setReadOnly(not editable)
        self.author.setReadOnly(not editable)
        for field in (*self.sections.values(), self.title, self.author):
            field.setEnabled(stored is not None)  # greyed out until a summary is chosen: nothing to type into yet
        self.save_button.setEnabled(editable and self.dirty)
        self.discard_button.setEnabled(editable and self.dirty)
        self.sign_button.setEnabled(editable and not self.dirty)
        for button in (self.pdf_button, self.docx_button, self.print_button):
            button.setEnabled(stored is not None and not self.dirty)
        # Another version or summary only once the changes are saved or discarded: nothing typed is lost.
        self.versions.setEnabled(stored is not None and not self.dirty)
        self.list.setEnabled(not self.dirty)
        self.new_button.setEnabled(not self.dirty)
        if stored is None:
            self.state.setText(self.tr("Choose a summary, or write a new one from a period's figures."))
            self.sign_off_label.setText("")
            return
        row, document = stored.row, stored.document
        if row.signed and row.signed_at is not None:
            text = fill(self.tr("Signed off by %1 on %2: read-only."), row.signed_by, date_text(row.signed_at.date()))
            colour = SIGNED_TEXT
            if not stored.latest:
                text = fill(self.tr("Version %1, not the one signed off. %2"), stored.number, text)
        elif not stored.latest:
            text = fill(self.tr("An earlier version (%1), read-only: choose the newest to edit."), stored.number)
            colour = DRAFT_TEXT
        else:
            text = fill(self.tr("Draft, version %1, saved %2 · %3"), stored.number, date_time(stored.saved_at),
                        stored.saved_by)  # fmt: skip
            colour = DRAFT_TEXT
        if self.dirty:
            text += " · " + self.tr("changes not saved")
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {colour};")
        lines = [document.sign_off.organisation, document.sign_off.date.isoformat()]
        self.sign_off_label.setText("\n".join(line for line in lines if line))

    def _edited(self) -> None:
        if self._loading or not self.editable():
            return
        self.dirty = self._text_differs()
        self.message.setText("")
        self._show_state()

    def _text_differs(self) -> bool:
        if self.stored is None:
            return False
        document = self.stored.document
        if self.title.text().strip() != document.title or self.author.text().strip() != document.sign_off.author:
            return True
        return any(paragraphs_of(editor.toPlainText()) != document.paragraphs(key)
                   for key, editor in self.sections.items())  # fmt: skip

    def _version_chosen(self, index: int) -> None:
        if self.stored is not None and index >= 0:
            self.load(self.stored.row.id, int(self.versions.itemData(index)))

    # -- writing

    def ask_new(self) -> NewSummaryDialog:
        dialog = NewSummaryDialog(self)
        dialog.accepted.connect(lambda: self.draft_new(*dialog.choice()))
        dialog.open()
        self.new_dialog = dialog
        return dialog

    def draft_new(self, kind: str, first: dt.date, last: dt.date, language: str) -> None:
        """Generate the draft from the period's figures (in a worker: a year at a million complaints takes a
        moment) and show it."""
        self.busy.setText(self.tr("Writing the draft from the figures…"))
        self.new_button.setEnabled(False)

        def created(summary_id: int) -> None:
            self.busy.setText("")
            self.new_button.setEnabled(True)
            self.load(summary_id)
            self.refresh()

        def failed(error: Exception) -> None:
            self.busy.setText("")
            self.new_button.setEnabled(True)
            report_failure(error, self, self.error.show_message)

        run_task(create_summary, self.actor, kind, first, last, language, on_done=created, on_error=failed,
                 owner=self)  # fmt: skip

    def current_sections(self) -> dict[str, list[str]]:
        return {key.value: list(paragraphs_of(editor.toPlainText())) for key, editor in self.sections.items()}

    def save(self) -> int | None:
        if self.stored is None:
            return None
        try:
            number = save_version(
                self.actor, self.stored.row.id, self.title.text(), self.current_sections(), self.author.text(),
                based_on=self.stored.number,  # another office user's newer version is never dropped unseen
            )  # fmt: skip
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return None
        self.load(self.stored.row.id)
        self.message.setText(fill(self.tr("Saved as version %1."), number))
        self.refresh()
        return number

    def discard(self) -> None:
        """The version saved shown again, once the office user said to throw the changes away (the button and
        Alt+D threw them away unasked)."""
        if self.stored is None:
            return
        if self.dirty:
            from ui import messages

            title = self.tr("Discard changes")
            text = self.tr("Throw away the changes made to this work summary since it was last saved?")
            if not messages.ask_discard(self, title, text):
                return
        self.load(self.stored.row.id)

    def ask_sign(self) -> QMessageBox | None:
        if self.stored is None:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Sign off the work summary"))
        box.setText(fill(self.tr("Sign off “%1” as version %2 reads? Once signed off it can no longer be changed."),
                         self.stored.document.title, self.stored.number))  # fmt: skip
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Sign off"))  # what cannot be undone, by name
        box.accepted.connect(self.sign)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time: the answered ones go
        box.open()
        return box

    def sign(self) -> None:
        if self.stored is None:
            return
        try:
            number = sign_off(self.actor, self.stored.row.id, version=self.stored.number)  # the version read
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.load(self.stored.row.id)
        self.message.setText(fill(self.tr("Version %1 is signed off."), number))
        self.refresh()

    # -- the figures behind the text

    def current_figure(self) -> Figure | None:
        item = self.figures.currentItem()
        if item is None or self.stored is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((f for f in self.stored.document.figures if f.key == key), None)

    def _figure_words(self, found: Figure) -> str:
        """A figure in the summary's language, written as that language writes it (its colon, not the screen's)."""
        chinese = self.stored is not None and self.stored.document.language.startswith("zh")
        return f"{found.label}{'：' if chinese else ': '}{found.value}"

    def _open_figure(self, _item: QListWidgetItem | None = None) -> None:
        found = self.current_figure()
        if found is None or not found.filters:
            return
        from models.analysis.summary import figure_complaints, figure_filters, rated_complaints

        what = self._figure_words(found)
        if found.key == "satisfaction" and "received_from" in found.filters:
            # The complaints the average is over: every rated one of the period (its filter, the closed ones, left
            # out the agreed cases not closed yet), also for a summary stored with that filter.
            run_task(rated_complaints, found, on_done=lambda ids: self._figure_found(ids, what), owner=self)
            return
        filters = figure_filters(found)
        if filters is not None:
            self.open_register.emit(filters, what)  # the register shows the filter, and the office can change it
            return
        run_task(figure_complaints, found, on_done=lambda ids: self._figure_found(ids, what), owner=self)

    def _figure_found(self, ids: list[int], what: str) -> None:
        if not ids:  # an empty list opened the register on every complaint
            self.message.setText(fill(self.tr("No complaint is behind “%1” now."), what))
            return
        self.open_complaints.emit(ids, what)

    # -- paper

    def _file_name(self, fmt: str) -> str:
        title = self.stored.document.title if self.stored is not None else ""
        return file_name(title, fmt, "summary")

    def ask_export(self, fmt: str) -> None:
        if self.stored is None:
            return
        kinds = {"pdf": self.tr("PDF (*.pdf)"), "docx": self.tr("Word document (*.docx)")}
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the work summary"), self._file_name(fmt),
                                              kinds[fmt])  # fmt: skip
        if name:
            self.export(fmt, Path(name))

    def export(self, fmt: str, path: Path) -> None:
        if self.stored is None:
            return
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")

        def write(data: bytes) -> None:
            try:
                path.write_bytes(data)
            except OSError as error:
                self.error.show_message(fill(self.tr("%1 cannot be written: %2"), str(path), error.strerror or ""))
                return
            self.message.setText(fill(self.tr("Written to %1."), str(path)))

        run_task(render_file, self.stored.row.id, self.stored.number, fmt, on_done=write, owner=self)

    def preview(self) -> None:
        if self.stored is None:
            return
        title = self.stored.document.title

        def show(data: bytes) -> None:
            from ui.printing import PrintPreviewDialog

            dialog = PrintPreviewDialog(data, title, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.preview_dialog = dialog

        run_task(render_file, self.stored.row.id, self.stored.number, "pdf", on_done=show, owner=self)
