"""`python -m antt notice --to 2024-10-02 -o notice.pdf`: the THÔNG BÁO as PDF (and DOCX).

The same documents as the Thông báo page: figures from the data folder, wording from the
template and the unit profile, or from a saved draft (--draft FILE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from antt import config
from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators.view_text import default_view
from antt.notice.build import build_notice, render_files
from antt.notice.draft import Draft, default_draft, parse_number, signer_lines
from antt.notice.facts import (
    DEFAULT_MODEL_TYPE,
    EmptyPeriodError,
    Scope,
    busiest_commune,
    collect_facts,
    scope_errors,
    unit_names,
)
from antt.notice.issuer import unit_set_on
from antt.notice.model import NoticeError
from antt.notice.profile import Profile, load_profile, load_profile_file
from antt.problems import summarize
from antt.reporting import progress
from antt.reporting.progress import approved_cutoff, load_reports
from antt.text.fmt import date_short, nfc, parse_date_short, today_local


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", dest="date_to", metavar="NGÀY",
                        help="số liệu tính đến ngày (2024-10-02 hoặc 02/10/2024); mặc định "
                             "cuối tháng gần nhất mà mọi xã đã đủ số liệu (như các trang)")
    parser.add_argument("--from", dest="date_from", metavar="NGÀY",
                        help="số liệu từ ngày; mặc định ngày thành lập mô hình đầu tiên")
    parser.add_argument("--communes", metavar="MÃ,MÃ",
                        help="mã xã, cách nhau bằng dấu phẩy (một xã: thông báo cấp xã)")
    parser.add_argument("--unit-set", choices=("2024", "2025"), default=None,
                        help="bộ đơn vị: 2024 (huyện, xã, thị trấn) hoặc 2025 (xã mới); mặc "
                             "định theo ngày số liệu đến (sau 30/06/2025: 2025)")
    parser.add_argument("--issuer", choices=("bcd", "cong-an"), default=None,
                        help="cơ quan ban hành: bcd (Ban Chỉ đạo 138 của đơn vị, mặc định) "
                             "hoặc cong-an (Công an xã; Công an huyện đến 28/02/2025; Công an "
                             "tỉnh)")
    parser.add_argument("--model-type", default=None, metavar="LOẠI",
                        help=f"loại mô hình (mặc định {DEFAULT_MODEL_TYPE})")
    parser.add_argument("--draft", type=Path, metavar="TỆP",
                        help="bản nháp JSON đã lưu từ trang Thông báo")
    parser.add_argument("--save-draft", type=Path, metavar="TỆP",
                        help="ghi bản nháp JSON ra tệp này")
    parser.add_argument("-o", "--output", type=Path, default=Path("thong-bao.pdf"), metavar="TỆP",
                        help="tệp PDF ghi ra (mặc định thong-bao.pdf)")
    parser.add_argument("--docx", type=Path, metavar="TỆP", help="ghi thêm bản DOCX ra tệp này")
    parser.add_argument("--number", metavar="SỐ",
                        help="số văn bản (để trống: bản nháp chưa có số)")
    parser.add_argument("--issued-on", metavar="NGÀY",
                        help="ngày ban hành (2024-10-05 hoặc 05/10/2024; tháng 10/2024: chừa "
                             "trống ngày); mặc định tháng, năm "
                             "hôm nay (như trang Thông báo, giờ Việt Nam), chừa trống ngày để "
                             "điền khi ký; ngày số liệu đến là --to")
    parser.add_argument("--day", metavar="NGÀY",
                        help="chỉ điền ngày (trong tháng ban hành: tháng này)")
    parser.add_argument("--signer", metavar="HỌ TÊN", help="họ tên người ký")
    parser.add_argument("--signer-title", metavar="DÒNG", action="append",
                        help="chức vụ người ký, mỗi dòng một lần (ví dụ --signer-title "
                             "\"KT. TRƯỞNG BAN\" --signer-title \"PHÓ TRƯỞNG BAN\"); "
                             "TM./KT./Q./TL./TUQ. ở đầu dòng thứ nhất là quyền hạn ký")
    parser.add_argument("--profile", type=Path, metavar="TỆP",
                        help="hồ sơ đơn vị (TOML) thay cho notice_profile.toml của dữ liệu")
    parser.add_argument("--allow-empty", action="store_true",
                        help="vẫn lập thông báo khi kỳ số liệu kết thúc trước mô hình đầu tiên "
                             "(thông báo ghi rõ là chưa có mô hình)")
    parser.add_argument("--appendix", action="store_true", help="kèm Phụ lục số liệu theo thôn")
    parser.add_argument("--approved-only", action="store_true",
                        help="chỉ tính số liệu các kỳ báo cáo đã được duyệt của mọi xã")
    parser.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu (mặc định data/)")


def _date(text: str, label: str, errors: list[str]) -> dt.date | None:
    for parse in (dt.date.fromisoformat, parse_date_short):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    errors.append(f"{label} “{text}” không hợp lệ (viết 2024-10-02 hoặc 02/10/2024).")
    return None


def _latest(store: Store) -> dt.date:
    """The data end of a notice with no --to: the end of the pages' default view, the last
    month every commune has complete (antt.data.complete), not the newest record (a record
    dated today would put a month that is not in yet into an official notice)."""
    today = today_local()
    reports = load_reports(store)
    view = default_view(lambda unit_set: progress.data_through(
        reports, store, unit_set, (), today).complete, today)
    if view.period.end <= today:
        return view.period.end
    value = run_query("latest_record_date", store=store)["latest_on"].iloc[0]
    return today if pd.isna(value) else min(pd.Timestamp(value).date(), today)


def _write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failed write leaves no partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _fail(messages: list[str]) -> int:
    print("Không tạo được thông báo:", file=sys.stderr)
    for message in messages:
        print(f"  - {message}", file=sys.stderr)
    return 1


def _options(args: argparse.Namespace, errors: list[str]) -> dict:
    """The header and signer options, checked: number, issue date, signer."""
    out: dict = {}
    number, problem = parse_number(args.number)
    if problem:
        errors.append(problem)
    out["so"] = number
    if args.day is not None and args.day.strip():
        if not args.day.strip().isdigit():
            errors.append(f"Ngày ban hành phải là số từ 1 đến 31, không phải “{args.day}”.")
        else:
            out["ngay"] = int(args.day)
    month = re.fullmatch(r"(\d{1,2})/(\d{4})|(\d{4})-(\d{1,2})", (args.issued_on or "").strip())
    if month and 1 <= int(month[1] or month[4]) <= 12:  # "10/2024": the day left blank
        out |= {"thang": int(month[1] or month[4]), "nam": int(month[2] or month[3])}
    elif args.issued_on:
        issued = _date(args.issued_on, "Ngày ban hành --issued-on", errors)
        if issued:
            out |= {"ngay": issued.day, "thang": issued.month, "nam": issued.year}
    if args.signer is not None:
        if not args.signer.strip():
            errors.append("Tên người ký (--signer) không được để trống.")
        out["ten"] = nfc(args.signer.strip())
    if args.signer_title:
        quyen_han, chuc_vu = signer_lines(args.signer_title)
        if not chuc_vu:
            errors.append("Chức vụ người ký (--signer-title) cần ít nhất một dòng chức vụ.")
        out |= {"quyen_han": quyen_han, "chuc_vu": chuc_vu}
    return out


def _profile(args: argparse.Namespace, errors: list[str]) -> Profile | None:
    if args.profile is None:
        return None
    if not args.profile.is_file():
        errors.append(f"Không có tệp hồ sơ đơn vị {args.profile}.")
        return None
    try:
        return load_profile_file(args.profile)
    except NoticeError as exc:
        errors.extend(exc.messages)
        return None


def _draft(args: argparse.Namespace, store: Store, profile: Profile | None,
           errors: list[str]) -> Draft | None:
    """The draft to render: from --draft, else the template defaults; then the options."""
    loaded: Draft | None = None
    if args.draft:
        try:
            loaded = Draft.from_json(args.draft.read_bytes())
        except OSError as exc:
            errors.append(f"Không đọc được bản nháp {args.draft}: {exc.strerror}.")
        except NoticeError as exc:
            errors += [f"Bản nháp {args.draft.name}: {m}" for m in exc.messages]
    date_to = _date(args.date_to, "Ngày --to", errors) if args.date_to else None
    date_from = _date(args.date_from, "Ngày --from", errors) if args.date_from else None
    options = _options(args, errors)
    if errors:
        return None
    if loaded:
        base = loaded.scope
    else:  # the units in force on the data's last day
        end = date_to or _latest(store)
        base = Scope(date_to=end, unit_set=unit_set_on(end))
    communes = base.communes
    if args.communes is not None:
        communes = tuple(c.strip() for c in args.communes.split(",") if c.strip())
    issuer = args.issuer.replace("-", "_") if args.issuer else base.issuer
    scope = replace(base, date_to=date_to or base.date_to, communes=communes, issuer=issuer,
                    unit_set=args.unit_set or base.unit_set,
                    model_type=args.model_type or base.model_type,
                    date_from=date_from or base.date_from)
    if loaded is None and not scope.communes and scope.unit_set == "2025" \
            and not _province_issuer(profile, store):
        scope = _default_commune(scope, store)
    if args.approved_only:  # the figures end with the last approved reporting month
        cutoff, note = approved_cutoff(load_reports(store), scope.unit_set, scope.communes,
                                       scope.date_to)
        if cutoff is None:
            errors.append(note)
            return None
        print(note)
        scope = replace(scope, date_to=cutoff)
    if loaded is None:
        problems = scope_errors(scope, store, today_local(), profile)
        if problems:
            errors += problems
            return None
        try:
            facts = collect_facts(scope, store, profile, allow_empty=args.allow_empty)
        except EmptyPeriodError as exc:
            errors += exc.messages + ["Dùng --allow-empty nếu vẫn cần lập thông báo "
                                      "(thông báo sẽ ghi rõ là chưa có mô hình)."]
            return None
        except NoticeError as exc:
            errors += exc.messages
            return None
        draft = default_draft(scope, facts, appendix=args.appendix)
        # a notice prepared today is dated today (the page's rule), whatever the data date
        draft.thang, draft.nam = today_local().month, today_local().year
    else:
        draft = replace(loaded, date_to=scope.date_to, date_from=scope.date_from,
                        communes=list(scope.communes), unit_set=scope.unit_set,
                        model_type=scope.model_type, appendix=loaded.appendix or args.appendix,
                        issuer=scope.issuer)
        if draft.template_key != loaded.template_key:
            words = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}
            who = {"bcd": "Ban Chỉ đạo 138", "cong_an": "Công an"}
            errors.append(f"Bản nháp được soạn cho {who[loaded.issuer]} cấp "
                          f"{words[loaded.level]}; phạm vi mới là {who[draft.issuer]} cấp "
                          f"{words[draft.level]}: hãy soạn bản nháp mới.")
            return None
        if args.date_to and not args.issued_on:  # new figures: the notice is issued today
            draft.thang, draft.nam = today_local().month, today_local().year
    if args.number is None:
        options.pop("so", None)
    for name, value in options.items():
        setattr(draft, name, value)
    return draft


def _province_issuer(profile: Profile | None, store: Store) -> bool:
    """The data speak for a whole tỉnh (its profile has [tinh]): its notice needs no xã."""
    try:
        return (profile or load_profile(store.data_dir)).province_issuer
    except NoticeError:
        return False  # the profile's own messages come with the facts


def _default_commune(scope: Scope, store: Store) -> Scope:
    """No unit chosen for a period of the new xã (there is no huyện any more): the xã with
    the most models of the type on the data's last day, said on the screen."""
    code = busiest_commune(store, "2025", scope.model_type, scope.date_to)
    if code is None:
        return scope
    names = unit_names(store, "2025")
    others = ", ".join(f"{c} {n}" for c, n in names.items() if c != code)
    print(f"Lưu ý: chưa chọn đơn vị; từ 01/7/2025 không còn cấp huyện, nên lập thông báo của "
          f"{names[code]} ({code}), xã có nhiều mô hình nhất ngày {date_short(scope.date_to)}. "
          f"Chọn xã khác bằng --communes MÃ ({others}).")
    return replace(scope, communes=(code,))


