"""The official unit lists of an area, read from the files of PyPI `vietnamadminunits` 1.0.4
(MIT; `data/dataset.db` and `data/converter_2025.json`), offline and deterministic.

- `admin_units_legacy`: the 63 provinces, 696 districts and 10.035 communes valid until
  30/6/2025 (GSO codes, Google-geocoded centroids; no areas).
- `admin_units`: the 34 provinces and 3.321 communes from 01/7/2025 (codes, centroids, areas).
- `converter_2025.json`: every old commune -> its 2025 commune(s). An old commune split between
  several new ones has one `isDefaultNewWard`: the package author's estimate (nearest centre),
  not an official rule, so it is called "mặc định (ước tính)" on screen.

Keys in the converter are accent-free names (`tinhlangson_huyenbacson_xavuson`); codes of the two
years are never joined directly (2025 codes reuse 2024 codes of other communes).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"

KIND_2024 = {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn"}
KIND_2025 = {"Xã": "xã", "Phường": "phường", "Đặc khu": "đặc khu"}
ISLAND_KIND = "huyện (không có xã)"

PROVINCE_PREFIXES = ("thanhpho", "tinh", "thudo", "tp")
DISTRICT_PREFIXES = ("thanhpho", "thixa", "huyen", "quan", "tp", "tx")
COMMUNE_PREFIXES = ("thitran", "phuong", "xa", "dackhu", "tt")


class AreaError(LookupError):
    """A name or code that matches no unit, or several: the message is Vietnamese."""


def nfc(text: str | None) -> str:
    return "" if text is None else unicodedata.normalize("NFC", str(text))


def fold(text: str) -> str:
    """Lower case, no accents, đ -> d, letters and digits only: 'Tỉnh Hà Giang' -> 'tinhhagiang'."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in text if ch.isalnum())


def strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return key


