"""The "Chất lượng số liệu" page's parts and the flags shown to an approver: the flags of the
sidebar's communes and period, by importance, each with its record, the rule in words and its
follow-up mark; the marks an editor sets and clears (antt.quality.marks). The checks are in
antt.quality; this caches and draws."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from antt import cache
from antt.access import editors_file
from antt.data import report_rules
from antt.data.store import get_store
from antt.indicators import view_text
from antt.indicators.filters import Filters
from antt.quality import flags as quality_flags
from antt.quality import marks
from antt.quality.rules import RULES_FILE, load_rules
from antt.text.escape import md
from antt.text.fmt import number
from antt.ui.data import store
from antt.ui.downloads import table_with_downloads
from antt.ui.editor_auth import current_editor, recheck
from antt.ui.state import View
from antt.ui.write_action import run_write

IMPORTANCE_ICONS = {"cao": ":material/error:", "trung bình": ":material/warning:",
                    "thấp": ":material/info:"}
STATE_TEXT = {quality_flags.OPEN: "Chưa xử lý", quality_flags.FOLLOWED: "Đang theo dõi",
              quality_flags.CONFIRMED: "Đã xác nhận đúng"}


def how_text(data_dir: Path) -> str:
    """How the flags are found, with the figures of the folder's rules file."""
    rules = load_rules(data_dir)
    o, m = rules.outliers, rules.missing
    return f"""\
- **Quy tắc** (tệp `rules.toml` trong thư mục dữ liệu, {number(len(rules.rules))} quy tắc): mỗi \
quy tắc so sánh hai vế (số liệu của một bản ghi, của thôn trong một ngày hay một kỳ, hoặc số \
hộ, nhân khẩu của thôn); vế nào thiếu số liệu thì quy tắc không được kiểm tra.
- **Giá trị bất thường** ({o['muc_do']}): so với chính thôn đó trong 12 kỳ báo cáo trước. \
Số buổi, cuộc, vụ trong kỳ: bất thường khi xác suất Poisson để có từ ngần ấy trở lên, với \
trung bình 12 kỳ trước, dưới {str(o['nguong_xac_suat']).replace('.', ',')} (và ít nhất \
{o['toi_thieu']} lần). Quy mô một bản ghi: từ {o['he_so']} lần trung bình các bản ghi trước \
trở lên. Cách này hợp với số nhỏ, nhiều tháng bằng 0, nơi điểm z không dùng được.
- **Có thể thiếu báo cáo** ({m['muc_do']}): xã có số liệu ít nhất {m['ky_co_so_lieu']} trong \
12 kỳ trước mà từ {m['so_ky_trong']} kỳ liền không có bản ghi nào.
- **Có thể nhập trùng** ({rules.duplicates['muc_do']}): bản ghi giống hệt một bản ghi khác ở \
mọi cột trừ mã bản ghi.
- Cảnh báo mức độ **cao** chưa xử lý thì chưa duyệt được báo cáo kỳ đó của xã: sửa bản ghi, \
hoặc "Xác nhận đúng" kèm lý do (ghi vào nhật ký). Mức trung bình, thấp chỉ để người duyệt \
xem."""


def _rules_stamp(data_dir: Path) -> int:
    try:
        return (data_dir / RULES_FILE).stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def all_flags() -> quality_flags.Flags:
    """Every flag of the current data, shared by every session (read-only) per data version
    and rules file."""
    s = store()
    key = ("quality", s.version, str(s.data_dir), _rules_stamp(s.data_dir))
    return cache.VALUES.get(key, lambda: quality_flags.check(get_store(s.data_dir)))


def in_view(frame: pd.DataFrame, f: Filters, date_from: dt.date, date_to: dt.date
            ) -> pd.DataFrame:
    """The flags of the filters' communes (either unit set) dated in the period."""
    days = frame["on_date"].dt.date
    out = frame[(days >= date_from) & (days <= date_to)]
    if f.communes:
        column = "commune_code_2025" if f.unit_set == "2025" else "commune_code"
        out = out[out[column].isin(f.communes)]
    return out


def flag_table(frame: pd.DataFrame, unit_set: str) -> pd.DataFrame:
    """The list as shown and downloaded: Vietnamese headers, one row a flag."""
    commune = frame["commune_name_2025"] if unit_set == "2025" else frame["commune_name"]
    return pd.DataFrame({
        "Mức độ": frame["importance"],
        "Theo dõi": [STATE_TEXT.get(s, s) for s in frame["state"]],
        "Kỳ báo cáo": [report_rules.period_label(p) for p in frame["period"]],
        "Ngày": frame["on_date"].dt.date,
        view_text.unit_label(unit_set): commune,
        "Thôn": frame["village_name"],
        "Mã bản ghi": frame["record_id"],
        "Cảnh báo": frame["message"],
        "Quy tắc": frame["rule_text"],
        "Ghi chú theo dõi": [f"{n} ({u})" if u else n
                             for n, u in zip(frame["mark_note"], frame["mark_user"])],
        "Bản ghi liên quan": frame["records"],
        "Mã cảnh báo": frame["flag"],
    }).reset_index(drop=True)


