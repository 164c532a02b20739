"""The Dữ liệu page's view for everyone: the rows the sidebar filters select, with labels
(antt.indicators.data_rows), how many match, the labelled downloads, and the raw files for
round-trips."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from antt.access.editors_file import Editor
from antt.data.queries import run_query
from antt.data.schema import TABLES
from antt.data.store import get_store
from antt.entry import templates
from antt.indicators import data_rows
from antt.ui import religion_view, tables
from antt.ui.data import query, store
from antt.ui.data_editing import first_rows, stored_table
from antt.ui.downloads import MAX_SHOWN, download_buttons, shown_note
from antt.ui.state import View


def _all_rows(data_dir: str, name: str, params: dict, unit_set: str) -> pd.DataFrame:
    """Every matching row with codes and labels, for a download (runs on click)."""
    frame = run_query(data_rows.QUERIES[name], store=get_store(Path(data_dir)), row_limit=None,
                      **data_rows.query_params(name), **params)
    return data_rows.shape(frame, name, unit_set, download=True)


def show_rows(name: str, view: View, reader: Editor | None = None) -> None:
    """The filtered, labelled rows (the first MAX_SHOWN on screen) and their downloads;
    religion counts as `reader` (signed in or not) may see them (antt.ui.religion_view)."""
    if name == religion_view.NAME:
        religion_view.show_rows(view, reader)
        return
    table = TABLES[name]
    unit_set = view.filters.unit_set
    first = query(data_rows.QUERIES[name], row_limit=MAX_SHOWN, **data_rows.query_params(name),
                  **view.params)
    matching = int(first["total_rows"].iloc[0]) if len(first) else 0
    stored = first_rows(name)
    stored_count = int(stored["total_rows"].iloc[0]) if len(stored) else 0
    st.markdown(data_rows.match_text(matching, stored_count, table.label))
    if matching:
        note = shown_note(len(first), matching)
        if note:
            st.caption(note)
        tables.show(data_rows.shape(first, name, unit_set, download=False), key="data_rows",
                    height=360, totals=len(first) == matching)
        full = partial(_all_rows, str(store().data_dir), name, dict(view.params), unit_set)
        download_buttons(full, view.stem(f"du-lieu-{name}"), view.filter_lines(), "data_rows")
    else:
        st.info("Không có dòng nào khớp bộ lọc ở đầu trang. Hãy chọn kỳ khác, thêm xã hoặc bỏ "
                "lọc loại mô hình.")


def show_raw_files(name: str, reader: Editor | None = None) -> None:
    """The stored table whole, with its codes, as the import reads it: for correcting offline
    and importing again (religion: for signed-in people only, antt.ui.religion_view)."""
    if name == religion_view.NAME:
        religion_view.show_raw_file(reader)
        return
    table = TABLES[name]
    data_dir = store().data_dir
    with st.expander("Tệp gốc (mọi dòng, có mã, để sửa rồi nhập lại)"):
        st.caption("Đúng định dạng của tệp dữ liệu: mã thay cho tên, ngày yyyy-mm-dd; không theo "
                   "bộ lọc.")
        row = st.container(horizontal=True)
        # the data the screens show (the last good load), not the file: it may be broken now
        row.download_button(
            f"⬇️ Tệp gốc {table.file}",
            lambda: templates.table_csv(name, stored_table(str(data_dir), name)),
            file_name=table.file, mime="text/csv", key="export_csv", on_click="ignore")
        row.download_button(
            "⬇️ Tệp gốc dạng Excel",
            lambda: templates.table_xlsx(name, stored_table(str(data_dir), name)),
            file_name=f"{name}.xlsx", key="export_xlsx", on_click="ignore")
