"""Escalation risk on screen: the desk's indicator while the customer talks, "notify the office now", the
alert reaching a second main window on the same database file, the office's risk list (acknowledge,
take over), the referral at the investigation, the catalogues, the case view and the open cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from models.case_detail import case_detail
from models.catalog import Category, Department, ReferralGuide, RiskKeyword
from models.complaint import Complaint
from models.control.alerts import RiskAlert, notify_office, open_alerts
from models.control.risk import decode_reasons
from models.intake import Investigation, Receipt, receive, record_investigation, refer, take_over
from models.staff import Role, Staff, create_staff
from ui.intake.wizard import PAGE_INVESTIGATE, IntakeWizard
from ui.main_window import SECTION_CATALOGUES, SECTION_OPEN_CASES, SECTION_RISK, MainWindow

from conftest import Desk, DiscardQuestions, OpenCopy, type_text


def open_window(qtbot: QtBot, staff: Staff) -> MainWindow:
    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    return window


def level_shown(wizard: IntakeWizard) -> str:
    return wizard.panel.risk.level.text()


def settled(qtbot: QtBot, wizard: IntakeWizard) -> None:
    """The typing stopped: the debounced assessment has run."""
    qtbot.waitUntil(lambda: not wizard.risk_timer.isActive())


def receipt(narrative: str, phone: str = "13812345678") -> Receipt:
    category = Category.get(Category.code == "product_quality")
    return Receipt(
        customer_name="王女士", phone=phone, narrative=narrative, category_id=category.id, demand="退货",
        acknowledged=True,
    )  # fmt: skip


def test_the_indicator_follows_what_the_customer_says(qtbot: QtBot, seeded: Desk, english: None) -> None:
    window = open_window(qtbot, seeded.manager)
    wizard = window.open_intake()
    page = wizard.currentPage()
    assert level_shown(wizard) == "○ No sign" and wizard.panel.risk.reasons.text() == "No sign so far."
    assert not wizard.panel.risk.notify_button.isVisible()

    type_text(page.narrative.editor, "我不会去12315的，就想要个说法。")
    assert wizard.risk_timer.isActive() and level_shown(wizard) == "○ No sign", "not on every keystroke"
    settled(qtbot, wizard)
    assert level_shown(wizard) == "◐ Watch"
    assert "but said they would not go" in wizard.panel.risk.reasons.text()
    assert not wizard.panel.risk.notify_button.isVisible(), "only a high risk offers to notify the office"

    type_text(page.narrative.editor, "再拖下去我就找记者曝光！")
    settled(qtbot, wizard)
    assert level_shown(wizard) == "● High"
    reasons = wizard.panel.risk.reasons.text()
    assert "The customer mentioned the media (“记者”)" in reasons
    assert "Stay calm, do not argue, and tell the office now." in reasons
    assert wizard.panel.risk.notify_button.isVisible()
    assert wizard.panel.risk.property("role") == "high"

    page.narrative.setText("报警器一直在响，吵得整晚没睡。")
    settled(qtbot, wizard)
    assert level_shown(wizard) == "○ No sign", "an alarm device is no threat to call the police"


def test_the_desk_notifies_the_office_and_goes_on(qtbot: QtBot, seeded: Desk, english: None) -> None:
    window = open_window(qtbot, seeded.manager)
    wizard = window.open_intake()
    page = wizard.currentPage()
    type_text(page.narrative.editor, "电饭煲刚买就坏了，我已经报警了！")
    settled(qtbot, wizard)
    qtbot.mouseClick(wizard.panel.risk.notify_button, Qt.MouseButton.LeftButton)
    (alert,) = open_alerts()
    assert alert.complaint_id is None and alert.summary.startswith("电饭煲") and alert.level == "high"
    assert "Office told at" in wizard.panel.risk.status.text()
    assert not wizard.panel.risk.notify_button.isVisible(), "told once: the alert is open"
    type_text(page.demand.editor, "全额退款")
    page.category.setCurrentIndex(page.category.findData(Category.get(Category.code == "product_quality").id))
    page.acknowledged.setChecked(True)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_INVESTIGATE, "the intake goes on"
    case = Complaint.get()
    assert RiskAlert.get().complaint_id == case.id and case.risk_level == "high"


def test_a_discarded_intake_s_alert_stays_and_the_next_customer_s_is_told_too(
    qtbot: QtBot, seeded: Desk, english: None, discard_questions: DiscardQuestions
) -> None:
    """A threatening customer walked off before step 1 was saved: the next customer's "Tell the office now" was
    refused with a sentence about the first ("The office was told of this case at 08:05 …"), and the office never
    heard of the second."""
    window = open_window(qtbot, seeded.manager)
    wizard = window.open_intake()
    type_text(wizard.currentPage().narrative.editor, "我要打12315投诉你们，还要找记者曝光！")
    settled(qtbot, wizard)
    qtbot.mouseClick(wizard.panel.risk.notify_button, Qt.MouseButton.LeftButton)
    discard_questions.answer = True  # the customer walked off
    wizard.reject()
    told = "The office was told of this customer: its alert stays on the office's risk list"
    assert told in discard_questions.asked[-1]
    wizard = window.open_intake()
    type_text(wizard.currentPage().narrative.editor, "房间里有老鼠！我要找律师起诉你们，还要发抖音！")
    settled(qtbot, wizard)
    assert wizard.panel.risk.notify_button.isVisible() and not wizard.panel.risk.status.isVisible()
    qtbot.mouseClick(wizard.panel.risk.notify_button, Qt.MouseButton.LeftButton)
    assert "Office told at" in wizard.panel.risk.status.text()
    assert sorted(alert.summary[:5] for alert in open_alerts()) == ["我要打12", "房间里有老"]


@pytest.mark.slow
def test_the_alert_reaches_a_second_main_window_on_the_same_file(qtbot: QtBot, seeded: Desk, english: None) -> None:
    desk = open_window(qtbot, seeded.manager)
    office = open_window(qtbot, seeded.office)
    assert office.risk_banner.isHidden() and not desk.alerts.count
    wizard = desk.open_intake()
    type_text(wizard.currentPage().narrative.editor, "不给我退款，我就打12315！")
    settled(qtbot, wizard)
    qtbot.mouseClick(wizard.panel.risk.notify_button, Qt.MouseButton.LeftButton)
    # The office window learns of it from the file (its own connection's data_version), without a refresh.
    qtbot.waitUntil(lambda: office.risk_banner.isVisible(), timeout=5000)
    assert "⚠ 1 alert from the desk waits for the office." in office.risk_banner_text.text()
    assert "张伟 told the office of a customer not saved yet" in office.risk_banner_text.text()
    assert office.navigation.item(SECTION_RISK).text() == "Office: escalation risk (1)"
    assert desk.risk_banner.isHidden(), "the desk is not the office"

    qtbot.mouseClick(office.risk_banner_button, Qt.MouseButton.LeftButton)
    assert office.navigation.currentRow() == SECTION_RISK
    page = office.risk
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    assert page.list.topLevelItem(0).text(1) == "(no case saved)"
    type_text(page.note.editor, "马上到前台")
    qtbot.mouseClick(page.acknowledge_button, Qt.MouseButton.LeftButton)
    assert open_alerts() == []
    qtbot.waitUntil(lambda: office.risk_banner.isHidden(), timeout=5000)
    # And the desk sees the answer beside its form.
    answer = "马晓红 of the office has seen it: 马上到前台"
    qtbot.waitUntil(lambda: answer in wizard.panel.risk.status.text(), timeout=5000)


def test_the_banner_names_the_newest_alert_and_how_long_the_oldest_waits(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A second alert changed only the count of a banner that named the first: easy to miss."""
    import datetime as dt

    first = receive(seeded.manager, receipt("不给我退款，我就打12315！", phone="13800000011"))
    second = receive(seeded.manager, receipt("我要找记者曝光你们！", phone="13800000012"))
    for case, note in ((first, "顾客在大堂"), (second, "顾客要求见总经理")):
        notify_office(seeded.manager, case.id, "high", decode_reasons(Complaint.get_by_id(case.id).risk_reasons),
                      note=note)  # fmt: skip
    RiskAlert.update(raised_at=dt.datetime(2026, 12, 5, 18, 39)).where(RiskAlert.complaint == first.id).execute()
    office = open_window(qtbot, seeded.office)
    text = office.risk_banner_text.text()
    assert text.startswith("⚠ 2 alerts from the desk wait for the office. Newest: 张伟 told the office of ")
    assert f"#{second.id}" in text and "顾客要求见总经理" in text and "顾客在大堂" not in text
    assert "The oldest waits since 12-05 18:39." in text or "The oldest waits since 2026-12-05 18:39." in text
    assert text.endswith("顾客要求见总经理"), "the desk's own words last"


