"""The Thông báo page never downloads a state the form does not show (issue #23): a date typed in
"Số liệu đến ngày" and not yet applied is in the file when "Tải PDF" is clicked at once, or
after Tab; and the page at the sizes clerks use (issue #28)."""

from __future__ import annotations

import re
import subprocess

import pytest


def _pdf_text(path: str) -> str:
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def _open_district(open_page, url: str, width: int = 1366, height: int = 768):
    """The page on "Cả huyện (trước 01/7/2025)" with data to 31/12/2023 (the units follow the
    data date: the huyện is offered for a day before 01/7/2025)."""
    page = open_page(width, height)
    page.open(f"{url}/notice")
    page.page.get_by_role("spinbutton", name="day, Số liệu đến ngày").click()
    page.page.keyboard.type("31122023")
    page.page.get_by_role("heading", name="Thông báo", exact=True).click()  # applied on blur
    page.wait_idle()
    page.page.get_by_text("Cả huyện (trước 01/7/2025)").click()
    page.wait_idle()
    page.page.get_by_role("button", name="Tải PDF").wait_for(timeout=60_000)
    return page


@pytest.mark.parametrize("tab_first", [False, True], ids=["click-at-once", "tab-first"])
def test_a_typed_date_is_in_the_downloaded_pdf(open_page, app_url, tab_first):
    page = _open_district(open_page, app_url)
    before = " ".join(_pdf_text_of_download(page).split())
    assert "đến 31/12/2023" in before and "35 buổi" not in before
    day = page.page.get_by_role("spinbutton", name="day, Số liệu đến ngày")
    day.click()
    page.page.keyboard.type("02102024")
    if tab_first:
        page.page.keyboard.press("Tab")
    text = _pdf_text_of_download(page)
    flat = " ".join(text.split())
    assert "35 buổi" in flat and "50 cuộc" in flat, flat[:3000]
    assert "02/10/2024" in flat and "31/12/2023" not in flat


def _pdf_text_of_download(page) -> str:
    with page.page.expect_download(timeout=90_000) as download:
        page.page.get_by_role("button", name="Tải PDF").click()
    return _pdf_text(str(download.value.path()))


def test_an_out_of_range_date_gives_a_message_beside_it_and_no_download(open_page, app_url):
    page = _open_district(open_page, app_url)
    downloads = []
    page.page.on("download", lambda d: downloads.append(d))
    page.page.get_by_role("spinbutton", name="day, Số liệu đến ngày").click()
    page.page.keyboard.type("01012027")  # after today: refused, with why
    page.page.get_by_role("button", name="Tải PDF").click()
    page.wait_idle()
    message = page.page.get_by_text("Ngày số liệu đến 01/01/2027 ở sau hôm nay")
    assert message.count() == 1
    field = page.page.get_by_role("group", name="Số liệu đến ngày").bounding_box()
    box = message.bounding_box()
    assert 0 <= box["y"] - (field["y"] + field["height"]) < 60  # right under the field
    assert downloads == []  # the old state (31/12/2023) is not handed over
    assert page.page.get_by_role("button", name="Tải PDF").count() == 0


@pytest.mark.parametrize("width, height", [(1366, 768), (1280, 720)])
def test_notice_page_screens(open_page, app_url, width, height, tmp_path):
    page = _open_district(open_page, app_url, width, height)
    page.page.screenshot(path=str(tmp_path / f"notice-{width}x{height}.png"))
    # the preview reads at paper size: each page image 794 px wide, one after another
    image = page.page.locator("[data-testid=stImage] img").first
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    assert box is not None and box["width"] >= 780, box
    page.page.screenshot(path=str(tmp_path / f"notice-preview-{width}x{height}.png"))
    body = page.body_text()
    assert re.search(r"Trang 1/\d", body)
    assert not page.blocked
