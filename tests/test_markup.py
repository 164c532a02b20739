"""Values from a URL, a file or a user are shown literally wherever they are drawn as
Markdown (issue #15 item 6) and never as HTML (item 7): shared links, the meeting page, the
sidebar's and the importer's error lists, draft errors, the meeting title, Plotly hovers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markup_check import HTML, PAYLOADS, assert_shows_literally, shown
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor
from antt.indicators import charts
from antt.maps.plotly_map import map_title, village_hover

REPO = Path(__file__).resolve().parent.parent
URL_KEYS = ("unit", "communes", "period", "year", "n", "model")


def _app(script: str, data_dir: Path, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(REPO / script), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_shared_link_values_show_literally_in_notices(kind, mini_dir, monkeypatch):
    payload = PAYLOADS[kind]
    at = _app("app.py", mini_dir, monkeypatch, **{k: payload for k in URL_KEYS})
    quoting = [w.value for w in at.warning if " ".join(payload.split()) in shown(w.value)]
    # A notice for each dropped value that quotes it (n goes with the period).
    assert len(quoting) >= 4, [w.value for w in at.warning]
    for warning in quoting:
        assert_shows_literally(warning, payload)


@pytest.mark.parametrize("kind", ["link", "html"])
def test_meeting_page_notices_show_literally(kind, mini_dir, monkeypatch):
    payload = PAYLOADS[kind]
    at = _app("views/meeting.py", mini_dir, monkeypatch, communes=payload, model=payload,
              every=payload, panels=payload, pace=payload)
    quoting = [w.value for w in at.warning if " ".join(payload.split()) in shown(w.value)]
    assert len(quoting) >= 3, [w.value for w in at.warning]
    for warning in quoting:
        assert_shows_literally(warning, payload)


def test_meeting_title_draws_commune_names_as_text(mini_dir, monkeypatch):
    communes = mini_dir / "communes.csv"
    communes.write_text(communes.read_text(encoding="utf-8").replace(
        "Xã Bình", "Xã Bình " + HTML), encoding="utf-8")
    at = _app("views/meeting.py", mini_dir, monkeypatch, communes="00002")
    # The title is Markdown in a keyed container (never HTML): the name shows as written.
    titles = [m for m in at.markdown if "Xã Bình" in shown(m.value)]
    assert titles
    for title in titles:
        assert not title.proto.allow_html
        assert_shows_literally(title.value, "Xã Bình " + HTML)


def test_sidebar_error_list_shows_cell_values_literally(mini_dir, monkeypatch):
    at = _app("app.py", mini_dir, monkeypatch)
    path = mini_dir / "communes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = lines[-1].split(",")
    row[0], row[2] = "00009", PAYLOADS["link"]  # column "kind": checked against vocab.csv
    bad = ",".join(row)
    path.write_text("\n".join([*lines, bad]) + "\n", encoding="utf-8")
    at.run()
    warning = " ".join(w.value for w in at.warning)
    assert "Dữ liệu vừa thay đổi có lỗi" in warning
    line = next(x for x in warning.splitlines() if "Phiên" in x)
    assert_shows_literally(line, PAYLOADS["link"])


@pytest.fixture
def editor_page(mini_dir: Path, tmp_path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    at = AppTest.from_file(str(REPO / "views" / "data.py"), default_timeout=60)
    sign_in(at, Editor("lan", ()))
    at.session_state["table"] = "patrols"
    at.run()
    return at


@pytest.mark.parametrize("kind", ["link", "image", "html"])
def test_import_errors_show_cell_values_and_file_name_literally(kind, editor_page):
    payload = PAYLOADS[kind]
    content = ("Ngày tuần tra,Thôn,Xã,Dịp,Số người\n"
               f"03/09/2024,{payload},Xã Bình,tet,7\n").encode()
    editor_page.file_uploader(key="upload").set_value((f"{payload}.csv", content, "text/csv"))
    editor_page.run()
    assert not editor_page.exception
    assert_shows_literally(editor_page.error[0].value, f"{payload}.csv")
    listed = "\n".join(m.value for m in editor_page.markdown).splitlines()
    quoting = [line for line in listed if " ".join(payload.split()) in shown(line)]
    assert quoting, listed
    for line in quoting:
        assert_shows_literally(line, payload)


def test_draft_errors_show_field_values_literally(sample_dir, monkeypatch):
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(str(REPO / "views" / "notice.py"), default_timeout=120)
    at.run()
    draft = {"format": "antt-thong-bao", "version": 1, "date_to": PAYLOADS["link"],
             "so": PAYLOADS["image"]}
    at.file_uploader[0].set_value(("nhap.json", json.dumps(draft).encode(), "application/json"))
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Không mở được bản nháp" in errors
    assert_shows_literally(errors, PAYLOADS["link"])
    assert_shows_literally(errors, PAYLOADS["image"])


def test_plotly_hovers_and_labels_hold_names_as_text():
    fig = charts.category_bars([f"Xã {HTML}"], [(f"Mô hình {HTML}", [3])])
    spec = fig.to_plotly_json()
    trace = spec["data"][0]
    for text in [*trace["y"], *trace["customdata"], trace["name"], trace["hovertemplate"]]:
        assert "<img" not in text and "<style" not in text, text
    assert "&lt;img src=http://127.0.0.1:8600/x.png&gt;" in trace["customdata"][0]


def test_map_village_hover_holds_model_names_as_text():
    row = type("Row", (), {
        "village_name": f"Thôn {HTML}", "unit_name": "Xã <b>B</b>", "population": 1,
        "households": 1, "model_names": f"Nhóm <a href='http://x'>x</a> {HTML}",
        "outreach_sessions": 0, "outreach_attendees": 0, "patrols": 0,
        "patrol_participants": 0, "commitment_households": 0, "mediations": 0, "incidents": 0,
    })()
    hover = village_hover(row, "active")
    assert "<img" not in hover and "<style" not in hover and "<a " not in hover
    assert "Nhóm &lt;a href=&#x27;http://x&#x27;&gt;x&lt;/a&gt;" in hover
    assert map_title("outreach_sessions", "năm 2024", HTML, focus_name=HTML).count(
        "&lt;img") == 2