def test_the_office_acknowledges_or_takes_a_case_over(qtbot: QtBot, seeded: Desk, english: None) -> None:
    quiet = receive(seeded.manager, receipt("电饭煲坏了", phone="13900000001"))
    threat = receive(seeded.manager, receipt("我要找律师起诉你们", phone="13900000002"))
    watch = receive(seeded.manager, receipt("我要找你们总部", phone="13900000003"))
    window = open_window(qtbot, seeded.office)
    window.navigation.setCurrentRow(SECTION_RISK)
    page = window.risk
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 2)
    assert [page.list.topLevelItem(i).text(1) for i in range(2)] == [f"#{threat.id}", f"#{watch.id}"]
    assert quiet.id not in [key[1] for key in page.rows]
    assert page.list.topLevelItem(0).text(0) == "● High" and "2 open cases at risk." in page.summary.text()
    assert page.list.topLevelItem(0).text(2) == "Not yet seen", "the office's column said nothing: empty"
    assert "The customer mentioned a lawyer or a court (“律师”)" in page.details.toPlainText()
    # The list across the page, the case and the answer below it (side by side, the answer's buttons left the
    # list a third of the page, its customer, category and state out of view).
    assert page.list.width() > 0.9 * page.width()
    list_bottom = page.list.mapTo(page, page.list.rect().bottomLeft()).y()
    assert list_bottom < page.details.mapTo(page, page.details.rect().topLeft()).y()

    assert not page.acknowledge_current()
    assert page.error.text() == "Write a note: what the office does about it."
    page.window().activateWindow()
    qtbot.waitUntil(lambda: page.note.editor.hasFocus())  # the cursor where the note goes (it stayed on the list)
    type_text(page.note.editor, "已电话联系顾客")
    # A note is the case's it was typed for: another case chosen shows its own (none), and it comes back.
    page.list.setCurrentItem(page.list.topLevelItem(1))
    assert page.note.text() == ""
    page.list.setCurrentItem(page.list.topLevelItem(0))
    assert page.note.text() == "已电话联系顾客"
    task = page.acknowledge_current()
    assert task and page.note.text() == ""
    seen = page.current().number
    assert page.recorded.isVisible() and page.recorded.text() == (
        f"Recorded: you have seen {seen}; the desk sees your note with the case."
    ), "the row's status changed, and nothing said so"
    qtbot.waitUntil(lambda: "Seen: 马晓红" in page.list.topLevelItem(0).text(2))

    # A take-over locks the desk out of the case: asked first (one click did it), then said.
    page.list.setCurrentItem(page.list.topLevelItem(1))
    assert not page.recorded.isVisible(), "said of the case chosen before"
    box = page.ask_take_over()
    assert f"Take #{watch.id} over? The desk can no longer go on with it" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert Complaint.get_by_id(watch.id).taken_over_by_id is None
    box = page.ask_take_over()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert Complaint.get_by_id(watch.id).taken_over_by_id == seeded.office.id
    assert page.recorded.text().startswith(f"#{watch.id} is yours now: the desk sees who took it over.")
    qtbot.waitUntil(lambda: any("Taken over: 马晓红" in page.list.topLevelItem(i).text(2) for i in range(2)))
    qtbot.waitUntil(lambda: page.current() is not None and page.current().taken_over_by_id == seeded.office.id)
    assert not page.take_over_button.isEnabled(), "taken over by this account already"

    desk = open_window(qtbot, seeded.manager)
    desk.navigation.setCurrentRow(SECTION_OPEN_CASES)
    queue = desk.open_cases.cases
    rows = {queue.topLevelItem(i).text(1): queue.topLevelItem(i) for i in range(queue.topLevelItemCount())}
    taken = rows[f"#{watch.id}"]
    assert "Taken over by 马晓红" in taken.text(4)
    desk.open_cases.cases.setCurrentItem(taken)
    assert not desk.open_cases.continue_button.isEnabled(), "the desk no longer goes on with it"
    desk.open_cases.cases.setCurrentItem(rows[f"#{quiet.id}"])
    assert desk.open_cases.continue_button.isEnabled()


