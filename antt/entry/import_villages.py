"""The villages of an area from a staff list: “Tên thôn, Xã, Loại, Số hộ, Số nhân khẩu” (or the
column codes), CSV or Excel, the commune by name or code in either unit set.

- A village is its old commune (villages.commune_code, the 2024 set every record is kept in)
  and, when that commune was split between 2025 communes, its 2025 commune
  (villages.commune_code_2025). A 2025 commune made of several old ones needs the old one
  (column “Xã cũ”), unless the village is already listed under one of them; a split old
  commune takes the official default 2025 commune unless the column “Xã mới” says otherwise,
  and the preview asks “Có phải …?” for each such village.
- A village already listed (same old commune and name, or its “Mã thôn”) is updated; a new
  one gets the next code of its commune, `<commune_code>-<NN>`: codes are never changed and
  never reused (villages are never deleted by an import).
- All or nothing, through the write protocol (antt.writes.writer), with an audit line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow as pa

from antt.data.schema import TABLES
from antt.entry.import_read import header_key, read_upload
from antt.entry.importer import ImportResult
from antt.entry.unit_names import Unit, UnitNames
from antt.problems import Problem
from antt.text.fmt import number, today_local
from antt.text.labels import fold_case
from antt.writes import change_checks, writer

TABLE = TABLES["villages"]
# header_key spelling -> field; "(xã)" fields only help find the codes and are not stored.
HEADERS = {
    "village_code": ("mã thôn", "village_code"),
    "village_name": ("tên thôn", "thôn", "tên thôn khối phố", "village_name", "thôn khối phố"),
    "commune": ("xã", "tên xã", "mã xã", "xã phường", "commune_code", "commune"),
    "old_commune": ("xã cũ", "xã trước 01/7/2025", "mã xã cũ"),
    "new_commune": ("xã mới", "xã từ 01/7/2025", "mã xã 2025", "commune_code_2025"),
    "kind": ("loại", "kind", "loại thôn"),
    "households": ("số hộ", "households", "hộ"),
    "population": ("số nhân khẩu", "nhân khẩu", "population", "dân số"),
    "lat": ("vĩ độ", "lat"),
    "lon": ("kinh độ", "lon"),
}
LABELS = {"village_name": "Tên thôn", "commune": "Xã", "old_commune": "Xã cũ",
          "new_commune": "Xã mới", "kind": "Loại", "households": "Số hộ",
          "population": "Số nhân khẩu", "village_code": "Mã thôn", "lat": "Vĩ độ",
          "lon": "Kinh độ"}
_ALIASES = {header_key(s): f for f, spellings in HEADERS.items() for s in spellings}
_CODE = re.compile(r"^(?P<commune>\d+)-(?P<n>\d+)$")


def _count(text: str) -> int | None:
    text = text.replace(".", "").replace(" ", "").replace("\u00a0", "")
    return int(text) if text.isdigit() else None


def _kinds(tables: dict[str, pa.Table]) -> dict[str, str]:
    vocab = tables["vocab"].to_pydict()
    out = {}
    for t, c, v, label in zip(vocab["table"], vocab["column"], vocab["value"], vocab["label"],
                              strict=True):
        if (t, c) == ("villages", "kind"):
            out[fold_case(v)] = v
            out[fold_case(label)] = v
    return out


def _ask(units: list[Unit]) -> str:
    return "Có phải: " + "; ".join(u.label if u.unit_set == "2024" else
                                   f"{u.label} (từ 01/7/2025)" for u in units) + "?"


class _Rows:
    """The villages file as text rows (unchanged rows are written back as they were)."""

    def __init__(self, path: Path):
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        reader = list(csv.DictReader(io.StringIO(text)))
        self.rows = [{c: r.get(c) or "" for c in TABLE.column_names} for r in reader]
        self.by_code = {r["village_code"]: r for r in self.rows}
        self.by_name = {(r["commune_code"], fold_case(r["village_name"])): r for r in self.rows}
        self.last: dict[str, int] = {}
        for code in self.by_code:
            if m := _CODE.match(code):
                self.last[m["commune"]] = max(self.last.get(m["commune"], 0), int(m["n"]))

    def new_code(self, commune: str) -> str:
        n = self.last.get(commune, 0) + 1
        self.last[commune] = n
        return f"{commune}-{n:02d}"

    def to_bytes(self) -> bytes:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(TABLE.column_names)
        for r in self.rows:
            w.writerow([r[c] for c in TABLE.column_names])
        return out.getvalue().encode("utf-8")


def file_unit_set(names: UnitNames, cells: list[str]) -> str:
    """The unit set a file's “Xã” column is written in: '2024' when it names communes that
    only the old set has and none that only the new set has; else '2025' (today's units
    first). A code or name both sets use (06184: Thị trấn Đồng Đăng and Xã Đồng Đăng) is then
    read in that set."""
    sets = {frozenset(u.unit_set for u in names.find(c)) for c in set(cells) if c}
    return "2024" if frozenset({"2024"}) in sets and frozenset({"2025"}) not in sets else "2025"


def _place(names: UnitNames, rows: _Rows, cells: dict[str, str], prefer: str = "2025"
           ) -> tuple[str | None, str | None, str, str]:
    """(old code, 2025 code for the village or None, problem column, problem). A problem
    leaves the old code None; "default" in the column says the estimated default was taken."""
    old = new = None
    old_found = names.find(cells["old_commune"], "2024") if cells["old_commune"] else []
    if cells["old_commune"] and len(old_found) == 1:
        old = old_found[0]
    if cells["new_commune"]:
        found = names.find(cells["new_commune"], "2025")
        if len(found) != 1:
            return None, None, "new_commune", (
                _ask(found) if found else f"Không có xã mới “{cells['new_commune']}”.")
        new = found[0]
    if cells["commune"]:
        found = names.find(cells["commune"])
        fresh = [u for u in found if u.unit_set == "2025"]
        olds = [u for u in found if u.unit_set == "2024"]
        if not found:
            return None, None, "commune", f"Không tìm thấy xã “{cells['commune']}”."
        if olds and fresh and prefer == "2024" and len(olds) == 1 and old is None:
            fresh = []  # the file names old communes: a name both sets use is the old one
        if len(fresh) == 1 and all(fresh[0].code in names.successors[u.code] for u in olds):
            new = new or fresh[0]  # a name both sets use: today's commune, which holds the old
        elif not fresh and len(olds) == 1:
            old = old or olds[0]
        else:
            return None, None, "commune", f"“{cells['commune']}” ứng với nhiều xã. {_ask(found)}"
    if cells["old_commune"] and old is None:
        # a name several old communes had (Xã Chiến Thắng of Bắc Sơn and of Chi Lăng): the one
        # that went into the village's new commune, when the row names it
        if new is not None:
            old_found = [u for u in old_found
                         if u.code in names.predecessors.get(new.code, [])] or old_found
        if len(old_found) != 1:
            return None, None, "old_commune", (
                _ask(old_found) if old_found else f"Không có xã cũ “{cells['old_commune']}”.")
        old = old_found[0]
    if old is None and new is None:
        return None, None, "commune", "Thiếu xã của thôn."
    if old is None:
        assert new is not None
        preds = names.predecessors.get(new.code, [])
        listed = [c for c in preds if (c, fold_case(cells["village_name"])) in rows.by_name]
        if len(listed) == 1 or len(preds) == 1:
            old = names.old[(listed or preds)[0]]
        else:
            return None, None, "old_commune", (
                f"{new.name} (từ 01/7/2025) gồm {number(len(preds))} xã cũ: "
                f"{names.old_labels(preds)}. Thôn “{cells['village_name']}” thuộc xã cũ nào? "
                "Ghi ở cột “Xã cũ”.")
    succ = names.successors[old.code]
    if new is not None and new.code not in succ:
        return None, None, "new_commune", (
            f"{old.label} không thuộc {new.name}: nay thuộc "
            + ", ".join(names.new[c].name for c in succ) + ".")
    if len(succ) == 1:
        return old.code, None, "", ""
    if new is not None:
        return old.code, new.code, "", ""
    return old.code, succ[0], "default", ""  # asked once per old commune (default_notes)


def default_notes(names: UnitNames, taken: dict[str, list[tuple[int, str]]]) -> list[str]:
    """One “Có phải …?” per split old commune whose villages took the default new commune."""
    notes = []
    for old, villages in taken.items():
        succ = names.successors[old]
        first, others = names.new[succ[0]].name, ", ".join(names.new[c].name for c in succ[1:])
        lines = [n for n, _ in villages]
        which = (f"thôn “{villages[0][1]}” (dòng {lines[0]})" if len(villages) == 1 else
                 f"{number(len(villages))} thôn (dòng {lines[0]}–{lines[-1]}: "
                 + ", ".join(v for _, v in villages[:5]) + ("…" if len(villages) > 5 else "")
                 + ")")
        notes.append(f"Có phải {which} của {names.old[old].label} nay thuộc {first}? Xã cũ "
                     f"được chia cho {first}, {others}; đã lấy xã mặc định (ước tính). Nếu "
                     "không đúng, ghi xã mới ở cột “Xã mới”.")
    return notes


def prepare_villages(raw: bytes, file_name: str, data_dir: Path) -> ImportResult:
    """Read and check a villages file against the folder; nothing is written."""
    result = ImportResult("villages", file_name, writer.sha256_bytes(raw), today=today_local())
    parsed, problems = read_upload(raw, file_name)
    if parsed is None:
        result.problems = problems
        return result
    fields = {c: _ALIASES.get(header_key(c)) for c in parsed.columns}
    have = set(fields.values())
    missing = [LABELS[f] for f in ("village_name", "households", "population") if f not in have]
    if "commune" not in have and "old_commune" not in have and "new_commune" not in have:
        missing.insert(1, LABELS["commune"])
    if missing:
        result.problems = [Problem(file_name, 1, None, "Thiếu cột: " + ", ".join(missing)
                                   + ". Danh sách thôn cần các cột: Tên thôn, Xã, Loại, Số hộ,"
                                   " Số nhân khẩu.")]
        return result
    tables, _, stored_problems = change_checks.check_folder(data_dir, today=result.today)
    if stored_problems:
        result.problems = [Problem(file_name, None, None, "Dữ liệu đang lưu có lỗi, chưa thể "
                                   "nhập thêm.")] + stored_problems
        return result
    names, kinds = UnitNames(tables), _kinds(tables)
    rows = _Rows(Path(data_dir) / TABLE.file)
    data = parsed.data.to_pydict()
    seen: dict[tuple[str, str], int] = {}
    taken: dict[str, list[tuple[int, str]]] = {}  # split old commune -> villages given default
    commune_column = next((c for c, f in fields.items() if f == "commune"), None)
    prefer = file_unit_set(names, data[commune_column] if commune_column else [])
    for i, line in enumerate(parsed.row_numbers):
        cells = {f: "" for f in HEADERS}
        for column, field in fields.items():
            if field:
                cells[field] = (data[column][i] or "").strip()
        if not any(cells.values()):
            continue

        def problem(field: str, message: str, row: int = int(line)) -> None:
            problems.append(Problem(file_name, row, LABELS.get(field, field), message))

        if not cells["village_name"]:
            problem("village_name", "Thiếu tên thôn.")
            continue
        old, new, where, message = _place(names, rows, cells, prefer)
        if old is None:
            problem(where, message)
            continue
        if where == "default":
            taken.setdefault(old, []).append((int(line), cells["village_name"]))
        kind = kinds.get(fold_case(cells["kind"] or "thôn"))
        households, population = _count(cells["households"]), _count(cells["population"])
        for field, ok in (("kind", kind), ("households", households is not None),
                          ("population", population is not None)):
            if not ok:
                allowed = " hoặc ".join(sorted({v for v in kinds.values()}))
                problem(field, f"“{cells[field]}” không hợp lệ: ghi {allowed}." if field == "kind"
                        else f"“{cells[field]}” không phải số nguyên không âm.")
        key = (old, fold_case(cells["village_name"]))
        if key in seen:
            problem("village_name", f"Thôn “{cells['village_name']}” của xã này đã có ở dòng "
                    f"{seen[key]}.")
        seen[key] = int(line)
        if cells["village_code"] and cells["village_code"] not in rows.by_code:
            problem("village_code", f"Không có thôn mã “{cells['village_code']}”: để trống "
                    "mã thôn, máy sẽ đặt mã mới.")
        if problems:
            continue
        values = {"village_name": cells["village_name"], "commune_code": old, "kind": kind,
                  "households": str(households), "population": str(population),
                  "commune_code_2025": new or ""}
        values.update({f: cells[f] for f in ("lat", "lon") if cells[f]})
        current = rows.by_code.get(cells["village_code"]) or rows.by_name.get(key)
        if current is None:
            row = {c: "" for c in TABLE.column_names} | values
            row["village_code"] = rows.new_code(old)
            rows.rows.append(row)
            rows.by_name[key] = rows.by_code[row["village_code"]] = row
            result.added += 1
        elif any(current[k] != v for k, v in values.items()):
            current.update(values)
            result.changed += 1
        else:
            result.unchanged += 1
    result.notes = default_notes(names, taken)
    if not problems:
        result.new_bytes = rows.to_bytes()
        problems = change_checks.check_folder(data_dir, {"villages": result.new_bytes},
                                              today=result.today)[2]
        preview = [r for r in rows.rows]
        result.rows = _preview(preview, names)
    result.problems = problems
    if problems:
        result.added = result.changed = result.unchanged = 0
    return result


def _preview(rows: list[dict], names: UnitNames):
    import pandas as pd

    return pd.DataFrame([{
        "Mã thôn": r["village_code"], "Tên thôn": r["village_name"], "Loại": r["kind"],
        "Xã (từ 01/7/2025)": names.new[r["commune_code_2025"] or names.successors[
            r["commune_code"]][0]].name,
        "Xã cũ": names.old[r["commune_code"]].name,
        "Số hộ": int(r["households"]), "Số nhân khẩu": int(r["population"]),
    } for r in rows])


def import_villages(raw: bytes, file_name: str, data_dir: Path, *, user: str,
                    dry_run: bool = False) -> ImportResult:
    """Check the file, then (unless dry_run) write the new villages.csv, all or nothing."""
    result = prepare_villages(raw, file_name, data_dir)
    if dry_run or not result.ok or not (result.added or result.changed):
        return result
    try:
        with writer.data_lock(data_dir):
            result.audit = writer.apply_change(
                data_dir, "villages", result.new_bytes or b"", user=user, action="upsert",
                file_name=file_name, source_sha256=result.sha256, added=result.added,
                changed=result.changed)
    except writer.WriteError as exc:
        result.problems, result.audit = exc.problems, None
    return result
