"""Draft + data -> facts -> Notice -> PDF/DOCX bytes, with every problem as a Vietnamese message.

Nothing is rendered unless the whole notice is valid, so a caller never gets half a file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from antt.data.store import Store
from antt.notice.dates import (
    CITED_KEYS,
    blank_warnings,
    cited_date_warnings,
    issue_date_errors,
    with_blanks,
)
from antt.notice.docx import render_docx
from antt.notice.draft import Draft
from antt.notice.facts import Facts, collect_facts, scope_errors
from antt.notice.limits import deadline, length_errors
from antt.notice.model import Header, Notice, NoticeError, Signature, validate
from antt.notice.pdf import render_pdf
from antt.notice.profile import Profile
from antt.notice.template import TemplateError, compose_notice, fill_template, placeholders_in
from antt.text.fmt import today_local


@dataclass
class BuildResult:
    draft: Draft
    facts: Facts | None = None
    notice: Notice | None = None
    errors: list[str] = field(default_factory=list)
    date_warnings: list[str] = field(default_factory=list)
    preview: Notice | None = None  # composed even with fields missing (the page shows it)
    blanks: list[str] = field(default_factory=list)  # cited documents printed with "…"

    @property
    def ok(self) -> bool:
        return self.notice is not None and not self.errors

    @property
    def warnings(self) -> list[str]:
        return (self.facts.warnings if self.facts else []) + self.blanks + self.date_warnings


def build_notice(draft: Draft, store: Store, *, today: dt.date | None = None,
                 profile: Profile | None = None, input_errors: list[str] | None = None,
                 facts: Facts | None = None, allow_empty: bool = False) -> BuildResult:
    """The notice for a draft on the store's current data. `input_errors` (e.g. a số typed as
    text on the page) are reported with the others; any error leaves `notice` None. `facts`
    already collected for the draft's scope (the page caches them) skip the queries."""
    today = today or today_local()
    result = BuildResult(draft, errors=list(input_errors or []))
    # every path (page, command line, draft) has the same limits; nothing too long is rendered
    too_long = length_errors(draft.to_dict())
    if too_long:
        result.errors += too_long
        return result
    problems = scope_errors(draft.scope, store, today, profile)
    if problems:
        result.errors += problems
        return result
    try:
        result.facts = facts or collect_facts(draft.scope, store, profile, allow_empty)
    except NoticeError as exc:
        result.errors += exc.messages
        return result
    values = _with_cited(result.facts.values, draft.ho_so, result.errors)
    result.errors += issue_date_errors(draft.ngay, draft.thang, draft.nam, draft.date_to)
    cited = {label: values.get(key, "") for key, label in CITED_KEYS.items()}
    cited |= {f"Căn cứ (dòng {i})": text for i, text in enumerate(draft.can_cu, 1)}
    result.blanks = blank_warnings(cited)
    result.date_warnings = cited_date_warnings(cited, draft.date_to, draft.ngay, draft.thang,
                                               draft.nam)
    header = Header(co_quan_chu_quan=draft.co_quan_chu_quan,
                    co_quan_ban_hanh=draft.co_quan_ban_hanh, so=draft.so, loai=draft.loai,
                    ky_hieu_co_quan=draft.ky_hieu_co_quan, dia_danh=draft.dia_danh,
                    ngay=draft.ngay, thang=draft.thang, nam=draft.nam,
                    trich_yeu=draft.trich_yeu)
    signature = Signature(quyen_han=draft.quyen_han, chuc_vu=list(draft.chuc_vu), ten=draft.ten)
    appendix = result.facts.appendix if draft.appendix else None
    try:
        notice = compose_notice(values, header, signature, list(draft.noi_nhan),
                                draft.paragraphs, list(draft.can_cu), appendix)
    except NoticeError as exc:
        result.errors += exc.messages
        # Check the other fields too, so the user sees every problem at once.
        blanks = dict.fromkeys(_placeholders(draft), "") | values
        try:
            rest = compose_notice(blanks, header, signature, list(draft.noi_nhan),
                                  draft.paragraphs, list(draft.can_cu), appendix)
        except NoticeError:
            return result
        result.errors += validate(rest, today)
        result.preview = rest
        return result
    result.preview = notice
    result.errors += validate(notice, today)
    if not result.errors:
        result.notice = notice
    return result


def _with_cited(values: dict[str, str], typed: dict[str, str],
                errors: list[str]) -> dict[str, str]:
    """The facts with the cited documents typed on the form (their placeholders filled)."""
    out = dict(values)
    for key, text in typed.items():
        if key in CITED_KEYS and text.strip():
            try:
                out[key] = with_blanks(fill_template(text, values))
            except TemplateError as exc:
                errors.extend(f"{CITED_KEYS[key]}: {m}" for m in exc.messages)
    return out


def _placeholders(draft: Draft) -> list[str]:
    texts = [draft.co_quan_chu_quan, draft.co_quan_ban_hanh, draft.dia_danh, draft.trich_yeu,
             draft.quyen_han, draft.ten, *draft.chuc_vu, *draft.noi_nhan, *draft.can_cu]
    texts += [str(p.get("text", "")) for p in draft.paragraphs]
    return [name for text in texts for name in placeholders_in(text)]


def creation_date_from_env() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds convention) as the PDF creation date, if set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)


def render_files(notice: Notice, creation_date: dt.datetime | None = None,
                 docx: bool = True) -> tuple[bytes, bytes | None]:
    """(PDF bytes, DOCX bytes or None). Raises NoticeError before producing either file."""
    creation_date = creation_date or creation_date_from_env()
    pdf = render_pdf(notice, creation_date=creation_date)  # within its own time bound
    with deadline():
        return pdf, (render_docx(notice, creation_date) if docx else None)
