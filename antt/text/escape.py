"""Escaping for values that come from a URL, a file or a user (never trusted as markup).

Streamlit draws st.markdown/caption/info/warning/error/success, widget labels, help texts and
radio options as GitHub-flavoured Markdown (links, images, autolinks, emphasis, code, math,
`:color[...]` directives, HTML shown as text). A shared link such as
`?communes=[Phiên hết hạn](http://x/phish) ![](http://x/beacon.png)` would otherwise draw a
clickable link and make the browser fetch an image. Plotly hover text, trace names and
`<extra>` parts accept a subset of HTML (`<a href>`, `<span style>`, `<br>`...).

- md(value): the value as Markdown source that renders literally, on one line;
- md_list(values): a bullet list of such values;
- html_text(value): the value as HTML text (for Plotly hover text, names, and any HTML).

Use them where the value is put into markup, and nowhere else: a table cell, a selectbox
option or a file name is plain text already, and escaping there would show the backslashes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# What can start a construct inside a line: \ ` (code), * _ ~ (emphasis), [ ] (links,
# images, footnotes), < > (HTML, autolinks), & (entities), $ (math), | (tables). CommonMark lets
# an ASCII punctuation character be backslash-escaped, and an escaped one starts nothing.
# Everything else is left alone, so an ordinary message reads and compares as it was written.
# An underscore between two letters or digits (nhom_dao_binh_an) can neither open nor close
# emphasis: it stays as written.
_INLINE = re.compile(r"([\\`*~\[\]<>&$|]|(?<![^\W_])_|_(?![^\W_]))")
# At the start of a line (the value may start a message or a list item): headings, quotes,
# lists, thematic and setext breaks; "2024." or "1)" would start an ordered list.
_LINE_START = re.compile(r"^(?:([#>+\-=])|(\d+)([.)]))")
# A line break would let a value end the paragraph or list item it sits in and start a block;
# leading spaces could make an indented code block.
_BREAKS = re.compile(r"\s+")
# GFM autolinks (http://..., www.x, a@b.c) and Streamlit's :smile: and :material/icon: are
# found in the text after escapes are resolved (checked in Chromium: `http\:\/\/x` is still a
# link, `\:smile:` an emoji), so an invisible WORD JOINER goes where those patterns need a plain
# character next: after "http:"/"https:", "www", "@", and a colon before a word (this also
# breaks the :red[...] directives).
_AUTOLINK = re.compile(r"(https?:|www(?=\.)|@|:(?=[\w+\-/]))", re.IGNORECASE)
_JOINER = "\u2060"


def md(value: object) -> str:
    """`value` (str() of it) as Markdown that Streamlit shows literally, on one line."""
    text = _AUTOLINK.sub(r"\1" + _JOINER, _BREAKS.sub(" ", str(value)).lstrip())
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", text)


def md_list(values: Iterable[object]) -> str:
    """A Markdown bullet list, each item one escaped value."""
    return "\n".join(f"- {md(v)}" for v in values)


def html_text(value: object) -> str:
    """`value` (str() of it) as HTML text: <, >, &, quotes become entities (Plotly decodes
    them back to the characters in hover text and names)."""
    return html.escape(str(value), quote=True)
