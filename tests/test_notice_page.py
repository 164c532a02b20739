"""The Thông báo page (views/notice.py) in AppTest, on a copy of the bundled data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.indicators.filters import Filters
from antt.notice.template import default_paragraphs
from antt.text.fmt import today_local

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


def shown(markdown: str) -> str:
    """A message as the user reads it (values are escaped with antt.text.escape.md)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def element_types(node) -> list[str]:
    children = getattr(node, "children", None)
    inner = children.values() if isinstance(children, dict) else []
    return [getattr(node, "type", "")] + [t for c in inner for t in element_types(c)]


def errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]


def test_page_shows_live_figures_and_downloads(page) -> None:
    at = page(DISTRICT_2024)
    values = figures(at)
    assert values["{dan_so}"] == "74.392"
    assert values["{so_xa}"] == "17" and values["{so_thi_tran}"] == "01"
    assert values["{ton_giao_tong}"] == "710 hộ/2.840 nhân khẩu"
    assert values["{so_buoi_tuyen_truyen}"] == "35"
    assert values["{luot_nguoi_tuyen_truyen}"] == "3.560"
    assert values["{tu_ngay}"] == "12/06/2021" and values["{den_ngay}"] == "02/10/2024"
    assert at.date_input(key="nt_from").value == dt.date(2021, 6, 12)
    assert at.radio(key="nt_scope").value == "huyen"  # the scope is chosen on the page
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND HUYỆN BẮC SƠN"
    assert at.text_input(key="nt_ten").value == "Phùng Thị Thanh Nga"
    assert "{dan_so}" in at.text_area(key="nt_p_dac_diem_dia_ban").value
    assert downloads(at) == ["Tải PDF", "Tải DOCX", "Lưu bản nháp (JSON)"]
    assert not at.error
    # issue #28: a notice prepared today is issued today (the data date is separate), the day
    # left for the văn thư, as the reference
    today = today_local()
    assert at.date_input(key="nt_issued").value == today
    assert at.checkbox(key="nt_day_blank").value is True
    captions = [shown(c.value) for c in at.caption]
    assert (f"Dòng in trên thông báo: Bắc Sơn, ngày tháng {today.month} năm {today.year} "
            "(ngày để trống)") in captions
    # the wording editor comes last, folded, with Vietnamese names
    assert list(at.main.children.values())[-1].type == "expander"
    assert at.text_area(key="nt_p_tuyen_truyen").label == (
        "Mục II · khoản 2 · Nội dung tuyên truyền (số buổi, lượt người)")
    assert "thuc_hien" not in " ".join(t.label for t in at.text_area)


def test_issue_date_stays_and_cited_report_is_checked(page) -> None:
    at = page(DISTRICT_2024)
    at.date_input(key="nt_to").set_value(dt.date(2024, 3, 31)).run()
    assert at.date_input(key="nt_issued").value == today_local()
    warnings = " ".join(shown(w.value) for w in at.warning)
    assert "Báo cáo số 1548/BC" in warnings and "sau ngày số liệu đến 31/03/2024" in warnings
    # a clerk's own issue date stays when the data end moves again
    at.date_input(key="nt_issued").set_value(dt.date(2024, 4, 5)).run()
    at.date_input(key="nt_to").set_value(dt.date(2024, 4, 1)).run()
    assert at.date_input(key="nt_issued").value == dt.date(2024, 4, 5)
    # a report typed on the form is what the notice cites
    at.text_area(key="nt_cited_bao_cao_co_so").set_value(
        "Báo cáo số 15/BC-CAH, ngày 01/04/2024 của Công an {don_vi}").run()
    assert "1548" not in " ".join(shown(w.value) for w in at.warning)
    # an issue date before the data end is refused
    at.checkbox(key="nt_day_blank").uncheck().run()
    at.date_input(key="nt_issued").set_value(dt.date(2024, 3, 1)).run()
    assert any("Ngày ban hành (01/03/2024) ở trước ngày số liệu đến 01/04/2024" in e
               for e in errors(at))
    assert downloads(at) == ["Lưu bản nháp (JSON)"]


