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
`suppress` lists it, and its total must be withheld wherever it is shown.

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


def _bounds(frame: pd.DataFrame, idx: pd.Index, value: str, k: int,
            values: Sequence[str]) -> tuple[list[float], list[float]]:
    """What a reader knows of each cell of a group: a shown cell its value; a “< k” cell
    1..k−1; an “ẩn” cell at least k; both narrowed by the row's other count when shown."""
    lows, highs = [], []
    status = frame.loc[idx, status_column(value)]
    cells = frame.loc[idx, value]
    pos = list(values).index(value)
    other = values[1 - pos] if len(values) == 2 else None
    for i in idx:
        s, v = status[i], cells[i]
        if s == SHOWN:
            lo = hi = float(v)
        elif s == SMALL:
            lo, hi = 1.0, float(k - 1)
        else:
            lo, hi = float(k), math.inf
        if other is not None and s != SHOWN and frame.at[i, status_column(other)] == SHOWN:
            bound = float(frame.at[i, other])
            if pos == 0:  # households <= people
                hi = min(hi, bound)
            else:
                lo = max(lo, bound)
        lows.append(lo)
        highs.append(hi)
    return lows, highs


def pinned(frame: pd.DataFrame, idx: pd.Index, value: str, k: int,
           values: Sequence[str] = VALUES) -> list:
    """The hidden cells of one group (row labels `idx`) whose value a reader can work out from
    the group's total, the shown cells and the bounds of the hidden ones."""
    lows, highs = _bounds(frame, idx, value, k, values)
    status = list(frame.loc[idx, status_column(value)])
    hidden = [j for j, s in enumerate(status) if s != SHOWN]
    if not hidden:
        return []
    rest = float(frame.loc[idx, value].sum()) - sum(
        lows[j] for j, s in enumerate(status) if s == SHOWN)
    out = []
    for j in hidden:
        others_lo = sum(lows[m] for m in hidden if m != j)
        others_hi = sum(highs[m] for m in hidden if m != j)
        lo = max(lows[j], rest - others_hi)
        hi = min(highs[j], rest - others_lo)
        if lo >= hi:
            out.append(idx[j])
    return out


def suppress(frame: pd.DataFrame, k: int, *, values: Sequence[str] = VALUES,
             groups: Sequence[str] = GROUPS, opened: pd.Series | None = None) -> Suppressed:
    """Hide the small counts of `frame` (one row per village, religion and year) and as many
    more as the group totals need. `opened`: rows shown as they are (the reader's own
    communes); groups never mix open and closed rows when they are per commune."""
    out = frame.copy()
    is_open = (pd.Series(False, index=out.index) if opened is None
               else opened.reindex(out.index, fill_value=False).astype(bool))
    for value in values:
        small = (out[value] >= 1) & (out[value] <= k - 1) & ~is_open
        out[status_column(value)] = small.map({True: SMALL, False: SHOWN}).astype(object)
    withheld: list[tuple] = []
    if out.empty:
        return Suppressed(out, k)
    for value in values:
        for key, part in out.groupby(list(groups), sort=False):
            idx = part.index
            if is_open[idx].all():
                continue
            while pinned(out, idx, value, k, values):
                shown = out.loc[idx][(out.loc[idx, status_column(value)] == SHOWN)
                                     & (out.loc[idx, value] > 0)]
                if shown.empty:
                    withheld.append(key if isinstance(key, tuple) else (key,))
                    break
                # the smallest shown count costs the reader least; hidden households whose
                # shown people count is k are pinned by their own row (k <= households <= k),
                # so such a cell is a last resort and takes its people count with it
                loose = _loose(out, shown, value, k, values)
                pick = (loose if not loose.empty else shown)[value].idxmin()
                out.at[pick, status_column(value)] = HIDDEN
                if loose.empty and value == values[0] and len(values) == 2:
                    out.at[pick, status_column(values[1])] = HIDDEN
    return Suppressed(out, k, tuple(dict.fromkeys(withheld)))


def _loose(frame: pd.DataFrame, shown: pd.DataFrame, value: str, k: int,
           values: Sequence[str]) -> pd.DataFrame:
    """The candidates for secondary hiding that their own row does not pin."""
    if value != values[0] or len(values) != 2:
        return shown
    other = values[1]
    own = (frame.loc[shown.index, status_column(other)] == SHOWN) & (shown[other] <= k)
    return shown[~own]


def recoverable(frame: pd.DataFrame, k: int, *, values: Sequence[str] = VALUES,
                groups: Sequence[str] = GROUPS) -> list[tuple]:
    """(row label, count) of every hidden count a reader can work out (audit; empty when the
    suppression holds). `frame` carries the status columns of `suppress`."""
    out = []
    for value in values:
        for _, part in frame.groupby(list(groups), sort=False):
            out += [(i, value) for i in pinned(frame, part.index, value, k, values)]
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
    return suppress(frame, k, values=values, opened=frame["commune_code"].isin(opened))


def as_text(frame: pd.DataFrame, values: Iterable[str] = VALUES) -> pd.DataFrame:
    """A masked frame for the screen: every count as vi-VN text (1.234, “< 5”, “ẩn”), so a
    column mixing numbers and marks reads one way."""
    out = frame.copy()
    for value in values:
        out[value] = out[value].map(lambda v: v if isinstance(v, str) else number(v))
    return out
