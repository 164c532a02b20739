"""data/recognition.toml: the criteria of the yearly "An toàn về an ninh, trật tự" recognition
(TT 124/2021/TT-BCA), their citations and rules, the evaluation windows and the deadlines.

A folder without its own recognition.toml uses the bundled one (like notice_profile.toml).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from antt import config

RULES_FILE = "recognition.toml"
BUNDLED_RULES = config.REPO_DIR / "data" / RULES_FILE
Level = Literal["thon", "xa"]
LEVELS: tuple[Level, ...] = ("thon", "xa")
LEVEL_LABELS = {"thon": "thôn, khối phố", "xa": "xã"}
RULE_KINDS = ("no_incident", "effective_model", "share_recognised")
# The year the 2025 units (communes_2025.csv) start being assessed: the xã window of 2025
# (16/11/2024–15/11/2025) ends under the new units (a design choice, data/README.md).
FIRST_YEAR_2025_UNITS = 2025


class RulesError(Exception):
    """recognition.toml cannot be used; `messages` are Vietnamese."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Criterion:
    id: str
    level: Level
    name: str
    citation: str
    source: Literal["du_lieu", "nhap"]
    rule: dict[str, Any] = field(default_factory=dict)
    document: str = ""  # what the document column holds, for the form and template
    verified: bool = True

    @property
    def entered(self) -> bool:
        return self.source == "nhap"


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date
    citation: str


@dataclass(frozen=True)
class Deadline:
    name: str
    on: dt.date
    citation: str


@dataclass
class Rules:
    criteria: list[Criterion]
    windows: dict[str, dict[str, Any]]
    deadlines: list[dict[str, str]]
    grading: dict[str, Any]
    source: Path | None = None

    def of_level(self, level: Level) -> list[Criterion]:
        return [c for c in self.criteria if c.level == level]

    def by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    def window(self, level: Level, year: int) -> Window:
        raw = self.windows[level]
        start = _day(raw["tu"], year + int(raw.get("tu_nam", 0)))
        end = _day(raw["den"], year + int(raw.get("den_nam", 0)))
        return Window(start, end, str(raw.get("citation", "")))

    def deadlines_of(self, year: int) -> list[Deadline]:
        return [Deadline(d["ten"], _day(d["ngay"], year), d.get("citation", ""))
                for d in self.deadlines]

    @property
    def can_grade(self) -> bool:
        return bool(self.grading.get("co_the_cham", False))


def unit_set_of(year: int) -> str:
    """'2024' up to 2024, '2025' from 2025 (the unit set a year is assessed in)."""
    return "2025" if year >= FIRST_YEAR_2025_UNITS else "2024"


def _day(month_day: str, year: int) -> dt.date:
    month, day = (int(x) for x in str(month_day).split("-"))
    return dt.date(year, month, day)


def rules_path(data_dir: Path) -> Path:
    own = Path(data_dir) / RULES_FILE
    return own if own.exists() else BUNDLED_RULES


def load_rules(data_dir: Path | None = None) -> Rules:
    """The rules of a data folder (its recognition.toml, else the bundled one), checked."""
    path = rules_path(Path(data_dir or config.data_dir()))
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError([f"Không đọc được {path.name}: {exc}"]) from exc
    return parse_rules(raw, path)


def parse_rules(raw: dict[str, Any], path: Path | None = None) -> Rules:
    name = path.name if path else RULES_FILE
    errors: list[str] = []
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("tieu_chi", []), 1):
        where = f"{name}, tiêu chí thứ {i}"
        missing = [k for k in ("id", "level", "name", "citation", "source")
                   if not str(item.get(k, "")).strip()]
        if missing:
            errors.append(f"{where}: thiếu {', '.join(missing)}.")
            continue
        if item["level"] not in LEVELS:
            errors.append(f"{where}: level phải là “thon” hoặc “xa”.")
        if item["source"] not in ("du_lieu", "nhap"):
            errors.append(f"{where}: source phải là “du_lieu” hoặc “nhap”.")
        rule = dict(item.get("rule", {}))
        if item["source"] == "du_lieu" and rule.get("kind") not in RULE_KINDS:
            errors.append(f"{where}: rule.kind phải là một trong {', '.join(RULE_KINDS)}.")
        if item["id"] in seen:
            errors.append(f"{where}: mã “{item['id']}” bị lặp.")
        seen.add(item["id"])
        criteria.append(Criterion(
            id=item["id"], level=item["level"], name=item["name"], citation=item["citation"],
            source=item["source"], rule=rule, document=item.get("document", ""),
            verified=bool(item.get("verified", True))))
    windows = raw.get("cua_so", {})
    for level in LEVELS:
        if level not in windows:
            errors.append(f"{name}: thiếu mốc thời gian đánh giá [cua_so.{level}].")
    if errors:
        raise RulesError(errors)
    return Rules(criteria, windows, list(raw.get("han", [])), dict(raw.get("phan_loai", {})),
                 path)
