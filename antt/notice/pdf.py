"""THÔNG BÁO → PDF with fpdf2, laid out per shared/design/notice-format.md (NĐ 30/2020).

A4, margins top/bottom 20, left 30, right 15 mm; Tinos (Times New Roman metrics) embedded.
"""

from __future__ import annotations

import datetime as dt
import re

from fpdf import FPDF
from fpdf.enums import Align, VAlign, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.text_region import LineWrapper, TextColumns

from antt.notice.limits import check_deadline, deadline
from antt.notice.linefit import fit
from antt.notice.model import END_MARK, FONT_DIR, FONT_FILES, Block, Notice, check
from antt.notice.typography import (
    appendix_layout,
    appendix_reference,
    is_total_row,
    keep_phrases,
    one_line,
    title_lines,
    typeset,
)
from antt.text.fmt import nfc, ngay_thang_nam

FAMILY = "Tinos"
PT = 25.4 / 72  # mm per point
LINE = 1.2  # line height factor (single spacing for Times New Roman)
MARGIN_L, MARGIN_T, MARGIN_R, MARGIN_B = 30.0, 20.0, 15.0, 20.0
HEAD_LEFT_W, HEAD_RIGHT_W = 65.0, 100.0
SIGN_LEFT_W, SIGN_RIGHT_W = 65.0, 100.0  # as the header: "Nơi nhận" lines of ~60 mm stay whole
INDENT = 10.0  # first-line indent of body paragraphs
PARA_GAP = 6 * PT  # 6 pt between paragraphs
SIGN_GAP = 3.0  # between the body's last line and the signature block
SIGN_SPACE = 27.0  # blank space for signature and seal
RULE_W = 0.25
TABLE_SIZE = 12  # appendix table text (pt): ten columns on a portrait page
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def lh(size: float) -> float:
    """Line height in mm for a font size in pt."""
    return size * PT * LINE


