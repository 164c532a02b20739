"""The shared sidebar filters (drawn once, in app.py) and their URL form.

The canonical value is a Filters object in st.session_state["filters"]; the widgets are seeded
from it (or, on a session's first run, from the URL), and st.query_params is rewritten with
codes on every run so a copied link opens the same view. Invalid link values are dropped with a
visible notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

import streamlit as st

from antt.indicators import view_text
from antt.indicators.filters import UNIT_SETS, Filters, parse_query, unit_set_for
from antt.indicators.periods import PERIOD_LABELS, RELATIVE_KINDS
from antt.problems import summarize
from antt.text.escape import md, md_list
from antt.text.fmt import date_short, datetime_short, today_local
from antt.text.unit_map import (
    SET_SINCE,
    map_communes,
    mapping_text,
    picker_options,
    resolve_pick,
)
from antt.ui import data, through
from antt.ui.district_pick import district_shortcut
from antt.ui.state import FILTERS_KEY, default_filters

URL_KEYS = ("unit", "communes", "period", "year", "n", "from", "to", "model")
K_UNIT, K_COMMUNES, K_PERIOD = "f_unit", "f_communes", "f_period"
K_YEAR, K_NUMBER, K_RANGE, K_MODEL = "f_year", "f_n", "f_range", "f_model"
WIDGET_KEYS = (K_UNIT, K_COMMUNES, K_PERIOD, K_YEAR, K_NUMBER, K_RANGE, K_MODEL)
_NOTICES_KEY = "filter_notices"
_SWITCH_KEY = "unit_switch_notice"
# True once the unit set was chosen by hand (the box, a unit of the other set, a link that
# names it): from then on it no longer follows the period.
_PINNED_KEY = "unit_set_pinned"


def _url_dict() -> dict[str, str]:
    return {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}


def filters_from_url(show_notices: bool = True) -> Filters:
    """The filters in the page's URL (defaults for what is missing); each invalid value is
    dropped, with a st.warning naming it when show_notices. For pages without the sidebar,
    such as the meeting page."""
    parsed = parse_query(_url_dict(), data.valid_units(), set(data.model_type_labels()),
                         default=default_filters())
    if show_notices:
        for notice in parsed.dropped:
            st.warning(md(notice), icon="⚠️")  # quotes a value from the URL
    return parsed.filters


def sync_query_params(wanted: dict[str, str], keys: Iterable[str]) -> None:
    """Make the URL's `keys` parameters equal `wanted` (absent ones removed), leaving other
    parameters alone and unchanged ones untouched (each change is a browser history step)."""
    for key in keys:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def write_url(f: Filters) -> None:
    """Put the filters in the URL as codes, leaving other parameters alone."""
    sync_query_params(f.to_query(), URL_KEYS)


def _seed_widgets(f: Filters) -> None:
    """Give every widget of the bar, on every run, the value the server holds: the one it kept
    (a change just made included) or, where it has none (first run, or back from a page that
    does not draw the bar, whose run dropped the widget state), the filters'.

    Set through session state, so every run sends the value to the browser with the widget
    (Streamlit sends a keyed widget's value only in a run that set it). A browser that has
    forgotten a widget's value draws the widget's first option ("Trước 01/7/2025", "Năm")
    beside figures of another view, and sends that option back with the next click (issue 28):
    now the bar always shows, and returns, the view the figures use."""
    period = f.period
    values = {
        K_UNIT: f.unit_set, K_COMMUNES: list(f.communes), K_PERIOD: f.period_kind,
        K_YEAR: f.year, K_NUMBER: f.number, K_RANGE: (period.start, period.end),
        K_MODEL: f.model_type,
    }
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value
        elif key != K_RANGE or len(st.session_state[key] or ()) == 2:
            # (a range half picked, its first day only, is left to the picker)
            st.session_state[key] = st.session_state[key]


def _mapping_pairs() -> list[tuple[str, str | None]]:
    pairs = data.query("unit_mapping")[["commune_code", "commune_code_2025"]]
    return list(pairs.itertuples(index=False, name=None))


def _names_by_set() -> dict[str, dict[str, str]]:
    return {unit_set: data.unit_names(unit_set) for unit_set in UNIT_SETS}


def _switch_notice(to_set: str, codes: list[str], names: dict[str, str]) -> str:
    shown = ", ".join(names[c] for c in codes) or "tất cả các xã"
    return f"Đã chuyển các xã đã chọn sang đơn vị {SET_SINCE[to_set]}: {shown}."


def _carry_communes_over() -> None:
    """on_change of the unit set: the chosen communes become the matching units of the new set
    (2024 -> the 2025 communes they merged into; 2025 -> every 2024 commune inside), so the
    same area stays selected. Runs before the script, with the new unit set in session state."""
    st.session_state[_PINNED_KEY] = True
    _map_choice(st.session_state[K_UNIT])


def _map_choice(to_set: str) -> None:
    chosen = st.session_state.get(K_COMMUNES) or []
    if not chosen:
        return
    mapped = map_communes(chosen, to_set, _mapping_pairs())
    names = data.unit_names(to_set)
    st.session_state[K_COMMUNES] = [c for c in names if c in mapped]  # Vietnamese order
    st.session_state[_SWITCH_KEY] = _switch_notice(to_set, st.session_state[K_COMMUNES], names)


def _on_pick() -> None:
    """on_change of the commune picker: a unit of the other set was picked (found by its old or
    new name) -> switch to that set, carrying the rest of the choice over, and say so."""
    current = st.session_state[K_UNIT]
    unit_set, codes = resolve_pick(st.session_state.get(K_COMMUNES) or [], current,
                                   _mapping_pairs())
    if unit_set == current:
        return
    names = data.unit_names(unit_set)
    st.session_state[K_UNIT] = unit_set
    st.session_state[_PINNED_KEY] = True
    st.session_state[K_COMMUNES] = [c for c in names if c in codes]
    st.session_state[_SWITCH_KEY] = _switch_notice(unit_set, st.session_state[K_COMMUNES], names)


def _widget_period() -> Filters | None:
    """The period the period widgets hold now (in an on_change, before the script reads
    them); None for a half-picked range."""
    s = st.session_state
    kind = s.get(K_PERIOD, "year")
    limit = 4 if "quarter" in kind else 12
    f = Filters(period_kind=kind, year=s.get(K_YEAR, 2024),
                number=min(s.get(K_NUMBER, 1), limit), today=today_local())
    if kind == "range":
        value = s.get(K_RANGE)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            return None
        f = replace(f, start=value[0], end=value[1])
    return f


def _follow_period() -> None:
    """on_change of the period widgets: unless the unit set was chosen by hand, it follows
    the period (the units in force on its last day: a period ending after 30/06/2025 is read
    in the new xã), carrying the chosen communes over and saying so."""
    if st.session_state.get(_PINNED_KEY):
        return
    f = _widget_period()
    if f is None:
        return
    to_set = unit_set_for(f.period)
    if to_set == st.session_state.get(K_UNIT):
        return
    st.session_state[K_UNIT] = to_set
    _map_choice(to_set)
    names = data.unit_names(to_set)
    shown = ", ".join(names[c] for c in st.session_state.get(K_COMMUNES) or [] if c in names)
    st.session_state[_SWITCH_KEY] = (
        f"Kỳ đã chọn kết thúc {'sau' if to_set == '2025' else 'trước'} 01/7/2025: đã chuyển "
        f"sang đơn vị hành chính {SET_SINCE[to_set]}" + (f" ({shown})." if shown else "."))


def _initial_filters() -> Filters:
    if FILTERS_KEY in st.session_state:
        return st.session_state[FILTERS_KEY]
    if _url_dict():
        if "unit" in _url_dict():
            st.session_state[_PINNED_KEY] = True
        parsed = parse_query(_url_dict(), data.valid_units(), set(data.model_type_labels()),
                             default=default_filters())
        st.session_state[_NOTICES_KEY] = parsed.dropped
        return parsed.filters
    return default_filters()


def _data_status() -> bool:
    """The data's problems in the sidebar. False when there is no data to show."""
    store = data.store()
    if store.problems:
        lines = summarize(store.problems, cap=8)
        kept = "Đang dùng dữ liệu hợp lệ gần nhất." if store.version else \
            "Chưa có dữ liệu hợp lệ để hiển thị."
        st.warning("**Dữ liệu vừa thay đổi có lỗi** — " + kept + "\n\n" +
                   md_list(lines), icon="⚠️")  # the lines quote cells of the files
    return bool(store.version)


def data_dates_text(done: dt.date | None, latest: dt.date | None) -> tuple[str, str]:
    """The sidebar's two lines on how far the data go: the day the figures of the units in
    view are complete to (each reported or has records past it: antt.data.complete, the rule
    of the line under the tiles), then the newest record, which may be a later day of one
    commune (a record dated today), and why it is not the first."""
    first = f"Số liệu đủ đến hết {date_short(done)}" if done else "Chưa có số liệu đủ"
    if latest is None:
        return first, "Chưa có bản ghi nào."
    second = f"Bản ghi mới nhất: {date_short(latest)}"
    if done is None or latest > done:
        after = f"sau {date_short(done)} có" if done else "có"
        second += f" ({after} xã đang xem chưa đủ số liệu)"
    return first, second + "."


# One row from 1280 px screens with the sidebar open (about 990 px of page): fixed widths (px)
# that fit the longest choice of each box (KIND_SHORT), the commune picker taking the rest.
# The row wraps on narrower screens. Measured in Chromium at 1280x720 and 1366x768.
_WIDTH = {"unit": 165, "kind": 200, "year": 90, "number": 80, "range": 245, "model": 190}
UNIT_SHORT = {"2024": "Trước 01/7/2025", "2025": "Từ 01/7/2025"}
# The period kinds as the box shows them: under the label "Kỳ báo cáo" the Decree 09/2019
# periods read like the calendar ones ("Tháng (dương lịch)", "Tháng (NĐ 09/2019)") and fit the
# box whole. Exports and the summary keep antt.indicators.periods.PERIOD_LABELS.
KIND_SHORT = {**PERIOD_LABELS, "report_month": "Tháng (NĐ 09/2019)",
              "report_quarter": "Quý (NĐ 09/2019)", "report_6m": "6 tháng (NĐ 09/2019)",
              "report_9m": "9 tháng (NĐ 09/2019)", "report_year": "Năm (NĐ 09/2019)"}


def render_filters() -> Filters | None:
    """The data stamps in the sidebar and the filter bar at the top of the page; the filters
    are stored in session state and the URL. None when there is no valid data at all (the
    caller stops)."""
    with st.sidebar:
        if not _data_status():
            return None
    f = _initial_filters()
    _seed_widgets(f)
    with st.container(key="filter_bar", gap="xsmall"):
        for notice in st.session_state.pop(_NOTICES_KEY, []):
            st.warning(md(notice), icon="⚠️")  # quotes a value from the URL
        f = _filter_row()
        _summary(f)
    st.session_state[FILTERS_KEY] = f
    write_url(f)
    with st.sidebar:
        # The newest record may be today's, or one commune's: the figures of the units in view
        # are complete (each reported or has records) only to the first day (issue 28).
        first, second = data_dates_text(through.for_filters(f).complete,
                                        data.latest_record_date())
        st.markdown(f"**{first}**")
        st.caption(second)
        changed = data.store().files_changed_at
        if changed:
            st.caption(f"Dữ liệu cập nhật lúc {datetime_short(changed)}")
    return f


render_sidebar = render_filters  # the name app.py and older tests know


def _filter_row() -> Filters:
    with st.container(horizontal=True, gap="xsmall", vertical_alignment="bottom"):
        unit_set = st.selectbox("Đơn vị hành chính", list(UNIT_SETS), key=K_UNIT,
                                format_func=UNIT_SHORT.get, on_change=_carry_communes_over,
                                width=_WIDTH["unit"], help="\n\n".join(
                                    f"{UNIT_SHORT[k]}: {v}." for k, v in UNIT_SETS.items()))
        names = _names_by_set()
        district_shortcut(unit_set, K_COMMUNES, names)  # a province: several old districts
        # Built once per data version for every session (quadratic in the communes: ~0,4 s a
        # run with 2.083 of them; antt.cache); read only.
        options = data.shared(("picker_options", unit_set),
                              lambda: picker_options(unit_set, names, _mapping_pairs()))
        # A switch of unit set has already mapped the choice (_carry_communes_over, _on_pick);
        # what is still not an option (a stale code) cannot be drawn: drop it.
        st.session_state[K_COMMUNES] = [c for c in st.session_state[K_COMMUNES]
                                        if c in names[unit_set]]
        communes = st.multiselect(
            view_text.unit_label(unit_set), list(options), key=K_COMMUNES,
            format_func=lambda c: options.get(c, c), on_change=_on_pick,
            placeholder=view_text.ALL_COMMUNES, width="stretch",
            help="Để trống: tất cả các xã. Gõ tên xã cũ hoặc mới (trước hoặc sau 01/7/2025): "
                 "chọn một xã của bộ đơn vị kia thì bộ lọc chuyển sang bộ đơn vị đó.",
        )
        kind = st.selectbox("Kỳ báo cáo", list(KIND_SHORT), key=K_PERIOD,
                            format_func=KIND_SHORT.get, width=_WIDTH["kind"],
                            on_change=_follow_period)
        year, number, start, end = _period_widgets(kind)
        labels = data.model_type_labels()
        if st.session_state[K_MODEL] not in ("", *labels):
            st.session_state[K_MODEL] = ""
        model_type = st.selectbox(
            "Loại mô hình", ["", *labels], key=K_MODEL, width=_WIDTH["model"],
            format_func=lambda v: labels.get(v, v) if v else view_text.ALL_MODEL_TYPES,
        )
    return Filters(unit_set=unit_set, communes=tuple(communes), period_kind=kind, year=year,
                   number=number, start=start, end=end, model_type=model_type,
                   today=today_local())


def summary_line(f: Filters, unit_names: dict[str, str], model_labels: dict[str, str],
                 latest: dt.date | None, incomplete: bool = False) -> str:
    """'Đang xem: Tất cả xã (từ 01/7/2025) · năm 2024 (01/01/2024 – 31/12/2024) · Tất cả loại
    mô hình': the one description of the view on every page (the pages add none): the period
    as counted (ended at the data date `latest`), marked "chưa đủ số liệu" when `incomplete`
    (some unit in scope has no complete data through its end: antt.data.complete). The cùng
    kỳ days are in the tooltip of every tile that compares with them
    (antt.indicators.kpi_cards.card_help). Plain text: escape it before drawing it as
    Markdown."""
    model = model_labels.get(f.model_type, f.model_type) if f.model_type \
        else view_text.ALL_MODEL_TYPES
    mark = " · kỳ chưa đủ số liệu" if incomplete else ""
    return (f"Đang xem: {view_text.scope_text(f, unit_names)} ({SET_SINCE[f.unit_set]}) · "
            f"{view_text.period_text(f, latest)}{mark} · {model}")


def _summary(f: Filters) -> None:
    """One line stating the active filters, and how the chosen communes map to the other
    unit set (or the notice of a switch that just happened)."""
    names = _names_by_set()
    latest = data.latest_record_date()
    incomplete = bool(through.for_filters(f).missing(f.comparison(latest).current.end))
    st.caption(md(summary_line(f, names[f.unit_set], data.model_type_labels(), latest,
                               incomplete)))
    if switched := st.session_state.pop(_SWITCH_KEY, None):
        st.caption(md(switched))
    elif f.communes:
        pairs = _mapping_pairs()
        lines = [mapping_text(f.unit_set, c, names, pairs) for c in f.communes[:3]]
        more = f" (và {len(f.communes) - 3} xã khác)" if len(f.communes) > 3 else ""
        st.caption(md("; ".join(lines) + more))


def _period_widgets(kind: str) -> tuple[int, int, dt.date | None, dt.date | None]:
    """Year and quarter/month selectors, or a from/to date range."""
    year = st.session_state[K_YEAR]
    number = st.session_state[K_NUMBER]
    if kind in RELATIVE_KINDS:
        return year, number, None, None  # counted back from today: nothing to choose
    if kind == "range":
        value = st.date_input("Từ ngày – đến ngày", key=K_RANGE, format="DD/MM/YYYY",
                              width=_WIDTH["range"], on_change=_follow_period)
        if isinstance(value, (tuple, list)) and len(value) == 2:
            return year, number, value[0], value[1]
        # Half-picked range (first click only): keep the last full one.
        previous = st.session_state.get(FILTERS_KEY)
        if isinstance(previous, Filters) and previous.period_kind == "range":
            return year, number, previous.start, previous.end
        start = value[0] if value else dt.date(year, 1, 1)
        return year, number, start, start
    years = data.data_years()
    if st.session_state[K_YEAR] not in years:
        st.session_state[K_YEAR] = years[-1]
    year = st.selectbox("Năm", years, key=K_YEAR, width=_WIDTH["year"],
                        on_change=_follow_period)
    if "quarter" in kind or kind == "month" or kind == "report_month":
        limit = 4 if "quarter" in kind else 12
        if st.session_state[K_NUMBER] > limit:
            st.session_state[K_NUMBER] = 1
        number = st.selectbox("Quý" if limit == 4 else "Tháng", list(range(1, limit + 1)),
                              key=K_NUMBER, width=_WIDTH["number"], on_change=_follow_period)
    # Keep the range picker in step, so switching to "range" starts from this period.
    period = Filters(period_kind=kind, year=year, number=number).period  # type: ignore[arg-type]
    st.session_state[K_RANGE] = (period.start, period.end)
    return year, number, None, None


def filters_with(**changes) -> Filters:
    """The current filters with some fields changed (for page-level shortcuts)."""
    return replace(st.session_state.get(FILTERS_KEY) or default_filters(), **changes)
