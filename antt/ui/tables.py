"""One formatter for every table the app shows (issue 13): vi-VN numbers right-aligned
(74.392; rates keep their decimals: 0,43), dd/mm/yyyy dates, "Có"/"Không", a "Tổng cộng" row
where the columns sum, and column widths that fit the longest formatted value and its header,
with the key (first) column pinned so it stays in view when a table scrolls sideways. A table
can also be a picker (`show(..., on_select="rerun")`): the same formats, no totals row.

Widths are computed here, not left to the grid: the grid sizes columns from its first rows and
then squeezes or hides the rest (a cut "3.2" for 3.206, a "0" for 0,43). The text is measured
with the advance widths of the grid's font (Source Sans, shipped with Streamlit and drawn at
14,875 px with the app's baseFontSize 17), measured once in Chromium.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import unicodedata
import weakref
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.elements.arrow import DataframeState

from antt import cache

TOTAL_LABEL = "Tổng cộng"
# A missing value on screen (a rate with no population); st.dataframe would print "None".
MISSING = "–"
# Rows up to this many use a pandas Styler for the display text (695,9 with a comma, which no
# st.column_config format gives whatever the browser's language). Its cost is per cell (~7 µs):
# fine for summaries; the long record lists use column formats instead.
STYLER_ROWS = 200
# printf with Streamlit's pad-character extension: "'." groups thousands with a dot (74.392) in
# every browser, unlike "localized", which follows the browser's language.
INTEGER_FORMAT = "%'.,d"
DATE_FORMAT = "DD/MM/YYYY"
# Headers of integer columns that do not add up (a count of months since each establishment).
NOT_SUMMED = frozenset({"Số tháng đã qua sau thành lập", "Số thứ tự", "Số"})

# Advance widths (em) of Source Sans 400, measured in Chromium with canvas measureText.
# Vietnamese letters are measured by their base letter (the tone marks do not widen a glyph);
# the horn of ơ/ư adds a little (HORN).
_EM = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
    "{|}~đĐ–",
    (0.2, 0.29, 0.43, 0.5, 0.5, 0.82, 0.61, 0.25, 0.3, 0.3, 0.42, 0.5, 0.25, 0.31, 0.25, 0.35)
    + (0.5,) * 10
    + (0.25, 0.25, 0.5, 0.5, 0.5, 0.42, 0.85, 0.54, 0.59, 0.57, 0.61, 0.53, 0.49, 0.62, 0.65,
       0.26, 0.48, 0.58, 0.49, 0.73, 0.65, 0.66, 0.57, 0.66, 0.57, 0.53, 0.54, 0.64, 0.51,
       0.79, 0.51, 0.48, 0.54, 0.3, 0.35, 0.3, 0.5, 0.5, 0.54, 0.5, 0.55, 0.46, 0.55, 0.5,
       0.29, 0.5, 0.54, 0.25, 0.25, 0.49, 0.25, 0.83, 0.55, 0.54, 0.55, 0.55, 0.35, 0.42,
       0.34, 0.54, 0.47, 0.72, 0.45, 0.47, 0.42, 0.3, 0.24, 0.3, 0.5, 0.56, 0.63, 0.48),
    strict=True,
))
_HORN = "\u031b"
HORN = 0.06
UNKNOWN_EM = 0.6  # anything else (symbols, other scripts): a wide letter's width
FONT_PX = 14.875
CELL_PADDING = 2 * 9  # the grid's horizontal cell padding, both sides
# Room for rounding and the bold of a totals row.
SLACK = 6
MAX_WIDTH = 520  # a very long text column wraps nowhere: past this it is cut, still readable
# What a table has at 1366×768 (the sidebar open, 240 px, and the page's margins as app.py
# sets them): the page's main column, or half of it when two tables stand side by side
# (st.columns(2)). Measured in Chromium. (At 1280×720: 989 and 486.)
PAGE_WIDTH = 1075
HALF_WIDTH = 529


def text_width(text: str) -> float:
    """Width in px of `text` in the grid's font."""
    em = 0.0
    for ch in unicodedata.normalize("NFD", text):
        if ch == _HORN:
            em += HORN
        elif unicodedata.combining(ch):
            continue
        else:
            em += _EM.get(ch, UNKNOWN_EM)
    # đ/Đ do not decompose: they are in the table themselves.
    return em * FONT_PX


