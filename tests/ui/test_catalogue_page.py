"""The catalogue page and the office sections on screen (the rules are tested
in tests/models/test_catalog_admin.py)."""

from __future__ import annotations

import pytest

from models import settings
from models.catalog import Category
from models.staff import Role, Staff, create_staff

from conftest import DiscardQuestions


@pytest.fixture
def office(defaults: object) -> Staff:
    return create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")


def test_the_catalogue_page(
    qtbot: object, office: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    discard_questions.answer = True  # the test's window closes with an entry's name typed, refused

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    assert not window.navigation.item(SECTION_CATALOGUES).isHidden()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    page = window.catalogues
    tab = page.catalogues["category"]
    assert tab.list.topLevelItemCount() == Category.select().count()
    assert (tab.retire_button.text(), tab.retire_button.isEnabled()) == ("&Retire", False), "named, before a choice"
    prompts = page.catalogues["prompt"].list
    steps = [prompts.topLevelItem(i) for i in range(prompts.topLevelItemCount())]
    # The prompts under the intake's steps, each named by the prompt panel's group it shows under.
    assert steps[0].text(0) == "Receive and empathise (简体中文)" and steps[0].isExpanded()
    shown = [step.child(n) for step in steps for n in range(step.childCount())]
    assert shown and all(item.text(0).split(" · ")[0] in ("Do", "Say", "Keep in mind") for item in shown)
    longest = max(shown, key=lambda i: len(i.text(0)))
    assert longest.toolTip(0) == longest.text(0), "a prompt cut in the list is read whole on hovering"
    prompts.setCurrentItem(steps[1])  # a heading: nothing to edit
    assert page.catalogues["prompt"].entry_id is None
    prompts.setCurrentItem(steps[1].child(0))
    assert page.catalogues["prompt"].entry_id is not None
    assert page.catalogues["prompt"].widgets["step"].currentData() == "investigate"
    tab.start_new()
    tab.save()
    assert tab.error.text() == "Enter a name."
    tab.widgets["name"].setText("停车问题")
    tab.widgets["name_en"].setText("Parking")
    tab.widgets["always_to_office"].setChecked(True)
    assert tab.save()
    assert tab.saved.text() == "Saved: 停车问题.", "said, not left to guess"
    parking = Category.get(Category.code == "parking")
    assert parking.always_to_office and parking.active
    tab.toggle_active()
    assert not Category.get_by_id(parking.id).active
    assert "(retired)" in tab.list.currentItem().text(0)
    assert tab.saved.text() == "Retired: 停车问题. New complaints no longer offer it."
    tab.start_new()
    tab.widgets["name"].setText("停车问题")
    assert not tab.save()
    assert tab.error.text() == "A retired entry is named 停车问题: bring that one back instead."
    assert tab.widgets["name"].text() == "停车问题", "kept as typed"
    assert Category.select().where(Category.name == "停车问题").count() == 1

    settings_tab = page.settings
    settings_tab.idle_minutes.setValue(7)
    assert not settings_tab.save()
    assert settings_tab.error.text() == "Enter a name."
    settings_tab.organisation.setText("锦江花园酒店")
    assert settings_tab.save()
    assert settings.get(settings.IDLE_LOCK_MINUTES) == 7
    assert settings_tab.status.text() == "Saved. The idle lock applies from the next login."
    assert settings_tab.save() and settings_tab.status.text() == "Saved.", "the idle lock unchanged: not said"
    assert window.windowTitle().startswith("锦江花园酒店 — "), "the window names the organisation as saved"
    settings_tab.organisation.setText("")
    assert not settings_tab.save()
    assert settings_tab.error.text() == "Enter a name." and settings_tab.status.text() == "", "no 'Saved.' under it"
    # With a logo that is not there: both at once (the logo's came at the next press).
    settings_tab.logo.setText("/no/such/logo.png")
    assert not settings_tab.save()
    assert settings_tab.error.text().splitlines() == ["Enter a name.", "The file /no/such/logo.png does not exist."]
    settings_tab.logo.setText("")
    # Typed and not saved, the section left and looked at again: what is typed stays (set out over, it was gone).
    settings_tab.idle_minutes.setValue(9)
    page.refresh()
    assert settings_tab.idle_minutes.value() == 9 and settings_tab.organisation.text() == ""
    settings_tab.organisation.setText("锦江花园酒店集团" * 10)  # pasted long: refused whole, not cut to 64 unseen
    assert not settings_tab.save()
    assert settings_tab.error.text() == "Organisation: This text is 80 characters long; the limit is 64."
    assert settings_tab.organisation.text() == "锦江花园酒店集团" * 10
    # Typed there, the window closed or the desk handed over without a word: asked, kept on No.
    discard_questions.asked.clear()
    discard_questions.answer = True  # the entry typed on its tab above let go: the settings are asked about after it
    assert not page.keep_typed()
    assert discard_questions.asked[-1] == (
        "Discard what you typed?: The settings typed here are not saved yet and will be lost. To keep them, Save first."
    )
    discard_questions.answer = False
    # The idle lock's new minutes bind at the next login, Switch user's too (they bound only after a restart).
    window.set_staff(office)
    assert window.idle_lock.timer.interval() == 7 * 60_000 and window.idle_minutes == 7


def test_a_duty_manager_does_not_see_the_office_sections(qtbot: object, office: Staff, english: None) -> None:
    from ui.main_window import OFFICE_SECTIONS, SECTION_ACCOUNTS, MainWindow

    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    window = MainWindow(desk)
    qtbot.addWidget(window)
    for section in (*OFFICE_SECTIONS, SECTION_ACCOUNTS):
        assert window.navigation.item(section).isHidden()


def test_the_catalogue_page_follows_a_language_change(qtbot: object, office: Staff, english: None) -> None:
    from ui.i18n import install_translators
    from ui.office.catalogue_page import CataloguePage

    page = CataloguePage()
    page.set_staff(office)
    qtbot.addWidget(page)
    page.refresh()
    page.tabs.setCurrentIndex(3)
    assert page.tabs.tabText(3) == "Remedies"
    install_translators("zh_CN")
    try:
        qtbot.waitUntil(lambda: page.tabs.tabText(3) == "补偿方式")
        assert page.tabs.currentIndex() == 3
        assert page.catalogues["remedy"].list.topLevelItemCount() > 0
    finally:
        install_translators("en")


def test_a_category_whose_department_was_retired_keeps_it_when_saved(
    qtbot: object, office: Staff, english: None
) -> None:
    from PySide6.QtCore import Qt

    from models.catalog import Department
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    hygiene = Category.get(Category.default_department.is_null(False))
    department = hygiene.default_department
    Department.update(active=False).where(Department.id == department.id).execute()  # retired since
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.catalogues["category"]
    items = [tab.list.topLevelItem(i) for i in range(tab.list.topLevelItemCount())]
    tab.list.setCurrentItem(next(item for item in items if item.data(0, Qt.ItemDataRole.UserRole) == hygiene.id))
    assert tab.widgets["default_department"].currentText() == f"{department.name_en} (retired)"
    tab.widgets["name_en"].setText("Hygiene (kitchen and rooms)")
    assert tab.save()
    assert Category.get_by_id(hygiene.id).default_department_id == department.id, "not set to None unasked"
    items = [tab.list.topLevelItem(i) for i in range(tab.list.topLevelItemCount())]  # the list as saved
    tab.list.setCurrentItem(next(item for item in items if item.data(0, Qt.ItemDataRole.UserRole) != hygiene.id))
    combo = tab.widgets["default_department"]
    assert f"{department.name_en} (retired)" not in [combo.itemText(i) for i in range(combo.count())]


def test_a_department_added_or_retired_on_its_tab_is_offered_so_on_the_others(
    qtbot: object, office: Staff, english: None
) -> None:
    """A department saved on its tab is a category's choice at once, a retired one no longer (the category shown
    keeps its own, marked retired); a new category is a referral's (they were as at the page's first build)."""
    from PySide6.QtCore import Qt

    from models.catalog import Department
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tabs = window.catalogues.catalogues
    categories, departments = tabs["category"], tabs["department"]
    hygiene = Category.get(Category.default_department.is_null(False))
    items = [categories.list.topLevelItem(i) for i in range(categories.list.topLevelItemCount())]
    categories.list.setCurrentItem(next(i for i in items if i.data(0, Qt.ItemDataRole.UserRole) == hygiene.id))
    combo = categories.widgets["default_department"]
    offered = lambda: [combo.itemText(i) for i in range(combo.count())]  # noqa: E731
    departments.start_new()
    departments.widgets["name"].setText("礼宾部")
    departments.widgets["name_en"].setText("Concierge")
    assert departments.save()
    assert "Concierge" in offered()
    own = hygiene.default_department
    items = [departments.list.topLevelItem(i) for i in range(departments.list.topLevelItemCount())]
    departments.list.setCurrentItem(next(i for i in items if i.data(0, Qt.ItemDataRole.UserRole) == own.id))
    departments.toggle_active()
    assert not Department.get_by_id(own.id).active
    assert combo.currentText() == f"{own.name_en} (retired)", "the category shown keeps its own"
    categories.start_new()
    assert f"{own.name_en} (retired)" not in offered() and own.name_en not in offered()
    categories.widgets["name"].setText("安保问题")
    assert categories.save()
    referral = tabs["referral"].widgets["category"]
    assert "安保问题" in [referral.itemText(i) for i in range(referral.count())]


def test_a_name_pasted_is_stored_on_one_line_and_a_long_one_refused_whole(
    qtbot: object, office: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    """A location pasted as "三楼\\t宴会厅\\n(东)" was stored with its tab and line break; 300 characters pasted were
    cut to 64 without a word."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    from models.catalog import Location
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.catalogues["location"]
    discard_questions.answer = True  # each paste starts a new entry over the one refused

    def paste(text: str) -> QLineEdit:
        tab.start_new()
        field = tab.widgets["name"]
        assert isinstance(field, QLineEdit)
        QApplication.clipboard().setText(text)
        field.setFocus()
        field.paste()
        return field

    paste("三楼\t宴会厅\n(东)")
    assert tab.save(), tab.error.text()
    assert Location.select().where(Location.name == "三楼 宴会厅 (东)").exists()
    field = paste("厅" * 300)
    assert not tab.save()
    assert field.text() == "厅" * 300
    assert tab.error.text() == "Name (Chinese): This text is 300 characters long; the limit is 64."


def test_typing_in_an_entry_is_asked_about_before_it_is_lost(
    qtbot: object, office: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    """A name typed, then another entry clicked: the typing went without a word. "New entry" and a click on the
    entry chosen before showed a blank form under its highlighted row, and Save made a new entry."""
    from models.catalog import Department
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.catalogues["department"]
    first, second = tab.list.topLevelItem(0), tab.list.topLevelItem(1)
    tab.list.setCurrentItem(first)
    shown = tab.widgets["name"].text()
    tab.widgets["name"].setText("打了一半")
    tab.list.setCurrentItem(second)  # kept: the question answered "Keep typing"
    qtbot.waitUntil(lambda: tab.list.currentItem() is first)
    assert discard_questions.asked == [
        "Discard what you typed?: The entry's changes typed here are not saved yet and will be lost. To keep them, "
        "Save first."
    ]
    assert tab.widgets["name"].text() == "打了一半" and tab.entry_id == first.data(0, 256)
    assert not window.close() and window.isVisible(), "closing asks too"
    discard_questions.answer = True
    tab.start_new()  # thrown away, asked: a new entry's form, nothing chosen in the list
    assert tab.list.currentItem() is None and tab.widgets["name"].text() == ""
    discard_questions.asked.clear()
    tab.list.setCurrentItem(first)  # the entry chosen before opens again (it stayed current: the click did nothing)
    assert tab.widgets["name"].text() == shown and discard_questions.asked == [], "nothing typed: nothing asked"
    tab.widgets["name_en"].setText("Kitchen (main)")
    assert tab.save() and Department.select().where(Department.name == shown).count() == 1, "the entry, not a new one"
    assert Department.get(Department.name == shown).name_en == "Kitchen (main)"
    assert tab.widgets["name_en"].text() == "Kitchen (main)" and discard_questions.asked == [], "saved: not asked"


def test_an_entry_changed_at_another_desk_is_not_saved_over_without_a_word(
    qtbot: object, office: Staff, english: None
) -> None:
    from models.catalog import Department
    from models.catalog_admin import editable_entry, save_entry
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.catalogues["department"]
    tab.list.setCurrentItem(tab.list.topLevelItem(0))
    entry_id = tab.entry_id
    other = create_staff("office2", "李娜", Role.OFFICE, "office-pass-2")
    theirs = editable_entry("department", entry_id)
    save_entry(other, "department", entry_id, {**theirs.values, "name_en": "Main kitchen"}, shown=theirs.values)
    tab.widgets["name"].setText("中餐厨房")
    assert not tab.save()
    assert tab.error.text().startswith("李娜 changed this entry at ") and "Press Save again" in tab.error.text()
    assert tab.widgets["name"].text() == "中餐厨房", "what was typed stays"
    assert Department.get_by_id(entry_id).name_en == "Main kitchen"
    assert tab.save(), "saved over it, knowingly"
    assert Department.get_by_id(entry_id).name == "中餐厨房"
