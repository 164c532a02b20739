"""The Thông báo page's pieces: scope and period, the editable draft, the live figures, the
preview and the downloads. Widget values live in st.session_state under "nt_*" keys; a draft is
read from them on every run, so an uploaded draft or a restored paragraph is just new state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from antt.fmt import date_short, today_local
from antt.notice.build import BuildResult, build_notice, render_files
from antt.notice.draft import (
    QUYEN_HAN,
    Draft,
    default_draft,
    default_texts,
    edited_ids,
    parse_number,
)
from antt.notice.facts import (
    DEFAULT_MODEL_TYPE,
    Facts,
    Scope,
    busiest_commune,
    collect_facts,
    first_established,
    scope_errors,
)
from antt.notice.model import Notice, NoticeError
from antt.store import get_store
from antt.ui import data
from antt.ui.reports import approved_cutoff
from antt.ui.state import current_filters

KIND_LABELS = {"heading": "Mục", "subheading": "Khoản", "paragraph": "Đoạn",
               "item": "Gạch đầu dòng"}
HEADER_TEXT = ("co_quan_chu_quan", "co_quan_ban_hanh", "ky_hieu_co_quan", "dia_danh",
               "trich_yeu", "ten")
LINES = ("can_cu", "noi_nhan", "chuc_vu")


def _k(name: str) -> str:
    return f"nt_{name}"


@dataclass
class Context:
    scope: Scope  # date_from filled in
    first_on: dt.date
    facts: Facts


# ---------------------------------------------------------------- cached work


@st.cache_data(show_spinner=False, max_entries=64)
def _facts(version: str, data_dir: str, scope: Scope) -> Facts:
    return collect_facts(scope, get_store(data_dir))


@st.cache_data(show_spinner=False, max_entries=16)
def _files(notice_json: str) -> tuple[bytes, bytes]:
    import json

    notice = Notice.from_dict(json.loads(notice_json))
    pdf, docx = render_files(notice)
    return pdf, docx or b""


# ---------------------------------------------------------------- draft <-> widget state


def _apply(draft: Draft) -> None:
    """Put a draft's texts into the widget state (before those widgets are drawn)."""
    s = st.session_state
    for name in HEADER_TEXT:
        s[_k(name)] = getattr(draft, name)
    s[_k("so")] = "" if draft.so is None else str(draft.so)
    s[_k("ngay")] = "" if draft.ngay is None else str(draft.ngay)
    s[_k("thang")], s[_k("nam")] = draft.thang, draft.nam
    for name in LINES:
        s[_k(name)] = "\n".join(getattr(draft, name))
    s[_k("quyen_han")] = draft.quyen_han
    s[_k("appendix")] = draft.appendix
    s[_k("paragraphs")] = [{k: v for k, v in p.items() if k != "text"} for p in draft.paragraphs]
    for p in draft.paragraphs:
        s[_k(f"p_{p['id']}")] = p["text"]


def _read(scope: Scope, first_on: dt.date) -> tuple[Draft, list[str]]:
    """The draft as the widgets hold it, and the messages for fields that are not numbers."""
    s, errors = st.session_state, []
    so, problem = parse_number(s.get(_k("so"), ""))
    if problem:
        errors.append(problem)
    day_text = str(s.get(_k("ngay"), "")).strip()
    ngay = None
    if day_text:
        if day_text.isdigit():
            ngay = int(day_text)
        else:
            errors.append(f"Ngày ban hành phải là số từ 1 đến 31, không phải “{day_text}”.")
    paragraphs = [dict(p, text=s.get(_k(f"p_{p['id']}"), "")) for p in s.get(_k("paragraphs"), [])]
    draft = Draft(
        date_to=scope.date_to, unit_set=scope.unit_set, communes=list(scope.communes),
        model_type=scope.model_type,
        date_from=None if scope.date_from == first_on else scope.date_from,
        so=so, ngay=ngay, thang=int(s[_k("thang")]), nam=int(s[_k("nam")]),
        paragraphs=paragraphs, quyen_han=s.get(_k("quyen_han"), ""),
        appendix=bool(s.get(_k("appendix"))),
        **{name: s.get(_k(name), "") for name in HEADER_TEXT},
        **{name: [ln.strip() for ln in s.get(_k(name), "").splitlines() if ln.strip()]
           for name in LINES},
    )
    return draft, errors


def _restore(paragraph_id: str, level: str) -> None:
    st.session_state[_k(f"p_{paragraph_id}")] = default_texts(level)[paragraph_id]


# ---------------------------------------------------------------- sections


