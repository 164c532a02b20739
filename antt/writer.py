"""Changing the data files safely: one writer at a time, atomic replace, backup, audit, undo.

Every change goes through `apply_change`, holding the folder lock (`data_lock`):
1. the whole folder is checked with the new file in place (the store must still load it:
   a model cannot be ended before its recorded activities, a referenced row cannot vanish);
2. the current file is kept in data/backups/<table>/ (a hard link: the old inode stays intact);
3. the new bytes go to a temporary file in the same folder, flushed and fsync'ed;
4. os.replace swaps it in (atomic on POSIX: readers see the old or the new file, never half);
5. one line is appended to data/audit.jsonl (when, who, table, file name and hash, counts).

A crash before step 4 leaves the previous file; after it, the new one. A crash between 4 and 5
leaves correct data but no audit line for that change (the backup still holds the old file).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
from filelock import FileLock, Timeout

from antt.csvio import decode_text, parse_csv_text
from antt.fmt import TZ, today_local
from antt.problems import Problem
from antt.schema import TABLES, Table
from antt.store import extend_context
from antt.validation import Context, validate_table

LOCK_NAME = ".lock"
AUDIT_NAME = "audit.jsonl"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 50  # per table; older backups are removed (undo only needs the latest)
LOCK_TIMEOUT_S = 60.0

# Test hook: called after the temporary file is written and before it replaces the old one.
before_replace: Callable[[Path], None] | None = None

_thread_locks: dict[Path, threading.RLock] = {}
_thread_locks_guard = threading.Lock()


class WriteError(Exception):
    """A change that was refused; carries Vietnamese problems for the report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


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


ACTION_LABELS = {
    "append": "Thêm bản ghi",
    "upsert": "Cập nhật theo khóa",
    "correct": "Sửa một bản ghi",
    "delete": "Xóa một bản ghi",
    "undo": "Hoàn tác",
}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- locking ----------------------------------------------------------------------------------


