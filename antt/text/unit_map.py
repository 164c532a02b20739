"""Carrying a commune choice from one unit set to the other (2024 communes <-> 2025 communes)."""

from __future__ import annotations

from collections.abc import Iterable


def map_communes(codes: Iterable[str], to_set: str,
                 pairs: Iterable[tuple[str, str | None]]) -> tuple[str, ...]:
    """The units of `to_set` covering the chosen units of the other set.

    `pairs` are (2024 commune code, 2025 commune code) rows (queries/unit_mapping.sql).
    To '2025': the 2025 communes the chosen 2024 communes became part of. To '2024': every 2024
    commune inside the chosen 2025 communes (the same area, nothing more or less). Codes that
    map to nothing are dropped. Order follows `pairs` (code order), without repeats."""
    chosen = set(codes)
    src, dst = (0, 1) if to_set == "2025" else (1, 0)
    out: dict[str, None] = {}
    for pair in pairs:
        if pair[src] in chosen and pair[dst]:
            out[pair[dst]] = None
    return tuple(out)


# --- the commune picker: both unit sets in one list --------------------------------------

SET_SINCE = {"2024": "trước 01/7/2025", "2025": "từ 01/7/2025"}


def other_set(unit_set: str) -> str:
    return "2025" if unit_set == "2024" else "2024"


def option_value(unit_set: str, code: str) -> str:
    """The picker's value for a unit of the other set: '2024:06355' (codes repeat across the
    sets, so the set is part of the value)."""
    return f"{unit_set}:{code}"


def parse_option(value: str, current: str) -> tuple[str, str]:
    """(unit set, code) of a picker value: a plain code is a unit of the current set."""
    if ":" in value:
        unit_set, code = value.split(":", 1)
        return unit_set, code
    return current, value


def _successors(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    return {old: new for old, new in pairs if new}


def mapping_text(unit_set: str, code: str, names: dict[str, dict[str, str]],
                 pairs: Iterable[tuple[str, str | None]]) -> str:
    """How a unit maps to the other set, for the picker and the filter summary:
    'Xã Vũ Sơn (trước 01/7/2025) → nay thuộc Xã Vũ Lễ' or
    'Xã Vũ Lễ (từ 01/7/2025) ← gồm Xã Vũ Sơn, Xã Chiến Thắng, Xã Vũ Lễ'.
    `names` holds unit code -> name per set ('2024', '2025'), in Vietnamese order."""
    pairs = list(pairs)
    name = names[unit_set].get(code, code)
    if unit_set == "2024":
        new = _successors(pairs).get(code)
        target = names["2025"].get(new, new) if new else "chưa rõ xã mới"
        return f"{name} ({SET_SINCE['2024']}) → nay thuộc {target}"
    parts = map_communes([code], "2024", pairs)
    order = list(names["2024"])
    parts = sorted(parts, key=lambda c: order.index(c) if c in order else len(order))
    formed = ", ".join(names["2024"].get(c, c) for c in parts) or "chưa rõ"
    return f"{name} ({SET_SINCE['2025']}) ← gồm {formed}"


def picker_options(unit_set: str, names: dict[str, dict[str, str]],
                   pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """value -> label of the commune picker: the units of `unit_set` by name, then those of
    the other set with how they map, so typing an old or a new name finds the commune."""
    pairs = list(pairs)
    options = dict(names[unit_set])
    other = other_set(unit_set)
    for code in names[other]:
        options[option_value(other, code)] = mapping_text(other, code, names, pairs)
    return options


def resolve_pick(values: Iterable[str], current: str,
                 pairs: Iterable[tuple[str, str | None]]) -> tuple[str, tuple[str, ...]]:
    """The picker's values -> (unit set, codes of that set). When a unit of the other set was
    picked, the unit set switches to it and the rest of the choice is carried over to the
    same area in that set (map_communes), the picked units added."""
    pairs = list(pairs)
    parsed = [parse_option(v, current) for v in values]
    foreign = [code for s, code in parsed if s != current]
    if not foreign:
        return current, tuple(code for _, code in parsed)
    target = other_set(current)
    kept = map_communes([code for s, code in parsed if s == current], target, pairs)
    return target, tuple(dict.fromkeys([*kept, *foreign]))
