"""The committee's entered criteria (recognition_entries.csv): checked, then written in one
change through antt.writes.writer (folder lock, folder check, backup, audit line, undo).

The form of the page and the Excel template both end here, so they share every check: the
criterion is an entered one of data/recognition.toml, the unit exists at the criterion's level
in the year's unit set, the editor may write for it, and the texts are short enough.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from antt.data.schema import TABLES, header_bytes
from antt.entry.import_stored import Stored, allowed_communes
from antt.problems import Problem
from antt.recognition.rules import Rules, load_rules, unit_set_of
from antt.text.fmt import nfc, today_local
from antt.writes import writer
from antt.writes.csv_rows import CsvFile, cell_text

TABLE = TABLES["recognition_entries"]
MAX_TEXT = 300


class EntryError(writer.WriteError):
    """Entered criteria that cannot be written (Vietnamese problems naming file, row, column)."""


@dataclass
class Entry:
    """One entered criterion; met None = not entered (removes a stored entry)."""

    year: int
    unit_code: str
    criterion: str
    met: bool | None
    document: str = ""
    note: str = ""
    row: int | None = None  # the row of the file it came from (messages)


def _units(stored: Stored, year: int) -> tuple[dict[str, str], dict[str, str]]:
    """(village code -> 2024 commune, unit code of the year's set -> label)."""
    villages = stored.tables["villages"].select(["village_code", "commune_code"]).to_pydict()
    of_village = dict(zip(villages["village_code"], villages["commune_code"], strict=True))
    if unit_set_of(year) == "2025":
        names = stored.tables["communes_2025"].select(
            ["commune_code_2025", "commune_name_2025"]).to_pydict()
    else:
        names = stored.tables["communes"].select(["commune_code", "commune_name"]).to_pydict()
    return of_village, dict(zip(*names.values(), strict=True))


def check_entries(data_dir: Path, entries: list[Entry], *, rules: Rules | None = None,
                  communes: tuple[str, ...] | None = None, file_name: str = "Biểu mẫu",
                  today: dt.date | None = None, stored: Stored | None = None,
                  headers: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of the entries against the stored data and the rules; [] if none.
    `headers`: the column names the messages use (default: the table's Vietnamese labels)."""
    today = today or today_local()
    rules = rules or load_rules(data_dir)
    if stored is None:
        stored, problems = Stored.load(Path(data_dir), today)
        if stored is None:
            return problems
    by_id = rules.by_id()
    allowed = allowed_communes(stored, communes) if communes else None
    successor = dict(zip(stored.communes["commune_code"], stored.communes["commune_code_2025"],
                         strict=True))
    problems: list[Problem] = []
    seen: set[tuple] = set()

    def bad(e: Entry, column: str, text: str) -> None:
        label = (headers or {}).get(column) or TABLE.column(column).label
        problems.append(Problem(file_name, e.row, label, text))

    for e in entries:
        if not 2000 <= e.year <= today.year + 1:
            bad(e, "year", f"Năm {e.year} không hợp lệ (từ 2000 đến {today.year + 1}).")
            continue
        crit = by_id.get(e.criterion)
        if crit is None or not crit.entered:
            bad(e, "criterion", f"Mã tiêu chí “{e.criterion}” không phải tiêu chí nhập của "
                                f"recognition.toml.")
            continue
        of_village, commune_names = _units(stored, e.year)
        if crit.level == "thon":
            commune = of_village.get(e.unit_code)
            if commune is None:
                bad(e, "unit_code", f"Không có thôn mã “{e.unit_code}”.")
                continue
            olds = {commune}
        else:
            if e.unit_code not in commune_names:
                bad(e, "unit_code", f"Mã xã “{e.unit_code}” không có trong các xã của năm "
                                    f"{e.year}.")
                continue
            olds = ({c for c, n in successor.items() if n == e.unit_code}
                    if unit_set_of(e.year) == "2025" else {e.unit_code})
        if allowed is not None and not olds <= allowed:
            bad(e, "unit_code", f"Bạn không được nhập cho đơn vị “{e.unit_code}”.")
        for column, text in (("document", e.document), ("note", e.note)):
            if len(text) > MAX_TEXT:
                bad(e, column, f"Dài quá {MAX_TEXT} ký tự.")
        key = (e.year, e.unit_code, e.criterion)
        if key in seen:
            bad(e, "criterion", "Tiêu chí này của đơn vị đã có ở một dòng trước.")
        seen.add(key)
    return problems


def merged_bytes(path: Path, entries: list[Entry], user: str, today: dt.date
                 ) -> tuple[bytes, int, int, int]:
    """The file with the entries put in by key: (bytes, added, changed, deleted)."""
    csv_file = CsvFile.read(path) if path.exists() else CsvFile(TABLE.column_names, [])
    cols = csv_file.header
    index = {(r[cols.index("year")], r[cols.index("unit_code")], r[cols.index("criterion")]): i
             for i, r in enumerate(csv_file.rows)}
    added = changed = 0
    drop: set[int] = set()
    for e in entries:
        key = (str(e.year), e.unit_code, e.criterion)
        if e.met is None:
            if key in index:
                drop.add(index[key])
            continue
        values = {"year": e.year, "unit_code": e.unit_code, "criterion": e.criterion,
                  "met": e.met, "document": nfc(" ".join(e.document.split())),
                  "note": nfc(" ".join(e.note.split())), "entered_on": today, "user": user}
        row = [cell_text(values[c]) for c in cols]
        if key in index:
            old = csv_file.rows[index[key]]
            same = all(old[cols.index(c)] == row[cols.index(c)]
                       for c in ("met", "document", "note"))
            if not same:
                csv_file.rows[index[key]] = row
                changed += 1
        else:
            index[key] = len(csv_file.rows)
            csv_file.rows.append(row)
            added += 1
    csv_file.rows = [r for i, r in enumerate(csv_file.rows) if i not in drop]
    return csv_file.to_bytes(), added, changed, len(drop)


def save_entries(data_dir: Path, entries: list[Entry], *, user: str,
                 communes: tuple[str, ...] | None = None, file_name: str = "",
                 today: dt.date | None = None, headers: dict[str, str] | None = None
                 ) -> writer.AuditEntry | None:
    """Check and write the entries in one change. Raises EntryError (nothing written);
    returns None when nothing changes."""
    data_dir = Path(data_dir)
    today = today or today_local()
    with writer.data_lock(data_dir):
        problems = check_entries(data_dir, entries, communes=communes,
                                 file_name=file_name or "Biểu mẫu", today=today,
                                 headers=headers)
        if problems:
            raise EntryError(problems)
        path = data_dir / TABLE.file
        new, added, changed, deleted = merged_bytes(path, entries, user, today)
        if not (added or changed or deleted):
            return None
        if not path.exists() and new == header_bytes(TABLE):
            return None
        years = sorted({e.year for e in entries})
        return writer.apply_change(
            data_dir, TABLE.name, new, user=user, action="upsert", file_name=file_name,
            added=added, changed=changed, deleted=deleted,
            note=f"Tiêu chí công nhận An toàn về ANTT năm {', '.join(map(str, years))}",
            today=today)
