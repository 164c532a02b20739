"""Data files changed outside the app (issue 25 item 8).

Every write through the app records the table file's SHA-256 after it in the audit log. A file
whose content no longer matches the last hash the log recorded for it was edited by hand (or by
another program) with no audit line: its figures may have changed in approved months without a
reopen. `changed_outside` names those tables; the Dữ liệu page shows "tệp đã bị sửa ngoài ứng
dụng" to editors; approving any report period is refused until an editor of every commune
acknowledges the files (`acknowledge`: an audit line "acknowledge" recording the file's hash
as it is now, so the log's last hash matches again). The change itself is not judged: a file
edited outside the app cannot be compared with a version the app never kept. Tables the log
never wrote (the bundled data before any change) have no hash to compare with.
"""

from __future__ import annotations

import threading
from pathlib import Path

from antt.data.schema import TABLES
from antt.problems import Problem
from antt.writes import audit, writer
from antt.writes.audit import AuditEntry
from antt.writes.safe_files import data_lock

ACK = "acknowledge"
NOTICE = "tệp đã bị sửa ngoài ứng dụng"

# (path, mtime_ns, size) -> sha256: a page run checks every file; only changed ones are read.
_hashes: dict[tuple[str, int, int], str] = {}
_hashes_lock = threading.Lock()


def _file_hash(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return ""
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _hashes_lock:
        found = _hashes.get(key)
    if found is None:
        found = writer.sha256_bytes(path.read_bytes())
        with _hashes_lock:
            if len(_hashes) > 256:
                _hashes.clear()
            _hashes[key] = found
    return found


def recorded_hashes(data_dir: Path) -> dict[str, str]:
    """table -> the file's hash after the last committed audit entry that wrote it."""
    last: dict[str, str] = {}
    for entry in audit.read_audit(Path(data_dir)):
        if entry.table in TABLES and entry.after_sha256:
            last[entry.table] = entry.after_sha256
    return last


def changed_outside(data_dir: Path) -> list[str]:
    """Tables whose file differs from the hash the audit log last recorded for it."""
    data_dir = Path(data_dir)
    return [name for name, recorded in recorded_hashes(data_dir).items()
            if _file_hash(data_dir / TABLES[name].file) != recorded]


def approval_problems(data_dir: Path) -> list[Problem]:
    """Why no report period may be approved now (empty: it may)."""
    return [Problem(TABLES[name].file, None, None,
                    f"Tệp {TABLES[name].file} đã bị sửa ngoài ứng dụng (không qua trang Dữ "
                    "liệu hay dòng lệnh, không có dòng nhật ký): chưa duyệt được kỳ báo cáo nào "
                    "cho đến khi người được sửa mọi xã kiểm tra tệp và xác nhận ở trang Dữ liệu.")
            for name in changed_outside(data_dir)]


def acknowledge(data_dir: Path, user: str) -> list[AuditEntry]:
    """Record, for each table changed outside the app, that `user` has checked it: an audit
    entry "acknowledge" with the file's hash before (as last recorded) and now."""
    data_dir = Path(data_dir)
    done = []
    with data_lock(data_dir):
        writer.recover(data_dir)
        recorded = recorded_hashes(data_dir)
        for name in changed_outside(data_dir):
            entry = AuditEntry(
                id=audit.read_log(data_dir).last_id + 1,
                at=writer._now().isoformat(timespec="seconds"), user=user, action=ACK,
                table=name, file_name="", sha256="",
                before_sha256=recorded[name],
                after_sha256=_file_hash(data_dir / TABLES[name].file),
                note="Đã kiểm tra tệp bị sửa ngoài ứng dụng.")
            audit.write_intent(data_dir, entry)
            audit.write_commit(data_dir, entry.id, entry.at)
            done.append(entry)
    return done
