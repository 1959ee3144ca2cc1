"""Where the printed forms find their CJK font on a desk PC: Windows' Microsoft YaHei and SimSun (system-wide or
installed for one user), and the program folder's own font on a system with none."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ui.paper import fonts as paper_fonts
from ui.paper.fonts import cjk_fonts

from conftest import require_component

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A Windows desk (as the lookup sees it): its system font folder and a user's, both empty; no fontconfig."""
    require_component("fonts-wqy-microhei", WQY.is_file())
    system = tmp_path / "Windows"
    user = tmp_path / "AppData" / "Local"
    for folder in (system / "Fonts", user / "Microsoft" / "Windows" / "Fonts"):
        folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(system))
    monkeypatch.setenv("LOCALAPPDATA", str(user))
    monkeypatch.setattr(paper_fonts, "_fontconfig_candidate", lambda: None)
    monkeypatch.setattr(paper_fonts, "BUNDLED_FONTS", tmp_path / "no-program-folder")
    return system / "Fonts", user / "Microsoft" / "Windows" / "Fonts"


def fonts_for(tmp_path: Path) -> paper_fonts.FontSet:
    """cjk_fonts as a fresh start finds them (its cache is keyed on the configured file: one that is not there)."""
    return cjk_fonts(str(tmp_path / "no-configured-font.ttf"))


@pytest.mark.real_component
def test_windows_microsoft_yahei_and_its_bold_are_found(tmp_path: Path, windows: tuple[Path, Path]) -> None:
    system, _ = windows
    (system / "simsun.ttc").symlink_to(WQY)
    (system / "msyh.ttc").symlink_to(WQY)
    (system / "msyhbd.ttc").symlink_to(WQY)
    fonts = fonts_for(tmp_path)
    assert (fonts.source, fonts.embedded) == (str(system / "msyh.ttc"), True)
    assert fonts.bold != fonts.regular, "YaHei's bold face is registered"


@pytest.mark.real_component
def test_windows_simsun_installed_for_one_user_is_found(tmp_path: Path, windows: tuple[Path, Path]) -> None:
    _, user = windows
    (user / "simsun.ttc").symlink_to(WQY)
    assert fonts_for(tmp_path).source == str(user / "simsun.ttc")


@pytest.mark.real_component
def test_the_program_folder_s_font_prints_where_the_system_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_component("fonts-wqy-microhei", WQY.is_file())
    bundled = tmp_path / "resources" / "fonts"
    bundled.mkdir(parents=True)
    (bundled / "wqy-microhei.ttc").symlink_to(WQY)
    (bundled / "wqy-microhei.copyright").write_text("licence", encoding="utf-8")
    monkeypatch.setattr(paper_fonts, "_system_candidates", list)
    monkeypatch.setattr(paper_fonts, "_fontconfig_candidate", lambda: None)
    monkeypatch.setattr(paper_fonts, "BUNDLED_FONTS", bundled)
    fonts = fonts_for(tmp_path)
    assert (fonts.source, fonts.embedded) == (str(bundled / "wqy-microhei.ttc"), True)
