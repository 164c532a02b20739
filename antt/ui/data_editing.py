"""The sections of the Dữ liệu page: view/export (everyone), import, record edit, changes/undo
(editors only). Checks and writes are in antt.entry.importer / antt.writes.writer; this only
draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from antt.access import editors_file
from antt.data.schema import IMPORTABLE_TABLES, TABLES
from antt.data.store import get_store
from antt.entry import importer, templates
from antt.problems import summarize
from antt.text.escape import md, md_list
from antt.text.fmt import datetime_short, number
from antt.ui import tables
from antt.ui.admission import release_slot
from antt.ui.data import query, store
from antt.ui.editor_auth import recheck
from antt.writes import writer
from antt.writes.audit import ACTION_LABELS, read_audit

REPORT_CAP = 200
# One query file per table (what the page shows): a table name is never put into SQL.
FIRST_ROWS = {
    "outreach": "first_rows_outreach", "patrols": "first_rows_patrols",
    "commitments": "first_rows_commitments", "mediations": "first_rows_mediations",
    "incidents": "first_rows_incidents", "models": "first_rows_models",
    "religion": "first_rows_religion",
}


def has_good_data() -> bool:
    """False, with the files' problems, while no version of the data has ever loaded: the
    page's tables, forms and checks all read the loaded data."""
    if store().version:
        return True
    st.error("Chưa có dữ liệu hợp lệ nên chưa xem, nhập hay sửa được. Sửa các tệp sau rồi tải "
             "lại trang:\n\n" + md_list(summarize(store().problems, REPORT_CAP)))
    return False


def first_rows(name: str) -> pd.DataFrame:
    """The first 1.000 stored rows of an importable table, with total_rows."""
    return query(FIRST_ROWS[name])


def stored_table(data_dir: str, name: str) -> pa.Table:
    """Every stored row of an importable table, typed (for the .xlsx export, on click). Read
    from the store's database: the files are not validated a second time, nor kept twice."""
    if name not in TABLES:  # an allow-listed identifier, never user text
        raise ValueError(f"không có bảng: {name!r}")
    with get_store(Path(data_dir)).connection().cursor() as cur:
        return cur.table(name).select(*(c.name for c in TABLES[name].columns)).to_arrow_table()


def _template_tables(name: str) -> dict[str, pa.Table]:
    """What the import templates use: an example row (the last of the rows shown) and the
    allowed values of the coded columns."""
    rows = first_rows(name).drop(columns="total_rows").tail(1)
    if name == "religion":  # an example, not a village's real counts (sensitive: issue 27)
        rows = rows.assign(households=10, people=40)
    data_dir = str(store().data_dir)
    lookups = {t: stored_table(data_dir, t)
               for t in ("villages", "communes", "communes_2025", "models")}
    return {**lookups, name: pa.Table.from_pandas(rows, preserve_index=False),
            "vocab": pa.Table.from_pandas(query("vocab"), preserve_index=False)}


def _dataframe(frame: pd.DataFrame, height: int | str = "auto") -> None:
    """Stored or uploaded rows as they are (no totals: a preview, a log): the one table
    formatter (antt.ui.tables) gives dd/mm/yyyy dates, vi-VN numbers and fitted widths."""
    tables.show(frame, height=height, totals=False)


def pick_table() -> str:
    return st.selectbox("Bảng", IMPORTABLE_TABLES, key="table",
                        format_func=lambda name: TABLES[name].label)


def _report(result: importer.ImportResult) -> None:
    st.error(f"Tệp “{md(result.file_name)}” có {number(len(result.problems))} lỗi; "
             "chưa ghi dòng nào. Sửa tệp rồi tải lên lại.")
    st.markdown(md_list(summarize(result.problems, REPORT_CAP)))


CHECKED = "import_checked"  # session key: the last uploaded file's check


def _checked(name: str, raw: bytes, file_name: str, data_dir: Path,
             communes: tuple[str, ...] | None) -> importer.ImportResult:
    """`prepare_import` once per uploaded file (by its hash), table, scope and state of the
    data, not on every rerun while the file sits in the uploader (a big file costs seconds)."""
    key = (writer.sha256_bytes(raw), name, file_name, communes,
           importer.data_signature(data_dir))
    kept = st.session_state.get(CHECKED)
    if kept is not None and kept[0] == key:
        return kept[1]
    release_slot()  # seconds for a big file: the other sessions' runs go on meanwhile
    result = importer.prepare_import(name, raw, file_name, data_dir, communes=communes)
    st.session_state[CHECKED] = (key, result)  # only the last file: a result holds its rows
    return result


