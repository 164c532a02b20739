"""Names on the maps placed so that no two overlap (issue 28: "Chiến ThắTân Hương" on the
projector's 18-commune map).

A name trace is built with every candidate name in its `meta` (see `label_meta`), most
important first: the drilled commune, then the largest communes (area on a polygon map,
population on a point map), or the most active villages. `place_names` then works out, for the
figure's final size, each name's box on screen and tries a few positions for it: a commune's
name at its label point, then above, below, left, right and diagonally, staying inside its
polygon (wholly where it can, at least its middle); a point's name above, below, right or left
of its point; places clear of the map's points first. A name whose every position collides with
one placed before, or leaves the map, gets a second chance if moving the one name in its way
frees a place; else it is not printed: its commune or village keeps its hover, which names it.
The meeting page calls `place_names` again after it restyles the map for the projector (larger
text, another size). The Bản đồ page and Tổng quan's small map pass the width the browser reports
for the map (antt/ui/map_width.py: a few buckets; a phone's map is about 266 px wide).

The box on screen comes from:
- the geo subplot's fitted view, as plotly.js computes it: the lon/lat range box (shrunk by its
  clip pad) fitted into the subplot's domain and centred there (Mercator), clipped to that box;
- the text's width in Source Sans, the font Streamlit's chart theme gives Plotly, from advance
  widths measured in Chromium (per 1000 em; a Vietnamese letter is as wide as its base letter,
  checked for every letter and tone, except đ, Đ, ư, Ư), and a line height of 1.35 em.
  Streamlit serves that font itself (offline), so the page never falls back to a wider one.

Pure functions: figures in, figures out; no streamlit.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import plotly.graph_objects as go

from antt.text.escape import html_text

META_KEY = "antt_labels"
LINE_EM = 1.35  # a line's box height in em (Plotly's SVG text measured: 16 px at 12 px)
WIDTH_MARGIN = 1.04  # text shadow and rounding
RISE_EM = 0.1  # Plotly draws "middle center" text this far above its point (measured)
GAP_PX = 3  # between two names
CLIP_PAD = 0.001  # degrees: plotly.js shrinks the range box by this (geo constants.clipPad)
PLOTLY_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}  # Plotly's defaults, when not set
DEFAULT_HEIGHT = 450

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in figure pixels, y downwards

# Advance widths of " " to "~" (ASCII 32-126) in Source Sans, 1/1000 em, rounded up.
_ASCII = {
    False: (200, 289, 426, 497, 497, 824, 609, 249, 303, 303, 418, 497, 249, 311, 249, 350,
            497, 497, 497, 497, 497, 497, 497, 497, 497, 497, 249, 249, 497, 497, 497, 425,
            847, 543, 588, 571, 615, 527, 494, 617, 652, 263, 479, 579, 486, 727, 647, 664,
            566, 664, 569, 534, 536, 645, 515, 786, 513, 476, 539, 303, 350, 303, 497, 500,
            542, 504, 553, 456, 555, 496, 292, 504, 544, 246, 247, 495, 255, 829, 547, 542,
            555, 555, 347, 419, 338, 544, 467, 719, 446, 467, 425, 303, 241, 303, 497),
    True: (200, 340, 537, 528, 528, 857, 667, 300, 344, 344, 457, 528, 300, 332, 300, 339,
           528, 528, 528, 528, 528, 528, 528, 528, 528, 528, 300, 300, 528, 528, 528, 463,
           902, 573, 605, 582, 635, 548, 524, 638, 674, 301, 509, 614, 518, 762, 665, 684,
           596, 684, 613, 556, 556, 665, 556, 813, 567, 525, 541, 344, 339, 344, 528, 500,
           555, 527, 573, 468, 573, 518, 341, 534, 571, 276, 278, 548, 286, 857, 572, 555,
           573, 573, 398, 443, 383, 568, 523, 776, 514, 521, 460, 344, 268, 344, 528),
}
_OWN = {False: {"đ": 562, "Đ": 635, "ư": 544, "Ư": 659},
        True: {"đ": 573, "Đ": 655, "ư": 568, "Ư": 683}}
_UNKNOWN = 1000  # any other character: a full em, never too narrow


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels of `text` at `size` px (see the module docstring)."""
    total = 0
    for char in unicodedata.normalize("NFC", text):
        base = unicodedata.normalize("NFD", char)[0]
        if char in _OWN[bold]:
            total += _OWN[bold][char]
        elif unicodedata.combining(char):
            continue
        elif 32 <= ord(base) <= 126:
            total += _ASCII[bold][ord(base) - 32]
        else:
            total += _UNKNOWN
    return total * size / 1000 * WIDTH_MARGIN


