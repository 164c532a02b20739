"""Village names on a drilled-down map (one commune chosen): SVG text beside each village
point, placed so that no two names overlap.

Where names would collide, the villages with most activity (then by name) keep theirs; the
others are still points with a hover that names them. The placing itself (boxes on screen from
the figure's size and view, above / below / right / left of the point, clear of the commune's
own name) is antt/maps/labels.py, run at the end of map_figure and again by the meeting page.

Pure functions: frames in, figures out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from antt.maps import labels
from antt.maps.colours import activity_count

NAMES_TRACE = "Tên thôn"


def by_priority(villages: pd.DataFrame) -> pd.DataFrame:
    """The villages most active first (then by name): the order their names are placed in."""
    return villages.assign(_activity=activity_count(villages)).sort_values(
        ["_activity", "village_name"], ascending=[False, True], kind="stable")


def add_village_names(fig: go.Figure, villages: pd.DataFrame, radii: pd.Series) -> None:
    """A text trace with every village's name as a candidate (no hover: the points have it);
    `radii`: each point's radius on screen, by the frame's index. labels.place_names prints
    the names that fit."""
    shown = villages[villages["lat"].notna() & villages["lon"].notna()]
    if shown.empty:
        return
    fig.add_trace(go.Scattergeo(
        name=NAMES_TRACE, mode="text", lon=[], lat=[], text=[],
        meta=labels.label_meta(
            labels.Item(str(row.village_name), float(row.lon), float(row.lat),
                        radius=float(radii.get(row.Index, 0.0)))
            for row in by_priority(shown).itertuples()),
        textfont={"size": 12, "color": "#1a1a1a", "shadow": "auto"},
        hoverinfo="skip", showlegend=False,
    ))
