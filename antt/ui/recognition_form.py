"""Entering the committee's criteria of the recognition: a form per thôn (or xã) and year, and
the filled Excel template. Both write through antt.recognition.entries (checks, folder lock,
backup, audit line; undo on the Dữ liệu page). Only signed-in editors, within their communes.
"""

from __future__ import annotations

import streamlit as st

from antt.problems import summarize
from antt.recognition import workbook
from antt.recognition.assess import MET, MISSING, NOT_MET, Assessment, Unit
from antt.recognition.entries import Entry, EntryError, save_entries
from antt.text.escape import md
from antt.ui.data import store
from antt.ui.editor_auth import current_editor, recheck

CHOICES = (MISSING, MET, NOT_MET)
DONE_KEY = "recognition_done"


def _show_problems(problems) -> None:
    st.error("Không ghi được:\n\n" + "\n".join(f"- {md(line)}" for line in summarize(problems)))


def _done(entry) -> None:
    st.session_state[DONE_KEY] = ("Không có thay đổi nào." if entry is None else
                                  f"Đã ghi: thêm {entry.rows_added}, sửa {entry.rows_changed}, "
                                  f"xóa {entry.rows_deleted} (nhật ký số {entry.id}).")
    st.rerun()


def show_entry(result: Assessment) -> None:
    editor = current_editor()
    if editor is None:
        st.info("Đăng nhập ở trang Dữ liệu để nhập tiêu chí (người được sửa dữ liệu).")
        return
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY))
    level = st.radio("Cấp", ("thon", "xa"), horizontal=True, key="recognition_level",
                     format_func=lambda x: {"thon": "Thôn, khối phố", "xa": "Xã"}[x])
    communes = {u.code: u for u in result.communes}
    if not communes:
        return
    code = st.selectbox("Xã", list(communes), format_func=lambda c: communes[c].name,
                        key=f"recognition_entry_commune_{result.year}")
    unit: Unit = communes[code]
    if level == "thon":
        villages = {v.code: v for v in result.villages_of(code)}
        if not villages:
            return
        picked = st.selectbox("Thôn, khối phố", list(villages),
                              format_func=lambda c: villages[c].name,
                              key=f"recognition_entry_village_{result.year}_{code}")
        unit = villages[picked]
    entered = [c for c in unit.checks if c.criterion.entered]
    with st.form(f"recognition_form_{result.year}_{unit.level}_{unit.code}"):
        st.markdown(f"**{md(unit.name)}, năm {result.year}**")
        values = []
        for check in entered:
            crit = check.criterion
            flag = "" if crit.verified else " (chưa xác minh)"
            st.markdown(f"{md(crit.name)}{md(flag)}  \n*{md(crit.citation)}*")
            left, mid, right = st.columns([2, 3, 3])
            status = left.radio("Kết quả", CHOICES, index=CHOICES.index(check.status),
                                key=f"rf_{result.year}_{unit.code}_{crit.id}_s", horizontal=True,
                                label_visibility="collapsed")
            document = mid.text_input("Số, ngày văn bản", check.document, max_chars=300,
                                      key=f"rf_{result.year}_{unit.code}_{crit.id}_d",
                                      placeholder=crit.document or "Số, ngày văn bản")
            note = right.text_input("Ghi chú", check.note, max_chars=300,
                                    key=f"rf_{result.year}_{unit.code}_{crit.id}_n")
            values.append(Entry(result.year, unit.code, crit.id,
                                None if status == MISSING else status == MET, document, note))
        if st.form_submit_button("Lưu"):
            editor = recheck(editor)
            try:
                entry = save_entries(store().data_dir, values, user=editor.name,
                                     communes=editor.communes or None)
            except EntryError as exc:
                _show_problems(exc.problems)
            else:
                _done(entry)
    st.markdown("**Nhập từ tệp Excel** (tệp mẫu ở thẻ “Tải về”; dòng để trống cột “Đạt” "
                "giữ nguyên giá trị đang lưu)")
    upload = st.file_uploader("Tệp Excel đã điền", type=["xlsx"],
                              key=f"recognition_upload_{result.year}")
    if upload is not None and st.button("Nhập tệp", key="recognition_upload_go"):
        editor = recheck(editor)
        entries, problems = workbook.read_template(upload.getvalue(), upload.name)
        try:
            if problems:
                raise EntryError(problems)
            entry = save_entries(store().data_dir, entries, user=editor.name,
                                 communes=editor.communes or None, file_name=upload.name,
                                 headers=workbook.FILE_HEADERS)
        except EntryError as exc:
            _show_problems(exc.problems)
        else:
            _done(entry)
