"""Where a map's colour bar goes on a narrow map (a phone: issue 28).

The colour bar sits right of the map, in the 12 % (20 % on the small map) of the figure the
map's domain leaves it. It is about 67 px wide with its title (58 px on the small map, measured
in Chromium), so on a map narrower than ~560 px (~290 px small) it is drawn over the map's
right edge, hiding the names there. At such a width it goes under the map instead, across the
whole width, and the map takes the full width above it: on a 360 px phone the map is 266 px
wide, 600 px tall, and its scale is set by its width, so the width matters and the height is
to spare.

Called before the names are placed (antt/maps/labels.py reads the domain from the layout).
Pure: a figure in, the same figure out; no streamlit.
"""

from __future__ import annotations

import plotly.graph_objects as go

BESIDE_PX = {False: 70, True: 60}  # the bar with its title and ticks, beside the map
UNDER_PX = {False: 64, True: 52}  # the horizontal bar with its title and ticks, under it


def _bars(fig: go.Figure) -> list:
    """The colour bars a figure shows (the indicator's choropleth, or the points' markers)."""
    out = []
    for trace in fig.data:
        if trace.type == "choropleth" and trace.showscale is not False:
            out.append(trace.colorbar)
        elif trace.type == "scattergeo" and trace.marker.showscale:
            out.append(trace.marker.colorbar)
    return out


def fit(fig: go.Figure, width: float | None, small: bool) -> go.Figure:
    """Put the colour bar under the map when it does not fit beside it at `width` px (None:
    the desktop width, where it fits)."""
    domain = fig.layout.geo.domain.x or (0, 1)
    bars = _bars(fig)
    if width is None or not bars or width * (1 - domain[1]) >= BESIDE_PX[small]:
        return fig
    margin = fig.layout.margin
    plot_h = (fig.layout.height or 450) - (margin.t or 0) - (margin.b or 0)
    band = min(UNDER_PX[small] / max(plot_h, 1), 0.4)
    fig.update_geos(domain={"x": [0, 1], "y": [band, 1]})
    for bar in bars:
        if bar.title.text:  # one line: the bar has the whole width, the band no height to spare
            bar.title.text = bar.title.text.replace("<br>", " ")
        bar.update(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom", len=1,
                   lenmode="fraction", xpad=0, ypad=2)
    _narrow_title_and_legend(fig)
    return fig


LINE_PX = 20  # one line of the title or the legend at 15 / 12 px


def _narrow_title_and_legend(fig: go.Figure) -> None:
    """A phone's map: Plotly wraps neither the title nor a horizontal legend into its margin,
    so the title gets a line per part (indicator, period, scope) and the legend goes under
    the map, one entry a line, instead of wrapping up over the title."""
    title = fig.layout.title.text or ""
    if title:
        if "<br>" not in title:
            title = title.replace(", ", "<br>", 1)  # after the indicator (map_title)
        title = title.replace(" — ", "<br>")
        fig.update_layout(title={"text": title, "font": {"size": 15}})
    lines = title.count("<br>") + 1 if title else 0
    entries = sum(1 for t in fig.data if t.name and t.showlegend is not False
                  and (t.type == "scattergeo" and t.mode != "text"))
    legend = fig.layout.showlegend is not False and entries
    fig.update_layout(
        margin={"t": lines * LINE_PX + 10, "b": entries * LINE_PX + 6 if legend else 0},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top"})
