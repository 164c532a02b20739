"""The write protocol (issue 15, item 4): intent line fsynced before the swap, commit after,
recovery of a write cut short at any step, torn audit lines, a full disk, stale temp files."""

from __future__ import annotations

import errno
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from antt.data.store import read_all
from antt.entry.importer import import_file
from antt.writes import audit, safe_files, writer

# tests/conftest.py by path: "from conftest import" gets tests/browser/conftest.py when the whole
# suite is collected (both are imported under the module name "conftest").
_spec = importlib.util.spec_from_file_location("tests_conftest", Path(__file__).with_name(
    "conftest.py"))
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
MINI_DATA, REPO, copy_data = _conftest.MINI_DATA, _conftest.REPO, _conftest.copy_data

TODAY = "2025-06-30"
REPO = Path(__file__).resolve().parent.parent
MINI_DATA = REPO / "tests" / "fixtures" / "mini"
HEADER = "record_id,held_on,village_code,model_id,occasion,participants\n"
POINTS = ["before_intent", "after_intent", "before_replace", "after_replace", "before_commit",
          "after_commit"]
SWAPPED = {"after_replace", "before_commit", "after_commit"}

# A writer process that dies (os._exit, no clean-up at all) at one step of its write.
CHILD = """
import datetime as dt, os, sys
from pathlib import Path
from antt.writes import safe_files
from antt.entry.importer import import_file
data_dir, point, content = sys.argv[1], sys.argv[2], sys.argv[3]
def die(at):
    if at == point:
        os._exit(9)
safe_files.hook = die
result = import_file("patrols", content.encode(), "f.csv", Path(data_dir), user="u",
                     today=dt.date(2025, 6, 30))
print(result.problems)
"""


def _patrols(first: int, n: int = 2) -> bytes:
    return (HEADER + "".join(f",2024-06-05,00002-01,,thuong_xuyen,{first + i}\n"
                             for i in range(n))).encode()


def _import(data_dir: Path, content: bytes) -> writer.AuditEntry:
    import datetime as dt

    result = import_file("patrols", content, "f.csv", data_dir, user="u",
                         today=dt.date.fromisoformat(TODAY))
    assert result.problems == []
    return result.audit


def _tmp_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.rglob(".*.tmp"))


@pytest.mark.parametrize("point", POINTS)
def test_writer_killed_at_each_step_leaves_data_and_audit_agreeing(point: str, mini_dir: Path):
    path = mini_dir / "patrols.csv"
    before = path.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(mini_dir), point, _patrols(1000).decode()],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == 9, child.stderr
    swapped = path.read_bytes() != before
    assert swapped == (point in SWAPPED)
    if point == "before_replace":  # the complete temporary file the dead writer left behind
        assert _tmp_files(mini_dir) == [f".patrols.csv.{_pid_of(mini_dir)}.tmp"]
    # the next start settles it (or the next write, or an undo)
    writer.settle_at_start(mini_dir)
    assert _tmp_files(mini_dir) == []
    log = audit.read_log(mini_dir)
    assert log.pending == []
    if swapped:
        assert [e.id for e in log.committed] == [1]
        assert log.committed[0].after_sha256 == writer.sha256_bytes(path.read_bytes())
        assert log.committed[0].rows_added == 2
    else:
        assert log.committed == []
    # the next write gets a fresh id (an intent's id is never reused), undo walks back
    intent_written = point != "before_intent"
    entry = _import(mini_dir, _patrols(2000))
    assert entry.id == (2 if intent_written else 1)
    writer.undo_last(mini_dir, "lan", today=_today())
    if swapped:
        writer.undo_last(mini_dir, "lan", today=_today())
    assert path.read_bytes() == before
    assert read_all(mini_dir, today=_today()).problems == []


def _pid_of(data_dir: Path) -> str:
    name = next(data_dir.glob(".patrols.csv.*.tmp")).name
    return name[len(".patrols.csv."):-len(".tmp")]


def _today():
    import datetime as dt

    return dt.date.fromisoformat(TODAY)


def test_torn_last_line_is_not_glued_and_its_id_not_reused(mini_dir: Path):
    """A crash in the middle of an audit append (the commit line of entry 1 half written)."""
    path = mini_dir / "patrols.csv"
    before = path.read_bytes()
    _import(mini_dir, _patrols(1000))
    log_path = mini_dir / audit.AUDIT_NAME
    raw = log_path.read_bytes()
    commit_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    log_path.write_bytes(raw[: commit_start + 10])  # '{"id": 1, ' with no newline
    assert writer.read_audit(mini_dir) == []  # entry 1 is not committed as far as the log says
    second = _import(mini_dir, _patrols(2000))  # the next write settles entry 1 first
    assert second.id == 2
    entries = writer.read_audit(mini_dir)
    assert [e.id for e in entries] == [1, 2]
    assert audit.read_log(mini_dir).torn_tail is False
    # the torn fragment stays on its own line, skipped; nothing glued onto it
    lines = log_path.read_bytes().split(b"\n")
    assert lines[1] == raw[commit_start: commit_start + 10]
    assert writer.undo_last(mini_dir, "lan", today=_today()).undoes == 2
    assert writer.undo_last(mini_dir, "lan", today=_today()).undoes == 1
    assert path.read_bytes() == before


