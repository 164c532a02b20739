"""Religion counts by village on the Dữ liệu page: sensitive data (Law 91/2025/QH15). Shown as
they are only to a signed-in editor or viewer of their commune; to anyone else suppressed
(antt.privacy.suppress: “< 5”, “ẩn”), with no totals row. Every view and download by a
signed-in person goes to the access log; anonymous ones are counted (antt.privacy.access_log).
The raw religion file is offered only to signed-in people, with the rows of their communes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from antt.access.editors_file import Editor
from antt.data.schema import TABLES
from antt.entry import templates
from antt.indicators import data_rows
from antt.privacy import access_log
from antt.privacy.settings import load_privacy
from antt.privacy.suppress import (
    any_hidden,
    as_text,
    for_reader,
    less_than,
    masked,
    opened_communes,
)
from antt.text.escape import md
from antt.ui import tables
from antt.ui.data import query, store
from antt.ui.data_editing import first_rows, stored_table
from antt.ui.downloads import MAX_SHOWN, download_buttons, shown_note
from antt.ui.editor_auth import scope_text
from antt.ui.state import View

NAME = "religion"
LOGGED_KEY = "religion_views_logged"  # the views this session has logged or counted already
LOGGED_FILTERS = ("Xã, thị trấn", "Xã", "Kỳ")  # the filter lines an access-log line keeps


def _opened(reader: Editor | None) -> set[str] | None:
    """Old commune codes the reader sees as they are (None: all; empty: none)."""
    if reader is None:
        return set()
    if not reader.communes:
        return None
    communes = stored_table(str(store().data_dir), "communes").to_pandas()
    return opened_communes(reader.communes, communes)


def _tag(opened: set[str] | None) -> str:
    """The reader's scope in a widget and cache key: files of two scopes never mix."""
    return "all" if opened is None else "-".join(sorted(opened)) or "anon"


def _note(data_dir: Path, reader: Editor | None, what: str, detail: str) -> None:
    """One access: a line of the access log for a signed-in reader, a count otherwise."""
    if reader is None:
        access_log.count_anonymous(data_dir, what)
    else:
        access_log.log_access(data_dir, reader.name, reader.role, scope_text(reader.communes),
                              what, detail)


def _note_view_once(data_dir: Path, reader: Editor | None, detail: str) -> None:
    """A view is noted once per session, reader and filters, not at every rerun."""
    done = st.session_state.setdefault(LOGGED_KEY, set())
    mark = (reader.name if reader else "", detail)
    if mark not in done:
        _note(data_dir, reader, "view", detail)
        done.add(mark)


def show_rows(view: View, reader: Editor | None) -> None:
    """The filtered religion rows as the reader may see them, and their downloads."""
    data_dir = store().data_dir
    unit_set = view.filters.unit_set
    # every matching row: suppression needs whole groups (a commune's religion in a year)
    frame = query(data_rows.QUERIES[NAME], row_limit=None, **view.params)
    stored = first_rows(NAME)
    stored_count = int(stored["total_rows"].iloc[0]) if len(stored) else 0
    st.markdown(data_rows.match_text(len(frame), stored_count, TABLES[NAME].label))
    if frame.empty:
        st.info("Không có dòng nào khớp bộ lọc ở đầu trang. Hãy chọn kỳ khác hoặc thêm xã.")
        return
    k = load_privacy(data_dir).k
    opened = _opened(reader)
    screen, files, hidden = reader_frames(frame, k, opened, unit_set)
    if hidden or opened is not None:
        st.caption(_hidden_note(k, reader, hidden))
    # which villages and years were seen: the communes and the period of the filters
    detail = "; ".join(f"{a}: {b}" for a, b in view.filter_lines() if a in LOGGED_FILTERS)
    _note_view_once(data_dir, reader, detail)
    note = shown_note(len(screen), len(frame))
    if note:
        st.caption(note)
    tables.show(screen, key="data_rows", height=360,
                totals=not hidden and len(screen) == len(frame))
    download_buttons(files, view.stem(f"du-lieu-{NAME}"), view.filter_lines(),
                     f"religion_rows_{_tag(opened)}",
                     on_download=lambda kind: _note(data_dir, reader, kind, detail))


