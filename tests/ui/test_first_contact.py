"""First contact: a start without a display is one line and exit 2 (and the commands still work); a desk without
a font that draws Chinese is told so once at start-up and by verify; print --list names archive numbers to try;
a start can end by itself after its first window (the smoke test of the built program)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

import ui.first_contact
from ui.account_dialogs import LoginDialog
from ui.first_contact import NO_CHINESE_FONT, display_missing, missing_chinese_font_notice

from conftest import SmallDemo, require_component

ROOT = Path(__file__).resolve().parents[2]
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def no_fonts() -> list[str]:
    """Qt's font database on a desk with no Chinese font: no family claims it."""
    return []






def environment(home: Path, **changes: str | None) -> dict[str, str]:
    env = dict(os.environ, XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home), XDG_STATE_HOME=str(home))
    for name, value in changes.items():
        env.pop(name, None)
        if value is not None:
            env[name] = value
    return env


def start_main(env: dict[str, str], database: Path, *args: str, answer: str | None = None, timeout: int = 120) -> (
    subprocess.CompletedProcess[str]
):
    """``main.py --db database *args`` in a process of its own, ``answer`` on its standard input."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(database), *args],
        input=answer,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


# --------------------------------------------------------------------------- the display


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_a_display_is_missing_only_where_qt_would_need_one(
    environ: dict[str, str], platform: str, missing: bool
) -> None:
    assert display_missing(environ, platform) is missing


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_the_desk_without_a_display_says_so_in_one_line_and_exits_2(tmp_path: Path, small_demo: SmallDemo) -> None:
    env = environment(tmp_path, DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None, LANG="C.UTF-8")
    result = start_main(env, small_demo.path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [ui.first_contact.NO_DISPLAY]
    assert "xcb" not in result.stderr and result.stdout == ""
    # In the system's language, as every command speaks (it was English under a Chinese locale).
    chinese = start_main(dict(env, LANG="zh_CN.UTF-8"), small_demo.path)
    assert chinese.returncode == 2 and chinese.stdout == ""
    [line] = chinese.stderr.splitlines()
    assert line.startswith("main.py：受理台需要显示器") and "QT_QPA_PLATFORM=offscreen" in line


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_the_commands_work_without_a_display(tmp_path: Path, small_demo: SmallDemo) -> None:
    env = environment(tmp_path, DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    verify = start_main(env, small_demo.path, "verify", timeout=300)
    assert verify.returncode == 0, verify.stderr
    assert "sound (integrity check passed" in verify.stdout
    password = small_demo.office_password + "\n"
    listing = start_main(env, small_demo.path, "print", "--list", "--user", "office", answer=password)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.startswith("TS-")


@pytest.mark.slow
def test_a_start_can_end_by_itself_after_its_first_window(tmp_path: Path, small_demo: SmallDemo) -> None:
    """What CI's smoke test of the built program relies on."""
    env = environment(tmp_path, QT_QPA_PLATFORM="offscreen", COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW="1", LANG="C")
    result = start_main(env, small_demo.path)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("first window shown at ") and line.endswith(": Log in")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")
def test_a_start_on_a_system_without_chinese_fonts_says_so_and_a_smoke_test_still_ends(
    tmp_path: Path, small_demo: SmallDemo
) -> None:
    """fontconfig shown only the DejaVu fonts: Qt's font database has no Chinese font at all."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("no DejaVu fonts to show fontconfig")
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = environment(
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
        COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW="1",
        FONTCONFIG_FILE=str(config),
        LANG="zh_CN.UTF-8",
    )
    result = start_main(env, small_demo.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first window shown at ")
    assert f"main.py: {NO_CHINESE_FONT}" in result.stderr.splitlines()


# --------------------------------------------------------------------------- the Chinese font


def test_a_desk_without_a_chinese_font_is_told_what_to_install(qapp: QApplication) -> None:
    notice = missing_chinese_font_notice(no_fonts)
    assert notice == NO_CHINESE_FONT
    assert "fonts-wqy-microhei" in notice and "fonts-noto-cjk" in notice


def test_a_font_that_claims_chinese_but_draws_none_does_not_count(qapp: QApplication) -> None:
    """The glyphs are asked of the family's own font (Qt would otherwise answer for its fallbacks)."""
    latin = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    assert missing_chinese_font_notice(lambda: [latin]) == NO_CHINESE_FONT


@pytest.mark.real_component
def test_an_installed_chinese_font_needs_no_notice(qapp: QApplication) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    assert "WenQuanYi Micro Hei" in ui.first_contact.chinese_font_families()
    assert missing_chinese_font_notice() is None


