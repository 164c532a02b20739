"""Synthetic data at province and national scale, in the real schema (antt/data/schema.py).

`generate(folder, rows)` writes every table file; "rows" counts activity and incident rows
together (the issue's definition). The units scale with the rows (about 60 rows per village
over six years, 8 villages per commune, 15 communes per district), so 100.000 rows look like a
province and 5.000.000 like the whole country. Coded values come from the real vocab.csv;
model_id links respect the model's village and active period, so the data validates with
zero problems (antt.data.store.read_all). Numpy does the work: 5M rows take well under a minute.

    python -m bench.generate /tmp/antt_bench/1000000 1000000
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from antt import config
from antt.data.schema import TABLES

# Shares of all rows, as in the bundled sample (patrols are the most frequent record).
SHARES = {
    "outreach": 0.18,
    "patrols": 0.51,
    "commitments": 0.13,
    "mediations": 0.12,
    "incidents": 0.06,
}
PREFIX = {"outreach": "TT", "patrols": "TR", "commitments": "CK", "mediations": "HG",
          "incidents": "VV"}
FIRST_DAY = dt.date(2020, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)  # fixed for repeatable data (today is later)
ROWS_PER_VILLAGE = 60
VILLAGES_PER_COMMUNE = 8
COMMUNES_PER_DISTRICT = 15
MERGED_PER_2025_COMMUNE = 3  # 10.599 xã became 3.321 on 01/7/2025

SYLLABLES = (
    "An Bình Cẩm Đông Hòa Hưng Lạc Long Mỹ Nghĩa Phú Quang Sơn Tân Thạnh Thuận Trung Vĩnh "
    "Xuân Yên Đức Hải Kim Lâm Minh Ngọc Phong Thanh Tiến Văn Hữu Lũng Nà Khau Bản Pác Cốc "
    "Đồng Quỳnh Ái Ân Hội Lộc Quế Tường Diễn Ước Ơn Ứng"
).split()


def vocab_file() -> Path:
    """The real vocab.csv (bundled data), or the test fixture's when data/ is not there."""
    for folder in (config.REPO_DIR / "data", config.REPO_DIR / "tests" / "fixtures" / "mini"):
        if (folder / "vocab.csv").exists():
            return folder / "vocab.csv"
    raise FileNotFoundError("vocab.csv")


def read_vocab(path: Path) -> tuple[dict[tuple[str, str], list[str]], dict[str, str]]:
    """Allowed values per (table, column), and the labels of the model types."""
    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(strings_can_be_null=False)
    )
    out: dict[tuple[str, str], list[str]] = {}
    labels: dict[str, str] = {}
    rows = zip(*(table.column(n).to_pylist() for n in ("table", "column", "value", "label")))
    for t, c, v, label in rows:
        out.setdefault((t, c), []).append(v)
        if (t, c) == ("models", "model_type"):
            labels[v] = label.split(",")[0]
    return out, labels


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    a = np.array(SYLLABLES, dtype=object)[rng.integers(0, len(SYLLABLES), n)]
    b = np.array(SYLLABLES, dtype=object)[rng.integers(0, len(SYLLABLES), n)]
    return a + " " + b


