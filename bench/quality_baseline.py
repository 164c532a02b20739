"""The pandas baseline of the data-quality check (issue 26): the same flags as
queries/quality_*.sql, computed the way a good pandas app would (vectorised, numpy arrays for
the trailing 12 months), from the CSV files read once. `python -m antt bench` times it next to
antt.quality.flags.check and compares the two sets of flag ids.

    python -m bench.quality_baseline DATA_DIR RULES_DIR OUT_JSON [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from antt.quality.rules import RuleSet, load_rules

TABLES = {"outreach": ("held_on", "attendees"), "patrols": ("held_on", "participants"),
          "commitments": ("signed_on", "households"), "mediations": ("held_on", None),
          "incidents": ("occurred_on", None)}
RECORD = {"ban_ghi.tuyen_truyen.so_luot_tham_du": "outreach",
          "ban_ghi.tuan_tra.so_luot_tham_gia": "patrols", "ban_ghi.cam_ket.so_ho_ky": "commitments"}
DAY = {"thon_ngay.so_buoi_tuyen_truyen": "outreach", "thon_ngay.so_cuoc_tuan_tra": "patrols"}
OPS = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater,
       "==": np.equal, "!=": np.not_equal}


def read(folder: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for name, (date_col, size_col) in TABLES.items():
        df = pd.read_csv(folder / f"{name}.csv", dtype={"record_id": str, "village_code": str,
                                                        "model_id": str},
                         parse_dates=[date_col], keep_default_na=False, na_values=[])
        d = df[date_col]
        df["on_date"] = d
        df["month_no"] = d.dt.year * 12 + d.dt.month + (d.dt.day >= 15).astype(int)
        df["size"] = df[size_col] if size_col else 0
        out[name] = df
    out["villages"] = pd.read_csv(folder / "villages.csv", dtype=str).astype(
        {"population": int, "households": int}).set_index("village_code")
    out["communes"] = pd.read_csv(folder / "communes.csv", dtype=str)
    return out


def month_text(n: pd.Series) -> pd.Series:
    return ((n - 1) // 12).astype(str).str.zfill(4) + "-" + ((n - 1) % 12 + 1).astype(
        str).str.zfill(2)


def rule_flags(t: dict, rules: RuleSet) -> list[pd.Series]:
    v = t["villages"]
    out = []
    med = t["mediations"]
    months = {
        "thon_thang.so_vu_hoa_giai": med.groupby(["village_code", "month_no"]).size(),
        "thon_thang.so_vu_hoa_giai_thanh": (med["outcome"] == "thành").groupby(
            [med["village_code"], med["month_no"]]).sum(),
        "thon_thang.so_luot_tham_du": t["outreach"].groupby(
            ["village_code", "month_no"])["attendees"].sum(),
    }
    for r in rules.rules:
        if r.left in RECORD:
            df = t[RECORD[r.left]]
            left = df["size"].to_numpy(dtype=float)
            if isinstance(r.right, float):
                right = np.full(len(df), r.right)
            else:
                col = "population" if r.right == "thon.nhan_khau" else "households"
                right = df["village_code"].map(v[col]).to_numpy(dtype=float)
            bad = ~OPS[r.operator](left, right * r.factor)
            out.append(r.code + ":" + df.loc[bad, "record_id"])
            continue
        if r.left in DAY:
            left = t[DAY[r.left]].groupby(["village_code", "on_date"]).size().astype(float)
            keys = left.index.get_level_values(0) + ":" + pd.Series(
                left.index.get_level_values(1)).dt.strftime("%Y-%m-%d").to_numpy()
        else:
            left = months[r.left].astype(float)
            keys = left.index.get_level_values(0) + ":" + month_text(
                pd.Series(left.index.get_level_values(1))).to_numpy()
        villages = left.index.get_level_values(0)
        if isinstance(r.right, float):
            right = np.full(len(left), r.right)
        elif r.right.startswith("thon."):
            col = "population" if r.right == "thon.nhan_khau" else "households"
            right = villages.map(v[col]).to_numpy(dtype=float)
        else:
            right = months[r.right].reindex(left.index).to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            bad = ~OPS[r.operator](left.to_numpy(), right * r.factor) & ~np.isnan(right)
        out.append(pd.Series(r.code + ":" + pd.Index(keys)[bad]))
    return out


def outlier_flags(t: dict, rules: RuleSet) -> list[pd.Series]:
    p = rules.outlier_params()
    out = []
    for name in TABLES:
        df = t[name]
        first = int(df["month_no"].min())
        vil, vcodes = pd.factorize(df["village_code"])
        m = (df["month_no"].to_numpy() - first).astype(int)
        shape = (len(vcodes), int(m.max()) + 1)
        n, size = np.zeros(shape), np.zeros(shape)
        np.add.at(n, (vil, m), 1)
        np.add.at(size, (vil, m), df["size"].to_numpy(dtype=float))
        # sums of the 12 months before each month: cumulative sums, shifted
        cn = np.concatenate([np.zeros((shape[0], 1)), n.cumsum(axis=1)], axis=1)
        cs = np.concatenate([np.zeros((shape[0], 1)), size.cumsum(axis=1)], axis=1)
        idx = np.arange(shape[1])
        lo = np.maximum(idx - 12, 0)
        n_before = cn[:, idx] - cn[:, lo]
        s_before = cs[:, idx] - cs[:, lo]
        months_before = np.minimum(12, idx)[None, :].repeat(shape[0], axis=0)
        ok = months_before >= p["min_history"]
        with np.errstate(divide="ignore", invalid="ignore"):
            mu = n_before / months_before
            cand = ok & (n >= p["min_count"]) & (n > mu)
        rows, cols = np.nonzero(cand)
        for r_, c_ in zip(rows, cols):
            x, lam = int(n[r_, c_]), mu[r_, c_]
            tail = 0.0 if lam == 0 else sum(
                math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1)) for i in range(x, x + 200))
            if tail < p["alpha"]:
                out.append(pd.Series([f"BAT-THUONG-SO-LAN:{name}:{vcodes[r_]}:"
                                      f"{month_text(pd.Series([c_ + first])).iat[0]}"]))
        if name in ("outreach", "patrols", "commitments"):
            with np.errstate(divide="ignore", invalid="ignore"):
                usual = s_before / n_before
            good = ok & (n_before >= p["min_records"])
            rec_usual = usual[vil, m]
            bad = good[vil, m] & (df["size"].to_numpy() >= p["ratio"] * rec_usual)
            out.append("BAT-THUONG-QUY-MO:" + df.loc[bad, "record_id"])
    return out


def missing_flags(t: dict, rules: RuleSet) -> list[pd.Series]:
    p = rules.missing_params()
    commune_of = t["villages"]["commune_code"]
    months = pd.concat([df[["village_code", "month_no"]] for n, df in t.items()
                        if n in TABLES])
    first, last = int(months["month_no"].min()), int(months["month_no"].max())
    codes = t["communes"]["commune_code"].tolist()
    pos = {c: i for i, c in enumerate(codes)}
    has = np.zeros((len(codes), last - first + 1), dtype=bool)
    rows = months["village_code"].map(commune_of).map(pos).to_numpy()
    has[rows, months["month_no"].to_numpy() - first] = True
    out = []
    for ci, code in enumerate(codes):
        row = has[ci]
        j = 0
        while j < len(row):
            if row[j]:
                j += 1
                continue
            k = j
            while k < len(row) and not row[k]:
                k += 1
            if k - j >= p["min_run"] and row[max(0, j - 12):j].sum() >= p["usual_months"]:
                out.append(pd.Series([f"THIEU-BAO-CAO:{code}:" + s for s in
                                      month_text(pd.Series(range(j + first, k + first)))]))
            j = k
    return out


def duplicate_flags(t: dict) -> list[pd.Series]:
    out = []
    for name in TABLES:
        df = t[name].sort_values("record_id")
        cols = [c for c in df.columns if c not in ("record_id", "on_date", "month_no", "size")]
        out.append("TRUNG-LAP:" + df.loc[df.duplicated(cols, keep="first"), "record_id"])
    return out


def check(t: dict, rules: RuleSet) -> set[str]:
    """Every flag id of the tables read by `read` (read once, as an app caches them)."""
    parts = (rule_flags(t, rules) + outlier_flags(t, rules) + missing_flags(t, rules)
             + duplicate_flags(t))
    return set(pd.concat(parts).tolist()) if parts else set()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("rules", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rules = load_rules(args.rules)
    t0 = time.perf_counter()
    tables = read(args.data)
    load_s = time.perf_counter() - t0
    times, flags = [], set()
    for _ in range(args.repeat):
        t = time.perf_counter()
        flags = check(tables, rules)
        times.append(time.perf_counter() - t)
    args.out.write_text(json.dumps({"load_s": load_s, "quality_s": statistics.median(times),
                                    "flags": sorted(flags)}, ensure_ascii=False),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
