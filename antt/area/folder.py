"""Writing a new data folder for an area: both unit sets and the crosswalk from the official
lists (antt.area.units), every table of the schema (activity tables empty, with their header),
the default vocabulary, reporting rules, a notice profile with blanks for the committee's own
documents, and geo/: the communes' polygons and SOURCE.md (antt.area.geo_files).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from antt import config
from antt.area.geo_files import write_geo
from antt.area.units import ISLAND_KIND, Area
from antt.data.schema import TABLES, Table, header_bytes

BUNDLED = config.REPO_DIR / "data"
# Kinds the bundled vocabulary (a district of xã and one thị trấn) does not list.
EXTRA_KINDS = {"phường": "Phường", ISLAND_KIND: "Huyện (không có xã)"}


class FolderError(Exception):
    """The folder cannot be written (not empty, not writable): the message is Vietnamese."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return unicodedata.normalize("NFC", str(value))


def table_bytes(table: Table, rows: list[dict] | tuple[dict, ...]) -> bytes:
    """A table's CSV (schema order, LF, UTF-8 without BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in table.column_names])
    return out.getvalue().encode("utf-8")


def vocab_bytes(area: Area) -> bytes:
    """The bundled vocabulary, plus the unit kinds of this area that it lacks."""
    text = (BUNDLED / "vocab.csv").read_text(encoding="utf-8")
    have = {tuple(line.split(",")[:3]) for line in text.splitlines()}
    for kind in sorted({r["kind"] for r in area.old}):
        if ("communes", "kind", kind) not in have:
            text += f"communes,kind,{kind},{EXTRA_KINDS.get(kind, kind.capitalize())}\n"
    return text.encode("utf-8")


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _section(name: str, values: dict[str, str], note: str = "") -> str:
    lines = [f"[{name}]" + (f"  # {note}" if note else "")]
    lines += [f"{key} = {_toml(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


# The committee's own documents and signer are blanks: "…" is printed for hand filling and the
# notice page asks for them (antt.notice.dates); the signer is typed on the page.
def _documents(police: str) -> dict[str, str]:
    return {"nguoi_ky": "",
            "bao_cao_co_so": f"Báo cáo số …/BC-{police}, ngày … của Công an {{don_vi}}",
            "qd_thanh_vien_bcd": "Quyết định số …/QĐ-UBND, ngày … của UBND {cap_don_vi}"}


# The police as issuer ([cong_an_<level>], antt.notice.issuer): the symbol in the number, the
# receiving department of the superior police, and the plan acted on, with blanks.
def _police(symbol: str, department: str) -> dict[str, str]:
    return {"nguoi_ky": "", "ky_hieu": symbol, "don_vi_soan_thao": symbol,
            "phong_nhan_bao_cao": department,
            "van_ban_chi_dao": "Kế hoạch số …/KH-…, ngày … của {cong_an_cap_tren} về xây dựng "
                               "phong trào Toàn dân bảo vệ ANTQ"}


LEVEL = {
    "ten_bcd": "Ban Chỉ đạo 138",
    "ten_bcd_viet_tat": "BCĐ 138",
    "dac_diem_vi_tri": "{cap_don_vi} của {thuoc}",
    "dac_diem_dia_hinh": "địa hình …",
    "cac_dan_toc": "…",
    "van_ban_chi_dao": (
        "Kết luận số 44-KL/TW, ngày 22/10/2019 của Ban Bí thư Trung ương Đảng về “tiếp tục đẩy "
        "mạnh thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư khóa XI về tăng cường sự lãnh đạo của "
        "Đảng đối với Phong trào toàn dân bảo vệ an ninh Tổ quốc (ANTQ) trong tình hình mới”"),
}


def profile_text(area: Area) -> str:
    """notice_profile.toml for the area: [huyen], [xa], [tinh] when the folder is a whole 2025
    province, and one [xa_2025."code"] per 2025 commune; the committee's documents are blanks
    (“…”) and the signer empty; model names, commitment phrases and sentences as in the bundled
    profile (general wording, no place)."""
    bundled = (BUNDLED / "notice_profile.toml").read_text(encoding="utf-8")
    common = bundled[bundled.index("\n[mo_hinh.") + 1:bundled.index("\n[huyen]\n") + 1]
    rest = bundled[bundled.index("\n[cam_ket]\n") + 1:]
    head = (
        "# Hồ sơ đơn vị cho THÔNG BÁO, viết bởi `python -m antt area init` cho "
        f"{area.scope}.\n"
        "# “…” là chỗ trống để điền (số, ngày của báo cáo làm căn cứ, quyết định kiện toàn Ban\n"
        "# Chỉ đạo; địa hình, các dân tộc): thông báo in “…” và trang Thông báo nhắc điền. Người\n"
        "# ký nhập trên trang. Không ghi số liệu ở đây. Các mục: data/notice_profile.toml.\n\n"
    )
    parts = [head, common]
    parts.append(_section("huyen", {**LEVEL, **_documents("CAH"), "don_vi_soan_thao": "CAH",
                                    "phong_nhan_bao_cao": "PV01"}, "trước 01/7/2025"))
    parts.append(_section("xa", {**LEVEL, **_documents("CAX"), "don_vi_soan_thao": "CAX",
                                 "phong_nhan_bao_cao": "PV01"}))
    parts.append(_section("cong_an_huyen", _police("CAH", "PV05"), "đến 28/02/2025"))
    parts.append(_section("cong_an_xa", _police("CAX", "PV05")))
    if area.whole_province:
        parts.append(_section("cong_an_tinh", {**_police("CAT", "V05"),
                                               "don_vi_soan_thao": "PV05"}, area.province.name))
        parts.append(_section("tinh", {**LEVEL, **_documents("CAT"), "dac_diem_vi_tri": "…",
                                       "don_vi_soan_thao": "CAT", "phong_nhan_bao_cao": "V05"},
                              area.province.name))
    for row in area.new:
        parts.append(_section(f'xa_2025."{row["commune_code_2025"]}"', _documents("CAX"),
                              row["commune_name_2025"]))
        parts.append(_section(f'cong_an_xa_2025."{row["commune_code_2025"]}"', {"nguoi_ky": ""},
                              f'Công an {row["commune_name_2025"]}'))
    parts.append(rest)
    return "\n".join(parts)


def reporting_text() -> str:
    return ("# Theo dõi tiến độ báo cáo (xem data/reporting.toml của bản mẫu).\n"
            "# thang_bat_dau: kỳ đầu tiên mọi xã phải nộp, dạng \"YYYY-MM\"; bỏ trống: chưa theo"
            " dõi.\n\n[bao_cao]\nhan_nop_sau_ky_ngay = 3\n")


def write_folder(area: Area, out: Path, *, force: bool = False) -> dict[str, int]:
    """Write the data folder; returns the rows written per table (and the polygons per unit
    set: `polygons_2024`, `polygons_2025`). Refuses a folder that already
    holds data files unless `force` (nothing is overwritten by surprise)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not force:
        raise FolderError(f"Thư mục {out} đã có tệp: chọn thư mục mới (hoặc thêm --force để "
                          "ghi đè).")
    out.mkdir(parents=True, exist_ok=True)
    # Polygons first: the 2024 areas in communes.csv are the polygons' (no list has them).
    area, shapes = write_geo(area, out / "geo")
    rows = {"communes": area.old, "communes_2025": area.new, "commune_links": area.links}
    counts = {}
    for name, table in TABLES.items():
        if name == "vocab":
            (out / table.file).write_bytes(vocab_bytes(area))
            continue
        data = rows.get(name, ())
        (out / table.file).write_bytes(table_bytes(table, data) if data else header_bytes(table))
        counts[name] = len(data)
    (out / "reporting.toml").write_text(reporting_text(), encoding="utf-8")
    (out / "notice_profile.toml").write_text(profile_text(area), encoding="utf-8")
    counts["polygons_2024"], counts["polygons_2025"] = len(shapes.old), len(shapes.new)
    return counts
