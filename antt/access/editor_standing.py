"""A signed-in editor as the editors file has them now (checked at every page run and before
every write, antt.ui.editor_auth), and an editor's communes by name."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from antt.access.editors_file import Editor, current_editors, entry_role, password_stamp
from antt.text.fmt import vi_sorted

REMOVED = "Tài khoản “{name}” không còn: đã đăng xuất."
DISABLED = "Tài khoản “{name}” đã bị khóa: đã đăng xuất."
PASSWORD_RESET = ("Mật khẩu của tài khoản “{name}” vừa được đặt lại: đã đăng xuất. Hãy đăng "
                  "nhập bằng mật khẩu mới.")
UNREADABLE = ("Không đọc được tệp người sửa dữ liệu: đã đăng xuất. Hãy báo quản trị viên "
              "kiểm tra tệp đó.")


@dataclass(frozen=True)
class Standing:
    """A signed-in editor as the editors file has them now."""

    editor: Editor | None  # with the file's communes; None: to be signed out
    message: str = ""  # why signed out (Vietnamese)


def standing(editor: Editor, path: Path | None = None) -> Standing:
    """Whether a signed-in `editor` may still edit, and with which communes: a locked, removed
    or reset account is signed out; changed communes apply at once."""
    try:
        entry = current_editors(path).get(editor.name)
    except (OSError, tomllib.TOMLDecodeError):
        return Standing(None, UNREADABLE)
    if not isinstance(entry, Mapping):
        return Standing(None, REMOVED.format(name=editor.name))
    if entry.get("disabled"):
        return Standing(None, DISABLED.format(name=editor.name))
    stamp = password_stamp(entry)
    if editor.stamp and editor.stamp != stamp:
        return Standing(None, PASSWORD_RESET.format(name=editor.name))
    return Standing(Editor(editor.name, tuple(entry.get("communes", [])), stamp,
                           entry_role(entry)))


OLD_MARK = " (trước 01/7/2025)"


def commune_label(code: str, new: Mapping[str, str], old: Mapping[str, str]) -> str:
    """An editor's commune code by name: a commune since 01/7/2025 (its code wins: it covers
    the old commune of the same code, antt.entry.importer), else one before it, marked so; an
    unknown code stays a code. `new`, `old`: code -> name of each unit set."""
    if code in new:
        return new[code]
    if code in old:
        return old[code] + OLD_MARK
    return code


def scope_text(communes: tuple[str, ...], new: Mapping[str, str],
               old: Mapping[str, str]) -> str:
    """An editor's communes by name in Vietnamese order, or “mọi xã” (plain text)."""
    if not communes:
        return "mọi xã"
    return ", ".join(vi_sorted(commune_label(c, new, old) for c in communes))
