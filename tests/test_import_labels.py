"""Staff files that write Vietnamese labels, model names and en-US dates instead of codes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from antt.data.datecols import read_date_column
from antt.entry.importer import import_file, prepare_import
from antt.text.labels import Choices

TODAY = dt.date(2025, 6, 30)
HEAD = "record_id,held_on,village_code,model_id,topic,format,attendees"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEAD, *rows)) + "\n").encode("utf-8")


def _check(content: bytes, mini_dir: Path):
    return prepare_import("outreach", content, "a.csv", mini_dir, today=TODAY)


def test_labels_in_any_case_and_without_marks_become_codes(mini_dir: Path):
    result = _check(_csv(",2024-06-05,00002-02,M1,Luật Cư trú,Họp thôn,45",
                         ",2024-06-06,00002-02,M1,luật cư trú,HOP THON,30",
                         ",2024-06-07,00002-02,M1,Luat Dat dai,hop_thon,20"), mini_dir)
    assert result.ok, result.problems
    assert list(result.rows["Nội dung"]) == ["luat_cu_tru", "luat_cu_tru", "luat_dat_dai"]
    assert list(result.rows["Hình thức"]) == ["hop_thon"] * 3
    shown = {(r["Trong tệp"], r["Hiểu là"], r["Số dòng"])
             for r in result.resolved.to_dict("records")}
    assert ("Luật Cư trú", "Luật Cư trú", 1) in shown
    assert ("HOP THON", "Họp thôn", 1) in shown
    assert ("Luat Dat dai", "Luật Đất đai", 1) in shown


def test_mixed_labels_and_codes_are_appended_as_codes(mini_dir: Path):
    result = import_file("outreach", _csv(",2024-06-05,00002-02,M1,Luật Cư trú,hop_thon,45",
                                          ",2024-06-06,00002-02,,luat_dat_dai,Tờ rơi, pa nô,3")
                         .replace(b"T\xe1\xbb\x9d r\xc6\xa1i, pa n\xc3\xb4", b'"T\xe1\xbb\x9d r'
                                  b'\xc6\xa1i, pa n\xc3\xb4"'),
                         "a.csv", mini_dir, user="thu", today=TODAY)
    assert result.ok, result.problems
    stored = (mini_dir / "outreach.csv").read_text(encoding="utf-8").splitlines()
    assert stored[-2].endswith(",luat_cu_tru,hop_thon,45")
    assert stored[-1].endswith(",luat_dat_dai,to_roi,3")


def test_near_miss_gets_a_suggestion(mini_dir: Path):
    result = _check(_csv(",2024-06-05,00002-02,M1,luat_cu_tru,Họp thông,45"), mini_dir)
    assert [str(p) for p in result.problems] == [
        "a.csv, dòng 2, cột “format”: Giá trị “Họp thông” không có trong danh mục. "
        "Có phải: Họp thôn?"]


def test_label_that_reads_two_ways_without_marks_is_refused():
    choices = Choices([("m1", "Mất"), ("m2", "Mát")])
    assert choices.resolve("Mất") == "m1"
    assert choices.resolve("MÁT") == "m2"
    assert choices.resolve("Mat") is None
    assert choices.unknown_message("Mat") == (
        "“Mat” có thể là “Mát”; “Mất”: hãy ghi đủ dấu hoặc ghi mã.")


def test_model_name_within_the_village_becomes_its_id(mini_dir: Path):
    result = _check(_csv(",2024-06-05,00002-02,Nhóm đạo bình an thôn Bình An,luat_cu_tru,"
                         "hop_thon,45"), mini_dir)
    assert result.ok, result.problems
    assert list(result.rows["Mã mô hình"]) == ["M1"]
    other = _check(_csv(",2024-06-05,00002-02,Nhóm đạo bình an Ân Phú,luat_cu_tru,hop_thon,45"),
                   mini_dir)
    assert [str(p) for p in other.problems] == [
        "a.csv, dòng 2, cột “model_id”: Thôn này không có mô hình “Nhóm đạo bình an Ân Phú”. "
        "Có phải: Nhóm đạo bình an thôn Bình An?"]


# --- dates -----------------------------------------------------------------------------------


def test_date_column_day_first_by_default():
    col = read_date_column(["02/10/2024", "15/03/2024", "", "2024-01-05"])
    assert col.values == ["2024-10-02", "2024-03-15", "", "2024-01-05"]
    assert not col.problems and col.note is None


def test_date_column_month_first_when_a_value_can_only_be_month_first():
    col = read_date_column(["03/15/25", "03/05/25", "12/31/24"])
    assert col.values == ["2025-03-15", "2025-03-05", "2024-12-31"]
    assert col.note == "được đọc theo dạng tháng/ngày/năm, năm hai chữ số là 20yy"


def test_date_column_two_digit_years_day_first():
    col = read_date_column(["15/03/25", "02/10/24"])
    assert col.values == ["2025-03-15", "2024-10-02"]
    assert col.note == "được đọc theo dạng ngày/tháng/năm, năm hai chữ số là 20yy"


def test_date_column_with_both_readings_is_refused():
    col = read_date_column(["03/15/2025", "15/03/2025", "01/02/2025"])
    assert set(col.problems) == {0, 1, 2}
    assert "dd/mm/yyyy" in col.problems[0] and "“15/03/2025”" in col.problems[0]
    # each row's message starts with its own value
    assert [col.problems[i].split(":")[0] for i in range(3)] == [
        "Ngày “03/15/2025”", "Ngày “15/03/2025”", "Ngày “01/02/2025”"]


@pytest.mark.parametrize("cells, years", [(["03/05/25", "04/06/25"], ", năm hai chữ số là 20yy"),
                                          (["03/05/2025", "04/06/2025"], "")])
def test_undecidable_columns_follow_one_rule_and_say_so(cells, years):
    col = read_date_column(cells)
    assert not col.problems
    assert col.values[0].endswith("-05-03")  # day first, whatever the year's digits
    assert col.note == (f"được đọc theo dạng ngày/tháng/năm{years} (mọi ngày trong cột đọc được "
                        "theo cả hai cách; nếu tệp ghi tháng/ngày/năm, hãy sửa tệp rồi nhập lại)")


def test_en_us_csv_imports_with_the_reading_in_the_preview(mini_dir: Path):
    result = _check(_csv(",06/05/24,00002-02,M1,luat_cu_tru,hop_thon,45",
                         ",06/25/24,00002-02,M1,luat_cu_tru,hop_thon,30"), mini_dir)
    assert result.ok, result.problems
    assert [d.isoformat() for d in result.rows["Ngày tổ chức"]] == ["2024-06-05", "2024-06-25"]
    assert result.notes == [
        "Cột “held_on”: ngày được đọc theo dạng tháng/ngày/năm, năm hai chữ số là 20yy."]


def _calc() -> bool:
    """LibreOffice with Calc (libreoffice-calc-nogui), which reading .xlsx needs."""
    return shutil.which("soffice") is not None and any(
        Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                                   "/usr/lib/libreoffice/program/libsc.so"))


@pytest.mark.skipif(not _calc(), reason="LibreOffice Calc not installed (libreoffice-calc-nogui)")
def test_csv_saved_by_libreoffice_en_us_imports(mini_dir: Path, tmp_path: Path):
    """A sheet with real date cells in the en-US short date format, saved as CSV by LibreOffice
    on an en-US desktop: month-first dates, read as such."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày tổ chức", "Thôn", "Nội dung", "Hình thức", "Số lượt người tham dự"])
    for day in (dt.date(2025, 3, 15), dt.date(2025, 3, 5)):
        sheet.append([day, "Bình An", "Luật Cư trú", "Họp thôn", 45])
        sheet.cell(sheet.max_row, 1).number_format = "mm-dd-yy"  # Excel's locale short date
    book.save(tmp_path / "tuyen_truyen.xlsx")
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir", str(tmp_path / "out"), str(tmp_path / "tuyen_truyen.xlsx")],
                   check=True, capture_output=True, timeout=180, env=env)
    raw = (tmp_path / "out" / "tuyen_truyen.csv").read_bytes()
    assert b"3/15/" in raw  # month first, as LibreOffice writes it
    result = prepare_import("outreach", raw, "tuyen_truyen.csv", mini_dir, today=TODAY)
    assert result.ok, result.problems
    assert [d.isoformat() for d in result.rows["Ngày tổ chức"]] == ["2025-03-15", "2025-03-05"]
    assert "tháng/ngày/năm" in result.notes[0]


def test_comma_thousands_in_a_count_column_are_read_and_said(mini_dir: Path):
    result = _check(_csv(",02/10/2024,00002-02,M1,luat_cu_tru,hop_thon,\"1,250\"",
                         ",03/10/2024,00002-02,M1,luat_cu_tru,hop_thon,\"2,500\"",
                         ",04/10/2024,00002-02,M1,luat_cu_tru,hop_thon,30"), mini_dir)
    assert result.ok, result.problems
    assert list(result.rows["Số lượt người tham dự"]) == [1250, 2500, 30]
    assert "Cột “attendees”: “1,250” được đọc là 1.250 (dấu phẩy ngăn hàng nghìn), cùng 1 ô " \
           "khác như vậy." in result.notes
