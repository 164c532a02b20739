"""Who can issue a notice for a period, and whom it answers to.

The levels of government change with the date: until 30/06/2025 tỉnh → huyện → xã, thị trấn →
thôn; from 01/7/2025 (Nghị quyết 1672/NQ-UBTVQH15) tỉnh → xã → thôn. A notice belongs to the
unit set in force on the last day of its data (the rule of the periodic reports too): a huyện
or a merged xã cannot issue one for a period ending after 30/06/2025, nor a new xã for one
ending before. The chain of command follows: a xã of 2024 reports to its huyện (the huyện's
Ban Chỉ đạo 138 and Công an huyện), a xã of 2025 and a huyện to the tỉnh, a tỉnh to the Bộ
Công an.
"""

from __future__ import annotations

import datetime as dt

from antt.data.schema import unit_set_on
from antt.text.fmt import date_short

SET_WORDS = {"2024": "trước 01/7/2025", "2025": "từ 01/7/2025"}
__all__ = ["chain_values", "other_set_note", "report_recipient", "unit_set_on",
           "wrong_set_message"]  # unit_set_on: the notice's callers know it from here


def _listed(names: dict[str, str], limit: int = 30) -> str:
    shown = [f"{name} ({code})" for code, name in list(names.items())[:limit]]
    more = len(names) - limit
    return ", ".join(shown) + (f" và {more} đơn vị khác" if more > 0 else "")


def wrong_set_message(unit_set: str, communes: tuple[str, ...], date_to: dt.date,
                      names: dict[str, dict[str, str]], successors: dict[str, str],
                      district: str) -> str:
    """Why a unit of `unit_set` cannot issue a notice with data up to `date_to`, naming the
    units that can. `names`: unit set -> code -> name; `successors`: 2024 code -> 2025 code;
    `district`: 'Huyện Bắc Sơn' (the huyện of the 2024 units in scope)."""
    in_force = unit_set_on(date_to)
    old, new = names.get("2024", {}), names.get("2025", {})
    if unit_set == "2024":
        if communes:
            gone = "; ".join(
                f"{old.get(c, c)}" + (f" (nay thuộc {new[successors[c]]})"
                                      if successors.get(c) in new else "")
                for c in communes)
        else:
            gone = district or "cấp huyện"
        return (f"Số liệu đến {date_short(date_to)}, sau 30/06/2025: {gone} không còn từ "
                f"01/7/2025 (không còn cấp huyện; các xã, thị trấn cũ đã hợp nhất), nên không "
                f"ban hành thông báo cho kỳ này. Đơn vị lập được thông báo cho kỳ này là một "
                f"xã mới (từ 01/7/2025): {_listed(new)}.")
    picked = "; ".join(new.get(c, c) for c in communes) or "các xã mới"
    # the old units the chosen xã were formed from come first: those are the ones meant
    before = {c: n for c, n in old.items() if successors.get(c) in communes} or old
    return (f"Số liệu đến {date_short(date_to)}, trước 01/7/2025: {picked} chỉ có từ "
            f"01/7/2025, nên không ban hành thông báo cho kỳ này. Đơn vị lập được thông báo "
            f"cho kỳ này ({SET_WORDS[in_force]}): {district or 'huyện'} (cả huyện) hoặc một "
            f"xã, thị trấn{' cũ của ' + picked if before is not old else ''}: "
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


def chain_values(level: str, unit_set: str, district: str, province: str) -> dict[str, str]:
    """The placeholders naming the issuer's superiors on the notice's date:
    cap_tren ('huyện Bắc Sơn' for a xã of 2024, 'tỉnh Lạng Sơn' otherwise), cong_an_cap_tren
    ('Công an huyện Bắc Sơn'), thuoc (where the unit lies: 'huyện Bắc Sơn, tỉnh Lạng Sơn' for
    a xã of 2024, 'tỉnh Lạng Sơn' otherwise). Names without the kind: 'Bắc Sơn'."""
    tinh = f"tỉnh {province}" if province else "tỉnh"
    if level == "tinh":
        return {"cap_tren": "Trung ương", "cong_an_cap_tren": "Bộ Công an", "thuoc": tinh}
    if level == "xa" and unit_set == "2024":
        huyen = f"huyện {district}" if district else "huyện"
        return {"cap_tren": huyen, "cong_an_cap_tren": f"Công an {huyen}",
                "thuoc": f"{huyen}, {tinh}"}
    return {"cap_tren": tinh, "cong_an_cap_tren": f"Công an {tinh}", "thuoc": tinh}


def report_recipient(level: str, unit_set: str, values: dict[str, str]) -> str:
    """The police the notice goes to for report ('Công an huyện Bắc Sơn' for a xã of 2024;
    'Công an tỉnh - PV01' otherwise, with the profile's receiving department)."""
    if level == "xa" and unit_set == "2024":
        return values["cong_an_cap_tren"]
    department = values.get("phong_nhan_bao_cao", "").strip()
    police = "Bộ Công an" if level == "tinh" else "Công an tỉnh"
    return f"{police} - {department}" if department else values["cong_an_cap_tren"]
