"""The unit profile ("hồ sơ đơn vị", notice_profile.toml in the data folder): the descriptive
wording of a notice that is not in the data (names of the steering committee, documents it
acts on, the signer...), per level, with optional overrides for one 2025 commune.

The profile holds words, never statistics: every figure comes from queries/ (facts.py).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antt import config
from antt.notice.issuer import POLICE_PROFILE
from antt.notice.model import NoticeError

PROFILE_FILE = "notice_profile.toml"
BUNDLED_PROFILE = config.REPO_DIR / "data" / PROFILE_FILE

# The ho_so placeholders a profile level gives (template_vi.toml documents each one).
PROFILE_KEYS = (
    "ten_bcd", "ten_bcd_viet_tat", "nguoi_ky", "dac_diem_vi_tri", "dac_diem_dia_hinh",
    "cac_dan_toc", "van_ban_chi_dao", "bao_cao_co_so", "qd_thanh_vien_bcd",
    "don_vi_soan_thao", "phong_nhan_bao_cao", "quyen_han_ky", "chuc_vu_ky", "ky_hieu",
)
# The signer as the page remembers it: name, title lines (one string, lines split by "\n")
# and the TM./KT. prefix.
SIGNER_KEYS = ("nguoi_ky", "chuc_vu_ky", "quyen_han_ky")
MAX_SIGNER_TEXT = 200


@dataclass
class Profile:
    levels: dict[str, dict[str, str]]  # "huyen" / "xa" / "tinh" -> values
    communes_2025: dict[str, dict[str, str]] = field(default_factory=dict)
    model_types: dict[str, dict[str, str]] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    commitments: dict[str, str] = field(default_factory=dict)  # [cam_ket]: type -> phrase
    communes_2024: dict[str, dict[str, str]] = field(default_factory=dict)
    # the police issuer: [cong_an_xa] / [cong_an_huyen] / [cong_an_tinh] ("xa" -> values) and
    # one commune's own [cong_an_xa_2025."code"] / [cong_an_xa_2024."code"] ("2025" -> ...)
    police: dict[str, dict[str, str]] = field(default_factory=dict)
    police_communes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def values(self, level: str, unit_set: str, unit_code: str | None,
               issuer: str = "bcd") -> dict[str, str]:
        """The ho_so values for a level; a commune's own entries ([xa_2025."code"] or
        [xa_2024."code"]) win over [xa]. The police issuer's: [xa], then the defaults of
        issuer.POLICE_PROFILE, then [cong_an_xa], then [cong_an_xa_2025."code"]."""
        out = {k: "" for k in PROFILE_KEYS}
        out.update(self.levels.get(level, {}))
        if issuer == "cong_an":
            out.update(POLICE_PROFILE.get(level, {}))
            out.update(self.police.get(level, {}))
            if level == "xa" and unit_code:
                out.update(self.police_communes.get(unit_set, {}).get(unit_code, {}))
            return out
        if level == "xa" and unit_code:
            own = self.communes_2025 if unit_set == "2025" else self.communes_2024
            out.update(own.get(unit_code, {}))
        return out

    @property
    def province_issuer(self) -> bool:
        """The data folder speaks for a whole province ([tinh] in its profile): the tỉnh may
        issue a notice for all its xã. A folder of some xã only (the bundled sample) has none,
        so that no notice calls a few xã "the province"."""
        return bool(self.levels.get("tinh"))

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


def _table(raw: dict[str, Any], name: str, errors: list[str]) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        errors.append(f"Mục [{name}] trong hồ sơ đơn vị phải là một bảng.")
        return {}
    return value


def profile_path(data_dir: Path | None = None) -> Path:
    """notice_profile.toml of the data folder, or the bundled one when the folder has none."""
    path = (data_dir or config.data_dir()) / PROFILE_FILE
    return path if path.exists() else BUNDLED_PROFILE


def load_profile(data_dir: Path | None = None) -> Profile:
    """Read the profile; raises NoticeError with Vietnamese messages when it is malformed."""
    return load_profile_file(profile_path(data_dir))


def load_profile_file(path: Path) -> Profile:
    """Read a profile file (`--profile FILE`); NoticeError with Vietnamese messages."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise NoticeError([f"Không đọc được hồ sơ đơn vị {path}: {exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise NoticeError([f"Hồ sơ đơn vị {path.name} sai cú pháp TOML: {exc}"]) from exc
    errors: list[str] = []
    levels = {lv: _strings(raw.get(lv, {}), lv, errors) for lv in ("huyen", "xa", "tinh")}
    communes = {str(code): _strings(v, f'xa_2025."{code}"', errors)
                for code, v in _table(raw, "xa_2025", errors).items()}
    communes_2024 = {str(code): _strings(v, f'xa_2024."{code}"', errors)
                     for code, v in _table(raw, "xa_2024", errors).items()}
    models = {str(code): _strings(v, f"mo_hinh.{code}", errors)
              for code, v in raw.get("mo_hinh", {}).items()}
    sentences = _strings(raw.get("cau", {}), "cau", errors)
    commitments = _strings(raw.get("cam_ket", {}), "cam_ket", errors)
    police = {lv: _strings(raw.get(f"cong_an_{lv}", {}), f"cong_an_{lv}", errors)
              for lv in ("huyen", "xa", "tinh")}
    police_communes = {year: {str(code): _strings(v, f'cong_an_xa_{year}."{code}"', errors)
                              for code, v in _table(raw, f"cong_an_xa_{year}", errors).items()}
                       for year in ("2024", "2025")}
    if errors:
        raise NoticeError(errors)
    return Profile(levels, communes, models, sentences, path, commitments, communes_2024,
                   police, police_communes)


def signer_section(level: str, unit_set: str, unit_code: str | None,
                   issuer: str = "bcd") -> str:
    """The profile table that holds a unit's signer: [huyen], [tinh], [xa_2025."code"] or
    [xa_2024."code"]; for the police [cong_an_huyen], [cong_an_tinh], [cong_an_xa_2025."code"]
    (the Trưởng Công an is not the Chủ tịch who heads the Ban Chỉ đạo)."""
    prefix = "cong_an_" if issuer == "cong_an" else ""
    if level in ("huyen", "tinh") or not unit_code:
        return prefix + ("tinh" if level == "tinh" else "huyen")
    return f'{prefix}xa_{unit_set}."{unit_code}"'


def _toml_string(value: str) -> str:
    # a JSON string with its escapes is a valid TOML basic string
    return json.dumps(value, ensure_ascii=False)


def remember_signer(data_dir: Path, section: str, signer: dict[str, str]) -> Path:
    """Write the signer (SIGNER_KEYS -> text) into the data folder's profile, in `section`,
    keeping every other line of the file; a folder without a profile gets a copy of the
    bundled one first. The file is re-read before it replaces the old one, so a bad write
    never leaves a broken profile. Raises NoticeError with a Vietnamese message."""
    errors = []
    for key, value in signer.items():
        if key not in SIGNER_KEYS:
            errors.append(f"Không ghi được “{key}” vào hồ sơ đơn vị.")
        elif len(value) > MAX_SIGNER_TEXT or any(ord(c) < 32 and c != "\n" for c in value):
            errors.append(f"Giá trị “{key}” quá dài hoặc có ký tự điều khiển.")
    if not re.fullmatch(r'(cong_an_)?(huyen|tinh|xa|xa_20(24|25)\."\d{1,10}")', section):
        errors.append(f"Mục hồ sơ đơn vị không hợp lệ: {section}.")
    if errors:
        raise NoticeError(errors)
    path = data_dir / PROFILE_FILE
    text = (path if path.exists() else BUNDLED_PROFILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    header = f"[{section}]"
    start = next((i for i, ln in enumerate(lines) if ln.strip() == header), None)
    if start is None:
        lines += ["", header]
        start = len(lines) - 1
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
               len(lines))
    body = [ln for ln in lines[start + 1:end]
            if ln.split("=", 1)[0].strip() not in signer]
    while body and not body[-1].strip():
        body.pop()
    body += [f"{key} = {_toml_string(value)}" for key, value in signer.items()]
    lines = lines[:start + 1] + body + ([""] if end < len(lines) else []) + lines[end:]
    new_text = "\n".join(lines) + "\n"
    try:
        tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise NoticeError([f"Không ghi được người ký vào hồ sơ đơn vị: {exc}"]) from exc
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    os.replace(tmp, path)
    return path
