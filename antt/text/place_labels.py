"""Villages and communes as staff write them, in both unit sets (before and from 01/7/2025).

Since 01/7/2025 Bắc Sơn's 18 xã/thị trấn are 6 new xã. A village keeps its code and its old
commune (villages.csv) and lies in the new commune its old one became part of (communes.csv
`commune_code_2025`). Staff today know the new communes, so what we offer reads
“Thôn Nà Ngàm – Xã Vũ Lễ”. When two villages of one new commune share a name (two merged
communes each had a “Thôn Nà Lay”), their old communes tell them apart:
“Thôn Nà Lay (Xã Long Đống cũ) – Xã Bắc Sơn”.

What we read accepts, for the same village: that label; the label of templates made before
(“Thôn Nà Ngàm – Xã Vũ Sơn”, its old commune); its code; a bare village name; and a commune
(new or old name, or code) to narrow a name down. Text that fits several villages is refused
with the candidates (“Có phải …?”), never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa

from antt.text.fmt import vi_sort_key
from antt.text.labels import fold_case, fold_marks

_VILLAGE_PREFIXES = ("thôn ", "khối phố ", "khối ", "bản ", "tổ dân phố ", "tdp ", "xóm ")
_COMMUNE_PREFIXES = ("xã ", "thị trấn ", "phường ", "đặc khu ", "tt. ", "p. ", "tt ")
_OLD_COMMUNE = re.compile(r"^(?P<village>.*?)\s*\((?P<commune>[^()]*?)\s+cũ\)$",
                          re.IGNORECASE)
_SEPARATORS = (" – ", " - ", " — ")


def village_word(kind: str, village_name: str) -> str:
    """“Thôn Nà Lầu”, “Khối phố Hòa Bình”: the village as it is called."""
    return f"{kind[:1].upper()}{kind[1:]} {village_name}"


def village_choice(word: str, commune_name: str) -> str:
    """A village with its commune, as a template's dropdown offers it: “Thôn Nà Lầu – Xã Vũ Lễ”
    (`word` from village_word, with its old commune added when its name repeats)."""
    return f"{word} – {commune_name}"


def _strip(text: str, prefixes: tuple[str, ...]) -> str:
    """fold_case without a leading “thôn”, “xã”, “thị trấn”…"""
    text = fold_case(text)
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return text


@dataclass(frozen=True)
class Village:
    code: str
    word: str  # “Thôn Nà Lầu”
    name: str  # “Nà Lầu”
    commune: str  # its commune before 01/7/2025 (communes.csv code)
    commune_2025: str  # its commune since (communes_2025.csv code)


@dataclass(frozen=True)
class Commune:
    """What a commune cell names: every village of the commune(s) it may mean."""

    name: str  # for messages: the new commune's name when it names one
    villages: frozenset[str]


class PlaceNames:
    """Every village and commune of both unit sets, the labels we offer and what we read."""

    def __init__(self, villages: pa.Table, communes: pa.Table, communes_2025: pa.Table):
        self.names_2024: dict[str, str] = dict(zip(
            communes.column("commune_code").to_pylist(),
            communes.column("commune_name").to_pylist(), strict=True))
        self.names_2025: dict[str, str] = dict(zip(
            communes_2025.column("commune_code_2025").to_pylist(),
            communes_2025.column("commune_name_2025").to_pylist(), strict=True))
        successor = dict(zip(communes.column("commune_code").to_pylist(),
                             communes.column("commune_code_2025").to_pylist(), strict=True))
        # A village of a split old commune names its own 2025 commune (villages.csv).
        own = (villages.column("commune_code_2025").to_pylist()
               if "commune_code_2025" in villages.column_names else [None] * villages.num_rows)
        self.villages: dict[str, Village] = {
            code: Village(code, village_word(kind, name), name, commune,
                          new or successor[commune])
            for code, name, kind, commune, new in zip(
                *(villages.column(n).to_pylist()
                  for n in ("village_code", "village_name", "kind", "commune_code")), own,
                strict=True)}
        repeated = Counter((v.commune_2025, fold_case(v.word)) for v in self.villages.values())
        self.label: dict[str, str] = {}  # code -> what we offer (today's communes)
        self.old_label: dict[str, str] = {}  # code -> what templates before 2025 offered
        for v in self.villages.values():
            word = v.word
            if repeated[(v.commune_2025, fold_case(word))] > 1:
                word = f"{word} ({self.names_2024[v.commune]} cũ)"
            self.label[v.code] = village_choice(word, self.names_2025[v.commune_2025])
            self.old_label[v.code] = village_choice(v.word, self.names_2024[v.commune])
        self._by_label = _Index()
        self._by_name = _Index()
        for v in self.villages.values():
            new_commune = self.names_2025[v.commune_2025]
            for text in (self.label[v.code], self.old_label[v.code],
                         village_choice(v.word, new_commune),  # short, even when repeated
                         village_choice(f"{v.word} ({self.names_2024[v.commune]} cũ)",
                                        new_commune)):
                self._by_label.add(text, v.code)
            self._by_name.add(_strip(v.name, _VILLAGE_PREFIXES), v.code)
        self._communes = _Index()  # name or code -> commune codes as ("2024"|"2025", code)
        for unit_set, names in (("2024", self.names_2024), ("2025", self.names_2025)):
            for code, name in names.items():
                self._communes.add(name, (unit_set, code))
                self._communes.add(_strip(name, _COMMUNE_PREFIXES), (unit_set, code))

    @classmethod
    def from_tables(cls, tables: dict[str, pa.Table]) -> PlaceNames:
        return cls(tables["villages"], tables["communes"], tables["communes_2025"])

    # --- what we offer ---------------------------------------------------------------------

    def ordered_codes(self) -> list[str]:
        """Village codes in Vietnamese order of their new commune, then of the village."""
        return sorted(self.villages, key=lambda c: (
            vi_sort_key(self.names_2025[self.villages[c].commune_2025]),
            vi_sort_key(self.label[c])))

    def ordered_labels(self) -> list[str]:
        """The labels a template's village dropdown offers, in that order."""
        return [self.label[c] for c in self.ordered_codes()]

    def where(self, code: str) -> str:
        """A village's commune for messages: “Xã Vũ Lễ (Xã Vũ Sơn cũ)”."""
        v = self.villages[code]
        new, old = self.names_2025[v.commune_2025], self.names_2024[v.commune]
        return new if fold_case(new) == fold_case(old) else f"{new} ({old} cũ)"

    # --- what we read ----------------------------------------------------------------------

    def commune(self, text: str) -> Commune | None:
        """The commune a cell names: a code or a name of either unit set, “Xã”/“Thị trấn”
        optional, case and tone marks ignored when nothing matches exactly. A code or name
        both sets use (06325; “Xã Vũ Lễ”, old and new) means both: the new commune holds
        the old one, so no village is lost and none of another commune comes in."""
        units = ({("2025", text)} if text in self.names_2025 else set()) | (
            {("2024", text)} if text in self.names_2024 else set())
        if not units:
            units = self._communes.find(text) or self._communes.find(
                _strip(text, _COMMUNE_PREFIXES))
        if not units:
            return None
        villages = frozenset(v.code for v in self.villages.values()
                             if ("2024", v.commune) in units or ("2025", v.commune_2025) in units)
        new = sorted(c for s, c in units if s == "2025")
        names = [self.names_2025[c] for c in new] or [
            self.names_2024[c] for s, c in sorted(units) if s == "2024"]
        return Commune(" / ".join(names), villages)

    def unknown_commune(self, text: str) -> str:
        message = f"Không tìm thấy xã “{text}”."
        shown = {_strip(n, _COMMUNE_PREFIXES): f"{n} (trước 01/7/2025)"
                 for n in self.names_2024.values()}
        shown.update({_strip(n, _COMMUNE_PREFIXES): n  # a name both sets use: today's
                      for n in self.names_2025.values()})
        near = _nearest(_strip(text, _COMMUNE_PREFIXES), shown)
        return message + (f" Có phải: {'; '.join(near)}?" if near else "")

    def find(self, text: str, commune: Commune | None = None,
             commune_column: bool = False) -> tuple[str | None, str]:
        """(village code, "") for what a cell names, within `commune` when given; else
        (None, a Vietnamese message saying why, with the candidates or the nearest labels)."""
        allowed = commune.villages if commune is not None else None
        found = _within(self._by_label.find(text), allowed)
        name = text
        if not found:
            name, commune, found = self._parse(text, commune)
            allowed = commune.villages if commune is not None else None
        if len(found) == 1:
            return next(iter(found)), ""
        if found:
            listed = "; ".join(f"{self.label[c]} (mã {c})" for c in self._ordered(found))
            hint = "" if commune_column else ", ghi thêm cột “Xã”"
            return None, (f"Có {len(found)} thôn ứng với “{text}”. Có phải: {listed}? Hãy ghi "
                          f"đúng tên như trong danh sách của tệp mẫu{hint} hoặc ghi mã thôn.")
        where = f" thuộc {commune.name}" if commune is not None else ""
        message = f"Không tìm thấy thôn “{name}”{where}."
        near = self._nearest_villages(name, allowed)
        return None, message + (f" Có phải: {'; '.join(near)}?" if near else "")

    def _parse(self, text: str, commune: Commune | None
               ) -> tuple[str, Commune | None, set[str]]:
        """A label typed by hand: “Nà Lầu”, “thôn Nà Lầu - Vũ Lễ”, “Nà Lay (Long Đống cũ)”.
        Returns the village name read, the commune it names (narrowed by `commune`), and the
        villages that fit both."""
        name = text.strip()
        for separator in _SEPARATORS:
            village, _, commune_text = name.rpartition(separator)
            named = self.commune(commune_text) if village else None
            if named is not None:
                name, commune = village.strip(), _narrow(commune, named)
                break
        old = _OLD_COMMUNE.match(name)
        named = self.commune(old["commune"]) if old else None
        if named is not None:
            name, commune = old["village"], _narrow(commune, named)
        found = self._by_name.find(_strip(name, _VILLAGE_PREFIXES))
        return name, commune, _within(found, commune.villages if commune else None)

    def _nearest_villages(self, name: str, allowed: frozenset[str] | None) -> list[str]:
        """Labels to suggest: villages of that very name elsewhere (“Ân Phú” is not in Xã Bình
        but in Xã Đồng Ý), else those named closest, within the commune first."""
        key = _strip(name, _VILLAGE_PREFIXES)
        elsewhere = self._by_name.find(key)
        if elsewhere:
            return [self.label[c] for c in self._ordered(elsewhere)][:5]
        for scope in (allowed, None) if allowed is not None else (None,):
            codes = list(self.villages) if scope is None else list(scope)
            near = set(_nearest(key, {self.villages[c].name: self.villages[c].name
                                      for c in codes}))
            found = [c for c in codes if self.villages[c].name in near]
            if found:
                return [self.label[c] for c in self._ordered(found)][:5]
        return []

    def _ordered(self, codes) -> list[str]:
        return sorted(codes, key=lambda c: vi_sort_key(self.label[c]))