def show_page(view: View) -> None:
    f = view.filters
    found = all_flags()
    for problem in found.problems:
        st.warning(md(str(problem)))
    with st.expander("Cách kiểm tra", icon=":material/rule:"):
        st.markdown(how_text(store().data_dir))
    period = view.comparison.current
    scoped = in_view(found.frame, f, period.start, period.end)
    left, right = st.columns([3, 2])
    chosen = left.pills("Mức độ", list(quality_flags.IMPORTANCE_ORDER), selection_mode="multi",
                        default=list(quality_flags.IMPORTANCE_ORDER), key="quality_importance")
    only_open = right.toggle("Chỉ cảnh báo chưa xác nhận đúng", value=True, key="quality_open")
    shown = scoped[scoped["importance"].isin(chosen or [])]
    if only_open:
        shown = shown[shown["state"] != quality_flags.CONFIRMED]
    _counts(scoped)
    if shown.empty:
        st.success("Không có cảnh báo nào với bộ lọc đã chọn.", icon=":material/task_alt:")
    else:
        table = flag_table(shown, f.unit_set)
        table_with_downloads(table, view.stem("chat-luong-so-lieu"), view.filter_lines(),
                             key="quality_flags", height=min(38 + 35 * len(table), 420))
    editor = current_editor()
    st.subheader("Theo dõi cảnh báo")
    if editor is None:
        st.caption("Đăng nhập ở trang Dữ liệu để đánh dấu theo dõi, bỏ theo dõi hoặc xác nhận "
                   "đúng một cảnh báo.")
        return
    show_mark_form(shown, editor)


def _counts(scoped: pd.DataFrame) -> None:
    open_ = scoped[scoped["state"] != quality_flags.CONFIRMED]
    cols = st.columns(4)
    for col, level in zip(cols, quality_flags.IMPORTANCE_ORDER):
        col.metric(f"Mức độ {level}", number(int((open_["importance"] == level).sum())),
                   border=True, help="Số cảnh báo chưa xác nhận đúng trong bộ lọc đã chọn.")
    cols[3].metric("Đang theo dõi", number(int((scoped["state"] == quality_flags.FOLLOWED)
                                              .sum())), border=True)


def show_mark_form(shown: pd.DataFrame, editor: editors_file.Editor) -> None:
    """Pick a flag of the list, then mark it, unmark it or confirm it with a note."""
    if shown.empty:
        return
    labels = {r.flag: f"[{r.importance}] {r.record_id or r.commune_name}: {r.message}"
              for r in shown.itertuples()}
    flag = st.selectbox("Cảnh báo", list(labels), format_func=labels.get, key="quality_flag")
    note = st.text_input("Ghi chú / lý do (bắt buộc khi bỏ theo dõi, xác nhận đúng)",
                         key="quality_note", max_chars=300)
    buttons = st.container(horizontal=True)
    actions = [("follow", "Theo dõi", "primary"), ("unfollow", "Bỏ theo dõi", "secondary"),
               ("confirm", "Xác nhận đúng", "secondary")]
    clicked = [a for a, label, kind in actions
               if buttons.button(label, key=f"quality_{a}", type=kind)]
    if not clicked:
        return
    editor = recheck(editor)
    run_write(lambda: marks.act(store().data_dir, clicked[0], flag, editor.name, note,
                                communes=editor.communes))


def report_flags_note(unit: str, period: str) -> None:
    """For the approver (Dữ liệu page, Báo cáo định kỳ): the flags of a unit-period; high
    ones block approval, the others are listed to be seen."""
    flags = all_flags().for_report(unit, period)
    open_ = flags[flags["state"] != quality_flags.CONFIRMED]
    if open_.empty:
        st.caption(":material/task_alt: Không có cảnh báo chất lượng số liệu chưa xử lý "
                   "trong kỳ này.")
        return
    high = open_[open_["importance"] == quality_flags.HIGH]
    head = (f"{number(len(open_))} cảnh báo chất lượng số liệu chưa xử lý"
            + (f", {number(len(high))} mức độ cao (chưa duyệt được)" if len(high) else "")
            + " — xem trang Chất lượng số liệu:")
    lines = [f"- {IMPORTANCE_ICONS[r.importance]} {md(r.record_id or r.commune_name)}: "
             f"{md(r.message)}" for r in open_.head(8).itertuples()]
    if len(open_) > 8:
        lines.append(f"- … và {number(len(open_) - 8)} cảnh báo khác.")
    (st.error if len(high) else st.warning)(md(head) + "\n" + "\n".join(lines))
