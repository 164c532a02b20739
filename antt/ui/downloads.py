"""Tables on screen and as files: CSV (UTF-8 with BOM, so Excel opens the diacritics) and
XLSX (a second sheet states the filters and the data date), both exactly as filtered.

Text cells starting with = + - @ are prefixed with an apostrophe so a spreadsheet shows them
as text instead of running them as formulas (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import partial

import pandas as pd
import streamlit as st

from antt.fmt import date_short

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Shown on screen in an empty cell (a rate with no population): st.dataframe prints "None" for a
# missing value whatever the Styler says. The downloads keep the cell empty.
MISSING = "–"


def escape_cell(value):
    """'=1+1' -> \"'=1+1\"; numbers and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _export_frame(df: pd.DataFrame, *, dates_as_text: bool) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        series = out[col]
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
    """UTF-8 with BOM, comma-separated, dates dd/mm/yyyy, formulas escaped."""
    text = _export_frame(df, dates_as_text=True).to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


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
                for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
                    for c in cell:
                        if isinstance(c.value, (dt.date, dt.datetime)):
                            c.number_format = "DD/MM/YYYY"
    return buffer.getvalue()


def _vi(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def styled(df: pd.DataFrame):
    """vi-VN display (74.392, 695,9, 02/10/2024) while sorting stays numeric. Small decimals
    (rates per 1.000 people) keep two digits, larger ones one."""
    formats = {}
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_bool_dtype(series):
            formats[col] = lambda v: "có" if v else "không"
        elif pd.api.types.is_integer_dtype(series):
            formats[col] = lambda v: "" if pd.isna(v) else _vi(v, 0)
        elif pd.api.types.is_float_dtype(series):
            small = series.abs().max() < 10 if series.notna().any() else True
            formats[col] = (lambda d: lambda v: "–" if pd.isna(v) else _vi(v, d))(
                2 if small else 1)
        else:
            formats[col] = lambda v: "" if v is None or v is pd.NaT or (
                isinstance(v, float) and pd.isna(v)) else (
                date_short(v) if isinstance(v, dt.date) else v)
    return df.style.format(formats, na_rep="")


def download_buttons(df: pd.DataFrame, stem: str, filters: Sequence[tuple[str, str]],
                     key: str) -> None:
    """The two download buttons of a table: CSV and Excel, named after the filters. The files
    are built on click (a callable), not on every rerun: a page has a dozen tables."""
    row = st.container(horizontal=True)
    row.download_button(
        "⬇️ CSV", partial(csv_bytes, df), file_name=f"{stem}.csv", mime="text/csv",
        key=f"{key}_csv", on_click="ignore",
    )
    row.download_button(
        "⬇️ Excel", partial(xlsx_bytes, df, list(filters)), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", on_click="ignore",
    )


def table_with_downloads(
    df: pd.DataFrame, stem: str, filters: Sequence[tuple[str, str]], key: str,
    height: int | str = "auto",
) -> None:
    """A table (vi-VN display) with its CSV and Excel downloads below."""
    st.dataframe(styled(df), hide_index=True, placeholder=MISSING,
                 height=height, key=f"{key}_table")
    download_buttons(df, stem, filters, key)