def _data_dir() -> Path:
    """The package's data folder, found without running its code (it would import geopy)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AreaError(f"Chưa cài gói {PACKAGE}=={PACKAGE_VERSION} (pip install -r "
                        "requirements.txt).")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@lru_cache(maxsize=1)
def _db() -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True,
                          check_same_thread=False)
    con.row_factory = sqlite3.Row
    return con


@lru_cache(maxsize=1)
def _converter() -> dict:
    return json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))


def _rows(sql: str, *args) -> list[dict]:
    return [dict(r) for r in _db().execute(sql, args).fetchall()]


# --- provinces -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Province:
    code: str  # the 2025 province
    name: str
    key: str  # converter key of the 2025 province
    legacy: tuple[tuple[str, str, str], ...]  # (code, name, key) of the old provinces in scope


_PROVINCE_SQL = ("SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, "
                 "provinceShortKey, provinceKeywords FROM {}")


@lru_cache(maxsize=1)
def _provinces() -> tuple[dict, dict, dict]:
    legacy = {r["provinceKey"]: r for r in _rows(_PROVINCE_SQL.format("admin_units_legacy"))}
    new = {r["provinceKey"]: r for r in _rows(_PROVINCE_SQL.format("admin_units"))}
    old_to_new = {old: key for key, olds in _converter()["DICT_PROVINCE"].items() for old in olds}
    return legacy, new, old_to_new


def _province_keys(row: dict) -> set[str]:
    keys = {fold(row["province"]), row["provinceKey"], row["provinceShortKey"],
            fold(row["provinceShort"])}
    keys |= {fold(k) for k in json.loads(row["provinceKeywords"] or "[]")}
    return {strip_prefix(k, PROVINCE_PREFIXES) for k in keys if k}


def find_province(name: str) -> Province:
    """A province by its 2025 or pre-2025 name or 2-digit code (accents, case, "tỉnh" optional).

    A 2025 province brings all its old provinces; a province merged away on 01/7/2025 (Hà Giang)
    brings only its own old communes and the new communes of its successor they went into."""
    legacy, new, old_to_new = _provinces()
    query = str(name).strip()
    folded = strip_prefix(fold(query), PROVINCE_PREFIXES)
    hits = [k for k, r in new.items() if query == r["provinceCode"] or folded in _province_keys(r)]
    if len(hits) == 1:
        return _province(hits[0], _converter()["DICT_PROVINCE"][hits[0]])
    old = [k for k, r in legacy.items() if query == r["provinceCode"]
           or folded in _province_keys(r)]
    if len(old) == 1 and not hits:
        return _province(old_to_new[old[0]], [old[0]])
    if hits or old:
        options = [nfc(new[k]["province"]) for k in hits] + [nfc(legacy[k]["province"])
                                                              for k in old]
        raise AreaError(f"Tên tỉnh “{name}” ứng với nhiều tỉnh. Có phải: {', '.join(options)}?")
    raise AreaError(f"Không tìm thấy tỉnh “{name}” trong danh mục (63 tỉnh trước 01/7/2025, "
                    "34 tỉnh từ 01/7/2025).")


def _province(key: str, legacy_keys: list[str]) -> Province:
    legacy, new, _ = _provinces()
    row = new[key]
    return Province(row["provinceCode"], nfc(row["province"]), key, tuple(
        (legacy[k]["provinceCode"], nfc(legacy[k]["province"]), k) for k in legacy_keys))


# --- the units of an area ------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    province: Province
    old: tuple[dict, ...]  # schema rows of communes.csv (commune_code_2025 = the default)
    new: tuple[dict, ...]  # schema rows of communes_2025.csv
    links: tuple[dict, ...]  # commune_code, commune_code_2025, is_default (bool)
    scope: str  # "Tỉnh Lạng Sơn", "Huyện Bắc Sơn, Tỉnh Lạng Sơn", ...
    whole_province: bool = False  # every commune of a 2025 province: it may issue as a tỉnh

    @property
    def split(self) -> dict[str, list[str]]:
        """Old communes split between several new ones -> their new codes (default first)."""
        out: dict[str, list[str]] = {}
        for link in sorted(self.links, key=lambda x: not x["is_default"]):
            out.setdefault(link["commune_code"], []).append(link["commune_code_2025"])
        return {k: v for k, v in out.items() if len(v) > 1}


def _old_key(row: dict) -> str:
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"


def _matches(query: str, row: dict, level: str, prefixes: tuple[str, ...]) -> bool:
    """A code or a name of the unit at `level` ('ward' or 'district'); an accented query must
    match with its accents (Vũ Lăng is not Vũ Lâng), an unaccented one matches either."""
    query = str(query).strip()
    code = row.get(f"{level}Code")
    if query.isdigit():
        return code is not None and query.zfill(len(code)) == code
    full = row.get(level)
    if full is None:
        return False
    names = {strip_prefix(fold(full), prefixes), fold(row.get(f"{level}Short") or "")}
    names |= {strip_prefix(fold(k), prefixes) for k in json.loads(row.get(f"{level}Keywords")
                                                                    or "[]")}
    if strip_prefix(fold(query), prefixes) not in names:
        return False
    plain = unicodedata.normalize("NFD", query.lower())
    if any(unicodedata.category(ch) == "Mn" for ch in plain) or "đ" in query.lower():
        def squash(text: str) -> str:
            return "".join(nfc(text).lower().split())
        wanted = squash(query)
        forms = {squash(full), squash(row.get(f"{level}Short") or "")}
        for prefix in ("xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã",
                       "thành phố"):
            forms |= {f.removeprefix(prefix.replace(" ", "")) for f in list(forms)}
        return wanted in forms
    return True


def _old_rows(province: Province) -> list[dict]:
    codes = [code for code, _, _ in province.legacy]
    marks = ",".join("?" * len(codes))
    return _rows(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey, "
        "districtShort, districtKeywords, ward, wardShort, wardType, wardCode, wardKey, "
        "wardKeywords, wardLat, wardLon, districtLat, districtLon FROM admin_units_legacy "
        f"WHERE provinceCode IN ({marks}) ORDER BY districtCode, wardCode", *codes)


def _new_rows(province: Province) -> list[dict]:
    return _rows(
        "SELECT province, provinceCode, ward, wardShort, wardType, wardCode, wardKey, "
        "wardKeywords, wardLat, wardLon, wardAreaKm2 FROM admin_units WHERE provinceCode = ? "
        "ORDER BY wardCode", province.code)


def _raw_links(province: Province) -> list[tuple[str, str, bool]]:
    conv = _converter()
    out = [(old, new, True) for new, olds in
           conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(province.key, {}).items() for old in olds]
    out += [(old, t["newWardKey"], bool(t["isDefaultNewWard"])) for old, targets in
            conv["DICT_PROVINCE_WARD_DIVIDED"].get(province.key, {}).items() for t in targets]
    return out


def _unique(hits: list[dict], query: str, what: str, label) -> dict | None:
    if len(hits) > 1:
        raise AreaError(f"“{query}” ứng với nhiều {what}. Có phải: "
                        f"{', '.join(label(r) for r in hits)}?")
    return hits[0] if hits else None


def select_area(province: str, district: str | None = None,
                commune: str | None = None) -> Area:
    """The units of a province, narrowed to a former district (code or name) and/or a commune
    (a 2025 commune with all its predecessors, else a 2024 commune with its successors)."""
    prov = find_province(province)
    old, new = _old_rows(prov), _new_rows(prov)
    by_old_key = {_old_key(r): r for r in old}
    new_by_key = {r["wardKey"]: r for r in new}
    links = [x for x in _raw_links(prov) if x[0] in by_old_key]
    scope = prov.name
    if len(prov.legacy) == 1 and prov.legacy[0][0] != prov.code:
        scope = f"{prov.legacy[0][1]} (nay thuộc {prov.name})"
    if district:
        old = [r for r in old if _matches(district, r, "district", DISTRICT_PREFIXES)]
        names = sorted({nfc(r["district"]) for r in old})
        if not old:
            raise AreaError(f"Không có huyện “{district}” trong {scope} (trước 01/7/2025).")
        if len(names) > 1:
            raise AreaError(f"“{district}” ứng với nhiều huyện. Có phải: {', '.join(names)}?")
        scope = f"{names[0]}, {scope}"
    keys = {_old_key(r) for r in old}
    links = [x for x in links if x[0] in keys]
    new = [r for r in new if r["wardKey"] in {x[1] for x in links}]
    if commune:
        hit = _unique([r for r in new if _matches(commune, r, "ward", COMMUNE_PREFIXES)],
                      commune, "xã", lambda r: nfc(r["ward"]) + " (từ 01/7/2025)")
        if hit is not None:
            links = [x for x in links if x[1] == hit["wardKey"]]
            old = [r for r in old if _old_key(r) in {x[0] for x in links}]
            new = [hit]
            scope = f"{nfc(hit['ward'])}, {prov.name}"
        else:
            got = _unique([r for r in old if _matches(commune, r, "ward", COMMUNE_PREFIXES)],
                          commune, "xã",
                          lambda r: f"{nfc(r['ward'])} ({nfc(r['district'])}, trước 01/7/2025)")
            if got is None:
                raise AreaError(f"Không có xã “{commune}” trong {scope}.")
            links = [x for x in links if x[0] == _old_key(got)]
            old = [got]
            new = [new_by_key[x[1]] for x in links]
            scope = f"{nfc(got['ward'])} ({nfc(got['district'])}), {prov.name}"
    area = _area(prov, old, new, links, by_old_key, new_by_key, scope)
    whole = not district and not commune and len(prov.legacy) == len(
        _converter()["DICT_PROVINCE"][prov.key])
    return replace(area, whole_province=whole)


def province_units(province: Province) -> tuple[list[dict], dict[str, str]]:
    """Every old commune of the province's old provinces (rows of `admin_units_legacy` with
    their name keywords and centres, for matching boundaries; an island district without
    communes has `wardCode` None) and the 2025 code of each one's default successor, keyed by
    the old unit's code in communes.csv (an island district's is its district code)."""
    old = _old_rows(province)
    new_code = {r["wardKey"]: r["wardCode"] for r in _new_rows(province)}
    code = {_old_key(r): r["wardCode"] or r["districtCode"] for r in old}
    default = {code[o]: new_code[n] for o, n, d in _raw_links(province) if d and o in code}
    return old, default


def _area(prov, old, new, links, by_old_key, new_by_key, scope) -> Area:
    default = {o: new_by_key[n]["wardCode"] for o, n, d in links if d}
    old_rows = []
    for r in old:
        island = r["wardCode"] is None  # 5 island districts have no communes
        old_rows.append({
            "commune_code": r["districtCode"] if island else r["wardCode"],
            "commune_name": nfc(r["district"] if island else r["ward"]),
            "kind": ISLAND_KIND if island else KIND_2024[r["wardType"]],
            "district_code": r["districtCode"],
            "district_name": nfc(r["district"]),
            "province_code": r["provinceCode"],
            "province_name": nfc(r["province"]),
            "lat": r["districtLat"] if island else r["wardLat"],
            "lon": r["districtLon"] if island else r["wardLon"],
            "area_km2": None,  # in no official list: the 2025 areas are
            "commune_code_2025": default[_old_key(r)],
        })
    new_rows = [{
        "commune_code_2025": r["wardCode"],
        "commune_name_2025": nfc(r["ward"]),
        "lat": r["wardLat"],
        "lon": r["wardLon"],
        "area_km2": r["wardAreaKm2"],
        "kind": KIND_2025[r["wardType"]],
        "province_code": r["provinceCode"],
        "province_name": nfc(r["province"]),
    } for r in new]
    code_of = {_old_key(r): row["commune_code"] for r, row in zip(old, old_rows, strict=True)}
    link_rows = sorted(({"commune_code": code_of[o], "commune_code_2025": new_by_key[n]["wardCode"],
                         "is_default": d} for o, n, d in links),
                       key=lambda x: (x["commune_code"], not x["is_default"],
                                      x["commune_code_2025"]))
    return Area(prov, tuple(old_rows), tuple(new_rows), tuple(link_rows), scope)
