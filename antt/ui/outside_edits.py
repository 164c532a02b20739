"""The notice to editors that a data file was changed outside the app (issue 25 item 8;
antt.writes.outside_edits), with the acknowledgement for an editor of every commune."""

from __future__ import annotations

import streamlit as st

from antt.access.editors_file import Editor
from antt.data.schema import TABLES
from antt.text.escape import md
from antt.ui.data import store
from antt.writes import outside_edits
from antt.writes.safe_files import WriteError


def show_outside_edits(editor: Editor | None) -> None:
    """For signed-in editors: which files were changed outside the app; an editor of every
    commune may acknowledge them after checking (approvals wait until then)."""
    if editor is None:
        return
    data_dir = store().data_dir
    changed = outside_edits.changed_outside(data_dir)
    if not changed:
        return
    files = ", ".join(TABLES[name].file for name in changed)
    st.warning(md(f"Cảnh báo: {outside_edits.NOTICE}: {files}. Nội dung các tệp này khác với "
                  "lần ghi cuối trong nhật ký (có người sửa trực tiếp trên máy chủ). Chưa duyệt "
                  "được kỳ báo cáo nào cho đến khi người được sửa mọi xã kiểm tra và xác nhận."),
               icon="⚠️")
    if editor.restricted:
        return
    if st.button("Đã kiểm tra các tệp này: xác nhận", key="acknowledge_outside_edits"):
        try:
            outside_edits.acknowledge(data_dir, editor.name)
        except WriteError as exc:
            st.error(md("; ".join(str(p) for p in exc.problems)))
            return
        st.rerun()
