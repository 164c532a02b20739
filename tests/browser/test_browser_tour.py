"""A tour of every page at 1366×768 as a newcomer makes it (issue 13): no traceback in the
server's console, no English of ours on screen, Plotly's mode bar in Vietnamese.

Streamlit's own strings that no setting translates (README, "Tiếng Anh còn lại") are allowed
where they show; anything else English fails the tour."""

from __future__ import annotations

import re

PAGES = ["", "models", "activities", "security", "map", "notice", "data", "meeting",
         "recognition"]
# English words that no Vietnamese text of ours contains (as whole words).
ENGLISH = re.compile(
    r"\b(the|and|with|of|is|are|not|upload|download|select|search|fullscreen|zoom|print|"
    r"record|made|none|nan|null|true|false|error|traceback|exception|page|file|files|per|"
    r"limit|drag|drop|browse|choose|options?|results|clear|loading|running|stop|settings|"
    r"deploy|rerun|missing|invalid|found|please|show|hide|close|open|reset|autoscale|pan|"
    r"lasso|plot|today|yesterday|week|month|year|january|february|march|april|june|july|"
    r"august|september|october|november|december|monday|sunday)\b", re.IGNORECASE)
# Streamlit's own, untranslatable (README lists them): the file uploader's drop zone ("upload"
# is its icon's ligature name, "Upload" its button, "50MB per file • JSON" its limits); and the
# Material icons, whose text is the glyph's ligature name (":material/settings:" draws a gear,
# but its innerText reads "settings").
STREAMLIT_OWN = "[data-testid=stFileUploaderDropzone], [data-testid=stIconMaterial]"


def english_on_screen(text: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def ours(page) -> str:
    """The page's visible text without Streamlit's own untranslatable parts."""
    text = page.body_text()
    for own in page.page.eval_on_selector_all(STREAMLIT_OWN, "els => els.map(e => e.innerText)"):
        for line in own.splitlines():
            text = text.replace(line, "")
    return text


def test_english_detector():
    assert english_on_screen("Tải CSV · Số liệu tính đến 31/10/2026 · Lượt người dự") == []
    assert english_on_screen("Select all") == ["Select"]
    assert english_on_screen("Giá trị: None") == ["None"]


def test_every_page_at_1366_without_traceback_or_english(open_page, app_server):
    page = open_page(1366, 768)
    p = page.page
    seen: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for path in PAGES:
        page.open(f"{app_server.url}/{path}")
        assert p.locator("[data-testid=stException]").count() == 0, path
        texts = [ours(page)]
        tabs = p.locator("[data-testid=stMain] [role=tab]")
        for i in range(1, tabs.count()):  # the hidden tabs' text is not in innerText
            if tabs.nth(i).is_visible():  # not those inside a folded expander
                tabs.nth(i).click()
                page.wait_idle()
                texts.append(ours(page))
        seen[path] = english_on_screen("\n".join(texts))
        titles[path] = p.eval_on_selector_all(
            ".modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
    assert {k: v for k, v in seen.items() if v} == {}
    # Streamlit puts its own "Fullscreen" button first in every Plotly mode bar (not ours,
    # not translatable; README); the rest are Plotly's, which our locale translates.
    modebar = {t for ts in titles.values() for t in ts if t and t != "Fullscreen"}
    assert modebar, "no chart drew a mode bar"
    assert "Tải biểu đồ (ảnh PNG)" in modebar, modebar
    assert english_on_screen(" ".join(modebar)) == [], modebar
    assert page.blocked == []
    log = app_server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[log.find("Traceback"):][:3000]


def test_no_english_in_table_toolbars_or_under_text_boxes(open_page, app_server):
    """Two English strings of Streamlit's that our style hides (app.py): the tables'
    "Show/hide columns" button, and "Press Enter to submit form · 13/256" under the sign-in
    boxes. What stays (Search, Fullscreen) is listed in README."""
    page = open_page(1366, 768)
    p = page.page
    page.open(f"{app_server.url}/")
    p.locator("[data-testid=stDataFrame]").first.hover()
    p.wait_for_timeout(500)
    labels = p.eval_on_selector_all(
        "[data-testid=stElementToolbar] button",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('aria-label'))")
    assert labels and set(labels) <= {"Search", "Fullscreen"}, labels
    page.open(f"{app_server.url}/data")
    p.get_by_text("Đăng nhập để thêm, sửa dữ liệu").click()
    box = p.get_by_label("Mật khẩu", exact=True)
    box.fill("mat-khau-thu")
    p.wait_for_timeout(500)
    assert "Press Enter" not in page.body_text()
    assert p.locator("[data-testid=InputInstructions]").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).length") == 0
