"""Import limits (issue 15, item 1): rows, columns and unpacked size checked while the file is
read; linear header checks; repeated rows refused; one check per uploaded file on the page;
the same refusal in the CLI."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.__main__ import main
from antt.entry import importer, upload
from antt.writes import writer

# Not "from conftest import REPO": with the whole suite collected, that name is
# tests/browser/conftest.py.
REPO = Path(__file__).resolve().parent.parent

TODAY = dt.date(2025, 6, 30)
REPO = Path(__file__).resolve().parent.parent
OUT = "record_id,held_on,village_code,model_id,topic,format,attendees"
LIMITS = ("Mỗi tệp tối đa 100.000 dòng dữ liệu, 100 cột, 20 MB (tệp .xlsx: 100 MB khi giải "
          "nén). Hãy chia thành nhiều tệp nhỏ hơn.")
ROW = ("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in (
    "", "2024-06-05", "00002-01", "", "luat_cu_tru", "hop_thon", "45")) + "</row>")


def _xlsx(sheet_rows: str, dimension: str = "A1:G2") -> bytes:
    """A minimal .xlsx whose first sheet holds the header of outreach and `sheet_rows`."""
    header = "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'
                               for h in OUT.split(",")) + "</row>"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{header}'
            f'{sheet_rows}</sheetData></worksheet>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in files.items():
            book.writestr(name, text)
    return out.getvalue()


def _messages(result: importer.ImportResult) -> list[str]:
    return [str(p) for p in result.problems]


def test_small_xlsx_with_300_000_identical_rows_is_refused_at_the_row_limit(
        mini_dir: Path, monkeypatch):
    """Reading stops at the limit (lowered here to keep the test fast: 100.000 rows take
    openpyxl seconds; bench/import_limits.py measures the real limits)."""
    raw = _xlsx(ROW * 300_000)  # unpacks to ~90 MB: under the unpacked limit
    assert len(raw) < 1024 * 1024  # and under 1 MB on the wire
    monkeypatch.setattr(upload, "MAX_ROWS", 2_000)
    before = (mini_dir / "outreach.csv").read_bytes()
    result = importer.import_file("outreach", raw, "bom.xlsx", mini_dir, user="thu",
                                  today=TODAY)
    assert _messages(result) == [
        f"bom.xlsx, dòng 2002: Tệp quá lớn: quá 2.000 dòng sau tiêu đề. {upload.limits_text()}"]
    assert "tối đa 2.000 dòng dữ liệu" in upload.limits_text()
    assert (mini_dir / "outreach.csv").read_bytes() == before


def test_xlsx_unpacking_beyond_the_limit_is_refused_before_reading(mini_dir: Path):
    out = io.BytesIO(_xlsx(ROW))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as book, \
            book.open("xl/padding.bin", "w") as fh:
        for _ in range(101):
            fh.write(b"\0" * 1024 * 1024)
    raw = out.getvalue()
    assert len(raw) < 1024 * 1024
    result = importer.prepare_import("outreach", raw, "bom.xlsx", mini_dir, today=TODAY)
    assert _messages(result) == [
        f"bom.xlsx: Tệp quá lớn: 101,0 MB khi giải nén. {LIMITS}"]


def test_xlsx_claiming_every_column_is_read_row_by_row(mini_dir: Path):
    """A sheet whose declared size is A1:XFD1048576 is not padded to 16.384 columns."""
    result = importer.prepare_import("outreach", _xlsx(ROW * 3, "A1:XFD1048576"), "a.xlsx",
                                     mini_dir, today=TODAY)
    assert _messages(result) == [
        "a.xlsx, dòng 3: Dòng này giống hệt dòng 2 ở mọi cột (trừ Mã bản ghi): một hoạt động "
        "chỉ ghi một lần. Nếu là hai lần khác nhau, hãy ghi rõ chỗ khác nhau.",
        "a.xlsx, dòng 4: Dòng này giống hệt dòng 2 ở mọi cột (trừ Mã bản ghi): một hoạt động "
        "chỉ ghi một lần. Nếu là hai lần khác nhau, hãy ghi rõ chỗ khác nhau."]


def test_xlsx_with_a_cell_beyond_the_column_limit(mini_dir: Path):
    far = '<row><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="CW2" t="inlineStr"><is>' \
          '<t>y</t></is></c></row>'
    result = importer.prepare_import("outreach", _xlsx(far), "a.xlsx", mini_dir, today=TODAY)
    assert _messages(result) == [f"a.xlsx, dòng 2: Tệp quá lớn: có ô ở cột thứ 101. {LIMITS}"]


def test_csv_over_the_row_and_column_limits(mini_dir: Path):
    rows = "\n".join([OUT] + [f",2024-06-05,00002-01,,luat_cu_tru,hop_thon,{i % 300}"
                              for i in range(100_001)])
    result = importer.prepare_import("outreach", rows.encode(), "a.csv", mini_dir, today=TODAY)
    assert _messages(result) == [f"a.csv: Tệp quá lớn: 100.001 dòng sau tiêu đề. {LIMITS}"]
    wide = ",".join([OUT] + [f"c{i}" for i in range(40_000)]) + "\n" + "," * 40_006 + "\n"
    result = importer.prepare_import("outreach", wide.encode(), "a.csv", mini_dir, today=TODAY)
    assert _messages(result) == [
        f"a.csv, dòng 1: Tệp quá lớn: dòng tiêu đề có 40.007 cột. {LIMITS}"]


LINEAR = """
from antt.data.csvio import parse_csv_text
header = ",".join(f"c{i}" for i in range(200_000)) + ",c7"
_, problems = parse_csv_text(header + "\\n", "a.csv")
print(problems[0])
"""


def test_repeated_header_check_is_linear():
    """200.000 columns: quadratic `list.count` would need ~4·10^10 steps (minutes), the linear
    check takes milliseconds. (The stored files are read with the same parser.)"""
    child = subprocess.run([sys.executable, "-c", LINEAR], cwd=REPO, capture_output=True,
                           text=True, timeout=60)
    assert child.stdout.strip() == "a.csv, dòng 1, cột “c7”: Tên cột bị lặp lại trong dòng tiêu đề."
    assert upload.repeated(["a", "b", "a", "b"]) == "a"


def test_identical_rows_are_refused_naming_both_rows(mini_dir: Path):
    raw = "\n".join([OUT,
                     ",2024-06-05,00002-01,,luat_cu_tru,hop_thon,45",
                     ",2024-06-06,00002-01,,luat_cu_tru,hop_thon,45",
                     ",05/06/2024,00002-01,,luat_cu_tru,hop_thon,45",  # the same day, written
                     "T90,2024-06-05,00002-01,,luat_cu_tru,hop_thon,45",  # its own id: kept
                     ""]).encode()
    result = importer.prepare_import("outreach", raw, "a.csv", mini_dir, today=TODAY)
    assert _messages(result) == [
        "a.csv, dòng 4: Dòng này giống hệt dòng 2 ở mọi cột (trừ Mã bản ghi): một hoạt động "
        "chỉ ghi một lần. Nếu là hai lần khác nhau, hãy ghi rõ chỗ khác nhau."]


def test_cli_gives_the_same_refusal(mini_dir: Path, tmp_path: Path, capsys):
    path = tmp_path / "rong.csv"
    path.write_text(",".join([OUT] + [f"c{i}" for i in range(200)]) + "\n", encoding="utf-8")
    assert main(["import", "outreach", str(path), "--data", str(mini_dir), "--user", "thu"]) == 1
    assert capsys.readouterr().out == (
        "Tệp có 1 lỗi, không ghi gì:\n"
        f"  - rong.csv, dòng 1: Tệp quá lớn: dòng tiêu đề có 207 cột. {LIMITS}\n")
    assert writer.read_audit(mini_dir) == []


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = importer.prepare_import

    def counted(*args, **kwargs):
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "prepare_import", counted)
    return calls


def _page(data_dir: str, raw: bytes) -> None:
    """The import section's check, as the Dữ liệu page runs it on every rerun."""
    from pathlib import Path

    import streamlit as st

    from antt.ui import data_editing

    result = data_editing._checked("patrols", raw, "a.csv", Path(data_dir), None)
    st.write(f"{result.added} dòng mới")


