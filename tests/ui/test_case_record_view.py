"""The register's case view and the office's queue show every proposal in
order with the customer's answer to it, as the printed form does (issue #9)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, ConsentAnswer, Liability, OfficeDecision
from models.intake import (
    Consent,
    Investigation,
    Line,
    Receipt,
    escalate,
    propose,
    receive,
    record_consent,
    record_investigation,
)
from models.staff import Staff
from ui.office.escalations import EscalationsPage
from ui.register.case_view import CaseView

from conftest import Desk, set_limits, type_text


@pytest.fixture
def desk(seeded: Desk) -> dict[str, Staff]:
    return {"manager": set_limits(seeded.manager, "200", "300"), "office": seeded.office}


def investigated(manager: Staff) -> Complaint:
    case = receive(
        manager,
        Receipt(
            customer_name="刘先生",
            phone="13812345678",
            narrative="我点的宫保鸡丁里吃出一根头发！",
            category_id=Category.get(Category.code == "food_quality").id,
            demand="要求重做并道歉",
            acknowledged=True,
        ),
    )
    kitchen = Department.get(Department.code == "kitchen")
    return record_investigation(manager, case, Investigation("属实", kitchen.id, "", Liability.FULL))


def lines(code: str, amount: str) -> list[Line]:
    return [Line(Remedy.get(Remedy.code == code).id, amount)]


def shown(qtbot: QtBot, case: Complaint, staff: Staff) -> str:
    view = CaseView(case.id, staff)
    qtbot.addWidget(view)
    view.show()
    return view.details.toPlainText()


def after(text: str, *needles: str) -> bool:
    position = 0
    for needle in needles:
        position = text.find(needle, position)
        if position < 0:
            return False
        position += 1
    return True


def test_the_case_view_keeps_a_counter_demand_after_acceptance(
    qtbot: QtBot, desk: dict[str, Staff], english: None
) -> None:
    manager = desk["manager"]
    case = investigated(manager)
    propose(manager, case, lines("free_drink", "30"))
    record_consent(manager, case, Consent(ConsentAnswer.COUNTERED, satisfaction=2, counter_demand="要求整单免单"))
    propose(manager, case, lines("bill_discount", "150"))
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, satisfaction=4, witness="领班小张"))
    text = shown(qtbot, case, manager)
    assert after(
        text, "Proposal 1", "Offered to the customer", "30.00", "Counter-demand", "satisfaction 2 / 5",
        "They asked instead: 要求整单免单", "Proposal 2", "150.00", "Accepted", "satisfaction 4 / 5",
    ), text  # fmt: skip
    assert "Counter-demand: 要求整单免单 → —" in text, "the history names the field in words"


def test_the_office_queue_and_the_case_view_show_both_the_desk_s_and_the_office_s_proposal(
    qtbot: QtBot, desk: dict[str, Staff], english: None
) -> None:
    manager, office = desk["manager"], desk["office"]
    case = investigated(manager)
    escalate(manager, case, lines("cash_compensation", "500"), "顾客要求现金赔偿500元，超出我的权限。")
    queue = EscalationsPage()
    qtbot.addWidget(queue)
    queue.set_staff(office)
    assert queue.refresh() == 1
    assert after(queue.details.toPlainText(), "Proposal 1", "Escalated to the office", "张伟", "500.00")
    queue.choice_buttons[OfficeDecision.CHANGED].setChecked(True)
    queue.lines.set_lines([(Remedy.get(Remedy.code == "voucher").id, Decimal("200"), "")])
    type_text(queue.note.editor, "改为200元代金券")
    qtbot.mouseClick(queue.decide_button, Qt.MouseButton.LeftButton)
    assert queue.queue.topLevelItemCount() == 0 and not queue.error.text()

    text = shown(qtbot, case, manager)
    assert after(
        text, "Proposal 1", "Superseded by the office's change", "张伟", "500.00", "Remedy changed by the office",
        "马晓红", "Proposal 2", "Decided by the office", "马晓红 (office)", "200.00", "改为200元代金券",
    ), text  # fmt: skip


def signature_png() -> bytes:
    """A small drawn signature, as the signature pad gives it."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(60, 20, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def test_the_history_speaks_plain_words(qtbot: QtBot, desk: dict[str, Staff], english: None) -> None:
    """Every field in the user's language, values formatted, internal fields hidden; the summary shows
    the signature and what is still owed; a promised item is no call-back."""
    import datetime as dt

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from models.intake import Closing, Consent, FollowUpRequest, close, propose, record_consent

    manager = desk["manager"]
    case = investigated(manager)
    propose(manager, case, lines("free_drink", "20"), "马上重做")
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, 5, signature_png(), ""))
    due = dt.datetime.combine(dt.date.today() + dt.timedelta(days=30), dt.time(10, 0))
    close(manager, case, Closing([FollowUpRequest("call_back", due, "回访满意度"),
                                  FollowUpRequest("promised_item", None, "送果盘到1208")], ""))  # fmt: skip
    view = CaseView(case.id, desk["office"])
    qtbot.addWidget(view)
    view.show()
    text = view.details.toPlainText()
    for raw in ("acknowledged", "moved_to_private", "staff_involved", "promised_minutes", "signature_png",
                "closed_by", "consent_at", "call_back", "promised_item", "bytes>", "True", "kind:"):  # fmt: skip
        assert raw not in text, raw
    assert re.search(r"\d{2}:\d{2}:\d{2}", text) is None, "no seconds, no microseconds"
    assert "Repeated back and confirmed: yes" in text and "Reply promised in: 15 min" in text
    assert f"Closed by: — → {manager.full_name}" in text
    assert "Promised item recorded" in text and "Call-back planned" in text
    assert text.count("Call-back planned") == 1, "the promised item is not labelled a call-back"
    owed = ("Follow-ups", "Call-back", f"{due:%Y-%m-%d %H:%M}", "回访满意度", "to do", "Promised item", "送果盘到1208")
    assert after(text, *owed)
    assert "Customer's signature:" in text
    image = view.details.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("signature.png"))
    assert image is not None and not image.isNull(), "the signature shown as a picture"


