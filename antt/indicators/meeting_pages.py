"""A large area on the projector (issue 24): a province's 65 communes (194 before 01/7/2025)
are not 65 screens of 30 s, nor 65 bars on one chart.

- The summary ranks the communes by the map's figure: the first TOP_N, then "Các xã còn lại
  (K xã)" in one row, so every name is readable and the rows still add up to the total.
- Reviewing the communes in turn (`cycle=communes`) goes through pages of communes: one former
  district a page when the period is read in the 2024 units and the area spans several
  districts (split when a district has more than DISTRICT_PAGE_MAX), else pages of about
  PAGE_SIZE communes in Vietnamese order. Each page is a table of its communes' figures.
- An area of at most ONE_BY_ONE_MAX communes (Bắc Sơn: 18 xã, thị trấn before 01/7/2025, 6 xã
  after) keeps its screens as they were: one commune at a time, the map on the summary.

No streamlit here: antt/ui/meeting_pages.py draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from antt.indicators import charts
from antt.indicators.kpi_cards import success_rate
from antt.text.escape import html_text
from antt.text.fmt import number, percent, vi_sort_key

ONE_BY_ONE_MAX = 20  # up to this many communes: one screen each, as before (Bắc Sơn's 18)
PAGE_SIZE = 8  # communes a page when there are no districts to group by
DISTRICT_PAGE_MAX = 12  # a former district fits one page up to this many communes
TOP_N = 8  # communes named in the summary's ranking; the rest share one row
REST_COLOUR = "#90a4ae"  # the "Các xã còn lại" bar: a group, not a commune


def is_large(count: int) -> bool:
    """More communes than one-by-one screens or one readable chart can take."""
    return count > ONE_BY_ONE_MAX


# ---------------------------------------------------------------- pages of communes


@dataclass(frozen=True)
class Page:
    """One screen of the review: its communes (codes, in order) and what to call it."""

    label: str  # "Huyện Bắc Sơn", "Huyện Bắc Sơn, phần 1/2", "Phường Đông Kinh – Xã Bình Gia"
    communes: tuple[str, ...]


def balanced_chunks(items: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """`items` cut into the fewest chunks of at most `size`, their lengths differing by at
    most one (65 by 8: two of 8 and seven of 7, never a last page of one commune)."""
    if not items:
        return []
    count = math.ceil(len(items) / size)
    base, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        out.append(tuple(items[start:end]))
        start = end
    return out


def _in_order(communes: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """`communes` in the order of `names` (queries/units.sql: `collate vi`, which puts "Xã Chi
    Lăng" before "Xã Chiến Thắng" as a dictionary does); any not named, after, by code."""
    wanted = set(communes)
    return [c for c in names if c in wanted] + sorted(wanted - set(names))


def _span(chunk: Sequence[str], names: Mapping[str, str]) -> str:
    first, last = names.get(chunk[0], chunk[0]), names.get(chunk[-1], chunk[-1])
    return first if len(chunk) == 1 else f"{first} – {last}"


def commune_pages(communes: Sequence[str], names: Mapping[str, str],
                  districts: Mapping[str, str] | None = None) -> list[Page]:
    """The pages of a review of `communes` (codes; `names` code -> name, in Vietnamese order as
    antt.ui.data.unit_names gives them). With `districts`
    (a 2024 commune's code -> its district's name) spanning two or more districts: a page per
    district, in Vietnamese order, its communes too. Otherwise pages of PAGE_SIZE. Empty when
    the area is small enough to go one commune at a time (is_large)."""
    if not is_large(len(set(communes))):
        return []
    ordered = _in_order(communes, names)
    groups: dict[str, list[str]] = {}
    for code in ordered:
        groups.setdefault((districts or {}).get(code, ""), []).append(code)
    if len(groups) < 2 or "" in groups:  # no districts, or one: pages by the alphabet
        return [Page(_span(chunk, names), chunk) for chunk in balanced_chunks(ordered, PAGE_SIZE)]
    pages = []
    for district in sorted(groups, key=vi_sort_key):
        chunks = balanced_chunks(groups[district], DISTRICT_PAGE_MAX)
        for i, chunk in enumerate(chunks, start=1):
            label = district if len(chunks) == 1 else f"{district}, phần {i}/{len(chunks)}"
            pages.append(Page(label, chunk))
    return pages


# ---------------------------------------------------------------- the summary's ranking


@dataclass(frozen=True)
class Ranking:
    """The first communes by a count, then the rest as one row."""

    names: list[str]  # top communes, best first; then "Các xã còn lại (K xã)" when K > 0
    values: list[float]
    rest: int  # communes in the last row (0: every commune has its own row)
    total: float  # of every commune: sum(values)

    @property
    def rest_mean(self) -> float | None:
        return self.values[-1] / self.rest if self.rest else None


def rest_label(count: int) -> str:
    return f"Các xã còn lại ({number(count)} xã)"


def top_and_rest(names: Sequence[str], values: Sequence[float], top: int = TOP_N) -> Ranking:
    """The `top` largest counts (ties in the order given: queries/activities_by_unit.sql's,
    Vietnamese), then the sum of the others in one row. When only one commune would be left
    over, it keeps its own row: a group of one says less than the commune's name. The rows
    add up to the total of every commune."""
    pairs = sorted(zip(names, (float(v or 0) for v in values), strict=True),
                   key=lambda p: -p[1])  # stable: ties keep their order
    total = float(sum(v for _, v in pairs))
    if len(pairs) <= top + 1:
        return Ranking([n for n, _ in pairs], [v for _, v in pairs], 0, total)
    shown, rest = pairs[:top], pairs[top:]
    return Ranking([n for n, _ in shown] + [rest_label(len(rest))],
                   [v for _, v in shown] + [float(sum(v for _, v in rest))], len(rest), total)


def ranking_figure(ranking: Ranking, label: str, title: str) -> go.Figure:
    """Horizontal bars, best at the top, each with its figure. The rest's bar is grey and as
    long as its mean a commune, so the named communes' bars stay readable beside it; its text
    gives both ('TB 9,1/xã · cộng 516'), the sum keeping the rows' total true."""
    rest = ranking.rest
    lengths = list(ranking.values)
    colours = [charts.COLORS[0]] * (len(lengths) - (1 if rest else 0))
    texts = [number(v) for v in ranking.values]
    if rest:
        lengths[-1] = ranking.rest_mean or 0.0
        colours.append(REST_COLOUR)
        texts[-1] = f"TB {number(ranking.rest_mean, 1)}/xã · cộng {texts[-1]}"
    fig = go.Figure(go.Bar(
        y=[html_text(n) for n in ranking.names], x=lengths, orientation="h",
        marker_color=colours, name=html_text(label), text=[html_text(t) for t in texts],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    charts.base_layout(fig, title)
    top = max(lengths, default=0) or 1
    # room right of the longest bar for its figure (the rest's text is the longest)
    fig.update_xaxes(visible=False, range=[0, top * (1.9 if rest else 1.25)])
    fig.update_yaxes(autorange="reversed", showgrid=False, tickformat=None)
    fig.update_layout(showlegend=False, bargap=0.3)
    return fig


# ---------------------------------------------------------------- a page's table

# (tile key, column header, activities_by_unit column): the summary's eight tiles, as columns
TABLE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("outreach_sessions", "Buổi tuyên truyền", "outreach_sessions"),
    ("outreach_attendees", "Lượt người dự tuyên truyền", "outreach_attendees"),
    ("patrols", "Cuộc tuần tra", "patrols"),
    ("patrol_participants", "Lượt người tham gia tuần tra", "patrol_participants"),
    ("commitment_households", "Hộ ký cam kết", "commitment_households"),
    ("mediation_success", "Tỷ lệ hòa giải thành", "mediations_successful"),
    ("incidents", "Vụ việc về ANTT", "incidents"),
    ("active_models", "Mô hình đang hoạt động", "active_models"),
)
TOTAL_ROW = "Cộng"


def _row(name: str, values: Mapping[str, float], name_header: str) -> dict[str, str]:
    row = {name_header: name}
    for key, header, column in TABLE_COLUMNS:
        if key == "mediation_success":
            row[header] = percent(success_rate(values["mediations_successful"],
                                               values["mediations"]))
        else:
            row[header] = number(values[column])
    return row


def page_table(units: pd.DataFrame, page: Page, name_header: str = "Xã") -> pd.DataFrame:
    """The page's communes (rows of activities_by_unit, in the page's order), their eight
    figures as the tiles show them, and a "Cộng" row of the page (the rate from the sums);
    `name_header` heads the names ("Xã, thị trấn" before 01/7/2025)."""
    columns = sorted({c for _, _, c in TABLE_COLUMNS} | {"mediations"})
    by_code = units.set_index("unit_code")
    rows, totals = [], dict.fromkeys(columns, 0.0)
    for code in page.communes:
        if code not in by_code.index:  # a commune with no village in scope: nothing to show
            continue
        unit = by_code.loc[code]
        values = {c: float(unit[c]) for c in columns}
        rows.append(_row(str(unit["unit_name"]), values, name_header))
        for c in columns:
            totals[c] += values[c]
    rows.append(_row(TOTAL_ROW, totals, name_header))
    return pd.DataFrame(rows)