class NoticePDF(FPDF):
    """A4 page with the notice margins, Tinos registered and Decree-30 page numbers."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN_L, MARGIN_T, MARGIN_R)
        self.set_auto_page_break(True, MARGIN_B)
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / name))
        self.c_margin = 0.0  # text starts exactly at the 30 mm margin
        self.section_start = 1  # first page of the current numbering section
        self.set_line_width(RULE_W)

    def add_page(self, *args, **kwargs) -> None:
        check_deadline(self.page_no() + 1)  # a time and page bound on any rendering
        super().add_page(*args, **kwargs)

    def header(self) -> None:
        number = self.page_no() - self.section_start + 1
        if number > 1:  # no number on the first page of the notice or of an appendix
            self.set_font(FAMILY, "", 13)
            self.set_xy(self.l_margin, 10)
            self.cell(self.epw, lh(13), str(number), align="C")
        self.set_xy(self.l_margin, self.t_margin)

    def centered(self, x: float, w: float, text: str, style: str, size: float) -> float:
        """Centred, wrapping text in [x, x+w]; returns the widest line's width."""
        self.set_font(FAMILY, style, size)
        lines = self.multi_cell(w, lh(size), text, align="C", dry_run=True, output="LINES")
        widest = max((self.get_string_width(line) for line in lines), default=0.0)
        self.set_x(x)
        self.multi_cell(w, lh(size), text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        return widest

    def title_block(self, x: float, w: float, text: str, style: str, size: float) -> float:
        """A title in balanced lines broken at phrase boundaries (typography.title_lines),
        each centred in [x, x+w]; returns the widest line's width."""
        self.set_font(FAMILY, style, size)
        lines = title_lines(text, self.get_string_width, w)
        for line in lines:
            self.set_x(x)
            self.cell(w, lh(size), line, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        return max((self.get_string_width(line) for line in lines), default=0.0)

    def rule(self, center_x: float, width: float, gap: float = 1.5) -> float:
        """Solid rule of `width` centred on center_x, `gap` mm below the current line box."""
        y = self.get_y() + gap
        self.line(center_x - width / 2, y, center_x + width / 2, y)
        return y


class BodyColumns(TextColumns):
    """Body text region that keeps headings with their text, avoids single-line orphans and
    widows, and moves the last body lines to a new page with the signature block when the
    block (height `tail`) does not fit after the body."""

    def __init__(self, pdf: FPDF, tail: float, **kwargs) -> None:
        super().__init__(pdf, **kwargs)
        self.tail = tail
        self.headings: set[int] = set()  # id() of heading paragraphs

    def _simulate(self, lines: list[LineWrapper], top: float,
                  forced: set[int]) -> list[tuple[int, float]]:
        """(page index, bottom y) of every line, as TextColumns will place it; `forced` holds
        the indices of lines followed by a forced page break."""
        t_margin, bottom = self.pdf.t_margin, self.pdf.h - self.pdf.b_margin
        y, page, out = top, 0, []
        for i, w in enumerate(lines):
            h = w.line.height
            if w.first_line and w.paragraph.top_margin and y > t_margin:
                y += w.paragraph.top_margin
            if y + h > bottom or (i - 1) in forced:
                page, y = page + 1, t_margin
            y += h
            out.append((page, y))
        return out

    def _cut(self, lines: list[LineWrapper], pos: list[tuple[int, float]], i: int,
             min_move: int) -> int | None:
        """Index of the first line to carry to the next page instead of line i, or None when
        breaking before line i is fine (or cannot be improved)."""
        start = i - min_move if min_move > 1 else i
        if min_move == 1 and lines[i].last_line and not lines[i].first_line:
            start = i - 1  # widow: never a paragraph's last line alone on top of a page
        if start > 0 and lines[start - 1].first_line and not lines[start - 1].last_line:
            start -= 1  # orphan: never a paragraph's first line alone at the page foot
        while start > 0 and id(lines[start - 1].paragraph) in self.headings:
            start -= 1  # a heading goes with the text after it
            while start > 0 and not lines[start].first_line:
                start -= 1
        if start >= i:
            return None
        page = pos[i - 1][0]
        page_first = next(k for k in range(len(pos)) if pos[k][0] == page)
        return None if start <= page_first else start

    def _plan(self, lines: list[LineWrapper], top: float) -> None:
        """Force page breaks for keep-with-next, orphans, widows and the signature tail."""
        forced: set[int] = set()
        for _ in range(len(lines)):
            check_deadline()
            pos = self._simulate(lines, top, forced)
            for i in range(1, len(lines)):
                if pos[i][0] != pos[i - 1][0]:
                    start = self._cut(lines, pos, i, 1)
                    if start is not None:
                        forced.discard(i - 1)
                        forced.add(start - 1)
                        break
            else:
                break
        pos = self._simulate(lines, top, forced)
        if pos[-1][1] + self.tail > self.pdf.h - self.pdf.b_margin:
            start = self._cut(lines, pos, len(lines), 2)
            if start is not None:
                forced.add(start - 1)
        for k in forced:
            w = lines[k]
            lines[k] = w._replace(line=w.line._replace(trailing_form_feed=True))

    def render(self) -> None:
        if not self._paragraphs:
            return
        lines = self.collect_lines()
        if not lines:
            return
        top = max(self.pdf.t_margin, self.pdf.y)
        self._plan(lines, top)
        bottom = self.pdf.h - self.pdf.b_margin
        self._render_page_lines(lines, top, bottom)
        while lines:
            if not self.pdf._perform_page_break_if_need_be(self.pdf.h):  # noqa: SLF001
                break
            self._cur_column = 0
            self._render_page_lines(lines, self.pdf.y, bottom)


def _with_end_mark(text: str) -> str:
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    return text.rstrip(".") + END_MARK


def _item_text(text: str) -> str:
    return "- " + re.sub(r"^\s*[-–]\s*", "", text)


def _recipient_lines(items: list[str]) -> list[str]:
    clean = [re.sub(r"^\s*[-–]\s*", "", t).rstrip().rstrip(";.").rstrip() for t in items]
    clean = [t for t in clean if t]
    return [f"- {t}{'.' if i == len(clean) - 1 else ';'}" for i, t in enumerate(clean)]


_one_line = one_line  # the docx renderer imports it from here


def _draw_header(pdf: NoticePDF, notice: Notice) -> None:
    h = notice.header
    left_x, right_x = pdf.l_margin, pdf.l_margin + HEAD_LEFT_W
    top = pdf.t_margin
    pdf.set_xy(left_x, top)
    if h.co_quan_chu_quan.strip():
        pdf.centered(left_x, HEAD_LEFT_W, h.co_quan_chu_quan, "", 13)
    widest = pdf.centered(left_x, HEAD_LEFT_W, h.co_quan_ban_hanh, "B", 13)
    left_rule = pdf.rule(left_x + HEAD_LEFT_W / 2, 0.4 * widest)
    pdf.set_xy(right_x, top)
    pdf.centered(right_x, HEAD_RIGHT_W, QUOC_HIEU, "B", 13)
    pdf.set_font(FAMILY, "B", 14)
    tieu_ngu_w = pdf.get_string_width(TIEU_NGU)
    pdf.centered(right_x, HEAD_RIGHT_W, TIEU_NGU, "B", 14)
    right_rule = pdf.rule(right_x + HEAD_RIGHT_W / 2, tieu_ngu_w)
    baseline = max(left_rule, right_rule) + 3.0 + 14 * PT * 0.9
    pdf.set_font(FAMILY, "", 13)
    so = h.so_text()
    pdf.text(left_x + (HEAD_LEFT_W - pdf.get_string_width(so)) / 2, baseline, so)
    date = nfc(f"{h.dia_danh}, {ngay_thang_nam(day=h.ngay, month=h.thang, year=h.nam)}")
    pdf.set_font(FAMILY, "I", 14)
    pdf.text(right_x + (HEAD_RIGHT_W - pdf.get_string_width(date)) / 2, baseline, date)
    pdf.set_xy(pdf.l_margin, baseline + 8.0)
    pdf.centered(pdf.l_margin, pdf.epw, "THÔNG BÁO", "B", 14)
    widest = pdf.title_block(pdf.l_margin, pdf.epw, h.trich_yeu, "B", 14)
    pdf.rule(pdf.l_margin + pdf.epw / 2, 0.4 * widest)
    pdf.set_y(pdf.get_y() + 3.0)


def _signature_height(pdf: NoticePDF, notice: Notice) -> float:
    pdf.set_font(FAMILY, "", 11)
    left = lh(12)
    for line in _recipient_lines(notice.noi_nhan):
        left += len(pdf.multi_cell(SIGN_LEFT_W, lh(11), line, dry_run=True, output="LINES")) \
            * lh(11)
    pdf.set_font(FAMILY, "B", 14)
    right = lh(14) + SIGN_SPACE
    for line in notice.signature.title_lines():
        right += len(pdf.multi_cell(SIGN_RIGHT_W, lh(14), line, align="C", dry_run=True,
                                    output="LINES")) * lh(14)
    return SIGN_GAP + max(left, right)


def _draw_signature(pdf: NoticePDF, notice: Notice) -> None:
    top = pdf.get_y() + SIGN_GAP
    right_x = pdf.l_margin + SIGN_LEFT_W
    # "Nơi nhận:" sits on the baseline of the first quyền hạn/chức vụ line.
    baseline = top + lh(14) / 2 + 0.3 * 14 * PT
    pdf.set_xy(pdf.l_margin, baseline - lh(12) / 2 - 0.3 * 12 * PT)
    pdf.set_font(FAMILY, "BI", 12)
    pdf.cell(SIGN_LEFT_W, lh(12), "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 11)
    for line in _recipient_lines(notice.noi_nhan):
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(SIGN_LEFT_W, lh(11), line, align="L", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    left_end = pdf.get_y()
    pdf.set_xy(right_x, top)
    for line in notice.signature.title_lines():
        pdf.centered(right_x, SIGN_RIGHT_W, line, "B", 14)
    pdf.set_y(pdf.get_y() + SIGN_SPACE)
    pdf.centered(right_x, SIGN_RIGHT_W, notice.signature.ten, "B", 14)
    pdf.set_y(max(left_end, pdf.get_y()))


def _write_body(pdf: NoticePDF, notice: Notice, tail: float) -> None:
    region = BodyColumns(pdf, tail, text_align=Align.J, line_height=LINE,
                         wrapmode=WrapMode.WORD)
    blocks: list[tuple[str, Block]] = [("I", Block("paragraph", t)) for t in notice.can_cu]
    blocks += [("", b) for b in notice.body]
    last = len(blocks) - 1
    with region:
        for i, (style, block) in enumerate(blocks):
            text = _one_line(block.text)
            if block.kind == "item":
                text = _item_text(text)
            if i == last:
                text = _with_end_mark(text)
            bold = block.kind in ("heading", "subheading")
            lead = INDENT
            if block.bold_prefix.strip():
                pdf.set_font(FAMILY, "B", 14)
                lead += pdf.get_string_width(block.bold_prefix.strip() + " ")
            pdf.set_font(FAMILY, "B" if bold else style, 14)
            # names kept whole unless that overstretches a line; no one-word last line
            text = fit(text, pdf.get_string_width, pdf.epw, lead)
            with region.paragraph(first_line_indent=INDENT, top_margin=PARA_GAP) as par:
                if bold:
                    region.headings.add(id(par))
                if block.bold_prefix.strip():
                    pdf.set_font(FAMILY, "B", 14)
                    par.write(block.bold_prefix.strip() + " ")
                pdf.set_font(FAMILY, "B" if bold else style, 14)
                par.write(text)


def _draw_appendix(pdf: NoticePDF, notice: Notice) -> None:
    appendix = notice.appendix
    if appendix is None:
        return
    pdf.section_start = pdf.page_no() + 1
    pdf.add_page()
    pdf.centered(pdf.l_margin, pdf.epw, "Phụ lục", "B", 14)
    pdf.title_block(pdf.l_margin, pdf.epw, appendix.title.upper(), "B", 14)
    widest = pdf.centered(pdf.l_margin, pdf.epw, appendix_reference(notice, "-"), "I", 14)
    pdf.rule(pdf.l_margin + pdf.epw / 2, min(0.4 * widest, 40.0))
    pdf.set_y(pdf.get_y() + 5.0)
    ncols = len(appendix.columns)
    rows = [list(r) + [""] * (ncols - len(r)) for r in appendix.rows]

    def measure(text: str, style: str) -> float:
        pdf.set_font(FAMILY, style, TABLE_SIZE)
        return pdf.get_string_width(text)

    weights, numeric = appendix_layout(appendix.columns, rows, measure, pdf.epw)
    pdf.set_font(FAMILY, "", TABLE_SIZE)
    with pdf.table(col_widths=weights, width=pdf.epw, align="LEFT", line_height=lh(TABLE_SIZE),
                   text_align=tuple("CENTER" if n else "LEFT" for n in numeric),
                   headings_style=FontFace(emphasis="BOLD"), padding=(1, 1.5),
                   v_align=VAlign.M) as table:
        head = table.row()
        for col in appendix.columns:
            head.cell(col, align="CENTER")
        for r in rows:
            total = is_total_row(r)
            row = table.row(style=FontFace(emphasis="BOLD") if total else None)
            for value, num in zip(r, numeric, strict=True):
                row.cell(value if num else keep_phrases(value))


def render_pdf(notice: Notice, creation_date: dt.datetime | None = None,
               preview: bool = False) -> bytes:
    """The notice as PDF bytes. Raises NoticeError (nothing rendered) when validate() fails.

    With `creation_date` given the output is byte-identical for identical input. A `preview`
    may have required fields still empty (they print blank)."""
    with deadline():
        return _render(typeset(check(notice, preview=preview), hyphen="-"), creation_date)


def _render(notice: Notice, creation_date: dt.datetime | None) -> bytes:
    pdf = NoticePDF()
    pdf.set_title(notice.title())
    pdf.set_author(notice.header.co_quan_ban_hanh)
    pdf.set_subject(nfc(f"Thông báo: {notice.header.trich_yeu}"))
    pdf.set_creator("ANTT Dashboard")
    pdf.set_lang("vi")
    if creation_date is not None:
        pdf.set_creation_date(creation_date)
    pdf.add_page()
    _draw_header(pdf, notice)
    _write_body(pdf, notice, _signature_height(pdf, notice))
    _draw_signature(pdf, notice)
    _draw_appendix(pdf, notice)
    return bytes(pdf.output())
