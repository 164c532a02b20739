"""Meeting mode (Trình chiếu): the link, its settings and the live figures' bookkeeping.

No streamlit here: antt/ui/meeting_settings.py and meeting_live.py draw. This module decides
- what a meeting link looks like (the filters plus `every`, `panels`, `pace`, `cycle`,
  `theme`), relative or absolute;
- how those URL values are read, each invalid one replaced by its default with a notice;
- which screen (panel, and commune when `cycle=communes`) is on at a given moment when the
  screens advance by themselves;
- which figures to show when a refresh fails: the last good ones, with a discreet warning;
- the screen's design sizes: the page is laid out for 1920x1080 and scaled as a whole to the
  projector (CSS zoom), so every panel fits every 16:9 screen and its text scales with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

from antt.indicators.filters import Filters, few
from antt.indicators.meeting_pages import Page

URL_PATH = "meeting"

DEFAULT_EVERY = 60  # seconds between refreshes of the figures
MIN_EVERY, MAX_EVERY = 10, 3600
DEFAULT_PACE = 30  # seconds a panel (or a commune) stays on screen: time to talk it over
MIN_PACE, MAX_PACE = 5, 600

# URL code -> Vietnamese name, in the order they advance.
PANELS: dict[str, str] = {
    "tong-quan": "Tổng quan",
    "ban-do": "Bản đồ",
    "hoat-dong": "Hoạt động",
    "vu-viec": "Vụ việc về ANTT",
}
MIN_PANELS, MAX_PANELS = 2, 4

# `cycle=communes`: the screens go through the communes one by one ("giao ban" review), or a
# page of communes at a time in a large area (antt.indicators.meeting_pages).
CYCLES: dict[str, str] = {"communes": "Lần lượt từng xã"}
# `theme=contrast`: black on white, no greys, for washed-out projectors.
THEMES: dict[str, str] = {"contrast": "Tương phản cao"}

# The design screen: every size below is in its pixels; the page is zoomed by
# min(width / 1920, height / 1080), so 1280x720 shows it at 2/3 and text scales alike.
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
CONTENT_WIDTH = DESIGN_WIDTH - 48  # the page less its side padding
# the map and the trend under two rows of tiles (and the tiles' change lines, the subtitle
# and the footer at their 16 px floor at 1280x720: MIN_FONT)
SUMMARY_CHART_HEIGHT = 452
MAP_WIDTH_SHARE = 0.4  # the summary's map column, of the page width
SUMMARY_MAP_WIDTH = int((CONTENT_WIDTH - 16) * MAP_WIDTH_SHARE)  # fits the map's view
PANEL_CHART_HEIGHT = 650  # a chart under one row of tiles
MAP_PANEL_HEIGHT = 860  # the Bản đồ panel: the map alone
CHART_FONT = 18  # axes, legend, colour bar (at least 18 px at 1920x1080)
CHART_TITLE_FONT = 22
# No text on the projector smaller than this (screen px, whatever the zoom): 1280x720 shows the
# design at 2/3, where 18 px chart text would be 12 px.
MIN_FONT = 16

# The KPI cards (antt.indicators.kpi_cards.kpi_cards keys) shown as tiles, in reading order: two
# rows of
# four fit a projector; the rest of the overview's cards stay on the overview page.
TILE_KEYS: tuple[str, ...] = (
    "outreach_sessions",
    "outreach_attendees",
    "patrols",
    "patrol_participants",
    "commitment_households",
    "mediation_success",
    "incidents",
    "active_models",
)


# ---------------------------------------------------------------- the link


def meeting_link(
    filters: Filters,
    every: int = DEFAULT_EVERY,
    panels: Sequence[str] = (),
    pace: int = DEFAULT_PACE,
    cycle: str = "",
    theme: str = "",
) -> str:
    """'/meeting?unit=2024&period=year&year=2024&every=60': opens the meeting page with
    these filters (the page has no sidebar, so the link carries them)."""
    query = dict(filters.to_query())
    query.update(MeetingSettings(every, tuple(panels), pace, cycle, theme).to_query())
    return f"/{URL_PATH}?{urlencode(query, safe=',')}"


def absolute_link(page_url: str | None, relative: str) -> str:
    """The link as a browser needs it pasted: scheme, host, port, any path prefix the app is
    served under (a proxy's /antt/), then `relative` ('/meeting?...'). `page_url` is the
    address the browser shows for this page (st.context.url); without one, `relative`."""
    if not page_url:
        return relative
    parts = urlsplit(page_url)
    if not parts.scheme or not parts.netloc:
        return relative
    prefix = parts.path.rstrip("/")
    if prefix.endswith("/" + URL_PATH) or prefix == URL_PATH:
        prefix = prefix[: -len(URL_PATH)].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{prefix}{relative}"


# ---------------------------------------------------------------- reading the link


@dataclass(frozen=True)
class MeetingSettings:
    every: int = DEFAULT_EVERY
    panels: tuple[str, ...] = ()  # empty: one screen, no advancing
    pace: int = DEFAULT_PACE
    cycle: str = ""  # "communes": the screens go through the communes one by one
    theme: str = ""  # "contrast": high contrast

    @property
    def advancing(self) -> bool:
        """Panels advance by themselves (2 or more chosen)."""
        return len(self.panels) >= MIN_PANELS

    @property
    def moving(self) -> bool:
        """Anything changes screen by itself: panels, or communes in turn."""
        return self.advancing or bool(self.cycle)

    @property
    def tick(self) -> int:
        """How often the live part reruns: the refresh interval, or the screen pace when
        screens advance faster than the figures refresh."""
        return min(self.every, self.pace) if self.moving else self.every

    def to_query(self) -> dict[str, str]:
        out = {"every": str(self.every)}
        if self.advancing:
            out["panels"] = ",".join(self.panels)
        if self.moving:
            out["pace"] = str(self.pace)
        if self.cycle:
            out["cycle"] = self.cycle
        if self.theme:
            out["theme"] = self.theme
        return out


@dataclass
class ParsedSettings:
    settings: MeetingSettings
    notices: list[str] = field(default_factory=list)  # Vietnamese, one per replaced value


def _seconds(text: str | None, low: int, high: int) -> int | None:
    """'60' -> 60; None for anything that is not a whole number of seconds in [low, high]."""
    if text is None:
        return None
    text = text.strip().removesuffix("s")
    if not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _parse_setting(text: str | None, what: str, low: int, high: int,
                   default: int) -> tuple[int, str | None]:
    """Seconds from a link value: missing -> default silently; invalid or out of low..high ->
    default with a notice naming the setting."""
    if text is None or text == "":
        return default, None
    value = _seconds(text, low, high)
    if value is None:
        return default, (
            f"{what} “{text}” không hợp lệ (cần từ {low} đến {high} giây), "
            f"đã dùng {default} giây."
        )
    return value, None


def parse_interval(text: str | None) -> tuple[int, str | None]:
    """The refresh interval from `every=`: (seconds, notice or None), 10..3600."""
    return _parse_setting(text, "Chu kỳ cập nhật", MIN_EVERY, MAX_EVERY, DEFAULT_EVERY)


def parse_pace(text: str | None) -> tuple[int, str | None]:
    """Seconds a panel stays on screen, from `pace=` (5..600; default 20)."""
    return _parse_setting(text, "Thời gian mỗi màn hình", MIN_PACE, MAX_PACE, DEFAULT_PACE)


def parse_panels(text: str | None) -> tuple[tuple[str, ...], list[str]]:
    """Panels from `panels=tong-quan,ban-do`: known codes in the given order, no repeats.
    Fewer than 2 left -> no advancing (one screen), with a notice."""
    if not text:
        return (), []
    notices: list[str] = []
    chosen: list[str] = []
    unknown: list[str] = []
    for code in (c.strip() for c in text.split(",")):
        if code in PANELS and code not in chosen:
            chosen.append(code)
        elif code and code not in PANELS:
            unknown.append(code)
    if unknown:
        notices.append(f"Màn hình không có: {few(list(dict.fromkeys(unknown)))} (đã bỏ qua).")
    if len(chosen) < MIN_PANELS:
        notices.append(
            f"Cần chọn từ {MIN_PANELS} đến {MAX_PANELS} màn hình để tự chuyển; "
            "đang hiển thị một màn hình tổng hợp."
        )
        return (), notices
    return tuple(chosen[:MAX_PANELS]), notices


def parse_choice(text: str | None, choices: Mapping[str, str], what: str
                 ) -> tuple[str, str | None]:
    """`cycle=` / `theme=`: a known code, '' when missing; an unknown one is dropped with a
    notice naming it."""
    if not text:
        return "", None
    text = text.strip()
    if text in choices:
        return text, None
    return "", f"{what} “{text}” không có (chọn: {', '.join(choices)}), đã bỏ qua."


def parse_settings(query: Mapping[str, str]) -> ParsedSettings:
    """`every`, `panels`, `pace`, `cycle`, `theme` of a meeting link; other keys (the
    filters) are ignored."""
    every, note_every = parse_interval(query.get("every"))
    panels, notes_panels = parse_panels(query.get("panels"))
    cycle, note_cycle = parse_choice(query.get("cycle"), CYCLES, "Cách chuyển")
    theme, note_theme = parse_choice(query.get("theme"), THEMES, "Giao diện")
    pace, note_pace = (parse_pace(query.get("pace")) if panels or cycle
                       else (DEFAULT_PACE, None))
    notices = [n for n in (note_every, *notes_panels, note_cycle, note_pace, note_theme) if n]
    return ParsedSettings(MeetingSettings(every, panels, pace, cycle, theme), notices)


# ---------------------------------------------------------------- the screens in turn


@dataclass(frozen=True)
class Screen:
    """What is on screen: a panel code (None: the one-screen summary) and, when the communes
    are reviewed in turn, the commune's code, its place and how many there are."""

    panel: str | None = None
    commune: str | None = None
    place: int = 0  # 1-based place of the commune (or page) in the review
    of: int = 0
    # A large area is reviewed a page of communes at a time (antt.indicators.meeting_pages)
    page: Page | None = None


def screens(settings: MeetingSettings, communes: Sequence[str],
            pages: Sequence[Page] = ()) -> list[Screen]:
    """Every screen of the show in order: each commune (when cycling), or each page of
    communes when `pages` are given (a large area), with each panel."""
    panels: Sequence[str | None] = settings.panels if settings.advancing else (None,)
    if not settings.cycle or not communes:
        return [Screen(p) for p in panels]
    if pages:
        return [Screen(p, None, i, len(pages), page)
                for i, page in enumerate(pages, start=1) for p in panels]
    return [Screen(p, c, i, len(communes))
            for i, c in enumerate(communes, start=1) for p in panels]


# ---------------------------------------------------------------- advancing panels


def panel_at(panels: Sequence[str], started: dt.datetime, now: dt.datetime, pace: int) -> str:
    """The panel on screen at `now` when the show started at `started`, `pace` seconds each,
    round and round. Driven by the clock (not a counter), so a late or early timer tick
    never skips or repeats a panel for longer than the tick's delay."""
    if not panels:
        raise ValueError("no panels")
    elapsed = max((now - started).total_seconds(), 0.0)
    # Half a second of slack: the fragment timer can fire a hair before the boundary.
    return panels[int((elapsed + 0.5) // pace) % len(panels)]


@dataclass(frozen=True)
class ShowClock:
    """Where the show is: when it (notionally) started, or, while paused, how far it had
    gone. Next/previous (buttons, arrow keys, a presenter's Page Up/Down) move it by whole
    screens; a pause holds the screen until it is resumed."""

    started: dt.datetime
    paused_at: float | None = None  # seconds into the show when paused; None: running

    def elapsed(self, now: dt.datetime) -> float:
        if self.paused_at is not None:
            return self.paused_at
        return max((now - self.started).total_seconds(), 0.0)

    def screen(self, shows: Sequence, now: dt.datetime, pace: int):
        """The screen on at `now` (panel_at, frozen while paused)."""
        return panel_at(shows, now - dt.timedelta(seconds=self.elapsed(now)), now, pace)

    def step(self, steps: int, count: int, now: dt.datetime, pace: int) -> ShowClock:
        """`steps` screens on (negative: back), at the start of that screen, round and round."""
        current = int((self.elapsed(now) + 0.5) // pace)
        target = float(((current + steps) % max(count, 1)) * pace)
        if self.paused_at is not None:
            return ShowClock(self.started, target)
        return ShowClock(now - dt.timedelta(seconds=target))

    def __sub__(self, delta: dt.timedelta) -> ShowClock:
        """The show as if started `delta` earlier (a running show moves on by `delta`)."""
        return ShowClock(self.started - delta, self.paused_at)

    def toggled(self, now: dt.datetime) -> ShowClock:
        """Pause a running show where it is; resume a paused one from there."""
        if self.paused_at is None:
            return ShowClock(self.started, self.elapsed(now))
        return ShowClock(now - dt.timedelta(seconds=self.paused_at))


# ---------------------------------------------------------------- live figures


@dataclass(frozen=True)
class Snapshot:
    """What the tiles show: figures computed from one good version of the data."""

    figures: object  # whatever the page fetched (cards, frames); opaque here
    version: str  # the data version the figures come from
    fetched_at: dt.datetime  # when they were (re)checked: "Cập nhật lúc"
    warning: str | None = None  # shown small under the tiles; None when all files are good


def problem_warning(files: Sequence[str]) -> str | None:
    """'⚠ Tệp patrols.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất.'"""
    names = list(dict.fromkeys(f for f in files if f))
    if not names:
        return None
    label = "Tệp " + ", ".join(names) if len(names) == 1 else "Các tệp " + ", ".join(names)
    return f"⚠ {label} có lỗi; đang hiển thị số liệu hợp lệ gần nhất."


NO_DATA_MESSAGE = (
    "Chưa có số liệu hợp lệ để trình chiếu: các tệp dữ liệu đang có lỗi. Hãy mở trang "
    "Dữ liệu để xem lỗi cần sửa; trang này sẽ tự hiện số liệu khi tệp được sửa."
)


def retry_message(seconds: int) -> str:
    """When the figures could not be computed although the data is valid (logged)."""
    return f"Chưa tính được số liệu để trình chiếu; trang sẽ tự thử lại sau {seconds} giây."


def next_snapshot(
    previous: Snapshot | None,
    fetch: Callable[[], tuple[object, str]],
    problem_files: Sequence[str],
    now: dt.datetime,
) -> Snapshot | None:
    """The figures to show after a refresh.

    `fetch()` returns (figures, data version) from the store, which itself keeps serving the
    last good data when a file turns invalid (`problem_files` then names the bad files).
    When `fetch` raises (no good data at all, or the data went away mid-meeting), the
    previous figures stay on screen with the warning; None only when there never were any.
    """
    warning = problem_warning(problem_files)
    try:
        figures, version = fetch()
    except Exception:  # a projector must never show a traceback
        if previous is None:
            return None
        return replace(previous, warning=warning or problem_warning(["dữ liệu"]))
    return Snapshot(figures, version, now, warning)
