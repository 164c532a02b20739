"""`python -m antt bench --users 1,10,20,40,80`: many users at once, over Streamlit's websocket.

For each data set (the bundled sample; synthetic rows from bench/generate.py) and each set-up
(one Streamlit process; N workers behind nginx with TLS and sticky sessions, docs/deploy.md),
every user count runs three steps, all users at the same moment:

- open Tổng quan (from the first HTTP request to `script_finished`);
- a filter change (every session picks the first model type in the sidebar);
- the meeting page's fragment refresh (projectors opened first, then their fragments fire).

Reported: median and p95 of the users' times, errors (a transport error, a timeout or an
exception element), the servers' CPU (% of one core, and ms per run) and RSS. Then RSS 60 s
after the sessions closed (--settle). The load generator runs in this process (bench/load.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import Phase, Session, scenario_meeting, scenario_overview
from bench.servers import cpu_seconds, nginx, rss_mb, workers

STEPS = {"open": "Tổng quan: mở trang", "filter": "Đổi bộ lọc",
         "meeting refresh": "Trình chiếu: fragment tự cập nhật"}


@dataclass
class SetupResult:
    label: str  # "1 tiến trình" / "2 tiến trình + nginx"
    workers: int
    phases: dict[int, dict[str, Phase]] = field(default_factory=dict)  # users -> step -> phase
    rss: dict[int, float] = field(default_factory=dict)  # users -> RSS (MB, all workers)
    rss_one: float = float("nan")  # after one session
    rss_settled: float = float("nan")  # --settle seconds after the last sessions closed
    started_rss: float = float("nan")
    load: list[float] = field(default_factory=list)  # 1-min load average before each count


def _probe(pids: list[int]):
    return lambda: sum(cpu_seconds(p) for p in pids)


def _rss(pids: list[int]) -> float:
    return sum(rss_mb(p) for p in pids)


def measure_setup(data_dir: Path, users: list[int], count: int, work: Path, label: str,
                  settle: float, behind_nginx: bool, timeout: float = 300.0,
                  log: callable = print, app_dir: Path | None = None) -> SetupResult:
    result = SetupResult(label, count)
    with workers(data_dir, count, log_dir=work, app_dir=app_dir) as group:
        pids = group.pids
        probe = _probe(pids)
        if behind_nginx:
            proxy = nginx(group.ports, work / f"nginx-{count}")
            urls = [proxy.__enter__()]
        else:
            proxy, urls = None, group.urls
        try:
            result.started_rss = _rss(pids)
            # Warm-up: each worker loads the data and builds its caches once (a first visit
            # after a start); not measured.
            for url in group.urls:
                asyncio.run(scenario_overview([url], 1, timeout=timeout))
                asyncio.run(scenario_meeting([url], 1, refreshes=1, timeout=timeout))
            for n in users:
                result.load.append(os.getloadavg()[0])
                log(f"  {label}: {n} người dùng (load {result.load[-1]:.1f})…")
                phases = asyncio.run(scenario_overview(urls, n, timeout=timeout, probe=probe))
                phases += asyncio.run(scenario_meeting(urls, n, refreshes=1, timeout=timeout,
                                                       probe=probe))
                result.phases[n] = {p.name: p for p in phases}
                result.rss[n] = _rss(pids)
                if n == 1:
                    result.rss_one = result.rss[n]
            if settle:
                time.sleep(settle)
                # Streamlit drops closed sessions when a client connects: one does.
                asyncio.run(_touch(urls[0]))
                result.rss_settled = _rss(pids)
        finally:
            if proxy is not None:
                proxy.__exit__(None, None, None)
    return result


async def _touch(url: str) -> None:
    session = Session(url)
    await session.connect()
    await session.run()
    await session.close()


def run_concurrency(datasets: dict[str, Path], users: list[int], worker_counts: list[int],
                    work: Path, settle: float, log: callable = print,
                    app_dir: Path | None = None) -> dict[str, list[SetupResult]]:
    """Every data set × set-up; worker count 1 is the single process without nginx."""
    if any(c > 1 for c in worker_counts) and not shutil.which("nginx"):
        raise SystemExit("nginx chưa được cài (apt-get install nginx-light): cần cho --workers")
    out: dict[str, list[SetupResult]] = {}
    for name, folder in datasets.items():
        out[name] = []
        for count in worker_counts:
            label = "1 tiến trình" if count == 1 else f"{count} tiến trình + nginx (TLS)"
            if app_dir:
                label += f" ({app_dir.name})"
            log(f"[{name}] {label}")
            out[name].append(measure_setup(folder, users, count, work, label, settle,
                                           behind_nginx=count > 1, log=log, app_dir=app_dir))
    return out


def _s(value: float) -> str:
    return "–" if value != value else f"{value:.2f}".replace(".", ",")


def _int(value: float) -> str:
    return "–" if value != value else f"{value:,.0f}".replace(",", ".")


def render(results: dict[str, list[SetupResult]], command: str, machine: dict) -> str:
    about = (f"Machine: {machine.get('cpu')}, nproc = {machine.get('nproc')}, Python "
             f"{machine.get('python')}, Streamlit {machine.get('streamlit')}, DuckDB "
             f"{machine.get('duckdb')}; run on {machine.get('date')}. Other work on the machine "
             "shows in the 1-minute load average before each user count, listed per set-up "
             "below (about 0: idle; 2: both cores already busy before we start).")
    lines = ["## Many users at once (websocket load generator)", "",
             "```", command, "```", "", about, ""]
    for name, setups in results.items():
        lines += [f"### {name}", "",
                  "| set-up | users | step | median (s) | p95 (s) | errors | server CPU "
                  "(% of a core) | CPU per run (ms) | RSS (MB) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for setup in setups:
            for n, steps in setup.phases.items():
                for step, label in STEPS.items():
                    phase = steps.get(step)
                    if phase is None:
                        continue
                    lines.append(
                        f"| {setup.label} | {n} | {label} | {_s(phase.median)} | "
                        f"{_s(phase.p95)} | {len(phase.errors)} | {_int(phase.cpu_percent)} | "
                        f"{_int(phase.cpu_ms_per_run)} | {_int(setup.rss[n])} |")
        lines += ["", "| set-up | RSS at start | after 1 session | after the most users | "
                  "after they closed (--settle) | load average before each count |",
                  "|---|---|---|---|---|---|"]
        for setup in setups:
            top = max(setup.rss) if setup.rss else None
            load = " / ".join(f"{x:.1f}".replace(".", ",") for x in setup.load)
            lines.append(f"| {setup.label} | {_int(setup.started_rss)} | "
                         f"{_int(setup.rss_one)} | {_int(setup.rss[top]) if top else '–'} | "
                         f"{_int(setup.rss_settled)} | {load} |")
        if len(setups) > 1:
            lines += ["", "Scaling, Tổng quan opened by the most users at once (median s): " +
                      ", ".join(f"{s.label} {_s(s.phases[max(s.phases)]['open'].median)}"
                                for s in setups if s.phases)]
        lines.append("")
    errors = [e for setups in results.values() for s in setups for steps in s.phases.values()
              for p in steps.values() for e in p.errors]
    if errors:
        lines += ["Errors (first 5):", ""] + [f"- {e}" for e in errors[:5]] + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------- runner.postScriptGC soak


@dataclass
class SoakResult:
    label: str
    runs: int = 0
    cpu: float = 0.0  # seconds
    rss: list[tuple[float, float]] = field(default_factory=list)  # (elapsed s, MB)
    seconds: list[float] = field(default_factory=list)  # each session's run time

    @property
    def cpu_ms_per_run(self) -> float:
        return 1000 * self.cpu / self.runs if self.runs else float("nan")


def soak_gc(data_dir: Path, seconds: float, users: int, work: Path, log: callable = print
            ) -> list[SoakResult]:
    """Two workers side by side, Streamlit's `runner.postScriptGC` on and off, taking turns
    with the same rounds (`users` sessions open Tổng quan, change a filter, open the meeting
    page and refresh it) for `seconds`: CPU per run and RSS over the whole run."""
    results = []
    with workers(data_dir, 1, log_dir=work, options=["--runner.postScriptGC", "true"]) as on, \
            workers(data_dir, 1, log_dir=work,
                    options=["--runner.postScriptGC", "false"]) as off:
        setups = [(SoakResult("postScriptGC = true"), on), (SoakResult("postScriptGC = false"),
                                                           off)]
        for _, group in setups:
            asyncio.run(scenario_overview(group.urls, 1))
        start = time.monotonic()
        rounds = 0
        while time.monotonic() - start < seconds:
            for result, group in setups[::1 if rounds % 2 == 0 else -1]:
                pid = group.pids[0]
                cpu0 = cpu_seconds(pid)
                phases = asyncio.run(scenario_overview(group.urls, users))
                phases += asyncio.run(scenario_meeting(group.urls, users, refreshes=2))
                result.cpu += cpu_seconds(pid) - cpu0
                result.runs += sum(p.users for p in phases)
                result.seconds += [s for p in phases for s in p.seconds]
                result.rss.append((time.monotonic() - start, rss_mb(pid)))
            rounds += 1
            log(f"  vòng {rounds}: " + ", ".join(
                f"{r.label}: {r.cpu_ms_per_run:.0f} ms/lần, RSS {r.rss[-1][1]:.0f} MB"
                for r, _ in setups))
        results = [r for r, _ in setups]
    return results


def render_soak(results: list[SoakResult], seconds: float, users: int) -> str:
    import statistics

    lines = [f"### runner.postScriptGC over a long run ({seconds:.0f} s, rounds of {users} "
             "users: open, filter, meeting open + 2 refreshes; the two settings take turns)",
             "", "| setting | runs | CPU per run (ms) | median run (s) | RSS first round | "
             "RSS max | RSS last round |", "|---|---|---|---|---|---|---|"]
    for r in results:
        rss = [m for _, m in r.rss] or [float("nan")]
        lines.append(f"| {r.label} | {_int(r.runs)} | {_int(r.cpu_ms_per_run)} | "
                     f"{_s(statistics.median(r.seconds) if r.seconds else float('nan'))} | "
                     f"{_int(rss[0])} | {_int(max(rss))} | {_int(rss[-1])} |")
    return "\n".join(lines) + "\n"
