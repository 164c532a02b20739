"""Time and peak memory of checking an uploaded file (issue 15, item 1), each case in a fresh
process, with pandas reading the same file as the baseline.

    python -m bench.import_limits            # prints one line per case

Cases: the review's "small .xlsx, a million identical rows" (shared strings), a sheet just over
the row limit, a valid file at the row limit (.xlsx and CSV). The data folder is a copy of
tests/fixtures/mini.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEADER = ["record_id", "held_on", "village_code", "model_id", "topic", "format", "attendees"]

CHILD = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
mode, path, data_dir = sys.argv[1:4]
raw = Path(path).read_bytes()
if mode == "antt":
    from antt.entry.importer import prepare_import
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    r = prepare_import("outreach", raw, Path(path).name, Path(data_dir))
    outcome = "ok" if r.ok else str(r.problems[0])[:90]
else:
    import pandas as pd, io
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    frame = (pd.read_excel(io.BytesIO(raw), dtype=str) if path.endswith("xlsx")
             else pd.read_csv(io.BytesIO(raw), dtype=str))
    outcome = f"{len(frame)} rows"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": time.perf_counter() - t0, "mb": (peak - base) / 1024, "out": outcome}))
"""


def _shared_xlsx(rows: list[list[str]], repeat: int) -> bytes:
    """An .xlsx as Excel writes it (shared strings), `rows` repeated `repeat` times."""
    strings: dict[str, int] = {}
    for row in [HEADER, *rows]:
        for v in row:
            strings.setdefault(v, len(strings))

    def xml_row(row: list[str]) -> str:
        return "<row>" + "".join(f'<c t="s"><v>{strings[v]}</v></c>' for v in row) + "</row>"

    body = xml_row(HEADER) + "".join(xml_row(r) for r in rows) * repeat
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    files = {
        "[Content_Types].xml": (
            f'<Types xmlns="{pkg}/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
            'PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" Type="{rel}/'
            'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/sharedStrings.xml": f"<sst {ns}>{sst}</sst>",
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData>{body}</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in files.items():
            book.writestr(name, text)
    return out.getvalue()


def _distinct(n: int) -> list[list[str]]:
    return [["", "2024-06-05", "00002-01", "", "luat_cu_tru", "hop_thon", str(i)]
            for i in range(n)]


def cases() -> dict[str, bytes]:
    same = ["", "2024-06-05", "00002-01", "", "luat_cu_tru", "hop_thon", "45"]
    csv_rows = "\n".join(",".join(r) for r in [HEADER, *_distinct(100_000)]) + "\n"
    return {
        "1M identical rows.xlsx": _shared_xlsx([same], 1_000_000),
        "150k identical rows.xlsx": _shared_xlsx([same], 150_000),
        "100k distinct rows.xlsx": _shared_xlsx(_distinct(100_000), 1),
        "100k distinct rows.csv": csv_rows.encode(),
    }


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="antt_limits_"))
    try:
        data_dir = shutil.copytree(REPO / "tests" / "fixtures" / "mini", work / "data")
        for name, raw in cases().items():
            path = work / name.replace(" ", "_")
            path.write_bytes(raw)
            line = [f"{name}: {len(raw) / 1e6:.2f} MB"]
            # pandas reads every row: minutes for the million-row bomb, so not run there
            for mode in ("antt",) if name.startswith("1M") else ("antt", "pandas"):
                out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path),
                                      str(data_dir)], cwd=REPO, capture_output=True, text=True)
                if out.returncode:
                    line.append(f"{mode}: failed ({out.stderr.strip().splitlines()[-1]})")
                    continue
                r = json.loads(out.stdout)
                line.append(f"{mode} {r['s']:.1f} s, +{r['mb']:.0f} MB peak ({r['out']})")
            print(" | ".join(line), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
