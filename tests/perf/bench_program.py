"""The built program folder (tools/build.py): its size, and its start to the first painted window against
``uv run main.py`` and a bare PySide6 window, in the same run. Prints figures; not a test.

    uv run --group build python tools/build.py            # makes dist/complaint-desk/
    uv run python tests/perf/bench_program.py [--program dist/complaint-desk/complaint-desk] [--runs 7]

Each start is to the first paint of the login dialog on a 2,000-complaint demo database, offscreen. The
application's starts (the built program, ``uv run main.py``, ``python main.py``) end by themselves through
COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW, which prints the wall-clock time of that paint; the bare window
(``python tests/perf/bare_window.py``) is seen by bench_startup.py's probe. Runs alternate; printed are the best
and the median wall time and the best processor time (user + system), and the ratios of the bests to the bare
window. The clock starts before the process is spawned.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERF = Path(__file__).resolve().parent
DEFAULT_PROGRAM = ROOT / "dist" / "complaint-desk" / "complaint-desk"
TIMEOUT = 120  # seconds for one start


def first_window(command: list[str], env: dict[str, str], probe: Path | None) -> tuple[float, float]:
    """Seconds from spawning ``command`` to its first painted window, and the processor seconds it used."""
    if probe is not None:
        probe.unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    watchdog = threading.Timer(TIMEOUT, process.kill)  # a start that never ends by itself (an old build)
    watchdog.start()
    out, errors = process.stdout.read(), process.stderr.read()  # both small: neither pipe fills
    _, status, usage = os.wait4(process.pid, 0)
    watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if probe is not None:
        if not probe.exists():
            raise SystemExit(f"{' '.join(command)} showed no window:\n{errors.decode()}")
        return float(probe.read_text()) - started, cpu
    for line in out.decode().splitlines():
        if line.startswith("first window shown at "):
            return float(line.removeprefix("first window shown at ").split(":")[0]) - started, cpu
    raise SystemExit(f"{' '.join(command)} showed no window (exit {process.returncode}):\n{errors.decode()}")


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--program", type=Path, default=DEFAULT_PROGRAM, help="the built program's executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    program: Path = args.program.resolve()
    if not program.is_file():
        raise SystemExit(f"{program} is not there: build it first (uv run --group build python tools/build.py)")
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is not on PATH")
    python = sys.executable
    size, files = folder_size(program.parent)
    environment = ROOT / ".venv"
    venv_size, venv_files = folder_size(environment) if environment.is_dir() else (0, 0)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("VIRTUAL_ENV", None)
    with tempfile.TemporaryDirectory() as folder:
        env.update(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder, XDG_STATE_HOME=folder)
        db = str(Path(folder) / "desk.db")
        demo = [python, "main.py", "--db", db, "demo", "--complaints", "2000"]
        subprocess.run(demo, cwd=ROOT, env=env, check=True, capture_output=True)
        exiting = dict(env, COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW="1")
        probe = Path(folder) / "shown"
        probed = dict(env, PYTHONPATH=str(PERF / "startup_probe"), STARTUP_PROBE_FILE=str(probe))
        starts: dict[str, tuple[list[str], dict[str, str], Path | None]] = {
            "bare PySide6 (python)": ([python, str(PERF / "bare_window.py")], probed, probe),
            "built program": ([str(program), "--db", db], exiting, None),
            "uv run main.py": ([uv, "run", "main.py", "--db", db], exiting, None),
            "python main.py": ([python, "main.py", "--db", db], exiting, None),
        }
        for command, start_env, start_probe in starts.values():  # warm-up: bytecode and file caches
            first_window(command, start_env, start_probe)
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in starts}
        for _ in range(args.runs):
            for name, (command, start_env, start_probe) in starts.items():
                figures[name].append(first_window(command, start_env, start_probe))

    print(f"Program folder {program.parent}: {size / 2**20:.0f} MiB in {files} files")
    if venv_size:
        mib = venv_size / 2**20
        print(f"  (beside it, this tree's .venv with the dev and build tools: {mib:.0f} MiB, {venv_files} files)")
    print(f"Start to the first painted window (login dialog, offscreen), {args.runs} runs each:")
    print(f"{'':24} {'wall ms best (median)':>22} {'cpu ms best':>12} {'wall vs bare':>13} {'vs uv run':>10}")
    bare = min(wall for wall, _ in figures["bare PySide6 (python)"])
    uv_run = min(wall for wall, _ in figures["uv run main.py"])
    for name, runs in figures.items():
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        print(
            f"{name:24} {min(wall) * 1000:>10.0f} ({statistics.median(wall) * 1000:>6.0f})    "
            f"{min(cpu) * 1000:>12.0f} {min(wall) / bare:>12.2f}x {min(wall) / uv_run:>9.2f}x"
        )


if __name__ == "__main__":
    main()
