"""A file made by staff (CSV or .xlsx) -> checked rows of one table -> appended or upserted.

What staff really produce is accepted and made canonical before the schema checks
(antt.validation): Vietnamese headers, dd/mm/yyyy dates, `1.234` thousands, village and commune
names instead of codes, blank record ids (generated under the write lock), blank lines.
Every problem is reported (file, row, column, in Vietnamese); a file with any problem writes
nothing. The file's size is limited while it is read (antt.upload); its cells follow the one
cell policy of every write (antt.cells: no formula-like text, no hidden characters, strict codes).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from antt import upload, writer
from antt.cells import cell_problem, code_problem
from antt.csvio import HEADER_UNREADABLE, RawTable, decode_upload, parse_csv_text, sniff_delimiter
from antt.datecols import read_date_column
from antt.fmt import number, today_local
from antt.labels import model_choices, vocab_choices
from antt.locks import locked_problems
from antt.place_labels import PlaceNames
from antt.problems import Problem
from antt.schema import IMPORTABLE_TABLES, TABLES, Column, Table
from antt.templates import hint_row
from antt.upload import MAX_COLUMNS, MAX_FILE_BYTES  # noqa: F401  (the limits live there)
from antt.validation import MAX_PROBLEMS_PER_CHECK, Context, validate_table

# Extra header spellings met in staff spreadsheets (the column name and label always work).
_ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("mã", "id", "mã hoạt động", "mã vụ việc"),
    "village_code": ("thôn mã",),
    "model_id": ("mô hình",),
    "attendees": ("số người tham dự", "số lượt tham dự", "người tham dự", "số người"),
    "participants": ("số người tham gia", "số lượt tham gia", "người tham gia", "số người"),
    "topic": ("nội dung tuyên truyền", "chủ đề"),
    "format": ("hình thức tuyên truyền",),
    "households": ("số hộ", "hộ"),
    "people": ("số người", "nhân khẩu"),
    "members": ("thành viên",),
    "resolved": ("giải quyết", "đã giải quyết xong"),
}
# Columns that only help find a village code; they are not stored.
VILLAGE_NAME = "(tên thôn)"
COMMUNE = "(xã)"
_LOOKUP_ALIASES = {
    VILLAGE_NAME: (
        "tên thôn", "thôn", "thôn khối phố", "thôn bản", "thôn tổ dân phố", "tên thôn khối phố",
        "village name", "village",
    ),
    COMMUNE: (
        "xã", "tên xã", "mã xã", "xã thị trấn", "tên xã thị trấn", "commune", "commune code",
        "commune name",
    ),
}
_DEFAULT_ID_PREFIX = {
    "outreach": "TT-", "patrols": "TR-", "commitments": "CK-", "mediations": "HG-",
    "incidents": "VV-",
}
_FORMULA_START = ("=", "+", "@", "\t", "\r")
TEXT = Column("", "text", "")  # judges a number-column cell that starts like a formula
_CODE_SHAPE = re.compile(r"^\d{5}-\d{2}$")
_THOUSANDS = re.compile(r"^\d{1,3}([. \u00a0]\d{3})+$")


@dataclass
class ImportResult:
    """What an import found or did. `ok` when there is no problem."""

    table: str
    file_name: str
    sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    rows: pd.DataFrame | None = None  # preview: the rows as they would be stored
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    diff: pd.DataFrame | None = None  # upserts: one line per changed cell or new row
    audit: writer.AuditEntry | None = None  # set when the change was written
    notes: list[str] = field(default_factory=list)  # how dates and labels were read
    resolved: pd.DataFrame | None = None  # labels and names read as codes: one line each
    communes: tuple[str, ...] | None = None  # the editor's scope it was checked for
    today: dt.date | None = None
    data_signature: tuple = ()  # of the data files it was checked against
    new_rows: list[list[str]] = field(default_factory=list, repr=False)
    new_bytes: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def nothing_to_do(self) -> bool:
        return self.ok and self.added == 0 and self.changed == 0


# --- reading the file -------------------------------------------------------------------------


def read_upload(
    raw: bytes, file_name: str, table: Table | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """CSV or .xlsx bytes -> cells as text with the headers as written in the file.

    With `table`, a CSV whose header names none of its columns is refused before its rows are
    read (a letter or a report is “not this table”, whatever its commas)."""
    too_big = upload.size_problem(raw, file_name)
    if too_big is not None:
        return None, [too_big]
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return None, [Problem(file_name, None, None, "Tệp rỗng.")]
    if raw.startswith(b"PK\x03\x04"):
        return upload.read_xlsx(raw, file_name)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [
            Problem(file_name, None, None, "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở "
                    "bằng Excel và lưu lại dạng .xlsx hoặc “CSV UTF-8”.")
        ]
    text, problems = decode_upload(raw, file_name)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    skipped = next((i for i, line in enumerate(lines) if line.strip(" ,;\t")), len(lines))
    if skipped < len(lines):
        try:
            header = next(csv.reader([lines[skipped]], delimiter=sniff_delimiter(lines[skipped])))
        except csv.Error:  # a cell beyond the csv module's field limit (128 KiB)
            return None, [Problem(file_name, skipped + 1, None, HEADER_UNREADABLE)]
        too_big = upload.csv_shape_problem(text, header, skipped + 1, file_name)
        if too_big is not None:
            return None, [too_big]
    if table is not None and skipped < len(lines):
        aliases = header_aliases(table)
        if not any(header_key(h) in aliases for h in header):
            return None, [Problem(file_name, skipped + 1, None, NOT_THIS_TABLE.format(table.label))]
    parsed, problems = parse_csv_text("\n".join(lines[skipped:]), file_name)
    if parsed is None:
        return None, [
            Problem(p.file, p.row + skipped if p.row else p.row, p.column, p.message)
            for p in problems
        ]
    parsed.row_numbers = parsed.row_numbers + skipped
    parsed.extra_header_row = 1 + skipped  # type: ignore[attr-defined]
    return parsed, []


# --- headers ----------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """Header spelling that ignores case, tone marks, punctuation and spacing."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def header_aliases(table: Table) -> dict[str, str]:
    """header_key -> column name (schema columns, then the village/commune lookup columns)."""
    out: dict[str, str] = {}
    for col in table.columns:
        spellings = (col.name, col.label, *_ALIASES.get(col.name, ()))
        if col.name == table.date_column:
            spellings += ("ngày",)
        for spelling in spellings:
            out.setdefault(header_key(spelling), col.name)
    if "village_code" in table.column_names:
        for name, spellings in _LOOKUP_ALIASES.items():
            for spelling in spellings:
                out.setdefault(header_key(spelling), name)
    return out