def test_edited_paragraph_is_marked_and_restorable(page) -> None:
    at = page(DISTRICT_2024)
    at.text_area(key="nt_p_tuyen_truyen").set_value("Tuyên truyền {so_buoi_tuyen_truyen} buổi.")
    at.run()
    name = "Mục II · khoản 2 · Nội dung tuyên truyền (số buổi, lượt người)"
    assert at.text_area(key="nt_p_tuyen_truyen").label == name + " · ✏️ đã sửa"
    assert at.expander[-1].label == "Sửa lời văn (đã sửa 1 đoạn)"
    assert [b.label for b in at.button if b.key != "nt_remember"] == ["Khôi phục đoạn mẫu"]
    assert f"Các đoạn đã sửa: {name}." in [shown(c.value) for c in at.caption]
    at.button(key="nt_restore_tuyen_truyen").click().run()
    default = next(p["text"] for p in default_paragraphs("huyen") if p["id"] == "tuyen_truyen")
    assert at.text_area(key="nt_p_tuyen_truyen").value == default
    assert at.text_area(key="nt_p_tuyen_truyen").label == name


def test_missing_signer_is_flagged_at_the_field_and_the_top(page) -> None:
    at = page(DISTRICT_2024)
    at.text_input(key="nt_so").set_value("abc")
    at.text_input(key="nt_ten").set_value("")
    at.text_area(key="nt_p_thuc_hien").set_value("Thực hiện {van_ban}.")
    at.run()
    top, *rest = errors(at)
    assert top == "Còn thiếu mục bắt buộc (đánh dấu ✳ bên dưới): Họ tên người ký."
    assert "Chưa nhập họ tên người ký: bắt buộc để ký và tải thông báo." in rest
    others = next(m for m in rest if m.startswith("Chưa tạo được"))
    assert "Số văn bản phải là số nguyên dương, không phải “abc”." in others
    assert 'Đoạn "thuc_hien": Không có dữ liệu cho chỗ trống "{van_ban}".' in others
    assert downloads(at) == ["Lưu bản nháp (JSON)"]


def test_preview_is_shown_while_the_signer_is_missing(page) -> None:
    at = page(DISTRICT_2024)
    at.text_input(key="nt_ten").set_value("").run()
    assert downloads(at) == ["Lưu bản nháp (JSON)"]
    assert element_types(at.main).count("image") >= 3  # the preview's pages, signer blank


def test_2025_commune_defaults(page) -> None:
    at = page(Filters(unit_set="2025", period_kind="range", start=dt.date(2026, 1, 1),
                      end=dt.date(2026, 10, 31)))
    assert at.radio(key="nt_scope").value == "xa_2025"
    assert at.selectbox(key="nt_commune_2025").value is None  # asked, never the first commune
    at.selectbox(key="nt_commune_2025").set_value("06364").run()
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND XÃ VŨ LỄ"
    assert at.text_input(key="nt_dia_danh").value == "Vũ Lễ"
    assert figures(at)["{danh_sach_mo_hinh}"] == "thôn Phúc Tiến; thôn Bình An; thôn Khuổi Bó"
    assert errors(at)[0] == "Còn thiếu mục bắt buộc (đánh dấu ✳ bên dưới): Họ tên người ký."
    at.text_input(key="nt_ten").set_value("Nguyễn Văn An").run()
    assert not at.error
    assert downloads(at) == ["Tải PDF", "Tải DOCX", "Lưu bản nháp (JSON)"]
    texts = [w.value for w in at.text_input] + [w.value for w in at.text_area]
    assert [t for t in texts if "huyện" in str(t).lower()] == []


def test_scope_is_chosen_on_the_page(page) -> None:
    at = page(DISTRICT_2024)
    at.radio(key="nt_scope").set_value("xa_2024").run()
    assert at.selectbox(key="nt_commune_2024").value is None  # the clerk chooses
    at.selectbox(key="nt_commune_2024").set_value("06364").run()
    assert at.text_input(key="nt_co_quan_chu_quan").value.startswith("UBND XÃ ")
    assert "không có tôn giáo" not in " ".join(figures(at).values())


