"""Typography a văn thư signs without retyping (antt/notice/typography.py, used by the PDF and
the DOCX), the notice's wording rules, the CLI options for any unit, and the DOCX structure."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from docx import Document

from antt.__main__ import main
from antt.notice.docx import text_width_mm
from antt.notice.model import Block
from antt.notice.typography import NBHY, NBSP, plain, protect, title_lines
from antt.notice.wording import define_acronyms, mention_appendix
from antt.text.fmt import today_local

EPOCH = "1727913600"  # 2024-10-03 00:00 UTC
TRICH_YEU = ("Kết quả, kinh nghiệm xây dựng, thực hiện mô hình “Nhóm đạo bình an, an lành bảo "
             "đảm về an ninh trật tự” trong phong trào Toàn dân bảo vệ An ninh Tổ quốc")
# Groups a văn thư never lets a line break split, as they appear in the reference notice.
REFERENCE_GROUPS = [
    "695,9 km²", "85 km", "74 km", "74.392 người", "148 thôn", "35 buổi", "3.560 lượt",
    "50 cuộc", "450 lượt", "số 44-KL/TW", "ngày 22/10/2019", "số 07/CTr-BCĐ", "ngày 05/02/2024",
    "số 1548/BC-CAH", "ngày 02/10/2024", "số 1137/QĐ-UBND", "ngày 18/5/2022",
    "kinh tế - xã hội", "(TỪ 12/06/2021 ĐẾN 02/10/2024)",
    "Chỉ đạo 138", "tháng 10 năm 2024",
]


def lines_of(text: str) -> list[str]:
    return [" ".join(plain(unicodedata.normalize("NFC", ln)).split()) for ln in text.splitlines()]


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def assert_unsplit(text: str, groups: list[str]) -> None:
    """Each group occurs in the text and only ever whole on one line."""
    lines = lines_of(text)
    flat = " ".join(" ".join(lines).split())
    for group in groups:
        assert group in flat, f"{group!r} missing"
        whole = sum(ln.count(group) for ln in lines)
        assert whole == flat.count(group), f"{group!r} is split across lines"


def run_cli(data: Path, out: Path, *extra: str) -> int:
    return main(["notice", "--data", str(data), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def notices(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("typo")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        assert run_cli(sample_dir, out / "ref.pdf", "--to", "2024-10-02", "--number", "5",
                       "--issued-on", "10/2024", "--appendix", "--docx", str(out / "ref.docx")) == 0
        assert run_cli(sample_dir, out / "xa.pdf", "--to", "2024-10-02", "--communes", "06355",
                       "--signer", "Nguyễn Văn An", "--signer-title", "KT. TRƯỞNG BAN",
                       "--signer-title", "PHÓ TRƯỞNG BAN", "--issued-on", "05/10/2024",
                       "--number", "7", "--appendix", "--docx", str(out / "xa.docx")) == 0
    finally:
        mp.undo()
    return {"ref": out / "ref.pdf", "ref_docx": out / "ref.docx", "xa": out / "xa.pdf",
            "xa_docx": out / "xa.docx"}


# ---------------------------------------------------------------- the rules


def test_protect_glues_each_group() -> None:
    assert protect("diện tích 17,8 km², dân số 74.392 người") == (
        f"diện tích 17,8{NBSP}km², dân số{NBSP}74.392{NBSP}người")
    assert protect("Quyết định số 1137/QĐ-UBND ngày 18/5/2022") == (
        f"Quyết định số{NBSP}1137/QĐ{NBHY}UBND ngày{NBSP}18/5/2022")
    assert protect("an ninh - quốc phòng, Quốc phòng - an ninh") == (
        f"an{NBSP}ninh{NBSP}-{NBSP}quốc{NBSP}phòng, Quốc{NBSP}phòng{NBSP}-{NBSP}an{NBSP}ninh")
    assert protect("(TỪ 12/06/2021 ĐẾN 02/10/2024)") == (
        f"(TỪ{NBSP}12/06/2021{NBSP}ĐẾN{NBSP}02/10/2024)")
    assert protect("ngày 05 tháng 02 năm 2025") == NBSP.join("ngày 05 tháng 02 năm 2025".split())
    # dates and plain numbers keep their ordinary hyphens; protecting twice changes nothing
    assert protect("2021-06-12") == "2021-06-12"
    once = protect(TRICH_YEU + " quốc phòng - an ninh 85 km")
    assert protect(once) == once


def test_title_lines_are_balanced_at_phrase_boundaries() -> None:
    lines = title_lines(TRICH_YEU, lambda t: text_width_mm(t, "B", 14), 165.0)
    assert lines == [
        "Kết quả, kinh nghiệm xây dựng, thực hiện mô hình",
        "“Nhóm đạo bình an, an lành bảo đảm về an ninh trật tự”",
        "trong phong trào Toàn dân bảo vệ An ninh Tổ quốc",
    ]
    title = protect("KẾT QUẢ HOẠT ĐỘNG CỦA MÔ HÌNH THEO THÔN (TỪ 12/06/2021 ĐẾN 02/10/2024)")
    lines = title_lines(title, lambda t: text_width_mm(t, "B", 14), 165.0)
    assert [plain(ln) for ln in lines] == ["KẾT QUẢ HOẠT ĐỘNG CỦA MÔ HÌNH THEO THÔN",
                                           "(TỪ 12/06/2021 ĐẾN 02/10/2024)"]
    for width in (60.0, 80.0, 100.0, 120.0):
        for line in title_lines(TRICH_YEU, lambda t: text_width_mm(t, "B", 14), width):
            assert len(line.split()) >= 3, (width, line)


def test_acronyms_are_defined_at_first_use() -> None:
    blocks = define_acronyms([
        Block("heading", "I. ANTT"),
        Block("paragraph", "Mô hình bảo đảm an ninh trật tự ở thôn; văn bản số 07/CTr-BCĐ."),
        Block("paragraph", "Giữ vững ANTT và ANTQ; thành viên BCĐ."),
    ])
    assert blocks[0].text == "I. ANTT"  # headings are not where a definition goes
    assert blocks[1].text == ("Mô hình bảo đảm an ninh trật tự (ANTT) ở thôn; văn bản số "
                              "07/CTr-BCĐ.")
    assert blocks[2].text == ("Giữ vững ANTT và an ninh Tổ quốc (ANTQ); thành viên Ban Chỉ đạo "
                              "(BCĐ).")


def test_appendix_is_mentioned_once() -> None:
    blocks = mention_appendix([Block("paragraph", "Thông báo kết quả như sau:"),
                               Block("paragraph", "Nội dung.")])
    assert blocks[0].text == "Thông báo kết quả như sau (có Phụ lục kèm theo):"
    assert mention_appendix(blocks) == blocks


# ---------------------------------------------------------------- PDF and DOCX output


def test_reference_notice_keeps_protected_groups_on_one_line(notices: dict[str, Path]) -> None:
    text = pdftotext(notices["ref"])
    assert_unsplit(text, REFERENCE_GROUPS)
    lines = lines_of(text)
    # the title broken where a reader pauses; names in the appendix wrap only at the comma
    assert "“Nhóm đạo bình an, an lành bảo đảm về an ninh trật tự”" in lines
    for part in ("Thôn Phúc Tiến,", "xã Vũ Sơn", "Thôn Bình An,", "xã Chiến Thắng"):
        assert any(part in ln for ln in lines), part
    flat = " ".join(" ".join(lines).split())
    assert "như sau (có Phụ lục kèm theo):" in flat
    assert "bảo đảm về an ninh trật tự (ANTT)” trong phong trào" in flat


def test_commune_notice_from_the_cli_with_a_signer(notices: dict[str, Path]) -> None:
    text = pdftotext(notices["xa"])
    flat = " ".join(" ".join(lines_of(text)).split())
    for needle in ("UBND XÃ VŨ SƠN", "Số: 07/TB-BCĐ", "Vũ Sơn, ngày 05 tháng 10 năm 2024",
                   "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn An",
                   "tại thôn Phúc Tiến luôn được giữ vững", "./."):
        assert needle in flat, needle
    # in 10/2024 a xã answered to its huyện: its committee and police are named
    assert "chỉ đạo của Ban Chỉ đạo 138 huyện Bắc Sơn, Công an huyện Bắc Sơn, Đảng ủy" in flat
    assert "Nơi nhận: - BCĐ 138 huyện Bắc Sơn (B/c); - Công an huyện Bắc Sơn (B/c);" in flat
    assert_unsplit(text, ["ngày 22/10/2019", "số 44-KL/TW", "kinh tế - xã hội",
                          "(TỪ 12/06/2021 ĐẾN 02/10/2024)"])


def test_docx_headings_and_properties(notices: dict[str, Path]) -> None:
    doc = Document(str(notices["ref_docx"]))
    styles = {plain(p.text): p.style.name for p in doc.paragraphs
              if p.style.name.startswith("Heading")}
    assert styles == {
        "THÔNG BÁO": "Heading 1", "I. ĐÁNH GIÁ CHUNG": "Heading 2",
        "II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN": "Heading 2", "III. BÀI HỌC KINH NGHIỆM": "Heading 2",
        "1. Công tác chỉ đạo triển khai": "Heading 3",
        "2. Công tác tuyên truyền vận động": "Heading 3",
        "3. Công tác đấu tranh tội phạm và các hành vi vi phạm pháp luật": "Heading 3",
        "4. Tình hình hoạt động của mô hình “Nhóm đạo bình an, an lành bảo đảm về ANTT”":
            "Heading 3",
        "Phụ lục": "Heading 1",
    }
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size.pt == 14
        assert style.font.bold and str(style.font.color.rgb) == "000000"
    props = doc.core_properties
    assert props.title.startswith("THÔNG BÁO số 05/TB-BCĐ - Kết quả, kinh nghiệm")
    assert props.author == props.last_modified_by == "BAN CHỈ ĐẠO 138"
    assert props.created.year == 2024 and props.created.month == 10  # SOURCE_DATE_EPOCH
    assert "python-docx" not in (props.comments or "") + (props.author or "")
    app = next(p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    assert b"<Application>ANTT Dashboard</Application>" in app.blob
    assert b"Macintosh" not in app.blob
    assert not any(p.partname.endswith(".jpeg") for p in doc.part.package.iter_parts())
    # the title has the PDF's line breaks; codes carry non-breaking hyphens
    title = next(p for p in doc.paragraphs if p.text.startswith("Kết quả, kinh nghiệm"))
    assert plain(title.text).split("\n") == [
        "Kết quả, kinh nghiệm xây dựng, thực hiện mô hình",
        "“Nhóm đạo bình an, an lành bảo đảm về an ninh trật tự”",
        "trong phong trào Toàn dân bảo vệ An ninh Tổ quốc"]
    table = doc.tables[-1]
    assert all(c.vertical_alignment == 1 for row in table.rows for c in row.cells)  # CENTER
    body = "\n".join(p.text for p in doc.paragraphs)
    assert f"1137/QĐ{NBHY}UBND" not in body  # recipients live in the signature table
    signature = "\n".join(c.text for row in doc.tables[1].rows for c in row.cells)
    assert f"số{NBSP}1137/QĐ{NBHY}UBND" in signature


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_the_docx_with_the_same_unsplit_groups(
        notices: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    for name in ("ref_docx", "xa_docx"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(notices[name])],
                       capture_output=True, check=True, timeout=180)
    text = pdftotext(tmp_path / "ref.pdf")
    assert_unsplit(text, [g for g in REFERENCE_GROUPS if g != "tháng 10 năm 2024"])
    assert "“Nhóm đạo bình an, an lành bảo đảm về an ninh trật tự”" in lines_of(text)
    assert_unsplit(pdftotext(tmp_path / "xa.pdf"),
                   ["ngày 22/10/2019", "số 44-KL/TW", "quốc phòng - an ninh"])


# ---------------------------------------------------------------- CLI parity


def test_period_before_the_first_model_is_refused(sample_dir: Path, tmp_path: Path,
                                                  capsys) -> None:
    out = tmp_path / "empty.pdf"
    assert run_cli(sample_dir, out, "--to", "2019-01-01") == 1
    err = capsys.readouterr().err
    assert "Kỳ số liệu đến 01/01/2019 kết thúc trước khi có mô hình" in err
    assert "thành lập 12/06/2021" in err and "--allow-empty" in err
    assert not out.exists()
    assert run_cli(sample_dir, out, "--to", "2019-01-01", "--allow-empty") == 0
    flat = " ".join(" ".join(lines_of(pdftotext(out))).split())
    assert ("Đến ngày 01/01/2019, trên địa bàn huyện chưa có mô hình “Nhóm đạo bình an, an "
            "lành bảo đảm về ANTT” nào được thành lập và hoạt động.") in flat
    assert "0 mô hình" not in flat


def test_argparse_errors_are_vietnamese(sample_dir: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli(sample_dir, tmp_path / "x.pdf", "--unit-set", "2023")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi: tham số --unit-set: giá trị '2023' không hợp lệ (chọn một trong:" in err
    assert "invalid choice" not in err and err.startswith("cách dùng: python -m antt notice")


def test_dates_that_disagree(sample_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "early.pdf"
    assert run_cli(sample_dir, out, "--to", "2024-03-31") == 0
    printed = capsys.readouterr().out
    assert ("Lưu ý: Báo cáo làm căn cứ: “Báo cáo số 1548/BC-CAH” đề ngày 02/10/2024, sau ngày "
            "số liệu đến 31/03/2024.") in printed
    today = today_local()  # issued today (the page's default), not in the data's month
    assert f"ngày tháng {today.month} năm {today.year}" in \
        " ".join(" ".join(lines_of(pdftotext(out))).split())
    assert run_cli(sample_dir, tmp_path / "x.pdf", "--to", "2024-10-02",
                   "--issued-on", "2024-09-01") == 1
    assert "Ngày ban hành (01/09/2024) ở trước ngày số liệu đến 02/10/2024" in \
        capsys.readouterr().err


def test_profile_file_option(sample_dir: Path, tmp_path: Path) -> None:
    profile = tmp_path / "hoso.toml"
    text = (sample_dir / "notice_profile.toml").read_text(encoding="utf-8")
    profile.write_text(text + '\n[xa_2024."06355"]\nnguoi_ky = "Lý Thị Hoa"\n'
                       'chuc_vu_ky = "TRƯỞNG BAN\\nCHỦ TỊCH UBND XÃ"\nquyen_han_ky = ""\n'
                       'bao_cao_co_so = "Báo cáo số 09/BC-CAX, ngày 01/10/2024 của Công an '
                       '{don_vi}"\n', encoding="utf-8")
    out = tmp_path / "xa.pdf"
    assert run_cli(sample_dir, out, "--to", "2024-10-02", "--communes", "06355",
                   "--profile", str(profile)) == 0
    flat = " ".join(" ".join(lines_of(pdftotext(out))).split())
    assert "Lý Thị Hoa" in flat and "CHỦ TỊCH UBND XÃ" in flat
    assert "Báo cáo số 09/BC-CAX, ngày 01/10/2024 của Công an xã Vũ Sơn" in flat
    assert run_cli(sample_dir, out, "--profile", str(tmp_path / "none.toml")) == 1


def test_docx_bytes_are_readable(notices: dict[str, Path]) -> None:
    doc = Document(io.BytesIO(notices["xa_docx"].read_bytes()))
    signature = " ".join(c.text for row in doc.tables[1].rows for c in row.cells)
    assert "KT. TRƯỞNG BAN" in signature and "Nguyễn Văn An" in signature


# ---------------------------------------------------------------- a văn thư's reading (#28)

MARGIN_PT = 30 / 25.4 * 72  # the left margin, where a paragraph's later lines start


def _lines_with_boxes(path: Path) -> list[tuple[float, float, float, list[str]]]:
    """(xMin, xMax, height, words) of every text line, in points (pdftotext -bbox-layout)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    out = []
    for line in re.findall(r"<line (.*?)</line>", xml, flags=re.S):
        box = dict(re.findall(r'(\w+)="([\d.]+)"', line.split(">", 1)[0]))
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>',
                           line)
        out.append((float(box["xMin"]), float(box["xMax"]),
                    float(box["yMax"]) - float(box["yMin"]),
                    [(float(a), float(b), unescape(w)) for a, b, w in words]))
    return out