def vi_number(value: float, decimals: int = 0) -> str:
    """74392 -> '74.392', 0.43 -> '0,43' (decimals=2)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@dataclass(frozen=True)
class ColumnFormat:
    """How one column is shown."""

    kind: str  # "text", "integer", "decimal", "date", "bool"
    decimals: int = 0
    width: int = 0  # px
    summed: bool = False

    @property
    def alignment(self) -> str:
        return "right" if self.kind in ("integer", "decimal") else "left"

    def text(self, value) -> str:
        """The cell as shown (and as measured)."""
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return MISSING if self.kind == "decimal" else ""
        if self.kind == "integer":
            return vi_number(value, 0)
        if self.kind == "decimal":
            return vi_number(value, self.decimals)
        if self.kind == "date":
            return f"{value:%d/%m/%Y}" if isinstance(value, (dt.date, pd.Timestamp)) else ""
        if self.kind == "bool":
            return "Có" if value else "Không"
        return str(value)


def _holds_dates(series: pd.Series) -> bool:
    values = series.dropna()
    values = values[values.astype(str) != ""]
    return bool(len(values)) and all(isinstance(v, dt.date) for v in values.head(50))


def column_kind(series: pd.Series) -> tuple[str, int]:
    """(kind, decimals) of a column. Decimals: 2 for small values (0,43 per 1.000 people), 1
    for larger ones (45,6 %)."""
    if pd.api.types.is_bool_dtype(series):
        return "bool", 0
    if pd.api.types.is_integer_dtype(series):
        return "integer", 0
    if pd.api.types.is_float_dtype(series):
        top = series.abs().max() if series.notna().any() else 0
        return "decimal", 2 if top < 10 else 1
    if pd.api.types.is_datetime64_any_dtype(series) or (
            series.dtype == object and _holds_dates(series)):
        return "date", 0
    return "text", 0


def _width(header: str, fmt: ColumnFormat, series: pd.Series) -> int:
    if fmt.kind in ("integer", "decimal"):
        # Digits share one width: the longest text is that of the largest or smallest value.
        values = series.dropna()
        candidates = [values.max(), values.min()] if len(values) else []
    else:
        # The longest few by character count, measured exactly (a column of 1.000 names).
        texts = {str(v) for v in series.dropna().unique()} if fmt.kind == "text" else None
        candidates = (sorted(texts, key=len)[-20:] if texts is not None
                      else list(series.dropna().head(1)))
    longest = max((text_width(fmt.text(v)) for v in candidates), default=0.0)
    need = max(text_width(header), longest) + CELL_PADDING + SLACK
    return int(min(MAX_WIDTH, math.ceil(need)))


def plan(df: pd.DataFrame, *, decimals: Mapping[str, int] | None = None,
         not_summed: Collection[str] = ()) -> dict[str, ColumnFormat]:
    """The format of every column: kind, decimals, width, whether a totals row sums it."""
    formats = {}
    for col in df.columns:
        kind, places = column_kind(df[col])
        if decimals and col in decimals and kind in ("integer", "decimal"):
            kind, places = ("decimal" if decimals[col] else "integer"), decimals[col]
        summed = (kind == "integer" and pd.api.types.is_integer_dtype(df[col])
                  and col not in NOT_SUMMED and col not in not_summed)
        fmt = ColumnFormat(kind, places, 0, summed)
        formats[col] = ColumnFormat(kind, places, _width(str(col), fmt, df[col]), summed)
    return formats


def label_column(df: pd.DataFrame, formats: Mapping[str, ColumnFormat]) -> str | None:
    """The column that holds "Tổng cộng": the first text column."""
    return next((c for c in df.columns if formats[c].kind == "text"), None)


def with_totals(df: pd.DataFrame, formats: Mapping[str, ColumnFormat],
                values: Mapping[str, object] | None = None) -> pd.DataFrame | None:
    """`df` plus a "Tổng cộng" row summing the summed columns (others empty, or `values`),
    or None when there is nothing to add up (one row, no summed column, no text column)."""
    label = label_column(df, formats)
    summed = [c for c, f in formats.items() if f.summed]
    if label is None or not summed or len(df) < 2:
        return None
    # Text cells empty, not missing: the grid would draw its "–" placeholder in them.
    row: dict[str, object] = {c: "" if f.kind == "text" else None for c, f in formats.items()}
    row[label] = TOTAL_LABEL
    for col in summed:
        row[col] = int(df[col].sum())
    row.update(values or {})
    total = pd.DataFrame([row], columns=df.columns)
    out = pd.concat([df.reset_index(drop=True), total.astype(
        {c: df[c].dtype for c in summed})], ignore_index=True)
    return out


def _date_column(series: pd.Series) -> pd.Series:
    """Dates as datetime64 (an empty cell NaT): a column of dates and "" breaks Arrow."""
    return pd.to_datetime(series.map(lambda v: v if isinstance(v, dt.date) else None))


def column_config(formats: Mapping[str, ColumnFormat], *, styled: bool,
                  pin: str | None, helps: Mapping[str, str] | None = None) -> dict[str, object]:
    """Width, alignment and pinning per column, and the tooltip of a short header (`helps`:
    header -> text); the number/date formats too unless a Styler gives the display text."""
    config: dict[str, object] = {}
    for col, f in formats.items():
        common = dict(width=f.width, alignment=f.alignment, pinned=True if col == pin else None,
                      help=(helps or {}).get(col))
        if styled or f.kind in ("text", "bool"):
            config[col] = st.column_config.Column(**common)
        elif f.kind == "integer":
            config[col] = st.column_config.NumberColumn(format=INTEGER_FORMAT, **common)
        elif f.kind == "date":
            config[col] = st.column_config.DateColumn(format=DATE_FORMAT, **common)
        else:  # decimals as vi-VN text (no column format writes 0,43)
            config[col] = st.column_config.TextColumn(**common)
    return config


def freeze(styler: Styler) -> Styler:
    """The Styler with its display texts and cell styles computed now, once, for every session.

    st.dataframe marshals a Styler by calling its `_compute()` and `_translate(False, False)`
    (pandas' rendering steps, ~7 µs a cell) and reading the result. A frozen Styler answers
    both from what was computed here: the two small tables of Tổng quan cost ~25 ms less per
    run (issue 16). It stays a plain Styler (Streamlit recognises the exact type only); the
    answers are instance attributes, so a copy (pandas' to_html copies) computes as usual.
    Read-only afterwards, so threads share it."""
    styler._compute()
    translated = styler._translate(False, False)
    styler._compute = lambda: styler
    # A copy of the dict: pandas' HTML rendering adds keys to the one it gets.
    styler._translate = lambda *args, **kwargs: dict(translated)
    return styler


def _styler(frame: pd.DataFrame, formats: Mapping[str, ColumnFormat], has_totals: bool
            ) -> Styler:
    """vi-VN text per cell (the numbers kept for sorting); the totals row bold and shaded."""
    styler = frame.style.format({c: f.text for c, f in formats.items()})
    if has_totals:
        # A cell the totals row does not add up stays empty (not "–", which means "no value"
        # in a row).
        last = frame.index[-1]
        for col, f in formats.items():
            styler = styler.format(lambda v, f=f: "" if pd.isna(v) else f.text(v),
                                   subset=pd.IndexSlice[[last], [col]])
        styler = styler.set_properties(subset=pd.IndexSlice[[last], :],
                                       **{"background-color": "#eef1f6", "font-weight": "bold"})
    return freeze(styler)


@dataclass(frozen=True)
class Prepared:
    """A table ready to draw: the frame (with its totals row), what to pass st.dataframe."""

    frame: pd.DataFrame
    formats: dict[str, ColumnFormat]
    has_totals: bool
    styled: bool
    styler: Styler | None = None  # frozen (computed once)

    @property
    def key_column(self) -> str | None:
        return next(iter(self.frame.columns), None)

    @property
    def width(self) -> int:
        return sum(f.width for f in self.formats.values())

    def data(self) -> pd.DataFrame | Styler:
        """The Styler (vi-VN text per cell, numbers kept for sorting) or the plain frame."""
        return self.styler if self.styled else self.frame

    def config(self, available: int = PAGE_WIDTH, helps: Mapping[str, str] | None = None,
               pin: bool = True) -> dict[str, object]:
        """The key column is pinned only when the table is wider than `available` px: a
        pinned column is drawn in grey, a cost worth paying only when the rest scrolls.
        pin=False: never (a list whose first column is what people read, such as names)."""
        pin_col = self.key_column if pin and len(self.formats) > 1 and self.width > available \
            else None
        return column_config(self.formats, styled=self.styled, pin=pin_col, helps=helps)


def prepare(df: pd.DataFrame, *, totals: bool = True,
            total_values: Mapping[str, object] | None = None,
            decimals: Mapping[str, int] | None = None,
            not_summed: Collection[str] = ()) -> Prepared:
    """Format plan, totals row and display mode of a table with Vietnamese headers."""
    frame = df.reset_index(drop=True).copy(deep=False)
    formats = plan(frame, decimals=decimals, not_summed=not_summed)
    for col, f in formats.items():
        if f.kind == "date":
            frame[col] = _date_column(frame[col])
    styled = len(frame) <= STYLER_ROWS
    summed = with_totals(frame, formats, total_values) if totals else None
    if summed is not None:
        frame = summed
        # The totals may be wider than any row (74.392 over 5 digits): measure them again.
        formats = {c: ColumnFormat(f.kind, f.decimals, max(f.width, _width(
            str(c), f, frame[c].tail(1))), f.summed) for c, f in formats.items()}
    if not styled:
        for col, f in formats.items():
            if f.kind in ("decimal", "bool"):
                frame[col] = frame[col].map(f.text)
    has_totals = summed is not None
    return Prepared(frame, formats, has_totals, styled,
                    _styler(frame, formats, has_totals) if styled else None)


_DIGESTS: dict[int, tuple[weakref.ref, int]] = {}  # id(frame) -> (the frame, its hash)
_DIGESTS_LOCK = threading.Lock()


def _digest(df: pd.DataFrame) -> int:
    """The content hash of `df`, remembered for the frame object while it lives: a shared
    table (View.shared) is the same object on every run, and hashing 1.000 rows costs ~1 ms."""
    key = id(df)
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(key)
    if known is not None and known[0]() is df:
        return known[1]
    digest = int(pd.util.hash_pandas_object(df, index=False).sum())
    try:
        ref = weakref.ref(df, lambda _, key=key: _DIGESTS.pop(key, None))
    except TypeError:
        return digest
    with _DIGESTS_LOCK:
        _DIGESTS[key] = (ref, digest)
    return digest


def cached_prepare(df: pd.DataFrame, **options) -> Prepared:
    """prepare() once per table content and options for every session of the process
    (antt.cache.TABLES): measuring the widths of 1.000 rows costs a page run far more than
    drawing them. A frame that cannot be hashed is prepared every time."""
    try:
        digest = _digest(df)
    except TypeError:
        return prepare(df, **options)
    key = (digest, tuple(map(str, df.columns)), tuple(map(str, df.dtypes)),
           repr(sorted((k, v if not isinstance(v, Mapping) else sorted(v.items()))
                       for k, v in options.items() if k != "not_summed")),
           tuple(sorted(options.get("not_summed") or ())))
    return cache.TABLES.get(key, lambda: prepare(df, **options))


def show(df: pd.DataFrame, key: str | None = None, height: int | str = "auto", *,
         totals: bool = True, total_values: Mapping[str, object] | None = None,
         decimals: Mapping[str, int] | None = None, not_summed: Collection[str] = (),
         available: int = PAGE_WIDTH, helps: Mapping[str, str] | None = None,
         on_select: str = "ignore", selection_mode: str = "single-row", pin: bool = True
         ) -> DataframeState | None:
    """Draw a table the one way every page does (see the module docstring). `available`: the
    width it has at 1366 px (HALF_WIDTH inside st.columns(2)); `helps`: header -> tooltip;
    `pin`: False keeps a wide table's first column unpinned (the grid greys a pinned column).

    `on_select="rerun"` makes rows selectable (`selection_mode` as st.dataframe's) and returns
    the selection event; its row positions are those of `df` (same order, index ignored),
    because a selectable table never gets a totals row: "Tổng cộng" is not a record."""
    selectable = on_select != "ignore"
    table = cached_prepare(df, totals=totals and not selectable, total_values=total_values,
                           decimals=decimals, not_summed=not_summed)
    picking = {"on_select": on_select, "selection_mode": selection_mode} if selectable else {}
    event = st.dataframe(table.data(), hide_index=True, placeholder=MISSING, height=height,
                         key=key, column_config=table.config(available, helps, pin), **picking)
    return event if selectable else None
