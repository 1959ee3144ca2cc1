"""The accounts page: an administrator creates, edits, disables and resets
accounts on screen (the rules are tested in tests/models/test_accounts.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from models.accounts import granted_remedy_ids
from models.catalog import Remedy
from models.staff import Role, Staff, create_staff


@pytest.fixture
def admin(defaults: object) -> Staff:
    return create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


def remedy_ids(*codes: str) -> list[int]:
    return [Remedy.get(Remedy.code == code).id for code in codes]


def page_on(qtbot: object, admin: Staff, username: str) -> tuple[object, dict[str, int]]:
    """The accounts page, read, with ``username``'s account chosen; the list's rows by user name."""
    from ui.office.accounts_page import AccountsPage

    page = AccountsPage()
    page.set_staff(admin)
    qtbot.addWidget(page)
    page.refresh()
    rows = {page.list.topLevelItem(i).text(0): i for i in range(page.list.topLevelItemCount())}
    page.list.setCurrentItem(page.list.topLevelItem(rows[username]))
    return page, rows


def test_the_accounts_page(qtbot: object, admin: Staff, english: None) -> None:
    from PySide6.QtCore import Qt

    from ui.office.accounts_page import AccountsPage

    page = AccountsPage()
    page.set_staff(admin)
    qtbot.addWidget(page)
    page.refresh()
    assert page.list.topLevelItemCount() == 1

    rows = page.remedies.count()  # every remedy an account may grant in view, without scrolling
    assert rows > 10 and page.remedies.minimumHeight() >= rows * page.remedies.sizeHintForRow(0)
    page.start_new()
    assert page.active.text() == "May log in once saved"
    page.username.setText("zhangwei")
    page.full_name.setText("张伟")
    page.password.setText("short")
    page.repeat.setText("short")
    assert page.save() is None
    assert page.error.text() == "The password must have at least 8 characters."
    assert page.username.text() == "zhangwei", "nothing typed is lost"
    page.password.setText("desk-pass-1")
    page.repeat.setText("desk-pass-l")  # a slip of the finger would lock the person out
    assert page.save() is None and page.error.text() == "The two passwords differ; type the same password twice."
    # With the other refusals of the form, all at once (they came at the next press, one by one).
    page.full_name.setText("")
    assert page.save() is None and page.error.text().splitlines() == [
        "Enter the person's full name.", "The two passwords differ; type the same password twice."
    ]
    page.full_name.setText("张伟")
    page.repeat.setText("desk-pass-1")
    page.per_case.setValue(300)
    page.daily.setValue(100)
    assert page.save() is None and "cannot be lower" in page.error.text()
    page.daily.setValue(1200)
    drink = next(i for i in range(page.remedies.count()) if page.remedies.item(i).text() == "Complimentary drink")
    page.remedies.item(drink).setCheckState(Qt.CheckState.Checked)
    assert page.saved.text() == ""
    saved = page.save()
    assert saved is not None and saved.per_case_limit == Decimal("300.00")
    assert page.saved.text() == "Saved: 张伟 (zhangwei).", "said, not left to guess"
    assert granted_remedy_ids(saved.id) == set(remedy_ids("free_drink"))
    assert page.list.topLevelItemCount() == 2

    # The administrator typed the password: the person chooses their own at the first login, and the page says so.
    assert page.active.text() == "Enabled: logs in with the password an administrator set, then chooses their own"
    listed = page.list.currentItem()
    assert [listed.text(column) for column in range(page.list.columnCount())].count("✓, own password to choose") == 1
    box = page.toggle_active()  # asked first: at once, nobody was told what disabling does
    assert Staff.get_by_id(saved.id).active and box is not None
    assert box.text() == (
        "Disable 张伟 (zhangwei)? They can no longer log in, and a desk where they are logged in is locked at their "
        "next step."
    )
    assert box.informativeText() == "", "they hold no open complaint"
    box.button(box.StandardButton.Cancel).click()
    assert Staff.get_by_id(saved.id).active
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(box), "an answered question goes: one more was kept at each asking"
    page.toggle_active()
    page.disable_button.click()
    assert not Staff.get_by_id(saved.id).active
    assert page.toggle_button.text() == "Ena&ble"
    assert page.active.text() == "Disabled (may not log in)" and page.active.property("role") == "error"
    dialog = page.ask_password()
    assert dialog.intro.text() == (
        "张伟 (zhangwei) logs in once with the new password and then chooses their own; the old one no longer "
        "works. It needs at least 8 characters. Tell it to them in person."
    )
    dialog.password.setText("new-pass-99")
    dialog.confirm.setText("new-pass-99")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Staff.get_by_id(saved.id).must_change_password

    page.list.setCurrentItem(page.list.topLevelItem(0))  # the administrator's own: they know what they type
    assert page.editing is not None and page.editing.id == admin.id
    # Neither disabled nor made another role by its own administrator (the rules refuse both): not offered.
    assert not page.toggle_button.isEnabled() and page.toggle_button.toolTip() == "You cannot disable your own account."
    assert not page.role.isEnabled() and page.role.toolTip() == "You cannot take away your own administrator role."
    assert page.ask_password().intro.text() == (
        "From now on you log in with the new password; the old one no longer works. It needs at least 8 characters."
    )


def test_a_remedy_added_while_the_page_was_open_can_be_granted(qtbot: object, admin: Staff, english: None) -> None:
    from PySide6.QtCore import Qt

    from ui.office.accounts_page import AccountsPage

    page = AccountsPage()
    page.set_staff(admin)
    qtbot.addWidget(page)
    page.refresh()
    Remedy.create(code="spa_voucher", name="水疗体验券", name_en="Spa voucher", kind="voucher", default_amount=100)
    page.refresh()  # as looking at the page again does
    names = [page.remedies.item(i).text() for i in range(page.remedies.count())]
    assert "Spa voucher" in names
    page.remedies.item(names.index("Spa voucher")).setCheckState(Qt.CheckState.Checked)
    assert page.save() is not None
    assert Remedy.get(Remedy.code == "spa_voucher").id in granted_remedy_ids(admin.id)


def test_what_binds_nobody_is_shown_so(qtbot: object, admin: Staff, english: None) -> None:
    """A remedy for the office only cannot be ticked; the office's and an administrator's limits bind nobody:
    greyed, and said why."""
    from PySide6.QtCore import Qt

    from ui.office.accounts_page import AccountsPage

    page = AccountsPage()
    page.set_staff(admin)
    qtbot.addWidget(page)
    page.refresh()
    items = [page.remedies.item(i) for i in range(page.remedies.count())]
    cash = next(item for item in items if item.text().startswith("Cash compensation"))
    assert cash.text() == "Cash compensation (office only)"
    assert not cash.flags() & Qt.ItemFlag.ItemIsEnabled and not cash.flags() & Qt.ItemFlag.ItemIsUserCheckable
    drink = next(item for item in items if item.text() == "Complimentary drink")
    assert drink.flags() & Qt.ItemFlag.ItemIsUserCheckable
    row = page.list.topLevelItem(0)
    assert (row.text(2), row.text(3), row.text(4)) == ("Administrator", "no limit", "no limit")
    assert not page.per_case.isEnabled() and not page.remedies.isEnabled() and not page.limits_note.isHidden()
    # Said of the administrator's role (it read "The office decides escalated cases" of an account not the office's).
    assert page.limits_note.text().startswith("An administrator manages the accounts and the set-up")
    page.start_new()
    assert page.per_case.isEnabled() and page.remedies.isEnabled() and page.limits_note.isHidden()
    page.role.setCurrentIndex(page.role.findData(Role.OFFICE))
    assert not page.daily.isEnabled() and page.limits_note.text().startswith("The office decides escalated cases")


def test_a_locked_account_says_until_when_and_is_unlocked(qtbot: object, admin: Staff, english: None) -> None:
    from models.errors import DomainError
    from models.staff import authenticate
    from ui.office.accounts_page import AccountsPage

    create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    for _ in range(5):
        with pytest.raises(DomainError):
            authenticate("zw", "guess")
    page = AccountsPage()
    page.set_staff(admin)
    qtbot.addWidget(page)
    page.refresh()
    rows = {page.list.topLevelItem(i).text(0): i for i in range(page.list.topLevelItemCount())}
    assert page.list.topLevelItem(rows["zw"]).text(5).startswith("locked until ")
    page.list.setCurrentItem(page.list.topLevelItem(rows["zw"]))
    assert page.active.text().startswith("Locked until ") and page.active.property("role") == "error"
    assert not page.unlock_button.isHidden()
    page.unlock_button.click()
    assert authenticate("zw", "desk-pass-1").username == "zw"
    assert page.active.text() == "Enabled (may log in)" and page.unlock_button.isHidden()
    assert page.list.currentItem().text(5) == "✓"


def test_typed_changes_are_asked_about_before_another_account_is_shown(
    qtbot: object, admin: Staff, english: None, discard_questions: object
) -> None:
    """Another account chosen, or New account, threw the limits typed away without a word."""
    from PySide6.QtCore import QItemSelectionModel


    create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    page, rows = page_on(qtbot, admin, "zw")
    assert discard_questions.asked == []
    page.per_case.setValue(800)
    # As a click does: the row clicked selected, and made current.
    clicked = page.list.indexFromItem(page.list.topLevelItem(rows["admin"]))
    page.list.selectionModel().setCurrentIndex(clicked, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert discard_questions.asked[-1].startswith("Discard what you typed?")
    assert page.editing.username == "zw" and page.per_case.value() == 800, "kept, as Esc answers"
    qtbot.waitUntil(lambda: page.list.currentItem().text(0) == "zw")
    assert [item.text(0) for item in page.list.selectedItems()] == ["zw"], "the row edited is the row chosen"
    page.start_new()
    assert len(discard_questions.asked) == 2 and page.editing.username == "zw", "New account asks too"
    discard_questions.answer = True
    page.list.setCurrentItem(page.list.topLevelItem(rows["admin"]))
    assert page.editing.username == "admin"
    page.list.setCurrentItem(page.list.topLevelItem(rows["zw"]))
    assert page.per_case.value() == 200 and len(discard_questions.asked) == 3, "nothing typed: not asked"
    # The page looked at again (another section visited): what is typed stays.
    page.per_case.setValue(600)
    page.refresh()
    assert page.per_case.value() == 600 and page.editing.username == "zw" and len(discard_questions.asked) == 3
    assert page.save() is not None and page.per_case.value() == 600 and page.shown_form == page._form()


def test_an_account_granted_a_remedy_since_made_the_office_s_alone_is_saved_without_it(
    qtbot: object, admin: Staff, english: None
) -> None:
    """Granted before it became the office's alone: shown ticked and greyed, and every save of the account was
    refused for it."""
    from PySide6.QtCore import Qt

    from models.staff import StaffRemedy

    staff = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    cash_refund = Remedy.get(Remedy.code == "cash_refund")
    StaffRemedy.create(staff=staff, remedy=cash_refund)
    page, _ = page_on(qtbot, admin, "zw")
    cash = next(page.remedies.item(i) for i in range(page.remedies.count())
                if page.remedies.item(i).data(Qt.ItemDataRole.UserRole) == cash_refund.id)  # fmt: skip
    assert cash.checkState() == Qt.CheckState.Unchecked, "it binds nothing: not shown as held"
    page.full_name.setText("张伟伟")
    assert page.save() is not None, page.error.text()
    assert cash_refund.id not in granted_remedy_ids(staff.id), "dropped with the save"


def paste(field: object, text: str) -> None:
    """As Ctrl+V does: the clipboard's text pasted into the field, emptied first."""
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(text)
    field.clear()
    field.setFocus()
    field.paste()


