"""The page-level figures (antt.indicators) and the dashboard's queries, on the hand-computed
mini dataset (tests/fixtures/mini) and the bundled sample."""

from __future__ import annotations

import datetime as dt

import pytest

from antt.data.queries import run_query
from antt.indicators import kpi_cards, table_frames, view_text
from antt.indicators.filters import Filters

YEAR_2024 = Filters(period_kind="year", year=2024)


def q(store, name: str, f: Filters = YEAR_2024, **extra):
    return run_query(name, store=store, **f.params(), **extra)


def values(cards) -> dict[str, tuple[str, str | None]]:
    return {c.key: (c.value, c.delta) for c in cards}


def test_kpi_cards_mini_2024_against_2023(mini_store):
    cards = values(kpi_cards.kpi_cards(q(mini_store, "kpis")))
    assert cards == {
        "active_models": ("2", "+1 (+100,0%) so với cùng kỳ"),  # M1, M3 vs M1
        "outreach_sessions": ("4", "+3 (+300,0%) so với cùng kỳ"),  # T2-T5 vs T1
        "outreach_attendees": ("260", "+210 (+420,0%) so với cùng kỳ"),
        "patrols": ("3", "+2 (+200,0%) so với cùng kỳ"),
        "patrol_participants": ("23", "+17 (+283,3%) so với cùng kỳ"),
        "commitment_households": ("90", "+90 so với cùng kỳ"),
        "mediations": ("3", "+3 so với cùng kỳ"),
        "mediation_success": ("66,7%", None),  # no mediation in 2023: nothing to compare
        "incidents": ("2", "+1 (+100,0%) so với cùng kỳ"),
    }


def test_kpi_cards_model_type_counts_rows_carrying_such_a_model(mini_store):
    f = Filters(period_kind="year", year=2024, model_type="nhom_dao_binh_an")
    cards = values(kpi_cards.kpi_cards(q(mini_store, "kpis", f)))
    assert cards["outreach_sessions"][0] == "2"  # T2 (M1), T5 (M3)
    assert cards["outreach_attendees"][0] == "110"
    assert cards["patrols"][0] == "2"
    assert cards["mediation_success"][0] == "50,0%"
    assert cards["incidents"][0] == "0"  # no incident in a village with such a model


def test_kpi_cards_one_commune_in_each_unit_set(mini_store):
    old = values(kpi_cards.kpi_cards(q(mini_store, "kpis",
                                       Filters(communes=("00003",), year=2024))))
    new = values(kpi_cards.kpi_cards(q(mini_store, "kpis", Filters(
        unit_set="2025", communes=("00005",), year=2024))))
    assert old == new
    assert old["outreach_sessions"][0] == "2" and old["outreach_attendees"][0] == "70"
    assert old["incidents"] == ("1", "+1 so với cùng kỳ")
    assert old["active_models"][0] == "1"


def test_kpi_cards_reference_figures_on_the_sample(sample_store):
    f = Filters(period_kind="range", start=dt.date(2020, 1, 1), end=dt.date(2024, 10, 2),
                model_type="nhom_dao_binh_an")
    cards = values(kpi_cards.kpi_cards(q(sample_store, "kpis", f)))
    assert cards["outreach_sessions"][0] == "35"
    assert cards["outreach_attendees"][0] == "3.560"
    assert cards["patrols"][0] == "50" and cards["patrol_participants"][0] == "450"
    assert cards["incidents"][0] == "0" and cards["active_models"][0] == "3"


def test_count_delta_forms():
    assert kpi_cards.count_delta(35, 21) == "+14 (+66,7%)"
    assert kpi_cards.count_delta(3, 4) == "-1 (-25,0%)"
    assert kpi_cards.count_delta(5, 0) == "+5"
    assert kpi_cards.count_delta(7, 7) == "0"


def test_outreach_by_topic_and_format_mini(mini_store):
    topics = q(mini_store, "outreach_by_topic")
    assert topics[["topic_label", "sessions", "attendees"]].values.tolist() == [
        ["Luật Căn cước", 1, 30], ["Luật Cư trú", 1, 40], ["Luật Đất đai", 1, 70],
        ["Phòng chống tội phạm", 1, 120]]
    formats = q(mini_store, "outreach_by_format")
    assert formats[["format", "sessions", "attendees"]].values.tolist() == [
        ["hop_thon", 2, 70], ["loa_truyen_thanh", 1, 120], ["sinh_hoat_ton_giao", 1, 70]]


def test_patrols_by_occasion_mini(mini_store):
    frame = q(mini_store, "patrols_by_occasion")
    assert frame[["occasion_label", "patrols", "participants"]].values.tolist() == [
        ["Tết Nguyên đán", 2, 18], ["Tuần tra thường xuyên", 1, 5]]