def test_signer_is_remembered_in_the_unit_profile(sample_copy: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from signed_in import sign_in

    from antt.access.editors_file import Editor
    from antt.notice.profile import load_profile

    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_copy))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2024", communes=("06355",),
                                          period_kind="range", start=dt.date(2024, 1, 1),
                                          end=dt.date(2024, 10, 2))
    at.run()
    assert at.button(key="nt_remember").disabled  # only a signed-in editor writes the profile
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(sample_copy / "editors.toml"))
    sign_in(at, Editor("vanthu"))
    at.selectbox(key="nt_quyen_han").set_value("KT.")
    at.text_area(key="nt_chuc_vu").set_value("TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")
    at.text_input(key="nt_ten").set_value("Hoàng Văn Bình").run()
    at.button(key="nt_remember").click().run()
    assert not at.exception and not at.error
    saved = load_profile(sample_copy).values("xa", "2024", "06355")
    assert saved["nguoi_ky"] == "Hoàng Văn Bình"
    assert saved["chuc_vu_ky"] == "TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    assert saved["quyen_han_ky"] == "KT."
    again = AppTest.from_file(PAGE, default_timeout=120)
    again.session_state["filters"] = at.session_state["filters"]
    again.run()
    assert again.text_input(key="nt_ten").value == "Hoàng Văn Bình"
    assert again.selectbox(key="nt_quyen_han").value == "KT."


def test_page_offers_only_the_units_of_the_data_end(page) -> None:
    at = page(Filters(unit_set="2024", communes=("06355",), period_kind="range",
                      start=dt.date(2024, 1, 1), end=dt.date(2024, 10, 2)))
    assert at.radio(key="nt_scope").options == ["Cả huyện (trước 01/7/2025)",
                                                "Một xã, thị trấn (trước 01/7/2025)"]
    assert at.radio(key="nt_scope").value == "xa_2024"
    # the 2024 xã answers to its huyện, and its own documents are blanks to fill
    assert at.text_area(key="nt_noi_nhan").value.splitlines()[:2] == [
        "BCĐ 138 huyện Bắc Sơn (B/c)", "Công an huyện Bắc Sơn (B/c)"]
    warnings = [shown(w.value) for w in at.warning]
    assert "Chưa có số và ngày: in là “Báo cáo số …/BC-CAX, ngày … của Công an xã Vũ Sơn”." \
        in warnings
    assert any(w.startswith("Báo cáo làm căn cứ chưa có số và ngày") for w in warnings)
    # data up to a day after 30/06/2025: Xã Vũ Sơn is gone, its new xã is offered instead
    at.date_input(key="nt_to").set_value(dt.date(2025, 9, 30)).run()
    assert not at.exception
    assert at.radio(key="nt_scope").options == ["Một xã mới (từ 01/7/2025)"]
    assert at.selectbox(key="nt_commune_2025").value == "06364"
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND XÃ VŨ LỄ"
    assert at.text_area(key="nt_noi_nhan").value.splitlines()[:2] == [
        "BCĐ 138 tỉnh Lạng Sơn (B/c)", "Công an tỉnh - PV01 (B/c)"]
    # the district filter of the whole data, after June 2025: a new xã, never the huyện
    at = page(Filters(unit_set="2024", period_kind="year", year=2026))
    assert at.radio(key="nt_scope").value == "xa_2025"
    assert at.selectbox(key="nt_commune_2025").value is None  # asked (issue #28)
    at.selectbox(key="nt_commune_2025").set_value("06364").run()
    assert "HUYỆN" not in at.text_input(key="nt_co_quan_chu_quan").value


def test_province_data_offer_the_tinh(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_notice import _province_profile

    _province_profile(sample_copy)
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_copy))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2025", period_kind="year", year=2026)
    at.run()
    assert not at.exception
    assert at.radio(key="nt_scope").options == ["Một xã mới (từ 01/7/2025)",
                                                "Cả tỉnh (từ 01/7/2025)"]
    assert at.radio(key="nt_scope").value == "tinh"
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND TỈNH LẠNG SƠN"
    assert "thôn Khuổi Bó, xã Vũ Lễ" in figures(at)["{danh_sach_mo_hinh}"]
