"""The administration log: who added, locked, reset or re-scoped which editor, when (page and
command line alike), next to the editors file. Never a password or a hash."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from antt.access.editors_file import editors_file, editors_lock, normalise_name
from antt.text.fmt import TZ

ADMIN_ACTIONS = {
    "add": "Thêm người sửa dữ liệu", "password": "Đặt lại mật khẩu", "communes": "Đổi xã được sửa",
    "disable": "Khóa tài khoản", "enable": "Mở lại tài khoản", "remove": "Xóa người sửa dữ liệu",
    "role": "Đổi vai trò",
}


def admin_log_file(path: Path | None = None) -> Path:
    path = path or editors_file()
    return path.with_name(path.stem + ".audit.jsonl")


def log_admin(action: str, name: str, by: str, detail: str = "",
              path: Path | None = None) -> None:
    """Append who changed which editor, when and how (never a password or a hash)."""
    record = {"at": dt.datetime.now(TZ).isoformat(timespec="seconds"), "by": by,
              "action": action, "editor": normalise_name(name), "detail": detail}
    target = admin_log_file(path)
    with editors_lock(path or editors_file()), open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_admin_log(path: Path | None = None, last: int = 50) -> list[dict]:
    """The newest `last` administration entries, newest first (torn lines skipped)."""
    try:
        lines = admin_log_file(path).read_text(encoding="utf-8").splitlines()[-last:]
    except FileNotFoundError:
        return []
    out = []
    for line in reversed(lines):
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
