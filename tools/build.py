"""Build the self-contained program folder for a desk PC: Python, Qt, the application, its translations,
catalogues and migrations, and (on Linux) a CJK font for a desk that has none.

    uv run --group build python tools/build.py [--out dist] [--tool pyinstaller]
    uv run --group build-nuitka python tools/build.py --tool nuitka   # to compare

Writes ``dist/complaint-desk/`` (``--out``) and prints its size and how long the build took. Run it on the
system the program is for: on Linux it makes a Linux program (``complaint-desk/complaint-desk``), on Windows a
Windows one (``complaint-desk\\ComplaintDesk.exe`` for the desk, ``complaint-desk\\complaint-desk.exe`` for the
commands, with a console). PyInstaller is the default: it was measured against Nuitka (see README.md, "Install
on a desk PC"); ``--tool nuitka`` builds the same folder with Nuitka for comparison (Linux only here; it needs a
C compiler and patchelf).

The database, logs, backups and anchors are not inside: the program keeps them in the user's data folder, as
the source tree does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "complaint-desk"
SPEC = ROOT / "tools" / "complaint_desk.spec"
# TrueType CJK fonts a Linux build machine may have (Debian's fonts-wqy-microhei first: reportlab can embed it
# in the printed forms, which it cannot do with the CFF-flavoured Noto CJK), with the licence file that goes
# beside the copy.
LINUX_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/doc/fonts-wqy-microhei/copyright"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/doc/fonts-wqy-zenhei/copyright"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the program folder goes")
    parser.add_argument("--tool", choices=("pyinstaller", "nuitka"), default="pyinstaller")
    parser.add_argument("--no-font", action="store_true", help="bundle no CJK font (Linux)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    work = out / "build"
    target = out / NAME
    fonts = [] if args.no_font or sys.platform.startswith("win") else bundled_fonts()
    if not sys.platform.startswith("win") and not args.no_font and not fonts:
        print("build.py: no CJK TrueType font to bundle (apt-get install fonts-wqy-microhei)", file=sys.stderr)
        return 2
    started = time.monotonic()
    if target.exists():
        shutil.rmtree(target)
    font_files = font_files_for(fonts, work / "fonts")
    if args.tool == "pyinstaller":
        build_with_pyinstaller(out, work, font_files)
    else:
        build_with_nuitka(out, work, font_files)
    seconds = time.monotonic() - started
    size = folder_size(target)
    print(f"{target}: {size / 2**20:.0f} MiB in {count_files(target)} files, built with {args.tool} in {seconds:.0f} s")
    return 0


def bundled_fonts() -> list[tuple[str, str | None]]:
    """The first CJK font found, with its licence file when there is one."""
    for font, licence in LINUX_FONTS:
        if Path(font).is_file():
            return [(font, licence if Path(licence).is_file() else None)]
    return []


def font_files_for(fonts: list[tuple[str, str | None]], folder: Path) -> list[Path]:
    """The files that go to resources/fonts/: each font and its licence, named after the font."""
    files = []
    for font, licence in fonts:
        files.append(Path(font))
        if licence is not None:
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / f"{Path(font).stem}.copyright"
            shutil.copyfile(licence, copy)
            files.append(copy)
    return files


def build_with_pyinstaller(out: Path, work: Path, fonts: list[Path]) -> None:
    env = dict(os.environ)
    env["COMPLAINT_DESK_BUILD_NAME"] = NAME
    env["COMPLAINT_DESK_BUILD_FONTS"] = os.pathsep.join(str(font) for font in fonts)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(out), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def build_with_nuitka(out: Path, work: Path, fonts: list[Path]) -> None:
    """The same folder through Nuitka (C compiled): kept to measure against PyInstaller."""
    command = [sys.executable, "-m", "nuitka", "--mode=standalone", "--assume-yes-for-downloads"]
    command += ["--enable-plugin=pyside6", f"--output-dir={work}", f"--output-filename={NAME}"]
    command += ["--include-package=playhouse", "--include-module=ui.commands.demo", "--nofollow-import-to=pytest"]
    command += [f"--include-module=ui.commands.{path.stem}" for path in (ROOT / "ui" / "commands").glob("*.py")]
    command += ["--include-package=models", "--include-package=ui"]
    for folder, pattern in (
        ("models/migrations", "[0-9]*.py"),
        ("resources/catalog", "*.json"),
        ("resources/demo", "*.json"),
        ("resources/translations", "*.qm"),
    ):
        for path in sorted((ROOT / folder).glob(pattern)):
            command.append(f"--include-data-files={path}={folder}/{path.name}")
    for font in fonts:
        command.append(f"--include-data-files={font}=resources/fonts/{font.name}")
    command.append(str(ROOT / "main.py"))
    subprocess.run(command, cwd=ROOT, check=True)
    shutil.move(str(work / "main.dist"), out / NAME)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


if __name__ == "__main__":
    sys.exit(main())
