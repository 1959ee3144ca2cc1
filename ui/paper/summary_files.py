"""A stored work summary's version as a file: PDF or Word, with its state (draft version n, or signed by whom
and when) under the title. Shared by the office's summary page and ``main.py summary``; no Qt."""

from __future__ import annotations

from pathlib import Path

from models.analysis.summary_document import SummaryDocument
from models.analysis.summary_store import StoredSummary

FORMATS = ("pdf", "docx")


def file_format(path: Path | str) -> str:
    """"pdf" or "docx" from a file name's suffix ("" for anything else)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else ""


def document_bytes(
    document: SummaryDocument,
    fmt: str,
    *,
    version: int | None = None,
    saved: str = "",
    signed_by: str = "",
    signed_on: str = "",
    demo: bool = False,
) -> bytes:
    if fmt == "docx":
        from ui.paper.work_summary_docx import render_work_summary_docx

        return render_work_summary_docx(
            document, version=version, saved=saved, signed_by=signed_by, signed_on=signed_on, demo=demo
        )
    from ui.paper.work_summary import render_work_summary

    return render_work_summary(
        document, version=version, saved=saved, signed_by=signed_by, signed_on=signed_on, demo=demo
    )


def stored_bytes(stored: StoredSummary, fmt: str, demo: bool = False) -> bytes:
    """The version ``stored`` as ``fmt`` ("pdf" or "docx"): a signed summary's newest version names who signed
    it; any other version says it is a draft, with its number and when it was saved."""
    row = stored.row
    if row.signed and stored.latest and row.signed_at is not None:
        return document_bytes(
            stored.document, fmt, signed_by=row.signed_by, signed_on=row.signed_at.date().isoformat(), demo=demo
        )
    saved = stored.saved_at.strftime("%Y-%m-%d %H:%M")
    return document_bytes(stored.document, fmt, version=stored.number, saved=saved, demo=demo)
