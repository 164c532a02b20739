"""One write started from a page (a report action, a data-quality mark): its refusal as a
Vietnamese error, or the data reloaded and what was done, with its audit number."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from antt.problems import summarize
from antt.text.escape import md
from antt.ui.data import store
from antt.writes import writer
from antt.writes.audit import AuditEntry


def run_write(write: Callable[[], AuditEntry]) -> AuditEntry | None:
    """Run `write`; None when it was refused (the problems are shown, nothing was written)."""
    try:
        entry = write()
    except writer.WriteError as exc:
        st.error("Không thực hiện được:\n" + "\n".join(
            f"- {md(x)}" for x in summarize(exc.problems)))
        return None
    store().refresh()
    st.success(md(f"{entry.note} (nhật ký số {entry.id})."))
    return entry
