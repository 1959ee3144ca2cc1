"""The Simplified Chinese a duty manager and an office clerk read (review d of the Chinese interface): a wait said
as a person says it, one word for one thing (另提要求, 接受 / 不接受, 授权额度, 越级风险列表, 归档, 投诉 not 案件,
已超期 for a deadline), natural hot-spot sentences, buttons that say what they do."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from models.catalog import IntakeStep

from conftest import Desk


def said(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def test_the_promised_wait_is_said_as_a_person_says_it(qtbot: QtBot, seeded: Desk, chinese: None) -> None:
    """"我马上去核实，大约2880分钟给您答复" was read aloud to an upset customer (a case of 480 minutes said 480分钟)."""
    from ui.main_window import MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    panel = window.open_intake().panel
    at = dt.datetime.now() + dt.timedelta(days=2)
    for minutes, wait in ((2880, "大约两天给您答复"), (480, "大约八个小时给您答复"), (15, "大约15分钟给您答复"),
                          (30, "大约半个小时给您答复"), (90, "大约一个半小时给您答复")):  # fmt: skip
        panel.set_promised_at(at, minutes)
        panel.set_step(IntakeStep.INVESTIGATE)
        assert wait in panel.prompts.text(), minutes
        assert "分钟给您答复" not in panel.prompts.text() or minutes == 15


def test_the_english_wait_is_said_in_hours_and_days_too(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    panel = window.open_intake().panel
    panel.set_promised_at(dt.datetime.now() + dt.timedelta(days=2), 2880)
    panel.set_step(IntakeStep.INVESTIGATE)
    assert "come back within 2 days" in panel.prompts.text() and "2880" not in panel.prompts.text()


def test_the_customer_s_answer_has_one_word_each(chinese: None) -> None:
    """Six names for the counter-demand (提出新要求, 顾客新要求, 顾客改提要求, 顾客反提要求 …) and 同意 / 不同意
    beside the buttons' 接受 / 不接受."""
    from ui.labels import code_name

    answers = [code_name("consent", code) for code in ("accepted", "declined", "countered")]
    assert answers == ["接受", "不接受", "另提要求"]
    assert [code_name("state", code) for code in ("agreed", "declined")] == ["顾客已接受", "顾客不接受"]
    assert code_name("proposal_status", "countered") == "顾客另提要求"
    assert said("ConsentPage", "&Counter-demand") == "另提要求(&C)"
    assert said("ConsentPage", "They ask &instead:") == "顾客另提要求(&I)："
    assert said("CaseText", "They asked instead: %1") == "顾客另提要求：%1"
    assert said("CaseView", "Counter-demand") == "顾客另提要求"
    assert code_name("proposal_stage", "superseded_by_office") == "已由办公室调整"


def test_a_hot_spot_is_said_in_natural_chinese(chinese: None) -> None:
    """"2026-12-07当天二楼中餐厅的菜品质量类投诉的第5起投诉" (three 的, 投诉 twice) and "通常0.2起"."""
    from models.control.hotspots import Group, Sentence
    from models.control.tallies import GroupKind
    from ui.hotspot_text import sentence_text

    group = Group(GroupKind.CATEGORY_LOCATION, "二楼中餐厅", "3", "菜品质量", "二楼中餐厅", "Food quality")
    window = Sentence("on {day}", {"day": "2026-12-07"})
    told = Sentence("Complaint no. {count} {window} {group}: a hot-spot; the office is told.",
                    {"count": 5, "window": window, "group": group.describe()})  # fmt: skip
    assert sentence_text(told) == (
        "二楼中餐厅菜品质量类投诉2026-12-07当天已有 5 件（含本投诉），已成为热点投诉，已通知办公室。"
    )
    reason = Sentence("{group}: {count} complaints {window}; usually {expected}, unusual above {threshold}",
                      {"group": group.describe(), "count": 6, "window": window, "expected": "0.2",
                       "threshold": 4})  # fmt: skip
    # "以往同期平均约 0.2 件" beside earlier windows of 0·0·1·1: the model's usual count, not their mean.
    assert sentence_text(reason) == (
        "二楼中餐厅菜品质量类投诉：2026-12-07当天共 6 件；通常约 0.2 件，超过 4 件即属异常"
    )


