"""Communes as a villages file names them: a code or a name of either unit set, “Xã”/“Phường”
optional, accents optional when nothing matches with them, or the labels the villages template
offers (“Xã Vũ Sơn (Huyện Bắc Sơn, trước 01/7/2025)”). Also what links the two sets: the old
communes of a 2025 commune and the 2025 communes of an old one (commune_links.csv, or
communes.commune_code_2025 in a folder without it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from antt.text.fmt import vi_sort_key
from antt.text.labels import fold_case, fold_marks

PREFIXES = ("xã ", "phường ", "thị trấn ", "đặc khu ", "tt. ", "p. ", "tt ")
OLD_SET = "trước 01/7/2025"


def strip_prefix(text: str) -> str:
    low = fold_case(text)
    for prefix in PREFIXES:
        if low.startswith(prefix) and len(low) > len(prefix):
            return low[len(prefix):]
    return low


@dataclass(frozen=True)
class Unit:
    unit_set: str  # "2024" | "2025"
    code: str
    name: str
    label: str  # what the template offers


class UnitNames:
    """Both unit sets of a data folder, the labels offered and the links between the sets."""

    def __init__(self, tables: dict[str, pa.Table]):
        old = tables["communes"].to_pydict()
        new = tables["communes_2025"].to_pydict()
        several = len(set(old["district_code"])) > 1
        self.old: dict[str, Unit] = {}
        for code, name, district in zip(old["commune_code"], old["commune_name"],
                                        old["district_name"], strict=True):
            where = f"{district}, {OLD_SET}" if several else OLD_SET
            self.old[code] = Unit("2024", code, name, f"{name} ({where})")
        self.new = {code: Unit("2025", code, name, name) for code, name in
                    zip(new["commune_code_2025"], new["commune_name_2025"], strict=True)}
        self.successors: dict[str, list[str]] = {}  # old code -> new codes, default first
        links = tables.get("commune_links")
        if links is not None and links.num_rows:
            rows = sorted(zip(*(links.column(c).to_pylist() for c in
                                ("commune_code", "commune_code_2025", "is_default"))),
                          key=lambda r: (r[0], not r[2], r[1]))
            for o, n, _ in rows:
                self.successors.setdefault(o, []).append(n)
        for o, n in zip(old["commune_code"], old["commune_code_2025"], strict=True):
            self.successors.setdefault(o, [n])
        self.predecessors: dict[str, list[str]] = {}
        for o, news in self.successors.items():
            for n in news:
                self.predecessors.setdefault(n, []).append(o)
        self._exact: dict[str, set[Unit]] = {}
        self._loose: dict[str, set[Unit]] = {}
        for unit in [*self.old.values(), *self.new.values()]:
            for text in (unit.label, unit.name, strip_prefix(unit.name)):
                self._exact.setdefault(fold_case(text), set()).add(unit)
                self._loose.setdefault(fold_marks(text), set()).add(unit)

    def find(self, text: str, unit_set: str | None = None) -> list[Unit]:
        """The units a cell may mean (in `unit_set` only when given), in Vietnamese order."""
        text = text.strip()
        found = ({u for u in (self.old.get(text), self.new.get(text)) if u}
                 or self._exact.get(fold_case(text)) or self._exact.get(strip_prefix(text))
                 or self._loose.get(fold_marks(text))
                 or self._loose.get(fold_marks(strip_prefix(text))) or set())
        found = {u for u in found if unit_set in (None, u.unit_set)}
        return sorted(found, key=lambda u: (u.unit_set, vi_sort_key(u.label)))

    def old_labels(self, codes: list[str]) -> str:
        return ", ".join(self.old[c].label for c in codes)

    def template_choices(self) -> tuple[list[str], list[str]]:
        """(the “Xã” dropdown: 2025 communes, then old ones; the “Xã cũ” dropdown)."""
        new = sorted((u.label for u in self.new.values()), key=vi_sort_key)
        old = sorted((u.label for u in self.old.values()), key=vi_sort_key)
        return new + old, old
