"""One table names the stored codes (ui/paper/code_labels.py): the screens
translate its English through Qt (ui/labels.py), the printed forms take its
Chinese or English; the register's severities come from the same table."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from ui.labels import code_name, role_label, state_label
from ui.paper.code_labels import CODE_NAMES, code_label


def test_the_screens_translate_the_table_s_source_through_qt(chinese: None) -> None:
    assert code_name("severity", "low") == "一般"
    assert state_label("closed") == "已结案"
    assert role_label("office") == "办公室"
    assert code_name("remedy_kind", "refund") == "退款"
    assert code_name("step", "consent") == "顾客意见"
    assert code_name("language", "en") == "English"


def test_the_screens_and_the_forms_give_a_code_the_same_chinese_name(chinese: None) -> None:
    differ = {
        (group, code): (code_name(group, code), name.zh)
        for group, names in CODE_NAMES.items()
        for code, name in names.items()
        if group != "language" and code_name(group, code) != name.zh
    }
    assert differ == {}


def test_the_screens_and_the_forms_give_a_risk_the_same_chinese_words(chinese: None) -> None:
    """The risk's reasons and advice printed on a form are the words the desk's risk panel showed."""
    from PySide6.QtCore import QCoreApplication

    from ui.paper import risk_labels

    entries = [
        entry
        for table in (risk_labels.REASONS, risk_labels.THREAT_ADVICE, risk_labels.ADVICE, risk_labels.MISSES)
        for entry in table.values()
    ]
    differ = {
        entry.source.text: (QCoreApplication.translate(entry.source.context, entry.source.text), entry.zh)
        for entry in entries
        if QCoreApplication.translate(entry.source.context, entry.source.text) != entry.zh
    }
    assert differ == {}


def test_in_english_the_screens_show_the_source(english: None) -> None:
    assert state_label("escalated") == "Escalated"
    assert code_name("action", "investigated") == "Investigation recorded"
    assert code_name("consent", "countered") == "Counter-demand"
    assert code_name("language", "zh_CN") == "简体中文"
    assert code_name("severity", "nonsense") == "nonsense"
    assert code_name("severity", "") == ""


def test_the_forms_print_the_table_s_words() -> None:
    assert code_label("state", "escalated", "zh_CN") == "已上报办公室"
    # The English form says more than the screen's column has room for.
    assert code_label("state", "escalated", "en") == "Escalated to the office"
    assert code_label("severity", "high", "zh_TW") == "严重"
    assert code_label("severity", "high", "de") == "High"
    assert code_label("follow_up", None, "zh_CN") == ""


def test_a_source_text_has_one_chinese_name_in_its_context() -> None:
    """Qt translates a (context, source) pair once: two codes sharing it must mean the same."""
    chinese: dict[tuple[str, str], set[str]] = defaultdict(set)
    for names in CODE_NAMES.values():
        for name in names.values():
            chinese[name.source].add(name.zh)
    assert {source: names for source, names in chinese.items() if len(names) > 1} == {}


def test_no_screen_keeps_names_of_its_own_in_the_table_s_contexts() -> None:
    root = next(folder for folder in Path(__file__).resolve().parents if (folder / "main.py").exists())
    contexts = sorted({name.source.context for names in CODE_NAMES.values() for name in names.values()})
    marked = re.compile(r'QT_TRANSLATE_NOOP\(\s*"(?:' + "|".join(contexts) + ')"')
    table = root / "ui" / "paper" / "code_labels.py"
    elsewhere = [
        str(path.relative_to(root))
        for path in sorted((root / "ui").rglob("*.py"))
        if path != table and marked.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_screens_name_a_hot_spot_s_group_as_the_work_summary_does(language: str, qapp: object) -> None:
    """One way to name what a hot-spot's complaints share: the screens (overview, hot-spots, actions) and the work
    summary (its Chinese once read 分类“卫生” and 行政酒廊·卫生 on screen, 卫生类投诉 and 行政酒廊的卫生类投诉
    on paper)."""
    from models.analysis.summary import EN, ZH, _hotspot_text
    from models.control.hotspots import Group
    from models.control.tallies import GroupKind
    from ui.hotspot_text import group_text
    from ui.i18n import install_translators

    groups = {
        GroupKind.CATEGORY: Group(GroupKind.CATEGORY, "", "3", "卫生", "", "Cleanliness"),
        GroupKind.LOCATION: Group(GroupKind.LOCATION, "", "前台", "前台", ""),
        GroupKind.DEPARTMENT: Group(GroupKind.DEPARTMENT, "", "2", "客房部", "", "Housekeeping"),
        GroupKind.STAFF: Group(GroupKind.STAFF, "", "小王", "小王", ""),
        GroupKind.CATEGORY_LOCATION: Group(
            GroupKind.CATEGORY_LOCATION, "行政酒廊", "3", "卫生", "行政酒廊", "Cleanliness"
        ),
        GroupKind.PHRASE_CATEGORY: Group(GroupKind.PHRASE_CATEGORY, "3", "老鼠", "老鼠", "卫生", "", "Cleanliness"),
        GroupKind.PHRASE_LOCATION: Group(GroupKind.PHRASE_LOCATION, "行政酒廊", "老鼠", "老鼠", "行政酒廊"),
    }
    assert set(groups) == set(GroupKind)
    install_translators(language)
    try:
        words = ZH if language == "zh_CN" else EN
        for group in groups.values():
            assert group_text(group) == _hotspot_text(words, group, language), group.kind
    finally:
        install_translators("en")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_prompt_kind_is_named_by_the_group_the_intake_shows_it_under(language: str, qapp: object) -> None:
    """The catalogue's kinds of prompt and the intake's prompt panel: one vocabulary (the catalogue once said
    检查项, 态度, 解释 where the intake shows 要做, 可以这样说, 牢记)."""
    from PySide6.QtCore import QCoreApplication

    from models.catalog import PromptKind
    from ui.i18n import install_translators
    from ui.intake.prompt_panel import GROUPS

    install_translators(language)
    try:
        for title, kinds, _ in GROUPS:
            group = QCoreApplication.translate("PromptPanel", str(title))
            for kind in kinds:
                assert code_name("prompt_kind", kind).startswith(group), (kind, group)
        assert {kind for _, kinds, _ in GROUPS for kind in kinds} == set(PromptKind)
    finally:
        install_translators("en")
