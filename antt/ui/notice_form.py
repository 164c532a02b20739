"""The Thông báo page as a clerk's form, in the order a clerk works: 1. what (model type,
scope, data up to), 2. the header (số, ngày ban hành, issuing body, cited documents), 3. the
signer (required, remembered in the unit profile). Widget values live in st.session_state
under "nt_*" keys; a draft is read from them on every run, so an uploaded draft or a restored
paragraph is just new state. The preview, downloads and wording editor: notice_output.py."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import streamlit as st

from antt.data.store import get_store
from antt.notice.build import BuildResult, build_notice
from antt.notice.dates import CITED_KEYS, issue_date_errors
from antt.notice.draft import QUYEN_HAN, Draft, default_draft, parse_number
from antt.notice.facts import (
    DEFAULT_MODEL_TYPE,
    Facts,
    Scope,
    collect_facts,
    first_established,
    scope_errors,
)
from antt.notice.limits import (
    CITED_CHARS,
    issue_ahead_errors,
    max_area_chars,
    max_chars,
)
from antt.notice.model import NoticeError
from antt.notice.profile import profile_path, remember_signer
from antt.notice.profile import signer_section as profile_section
from antt.text.escape import md
from antt.text.fmt import date_short, ngay_thang_nam, today_local
from antt.ui import data
from antt.ui.editor_auth import current_editor, recheck
from antt.ui.reports import approved_cutoff
from antt.ui.state import current_filters

SCOPES = {
    "huyen": "Cả huyện (trước 01/7/2025)",
    "xa_2024": "Một xã, thị trấn (trước 01/7/2025)",
    "xa_2025": "Một xã mới (từ 01/7/2025)",
}
HEADER_TEXT = ("co_quan_chu_quan", "co_quan_ban_hanh", "ky_hieu_co_quan", "dia_danh",
               "trich_yeu", "ten")
LINES = ("can_cu", "noi_nhan", "chuc_vu")
# Fields a notice cannot be issued without: key -> label (as flagged next to the field).
REQUIRED = {
    "co_quan_ban_hanh": "Cơ quan ban hành",
    "dia_danh": "Địa danh",
    "trich_yeu": "Trích yếu",
    "chuc_vu": "Chức vụ người ký",
    "ten": "Họ tên người ký",
}


# The date widgets' own bounds (the real ranges are checked with Vietnamese messages).
WIDGET_FIRST, WIDGET_LAST = dt.date(1945, 1, 1), dt.date(2100, 12, 31)


def _k(name: str) -> str:
    return f"nt_{name}"


@dataclass
class Context:
    scope: Scope  # date_from filled in
    first_on: dt.date
    facts: Facts


# ---------------------------------------------------------------- cached work


def _profile_stamp(data_dir: str) -> str:
    """Changes when the unit profile changes (remembering a signer rewrites it)."""
    path = profile_path(get_store(data_dir).data_dir)
    try:
        return f"{path}:{os.stat(path).st_mtime_ns}"
    except OSError:
        return str(path)


@st.cache_data(show_spinner=False, max_entries=64)
def _facts(version: str, data_dir: str, profile: str, scope: Scope) -> Facts:
    return collect_facts(scope, get_store(data_dir))


def facts_for(scope: Scope) -> Facts:
    store = data.store()
    return _facts(store.version, str(store.data_dir), _profile_stamp(str(store.data_dir)),
                  scope)


# ---------------------------------------------------------------- draft <-> widget state


def apply(draft: Draft, issued: dt.date | None = None) -> None:
    """Put a draft's texts into the widget state (before those widgets are drawn). A new
    notice is issued `issued` (today: a notice prepared today is dated today, whatever the
    data date); a saved draft keeps its own issue date."""
    s = st.session_state
    for name in HEADER_TEXT:
        s[_k(name)] = getattr(draft, name)
    s[_k("so")] = "" if draft.so is None else str(draft.so)
    s[_k("issued")] = issued or _issue_day(draft)
    s[_k("day_blank")] = draft.ngay is None
    for name in LINES:
        s[_k(name)] = "\n".join(getattr(draft, name))
    for key in CITED_KEYS:
        s[_k(f"cited_{key}")] = draft.ho_so.get(key, "")
    s[_k("quyen_han")] = draft.quyen_han
    s[_k("appendix")] = draft.appendix
    s[_k("paragraphs")] = [{k: v for k, v in p.items() if k != "text"} for p in draft.paragraphs]
    for p in draft.paragraphs:
        s[_k(f"p_{p['id']}")] = p["text"]


def _issue_day(draft: Draft) -> dt.date:
    if draft.ngay is not None:
        try:
            return dt.date(draft.nam, draft.thang, draft.ngay)
        except ValueError:
            pass
    if (draft.date_to.year, draft.date_to.month) == (draft.nam, draft.thang):
        return draft.date_to
    return dt.date(draft.nam, draft.thang, 1)


def read(scope: Scope, first_on: dt.date) -> tuple[Draft, list[str]]:
    """The draft as the widgets hold it, and the messages for fields that are not numbers."""
    s, errors = st.session_state, []
    so, problem = parse_number(s.get(_k("so"), ""))
    if problem:
        errors.append(problem)
    issued = s.get(_k("issued")) or scope.date_to
    paragraphs = [dict(p, text=s.get(_k(f"p_{p['id']}"), "")) for p in s.get(_k("paragraphs"), [])]
    draft = Draft(
        date_to=scope.date_to, unit_set=scope.unit_set, communes=list(scope.communes),
        model_type=scope.model_type,
        date_from=None if scope.date_from == first_on else scope.date_from,
        so=so, ngay=None if s.get(_k("day_blank")) else issued.day, thang=issued.month,
        nam=issued.year, paragraphs=paragraphs, quyen_han=s.get(_k("quyen_han"), ""),
        appendix=bool(s.get(_k("appendix"))),
        ho_so={key: s.get(_k(f"cited_{key}"), "") for key in CITED_KEYS
               if s.get(_k(f"cited_{key}"), "").strip()},
        **{name: s.get(_k(name), "") for name in HEADER_TEXT},
        **{name: [ln.strip() for ln in s.get(_k(name), "").splitlines() if ln.strip()]
           for name in LINES},
    )
    return draft, errors


def missing_required() -> dict[str, str]:
    """Required fields left empty: key -> label."""
    s = st.session_state
    return {key: label for key, label in REQUIRED.items() if not str(s.get(_k(key), "")).strip()}


def build(ctx: Context) -> BuildResult:
    draft, input_errors = read(ctx.scope, ctx.first_on)
    return build_notice(draft, data.store(), input_errors=input_errors, facts=ctx.facts)


def number_problem() -> str | None:
    """The message for a Số that is not a number, shown beside the field."""
    return parse_number(st.session_state.get(_k("so"), ""))[1]


def _flag(key: str) -> None:
    """The 'required' message right under a field left empty."""
    if key in missing_required():
        st.error(f"Chưa nhập {REQUIRED[key].lower()}: bắt buộc để ký và tải thông báo.",
                 icon="✳️")


# ---------------------------------------------------------------- 1. what


def _default_scope() -> tuple[str, str | None]:
    """(scope key, commune code) from the sidebar filters, else the signed-in editor's one
    commune; None: the page asks (it never opens on the first commune of the list)."""
    f = current_filters()
    commune = f.communes[0] if len(f.communes) == 1 else None
    editor = current_editor()
    if commune is None and editor is not None and len(editor.communes) == 1:
        commune = editor.communes[0]
    if f.unit_set == "2025":
        return "xa_2025", commune
    if commune is not None:
        return "xa_2024", commune
    return "huyen", None


def what_section() -> Context | None:
    """Step 1: model type, scope (chosen here) and the data period."""
    f, s, store = current_filters(), st.session_state, data.store()
    labels, latest, today = data.model_type_labels(), data.latest_record_date(), today_local()
    st.subheader("1. Thông báo về")
    if _k("scope") not in s:
        s[_k("scope")], picked = _default_scope()
        if picked:
            s[_k(f"commune_{s[_k('scope')][-4:]}")] = picked
    s.setdefault(_k("model_type"), f.model_type or DEFAULT_MODEL_TYPE)
    s.setdefault(_k("to"), min(f.period.end, latest or today, today))
    c1, c2 = st.columns(2)
    model_type = c1.selectbox("Loại mô hình", list(labels), format_func=labels.get,
                              key=_k("model_type"))
    # Wide bounds on purpose: a date outside a widget's bounds stays in the browser (red, not
    # sent), so the page could not say why and a click on "Tải PDF" would take the old state;
    # the range is checked here and explained in Vietnamese under the field.
    date_to = c2.date_input("Số liệu đến ngày", key=_k("to"), min_value=WIDGET_FIRST,
                            max_value=WIDGET_LAST, format="DD/MM/YYYY")
    date_note = c2.container()  # what is wrong with that date, right under it
    scope_key = st.radio("Phạm vi", list(SCOPES), format_func=SCOPES.get, key=_k("scope"),
                         horizontal=True)
    unit_set, communes = "2024", ()
    if scope_key != "huyen":
        unit_set = scope_key[-4:]
        names = data.unit_names(unit_set)
        key = _k(f"commune_{unit_set}")
        if s.get(key) not in names:
            s[key] = None  # the clerk chooses: a notice of the wrong commune is worse
        picked = st.selectbox("Xã, thị trấn" if unit_set == "2024" else "Xã", list(names),
                              format_func=names.get, key=key, index=None,
                              placeholder="Chọn xã lập thông báo")
        if picked is None:
            st.info("Chọn xã để lập thông báo.")
            return None
        communes = (picked,)
    if st.checkbox("Chỉ số liệu đã duyệt", key=_k("approved_only"),
                   help="Chỉ tính các kỳ báo cáo đã được duyệt (đã khóa) của mọi xã."):
        date_to, approved_note = approved_cutoff(unit_set, communes, date_to)
        (st.info if date_to else st.error)(approved_note, icon=":material/verified:")
        if date_to is None:
            return None
    unit_key = (unit_set, communes, model_type)
    first_on = first_established(Scope(date_to, unit_set, communes, model_type), store)
    if first_on is None:
        st.error(f"Trong phạm vi đã chọn chưa có mô hình “{md(labels.get(model_type))}” nào: "
                 "chọn loại mô hình hoặc phạm vi khác.")
        return None
    if date_to < first_on:
        date_note.error(f"Kỳ số liệu đến {date_short(date_to)} kết thúc trước khi có mô hình "
                        f"đầu tiên (thành lập {date_short(first_on)}): chọn ngày số liệu đến "
                        "muộn hơn.")
        return None
    changed = s.get(_k("key")) != unit_key
    if changed or _k("from") not in s:
        s[_k("from")] = first_on
    date_from = st.date_input("Số liệu từ ngày", key=_k("from"), min_value=WIDGET_FIRST,
                              max_value=WIDGET_LAST, format="DD/MM/YYYY",
                              help="Mặc định: ngày thành lập mô hình đầu tiên trong phạm vi.")
    scope = Scope(date_to, unit_set, communes, model_type, date_from)
    errors = scope_errors(scope, store, today)
    if errors:
        about_to = [m for m in errors if m.startswith("Ngày số liệu đến")]
        if about_to:
            date_note.error("\n".join(f"- {md(m)}" for m in about_to))
        if len(about_to) < len(errors):
            st.error("\n".join(f"- {md(m)}" for m in errors if m not in about_to))
        return None
    try:
        facts = facts_for(scope)
    except NoticeError as exc:
        st.error("\n".join(f"- {md(m)}" for m in exc.messages))
        return None
    if changed or _k("paragraphs") not in s:
        s[_k("key")] = unit_key
        apply(default_draft(scope, facts), issued=s.get(_k("issued")) or today)
    st.caption(f"Số liệu từ {date_short(date_from)} (mô hình đầu tiên thành lập "
               f"{date_short(first_on)}) đến {date_short(date_to)} · {md(facts.unit.full)}")
    return Context(scope, first_on, facts)


# ---------------------------------------------------------------- 2. header


def header_section(ctx: Context) -> None:
    """Step 2: số, ngày ban hành (the printed line shown as it will read), issuing body,
    trích yếu and the documents the notice cites."""
    s = st.session_state
    st.subheader("2. Phần đầu văn bản")
    # in the order of the printed notice: the issuing body, then "Số: 05/TB-BCĐ" (left) on
    # the line of "Bắc Sơn, ngày … tháng … năm …" (right), then the trích yếu
    c1, c2 = st.columns(2)
    c1.text_input("Cơ quan chủ quản", key=_k("co_quan_chu_quan"),
                  max_chars=max_chars("co_quan_chu_quan"))
    c1.text_input("Cơ quan ban hành ✳", key=_k("co_quan_ban_hanh"),
                  max_chars=max_chars("co_quan_ban_hanh"))
    with c1:
        _flag("co_quan_ban_hanh")
    a, b = c1.columns([1, 1])
    a.text_input("Số", key=_k("so"), placeholder="chưa cấp số", max_chars=6,
                 help="Để trống khi văn thư chưa cấp số.")
    b.text_input("Ký hiệu cơ quan", key=_k("ky_hieu_co_quan"),
                 max_chars=max_chars("ky_hieu_co_quan"))
    problem = number_problem()
    if problem:
        c1.error(md(problem))
    c2.text_input("Địa danh ✳", key=_k("dia_danh"), max_chars=max_chars("dia_danh"))
    with c2:
        _flag("dia_danh")
    d, e = c2, c2  # the checkbox under the date: its label whole at 1280 px
    d.date_input("Ngày ban hành", key=_k("issued"), format="DD/MM/YYYY",
                 min_value=WIDGET_FIRST, max_value=WIDGET_LAST,
                 help="Mặc định hôm nay; không trước ngày số liệu đến, không quá 30 ngày tới.")
    e.checkbox("Để trống ngày", key=_k("day_blank"),
               help="Văn thư điền ngày bằng tay khi ký, như thông báo mẫu.")
    issued = s.get(_k("issued")) or ctx.scope.date_to
    day = None if s.get(_k("day_blank")) else issued.day
    place = s.get(_k("dia_danh"), "").strip() or "…"
    line = ngay_thang_nam(day=day, month=issued.month, year=issued.year)
    c2.caption(f"Dòng in trên thông báo: {md(place)}, {md(' '.join(line.split()))}"
               + (" (ngày để trống)" if day is None else ""))
    for problem in (issue_date_errors(day, issued.month, issued.year, ctx.scope.date_to)
                    + issue_ahead_errors(issued, today_local())):
        c2.error(md(problem))  # beside the date (the top of the page lists it too)
    st.text_area("Trích yếu ✳", key=_k("trich_yeu"), height=68,
                 max_chars=max_chars("trich_yeu"))
    _flag("trich_yeu")
    with st.expander("Văn bản dẫn chiếu (số, ngày của báo cáo, quyết định)"):
        st.caption("Để trống thì dùng lời văn trong hồ sơ đơn vị (hiện ở dòng chữ mờ).")
        for key, label in CITED_KEYS.items():
            st.text_area(label, key=_k(f"cited_{key}"), height=68, max_chars=CITED_CHARS,
                         placeholder=ctx.facts.values.get(key, ""))


# ---------------------------------------------------------------- 3. signer


def signer_section(ctx: Context) -> None:
    """Step 3: quyền hạn, title lines and name (required); recipients; appendix."""
    st.subheader("3. Người ký")
    c1, c2 = st.columns([1, 2])
    c1.selectbox("Quyền hạn ký", QUYEN_HAN, key=_k("quyen_han"),
                 format_func=lambda q: q or "(ký trực tiếp)",
                 help="TM.: thay mặt tập thể; KT.: cấp phó ký thay cấp trưởng.")
    c2.text_area("Chức vụ ✳ (mỗi dòng một dòng in hoa)", key=_k("chuc_vu"), height=68,
                 max_chars=max_area_chars("chuc_vu"))
    with c2:
        _flag("chuc_vu")
    st.text_input("Họ tên người ký ✳", key=_k("ten"), placeholder="ví dụ: Nguyễn Văn An",
                  max_chars=max_chars("ten"))
    _flag("ten")
    _remember_button(ctx)
    with st.expander("Nơi nhận"):
        st.text_area("Nơi nhận (mỗi dòng một nơi)", key=_k("noi_nhan"), height=200,
                     max_chars=max_area_chars("noi_nhan"))
    st.checkbox("Kèm Phụ lục số liệu theo thôn", key=_k("appendix"))


def _remember_button(ctx: Context) -> None:
    s, unit = st.session_state, ctx.facts.unit
    signer = {"nguoi_ky": s.get(_k("ten"), "").strip(),
              "chuc_vu_ky": "\n".join(ln.strip() for ln in s.get(_k("chuc_vu"), "").splitlines()
                                      if ln.strip()),
              "quyen_han_ky": s.get(_k("quyen_han"), "")}
    editor = current_editor()
    left, right = st.columns([1, 1], vertical_alignment="center")
    if editor is None:
        right.caption("Đăng nhập ở trang Dữ liệu để ghi nhớ người ký vào hồ sơ đơn vị.")
    if not left.button(f"Ghi nhớ người ký cho {md(unit.full)}", key=_k("remember"),
                       disabled=editor is None or not signer["nguoi_ky"]):
        return
    recheck(editor)  # an account locked meanwhile writes nothing
    section = profile_section(unit.level, ctx.scope.unit_set, unit.code)
    try:
        path = remember_signer(data.store().data_dir, section, signer)
    except (NoticeError, OSError) as exc:
        messages = exc.messages if isinstance(exc, NoticeError) else [str(exc)]
        st.error("Không ghi nhớ được người ký:\n\n" + "\n".join(f"- {md(m)}" for m in messages))
        return
    st.success(f"Đã ghi người ký {md(signer['nguoi_ky'])} vào hồ sơ đơn vị {md(path.name)} "
               f"(mục {md(section)}).")
