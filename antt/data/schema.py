"""The tables: which CSV file each lives in, its columns and their types, keys and links.

This is the single description of the data model. The loader, the validator, the import
templates and data/README.md all follow it; nothing else declares columns.

Glossary (one English identifier per Vietnamese domain word):
thôn/khối phố = village, xã/thị trấn = commune, huyện = district, mô hình = model,
tuyên truyền = outreach, tuần tra = patrol, cam kết = commitment, hòa giải = mediation,
vụ việc = incident, tôn giáo = religion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ColumnType = Literal["code", "text", "int", "float", "date", "bool"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    label: str  # Vietnamese header, used in messages, templates and exports
    required: bool = True
    vocab: bool = False  # value must be listed in vocab.csv for (table, column)
    references: str | None = None  # "table.column" this value must exist in
    help: str = ""  # Vietnamese explanation for import templates


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    date_column: str | None = None  # the date an activity row is counted on
    kind: Literal["reference", "activity", "incident", "upsert", "report", "followup"] = "reference"
    extra: dict = field(default_factory=dict)
    # A missing file reads as a table with no rows (reports.csv: a folder made before the
    # reporting table existed still loads; its first report creates the file).
    optional_file: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: ColumnType, label: str, **kw) -> Column:
    return Column(name, type_, label, **kw)


VOCAB = Table(
    "vocab",
    "Danh mục giá trị",
    (
        _c("table", "code", "Bảng"),
        _c("column", "code", "Cột"),
        _c("value", "text", "Giá trị"),
        _c("label", "text", "Nhãn hiển thị"),
    ),
    key=("table", "column", "value"),
)

COMMUNES_2025 = Table(
    "communes_2025",
    "Xã (từ 01/7/2025)",
    (
        _c("commune_code_2025", "code", "Mã xã 2025"),
        _c("commune_name_2025", "text", "Tên xã 2025"),
        _c("lat", "float", "Vĩ độ", required=False),
        _c("lon", "float", "Kinh độ", required=False),
        _c("area_km2", "float", "Diện tích (km²)", required=False),
        # From `python -m antt area init` (the official list); the bundled folder has them too.
        _c("kind", "text", "Loại", required=False, help="xã, phường hoặc đặc khu"),
        _c("province_code", "code", "Mã tỉnh", required=False),
        _c("province_name", "text", "Tên tỉnh", required=False),
    ),
    key=("commune_code_2025",),
)

COMMUNES = Table(
    "communes",
    "Xã, thị trấn (trước 01/7/2025)",
    (
        _c("commune_code", "code", "Mã xã"),
        _c("commune_name", "text", "Tên xã"),
        _c("kind", "text", "Loại", vocab=True),
        _c("district_code", "code", "Mã huyện"),
        _c("district_name", "text", "Tên huyện"),
        _c("province_code", "code", "Mã tỉnh"),
        _c("province_name", "text", "Tên tỉnh"),
        _c("lat", "float", "Vĩ độ", required=False),
        _c("lon", "float", "Kinh độ", required=False),
        _c("area_km2", "float", "Diện tích (km²)", required=False),
        _c("commune_code_2025", "code", "Mã xã 2025", references="communes_2025.commune_code_2025"),
    ),
    key=("commune_code",),
)

# The official crosswalk, one row per (old commune, 2025 commune) link. Most old communes went
# whole into one new commune (one row, is_default); a split one has a row per new commune and
# its default is an estimate (vietnamadminunits' isDefaultNewWard). Written by `area init`; a
# folder without the file reads every communes.commune_code_2025 as the only link.
COMMUNE_LINKS = Table(
    "commune_links",
    "Xã cũ → xã mới (bảng chuyển đổi 01/7/2025)",
    (
        _c("commune_code", "code", "Mã xã", references="communes.commune_code"),
        _c("commune_code_2025", "code", "Mã xã 2025",
           references="communes_2025.commune_code_2025"),
        _c("is_default", "bool", "Mặc định", help="có: xã mới mặc định của xã cũ"),
    ),
    key=("commune_code", "commune_code_2025"),
    optional_file=True,
)

VILLAGES = Table(
    "villages",
    "Thôn, khối phố",
    (
        _c("village_code", "code", "Mã thôn"),
        _c("village_name", "text", "Tên thôn"),
        _c("commune_code", "code", "Mã xã", references="communes.commune_code"),
        _c("kind", "text", "Loại", vocab=True),
        _c("lat", "float", "Vĩ độ", required=False),
        _c("lon", "float", "Kinh độ", required=False),
        _c("households", "int", "Số hộ"),
        _c("population", "int", "Số nhân khẩu"),
        # An old commune split between two 2025 communes: the village says which one it went
        # to. Empty = the commune's own `communes.commune_code_2025` (every other village).
        _c("commune_code_2025", "code", "Mã xã 2025", required=False,
           references="communes_2025.commune_code_2025",
           help="Để trống nếu xã cũ không bị chia cho nhiều xã mới"),
    ),
    key=("village_code",),
)

RELIGION = Table(
    "religion",
    "Tôn giáo (số hộ, nhân khẩu theo thôn)",
    (
        _c("year", "int", "Năm"),
        _c("village_code", "code", "Mã thôn", references="villages.village_code"),
        _c("religion", "text", "Tôn giáo", vocab=True),
        _c("households", "int", "Số hộ"),
        _c("people", "int", "Số nhân khẩu"),
    ),
    key=("year", "village_code", "religion"),
    kind="upsert",
)

MODELS = Table(
    "models",
    "Mô hình tự quản",
    (
        _c("model_id", "code", "Mã mô hình"),
        _c("model_name", "text", "Tên mô hình"),
        _c("model_type", "text", "Loại mô hình", vocab=True),
        _c("village_code", "code", "Mã thôn", references="villages.village_code"),
        _c("established_on", "date", "Ngày thành lập"),
        _c("ended_on", "date", "Ngày kết thúc", required=False, help="Để trống nếu còn hoạt động"),
        _c("members", "int", "Số thành viên"),
    ),
    key=("model_id",),
    kind="upsert",
)


def _activity_columns(date_name: str, date_label: str, *rest: Column) -> tuple[Column, ...]:
    return (
        _c("record_id", "code", "Mã bản ghi"),
        _c(date_name, "date", date_label),
        _c("village_code", "code", "Mã thôn", references="villages.village_code"),
        _c(
            "model_id",
            "code",
            "Mã mô hình",
            required=False,
            references="models.model_id",
            help="Để trống nếu không phải hoạt động của mô hình",
        ),
        *rest,
    )


OUTREACH = Table(
    "outreach",
    "Tuyên truyền",
    _activity_columns(
        "held_on",
        "Ngày tổ chức",
        _c("topic", "text", "Nội dung", vocab=True),
        _c("format", "text", "Hình thức", vocab=True),
        _c("attendees", "int", "Số lượt người tham dự"),
    ),
    key=("record_id",),
    date_column="held_on",
    kind="activity",
)

PATROLS = Table(
    "patrols",
    "Tuần tra",
    _activity_columns(
        "held_on",
        "Ngày tuần tra",
        _c("occasion", "text", "Dịp", vocab=True),
        _c("participants", "int", "Số lượt người tham gia"),
    ),
    key=("record_id",),
    date_column="held_on",
    kind="activity",
)

COMMITMENTS = Table(
    "commitments",
    "Ký cam kết",
    _activity_columns(
        "signed_on",
        "Ngày ký",
        _c("commitment_type", "text", "Loại cam kết", vocab=True),
        _c("households", "int", "Số hộ ký"),
    ),
    key=("record_id",),
    date_column="signed_on",
    kind="activity",
)

MEDIATIONS = Table(
    "mediations",
    "Hòa giải",
    _activity_columns(
        "held_on",
        "Ngày hòa giải",
        _c("dispute_type", "text", "Loại mâu thuẫn", vocab=True),
        _c("outcome", "text", "Kết quả", vocab=True),
    ),
    key=("record_id",),
    date_column="held_on",
    kind="activity",
)

INCIDENTS = Table(
    "incidents",
    "Vụ việc về ANTT",
    (
        _c("record_id", "code", "Mã bản ghi"),
        _c("occurred_on", "date", "Ngày xảy ra"),
        _c("village_code", "code", "Mã thôn", references="villages.village_code"),
        _c("category", "text", "Loại vụ việc", vocab=True),
        _c("field", "text", "Lĩnh vực", vocab=True),
        _c("resolved", "bool", "Đã giải quyết", help="có / không"),
    ),
    key=("record_id",),
    date_column="occurred_on",
    kind="incident",
)

# One row per event of a unit's monthly report (DHIS2's "complete registration" and "data
# approval" as data): nộp (submitted), trả lại (sent back), duyệt (approved), mở khóa
# (reopened). The current state of a unit-period is its last event (antt/data/report_rules.py).
REPORTS = Table(
    "reports",
    "Báo cáo định kỳ (nộp, duyệt)",
    (
        _c("record_id", "code", "Mã bản ghi"),
        _c("unit_code", "code", "Mã xã",
           help="Mã xã theo bộ đơn vị của kỳ: xã, thị trấn cũ đến kỳ 2025-06, xã mới từ kỳ "
                "2025-07"),
        _c("period", "code", "Kỳ báo cáo",
           help="Tháng báo cáo theo NĐ 09/2019, dạng YYYY-MM: 2024-10 là 15/09–14/10/2024"),
        _c("status", "text", "Trạng thái", vocab=True),
        _c("done_on", "date", "Ngày thực hiện"),
        _c("user", "text", "Người thực hiện"),
        _c("note", "text", "Ghi chú", required=False,
           help="Lý do trả lại hoặc mở khóa; ghi chú khi nộp"),
    ),
    key=("record_id",),
    kind="report",
    optional_file=True,
)

# The committee's entered criteria of the yearly "An toàn về an ninh, trật tự" recognition
# (TT 124/2021/TT-BCA; criteria and their citations in data/recognition.toml): one row per year,
# unit and criterion, replaced when entered again (antt/recognition/entries.py). `unit_code` is
# a village code for a thôn criterion and a commune code of the year's unit set (2024 units up
# to 2024, 2025 units from 2025) for a xã criterion; the entry code checks it, not the loader.
RECOGNITION_ENTRIES = Table(
    "recognition_entries",
    "Tiêu chí công nhận An toàn về ANTT (nhập)",
    (
        _c("year", "int", "Năm"),
        _c("unit_code", "code", "Mã thôn hoặc xã",
           help="Mã thôn (tiêu chí cấp thôn) hoặc mã xã theo bộ đơn vị của năm"),
        _c("criterion", "code", "Mã tiêu chí", help="Mã trong data/recognition.toml"),
        _c("met", "bool", "Đạt", help="có / không"),
        _c("document", "text", "Số, ngày văn bản", required=False,
           help="Nghị quyết chi bộ, bản đăng ký, quyết định…"),
        _c("note", "text", "Ghi chú", required=False),
        _c("entered_on", "date", "Ngày nhập"),
        _c("user", "text", "Người nhập"),
    ),
    key=("year", "unit_code", "criterion"),
    kind="upsert",
    optional_file=True,
)

# One row per follow-up event of a data-quality flag (DHIS2's "follow-up" mark as data):
# theo dõi (marked), bỏ theo dõi (unmarked), xác nhận đúng (the flag is cleared: the figure was
# checked and is right). A flag's state is its last event (antt/quality/marks.py).
QUALITY_MARKS = Table(
    "quality_marks",
    "Theo dõi chất lượng số liệu",
    (
        _c("record_id", "code", "Mã bản ghi"),
        _c("flag", "text", "Mã cảnh báo",
           help="Mã quy tắc và bản ghi, ví dụ TT-DAN-SO:TT-000123"),
        _c("status", "text", "Trạng thái", vocab=True),
        _c("done_on", "date", "Ngày thực hiện"),
        _c("user", "text", "Người thực hiện"),
        _c("note", "text", "Ghi chú", required=False,
           help="Ghi chú khi theo dõi; lý do khi bỏ theo dõi hay xác nhận đúng"),
    ),
    key=("record_id",),
    kind="followup",
    optional_file=True,
)

# Load order matters: a table only references tables listed before it.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        VOCAB,
        COMMUNES_2025,
        COMMUNES,
        COMMUNE_LINKS,
        VILLAGES,
        RELIGION,
        MODELS,
        OUTREACH,
        PATROLS,
        COMMITMENTS,
        MEDIATIONS,
        INCIDENTS,
        REPORTS,
        RECOGNITION_ENTRIES,
        QUALITY_MARKS,
    )
}

ACTIVITY_TABLES = ("outreach", "patrols", "commitments", "mediations")
IMPORTABLE_TABLES = (
    "outreach", "patrols", "commitments", "mediations", "incidents", "models", "religion",
)

# The first date the app accepts and the changeover of the administrative units.
EARLIEST_DATE = "2000-01-01"
UNIT_SET_CHANGE = "2025-07-01"


def unit_set_on(day: date) -> str:
    """The unit set in force on a day: the new xã from 01/7/2025 (Nghị quyết 1672)."""
    return "2025" if day.isoformat() >= UNIT_SET_CHANGE else "2024"


def header_bytes(table: Table) -> bytes:
    """The file of a table with no rows: its header line."""
    return (",".join(table.column_names) + "\n").encode("utf-8")
