"""Real Streamlit servers driven by the websocket load generator (bench/load.py): sessions
finish without an exception element and show the figures the queries give; two workers over
one data folder both show an import at their next rerun; nginx (when installed) serves the
app over TLS with its websocket. No timing is asserted here (docs/performance.md has them)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import kpi_cards, view_text
from antt.reporting.progress import data_through, load_reports
from antt.text.fmt import today_local
from bench.load import LoopThread, Session, run_meeting, run_overview
from bench.servers import nginx, workers

REPO = Path(__file__).resolve().parent.parent
PATROLS_LABEL = "Cuộc tuần tra"


def expected_tiles(store: Store, filters) -> dict[str, str]:
    """label -> value of the KPI tiles for the filters, straight from the queries."""
    return {c.label: c.value for c in kpi_cards.kpi_cards(
        run_query("kpis", store=store, **filters.params()))}


def default_view(store: Store):
    """Tổng quan's default view: to the last complete month (antt.data.complete, issue 23)."""
    reports, today = load_reports(store), today_local()
    return view_text.default_view(
        lambda unit_set: data_through(reports, store, unit_set, (), today).complete, today)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path):
    """One worker over the sample data, behind nginx with TLS when nginx is installed."""
    folder = tmp_path_factory.mktemp("load")
    with workers(sample_dir, 1, log_dir=folder) as group:
        if shutil.which("nginx"):
            with nginx(group.ports, folder / "nginx") as url:
                yield url
        else:
            yield group.urls[0]


def test_sessions_finish_and_show_the_queries_figures(served: str, sample_store: Store):
    filters = default_view(sample_store)
    tiles = expected_tiles(sample_store, filters)
    labels = run_query("vocab_labels", store=sample_store, table="models", column="model_type")
    opened, changed = run_overview([served], 3)
    assert opened.errors == [] and changed.errors == []
    for result in opened.results:
        assert result.ok and result.exceptions == []
        assert result.metrics == tiles
        assert result.charts == 2  # the monthly trend and the small map
    # The filter change picked the first model type: its figures, not the first ones.
    first_type = labels["value"].iloc[0]
    assert changed.results[0].widgets and "model=" + first_type in changed.results[0].query_string
    typed = expected_tiles(sample_store, replace(filters, model_type=first_type))
    assert typed != tiles
    assert all(r.metrics == typed for r in changed.results)

    meeting_open, *refreshes = run_meeting([served], 2, refreshes=1)
    for phase in (meeting_open, *refreshes):
        assert phase.errors == []
        for result in phase.results:
            assert result.metrics and all(tiles[k] == v for k, v in result.metrics.items())
            assert result.charts == 2  # map and trend, drawn from the shared cache
    assert all(r.fragments for r in meeting_open.results)


def _patrol_file(folder: Path, on: dt.date) -> Path:
    """A file with one new patrol in a village of the sample (the stored columns), on the data
    date: the newest reporting period, not yet approved (approved periods are locked)."""
    path = folder / "tuan_tra.csv"
    path.write_text("record_id,held_on,village_code,model_id,occasion,participants\n"
                    f"TR-999999,{on.isoformat()},06370-11,,thuong_xuyen,7\n", encoding="utf-8")
    return path


async def _open_both(urls: list[str], query: str) -> tuple[list[Session], list]:
    sessions = [Session(url) for url in urls]
    for session in sessions:
        await session.connect()
    return sessions, [await s.run("", query) for s in sessions]


async def _rerun(sessions: list[Session]) -> list:
    results = [await s.run("") for s in sessions]
    for s in sessions:
        await s.close()
    return results


def test_an_import_shows_on_every_worker_at_its_next_rerun(tmp_path: Path, sample_copy: Path):
    store = Store(sample_copy)
    assert store.refresh()
    latest = default_view(store)
    query = f"period=year&year={latest.year}&unit={latest.unit_set}"
    with workers(sample_copy, 2, log_dir=tmp_path) as group, LoopThread() as loop:
        sessions, before = loop.run(_open_both(group.urls, query))
        assert [(r.error, r.exceptions) for r in before] == [("", [])] * 2
        counts = [int(r.metrics[PATROLS_LABEL].replace(".", "")) for r in before]
        assert counts[0] == counts[1]
        # The write goes through antt.writes.writer and its file lock, as the Dữ liệu page's does.
        on = run_query("latest_record_date", store=store)["latest_on"].iloc[0].date()
        staff_file = _patrol_file(tmp_path, on)
        done = subprocess.run(
            [sys.executable, "-m", "antt", "import", "patrols", str(staff_file),
             "--user", "test"], cwd=REPO, capture_output=True, text=True,
            env={**os.environ, "ANTT_DATA_DIR": str(sample_copy)})
        assert done.returncode == 0, done.stdout + done.stderr
        after = loop.run(_rerun(sessions))
    assert [r.exceptions for r in after] == [[], []]
    assert [int(r.metrics[PATROLS_LABEL].replace(".", "")) for r in after] == [
        counts[0] + 1, counts[1] + 1]
