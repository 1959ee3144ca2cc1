"""The zh_CN translation is complete, current with the code, and keeps every placeholder."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "complaint_desk_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"%L?n|%L?\d|\{\w*\}")
TOOLS = Path(sys.executable).parent


def messages(path: Path) -> list[ET.Element]:
    gone = ("vanished", "obsolete")
    return [m for m in ET.parse(path).iter("message") if m.find("translation").get("type") not in gone]


def translations(message: ET.Element) -> list[str]:
    element = message.find("translation")
    forms = [form.text or "" for form in element.findall("numerusform")]
    return forms or [element.text or ""]


def test_no_entry_is_unfinished() -> None:
    unfinished = [m.findtext("source") for m in messages(TS) if m.find("translation").get("type") == "unfinished"]
    assert not unfinished
    assert all(text.strip() for m in messages(TS) for text in translations(m))


def placeholders(text: str) -> list[str]:
    """Its placeholders, %Ln as %n (Qt fills both; the L writes the number as the language groups it: 3,000)."""
    return sorted(found.replace("%L", "%") for found in PLACEHOLDER.findall(text))


def test_placeholders_match() -> None:
    for message in messages(TS):
        source = message.findtext("source")
        expected = placeholders(source)
        for text in translations(message):
            assert placeholders(text) == expected, f"{source!r} → {text!r}"


def test_accelerators_survive_translation() -> None:
    for message in messages(TS):
        source = message.findtext("source")
        if re.search(r"&\w", source):
            assert all(re.search(r"&\w", text) for text in translations(message)), source


def test_the_catalogue_is_current_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in (*ROOT.glob("ui/**/*.py"), *ROOT.glob("models/**/*.py"), ROOT / "main.py")]
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete", "-silent"],
        check=True,
        capture_output=True,
    )
    in_code = {(m.findtext("source"), m.findtext("comment")) for m in messages(fresh)}
    in_catalogue = {(m.findtext("source"), m.findtext("comment")) for m in messages(TS)}
    assert in_code - in_catalogue == set(), "run pyside6-lupdate and translate the new strings"
    assert in_catalogue - in_code == set(), "run pyside6-lupdate -no-obsolete to drop strings the code lost"


def test_every_marked_string_of_the_code_is_in_the_catalogue() -> None:
    """What Python reads as a marked string (``translate``, ``QT_TRANSLATE_NOOP`` with a literal context and text)
    is in the catalogue: lupdate passes over a call it cannot parse without a word (``translate(context, text,
    None, len(rows))`` was not extracted at all, and the command line printed it in English under Chinese)."""
    in_catalogue = {(context.findtext("name"), m.findtext("source")) for context in ET.parse(TS).iter("context")
                    for m in context.iter("message")}  # fmt: skip
    marked = []
    for path in (*ROOT.glob("ui/**/*.py"), *ROOT.glob("models/**/*.py"), ROOT / "main.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            context, text = node.args[:2]
            if (
                name in ("translate", "QT_TRANSLATE_NOOP")
                and isinstance(context, ast.Constant)
                and isinstance(context.value, str)
                and isinstance(text, ast.Constant)
                and isinstance(text.value, str)
            ):
                marked.append((context.value, text.value, f"{path.relative_to(ROOT)}:{node.lineno}"))
    assert len(marked) > 900, "the walk finds the marked strings"
    assert [where for context, text, where in marked if (context, text) not in in_catalogue] == []


def test_the_compiled_catalogue_matches_the_source(tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.qm"
    lrelease = shutil.which("pyside6-lrelease", path=str(TOOLS))
    subprocess.run([lrelease, str(TS), "-qm", str(compiled), "-silent"], check=True, capture_output=True)
    assert compiled.read_bytes() == QM.read_bytes(), "run pyside6-lrelease to recompile the .qm"


def test_the_compiled_catalogue_translates(qapp: QCoreApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("MainWindow", "Complaint Desk") == "投诉受理台"
    assert translator.translate("DomainError", "The user name or the password is wrong.") == "用户名或密码错误。"


def test_no_tr_call_hides_inside_an_f_string() -> None:
    """lupdate does not read the expressions of an f-string: a ``tr()`` there is
    never extracted, and the screen stays in English whatever the language."""
    import ast

    hidden = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and getattr(call.func, "attr", getattr(call.func, "id", "")) in (
                        "tr",
                        "translate",
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden


def test_english_counts_say_one_complaint_and_two_complaints(english: None) -> None:
    from PySide6.QtCore import QCoreApplication

    def count(n: int) -> str:
        return QCoreApplication.translate("RegisterPage", "%Ln complaint(s)", "", n)

    assert (count(1), count(2), count(12345)) == ("1 complaint", "2 complaints", "12,345 complaints")


def test_chinese_sentences_clauses_and_labels_take_full_width_marks(chinese: None) -> None:
    from ui.i18n import clauses, labelled, sentences, with_count

    alerts, told, note = "⚠ 前台有 2 条提醒。", "黄勇通知办公室：#2982。", "顾客在大堂大声争吵"
    assert sentences(alerts, told, "", note) == "⚠ 前台有 2 条提醒。黄勇通知办公室：#2982。顾客在大堂大声争吵"
    assert labelled("合计", "183.00") == "合计：183.00"
    assert clauses(["结案 199", "撤回 10"]) == "结案 199；撤回 10"
    assert with_count("前台未结投诉", 15) == "前台未结投诉（15）"


@pytest.mark.parametrize(
    ("minutes", "english", "chinese"),
    [(40, "40 min", "40 分钟"), (18 * 60 + 7, "18 h 7 min", "18 小时 7 分钟"), (120, "2 h", "2 小时"),
     (1440 + 21 * 60 + 59, "1 d 21 h", "1 天 21 小时"), (346 * 1440 + 5, "346 days", "346 天")],
)  # fmt: skip
def test_every_screen_writes_a_wait_one_way(qapp: QCoreApplication, minutes: int, english: str, chinese: str) -> None:
    from ui.i18n import duration_words, install_translators

    try:
        install_translators("zh_CN")
        assert duration_words(minutes) == chinese
    finally:
        install_translators("en")
    assert duration_words(minutes) == english


def test_english_sentences_clauses_and_labels_take_a_space(english: None) -> None:
    from ui.i18n import clauses, labelled, sentences, with_count

    assert sentences("2 alerts wait.", "", "Huang told the office.", "吵") == "2 alerts wait. Huang told the office. 吵"
    assert labelled("Total", "183.00") == "Total: 183.00"
    assert clauses(["closed 199", "withdrawn 10"]) == "closed 199; withdrawn 10"
    assert with_count("Open cases at the desk", 15) == "Open cases at the desk (15)"


def test_qt_s_own_dialogs_speak_chinese_where_its_catalogue_lacks_words(chinese: None, qtbot: QtBot) -> None:
    """Qt's zh_CN catalogue lacks some of Qt 6's words (ui/qt_strings.py): the file dialog said "&Look in:"."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "导出", str(ROOT))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not [text for text in labels if re.search(r"[A-Za-z]{2}", text)], labels
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"


def test_a_catalogue_rewritten_under_a_running_desk_leaves_its_words_as_they_were(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt maps a catalogue from its file: a desk left running while its program folder was upgraded (the .qm
    rewritten in place) read the new bytes as the old catalogue, and crashed where the file had become shorter.
    The catalogue is read into memory instead."""
    import ui.i18n

    folder = tmp_path / "translations"
    shutil.copytree(ui.i18n.TRANSLATIONS, folder)
    monkeypatch.setattr(ui.i18n, "TRANSLATIONS", folder)
    try:
        ui.i18n.install_translators("zh_CN")
        assert QCoreApplication.translate("MainWindow", "Complaint Desk") == "投诉受理台"
        catalogue = folder / "complaint_desk_zh_CN.qm"
        with catalogue.open("r+b") as rewritten:  # the same size, other bytes: written over in place
            rewritten.write(b"\0" * catalogue.stat().st_size)
        assert QCoreApplication.translate("MainWindow", "Complaint Desk") == "投诉受理台"
    finally:
        monkeypatch.undo()
        ui.i18n.install_translators("en")
