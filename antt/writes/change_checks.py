"""Whether a change may be written: the one place every write is judged (antt/writes/writer.py calls
`check_change` before anything is touched; the importer and the report workflow call
`check_folder` to read the folder as the store would).

A change passes when the whole folder still loads with the new file in place (the same
validation as the store: antt/data/validation.py), no approved report period is touched
(antt/writes/locks.py) and its new cells follow the cell policy (antt/data/cells.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa

from antt.data.cells import cell_problem
from antt.data.schema import TABLES, Table
from antt.data.store import extend_context, read_file_bytes, read_table_bytes
from antt.data.validation import Context
from antt.problems import Problem
from antt.text.fmt import today_local
from antt.writes.locks import locked_problems


def check_folder(
    data_dir: Path, overrides: dict[str, bytes] | None = None, today: dt.date | None = None
) -> tuple[dict[str, pa.Table], Context, list[Problem]]:
    """Load every table as the store would, with `overrides` (table -> bytes) in place of the
    files. Returns the typed tables, the context they build and the problems found."""
    overrides = overrides or {}
    ctx = Context(today=today or today_local())
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    for table in TABLES.values():
        depends = {c.references.split(".")[0] for c in table.columns if c.references}
        if table.name != "vocab" and ("vocab" in failed or depends & failed):
            failed.add(table.name)
            continue
        if table.name in overrides:
            raw = overrides[table.name]
        else:
            raw = read_file_bytes(Path(data_dir) / table.file, table)
            if raw is None:
                failed.add(table.name)
                problems.append(Problem(table.file, None, None, "Không tìm thấy tệp."))
                continue
        typed, found = read_table_bytes(raw, table, ctx)
        if typed is None:
            failed.add(table.name)
            problems.extend(found)
            continue
        tables[table.name] = typed
        extend_context(ctx, table, typed)
    return tables, ctx, problems


def check_change(
    data_dir: Path, table_name: str, new_bytes: bytes, *, action: str, user: str,
    today: dt.date | None = None,
) -> list[Problem]:
    """Why a change may not be written (empty: it may). The one place every write is judged:
    the folder must load with the new file, and its new cells must follow the cell policy.
    (Restoring a backup, `undo`, puts back cells that were stored before and is not re-judged.)
    """
    tables, _, problems = check_folder(data_dir, {table_name: new_bytes}, today)
    if problems:
        return problems
    path = Path(data_dir) / TABLES[table_name].file
    old = path.read_bytes() if path.exists() else b""
    locked = locked_problems(table_name, old, new_bytes, tables, action)  # antt/writes/locks.py
    if locked or action == "undo":
        return locked
    return new_cell_problems(TABLES[table_name], old, new_bytes)


def new_cell_problems(table: Table, old: bytes, new: bytes) -> list[Problem]:
    """The cell policy (antt.data.cells) applied to the lines of `new` that `old` does not hold."""
    if new.startswith(old) and old.endswith(b"\n"):
        skipped = old.count(b"\n")
        lines = new[len(old):].decode("utf-8-sig").split("\n")
    else:
        old_lines = old.decode("utf-8-sig", errors="replace").split("\n")
        new_lines = new.decode("utf-8-sig").split("\n")
        if len(old_lines) == len(new_lines):  # a correction: compare line by line
            lines = [n if n != o else "" for o, n in zip(old_lines, new_lines, strict=True)]
        else:
            known = set(old_lines)
            lines = [n if n not in known else "" for n in new_lines]
        skipped = 0
        lines[0] = ""  # the header is not a cell
    header = next(csv.reader([new.decode("utf-8-sig").split("\n", 1)[0].rstrip("\r")]))
    columns = [table.column(h) if h in table.column_names else None for h in header]
    problems: list[Problem] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        for col, value in zip(columns, next(csv.reader([line.rstrip("\r")])), strict=False):
            # (strip() would also drop the controls \x1c-\x1f, which Python counts as spaces)
            reason = cell_problem(col, value.strip(" ")) if col is not None else None
            if reason:
                problems.append(Problem(table.file, skipped + i + 1, col.name, reason))
    return problems
