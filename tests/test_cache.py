"""The process-wide caches (antt.cache): bounded, least recently used first, one build per
key when many sessions miss at once, figures drawn from their dict unchanged."""

from __future__ import annotations

import threading
import time

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from antt import cache
from antt.cache import BoundedCache, FigureSpec


def test_lru_bounds_entries_and_bytes():
    c = BoundedCache("t", max_entries=2)
    for key in "abc":
        c.get(key, lambda k=key: k.upper())
    assert len(c) == 2 and c.get("a", lambda: "rebuilt") == "rebuilt"  # "a" went first
    key = cache.approx_size(1)  # the key's bytes count too
    sized = BoundedCache("b", max_entries=10, max_bytes=10 + 2 * key, size_of=len)
    sized.get(1, lambda: b"123456")
    sized.get(2, lambda: b"123456")  # 12 bytes > 10: the older one goes
    assert len(sized) == 1 and sized.bytes == 6 + key
    assert sized.get(3, lambda: b"x" * 99) == b"x" * 99  # larger than the cache: not kept
    assert len(sized) == 1 and sized.bytes == 6 + key


def test_many_sessions_missing_at_once_build_once():
    c = BoundedCache("t", max_entries=8)
    built = []

    def build():
        built.append(1)
        time.sleep(0.05)
        return "value"

    got = []
    threads = [threading.Thread(target=lambda: got.append(c.get("k", build)))
               for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert built == [1] and got == ["value"] * 20


def test_figure_spec_serialises_like_the_figure():
    fig = go.Figure(go.Bar(x=["Xã A", "Xã B"], y=[74392, 3560], name="Lượt người"))
    fig.update_layout(height=330, separators=",.")
    spec = cache.figure(("test", id(fig)), lambda: fig)
    assert isinstance(spec, FigureSpec)
    assert pio.to_json(spec, validate=False) == pio.to_json(fig, validate=False)
    taller = spec.with_layout(height=440)
    assert taller.to_dict()["layout"]["height"] == 440
    assert spec.to_dict()["layout"]["height"] == 330  # the cached one is unchanged
    assert cache.figure(("test-none",), lambda: None) is None


def test_download_payloads_built_once_per_content():
    import pandas as pd

    from antt.ui import downloads

    frame = pd.DataFrame({"Xã": ["Xã Tân Tri", "=1+1"], "Số buổi": [35, 3560]})
    hits = cache.PAYLOADS.hits
    first = downloads._csv(frame, "tong-hop", "units")
    again = downloads._csv(frame.copy(), "tong-hop", "units")  # another session's click
    assert again == first and cache.PAYLOADS.hits == hits + 1
    assert "'=1+1" in first.decode("utf-8-sig")  # still escaped
    other = downloads._csv(frame.assign(**{"Số buổi": [36, 3560]}), "tong-hop", "units")
    assert other != first  # different content, different file
    built = []

    def every_record() -> pd.DataFrame:
        built.append(1)
        return frame

    lines = [("Phạm vi", "Tất cả xã")]
    x1 = downloads._xlsx(every_record, lines, "ban-ghi", "records", "v1")
    x2 = downloads._xlsx(every_record, lines, "ban-ghi", "records", "v1")
    downloads._xlsx(every_record, lines, "ban-ghi", "records", "v2")  # new data version
    assert x1 == x2 and built == [1, 1]


def test_every_process_wide_cache_is_bounded_by_bytes():
    """Issue 25: the caches bounded entries, not bytes; 60 tabs with distinct URLs took a
    worker from 284 to 959 MB. Now each has a byte bound (about 300 MB for all), and an
    entry's size counts its frame's strings and its key."""
    caches = (cache.QUERIES, cache.FIGURES, cache.VALUES, cache.TABLES, cache.PAYLOADS)
    assert all(c.max_bytes is not None for c in caches)
    assert sum(c.max_bytes for c in caches) <= 320 * 2**20
    frame = pd.DataFrame({"commune": [f"Xã {i:06d}" for i in range(20_000)],
                          "n": range(20_000)})
    assert cache.approx_size(frame) > 20_000 * (8 + 9)  # the texts, not only the numbers
    key = ("v", "queries", (("communes", tuple(f"{i:05d}" for i in range(50_000))),))
    assert cache.approx_size(key) > 50_000 * 40
    bounded = BoundedCache("t", max_entries=1024, max_bytes=8 * 2**20)
    for i in range(40):
        bounded.get(("k", i), lambda: frame.copy())
    assert bounded.bytes <= 8 * 2**20 and 0 < len(bounded) < 40
