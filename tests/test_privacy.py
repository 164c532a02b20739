"""Small-cell suppression (antt.privacy.suppress), the threshold setting and the access log:
real counts in, what a reader gets out, and the audit that no hidden count can be worked out."""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest

from antt.privacy import access_log
from antt.privacy.settings import DEFAULT_K, load_privacy
from antt.privacy.suppress import (
    HIDDEN,
    SHOWN,
    SMALL,
    for_reader,
    masked,
    opened_communes,
    recoverable,
    status_column,
    suppress,
)


def _rows(*cells: tuple[str, str, int, int], year: int = 2024, commune: str = "06370"
          ) -> pd.DataFrame:
    return pd.DataFrame([{"year": year, "commune_code": commune, "village_code": v,
                          "religion": r, "households": h, "people": p}
                         for v, r, h, p in cells])


def _status(result, value: str) -> list[str]:
    return list(result.frame[status_column(value)])


def test_small_counts_are_hidden_and_zeros_and_large_ones_stay():
    rows = _rows(("06370-01", "Tin lành", 12, 40), ("06370-02", "Tin lành", 0, 0),
                 ("06370-03", "Tin lành", 7, 30), ("06370-04", "Phật giáo", 20, 26))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SHOWN] * 4
    assert list(masked(result)["households"]) == [12, 0, 7, 20]
    assert recoverable(result.frame, 5) == []


def test_one_small_cell_in_a_group_takes_the_smallest_other_with_it():
    # Tin lành in 06370 in 2024: 4 + 12 + 7 = 23 households, which the notice prints.
    rows = _rows(("06370-01", "Tin lành", 4, 9), ("06370-02", "Tin lành", 12, 40),
                 ("06370-03", "Tin lành", 7, 30))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL, SHOWN, HIDDEN]
    shown = masked(result)
    assert list(shown["households"]) == ["< 5", 12, "ẩn"]
    assert list(shown["people"]) == [9, 40, 30]  # 9 is not small
    assert recoverable(result.frame, 5) == []


def test_two_small_cells_that_pin_each_other_get_a_third():
    # 1 + 1 hidden, total 2 more than the shown ones: both must be 1. Hiding the 9 too leaves
    # 11 for three cells, which 1+1+9, 2+1+8... all fit.
    rows = _rows(("06370-01", "Công giáo", 1, 6), ("06370-02", "Công giáo", 1, 6),
                 ("06370-03", "Công giáo", 9, 30), ("06370-04", "Công giáo", 15, 50))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL, SMALL, HIDDEN, SHOWN]
    assert recoverable(result.frame, 5) == []


def test_a_secondary_cell_of_exactly_k_is_pinned_and_a_third_is_hidden():
    # 1 small + the 5 hidden: 6 in all, the hidden one at least 5, so 1 and 5: pinned.
    rows = _rows(("06370-01", "Tin lành", 1, 5), ("06370-02", "Tin lành", 5, 20),
                 ("06370-03", "Tin lành", 30, 90))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL, HIDDEN, HIDDEN]
    assert recoverable(result.frame, 5) == []


def test_shown_people_bound_hidden_households():
    # The smallest other count (5 households) has 5 people shown: hidden, it would still be
    # 5 (at least 5, at most its 5 people), and the 3 would follow from the total. The 40 is
    # hidden instead.
    rows = _rows(("06370-01", "Tin lành", 3, 9), ("06370-02", "Tin lành", 5, 5),
                 ("06370-03", "Tin lành", 40, 120))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL, SHOWN, HIDDEN]
    only = suppress(rows.iloc[:2], 5)  # no other choice: the 5 goes with its people count
    assert _status(only, "households") == [SMALL, HIDDEN]
    # and then the 9 people, or the 5 people would follow from the total
    assert _status(only, "people") == [HIDDEN, HIDDEN]
    assert recoverable(only.frame, 5) == []
    assert recoverable(result.frame, 5) == []


def test_a_commune_with_one_small_village_cannot_be_protected_by_cells():
    rows = _rows(("06370-04", "Phật giáo", 4, 5))
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL]
    assert result.withheld == ((2024, "06370", "Phật giáo"),)
    assert recoverable(result.frame, 5) == [(0, "households")]


