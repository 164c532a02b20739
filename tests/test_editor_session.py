"""A signed-in editor's session follows the editors file at its next run (and right before a
write): locked, removed or reset -> signed out with a Vietnamese message and no editing tabs;
changed communes -> the new scope at once. The file is parsed once per version (its stat)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from signed_in import PASSWORD, add_account
from streamlit.testing.v1 import AppTest

from antt.access import editor_standing, editors_file, login
from antt.access.editor_standing import UNREADABLE, Standing, standing
from antt.access.editors_file import Editor

REPO = Path(__file__).resolve().parent.parent
PAGE = str(REPO / "views" / "data.py")
EDIT_TABS = {"Thêm một bản ghi", "Nhập từ tệp", "Sửa, xóa bản ghi", "Báo cáo định kỳ"}
# A row of Xã Bình (00002; since 01/7/2025 part of Xã Mới Một, also 00002) in tests/fixtures/mini
PATROL = "Ngày tuần tra,Thôn,Xã,Dịp,Số người\n03/09/2024,Nà Lầu,Xã Bình,tet,7\n".encode()


def plain(markdown: str) -> str:
    """Text as shown: the escapes of antt.text.escape.md removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def env(mini_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "editors.toml"
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(path))
    return path


def _signed_in(communes: tuple[str, ...] = (), table: str = "patrols") -> AppTest:
    """The Dữ liệu page after signing in through its form (as a person does)."""
    add_account(Editor("lan", communes))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["table"] = table
    at.run()
    at.text_input(key="sign_in_name").input("lan")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    assert "Nhập từ tệp" in _tabs(at)
    return at


def _tabs(at: AppTest) -> set[str]:
    return {t.label for t in at.tabs}


def _caption(at: AppTest) -> str:
    return next(plain(c.value) for c in at.caption if "Đang đăng nhập" in c.value)


def _signed_out_with(at: AppTest, message: str) -> None:
    assert not at.exception, at.exception
    assert [plain(e.value) for e in at.error] == [message]
    assert not _tabs(at) & EDIT_TABS
    assert not any("Đang đăng nhập" in c.value for c in at.caption)
    assert at.text_input(key="sign_in_name") is not None  # the sign-in form is back
    assert "editor" not in at.session_state


# --- the stat cache ----------------------------------------------------------------------------


