"""The access log of sensitive figures, data/access.jsonl next to the audit log: one JSON line
per view or download of religion counts by village by a signed-in person (when, who, role,
which communes they see as they are, what: the table on screen or which file, the filters).
Anonymous views and downloads of the suppressed table are only counted per day
(data/access.counts.json): a visitor has no name to log, and a line per page run would say
nothing more.

Lines are appended and fsynced under a lock; a torn last line is skipped by the reader."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from filelock import FileLock

from antt.text.fmt import TZ

LOG_NAME = "access.jsonl"
COUNTS_NAME = "access.counts.json"
LOCK_TIMEOUT_S = 5.0
WHAT_LABELS = {
    "view": "Xem bảng tôn giáo theo thôn",
    "csv": "Tải bảng (CSV)",
    "xlsx": "Tải bảng (Excel)",
    "raw_csv": "Tải tệp gốc religion.csv",
    "raw_xlsx": "Tải tệp gốc dạng Excel",
}


def _lock(data_dir: Path) -> FileLock:
    return FileLock(str(Path(data_dir) / "access.lock"), timeout=LOCK_TIMEOUT_S)


def log_access(data_dir: Path, user: str, role: str, communes: str, what: str,
               detail: str = "", now: dt.datetime | None = None) -> dict:
    """Append one access (`communes`: the reader's communes by name, or “mọi xã”; `what`: a
    key of WHAT_LABELS; `detail`: the filters)."""
    record = {"at": (now or dt.datetime.now(TZ)).isoformat(timespec="seconds"), "user": user,
              "role": role, "communes": communes, "what": what, "detail": detail}
    target = Path(data_dir) / LOG_NAME
    with _lock(data_dir), open(target, "ab") as fh:
        if fh.tell() and not _ends_with_newline(target):
            fh.write(b"\n")  # a torn line from a crash is never glued to this one
        fh.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    return record


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def read_access_log(data_dir: Path, last: int = 200) -> list[dict]:
    """The newest `last` accesses, newest first (torn lines skipped)."""
    try:
        lines = (Path(data_dir) / LOG_NAME).read_text(encoding="utf-8").splitlines()[-last:]
    except FileNotFoundError:
        return []
    out = []
    for line in reversed(lines):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def count_anonymous(data_dir: Path, what: str, today: dt.date | None = None) -> None:
    """One more anonymous view (`what` = "view") or download of the suppressed table today."""
    day = (today or dt.datetime.now(TZ).date()).isoformat()
    target = Path(data_dir) / COUNTS_NAME
    with _lock(data_dir):
        counts = read_counts(data_dir)
        counts.setdefault(day, {})
        counts[day][what] = counts[day].get(what, 0) + 1
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(counts, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, target)


def read_counts(data_dir: Path) -> dict[str, dict[str, int]]:
    """Day (ISO) -> what -> anonymous count; empty when missing or unreadable."""
    try:
        data = json.loads((Path(data_dir) / COUNTS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {d: {w: int(n) for w, n in v.items() if isinstance(n, int)}
            for d, v in data.items() if isinstance(v, dict)}
