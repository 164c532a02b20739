"""Carrying a commune choice from one unit set to the other (2024 communes <-> 2025 communes)."""

from __future__ import annotations

from collections.abc import Iterable


def map_communes(codes: Iterable[str], to_set: str,
                 pairs: Iterable[tuple[str, str | None]]) -> tuple[str, ...]:
    """The units of `to_set` covering the chosen units of the other set.

    `pairs` are (2024 commune code, 2025 commune code) rows (queries/unit_mapping.sql).
    To '2025': the 2025 communes the chosen 2024 communes became part of. To '2024': every 2024
    commune inside the chosen 2025 communes (the same area, nothing more or less). Codes that
    map to nothing are dropped. Order follows `pairs` (code order), without repeats."""
    chosen = set(codes)
    src, dst = (0, 1) if to_set == "2025" else (1, 0)
    out: dict[str, None] = {}
    for pair in pairs:
        if pair[src] in chosen and pair[dst]:
            out[pair[dst]] = None
    return tuple(out)
