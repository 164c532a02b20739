"""The THÔNG BÁO from data: `python -m antt notice` on a copy of the bundled data, facts, drafts
and the messages for bad input (no file is written then)."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from antt.__main__ import main
from antt.data.queries import run_query
from antt.data.store import Store
from antt.notice.build import build_notice
from antt.notice.draft import Draft, default_draft, edited_ids, parse_number, restore_paragraph
from antt.notice.facts import (
    Scope,
    busiest_commune,
    collect_facts,
    count_text,
    in_sentence,
    lower_first,
)
from antt.notice.model import NoticeError
from antt.notice.template import default_paragraphs
from antt.notice.typography import plain
from antt.text.fmt import today_local

EPOCH = "1727913600"  # 2024-10-03 00:00 UTC
REFERENCE_FIGURES = [
    "17 xã, 01 thị trấn", "148 thôn", "74.392", "695,9 km²", "710 hộ/2.840 nhân khẩu",
    "Tin lành (507 hộ, 2.519 nhân khẩu)", "Công giáo (41 hộ, 139 nhân khẩu)",
    "Phật giáo (162 hộ, 182 nhân khẩu)",
    "thôn Phúc Tiến, xã Vũ Sơn; thôn Khau Bao, xã Tân Tri; thôn Bình An, xã Chiến Thắng",
    "03 mô hình", "35 buổi", "3.560 lượt người", "50 cuộc", "450 lượt người",
]


def flat(text: str) -> str:
    """One line of NFC text as a reader copies it (no-break hyphens read as '-')."""
    return " ".join(plain(unicodedata.normalize("NFC", text)).split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(p.extract_text() for p in PdfReader(path).pages))


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return flat(" ".join(parts))


def run_cli(data: Path, out: Path, *extra: str) -> int:
    return main(["notice", "--data", str(data), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def reference(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("notice")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        # dated in the month of the reference notice, its day left blank (as it is)
        rc = run_cli(sample_dir, out / "a.pdf", "--to", "2024-10-02", "--number", "5",
                     "--issued-on", "10/2024",
                     "--docx", str(out / "a.docx"), "--save-draft", str(out / "a.json"))
        assert rc == 0
        rc = run_cli(sample_dir, out / "b.pdf", "--to", "2024-10-02", "--number", "5",
                     "--issued-on", "10/2024")
        assert rc == 0
    finally:
        mp.undo()
    return {"pdf": out / "a.pdf", "docx": out / "a.docx", "again": out / "b.pdf",
            "draft": out / "a.json"}


def test_cli_pdf_holds_the_reference_figures(reference: dict[str, Path]) -> None:
    text = pdf_text(reference["pdf"])
    for figure in REFERENCE_FIGURES:
        assert figure in text, figure
    for needle in ("UBND HUYỆN BẮC SƠN", "BAN CHỈ ĐẠO 138", "Số: 05/TB-BCĐ",
                   "Bắc Sơn, ngày tháng 10 năm 2024", "Phùng Thị Thanh Nga",
                   "CHỦ TỊCH UBND HUYỆN", "trật tự an toàn xã hội ổn định",
                   "không có vụ việc xảy ra", "- Lưu: VT, CAH (TVG).", "./."):
        assert needle in text, needle
    # the laws and commitments come from the model rows' outreach topics and commitment types
    assert "Luật Phòng chống ma túy; Luật Quản lý, sử dụng vũ khí" in text
    # no repeat of "phòng chống tội phạm" before the template's "đấu tranh, phòng, chống ..."
    assert ("Luật Căn cước và công tác phòng cháy, chữa cháy; đấu tranh, phòng, chống các loại "
            "tội phạm đến") in text
    assert text.count("tội phạm;") == 0
    assert "được 3.505 lượt hộ ký (mỗi lượt là một hộ ký một loại cam kết, cộng dồn 04" in text
    # the commitments sentence as the reference writes it
    assert ("ký cam kết không có hành vi sai phạm về pháo, không trồng cây thuốc phiện, không "
            "tàng trữ, sử dụng các loại vũ khí, vật liệu nổ, công cụ hỗ trợ, thực hiện tốt các "
            "quy định về phòng cháy, chữa cháy, được 3.505 lượt hộ ký") in text
    # acronyms defined at first use, as in the reference
    assert "Phong trào toàn dân bảo vệ an ninh Tổ quốc (ANTQ)" in text
    assert "bảo đảm về an ninh trật tự (ANTT)” trong phong trào" in text
    assert text.index("(ANTT)") < text.index(" ANTT ")
    assert "{" not in text and "}" not in text


def test_cli_output_is_reproducible(reference: dict[str, Path]) -> None:
    assert reference["pdf"].read_bytes() == reference["again"].read_bytes()
    info = PdfReader(reference["pdf"]).metadata
    assert info["/Title"].startswith("THÔNG BÁO số 05/TB-BCĐ - Kết quả, kinh nghiệm")
    assert info["/CreationDate"].startswith("D:20241003")


def test_docx_holds_the_same_text(reference: dict[str, Path], sample_store: Store) -> None:
    text = docx_text(reference["docx"])
    for figure in REFERENCE_FIGURES + ["Số: 05/TB-BCĐ", "Phùng Thị Thanh Nga"]:
        assert figure in text, figure
    draft = Draft.from_json(reference["draft"].read_text(encoding="utf-8"))
    result = build_notice(draft, sample_store, today=dt.date(2024, 10, 5))
    assert result.ok, result.errors
    pdf = pdf_text(reference["pdf"])
    for block in result.notice.body:
        assert flat(block.text).rstrip(".") in text
        assert flat(block.text)[:60] in pdf


def test_figures_are_live(sample_copy: Path, tmp_path: Path) -> None:
    with (sample_copy / "outreach.csv").open("a", encoding="utf-8") as fh:
        fh.write("TT-999999,2024-09-30,06355-02,MH004,luat_cu_tru,hop_thon,100\n")
    with (sample_copy / "incidents.csv").open("a", encoding="utf-8") as fh:
        fh.write("VV-999998,2024-05-01,06355-02,trom_cap,trat_tu_xa_hoi,true\n")
        fh.write("VV-999999,2024-06-01,06364-05,danh_bac,trat_tu_xa_hoi,false\n")
    assert run_cli(sample_copy, tmp_path / "live.pdf", "--to", "2024-10-02") == 0
    text = pdf_text(tmp_path / "live.pdf")
    assert "tổng số 36 buổi với khoảng 3.660 lượt người" in text
    assert ("tình hình trật tự an toàn xã hội cơ bản ổn định, xảy ra 02 vụ việc về trật tự "
            "an toàn xã hội (01 vụ trộm cắp tài sản, 01 vụ đánh bạc)") in text
    assert "an ninh chính trị tại các thôn luôn được giữ vững, ổn định, không có vụ việc" in text
    # an earlier report date: fewer sessions, and the same three models (MH011 is from 2023)
    assert run_cli(sample_copy, tmp_path / "early.pdf", "--to", "2023-10-02") == 0
    early = pdf_text(tmp_path / "early.pdf")
    assert "tổng số 21 buổi với khoảng 2.151 lượt người" in early
    assert "tuần tra bảo đảm ANTT tại địa bàn các thôn được 29 cuộc, với 261 lượt người" in early
    assert "35 buổi" not in early


def test_appendix_lists_each_model(sample_dir: Path, tmp_path: Path) -> None:
    assert run_cli(sample_dir, tmp_path / "pl.pdf", "--to", "2024-10-02", "--appendix") == 0
    reader = PdfReader(tmp_path / "pl.pdf")
    last = flat(reader.pages[-1].extract_text())
    assert last.startswith("Phụ lục KẾT QUẢ HOẠT ĐỘNG CỦA MÔ HÌNH THEO THÔN (TỪ 12/06/2021 ĐẾN "
                           "02/10/2024)")
    # counts under 10 as the body writes them ("08 cuộc")
    assert "1 Thôn Phúc Tiến, xã Vũ Sơn 12/06/2021 15 1.464 22 203 1.459 08 0" in last
    assert "3 Thôn Bình An, xã Chiến Thắng 08/01/2023 08 851 11 93 958 04 0" in last
    assert "Tổng cộng 35 3.560 50 450 3.505 18 0" in last


def test_commune_notice_2025_never_says_huyen(sample_store: Store, sample_dir: Path,
                                               tmp_path: Path, capsys) -> None:
    # without a signer the commune profile leaves the name empty: a message, no file
    out = tmp_path / "xa.pdf"
    args = ["--to", "2026-10-31", "--unit-set", "2025", "--communes", "06364"]
    assert run_cli(sample_dir, out, *args) == 1
    assert "Chưa nhập Tên người ký." in capsys.readouterr().err
    assert not out.exists()
    scope = Scope(date_to=dt.date(2026, 10, 31), unit_set="2025", communes=("06364",))
    draft = default_draft(scope, collect_facts(scope, sample_store), so=3)
    draft.ten = "Nguyễn Văn An"
    (tmp_path / "xa.json").write_text(draft.to_json(), encoding="utf-8")
    assert run_cli(sample_dir, out, "--draft", str(tmp_path / "xa.json"), "--appendix") == 0
    text = pdf_text(out)
    assert "UBND XÃ VŨ LỄ" in text and "Vũ Lễ, ngày tháng 10 năm 2026" in text
    assert "Xã Vũ Lễ là xã miền núi của tỉnh Lạng Sơn với diện tích tự nhiên là 92,1 km²" in text
    assert "(thôn Phúc Tiến; thôn Bình An; thôn Khuổi Bó)" in text
    assert "huyện" not in text.lower()


@pytest.mark.parametrize("code", ["06325", "06337", "06349", "06364", "06367", "06376"])
def test_no_commune_fact_says_huyen(sample_store: Store, code: str) -> None:
    scope = Scope(date_to=dt.date(2026, 10, 31), unit_set="2025", communes=(code,),
                  date_from=dt.date(2020, 1, 1))
    facts = collect_facts(scope, sample_store)
    assert facts.unit.level == "xa" and facts.values["cap_don_vi"] == "xã"
    said = [k for k, v in facts.values.items() if "huyện" in v.lower()]
    assert said == []
    draft = default_draft(scope, facts)
    texts = [draft.co_quan_chu_quan, draft.co_quan_ban_hanh, *draft.noi_nhan, *draft.chuc_vu]
    texts += [p["text"] for p in draft.paragraphs]
    assert [t for t in texts if "huyện" in t.lower()] == []


def test_2025_needs_exactly_one_commune(sample_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert run_cli(sample_dir, out, "--to", "2026-10-31", "--unit-set", "2025",
                   "--communes", "06364,06367") == 1
    err = capsys.readouterr().err
    assert "hãy chọn đúng một xã (đang chọn 2 xã)" in err
    assert not out.exists()
    # none chosen: the xã with the most models (there is no huyện to speak for them all)
    assert run_cli(sample_dir, out, "--to", "2026-10-31", "--unit-set", "2025",
                   "--signer", "Nguyễn Văn An") == 0
    said = capsys.readouterr().out
    assert "chưa chọn đơn vị; từ 01/7/2025 không còn cấp huyện, nên lập thông báo của Xã Vũ " \
           "Lễ (06364), xã có nhiều mô hình nhất ngày 31/10/2026" in said
    assert "UBND XÃ VŨ LỄ" in pdf_text(out)


def test_district_notice_for_several_communes(sample_store: Store) -> None:
    scope = Scope(date_to=dt.date(2024, 10, 2), communes=("06355", "06340"))
    facts = collect_facts(scope, sample_store)
    assert facts.unit.level == "huyen" and facts.values["so_xa"] == "02"
    assert facts.values["danh_sach_mo_hinh"] == "thôn Phúc Tiến, xã Vũ Sơn; thôn Khau Bao, " \
                                                "xã Tân Tri"
    assert facts.warnings == ["Chỉ tính số liệu của 2 xã, thị trấn đã chọn, không phải cả huyện."]


def test_busiest_commune_is_the_default_pick(sample_store: Store) -> None:
    active = run_query("models_active_on", store=sample_store, communes=[], unit_set="2025",
                       on_date=dt.date(2026, 10, 31), model_type="nhom_dao_binh_an")
    assert active["commune_name_2025"].value_counts().to_dict() == {"Xã Vũ Lễ": 3, "Xã Vũ Lăng": 1,
                                                               "Xã Tân Tri": 1}
    assert busiest_commune(sample_store, "2025", "nhom_dao_binh_an", dt.date(2026, 10, 31)) \
        == "06364"


def test_commune_profile_override(sample_copy: Path) -> None:
    profile = sample_copy / "notice_profile.toml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + '\n[xa_2025."06364"]\nnguoi_ky = "Nguyễn Văn An"\n', encoding="utf-8")
    store = Store(sample_copy)
    assert store.refresh()
    facts = collect_facts(Scope(date_to=dt.date(2026, 10, 31), unit_set="2025",
                                communes=("06364",)), store)
    assert facts.values["nguoi_ky"] == "Nguyễn Văn An" and facts.sources["nguoi_ky"] == "ho_so"
    other = collect_facts(Scope(date_to=dt.date(2026, 10, 31), unit_set="2025",
                                communes=("06367",)), store)
    assert other.values["nguoi_ky"] == ""


# ---------------------------------------------------------------- drafts


def test_draft_json_round_trip(reference: dict[str, Path]) -> None:
    draft = Draft.from_json(reference["draft"].read_bytes())
    assert draft.so == 5 and draft.ngay is None and draft.date_to == dt.date(2024, 10, 2)
    assert draft.date_from is None and draft.ten == "Phùng Thị Thanh Nga"
    assert "{so_buoi_tuyen_truyen}" in next(p["text"] for p in draft.paragraphs
                                            if p["id"] == "tuyen_truyen")
    again = Draft.from_json(draft.to_json())
    assert again == draft
    assert json.loads(draft.to_json())["format"] == "antt-thong-bao"


def test_edited_paragraph_is_marked_and_restored(reference: dict[str, Path]) -> None:
    draft = Draft.from_json(reference["draft"].read_bytes())
    assert edited_ids(draft) == []
    para = next(p for p in draft.paragraphs if p["id"] == "tuyen_truyen")
    para["text"] = "Đã tuyên truyền {so_buoi_tuyen_truyen} buổi."
    assert edited_ids(draft) == ["tuyen_truyen"]
    restore_paragraph(draft, "tuyen_truyen")
    assert edited_ids(draft) == []
    assert para["text"] == next(p["text"] for p in default_paragraphs("huyen")
                                if p["id"] == "tuyen_truyen")


def test_edited_paragraph_keeps_live_figures(reference: dict[str, Path],
                                             sample_store: Store) -> None:
    draft = Draft.from_json(reference["draft"].read_bytes())
    para = next(p for p in draft.paragraphs if p["id"] == "tuyen_truyen")
    para["text"] = ("Đã tuyên truyền {so_buoi_tuyen_truyen} buổi cho "
                    "{luot_nguoi_tuyen_truyen} người.")
    result = build_notice(draft, sample_store, today=dt.date(2024, 10, 5))
    assert "Đã tuyên truyền 35 buổi cho 3.560 người." in [b.text for b in result.notice.body]


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "Tệp bản nháp không phải JSON hợp lệ (dòng 1, cột 2)."),
    (b'{"a": 1}', "Tệp này không phải bản nháp thông báo của ANTT Dashboard."),
    (json.dumps({"format": "antt-thong-bao", "version": 1, "date_to": "02/10/2024",
                 "so": "năm", "quyen_han": "XX."}).encode(),
     "Trường “date_to” của bản nháp phải là ngày dạng 2024-10-02 (đang là '02/10/2024')."),
])
def test_bad_draft_file_is_explained(sample_dir: Path, tmp_path: Path, capsys, content: bytes,
                                     message: str) -> None:
    (tmp_path / "bad.json").write_bytes(content)
    out = tmp_path / "bad.pdf"
    assert run_cli(sample_dir, out, "--draft", str(tmp_path / "bad.json")) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_bad_draft_lists_every_field() -> None:
    data = {"format": "antt-thong-bao", "version": 1, "date_to": "2024-10-02", "so": "năm",
            "quyen_han": "XX.", "paragraphs": [{"text": 5}]}
    with pytest.raises(NoticeError) as info:
        Draft.from_json(json.dumps(data))
    assert info.value.messages == [
        "Trường “so” của bản nháp phải là số nguyên (đang là 'năm').",
        "Đoạn 1 của bản nháp phải có “text” là chữ.",
        "Trường “quyen_han” của bản nháp chỉ nhận (trống), TM., KT., Q., TL. hoặc TUQ.",
    ]


# ---------------------------------------------------------------- bad input, no file


def _draft_with(reference: dict[str, Path], tmp_path: Path, **changes) -> Path:
    data = json.loads(reference["draft"].read_text(encoding="utf-8"))
    paragraph = changes.pop("paragraph", None)
    data.update(changes)
    if paragraph:
        data["paragraphs"][3]["text"] = paragraph
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("changes", "messages"), [
    ({"ten": "  "}, ["Chưa nhập Tên người ký."]),
    ({"ten": "", "co_quan_ban_hanh": ""}, ["Chưa nhập Cơ quan ban hành.",
                                           "Chưa nhập Tên người ký."]),
    ({"ten": "Nguyễn Văn 漢"},
     ['Ký tự không có trong phông chữ: "漢" (U+6F22) ở trường Tên người ký']),
    ({"paragraph": "Dân số {dan_so} người, {khong_co} hộ."},
     ['Đoạn "dac_diem_dia_ban": Không có dữ liệu cho chỗ trống "{khong_co}".']),
    ({"paragraph": "{khong_co}", "ten": ""},
     ['Đoạn "dac_diem_dia_ban": Không có dữ liệu cho chỗ trống "{khong_co}".',
      "Chưa nhập Tên người ký."]),
    ({"nam": today_local().year + 2}, ["quá xa trong tương lai: chỉ được đặt trước tối đa 30"]),
])
def test_bad_input_gives_messages_and_no_file(reference: dict[str, Path], sample_dir: Path,
                                              tmp_path: Path, capsys, changes: dict,
                                              messages: list[str]) -> None:
    draft = _draft_with(reference, tmp_path, **changes)
    out, docx = tmp_path / "x.pdf", tmp_path / "x.docx"
    assert run_cli(sample_dir, out, "--draft", str(draft), "--docx", str(docx)) == 1
    err = capsys.readouterr().err
    for message in messages:
        assert message in err
    assert not out.exists() and not docx.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--number", "abc"], "Số văn bản phải là số nguyên dương, không phải “abc”."),
    (["--number", "0"], "Số văn bản phải là số nguyên dương (đang là 0)."),
    (["--day", "ba"], "Ngày ban hành phải là số từ 1 đến 31, không phải “ba”."),
    (["--day", "31", "--issued-on", "09/2024", "--to", "2024-09-30"],
     "Ngày không hợp lệ: 31 (tháng 9/2024 có 30 ngày)."),
    (["--to", "2099-01-01"], "Ngày số liệu đến 01/01/2099 ở sau hôm nay"),
    (["--to", "2024-13-01"], "Ngày --to “2024-13-01” không hợp lệ"),
    (["--from", "2024-10-03", "--to", "2024-10-02"],
     "Ngày bắt đầu 03/10/2024 ở sau ngày số liệu đến 02/10/2024."),
    (["--communes", "99999"], "Mã xã không có trong bộ đơn vị 2024: 99999."),
    (["--model-type", "khong_co"], "Loại mô hình “khong_co” không có trong danh mục"),
])
def test_bad_options_give_messages_and_no_file(sample_dir: Path, tmp_path: Path, capsys,
                                               args: list[str], message: str) -> None:
    out = tmp_path / "x.pdf"
    full = args if "--to" in args else ["--to", "2024-10-02", *args]
    assert run_cli(sample_dir, out, *full) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


# ---------------------------------------------------------------- formatting helpers


def test_formatting_helpers() -> None:
    assert [count_text(n) for n in (0, 3, 17, 1234)] == ["0", "03", "17", "1.234"]
    assert lower_first("Trộm cắp tài sản") == "trộm cắp tài sản"
    assert lower_first("VK, VLN") == "VK, VLN"
    assert in_sentence("Thị trấn Bắc Sơn") == "thị trấn Bắc Sơn"
    assert in_sentence("Xã Vũ Sơn") == "xã Vũ Sơn"
    assert parse_number(" 7 ") == (7, None) and parse_number("") == (None, None)


def test_pdf_reads_back_as_a4_with_tinos(reference: dict[str, Path]) -> None:
    reader = PdfReader(io.BytesIO(reference["pdf"].read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts == {"Tinos", "TinosBold", "TinosItalic", "TinosBoldItalic"}
    assert {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader.pages} == {(595.28, 841.89)}


# ---------------------------------------------------------------- units follow the date


def test_default_notice_is_never_a_huyen_after_june_2025(sample_dir: Path, tmp_path: Path,
                                                          capsys) -> None:
    # No --to: the data end on 31/10/2026, when there is no huyện any more.
    out = tmp_path / "tb.pdf"
    assert run_cli(sample_dir, out) == 1  # a xã's notice, whose signer is not known yet
    io_ = capsys.readouterr()
    assert "lập thông báo của Xã Vũ Lễ (06364)" in io_.out
    assert "Chưa nhập Tên người ký." in io_.err and "--signer" in io_.err
    assert not out.exists()
    for extra in ([], ["--approved-only"]):
        assert run_cli(sample_dir, out, "--signer", "Nguyễn Văn An", *extra) == 0
        text = pdf_text(out)
        assert "UBND XÃ VŨ LỄ" in text and "CHỦ TỊCH UBND XÃ" in text
        assert "HUYỆN" not in text and "huyện" not in text
        assert "năm 2026" in text
        assert "1548/BC-CAH" not in text and "02/10/2024" not in text
        # the model set up on 18/10/2025 is in its new xã, named without a district
        assert "thôn Khuổi Bó" in text and "Khuổi Bó, xã Vũ Lễ, huyện" not in text


@pytest.mark.parametrize("extra", [["--unit", "2024"], ["--unit-set", "2024", "--communes",
                                                        "06355"]])
def test_cli_refuses_a_unit_gone_on_the_last_day(sample_dir: Path, tmp_path: Path, capsys,
                                                 extra: list[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run_cli(sample_dir, out, "--to", "2025-07-01", "--signer", "Nguyễn Văn An",
                   *extra) == 1
    err = flat(capsys.readouterr().err)
    gone = "Huyện Bắc Sơn" if len(extra) == 2 else "Xã Vũ Sơn (nay thuộc Xã Vũ Lễ)"
    assert (f"Số liệu đến 01/07/2025, sau 30/06/2025: {gone} không còn từ 01/7/2025") in err
    assert ("Đơn vị lập được thông báo cho kỳ này là một xã mới (từ 01/7/2025): Xã Bắc Sơn "
            "(06325), Xã Hưng Vũ (06349), Xã Nhất Hòa (06376), Xã Tân Tri (06337), Xã Vũ Lăng "
            "(06367), Xã Vũ Lễ (06364).") in err
    assert "Dùng --unit-set 2025 --communes MÃ" in err
    assert not out.exists()
    # the day before, the huyện and its xã still existed
    assert run_cli(sample_dir, out, "--to", "2025-06-30", "--signer", "Nguyễn Văn An",
                   *extra) == 0
    if len(extra) == 2:  # the huyện: its report of 02/10/2024 holds no figure of 2025
        assert "có trước ngày số liệu đến 30/06/2025" in capsys.readouterr().out
        assert ("Trên cơ sở Báo cáo số …/BC-CAH, ngày … của Công an huyện Bắc Sơn về kết quả"
                in pdf_text(out))


def test_cli_refuses_a_new_xa_before_july_2025(sample_dir: Path, tmp_path: Path,
                                               capsys) -> None:
    out = tmp_path / "x.pdf"
    assert run_cli(sample_dir, out, "--to", "2024-10-02", "--unit-set", "2025",
                   "--communes", "06364", "--signer", "Nguyễn Văn An") == 1
    err = flat(capsys.readouterr().err)
    assert "Xã Vũ Lễ chỉ có từ 01/7/2025, nên không ban hành thông báo cho kỳ này" in err
    assert ("Đơn vị lập được thông báo cho kỳ này (trước 01/7/2025): Huyện Bắc Sơn (cả huyện) "
            "hoặc một xã, thị trấn cũ của Xã Vũ Lễ: Xã Chiến Thắng (06364), Xã Vũ Lễ (06373), "
            "Xã Vũ Sơn (06355).") in err
    assert not out.exists()


def test_2025_commune_notice_goes_first_to_the_tinh(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tt.pdf"
    assert run_cli(sample_dir, out, "--to", "2026-10-31", "--communes", "06337",
                   "--signer", "Nguyễn Văn An") == 0
    text = pdf_text(out)
    assert "UBND XÃ TÂN TRI" in text and "huyện" not in text.lower()
    assert "Xã Tân Tri là xã miền núi của tỉnh Lạng Sơn" in text
    assert "chỉ đạo của Ban Chỉ đạo 138 tỉnh Lạng Sơn, Công an tỉnh Lạng Sơn, Đảng ủy" in text
    assert "Nơi nhận: - BCĐ 138 tỉnh Lạng Sơn (B/c); - Công an tỉnh - PV01 (B/c);" in text
    assert "đề nghị Công an tỉnh Lạng Sơn nhân rộng" in text


def test_2024_commune_notice_answers_to_its_huyen(sample_store: Store) -> None:
    scope = Scope(date_to=dt.date(2024, 10, 2), communes=("06355",))
    facts = collect_facts(scope, sample_store)
    assert facts.unit.district == "Bắc Sơn"
    assert (facts.values["cap_tren"], facts.values["cong_an_nhan_bao_cao"]) == \
        ("huyện Bắc Sơn", "Công an huyện Bắc Sơn")
    draft = default_draft(scope, facts)
    assert draft.noi_nhan[:3] == ["BCĐ 138 huyện Bắc Sơn (B/c)", "Công an huyện Bắc Sơn (B/c)",
                                  "Thường trực Đảng ủy xã (B/c)"]
    assert facts.values["dac_diem_vi_tri"] == "xã miền núi của huyện Bắc Sơn, tỉnh Lạng Sơn"


def test_references_without_number_or_date_print_blanks(sample_store: Store) -> None:
    scope = Scope(date_to=dt.date(2024, 10, 2), communes=("06355",))
    facts = collect_facts(scope, sample_store)
    assert facts.values["bao_cao_co_so"] == "Báo cáo số …/BC-CAX, ngày … của Công an xã Vũ Sơn"
    draft = default_draft(scope, facts)
    draft.ten = "Nguyễn Văn An"
    draft.ho_so = {"bao_cao_co_so": "báo cáo của Công an xã Vũ Sơn"}  # typed without số, ngày
    result = build_notice(draft, sample_store, today=dt.date(2024, 10, 5))
    assert result.ok, result.errors
    body = " ".join(b.text for b in result.notice.body)
    assert "Trên cơ sở báo cáo số …, ngày … của Công an xã Vũ Sơn về kết quả" in body
    assert any(t.startswith("Thành viên BCĐ 138 xã (Theo Quyết định số …/QĐ-UBND, ngày …")
               for t in result.notice.noi_nhan)
    assert result.blanks == [
        "Báo cáo làm căn cứ chưa có số và ngày (in là “…” để điền tay): điền vào mục Văn bản "
        "dẫn chiếu trước khi ký.",
        "Quyết định kiện toàn thành viên Ban Chỉ đạo chưa có số và ngày (in là “…” để điền "
        "tay): điền vào mục Văn bản dẫn chiếu trước khi ký."]
    # filled in: no blank, no flag
    draft.ho_so = {"bao_cao_co_so": "Báo cáo số 12/BC-CAX, ngày 30/9/2024 của Công an xã Vũ "
                                    "Sơn",
                   "qd_thanh_vien_bcd": "Quyết định số 5/QĐ-UBND ngày 10/01/2024"}
    result = build_notice(draft, sample_store, today=dt.date(2024, 10, 5))
    assert result.ok and result.blanks == []


def _province_profile(folder: Path) -> None:
    """Turn on the profile's example [tinh] section (a data folder of a whole province)."""
    path = folder / "notice_profile.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("# [tinh]\n# ten_bcd")
    example = "\n".join(ln[2:] if ln.startswith("# ") else ln
                        for ln in text[start:].splitlines())
    path.write_text(text[:start] + example + "\n", encoding="utf-8")