def reader_frames(frame: pd.DataFrame, k: int, opened: set[str] | None, unit_set: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """(the first MAX_SHOWN rows for the screen, every row for the files, whether any count is
    hidden) of the data_rows_religion rows `frame` as a reader of `opened` communes sees them."""
    result = for_reader(frame, k, opened)
    shown = masked(result)
    return (data_rows.shape(as_text(shown).head(MAX_SHOWN), NAME, unit_set, download=False),
            data_rows.shape(shown, NAME, unit_set, download=True), any_hidden(result))


def _hidden_note(k: int, reader: Editor | None, hidden: bool) -> str:
    who = ("Số hộ, nhân khẩu theo tôn giáo của một thôn là dữ liệu nhạy cảm (Luật Bảo vệ dữ "
           "liệu cá nhân)")
    if not hidden:
        return f"{who}: lượt xem được ghi vào nhật ký truy cập."
    text = (f"{who}: số từ 1 đến {k - 1} hiện là “{less_than(k)}”; “ẩn” là số ẩn thêm để "
            f"không tính ngược được số “{less_than(k)}” từ tổng của xã; không có dòng tổng "
            "cộng.")
    if reader is None:
        return text + " Người được xem số liệu của xã đăng nhập ở trên để thấy đủ."
    return (text + f" Bạn thấy đủ số liệu của: {md(scope_text(reader.communes))}; lượt xem "
            "được ghi vào nhật ký truy cập.")


def show_raw_file(reader: Editor | None) -> None:
    """The raw religion file (every year, codes, counts as they are): signed-in people only,
    with the rows of their communes."""
    with st.expander("Tệp gốc (mọi dòng, có mã, để sửa rồi nhập lại)"):
        if reader is None:
            st.caption("Tệp gốc tôn giáo có số hộ, nhân khẩu chưa ẩn theo từng thôn: chỉ người "
                       "sửa dữ liệu hoặc người xem số liệu đã đăng nhập mới tải được, với các "
                       "thôn của xã mình.")
            return
        data_dir = store().data_dir
        opened = _opened(reader)
        where = ("mọi xã" if opened is None
                 else f"chỉ các thôn của {scope_text(reader.communes)}")
        st.caption(f"Đúng định dạng của tệp dữ liệu: mã thay cho tên; không theo bộ lọc; "
                   f"{md(where)}. Mỗi lần tải được ghi vào nhật ký truy cập.")
        table = TABLES[NAME]
        row = st.container(horizontal=True)

        def rows(kind: str) -> pa.Table:
            _note(data_dir, reader, kind, where)
            return _own_rows(str(data_dir), opened)

        row.download_button(
            f"⬇️ Tệp gốc {table.file}", lambda: templates.table_csv(NAME, rows("raw_csv")),
            file_name=table.file, mime="text/csv", key=f"export_csv_{_tag(opened)}",
            on_click="ignore")
        row.download_button(
            "⬇️ Tệp gốc dạng Excel", lambda: templates.table_xlsx(NAME, rows("raw_xlsx")),
            file_name=f"{NAME}.xlsx", key=f"export_xlsx_{_tag(opened)}", on_click="ignore")


def _own_rows(data_dir: str, opened: set[str] | None) -> pa.Table:
    """The stored religion rows of the villages of `opened` old communes (None: all)."""
    rows = stored_table(data_dir, NAME)
    if opened is None:
        return rows
    villages = stored_table(data_dir, "villages").to_pandas()
    own = villages.loc[villages["commune_code"].isin(opened), "village_code"]
    return rows.filter(pc.is_in(rows.column("village_code"), pa.array(list(own), pa.string())))



def notice_threshold(unit_set: str, communes: tuple[str, ...], reader: Editor | None
                     ) -> int | None:
    """The small-cell threshold for a notice on `communes` (codes of `unit_set`; empty: every
    commune), or None when the reader sees every one of them as they are."""
    opened = _opened(reader)
    if opened is None:
        return None
    if opened and communes:
        table = stored_table(str(store().data_dir), "communes").to_pandas()
        column = "commune_code_2025" if unit_set == "2025" else "commune_code"
        wanted = set(table.loc[table[column].isin(communes), "commune_code"])
        if wanted and wanted <= opened:
            return None
    return load_privacy(store().data_dir).k
