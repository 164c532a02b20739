"""Editors managed on the Dữ liệu page by an editor who covers every commune (AppTest), and the
same rules from the command line: argon2 hashes, the administration log, locked accounts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access import admin_log, editors_file, login
from antt.access.editors_file import Editor

REPO = Path(__file__).resolve().parents[1]
PAGE = str(REPO / "views" / "data.py")
PASSWORD = "mat-khau-moi-123"


@pytest.fixture
def env(mini_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "editors.toml"
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(path))
    editors_file.add_editor("admin", "mat-khau-admin-1")
    return path


def _page(editor: Editor) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at, editor)
    at.run()
    assert not at.exception, at.exception
    return at


def test_only_an_all_communes_editor_sees_the_admin_tab(env: Path):
    assert "Người sửa dữ liệu" in [t.label for t in _page(Editor("admin", ())).tabs]
    assert "Người sửa dữ liệu" not in [t.label for t in _page(Editor("lan", ("00002",))).tabs]


def test_add_an_editor_on_the_page(env: Path):
    at = _page(Editor("admin", ()))
    at.text_input(key="admin_new_name").input("Lan")
    at.multiselect(key="admin_new_communes").set_value(["00002"])
    at.text_input(key="admin_new_pw1").input(PASSWORD)
    at.text_input(key="admin_new_pw2").input(PASSWORD)
    at.button(key="admin_add").click()
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Đã thêm “lan” (được sửa dữ liệu: Xã Mới Một)."]
    text = env.read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2id$" in text
    assert login.sign_in("lan", PASSWORD, env).editor == Editor("lan", ("00002",))
    log = admin_log.read_admin_log(env)
    assert (log[0]["action"], log[0]["editor"], log[0]["by"]) == ("add", "lan", "admin")
    assert log[0]["detail"] == "Xã Mới Một (từ 01/7/2025)"


def test_password_mismatch_and_short_password_are_refused(env: Path):
    at = _page(Editor("admin", ()))
    at.text_input(key="admin_new_name").input("lan")
    at.text_input(key="admin_new_pw1").input("ngan")
    at.text_input(key="admin_new_pw2").input("ngan")
    at.button(key="admin_add").click()
    at.run()
    assert [e.value.replace("\\", "") for e in at.error] == ["Mật khẩu phải có ít nhất 8 ký tự."]
    at.text_input(key="admin_new_name").input("lan")
    at.text_input(key="admin_new_pw1").input(PASSWORD)
    at.text_input(key="admin_new_pw2").input(PASSWORD + "x")
    at.button(key="admin_add").click()
    at.run()
    assert [e.value for e in at.error] == ["Hai lần nhập mật khẩu không khớp."]
    assert [r.name for r in editors_file.editor_records(env)] == ["admin"]


def test_disable_reset_and_set_communes(env: Path):
    editors_file.add_editor("lan", PASSWORD, ("00002",))
    at = _page(Editor("admin", ()))
    at.selectbox(key="admin_pick").set_value("lan")
    at.run()
    at.button(key="admin_toggle_lan").click()
    at.run()
    assert not at.exception, at.exception
    assert login.sign_in("lan", PASSWORD, env).editor is None  # locked out
    at.button(key="admin_toggle_lan").click()  # now “Mở lại tài khoản”
    at.run()
    assert login.sign_in("lan", PASSWORD, env).editor is not None
    at.multiselect(key="admin_communes_lan").set_value(["00002", "00003"])
    at.button(key="admin_set_communes_lan").click()
    at.run()
    assert editors_file.list_editors(env)[1] == Editor("lan", ("00002", "00003"))
    at.text_input(key="admin_reset_lan_pw1").input("mat-khau-thu-hai")
    at.text_input(key="admin_reset_lan_pw2").input("mat-khau-thu-hai")
    at.button(key="admin_reset_lan").click()
    at.run()
    assert login.sign_in("lan", "mat-khau-thu-hai", env).editor is not None
    assert login.sign_in("lan", PASSWORD, env).editor is None
    actions = [e["action"] for e in admin_log.read_admin_log(env)]
    assert actions == ["password", "communes", "enable", "disable"]


def test_cli_disable_enable_write_the_log(env: Path):
    editors_file.add_editor("lan", PASSWORD)
    run = [sys.executable, "-m", "antt", "editor"]
    out = subprocess.run([*run, "disable", "lan"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0 and "Đã khóa tài khoản “lan”." in out.stdout
    assert editors_file.editor_records(env)[1].disabled
    listed = subprocess.run([*run, "list"], capture_output=True, text=True, cwd=REPO).stdout
    assert listed == "admin: mọi xã\nlan (đã khóa): mọi xã\n"
    subprocess.run([*run, "enable", "lan"], check=True, capture_output=True, cwd=REPO)
    assert not editors_file.editor_records(env)[1].disabled
    assert [e["action"] for e in admin_log.read_admin_log(env)][:2] == ["enable", "disable"]


def test_add_a_viewer_and_change_a_role_on_the_page(env: Path):
    """Viewers (issue 27) are managed like editors: same form, same password rules, logged."""
    at = _page(Editor("admin", ()))
    at.text_input(key="admin_new_name").input("thu")
    at.radio(key="admin_new_role").set_value("xem")
    at.multiselect(key="admin_new_communes").set_value(["00002"])
    at.text_input(key="admin_new_pw1").input("ngan")
    at.text_input(key="admin_new_pw2").input("ngan")
    at.button(key="admin_add").click()
    at.run()
    assert [e.value for e in at.error] == ["Mật khẩu phải có ít nhất 8 ký tự."]
    at.text_input(key="admin_new_name").input("thu")
    at.radio(key="admin_new_role").set_value("xem")
    at.multiselect(key="admin_new_communes").set_value(["00002"])
    at.text_input(key="admin_new_pw1").input(PASSWORD)
    at.text_input(key="admin_new_pw2").input(PASSWORD)
    at.button(key="admin_add").click()
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Đã thêm “thu” (chỉ xem số liệu: Xã Mới Một)."]
    signed = login.sign_in("thu", PASSWORD, env).editor
    assert signed == Editor("thu", ("00002",), role="xem") and not signed.can_write
    assert admin_log.read_admin_log(env)[0]["detail"] == "Xã Mới Một (từ 01/7/2025); chỉ xem"
    at.run()  # the list is drawn above the form: the next run shows the new account
    table = next(d.value for d in at.dataframe if "Vai trò" in d.value.columns)
    roles = dict(zip(table["Tên đăng nhập"], table["Vai trò"], strict=True))
    assert roles == {"admin": "Người sửa dữ liệu", "thu": "Người xem số liệu"}
    at.selectbox(key="admin_pick").set_value("thu")
    at.run()
    at.radio(key="admin_role_thu").set_value("sua")
    at.run()
    at.button(key="admin_set_role_thu").click()
    at.run()
    assert not at.exception, at.exception
    assert editors_file.list_editors(env)[1].can_write
    assert admin_log.read_admin_log(env)[0]["action"] == "role"


def test_a_viewer_signed_in_gets_no_tab_that_writes(env: Path):
    at = _page(Editor("thu", ("00002",), role="xem"))
    assert [t.label for t in at.tabs] == ["Xem, tải về", "Thay đổi gần đây"]
    assert "chỉ xem số liệu: Xã Mới Một" in at.caption[0].value
    assert not [b for b in at.button if b.key in ("undo", "admin_add")]


def test_an_editor_made_a_viewer_loses_the_writing_tabs_at_the_next_run(env: Path):
    at = _page(Editor("lan", ("00002",)))
    assert "Thêm một bản ghi" in [t.label for t in at.tabs]
    editors_file.set_role("lan", "xem", env)
    at.run()
    assert [t.label for t in at.tabs] == ["Xem, tải về", "Thay đổi gần đây"]
    assert [i.value for i in at.info][0] == ("Vai trò của bạn vừa được đổi: từ giờ bạn là "
                                             "người xem số liệu.")
