"""Signing in, slowed down twice so that a guesser waits and the real editor is not locked
out for long:
- per browser session (a Throttle kept in its session state): after SESSION_FREE failures each
  further try waits, the wait doubling up to SESSION_MAX_S;
- per user name and client address, shared by every session and process (the failures file
  next to the editors file, antt.access.editors_file, under its lock): after NAME_FREE failures
  within WINDOW_S each further try waits, doubling up to NAME_MAX_S. A try refused while waiting
  is not counted.

Why per address too (issue 25): with the wait per name alone, someone trying a wrong password
every few seconds renewed the name's wait as it ended, and the real editor's 35 correct sign-ins
over 10 minutes were all refused; a new websocket also started a fresh session throttle. Now
the guesser's tries slow the guesser's address only; the editor at another address gets in at
once. (Behind one NAT address, both share a record.) The password is verified outside the
editors-file lock (argon2 takes tens of ms: 300 tries held it, and the run slot, for 51 s), and
the page gives its run slot back first (antt.ui.editor_auth).
"""

from __future__ import annotations

import math
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from filelock import Timeout

from antt.access import editors_file as ef
from antt.access.editors_file import (
    MALFORMED,
    Editor,
    _prune,
    _read_failures,
    _write_failures,
    editors_file,
    editors_lock,
    failure_key,
    load_editors,
    password_stamp,
)

NAME_FREE = 5  # failures of one name within WINDOW_S before it has to wait
NAME_BASE_S = 2.0
NAME_MAX_S = 30.0
SESSION_FREE = 3  # failures in one browser session before it has to wait
SESSION_BASE_S = 5.0
SESSION_MAX_S = 600.0
MAX_PASSWORD = 256


@dataclass
class Throttle:
    """One browser session's wrong tries (kept in its st.session_state)."""

    failures: int = 0
    until: float = 0.0


@dataclass(frozen=True)
class SignIn:
    editor: Editor | None
    message: str  # Vietnamese, shown to the user
    wait_s: float = 0.0


# --- signing in -----------------------------------------------------------------------------------

BROKEN_FILE_MESSAGE = "Không đọc được tệp người sửa dữ liệu. Hãy báo quản trị viên kiểm tra tệp đó."
BUSY_MESSAGE = ("Máy chủ đang bận nên chưa kiểm tra được đăng nhập. Hãy thử lại sau ít giây; "
                "nếu vẫn vậy, báo quản trị viên.")


def delay_after(failures: int) -> float:
    """Seconds a user name waits after its `failures`-th failure within WINDOW_S."""
    if failures < NAME_FREE:
        return 0.0
    return min(NAME_BASE_S * 2 ** (failures - NAME_FREE), NAME_MAX_S)


def session_delay_after(failures: int) -> float:
    """Seconds a browser session waits after its `failures`-th failure."""
    if failures < SESSION_FREE:
        return 0.0
    return min(SESSION_BASE_S * 2 ** (failures - SESSION_FREE), SESSION_MAX_S)


def _wait_message(wait: float) -> str:
    return f"Đăng nhập sai nhiều lần. Hãy thử lại sau {math.ceil(wait)} giây."


def sign_in(name: str, password: str, path: Path | None = None,
            now: float | None = None, session: Throttle | None = None,
            client: str = "") -> SignIn:
    """Check a user name and password. Slowed down after repeated failures of this browser
    `session` and of this name from this `client` address; a held lock gives a Vietnamese
    message, not a traceback."""
    path = path or editors_file()
    now = time.time() if now is None else now
    session = session if session is not None else Throttle()
    if now < session.until:
        return SignIn(None, _wait_message(session.until - now), session.until - now)
    try:
        result, checked = _check(name, password, path, now, client)
    except Timeout:
        return SignIn(None, BUSY_MESSAGE)
    except (OSError, tomllib.TOMLDecodeError):  # e.g. edited by hand: a message, no traceback
        return SignIn(None, BROKEN_FILE_MESSAGE)
    if result.editor is not None:
        session.failures, session.until = 0, 0.0
        return result
    if checked:  # a wrong password (a try refused while the name waits is not counted)
        session.failures += 1
        session.until = now + session_delay_after(session.failures)
        wait = max(result.wait_s, session.until - now)
        message = "Sai tên đăng nhập hoặc mật khẩu."
        if wait:
            message += f" Hãy chờ {math.ceil(wait)} giây trước khi thử lại."
        return SignIn(None, message, wait)
    return result


def throttle_key(name: str, client: str = "") -> str:
    """The failures record of a name tried from a client address ("lan@10.0.0.7"); the name
    alone without an address (the command line, tests)."""
    key = failure_key(name)
    return f"{key}@{client[:64]}" if client else key


def _editor_records(failures: dict[str, list[float]], editors: dict) -> set[str]:
    """The records of real editors' names (kept whatever the number of other records)."""
    return {k for k in failures if k.split("@", 1)[0] in editors}


def _check(name: str, password: str, path: Path, now: float, client: str = ""
           ) -> tuple[SignIn, bool]:
    """The name's own check: (result, whether the password was checked at all). The lock is
    held to read the wait and the entry, and again to record the outcome; not while argon2
    verifies the password."""
    key = failure_key(name)
    record = throttle_key(name, client)
    with editors_lock(path):
        editors = load_editors(path)
        failures = _read_failures(path)
        failures = _prune(failures, _editor_records(failures, editors), now)
        times = failures.get(record, [])
        until = times[-1] + delay_after(len(times)) if times else 0.0
        if now < until:
            return SignIn(None, _wait_message(until - now), until - now), False
        entry = editors.get(key) if key != MALFORMED else None
    ok = False
    if len(password) <= MAX_PASSWORD and key != MALFORMED:
        # Verified even for an unknown name, so a wrong name costs the same time.
        try:
            ok = ef._hasher.verify(entry["password_hash"] if entry else ef._DUMMY_HASH, password)
            ok = ok and entry is not None and not entry.get("disabled")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    with editors_lock(path):
        editors = load_editors(path)
        failures = _read_failures(path)
        failures = _prune(failures, _editor_records(failures, editors), now)
        now_entry = editors.get(key) if key != MALFORMED else None
        # The account as it is now: locked, removed or given a new password meanwhile -> no.
        ok = ok and now_entry is not None and not now_entry.get("disabled") and \
            password_stamp(now_entry) == password_stamp(entry)
        if ok:
            if failures.pop(record, None) is not None:
                _write_failures(path, failures)
            editor = Editor(key, tuple(now_entry.get("communes", [])),
                            password_stamp(now_entry), ef.entry_role(now_entry))
            return SignIn(editor, "Đã đăng nhập."), True
        failures[record] = [*failures.get(record, []), now][-ef.KEEP_TIMES:]
        _write_failures(path, _prune(failures, _editor_records(failures, editors), now))
    return SignIn(None, "Sai tên đăng nhập hoặc mật khẩu.",
                  delay_after(len(failures[record]))), True
