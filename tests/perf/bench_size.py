"""What a database file spends its bytes on, per object and per complaint. Not a test.

    uv run python tests/perf/bench_size.py FILE [--top 25]

FILE is only read. SQLite's ``dbstat`` table gives each table's and index's pages; printed
per object: the bytes of its pages, the bytes used in them (the rest is free space inside
pages, which VACUUM packs), and both per complaint; then the same per table with its indexes,
the free pages of the file, and the file's size per complaint beside the 3 KB target of issue 11.
The bare baseline is the sealed records as plain canonical JSON: what the archive's payloads
would take as plain text, beside what archive_seal takes.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET = 3 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25, help="objects listed one by one (default 25)")
    parser.add_argument("--skip-texts", action="store_true", help="do not unpack every seal for the baseline")
    args = parser.parse_args()
    connection = sqlite3.connect(f"{args.file.absolute().as_uri()}?mode=ro", uri=True)
    complaints = connection.execute("SELECT count(*) FROM complaint").fetchone()[0] or 1
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages, free = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count"))
    tables = dict(connection.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
    rows = connection.execute(
        "SELECT name, sum(pgsize), sum(pgsize - unused), count(*) FROM dbstat GROUP BY name ORDER BY 2 DESC"
    ).fetchall()
    size = args.file.stat().st_size
    print(f"file: {args.file}  {size / 1e6:,.1f} MB  {complaints:,} complaints  page size {page_size}")
    print(f"\n{'object':40} {'MB':>9} {'used MB':>9} {'B/complaint':>12} {'used B/c':>9}")
    for name, total, used, _ in rows[: args.top]:
        print(f"{name:40} {total / 1e6:9.1f} {used / 1e6:9.1f} {total / complaints:12.0f} {used / complaints:9.0f}")
    grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, total, used, _ in rows:
        # FTS5's shadow tables (complaint_search_data, _idx, ...) count with their table.
        group = tables.get(name, name)
        group = next((t for t in ("complaint_search",) if group.startswith(t)), group)
        grouped[group][0] += total
        grouped[group][1] += used
    print(f"\n{'table with its indexes':40} {'MB':>9} {'used MB':>9} {'B/complaint':>12} {'used B/c':>9}")
    for group, (total, used) in sorted(grouped.items(), key=lambda item: -item[1][0]):
        if total >= size / 1000:
            figures = f"{total / 1e6:9.1f} {used / 1e6:9.1f} {total / complaints:12.0f} {used / complaints:9.0f}"
            print(f"{group:40} {figures}")
    print(f"\nfree pages: {free:,} ({free * page_size / 1e6:,.1f} MB; main.py compact gives them back)")
    in_use = (pages - free) * page_size
    print(f"file size per complaint:      {size / complaints:8.0f} B")
    print(f"pages in use per complaint:   {in_use / complaints:8.0f} B   (target of issue 11: {TARGET} B; "
          f"ratio {in_use / complaints / TARGET:.2f})")  # fmt: skip
    if not args.skip_texts:
        seals = grouped.get("archive_seal", [0, 0])[0]
        plain = _plain_texts(connection)
        print(f"\nbaseline: the sealed records as plain canonical JSON (UTF-8): {plain / 1e6:,.1f} MB, "
              f"{plain / complaints:.0f} B/complaint;")  # fmt: skip
        print(f"archive_seal with its indexes: {seals / 1e6:,.1f} MB, ratio {seals / plain:.2f}")
    connection.close()


def _plain_texts(connection: sqlite3.Connection) -> int:
    """The bytes of every seal's canonical text (unpacked when the file stores it packed)."""
    try:
        from models.archive import sealed_text
    except ImportError:  # before migration 0013: the payload is the text
        return int(connection.execute("SELECT sum(length(CAST(payload AS BLOB))) FROM archive_seal").fetchone()[0])
    total = 0
    for (payload,) in connection.execute("SELECT payload FROM archive_seal"):
        total += len(sealed_text(payload, connection).encode())
    return total


if __name__ == "__main__":
    main()
