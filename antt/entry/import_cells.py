"""A file's cells made canonical before the schema checks (antt.data.validation).

`1.234` thousands, dd/mm/yyyy or month-first dates (one reading per column), formula-like
text refused, new codes in the strict pattern, blank record ids numbered on from the stored
series, rows typed twice refused. Every change keeps the cell as the file wrote it, so
messages quote the file, and every problem names its row and column.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa

from antt.data.cells import cell_problem, code_problem
from antt.data.csvio import RawTable
from antt.data.datecols import read_date_column
from antt.data.schema import Column, Table
from antt.data.validation import MAX_PROBLEMS_PER_CHECK
from antt.entry.import_read import COMMUNE, VILLAGE_NAME
from antt.entry.import_stored import Stored
from antt.problems import Problem
from antt.text.fmt import number

_DEFAULT_ID_PREFIX = {
    "outreach": "TT-", "patrols": "TR-", "commitments": "CK-", "mediations": "HG-",
    "incidents": "VV-",
}
_FORMULA_START = ("=", "+", "@", "\t", "\r")
TEXT = Column("", "text", "")  # judges a number-column cell that starts like a formula
_THOUSANDS = re.compile(r"^\d{1,3}([. \u00a0]\d{3})+$")
# 1,250 in a whole-number column: groups of three digits after a comma can only be thousands
# (English-locale software writes them so); read, and said in the summary.
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


class Cells:
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


def normalise_cells(table: Table, cells: Cells) -> None:
    """Numbers and dates as the schema reads them; cells the cell policy refuses reported."""
    for col in table.columns:
        values = cells.values.get(col.name)
        if values is None:
            continue
        commas = []
        for i, value in enumerate(values):
            refused = cell_problem(col, value, code_shape=False)
            if refused is None and value.startswith(_FORMULA_START):  # "+5", "=1+1" as numbers
                refused = cell_problem(TEXT, value)
            if refused:
                cells.problem(i, col.name, refused)
            elif col.type == "int" and _THOUSANDS.match(value):
                cells.set(i, col.name, re.sub(r"[. \u00a0]", "", value))
            elif col.type == "int" and _COMMA_THOUSANDS.match(value):
                commas.append(value)
                cells.set(i, col.name, value.replace(",", ""))
        if commas:
            cells.notes.append(
                f"Cột “{cells.headers.get(col.name, col.name)}”: “{commas[0]}” được đọc là "
                f"{number(int(commas[0].replace(',', '')))} (dấu phẩy ngăn hàng nghìn)"
                + (f", cùng {number(len(commas) - 1)} ô khác như vậy" if len(commas) > 1 else "")
                + ".")
        if col.type == "date":
            _normalise_dates(cells, col.name)


def check_new_codes(table: Table, cells: Cells) -> None:
    """Codes a file brings in (record ids, model codes; not references, which must exist
    already) follow the strict code pattern: no lookalike second `MH001`."""
    for col in table.columns:
        if col.type != "code" or col.references or col.name not in cells.values:
            continue
        for i, value in enumerate(cells.values[col.name]):
            refused = None if cells.is_flagged(i, col.name) else code_problem(col, value)
            if refused:
                cells.problem(i, col.name, refused)


def _normalise_dates(cells: Cells, name: str) -> None:
    """One reading (day- or month-first) for the whole column: antt.data.datecols."""
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


def resolutions_frame(table: Table, cells: Cells) -> pd.DataFrame | None:
    if not cells.resolutions:
        return None
    rows = [{"Cột": table.column(name).label, "Trong tệp": written, "Hiểu là": meaning,
             "Số dòng": count}
            for (name, written, meaning), count in sorted(cells.resolutions.items())]
    return pd.DataFrame(rows)


def fill_record_ids(table: Table, cells: Cells, stored: Stored) -> None:
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


def check_repeated_rows(table: Table, cells: Cells) -> None:
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


def restore_originals(problems: list[Problem], cells: Cells) -> list[Problem]:
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
