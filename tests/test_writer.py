"""Writing data: concurrent appends lose nothing, a killed writer leaves a whole file, undo
restores byte for byte, every change leaves an audit line, single records corrected/deleted."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from antt.data.store import read_all
from antt.entry.importer import import_file
from antt.writes import safe_files, writer

TODAY = dt.date(2025, 6, 30)
HEADER = "record_id,held_on,village_code,model_id,occasion,participants\n"


def _patrol_file(n: int) -> bytes:
    """Two rows with blank record ids (generated under the lock), unique by participants."""
    return (HEADER + f",2024-06-05,00002-01,,thuong_xuyen,{1000 + 2 * n}\n"
            f",2024-06-05,00002-01,,thuong_xuyen,{1001 + 2 * n}\n").encode()


def _append(args: tuple[str, int]) -> list[str]:
    data_dir, n = args
    result = import_file("patrols", _patrol_file(n), f"f{n}.csv", Path(data_dir),
                         user=f"u{n}", today=TODAY)
    return [str(p) for p in result.problems]


def _check_twenty_appends(mini_dir: Path) -> None:
    lines = (mini_dir / "patrols.csv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:]
    assert len(rows) == 4 + 40
    ids = [r.split(",")[0] for r in rows]
    assert len(set(ids)) == 44
    assert sorted(int(r.split(",")[-1]) for r in rows[4:]) == list(range(1000, 1040))
    assert sorted(ids[4:], key=lambda x: int(x[1:])) == [f"P{i}" for i in range(5, 45)]
    entries = writer.read_audit(mini_dir)
    assert [e.id for e in entries] == list(range(1, 21))
    assert sum(e.rows_added for e in entries) == 40
    assert read_all(mini_dir, today=TODAY).problems == []


def test_twenty_concurrent_appends_in_threads(mini_dir: Path):
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda n=n: results.append(_append((str(mini_dir), n))))
               for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [[]] * 20
    _check_twenty_appends(mini_dir)


def _plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spawned children re-import the parent's __main__. An earlier AppTest run can leave
    Streamlit's script module there (a temporary file already deleted), and the pool's workers
    would then die at start and be respawned for ever: give them an empty __main__."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


def test_twenty_concurrent_appends_in_processes(mini_dir: Path, monkeypatch: pytest.MonkeyPatch):
    _plain_main(monkeypatch)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_append, [(str(mini_dir), n) for n in range(20)])
    assert results == [[]] * 20
    _check_twenty_appends(mini_dir)


def _write_and_hang(data_dir: str, marker: str) -> None:
    """Child: start an append, stop inside the write (temp file complete, not yet replaced)."""
    def hang(tmp: Path) -> None:
        Path(marker).write_text(str(tmp))
        time.sleep(600)

    safe_files.before_replace = hang
    import_file("patrols", _patrol_file(1), "f.csv", Path(data_dir), user="u", today=TODAY)


def test_process_killed_during_write_leaves_previous_file(
    mini_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _plain_main(monkeypatch)
    before = (mini_dir / "patrols.csv").read_bytes()
    marker = tmp_path / "in_write"
    child = multiprocessing.get_context("spawn").Process(
        target=_write_and_hang, args=(str(mini_dir), str(marker)))
    child.start()
    for _ in range(600):  # wait for the child to reach the middle of its write
        if marker.exists():
            break
        time.sleep(0.1)
    assert marker.exists()
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert child.exitcode == -signal.SIGKILL
    assert (mini_dir / "patrols.csv").read_bytes() == before
    assert read_all(mini_dir, today=TODAY).problems == []
    # the dead writer's lock is released with its process: the next append goes through
    assert _append((str(mini_dir), 2)) == []
    assert (mini_dir / "patrols.csv").read_bytes().startswith(before)


def _append_forever(data_dir: str) -> None:
    n = 0
    while True:
        n += 1
        import_file("patrols", _patrol_file(n), "f.csv", Path(data_dir), user="u", today=TODAY)


def test_process_killed_at_any_moment_leaves_readable_data(
    mini_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    _plain_main(monkeypatch)
    child = multiprocessing.get_context("spawn").Process(target=_append_forever,
                                                         args=(str(mini_dir),))
    child.start()
    for _ in range(600):  # let it write a few times, then kill it wherever it is
        if len(writer.read_audit(mini_dir)) >= 3:
            break
        time.sleep(0.1)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert read_all(mini_dir, today=TODAY).problems == []
    rows = (mini_dir / "patrols.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) % 2 == 0 and len(rows) >= 4 + 6  # whole files of two rows only


def test_undo_restores_the_previous_file_byte_for_byte(mini_dir: Path):
    before = (mini_dir / "patrols.csv").read_bytes()
    assert _append((str(mini_dir), 0)) == []
    after = (mini_dir / "patrols.csv").read_bytes()
    assert after != before
    entry = writer.undo_last(mini_dir, "lan", today=TODAY)
    assert (mini_dir / "patrols.csv").read_bytes() == before
    assert (entry.action, entry.undoes, entry.rows_deleted, entry.user) == ("undo", 1, 2, "lan")
    assert writer.last_undoable(mini_dir) is None
    with pytest.raises(writer.WriteError) as exc:
        writer.undo_last(mini_dir, "lan", today=TODAY)
    assert str(exc.value.problems[0]) == "audit.jsonl: Không có thay đổi nào để hoàn tác."


def test_undo_refused_when_file_changed_since(mini_dir: Path):
    assert _append((str(mini_dir), 0)) == []
    path = mini_dir / "patrols.csv"
    path.write_bytes(path.read_bytes() + b"P99,2024-06-05,00002-01,,tet,1\n")
    before = path.read_bytes()
    with pytest.raises(writer.WriteError) as exc:
        writer.undo_last(mini_dir, "lan", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "patrols.csv: Tệp đã bị thay đổi sau lần ghi số 1; không thể hoàn tác tự động."]
    assert path.read_bytes() == before


def test_audit_lines_record_who_what_when(mini_dir: Path):
    content = _patrol_file(0)
    import_file("patrols", content, "tuan_tra_t6.csv", mini_dir, user="thu", today=TODAY)
    line = json.loads((mini_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["at"].endswith("+07:00")
    assert {k: line[k] for k in ("id", "user", "action", "table", "file_name", "rows_added",
                                 "rows_changed", "rows_deleted", "undoes")} == {
        "id": 1, "user": "thu", "action": "append", "table": "patrols",
        "file_name": "tuan_tra_t6.csv", "rows_added": 2, "rows_changed": 0, "rows_deleted": 0,
        "undoes": None}
    assert line["sha256"] == writer.sha256_bytes(content)
    assert line["after_sha256"] == writer.sha256_bytes((mini_dir / "patrols.csv").read_bytes())
    backup = mini_dir / line["backup"]
    assert backup.parent == mini_dir / "backups" / "patrols"
    assert writer.sha256_bytes(backup.read_bytes()) == line["before_sha256"]


def test_correct_and_delete_one_record(mini_dir: Path):
    entry = writer.correct_record(mini_dir, "patrols", {"record_id": "P3"},
                                  {"participants": "6"}, "thu", today=TODAY)
    assert entry.action == "correct" and entry.rows_changed == 1
    lines = (mini_dir / "patrols.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3] == "P3,2024-07-01,00002-01,,thuong_xuyen,6"
    entry = writer.delete_record(mini_dir, "patrols", {"record_id": "P3"}, "thu", today=TODAY)
    assert entry.rows_deleted == 1
    assert "P3," not in (mini_dir / "patrols.csv").read_text(encoding="utf-8")
    writer.undo_last(mini_dir, "thu", today=TODAY)
    assert (mini_dir / "patrols.csv").read_text(encoding="utf-8").splitlines()[3] == lines[3]


def test_bad_correction_and_referenced_delete_are_refused(mini_dir: Path):
    before = (mini_dir / "models.csv").read_bytes()
    with pytest.raises(writer.WriteError) as exc:
        writer.correct_record(mini_dir, "patrols", {"record_id": "P3"},
                              {"participants": "-6"}, "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "patrols.csv, dòng 4, cột “participants”: Số âm “-6” không hợp lệ: phải là số nguyên "
        "không âm."]
    with pytest.raises(writer.WriteError) as exc:
        writer.delete_record(mini_dir, "models", {"model_id": "M2"}, "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "outreach.csv, dòng 7, cột “model_id”: Mã mô hình “M2” không tồn tại."]
    with pytest.raises(writer.WriteError) as exc:
        writer.delete_record(mini_dir, "patrols", {"record_id": "P404"}, "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "patrols.csv, cột “record_id”: Không có bản ghi “P404”."]
    assert (mini_dir / "models.csv").read_bytes() == before
    assert writer.read_audit(mini_dir) == []