@contextlib.contextmanager
def data_lock(data_dir: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Serialise writers of one data folder across threads and processes."""
    data_dir = Path(data_dir).resolve()
    with _thread_locks_guard:
        tlock = _thread_locks.setdefault(data_dir, threading.RLock())
    if not tlock.acquire(timeout=timeout):
        raise WriteError([_busy(data_dir)])
    try:
        try:
            with FileLock(str(data_dir / LOCK_NAME), timeout=timeout):
                yield
        except Timeout as exc:
            raise WriteError([_busy(data_dir)]) from exc
    finally:
        tlock.release()


def _busy(data_dir: Path) -> Problem:
    return Problem(
        str(data_dir.name), None, None, "Dữ liệu đang được người khác ghi; hãy thử lại sau ít phút."
    )


# --- reading and checking the folder ----------------------------------------------------------


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
            try:
                raw = (Path(data_dir) / table.file).read_bytes()
            except FileNotFoundError:
                failed.add(table.name)
                problems.append(Problem(table.file, None, None, "Không tìm thấy tệp."))
                continue
        typed, found = _read_bytes(raw, table, ctx)
        if typed is None:
            failed.add(table.name)
            problems.extend(found)
            continue
        tables[table.name] = typed
        extend_context(ctx, table, typed)
    return tables, ctx, problems


def _read_bytes(raw: bytes, table: Table, ctx: Context) -> tuple[pa.Table | None, list[Problem]]:
    text, problems = decode_text(raw, table.file)
    if text is None:
        return None, problems
    parsed, problems = parse_csv_text(text, table.file)
    if parsed is None:
        return None, problems
    return validate_table(table, parsed, ctx, table.file)


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


# --- writing ----------------------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsync'ed
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temporary file in the same folder, fsync, os.replace."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(path.parent)


def _keep_backup(data_dir: Path, table: Table, entry_id: int, now: dt.datetime) -> str:
    path = data_dir / table.file
    if not path.exists():
        return ""
    folder = data_dir / BACKUP_DIR / table.name
    folder.mkdir(parents=True, exist_ok=True)
    backup = folder / f"{now:%Y%m%d-%H%M%S}-{entry_id:06d}.csv"
    try:
        os.link(path, backup)  # the old inode survives the replace: an exact, instant copy
    except OSError:
        atomic_write(backup, path.read_bytes())
    _fsync_dir(folder)
    old = sorted(folder.glob("*.csv"))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return str(backup.relative_to(data_dir))


def read_audit(data_dir: Path) -> list[AuditEntry]:
    """Every audit entry, oldest first (a torn last line from a crash is skipped)."""
    path = Path(data_dir) / AUDIT_NAME
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(AuditEntry(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return entries


def _append_audit(data_dir: Path, entry: AuditEntry) -> None:
    line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
    with open(Path(data_dir) / AUDIT_NAME, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def apply_change(
    data_dir: Path,
    table_name: str,
    new_bytes: bytes,
    *,
    user: str,
    action: str,
    file_name: str = "",
    source_sha256: str = "",
    added: int = 0,
    changed: int = 0,
    deleted: int = 0,
    undoes: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> AuditEntry:
    """Replace one table file with `new_bytes`. The caller must hold `data_lock(data_dir)`.

    Raises WriteError (nothing written) when the folder would not load with the new file."""
    data_dir = Path(data_dir)
    table = TABLES[table_name]
    _, _, problems = check_folder(data_dir, {table_name: new_bytes}, today)
    if problems:
        raise WriteError(problems)
    path = data_dir / table.file
    before = sha256_bytes(path.read_bytes()) if path.exists() else ""
    entries = read_audit(data_dir)
    entry_id = (entries[-1].id + 1) if entries else 1
    now = dt.datetime.now(TZ)
    backup = _keep_backup(data_dir, table, entry_id, now)
    atomic_write(path, new_bytes)
    entry = AuditEntry(
        id=entry_id,
        at=now.isoformat(timespec="seconds"),
        user=user,
        action=action,
        table=table_name,
        file_name=file_name,
        sha256=source_sha256,
        rows_added=added,
        rows_changed=changed,
        rows_deleted=deleted,
        backup=backup,
        before_sha256=before,
        after_sha256=sha256_bytes(new_bytes),
        undoes=undoes,
        note=note,
    )
    _append_audit(data_dir, entry)
    return entry


# --- undo -------------------------------------------------------------------------------------


def last_undoable(data_dir: Path) -> AuditEntry | None:
    """The most recent change not yet undone (undo entries themselves are not undone)."""
    entries = read_audit(data_dir)
    undone = {e.undoes for e in entries if e.action == "undo"}
    for entry in reversed(entries):
        if entry.action != "undo" and entry.id not in undone:
            return entry
    return None


def undo_last(data_dir: Path, user: str, today: dt.date | None = None) -> AuditEntry:
    """Put back the file as it was before the last change, from its backup, byte for byte."""
    data_dir = Path(data_dir)
    with data_lock(data_dir):
        entry = last_undoable(data_dir)
        if entry is None:
            raise WriteError(
                [Problem(AUDIT_NAME, None, None, "Không có thay đổi nào để hoàn tác.")])
        table = TABLES[entry.table]
        path = data_dir / table.file
        backup = data_dir / entry.backup if entry.backup else None
        if backup is None or not backup.exists():
            raise WriteError(
                [Problem(table.file, None, None,
                         f"Không còn bản sao lưu của lần ghi số {entry.id}.")]
            )
        if sha256_bytes(path.read_bytes()) != entry.after_sha256:
            raise WriteError(
                [
                    Problem(
                        table.file,
                        None,
                        None,
                        f"Tệp đã bị thay đổi sau lần ghi số {entry.id}; "
                        "không thể hoàn tác tự động.",
                    )
                ]
            )
        return apply_change(
            data_dir,
            entry.table,
            backup.read_bytes(),
            user=user,
            action="undo",
            file_name=entry.file_name,
            source_sha256=entry.sha256,
            added=entry.rows_deleted,
            changed=entry.rows_changed,
            deleted=entry.rows_added,
            undoes=entry.id,
            note=f"Hoàn tác lần ghi số {entry.id}",
            today=today,
        )


# --- single records ---------------------------------------------------------------------------


def _find_row(csv_file: CsvFile, table: Table, key: dict[str, str]) -> int:
    idx = [csv_file.header.index(k) for k in table.key]
    wanted = [str(key[k]).strip() for k in table.key]
    for i, row in enumerate(csv_file.rows):
        if [row[j].strip() if j < len(row) else "" for j in idx] == wanted:
            return i
    label = " / ".join(wanted)
    raise WriteError([Problem(table.file, None, table.key[0], f"Không có bản ghi “{label}”.")])


def delete_record(
    data_dir: Path, table_name: str, key: dict[str, str], user: str, today: dt.date | None = None
) -> AuditEntry:
    """Remove one row (found by its key). Refused if other rows still refer to it."""
    table = TABLES[table_name]
    with data_lock(data_dir):
        csv_file = CsvFile.read(Path(data_dir) / table.file)
        del csv_file.rows[_find_row(csv_file, table, key)]
        return apply_change(
            data_dir, table_name, csv_file.to_bytes(), user=user, action="delete", deleted=1,
            note=" / ".join(str(key[k]) for k in table.key), today=today,
        )


def correct_record(
    data_dir: Path,
    table_name: str,
    key: dict[str, str],
    values: dict[str, str],
    user: str,
    today: dt.date | None = None,
) -> AuditEntry:
    """Change some cells of one row (canonical text: ISO dates, plain integers, codes)."""
    table = TABLES[table_name]
    with data_lock(data_dir):
        csv_file = CsvFile.read(Path(data_dir) / table.file)
        i = _find_row(csv_file, table, key)
        row = list(csv_file.rows[i]) + [""] * (len(csv_file.header) - len(csv_file.rows[i]))
        for name, value in values.items():
            row[csv_file.header.index(name)] = cell_text(value).strip()
        if row == csv_file.rows[i]:
            raise WriteError([Problem(table.file, None, None, "Không có giá trị nào thay đổi.")])
        csv_file.rows[i] = row
        return apply_change(
            data_dir, table_name, csv_file.to_bytes(), user=user, action="correct", changed=1,
            note=" / ".join(str(key[k]) for k in table.key), today=today,
        )
