"""“Người sửa dữ liệu”: an editor who covers every commune adds, locks, resets editors and
viewers (role “xem”: sign in to see religion counts of their communes, never write) and sets
their communes here, by the same rules as `python -m antt editor` (antt.access: argon2 hashes,
an administration log). A password is typed twice and never shown again. The access log of
religion counts by village (antt.privacy.access_log) is read here too."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from antt.access import admin_log, editors_file
from antt.privacy import access_log
from antt.text.escape import md
from antt.text.fmt import datetime_short
from antt.ui.data import store
from antt.ui.editor_auth import commune_names, keep_signed_in, recheck, scope_text
from antt.ui.tables import show as show_table

_NEW = "__new__"


def _commune_names() -> dict[str, str]:
    """Commune code -> name for the picker: the new communes, then the old ones whose code no
    new commune took. An editor's code of a new commune covers its old communes too
    (antt.entry.importer)."""
    new_names, old_names = commune_names()
    new = {c: f"{n} (từ 01/7/2025)" for c, n in new_names.items()}
    old = {c: f"{n} (trước 01/7/2025)" for c, n in old_names.items() if c not in new}
    return {**new, **old}


def _admin(admin: editors_file.Editor) -> editors_file.Editor:
    """Right before a change: the administrator as the editors file has them now; one locked,
    removed or restricted meanwhile changes nothing (the page is drawn again)."""
    admin = recheck(admin)
    if admin.restricted:
        st.rerun()
    return admin


def _communes_picker(key: str, names: dict[str, str], current: tuple[str, ...]) -> tuple:
    options = list(names)
    chosen = st.multiselect("Xã được sửa (để trống: mọi xã)", options,
                            default=[c for c in current if c in names],
                            format_func=lambda c: names.get(c, c), key=key,
                            placeholder="Mọi xã")
    return tuple(chosen)


def _role_picker(key: str, current: str) -> str:
    roles = list(editors_file.ROLE_LABELS)
    return st.radio("Vai trò", roles, index=roles.index(current), key=key, horizontal=True,
                    format_func=lambda r: {editors_file.ROLE_EDITOR: "Sửa dữ liệu",
                                           editors_file.ROLE_VIEWER: "Chỉ xem số liệu"}[r],
                    help="Người chỉ xem đăng nhập để thấy đủ số liệu tôn giáo theo thôn của xã "
                         "mình; không thêm, sửa, xóa, duyệt được.")


def _passwords(key: str) -> str | None:
    """Two password fields; the password when both agree (checked on submit)."""
    first = st.text_input("Mật khẩu mới", type="password", key=f"{key}_pw1")
    second = st.text_input("Nhập lại mật khẩu mới", type="password", key=f"{key}_pw2")
    return first if first == second else None


def _mismatch() -> None:
    st.error("Hai lần nhập mật khẩu không khớp.")


def show_editor_admin(admin: editors_file.Editor) -> None:
    if admin.restricted:
        st.info("Chỉ người được sửa mọi xã mới quản lý người sửa dữ liệu.")
        return
    names = _commune_names()
    records = editors_file.editor_records()
    show_table(pd.DataFrame([{
        "Tên đăng nhập": r.name,
        "Vai trò": editors_file.ROLE_LABELS[r.role],
        "Xã được sửa": scope_text(r.communes) if r.communes else "Mọi xã",
        "Trạng thái": "Đã khóa" if r.disabled else "Đang dùng",
        "Thêm lúc": datetime_short(dt.datetime.fromisoformat(r.added_at)) if r.added_at else "",
    } for r in records], columns=["Tên đăng nhập", "Vai trò", "Xã được sửa", "Trạng thái",
                                  "Thêm lúc"]),
        totals=False)
    by_name = {r.name: r for r in records}
    picked = st.selectbox("Người cần thêm hoặc sửa", [_NEW, *by_name], key="admin_pick",
                          format_func=lambda n: "(Thêm người mới)" if n == _NEW else n)
    try:
        if picked == _NEW:
            _add_form(admin, names, by_name)
        else:
            _edit_form(admin, names, by_name[picked])
    except editors_file.AuthError as exc:
        st.error(md(exc))
    _show_log()
    show_access_log()


def _add_form(admin: editors_file.Editor, names: dict[str, str], existing: dict) -> None:
    # A form cleared on submit: the passwords typed are gone from the page once used.
    with st.form("admin_add_form", clear_on_submit=True):
        name = st.text_input("Tên đăng nhập (chữ không dấu, số, “_”, “.”, “-”)",
                             key="admin_new_name")
        role = _role_picker("admin_new_role", editors_file.ROLE_EDITOR)
        communes = _communes_picker("admin_new_communes", names, ())
        password = _passwords("admin_new")
        add = st.form_submit_button("Thêm người sửa dữ liệu", type="primary", key="admin_add")
    if not add:
        return
    if password is None:
        _mismatch()
        return
    if editors_file.normalise_name(name) in existing:
        raise editors_file.AuthError(f"Đã có người tên “{editors_file.normalise_name(name)}”: "
                                     "chọn người đó để đặt lại mật khẩu.")
    admin = _admin(admin)
    editor = editors_file.add_editor(name, password, communes, role=role)
    admin_log.log_admin("add", editor.name, admin.name, _scope(communes, names)
                        + ("" if editor.can_write else "; chỉ xem"))
    what = "được sửa dữ liệu" if editor.can_write else "chỉ xem số liệu"
    st.success(f"Đã thêm “{md(editor.name)}” ({what}: {md(scope_text(communes))}).")


def _edit_form(admin: editors_file.Editor, names: dict[str, str],
               record: editors_file.EditorRecord) -> None:
    communes = _communes_picker(f"admin_communes_{record.name}", names, record.communes)
    if st.button("Lưu xã được sửa", key=f"admin_set_communes_{record.name}"):
        admin = _admin(admin)
        editors_file.set_communes(record.name, communes)
        admin_log.log_admin("communes", record.name, admin.name, _scope(communes, names))
        st.success(f"Đã lưu xã được sửa của “{md(record.name)}”: {md(scope_text(communes))}.")
    if record.name != admin.name:
        role = _role_picker(f"admin_role_{record.name}", record.role)
        if role != record.role and st.button("Lưu vai trò", key=f"admin_set_role_{record.name}"):
            admin = _admin(admin)
            editors_file.set_role(record.name, role)
            admin_log.log_admin("role", record.name, admin.name, editors_file.ROLE_LABELS[role])
            st.success(f"Đã đổi vai trò của “{md(record.name)}”: "
                       f"{md(editors_file.ROLE_LABELS[role].lower())}.")
            st.rerun()
        label = "Mở lại tài khoản" if record.disabled else "Khóa tài khoản"
        if st.button(label, key=f"admin_toggle_{record.name}"):
            admin = _admin(admin)
            editors_file.set_disabled(record.name, not record.disabled)
            admin_log.log_admin("enable" if record.disabled else "disable", record.name, admin.name)
            st.success(f"Đã {label.lower()} “{md(record.name)}”.")
            st.rerun()
    with st.form(f"admin_reset_form_{record.name}", clear_on_submit=True):
        st.markdown("**Đặt lại mật khẩu**")
        password = _passwords(f"admin_reset_{record.name}")
        reset = st.form_submit_button("Đặt lại mật khẩu", key=f"admin_reset_{record.name}")
    if reset and password is None:
        _mismatch()
    elif reset:
        admin = _admin(admin)
        editors_file.reset_password(record.name, password)
        keep_signed_in(record.name)  # one's own new password does not sign one out
        admin_log.log_admin("password", record.name, admin.name)
        st.success(f"Đã đặt lại mật khẩu của “{md(record.name)}”.")


def _scope(communes: tuple[str, ...], names: dict[str, str]) -> str:
    """The log's record of a scope: each commune with the period of its unit set."""
    return ", ".join(names.get(c, c) for c in communes) or "mọi xã"


