"""Bring the translation catalogues up to date with the code, in the form they are committed in, and build them.

    uv run python tools/update_translations.py          # lupdate both catalogues, list what is unfinished, lrelease

Qt's ``pyside6-lupdate`` writes ``<location … />`` as ``…/>`` and ``'`` as ``&apos;``, and the English plural
catalogue with a different header: run by hand, it rewrote every entry of the committed files (a 3,800-line diff
for no change). This runs it over ``ui/`` and ``models/`` for both catalogues (Simplified Chinese; English with
only the plural forms of counts), writes them back in their committed form, lists each entry still to translate,
and builds the ``.qm`` files the application loads (the tests fail while one is unfinished or stale).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
CHINESE = FOLDER / "complaint_desk_zh_CN.ts"
ENGLISH = FOLDER / "complaint_desk_en.ts"
ENGLISH_HEADER = "<?xml version='1.0' encoding='utf-8'?>"


def program(name: str) -> str:
    """A Qt tool of the PySide6 installed beside this Python (``uv run`` puts it first on the path)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} was not found: run this with `uv run python tools/update_translations.py`")
    return found


def sources() -> list[str]:
    """Every Python file that may hold a user-visible string, relative to the project."""
    files = [path for folder in ("ui", "models") for path in (ROOT / folder).rglob("*.py")]
    return sorted(str(path.relative_to(ROOT)) for path in [*files, ROOT / "main.py"])


def lupdate(catalogue: Path, *options: str) -> None:
    subprocess.run([program("pyside6-lupdate"), *sources(), "-ts", str(catalogue), *options], cwd=ROOT, check=True)


def committed_form(catalogue: Path, header: str | None = None) -> None:
    """The catalogue as it is committed: ``<location … />`` and ``'`` as they are; the English one's header."""
    text = catalogue.read_text(encoding="utf-8")
    text = re.sub(r'(<location [^>]*")/>', r"\1 />", text)
    text = text.replace("&apos;", "'")
    if header is not None:
        lines = text.splitlines(keepends=True)
        body = [line for line in lines[1:] if not line.startswith("<!DOCTYPE")]
        text = header + "\n" + "".join(body)
    catalogue.write_text(text, encoding="utf-8")


def unfinished(catalogue: Path) -> list[str]:
    """The source texts of the entries still to translate."""
    text = catalogue.read_text(encoding="utf-8")
    return [
        html.unescape(re.search(r"<source>(.*?)</source>", entry, re.S).group(1))  # type: ignore[union-attr]
        for entry in re.findall(r"<message(?: numerus=\"yes\")?>.*?</message>", text, re.S)
        if 'type="unfinished"' in entry
    ]


def main() -> int:
    lupdate(CHINESE, "-no-obsolete")
    committed_form(CHINESE)
    lupdate(ENGLISH, "-no-obsolete", "-pluralonly", "-source-language", "en", "-target-language", "en")
    committed_form(ENGLISH, ENGLISH_HEADER)
    waiting = {catalogue.name: unfinished(catalogue) for catalogue in (CHINESE, ENGLISH)}
    for name, texts in waiting.items():
        for text in texts:
            print(f"{name}: to translate: {text!r}")
    for catalogue in (CHINESE, ENGLISH):
        subprocess.run(
            [program("pyside6-lrelease"), str(catalogue), "-qm", str(catalogue.with_suffix(".qm"))],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    if any(waiting.values()):
        print("Translate those entries (uv run pyside6-linguist FILE.ts), then run this again.")
        return 1
    print("Both catalogues are complete and built.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
