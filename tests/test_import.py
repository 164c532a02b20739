"""Importing staff files: a catalogue of bad files with their exact messages (nothing written),
good files in the encodings and layouts staff produce (appended exactly), upserts with a diff."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from antt.commands import importer as import_command
from antt.data.schema import TABLES
from antt.entry import import_read
from antt.entry.importer import import_file, prepare_import
from antt.entry.upload import MAX_FILE_BYTES

TODAY = dt.date(2025, 6, 30)
OUT = "record_id,held_on,village_code,model_id,topic,format,attendees"
GOOD = ",2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,45"
MODELS = "model_id,model_name,model_type,village_code,established_on,ended_on,members"


def dir_hash(folder: Path) -> dict[str, str]:
    """sha256 of every file under the data folder (tables, audit, backups); the empty lock
    file a refused write may leave is not data."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def to_cp1258(text: str) -> bytes:
    """What Excel writes for “CSV” on a Vietnamese Windows: base letter + separate tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        for tone in parts[1:]:
            rest = unicodedata.normalize("NFC", parts[0] + parts[1:].replace(tone, "", 1))
            try:
                out.append(rest.encode("cp1258") + tone.encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
        else:  # pragma: no cover - every Vietnamese letter has a Windows-1258 spelling
            raise ValueError(ch)
    return b"".join(out)


def xlsx(rows: list[list], sheet: str = "Dữ liệu") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Bad:
    id: str
    table: str
    name: str
    content: bytes
    expected: list[str]
    communes: tuple[str, ...] | None = None


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


_junk = random.Random(42).randbytes(3000)
_many_bad = [f",2024-06-{d:02d},00002-02,,luat_cu_tru,{form},x{d}"
             for form in ("hop_thon", "to_roi") for d in range(1, 29)]
_long = "Nhóm " + "rất dài " * 60

BAD_FILES: list[Bad] = [
    Bad("empty", "outreach", "a.csv", b"", ["a.csv: Tệp rỗng."]),
    Bad("only-blank-lines", "outreach", "a.csv", b"\r\n\r\n  \n", ["a.csv: Tệp rỗng."]),
    Bad("header-only", "outreach", "a.csv", _csv(OUT),
        ["a.csv: Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."]),
    Bad("header-and-empty-rows", "outreach", "a.csv", _csv(OUT, ",,,,,,", ",,,,,,"),
        ["a.csv: Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."]),
    Bad("binary-junk", "outreach", "a.csv", b"\x00\x01" + _junk,
        ["a.csv: Tệp không phải bảng dữ liệu (CSV hoặc Excel .xlsx)."]),
    Bad("png-renamed", "outreach", "anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _junk,
        ["anh.csv: Tệp không phải bảng dữ liệu (CSV hoặc Excel .xlsx)."]),
    Bad("old-xls", "outreach", "a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _junk,
        ["a.xls: Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại "
         "dạng .xlsx hoặc “CSV UTF-8”."]),
    Bad("broken-xlsx", "outreach", "a.xlsx", b"PK\x03\x04" + _junk,
        ["a.xlsx: Tệp Excel bị hỏng hoặc không phải .xlsx."]),
    Bad("too-big", "outreach", "lon.csv", b"a" * (MAX_FILE_BYTES + 1),
        ["lon.csv: Tệp quá lớn: 20,0 MB. Mỗi tệp tối đa 100.000 dòng dữ liệu, 100 cột, 20 MB "
         "(tệp .xlsx: 100 MB khi giải nén). Hãy chia thành nhiều tệp nhỏ hơn."]),
    Bad("prose-not-a-table", "outreach", "thu.txt",
        "Kính gửi Ban Chỉ đạo,\nXin gửi số liệu tháng 6.\n".encode(),
        ["thu.txt, dòng 1: Dòng tiêu đề không có cột nào của bảng “Tuyên truyền”: tệp không "
         "phải bảng này. Hãy dùng tệp mẫu."]),
    Bad("tcvn3", "models", "mh.csv",
        (MODELS + "\nM9,M« h×nh tù qu¶n ®Êt,to_tu_quan,00002-01,2024-01-01,,5\n").encode("cp1258"),
        ["mh.csv, dòng 2: Tệp có vẻ được gõ bằng bảng mã cũ TCVN3, không phải Unicode. Hãy "
         "chuyển tệp sang bảng mã Unicode (ví dụ dùng Unikey: Công cụ… > Chuyển mã, nguồn "
         "TCVN3 (ABC), đích Unicode) rồi lưu lại dạng “CSV UTF-8” hoặc .xlsx."]),
    Bad("vni", "models", "mh.csv",
        (MODELS + "\nM9,Toå töï quaûn,to_tu_quan,00002-01,2024-01-01,,5\n").encode("cp1258"),
        ["mh.csv, dòng 2: Tệp có vẻ được gõ bằng bảng mã cũ VNI, không phải Unicode. Hãy "
         "chuyển tệp sang bảng mã Unicode (ví dụ dùng Unikey: Công cụ… > Chuyển mã, nguồn "
         "VNI Windows, đích Unicode) rồi lưu lại dạng “CSV UTF-8” hoặc .xlsx."]),
    Bad("vni-saved-as-utf8", "models", "mh.csv",
        _csv(MODELS, "M9,Toå töï quaûn,to_tu_quan,00002-01,2024-01-01,,5"),
        ["mh.csv, dòng 2: Tệp có vẻ được gõ bằng bảng mã cũ VNI, không phải Unicode. Hãy "
         "chuyển tệp sang bảng mã Unicode (ví dụ dùng Unikey: Công cụ… > Chuyển mã, nguồn "
         "VNI Windows, đích Unicode) rồi lưu lại dạng “CSV UTF-8” hoặc .xlsx."]),
    Bad("unknown-column", "outreach", "a.csv", _csv(OUT + ",Ghi chú", GOOD + ",x"),
        ["a.csv, dòng 1, cột “Ghi chú”: Cột “Ghi chú” không thuộc bảng “Tuyên truyền”. Các cột "
         "dùng được: record_id (Mã bản ghi), held_on (Ngày tổ chức), village_code (Mã thôn), "
         "model_id (Mã mô hình), topic (Nội dung), format (Hình thức), attendees (Số lượt "
         "người tham dự)."]),
    Bad("missing-required-column", "outreach", "a.csv",
        _csv("held_on,village_code,topic,format", "2024-06-05,00002-02,luat_cu_tru,hop_thon"),
        ["a.csv, dòng 1, cột “attendees”: Thiếu cột bắt buộc “attendees” (Số lượt người tham "
         "dự)."]),
    Bad("duplicate-header", "outreach", "a.csv", _csv(OUT + ",topic", GOOD + ",luat_cu_tru"),
        ["a.csv, dòng 1, cột “topic”: Tên cột bị lặp lại trong dòng tiêu đề."]),
    Bad("two-headers-same-column", "outreach", "a.csv",
        _csv(OUT + ",Mã thôn", GOOD + ",00002-02"),
        ["a.csv, dòng 1, cột “Mã thôn”: Cột “Mã thôn” và cột “village_code” cùng là “Mã thôn”."]),
    Bad("ragged-row", "outreach", "a.csv", _csv(OUT, GOOD + ",thừa"),
        ["a.csv, dòng 2: Dòng có 8 cột, trong khi tiêu đề có 7 cột."]),
    Bad("unknown-village-code", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00009-09,,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “village_code”: Mã thôn “00009-09” không tồn tại."]),
    Bad("unknown-village-name", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,Khuổi Tát,,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “village_code”: Không tìm thấy thôn “Khuổi Tát”."]),
    Bad("ambiguous-village-name", "outreach", "a.csv",
        _csv("Ngày tổ chức,Thôn,Nội dung,Hình thức,Số người", "05/06/2024,Nà Lầu,luat_cu_tru,"
             "hop_thon,45"),
        ["a.csv, dòng 2, cột “Thôn”: Có 2 thôn ứng với “Nà Lầu”. Có phải: Thôn Nà Lầu – Xã Mới "
         "Hai (mã 00003-01); Thôn Nà Lầu – Xã Mới Một (mã 00002-01)? Hãy ghi đúng tên như trong "
         "danh sách của tệp mẫu, ghi thêm cột “Xã” hoặc ghi mã thôn."]),
    Bad("unknown-commune", "outreach", "a.csv",
        _csv("Ngày tổ chức,Thôn,Xã,Nội dung,Hình thức,Số người",
             "05/06/2024,Nà Lầu,Xã Hư Không,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “Xã”: Không tìm thấy xã “Xã Hư Không”."]),
    Bad("village-not-in-commune", "outreach", "a.csv",
        _csv("Ngày tổ chức,Thôn,Xã,Nội dung,Hình thức,Số người",
             "05/06/2024,Ân Phú,Xã Bình,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “Thôn”: Không tìm thấy thôn “Ân Phú” thuộc Xã Bình. Có phải: "
         "Thôn Ân Phú – Xã Mới Hai?"]),
    Bad("village-code-other-commune", "outreach", "a.csv",
        _csv("Ngày tổ chức,Mã thôn,Xã,Nội dung,Hình thức,Số người",
             "05/06/2024,00003-02,00002,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “village_code”: Thôn “00003-02” thuộc Xã Mới Hai (Xã Đồng Ý cũ), "
         "không thuộc Xã Mới Một."]),
    Bad("unknown-model", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00002-02,M99,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “model_id”: Mã mô hình “M99” không tồn tại."]),
    Bad("model-of-other-village", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00001-01,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “model_id”: Mô hình “M1” thuộc thôn “00002-02”, không phải thôn "
         "“00001-01”."]),
    Bad("model-not-active-yet", "outreach", "a.csv",
        _csv(OUT, ",2021-06-05,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày tổ chức 05/06/2021 nằm ngoài thời gian hoạt động "
         "của mô hình “M1” (01/03/2022–nay)."]),
    Bad("negative-count", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,-45"),
        ["a.csv, dòng 2, cột “attendees”: Số âm “-45” không hợp lệ: phải là số nguyên không "
         "âm."]),
    Bad("decimal-count", "outreach", "a.csv",
        _csv(OUT, ',2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,"12,5"'),
        ["a.csv, dòng 2, cột “attendees”: “12,5” không phải số nguyên không âm."]),
    Bad("words-count", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,mười"),
        ["a.csv, dòng 2, cột “attendees”: “mười” không phải số nguyên không âm."]),
    Bad("future-date", "outreach", "a.csv",
        _csv(OUT, ",01/07/2025,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày “01/07/2025” ở tương lai (sau hôm nay "
         "30/06/2025)."]),
    Bad("impossible-date-dmy", "outreach", "a.csv",
        _csv(OUT, ",31/02/2024,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày “31/02/2024” không tồn tại."]),
    Bad("impossible-date-iso", "outreach", "a.csv",
        _csv(OUT, ",2024-02-30,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày “2024-02-30” không tồn tại."]),
    Bad("date-too-old", "outreach", "a.csv",
        _csv(OUT, ",05/06/1999,00001-01,,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày “05/06/1999” quá xa (trước 01/01/2000)."]),
    Bad("date-in-words", "outreach", "a.csv",
        _csv(OUT, ",tháng 6/2024,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “held_on”: Ngày “tháng 6/2024” không đúng dạng ngày/tháng/năm "
         "(ví dụ 02/10/2024) hoặc năm-tháng-ngày (2024-10-02)."]),
    Bad("unknown-topic", "outreach", "a.csv",
        _csv(OUT, ",2024-06-05,00002-02,M1,luat_moi,hop_thon,45"),
        ["a.csv, dòng 2, cột “topic”: Giá trị “luat_moi” không có trong danh mục. Có phải: "
         "Luật Đất đai; Luật Căn cước; Luật Cư trú?"]),
    Bad("formula-injection", "outreach", "a.csv",
        _csv(OUT, ',2024-06-05,00002-02,M1,"=HYPERLINK(""http://x.vn"",""bấm"")",hop_thon,45'),
        ["a.csv, dòng 2, cột “topic”: Ô bắt đầu bằng “=” giống công thức bảng tính: không được "
         "chấp nhận. Hãy bỏ ký tự này ở đầu ô."]),
    Bad("formula-at-sign", "models", "mh.csv",
        _csv(MODELS, "M9,@SUM(A1:A9),to_tu_quan,00002-01,2024-01-01,,5"),
        ["mh.csv, dòng 2, cột “model_name”: Ô bắt đầu bằng “@” giống công thức bảng tính: "
         "không được chấp nhận. Hãy bỏ ký tự này ở đầu ô."]),
    Bad("very-long-text", "models", "mh.csv",
        _csv(MODELS, f"M9,{_long},to_tu_quan,00002-01,2024-01-01,,5"),
        ["mh.csv, dòng 2, cột “model_name”: Nội dung quá dài (quá 300 ký tự)."]),
    Bad("duplicate-id-in-file", "outreach", "a.csv",
        _csv(OUT, "X1,2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,45",
             "X1,2024-06-06,00002-02,M1,luat_cu_tru,hop_thon,46"),
        ["a.csv, dòng 3, cột “record_id”: Trùng khóa (Mã bản ghi) “X1” với dòng 2."]),
    Bad("duplicate-id-vs-stored", "outreach", "a.csv",
        _csv(OUT, "T3,2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,45"),
        ["a.csv, dòng 2, cột “record_id”: Mã bản ghi “T3” đã có trong dữ liệu đang lưu."]),
    Bad("repeats-stored-row", "outreach", "a.csv",
        _csv(OUT, "", "T99,2024-03-05,00001-01,,phong_chong_toi_pham,loa_truyen_thanh,120"),
        ["a.csv, dòng 3: Dòng này lặp lại bản ghi đã lưu “T3” (giống mọi cột trừ Mã bản ghi)."]),
    Bad("bad-bool", "incidents", "vv.csv",
        _csv("record_id,occurred_on,village_code,category,field,resolved",
             ",2024-06-05,00002-02,trom_cap,trat_tu_xa_hoi,chưa rõ"),
        ["vv.csv, dòng 2, cột “resolved”: “chưa rõ” không hợp lệ: ghi “có” hoặc “không”."]),
    Bad("religion-duplicate-key", "religion", "tg.csv",
        _csv("Năm,Mã thôn,Tôn giáo,Số hộ,Số nhân khẩu", "2025,00002-02,Tin lành,21,92",
             "2025,00002-02,Tin lành,22,95"),
        ["tg.csv, dòng 3, cột “year”: Trùng khóa (Năm, Mã thôn, Tôn giáo) “2025 / 00002-02 / "
         "Tin lành” với dòng 2."]),
    Bad("outside-editor-communes", "outreach", "a.csv", _csv(OUT, GOOD),
        ["a.csv, dòng 2, cột “village_code”: Thôn “00002-02” thuộc Xã Mới Một (Xã Bình cũ): bạn "
         "chỉ được nhập dữ liệu của Xã Đồng Ý (trước 01/7/2025)."], communes=("00003",)),
    Bad("xlsx-bad-cells", "patrols", "tt.xlsx",
        xlsx([["Mã bản ghi", "Ngày tuần tra", "Mã thôn", "Mã mô hình", "Dịp", "Số người"],
              [None, dt.datetime(2024, 6, 5), "00002-02", None, "tet", 5],
              [],
              [None, "32/01/2024", "00002-02", None, "tet", 4.5]]),
        ["tt.xlsx, dòng 4, cột “held_on”: Ngày “32/01/2024” không tồn tại.",
         "tt.xlsx, dòng 4, cột “participants”: “4.5” không phải số nguyên không âm."]),
    Bad("many-errors-capped", "outreach", "a.csv", _csv(OUT, *_many_bad),
        [f"a.csv, dòng {n}, cột “attendees”: “x{(n - 2) % 28 + 1}” không phải số nguyên không "
         "âm." for n in range(2, 52)] + ["a.csv, cột “attendees”: Còn 6 dòng khác có cùng lỗi."]),
]


def test_catalogue_has_every_kind():
    assert len(BAD_FILES) >= 30
    assert len({case.id for case in BAD_FILES}) == len(BAD_FILES)


@pytest.mark.parametrize("case", BAD_FILES, ids=lambda c: c.id)
def test_bad_file_is_refused_with_its_message_and_writes_nothing(case: Bad, mini_dir: Path):
    before = dir_hash(mini_dir)
    result = import_file(case.table, case.content, case.name, mini_dir, user="thu",
                         communes=case.communes, today=TODAY)
    assert [str(p) for p in result.problems] == case.expected
    assert result.audit is None
    assert dir_hash(mini_dir) == before


def test_ending_a_model_before_its_activities_is_refused(mini_dir: Path):
    before = dir_hash(mini_dir)
    content = _csv(MODELS, "M1,Nhóm đạo bình an thôn Bình An,nhom_dao_binh_an,00002-02,"
                   "2022-03-01,2023-12-31,12")
    result = import_file("models", content, "mh.csv", mini_dir, user="thu", today=TODAY)
    assert [str(p) for p in result.problems][:2] == [
        "outreach.csv, dòng 3, cột “held_on”: Ngày tổ chức 10/02/2024 nằm ngoài thời gian hoạt "
        "động của mô hình “M1” (01/03/2022–31/12/2023).",
        "patrols.csv, dòng 2, cột “held_on”: Ngày tuần tra 09/02/2024 nằm ngoài thời gian hoạt "
        "động của mô hình “M1” (01/03/2022–31/12/2023).",
    ]
    assert dir_hash(mini_dir) == before


# --- good files ------------------------------------------------------------------------------

STAFF_TEXT = (
    "Mã bản ghi;Ngày tổ chức;Thôn;Xã;Mã mô hình;Nội dung;Hình thức;Số lượt người tham dự\n"
    ";05/06/2024;Nà Lầu;Xã Đồng Ý;;luat_cu_tru;hop_thon;1.200\n"
    "\n"
    ";;;;;;;\n"
    ";2024-06-06;Thôn Ân Phú;;;luat_dat_dai;to_roi;35\n"
)
EXPECTED_TAIL = (
    "T7,2024-06-05,00003-01,,luat_cu_tru,hop_thon,1200\n"
    "T8,2024-06-06,00003-02,,luat_dat_dai,to_roi,35\n"
)


@pytest.mark.parametrize(
    "content",
    [
        STAFF_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + STAFF_TEXT.encode("utf-8"),
        STAFF_TEXT.replace("\n", "\r\n").encode("utf-16"),
        STAFF_TEXT.encode("utf-16-le"),
        to_cp1258(STAFF_TEXT.replace("\n", "\r\n")),
        unicodedata.normalize("NFD", STAFF_TEXT).encode("utf-8"),
        STAFF_TEXT.replace(";", ",").encode("utf-8"),
        STAFF_TEXT.replace(";", "\t").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "windows-1258", "nfd", "comma",
         "tab"],
)
def test_good_file_appends_exact_rows(content: bytes, mini_dir: Path):
    before = (mini_dir / "outreach.csv").read_bytes()
    result = import_file("outreach", content, "tuyen_truyen.csv", mini_dir, user="thu",
                         today=TODAY)
    assert result.problems == []
    assert result.added == 2
    assert (mini_dir / "outreach.csv").read_bytes() == before + EXPECTED_TAIL.encode()
    assert result.audit.rows_added == 2
    assert result.audit.sha256 == hashlib.sha256(content).hexdigest()


def test_good_xlsx_with_names_dates_and_blank_rows(mini_dir: Path):
    content = xlsx([
        [],
        ["Ngày tuần tra", "Tên thôn", "Xã", "Dịp", "Số người tham gia"],
        [dt.datetime(2024, 6, 5), "Bình An", None, "tet", 1200],
        [None, None, None, None, None],
        ["06/06/2024", "Nà Lầu", "Xã Bình", "ngay_le", "1.500"],
    ])
    result = import_file("patrols", content, "tuan_tra.xlsx", mini_dir, user="thu", today=TODAY)
    assert result.problems == []
    tail = (mini_dir / "patrols.csv").read_text(encoding="utf-8").splitlines()[-2:]
    assert tail == ["P5,2024-06-05,00002-02,,tet,1200", "P6,2024-06-06,00002-01,,ngay_le,1500"]


def test_dry_run_previews_without_writing(mini_dir: Path):
    before = dir_hash(mini_dir)
    result = import_file("outreach", STAFF_TEXT.encode(), "a.csv", mini_dir, user="thu",
                         dry_run=True, today=TODAY)
    assert result.ok and result.added == 2 and result.audit is None
    assert result.rows["Mã thôn"].tolist() == ["00003-01", "00003-02"]
    assert result.rows["Mã bản ghi"].tolist() == ["T7", "T8"]
    assert dir_hash(mini_dir) == before


def test_editor_of_2025_commune_may_import_its_old_communes(mini_dir: Path):
    # 00005 (from 01/7/2025) covers 00003 (Xã Đồng Ý), where both rows lie
    result = import_file("outreach", STAFF_TEXT.encode(), "a.csv", mini_dir, user="thu",
                         communes=("00005",), today=TODAY)
    assert result.problems == [] and result.added == 2


def test_models_upsert_shows_diff_and_ends_a_model(mini_dir: Path):
    content = _csv(
        "Mã mô hình,Tên mô hình,Loại mô hình,Mã thôn,Ngày thành lập,Ngày kết thúc,Số thành viên",
        "M3,Nhóm đạo bình an Ân Phú,nhom_dao_binh_an,00003-02,01/11/2024,31/05/2025,10",
        "M1,Nhóm đạo bình an thôn Bình An,nhom_dao_binh_an,00002-02,2022-03-01,,12",
        "M4,Camera an ninh Phố Một,camera_an_ninh,00001-01,2025-01-15,,3",
    )
    preview = prepare_import("models", content, "mh.csv", mini_dir, today=TODAY)
    assert (preview.added, preview.changed, preview.unchanged) == (1, 1, 1)
    assert preview.diff.to_dict("records") == [
        {"Khóa": "M3", "Thay đổi": "Cập nhật", "Cột": "Ngày kết thúc", "Trước": "",
         "Sau": "2025-05-31"},
        {"Khóa": "M3", "Thay đổi": "Cập nhật", "Cột": "Số thành viên", "Trước": "9", "Sau": "10"},
        {"Khóa": "M4", "Thay đổi": "Thêm mới", "Cột": "", "Trước": "",
         "Sau": "Mã mô hình: M4; Tên mô hình: Camera an ninh Phố Một; Loại mô hình: "
                "camera_an_ninh; Mã thôn: 00001-01; Ngày thành lập: 2025-01-15; "
                "Số thành viên: 3"},
    ]
    result = import_file("models", content, "mh.csv", mini_dir, user="thu", today=TODAY)
    assert result.audit.action == "upsert"
    assert (result.audit.rows_added, result.audit.rows_changed) == (1, 1)
    lines = (mini_dir / "models.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3] == ("M3,Nhóm đạo bình an Ân Phú,nhom_dao_binh_an,00003-02,2024-11-01,"
                        "2025-05-31,10")
    assert lines[4] == "M4,Camera an ninh Phố Một,camera_an_ninh,00001-01,2025-01-15,,3"


def test_religion_upsert_by_year_village_religion(mini_dir: Path):
    content = _csv("year,village_code,religion,households,people",
                   "2024,00002-02,Tin lành,21,95", "2025,00002-02,Tin lành,22,99")
    result = import_file("religion", content, "tg.csv", mini_dir, user="thu", today=TODAY)
    assert (result.added, result.changed) == (1, 1)
    assert (mini_dir / "religion.csv").read_text(encoding="utf-8") == (
        "year,village_code,religion,households,people\n"
        "2024,00002-02,Tin lành,21,95\n2024,00003-01,Công giáo,5,17\n"
        "2023,00002-02,Tin lành,18,80\n2025,00002-02,Tin lành,22,99\n"
    )


def test_same_upsert_twice_changes_nothing(mini_dir: Path):
    content = _csv("year,village_code,religion,households,people", "2024,00002-02,Tin lành,20,90")
    before = dir_hash(mini_dir)
    result = import_file("religion", content, "tg.csv", mini_dir, user="thu", today=TODAY)
    assert result.ok and result.nothing_to_do and result.unchanged == 1
    assert dir_hash(mini_dir) == before


def test_header_aliases_cover_labels_and_plain_spellings():
    aliases = import_read.header_aliases(TABLES["outreach"])
    assert aliases["ma ban ghi"] == "record_id"
    assert aliases[import_read.header_key("SỐ LƯỢT NGƯỜI THAM DỰ")] == "attendees"
    assert aliases[import_read.header_key("Ngay to chuc")] == "held_on"
    assert aliases[import_read.header_key("Thôn/khối phố")] == import_read.VILLAGE_NAME


def test_cli_import_dry_run_and_write(mini_dir: Path, tmp_path: Path, capsys):
    path = tmp_path / "tuan_tra.csv"
    path.write_text("record_id,held_on,village_code,model_id,occasion,participants\n"
                    ",02/09/2024,Bình An,,tet,5\n", encoding="utf-8")
    args = ["import", "patrols", str(path), "--data", str(mini_dir), "--user", "thu"]
    from antt.__main__ import main

    assert main([*args, "--dry-run"]) == 0
    assert capsys.readouterr().out == ("Kiểm tra xong, không có lỗi: 1 dòng mới, 0 dòng thay "
                                       "đổi, 0 dòng không đổi. Chưa ghi (--dry-run).\n")
    assert main(args) == 0
    assert capsys.readouterr().out == ("Đã ghi vào patrols: 1 dòng mới, 0 dòng thay đổi, 0 dòng "
                                       "không đổi (nhật ký số 1).\n")
    assert main(args) == 1
    assert capsys.readouterr().out == (
        "Tệp có 1 lỗi, không ghi gì:\n  - tuan_tra.csv, dòng 2: Dòng này lặp lại bản ghi đã lưu "
        "“P5” (giống mọi cột trừ Mã bản ghi).\n")
    assert import_command.run.__name__ == "run"


if __name__ == "__main__" and "--write" in sys.argv:  # dump the catalogue for manual trials
    folder = Path(__file__).parent / "fixtures" / "bad_files"
    for case in BAD_FILES:
        if len(case.content) < 1_000_000:
            (folder / f"{case.id}-{case.name}").write_bytes(case.content)
