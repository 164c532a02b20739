"""Editors: hashed passwords outside the repo, failures slowed across processes, and the
Dữ liệu page hides every change control from anonymous sessions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt import auth
from antt.auth import Editor

REPO = Path(__file__).resolve().parent.parent
PAGE = str(REPO / "views" / "data.py")


@pytest.fixture
def editors(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "editors.toml"
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(path))
    return path


def test_add_list_remove_editor_with_hashed_password(editors: Path):
    auth.add_editor("Lan", "mat-khau-dai", ("06340", "06355"))
    auth.add_editor("binh", "mat-khau-khac")
    text = editors.read_text(encoding="utf-8")
    assert "mat-khau-dai" not in text and "$argon2id$" in text
    assert auth.list_editors() == [Editor("binh", ()), Editor("lan", ("06340", "06355"))]
    auth.remove_editor("LAN")
    assert auth.list_editors() == [Editor("binh", ())]
    with pytest.raises(auth.AuthError, match="Không có người sửa dữ liệu tên “lan”."):
        auth.remove_editor("lan")


def test_bad_editor_input_is_refused(editors: Path):
    with pytest.raises(auth.AuthError, match="ít nhất 8 ký tự"):
        auth.add_editor("lan", "ngan")
    with pytest.raises(auth.AuthError, match="Mã xã “634” không hợp lệ"):
        auth.add_editor("lan", "mat-khau-dai", ("634",))
    assert not editors.exists()


def test_sign_in_and_restriction(editors: Path):
    auth.add_editor("lan", "mat-khau-dai", ("06340",))
    result = auth.sign_in(" Lan ", "mat-khau-dai", now=0)
    assert result.editor == Editor("lan", ("06340",)) and result.editor.restricted
    assert auth.sign_in("lan", "sai", now=1) == auth.SignIn(
        None, "Sai tên đăng nhập hoặc mật khẩu.", 0.0)
    assert auth.sign_in("ai-do", "mat-khau-dai", now=2).editor is None


def test_failures_slow_down_then_lock_out_and_success_resets(editors: Path):
    auth.add_editor("lan", "mat-khau-dai")
    assert [auth.sign_in("lan", "sai", now=t).wait_s for t in (0, 1)] == [0.0, 0.0]
    third = auth.sign_in("lan", "sai", now=2)
    assert third.message == "Sai tên đăng nhập hoặc mật khẩu. Hãy chờ 5 giây trước khi thử lại."
    # even the right password is not checked while waiting
    early = auth.sign_in("lan", "mat-khau-dai", now=4)
    assert (early.editor, early.message) == (None,
                                             "Đăng nhập sai nhiều lần. Hãy thử lại sau 3 giây.")
    assert auth.sign_in("lan", "sai", now=7.5).wait_s == 10.0
    assert auth.sign_in("lan", "sai", now=18).wait_s == 20.0
    assert [auth.delay_after(n) for n in (3, 4, 5, 10, 20)] == [5, 10, 20, 640, 900]
    assert auth.sign_in("lan", "mat-khau-dai", now=40).editor == Editor("lan", ())
    assert auth.sign_in("lan", "sai", now=41).wait_s == 0.0


def test_failures_are_shared_between_processes(editors: Path):
    auth.add_editor("lan", "mat-khau-dai")
    code = ("from antt import auth\n"
            "for t in (0, 1, 2): auth.sign_in('lan', 'sai', now=t)\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
    result = auth.sign_in("lan", "mat-khau-dai", now=3)
    assert (result.editor, result.message) == (
        None, "Đăng nhập sai nhiều lần. Hãy thử lại sau 4 giây.")
    auth.clear_failures("lan")
    assert auth.sign_in("lan", "mat-khau-dai", now=3).editor == Editor("lan", ())


def test_editor_command_add_list_remove(editors: Path):
    env_cmd = [sys.executable, "-m", "antt", "editor"]
    out = subprocess.run([*env_cmd, "add", "Lan", "--communes", "06340,06355",
                          "--password-stdin"], input="mat-khau-dai\n", capture_output=True,
                         text=True, cwd=REPO, check=True).stdout
    assert out == f"Đã lưu người sửa dữ liệu “lan” (06340, 06355) vào {editors}.\n"
    out = subprocess.run([*env_cmd, "list"], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout
    assert out == "lan: 06340, 06355\n"
    assert auth.sign_in("lan", "mat-khau-dai", now=0).editor == Editor("lan", ("06340", "06355"))
    out = subprocess.run([*env_cmd, "remove", "lan"], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout
    assert out == f"Đã xóa “lan” khỏi {editors}.\n"
    assert auth.list_editors() == []


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def page_env(mini_dir: Path, editors: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    return mini_dir


def _page() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=60)


def test_anonymous_session_cannot_reach_change_controls(page_env: Path):
    at = _page()
    at.run()
    assert not at.exception
    assert len(at.file_uploader) == 0
    keys = {b.key for b in at.button}
    assert not keys & {"append", "undo", "delete_record", "template_csv"}
    assert [t.label for t in at.tabs] == ["Xem, tải về", "Thay đổi gần đây"]
    assert {d.key for d in at.get("download_button")} == {"export_csv", "export_xlsx"}


def test_wrong_password_on_page_shows_message(page_env: Path):
    auth.add_editor("lan", "mat-khau-dai")
    at = _page()
    at.run()
    at.text_input(key="sign_in_name").input("lan")
    at.text_input(key="sign_in_password").input("sai")
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == ["Sai tên đăng nhập hoặc mật khẩu."]
    assert len(at.file_uploader) == 0


def test_signed_in_editor_uploads_appends_and_undoes(page_env: Path):
    before = (page_env / "patrols.csv").read_bytes()
    at = _page()
    at.session_state["editor"] = Editor("lan", ())
    at.session_state["table"] = "patrols"
    at.run()
    assert len(at.file_uploader) == 1
    content = ("Ngày tuần tra,Thôn,Xã,Dịp,Số người\n"
               "03/09/2024,Nà Lầu,Xã Bình,tet,7\n").encode()
    at.file_uploader(key="upload").set_value(("tt.csv", content, "text/csv"))
    at.run()
    assert [s.value for s in at.success] == [
        "Tệp hợp lệ: 1 dòng mới, 0 dòng thay đổi, 0 dòng không đổi."]
    at.button(key="append").click()
    at.run()
    assert not at.exception
    assert (page_env / "patrols.csv").read_bytes() == before + b"P5,2024-09-03,00002-01,,tet,7\n"
    assert "Đã ghi (nhật ký số 1): 1 dòng mới, 0 dòng thay đổi." in [s.value for s in at.success]
    at.button(key="undo").click()
    at.run()
    assert (page_env / "patrols.csv").read_bytes() == before
    assert "Đã hoàn tác lần ghi số 1 (nhật ký số 2)." in [s.value for s in at.success]
