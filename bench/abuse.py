"""One abusive client beside normal users (issue 25 item 4): `tabs` sessions from one address
rerun Tổng quan with a new date range as fast as the server answers them (every run misses the
caches), while `users` normal users, each from an address of their own, rerun their view now
and then. Reported: the normal users' times with and without the abuser, and what the abuser
got. Run against a checkout of the app (`app_dir`) to compare before and after."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import LoopThread, RunResult, Session
from bench.servers import workers

ABUSER = "10.0.9.9"


@dataclass
class AbuseResult:
    label: str
    tabs: int
    normal: list[float] = field(default_factory=list)  # seconds of each normal rerun
    normal_errors: list[str] = field(default_factory=list)
    abuser_done: int = 0  # the abuser's runs that drew the page
    abuser_refused: int = 0  # runs that ended without the page (busy, replaced, errors)

    def row(self) -> str:
        times = sorted(self.normal)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
        med = statistics.median(times) if times else float("nan")
        return (f"| {self.label} | {self.tabs} | {len(times)} | {_s(med)} | {_s(p95)} | "
                f"{len(self.normal_errors)} | {self.abuser_done} | {self.abuser_refused} |")


def _s(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _range_query(n: int) -> str:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=n % 600)
    end = start + dt.timedelta(days=30 + n % 200)
    return f"unit=2024&period=range&from={start.isoformat()}&to={end.isoformat()}"


async def _abuse(url: str, tabs: int, stop: asyncio.Event, result: AbuseResult) -> None:
    sessions = [Session(url, 120.0, client=ABUSER) for _ in range(tabs)]
    await asyncio.gather(*(s.connect() for s in sessions), return_exceptions=True)
    counter = iter(range(10**9))

    async def tab(session: Session) -> None:
        while not stop.is_set() and session.ws is not None:
            run: RunResult = await session.run("", _range_query(next(counter)))
            if run.ok and run.metrics:
                result.abuser_done += 1
            else:
                result.abuser_refused += 1
            if run.error:
                return

    await asyncio.gather(*(tab(s) for s in sessions), return_exceptions=True)
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


async def _normal(url: str, users: int, rounds: int, pause: float, result: AbuseResult
                  ) -> None:
    sessions = [Session(url, 120.0, client=f"10.0.1.{i + 1}") for i in range(users)]
    for s in sessions:
        await s.connect()
        await s.run("")

    async def user(session: Session, n: int) -> None:
        await asyncio.sleep(pause * n / max(1, users))  # spread over the pause
        for _ in range(rounds):
            started = time.perf_counter()
            run = await session.run("")
            if run.ok and run.metrics:
                result.normal.append(time.perf_counter() - started)
            else:
                result.normal_errors.append(run.error or "; ".join(run.exceptions) or
                                            "trang không có số liệu")
            await asyncio.sleep(pause)

    await asyncio.gather(*(user(s, i) for i, s in enumerate(sessions)))
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


async def _scenario(url: str, users: int, tabs: int, rounds: int, pause: float,
                    label: str) -> AbuseResult:
    result = AbuseResult(label, tabs)
    stop = asyncio.Event()
    abuser = asyncio.create_task(_abuse(url, tabs, stop, result)) if tabs else None
    if abuser:
        await asyncio.sleep(5)  # the abuser's runs are queued before the users come
    await _normal(url, users, rounds, pause, result)
    stop.set()
    if abuser:
        await abuser
    return result


def run_abuse(data_dir: Path, users: int, tabs: int, rounds: int = 5, pause: float = 2.0,
              apps: dict[str, Path | None] | None = None, log_dir: Path | None = None
              ) -> list[AbuseResult]:
    """For each app checkout (label -> app_dir; None: this one): the normal users alone, then
    beside the abuser's `tabs` tabs; one worker each."""
    results = []
    for label, app_dir in (apps or {"this checkout": None}).items():
        with workers(data_dir, 1, log_dir=log_dir, app_dir=app_dir) as group, \
                LoopThread() as loop:
            for count in (0, tabs):
                results.append(loop.run(_scenario(group.urls[0], users, count, rounds, pause,
                                                  label)))
    return results


def render(results: list[AbuseResult], users: int, command: str, machine: dict) -> str:
    lines = [
        f"### One abusive client beside {users} normal users",
        "",
        f"`{command}` — {machine.get('nproc', '')} × {machine.get('cpu', '')}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. One worker; "
        "the abuser's tabs (one address) rerun Tổng quan with a new date range each time, as "
        "fast as answered; each normal user (an address of their own) reruns their view every "
        "2 s. Times are the normal users' reruns (s).",
        "",
        "| app | abuser tabs | normal reruns | median | p95 | errors | abuser runs drawn | "
        "abuser runs refused |",
        "|---|---|---|---|---|---|---|---|",
        *(r.row() for r in results),
        "",
    ]
    return "\n".join(lines)