@pytest.mark.parametrize("which", ["ref", "xa"])
def test_names_and_bodies_never_break(notices: dict[str, Path], which: str) -> None:
    # issue #28: "trật / tự", "Ban / Chỉ đạo 138", "xã Vũ / Sơn", "huyện Bắc / Sơn"
    groups = {"ref": ["Ban Chỉ đạo 138", "huyện Bắc Sơn", "trật tự", "an ninh trật tự",
                      "tỉnh Lạng Sơn", "thôn Phúc Tiến", "xã Vũ Sơn"],
              "xa": ["Ban Chỉ đạo 138", "xã Vũ Sơn", "trật tự", "an ninh trật tự",
                     "thôn Phúc Tiến", "tỉnh Lạng Sơn"]}[which]
    body = pdftotext(notices[which]).split("Nơi nhận:")[0]
    assert_unsplit(body, groups)


@pytest.mark.parametrize("which", ["ref", "xa"])
def test_justified_lines_keep_sane_gaps_and_no_short_last_line(notices: dict[str, Path],
                                                               which: str) -> None:
    widest, short = 0.0, []
    for x_min, x_max, height, words in _lines_with_boxes(notices[which]):
        if height < 14 or not words:  # the 14 pt body only (not Nơi nhận, not the table)
            continue
        if x_max > 550 and len(words) >= 6:  # a full justified line
            gaps = [b[0] - a[1] for a, b in zip(words, words[1:], strict=False)]
            widest = max(widest, max(gaps) * 25.4 / 72)
        elif abs(x_min - MARGIN_PT) < 0.6 and len(words) < 3:  # a paragraph's last line
            short.append(" ".join(w for _, _, w in words))
    # a space is 1,23 mm at 14 pt; before #28 some gaps were 3,6 mm ("Ban" / "Chỉ đạo 138")
    assert 1.3 < widest < 3.0, widest
    assert short == [], short  # "thực.", "ma túy.", "xảy ra." alone on a line


