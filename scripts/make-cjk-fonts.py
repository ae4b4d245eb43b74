"""Make resources/fonts/NotoSansCJK-{Regular,Bold}.ttf: Noto Sans CJK subset and converted.

reportlab embeds TrueType (glyf) outlines only, and Noto Sans CJK is published with CFF
outlines, so the faces are converted (quadratic curves via cu2qu, fontTools' own converter)
and subset to the characters of the national standards names are written in: GB 2312,
Big5 levels 1 and 2, JIS X 0208, KS X 1001, every Hangul syllable, kana, CJK punctuation and
the full-width forms. About 28,000 characters; a rarer character falls back to a box and the
label is flagged by the missing-glyph check.

Source: the Noto Sans CJK TC OTFs (SIL Open Font License 1.1) as packaged on PyPI by
cvttf-notosanscjk-regular / -bold 1.0. Run once by hand, with fontTools installed:

    python scripts/make-cjk-fonts.py SOURCE-Regular.otf SOURCE-Bold.otf resources/fonts/
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable


def _pairs(codec: str, lead: range | list[int], trail: range | list[int]) -> set[str]:
    found: set[str] = set()
    for first in lead:
        for second in trail:
            try:
                found.update(bytes([first, second]).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def characters() -> set[str]:
    """The characters kept: national standard sets, Hangul, kana, punctuation."""
    chars = _pairs("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))
    chars |= _pairs("big5", range(0xA1, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    chars |= _pairs("shift_jis", [*range(0x81, 0xA0), *range(0xE0, 0xF0)], range(0x40, 0xFD))
    chars |= _pairs("euc_kr", range(0xA1, 0xFF), range(0xA1, 0xFF))
    for low, high in ((0xAC00, 0xD7A4), (0x3000, 0x3100), (0x3130, 0x3190), (0xFF00, 0xFFF0)):
        chars |= {chr(code) for code in range(low, high)}
    return {char for char in chars if ord(char) >= 0x2E80}


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attribute in (
        "maxZones maxTwilightPoints maxStorage maxFunctionDefs maxInstructionDefs "
        "maxStackElements maxSizeOfInstructions maxComponentElements"
    ).split():
        setattr(maxp, attribute, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"


def make(source: Path, target: Path) -> None:
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters()])
    subsetter.subset(font)
    to_truetype(font)
    font.save(target)


def main() -> None:
    regular, bold, folder = sys.argv[1:4]
    make(Path(regular), Path(folder) / "NotoSansCJK-Regular.ttf")
    make(Path(bold), Path(folder) / "NotoSansCJK-Bold.ttf")


if __name__ == "__main__":
    main()
