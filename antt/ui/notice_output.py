"""The Thông báo page's output side: what is missing (at the top), the preview that is always
shown, the PDF/DOCX downloads, saved drafts and, last and folded, the wording editor ("Sửa lời
văn") with Vietnamese section and paragraph names and the placeholders with their values."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

from antt.notice.build import BuildResult, render_files
from antt.notice.draft import Draft, default_texts, edited_ids
from antt.notice.issuer import template_key
from antt.notice.limits import PARAGRAPH_CHARS, max_area_chars
from antt.notice.model import Notice, NoticeError
from antt.notice.pdf import render_pdf
from antt.text.escape import md
from antt.ui.admission import release_slot
from antt.ui.notice_form import REQUIRED, Context, _k, apply, missing_required
from antt.ui.notice_runs import Runs, session_runs
from antt.ui.tables import show as show_table

# What each template paragraph is about, as a clerk would name it.
PARAGRAPH_NAMES = {
    "thuc_hien": "Mở đầu: văn bản được thực hiện",
    "can_cu_bao_cao": "Mở đầu: báo cáo làm căn cứ",
    "dac_diem_dia_ban": "Đặc điểm địa bàn, dân số, tôn giáo",
    "mo_hinh_hien_co": "Các mô hình đang triển khai",
    "lanh_dao": "Sự lãnh đạo, chỉ đạo",
    "tinh_hinh_chung": "Tình hình an ninh trật tự chung",
    "chi_dao": "Nội dung công tác chỉ đạo",
    "tuyen_truyen": "Nội dung tuyên truyền (số buổi, lượt người)",
    "an_ninh_chinh_tri": "Gạch đầu dòng: an ninh chính trị",
    "ton_giao": "Gạch đầu dòng: hoạt động tôn giáo",
    "trat_tu": "Gạch đầu dòng: trật tự an toàn xã hội",
    "hoat_dong": "Hoạt động của mô hình (tuần tra, cam kết)",
    "hoa_giai": "Hòa giải",
    "bai_hoc_bam_sat": "bám sát văn bản chỉ đạo",
    "bai_hoc_he_thong_chinh_tri": "hệ thống chính trị cơ sở",
    "bai_hoc_tuyen_truyen": "tuyên truyền, vận động Nhân dân",
    "bai_hoc_huy_dong": "huy động các ngành và Nhân dân",
    "bai_hoc_so_tong_ket": "sơ kết, tổng kết, khen thưởng",
    "ket_luan": "Kết luận",
    "giao_nhiem_vu": "Giao nhiệm vụ",
}
CLOSING = ("ket_luan", "giao_nhiem_vu")  # after the last mục, not part of it
KIND_NAMES = {"heading": "Tên mục", "subheading": "Tên khoản", "paragraph": "Đoạn",
              "item": "Gạch đầu dòng"}
PAGE_PX = 794  # an A4 page at 96 px per inch: its text as large as on paper
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


# Below 1100 px (a 768 px tablet, a 1024 px laptop with the menu open) the form's two halves
# stand one above the other: side by side, each had a third of the screen and cut its boxes
# ("(ký t", "Nhóm đạo bình a", "chưa cấ"). A preview page wider than the screen ran off it,
# its right side out of reach: it now shrinks to the screen down to 600 px (a 768 px tablet:
# 14 pt text about 16 px) and, narrower still (a phone), scrolls sideways inside its frame.
# (st.html with only a <style> draws nothing.)
SECTIONS_KEY = "nt_sections"
PAGE_STYLE = f"""<style>
@media (max-width: 1100px) {{
  .st-key-{SECTIONS_KEY} > [data-testid=stLayoutWrapper] > [data-testid=stHorizontalBlock] {{
    flex-wrap: wrap; }}
  .st-key-{SECTIONS_KEY} > [data-testid=stLayoutWrapper] > [data-testid=stHorizontalBlock]
    > [data-testid=stColumn] {{ flex: 1 1 100% !important; width: 100% !important;
    min-width: 100% !important; }}
}}
.st-key-nt_narrow_hint {{ display: none; }}
@media (max-width: 700px) {{ .st-key-nt_narrow_hint {{ display: block; }} }}
[class*=st-key-nt_preview_] {{ max-width: 100% !important; overflow-x: auto; }}
[class*=st-key-nt_preview_] div {{ max-width: 100%; }}
[class*=st-key-nt_preview_] img {{ max-width: 100%; min-width: 600px; height: auto; }}
</style>"""


def page_style() -> None:
    """The page's layout rules for narrow screens (PAGE_STYLE)."""
    st.html(PAGE_STYLE)


