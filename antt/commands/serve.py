"""`python -m antt serve --workers N [--port 8501]`: N Streamlit processes on consecutive ports.

One Streamlit process runs every session's script under one GIL, so it uses one core. N
workers (one per core) on ports PORT..PORT+N-1, all bound to 127.0.0.1 and all reading the
same data folder, behind nginx with sticky sessions (docs/deploy.md):
`python -m antt serve --workers 2 --nginx-conf` prints the nginx site for these ports.

A worker that dies is started again (after a pause that grows while it keeps dying); Ctrl+C or
SIGTERM stops them all. Writes from any worker go through antt.writes.writer's file lock, and every
worker sees new data at its next rerun (the store checks the files once per run).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from antt import config

ADDRESS = "127.0.0.1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="số tiến trình Streamlit (mặc định: số nhân CPU)")
    parser.add_argument("--port", type=int, default=8501, help="cổng của tiến trình đầu tiên")
    parser.add_argument("--address", default=ADDRESS,
                        help="địa chỉ lắng nghe (127.0.0.1: chỉ nginx trên máy này gọi tới)")
    parser.add_argument("--nginx-conf", action="store_true",
                        help="in cấu hình nginx cho các cổng này rồi thoát")
    parser.add_argument("--server-name", default="antt.local", help="tên máy trong nginx")
    parser.add_argument("--listen", default="443", help="nginx: địa chỉ:cổng HTTPS")
    parser.add_argument("--cert", default="/etc/ssl/antt/antt.crt", help="nginx: chứng chỉ TLS")
    parser.add_argument("--key", default="/etc/ssl/antt/antt.key", help="nginx: khóa TLS")


def worker_command(port: int, address: str = ADDRESS, app_dir: Path | None = None
                   ) -> list[str]:
    """The command of one worker. The rest of the settings come from .streamlit/config.toml
    (file watcher off, no GC pass after each run: see docs/performance.md)."""
    return [sys.executable, "-m", "streamlit", "run", str((app_dir or config.REPO_DIR) / "app.py"),
            "--server.port", str(port), "--server.address", address,
            "--server.headless", "true"]


def ports(first: int, workers: int) -> list[int]:
    return list(range(first, first + workers))


# Streamlit's own upload limit is server.maxUploadSize (MB, .streamlit/config.toml: 21, one file
# as large as the importer accepts); nginx lets that through with its multipart framing, and
# refuses more with its own 413 before any worker buffers it.
UPLOAD_MB = 22
STICKY_COOKIE = "antt_worker"
# Uploads per client address: a few files a minute is an editor at work; more is someone
# filling a worker's memory (issue 25). PUT and DELETE of the upload widget both count.
UPLOADS_PER_MINUTE = 12
# Open connections per client address (each tab is one websocket): one visitor with a hundred
# tabs cannot take every run of a worker. An office behind one NAT address with more tabs open
# than this needs a higher number (docs/deploy.md).
CONNECTIONS_PER_ADDRESS = 40
# TLS 1.2 only with forward secrecy (Mozilla's "intermediate" list); TLS 1.3 has only such.
SSL_CIPHERS = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
               "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
               "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")
ACCESS_LOG = "/var/log/nginx/antt.access.log"


def nginx_site(worker_ports: list[int], *, listen: str = "443", server_name: str = "antt.local",
               cert: str = "/etc/ssl/antt/antt.crt", key: str = "/etc/ssl/antt/antt.key",
               address: str = ADDRESS, http_redirect: str | None = "80",
               access_log: str = ACCESS_LOG) -> str:
    """The nginx site (an `http {}`-level snippet: /etc/nginx/sites-available/antt) for the
    workers: TLS, websocket upgrade, upload size and rate, connections per address, sticky
    sessions by cookie, security headers, a log without session ids; any other Host refused.
    `server_name` may list several names (space-separated); the first is the canonical one."""
    cookie = f"{STICKY_COOKIE}=$antt_sticky; Path=/; Secure; HttpOnly; SameSite=Lax"
    servers = "\n".join(f"    server {address}:{p};" for p in worker_ports)
    canonical = server_name.split()[0]
    https_port = listen.rsplit(":", 1)[-1]
    https_host = canonical if https_port == "443" else f"{canonical}:{https_port}"
    redirect = "" if http_redirect is None else f"""
# Plain HTTP only redirects (to the one name: never to a Host the client made up): passwords
# never cross the network in clear.
server {{
    listen {http_redirect} default_server;
    server_name {server_name};
    server_tokens off;
    return 301 https://{https_host}$request_uri;
}}
"""
    proxy = """        proxy_pass http://antt_workers;
        proxy_http_version 1.1;"""
    return f"""# ANTT Dashboard behind nginx: {len(worker_ports)} Streamlit worker(s), generated by
# `python -m antt serve --workers {len(worker_ports)} --port {worker_ports[0]} --nginx-conf`.

# Sticky sessions: a Streamlit session lives in one worker (its websocket, its uploads under
# /_stcore/upload_file/<session>, its media files), so every request of a browser must reach
# the same worker. The first response sets a random cookie; the upstream is chosen by a hash
# of it, so users spread evenly even behind one NAT (ip_hash would send a whole office to one
# worker). A worker that stops only moves its own users.
map $cookie_{STICKY_COOKIE} $antt_sticky {{
    ""      $request_id;
    default $cookie_{STICKY_COOKIE};
}}

