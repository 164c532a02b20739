"""The query runner: `run_query("kpis", **params)` runs queries/kpis.sql with bound parameters.

Query files name their parameters `$name`; only the parameters a file uses are bound, so
callers can pass a shared filter dict. Values are always bound, never formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from functools import cache

import pandas as pd

from antt import config
from antt.data.store import Store, get_store

# DuckDB warns that Arrow output from a DB-API result copies the rows once; that copy is cheap
# next to one Python object per text cell, which is what .df() makes (see run_query).
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def _load_sql(name: str) -> tuple[str, frozenset[str]]:
    if not _NAME.match(name):
        raise ValueError(f"tên truy vấn không hợp lệ: {name!r}")
    path = config.QUERIES_DIR / f"{name}.sql"
    sql = path.read_text(encoding="utf-8")
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return sql, frozenset(_PARAM.findall(body))


def query_names() -> list[str]:
    return sorted(p.stem for p in config.QUERIES_DIR.glob("*.sql"))


def query_params(name: str) -> frozenset[str]:
    return _load_sql(name)[1]


def _bind_value(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def run_query(name: str, store: Store | None = None, **params) -> pd.DataFrame:
    """Run queries/NAME.sql on the current data and return its rows as a DataFrame."""
    sql, wanted = _load_sql(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"truy vấn {name} thiếu tham số: {', '.join(sorted(missing))}")
    bound = {k: _bind_value(params[k]) for k in wanted}
    con = (store or get_store()).connection()
    with con.cursor() as cur:
        # through Arrow, not .df(): text columns become pandas' Arrow-backed strings instead of
        # one Python object per cell (30.000 records: 65 -> 30 ms); dates as datetime64
        table = cur.execute(sql, bound).to_arrow_reader().read_all()
    return table.to_pandas(date_as_object=False)
