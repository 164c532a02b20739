"""The pandas baseline: the overview figures computed the way a good typical Streamlit app would.

The CSV files are read once into DataFrames (explicit dtypes, parsed dates, categories for
coded columns), the activity tables are combined once with their model type (what such an app
caches with st.cache_data), then each rerun filters and groups in idiomatic, vectorised pandas:
the same figures as queries/kpis.sql, activities_by_month.sql and activities_by_unit.sql.

Run in its own process by `python -m antt bench`:

    python -m bench.pandas_baseline DATA_DIR PARAMS_JSON OUT_JSON [--repeat N]

PARAMS_JSON holds a list of Filters.params()-style dicts (dates as ISO text). OUT_JSON gets the
load time, per-figure median times, the peak RSS and the figures themselves (for comparing).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from antt.text.fmt import vi_sort_key

ACTIVITIES = {  # table -> (date column, people column, households column)
    "outreach": ("held_on", "attendees", None),
    "patrols": ("held_on", "participants", None),
    "commitments": ("signed_on", None, "households"),
    "mediations": ("held_on", None, None),
}
COUNTS = [  # output column, activity, value column ('' = count rows)
    ("outreach_sessions", "outreach", ""),
    ("outreach_attendees", "outreach", "people"),
    ("patrols", "patrols", ""),
    ("patrol_participants", "patrols", "people"),
    ("commitments", "commitments", ""),
    ("commitment_households", "commitments", "households"),
    ("mediations", "mediations", ""),
    ("mediations_successful", "mediations", "successes"),
]
FIGURE_COLUMNS = [c for c, _, _ in COUNTS]


class Data:
    """Every table read once, plus the combined activity rows."""

    def __init__(self, folder: Path):
        def read(name: str, dates=(), categories=(), codes=(), **kw) -> pd.DataFrame:
            dtype = {c: "category" for c in categories} | {c: str for c in codes}
            return pd.read_csv(folder / f"{name}.csv", dtype=dtype,
                               parse_dates=list(dates), **kw)

        communes = read("communes", codes=["commune_code", "commune_code_2025", "district_code",
                                           "province_code"])
        communes_2025 = read("communes_2025", codes=["commune_code_2025"])
        villages = read("villages", codes=["village_code", "commune_code", "commune_code_2025"])
        # a village of a split commune may name its own 2025 commune (queries/setup/views.sql)
        own = (villages.pop("commune_code_2025").set_axis(villages["village_code"])
               if "commune_code_2025" in villages else None)
        villages = villages.merge(communes.drop(columns=["lat", "lon", "kind"]),
                                  on="commune_code")
        if own is not None:
            villages["commune_code_2025"] = (villages["village_code"].map(own)
                                             .fillna(villages["commune_code_2025"]))
        self.villages = villages.merge(
            communes_2025[["commune_code_2025", "commune_name_2025"]],
            on="commune_code_2025", how="left")
        self.models = read("models", dates=["established_on", "ended_on"],
                           codes=["model_id", "village_code"], categories=["model_type"])
        parts = []
        for name, (date_col, people, households) in ACTIVITIES.items():
            df = read(name, dates=[date_col], codes=["record_id", "model_id"],
                      categories=["village_code"])
            parts.append(pd.DataFrame({
                "activity": name,
                "on_date": df[date_col],
                "village_code": df["village_code"].astype(str),
                "model_id": df["model_id"],
                "people": df[people] if people else 0,
                "households": df[households] if households else 0,
                "successes": (df["outcome"] == "thành").astype(np.int64)
                if name == "mediations" else 0,
            }))
        acts = pd.concat(parts, ignore_index=True)
        acts["activity"] = acts["activity"].astype("category")
        acts["village_code"] = acts["village_code"].astype("category")
        self.acts = acts.merge(self.models[["model_id", "model_type"]], on="model_id",
                               how="left")
        self.incidents = read("incidents", dates=["occurred_on"], codes=["record_id"],
                              categories=["village_code"])


def _scope(data: Data, p: dict) -> pd.DataFrame:
    """The villages in scope with their unit code and name in the chosen unit set."""
    v = data.villages
    new = p["unit_set"] == "2025"
    v = v.assign(unit_code=v["commune_code_2025"] if new else v["commune_code"],
                 unit_name=v["commune_name_2025"] if new else v["commune_name"])
    if p["communes"]:
        v = v[v["unit_code"].isin(p["communes"])]
    return v


def _acts(data: Data, villages: pd.Series, p: dict, d0, d1) -> pd.DataFrame:
    a = data.acts
    mask = a["on_date"].between(d0, d1) & a["village_code"].isin(villages)
    if p["model_type"]:
        mask &= a["model_type"] == p["model_type"]
    return a[mask]


def _incidents(data: Data, villages: pd.Series, p: dict, d0, d1) -> pd.DataFrame:
    i = data.incidents
    i = i[i["occurred_on"].between(d0, d1) & i["village_code"].isin(villages)]
    if p["model_type"]:  # a model of that type active in the village on the incident date
        m = data.models[data.models["model_type"] == p["model_type"]]
        j = i[["record_id", "village_code", "occurred_on"]].astype({"village_code": str}).merge(
            m[["village_code", "established_on", "ended_on"]], on="village_code")
        covered = j[(j["established_on"] <= j["occurred_on"])
                    & (j["ended_on"].isna() | (j["ended_on"] >= j["occurred_on"]))]
        i = i[i["record_id"].isin(covered["record_id"])]
    return i


def _active_models(data: Data, villages: pd.Series, p: dict, d1) -> pd.DataFrame:
    m = data.models
    mask = (m["established_on"] <= d1) & (m["ended_on"].isna() | (m["ended_on"] >= d1))
    mask &= m["village_code"].isin(villages)
    if p["model_type"]:
        mask &= m["model_type"] == p["model_type"]
    return m[mask]


def _totals(acts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The eight activity figures per group (the `filter (where activity = ...)` columns)."""
    g = acts.groupby(by + ["activity"], observed=True).agg(
        rows=("activity", "size"), people=("people", "sum"),
        households=("households", "sum"), successes=("successes", "sum"))
    wide = g.unstack("activity", fill_value=0)
    out = pd.DataFrame(index=wide.index)
    for column, activity, value in COUNTS:
        key = ("rows" if not value else value, activity)
        out[column] = wide[key] if key in wide.columns else 0
    return out.astype(np.int64)


