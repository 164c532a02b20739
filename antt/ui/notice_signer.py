"""The Thông báo page's step 3, the signer: quyền hạn, title lines and name (required, with the
same limits as every path), remembered in the unit profile by a signed-in editor; recipients
and the appendix. (Split from notice_form.py, which holds steps 1 and 2.)"""

from __future__ import annotations

import streamlit as st

from antt.notice.draft import QUYEN_HAN
from antt.notice.limits import max_area_chars, max_chars
from antt.notice.model import NoticeError
from antt.notice.profile import remember_signer
from antt.notice.profile import signer_section as profile_section
from antt.text.escape import md
from antt.ui import data
from antt.ui.editor_auth import current_editor, recheck
from antt.ui.notice_form import Context, _flag, _k


def signer_section(ctx: Context) -> None:
    """Step 3: quyền hạn, title lines and name (required); recipients; appendix."""
    st.subheader("3. Người ký")
    c1, c2 = st.columns([2, 3])  # "(ký trực tiếp)" whole at 1280 px
    c1.selectbox("Quyền hạn ký", QUYEN_HAN, key=_k("quyen_han"),
                 format_func=lambda q: q or "(ký trực tiếp)",
                 help="TM.: thay mặt tập thể; KT.: cấp phó ký thay cấp trưởng.")
    c2.text_area("Chức vụ ✳ (mỗi dòng một dòng in hoa)", key=_k("chuc_vu"), height=68,
                 max_chars=max_area_chars("chuc_vu"))
    with c2:
        _flag("chuc_vu")
    st.text_input("Họ tên người ký ✳", key=_k("ten"), placeholder="ví dụ: Nguyễn Văn An",
                  max_chars=max_chars("ten"))
    _flag("ten")
    _remember_button(ctx)
    with st.expander("Nơi nhận"):
        st.text_area("Nơi nhận (mỗi dòng một nơi)", key=_k("noi_nhan"), height=200,
                     max_chars=max_area_chars("noi_nhan"))
    st.checkbox("Kèm Phụ lục số liệu theo thôn", key=_k("appendix"))


def _remember_button(ctx: Context) -> None:
    s, unit = st.session_state, ctx.facts.unit
    signer = {"nguoi_ky": s.get(_k("ten"), "").strip(),
              "chuc_vu_ky": "\n".join(ln.strip() for ln in s.get(_k("chuc_vu"), "").splitlines()
                                      if ln.strip()),
              "quyen_han_ky": s.get(_k("quyen_han"), "")}
    editor = current_editor()
    if editor is not None and not editor.can_write:
        editor = None  # a viewer writes nothing, the unit profile included
    left, right = st.columns([1, 1], vertical_alignment="center")
    if editor is None:
        right.caption("Đăng nhập ở trang Dữ liệu để ghi nhớ người ký vào hồ sơ đơn vị.")
    who = ("Công an " if ctx.scope.issuer == "cong_an" else "") + unit.full
    if not left.button(f"Ghi nhớ người ký cho {md(who)}", key=_k("remember"),
                       disabled=editor is None or not signer["nguoi_ky"]):
        return
    recheck(editor)  # an account locked meanwhile writes nothing
    section = profile_section(unit.level, ctx.scope.unit_set, unit.code, ctx.scope.issuer)
    try:
        path = remember_signer(data.store().data_dir, section, signer)
    except (NoticeError, OSError) as exc:
        messages = exc.messages if isinstance(exc, NoticeError) else [str(exc)]
        st.error("Không ghi nhớ được người ký:\n\n" + "\n".join(f"- {md(m)}" for m in messages))
        return
    st.success(f"Đã ghi người ký {md(signer['nguoi_ky'])} vào hồ sơ đơn vị {md(path.name)} "
               f"(mục {md(section)}).")
