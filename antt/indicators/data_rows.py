"""The stored rows as people read them (the Dữ liệu page and its downloads): labels instead of
codes, Vietnamese headers, the sidebar's filters applied by queries/data_rows_<table>.sql.

On screen: the village with its commune, the model's name and each coded value's label; the
record's key last (editors look records up by it). In the downloads: the codes in their own
columns ("Mã thôn", "Mã nội dung", ...) next to the labels, so a file can be filtered, joined or
checked against the codes, and read by a person.
No streamlit here: antt/ui/data_table.py draws.
"""

from __future__ import annotations

import pandas as pd

from antt.data.schema import TABLES
from antt.indicators.view_text import unit_label
from antt.text.fmt import number

# One query file per table (a table name is never put into SQL). The activity tables share
# queries/activity_records.sql (the Hoạt động page's rows), whose generic columns are renamed
# to the table's own by ACTIVITY_COLUMNS.
QUERIES = {
    "outreach": "activity_records", "patrols": "activity_records",
    "commitments": "activity_records", "mediations": "activity_records",
    "incidents": "data_rows_incidents", "models": "data_rows_models",
    "religion": "data_rows_religion",
}
ACTIVITY_COLUMNS = {
    "outreach": {"on_date": "held_on", "kind": "topic", "detail": "format",
                 "people": "attendees"},
    "patrols": {"on_date": "held_on", "kind": "occasion", "people": "participants"},
    "commitments": {"on_date": "signed_on", "kind": "commitment_type"},
    "mediations": {"on_date": "held_on", "kind": "dispute_type", "detail": "outcome"},
}


def query_params(name: str) -> dict[str, str]:
    """The parameters naming the table for its query (activity_records needs `activity`)."""
    return {"activity": name} if name in ACTIVITY_COLUMNS else {}


def stored_names(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """activity_records' generic columns under the table's own names (topic, topic_label...)."""
    renames = ACTIVITY_COLUMNS.get(name, {})
    return frame.rename(columns={**renames, **{f"{k}_label": f"{v}_label"
                                                for k, v in renames.items()}})


VILLAGE, MODEL = "Thôn, khối phố", "Tên mô hình"


def _code_header(label: str) -> str:
    """'Nội dung' -> 'Mã nội dung' (the header of a coded value's own column)."""
    return f"Mã {label[0].lower()}{label[1:]}"


def columns(name: str, unit_set: str, *, download: bool) -> dict[str, str]:
    """Query column -> header, in order, for the screen (labels) or a download (codes too)."""
    table = TABLES[name]
    out: dict[str, str] = {}
    for col in table.columns:
        if col.name == "village_code":
            if download:
                out["village_code"] = col.label
            out["village_name"] = VILLAGE
            out["unit_name"] = unit_label(unit_set)
        elif col.name == "model_id" and name != "models":
            if download:
                out["model_id"] = col.label
            out["model_name"] = MODEL if download else "Mô hình"
        elif col.vocab:
            if download:
                out[col.name] = _code_header(col.label)
            out[f"{col.name}_label"] = col.label
        elif col.name in table.key and not download and name != "religion":
            continue  # the key goes last on screen
        else:
            out[col.name] = col.label
    if not download and name != "religion":
        out.update({k: TABLES[name].column(k).label for k in table.key})
    return out


def shape(frame: pd.DataFrame, name: str, unit_set: str, *, download: bool) -> pd.DataFrame:
    """The query's rows with the chosen columns under Vietnamese headers. Dates stay dates and
    yes/no stays bool: the table formatter and the file writers present them (02/10/2024,
    Có/Không)."""
    chosen = columns(name, unit_set, download=download)
    out = stored_names(frame, name).loc[:, list(chosen)].copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].map(lambda v: None if pd.isna(v) else v.date()).astype(object)
        elif col == "year":
            out[col] = out[col].astype(str)  # 2024, not 2.024
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out.rename(columns=chosen)


def match_text(matching: int, stored: int, table_label: str) -> str:
    """'127 dòng khớp bộ lọc ở đầu trang (bảng Tuyên truyền có 881 dòng).'"""
    return (f"{number(matching)} dòng khớp bộ lọc ở đầu trang (bảng {table_label} có "
            f"{number(stored)} dòng).")
