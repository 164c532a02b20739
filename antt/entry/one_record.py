"""One record typed into a form -> the same import path as a file of one row.

The form (antt.ui.record_form) only collects values; everything that decides whether a record
may be stored (validation, the editor's communes, approval locks, record ids, the audit and
the write protocol) is the importer's, so a record from the form and a row from a file can
never be judged differently. This module holds what the form needs to offer choices: the
communes and villages an editor may use, the models active in a village on a day, the coded
columns' labels, and the bounds of the number and date inputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from antt.data.schema import EARLIEST_DATE, TABLES, UNIT_SET_CHANGE, Table
from antt.entry import importer
from antt.text.fmt import date_short, vi_sorted
from antt.text.place_labels import PlaceNames
from antt.text.unit_map import mapping_text, option_value, parse_option
from antt.writes import csv_rows

FORM_TABLES = ("outreach", "patrols", "commitments", "mediations", "incidents", "models")
FORM_FILE_NAME = "Biểu mẫu nhập một bản ghi"
INT_MIN, INT_MAX = 0, 10**15 - 1  # validation accepts 1 to 15 digits, never a sign
FIRST_DAY = dt.date.fromisoformat(EARLIEST_DATE)
CHANGEOVER = dt.date.fromisoformat(UNIT_SET_CHANGE)


@dataclass(frozen=True)
class Village:
    code: str
    label: str  # in its new commune's list: “Thôn Nà Lầu (Xã Vũ Sơn cũ)”
    commune_2025: str
    word: str = ""  # in its old commune's list: “Thôn Nà Lầu”
    commune: str = ""  # its commune before 01/7/2025


@dataclass
class Places:
    """The communes and villages an editor may use.

    The communes are today's (from 01/7/2025) first, by name: that is what staff know now, and
    a record of any date is stored by its village, which lies in one new and one old commune.
    The old communes follow, worded as the filter bar's picker does (antt.text.unit_map):
    “Xã Vũ Sơn (trước 01/7/2025) → nay thuộc Xã Vũ Lễ”, value “2024:06355”. Someone copying
    a paper record made before 01/7/2025 reads the old commune's name off it; typing it finds
    it. The place comes before the date (the models offered depend on both), so the list
    cannot follow the date: both sets are offered, and `unit_note` says how they relate once
    the date is known."""

    communes: dict[str, str]  # choice value -> label, in that order
    villages: list[Village]
    names_2024: dict[str, str] = field(default_factory=dict)
    names_2025: dict[str, str] = field(default_factory=dict)

    def villages_of(self, choice: str) -> dict[str, str]:
        """village code -> label for the villages of one commune choice, in Vietnamese order."""
        unit_set, code = parse_option(choice, "2025")
        if unit_set == "2025":
            return {v.code: v.label for v in self.villages if v.commune_2025 == code}
        picked = [v for v in self.villages if v.commune == code]
        return {v.code: v.word for v in vi_sorted(picked, key=lambda v: v.word)}

    def unit_note(self, choice: str, village: str, day: dt.date | None) -> str | None:
        """A line for when the commune chosen is of the other unit set than the date's: the
        village's commune on that day, so a paper record and the form can be compared."""
        found = next((v for v in self.villages if v.code == village), None)
        if found is None or day is None:
            return None
        unit_set, _ = parse_option(choice, "2025")
        old, new = self.names_2024[found.commune], self.names_2025[found.commune_2025]
        if unit_set == "2024" and day >= CHANGEOVER:
            return (f"Từ 01/7/2025 {old} là một phần của {new}: ngày {date_short(day)} thôn "
                    f"này thuộc {new}.")
        if unit_set == "2025" and day < CHANGEOVER and old != new:
            return f"Ngày {date_short(day)} (trước 01/7/2025) thôn này thuộc {old}, nay là {new}."
        return None


def places(tables: dict[str, pa.Table], editor_communes: tuple[str, ...] = ()) -> Places:
    """Communes (new, then old) and villages, limited to the editor's communes (a new
    commune's code covers its old communes: antt.entry.import_stored.allowed_communes)."""
    names = PlaceNames.from_tables(tables)
    wanted = set(editor_communes)
    villages = [v for v in names.villages.values()
                if not wanted or v.commune in wanted or v.commune_2025 in wanted]
    pairs = list(dict.fromkeys((v.commune, v.commune_2025) for v in names.villages.values()))
    merged = Counter(new for _, new in pairs)
    out = []
    for v in villages:
        label = v.word
        if merged[v.commune_2025] > 1:
            label += f" ({names.names_2024[v.commune]} cũ)"
        out.append(Village(v.code, label, v.commune_2025, v.word, v.commune))
    out = vi_sorted(out, key=lambda v: v.label)
    unit_names = {"2024": names.names_2024, "2025": names.names_2025}
    communes = {c: names.names_2025[c]
                for c in vi_sorted({v.commune_2025 for v in out}, key=names.names_2025.get)}
    for c in vi_sorted({v.commune for v in out}, key=names.names_2024.get):
        communes[option_value("2024", c)] = mapping_text("2024", c, unit_names, pairs)
    return Places(communes, out, names.names_2024, names.names_2025)


