"""The Thông báo page as a clerk's form, in the order a clerk works: 1. what (model type,
scope, data up to), 2. the header (số, ngày ban hành, issuing body, cited documents); 3. the
signer is in notice_signer.py. Widget values live in st.session_state
under "nt_*" keys; a draft is read from them on every run, so an uploaded draft or a restored
paragraph is just new state. The preview, downloads and wording editor: notice_output.py."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import streamlit as st

from antt.data.store import get_store
from antt.notice.build import BuildResult, build_notice
from antt.notice.dates import BLANK, CITED_KEYS, issue_date_errors, reference_gaps, with_blanks
from antt.notice.draft import Draft, default_draft, parse_number
from antt.notice.facts import (
    DEFAULT_MODEL_TYPE,
    Facts,
    Scope,
    collect_facts,
    first_established,
    scope_errors,
)
from antt.notice.issuer import ISSUERS, police_district_gone, template_key, unit_set_on
from antt.notice.limits import (
    CITED_CHARS,
    issue_ahead_errors,
    max_chars,
)
from antt.notice.model import NoticeError
from antt.notice.profile import load_profile, profile_path
from antt.notice.template import placeholders_printed
from antt.text.escape import md
from antt.text.fmt import date_short, ngay_thang_nam, today_local
from antt.ui import data, narrow
from antt.ui.editor_auth import current_editor
from antt.ui.religion_view import notice_threshold
from antt.ui.reports import approved_cutoff
from antt.ui.state import current_filters

SCOPES = {
    "huyen": "Cả huyện (trước 01/7/2025)",
    "xa_2024": "Một xã, thị trấn (trước 01/7/2025)",
    "xa_2025": "Một xã mới (từ 01/7/2025)",
    "tinh": "Cả tỉnh (từ 01/7/2025)",
}
# The issuers a period allows: the units in force on the data's last day (antt.notice.issuer).
SCOPES_BY_SET = {"2024": ("huyen", "xa_2024"), "2025": ("xa_2025",)}
SCOPE_NOTES = {
    "2024": "Số liệu đến trước 01/7/2025: thông báo của cả huyện hoặc một xã, thị trấn lúc đó "
            "(các xã mới chưa có).",
    "2025": "Số liệu đến sau 30/06/2025: không còn cấp huyện, các xã, thị trấn cũ đã hợp nhất; "
            "thông báo do một xã mới lập (hoặc tỉnh, khi dữ liệu là của cả tỉnh).",
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
def _facts(version: str, data_dir: str, profile: str, scope: Scope,
           small_cells: int | None = None) -> Facts:
    return collect_facts(scope, get_store(data_dir), small_cells=small_cells)


def facts_for(scope: Scope) -> Facts:
    """The scope's figures; small religion counts as “dưới 5” unless the reader is signed in
    for every commune of the scope (antt.ui.religion_view.notice_threshold)."""
    store = data.store()
    return _facts(store.version, str(store.data_dir), _profile_stamp(str(store.data_dir)),
                  scope, notice_threshold(scope.unit_set, scope.communes, current_editor()))


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
        model_type=scope.model_type, issuer=scope.issuer,
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
        if commune is None and "tinh" in _scopes("2025"):
            return "tinh", None
        return "xa_2025", commune
    if commune is not None:
        return "xa_2024", commune
    return "huyen", None


def _scopes(unit_set: str) -> tuple[str, ...]:
    """The issuers offered: those of the unit set, and the tỉnh when the data folder speaks
    for a whole province (its profile has [tinh])."""
    try:
        province = unit_set == "2025" and load_profile(data.store().data_dir).province_issuer
    except NoticeError:
        province = False
    return SCOPES_BY_SET[unit_set] + (("tinh",) if province else ())


def _follow_date(date_to: dt.date) -> str:
    """Keep the scope among those the data's last day allows (before the radio is drawn): a
    xã of 2024 becomes the new xã it merged into, a new xã before 01/7/2025 the huyện."""
    s, unit_set = st.session_state, unit_set_on(date_to)
    if s.get(_k("scope")) in _scopes(unit_set):
        return unit_set
    if unit_set == "2025":
        old = s.get(_k("commune_2024")) if s.get(_k("scope")) == "xa_2024" else None
        pairs = data.query("unit_mapping")
        new = pairs.loc[pairs["commune_code"] == old, "commune_code_2025"].dropna()
        if len(new):
            s[_k("commune_2025")] = new.iloc[0]
    s[_k("scope")] = SCOPES_BY_SET[unit_set][0]
    return unit_set


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
    c1, c2 = st.columns([7, 3])  # room for the longest model name; the date needs less
    model_type = c1.selectbox("Loại mô hình", list(labels), format_func=labels.get,
                              key=_k("model_type"))
    narrow.phone_only("notice_model_type", labels[model_type], c1)
    # Wide bounds on purpose: a date outside a widget's bounds stays in the browser (red, not
    # sent), so the page could not say why and a click on "Tải PDF" would take the old state;
    # the range is checked here and explained in Vietnamese under the field.
    date_to = c2.date_input("Số liệu đến ngày", key=_k("to"), min_value=WIDGET_FIRST,
                            max_value=WIDGET_LAST, format="DD/MM/YYYY")
    date_note = c2.container()  # what is wrong with that date, right under it
    if date_to > today:  # before the scope: the units of a future day mean nothing yet
        date_note.error(f"Ngày số liệu đến {date_short(date_to)} ở sau hôm nay "
                        f"({date_short(today)}).")
        return None
    in_force = _follow_date(date_to)
    scope_key = st.radio("Phạm vi", _scopes(in_force), format_func=SCOPES.get,
                         key=_k("scope"), horizontal=True, help=SCOPE_NOTES[in_force])
    unit_set, communes = ("2025" if scope_key == "tinh" else "2024"), ()
    if scope_key not in ("huyen", "tinh"):
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
    # the police of a huyện ended on 01/3/2025: after that its Ban Chỉ đạo alone is offered
    gone = police_district_gone("huyen" if scope_key == "huyen" else "xa", unit_set, date_to)
    issuers = ("bcd",) if gone else tuple(ISSUERS)
    if s.get(_k("issuer")) not in issuers:
        s[_k("issuer")] = "bcd"
    issuer = st.radio("Cơ quan ban hành", issuers, format_func=ISSUERS.get, key=_k("issuer"),
                      horizontal=True, help="Ban Chỉ đạo 138 (UBND chủ quản) hoặc Công an của "
                      "đơn vị (Công an cấp trên chủ quản); Công an huyện chỉ đến 28/02/2025.")
    if st.checkbox("Chỉ số liệu đã duyệt", key=_k("approved_only"),
                   help="Chỉ tính các kỳ báo cáo đã được duyệt (đã khóa) của mọi xã."):
        date_to, approved_note = approved_cutoff(unit_set, communes, date_to)
        (st.info if date_to else st.error)(approved_note, icon=":material/verified:")
        if date_to is None:
            return None
    unit_key = (unit_set, communes, model_type, issuer)
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
    scope = Scope(date_to, unit_set, communes, model_type, date_from, issuer)
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
    cited = {key: label for key, label in CITED_KEYS.items()  # only what this notice cites
             if key in placeholders_printed(template_key(ctx.facts.unit.level, ctx.scope.issuer))}
    printed = {key: with_blanks(s.get(_k(f"cited_{key}"), "").strip()
                                or ctx.facts.values.get(key, "")) for key in cited}
    blanks = [key for key, text in printed.items() if BLANK in text and reference_gaps(text)]
    with st.expander("Văn bản dẫn chiếu (số, ngày của báo cáo, quyết định)"
                     + (f" · còn {len(blanks)} văn bản chưa có số, ngày" if blanks else ""),
                     expanded=bool(blanks)):
        st.caption("Để trống thì dùng lời văn trong hồ sơ đơn vị (hiện ở dòng chữ mờ). Số, "
                   f"ngày chưa có được in là “{BLANK}” để điền tay.")
        for key, label in cited.items():
            st.text_area(label, key=_k(f"cited_{key}"), height=68, max_chars=CITED_CHARS,
                         placeholder=ctx.facts.values.get(key, ""))
            if key in blanks:
                st.warning(f"Chưa có {' và '.join(reference_gaps(printed[key]))}: in là "
                           f"“{md(printed[key])}”.", icon="✏️")
