"""KPI tiles: big figures with their change against the same period a year earlier."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from antt.indicators.kpi_cards import KpiCard, card_help
from antt.indicators.periods import Comparison


def kpi_tiles(cards: Sequence[KpiCard], per_row: int = 3,
              comparison: Comparison | None = None) -> None:
    """Draw cards as bordered st.metric tiles, `per_row` to a row (3 reads from the back of a
    meeting room; the value is the biggest text on the page). The tooltip names the days
    compared (`comparison`: the view's period and its cùng kỳ)."""
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start:start + per_row], strict=False):
            column.metric(
                card.label, card.value, delta=card.delta,
                delta_color="off" if card.direction == 0 else (
                    "inverse" if card.lower_is_better else "normal"),
                delta_arrow="off" if card.direction == 0 else "auto",
                help=card_help(card, comparison), border=True,
            )