def active_models(models: pa.Table, village: str, on: dt.date) -> dict[str, str]:
    """model id -> name for the village's models active on `on` (established, not ended)."""
    frame = models.to_pandas()
    established = pd.to_datetime(frame["established_on"]).dt.date
    ended = pd.to_datetime(frame["ended_on"]).dt.date
    active = (frame["village_code"] == village) & (established <= on) & (
        ended.isna() | (ended >= on))
    picked = frame[active]
    return dict(zip(picked["model_id"], picked["model_name"], strict=True))


def vocab_options(vocab: pa.Table, table: str, column: str) -> dict[str, str]:
    """code -> Vietnamese label of one coded column, in vocab order."""
    frame = vocab.to_pandas()
    rows = frame[(frame["table"] == table) & (frame["column"] == column)]
    return dict(zip(rows["value"], rows["label"].where(rows["label"] != "", rows["value"]),
                    strict=True))


def next_model_id(models: pa.Table) -> str:
    """The next free model id in the stored series (MH001 -> MH148)."""
    ids = models.column("model_id").to_pylist()
    numbers = [(m.group(1), m.group(2)) for m in (re.match(r"^(\D*)(\d+)$", i) for i in ids) if m]
    if not numbers:
        return "MH001"
    prefix = max({p for p, _ in numbers}, key=[p for p, _ in numbers].count)
    width = max(len(d) for p, d in numbers if p == prefix)
    return f"{prefix}{max(int(d) for p, d in numbers if p == prefix) + 1:0{width}d}"


def editable_rows(
    table_name: str, stored: pd.DataFrame, tables: dict[str, pa.Table], *,
    date_from: dt.date | None, date_to: dt.date | None, communes: list[str], unit_set: str,
    editor_communes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The stored rows of one table an editor may correct, within the filters: the period (on
    the table's date column), the chosen communes (codes of `unit_set`) and the editor's own
    communes. Newest first."""
    table = TABLES[table_name]
    frame = stored
    if "village_code" in frame.columns:
        units = tables["villages"].to_pandas()[["village_code", "commune_code"]].merge(
            tables["communes"].to_pandas()[["commune_code", "commune_code_2025"]],
            on="commune_code")
        frame = frame.merge(units, on="village_code", how="left")
        if communes:
            column = "commune_code_2025" if unit_set == "2025" else "commune_code"
            frame = frame[frame[column].isin(communes)]
        if editor_communes:
            wanted = set(editor_communes)
            frame = frame[frame["commune_code"].isin(wanted)
                          | frame["commune_code_2025"].isin(wanted)]
        frame = frame.drop(columns=["commune_code", "commune_code_2025"])
    date = table.date_column or ("established_on" if table_name == "models" else None)
    if date and date_from and date_to and table_name != "models":
        days = pd.to_datetime(frame[date]).dt.date
        frame = frame[(days >= date_from) & (days <= date_to)]
    if date:
        frame = frame.sort_values(date, ascending=False, kind="stable")
    return frame.reset_index(drop=True)


def row_bytes(table: Table, values: dict[str, object]) -> bytes:
    """A one-row CSV (system column names) of the form's values, as a file import reads it."""
    cells = []
    for col in table.columns:
        value = values.get(col.name)
        if value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("có" if value else "không")
        elif isinstance(value, dt.date):
            cells.append(value.isoformat())
        else:
            cells.append(str(value))
    return csv_rows.rows_to_csv([table.column_names, cells])


def save_record(
    table_name: str, values: dict[str, object], data_dir: Path, *, user: str,
    communes: tuple[str, ...] = (), today: dt.date | None = None,
) -> importer.ImportResult:
    """Store one record through the importer (all of its checks, locks and the audit)."""
    if table_name not in FORM_TABLES:
        raise ValueError(f"bảng không có biểu mẫu: {table_name!r}")
    raw = row_bytes(TABLES[table_name], values)
    return importer.import_file(table_name, raw, FORM_FILE_NAME, data_dir, user=user,
                                communes=communes or None, today=today)


def saved_row(result: importer.ImportResult, data_dir: Path) -> dict[str, str] | None:
    """The stored row a successful save wrote (the last row of its file), by column label."""
    if result.audit is None:
        return None
    table = TABLES[result.table]
    stored = csv_rows.CsvFile.read(Path(data_dir) / table.file)
    key = {k: result.rows[table.column(k).label].iloc[-1] for k in table.key}
    for row in reversed(stored.rows):
        record = dict(zip(stored.header, row, strict=False))
        if all(csv_rows.cell_text(v) == record.get(k) for k, v in key.items()):
            return {table.column(h).label: v for h, v in record.items()}
    return None


def saved_text(name: str, row: dict[str, str] | None, audit_id: int) -> str:
    """What was saved, in words: “Đã lưu bản ghi T7 vào Tuyên truyền: thôn 00002-02, ngày
    05/06/2024 (nhật ký số 1).”"""
    table = TABLES[name]
    row = row or {}
    key = ", ".join(row.get(table.column(k).label, "") for k in table.key)
    parts = []
    if table.date_column and row.get(table.column(table.date_column).label):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(row[table.column(table.date_column).label])
            parts.append(f"ngày {date_short(day)}")
    where = f" ({', '.join(parts)})" if parts else ""
    return f"Đã lưu bản ghi {key} vào bảng “{table.label}”{where}, nhật ký số {audit_id}."