def _map_headers(
    table: Table, raw: RawTable, file_name: str
) -> tuple[dict[str, str], list[Problem]]:
    """file header -> column name; problems for unknown or repeated columns."""
    aliases = header_aliases(table)
    header_row = getattr(raw, "extra_header_row", 1)
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    if len(raw.columns) > MAX_COLUMNS:
        return {}, [Problem(file_name, header_row, None, NOT_THIS_TABLE.format(table.label))]
    for header in raw.columns:
        name = aliases.get(header_key(header))
        if name is None:
            continue
        if name in mapping.values():
            first = next(h for h, n in mapping.items() if n == name)
            same = _label(table, name)
            problems.append(Problem(file_name, header_row, header,
                                    f"Cột “{header}” và cột “{first}” cùng là “{same}”."))
            continue
        mapping[header] = name
    if not mapping:
        return {}, [Problem(file_name, header_row, None, NOT_THIS_TABLE.format(table.label))]
    allowed = ", ".join(f"{c.name} ({c.label})" for c in table.columns)
    for header in raw.columns:
        if header not in mapping and not any(p.column == header for p in problems):
            problems.append(Problem(file_name, header_row, header,
                                    f"Cột “{header}” không thuộc bảng “{table.label}”. "
                                    f"Các cột dùng được: {allowed}."))
    return mapping, problems