def test_torn_intent_keeps_its_id_taken(mini_dir: Path):
    _import(mini_dir, _patrols(1000))
    with open(mini_dir / audit.AUDIT_NAME, "ab") as fh:
        fh.write(b'{"id": 2, "at": "2025-06-30T1')  # died while writing intent 2
    entry = _import(mini_dir, _patrols(2000))
    assert entry.id == 3
    assert [e.id for e in writer.read_audit(mini_dir)] == [1, 3]


def test_legacy_audit_lines_still_count(mini_dir: Path):
    """Lines written before the intent/commit protocol are whole entries by themselves."""
    entry = _import(mini_dir, _patrols(1000))
    log_path = mini_dir / audit.AUDIT_NAME
    legacy = log_path.read_text(encoding="utf-8").splitlines()[0].replace(
        ', "phase": "intent"', "")
    log_path.write_text(legacy + "\n", encoding="utf-8")
    assert [e.id for e in writer.read_audit(mini_dir)] == [entry.id]
    assert writer.undo_last(mini_dir, "lan", today=_today()).undoes == 1


def test_commit_line_lost_to_a_full_disk_is_recovered(mini_dir: Path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit, "write_commit", full)
    entry = _import(mini_dir, _patrols(1000))  # the data is in place; its commit line is not
    monkeypatch.undo()
    assert writer.read_audit(mini_dir) == []
    writer.recover_at_start(mini_dir)
    assert [e.id for e in writer.read_audit(mini_dir)] == [entry.id]


def test_intent_line_refused_by_a_full_disk_writes_nothing(mini_dir: Path, monkeypatch):
    before = (mini_dir / "patrols.csv").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit, "write_intent", full)
    result = import_file("patrols", _patrols(1000), "f.csv", mini_dir, user="u", today=_today())
    assert [str(p) for p in result.problems] == [
        "patrols.csv: Không ghi được (ổ đĩa đầy); dữ liệu đang lưu không thay đổi."]
    assert (mini_dir / "patrols.csv").read_bytes() == before
    assert writer.read_audit(mini_dir) == []


def test_a_full_disk_while_an_earlier_write_is_pending_gives_the_vietnamese_error(
        mini_dir: Path, monkeypatch):
    """Issue 25 item 10: recover() raised a bare OSError before the free-space check."""
    before = (mini_dir / "patrols.csv").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    class Stopped(Exception):
        pass

    def stop(*args, **kwargs):
        raise Stopped  # the writer stops after its intent line: the intent stays pending

    monkeypatch.setattr(safe_files, "atomic_write", stop)
    with pytest.raises(Stopped):
        import_file("patrols", _patrols(1000), "f.csv", mini_dir, user="u", today=_today())
    monkeypatch.undo()
    monkeypatch.setattr(audit, "write_abort", full)
    result = import_file("patrols", _patrols(1001), "g.csv", mini_dir, user="u", today=_today())
    assert [str(p) for p in result.problems] == [
        "patrols.csv: Không ghi được (ổ đĩa đầy); dữ liệu đang lưu không thay đổi."]
    assert (mini_dir / "patrols.csv").read_bytes() == before


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs holding a copy of the mini data (needs root to mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        data_dir = Path(shutil.copytree(MINI_DATA, mount / "data"))
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * (free - 1200 * 1024))  # ~1,2 MB left
        yield data_dir
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_refuses_before_replacing(small_disk: Path, monkeypatch):
    path = small_disk / "patrols.csv"
    before = path.read_bytes()
    big = _patrols(10_000, 20_000)  # ~700 KB of new rows
    result = import_file("patrols", big, "lon.csv", small_disk, user="u", today=_today())
    assert len(result.problems) == 1
    assert "Ổ đĩa chứa dữ liệu không đủ chỗ trống" in result.problems[0].message
    assert path.read_bytes() == before and writer.read_audit(small_disk) == []
    # without the check the real ENOSPC comes while writing the temporary file: still refused,
    # nothing replaced, no temporary file left, the intent aborted
    monkeypatch.setattr(safe_files, "_free_bytes", lambda folder: 10**12)
    big = _patrols(10_000, 40_000)  # ~1,4 MB: more than the disk has
    result = import_file("patrols", big, "lon.csv", small_disk, user="u", today=_today())
    assert [str(p) for p in result.problems] == [
        "patrols.csv: Không ghi được (ổ đĩa đầy); dữ liệu đang lưu không thay đổi."]
    assert path.read_bytes() == before
    assert _tmp_files(small_disk) == []
    log = audit.read_log(small_disk)
    assert (log.committed, log.pending, log.last_id) == ([], [], 1)
    assert read_all(small_disk, today=_today()).problems == []
    assert _import(small_disk, _patrols(1000)).id == 2  # a small write still fits


def test_undo_right_after_a_crash_undoes_the_write_that_reached_its_swap(mini_dir: Path):
    path = mini_dir / "patrols.csv"
    before = path.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(mini_dir), "before_commit", _patrols(1000).decode()],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == 9, child.stderr
    assert writer.read_audit(mini_dir) == []  # not committed yet: no start, no write since
    entry = writer.undo_last(mini_dir, "lan", today=_today())
    assert (entry.undoes, entry.rows_deleted) == (1, 2)
    assert path.read_bytes() == before
