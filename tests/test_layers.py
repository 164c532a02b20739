"""The wings of antt/ keep their one-way arrows (import-linter's contracts in pyproject.toml),
no module grows past 400 lines, and antt/ itself keeps only the few modules shared by all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    # The same check as `lint-imports` (the command import-linter installs), in a child process
    # so that its import graph starts clean; a broken contract exits non-zero and names it.
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert "3 kept, 0 broken" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0


def test_no_module_over_400_lines():
    long = {str(p.relative_to(REPO)): n for p in [*(REPO / "antt").rglob("*.py"),
                                                  *(REPO / "views").glob("*.py"), REPO / "app.py"]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_antt_keeps_at_most_eight_loose_modules():
    loose = sorted(p.name for p in (REPO / "antt").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cache.py", "config.py", "problems.py"]
