"""argparse in Vietnamese: usage, section titles and argparse's own error messages
("invalid choice", "expected one argument"...), so a wrong option is explained in the same
language as every other message of `python -m antt`."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's messages (Python 3.11-3.13) -> Vietnamese; the groups are kept.
_MESSAGES = [
    (r"argument (?P<arg>[^:]+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
     "tham số {arg}: giá trị {value} không hợp lệ (chọn một trong: {choices})"),
    (r"argument (?P<arg>[^:]+): invalid (?P<type>\w+) value: (?P<value>.+)",
     "tham số {arg}: giá trị {value} không hợp lệ"),
    (r"argument (?P<arg>[^:]+): expected one argument",
     "tham số {arg} cần một giá trị"),
    (r"argument (?P<arg>[^:]+): expected at least one argument",
     "tham số {arg} cần ít nhất một giá trị"),
    (r"argument (?P<arg>[^:]+): ignored explicit argument (?P<value>.+)",
     "tham số {arg} không nhận giá trị {value}"),
    (r"argument (?P<arg>[^:]+): not allowed with argument (?P<other>.+)",
     "không dùng tham số {arg} cùng với {other}"),
    (r"the following arguments are required: (?P<args>.+)",
     "thiếu tham số bắt buộc: {args}"),
    (r"one of the arguments (?P<args>.+) is required",
     "cần một trong các tham số: {args}"),
    (r"unrecognized arguments: (?P<args>.+)",
     "tham số không nhận ra: {args}"),
    (r"ambiguous option: (?P<arg>\S+) could match (?P<matches>.+)",
     "tùy chọn {arg} không rõ, có thể là: {matches}"),
]
_SECTIONS = {"options": "tùy chọn", "optional arguments": "tùy chọn",
             "positional arguments": "tham số"}


def translate(message: str) -> str:
    """argparse's English message in Vietnamese (unknown messages are kept as they are)."""
    for pattern, template in _MESSAGES:
        m = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if m:
            return template.format(**m.groupdict())
    return message


class ViHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001
        # argparse passes prefix="" to name a subcommand's prog: keep that one empty
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)

    def start_section(self, heading) -> None:  # noqa: ANN001
        super().start_section(_SECTIONS.get(heading, heading))


class ViArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose help, usage and errors are Vietnamese; its subparsers too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ViHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {translate(message)}\n")
