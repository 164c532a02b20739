"""Settings read from the environment, with defaults that run the bundled sample."""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO_DIR / "queries"


def data_dir() -> Path:
    """The data folder: `ANTT_DATA_DIR`, or the bundled `data/`."""
    return Path(os.environ.get("ANTT_DATA_DIR") or REPO_DIR / "data").resolve()


def geo_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "geo"
