"""THÔNG BÁO → DOCX with python-docx: the same text and structure as the PDF, editable in Word.

A4, margins top/bottom 20, left 30, right 15 mm, Times New Roman; page numbers (PAGE field)
centred in the header from page 2; the appendix is a new section numbered from 1.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from antt.notice.model import FONT_DIR, FONT_FILES, Notice, check
from antt.notice.pdf import (
    HEAD_LEFT_W,
    HEAD_RIGHT_W,
    QUOC_HIEU,
    SIGN_LEFT_W,
    SIGN_RIGHT_W,
    SIGN_SPACE,
    TABLE_SIZE,
    TIEU_NGU,
    _item_text,
    _recipient_lines,
    _with_end_mark,
)
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

FONT = "Times New Roman"
APP_NAME = "ANTT Dashboard"
# Word's built-in headings, restyled to the Decree 30 look so the navigation pane lists the
# notice: Heading 1 = "THÔNG BÁO" and "Phụ lục" (centred), 2 = mục "I. …", 3 = khoản "1. …".
HEADINGS = {"title": "Heading 1", "heading": "Heading 2", "subheading": "Heading 3"}
CENTER, JUSTIFY, LEFT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY,
                         WD_ALIGN_PARAGRAPH.LEFT)


@lru_cache(maxsize=4)
def _metrics(style: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FONT_FILES[style])
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width_mm(text: str, style: str, size: float) -> float:
    """Width of `text` in Times New Roman metrics (Tinos is metric-compatible)."""
    cmap, hmtx, upem = _metrics(style)
    units = sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap)
    return units / upem * size * 25.4 / 72


def _set_fonts(rpr_parent) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _run(par: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False):
    run = par.add_run(nfc(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._r)
    return run


def _para(container, text: str = "", size: float = 14, bold: bool = False,
          italic: bool = False, align=CENTER, before: float = 0, after: float = 0) -> Paragraph:
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if text:
        _run(par, text, size, bold, italic)
    return par


def _rule(container, width_mm: float, box_mm: float) -> Paragraph:
    """A short solid rule: an empty paragraph with a bottom border, indented to width_mm."""
    par = _para(container, size=2)
    side = max(0.0, (box_mm - width_mm) / 2)
    par.paragraph_format.left_indent = Mm(side)
    par.paragraph_format.right_indent = Mm(side)
    ppr = par._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)
    small = OxmlElement("w:sz")
    small.set(qn("w:val"), "4")
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(small)
    return par


def _title(container, text: str, size: float) -> Paragraph:
    """A centred bold title broken into the same balanced lines as in the PDF."""
    par = _para(container, align=CENTER)
    lines = title_lines(text, lambda t: text_width_mm(t, "B", size), 165.0)
    for i, line in enumerate(lines):
        run = _run(par, line, size, bold=True)
        if i < len(lines) - 1:
            run.add_break()
    return par


def _restyle_headings(doc) -> None:
    """Heading 1-3 in Times New Roman 14 bold black (python-docx's template has theme fonts,
    blue and 16/13 pt), keeping their outline levels for the navigation pane."""
    for name in HEADINGS.values():
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:color", "w:i", "w:iCs"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
        style.font.size, style.font.bold, style.font.italic = Pt(14), True, False
        _set_fonts(style.element)
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "000000")
        rpr.append(color)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(6), Pt(0), 1.0
        fmt.keep_with_next = True
        if name == HEADINGS["title"]:
            fmt.alignment, fmt.first_line_indent = CENTER, Mm(0)
        else:
            fmt.alignment, fmt.first_line_indent = JUSTIFY, Mm(10)


def _clean_properties(doc, notice: Notice, created: dt.datetime) -> None:
    """Core and app properties of this notice, with none of python-docx's template leftovers
    (author "python-docx", 2013 dates, "Microsoft Macintosh Word", a thumbnail)."""
    props = doc.core_properties
    author = notice.header.co_quan_ban_hanh
    props.title, props.author, props.last_modified_by = notice.title(), author, author
    props.subject, props.language = notice.header.trich_yeu, "vi-VN"
    props.comments, props.keywords, props.category = "", "", "Thông báo"
    props.created = props.modified = created.astimezone(dt.UTC).replace(tzinfo=None)
    props.revision = 1
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Application>' + APP_NAME + '</Application>'
                "<DocSecurity>0</DocSecurity><Company>" + escape(author) + "</Company>"
                "</Properties>"
            ).encode("utf-8")


def _borderless(table: Table, widths: list[float]) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _zero_cell_margins(table)
    _set_widths(table, widths)
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.append(cant)


def _set_widths(table: Table, widths: list[float]) -> None:
    """Fixed column widths. Word reads the cells' widths, LibreOffice the table grid: set both
    (python-docx's grid is equal columns), or the Quốc hiệu wraps and numbers break."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _zero_cell_margins(table: Table) -> None:
    """No left/right cell padding: the header columns need their whole width (the Quốc hiệu
    at 13 pt bold is 95,7 mm in a 100 mm column)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


def _clear(cell) -> None:
    """python-docx cells start with one empty paragraph; drop it after adding content."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


def _page_field(par: Paragraph) -> None:
    run = _run(par, "", 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _setup_section(section, restart: bool) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    if restart:
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        section._sectPr.append(num)


def _header_block(doc, notice: Notice) -> None:
    h = notice.header
    table = doc.add_table(rows=2, cols=2)
    _borderless(table, [HEAD_LEFT_W, HEAD_RIGHT_W])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if h.co_quan_chu_quan.strip():
        _para(left, h.co_quan_chu_quan, 13)
    _para(left, h.co_quan_ban_hanh, 13, bold=True)
    widest = text_width_mm(h.co_quan_ban_hanh, "B", 13)
    _rule(left, min(0.4 * widest, HEAD_LEFT_W), HEAD_LEFT_W)
    _para(right, QUOC_HIEU, 13, bold=True)
    _para(right, TIEU_NGU, 14, bold=True)
    _rule(right, text_width_mm(TIEU_NGU, "B", 14), HEAD_RIGHT_W)
    date = f"{h.dia_danh}, {ngay_thang_nam(day=h.ngay, month=h.thang, year=h.nam)}"
    _para(table.cell(1, 0), h.so_text(), 13, before=6)
    _para(table.cell(1, 1), date, 14, italic=True, before=6)
    for cell in (left, right, table.cell(1, 0), table.cell(1, 1)):
        _clear(cell)
    title = _para(doc, "THÔNG BÁO", 14, bold=True, before=18)
    title.style = doc.styles[HEADINGS["title"]]
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.keep_with_next = True
    _title(doc, h.trich_yeu, 14)
    widest = max(text_width_mm(line, "B", 14)
                 for line in title_lines(h.trich_yeu, lambda t: text_width_mm(t, "B", 14),
                                         165.0))
    _rule(doc, min(0.4 * widest, 60.0), 165.0)


def _body(doc, notice: Notice) -> Paragraph | None:
    items = [("italic", t, "", "paragraph") for t in notice.can_cu]
    items += [("", b.text, b.bold_prefix, b.kind) for b in notice.body]
    last_par = None
    for i, (style, text, prefix, kind) in enumerate(items):
        text = one_line(text)
        if kind == "item":
            text = _item_text(text)
        if i == len(items) - 1:
            text = _with_end_mark(text)
        par = _para(doc, align=JUSTIFY, before=6)
        par.paragraph_format.first_line_indent = Mm(10)
        if kind in HEADINGS:
            par.style = doc.styles[HEADINGS[kind]]
            par.paragraph_format.keep_with_next = True
        if prefix.strip():
            _run(par, prefix.strip() + " ", 14, bold=True)
        _run(par, text, 14, bold=kind in ("heading", "subheading"), italic=style == "italic")
        last_par = par
    return last_par


def _signature(doc, notice: Notice) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, [SIGN_LEFT_W, SIGN_RIGHT_W])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT, before=6)
    for line in _recipient_lines(notice.noi_nhan):
        _para(left, line, 11, align=LEFT)
    titles = notice.signature.title_lines()
    for i, line in enumerate(titles):
        par = _para(right, line, 14, bold=True, before=6 if i == 0 else 0)
        par.paragraph_format.keep_with_next = True
    if titles:
        par.paragraph_format.space_after = Mm(SIGN_SPACE)
    _para(right, notice.signature.ten, 14, bold=True)
    _clear(left)
    _clear(right)


