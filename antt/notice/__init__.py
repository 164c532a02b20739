"""THÔNG BÁO (Decree 30/2020 notice): its figures from the data, the model, the narrative
template, drafts, and the PDF and DOCX renderers.

Imports antt.data and antt.text; never the write path.
"""

from antt.notice.docx import render_docx
from antt.notice.model import (
    Appendix,
    Block,
    Header,
    Notice,
    NoticeError,
    Signature,
    validate,
)
from antt.notice.pdf import render_pdf
from antt.notice.template import (
    TemplateError,
    compose_notice,
    default_header,
    default_noi_nhan,
    default_paragraphs,
    default_signature,
    fill_template,
)

__all__ = [
    "Appendix",
    "Block",
    "Header",
    "Notice",
    "NoticeError",
    "Signature",
    "TemplateError",
    "compose_notice",
    "default_header",
    "default_noi_nhan",
    "default_paragraphs",
    "default_signature",
    "fill_template",
    "render_docx",
    "render_pdf",
    "validate",
]
