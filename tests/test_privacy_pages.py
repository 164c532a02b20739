"""Religion counts by village are sensitive (issue 27): on a copy of the sample data with
planted cells of 1–4 households, every place an anonymous visitor reaches (the Dữ liệu table,
its CSV and Excel files, the notice) shows none of them and lets none be worked out; a viewer
signed in for the commune sees them and an access-log line is written; a viewer of another
commune sees them hidden; the raw file is not offered anonymously; viewers never write."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access import editors_file
from antt.access.editors_file import ROLE_VIEWER, Editor
from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators.filters import Filters
from antt.notice import NoticeError
from antt.notice.facts import Scope, collect_facts
from antt.privacy import access_log
from antt.privacy.suppress import HIDDEN, SHOWN, SMALL, recoverable, status_column, suppress
from antt.ui.downloads import csv_bytes, xlsx_bytes
from antt.ui.religion_view import reader_frames
from tests.conftest import BUNDLED_DATA, copy_data

REPO = Path(__file__).resolve().parent.parent
DATA_PAGE = str(REPO / "views" / "data.py")
NOTICE_PAGE = str(REPO / "views" / "notice.py")
# (village, village name, religion, households, people), all in 2024
PLANTED = [
    ("06349-01", "Thâm Piềng", "Công giáo", 1, 2),  # Xã Hưng Vũ, beside 2 villages of 20
    ("06349-02", "Thâm Tâm", "Công giáo", 2, 3),
    ("06355-03", "Còn Quang", "Tin lành", 3, 4),  # Xã Vũ Sơn, beside 2 villages of 124
    ("06325-06", "Sơn Hà", "Phật giáo", 4, 4),  # Thị trấn Bắc Sơn, beside 6 villages
    ("06376-02", "Khuổi Riềng", "Tin lành", 2, 3),  # Xã Nhất Hòa, beside one village of 21
    ("06364-01", "Lũng Pục", "Công giáo", 3, 4),  # Xã Chiến Thắng: its only Catholics
]
YEAR_2024 = Filters(unit_set="2024", period_kind="year", year=2024)
SMALL_TEXTS = {"1", "2", "3", "4"}
VIEWER_HUNG_VU = Editor("lan", ("06349",), role=ROLE_VIEWER)  # new Xã Hưng Vũ: 06349, 06370
VIEWER_TOWN = Editor("mai", ("06325",), role=ROLE_VIEWER)
ADMIN = Editor("hung")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = copy_data(BUNDLED_DATA, tmp_path_factory.mktemp("planted") / "data")
    villages = pd.read_csv(data / "villages.csv", dtype=str)
    names = dict(zip(villages["village_code"], villages["village_name"], strict=True))
    with open(data / "religion.csv", "a", encoding="utf-8", newline="") as fh:
        for village, name, religion, households, people in PLANTED:
            assert names[village] == name
            fh.write(f"2024,{village},{religion},{households},{people}\n")
    store = Store(data)
    assert store.refresh(), [str(p) for p in store.problems[:5]]
    return data


@pytest.fixture
def env(planted: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ANTT_DATA_DIR", str(planted))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    for name in (access_log.LOG_NAME, access_log.COUNTS_NAME):
        (planted / name).unlink(missing_ok=True)
    return planted


def _data_page(reader: Editor | None = None, filters: Filters = YEAR_2024) -> AppTest:
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    at.session_state["filters"] = filters
    at.session_state["table"] = "religion"
    if reader is not None:
        sign_in(at, reader)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _religion_table(at: AppTest) -> pd.DataFrame:
    table = at.dataframe[0].value
    assert list(table.columns) == ["Năm", "Thôn, khối phố", "Xã, thị trấn", "Tôn giáo",
                                   "Số hộ", "Số nhân khẩu"]
    return table


def _row(table: pd.DataFrame, village: str) -> tuple[str, str]:
    row = table[table["Thôn, khối phố"] == village]
    assert len(row) == 1, village
    return row["Số hộ"].iloc[0], row["Số nhân khẩu"].iloc[0]


def _true_rows(data: Path) -> pd.DataFrame:
    store = Store(data)
    assert store.refresh()
    return run_query("data_rows_religion", store=store, row_limit=None, **YEAR_2024.params())


def _audit(true: pd.DataFrame, households: list, people: list,
           groups: tuple[str, ...] = ("year", "commune_code", "religion")) -> list:
    """The hidden counts a reader of the shown columns can work out, given the totals of
    `groups` (the notice prints a commune's, or the district's, per religion)."""
    frame = true.copy()
    for value, shown in (("households", households), ("people", people)):
        frame[status_column(value)] = [SMALL if s == "< 5" else HIDDEN if s == "ẩn" else SHOWN
                                       for s in shown]
    return recoverable(frame, 5, groups=groups)


def test_anonymous_table_hides_every_planted_cell_and_none_can_be_worked_out(env):
    at = _data_page()
    table = _religion_table(at)
    counts = set(table["Số hộ"]) | set(table["Số nhân khẩu"])
    assert not counts & SMALL_TEXTS
    assert _row(table, "Thâm Piềng") == ("< 5", "< 5")
    assert _row(table, "Sơn Hà") == ("< 5", "< 5")
    assert _row(table, "Còn Quang") == ("< 5", "< 5")
    # Xã Nhất Hòa's Tin lành: 21 + 2 households; the 21 is hidden too, or 23 − 21 gives 2
    assert _row(table, "Khuổi Riềng") == ("< 5", "< 5")
    assert _row(table, "Nà Bó") == ("ẩn", "ẩn")
    assert "Tổng cộng" not in set(table["Năm"]) | set(table["Thôn, khối phố"])
    assert any("hiện là “< 5”" in c.value for c in at.caption)
    true = _true_rows(env)
    assert list(true["village_name"]) == list(table["Thôn, khối phố"])
    left = _audit(true, list(table["Số hộ"]), list(table["Số nhân khẩu"]))
    # only Xã Chiến Thắng's one Catholic village: its commune total is that village's count,
    # which no commune notice gives (test_no_commune_notice_gives_...), and the district's
    # Công giáo (which the notice gives) leaves every hidden Catholic count open
    assert {true.loc[i, "village_code"] for i, _ in left} == {"06364-01"}
    assert _audit(true, list(table["Số hộ"]), list(table["Số nhân khẩu"]),
                  groups=("year", "religion")) == []
    # counted, not logged per visitor; no raw file offered
    assert access_log.read_access_log(env) == []
    assert list(access_log.read_counts(env).values()) == [{"view": 1}]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["⬇️ CSV (dấu ;)", "⬇️ Excel"]
    assert any("chỉ người sửa dữ liệu hoặc người xem số liệu đã đăng nhập" in c.value
               for c in at.caption)
    at.run()  # a rerun of the same view is not counted again
    assert list(access_log.read_counts(env).values()) == [{"view": 1}]


def test_anonymous_downloads_hold_no_planted_value(env):
    true = _true_rows(env)
    _, files, hidden = reader_frames(true, 5, set(), "2024")
    assert hidden
    rows = list(csv.DictReader(io.StringIO(csv_bytes(files).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(true)
    by_village = {r["Mã thôn"]: (r["Số hộ"], r["Số nhân khẩu"]) for r in rows}
    for village, *_ in PLANTED:
        assert by_village[village] == ("< 5", "< 5")
    assert not {r["Số hộ"] for r in rows} & SMALL_TEXTS
    assert not {r["Số nhân khẩu"] for r in rows} & SMALL_TEXTS
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(files, []))).worksheets[0]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("Số hộ")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    cells += [row[header.index("Số nhân khẩu")]
              for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert not {c for c in cells if isinstance(c, int)} & {1, 2, 3, 4}
    assert cells.count("< 5") >= 2 * len(PLANTED)
    left = _audit(true, [r["Số hộ"] for r in rows], [r["Số nhân khẩu"] for r in rows])
    assert {true.loc[i, "village_code"] for i, _ in left} == {"06364-01"}


def test_viewer_of_the_commune_sees_them_and_is_logged(env):
    at = _data_page(VIEWER_HUNG_VU)
    table = _religion_table(at)
    assert _row(table, "Thâm Piềng") == ("1", "2")
    assert _row(table, "Thâm Tâm") == ("2", "3")
    assert _row(table, "Pò Thí")[0] not in ("< 5", "ẩn")
    # Xã Trấn Yên (06370) is part of the new Xã Hưng Vũ: its 4 households are shown too
    assert "4" in set(table[table["Xã, thị trấn"] == "Xã Trấn Yên"]["Số hộ"])
    assert _row(table, "Còn Quang") == ("< 5", "< 5")  # another commune
    log = access_log.read_access_log(env)
    assert [(e["user"], e["role"], e["communes"], e["what"]) for e in log] == [
        ("lan", "xem", "Xã Hưng Vũ", "view")]
    assert log[0]["detail"] == "Xã, thị trấn: Tất cả xã; Kỳ: năm 2024 (01/01/2024 – 31/12/2024)"
    assert access_log.read_counts(env) == {}
    # a viewer views and downloads; no tab that writes
    assert [t.label for t in at.tabs] == ["Xem, tải về", "Thay đổi gần đây"]
    assert [b.proto.label for b in at.get("download_button")] == [
        "⬇️ CSV (dấu ;)", "⬇️ Excel", "⬇️ Tệp gốc religion.csv", "⬇️ Tệp gốc dạng Excel"]
    assert any("chỉ xem số liệu: Xã Hưng Vũ" in c.value for c in at.caption)


def test_viewer_of_another_commune_sees_them_hidden(env):
    table = _religion_table(_data_page(VIEWER_TOWN))
    assert _row(table, "Thâm Piềng") == ("< 5", "< 5")
    assert _row(table, "Sơn Hà") == ("4", "4")  # their own commune's village
    assert access_log.read_access_log(env)[0]["communes"] == "Xã Bắc Sơn"


def test_raw_file_of_a_restricted_viewer_holds_their_communes_only(env):
    from antt.ui import religion_view

    rows = religion_view._own_rows(str(env), {"06349", "06370"})
    villages = set(rows.column("village_code").to_pylist())
    assert villages and {v[:5] for v in villages} == {"06349", "06370"}
    assert len(religion_view._own_rows(str(env), None)) == len(
        pd.read_csv(env / "religion.csv"))


def test_editor_of_every_commune_reads_the_access_log(env):
    access_log.log_access(env, "lan", "xem", "Xã Hưng Vũ", "raw_csv", "chỉ các thôn của Xã "
                          "Hưng Vũ", now=dt.datetime(2026, 12, 7, 9, 5,
                                                      tzinfo=dt.timezone(dt.timedelta(hours=7))))
    access_log.count_anonymous(env, "view")
    at = _data_page(ADMIN)
    assert "Người sửa dữ liệu" in [t.label for t in at.tabs]
    log = next(d.value for d in at.dataframe if "Người xem" in d.value.columns)
    assert log.iloc[-1].to_dict() == {
        "Lúc": "09:05:00 07/12/2026", "Người xem": "lan", "Vai trò": "Người xem số liệu",
        "Xã được xem đủ": "Xã Hưng Vũ", "Việc": "Tải tệp gốc religion.csv",
        "Bộ lọc": "chỉ các thôn của Xã Hưng Vũ"}
    counts = next(d.value for d in at.dataframe if "Ngày" in d.value.columns)
    assert counts.iloc[0]["Lượt xem (không đăng nhập, đã ẩn số nhỏ)"] == 1


NOTICE_SCOPE = Scope(dt.date(2024, 10, 2), "2024", ("06364",))


def test_notice_of_a_commune_hides_its_small_religion_count(env):
    store = Store(env)
    assert store.refresh()
    hidden = collect_facts(NOTICE_SCOPE, store, small_cells=5).values
    assert hidden["ton_giao_chi_tiet"] == ("Tin lành (108 hộ, 496 nhân khẩu) và Công giáo "
                                           "(dưới 5 hộ, dưới 5 nhân khẩu)")
    # the total minus Tin lành would give Công giáo away: withheld
    assert hidden["ton_giao_tong"] == "số hộ, nhân khẩu không nêu"
    open_ = collect_facts(NOTICE_SCOPE, store).values
    assert open_["ton_giao_tong"] == "111 hộ/500 nhân khẩu"
    assert open_["ton_giao_chi_tiet"] == ("Tin lành (108 hộ, 496 nhân khẩu) và Công giáo "
                                          "(3 hộ, 4 nhân khẩu)")
    district = collect_facts(Scope(dt.date(2024, 10, 2)), store, small_cells=5).values
    assert district["ton_giao_tong"] == "725 hộ/2.860 nhân khẩu"  # 710 + 15 planted
    assert "Công giáo (47 hộ, 148 nhân khẩu)" in district["ton_giao_chi_tiet"]
    # no religion count by village in the appendix: its columns are the models' activities
    appendix = collect_facts(NOTICE_SCOPE, store, small_cells=5).appendix
    assert not [c for c in appendix.columns if "giáo" in c or "hộ" == c]


def test_no_commune_notice_gives_a_figure_of_a_religion_small_somewhere(env):
    """The district's Công giáo (47) minus every other commune's would give Xã Chiến Thắng's 3:
    no commune notice of 2024, in either unit set, gives a Công giáo figure to anonymous
    readers (Tin lành and Phật giáo, small nowhere at commune level, stay)."""
    store = Store(env)
    assert store.refresh()
    communes = {"2024": pd.read_csv(env / "communes.csv", dtype=str)["commune_code"],
                "2025": pd.read_csv(env / "communes_2025.csv", dtype=str)["commune_code_2025"]}
    seen = 0
    for unit_set, codes in communes.items():
        for code in codes:
            try:
                facts = collect_facts(Scope(dt.date(2024, 10, 2), unit_set, (code,)), store,
                                      small_cells=5)
            except NoticeError:  # no model there: no notice to read
                continue
            seen += 1
            detail = facts.values["ton_giao_chi_tiet"]
            assert "Công giáo (số hộ không nêu" in detail or "Công giáo (dưới 5" in detail \
                or "Công giáo" not in detail, (unit_set, code, detail)
            if "Công giáo" in detail:
                assert facts.values["ton_giao_tong"] == "số hộ, nhân khẩu không nêu"
    assert seen >= 4


def _notice_figures(reader: Editor | None) -> dict[str, str]:
    at = AppTest.from_file(NOTICE_PAGE, default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2024", communes=("06364",),
                                          period_kind="range", start=dt.date(2024, 1, 1),
                                          end=dt.date(2024, 10, 2))
    if reader is not None:
        sign_in(at, reader)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    return dict(zip(table["Chỗ trống"], table["Giá trị"], strict=True))


def test_notice_page_anonymous_and_signed_in(env):
    assert "dưới 5 hộ" in _notice_figures(None)["{ton_giao_chi_tiet}"]
    viewer = Editor("ha", ("06364",), role=ROLE_VIEWER)
    assert "Công giáo (3 hộ, 4 nhân khẩu)" in _notice_figures(viewer)["{ton_giao_chi_tiet}"]


def test_viewers_by_command_line_and_their_writes_refused(env, tmp_path, monkeypatch, capsys):
    from antt.__main__ import main

    def antt(*args: str, stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        return code, capsys.readouterr().out

    add = ("editor", "add", "lan", "--role", "xem", "--communes", "06349", "--password-stdin")
    code, out = antt(*add, stdin="ngan\n")
    assert code == 1 and "ít nhất 8 ký tự" in out  # the same password rules
    code, out = antt(*add, stdin="mat-khau-dai\n")
    assert code == 0, out
    assert "Đã lưu người xem số liệu “lan”" in out
    assert "lan (chỉ xem): Xã Hưng Vũ [06349]" in antt("editor", "list")[1]
    assert editors_file.load_editors(tmp_path / "editors.toml")["lan"]["role"] == "xem"
    code, out = antt("report", "submit", "06349", "2026-11", "--user", "lan")
    assert code == 1
    assert "“lan” là người chỉ xem số liệu: không được ghi, không ghi gì." in out
    assert antt("editor", "role", "lan", "sua")[0] == 0
    assert "role" not in editors_file.load_editors(tmp_path / "editors.toml")["lan"]
    log = [json.loads(line)["action"] for line in
           (tmp_path / "editors.audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert log == ["add", "role"]


def test_signing_in_gives_a_viewer_their_role(tmp_path):
    from antt.access import editor_standing, login

    path = tmp_path / "editors.toml"
    editors_file.add_editor("lan", "mat-khau-dai", ("06349",), path, role=ROLE_VIEWER)
    signed = login.sign_in("lan", "mat-khau-dai", path).editor
    assert signed is not None and signed.role == ROLE_VIEWER and not signed.can_write
    editors_file.set_role("lan", "sua", path)
    now = editor_standing.standing(signed, path).editor
    assert now is not None and now.can_write  # a changed role applies at the next run


def test_suppression_is_the_same_whatever_communes_are_picked(env):
    """A commune picked alone shows the same marks as in the whole district: no difference
    between two views gives a hidden count away."""
    true = _true_rows(env)
    whole = suppress(true, 5).frame
    one = true[true["commune_code"] == "06349"]
    alone = suppress(one, 5).frame
    cols = [status_column("households"), status_column("people")]
    assert alone[cols].equals(whole.loc[one.index, cols])


def test_entry_and_reporting_refuse_a_viewer_whatever_the_path(mini_dir, monkeypatch, tmp_path):
    from antt.entry.importer import import_file
    from antt.reporting import approval

    path = tmp_path / "editors.toml"
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(path))
    editors_file.add_editor("lan", "mat-khau-dai", (), path, role=ROLE_VIEWER)
    raw = (mini_dir / "religion.csv").read_bytes().replace(b"Tin l\xc3\xa0nh,20,90",
                                                           b"Tin l\xc3\xa0nh,21,90")
    before = (mini_dir / "religion.csv").read_bytes()
    refused = import_file("religion", raw, "religion.csv", mini_dir, user="lan")
    assert [p.message for p in refused.problems] == [
        "“lan” là người chỉ xem số liệu: không được ghi dữ liệu, không ghi gì."]
    assert (mini_dir / "religion.csv").read_bytes() == before
    with pytest.raises(approval.ReportError) as exc:
        approval.act(mini_dir, "submit", "00002", "2024-10", "lan")
    assert "“lan” là người chỉ xem số liệu" in str(exc.value.problems[0])
    done = import_file("religion", raw, "religion.csv", mini_dir, user="hung")  # not a viewer
    assert done.ok and done.changed == 1