def test_the_start_tells_a_missing_chinese_font_once_over_the_first_window(
    qtbot: object, database_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app
    from models.database import open_database
    from models.setup import first_run_setup
    from ui import messages

    with open_database(str(database_path)):
        first_run_setup("锦江花园酒店", "admin", "王芳", "admin-pass-1")
    for hook in ("route_qt_messages", "install_excepthook", "install_storage_error_hook"):
        monkeypatch.setattr(ui.app, hook, lambda *args: None)  # the test run keeps its own
    monkeypatch.setattr(ui.first_contact, "claimed_chinese_families", no_fonts)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    warnings: list[tuple[object, str, str]] = []

    def warn(parent: object, title: str, text: str) -> None:
        warnings.append((parent, title, text))

    monkeypatch.setattr(messages, "warn", warn)

    def close_login() -> None:
        # Once the warning is given (after the login's first paint, however late a busy machine paints it).
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LoginDialog) and warnings:
            dialog.reject()
        else:
            QTimer.singleShot(50, close_login)

    QTimer.singleShot(200, close_login)
    assert ui.app.run(str(database_path)) == 0
    [(parent, title, text)] = warnings
    assert isinstance(parent, LoginDialog), "shown over the login, before anyone logs in"
    assert (title, text) == ("Complaint Desk", NO_CHINESE_FONT)
    assert stderr.getvalue() == f"main.py: {NO_CHINESE_FONT}\n"


def test_with_a_chinese_font_the_start_says_nothing(
    qtbot: object, database_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import messages

    monkeypatch.setattr(ui.first_contact, "claimed_chinese_families", lambda: ["Some CJK"])
    monkeypatch.setattr(ui.first_contact, "chinese_font_families", lambda families=None: ["Some CJK"])
    warnings: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: warnings.append(text))
    assert ui.first_contact.tell_missing_chinese_font() is False
    assert warnings == []


@pytest.mark.real_component
def test_the_program_folder_s_font_is_loaded_when_the_system_has_none(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / WQY.name).symlink_to(WQY)
    (folder / "wqy-microhei.copyright").write_text("licence", encoding="utf-8")
    assert ui.first_contact.load_bundled_fonts(no_fonts, folder) == ["WenQuanYi Micro Hei", "WenQuanYi Micro Hei Mono"]
    # With a Chinese font on the system, the program's own is not loaded.
    assert ui.first_contact.load_bundled_fonts(None, folder) == []
    # A source tree has no such folder.
    assert ui.first_contact.load_bundled_fonts(no_fonts, tmp_path / "absent") == []


def test_verify_notes_a_missing_chinese_font_in_a_line_and_still_passes(
    tmp_path: Path, small_demo: SmallDemo, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.first_contact, "claimed_chinese_families", no_fonts)
    status, out, err = run_main("--db", str(small_demo.path), "verify")  # type: ignore[operator]
    assert status == 0, err
    assert f"note: {NO_CHINESE_FONT}\n" in out
    assert "sound (integrity check passed" in out


@pytest.mark.real_component
def test_verify_says_nothing_of_fonts_when_one_draws_chinese(
    tmp_path: Path, small_demo: SmallDemo, run_main: object
) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    status, out, _ = run_main("--db", str(small_demo.path), "verify")  # type: ignore[operator]
    assert status == 0 and "sound (integrity check passed" in out
    assert "font" not in out


# --------------------------------------------------------------------------- print --list


def test_print_list_names_the_last_closed_archive_numbers(
    small_demo: SmallDemo, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    from contextlib import closing

    monkeypatch.setattr("sys.stdin", io.StringIO(small_demo.office_password + "\n"))
    status, out, err = run_main("--db", str(small_demo.path), "print", "--list", "--user", "office")  # type: ignore[operator]
    assert status == 0, err
    with closing(sqlite3.connect(small_demo.path)) as raw:
        expected = [
            number
            for (number,) in raw.execute(
                "SELECT archive_number FROM complaint WHERE archive_number IS NOT NULL ORDER BY closed_at DESC LIMIT 20"
            )
        ]
    assert expected, "the demo archived some cases"
    assert [line.split()[0] for line in out.splitlines()] == expected
    assert "138" not in out, "no customer's phone number"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("print", "--list", "TS-2026-000001", "--user", "office"), "print --list takes no archive numbers"),
        (("print", "--user", "office"), "Name the archive numbers to print (print --list --user NAME"),
    ],
)
def test_print_without_numbers_or_with_list_and_numbers_is_one_line(
    small_demo: SmallDemo, run_main: object, args: tuple[str, ...], says: str
) -> None:
    status, out, err = run_main("--db", str(small_demo.path), *args)  # type: ignore[operator]
    assert (status, out) == (2, "")
    assert err.startswith(f"main.py: error: {says}")


def test_print_list_needs_an_office_account(
    small_demo: SmallDemo, run_main: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.database import open_database
    from models.staff import Role, Staff, create_staff

    database = open_database(str(small_demo.path))
    try:
        if not Staff.select().where(Staff.username == "desk-only").exists():
            create_staff("desk-only", "前台", Role.DUTY_MANAGER, "desk-pass-1")
    finally:
        database.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("desk-pass-1\n"))
    status, out, err = run_main("--db", str(small_demo.path), "print", "--list", "--user", "desk-only")  # type: ignore[operator]
    assert (status, out) == (2, "")
    assert "Only the office can print archived forms." in err
