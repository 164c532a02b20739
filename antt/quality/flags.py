"""The data-quality flags of a data folder: the rules of data/rules.toml, unusual values, runs of
empty months and possible double entries, each with its record, the rule in words, its
importance and its follow-up state (antt/quality/marks.py). Computed in DuckDB
(queries/quality_*.sql) on the store; this only names and describes the rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from antt.data import report_rules
from antt.data.queries import run_query
from antt.data.schema import TABLES
from antt.data.store import Store
from antt.problems import Problem
from antt.quality.rules import RuleSet, load_rules, rule_words
from antt.text.fmt import number

HIGH = "cao"
IMPORTANCE_ORDER = {"cao": 0, "trung bình": 1, "thấp": 2}
# Follow-up states (the last event of a flag in quality_marks.csv; none: open).
OPEN, FOLLOWED, UNFOLLOWED, CONFIRMED = "mở", "theo dõi", "bỏ theo dõi", "xác nhận đúng"

COUNT_WORDS = {"outreach": "buổi tuyên truyền", "patrols": "cuộc tuần tra",
               "commitments": "lần ký cam kết", "mediations": "vụ hòa giải",
               "incidents": "vụ việc"}
SIZE_WORDS = {"outreach": "lượt người tham dự", "patrols": "lượt người tham gia",
              "commitments": "hộ ký"}
CHECK_NAMES = {
    "BAT-THUONG-SO-LAN": "Số lần trong kỳ bất thường so với 12 kỳ trước của thôn",
    "BAT-THUONG-QUY-MO": "Quy mô bản ghi bất thường so với các bản ghi 12 kỳ trước của thôn",
    "THIEU-BAO-CAO": "Có thể thiếu báo cáo: xã thường có số liệu nhưng nhiều kỳ liền trống",
    "TRUNG-LAP": "Có thể nhập trùng: giống hệt một bản ghi khác trừ mã bản ghi",
}
COLUMNS = ["flag", "check_id", "importance", "rule_text", "message", "table_name", "record_id",
           "records", "village_code", "village_name", "commune_code", "commune_name",
           "commune_code_2025", "commune_name_2025", "on_date", "period", "unit_code",
           "state", "mark_note", "mark_user", "mark_on"]


@dataclass(frozen=True)
class Flags:
    """Every flag of a folder (`frame`, COLUMNS) and the problems of its rules file."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...] = ()

    def open(self) -> pd.DataFrame:
        return self.frame[self.frame["state"] != CONFIRMED]

    def for_report(self, unit: str, period: str) -> pd.DataFrame:
        """The flags of a unit-period as approval sees them (every state)."""
        f = self.frame
        return f[(f["unit_code"] == unit) & (f["period"] == period)]

    def blocking(self, unit: str, period: str) -> pd.DataFrame:
        """The open high-importance flags that stop a unit-period's approval."""
        f = self.for_report(unit, period)
        return f[(f["importance"] == HIGH) & (f["state"] != CONFIRMED)]


def check(store: Store, rules: RuleSet | None = None) -> Flags:
    """All flags of the store's data, with their follow-up states."""
    rules = rules or load_rules(store.data_dir)
    parts = []
    if rules.rules:
        parts.append(run_query("quality_rules", store, **rules.params()))
    parts.append(run_query("quality_outliers", store, **rules.outlier_params()))
    parts.append(run_query("quality_missing_reports", store, **rules.missing_params()))
    duplicates = run_query("quality_duplicates", store)
    parts.append(duplicates.drop(columns=["first_record"]))
    raw = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    frame = describe(raw, rules, store, duplicates)
    return Flags(frame, rules.problems)