def test_one_name_for_one_thing(chinese: None) -> None:
    """The authority limit (权限, 额度, 每单额度), the risk list, the 12345 hotline, 案件 and 档案, 办法 and 建议
    for the proposal, 逾期 beside 超期, and buttons that did not say what they do."""
    from ui.labels import code_name

    assert said("AccountsPage", "Per case") == "每单授权额度" == said("AnalysisPage", "Limit per case")
    assert said("AccountsPage", "Per day") == "每日授权额度" == said("AnalysisPage", "Daily limit")
    # The intake, the quick case and the printed form name liability alike (公司责任 in the intake).
    assert said("InvestigatePage", "Company's &liability:") == "责任认定(&L)："
    assert said("QuickCaseDialog", "Liability:") == "责任认定："
    assert said("ConsentPage", "Answer:") == "顾客意见：", "as the form's 顾客意见 (the intake said 顾客答复)"
    assert said("ProposePage", "Total %1 yuan · your limit %2 yuan a case · %3 yuan left of today's limit") == (
        "合计 %1 元 · 您的每单授权额度 %2 元 · 今日剩余授权额度 %3 元"
    )
    assert said("MainWindow", "Open the ris&k list") == "打开越级风险列表(&K)"
    assert "越级风险列表" in said(
        "RiskIndicator", "The office sees this case at once on its risk list; go on with the customer meanwhile."
    )
    assert code_name("risk_group", "12345") == "12345政务服务便民热线"
    assert said("BackupsPage", "Cases") == "投诉数"
    assert "案件" not in said("BackupsPage", "Restore the backup taken %1 (%2 cases)? It checked out.")
    assert said("DonePage", "The record is sealed into the office archive.") == "记录已封存归档。"
    prints = said("DonePage", "The office prints archived complaint forms from the archive.")
    assert prints == "归档记录表由办公室打印。"
    match = "Match the remedy to the company's liability, tell the customer patiently and ask for their view."
    assert "处理方案" in said("ProposePage", match)
    assert said("ActionsPage", "%1, overdue") == "%1，已超期"
    assert said("OfficeBoard", "Improvement actions overdue") == "已超期的整改措施"
    assert said("MainWindow", "Quick case (small, clear)…") == "快速处理（事小、责任清楚）…"
    assert said("LoginDialog", "Take &over the desk") == "接班登录(&O)"
    assert said("ArchivePage", "Print &all listed…") == "打印列表中全部(&A)…"
    assert said("BackupsPage", "Beside the &database") == "用数据库所在文件夹(&D)"
    assert said("AnalysisPage", "Remedy: %1") == "补偿类型：%1"  # the kinds, not the catalogue's 补偿方式
    assert said("RiskText", "A serious matter: {kind}") == "严重情形（{kind}）"  # not 涉及卫生: every such case is
    assert said("ExternalCasesPage", "Reference, customer, phone or number") == "外部编号、顾客、电话或投诉编号"
    assert said("ActionDialog", "Who sees it through, e.g. head chef Zhou") == "负责落实的人，如厨师长周某"


def test_the_external_channels_tab_names_all_its_buttons(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """After "New channel" the third button had no text at all until a channel was chosen."""
    from ui.office.external_channels_tab import ExternalChannelsTab

    tab = ExternalChannelsTab(seeded.office)
    qtbot.addWidget(tab)
    tab.refresh()
    assert tab.retire_button.text() == "&Retire" and not tab.retire_button.isEnabled()
    tab.start_new()
    assert tab.retire_button.text() == "&Retire"


def test_the_printed_action_list_s_title_says_zhi_between_chinese_dates(seeded: Desk) -> None:
    """整改措施一览表 2026-01-01–2026-12-31: an en dash between Chinese dates."""
    from ui.office.actions_page import render_action_list

    title, _pdf = render_action_list(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "zh_CN")
    assert title == "整改措施一览表 2026-01-01至2026-12-31"
    assert render_action_list(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "en")[0].endswith("2026-01-01–2026-12-31")