map $http_upgrade $connection_upgrade {{
    default upgrade;
    ""      close;
}}

# The access log without session ids: an upload's URL holds its session's id (and whoever has
# it can attach to that session), so those paths are logged without it; no query strings.
map $uri $antt_logged_uri {{
    ~^/_stcore/upload_file/  /_stcore/upload_file/-;
    default                  $uri;
}}
log_format antt_no_session '$remote_addr [$time_local] "$request_method $antt_logged_uri" '
                           '$status $body_bytes_sent "$http_user_agent"';

limit_req_zone $binary_remote_addr zone=antt_uploads:10m rate={UPLOADS_PER_MINUTE}r/m;
limit_conn_zone $binary_remote_addr zone=antt_conns:10m;

upstream antt_workers {{
    hash $antt_sticky consistent;
{servers}
}}
{redirect}
# Any other Host (an IP address, a made-up name): the connection is closed unanswered.
server {{
    listen {listen} ssl http2 default_server;
    server_name _;
    server_tokens off;
    ssl_certificate     {cert};
    ssl_certificate_key {key};
    return 444;
}}

server {{
    listen {listen} ssl http2;  # Debian 12's nginx 1.22 (no `http2 on;` before 1.25)
    server_name {server_name};
    server_tokens off;
    access_log {access_log} antt_no_session;

    ssl_certificate     {cert};
    ssl_certificate_key {key};
    ssl_protocols       TLSv1.2 TLSv1.3;
    ssl_ciphers         {SSL_CIPHERS};
    ssl_prefer_server_ciphers off;
    ssl_session_cache   shared:antt_tls:10m;

    client_max_body_size 1m;  # no request but an upload carries a body
    limit_conn antt_conns {CONNECTIONS_PER_ADDRESS};
    limit_conn_status 429;
    limit_req_status 429;

    add_header Strict-Transport-Security "max-age=31536000" always;
    add_header X-Content-Type-Options nosniff always;
    # No other site may show these pages in a frame (clickjacking of the editors' buttons).
    add_header X-Frame-Options SAMEORIGIN always;
    add_header Content-Security-Policy "frame-ancestors 'self'" always;
    add_header Set-Cookie "{cookie}" always;

    # The websocket (/_stcore/stream) carries every page run.
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    # Streamlit compares the Origin of the websocket with the Host it is asked for.
    proxy_set_header Host $http_host;
    # The client's address, as nginx saw it (the sign-in throttle counts tries per address).
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    # A projector keeps its websocket open all day; Streamlit pings it.
    proxy_read_timeout 1d;
    proxy_send_timeout 1d;
    proxy_buffering off;

    # Streamlit's Prometheus metrics are for the administrator on the server, not the network.
    location ^~ /_stcore/metrics {{
        return 404;
    }}

    # Uploads (Dữ liệu page, notice drafts): one file up to Streamlit's server.maxUploadSize,
    # a few a minute per address.
    location ^~ /_stcore/upload_file/ {{
        client_max_body_size {UPLOAD_MB}m;
        limit_req zone=antt_uploads burst={UPLOADS_PER_MINUTE} nodelay;
{proxy}
    }}

    location / {{
{proxy}
    }}
}}
"""


def nginx_main(site: str, prefix: Path) -> str:
    """A whole nginx.conf around `site` that runs as an ordinary process under `prefix`
    (the benchmark and the deploy test; a server uses Debian's nginx.conf and sites-enabled)."""
    return f"""worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
{site}
}}
"""


def run(args: argparse.Namespace) -> int:
    chosen = ports(args.port, args.workers)
    if args.nginx_conf:
        print(nginx_site(chosen, listen=args.listen, server_name=args.server_name,
                         cert=args.cert, key=args.key, address=args.address), end="")
        return 0
    if args.workers < 1:
        print("--workers phải từ 1 trở lên.")
        return 2
    return supervise(chosen, args.address)


def supervise(worker_ports: list[int], address: str = ADDRESS) -> int:
    """Run one worker per port until SIGINT/SIGTERM; restart a worker that exits."""
    procs: dict[int, subprocess.Popen] = {}
    backoff = dict.fromkeys(worker_ports, 1.0)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for port in worker_ports:
        procs[port] = subprocess.Popen(worker_command(port, address), cwd=config.REPO_DIR)
        print(f"Tiến trình {procs[port].pid}: http://{address}:{port}", flush=True)
    started = dict.fromkeys(worker_ports, time.monotonic())
    while not stopping:
        time.sleep(0.5)
        for port, proc in list(procs.items()):
            if proc.poll() is None or stopping:
                continue
            lived = time.monotonic() - started[port]
            backoff[port] = 1.0 if lived > 60 else min(backoff[port] * 2, 60.0)
            print(f"Tiến trình cổng {port} đã dừng (mã {proc.returncode}); chạy lại sau "
                  f"{backoff[port]:.0f} giây.", flush=True)
            time.sleep(backoff[port])
            procs[port] = subprocess.Popen(worker_command(port, address), cwd=config.REPO_DIR)
            started[port] = time.monotonic()
    for proc in procs.values():
        proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0
