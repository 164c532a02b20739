"""The unit profile ("hồ sơ đơn vị", notice_profile.toml in the data folder): the descriptive
wording of a notice that is not in the data (names of the steering committee, documents it
acts on, the signer...), per level, with optional overrides for one 2025 commune.

The profile holds words, never statistics: every figure comes from queries/ (facts.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antt import config
from antt.notice.model import NoticeError

PROFILE_FILE = "notice_profile.toml"
BUNDLED_PROFILE = config.REPO_DIR / "data" / PROFILE_FILE

# The ho_so placeholders a profile level gives (template_vi.toml documents each one).
PROFILE_KEYS = (
    "ten_bcd", "ten_bcd_viet_tat", "nguoi_ky", "dac_diem_vi_tri", "dac_diem_dia_hinh",
    "cac_dan_toc", "van_ban_chi_dao", "bao_cao_co_so", "qd_thanh_vien_bcd",
    "don_vi_soan_thao", "phong_nhan_bao_cao",
)


@dataclass
class Profile:
    levels: dict[str, dict[str, str]]  # "huyen" / "xa" -> values
    communes_2025: dict[str, dict[str, str]] = field(default_factory=dict)
    model_types: dict[str, dict[str, str]] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    commitments: dict[str, str] = field(default_factory=dict)  # [cam_ket]: type -> phrase

    def values(self, level: str, unit_set: str, unit_code: str | None) -> dict[str, str]:
        """The ho_so values for a level; a 2025 commune's own entries win over [xa]."""
        out = {k: "" for k in PROFILE_KEYS}
        out.update(self.levels.get(level, {}))
        if level == "xa" and unit_set == "2025" and unit_code:
            out.update(self.communes_2025.get(unit_code, {}))
        return out

    def model_names(self, model_type: str) -> dict[str, str]:
        return dict(self.model_types.get(model_type, {}))


def _strings(table: Any, where: str, errors: list[str]) -> dict[str, str]:
    if not isinstance(table, dict):
        errors.append(f"Mục [{where}] trong hồ sơ đơn vị phải là một bảng khóa = giá trị.")
        return {}
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, str):
            out[key] = value
        elif not isinstance(value, dict):
            errors.append(f"Giá trị “{key}” trong mục [{where}] phải là chuỗi chữ.")
    return out


def profile_path(data_dir: Path | None = None) -> Path:
    """notice_profile.toml of the data folder, or the bundled one when the folder has none."""
    path = (data_dir or config.data_dir()) / PROFILE_FILE
    return path if path.exists() else BUNDLED_PROFILE


def load_profile(data_dir: Path | None = None) -> Profile:
    """Read the profile; raises NoticeError with Vietnamese messages when it is malformed."""
    path = profile_path(data_dir)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise NoticeError([f"Không đọc được hồ sơ đơn vị {path}: {exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise NoticeError([f"Hồ sơ đơn vị {path.name} sai cú pháp TOML: {exc}"]) from exc
    errors: list[str] = []
    levels = {lv: _strings(raw.get(lv, {}), lv, errors) for lv in ("huyen", "xa")}
    communes = {str(code): _strings(v, f'xa_2025."{code}"', errors)
                for code, v in raw.get("xa_2025", {}).items()}
    models = {str(code): _strings(v, f"mo_hinh.{code}", errors)
              for code, v in raw.get("mo_hinh", {}).items()}
    sentences = _strings(raw.get("cau", {}), "cau", errors)
    commitments = _strings(raw.get("cam_ket", {}), "cam_ket", errors)
    if errors:
        raise NoticeError(errors)
    return Profile(levels, communes, models, sentences, path, commitments)
