"""First-run set-up, login, switching user and the main window, driven as a person would."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from models import settings
from models.complaint import Complaint, State
from models.customer import Customer
from models.errors import DomainError
from models.staff import Handover, Role, Staff, authenticate, create_staff
from ui.account_dialogs import LoginDialog, SetupDialog
from ui.idle_lock import LockCover, LockDialog
from ui.main_window import MainWindow

from conftest import Desk, DiscardQuestions, type_text


def fill_setup(dialog: SetupDialog, password: str = "admin-pass-1", confirm: str | None = None) -> None:
    type_text(dialog.organisation, "锦江花园酒店")
    type_text(dialog.username, "admin")
    type_text(dialog.full_name, "王芳")
    type_text(dialog.password, password)
    type_text(dialog.confirm, password if confirm is None else confirm)


def press_ok(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_first_run_creates_the_administrator(qtbot: QtBot, database: object, english: None) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill_setup(dialog)
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    admin = Staff.get(Staff.username == "admin")
    assert (admin.full_name, admin.role) == ("王芳", Role.ADMIN)
    assert settings.get(settings.ORGANISATION_NAME) == "锦江花园酒店"
    assert dialog.administrator == admin


def test_set_up_mistakes_are_explained_and_nothing_typed_is_lost(
    qtbot: QtBot, database: object, english: None
) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog, confirm="admin-pass-2")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "The two passwords differ; type the same password twice."

    dialog.password.setText("short")
    dialog.confirm.setText("short")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "The password must have at least 8 characters."
    assert (dialog.organisation.text(), dialog.full_name.text()) == ("锦江花园酒店", "王芳")
    assert Staff.select().count() == 0

    dialog.organisation.clear()
    dialog.password.setText("long-enough")
    dialog.confirm.setText("long-enough")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "Enter the organisation's name."
    assert Staff.select().count() == 0


def test_every_set_up_mistake_is_said_at_once_and_the_first_field_wrong_is_focused(
    qtbot: QtBot, database: object, english: None
) -> None:
    """Four fields wrong took four presses of OK, each saying the next mistake."""
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.username, "前台 经理")
    type_text(dialog.password, "short")
    type_text(dialog.confirm, "shorter")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text().split("\n") == [
        "Enter the organisation's name.",
        "A user name uses Latin letters and digits, with . _ - after the first character, and no spaces.",
        "Enter the person's full name.",
        "The password must have at least 8 characters.",
        "The two passwords differ; type the same password twice.",
    ]
    assert dialog.focusWidget() is dialog.organisation
    assert Staff.select().count() == 0 and not settings.get(settings.ORGANISATION_NAME)
    fill_setup(dialog)  # each field typed again, right this time
    assert dialog.username.text() == "前台 经理admin"
    dialog.username.setText("admin")
    dialog.password.setText("admin-pass-1")
    dialog.confirm.setText("admin-pass-1")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert Staff.get(Staff.username == "admin").full_name == "王芳"


def test_set_up_speaks_chinese(qtbot: QtBot, database: object, chinese: None) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog, password="short")
    press_ok(qtbot, dialog)
    assert dialog.windowTitle() == "设置投诉受理台"
    assert dialog.error.text() == "密码至少需要 8 个字符。"


def test_set_up_refuses_a_password_of_spaces(qtbot: QtBot, database: object, english: None) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog, password=" " * 8)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "A password cannot be made of spaces only."
    assert Staff.select().count() == 0 and not settings.get(settings.ORGANISATION_NAME)


def test_set_up_names_pasted_too_long_are_refused_not_cut_and_tabs_become_spaces(
    qtbot: QtBot, database: object, english: None
) -> None:
    """The user name field cut a pasted name to 32 characters unseen: the administrator was created under a name
    nobody chose, and could not log in with the one they had typed."""
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog)
    QApplication.clipboard().setText("front.desk.night.shift.manager.building2")
    dialog.username.selectAll()
    dialog.username.paste()
    assert dialog.username.text() == "front.desk.night.shift.manager.building2", "not cut"
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text() == "Administrator's user name: This text is 40 characters long; the limit is 32."
    assert Staff.select().count() == 0
    dialog.username.setText("admin")
    QApplication.clipboard().setText("锦江花园酒店集团" * 10)  # the organisation: refused whole, not cut to 64
    dialog.organisation.selectAll()
    dialog.organisation.paste()
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "Organisation: This text is 80 characters long; the limit is 64."
    assert dialog.organisation.text() == "锦江花园酒店集团" * 10 and Staff.select().count() == 0
    QApplication.clipboard().setText("锦江\t花园酒店\n")
    dialog.organisation.selectAll()
    dialog.organisation.paste()
    QApplication.clipboard().setText("王\t芳\n")
    dialog.full_name.selectAll()
    dialog.full_name.paste()
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert Staff.get(Staff.username == "admin").full_name == "王 芳"
    assert settings.get(settings.ORGANISATION_NAME) == "锦江 花园酒店"


def test_an_administrator_named_in_capitals_logs_in_in_lowercase(qtbot: QtBot, database: object, english: None) -> None:
    """User names are unique regardless of case: "Admin" chosen at the set-up, "admin" typed the next morning."""
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill_setup(dialog)
    dialog.username.setText("Admin")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    login = LoginDialog(organisation="锦江花园酒店")
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, "admin-pass-1")
    with qtbot.waitSignal(login.accepted):
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert login.logged_in.username == "Admin"


@pytest.mark.parametrize("username", ["Admin", "Office"])
def test_set_up_with_the_demo_for_an_administrator_named_like_a_demo_account(
    qtbot: QtBot, database: object, english: None, monkeypatch: pytest.MonkeyPatch, username: str
) -> None:
    """The demo's own "admin" and "office" were refused beside "Admin" and "Office" (taken, by case): the demo
    loaded nothing. An administrator named "Admin" is the demo's administrator, as "admin" was; the office's account
    is not the administrator's: it takes the next free name."""
    import ui.app
    import ui.messages

    warned: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(ui.messages, "warn", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(ui.messages, "inform", lambda parent, title, text: shown.append(text))
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill_setup(dialog)
    dialog.username.setText(username)
    assert not dialog.demo_note.isVisibleTo(dialog)
    dialog.load_demo.setChecked(True)
    # What it does for good, said before OK (the database stayed a demo one, unsaid).
    assert dialog.demo_note.isVisibleTo(dialog) and dialog.demo_note.text().startswith("This database then stays")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    accounts = ui.app.load_demo_with_progress(30)
    ui.app.show_demo_accounts(None, accounts)
    assert warned == [] and Complaint.select().count() == 30
    administrator = Staff.get(Staff.username == username)
    assert (administrator.role, administrator.full_name) == (Role.ADMIN, "王芳"), "the administrator as set up"
    made = {account.username: account.role for account in accounts}
    if username == "Admin":
        assert Role.ADMIN not in made.values() and made["office"] == Role.OFFICE
        assert Staff.select().where(Staff.role == Role.ADMIN).count() == 1
    else:
        assert made["office2"] == Role.OFFICE and made["admin"] == Role.ADMIN
    assert all(f"<b>{name}</b>" in shown[0] for name in made), "each with its password, shown once"


def make_staff() -> Staff:
    return create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))


