"""models/ and ui/ type-check under mypy --strict, ui/ against PySide6's stubs (configuration in pyproject.toml).

The cache stays in the checkout's .mypy_cache, so a repeated run takes about a second; a cold one (a fresh clone,
as in CI) takes five to seven, so the check is marked slow and runs in `uv run pytest -m slow`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
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
