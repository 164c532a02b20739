"""The completeness rule (antt.data.complete) on the current data, for every page: up to
which day each unit's data are complete, per scope, shared by every session (read-only), and
the reports it is computed from (cached per data version and reporting.toml)."""

from __future__ import annotations

from pathlib import Path

from antt import cache
from antt.data import report_rules
from antt.data.complete import DataThrough
from antt.data.store import get_store
from antt.indicators.filters import Filters
from antt.reporting import progress
from antt.reporting.progress import Reports, load_reports
from antt.text.fmt import today_local
from antt.ui.data import store


def _settings_stamp(data_dir: Path) -> int:
    try:
        return (data_dir / report_rules.SETTINGS_FILE).stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def _reports(version: str, data_dir: str, stamp: int) -> Reports:
    """Shared by every session (antt.cache.VALUES, read-only): st.cache_data would hand each
    call an unpickled copy, several times a run."""
    return cache.VALUES.get(("reports", version, data_dir, stamp),
                            lambda: load_reports(get_store(Path(data_dir))))


def reports() -> Reports:
    """The reports of the current data (cached per data version and settings file)."""
    s = store()
    return _reports(s.version, str(s.data_dir), _settings_stamp(s.data_dir))


def data_through(unit_set: str, communes: tuple[str, ...] = ()) -> DataThrough:
    """How far the data of each unit of `unit_set` among `communes` (all if empty) are
    complete today."""
    s = store()
    stamp, today = _settings_stamp(s.data_dir), today_local()
    key = ("data_through", s.version, str(s.data_dir), stamp, unit_set, tuple(communes), today)
    return cache.VALUES.get(key, lambda: progress.data_through(
        _reports(s.version, str(s.data_dir), stamp), s, unit_set, tuple(communes), today))


def for_filters(f: Filters) -> DataThrough:
    return data_through(f.unit_set, tuple(f.communes))
