"""Settings read from the environment, with defaults that run the bundled sample."""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO_DIR / "queries"


def data_dir() -> Path:
    """The data folder: `ANTT_DATA_DIR`, or the bundled `data/`."""
    return Path(os.environ.get("ANTT_DATA_DIR") or REPO_DIR / "data").resolve()


# The commune polygons of each unit set and the area's outline in <data>/geo/ (written by
# `area init`, read by the maps); LEGACY_GEO_FILES are the bundled Bắc Sơn sample's names.
BOUNDARY_FILES = {"2024": "communes_2024.geojson", "2025": "communes_2025.geojson"}
OUTLINE_FILE = "outline.geojson"
LEGACY_GEO_FILES = {"communes_2024.geojson": "bac_son_communes_2024.geojson",
                    "communes_2025.geojson": "bac_son_communes_2025.geojson",
                    "outline.geojson": "bac_son_district_outline.geojson"}


def geo_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "geo"