def test_commitments_by_type_share_of_scope_households(mini_store):
    frame = q(mini_store, "commitments_by_type")
    assert frame["commitment_type"].tolist() == ["khong_phao", "phong_chay_chua_chay"]
    assert frame["households"].tolist() == [60, 30]
    assert frame["scope_households"].tolist() == [330, 330]
    assert frame["household_share"].round(4).tolist() == [0.1818, 0.0909]
    shown = table_frames.vi_table(frame, ["commitment_type_label", "household_share"])
    assert shown["Tỷ lệ so với tổng số hộ (%)"].tolist() == [18.2, 9.1]


def test_mediations_by_outcome_and_success_rate(mini_store):
    frame = q(mini_store, "mediations_by_outcome")
    assert len(frame) == 3 and frame["mediations"].sum() == 3
    per_type = table_frames.mediation_outcomes(frame)
    rows = per_type.set_index("dispute_type_label")
    assert rows.loc["Mâu thuẫn xóm giềng", "mediations_successful"] == 0
    assert rows.loc["Tranh chấp đất đai", "success_rate"] == 1.0
    outcomes = table_frames.outcome_totals(frame)
    assert outcomes.values.tolist() == [["Thành", 2], ["Không thành", 1]]


def test_incidents_by_category_field_and_year(mini_store):
    cats = q(mini_store, "incidents_by_category")
    assert cats[["category_label", "incidents", "resolved"]].values.tolist() == [
        ["Đánh bạc", 1, 1], ["Ma túy", 1, 0]]
    fields = table_frames.totals_by(cats, "field_label", ["incidents", "resolved"])
    assert fields.values.tolist() == [["Trật tự an toàn xã hội", 2, 1]]
    years = run_query("incidents_by_year", store=mini_store, communes=[], unit_set="2024",
                      date_to=dt.date(2024, 12, 31), model_type="")
    assert years[["year", "incidents"]].values.tolist() == [
        [2021, 1], [2022, 0], [2023, 1], [2024, 2]]
    assert years["incidents_per_1000"].iloc[-1] == pytest.approx(2000 / 1300)


def test_model_activity_by_month_mini(mini_store):
    frame = run_query("model_activity_by_month", store=mini_store, model_id="M1",
                      date_from=dt.date(2020, 1, 1), date_to=dt.date(2024, 12, 31),
                      report_months=False)
    assert [f"{m:%m/%Y}" for m in frame["month"]] == [
        "02/2023", "01/2024", "02/2024", "06/2024", "08/2024"]
    assert frame["outreach_attendees"].tolist() == [50, 0, 70, 0, 0]
    assert frame["patrols"].tolist() == [1, 0, 2, 0, 0]
    assert frame["commitment_households"].tolist() == [0, 60, 0, 0, 0]
    assert frame["mediations_successful"].tolist() == [0, 0, 0, 1, 0]
    # The chosen period only (issue 13: the chart followed no period).
    year_2024 = run_query("model_activity_by_month", store=mini_store, model_id="M1",
                          date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31),
                          report_months=False)
    assert [f"{m:%m/%Y}" for m in year_2024["month"]] == [
        "01/2024", "02/2024", "06/2024", "08/2024"]
    # NĐ 09/2019 months (issue 28): the signing of 15/01 and the patrols of 09-10/02 are all in
    # the report month 02/2024 (15/01–14/02), one bar, not two calendar months.
    report = run_query("model_activity_by_month", store=mini_store, model_id="M1",
                       date_from=dt.date(2024, 1, 15), date_to=dt.date(2024, 2, 14),
                       report_months=True)
    assert [f"{m:%m/%Y}" for m in report["month"]] == ["02/2024"]
    assert report[["patrols", "commitment_households", "outreach_attendees"]].values.tolist() \
        == [[2, 60, 70]]


def test_model_village_incidents_before_after_mini(mini_store):
    frame = q(mini_store, "model_village_incidents_before_after", model_id="")
    assert frame["model_id"].tolist() == ["M2", "M1", "M3"]
    # M1 (00002-02, 01/3/2022): I1 on 01/5/2021 is before; I4 on 01/3/2023 is just outside.
    assert frame["incidents_before"].tolist() == [0, 1, 0]
    assert frame["incidents_after"].tolist() == [0, 0, 0]
    assert frame["months_after"].tolist() == [12, 12, 2]
    assert table_frames.before_after_totals(frame) == (1, 0)
    assert table_frames.before_after_text(1, 0, 3) == (
        "3 mô hình: 1 vụ việc trong 12 tháng trước khi thành lập, 0 vụ trong 12 tháng kể từ "
        "khi thành lập (giảm 1 vụ).")
    one = q(mini_store, "model_village_incidents_before_after", model_id="M1")
    assert one["model_id"].tolist() == ["M1"]


