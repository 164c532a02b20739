"""data/rules.toml: the validation rules (left side, operator, right side, importance, message)
and the settings of the outlier, missing-report and double-entry checks, read and checked with
Vietnamese messages naming the rule. The rules run as SQL (queries/quality_rules.sql); this
only turns the file into the query's parameters."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from antt.problems import Problem

RULES_FILE = "rules.toml"
IMPORTANCES = ("cao", "trung bình", "thấp")
OPERATORS = ("<=", "<", ">=", ">", "==", "!=")
OPERATOR_WORDS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "=", "!=": "≠"}

# The figures a side may name, with their level and Vietnamese words (the SQL computes them).
FIGURES = {
    "ban_ghi.tuyen_truyen.so_luot_tham_du": ("ban_ghi", "số lượt người tham dự một buổi"),
    "ban_ghi.tuan_tra.so_luot_tham_gia": ("ban_ghi", "số lượt người tham gia một cuộc tuần tra"),
    "ban_ghi.cam_ket.so_ho_ky": ("ban_ghi", "số hộ ký một lần ký cam kết"),
    "thon_ngay.so_buoi_tuyen_truyen": ("thon_ngay", "số buổi tuyên truyền của thôn trong ngày"),
    "thon_ngay.so_cuoc_tuan_tra": ("thon_ngay", "số cuộc tuần tra của thôn trong ngày"),
    "thon_thang.so_vu_hoa_giai": ("thon_thang", "số vụ hòa giải của thôn trong kỳ"),
    "thon_thang.so_vu_hoa_giai_thanh": ("thon_thang", "số vụ hòa giải thành của thôn trong kỳ"),
    "thon_thang.so_luot_tham_du": ("thon_thang", "tổng lượt người tham dự tuyên truyền trong kỳ"),
    "thon.nhan_khau": ("thon", "số nhân khẩu của thôn"),
    "thon.so_ho": ("thon", "số hộ của thôn"),
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    left: str
    operator: str
    right: str | float  # a figure or a number
    importance: str
    message: str
    factor: float = 1.0


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...] = ()
    outliers: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    duplicates: dict = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def params(self) -> dict[str, list[str]]:
        """queries/quality_rules.sql's parameters: one list element per rule."""
        return {
            "rule_ids": [r.code for r in self.rules],
            "lefts": [r.left for r in self.rules],
            "ops": [r.operator for r in self.rules],
            "rights": ["" if isinstance(r.right, float) else r.right for r in self.rules],
            "constants": [str(r.right) if isinstance(r.right, float) else ""
                          for r in self.rules],
            "factors": [str(r.factor) for r in self.rules],
        }

    def outlier_params(self) -> dict:
        o = self.outliers
        return {"alpha": float(o["nguong_xac_suat"]), "min_count": int(o["toi_thieu"]),
                "ratio": float(o["he_so"]), "min_records": int(o["so_ban_ghi_truoc"]),
                "min_history": int(o["so_ky_truoc"])}

    def missing_params(self) -> dict:
        return {"usual_months": int(self.missing["ky_co_so_lieu"]),
                "min_run": int(self.missing["so_ky_trong"])}


DEFAULTS = {
    "bat_thuong": {"muc_do": "trung bình", "nguong_xac_suat": 0.001, "toi_thieu": 4,
                   "he_so": 5, "so_ban_ghi_truoc": 3, "so_ky_truoc": 3},
    "thieu_bao_cao": {"muc_do": "trung bình", "ky_co_so_lieu": 9, "so_ky_trong": 2},
    "trung_lap": {"muc_do": "trung bình"},
}


def rule_words(rule: Rule) -> str:
    """The rule in words: 'số lượt người tham dự một buổi ≤ số nhân khẩu của thôn'."""
    right = (_number(rule.right) if isinstance(rule.right, float)
             else FIGURES[rule.right][1])
    if rule.factor != 1:
        right = f"{_number(rule.factor)} × {right}"
    return f"{FIGURES[rule.left][1]} {OPERATOR_WORDS[rule.operator]} {right}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def load_rules(data_dir: Path) -> RuleSet:
    """The rules of DATA_DIR/rules.toml; a bad block is left out and named in `problems`
    (the other rules still run). No file: no validation rules, default check settings."""
    path = Path(data_dir) / RULES_FILE
    sections = {k: dict(v) for k, v in DEFAULTS.items()}
    if not path.exists():
        return RuleSet((), *sections.values())
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return RuleSet((), *sections.values(),
                       problems=(Problem(RULES_FILE, None, None, f"Tệp không đọc được: {exc}"),))
    problems: list[Problem] = []
    for name in sections:
        given = doc.get(name, {})
        for key, default in DEFAULTS[name].items():
            value = given.get(key, default)
            if key == "muc_do" and value not in IMPORTANCES:
                problems.append(Problem(RULES_FILE, None, f"{name}.{key}", _bad_importance(value)))
                value = default
            elif key != "muc_do" and (isinstance(value, bool)
                                      or not isinstance(value, (int, float)) or value < 0):
                problems.append(Problem(RULES_FILE, None, f"{name}.{key}",
                                        f"“{value}” không phải là số không âm."))
                value = default
            sections[name][key] = value
    rules: list[Rule] = []
    for i, block in enumerate(doc.get("quy_tac", []), start=1):
        rule, why = _rule(block, {r.code for r in rules})
        if rule is None:
            problems.append(Problem(RULES_FILE, None, f"quy_tac thứ {i}", why))
        else:
            rules.append(rule)
    return RuleSet(tuple(rules), *sections.values(), problems=tuple(problems))


def _bad_importance(value) -> str:
    return f"Mức độ “{value}” không hợp lệ: dùng “cao”, “trung bình” hoặc “thấp”."


def _rule(block: dict, seen: set[str]) -> tuple[Rule | None, str]:
    missing = [k for k in ("ma", "ten", "ve_trai", "toan_tu", "ve_phai", "muc_do", "thong_bao")
               if k not in block]
    if missing:
        return None, f"Thiếu {', '.join(missing)}."
    code = str(block["ma"])
    if code in seen:
        return None, f"Mã quy tắc “{code}” bị trùng."
    if block["ve_trai"] not in FIGURES or FIGURES[block["ve_trai"]][0] == "thon":
        return None, f"{code}: vế trái “{block['ve_trai']}” không phải số liệu của bản ghi, " \
                     "ngày hay kỳ của thôn."
    right = block["ve_phai"]
    if isinstance(right, (int, float)) and not isinstance(right, bool):
        right = float(right)
    elif right not in FIGURES:
        return None, f"{code}: vế phải “{right}” không phải số liệu đã biết hay một số."
    elif FIGURES[right][0] not in ("thon", FIGURES[block["ve_trai"]][0]) or \
            FIGURES[right][0] == "ban_ghi":
        return None, f"{code}: vế phải “{right}” phải là một số, số liệu của thôn hay số liệu " \
                     "cùng ngày, cùng kỳ với vế trái."
    if block["toan_tu"] not in OPERATORS:
        return None, f"{code}: toán tử “{block['toan_tu']}” không hợp lệ."
    if block["muc_do"] not in IMPORTANCES:
        return None, f"{code}: {_bad_importance(block['muc_do'])}"
    factor = block.get("he_so_phai", 1)
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
        return None, f"{code}: hệ số vế phải “{factor}” phải là số dương."
    return Rule(code, str(block["ten"]), block["ve_trai"], block["toan_tu"], right,
                block["muc_do"], str(block["thong_bao"]), float(factor)), ""
