"""The width a map is drawn at in the browser, so that its names are placed for it (issue 28).

A map's commune and village names are placed on the server so that none overlap
(antt/maps/labels.py), for a width the server has to be told: a chart stretched to its column is
700 px or more on a desktop but about 266 px on a 360 px phone (the Bản đồ map and Tổng quan's
small map alike), 675 px at 768 px, where names placed for 700 px would run into each other. A
tiny component mounted in the chart's own container reports that container's width, rounded
down to one of a few BUCKETS (so a cached figure serves every browser of the same bucket, and a
resize reruns the page only when it crosses one); the names are placed for that bucket. The
page keeps its width when a phone's sidebar opens or folds (app.py's CSS): a rerun then would
take the place of the page the sidebar's tap was moving to.

Placing for the bucket's lower bound is safe up to the next one: wider, the map is drawn at a
larger scale about the same centre (its height is fixed), so names placed apart move further
apart while keeping their size, and stay inside the frame and their polygons. A width at or
above the map's desktop width (plotly_map.PAGE_WIDTH, SMALL_WIDTH) keeps the desktop placing
unchanged; before the browser has reported (a page's first run, AppTest) the desktop width is
used.
"""

from __future__ import annotations

import streamlit as st

# Map widths names are placed for, widest first: a phone (320-430 px) gives 220-340 px maps,
# a tablet 500-700 px, a desktop 700 px or more (the page map) / 380 px (the small map).
BUCKETS = (700, 600, 500, 420, 380, 340, 300, 260, 220)
PAGE_KEY = "map_width_page"  # the Bản đồ map (all communes and drilled down alike)
SMALL_KEY = "map_width_small"  # Tổng quan's small map

# Reports the width of the block it is mounted in (the chart's), as the largest bucket that
# fits, again whenever it changes bucket: no data, no network.
_JS = """
export default function(component) {
  const { setStateValue, parentElement, data } = component;
  const buckets = (data && data.buckets) || [];
  // what the server placed the names for: a desktop sends nothing, and no page runs twice
  let last = data ? data.current : null;
  // The block the map stretches across (the page's, or its column's). The reporter's own
  // element is taken out of the flow: it draws nothing and should not add a gap.
  const box = parentElement.closest('[data-testid="stVerticalBlock"]') || parentElement;
  const holder = parentElement.closest('[data-testid="stElementContainer"]');
  if (holder) holder.style.position = "absolute";
  const send = () => {
    const width = box.getBoundingClientRect().width;
    if (!width || !buckets.length) return;  // hidden (a closed tab): keep the last one
    const bucket = buckets.find(b => b <= width) ?? buckets[buckets.length - 1];
    if (bucket !== last) { last = bucket; setStateValue("bucket", bucket); }
  };
  // A resize is reported once it has settled (a window dragged wider reruns the page once),
  // and never after the page is left.
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(send, 300); };
  const observer = new ResizeObserver(later);
  observer.observe(box);
  send();
  return () => { clearTimeout(timer); observer.disconnect(); };
}
"""
_component = st.components.v2.component("antt_map_width", js=_JS, isolate_styles=False)


def bucket_for(width: float, widest: int) -> int:
    """The width names are placed for on a map drawn `width` px wide whose desktop width is
    `widest`: the largest bucket not wider than the map, at most `widest`."""
    fits = next((b for b in BUCKETS if b <= width), BUCKETS[-1])
    return min(fits, widest)


def reported(key: str, widest: int) -> int:
    """The bucket the component under `key` reported, at most `widest`; `widest` until it has
    reported (or when the value is not one of the BUCKETS)."""
    state = st.session_state.get(key) or {}
    bucket = state.get("bucket") if isinstance(state, dict) else None
    return min(bucket, widest) if bucket in BUCKETS else widest


def map_width(key: str, widest: int) -> int:
    """Mount the reporter in the current container (the map's: call it just before drawing
    the map there; it draws nothing) and return the width to place the map's names for."""
    current = reported(key, widest)
    _component(key=key, data={"buckets": [b for b in BUCKETS if b <= widest], "current": current},
               on_bucket_change=lambda: None)
    return current
