"""Thông báo: the official THÔNG BÁO (Nghị định 30/2020) as a clerk fills it in: what it is
about, the header, the signer, then the preview and downloads; the wording editor last."""

import streamlit as st

from antt.ui import notice_form as form
from antt.ui import notice_output as output

st.title("Thông báo")
st.caption("Số liệu lấy từ dữ liệu; điền phần đầu và người ký, xem trước rồi tải PDF, DOCX. "
           "Mục có dấu ✳ là bắt buộc.")
top = st.container()
output.open_draft()
left, right = st.columns([11, 9], gap="large")
with left:
    ctx = form.what_section()
if ctx is None:
    st.stop()
result = form.build(ctx)
with left:
    form.header_section(ctx)
    form.signer_section(ctx)
with right:
    output.output_section(result)
output.wording_section(ctx, result)
with top:
    output.top_messages(result)
