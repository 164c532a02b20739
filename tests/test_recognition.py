"""The yearly recognition "An toàn về ANTT" (issue 29): the criteria file, the assessment on a
copy of the bundled data, the entered criteria (form path and Excel template) through the
writer, the scored workbook against the page's figures, the draft and the command line."""

from __future__ import annotations

import io
import json
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from antt.__main__ import main
from antt.data.store import get_store
from antt.recognition import workbook
from antt.recognition.assess import (
    FAILED,
    INCOMPLETE,
    MET,
    MISSING,
    NOT_MET,
    PASSED,
    assess,
)
from antt.recognition.draft import draft_notice
from antt.recognition.entries import Entry, EntryError, save_entries
from antt.recognition.rules import BUNDLED_RULES, load_rules, parse_rules
from antt.ui.recognition import counts
from antt.writes.writer import undo_last

# A religion-field incident added to thôn Phúc Tiến (Xã Vũ Sơn, 2025: Xã Vũ Lễ), which has no
# disqualifying incident in the 2026 windows in the bundled data.
ADDED = "VV-000286,2026-05-10,06355-02,trom_cap,ton_giao,false\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    from tests.conftest import BUNDLED_DATA, copy_data

    folder = copy_data(BUNDLED_DATA, tmp_path_factory.mktemp("recognition") / "data")
    with (folder / "incidents.csv").open("a", encoding="utf-8") as f:
        f.write(ADDED)
    return folder


def _check(unit, criterion_id):
    return next(c for c in unit.checks if c.criterion.id == criterion_id)


def test_every_shipped_criterion_and_deadline_has_a_citation():
    raw = tomllib.loads(BUNDLED_RULES.read_text(encoding="utf-8"))
    assert len(raw["tieu_chi"]) == 16
    for item in raw["tieu_chi"]:
        assert "Điều" in item["citation"] and item["citation"].startswith("TT 124/2021"), item
        assert item["source"] in ("du_lieu", "nhap")
    for item in raw["han"]:
        assert "Điều" in item["citation"], item
    rules = load_rules(BUNDLED_RULES.parent)
    assert [c.id for c in rules.of_level("xa") if not c.entered] == [
        "xa_mo_hinh_hieu_qua", "xa_dieu4_k3", "xa_thon_dang_ky_va_dat"]
    assert not rules.can_grade  # QĐ 510's score tables were not found: no grading
    assert str(rules.window("thon", 2026).start) == "2025-11-01"
    assert str(rules.window("xa", 2026).end) == "2026-11-15"


def test_a_rule_without_citation_is_refused():
    raw = tomllib.loads(BUNDLED_RULES.read_text(encoding="utf-8"))
    raw["tieu_chi"][0]["citation"] = ""
    with pytest.raises(Exception, match="thiếu citation"):
        parse_rules(raw)


def test_disqualifying_incident_makes_the_village_fail_with_that_record(data):
    result = assess(2026, data)
    village = next(v for v in result.villages if v.code == "06355-02")
    assert (village.name, village.commune_name, village.result) == (
        "Phúc Tiến", "Xã Vũ Lễ", FAILED)
    check = _check(village, "thon_khong_ton_giao")
    assert check.status == NOT_MET and check.records == ["VV-000286"]
    assert village.first_reason == (
        "TT 124/2021/TT-BCA, Điều 4, khoản 3, điểm c, d: vụ việc VV-000286 ngày 10/05/2026 "
        "(Hoạt động tôn giáo, Trộm cắp tài sản, tại Phúc Tiến)")
    assert _check(village, "thon_khong_an_ninh_chinh_tri").status == MET
    commune = next(c for c in result.communes if c.code == "06364")
    assert _check(commune, "xa_dieu4_k3").records == ["VV-000286"]
    assert commune.result == FAILED


def test_units_follow_the_year(data):
    old = assess(2024, data)
    assert (old.unit_set, len(old.communes), len(old.villages)) == ("2024", 18, 148)
    village = next(v for v in old.villages if v.code == "06355-02")
    assert village.commune_name == "Xã Vũ Sơn"  # 2024 unit, and the 2026 incident is not in 2024
    assert _check(village, "thon_khong_ton_giao").status == MET
    new = assess(2026, data, communes=("06364",))
    assert (new.unit_set, [c.name for c in new.communes], len(new.villages)) == (
        "2025", ["Xã Vũ Lễ"], 22)