NOT_THIS_TABLE = (
    "Dòng tiêu đề không có cột nào của bảng “{}”: tệp không phải bảng này. Hãy dùng tệp mẫu."
)


def _label(table: Table, name: str) -> str:
    if name == VILLAGE_NAME:
        return "Tên thôn"
    if name == COMMUNE:
        return "Xã"
    return table.column(name).label


# --- the stored data the file is checked against ------------------------------------------------


@dataclass
class Stored:
    tables: dict[str, pa.Table]
    ctx: Context
    villages: pd.DataFrame  # village_code, village_name, commune_code, commune_name
    communes: pd.DataFrame  # commune_code, commune_name, commune_code_2025
    places: PlaceNames  # village and commune labels of both unit sets

    @classmethod
    def load(cls, data_dir: Path, today: dt.date) -> tuple[Stored | None, list[Problem]]:
        tables, ctx, problems = writer.check_folder(data_dir, today=today)
        if problems:
            return None, problems
        communes = tables["communes"].select(
            ["commune_code", "commune_name", "commune_code_2025"]).to_pandas()
        villages = tables["villages"].select(
            ["village_code", "village_name", "commune_code"]).to_pandas()
        villages = villages.merge(communes[["commune_code", "commune_name"]], on="commune_code")
        return cls(tables, ctx, villages, communes, PlaceNames.from_tables(tables)), []


# --- cells -------------------------------------------------------------------------------------


class _Cells:
    """The file's cells by column name, the original text of changed cells, and problems."""

    def __init__(self, raw: RawTable, mapping: dict[str, str], file_name: str):
        self.file = file_name
        self.rows = raw.row_numbers
        self.values: dict[str, list[str]] = {
            name: raw.data.column(header).to_pylist() for header, name in mapping.items()
        }
        self.headers = {name: header for header, name in mapping.items()}
        self.original: dict[tuple[int, str], str] = {}
        self.problems: list[Problem] = []
        self.flagged: set[tuple[int, str]] = set()  # (row, column name) already reported
        self.notes: list[str] = []  # how the file was read, for the preview
        self.resolutions: Counter[tuple[str, str, str]] = Counter()  # (column, cell, meaning)

    def drop_blank_rows(self, hints: dict[str, str]) -> None:
        """Drop empty rows and the .xlsx template's explanation row (templates.hint_row)."""
        def is_hint(i: int) -> bool:
            return all(not col[i] or col[i] == hints.get(name)
                       for name, col in self.values.items())

        keep = [i for i in range(len(self.rows))
                if any(col[i] for col in self.values.values()) and not is_hint(i)]
        self.rows = self.rows[keep]
        self.values = {k: [v[i] for i in keep] for k, v in self.values.items()}

    def set(self, i: int, name: str, value: str) -> None:
        self.original.setdefault((int(self.rows[i]), name), self.values[name][i])
        self.values[name][i] = value

    def is_flagged(self, i: int, name: str) -> bool:
        return (int(self.rows[i]), name) in self.flagged

    def resolved(self, name: str, written: str, meaning: str) -> None:
        """Remember that a cell's label was read as `meaning` (shown in the preview)."""
        self.resolutions[(name, written, meaning)] += 1

    def problem(self, i: int, name: str, message: str) -> None:
        column = self.headers.get(name, name) if name in (VILLAGE_NAME, COMMUNE) else name
        lookup = name in (VILLAGE_NAME, COMMUNE)
        self.flagged.add((int(self.rows[i]), "village_code" if lookup else name))
        self.problems.append(Problem(self.file, int(self.rows[i]), column, message))

    def to_raw(self, table: Table) -> RawTable:
        names = [c.name for c in table.columns if c.name in self.values]
        data = pa.table({n: pa.array(self.values[n], pa.string()) for n in names})
        return RawTable(names, data, np.asarray(self.rows))


