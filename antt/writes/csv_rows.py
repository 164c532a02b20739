"""A stored table file as CSV text rows: read it keeping its header, BOM and line ends, and
write rows back as the stored files write them (ISO dates, plain integers, true/false).

Used by every writer of rows: antt/writes/writer.py (a corrected or deleted record), the importer
(appends), the report workflow (antt/reporting/approval.py) and the templates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass
class CsvFile:
    """A stored table file as text rows, to rewrite it keeping its header, BOM and line ends."""

    header: list[str]
    rows: list[list[str]]
    bom: bool = False
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path) -> CsvFile:
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        records = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
        return cls(records[0] if records else [], records[1:], bom, newline)

    def to_bytes(self) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + rows_to_csv(
            [self.header, *self.rows], self.newline
        )


def rows_to_csv(rows: list[list[str]], newline: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def cell_text(value) -> str:
    """A typed value as the stored CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def appended_bytes(path: Path, rows: list[list[str]]) -> bytes:
    """The file's current bytes, unchanged, followed by `rows`."""
    old = path.read_bytes()
    newline = "\r\n" if b"\r\n" in old.split(b"\n", 1)[0] + b"\n" else "\n"
    if old and not old.endswith(b"\n"):
        old += newline.encode()
    return old + rows_to_csv(rows, newline)