def paragraph_labels(paragraphs: list[dict]) -> dict[str, str]:
    """Paragraph id -> "Mục II · khoản 2 · Nội dung tuyên truyền …" (numbered as printed)."""
    out, heading, khoan, numbered = {}, 0, 0, 0
    for i, p in enumerate(paragraphs, 1):
        kind, pid = p.get("kind", "paragraph"), p["id"]
        if kind == "heading":
            heading, khoan, numbered = heading + 1, 0, 0
            roman = _ROMAN[heading - 1] if heading <= len(_ROMAN) else str(heading)
            out[pid] = f"Mục {roman} · tên mục"
            continue
        where = f"Mục {_ROMAN[heading - 1]}" if 0 < heading <= len(_ROMAN) else "Phần mở đầu"
        if pid in CLOSING:
            out[pid] = f"Phần kết · {PARAGRAPH_NAMES[pid]}"
            continue
        if kind == "subheading":
            khoan += 1
            out[pid] = f"{where} · khoản {khoan} · tên khoản"
            continue
        if p.get("danh_so"):
            numbered += 1
            name = f"ý {numbered}" + (f": {PARAGRAPH_NAMES[pid]}" if pid in PARAGRAPH_NAMES else "")
        else:
            name = PARAGRAPH_NAMES.get(pid) or f"{KIND_NAMES.get(kind, 'Đoạn')} {i}"
        out[pid] = f"{where}{f' · khoản {khoan}' if khoan else ''} · {name}"
    return out


# ---------------------------------------------------------------- top and output


def top_messages(result: BuildResult | None) -> None:
    """At the top of the page: the required fields still empty and any other problem."""
    missing = missing_required()
    if missing:
        st.error("Còn thiếu mục bắt buộc (đánh dấu ✳ bên dưới): "
                 + ", ".join(md(label) for label in missing.values()) + ".")
    if result is None:
        return
    labels = {f"Chưa nhập {label}." for label in REQUIRED.values()}
    others = [m for m in result.errors if m not in labels and not m.startswith("Chưa nhập")]
    if others:
        st.error("Chưa tạo được thông báo, cần sửa:\n\n" + "\n".join(f"- {md(m)}" for m in others))
    for warning in result.warnings:
        st.warning(md(warning))


@st.cache_data(show_spinner=False, max_entries=16)
def _files(notice_json: str) -> tuple[bytes, bytes]:
    release_slot()  # a PDF and a DOCX: the other sessions' runs go on meanwhile
    pdf, docx = render_files(Notice.from_dict(json.loads(notice_json)))
    return pdf, docx or b""


@st.cache_data(show_spinner=False, max_entries=16)
def _preview(notice_json: str) -> bytes:
    release_slot()
    return render_pdf(Notice.from_dict(json.loads(notice_json)), preview=True)


@st.cache_data(show_spinner=False, max_entries=16)
def page_images(pdf: bytes, scale: float = 1.5) -> list[bytes]:
    """The PDF's pages as PNG images (PDFium, offline), sharp at PAGE_PX wide."""
    import pypdfium2

    release_slot()
    doc = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            buffer = io.BytesIO()
            page.render(scale=scale).to_pil().save(buffer, format="PNG", optimize=True)
            out.append(buffer.getvalue())
        return out
    finally:
        doc.close()


