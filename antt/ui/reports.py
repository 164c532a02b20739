"""Reporting progress in Streamlit: the "Tiến độ báo cáo" page's parts, the completeness notes
of the dashboards ("Số liệu đủ: 6/6 xã …", "Kỳ chưa đủ số liệu: …", a "Báo cáo" column) and the
report actions of the Dữ liệu page. The rules are in antt.data.report_rules, antt.data.complete
and antt.reporting; this caches and draws."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from antt.access import editors_file
from antt.data import report_rules
from antt.indicators import like_for_like, view_text
from antt.indicators.filters import Filters
from antt.reporting import approval, progress
from antt.reporting.coverage import Summary
from antt.reporting.progress import latest_ended
from antt.text.escape import md
from antt.text.fmt import date_short, number, percent, today_local
from antt.ui.data import latest_record_date, store
from antt.ui.downloads import download_buttons, table_with_downloads
from antt.ui.editor_auth import recheck
from antt.ui.quality import report_flags_note
from antt.ui.state import View
from antt.ui.through import _reports, _settings_stamp, for_filters, reports
from antt.ui.write_action import run_write

# Short cell texts of the grid (the legend uses coverage.CELL_LABELS).
CELL_TEXT = {
    "approved": "Đã duyệt", "on_time": "Đúng hạn", "late": "Muộn", "partial": "Chưa đủ",
    "returned": "Bị trả lại", "missing": "Chưa nộp", "not_due": "Chưa đến hạn",
}
CELL_COLOURS = {  # background, text: colour-blind safe pairs, readable on a projector
    "approved": ("#1b7837", "#ffffff"), "on_time": ("#a6dba0", "#10391a"),
    "late": ("#fdb863", "#4a2a00"), "partial": ("#fee0b6", "#4a2a00"),
    "returned": ("#d6604d", "#ffffff"), "missing": ("#b2182b", "#ffffff"),
    "not_due": ("#f0f0f0", "#555555"),
}


# ---------------------------------------------------------------- cached computations


@st.cache_data(show_spinner=False, max_entries=64)
def _grid(version: str, data_dir: str, stamp: int, periods: tuple[str, ...], display: str,
          communes: tuple[str, ...], today: dt.date):
    return _reports(version, data_dir, stamp).grid(list(periods), display, communes, today)


def unit_word(unit_set: str) -> str:
    return "xã, thị trấn" if unit_set == "2024" else "xã"


def counted_lines(f: Filters) -> list[str]:
    """What a view's figures count, by the one completeness rule (antt.data.complete): every
    unit in scope, complete or not ('Số liệu đủ: 6/6 xã …', or 'Kỳ chưa đủ số liệu: …; các số
    liệu đã gồm …'), and why cùng kỳ is not compared when it is not. Plain text lines (escape
    them before drawing)."""
    c = f.comparison(latest_record_date())
    through = for_filters(f)
    text = like_for_like.incomplete_text(c, through)
    if text is None:
        n = number(len(through.units))
        text = (f"Số liệu đủ: {n}/{n} {unit_word(f.unit_set)} đã báo cáo hoặc có số liệu đến "
                f"hết {date_short(c.current.end)}.")
    reason = like_for_like.not_comparable_detail(c, through)
    return [text, *([f"Chưa so sánh với cùng kỳ: {reason}."] if reason else [])]


def counted_caption(f: Filters) -> None:
    """Under the overview tiles: counted_lines as a caption."""
    lines = counted_lines(f)
    icons = (":material/fact_check:", ":material/warning:")
    if for_filters(f).missing(f.comparison(latest_record_date()).current.end):
        icons = (":material/warning:", ":material/warning:")
    st.caption("  \n".join(f"{icon} {md(line)}" for icon, line in zip(icons, lines)))


def unit_status(f: Filters) -> dict[str, str]:
    """unit code -> 'đủ' or 'chưa đủ (đến 27/10/2026)' for the period counted."""
    end = f.comparison(latest_record_date()).current.end
    return {u.code: "đủ" if u.through and u.through >= end else (
        f"chưa đủ (đến {date_short(u.through)})" if u.through else "chưa có số liệu")
        for u in for_filters(f).units}


def mark_table(f: Filters, frame: pd.DataFrame) -> pd.DataFrame:
    """A per-unit frame (unit_code, …) for a table, with a 'report_status' column ('đủ',
    'chưa đủ (đến 27/10/2026)'). Values are never blanked: the table counts what the tiles
    count, so its total is the tile."""
    if "unit_code" not in frame.columns:
        return frame
    return frame.assign(report_status=frame["unit_code"].map(unit_status(f)).fillna(""))


def unit_columns(f: Filters, columns: list[str]) -> list[str]:
    """`columns` with 'report_status' after the unit name."""
    i = columns.index("unit_name") + 1 if "unit_name" in columns else 0
    return [*columns[:i], "report_status", *columns[i:]]


# ---------------------------------------------------------------- the page


def period_range(f: Filters, settings: report_rules.Settings, today: dt.date) -> list[str]:
    """The reporting months of the filters' period, from the start month, not after the
    period being reported now."""
    periods = report_rules.periods_overlapping(f.period.start, f.period.end)
    last = report_rules.shift_period(latest_ended(today), 1)  # the running month shows not due
    return [p for p in periods if settings.start <= p <= last]


def show_page(view: View) -> None:
    f = view.filters
    rep = reports()
    for problem in rep.settings.problems:
        st.warning(md(problem))
    with st.expander("Cách tính", icon=":material/rule:"):
        st.markdown(md(rep.settings.rules_text()))
    if not rep.settings.tracking:
        return
    today = today_local()
    periods = period_range(f, rep.settings, today)
    if not periods:
        start = report_rules.period_label(rep.settings.start)
        st.info(f"Kỳ đã chọn trước kỳ bắt đầu theo dõi ({start}) hoặc chưa tới: không có báo "
                "cáo nào phải nộp.")
        return
    s = store()
    grid, summary = _grid(s.version, str(s.data_dir), _settings_stamp(s.data_dir),
                          tuple(periods), f.unit_set, tuple(f.communes), today)
    _missing_now(summary, rep.settings, f.unit_set)
    _rates(summary, len(periods), f.unit_set)
    st.subheader(f"Theo {unit_word(f.unit_set)} và kỳ")
    st.caption(md(legend_text(rep.settings)))
    table = grid_table(grid, f.unit_set)
    st.dataframe(table.style.map(_cell_style), hide_index=True, key="report_grid_table",
                 height=min(40 + 37 * len(table), 740))  # every unit in view (18 at most)
    download_buttons(table, view.stem("tien-do-bao-cao"), view.filter_lines(), "report_grid")
    st.subheader("Tỷ lệ theo xã")
    table_with_downloads(_unit_rates(summary, f.unit_set), view.stem("ty-le-bao-cao"),
                         view.filter_lines(), key="report_rates")


def _missing_now(summary: Summary, settings: report_rules.Settings, unit_set: str) -> None:
    if summary.current is None:
        return
    period = summary.current
    due = settings.deadline(period)
    head = f"Kỳ {report_rules.period_text(period)}, hạn nộp {date_short(due)}"
    if summary.missing_now.empty:
        st.success(md(f"{head}: mọi {unit_word(unit_set)} đã nộp."),
                   icon=":material/task_alt:")
        return
    names = [f"{r.unit_name} ({CELL_TEXT[r.cell].lower()})"
             for r in summary.missing_now.itertuples()]
    st.error(md(f"{head}: {number(len(names))} {unit_word(unit_set)} chưa báo cáo: "
                + ", ".join(names) + "."),
             icon=":material/assignment_late:")


def _rates(summary: Summary, periods: int, unit_set: str) -> None:
    """The four rates, every count in the unit set shown (antt.reporting.coverage.summarize):
    the same figures as `python -m antt report status`."""
    word = unit_word(unit_set)
    cols = st.columns(4)
    cols[0].metric("Tỷ lệ báo cáo", percent(summary.rate), border=True,
                   help=f"Đã nộp / phải nộp: {number(summary.reported)}/"
                        f"{number(summary.expected)} báo cáo trong {number(periods)} kỳ (mỗi "
                        f"{word} một báo cáo mỗi kỳ).")
    cols[1].metric("Tỷ lệ đúng hạn", percent(summary.on_time_rate), border=True,
                   help=f"Nộp đúng hạn / phải nộp: {number(summary.on_time)}/"
                        f"{number(summary.expected)} báo cáo. Đúng hạn trong số đã nộp: "
                        f"{number(summary.on_time)}/{number(summary.reported)} "
                        f"({percent(summary.on_time_of_received)}).")
    cols[2].metric("Báo cáo đều", percent(summary.regular_rate), border=True,
                   help=f"{number(summary.regular_units)}/{number(summary.units)} {word} đã "
                        "báo cáo đủ mọi kỳ trong khoảng đã chọn.")
    cols[3].metric("Đã duyệt", f"{number(summary.approved)}/{number(summary.expected)}",
                   border=True, help="Số báo cáo đã được duyệt (số liệu đã khóa) / phải nộp.")


def legend_text(settings: report_rules.Settings) -> str:
    return (f"Đúng hạn: nộp chậm nhất {settings.deadline_days} ngày sau ngày cuối kỳ. Muộn: nộp "
            "sau hạn. Bị trả lại: chưa nộp lại. Chưa đủ k/n: k trong n xã, thị trấn cũ hợp "
            "thành đã nộp. Chưa đến hạn: kỳ đang chạy hoặc còn trong hạn nộp.")


def _cell_style(text) -> str:
    for key, label in CELL_TEXT.items():
        if isinstance(text, str) and text.startswith(label):
            bg, fg = CELL_COLOURS[key]
            return f"background-color: {bg}; color: {fg}"
    return ""


def grid_table(grid: pd.DataFrame, unit_set: str) -> pd.DataFrame:
    """Units as rows, reporting months as columns ('10/2024'), cell texts as values."""
    if grid.empty:
        return pd.DataFrame()
    text = grid.assign(text=[_cell_text(r) for r in grid.itertuples()],
                       month=[f"{p[5:]}/{p[:4]}" for p in grid["period"]])
    table = text.pivot(index="unit_name", columns="month", values="text")
    table = table[[f"{p[5:]}/{p[:4]}" for p in sorted(grid["period"].unique())]]
    order = list(dict.fromkeys(grid["unit_name"]))
    table = table.reindex(order).reset_index()
    return table.rename(columns={"unit_name": view_text.unit_label(unit_set)})


def _cell_text(r) -> str:
    if r.cell == "partial":
        return f"Chưa đủ {int(r.reported)}/{int(r.natives)}"
    return CELL_TEXT[r.cell]


def _unit_rates(summary: Summary, unit_set: str) -> pd.DataFrame:
    per = summary.per_unit
    return pd.DataFrame({
        view_text.unit_label(unit_set): per["unit_name"],
        "Báo cáo đã nộp": per["reported"].astype(int),
        "Báo cáo phải nộp": per["expected"].astype(int),
        "Tỷ lệ báo cáo (%)": (per["rate"].astype(float) * 100).round(1),
        "Tỷ lệ đúng hạn (%)": (per["on_time_rate"].astype(float) * 100).round(1),
        "Đúng hạn / đã nộp (%)": (
            per["on_time_of_received"].astype(float) * 100).round(1),
        "Đã duyệt": per["approved"].astype(int),
        "Báo cáo đều": per["regular"].map({True: "có", False: "không"}),
    })


# ---------------------------------------------------------------- the Dữ liệu page's actions


def show_actions(editor: editors_file.Editor) -> None:
    """Submit a period ("Báo cáo kỳ này đã đủ"); for an editor of every commune also approve,
    send back (with a note) or reopen (with a reason)."""
    rep = reports()
    today = today_local()
    data_dir = store().data_dir
    period_default = latest_ended(today)
    choices = report_rules.periods_between(
        min(rep.settings.start or period_default, period_default), period_default)[::-1][:36]
    left, right = st.columns(2)
    period = left.selectbox("Kỳ báo cáo", choices, key="report_period",
                            format_func=report_rules.period_text)
    unit_set = report_rules.unit_set_of(period)
    names = rep.units.names(unit_set)
    allowed = [c for c in names if rep.units.covers(editor.communes, c)]
    if not allowed:
        st.info("Bạn không được báo cáo cho xã nào của kỳ này.")
        return
    unit = right.selectbox(view_text.unit_label(unit_set), allowed, key="report_unit",
                           format_func=names.get)
    state = rep.states[(rep.states["unit_code"] == unit) & (rep.states["period"] == period)]
    st.caption(md(_state_text(state, rep.settings, period)))
    if not editor.restricted:  # the approver sees the month's data-quality flags (issue 26)
        report_flags_note(unit, period)
    note = st.text_input("Ghi chú / lý do (bắt buộc khi trả lại, mở khóa)", key="report_note",
                         max_chars=300)
    buttons = st.container(horizontal=True)
    actions = [("submit", "Báo cáo kỳ này đã đủ", "primary")]
    if not editor.restricted:
        actions += [("approve", "Duyệt", "secondary"), ("return", "Trả lại", "secondary"),
                    ("reopen", "Mở khóa", "secondary")]
    clicked = [a for a, label, kind in actions
               if buttons.button(label, key=f"report_{a}", type=kind)]
    if not clicked:
        return
    editor = recheck(editor)  # locked meanwhile: nothing recorded; new communes: checked
    run_write(lambda: approval.act(data_dir, clicked[0], unit, period, editor.name, note,
                                   communes=editor.communes))


def _state_text(state: pd.DataFrame, settings: report_rules.Settings, period: str) -> str:
    due = f"hạn nộp {date_short(settings.deadline(period))}"
    if state.empty:
        return f"Trạng thái: chưa nộp ({due})."
    r = state.iloc[0]
    if r["state"] == report_rules.APPROVED:
        return (f"Trạng thái: đã duyệt ngày {date_short(r['approved_on'])} "
                f"({r['approved_by']}): số liệu của kỳ đã khóa.")
    if r["state"] == report_rules.RETURNED:
        return f"Trạng thái: bị trả lại ({r['note'] or 'không ghi lý do'}); {due}."
    return (f"Trạng thái: đã nộp ngày {date_short(r['submitted_on'])} ({r['submitted_by']}), "
            f"chờ duyệt; {due}.")


# ---------------------------------------------------------------- the notice


def approved_cutoff(unit_set: str, communes: tuple[str, ...], date_to: dt.date
                    ) -> tuple[dt.date | None, str]:
    """antt.reporting.progress.approved_cutoff on the current data (the notice page)."""
    return progress.approved_cutoff(reports(), unit_set, communes, date_to)
