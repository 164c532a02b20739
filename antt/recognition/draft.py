"""The draft report of a year's assessment as a THÔNG BÁO in the notice's Decree 30 layout
(antt.notice renderers, unchanged): the windows and legal basis, the result per commune, what
is still missing, and the list of villages with their result as the appendix.

A draft: the committee decides in its meeting (TT 124 Điều 9–10); the page says so and the
body says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from antt.notice import Appendix, Block, Header, Notice, Signature, render_docx, render_pdf
from antt.notice.profile import load_profile
from antt.recognition.assess import FAILED, INCOMPLETE, PASSED, Assessment
from antt.text.fmt import date_short, number, today_local


def _issuer(result: Assessment, data_dir: Path | None) -> tuple[str, str, str, str]:
    """(co_quan_chu_quan, co_quan_ban_hanh, dia_danh, signer) for the scope assessed."""
    one = result.communes[0] if len(result.communes) == 1 else None
    level = "xa" if one else "huyen"
    values = load_profile(data_dir).values(level, result.unit_set, one.code if one else None)
    bcd = values.get("ten_bcd") or "Ban Chỉ đạo 138"
    if one:
        place, owner = one.name.removeprefix("Xã ").removeprefix("Thị trấn "), one.name
    elif result.unit_set == "2024" and result.area.get("district_name"):
        owner = result.area["district_name"]
        place = owner.removeprefix("Huyện ")
    else:
        owner = result.area.get("province_name", "")
        place = owner.removeprefix("Tỉnh ")
    return f"UBND {owner.upper()}", bcd.upper(), place, values.get("nguoi_ky", "")


def draft_notice(result: Assessment, *, data_dir: Path | None = None, signer: str = "",
                 today: dt.date | None = None) -> Notice:
    today = today or today_local()
    chu_quan, ban_hanh, place, profile_signer = _issuer(result, data_dir)
    w = result.windows
    header = Header(
        co_quan_chu_quan=chu_quan, co_quan_ban_hanh=ban_hanh, so=None, dia_danh=place,
        ngay=None, thang=today.month, nam=today.year,
        trich_yeu=(f"Kết quả đánh giá khu dân cư, xã đạt tiêu chuẩn “An toàn về an ninh, trật "
                   f"tự” năm {result.year} (dự thảo)"))
    villages = [v.result for v in result.villages]
    communes = [c.result for c in result.communes]
    body = [
        Block("heading", "I. MỐC THỜI GIAN VÀ CĂN CỨ ĐÁNH GIÁ"),
        Block("paragraph",
              f"Đánh giá theo Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an (sửa "
              f"đổi bởi Thông tư số 48/2025/TT-BCA). Mốc thời gian đánh giá khu dân cư từ "
              f"{date_short(w['thon'].start)} đến {date_short(w['thon'].end)}; xã từ "
              f"{date_short(w['xa'].start)} đến {date_short(w['xa'].end)} "
              f"({w['xa'].citation})."),
        Block("heading", "II. KẾT QUẢ"),
        Block("paragraph",
              f"Khu dân cư: {number(len(villages))} khu dân cư, trong đó đạt "
              f"{number(villages.count(PASSED))}, không đạt {number(villages.count(FAILED))}, "
              f"chưa đủ thông tin {number(villages.count(INCOMPLETE))}. Xã: "
              f"{number(len(communes))} xã, trong đó đạt {number(communes.count(PASSED))}, "
              f"không đạt {number(communes.count(FAILED))}, chưa đủ thông tin "
              f"{number(communes.count(INCOMPLETE))}."),
    ]
    for row in result.summary().to_dict("records"):
        body.append(Block("item",
                          f"{row['Xã']}: {number(row['Số thôn'])} khu dân cư, đạt "
                          f"{number(row['Thôn đạt'])}, không đạt {number(row['Thôn không đạt'])}, "
                          f"chưa đủ thông tin {number(row['Thôn chưa đủ thông tin'])}; kết quả "
                          f"của xã: {row['Kết quả của xã'].lower()}."))
    body += [
        Block("heading", "III. PHÂN LOẠI PHONG TRÀO"),
        Block("paragraph",
              "Chưa chấm điểm, xếp loại phong trào theo Quyết định số 510/QĐ-BCA-V05 ngày "
              "20/01/2022: bảng điểm khu dân cư, xã và ngưỡng xếp loại chưa được đưa vào tệp "
              "tiêu chí."),
        Block("paragraph",
              f"Dự thảo lập từ dữ liệu ngày {date_short(today)}. Kết quả tính từ dữ liệu là đề "
              f"xuất; Ban Chỉ đạo xem xét, quyết định theo Điều 9, Điều 10 Thông tư số "
              f"124/2021/TT-BCA."),
    ]
    appendix = Appendix(
        title=f"Danh sách khu dân cư và kết quả đánh giá năm {result.year}",
        columns=["STT", "Khu dân cư", "Xã", "Kết quả"],
        rows=[[str(i), v.name, v.commune_name, v.result]
              for i, v in enumerate(result.villages, 1)])
    signature = Signature(quyen_han="", chuc_vu=["TRƯỞNG BAN"],
                          ten=signer.strip() or profile_signer or "Họ và tên người ký")
    return Notice(header=header, can_cu=[], body=body, noi_nhan=["Như trên;", "Lưu: VT."],
                  signature=signature, appendix=appendix)


def draft_files(result: Assessment, *, data_dir: Path | None = None, signer: str = "",
                today: dt.date | None = None) -> tuple[bytes, bytes]:
    """(PDF, DOCX) of the draft."""
    notice = draft_notice(result, data_dir=data_dir, signer=signer, today=today)
    return render_pdf(notice, preview=True), render_docx(notice)
