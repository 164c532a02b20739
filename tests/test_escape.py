"""The one escaping helper (antt.text.escape): hostile values drawn as Markdown or HTML show
literally. What Streamlit's renderer does with the output is checked in Chromium by the
browser tests; here: the escaped source holds no construct and
un-escapes back to the value."""

from __future__ import annotations

import re

import pytest

from antt.text.escape import html_text, md, md_list

LINK = "[Phiên đã hết hạn: bấm để đăng nhập lại](http://127.0.0.1:8600/phish)"
IMAGE = "![](http://127.0.0.1:8600/beacon.png)"
HTML = "<img src=http://127.0.0.1:8600/x.png><style>body{display:none}</style>"
BACKTICKS = "`code` ```block``` **bold** _it_ ~~s~~ $x^2$ :red[đỏ] :material/home:"
BLOCKS = "# tiêu đề\n\n    mã\n- mục\n1. số | cột |\n> trích &amp; &lt;b&gt; \\[x\\]"
AUTOLINKS = "www.example.com https://a.b/c a@b.cd HTTP://X.Y"
PAYLOADS = [LINK, IMAGE, HTML, BACKTICKS, BLOCKS, AUTOLINKS, f"{LINK} {IMAGE}"]

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# Resolved text matched by what Streamlit's renderer turns into links, emoji or icons.
_TEXT_PATTERNS = re.compile(r"(?i)https?://|www\.|@[-\w]|:[\w+\-/]")


def shown(source: str) -> str:
    """What CommonMark shows for escaped text: backslash escapes resolved, word joiners
    (invisible) removed."""
    return _ESCAPED.sub(r"\1", source).replace("\u2060", "")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_shows_the_value_literally(payload):
    out = md(payload)
    assert shown(out) == re.sub(r"\s+", " ", payload).strip()
    assert "\n" not in out
    # No character that opens an inline construct is left unescaped...
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", out)
    assert not re.search(r"[\\`*_~\[\]<>&$|]", unescaped), unescaped
    # ... and the text node (escapes resolved) matches no autolink, emoji or icon pattern:
    # Streamlit's renderer finds those after parsing, whatever was escaped.
    assert not _TEXT_PATTERNS.search(_ESCAPED.sub(r"\1", out))


@pytest.mark.parametrize("start", ["# a", "> a", "- a", "+ a", "= a", "2024. a", "1) a"])
def test_md_value_cannot_start_a_block(start):
    out = md(start)
    assert out.startswith("\\") or re.match(r"\d+\\[.)]", out), out
    assert shown(out) == start


def test_md_leaves_ordinary_messages_as_written():
    message = "Chưa có ranh giới nên không vẽ trên bản đồ: Xã Đồng Ý (mã 06367), năm 2024."
    assert md(message) == message
    assert md(2024) == "2024"


def test_md_list_one_item_per_value():
    assert md_list(["a*b", "[x](y)"]) == "- a\\*b\n- \\[x\\](y)"


def test_html_text_escapes_tags_and_quotes():
    assert html_text(HTML) == ("&lt;img src=http://127.0.0.1:8600/x.png&gt;&lt;style&gt;"
                               "body{display:none}&lt;/style&gt;")
    assert html_text('a"b\'c&d') == "a&quot;b&#x27;c&amp;d"
