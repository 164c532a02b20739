"""The sections of the Dữ liệu page: view/export (everyone), import, record edit, changes/undo
(editors only). Checks and writes are in antt.importer / antt.writer; this only draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from antt import auth, importer, templates, writer
from antt.fmt import datetime_short, number
from antt.problems import summarize
from antt.schema import IMPORTABLE_TABLES, TABLES
from antt.ui.data import store

REPORT_CAP = 200


@st.cache_data(show_spinner=False, max_entries=8)
def _tables(version: str, data_dir: str) -> dict[str, pa.Table]:
    tables, _, _ = writer.check_folder(Path(data_dir))
    return tables


def stored_tables() -> dict[str, pa.Table]:
    s = store()
    return _tables(s.version, str(s.data_dir))


def _dataframe(frame: pd.DataFrame, **kwargs) -> None:
    """A stored-rows table: an empty cell stays empty (st.dataframe would print "None"), dates
    read dd/mm/yyyy as everywhere else in the app."""
    dates = {
        col: st.column_config.DateColumn(format="DD/MM/YYYY") for col in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[col])
        or frame[col].map(lambda v: isinstance(v, dt.date)).any()
    }
    st.dataframe(frame, hide_index=True, placeholder="", column_config=dates, **kwargs)


def pick_table() -> str:
    return st.selectbox("Bảng", IMPORTABLE_TABLES, key="table",
                        format_func=lambda name: TABLES[name].label)


def show_table(name: str) -> None:
    """Everyone: the stored rows, CSV and .xlsx downloads."""
    tables = stored_tables()
    table = TABLES[name]
    frame = tables[name].to_pandas().rename(columns={c.name: c.label for c in table.columns})
    st.caption(f"{number(len(frame))} dòng trong {table.file}.")
    _dataframe(frame, height=320)
    left, right = st.columns(2)
    left.download_button("Tải CSV", (store().data_dir / table.file).read_bytes(),
                         file_name=table.file, mime="text/csv", key="export_csv")
    right.download_button("Tải Excel (.xlsx)", templates.table_xlsx(name, tables),
                          file_name=f"{name}.xlsx", key="export_xlsx")


def _report(result: importer.ImportResult) -> None:
    st.error(f"Tệp “{result.file_name}” có {number(len(result.problems))} lỗi; "
             "chưa ghi dòng nào. Sửa tệp rồi tải lên lại.")
    st.markdown("\n".join(f"- {line}" for line in summarize(result.problems, REPORT_CAP)))


def show_import(name: str, editor: auth.Editor) -> None:
    tables = stored_tables()
    left, right = st.columns(2)
    left.download_button("Tệp mẫu CSV", templates.template_csv(name, tables),
                         file_name=f"mau_{name}.csv", mime="text/csv", key="template_csv")
    right.download_button("Tệp mẫu Excel (có giải thích cột)",
                          templates.template_xlsx(name, tables), file_name=f"mau_{name}.xlsx",
                          key="template_xlsx")
    upload = st.file_uploader("Tải lên tệp CSV hoặc Excel (.xlsx)", type=["csv", "txt", "xlsx"],
                              key="upload")
    if upload is None:
        return
    data_dir = store().data_dir
    raw = upload.getvalue()
    written = st.session_state.setdefault("written_files", {})
    if writer.sha256_bytes(raw) in written:
        st.success(f"Tệp “{upload.name}” đã được ghi (nhật ký số "
                   f"{written[writer.sha256_bytes(raw)]}).")
        return
    result = importer.prepare_import(name, raw, upload.name, data_dir, communes=editor.communes)
    if not result.ok:
        _report(result)
        return
    if result.nothing_to_do:
        st.info("Tệp không có gì khác với dữ liệu đang lưu.")
        return
    st.success(f"Tệp hợp lệ: {number(result.added)} dòng mới, {number(result.changed)} dòng "
               f"thay đổi, {number(result.unchanged)} dòng không đổi.")
    if result.diff is not None:
        st.subheader("Trước và sau khi cập nhật")
        _dataframe(result.diff)
    st.subheader("Xem trước")
    _dataframe(result.rows, height="auto")
    if st.button("Ghi vào dữ liệu", key="append", type="primary"):
        done = importer.import_file(name, raw, upload.name, data_dir, user=editor.name,
                                    communes=editor.communes)
        if not done.ok:
            _report(done)
        elif done.audit is not None:
            store().refresh()
            written[done.sha256] = done.audit.id
            st.success(f"Đã ghi (nhật ký số {done.audit.id}): {number(done.added)} dòng mới, "
                       f"{number(done.changed)} dòng thay đổi.")


def show_record_editor(name: str, editor: auth.Editor) -> None:
    """Correct or delete one stored row, found by its key."""
    table = TABLES[name]
    data_dir = store().data_dir
    key = {k: st.text_input(table.column(k).label, key=f"key_{k}").strip() for k in table.key}
    if not all(key.values()):
        st.caption("Nhập khóa của bản ghi cần sửa hoặc xóa.")
        return
    csv_file = writer.CsvFile.read(data_dir / table.file)
    idx = [csv_file.header.index(k) for k in table.key]
    row = next((r for r in csv_file.rows if [r[j] for j in idx] == list(key.values())), None)
    if row is None:
        st.warning("Không có bản ghi này.")
        return
    with st.form("record"):
        values = {
            h: st.text_input(table.column(h).label, value=v, key=f"cell_{h}")
            for h, v in zip(csv_file.header, row, strict=True) if h not in table.key
        }
        save = st.form_submit_button("Lưu sửa đổi")
    delete = st.button("Xóa bản ghi này", key="delete_record")
    scope = importer.scope_problems(data_dir, [row[csv_file.header.index("village_code")],
                                               values.get("village_code", "")], editor.communes)
    try:
        if (save or delete) and scope:
            raise writer.WriteError(scope)
        if save:
            entry = writer.correct_record(data_dir, name, key, values, editor.name)
            st.success(f"Đã sửa (nhật ký số {entry.id}).")
        elif delete:
            entry = writer.delete_record(data_dir, name, key, editor.name)
            st.success(f"Đã xóa (nhật ký số {entry.id}).")
    except writer.WriteError as exc:
        st.error("Không ghi được:\n" + "\n".join(f"- {x}" for x in summarize(exc.problems)))
    store().refresh()


def show_changes(editor: auth.Editor | None) -> None:
    """Recent changes for everyone; the last one can be undone by an editor."""
    data_dir = store().data_dir
    entries = writer.read_audit(data_dir)[-20:][::-1]
    if not entries:
        st.caption("Chưa có thay đổi nào.")
        return
    _dataframe(pd.DataFrame([{
        "Số": e.id, "Lúc": datetime_short(dt.datetime.fromisoformat(e.at)), "Người": e.user,
        "Việc": writer.ACTION_LABELS.get(e.action, e.action), "Bảng": TABLES[e.table].label,
        "Tệp": e.file_name, "Thêm": e.rows_added, "Sửa": e.rows_changed, "Xóa": e.rows_deleted,
    } for e in entries]))
    last = writer.last_undoable(data_dir)
    if editor is None or last is None:
        return
    if editor.restricted and last.user != editor.name:
        st.caption("Chỉ người đã ghi hoặc người được sửa mọi xã mới hoàn tác được lần ghi cuối.")
        return
    if st.button(f"Hoàn tác lần ghi số {last.id} ({TABLES[last.table].label})", key="undo"):
        try:
            entry = writer.undo_last(data_dir, editor.name)
            store().refresh()
            st.success(f"Đã hoàn tác lần ghi số {last.id} (nhật ký số {entry.id}).")
        except writer.WriteError as exc:
            st.error("\n".join(summarize(exc.problems)))
