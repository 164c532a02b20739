"""Data quality (issue 26): each shipped rule finds a violation planted in a copy of the sample,
by record id; the flags of the bundled sample are the ones justified below; the outlier test
on a zero-heavy series; approval refused while a high flag is open and allowed once it is
cleared with a reason, each write in the audit log; the command line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from antt.__main__ import main
from antt.data.store import Store
from antt.quality import flags as quality_flags
from antt.quality import marks
from antt.quality.rules import load_rules
from antt.reporting import approval
from tests.conftest import BUNDLED_DATA, copy_data

VILLAGES = pd.read_csv(BUNDLED_DATA / "villages.csv", dtype=str).set_index("village_code")


def pop(village: str) -> int:
    return int(VILLAGES.loc[village, "population"])


def households(village: str) -> int:
    return int(VILLAGES.loc[village, "households"])


def append(folder: Path, table: str, rows: list[list]) -> None:
    with (folder / f"{table}.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def flags_of(folder: Path) -> pd.DataFrame:
    store = Store(folder)
    assert store.refresh(), [str(p) for p in store.problems[:5]]
    found = quality_flags.check(store)
    assert found.problems == ()
    return found.frame


# ---------------------------------------------------------------- the bundled sample


def test_sample_flags_are_the_justified_ones(sample_store):
    """Six medium flags, none high (nothing blocks an approval of the sample):
    - TR-000372 repeats TR-000371 in every column (same village, day, occasion, 4 people):
      the generator drew the same patrol twice, exactly what the double-entry check is for;
    - Xã Hưng Vũ has no row at all in 2021-04 and 2021-05 and Xã Vạn Thủy none in 2025-03 and
      2025-04, after 11 of 12 months with rows: the generator's random draws left two-month
      holes in small communes, which is what "có thể thiếu báo cáo" looks like;
    - thôn Pác Nưa (Xã Tân Hương) has 5 patrols in 2025-02, the Tết month, against 0,5 a month
      before: the generator's Tết peak (issue text: Tết has at least twice the median
      month's patrols). The Poisson test does not know the calendar; a medium flag the
      approver sees, not a block."""
    frame = quality_flags.check(sample_store).frame
    got = list(zip(frame["check_id"], frame["record_id"], frame["commune_code"],
                   frame["period"], frame["importance"]))
    assert got == [
        ("TRUNG-LAP", "TR-000372", "06358", "2021-03", "trung bình"),
        ("THIEU-BAO-CAO", "", "06349", "2021-04", "trung bình"),
        ("THIEU-BAO-CAO", "", "06349", "2021-05", "trung bình"),
        ("BAT-THUONG-SO-LAN", "TR-001789", "06361", "2025-02", "trung bình"),
        ("THIEU-BAO-CAO", "", "06331", "2025-03", "trung bình"),
        ("THIEU-BAO-CAO", "", "06331", "2025-04", "trung bình"),
    ]
    assert frame.loc[0, "message"] == ("Tuần tra: giống hệt bản ghi TR-000371 ở mọi cột trừ "
                                       "mã bản ghi: có thể nhập trùng.")
    assert frame.loc[3, "records"] == "TR-001750, TR-001756, TR-001782, TR-001787, TR-001789"
    assert frame.loc[3, "message"] == ("Thôn có 5 cuộc tuần tra trong kỳ tháng 2/2025, trong "
                                       "khi trung bình 12 kỳ trước là 0,50.")
    assert set(frame["state"]) == {"mở"}


def test_shipped_rules_file_reads_without_problems():
    rules = load_rules(BUNDLED_DATA)
    assert rules.problems == ()
    assert [r.code for r in rules.rules] == [
        "TT-DAN-SO", "TT-IT-NHAT", "TR-IT-NHAT", "TR-DAN-SO", "CK-SO-HO", "CK-IT-NHAT",
        "HG-THANH", "TT-BUOI-NGAY", "TR-CUOC-NGAY", "TT-THANG-DAN-SO"]
    assert {r.code: r.importance for r in rules.rules}["TT-BUOI-NGAY"] == "trung bình"


def test_a_bad_rule_is_named_and_left_out(tmp_path):
    (tmp_path / "rules.toml").write_text(
        '[[quy_tac]]\nma = "X"\nten = "x"\nve_trai = "ban_ghi.tuan_tra.so_luot_tham_gia"\n'
        'toan_tu = "=<"\nve_phai = 1\nmuc_do = "cao"\nthong_bao = "x"\n'
        '[[quy_tac]]\nma = "Y"\nten = "y"\nve_trai = "thon.so_ho"\ntoan_tu = "<="\n'
        've_phai = 1\nmuc_do = "rất cao"\nthong_bao = "y"\n', encoding="utf-8")
    rules = load_rules(tmp_path)
    assert rules.rules == ()
    assert [str(p) for p in rules.problems] == [
        "rules.toml, cột “quy_tac thứ 1”: X: toán tử “=<” không hợp lệ.",
        "rules.toml, cột “quy_tac thứ 2”: Y: vế trái “thon.so_ho” không phải số liệu của bản "
        "ghi, ngày hay kỳ của thôn.",
    ]


# ---------------------------------------------------------------- planted violations

PLANTS = {  # check id -> the record id its flag must name
    "TT-DAN-SO": "TT-900001", "TT-IT-NHAT": "TT-900002", "TR-IT-NHAT": "TR-900001",
    "TR-DAN-SO": "TR-900002", "CK-SO-HO": "CK-900001", "CK-IT-NHAT": "CK-900002",
    "TT-BUOI-NGAY": "TT-900005", "TR-CUOC-NGAY": "TR-900006", "TT-THANG-DAN-SO": "TT-900007",
    "BAT-THUONG-QUY-MO": "TR-900007", "BAT-THUONG-SO-LAN": "TR-900021",
    "TRUNG-LAP": "TT-900008",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> pd.DataFrame:
    """The flags of a sample copy with one violation of each check planted (different
    villages), all in the reporting month 2026-10 but the missing months of Xã Vũ Lễ."""
    folder = copy_data(BUNDLED_DATA, tmp_path_factory.mktemp("planted") / "data")
    append(folder, "outreach", [
        ["TT-900001", "2026-10-01", "06325-01", "", "luat_cu_tru", "hop_thon",
         pop("06325-01") + 1],
        ["TT-900002", "2026-10-02", "06328-01", "", "luat_cu_tru", "hop_thon", 0],
        *[[f"TT-90000{i}", "2026-10-05", "06352-03", "", topic, "hop_thon", 30]
          for i, topic in ((3, "luat_cu_tru"), (4, "luat_dat_dai"),
                           (5, "phong_chay_chua_chay"))],
        ["TT-900006", "2026-10-07", "06358-01", "", "luat_cu_tru", "hop_thon",
         2 * pop("06358-01")],
        ["TT-900007", "2026-10-08", "06358-01", "", "luat_dat_dai", "hop_thon",
         2 * pop("06358-01")],
        ["TT-900008", "2020-01-03", "06343-05", "", "luat_vk_vln_ccht", "hop_thon", 170],
    ])
    append(folder, "patrols", [
        ["TR-900001", "2026-10-02", "06331-01", "", "thuong_xuyen", 0],
        ["TR-900002", "2026-10-03", "06337-01", "", "thuong_xuyen", pop("06337-01") + 1],
        *[[f"TR-90000{i}", "2026-10-06", "06355-03", "", "thuong_xuyen", i + 2]
          for i in (3, 4, 5, 6)],
        ["TR-900007", "2026-10-09", "06343-08", "", "thuong_xuyen", 450],
        *[[f"TR-9000{10 + i}", (dt.date(2026, 9, 15) + dt.timedelta(days=2 * i)).isoformat(),
           "06364-02", "", "thuong_xuyen", 8] for i in range(12)],
    ])
    append(folder, "commitments", [
        ["CK-900001", "2026-10-03", "06340-01", "", "khong_phao", households("06340-01") + 1],
        ["CK-900002", "2026-10-04", "06349-01", "", "khong_phao", 0],
    ])
    # Xã Vũ Lễ (06373) reports nothing from 15/03 to 14/05/2026: months 2026-04 and 2026-05
    for name, column in (("outreach", "held_on"), ("patrols", "held_on"),
                         ("commitments", "signed_on"), ("mediations", "held_on"),
                         ("incidents", "occurred_on")):
        path = folder / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        i = lines[0].rstrip("\n").split(",").index(column)
        kept = [lines[0]] + [
            line for line in lines[1:]
            if not (line.split(",")[2].startswith("06373-")
                    and "2026-03-15" <= line.split(",")[i] <= "2026-05-14")]
        path.write_text("".join(kept), encoding="utf-8")
    return flags_of(folder)


@pytest.mark.parametrize("check_id", sorted(PLANTS))
def test_each_check_finds_its_planted_violation(planted, check_id):
    mine = planted[planted["check_id"] == check_id]
    assert PLANTS[check_id] in set(mine["record_id"]), mine[["record_id", "message"]]
    # nothing else of the sample is flagged by the shipped rules (they are all new)
    if check_id not in ("BAT-THUONG-SO-LAN", "TRUNG-LAP"):
        assert set(mine["record_id"]) <= set(PLANTS.values()) | {"TT-900006"}


def test_planted_flags_carry_their_figures(planted):
    by = {(r.check_id, r.record_id): r for r in planted.itertuples()}
    r = by[("TT-DAN-SO", "TT-900001")]
    assert (r.importance, r.period, r.unit_code) == ("cao", "2026-10", "06325")
    assert pop("06325-01") == 865
    assert r.message == ("Buổi tuyên truyền có 866 lượt người tham dự, nhiều hơn 865 nhân khẩu "
                         "của thôn.")
    assert r.rule_text == ("Số lượt người tham dự một buổi tuyên truyền không quá số nhân khẩu "
                           "của thôn (số lượt người tham dự một buổi ≤ số nhân khẩu của thôn)")
    r = by[("TT-BUOI-NGAY", "TT-900005")]
    assert r.records == "TT-900003, TT-900004, TT-900005"
    assert r.flag == "TT-BUOI-NGAY:06352-03:2026-10-05"
    assert r.message == "Thôn có 3 buổi tuyên truyền trong một ngày (tối đa 2)."
    r = by[("TR-CUOC-NGAY", "TR-900006")]
    assert r.records == "TR-900003, TR-900004, TR-900005, TR-900006"
    r = by[("TT-THANG-DAN-SO", "TT-900007")]
    assert r.records == "TT-900006, TT-900007"
    assert (r.importance, r.flag) == ("trung bình", "TT-THANG-DAN-SO:06358-01:2026-10")
    r = by[("BAT-THUONG-QUY-MO", "TR-900007")]
    assert r.message.startswith("Bản ghi có 450 lượt người tham gia, gấp ")
    r = by[("TRUNG-LAP", "TT-900008")]
    assert r.message == ("Tuyên truyền: giống hệt bản ghi TT-000001 ở mọi cột trừ mã bản ghi: "
                         "có thể nhập trùng.")
    r = by[("BAT-THUONG-SO-LAN", "TR-900021")]
    assert (r.period, r.commune_code) == ("2026-10", "06364")
    assert r.message.startswith("Thôn có 12 cuộc tuần tra trong kỳ tháng 10/2026")
    missing = planted[(planted["check_id"] == "THIEU-BAO-CAO")
                      & (planted["commune_code"] == "06373")]
    assert list(missing["period"]) == ["2026-04", "2026-05"]
    assert set(missing["unit_code"]) == {"06364"}  # Xã Vũ Lễ (2025) reports these months


def test_successful_mediations_rule_is_checked(tmp_path):
    """HG-THANH (thành ≤ số vụ) cannot be broken through the files (one row a case, one
    outcome each); its sides reversed, the same rule finds the month with a failed case."""
    folder = copy_data(BUNDLED_DATA, tmp_path / "data")
    text = (BUNDLED_DATA / "rules.toml").read_text(encoding="utf-8")
    text = text.replace('ve_trai = "thon_thang.so_vu_hoa_giai_thanh"\ntoan_tu = "<="\n'
                        've_phai = "thon_thang.so_vu_hoa_giai"',
                        've_trai = "thon_thang.so_vu_hoa_giai"\ntoan_tu = "<="\n'
                        've_phai = "thon_thang.so_vu_hoa_giai_thanh"')
    (folder / "rules.toml").write_text(text, encoding="utf-8")
    append(folder, "mediations", [["HG-900001", "2026-10-02", "06325-01", "", "dat_dai",
                                   "không thành"]])
    frame = flags_of(folder)
    mine = frame[(frame["check_id"] == "HG-THANH") & (frame["period"] == "2026-10")]
    assert "HG-900001" in set(mine["record_id"])


# ---------------------------------------------------------------- the outlier test


@pytest.mark.parametrize(("last", "flagged"), [(1, False), (12, True)])
def test_outlier_on_a_zero_heavy_series(mini_dir, last, flagged):
    """Patrols of one village per reporting month 0, 0, 1, 0, 2 then `last`: the mean before
    is 0,6; 1 is usual, 12 is not (P(X ≥ 12 | 0,6) ≈ 2e-12)."""
    counts = [0, 0, 1, 0, 2, last]
    rows, n = [], 0
    for month, count in enumerate(counts, start=1):
        for day in range(count):
            n += 1
            rows.append([f"P{n}", f"2024-{month:02d}-{day + 1:02d}", "00002-01", "",
                         "thuong_xuyen", 5])
    # another village opens the data in 01/2024: the series has 5 months before June
    rows.insert(0, ["P0", "2024-01-01", "00002-02", "", "thuong_xuyen", 5])
    path = mini_dir / "patrols.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    append(mini_dir, "patrols", rows)
    frame = flags_of(mini_dir)
    mine = frame[(frame["check_id"] == "BAT-THUONG-SO-LAN") & (frame["table_name"] == "patrols")]
    if not flagged:
        assert mine.empty
        return
    assert list(mine["period"]) == ["2024-06"]
    assert mine.iloc[0]["message"] == ("Thôn có 12 cuộc tuần tra trong kỳ tháng 6/2024, trong "
                                       "khi trung bình 12 kỳ trước là 0,60.")


# ---------------------------------------------------------------- approval and follow-up


def _audit(folder: Path) -> list[dict]:
    lines = (folder / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if "action" in e]


def test_approval_waits_for_high_flags(sample_copy):
    # a high flag (households > the village's) and a medium one (a double entry) in Xã Bắc
    # Sơn's submitted month 2026-10 (06343 is an old commune of the new Xã Bắc Sơn, 06325)
    append(sample_copy, "commitments", [
        ["CK-900001", "2026-10-03", "06343-08", "", "khong_phao", households("06343-08") + 1],
        ["CK-900002", "2026-10-04", "06343-08", "", "khong_phao", 20],
        ["CK-900003", "2026-10-04", "06343-08", "", "khong_phao", 20],
    ])
    with pytest.raises(approval.ReportError) as refused:
        approval.act(sample_copy, "approve", "06325", "2026-10", "hung")
    text = "\n".join(str(p) for p in refused.value.problems)
    assert "còn 1 cảnh báo chất lượng số liệu mức độ cao chưa xử lý" in text
    assert "CK-900001: Lần ký cam kết có 146 hộ ký, nhiều hơn 145 hộ của thôn. [CK-SO-HO]" \
        in text
    assert "CK-900003" not in text  # the medium flag is shown on the page, it does not block
    assert not (sample_copy / "audit.jsonl").exists()  # nothing written

    flag = "CK-SO-HO:CK-900001"
    marks.act(sample_copy, "follow", flag, "lan", "Gọi xã hỏi lại")
    with pytest.raises(approval.ReportError):  # followed is still open
        approval.act(sample_copy, "approve", "06325", "2026-10", "hung")
    with pytest.raises(marks.MarkError, match="cần ghi lý do"):
        marks.act(sample_copy, "confirm", flag, "lan", "  ")
    with pytest.raises(marks.MarkError, match="Bạn không được sửa số liệu của Xã Bắc Quỳnh"):
        marks.act(sample_copy, "confirm", flag, "lan", "x", communes=("06367",))
    marks.act(sample_copy, "confirm", flag, "lan",
              "Thôn mới nhập thêm tổ dân cư, số hộ trong danh mục chưa cập nhật")
    entry = approval.act(sample_copy, "approve", "06325", "2026-10", "hung")
    assert entry.action == "approve"

    log = _audit(sample_copy)
    assert [(e["action"], e["table"], e["user"]) for e in log] == [
        ("follow", "quality_marks", "lan"), ("confirm", "quality_marks", "lan"),
        ("approve", "reports", "hung")]
    assert log[0]["note"] == ("Theo dõi: CK-SO-HO:CK-900001 (CK-900001, mức độ cao). "
                              "Lý do: Gọi xã hỏi lại")
    assert log[1]["note"] == ("Xác nhận đúng: CK-SO-HO:CK-900001 (CK-900001, mức độ cao). Lý "
                              "do: Thôn mới nhập thêm tổ dân cư, số hộ trong danh mục chưa cập "
                              "nhật")
    marks_file = (sample_copy / "quality_marks.csv").read_text(encoding="utf-8").splitlines()
    assert marks_file[0] == "record_id,flag,status,done_on,user,note"
    assert [line.split(",")[:3] for line in marks_file[1:]] == [
        ["TD-000001", flag, "theo dõi"], ["TD-000002", flag, "xác nhận đúng"]]
    frame = flags_of(sample_copy)
    row = frame[frame["flag"] == flag].iloc[0]
    assert (row["state"], row["mark_user"]) == ("xác nhận đúng", "lan")


# ---------------------------------------------------------------- the command line


def test_cli_prints_flags_and_fails_on_high(sample_copy, capsys):
    assert main(["quality", "check", "--data", str(sample_copy)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "6 cảnh báo; chưa xử lý: cao 0, trung bình 6, thấp 0."
    assert ("[trung bình] TR-000372 (thôn Còn Cưởm, Xã Chiêu Vũ, 15/02/2021; "
            "TRUNG-LAP:TR-000372) TRUNG-LAP: " in out)
    append(sample_copy, "patrols", [["TR-900001", "2026-10-02", "06331-01", "",
                                     "thuong_xuyen", 0]])
    assert main(["quality", "check", "--data", str(sample_copy), "--period", "2026-10",
                 "--communes", "06337"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[cao] TR-900001 (thôn " + VILLAGES.loc["06331-01", "village_name"]
        + ", Xã Vạn Thủy, 02/10/2026; TR-IT-NHAT:TR-900001) TR-IT-NHAT: Một cuộc tuần tra có "
        "ít nhất 1 lượt người "
        "tham gia (số lượt người tham gia một cuộc tuần tra ≥ 1). Cuộc tuần tra ghi 0 lượt "
        "người tham gia.",
        "1 cảnh báo; chưa xử lý: cao 1, trung bình 0, thấp 0.",
    ]
    assert main(["quality", "confirm", "TR-IT-NHAT:TR-900001", "--user", "hung",
                 "--data", str(sample_copy)]) == 1
    assert "“Xác nhận đúng” cần ghi lý do" in capsys.readouterr().out
    assert main(["quality", "confirm", "TR-IT-NHAT:TR-900001", "--user", "hung", "--reason",
                 "Tuần tra bằng camera, không có người", "--data", str(sample_copy)]) == 0
    assert main(["quality", "check", "--data", str(sample_copy), "--period", "2026-10"]) == 0
    assert capsys.readouterr().out.splitlines()[-2].endswith(
        "[xác nhận đúng: Tuần tra bằng camera, không có người]")


# ---------------------------------------------------------------- the page


def test_quality_page_lists_marks_and_clears_a_flag(sample_copy, monkeypatch, tmp_path):
    from signed_in import sign_in
    from streamlit.testing.v1 import AppTest

    from antt.access.editors_file import Editor
    from antt.indicators.filters import Filters

    append(sample_copy, "commitments", [
        ["CK-900001", "2026-10-03", "06343-08", "", "khong_phao", households("06343-08") + 1]])
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_copy))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(tmp_path / "editors.toml"))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "views/quality.py"),
                           default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2025", period_kind="report_month",
                                          year=2026, number=10)
    sign_in(at, Editor("lan"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Chất lượng số liệu"
    # cao, trung bình, thấp, đang theo dõi: the month 2026-10 of the sample has no other flag
    assert [m.value for m in at.metric] == ["1", "0", "0", "0"]
    table = next(f.value for f in at.dataframe if "Mã bản ghi" in f.value.columns)
    assert list(table["Mã bản ghi"]) == ["CK-900001"]
    assert (table.loc[0, "Mức độ"], table.loc[0, "Theo dõi"]) == ("cao", "Chưa xử lý")
    assert table.loc[0, "Cảnh báo"] == "Lần ký cam kết có 146 hộ ký, nhiều hơn 145 hộ của thôn."
    assert at.selectbox(key="quality_flag").value == "CK-SO-HO:CK-900001"
    at.text_input(key="quality_note").set_value("Đã kiểm tra sổ ký")
    at.button(key="quality_confirm").click().run()
    assert not at.exception
    assert "Xác nhận đúng: CK-SO-HO:CK-900001" in at.success[0].value.replace("\u2060", "")
    at.run()
    assert [m.value for m in at.metric] == ["0", "0", "0", "0"]
    assert _audit(sample_copy)[-1]["note"].endswith("Lý do: Đã kiểm tra sổ ký")


def test_cli_approve_shows_medium_flags_and_approves(sample_copy, capsys):
    append(sample_copy, "commitments", [
        ["CK-900002", "2026-10-04", "06343-08", "", "khong_phao", 20],
        ["CK-900003", "2026-10-04", "06343-08", "", "khong_phao", 20]])
    assert main(["report", "approve", "06325", "2026-10", "--user", "hung",
                 "--data", str(sample_copy)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Duyệt báo cáo: Xã Bắc Sơn, kỳ tháng 10/2026 (nhật ký số 1).",
        "Cảnh báo chất lượng số liệu chưa xử lý (không chặn duyệt):",
        "  - [trung bình] CK-900003: Ký cam kết: giống hệt bản ghi CK-900002 ở mọi cột trừ mã "
        "bản ghi: có thể nhập trùng."]
