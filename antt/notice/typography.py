"""Typesetting rules a văn thư applies, in ONE place for the PDF and the DOCX renderers.

- `protect()` glues groups that must never be split across lines with no-break spaces
  (U+00A0) and non-breaking hyphens (U+2011): a number and its unit ("17,8 km²"), a document
  number ("số 1137/QĐ‑UBND"), dates ("ngày 22/10/2019", "tháng 10 năm 2024"), paired terms
  ("quốc phòng - an ninh") and the appendix span "(TỪ … ĐẾN …)". Word and LibreOffice honour
  both characters, and fpdf2 never breaks at them.
- `title_lines()` breaks a title into balanced lines at phrase boundaries, never leaving a
  line of one or two words.
- `appendix_layout()` sizes the appendix columns from the longest name and the longest word
  of each header, so names stay on one line when they can and headers never break a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from antt.notice.limits import check_deadline
from antt.notice.model import Block, Notice
from antt.text.fmt import ngay_thang_nam

NBSP = "\u00a0"
NBHY = "\u2011"

# Units written after a count or a measure in a notice (longest first for the alternation).
UNITS = ("nhân khẩu", "thị trấn", "mô hình", "tôn giáo", "lượt", "người", "buổi", "cuộc",
         "thôn", "km²", "m²", "km", "ha", "hộ", "xã", "vụ", "đồng", "%")
# Paired terms joined by " - " that read as one notion.
PAIRS = ("quốc phòng - an ninh", "an ninh - quốc phòng", "kinh tế - xã hội",
         "chính trị - xã hội", "văn hóa - xã hội")

# Terms and bodies a line must not split ("trật / tự", "Ban / Chỉ đạo 138"); a reader sees
# each as one word. Longest first, so "an ninh trật tự" is glued whole.
TERMS = ("Mặt trận Tổ quốc", "Ủy ban nhân dân", "an ninh trật tự", "Ban Chỉ đạo",
         "Ban Thường vụ", "an ninh", "trật tự", "an toàn", "Tổ quốc", "Nhân dân", "Công an",
         "xã hội", "pháp luật", "ma túy", "mô hình", "tuần tra", "hòa giải", "tuyên truyền",
         "Chỉ đạo", "Thành phố", "thành phố", "thị trấn")
# Lower-case words that open a name: "xã Vũ Sơn", "huyện Bắc Sơn", "thị trấn Bắc Sơn".
NAME_PREFIXES = {"xã", "huyện", "tỉnh", "thôn", "trấn", "phường", "phố", "bản", "ông", "bà",
                 "chí"}
_EDGE = "“”\"()[],.;:…!?"
_TERM = re.compile("|".join(r"(?<!\w)" + re.escape(t).replace(r"\ ", "[ \t\u00a0]+")
                            + r"(?!\w)"
                            for t in TERMS))

_DOC_CODE = re.compile(r"(?<![\w/])\d+(?:[/\-][0-9A-Za-zĐđ]+)+")
_SO = re.compile(r"\b([Ss]ố)[ \t]+(?=\d)")
_DATE_WORD = re.compile(r"\b(ngày|tháng|năm)[ \t]+(?=\d)")
_DMY = re.compile(r"(\d{1,2})[ \t]+(tháng|năm)\b")
_UNIT = re.compile(r"(\d[\d.,]*)[ \t]+(" + "|".join(re.escape(u) for u in UNITS) + r")(?!\w)")
_NAMED_NUMBER = re.compile(r"\b(Chỉ đạo|BCĐ|Quốc lộ|Tỉnh lộ)[ \t]+(?=\d)")
_SPAN = re.compile(r"\((từ|TỪ)[ \t]+([^\s()]+)[ \t]+(đến|ĐẾN)[ \t]+([^\s()]+)\)")


def _glue(text: str) -> str:
    return text.replace(" ", NBSP).replace("\t", NBSP)


def _title_word(word: str) -> bool:
    """"Vũ", "Sơn,": a capitalised word of a name (not "ANTT", not "(Tày")."""
    core = word.strip(_EDGE)
    return (len(core) >= 2 and core == word.rstrip(_EDGE) and core[0].isupper()
            and core[1:].islower() and core.isalpha())


def glue_names(text: str) -> str:
    """Names kept whole: runs of capitalised words ("Bắc Sơn", "Phùng Thị Thanh Nga") with the
    lower-case word that opens them ("xã Vũ Sơn", "huyện Bắc Sơn"). A comma, a closing bracket
    or quote ends a name."""
    words = text.split(" ")
    out = [words[0]] if words else []
    for before, word in zip(words, words[1:], strict=False):
        ends = before.endswith(tuple(_EDGE)) or word.startswith(("(", "“", "\""))
        glue = not ends and _title_word(word) and (_title_word(before)
                                                   or before in NAME_PREFIXES)
        out.append((NBSP if glue else " ") + word)
    return "".join(out)


def _code(match: re.Match[str], hyphen: str = NBHY) -> str:
    code = match.group(0)
    # only document codes (with letters) get non-breaking hyphens: "1137/QĐ-UBND", "44-KL/TW"
    return code.replace("-", hyphen) if re.search(r"[A-Za-zĐđ]", code) else code


def protect(text: str, hyphen: str = NBHY) -> str:
    """`text` with every protected group glued (see the module docstring). Idempotent.
    `hyphen` is what a document code's hyphen becomes: the PDF keeps "-" (fpdf2 never breaks a
    line at a hyphen, and the text layer must hold what a person types: a search for
    "1137/QĐ-UBND" finds it); the DOCX uses U+2011 (Word breaks at "-")."""
    if not text:
        return text
    text = _DOC_CODE.sub(lambda m: _code(m, hyphen), text)
    text = _SO.sub(lambda m: m.group(1) + NBSP, text)
    text = _DATE_WORD.sub(lambda m: m.group(1) + NBSP, text)
    text = _DMY.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP + _glue(m.group(2)), text)
    text = _NAMED_NUMBER.sub(lambda m: _glue(m.group(1)) + NBSP, text)
    for pair in PAIRS:
        text = re.sub(re.escape(pair).replace(r"\ ", r"[ \t\u00a0]+"),
                      lambda m: _glue(m.group(0)), text, flags=re.IGNORECASE)
    text = _SPAN.sub(lambda m: _glue(m.group(0)), text)
    text = glue_names(text)
    return _TERM.sub(lambda m: _glue(m.group(0)), text)


def plain(text: str) -> str:
    """The text as a reader copies it: no-break spaces and hyphens back to ordinary ones."""
    return text.replace(NBSP, " ").replace(NBHY, "-")


def protected_groups(text: str) -> list[str]:
    """The glued groups of `protect(text)`, as plain text (what tests look for on one line)."""
    glued = protect(text)
    return [plain(g) for g in re.findall(r"\S*[\u00a0\u2011]\S*(?:[\u00a0\u2011]\S*)*", glued)
            if " " in plain(g) or "-" in plain(g)]


def one_line(text: str) -> str:
    """Collapse ordinary whitespace and line breaks, keeping the no-break spaces."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def typeset(notice: Notice, hyphen: str = NBHY) -> Notice:
    """A copy of a checked notice with the protected groups glued in every running text:
    the trích yếu, căn cứ, body, recipients and the appendix title (`hyphen`: see protect)."""
    h = notice.header

    def glued(text: str) -> str:
        return protect(one_line(text), hyphen)

    appendix = notice.appendix
    if appendix is not None:
        appendix = replace(appendix, title=glued(appendix.title))
    return replace(
        notice,
        header=replace(h, trich_yeu=glued(h.trich_yeu)),
        can_cu=[glued(t) for t in notice.can_cu],
        body=[Block(b.kind, glued(b.text), b.bold_prefix) for b in notice.body],
        noi_nhan=[glued(t) for t in notice.noi_nhan],
        appendix=appendix,
    )