def test_login_refuses_then_accepts(qtbot: QtBot, database: object, english: None) -> None:
    staff = make_staff()
    dialog = LoginDialog(organisation="锦江花园酒店")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.heading.text() == "锦江花园酒店"
    qtbot.keyClicks(dialog.username, "zhangwei")
    qtbot.keyClicks(dialog.password, "not-it")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error.text() == "The user name or the password is wrong."
    assert dialog.username.text() == "zhangwei"

    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "desk-pass-1")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.staff == staff


def test_a_password_an_administrator_set_is_changed_at_the_login_before_anything_else(
    qtbot: QtBot, database: object, english: None
) -> None:
    from models.accounts import add_account

    admin = create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")
    add_account(admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "set-by-admin-1")
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "zhangwei")
    qtbot.keyClicks(dialog.password, "set-by-admin-1")
    press_ok(qtbot, dialog)
    choose = dialog.own_password_dialog
    assert choose is not None and choose.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert choose.windowTitle() == "Choose your own password"
    assert choose.why.text().startswith("张伟, an administrator set the password you logged in with")
    assert not choose.current.isVisible(), "the password just typed is not asked again"
    choose.reject()  # not now: nobody logs in
    assert dialog.isVisible() and dialog.staff is None
    assert dialog.error.text() == "Choose your own password to log in: an administrator set the one you typed."
    assert dialog.password.text() == ""

    qtbot.keyClicks(dialog.password, "set-by-admin-1")
    press_ok(qtbot, dialog)
    choose = dialog.own_password_dialog
    qtbot.keyClicks(choose.new, "mine-pass-22")
    qtbot.keyClicks(choose.repeat, "mine-pass-2")
    press_ok(qtbot, choose)
    assert choose.error.text() == "The two passwords differ; type the same password twice."
    choose.repeat.clear()
    qtbot.keyClicks(choose.repeat, "set-by-admin-1")
    choose.new.clear()
    qtbot.keyClicks(choose.new, "set-by-admin-1")
    press_ok(qtbot, choose)
    assert choose.error.text() == "That is the password you have: choose a new one."
    choose.new.clear()
    choose.repeat.clear()
    qtbot.keyClicks(choose.new, "mine-pass-22")
    qtbot.keyClicks(choose.repeat, "mine-pass-22")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, choose)
    assert dialog.staff.username == "zhangwei" and not dialog.staff.must_change_password
    assert authenticate("zhangwei", "mine-pass-22").username == "zhangwei"
    with pytest.raises(DomainError):
        authenticate("zhangwei", "set-by-admin-1")


