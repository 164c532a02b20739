"""The data-quality check before approval: a unit-period with an open high-importance flag
("cao") cannot be approved until its record is fixed or the flag is cleared with a reason
("xác nhận đúng", antt/quality/marks.py). Medium and low flags are shown, never block."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from antt.data import report_rules
from antt.data.store import get_store
from antt.problems import Problem
from antt.quality.flags import Flags, check

MAX_LISTED = 10


def blocking_problems(data_dir: Path, unit: str, period: str,
                      flags: Flags | None = None) -> list[Problem]:
    """Why the unit-period may not be approved (empty: it may), naming each open high flag."""
    if flags is None:
        store = get_store(Path(data_dir))  # the process's store: reloaded only if changed
        store.refresh()
        flags = check(store)
    return blocking_text(flags.blocking(unit, period), period)


def blocking_text(blocking: pd.DataFrame, period: str) -> list[Problem]:
    if blocking.empty:
        return []
    head = (f"Kỳ {report_rules.period_text(period)} còn {len(blocking)} cảnh báo chất lượng số "
            "liệu mức độ cao chưa xử lý: sửa bản ghi hoặc “Xác nhận đúng” kèm lý do (trang "
            "Chất lượng số liệu, hoặc python -m antt quality confirm) rồi mới duyệt được.")
    lines = [Problem("reports.csv", None, None, head)]
    for r in blocking.head(MAX_LISTED).itertuples():
        lines.append(Problem(r.table_name and f"{r.table_name}.csv" or "rules.toml", None, None,
                             f"{r.record_id or r.commune_name}: {r.message} [{r.check_id}]"))
    if len(blocking) > MAX_LISTED:
        lines.append(Problem("rules.toml", None, None,
                             f"… và {len(blocking) - MAX_LISTED} cảnh báo khác."))
    return lines


def shown_to_approver(data_dir: Path, unit: str, period: str) -> list[str]:
    """The open medium and low flags of a unit-period, one line each: shown, never blocking."""
    store = get_store(Path(data_dir))
    store.refresh()
    f = check(store).for_report(unit, period)
    f = f[(f["importance"] != "cao") & (f["state"] != "xác nhận đúng")]
    return [f"[{r.importance}] {r.record_id or r.commune_name}: {r.message}"
            for r in f.itertuples()]
