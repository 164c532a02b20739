"""The tables under the map (Bản đồ page): the communes' and the villages' figures with
Vietnamese headers, plus the chosen indicator when it is a rate.

Numbers stay numbers here: antt.ui.tables formats them on screen, antt.ui.downloads writes
the CSV and Excel files.
"""

from __future__ import annotations

import pandas as pd

from antt.indicators.table_frames import COLUMN_LABELS
from antt.indicators.view_text import unit_label
from antt.maps.colours import INDICATORS, village_status

# The same headers as every other table (dashboard.COLUMN_LABELS), so a figure reads the same
# on the map page as on the others; "models" is the map's text of names with their status.
_LABELS = {**COLUMN_LABELS, "models": COLUMN_LABELS["model_names"]}
VILLAGE_COLUMNS = {c: _LABELS[c] for c in (
    "village_name", "village_kind", "population", "households", "models",
    "outreach_sessions", "outreach_attendees", "patrols", "patrol_participants",
    "commitment_households", "mediations", "incidents",
)}


def village_table(villages: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The villages' figures with Vietnamese headers; numbers stay numbers (antt.ui.tables
    formats them on screen, antt.ui.downloads writes the CSV and Excel files)."""
    ind = INDICATORS[indicator]
    status = village_status(villages)
    models = [
        "" if s == "none" else f"{n} ({'đang hoạt động' if s == 'active' else 'đã kết thúc'})"
        for n, s in zip(villages["model_names"].fillna(""), status)
    ]
    table = villages.assign(models=models)[list(VILLAGE_COLUMNS)].rename(columns=VILLAGE_COLUMNS)
    if ind.denominator is not None:
        table[ind.label] = ind.values(villages).round(ind.decimals)
    return table.reset_index(drop=True)


UNIT_COLUMNS = {c: _LABELS[c] for c in (
    "unit_name", "villages", "population", "households", "active_models",
    "outreach_sessions", "outreach_attendees", "patrols", "patrol_participants",
    "commitment_households", "mediations", "incidents",
)}


def unit_table(units: pd.DataFrame, indicator: str, unit_set: str = "2024") -> pd.DataFrame:
    """The units' figures with Vietnamese headers, plus the indicator when it is a rate."""
    ind = INDICATORS[indicator]
    headers = {**UNIT_COLUMNS, "unit_name": unit_label(unit_set)}
    table = units[list(headers)].rename(columns=headers)
    if ind.denominator is not None:
        table[ind.label] = ind.values(units).round(ind.decimals)
    return table.reset_index(drop=True)