def test_the_history_writes_amounts_and_colons_as_the_language_does(
    qtbot: QtBot, seeded: Desk, chinese: None
) -> None:
    """An amount as amounts are shown (1,189.00, not the record's 1189.00); Chinese labels with a full-width colon."""
    from models.intake import Consent, propose, record_consent

    manager = set_limits(seeded.manager, "2000", "5000")
    case = investigated(manager)
    propose(manager, case, lines("refund", "1189"), "全额退款")
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, 5, None, "小王"))
    view = CaseView(case.id, seeded.office)
    qtbot.addWidget(view)
    view.show()
    text = view.details.toPlainText()
    assert "合计：1,189.00" in text and "1189.00" not in text
    assert "顾客签名：口头同意" in text and "顾客签名:" not in text


def test_the_case_view_shows_every_fact_the_form_prints(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The withdrawal's reason appeared nowhere on screen (the form printed it); nor the promise, the channel,
    the severity, the liability, what the desk told the customer, who closed it."""
    from models.intake import withdraw

    manager = set_limits(seeded.manager, "200", "300")
    case = investigated(manager)
    propose(manager, case, lines("free_drink", "20"), "先送饮料表示歉意")
    view = CaseView(case.id, seeded.office)
    qtbot.addWidget(view)
    text = view.details.toPlainText()
    for fact in ("Came in\nIn person", "Severity\nLow", "Reply promised by\n", "Liability\nFull",
                 "Told the customer: 先送饮料表示歉意"):  # fmt: skip
        assert fact in text, fact
    assert "\nComplimentary drink: 20.00 yuan\n" in text, "details left empty: the remedy once, in English"
    made = rf" · made by {manager.full_name} at \d{{4}}-\d\d-\d\d \d\d:\d\d\n"
    assert re.search(made, text), "who made it and when (not who decided)"
    withdraw(manager, case.id, "顾客赶飞机先行离开，表示不再追究")
    view = CaseView(case.id, seeded.office)
    qtbot.addWidget(view)
    text = view.details.toPlainText()
    assert re.search(rf"Withdrawn\n\d{{4}}-\d\d-\d\d \d\d:\d\d · {manager.full_name}\n", text), text
    assert "Reason for withdrawing\n顾客赶飞机先行离开，表示不再追究" in text


def test_enter_in_a_case_opened_to_read_closes_it_and_continues_nothing(
    qtbot: QtBot, desk: dict[str, Staff], english: None
) -> None:
    """Review 104: Enter on a case opened from the register pressed Continue this case (the dialog's first button):
    the view closed and the intake opened."""
    case = investigated(desk["manager"])
    view = CaseView(case.id, desk["manager"])
    qtbot.addWidget(view)
    view.show()
    assert view.continue_button.isVisible(), "an open case the duty manager may continue"
    continued: list[int] = []
    view.continue_case.connect(continued.append)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    with qtbot.waitSignal(view.rejected):
        qtbot.keyClick(view.details, Qt.Key.Key_Return)
    assert continued == []