def describe(raw: pd.DataFrame, rules: RuleSet, store: Store,
             duplicates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The query rows with importance, the rule in words, the message, place names, the
    reporting unit of the period and the follow-up state."""
    if raw.empty:  # the same columns, a date column of dates (the page filters on it)
        return pd.DataFrame(columns=COLUMNS).astype({"on_date": "datetime64[ns]"})
    by_code = rules.by_code()
    first = ({} if duplicates is None
             else dict(zip(duplicates["record_id"], duplicates["first_record"])))
    out = raw.copy()
    # Python lists, not the frame's Arrow-backed columns: iterating those costs a call a cell
    checks = out["check_id"].tolist()
    texts = {c: f"{by_code[c].name} ({rule_words(by_code[c])})" if c in by_code
             else CHECK_NAMES[c] for c in set(checks)}
    out["importance"] = [_importance(c, by_code, rules) for c in checks]
    out["rule_text"] = [texts[c] for c in checks]
    out["message"] = [
        _message(c, t, rec, p, left, right, by_code, first)
        for c, t, rec, p, left, right in zip(
            checks, out["table_name"].tolist(), out["record_id"].tolist(),
            out["period"].tolist(), out["left_value"].tolist(), out["right_value"].tolist())]
    places = run_query("quality_places", store)
    out = out.merge(places[["village_code", "village_name"]], on="village_code", how="left")
    communes = run_query("quality_communes", store)
    out = out.merge(communes.drop(columns=["commune_code_2025"]), on="commune_code", how="left")
    out["village_name"] = out["village_name"].fillna("")
    periods = out["period"].tolist()
    sets = {p: report_rules.unit_set_of(p) for p in set(periods)}
    out["unit_code"] = [c24 if sets[p] == "2024" else c25
                        for c24, c25, p in zip(out["commune_code"].tolist(),
                                               out["commune_code_2025"].tolist(), periods)]
    marks = run_query("quality_marks", store)
    out = out.merge(marks.rename(columns={"status": "state", "note": "mark_note",
                                          "user": "mark_user", "done_on": "mark_on"}),
                    on="flag", how="left")
    out["state"] = out["state"].fillna(OPEN).replace({UNFOLLOWED: OPEN})
    for col in ("mark_note", "mark_user"):
        out[col] = out[col].fillna("")
    out = out.assign(_order=out["importance"].map(IMPORTANCE_ORDER))
    out = out.sort_values(["_order", "on_date", "record_id", "check_id"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def _importance(code: str, by_code: dict, rules: RuleSet) -> str:
    if code in by_code:
        return by_code[code].importance
    if code.startswith("BAT-THUONG"):
        return rules.outliers["muc_do"]
    if code == "THIEU-BAO-CAO":
        return rules.missing["muc_do"]
    return rules.duplicates["muc_do"]


def _message(check_id: str, table_name: str, record_id: str, period: str, left, right,
             by_code: dict, first: dict) -> str:
    if check_id in by_code:
        text = by_code[check_id].message
        try:
            return text.format(trai=_num(left), phai=_num(right))
        except (KeyError, IndexError, ValueError):
            return text  # a message with other braces: shown as written
    period = report_rules.period_label(period) if period else ""
    if check_id == "BAT-THUONG-SO-LAN":
        return (f"Thôn có {_num(left)} {COUNT_WORDS.get(table_name, 'bản ghi')} trong kỳ "
                f"{period}, trong khi trung bình 12 kỳ trước là {_num(right)}.")
    if check_id == "BAT-THUONG-QUY-MO":
        return (f"Bản ghi có {_num(left)} {SIZE_WORDS.get(table_name, '')}, gấp "
                f"{number(left / right, 1) if right else '—'} lần trung bình {_num(right)} "
                "mỗi bản ghi của thôn trong 12 kỳ trước.")
    if check_id == "THIEU-BAO-CAO":
        return (f"Không có bản ghi nào trong kỳ {period} ({_num(left)} kỳ liền trống), dù có "
                f"số liệu {_num(right)}/12 kỳ trước: có thể thiếu báo cáo.")
    table = TABLES[table_name].label if table_name in TABLES else table_name
    return (f"{table}: giống hệt bản ghi {first.get(record_id, '')} ở mọi cột trừ mã bản "
            "ghi: có thể nhập trùng.")


def _num(x) -> str:
    if x is None or pd.isna(x):
        return "—"
    x = float(x)
    return number(int(x)) if x.is_integer() else number(x, 2)
