"""`python -m antt check [--data DIR]`: validate the data folder and print a summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from antt import config
from antt.data.store import Store
from antt.data.summary import data_summary
from antt.problems import summarize


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu (mặc định data/)")


def run(args: argparse.Namespace) -> int:
    store = Store(args.data or config.data_dir())
    store.refresh()
    if store.problems:
        print(f"Dữ liệu trong {store.data_dir} có {len(store.problems)} lỗi:")
        for line in summarize(store.problems):
            print(f"  - {line}")
        return 1
    for line in data_summary(store):
        print(line)
    return 0
