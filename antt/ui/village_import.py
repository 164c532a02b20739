"""The villages list on the Dữ liệu page: the template (everyone), the upload (editors of every
commune). Checks and write: antt.entry.import_villages; template: antt.entry.village_template."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from antt.access import editors_file
from antt.entry import village_template
from antt.entry.import_villages import import_villages, prepare_villages
from antt.problems import summarize
from antt.text.escape import md, md_list
from antt.text.fmt import number
from antt.ui import tables
from antt.ui.admission import release_slot
from antt.ui.data import latest_record_date, query, store
from antt.ui.data_editing import stored_table
from antt.ui.editor_auth import recheck
from antt.writes import writer

GUIDE = ("Chưa có thôn nào: tải mẫu danh sách thôn ở trang **Dữ liệu** (thẻ **Nhập từ tệp**, "
         "mục **Danh sách thôn**), ghi tên thôn, xã, loại, số hộ, số nhân khẩu rồi tải lên "
         "(hoặc `python -m antt import villages TỆP`). Các trang sẽ có số liệu khi có thôn và "
         "bản ghi hoạt động.")


NO_RECORDS = ("Chưa có bản ghi hoạt động nào: tải tệp mẫu của từng bảng (tuyên truyền, tuần "
              "tra, …) ở trang **Dữ liệu**, thẻ **Nhập từ tệp**, hoặc thêm từng bản ghi ở thẻ "
              "**Thêm một bản ghi** (cần đăng nhập).")


def start_guide() -> str | None:
    """What a new area still lacks, for the top of every page: villages, then records."""
    if store().loaded_at is None:
        return None
    if no_villages():
        return GUIDE
    return NO_RECORDS if latest_record_date() is None else None


JUST_WRITTEN = "villages_just_written"


def show_just_written() -> None:
    """At the top of the page, once: what the last villages write did (the rerun after it
    redraws the page, and its tabs start again at the first one)."""
    if note := st.session_state.pop(JUST_WRITTEN, None):
        st.success(note)


def no_villages() -> bool:
    """Loaded data that lists units but no village yet (a folder from `area init`)."""
    return store().loaded_at is not None and int(query("unit_counts").iloc[0]["villages"]) == 0


def _tables() -> dict[str, pa.Table]:
    data_dir = str(store().data_dir)
    out = {t: stored_table(data_dir, t) for t in ("communes", "communes_2025", "commune_links")}
    return {**out, "vocab": pa.Table.from_pandas(query("vocab"), preserve_index=False)}


def template_buttons(key: str = "villages") -> None:
    left, right = st.columns(2)
    left.download_button("Mẫu danh sách thôn (Excel, có danh sách chọn xã)",
                         lambda: village_template.villages_template_xlsx(_tables()),
                         file_name="mau_danh_sach_thon.xlsx", key=f"{key}_xlsx",
                         on_click="ignore")
    right.download_button("Mẫu danh sách thôn (CSV)",
                          lambda: village_template.villages_template_csv(_tables()),
                          file_name="mau_danh_sach_thon.csv", mime="text/csv",
                          key=f"{key}_csv", on_click="ignore")


def show_village_import(editor: editors_file.Editor) -> None:
    st.caption("Danh sách thôn: “Tên thôn, Xã, Loại, Số hộ, Số nhân khẩu” (xã theo tên hoặc "
               "mã, xã mới hay xã cũ). Thôn đã có được cập nhật, thôn mới được đặt mã mới.")
    template_buttons("villages_import")
    if editor.restricted:
        st.info("Chỉ người được sửa mọi xã mới nhập được danh sách thôn.")
        return
    upload = st.file_uploader("Tải lên danh sách thôn (CSV hoặc Excel)",
                              type=["csv", "txt", "xlsx"], key="villages_upload")
    if upload is None:
        return
    raw, data_dir = upload.getvalue(), store().data_dir
    written = st.session_state.setdefault("villages_written", {})
    if writer.sha256_bytes(raw) in written:  # the rerun after the write: say it was written
        st.success(f"Đã ghi danh sách thôn “{md(upload.name)}” (nhật ký số "
                   f"{written[writer.sha256_bytes(raw)]}). Bỏ tệp khỏi ô tải lên để nhập tệp khác.")
        return
    release_slot()
    result = prepare_villages(raw, upload.name, data_dir)
    if not result.ok:
        st.error(f"Tệp “{md(upload.name)}” có {number(len(result.problems))} lỗi; chưa ghi "
                 "dòng nào. Sửa tệp rồi tải lên lại.")
        st.markdown(md_list(summarize(result.problems, 200)))
        return
    st.success(f"Tệp hợp lệ: {number(result.added)} thôn mới, {number(result.changed)} thôn "
               f"thay đổi, {number(result.unchanged)} thôn không đổi.")
    for note in result.notes:
        st.warning(md(note))
    if result.rows is not None:
        tables.show(result.rows, totals=False)
    if (result.added or result.changed) and st.button("Ghi danh sách thôn", type="primary",
                                                      key="villages_write"):
        editor = recheck(editor)
        done = import_villages(raw, upload.name, data_dir, user=editor.name)
        if not done.ok:
            st.error(md_list(summarize(done.problems, 200)))
        elif done.audit is not None:
            store().refresh()
            written[done.sha256] = done.audit.id
            st.session_state[JUST_WRITTEN] = (
                f"Đã ghi danh sách thôn (nhật ký số {done.audit.id}): {number(done.added)} thôn "
                f"mới, {number(done.changed)} thôn thay đổi.")
            st.rerun()  # the whole page (the guide at its top, the filters) from the new list
