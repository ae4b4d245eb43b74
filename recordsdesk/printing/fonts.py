"""The shipped Noto faces, and which face draws each character: Latin, Greek and Cyrillic first,
then Hebrew, Arabic, Devanagari and CJK; a face is loaded only when a text needs it."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from recordsdesk.domain.errors import Unavailable

# The two text styles documents use; each is also the name of its first (Noto Sans) face.
SANS = "RecordsDesk-Sans"
SANS_BOLD = "RecordsDesk-Sans-Bold"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Face:
    """One TrueType file, registered with reportlab under name."""

    name: str
    file_name: str


def _family(style: str, weight: str) -> tuple[Face, ...]:
    return (
        Face(style, f"NotoSans-{weight}.ttf"),
        Face(f"{style}-Hebrew", f"NotoSansHebrew-{weight}.ttf"),
        Face(f"{style}-Arabic", f"NotoSansArabic-{weight}.ttf"),
        Face(f"{style}-Devanagari", f"NotoSansDevanagari-{weight}.ttf"),
        # Subset of Noto Sans CJK (scripts/make-cjk-fonts.py says which characters).
        Face(f"{style}-CJK", f"NotoSansCJK-{weight}.ttf"),
    )


# Fallback order: the first face with a glyph for a character draws it.
FAMILIES: dict[str, tuple[Face, ...]] = {
    SANS: _family(SANS, "Regular"),
    SANS_BOLD: _family(SANS_BOLD, "Bold"),
}


def find_font_file(file_name: str) -> Path:
    """The path of a shipped face, or Unavailable naming it."""
    # recordsdesk.resources (top-level resources/, mapped in setup.py), read as package data.
    path = Path(str(files("recordsdesk.resources").joinpath("fonts").joinpath(file_name)))
    if not path.is_file():
        raise Unavailable(
            f"The font {file_name} is missing from this installation ({path.parent}): "
            "reinstall RecordsDesk."
        )
    return path


@functools.cache
def load_face(face: Face) -> TTFont:
    """The reportlab font of a face, registered on first use (the CJK face is large)."""
    font = TTFont(face.name, str(find_font_file(face.file_name)), shapable=True)
    pdfmetrics.registerFont(font)
    return font


def register_fonts() -> None:
    """Register the first face of each style, which every document uses."""
    for style in FAMILIES:
        load_face(FAMILIES[style][0])


def covers(face: Face, char: str) -> bool:
    """Whether the face has a glyph for char."""
    return ord(char) in load_face(face).face.charToGlyph


@functools.lru_cache(maxsize=65536)
def face_for(style: str, char: str) -> Face | None:
    """The first face of style that has char, or None when no shipped face has it."""
    for face in FAMILIES[style]:
        if covers(face, char):
            return face
    return None


def prepare_text(text: str) -> str:
    """Text as drawn: composed (NFC) so accented letters use the font's precomposed glyphs, one
    space between words, no control characters, and no bidi controls (a name's order is the
    algorithm's)."""
    composed = unicodedata.normalize("NFC", " ".join(text.split()))
    if any(unicodedata.category(ch) == "Cc" for ch in composed):
        composed = "".join(ch for ch in composed if unicodedata.category(ch) != "Cc")
    return composed.translate(_BIDI_CONTROLS)


_BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
