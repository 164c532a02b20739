"""Issue 25 against a real Streamlit worker and the generated nginx site on 127.0.0.1 (a
bounded, loopback-only load; no timing asserted): what one session may keep of its uploads,
the upload size, and the site's limits, headers and refusals."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import ssl
import tomllib
import urllib.parse
from pathlib import Path

import pytest

from antt.entry.upload import MAX_FILE_BYTES
from antt.ui.upload_bounds import MAX_SESSION_FILES
from bench.load import XSRF_COOKIE, LoopThread, Session
from bench.servers import nginx, workers

REPO = Path(__file__).resolve().parent.parent
HAS_NGINX = shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def test_streamlit_takes_no_file_larger_than_the_importer_does():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    cap = config["server"]["maxUploadSize"] * 1024 * 1024
    # our file limit plus at most 1 MB (a file just over gets the Vietnamese message)
    assert MAX_FILE_BYTES <= cap <= MAX_FILE_BYTES + 1024 * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path):
    folder = tmp_path_factory.mktemp("served_limits")
    with workers(sample_dir, 1, log_dir=folder) as group:
        if HAS_NGINX:
            with nginx(group.ports, folder / "nginx") as url:
                yield group.urls[0], url, folder / "nginx"
        else:
            yield group.urls[0], None, None


@pytest.fixture(scope="module")
def loop():
    """One event loop for the module: a session's websocket stays open while the test PUTs
    files to it (a closed session's uploads are gone)."""
    with LoopThread() as running:
        yield running


def _open_session(loop: LoopThread, url: str) -> Session:
    async def go() -> Session:
        session = Session(url)
        await session.connect()
        result = await session.run("")
        assert result.error == "" and result.exceptions == []
        return session

    return loop.run(go())


def _request(url: str, method: str, path: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=60,
                                           context=ssl._create_unverified_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _put(url: str, session: Session, file_id: str, data: bytes) -> int:
    boundary = "antt-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"f{file_id}.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    token = session.cookies[XSRF_COOKIE]
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    status, _, _ = _request(url, "PUT", f"/_stcore/upload_file/{session.session_id}/{file_id}",
                            body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                   "X-Xsrftoken": token, "Cookie": cookie})
    return status


def _held_upload_bytes(worker: str) -> int:
    """What the worker's upload manager holds, from Streamlit's own metrics (asked of the
    worker itself: nginx does not serve them; Streamlit recounts them at most every 5 s, so
    this is asked once per module, after the uploads)."""
    _, _, body = _request(worker, "GET", "/_stcore/metrics")
    found = re.search(rb'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\d+)', body)
    return int(found.group(1)) if found else 0


def test_a_session_keeps_only_its_newest_uploads(served, loop):
    worker, _, _ = served
    session = _open_session(loop, worker)
    assert session.session_id
    size = 200_000
    statuses = [_put(worker, session, f"file-{i}", bytes([65 + i]) * size) for i in range(6)]
    assert statuses == [204] * 6
    # Six files sent, the newest two kept (Streamlit alone kept all six: 1,2 MB).
    assert _held_upload_bytes(worker) == MAX_SESSION_FILES * size
    # One file larger than server.maxUploadSize is refused by Streamlit itself.
    assert _put(worker, session, "too-big", b"x" * (MAX_FILE_BYTES + 2 * 1024 * 1024)) == 413


@pytest.mark.skipif(not HAS_NGINX, reason="nginx is not installed")
def test_the_site_headers_and_refusals(served):
    _, site, _ = served
    status, headers, _ = _request(site, "GET", "/_stcore/health")
    assert status == 200
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert headers["server"] == "nginx"  # no version
    assert _request(site, "GET", "/_stcore/metrics")[0] == 404
    # Another Host than the site's names: nginx closes the connection without an answer.
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _request(site, "GET", "/_stcore/health", headers={"Host": "evil.example"})


@pytest.mark.skipif(not HAS_NGINX, reason="nginx is not installed")
def test_tls_1_2_without_forward_secrecy_is_refused(served):
    _, site, _ = served
    parts = urllib.parse.urlsplit(site)
    context = ssl._create_unverified_context()
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("AES128-SHA:AES256-GCM-SHA384")  # RSA key exchange only
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as raw:
        with pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="antt.local")


@pytest.mark.skipif(not HAS_NGINX, reason="nginx is not installed")
def test_uploads_through_nginx_are_rate_limited_and_logged_without_the_session(served, loop):
    _, site, folder = served
    session = _open_session(loop, site)
    statuses = [_put(site, session, f"burst-{i}", b"a,b\n1,2\n") for i in range(30)]
    assert statuses.count(204) >= 1 and statuses.count(429) >= 10
    # Over the size cap: nginx's own 413 before any worker buffers it.
    assert _put(site, session, "huge", b"x" * (23 * 1024 * 1024)) == 413
    log = (folder / "access.log").read_text(encoding="utf-8")
    assert "/_stcore/upload_file/-" in log
    assert session.session_id not in log
