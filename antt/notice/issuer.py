"""Who can issue a notice for a period, and whom it answers to.

The levels of government change with the date: until 30/06/2025 tỉnh → huyện → xã, thị trấn →
thôn; from 01/7/2025 (Nghị quyết 1672/NQ-UBTVQH15) tỉnh → xã → thôn. A notice belongs to the
unit set in force on the last day of its data (the rule of the periodic reports too): a huyện
or a merged xã cannot issue one for a period ending after 30/06/2025, nor a new xã for one
ending before. The chain of command follows: a xã of 2024 reports to its huyện (the huyện's
Ban Chỉ đạo 138 and Công an huyện), a xã of 2025 and a huyện to the tỉnh, a tỉnh to the Bộ
Công an.

The issuer is the unit's Ban Chỉ đạo 138 ("bcd") or its police ("cong_an"). The police went to
two levels before the communes did: Công an cấp huyện ended on 01/3/2025 (Bộ Công an, the
police "tỉnh toàn diện, xã vững mạnh, bám cơ sở"), so from that day a Công an xã of 2024
answered to the Công an tỉnh, and a Công an huyện issues nothing for a period ending then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from antt.data.schema import unit_set_on
from antt.text.fmt import date_short

SET_WORDS = {"2024": "trước 01/7/2025", "2025": "từ 01/7/2025"}
__all__ = ["chain_values", "other_set_note", "report_recipient", "unit_set_on",
           "wrong_set_message"]  # unit_set_on: the notice's callers know it from here
ISSUERS = {"bcd": "Ban Chỉ đạo 138", "cong_an": "Công an"}
POLICE_DISTRICTS_END = dt.date(2025, 3, 1)  # the first day without Công an cấp huyện
# The police issuer's profile values when the data folder's profile has no [cong_an_<level>]
# (its own sections win): the symbol in the number, the drafting unit after "Lưu: VT,", the
# receiving department (PV05: Phòng Xây dựng phong trào bảo vệ ANTQ of a Công an tỉnh; V05:
# the Bộ's Cục of the same name), and the documents acted on, with their number and date left
# as blanks to fill. The Ban Chỉ đạo's own decision is not cited by the police.
POLICE_PROFILE = {
    "xa": {"ky_hieu": "CAX", "don_vi_soan_thao": "CAX", "phong_nhan_bao_cao": "PV05",
           "van_ban_chi_dao": "Kế hoạch số …/KH-…, ngày … của {cong_an_cap_tren} về xây dựng "
                              "phong trào Toàn dân bảo vệ ANTQ",
           "bao_cao_co_so": "", "qd_thanh_vien_bcd": ""},
    "huyen": {"ky_hieu": "CAH", "don_vi_soan_thao": "CAH", "phong_nhan_bao_cao": "PV05",
              "van_ban_chi_dao": "Kế hoạch số …/KH-CAT, ngày … của {cong_an_cap_tren} về xây "
                                 "dựng phong trào Toàn dân bảo vệ ANTQ",
              "bao_cao_co_so": "", "qd_thanh_vien_bcd": ""},
    "tinh": {"ky_hieu": "CAT", "don_vi_soan_thao": "PV05", "phong_nhan_bao_cao": "V05",
             "van_ban_chi_dao": "Kế hoạch số …/KH-BCA, ngày … của Bộ Công an về xây dựng "
                                "phong trào Toàn dân bảo vệ ANTQ",
             "bao_cao_co_so": "", "qd_thanh_vien_bcd": ""},
}


def template_key(level: str, issuer: str) -> str:
    """The template section of a notice: 'xa', or 'xa_cong_an' for the xã's police."""
    return f"{level}_cong_an" if issuer == "cong_an" else level


def police_district_gone(level: str, unit_set: str, date_to: dt.date) -> bool:
    """A Công an huyện for data up to a day it no longer existed (from 01/3/2025)."""
    return level == "huyen" and unit_set == "2024" and date_to >= POLICE_DISTRICTS_END


def police_gone_message(date_to: dt.date, district: str, communes: dict[str, str]) -> str:
    """Why the Công an huyện cannot issue a notice with data up to `date_to`, and who can."""
    huyen = district or "Huyện"
    return (f"Số liệu đến {date_short(date_to)}: Công an {huyen[:1].lower() + huyen[1:]} "
            f"không còn từ 01/3/2025 (không tổ chức Công an cấp huyện; Công an xã trực thuộc "
            f"Công an tỉnh), nên không ban hành thông báo cho kỳ này. Đơn vị lập được thông báo "
            f"cho kỳ này: Ban Chỉ đạo 138 {huyen[:1].lower() + huyen[1:]}, hoặc Công an của "
            f"một xã, thị trấn: {_listed(communes)}.")


def _listed(names: dict[str, str], limit: int = 30) -> str:
    shown = [f"{name} ({code})" for code, name in list(names.items())[:limit]]
    more = len(names) - limit
    return ", ".join(shown) + (f" và {more} đơn vị khác" if more > 0 else "")