def open_draft() -> None:
    """Upload a saved draft; a good one replaces the page state, a bad one is explained."""
    upload = st.file_uploader("Mở bản nháp đã lưu (JSON)", type=["json"], key=_k("upload"))
    if upload is None or st.session_state.get(_k("upload_seen")) == upload.file_id:
        return
    st.session_state[_k("upload_seen")] = upload.file_id
    try:
        draft = Draft.from_json(upload.getvalue())
    except NoticeError as exc:
        st.error("Không mở được bản nháp:\n\n" + "\n".join(f"- {m}" for m in exc.messages))
        return
    st.session_state[_k("scope_override")] = (draft.unit_set, tuple(draft.communes))
    st.session_state[_k("model_type")] = draft.model_type
    st.session_state[_k("to")] = draft.date_to
    st.session_state[_k("key")] = (draft.unit_set, tuple(draft.communes), draft.model_type)
    if draft.date_from is None:
        st.session_state.pop(_k("from"), None)  # scope_section puts the first establishment
    else:
        st.session_state[_k("from")] = draft.date_from
    _apply(draft)
    st.success(f"Đã mở bản nháp {upload.name}.")


def scope_section() -> Context | None:
    """Units, model type and period: from the shared filters with the notice's defaults."""
    f, s, store = current_filters(), st.session_state, data.store()
    labels, latest, today = data.model_type_labels(), data.latest_record_date(), today_local()
    unit_set, communes = s.get(_k("scope_override")) or (f.unit_set, tuple(f.communes))
    names = data.unit_names(unit_set)
    if s.get(_k("scope_override")):
        st.info("Phạm vi lấy theo bản nháp đã mở.")
        st.button("Dùng phạm vi của bộ lọc", key=_k("drop_override"),
                  on_click=lambda: s.pop(_k("scope_override"), None))
    s.setdefault(_k("model_type"), f.model_type or DEFAULT_MODEL_TYPE)
    s.setdefault(_k("to"), min(f.period.end, latest or today, today))
    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    model_type = c1.selectbox("Loại mô hình", list(labels), format_func=labels.get,
                              key=_k("model_type"))
    date_to = c4.date_input("Số liệu đến ngày", key=_k("to"), max_value=today,
                            format="DD/MM/YYYY")
    if unit_set == "2025" and len(communes) != 1:
        options = list(communes) or list(names)
        if s.get(_k("commune")) not in options:
            best = busiest_commune(store, unit_set, model_type, date_to)
            s[_k("commune")] = best if best in options else options[0]
        communes = (c2.selectbox("Xã (thông báo cấp xã)", options, format_func=names.get,
                                 key=_k("commune")),)
    else:
        c2.text_input("Phạm vi", value=_scope_text(unit_set, communes, names), disabled=True)
    if c4.checkbox("Chỉ số liệu đã duyệt", key=_k("approved_only"),
                   help="Chỉ tính các kỳ báo cáo đã được duyệt (đã khóa) của mọi xã."):
        date_to, approved_note = approved_cutoff(unit_set, communes, date_to)
        (st.info if date_to else st.error)(approved_note, icon=":material/verified:")
        if date_to is None:
            return None
    key = (unit_set, communes, model_type)
    first_on = first_established(Scope(date_to, unit_set, communes, model_type), store)
    if first_on is None:
        st.error(f"Trong phạm vi đã chọn chưa có mô hình “{labels.get(model_type)}” nào: chọn "
                 "loại mô hình hoặc phạm vi khác.")
        return None
    changed = s.get(_k("key")) != key
    if changed or _k("from") not in s:
        s[_k("from")] = first_on
    date_from = c3.date_input("Từ ngày", key=_k("from"), max_value=today, format="DD/MM/YYYY")
    scope = Scope(date_to, unit_set, communes, model_type, date_from)
    errors = scope_errors(scope, store, today)
    if errors:
        st.error("\n".join(f"- {m}" for m in errors))
        return None
    try:
        facts = _facts(store.version, str(store.data_dir), scope)
    except NoticeError as exc:
        st.error("\n".join(f"- {m}" for m in exc.messages))
        return None
    if changed or _k("paragraphs") not in s:
        s[_k("key")] = key
        _apply(default_draft(scope, facts))
    st.caption(f"Số liệu từ {date_short(date_from)} (mô hình đầu tiên thành lập "
               f"{date_short(first_on)}) đến {date_short(date_to)} · {facts.unit.full}")
    return Context(scope, first_on, facts)


def _scope_text(unit_set: str, communes: tuple[str, ...], names: dict[str, str]) -> str:
    if not communes:
        return "Cả huyện (bộ đơn vị trước 01/7/2025)"
    return ", ".join(names.get(c, c) for c in communes)


def figures_section(ctx: Context) -> None:
    """Every placeholder and what it becomes now."""
    rows = pd.DataFrame(ctx.facts.rows())
    with st.expander(f"Số liệu điền vào thông báo ({len(rows)} chỗ trống)", expanded=True):
        st.dataframe(
            rows[["placeholder", "value", "source", "description"]].rename(columns={
                "placeholder": "Chỗ trống", "value": "Giá trị", "source": "Nguồn",
                "description": "Ý nghĩa"}),
            hide_index=True, key=_k("figures"),
        )
    for warning in ctx.facts.warnings:
        st.warning(warning)