def test_page_checks_an_uploaded_file_once_and_write_does_not_check_again(
        mini_dir: Path, monkeypatch):
    calls = _counting(monkeypatch)
    raw = b"record_id,held_on,village_code,model_id,occasion,participants\n" \
          b",2024-06-05,00002-01,,thuong_xuyen,5\n"
    at = AppTest.from_function(_page, args=(str(mini_dir), raw), default_timeout=30)
    at.run()
    at.run()
    at.run()
    assert at.markdown[0].value == "1 dòng mới"
    assert calls == ["a.csv"]  # three reruns, one check
    prepared = at.session_state["import_checked"][1]
    done = importer.import_file("patrols", raw, "a.csv", mini_dir, user="thu",
                                prepared=prepared)
    assert done.audit is not None and done.added == 1
    assert calls == ["a.csv"]  # "Ghi" reuses the check: the data did not change since
    # when the data changed in between, the write checks again under the lock
    other = importer.prepare_import("patrols", raw.replace(b",5\n", b",6\n"), "b.csv", mini_dir)
    writer.correct_record(mini_dir, "patrols", {"record_id": "P3"}, {"participants": "7"}, "thu")
    done = importer.import_file("patrols", raw.replace(b",5\n", b",6\n"), "b.csv", mini_dir,
                                user="thu", prepared=other)
    assert done.audit is not None
    assert calls == ["a.csv", "b.csv", "b.csv"]


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_file_size_limit_is_stated(name: str, mini_dir: Path):
    raw = (b"PK\x03\x04" if name.endswith("xlsx") else b"") + b"a" * (upload.MAX_FILE_BYTES + 1)
    result = importer.prepare_import("outreach", raw, name, mini_dir, today=TODAY)
    assert _messages(result) == [f"{name}: Tệp quá lớn: 20,0 MB. {LIMITS}"]