# ---------------------------------------------------------------- balanced title lines

# Words a new phrase starts with: breaking before them reads naturally.
_PHRASE_STARTS = {"trong", "về", "của", "tại", "cho", "với", "theo", "và", "nhằm", "để",
                  "trên", "từ", "đến", "năm", "(từ", "(kèm"}


def _break_cost(words: list[str], i: int) -> float:
    """Penalty for a line break before words[i]."""
    before, after = words[i - 1], words[i]
    if before.endswith(("”", ",", ":", ";", ")")) or after.startswith(("“", "(")):
        return 0.0
    if after.lower() in _PHRASE_STARTS:
        return 1.5
    inside_quote = sum(w.count("“") - w.count("”") for w in words[:i]) > 0
    return 8.0 if inside_quote else 4.0


def title_lines(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """`text` as balanced lines no wider than `width`, broken at phrase boundaries.

    Uses as few lines as fit; among those, the break points minimise the squared difference
    of line widths plus a penalty for breaking inside a phrase or a quotation. A line of one
    or two words is allowed only when the whole title has that few."""
    words = [w for w in re.split(r"[ \t\r\n]+", text) if w]  # a no-break space joins
    if not words:
        return []
    if measure(" ".join(words)) <= width:
        return [" ".join(words)]
    n = len(words)
    # a glued group ("(TỪ 12/06/2021 ĐẾN 02/10/2024)") counts as the words a reader sees
    seen = [0]
    for w in words:
        seen.append(seen[-1] + len(plain(w).split()))
    min_words = 3 if seen[-1] >= 6 else 1

    def line(i: int, j: int) -> str:
        return " ".join(words[i:j])

    def short(i: int, j: int) -> bool:
        return seen[j] - seen[i] < min_words

    for count in range(2, n + 1):
        best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
        total = measure(" ".join(words))
        target = total / count
        for k in range(1, count + 1):
            check_deadline()
            for (start, used), (cost, breaks) in list(best.items()):
                if used != k - 1:
                    continue
                ends = [n] if k == count else range(start + 1, n)
                for end in ends:
                    if short(start, end) or measure(line(start, end)) > width:
                        continue
                    if k < count and short(end, n):
                        continue
                    w = measure(line(start, end))
                    extra = ((w - target) / max(target, 1.0)) ** 2 * 10
                    if end < n:
                        extra += _break_cost(words, end)
                    key = (end, k)
                    new = (cost + extra, breaks + [end])
                    if key not in best or new[0] < best[key][0]:
                        best[key] = new
        done = best.get((n, count))
        if done:
            cuts = [0] + done[1]
            return [line(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    return words


# ---------------------------------------------------------------- appendix columns

TOTAL_LABEL = "Tổng cộng"


def appendix_reference(notice: Notice, hyphen: str = NBHY) -> str:
    """"(Kèm theo Thông báo số 05/TB-BCĐ ngày … tháng 10 năm 2024 của Ban Chỉ đạo 138 huyện
    Bắc Sơn)", as Mẫu 2.1 (NĐ 30/2020, Phụ lục III) writes it under an appendix title."""
    h = notice.header
    issuer = notice.appendix.issuer.strip() if notice.appendix else ""
    date = ngay_thang_nam(day=h.ngay, month=h.thang, year=h.nam)
    text = f"(Kèm theo Thông báo số {h.so_ky_hieu()} {date}"
    return protect(text + (f" của {issuer})" if issuer else ")"), hyphen)


def is_total_row(row: list[str]) -> bool:
    """The appendix's last row ("Tổng cộng"), printed bold."""
    return TOTAL_LABEL in row[:2]



def phrases(value: str) -> list[str]:
    """A cell's comma-separated phrases ("Thôn Phúc Tiến," / "xã Vũ Sơn"): where a name may
    wrap when its column cannot hold it whole."""
    return [p for p in re.split(r"(?<=,)[ \t]+", value.strip()) if p]


def keep_phrases(value: str) -> str:
    """A cell's text with each phrase glued, so it wraps only after a comma."""
    return " ".join(_glue(p) for p in phrases(value))


def is_numeric_column(values: Iterable[str]) -> bool:
    return all(re.fullmatch(r"[\d.,%+\-–/ ]*", v or "") for v in values)


def appendix_layout(columns: list[str], rows: list[list[str]],
                    measure: Callable[[str, str], float], total: float,
                    pad: float = 3.5) -> tuple[list[float], list[bool]]:
    """Column widths (mm) and which columns are numeric, for the appendix table of both the
    PDF and the DOCX. `measure(text, style)` gives a width in mm ("" or "B").

    Every column gets at least its longest header word and its longest number or date, so no
    header breaks a word and "1.464" is never split, and the text columns their longest
    phrase (names wrap only after a comma: see keep_phrases). The text columns then get what
    they need to hold their longest value on one line; if the page is too narrow for that,
    the remaining width is shared in proportion to those needs."""
    ncols = len(columns)
    numeric = [is_numeric_column(r[c] for r in rows) for c in range(ncols)]
    need = []
    for c, col in enumerate(columns):
        widest = max((measure(w, "B") for w in col.split()), default=0.0)
        for r in rows:
            pieces = [r[c]] if numeric[c] else phrases(r[c])
            widest = max([widest] + [measure(p, "") for p in pieces])
        need.append(widest + pad)
    spare = total - sum(need)
    if spare <= 0:  # too many columns to keep phrases whole: shrink in proportion
        return [total * n / sum(need) for n in need], numeric
    full = [max([measure(r[c], "") for r in rows] + [0.0]) + pad if not numeric[c] else need[c]
            for c in range(ncols)]
    wants = [full[c] - need[c] for c in range(ncols)]
    if sum(wants) > 0:
        share = min(1.0, spare / sum(wants))
        need = [n + w * share for n, w in zip(need, wants, strict=True)]
        spare = total - sum(need)
    # whatever is left widens every column in proportion (the table fills the text width)
    return [n + spare * n / sum(need) for n in need], numeric