def _appendix(doc, notice: Notice) -> None:
    appendix = notice.appendix
    if appendix is None:
        return
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, restart=True)
    heading = _para(doc, "Phụ lục", 14, bold=True)
    heading.style = doc.styles[HEADINGS["title"]]
    heading.paragraph_format.space_before = Pt(0)
    _title(doc, appendix.title.upper(), 14)
    kem_theo = appendix_reference(notice)
    _para(doc, kem_theo, 14, italic=True)
    _rule(doc, min(0.4 * text_width_mm(kem_theo, "I", 14), 40.0), 165.0)
    _para(doc, size=6)
    ncols = len(appendix.columns)
    rows = [list(r) + [""] * (ncols - len(r)) for r in appendix.rows]
    # Word's default cell padding is 1,9 mm a side: measure with that padding
    widths, numeric = appendix_layout(
        appendix.columns, rows, lambda text, style: text_width_mm(text, style, TABLE_SIZE),
        165.0, pad=4.2,
    )
    table = doc.add_table(rows=1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, col in zip(table.rows[0].cells, appendix.columns, strict=True):
        cell.paragraphs[0].paragraph_format.alignment = CENTER
        _run(cell.paragraphs[0], col, TABLE_SIZE, bold=True)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))  # repeated on each page
    for values in rows:
        cells = table.add_row().cells
        for c in range(ncols):
            par = cells[c].paragraphs[0]
            par.paragraph_format.alignment = CENTER if numeric[c] else LEFT
            _run(par, values[c] if numeric[c] else keep_phrases(values[c]), TABLE_SIZE,
                 bold=is_total_row(values))
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    _set_widths(table, widths)


def render_docx(notice: Notice, creation_date: dt.datetime | None = None) -> bytes:
    """The notice as a .docx file. Raises NoticeError (nothing rendered) when invalid.
    `creation_date` (default now) is the document's created/modified date."""
    notice = typeset(check(notice))
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _set_fonts(normal.element)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    _restyle_headings(doc)
    _clean_properties(doc, notice, creation_date or dt.datetime.now(dt.UTC))
    section = doc.sections[0]
    _setup_section(section, restart=False)
    header_par = section.header.paragraphs[0]
    header_par.paragraph_format.alignment = CENTER
    _page_field(header_par)
    _header_block(doc, notice)
    last = _body(doc, notice)
    if last is not None:
        last.paragraph_format.keep_with_next = True
    _signature(doc, notice)
    _appendix(doc, notice)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
