"""A bound on the files Streamlit keeps in memory for the upload widgets (issue 25 item 1).

Streamlit keeps every file PUT to /_stcore/upload_file/<session>/<file id> in memory until its
session ends, with no limit per session or in all: any open tab could PUT file after file and
take the worker's memory (eight 50 MB files: +300 MB). The app's widgets hold one file each
(the Dữ liệu page's import, the notice's draft), so a session keeps its newest
MAX_SESSION_FILES files and the older ones are dropped as a new one arrives; past
MAX_PROCESS_BYTES for the whole process a new file is refused (413) until sessions end.
server.maxUploadSize (.streamlit/config.toml) caps one file at what the importer accepts, and
nginx limits the rate of uploads per address (docs/deploy.md).
"""

from __future__ import annotations

from typing import Any

from antt.entry.upload import MAX_FILE_BYTES

MAX_SESSION_FILES = 2
MAX_PROCESS_BYTES = 8 * MAX_FILE_BYTES  # 160 MB of uploads held by one worker, all sessions


class UploadRefused(Exception):
    """The process holds MAX_PROCESS_BYTES of uploads already."""


def _held_bytes(manager: Any) -> int:
    return sum(len(f.data) for files in list(manager.file_storage.values())
               for f in list(files.values()))


def bound(manager: Any) -> Any:
    """Wrap `manager.add_file` (a MemoryUploadedFileManager) with the limits; idempotent."""
    if getattr(manager, "_antt_bounded", False):
        return manager
    add_file = manager.add_file

    def bounded_add_file(session_id: str, file: Any) -> None:
        if _held_bytes(manager) + len(file.data) > MAX_PROCESS_BYTES:
            raise _refusal()
        add_file(session_id, file)
        held = list(manager.file_storage.get(session_id, {}))
        # Oldest first (dict order): keep the newest files the widgets can still show.
        for file_id in held[:-MAX_SESSION_FILES]:
            manager.remove_file(session_id, file_id)

    manager.add_file = bounded_add_file
    manager._antt_bounded = True
    return manager


def _refusal() -> Exception:
    try:  # the HTTP status Streamlit's server turns into a response (413, not a 500)
        from starlette.exceptions import HTTPException
    except ImportError:  # pragma: no cover - Streamlit 1.67 serves with Starlette
        return UploadRefused("too many uploads held")
    return HTTPException(status_code=413, detail="Too many uploads held by the server")


def install() -> None:
    """Bound the running Streamlit server's upload manager (app.py, every run: a no-op after
    the first)."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        bound(Runtime.instance().uploaded_file_mgr)
