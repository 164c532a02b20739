"""The report actions: submit (a commune's editor), approve, send back, reopen (an editor of
every commune). Each appends one event to reports.csv through antt.writes.writer (lock, check,
backup, audit line). Approved unit-periods are locked by antt.writes.locks; reopening ("mở khóa")
unlocks one, with its reason in the audit log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa

from antt.access.editors_file import is_viewer
from antt.data import report_rules
from antt.data.cells import text_problem
from antt.data.report_rules import APPROVED, REOPENED, RETURNED, SUBMITTED
from antt.data.schema import TABLES, header_bytes
from antt.problems import Problem
from antt.quality import gate
from antt.reporting import coverage
from antt.text.fmt import date_short, today_local
from antt.writes import outside_edits, writer
from antt.writes.audit import ACTION_LABELS
from antt.writes.change_checks import check_folder
from antt.writes.csv_rows import appended_bytes, rows_to_csv

REPORTS = TABLES["reports"]
ACTIONS = ("submit", "approve", "return", "reopen")


class ReportError(writer.WriteError):
    """A report action that cannot be done (Vietnamese problems)."""


# ---------------------------------------------------------------- the report actions


def current_states(data_dir: Path, today: dt.date | None = None
                   ) -> tuple[pd.DataFrame, dict[str, pa.Table]]:
    """The states of every unit-period from the files as they are now (checked)."""
    tables, _, problems = check_folder(Path(data_dir), today=today)
    if problems:
        raise ReportError([Problem(p.file, p.row, p.column, p.message) for p in problems[:20]])
    return report_rules.report_states(tables["reports"].to_pandas()), tables


def _units(tables: dict[str, pa.Table]) -> coverage.Units:
    """Both unit sets and their mapping, from the checked tables."""
    old = tables["communes"].select(["commune_code", "commune_name", "commune_code_2025"])
    new = tables["communes_2025"].select(["commune_code_2025", "commune_name_2025"])
    links = old.to_pandas().merge(new.to_pandas(), on="commune_code_2025", how="outer")
    return coverage.Units(links)


def _viewer(user: str) -> bool:
    try:
        return is_viewer(user)
    except (OSError, ValueError):  # no readable editors file: no accounts to check against
        return False


def act(data_dir: Path, action: str, unit: str, period: str, user: str, note: str = "", *,
        communes: tuple[str, ...] | None = None, today: dt.date | None = None
        ) -> writer.AuditEntry:
    """Do one report action ('submit', 'approve', 'return', 'reopen') for a unit-period and
    append its event to reports.csv through the writer (backup, audit). `communes`: the
    editor's communes (None or (): every commune, as on the command line)."""
    data_dir = Path(data_dir)
    today = today or today_local()
    note = " ".join((note or "").split())
    if action not in ACTIONS:
        raise ValueError(action)
    try:
        report_rules.parse_period(period)
    except ValueError as exc:
        raise ReportError([Problem(REPORTS.file, None, "period", str(exc))]) from exc
    if _viewer(user):  # issue 27: a viewer never writes, from the page or the command line
        raise ReportError([Problem(REPORTS.file, None, "user", f"“{user}” là người chỉ xem "
                                   "số liệu: không được nộp, duyệt, trả lại hay mở khóa.")])
    with writer.data_lock(data_dir):
        states, tables = current_states(data_dir, today)
        units = _units(tables)
        new_status = _check(action, units, states, unit, period, note, communes, today)
        if action == "approve" and (edited := outside_edits.approval_problems(data_dir)):
            raise ReportError(edited)  # a file changed with no audit line: check it first
        if action == "approve":  # an open high-importance data-quality flag stops it
            blocking = gate.blocking_problems(data_dir, unit, period)
            if blocking:
                raise ReportError(blocking)
        path = data_dir / REPORTS.file
        ids = tables["reports"].column("record_id").to_pylist()
        row = [_next_id(ids), unit, period, new_status, today.isoformat(), user, note]
        new = (appended_bytes(path, [row]) if path.exists()
               else header_bytes(REPORTS) + rows_to_csv([row]))
        name = units.names(report_rules.unit_set_of(period)).get(unit, unit)
        label = f"{name}, kỳ {report_rules.period_label(period)}"
        return writer.apply_change(
            data_dir, "reports", new, user=user, action=action, added=1,
            note=f"{ACTION_LABELS[action]}: {label}" + (f". Lý do: {note}" if note else ""),
            today=today)


def _next_id(ids: list[str]) -> str:
    numbers = [int(i[3:]) for i in ids if i.startswith("BC-") and i[3:].isdigit()]
    return f"BC-{max(numbers, default=0) + 1:06d}"


def _check(action: str, units: coverage.Units, states: pd.DataFrame, unit: str, period: str,
           note: str, communes: tuple[str, ...] | None, today: dt.date) -> str:
    """The status of the event to add, or ReportError saying why not."""
    unit_set = report_rules.unit_set_of(period)
    names = units.names(unit_set)
    name = names.get(unit, unit)
    where = f"{name}, kỳ {report_rules.period_text(period)}"

    def refuse(message: str, column: str | None = None):
        raise ReportError([Problem(REPORTS.file, None, column, message)])

    if unit not in names:
        which = "xã mới (từ 01/7/2025)" if unit_set == "2025" else "xã, thị trấn trước 01/7/2025"
        refuse(f"Mã xã “{unit}” không thuộc {which}, bộ đơn vị của kỳ "
               f"{report_rules.period_label(period)}.", "unit_code")
    if not units.covers(communes, unit):
        refuse(f"Bạn không được báo cáo cho {name}.", "unit_code")
    if text_problem(note):
        refuse(text_problem(note) or "", "note")
    if action != "submit" and communes:
        refuse("Chỉ người được sửa mọi xã mới duyệt, trả lại hoặc mở khóa báo cáo.")
    row = states[(states["unit_code"] == unit) & (states["period"] == period)]
    state = row.iloc[0] if len(row) else None
    status = None if state is None else state["state"]
    if action == "submit":
        if today < report_rules.period_bounds(period)[1]:
            refuse(f"Kỳ {report_rules.period_text(period)} chưa kết thúc: chưa nộp được.")
        if status == SUBMITTED:
            refuse(f"{where} đã nộp ngày {date_short(state['submitted_on'])} "
                   f"({state['submitted_by']}).")
        if status == APPROVED:
            refuse(_approved_text(where, state))
        return SUBMITTED
    if action in ("approve", "return") and status != SUBMITTED:
        if status == APPROVED:
            refuse(_approved_text(where, state))
        refuse(f"{where} chưa nộp (hoặc đã bị trả lại): chưa duyệt hay trả lại được.")
    if action == "approve":
        return APPROVED
    if action == "return":
        if not note:
            refuse("Trả lại báo cáo cần ghi lý do.", "note")
        return RETURNED
    if status != APPROVED:
        refuse(f"{where} chưa được duyệt nên không cần mở khóa.")
    if not note:
        refuse("Mở khóa kỳ đã duyệt cần ghi lý do (ghi vào nhật ký).", "note")
    return REOPENED


def _approved_text(where: str, state) -> str:
    return (f"{where} đã được {state['approved_by']} duyệt ngày "
            f"{date_short(state['approved_on'])}.")
