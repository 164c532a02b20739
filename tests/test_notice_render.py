"""THÔNG BÁO rendering: PDF/DOCX read back and checked against shared/design/notice-format.md."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from antt.notice import (
    Appendix,
    Block,
    Header,
    Notice,
    NoticeError,
    Signature,
    TemplateError,
    compose_notice,
    default_header,
    default_noi_nhan,
    default_paragraphs,
    default_signature,
    fill_template,
    render_docx,
    render_pdf,
    validate,
)
from antt.notice.template import LEVELS, TEMPLATE_FILE, placeholder_docs, placeholders_in
from antt.notice.typography import plain

REF_FACTS: dict[str, str] = {
    "ten_don_vi": "Bắc Sơn",
    "cap_don_vi": "huyện",
    "don_vi": "huyện Bắc Sơn",
    "tinh": "Lạng Sơn",
    "ten_bcd": "Ban Chỉ đạo 138",
    "ten_bcd_viet_tat": "BCĐ 138",
    "qd_thanh_vien_bcd": "Quyết định số 1137/QĐ-UBND ngày 18/5/2022",
    "don_vi_soan_thao": "CAH (TVG)",
    "phong_nhan_bao_cao": "PV01",
    "ky_hieu": "CAH",
    "cap_tren": "tỉnh Lạng Sơn",
    "cong_an_cap_tren": "Công an tỉnh Lạng Sơn",
    "cong_an_nhan_bao_cao": "Công an tỉnh - PV01",
    "thuoc": "tỉnh Lạng Sơn",
    "nguoi_ky": "Phùng Thị Thanh Nga",
    "dac_diem_vi_tri": (
        "huyện miền núi nằm ở phía Tây Nam của tỉnh Lạng Sơn, cách Thành phố Lạng Sơn 85 "
        "km, cách Thành phố Thái Nguyên 74 km theo tuyến Quốc lộ 1B"
    ),
    "dac_diem_dia_hinh": "trong đó 40% diện tích là đồi núi đan xen là những lán, lũng",
    "cac_dan_toc": "Tày, Nùng, Kinh, Dao, Mông...",
    "van_ban_chi_dao": (
        "Kết luận số 44-KL/TW, ngày 22/10/2019 của Ban Bí thư Trung ương Đảng về “tiếp "
        "tục đẩy mạnh thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư khóa XI về tăng cường "
        "sự lãnh đạo của Đảng đối với Phong trào toàn dân bảo vệ an ninh Tổ quốc (ANTQ) "
        "trong tình hình mới”; Chương trình số 07/CTr-BCĐ, ngày 05/02/2024 của Ban Chỉ "
        "đạo 138 huyện Bắc Sơn về công tác trọng tâm xây dựng phong trào Toàn dân bảo vệ "
        "ANTQ năm 2024"
    ),
    "bao_cao_co_so": "Báo cáo số 1548/BC-CAH, ngày 02/10/2024 của Công an huyện Bắc Sơn",
    "ten_mo_hinh": "Nhóm đạo bình an, an lành bảo đảm về ANTT",
    "ten_mo_hinh_day_du": "Nhóm đạo bình an, an lành bảo đảm về an ninh trật tự",
    "cac_luat": (
        "Luật Phòng, chống ma túy; Luật Quản lý, sử dụng vũ khí, vật liệu nổ, công cụ hỗ "
        "trợ; Luật Phòng, chống bạo lực gia đình; Luật Cư trú; Luật Xử lý vi phạm hành "
        "chính; Luật Đất đai; Luật Phòng, chống tham nhũng; Luật Tín ngưỡng, tôn giáo; "
        "Luật Căn cước"
    ),
    "cac_loai_cam_ket": (
        "không có hành vi sai phạm về pháo, không trồng cây thuốc phiện, không tàng trữ, "
        "sử dụng trái phép vũ khí, vật liệu nổ, công cụ hỗ trợ, thực hiện tốt các quy "
        "định về phòng cháy, chữa cháy"
    ),
    "so_xa": "17",
    "so_thi_tran": "01",
    "so_thon": "148",
    "dan_so": "74.392",
    "dien_tich": "695,9",
    "so_ton_giao": "03",
    "ton_giao_tong": "710 hộ/2.840 nhân khẩu",
    "ton_giao_chi_tiet": (
        "Tin lành (507 hộ, 2.519 nhân khẩu), Công giáo (41 hộ, 139 nhân khẩu) và Phật "
        "giáo (162 hộ, 182 nhân khẩu)"
    ),
    "so_mo_hinh": "03",
    "cac_thon": "các thôn",
    "cac_ton_giao": "các tôn giáo",
    "danh_sach_mo_hinh": (
        "thôn Phúc Tiến, xã Vũ Sơn; thôn Khau Bao, xã Tân Tri; thôn Bình An, xã Chiến "
        "Thắng"
    ),
    "so_buoi_tuyen_truyen": "35",
    "luot_nguoi_tuyen_truyen": "3.560",
    "tinh_hinh_an_ninh_chinh_tri": (
        "tình hình an ninh chính trị tại các thôn luôn được giữ vững, ổn định, không có "
        "vụ việc xảy ra"
    ),
    "tinh_hinh_ton_giao": (
        "Các tôn giáo trên địa bàn trong thời gian qua hoạt động theo nội dung, chương "
        "trình đã đăng ký với chính quyền, không có hoạt động vi phạm pháp luật"
    ),
    "tinh_hinh_trat_tu": (
        "tình hình trật tự an toàn xã hội ổn định, quần chúng Nhân dân chấp hành tốt các "
        "quy định của pháp luật, không có vụ việc gây mất ANTT xảy ra tại địa bàn thôn"
    ),
    "so_cuoc_tuan_tra": "50",
    "luot_nguoi_tuan_tra": "450",
    "so_ho_cam_ket": "710",
    "so_loai_cam_ket": "04",
    "tu_ngay": "12/06/2021",
    "den_ngay": "02/10/2024",
    "so_cuoc_hoa_giai": "12",
    "so_hoa_giai_thanh": "11",
}

XA_FACTS = dict(
    REF_FACTS,
    ten_don_vi="Vũ Lễ", cap_don_vi="xã", don_vi="xã Vũ Lễ",
    ten_bcd="Ban Chỉ đạo phong trào Toàn dân bảo vệ ANTQ",
    ten_bcd_viet_tat="BCĐ", don_vi_soan_thao="CAX",
    qd_thanh_vien_bcd="Quyết định số 15/QĐ-UBND ngày 10/7/2025",
    dac_diem_vi_tri="xã miền núi nằm ở phía Tây Bắc của tỉnh Lạng Sơn",
    van_ban_chi_dao="Kế hoạch số 12/KH-CAT, ngày 15/7/2025 của Công an tỉnh Lạng Sơn",
    bao_cao_co_so="Báo cáo số 20/BC-CAX, ngày 02/10/2025 của Công an xã Vũ Lễ",
    danh_sach_mo_hinh="thôn Phúc Tiến; thôn Khau Bao",
    so_thon="21", so_mo_hinh="02",
)
CREATED = dt.datetime(2024, 10, 5, 8, 0, tzinfo=dt.UTC)
MM = 25.4 / 72


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def make_notice(facts: dict[str, str] = REF_FACTS, level: str = "huyen", so: int | None = 5,
                ngay: int | None = 5, paragraphs: list[dict] | None = None) -> Notice:
    header = default_header(level, facts, so=so, ngay=ngay, thang=10, nam=2024)
    return compose_notice(facts, header, default_signature(level, facts),
                          default_noi_nhan(level, facts),
                          paragraphs if paragraphs is not None else default_paragraphs(level),
                          [])


@pytest.fixture(scope="module")
def notice() -> Notice:
    return make_notice()


@pytest.fixture(scope="module")
def pdf_bytes(notice: Notice) -> bytes:
    data = render_pdf(notice, creation_date=CREATED)
    with open("/tmp/notice.pdf", "wb") as fh:
        fh.write(data)
    return data


@pytest.fixture(scope="module")
def reader(pdf_bytes: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes))


def spans(page) -> list[dict]:
    """(text, font, size, x mm, baseline y mm from the top) of every text span on a page."""
    out: list[dict] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            font = str(font_dict["/BaseFont"]).split("+")[-1] if font_dict else ""
            size = font_size * tm[0]
            out.append({"text": text.strip(), "font": font, "size": round(size, 2),
                        "x": tm[4] * MM, "y": 297 - tm[5] * MM})

    page.extract_text(visitor_text=visit)
    return out


def find(page_spans: list[dict], prefix: str) -> dict:
    for s in page_spans:
        if s["text"].startswith(prefix):
            return s
    raise AssertionError(f"{prefix!r} not found in {[s['text'] for s in page_spans][:40]}")


def flat(text: str) -> str:
    return " ".join(plain(nfc(text)).split())


KEY_TEXTS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 05/TB-BCĐ",
    "Bắc Sơn, ngày 05 tháng 10 năm 2024", "THÔNG BÁO", "UBND HUYỆN BẮC SƠN", "BAN CHỈ ĐẠO 138",
    "Phùng Thị Thanh Nga", "Nơi nhận:", "- Lưu: VT, CAH (TVG).", "TRƯỞNG BAN",
    "CHỦ TỊCH UBND HUYỆN", "./.", "I. ĐÁNH GIÁ CHUNG", "1. Công tác chỉ đạo triển khai",
]
FIGURES = [
    "17 xã, 01 thị trấn", "148 thôn", "74.392", "695,9", "710 hộ/2.840 nhân khẩu",
    "Tin lành (507 hộ, 2.519 nhân khẩu)", "35 buổi", "3.560 lượt người", "50 cuộc",
    "450 lượt người",
]


def test_text_round_trip_pypdf(reader: PdfReader) -> None:
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    for needle in KEY_TEXTS + FIGURES:
        assert nfc(needle) in text, needle
    assert "Dân số dân số" not in text and "bình yên" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_text_round_trip_pdftotext(pdf_bytes: bytes) -> None:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True,
                         check=True).stdout.decode("utf-8")
    text = flat(out)
    for needle in KEY_TEXTS + FIGURES:
        assert nfc(needle) in text, needle


def test_document_properties(reader: PdfReader) -> None:
    assert reader.metadata["/Title"].startswith("THÔNG BÁO số 05/TB-BCĐ")
    assert "Kết quả, kinh nghiệm" in reader.metadata["/Title"]
    assert reader.metadata["/Author"] == "BAN CHỈ ĐẠO 138"
    assert reader.metadata["/Creator"] == "ANTT Dashboard"
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    assert reader.pdf_header >= "%PDF-1.4"
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)


def test_fonts_are_embedded_tinos(reader: PdfReader) -> None:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
    assert names == {"Tinos", "TinosBold", "TinosItalic", "TinosBoldItalic"}


def test_header_layout(reader: PdfReader) -> None:
    first = spans(reader.pages[0])
    quoc_hieu = find(first, "CỘNG HÒA")
    assert (quoc_hieu["font"], quoc_hieu["size"]) == ("TinosBold", 13)
    tieu_ngu = find(first, "Độc lập")
    assert (tieu_ngu["font"], tieu_ngu["size"]) == ("TinosBold", 14)
    so, date = find(first, "Số:"), find(first, "Bắc Sơn, ngày")
    assert (so["font"], so["size"]) == ("Tinos", 13)
    assert (date["font"], date["size"]) == ("TinosItalic", 14)
    assert abs(so["y"] - date["y"]) <= 0.5
    assert so["x"] < 95 <= date["x"]
    title = find(first, "THÔNG BÁO")
    assert (title["font"], title["size"]) == ("TinosBold", 14)
    assert abs(title["x"] + 0.5 * 14 * MM * 0 - 30) > 20  # centred, not at the margin
    assert not [s for s in first if s["y"] < 20]  # no page number on page 1


def test_body_margins_and_indent(reader: PdfReader) -> None:
    body = [s for p in reader.pages for s in spans(p) if s["font"] == "Tinos" and s["size"] == 14]
    xs = [round(s["x"], 1) for s in body]
    assert min(xs) == pytest.approx(30.0, abs=0.2)
    assert any(abs(x - 40.0) <= 0.2 for x in xs)  # first lines indented 10 mm
    assert max(s["x"] for s in body) < 195


def test_signature_block(reader: PdfReader) -> None:
    page = next(spans(p) for p in reader.pages if "Nơi nhận:" in p.extract_text())
    noi_nhan, truong_ban = find(page, "Nơi nhận:"), find(page, "TRƯỞNG BAN")
    assert (noi_nhan["font"], noi_nhan["size"]) == ("TinosBoldItalic", 12)
    assert (truong_ban["font"], truong_ban["size"]) == ("TinosBold", 14)
    assert abs(noi_nhan["y"] - truong_ban["y"]) <= 0.5
    assert noi_nhan["x"] == pytest.approx(30, abs=0.2)
    items = [s for s in page if s["text"].startswith("- ") and s["size"] == 11]
    assert items and all(s["font"] == "Tinos" and abs(s["x"] - 30) < 0.2 for s in items)
    signer = find(page, "Phùng Thị Thanh Nga")
    assert (signer["font"], signer["size"]) == ("TinosBold", 14)
    assert 25 <= signer["y"] - truong_ban["y"] - 14 * MM * 1.2 <= 40


def test_page_numbers_from_page_two(reader: PdfReader) -> None:
    assert len(reader.pages) >= 2
    for n, page in enumerate(reader.pages, 1):
        top = [s for s in spans(page) if s["y"] < 20]
        if n == 1:
            assert not top
            continue
        assert len(top) == 1
        assert (top[0]["text"], top[0]["font"], top[0]["size"]) == (str(n), "Tinos", 13)
        assert 10 < top[0]["y"] < 18
        assert abs(top[0]["x"] - (30 + 165 / 2)) < 5


def test_byte_identical_with_fixed_creation_date(notice: Notice, pdf_bytes: bytes) -> None:
    assert render_pdf(notice, creation_date=CREATED) == pdf_bytes


def test_draft_without_number_and_day() -> None:
    data = render_pdf(make_notice(so=None, ngay=None), creation_date=CREATED)
    reader = PdfReader(io.BytesIO(data))
    first = spans(reader.pages[0])
    so, date = find(first, "Số:"), find(first, "Bắc Sơn, ngày")
    assert re.fullmatch(r"Số: +/TB-BCĐ", so["text"])
    assert re.fullmatch(r"Bắc Sơn, ngày +tháng 10 năm 2024", date["text"])
    assert reader.metadata["/Title"].startswith("THÔNG BÁO - ")


def _signature_page_has_body(data: bytes) -> tuple[bool, int]:
    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        page_spans = spans(page)
        if any(s["text"].startswith("Nơi nhận:") for s in page_spans):
            noi_nhan = find(page_spans, "Nơi nhận:")
            signer = find(page_spans, "Phùng Thị Thanh Nga")  # block not split
            assert signer["y"] > noi_nhan["y"]
            lines = [s for s in page_spans if s["size"] == 14 and s["font"] == "Tinos"
                     and s["y"] < noi_nhan["y"]]
            return bool(lines), index
    raise AssertionError("no signature block")


def test_long_paragraph_moves_signature_with_body_lines() -> None:
    base = [p for p in default_paragraphs("huyen") if p["kind"] != "item"][:4]
    pushed = 0
    for extra in range(110, 215, 5):
        words = " ".join(["nội dung rất dài"] * (60 + extra))
        paragraphs = base + [{"id": "dai", "kind": "paragraph", "text": f"Đoạn dài {words}."}]
        data = render_pdf(make_notice(paragraphs=paragraphs), creation_date=CREATED)
        has_body, index = _signature_page_has_body(data)
        assert has_body, f"signature alone on page {index + 1} (extra={extra})"
        pushed += index > 0
    assert pushed  # the range covers cases where the block moved to a later page


def test_validate_messages(notice: Notice) -> None:
    bad = copy.deepcopy(notice)
    bad.signature.ten = ""
    bad.header.thang = 13
    messages = validate(bad)
    assert "Chưa nhập Tên người ký." in messages
    assert any("Tháng không hợp lệ: 13" in m for m in messages)
    snow = copy.deepcopy(notice)
    snow.signature.ten = "Phùng Thị ☃ Nga"
    messages = validate(snow)
    assert messages == ['Ký tự không có trong phông chữ: "☃" (U+2603) ở trường Tên người ký']
    with pytest.raises(NoticeError) as err:
        render_pdf(snow)
    assert err.value.messages == messages
    with pytest.raises(NoticeError):
        render_docx(bad)
    future = copy.deepcopy(notice)
    future.header.nam = 2025
    future.header.thang = 12
    future.header.ngay = 31
    assert any("tương lai" in m for m in validate(future, today=dt.date(2024, 10, 5)))
    assert validate(notice) == []


def test_nfd_input_is_normalised(notice: Notice) -> None:
    nfd = copy.deepcopy(notice)
    nfd.signature.ten = unicodedata.normalize("NFD", "Phùng Thị Thanh Nga")
    text = flat(" ".join(p.extract_text() for p in
                         PdfReader(io.BytesIO(render_pdf(nfd, CREATED))).pages))
    assert "Phùng Thị Thanh Nga" in text


def test_fill_template() -> None:
    assert fill_template("{don_vi:dau} có {dan_so} người {{x}}", REF_FACTS) == \
        "Huyện Bắc Sơn có 74.392 người {x}"
    assert fill_template("UBND {cap_don_vi:hoa} {ten_don_vi:hoa}", REF_FACTS) == \
        "UBND HUYỆN BẮC SƠN"
    with pytest.raises(TemplateError) as err:
        fill_template("Có {so_xa} xã và {so_phuong} phường", REF_FACTS)
    assert err.value.messages == ['Không có dữ liệu cho chỗ trống "{so_phuong}".']
    with pytest.raises(TemplateError, match="ngoặc nhọn lẻ"):
        fill_template("a } b", REF_FACTS)


def test_template_file_has_no_figures_and_documents_placeholders() -> None:
    raw = TEMPLATE_FILE.read_text(encoding="utf-8")
    assert not re.search(r"\d", raw), "no figure may be written in the template file"
    documented = set(placeholder_docs())
    for level in LEVELS:  # the police's too
        for para in default_paragraphs(level):
            assert set(placeholders_in(para["text"])) <= documented, para["id"]
    assert set(REF_FACTS) == documented


def test_commune_notice_never_says_huyen() -> None:
    notice = make_notice(XA_FACTS, level="xa")
    text = " ".join(str(v) for v in _strings(notice.to_dict()))
    assert "huyện" not in text.lower()
    assert notice.header.co_quan_chu_quan == "UBND XÃ VŨ LỄ"
    pdf_text = flat(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(render_pdf(notice, CREATED))).pages))
    assert "huyện" not in pdf_text.lower() and "Xã Vũ Lễ là xã miền núi" in pdf_text


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_to_dict_round_trip(notice: Notice) -> None:
    assert Notice.from_dict(notice.to_dict()) == notice
    assert isinstance(notice.body[0], Block) and isinstance(notice.header, Header)
    assert isinstance(notice.signature, Signature)
    lesson = next(b for b in notice.body if b.bold_prefix)
    assert lesson.bold_prefix == "1." and lesson.text.startswith("Phải bám sát")


def test_docx_round_trip(notice: Notice) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(render_docx(notice)))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs]
    text = flat(" ".join(texts))
    for needle in KEY_TEXTS + FIGURES:
        assert nfc(needle) in text, needle
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    run = next(r for p in doc.paragraphs for r in p.runs if r.text.strip())
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == rfonts.get(qn("w:cs")) == "Times New Roman"
    body = next(p for p in doc.paragraphs if plain(p.text).startswith("Bắc Sơn là"))
    assert round(body.paragraph_format.first_line_indent.mm) == 10
    assert body.alignment == 3  # JUSTIFY


def test_docx_tables_have_fixed_grid_widths() -> None:
    """LibreOffice lays tables out from the grid, Word from the cells: both must say 65/100 mm
    for the header, or the Quốc hiệu wraps onto two lines."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    notice = make_notice()
    notice.appendix = Appendix("Kết quả theo thôn", ["TT", "Thôn, xã", "Tuyên truyền (buổi)"],
                               [["1", "Thôn Phúc Tiến, xã Vũ Sơn", "1.464"]])
    doc = Document(io.BytesIO(render_docx(notice)))
    header, appendix = doc.tables[0], doc.tables[-1]
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [int(Mm(65).twips), int(Mm(100).twips)]
    assert header._tbl.tblPr.find(qn("w:tblCellMar")) is not None
    widths = [int(c.get(qn("w:w"))) for c in appendix._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) - Mm(165).twips) < 30
    assert widths[1] == max(widths)  # the text column gets the spare width
    assert appendix.rows[1].cells[2].paragraphs[0].alignment == 1  # numbers centred
