"""Dữ liệu: everyone views and exports the tables; signed-in editors import, correct, undo."""

import streamlit as st

from antt.ui import data_editing as ui
from antt.ui.editor_auth import sign_in_form

st.title("Dữ liệu")
editor = sign_in_form()
table = ui.pick_table()

if editor is None:
    view, changes = st.tabs(["Xem, tải về", "Thay đổi gần đây"])
else:
    view, upload, record, changes = st.tabs(
        ["Xem, tải về", "Nhập từ tệp", "Sửa, xóa một bản ghi", "Thay đổi gần đây"]
    )
    with upload:
        ui.show_import(table, editor)
    with record:
        ui.show_record_editor(table, editor)
with view:
    ui.show_table(table)
with changes:
    ui.show_changes(editor)
