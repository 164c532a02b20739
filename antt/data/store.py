"""The data store: CSV files -> validated, typed DuckDB tables, reloaded when a file changes.

One in-memory DuckDB database per data folder and process. A changed file is noticed by its
size and modification time, then by its content (a touched but unchanged file costs a hash,
not a reload). Only the changed tables and the tables checked against them are validated
again; they replace the old tables in one transaction, and only when every file is valid, so a
broken file never replaces the last good data and a query sees either the old data or the new.
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
from antt.data.csvio import decode_text, parse_csv_text
from antt.data.schema import TABLES, Table, header_bytes
from antt.data.validation import Context, validate_table
from antt.problems import Problem
from antt.text.fmt import TZ, today_local

# Run once per database: views.sql defines the shared views and macros; materialize.sql turns
# the activity and incident rows into stored, date-sorted tables. LOAD_SQL runs on every (re)load.
SETUP_SQL = ("setup/views.sql", "setup/materialize.sql")
LOAD_SQL = ("setup/refresh.sql",)
# The tables live in an attached in-memory database with compression: a million rows take
# 30 MB instead of 160 MB. Views of the same names in `main` let every cursor find them.
STORED = "stored"
REFERENCED = frozenset(c.references for t in TABLES.values() for c in t.columns if c.references)


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
    raw_bytes = read_file_bytes(path, table)
    if raw_bytes is None:
        return None, [Problem(table.file, None, None, "Không tìm thấy tệp.")]
    return read_table_bytes(raw_bytes, table, ctx)


def read_file_bytes(path: Path, table: Table) -> bytes | None:
    """A table file's bytes; a missing optional file (reports.csv) reads as its header only,
    any other missing file as None."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return header_bytes(table) if table.optional_file else None


def read_table_bytes(
    raw_bytes: bytes, table: Table, ctx: Context
) -> tuple[pa.Table | None, list[Problem]]:
    """The bytes of one CSV file -> typed arrow table, or the problems that stop it."""
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
    if len(table.key) == 1 and f"{table.name}.{table.key[0]}" in REFERENCED:
        # only keys some column points to: a set of a million record ids would cost a second
        ctx.keys[f"{table.name}.{table.key[0]}"] = set(typed.column(table.key[0]).to_pylist())
    if table.name == "models":
        ctx.models = typed.select(
            ["model_id", "village_code", "established_on", "ended_on"]
        ).to_pandas()


def depends_on(table: Table) -> set[str]:
    """The tables a table is checked against: the ones it references, and vocab."""
    refs = {c.references.split(".")[0] for c in table.columns if c.references}
    return refs | ({"vocab"} if table.name != "vocab" else set())


def reuse_context(ctx: Context, old: Context, table: Table) -> None:
    """Carry an unchanged table's part of the context over from the last good load."""
    if table.name == "vocab":
        ctx.vocab = old.vocab
    key = f"{table.name}.{table.key[0]}"
    if key in old.keys:
        ctx.keys[key] = old.keys[key]
    if table.name == "models":
        ctx.models = old.models


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
            # give freed query memory back to the system within seconds: without this a
            # 1M-row load keeps ~190 MB of the date sort's scratch space for good
            "allocator_flush_threshold": "16MB",
            "allocator_background_threads": True,
        }
    )
    con.execute("attach ':memory:' as stored (compress)")
    typed = None
    for name, typed in _drain(tables):
        con.from_arrow(typed).create(f"{STORED}.{_table_ident(name)}")
        con.execute(_table_ddl("create view main.{t} as select * from stored.{t}", name))
    typed = None
    pa.default_memory_pool().release_unused()
    for rel in SETUP_SQL + LOAD_SQL:
        con.execute(_sql(rel))
    _compress(con)
    return con


def _drain(tables: dict[str, pa.Table]):
    """(name, table) pairs, each taken out of `tables` as it is handed over: once DuckDB holds
    a copy, the arrow table can be freed before the next one and before the date sort of
    refresh.sql (1M rows: the first load's peak RSS 615 -> 523 MB)."""
    for name in list(tables):
        yield name, tables.pop(name)


def _compress(con: duckdb.DuckDBPyConnection) -> None:
    """Compress what the last load wrote: a table made by a query (activity_rows) stays
    uncompressed until a checkpoint (1M rows: 90 MB -> 26 MB, 0,2 s)."""
    with con.cursor() as cur:
        try:
            cur.execute("checkpoint stored")
        except duckdb.Error:
            pass  # busy with another writer: the next load compresses it


def _table_ident(name: str) -> str:
    """A table name for DDL: only the schema's own tables (an allow-list), quoted. Names are
    never user input, and values never go into SQL text (they are bound)."""
    if name not in TABLES:
        raise ValueError(f"bảng không có trong lược đồ: {name!r}")
    return '"' + name + '"'


