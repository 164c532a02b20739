"""The Trình chiếu page's frame: which view it shows (a link's filters, else the sidebar's,
else Tổng quan's defaults), its settings (refresh, screens, pace, commune review, contrast)
read from and written back to the URL, and the discreet corner with the settings and the link
to copy. Drawn once per page run; the live figures are antt/ui/meeting_live.py, the look
antt/ui/meeting_style.py, the rules (parsing, screens, links) antt/indicators/meeting.py.
"""

from __future__ import annotations

import logging

import streamlit as st
import streamlit.components.v1 as components
from streamlit.errors import StreamlitAPIException

from antt.indicators import meeting, meeting_pages
from antt.indicators.filters import Filters
from antt.text.escape import md
from antt.ui import data, meeting_live
from antt.ui import meeting_style as style
from antt.ui.admission import in_slot
from antt.ui.sidebar import URL_KEYS, filters_from_url, sync_query_params, write_url
from antt.ui.state import FILTERS_KEY, View, current_filters

log = logging.getLogger(__name__)

K_EVERY, K_PANELS, K_PACE = "meeting_every", "meeting_panels", "meeting_pace"
K_CYCLE, K_THEME = "meeting_cycle", "meeting_contrast"
_URL_SEEN = "meeting_url_seen"  # the settings part of the URL last read or written
_SETTINGS = "meeting_settings_now"  # the settings in force
_GEN = "meeting_settings_gen"  # bumped by each new link: the widgets are drawn anew
SETTING_KEYS = ("every", "panels", "pace", "cycle", "theme")
OVERVIEW_PAGE = "views/overview.py"


def hide_chrome(theme: str = "") -> None:
    """Style the page for a projector (see antt.ui.meeting_style)."""
    style.apply(theme)


def meeting_filters() -> Filters:
    """The view to show: a link's filters (a shared link, notices for dropped values), else
    the sidebar's (opened from the menu), else Tổng quan's defaults (a bare /meeting). Kept
    as the session's filters, so Tổng quan shows the same view, and written to the URL, so
    the address bar always opens this view."""
    if any(key in st.query_params for key in URL_KEYS):
        f = filters_from_url()
    else:
        f = current_filters()
    st.session_state[FILTERS_KEY] = f
    write_url(f)
    return f


def read_filters() -> Filters | None:
    """meeting_filters, or None with a friendly message when there is no valid data at all;
    the page then waits for a fix by itself."""
    try:
        return meeting_filters()
    except Exception:  # DataError, or anything else: never a traceback on the projector
        if data.store().version:
            log.exception("meeting: reading the filters failed")
            st.info(meeting.retry_message(meeting.DEFAULT_EVERY), icon="ℹ️")
        else:
            st.info(meeting.NO_DATA_MESSAGE, icon="ℹ️")
        return None


def wait_for_data(every: int = meeting.DEFAULT_EVERY) -> None:
    """With no good data: check again every `every` seconds, rerun the page once there is."""

    def _check() -> None:
        if data.store().version:
            st.rerun()

    st.fragment(in_slot(_check), run_every=every)()


def _url_settings() -> dict[str, str]:
    return {k: st.query_params[k] for k in SETTING_KEYS if k in st.query_params}


def _keys() -> dict[str, str]:
    """The settings widgets' keys of this generation: a new link makes new widgets, drawn with
    the link's values (see read_settings)."""
    gen = st.session_state.get(_GEN, 0)
    return {name: f"{key}_{gen}" for name, key in (
        ("every", K_EVERY), ("panels", K_PANELS), ("pace", K_PACE), ("cycle", K_CYCLE),
        ("theme", K_THEME))}


def _session_settings() -> meeting.MeetingSettings:
    """The settings in force: the widgets' values where they have one, else the link's."""
    base = st.session_state.get(_SETTINGS) or meeting.MeetingSettings()
    s, keys = st.session_state, _keys()
    return meeting.MeetingSettings(
        every=int(s.get(keys["every"], base.every)),
        panels=tuple(s.get(keys["panels"], base.panels)),
        pace=int(s.get(keys["pace"], base.pace)),
        cycle=("communes" if s[keys["cycle"]] else "") if keys["cycle"] in s else base.cycle,
        theme=("contrast" if s[keys["theme"]] else "") if keys["theme"] in s else base.theme,
    )


def read_settings() -> meeting.MeetingSettings:
    """The meeting settings: from the link when it changed (notices for invalid values), then
    from the settings widgets; written back to the link so it can be copied as is.

    The widgets are drawn with `value=` the settings in force, under keys that change with
    each new link, and never set through session state: a widget inside the closed settings
    popover is first drawn by the browser when the popover opens, and one keyed with a value
    set in session state was drawn there with its minimum (10 s) and sent it back with the
    next click, so the page showed one interval and ran another."""
    raw = _url_settings()
    if raw != st.session_state.get(_URL_SEEN):
        parsed = meeting.parse_settings(raw)
        for notice in parsed.notices:
            st.warning(md(notice), icon="⚠️")
        st.session_state[_SETTINGS] = parsed.settings
        st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1
        st.session_state[_URL_SEEN] = raw
    return _session_settings()


