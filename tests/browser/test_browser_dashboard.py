"""The dashboard in Chromium: pages load without a Streamlit exception and draw their charts
with no request leaving 127.0.0.1, a filter change updates a KPI, a copied URL reopens the
same filters."""

from __future__ import annotations

import pytest

REFERENCE = "?unit=2024&period=range&from=2020-01-01&to=2024-10-02&model=nhom_dao_binh_an"
PAGES = [("", "Tổng quan"), ("models", "Mô hình tự quản về ANTT"),
         ("activities", "Hoạt động"), ("security", "Tình hình an ninh, trật tự")]


def choose_model_type(p, label: str) -> None:
    """Open the filter bar's model type select box (a react-aria combobox) and pick an option."""
    box = p.get_by_role("combobox", name="Loại mô hình")
    box.click()
    box.press("ArrowDown")  # a click focuses the box; the key opens the list
    p.get_by_role("option", name=label, exact=True).click()


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_page_loads_and_draws_offline(page, app_url, path, title):
    page.open(f"{app_url}/{path}{REFERENCE}")
    p = page.page
    assert p.locator("[data-testid=stException]").count() == 0
    assert p.get_by_role("heading", name=title).count() >= 1
    # The charts drew (a blocked CDN request would leave them empty) ...
    assert p.locator(".js-plotly-plot .main-svg").count() >= 1
    # ... and nothing tried to leave the machine.
    assert page.blocked == []


def test_overview_reference_figures_and_filter_change(page, app_url):
    page.open(f"{app_url}/{REFERENCE}")
    assert page.metric("Buổi tuyên truyền") == "35"
    assert page.metric("Lượt người dự tuyên truyền") == "3.560"
    p = page.page
    choose_model_type(p, "Tất cả loại mô hình")
    page.wait_idle()
    assert page.metric("Buổi tuyên truyền") not in ("35", "")
    assert "model=" not in p.url
    assert page.blocked == []


def test_copied_url_reopens_the_same_filters(page, open_page, app_url):
    page.open(f"{app_url}/{REFERENCE}")
    p = page.page
    choose_model_type(p, "Tổ tự quản về ANTT")
    page.wait_idle()
    url, sessions = p.url, page.metric("Buổi tuyên truyền")
    assert "model=to_tu_quan" in url and "from=2020-01-01" in url

    other = open_page()  # a new session, as when the link is pasted elsewhere
    other.open(url)
    assert other.metric("Buổi tuyên truyền") == sessions
    selected = other.page.get_by_role("combobox", name="Loại mô hình").input_value()
    assert selected == "Tổ tự quản về ANTT"
    assert other.blocked == []


def test_invalid_url_value_is_dropped_with_a_notice(page, app_url):
    page.open(f"{app_url}/?unit=2024&period=year&year=2024&communes=99999")
    text = page.page.locator("[data-testid=stMain]").inner_text()  # the filter bar
    assert "Mã xã không có trong danh sách: 99999 (đã bỏ qua)." in text
    assert "communes=" not in page.page.url


def test_page_switch_keeps_the_filters(page, app_url):
    page.open(f"{app_url}/{REFERENCE}")
    p = page.page
    p.locator("[data-testid=stSidebarNav]").get_by_text("Hoạt động", exact=True).click()
    page.wait_idle()
    assert "/activities" in p.url and "model=nhom_dao_binh_an" in p.url
    assert "từ 01/01/2020 đến 02/10/2024" in p.locator(
        "[data-testid=stMain] [data-testid=stCaptionContainer]").first \
        .inner_text()
    assert p.get_by_text("Xem các bản ghi (35 dòng)").count() == 1  # the 35 outreach sessions
    assert page.blocked == []