def _normalise(table: Table, cells: _Cells, stored: Stored) -> None:
    for col in table.columns:
        values = cells.values.get(col.name)
        if values is None:
            continue
        for i, value in enumerate(values):
            refused = cell_problem(col, value, code_shape=False)
            if refused is None and value.startswith(_FORMULA_START):  # "+5", "=1+1" as numbers
                refused = cell_problem(TEXT, value)
            if refused:
                cells.problem(i, col.name, refused)
            elif col.type == "int" and _THOUSANDS.match(value):
                cells.set(i, col.name, re.sub(r"[. \u00a0]", "", value))
        if col.type == "date":
            _normalise_dates(cells, col.name)
    _resolve_labels(table, cells, stored)
    if "village_code" in table.column_names:
        _resolve_villages(cells, stored)
    if "model_id" in cells.values:
        _resolve_models(cells, stored)
    _check_new_codes(table, cells)


def _check_new_codes(table: Table, cells: _Cells) -> None:
    """Codes a file brings in (record ids, model codes; not references, which must exist
    already) follow the strict code pattern: no lookalike second `MH001`."""
    for col in table.columns:
        if col.type != "code" or col.references or col.name not in cells.values:
            continue
        for i, value in enumerate(cells.values[col.name]):
            refused = None if cells.is_flagged(i, col.name) else code_problem(col, value)
            if refused:
                cells.problem(i, col.name, refused)


def _normalise_dates(cells: _Cells, name: str) -> None:
    """One reading (day- or month-first) for the whole column: antt.datecols."""
    usable = [v if (int(row), name) not in cells.flagged else ""
              for v, row in zip(cells.values[name], cells.rows, strict=True)]
    column = read_date_column(usable)
    for i, value in enumerate(column.values):
        if i in column.problems:
            cells.problem(i, name, column.problems[i])
        elif value != usable[i]:
            cells.set(i, name, value)
    if column.note:
        cells.notes.append(f"Cột “{cells.headers.get(name, name)}”: ngày {column.note}.")


def _resolve_labels(table: Table, cells: _Cells, stored: Stored) -> None:
    """Vietnamese labels (any case, with or without tone marks) -> vocab codes."""
    choices = vocab_choices(stored.tables["vocab"], table.name)
    for col in table.columns:
        values = cells.values.get(col.name)
        if not col.vocab or values is None or col.name not in choices:
            continue
        options = choices[col.name]
        for i, value in enumerate(values):
            if not value or value in options.codes or cells.is_flagged(i, col.name):
                continue
            code = options.resolve(value)
            if code is None:
                cells.problem(i, col.name, options.unknown_message(value))
            else:
                cells.set(i, col.name, code)
                cells.resolved(col.name, value, options.label_of[code])


def _resolve_models(cells: _Cells, stored: Stored) -> None:
    """A model cell may hold the model's name, looked up among the row's village's models."""
    models = stored.tables["models"]
    known = set(models.column("model_id").to_pylist())
    by_village = model_choices(models)
    villages = cells.values.get("village_code", [""] * len(cells.rows))
    for i, value in enumerate(cells.values["model_id"]):
        if not value or value in known or cells.is_flagged(i, "model_id"):
            continue
        options = by_village.get(villages[i])
        code = options.resolve(value) if options else None
        if code is not None:
            cells.set(i, "model_id", code)
            cells.resolved("model_id", value, f"{options.label_of[code]} ({code})")
        elif options is not None and " " in value:  # a name; a code-like value: see below
            near = options.nearest(value)
            hint = f" Có phải: {'; '.join(near)}?" if near else ""
            cells.problem(i, "model_id", f"Thôn này không có mô hình “{value}”.{hint}")
        # no model in that village, or an unknown code: the schema check names it


