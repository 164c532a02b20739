"""A data problem, reported in Vietnamese with the file, row and column it concerns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line in the file, header = 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """Raised when data cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


def summarize(problems: list[Problem], cap: int = 200) -> list[str]:
    """Messages for display, at most `cap`, with a last line counting the rest."""
    lines = [str(p) for p in problems[:cap]]
    if len(problems) > cap:
        lines.append(f"… và {len(problems) - cap} lỗi khác.")
    return lines
