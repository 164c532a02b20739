"""`python -m antt area init` on real official lists (vietnamadminunits 1.0.4), villages by
name into a new area, records into its communes, and every page on that folder."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.__main__ import main
from antt.data.schema import TABLES
from antt.entry.import_villages import import_villages
from antt.entry.importer import import_file
from antt.entry.village_template import villages_template_csv, villages_template_xlsx
from antt.maps.boundaries import load_boundaries, load_outline
from antt.maps.point_map import POINT_NOTE
from antt.ui.village_import import GUIDE
from antt.writes.change_checks import check_folder

REPO = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(f"views/{p.name}" for p in (REPO / "views").glob("*.py"))]


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def lang_son(tmp_path_factory) -> Path:
    """The Lạng Sơn folder, built once (read-only: tests that write take a copy)."""
    folder = tmp_path_factory.mktemp("area") / "lang_son"
    assert main(["area", "init", str(folder), "--province", "Lạng Sơn"]) == 0
    return folder


@pytest.fixture
def lang_son_copy(lang_son, tmp_path) -> Path:
    return Path(shutil.copytree(lang_son, tmp_path / "ls"))


def test_lang_son_units_and_crosswalk(lang_son, capsys):
    old, new = rows(lang_son, "communes"), rows(lang_son, "communes_2025")
    assert len(old) == 194 and len({r["district_code"] for r in old}) == 11
    assert {r["kind"] for r in old} == {"xã", "phường", "thị trấn"}
    assert len(new) == 65 and {r["province_name"] for r in new} == {"Tỉnh Lạng Sơn"}
    assert round(sum(float(r["area_km2"]) for r in new if r["area_km2"]), 1) == 8218.0
    bac_son = {r["commune_code"]: r for r in old if r["district_name"] == "Huyện Bắc Sơn"}
    assert len(bac_son) == 18 and bac_son["06355"]["commune_code_2025"] == "06364"  # Vũ Sơn
    links = rows(lang_son, "commune_links")
    assert len(links) == 197
    defaults: dict[str, int] = {}
    for link in links:
        defaults[link["commune_code"]] = defaults.get(link["commune_code"], 0) + (
            link["is_default"] == "true")
    assert set(defaults) == {r["commune_code"] for r in old}  # every old commune mapped
    assert set(defaults.values()) == {1}  # with exactly one default
    split = {c for c in defaults if sum(1 for x in links if x["commune_code"] == c) > 1}
    assert split == {"06079", "06622", "06625"}  # Hồng Phong (Bình Gia), Bính Xá, Kiên Mộc
    # every table of the schema, the activity tables empty with their header
    for name, table in TABLES.items():
        assert (lang_son / table.file).read_text(encoding="utf-8").splitlines()[0] == \
            ",".join(table.column_names), name
    assert rows(lang_son, "outreach") == [] and rows(lang_son, "villages") == []
    assert check_folder(lang_son)[2] == []
    profile = tomllib.loads((lang_son / "notice_profile.toml").read_text(encoding="utf-8"))
    assert len(profile["xa_2025"]) == 65 and profile["xa_2025"]["06364"]["nguoi_ky"] == ""
    assert profile["tinh"]["bao_cao_co_so"] == "Báo cáo số …/BC-CAT, ngày … của Công an {don_vi}"
    assert profile["xa_2025"]["06364"]["qd_thanh_vien_bcd"] == (
        "Quyết định số …/QĐ-UBND, ngày … của UBND {cap_don_vi}")
    # the police as issuer: the province's and each commune's, the plan acted on in blanks
    assert (profile["cong_an_tinh"]["ky_hieu"], profile["cong_an_tinh"]["phong_nhan_bao_cao"],
            profile["cong_an_xa"]["ky_hieu"]) == ("CAT", "V05", "CAX")
    assert len(profile["cong_an_xa_2025"]) == 65
    assert profile["cong_an_xa"]["van_ban_chi_dao"].startswith("Kế hoạch số …/KH-…, ngày …")


def test_check_accepts_the_new_folder(lang_son, capsys):
    assert main(["check", "--data", str(lang_son)]) == 0
    out = capsys.readouterr().out
    assert "Danh mục: 194 xã, phường, thị trấn trước 01/7/2025 (11 huyện); 65 xã, phường từ " \
           "01/7/2025" in out
    assert "Chưa có thôn nào" in out


def test_ha_giang_by_old_name_maps_into_tuyen_quang(tmp_path, capsys):
    folder = tmp_path / "hg"
    assert main(["area", "init", str(folder), "--province", "ha giang"]) == 0
    assert "Tỉnh Hà Giang (nay thuộc Tỉnh Tuyên Quang)" in capsys.readouterr().out
    old, new = rows(folder, "communes"), rows(folder, "communes_2025")
    assert len(old) == 193 and {r["province_name"] for r in old} == {"Tỉnh Hà Giang"}
    assert len(new) == 73 and {r["province_code"] for r in new} == {"08"}
    # part of Tuyên Quang only: no [tinh] in its profile (it does not speak for the province)
    assert "tinh" not in tomllib.loads((folder / "notice_profile.toml").read_text("utf-8"))
    assert {r["commune_code_2025"] for r in old} <= {r["commune_code_2025"] for r in new}
    assert check_folder(folder)[2] == []
    # polygons for all of them, the split Phường Quang Trung whole in its default Hà Giang 2
    assert (len(polygons(folder, "2024")), len(polygons(folder, "2025"))) == (193, 73)
    assert "  - Phường Quang Trung (00688) → Phường Hà Giang 2 (00691)\n" in (
        folder / "geo" / "SOURCE.md").read_text("utf-8")


def test_narrowed_and_refused(tmp_path, capsys):
    assert main(["area", "init", str(tmp_path / "a"), "--province", "lang son",
                 "--district", "185"]) == 0
    assert (len(rows(tmp_path / "a", "communes")), len(rows(tmp_path / "a", "communes_2025"))
            ) == (18, 6)
    assert (len(polygons(tmp_path / "a", "2024")), len(polygons(tmp_path / "a", "2025"))
            ) == (18, 6)
    assert main(["area", "init", str(tmp_path / "b"), "--province", "Lạng Sơn",
                 "--commune", "Vũ Lăng"]) == 0
    assert [r["commune_name"] for r in rows(tmp_path / "b", "communes")] == [
        "Xã Tân Lập", "Xã Chiêu Vũ", "Xã Tân Hương", "Xã Vũ Lăng"]
    capsys.readouterr()
    assert main(["area", "init", str(tmp_path / "c"), "--province", "Lạng Sơn",
                 "--commune", "Hồng Thái"]) == 2  # two old communes of that name, no new one
    assert capsys.readouterr().out == (
        "“Hồng Thái” ứng với nhiều xã. Có phải: Xã Hồng Thái (Huyện Bình Gia, trước "
        "01/7/2025), Xã Hồng Thái (Huyện Văn Lãng, trước 01/7/2025)?\n")
    assert main(["area", "init", str(tmp_path / "d"), "--province", "Atlantis"]) == 2
    assert "Không tìm thấy tỉnh “Atlantis”" in capsys.readouterr().out
    assert main(["area", "init", str(tmp_path / "a"), "--province", "Lạng Sơn"]) == 2
    assert "đã có tệp" in capsys.readouterr().out


VILLAGES = """Tên thôn,Xã,Xã cũ,Loại,Số hộ,Số nhân khẩu
Nà Lẹng,Xã Vũ Lễ,Xã Vũ Sơn,Thôn,120,480
Pác Lạn,Vũ Lăng,Chiêu Vũ,thôn,90,"1.210"
Khuổi Mạ,06355,,Thôn,50,210
Bản Chắt,Bính Xá,,Thôn,40,170
"""


def test_villages_by_name(lang_son_copy):
    asked = import_villages(b"Ten thon,Xa,So ho,So nhan khau\nNa Bo,Vu Lang,10,40\n",
                            "thon.csv", lang_son_copy, user="t")
    assert [str(p) for p in asked.problems] == [
        "thon.csv, dòng 2, cột “Xã cũ”: Xã Vũ Lăng (từ 01/7/2025) gồm 4 xã cũ: Xã Tân Lập "
        "(Huyện Bắc Sơn, trước 01/7/2025), Xã Chiêu Vũ (Huyện Bắc Sơn, trước 01/7/2025), Xã Tân "
        "Hương (Huyện Bắc Sơn, trước 01/7/2025), Xã Vũ Lăng (Huyện Bắc Sơn, trước 01/7/2025). "
        "Thôn “Na Bo” thuộc xã cũ nào? Ghi ở cột “Xã cũ”."]
    done = import_villages(VILLAGES.encode(), "thon.csv", lang_son_copy, user="t")
    assert done.ok and done.added == 4 and done.audit is not None
    assert done.notes == [
        "Có phải thôn “Bản Chắt” (dòng 5) của Xã Bính Xá (Huyện Đình Lập, trước 01/7/2025) nay "
        "thuộc Xã Đình Lập? Xã cũ được chia cho Xã Đình Lập, Xã Kiên Mộc; đã lấy xã mặc định "
        "(ước tính). Nếu không đúng, ghi xã mới ở cột “Xã mới”."]
    got = [(r["village_code"], r["village_name"], r["commune_code"], r["commune_code_2025"],
            r["population"]) for r in rows(lang_son_copy, "villages")]
    assert got == [("06355-01", "Nà Lẹng", "06355", "", "480"),
                   ("06358-01", "Pác Lạn", "06358", "", "1210"),
                   ("06355-02", "Khuổi Mạ", "06355", "", "210"),
                   ("06622-01", "Bản Chắt", "06622", "06613", "170")]
    # again, with one village moved to the other new commune and one new: codes are kept
    again = VILLAGES.replace("Tên thôn,Xã,Xã cũ,", "Tên thôn,Xã,Xã cũ,Xã mới,").replace(
        "Xã Vũ Sơn,", "Xã Vũ Sơn,,").replace("Chiêu Vũ,", "Chiêu Vũ,,").replace(
        "06355,,", "06355,,,").replace("Bính Xá,,", "Bính Xá,,Kiên Mộc,")
    again += "Nà Pàn,Kiên Mộc,Xã Bính Xá,,Thôn,30,120\n"
    done = import_villages(again.encode(), "thon2.csv", lang_son_copy, user="t")
    assert (done.ok, done.added, done.changed, done.unchanged) == (True, 1, 1, 3)
    got = {r["village_code"]: (r["village_name"], r["commune_code_2025"])
           for r in rows(lang_son_copy, "villages")}
    assert got["06622-01"] == ("Bản Chắt", "06625") and got["06622-02"] == ("Nà Pàn", "06625")


def test_villages_template_round_trip(lang_son_copy):
    from openpyxl import load_workbook

    tables = check_folder(lang_son_copy)[0]
    assert villages_template_csv(tables).decode().splitlines()[0] == \
        "Tên thôn,Xã,Xã cũ,Xã mới,Loại,Số hộ,Số nhân khẩu"
    book = load_workbook(io.BytesIO(villages_template_xlsx(tables)))
    choices = [c.value for c in book["Danh mục"]["B"][1:]]
    assert len(choices) == 65 + 194 and choices[65:].count(
        "Xã Hồng Phong (Huyện Cao Lộc, trước 01/7/2025)") == 1
    sheet = book["Danh sách thôn"]
    for i, value in enumerate(["Nà Tâm", "Xã Hồng Phong (Huyện Bình Gia, trước 01/7/2025)",
                               "", "Xã Đồng Đăng", "Thôn", 20, 90], start=1):
        sheet.cell(2, i).value = value
    out = io.BytesIO()
    book.save(out)
    done = import_villages(out.getvalue(), "mau.xlsx", lang_son_copy, user="t")
    assert done.ok, [str(p) for p in done.problems]
    assert [(r["village_code"], r["commune_code_2025"]) for r in
            rows(lang_son_copy, "villages")] == [("06079-01", "06184")]


def run_pages(folder: Path, monkeypatch, pages: list[str] = PAGES) -> dict[str, AppTest]:
    monkeypatch.setenv("ANTT_DATA_DIR", str(folder))
    out = {}
    for page in pages:
        at = AppTest.from_file(str(REPO / page), default_timeout=60)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        out[page] = at
    return out


def test_every_page_on_a_new_area(lang_son_copy, monkeypatch):
    empty = run_pages(lang_son_copy, monkeypatch, ["app.py", "views/data.py"])
    assert GUIDE in [i.value for i in empty["app.py"].info]
    assert [b.proto.label for b in empty["views/data.py"].get("download_button")][:2] == [
        "Mẫu danh sách thôn (Excel, có danh sách chọn xã)", "Mẫu danh sách thôn (CSV)"]
    assert import_villages(VILLAGES.encode(), "thon.csv", lang_son_copy, user="t").ok
    records = ("Ngày tổ chức,Tên thôn,Xã,Nội dung,Hình thức,Số lượt người tham dự\n"
               "05/11/2026,Nà Lẹng,Xã Vũ Lễ,Luật Cư trú,Họp thôn,45\n"
               "12/11/2026,Pác Lạn,Xã Vũ Lăng,Luật Phòng chống ma túy,Loa truyền thanh,120\n"
               "20/11/2026,Bản Chắt,Xã Đình Lập,Phòng chống tội phạm,Họp thôn,60\n")
    done = import_file("outreach", records.encode(), "tt.csv", lang_son_copy, user="t")
    assert done.ok and done.added == 3, [str(p) for p in done.problems]
    pages = run_pages(lang_son_copy, monkeypatch)
    overview = pages["views/overview.py"]
    assert {m.label: m.value for m in overview.metric}["Lượt người dự tuyên truyền"] == "225"
    units = overview.dataframe[0].value
    assert units.iloc[:, 0].tolist() == ["Xã Đình Lập", "Xã Vũ Lăng", "Xã Vũ Lễ", "Tổng cộng"]
    assert GUIDE not in [i.value for i in pages["app.py"].info]
    # the map draws the 65 communes' polygons, not points at their centres
    assert POINT_NOTE not in [i.value for i in pages["views/map.py"].info]
    charts = pages["views/map.py"].get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    drawn = [c for t in spec["data"] if t["type"] == "choropleth" for c in t["locations"]]
    assert len(drawn) == 65 and {"06364", "06367", "06613"} <= set(drawn)
    # the 62 communes with no village yet are in scope ("chưa có thôn", with a legend), not
    # "ngoài phạm vi lọc", and the view is the whole province, not the three with villages
    traces = {t.get("name"): t for t in spec["data"]}
    assert "Ngoài phạm vi lọc" not in traces and "Xã chưa có thôn" in traces
    assert len(traces["Chưa có thôn"]["locations"]) == 62
    assert spec["layout"]["title"]["text"].endswith("— toàn bộ 65 xã, phường (3 có thôn)")
    geo = spec["layout"]["geo"]
    lons, lats = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    assert lons[0] < 106.2 and lons[1] > 107.3 and lats[0] < 21.4 and lats[1] > 22.4  # Lạng Sơn
    # the projector's map too: the whole province, its title without the period the
    # heading above states (the long line ran past the map)
    meeting_maps = [json.loads(c.proto.spec) for c in pages["views/meeting.py"].get("plotly_chart")
                    if '"choropleth"' in c.proto.spec]
    assert len(meeting_maps) == 1
    assert meeting_maps[0]["layout"]["title"]["text"] == (
        "Số buổi tuyên truyền<br>toàn bộ 65 xã, phường (3 có thôn)")
    assert len([c for t in meeting_maps[0]["data"] if t["type"] == "choropleth"
                for c in t["locations"]]) == 65
    # two former districts have villages: the filter bar offers them as a shortcut
    app = pages["app.py"]
    shortcut = next(s for s in app.selectbox if s.label == "Huyện cũ")
    assert shortcut.options == ["Chọn huyện…", "Huyện Bắc Sơn", "Huyện Đình Lập"]
    shortcut.set_value("185").run()
    assert app.multiselect[0].value == ["06367", "06364"]  # Xã Vũ Lăng, Xã Vũ Lễ (2025)


def test_a_file_in_the_old_units_reads_shared_codes_as_old(lang_son_copy):
    # 06184 is Thị trấn Đồng Đăng until 30/6/2025 and Xã Đồng Đăng since: in a file that names
    # old communes (06355 Vũ Sơn has no 2025 namesake), it is the old one; in a file of 2025
    # communes, the new one, whose old commune must then be given.
    old_file = "Tên thôn,Xã,Số hộ,Số nhân khẩu\nKhối 1,06184,300,1100\nNà Lẹng,06355,10,40\n"
    done = import_villages(old_file.encode(), "cu.csv", lang_son_copy, user="t")
    assert done.ok and [r["commune_code"] for r in rows(lang_son_copy, "villages")] == [
        "06184", "06355"]
    new_file = "Tên thôn,Xã,Số hộ,Số nhân khẩu\nKhối 2,06184,300,1100\nNà Bó,Xã Văn Lãng,1,4\n"
    asked = import_villages(new_file.encode(), "moi.csv", lang_son_copy, user="t")
    assert [p.column for p in asked.problems] == ["Xã cũ", "Xã cũ"]
    assert asked.problems[0].message.startswith("Xã Đồng Đăng (từ 01/7/2025) gồm 6 xã cũ:")


def test_an_editor_of_a_new_area_gets_the_villages_import(lang_son_copy, monkeypatch):
    from signed_in import sign_in

    from antt.access.editors_file import Editor

    monkeypatch.setenv("ANTT_DATA_DIR", str(lang_son_copy))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(lang_son_copy / "editors.toml"))
    at = sign_in(AppTest.from_file(str(REPO / "views" / "data.py"), default_timeout=60),
                 Editor("lan"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="villages_mode").value is True  # no village yet: the list comes first
    assert len(at.get("file_uploader")) == 1


def test_every_old_commune_and_village_mapped(lang_son_copy):
    from antt.data.queries import run_query
    from antt.data.store import Store

    old = rows(lang_son_copy, "communes")
    listing = "Tên thôn,Xã,Loại,Số hộ,Số nhân khẩu\n" + "".join(
        f"Thôn Một,{r['commune_code']},Thôn,10,40\n" for r in old)
    done = import_villages(listing.encode(), "thon.csv", lang_son_copy, user="t")
    assert done.ok and done.added == 194, [str(p) for p in done.problems[:3]]
    assert len(done.notes) == 3  # one “Có phải …?” per split commune
    store = Store(lang_son_copy)
    assert store.refresh(), store.problems[:3]
    assert len(run_query("units", store=store, unit_set="2024")) == 194
    units = run_query("units", store=store, unit_set="2025")
    assert len(units) == 65 and units["unit_name"].notna().all()
    assert units["villages"].sum() == 194


def test_an_old_name_two_districts_had_is_read_in_the_new_commune(lang_son_copy):
    # Xã Chiến Thắng was a commune of Bắc Sơn (06364) and of Chi Lăng: beside its new commune
    # Xã Vũ Lễ, only Bắc Sơn's is meant.
    listing = ("Tên thôn,Xã,Xã cũ,Số hộ,Số nhân khẩu\n"
               "Nà Hin,Xã Vũ Lễ,Xã Chiến Thắng,95,400\n")
    done = import_villages(listing.encode(), "thon.csv", lang_son_copy, user="t")
    assert done.ok, done.problems
    assert [r["commune_code"] for r in rows(lang_son_copy, "villages")] == ["06364"]
    # without the new commune the name stays ambiguous and the file says which
    alone = "Tên thôn,Xã cũ,Số hộ,Số nhân khẩu\nNà Pàn,Xã Chiến Thắng,9,30\n"
    asked = import_villages(alone.encode(), "thon2.csv", lang_son_copy, user="t")
    assert asked.problems[0].message.startswith("Có phải: Xã Chiến Thắng (Huyện Bắc Sơn")


def test_communes_without_a_polygon_are_listed(tmp_path, capsys):
    # Thị xã Mộc Châu (Sơn La): three phường made after 2013 out of Thị trấn Mộc Châu have no
    # 2013 polygon of their own; they stay points at their official centres, and the new
    # communes that took them are whole or listed as lacking them.
    folder = tmp_path / "mc"
    assert main(["area", "init", str(folder), "--province", "Sơn La", "--district",
                 "Mộc Châu"]) == 0
    assert "12/15 xã trước 01/7/2025, 8/8 xã từ 01/7/2025" in capsys.readouterr().out
    missing = {"03980", "03983", "03984"}
    assert set(polygons(folder, "2024")) == {r["commune_code"] for r in rows(folder, "communes")
                                             } - missing
    assert all(r["lat"] and r["lon"] and not r["area_km2"] for r in rows(folder, "communes")
               if r["commune_code"] in missing)
    source = (folder / "geo" / "SOURCE.md").read_text("utf-8")
    assert ("- Trước 01/7/2025:\n  - Phường Mộc Lỵ (03980)\n  - Phường Bình Minh (03983)\n"
            "  - Phường Cờ Đỏ (03984)\n- Từ 01/7/2025: không có\n") in source
    assert "  - Phường Vân Sơn (04033) thiếu Phường Bình Minh (03983)\n" in source


def test_build_tool_makes_a_clean_coverage(tmp_path):
    # tools/build_vietnam63.py on two neighbours whose shared border does not match (a sliver
    # of gap and one of overlap, as in the source): the output shares one edge, no gap.
    import gzip
    import subprocess
    import sys

    import shapely
    from shapely.geometry import shape

    def square(x0, x1, wobble):
        return {"type": "Polygon", "coordinates": [[[x0, 21.0], [x1, 21.0], [x1 + wobble, 21.05],
                                                    [x1, 21.1], [x0, 21.1], [x0, 21.0]]]}

    source = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_vn": "Lạng Sơn", "district_vn": "Huyện A",
                                           "commune_vn": name}, "geometry": geom}
        for name, geom in [("Xã Một", square(106.0, 106.1, 0.0004)),
                           ("Xã Hai", {"type": "Polygon", "coordinates": [[
                               [106.1, 21.0], [106.2, 21.0], [106.2, 21.1], [106.1, 21.1],
                               [106.1003, 21.03], [106.1, 21.0]]]})]]}
    (tmp_path / "in.geojson").write_text(json.dumps(source), encoding="utf-8")
    out = tmp_path / "out.geojson.gz"
    done = subprocess.run([sys.executable, str(REPO / "tools" / "build_vietnam63.py"),
                           str(tmp_path / "in.geojson"), "-o", str(out)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("2 communes,")
    data = json.loads(gzip.decompress(out.read_bytes()))
    assert [f["properties"]["commune"] for f in data["features"]] == ["Xã Một", "Xã Hai"]
    shapes = [shape(f["geometry"]) for f in data["features"]]
    assert shapely.coverage_is_valid(shapes) and all(clockwise(s) for s in shapes)
    whole = shapely.union_all(shapes)
    assert whole.geom_type == "Polygon" and not list(whole.interiors)  # no gap left
    assert abs(whole.area - 0.02) < 1e-6  # the two squares, nothing lost or doubled


def polygons(folder: Path, unit_set: str) -> dict:
    from shapely.geometry import shape

    found = load_boundaries(folder, unit_set)
    return {} if found is None else {c: shape(f["geometry"]) for c, f in found.features.items()}


def clockwise(geometry) -> bool:
    """Every exterior ring clockwise, every hole counter-clockwise (the maps' convention)."""
    import shapely

    return all(not p.exterior.is_ccw and all(h.is_ccw for h in p.interiors)
               for p in shapely.get_parts(geometry))


def test_lang_son_polygons(lang_son):
    import shapely

    from antt.area.geo import area_km2

    old, new = polygons(lang_son, "2024"), polygons(lang_son, "2025")
    # every commune of both sets has a polygon: none is left a point
    assert set(old) == {r["commune_code"] for r in rows(lang_son, "communes")}
    assert set(new) == {r["commune_code_2025"] for r in rows(lang_son, "communes_2025")}
    assert (len(old), len(new)) == (194, 65)
    shapes = [*old.values(), *new.values()]
    assert all(shapely.is_valid(g) and clockwise(g) for g in shapes)
    # neighbours share their edges: no gap, no overlap, in both sets
    assert shapely.coverage_is_valid(list(old.values()))
    assert shapely.coverage_is_valid(list(new.values()))
    assert load_outline(lang_son).codes == {"20"}
    # the province: 8.310 km² officially; the 2013 polygons give 8.357,5
    assert round(sum(area_km2(g) for g in new.values())) == 8358
    # Bắc Sơn's 6 new communes against the official areas of the list (within 1,5 %), and
    # against the bundled hand-made polygons (same source, the same dissolve)
    listed = {r["commune_code_2025"]: float(r["area_km2"]) for r in rows(lang_son, "communes_2025")}
    bundled = polygons(REPO / "data", "2025")
    assert len(bundled) == 6
    for code, shape in bundled.items():
        assert abs(area_km2(new[code]) / listed[code] - 1) < 0.015, code
        assert shape.intersection(new[code]).area / shape.union(new[code]).area > 0.97, code
    # 2024 areas come from the polygons (no list has them) and add up to the 2025 ones
    areas = [float(r["area_km2"]) for r in rows(lang_son, "communes")]
    assert len(areas) == 194 and round(sum(areas)) == 8358
    source = (lang_son / "geo" / "SOURCE.md").read_text("utf-8")
    assert "vietnam63" in source and "giấy phép MIT" in source
    assert "  - Xã Bính Xá (06622) → Xã Đình Lập (06613)\n" in source  # split: whole to default
    assert "- Trước 01/7/2025: không có\n- Từ 01/7/2025: không có\n" in source
    assert "  - Xã Đình Lập (06613): danh mục 164,66 km², đa giác 285,1 km²\n" in source


def test_a_commune_notice_of_another_former_district(lang_son_copy, tmp_path, capsys):
    """Xã Đình Lập (2025), of the former Huyện Đình Lập: its own header, the province as its
    superior and first recipient, its village named in the 2025 units, no huyện anywhere; and
    with no religion table the religion sentence is blanks to fill, not "0 tôn giáo"."""
    villages = ("Tên thôn,Xã,Xã cũ,Loại,Số hộ,Số nhân khẩu\n"
                "Bản Chắt,Bính Xá,,Thôn,40,170\nKhe Lầy,Xã Đình Lập,Xã Đình Lập,Thôn,55,230\n")
    assert import_villages(villages.encode(), "thon.csv", lang_son_copy, user="t").ok
    models = ("Mã mô hình,Tên mô hình,Loại mô hình,Mã thôn,Ngày thành lập,Số thành viên\n"
              "DL-01,Nhóm đạo bình an thôn Bản Chắt,nhom_dao_binh_an,06622-01,15/08/2025,12\n")
    assert import_file("models", models.encode(), "mh.csv", lang_son_copy, user="t").ok
    outreach = ("Ngày tổ chức,Tên thôn,Xã,Mã mô hình,Nội dung,Hình thức,Số lượt người tham dự\n"
                "10/10/2026,Bản Chắt,Xã Đình Lập,DL-01,Luật Cư trú,Họp thôn,45\n"
                "20/11/2026,Bản Chắt,Xã Đình Lập,DL-01,Phòng chống tội phạm,Họp thôn,60\n")
    assert import_file("outreach", outreach.encode(), "tt.csv", lang_son_copy, user="t").ok
    pdf = tmp_path / "dl.pdf"
    assert main(["notice", "--data", str(lang_son_copy), "--communes", "06613",
                 "--to", "2026-11-30", "--signer", "Hoàng Văn Tú", "-o", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "câu về tôn giáo in “…” để điền tay" in out
    # no patrol, commitment or mediation yet: the clerk is told the text says "0 cuộc"
    assert ("Lưu ý: Trong kỳ chưa có cuộc tuần tra, lượt hộ ký cam kết, vụ hòa giải nào: đoạn "
            "văn in số 0 (“được 0 cuộc”); sửa ở mục “Sửa lời văn” trước khi ký.") in out
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   check=True).stdout.decode().split())
    assert text.startswith("UBND XÃ ĐÌNH LẬP BAN CHỈ ĐẠO 138")
    assert "Đình Lập, ngày tháng 12 năm 2026" in text
    assert "Xã Đình Lập là xã của tỉnh Lạng Sơn" in text and "có 02 thôn. Dân số 400 người" in text
    assert ("Trên địa bàn xã hiện có … tôn giáo hoạt động với … hộ/… nhân khẩu gồm …" in text)
    assert "02 buổi với khoảng 105 lượt người tham dự" in text
    assert "Ban Chỉ đạo 138 tỉnh Lạng Sơn, Công an tỉnh Lạng Sơn" in text
    assert "- BCĐ 138 tỉnh Lạng Sơn (B/c); - Công an tỉnh - PV01 (B/c);" in text
    assert "huyện" not in text.lower() and "Bính Xá" not in text
