"""The built program, started once as a desk would use it: a smoke test that ends by itself (CI runs it after
tools/build.py). Needs no display: the desk's window is drawn offscreen.

    uv run python tools/smoke.py [dist/complaint-desk/complaint-desk]

In a fresh temporary data folder it runs the program's ``demo --complaints 5100`` (its second batch of rows is
sealed against the archive's first dictionary: Zstandard, which the folder must hold), ``verify``, ``print --list`` and
``print`` of one archived form (a PDF with its CJK font embedded, when pdffonts is there to tell), then starts the
desk offscreen with COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW, in Chinese, and waits for its first window. Each step
prints one line; the first failure ends it with exit 1 and what the program said. On Windows, pass the console
program (``dist\\complaint-desk\\complaint-desk.exe``); untested there.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = "complaint-desk.exe" if sys.platform.startswith("win") else "complaint-desk"
DEFAULT = ROOT / "dist" / "complaint-desk" / PROGRAM
TIMEOUT = 300


class SmokeError(Exception):
    pass


def run(program: Path, env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run(
        [str(program), *args], input=stdin, capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False
    )
    shown = " ".join(args[2:] if args[:1] == ("--db",) else args) or "the desk (offscreen)"
    print(f"  {shown}: exit {result.returncode}"
          f" in {time.monotonic() - started:.1f} s")
    if result.returncode != 0:
        said = f"{result.stdout}\n{result.stderr}"
        raise SmokeError(f"{program.name} {' '.join(args)} exited {result.returncode}:\n{said}")
    return result


def smoke(program: Path, folder: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8")
    env.pop("LC_ALL", None)
    env.update(XDG_DATA_HOME=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"))
    env.update(XDG_STATE_HOME=str(folder / "state"), APPDATA=str(folder / "data"), LOCALAPPDATA=str(folder / "data"))
    env.pop("COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW", None)
    db = str(folder / "desk.db")
    demo = run(program, env, "--db", db, "demo", "--complaints", "5100")
    # Each account's line: its role in words (in Chinese here: the program speaks the system's language), name,
    # user name, password.
    passwords = {line.split()[-2]: line.split()[-1] for line in demo.stdout.splitlines() if line.startswith("  ")}
    if "office" not in passwords:
        raise SmokeError(f"the demo named no office account:\n{demo.stdout}")
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as raw:
        (compressed,) = raw.execute("SELECT count(*) FROM archive_seal WHERE substr(payload, 1, 1) = x'05'").fetchone()
    if not compressed:
        raise SmokeError("the demo stored no seal compressed against a dictionary (stored form 5)")
    print(f"  {compressed} seals compressed with Zstandard against the archive's dictionary")
    verify = run(program, env, "--db", db, "verify")
    if "完好（完整性检查通过" not in verify.stdout:  # "sound (integrity check passed": its catalogue is in the folder
        raise SmokeError(f"verify did not find the demo sound:\n{verify.stdout}")
    listing = run(program, env, "--db", db, "print", "--list", "--user", "office", stdin=passwords["office"] + "\n")
    numbers = [line.split()[0] for line in listing.stdout.splitlines() if line.startswith("TS-")]
    if not numbers:
        raise SmokeError(f"print --list named no archive number:\n{listing.stdout}")
    out = folder / "forms"
    printed = run(
        program, env, "--db", db, "print", numbers[0], "--user", "office", "--out", str(out),
        stdin=passwords["office"] + "\n",
    )
    [pdf] = [Path(line) for line in printed.stdout.splitlines() if line.endswith(".pdf")]
    if not pdf.read_bytes().startswith(b"%PDF-"):
        raise SmokeError(f"{pdf} is no PDF")
    pdffonts = shutil.which("pdffonts")
    if pdffonts is not None:
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
        if "TrueType" not in fonts or "STSong" in fonts:  # the built-in CID font: no CJK font was found
            raise SmokeError(f"the form embeds no CJK font:\n{fonts}")
    office = ("--user", "office")
    today = dt.date.today()
    summary = folder / "summary.docx"
    period = ("--from", str(today - dt.timedelta(days=365)), "--to", str(today))
    run(program, env, "--db", db, "summary", *period, "--out", str(summary), *office, stdin=passwords["office"] + "\n")
    if not summary.read_bytes().startswith(b"PK"):
        raise SmokeError(f"{summary} is no Word file")
    export = folder / "register.xlsx"
    run(program, env, "--db", db, "export", "--out", str(export), *office, stdin=passwords["office"] + "\n")
    if not export.read_bytes().startswith(b"PK"):
        raise SmokeError(f"{export} is no workbook")
    env_gui = dict(env, COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW="1")
    desk = run(program, env_gui, "--db", db)
    if "first window shown at" not in desk.stdout:
        raise SmokeError(f"the desk showed no window:\n{desk.stdout}\n{desk.stderr}")
    print(f"  {desk.stdout.strip()}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    program = Path(args[0]) if args else DEFAULT
    if not program.is_file():
        print(f"smoke.py: {program} is not there: build it first (uv run --group build python tools/build.py)")
        return 1
    print(f"Smoke test of {program}:")
    with tempfile.TemporaryDirectory() as folder:
        try:
            smoke(program.resolve(), Path(folder))
        except (SmokeError, subprocess.TimeoutExpired) as failure:
            print(f"smoke.py: FAILED: {failure}", file=sys.stderr)
            return 1
    print("smoke.py: the built program works.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
