"""Editors: who may change data. Stored outside the repository, passwords as argon2 hashes.

The editors file is TOML (path from ANTT_EDITORS_FILE, default .streamlit/editors.toml, which is
git-ignored):

    [editors.nguyen_van_a]
    password_hash = "$argon2id$v=19$..."
    communes = ["06340", "06355"]   # optional: the communes this editor may change
    added_at = "2024-10-02T08:00:00+07:00"
    role = "xem"                    # optional: a viewer (signs in, sees, never writes)

Two roles: editors ("sua", the default) change data; viewers ("xem") only sign in to see the
sensitive figures of their communes as they are (antt.privacy). Both are managed alike.

Wrong passwords slow a guesser down twice, without locking the real editor out for long:
- per browser session (a Throttle kept in its session state): after SESSION_FREE failures each
  further try waits, the wait doubling up to SESSION_MAX_S;
- per user name, shared by every session and process (a small JSON file next to the editors
  file, under a file lock): after NAME_FREE failures within WINDOW_S each further try waits,
  doubling up to only NAME_MAX_S, so someone else's wrong tries cost the editor seconds, not
  the 15 minutes a longer lock would. A try refused while waiting is not counted.
The failures file stays small whatever is typed: names that are not well-formed share one
record, at most MAX_UNKNOWN names that are not editors are kept (the oldest dropped), and each
record keeps only its last few failure times.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from argon2 import PasswordHasher
from filelock import FileLock

from antt import config
from antt.text.fmt import TZ

WINDOW_S = 900.0  # an older failure no longer counts
MAX_UNKNOWN = 100  # failure records kept for names that are not editors
KEEP_TIMES = 12  # failure times kept per record (enough to reach NAME_MAX_S)
MALFORMED = "*"  # the one record shared by names that can never be an editor's
_MAX_FILE_BYTES = 1_000_000  # a larger failures file is not ours: start afresh
LOCK_TIMEOUT_S = 5.0
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Verified when the user name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


ROLE_EDITOR, ROLE_VIEWER = "sua", "xem"
ROLE_LABELS = {ROLE_EDITOR: "Người sửa dữ liệu", ROLE_VIEWER: "Người xem số liệu"}


@dataclass(frozen=True)
class Editor:
    name: str
    communes: tuple[str, ...] = ()  # empty: every commune
    # Which password the session signed in with (a digest of its hash, `password_stamp`): a
    # reset password signs the session out. Empty: not known, not checked.
    stamp: str = field(default="", compare=False, repr=False)
    role: str = ROLE_EDITOR  # ROLE_VIEWER: signs in to see, never writes

    @property
    def restricted(self) -> bool:
        return bool(self.communes)

    @property
    def can_write(self) -> bool:
        return self.role == ROLE_EDITOR


def entry_role(entry: Mapping) -> str:
    """An entry's role; anything but a viewer's mark is an editor (files written before roles)."""
    return ROLE_VIEWER if entry.get("role") == ROLE_VIEWER else ROLE_EDITOR


def is_viewer(name: str, path: Path | None = None) -> bool:
    """Whether `name` is a viewer's account (a write in their name is refused)."""
    entry = current_editors(path).get(normalise_name(name))
    return isinstance(entry, Mapping) and entry_role(entry) == ROLE_VIEWER


class AuthError(ValueError):
    """An editor command that cannot be done (message in Vietnamese)."""


def editors_file() -> Path:
    path = os.environ.get("ANTT_EDITORS_FILE")
    return Path(path) if path else config.REPO_DIR / ".streamlit" / "editors.toml"


def _failures_file(path: Path) -> Path:
    return path.with_name(path.stem + ".failures.json")


def editors_lock(path: Path) -> FileLock:
    """The lock every read-change-save of the editors file (and its neighbours) holds."""
    return FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S)


def normalise_name(name: str) -> str:
    return name.strip().casefold()



# --- the editors file ---------------------------------------------------------------------------


