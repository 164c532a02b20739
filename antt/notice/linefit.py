"""A justified paragraph broken into lines as a văn thư would break it, then handed to fpdf2 so
that it can break only there.

fpdf2 fills lines greedily and breaks only at ordinary spaces (never at a no-break space, nor
at a hyphen). A greedy fill with glued names either splits them ("xã Vũ / Sơn") or, kept
whole, leaves a line with gaps three times a space. So the breaks are chosen here for the
whole paragraph at once (a small Knuth-Plass): each line's cost is how far its gaps stretch;
breaking inside a glued group costs a penalty (a term or pair such as "quốc phòng - an
ninh" little, a name or body such as "huyện Bắc Sơn", "Ban Chỉ đạo 138" much more), and
never between a figure and its word ("74.392 người", "số 1137/QĐ-UBND", "ngày 22/10/2019");
a last line of fewer than three words ("thực.", "ma túy.") costs too. Then every space but the
chosen breaks becomes a no-break space: fpdf2 can break nowhere else, and since no two chosen
lines fit on one, it breaks exactly there. (A no-break space still stretches like a space in
justified text, and the PDF's text layer holds a plain space.)
"""

from __future__ import annotations

from collections.abc import Callable

from antt.notice.limits import check_deadline

NBSP = "\u00a0"
FORBIDDEN = float("inf")
SOFT_BREAK = 100.0  # inside a term or pair: as bad as a line whose gaps are double a space
HARD_BREAK = 450.0  # inside a name or body: only to spare gaps about three times a space
SHORT_LAST = 300.0  # a last line of fewer than LAST_WORDS words
LAST_WORDS = 3
MARGIN = 0.05  # mm kept free on every line, so fpdf2's sum of widths never exceeds ours


def _pieces(text: str) -> tuple[list[str], list[float]]:
    """The words of `text` and the penalty for a break after each (the last: 0)."""
    words: list[str] = []
    costs: list[float] = []
    for token in (t for t in text.split(" ") if t):
        parts = token.split(NBSP)
        for i, part in enumerate(parts):
            words.append(part)
            if i == len(parts) - 1:
                costs.append(0.0)
                continue
            after = parts[i + 1]
            if any(ch.isdigit() for ch in part + after) or not part or not after:
                costs.append(FORBIDDEN)
            elif part == "-" or not (part[:1].isupper() or after[:1].isupper()):
                costs.append(SOFT_BREAK)
            else:
                costs.append(HARD_BREAK)
    return words, costs


def fit(text: str, measure: Callable[[str], float], width: float, first: float = 0.0) -> str:
    """`text` with only the chosen line breaks left breakable (see the module docstring).
    `first`: the first line's indent (with any bold lead-in); `measure` gives a width in the
    units of `width`."""
    words, costs = _pieces(text)
    n = len(words)
    if n < 2:
        return text
    space = measure(" ") or 1.0
    widths = [measure(w) for w in words]
    best: list[float] = [0.0] + [FORBIDDEN] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        check_deadline()
        natural = -space
        for i in range(j - 1, -1, -1):  # the line words[i:j]
            natural += widths[i] + space
            avail = width - (first if i == 0 else 0.0) - MARGIN
            if natural > avail and i < j - 1:
                break
            if best[i] == FORBIDDEN or (i > 0 and costs[i - 1] == FORBIDDEN):
                continue
            gaps = j - i - 1
            if j == n:
                cost = SHORT_LAST if (gaps + 1 < LAST_WORDS and i > 0) else 0.0
            elif gaps == 0:
                cost = 100.0 * ((avail - natural) / space) ** 2
            else:
                cost = 100.0 * ((avail - natural) / gaps / space) ** 2
            total = best[i] + cost + (costs[i - 1] if i > 0 else 0.0)
            if total < best[j]:
                best[j], back[j] = total, i
    if best[n] == FORBIDDEN:
        return text
    breaks, j = set(), n
    while j > 0:
        breaks.add(back[j])
        j = back[j]
    return "".join(w + ("" if k == n - 1 else " " if k + 1 in breaks else NBSP)
                   for k, w in enumerate(words))