def test_an_incoming_duty_manager_with_an_administrator_s_password_chooses_theirs_then_takes_over(
    qtbot: QtBot, database: object, english: None
) -> None:
    from models.accounts import reset_password

    first = make_staff()
    admin = create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")
    second = create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    reset_password(admin, second.id, "forgot-it-3")  # the administrator set a new one this morning
    window = MainWindow(first)
    qtbot.addWidget(window)
    dialog = window.switch_user()
    type_text(dialog.handover_note, "1208房等工程部")
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    qtbot.keyClicks(dialog.username, "liuyang")
    qtbot.keyClicks(dialog.password, "forgot-it-3")
    press_ok(qtbot, dialog)  # the tick box first: asked after the password was chosen, it came too late
    assert dialog.own_password_dialog is None
    assert dialog.error.text() == "The incoming duty manager acknowledges the handover sheet first."
    dialog.acknowledged.setChecked(True)
    press_ok(qtbot, dialog)
    assert Handover.select().count() == 0, "no handover before the password is theirs"
    choose = dialog.own_password_dialog
    qtbot.keyClicks(choose.new, "mine-pass-22")
    qtbot.keyClicks(choose.repeat, "mine-pass-22")
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, choose)
    assert window.staff.username == "liuyang"
    assert [(h.to_staff.username, h.note) for h in Handover.select()] == [("liuyang", "1208房等工程部")]


def test_login_names_a_disabled_account(qtbot: QtBot, database: object, english: None) -> None:
    staff = make_staff()
    Staff.update(active=False).where(Staff.id == staff.id).execute()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "zhangwei")
    qtbot.keyClicks(dialog.password, "desk-pass-1")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "The account zhangwei is disabled; ask an administrator."
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_main_window_shows_who_is_logged_in_and_the_desk_figures(
    qtbot: QtBot, database: object, english: None
) -> None:
    staff = make_staff()
    settings.put(settings.ORGANISATION_NAME, "锦江花园酒店")
    customer = Customer.create(name="刘先生", phone="13812345678")
    for state in (State.RECEIVED, State.ESCALATED, State.CLOSED):
        Complaint.create(state=state, received_by=staff, customer=customer)
    window = MainWindow(staff, "/tmp/desk.db")
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "锦江花园酒店 — Complaint Desk"
    assert window.user_label.text() == "Logged in: 张伟 · Duty manager"
    assert window.overview.greeting.text() == "Hello, 张伟 (Duty manager)"
    open_cases = window.overview.cards["open_cases"].value
    qtbot.waitUntil(lambda: open_cases.text() == "2")
    assert window.overview.cards["awaiting_office"].value.text() == "1"
    assert window.overview.cards["received_today"].value.text() == "3"
    sections = [window.navigation.item(i) for i in range(window.navigation.count())]
    assert [item.text() for item in sections if not item.isHidden()] == ["Overview", "Open cases", "Register"]
    assert window.navigation.currentItem().text() == "Open cases", "the unfinished draft is offered first"
    assert window.open_cases.cases.topLevelItemCount() == 2, "every open case, as the card counts them"


def test_switch_user_hands_the_desk_over_with_the_sheet(qtbot: QtBot, database: object, english: None) -> None:
    first = make_staff()
    create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    customer = Customer.create(name="刘先生", phone="13812345678")
    late = dt.datetime.now() - dt.timedelta(hours=1)
    Complaint.create(state=State.INVESTIGATING, received_by=first, customer=customer, promised_at=late)
    Complaint.create(state=State.ESCALATED, received_by=first)
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    dialog = window.switch_user()
    assert dialog.windowTitle() == "Switch user"
    assert dialog.focusWidget() is dialog.handover_note, "the outgoing note first (it opened in the sheet's text)"
    # Read in a worker (0.6 s at a million complaints, the window frozen): nothing to acknowledge until it is in.
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.sheet_view.toPlainText() == "Reading the open cases for the handover sheet…"
    assert not (ok.isEnabled() or dialog.acknowledged.isEnabled() or dialog.sheet_button.isEnabled())
    with qtbot.waitSignal(dialog.sheet_read):
        pass
    assert ok.isEnabled() and dialog.acknowledged.isEnabled() and dialog.sheet_button.isEnabled()
    sheet = dialog.sheet_view.toPlainText()
    assert "2 open cases: 1 at the desk, 1 waiting for the office." in sheet, "open as on the overview"
    assert "Open cases at the desk (1)" in sheet and "Waiting for the office (1)" in sheet and "Investigating" in sheet
    columns = "No.\nCustomer\nCategory\nState\nReply promised by\nEscalation risk"
    assert f"(1)\n{columns}\n#1\n刘先生 138****5678\n" in sheet, "what each column is; a case known by its customer"
    # A header and a date on one line each (at 780 pixels "Promised answer / by" and "01:26 ( / overdue)" broke):
    # non-breaking spaces, which the plain text shows as spaces.
    raw = dialog.sheet_view.document().toRawText()
    assert "Reply\xa0promised\xa0by" in raw and f"{late:%Y-%m-%d\xa0%H:%M}\xa0(overdue)" in raw
    assert "Call-backs and promises due (0)\nExternal cases due (0)\nImprovement actions overdue (0)\nArchive: " in (
        sheet
    ), "an empty one has no header; every section of the printed sheet"
    # What the code is, and the count as every count is written.
    assert sheet.endswith("Archive: 0 records sealed; archive fingerprint — (to check the archive against later)")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Take &over the desk"
    assert f"{late:%Y-%m-%d %H:%M} (overdue)" in sheet, "said, not only red, as the printed sheet says it"
    # The outgoing note above the incoming login, the sheet tall enough for its sections.
    note_y = dialog.handover_note.mapTo(dialog, dialog.handover_note.rect().topLeft()).y()
    read_y = dialog.acknowledged.mapTo(dialog, dialog.acknowledged.rect().topLeft()).y()
    assert note_y < read_y < dialog.username.mapTo(dialog, dialog.username.rect().topLeft()).y(), (
        "the incoming manager confirms having read the sheet and the note below them, then logs in")
    assert dialog.sheet_view.minimumHeight() >= 300
    qtbot.keyClicks(dialog.username, "liuyang")
    qtbot.keyClicks(dialog.password, "desk-pass-2")
    type_text(dialog.handover_note, "1208房的投诉等工程部回复")
    press_ok(qtbot, dialog)
    assert dialog.error.text() == "The incoming duty manager acknowledges the handover sheet first."
    assert Handover.select().count() == 0
    assert dialog.focusWidget() is dialog.acknowledged, "the box the sentence names (the cursor stayed in Password)"
    assert dialog.acknowledged.text() == "The incoming duty manager has &read the handover sheet", "Alt+R"
    dialog.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, dialog)
    assert window.user_label.text() == "Logged in: 刘洋 · Duty manager"
    handover = Handover.get()
    assert (handover.from_staff.username, handover.to_staff.username) == ("zhangwei", "liuyang")
    assert handover.note == "1208房的投诉等工程部回复" and handover.acknowledged_at is not None
    recorded = json.loads(handover.sheet)
    assert len(recorded["open_cases"]) == 1 and len(recorded["waiting_for_office"]) == 1


