"""Sign-in for editors on the Dữ liệu page. The signed-in editor lives in st.session_state;
wrong tries are counted per browser session (in st.session_state) and per name (in a shared
file, antt.access).

A session's editor is checked against the editors file at every run (`current_editor`, one
os.stat: antt.access.editor_standing) and again right before every write (`recheck`): an account
an administrator locked, removed or gave a new password is signed out at once, in every worker
process, and changed communes apply at once."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import streamlit as st

from antt.access import editor_standing, editors_file, login
from antt.text.escape import md
from antt.ui.admission import client_address, release_slot
from antt.ui.data import store, unit_names

EDITOR_KEY = "editor"
BINDING_KEY = "editor_browser"  # digest of the browser's cookies at sign-in
# The browser's own cookies, which another client that attaches to this session by its id does
# not have: nginx's HttpOnly, Secure `antt_worker` (random per browser, never logged) and
# Streamlit's XSRF cookie (random per browser; the only one without nginx).
BINDING_COOKIES = ("antt_worker", "_streamlit_xsrf")
TAKEN_OVER = ("Phiên đăng nhập này vừa được mở từ một trình duyệt khác nên đã đăng xuất. "
              "Hãy đăng nhập lại; nếu không phải bạn, báo quản trị viên.")
THROTTLE_KEY = "sign_in_throttle"
NOTICE_KEY = "editor_notice"  # (kind, message) for the sign-in area of the next draw
SCOPE_CHANGED = "Xã được sửa dữ liệu của bạn vừa được đổi; từ giờ áp dụng phạm vi mới."
ROLE_CHANGED = "Vai trò của bạn vừa được đổi: từ giờ bạn là {role}."
VIEWER_WRITE = "Tài khoản chỉ xem số liệu không được thêm, sửa, xóa hay duyệt: không ghi gì."


def _checked(editor: editors_file.Editor) -> editors_file.Editor | None:
    """The session's editor as the editors file has it now; None, signed out with the reason
    kept for the sign-in area, when the account may no longer edit."""
    now = editor_standing.standing(editor)
    if now.editor is None:
        st.session_state.pop(EDITOR_KEY, None)
        st.session_state[NOTICE_KEY] = ("error", now.message)
        return None
    if now.editor.communes != editor.communes:
        st.session_state[NOTICE_KEY] = ("info", SCOPE_CHANGED)
    if now.editor.role != editor.role:
        st.session_state[NOTICE_KEY] = ("info", ROLE_CHANGED.format(
            role=editors_file.ROLE_LABELS[now.editor.role].lower()))
    if (now.editor.communes != editor.communes or now.editor.stamp != editor.stamp
            or now.editor.role != editor.role):
        st.session_state[EDITOR_KEY] = now.editor
    return now.editor


def binding_of(cookies: Mapping[str, str]) -> str:
    """A digest of the BINDING_COOKIES among `cookies` (the values themselves are not kept)."""
    # (a str or nothing: Streamlit's test runner hands out mock objects)
    values = "\n".join(v if isinstance(v := cookies.get(name), str) else ""
                       for name in BINDING_COOKIES)
    return hashlib.sha256(values.encode()).hexdigest()


def browser_binding() -> str:
    """binding_of this run's browser cookies, as the websocket that asked for the run sent
    them."""
    try:
        return binding_of(st.context.cookies)
    except Exception:  # noqa: BLE001 - no browser (a bare script run)
        return binding_of({})


def current_editor() -> editors_file.Editor | None:
    """The signed-in editor with the communes the editors file gives them now, or None.
    Checked at every run against the browser that signed in (issue 25): a client that sends
    this session's id on its own websocket takes the session over with its state, but not the
    sign-in, which stays with the browser's cookies."""
    value = st.session_state.get(EDITOR_KEY)
    if not isinstance(value, editors_file.Editor):
        return None
    if st.session_state.get(BINDING_KEY) != browser_binding():
        st.session_state.pop(EDITOR_KEY, None)
        st.session_state.pop(BINDING_KEY, None)
        st.session_state[NOTICE_KEY] = ("error", TAKEN_OVER)
        return None
    return _checked(value)


