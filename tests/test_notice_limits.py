"""One set of limits for every notice field in every path (issues #25 item 3, #28): the command
line, drafts saved and opened, the page's inputs; an issue date at most 30 days ahead; nothing
invalid is rendered, and rendering has a time bound."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.__main__ import main
from antt.indicators.filters import Filters
from antt.notice.draft import Draft
from antt.notice.limits import TEXT_LIMITS, check_deadline, deadline, max_chars
from antt.notice.linefit import fit
from antt.notice.model import NoticeError
from antt.text.fmt import today_local
from tests import test_notice_page

PAGE = str(Path(__file__).resolve().parent.parent / "views" / "notice.py")
page = test_notice_page.page  # the notice page under AppTest, opened on a view
DISTRICT_2024 = test_notice_page.DISTRICT_2024
NBSP = "\u00a0"


def _cli(data: Path, out: Path, *extra: str) -> int:
    return main(["notice", "--data", str(data), "--to", "2024-10-02", "-o", str(out), *extra])


def test_cli_refuses_a_signer_name_over_the_limit_and_saves_no_draft(sample_dir, tmp_path,
                                                                      capsys):
    out, draft = tmp_path / "tb.pdf", tmp_path / "nhap.json"
    assert _cli(sample_dir, out, "--signer", "A" * 10_000, "--save-draft", str(draft)) == 1
    err = capsys.readouterr().err
    assert "Họ tên người ký dài quá 100 ký tự (đang có 10.000)." in err
    assert not out.exists() and not draft.exists()


def test_a_draft_saved_by_the_cli_opens_again(sample_dir, tmp_path):
    # the limits are the same on save and on load: what --save-draft writes can be opened
    out, draft = tmp_path / "tb.pdf", tmp_path / "nhap.json"
    assert _cli(sample_dir, out, "--signer", "B" * 100, "--save-draft", str(draft)) == 0
    assert Draft.from_json(draft.read_bytes()).ten == "B" * 100
    with pytest.raises(NoticeError, match="Họ tên người ký của bản nháp dài quá 100"):
        Draft.from_json(json.dumps(dict(json.loads(draft.read_text()), ten="B" * 101)))


@pytest.mark.parametrize("days, ok", [(30, True), (31, False), (176, False)])
def test_issue_date_at_most_30_days_ahead(sample_dir, tmp_path, capsys, days, ok):
    issued = today_local() + dt.timedelta(days=days)
    code = _cli(sample_dir, tmp_path / "tb.pdf", "--issued-on", issued.isoformat())
    err = capsys.readouterr().err
    assert code == (0 if ok else 1), err
    if not ok:
        assert (f"Ngày ban hành {issued:%d/%m/%Y} quá xa trong tương lai: chỉ được đặt trước "
                "tối đa 30 ngày") in err


def test_a_huge_trich_yeu_is_refused_before_any_rendering(sample_dir, tmp_path, capsys):
    # issue #25: a 100.000-character trích yếu kept a core busy for minutes
    draft = tmp_path / "nhap.json"
    assert _cli(sample_dir, tmp_path / "a.pdf", "--save-draft", str(draft)) == 0
    data = json.loads(draft.read_text())
    data["trich_yeu"] = "x " * 50_000
    draft.write_text(json.dumps(data), encoding="utf-8")
    assert _cli(sample_dir, tmp_path / "b.pdf", "--draft", str(draft)) == 1
    assert "Trích yếu của bản nháp dài quá 500 ký tự (đang có 100.000)." in \
        capsys.readouterr().err


def test_rendering_stops_at_its_deadline():
    with deadline(-1.0), pytest.raises(NoticeError, match="Dựng thông báo quá"):
        check_deadline()
    with pytest.raises(NoticeError, match="dài quá 40 trang"):
        check_deadline(pages=41)
    check_deadline()  # outside a rendering: no bound


def _greedy(text: str, width: float) -> list[str]:
    """fpdf2's fill: as many tokens as fit, breaking only at ordinary spaces."""
    lines, line = [], ""
    for token in text.split(" "):
        trial = f"{line} {token}".strip()
        if line and len(trial) > width:
            lines.append(line)
            line = token
        else:
            line = trial
    return lines + [line]


def test_fit_keeps_names_and_avoids_a_short_last_line():
    text = " ".join(["ab"] * 10) + f" huyện{NBSP}Bắc{NBSP}Sơn " + " ".join(["cd"] * 8) + \
        " thiết thực."
    # without glue: "huyện Bắc" / "Sơn"; glued but greedy: "thiết thực." alone
    assert _greedy(text.replace(NBSP, " "), 40)[0].endswith("huyện Bắc")
    assert _greedy(text, 40)[-1] == "thiết thực."
    lines = [ln.replace(NBSP, " ") for ln in _greedy(fit(text, lambda t: float(len(t)), 40.0),
                                                     40)]
    assert lines == ["ab ab ab ab ab ab ab ab ab ab", "huyện Bắc Sơn cd cd cd cd cd cd cd",
                     "cd thiết thực."]


# ---------------------------------------------------------------- the page


