"""Issue #24: a notice issued by the police (Công an xã, Công an huyện until 28/02/2025, Công an
tỉnh) as well as by the unit's Ban Chỉ đạo 138: header, symbol, signer, chain of command and
first recipients as the văn thư reads them in the PDF (pdftotext), and the command line's
refusals. Issue #28: the command line dates a notice today, like the page."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.__main__ import main
from antt.data.store import Store
from antt.indicators.filters import Filters
from antt.notice.build import render_files
from antt.notice.draft import Draft, default_draft
from antt.notice.facts import Scope, collect_facts
from antt.notice.model import Notice, NoticeError
from antt.text.fmt import today_local

PAGE = str(Path(__file__).resolve().parent.parent / "views" / "notice.py")


def pdftotext(path: Path) -> str:
    """The text as a reader sees it: pdftotext's reading order, spaces collapsed."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def header(path: Path) -> list[str]:
    """Page 1's left header column (ô 2 and ô 3: x < 95 mm, y < 44 mm) line by line."""
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", "0", "-y", "0", "-W", "270",
                          "-H", "125", str(path), "-"], capture_output=True, check=True)
    lines = [ln.strip() for ln in out.stdout.decode("utf-8").splitlines() if ln.strip()]
    return lines[:2] + [" ".join(lines[2:])]  # "Số:" and its number are two text runs


