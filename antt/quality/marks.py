"""The follow-up marks of data-quality flags (DHIS2's "follow-up"): an editor marks a flag
"theo dõi" (with an optional note), takes the mark off ("bỏ theo dõi", with a note) or clears
the flag because the figure was checked and is right ("xác nhận đúng", with a reason; a high
flag then no longer stops approval). Each is one event appended to quality_marks.csv through
antt.writes.writer (lock, check, backup, audit line); a flag's state is its last event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from antt.data.schema import TABLES, header_bytes
from antt.data.store import get_store
from antt.problems import Problem
from antt.quality import flags as quality_flags
from antt.text.fmt import today_local
from antt.writes import writer
from antt.writes.change_checks import check_folder
from antt.writes.csv_rows import appended_bytes, rows_to_csv

MARKS = TABLES["quality_marks"]
# action -> (status written, note required)
ACTIONS = {
    "follow": (quality_flags.FOLLOWED, False),
    "unfollow": (quality_flags.UNFOLLOWED, True),
    "confirm": (quality_flags.CONFIRMED, True),
}
ACTION_WORDS = {"follow": "Theo dõi", "unfollow": "Bỏ theo dõi", "confirm": "Xác nhận đúng"}


class MarkError(writer.WriteError):
    """A follow-up action that cannot be done (Vietnamese problems)."""


def act(data_dir: Path, action: str, flag: str, user: str, note: str = "", *,
        communes: tuple[str, ...] | None = None, today: dt.date | None = None
        ) -> writer.AuditEntry:
    """Mark, unmark or clear one flag of the current data, appending its event to
    quality_marks.csv through the writer. `communes`: the editor's 2024 or 2025 communes
    (None or (): every commune)."""
    data_dir = Path(data_dir)
    today = today or today_local()
    note = " ".join((note or "").split())
    if action not in ACTIONS:
        raise ValueError(action)
    status, needs_note = ACTIONS[action]

    def refuse(message: str, column: str | None = None):
        raise MarkError([Problem(MARKS.file, None, column, message)])

    if needs_note and not note:
        refuse(f"“{ACTION_WORDS[action]}” cần ghi lý do (ghi vào nhật ký).", "note")
    with writer.data_lock(data_dir):
        tables, _, problems = check_folder(data_dir, today=today)
        if problems:
            raise MarkError(problems[:20])
        store = get_store(data_dir)  # the process's store: reloaded only if changed
        store.refresh()
        found = quality_flags.check(store).frame
        row = found[found["flag"] == flag]
        if row.empty:
            refuse(f"Không còn cảnh báo “{flag}” (bản ghi đã được sửa?).", "flag")
        r = row.iloc[0]
        if communes and not ({r["commune_code"], r["commune_code_2025"]} & set(communes)):
            refuse(f"Bạn không được sửa số liệu của {r['commune_name']}.", "flag")
        state = r["state"]
        if action == "follow" and state == quality_flags.FOLLOWED:
            refuse("Cảnh báo này đã được đánh dấu theo dõi.")
        if action == "unfollow" and state != quality_flags.FOLLOWED:
            refuse("Cảnh báo này chưa được đánh dấu theo dõi.")
        if action == "confirm" and state == quality_flags.CONFIRMED:
            refuse("Cảnh báo này đã được xác nhận đúng.")
        path = data_dir / MARKS.file
        ids = tables["quality_marks"].column("record_id").to_pylist()
        row_out = [_next_id(ids), flag, status, today.isoformat(), user, note]
        new = (appended_bytes(path, [row_out]) if path.exists()
               else header_bytes(MARKS) + rows_to_csv([row_out]))
        what = r["record_id"] or r["commune_name"]
        text = f"{ACTION_WORDS[action]}: {flag} ({what}, mức độ {r['importance']})"
        return writer.apply_change(
            data_dir, "quality_marks", new, user=user, action=action, added=1,
            note=text + (f". Lý do: {note}" if note else ""), today=today)


def _next_id(ids: list[str]) -> str:
    numbers = [int(i[3:]) for i in ids if i.startswith("TD-") and i[3:].isdigit()]
    return f"TD-{max(numbers, default=0) + 1:06d}"
