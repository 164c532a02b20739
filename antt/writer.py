"""Changing the data files safely: one writer at a time, atomic replace, backup, audit, undo.

Every change goes through `apply_change`, holding the folder lock (`data_lock`):
1. an unfinished earlier write is settled first (`recover`: commit or abort, stale temp files);
2. the change is checked (`check_change`): the whole folder must still load with the new file
   in place, and new cells must follow the cell policy (antt.cells);
3. the free space must hold the new file (a full disk refuses the change, replacing nothing);
4. the current file is kept in data/backups/<table>/ (a hard link: the old inode stays intact);
5. an *intent* line (the whole audit entry) is appended to data/audit.jsonl and fsynced;
6. the new bytes go to a temporary file in the same folder, flushed and fsynced, and os.replace
   swaps it in (atomic on POSIX: readers see the old or the new file, never half);
7. a *commit* line is appended and fsynced.

A crash before 6 leaves the old file and, at most, an intent that `recover` aborts (its id stays
used); after the swap, the new file and an intent that `recover` commits. `recover` runs before
every write and when a process first opens the folder (antt.store.get_store), so data and audit
never disagree for long and never lose an entry. Tests stop a writer at each `hook` point.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import hashlib
import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from filelock import FileLock, Timeout

from antt import audit
from antt.audit import (  # noqa: F401  (part of the writer's interface)
    ACTION_LABELS,
    AUDIT_NAME,
    AuditEntry,
    read_audit,
)
from antt.cells import cell_problem
from antt.csvio import decode_text, parse_csv_text
from antt.fmt import TZ, number, today_local
from antt.locks import locked_problems
from antt.problems import Problem
from antt.schema import TABLES, Table
from antt.store import extend_context, read_file_bytes
from antt.validation import Context, validate_table

LOCK_NAME = ".lock"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 50  # per table; older backups are removed (undo only needs the latest)
LOCK_TIMEOUT_S = 60.0
SPACE_MARGIN = 1024 * 1024  # free bytes kept beyond the new file (audit lines, the OS)

# Test hooks. `hook(point)` is called at each step of a write: "before_intent", "after_intent",
# "before_replace", "after_replace", "before_commit", "after_commit". `before_replace(tmp)` is
# called with the complete temporary file just before it replaces the old one.
hook: Callable[[str], None] | None = None
before_replace: Callable[[Path], None] | None = None

# The temporary files of atomic_write: .outreach.csv.<pid>.<thread>.tmp
_TMP_NAME = re.compile(r"^\..+\.\d+\.\d+\.tmp$")

_thread_locks: dict[Path, threading.RLock] = {}
_thread_locks_guard = threading.Lock()


class WriteError(Exception):
    """A change that was refused; carries Vietnamese problems for the report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hook(point: str) -> None:
    if hook is not None:
        hook(point)


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
            raw = read_file_bytes(Path(data_dir) / table.file, table)
            if raw is None:
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


# --- the change's checks -----------------------------------------------------------------------


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
    locked = locked_problems(table_name, old, new_bytes, tables, action)  # antt/locks.py
    if locked or action == "undo":
        return locked
    return new_cell_problems(TABLES[table_name], old, new_bytes)


def new_cell_problems(table: Table, old: bytes, new: bytes) -> list[Problem]:
    """The cell policy (antt.cells) applied to the lines of `new` that `old` does not hold."""
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
            reason = cell_problem(col, value.strip()) if col is not None else None
            if reason:
                problems.append(Problem(table.file, skipped + i + 1, col.name, reason))
    return problems


def _free_bytes(folder: Path) -> int:
    """Bytes a writer may still use in `folder` (tests replace this to fake a full disk)."""
    return shutil.disk_usage(folder).free


def _check_space(data_dir: Path, table: Table, size: int) -> None:
    free = _free_bytes(data_dir)
    if free < size + SPACE_MARGIN:
        need = number((size + SPACE_MARGIN) / 1024 / 1024, 1)
        raise WriteError([Problem(
            table.file, None, None,
            f"Ổ đĩa chứa dữ liệu không đủ chỗ trống (còn {number(free / 1024 / 1024, 1)} MB, "
            f"cần {need} MB): chưa ghi gì. Hãy báo người quản trị giải phóng ổ đĩa.")])


def _disk_error(table: Table, exc: OSError) -> WriteError:
    reason = ("ổ đĩa đầy" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
              else f"lỗi hệ thống: {exc.strerror or exc}")
    return WriteError([Problem(table.file, None, None,
                               f"Không ghi được ({reason}); dữ liệu đang lưu không thay đổi.")])


# --- writing ----------------------------------------------------------------------------------


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
        _hook("before_replace")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    audit.fsync_dir(path.parent)


