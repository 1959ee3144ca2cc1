"""Cold start to a usable main window, against a bare PySide6 window started
the same way in the same run. Prints figures; not a test.

    uv run python tests/perf/bench_startup.py [--runs 5]

Each child process prints the wall-clock time at which its event loop first
runs with the window shown; the parent subtracts the time it spawned the
child, so interpreter start-up and imports count, as they do for a user.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow(); window.resize(1100, 700); window.show()
QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
app.exec()
"""

DESK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QTimer
from models.database import open_database
from models.staff import Staff
from ui.app import DeskSession, create_application
app = create_application([])
open_database(sys.argv[2])
DeskSession(sys.argv[2]).open_main_window(Staff.get(Staff.username == "admin"))
QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
app.exec()
"""


def cold_start(script: str, env: dict[str, str], *args: str) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return float(out.stdout.split()[-1]) - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A user's Python caches bytecode; some shells here forbid it, which would
    # measure compiling the sources instead of starting the application.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        env.update(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder, XDG_STATE_HOME=folder)
        db = str(Path(folder) / "bench.db")
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", db, "demo", "--complaints", "2000"],
            env=env,
            check=True,
            capture_output=True,
        )
        cold_start(DESK, env, str(ROOT), db)  # warm-up: writes the bytecode caches
        bare = [cold_start(BARE, env) for _ in range(args.runs)]
        desk = [cold_start(DESK, env, str(ROOT), db) for _ in range(args.runs)]
    bare_s, desk_s = statistics.median(bare), statistics.median(desk)
    print(f"bare PySide6 window : median {bare_s * 1000:.0f} ms over {args.runs} runs")
    print(f"Complaint Desk      : median {desk_s * 1000:.0f} ms over {args.runs} runs (target < 1000 ms)")
    print(f"ratio               : {desk_s / bare_s:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
