"""Tables on screen and as files: CSV (UTF-8 with BOM, so Excel opens the diacritics) and
XLSX (a second sheet states the filters and the data date), both exactly as filtered.

Text cells starting with = + - @ are prefixed with an apostrophe so a spreadsheet shows them
as text instead of running them as formulas (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from antt import cache
from antt.data.cells import FORMULA_STARTS, escape_cell  # noqa: F401  (one policy: antt.data.cells)
from antt.text.fmt import date_short, number
from antt.ui import data, tables


def _export_frame(df: pd.DataFrame, *, dates_as_text: bool) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_bool_dtype(series):
            series = series.map({True: "Có", False: "Không"}).astype(object)
        if pd.api.types.is_datetime64_any_dtype(series):
            series = series.map(lambda v: None if pd.isna(v) else v.date()).astype(object)
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            series = series.astype(object).map(
                lambda v: date_short(v) if dates_as_text and isinstance(v, dt.date) else v
            )
            series = series.map(escape_cell)
        out[col] = series
    # Column headers are user-visible text too.
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, semicolon-separated with decimal commas, dates dd/mm/yyyy, formulas
    escaped. Excel on a PC set to Vietnamese splits a CSV at the list separator of Windows'
    regional settings, which is ";" there (the decimal sign being ","): a comma-separated file
    opens in one column. The importer reads either separator back."""
    text = _export_frame(df, dates_as_text=True).to_csv(index=False, sep=";", decimal=",",
                                                         lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _number_format(series: pd.Series) -> str | None:
    """Excel's format for a number column: thousands grouped (Excel shows 74.392 under a
    Vietnamese locale), decimals as the screen shows them (tables.column_kind)."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    kind, decimals = tables.column_kind(series)
    return "#,##0" if kind == "integer" else "#,##0." + "0" * decimals


def xlsx_bytes(df: pd.DataFrame, filters: Sequence[tuple[str, str]], sheet: str = "Số liệu"
               ) -> bytes:
    """Sheet 1 the table (real numbers and dates, dd/mm/yyyy), sheet 2 'Bộ lọc' the filters."""
    buffer = io.BytesIO()
    data = _export_frame(df, dates_as_text=False)
    info = pd.DataFrame(
        [(escape_cell(k), escape_cell(v)) for k, v in filters], columns=["Nội dung", "Giá trị"]
    )
    with pd.ExcelWriter(buffer, engine="openpyxl",
                        date_format="DD/MM/YYYY", datetime_format="DD/MM/YYYY") as writer:
        data.to_excel(writer, sheet_name=sheet[:31], index=False)
        info.to_excel(writer, sheet_name="Bộ lọc", index=False)
        for ws, frame in ((writer.sheets[sheet[:31]], data), (writer.sheets["Bộ lọc"], info)):
            for i, col in enumerate(frame.columns, start=1):
                width = max([len(str(col))] + [len(str(v)) for v in frame.iloc[:200, i - 1]])
                ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
                number_format = _number_format(frame.iloc[:, i - 1])
                for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
                    for c in cell:
                        if isinstance(c.value, (dt.date, dt.datetime)):
                            c.number_format = "DD/MM/YYYY"
                        elif number_format and isinstance(c.value, (int, float)):
                            c.number_format = number_format
    return buffer.getvalue()


# On screen a table shows at most this many rows (a note says how many there are); the files
# always hold every row. Beyond it, sending and drawing rows costs a rerun more than it helps.
MAX_SHOWN = 1000
Source = pd.DataFrame | Callable[[], pd.DataFrame]


def _frame(source: Source) -> pd.DataFrame:
    return source() if callable(source) else source


def _payload_key(source: Source, kind: str, stem: str, filters: list[tuple[str, str]],
                 key: str, version: str) -> tuple | None:
    """What a file holds: a frame by its content; every record (a callable) by the data
    version, the table and the filters. None: not cached (a frame that cannot be hashed)."""
    if callable(source):
        return (version, kind, key, stem, tuple(filters))
    try:
        digest = int(pd.util.hash_pandas_object(source, index=False).sum())
    except TypeError:
        return None
    return (kind, digest, tuple(source.columns), tuple(filters) if kind == "xlsx" else ())


def _cached(build: Callable[[], bytes], payload_key: tuple | None) -> bytes:
    """Built on the first click, then served to every session asking for the same file
    (antt.cache.PAYLOADS, bounded in bytes)."""
    return build() if payload_key is None else cache.payload(payload_key, build)


def _csv(source: Source, stem: str = "", key: str = "", version: str = "") -> bytes:
    return _cached(lambda: csv_bytes(_frame(source)),
                   _payload_key(source, "csv", stem, [], key, version))


def _xlsx(source: Source, filters: list[tuple[str, str]], stem: str = "", key: str = "",
          version: str = "") -> bytes:
    return _cached(lambda: xlsx_bytes(_frame(source), filters),
                   _payload_key(source, "xlsx", stem, filters, key, version))


def _noted(build: Callable[[], bytes], kind: str,
           on_download: Callable[[str], None] | None) -> Callable[[], bytes]:
    """`build`, first telling `on_download` which file ("csv", "xlsx") is being taken: every
    click, even when the file comes from the cache."""
    if on_download is None:
        return build

    def noted() -> bytes:
        on_download(kind)
        return build()
    return noted


def download_buttons(source: Source, stem: str, filters: Sequence[tuple[str, str]],
                     key: str, on_download: Callable[[str], None] | None = None) -> None:
    """The two download buttons of a table: CSV and Excel, named after the filters. The files
    are built on click (a callable), not on every rerun: a page has a dozen tables. `source`
    is the frame, or a function returning it (rows fetched only on click: every record).
    `on_download(kind)` runs on each click (the access log of sensitive figures)."""
    row = st.container(horizontal=True)
    # every record (a callable) is keyed by the data version; a frame by its content
    version = data.version() if callable(source) else ""
    row.download_button(
        "⬇️ CSV (dấu ;)", _noted(partial(_csv, source, stem, key, version), "csv", on_download),
        file_name=f"{stem}.csv",
        mime="text/csv", key=f"{key}_csv", on_click="ignore",
    )
    row.download_button(
        "⬇️ Excel", _noted(partial(_xlsx, source, list(filters), stem, key, version), "xlsx",
                          on_download),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", on_click="ignore",
    )


def shown_note(shown: int, total: int) -> str | None:
    """"Hiển thị 1.000/85.095 dòng; …" when the screen holds fewer rows than the files."""
    if total <= shown:
        return None
    return f"Hiển thị {number(shown)}/{number(total)} dòng; tải về để xem đủ."


def table_with_downloads(
    df: pd.DataFrame, stem: str, filters: Sequence[tuple[str, str]], key: str,
    height: int | str = "auto", *, total: int | None = None,
    full: Callable[[], pd.DataFrame] | None = None, **formatting,
) -> None:
    """A table (antt.ui.tables: vi-VN, fitted widths, a totals row when every row is shown; at
    most MAX_SHOWN rows) with its CSV and Excel downloads below, which hold every row: `df`
    itself, or `full()` (made on click) when `df` is only the first rows of `total` or is
    headed for the screen only (dashboard.SHORT_LABELS). `formatting` goes to tables.show
    (total_values, not_summed, decimals, helps)."""
    total = len(df) if total is None else total
    shown = df if len(df) <= MAX_SHOWN else df.head(MAX_SHOWN)  # the same object: its hash is kept
    note = shown_note(len(shown), total)
    if note:
        st.caption(note)
    tables.show(shown, f"{key}_table", height, totals=len(shown) == total, **formatting)
    download_buttons(full if full is not None else df, stem, filters, key)
