"""The Thông báo page (views/notice.py) in AppTest, on a copy of the bundled data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.filters import Filters
from antt.notice.template import default_paragraphs

PAGE = str(Path(__file__).resolve().parent.parent / "views" / "notice.py")


@pytest.fixture
def page(sample_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))

    def open_page(filters: Filters) -> AppTest:
        at = AppTest.from_file(PAGE, default_timeout=120)
        at.session_state["filters"] = filters
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


DISTRICT_2024 = Filters(unit_set="2024", period_kind="range", start=dt.date(2024, 1, 1),
                        end=dt.date(2024, 10, 2))


def figures(at: AppTest) -> dict[str, str]:
    assert len(at.dataframe) == 1  # AppTest does not expose a dataframe's key
    table = at.dataframe[0].value
    return dict(zip(table["Chỗ trống"], table["Giá trị"], strict=True))


def downloads(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_page_shows_live_figures_and_downloads(page) -> None:
    at = page(DISTRICT_2024)
    shown = figures(at)
    assert shown["{dan_so}"] == "74.392"
    assert shown["{so_xa}"] == "17" and shown["{so_thi_tran}"] == "01"
    assert shown["{ton_giao_tong}"] == "710 hộ/2.840 nhân khẩu"
    assert shown["{so_buoi_tuyen_truyen}"] == "35"
    assert shown["{luot_nguoi_tuyen_truyen}"] == "3.560"
    assert shown["{tu_ngay}"] == "12/06/2021" and shown["{den_ngay}"] == "02/10/2024"
    assert at.date_input(key="nt_from").value == dt.date(2021, 6, 12)
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND HUYỆN BẮC SƠN"
    assert at.text_input(key="nt_ten").value == "Phùng Thị Thanh Nga"
    assert "{dan_so}" in at.text_area(key="nt_p_dac_diem_dia_ban").value
    assert downloads(at) == ["Lưu bản nháp (JSON)", "Tải PDF", "Tải DOCX"]
    assert not at.error


def test_edited_paragraph_is_marked_and_restorable(page) -> None:
    at = page(DISTRICT_2024)
    at.text_area(key="nt_p_tuyen_truyen").set_value("Tuyên truyền {so_buoi_tuyen_truyen} buổi.")
    at.run()
    area = at.text_area(key="nt_p_tuyen_truyen")
    assert area.label == "Đoạn · tuyen_truyen · ✏️ đã sửa"
    assert at.text_area(key="nt_p_chi_dao").label == "Đoạn · chi_dao"
    assert [b.label for b in at.button] == ["Khôi phục đoạn mẫu"]
    assert "Các đoạn đã sửa: tuyen_truyen." in [c.value for c in at.caption]
    at.button(key="nt_restore_tuyen_truyen").click().run()
    default = next(p["text"] for p in default_paragraphs("huyen") if p["id"] == "tuyen_truyen")
    assert at.text_area(key="nt_p_tuyen_truyen").value == default
    assert at.text_area(key="nt_p_tuyen_truyen").label == "Đoạn · tuyen_truyen"
    assert [b.label for b in at.button] == []


def test_bad_input_lists_every_message_and_offers_no_file(page) -> None:
    at = page(DISTRICT_2024)
    at.text_input(key="nt_so").set_value("abc")
    at.text_input(key="nt_ten").set_value("")
    at.text_area(key="nt_p_thuc_hien").set_value("Thực hiện {van_ban}.")
    at.run()
    message = at.error[0].value
    assert "Số văn bản phải là số nguyên dương, không phải “abc”." in message
    assert "Chưa nhập Tên người ký." in message
    assert 'Đoạn "thuc_hien": Không có dữ liệu cho chỗ trống "{van_ban}".' in message
    assert downloads(at) == ["Lưu bản nháp (JSON)"]


def test_2025_commune_defaults(page) -> None:
    at = page(Filters(unit_set="2025", period_kind="range", start=dt.date(2026, 1, 1),
                      end=dt.date(2026, 10, 31)))
    assert at.selectbox(key="nt_commune").value == "06364"  # the most models of the type
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND XÃ VŨ LỄ"
    assert at.text_input(key="nt_dia_danh").value == "Vũ Lễ"
    assert figures(at)["{danh_sach_mo_hinh}"] == "thôn Phúc Tiến; thôn Bình An; thôn Khuổi Bó"
    assert "Chưa nhập Tên người ký." in at.error[0].value  # no invented signer
    at.text_input(key="nt_ten").set_value("Nguyễn Văn An").run()
    assert not at.error
    assert downloads(at) == ["Lưu bản nháp (JSON)", "Tải PDF", "Tải DOCX"]
    texts = [w.value for w in at.text_input] + [w.value for w in at.text_area]
    assert [t for t in texts if "huyện" in str(t).lower()] == []
