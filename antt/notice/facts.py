"""The notice's live facts: every `so_lieu` placeholder value, computed from queries/ for a
scope (unit set + communes), a model type and a period, formatted the way the reference notice
writes them ("17 xã, 01 thị trấn", "710 hộ/2.840 nhân khẩu"), plus the unit profile values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from antt.data.queries import run_query
from antt.data.store import Store
from antt.notice.appendix_table import appendix_table
from antt.notice.dates import CITED_KEYS, stale_basis, with_blanks
from antt.notice.issuer import (
    ISSUERS,
    chain_values,
    other_set_note,
    police_district_gone,
    police_gone_message,
    report_recipient,
    unit_set_on,
    wrong_set_message,
)
from antt.notice.model import Appendix, NoticeError
from antt.notice.profile import Profile, load_profile
from antt.notice.religion_counts import religion_values
from antt.notice.sentences import (  # noqa: F401 - count_text... are used from facts too
    commitments_text,
    count_text,
    in_sentence,
    incident_sentences,
    join_and,
    laws_text,
    lower_first,
    strip_kind,
)
from antt.notice.template import TemplateError, fill_template, placeholder_docs
from antt.text.fmt import date_short, nfc, number

DEFAULT_MODEL_TYPE = "nhom_dao_binh_an"
UNIT_SET_LABELS = {"2024": "trước 01/7/2025", "2025": "từ 01/7/2025"}
# Facts this module adds beyond the template's placeholder list (name -> description).
EXTRA_DOCS = {
    "tu_ngay": "Ngày bắt đầu kỳ số liệu (ngày thành lập mô hình đầu tiên, nếu không chọn).",
    "den_ngay": "Ngày cuối kỳ số liệu (ngày báo cáo).",
}
# Facts derived from the data although template_vi.toml lists them as profile values.
DATA_NAMES = ("ten_don_vi", "cap_don_vi", "don_vi", "tinh", "ten_mo_hinh", "ten_mo_hinh_day_du")


class EmptyPeriodError(NoticeError):
    """The period ends before the first model of the type was set up in the scope."""


@dataclass(frozen=True)
class Scope:
    """What a notice reports on: units, model type and period (date_from None = from the
    first establishment of such a model in the units). `issuer`: the unit's Ban Chỉ đạo 138
    ("bcd") or its police ("cong_an"); it changes the words, never the figures."""

    date_to: dt.date
    unit_set: str = "2024"
    communes: tuple[str, ...] = ()
    model_type: str = DEFAULT_MODEL_TYPE
    date_from: dt.date | None = None
    issuer: str = "bcd"

    def params(self, date_from: dt.date | None = None) -> dict[str, Any]:
        return {"communes": list(self.communes), "unit_set": self.unit_set,
                "model_type": self.model_type, "date_from": date_from or self.date_from,
                "date_to": self.date_to}


@dataclass(frozen=True)
class Unit:
    level: str  # "huyen" | "xa"
    code: str | None  # the commune's unit code at level xa
    kind: str  # "huyện" | "xã" | "thị trấn"
    name: str  # without the kind: "Bắc Sơn", "Vũ Lễ"
    province: str  # without "Tỉnh": "Lạng Sơn"
    district: str = ""  # a xã of 2024: its huyện, without "Huyện"

    @property
    def full(self) -> str:
        """'huyện Bắc Sơn', 'xã Vũ Lễ' (inside a sentence)."""
        return f"{self.kind} {self.name}"


@dataclass
class Facts:
    scope: Scope
    unit: Unit
    date_from: dt.date
    values: dict[str, str]
    sources: dict[str, str]  # name -> "so_lieu" | "ho_so"
    appendix: Appendix
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, str]]:
        """The figures panel: one row per fact, live figures first, in template order."""
        docs = {k: v.get("mo_ta", "") for k, v in placeholder_docs().items()} | EXTRA_DOCS
        order = list(docs) + [k for k in self.values if k not in docs]
        out = []
        for name in order:
            if name in self.values:
                source = self.sources.get(name, "ho_so")
                out.append({"name": name, "placeholder": "{" + name + "}",
                            "source": "Số liệu" if source == "so_lieu" else "Hồ sơ đơn vị",
                            "value": self.values[name], "description": docs.get(name, "")})
        return sorted(out, key=lambda r: r["source"] != "Số liệu")


# ---------------------------------------------------------------- scope and unit


def _q(name: str, store: Store, **params) -> pd.DataFrame:
    return run_query(name, store=store, **params)


def model_type_labels(store: Store) -> dict[str, str]:
    vocab = _q("vocab_labels", store, table="models", column="model_type")
    return dict(zip(vocab["value"], vocab["label"], strict=True))


def unit_names(store: Store, unit_set: str) -> dict[str, str]:
    units = _q("units", store, unit_set=unit_set)
    return dict(zip(units["unit_code"], units["unit_name"], strict=True))


def scope_errors(scope: Scope, store: Store, today: dt.date,
                 profile: Profile | None = None) -> list[str]:
    """Vietnamese messages for a scope that cannot give a notice; [] when it can. Several or
    no xã of 2025 make a tỉnh's notice, when the profile has a [tinh] section."""
    errors: list[str] = []
    if scope.unit_set not in UNIT_SET_LABELS:
        return [f"Bộ đơn vị “{scope.unit_set}” không hợp lệ (chỉ dùng 2024 hoặc 2025)."]
    if scope.issuer not in ISSUERS:
        return [f"Cơ quan ban hành “{scope.issuer}” không hợp lệ (chỉ dùng bcd hoặc cong_an)."]
    known = unit_names(store, scope.unit_set)
    unknown = [c for c in scope.communes if c not in known]
    if unknown:
        errors.append(f"Mã xã không có trong bộ đơn vị {scope.unit_set}: {', '.join(unknown)}."
                      + other_set_note(unknown, scope.unit_set,
                                       {s: unit_names(store, s) for s in UNIT_SET_LABELS},
                                       successors(store)))
    elif scope.unit_set != unit_set_on(scope.date_to):
        # a unit that no longer (or not yet) existed on the data's last day issues nothing
        errors.append(wrong_set_message(
            scope.unit_set, scope.communes, scope.date_to,
            {s: unit_names(store, s) for s in UNIT_SET_LABELS}, successors(store),
            _district_name(scope, store), scope.issuer))
        return errors
    if scope.issuer == "cong_an" and police_district_gone(
            "huyen" if not scope.communes else "xa", scope.unit_set, scope.date_to):
        return errors + [police_gone_message(scope.date_to, _district_name(scope, store),
                                             unit_names(store, "2024"))]
    if scope.unit_set == "2025" and len(scope.communes) != 1:
        try:
            province = (profile or load_profile(store.data_dir)).province_issuer
        except NoticeError as exc:
            return errors + exc.messages
        if not province:
            errors.append(
                "Với các xã mới (từ 01/7/2025) thông báo lập cho từng xã: hãy chọn đúng một xã "
                f"(đang chọn {len(scope.communes) or 'tất cả'} xã). Thông báo của cả tỉnh cần "
                "mục [tinh] trong hồ sơ đơn vị (dữ liệu của cả tỉnh)."
            )
    labels = model_type_labels(store)
    if scope.model_type not in labels:
        errors.append(f"Loại mô hình “{scope.model_type}” không có trong danh mục "
                      f"(có: {', '.join(labels)}).")
    if scope.date_to > today:
        errors.append(f"Ngày số liệu đến {date_short(scope.date_to)} ở sau hôm nay "
                      f"({date_short(today)}).")
    if scope.date_from is not None and scope.date_from > scope.date_to:
        errors.append(f"Ngày bắt đầu {date_short(scope.date_from)} ở sau ngày số liệu đến "
                      f"{date_short(scope.date_to)}.")
    return errors


