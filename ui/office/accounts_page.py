"""The administrator's accounts: who may log in, in which role, and what each
duty manager may grant on their own (limits and remedies)."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.account_rows import AccountRow, account_row, account_rows, open_cases_held
from models.accounts import (
    MAX_LIMIT,
    AccountChangedMeanwhileError,
    AccountShown,
    account_as_shown,
    add_account,
    limits_bind,
    reset_password,
    set_account_active,
    unlock_account,
    update_account,
)
from models.catalog import remedies
from models.errors import DomainError, FieldChecks
from models.staff import MIN_PASSWORD_LENGTH, Role, Staff, account_fields
from ui import messages
from ui.format import clock_time, decimal_amount, money
from ui.i18n import catalogue_name, domain_message, fill
from ui.labels import relabel_items, role_label
from ui.section import SectionPage
from ui.style import ERROR, set_role
from ui.widgets import (
    AmountBox,
    ErrorLabel,
    SectionHeading,
    add_labelled_rows,
    field_refusals,
    list_beside_editor,
    ok_cancel_buttons,
    refusals_of,
)


def _money_box() -> QDoubleSpinBox:
    box = AmountBox()  # takes an input method's full-width digits
    box.setDecimals(2)
    box.setRange(0, float(MAX_LIMIT))
    box.setSingleStep(50)
    box.setGroupSeparatorShown(True)
    return box


def _choosable(item: QListWidgetItem) -> bool:
    """Whether a remedy of the list may be granted (a remedy for the office only may not)."""
    return bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)


class PasswordDialog(QDialog):
    """A new password for someone else's account, typed twice."""

    def __init__(self, admin: Staff, account: AccountRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin, self.account = admin, account
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self)
        if account.id == admin.id:
            intro = fill(self.tr("From now on you log in with the new password; the old one no longer works. "
                                 "It needs at least %1 characters."), str(MIN_PASSWORD_LENGTH))
        else:  # theirs for one login (models.accounts.reset_password)
            intro = fill(self.tr("%1 (%2) logs in once with the new password and then chooses their own; the old "
                                 "one no longer works. It needs at least %3 characters. Tell it to them in person."),
                         account.full_name, account.username, str(MIN_PASSWORD_LENGTH))
        self.intro = QLabel(intro)  # fmt: skip
        self.intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New &password:"), self.password)
        form.addRow(self.tr("&Repeat:"), self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(fill(self.tr("New password for %1"), account.full_name))
        self.setMinimumWidth(420)

    def accept(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.show_message(self.tr("The two passwords differ; type the same password twice."))
            return
        try:
            reset_password(self.admin, self.account.id, self.password.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class AccountsPage(SectionPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.editing: AccountRow | None = None
        # The account as its form was set out: another desk's change since is named before this one saves over it.
        self.shown_account: AccountShown | None = None
        self.shown_form: tuple[object, ...] | None = None  # the form as set out: what differs is typed, unsaved
        self.heading = SectionHeading()
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._show_current)

        # No maximum length: a name pasted too long is refused in words (models.staff), not cut to one nobody chose.
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem("", role.value)
        self.role.currentIndexChanged.connect(self._show_limits)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()  # a typo in a first password would lock the person out: typed twice
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.per_case = _money_box()
        self.daily = _money_box()
        self.remedies = QListWidget()
        self._list_remedies()
        # For the office and an administrator: why their limits and remedies are not set here.
        self.limits_note = QLabel()
        self.limits_note.setWordWrap(True)
        # Whether the account may log in, said in words (the Disable/Enable button changes it).
        self.active = QLabel()
        self.active.setWordWrap(True)  # a lock's sentence wraps: the form never pushes the list aside
        self.error = ErrorLabel()
        self.saved = QLabel()  # what the last save did (it said nothing: a person pressed Save again to be sure)
        self.saved.setWordWrap(True)
        self.saved.setTextFormat(Qt.TextFormat.PlainText)  # a name as typed: "<font size=6>赵六</font>" not drawn big
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.password_button = QPushButton()
        self.password_button.clicked.connect(self.ask_password)
        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(self.toggle_active)
        self.unlock_button = QPushButton()
        self.unlock_button.clicked.connect(self.unlock)

        self.form = QFormLayout()
        self.form_labels = add_labelled_rows(
            self.form,
            self.username,
            self.full_name,
            self.role,
            self.password,
            self.repeat,
            self.per_case,
            self.daily,
            self.remedies,
            self.active,
        )
        row, _ = cast(tuple[int, object], self.form.getWidgetPosition(self.remedies))
        self.form.insertRow(row + 1, self.limits_note)
        said = QWidget()
        said_layout = QVBoxLayout(said)
        said_layout.setContentsMargins(0, 0, 0, 0)
        said_layout.addWidget(self.error)
        said_layout.addWidget(self.saved)
        splitter = list_beside_editor(
            self.list,
            self.form,
            said,
            [self.new_button, self.save_button, self.password_button, self.toggle_button, self.unlock_button],
            [520, 480],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Accounts"))
        self.list.setHeaderLabels(
            [
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Per case"),
                self.tr("Per day"),
                self.tr("Active"),
            ]
        )
        texts = (
            self.tr("&User name:"),
            self.tr("Fu&ll name:"),
            self.tr("R&ole:"),
            self.tr("Initial pass&word:"),
            self.tr("Repea&t it:"),
            self.tr("Limit per &case (yuan):"),
            self.tr("Limit per &day (yuan):"),
            self.tr("May &grant:"),
            self.tr("Account:"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        relabel_items(self.role, role_label)
        self.new_button.setText(self.tr("&New account"))
        self.save_button.setText(self.tr("&Save"))
        self.password_button.setText(self.tr("Reset &password…"))
        self.unlock_button.setText(self.tr("&Release the lock"))
        self.unlock_button.setToolTip(self.tr("Let the person log in again now, with the password they have"))
        self._show_limits()
        self._show_toggle()

    def _list_remedies(self) -> None:
        """The active remedies, as the catalogue holds them now (the office adds and retires them meanwhile)."""
        self.remedies.clear()
        for remedy in remedies():
            item = QListWidgetItem(catalogue_name(remedy))
            item.setData(Qt.ItemDataRole.UserRole, remedy.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if remedy.office_only:  # the desk would refuse it whatever is ticked here: greyed, and said why
                item.setText(fill(self.tr("%1 (office only)"), catalogue_name(remedy)))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip(self.tr("Given only by the office's decision on an escalated case"))
            self.remedies.addItem(item)
        if self.remedies.count():  # every remedy in view, without scrolling, up to sixteen
            rows = min(self.remedies.count(), 16) * self.remedies.sizeHintForRow(0)
            self.remedies.setMinimumHeight(rows + 2 * self.remedies.frameWidth())

    def refresh(self) -> None:
        """The accounts read again (the page looked at again, a save): a form with changes typed and not saved
        stays as typed (the section left and come back to threw them away), else it shows the account anew."""
        typed = self.shown_form is not None and self._form() != self.shown_form
        checked = set(self.checked_remedies())
        current = self.editing.id if self.editing else None
        self._list_remedies()
        blocked = QSignalBlocker(self.list)  # the form is set out once, below, for the account chosen then
        self.list.clear()
        for account in account_rows():
            bound = limits_bind(account.role)
            item = QTreeWidgetItem(
                [
                    account.username,
                    account.full_name,
                    role_label(account.role),
                    money(account.per_case_limit) if bound else self.tr("no limit"),
                    money(account.daily_limit) if bound else self.tr("no limit"),
                    self._active_text(account),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, account.id)
            self.list.addTopLevelItem(item)
            if account.id == current:
                self.list.setCurrentItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        if typed:
            del blocked
            for index in range(self.remedies.count()):  # the remedies ticked, as ticked
                remedy = self.remedies.item(index)
                ticked = remedy.data(Qt.ItemDataRole.UserRole) in checked
                remedy.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            return
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(cast(QTreeWidgetItem, self.list.topLevelItem(0)))
        del blocked
        self._set_out()

    def _active_text(self, account: AccountRow) -> str:
        if account.locked_until is not None:
            return fill(self.tr("locked until %1"), clock_time(account.locked_until))
        if account.active and account.must_change_password:
            return self.tr("✓, own password to choose")
        return "✓" if account.active else "—"

    def _show_limits(self) -> None:
        """The limits and remedies for the roles they bind; the office's and an administrator's greyed, and why."""
        role = self.role.currentData() or Role.DUTY_MANAGER
        bound = limits_bind(role)
        for field in (self.per_case, self.daily, self.remedies):
            field.setEnabled(bound)
        # Said of the role chosen: an administrator's read "the office decides escalated cases" of an account that
        # is not the office's.
        self.limits_note.setText(
            self.tr("An administrator manages the accounts and the set-up: no limit binds it, and it needs no remedy "
                    "granted.")
            if role == Role.ADMIN
            else self.tr("The office decides escalated cases: no limit binds it, and it needs no remedy granted.")
        )  # fmt: skip
        self.limits_note.setVisible(not bound)

    def _form(self) -> tuple[object, ...]:
        return (
            self.username.text(), self.full_name.text(), self.role.currentIndex(), self.password.text(),
            self.repeat.text(), self.per_case.value(), self.daily.value(), tuple(self.checked_remedies()),
        )  # fmt: skip

    def keep_typed(self) -> bool:
        """Whether what was typed in the form and not saved stays (asked: another account chosen, a new one, the
        window closed or the desk handed over threw it away without a word)."""
        if self.shown_form is None or self._form() == self.shown_form:
            return False
        title = self.tr("Discard what you typed?")
        text = self.tr("The account's changes typed here are not saved yet and will be lost. To keep them, Save first.")
        return not messages.ask_discard(self, title, text)

    def _show_current(self, item: QTreeWidgetItem | None = None, previous: QTreeWidgetItem | None = None) -> None:
        if self.list.currentItem() is None:
            return
        if previous is not None and self.keep_typed():
            # Back to the account being edited, as typed; after the click that chose the other one has ended (at
            # once, it went on to select the row clicked, while the form still edited the first).
            QTimer.singleShot(0, lambda: self._choose_again(previous))
            return
        self._set_out()

    def _choose_again(self, item: QTreeWidgetItem) -> None:
        blocked = QSignalBlocker(self.list)
        self.list.setCurrentItem(item)
        del blocked

    def _set_out(self) -> None:
        """The form for the account chosen in the list, as saved."""
        self.saved.setText("")
        item = self.list.currentItem()
        if item is None:
            return
        self.editing = account_row(item.data(0, Qt.ItemDataRole.UserRole))
        shown = self.shown_account = account_as_shown(self.editing.id)
        self.error.show_message("")
        self.username.setText(self.editing.username)
        self.username.setReadOnly(True)
        self.full_name.setText(shown.full_name)
        self.role.setCurrentIndex(self.role.findData(shown.role))
        for field in (self.password, self.repeat):
            field.clear()
            field.setEnabled(False)
        self.per_case.setValue(float(shown.per_case_limit))
        self.daily.setValue(float(shown.daily_limit))
        granted = shown.remedy_ids
        for index in range(self.remedies.count()):
            remedy = self.remedies.item(index)
            # A grant held of a remedy the office alone gives now (granted before, or made so since) is shown
            # unticked: it binds nothing, and the next save drops it (ticked and greyed, every save was refused).
            granted_here = remedy.data(Qt.ItemDataRole.UserRole) in granted and _choosable(remedy)
            remedy.setCheckState(Qt.CheckState.Checked if granted_here else Qt.CheckState.Unchecked)
        self._show_toggle()
        self.shown_form = self._form()

    def start_new(self) -> None:
        if self.keep_typed():
            return
        self.saved.setText("")
        self.editing = None
        self.shown_account = None
        blocked = QSignalBlocker(self.list)  # no account chosen: clicking the one chosen before opens it again
        self.list.setCurrentIndex(QModelIndex())
        self.list.clearSelection()
        del blocked
        self.error.show_message("")
        for field in (self.username, self.full_name, self.password, self.repeat):
            field.clear()
        self.username.setReadOnly(False)
        self.password.setEnabled(True)
        self.repeat.setEnabled(True)
        self.role.setCurrentIndex(self.role.findData(Role.DUTY_MANAGER))
        self.per_case.setValue(200)
        self.daily.setValue(1000)
        for index in range(self.remedies.count()):
            self.remedies.item(index).setCheckState(Qt.CheckState.Unchecked)
        self._show_toggle()
        self.shown_form = self._form()
        self.username.setFocus()

    def checked_remedies(self) -> list[int]:
        return [
            self.remedies.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.remedies.count())
            if self.remedies.item(i).checkState() == Qt.CheckState.Checked and _choosable(self.remedies.item(i))
        ]

    def save(self) -> AccountRow | None:
        self.saved.setText("")
        per_case = decimal_amount(self.per_case.value())
        daily = decimal_amount(self.daily.value())
        fields = {"username": self.username, "full_name": self.full_name, "password": self.password}
        if self.editing is None and self.password.text() != self.repeat.text():
            # Said with every other refusal of the form (they came at the next press, one by one).
            checks = FieldChecks()
            account_fields(checks, self.username.text(), self.full_name.text(), self.password.text())
            differ = self.tr("The two passwords differ; type the same password twice.")
            said = field_refusals(checks.errors, fields) if checks.errors else ""
            if not checks.errors:
                self.repeat.setFocus()
            self.error.show_message("\n".join(filter(None, [said, differ])))
            return None
        try:
            if self.editing is None:
                saved = add_account(
                    self.actor, self.username.text(), self.full_name.text(), self.role.currentData(),
                    self.password.text(), per_case, daily, self.checked_remedies(),
                )
            else:
                saved = update_account(
                    self.actor, self.editing.id, self.full_name.text(), self.role.currentData(), per_case, daily,
                    self.checked_remedies(), shown=self.shown_account,
                )
        except AccountChangedMeanwhileError as error:
            self.error.show_message(domain_message(error))
            self.shown_account = error.current  # the next Save is a choice made knowing of that change
            return None
        except DomainError as error:
            self.error.show_message(field_refusals(refusals_of(error), fields))
            return None
        self.editing = account_row(saved.id)
        self.shown_form = None  # saved: the form shows the account as saved
        self.refresh()
        self.saved.setText(fill(self.tr("Saved: %1 (%2)."), self.editing.full_name, self.editing.username))
        return self.editing

    def ask_password(self) -> PasswordDialog | None:
        if self.editing is None:
            return None
        dialog = PasswordDialog(self.actor, self.editing, self)
        dialog.accepted.connect(self._password_set)  # said, and the account's state shown anew (it showed the old)
        dialog.open()
        return dialog

    def _password_set(self) -> None:
        if self.editing is None:
            return
        self.editing = account_row(self.editing.id)
        self.refresh()
        said = self.tr("New password set for %1 (%2): they log in with it, then choose their own.")
        self.saved.setText(fill(said, self.editing.full_name, self.editing.username))

    def toggle_active(self) -> QMessageBox | None:
        """Enable the account chosen at once; disable it once asked (the box, open): the person cannot log in
        anywhere from their next step, and the complaints they hold wait for colleagues."""
        if self.editing is None:
            return None
        if not self.editing.active:
            self._set_active()
            return None
        held = open_cases_held(self.editing.id)
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name as typed, never as markup
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Disable an account"))
        who = fill(self.tr("%1 (%2)"), self.editing.full_name, self.editing.username)
        box.setText(fill(self.tr("Disable %1? They can no longer log in, and a desk where they are logged in is "
                                 "locked at their next step."), who))  # fmt: skip
        if held:
            box.setInformativeText(
                self.tr("%n open complaint(s) they received or took over stay open: colleagues carry them on.", "",
                        held),
            )
        self.disable_button = box.addButton(self.tr("&Disable"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        # A method, not a lambda holding the page: the box deleted as it closes let go of the page's last
        # reference from inside its own destructor (a crash, for a page of no window).
        box.buttonClicked.connect(self._disable_answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time: the answered ones go
        box.open()
        return box

    def _disable_answered(self, button: QAbstractButton) -> None:
        if button is self.disable_button:
            self._set_active()

    def _set_active(self) -> None:
        if self.editing is None:
            return
        try:
            self.editing = account_row(set_account_active(self.actor, self.editing.id, not self.editing.active).id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.refresh()
        self._show_toggle()  # the form kept as typed says the account's state as it is now

    def unlock(self) -> None:
        if self.editing is None:
            return
        try:
            self.editing = account_row(unlock_account(self.actor, self.editing.id).id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.refresh()
        self._show_toggle()

    def _show_toggle(self) -> None:
        existing = self.editing is not None
        own = self.editing is not None and self.staff is not None and self.editing.id == self.staff.id
        self.password_button.setEnabled(existing)
        # One's own account is not disabled, nor its administrator role taken away (the rules refuse both): not
        # offered, and why on hovering.
        self.toggle_button.setEnabled(existing and not own)
        self.toggle_button.setToolTip(self.tr("You cannot disable your own account.") if own else "")
        self.role.setEnabled(not own)
        self.role.setToolTip(self.tr("You cannot take away your own administrator role.") if own else "")
        active = self.editing is not None and self.editing.active
        locked = self.editing.locked_until if self.editing is not None else None
        self.unlock_button.setVisible(locked is not None)
        self.toggle_button.setText(self.tr("Disa&ble") if active or not existing else self.tr("Ena&ble"))
        if not existing:
            self.active.setText(self.tr("May log in once saved"))
        elif locked is not None:
            self.active.setText(
                fill(self.tr("Locked until %1 after wrong passwords: release the lock, or it opens by itself then"),
                     clock_time(locked))
            )  # fmt: skip
        elif active and self.editing is not None and self.editing.must_change_password:
            self.active.setText(
                self.tr("Enabled: logs in with the password an administrator set, then chooses their own")
            )
        elif active:
            self.active.setText(self.tr("Enabled (may log in)"))
        else:
            self.active.setText(self.tr("Disabled (may not log in)"))
        set_role(self.active, "" if (active and locked is None) or not existing else ERROR)