def test_pdf_text_layer_holds_plain_hyphens(notices: dict[str, Path]) -> None:
    # a search or a copy of "1137/QĐ-UBND" finds it: no U+2011 in the text layer
    for which in ("ref", "xa"):
        text = pdftotext(notices[which])
        assert NBHY not in text
        assert "số 44-KL/TW" in " ".join(text.split())
    assert "số 1137/QĐ-UBND" in " ".join(pdftotext(notices["ref"]).split())


def test_appendix_heading_total_row_and_counts(notices: dict[str, Path]) -> None:
    from pypdf import PdfReader

    flat = " ".join(pdftotext(notices["xa"]).split())
    assert ("(Kèm theo Thông báo số 07/TB-BCĐ ngày 05 tháng 10 năm 2024 của Ban Chỉ đạo 138 xã "
            "Vũ Sơn)") in flat  # Mẫu 2.1
    assert "15 1.464 22 203 1.459 08 0" in flat and "Tổng cộng" in flat  # "08", as the body
    assert "tham gia 08 cuộc hòa giải" in flat
    page = PdfReader(str(notices["xa"])).pages[-1]
    fonts: dict[str, set[str]] = {}

    def seen(text, cm, tm, font, size) -> None:
        if text.strip() and font:
            fonts.setdefault(text.strip(), set()).add(font["/BaseFont"].split("+")[-1])

    page.extract_text(visitor_text=seen)
    assert fonts["Tổng cộng"] == {"TinosBold"}, fonts
    assert fonts["1.459"] == {"Tinos", "TinosBold"}  # the village's row, then the total's
    assert fonts["Thôn Phúc Tiến"] == {"Tinos"}
