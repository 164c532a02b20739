"""A province folder for the large-area tests: `python -m antt area init` for Lạng Sơn (194
communes in 11 districts before 01/7/2025, 65 after), one village per old commune imported by
code, and records written in the schema: village number i (in code order) has i % 4 outreach
sessions on 10/3/2026, a patrol every month from January to September 2026, and an incident on
5/5/2026 when i % 3 == 0."""

from __future__ import annotations

import csv
from pathlib import Path

from antt.__main__ import main
from antt.entry.import_villages import import_villages

PERIOD = {"period": "range", "from": "2026-01-01", "to": "2026-09-30"}


def _rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _append(folder: Path, name: str, lines: list[str]) -> None:
    with open(folder / f"{name}.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("".join(line + "\n" for line in lines))


def make_province(folder: Path) -> Path:
    """Write the folder (it must not exist) and return it."""
    assert main(["area", "init", str(folder), "--province", "Lạng Sơn"]) == 0
    listing = "Tên thôn,Xã,Loại,Số hộ,Số nhân khẩu\n" + "".join(
        f"Thôn Một,{r['commune_code']},Thôn,100,400\n" for r in _rows(folder, "communes"))
    done = import_villages(listing.encode(), "thon.csv", folder, user="t")
    assert done.ok and done.added == 194, [str(p) for p in done.problems[:3]]
    villages = sorted(r["village_code"] for r in _rows(folder, "villages"))
    outreach, patrols, incidents = [], [], []
    for i, village in enumerate(villages):
        outreach += [f"TT-{i:04d}{k},2026-03-10,{village},,luat_cu_tru,hop_thon,50"
                     for k in range(i % 4)]
        patrols += [f"TR-{i:04d}{m:02d},2026-{m:02d}-15,{village},,thuong_xuyen,10"
                    for m in range(1, 10)]
        if i % 3 == 0:
            incidents.append(f"VV-{i:04d},2026-05-05,{village},trom_cap,trat_tu_xa_hoi,true")
    _append(folder, "outreach", outreach)
    _append(folder, "patrols", patrols)
    _append(folder, "incidents", incidents)
    return folder


def outreach_sessions() -> int:
    """How many outreach sessions make_province writes: sum of i % 4 over 194 villages."""
    return sum(i % 4 for i in range(194))
