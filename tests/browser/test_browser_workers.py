"""Two workers over one data folder (issue 16, `python -m antt serve --workers 2`): an editor
signs in on worker A in Chromium and uploads a file through the Dữ liệu page, as a person
would (the file uploader, the check, "Ghi vào dữ liệu"). A session on worker B, opened before
the upload (the load generator's, bench/load.py), shows the new patrol at its next rerun, and
so does worker A's Tổng quan. The editor, locked by the command line meanwhile, is signed out
at worker A's next run."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from antt.access import editors_file
from antt.data.queries import run_query
from antt.data.schema import TABLES
from antt.data.store import Store
from bench.load import LoopThread, Session
from bench.servers import workers
from tests.browser.conftest import copy_data

PATROLS_LABEL = "Cuộc tuần tra"
EDITOR, PASSWORD = "canbo.test", "mat-khau-rat-dai-2026"


def _patrol_file(folder: Path, on: dt.date) -> Path:
    """One new patrol on the data date (the newest period, not approved, so not locked)."""
    path = folder / "tuan_tra_moi.csv"
    path.write_text("record_id,held_on,village_code,model_id,occasion,participants\n"
                    f"TR-888888,{on.isoformat()},06370-11,,thuong_xuyen,9\n", encoding="utf-8")
    return path


def _count(text: str) -> int:
    return int(text.replace(".", ""))


async def _open(url: str, query: str) -> tuple[Session, object]:
    session = Session(url)
    await session.connect()
    return session, await session.run("", query)


async def _rerun(session: Session):
    result = await session.run("")
    await session.close()
    return result


def _choose(p, label: str, option: str) -> None:
    box = p.get_by_role("combobox", name=label)
    box.click()
    box.press("ArrowDown")  # a click focuses the box; the key opens the list
    p.get_by_role("option", name=option, exact=True).click()


def test_an_upload_on_one_worker_shows_on_the_other(tmp_path: Path, open_page):
    data = copy_data(tmp_path / "data")
    editors = tmp_path / "editors.toml"
    editors_file.add_editor(EDITOR, PASSWORD, (), path=editors)  # every commune
    store = Store(data)
    assert store.refresh()
    on = run_query("latest_record_date", store=store)["latest_on"].iloc[0].date()
    query = f"period=year&year={on.year}&unit=2025"
    upload = _patrol_file(tmp_path, on)

    with workers(data, 2, log_dir=tmp_path,
                 env={"ANTT_EDITORS_FILE": str(editors)}) as group, LoopThread() as loop:
        a, b = group.urls
        session_b, before = loop.run(_open(b, query))
        assert before.ok, before.error or before.exceptions
        count = _count(before.metrics[PATROLS_LABEL])

        page = open_page(1366, 900)
        page.open(f"{a}/data")
        p = page.page
        p.get_by_text("Đăng nhập để thêm, sửa dữ liệu").click()
        p.get_by_label("Tên đăng nhập").fill(EDITOR)
        p.get_by_label("Mật khẩu").fill(PASSWORD)
        p.get_by_role("button", name="Đăng nhập").click()
        page.wait_idle()
        assert f"Đang đăng nhập: {EDITOR}" in page.body_text()
        _choose(p, "Bảng", TABLES["patrols"].label)
        page.wait_idle()
        p.get_by_role("tab", name="Nhập từ tệp").click()
        p.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
        # The check's run starts once the upload has reached the server: on a loaded machine
        # that took over wait_idle's 2 quiet seconds, so wait for its verdict itself.
        p.wait_for_function("() => document.body.innerText.includes('Tệp hợp lệ')"
                            " || document.querySelector('[data-testid=stAlertContentError]')",
                            timeout=90_000)
        page.wait_idle()
        assert "Tệp hợp lệ: 1 dòng mới" in page.body_text()
        p.get_by_role("button", name="Ghi vào dữ liệu").click()
        page.wait_idle()
        assert "Đã ghi (nhật ký số" in page.body_text()

        # Locked from the command line (another process): worker A's session, still signed in,
        # is signed out at its next run (it reads the editors file, not its own memory).
        subprocess.run([sys.executable, "-m", "antt", "editor", "disable", EDITOR], check=True,
                       capture_output=True, env={**os.environ, "ANTT_EDITORS_FILE": str(editors)})
        _choose(p, "Bảng", TABLES["outreach"].label)  # any rerun
        page.wait_idle()
        assert f"Tài khoản “{EDITOR}” đã bị khóa: đã đăng xuất." in page.body_text()
        assert p.get_by_role("tab", name="Nhập từ tệp").count() == 0

        after = loop.run(_rerun(session_b))  # worker B: no restart, no reload button
        assert after.ok, after.error or after.exceptions
        assert _count(after.metrics[PATROLS_LABEL]) == count + 1

        page.open(f"{a}/?{query}")  # worker A's own dashboard
        assert _count(page.metric(PATROLS_LABEL)) == count + 1
        assert p.locator("[data-testid=stException]").count() == 0
    assert "TR-888888" in (data / "patrols.csv").read_text(encoding="utf-8")
