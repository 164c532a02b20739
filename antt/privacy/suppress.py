"""Small-cell suppression of counts per village (religion: households and people), with
secondary suppression, and the audit that says whether a hidden count can be worked out.

Primary: a count from 1 to k−1 is hidden and shown as “< k” (zeros stay zeros: a zero names
nobody). Secondary: the totals of each group (a commune's households of one religion in one
year: the notice prints them, and any sum of whole communes is a sum of them) are known to
everyone, so within a group a hidden count must not follow from the total and the shown
counts. When it would (one hidden count in a group, or hidden counts whose bounds pin them),
the smallest shown count of the group is hidden as well, shown as “ẩn”: its reader knows it is
at least k, which the audit takes into account. A group whose counts are all hidden and still
pinned (one village with followers, and a small count) cannot be protected by hiding cells:
`suppress` lists it, and its total must be withheld wherever it is shown (the notice does:
antt.notice.religion_counts). The district's figure of a religion is a total as well, of every
village: `for_reader` guards it too, so the villages of a withheld commune stay open to doubt.

Rows also tie the two counts: a village's households of a religion never exceed its people,
so a shown people count bounds hidden households from above, and shown households bound hidden
people from below; the audit uses both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from antt.text.fmt import number

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"
VALUES = ("households", "people")  # households <= people in every row
GROUPS = ("year", "commune_code", "religion")
DISTRICT = ("year", "religion")  # the district notice's figure of a religion: every village's
SECONDARY_TEXT = "ẩn"


def less_than(k: int) -> str:
    """How a count from 1 to k−1 is shown: “< 5”."""
    return f"< {k}"


def status_column(value: str) -> str:
    return f"{value}__status"


@dataclass(frozen=True)
class Suppressed:
    """The rows with a status column per count (SHOWN, SMALL or HIDDEN), and the groups whose
    total must be withheld (their counts stay pinned however many are hidden)."""

    frame: pd.DataFrame
    k: int
    withheld: tuple[tuple, ...] = ()


def _pinned(cells: dict[str, list], status: dict[str, list], rows: Sequence[int], value: str,
            k: int, values: Sequence[str]) -> list[int]:
    """The hidden cells of one group (positions `rows`) whose value a reader can work out from
    the group's total, the shown cells and what they know of the hidden ones: a “< k” cell is
    1..k−1, an “ẩn” cell at least k, both narrowed by the row's other count when it is shown
    (households <= people)."""
    pos = list(values).index(value)
    other = values[1 - pos] if len(values) == 2 else None
    v, s = cells[value], status[value]
    lows, highs, hidden = [], [], []
    rest = 0.0
    for r in rows:
        rest += v[r]
        if s[r] == SHOWN:
            rest -= v[r]
            continue
        lo, hi = (1.0, float(k - 1)) if s[r] == SMALL else (float(k), math.inf)
        if other is not None and status[other][r] == SHOWN:
            if pos == 0:
                hi = min(hi, float(cells[other][r]))
            else:
                lo = max(lo, float(cells[other][r]))
        lows.append(lo)
        highs.append(hi)
        hidden.append(r)
    out = []
    for j, r in enumerate(hidden):
        others_lo = sum(lows[m] for m in range(len(hidden)) if m != j)
        others_hi = sum(highs[m] for m in range(len(hidden)) if m != j)
        if max(lows[j], rest - others_hi) >= min(highs[j], rest - others_lo):
            out.append(r)
    return out


def _lists(frame: pd.DataFrame, values: Sequence[str]) -> tuple[dict, dict]:
    return ({v: frame[v].astype(float).tolist() for v in values},
            {v: frame[status_column(v)].tolist() for v in values})


def _group_rows(frame: pd.DataFrame, groups: Sequence[str]) -> dict[tuple, list[int]]:
    """Group key -> row positions, in the order the groups first appear."""
    out: dict[tuple, list[int]] = {}
    keys = zip(*(frame[g].tolist() for g in groups), strict=True)
    for position, key in enumerate(keys):
        out.setdefault(key, []).append(position)
    return out


def pinned(frame: pd.DataFrame, idx: pd.Index, value: str, k: int,
           values: Sequence[str] = VALUES) -> list:
    """The hidden cells of one group (row labels `idx` of `frame`, which carries the status
    columns) that a reader can work out."""
    part = frame.loc[idx]
    cells, status = _lists(part, values)
    return [idx[r] for r in _pinned(cells, status, range(len(part)), value, k, values)]


def suppress(frame: pd.DataFrame, k: int, *, values: Sequence[str] = VALUES,
             groups: Sequence[str] = GROUPS, also: Sequence[Sequence[str]] = (),
             opened: pd.Series | None = None) -> Suppressed:
    """Hide the small counts of `frame` (one row per village, religion and year) and as many
    more as the totals of `groups`, and of each grouping in `also` (e.g. the district's:
    year and religion), need. `opened`: rows shown as they are (the reader's own communes):
    never hidden, and known exactly to the reader."""
    out = frame.copy()
    is_open = (pd.Series(False, index=out.index) if opened is None
               else opened.reindex(out.index, fill_value=False).astype(bool)).tolist()
    cells = {v: out[v].astype(float).tolist() for v in values}
    status = {v: [SMALL if 1 <= c <= k - 1 and not o else SHOWN
                  for c, o in zip(cells[v], is_open, strict=True)] for v in values}
    withheld: list[tuple] = []
    groupings = [list(_group_rows(out, g).items()) for g in (groups, *also)]
    changed = True
    while changed:  # hiding a cell for one total may leave another total one hidden cell
        changed = False
        for value in values:
            for rows_of in groupings:
                for key, rows in rows_of:
                    while _pinned(cells, status, rows, value, k, values):
                        shown = [r for r in rows if status[value][r] == SHOWN
                                 and cells[value][r] > 0 and not is_open[r]]
                        if not shown:
                            withheld.append(key)
                            break
                        # the smallest shown count costs the reader least; hidden households
                        # whose shown people count is k are pinned by their own row
                        # (k <= households <= k), so such a cell is a last resort and takes
                        # its people count with it
                        loose = _loose(cells, status, shown, value, k, values)
                        pick = min(loose or shown, key=lambda r: (cells[value][r], r))
                        status[value][pick] = HIDDEN
                        if not loose and value == values[0] and len(values) == 2:
                            status[values[1]][pick] = HIDDEN
                        changed = True
    for value in values:
        out[status_column(value)] = pd.Series(status[value], index=out.index, dtype=object)
    return Suppressed(out, k, tuple(dict.fromkeys(withheld)))


def _loose(cells: dict, status: dict, shown: list[int], value: str, k: int,
           values: Sequence[str]) -> list[int]:
    """The candidates for secondary hiding that their own row does not pin."""
    if value != values[0] or len(values) != 2:
        return shown
    other = values[1]
    return [r for r in shown if not (status[other][r] == SHOWN and cells[other][r] <= k)]


def recoverable(frame: pd.DataFrame, k: int, *, values: Sequence[str] = VALUES,
                groups: Sequence[str] = GROUPS) -> list[tuple]:
    """(row label, count) of every hidden count a reader can work out (audit; empty when the
    suppression holds). `frame` carries the status columns of `suppress`."""
    cells, status = _lists(frame, values)
    out = []
    for value in values:
        for rows in _group_rows(frame, groups).values():
            out += [(frame.index[r], value)
                    for r in _pinned(cells, status, rows, value, k, values)]
    return out


def masked(result: Suppressed, values: Iterable[str] = VALUES) -> pd.DataFrame:
    """The rows as a reader gets them: each hidden count replaced by “< k” or “ẩn” (object
    columns), the status columns dropped."""
    out = result.frame.copy()
    for value in values:
        status = out.pop(status_column(value))
        col = out[value].astype(object)
        col[status == SMALL] = less_than(result.k)
        col[status == HIDDEN] = SECONDARY_TEXT
        out[value] = col
    return out


def any_hidden(result: Suppressed, values: Iterable[str] = VALUES) -> bool:
    return any((result.frame[status_column(v)] != SHOWN).any() for v in values)


def opened_communes(codes: tuple[str, ...] | None, communes: pd.DataFrame) -> set[str] | None:
    """The old (before 2025) commune codes whose counts a reader sees as they are: None for
    every commune (signed in for every commune), an empty set when not signed in. A reader's
    code of a new commune covers its old communes, as an editor's does
    (antt.entry.import_stored.allowed_communes). `communes`: commune_code, commune_code_2025."""
    if codes is None:
        return set()
    if not codes:
        return None
    wanted = set(codes)
    return set(communes.loc[communes["commune_code"].isin(wanted)
                            | communes["commune_code_2025"].isin(wanted), "commune_code"])


def for_reader(frame: pd.DataFrame, k: int, opened: set[str] | None,
               values: Sequence[str] = VALUES) -> Suppressed:
    """The religion rows (with commune_code, the old commune) as a reader may see them:
    `opened` from `opened_communes` (None: every count as it is)."""
    if opened is None:
        out = frame.copy()
        for value in values:
            out[status_column(value)] = SHOWN
        return Suppressed(out, k)
    return suppress(frame, k, values=values, also=(DISTRICT,),
                    opened=frame["commune_code"].isin(opened))


def as_text(frame: pd.DataFrame, values: Iterable[str] = VALUES) -> pd.DataFrame:
    """A masked frame for the screen: every count as vi-VN text (1.234, “< 5”, “ẩn”), so a
    column mixing numbers and marks reads one way."""
    out = frame.copy()
    for value in values:
        out[value] = out[value].map(lambda v: v if isinstance(v, str) else number(v))
    return out
