"""The accounts page: an administrator creates, edits, disables and resets
accounts on screen (the rules are tested in tests/models/test_accounts.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.accounts import granted_remedy_ids
from models.catalog import Remedy
from models.staff import Role, Staff, create_staff


@pytest.fixture
def admin(defaults: object) -> Staff:
    return create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


def remedy_ids(*codes: str) -> list[int]:
    return [Remedy.get(Remedy.code == code).id for code in codes]


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
    page.repeat.setText("desk-pass-1")
    page.per_case.setValue(300)
    page.daily.setValue(100)
    assert page.save() is None and "cannot be lower" in page.error.text()
    page.daily.setValue(1200)
    drink = next(i for i in range(page.remedies.count()) if page.remedies.item(i).text() == "Complimentary drink")
    page.remedies.item(drink).setCheckState(Qt.CheckState.Checked)
    saved = page.save()
    assert saved is not None and saved.per_case_limit == Decimal("300.00")
    assert granted_remedy_ids(saved.id) == set(remedy_ids("free_drink"))
    assert page.list.topLevelItemCount() == 2

    assert page.active.text() == "Enabled: may log in"
    page.toggle_active()
    assert not Staff.get_by_id(saved.id).active
    assert page.toggle_button.text() == "Ena&ble"
    assert page.active.text() == "Disabled: may not log in" and page.active.property("role") == "error"
    dialog = page.ask_password()
    assert dialog.intro.text() == (
        "From now on 张伟 (zhangwei) logs in with the new password; the old one no longer works. "
        "It needs at least 8 characters: tell it to them in person."
    )
    dialog.password.setText("new-pass-99")
    dialog.confirm.setText("new-pass-99")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


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
