"""The small-cell threshold k of a data folder: data/privacy.toml, section [an_so_nho],
`nguong = 5`. A religion count per village from 1 to k−1 is shown as “< k” to anyone not
signed in for its commune."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "privacy.toml"
DEFAULT_K = 5
MAX_K = 100


@dataclass(frozen=True)
class PrivacySettings:
    k: int = DEFAULT_K
    problems: tuple[str, ...] = ()  # Vietnamese, naming the file and the key


def load_privacy(data_dir: Path) -> PrivacySettings:
    """The threshold of `data_dir`; a missing file gives the default, a bad value the default
    with a message (never a smaller threshold than intended: a typo must not show small cells)."""
    path = Path(data_dir) / SETTINGS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PrivacySettings()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return PrivacySettings(problems=(f"{SETTINGS_FILE}: không đọc được ({exc}); dùng "
                                         f"ngưỡng {DEFAULT_K}.",))
    k = raw.get("an_so_nho", {}).get("nguong", DEFAULT_K)
    if not isinstance(k, int) or isinstance(k, bool) or not 2 <= k <= MAX_K:
        return PrivacySettings(problems=(
            f"{SETTINGS_FILE}, [an_so_nho] nguong: “{k}” phải là số nguyên từ 2 đến {MAX_K}; "
            f"dùng {DEFAULT_K}.",))
    return PrivacySettings(k)
