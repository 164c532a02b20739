"""Thông báo: the official THÔNG BÁO (Nghị định 30/2020) as a clerk fills it in: what it is
about, the header, the signer, then the preview and downloads; the wording editor last."""

import streamlit as st

from antt.ui import notice_form as form
from antt.ui import notice_output as output
from antt.ui import notice_signer as signer
from antt.ui.notice_runs import current_run, session_runs

st.title("Thông báo")
st.caption("Số liệu lấy từ dữ liệu; điền phần đầu và người ký, xem trước rồi tải PDF, DOCX. "
           "Mục có dấu ✳ là bắt buộc.")
top = st.container()
output.page_style()
output.open_draft()
# What a download hands over is published at the end of the run (antt.ui.notice_runs): a run
# that stops early publishes nothing to download.
run, notice_json, draft_json = current_run(), None, None
try:
    left, right = st.container(key=output.SECTIONS_KEY).columns([11, 9], gap="large")
    with left:
        ctx = form.what_section()
    if ctx is None:
        st.stop()
    result = form.build(ctx)
    with left:
        form.header_section(ctx)
    with right:
        signer.signer_section(ctx)
        notice_json = output.output_section(result)
    output.preview_section(result, notice_json)
    output.wording_section(ctx, result)
    with top:
        output.top_messages(result)
    draft_json = result.draft.to_json()
finally:
    session_runs().publish(run, notice_json, draft_json)
