"""The Trình chiếu map at screen size: Bản đồ's map (antt.ui.maps.figure_for: the same scope,
colours and communes) titled and sized for the projector. Styled for the screen by
antt.ui.meeting_style.projector_map."""

from __future__ import annotations

import plotly.graph_objects as go

from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.maps import plotly_map
from antt.maps.colours import DEFAULT_INDICATOR
from antt.ui.maps import figure_for, map_data, map_scope


def map_figure(scope: Filters, focus: str | None, large: bool, zoom: float,
               where: str | None = None) -> go.Figure | None:
    """The meeting map at screen size (design size times `zoom`): the whole scope, zoomed
    to `focus` when given."""
    places = map_data(scope)
    if not places.drawable:
        return None
    names = dict(zip(places.units["unit_code"], places.units["unit_name"], strict=False))
    # Zoomed to a commune: named alone, so the title fits the map's width.
    where = names.get(focus) or where or map_scope(places, scope)[1]
    # The summary's map is narrow: its title on two lines (at the 16 px floor one line is cut),
    # without the period the screen's heading states just above it ("từ 01/01/2026 đến
    # 07/12/2026 — toàn bộ 65 xã, phường (1 có thôn)" ran past the map).
    title = plotly_map.map_title(DEFAULT_INDICATOR, scope.period.label if large else "", where,
                                 two_lines=not large)
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT
    return figure_for(places, scope, DEFAULT_INDICATOR, focus=focus, small=not large,
                      title=title, height=round(height * zoom))