def new_account(page: object, username: str, full_name: str, password: str = "desk-pass-9") -> None:
    page.start_new()
    paste(page.username, username)
    paste(page.full_name, full_name)
    page.password.setText(password)
    page.repeat.setText(password)


def test_two_windows_on_one_account_the_second_save_is_refused_naming_the_first(
    qtbot: object, admin: Staff, english: None
) -> None:
    """Two administrators open 张伟: one raises his daily limit, the other corrects his name. The second save put
    the limit back to 1,000 without a word."""
    import re

    create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    colleague = create_staff("admin2", "李娜", Role.ADMIN, "admin-pass-2")
    mine, _ = page_on(qtbot, admin, "zw")
    theirs, _ = page_on(qtbot, colleague, "zw")
    mine.daily.setValue(5000)
    assert mine.save() is not None
    paste(theirs.full_name, "张伟（前厅）")
    assert theirs.save() is None
    assert re.fullmatch(
        r"王芳 changed the account zw at \d\d:\d\d, after it was shown here: nothing was saved\. Press Save again to "
        r"save what is in this form over that change, or look at the account again first\.",
        theirs.error.text(),
    ), theirs.error.text()
    saved = Staff.get(Staff.username == "zw")
    assert (saved.full_name, saved.daily_limit) == ("张伟", Decimal("5000.00")), "nothing overwritten"
    assert (theirs.full_name.text(), theirs.daily.value()) == ("张伟（前厅）", 1000), "the form keeps what was typed"
    assert theirs.save() is not None, "pressed again: saved over that change, knowingly"
    saved = Staff.get(Staff.username == "zw")
    assert (saved.full_name, saved.daily_limit) == ("张伟（前厅）", Decimal("1000.00"))
    assert theirs.saved.text() == "Saved: 张伟（前厅） (zw)."