def test_activity_records_are_the_underlying_rows(mini_store):
    frame = q(mini_store, "activity_records", activity="outreach", row_limit=None)
    assert frame["record_id"].tolist() == ["T2", "T3", "T4", "T5"]
    assert frame.iloc[0][["village_name", "unit_name", "kind_label", "detail_label",
                          "people"]].tolist() == [
        "Bình An", "Xã Bình", "Luật Đất đai", "Lồng ghép sinh hoạt tôn giáo", 70]
    mediations = q(mini_store, "activity_records", activity="mediations", row_limit=None)
    assert mediations["detail_label"].tolist() == ["Thành", "Không thành", "Thành"]


def test_villages_with_models_and_registry_status(mini_store):
    villages = table_frames.villages_with_models(q(mini_store, "activities_by_village"))
    assert villages["village_name"].tolist() == ["Bình An", "Ân Phú"]  # busiest first
    registry = table_frames.registry_table(run_query(
        "model_registry", store=mini_store, communes=[], unit_set="2024",
        date_to=dt.date(2024, 12, 31), model_type=""))
    assert dict(zip(registry["model_id"], registry["status"], strict=True)) == {
        "M2": "Đã kết thúc", "M1": "Đang hoạt động", "M3": "Đang hoạt động"}
    assert table_frames.model_options(registry)["M1"] == (
        "Nhóm đạo bình an thôn Bình An (Bình An, Xã Bình)")


def test_filter_lines_state_the_view():
    f = Filters(communes=("00002",), year=2024, model_type="to_tu_quan")
    lines = dict(view_text.filter_lines(f, {"00002": "Xã Bình"}, {"to_tu_quan": "Tổ tự quản"},
                                        dt.date(2024, 10, 2)))
    assert lines["Xã, thị trấn"] == "Xã Bình"
    # The data stop on 02/10/2024: the year is counted to that day, against the same days of
    # 2023 (the one cùng-kỳ rule, antt.indicators.periods).
    assert lines["Kỳ"] == "năm 2024 (01/01/2024 – 02/10/2024, số liệu tính đến 02/10/2024)"
    assert lines["Cùng kỳ năm trước"] == "01/01/2023 – 02/10/2023"
    whole = dict(view_text.filter_lines(f, {}, {}, dt.date(2025, 3, 1)))
    assert whole["Kỳ"] == "năm 2024 (01/01/2024 – 31/12/2024)"
    assert whole["Cùng kỳ năm trước"] == "01/01/2023 – 31/12/2023"
    assert lines["Loại mô hình"] == "Tổ tự quản"
    assert lines["Bản ghi mới nhất"] == "02/10/2024"  # beside "Số liệu đủ đến", as the sidebar
    new = dict(view_text.filter_lines(Filters(unit_set="2025", communes=("00005",), year=2024),
                                      {"00005": "Xã Mới Một"}, {}, None))
    assert new["Xã"] == "Xã Mới Một" and "Xã, thị trấn" not in new


def _model_vs_other_table(frame_json: str) -> None:
    """AppTest script: the Thôn có mô hình table as the security page draws it."""
    import pandas as pd

    from antt.indicators import table_frames
    from antt.ui.downloads import table_with_downloads

    frame = pd.read_json(__import__("io").StringIO(frame_json), orient="split")
    table_with_downloads(
        table_frames.vi_table(table_frames.model_vs_other(frame),
                           ["village_group", "population", "incidents_per_1000"]),
        "thon-mo-hinh", [("Kỳ", "Năm 2024")], key="mvo")


def test_missing_rate_shows_a_dash_on_screen_and_stays_empty_in_files(mini_store):
    """No village has a to_lien_gia model: that group has no people, so its rate is missing.
    On screen the cell shows '–' (st.dataframe would print 'None'); CSV/XLSX keep it empty
    while the other rates stay numbers."""
    import io

    import openpyxl
    from streamlit.testing.v1 import AppTest

    from antt.ui.downloads import csv_bytes, xlsx_bytes

    frame = q(mini_store, "incidents_model_vs_other",
              Filters(period_kind="year", year=2024, model_type="to_lien_gia"))
    assert frame["population"].tolist()[0] == 0
    assert frame["incidents_per_1000"].isna().tolist() == [True, False]

    at = AppTest.from_function(_model_vs_other_table, args=(frame.to_json(orient="split"),),
                               default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0]
    assert table.proto.placeholder == "–"
    shown = table.value
    # still numeric; the totals row (population 0 + N) has the recomputed-or-empty rate
    assert shown["Vụ việc / 1.000 dân"].isna().tolist()[:2] == [True, False]
    assert "None" not in shown.astype(str)["Nhóm thôn"].tolist()

    table_frame = table_frames.vi_table(table_frames.model_vs_other(frame),
                                     ["village_group", "incidents_per_1000"])
    lines = csv_bytes(table_frame).decode("utf-8-sig").splitlines()
    assert lines[1] == "Thôn có mô hình;"
    assert lines[2].startswith("Thôn khác;")
    assert float(lines[2].split(";")[1].replace(",", ".")) > 0
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table_frame, []))).active
    assert sheet["B2"].value is None
    assert isinstance(sheet["B3"].value, float)
