"""The sample's monthly reports (reports.csv), for tools/generate_sample_data.py.

Every unit of each period's unit set reports every NĐ 09/2019 month from 2024-01 (the start
month of data/reporting.toml) to 2026-11: most on time (within 3 days of the period end),
some late, a few sent back and submitted again, a few missing in the last three months, one
sent back and not yet resubmitted. Periods up to 2026-08 are approved (one reopened and
approved again). Drawn from its own random.Random, so the other tables stay byte-identical.
No event is dated after LAST_DAY.
"""

from __future__ import annotations

import datetime as dt
import random

FIRST_PERIOD = "2024-01"
LAST_PERIOD = "2026-11"
APPROVED_TO = "2026-08"
LAST_DAY = dt.date(2026, 11, 17)
DEADLINE_DAYS = 3
APPROVER = "Tổng hợp BCĐ 138"
CHANGE = dt.date(2025, 7, 1)
# (period, unit) pairs with no report at all, and one sent back and not resubmitted
MISSING = {("2026-09", "06376"), ("2026-10", "06367"), ("2026-11", "06367")}
RETURNED_OPEN = ("2026-11", "06337")
REOPENED = ("2025-03", "06355")
RETURN_NOTES = (
    "Thiếu số liệu tuần tra của một thôn; đề nghị bổ sung.",
    "Số buổi tuyên truyền chưa khớp với biên bản; đề nghị kiểm tra lại.",
    "Chưa ghi kết quả hòa giải; đề nghị bổ sung.",
)


def _period_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:])
    return dt.date(year, month, 14)


def _periods() -> list[str]:
    out, year, month = [], int(FIRST_PERIOD[:4]), int(FIRST_PERIOD[5:])
    while f"{year:04d}-{month:02d}" <= LAST_PERIOD:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def make_reports(seed: int, communes: list[dict], communes_2025: list[dict]) -> list[dict]:
    rng = random.Random(seed)
    events: list[tuple] = []  # (date, order, unit, period, status, user, note)

    def add(day, unit, period, status, user, note=""):
        events.append((min(day, LAST_DAY), len(events), unit, period, status, user, note))

    for period in _periods():
        end = _period_end(period)
        if end >= CHANGE:
            units = [(c["commune_code_2025"], c["commune_name_2025"]) for c in communes_2025]
        else:
            units = [(c["commune_code"], c["commune_name"]) for c in communes]
        for code, name in sorted(units):
            if (period, code) in MISSING:
                continue
            user = f"Công an {name[0].lower()}{name[1:]}"
            late = rng.random() < 0.12
            day = end + dt.timedelta(days=rng.randint(DEADLINE_DAYS + 1, DEADLINE_DAYS + 9)
                                     if late else rng.randint(0, DEADLINE_DAYS))
            add(day, code, period, "nộp", user)
            sent_back = (period, code) == RETURNED_OPEN or (
                period <= APPROVED_TO and rng.random() < 0.03)
            if sent_back:
                day += dt.timedelta(days=rng.randint(1, 3))
                add(day, code, period, "trả lại", APPROVER, rng.choice(RETURN_NOTES))
                if (period, code) == RETURNED_OPEN:
                    continue
                day += dt.timedelta(days=rng.randint(1, 4))
                add(day, code, period, "nộp", user, "Đã bổ sung theo yêu cầu.")
            if period > APPROVED_TO:
                continue
            day += dt.timedelta(days=rng.randint(2, 8))
            add(day, code, period, "duyệt", APPROVER)
            if (period, code) == REOPENED:
                day += dt.timedelta(days=20)
                add(day, code, period, "mở khóa", APPROVER,
                    "Bổ sung một buổi tuyên truyền bị sót.")
                day += dt.timedelta(days=2)
                add(day, code, period, "duyệt", APPROVER)
    events.sort(key=lambda e: (e[0], e[1]))
    return [
        {"record_id": f"BC-{i:06d}", "unit_code": unit, "period": period, "status": status,
         "done_on": day, "user": user, "note": note}
        for i, (day, _, unit, period, status, user, note) in enumerate(events, start=1)
    ]
