"""The maps in Streamlit: data for the filters, the Bản đồ page's parts and the small map that
other pages (Tổng quan, Trình chiếu) show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from antt.indicators import charts, view_text
from antt.indicators.filters import Filters
from antt.maps import centre_points, plotly_map, point_map
from antt.maps.boundaries import ATTRIBUTION, Boundaries, load_boundaries, load_outline
from antt.maps.colours import DEFAULT_INDICATOR
from antt.text.escape import md
from antt.ui import map_width
from antt.ui.data import figure as query_figure
from antt.ui.data import latest_record_date, query, store
from antt.ui.through import for_filters

COMMUNE_KEY = "map_commune"
INDICATOR_KEY = "map_indicator"
# Vietnamese Plotly strings and the trimmed mode bar (antt.indicators.charts.CONFIG); the wheel
# scrolls
# the page. A geo map asks for a base-map topojson even with no base layer shown: it gets the
# stub this server serves (static/topojson/, server.enableStaticServing), never Plotly's CDN.
# Relative, so it also works behind a proxy under a path prefix.
TOPOJSON_URL = "app/static/topojson/"
CHART_CONFIG = {**charts.CONFIG, "scrollZoom": False, "topojsonURL": TOPOJSON_URL}


@dataclass
class MapData:
    units: pd.DataFrame  # activities_by_unit rows for the filters
    villages: pd.DataFrame  # activities_by_village rows for the filters
    boundaries: Boundaries | None
    outline: Boundaries | None
    centres: pd.DataFrame | None = None  # unit_code, lat, lon: the official centres

    @property
    def points(self) -> bool:
        """No polygon for any unit in scope, but centres: each commune is drawn as a point."""
        known = self.boundaries.codes if self.boundaries else frozenset()
        return (not self.units["unit_code"].isin(known).any() and self.centres is not None
                and self.units["unit_code"].isin(self.centres["unit_code"]).any())

    @property
    def missing(self) -> list[str]:
        """Names of units in scope that have no polygon."""
        known = self.boundaries.codes if self.boundaries else frozenset()
        return list(self.units.loc[~self.units["unit_code"].isin(known), "unit_name"])

    @property
    def drawable(self) -> bool:
        return self.points or (self.boundaries is not None
                               and len(self.missing) < len(self.units))


def map_data(filters: Filters) -> MapData:
    params = filters.params(latest_record_date())  # the one cùng-kỳ rule (antt.indicators.periods)
    data_dir = store().data_dir
    return MapData(
        units=query("activities_by_unit", **params),
        villages=query("activities_by_village", **params),
        boundaries=load_boundaries(data_dir, filters.unit_set),
        outline=load_outline(data_dir),
        centres=query("unit_centroids", unit_set=filters.unit_set),
    )


def no_boundary_note(data: MapData) -> str:
    if data.points:
        return point_map.POINT_NOTE
    if not data.drawable:
        return ("Không có ranh giới xã cho các đơn vị đang chọn (bản đồ kèm theo chỉ có các xã "
                "của huyện Bắc Sơn): xem số liệu trong bảng.")
    known = data.boundaries.codes if data.boundaries else frozenset()
    centred = set(data.centres["unit_code"]) if data.centres is not None else set()
    lacking = data.units[~data.units["unit_code"].isin(known)]
    as_point = list(lacking.loc[lacking["unit_code"].isin(centred), "unit_name"])
    left_off = list(lacking.loc[~lacking["unit_code"].isin(centred), "unit_name"])
    notes = []
    if as_point:
        notes.append("Chưa có ranh giới, vẽ là một chấm tại tâm xã chính thức: "
                     + ", ".join(as_point) + ".")
    if left_off:
        notes.append("Chưa có ranh giới nên không vẽ trên bản đồ: " + ", ".join(left_off) + ".")
    return " ".join(notes)


def map_scope(data: MapData, filters: Filters) -> tuple[Sequence[str], str, list[str]]:
    """What a map of the filters covers, for the Bản đồ page and the projector alike: the unit
    codes in scope (with villages or not: a new area starts with none), their label for the
    title ("toàn bộ 65 xã, phường (3 có thôn)"), and the units drawn grey. The map counts
    what the tiles and tables count (every unit, complete or not): only a unit with neither
    a report nor a record is grey (antt.data.complete)."""
    in_scope = filters.communes or (tuple(data.boundaries.codes) if data.boundaries else ())
    label = plotly_map.scope_label(data.units, chosen=bool(filters.communes), names=[
        data.boundaries.names[c] for c in in_scope if c in data.boundaries.codes]
        if data.boundaries else None)
    unreported = [u.code for u in for_filters(filters).units if u.through is None]
    return in_scope, label, unreported


def figure_for(data: MapData, filters: Filters, indicator: str, focus: str | None = None,
               small: bool = False, width: int | None = None, *, title: str | None = None,
               height: int | None = None) -> go.Figure:
    """The map for the filters, its names placed for `width` px (antt/ui/map_width.py;
    the desktop width when None). `title` and `height` replace the page's (the projector
    draws the same map at screen size, titled for it: antt/ui/meeting_map.py)."""
    names = dict(zip(data.units["unit_code"], data.units["unit_name"]))
    in_scope, scope, unreported = map_scope(data, filters)
    if title is None:
        title = plotly_map.map_title(indicator, filters.period.label, scope, names.get(focus),
                                     small)
    if height is None:
        height = plotly_map.SMALL_HEIGHT if small else plotly_map.PAGE_HEIGHT
    if data.points:
        assert data.centres is not None
        return point_map.point_map_figure(
            data.units, data.villages, data.centres, indicator, title=title, focus=focus,
            small=small, unreported=unreported, height=height, width=width)
    assert data.boundaries is not None
    fig = plotly_map.map_figure(
        data.units, data.villages, data.boundaries, indicator, title=title, focus=focus,
        outline=data.outline, small=small, unreported=unreported, height=height,
        in_scope=in_scope, width=width)
    if data.centres is not None and data.missing:  # no commune is left off the map
        centre_points.add_centre_points(
            fig, data.units[~data.units["unit_code"].isin(data.boundaries.codes)],
            data.centres, indicator, small=small, unreported=unreported)
    return fig


def small_map_figure(filters: Filters, indicator: str = DEFAULT_INDICATOR,
                     width: int | None = None) -> go.Figure | None:
    """The compact map for the filters, its names placed for `width` px (380 when None), or
    None when the units in scope have no boundaries."""
    data = map_data(filters)
    return (figure_for(data, filters, indicator, small=True, width=width) if data.drawable
            else None)


def small_map_spec(filters: Filters, indicator: str = DEFAULT_INDICATOR,
                   width: int | None = None):
    """small_map_figure built once per data version, filters and width bucket for all
    sessions (antt.cache): building a map costs ~50 ms, drawing the cached one ~2 ms."""
    return query_figure(("small_map", filters, indicator, width),
                        lambda: small_map_figure(filters, indicator, width))


def show_small_map(filters: Filters, indicator: str = DEFAULT_INDICATOR,
                   key: str = "small_map") -> None:
    """Draw the compact map with its attribution (or a note when there are no boundaries),
    its names placed for the width it is drawn at in the browser (antt/ui/map_width.py)."""
    width = map_width.map_width(map_width.SMALL_KEY, plotly_map.SMALL_WIDTH)
    fig = small_map_spec(filters, indicator, width)
    if fig is None:
        st.info(md(no_boundary_note(map_data(filters))))
        return
    st.plotly_chart(fig, key=key, config=CHART_CONFIG, width="stretch")
    st.caption(point_map.POINT_NOTE if map_data(filters).points else ATTRIBUTION)


def chart_key(focus: str) -> str:
    """A chart key per drilled commune: each view starts with an empty selection."""
    return f"map_chart_{focus or 'all'}"


def sync_commune_choice(codes: list[str]) -> None:
    """Before the commune select box is drawn: take a click on the map as the choice, and drop
    a choice that is not among the units any more (the unit set changed)."""
    current = st.session_state.get(COMMUNE_KEY, "")
    clicked = plotly_map.clicked_unit(st.session_state.get(chart_key(current)), codes)
    if clicked and clicked != current:
        st.session_state[COMMUNE_KEY] = clicked
    elif current and current not in codes:
        st.session_state[COMMUNE_KEY] = ""


def village_file_stem(filters: Filters, focus: str, unit_names: dict[str, str]) -> str:
    """Download name of a commune's village table, from the commune's name and the period:
    'cac-thon_2024-01-01_2024-12-31_dv2025_xa-tan-tri' (not the commune's code)."""
    return view_text.file_stem("Các thôn", replace(filters, communes=(focus,)), unit_names)