def _keep_backup(data_dir: Path, table: Table, entry_id: int, now: dt.datetime) -> str:
    path = data_dir / table.file
    if not path.exists():
        return ""
    folder = data_dir / BACKUP_DIR / table.name
    folder.mkdir(parents=True, exist_ok=True)
    backup = folder / f"{now:%Y%m%d-%H%M%S}-{entry_id:06d}.csv"
    try:
        os.link(path, backup)  # the old inode survives the replace: an exact, instant copy
    except FileExistsError:
        backup.unlink()  # left by a write that died before its intent line: same id, redo
        os.link(path, backup)
    except OSError:
        atomic_write(backup, path.read_bytes())
    audit.fsync_dir(folder)
    old = sorted(folder.glob("*.csv"))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return str(backup.relative_to(data_dir))


def _now() -> dt.datetime:
    return dt.datetime.now(TZ)


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

    Raises WriteError (nothing written) when the change is refused (`check_change`) or the
    disk cannot take it."""
    data_dir = Path(data_dir)
    table = TABLES[table_name]
    recover(data_dir)
    problems = check_change(data_dir, table_name, new_bytes, action=action, user=user,
                            today=today)
    if problems:
        raise WriteError(problems)
    path = data_dir / table.file
    before = sha256_bytes(path.read_bytes()) if path.exists() else ""
    entry_id = audit.read_log(data_dir).last_id + 1
    now = _now()
    _check_space(data_dir, table, len(new_bytes))
    try:
        backup = _keep_backup(data_dir, table, entry_id, now)
    except OSError as exc:
        raise _disk_error(table, exc) from exc
    entry = AuditEntry(
        id=entry_id, at=now.isoformat(timespec="seconds"), user=user, action=action,
        table=table_name, file_name=file_name, sha256=source_sha256, rows_added=added,
        rows_changed=changed, rows_deleted=deleted, backup=backup, before_sha256=before,
        after_sha256=sha256_bytes(new_bytes), undoes=undoes, note=note,
    )
    _hook("before_intent")
    try:
        audit.write_intent(data_dir, entry)
    except OSError as exc:
        raise _disk_error(table, exc) from exc
    _hook("after_intent")
    try:
        atomic_write(path, new_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):  # else `recover` aborts it: the old file is intact
            audit.write_abort(data_dir, entry_id, _stamp(), f"không ghi được tệp: {exc}")
        raise _disk_error(table, exc) from exc
    _hook("after_replace")
    _hook("before_commit")
    with contextlib.suppress(OSError):  # the new file is in place: `recover` commits it later
        audit.write_commit(data_dir, entry_id, _stamp())
    _hook("after_commit")
    return entry


def _stamp() -> str:
    return _now().isoformat(timespec="seconds")


# --- recovery ---------------------------------------------------------------------------------


def recover(data_dir: Path) -> list[AuditEntry]:
    """Settle what a crashed writer left (the caller holds the lock): each unfinished intent is
    committed when its table file holds the new bytes and aborted otherwise; a torn last audit
    line is ended; temporary files are removed. Returns the entries committed now."""
    data_dir = Path(data_dir)
    for folder in (data_dir, *sorted((data_dir / BACKUP_DIR).glob("*"))):
        for tmp in folder.glob(".*.tmp"):
            if _TMP_NAME.match(tmp.name):
                with contextlib.suppress(OSError):  # under the lock no writer is using it
                    tmp.unlink()
    log = audit.read_log(data_dir)
    if log.torn_tail:
        audit.end_torn_line(data_dir)
    committed = []
    for entry in log.pending:
        path = data_dir / TABLES[entry.table].file if entry.table in TABLES else None
        current = sha256_bytes(path.read_bytes()) if path and path.exists() else ""
        if current == entry.after_sha256:
            audit.write_commit(data_dir, entry.id, _stamp(), recovered=True)
            committed.append(entry)
        else:
            audit.write_abort(data_dir, entry.id, _stamp(),
                              "ghi dở dang (máy dừng trước khi thay tệp)")
    return committed


def needs_recovery(data_dir: Path) -> bool:
    data_dir = Path(data_dir)
    if any(_TMP_NAME.match(p.name) for p in data_dir.glob(".*.tmp")):
        return True
    log = audit.read_log(data_dir)
    return bool(log.pending or log.torn_tail)


def recover_at_start(data_dir: Path) -> None:
    """When a process first opens a data folder: settle a crashed write if there is one.
    Skipped when another writer holds the lock (it settles it itself) or the folder is
    read-only."""
    with contextlib.suppress(WriteError, OSError):
        if needs_recovery(data_dir):
            with data_lock(data_dir, timeout=2.0):
                recover(data_dir)


# --- undo -------------------------------------------------------------------------------------


def last_undoable(data_dir: Path) -> AuditEntry | None:
    """The most recent change not yet undone (undo entries themselves are not undone, nor
    report events: a report is sent back or reopened instead, see antt/approval.py)."""
    entries = read_audit(data_dir)
    undone = {e.undoes for e in entries if e.action == "undo"}
    for entry in reversed(entries):
        if entry.action != "undo" and entry.id not in undone and entry.table != "reports":
            return entry
    return None


def undo_last(data_dir: Path, user: str, today: dt.date | None = None) -> AuditEntry:
    """Put back the file as it was before the last change, from its backup, byte for byte."""
    data_dir = Path(data_dir)
    with data_lock(data_dir):
        recover(data_dir)  # a write cut short after its swap is the one to undo
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