def kpis(data: Data, p: dict) -> pd.DataFrame:
    villages = _scope(data, p)["village_code"]
    rows = []
    for period, d0, d1 in (("current", p["date_from"], p["date_to"]),
                           ("previous", p["prev_from"], p["prev_to"])):
        acts = _acts(data, villages, p, d0, d1)
        counts = acts.groupby("activity", observed=True).agg(
            rows=("activity", "size"), people=("people", "sum"),
            households=("households", "sum"), successes=("successes", "sum"))
        row = {"period": period, "date_from": d0, "date_to": d1,
               "active_models": len(_active_models(data, villages, p, d1))}
        for column, activity, value in COUNTS:
            row[column] = int(counts.at[activity, value or "rows"]) \
                if activity in counts.index else 0
        row["incidents"] = len(_incidents(data, villages, p, d0, d1))
        rows.append(row)
    return pd.DataFrame(rows)


def activities_by_month(data: Data, p: dict) -> pd.DataFrame:
    villages = _scope(data, p)["village_code"]
    d0, d1 = p["date_from"], p["date_to"]
    acts = _acts(data, villages, p, d0, d1)
    acts = acts.assign(month=acts["on_date"].dt.to_period("M").dt.start_time)
    months = _totals(acts, ["month"])
    inc = _incidents(data, villages, p, d0, d1)
    inc_months = inc.groupby(inc["occurred_on"].dt.to_period("M").dt.start_time).size()
    out = months.join(inc_months.rename("incidents").rename_axis("month"), how="outer")
    return out.fillna(0).astype(np.int64).sort_index().reset_index()


def activities_by_unit(data: Data, p: dict) -> pd.DataFrame:
    scope = _scope(data, p)
    d0, d1 = p["date_from"], p["date_to"]
    unit_of = scope.set_index("village_code")["unit_code"]
    units = scope.groupby("unit_code").agg(
        unit_name=("unit_name", "first"), villages=("village_code", "size"),
        population=("population", "sum"), households=("households", "sum"))
    acts = _acts(data, scope["village_code"], p, d0, d1)
    acts = acts.assign(unit_code=acts["village_code"].astype(str).map(unit_of))
    inc = _incidents(data, scope["village_code"], p, d0, d1)
    incs = inc["village_code"].astype(str).map(unit_of).value_counts().rename("incidents")
    mods = _active_models(data, scope["village_code"], p, d1)
    mods = mods["village_code"].map(unit_of).value_counts().rename("active_models")
    out = units.join(mods).join(_totals(acts, ["unit_code"])).join(incs)
    counts = ["active_models", *FIGURE_COLUMNS, "incidents"]
    out[counts] = out[counts].fillna(0).astype(np.int64)
    out = out.reset_index()
    order = sorted(range(len(out)), key=lambda i: vi_sort_key(out["unit_name"].iat[i]))
    return out.iloc[order].reset_index(drop=True)


FIGURES = {"kpis": kpis, "activities_by_month": activities_by_month,
           "activities_by_unit": activities_by_unit}


def parse_params(p: dict) -> dict:
    out = dict(p)
    for k in ("date_from", "date_to", "prev_from", "prev_to"):
        out[k] = pd.Timestamp(p[k])
    return out


def run(folder: Path, param_sets: list[dict], repeat: int) -> dict:
    t0 = time.perf_counter()
    data = Data(folder)
    result: dict = {"load_s": time.perf_counter() - t0, "sets": []}
    for raw in param_sets:
        p = parse_params(raw)
        entry: dict = {"times_s": {}, "figures": {}}
        for name, fn in FIGURES.items():
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                df = fn(data, p)
                times.append(time.perf_counter() - t)
            entry["times_s"][name] = statistics.median(times)
            entry["figures"][name] = json.loads(df.to_json(orient="records", date_format="iso"))
        result["sets"].append(entry)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("params", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    params = json.loads(args.params.read_text(encoding="utf-8"))
    out = run(args.data, params, args.repeat)
    args.out.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