def _hints(errors: list[str]) -> list[str]:
    """The options that mend the messages of the command line."""
    out = list(errors)
    if any("không còn từ 01/7/2025" in m for m in errors):
        out.append("Dùng --unit-set 2025 --communes MÃ (mã xã mới), hoặc --to một ngày trước "
                   "01/7/2025.")
    elif any("chỉ có từ 01/7/2025" in m for m in errors):
        out.append("Dùng --unit-set 2024 (cả huyện, hoặc --communes MÃ xã, thị trấn cũ), hoặc "
                   "--to một ngày từ 01/7/2025.")
    if any("không còn từ 01/3/2025" in m for m in errors):
        out.append("Dùng --issuer bcd (Ban Chỉ đạo 138 huyện), --communes MÃ (Công an xã, thị "
                   "trấn), hoặc --to một ngày trước 01/3/2025.")
    if any(m.startswith("Chưa nhập Tên người ký") for m in errors):
        out.append("Ghi người ký bằng --signer \"Họ tên\" (và --signer-title).")
    return out


def run(args: argparse.Namespace) -> int:
    store = Store(args.data or config.data_dir())
    store.refresh()
    if store.problems:
        return _fail([f"Dữ liệu trong {store.data_dir} có lỗi:"] + summarize(store.problems))
    errors: list[str] = []
    profile = _profile(args, errors)
    draft = None if errors else _draft(args, store, profile, errors)
    if draft is None:
        return _fail(_hints(errors))
    result = build_notice(draft, store, profile=profile, allow_empty=args.allow_empty)
    if not result.ok:
        return _fail(_hints(result.errors))
    try:
        pdf, docx = render_files(result.notice, docx=args.docx is not None)
    except NoticeError as exc:
        return _fail(exc.messages)
    _write(args.output, pdf)
    if args.docx is not None and docx is not None:
        _write(args.docx, docx)
    if args.save_draft:
        _write(args.save_draft, draft.to_json().encode("utf-8"))
    for warning in result.warnings:
        print(f"Lưu ý: {warning}")
    facts = result.facts
    print(f"Đã ghi {args.output}" + (f" và {args.docx}" if args.docx else "")
          + f": số liệu từ {date_short(facts.date_from)} đến {date_short(draft.date_to)}, "
          f"{'Công an ' if draft.issuer == 'cong_an' else ''}{facts.unit.full}.")
    return 0