def test_commune_without_an_effective_model_fails_that_criterion(data):
    result = assess(2026, data)
    hung_vu = next(c for c in result.communes if c.code == "06349")
    check = _check(hung_vu, "xa_mo_hinh_hieu_qua")
    assert check.status == NOT_MET and check.records == ["MH005", "MH025"]
    assert check.reason.startswith(
        "không mô hình nào đủ 9 tháng có hoạt động và hoạt động cả năm: MH005 Tổ liên gia tự "
        "quản thôn Thâm Tâm (6 tháng có hoạt động: 12/2025, 02/2026, 04/2026, 07/2026, "
        "08/2026, 10/2026)")
    assert hung_vu.result == FAILED
    vu_le = next(c for c in result.communes if c.code == "06364")
    assert _check(vu_le, "xa_mo_hinh_hieu_qua").records == ["MH004", "MH011", "MH023"]
    # the committee's threshold: at 6 months MH005 (active all year) is enough
    raw = tomllib.loads(BUNDLED_RULES.read_text(encoding="utf-8"))
    rule = next(c for c in raw["tieu_chi"] if c["id"] == "xa_mo_hinh_hieu_qua")["rule"]
    rule["so_thang"] = 6
    lower = assess(2026, data, communes=("06349",), rules=parse_rules(raw))
    assert _check(lower.communes[0], "xa_mo_hinh_hieu_qua").records == ["MH005"]


def test_missing_entered_criteria_never_give_passed(data, tmp_path):
    result = assess(2026, data)
    assert {v.result for v in result.villages} == {FAILED, INCOMPLETE}
    assert PASSED not in {c.result for c in result.communes}
    from tests.conftest import copy_data

    folder = copy_data(data, tmp_path / "d")
    rules = load_rules(folder)
    entered = [c.id for c in rules.of_level("thon") if c.entered]
    all_met = [Entry(2026, "06355-01", cid, True, "NQ 05-NQ/CB ngày 20/02/2026")
               for cid in entered]
    entry = save_entries(folder, all_met, user="lan")
    assert (entry.rows_added, entry.table, entry.action) == (len(entered), "recognition_entries",
                                                             "upsert")
    village = next(v for v in assess(2026, folder).villages if v.code == "06355-01")
    assert village.result == PASSED and village.first_reason == ""
    # one entered criterion taken back: "chưa đủ thông tin", not "đạt"
    save_entries(folder, [Entry(2026, "06355-01", entered[-1], None)], user="lan")
    village = next(v for v in assess(2026, folder).villages if v.code == "06355-01")
    assert village.result == INCOMPLETE
    assert _check(village, entered[-1]).status == MISSING
    audit = [json.loads(line) for line in (folder / "audit.jsonl").read_text().splitlines()]
    assert [(a["rows_added"], a["rows_deleted"]) for a in audit if a["phase"] == "intent"] == [
        (len(entered), 0), (0, 1)]
    # undone like any other write (the Dữ liệu page's "Hoàn tác"): the village passes again
    undo_last(folder, "lan")
    village = next(v for v in assess(2026, folder).villages if v.code == "06355-01")
    assert village.result == PASSED


def test_entries_are_checked_and_scoped(data, tmp_path):
    from tests.conftest import copy_data

    folder = copy_data(data, tmp_path / "d")
    with pytest.raises(EntryError) as err:
        save_entries(folder, [Entry(2026, "06355-01", "thon_khoan4", True),
                              Entry(2026, "06355-01", "thon_khong_ton_giao", True),
                              Entry(2026, "06367", "xa_dieu4_k2", True, note="x" * 301)],
                     user="hoa", communes=("06325",))
    assert [str(p) for p in err.value.problems] == [
        "Biểu mẫu, cột “Mã thôn hoặc xã”: Bạn không được nhập cho đơn vị “06355-01”.",
        "Biểu mẫu, cột “Mã tiêu chí”: Mã tiêu chí “thon_khong_ton_giao” không phải tiêu chí "
        "nhập của recognition.toml.",
        "Biểu mẫu, cột “Mã thôn hoặc xã”: Bạn không được nhập cho đơn vị “06367”.",
        "Biểu mẫu, cột “Ghi chú”: Dài quá 300 ký tự.",
    ]
    assert (folder / "recognition_entries.csv").read_text() == (
        "year,unit_code,criterion,met,document,note,entered_on,user\n")


def test_template_round_trip_and_bad_cells(data, tmp_path):
    from tests.conftest import copy_data

    folder = copy_data(data, tmp_path / "d")
    raw = workbook.entry_template(assess(2026, folder, communes=("06364",)))
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    ws = wb[workbook.TEMPLATE_SHEET]
    assert [c.value for c in ws[1]] == list(workbook.TEMPLATE_HEADERS)
    assert ws.max_row == 1 + 22 * 7 + 4  # 22 villages × 7 entered criteria + the xã's 4
    ws["I2"], ws["J2"] = "có", "NQ 02-NQ/CB ngày 01/3/2026"
    ws["I3"] = "ok"
    out = io.BytesIO()
    wb.save(out)
    entries, problems = workbook.read_template(out.getvalue(), "mau.xlsx")
    assert [str(p) for p in problems] == [
        "mau.xlsx, dòng 3, cột “Đạt (có/không)”: “ok” không hợp lệ: ghi “có” hoặc “không”."]
    ws["I3"] = "không"
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "mau.xlsx"
    path.write_bytes(out.getvalue())
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["recognition", "import", str(path), "--user", "lan", "--data", str(folder)])
    assert code == 0 and "Đã ghi: thêm 2, sửa 0, xóa 0" in buf.getvalue()
    lines = (folder / "recognition_entries.csv").read_text().splitlines()
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["2026", ws["C2"].value, ws["F2"].value, "true", "NQ 02-NQ/CB ngày 01/3/2026"],
        ["2026", ws["C3"].value, ws["F3"].value, "false", ""]]


