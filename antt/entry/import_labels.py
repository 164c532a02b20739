"""What staff write instead of codes, read as the codes stored: vocab labels (antt.text.labels),
village labels of either unit set and a commune column (antt.text.place_labels), model names within
the row's village. Each reading is listed in the preview (“Tên và nhãn đã được hiểu là”)."""

from __future__ import annotations

import re

from antt.data.schema import Table
from antt.entry.import_cells import Cells
from antt.entry.import_read import COMMUNE, VILLAGE_NAME
from antt.entry.import_stored import Stored
from antt.text.labels import model_choices, vocab_choices

_CODE_SHAPE = re.compile(r"^\d{5}-\d{2}$")  # a village code: an unknown one the schema names


def resolve_codes(table: Table, cells: Cells, stored: Stored) -> None:
    """Labels, village and commune names, model names -> the codes stored."""
    _resolve_vocab(table, cells, stored)
    if "village_code" in table.column_names:
        _resolve_villages(cells, stored)
    if "model_id" in cells.values:
        _resolve_models(cells, stored)


def _resolve_vocab(table: Table, cells: Cells, stored: Stored) -> None:
    """Vietnamese labels (any case, with or without tone marks) -> vocab codes."""
    choices = vocab_choices(stored.tables["vocab"], table.name)
    for col in table.columns:
        values = cells.values.get(col.name)
        if not col.vocab or values is None or col.name not in choices:
            continue
        options = choices[col.name]
        for i, value in enumerate(values):
            if not value or value in options.codes or cells.is_flagged(i, col.name):
                continue
            code = options.resolve(value)
            if code is None:
                cells.problem(i, col.name, options.unknown_message(value))
            else:
                cells.set(i, col.name, code)
                cells.resolved(col.name, value, options.label_of[code])


def _resolve_models(cells: Cells, stored: Stored) -> None:
    """A model cell may hold the model's name, looked up among the row's village's models."""
    models = stored.tables["models"]
    known = set(models.column("model_id").to_pylist())
    by_village = model_choices(models)
    villages = cells.values.get("village_code", [""] * len(cells.rows))
    for i, value in enumerate(cells.values["model_id"]):
        if not value or value in known or cells.is_flagged(i, "model_id"):
            continue
        options = by_village.get(villages[i])
        code = options.resolve(value) if options else None
        if code is not None:
            cells.set(i, "model_id", code)
            cells.resolved("model_id", value, f"{options.label_of[code]} ({code})")
        elif options is not None and " " in value:  # a name; a code-like value: see below
            near = options.nearest(value)
            hint = f" Có phải: {'; '.join(near)}?" if near else ""
            cells.problem(i, "model_id", f"Thôn này không có mô hình “{value}”.{hint}")
        # no model in that village, or an unknown code: the schema check names it


def _resolve_villages(cells: Cells, stored: Stored) -> None:
    """Village labels (today's “Thôn X – Xã Y”, the old templates' label with the old commune,
    a bare name) and a commune column (old or new name or code) -> village codes
    (antt.text.place_labels)."""
    places = stored.places
    n = len(cells.rows)
    codes = cells.values.setdefault("village_code", [""] * n)
    names = cells.values.pop(VILLAGE_NAME, [""] * n)
    has_commune = COMMUNE in cells.values
    communes = cells.values.pop(COMMUNE, [""] * n)
    for i in range(n):
        commune = None
        if communes[i]:
            commune = places.commune(communes[i])
            if commune is None:
                cells.problem(i, COMMUNE, places.unknown_commune(communes[i]))
                continue
        code = codes[i]
        if code in places.villages:
            if commune is not None and code not in commune.villages:
                cells.problem(i, "village_code", f"Thôn “{code}” thuộc {places.where(code)}, "
                              f"không thuộc {commune.name}.")
            continue
        text, column = (code, "village_code") if code else (names[i], VILLAGE_NAME)
        if not text or (code and _CODE_SHAPE.match(code)):
            continue  # blank or an unknown code: the schema check names it
        found, message = places.find(text, commune, commune_column=has_commune)
        if found is None:
            cells.problem(i, column, message)
            continue
        cells.set(i, "village_code", found)
        cells.original[(int(cells.rows[i]), "village_code")] = text
        written = text if not commune else f"{text} ({communes[i]})"
        cells.resolved("village_code", written, f"{places.label[found]} (mã {found})")
