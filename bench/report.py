"""The benchmark results as a Markdown report (docs/performance.md)."""

from __future__ import annotations

import json

from bench.compare import differences

TARGETS = {"page": 0.300, "query": 0.050, "reload": 3.0, "pdf": 1.0, "rss": 800.0, "ratio": 10.0}
OVERVIEW = ("kpis", "activities_by_month", "activities_by_unit")


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}".replace(",", ".")


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", ".")


def rows_text(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def overview_comparison(store: dict, baseline: dict) -> dict:
    """DuckDB vs pandas on the overview figures, per filter set: times, ratio, equality."""
    import pandas as pd

    out = {}
    for label, entry in zip(baseline["labels"], baseline["sets"]):
        duck_s = sum(store["queries"][n][label]["s"] for n in OVERVIEW)
        pandas_s = sum(entry["times_s"][n] for n in OVERVIEW)
        diffs = []
        for n in OVERVIEW:
            duck = pd.DataFrame(json.loads(store["overview"][label][n]))
            diffs += differences(n, duck, entry["figures"][n])
        out[label] = {"duckdb_s": duck_s, "pandas_s": pandas_s,
                      "ratio": pandas_s / duck_s if duck_s else None, "differences": diffs,
                      "per_figure": {n: (store["queries"][n][label]["s"], entry["times_s"][n])
                                     for n in OVERVIEW}}
    return out


def render(results: dict[int, dict], command: str, machine: dict) -> str:
    sizes = sorted(results)
    lines = ["# Performance", "",
             "Measured by the benchmark of issue 8 (`bench/`, `antt/commands/bench.py`), on "
             "synthetic data in the real schema (bench/generate.py). \"Rows\" = all activity "
             "and incident rows together. Every time is the median of several runs; each "
             "measurement set runs in its own process, whose peak RSS (VmHWM) is reported.", "",
             "```", command, "```", "",
             "## Machine", "",
             f"- CPU: {machine['cpu']} — `nproc` = {machine['nproc']} "
             "(shared with other work while measuring)",
             f"- Python {machine['python']}, DuckDB {machine['duckdb']}, pandas "
             f"{machine['pandas']}, pyarrow {machine['pyarrow']}, Streamlit "
             f"{machine['streamlit']}; run on {machine['date']}", "",
             "```", machine["free"], "```", ""]
    head = "| | " + " | ".join(rows_text(n) + " rows" for n in sizes) + " | target at 1M |"
    sep = "|---" * (len(sizes) + 2) + "|"

    def row(label: str, values: list[str], target: str = "") -> str:
        return f"| {label} | " + " | ".join(values) + f" | {target} |"

    lines += ["## Summary", "", head, sep]
    data = {n: results[n] for n in sizes}
    lines.append(row("units (communes / villages)", [
        f"{rows_text(data[n]['tables']['communes'])} / {rows_text(data[n]['tables']['villages'])}"
        for n in sizes]))
    lines.append(row("CSV size (MB)", [mb(data[n]["csv_mb"]) for n in sizes]))
    store = {n: data[n]["store"] for n in sizes}
    lines.append(row("load, cold (ms)", [ms(store[n].get("load_cold_s")) for n in sizes]))
    lines.append(row("reload after one file changed (ms)",
                     [ms(store[n].get("reload_changed_s")) for n in sizes], "≤ 3.000"))
    lines.append(row("reload after a touch, same content (ms)",
                     [ms(store[n].get("reload_touched_s")) for n in sizes]))
    worst_q = {}
    for n in sizes:
        q = store[n].get("queries", {})
        worst_q[n] = max(((v["s"], name) for name, r in q.items() for v in r.values()),
                         default=(None, ""))
    lines.append(row("slowest query (ms)", [f"{ms(worst_q[n][0])} ({worst_q[n][1]})"
                                            for n in sizes], "≤ 50"))
    pages = {n: data[n]["pages"].get("pages", {}) for n in sizes}
    for key, label in (("warm_s", "slowest page rerun, warm (ms)"),
                       ("cold_s", "slowest page rerun, cold: first after a change (ms)")):
        vals = []
        for n in sizes:
            worst = max(((p[key], name) for name, p in pages[n].items()
                         if p[key] is not None), default=(None, ""))
            text = f"{ms(worst[0])} ({worst[1]})" if worst[0] is not None else "–"
            stopped = [name for name, p in pages[n].items() if p[key] is None]
            vals.append(text + (f"; not measured, too slow: {', '.join(stopped)}"
                                if stopped else ""))
        lines.append(row(label, vals, "≤ 300" if key == "warm_s" else ""))
    notice = {n: data[n]["notice"] for n in sizes}
    lines.append(row("notice: facts + draft (ms)", [ms(notice[n].get("build_s")) for n in sizes]))
    lines.append(row("notice: PDF (ms)", [ms(notice[n].get("pdf_s")) for n in sizes], "≤ 1.000"))
    rss = []
    for n in sizes:
        peaks = [data[n][k].get("rss_end", {}).get("VmHWM") for k in ("store", "pages")]
        rss.append(" / ".join(mb(p) for p in peaks))
    lines.append(row("peak RSS MB: store+queries / largest page process (AppTest)", rss, "≤ 800"))
    if any(data[n].get("streamlit") for n in sizes):
        lines.append(row("`streamlit run` + browser, overview page: first load (ms)", [
            ms(data[n].get("streamlit", {}).get("first_load_s")) for n in sizes]))
        lines.append(row("`streamlit run` after that page load: RSS / peak RSS (MB)", [
            f"{mb(data[n].get('streamlit', {}).get('VmRSS'))} / "
            f"{mb(data[n].get('streamlit', {}).get('VmHWM'))}" for n in sizes], "≤ 800"))
    comp = {n: data[n]["comparison"] for n in sizes}
    for label, text in (("all", "all communes"), ("one", "one commune")):
        lines.append(row(f"overview figures, {text}: DuckDB / pandas (ms), ratio", [
            f"{ms(comp[n][label]['duckdb_s'])} / {ms(comp[n][label]['pandas_s'])}, "
            f"{comp[n][label]['ratio']:.1f}×" for n in sizes], "≥ 10×"))
    if all("quality" in store[n] and "quality" in data[n]["pandas"] for n in sizes):
        lines.append(row("data-quality check, all flags: DuckDB / pandas (ms), ratio", [
            f"{ms(store[n]['quality']['s'])} / {ms(data[n]['pandas']['quality']['quality_s'])}"
            f", {data[n]['pandas']['quality']['quality_s'] / store[n]['quality']['s']:.1f}×"
            for n in sizes], "≤ 2.000"))
        lines.append(row("data-quality check: DuckDB CPU seconds (ms), flags", [
            f"{ms(store[n]['quality']['cpu_s'])}, {rows_text(len(store[n]['quality']['flags']))}"
            for n in sizes]))
        same_flags = all(store[n]["quality"]["flags"] == data[n]["pandas"]["quality"]["flags"]
                         for n in sizes)
    else:
        same_flags = None
    lines.append(row("pandas: read the CSVs once (ms)", [ms(data[n]["pandas"]["load_s"])
                                                       for n in sizes]))
    lines.append(row("pandas: peak RSS (MB)", [mb(data[n]["pandas"]["peak_rss_mb"])
                                              for n in sizes]))
    same = all(not c["differences"] for n in sizes for c in comp[n].values())
    lines += ["", "Figures equal between DuckDB and pandas for every filter set and size: "
              + ("**yes**." if same else "**NO** — see below."), ""]
    if same_flags is not None:
        lines += ["Data-quality flags equal between DuckDB and pandas (bench/quality_baseline.py) "
                  "for every size: " + ("**yes**." if same_flags else "**NO**."), ""]
    for n in sizes:
        for label, c in comp[n].items():
            for d in c["differences"]:
                lines.append(f"- {rows_text(n)} rows, {label}: {d}")

    lines += ["## Queries (ms; all communes, year 2024 / one commune / one commune + model "
              "type)", "", "| query | " + " | ".join(rows_text(n) for n in sizes) + " |",
              "|---" * (len(sizes) + 1) + "|"]
    names = sorted({q for n in sizes for q in store[n].get("queries", {})})
    for name in names:
        cells = []
        for n in sizes:
            r = store[n].get("queries", {}).get(name, {})
            cells.append(" / ".join(ms(r[k]["s"]) for k in ("all", "one", "one_type") if k in r))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Pages (AppTest, ms: first run / warm rerun / cold rerun after a change)",
              "", "| page | " + " | ".join(rows_text(n) for n in sizes) + " |",
              "|---" * (len(sizes) + 1) + "|"]
    for name in sorted({p for n in sizes for p in pages[n]}):
        cells = []
        for n in sizes:
            p = pages[n].get(name)
            cells.append("–" if not p else
                         f"{ms(p['first_s'])} / {ms(p['warm_s'])} / {ms(p['cold_s'])}"
                         + (" (1 run)" if p.get("runs") == 1 else "")
                         + (" ⚠" if p["errors"] else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    errors = [(n, name, e) for n in sizes for name, p in pages[n].items() for e in p["errors"]]
    errors += [(n, kind, data[n][kind]["error"]) for n in sizes
               for kind in ("store", "pages", "notice", "streamlit")
               if data[n].get(kind, {}).get("error")]
    if errors:
        lines += ["", "Errors while measuring (⚠):", ""]
        lines += [f"- {rows_text(n)} rows, {name}: {e[:300]}" for n, name, e in errors]
    return "\n".join(lines) + "\n"