def test_workbook_counts_equal_the_page(data):
    result = assess(2026, data)
    shown = counts(result)
    assert (shown["thôn"], shown["thôn không đạt"], shown["xã"]) == (148, 10, 6)
    wb = openpyxl.load_workbook(io.BytesIO(workbook.scored_workbook(result)))
    assert wb.sheetnames == ["Tổng hợp", "Xã Bắc Sơn", "Xã Hưng Vũ", "Xã Nhất Hòa", "Xã Tân Tri",
                             "Xã Vũ Lăng", "Xã Vũ Lễ", "Tiêu chí"]
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(header)}
    assert sum(r[col["Số thôn"]] for r in body) == shown["thôn"]
    assert sum(r[col["Thôn đạt"]] for r in body) == shown["thôn đạt"]
    assert sum(r[col["Thôn không đạt"]] for r in body) == shown["thôn không đạt"]
    assert sum(r[col["Thôn chưa đủ thông tin"]] for r in body) == shown["thôn chưa đủ thông tin"]
    assert [r[col["Kết quả của xã"]] for r in body].count(FAILED) == shown["xã không đạt"]
    village_results = []
    for name in wb.sheetnames[1:-1]:
        sheet = list(wb[name].iter_rows(values_only=True))
        assert sheet[0][:4] == ("STT", "Mã thôn", "Tên thôn", "Kết quả")
        village_results += [r[3] for r in sheet[1:] if r and isinstance(r[0], int)
                            and r[1] and "-" in str(r[1])]
    assert len(village_results) == 148
    assert village_results.count(FAILED) == shown["thôn không đạt"]


def test_draft_and_command_line(data):
    result = assess(2026, data)
    notice = draft_notice(result, data_dir=data)
    assert notice.header.trich_yeu == ("Kết quả đánh giá khu dân cư, xã đạt tiêu chuẩn “An toàn "
                                       "về an ninh, trật tự” năm 2026 (dự thảo)")
    assert notice.body[3].text == ("Khu dân cư: 148 khu dân cư, trong đó đạt 0, không đạt 10, "
                                   "chưa đủ thông tin 138. Xã: 6 xã, trong đó đạt 0, không đạt "
                                   "6, chưa đủ thông tin 0.")
    assert len(notice.appendix.rows) == 148
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["recognition", "status", "--year", "2026", "--data", str(data),
                     "--communes", "06364"])
    out = buf.getvalue().splitlines()
    assert code == 0
    assert ("06355-02\tPhúc Tiến\tXã Vũ Lễ\tKhông đạt\tTT 124/2021/TT-BCA, Điều 4, khoản 3, "
            "điểm c, d: vụ việc VV-000286 ngày 10/05/2026 (Hoạt động tôn giáo, Trộm cắp tài "
            "sản, tại Phúc Tiến)") in out
    assert sum(1 for line in out if line.startswith("063")) == 22
    assert out[-1] == ("  06364 Xã Vũ Lễ: 22 thôn, đạt 0, không đạt 1, chưa đủ thông tin 21; "
                       "xã: Không đạt")
    get_store(data)  # the command used the same folder's store


def test_page_shows_the_status_and_saves_the_form(data, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from antt.access.editors_file import Editor
    from tests.conftest import REPO, copy_data
    from tests.signed_in import sign_in

    folder = copy_data(data, tmp_path / "d")
    monkeypatch.setenv("ANTT_DATA_DIR", str(folder))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    at = AppTest.from_file(str(REPO / "views/recognition.py"), default_timeout=90)
    sign_in(at, Editor("hoa", ("06364",)))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Thôn đạt": "0/148", "Thôn không đạt": "10",
                     "Thôn chưa đủ thông tin": "138", "Xã đạt": "0/6"}
    assert any("QĐ 510/QĐ-BCA-V05" in i.value for i in at.info)
    assert any(c.value.startswith("Đã qua mọi hạn của năm 2026 (hạn cuối 30/11/2026")
               for c in at.caption)
    at.selectbox(key="recognition_entry_commune_2026").select("06364").run()
    at.radio(key="rf_2026_06355-01_thon_nghi_quyet_dang_ky_s").set_value("Không đạt")
    at.text_input(key="rf_2026_06355-01_thon_nghi_quyet_dang_ky_n").input("Chưa có nghị quyết")
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Đã ghi: thêm 1, sửa 0, xóa 0 (nhật ký số 1)."]
    assert {m.label: m.value for m in at.metric}["Thôn không đạt"] == "11"
    assert (folder / "recognition_entries.csv").read_text().splitlines()[1].startswith(
        "2026,06355-01,thon_nghi_quyet_dang_ky,false,,Chưa có nghị quyết,")
