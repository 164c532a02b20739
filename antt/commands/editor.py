"""`python -m antt editor add NAME [--communes 06340,06355] [--role xem] [--password-stdin]`,
`editor remove NAME`, `editor list`, `editor unlock NAME` (clears failed sign-ins),
`editor disable NAME` / `editor enable NAME`, `editor role NAME sua|xem` (a viewer, “xem”,
signs in to see religion counts of their communes and never writes). Every change is written
to the administration log next to the editors file (antt.access.admin_log), as the page's
changes are."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from antt import config
from antt.access import editor_standing, editors_file
from antt.access.admin_log import log_admin
from antt.data.schema import TABLES
from antt.data.store import extend_context, read_table_file
from antt.data.validation import Context
from antt.text.fmt import today_local


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="thêm người sửa dữ liệu, hoặc đổi mật khẩu")
    add.add_argument("name")
    add.add_argument("--communes", default="", help="mã các xã được sửa, cách nhau bởi dấu phẩy")
    add.add_argument("--password-stdin", action="store_true",
                     help="đọc mật khẩu từ dòng đầu của stdin thay vì hỏi")
    add.add_argument("--role", default=editors_file.ROLE_EDITOR,
                     choices=list(editors_file.ROLE_LABELS),
                     help="sua: sửa dữ liệu (mặc định); xem: chỉ xem số liệu của xã mình")
    sub.add_parser("remove", help="xóa người sửa dữ liệu").add_argument("name")
    sub.add_parser("list", help="liệt kê người sửa dữ liệu")
    sub.add_parser("unlock", help="xóa số lần đăng nhập sai").add_argument("name")
    sub.add_parser("disable", help="khóa tài khoản (không đăng nhập được)").add_argument("name")
    sub.add_parser("enable", help="mở lại tài khoản đã khóa").add_argument("name")
    role = sub.add_parser("role", help="đổi vai trò: sua (sửa dữ liệu) hoặc xem (chỉ xem)")
    role.add_argument("name")
    role.add_argument("role", choices=list(editors_file.ROLE_LABELS))


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        print("Hai lần nhập mật khẩu không khớp.")
        return None
    return first


def _by() -> str:
    """Who ran the command, for the administration log."""
    try:
        return f"dòng lệnh ({getpass.getuser()})"
    except (KeyError, OSError):
        return "dòng lệnh"


def _scope_namer() -> Callable[[tuple[str, ...]], str]:
    """Communes by name (antt.access.editor_standing.scope_text), read from the data folder's two
    commune files once; codes stay codes when those files cannot be read."""
    names: dict[str, dict[str, str]] = {}
    ctx = Context(today=today_local())
    for name, code, label in (("vocab", "", ""),
                              ("communes_2025", "commune_code_2025", "commune_name_2025"),
                              ("communes", "commune_code", "commune_name")):
        typed, _ = read_table_file(config.data_dir() / TABLES[name].file, TABLES[name], ctx)
        if typed is None:
            names = {}
            break
        extend_context(ctx, TABLES[name], typed)
        if code:
            names[name] = dict(zip(typed.column(code).to_pylist(),
                                   typed.column(label).to_pylist(), strict=True))
    new, old = names.get("communes_2025", {}), names.get("communes", {})
    return lambda communes: editor_standing.scope_text(communes, new, old)


def viewer_refused(user: str) -> bool:
    """A write in the name of a viewer's account is refused (said on stdout): viewers only
    look. Names that are no account (a staff member's name for the log) still write."""
    try:
        viewer = editors_file.is_viewer(user)
    except (OSError, ValueError):
        return False  # no readable editors file: no accounts, no roles to check
    if viewer:
        print(f"“{editors_file.normalise_name(user)}” là người chỉ xem số liệu: không được "
              "ghi, không ghi gì.")
    return viewer


def run(args: argparse.Namespace) -> int:
    path = editors_file.editors_file()
    try:
        if args.action == "add":
            password = _password(args.password_stdin)
            if password is None:
                return 1
            communes = tuple(c.strip() for c in args.communes.split(",") if c.strip())
            editor = editors_file.add_editor(args.name, password, communes, role=args.role)
            scope = _scope_namer()(editor.communes)
            log_admin("add", editor.name, _by(), scope + ("" if editor.can_write else "; chỉ xem"))
            if editor.can_write:
                print(f"Đã lưu người sửa dữ liệu “{editor.name}” vào {path}; được sửa dữ liệu: "
                      f"{scope}.")
            else:
                print(f"Đã lưu người xem số liệu “{editor.name}” vào {path}; chỉ xem số liệu "
                      f"của: {scope}.")
        elif args.action == "role":
            editors_file.set_role(args.name, args.role)
            label = editors_file.ROLE_LABELS[args.role]
            log_admin("role", args.name, _by(), label)
            print(f"Đã đổi vai trò của “{editors_file.normalise_name(args.name)}”: "
                  f"{label.lower()}.")
        elif args.action == "remove":
            editors_file.remove_editor(args.name)
            log_admin("remove", args.name, _by())
            print(f"Đã xóa “{editors_file.normalise_name(args.name)}” khỏi {path}.")
        elif args.action in ("disable", "enable"):
            editors_file.set_disabled(args.name, args.action == "disable")
            log_admin(args.action, args.name, _by())
            done = "Đã khóa" if args.action == "disable" else "Đã mở lại"
            print(f"{done} tài khoản “{editors_file.normalise_name(args.name)}”.")
        elif args.action == "unlock":
            editors_file.clear_failures(args.name)
            print(f"Đã xóa số lần đăng nhập sai của “{editors_file.normalise_name(args.name)}”.")
        else:
            records = editors_file.editor_records()
            if not records:
                print(f"Chưa có người sửa dữ liệu nào ({path}).")
            scope = _scope_namer()
            for record in records:
                codes = f" [{', '.join(record.communes)}]" if record.communes else ""
                locked = " (đã khóa)" if record.disabled else ""
                viewer = " (chỉ xem)" if record.role == editors_file.ROLE_VIEWER else ""
                print(f"{record.name}{viewer}{locked}: {scope(record.communes)}{codes}")
    except editors_file.AuthError as exc:
        print(exc)
        return 1
    return 0
