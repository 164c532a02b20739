"""What every session of the same view would build again, built once per process.

One Streamlit process runs every session's script under one GIL: 40 people opening Tổng quan
with the same filters used to run the same queries, build the same Plotly figures and
serialise the same JSON 40 times (issue 16). The caches here hold those results for all
sessions, keyed by the data version (a changed CSV makes new keys; old entries age out) and
the view's filters:

- query results (pandas frames; handed out as shallow copies, which pandas' copy-on-write
  keeps independent of the cached frame);
- formatted tables (antt.ui.tables: widths, totals row, display texts), by content;
- figures, kept as the plain dict Streamlit serialises (`FigureSpec`): drawing a cached map
  costs ~2 ms of JSON encoding instead of ~50 ms of building and copying it;
- download payloads (CSV/XLSX bytes), built on the first click.

Each cache is bounded by entries and by bytes (an estimate of each key and value,
`approx_size`: anonymous URLs can make many distinct keys, and a bound on entries alone let 60
tabs hold 700 MB; issue 25), and least-recently-used entries go first. A key is built by one
thread at a time: when 40 sessions miss together, one builds and the others wait for its result
instead of building it 39 more times.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure

T = TypeVar("T")

_SAMPLE = 64  # members of a long list measured; the rest are taken to be alike


def approx_size(value: Any, _depth: int = 0) -> int:
    """Bytes held by `value`, estimated: frames and arrays by their buffers (and strings),
    containers by their members (long ones from a sample), other objects by their attributes.
    Cheap enough for every cache miss."""
    if _depth > 12:
        return 64
    if isinstance(value, (bytes, bytearray, str)):
        return sys.getsizeof(value)
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, (pd.Series, pd.Index)):
        return int(value.memory_usage(deep=True))
    if isinstance(value, np.ndarray):
        if value.dtype == object and value.size:
            flat = value.ravel()
            return value.nbytes + _sampled(list(flat[:_SAMPLE]), flat.size, _depth)
        return value.nbytes
    if isinstance(value, FigureSpec):
        return approx_size(value._spec, _depth + 1)
    if isinstance(value, dict):
        return sys.getsizeof(value) + _sampled(list(value.items())[:_SAMPLE], len(value),
                                               _depth)
    if isinstance(value, (list, tuple, set, frozenset)):
        members = list(value) if len(value) <= _SAMPLE else list(value)[:_SAMPLE]
        return sys.getsizeof(value) + _sampled(members, len(value), _depth)
    attributes = getattr(value, "__dict__", None)
    if attributes:
        return sys.getsizeof(value) + approx_size(attributes, _depth + 1)
    if hasattr(value, "data") and isinstance(getattr(value, "data", None), pd.DataFrame):
        return approx_size(value.data, _depth + 1)  # a Styler
    return sys.getsizeof(value)


def _sampled(members: list, total: int, depth: int) -> int:
    if not members:
        return 0
    measured = sum(approx_size(m, depth + 1) for m in members)
    return measured * total // len(members)


class BoundedCache:
    """A thread-safe LRU cache with at most `max_entries` entries and `max_bytes` in total
    (sizes of key and value from `size_of`); one build per key at a time."""

    def __init__(self, name: str, max_entries: int, max_bytes: int | None = None,
                 size_of: Callable[[Any], int] = approx_size) -> None:
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The cached value of `key`, built by `build()` on a miss."""
        found, value = self._lookup(key)
        if found:
            return value
        with self._lock:
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:  # the first session builds; the others wait here, then hit
            found, value = self._lookup(key)
            if found:
                return value
            try:
                value = build()
                self._store(key, value)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return False, None
            self._entries.move_to_end(key)
            self.hits += 1
            return True, entry[0]

    def _store(self, key: Hashable, value: Any) -> None:
        size = self._size_of(value) + approx_size(key) if self.max_bytes is not None else 0
        if self.max_bytes is not None and size > self.max_bytes:
            return  # larger than the whole cache: served once, not kept
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[key] = (value, size)
            self.bytes += size
            while len(self._entries) > self.max_entries or (
                    self.max_bytes is not None and self.bytes > self.max_bytes):
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


class FigureSpec(BaseFigure):
    """A built figure held as the dict Streamlit serialises. `st.plotly_chart` accepts it as a
    figure (it only calls `to_dict()` on one), so a cached figure is drawn without building a
    `go.Figure` again (no Plotly validation). Read-only: change the figure before caching it."""

    def __init__(self, spec: dict) -> None:  # no BaseFigure.__init__: that validates
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        # Plotly's to_json pops each trace's "uid": hand out fresh trace dicts; the values
        # (lists, arrays) are only read.
        spec = self._spec
        return {**spec, "data": [dict(trace) for trace in spec.get("data", ())]}

    to_plotly_json = to_dict

    def with_layout(self, **changes) -> FigureSpec:
        """The same figure with top-level layout properties replaced (e.g. height): a dict
        update, not a Plotly relayout."""
        return FigureSpec({**self._spec, "layout": {**self._spec.get("layout", {}), **changes}})

    def __repr__(self) -> str:
        return f"FigureSpec({len(self._spec.get('data', ()))} traces)"


def _payload_size(value: Any) -> int:
    return len(value) if isinstance(value, (bytes, bytearray)) else sys.getsizeof(value)


MB = 2**20
# About 300 MB for all five at most (a worker's systemd unit has MemoryMax=2G).
QUERIES = BoundedCache("queries", max_entries=1024, max_bytes=96 * MB)
FIGURES = BoundedCache("figures", max_entries=256, max_bytes=64 * MB)
# Values derived from the data alone (e.g. the commune picker's labels), per data version.
VALUES = BoundedCache("values", max_entries=256, max_bytes=32 * MB)
# Tables on screen, formatted (antt.ui.tables.Prepared: widths, totals row, display texts).
TABLES = BoundedCache("tables", max_entries=256, max_bytes=48 * MB)
# Every record of a big view can be tens of MB: at most 64 MB of files in all.
PAYLOADS = BoundedCache("payloads", max_entries=64, max_bytes=64 * MB,
                        size_of=_payload_size)


def figure(key: Hashable, build: Callable[[], go.Figure | None]) -> FigureSpec | None:
    """The figure of `key` (include the data version and the filters), built once per
    process by `build()`. None stays None (nothing to draw)."""

    def spec() -> FigureSpec | None:
        fig = build()
        return None if fig is None else FigureSpec(fig.to_dict())

    return FIGURES.get(("figure", key), spec)


def payload(key: Hashable, build: Callable[[], bytes]) -> bytes:
    """A download's bytes for `key` (include the data version and what the file holds)."""
    return PAYLOADS.get(("payload", key), build)


def clear_all() -> None:
    for cache in (QUERIES, VALUES, FIGURES, TABLES, PAYLOADS):
        cache.clear()
