"""The data store: CSV files -> validated, typed DuckDB tables, reloaded when a file changes.

One in-memory DuckDB database per data folder and process. A changed file is noticed by its
size and modification time; the new data is loaded into a fresh database and only swapped in
when every file is valid, so a broken file never replaces the last good data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from antt import config
from antt.csvio import decode_text, parse_csv_text
from antt.fmt import TZ, today_local
from antt.problems import Problem
from antt.schema import TABLES, Table
from antt.validation import Context, validate_table

SETUP_SQL = ("setup/views.sql",)


@dataclass
class LoadResult:
    tables: dict[str, pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def file_signature(data_dir: Path) -> tuple:
    """(name, size, mtime) of every table file: changes when any file is replaced or edited."""
    sig = []
    for table in TABLES.values():
        path = data_dir / table.file
        try:
            st = path.stat()
            sig.append((table.file, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            sig.append((table.file, -1, -1))
    return tuple(sig)


def read_table_file(
    path: Path, table: Table, ctx: Context
) -> tuple[pa.Table | None, list[Problem]]:
    """One CSV file -> typed arrow table, or the problems that stop it."""
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(table.file, None, None, "Không tìm thấy tệp.")]
    text, problems = decode_text(raw_bytes, table.file)
    if text is None:
        return None, problems
    raw, problems = parse_csv_text(text, table.file)
    if raw is None:
        return None, problems
    return validate_table(table, raw, ctx, table.file)


def extend_context(ctx: Context, table: Table, typed: pa.Table) -> None:
    """Make a loaded table's keys available to the checks of the tables after it."""
    if table.name == "vocab":
        for t, c, v in zip(
            typed.column("table").to_pylist(),
            typed.column("column").to_pylist(),
            typed.column("value").to_pylist(),
        ):
            ctx.vocab.setdefault((t, c), set()).add(v)
    if len(table.key) == 1:
        ctx.keys[f"{table.name}.{table.key[0]}"] = set(typed.column(table.key[0]).to_pylist())
    if table.name == "models":
        ctx.models = typed.select(
            ["model_id", "village_code", "established_on", "ended_on"]
        ).to_pandas()


def read_all(data_dir: Path, today: dt.date | None = None) -> LoadResult:
    """Read and check every table file in load order (references before the tables using them)."""
    ctx = Context(today=today or today_local())
    result = LoadResult()
    failed: set[str] = set()
    for table in TABLES.values():
        depends = {c.references.split(".")[0] for c in table.columns if c.references}
        if table.name != "vocab" and ("vocab" in failed or depends & failed):
            failed.add(table.name)  # its checks would only repeat the earlier file's errors
            continue
        typed, problems = read_table_file(data_dir / table.file, table, ctx)
        if typed is None:
            failed.add(table.name)
            result.problems.extend(problems)
            continue
        result.tables[table.name] = typed
        extend_context(ctx, table, typed)
    return result


def build_database(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database holding the tables and the shared views and macros."""
    con = duckdb.connect(
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    for name, typed in tables.items():
        con.from_arrow(typed).create(name)
    for rel in SETUP_SQL:
        con.execute((config.QUERIES_DIR / rel).read_text(encoding="utf-8"))
    return con


class Store:
    """The last good database of one data folder, reloaded when its files change."""

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = Path(data_dir or config.data_dir())
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._signature: tuple | None = None  # of the files last tried
        self.version: str = ""  # of the data being served
        self.problems: list[Problem] = []  # of the last load attempt; empty when it succeeded
        self.loaded_at: dt.datetime | None = None
        self.files_changed_at: dt.datetime | None = None

    def refresh(self) -> bool:
        """Reload if any file changed since the last attempt. True when new data is served."""
        signature = file_signature(self.data_dir)
        if signature == self._signature:
            return False
        with self._lock:
            if signature == self._signature:
                return False
            result = read_all(self.data_dir)
            self._signature = signature
            self.problems = result.problems
            if result.problems:
                return False  # keep serving the last good data
            self._con = build_database(result.tables)
            self.version = hashlib.sha1(repr(signature).encode()).hexdigest()[:12]
            self.loaded_at = dt.datetime.now(TZ)
            newest = max(s[2] for s in signature)
            self.files_changed_at = dt.datetime.fromtimestamp(newest / 1e9, TZ)
            return True

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The current database (after a refresh check). Query it through a cursor."""
        self.refresh()
        if self._con is None:
            from antt.problems import DataError

            raise DataError(self.problems)
        return self._con


_stores: dict[Path, Store] = {}
_stores_lock = threading.Lock()


def get_store(data_dir: Path | None = None) -> Store:
    """The process-wide store for a data folder (default: ANTT_DATA_DIR or data/)."""
    key = Path(data_dir or config.data_dir()).resolve()
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(key)
        return _stores[key]
