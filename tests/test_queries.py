"""Queries on the small hand-computed fixture (tests/fixtures/mini): exact rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from antt.data.queries import query_names, query_params, run_query
from antt.quality.rules import load_rules

Y2024 = dict(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
PREV = dict(prev_from=dt.date(2023, 1, 1), prev_to=dt.date(2023, 12, 31))
ALL = dict(communes=[], unit_set="2024", model_type="")


def test_kpis_all_rows_current_and_previous_year(mini_store):
    df = run_query("kpis", store=mini_store, **ALL, **Y2024, **PREV).set_index("period")
    cur, prev = df.loc["current"], df.loc["previous"]
    # 2024: outreach T2 70 + T3 120 + T4 30 + T5 40; patrols P1 10 + P2 8 + P3 5
    assert (cur.outreach_sessions, cur.outreach_attendees) == (4, 260)
    assert (cur.patrols, cur.patrol_participants) == (3, 23)
    assert (cur.commitments, cur.commitment_households) == (2, 90)
    assert (cur.mediations, cur.mediations_successful) == (3, 2)
    assert cur.incidents == 2  # I2, I3
    assert cur.active_models == 2  # M1 and M3 on 31/12/2024; M2 ended 30/06/2023
    assert (prev.outreach_sessions, prev.outreach_attendees, prev.patrols) == (1, 50, 1)
    assert prev.incidents == 1 and prev.active_models == 1


def test_kpis_model_type_counts_model_rows_and_covered_incidents(mini_store):
    params = dict(ALL, model_type="nhom_dao_binh_an")
    df = run_query("kpis", store=mini_store, **params, **Y2024, **PREV).set_index("period")
    cur, prev = df.loc["current"], df.loc["previous"]
    assert (cur.outreach_sessions, cur.outreach_attendees) == (2, 110)  # T2 (M1), T5 (M3)
    assert (cur.patrols, cur.patrol_participants) == (2, 18)
    assert cur.commitment_households == 60
    assert cur.incidents == 0  # I2, I3 are in villages without such a model
    assert prev.incidents == 1  # I4 in Bình An while M1 was active


def test_kpis_scope_2025_unit_joins_through_mapping_not_code(mini_store):
    # 2025 unit 00002 = old 00001 + 00002; old 00003 became 00005 (code reuse is not a join)
    df = run_query(
        "kpis", store=mini_store, communes=["00002"], unit_set="2025", model_type="",
        **Y2024, **PREV,
    ).set_index("period")
    assert df.loc["current", "outreach_sessions"] == 2  # T2, T3
    old = run_query(
        "kpis", store=mini_store, communes=["00002"], unit_set="2024", model_type="",
        **Y2024, **PREV,
    ).set_index("period")
    assert old.loc["current", "outreach_sessions"] == 1  # T2 only


def test_activities_by_month(mini_store):
    df = run_query("activities_by_month", store=mini_store, **ALL, **Y2024)
    feb = df[df.month == "2024-02-01"].iloc[0]
    assert (feb.outreach_sessions, feb.patrols, feb.patrol_participants) == (1, 2, 18)
    assert df.month.dt.month.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 12]
    assert df.incidents.sum() == 2


def test_activities_by_unit_lists_units_in_vietnamese_order(mini_store):
    df = run_query("activities_by_unit", store=mini_store, **ALL, **Y2024)
    assert df.unit_name.tolist() == ["Thị trấn An", "Xã Bình", "Xã Đồng Ý"]
    assert df.set_index("unit_code").loc["00002", "patrol_participants"] == 23
    df25 = run_query("activities_by_unit", store=mini_store, **dict(ALL, unit_set="2025"), **Y2024)
    assert df25.set_index("unit_code")["population"].to_dict() == {"00005": 390, "00002": 910}


def test_activities_by_village_orders_repeated_names_by_commune(mini_store):
    df = run_query("activities_by_village", store=mini_store, **ALL, **Y2024)
    assert list(zip(df.unit_name, df.village_name)) == [
        ("Thị trấn An", "Phố Một"),
        ("Xã Bình", "Bình An"),
        ("Xã Bình", "Nà Lầu"),
        ("Xã Đồng Ý", "Ân Phú"),
        ("Xã Đồng Ý", "Nà Lầu"),
    ]
    binh_an = df.set_index("village_code").loc["00002-02"]
    assert (binh_an.active_models, binh_an.outreach_attendees, binh_an.mediations) == (1, 70, 2)
    assert df.set_index("village_code").loc["00003-01", "ended_models"] == 1


def test_model_registry_totals_since_establishment(mini_store):
    df = run_query(
        "model_registry", store=mini_store, communes=[], unit_set="2025",
        date_to=dt.date(2024, 12, 31), model_type="",
    ).set_index("model_id")
    assert df.loc["M1", ["outreach_sessions", "outreach_attendees", "patrols"]].tolist() == [
        2, 120, 3,
    ]
    assert bool(df.loc["M2", "active"]) is False
    assert df.loc["M3", "unit_name"] == "Xã Mới Hai"
    assert df.loc["M1", "model_type_label"].startswith("Nhóm đạo bình an")


def test_religion_queries(mini_store):
    totals = run_query("religion_totals", store=mini_store, communes=[], unit_set="2024", year=2024)
    assert totals.to_dict("records")[-1] == {
        "religion": "Tổng", "households": 25, "people": 107, "is_total": True,
    }
    by_unit = run_query(
        "religion_by_unit", store=mini_store, communes=[], unit_set="2024", year=2024
    )
    assert by_unit[["unit_code", "religion", "people"]].values.tolist() == [
        ["00002", "Tin lành", 90],
        ["00003", "Công giáo", 17],
    ]


def test_incidents_model_vs_other_per_1000(mini_store):
    df = run_query("incidents_model_vs_other", store=mini_store, **ALL, **Y2024)
    rows = df.set_index("village_group")
    assert rows.loc["model", "villages"] == 2 and rows.loc["model", "incidents"] == 0
    assert rows.loc["other", "population"] == 760
    assert rows.loc["other", "incidents_per_1000"] == pytest.approx(2000 / 760)


def test_unit_summary_counts_units_of_each_set(mini_store):
    s24 = run_query("unit_summary", store=mini_store, communes=[], unit_set="2024").iloc[0]
    assert (s24.communes_xa, s24.communes_thi_tran, s24.villages, s24.population) == (2, 1, 5, 1300)
    assert (s24.villages_thon, s24.villages_khoi_pho) == (4, 1)
    assert s24.area_km2 == pytest.approx(150.75)
    s25 = run_query("unit_summary", store=mini_store, communes=["00005"], unit_set="2025").iloc[0]
    assert (s25.units, s25.villages, s25.population, s25.area_km2) == (1, 2, 390, 50.25)


def test_latest_record_date(mini_store):
    assert run_query("latest_record_date", store=mini_store).latest_on[0].date() == dt.date(
        2024, 12, 1
    )


def test_commune_name_with_quotes_is_data_not_sql(mini_dir):
    import pandas as pd

    from antt.data.store import Store

    path = mini_dir / "communes.csv"
    evil = "Xã O'Brien\"; drop table villages; --"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame.commune_code == "00002", "commune_name"] = evil
    frame.to_csv(path, index=False)
    store = Store(mini_dir)
    assert store.refresh(), store.problems
    units = run_query("units", store=store, unit_set="2024")
    assert evil in units.unit_name.tolist()
    # a hostile value passed as a parameter is only compared, never executed
    df = run_query(
        "kpis", store=store, communes=["00002'); drop table villages; --"], unit_set="2024",
        model_type="' or 1=1 --", **Y2024, **PREV,
    )
    assert df.outreach_sessions.tolist() == [0, 0]
    assert len(run_query("units", store=store, unit_set="2024")) == 3


def test_every_query_file_is_used_by_a_test_or_module():
    """Every .sql file is called somewhere (an unused query is dead code)."""
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    sources = "".join(
        p.read_text(encoding="utf-8")
        for folder in ("antt", "views", "tests")
        for p in (repo / folder).rglob("*.py")
    )
    unused = [n for n in query_names() if f'"{n}"' not in sources]
    assert unused == []


def test_query_params_are_parsed_from_sql():
    assert query_params("units") == {"unit_set"}
    assert {"communes", "unit_set", "date_from", "date_to", "prev_from", "prev_to",
            "model_type"} == set(query_params("kpis"))


def test_vocab_labels_in_file_order(mini_store):
    df = run_query("vocab_labels", store=mini_store, table="mediations", column="outcome")
    assert df.to_dict("records") == [
        {"value": "thành", "label": "Thành"},
        {"value": "không thành", "label": "Không thành"},
    ]


def test_incident_breakdowns_agree_with_kpis_under_a_model_type(mini_store):
    """Every breakdown counts an incident under a model type when that type's model was active
    in the incident's own village that day (incident_rows.model_types, built at load)."""
    params = dict(ALL, model_type="nhom_dao_binh_an", date_from=dt.date(2020, 1, 1),
                  date_to=dt.date(2024, 12, 31))
    kpis = run_query("kpis", store=mini_store, **params, **PREV)
    by_month = run_query("activities_by_month", store=mini_store, **params)
    by_village = run_query("activities_by_village", store=mini_store, **params)
    by_unit = run_query("activities_by_unit", store=mini_store, **params)
    assert kpis.incidents[0] == 1  # I4: Bình An, 2023-03-01, while M1 was active
    assert by_month.incidents.sum() == by_village.incidents.sum() == by_unit.incidents.sum() == 1
    assert by_village.set_index("village_code").loc["00002-02", "incidents"] == 1