def run_cli(data: Path, out: Path, *extra: str) -> int:
    return main(["notice", "--data", str(data), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def police(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Công an notices of a 2025 xã, a 2024 xã and the 2024 huyện, from the command line."""
    out = tmp_path_factory.mktemp("police")
    runs = {
        "xa_2025": ["--to", "2025-10-31", "--communes", "06364", "--number", "3", "--appendix"],
        "xa_2024": ["--to", "2024-10-02", "--communes", "06355", "--issued-on", "05/10/2024"],
        "huyen": ["--to", "2024-10-02", "--unit-set", "2024"],
    }
    for name, args in runs.items():
        assert run_cli(sample_dir, out / f"{name}.pdf", "--issuer", "cong-an",
                       "--signer", "Nguyễn Văn An", *args) == 0, name
    return {name: out / f"{name}.pdf" for name in runs}


def test_2025_commune_police_notice(police: dict[str, Path]) -> None:
    text = pdftotext(police["xa_2025"])
    # ô 2: the superior police over the issuer (Decree 30: cơ quan chủ quản trực tiếp)
    assert header(police["xa_2025"]) == ["CÔNG AN TỈNH LẠNG SƠN", "CÔNG AN XÃ VŨ LỄ",
                                         "Số: 03/TB-CAX"]
    assert "UBND" not in text.split("CỘNG HÒA")[0] and "BAN CHỈ ĐẠO" not in text
    assert "TRƯỞNG CÔNG AN XÃ Nguyễn Văn An" in text and "CHỦ TỊCH" not in text
    # the first recipient is the Công an tỉnh's department; the archive copy last
    assert "Nơi nhận: - Công an tỉnh - PV05 (B/c); - BCĐ 138 tỉnh Lạng Sơn (B/c);" in text
    assert "- Lưu: VT, CAX." in text
    assert "Công an xã Vũ Lễ luôn bám sát sự lãnh đạo, chỉ đạo của Công an tỉnh Lạng Sơn, " \
           "Đảng ủy, UBND xã" in text
    assert "Công an xã Vũ Lễ thông báo kết quả, kinh nghiệm" in text
    # the plan acted on has no number or date in the profile: printed as blanks to fill
    assert "Thực hiện Kế hoạch số …/KH-…, ngày … của Công an tỉnh Lạng Sơn" in text
    assert "huyện" not in text.lower()
    today = today_local()  # the appendix names the police as the issuer (Mẫu 2.1)
    assert (f"(Kèm theo Thông báo số 03/TB-CAX ngày tháng {today.month} năm {today.year} của "
            "Công an xã Vũ Lễ)") in text


def test_2024_commune_police_answers_to_the_huyen_police(police: dict[str, Path]) -> None:
    text = pdftotext(police["xa_2024"])
    assert header(police["xa_2024"]) == ["CÔNG AN HUYỆN BẮC SƠN", "CÔNG AN XÃ VŨ SƠN",
                                         "Số: /TB-CAX"]
    assert "Vũ Sơn, ngày 05 tháng 10 năm 2024" in text
    assert "chỉ đạo của Công an huyện Bắc Sơn, Đảng ủy, UBND xã" in text
    assert "Nơi nhận: - Công an huyện Bắc Sơn (B/c); - BCĐ 138 huyện Bắc Sơn (B/c);" in text
    assert "báo cáo Công an huyện Bắc Sơn, đề nghị nhân rộng" in text


def test_huyen_police_notice(police: dict[str, Path]) -> None:
    text = pdftotext(police["huyen"])
    assert header(police["huyen"]) == ["CÔNG AN TỈNH LẠNG SƠN", "CÔNG AN HUYỆN BẮC SƠN",
                                       "Số: /TB-CAH"]
    assert "TRƯỞNG CÔNG AN HUYỆN Nguyễn Văn An" in text
    assert "Nơi nhận: - Công an tỉnh - PV05 (B/c); - Thường trực Huyện ủy (B/c);" in text
    assert "- Công an các xã, thị trấn; - Lưu: VT, CAH." in text


def test_huyen_police_is_refused_once_it_is_gone(sample_dir: Path, tmp_path: Path,
                                                 capsys) -> None:
    out = tmp_path / "cah.pdf"
    assert run_cli(sample_dir, out, "--issuer", "cong-an", "--unit-set", "2024",
                   "--to", "2025-08-31", "--signer", "Nguyễn Văn An") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert ("Số liệu đến 31/08/2025, sau 30/06/2025: Công an huyện Bắc Sơn không còn từ "
            "01/7/2025") in err
    assert ("Đơn vị lập được thông báo cho kỳ này là Công an một xã mới (từ 01/7/2025): Xã Bắc "
            "Sơn (06325), Xã Hưng Vũ (06349), Xã Nhất Hòa (06376), Xã Tân Tri (06337), Xã Vũ "
            "Lăng (06367), Xã Vũ Lễ (06364).") in err
    assert not out.exists()
    # Công an cấp huyện ended on 01/3/2025, four months before the huyện itself
    assert run_cli(sample_dir, out, "--issuer", "cong-an", "--to", "2025-04-30",
                   "--signer", "Nguyễn Văn An") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert ("Số liệu đến 30/04/2025: Công an huyện Bắc Sơn không còn từ 01/3/2025") in err
    assert "Ban Chỉ đạo 138 huyện Bắc Sơn, hoặc Công an của một xã, thị trấn: Thị trấn Bắc " \
           "Sơn (06325)" in err
    assert "Dùng --issuer bcd" in err
    assert not out.exists()
    # the same period, by the huyện's Ban Chỉ đạo: issued
    assert run_cli(sample_dir, out, "--to", "2025-04-30", "--signer", "Nguyễn Văn An") == 0


def test_2024_commune_reports_to_the_province_police_from_march_2025(
        sample_store: Store) -> None:
    scope = Scope(date_to=dt.date(2025, 4, 30), communes=("06355",), issuer="cong_an")
    facts = collect_facts(scope, sample_store)
    assert (facts.values["cap_tren"], facts.values["cong_an_cap_tren"],
            facts.values["cong_an_nhan_bao_cao"]) == (
        "huyện Bắc Sơn", "Công an tỉnh Lạng Sơn", "Công an tỉnh - PV05")
    draft = default_draft(scope, facts)
    assert (draft.co_quan_chu_quan, draft.co_quan_ban_hanh, draft.ky_hieu_co_quan) == (
        "CÔNG AN TỈNH LẠNG SƠN", "CÔNG AN XÃ VŨ SƠN", "CAX")
    assert draft.noi_nhan[:2] == ["Công an tỉnh - PV05 (B/c)", "BCĐ 138 huyện Bắc Sơn (B/c)"]


def test_province_police_with_a_deputy_signing(sample_copy: Path, tmp_path: Path) -> None:
    from test_notice import _province_profile

    _province_profile(sample_copy)
    path = sample_copy / "notice_profile.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[cong_an_tinh]\nquyen_han_ky = "KT."\n'
                    'chuc_vu_ky = "GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"\n', encoding="utf-8")
    out = tmp_path / "cat.pdf"
    assert run_cli(sample_copy, out, "--issuer", "cong-an", "--to", "2026-09-30",
                   "--signer", "Lê Văn Hùng") == 0
    text = pdftotext(out)
    assert header(out) == ["BỘ CÔNG AN", "CÔNG AN TỈNH LẠNG SƠN", "Số: /TB-CAT"]
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Văn Hùng" in text
    assert "Nơi nhận: - Bộ Công an - V05 (B/c); - Thường trực Tỉnh ủy (B/c);" in text
    assert "- Lưu: VT, PV05." in text


def test_cli_dates_a_notice_today(sample_dir: Path, tmp_path: Path) -> None:
    """Issue #28: without --issued-on the notice is issued this month (Asia/Ho_Chi_Minh), the
    day left blank; the data end is a separate date."""
    out = tmp_path / "tb.pdf"
    assert run_cli(sample_dir, out, "--to", "2024-10-02", "--communes", "06355",
                   "--signer", "Nguyễn Văn An") == 0
    today = today_local()
    text = pdftotext(out)
    assert f"Vũ Sơn, ngày tháng {today.month} năm {today.year}" in text
    assert "đến 02/10/2024" in text  # the appendix-free body still says the data end
    assert run_cli(sample_dir, out, "--to", "2024-10-02", "--communes", "06355",
                   "--signer", "Nguyễn Văn An", "--issued-on", "10/2024") == 0
    assert "Vũ Sơn, ngày tháng 10 năm 2024" in pdftotext(out)


def test_draft_keeps_its_issuer(sample_store: Store) -> None:
    scope = Scope(date_to=dt.date(2025, 10, 31), unit_set="2025", communes=("06364",),
                  issuer="cong_an")
    draft = default_draft(scope, collect_facts(scope, sample_store))
    again = Draft.from_json(draft.to_json())
    assert (again.issuer, again.template_key, again.scope.issuer) == (
        "cong_an", "xa_cong_an", "cong_an")
    bad = json.loads(draft.to_json()) | {"issuer": "ubnd"}
    with pytest.raises(NoticeError) as err:
        Draft.from_dict(bad)
    assert "Trường “issuer” của bản nháp chỉ nhận bcd hoặc cong_an." in err.value.messages


def test_page_offers_the_issuer_and_the_pdf_follows(sample_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["filters"] = Filters(unit_set="2025", communes=("06364",),
                                          period_kind="range", start=dt.date(2025, 7, 1),
                                          end=dt.date(2025, 10, 31))
    at.run()
    issuer = at.radio(key="nt_issuer")
    assert issuer.options == ["Ban Chỉ đạo 138", "Công an"] and issuer.value == "bcd"
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND XÃ VŨ LỄ"
    cited = {"nt_cited_van_ban_chi_dao", "nt_cited_bao_cao_co_so", "nt_cited_qd_thanh_vien_bcd"}
    assert {t.key for t in at.text_area} >= cited
    issuer.set_value("cong_an").run()
    assert not at.exception
    # the police notice cites only the plan it carries out: no committee decision to fill in
    assert {t.key for t in at.text_area} & cited == {"nt_cited_van_ban_chi_dao"}
    assert at.text_input(key="nt_co_quan_chu_quan").value == "CÔNG AN TỈNH LẠNG SƠN"
    assert at.text_input(key="nt_co_quan_ban_hanh").value == "CÔNG AN XÃ VŨ LỄ"
    assert at.text_input(key="nt_ky_hieu_co_quan").value == "CAX"
    assert at.text_area(key="nt_chuc_vu").value == "TRƯỞNG CÔNG AN XÃ"
    assert at.text_area(key="nt_noi_nhan").value.splitlines()[0] == "Công an tỉnh - PV05 (B/c)"
    at.text_input(key="nt_ten").set_value("Nguyễn Văn An").run()
    assert not at.error
    # the file the "Tải PDF" button hands over: the notice of the page's last run
    notice_json = at.session_state["nt_runs"].notice_json
    pdf, _ = render_files(Notice.from_dict(json.loads(notice_json)), docx=False)
    path = tmp_path / "page-police.pdf"
    path.write_bytes(pdf)
    text = pdftotext(path)
    assert header(path) == ["CÔNG AN TỈNH LẠNG SƠN", "CÔNG AN XÃ VŨ LỄ", "Số: /TB-CAX"]
    assert "TRƯỞNG CÔNG AN XÃ Nguyễn Văn An" in text
    # the huyện's police ended on 01/3/2025: for data to 30/04/2025 only its committee
    at.date_input(key="nt_to").set_value(dt.date(2025, 4, 30)).run()
    at.radio(key="nt_scope").set_value("huyen").run()
    assert not at.exception
    assert at.radio(key="nt_issuer").options == ["Ban Chỉ đạo 138"]
    assert at.text_input(key="nt_co_quan_chu_quan").value == "UBND HUYỆN BẮC SƠN"


def test_police_signer_is_remembered_apart(sample_copy: Path) -> None:
    """The Trưởng Công an is not the Chủ tịch who heads the Ban Chỉ đạo: each has its table."""
    from antt.notice.profile import load_profile, remember_signer, signer_section

    section = signer_section("xa", "2025", "06364", "cong_an")
    assert section == 'cong_an_xa_2025."06364"'
    titles = "TRƯỞNG CÔNG AN XÃ\nPHÓ TRƯỞNG CÔNG AN XÃ"
    remember_signer(sample_copy, section, {"nguoi_ky": "Hà Văn Cường", "quyen_han_ky": "KT.",
                                           "chuc_vu_ky": titles})
    profile = load_profile(sample_copy)
    police = profile.values("xa", "2025", "06364", "cong_an")
    assert (police["nguoi_ky"], police["quyen_han_ky"], police["ky_hieu"]) == (
        "Hà Văn Cường", "KT.", "CAX")
    assert profile.values("xa", "2025", "06364")["nguoi_ky"] == ""  # the committee's: unchanged
    scope = Scope(date_to=dt.date(2025, 10, 31), unit_set="2025", communes=("06364",),
                  issuer="cong_an")
    draft = default_draft(scope, collect_facts(scope, Store(sample_copy)))
    assert (draft.quyen_han, draft.chuc_vu, draft.ten) == (
        "KT.", ["TRƯỞNG CÔNG AN XÃ", "PHÓ TRƯỞNG CÔNG AN XÃ"], "Hà Văn Cường")
