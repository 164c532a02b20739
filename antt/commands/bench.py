"""`python -m antt bench --rows 100000,1000000 [--repeat N] [--out docs/performance.md]`.

Generates synthetic data of each size (bench/generate.py) in a folder under /tmp, measures
load/reload, every query, every page (AppTest), the notice PDF and peak RSS, each set in its
own process, plus the pandas baseline in another, and prints (or writes) the Markdown report.
The work lives in the repository's bench/ package; this is its command-line entry.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from antt import config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", default="100000,1000000",
                        help="số dòng (hoạt động + vụ việc), cách nhau bằng dấu phẩy")
    parser.add_argument("--repeat", type=int, default=5, help="số lần đo mỗi mục (lấy trung vị)")
    parser.add_argument("--out", type=Path, default=None, help="ghi báo cáo Markdown vào tệp")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "antt_bench",
                        help="thư mục chứa dữ liệu tổng hợp (không phải data/)")
    parser.add_argument("--skip-pages", action="store_true", help="không đo các trang")
    parser.add_argument("--page-limit", type=float, default=120,
                        help="giây tối đa cho một lần chạy trang (dừng trang sau 3 lần số này)")
    parser.add_argument("--skip-browser", action="store_true",
                        help="không đo RSS của `streamlit run` (cần Chromium)")
    # Many users at once (bench/concurrency.py): replaces the measurements above.
    parser.add_argument("--users", default=None,
                        help="đo nhiều người dùng cùng lúc, ví dụ 1,10,20,40,80")
    parser.add_argument("--workers", default="1,2",
                        help="số tiến trình (1: một tiến trình; >1: sau nginx), ví dụ 1,2")
    parser.add_argument("--data", default="sample,1000000",
                        help="với --users: 'sample' (dữ liệu kèm theo) và/hoặc số dòng tổng hợp")
    parser.add_argument("--settle", type=float, default=60,
                        help="với --users: đo RSS sau bao nhiêu giây kể từ khi phiên đóng")
    parser.add_argument("--app", type=Path, default=None,
                        help="với --users: chạy ứng dụng từ bản mã khác (so sánh trước/sau)")
    parser.add_argument("--abuse", type=int, default=0,
                        help="với --users N: thêm một máy mở N thẻ liên tục tải lại (issue 25)")
    parser.add_argument("--before", type=Path, default=None,
                        help="với --abuse: so sánh với bản mã này (ví dụ nhánh main)")
    parser.add_argument("--soak", type=float, default=0,
                        help="với --users: so sánh runner.postScriptGC bật/tắt trong N giây")


def run(args: argparse.Namespace) -> int:
    if str(config.REPO_DIR) not in sys.path:
        sys.path.insert(0, str(config.REPO_DIR))
    from bench.generate import generate
    from bench.report import overview_comparison, render
    from bench.run import machine, run_baseline, run_pages, run_worker

    work = args.work.resolve()
    if work == (config.REPO_DIR / "data").resolve():
        print("--work không được là thư mục data/.")
        return 2
    if getattr(args, "users", None) and getattr(args, "abuse", 0):
        return run_abuse_bench(args, work)
    if getattr(args, "users", None):
        return run_users(args, work)
    sizes = [int(x.replace(".", "")) for x in args.rows.split(",") if x.strip()]
    results = {}
    for rows in sizes:
        folder = work / str(rows)
        if folder.exists():
            shutil.rmtree(folder)  # fresh data: earlier runs appended rows to it
        print(f"[{rows}] sinh dữ liệu…", flush=True)
        tables = generate(folder, rows)
        csv_mb = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
        entry = {"tables": tables, "csv_mb": csv_mb}
        for kind in ("store", "notice", "pages", "streamlit"):
            if kind == "pages" and args.skip_pages:
                entry[kind] = {"pages": {}}
                continue
            if kind == "streamlit" and args.skip_browser:
                continue
            print(f"[{rows}] đo {kind}…", flush=True)
            entry[kind] = (run_pages(folder, args.repeat, args.page_limit) if kind == "pages"
                           else run_worker(kind, folder, args.repeat))
        print(f"[{rows}] đo pandas…", flush=True)
        entry["pandas"] = run_baseline(folder, args.repeat)
        entry["comparison"] = overview_comparison(entry["store"], entry["pandas"])
        results[rows] = entry
    command = "python -m antt bench " + " ".join(sys.argv[2:] if len(sys.argv) > 2 else [])
    report = render(results, command.strip(), machine())
    if args.out:
        args.out.write_text(merge_report(args.out, report), encoding="utf-8")
        print(f"Đã ghi {args.out}")
    else:
        print(report)
    differ = any(c["differences"] for e in results.values() for c in e["comparison"].values())
    return 1 if differ else 0


START, END = "<!-- bench:start -->", "<!-- bench:end -->"
LOAD_START, LOAD_END = "<!-- load:start -->", "<!-- load:end -->"


def merge_report(path: Path, report: str, start: str = START, end: str = END) -> str:
    """The file with the measured part replaced: text written by hand around the markers (the
    analysis in docs/performance.md) survives a new run."""
    block = f"{start}\n{report}{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old:
        head, rest = old.split(start, 1)
        return head + block + rest.split(end, 1)[1].lstrip("\n")
    return old + ("\n" if old else "") + block


def run_abuse_bench(args: argparse.Namespace, work: Path) -> int:
    """Normal users beside one client with many tabs (bench/abuse.py), on the sample data."""
    from bench.abuse import render, run_abuse
    from bench.run import machine

    folder = work / "sample"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(config.REPO_DIR / "data", folder,
                    ignore=shutil.ignore_patterns("audit*", ".*", "backups"))
    users = max(int(x) for x in args.users.split(",") if x.strip())
    apps: dict[str, Path | None] = {}
    if args.before:
        apps["before"] = args.before.resolve()
    apps["this checkout"] = args.app.resolve() if args.app else None
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    results = run_abuse(folder, users, args.abuse, apps=apps, log_dir=logs)
    print(render(results, users, "python -m antt bench " + " ".join(sys.argv[2:]), machine()))
    return 0


def run_users(args: argparse.Namespace, work: Path) -> int:
    """Many users at once against 1 process and N workers behind nginx (bench/concurrency.py)."""
    from bench.concurrency import render, render_soak, run_concurrency, soak_gc
    from bench.generate import generate
    from bench.run import machine

    users = [int(x) for x in args.users.split(",") if x.strip()]
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    datasets: dict[str, Path] = {}
    for name in (x.strip() for x in args.data.split(",") if x.strip()):
        if name == "sample":
            folder = work / "sample"
            if folder.exists():
                shutil.rmtree(folder)
            shutil.copytree(config.REPO_DIR / "data", folder,
                            ignore=shutil.ignore_patterns("audit*", ".*", "backups"))
            datasets["Bundled sample (data/)"] = folder
        else:
            rows = int(name.replace(".", ""))
            folder = work / str(rows)
            if folder.exists():
                shutil.rmtree(folder)
            print(f"[{rows}] sinh dữ liệu…", flush=True)
            generate(folder, rows)
            datasets[f"{rows:,} rows".replace(",", ".")] = folder
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    command = "python -m antt bench " + " ".join(sys.argv[2:])
    app_dir = args.app.resolve() if args.app else None
    parts = [render(run_concurrency(datasets, users, counts, logs, args.settle,
                                    app_dir=app_dir), command.strip(), machine())]
    if args.soak:
        first = next(iter(datasets.values()))
        top = max(users)
        parts.append(render_soak(soak_gc(first, args.soak, min(top, 20), logs), args.soak,
                                 min(top, 20)))
    report = "\n".join(parts)
    if args.out:
        args.out.write_text(merge_report(args.out, report, LOAD_START, LOAD_END),
                            encoding="utf-8")
        print(f"Đã ghi {args.out}")
    else:
        print(report)
    return 0