def test_incident_counts_under_a_model_type_follow_the_model_dates(mini_store):
    """M2 (tổ tự quản, Nà Lầu 00003-01) ran 2021-01-01..2023-06-30; I3 there is 2024-04-01."""
    span = dict(date_from=dt.date(2020, 1, 1), date_to=dt.date(2024, 12, 31))
    for model_type, expected in (("to_tu_quan", 0), ("nhom_dao_binh_an", 1), ("", 4)):
        params = dict(ALL, model_type=model_type, **span)
        assert run_query("activities_by_month", store=mini_store, **params).incidents.sum() \
            == expected, model_type
    ended = dict(ALL, model_type="to_tu_quan", date_from=dt.date(2024, 1, 1),
                 date_to=dt.date(2024, 12, 31))
    assert run_query("incidents_by_category", store=mini_store, **ended).empty


EVERY_PARAM = dict(
    ALL, **PREV, date_from=dt.date(2020, 1, 1), date_to=dt.date(2024, 12, 31), year=2024,
    on_date=dt.date(2024, 12, 31), model_id="M1", table="outreach", column="topic",
    activity="outreach", row_limit=None, fields=["an_ninh_chinh_tri", "ton_giao"],
)
_RULES = load_rules(Path(__file__).resolve().parent.parent / "data")  # the quality checks'
EVERY_PARAM |= _RULES.params() | _RULES.outlier_params() | _RULES.missing_params()


def test_every_query_returns_plain_column_types(mini_store):
    """Results come through Arrow: a HUGEINT sum would arrive as Python Decimals and a date
    as Python objects. Every column must be a number, text, bool or datetime64 column."""
    import decimal

    odd = {}
    for name in query_names():
        df = run_query(name, store=mini_store, **{k: EVERY_PARAM[k] for k in query_params(name)})
        for column in df.columns:
            values = df[column].dropna()
            if any(isinstance(v, (decimal.Decimal, dt.date)) and not isinstance(v, dt.datetime)
                   for v in values):
                odd[name] = column
    assert odd == {}