def test_a_long_name_pasted_is_refused_in_words_not_cut(qtbot: object, admin: Staff, english: None) -> None:
    """The fields cut a pasted name to 32 or 64 characters unseen: an account was saved under a user name nobody
    chose."""
    page, _ = page_on(qtbot, admin, "admin")
    new_account(page, "front.desk.night.shift.manager.building2", "夜班经理")
    assert page.username.text() == "front.desk.night.shift.manager.building2", "not cut"
    assert page.save() is None
    # Named by its field, and the field focused: "This text is…" alone said not which of seven.
    assert page.error.text() == "User name: This text is 40 characters long; the limit is 32."
    assert page.focusWidget() is page.username
    paste(page.username, "ouyang")
    paste(page.full_name, "欧阳" + "娜" * 70)
    assert page.save() is None
    assert page.error.text() == "Full name: This text is 72 characters long; the limit is 64."
    assert len(page.full_name.text()) == 72 and Staff.select().count() == 1, "kept as pasted, nothing saved"
    page.list.setCurrentItem(page.list.topLevelItem(0))
    paste(page.full_name, "王" * 65)
    assert page.save() is None and page.error.text() == "Full name: This text is 65 characters long; the limit is 64."
    assert Staff.get_by_id(admin.id).full_name == "王芳"


