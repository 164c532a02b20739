"""Dữ liệu: everyone views and exports the rows the sidebar filters select (labels, not codes;
religion counts by village suppressed unless signed in for their commune); signed-in editors
import, correct, undo; signed-in viewers only view."""

import streamlit as st

from antt.ui import data_editing as ui
from antt.ui import record_form
from antt.ui.data import store
from antt.ui.data_table import show_raw_files, show_rows
from antt.ui.editor_admin import show_editor_admin
from antt.ui.editor_auth import editor_hints, sign_in_form
from antt.ui.outside_edits import show_outside_edits
from antt.ui.reports import show_actions
from antt.ui.state import current_filters, current_view
from antt.ui.village_import import (
    GUIDE,
    no_villages,
    show_just_written,
    show_village_import,
    template_buttons,
)

st.title("Dữ liệu")
reader = sign_in_form()  # an editor or a viewer
editor = reader if reader is not None and reader.can_write else None
show_outside_edits(editor)
if not ui.has_good_data():
    st.stop()
show_just_written()
if no_villages():
    st.info(GUIDE)
    template_buttons()
table = ui.pick_table()

if editor is None:
    view, changes = st.tabs(["Xem, tải về", "Thay đổi gần đây"])
else:
    labels = ["Xem, tải về", "Thêm một bản ghi", "Nhập từ tệp", "Sửa, xóa bản ghi",
              "Báo cáo định kỳ", "Thay đổi gần đây"]
    if not editor.restricted:
        labels.append("Người sửa dữ liệu")
    view, add, upload, record, report, changes, *admin = st.tabs(labels)
    with add:
        record_form.show_add_form(table, editor)
    with report:
        show_actions(editor)
    with upload:
        if st.toggle("Danh sách thôn", key="villages_mode",
                     value=no_villages()):
            show_village_import(editor)
        else:
            ui.show_import(table, editor)
    with record:
        record_form.show_pick_and_fix(table, editor, current_filters())
    for tab in admin:
        with tab:
            show_editor_admin(editor)
with view:
    # With no valid data at all there are no filters to follow: only the stored files.
    if store().loaded_at is not None:
        show_rows(table, current_view(), reader)
    show_raw_files(table, reader)
with changes:
    ui.show_changes(editor)
    if editor is not None and not editor.restricted:
        editor_hints()  # for whoever administers editors: an editor of every commune
