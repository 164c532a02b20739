"""The geo/ folder of a new area: the commune polygons of both unit sets and the outline in the
files the maps read (config.BOUNDARY_FILES, config.OUTLINE_FILE), and geo/SOURCE.md with the
provenance, the licence and every commune left without a polygon (the map draws those as a
point at the official centre and says so).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from antt import config
from antt.area import geo
from antt.area.units import PACKAGE, PACKAGE_VERSION, Area
from antt.text.fmt import number

SOURCE_REPO = "github.com/choisy/vietnam63"
SOURCE_COMMIT = "90ac14b5226cf3b9e0a3b1190e04f28fdb19899d"
AREA_GAP = 0.10  # a 2025 area in the list this far from its polygon's is listed for checking


def with_polygon_areas(area: Area, shapes: geo.AreaGeo) -> Area:
    """The area with `area_km2` of the polygon (spherical, 2 decimals) where the list has none:
    every 2024 commune with a polygon, and the rare 2025 commune with no listed area."""
    old = tuple({**r, "area_km2": round(geo.area_km2(shapes.old[r["commune_code"]]), 2)}
                if r["area_km2"] is None and r["commune_code"] in shapes.old else r
                for r in area.old)
    new = tuple({**r, "area_km2": round(geo.area_km2(shapes.new[r["commune_code_2025"]]), 2)}
                if r["area_km2"] is None and r["commune_code_2025"] in shapes.new else r
                for r in area.new)
    return replace(area, old=old, new=new)


def _name(code: str, rows, key: str, name: str) -> str:
    return next((f"{r[name]} ({code})" for r in rows if r[key] == code), code)


def _items(lines: list[str]) -> str:
    """Sub-items of a SOURCE.md bullet, or "không có"."""
    return "".join(f"\n  - {line}" for line in lines) if lines else " không có"


def source_text(area: Area, shapes: geo.AreaGeo) -> str:
    """geo/SOURCE.md: what the files are, where they come from, what is missing."""
    def old(code: str) -> str:
        return _name(code, area.old, "commune_code", "commune_name")

    def new(code: str) -> str:
        return _name(code, area.new, "commune_code_2025", "commune_name_2025")

    listed = {r["commune_code_2025"]: r["area_km2"] for r in area.new}
    far = [f"{new(c)}: danh mục {number(listed[c], 2)} km², đa giác "
           f"{number(geo.area_km2(s), 1)} km²" for c, s in shapes.new.items()
           if listed[c] and abs(geo.area_km2(s) / listed[c] - 1) > AREA_GAP]
    split = [f"{old(o)} → {new(n)}" for o, n in sorted(shapes.split_to_default.items())]
    partial = [f"{new(n)} thiếu {', '.join(old(o) for o in olds)}"
               for n, olds in sorted(shapes.new_partial.items())]
    files = [
        f"`{config.BOUNDARY_FILES['2024']}`: {len(shapes.old)} của {len(area.old)} xã, phường, "
        "thị trấn trước 01/7/2025; thuộc tính `code` (= `communes.commune_code`), `name`, `kind`",
        f"`{config.BOUNDARY_FILES['2025']}`: {len(shapes.new)} của {len(area.new)} xã, phường "
        "từ 01/7/2025; `code` (= `communes_2025.commune_code_2025`), `name`",
        f"`{config.OUTLINE_FILE}`: đường bao của địa bàn (hợp các đa giác trên)"]
    return f"""# Ranh giới và danh mục đơn vị của {area.scope}

Viết bởi `python -m antt area init`.

- Tệp:{_items(files)}
- Kinh độ/vĩ độ WGS84, 5 chữ số thập phân, vòng ngoài theo chiều kim đồng hồ (quy ước của
  bản đồ); các xã kề nhau có chung cạnh (không hở, không chồng). Độ chi tiết khoảng 150 m.

## Nguồn và giấy phép
- **Ranh giới:** gói R `vietnam63` của Marc Choisy (IRD), {SOURCE_REPO}, commit
  {SOURCE_COMMIT}, tệp `data/communes.rda` (11.163 xã khoảng năm 2013,
  tỷ lệ 1:250.000), giấy phép MIT do tác giả công bố; nguồn gốc của nó là bộ dữ liệu hành
  chính 1:250.000 qua bản đồ nền của WHO Việt Nam, giấy phép gốc không được nêu. Bản rút gọn
  cả nước kèm theo phần mềm: `antt/area/geo/vietnam63_communes.geojson.gz` (nguồn, cách làm
  và toàn văn giấy phép: `antt/area/geo/SOURCE.md`). Ghi nguồn: "Ranh giới xã: M. Choisy,
  vietnam63 (MIT), từ dữ liệu hành chính 1:250.000 (2013)".