def _show_log() -> None:
    entries = admin_log.read_admin_log()
    if not entries:
        return
    st.caption("Nhật ký quản lý người sửa dữ liệu (mới nhất trước)")
    show_table(pd.DataFrame([{
        "Lúc": datetime_short(dt.datetime.fromisoformat(e["at"])), "Người làm": e["by"],
        "Việc": admin_log.ADMIN_ACTIONS.get(e["action"], e["action"]),
        "Người được sửa": e["editor"],
        "Chi tiết": e.get("detail", ""),
    } for e in entries]), totals=False)


def show_access_log() -> None:
    """Who looked at or downloaded religion counts by village, newest first, and how many
    times anonymous visitors saw the suppressed table (antt.privacy.access_log)."""
    st.markdown("**Nhật ký truy cập số liệu tôn giáo theo thôn**")
    data_dir = store().data_dir
    entries = access_log.read_access_log(data_dir)
    if entries:
        show_table(pd.DataFrame([{
            "Lúc": datetime_short(dt.datetime.fromisoformat(e["at"])),
            "Người xem": e.get("user", ""),
            "Vai trò": editors_file.ROLE_LABELS.get(e.get("role", ""), e.get("role", "")),
            "Xã được xem đủ": e.get("communes", ""),
            "Việc": access_log.WHAT_LABELS.get(e.get("what", ""), e.get("what", "")),
            "Bộ lọc": e.get("detail", ""),
        } for e in entries]), totals=False)
    else:
        st.caption("Chưa có lượt xem hay tải nào của người đã đăng nhập.")
    counts = access_log.read_counts(data_dir)
    if counts:
        days = sorted(counts, reverse=True)[:14]
        show_table(pd.DataFrame([{
            "Ngày": dt.date.fromisoformat(d).strftime("%d/%m/%Y"),
            "Lượt xem (không đăng nhập, đã ẩn số nhỏ)": counts[d].get("view", 0),
            "Lượt tải (không đăng nhập, đã ẩn số nhỏ)": (counts[d].get("csv", 0)
                                                        + counts[d].get("xlsx", 0)),
        } for d in days]), totals=False)