def test_the_district_total_takes_a_cell_of_another_commune():
    # Xã Trấn Yên's one Buddhist village has 4 households: its commune total is 4 (withheld by
    # the notice), but the district's 4 + 12 + 9 = 25 minus the shown 12 and 9 would give it.
    rows = pd.concat([_rows(("06370-04", "Phật giáo", 4, 5)),
                      _rows(("06349-01", "Phật giáo", 12, 30), ("06349-02", "Phật giáo", 9, 20),
                            commune="06349")], ignore_index=True)
    alone = suppress(rows, 5)
    assert _status(alone, "households") == [SMALL, SHOWN, SHOWN]
    result = for_reader(rows, 5, set())
    # the 9 goes, and with it the 12: Xã Hưng Vũ's own total would give the 9 back
    assert _status(result, "households") == [SMALL, HIDDEN, HIDDEN]
    assert recoverable(result.frame, 5, groups=("year", "religion")) == []
    assert recoverable(result.frame, 5) == [(0, "households")]  # its commune: withheld
    viewer = for_reader(rows, 5, {"06349"})  # Hưng Vũ's counts known: the 4 can't be covered
    assert _status(viewer, "households") == [SMALL, SHOWN, SHOWN]
    assert for_reader(rows, 5, None).frame[status_column("households")].eq(SHOWN).all()


def test_groups_are_separate_by_year_commune_and_religion():
    rows = pd.concat([
        _rows(("06370-01", "Tin lành", 3, 9), ("06370-02", "Tin lành", 8, 20)),
        _rows(("06370-01", "Tin lành", 9, 9), ("06370-02", "Tin lành", 8, 20), year=2025),
        _rows(("06349-01", "Tin lành", 9, 9), commune="06349"),
    ], ignore_index=True)
    result = suppress(rows, 5)
    assert _status(result, "households") == [SMALL, HIDDEN, SHOWN, SHOWN, SHOWN]


def test_open_rows_are_shown_as_they_are():
    rows = pd.concat([_rows(("06370-01", "Tin lành", 3, 4), ("06370-02", "Tin lành", 8, 20)),
                      _rows(("06349-01", "Tin lành", 2, 3), ("06349-02", "Tin lành", 9, 20),
                            commune="06349")], ignore_index=True)
    result = suppress(rows, 5, opened=rows["commune_code"] == "06370")
    shown = masked(result)
    assert list(shown["households"]) == [3, 8, "< 5", "ẩn"]
    assert list(shown["people"]) == [4, 20, "< 5", "ẩn"]


def test_the_threshold_is_a_setting(tmp_path):
    rows = _rows(("06370-01", "Tin lành", 7, 9), ("06370-02", "Tin lành", 12, 40),
                 ("06370-03", "Tin lành", 30, 90))
    assert list(masked(suppress(rows, 10))["households"]) == ["< 10", "ẩn", 30]
    assert load_privacy(tmp_path).k == DEFAULT_K == 5
    (tmp_path / "privacy.toml").write_text("[an_so_nho]\nnguong = 10\n", encoding="utf-8")
    assert load_privacy(tmp_path).k == 10
    (tmp_path / "privacy.toml").write_text("[an_so_nho]\nnguong = 1\n", encoding="utf-8")
    bad = load_privacy(tmp_path)
    assert bad.k == 5
    assert bad.problems == ("privacy.toml, [an_so_nho] nguong: “1” phải là số nguyên từ 2 "
                            "đến 100; dùng 5.",)


def test_the_bundled_setting_is_five(repo_data_dir=None):
    from antt import config
    assert load_privacy(config.REPO_DIR / "data") == load_privacy(config.REPO_DIR / "data")
    assert load_privacy(config.REPO_DIR / "data").k == 5


@pytest.mark.parametrize("seed", range(40))
def test_random_groups_never_leave_a_hidden_count_pinned(seed):
    """Random communes of 1–6 villages, counts 0–30 (many small): after suppression, no hidden
    count follows from the commune or district totals, except in groups `suppress` says to
    withhold."""
    rnd = random.Random(seed)
    cells = []
    for c, r in itertools.product(("06370", "06349"), ("Tin lành", "Công giáo")):
        for n in range(rnd.randint(1, 6)):
            h = rnd.choice([0, 1, 2, 3, 4, 5, 6, rnd.randint(0, 30)])
            cells.append({"year": 2024, "commune_code": c, "village_code": f"{c}-{n:02d}",
                          "religion": r, "households": h, "people": h + rnd.randint(0, 12)})
    rows = pd.DataFrame(cells)
    result = suppress(rows, 5, also=(("year", "religion"),))
    frame = result.frame
    for groups in (("year", "commune_code", "religion"), ("year", "religion")):
        left = [(i, v) for i, v in recoverable(frame, 5, groups=groups)
                if tuple(frame.loc[i, list(groups)]) not in result.withheld]
        assert left == []
    small = rows[["households", "people"]].isin([1, 2, 3, 4])
    shown = masked(result)[["households", "people"]]
    assert not shown[small].isin([1, 2, 3, 4]).any().any()
    assert (shown[rows[["households", "people"]] == 0] == 0).sum().sum() == \
        int((rows[["households", "people"]] == 0).sum().sum())