def test_page_fields_carry_the_same_limits(page):
    at = page(DISTRICT_2024)
    for name in ("ten", "dia_danh", "co_quan_ban_hanh", "ky_hieu_co_quan"):
        assert at.text_input(key=f"nt_{name}").proto.max_chars == max_chars(name), name
    assert at.text_area(key="nt_trich_yeu").proto.max_chars == TEXT_LIMITS["trich_yeu"][1]
    assert at.text_area(key="nt_p_tuyen_truyen").proto.max_chars == 5_000
    assert all(t.proto.max_chars for t in at.text_area), [t.key for t in at.text_area
                                                           if not t.proto.max_chars]


def test_page_issue_date_is_today_and_the_data_date_separate(page):
    at = page(DISTRICT_2024)
    assert at.date_input(key="nt_to").value == dt.date(2024, 10, 2)
    assert at.date_input(key="nt_issued").value == today_local()
    # moving the data date leaves the issue date alone
    at.date_input(key="nt_to").set_value(dt.date(2024, 3, 31)).run()
    assert at.date_input(key="nt_issued").value == today_local()


def test_page_asks_for_the_commune_instead_of_opening_on_the_first(page):
    at = page(Filters(unit_set="2025", period_kind="range", start=dt.date(2026, 1, 1),
                      end=dt.date(2026, 10, 31)))
    assert at.selectbox(key="nt_commune_2025").value is None
    assert "Chọn xã để lập thông báo." in [i.value for i in at.info]
    assert not at.get("download_button")  # nothing to download before the commune is chosen
    at.selectbox(key="nt_commune_2025").set_value("06364").run()
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND XÃ VŨ LỄ"


def test_page_reports_a_bad_number_beside_its_field(page):
    at = page(DISTRICT_2024)
    at.text_input(key="nt_so").set_value("5a").run()
    message = "Số văn bản phải là số nguyên dương, không phải “5a”."
    # right under the field (the header's first column), not only at the top
    column = at.main.columns[0]
    assert any(message in e.value.replace("\\", "") for e in column.error), \
        [e.value for e in column.error]
    assert [b.proto.label for b in at.get("download_button")] == ["Lưu bản nháp (JSON)"]


def test_page_takes_the_signed_in_editors_commune(sample_copy: Path, monkeypatch):
    from signed_in import sign_in

    from antt.access.editors_file import Editor

    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_copy))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(sample_copy / "editors.toml"))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2025", period_kind="range",
                                          start=dt.date(2026, 1, 1), end=dt.date(2026, 10, 31))
    sign_in(at, Editor("vanthu", ("06364",)))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="nt_commune_2025").value == "06364"
    assert at.text_input(key="nt_dia_danh").value == "Vũ Lễ"


def test_an_out_of_range_date_is_explained_beside_it_and_nothing_downloads(page):
    # issue #23: a data date before the first model: a message under the field, no file
    at = page(DISTRICT_2024)
    at.date_input(key="nt_to").set_value(dt.date(2021, 1, 1)).run()
    column = at.main.columns[0]
    assert any("Kỳ số liệu đến 01/01/2021 kết thúc trước khi có mô hình đầu tiên" in e.value
               for e in column.error), [e.value for e in column.error]
    assert not at.get("download_button")
    # an issue date before the data end: under the issue date, and only the draft to save
    at.date_input(key="nt_to").set_value(dt.date(2024, 10, 2)).run()
    at.checkbox(key="nt_day_blank").uncheck().run()
    at.date_input(key="nt_issued").set_value(dt.date(2024, 9, 1)).run()
    assert any("Ngày ban hành (01/09/2024) ở trước ngày số liệu đến 02/10/2024" in e.value
               for e in at.main.columns[0].error)
    assert [b.proto.label for b in at.get("download_button")] == ["Lưu bản nháp (JSON)"]


def test_no_preview_of_an_invalid_form(page):
    # issue #25: an invalid form is not rendered; a form only missing the signer still is
    def images(node) -> int:
        children = getattr(node, "children", None)
        inner = children.values() if isinstance(children, dict) else []
        return (getattr(node, "type", "") == "image") + sum(images(c) for c in inner)

    at = page(DISTRICT_2024)
    at.text_input(key="nt_ten").set_value("").run()
    assert images(at.main) >= 3
    at.text_input(key="nt_so").set_value("5a").run()
    assert images(at.main) == 0
    assert "Chưa có bản xem trước: sửa các lỗi ở đầu trang." in [i.value for i in at.info]


def test_a_refused_download_is_one_log_line_without_traceback():
    """The page refusing a file (antt.ui.notice_runs.NoFile) is logged by Streamlit as a failed
    deferred download: one plain line in the server's log, no traceback."""
    import io
    import logging

    from antt.ui.notice_runs import NoFile

    log = logging.getLogger("streamlit.runtime.backend_operation_handler")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    log.addHandler(handler)
    try:
        try:
            try:
                raise NoFile
            except NoFile as exc:
                raise RuntimeError("Callable execution failed") from exc
        except RuntimeError:
            log.exception("Error executing deferred callable for file_id %s", "f1")
    finally:
        log.removeHandler(handler)
    assert out.getvalue() == ("Thông báo: không tạo tệp tải về (biểu mẫu chưa hợp lệ hoặc chưa "
                              "tính xong).\n")