# --- the fitted view ----------------------------------------------------------------------


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class View:
    """A geo subplot's Mercator view in figure pixels."""

    scale: float  # pixels per radian
    centre: tuple[float, float]  # the range box's middle, in pixels
    middle: tuple[float, float]  # the same point projected (radians, Mercator)
    frame: Box  # the range box on screen: the map is clipped to it

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.centre[0] + self.scale * (math.radians(lon) - self.middle[0]),
                self.centre[1] - self.scale * (_merc(lat) - self.middle[1]))

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        merc = self.middle[1] - (y - self.centre[1]) / self.scale
        return (math.degrees(self.middle[0] + (x - self.centre[0]) / self.scale),
                math.degrees(2 * math.atan(math.exp(merc)) - math.pi / 2))


def view_of(fig: go.Figure, width: float) -> View:
    """The view of `fig`'s geo subplot drawn `width` px wide (its height is in its layout)."""
    layout = fig.layout
    height = layout.height or DEFAULT_HEIGHT
    margin = {side: (getattr(layout.margin, side) if getattr(layout.margin, side) is not None
                     else default) for side, default in PLOTLY_MARGIN.items()}
    plot_w = width - margin["l"] - margin["r"]
    plot_h = height - margin["t"] - margin["b"]
    dom_x = layout.geo.domain.x or (0, 1)
    dom_y = layout.geo.domain.y or (0, 1)
    ex0, ex1 = margin["l"] + plot_w * dom_x[0], margin["l"] + plot_w * dom_x[1]
    ey0, ey1 = margin["t"] + plot_h * (1 - dom_y[1]), margin["t"] + plot_h * (1 - dom_y[0])
    lon0, lon1 = layout.geo.lonaxis.range
    lat0, lat1 = layout.geo.lataxis.range
    bx0, bx1 = math.radians(lon0 + CLIP_PAD), math.radians(lon1 - CLIP_PAD)
    by0, by1 = _merc(lat0 + CLIP_PAD), _merc(lat1 - CLIP_PAD)
    scale = max(min((ex1 - ex0) / (bx1 - bx0), (ey1 - ey0) / (by1 - by0)), 1e-9)
    cx, cy = (ex0 + ex1) / 2, (ey0 + ey1) / 2
    half_w, half_h = scale * (bx1 - bx0) / 2, scale * (by1 - by0) / 2
    return View(scale, (cx, cy), ((bx0 + bx1) / 2, (by0 + by1) / 2),
                (cx - half_w, cy - half_h, cx + half_w, cy + half_h))


# --- geometry -----------------------------------------------------------------------------


def overlap(a: Box, b: Box, gap: float = GAP_PX) -> bool:
    """Whether two boxes come closer than `gap` px."""
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0]
                or a[3] + gap <= b[1] or b[3] + gap <= a[1])


def _within(box: Box, frame: Box) -> bool:
    return (box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2]
            and box[3] <= frame[3])


