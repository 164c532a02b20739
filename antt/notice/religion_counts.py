"""The notice's religion figures for a reader who may not see small counts (issue 27).

A commune's figure of one religion is a total of its villages, and the district's is the total
of the communes: every one of them can be subtracted from another. So, for such a reader:
- a district notice keeps its total (710 hộ, 2.840 nhân khẩu); a religion's figure from 1 to
  k−1 reads “dưới k”, and as many other religions as the total needs are not given
  (antt.privacy.suppress);
- a commune notice (of either unit set) gives no figure of a religion that is small in ANY
  commune that year, or whose village counts in some commune cannot be hidden well enough
  (`withheld_religions`), (“dưới k” where it is small here, “không nêu” elsewhere): the district
  figure minus the other communes' would give the small one away. Such a notice withholds its
  own total too, or the total minus the other religions would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from antt.data.queries import run_query
from antt.data.store import Store
from antt.notice.dates import BLANK
from antt.notice.sentences import count_text, join_and
from antt.privacy.suppress import HIDDEN, SHOWN, SMALL, for_reader, status_column, suppress
from antt.text.fmt import number

VALUES = ("households", "people")
WITHHELD_TOTAL = "số hộ, nhân khẩu không nêu"


def _small(value: int, k: int) -> bool:
    return 1 <= value <= k - 1


def small_religions(by_unit: Iterable[pd.DataFrame], k: int) -> set[str]:
    """Religions with a commune figure (households or people) from 1 to k−1 in any of the
    frames (queries/religion_by_unit.sql, one per unit set)."""
    out: set[str] = set()
    for frame in by_unit:
        for r in frame.itertuples():
            if _small(r.households, k) or _small(r.people, k):
                out.add(r.religion)
    return out


def withheld_religions(villages: pd.DataFrame, k: int) -> set[str]:
    """Religions with a commune whose village counts stay pinned by its total however many are
    hidden (antt.privacy.suppress: e.g. two villages of 4 households, 8 in all): that total
    must not be given either. `villages`: queries/data_rows_religion.sql rows of one year."""
    result = for_reader(villages, k, set())
    return {key[-1] for key in result.withheld}


def hidden_in_communes(store: Store, year: int, k: int) -> set[str]:
    """The religions no commune notice of `year` gives a figure of, for a reader who may not
    see small counts: small in some commune (either unit set), or pinned in some commune."""
    by_unit = (run_query("religion_by_unit", store=store, communes=[], unit_set=u, year=year)
               for u in ("2024", "2025"))
    villages = run_query("data_rows_religion", store=store, communes=[], unit_set="2024",
                         row_limit=None, date_from=dt.date(year, 1, 1),
                         date_to=dt.date(year, 12, 31))
    return small_religions(by_unit, k) | withheld_religions(villages, k)


def _said(row, value: str, unit: str, k: int | None) -> str:
    status = row[status_column(value)] if k is not None else SHOWN
    if status == SMALL:
        return f"dưới {number(k)} {unit}"
    if status == HIDDEN:
        return f"số {unit} không nêu"
    return f"{number(row[value])} {unit}"


def religion_texts(parts: pd.DataFrame, total: pd.Series, k: int | None,
                   hidden_everywhere: set[str] | None = None) -> dict[str, str]:
    """ton_giao_tong and ton_giao_chi_tiet of `parts` (one row per religion: religion,
    households, people, in the notice's order) and their `total`. `k` None: as they are.
    `hidden_everywhere` None: a district notice; else a commune notice and the religions small
    in some commune that year."""
    frame = parts.copy()
    total_text = f"{number(total['households'])} hộ/{number(total['people'])} nhân khẩu"
    if k is not None and hidden_everywhere is None:
        frame = suppress(frame.assign(scope=0), k, groups=("scope",)).frame
        total_text = "/".join(
            f"{f'dưới {number(k)}' if _small(int(total[v]), k) else number(total[v])} {unit}"
            for v, unit in zip(VALUES, ("hộ", "nhân khẩu"), strict=True))
    elif k is not None:
        for value in VALUES:
            frame[status_column(value)] = [
                (SMALL if _small(c, k) else HIDDEN) if r in hidden_everywhere else SHOWN
                for r, c in zip(frame["religion"], frame[value], strict=True)]
        if frame["religion"].isin(hidden_everywhere).any():
            total_text = WITHHELD_TOTAL
    detail = [f"{row['religion']} ({_said(row, 'households', 'hộ', k)}, "
              f"{_said(row, 'people', 'nhân khẩu', k)})" for _, row in frame.iterrows()]
    return {"ton_giao_tong": total_text, "ton_giao_chi_tiet": join_and(detail)}


def religion_values(store: Store, year: int, params: dict, communes_chosen: bool,
                    warnings: list[str], k: int | None = None) -> dict[str, str]:
    """The notice's religion placeholders for a scope (`params`: its query parameters), from
    the newest of the last six years up to `year` that has figures; with none, blanks to fill.
    `k`: the small-cell threshold of a reader who may not see small counts (None: sees all)."""
    order = list(run_query("vocab_labels", store=store, table="religion",
                           column="religion")["value"])
    for candidate in range(year, year - 6, -1):
        rows = run_query("religion_totals", store=store, year=candidate, **params)
        if not rows.empty and int(rows[rows["is_total"]]["people"].iloc[0]) > 0:
            if candidate != year:
                warnings.append(f"Chưa có số liệu tôn giáo năm {year}: dùng số liệu năm "
                                f"{candidate}.")
            break
    else:
        # No figures is not "0 tôn giáo": blanks to fill by hand, as for an uncited document.
        warnings.append("Không có số liệu tôn giáo cho phạm vi đã chọn: câu về tôn giáo in "
                        "“…” để điền tay (hoặc nhập bảng tôn giáo ở trang Dữ liệu).")
        return {"so_ton_giao": BLANK, "ton_giao_tong": f"{BLANK} hộ/{BLANK} nhân khẩu",
                "ton_giao_chi_tiet": BLANK, "cac_ton_giao": "các tôn giáo"}
    parts = rows[~rows["is_total"] & (rows["people"] > 0)].copy()
    parts["pos"] = parts["religion"].map(lambda r: order.index(r) if r in order else 99)
    parts = parts.sort_values(["pos", "religion"])
    total = rows[rows["is_total"]].iloc[0]
    # a commune's figures add up to the district's: some religions are not given at all
    hidden = hidden_in_communes(store, candidate, k) if k is not None and communes_chosen else None
    return {"so_ton_giao": count_text(len(parts)),
            "cac_ton_giao": "các tôn giáo" if len(parts) > 1 else "tôn giáo",
            **religion_texts(parts, total, k, hidden)}