def test_a_handover_sheet_that_cannot_be_read_is_said_and_nothing_is_taken_over(
    qtbot: QtBot, database: object, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet is read in a worker: its failure (the database lost meanwhile) is said in words, the note typed
    stays, and the desk is not taken over without a sheet to acknowledge."""
    from models import handover
    from models.errors import StorageError

    def lost(outgoing: Staff) -> None:
        raise StorageError("The database file cannot be read.")

    monkeypatch.setattr(handover, "handover_sheet", lost)
    first = make_staff()
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    dialog = window.switch_user()
    type_text(dialog.handover_note, "1208房等工程部")
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "The database file cannot be read."
    assert dialog.sheet_view.toPlainText() == "The handover sheet could not be read: Cancel, then Switch user again."
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not (ok.isEnabled() or dialog.acknowledged.isEnabled())
    dialog.accept()  # Enter, as a person would press it
    assert dialog.isVisible() and Handover.select().count() == 0
    assert dialog.handover_note.toPlainText() == "1208房等工程部"


def test_a_lock_while_the_desk_is_handed_over_brings_back_that_handover_with_its_note(
    qtbot: QtBot, database: object, english: None
) -> None:
    """The desk locked while the outgoing duty manager wrote the note: the lock's Switch user opened a second,
    empty login, the handover was recorded without the note, and the first login stayed open underneath."""
    first = make_staff()
    create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    dialog = window.switch_user()
    type_text(dialog.handover_note, "2974号顾客下午三点来取代金券")  # typed while the sheet is read
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    lock = window.lock()
    lock.switch_user.emit()  # the lock's Switch user…, as the next duty manager presses it
    assert window.switch_dialog is dialog and dialog.isVisible()
    assert dialog.handover_note.toPlainText() == "2974号顾客下午三点来取代金券"
    qtbot.keyClicks(dialog.username, "liuyang")
    qtbot.keyClicks(dialog.password, "desk-pass-2")
    dialog.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, dialog)
    assert [(h.to_staff.username, h.note) for h in Handover.select()] == [("liuyang", "2974号顾客下午三点来取代金券")]


def test_an_intake_left_open_is_named_on_the_handover_s_login(
    qtbot: QtBot, database: object, english: None, discard_questions: DiscardQuestions
) -> None:
    """It goes to the next person as it is, and what was typed is saved under their name: the sheet listed saved
    cases only."""
    window = MainWindow(make_staff())
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_intake()
    type_text(wizard.currentPage().narrative.editor, "空调坏了")
    dialog = window.switch_user()
    assert dialog.open_work.isVisible()
    assert dialog.open_work.text().startswith("Open on this desk and handed over as they are: “New complaint”.")
    dialog.reject()
    discard_questions.answer = True
    wizard.reject()
    nothing = window.switch_user()
    assert not nothing.open_work.isVisible(), "nothing open: nothing said"


def test_the_handover_sheet_prints(qtbot: QtBot, database: object, english: None) -> None:
    first = make_staff()
    Complaint.create(state=State.RECEIVED, received_by=first, narrative="等位太久")
    window = MainWindow(first)
    qtbot.addWidget(window)
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    dialog.preview_sheet()  # drawn in a worker: forty pages at a million complaints froze the window two seconds
    assert not dialog.sheet_button.isEnabled(), "pressed once"
    qtbot.waitUntil(lambda: dialog.preview_dialog is not None, timeout=10_000)
    preview = dialog.preview_dialog
    assert dialog.sheet_button.isEnabled()
    assert preview.document.pageCount() >= 1
    assert preview.windowTitle() == "Print preview: Handover sheet"


def test_a_handover_sheet_still_drawn_when_the_desk_is_taken_over_never_opens(
    qtbot: QtBot, database: object, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handover sheet… pressed, then the incoming duty manager takes over before it is drawn (forty pages at a
    million complaints): the outgoing shift's preview opened over the new person's window."""
    import threading

    import ui.paper.handover_sheet
    from ui.printing import PrintPreviewDialog

    first = make_staff()
    create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    drawn = ui.paper.handover_sheet.render_handover_sheet
    taken_over = threading.Event()

    def drawn_after_the_take_over(*args: object, **kwargs: object) -> bytes:
        taken_over.wait(10)
        return drawn(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ui.paper.handover_sheet, "render_handover_sheet", drawn_after_the_take_over)
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    qtbot.mouseClick(dialog.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.username, "liuyang")
    qtbot.keyClicks(dialog.password, "desk-pass-2")
    dialog.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, dialog)
    taken_over.set()
    qtbot.waitUntil(lambda: not tasks_running(), timeout=10_000)
    assert window.user_label.text() == "Logged in: 刘洋 · Duty manager"
    previews = [w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog) and w.isVisible()]
    assert previews == [] and dialog.preview_dialog is None


