"""The stored data a file is checked against: the data folder checked as a whole, rows a
file repeats, the editor's communes, and the data files' signature (a check holds while it
is unchanged)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from antt.access.editor_standing import scope_text
from antt.data.schema import TABLES, Table
from antt.data.validation import Context
from antt.problems import Problem
from antt.text.place_labels import PlaceNames
from antt.writes import change_checks, csv_rows


@dataclass
class Stored:
    """The data folder as checked (every table typed), with the lookups a file needs."""

    tables: dict[str, pa.Table]
    ctx: Context
    communes: pd.DataFrame  # commune_code, commune_name, commune_code_2025
    places: PlaceNames  # village and commune labels of both unit sets

    @classmethod
    def load(cls, data_dir: Path, today: dt.date) -> tuple[Stored | None, list[Problem]]:
        tables, ctx, problems = change_checks.check_folder(data_dir, today=today)
        if problems:
            return None, problems
        communes = tables["communes"].select(
            ["commune_code", "commune_name", "commune_code_2025"]).to_pandas()
        return cls(tables, ctx, communes, PlaceNames.from_tables(tables)), []


def as_text_rows(typed: pa.Table, columns: list[str]) -> list[tuple[str, ...]]:
    lists = [typed.column(c).to_pylist() for c in columns]
    return [tuple(csv_rows.cell_text(v) for v in row) for row in zip(*lists, strict=True)]


def check_against_stored(
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
    seen = dict(zip(as_text_rows(old, others), old.column("record_id").to_pylist(), strict=True))
    for i, row in enumerate(as_text_rows(typed, others)):
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


def check_communes(
    typed: pa.Table, stored: Stored, communes: tuple[str, ...], file_name: str,
    rows: np.ndarray, extra_codes: list[str | None] | None = None,
) -> list[Problem]:
    """Rows whose village (or, for an upsert, the stored row's village) lies outside the
    editor's communes; said with today's commune names."""
    allowed = allowed_communes(stored, communes) or set()
    places = stored.places
    listed = scope_text(communes, places.names_2025, places.names_2024)
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