def test_opened_communes_follow_the_2025_codes():
    communes = pd.DataFrame({"commune_code": ["06349", "06370", "06325"],
                             "commune_code_2025": ["06349", "06349", "06325"]})
    assert opened_communes(None, communes) == set()
    assert opened_communes((), communes) is None
    assert opened_communes(("06349",), communes) == {"06349", "06370"}
    assert opened_communes(("06370",), communes) == {"06370"}


def test_access_log_lines_and_anonymous_counts(tmp_path):
    import datetime as dt

    from antt.text.fmt import TZ
    at = dt.datetime(2026, 12, 7, 9, 30, tzinfo=TZ)
    access_log.log_access(tmp_path, "lan", "xem", "Xã Hưng Vũ", "view", "Năm 2024", now=at)
    (tmp_path / access_log.LOG_NAME).open("a").write('{"torn')
    access_log.log_access(tmp_path, "hung", "sua", "mọi xã", "raw_csv", now=at)
    log = access_log.read_access_log(tmp_path)
    assert [(r["user"], r["what"], r["communes"]) for r in log] == [
        ("hung", "raw_csv", "mọi xã"), ("lan", "view", "Xã Hưng Vũ")]
    assert log[1]["at"] == "2026-12-07T09:30:00+07:00"
    access_log.count_anonymous(tmp_path, "view", dt.date(2026, 12, 7))
    access_log.count_anonymous(tmp_path, "view", dt.date(2026, 12, 7))
    access_log.count_anonymous(tmp_path, "csv", dt.date(2026, 12, 7))
    assert access_log.read_counts(tmp_path) == {"2026-12-07": {"csv": 1, "view": 2}}


def test_religion_counts_reach_the_pages_only_through_the_guarded_places():
    """Every query reading the religion table, and every module naming it: a new page or chart
    of religion counts must come through antt.privacy (add it here once it does)."""
    import re

    from antt import config
    repo = config.REPO_DIR
    readers = {p.stem for p in (repo / "queries").rglob("*.sql")
               if re.search(r"\b(from|join)\s+religion\b", p.read_text(encoding="utf-8"))}
    assert readers == {"data_rows_religion", "first_rows_religion", "religion_totals",
                       "religion_by_unit"}
    sources = [*repo.joinpath("antt").rglob("*.py"), *repo.joinpath("views").glob("*.py"),
               repo / "app.py"]
    users = {name: {str(p.relative_to(repo)) for p in sources
                    if f'"{name}"' in p.read_text(encoding="utf-8")} for name in readers}
    assert users == {
        "data_rows_religion": {"antt/indicators/data_rows.py",  # via antt.ui.religion_view
                               "antt/notice/religion_counts.py"},  # religions left out
        "first_rows_religion": {"antt/ui/data_editing.py"},  # the stored count; editors' tab
        "religion_totals": {"antt/notice/religion_counts.py",  # the notice: per reader
                            "antt/data/summary.py"},  # `python -m antt check`, district totals
        "religion_by_unit": {"antt/notice/religion_counts.py"},  # small in some commune
    }


def test_a_commune_of_two_villages_of_four_is_left_out_of_commune_notices():
    """4 + 4 = 8 households: the commune's 8 is not small, but with it both “< 5” are 4."""
    from antt.notice.religion_counts import religion_texts, small_religions, withheld_religions

    villages = _rows(("06370-04", "Phật giáo", 4, 9), ("06370-05", "Phật giáo", 4, 9),
                     ("06370-06", "Tin lành", 30, 90))
    by_unit = pd.DataFrame({"religion": ["Phật giáo", "Tin lành"], "households": [8, 30],
                            "people": [18, 90]})
    assert small_religions([by_unit], 5) == set()
    assert withheld_religions(villages, 5) == {"Phật giáo"}
    total = pd.Series({"households": 38, "people": 108})
    texts = religion_texts(by_unit, total, 5, {"Phật giáo"})
    assert texts == {"ton_giao_tong": "số hộ, nhân khẩu không nêu",
                     "ton_giao_chi_tiet": "Phật giáo (số hộ không nêu, số nhân khẩu không nêu) "
                                          "và Tin lành (30 hộ, 90 nhân khẩu)"}
    assert religion_texts(by_unit, total, None)["ton_giao_tong"] == "38 hộ/108 nhân khẩu"
    district = religion_texts(by_unit.assign(households=[3, 30]), total, 5)
    assert district["ton_giao_chi_tiet"] == ("Phật giáo (dưới 5 hộ, 18 nhân khẩu) và Tin lành "
                                             "(số hộ không nêu, 90 nhân khẩu)")