def test_preferences_switch_the_language_live(qtbot: QtBot, database: object, english: None) -> None:
    window = MainWindow(make_staff())
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_preferences()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window.windowTitle() == "投诉受理台")
    assert window.user_label.text() == "当前用户：张伟 · 值班经理"
    assert window.navigation.item(0).text() == "概览"


def test_a_language_switch_reaches_the_filters_the_risk_line_and_the_empty_summary(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """They stayed in the language the pages were built in (the risk line until the next minute)."""
    from models.catalog import Category
    from ui.main_window import SECTION_ANALYSIS, SECTION_REGISTER, SECTION_SUMMARY

    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.overview.risks.text().startswith("Escalation risk"))
    for row in (SECTION_REGISTER, SECTION_ANALYSIS, SECTION_SUMMARY):
        window.navigation.setCurrentRow(row)
    noise = Category.get(Category.code == "noise")
    combos = (window.register.category, window.analysis.category)
    assert [combo.itemText(combo.findData(noise.id)) for combo in combos] == [noise.name_en] * 2
    dialog = window.open_preferences()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window.windowTitle() == "投诉受理台")
    assert [combo.itemText(combo.findData(noise.id)) for combo in combos] == [noise.name] * 2
    assert window.overview.risks.text().startswith("未结投诉的越级风险")
    summary = window.work_summaries
    assert [label.text() for label in summary.headings.values()][:1] == ["一、基本情况和总体评价"]


def test_the_lock_counts_its_minutes_as_the_language_does(qtbot: QtBot, database: object, english: None) -> None:
    from ui.i18n import install_translators

    staff = make_staff()
    assert LockDialog(staff, 1).message.text().startswith("The desk locked itself after 1 idle minute. ")
    assert LockDialog(staff, 2).message.text().startswith("The desk locked itself after 2 idle minutes. ")
    install_translators("zh_CN")
    try:
        assert LockDialog(staff, 1).message.text().startswith("受理台闲置 1 分钟后已自动锁定。")
    finally:
        install_translators("en")


def test_the_desk_locks_itself_when_idle_covers_every_window_and_keeps_what_it_shows(
    qtbot: QtBot, database: object, english: None
) -> None:
    window = MainWindow(make_staff())
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(2)
    wizard = window.open_intake()
    type_text(wizard.currentPage().narrative.editor, "1208房顾客投诉空调噪音")
    window.idle_lock.timer.setInterval(50)
    window.idle_lock.resume()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), LockDialog), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert "locked itself after 10 idle minutes" in dialog.message.text()
    # The customer at the counter reads nothing of what the windows show: each is covered whole (its menus and
    # status bar too), the lock alone uncovered.
    for shown in (window, wizard):
        cover = shown.findChild(LockCover)
        assert cover is not None and cover.isVisible() and cover.geometry() == shown.rect()
        assert shown.childAt(shown.rect().center()) in (cover, cover.label)
        assert cover.label.text() == "The desk is locked."
    assert dialog.findChild(LockCover) is None
    window.resize(window.width() + 40, window.height() + 30)
    assert window.findChild(LockCover).geometry() == window.rect(), "it follows the window's size"

    dialog.reject()
    assert dialog.isVisible(), "Escape does not unlock"
    dialog.password.setText("wrong-password")
    dialog.accept()
    assert dialog.error.text().startswith("That is not the password of "), "only a password was asked for"
    assert "user name" not in dialog.error.text()
    assert window.findChild(LockCover).isVisible(), "a wrong password uncovers nothing"
    message_height = dialog.message.height()
    assert message_height >= dialog.message.heightForWidth(dialog.message.width()), "no line of it cut off"
    dialog.password.setText("desk-pass-1")
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.findChild(LockCover) is None and wizard.findChild(LockCover) is None)
    assert window.isVisible() and window.navigation.currentRow() == 2, "everything stays as it was"
    assert wizard.isVisible() and wizard.currentPage().narrative.editor.toPlainText() == "1208房顾客投诉空调噪音"
    assert window.idle_lock.timer.isActive()