def _resolve_villages(cells: _Cells, stored: Stored) -> None:
    """Village labels (today's “Thôn X – Xã Y”, the old templates' label with the old commune,
    a bare name) and a commune column (old or new name or code) -> village codes
    (antt.place_labels)."""
    places = stored.places
    n = len(cells.rows)
    codes = cells.values.setdefault("village_code", [""] * n)
    names = cells.values.pop(VILLAGE_NAME, [""] * n)
    has_commune = COMMUNE in cells.values
    communes = cells.values.pop(COMMUNE, [""] * n)
    for i in range(n):
        commune = None
        if communes[i]:
            commune = places.commune(communes[i])
            if commune is None:
                cells.problem(i, COMMUNE, places.unknown_commune(communes[i]))
                continue
        code = codes[i]
        if code in places.villages:
            if commune is not None and code not in commune.villages:
                cells.problem(i, "village_code", f"Thôn “{code}” thuộc {places.where(code)}, "
                              f"không thuộc {commune.name}.")
            continue
        text, column = (code, "village_code") if code else (names[i], VILLAGE_NAME)
        if not text or (code and _CODE_SHAPE.match(code)):
            continue  # blank or an unknown code: the schema check names it
        found, message = places.find(text, commune, commune_column=has_commune)
        if found is None:
            cells.problem(i, column, message)
            continue
        cells.set(i, "village_code", found)
        cells.original[(int(cells.rows[i]), "village_code")] = text
        written = text if not commune else f"{text} ({communes[i]})"
        cells.resolved("village_code", written, f"{places.label[found]} (mã {found})")


def _resolutions_frame(table: Table, cells: _Cells) -> pd.DataFrame | None:
    if not cells.resolutions:
        return None
    rows = [{"Cột": table.column(name).label, "Trong tệp": written, "Hiểu là": meaning,
             "Số dòng": count}
            for (name, written, meaning), count in sorted(cells.resolutions.items())]
    return pd.DataFrame(rows)


def _fill_record_ids(table: Table, cells: _Cells, stored: Stored) -> None:
    """Give blank record ids the next numbers of the stored series (e.g. TT-000882)."""
    if "record_id" not in table.column_names:
        return
    n = len(cells.rows)
    ids = cells.values.setdefault("record_id", [""] * n)
    blanks = [i for i, v in enumerate(ids) if not v]
    if not blanks:
        return
    existing = stored.tables[table.name].column("record_id").to_pylist() + [v for v in ids if v]
    parts = [m.groups() for m in (re.match(r"^(.*?)(\d+)$", v) for v in existing) if m]
    if parts:
        prefix = Counter(p for p, _ in parts).most_common(1)[0][0]
        same = [d for p, d in parts if p == prefix]
        width, next_no = max(len(d) for d in same), max(int(d) for d in same) + 1
    else:
        prefix, width, next_no = _DEFAULT_ID_PREFIX.get(table.name, "R-"), 6, 1
    taken = set(existing)
    for i in blanks:
        while f"{prefix}{next_no:0{width}d}" in taken:
            next_no += 1
        ids[i] = f"{prefix}{next_no:0{width}d}"
        taken.add(ids[i])
        next_no += 1


# --- checks against the stored rows -------------------------------------------------------------


def _as_text_rows(typed: pa.Table, columns: list[str]) -> list[tuple[str, ...]]:
    lists = [typed.column(c).to_pylist() for c in columns]
    return [tuple(writer.cell_text(v) for v in row) for row in zip(*lists, strict=True)]


def _check_against_stored(
    table: Table, typed: pa.Table, stored: Stored, file_name: str, rows: np.ndarray
) -> list[Problem]:
    problems: list[Problem] = []
    if "record_id" not in table.column_names:
        return problems
    old = stored.tables[table.name]
    old_ids = set(old.column("record_id").to_pylist())
    new_ids = typed.column("record_id").to_pylist()
    for i, rid in enumerate(new_ids):
        if rid in old_ids:
            problems.append(Problem(file_name, int(rows[i]), "record_id",
                                    f"Mã bản ghi “{rid}” đã có trong dữ liệu đang lưu."))
    others = [c for c in table.column_names if c != "record_id"]
    seen = dict(zip(_as_text_rows(old, others), old.column("record_id").to_pylist(), strict=True))
    for i, row in enumerate(_as_text_rows(typed, others)):
        if row in seen and new_ids[i] not in old_ids:
            problems.append(Problem(file_name, int(rows[i]), None,
                                    f"Dòng này lặp lại bản ghi đã lưu “{seen[row]}” (giống mọi "
                                    "cột trừ Mã bản ghi)."))
    return problems


