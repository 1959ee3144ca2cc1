"""The work summary of a year on a large database: the figures it is written from (``analyse``, the Analysis
page's, and the year before's ``figures``), writing the draft from them, the whole ``generate``, and
rendering the PDF and the Word document; beside a bare sqlite3 count of the year's complaints in the same run.
Prints figures; not a test.

    uv run python tests/perf/bench_summary.py DATABASE [--year 2026] [--runs 3]

DATABASE is migrated first if it is older (use a copy of the shared million-complaint file, never the file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.analysis.figures import figures  # noqa: E402
from models.analysis.period import Period  # noqa: E402
from models.analysis.report import analyse  # noqa: E402
from models.analysis.summary import draft, generate  # noqa: E402
from models.database import open_database  # noqa: E402
from ui.paper.work_summary import render_work_summary  # noqa: E402
from ui.paper.work_summary_docx import render_work_summary_docx  # noqa: E402


def best(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    period = Period.of("year", dt.date(args.year, 6, 1))
    start, end = period.start.isoformat(sep=" "), period.end.isoformat(sep=" ")

    def bare() -> int:
        with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as raw:
            return int(raw.execute("SELECT count(*) FROM complaint WHERE received_at >= ? AND received_at < ?",
                                   (start, end)).fetchone()[0])  # fmt: skip

    open_database(str(args.database))
    baseline, count = best(args.runs, bare)
    print(f"{count:,} complaints received in {args.year}")
    print(f"bare sqlite3 count of the year:        {baseline * 1000:8.0f} ms")
    found_time, found = best(args.runs, lambda: analyse(period))
    previous_time, before = best(args.runs, lambda: figures(period.previous()))
    print(f"analyse() of the year:                 {found_time * 1000:8.0f} ms  ({found_time / baseline:.1f}x)")
    print(f"figures() of the year before:          {previous_time * 1000:8.0f} ms  ({previous_time / baseline:.1f}x)")
    analysis = found

    def drafted() -> object:
        return draft(period, analysis.figures, analysis.cost, "zh_CN", kind="year", previous=before)  # type: ignore[attr-defined,arg-type]

    draft_time, document = best(args.runs, drafted)
    print(f"draft() from them (its own look-ups):  {draft_time * 1000:8.0f} ms  ({draft_time / baseline:.1f}x)")
    whole, _ = best(args.runs, lambda: generate("year", period.first, period.last, "zh_CN"))
    print(f"generate(): all of it                  {whole * 1000:8.0f} ms  ({whole / baseline:.1f}x)")
    pdf_time, pdf = best(args.runs, lambda: render_work_summary(document))  # type: ignore[arg-type]
    docx_time, docx = best(args.runs, lambda: render_work_summary_docx(document))  # type: ignore[arg-type]
    print(f"PDF ({len(pdf):,} bytes):                   {pdf_time * 1000:8.0f} ms")  # type: ignore[arg-type]
    print(f"Word ({len(docx):,} bytes):                  {docx_time * 1000:8.0f} ms")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