def test_header_cell_beyond_the_csv_field_limit(mini_dir: Path):
    raw = b"record_id," + b"a" * 200_000 + b"\n"
    result = importer.prepare_import("outreach", raw, "a.csv", mini_dir, today=TODAY)
    assert _messages(result) == [
        "a.csv, dòng 1: Dòng tiêu đề không đọc được: có ô dài quá 131.072 ký tự."]


def _with_member(raw: bytes, name: str, text: str) -> bytes:
    out = io.BytesIO(raw)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr(name, text)
    return out.getvalue()


def _refused_with_little_memory(raw: bytes, mini_dir: Path) -> list[str]:
    import tracemalloc

    tracemalloc.start()
    try:
        result = importer.prepare_import("outreach", raw, "bom.xlsx", mini_dir, today=TODAY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak  # openpyxl took GBs on these (issue 25)
    return _messages(result)


def test_xlsx_bombs_are_refused_while_streaming_the_sheet(mini_dir: Path):
    """Issue 25 item 5: the review's bombs, smaller (the real ones: 6M cells in a row, 2,8 GB;
    a 95 MB cell, 4,5 GB). Refused at the first limit, before openpyxl builds a row."""
    wide = _xlsx("<row>" + "<c><v>1</v></c>" * 300_000 + "</row>")
    assert _refused_with_little_memory(wide, mini_dir) == [
        f"bom.xlsx, dòng 2: Tệp quá lớn: quá 1.000 ô trên một dòng. {LIMITS}"]
    empty = _xlsx(ROW + "<row>" + "<c/>" * 200_000 + "</row>")
    assert _refused_with_little_memory(empty, mini_dir) == [
        f"bom.xlsx, dòng 3: Tệp quá lớn: quá 1.000 ô trên một dòng. {LIMITS}"]
    spread = _xlsx(("<row>" + '<c r="A1" s="1"/>' * 60 + "</row>") * 2_000)  # 120.000 empty
    assert _refused_with_little_memory(spread, mini_dir) == [
        f"bom.xlsx: Tệp quá lớn: quá 100.000 ô trống. {LIMITS}"]
    long_cell = _xlsx('<row><c t="inlineStr"><is><t>' + "Ạ" * 3_000_000 + "</t></is></c></row>")
    assert _refused_with_little_memory(long_cell, mini_dir) == [
        f"bom.xlsx, dòng 2: Tệp quá lớn: một ô dài quá 32.767 ký tự. {LIMITS}"]


def test_xlsx_shared_string_bombs_and_entity_declarations_are_refused(mini_dir: Path,
                                                                     monkeypatch):
    from antt.entry import xlsx_scan

    strings = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main">{}</sst>')
    long_string = _with_member(_xlsx(ROW), "xl/sharedStrings.xml",
                               strings.format("<si><t>" + "x" * 8_000_000 + "</t></si>"))
    assert _refused_with_little_memory(long_string, mini_dir) == [
        f"bom.xlsx: Tệp quá lớn: một chuỗi dài quá 32.767 ký tự. {LIMITS}"]
    monkeypatch.setattr(xlsx_scan, "MAX_SHARED_STRINGS", 1_000)  # 1.000.000: seconds to build
    many = _with_member(_xlsx(ROW), "xl/sharedStrings.xml",
                        strings.format("<si><t>a</t></si>" * 1_001))
    assert _messages(importer.prepare_import("outreach", many, "bom.xlsx", mini_dir,
                                             today=TODAY)) == [
        f"bom.xlsx: Tệp quá lớn: quá 1.000 chuỗi dùng chung. {LIMITS}"]
    laughs = _with_member(_xlsx(ROW), "xl/sharedStrings.xml",
                          '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>'
                          + strings.format("<si><t>&a;</t></si>"))
    assert _messages(importer.prepare_import("outreach", laughs, "bom.xlsx", mini_dir,
                                             today=TODAY)) == [
        "bom.xlsx: Tệp Excel có khai báo DOCTYPE/ENTITY (Excel không tạo khai báo này): "
        "không đọc tệp."]
