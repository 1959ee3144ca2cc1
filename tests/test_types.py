"""models/ and ui/ type-check under mypy --strict, ui/ against PySide6's stubs (configuration in pyproject.toml).

The cache stays in the checkout's .mypy_cache, so a repeated run takes about a second and a cold one a few.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_models_and_ui_pass_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
