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

# CommonMark lets every ASCII punctuation character be backslash-escaped, and an escaped one
# never starts a construct: this covers []()! (links, images), <> & (HTML, entities), ` (code),
# * _ ~ (emphasis), # - + = | > (blocks, tables), $ (math), : (`:red[...]` directives).
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# A line break would let a value end the paragraph or list item it sits in and start a block.
_BREAKS = re.compile(r"\s+")
# GFM autolinks (http://..., www.x, a@b.c) are found in the text after escapes are resolved
# (checked in Chromium: `http\:\/\/x` is still a link), so an invisible WORD JOINER goes
# where the pattern needs a plain character next: after "http:"/"https:", "www" and "@".
_AUTOLINK = re.compile(r"(https?:|www(?=\.)|@)", re.IGNORECASE)
_JOINER = "\u2060"


def md(value: object) -> str:
    """`value` (str() of it) as Markdown that Streamlit shows literally, on one line."""
    text = _AUTOLINK.sub(r"\1" + _JOINER, _BREAKS.sub(" ", str(value)))
    return _PUNCTUATION.sub(r"\\\1", text)


def md_list(values: Iterable[object]) -> str:
    """A Markdown bullet list, each item one escaped value."""
    return "\n".join(f"- {md(v)}" for v in values)


def html_text(value: object) -> str:
    """`value` (str() of it) as HTML text: <, >, &, quotes become entities (Plotly decodes
    them back to the characters in hover text and names)."""
    return html.escape(str(value), quote=True)
