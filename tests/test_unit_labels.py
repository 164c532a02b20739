"""Entry paths speak today's communes (from 01/7/2025) and still read files made before.

On the bundled Bắc Sơn data: 18 old xã/thị trấn became 6 new xã, and six village names repeat
inside one new commune (Thôn Nà Lay of Thị trấn Bắc Sơn and of Xã Long Đống, both now in
Xã Bắc Sơn). Templates, the importer, the editors' scope and the record form are checked with
those real names and codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor
from antt.entry import templates
from antt.entry.importer import import_file, prepare_import
from antt.text.fmt import vi_sorted
from antt.text.place_labels import PlaceNames
from antt.writes import change_checks

TODAY = dt.date(2026, 11, 28)
DAY = dt.datetime(2026, 11, 20)  # in report period 2026-12, which nobody has submitted yet
NEW_COMMUNES = ["Xã Bắc Sơn", "Xã Hưng Vũ", "Xã Nhất Hòa", "Xã Tân Tri", "Xã Vũ Lăng",
                "Xã Vũ Lễ"]
REPEATED = [  # village names that repeat within one new commune, told apart by the old one
    "Thôn Nà Lay (Thị trấn Bắc Sơn cũ) – Xã Bắc Sơn",
    "Thôn Nà Lay (Xã Long Đống cũ) – Xã Bắc Sơn",
    "Thôn Nặm Hanh (Thị trấn Bắc Sơn cũ) – Xã Bắc Sơn",
    "Thôn Nặm Hanh (Xã Bắc Quỳnh cũ) – Xã Bắc Sơn",
    "Thôn Phiêng Hùng (Thị trấn Bắc Sơn cũ) – Xã Bắc Sơn",
    "Thôn Phiêng Hùng (Xã Bắc Quỳnh cũ) – Xã Bắc Sơn",
    "Thôn Lân Hoài (Xã Nhất Tiến cũ) – Xã Nhất Hòa",
    "Thôn Lân Hoài (Xã Tân Thành cũ) – Xã Nhất Hòa",
    "Thôn Pác Phầy (Xã Nhất Tiến cũ) – Xã Nhất Hòa",
    "Thôn Pác Phầy (Xã Tân Thành cũ) – Xã Nhất Hòa",
    "Thôn Khuổi Phầy (Xã Chiêu Vũ cũ) – Xã Vũ Lăng",
    "Thôn Khuổi Phầy (Xã Tân Lập cũ) – Xã Vũ Lăng",
]
OLD_NAMES = ("Thị trấn Bắc Sơn", "Xã Long Đống", "Xã Vạn Thủy", "Xã Đồng Ý", "Xã Bắc Quỳnh",
             "Xã Tân Lập", "Xã Vũ Sơn", "Xã Chiêu Vũ", "Xã Tân Hương", "Xã Chiến Thắng",
             "Xã Trấn Yên", "Xã Tân Thành", "Xã Nhất Tiến")  # the names no new commune kept


def _tables(folder: Path) -> dict:
    tables, _, problems = change_checks.check_folder(folder, today=TODAY)
    assert not problems
    return tables


def _village_list(raw: bytes) -> list[str]:
    """The values the template's “Mã thôn” dropdown offers (from the hidden sheet)."""
    book = load_workbook(io.BytesIO(raw))
    data, hidden = book["Dữ liệu"], book["Danh mục"]
    for check in data.data_validations.dataValidation:
        column = "".join(ch for ch in str(check.sqref).split(":")[0] if ch.isalpha())
        if data[f"{column}1"].value == "Mã thôn":
            start, end = check.formula1.split("!")[1].replace("$", "").split(":")
            return [row[0].value for row in hidden[start:end]]
    raise AssertionError("no village dropdown")


