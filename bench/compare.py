"""Figures from DuckDB (run_query) and from the pandas baseline, in one comparable form."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

KEYS = {"kpis": "period", "activities_by_month": "month", "activities_by_unit": "unit_code"}


def _cell(value):
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]  # ISO timestamp text from the baseline's JSON
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def normalize(name: str, records: list[dict], columns: list[str]) -> list[dict]:
    """Rows as {column: plain value}, sorted by the figure's key (names may tie in order)."""
    rows = [{c: _cell(r[c]) for c in columns} for r in records]
    return sorted(rows, key=lambda r: str(r[KEYS[name]]))


def duckdb_records(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", date_format="iso"))


def differences(name: str, duck: pd.DataFrame, baseline: list[dict]) -> list[str]:
    """What differs between the two results ([] when every figure is equal)."""
    columns = list(duck.columns)
    a = normalize(name, duckdb_records(duck), columns)
    try:
        b = normalize(name, baseline, columns)
    except KeyError as exc:
        return [f"{name}: the baseline has no column {exc}"]
    if len(a) != len(b):
        return [f"{name}: {len(a)} rows from DuckDB, {len(b)} from pandas"]
    out = []
    for ra, rb in zip(a, b):
        for c in columns:
            if ra[c] != rb[c]:
                out.append(f"{name} {ra[KEYS[name]]} {c}: DuckDB {ra[c]!r}, pandas {rb[c]!r}")
    return out[:20]