def recheck(editor: editors_file.Editor) -> editors_file.Editor:
    """Right before a write: the editor as the editors file has it now (its communes may have
    changed since this run began: pass on the returned editor's). An account locked or removed
    meanwhile writes nothing: the session is signed out and the page drawn again, with why."""
    fresh = _checked(editor)
    if fresh is None:
        st.rerun()
    if not fresh.can_write:  # a viewer (or made one meanwhile) never writes
        st.session_state[NOTICE_KEY] = ("error", VIEWER_WRITE)
        st.rerun()
    return fresh


def commune_names() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> name of the communes since 01/7/2025, code -> name of those before); empty
    while no data has loaded."""
    if not store().version:
        return {}, {}
    return unit_names("2025"), unit_names("2024")


def scope_text(communes: tuple[str, ...]) -> str:
    """An editor's communes by name in Vietnamese order, or “mọi xã” (plain text)."""
    return editor_standing.scope_text(communes, *commune_names()) if communes else "mọi xã"


def _show_notice() -> None:
    kind, message = st.session_state.pop(NOTICE_KEY, (None, ""))
    if kind == "error":
        st.error(md(message))
    elif kind == "info":
        st.info(md(message))


def sign_in_form() -> editors_file.Editor | None:
    """The signed-in editor, or a sign-in form (in an expander) and None."""
    editor = current_editor()
    _show_notice()
    if editor is not None:
        left, right = st.columns([4, 1])
        what = "được sửa dữ liệu" if editor.can_write else "chỉ xem số liệu"
        left.caption(f"Đang đăng nhập: **{md(editor.name)}** ({what}: "
                     f"{md(scope_text(editor.communes))}).")
        if right.button("Đăng xuất", key="sign_out"):
            del st.session_state[EDITOR_KEY]
            st.rerun()
        return editor
    with st.expander("Đăng nhập để thêm, sửa dữ liệu hoặc xem số liệu tôn giáo theo thôn"):
        with st.form("sign_in", clear_on_submit=True):
            name = st.text_input("Tên đăng nhập", key="sign_in_name", max_chars=40)
            password = st.text_input("Mật khẩu", type="password", key="sign_in_password",
                                     max_chars=login.MAX_PASSWORD)
            submitted = st.form_submit_button("Đăng nhập")
        if submitted:
            # This browser session's wrong tries slow it down (antt.access.login.Throttle).
            throttle = st.session_state.setdefault(THROTTLE_KEY, login.Throttle())
            # Failures count per name and address (someone else's wrong tries do not lock the
            # editor out); argon2 runs without this run's slot (issue 25).
            release_slot()
            result = login.sign_in(name, password, session=throttle, client=client_address())
            if result.editor is None:
                st.error(md(result.message))
            else:
                st.session_state[EDITOR_KEY] = result.editor
                st.session_state[BINDING_KEY] = browser_binding()
                st.rerun()
    return None


def keep_signed_in(name: str) -> None:
    """After signed-in `name` reset their own password: the session takes the new one."""
    editor = st.session_state.get(EDITOR_KEY)
    if isinstance(editor, editors_file.Editor) and editor.name == name:
        st.session_state[EDITOR_KEY] = editors_file.Editor(editor.name, editor.communes)


def editor_hints() -> None:
    """How editors are managed on the server: for editors of every commune, who administer the
    others (a commune officer or a viewer has no use for it)."""
    st.caption("Quản lý người được sửa dữ liệu trên máy chủ: `python -m antt editor add TÊN` "
               "(thêm, đổi mật khẩu); `remove`, `list`, `unlock`, `disable`, `enable` cùng "
               "cách gọi.")