def show_import(name: str, editor: editors_file.Editor) -> None:
    left, right = st.columns(2)
    # Built on click: the .xlsx template carries 1.000 formatted rows with dropdowns.
    left.download_button("Tệp mẫu CSV",
                         lambda: templates.template_csv(name, _template_tables(name)),
                         file_name=f"mau_{name}.csv", mime="text/csv", key="template_csv",
                         on_click="ignore")
    right.download_button("Tệp mẫu Excel (có danh sách chọn và giải thích cột)",
                          lambda: templates.template_xlsx(name, _template_tables(name)),
                          file_name=f"mau_{name}.xlsx", key="template_xlsx", on_click="ignore")
    upload = st.file_uploader("Tải lên tệp CSV hoặc Excel (.xlsx)", type=["csv", "txt", "xlsx"],
                              key="upload")
    if upload is None:
        return
    data_dir = store().data_dir
    raw = upload.getvalue()
    written = st.session_state.setdefault("written_files", {})
    if writer.sha256_bytes(raw) in written:
        st.success(f"Tệp “{md(upload.name)}” đã được ghi (nhật ký số "
                   f"{written[writer.sha256_bytes(raw)]}).")
        return
    result = _checked(name, raw, upload.name, data_dir, editor.communes)
    if not result.ok:
        _report(result)
        return
    if result.nothing_to_do:
        st.info("Tệp không có gì khác với dữ liệu đang lưu.")
        return
    st.success(f"Tệp hợp lệ: {number(result.added)} dòng mới, {number(result.changed)} dòng "
               f"thay đổi, {number(result.unchanged)} dòng không đổi.")
    for note in result.notes:
        st.info(md(note))  # quotes the file's own header
    if result.resolved is not None:
        st.subheader("Tên và nhãn đã được hiểu là")
        _dataframe(result.resolved)
    if result.diff is not None:
        st.subheader("Trước và sau khi cập nhật")
        _dataframe(result.diff)
    st.subheader("Xem trước")
    _dataframe(result.rows, height="auto")
    if st.button("Ghi vào dữ liệu", key="append", type="primary"):
        editor = recheck(editor)  # locked meanwhile: nothing written; new communes: checked again
        release_slot()
        done = importer.import_file(name, raw, upload.name, data_dir, user=editor.name,
                                    communes=editor.communes, prepared=result)
        st.session_state.pop(CHECKED, None)
        if not done.ok:
            _report(done)
        elif done.audit is not None:
            store().refresh()
            written[done.sha256] = done.audit.id
            st.success(f"Đã ghi (nhật ký số {done.audit.id}): {number(done.added)} dòng mới, "
                       f"{number(done.changed)} dòng thay đổi.")


def show_changes(editor: editors_file.Editor | None) -> None:
    """Recent changes for everyone; the last one can be undone by an editor."""
    data_dir = store().data_dir
    entries = read_audit(data_dir)[-20:][::-1]
    if not entries:
        st.caption("Chưa có thay đổi nào.")
        return
    frame = pd.DataFrame([{
        "Số": e.id, "Lúc": datetime_short(dt.datetime.fromisoformat(e.at)), "Người": e.user,
        "Việc": ACTION_LABELS.get(e.action, e.action), "Bảng": TABLES[e.table].label,
        "Tệp": e.file_name, "Thêm": e.rows_added, "Sửa": e.rows_changed, "Xóa": e.rows_deleted,
    } for e in entries])
    # Editors' names are their user names: a guesser must not learn them from this list.
    _dataframe(frame if editor is not None else frame.drop(columns="Người"))
    last = writer.last_undoable(data_dir)
    if editor is None or last is None:
        return
    if editor.restricted and last.user != editor.name:
        st.caption("Chỉ người đã ghi hoặc người được sửa mọi xã mới hoàn tác được lần ghi cuối.")
        return
    if st.button(f"Hoàn tác lần ghi số {last.id} ({TABLES[last.table].label})", key="undo"):
        editor = recheck(editor)
        if editor.restricted and last.user != editor.name:
            st.error("Chỉ người đã ghi hoặc người được sửa mọi xã mới hoàn tác được lần ghi cuối.")
            return
        try:
            entry = writer.undo_last(data_dir, editor.name)
            store().refresh()
            st.success(f"Đã hoàn tác lần ghi số {last.id} (nhật ký số {entry.id}).")
        except writer.WriteError as exc:
            st.error(md_list(summarize(exc.problems)))