def test_template_lists_villages_under_their_new_commune(sample_dir: Path):
    villages = _village_list(templates.template_xlsx("outreach", _tables(sample_dir)))
    assert len(villages) == len(set(villages)) == 148
    communes = [v.rsplit(" – ", 1)[1] for v in villages]
    assert list(dict.fromkeys(communes)) == NEW_COMMUNES  # grouped, in Vietnamese order
    for commune in NEW_COMMUNES:  # and the villages of each in Vietnamese order
        inside = [v for v in villages if v.endswith(f" – {commune}")]
        assert inside == vi_sorted(inside)
    assert not [v for v in villages if v.endswith(OLD_NAMES)]
    assert "Thôn Khuổi Phầy – Xã Vũ Lễ" in villages  # was “– Xã Vũ Sơn”
    assert sorted(v for v in villages if " cũ) – " in v) == sorted(REPEATED)
    assert villages.index(REPEATED[0]) + 1 == villages.index(REPEATED[1])


def test_template_example_uses_the_new_commune(sample_dir: Path):
    from antt.data.schema import TABLES

    lines = templates.column_help(TABLES["outreach"], _tables(sample_dir))
    example = {line[1]: line[-1] for line in lines[1:]}
    # the last stored outreach row is in village 06355-05 (old Xã Vũ Sơn, now Xã Vũ Lễ)
    assert example["village_code"] == "Thôn Khuổi Phầy – Xã Vũ Lễ"


def test_template_csv_has_no_copy_of_a_stored_record(sample_dir: Path):
    from antt.data.schema import TABLES
    from antt.entry.importer import prepare_import

    raw = templates.template_csv("outreach", _tables(sample_dir))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1] == templates.hint_row(TABLES["outreach"])
    assert rows[1][1] == "(ngày, ghi 02/10/2024 hoặc 2024-10-02, bắt buộc)"
    assert "Khuổi Phầy" not in raw.decode("utf-8-sig")
    # left as downloaded, it is an empty file, not a repeat of the newest record
    result = prepare_import("outreach", raw, "mau_outreach.csv", sample_dir)
    assert [p.message for p in result.problems] == [
        "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."]