def header_section() -> None:
    st.subheader("Phần đầu văn bản")
    c1, c2 = st.columns(2)
    c1.text_input("Cơ quan chủ quản", key=_k("co_quan_chu_quan"))
    c1.text_input("Cơ quan ban hành", key=_k("co_quan_ban_hanh"))
    c2.text_input("Địa danh", key=_k("dia_danh"))
    a, b, c, d, e = st.columns(5)
    a.text_input("Số", key=_k("so"), placeholder="để trống", help="Để trống khi chưa cấp số.")
    b.text_input("Ký hiệu cơ quan", key=_k("ky_hieu_co_quan"))
    c.text_input("Ngày", key=_k("ngay"), placeholder="để trống",
                 help="Để trống khi chưa ký (bản nháp).")
    d.number_input("Tháng", min_value=1, max_value=12, step=1, key=_k("thang"))
    e.number_input("Năm", min_value=1945, max_value=2100, step=1, key=_k("nam"))
    st.text_area("Trích yếu", key=_k("trich_yeu"), height=68)
    st.text_area("Căn cứ (mỗi dòng một căn cứ, có thể để trống)", key=_k("can_cu"), height=68)


def body_section(level: str) -> None:
    """Paragraph texts with visible placeholders; edited ones marked, with a restore button."""
    s = st.session_state
    paragraphs = s.get(_k("paragraphs"), [])
    defaults = default_texts(level)
    edited = [p["id"] for p in paragraphs
              if s.get(_k(f"p_{p['id']}"), "").strip() != defaults.get(p["id"], "").strip()]
    st.subheader("Nội dung")
    st.caption("Chỗ trống như {dan_so} được điền số liệu mới nhất khi xuất; xóa hết chữ của "
               "một đoạn để bỏ đoạn đó." + (f" Đã sửa {len(edited)} đoạn." if edited else ""))
    for p in paragraphs:
        pid = p["id"]
        label = f"{KIND_LABELS.get(p['kind'], p['kind'])} · {pid}"
        if pid in edited:
            label += " · ✏️ đã sửa"
        st.text_area(label, key=_k(f"p_{pid}"),
                     height=68 if p["kind"] in ("heading", "subheading") else 150)
        if pid in edited and pid in defaults:
            st.button("Khôi phục đoạn mẫu", key=_k(f"restore_{pid}"), on_click=_restore,
                      args=(pid, level))


def signature_section() -> None:
    st.subheader("Nơi nhận và chữ ký")
    c1, c2 = st.columns(2)
    c1.text_area("Nơi nhận (mỗi dòng một nơi)", key=_k("noi_nhan"), height=220)
    c2.selectbox("Quyền hạn ký", QUYEN_HAN, key=_k("quyen_han"),
                 format_func=lambda q: q or "(không ghi)")
    c2.text_area("Chức vụ (mỗi dòng một dòng in hoa)", key=_k("chuc_vu"), height=68)
    c2.text_input("Người ký", key=_k("ten"))
    st.checkbox("Kèm Phụ lục số liệu theo thôn", key=_k("appendix"))


def build(ctx: Context) -> BuildResult:
    draft, input_errors = _read(ctx.scope, ctx.first_on)
    return build_notice(draft, data.store(), input_errors=input_errors, facts=ctx.facts)


def output_section(result: BuildResult) -> None:
    """Errors, or the preview and the PDF/DOCX downloads; the draft can always be saved."""
    st.subheader("Xem trước và tải về")
    stem = f"thong-bao-{result.draft.date_to.isoformat()}"
    st.download_button("Lưu bản nháp (JSON)", result.draft.to_json().encode("utf-8"),
                       file_name=f"{stem}-ban-nhap.json", mime="application/json",
                       key=_k("download_draft"))
    if not result.ok:
        st.error("Chưa tạo được thông báo, cần sửa:\n\n"
                 + "\n".join(f"- {m}" for m in result.errors))
        return
    edited = edited_ids(result.draft)
    if edited:
        st.caption(f"Các đoạn đã sửa: {', '.join(edited)}.")
    try:
        pdf, docx = _files(_notice_json(result.notice))
    except NoticeError as exc:
        st.error("\n".join(f"- {m}" for m in exc.messages))
        return
    c1, c2 = st.columns(2)
    c1.download_button("Tải PDF", pdf, file_name=f"{stem}.pdf", mime="application/pdf",
                       key=_k("download_pdf"), type="primary")
    c2.download_button("Tải DOCX", docx, file_name=f"{stem}.docx", key=_k("download_docx"),
                       mime="application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document")
    try:
        st.pdf(pdf, height=900, key=_k("preview"))
    except Exception:  # noqa: BLE001 - the viewer is optional; the downloads are what matter
        st.info("Không hiển thị được bản xem trước; hãy tải PDF về để xem.")


def _notice_json(notice: Notice) -> str:
    import json

    return json.dumps(notice.to_dict(), ensure_ascii=False, sort_keys=True)