def test_editors_file_parsed_once_per_version(env: Path, monkeypatch):
    parses = []
    real = editors_file.load_editors
    monkeypatch.setattr(editors_file, "load_editors",
                        lambda path=None: parses.append(path) or real(path))
    assert dict(editors_file.current_editors()) == {} and parses == []  # no file: nothing to parse
    add_account(Editor("lan", ("00002",)))
    parses.clear()
    first = editors_file.current_editors()
    for _ in range(5):
        assert editors_file.current_editors() is first
    assert len(parses) == 1 and list(first["lan"]["communes"]) == ["00002"]
    editors_file.set_communes("lan", ("00003",))  # another process would do the same: os.replace
    parses.clear()
    assert list(editors_file.current_editors()["lan"]["communes"]) == ["00003"]
    assert editors_file.current_editors()["lan"]["communes"] == ["00003"] and len(parses) == 1
    # Rewritten in place (same inode, same size), e.g. by a text editor: the mtime tells.
    text = env.read_text(encoding="utf-8").replace("00003", "00005")
    stat = env.stat()
    env.write_text(text, encoding="utf-8")
    os.utime(env, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert editors_file.current_editors()["lan"]["communes"] == ["00005"] and len(parses) == 2
    with pytest.raises(TypeError):
        editors_file.current_editors()["x"] = {}  # shared by every session: read-only


def test_standing_follows_the_file(env: Path):
    add_account(Editor("lan", ("00002",)))
    signed = login.sign_in("lan", PASSWORD).editor
    assert signed is not None and signed.stamp
    assert standing(signed) == Standing(Editor("lan", ("00002",)))
    editors_file.set_communes("lan", ("00003", "00005"))
    assert standing(signed).editor.communes == ("00003", "00005")
    editors_file.set_disabled("lan", True)
    assert standing(signed) == Standing(None, "Tài khoản “lan” đã bị khóa: đã đăng xuất.")
    editors_file.set_disabled("lan", False)
    editors_file.reset_password("lan", "mat-khau-moi-12")
    assert standing(signed).message.startswith("Mật khẩu của tài khoản “lan” vừa được đặt")
    editors_file.remove_editor("lan")
    assert standing(signed) == Standing(None, "Tài khoản “lan” không còn: đã đăng xuất.")
    env.write_text("[editors.lan\n", encoding="utf-8")  # broken by hand: nobody edits
    assert standing(Editor("lan")) == Standing(None, UNREADABLE)
    assert login.sign_in("lan", PASSWORD).message == login.BROKEN_FILE_MESSAGE


# --- the page ----------------------------------------------------------------------------------


def test_caption_names_the_communes_in_vietnamese_order(env: Path):
    # 00005: a commune since 01/7/2025; 00003, 00001: only before it; 99999: unknown
    at = _signed_in(("00005", "00003", "99999", "00001"))
    assert _caption(at) == ("Đang đăng nhập: **lan** (được sửa dữ liệu: Thị trấn An (trước "
                            "01/7/2025), Xã Đồng Ý (trước 01/7/2025), Xã Mới Hai, 99999).")
    assert "00003" not in _caption(at) and "00005" not in _caption(at)


def test_locked_account_is_signed_out_at_the_next_run(env: Path):
    at = _signed_in()
    editors_file.set_disabled("lan", True, env)  # from outside: the command line, another worker
    at.run()
    _signed_out_with(at, "Tài khoản “lan” đã bị khóa: đã đăng xuất.")
    at.run()
    assert not at.error  # said once
    editors_file.set_disabled("lan", False, env)
    at.run()
    assert not _tabs(at) & EDIT_TABS  # unlocking does not sign anyone back in


def test_removed_account_is_signed_out_at_the_next_run(env: Path):
    at = _signed_in(("00002",))
    editors_file.remove_editor("lan", env)
    at.run()
    _signed_out_with(at, "Tài khoản “lan” không còn: đã đăng xuất.")


def test_reset_password_signs_the_session_out(env: Path):
    at = _signed_in()
    editors_file.reset_password("lan", "mat-khau-moi-12", env)
    at.run()
    _signed_out_with(at, "Mật khẩu của tài khoản “lan” vừa được đặt lại: đã đăng xuất. Hãy "
                         "đăng nhập bằng mật khẩu mới.")


def test_changed_communes_apply_at_the_next_run(env: Path):
    at = _signed_in()
    assert "được sửa dữ liệu: mọi xã" in _caption(at)
    assert "Người sửa dữ liệu" in _tabs(at)
    editors_file.set_communes("lan", ("00005",), env)
    at.run()
    assert not at.exception, at.exception
    assert _caption(at) == "Đang đăng nhập: **lan** (được sửa dữ liệu: Xã Mới Hai)."
    assert [i.value for i in at.info if "vừa được đổi" in i.value]
    assert "Người sửa dữ liệu" not in _tabs(at)  # no longer an editor of every commune
    # The import check takes the new scope: Xã Bình is outside Xã Mới Hai.
    at.file_uploader(key="upload").set_value(("tt.csv", PATROL, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    shown = [plain(m.value) for m in at.markdown]
    assert ("- tt.csv, dòng 2, cột “village_code”: Thôn “00002-01” thuộc Xã Mới Một (Xã Bình "
            "cũ): bạn chỉ được nhập dữ liệu của Xã Mới Hai.") in shown
    assert "append" not in [b.key for b in at.button]  # nothing to write


def test_a_lock_during_the_run_writes_nothing(env: Path, mini_dir: Path, monkeypatch):
    """The account is locked after the run began (its check passed) and before the write: the
    write's own check refuses it, the data stay as they were."""
    at = _signed_in()
    at.file_uploader(key="upload").set_value(("tt.csv", PATROL, "text/csv"))
    at.run()
    assert any("Tệp hợp lệ" in s.value for s in at.success)
    before = (mini_dir / "patrols.csv").read_bytes()
    real, calls = standing, []

    def lock_after_first_check(editor, path=None):
        result = real(editor, path)
        calls.append(result)
        if len(calls) == 1:  # the run's own check has passed: now the administrator acts
            editors_file.set_disabled("lan", True, env)
        return result

    monkeypatch.setattr(editor_standing, "standing", lock_after_first_check)
    at.button(key="append").click()
    at.run()
    _signed_out_with(at, "Tài khoản “lan” đã bị khóa: đã đăng xuất.")
    assert calls[0].editor is not None and calls[1].editor is None
    assert (mini_dir / "patrols.csv").read_bytes() == before
    assert not (mini_dir / "audit.jsonl").exists() or "tt.csv" not in (
        mini_dir / "audit.jsonl").read_text(encoding="utf-8")


def test_own_password_reset_on_the_admin_page_keeps_one_signed_in(env: Path):
    at = _signed_in()
    at.selectbox(key="admin_pick").set_value("lan")
    at.run()
    at.text_input(key="admin_reset_lan_pw1").input("mat-khau-moi-12")
    at.text_input(key="admin_reset_lan_pw2").input("mat-khau-moi-12")
    at.button(key="admin_reset_lan").click()
    at.run()
    assert not at.exception, at.exception
    assert "Đã đặt lại mật khẩu của “lan”." in [plain(s.value) for s in at.success]
    at.run()
    assert not at.error and "Nhập từ tệp" in _tabs(at)
    entry = editors_file.load_editors(env)["lan"]
    assert at.session_state["editor"].stamp == editors_file.password_stamp(entry)
