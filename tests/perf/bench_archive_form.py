"""Benchmark of the archived complaint form PDF (DESIGN.md target: one form
< 50 ms warm; 1,000 forms in a batch with flat memory), against a bare
one-paragraph reportlab PDF timed in the same run.

Run: uv run python tests/perf/bench_archive_form.py [--forms 1000] [--repeat 50]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import resource
import statistics
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from ui.paper.archive_form import render_archive_form
from ui.paper.fonts import cjk_fonts

ORGANISATION = "锦江花园酒店"


def _signature() -> str:
    width, height = 240, 90
    rows = b"".join(
        b"\x00" + bytes(0 if abs(y - 45 - (x % 60 - 30) // 3) < 2 else 255 for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode("ascii")


SIGNATURE = _signature()


def sample_record(number: int) -> dict[str, Any]:
    """A realistic sealed case (two proposals, an office decision, a signature, history)."""
    wang, li = {"username": "wangfang", "name": "王芳"}, {"username": "lijun", "name": "李军"}
    digest = f"{number:064x}"[-64:].replace("0", "a", number % 7)

    def line(name: str, text: str, amount: str) -> dict[str, Any]:
        return {"remedy": "r", "remedy_name": name, "description": text, "amount": amount, "charged_to": "kitchen"}

    return {
        "format": 1,
        "archive_number": f"TS-2026-{number:06d}",
        "id": number,
        "state": "closed",
        "received_at": "2026-03-05T18:42:10",
        "received_by": wang,
        "channel": "in_person",
        "location": "大堂服务台",
        "moved_to_private": True,
        "customer": {"name": "陈先生", "phone": f"138{number:08d}"[-11:]},
        "narrative": "我们一家四口六点半入座，点的清蒸鲈鱼等了四十多分钟还没上，催了三次服务员都说马上就好。"
        "最后端上来的鱼是凉的，孩子饿得直哭，服务员还说“厨房忙，您再等等”。" * 2,
        "category": "food_service",
        "category_name": "餐饮服务",
        "severity": "medium",
        "demand": "要求免除这道菜的费用，并希望餐厅负责人当面道歉。",
        "acknowledged": True,
        "promised_minutes": 30,
        "promised_at": "2026-03-05T19:12:10",
        "findings": "经查，当晚宴会厅同时有两场婚宴，后厨人手不足，鲈鱼出菜超时三十五分钟；传菜员未按规定复热。",
        "department": "kitchen",
        "department_name": "中餐厨房",
        "staff_involved": "传菜员小刘",
        "liability": "full",
        "handoff_note": "顾客要求免单整桌，超出值班经理授权额度，请办公室审批。",
        "proposals": [
            {
                "seq": 1,
                "created_at": "2026-03-05T19:05:00",
                "created_by": wang,
                "status": "declined",
                "explanation": "免除清蒸鲈鱼费用并赠送果盘一份。",
                "needs_office": False,
                "total": "168.00",
                "decision": "",
                "decision_note": "",
                "decided_by": None,
                "decided_at": None,
                "lines": [line("菜品免单", "清蒸鲈鱼", "128.00"), line("赠送果盘", "时令水果拼盘", "40.00")],
            },
            {
                "seq": 2,
                "created_at": "2026-03-05T19:20:00",
                "created_by": wang,
                "status": "accepted",
                "explanation": "整桌消费八折并赠送代金券，餐饮部经理当面致歉。",
                "needs_office": True,
                "total": "392.60",
                "decision": "changed",
                "decision_note": "同意八折，代金券改为二百元。",
                "decided_by": li,
                "decided_at": "2026-03-05T19:31:00",
                "lines": [line("折扣", "整桌消费八折", "192.60"), line("代金券", "餐饮代金券", "200.00")],
            },
        ],
        "consent": "accepted",
        "counter_demand": "",
        "satisfaction": 4,
        "signature_png": SIGNATURE,
        "witness": "",
        "consent_at": "2026-03-05T19:40:00",
        "improvement_suggestion": "宴会高峰期增派传菜人手；超时二十分钟的菜品须主动告知顾客。",
        "withdrawn_reason": "",
        "closed_at": "2026-03-05T19:48:00",
        "closed_by": wang,
        "follow_ups": [{"kind": "call_back", "due_at": "2026-03-07T10:00:00", "description": "电话回访用餐体验"}],
        "attachments": [],
        "seal": {"digest": digest, "sealed_at": "2026-03-05T19:48:01"},
        "amendments": [],
        "history": [
            {"at": "2026-03-05T18:42:10", "action": action, "by": "王芳"}
            for action in ("received", "investigated", "proposed", "consent", "escalated", "decision", "closed")
        ],
    }


def resident_mb() -> float:
    """Resident memory now (Linux /proc); elsewhere the peak, which can only grow."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def median_ms(work: Callable[[int], object], repeat: int) -> float:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bare_pdf(_: int) -> bytes:
    """The baseline: one paragraph in the same font, nothing else."""
    out = io.BytesIO()
    style = ParagraphStyle("bare", fontName=cjk_fonts().regular, fontSize=10, wordWrap="CJK")
    SimpleDocTemplate(out).build([Paragraph("投诉处理记录表 Complaint handling record", style)])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000, help="forms in the batch (default 1000)")
    parser.add_argument("--repeat", type=int, default=50, help="renders for the warm median (default 50)")
    options = parser.parse_args()

    start = time.perf_counter()
    fonts = cjk_fonts()
    found = time.perf_counter() - start
    print(f"font: {fonts.source or fonts.regular} (embedded: {fonts.embedded}), found in {found:.3f} s")
    first = time.perf_counter()
    pdf = render_archive_form(sample_record(1), organisation=ORGANISATION)
    print(f"first form (cold): {(time.perf_counter() - first) * 1000:.1f} ms, {len(pdf) / 1024:.0f} KiB")
    bare_pdf(0)

    # A different archive number each time: nothing may be served from a cache.
    form = median_ms(lambda i: render_archive_form(sample_record(10 + i), organisation=ORGANISATION), options.repeat)
    bare = median_ms(bare_pdf, options.repeat)
    print(f"one form, warm (median of {options.repeat}): {form:.1f} ms (target < 50 ms)")
    print(f"bare one-paragraph PDF (median of {options.repeat}): {bare:.1f} ms; form / bare = {form / bare:.1f}x")

    memory = [("start", resident_mb())]
    start = time.perf_counter()
    size = 0
    for i in range(options.forms):
        size += len(render_archive_form(sample_record(100_000 + i), organisation=ORGANISATION))
        if i + 1 == 100:
            memory.append(("after 100", resident_mb()))
    elapsed = time.perf_counter() - start
    memory.append(("end", resident_mb()))
    print(
        f"batch of {options.forms} forms: {elapsed:.1f} s ({elapsed / options.forms * 1000:.1f} ms a form), "
        f"{size / 2**20:.1f} MiB of PDF"
    )
    print("resident memory: " + ", ".join(f"{label} {mb:.1f} MB" for label, mb in memory))
    growth = memory[-1][1] - memory[1][1]
    print(f"growth from form 100 to the end: {growth:+.1f} MB ({'flat' if growth < 5 else 'GROWING'})")


if __name__ == "__main__":
    main()