def _notice_json(notice: Notice) -> str:
    return json.dumps(notice.to_dict(), ensure_ascii=False, sort_keys=True)


def _deferred(runs: Runs, what: str) -> Callable[[], bytes]:
    """The bytes of a download, made when the button is clicked from the page's last finished
    run (notice_runs): a date typed and applied by the click itself is in the file."""

    def make() -> bytes:
        text = runs.settled("draft" if what == "draft" else "notice")
        if what == "draft":
            return text.encode("utf-8")
        pdf, docx = _files(text)
        return pdf if what == "pdf" else docx

    return make


def output_section(result: BuildResult) -> str | None:
    """Step 4: the downloads (once nothing is missing and nothing is wrong). Returns the notice
    JSON the downloads hand over (None: errors)."""
    st.subheader("4. Tải về")
    stem = f"thong-bao-{result.draft.date_to.isoformat()}"
    runs = session_runs()
    pdf, notice_json = None, None
    if result.ok:
        notice_json = _notice_json(result.notice)
        try:
            pdf, _ = _files(notice_json)
        except NoticeError as exc:
            st.error("\n".join(f"- {md(m)}" for m in exc.messages))
            notice_json = None
    if pdf is not None:
        c1, c2 = st.columns(2)
        c1.download_button("Tải PDF", _deferred(runs, "pdf"), file_name=f"{stem}.pdf",
                           mime="application/pdf", key=_k("download_pdf"), type="primary",
                           on_click="ignore")
        c2.download_button("Tải DOCX", _deferred(runs, "docx"), file_name=f"{stem}.docx",
                           key=_k("download_docx"), on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document")
    else:
        st.info("Tải PDF, DOCX khi đã điền đủ các mục bắt buộc (✳) và không còn lỗi. Bản xem "
                "trước dưới đây để trống các mục còn thiếu.")
    st.download_button("Lưu bản nháp (JSON)", _deferred(runs, "draft"),
                       file_name=f"{stem}-ban-nhap.json", mime="application/json",
                       key=_k("download_draft"), on_click="ignore")
    st.caption("Bản xem trước ở dưới, từng trang như khi in.")
    return notice_json


def preview_section(result: BuildResult, notice_json: str | None) -> None:
    """The preview under the form, across the page: each page at the size it is read on
    paper (an A4 page 794 px wide: 14 pt text about 19 px), one after another."""
    preview = None
    try:
        if notice_json is not None:
            preview = _files(notice_json)[0]
        elif result.preview is not None and all(e.startswith("Chưa nhập")
                                                for e in result.errors):
            # only fields still empty: the clerk proofreads the rest meanwhile; any other
            # error (too long, a bad date or Số) and nothing is rendered
            preview = _preview(_notice_json(result.preview))
    except NoticeError:
        preview = None
    st.subheader("Bản xem trước")
    if preview is None:
        st.info("Chưa có bản xem trước: sửa các lỗi ở đầu trang.")
        return
    images = page_images(preview)
    with st.container(key=_k("narrow_hint")):  # shown on phones only (PAGE_STYLE)
        st.caption("Trang rộng hơn màn hình: vuốt ngang trên trang để xem hết, hoặc tải PDF.")
    for number, image in enumerate(images, 1):
        with st.container(border=True, key=_k(f"preview_{number}"), width=PAGE_PX + 34):
            st.image(image, caption=f"Trang {number}/{len(images)}", width=PAGE_PX)


# ---------------------------------------------------------------- drafts and wording


def open_draft() -> None:
    """Upload a saved draft; a good one replaces the page state, a bad one is explained."""
    with st.expander("Mở bản nháp đã lưu"):
        upload = st.file_uploader("Bản nháp (JSON)", type=["json"], key=_k("upload"))
    if upload is None or st.session_state.get(_k("upload_seen")) == upload.file_id:
        return
    st.session_state[_k("upload_seen")] = upload.file_id
    try:
        draft = Draft.from_json(upload.getvalue())
    except NoticeError as exc:
        st.error("Không mở được bản nháp:\n\n" + "\n".join(f"- {md(m)}" for m in exc.messages))
        return
    s = st.session_state
    if len(draft.communes) == 1:
        s[_k("scope")] = f"xa_{draft.unit_set}"
        s[_k(f"commune_{draft.unit_set}")] = draft.communes[0]
    else:
        s[_k("scope")] = "tinh" if draft.unit_set == "2025" else "huyen"
    s[_k("model_type")] = draft.model_type
    s[_k("to")] = draft.date_to
    s[_k("issuer")] = draft.issuer
    s[_k("key")] = (draft.unit_set, tuple(draft.communes) if len(draft.communes) == 1 else (),
                    draft.model_type, draft.issuer)
    if draft.date_from is None:
        s.pop(_k("from"), None)  # what_section puts the first establishment
    else:
        s[_k("from")] = draft.date_from
    apply(draft)
    st.success(f"Đã mở bản nháp {md(upload.name)}.")


def _restore(paragraph_id: str, level: str) -> None:
    st.session_state[_k(f"p_{paragraph_id}")] = default_texts(level)[paragraph_id]


def wording_section(ctx: Context, result: BuildResult) -> None:
    """"Sửa lời văn": folded; paragraphs by Vietnamese names, căn cứ, the placeholders."""
    s, level = st.session_state, template_key(ctx.facts.unit.level, ctx.scope.issuer)
    paragraphs = s.get(_k("paragraphs"), [])
    defaults = default_texts(level)
    edited = set(edited_ids(result.draft))
    title = "Sửa lời văn" + (f" (đã sửa {len(edited)} đoạn)" if edited else "")
    with st.expander(title, expanded=False):
        st.caption("Chỗ trống như {dan_so} được điền số liệu mới nhất khi xuất (xem thẻ "
                   "“Chỗ trống và số liệu”); xóa hết chữ của một đoạn để bỏ đoạn đó.")
        if edited:
            names = paragraph_labels(paragraphs)
            st.caption("Các đoạn đã sửa: " + "; ".join(md(names.get(p, p)) for p in
                                                        [p["id"] for p in paragraphs]
                                                        if p in edited) + ".")
        body, extra, figures = st.tabs(["Các đoạn", "Căn cứ", "Chỗ trống và số liệu"])
        with body:
            _paragraph_editors(paragraphs, defaults, edited, level)
        with extra:
            st.text_area("Căn cứ (mỗi dòng một căn cứ, in nghiêng trước nội dung; có thể để "
                         "trống)", key=_k("can_cu"), height=100,
                         max_chars=max_area_chars("can_cu"))
        with figures:
            rows = pd.DataFrame(ctx.facts.rows())
            show_table(
                rows[["placeholder", "value", "source", "description"]].rename(columns={
                    "placeholder": "Chỗ trống", "value": "Giá trị", "source": "Nguồn",
                    "description": "Ý nghĩa"}),
                key=_k("figures"), totals=False,
            )


def _paragraph_editors(paragraphs: list[dict], defaults: dict[str, str], edited: set[str],
                       level: str) -> None:
    names = paragraph_labels(paragraphs)
    for p in paragraphs:
        pid = p["id"]
        label = names.get(pid, pid) + (" · ✏️ đã sửa" if pid in edited else "")
        st.text_area(label, key=_k(f"p_{pid}"), max_chars=PARAGRAPH_CHARS,
                     height=68 if p["kind"] in ("heading", "subheading") else 150)
        if pid in edited and pid in defaults:
            st.button("Khôi phục đoạn mẫu", key=_k(f"restore_{pid}"), on_click=_restore,
                      args=(pid, level))
