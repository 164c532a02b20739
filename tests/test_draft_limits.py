"""Notice drafts are capped and every field is checked with a Vietnamese message (issue #15
item 5); the shipped config shows no error details."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.notice.draft import MAX_DRAFT_BYTES, MAX_PARAGRAPHS, Draft
from antt.notice.model import NoticeError
from antt.text.fmt import today_local

REPO = Path(__file__).resolve().parent.parent
BASE = {"format": "antt-thong-bao", "version": 1, "date_to": "2024-10-02"}


def _messages(**fields) -> list[str]:
    with pytest.raises(NoticeError) as caught:
        Draft.from_json(json.dumps({**BASE, **fields}))
    return caught.value.messages


def test_a_good_draft_still_opens():
    assert Draft.from_json(json.dumps(BASE)).date_to.isoformat() == "2024-10-02"


@pytest.mark.parametrize("fields, expected", [
    ({"date_to": "2999-01-01"}, "Trường “date_to” của bản nháp phải từ 01/01/2000 đến hôm nay"),
    ({"date_from": "2024-12-01"}, "Trường “date_from” của bản nháp phải từ 01/01/2000 đến ngày"),
    ({"thang": 13}, "Trường “thang” của bản nháp phải từ 1 đến 12 (đang là 13)."),
    ({"ngay": 0}, "Trường “ngay” của bản nháp phải từ 1 đến 31 (đang là 0)."),
    ({"nam": 99999}, "Trường “nam” của bản nháp phải từ 1945 đến 2100 (đang là 99999)."),
    ({"so": -5}, "Trường “so” của bản nháp phải từ 1 đến 99999 (đang là -5)."),
    ({"unit_set": "1999"}, "Trường “unit_set” của bản nháp chỉ nhận 2024 hoặc 2025."),
    ({"communes": ["06340", "x"]}, "Trường “communes” của bản nháp phải là các mã xã"),
    ({"model_type": "<b>"}, "Trường “model_type” của bản nháp phải là mã loại mô hình"),
    ({"trich_yeu": "x" * 600}, "Trích yếu của bản nháp dài quá 500 ký tự (đang có 600)."),
    ({"ten": "x" * 10_000}, "Họ tên người ký của bản nháp dài quá 100 ký tự (đang có 10.000)."),
    ({"noi_nhan": ["x"] * 31}, "Nơi nhận của bản nháp có 31 dòng; tối đa 30 dòng."),
    ({"nam": 2027, "thang": 6, "ngay": 1}, "Ngày ban hành 01/06/2027 quá xa trong tương lai"),
    ({"paragraphs": [{"id": "a", "text": "x" * 5001}]}, "Đoạn 1 của bản nháp dài quá 5.000"),
    ({"paragraphs": [{"id": f"d{i}", "text": "x"} for i in range(MAX_PARAGRAPHS + 1)]},
     f"Nội dung của bản nháp có {MAX_PARAGRAPHS + 1} đoạn; tối đa {MAX_PARAGRAPHS} đoạn."),
])
def test_every_field_is_checked_with_a_vietnamese_message(fields, expected):
    assert any(m.startswith(expected) for m in _messages(**fields)), _messages(**fields)


def test_size_and_nesting_are_capped_before_parsing():
    # Issue #15 item 5: 1.000 paragraphs of 5 KB (6,3 MB) took 40 s to render.
    big = json.dumps({**BASE, "paragraphs": [{"id": f"d{i}", "text": "x" * 5000}
                                              for i in range(1000)]})
    with pytest.raises(NoticeError, match="Tệp bản nháp quá lớn"):
        Draft.from_json(big.encode())
    assert len(big) > MAX_DRAFT_BYTES
    with pytest.raises(NoticeError, match="lồng quá nhiều lớp"):
        Draft.from_json("[" * 50_000 + "]" * 50_000)


def test_a_draft_dated_after_today_is_refused_on_the_page(sample_dir, monkeypatch):
    # Issue #15 item 5: "date_to": "2999-01-01" raised StreamlitInvalidMinMaxError.
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(str(REPO / "views" / "notice.py"), default_timeout=120)
    at.run()
    draft = {**BASE, "date_to": "2999-01-01"}
    at.file_uploader[0].set_value(("nhap.json", json.dumps(draft).encode(), "application/json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert "Không mở được bản nháp" in errors and f"({today_local():%d/%m/%Y})" in errors


def test_shipped_config_shows_no_error_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
