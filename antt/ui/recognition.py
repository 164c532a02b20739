"""The "Công nhận An toàn về ANTT" page's parts: the year and communes, the deadlines with a
countdown, the status by commune and village, what is missing, and the downloads. The rules
and the assessment are in antt.recognition; this caches and draws. The entry form is in
antt/ui/recognition_form.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from antt import cache
from antt.recognition import workbook
from antt.recognition.assess import (
    FAILED,
    INCOMPLETE,
    MISSING,
    NOT_MET,
    PASSED,
    Assessment,
    assess,
    days_left,
)
from antt.recognition.draft import draft_files
from antt.recognition.rules import LEVEL_LABELS, RulesError, rules_path, unit_set_of
from antt.text.escape import md
from antt.text.fmt import date_short, number, today_local
from antt.ui import tables
from antt.ui.data import store, unit_names
from antt.ui.recognition_form import show_entry


def default_year(today: dt.date) -> int:
    """The year whose villages' window (to 31/10) is the latest one begun: from 01/11 the
    next year's window runs, but the year just ended is the one to decide until the end of
    the year, so the page opens on the current calendar year."""
    return today.year


def assessment(year: int, communes: tuple[str, ...]) -> Assessment:
    """The year's assessment, cached per data version, year and communes."""
    s = store()
    stamp = rules_path(s.data_dir).stat().st_mtime_ns
    key = ("recognition", str(s.data_dir), s.version, stamp, year, communes)
    return cache.VALUES.get(key, lambda: assess(year, s.data_dir, communes))


def pick_scope(today: dt.date) -> tuple[int, tuple[str, ...]]:
    left, right = st.columns([1, 4])
    years = list(range(today.year + 1, 2020, -1))
    year = left.selectbox("Năm đánh giá", years, index=years.index(default_year(today)),
                          key="recognition_year")
    names = unit_names(unit_set_of(year))
    picked = right.multiselect(
        "Xã" + (" (từ 01/7/2025)" if unit_set_of(year) == "2025" else " (trước 01/7/2025)"),
        list(names), format_func=lambda c: names.get(c, c), key=f"recognition_communes_{year}",
        placeholder="Tất cả các xã")
    return year, tuple(picked)


def deadlines_table(result: Assessment, today: dt.date) -> pd.DataFrame:
    rows = [{"Việc": d.name, "Hạn": date_short(d.on), "Còn lại": days_left(d.on, today),
             "Căn cứ": d.citation} for d in result.rules.deadlines_of(result.year)]
    w = result.windows
    for level in ("thon", "xa"):
        rows.append({"Việc": f"Hết mốc thời gian đánh giá ({LEVEL_LABELS[level]})",
                     "Hạn": date_short(w[level].end),
                     "Còn lại": days_left(w[level].end, today), "Căn cứ": w[level].citation})
    return pd.DataFrame(rows)


def next_deadline(result: Assessment, today: dt.date) -> str:
    """The countdown line: the next deadline of the year, or that all have passed."""
    dates = sorted([(d.on, d.name) for d in result.rules.deadlines_of(result.year)]
                   + [(w.end, f"Hết mốc đánh giá ({LEVEL_LABELS[lvl]})")
                      for lvl, w in result.windows.items()])
    ahead = [(on, name) for on, name in dates if on >= today]
    if not ahead:
        return (f"Đã qua mọi hạn của năm {result.year} (hạn cuối {date_short(dates[-1][0])}, "
                f"{days_left(dates[-1][0], today)}); xem thẻ “Hạn”.") if dates else ""
    on, name = ahead[0]
    return f"Hạn gần nhất: {md(name)}, {date_short(on)} ({days_left(on, today)})."


def counts(result: Assessment) -> dict[str, int]:
    """The page's figures (the workbook's summary sheet must hold the same)."""
    villages = [v.result for v in result.villages]
    communes = [c.result for c in result.communes]
    return {"thôn": len(villages), "thôn đạt": villages.count(PASSED),
            "thôn không đạt": villages.count(FAILED),
            "thôn chưa đủ thông tin": villages.count(INCOMPLETE),
            "xã": len(communes), "xã đạt": communes.count(PASSED),
            "xã không đạt": communes.count(FAILED),
            "xã chưa đủ thông tin": communes.count(INCOMPLETE)}


def missing_table(result: Assessment) -> pd.DataFrame:
    """Per criterion: how many units have it not yet entered or not decidable."""
    rows = []
    for crit in result.rules.criteria:
        units = result.villages if crit.level == "thon" else result.communes
        n = sum(1 for u in units for c in u.checks if c.criterion.id == crit.id
                and c.status == MISSING)
        if n:
            rows.append({"Cấp": LEVEL_LABELS[crit.level], "Số đơn vị chưa có": n,
                         "Nguồn": "nhập" if crit.entered else "tính từ dữ liệu",
                         "Tiêu chí": crit.name, "Căn cứ": crit.citation})
    return pd.DataFrame(rows)


def village_frame(result: Assessment, commune: str) -> pd.DataFrame:
    return pd.DataFrame([{"Mã thôn": v.code, "Tên thôn": v.name, "Kết quả": v.result,
                          "Lý do chính": v.first_reason}
                         for v in result.villages_of(commune)])


def checks_frame(unit) -> pd.DataFrame:
    return pd.DataFrame([{"Kết quả": c.status, "Tiêu chí": c.criterion.name,
                          "Lý do, bản ghi": c.reason, "Căn cứ": c.criterion.citation,
                          "Xác minh": "" if c.criterion.verified else "chưa xác minh"}
                         for c in unit.checks])


