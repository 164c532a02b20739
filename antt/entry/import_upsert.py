"""An upsert file merged by key into the stored file: the rows added, changed and unchanged,
one diff line per changed cell or new row (the preview), and the file's new bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from antt.data.schema import Table
from antt.entry.import_stored import as_text_rows
from antt.writes import writer


@dataclass
class Upsert:
    """What merging a file into the stored one does."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    diff: pd.DataFrame | None = None  # one line per changed cell or new row
    new_bytes: bytes = b""  # the stored file after the merge
    old_villages: list[str | None] = field(default_factory=list)  # stored village, per row


def merge_upsert(table: Table, typed: pa.Table, path: Path) -> Upsert:
    """Merge rows by key into the stored file (read from `path`, not written). `old_villages`
    holds the stored village of each incoming row (None when new): the editor's scope covers
    the row it replaces too."""
    result = Upsert()
    stored = writer.CsvFile.read(path)
    header = stored.header
    key_idx = [header.index(k) for k in table.key]
    position = {tuple(r[j] for j in key_idx): n for n, r in enumerate(stored.rows)}
    incoming = as_text_rows(typed, header)
    old_villages = result.old_villages
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
    return result
