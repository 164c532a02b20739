"""The filter bar's district shortcut: when the 2024 units span several districts (a province),
picking a former huyện fills the commune picker with its communes in the unit set shown (in
the 2025 set: every new commune that took land from it). The picker then reads as a list of
communes, so the shortcut goes back to its placeholder: it is an action, not a filter of its
own (Filters, the URL and every page stay as they are)."""

from __future__ import annotations

import streamlit as st

from antt.text.fmt import vi_sort_key
from antt.ui import data

K_DISTRICT = "f_district"
LABEL = "Huyện cũ"


def districts() -> dict[str, tuple[str, frozenset[str], frozenset[str]]]:
    """district code -> (name, its old communes, the new communes they went into)."""
    def build():
        frame = data.query("unit_districts")
        out: dict[str, tuple[str, set[str], set[str]]] = {}
        for code, name, old, new in frame.itertuples(index=False):
            entry = out.setdefault(code, (name, set(), set()))
            entry[1].add(old)
            if new:
                entry[2].add(new)
        ordered = sorted(out.items(), key=lambda kv: vi_sort_key(kv[1][0]))
        return {k: (n, frozenset(o), frozenset(w)) for k, (n, o, w) in ordered}
    return data.shared(("districts",), build)


def district_shortcut(unit_set: str, communes_key: str, names: dict[str, dict[str, str]],
                      width: int = 150) -> None:
    """The shortcut, drawn only when there are several districts."""
    known = districts()
    if len(known) < 2:
        return

    def fill() -> None:
        code = st.session_state.get(K_DISTRICT) or ""
        if code in known:
            wanted = known[code][2 if unit_set == "2025" else 1]
            st.session_state[communes_key] = [c for c in names[unit_set] if c in wanted]
        st.session_state[K_DISTRICT] = ""  # back to the placeholder: the picker says the rest

    st.selectbox(LABEL, ["", *known], key=K_DISTRICT, on_change=fill, width=width,
                 format_func=lambda c: known[c][0] if c else "Chọn huyện…",
                 help="Huyện trước 01/7/2025: chọn một huyện để đưa các xã của huyện đó vào ô "
                      "Xã (từ 01/7/2025: các xã mới có nhận đất của huyện).")
