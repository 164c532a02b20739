"""Servers for the load benchmark and its tests: Streamlit workers (the same command as
`python -m antt serve`) and nginx with the site of docs/deploy.md, as ordinary processes on
127.0.0.1, plus the CPU time and RSS of a process from /proc."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from antt.commands.serve import nginx_main, nginx_site, worker_command

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """`count` consecutive free ports (workers run on consecutive ports)."""
    for _ in range(50):
        first = free_port()
        ports = list(range(first, first + count))
        if all(_is_free(p) for p in ports):
            return ports
    raise RuntimeError("no consecutive free ports")


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_healthy(url: str, timeout: float = 120) -> None:
    import ssl

    context = ssl._create_unverified_context()  # the test certificate is self-signed
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2,
                                        context=context) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not start")


@dataclass
class Workers:
    ports: list[int]
    procs: list[subprocess.Popen]

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]


@contextmanager
def workers(data_dir: Path, count: int = 1, log_dir: Path | None = None,
            env: dict[str, str] | None = None, options: list[str] | None = None,
            app_dir: Path | None = None) -> Iterator[Workers]:
    """`count` Streamlit workers over `data_dir` on consecutive free ports; `options` adds
    Streamlit command-line settings (e.g. ["--runner.postScriptGC", "true"]); `app_dir`
    serves another checkout of the app (with its own .streamlit/config.toml), for
    before/after comparisons."""
    ports = free_ports(count)
    procs = []
    logs = []
    try:
        for port in ports:
            log = (log_dir / f"worker-{port}.log").open("wb") if log_dir else subprocess.DEVNULL
            if log_dir:
                logs.append(log)
            procs.append(subprocess.Popen(
                [*worker_command(port, app_dir=app_dir), *(options or [])], cwd=app_dir,
                env={**os.environ, "ANTT_DATA_DIR": str(data_dir), **(env or {}),
                     **({"PYTHONPATH": str(app_dir)} if app_dir else {})},
                stdout=log, stderr=subprocess.STDOUT))
        group = Workers(ports, procs)
        for url in group.urls:
            wait_healthy(url)
        yield group
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 (the test set-up of docs/deploy.md)."""
    cert, key = folder / "antt.crt", folder / "antt.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "7", "-subj", "/CN=antt.local",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:antt.local"],
                   check=True, capture_output=True)
    return cert, key


@contextmanager
def nginx(worker_ports: list[int], folder: Path) -> Iterator[str]:
    """nginx with the docs/deploy.md site in front of the workers, as a foreground process
    listening on a free 127.0.0.1 port; yields its https:// URL."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    port = free_port()
    # 127.0.0.1 as a server name: the clients here ask for that Host (any other is refused).
    site = nginx_site(worker_ports, listen=f"127.0.0.1:{port}", cert=str(cert), key=str(key),
                      http_redirect=None, server_name="antt.local 127.0.0.1",
                      access_log=str(folder / "access.log"))
    conf = folder / "nginx.conf"
    conf.write_text(nginx_main(site, folder), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=30)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
