"""Village names on a drilled-down map (one commune chosen): SVG text above each village
point, thinned so that no two names overlap.

Where names would collide, the villages with most activity (then with a model) keep theirs;
the others are still points with a hover. Overlap is judged on an estimate of each name's box
on screen from the map's view ranges and height, with the largest text the maps are drawn at
(16 px: the projector's floor, antt.indicators.meeting.MIN_FONT), so a name that fits there
fits on the page's 12 px map too.

Pure functions: frames in, figures out.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from antt.maps.colours import activity_count
from antt.text.escape import html_text

NAMES_TRACE = "Tên thôn"
FONT_PX = 16  # the largest size the names are drawn at (see the module docstring)
CHAR_EM = 0.55  # average advance of a Vietnamese lowercase letter, in em
GAP_PX = 4


def _boxes_overlap(a: tuple[float, float, float, float],
                   b: tuple[float, float, float, float]) -> bool:
    return not (a[2] + GAP_PX <= b[0] or b[2] + GAP_PX <= a[0]
                or a[3] + GAP_PX <= b[1] or b[3] + GAP_PX <= a[1])


def thinned(villages: pd.DataFrame, lon_range: list[float], lat_range: list[float],
            plot_height: float, taken: list[tuple[float, float]] = ()) -> pd.DataFrame:
    """The villages whose names are drawn: most active first, each kept only if its name's
    box (centred above its point) overlaps no name kept before nor a `taken` (lon, lat) point
    such as the commune's own name."""
    lat_span = max(lat_range[1] - lat_range[0], 1e-6)
    px_lat = plot_height / lat_span
    mid = math.radians((lat_range[0] + lat_range[1]) / 2)
    px_lon = px_lat * math.cos(mid)  # Mercator: a degree of longitude is shorter

    line = 1.4 * FONT_PX

    def box(lon: float, lat: float, name: str, above: bool = True
            ) -> tuple[float, float, float, float]:
        x, y = lon * px_lon, -lat * px_lat  # screen y grows downwards
        half = len(name) * CHAR_EM * FONT_PX / 2
        bottom = y - 6 if above else y + line / 2  # "top center": the name sits on the point
        return (x - half, bottom - line, x + half, bottom)

    placed = [box(lon, lat, "x" * 10, above=False) for lon, lat in taken]
    order = villages.assign(_activity=activity_count(villages)).sort_values(
        ["_activity", "village_name"], ascending=[False, True], kind="stable")
    kept = []
    for row in order.itertuples():
        candidate = box(row.lon, row.lat, str(row.village_name))
        if any(_boxes_overlap(candidate, other) for other in placed):
            continue
        placed.append(candidate)
        kept.append(row.Index)
    return villages.loc[kept]


def add_village_names(fig: go.Figure, villages: pd.DataFrame, lon_range: list[float],
                      lat_range: list[float], plot_height: float,
                      taken: list[tuple[float, float]] = ()) -> None:
    """The thinned names as a text trace above the points (no hover: the points have it)."""
    shown = villages[villages["lat"].notna() & villages["lon"].notna()]
    if shown.empty:
        return
    named = thinned(shown, lon_range, lat_range, plot_height, taken)
    fig.add_trace(go.Scattergeo(
        name=NAMES_TRACE, lon=list(named["lon"]), lat=list(named["lat"]), mode="text",
        text=[html_text(str(n)) for n in named["village_name"]], textposition="top center",
        textfont={"size": 12, "color": "#1a1a1a", "shadow": "auto"},
        hoverinfo="skip", showlegend=False,
    ))
