"""What a map's colours mean: the indicator catalogue (a figure per commune or village, its
colour scale, its colour-bar ticks) and the village points' model status (colour, ring, size).

Each Indicator names its numerator (and denominator) among the columns of
queries/activities_by_unit.sql and activities_by_village.sql: "Lượt người dự tuyên truyền
trên 100 dân" is outreach_attendees * 100 / population. antt/maps/plotly_map.py draws them,
antt/maps/tables.py puts them in the tables under the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from antt.text.fmt import number


@dataclass(frozen=True)
class Indicator:
    """A figure per commune or village: numerator (per `scale` of denominator when given)."""

    key: str
    label: str  # names the measure in titles and tables
    bar_title: str  # colour-bar title (short, may hold <br>)
    numerator: str  # column of activities_by_unit / activities_by_village
    denominator: str | None = None
    scale: float = 1.0
    decimals: int = 0
    colours: tuple[str, str] = ("#c6dbef", "#08306b")  # light -> dark, never white
    note: str = ""

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """The figure for each row (NaN when the denominator is 0)."""
        top = frame[self.numerator].astype("float64")
        if self.denominator is None:
            return top
        bottom = frame[self.denominator].astype("float64")
        return (top * self.scale / bottom.where(bottom > 0)).round(self.decimals + 3)

    def format(self, value: float | None) -> str:
        text = number(value, self.decimals)
        return f"{text}%" if self.scale == 100 and self.denominator == "households" else text


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("outreach_sessions", "Số buổi tuyên truyền", "Buổi tuyên<br>truyền",
                  "outreach_sessions"),
        Indicator("attendees_per_100", "Lượt người dự tuyên truyền trên 100 dân",
                  "Lượt người dự<br>/100 dân", "outreach_attendees", "population", 100, 1),
        Indicator("patrols", "Số cuộc tuần tra", "Cuộc<br>tuần tra", "patrols",
                  colours=("#c7e9c0", "#00441b")),
        Indicator("patrol_participants", "Lượt người tham gia tuần tra",
                  "Lượt người<br>tuần tra", "patrol_participants",
                  colours=("#c7e9c0", "#00441b")),
        Indicator("commitment_share", "Tỷ lệ hộ ký cam kết (lượt hộ ký trên tổng số hộ)",
                  "Hộ ký<br>cam kết (%)", "commitment_households", "households", 100, 1,
                  colours=("#dadaeb", "#3f007d"),
                  note="Lượt hộ ký trong kỳ trên tổng số hộ: vượt 100% khi hộ ký nhiều lần."),
        Indicator("incidents_per_1000", "Số vụ việc trên 1.000 dân", "Vụ việc<br>/1.000 dân",
                  "incidents", "population", 1000, 2, colours=("#fdd0a2", "#7f2704")),
    )
}
DEFAULT_INDICATOR = "outreach_sessions"


def colour_ticks(top: float, decimals: int) -> tuple[float, list[float], list[str]]:
    """(zmax, tick values, tick texts) of a colour bar from 0 to at least `top`: round steps
    (1, 2, 2,5 or 5 times a power of ten, never finer than the indicator's decimals), so
    every tick is distinct ("0, 1" rather than "1, 1, 1, 0, 0, 0" for a small range), the
    bar ends on a tick, and the texts are vi-VN ("0,5", "1.000")."""
    finest = 10.0 ** -decimals
    raw = max(top, finest) / 4  # about four steps
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(step, finest)
    if decimals == 0 or step >= 1:
        step = max(1.0, round(step))
    count = max(1, math.ceil(round(top / step, 9)))
    values = [round(i * step, 6) for i in range(count + 1)]
    places = next(p for p in range(7) if abs(step * 10**p - round(step * 10**p)) < 1e-6)
    return values[-1], values, [_tick_text(v, places) for v in values]


def _tick_text(value: float, places: int) -> str:
    """vi-VN with only the decimals the value needs: '0', '0,5', '0,25', '1.000'."""
    text = number(value, places)
    return text.rstrip("0").rstrip(",") if "," in text else text


def indicator_values(frame: pd.DataFrame, key: str) -> pd.Series:
    """The chosen indicator for each row of a unit or village frame."""
    return INDICATORS[key].values(frame)


# --- village points ---------------------------------------------------------------------


def village_status(frame: pd.DataFrame) -> pd.Series:
    """'active' (a model active at the period's end), 'ended' (only ended ones) or 'none'."""
    status = pd.Series("none", index=frame.index)
    status[frame["ended_models"] > 0] = "ended"
    status[frame["active_models"] > 0] = "active"
    return status


STATUS_LABELS = {
    "active": "Thôn có mô hình đang hoạt động",
    "ended": "Thôn có mô hình đã kết thúc",
    "none": "Thôn chưa có mô hình",
}
# (fill, ring): the ring is a second, larger circle drawn underneath.
STATUS_STYLE = {
    "active": ("#d50000", "#ffffff"),
    "ended": ("#ffb300", "#4e342e"),
    "none": ("#eceff1", "#455a64"),  # not pure white: the legend dot must show on white
}


def activity_count(frame: pd.DataFrame) -> pd.Series:
    """Activities held in a village in the period: what the point size shows."""
    return (frame["outreach_sessions"] + frame["patrols"] + frame["commitments"]
            + frame["mediations"]).astype("int64")
