"""The approval lock: a check antt.writes.change_checks runs on every change before it is written
(imports, record edits, deletes, undos), with the file before and after.

A change that adds, removes or alters an activity or incident row dated in an approved
unit-period is refused, naming the period and who approved it. So is (issue 25) a change of a
model's type while any of its activities lies in an approved unit-period (the per-type figures
of that period would change), and a change of a village's religion figures for a year in which
its commune has an approved period. Only reopening ("mở khóa",
antt.reporting.approval) unlocks a unit-period. Report events themselves are not undone (send back
or reopen instead).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import pyarrow as pa

from antt.data import report_rules
from antt.data.schema import TABLES
from antt.problems import Problem
from antt.text.fmt import date_short

MAX_LOCK_PROBLEMS = 20



def locked_problems(table_name: str, old_bytes: bytes | None, new_bytes: bytes,
                    tables: dict[str, pa.Table], action: str, file_label: str = "",
                    row_numbers: list[int] | None = None) -> list[Problem]:
    """Problems when replacing `table_name`'s file `old_bytes` with `new_bytes` would touch an
    approved unit-period. `tables`: the folder as checked (with or without the new file: only
    villages, communes and reports are read). `file_label`: the file the problems name
    (default: the table's). `row_numbers`: for an append, the line in the uploaded file of each
    appended row, so that the problems name them."""
    table = TABLES[table_name]
    if table.kind == "report":
        if action == "undo":
            return [Problem(table.file, None, None,
                            "Không hoàn tác được việc nộp, duyệt, trả lại hay mở khóa báo cáo; "
                            "hãy dùng “Trả lại” hoặc “Mở khóa” ở phần Báo cáo định kỳ.")]
        return []
    derived = table_name in ("models", "religion")
    if (table.date_column is None and not derived) or "reports" not in tables \
            or not tables["reports"].num_rows:
        return []
    states = report_rules.report_states(tables["reports"].to_pandas())
    approved = report_rules.approved_cells(states)
    if not approved:
        return []
    touched = _touched_rows(old_bytes or b"", new_bytes)
    if not touched:
        return []
    villages = tables["villages"].select(["village_code", "commune_code"]).to_pydict()
    commune_of = dict(zip(villages["village_code"], villages["commune_code"], strict=True))
    communes = tables["communes"].select(
        ["commune_code", "commune_name", "commune_code_2025"]).to_pydict()
    successor = dict(zip(communes["commune_code"], communes["commune_code_2025"], strict=True))
    names = dict(zip(communes["commune_code"], communes["commune_name"], strict=True))
    if "communes_2025" in tables:
        new = tables["communes_2025"].select(["commune_code_2025", "commune_name_2025"])
        names_2025 = dict(zip(*new.to_pydict().values(), strict=True))
    else:
        names_2025 = {}
    hits: dict[tuple[str, str], list[int]] = {}

    def hit(village: str, period: str, n: int = -1) -> bool:
        commune = commune_of.get(village.strip())
        if commune is None:
            return False
        unit = commune if report_rules.unit_set_of(period) == "2024" else successor.get(commune)
        if (unit, period) in approved:
            hits.setdefault((unit, period), []).append(n)
            return True
        return False

    if table_name == "models":
        _model_type_hits(touched, tables, hit)
    elif table_name == "religion":
        for n, row in enumerate(touched):
            year = row.get("year", "").strip()
            # the first approved period of that year for the village's commune
            any(hit(row.get("village_code", ""), p, n) for p in sorted(
                {p for _, p in approved if p[:4] == year}))
    else:
        for n, row in enumerate(touched):
            day = _date(row.get(table.date_column, ""))
            if day is not None:
                hit(row.get("village_code", ""), report_rules.period_of(day), n)
    # an append's touched rows are the new rows, in the uploaded file's order
    lines = row_numbers if row_numbers and len(row_numbers) == len(touched) else None
    column = table.column(table.date_column).label if table.date_column else None
    problems = []
    for (unit, period), found in sorted(hits.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        count = len(found)
        on, by = approved[(unit, period)]
        name = (names_2025 if report_rules.unit_set_of(period) == "2025" else names).get(unit, unit)
        where = f"{count} dòng"
        rows = [lines[i] for i in found if i >= 0] if lines else []
        if rows:
            where += f": dòng {', '.join(str(r) for r in rows[:10])}" + (
                ", …" if len(rows) > 10 else "")
        problems.append(Problem(
            file_label or table.file, rows[0] if rows else None, column,
            f"Kỳ báo cáo {report_rules.period_text(period)} của {name} đã được {by} duyệt ngày "
            f"{date_short(on)}: không thêm, sửa, xóa hay hoàn tác được số liệu của kỳ này "
            f"({where}). Người được sửa mọi xã có thể mở khóa kỳ này (ghi lý do)."))
        if len(problems) >= MAX_LOCK_PROBLEMS:
            break
    return problems


def _model_type_hits(touched: list[dict[str, str]], tables: dict[str, pa.Table], hit) -> None:
    """`hit` each approved unit-period holding an activity of a model whose type changes."""
    before: dict[str, set[str]] = {}
    for row in touched:
        before.setdefault(row.get("model_id", "").strip(), set()).add(
            row.get("model_type", "").strip())
    changed = {model for model, types in before.items() if model and len(types) > 1}
    if not changed:
        return
    for table in TABLES.values():
        if table.kind != "activity" or table.name not in tables \
                or "model_id" not in tables[table.name].column_names:
            continue
        rows = tables[table.name].select(
            ["model_id", table.date_column, "village_code"]).to_pydict()
        for model, day, village in zip(*rows.values(), strict=True):
            if model in changed and day is not None:
                day = day if isinstance(day, dt.date) else _date(str(day))
                if day is not None:
                    hit(village or "", report_rules.period_of(day))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _touched_rows(old: bytes, new: bytes) -> list[dict[str, str]]:
    """The rows in one version and not the other (added, removed, or either side of an edit),
    as header -> cell dicts. Appends (the common case) only read the new tail."""
    if old and new.startswith(old) and old.endswith(b"\n"):
        header = _header(new)
        return _parse(header, new[len(old):].splitlines())
    old_lines, new_lines = old.splitlines(), new.splitlines()
    if not old_lines or not new_lines:
        lines = (old_lines[1:] if old_lines else []) + (new_lines[1:] if new_lines else [])
        return _parse(_header(new or old), lines)
    before, after = Counter(old_lines[1:]), Counter(new_lines[1:])
    removed = list((before - after).elements())
    added = list((after - before).elements())
    return _parse(_header(old), removed) + _parse(_header(new), added)


def _header(raw: bytes) -> list[str]:
    first = raw.split(b"\n", 1)[0].decode("utf-8-sig").strip("\r")
    return next(csv.reader([first]), [])


def _parse(header: list[str], lines: list[bytes]) -> list[dict[str, str]]:
    if not lines:
        return []
    text = b"\n".join(lines).decode("utf-8", errors="replace")
    return [dict(zip(header, row, strict=False)) for row in csv.reader(io.StringIO(text))
            if any(cell.strip() for cell in row)]
