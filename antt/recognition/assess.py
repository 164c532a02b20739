"""The assessment of a year: every thôn and xã, each criterion of data/recognition.toml met, not
met or not yet entered, with the reason and the records behind it, and the unit's result.

A unit is "Đạt" only when every criterion is met; one criterion not met makes it "Không đạt";
otherwise a criterion not yet entered (or not decidable) makes it "Chưa đủ thông tin", never
"Đạt". Data-derived results are proposals for the committee, which decides (TT 124 Điều 9–10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from antt.data.queries import run_query
from antt.data.store import get_store
from antt.recognition.rules import Criterion, Level, Rules, Window, load_rules, unit_set_of
from antt.text.fmt import date_short, percent, vi_sort_key

MET, NOT_MET, MISSING = "Đạt", "Không đạt", "Chưa nhập"
PASSED, FAILED, INCOMPLETE = "Đạt", "Không đạt", "Chưa đủ thông tin"
RESULTS = (PASSED, FAILED, INCOMPLETE)


@dataclass
class Check:
    level: Level
    unit_code: str
    criterion: Criterion
    status: str
    reason: str
    records: list[str] = field(default_factory=list)  # record ids behind the reason
    document: str = ""  # an entered criterion's document and note, as entered
    note: str = ""


@dataclass
class Unit:
    level: Level
    code: str
    name: str
    commune_code: str
    commune_name: str
    checks: list[Check] = field(default_factory=list)

    @property
    def result(self) -> str:
        statuses = [c.status for c in self.checks]
        if NOT_MET in statuses:
            return FAILED
        if MISSING in statuses or not statuses:
            return INCOMPLETE
        return PASSED

    @property
    def first_reason(self) -> str:
        """The first criterion not met, else the first missing one (as on the command line)."""
        for status in (NOT_MET, MISSING):
            for check in self.checks:
                if check.status == status:
                    return f"{check.criterion.citation}: {check.reason}"
        return ""


@dataclass
class Assessment:
    year: int
    unit_set: str
    windows: dict[str, Window]
    villages: list[Unit]
    communes: list[Unit]
    rules: Rules
    area: dict[str, str] = field(default_factory=dict)  # district_name, province_name

    def villages_of(self, commune_code: str) -> list[Unit]:
        return [v for v in self.villages if v.commune_code == commune_code]

    def summary(self) -> pd.DataFrame:
        """One row per commune: its villages by result and the commune's own result."""
        rows = []
        for commune in self.communes:
            results = [v.result for v in self.villages_of(commune.code)]
            rows.append({
                "Mã xã": commune.code, "Xã": commune.name, "Số thôn": len(results),
                "Thôn đạt": results.count(PASSED), "Thôn không đạt": results.count(FAILED),
                "Thôn chưa đủ thông tin": results.count(INCOMPLETE),
                "Kết quả của xã": commune.result,
            })
        return pd.DataFrame(rows)


def _entry_check(level: Level, code: str, crit: Criterion, entries: dict) -> Check:
    row = entries.get((code, crit.id))
    if row is None:
        return Check(level, code, crit, MISSING, "chưa nhập")
    document, note = (v if isinstance(v, str) else "" for v in (row["document"], row["note"]))
    doc = f" ({document})" if document else ""
    said_note = f"; {note}" if note else ""
    said = "đạt" if row["met"] else "không đạt"
    text = (f"Ban Chỉ đạo nhập {said}{doc}{said_note}, {row['user']} ngày "
            f"{date_short(row['entered_on'])}")
    return Check(level, code, crit, MET if row["met"] else NOT_MET, text, document=document,
                 note=note)


def _incident_check(level: Level, code: str, crit: Criterion, incidents: dict[str, list],
                    window: Window) -> Check:
    # incidents: the window's rows grouped by the unit of this level (village or commune)
    hits = [r for r in incidents.get(code, []) if r["field"] in crit.rule["fields"]]
    span = f"{date_short(window.start)}–{date_short(window.end)}"
    if not hits:
        return Check(level, code, crit, MET, f"không có vụ việc nào từ {span}")
    parts = [f"{r['record_id']} ngày {date_short(r['occurred_on'])} ({r['field_label']}, "
             f"{r['category_label']}, tại {r['village_name']})" for r in hits]
    return Check(level, code, crit, NOT_MET, "vụ việc " + "; ".join(parts),
                 [r["record_id"] for r in hits])


def _model_check(code: str, crit: Criterion, models: pd.DataFrame) -> Check:
    need = int(crit.rule.get("so_thang", 0))
    whole = bool(crit.rule.get("ca_nam", False))
    mine = models[models["unit_code"] == code]
    good = mine[(mine["active_months"] >= need) & (mine["whole_window"] | (not whole))]
    def said(r) -> str:
        span = "" if r.whole_window or not whole else ", chưa hoạt động cả năm"
        months = f": {r.month_list}" if r.month_list else ""
        return f"{r.model_id} {r.model_name} ({r.active_months} tháng có hoạt động{months}{span})"
    if len(good) >= int(crit.rule.get("min_count", 1)):
        return Check("xa", code, crit, MET, "; ".join(said(r) for r in good.itertuples()),
                     list(good["model_id"]))
    if mine.empty:
        return Check("xa", code, crit, NOT_MET, "không có mô hình nào hoạt động trong năm")
    return Check("xa", code, crit, NOT_MET,
                 f"không mô hình nào đủ {need} tháng có hoạt động"
                 f"{' và hoạt động cả năm' if whole else ''}: "
                 + "; ".join(said(r) for r in mine.itertuples()), list(mine["model_id"]))


