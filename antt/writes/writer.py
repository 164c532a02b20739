"""Changing the data files safely: the write protocol (`apply_change`), its recovery after a
crash, undo, and the record edits of the Dữ liệu page (correct or delete one row).

Every change goes through `apply_change`, holding the folder lock
(antt.writes.safe_files.data_lock):
1. an unfinished earlier write is settled first (`recover`: commit or abort, stale temp files);
2. the change is checked (antt.writes.change_checks.check_change): the whole folder must still load
   with the new file in place, and new cells must follow the cell policy (antt.data.cells);
3. the free space must hold the new file (a full disk refuses the change, replacing nothing);
4. the current file is kept in data/backups/<table>/ (a hard link: the old inode stays intact);
5. an *intent* line (the whole audit entry) is appended to data/audit.jsonl and fsynced;
6. the new bytes go to a temporary file in the same folder, flushed and fsynced, and os.replace
   swaps it in (atomic on POSIX: readers see the old or the new file, never half);
7. a *commit* line is appended and fsynced.

A crash before 6 leaves the old file and, at most, an intent that `recover` aborts (its id stays
used); after the swap, the new file and an intent that `recover` commits. `recover` runs before
every write and when a process first opens the folder (antt.data.store.get_store), so data and audit
never disagree for long and never lose an entry. Tests stop a writer at each step
(antt.writes.safe_files.hook).

The parts: antt/writes/safe_files.py (lock, atomic replace, backups, free space),
antt/writes/change_checks.py
(whether a change may be written), antt/writes/audit.py (the log lines), antt/writes/csv_rows.py (a
table file
as text rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
from pathlib import Path

from antt.data.schema import TABLES, Table
from antt.problems import Problem
from antt.text.fmt import TZ
from antt.writes import audit, safe_files
from antt.writes.audit import AUDIT_NAME, AuditEntry, read_audit
from antt.writes.change_checks import check_change
from antt.writes.csv_rows import CsvFile, cell_text
from antt.writes.safe_files import WriteError, data_lock


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the protocol -----------------------------------------------------------------------------


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
    try:
        recover(data_dir)
    except OSError as exc:  # a full disk while settling an earlier write (issue 25)
        raise safe_files.disk_error(table, exc) from exc
    problems = check_change(data_dir, table_name, new_bytes, action=action, user=user,
                            today=today)
    if problems:
        raise WriteError(problems)
    path = data_dir / table.file
    before = sha256_bytes(path.read_bytes()) if path.exists() else ""
    entry_id = audit.read_log(data_dir).last_id + 1
    now = _now()
    safe_files.check_space(data_dir, table, len(new_bytes))
    try:
        backup = safe_files.keep_backup(data_dir, table, entry_id, now)
    except OSError as exc:
        raise safe_files.disk_error(table, exc) from exc
    entry = AuditEntry(
        id=entry_id, at=now.isoformat(timespec="seconds"), user=user, action=action,
        table=table_name, file_name=file_name, sha256=source_sha256, rows_added=added,
        rows_changed=changed, rows_deleted=deleted, backup=backup, before_sha256=before,
        after_sha256=sha256_bytes(new_bytes), undoes=undoes, note=note,
    )
    safe_files.step("before_intent")
    try:
        audit.write_intent(data_dir, entry)
    except OSError as exc:
        raise safe_files.disk_error(table, exc) from exc
    safe_files.step("after_intent")
    try:
        safe_files.atomic_write(path, new_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):  # else `recover` aborts it: the old file is intact
            audit.write_abort(data_dir, entry_id, _stamp(), f"không ghi được tệp: {exc}")
        raise safe_files.disk_error(table, exc) from exc
    safe_files.step("after_replace")
    safe_files.step("before_commit")
    with contextlib.suppress(OSError):  # the new file is in place: `recover` commits it later
        audit.write_commit(data_dir, entry_id, _stamp())
    safe_files.step("after_commit")
    return entry


def _stamp() -> str:
    return _now().isoformat(timespec="seconds")


# --- recovery ---------------------------------------------------------------------------------


def recover(data_dir: Path) -> list[AuditEntry]:
    """Settle what a crashed writer left (the caller holds the lock): each unfinished intent is
    committed when its table file holds the new bytes and aborted otherwise; a torn last audit
    line is ended; temporary files are removed. Returns the entries committed now."""
    data_dir = Path(data_dir)
    safe_files.remove_temp_files(data_dir)
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
    if safe_files.temp_files(data_dir):
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


_settled: set[Path] = set()
_settled_lock = threading.Lock()


def settle_at_start(data_dir: Path) -> None:
    """recover_at_start, once per process and folder. app.py calls it before every page run
    and the command line before its command, so a crashed write is settled before the store
    reads the folder (the data layer never calls up into the write path)."""
    key = Path(data_dir).resolve()
    if key in _settled:
        return
    with _settled_lock:
        if key not in _settled:
            recover_at_start(key)
            _settled.add(key)


# --- undo -------------------------------------------------------------------------------------


def last_undoable(data_dir: Path) -> AuditEntry | None:
    """The most recent change not yet undone (undo entries themselves are not undone, nor
    report events: a report is sent back or reopened instead, see antt/reporting/approval.py)."""
    entries = read_audit(data_dir)
    undone = {e.undoes for e in entries if e.action == "undo"}
    for entry in reversed(entries):
        if entry.action not in ("undo", "acknowledge") and entry.id not in undone \
                and entry.table != "reports":
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