- **Cách làm:** mỗi đa giác năm 2013 được ghép với một xã trước 01/7/2025 theo tên (không
  dấu) trong cùng huyện, rồi trong cả tỉnh; danh mục ghi tên cũ của các xã đã sáp nhập
  2013–2024, nên xã đã nhập được gộp vào xã nhận. Đa giác xã từ 01/7/2025 là hợp các xã cũ
  theo bảng chuyển đổi (`commune_links.csv`), kể cả xã cũ ngoài địa bàn đã chọn.
- **Xã cũ bị chia** cho nhiều xã mới: cả xã cũ được gộp vào xã mới mặc định (ước tính của
  gói, không phải ranh giới thật), nên hai xã mới lệch nhau phần bị chia:{_items(split)}
- **Danh mục, tâm xã, bảng chuyển đổi:** PyPI `{PACKAGE}` {PACKAGE_VERSION} (giấy phép MIT,
  © 2025 Tran Ngoc Minh Hieu), tệp `data/dataset.db` và `data/converter_2025.json`; nguồn của
  gói: danh mục hành chính của Tổng cục Thống kê, sapnhap.bando.com.vn, tâm xã 2024 theo
  Google Geocoding. Xã mới "mặc định" của xã cũ bị chia là ước tính của gói
  (`isDefaultNewWard`, xã mới có tâm gần nhất); mỗi thôn ghi xã mới của mình ở cột
  `commune_code_2025` của `villages.csv`.

## Diện tích
- `communes.csv`: không danh mục nào có diện tích xã trước 01/7/2025; `area_km2` là diện tích
  đa giác tính trên mặt cầu (R = 6.371,0088 km, công thức d3/Turf), chỉ để tham khảo.
- `communes_2025.csv`: `area_km2` theo danh mục của gói (chỉ khi danh mục trống mới lấy từ
  đa giác). Khác đa giác hơn {AREA_GAP:.0%}, cần kiểm tra (danh mục hay đa giác có thể sai;
  xã cũ bị chia làm lệch cả hai xã mới):{_items(far)}

## Xã không có ranh giới
Bản đồ vẽ các xã này là một chấm tại tâm chính thức trong danh mục và ghi rõ điều đó.
- Trước 01/7/2025:{_items([old(c) for c in shapes.old_missing])}
- Từ 01/7/2025:{_items([new(c) for c in shapes.new_missing])}
- Xã từ 01/7/2025 có đa giác thiếu phần của xã cũ không có ranh giới:{_items(partial)}
- Đa giác năm 2013 trong địa bàn không ghép được với xã nào:{_items(shapes.unmatched)}
"""


def write_geo(area: Area, folder: Path) -> tuple[Area, geo.AreaGeo]:
    """Write the area's geo/ files; returns the area with polygon areas filled in."""
    shapes = geo.build(area)
    area = with_polygon_areas(area, shapes)
    folder.mkdir(exist_ok=True)
    note = f"{area.scope}: see SOURCE.md (vietnam63, MIT, dissolved into the official units)."
    old = [geo.feature(r["commune_code"], shapes.old[r["commune_code"]],
                       name=r["commune_name"], kind=r["kind"])
           for r in area.old if r["commune_code"] in shapes.old]
    new = [geo.feature(r["commune_code_2025"], shapes.new[r["commune_code_2025"]],
                       name=r["commune_name_2025"])
           for r in area.new if r["commune_code_2025"] in shapes.new]
    files = {config.BOUNDARY_FILES["2024"]: old, config.BOUNDARY_FILES["2025"]: new}
    if shapes.outline is not None:
        code = area.province.code
        files[config.OUTLINE_FILE] = [geo.feature(code, shapes.outline, name=area.scope)]
    for name, features in files.items():
        if features:
            (folder / name).write_bytes(geo.collection_bytes(name.split(".")[0], note, features))
    (folder / "SOURCE.md").write_text(source_text(area, shapes), encoding="utf-8")
    return area, shapes
