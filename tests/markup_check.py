"""Checks that a Markdown source, as Streamlit receives it, shows a hostile value literally.

What Streamlit's renderer makes of escaped text was checked in Chromium (antt/text/escape.py says
how); AppTest gives the source, so these checks read it the way that renderer does."""

from __future__ import annotations

import re

LINK = "[Phiên đã hết hạn: bấm để đăng nhập lại](http://127.0.0.1:8600/phish)"
IMAGE = "![](http://127.0.0.1:8600/beacon.png)"
HTML = "<img src=http://127.0.0.1:8600/x.png><style>body{display:none}</style>"
BACKTICKS = "`rm -rf` ```khối``` **đậm** :red[đỏ] :smile:"
PAYLOADS = {"link": LINK, "image": IMAGE, "html": HTML, "backticks": BACKTICKS}

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Unescaped: a link or image, an HTML tag or comment, a code span, emphasis.
_CONSTRUCTS = [
    re.compile(r"(?<!\\)\[(?:[^\]\\]|\\.)*(?<!\\)\]\("),
    re.compile(r"(?<!\\)<[A-Za-z/!?]"),
    re.compile(r"(?<!\\)`"),
    re.compile(r"(?<![\\\w])\*\*?(?=\S)"),
]
# In the text left after escapes are resolved, Streamlit's renderer still makes links of
# URLs and e-mail addresses, emoji and icons of :shortcodes:.
_TEXT_PATTERNS = re.compile(r"(?i)https?://|www\.|@[-\w]|:[\w+\-/]")


def shown(source: str) -> str:
    """The text a reader sees: escapes resolved, word joiners (invisible) dropped."""
    return _ESCAPE.sub(r"\1", source).replace("\u2060", "")


def assert_shows_literally(source: str, payload: str) -> None:
    """`source` shows `payload` as written (whitespace runs as one space) and holds no link,
    image, HTML, code or emphasis, nor a URL or shortcode the renderer would pick up."""
    assert " ".join(payload.split()) in shown(source), source
    for construct in _CONSTRUCTS:
        assert not construct.search(source), (construct.pattern, source)
    assert not _TEXT_PATTERNS.search(_ESCAPE.sub(r"\1", source)), source
