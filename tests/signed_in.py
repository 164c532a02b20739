"""Pages as a signed-in editor sees them: the editor is put into the session, as the sign-in
form leaves it, and into the editors file (ANTT_EDITORS_FILE) as an active account, since every
run checks the session's editor against that file (antt.ui.editor_auth.current_editor)."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from antt.access import editors_file
from antt.ui.editor_auth import BINDING_KEY, binding_of

PASSWORD = "mat-khau-thu-nghiem"
# A real argon2 hash made cheaply (the app's default costs ~1 s per hash on this machine):
# signing in with PASSWORD works, and verification reads the costs from the hash itself.
_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


def add_account(editor: editors_file.Editor, path: Path | None = None) -> None:
    """`editor` as an active account of the editors file, with its communes and role (an
    existing account keeps its password)."""
    path = path or editors_file.editors_file()
    editors = editors_file.load_editors(path)
    old = editors.get(editor.name, {})
    editors[editor.name] = {"password_hash": old.get("password_hash", _HASH),
                            "communes": list(editor.communes), "role": editor.role}
    editors_file._save_editors(editors, path)


def sign_in(at: AppTest, editor: editors_file.Editor, path: Path | None = None) -> AppTest:
    """Page `at` with `editor` signed in (an active account of the editors file)."""
    add_account(editor, path)
    at.session_state["editor"] = editor
    # signed in from this browser (AppTest sends no cookies)
    at.session_state[BINDING_KEY] = binding_of({})
    return at