def successors(store: Store) -> dict[str, str]:
    """2024 unit code -> the 2025 commune it became part of."""
    pairs = _q("unit_mapping", store)
    return {r.commune_code: r.commune_code_2025 for r in pairs.itertuples()
            if isinstance(r.commune_code_2025, str)}


def _district_name(scope: Scope, store: Store) -> str:
    """'Huyện Bắc Sơn': the huyện of the 2024 units in scope (for the 2025 units: of all the
    data, whose huyện could issue instead)."""
    communes = list(scope.communes) if scope.unit_set == "2024" else []
    summary = _q("unit_summary", store, communes=communes, unit_set="2024").iloc[0]
    return str(summary["district_names"] or "")


def resolve_unit(scope: Scope, store: Store, profile: Profile | None = None) -> Unit:
    """The issuing unit: the one commune, else the district (2024) or the province (2025,
    when the profile speaks for one)."""
    summary = _q("unit_summary", store, **scope.params()).iloc[0]
    province = strip_kind(str(summary["province_names"] or "").split(", ")[0], "tỉnh")
    if len(scope.communes) == 1:
        units = _q("units", store, unit_set=scope.unit_set)
        row = units[units["unit_code"] == scope.communes[0]].iloc[0]
        kind = str(row["unit_kind"]).lower()
        district = str(summary["district_names"] or "").split(", ")[0] \
            if scope.unit_set == "2024" else ""
        return Unit("xa", scope.communes[0], kind, strip_kind(row["unit_name"], kind), province,
                    strip_kind(district, "huyện"))
    if scope.unit_set == "2025":
        if profile is not None and profile.province_issuer:
            return Unit("tinh", None, "tỉnh", province, province)
        raise NoticeError(["Với các xã mới (từ 01/7/2025) hãy chọn đúng một xã."])
    district = str(summary["district_names"] or "").split(", ")[0]
    return Unit("huyen", None, "huyện", strip_kind(district, "huyện"), province)


