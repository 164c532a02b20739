"""A file made by staff (CSV or .xlsx) -> checked rows of one table -> appended or upserted.

What staff really produce is accepted and made canonical before the schema checks
(antt.data.validation): Vietnamese headers, dd/mm/yyyy dates, `1.234` thousands, village and commune
names instead of codes, blank record ids (generated under the write lock), blank lines.
Every problem is reported (file, row, column, in Vietnamese); a file with any problem writes
nothing. The file's size is limited while it is read (antt.entry.upload); its cells follow the one
cell policy of every write (antt.data.cells: no formula-like text, no hidden characters, strict
codes).

This module runs an import from end to end and writes it; the steps live in:
antt.entry.import_read (bytes -> cells, headers -> columns), antt.entry.import_cells (numbers,
dates,
record ids, repeated rows), antt.entry.import_labels (labels and names -> codes),
antt.entry.import_stored (the data checked against, the editor's communes) and
antt.entry.import_upsert
(the merge by key and its diff).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from antt.access.editors_file import is_viewer
from antt.data.schema import IMPORTABLE_TABLES, TABLES, Table
from antt.data.validation import validate_table
from antt.entry.import_cells import (
    Cells,
    check_new_codes,
    check_repeated_rows,
    fill_record_ids,
    normalise_cells,
    resolutions_frame,
    restore_originals,
)
from antt.entry.import_labels import resolve_codes
from antt.entry.import_read import map_headers, read_upload
from antt.entry.import_stored import (
    Stored,
    allowed_communes,
    as_text_rows,
    check_against_stored,
    check_communes,
    data_signature,
)
from antt.entry.import_upsert import merge_upsert
from antt.entry.templates import hint_row
from antt.problems import Problem
from antt.text.fmt import today_local
from antt.writes import csv_rows, writer
from antt.writes.locks import locked_problems

__all__ = ["ImportResult", "allowed_communes", "data_signature", "import_file",
           "prepare_import", "scope_problems"]


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


def _sort_key(table: Table, problem: Problem) -> tuple:
    order = {c.name: n for n, c in enumerate(table.columns)}
    row = problem.row if problem.row is not None else 10**9  # “… more rows” lines come last
    return (row, order.get(problem.column or "", -1))


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
    mapping, problems = map_headers(table, parsed, file_name)
    if not mapping:
        result.problems = problems
        return result
    cells = Cells(parsed, mapping, file_name)
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
    normalise_cells(table, cells)
    resolve_codes(table, cells, stored)
    check_new_codes(table, cells)
    result.notes = cells.notes
    result.resolved = resolutions_frame(table, cells)
    check_repeated_rows(table, cells)
    fill_record_ids(table, cells, stored)
    typed, found = validate_table(table, cells.to_raw(table), stored.ctx, file_name)
    problems += cells.problems + [p for p in restore_originals(found, cells)
                                  if (p.row, p.column) not in cells.flagged]
    if typed is not None and not problems:
        path = Path(data_dir) / table.file
        old_villages = None
        if table.kind == "upsert":
            merged = merge_upsert(table, typed, path)
            result.added, result.changed, result.unchanged = (
                merged.added, merged.changed, merged.unchanged)
            result.diff, result.new_bytes = merged.diff, merged.new_bytes
            old_villages = merged.old_villages
        else:
            problems += check_against_stored(table, typed, stored, file_name, cells.rows)
            result.new_rows = as_text_rows(typed, csv_rows.CsvFile.read(path).header)
            result.added = typed.num_rows
            # approved unit-periods refuse new rows already in the preview (antt/writes/locks.py)
            problems += locked_problems(table.name, path.read_bytes(),
                                        csv_rows.appended_bytes(path, result.new_rows),
                                        stored.tables, "append", file_name,
                                        [int(r) for r in cells.rows])
        if communes:
            problems += check_communes(typed, stored, communes, file_name, cells.rows,
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
    if _viewer(user):
        result.problems = [Problem(file_name, None, None, f"“{user}” là người chỉ xem số liệu: "
                                   "không được ghi dữ liệu, không ghi gì.")]
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
                new_bytes, action = csv_rows.appended_bytes(path, result.new_rows), "append"
            result.audit = writer.apply_change(
                data_dir, table_name, new_bytes, user=user, action=action, file_name=file_name,
                source_sha256=result.sha256, added=result.added, changed=result.changed,
                today=today,
            )
    except writer.WriteError as exc:
        result.problems = exc.problems
        result.audit = None
    return result


def _viewer(user: str) -> bool:
    """Whether `user` names a viewer's account (issue 27: viewers never write, whatever path)."""
    try:
        return is_viewer(user)
    except (OSError, ValueError):  # no readable editors file: no accounts to check against
        return False


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
    found = check_communes(typed, stored, communes, "", np.zeros(len(codes), dtype=int))
    return [Problem("Bản ghi", None, p.column, p.message) for p in found]
