"""Every kind of data problem is reported in Vietnamese with file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from antt.data.store import read_all

TODAY = dt.date(2026, 11, 26)


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(folder: Path) -> list[str]:
    return [str(p) for p in read_all(folder, today=TODAY).problems]


CASES = [
    (
        "outreach.csv", "T3,2024-03-05,00001-01,", "T3,2024-03-05,99999-01,",
        "outreach.csv, dòng 4, cột “village_code”: Mã thôn “99999-01” không tồn tại.",
    ),
    (
        "outreach.csv", "hop_thon,30", "hop_thon,-30",
        "outreach.csv, dòng 5, cột “attendees”: Số âm “-30” không hợp lệ: "
        "phải là số nguyên không âm.",
    ),
    (
        "outreach.csv", "hop_thon,30", "hop_thon,30.5",
        "outreach.csv, dòng 5, cột “attendees”: “30.5” không phải số nguyên không âm.",
    ),
    (
        "patrols.csv", "P3,2024-07-01", "P3,2024-02-30",
        "patrols.csv, dòng 4, cột “held_on”: Ngày “2024-02-30” không tồn tại.",
    ),
    (
        "patrols.csv", "P3,2024-07-01", "P3,01/07/2024",
        "patrols.csv, dòng 4, cột “held_on”: Ngày “01/07/2024” không đúng dạng YYYY-MM-DD.",
    ),
    (
        "patrols.csv", "P3,2024-07-01", "P3,2027-07-01",
        "patrols.csv, dòng 4, cột “held_on”: Ngày “2027-07-01” ở tương lai "
        "(sau hôm nay 26/11/2026).",
    ),
    (
        "patrols.csv", "P3,2024-07-01", "P3,1899-07-01",
        "patrols.csv, dòng 4, cột “held_on”: Ngày “1899-07-01” quá xa (trước 01/01/2000).",
    ),
    (
        "mediations.csv", "H3,", "H1,",
        "mediations.csv, dòng 4, cột “record_id”: Trùng khóa (Mã bản ghi) “H1” với dòng 2.",
    ),
    (
        "outreach.csv", "T4,2024-05-01,00003-01,,", "T4,2024-05-01,00003-01,M1,",
        "outreach.csv, dòng 5, cột “model_id”: Mô hình “M1” thuộc thôn “00002-02”, "
        "không phải thôn “00003-01”.",
    ),
    (
        "outreach.csv", "T6,2022-06-01,00003-01,M2", "T6,2023-08-01,00003-01,M2",
        "outreach.csv, dòng 7, cột “held_on”: Ngày tổ chức 01/08/2023 nằm ngoài thời gian "
        "hoạt động của mô hình “M2” (01/01/2021–30/06/2023).",
    ),
    (
        "outreach.csv", "T3,2024-03-05,00001-01,,", "T3,2024-03-05,00001-01,M9,",
        "outreach.csv, dòng 4, cột “model_id”: Mã mô hình “M9” không tồn tại.",
    ),
    (
        "incidents.csv", "danh_bac", "danh_bai",
        "incidents.csv, dòng 4, cột “category”: Giá trị “danh_bai” không có trong danh mục "
        "(vocab.csv).",
    ),
    (
        "incidents.csv", "trat_tu_xa_hoi,false", "trat_tu_xa_hoi,chưa",
        "incidents.csv, dòng 3, cột “resolved”: “chưa” không hợp lệ: ghi “có” hoặc “không”.",
    ),
    (
        "villages.csv", "00002-01,Nà Lầu,00002", "00002-01,Nà Lầu,00009",
        "villages.csv, dòng 3, cột “commune_code”: Mã xã “00009” không tồn tại.",
    ),
    (
        "communes.csv", ",00005\n", ",00007\n",
        "communes.csv, dòng 4, cột “commune_code_2025”: Mã xã 2025 “00007” không tồn tại.",
    ),
    (
        "models.csv", "M3,Nhóm đạo bình an Ân Phú", "M3,",
        "models.csv, dòng 4, cột “model_name”: Thiếu giá trị “Tên mô hình”.",
    ),
    (
        "commitments.csv", "record_id,signed_on", "record_id,ngay_ky",
        "commitments.csv, dòng 1, cột “signed_on”: Thiếu cột bắt buộc “signed_on” (Ngày ký).",
    ),
    (
        "patrols.csv", "P4,2023-02-01,00002-02,M1,tet,6", "P4,2023-02-01,00002-02,M1,tet,6,9",
        "patrols.csv, dòng 5: Dòng có 7 cột, trong khi tiêu đề có 6 cột.",
    ),
]


@pytest.mark.parametrize("file,old,new,message", CASES, ids=[c[3][:60] for c in CASES])
def test_each_problem_kind_has_its_message(mini_dir, file, old, new, message):
    _edit(mini_dir, file, old, new)
    assert message in _messages(mini_dir)


def test_valid_fixture_has_no_problems(mini_dir):
    result = read_all(mini_dir, today=TODAY)
    assert result.problems == []
    assert result.tables["outreach"].num_rows == 6
    assert str(result.tables["outreach"].schema.field("held_on").type) == "date32[day]"
    assert str(result.tables["outreach"].schema.field("attendees").type) == "int64"


def test_codes_keep_leading_zeros(mini_dir):
    result = read_all(mini_dir, today=TODAY)
    assert result.tables["communes"].column("commune_code").to_pylist()[0] == "00001"


def test_missing_file_and_not_utf8(mini_dir):
    (mini_dir / "mediations.csv").unlink()
    (mini_dir / "incidents.csv").write_bytes("record_id\nI1 x\xe0\n".encode("cp1258"))
    messages = _messages(mini_dir)
    assert "mediations.csv: Không tìm thấy tệp." in messages
    assert (
        "incidents.csv, dòng 2: Tệp không phải mã UTF-8. Hãy lưu lại tệp dạng “CSV UTF-8” "
        "rồi thử lại." in messages
    )


def test_every_bad_row_is_reported_not_just_the_first(mini_dir):
    path = mini_dir / "outreach.csv"
    text = path.read_text(encoding="utf-8").replace(",50\n", ",x\n").replace(",120\n", ",y\n")
    path.write_text(text, encoding="utf-8")
    messages = [m for m in _messages(mini_dir) if "attendees" in m]
    assert len(messages) == 2 and "dòng 2" in messages[0] and "dòng 4" in messages[1]


def test_nfd_text_is_stored_as_nfc(mini_dir):
    import unicodedata

    path = mini_dir / "villages.csv"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), "utf-8")
    result = read_all(mini_dir, today=TODAY)
    assert result.problems == []
    names = result.tables["villages"].column("village_name").to_pylist()
    assert "Nà Lầu" in names and all(unicodedata.is_normalized("NFC", n) for n in names)


def test_utf8_bom_semicolons_and_crlf_are_read(mini_dir):
    path = mini_dir / "patrols.csv"
    text = path.read_text(encoding="utf-8").replace(",", ";").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = read_all(mini_dir, today=TODAY)
    assert result.problems == []
    assert result.tables["patrols"].column("participants").to_pylist() == [10, 8, 5, 6]