def test_every_mistake_of_a_new_account_is_said_at_once(qtbot: object, admin: Staff, english: None) -> None:
    """A user name with a space, no full name and a short password were said one at each Save."""
    page, _ = page_on(qtbot, admin, "admin")
    new_account(page, "front desk", "", password="short")
    assert page.save() is None
    assert page.error.text().split("\n") == [
        "A user name uses Latin letters and digits, with . _ - after the first character, and no spaces.",
        "Enter the person's full name.",
        "The password must have at least 8 characters.",
    ]
    assert page.focusWidget() is page.username and Staff.select().count() == 1


def test_a_name_pasted_with_tabs_and_line_breaks_is_stored_on_one_line(
    qtbot: object, admin: Staff, english: None
) -> None:
    page, _ = page_on(qtbot, admin, "admin")
    new_account(page, "liqiang", "李强\t(夜班)\n")
    assert page.save() is not None, page.error.text()
    assert Staff.get(Staff.username == "liqiang").full_name == "李强 (夜班)"
    assert page.full_name.text() == "李强 (夜班)", "the form shows what was stored"
    paste(page.full_name, "李\t强")
    assert page.save() is not None, page.error.text()
    assert Staff.get(Staff.username == "liqiang").full_name == "李 强"


def test_a_password_of_spaces_is_refused_for_a_reset_and_a_new_account(
    qtbot: object, admin: Staff, english: None
) -> None:
    from models.staff import authenticate

    create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    page, _ = page_on(qtbot, admin, "zw")
    dialog = page.ask_password()
    dialog.password.setText(" " * 10)
    dialog.confirm.setText(" " * 10)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "A password cannot be made of spaces only."
    assert authenticate("zw", "desk-pass-1").username == "zw", "the password is as it was"
    # A reset said, and the account's state shown anew (the page said nothing and showed it as before).
    dialog.password.setText("abcdefgh12")
    dialog.confirm.setText("abcdefgh12")
    dialog.accept()
    assert not dialog.isVisible()
    assert page.saved.text() == "New password set for 张伟 (zw): they log in with it, then choose their own."
    assert page.editing.must_change_password
    new_account(page, "liming", "李明", password=" " * 8)
    assert page.save() is None and page.error.text() == "A password cannot be made of spaces only."
    assert not Staff.select().where(Staff.username == "liming").exists()


def test_closing_the_window_or_handing_over_with_an_account_s_edits_unsaved_asks_first(
    qtbot: object, admin: Staff, english: None, discard_questions: object
) -> None:
    """Quit with an account's limits typed, or Switch user over a new account half written: gone, unasked."""
    from ui.main_window import SECTION_ACCOUNTS, MainWindow

    create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACCOUNTS)
    page = window.accounts
    rows = {page.list.topLevelItem(i).text(0): i for i in range(page.list.topLevelItemCount())}
    page.list.setCurrentItem(page.list.topLevelItem(rows["zw"]))
    page.daily.setValue(3000)
    assert not window.close() and window.isVisible(), "kept: the window and the typed limit stay"
    assert discard_questions.asked == [
        "Discard what you typed?: The account's changes typed here are not saved yet and will be lost. To keep "
        "them, Save first."
    ]
    assert window.ask_switch_user() is None and page.daily.value() == 3000, "no login over it"
    discard_questions.answer = True
    login = window.ask_switch_user()
    assert login is not None and login.isVisible()
    login.reject()


def test_a_name_with_markup_is_shown_as_typed(qtbot: object, admin: Staff, english: None) -> None:
    """A full name typed as "<font color=red size=6>赵六</font>" was drawn big and red in the question to disable
    it and in the line saying it was saved."""
    name = "<font color=red size=6>赵六</font>"
    create_staff("zl", name, Role.DUTY_MANAGER, "desk-pass-1")
    page, _ = page_on(qtbot, admin, "zl")
    box = page.toggle_active()
    assert box is not None and box.textFormat() == Qt.TextFormat.PlainText and name in box.text()
    box.reject()
    assert page.saved.textFormat() == Qt.TextFormat.PlainText
