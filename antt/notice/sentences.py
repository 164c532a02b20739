"""The notice's sentences built from query rows: counts and lists written as a notice writes
them ("03", "A, B và C"), the laws list, the commitments, and the incident sentences chosen
from the unit profile's [cau] wording by the incident counts."""

from __future__ import annotations

import pandas as pd

from antt.notice.template import fill_template
from antt.text.fmt import nfc, number, two_digits

# Incident field (vocab code) -> the tinh_hinh_* placeholder and its sentence keys in [cau].
FIELD_SENTENCES = {
    "an_ninh_chinh_tri": ("tinh_hinh_an_ninh_chinh_tri", "an_ninh_chinh_tri"),
    "ton_giao": ("tinh_hinh_ton_giao", "ton_giao"),
    "trat_tu_xa_hoi": ("tinh_hinh_trat_tu", "trat_tu"),
}
OTHER_FIELD = "trat_tu_xa_hoi"  # a field code added later is reported with public order


def count_text(value: int) -> str:
    """Counts as notices write them: 3 -> '03', 17 -> '17', 1234 -> '1.234', 0 -> '0'."""
    value = int(value)
    return two_digits(value) if 0 < value < 10 else number(value)


def lower_first(label: str) -> str:
    """'Trộm cắp tài sản' -> 'trộm cắp tài sản'; abbreviations ('VK, VLN') stay."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def join_and(items: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B và C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def strip_kind(name: str, kind: str) -> str:
    """('Xã Vũ Lễ', 'xã') -> 'Vũ Lễ'; ('Huyện Bắc Sơn', 'huyện') -> 'Bắc Sơn'."""
    name = nfc(name).strip()
    prefix = kind + " "
    return name[len(prefix):] if name.lower().startswith(prefix) else name


def in_sentence(name: str) -> str:
    """'Xã Vũ Sơn' -> 'xã Vũ Sơn', 'Thị trấn Bắc Sơn' -> 'thị trấn Bắc Sơn'."""
    name = nfc(name).strip()
    for kind in ("thị trấn", "xã", "huyện", "phường"):
        if name.lower().startswith(kind + " "):
            return kind + name[len(kind):]
    return name


# ---------------------------------------------------------------- sentences from query rows


def laws_text(topics: pd.DataFrame, sentences: dict[str, str]) -> str:
    """'Luật A; Luật B và công tác phòng cháy, chữa cháy'. Crime-prevention topics are left
    out: the sentence goes on with "đấu tranh, phòng, chống các loại tội phạm" already."""
    labels = [nfc(str(t)) for t in topics["topic_label"]]
    laws = list(dict.fromkeys(t for t in labels if t.startswith("Luật ")))
    others = list(dict.fromkeys(lower_first(t) for t in labels if not t.startswith("Luật ")
                                and "tội phạm" not in t.lower()))
    text = "; ".join(laws)
    if others:
        text += (" và công tác " if text else "công tác ") + join_and(others)
    return text or sentences.get("cac_luat_trong", "các quy định của pháp luật")


def commitments_text(types: pd.DataFrame, sentences: dict[str, str],
                 phrases: dict[str, str]) -> str:
    """What the households committed to, in the reference's words: the profile's [cam_ket]
    phrase of each type ("thực hiện tốt các quy định về phòng cháy, chữa cháy"), else the
    type's label, joined by commas as the reference writes them."""
    parts = [phrases.get(str(code)) or lower_first(nfc(str(label)))
             for code, label in zip(types["commitment_type"], types["commitment_type_label"],
                                    strict=True)]
    return ", ".join(dict.fromkeys(parts)) or sentences.get("cac_loai_cam_ket_trong", "")


def incident_sentences(rows: pd.DataFrame, sentences: dict[str, str],
               words: dict[str, str]) -> dict[str, str]:
    """tinh_hinh_* sentences: the [cau] '_khong' wording when a field has no incident, else
    the '_co' wording with counts by field and category."""
    pieces: dict[str, list[str]] = {}
    for field_code, group in rows.groupby("field", sort=False):
        target = field_code if field_code in FIELD_SENTENCES else OTHER_FIELD
        detail = ", ".join(f"{count_text(r.incidents)} vụ {lower_first(r.category_label)}"
                           for r in group.itertuples())
        piece = fill_template(sentences["vu_viec"], {
            "so_vu": count_text(int(group["incidents"].sum())),
            "linh_vuc": lower_first(str(group["field_label"].iloc[0])),
            "chi_tiet": detail,
        })
        pieces.setdefault(target, []).append(piece)
    out = {}
    for field_code, (placeholder, key) in FIELD_SENTENCES.items():
        if field_code in pieces:
            out[placeholder] = fill_template(sentences[f"{key}_co"],
                                             words | {"vu_viec": "; ".join(pieces[field_code])})
        else:
            out[placeholder] = fill_template(sentences[f"{key}_khong"], words)
    return out
