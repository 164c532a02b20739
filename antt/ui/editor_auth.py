"""Sign-in for editors on the Dữ liệu page. The signed-in editor lives in st.session_state;
wrong tries are counted per browser session (in st.session_state) and per name (in a shared
file, antt.auth)."""

from __future__ import annotations

import streamlit as st

from antt import auth
from antt.escape import md

EDITOR_KEY = "editor"
THROTTLE_KEY = "sign_in_throttle"


def current_editor() -> auth.Editor | None:
    value = st.session_state.get(EDITOR_KEY)
    return value if isinstance(value, auth.Editor) else None


def sign_in_form() -> auth.Editor | None:
    """The signed-in editor, or a sign-in form (in an expander) and None."""
    editor = current_editor()
    if editor is not None:
        scope = md(", ".join(editor.communes)) if editor.communes else "mọi xã"
        left, right = st.columns([4, 1])
        left.caption(f"Đang đăng nhập: **{md(editor.name)}** (được sửa dữ liệu: {scope}).")
        if right.button("Đăng xuất", key="sign_out"):
            del st.session_state[EDITOR_KEY]
            st.rerun()
        return editor
    with st.expander("Đăng nhập để thêm, sửa dữ liệu"):
        with st.form("sign_in", clear_on_submit=True):
            name = st.text_input("Tên đăng nhập", key="sign_in_name", max_chars=40)
            password = st.text_input("Mật khẩu", type="password", key="sign_in_password",
                                     max_chars=auth.MAX_PASSWORD)
            submitted = st.form_submit_button("Đăng nhập")
        if submitted:
            # This browser session's wrong tries slow it down (antt.auth.Throttle).
            throttle = st.session_state.setdefault(THROTTLE_KEY, auth.Throttle())
            result = auth.sign_in(name, password, session=throttle)
            if result.editor is None:
                st.error(md(result.message))
            else:
                st.session_state[EDITOR_KEY] = result.editor
                st.rerun()
    return None


def editor_hints() -> None:
    """How editors are managed: for signed-in editors only (a viewer has no use for it)."""
    st.caption("Quản lý người được sửa dữ liệu trên máy chủ: `python -m antt editor add TÊN` "
               "(thêm, đổi mật khẩu); `remove`, `list`, `unlock`, `disable`, `enable` cùng "
               "cách gọi.")