def allowed_communes(stored: Stored, communes: tuple[str, ...] | None) -> set[str] | None:
    """Old commune codes (before 2025) an editor may change. An editor's codes are new
    communes' codes, which cover their old communes, or old communes' codes that no new
    commune took (antt.ui.editor_admin offers just these): where a code is both (06325), the
    new commune is meant, and it holds the old one of that code anyway. Checked on village
    codes, after labels are read, so the label a file used never matters."""
    if not communes:
        return None
    frame = stored.communes
    wanted = set(communes)
    return set(frame.loc[frame["commune_code"].isin(wanted)
                         | frame["commune_code_2025"].isin(wanted), "commune_code"])


def _check_communes(
    typed: pa.Table, stored: Stored, communes: tuple[str, ...], file_name: str,
    rows: np.ndarray, extra_codes: list[str | None] | None = None,
) -> list[Problem]:
    """Rows whose village (or, for an upsert, the stored row's village) lies outside the
    editor's communes; said with today's commune names."""
    allowed = allowed_communes(stored, communes) or set()
    places = stored.places
    listed = ", ".join(places.scope_names(communes))
    problems = []
    codes = typed.column("village_code").to_pylist()
    for i, code in enumerate(codes):
        for village in (code, (extra_codes or [None] * len(codes))[i]):
            if village and (village not in places.villages
                            or places.villages[village].commune not in allowed):
                where = places.where(village) if village in places.villages else "?"
                problems.append(Problem(
                    file_name, int(rows[i]), "village_code",
                    f"Thôn “{village}” thuộc {where}: bạn chỉ được nhập dữ liệu của {listed}."))
                break
    return problems


# --- upserts --------------------------------------------------------------------------------------


def _upsert(table: Table, typed: pa.Table, path: Path, result: ImportResult) -> list[str | None]:
    """Merge rows by key into the stored file; fills result diff/counts/new_bytes.
    Returns the stored village of each incoming row (None when new)."""
    stored = writer.CsvFile.read(path)
    header = stored.header
    key_idx = [header.index(k) for k in table.key]
    position = {tuple(r[j] for j in key_idx): n for n, r in enumerate(stored.rows)}
    incoming = _as_text_rows(typed, header)
    old_villages: list[str | None] = []
    diff = []
    for row in incoming:
        key = tuple(row[j] for j in key_idx)
        key_text = " / ".join(key)
        if key not in position:
            stored.rows.append(list(row))
            position[key] = len(stored.rows) - 1
            result.added += 1
            old_villages.append(None)
            diff.append({"Khóa": key_text, "Thay đổi": "Thêm mới", "Cột": "", "Trước": "",
                         "Sau": "; ".join(f"{table.column(h).label}: {v}"
                                          for h, v in zip(header, row, strict=True) if v)})
            continue
        before = stored.rows[position[key]]
        before = before + [""] * (len(header) - len(before))
        old_villages.append(before[header.index("village_code")])
        changes = [(h, b, a) for h, b, a in zip(header, before, row, strict=True) if b != a]
        if not changes:
            result.unchanged += 1
            continue
        result.changed += 1
        stored.rows[position[key]] = list(row)
        for h, b, a in changes:
            diff.append({"Khóa": key_text, "Thay đổi": "Cập nhật",
                         "Cột": table.column(h).label, "Trước": b, "Sau": a})
    result.diff = pd.DataFrame(diff, columns=["Khóa", "Thay đổi", "Cột", "Trước", "Sau"])
    result.new_bytes = stored.to_bytes()
    return old_villages