def test_province_notice_names_places_as_they_are(sample_copy: Path, tmp_path: Path,
                                                  capsys) -> None:
    _province_profile(sample_copy)
    out = tmp_path / "tinh.pdf"
    # no unit chosen (data complete to 30/09/2026), a profile for the tỉnh: the tỉnh's notice
    assert run_cli(sample_copy, out, "--signer", "Lê Văn Hùng") == 0
    assert "tỉnh Lạng Sơn." in capsys.readouterr().out
    text = pdf_text(out)
    today = today_local()  # a notice made today is dated today, not in the data's month
    assert "UBND TỈNH LẠNG SƠN" in text
    assert f"Lạng Sơn, ngày tháng {today.month} năm {today.year}" in text
    assert "huyện" not in text.lower() and "thị trấn" not in text
    # every place as it is on 30/09/2026: the model set up on 18/10/2025 and the one of 2021
    # in Xã Vũ Sơn both lie in the new Xã Vũ Lễ
    assert ("(thôn Phúc Tiến, xã Vũ Lễ; thôn Khau Bao, xã Tân Tri; thôn Bình An, xã Vũ Lễ; "
            "thôn Kéo Cưởm, xã Vũ Lăng; thôn Khuổi Bó, xã Vũ Lễ)") in text
    assert "Nơi nhận: - Bộ Công an - V05 (B/c); - Thường trực Tỉnh ủy (B/c);" in text
    assert "CHỦ TỊCH UBND TỈNH" in text
    # a tỉnh has no notice before 01/7/2025 (the huyện had), nor does the sample data's
    # profile speak for a whole tỉnh
    assert run_cli(sample_copy, out, "--to", "2025-06-30", "--unit-set", "2025") == 1
    assert "chỉ có từ 01/7/2025" in capsys.readouterr().err


def test_an_old_code_for_a_new_period_is_explained(sample_dir: Path, tmp_path: Path,
                                                   capsys) -> None:
    out = tmp_path / "x.pdf"
    assert run_cli(sample_dir, out, "--communes", "06355", "--to", "2026-10-31") == 1
    assert ("Mã xã không có trong bộ đơn vị 2025: 06355. 06355 là Xã Vũ Sơn (trước 01/7/2025), "
            "nay thuộc Xã Vũ Lễ (06364).") in capsys.readouterr().err
    assert not out.exists()


def test_default_data_end_ignores_a_record_dated_today(sample_copy: Path, tmp_path: Path,
                                                      capsys) -> None:
    """No --to: the notice ends where the pages' default view ends (the last month every
    commune has complete), not at a record entered today (issue 23)."""
    with (sample_copy / "outreach.csv").open("a", encoding="utf-8") as f:
        f.write(f"TT-999999,{today_local().isoformat()},06355-05,,luat_cu_tru,hop_thon,40\n")
    assert run_cli(sample_copy, tmp_path / "tb.pdf", "--signer", "Nguyễn Văn An") == 0
    assert "đến 30/09/2026, xã Vũ Lễ." in capsys.readouterr().out
