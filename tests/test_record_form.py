"""“Thêm một bản ghi” and picking a record to fix, driven as a commune officer would (AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor

REPO = Path(__file__).resolve().parents[1]
PAGE = str(REPO / "views" / "data.py")


@pytest.fixture
def page_env(mini_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    return mini_dir


def _page(table: str, editor: Editor) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at, editor)
    at.session_state["table"] = table
    at.run()
    assert not at.exception, at.exception
    return at


def _options(at: AppTest, key: str) -> list[str]:
    return list(at.selectbox(key=key).options)


def test_valid_entry_is_saved_shown_and_undone(page_env: Path):
    before = (page_env / "outreach.csv").read_bytes()
    at = _page("outreach", Editor("lan", ("00002",)))
    at.selectbox(key="add_outreach_village").set_value("00002-02")
    at.date_input(key="add_outreach_held_on").set_value(dt.date(2024, 6, 5))
    at.run()
    assert _options(at, "add_outreach_model_id") == ["Không thuộc mô hình nào",
                                                    "Nhóm đạo bình an thôn Bình An"]
    at.selectbox(key="add_outreach_model_id").set_value("M1")
    at.selectbox(key="add_outreach_topic").set_value("luat_cu_tru")
    at.selectbox(key="add_outreach_format").set_value("hop_thon")
    at.number_input(key="add_outreach_attendees").set_value(45)
    at.button(key="add_outreach_save").click()
    at.run()
    assert not at.exception, at.exception
    assert (page_env / "outreach.csv").read_bytes() == (
        before + b"T7,2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,45\n")
    assert ("Đã lưu bản ghi T7 vào bảng “Tuyên truyền” (ngày 05/06/2024), nhật ký số 1."
            in [s.value.replace("\\", "") for s in at.success])
    # the next entry starts at the same commune and village
    assert at.selectbox(key="add_outreach_village").value == "00002-02"
    at.button(key="undo_saved_1").click()
    at.run()
    assert (page_env / "outreach.csv").read_bytes() == before
    assert "Đã hoàn tác bản ghi vừa lưu (nhật ký số 2)." in [s.value for s in at.success]


def test_every_invalid_field_is_named(page_env: Path):
    before = (page_env / "outreach.csv").read_bytes()
    at = _page("outreach", Editor("lan", ()))
    # an editor of every commune gets no commune or village chosen for them
    assert at.selectbox(key="add_outreach_commune").value is None
    assert at.selectbox(key="add_outreach_village").value is None
    at.button(key="add_outreach_save").click()
    at.run()
    errors = [e.value.replace("\\", "") for e in at.error]  # shown literally (escaped)
    assert len(errors) == 1
    assert "Nội dung: Thiếu giá trị “Nội dung”." in errors[0]
    assert "Hình thức: Thiếu giá trị “Hình thức”." in errors[0]
    assert "Số lượt người tham dự: Thiếu giá trị “Số lượt người tham dự”." in errors[0]
    assert "Mã thôn: Thiếu giá trị “Mã thôn”." in errors[0]
    assert (page_env / "outreach.csv").read_bytes() == before


def test_models_offered_are_those_active_that_day(page_env: Path):
    at = _page("outreach", Editor("lan", ()))
    at.selectbox(key="add_outreach_commune").set_value("00005").run()  # then its villages
    at.selectbox(key="add_outreach_village").set_value("00003-01")
    at.date_input(key="add_outreach_held_on").set_value(dt.date(2024, 6, 5))
    at.run()  # M2 (Nà Lầu) ended on 30/06/2023
    assert _options(at, "add_outreach_model_id") == ["Không thuộc mô hình nào"]
    at.date_input(key="add_outreach_held_on").set_value(dt.date(2022, 6, 5))
    at.run()
    assert _options(at, "add_outreach_model_id") == ["Không thuộc mô hình nào",
                                                    "Tổ tự quản Nà Lầu"]


def test_out_of_scope_places_are_not_offered(page_env: Path):
    at = _page("patrols", Editor("lan", ("00001",)))
    # today's commune first, then the old one it covers (worded as the filter bar's picker)
    assert _options(at, "add_patrols_commune") == [
        "Xã Mới Một", "Thị trấn An (trước 01/7/2025) → nay thuộc Xã Mới Một"]
    assert _options(at, "add_patrols_village") == ["Khối phố Phố Một (Thị trấn An cũ)"]


def test_pick_a_record_to_fix(page_env: Path):
    at = _page("outreach", Editor("lan", ()))
    at.session_state["pick_outreach"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.subheader[-1].value.startswith("Sửa bản ghi ")
    record = at.subheader[-1].value.removeprefix("Sửa bản ghi ")
    prefix = f"fix_outreach_{record}"
    at.number_input(key=f"{prefix}_attendees").set_value(99)
    at.button(key=f"{prefix}_save").click()
    at.run()
    assert not at.exception, at.exception
    rows = (page_env / "outreach.csv").read_text(encoding="utf-8").splitlines()
    assert any(r.startswith(f"{record},") and r.endswith(",99") for r in rows)


def test_form_refuses_an_approved_period_like_an_import(page_env: Path):
    from tests.test_reports import tracked

    tracked(page_env, reports="BC-000001,00002,2024-06,nộp,2024-06-15,Công an xã Bình,\n"
                              "BC-000002,00002,2024-06,duyệt,2024-06-20,Trưởng ban,\n")
    before = (page_env / "outreach.csv").read_bytes()
    at = _page("outreach", Editor("lan", ()))
    at.selectbox(key="add_outreach_commune").set_value("00002")
    at.run()
    at.selectbox(key="add_outreach_village").set_value("00002-02")
    at.date_input(key="add_outreach_held_on").set_value(dt.date(2024, 6, 5))
    at.selectbox(key="add_outreach_topic").set_value("luat_cu_tru")
    at.selectbox(key="add_outreach_format").set_value("hop_thon")
    at.number_input(key="add_outreach_attendees").set_value(45)
    at.button(key="add_outreach_save").click()
    at.run()
    shown = " ".join(e.value.replace("\\", "") for e in at.error)
    assert "Kỳ báo cáo tháng 6/2024" in shown and "Trưởng ban duyệt ngày 20/06/2024" in shown
    assert (page_env / "outreach.csv").read_bytes() == before
