"""The one escaping helper (antt.escape): hostile values drawn as Markdown or HTML show
literally. What Streamlit's renderer does with the output is checked in Chromium by the
browser tests; here: the escaped source holds no construct and
un-escapes back to the value."""

from __future__ import annotations

import re

import pytest

from antt.escape import html_text, md, md_list

LINK = "[Phiên đã hết hạn: bấm để đăng nhập lại](http://127.0.0.1:8600/phish)"
IMAGE = "![](http://127.0.0.1:8600/beacon.png)"
HTML = "<img src=http://127.0.0.1:8600/x.png><style>body{display:none}</style>"
BACKTICKS = "`code` ```block``` **bold** _it_ ~~s~~ $x^2$ :red[đỏ] :material/home:"
BLOCKS = "# tiêu đề\n\n    mã\n- mục\n1. số | cột |\n> trích &amp; &lt;b&gt; \\[x\\]"
AUTOLINKS = "www.example.com https://a.b/c a@b.cd HTTP://X.Y"
PAYLOADS = [LINK, IMAGE, HTML, BACKTICKS, BLOCKS, AUTOLINKS, f"{LINK} {IMAGE}"]

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(source: str) -> str:
    """What CommonMark shows for escaped text: backslash escapes resolved, word joiners
    (invisible) removed."""
    return _ESCAPED.sub(r"\1", source).replace("\u2060", "")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_shows_the_value_literally(payload):
    out = md(payload)
    assert shown(out) == re.sub(r"\s+", " ", payload)
    # Every ASCII punctuation character is escaped, so none can open a construct.
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", out)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped), unescaped
    assert "\n" not in out
    # The text node (escapes resolved) matches no GFM autolink pattern: Streamlit's renderer
    # links those after parsing, whatever was escaped.
    assert not re.search(r"(?i)https?://|www\.|@[-\w]", _ESCAPED.sub(r"\1", out))


def test_md_plain_vietnamese_text_unchanged():
    assert md("Xã Hưng Vũ") == "Xã Hưng Vũ"
    assert md(2024) == "2024"


def test_md_list_one_item_per_value():
    assert md_list(["a*b", "[x](y)"]) == "- a\\*b\n- \\[x\\]\\(y\\)"


def test_html_text_escapes_tags_and_quotes():
    assert html_text(HTML) == ("&lt;img src=http://127.0.0.1:8600/x.png&gt;&lt;style&gt;"
                               "body{display:none}&lt;/style&gt;")
    assert html_text('a"b\'c&d') == "a&quot;b&#x27;c&amp;d"
