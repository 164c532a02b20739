"""The Trình chiếu map at screen size: the same scope and colours as Bản đồ
(antt.ui.maps.map_scope), titled for the projector. Styled for the screen by
antt.ui.meeting_style.projector_map."""

from __future__ import annotations

import plotly.graph_objects as go

from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.maps import plotly_map, point_map
from antt.maps.colours import DEFAULT_INDICATOR
from antt.ui.maps import map_data, map_scope


def map_figure(scope: Filters, focus: str | None, large: bool, zoom: float,
               where: str | None = None) -> go.Figure | None:
    """The meeting map at screen size (design size times `zoom`): the whole scope, zoomed
    to `focus` when given."""
    places = map_data(scope)
    if not places.drawable:
        return None
    names = dict(zip(places.units["unit_code"], places.units["unit_name"], strict=False))
    # the whole scope, as on Bản đồ: a new area's communes without villages too
    in_scope, label, unreported = map_scope(places, scope)
    # Zoomed to a commune: named alone, so the title fits the map's width.
    where = names.get(focus) or where or label
    # The summary's map is narrow: its title on two lines (at the 16 px floor one line is cut),
    # without the period the screen's heading states just above it ("từ 01/01/2026 đến
    # 07/12/2026 — toàn bộ 65 xã, phường (1 có thôn)" ran past the map).
    title = plotly_map.map_title(DEFAULT_INDICATOR, scope.period.label if large else "", where,
                                 two_lines=not large)
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT
    if places.points:  # no polygons in the folder: communes at their official centres
        assert places.centres is not None
        return point_map.point_map_figure(
            places.units, places.villages, places.centres, DEFAULT_INDICATOR, title=title,
            focus=focus, small=not large, height=round(height * zoom), unreported=unreported)
    assert places.boundaries is not None
    return plotly_map.map_figure(
        places.units, places.villages, places.boundaries, DEFAULT_INDICATOR,
        title=title, focus=focus, outline=places.outline, small=not large,
        height=round(height * zoom), in_scope=in_scope, unreported=unreported)