def _fill(raw: bytes, villages: list[str]) -> bytes:
    """What a clerk does with the template: one row per village picked from the dropdown."""
    book = load_workbook(io.BytesIO(raw))
    data = book["Dữ liệu"]
    header = [c.value for c in data[1]]
    for n, village in enumerate(villages):
        row = {"Ngày tổ chức": DAY, "Mã thôn": village, "Nội dung": "Luật Cư trú",
               "Hình thức": "Họp thôn", "Số lượt người tham dự": 40 + n}
        for col, name in enumerate(header, start=1):
            data.cell(3 + n, col, row.get(name))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_round_trip_with_new_labels(sample_copy: Path):
    picked = ["Thôn Nà Lay (Xã Long Đống cũ) – Xã Bắc Sơn", "Thôn Khuổi Phầy – Xã Vũ Lễ",
              "Thôn Nà Lay – Xã Tân Tri", "Thôn Nà Lay (Thị trấn Bắc Sơn cũ) – Xã Bắc Sơn"]
    raw = templates.template_xlsx("outreach", _tables(sample_copy))
    assert set(picked) <= set(_village_list(raw))
    result = import_file("outreach", _fill(raw, picked), "mau_outreach.xlsx", sample_copy,
                         user="thu", today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert result.added == 4
    stored = (sample_copy / "outreach.csv").read_text(encoding="utf-8").splitlines()[-4:]
    assert stored == [
        "TT-000882,2026-11-20,06328-06,,luat_cu_tru,hop_thon,40",
        "TT-000883,2026-11-20,06355-05,,luat_cu_tru,hop_thon,41",
        "TT-000884,2026-11-20,06331-08,,luat_cu_tru,hop_thon,42",
        "TT-000885,2026-11-20,06325-09,,luat_cu_tru,hop_thon,43",
    ]
    read = {r["Trong tệp"]: r["Hiểu là"] for r in result.resolved.to_dict("records")}
    assert read["Thôn Khuổi Phầy – Xã Vũ Lễ"] == "Thôn Khuổi Phầy – Xã Vũ Lễ (mã 06355-05)"


def _csv(*rows: str, head: str = "Ngày tổ chức,Mã thôn,Nội dung,Hình thức,Số người") -> bytes:
    return ("\n".join((head, *rows)) + "\n").encode("utf-8")


def test_old_template_labels_and_codes_still_import(sample_dir: Path):
    """Files filled from templates made before: villages under their old commune."""
    result = prepare_import("outreach", _csv(
        "20/11/2026,Thôn Khuổi Phầy – Xã Vũ Sơn,luat_cu_tru,hop_thon,30",
        "20/11/2026,Thôn Nà Lay – Thị trấn Bắc Sơn,luat_cu_tru,hop_thon,31",
        "20/11/2026,Thôn Nà Lay – Xã Long Đống,luat_cu_tru,hop_thon,32",
        "20/11/2026,Thôn Khuổi Phầy – Xã Tân Lập,luat_cu_tru,hop_thon,33",
        "20/11/2026,06343-03,luat_cu_tru,hop_thon,34",
        "20/11/2026,thon na lay (xa long dong cu) - xa bac son,luat_cu_tru,hop_thon,35",
    ), "cu.csv", sample_dir, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert list(result.rows["Mã thôn"]) == ["06355-05", "06325-09", "06328-06", "06352-04",
                                            "06343-03", "06328-06"]


def test_every_old_and_new_label_of_the_data_reads_back_as_its_village(sample_dir: Path):
    places = PlaceNames.from_tables(_tables(sample_dir))
    for code in places.villages:
        assert places.find(places.label[code]) == (code, "")
        assert places.find(places.old_label[code]) == (code, "")


def test_commune_column_takes_old_or_new_names_and_codes(sample_dir: Path):
    head = "Ngày tổ chức,Thôn,Xã,Nội dung,Hình thức,Số người"
    rows = [("Nà Lay", "Xã Long Đống", "06328-06"),  # old name
            ("Nà Lay", "Xã Tân Tri", "06331-08"),  # new name (old Xã Vạn Thủy)
            ("Khuổi Phầy", "Vũ Lễ", "06355-05"),  # new name without “Xã”
            ("Khuổi Phầy", "06358", "06358-03"),  # old code (Xã Chiêu Vũ)
            ("Còn Khe", "06367", "06367-03"),  # a code both sets use (Xã Vũ Lăng)
            ("Nặm Hanh", "Bắc Quỳnh", "06343-03"),
            ("Nà Lay", "Thị trấn Bắc Sơn", "06325-09")]
    result = prepare_import("outreach", _csv(
        *(f"20/11/2026,{v},{c},luat_cu_tru,hop_thon,{n}" for n, (v, c, _) in enumerate(rows)),
        head=head), "xa.csv", sample_dir, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert list(result.rows["Mã thôn"]) == [code for _, _, code in rows]


def test_ambiguous_and_unknown_labels_are_refused_naming_file_row_and_column(
        sample_copy: Path):
    before = (sample_copy / "outreach.csv").read_bytes()
    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày tổ chức", "Mã thôn", "Nội dung", "Hình thức", "Số lượt người tham dự"])
    sheet.append([DAY, "Thôn Nà Lay – Xã Bắc Sơn", "Luật Cư trú", "Họp thôn", 30])
    sheet.append([DAY, "Thôn Khuổi Pầy – Xã Vũ Lễ", "Luật Cư trú", "Họp thôn", 31])
    sheet.append([DAY, "Thôn Pác Phầy – Xã Nhất Hòa", "Luật Cư trú", "Họp thôn", 32])
    raw = io.BytesIO()
    book.save(raw)
    result = import_file("outreach", raw.getvalue(), "thang11.xlsx", sample_copy, user="thu",
                         today=TODAY)
    assert [str(p) for p in result.problems] == [
        "thang11.xlsx, dòng 2, cột “village_code”: Có 2 thôn ứng với “Thôn Nà Lay – Xã Bắc Sơn”. "
        "Có phải: Thôn Nà Lay (Thị trấn Bắc Sơn cũ) – Xã Bắc Sơn (mã 06325-09); Thôn Nà Lay "
        "(Xã Long Đống cũ) – Xã Bắc Sơn (mã 06328-06)? Hãy ghi đúng tên như trong danh sách của "
        "tệp mẫu, ghi thêm cột “Xã” hoặc ghi mã thôn.",
        "thang11.xlsx, dòng 3, cột “village_code”: Không tìm thấy thôn “Thôn Khuổi Pầy” thuộc "
        "Xã Vũ Lễ. Có phải: Thôn Khuổi Bó – Xã Vũ Lễ; Thôn Khuổi Phầy – Xã Vũ Lễ?",
        "thang11.xlsx, dòng 4, cột “village_code”: Có 2 thôn ứng với “Thôn Pác Phầy – Xã Nhất "
        "Hòa”. Có phải: Thôn Pác Phầy (Xã Nhất Tiến cũ) – Xã Nhất Hòa (mã 06382-05); Thôn Pác "
        "Phầy (Xã Tân Thành cũ) – Xã Nhất Hòa (mã 06379-03)? Hãy ghi đúng tên như trong danh "
        "sách của tệp mẫu, ghi thêm cột “Xã” hoặc ghi mã thôn.",
    ]
    assert (sample_copy / "outreach.csv").read_bytes() == before


def test_unknown_commune_gets_the_nearest_names(sample_dir: Path):
    result = prepare_import("outreach", _csv(
        "20/11/2026,Khuổi Phầy,Xã Vũ Sơm,luat_cu_tru,hop_thon,30",
        head="Ngày tổ chức,Thôn,Xã,Nội dung,Hình thức,Số người"), "xa.csv", sample_dir,
        today=TODAY)
    assert [str(p) for p in result.problems] == [
        "xa.csv, dòng 2, cột “Xã”: Không tìm thấy xã “Xã Vũ Sơm”. Có phải: Xã Vũ Sơn (trước "
        "01/7/2025)?"]


@pytest.mark.parametrize("label", ["Thôn Nà Lay – Xã Tân Tri", "Thôn Nà Lay – Xã Vạn Thủy",
                                   "06331-08"])
def test_editor_scope_holds_whichever_label_names_the_village(label: str, sample_dir: Path):
    """Thôn Nà Lay 06331-08 was in Xã Vạn Thủy, now in Xã Tân Tri (code 06337, which was also
    Xã Đồng Ý's). The editor of the new Xã Tân Tri may enter it; the editor of the old Xã Tân
    Tri (06340, a code no new commune took) may not, even when the file names the new Tân Tri."""
    content = _csv(f"20/11/2026,{label},luat_cu_tru,hop_thon,30")
    allowed = prepare_import("outreach", content, "a.csv", sample_dir, communes=("06337",),
                             today=TODAY)
    assert allowed.ok, [str(p) for p in allowed.problems]
    refused = prepare_import("outreach", content, "a.csv", sample_dir, communes=("06340",),
                             today=TODAY)
    assert [str(p) for p in refused.problems] == [
        "a.csv, dòng 2, cột “village_code”: Thôn “06331-08” thuộc Xã Tân Tri (Xã Vạn Thủy cũ): "
        "bạn chỉ được nhập dữ liệu của Xã Tân Tri (trước 01/7/2025)."]
    own = prepare_import("outreach", _csv("20/11/2026,Thôn Làng Lọc – Xã Tân Tri,luat_cu_tru,"
                                          "hop_thon,30"), "a.csv", sample_dir,
                         communes=("06340",), today=TODAY)
    assert own.ok and list(own.rows["Mã thôn"]) == ["06340-01"]


# --- the one-record form ----------------------------------------------------------------------


@pytest.fixture
def form(sample_copy: Path, tmp_path: Path, monkeypatch) -> AppTest:
    """The Dữ liệu page of an editor of every commune, on the bundled data."""
    from tests.test_record_form import _page

    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_copy))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    return _page("outreach", Editor("lan", ()))


def test_record_form_offers_the_new_communes_first(form: AppTest, sample_copy: Path):
    communes = list(form.selectbox(key="add_outreach_commune").options)
    assert communes[:6] == NEW_COMMUNES
    assert "Xã Vũ Sơn (trước 01/7/2025) → nay thuộc Xã Vũ Lễ" in communes[6:]
    assert len(communes) == 6 + 18
    form.selectbox(key="add_outreach_commune").set_value("06364")  # Xã Vũ Lễ
    form.run()
    villages = list(form.selectbox(key="add_outreach_village").options)
    # its 22 villages, from Xã Chiến Thắng, Xã Vũ Lễ and Xã Vũ Sơn, each with its old commune
    assert "Thôn Khuổi Phầy (Xã Vũ Sơn cũ)" in villages and len(villages) == 22
    form.selectbox(key="add_outreach_village").set_value("06355-05")
    form.date_input(key="add_outreach_held_on").set_value(dt.date(2026, 11, 20))
    form.selectbox(key="add_outreach_topic").set_value("luat_cu_tru")
    form.selectbox(key="add_outreach_format").set_value("hop_thon")
    form.number_input(key="add_outreach_attendees").set_value(45)
    form.button(key="add_outreach_save").click()
    form.run()
    assert not form.exception, form.exception
    last = (sample_copy / "outreach.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last == "TT-000882,2026-11-20,06355-05,,luat_cu_tru,hop_thon,45"


def test_record_form_takes_an_old_commune_for_an_older_record(form: AppTest):
    form.selectbox(key="add_outreach_commune").set_value("2024:06355")  # Xã Vũ Sơn
    form.run()
    villages = list(form.selectbox(key="add_outreach_village").options)
    assert villages == ["Thôn Còn Quang", "Thôn Khuổi Phầy", "Thôn Nà Hoài", "Thôn Pác Cầu",
                        "Thôn Pác Mò", "Thôn Phúc Tiến"]
    form.selectbox(key="add_outreach_village").set_value("06355-05")
    form.date_input(key="add_outreach_held_on").set_value(dt.date(2026, 11, 20))
    form.run()
    assert "Từ 01/7/2025 Xã Vũ Sơn là một phần của Xã Vũ Lễ: ngày 20/11/2026 thôn này thuộc " \
           "Xã Vũ Lễ." in [c.value for c in form.caption]
    form.selectbox(key="add_outreach_commune").set_value("06364")
    form.date_input(key="add_outreach_held_on").set_value(dt.date(2024, 6, 5))
    form.run()
    assert "Ngày 05/06/2024 (trước 01/7/2025) thôn này thuộc Xã Vũ Sơn, nay là Xã Vũ Lễ." in [
        c.value for c in form.caption]


def test_vietnamese_order_goes_word_by_word():
    # A shorter word sorts before a longer one it begins ("Chi Lăng" < "Chiến Thắng"), base
    # letters before tones, đ after d: the order a Vietnamese dictionary and the SQL lists use.
    names = ["Xã Chiến Thắng", "Xã Đồng Ý", "Xã Chi Lăng", "Xã Dương", "Xã Ân", "Xã An", "Xã Ái"]
    assert vi_sorted(names) == ["Xã Ái", "Xã An", "Xã Ân", "Xã Chi Lăng", "Xã Chiến Thắng",
                                "Xã Dương", "Xã Đồng Ý"]
