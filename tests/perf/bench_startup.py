"""Cold start to the first shown window, against a bare PySide6 window started
the same way in the same run. Prints figures; not a test.

    uv run python tests/perf/bench_startup.py [--runs 9] [--db BIG.db] [--language en]

Three starts, each beside its bare baseline:

- ``python main.py``: the application to its first window (the login dialog),
  against ``python tests/perf/bare_window.py``;
- ``uv run main.py``: the same as a person types it, through uv (which checks
  the environment before every run), against ``uv run tests/perf/bare_window.py``;
- the main window of a logged-in administrator (the login skipped), against
  the bare window, both with ``python``.

The clock starts before the parent spawns the process, so uv, the interpreter
and every import count, as they do for a person. The end is the first paint of
a visible window with the event loop running: ``startup_probe/sitecustomize.py``,
put on PYTHONPATH here and nowhere else, notes it in the file named by
STARTUP_PROBE_FILE and ends the process (the database is then left as a normal
exit leaves it, without SQLite's -wal file). Without ``--db`` the application
starts on a 2,000-complaint demo database in its default place, so the
command measured is exactly ``uv run main.py``.

Runs alternate bare and application. Printed: the best and the median wall
time of ``--runs``, and the best processor time (user + system, of the process
and its children): on a machine shared with other work the wall time waits for
the processor, the processor time much less. Ratios are of the bests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERF = Path(__file__).resolve().parent
BARE = PERF / "bare_window.py"
MAIN = ROOT / "main.py"

# The main window of a logged-in administrator, as after the login dialog.
MAIN_WINDOW = """
import sys
sys.path.insert(0, sys.argv[1])
from models.database import open_database
from models.staff import Staff
from ui.app import DeskSession, create_application
app = create_application([])
open_database(sys.argv[2])
DeskSession(sys.argv[2]).open_main_window(Staff.get(Staff.username == "admin"))
app.exec()
"""


def shown_after(command: list[str], env: dict[str, str], probe: Path) -> tuple[float, float]:
    """Seconds from spawning ``command`` to its first painted window, and the
    processor seconds it used until then."""
    probe.unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if not probe.exists():
        raise SystemExit(f"{' '.join(command)} showed no window (exit status {process.returncode}):\n{errors.decode()}")
    return float(probe.read_text()) - started, usage.ru_utime + usage.ru_stime


def as_after_a_normal_exit(db: str) -> None:
    """The probe ends the process at once, which leaves SQLite's -wal and -shm files
    behind as a crash would, and the next start would open the file as one shared with
    a writer. A desk closed by a person leaves neither: read the file and close it, as
    the application's own exit does."""
    connection = sqlite3.connect(db)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--db", metavar="FILE", help="start on this database (it is opened as the application does)")
    parser.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN", help="the desk's language")
    args = parser.parse_args()
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is not on PATH")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A person's Python caches bytecode; some shells here forbid it, which would
    # measure compiling the sources instead of starting the application.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("VIRTUAL_ENV", None)  # uv run picks the project's environment, as for a person
    env["LANG"] = "zh_CN.UTF-8" if args.language == "zh_CN" else "C.UTF-8"  # the language Qt sees
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        env.update(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder, XDG_STATE_HOME=folder)
        probe = Path(folder) / "shown"
        probed = dict(env, PYTHONPATH=str(PERF / "startup_probe"), STARTUP_PROBE_FILE=str(probe))
        if args.db:
            db_args = ["--db", str(Path(args.db).resolve())]
            db = db_args[1]
        else:  # the default database, where `uv run main.py` finds it
            db_args = []
            subprocess.run(
                [python, str(MAIN), "demo", "--complaints", "2000"], env=env, check=True, capture_output=True
            )
            db = str(next(Path(folder).glob("*/*/app.db")))
        starts = {
            "python main.py": ([python, str(BARE)], [python, str(MAIN), *db_args]),
            "uv run main.py": ([uv, "run", str(BARE.relative_to(ROOT))], [uv, "run", "main.py", *db_args]),
            "main window (python)": ([python, str(BARE)], [python, "-c", MAIN_WINDOW, str(ROOT), db]),
        }
        for bare, app in starts.values():  # warm-up: bytecode caches, the file cache
            shown_after(bare, probed, probe)
            shown_after(app, probed, probe)
            as_after_a_normal_exit(db)
        figures: dict[str, tuple[list[tuple[float, float]], list[tuple[float, float]]]] = {
            name: ([], []) for name in starts
        }
        for _ in range(args.runs):
            for name, (bare, app) in starts.items():
                figures[name][0].append(shown_after(bare, probed, probe))
                figures[name][1].append(shown_after(app, probed, probe))
                as_after_a_normal_exit(db)

    print(f"Start to the first painted window, {args.runs} runs each, language {args.language}:")
    print("wall ms best (median) | processor ms best; ratios of the bests; target ratio <= 1.5")
    print(f"{'':22} {'bare PySide6':>21} {'Complaint Desk':>21} {'ratio wall':>11} {'ratio cpu':>10}")
    for name, (bare_runs, app_runs) in figures.items():
        bare_wall, bare_cpu = zip(*bare_runs, strict=True)
        app_wall, app_cpu = zip(*app_runs, strict=True)
        print(
            f"{name:22} {_figure(bare_wall, bare_cpu):>21} {_figure(app_wall, app_cpu):>21}"
            f" {min(app_wall) / min(bare_wall):>10.2f}x {min(app_cpu) / min(bare_cpu):>9.2f}x"
        )


def _figure(wall: tuple[float, ...], cpu: tuple[float, ...]) -> str:
    return f"{min(wall) * 1000:.0f} ({statistics.median(wall) * 1000:.0f}) | {min(cpu) * 1000:.0f}"


if __name__ == "__main__":
    main()
