"""The file mechanics under every write (antt/writes/writer.py runs them in order): the data
folder's
lock, the atomic replace of a file, the backup of the file being replaced, the free-space check,
and the names of the temporary files a crashed write leaves (removed by `remove_temp_files`).

Nothing here knows the audit log or the tables' contents: antt/writes/writer.py does the protocol
(check, backup, intent, replace, commit, recovery), antt/writes/audit.py the log lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from antt.data.schema import Table
from antt.problems import Problem
from antt.text.fmt import number
from antt.writes.audit import fsync_dir

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


def step(point: str) -> None:
    """Call the test hook at one step of a write (see `hook`)."""
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


# --- space ----------------------------------------------------------------------------------


def _free_bytes(folder: Path) -> int:
    """Bytes a writer may still use in `folder` (tests replace this to fake a full disk)."""
    return shutil.disk_usage(folder).free


def check_space(data_dir: Path, table: Table, size: int) -> None:
    free = _free_bytes(data_dir)
    if free < size + SPACE_MARGIN:
        need = number((size + SPACE_MARGIN) / 1024 / 1024, 1)
        raise WriteError([Problem(
            table.file, None, None,
            f"Ổ đĩa chứa dữ liệu không đủ chỗ trống (còn {number(free / 1024 / 1024, 1)} MB, "
            f"cần {need} MB): chưa ghi gì. Hãy báo người quản trị giải phóng ổ đĩa.")])


def disk_error(table: Table, exc: OSError) -> WriteError:
    reason = ("ổ đĩa đầy" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
              else f"lỗi hệ thống: {exc.strerror or exc}")
    return WriteError([Problem(table.file, None, None,
                               f"Không ghi được ({reason}); dữ liệu đang lưu không thay đổi.")])



# --- atomic replace and backups -------------------------------------------------------------------


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
        step("before_replace")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)


def keep_backup(data_dir: Path, table: Table, entry_id: int, now: dt.datetime) -> str:
    """Keep the table's current file in backups/<table>/ (what undo puts back) and drop the
    oldest beyond KEEP_BACKUPS. Returns its path relative to `data_dir`, "" if no file."""
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
    fsync_dir(folder)
    old = sorted(folder.glob("*.csv"))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return str(backup.relative_to(data_dir))


def temp_files(folder: Path) -> list[Path]:
    """The temporary files of `atomic_write` left in `folder` (by a write that died)."""
    return [p for p in folder.glob(".*.tmp") if _TMP_NAME.match(p.name)]


def remove_temp_files(data_dir: Path) -> None:
    """Remove what crashed writes left in the data folder and its backup folders (the caller
    holds the lock, so no writer is using them)."""
    for folder in (data_dir, *sorted((data_dir / BACKUP_DIR).glob("*"))):
        for tmp in temp_files(folder):
            with contextlib.suppress(OSError):
                tmp.unlink()