def data_signature(data_dir: Path) -> tuple:
    """Size, time and inode of every table file: a check made against the same signature
    holds (every write replaces a file with a new inode)."""
    out = []
    for table in TABLES.values():
        try:
            st = (data_dir / table.file).stat()
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def _check_repeated_rows(table: Table, cells: _Cells) -> None:
    """Rows without a record id that repeat another row in every column are refused: the same
    activity typed twice (a million copies of one row, issue 15). Rows with their own,
    different record ids are distinct records by the staff's word."""
    if "record_id" not in table.column_names:
        return  # the other tables' keys cover every row: the key check names repeats
    ids = cells.values.get("record_id", [""] * len(cells.rows))
    names = [c.name for c in table.columns if c.name != "record_id" and c.name in cells.values]
    first: dict[tuple, int] = {}
    reported = extra = 0
    label = " (trừ Mã bản ghi)" if "record_id" in cells.values else ""
    for i, key in enumerate(zip(*(cells.values[n] for n in names), strict=True)):
        if ids[i]:
            continue
        j = first.setdefault(key, i)
        if j == i:
            continue
        if reported >= MAX_PROBLEMS_PER_CHECK:
            extra += 1
            continue
        reported += 1
        cells.problems.append(Problem(
            cells.file, int(cells.rows[i]), None,
            f"Dòng này giống hệt dòng {int(cells.rows[j])} ở mọi cột{label}: một hoạt động "
            "chỉ ghi một lần. Nếu là hai lần khác nhau, hãy ghi rõ chỗ khác nhau."))
    if extra:
        cells.problems.append(Problem(cells.file, None, None,
                                      f"Còn {number(extra)} dòng khác lặp lại như trên."))


# --- the whole import ----------------------------------------------------------------------------


def _sort_key(table: Table, problem: Problem) -> tuple:
    order = {c.name: n for n, c in enumerate(table.columns)}
    row = problem.row if problem.row is not None else 10**9  # “… more rows” lines come last
    return (row, order.get(problem.column or "", -1))


def _restore_originals(problems: list[Problem], cells: _Cells) -> list[Problem]:
    """Schema messages quote the canonical value; show the cell as the file wrote it."""
    out = []
    for p in problems:
        original = cells.original.get((p.row, p.column)) if p.row else None
        if original is not None:
            i = int(np.flatnonzero(cells.rows == p.row)[0])
            value = cells.values[p.column][i]
            p = Problem(p.file, p.row, p.column, p.message.replace(f"“{value}”", f"“{original}”"))
        out.append(p)
    return out


