"""Text drawn only on a narrow screen (under Streamlit's 768 px breakpoint: a phone).

There a select box cuts its chosen value to the box ("Camera an ninh thôn Nà Bó (Nà Bó"):
Streamlit 1.67 draws it in a one-line <input>, which no CSS can wrap. The whole choice is
written under it, in a container whose key app.py's CSS hides on wider screens, where the box
shows it whole."""

from __future__ import annotations

from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from antt.text.escape import md

KEY_PREFIX = "narrow_only_"  # app.py: hidden from 768 px up


def phone_only(key: str, text: str, where: DeltaGenerator | None = None,
               width: Literal["stretch", "content"] = "stretch") -> None:
    """A caption for phones only, in `where` (or here): a select box's chosen value in full,
    under the box, or a note a phone needs. In a horizontal row pass width="content": a
    stretching box keeps its share of the row even while hidden, pushing its neighbours."""
    box = (where or st).container(key=f"{KEY_PREFIX}{key}", width=width)
    box.caption(md(text))
