"""The demo's recovery from third parties (追偿): after the complaints, the office marks part of the compensation
paid on supplier-caused cases (food safety and quality, goods sold, equipment faults) as recoverable from the
supplier or contractor at fault, a few days after closing, and records what came back weeks later: most older
claims recovered in full, a few in part, the recent ones mostly still outstanding.

Some hundreds of lines at most (their number grows with the square root of the candidates'), through
``models.analysis.recovery``'s own functions at the times the demo's clock gives, so the same seed and ``now``
give the same rows and audit events.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from models.analysis.recovery import CostRecovery, save_recovery
from models.base import db
from models.staff import Staff

MIN_LINES, MAX_LINES = 6, 400
PER_ROOT = 3  # lines marked per square root of the candidates
# Who is at fault, by the complaint's category.
PARTIES = {
    "food_safety": ("鲜达食品供应有限公司", "恒昌水产批发行", "绿源蔬菜配送中心"),
    "food_quality": ("鲜达食品供应有限公司", "绿源蔬菜配送中心", "金穗粮油贸易公司"),
    "product_quality": ("华联日用品批发公司", "美佳工艺礼品厂"),
    "facility_fault": ("华美机电维修服务公司", "安捷电梯工程有限公司"),
}
SHARE_DUE = (Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0.5"))  # partly at fault now and then
NOTES = ("按供货合同质量条款追偿", "已发函对方确认责任", "")


def plant_recoveries(office_id: int, seed: int, now: dt.datetime) -> int:
    """The demo's recoverable lines, as the office marked and collected them; how many (none when some exist
    already: a second demo run adds complaints only)."""
    if CostRecovery.select().exists():
        return 0
    codes = tuple(PARTIES)
    candidates = db.execute_sql(
        "SELECT l.id, l.amount, k.code, c.closed_at FROM compensation_line l "
        "JOIN proposal p ON p.id = l.proposal_id JOIN complaint c ON c.id = p.complaint_id "
        "JOIN category k ON k.id = c.category_id "
        "WHERE p.status = 'accepted' AND c.state = 'closed' AND l.amount > 0 "
        f"AND k.code IN ({', '.join('?' * len(codes))}) "
        "ORDER BY l.id",
        codes,
    ).fetchall()
    if not candidates:
        return 0
    rng = random.Random(f"complaint-desk-demo-recovery:{seed}")
    wanted = min(len(candidates), MAX_LINES, max(MIN_LINES, round(PER_ROOT * math.sqrt(len(candidates)))))
    chosen = sorted(rng.sample(range(len(candidates)), wanted))
    office = Staff.get_by_id(office_id)
    with db.atomic():
        for index in chosen:
            line_id, amount, code, closed_at = candidates[index]
            closed = closed_at if isinstance(closed_at, dt.datetime) else dt.datetime.fromisoformat(str(closed_at))
            marked = min(now, closed + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6)))
            due = (Decimal(str(amount)) * rng.choice(SHARE_DUE)).quantize(Decimal("0.01"))
            party = rng.choice(PARTIES[code])
            save_recovery(office, line_id, party, due, "0", rng.choice(NOTES), now=marked)
            collected = marked + dt.timedelta(days=rng.randint(10, 45))
            if collected > now:
                continue
            draw = rng.random()
            if draw < 0.75:
                save_recovery(office, line_id, party, due, due, now=collected)
            elif draw < 0.85:
                part = (due * Decimal(rng.choice(("0.3", "0.5", "0.6")))).quantize(Decimal("0.01"))
                save_recovery(office, line_id, party, due, part, "对方仅承认部分责任", now=collected)
    return wanted
