"""First-run set-up and login (also used to switch user at a shift change)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.format import number
from ui.i18n import Retranslating, current_language, domain_message, fill, labelled, with_count
from ui.labels import code_name, state_label
from ui.style import ALERT_HEX
from ui.widgets import (
    AskingDialog,
    ErrorLabel,
    add_labelled_rows,
    field_refusals,
    ok_cancel_buttons,
    refusals_of,
    resize_within_screen,
)

# The models are imported where they are used: a desk's start shows the login before it loads them and opens the
# database (ui/app.py), and by the time anyone types a password they are loaded.
if TYPE_CHECKING:
    from models.handover import HandoverSheet
    from models.staff import Staff
    from ui.tasks import Task

NAME_MAX = 64


def _error_label() -> ErrorLabel:
    label = ErrorLabel()
    label.setObjectName("errorLabel")
    return label


class SetupDialog(Retranslating, AskingDialog):
    """Creates the organisation's administrator on a new database."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.administrator: Staff | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.organisation = QLineEdit()
        # The names have no maximum length here: one pasted too long is refused in words (models.staff), not cut.
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.load_demo = QCheckBox()
        # What ticking it does for good, said before OK (the database stayed a demo one, unsaid).
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.load_demo.toggled.connect(self.demo_note.setVisible)
        self.demo_note.hide()
        self.error = _error_label()
        self.buttons = ok_cancel_buttons(self)

        self.form = QFormLayout()
        self.labels = add_labelled_rows(
            self.form, self.organisation, self.username, self.full_name, self.password, self.confirm
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.load_demo)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        from models.staff import MIN_PASSWORD_LENGTH  # the set-up opens the database first: loaded by then

        self.setWindowTitle(self.tr("Set up Complaint Desk"))
        self.intro.setText(
            self.tr(
                "Welcome. This database is new: name your organisation and create the administrator's "
                "account. The administrator then adds the duty managers and office staff."
            )
        )
        texts = (
            self.tr("&Organisation:"),
            self.tr("Administrator's &user name:"),
            self.tr("&Full name:"),
            self.tr("&Password:"),
            self.tr("&Repeat password:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.organisation.setPlaceholderText(self.tr("e.g. Jinjiang Garden Hotel"))
        self.username.setPlaceholderText(self.tr("Latin letters and digits, e.g. admin"))
        self.password.setPlaceholderText(self.tr("At least %n characters", "", MIN_PASSWORD_LENGTH))
        self.load_demo.setText(self.tr("Load &demo data (sample staff and 3,000 complaints) to try the application"))
        self.demo_note.setText(
            self.tr("This database then stays a demo one: its window and every form it prints say so, and the demo "
                    "adds accounts of its own, an administrator among them. For real work, set up a new database.")
        )  # fmt: skip

    def accept(self) -> None:
        """Set up, or say every field's mistake at once (one at each OK made a person press it four times), the
        first field wrong focused."""
        from models.errors import DomainError
        from models.setup import first_run_setup, setup_refusals

        typed = (self.organisation.text(), self.username.text(), self.full_name.text(), self.password.text())
        fields = {
            "organisation": self.organisation, "username": self.username, "full_name": self.full_name,
            "password": self.password,
        }  # fmt: skip
        refused = setup_refusals(*typed)
        said = [field_refusals(refused, fields)] if refused else []
        if self.password.text() != self.confirm.text():
            said.append(self.tr("The two passwords differ; type the same password twice."))
            if not refused:
                self.confirm.setFocus()
        if not said:
            try:
                self.administrator = first_run_setup(*typed)
            except DomainError as error:
                said = [field_refusals(refusals_of(error), fields)]
        if said:
            self._show_error("\n".join(said))
            return
        super().accept()

    def discard_question(self) -> tuple[str, str] | None:
        """Asked at the start: Complaint Desk ends with the set-up."""
        typed = (self.organisation, self.username, self.full_name, self.password, self.confirm)
        if not any(field.text().strip() for field in typed):
            return None
        return (
            self.tr("Discard the set-up?"),
            self.tr("Nothing is set up yet: what you typed will be lost, and Complaint Desk closes."),
        )

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class OwnPasswordDialog(Retranslating, QDialog):
    """The person logged in chooses their own password: the one the administrator set is theirs no more. At a
    login with a password an administrator set (``at_login``: the one just typed), it is asked for no more and the
    dialog says why it is there."""

    def __init__(self, staff: Staff, parent: QWidget | None = None, at_login: str | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.at_login = at_login is not None
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setVisible(self.at_login)
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.current, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        self.buttons = ok_cancel_buttons(self)
        self.form = QFormLayout()
        self.labels = add_labelled_rows(self.form, self.current, self.new, self.repeat)
        if at_login is not None:
            self.current.setText(at_login)
            self.form.setRowVisible(self.current, False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslateUi()
        (self.new if self.at_login else self.current).setFocus()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        from models.staff import MIN_PASSWORD_LENGTH

        if self.at_login:
            self.setWindowTitle(self.tr("Choose your own password"))
            self.why.setText(
                fill(
                    self.tr("%1, an administrator set the password you logged in with, so they know it too. Choose "
                            "your own to go on: nobody else should know it."),
                    self.staff.full_name,
                )
            )  # fmt: skip
        else:
            self.setWindowTitle(fill(self.tr("Change the password of %1"), self.staff.full_name))
        texts = (self.tr("&Current password:"), self.tr("&New password:"), self.tr("&Repeat it:"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.new.setPlaceholderText(self.tr("At least %n characters", "", MIN_PASSWORD_LENGTH))

    def accept(self) -> None:
        from models.accounts import change_own_password
        from models.errors import DomainError, FieldError

        if self.new.text() != self.repeat.text():
            self.error.show_message(self.tr("The two passwords differ; type the same password twice."))
            self.repeat.setFocus()
            return
        try:
            change_own_password(self.staff, self.current.text(), self.new.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            field = error.field if isinstance(error, FieldError) else ""
            (self.new if field == "new_password" else self.current).setFocus()
            return
        super().accept()


class LoginDialog(Retranslating, QDialog):
    """Asks for a user name and password; when switching user, takes a handover note."""

    sheet_read = Signal()  # the handover sheet is in (a switch of user: it is read in a worker)

    def __init__(
        self,
        parent: QWidget | None = None,
        current: Staff | None = None,
        organisation: str = "",
        open_work: Sequence[str] = (),
        absent: bool = False,
    ) -> None:
        """``open_work``: the titles of the intake and quick case windows left open, handed over as they are.
        ``absent``: the desk locked with ``current`` gone (the login from the lock): no handover note is asked for
        (the next person's words went on the record under the absent one's name, as if they had handed over)."""
        super().__init__(parent)
        self._absent = absent
        self.staff: Staff | None = None
        self._open_work = list(open_work)
        self.open_work = QLabel()  # what of the desk's typing goes on with the next person, named
        self.open_work.setWordWrap(True)
        self.open_work.setVisible(current is not None and bool(open_work))
        self._current = current
        self._organisation = organisation
        self._waiting_for_database = False
        self._accept_asked = False
        self.own_password_dialog: OwnPasswordDialog | None = None  # asked at a login with an administrator's password
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.username = QLineEdit()  # not cut: the name is looked up as typed, as the accounts page stores it
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.handover_note = QPlainTextEdit()
        self.handover_note.setTabChangesFocus(True)
        self.handover_note.setFixedHeight(80)
        # Only a switch of user hands over: the first login shows without a sheet. The sheet is read in a worker
        # (``sheet_read`` once it is in): at a million complaints its lists took 0.6 s, the window frozen meanwhile.
        self.sheet: HandoverSheet | None = None
        self.sheet_failed = False
        hands_over = current is not None
        self.sheet_view = QTextBrowser()
        self.sheet_view.setMinimumHeight(300)  # its three sections in view on a 768-pixel screen
        self.sheet_button = QPushButton()
        self.sheet_button.clicked.connect(self.preview_sheet)
        self.acknowledged = QCheckBox()
        self.error = _error_label()
        self.buttons = ok_cancel_buttons(self)

        # The outgoing duty manager's note comes first, then the incoming one logs in.
        self.note_form = QFormLayout()
        self.note_labels = add_labelled_rows(self.note_form, self.handover_note) if current is not None else []
        self.handover_note.setVisible(current is not None and not absent)
        for label in self.note_labels:
            label.setVisible(not absent)
        self.login_heading = QLabel()
        self.login_heading.setObjectName("incomingLogin")
        bold = self.login_heading.font()
        bold.setBold(True)
        self.login_heading.setFont(bold)
        self.login_heading.setVisible(current is not None)
        self.form = QFormLayout()
        self.labels = add_labelled_rows(self.form, self.username, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        if hands_over:
            # The sheet, the outgoing manager's note on it, then the incoming one confirms having read both and
            # logs in.
            layout.addWidget(self.sheet_view, 1)
            sheet_row = QHBoxLayout()
            sheet_row.addStretch(1)
            sheet_row.addWidget(self.sheet_button)
            layout.addLayout(sheet_row)
            layout.addLayout(self.note_form)
            layout.addWidget(self.open_work)
            layout.addWidget(self.login_heading)
            layout.addWidget(self.acknowledged)
        else:
            for widget in (self.sheet_view, self.sheet_button, self.acknowledged):
                widget.hide()
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760 if hands_over else 400)
        if hands_over:  # a case's row on one line: customer, category, state, promise and risk
            resize_within_screen(self, 960, 720)
        self.preview_dialog: QDialog | None = None
        self.retranslateUi()
        # The outgoing duty manager writes the note first (it opened in the sheet's text); a login, the user name.
        (self.handover_note if hands_over and not absent else self.username).setFocus()
        if current is not None:
            self._read_sheet(current)

    def _read_sheet(self, current: Staff) -> Task:
        """The outgoing shift's sheet, read in a worker; until it is in, nothing can be acknowledged, previewed or
        taken over (the note and the login can be typed meanwhile)."""
        from PySide6.QtWidgets import QDialogButtonBox

        from models.handover import handover_sheet
        from ui.tasks import report_failure, run_task

        waiting = (self.acknowledged, self.sheet_button, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        for widget in waiting:
            widget.setEnabled(False)

        def read(sheet: HandoverSheet) -> None:
            self.sheet = sheet
            for widget in waiting:
                widget.setEnabled(True)
            self.sheet_view.setHtml(self._sheet_html())
            self.sheet_read.emit()

        def failed(error: Exception) -> None:
            self.sheet_failed = True
            self.retranslateUi()
            report_failure(error, self, self.error.show_message)  # a lost database said in words; a bug, its dialog

        return run_task(handover_sheet, current, on_done=read, on_error=failed, owner=self)

    @property
    def logged_in(self) -> Staff:
        """The account that logged in, once the dialog is accepted."""
        if self.staff is None:
            raise RuntimeError("nobody has logged in yet")
        return self.staff

    @property
    def handover(self) -> HandoverSheet:
        """The outgoing shift's sheet: only a switch of user has one."""
        if self.sheet is None:
            raise RuntimeError("a first login hands nothing over")
        return self.sheet

    def _sheet_html(self) -> str:
        from html import escape  # with its table of entities: not needed for the first window

        from models.handover import SheetAction, SheetCase, SheetExternal
        from ui.risk_text import level_text  # the table of code names: not needed for the first window

        def risk(row: object) -> str:
            level = getattr(row, "risk_level", "")
            return escape(level_text(level)) if level in ("watch", "high") else ""

        sheet = self.handover
        english = current_language() == "en"
        cases = (self.tr("No."), self.tr("Customer"), self.tr("Category"), self.tr("State"),
                 self.tr("Reply promised by"), self.tr("Escalation risk"))  # fmt: skip
        promises = (self.tr("No."), self.tr("What"), self.tr("Due"))
        external = (self.tr("No."), self.tr("Channel"), self.tr("Customer"), self.tr("Reply due"))
        actions = (self.tr("No."), self.tr("Problem"), self.tr("Responsible"), self.tr("Due"))
        # What the printed sheet lists, all of it: the incoming duty manager confirms having read this one.
        # Each list with how many there are in all: a long one lists its first (the oldest) SHEET_LISTED.
        desk_total = sheet.desk_total or len(sheet.open_cases)
        office_total = sheet.office_total or len(sheet.waiting_for_office)
        sections = (
            (self.tr("Open cases at the desk"), sheet.open_cases, "promised_at", cases, desk_total),
            (self.tr("Waiting for the office"), sheet.waiting_for_office, "promised_at", cases, office_total),
            # As on the overview.
            (self.tr("Call-backs and promises due"), sheet.promises, "due_at", promises,
             sheet.promises_total or len(sheet.promises)),
            (self.tr("External cases due"), sheet.external_due, "due_on", external, len(sheet.external_due)),
            (self.tr("Improvement actions overdue"), sheet.actions_overdue, "due_on", actions,
             len(sheet.actions_overdue)),
        )  # fmt: skip
        # Open as everywhere else: the cases at the desk and those waiting for the office.
        summary = fill(
            self.tr("%n open case(s): %1 at the desk, %2 waiting for the office.", "", desk_total + office_total),
            number(desk_total),
            number(office_total),
        )
        html = f"<p><b>{escape(summary)}</b></p>"
        late = self.tr("%1 (overdue)")  # said, not only red: as the printed sheet says it

        def unbroken(text: str) -> str:
            """A date or a header on one line: it broke into "2026-12-03 01:26 (" and "overdue)" (Qt's rich text
            keeps no nowrap on a span; a non-breaking space holds)."""
            return escape(text).replace(" ", "&nbsp;")

        def when(row: object, due: str) -> str:
            text = str(getattr(row, due))
            if not getattr(row, "overdue", isinstance(row, SheetAction)):  # an action listed is past its day
                return unbroken(text)
            return f"<span style='color:{ALERT_HEX}'>{unbroken(fill(late, text))}</span>"

        def cells(row: object, due: str) -> list[str]:
            """A case by its customer and category too, so the next shift knows which it is; a promise by its
            kind and what is owed."""
            if isinstance(row, SheetCase):
                category = (row.category_name_en if english and row.category_name_en else row.category_name)
                state = (fill(self.tr("Taken over by %1 (the office)"), row.taken_over_by) if row.taken_over_by
                         else state_label(row.state))  # fmt: skip
                return [escape(row.number), escape(row.customer), escape(category), escape(state),
                        when(row, due), risk(row)]  # fmt: skip
            if isinstance(row, SheetExternal):
                channel = row.channel_en if english and row.channel_en else row.channel
                return [escape(row.number), escape(channel), escape(row.customer), when(row, due)]
            if isinstance(row, SheetAction):
                department = row.department_en if english and row.department_en else row.department
                responsible = " · ".join(filter(None, [department, row.responsible]))
                return [escape(row.number), escape(row.problem), escape(responsible), when(row, due)]
            what = labelled(code_name("follow_up", getattr(row, "kind", "")), getattr(row, "description", ""))
            return [escape(str(getattr(row, "number", ""))), escape(what), when(row, due)]

        for title, rows, due, headers, total in sections:
            head = "<tr>" + "".join(f"<th align='left'>{unbroken(header)}</th>" for header in headers) + "</tr>"
            items = head * bool(rows) + "".join(
                "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells(row, due)) + "</tr>" for row in rows
            )
            html += f"<h4>{escape(with_count(title, number(total)))}</h4>"
            if total > len(rows):  # said, not left to be guessed: the sheet is the record of what was handed over
                listed = fill(self.tr("The oldest %1 of %2 are listed."), number(len(rows)), number(total))
                html += f"<p>{escape(listed)}</p>"
            html += f"<table cellspacing='3'>{items}</table>"
        # For whoever checks the archive later: how many records were sealed at the handover, and the chain's head.
        anchor = self.tr(
            "Archive: %Ln record(s) sealed; archive fingerprint %1 (to check the archive against later)", "",
            sheet.archive_seals,
        )  # fmt: skip
        return html + f"<p style='color:#666'>{escape(anchor.replace('%1', sheet.archive_head or '—'))}</p>"

    def preview_sheet(self) -> Task:
        """The sheet as printed, drawn in a worker (a long one, forty pages at a million complaints, froze the
        window for two seconds), then previewed (``preview_dialog``)."""
        from models import settings
        from ui.paper.handover_sheet import render_handover_sheet
        from ui.printing import PrintPreviewDialog
        from ui.tasks import report_failure, run_task

        self.sheet_button.setEnabled(False)

        def show(data: bytes) -> None:
            self.sheet_button.setEnabled(True)
            if not self.isVisible():
                # The desk taken over (or the login cancelled) meanwhile: the dialog is hidden, not deleted, and the
                # outgoing shift's sheet opened over the incoming person's window.
                return
            self.preview_dialog = PrintPreviewDialog(data, self.tr("Handover sheet"), self)
            self.preview_dialog.open()

        def failed(error: Exception) -> None:
            self.sheet_button.setEnabled(True)
            report_failure(error, self, self.error.show_message)

        return run_task(
            render_handover_sheet,
            json.loads(self.handover.to_json()),
            self.handover_note.toPlainText(),
            settings.get(settings.ORGANISATION_NAME) or "",
            current_language(),
            demo=settings.is_demo(),
            on_done=show,
            on_error=failed,
            owner=self,
        )

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        if self._current is not None:
            from PySide6.QtGui import QTextOption  # not for the first window's login

            if self._open_work:
                self.open_work.setText(
                    fill(
                        self.tr("Open on this desk and handed over as they are: %1. What was typed there and not "
                                "saved yet is saved under the incoming duty manager's name."),
                        QCoreApplication.translate("Text", ", ").join(f"“{title}”" for title in self._open_work),
                    )
                )  # fmt: skip

            # Lines break between words only: wrapping anywhere, a column was narrowed until "Reply promised b / y"
            # and "01:26 ( / overdue)" (the non-breaking spaces of _sheet_html hold a header or a date whole).
            self.sheet_view.setWordWrapMode(QTextOption.WrapMode.WordWrap)
            if self.sheet is not None:
                self.sheet_view.setHtml(self._sheet_html())
            elif self.sheet_failed:
                self.sheet_view.setPlainText(
                    self.tr("The handover sheet could not be read: Cancel, then Switch user again.")
                )
            else:
                self.sheet_view.setPlainText(self.tr("Reading the open cases for the handover sheet…"))
            self.acknowledged.setText(self.tr("The incoming duty manager has &read the handover sheet"))
            self.sheet_button.setText(self.tr("Handover &sheet…"))
        if self._current is None:
            self.setWindowTitle(self.tr("Log in"))
            self.heading.setText(self._organisation or self.tr("Complaint Desk"))
        else:
            self.setWindowTitle(self.tr("Switch user"))
            heading = (
                self.tr("The desk was locked while %1 was away: the next duty manager takes it over and logs in.")
                if self._absent
                else self.tr("Shift change: %1 hands the desk over; the next duty manager logs in.")
            )
            self.heading.setText(heading.replace("%1", self._current.full_name))
            from PySide6.QtWidgets import QDialogButtonBox  # its enums: not for the first window's login

            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setText(self.tr("Take &over the desk"))  # what it does: the handover, then the login
        self.labels[0].setText(self.tr("&User name:"))
        self.labels[1].setText(self.tr("&Password:"))
        if self._current is not None:
            self.note_labels[0].setText(self.tr("&Handover note:"))
            self.handover_note.setPlaceholderText(
                self.tr("Open cases, promises made, anything the next shift must know")
            )
            self.login_heading.setText(self.tr("The incoming duty manager logs in:"))

    def database_opening(self) -> None:
        """The start shows this login before it opens the database (ui/app.py): until ``database_open``, a press of
        Enter or OK is kept, and logs in once the database is open."""
        self._waiting_for_database = True

    def database_open(self, organisation: str) -> None:
        """The database is open: the heading names its organisation, and a login asked for meanwhile goes on."""
        self._waiting_for_database = False
        if organisation != self._organisation:
            self._organisation = organisation
            self.retranslateUi()
        if self._accept_asked:
            self._accept_asked = False
            self.accept()

    def accept(self) -> None:
        if self._waiting_for_database:
            self._accept_asked = True
            return
        from models.errors import DomainError
        from models.staff import authenticate

        try:
            staff = authenticate(self.username.text(), self.password.text())
        except DomainError as error:
            self.error.setText(domain_message(error))
            self.error.show()
            self.password.selectAll()
            self.password.setFocus()
            return
        if self._current is not None and staff.must_change_password:
            from models.handover import check_hand_over

            # The handover's refusals first (the tick box): asked after the new password was chosen, the incoming
            # duty manager was sent back for the tick box once the password had changed already.
            try:
                check_hand_over(self._current, staff, self.acknowledged.isChecked())
            except DomainError as error:
                self.error.setText(domain_message(error))
                self.error.show()
                if not self.acknowledged.isChecked():
                    self.acknowledged.setFocus()
                return
        if staff.must_change_password:  # an administrator set it: its owner chooses their own before anything else
            self._choose_own_password(staff)
            return
        if self._current is not None:
            from models.handover import hand_over

            if self.sheet is None:  # still being read (its OK is disabled until then)
                return
            note = self.handover_note.toPlainText()
            try:
                hand_over(self._current, staff, note, self.handover, self.acknowledged.isChecked())
            except DomainError as error:
                self.error.setText(domain_message(error))
                self.error.show()
                if not self.acknowledged.isChecked():  # the sentence names the box: the cursor goes to it
                    self.acknowledged.setFocus()
                return
        self.staff = staff
        super().accept()

    def _choose_own_password(self, staff: Staff) -> OwnPasswordDialog:
        """The password an administrator set was typed: its owner chooses their own, then the login goes on with
        it (the handover too). Cancelled, nobody is logged in and the login stays, saying why."""
        dialog = OwnPasswordDialog(staff, self, at_login=self.password.text())

        def chosen() -> None:
            self.password.setText(dialog.new.text())
            self.error.hide()
            self.accept()

        def cancelled() -> None:
            self.error.setText(self.tr("Choose your own password to log in: an administrator set the one you typed."))
            self.error.show()
            self.password.clear()
            self.password.setFocus()

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(cancelled)
        self.own_password_dialog = dialog
        dialog.open()
        return dialog