def show_page() -> None:
    today = today_local()
    year, communes = pick_scope(today)
    try:
        result = assessment(year, communes)
    except RulesError as exc:
        st.error("Không đọc được tệp tiêu chí recognition.toml:\n\n"
                 + "\n".join(f"- {md(m)}" for m in exc.messages))
        return
    w = result.windows
    st.caption(
        f"Đánh giá theo TT 124/2021/TT-BCA (sửa đổi bởi TT 48/2025/TT-BCA), đơn vị hành chính "
        f"{'từ 01/7/2025' if result.unit_set == '2025' else 'trước 01/7/2025'}. Mốc đánh giá: "
        f"thôn {date_short(w['thon'].start)}–{date_short(w['thon'].end)}, xã "
        f"{date_short(w['xa'].start)}–{date_short(w['xa'].end)}. Kết quả tính từ dữ liệu là đề "
        f"xuất; thiếu tiêu chí nhập thì là “chưa đủ thông tin”, không bao giờ là “đạt”. Trang "
        f"dùng năm và xã chọn ở trên, không dùng bộ lọc thời gian, loại mô hình của thanh lọc.")
    st.caption(next_deadline(result, today))
    c = counts(result)
    cols = st.columns(4)
    cols[0].metric("Thôn đạt", f"{number(c['thôn đạt'])}/{number(c['thôn'])}")
    cols[1].metric("Thôn không đạt", number(c["thôn không đạt"]))
    cols[2].metric("Thôn chưa đủ thông tin", number(c["thôn chưa đủ thông tin"]))
    cols[3].metric("Xã đạt", f"{number(c['xã đạt'])}/{number(c['xã'])}")
    status, missing, deadlines, files, entry = st.tabs(
        ["Kết quả theo xã, thôn", "Còn thiếu", "Hạn", "Tải về", "Nhập tiêu chí"])
    with status:
        show_status(result)
    with missing:
        frame = missing_table(result)
        if frame.empty:
            st.success("Mọi tiêu chí của mọi đơn vị đã có kết quả.")
        else:
            tables.show(frame, key="recognition_missing", totals=False)
    with deadlines:
        tables.show(deadlines_table(result, today), key="recognition_deadlines", totals=False)
        st.caption("Hạn hoàn thành xét công nhận theo TT 124 chưa tìm thấy trong văn bản đọc "
                   "được; các hạn trên lấy từ tệp recognition.toml.")
    with files:
        show_downloads(result, today)
    with entry:
        show_entry(result)
    if not result.rules.can_grade:
        st.info("Chưa xếp loại phong trào (xuất sắc, khá, trung bình, yếu) theo QĐ "
                "510/QĐ-BCA-V05: bảng điểm khu dân cư, xã và ngưỡng xếp loại chưa có trong "
                "tệp tiêu chí, nên trang không chấm điểm.")


def show_status(result: Assessment) -> None:
    tables.show(result.summary(), key="recognition_summary", totals=True,
                not_summed=("Mã xã",))
    names = {u.code: u.name for u in result.communes}
    if not names:
        return
    code = st.selectbox("Xem chi tiết xã", list(names), format_func=lambda c: names[c],
                        key=f"recognition_detail_{result.year}")
    commune = next(u for u in result.communes if u.code == code)
    st.markdown(f"**{md(commune.name)}: {md(commune.result.lower())}**")
    tables.show(checks_frame(commune), key="recognition_commune_checks", totals=False)
    st.markdown("**Thôn, khối phố**")
    tables.show(village_frame(result, code), key="recognition_villages", totals=False)
    failing = [v for v in result.villages_of(code) if v.result != PASSED]
    if failing:
        picked = st.selectbox("Xem các tiêu chí của thôn", [v.code for v in failing],
                              format_func=lambda c: next(v.name for v in failing
                                                         if v.code == c),
                              key=f"recognition_village_{result.year}_{code}")
        village = next(v for v in failing if v.code == picked)
        tables.show(checks_frame(village), key="recognition_village_checks", totals=False)
    notes = [c for c in commune.checks if c.status == NOT_MET]
    if notes:
        st.caption("Tiêu chí không đạt của xã: " + "; ".join(md(c.criterion.name)
                                                              for c in notes))


def show_downloads(result: Assessment, today: dt.date) -> None:
    """The files are built when a button is clicked (Streamlit calls the function then), once
    per data version: a page run never waits for them."""
    stem = f"cong_nhan_antt_{result.year}"
    s = store()
    key = ("recognition_files", str(s.data_dir), s.version, result.year,
           tuple(u.code for u in result.communes), today)
    left, right = st.columns(2)
    left.download_button(
        "⬇️ Danh sách chấm (Excel, mỗi xã một trang)",
        lambda: cache.payload(key + ("xlsx",), lambda: workbook.scored_workbook(result)),
        f"{stem}.xlsx", key="recognition_xlsx")
    left.download_button(
        "⬇️ Tệp mẫu nhập tiêu chí (Excel)",
        lambda: cache.payload(key + ("template",), lambda: workbook.entry_template(result)),
        f"{stem}_mau_nhap.xlsx", key="recognition_template")
    signer = right.text_input("Người ký (dự thảo)", key="recognition_signer", max_chars=100)

    def draft(kind: int) -> bytes:
        return cache.VALUES.get(key + ("draft", signer), lambda: draft_files(
            result, data_dir=s.data_dir, signer=signer, today=today))[kind]

    right.download_button("⬇️ Dự thảo thông báo kết quả (PDF)", lambda: draft(0),
                          f"{stem}_du_thao.pdf", key="recognition_pdf")
    right.download_button("⬇️ Dự thảo thông báo kết quả (DOCX)", lambda: draft(1),
                          f"{stem}_du_thao.docx", key="recognition_docx")
