"""Vietnamese labels typed by staff -> the codes stored (vocab values, model ids).

Staff write what they see in our own template's explanation sheet ("Luật Cư trú", "Họp thôn"),
not the internal codes (`luat_cu_tru`, `hop_thon`). A coded cell accepts, in this order:
the code itself; the code or label ignoring case (after NFC); the code or label ignoring case
and tone marks too, when only one entry reads so. Anything else is refused with the nearest
labels as a suggestion. Model cells accept the model's name within the row's village.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pyarrow as pa


def fold_case(text: str) -> str:
    """NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold_marks(text: str) -> str:
    """fold_case without tone marks (đ -> d) or punctuation."""
    text = unicodedata.normalize("NFD", fold_case(text).replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@dataclass
class Choices:
    """The allowed (code, label) pairs of one coded column, with the ways to look them up."""

    pairs: list[tuple[str, str]]

    def __post_init__(self) -> None:
        self.codes = {code for code, _ in self.pairs}
        self.by_case: dict[str, set[str]] = {}
        self.by_marks: dict[str, set[str]] = {}
        for code, label in self.pairs:
            for text in (code, label):
                self.by_case.setdefault(fold_case(text), set()).add(code)
                self.by_marks.setdefault(fold_marks(text), set()).add(code)
        self.label_of = dict(self.pairs)

    def resolve(self, value: str) -> str | None:
        """The code `value` stands for, or None when it names none (or several)."""
        if value in self.codes:
            return value
        for index, key in ((self.by_case, fold_case(value)), (self.by_marks, fold_marks(value))):
            found = index.get(key, set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def ambiguous(self, value: str) -> list[str]:
        """Labels that `value` matches equally (tone marks ignored), when more than one."""
        found = self.by_marks.get(fold_marks(value), set())
        return sorted(self.label_of[c] for c in found) if len(found) > 1 else []

    def nearest(self, value: str, n: int = 3) -> list[str]:
        """Up to n labels spelled closest to `value` (tone marks and case ignored)."""
        folded = {fold_marks(label): label for _, label in self.pairs}
        close = difflib.get_close_matches(fold_marks(value), list(folded), n=n, cutoff=0.5)
        return [folded[c] for c in close]

    def unknown_message(self, value: str) -> str:
        """Vietnamese message for a value that resolves to nothing."""
        same = self.ambiguous(value)
        if same:
            listed = "; ".join(f"“{s}”" for s in same)
            return (f"“{value}” có thể là {listed}: hãy ghi đủ dấu hoặc ghi mã.")
        message = f"Giá trị “{value}” không có trong danh mục."
        near = self.nearest(value)
        if near:
            message += " Có phải: " + "; ".join(near) + "?"
        return message


def vocab_choices(vocab: pa.Table, table: str) -> dict[str, Choices]:
    """column -> Choices, from the stored vocab table, for one table."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for t, column, value, label in zip(*(vocab.column(n).to_pylist()
                                         for n in ("table", "column", "value", "label")),
                                       strict=True):
        if t == table:
            pairs.setdefault(column, []).append((value, label or value))
    return {column: Choices(p) for column, p in pairs.items()}


def model_choices(models: pa.Table) -> dict[str, Choices]:
    """village code -> Choices of (model id, model name) for the models of that village."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for model_id, name, village in zip(*(models.column(n).to_pylist()
                                         for n in ("model_id", "model_name", "village_code")),
                                       strict=True):
        pairs.setdefault(village, []).append((model_id, name))
    return {village: Choices(p) for village, p in pairs.items()}
