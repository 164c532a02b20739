"""Command line: `python -m antt COMMAND ...`.

Each command lives in antt/commands/NAME.py with `add_arguments(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from antt import config
from antt.commands.vi_argparse import ViArgumentParser

COMMANDS = {
    "check": "Kiểm tra thư mục dữ liệu và in tóm tắt",
    "notice": "Xuất thông báo ra PDF (và DOCX)",
    "import": "Nhập bản ghi từ tệp CSV/Excel vào dữ liệu",
    "editor": "Thêm, xóa người được sửa dữ liệu",
    "bench": "Đo tốc độ và bộ nhớ trên dữ liệu tổng hợp",
    "report": "Nộp, duyệt, trả lại, mở khóa báo cáo định kỳ; xem tiến độ báo cáo",
    "recognition": "Công nhận “An toàn về ANTT”: kết quả đánh giá một năm, nhập tiêu chí",
    "quality": "Kiểm tra chất lượng số liệu (quy tắc, giá trị bất thường, trùng, thiếu)",
    "serve": "Chạy N tiến trình Streamlit trên các cổng liên tiếp (sau nginx)",
    "area": "Tạo thư mục dữ liệu cho một địa bàn (tỉnh, huyện cũ, xã) từ danh mục hành chính",
}

# Commands that read a data folder (bench makes its own, serve starts app.py, which settles).
SETTLE_FIRST = {"check", "notice", "import", "editor", "report", "recognition", "quality"}


def main(argv: list[str] | None = None) -> int:
    parser = ViArgumentParser(prog="python -m antt", description="ANTT Dashboard")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH",
                                title="các lệnh")
    modules = {}
    for name, help_text in COMMANDS.items():
        try:
            module = importlib.import_module(f"antt.commands.{name.replace('import', 'importer')}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("antt.commands"):
                continue  # command not built yet
            raise
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    data = getattr(args, "data", None)
    if args.command in SETTLE_FIRST:
        # A write cut short by a crash is settled before the command reads the folder.
        from antt.writes.writer import settle_at_start

        settle_at_start(data if isinstance(data, Path) else config.data_dir())
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
