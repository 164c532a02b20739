"""The benchmark: generate data, measure each part in its own process, write the report.

Each measurement set runs in a fresh subprocess (`python -m bench.run worker KIND ...`) so its
peak RSS (VmHWM) is the app's own and one set cannot warm the next. Times are medians.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from antt import config

PAGES_DIR = config.REPO_DIR / "views"
WORKER_TIMEOUT_S = 3600
PAGE_LIMIT_S = 120  # one page run; the page's process is stopped after 3 times this
SLOW_PAGE_S = 20


def memory() -> dict[str, float]:
    """This process's peak and current RSS in MB (VmHWM, VmRSS)."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmHWM", "VmRSS")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def param_sets(data_dir: Path) -> dict[str, dict]:
    """The filters measured: a typical year over all communes, one commune, one commune with a
    model type (the unit codes are read from the generated communes file)."""
    from antt.indicators.filters import Filters

    first = (data_dir / "communes.csv").read_text(encoding="utf-8").split("\n")[1].split(",")[0]
    return {
        "all": Filters(year=2024).params(),
        "one": Filters(year=2024, communes=(first,)).params(),
        "one_type": Filters(year=2024, communes=(first,), model_type="to_tu_quan").params(),
    }


def append_row(data_dir: Path) -> None:
    """A real data change: one more valid patrol row (a touch alone changes nothing), dated
    before the periods measured so the figures compared with pandas stay the same."""
    village = (data_dir / "villages.csv").read_text(encoding="utf-8").split("\n")[1].split(",")[0]
    with (data_dir / "patrols.csv").open("a", encoding="utf-8") as f:
        f.write(f"TR-B{time.time_ns()},2019-12-31,{village},,thuong_xuyen,5\n")


# --- workers (each in its own process) ---------------------------------------------------------