def _table_ddl(template: str, name: str) -> str:
    """`template` with {t} replaced by the allow-listed, quoted table name."""
    return template.replace("{t}", _table_ident(name))


def _sql(rel: str) -> str:
    return (config.QUERIES_DIR / rel).read_text(encoding="utf-8")


@dataclass
class _Served:
    """What a served table was built from: its file's (size, mtime) and content digest."""

    stat: tuple
    digest: str | None


def replace_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """Swap new versions of some tables into a served database in one transaction: a query
    running meanwhile sees the old tables, the next one the new (DuckDB's MVCC). Only the
    `stored` database is written (a transaction may write to one database only)."""
    with con.cursor() as cur:
        cur.execute("begin transaction")
        try:
            for name, typed in _drain(tables):
                cur.register("incoming", typed)
                cur.execute(_table_ddl(
                    "create or replace table stored.{t} as select * from incoming", name))
                cur.unregister("incoming")
            typed = None
            pa.default_memory_pool().release_unused()
            for rel in LOAD_SQL:
                cur.execute(_sql(rel))
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
    _compress(con)


class Store:
    """The last good database of one data folder, reloaded when its files change."""

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = Path(data_dir or config.data_dir())
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._signature: tuple | None = None  # of the files last tried
        self._served: dict[str, _Served] = {}  # per table, of the data being served
        self._ctx: Context | None = None  # the checks' context built by the served data
        self.version: str = ""  # of the data being served
        self.problems: list[Problem] = []  # of the last load attempt; empty when it succeeded
        self.loaded_at: dt.datetime | None = None
        self.files_changed_at: dt.datetime | None = None
        self.reloaded_tables: tuple[str, ...] = ()  # validated again by the last reload

    def refresh(self) -> bool:
        """Reload if any file changed since the last attempt. True when new data is served."""
        signature = file_signature(self.data_dir)
        if signature == self._signature:
            return False
        with self._lock:
            if signature == self._signature:
                return False
            return self._reload(signature)

    def _reload(self, signature: tuple) -> bool:
        ctx = Context(today=today_local())
        stats = {name: sig[1:] for name, sig in zip(TABLES, signature)}
        digests: dict[str, str | None] = {}
        fresh: dict[str, pa.Table] = {}  # tables validated again, to replace the served ones
        problems: list[Problem] = []
        failed: set[str] = set()
        for table in TABLES.values():
            served = self._served.get(table.name)
            raw = None
            if served is not None and served.stat == stats[table.name]:
                digests[table.name] = served.digest
            else:
                raw = read_file_bytes(self.data_dir / table.file, table)
                digests[table.name] = (
                    None if raw is None else hashlib.blake2b(raw, digest_size=16).hexdigest())
            depends = depends_on(table)
            if table.name != "vocab" and ("vocab" in failed or depends & failed):
                failed.add(table.name)  # its checks would only repeat the earlier file's errors
                continue
            unchanged = (
                served is not None
                and self._ctx is not None
                and digests[table.name] == served.digest
                and not depends & fresh.keys()
            )
            if unchanged:
                reuse_context(ctx, self._ctx, table)
                continue
            if digests[table.name] is None:
                failed.add(table.name)
                problems.append(Problem(table.file, None, None, "Không tìm thấy tệp."))
                continue
            if raw is None:  # unchanged file checked again because a table it uses changed
                raw = read_file_bytes(self.data_dir / table.file, table)
            typed, found = read_table_bytes(raw, table, ctx)
            raw = None
            # hand the parser's scratch memory back now, not after the last file: the peak
            # RSS of a 1M-row load drops by about 100 MB
            pa.default_memory_pool().release_unused()
            if typed is None:
                failed.add(table.name)
                problems.extend(found)
                continue
            fresh[table.name] = typed
            extend_context(ctx, table, typed)
        self._signature = signature
        self.problems = problems
        if problems:
            return False  # keep serving the last good data
        self._served = {name: _Served(stats[name], digests[name]) for name in TABLES}
        self.reloaded_tables = tuple(fresh)
        if not fresh:
            return False  # files touched, content unchanged: the same data stays
        self._ctx = ctx
        if self._con is None:
            self._con = build_database(fresh)
        else:
            replace_tables(self._con, fresh)
        fresh.clear()
        pa.default_memory_pool().release_unused()
        self.version = hashlib.sha1(repr(sorted(digests.items())).encode()).hexdigest()[:12]
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
            # A write cut short by a crash is settled before anything reads the folder, by
            # whoever starts: app.py and the command line (antt.writes.writer.settle_at_start).
            _stores[key] = Store(key)
        return _stores[key]
