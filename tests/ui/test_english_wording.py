"""The English a native-speaking duty manager or office clerk reads (review C of the English interface): plurals,
one name for one thing, sentence case, no Chinese on an English screen, words an office clerk understands."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from models.control.effect import Effect, Verdict

from conftest import Desk


def test_the_file_menu_is_in_sentence_case_as_the_rest(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """"&New Complaint…", "&Switch User…" beside "+ New complaint" and the dialog "Switch user"."""
    from ui.main_window import MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    actions = (window.new_complaint_action, window.quick_case_action, window.switch_user_action,
               window.password_action)  # fmt: skip
    assert [action.text() for action in actions] == [
        "&New complaint…", "Q&uick case…", "&Switch user…", "Change my pass&word…"]  # fmt: skip
    # Buttons that only go to another section carry no ellipsis (the banner's had none, the overview's had one).
    assert window.overview.risks_button.text() == "Open the &risk list"
    assert not window.overview.all_cases_button.text().endswith("…")


def test_the_lock_s_button_unlocks(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.idle_lock import LockDialog

    dialog = LockDialog(seeded.manager, 10)
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "&Unlock"  # it said "OK"
    assert dialog.switch_button.text() == "&Switch user…"


def test_the_office_s_labels_read_as_english(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """Retention labels begin with a capital as the labels around them; the register's search gives an English
    example (it gave 头发); the summary's languages are named as Preferences names them (中文 there, 简体中文 here);
    the amount asked says its unit."""
    from ui.main_window import MainWindow
    from ui.office.backups_page import BackupsPage
    from ui.office.summary_page import NewSummaryDialog
    from ui.register.register_page import RegisterPage

    backups = BackupsPage()
    qtbot.addWidget(backups)
    assert [label.text() for label in (backups.daily_label, backups.weekly_label, backups.monthly_label)] == [
        "D&aily", "&Weekly", "&Monthly"]  # fmt: skip
    register = RegisterPage()
    qtbot.addWidget(register)
    assert register.search.placeholderText().endswith("(e.g. noise, #2995)")
    dialog = NewSummaryDialog()
    qtbot.addWidget(dialog)
    assert [dialog.language.itemText(row) for row in range(dialog.language.count())] == ["简体中文", "English"]
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    escalations = window.overview.escalations.list
    headers = [escalations.headerItem().text(column) for column in range(escalations.columnCount())]
    assert "Proposed (yuan)" in headers and "Asked (yuan)" not in headers, "the desk's proposal, not the demand"


def test_accounts_and_passwords_say_initial_and_current(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.account_dialogs import OwnPasswordDialog
    from ui.office.accounts_page import AccountsPage

    page = AccountsPage()
    qtbot.addWidget(page)
    page.set_staff(seeded.admin)
    labels = [label.text() for label in page.form_labels]
    assert "Initial pass&word:" in labels and "Account:" in labels and "Active:" not in labels
    dialog = OwnPasswordDialog(seeded.manager)
    qtbot.addWidget(dialog)
    assert dialog.labels[0].text() == "&Current password:"


def test_the_wizard_goes_back_to_the_open_cases_by_their_name(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.intake.wizard import IntakeWizard

    wizard = IntakeWizard(seeded.manager)
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "Back to &open cases"  # it said "the &queue"


def effect(before: int, after: int, expected: float, fall_p: float, verdict: Verdict = Verdict.UNCLEAR) -> Effect:
    day = dt.date(2026, 7, 17)
    return Effect(days=28, before_first=day, before_last=day + dt.timedelta(days=27), before=before,
                  after_first=day + dt.timedelta(days=29), after_last=day + dt.timedelta(days=56), after=after,
                  elapsed=28, expected_after=expected, usual=0.0, usual_threshold=2, dispersion=1.0, fall_p=fall_p,
                  verdict=verdict)  # fmt: skip


def test_an_effect_is_said_in_words_an_office_clerk_reads(english: None) -> None:
    """"11 complaint(s) … (P of so few: 0.240)": a plural for one and many, and the chance in words."""
    from ui.hotspot_text import effect_text

    text = effect_text(effect(11, 6, 9.8, 0.240))
    assert text.startswith("11 complaints in the 28 days before (2026-07-17 to 2026-08-13), 6 in the 28 days after")
    assert "at the same volume 9.8 were to be expected (a fall this large happens by chance about 1 time in 4);" in text
    assert "P of" not in text and "complaint(s)" not in text
    assert effect_text(effect(1, 0, 1.0, 0.6)).startswith("1 complaint in the 28 days before")
    assert "(a fall this small often happens by chance)" in effect_text(effect(1, 0, 1.0, 0.6))
    assert "(no fall)" in effect_text(effect(3, 5, 3.2, 0.9))
    assert "less than 1 time in 1,000" in effect_text(effect(40, 2, 38.0, 0.00001, Verdict.EFFECTIVE))
    pending = effect_text(effect(1, 0, 1.0, 1.0, Verdict.PENDING))
    assert pending.startswith("1 complaint in the 28 days before") and "so far" in pending


def test_an_effect_in_chinese_keeps_its_sentence(chinese: None) -> None:
    from ui.hotspot_text import effect_text

    text = effect_text(effect(11, 6, 9.8, 0.240))
    assert "按同等投诉总量应有 9.8 件（偶然出现这么大降幅的概率约为 1/4）" in text