def work_store(data_dir: Path, repeat: int) -> dict:
    from antt.data.queries import query_names, query_params, run_query
    from antt.data.store import Store

    out: dict = {}
    cold, store = median_time(lambda: _loaded(Store(data_dir)), max(1, repeat // 2))
    out["load_cold_s"] = cold
    out["rss_after_load"] = memory()
    reload_times, touch_times = [], []
    for _ in range(repeat):
        append_row(data_dir)
        t = time.perf_counter()
        assert store.refresh() and not store.problems, store.problems[:3]
        reload_times.append(time.perf_counter() - t)
    for _ in range(repeat):
        path = data_dir / "patrols.csv"
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
        t = time.perf_counter()
        store.refresh()
        touch_times.append(time.perf_counter() - t)
    out["reload_changed_s"] = statistics.median(reload_times)
    out["reload_touched_s"] = statistics.median(touch_times)
    extra = {"year": 2024, "on_date": dt.date(2024, 12, 31), "model_id": "MH000001",
             "table": "outreach", "column": "topic", "activity": "outreach",
             "row_limit": None, "fields": ["an_ninh_chinh_tri", "ton_giao"]}
    # the data-quality queries take the shipped rules (data/rules.toml) as parameters
    from antt.quality import flags as quality_flags
    from antt.quality.rules import load_rules

    rules = load_rules(config.REPO_DIR / "data")
    extra |= rules.params() | rules.outlier_params() | rules.missing_params()
    out["queries"] = {}
    for name in query_names():
        row = {}
        for label, params in param_sets(data_dir).items():
            wanted = query_params(name)
            if not wanted & {"communes", "model_type"} and label != "all":
                continue  # the scope does not change this query
            seconds, df = median_time(
                lambda n=name, p=params: run_query(n, store=store, **(p | extra)), repeat)
            row[label] = {"s": seconds, "rows": len(df)}
        out["queries"][name] = row
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    seconds, found = median_time(lambda: quality_flags.check(store, rules), repeat)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    out["quality"] = {
        "s": seconds, "flags": sorted(found.frame["flag"]),
        # the process's CPU seconds per check (all runs): on a machine shared with other work,
        # the wall time above waits for a core, this does not
        "cpu_s": (cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime) / repeat,
    }
    out["overview"] = {
        label: {name: run_query(name, store=store, **params).to_json(
            orient="records", date_format="iso")
            for name in ("kpis", "activities_by_month", "activities_by_unit")}
        for label, params in param_sets(data_dir).items()
    }
    out["rss_end"] = memory()
    return out


def _loaded(store):
    store.refresh()
    assert not store.problems, [str(p) for p in store.problems[:5]]
    return store


def work_page(data_dir: Path, repeat: int, page: str, out_path: str = "") -> dict:
    """One page with AppTest: first run, warm reruns (cached), cold reruns after a change.

    A page whose first run is slower than SLOW_PAGE_S is rerun once each way, not `repeat`
    times: the numbers already say what matters and the benchmark must end."""
    os.environ["ANTT_DATA_DIR"] = str(data_dir)
    from streamlit.testing.v1 import AppTest

    from antt.indicators.filters import Filters

    at = AppTest.from_file(str(PAGES_DIR / f"{page}.py"), default_timeout=PAGE_LIMIT_S * 10)
    # (the parent stops the whole process at its own limit: a timed-out script thread runs on)
    at.session_state["filters"] = Filters(year=2024)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    errors = [e.message for e in at.exception][:3]
    partial = {"first_s": first, "warm_s": None, "cold_s": None, "errors": errors,
               "rss_end": memory()}
    if out_path:  # what is known so far, in case the page runs out of time later
        Path(out_path).write_text(json.dumps(partial), encoding="utf-8")
    runs = 1 if first > SLOW_PAGE_S else repeat
    warm, _ = median_time(at.run, runs)
    partial |= {"warm_s": warm, "rss_end": memory()}
    if out_path:
        Path(out_path).write_text(json.dumps(partial), encoding="utf-8")
    cold = []
    for _ in range(max(1, runs // 2)):
        append_row(data_dir)
        t = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - t)
    errors += [e.message for e in at.exception][:3]
    return {"first_s": first, "warm_s": warm, "cold_s": statistics.median(cold),
            "runs": runs, "errors": errors, "rss_end": memory()}


def run_pages(data_dir: Path, repeat: int, page_limit: float = PAGE_LIMIT_S) -> dict:
    """Every page in views/, each in its own process with a time limit."""
    out: dict = {"pages": {}}
    for page in sorted(p.stem for p in PAGES_DIR.glob("*.py")):
        result = run_worker("page", data_dir, repeat, page, limit=page_limit * 3)
        if "error" in result:
            out["pages"][page] = {"first_s": None, "warm_s": None, "cold_s": None,
                                  "errors": [result["error"]]}
            print(f"  {page}: {result['error']}", flush=True)
            continue
        out["pages"][page] = result
        print(f"  {page}: " + ", ".join(
            f"{k[:-2]} {result[k]:.2f} s" for k in ("first_s", "warm_s", "cold_s")
            if result.get(k) is not None) + (" (stopped)" if result.get("stopped") else ""),
            flush=True)
    peaks = [p["rss_end"]["VmHWM"] for p in out["pages"].values() if p.get("rss_end")]
    out["rss_end"] = {"VmHWM": max(peaks, default=None)}
    return out


def work_notice(data_dir: Path, repeat: int) -> dict:
    """The notice of one district (its communes), built from data and rendered to PDF."""
    try:
        from antt.notice import render_pdf
        from antt.notice.build import build_notice
        from antt.notice.draft import default_draft
        from antt.notice.facts import Scope, collect_facts
    except ImportError as exc:
        return {"error": f"antt.notice not ready: {exc}"}
    from antt.data.queries import run_query
    from antt.data.store import Store

    store = _loaded(Store(data_dir))
    on = dt.date(2024, 10, 2)
    # the district of the first model active on that day, and that model's type
    model = run_query("models_active_on", store=store, communes=[], unit_set="2024",
                      on_date=on, model_type="").iloc[0]
    lines = (data_dir / "communes.csv").read_text(encoding="utf-8").split("\n")[1:]
    commune = model["village_code"].split("-")[0]  # bench village codes: COMMUNE-NN
    district = next(x.split(",")[3] for x in lines if x.startswith(commune + ","))
    communes = tuple(x.split(",")[0] for x in lines if x and x.split(",")[3] == district)
    scope = Scope(date_to=on, communes=communes, model_type=model["model_type"])

    def build():
        facts = collect_facts(scope, store)
        result = build_notice(default_draft(scope, facts, so=1, ngay=2), store, facts=facts)
        if not result.ok:
            raise RuntimeError("; ".join(result.errors[:3]))
        return result

    try:
        facts_s, result = median_time(build, repeat)
        pdf_s, pdf = median_time(lambda: render_pdf(result.notice), repeat)
    except Exception as exc:  # noqa: BLE001 - reported, the other measurements still count
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"communes": len(communes), "build_s": facts_s, "pdf_s": pdf_s,
            "total_s": facts_s + pdf_s, "pdf_bytes": len(pdf), "rss_end": memory()}


def work_streamlit(data_dir: Path, repeat: int, port: int = 8591) -> dict:
    """RSS of a real `streamlit run app.py` after a browser loaded the overview page."""
    import urllib.request

    env = dict(os.environ, ANTT_DATA_DIR=str(data_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=config.REPO_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/", timeout=600_000)
            page.get_by_role("heading", name="Tổng quan").wait_for(timeout=600_000)
            page.wait_for_function(  # the script finished: no "running" indicator left
                "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=600_000)
            first = time.perf_counter() - t
            browser.close()
        status = Path(f"/proc/{proc.pid}/status").read_text().splitlines()
        rss = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status
               if line.startswith(("VmHWM", "VmRSS"))}
        return rss | {"first_load_s": first}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


WORKERS = {"store": work_store, "page": work_page, "notice": work_notice,
           "streamlit": work_streamlit}


def run_worker(kind: str, data_dir: Path, repeat: int, *extra: str,
               limit: float = WORKER_TIMEOUT_S) -> dict:
    """Run one worker in a fresh process and return its JSON result ({"error": ...} when it
    failed or ran out of time; the process is then stopped)."""
    name = "-".join((kind, *extra))
    out_file = data_dir.parent / f"{data_dir.name}.{name}.json"
    out_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.run", "worker", kind, str(data_dir), str(out_file),
           str(repeat), *extra]
    if kind == "page":
        cmd.append(str(out_file))  # written as it goes
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=config.REPO_DIR, stdout=subprocess.DEVNULL,
                                stderr=err, text=True)
        try:
            code = proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            error = f"not finished within {limit:.0f} s (stopped)"
            if out_file.exists():  # a page's partial result: its first run, maybe warm
                partial = json.loads(out_file.read_text(encoding="utf-8"))
                return partial | {"errors": [*partial["errors"], error], "stopped": True}
            return {"error": error}
        err.seek(0)
        lines = [line.strip() for line in err.read().splitlines() if line.strip()]
    if code != 0 or not out_file.exists():
        return {"error": lines[-1] if lines else "failed"}
    return json.loads(out_file.read_text(encoding="utf-8"))


def run_baseline(data_dir: Path, repeat: int) -> dict:
    params = [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in p.items()}
              for p in param_sets(data_dir).values()]
    params_file = data_dir.parent / f"{data_dir.name}.params.json"
    out_file = data_dir.parent / f"{data_dir.name}.pandas.json"
    params_file.write_text(json.dumps(params), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "bench.pandas_baseline", str(data_dir),
                    str(params_file), str(out_file), "--repeat", str(repeat)],
                   cwd=config.REPO_DIR, check=True, timeout=WORKER_TIMEOUT_S)
    result = json.loads(out_file.read_text(encoding="utf-8"))
    result["labels"] = list(param_sets(data_dir))
    quality_file = data_dir.parent / f"{data_dir.name}.quality.json"
    subprocess.run([sys.executable, "-m", "bench.quality_baseline", str(data_dir),
                    str(config.REPO_DIR / "data"), str(quality_file), "--repeat",
                    str(max(1, repeat // 2))],
                   cwd=config.REPO_DIR, check=True, timeout=WORKER_TIMEOUT_S)
    result["quality"] = json.loads(quality_file.read_text(encoding="utf-8"))
    return result


def machine() -> dict[str, str]:
    import duckdb
    import pandas
    import pyarrow
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "free": free,
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
            "streamlit": streamlit.__version__, "date": dt.date.today().isoformat()}


if __name__ == "__main__" and sys.argv[1:2] == ["worker"]:
    kind, folder, out_path, rep, *rest = sys.argv[2:]
    result = WORKERS[kind](Path(folder), int(rep), *rest)
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False, default=str),
                              encoding="utf-8")