def first_established(scope: Scope, store: Store) -> dt.date | None:
    """When the first model of the type was set up in the scope (None: never)."""
    value = _q("notice_first_established", store, **scope.params())["first_on"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def busiest_commune(store: Store, unit_set: str, model_type: str, on_date: dt.date) -> str | None:
    """The unit with the most active models of the type on a day (the page's default pick)."""
    names = unit_names(store, unit_set)
    active = _q("models_active_on", store, communes=[], unit_set=unit_set, on_date=on_date,
                model_type=model_type)
    if active.empty:
        return next(iter(names), None)
    column = "commune_name_2025" if unit_set == "2025" else "commune_name"
    by_name = {name: code for code, name in names.items()}
    counts = active[column].value_counts()
    best = max(counts.index, key=lambda n: (counts[n], -list(by_name).index(n)))
    return by_name.get(best)


# ---------------------------------------------------------------- figures

# Figures the narrative states as done ("tổ chức tuần tra … được {n} cuộc"): at zero (a new
# commune's first notice) the sentence is true but reads oddly, so the clerk is told.
ZERO_FIGURES = (("outreach_sessions", "buổi tuyên truyền"), ("patrols", "cuộc tuần tra"),
                ("commitment_households", "lượt hộ ký cam kết"), ("mediations", "vụ hòa giải"))


def _models(scope: Scope, unit: Unit, store: Store, warnings: list[str]) -> dict[str, str]:
    active = _q("models_active_on", store, on_date=scope.date_to, **scope.params())
    places = []
    for r in active.itertuples():
        village = f"{r.village_kind} {r.village_name}"
        commune = r.commune_name_2025 if scope.unit_set == "2025" else r.commune_name
        places.append(village if unit.level == "xa" else f"{village}, {in_sentence(commune)}")
    if active.empty:
        warnings.append(f"Không có mô hình nào của loại đã chọn hoạt động vào ngày "
                        f"{date_short(scope.date_to)}.")
    villages = [f"{r.village_kind} {r.village_name}" for r in active.itertuples()]
    return {"so_mo_hinh": count_text(len(active)),
            "danh_sach_mo_hinh": "; ".join(places) or "chưa có mô hình hoạt động",
            # "tại các thôn" only when there are several: one village is named
            "cac_thon": villages[0] if len(set(villages)) == 1 else "các thôn"}


def _in_vocab_order(frame: pd.DataFrame, label_column: str) -> pd.DataFrame:
    """Rows in the order vocab.csv lists their values (unlisted values last, by label)."""
    return frame.sort_values(["vocab_pos", label_column], kind="stable")


def collect_facts(scope: Scope, store: Store, profile: Profile | None = None,
                  allow_empty: bool = False, small_cells: int | None = None) -> Facts:
    """Every placeholder value for the scope. Raises NoticeError when the scope is unusable
    (call scope_errors() first for all messages at once), EmptyPeriodError when the period
    ends before the first model was set up, unless `allow_empty` (the text then says that
    there is no model). `small_cells`: the threshold k for a reader who may not see small
    religion counts of the scope (None: as they are)."""
    profile = profile or load_profile(store.data_dir)
    warnings: list[str] = []
    unit = resolve_unit(scope, store, profile)
    first_on = first_established(scope, store)
    date_from = scope.date_from or first_on
    labels = model_type_labels(store)
    label = labels.get(scope.model_type, scope.model_type)
    if date_from is None:
        raise NoticeError([f"Trong phạm vi đã chọn chưa có mô hình “{label}” nào: chọn loại "
                           "mô hình hoặc phạm vi khác."])
    if first_on is not None and scope.date_to < first_on:
        if not allow_empty:
            raise EmptyPeriodError([
                f"Kỳ số liệu đến {date_short(scope.date_to)} kết thúc trước khi có mô hình "
                f"“{label}” đầu tiên ({unit.full}, thành lập {date_short(first_on)}): "
                "thông báo sẽ không có số liệu nào."])
        warnings.append(f"Đến {date_short(scope.date_to)} chưa có mô hình “{label}” nào: "
                        "thông báo ghi rõ là chưa có mô hình.")
        date_from = min(date_from, scope.date_to)
    params = scope.params(date_from)
    summary = _q("unit_summary", store, **params).iloc[0]
    if unit.level == "huyen" and scope.communes:
        warnings.append(f"Chỉ tính số liệu của {len(scope.communes)} xã, thị trấn đã chọn, "
                        "không phải cả huyện.")
    elif unit.level == "tinh" and scope.communes:
        warnings.append(f"Chỉ tính số liệu của {len(scope.communes)} xã đã chọn, không phải cả "
                        "tỉnh.")
    names = dict(profile.model_names(scope.model_type))
    names.setdefault("ten_mo_hinh", label)
    names.setdefault("ten_mo_hinh_day_du", names["ten_mo_hinh"].replace("ANTT",
                                                                          "an ninh trật tự"))
    values: dict[str, str] = {
        "ten_don_vi": unit.name, "cap_don_vi": unit.kind, "don_vi": unit.full,
        "tinh": unit.province, **names,
        "tu_ngay": date_short(date_from), "den_ngay": date_short(scope.date_to),
        "so_xa": count_text(summary["communes_xa"]),
        "so_thi_tran": count_text(summary["communes_thi_tran"]),
        "so_thon": count_text(summary["villages"]),
        "dan_so": number(summary["population"]),
        "dien_tich": number(summary["area_km2"], 1),
    }
    values |= religion_values(store, scope.date_to.year, scope.params(),
                              bool(scope.communes), warnings, small_cells)
    values |= _models(scope, unit, store, warnings)
    prev = {"prev_from": date_from, "prev_to": scope.date_to}  # kpis wants a second period
    kpis = _q("kpis", store, **params, **prev).iloc[0]
    values |= {
        "so_buoi_tuyen_truyen": count_text(kpis["outreach_sessions"]),
        "luot_nguoi_tuyen_truyen": number(kpis["outreach_attendees"]),
        "so_cuoc_tuan_tra": count_text(kpis["patrols"]),
        "luot_nguoi_tuan_tra": number(kpis["patrol_participants"]),
        "so_ho_cam_ket": number(kpis["commitment_households"]),
        "so_cuoc_hoa_giai": count_text(kpis["mediations"]),
        "so_hoa_giai_thanh": count_text(kpis["mediations_successful"]),
    }
    zero = [what for key, what in ZERO_FIGURES if not kpis[key]]
    if zero and values.get("so_mo_hinh") != "0":  # no model: the text already says so
        warnings.append(f"Trong kỳ chưa có {', '.join(zero)} nào: đoạn văn in số 0 (“được 0 "
                        "cuộc”); sửa ở mục “Sửa lời văn” trước khi ký.")
    sentences = profile.sentences
    # the dashboard's breakdowns, listed in vocab.csv order as a notice writes them
    values["cac_luat"] = laws_text(
        _in_vocab_order(_q("outreach_by_topic", store, **params), "topic_label"), sentences)
    types = _in_vocab_order(_q("commitments_by_type", store, **params), "commitment_type_label")
    values["cac_loai_cam_ket"] = commitments_text(types, sentences, profile.commitments)
    values["so_loai_cam_ket"] = count_text(types["commitment_type"].nunique())
    try:
        values |= incident_sentences(_q("notice_incidents_by_field", store, **params), sentences,
                             values)
    except TemplateError as exc:
        raise NoticeError([f"Hồ sơ đơn vị, mục [cau]: {m}" for m in exc.messages]) from exc
    # whom the issuer answers to on the notice's date (a xã of 2024: its huyện)
    values |= chain_values(unit.level, scope.unit_set, unit.district, unit.province,
                           scope.date_to)
    sources = dict.fromkeys(values, "so_lieu")
    # Profile words may use the data names ({tinh}, {don_vi}...): fill them first.
    errors: list[str] = []
    for key, text in profile.values(unit.level, scope.unit_set, unit.code, scope.issuer).items():
        try:
            values[key] = fill_template(text, values)
        except TemplateError as exc:
            errors += [f"Hồ sơ đơn vị, mục “{key}”: {m}" for m in exc.messages]
        sources[key] = "ho_so"
    for key in ("ten_mo_hinh", "ten_mo_hinh_day_du"):
        if key in profile.model_names(scope.model_type):
            sources[key] = "ho_so"
    if errors:
        raise NoticeError(errors)
    if stale := stale_basis(values["bao_cao_co_so"], scope.date_to):
        values["bao_cao_co_so"], warning = stale
        warnings.append(warning)
    for key in CITED_KEYS:  # a document without its number or date shows the blanks
        values[key] = with_blanks(values[key])
    values["cong_an_nhan_bao_cao"] = report_recipient(unit.level, scope.unit_set, values)
    sources["cong_an_nhan_bao_cao"] = "so_lieu"
    title = fill_template(sentences.get("phu_luc_tieu_de", "Số liệu theo thôn"), values)
    appendix = appendix_table(_q("notice_appendix_by_model", store, **params), unit, title)
    issuer = "Công an" if scope.issuer == "cong_an" else values.get("ten_bcd", "").strip()
    appendix.issuer = f"{issuer} {unit.full}".strip()  # Mẫu 2.1
    return Facts(scope, unit, date_from, {k: nfc(v) for k, v in values.items()}, sources,
                 appendix, warnings)
