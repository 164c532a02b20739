"""Wording rules applied to the composed body, whoever wrote the paragraphs.

- Acronyms are defined at their first use, as the reference notice does: the first time the
  body says "ANTT" the reader has already seen "an ninh trật tự (ANTT)".
- "(có Phụ lục kèm theo)" is said in the body when the appendix is attached.
"""

from __future__ import annotations

import re

from antt.notice.model import Block

# acronym -> its long form (matched without regard to case: "An ninh Tổ quốc" counts)
ACRONYMS = {
    "ANTQ": "an ninh Tổ quốc",
    "ANTT": "an ninh trật tự",
    "BCĐ": "Ban Chỉ đạo",
}
APPENDIX_NOTE = "(có Phụ lục kèm theo)"


def _bare(acronym: str) -> re.Pattern[str]:
    """The acronym as a word of its own: not inside a document code ("07/CTr-BCĐ") and not
    the definition "(ANTT)" itself."""
    return re.compile(rf"(?<![\w/\-\u2011(]){re.escape(acronym)}(?![\w/\-\u2011])")


def define_acronyms(blocks: list[Block]) -> list[Block]:
    """Blocks where each acronym's first bare use is preceded by its definition.

    If the long form occurs earlier, "(ANTT)" is added right after its first occurrence;
    otherwise the first bare use becomes "an ninh trật tự (ANTT)". Headings are left alone
    (a definition belongs in running text)."""
    out = [Block(b.kind, b.text, b.bold_prefix) for b in blocks]
    for acronym, long_form in ACRONYMS.items():
        bare, defined = _bare(acronym), f"({acronym})"
        long_re = re.compile(re.escape(long_form).replace(r"\ ", r"[ \u00a0]+"), re.IGNORECASE)
        first_use = next(((i, m) for i, b in enumerate(out) if b.kind not in ("heading",)
                          for m in [bare.search(b.text)] if m), None)
        if first_use is None:
            continue
        use_block, use_match = first_use
        earlier = [(i, b) for i, b in enumerate(out[:use_block + 1]) if defined in b.text
                   and (i < use_block or b.text.index(defined) < use_match.start())]
        if earlier:
            continue
        for i, block in enumerate(out[:use_block + 1]):
            limit = use_match.start() if i == use_block else len(block.text)
            m = long_re.search(block.text, 0, limit)
            if m and block.kind not in ("heading", "subheading"):
                text = block.text
                out[i] = Block(block.kind, f"{text[:m.end()]} {defined}{text[m.end():]}",
                               block.bold_prefix)
                break
        else:
            text = out[use_block].text
            out[use_block] = Block(
                out[use_block].kind,
                f"{text[:use_match.start()]}{long_form} {defined}{text[use_match.end():]}",
                out[use_block].bold_prefix)
    return out


def mention_appendix(blocks: list[Block]) -> list[Block]:
    """Blocks that say "(có Phụ lục kèm theo)": already said, or added before the colon of the
    first "… như sau:" paragraph, else at the end of the first paragraph."""
    if any("phụ lục" in b.text.lower() for b in blocks):
        return blocks
    out = list(blocks)
    for i, block in enumerate(out):
        if block.kind == "paragraph" and block.text.rstrip().endswith("như sau:"):
            text = block.text.rstrip()[:-1] + f" {APPENDIX_NOTE}:"
            out[i] = Block(block.kind, text, block.bold_prefix)
            return out
    for i, block in enumerate(out):
        if block.kind == "paragraph":
            text = block.text.rstrip()
            stop = "." if text.endswith(".") else ""
            out[i] = Block(block.kind, f"{text.rstrip('.')} {APPENDIX_NOTE}{stop}",
                           block.bold_prefix)
            break
    return out