def wrong_set_message(unit_set: str, communes: tuple[str, ...], date_to: dt.date,
                      names: dict[str, dict[str, str]], successors: dict[str, str],
                      district: str, issuer: str = "bcd") -> str:
    """Why a unit of `unit_set` cannot issue a notice with data up to `date_to`, naming the
    units that can. `names`: unit set -> code -> name; `successors`: 2024 code -> 2025 code;
    `district`: 'Huyện Bắc Sơn' (the huyện of the 2024 units in scope); `issuer` "cong_an":
    the units' police ("Công an huyện Bắc Sơn")."""
    police = issuer == "cong_an"

    def who(name: str) -> str:  # "Huyện Bắc Sơn" -> "Công an huyện Bắc Sơn"
        return f"Công an {name[:1].lower()}{name[1:]}" if police and name else name

    message = _wrong_set(unit_set, communes, date_to, names, successors, district, who)
    return message.replace("cho kỳ này là một xã mới", "cho kỳ này là Công an một xã mới") \
        if police else message


def _wrong_set(unit_set: str, communes: tuple[str, ...], date_to: dt.date,
               names: dict[str, dict[str, str]], successors: dict[str, str],
               district: str, who: Callable[[str], str]) -> str:
    in_force = unit_set_on(date_to)
    old, new = names.get("2024", {}), names.get("2025", {})
    if unit_set == "2024":
        if communes:
            gone = "; ".join(
                who(old.get(c, c)) + (f" (nay thuộc {new[successors[c]]})"
                                      if successors.get(c) in new else "")
                for c in communes)
        else:
            gone = who(district) or "cấp huyện"
        return (f"Số liệu đến {date_short(date_to)}, sau 30/06/2025: {gone} không còn từ "
                f"01/7/2025 (không còn cấp huyện; các xã, thị trấn cũ đã hợp nhất), nên không "
                f"ban hành thông báo cho kỳ này. Đơn vị lập được thông báo cho kỳ này là một "
                f"xã mới (từ 01/7/2025): {_listed(new)}.")
    plain = "; ".join(new.get(c, c) for c in communes) or "các xã mới"
    picked = "; ".join(who(new.get(c, c)) for c in communes) or "các xã mới"
    # the old units the chosen xã were formed from come first: those are the ones meant
    before = {c: n for c, n in old.items() if successors.get(c) in communes} or old
    return (f"Số liệu đến {date_short(date_to)}, trước 01/7/2025: {picked} chỉ có từ "
            f"01/7/2025, nên không ban hành thông báo cho kỳ này. Đơn vị lập được thông báo "
            f"cho kỳ này ({SET_WORDS[in_force]}): {district or 'huyện'} (cả huyện) hoặc một "
            f"xã, thị trấn{' cũ của ' + plain if before is not old else ''}: "
            f"{_listed(before)}.")


def other_set_note(codes: list[str], unit_set: str, names: dict[str, dict[str, str]],
                   successors: dict[str, str]) -> str:
    """' 06355 là Xã Vũ Sơn (trước 01/7/2025), nay thuộc Xã Vũ Lễ (06364).': codes unknown in
    `unit_set` that are units of the other set, said with what they are."""
    other = "2024" if unit_set == "2025" else "2025"
    notes = []
    for code in codes:
        if code not in names.get(other, {}):
            continue
        note = f"{code} là {names[other][code]} ({SET_WORDS[other]})"
        after = successors.get(code)
        if other == "2024" and after in names.get("2025", {}):
            note += f", nay thuộc {names['2025'][after]} ({after})"
        notes.append(note)
    return (" " + "; ".join(notes) + ".") if notes else ""


def chain_values(level: str, unit_set: str, district: str, province: str,
                 date_to: dt.date | None = None) -> dict[str, str]:
    """The placeholders naming the issuer's superiors on the notice's date:
    cap_tren ('huyện Bắc Sơn' for a xã of 2024, 'tỉnh Lạng Sơn' otherwise), cong_an_cap_tren
    ('Công an huyện Bắc Sơn'; from 01/3/2025, when Công an cấp huyện ended, 'Công an tỉnh
    Lạng Sơn'), thuoc (where the unit lies: 'huyện Bắc Sơn, tỉnh Lạng Sơn' for a xã of 2024,
    'tỉnh Lạng Sơn' otherwise). Names without the kind: 'Bắc Sơn'."""
    tinh = f"tỉnh {province}" if province else "tỉnh"
    if level == "tinh":
        return {"cap_tren": "Trung ương", "cong_an_cap_tren": "Bộ Công an", "thuoc": tinh}
    if level == "xa" and unit_set == "2024":
        huyen = f"huyện {district}" if district else "huyện"
        police = f"Công an {tinh}" if date_to and date_to >= POLICE_DISTRICTS_END \
            else f"Công an {huyen}"
        return {"cap_tren": huyen, "cong_an_cap_tren": police, "thuoc": f"{huyen}, {tinh}"}
    return {"cap_tren": tinh, "cong_an_cap_tren": f"Công an {tinh}", "thuoc": tinh}


def report_recipient(level: str, unit_set: str, values: dict[str, str]) -> str:
    """The police the notice goes to for report ('Công an huyện Bắc Sơn' for a xã of 2024
    until 28/02/2025; 'Công an tỉnh - PV01' otherwise, with the profile's receiving
    department)."""
    if level == "xa" and unit_set == "2024" and values["cong_an_cap_tren"].startswith(
            "Công an huyện"):
        return values["cong_an_cap_tren"]
    department = values.get("phong_nhan_bao_cao", "").strip()
    police = "Bộ Công an" if level == "tinh" else "Công an tỉnh"
    return f"{police} - {department}" if department else values["cong_an_cap_tren"]
