"""The audit log, data/audit.jsonl: one JSON line per step of every change, appended and fsynced.

A change writes two lines (antt.writes.writer holds the folder lock around both):
- an *intent* line with the whole entry (who, what, backup, hashes before and after), fsynced
  BEFORE the data file is replaced;
- a *commit* line `{"id": N, "phase": "commit"}` once the new file is in place.
A write that died in between is settled by `antt.writes.writer.recover`: the file's hash says
whether
the swap happened (then a commit line is added) or not (then an *abort* line). Lines written
before this protocol have no "phase" and count as committed entries.

A crash in the middle of an append leaves a torn last line (no newline). It is never glued to
the next entry: the next append first ends it with a newline, readers skip it, and its id (the
first field of every line) stays taken.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

AUDIT_NAME = "audit.jsonl"

ACTION_LABELS = {
    "append": "Thêm bản ghi",
    "upsert": "Cập nhật theo khóa",
    "correct": "Sửa một bản ghi",
    "delete": "Xóa một bản ghi",
    "undo": "Hoàn tác",
    "submit": "Nộp báo cáo",
    "approve": "Duyệt báo cáo",
    "return": "Trả lại báo cáo",
    "reopen": "Mở khóa kỳ đã duyệt",
    "acknowledge": "Xác nhận tệp bị sửa ngoài ứng dụng",
    "follow": "Đánh dấu theo dõi cảnh báo",
    "unfollow": "Bỏ theo dõi cảnh báo",
    "confirm": "Xác nhận đúng, gỡ cảnh báo",
}
_ID_PREFIX = re.compile(rb'^\{"id": (\d+)')


@dataclass
class AuditEntry:
    id: int
    at: str  # ISO time, Asia/Ho_Chi_Minh
    user: str
    action: str  # append | upsert | correct | delete | undo
    table: str
    file_name: str  # the uploaded file, or "" for edits on the page
    sha256: str  # of the uploaded file ("" for edits)
    rows_added: int = 0
    rows_changed: int = 0
    rows_deleted: int = 0
    backup: str = ""  # path of the previous version, relative to the data folder
    before_sha256: str = ""  # of the table file before the change
    after_sha256: str = ""  # and after it
    undoes: int | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


_FIELDS = {f.name for f in fields(AuditEntry)}


@dataclass
class Log:
    """The parsed log: committed entries in order, unfinished intents, the highest id used."""

    committed: list[AuditEntry]
    pending: list[AuditEntry]
    last_id: int
    torn_tail: bool  # the file ends inside a line (a crash mid-append)


def read_log(data_dir: Path) -> Log:
    path = Path(data_dir) / AUDIT_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Log([], [], 0, False)
    lines = raw.split(b"\n")
    torn_tail = lines[-1] != b""
    intents: dict[int, AuditEntry] = {}
    order: list[int] = []
    settled: dict[int, str] = {}
    last_id = 0
    for line in lines:
        found = _ID_PREFIX.match(line)
        if found:  # even a torn line's id stays taken
            last_id = max(last_id, int(found.group(1)))
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                continue
            phase = record.pop("phase", None)
            if phase in ("commit", "abort"):
                settled.setdefault(int(record["id"]), phase)
                continue
            entry = AuditEntry(**{k: v for k, v in record.items() if k in _FIELDS})
        except (ValueError, TypeError, KeyError):
            continue  # a torn line (ended by the next append) or a foreign line
        if entry.id in intents:
            continue  # an id is used once; a second line with it is not trusted
        intents[entry.id] = entry
        order.append(entry.id)
        if phase is None:  # written before the intent/commit protocol: complete by itself
            settled[entry.id] = "commit"
    committed = [intents[i] for i in order if settled.get(i) == "commit"]
    pending = [intents[i] for i in order if i not in settled]
    return Log(committed, pending, last_id, torn_tail)


def read_audit(data_dir: Path) -> list[AuditEntry]:
    """Every committed entry, oldest first (unfinished writes and torn lines are left out)."""
    return read_log(data_dir).committed


def write_intent(data_dir: Path, entry: AuditEntry) -> None:
    _append(data_dir, {**asdict(entry), "phase": "intent"})


def write_commit(data_dir: Path, entry_id: int, at: str, recovered: bool = False) -> None:
    record: dict = {"id": entry_id, "phase": "commit", "at": at}
    if recovered:
        record["recovered"] = True
    _append(data_dir, record)


def write_abort(data_dir: Path, entry_id: int, at: str, reason: str) -> None:
    _append(data_dir, {"id": entry_id, "phase": "abort", "at": at, "reason": reason})


def end_torn_line(data_dir: Path) -> bool:
    """Close a torn last line with a newline (the next line must not be glued to it)."""
    path = Path(data_dir) / AUDIT_NAME
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() == 0:
                return False
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return False
    except FileNotFoundError:
        return False
    with open(path, "ab") as fh:
        fh.write(b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return True


def _append(data_dir: Path, record: dict) -> None:
    """One line, fsynced. A failed append (a full disk) is cut off again, so it leaves no torn
    line behind; the error goes to the caller."""
    end_torn_line(data_dir)
    path = Path(data_dir) / AUDIT_NAME
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        start = os.fstat(fd).st_size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsync'ed
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
