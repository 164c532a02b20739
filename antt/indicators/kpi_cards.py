"""KPI cards: each headline figure with its change against the same period a year earlier
(cùng kỳ) and its tooltip. No streamlit, no SQL: pages call these with the frames of
queries/*.sql and draw the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from antt.indicators.periods import Comparison
from antt.text.fmt import number, percent

ALL_MODEL_TYPES = "Tất cả loại mô hình"
ALL_COMMUNES = "Tất cả xã"



# ---------------------------------------------------------------- KPI cards


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str  # vi-VN text shown big
    delta: str | None  # "+14 (+66,7%) so với cùng kỳ"; None when there is nothing to compare
    previous: str  # the same-period-last-year value, for the tooltip
    lower_is_better: bool = False  # incidents: a rise shows red
    direction: int = 0  # +1 up, -1 down, 0 unchanged or nothing to compare
    comparable: bool = True  # False: `delta` says why there is no cùng kỳ change


# (key, label, column) of plain count cards, in display order
_COUNT_CARDS = (
    ("active_models", "Mô hình đang hoạt động", "active_models"),
    ("outreach_sessions", "Buổi tuyên truyền", "outreach_sessions"),
    ("outreach_attendees", "Lượt người dự tuyên truyền", "outreach_attendees"),
    ("patrols", "Cuộc tuần tra", "patrols"),
    ("patrol_participants", "Lượt người tham gia tuần tra", "patrol_participants"),
    ("commitment_households", "Hộ ký cam kết", "commitment_households"),
    ("mediations", "Vụ hòa giải", "mediations"),
)


def count_delta(current: float, previous: float) -> str:
    """'+14 (+66,7%)', '-3 (-10,0%)', '0', or '+5' when the previous value was 0."""
    diff = current - previous
    if diff == 0:
        return "0"
    sign = "+" if diff > 0 else "-"
    text = f"{sign}{number(abs(diff))}"
    if previous:
        text += f" ({sign}{percent(abs(diff) / previous)})"
    return text


def success_rate(successful: float, total: float) -> float | None:
    return None if not total else successful / total


def kpi_cards(kpis: pd.DataFrame, not_comparable: str | None = None) -> list[KpiCard]:
    """The overview cards from queries/kpis.sql (rows 'current', 'previous'). With
    `not_comparable` (the reason, antt.indicators.like_for_like.not_comparable) every card shows
    its value and "chưa so sánh được: <reason>", uncoloured, instead of a change."""
    rows = kpis.set_index("period")
    cur, prev = rows.loc["current"], rows.loc["previous"]
    cards = []
    for key, label, col in _COUNT_CARDS:
        c, p = int(cur[col]), int(prev[col])
        cards.append(KpiCard(key, label, number(c), f"{count_delta(c, p)} so với cùng kỳ",
                             number(p), direction=_sign(c - p)))
        if key == "mediations":
            cards.append(_rate_card(cur, prev))
    c, p = int(cur["incidents"]), int(prev["incidents"])
    cards.append(KpiCard("incidents", "Vụ việc về ANTT", number(c),
                         f"{count_delta(c, p)} so với cùng kỳ", number(p), lower_is_better=True,
                         direction=_sign(c - p)))
    if not_comparable:
        cards = [replace(card, delta=f"Chưa so sánh được: {not_comparable}", previous="–",
                         direction=0, comparable=False) for card in cards]
    return cards


def _sign(value: float) -> int:
    return int(value > 0) - int(value < 0)


def _rate_card(cur: pd.Series, prev: pd.Series) -> KpiCard:
    rate = success_rate(cur["mediations_successful"], cur["mediations"])
    before = success_rate(prev["mediations_successful"], prev["mediations"])
    delta, direction = None, 0
    if rate is not None and before is not None:
        points = round((rate - before) * 100, 1)
        sign = "+" if points > 0 else ("-" if points < 0 else "")
        delta = f"{sign}{number(abs(points), 1)} điểm % so với cùng kỳ"
        direction = _sign(points)
    return KpiCard("mediation_success", "Tỷ lệ hòa giải thành", percent(rate), delta,
                   percent(before), direction=direction)


def card_help(card: KpiCard, comparison: Comparison | None) -> str:
    """A tile's tooltip: '01/01–31/10/2026: 128 · so với 01/01–31/10/2025: 131' (the days
    actually compared, by the one cùng-kỳ rule of antt.indicators.periods)."""
    if comparison is None:
        return f"Cùng kỳ năm trước: {card.previous}"
    if not card.comparable:
        return f"{comparison.current_text}: {card.value} · {card.delta}"
    return f"{comparison.current_text}: {card.value} · {comparison.against}: {card.previous}"


def card_by_key(cards: Iterable[KpiCard], key: str) -> KpiCard:
    for card in cards:
        if card.key == key:
            return card
    raise KeyError(key)


