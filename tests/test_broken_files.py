"""Every page with the data files broken (issue #15 item 10): invalid UTF-8, a wrong header, a
bad value. No page may end in an exception (with error details off, a user would see only
"an error occurred"); the Dữ liệu page, which reads the raw files, is also opened by an
editor for every table with its own file broken."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor
from antt.data.schema import IMPORTABLE_TABLES, TABLES

REPO = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(REPO)) for p in (REPO / "views").glob("*.py"))


def _invalid_utf8(text: str) -> bytes:
    return text.encode("utf-8") + b"B\xecnh,\xff\xfe\xc3\x28\n"  # Windows-1258 bytes


def _bad_header(text: str) -> bytes:
    lines = text.splitlines()
    return "\n".join(["ma;ten;khong;phai;tieu;de", *lines[1:]]).encode("utf-8") + b"\n"


def _bad_value(text: str) -> bytes:
    lines = text.rstrip("\n").splitlines()
    width = len(lines[0].split(","))
    return ("\n".join([*lines, ",".join(["không-hợp-lệ"] * width)]) + "\n").encode("utf-8")


BREAKS: dict[str, Callable[[str], bytes]] = {
    "utf8": _invalid_utf8, "header": _bad_header, "value": _bad_value}


def _break(path: Path, how: str) -> None:
    path.write_bytes(BREAKS[how](path.read_text(encoding="utf-8")))


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(script: str, data_dir: Path, monkeypatch, editor: Editor | None = None,
          table: str | None = None) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(REPO / script), default_timeout=90)
    if editor is not None:
        sign_in(at, editor)
    if table is not None:
        at.session_state["table"] = table
    return _run(at)


@pytest.mark.parametrize("how", list(BREAKS))
def test_every_page_with_every_file_broken_after_good_data(how, mini_dir, monkeypatch,
                                                           tmp_path):
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    pages = [_open(p, mini_dir, monkeypatch) for p in ["app.py", *PAGES]]
    for path in sorted(mini_dir.glob("*.csv")):
        _break(path, how)
    for at in pages:
        _run(at)
    warnings = " ".join(w.value for w in pages[0].warning)
    assert "Dữ liệu vừa thay đổi có lỗi" in warnings and "Đang dùng dữ liệu hợp lệ" in warnings


def test_every_page_with_no_good_data_at_all(mini_dir, monkeypatch, tmp_path):
    # Through app.py, as a browser opens them: with no good data only the data and meeting
    # pages run, each saying so.
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    for path in sorted(mini_dir.glob("*.csv")):
        _break(path, "utf8")
    at = _open("app.py", mini_dir, monkeypatch)
    for page in PAGES:
        at.switch_page(page)
        _run(at)
        assert at.error or at.info, page


def test_data_page_without_any_good_data_lists_the_problems(mini_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    _break(mini_dir / "outreach.csv", "header")
    at = _open("views/data.py", mini_dir, monkeypatch, Editor("lan", ()), "outreach")
    assert at.error[0].value.startswith("Chưa có dữ liệu hợp lệ")
    assert "outreach.csv" in at.error[0].value and not at.tabs


@pytest.mark.parametrize("how", list(BREAKS))
def test_data_page_for_an_editor_with_each_file_broken_in_turn(how, mini_dir, monkeypatch,
                                                               tmp_path):
    # Issue #15 item 10: outreach.csv made invalid UTF-8 -> the record editor raised
    # UnicodeDecodeError.
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    at = _open("views/data.py", mini_dir, monkeypatch, Editor("lan", ()), "outreach")
    for name in IMPORTABLE_TABLES:
        path = mini_dir / TABLES[name].file
        if not path.exists():
            continue
        good = path.read_bytes()
        _break(path, how)
        at.session_state["table"] = name
        _run(at)
        path.write_bytes(good)