class _Index:
    """text -> values, looked up by fold_case, then by fold_marks when that finds nothing."""

    def __init__(self) -> None:
        self.by_case: dict[str, set] = {}
        self.by_marks: dict[str, set] = {}

    def add(self, text: str, value) -> None:
        self.by_case.setdefault(fold_case(text), set()).add(value)
        self.by_marks.setdefault(fold_marks(text), set()).add(value)

    def find(self, text: str) -> set:
        return set(self.by_case.get(fold_case(text)) or self.by_marks.get(fold_marks(text))
                   or ())


def _within(found: set[str], allowed: frozenset[str] | None) -> set[str]:
    return found if allowed is None else found & allowed


def _narrow(commune: Commune | None, named: Commune) -> Commune:
    """The commune a cell names, within the one its row's commune column names."""
    if commune is None:
        return named
    return Commune(commune.name, commune.villages & named.villages)


def _nearest(text: str, shown: dict[str, str], n: int = 3) -> list[str]:
    """Up to n of `shown`'s values whose keys are spelled closest to `text` (marks, case and
    punctuation ignored)."""
    folded = {fold_marks(k): v for k, v in shown.items()}
    return [folded[c] for c in difflib.get_close_matches(fold_marks(text), list(folded), n=n,
                                                          cutoff=0.6)]
