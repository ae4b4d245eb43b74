"""The label font: a TrueType face with wide Unicode coverage, and fitting text into a width."""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from recordsdesk.domain.errors import Unavailable

SANS = "RecordsDesk-Sans"
SANS_BOLD = "RecordsDesk-Sans-Bold"
ELLIPSIS = "…"

# Where Debian's fonts-dejavu-core puts the faces; RECORDSDESK_FONT_DIR overrides (frozen builds).
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
_FACES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}


def _font_dirs() -> tuple[str, ...]:
    override = os.environ.get("RECORDSDESK_FONT_DIR")
    return (override, *_FONT_DIRS) if override else _FONT_DIRS


def find_font_file(file_name: str) -> Path:
    """The path of one DejaVu face, or Unavailable saying where it was looked for."""
    for folder in _font_dirs():
        candidate = Path(folder) / file_name
        if candidate.is_file():
            return candidate
    looked = ", ".join(_font_dirs())
    raise Unavailable(
        f"The label font {file_name} is not installed (looked in {looked}). "
        "Install the fonts-dejavu-core package (scripts/setup.sh does) or set RECORDSDESK_FONT_DIR."
    )


@functools.cache
def register_fonts() -> None:
    """Register the sans faces with reportlab once per process; they embed as subsets."""
    for name, file_name in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(find_font_file(file_name))))


def prepare_text(text: str) -> str:
    """Text as drawn: composed (NFC) so accented letters use the font's precomposed glyphs."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def text_width(text: str, font: str, size: float) -> float:
    """The drawn width of text in points."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


@dataclass(frozen=True)
class FittedText:
    """Text shortened and sized so that it fits a given width."""

    text: str
    size: float
    shortened: bool


def _cut(text: str, length: int) -> str:
    """The first length characters, never ending on a lone combining mark or a space."""
    head = text[:length]
    while head and unicodedata.combining(head[-1]):
        head = head[:-1]
    return head.rstrip(" ,-")


def fit_text(text: str, font: str, width: float, max_size: float, min_size: float) -> FittedText:
    """Shrink text from max_size down to min_size to fit width, then cut it with an ellipsis."""
    text = prepare_text(text)
    size = max_size
    while size > min_size and text_width(text, font, size) > width:
        size = max(min_size, size - 0.25)
    if text_width(text, font, size) <= width:
        return FittedText(text, size, shortened=False)
    # Longest prefix that fits with the ellipsis: binary search on the character count.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(_cut(text, middle) + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    cut = _cut(text, low)
    shortened = cut + ELLIPSIS if cut else ""
    return FittedText(shortened, size, shortened=True)
