"""Shared fixtures: tests work on copies of the data, never on the bundled files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from antt.data.store import Store

REPO = Path(__file__).resolve().parent.parent
BUNDLED_DATA = REPO / "data"
MINI_DATA = Path(__file__).resolve().parent / "fixtures" / "mini"


def copy_data(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("audit*", "access*", ".*", "backups"))
    return dst


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A copy of the small hand-computed dataset (tests/fixtures/mini)."""
    return copy_data(MINI_DATA, tmp_path / "mini")


@pytest.fixture
def mini_store(mini_dir: Path) -> Store:
    store = Store(mini_dir)
    assert store.refresh(), store.problems
    return store


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-mostly copy of the bundled sample data (shared by the session: do not modify)."""
    return copy_data(BUNDLED_DATA, tmp_path_factory.mktemp("sample") / "data")


@pytest.fixture(scope="session")
def sample_store(sample_dir: Path) -> Store:
    store = Store(sample_dir)
    assert store.refresh(), [str(p) for p in store.problems[:10]]
    return store


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data that a test may change."""
    return copy_data(BUNDLED_DATA, tmp_path / "data")
