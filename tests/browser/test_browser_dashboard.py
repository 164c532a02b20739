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


# ------------------------------------------------- the filter bar shows the view the figures use

# What each box of the bar shows and the one-line summary of the view the figures count (the
# summary and the figures come from the same Filters; the boxes are what the browser draws).
BAR_JS = """() => {
  const bar = document.querySelector('.st-key-filter_bar');
  const boxes = {};
  bar.querySelectorAll('[data-testid=stSelectbox]').forEach(s => {
    boxes[s.querySelector('label').innerText.trim()] = s.querySelector('input').value; });
  const dates = [...bar.querySelectorAll('[data-testid=stDateInput] [role=spinbutton]')]
    .map(e => e.innerText.trim());
  const summary = bar.querySelector('[data-testid=stCaptionContainer]').innerText;
  return {boxes, dates, summary};
}"""


def _in_step(page, step: str) -> dict:
    """The bar's boxes say what the summary line (and the URL) say."""
    page.wait_idle()
    p = page.page
    shown = p.evaluate(BAR_JS)
    boxes, summary = shown["boxes"], shown["summary"]
    unit = boxes["Đơn vị hành chính"]
    assert f"({unit.lower()})" in summary, (step, shown)
    assert f"unit={'2024' if unit.startswith('Trước') else '2025'}" in p.url, (step, p.url)
    if boxes["Kỳ báo cáo"] == "Năm (dương lịch)":
        assert f"· năm {boxes['Năm']} (" in summary, (step, shown)
    else:
        assert boxes["Kỳ báo cáo"] == "Từ ngày … đến ngày …", (step, shown)
        d = shown["dates"]
        assert f"từ {d[0]}/{d[1]}/{d[2]} đến {d[3]}/{d[4]}/{d[5]}" in summary, (step, shown)
    return shown


def _menu(page, title: str) -> None:
    page.page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()


def test_the_bar_always_shows_the_view_the_figures_use(open_page, app_url):
    """Issue 28: after "Tổng quan" was clicked while on it, the bar read "Trước 01/7/2025 /
    Năm" beside figures of "Từ 01/7/2025 · 01/01–31/10/2026", and the next page used the bar's
    values. After each thing a user does, the bar shows what the figures count."""
    page = open_page(1366, 768)
    p = page.page
    page.open(f"{app_url}/?year=2024")  # a link naming only a year opens that year
    shown = _in_step(page, "link ?year=2024")
    assert (shown["boxes"]["Năm"], shown["boxes"]["Đơn vị hành chính"]) == (
        "2024", "Trước 01/7/2025")
    page.open(f"{app_url}/")  # a fresh view: the default
    _in_step(page, "default")
    choose(p, "Đơn vị hành chính", "Trước 01/7/2025")
    _in_step(page, "unit set chosen by hand")
    _menu(page, "Tổng quan")
    _in_step(page, "Tổng quan clicked while on it")
    _menu(page, "Tổng quan")
    _menu(page, "Tổng quan")
    _in_step(page, "clicked twice fast")
    choose(p, "Kỳ báo cáo", "Năm (dương lịch)")
    _menu(page, "Tổng quan")  # before the change's run has ended
    shown = _in_step(page, "period changed, then Tổng quan")
    assert shown["boxes"]["Kỳ báo cáo"] == "Năm (dương lịch)"
    _menu(page, "Mô hình")
    _in_step(page, "another page")
    _menu(page, "Tổng quan")
    _in_step(page, "and back")
    p.go_back()
    _in_step(page, "browser back")
    p.go_forward()
    _in_step(page, "browser forward")
    page.open(p.url)  # reload
    shown = _in_step(page, "reload")
    assert shown["boxes"]["Đơn vị hành chính"] == "Trước 01/7/2025"
    other = open_page(1366, 768)  # the same link in a second tab: a new session
    other.open(p.url)
    assert _in_step(other, "second tab")["boxes"] == shown["boxes"]
    _menu(page, "Trình chiếu")
    page.wait_idle()
    page.page.locator(".st-key-meeting-controls").get_by_role("link", name="Tổng quan").click()
    assert _in_step(page, "Trình chiếu, then its Tổng quan link")["boxes"] == shown["boxes"]
    _menu(page, "Tổng quan")
    assert _in_step(page, "then the menu's Tổng quan")["boxes"] == shown["boxes"]
    assert page.blocked == [] and other.blocked == []


def choose(p, label: str, option: str) -> None:
    box = p.locator(".st-key-filter_bar").get_by_role("combobox", name=label)
    box.click()
    box.press("ArrowDown")
    p.get_by_role("option", name=option, exact=True).click()