def _codes(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def _dates(days: np.ndarray) -> np.ndarray:
    return (np.datetime64(FIRST_DAY, "D") + days).astype("datetime64[D]").astype(str).astype(object)


def _write(folder: Path, name: str, columns: dict[str, object]) -> None:
    """Write one table with its schema's column order; ints stay ints, None writes empty."""
    table = TABLES[name]
    arrays = {}
    rows = len(next(iter(columns.values())))
    for col in table.columns:
        if col.name not in columns and not col.required:
            columns[col.name] = [None] * rows  # an optional column the benchmark leaves empty
        values = columns[col.name]
        if col.type in ("int",):
            arrays[col.name] = pa.array(np.asarray(values, dtype=np.int64))
        elif col.type == "float":
            arrays[col.name] = pa.array(np.round(np.asarray(values, dtype=float), 6))
        else:
            arrays[col.name] = pa.array(values, pa.string())
    path = folder / table.file
    path.write_text(",".join(table.column_names) + "\n", encoding="utf-8")
    with path.open("ab") as f:
        pacsv.write_csv(
            pa.table(arrays),
            f,
            # plain like a spreadsheet export: no value holds a comma or quote (raises if one does)
            write_options=pacsv.WriteOptions(quoting_style="none", include_header=False),
        )


def generate(folder: Path, rows: int, seed: int = 8) -> dict[str, int]:
    """Write a complete, valid data folder with `rows` activity + incident rows.

    Returns the row count of each table written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    vocab_path = vocab_file()
    (folder / "vocab.csv").write_bytes(vocab_path.read_bytes())
    vocab, type_labels = read_vocab(vocab_path)
    last = min(LAST_DAY, dt.date.today() - dt.timedelta(days=1))
    span = (last - FIRST_DAY).days + 1

    # --- units: villages -> communes -> districts -> provinces; 2025 communes merge 3 ---
    n_villages = max(150, rows // ROWS_PER_VILLAGE)
    n_communes = max(18, n_villages // VILLAGES_PER_COMMUNE)
    n_districts = max(1, -(-n_communes // COMMUNES_PER_DISTRICT))
    per_province = max(10, -(-n_districts // 63))
    commune_district = np.arange(n_communes) // COMMUNES_PER_DISTRICT
    commune_province = commune_district // per_province
    commune_codes = np.char.zfill((np.arange(n_communes) * 3 + 1).astype(str), 5).astype(object)
    commune_names = _names(rng, n_communes)
    kinds = np.where(rng.random(n_communes) < 0.07, "thị trấn", "xã").astype(object)
    group = np.arange(n_communes) // MERGED_PER_2025_COMMUNE
    # a 2025 commune never spans two provinces: start a new group where a province starts
    group = np.cumsum(np.r_[True, (np.diff(group) != 0) | (np.diff(commune_province) != 0)]) - 1
    first_of_group = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    lat = rng.uniform(8.6, 23.3, n_communes)
    lon = rng.uniform(102.2, 109.4, n_communes)
    _write(folder, "communes_2025", {
        "commune_code_2025": commune_codes[first_of_group],
        "commune_name_2025": "Xã " + _names(rng, len(first_of_group)),
        "lat": lat[first_of_group], "lon": lon[first_of_group],
        "area_km2": rng.uniform(20, 300, len(first_of_group)),
    })
    district_names = _names(rng, n_districts)
    province_names = _names(rng, int(commune_province.max()) + 1)
    _write(folder, "communes", {
        "commune_code": commune_codes,
        "commune_name": np.where(kinds == "xã", "Xã ", "Thị trấn ") + commune_names,
        "kind": kinds,
        "district_code": np.char.zfill((commune_district + 1).astype(str), 3).astype(object),
        "district_name": "Huyện " + district_names[commune_district],
        "province_code": np.char.zfill((commune_province + 1).astype(str), 2).astype(object),
        "province_name": "Tỉnh " + province_names[commune_province],
        "lat": lat, "lon": lon, "area_km2": rng.uniform(5, 120, n_communes),
        "commune_code_2025": commune_codes[first_of_group][group],
    })

    village_commune = np.sort(rng.integers(0, n_communes, n_villages))
    village_commune[:n_communes] = np.arange(n_communes)  # every commune has a village
    village_commune.sort()
    seq = np.arange(n_villages) - np.searchsorted(village_commune, village_commune)
    suffix = np.char.zfill((seq + 1).astype(str), 2).astype(object)
    village_codes = commune_codes[village_commune] + "-" + suffix
    households = rng.integers(50, 600, n_villages)
    _write(folder, "villages", {
        "village_code": village_codes,
        "village_name": _names(rng, n_villages),
        "commune_code": commune_codes[village_commune],
        "kind": np.where(rng.random(n_villages) < 0.15, "khối phố", "thôn").astype(object),
        "lat": lat[village_commune] + rng.uniform(-0.03, 0.03, n_villages),
        "lon": lon[village_commune] + rng.uniform(-0.03, 0.03, n_villages),
        "households": households,
        "population": (households * rng.uniform(3.2, 4.4, n_villages)).astype(np.int64),
    })

    # --- religion: a third of the villages, one or two religions, every year ---
    religions = vocab[("religion", "religion")]
    years = np.arange(FIRST_DAY.year, last.year + 1)
    rv = np.flatnonzero(rng.random(n_villages) < 0.33)
    pairs = [(v, r) for v in rv for r in rng.choice(len(religions), rng.integers(1, 3), False)]
    pv = np.array([p[0] for p in pairs], dtype=np.int64)
    pr = np.array([p[1] for p in pairs], dtype=np.int64)
    ry = np.repeat(years, len(pairs))
    rvv, rrr = np.tile(pv, len(years)), np.tile(pr, len(years))
    rh = rng.integers(3, 80, len(ry))
    _write(folder, "religion", {
        "year": ry, "village_code": village_codes[rvv],
        "religion": np.array(religions, dtype=object)[rrr],
        "households": rh, "people": rh * 4,
    })

    # --- models: one in 7 villages, some ended; ids MH000001... ---
    model_types = vocab[("models", "model_type")]
    mv = np.sort(rng.choice(n_villages, max(5, n_villages // 7), replace=False))
    n_models = len(mv)
    established = rng.integers(-365, span - 60, n_models)  # some before 2020
    ended = np.where(
        rng.random(n_models) < 0.2, established + rng.integers(200, 1500, n_models), -1
    )
    ended = np.where(ended >= span, -1, ended)
    mtype = rng.integers(0, len(model_types), n_models)
    model_ids = _codes("MH", n_models, 6)
    _write(folder, "models", {
        "model_id": model_ids,
        "model_name": np.array([type_labels[t] for t in model_types], dtype=object)[mtype]
        + " thôn " + _names(rng, n_models),
        "model_type": np.array(model_types, dtype=object)[mtype],
        "village_code": village_codes[mv],
        "established_on": _dates(established),
        "ended_on": np.where(ended < 0, None, _dates(np.maximum(ended, 0))),
        "members": rng.integers(3, 40, n_models),
    })
    village_model = np.full(n_villages, -1)
    village_model[mv] = np.arange(n_models)

    # --- activity and incident rows, in date order like files that grow over time ---
    counts = {name: int(rows * share) for name, share in SHARES.items()}
    counts["incidents"] = rows - sum(v for k, v in counts.items() if k != "incidents")

    def base(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = counts[name]
        days = np.sort(rng.integers(0, span, n))
        village = rng.integers(0, n_villages, n)
        m = village_model[village]
        active = (m >= 0) & (days >= established[m]) & ((ended[m] < 0) | (days <= ended[m]))
        model = np.where(active & (rng.random(n) < 0.6), m, -1)
        return days, village, model

    def common(name: str, date_col: str) -> dict[str, object]:
        days, village, model = base(name)
        cols: dict[str, object] = {
            "record_id": _codes(PREFIX[name] + "-", counts[name], 8),
            date_col: _dates(days),
            "village_code": village_codes[village],
        }
        if name != "incidents":
            cols["model_id"] = np.where(model >= 0, model_ids[np.maximum(model, 0)], None)
        return cols

    def pick(table: str, column: str, n: int) -> np.ndarray:
        values = np.array(vocab[(table, column)], dtype=object)
        return values[rng.integers(0, len(values), n)]

    n = counts["outreach"]
    _write(folder, "outreach", common("outreach", "held_on") | {
        "topic": pick("outreach", "topic", n), "format": pick("outreach", "format", n),
        "attendees": rng.integers(10, 300, n),
    })
    n = counts["patrols"]
    _write(folder, "patrols", common("patrols", "held_on") | {
        "occasion": pick("patrols", "occasion", n), "participants": rng.integers(2, 20, n),
    })
    n = counts["commitments"]
    _write(folder, "commitments", common("commitments", "signed_on") | {
        "commitment_type": pick("commitments", "commitment_type", n),
        "households": rng.integers(5, 150, n),
    })
    n = counts["mediations"]
    _write(folder, "mediations", common("mediations", "held_on") | {
        "dispute_type": pick("mediations", "dispute_type", n),
        "outcome": pick("mediations", "outcome", n),
    })
    n = counts["incidents"]
    _write(folder, "incidents", common("incidents", "occurred_on") | {
        "category": pick("incidents", "category", n), "field": pick("incidents", "field", n),
        "resolved": np.where(rng.random(n) < 0.7, "true", "false").astype(object),
    })
    return {
        "communes_2025": len(first_of_group), "communes": n_communes, "villages": n_villages,
        "religion": len(ry), "models": n_models, **counts,
    }


if __name__ == "__main__":
    out = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(out)