def test_only_a_person_s_input_keeps_the_desk_from_locking(qtbot: QtBot, database: object) -> None:
    """Keys, the mouse and an input method's commit start the idle minutes again; the application's own events
    (painting, layout, timers: some 30,000 to build the main window) do not."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QLineEdit

    from ui.idle_lock import IdleLock

    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    lock = IdleLock(60_000)
    lock.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer's remaining time is rounded by seconds
    try:

        def restarted_by(act: Callable[[], object]) -> bool:
            lock.timer.start(60_000)
            qtbot.wait(30)
            before = lock.timer.remainingTime()
            act()
            return lock.timer.remainingTime() > before

        assert restarted_by(lambda: qtbot.keyClick(field, Qt.Key.Key_A))
        assert restarted_by(lambda: qtbot.mouseClick(field, Qt.MouseButton.LeftButton))
        assert restarted_by(lambda: qtbot.mouseMove(field, QPoint(5, 5)))
        commit = QInputMethodEvent()
        commit.setCommitString("顾客")
        assert restarted_by(lambda: QApplication.sendEvent(field, commit))
        assert not restarted_by(lambda: (field.resize(field.width() + 20, field.height()), field.repaint()))
        assert not restarted_by(lambda: QApplication.sendEvent(field, QEvent(QEvent.Type.UpdateRequest)))
    finally:
        QApplication.instance().removeEventFilter(lock)
        lock.deleteLater()


def test_a_password_reset_while_the_desk_was_locked_is_made_the_person_s_own_at_the_unlock(
    qtbot: QtBot, database: object, english: None
) -> None:
    from models.accounts import reset_password

    staff = make_staff()
    admin = create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")
    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    lock = window.lock()
    reset_password(admin, staff.id, "forgot-it-3")  # the person forgot it: the administrator set a new one
    lock.password.setText("forgot-it-3")
    lock.accept()
    choose = lock.own_password_dialog
    assert choose is not None and choose.isVisible() and lock.isVisible(), "still locked until it is theirs"
    choose.reject()
    assert lock.isVisible() and window.findChild(LockCover).isVisible()
    lock.password.setText("forgot-it-3")
    lock.accept()
    choose = lock.own_password_dialog
    qtbot.keyClicks(choose.new, "mine-pass-22")
    qtbot.keyClicks(choose.repeat, "mine-pass-22")
    press_ok(qtbot, choose)
    assert not lock.isVisible()
    qtbot.waitUntil(lambda: window.findChild(LockCover) is None)
    assert not Staff.get_by_id(staff.id).must_change_password


def test_the_lock_s_covers_stay_while_the_next_person_logs_in_and_go_at_the_login(
    qtbot: QtBot, database: object, english: None
) -> None:
    create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    window = MainWindow(make_staff())
    qtbot.addWidget(window)
    window.show()
    lock = window.lock()
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    login = window.switch_dialog
    assert login is not None and login.isVisible() and login.findChild(LockCover) is None
    assert window.findChild(LockCover).isVisible(), "the window stays covered behind the login"
    login.reject()
    qtbot.waitUntil(lambda: window.lock_dialog is not lock and window.lock_dialog.isVisible())
    assert len(window.findChildren(LockCover)) == 1, "locked again under the one cover"

    qtbot.mouseClick(window.lock_dialog.switch_button, Qt.MouseButton.LeftButton)
    login = window.switch_dialog
    # The person locked out is away: no handover note is asked for in their name (the next person's words went on
    # the record as theirs).
    assert login.handover_note.isHidden() and "was locked while" in login.heading.text()
    qtbot.keyClicks(login.username, "liuyang")
    qtbot.keyClicks(login.password, "desk-pass-2")
    qtbot.waitUntil(lambda: login.sheet is not None)  # read in a worker
    login.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, login)
    qtbot.waitUntil(lambda: window.findChild(LockCover) is None)
    assert window.staff.username == "liuyang"


def test_leaving_while_a_busy_dialog_works_lets_the_work_finish_then_ends_cleanly(
    qtbot: QtBot, database: object, english: None
) -> None:
    # The smoke test's exit once the first window has painted, when that window is the busy dialog of a new
    # database's upgrade (a slow machine): the start ended in "uncaught exception: KeyError".
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from ui.app import ApplicationLeaving, run_busy

    released, finished = threading.Event(), threading.Event()

    def work() -> str:
        released.wait(10)
        finished.set()
        return "upgraded"

    def leave() -> None:
        # QCoreApplication.exit(0) ends every event loop, the busy dialog's too: ended here the same way for
        # the dialog alone (exit would also end each event loop of the later tests in this process).
        (busy,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        busy.done(0)
        released.set()

    QTimer.singleShot(50, leave)
    try:
        run_busy("Upgrading", "Upgrading the database…", work)
    except ApplicationLeaving:
        pass
    else:
        raise AssertionError("run_busy returned although its dialog was left before the work ended")
    assert finished.is_set()  # the work was not cut off half way


def test_esc_on_a_busy_dialog_lets_the_work_go_on_and_returns_its_result(
    qtbot: QtBot, database: object, english: None
) -> None:
    """Esc on "Creating demo staff and complaints…" closed it: the desk froze until the work ended, then reported
    a bug (ApplicationLeaving) that was none."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from ui.app import run_busy

    released = threading.Event()
    visible_after: list[bool] = []

    def press_esc() -> None:
        (busy,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        qtbot.keyClick(busy, Qt.Key.Key_Escape)
        busy.close()
        visible_after.append(busy.isVisible())
        released.set()

    QTimer.singleShot(500, press_esc)  # after the dialog shows (400 ms)
    assert run_busy("Demo", "Creating demo staff and complaints…", lambda: released.wait(10) and "loaded") == "loaded"
    assert visible_after == [True], "the dialog stays until the work ends"


def test_the_sidebar_buttons_name_their_shortcuts(qtbot: QtBot, database: object, english: None) -> None:
    """Ctrl+N was findable only in the File menu (the quick case's button named its own)."""
    window = MainWindow(make_staff())
    qtbot.addWidget(window)
    pairs = ((window.new_complaint_button, window.new_complaint_action),
             (window.quick_case_button, window.quick_case_action))  # fmt: skip
    for button, action in pairs:
        keys = action.shortcut().toString()
        assert keys and f"({keys})" in button.toolTip(), (keys, button.toolTip())


def test_the_person_logged_in_changes_their_own_password(qtbot: QtBot, database: object, english: None) -> None:
    from models.staff import authenticate

    staff = make_staff()
    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    assert window.password_action in window.file_menu.actions()
    dialog = window.change_own_password()
    assert dialog.windowTitle() == "Change the password of 张伟"
    dialog.current.setText("desk-pass-1")
    dialog.new.setText("mine-pass-22")
    dialog.repeat.setText("mine-pass-2")
    dialog.accept()
    assert dialog.error.text() == "The two passwords differ; type the same password twice." and dialog.isVisible()
    dialog.repeat.setText("mine-pass-22")
    dialog.current.setText("wrong-pass-1")
    dialog.accept()
    assert dialog.error.text() == "That is not your current password." and dialog.isVisible()
    dialog.current.setText("desk-pass-1")
    dialog.accept()
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == "Your password is changed."
    assert authenticate("zhangwei", "mine-pass-22").username == "zhangwei"


def test_one_s_own_password_of_spaces_is_refused(qtbot: QtBot, database: object, english: None) -> None:
    from models.staff import authenticate
    from ui.account_dialogs import OwnPasswordDialog

    staff = make_staff()
    dialog = OwnPasswordDialog(staff)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current.setText("desk-pass-1")
    dialog.new.setText(" " * 8)
    dialog.repeat.setText(" " * 8)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "A password cannot be made of spaces only."
    assert authenticate("zhangwei", "desk-pass-1").username == "zhangwei", "unchanged"


def test_the_window_follows_a_role_an_administrator_changed(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """An office account made a duty manager kept the office's sections and name: each action then refused."""
    from models.accounts import update_account
    from ui.main_window import SECTION_CATALOGUES

    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)  # a page read at once (no list read in the background
    assert not window.navigation.item(SECTION_CATALOGUES).isHidden()  # that the new role would be refused)
    office = seeded.office
    update_account(seeded.admin, office.id, office.full_name, Role.DUTY_MANAGER, "200", "1000", [])  # elsewhere
    qtbot.waitUntil(lambda: window.navigation.item(SECTION_CATALOGUES).isHidden(), timeout=5000)
    assert window.navigation.currentRow() == 0 and window.user_label.text().endswith("· Duty manager")
    assert window.statusBar().currentMessage() == "An administrator changed your role: you are Duty manager now."


def test_a_list_read_under_way_when_the_role_changed_shows_no_refusal_box(
    qtbot: QtBot, seeded: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The risk list read in the background as the office met the new role's refusal: a box said "Only the office
    can …" before the window followed the role (which says what changed)."""
    from models.accounts import update_account
    from ui import messages, tasks
    from ui.main_window import SECTION_RISK

    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: warned.append(text))
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(SECTION_RISK)
    qtbot.waitUntil(lambda: not tasks._running, timeout=5000)
    office = seeded.office
    update_account(seeded.admin, office.id, office.full_name, Role.DUTY_MANAGER, "200", "1000", [])  # elsewhere
    window.risk.refresh()  # still the office's list, read as the role changes
    qtbot.waitUntil(lambda: not tasks._running, timeout=5000)
    qtbot.waitUntil(lambda: window.navigation.item(SECTION_RISK).isHidden(), timeout=5000)
    assert window.statusBar().currentMessage() == "An administrator changed your role: you are Duty manager now."
    assert warned == []


def test_a_click_refused_as_the_role_changed_is_said(
    qtbot: QtBot, seeded: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case view kept open under the old role: its clicks were refused in silence once the background lists'
    quiet ending was every refusal's."""
    from models.accounts import update_account
    from models.demo import generate_demo
    from ui import messages
    from ui.register.case_view import CaseView

    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: warned.append(text))
    generate_demo(8, seed=3)
    sealed = Complaint.select().where(Complaint.archive_number.is_null(False)).first()
    view = CaseView(sealed.id, seeded.office)
    qtbot.addWidget(view)
    office = seeded.office
    update_account(seeded.admin, office.id, office.full_name, Role.DUTY_MANAGER, "200", "1000", [])
    view.form_button.click()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert warned == ["Only the office can print archived forms."]


def test_the_incoming_duty_manager_finds_the_handover_note_on_the_overview(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The note was read only while logging in: once the desk had changed hands nothing showed it again."""
    from models.handover import hand_over, handover_sheet

    incoming = create_staff("lisi", "李四", Role.DUTY_MANAGER, "desk-pass-2")
    note = "#2985 胡慧 卫生问题 11:14 前答复；#2930 已等办公室 9 天，请催办。"
    hand_over(seeded.manager, incoming, note, handover_sheet(seeded.manager), acknowledged=True)
    window = MainWindow(incoming)
    qtbot.addWidget(window)
    shown = window.overview.handover_note
    qtbot.waitUntil(lambda: not shown.isHidden(), timeout=5000)
    assert shown.text().startswith(f"{seeded.manager.full_name} handed the desk over at ")
    assert shown.text().endswith(f" and wrote: {note}")
    other = MainWindow(seeded.manager)  # not to the one who handed over
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.overview.note is None and not tasks_running(), timeout=5000)
    assert other.overview.handover_note.isHidden()


def test_a_read_for_the_outgoing_duty_manager_arriving_late_keeps_the_incoming_ones_note(
    qtbot: QtBot, seeded: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview read again as another desk saved (its note is the person's) while the desk changed hands: the
    outgoing duty manager's answer, arriving last, hid the note just left for the incoming one."""
    import threading

    from PySide6.QtCore import QThreadPool

    import ui.overview

    create_staff("lisi", "李四", Role.DUTY_MANAGER, "desk-pass-2")
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not tasks_running(), timeout=5000)
    read = ui.overview.handover_note_for
    handed_over = threading.Event()

    def read_late_for_the_outgoing(staff_id: int, *rest: object) -> object:
        if staff_id == seeded.manager.id:
            handed_over.wait(10)
        return read(staff_id, *rest)

    monkeypatch.setattr(ui.overview, "handover_note_for", read_late_for_the_outgoing)
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    window.overview_due.timeout.emit()  # another desk saved: the overview in view is read again, for 张伟
    type_text(dialog.handover_note, "#2985 卫生问题 11:14 前答复")
    qtbot.keyClicks(dialog.username, "lisi")
    qtbot.keyClicks(dialog.password, "desk-pass-2")
    dialog.acknowledged.setChecked(True)
    with qtbot.waitSignal(window.staff_changed):
        press_ok(qtbot, dialog)
    shown = window.overview.handover_note
    qtbot.waitUntil(lambda: not shown.isHidden(), timeout=5000)
    handed_over.set()
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # the outgoing person's answer delivered
    assert not shown.isHidden()
    assert shown.text().endswith(" and wrote: #2985 卫生问题 11:14 前答复")


def tasks_running() -> bool:
    from ui import tasks

    return bool(tasks._running)


def test_a_role_changed_meanwhile_keeps_the_section_in_view(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """Made office while reading the register, with drafts of their own: moved to Open cases mid-task (the login's
    offer of the drafts)."""
    from models.accounts import update_account
    from models.catalog import Category
    from models.intake import Receipt, receive
    from ui.main_window import SECTION_REGISTER, SECTION_RISK

    manager = seeded.manager
    food = Category.get(Category.code == "food_quality")
    receive(manager, Receipt(narrative="汤是凉的", category_id=food.id, demand="重做", acknowledged=True))  # a draft
    window = MainWindow(manager)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_REGISTER)
    update_account(seeded.admin, manager.id, manager.full_name, Role.OFFICE, "0", "0", [])  # elsewhere
    qtbot.waitUntil(lambda: not window.navigation.item(SECTION_RISK).isHidden(), timeout=5000)
    assert window.navigation.currentRow() == SECTION_REGISTER


def test_esc_on_a_filled_in_set_up_asks_before_it_is_lost(
    qtbot: QtBot, database: object, english: None, discard_questions: DiscardQuestions
) -> None:
    """Everything typed, one Esc: gone, and the application ended with it, unasked."""
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert discard_questions.asked == [
        "Discard the set-up?: Nothing is set up yet: what you typed will be lost, and Complaint Desk closes."
    ]
    assert dialog.isVisible() and dialog.organisation.text() == "锦江花园酒店"
    discard_questions.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and Staff.select().count() == 0