def prepare_import(
    table_name: str,
    raw: bytes,
    file_name: str,
    data_dir: Path,
    *,
    communes: tuple[str, ...] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Read and check a file against the stored data; nothing is written (a dry run)."""
    today = today or today_local()
    result = ImportResult(table_name, file_name, writer.sha256_bytes(raw), communes=communes,
                          today=today, data_signature=data_signature(Path(data_dir)))
    if table_name not in IMPORTABLE_TABLES:
        result.problems = [Problem(file_name, None, None, f"Bảng “{table_name}” không nhập được "
                                   f"từ tệp. Chọn một trong: {', '.join(IMPORTABLE_TABLES)}.")]
        return result
    table = TABLES[table_name]
    parsed, problems = read_upload(raw, file_name, table)
    if parsed is None:
        result.problems = problems
        return result
    mapping, problems = _map_headers(table, parsed, file_name)
    if not mapping:
        result.problems = problems
        return result
    cells = _Cells(parsed, mapping, file_name)
    cells.drop_blank_rows(dict(zip(table.column_names, hint_row(table), strict=True)))
    if not len(cells.rows):
        result.problems = problems + [
            Problem(file_name, None, None, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")]
        return result
    stored, stored_problems = Stored.load(Path(data_dir), today)
    if stored is None:
        result.problems = [Problem(file_name, None, None, "Dữ liệu đang lưu có lỗi, chưa thể nhập "
                                   "thêm. Hãy sửa các lỗi sau trước:")] + stored_problems
        return result
    _normalise(table, cells, stored)
    result.notes = cells.notes
    result.resolved = _resolutions_frame(table, cells)
    _check_repeated_rows(table, cells)
    _fill_record_ids(table, cells, stored)
    typed, found = validate_table(table, cells.to_raw(table), stored.ctx, file_name)
    problems += cells.problems + [p for p in _restore_originals(found, cells)
                                  if (p.row, p.column) not in cells.flagged]
    if typed is not None and not problems:
        path = Path(data_dir) / table.file
        old_villages = None
        if table.kind == "upsert":
            old_villages = _upsert(table, typed, path, result)
        else:
            problems += _check_against_stored(table, typed, stored, file_name, cells.rows)
            result.new_rows = _as_text_rows(typed, writer.CsvFile.read(path).header)
            result.added = typed.num_rows
            # approved unit-periods refuse new rows already in the preview (antt/locks.py)
            problems += locked_problems(table.name, path.read_bytes(),
                                        writer.appended_bytes(path, result.new_rows),
                                        stored.tables, "append", file_name)
        if communes:
            problems += _check_communes(typed, stored, communes, file_name, cells.rows,
                                        old_villages)
        result.rows = typed.to_pandas().rename(
            columns={c.name: c.label for c in table.columns})
    result.problems = sorted(problems, key=lambda p: _sort_key(table, p))
    if result.problems:
        result.added = result.changed = result.unchanged = 0
    return result


def import_file(
    table_name: str,
    raw: bytes,
    file_name: str,
    data_dir: Path,
    *,
    user: str,
    communes: tuple[str, ...] | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    prepared: ImportResult | None = None,
) -> ImportResult:
    """Check a file, then (unless dry_run) append or upsert its rows, all or nothing.

    The check runs without the lock (bad files never wait for it), or is `prepared` (the page's
    check of the same file). Under the lock it runs again only when the data files changed
    since: record ids are generated and the file compared with the data as it is now.
    """
    fits = (prepared is not None and prepared.table == table_name
            and prepared.sha256 == writer.sha256_bytes(raw) and prepared.communes == communes
            and prepared.today == (today or today_local()))
    result = prepared if fits else prepare_import(table_name, raw, file_name, data_dir,
                                                   communes=communes, today=today)
    if dry_run or not result.ok or result.nothing_to_do:
        return result
    try:
        with writer.data_lock(data_dir):
            if result.data_signature != data_signature(Path(data_dir)):
                result = prepare_import(table_name, raw, file_name, data_dir, communes=communes,
                                        today=today)
            if not result.ok or result.nothing_to_do:
                return result
            path = Path(data_dir) / TABLES[table_name].file
            if TABLES[table_name].kind == "upsert":
                new_bytes, action = result.new_bytes, "upsert"
            else:
                new_bytes, action = writer.appended_bytes(path, result.new_rows), "append"
            result.audit = writer.apply_change(
                data_dir, table_name, new_bytes, user=user, action=action, file_name=file_name,
                source_sha256=result.sha256, added=result.added, changed=result.changed,
                today=today,
            )
    except writer.WriteError as exc:
        result.problems = exc.problems
        result.audit = None
    return result


def scope_problems(
    data_dir: Path, village_codes: list[str], communes: tuple[str, ...] | None
) -> list[Problem]:
    """For a single-record edit: problems when a village lies outside the editor's communes."""
    if not communes:
        return []
    stored, problems = Stored.load(Path(data_dir), today_local())
    if stored is None:
        return problems
    codes = [c for c in village_codes if c]
    typed = pa.table({"village_code": pa.array(codes, pa.string())})
    found = _check_communes(typed, stored, communes, "", np.zeros(len(codes), dtype=int))
    return [Problem("Bản ghi", None, p.column, p.message) for p in found]