def _write_url(s: meeting.MeetingSettings) -> None:
    wanted = s.to_query()
    sync_query_params(wanted, SETTING_KEYS)
    st.session_state[_SETTINGS] = s
    st.session_state[_URL_SEEN] = wanted


def _settings_widgets() -> meeting.MeetingSettings:
    s, keys = _session_settings(), _keys()
    left, middle, right = st.columns([1, 2, 1])
    left.number_input("Tự cập nhật sau (giây)", meeting.MIN_EVERY, meeting.MAX_EVERY,
                      value=s.every, step=10, key=keys["every"])
    middle.multiselect(
        "Tự chuyển giữa các màn hình (chọn 2–4)", list(meeting.PANELS), default=list(s.panels),
        key=keys["panels"], format_func=meeting.PANELS.get, max_selections=meeting.MAX_PANELS,
        placeholder="Không: một màn hình tổng hợp",
    )
    right.number_input("Mỗi màn hình (giây)", meeting.MIN_PACE, meeting.MAX_PACE,
                       value=s.pace, step=5, key=keys["pace"],
                       help="Bao lâu mỗi màn hình (và mỗi xã, khi đi lần lượt từng xã) ở lại "
                            "trên màn chiếu.")
    left, right = st.columns(2)
    left.checkbox("Lần lượt từng xã (giao ban)", value=bool(s.cycle), key=keys["cycle"],
                  help="Các màn hình đi lần lượt qua từng xã trong phạm vi: số liệu và bản đồ "
                       "của riêng xã đó. Phạm vi trên "
                       f"{meeting_pages.ONE_BY_ONE_MAX} xã đi theo trang: mỗi trang một bảng "
                       "các xã (theo huyện cũ khi kỳ trước 01/7/2025, khoảng "
                       f"{meeting_pages.PAGE_SIZE} xã một trang từ 01/7/2025).")
    right.checkbox("Tương phản cao (máy chiếu mờ)", value=bool(s.theme), key=keys["theme"])
    return _session_settings()


# Presenters' keys: arrows and Page Up/Down (what a presentation clicker sends), and space, "b"
# or "." to pause (a clicker's "blank screen" button). The listener lives on the page itself
# (a same-origin component frame reaches it) and clicks the corner's buttons, so a key does
# exactly what a click does; it leaves typing in the settings' boxes alone.
_KEYS_SCRIPT = """<script>
const doc = window.parent.document;
if (!doc.anttMeetingKeys) {
  doc.anttMeetingKeys = true;
  const keys = {ArrowRight: "meeting-next", PageDown: "meeting-next",
                ArrowLeft: "meeting-prev", PageUp: "meeting-prev",
                " ": "meeting-pause", "b": "meeting-pause", ".": "meeting-pause"};
  doc.addEventListener("keydown", (e) => {
    const tag = (e.target && e.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    const button = keys[e.key] && doc.querySelector(".st-key-" + keys[e.key] + " button");
    if (button) { e.preventDefault(); button.click(); }
  });
}
</script>"""


def _show_buttons(count: int, pace: int) -> None:
    """Previous, pause/resume, next: for the person at the laptop, by click or key."""
    st.button("Trước", key="meeting-prev", icon=":material/skip_previous:",
              help="Màn hình trước (phím ←, Page Up)", on_click=meeting_live.step_show,
              args=(-1, count, pace))
    paused = meeting_live.paused()
    st.button("Chạy tiếp" if paused else "Dừng", key="meeting-pause",
              icon=":material/play_arrow:" if paused else ":material/pause:",
              help=("Chạy tiếp (phím cách)" if paused else "Dừng ở màn hình này (phím cách)"),
              on_click=meeting_live.toggle_pause)
    st.button("Sau", key="meeting-next", icon=":material/skip_next:",
              help="Màn hình sau (phím →, Page Down)", on_click=meeting_live.step_show,
              args=(1, count, pace))
    components.html(_KEYS_SCRIPT, height=0)


def controls(filters: Filters, view: View | None = None) -> meeting.MeetingSettings:
    """A small, discreet corner (fixed, takes no height): back to Tổng quan with the same
    filters, previous / pause / next when the screens move, and the settings with the full
    link to copy. Returns the settings chosen."""
    with st.container(key="meeting-controls", horizontal=True):
        style.report_viewport()
        _back_link(filters)
        s_now = _session_settings()
        if view is not None and s_now.moving:
            _show_buttons(meeting_live.screen_count(filters, view, s_now), s_now.pace)
        with st.popover("Tùy chọn", icon=":material/settings:"):
            s = _settings_widgets()
            relative = meeting.meeting_link(filters, s.every, s.panels, s.pace, s.cycle,
                                            s.theme)
            st.caption("Đường dẫn mở trang này với cùng bộ lọc và tùy chọn (nút sao chép ở "
                       "góc phải):")
            st.code(meeting.absolute_link(st.context.url, relative), language=None,
                    wrap_lines=True)
    _write_url(s)
    return s


def _back_link(filters: Filters) -> None:
    try:
        st.page_link(OVERVIEW_PAGE, label="Tổng quan", icon=":material/arrow_back:",
                     query_params=filters.to_query(),
                     help="Về trang Tổng quan với cùng bộ lọc")
    except StreamlitAPIException:
        # The page run on its own (tests): no navigation to link into.
        st.caption("← Tổng quan")

