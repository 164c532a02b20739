"""Thông báo: the official THÔNG BÁO (Nghị định 30/2020) assembled from the data, edited as a
draft with live figures, previewed and downloaded as PDF and DOCX."""

import streamlit as st

from antt.ui import notice_form as ui

st.title("Thông báo")
st.caption("Thông báo kết quả, kinh nghiệm xây dựng mô hình: số liệu lấy từ dữ liệu, lời văn "
           "sửa được; lưu bản nháp để hoàn thiện sau.")
ui.open_draft()
ctx = ui.scope_section()
if ctx is None:
    st.stop()
ui.figures_section(ctx)
ui.header_section()
ui.body_section(ctx.facts.unit.level)
ui.signature_section()
ui.output_section(ui.build(ctx))
