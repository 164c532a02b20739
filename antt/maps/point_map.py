"""The map of an area without commune polygons (a folder from `area init`): each commune is a
point at its official centre (the unit lists' lat/lon), coloured by the indicator like the
polygons of plotly_map, with the village points on top. The page says that these are points,
not boundaries.

With many communes (a province: 65, or 194 before 2025) only the names that fit without
overlapping are printed, the most populous communes first (antt/maps/labels.py); every point
has its hover, which names it.

Pure functions: frames in, figures out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from antt.maps import colour_bar, labels
from antt.maps.boundaries import view_ranges
from antt.maps.colours import INDICATORS, colour_ticks
from antt.maps.plotly_map import (
    NAMES_TRACE,
    PAGE_WIDTH,
    SMALL_WIDTH,
    UNREPORTED_FILL,
    _add_villages,
    short_name,
    unit_hover,
)

POINT_SOURCE = "Chấm: tâm xã theo danh mục đơn vị hành chính (vietnamadminunits, MIT)"
POINT_NOTE = ("Chưa có ranh giới xã cho địa bàn này: mỗi xã là một chấm tại tâm chính thức "
              "(danh mục đơn vị hành chính), không phải ranh giới.")


def by_priority(units: pd.DataFrame, focus: str | None) -> pd.DataFrame:
    """The order names are placed in: the drilled commune, then the most populous."""
    return units.assign(_focus=units["unit_code"] != focus).sort_values(
        ["_focus", "population", "unit_code"], ascending=[True, False, True], kind="stable")


def point_map_figure(units: pd.DataFrame, villages: pd.DataFrame, centres: pd.DataFrame,
                     indicator: str, *, title: str, focus: str | None = None,
                     height: int = 600, small: bool = False,
                     unreported: tuple[str, ...] | list[str] | set[str] = (),
                     width: int | None = None) -> go.Figure:
    """`units` (activities_by_unit rows) placed at `centres` (unit_code, lat, lon); names
    placed for `width` px (map_figure's defaults when None)."""
    ind = INDICATORS[indicator]
    placed = units.merge(centres, on="unit_code", how="inner").reset_index(drop=True)
    values = ind.values(placed)
    top = float(values.max()) if values.notna().any() else 0.0
    zmax, tickvals, ticktext = colour_ticks(top, ind.decimals)
    silent = placed["unit_code"].isin(list(unreported)).to_numpy()
    fig = go.Figure()
    hover = [f"{unit_hover(row)}<br><b>{ind.label}: {ind.format(v)}</b>"
             "<br><i>chấm tại tâm xã (chưa có ranh giới)</i>"
             for row, v in zip(placed.itertuples(), values, strict=True)]
    size = 11 if small else 15
    fig.add_trace(go.Scattergeo(
        name=ind.label, lon=list(placed["lon"][~silent]), lat=list(placed["lat"][~silent]),
        mode="markers",
        marker={"size": size, "line": {"color": "#ffffff", "width": 1},
                "color": list(values[~silent].fillna(0)),
                "colorscale": [[0, ind.colours[0]], [1, ind.colours[1]]], "cmin": 0,
                "cmax": zmax, "showscale": True,
                "colorbar": {"title": {"text": ind.bar_title, "side": "top"},
                             "tickvals": tickvals, "ticktext": ticktext,
                             "thickness": 12 if small else 16, "len": 0.9, "x": 1.0,
                             "xanchor": "right"}},
        customdata=[[c] for c in placed["unit_code"][~silent]],
        hovertext=[h for h, s in zip(hover, silent, strict=True) if not s],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
    ))
    if silent.any():
        fig.add_trace(go.Scattergeo(
            name="Chưa báo cáo", lon=list(placed["lon"][silent]),
            lat=list(placed["lat"][silent]), mode="markers",
            marker={"size": size, "color": UNREPORTED_FILL},
            customdata=[[c] for c in placed["unit_code"][silent]],
            hovertext=[h + "<br>Chưa báo cáo" for h, s in zip(hover, silent, strict=True) if s],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    _add_villages(fig, villages[villages["unit_code"].isin(set(placed["unit_code"]))], focus,
                  small)
    fig.add_trace(go.Scattergeo(
        name=NAMES_TRACE, mode="text", lon=[], lat=[], text=[],
        meta=labels.label_meta(
            labels.Item(short_name(row.unit_name), float(row.lon), float(row.lat),
                        bold=row.unit_code == focus, radius=size / 2 + 1)
            for row in by_priority(placed, focus).itertuples()),
        textfont={"size": 10 if small else 11, "shadow": "auto"},
        hoverinfo="skip", showlegend=False,
    ))
    view = placed[placed["unit_code"] == focus] if focus in set(placed["unit_code"]) else placed
    pad = 0.02
    bbox = (float(view["lon"].min()) - pad, float(view["lat"].min()) - pad,
            float(view["lon"].max()) + pad, float(view["lat"].max()) + pad) if len(view) \
        else (102.0, 8.0, 110.0, 23.5)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 13 if small else 16}},
        height=height, margin={"l": 0, "r": 0, "t": 58 if small else 64, "b": 0},
        separators=",.",
        geo={"visible": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
             "domain": {"x": [0, 0.8 if small else 0.88], "y": [0, 1]}, **view_ranges(bbox)},
        showlegend=not small,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        hoverlabel={"align": "left", "bgcolor": "#ffffff", "font": {"color": "#1a1a1a"}},
        uirevision=f"{focus}-{indicator}", clickmode="event+select",
    )
    return labels.place_names(colour_bar.fit(fig, width, small),
                              width or (SMALL_WIDTH if small else PAGE_WIDTH))