def load_editors(path: Path | None = None) -> dict[str, dict]:
    path = path or editors_file()
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return dict(tomllib.load(fh).get("editors", {}))


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _save_editors(editors: dict[str, dict], path: Path) -> None:
    lines = ["# Người được sửa dữ liệu. Tạo bằng: python -m antt editor add TÊN", ""]
    for name in sorted(editors):
        entry = editors[name]
        lines.append(f"[editors.{_toml_string(name)}]")
        lines.append(f"password_hash = {_toml_string(entry['password_hash'])}")
        communes = ", ".join(_toml_string(c) for c in entry.get("communes", []))
        lines.append(f"communes = [{communes}]")
        if entry.get("added_at"):
            lines.append(f"added_at = {_toml_string(entry['added_at'])}")
        if entry.get("disabled"):
            lines.append("disabled = true")
        if entry.get("role") == ROLE_VIEWER:
            lines.append(f"role = {_toml_string(ROLE_VIEWER)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)  # hashes are not secrets, but nobody else needs to read them
    os.replace(tmp, path)


def add_editor(
    name: str, password: str, communes: tuple[str, ...] = (), path: Path | None = None,
    role: str = ROLE_EDITOR,
) -> Editor:
    """Add an editor (or a viewer: `role`), or set a new password/communes/role for an
    existing one."""
    path = path or editors_file()
    name = normalise_name(name)
    if not NAME_PATTERN.match(name):
        raise AuthError("Tên đăng nhập chỉ gồm chữ không dấu, số, “_”, “.”, “-” (2–40 ký tự).")
    _check_password(password)
    _check_communes(communes)
    _check_role(role)
    with editors_lock(path):
        editors = load_editors(path)
        editors[name] = {
            "password_hash": _hasher.hash(password),
            "communes": list(communes),
            "added_at": dt.datetime.now(TZ).isoformat(timespec="seconds"),
            "role": role,
        }
        _save_editors(editors, path)
    return Editor(name, tuple(communes), role=role)


def remove_editor(name: str, path: Path | None = None) -> None:
    _change_editors(name, path, lambda editors, key: editors.pop(key))
    clear_failures(normalise_name(name), path or editors_file())


def list_editors(path: Path | None = None) -> list[Editor]:
    return [
        Editor(name, tuple(entry.get("communes", [])), role=entry_role(entry))
        for name, entry in sorted(current_editors(path).items())
    ]


@dataclass(frozen=True)
class EditorRecord:
    """An editor as the administration page lists it (never the hash)."""

    name: str
    communes: tuple[str, ...]
    disabled: bool
    added_at: str
    role: str = ROLE_EDITOR


def editor_records(path: Path | None = None) -> list[EditorRecord]:
    return [EditorRecord(name, tuple(e.get("communes", [])), bool(e.get("disabled")),
                         e.get("added_at", ""), entry_role(e))
            for name, e in sorted(current_editors(path).items())]


def _change_editors(name: str, path: Path | None, change) -> None:
    """Apply change(editors, name) to an existing editor under the file lock, then save."""
    path = path or editors_file()
    name = normalise_name(name)
    with editors_lock(path):
        editors = load_editors(path)
        if name not in editors:
            raise AuthError(f"Không có người sửa dữ liệu tên “{name}”.")
        change(editors, name)
        _save_editors(editors, path)


def _change_editor(name: str, path: Path | None, change) -> None:
    """Apply change(entry) to one existing editor's entry."""
    _change_editors(name, path, lambda editors, key: change(editors[key]))


def set_disabled(name: str, disabled: bool, path: Path | None = None) -> None:
    """Stop (or allow again) an editor's sign-ins; the entry and its hash stay."""
    _change_editor(name, path, lambda e: e.update(disabled=disabled))


def set_communes(name: str, communes: tuple[str, ...], path: Path | None = None) -> None:
    """The communes an editor may change (empty: every commune)."""
    _check_communes(communes)
    _change_editor(name, path, lambda e: e.update(communes=list(communes)))


def set_role(name: str, role: str, path: Path | None = None) -> None:
    """Make an account an editor or a viewer (the password and communes stay)."""
    _check_role(role)
    _change_editor(name, path, lambda e: e.update(role=role))


def _check_role(role: str) -> None:
    if role not in ROLE_LABELS:
        raise AuthError(f"Vai trò “{role}” không hợp lệ: “{ROLE_EDITOR}” (sửa dữ liệu) hoặc "
                        f"“{ROLE_VIEWER}” (chỉ xem).")


def reset_password(name: str, password: str, path: Path | None = None) -> None:
    """A new password for an existing editor (hashed; the old one stops working)."""
    _check_password(password)
    _change_editor(name, path, lambda e: e.update(password_hash=_hasher.hash(password)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def _check_communes(communes: tuple[str, ...]) -> None:
    for code in communes:
        if not re.match(r"^\d{5}$", code):
            raise AuthError(f"Mã xã “{code}” không hợp lệ (5 chữ số, ví dụ 06340).")


# --- the editors file as every page run reads it (antt.access.editor_standing)
# -------------------------

# The parsed editors file of this process, with the (path, mtime_ns, size, inode) it was read at.
# Each page run costs one os.stat; the file is parsed again only when an administrator (page or
# command line, any worker process) replaced it: every save is an os.replace, a new inode.
_parsed: tuple[tuple, Mapping[str, dict]] | None = None


def current_editors(path: Path | None = None) -> Mapping[str, dict]:
    """The editors file as it is now, parsed once per version of the file (by its stat) and
    shared by the process's sessions: read-only. Raises OSError or TOMLDecodeError when the
    file cannot be read."""
    global _parsed
    path = path or editors_file()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return MappingProxyType({})
    stamp = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
    kept = _parsed
    if kept is not None and kept[0] == stamp:
        return kept[1]
    # Replaced between the stat and the read: the newer file is kept under the older stamp,
    # so the next call reads it again, never the other way round.
    editors = MappingProxyType(load_editors(path))
    _parsed = (stamp, editors)
    return editors


def password_stamp(entry: Mapping) -> str:
    """A short digest of an entry's password hash: changes when the password is reset."""
    return hashlib.sha256(str(entry.get("password_hash", "")).encode()).hexdigest()[:16]


# --- the failures file next to it (antt.access.login counts wrong tries in it) -----------


def _read_failures(path: Path) -> dict[str, list[float]]:
    target = _failures_file(path)
    try:
        if target.stat().st_size > _MAX_FILE_BYTES:
            return {}
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: [float(t) for t in v if isinstance(t, (int, float))][-KEEP_TIMES:]
            for k, v in data.items() if isinstance(k, str) and isinstance(v, list)}


def _write_failures(path: Path, data: dict[str, list[float]]) -> None:
    target = _failures_file(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written copy behind
        raise


def remove_stale_temp_files(path: Path) -> int:
    """Delete the temporary copies of the editors file and of its failures file that a
    process stopped mid-write left behind (issue 25: they were never cleaned). The caller holds
    editors_lock, so no other writer has one open. Returns how many went."""
    removed = 0
    for target in (path, _failures_file(path)):
        for tmp in target.parent.glob(target.name + ".*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed


def _prune(data: dict[str, list[float]], editors: set[str], now: float) -> dict[str, list[float]]:
    """Drop failures older than WINDOW_S, then the oldest records of non-editors beyond
    MAX_UNKNOWN: the file's size is bounded by the number of editors."""
    data = {k: [t for t in v if now - t < WINDOW_S][-KEEP_TIMES:] for k, v in data.items()}
    data = {k: v for k, v in data.items() if v}
    others = sorted((k for k in data if k not in editors), key=lambda k: data[k][-1])
    for key in others[:max(0, len(others) - MAX_UNKNOWN)]:
        del data[key]
    return data


def failure_key(name: str) -> str:
    """The record a name's failures go to: the name when it could be an editor's, else the one
    shared MALFORMED record (so a megabyte of typing stores one character)."""
    key = normalise_name(name[:200])
    return key if NAME_PATTERN.match(key) else MALFORMED


def clear_failures(name: str, path: Path | None = None) -> None:
    path = path or editors_file()
    key = failure_key(name)
    with editors_lock(path):
        data = _read_failures(path)
        # the name's record and its records per client address ("lan@10.0.0.7")
        mine = [k for k in data if k == key or k.startswith(key + "@")]
        for k in mine:
            del data[k]
        if mine:
            _write_failures(path, data)
