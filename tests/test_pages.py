"""Every dashboard page under AppTest, with the filters seeded as the sidebar would store them:
default filters, one commune, the 2025 unit set, a period with no data; figures asserted on the
hand-computed mini dataset and the reference figures of the bundled sample."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators.filters import Filters
from antt.indicators.table_frames import EMPTY_MESSAGE
from antt.text.escape import md
from antt.text.fmt import number

REPO = Path(__file__).resolve().parent.parent
MINI_2024 = Filters(period_kind="year", year=2024)
MINI_DEFAULT = Filters(period_kind="range", year=2024, start=dt.date(2024, 1, 1),
                       end=dt.date(2024, 7, 31))
NO_DATA = Filters(period_kind="year", year=2019)
REFERENCE = Filters(period_kind="range", start=dt.date(2020, 1, 1), end=dt.date(2024, 10, 2),
                    model_type="nhom_dao_binh_an")


def run(script: str, data_dir: Path, monkeypatch, filters: Filters | None = None,
        query: dict | None = None) -> AppTest:
    # antt.data.store.get_store caches one store per folder: a fresh tmp folder is a fresh store.
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(REPO / script), default_timeout=60)
    if filters is not None:
        at.session_state["filters"] = filters
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


# ---------------------------------------------------------------- overview


def test_overview_default_filters_mini(mini_dir, monkeypatch):
    # The newest mini record is 01/12/2024, but Xã Bình's newest is 01/08/2024 (no reports
    # file): every unit's data are complete only to 01/08, so the default view is 01/01–31/07
    # 2024, the last complete month (issue 23; it was the year to 01/12, comparing months with
    # no data for Xã Bình against complete ones).
    at = run("views/overview.py", mini_dir, monkeypatch)
    shown = metrics(at)
    assert shown["Buổi tuyên truyền"] == "3"
    assert shown["Lượt người dự tuyên truyền"] == "220"
    assert shown["Vụ việc về ANTT"] == "2"
    assert shown["Tỷ lệ hòa giải thành"] == "100,0%"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Lượt người dự tuyên truyền"] == "+170 (+340,0%) so với cùng kỳ"
    # The tooltips name the days compared (the filter bar's line states the view).
    helps = {m.label: m.help for m in at.metric}
    assert helps["Buổi tuyên truyền"] == "01/01–31/07/2024: 3 · so với 01/01–31/07/2023: 1"  # T1
    units = at.dataframe[0].value
    assert units["Xã, thị trấn"].tolist() == ["Thị trấn An", "Xã Bình", "Xã Đồng Ý", "Tổng cộng"]
    # Short headers, so the nine columns fit 1366 px; each is said in full in its tooltip.
    assert list(units.columns) == ["Xã, thị trấn", "Báo cáo", "Mô hình", "Buổi tuyên truyền",
                                   "Lượt người dự", "Cuộc tuần tra", "Hộ ký cam kết",
                                   "Vụ hòa giải", "Vụ việc"]
    assert units["Báo cáo"].tolist()[:3] == ["đủ", "đủ", "đủ"]
    # the tile is the table's total
    assert units["Buổi tuyên truyền"].tolist() == [1, 1, 1, 3]
    villages = at.dataframe[1].value
    assert villages["Thôn, khối phố"].tolist() == ["Bình An"]  # Ân Phú's model: from 01/11/2024
    # the figures next to the names, the long model names last
    assert list(villages.columns)[:4] == ["Thôn, khối phố", "Buổi tuyên truyền",
                                          "Cuộc tuần tra", "Vụ việc về ANTT"]
    # the monthly chart and the small map (no polygons in mini: communes at their centres)
    assert len(at.get("plotly_chart")) == 2
    assert len(at.get("download_button")) == 4


def test_overview_reference_figures_on_sample(sample_dir, monkeypatch):
    at = run("views/overview.py", sample_dir, monkeypatch, REFERENCE)
    shown = metrics(at)
    assert shown["Buổi tuyên truyền"] == "35"
    assert shown["Lượt người dự tuyên truyền"] == "3.560"
    assert shown["Cuộc tuần tra"] == "50"
    assert shown["Lượt người tham gia tuần tra"] == "450"
    assert shown["Vụ việc về ANTT"] == "0"
    assert shown["Mô hình đang hoạt động"] == "3"


def test_overview_one_commune_and_2025_unit_set_agree(mini_dir, monkeypatch):
    one = metrics(run("views/overview.py", mini_dir, monkeypatch,
                      Filters(communes=("00003",), year=2024)))
    new = metrics(run("views/overview.py", mini_dir, monkeypatch,
                      Filters(unit_set="2025", communes=("00005",), year=2024)))
    assert one == new
    assert one["Buổi tuyên truyền"] == "2" and one["Lượt người dự tuyên truyền"] == "70"
    assert one["Hộ ký cam kết"] == "30" and one["Vụ việc về ANTT"] == "1"


def test_overview_2025_unit_set_lists_new_communes(mini_dir, monkeypatch):
    at = run("views/overview.py", mini_dir, monkeypatch, Filters(unit_set="2025", year=2024))
    # no thị trấn after 01/7/2025: the column says "Xã"
    assert at.dataframe[0].value["Xã"].tolist() == ["Xã Mới Hai", "Xã Mới Một", "Tổng cộng"]
    assert at.dataframe[0].value["Buổi tuyên truyền"].tolist() == [2, 2, 4]


def test_overview_period_without_data_says_so(mini_dir, monkeypatch):
    at = run("views/overview.py", mini_dir, monkeypatch, NO_DATA)
    assert metrics(at)["Buổi tuyên truyền"] == "0"
    assert EMPTY_MESSAGE in infos(at)
    # no empty monthly chart without explanation; the small map (points) shows the zeros
    assert len(at.get("plotly_chart")) == 1


# ---------------------------------------------------------------- activities


def test_activities_mini_tables_and_rows(mini_dir, monkeypatch):
    at = run("views/activities.py", mini_dir, monkeypatch, MINI_2024)
    tables = {tuple(df.value.columns): df.value for df in at.dataframe}
    topics = tables[("Nội dung", "Số buổi", "Lượt người dự")]
    assert topics["Nội dung"].tolist() == [
        "Luật Căn cước", "Luật Cư trú", "Luật Đất đai", "Phòng chống tội phạm", "Tổng cộng"]
    assert topics["Số buổi"].tolist()[-1] == 4
    occasions = tables[("Dịp", "Cuộc tuần tra", "Lượt người tham gia")]
    assert occasions.values.tolist() == [["Tết Nguyên đán", 2, 18], ["Tuần tra thường xuyên", 1, 5],
                                         ["Tổng cộng", 3, 23]]
    labels = [e.label for e in at.expander]
    assert "Xem các bản ghi (4 dòng)" in labels  # outreach T2-T5
    assert "Xem các bản ghi (3 dòng)" in labels  # patrols, mediations
    assert "Xem các bản ghi (2 dòng)" in labels  # commitments
    records = [df.value for df in at.dataframe if "Mã bản ghi" in df.value.columns
               or "Ngày" in df.value.columns]
    assert records[0]["Thôn, khối phố"].tolist() == [
        "Bình An", "Phố Một", "Nà Lầu", "Ân Phú", ""]
    assert records[0]["Xã, thị trấn"].tolist()[-1] == "Tổng cộng"
    assert len(at.get("download_button")) == 2 * len(at.dataframe)


def test_activities_model_type_filters_rows(mini_dir, monkeypatch):
    at = run("views/activities.py", mini_dir, monkeypatch,
             Filters(year=2024, model_type="nhom_dao_binh_an"))
    labels = [e.label for e in at.expander]
    assert "Xem các bản ghi (2 dòng)" in labels  # T2, T5; P1, P2; H1, H2
    assert "Xem các bản ghi (1 dòng)" in labels  # C1


def test_activities_period_without_data(mini_dir, monkeypatch):
    at = run("views/activities.py", mini_dir, monkeypatch, NO_DATA)
    assert infos(at).count(EMPTY_MESSAGE) >= 8
    assert len(at.get("plotly_chart")) == 0


# ---------------------------------------------------------------- models


def test_models_registry_and_detail(mini_dir, monkeypatch):
    at = run("views/models.py", mini_dir, monkeypatch, MINI_2024)
    registry = at.dataframe[0].value
    assert registry["Tên mô hình"].tolist() == [
        "Tổ tự quản Nà Lầu", "Nhóm đạo bình an thôn Bình An", "Nhóm đạo bình an Ân Phú",
        "Tổng cộng"]
    assert registry["Tình trạng"].tolist() == [
        "Đã kết thúc", "Đang hoạt động", "Đang hoạt động", ""]
    assert registry["Buổi tuyên truyền"].tolist() == [1, 2, 1, 4]
    # the detail opens on an active model, not on the first (ended) one
    assert at.selectbox(key="model_pick").value == "M1"
    at.selectbox(key="model_pick").select("M1").run()
    assert metrics(at)["Ngày thành lập"] == "01/03/2022"
    assert metrics(at)["Số thành viên"] == "12"
    text = " ".join(m.value for m in at.markdown)
    assert "1 vụ việc trong 12 tháng trước khi thành lập, 0 vụ trong 12 tháng" in text
    # the chart's heading: the days counted as every page says them, one pair of brackets
    heading = next(m.value for m in at.markdown if "theo tháng**" in m.value)
    assert heading.replace("\\", "").startswith(
        "**Hoạt động của mô hình theo tháng**, năm 2024 (01/01/2024 – ")
    assert "))" not in heading


def test_models_report_month_charts_one_report_month(mini_dir, monkeypatch):
    # Issue 28: NĐ 09 month 2/2024 (15/01–14/02/2024) charted as two calendar-month bars.
    at = run("views/models.py", mini_dir, monkeypatch,
             Filters(period_kind="report_month", year=2024, number=2))
    at.selectbox(key="model_pick").select("M1").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {str(x)[:10] for trace in spec["data"] for x in trace["x"]} == {"2024-02-01"}
    assert sorted(y for trace in spec["data"] for y in trace["y"]) == [0, 1, 1, 2]
    # the axis spans that one month (not January and February)
    assert [str(v)[:10] for v in spec["layout"]["xaxis"]["range"]] == ["2024-01-17",
                                                                      "2024-02-16"]
    # the list's first column (the names) is not pinned: the grid greys a pinned column
    config = json.loads(at.dataframe[0].proto.columns)
    assert not any(c.get("pinned") for c in config.values())


def test_models_one_commune_2025(mini_dir, monkeypatch):
    at = run("views/models.py", mini_dir, monkeypatch,
             Filters(unit_set="2025", communes=("00005",), year=2024))
    assert at.dataframe[0].value["Tên mô hình"].tolist() == [
        "Tổ tự quản Nà Lầu", "Nhóm đạo bình an Ân Phú", "Tổng cộng"]


def test_models_period_without_models(mini_dir, monkeypatch):
    at = run("views/models.py", mini_dir, monkeypatch, NO_DATA)
    assert infos(at) == [
        "Chưa có mô hình nào được thành lập trong phạm vi đã chọn, đến hết kỳ báo cáo."]


# ---------------------------------------------------------------- security


def test_security_mini(mini_dir, monkeypatch):
    at = run("views/security.py", mini_dir, monkeypatch, MINI_2024)
    assert metrics(at) == {"Vụ việc về ANTT": "2"}
    tables = {df.value.columns[0]: df.value for df in at.dataframe}
    assert tables["Loại vụ việc"]["Loại vụ việc"].tolist() == ["Đánh bạc", "Ma túy", "Tổng cộng"]
    assert tables["Năm"]["Năm"].tolist() == ["2021", "2022", "2023", "2024", "Tổng cộng"]
    assert tables["Năm"]["Vụ việc về ANTT"].tolist() == [1, 0, 1, 2, 4]
    groups = tables["Nhóm thôn"]
    assert groups["Nhóm thôn"].tolist() == ["Thôn có mô hình", "Thôn khác", "Tổng cộng"]
    assert groups["Vụ việc về ANTT"].tolist() == [0, 2, 2]
    # the rate of the whole is recomputed (incidents per 1.000 of all the people), not summed
    total_rate = groups["Vụ việc / 1.000 dân"].iloc[-1]
    assert total_rate == pytest.approx(1000 * 2 / groups["Số nhân khẩu"].iloc[-1])
    assert tables["Tên mô hình"]["Vụ việc 12 tháng trước"].tolist() == [0, 1, 0, 1]


def test_security_sample_one_commune(sample_dir, monkeypatch):
    f = Filters(communes=("06325",), year=2024)
    at = run("views/security.py", sample_dir, monkeypatch, f)
    expected = run_query("kpis", store=Store(sample_dir), **f.params())
    assert metrics(at)["Vụ việc về ANTT"] == number(int(expected["incidents"].iloc[0]))


def test_security_period_without_data(mini_dir, monkeypatch):
    at = run("views/security.py", mini_dir, monkeypatch, NO_DATA)
    assert metrics(at) == {"Vụ việc về ANTT": "0"}
    assert infos(at).count(EMPTY_MESSAGE) == 2


# ---------------------------------------------------------------- app.py (first run only)


def test_app_first_run_draws_filter_bar_and_writes_url(mini_dir, monkeypatch):
    at = run("app.py", mini_dir, monkeypatch)
    # to the last month complete for every unit (Xã Bình's newest record: 01/08/2024)
    assert at.session_state["filters"] == MINI_DEFAULT
    assert at.selectbox(key="f_unit").value == "2024"
    assert at.selectbox(key="f_period").value == "range"
    assert at.multiselect(key="f_communes").value == []
    assert {k: at.query_params[k] for k in at.query_params} == {
        "unit": "2024", "period": "range", "from": "2024-01-01", "to": "2024-07-31"}
    stamps = [m.value for m in at.sidebar.markdown]
    assert "**Số liệu đủ đến hết 01/08/2024**" in stamps
    assert ("Bản ghi mới nhất: 01/12/2024 (sau 01/08/2024 có xã đang xem chưa đủ số liệu)."
            in [c.value for c in at.sidebar.caption])


# The pages that once repeated the filter bar's line under their title.
DESCRIBED_PAGES = ["views/overview.py", "views/models.py", "views/activities.py",
                   "views/security.py", "views/reports.py", "views/data.py"]


def test_app_describes_the_view_once_per_page(mini_dir, monkeypatch):
    # Scope, period and model type are stated once, by the filter bar's line above the title.
    at = run("app.py", mini_dir, monkeypatch, query={
        "unit": "2024", "communes": "00002", "period": "quarter", "year": "2024", "n": "3"})
    for page in DESCRIBED_PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        stating = [c.value for c in at.main.caption if "quý 3/2024" in c.value]
        # Xã Bình's newest record is 01/08/2024, no report: the quarter is not complete
        assert stating == [md("Đang xem: Xã Bình (trước 01/7/2025) · quý 3/2024 (01/07/2024 – "
                              "30/09/2024) · kỳ chưa đủ số liệu · Tất cả loại mô hình")], page


def test_app_url_filters_and_invalid_values(mini_dir, monkeypatch):
    at = run("app.py", mini_dir, monkeypatch, query={
        "unit": "2025", "communes": "00005,99999", "period": "quarter", "year": "2024",
        "n": "4", "model": "khong_co"})
    f = at.session_state["filters"]
    assert (f.unit_set, f.communes, f.period_kind, f.year, f.number, f.model_type) == (
        "2025", ("00005",), "quarter", 2024, 4, "")
    warnings = [w.value for w in at.main.warning]  # the filter bar, above the page
    assert md("Mã xã không có trong danh sách: 99999 (đã bỏ qua).") in warnings
    assert md("Loại mô hình “khong_co” không hợp lệ, đã bỏ qua.") in warnings


@pytest.mark.parametrize("bad", ["communes.csv"])
def test_app_broken_file_warns_and_keeps_last_good_data(mini_dir, monkeypatch, bad):
    at = run("app.py", mini_dir, monkeypatch)
    (mini_dir / bad).write_text("commune_code,commune_name\n00001,\n", encoding="utf-8")
    at.run()
    assert not at.exception
    warning = " ".join(w.value for w in at.sidebar.warning)
    assert "Dữ liệu vừa thay đổi có lỗi" in warning and "communes.csv" in warning
    assert "Đang dùng dữ liệu hợp lệ gần nhất." in warning
    assert at.session_state["filters"] == MINI_DEFAULT