def _share_check(commune: Unit, crit: Criterion, villages: list[Unit]) -> Check:
    total = len(villages)
    reg_id = crit.rule.get("registration", "")
    regs = [next((c.status for c in v.checks if c.criterion.id == reg_id), MISSING)
            for v in villages]
    results = [v.result for v in villages]
    passed, open_ = results.count(PASSED), results.count(INCOMPLETE)
    reg_min, rec_min = float(crit.rule.get("registered_min", 1)), float(crit.rule["recognised_min"])
    text = (f"{regs.count(MET)}/{total} thôn đăng ký; {passed}/{total} thôn đạt "
            f"({percent(passed / total if total else 0)}, cần từ {percent(rec_min, 0)})")
    if total == 0:
        return Check("xa", commune.code, crit, MISSING, "xã không có thôn nào")
    can_register = (regs.count(MET) + regs.count(MISSING)) / total
    if can_register < reg_min or (passed + open_) / total < rec_min:
        return Check("xa", commune.code, crit, NOT_MET, text)
    if regs.count(MET) / total >= reg_min and passed / total >= rec_min:
        return Check("xa", commune.code, crit, MET, text)
    return Check("xa", commune.code, crit, MISSING, text + "; còn thôn chưa đủ thông tin")


def assess(year: int, data_dir: Path | None = None, communes: tuple[str, ...] = (),
           rules: Rules | None = None) -> Assessment:
    """The assessment of `year` for the communes of its unit set (all when empty)."""
    store = get_store(data_dir)
    rules = rules or load_rules(store.data_dir)
    unit_set = unit_set_of(year)
    windows = {lvl: rules.window(lvl, year) for lvl in ("thon", "xa")}
    villages = run_query("recognition_villages", store, communes=list(communes),
                         unit_set=unit_set)
    entries = {(r["unit_code"], r["criterion"]): r
               for r in run_query("recognition_entries", store, year=year).to_dict("records")}
    fields = sorted({f for c in rules.criteria if c.rule.get("kind") == "no_incident"
                     for f in c.rule["fields"]})
    incidents = {lvl: _incidents(store, fields, windows[lvl], unit_set, lvl) for lvl in windows}
    models = run_query("recognition_models", store, date_from=windows["xa"].start,
                       date_to=windows["xa"].end, unit_set=unit_set)
    village_units = []
    for r in villages.itertuples():
        unit = Unit("thon", r.village_code, r.village_name, r.unit_code, r.unit_name)
        for crit in rules.of_level("thon"):
            unit.checks.append(_check("thon", r.village_code, crit, entries, incidents, models,
                                      windows))
        village_units.append(unit)
    commune_units = []
    for code, name in villages[["unit_code", "unit_name"]].drop_duplicates().itertuples(
            index=False):
        unit = Unit("xa", code, name, code, name)
        mine = [v for v in village_units if v.commune_code == code]
        for crit in rules.of_level("xa"):
            if crit.rule.get("kind") == "share_recognised":
                unit.checks.append(_share_check(unit, crit, mine))
            else:
                unit.checks.append(_check("xa", code, crit, entries, incidents, models, windows))
        commune_units.append(unit)
    commune_units.sort(key=lambda u: vi_sort_key(u.name))
    area = ({k: str(villages[k].iloc[0]) for k in ("district_name", "province_name")}
            if len(villages) else {})
    return Assessment(year, unit_set, windows, village_units, commune_units, rules, area)


def _incidents(store, fields: list[str], window: Window, unit_set: str, level: Level
               ) -> dict[str, list]:
    """The window's incidents of the fields, grouped by village (thôn) or commune (xã)."""
    frame = run_query("recognition_incidents", store, fields=fields, date_from=window.start,
                      date_to=window.end, unit_set=unit_set)
    key = "village_code" if level == "thon" else "unit_code"
    out: dict[str, list] = {}
    for row in frame.to_dict("records"):
        out.setdefault(row[key], []).append(row)
    return out


def _check(level: Level, code: str, crit: Criterion, entries: dict,
           incidents: dict[str, dict[str, list]], models: pd.DataFrame,
           windows: dict[str, Window]) -> Check:
    if crit.entered:
        return _entry_check(level, code, crit, entries)
    kind = crit.rule["kind"]
    if kind == "no_incident":
        return _incident_check(level, code, crit, incidents[level], windows[level])
    if kind == "effective_model":
        return _model_check(code, crit, models)
    return Check(level, code, crit, MISSING, f"quy tắc “{kind}” không áp dụng cho cấp này")


def days_left(on: dt.date, today: dt.date) -> str:
    """'còn 12 ngày', 'hôm nay', 'đã quá 3 ngày'."""
    n = (on - today).days
    if n > 0:
        return f"còn {n} ngày"
    return "hôm nay" if n == 0 else f"đã quá {-n} ngày"
