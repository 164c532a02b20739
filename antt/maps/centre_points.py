"""On a polygon map, the communes that have no polygon (a folder from `area init` where a 2024
commune was made after 2013 out of another one): points at their official centres, on the
choropleth's colour scale, so that no commune is left off the map. The page names them
(antt.ui.maps.no_boundary_note).

Pure functions: frames in, traces added to the figure.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from antt.maps.colours import INDICATORS
from antt.maps.plotly_map import UNREPORTED_FILL, unit_hover

CENTRE_NOTE = "chấm tại tâm xã (chưa có ranh giới)"


def add_centre_points(fig: go.Figure, units: pd.DataFrame, centres: pd.DataFrame,
                      indicator: str, *, small: bool = False,
                      unreported: tuple[str, ...] | list[str] | set[str] = ()) -> None:
    """On a polygon map, the communes that have no polygon (`units`: their activities_by_unit
    rows) as points at their official centres, on the choropleth's colour scale, so that none
    is left off the map."""
    ind = INDICATORS[indicator]
    placed = units.merge(centres, on="unit_code", how="inner").reset_index(drop=True)
    if placed.empty:
        return
    main = next((t for t in fig.data if t.type == "choropleth" and t.name == ind.label), None)
    zmax = main.zmax if main is not None and main.zmax else 1.0
    values = ind.values(placed).fillna(0)
    silent = placed["unit_code"].isin(list(unreported)).to_numpy()
    for part, grey in ((~silent, False), (silent, True)):
        if not part.any():
            continue
        rows, vals = placed[part], values[part]
        fig.add_trace(go.Scattergeo(
            name=CENTRE_NOTE, lon=list(rows["lon"]), lat=list(rows["lat"]),
            mode="markers",  # the name is in the hover: names are placed by plotly_map
            marker={"size": 11 if small else 14, "line": {"color": "#1a1a1a", "width": 1},
                    **({"color": UNREPORTED_FILL} if grey else {
                        "color": list(vals), "cmin": 0, "cmax": zmax, "showscale": False,
                        "colorscale": [[0, ind.colours[0]], [1, ind.colours[1]]]})},
            customdata=[[c] for c in rows["unit_code"]],
            hovertext=[f"{unit_hover(row)}<br><b>{ind.label}: {ind.format(v)}</b><br><i>"
                       f"{CENTRE_NOTE}</i>" + ("<br>Chưa báo cáo" if grey else "")
                       for row, v in zip(rows.itertuples(), vals, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=not small and not grey,
        ))
