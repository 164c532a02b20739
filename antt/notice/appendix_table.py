"""The Phụ lục of a notice: one row per model with its village's figures, and the total."""

from __future__ import annotations

from typing import Any

import pandas as pd

from antt.notice.model import Appendix
from antt.notice.sentences import count_text, in_sentence
from antt.text.fmt import date_short


def appendix_table(rows: pd.DataFrame, unit: Any, title: str) -> Appendix:
    """The table for `unit` (a facts.Unit): villages alone at level xa, "thôn, xã" above."""
    columns = ["TT", "Thôn" if unit.level == "xa" else "Thôn, xã", "Thành lập",
               "Tuyên truyền (buổi)", "Lượt người dự", "Tuần tra (cuộc)",
               "Lượt người tuần tra", "Lượt hộ ký cam kết", "Hòa giải (cuộc)", "Vụ việc"]
    figures = ["outreach_sessions", "outreach_attendees", "patrols", "patrol_participants",
               "commitment_households", "mediations", "incidents"]
    body = []
    for i, r in enumerate(rows.itertuples(), 1):
        place = f"{r.village_kind} {r.village_name}"
        if unit.level != "xa":
            place += f", {in_sentence(r.unit_name)}"
        body.append([str(i), place[:1].upper() + place[1:],
                     date_short(pd.Timestamp(r.established_on).date())]
                    + [count_text(int(getattr(r, c))) for c in figures])  # "08", as the body
    body.append(["", "Tổng cộng", ""] + [count_text(int(rows[c].sum())) for c in figures])
    return Appendix(title=title, columns=columns, rows=body)
