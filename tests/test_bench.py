"""The benchmark (issue 8) on a tiny scale: its data is valid, its pandas baseline computes the
same figures as the SQL, and its report names every measured item. No timing is asserted."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import pytest

from antt.commands import bench as bench_command
from antt.data.queries import run_query
from antt.data.schema import TABLES
from antt.data.store import Store, read_all
from antt.indicators.filters import Filters
from bench import pandas_baseline
from bench.compare import differences
from bench.generate import generate

ROWS = 2000


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench") / "data"
    generate(folder, ROWS)
    return folder


def test_generated_data_is_complete_and_valid(bench_dir):
    result = read_all(bench_dir)
    assert [str(p) for p in result.problems] == []
    assert set(result.tables) == set(TABLES)
    counts = {name: t.num_rows for name, t in result.tables.items()}
    assert sum(counts[n] for n in ("outreach", "patrols", "commitments", "mediations",
                                   "incidents")) == ROWS
    assert counts["villages"] == 150 and counts["communes"] == 18
    # rows carry model ids, so the model village/period checks ran on real links
    assert result.tables["patrols"].column("model_id").null_count < counts["patrols"]


def _outreach_2024(folder: Path, commune: str | None = None) -> tuple[int, int]:
    """Sessions and attendees in 2024 counted straight from the CSV (the hand check)."""
    with (folder / "outreach.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["held_on"].startswith("2024")
                and (commune is None or r["village_code"].startswith(commune + "-"))]
    return len(rows), sum(int(r["attendees"]) for r in rows)


def test_pandas_baseline_equals_duckdb(bench_dir):
    store = Store(bench_dir)
    assert store.refresh()
    sets = [
        Filters(year=2024).params(),
        Filters(year=2024, communes=("00001",)).params(),
        Filters(year=2024, model_type="to_tu_quan").params(),
        Filters(unit_set="2025", year=2025, communes=("00001",)).params(),
    ]
    iso = [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in p.items()}
           for p in sets]
    result = pandas_baseline.run(bench_dir, iso, repeat=1)
    for params, entry in zip(sets, result["sets"]):
        for name, figures in entry["figures"].items():
            duck = run_query(name, store=store, **params)
            assert differences(name, duck, figures) == [], (name, params)
    kpis = result["sets"][0]["figures"]["kpis"][0]
    assert (kpis["outreach_sessions"], kpis["outreach_attendees"]) == _outreach_2024(bench_dir)
    one = result["sets"][1]["figures"]["kpis"][0]
    assert (one["outreach_sessions"], one["outreach_attendees"]) == \
        _outreach_2024(bench_dir, "00001")
    assert result["sets"][2]["figures"]["kpis"][0]["patrols"] > 0  # the model-type filter


def test_a_difference_is_reported():
    import pandas as pd

    duck = pd.DataFrame([{"period": "current", "patrols": 3}])
    assert differences("kpis", duck, [{"period": "current", "patrols": 4}]) == [
        "kpis current patrols: DuckDB 3, pandas 4"
    ]


def test_smoke_run_reports_every_measured_item(tmp_path):
    out = tmp_path / "performance.md"
    args = argparse.Namespace(rows="2000", repeat=1, out=out, work=tmp_path / "work",
                              skip_pages=False, skip_browser=True,
                              page_limit=120)
    assert bench_command.run(args) == 0  # 0 = the pandas figures equal DuckDB's
    report = out.read_text(encoding="utf-8")
    for item in ("load, cold", "reload after one file changed", "slowest query",
                 "slowest page rerun, warm", "slowest page rerun, cold", "notice: PDF",
                 "peak RSS", "DuckDB / pandas", "pandas: read the CSVs once",
                 "Figures equal between DuckDB and pandas for every filter set and size: **yes**",
                 "`nproc` = ", "DuckDB 2", "| 2.000 rows |"):
        assert item in report, item
    for query in ("kpis", "activities_by_month", "activities_by_unit"):
        assert f"| {query} |" in report
    for page in sorted(p.stem for p in (Path(__file__).parent.parent / "views").glob("*.py")):
        assert f"| {page} |" in report
    for kind in ("store", "notice", "pages"):  # each measurement set ran to its end
        assert f"2.000 rows, {kind}:" not in report
    assert not (Path(__file__).parent.parent / "data" / "2000").exists()  # never into data/


def test_a_new_run_keeps_the_hand_written_analysis(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text("# Title\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\n"
                    "## Analysis\nkept\n", encoding="utf-8")
    merged = bench_command.merge_report(path, "new table\n")
    assert merged == ("# Title\n\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n"
                      "## Analysis\nkept\n")