def _inside(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _in_rings(x: float, y: float, rings: Sequence[Sequence[tuple[float, float]]]) -> bool:
    return any(_inside(x, y, ring) for ring in rings)


def _box_in_rings(box: Box, rings: Sequence[Sequence[tuple[float, float]]]) -> bool:
    xs = (box[0], (box[0] + box[2]) / 2, box[2])
    ys = (box[1], (box[1] + box[3]) / 2, box[3])
    return all(_in_rings(x, y, rings) for x in xs for y in ys)


def polygon_rings(fig: go.Figure, view: View) -> dict[str, list[list[tuple[float, float]]]]:
    """The outer rings on screen of every polygon drawn (the choropleths' features), by code."""
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for trace in fig.data:
        if trace.type != "choropleth" or not trace.geojson:
            continue
        for feature in trace.geojson.get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = ([geometry.get("coordinates")] if geometry.get("type") == "Polygon"
                        else geometry.get("coordinates") or [])
            code = str((feature.get("properties") or {}).get("code", feature.get("id")))
            rings[code] = [[view.px(p[0], p[1]) for p in polygon[0]]
                           for polygon in polygons if polygon and polygon[0]]
    return rings


def marker_points(fig: go.Figure, view: View) -> list[tuple[tuple[float, float], float]]:
    """The points drawn on the map (villages, or communes at their centres) on screen, with
    their radius."""
    radius: dict[tuple[float, float], float] = {}  # a ring and its fill: one point
    for trace in fig.data:
        if trace.type != "scattergeo" or "markers" not in (trace.mode or "") or not trace.lon:
            continue
        sizes = trace.marker.size
        for i, (lon, lat) in enumerate(zip(trace.lon, trace.lat, strict=True)):
            size = sizes[i] if isinstance(sizes, (list, tuple)) else sizes
            if lon is not None and lat is not None:
                radius[lon, lat] = max(radius.get((lon, lat), 0.0), (size or 6) / 2)
    return [(view.px(lon, lat), r) for (lon, lat), r in radius.items()]


def ring_area(ring: Sequence[Sequence[float]]) -> float:
    """A ring's area (shoelace, in its own units): for ordering communes by size."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_)
                   in zip(ring, [*ring[1:], ring[0]]))) / 2


def feature_area(feature: Mapping) -> float:
    geometry = feature["geometry"]
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    return sum(ring_area(polygon[0]) for polygon in polygons if polygon and polygon[0])


# --- placing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One name to place. `code`: its polygon among the figure's choropleths (a commune's
    name); else `radius` is the size of the point it names (a point's name goes beside it)."""

    text: str  # plain text, as read
    lon: float
    lat: float
    bold: bool = False
    colour: str | None = None
    code: str | None = None
    radius: float = 0.0


def label_meta(items: Iterable[Item]) -> dict:
    """A name trace's `meta`: every candidate, most important first (see `place_names`)."""
    return {META_KEY: [asdict(item) for item in items]}


def _area_spots(x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
    # At its label point; above, below; left, right; diagonally; further up and down.
    return [(x, y), (x, y - 0.6 * h), (x, y + 0.6 * h), (x - w / 2, y), (x + w / 2, y),
            (x - w / 2, y - 0.6 * h), (x + w / 2, y - 0.6 * h), (x - w / 2, y + 0.6 * h),
            (x + w / 2, y + 0.6 * h), (x, y - 1.2 * h), (x, y + 1.2 * h)]


def _point_spots(x: float, y: float, w: float, h: float, r: float) -> list[tuple[float, float]]:
    # Above its point (where a map reader looks first), below, right, left.
    return [(x, y - r - 1 - h / 2), (x, y + r + 1 + h / 2), (x + r + 2 + w / 2, y),
            (x - r - 2 - w / 2, y)]


def _box(centre: tuple[float, float], w: float, h: float) -> Box:
    return (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)


def _spots(item: Item, view: View, size: float,
           rings: Mapping[str, list[list[tuple[float, float]]]],
           points: Sequence[tuple[tuple[float, float], float]]) -> list[Box]:
    """The boxes an item may take, best first, whatever else is placed: inside the frame, and
    for a commune's name at least its middle inside its polygon; clear of the map's `points`
    (a name over a point hides it, and the point the name) before over them."""
    x, y = view.px(item.lon, item.lat)
    w, h = text_width(item.text, size, item.bold), LINE_EM * size

    reach = w + item.radius + 2 * h  # no spot is farther from the item's point
    near = [(px - r, py - r, px + r, py + r) for (px, py), r in points
            if abs(px - x) < reach + r and abs(py - y) < reach + r]

    def clear(b: Box) -> bool:
        return not any(overlap(b, p, 0) for p in near)

    own = rings.get(item.code or "")

    def rank(b: Box) -> int | None:  # lower is better; None: not allowed
        if not own:
            return 0 if clear(b) else 1
        if _box_in_rings(b, own):  # wholly inside its polygon, else at least its middle
            return 0 if clear(b) else 1
        return 2 if _in_rings((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, own) else None

    spots = [_box(c, w, h) for c in (_area_spots(x, y, w, h) if own
                                      else _point_spots(x, y, w, h, item.radius))]
    ranked = [(r, i, b) for i, b in enumerate(spots)
              if _within(b, view.frame) and (r := rank(b)) is not None]
    return [b for _, _, b in sorted(ranked)]


def place(items: Sequence[Item], view: View, size: float,
          rings: Mapping[str, list[list[tuple[float, float]]]] | None = None,
          taken: Sequence[Box] = (),
          points: Sequence[tuple[tuple[float, float], float]] = ()) -> list[Box | None]:
    """Each item's box on screen, or None when it fits nowhere: in order, each at its best
    spot clear of the boxes placed before it and of `taken`. Then each dropped name gets a
    second chance: where a single placed name blocks it, that name moves to another of its
    spots if it can."""
    rings = rings or {}
    spots = [_spots(item, view, size, rings, points) for item in items]
    boxes: list[Box | None] = [None] * len(items)

    def clear(box: Box, skip: int = -1) -> bool:
        return not (any(overlap(box, o) for o in taken)
                    or any(overlap(box, b) for k, b in enumerate(boxes)
                           if b is not None and k != skip))

    for i, options in enumerate(spots):
        boxes[i] = next((b for b in options if clear(b)), None)
    for i, options in enumerate(spots):
        if boxes[i] is not None:
            continue
        for spot in options:
            if any(overlap(spot, o) for o in taken):
                continue
            blockers = [k for k, b in enumerate(boxes) if b is not None and overlap(spot, b)]
            if len(blockers) != 1:
                continue
            k = blockers[0]
            moved = next((b for b in spots[k] if b != boxes[k] and not overlap(b, spot)
                          and clear(b, skip=k)), None)
            if moved is not None:
                boxes[k], boxes[i] = moved, spot
                break
    return boxes


def _is_names(trace) -> bool:
    return isinstance(trace.meta, dict) and META_KEY in trace.meta


def place_names(fig: go.Figure, width: float) -> go.Figure:
    """Place the names of every name trace (in trace order, each clear of the ones before) for
    `fig` drawn `width` px wide, at each trace's text size: a trace keeps the names that fit,
    each centred where it was placed."""
    view = view_of(fig, width)
    rings = polygon_rings(fig, view)
    points = marker_points(fig, view)
    taken: list[Box] = []
    for trace in fig.data:
        if not _is_names(trace):
            continue
        items = [Item(**d) for d in trace.meta[META_KEY]]
        size = trace.textfont.size or 12
        boxes = place(items, view, size, rings, taken, points)
        kept = [(item, box) for item, box in zip(items, boxes, strict=True) if box is not None]
        taken += [box for _, box in kept]
        where = [view.lonlat((b[0] + b[2]) / 2, (b[1] + b[3]) / 2 + RISE_EM * size)
                 for _, b in kept]
        trace.update(
            lon=[round(p[0], 6) for p in where], lat=[round(p[1], 6) for p in where],
            text=[f"<b>{html_text(i.text)}</b>" if i.bold else html_text(i.text)
                  for i, _ in kept],
            textposition="middle center")
        if any(i.colour for i in items):
            trace.textfont.color = [i.colour for i, _ in kept]
    return fig


def name_boxes(fig: go.Figure, width: float) -> list[tuple[str, Box]]:
    """The boxes on screen of the names `fig` draws at `width` px, with their plain text: what
    tests check for overlaps, computed from the figure as drawn, not from the placing."""
    view = view_of(fig, width)
    out: list[tuple[str, Box]] = []
    for trace in fig.data:
        if not _is_names(trace):
            continue
        size = trace.textfont.size or 12
        for lon, lat, text in zip(trace.lon, trace.lat, trace.text, strict=True):
            bold = text.startswith("<b>")
            plain = html.unescape(text.removeprefix("<b>").removesuffix("</b>"))
            x, y = view.px(lon, lat)
            out.append((plain, _box((x, y - RISE_EM * size), text_width(plain, size, bold),
                                    LINE_EM * size)))
    return out


def dropped_names(fig: go.Figure) -> list[str]:
    """The candidate names a figure does not print (they stay in their hovers)."""
    out = []
    for trace in fig.data:
        if _is_names(trace):
            shown = {html.unescape(t.removeprefix("<b>").removesuffix("</b>"))
                     for t in trace.text}
            out += [d["text"] for d in trace.meta[META_KEY] if d["text"] not in shown]
    return out
