"""The map figures: the commune choropleth of an indicator with village points and names.

Where a map on screen comes from: views/map.py (Bản đồ), views/overview.py (small map) and the
Trình chiếu page call antt/ui/maps.py, which runs queries/activities_by_unit.sql and
activities_by_village.sql for the filters and calls `map_figure` here. The colour of a commune
is an Indicator (antt/maps/colours.py), its polygon and name position come from
antt/maps/boundaries.py, the tables under the map from antt/maps/tables.py.

Maps are Plotly geo subplots (`Choropleth`, `Scattergeo`) drawn as SVG in the page: commune
names are SVG text in each polygon, readable without hovering, placed for the figure's size so
that no two overlap (antt/maps/labels.py: a name that fits nowhere is left to the hover), and
nothing is fetched from the internet (MapLibre's text layers would download glyphs from a CDN).
A geo
subplot asks for a base-map topojson even with its base layers hidden: the charts point
Plotly's `topojsonURL` at the stub this app serves itself (static/topojson/, see CHART_CONFIG
in antt/ui/maps.py). The view is set by longitude/latitude ranges, so the district fills the
chart at any width (1366 px or 768 px), and model status is shown by colour and an outline ring.

Pure functions: frames in, figures out. No streamlit, no queries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from antt.maps import colour_bar, labels
from antt.maps.boundaries import Boundaries, ring_lines, view_ranges
from antt.maps.colours import (
    INDICATORS,
    STATUS_LABELS,
    STATUS_STYLE,
    activity_count,
    colour_ticks,
    village_status,
)
from antt.maps.village_names import add_village_names
from antt.text.escape import html_text
from antt.text.fmt import number, vi_sorted

PAGE_HEIGHT, SMALL_HEIGHT = 600, 340
# The width names are placed for (labels.place_names) when the caller does not know it: the
# narrowest the page's map is drawn on a desktop (768 px window) and Tổng quan's small map at
# 1280 px. Wider, the map is as tall and the names as far apart: its height sets its scale.
PAGE_WIDTH, SMALL_WIDTH = 700, 380
LIGHT_TEXT, DARK_TEXT = "#ffffff", "#1a1a1a"
DARK_FILL_SHARE = 0.55  # names on fills darker than this share of the colour scale are white

NAMES_TRACE = "Tên xã"
OUT_OF_SCOPE_FILL = "#e6e8eb"
UNREPORTED_FILL = "#9aa0a6"  # darker than out of scope: in scope, but no report
NO_VILLAGE_FILL = "#f7f1df"  # in scope, no village listed yet (a new area's first weeks)
POLYGON_EDGE = "#ffffff"
OUTLINE_COLOUR = "#37474f"
FOCUS_COLOUR = "#111111"


def short_name(name: str) -> str:
    """The name as printed on a map: 'Xã Vũ Lễ' -> 'Vũ Lễ', 'Thị trấn Bắc Sơn' -> 'TT. Bắc Sơn'
    (the hover and the tables keep the full name)."""
    for prefix, short in (("Thị trấn ", "TT. "), ("Xã ", ""), ("Phường ", "P. ")):
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name



# --- hovers and titles -------------------------------------------------------------------


def unit_hover(row) -> str:
    return "<br>".join([
        f"<b>{html_text(row.unit_name)}</b>",
        f"Dân số: {number(row.population)} người, {number(row.households)} hộ, "
        f"{number(row.villages)} thôn/khối phố",
        f"Mô hình đang hoạt động: {number(row.active_models)}",
        f"Tuyên truyền: {number(row.outreach_sessions)} buổi, "
        f"{number(row.outreach_attendees)} lượt người",
        f"Tuần tra: {number(row.patrols)} lượt, {number(row.patrol_participants)} lượt người",
        f"Ký cam kết: {number(row.commitments)} lần, {number(row.commitment_households)} lượt hộ",
        f"Hòa giải: {number(row.mediations)} vụ ({number(row.mediations_successful)} thành)",
        f"Vụ việc về ANTT: {number(row.incidents)}",
    ])



def village_hover(row, status: str, reported: bool = True) -> str:
    """A village's hover; `reported` False: its commune has not reported the period, so its
    figures are unknown (not 0)."""
    models = {"active": "đang hoạt động", "ended": "đã kết thúc"}.get(status)
    # Names from the data files go in as HTML text: Plotly draws a subset of HTML in hovers.
    lines = [f"<b>{html_text(row.village_name)}</b> ({html_text(row.unit_name)})",
             f"Dân số: {number(row.population)} người, {number(row.households)} hộ"]
    if models:
        lines.append(f"Mô hình ({models}): {html_text(row.model_names)}")
    if not reported:
        return "<br>".join([*lines, "Chưa báo cáo: xã chưa có số liệu của kỳ này"])
    lines += [
        f"Tuyên truyền: {number(row.outreach_sessions)} buổi, "
        f"{number(row.outreach_attendees)} lượt người",
        f"Tuần tra: {number(row.patrols)} lượt, {number(row.patrol_participants)} lượt người",
        f"Ký cam kết: {number(row.commitment_households)} lượt hộ",
        f"Hòa giải: {number(row.mediations)} vụ; vụ việc về ANTT: {number(row.incidents)}",
    ]
    return "<br>".join(lines)



def scope_label(units: pd.DataFrame, chosen: bool, names: list[str] | None = None) -> str:
    """'18 xã, thị trấn', '6 xã', or the chosen units' names when few. `names`: every unit
    in scope when some have no village yet (so not in `units`): '65 xã, phường (3 có thôn)'."""
    with_villages = list(units["unit_name"])
    names = names if names and len(names) > len(with_villages) else with_villages
    if chosen and 0 < len(names) <= 3:
        return ", ".join(names)
    kinds = "xã" + "".join(f", {kind}" for kind in ("phường", "thị trấn")
                           if any(str(n).lower().startswith(kind) for n in names))
    prefix = "" if chosen else "toàn bộ "
    some = f" ({number(len(with_villages))} có thôn)" if len(names) > len(with_villages) else ""
    return f"{prefix}{number(len(names))} {kinds}" + (" đã chọn" if chosen else "") + some


def map_title(indicator: str, period_label: str, scope: str, focus_name: str | None = None,
              two_lines: bool = False) -> str:
    """'Số buổi tuyên truyền, năm 2024 — toàn bộ 18 xã, thị trấn' (+ the drilled commune).
    `two_lines` breaks after the indicator, for narrow maps (Plotly titles do not wrap); an
    empty `period_label` leaves the period out (a screen that states it just above)."""
    period = f"{period_label} — " if period_label else ""
    text = (f"{INDICATORS[indicator].label}{'<br>' if two_lines else ', '}{period}"
            f"{html_text(scope)}")
    if focus_name:
        text += f" — chi tiết: {html_text(focus_name)}"
    return text



# --- figures ------------------------------------------------------------------------------


def _point_sizes(counts: pd.Series, small: bool) -> pd.Series:
    top = max(int(counts.max()) if len(counts) else 0, 1)
    low, span = (4, 9) if small else (6, 16)
    return (low + span * (counts.clip(lower=0) / top) ** 0.5).round(1)


def map_figure(
    units: pd.DataFrame,
    villages: pd.DataFrame,
    boundaries: Boundaries,
    indicator: str,
    *,
    title: str,
    focus: str | None = None,
    outline: Boundaries | None = None,
    height: int = PAGE_HEIGHT,
    small: bool = False,
    unreported: Collection[str] = (),
    width: int | None = None,
    in_scope: Collection[str] = (),
) -> go.Figure:
    """The commune choropleth of `indicator` with village points on top.

    `unreported`: unit codes that have not reported the period; drawn grey with "chưa báo
    cáo" in the hover instead of a pale 0 that reads as "did nothing".
    `in_scope`: the unit codes the filters cover; those with no village yet (absent from
    `units`) are drawn "chưa có thôn", not "ngoài phạm vi", and the view keeps them in.

    `units`/`villages`: rows of activities_by_unit / activities_by_village for the filters.
    Polygons of the file that are out of scope are drawn grey for context. Every polygon has
    its name printed on it where that overlaps no other name at `width` px (see
    antt/maps/labels.py). With `focus` (a unit code), the view zooms to that commune,
    outlines it and shows only its villages, named where they fit.
    """
    ind = INDICATORS[indicator]
    in_map = units[units["unit_code"].isin(boundaries.codes)]
    silent = in_map[in_map["unit_code"].isin(unreported)].reset_index(drop=True)
    mapped = in_map[~in_map["unit_code"].isin(unreported)].reset_index(drop=True)
    values = ind.values(mapped)
    fig = go.Figure()

    empty = vi_sorted((set(in_scope) & boundaries.codes) - set(in_map["unit_code"]),
                      key=boundaries.names.get)
    context = vi_sorted(boundaries.codes - set(mapped["unit_code"]) - set(empty),
                        key=boundaries.names.get)
    _flat_fill(fig, boundaries, context, "Ngoài phạm vi lọc", OUT_OF_SCOPE_FILL,
               [f"<b>{html_text(boundaries.names[c])}</b><br>Ngoài phạm vi lọc" for c in context])
    _flat_fill(fig, boundaries, empty, "Chưa có thôn", NO_VILLAGE_FILL,
               [f"<b>{html_text(boundaries.names[c])}</b><br>Chưa có thôn nào trong danh sách "
                "thôn" for c in empty], legend=None if small else "Xã chưa có thôn")

    top = float(values.max()) if values.notna().any() else 0.0
    zmax, tickvals, ticktext = colour_ticks(top, ind.decimals)
    fig.add_trace(go.Choropleth(
        name=ind.label,
        geojson=boundaries.collection(mapped["unit_code"]),
        featureidkey="properties.code",
        locations=list(mapped["unit_code"]),
        z=list(values),
        zmin=0,
        zmax=zmax,
        colorscale=[[0, ind.colours[0]], [1, ind.colours[1]]],
        # Drilled down: the other communes fade, so the chosen one stands out.
        marker={"line": {"color": POLYGON_EDGE, "width": 1},
                "opacity": 0.9 if focus is None else
                [0.9 if c == focus else 0.35 for c in mapped["unit_code"]]},
        # Inside the figure, right of the map's domain: never cut off by a narrow page.
        colorbar={
            "title": {"text": ind.bar_title, "side": "top",
                      "font": {"size": 11 if small else 13}},
            "tickvals": tickvals, "ticktext": ticktext, "thickness": 12 if small else 16,
            "len": 0.9, "x": 1.0, "xanchor": "right", "xpad": 4,
        },
        hovertext=[
            f"{unit_hover(row)}<br><b>{ind.label}: {ind.format(v)}</b>"
            for row, v in zip(mapped.itertuples(), values)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    ))

    # after the indicator's trace: that one stays the first choropleth
    _flat_fill(fig, boundaries, list(silent["unit_code"]), "Chưa báo cáo", UNREPORTED_FILL,
               [f"<b>{html_text(boundaries.names.get(c, n))}</b><br>Chưa báo cáo: chưa có số "
                "liệu của kỳ này" for c, n in zip(silent["unit_code"], silent["unit_name"],
                                                  strict=True)],
               legend=None if small else "Xã chưa báo cáo", opacity=0.9)

    if outline is not None:
        lons, lats = ring_lines(outline, outline.codes)
        fig.add_trace(go.Scattergeo(
            name="Ranh giới huyện", lon=lons, lat=lats, mode="lines",
            line={"color": OUTLINE_COLOUR, "width": 1.5}, hoverinfo="skip", showlegend=False,
        ))
    if focus is not None and focus in boundaries.codes:
        lons, lats = ring_lines(boundaries, [focus])
        fig.add_trace(go.Scattergeo(
            name="Xã đang xem", lon=lons, lat=lats, mode="lines",
            line={"color": FOCUS_COLOUR, "width": 3}, hoverinfo="skip", showlegend=False,
        ))

    # Points only where their commune is drawn: the view is fitted to the polygons.
    _add_villages(fig, villages[villages["unit_code"].isin(boundaries.codes)], focus, small,
                  set(unreported))
    _add_names(fig, boundaries, mapped, values, zmax, context + empty, focus, small)  # on top

    top_margin = 58 if small else 64  # title (and legend) sit above the map area
    view_codes = [focus] if focus in boundaries.codes else list(in_map["unit_code"]) + empty
    geo = {"visible": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
           # room on the right for the colour bar
           "domain": {"x": [0, 0.8 if small else 0.88], "y": [0, 1]},
           **view_ranges(boundaries.bbox(view_codes or None))}
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left",
               "font": {"size": 13 if small else 16}},
        height=height,
        margin={"l": 0, "r": 0, "t": top_margin, "b": 0},
        separators=",.",
        geo=geo,
        showlegend=not small,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": 12}},
        hoverlabel={"align": "left", "bgcolor": "#ffffff", "font": {"color": "#1a1a1a"}},
        uirevision=f"{focus}-{indicator}",
        clickmode="event+select",
    )
    if focus is not None and focus in boundaries.codes:  # drilled down: the villages named
        mine = villages[(villages["unit_code"] == focus) & villages["lat"].notna()
                        & villages["lon"].notna()]
        # each point's radius with its ring, as _add_villages draws it
        add_village_names(fig, mine, (_point_sizes(activity_count(mine), small) + 3) / 2)
    return labels.place_names(colour_bar.fit(fig, width, small),
                              width or (SMALL_WIDTH if small else PAGE_WIDTH))


def _flat_fill(fig: go.Figure, boundaries: Boundaries, codes: list[str], name: str,
               fill: str, hovers: list[str], legend: str | None = None,
               opacity: float | None = None) -> None:
    """Communes in one plain fill (out of scope, no village yet, no report), with their hover
    and, when `legend` is given, a legend entry saying what the fill means (a choropleth has
    none of its own)."""
    if not codes:
        return
    marker: dict = {"line": {"color": POLYGON_EDGE, "width": 1}}
    if opacity is not None:
        marker["opacity"] = opacity
    fig.add_trace(go.Choropleth(
        name=name, geojson=boundaries.collection(codes), featureidkey="properties.code",
        locations=codes, z=[0] * len(codes), colorscale=[[0, fill], [1, fill]],
        showscale=False, marker=marker, hovertext=hovers,
        hovertemplate="%{hovertext}<extra></extra>",
    ))
    if legend:
        fig.add_trace(go.Scattergeo(
            name=legend, lon=[None], lat=[None], mode="markers",
            marker={"symbol": "square", "size": 12, "color": fill,
                    "line": {"color": POLYGON_EDGE, "width": 1}},
            hoverinfo="skip"))


def _add_names(fig: go.Figure, boundaries: Boundaries, mapped: pd.DataFrame,
               values: pd.Series, zmax: float, context: list[str], focus: str | None,
               small: bool) -> None:
    """Each commune's short name, as SVG text (no glyph download): white on dark fills, dark
    elsewhere; drilled down, only the chosen commune's name is bold. Every name is a candidate
    in the trace's meta, the drilled commune first, then the largest: `labels.place_names`
    (end of map_figure) prints those that fit without overlapping."""
    colours = {}
    for code, value in zip(mapped["unit_code"], values):
        dark = focus in (None, code) and pd.notna(value) and value / zmax > DARK_FILL_SHARE
        colours[code] = LIGHT_TEXT if dark else DARK_TEXT
    colours.update({code: DARK_TEXT for code in context})
    if not colours:
        return
    codes = sorted(colours, key=lambda c: (c != focus,
                                           -labels.feature_area(boundaries.features[c]), c))
    fig.add_trace(go.Scattergeo(
        name=NAMES_TRACE, mode="text", lon=[], lat=[], text=[],
        meta=labels.label_meta(labels.Item(
            short_name(boundaries.names[c]), *boundaries.labels[c], bold=c == focus,
            colour=colours[c], code=c) for c in codes),
        # "auto": an outline in the opposite shade, so a name stays readable over a point.
        textfont={"size": 10 if small else 12, "color": DARK_TEXT, "shadow": "auto"},
        hoverinfo="skip", showlegend=False,
    ))


def _add_villages(fig: go.Figure, villages: pd.DataFrame, focus: str | None, small: bool,
                  unreported: Collection[str] = ()) -> None:
    """Village points, one trace pair per model status: a ring circle under a fill circle."""
    shown = villages if focus is None else villages[villages["unit_code"] == focus]
    shown = shown[shown["lat"].notna() & shown["lon"].notna()]
    if shown.empty:
        return
    status = village_status(shown)
    sizes = _point_sizes(activity_count(shown), small)
    for key in ("none", "ended", "active"):  # models drawn last, on top
        part = shown[status == key]
        if part.empty:
            continue
        fill, ring = STATUS_STYLE[key]
        size = sizes[part.index]
        fig.add_trace(go.Scattergeo(
            name=f"{STATUS_LABELS[key]} (viền)", legendgroup=key, showlegend=False,
            lon=list(part["lon"]), lat=list(part["lat"]), mode="markers",
            marker={"size": list(size + 3), "color": ring}, hoverinfo="skip",
        ))
        fig.add_trace(go.Scattergeo(
            name=STATUS_LABELS[key], legendgroup=key,
            lon=list(part["lon"]), lat=list(part["lat"]), mode="markers",
            marker={"size": list(size), "color": fill},
            customdata=[[c] for c in part["unit_code"]],
            hovertext=[village_hover(row, key, row.unit_code not in unreported)
                       for row in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))


def village_traces(fig: go.Figure) -> list:
    """The village fill traces of a map figure (one per model status shown)."""
    return [t for t in fig.data if t.type == "scattergeo" and t.name in STATUS_LABELS.values()]


def name_labels(fig: go.Figure) -> list[str]:
    """The commune names printed on a map figure (the text trace)."""
    return [t for t in fig.data if t.name == NAMES_TRACE][0].text


def clicked_unit(selection: Mapping | None, codes: Iterable[str]) -> str | None:
    """The commune a map click picked: a polygon's location or a village point's commune.

    `selection` is the st.plotly_chart state ({"selection": {"points": [...]}})."""
    if not selection:
        return None
    known = set(codes)
    points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        code = point.get("location")
        if code is None and point.get("customdata"):
            code = point["customdata"][0]
        if code in known:
            return str(code)
    return None