def test_a_colleague_s_stale_list_cannot_take_over_a_case_already_taken_over(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """Two office accounts, two windows: the second's list still showed the case free, and its take-over made the
    case its own without a word to the first. Refused in words naming who has it and since when; the note typed
    stays, the list shows the holder, and the refusal stays said when it does."""
    case = receive(seeded.manager, receipt("我要找律师起诉你们，还要找记者曝光"))
    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    mine, theirs = open_window(qtbot, seeded.office), open_window(qtbot, colleague)
    for window in (mine, theirs):
        window.navigation.setCurrentRow(SECTION_RISK)
        qtbot.waitUntil(lambda window=window: window.risk.list.topLevelItemCount() == 1)
    assert mine.risk.take_over_current()
    taken_at = Complaint.get_by_id(case.id).updated_at
    page = theirs.risk
    assert page.current().taken_over_by == "", "the second window's list has not been read again yet"
    type_text(page.note.editor, "我来处理")
    assert not page.take_over_current()
    assert page.error.text() == (
        f"马晓红 took complaint #{case.id} over at {taken_at:%H:%M}, after your list was shown: nothing was changed. "
        "The list now shows who handles it."
    )
    assert Complaint.get_by_id(case.id).taken_over_by_id == seeded.office.id
    qtbot.waitUntil(lambda: "Taken over: 马晓红" in page.list.topLevelItem(0).text(2))
    assert page.error.text().startswith("马晓红 took complaint") and page.note.text() == "我来处理"


def test_an_alert_on_a_case_withdrawn_since_is_listed_and_answered(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The desk told the office, then the customer withdrew: the banner counted the alert, the risk list (open
    cases only) showed none, and nothing could answer it."""
    from models.intake import withdraw

    case = receive(seeded.manager, receipt("你们不处理我就打12315，找记者曝光！"))
    notify_office(seeded.manager, case.id, "high", decode_reasons(Complaint.get_by_id(case.id).risk_reasons))
    withdraw(seeded.manager, case, "顾客气消了，不再追究")
    window = open_window(qtbot, seeded.office)
    assert window.alerts.count == 1
    window.navigation.setCurrentRow(SECTION_RISK)
    page = window.risk
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    number = Complaint.get_by_id(case.id).archive_number
    row = page.list.topLevelItem(0)
    assert (row.text(1), row.text(6)) == (number, "Withdrawn")
    assert "1 alert from the desk waits for an answer." in page.summary.text()
    page.list.setCurrentItem(row)
    assert f"{number} · Withdrawn since the desk told the office" in page.details.toPlainText()
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [case.id]
    type_text(page.note.editor, "已电话回访，顾客不再追究")
    assert page.acknowledge_current()
    assert RiskAlert.get().answer_note == "已电话回访，顾客不再追究"
    from models.audit import AuditEvent

    answer = AuditEvent.get(AuditEvent.action == "risk_acknowledged")
    assert answer.complaint_id == case.id, "the case's own history says the office's answer"
    from models.verify import verify_report

    assert verify_report().problems == [], "an event after the seal, as a follow-up done is: the archive holds"
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 0)
    window.refresh_alerts()
    assert window.alerts.count == 0 and not window.risk_banner.isVisible()


def test_the_office_is_not_told_to_chase_itself_and_its_approval_answers_the_alert(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The advice under "Waiting for the office for 2 h" told the office to "Chase the office"; an approval left the
    desk's alert open, the banner asking the office to act after it had decided."""
    import datetime as dt

    from models.catalog import Remedy
    from models.complaint import Proposal
    from models.intake import Line, escalate
    from ui.main_window import SECTION_OFFICE

    case = receive(seeded.manager, receipt("我要打12315投诉你们"))
    kitchen = Department.get(Department.code == "kitchen")
    record_investigation(seeded.manager, case, Investigation("属实", kitchen.id, "", "full"))
    escalate(seeded.manager, case, [Line(Remedy.get(Remedy.code == "cash_compensation").id, "800")],
             "顾客要求赔偿800元，超出我的权限。")  # fmt: skip
    escalated = dt.datetime.now() - dt.timedelta(hours=2)
    Proposal.update(created_at=escalated).where(Proposal.complaint == case.id).execute()
    Complaint.update(updated_at=escalated).where(Complaint.id == case.id).execute()
    notify_office(seeded.manager, case.id, "high", decode_reasons(Complaint.get_by_id(case.id).risk_reasons),
                  note="顾客在大堂等候")  # fmt: skip
    window = open_window(qtbot, seeded.office)
    window.navigation.setCurrentRow(SECTION_RISK)
    page = window.risk
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    page.list.setCurrentItem(page.list.topLevelItem(0))
    shown = page.details.toPlainText()
    assert "Waiting for the office for 2 h" in shown and "Chase the office" not in shown
    assert "The desk and the customer are waiting for the office's decision: decide it under Escalated cases" in shown
    # Nor to say honestly that the office decides: the desk's advice, to the office itself.
    assert "Say honestly that the office decides" not in shown
    assert "The desk asks for more than it may grant: decide it under Escalated cases." in shown

    window.navigation.setCurrentRow(SECTION_OFFICE)
    assert window.escalations.select_case(case.id)
    window.escalations.record_decision()  # approved, without a note
    window.refresh_alerts()
    assert window.alerts.count == 0 and not window.risk_banner.isVisible()
    window.navigation.setCurrentRow(SECTION_RISK)
    page.refresh()
    qtbot.waitUntil(lambda: "Seen: 马晓红" in page.list.topLevelItem(0).text(2))
    page.list.setCurrentItem(page.list.topLevelItem(0))
    answered = r"马晓红 answered at \d\d-\d\d \d\d:\d\d\.\n"  # no colon before a note never written
    assert re.search(answered, page.details.toPlainText()), page.details.toPlainText()
    assert "The office has decided: the desk tells the customer its answer." in page.details.toPlainText()
    desk = open_window(qtbot, seeded.manager)
    wizard = desk.open_intake(case.id)
    qtbot.waitUntil(lambda: wizard.panel.risk.status.text() == "马晓红 of the office has seen it.", timeout=5000)


def test_at_1024_pixels_in_english_the_risk_list_s_state_is_in_view(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The state at the end was cut behind a scroll bar: the customer and the category give way now, whole on
    hovering."""
    from ui.office.risk_page import COLUMN_CATEGORY, COLUMN_CUSTOMER, COLUMN_STATE, COLUMN_STATUS

    billing = Category.get(Category.code == "billing").id
    name = "欧阳先生（常住客，行政楼层会员，会员号A1234567，随行三人）"
    for phone in ("13900000001", "13900000002"):
        threat = Receipt(
            customer_name=name, phone=phone, narrative="多收了钱，我要找律师起诉你们", category_id=billing,
            demand="退钱", acknowledged=True,
        )  # fmt: skip
        receive(seeded.manager, threat)
    window = open_window(qtbot, seeded.office)
    window.resize(1024, 768)
    window.navigation.setCurrentRow(SECTION_RISK)
    page = window.risk
    tree, header = page.list, page.list.header()
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2 and tree.viewport().width() < 800)
    qtbot.waitUntil(lambda: header.length() <= tree.viewport().width())
    item, metrics = tree.topLevelItem(0), tree.fontMetrics()
    for column in (COLUMN_STATE, COLUMN_STATUS):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(item.text(column)), item.text(column)
    assert header.sectionSize(COLUMN_CUSTOMER) < metrics.horizontalAdvance(item.text(COLUMN_CUSTOMER))
    assert item.toolTip(COLUMN_CUSTOMER).startswith("欧阳先生（常住客") and item.toolTip(COLUMN_CATEGORY)


def test_outside_our_scope_at_the_investigation(qtbot: QtBot, seeded: Desk, english: None) -> None:
    case = receive(seeded.manager, receipt("电饭煲内胆裂了"))
    window = open_window(qtbot, seeded.manager)
    wizard = window.open_intake(case.id)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_INVESTIGATE
    page = wizard.currentPage()
    dialog = page.open_referral()
    assert dialog.entries.item(0).text() == "A product fault of the manufacturer", "the category's own entry first"
    assert {dialog.entries.item(i).text() for i in range(dialog.entries.count())} >= {
        "Threats, violence or a crime",
        "A medical emergency or an injury",
    }
    dialog.record()
    assert dialog.error.text() == "Choose where the customer is sent."
    dialog.choose(0)
    assert "12315" in dialog.given.text()
    dialog.given.setText("请联系厂家售后，仍有争议可拨打12315。")
    dialog.record()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert case_detail(case.id).referral_given == "请联系厂家售后，仍有争议可拨打12315。"
    assert page.referral.isVisible()
    told = "请联系厂家售后，仍有争议可拨打12315。"
    assert page.referral.text() == f"Referred: A product fault of the manufacturer. {told}"


def test_the_case_view_shows_the_risk_the_take_over_and_the_referral(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    case = receive(seeded.manager, receipt("再不退款我就打12315"))
    kitchen = Department.get(Department.code == "retail")
    record_investigation(seeded.manager, case, Investigation("内胆有裂纹", kitchen.id, "", "partial"))
    refer(seeded.manager, case, ReferralGuide.get(ReferralGuide.code == "manufacturer_quality").id, "联系厂家售后")
    notify_office(seeded.manager, case.id, "high", decode_reasons(Complaint.get_by_id(case.id).risk_reasons))
    take_over(seeded.office, case, "办公室接手")
    window = open_window(qtbot, seeded.office)
    view = window.show_case(case.id)
    text = view.details.toPlainText()
    assert "Escalation risk" in text and "● High" in text
    assert "The customer mentioned the 12315 consumer platform (“12315”)" in text
    assert "Taken over by" in text and "马晓红" in text
    assert "Referred to" in text and "联系厂家售后" in text
    for action in ("Office told of an escalation risk", "Taken over by the office", "Referred to an outside body"):
        assert action in text
    assert "Escalation risk: — → High" in text, "the history says when the risk changed"
    assert "alert: " not in text, "an alert's id says nothing to a person"


def test_the_office_edits_the_risk_words_and_the_referral_guide(qtbot: QtBot, seeded: Desk, english: None) -> None:
    window = open_window(qtbot, seeded.office)
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.catalogues["risk_keyword"]
    assert tab.list.topLevelItemCount() == RiskKeyword.select().count() == 29
    tab.start_new()
    assert not tab.save() and tab.error.text() == "Write the word."
    type_text(tab.widgets["word"], "信访")
    tab.widgets["risk_group"].setCurrentIndex(tab.widgets["risk_group"].findData("12345"))
    tab.widgets["weight"].setValue(3)
    assert tab.save()
    word = RiskKeyword.get(RiskKeyword.word == "信访")
    assert (word.risk_group, word.weight, word.active) == ("12345", 3, True)
    assert tab.list.currentItem().text(0) == "信访 · the 12345 city hotline · 3"
    tab.toggle_active()
    assert not RiskKeyword.get_by_id(word.id).active and "(retired)" in tab.list.currentItem().text(0)

    guide = window.catalogues.catalogues["referral"]
    guide.start_new()
    guide.widgets["name"].setText("消费者权益纠纷")
    guide.widgets["name_en"].setText("Consumer rights dispute")
    assert not guide.save() and guide.error.text() == "Say where the customer is sent."
    guide.widgets["refer_to"].setPlainText("拨打12315")
    guide.widgets["category"].setCurrentIndex(guide.widgets["category"].findData(Category.get(code="billing").id))
    assert guide.save()
    entry = ReferralGuide.get(ReferralGuide.code == "consumer_rights_dispute")
    assert entry.category.code == "billing" and entry.refer_to == "拨打12315"


def test_main_py_risk_prints_the_level_and_every_reason(
    run_main: object, seeded: Desk, open_copy: OpenCopy
) -> None:
    status, out, err = run_main(
        "--db", open_copy.url, "risk", "--language", "en", "再不处理我就打12315", "我的电话是13811012345"
    )
    assert status == 0 and err == ""
    assert out.splitlines()[0] == "escalation risk: High (3 points)"
    assert "the 12315 consumer platform (“12315”) [threat: group=12315, weight=3, word=12315; 3 points]" in out
    assert "“110” (the police) in “我的电话是13811012345”: digits inside a longer number" in out
    assert out.splitlines()[-1] == "keyword list: 29 active words"
    status, out, _ = run_main("--db", open_copy.url, "risk", "--language", "zh_CN", "我不会去消协的")
    assert status == 0 and out.splitlines()[0] == "越级风险：关注（1 分）"
    reason = "顾客提到消费者协会（“消协”），但表示不会去（“不会”）"
    assert f"  - {reason}（否定词：不会；类别：消费者协会；关键词：消协；计 1 分）" in out
    assert not re.search("[A-Za-z]", out), "no English code in the Chinese report"


def test_main_py_risk_refuses_bad_input(run_main: object, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_main("--db", str(tmp_path / "desk.db"), "risk")
    assert stopped.value.code == 2, "no text to assess"
    status, out, err = run_main("--db", str(tmp_path / "missing.db"), "risk", "我要打12315")
    assert (status, out) == (2, "") and "does not exist" in err
    assert not (tmp_path / "missing.db").exists(), "trying the list never creates a database"


@pytest.mark.sqlite_only  # a file the desk made and nobody set up
def test_main_py_risk_on_a_database_not_set_up_says_its_list_is_empty(
    run_main: object, database: object, database_path: Path
) -> None:
    """A file the desk made whose set-up was not finished: "No sign (0 points)" for 我要打12315, the empty list
    named only as "0 active words"."""
    status, out, _ = run_main("--db", str(database_path), "risk", "--language", "en", "我要打12315")
    assert status == 0 and out.splitlines()[0] == "escalation risk: No sign (0 points)"
    assert out.splitlines()[-1].startswith("the keyword list is empty: no threat can be recognised.")


def test_the_desk_sees_a_take_over_while_it_works(qtbot: QtBot, seeded: Desk, english: None) -> None:
    case = receive(seeded.manager, receipt("我要找律师起诉你们"))
    desk = open_window(qtbot, seeded.manager)
    wizard = desk.open_intake(case.id)
    settled(qtbot, wizard)
    assert wizard.panel.risk.notify_button.isVisible() and wizard.panel.risk.status.isHidden()
    take_over(seeded.office, case, "办公室接手")
    qtbot.waitUntil(lambda: wizard.panel.risk.status.text() == "Taken over by 马晓红 of the office.", timeout=5000)
    assert not wizard.panel.risk.notify_button.isVisible()


def test_the_handover_dialog_shows_the_cases_at_risk(qtbot: QtBot, seeded: Desk, english: None) -> None:
    threat = receive(seeded.manager, receipt("我要找律师起诉你们"))
    quiet = receive(seeded.manager, receipt("电饭煲坏了", phone="13900000005"))
    window = open_window(qtbot, seeded.manager)
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    cells = [[c for c in re.split(r"(?:\s*<[^>]+>\s*)+", row) if c] for row in dialog.sheet_view.toHtml().split("<tr>")]
    rows = {cells[0]: cells[1:] for cells in cells if cells and cells[0].startswith("#")}
    assert rows[f"#{threat.id}"][-1] == "● High"
    assert rows[f"#{quiet.id}"][2] != "● High" and "Watch" not in rows[f"#{quiet.id}"][2], "no risk: an empty cell"


def test_the_overview_in_view_follows_another_desks_new_complaint(qtbot: QtBot, seeded: Desk, english: None) -> None:
    office = open_window(qtbot, seeded.office)
    office.overview_due.setInterval(50)
    received = office.overview.cards["received_today"].value
    qtbot.waitUntil(lambda: received.text().isdigit(), timeout=5000)
    before = int(received.text())
    receive(seeded.manager, receipt("汤里有头发", phone="13900000009"))  # another desk saves: no refresh here
    qtbot.waitUntil(lambda: received.text() == str(before + 1), timeout=5000)
