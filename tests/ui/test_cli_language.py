"""The command line speaks the desk's language: the one its settings chose, else the system's; its help, its
lines, its errors and argparse's own words, wrapped by terminal columns (a Chinese character takes two)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_backup_commands import receive_one
from test_cli import ACCOUNT_LINE, run_cli

from models.text import display_width

from conftest import Desk, OpenCopy, SmallDemo

Command = Callable[..., tuple[int, str, str]]




@pytest.fixture
def command(run_main: Command, capsys: pytest.CaptureFixture[str]) -> Command:
    """``main.py ARGS`` in-process (run_main's set-up and clean-up), argparse's exit (--help, a mistyped
    command line) taken as the exit status it is."""

    def run(*args: str) -> tuple[int, str, str]:
        import main

        try:
            status = main.main(list(args))
        except SystemExit as exit:
            status = int(exit.code or 0)
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def choose(language: str) -> None:
    """The language chosen in the desk's settings (Preferences), as the desk writes it."""
    from PySide6.QtCore import QSettings

    from ui.i18n import LANGUAGE_KEY
    from ui.paths import set_application_names

    set_application_names()
    QSettings().setValue(LANGUAGE_KEY, language)


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def backed_up(command: Command, database: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``main.py backup`` of ``database`` by the office, as friday.db in ``folder``."""
    out_file = folder / "friday.db"
    typed(monkeypatch, "office-pass-1\n")
    assert command("--db", str(database), "backup", "--out", str(out_file), "--user", "office")[0] == 0
    return out_file


def test_the_help_speaks_chinese_wrapped_by_terminal_columns(command: Command, monkeypatch: pytest.MonkeyPatch) -> None:
    choose("zh_CN")
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = command("--help")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "用法：main.py [-h] [--db URL] COMMAND ..."
    assert "投诉受理台：前台投诉受理。不带命令时启动受理台。" in lines
    assert "位置参数：" in lines and "选项：" in lines, "the headings end in the Chinese colon"
    assert "    verify    检查数据库的完整性、结构和归档封存；发现任何问题时以状态 1 退出" in lines
    assert "  -h, --help  显示此帮助信息并退出" in lines
    assert max(display_width(line) for line in lines) <= 80, "no line wider than the terminal"
    assert not [line for line in lines if line.endswith("（") or line.lstrip().startswith(("，", "。", "）", "；"))]
    status, out, _ = command("export", "--help")
    assert "  --from DATE           受理日期不早于此日（YYYY-MM-DD）" in out.splitlines()
    assert max(display_width(line) for line in out.splitlines()) <= 80


def test_a_mistyped_command_line_is_told_in_chinese(command: Command, tmp_path: Path) -> None:
    choose("zh_CN")
    status, out, err = command("bogus")
    assert (status, out) == (2, "")
    said = "main.py：错误：参数 COMMAND：无效的取值：'bogus'（可选值：'demo', 'print'"
    assert err.splitlines()[-1].startswith(said)
    status, _, err = command("export")
    assert status == 2
    assert err.splitlines()[-1] == "main.py export：错误：缺少以下必需参数：--out, --user。", "a sentence, ended"
    status, _, err = command("--db", str(tmp_path / "d.db"), "export", "--out", "x.xlsx", "--from", "2026-13-01",
                             "--user", "office")  # fmt: skip
    assert status == 2
    said = "main.py export：错误：参数 --from：'2026-13-01' 不是日期；请按 YYYY-MM-DD 填写。"
    assert err.splitlines()[-1] == said
    status, out, err = command("verify", "--db", str(tmp_path / "nowhere.db"))
    assert (status, out) == (2, "")
    assert err.startswith(f"main.py：错误：数据库文件 {tmp_path / 'nowhere.db'} 不存在：请检查 --db"), "translated"


def test_verify_says_in_chinese_what_it_found(
    command: Command, small_demo: SmallDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose("zh_CN")
    status, out, err = command("verify", "--db", str(small_demo.path))
    assert (status, err) == (0, "")
    note, sound = out.splitlines()  # this test's data folder holds none of the demo's anchors
    assert note.startswith(f"{small_demo.path}：提示：未找到此数据库的锚点（")
    assert sound == f"{small_demo.path}：完好（完整性检查通过，结构已是最新，归档封存及链条完整）。"
    import shutil
    import sqlite3

    copy = tmp_path / "tampered.db"
    shutil.copy(small_demo.path, copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TRIGGER archive_seal_no_update")
        connection.execute("UPDATE archive_seal SET payload = payload || ' ' WHERE archive_number = ?",
                           (small_demo.archive_number,))  # fmt: skip
    connection.close()
    status, out, err = command("verify", "--db", str(copy))
    assert status == 1
    altered, trigger, summary = err.splitlines()
    assert summary == f"{copy}：不完好（2 个问题）。"
    number = small_demo.archive_number
    assert altered == f"{copy}：归档检查：{number}：封存的记录被改动：存储的记录已损坏", "its detail too"
    assert trigger == f"{copy}：归档检查：触发器 archive_seal_no_update：保护用的触发器被删除"


def test_the_demo_names_its_accounts_roles_in_chinese_in_line(command: Command, tmp_path: Path) -> None:
    choose("zh_CN")
    db = tmp_path / "demo.db"
    status, out, err = command("--db", str(db), "demo", "--complaints", "20")
    assert (status, err) == (0, "")
    created = rf"已在 {re.escape(str(db))} 中生成 20 件演示投诉（[\d.]+ 秒）。\n演示账号（用户名 / 密码）：\n"
    assert re.match(created, out)
    lines = [line for line in out.splitlines() if re.fullmatch(ACCOUNT_LINE, line)]
    assert [line.split()[0] for line in lines] == ["值班经理", "值班经理", "办公室", "管理员"]
    assert len({display_width(line[: line.index(" " + line.split()[2] + " ")]) for line in lines}) == 1, "in line"
    assert "这些密码是为本数据库随机生成的，只在此显示一次：请记下来。" in out


@pytest.mark.sqlite_only  # backups are the server's own there
def test_backup_and_a_restore_refused_speak_chinese(
    command: Command, seeded: Desk, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose("zh_CN")
    receive_one(seeded, "刘先生", "138 1234 5678")
    out_file = tmp_path / "friday.db"
    typed(monkeypatch, "office-pass-1\n")
    status, out, err = command("--db", str(database_path), "backup", "--out", str(out_file), "--user", "office")
    assert (status, err) == (0, "")
    assert out == f"{out_file}：已备份 1 件投诉（{out_file.stat().st_size:,} 字节）；副本检查通过。\n"
    from models.database import open_database

    open_database(str(database_path))
    receive_one(seeded, "王女士", "139 0000 1111")
    typed(monkeypatch, "office-pass-1\n否\n")
    status, out, err = command("--db", str(database_path), "restore", str(out_file), "--user", "office")
    assert status == 1
    lost = "恢复将丢失备份之后保存的内容：备份之后受理的 1 件投诉将消失；备份后改动过的 0 件投诉将恢复为备份时的状态；"
    assert lost in out
    assert out.endswith("恢复此备份？输入“是”继续：\n"), "the answer piped: the line ends"
    assert err == "没有恢复任何内容。\n"


@pytest.mark.sqlite_only  # backups are the server's own there
def test_a_restore_is_confirmed_by_the_word_of_the_language_asked(
    command: Command, seeded: Desk, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose("zh_CN")
    out_file = backed_up(command, database_path, tmp_path, monkeypatch)
    from models.database import open_database

    open_database(str(database_path))
    receive_one(seeded, "王女士", "139 0000 1111")
    typed(monkeypatch, "office-pass-1\n是\n")
    status, out, err = command("--db", str(database_path), "restore", str(out_file), "--user", "office")
    assert (status, err) == (0, ""), err
    assert f"已用 {out_file} 恢复 {database_path}。恢复前的数据库另存在 " in out


def test_the_risk_report_follows_the_command_line_s_language(
    command: Command, seeded: Desk, open_copy: OpenCopy
) -> None:
    choose("en")
    status, out, _ = command("--db", open_copy.url, "risk", "我要去12315投诉你们")
    assert status == 0 and out.startswith("escalation risk: ")
    choose("zh_CN")
    status, out, _ = command("--db", open_copy.url, "risk", "我要去12315投诉你们")
    assert status == 0 and out.startswith("越级风险：")
    status, out, _ = command("--db", open_copy.url, "risk", "--language", "en", "我要去12315投诉你们")
    assert out.startswith("escalation risk: "), "--language still chooses"


def test_the_system_s_language_speaks_when_the_desk_chose_none_and_the_choice_wins(
    isolated_folders: Path, small_demo: SmallDemo
) -> None:
    home = isolated_folders
    chinese = run_cli("verify", "--db", str(small_demo.path), home=home, locale="zh_CN.UTF-8")
    assert (chinese.returncode, chinese.stderr) == (0, "")
    assert chinese.stdout.endswith(f"{small_demo.path}：完好（完整性检查通过，结构已是最新，归档封存及链条完整）。\n")
    settings = home / "config" / "ComplaintDesk" / "ComplaintDesk.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    english = run_cli("verify", "--db", str(small_demo.path), home=home, locale="zh_CN.UTF-8")
    sound = ": sound (integrity check passed, schema up to date, archive seals and chain intact).\n"
    assert english.stdout.endswith(sound)


@pytest.mark.sqlite_only  # backups are the server's own there
def test_a_refused_restore_and_the_system_s_reasons_are_said_in_chinese(
    command: Command, seeded: Desk, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    from contextlib import closing

    from models.errors import DomainError
    from ui.i18n import domain_message

    choose("zh_CN")
    out_file = backed_up(command, database_path, tmp_path, monkeypatch)
    with closing(sqlite3.connect(out_file)) as raw:
        raw.execute("DROP TRIGGER archive_seal_no_update")
        raw.commit()
    typed(monkeypatch, "office-pass-1\n")
    status, _, err = command("--db", str(database_path), "restore", str(out_file), "--user", "office", "--yes")
    assert status == 2
    assert err.startswith(f"main.py：错误：备份 {out_file} 未通过检查，未予恢复：")
    assert "保护用的触发器被删除" in err and "trigger" not in err, "its findings as the Backups page says them"
    said = DomainError("The file {path} cannot be written: {reason}.", path="x.pdf", reason="Permission denied")
    assert domain_message(said) == "无法写入文件 x.pdf：没有权限。"
    # SQLite's reasons too (restore, compact and verify said "…作为数据库打开：file is not a database。").
    opened = DomainError("Cannot open {path} as a database: {reason}.", path="t.txt", reason="file is not a database")
    assert domain_message(opened) == "无法将 t.txt 作为数据库打开：文件不是数据库。"
    unread = DomainError("the database cannot be read: {error}", error="database disk image is malformed")
    assert domain_message(unread) == "数据库无法读取：数据库文件已损坏"
    # And a database server's ("无法连接数据库 …：connection failed: connection to server at … failed: FATAL: …").
    from models.postgresql import connection_reason

    refused = 'connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password ' \
        'authentication failed for user "desk"'  # fmt: skip
    server = DomainError(
        "Cannot connect to the database {where}: {reason}", where="postgresql://desk@db/desk",
        reason=connection_reason(Exception(refused)),
    )  # fmt: skip
    assert domain_message(server) == "无法连接数据库 postgresql://desk@db/desk：服务器不接受该用户名或密码"


def test_a_summary_of_more_than_ten_years_is_refused_in_a_sentence(
    command: Command, seeded: Desk, open_copy: OpenCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1950 to 2999 ended in a traceback: its comparisons reached back to the year -150."""
    choose("zh_CN")
    typed(monkeypatch, "office-pass-1\n")
    status, out, err = command("--db", open_copy.url, "summary", "--from", "1950-01-01", "--to", "2999-12-31",
                               "--out", str(tmp_path / "s.pdf"), "--user", "office")  # fmt: skip
    assert (status, out) == (2, "")
    assert err == "main.py：错误：一份工作总结最长涵盖十年，请选择较短的期间。\n"
