"""Lines of text in any script: bidi order by python-bidi, shaping by HarfBuzz (through
reportlab's uharfbuzz support), each run in the first shipped face that has its characters."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

from bidi import algorithm as bidi_algorithm
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord
from reportlab.pdfgen.canvas import Canvas

from recordsdesk.printing.fonts import ELLIPSIS, FAMILIES, Face, face_for, load_face, prepare_text

# Widths are kept per 1 pt of size and scaled: shaping does not depend on the size.
_UNIT = 1000.0
_RTL_CLASSES = frozenset({"R", "AL", "AN"})
# Kerning and the ligatures a script requires; not discretionary ones (Noto's "Muhammad"
# ligature adds vowel marks that the registered name does not have).
_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Piece:
    """One run of a line, drawn in one face, in visual (left-to-right) order."""

    text: str  # a reportlab ShapedStr where HarfBuzz shaped it
    font: str
    advance: float  # its width at 1 pt


@dataclass(frozen=True)
class Line:
    """A line of text laid out for drawing: its pieces left to right and what no face has."""

    text: str
    pieces: tuple[Piece, ...]
    advance: float  # width at 1 pt
    missing: tuple[str, ...]  # characters no shipped face draws (they print as a box)

    def width(self, size: float) -> float:
        """The drawn width at size points."""
        return self.advance * size


def _simple(text: str) -> bool:
    """Whether text needs neither bidi nor shaping: left-to-right letters with no loose marks
    and nothing beyond Latin, Greek and Cyrillic."""
    return all(ord(ch) < 0x0590 and not unicodedata.combining(ch) for ch in text)


def _levels(text: str) -> tuple[list[int], list[int]]:
    """Each character's bidi embedding level, and the logical indices in visual order."""
    if not any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text):
        return [0] * len(text), list(range(len(text)))
    # Characters this Python's Unicode tables do not know get the default class, L.
    text = "".join(ch if unicodedata.bidirectional(ch) else "a" for ch in text)
    storage: dict[str, Any] = bidi_algorithm.get_empty_storage()
    base = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage)
    # The reordering moves these records; their index says where each character came from.
    for index, record in enumerate(storage["chars"]):
        record["index"] = index
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage, False)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    levels = [0] * len(text)
    for record in storage["chars"]:
        levels[record["index"]] = record["level"]
    bidi_algorithm.reorder_resolved_levels(storage, False)
    return levels, [record["index"] for record in storage["chars"]]


def _faces(text: str, style: str) -> tuple[list[Face], list[str]]:
    """The face of each character: spaces, marks and punctuation stay with their neighbours'
    face where it has them, so that a run is shaped whole."""
    primary = FAMILIES[style][0]
    faces: list[Face | None] = [face_for(style, ch) for ch in text]
    missing = [ch for ch, face in zip(text, faces, strict=True) if face is None]
    joined: list[Face] = []
    for index, ch in enumerate(text):
        face = faces[index]
        neutral = unicodedata.category(ch)[0] in "ZPM" or ch.isdigit()
        if (
            neutral
            and joined
            and (joined[-1] is face or (joined[-1] != primary and _has(joined[-1], ch)))
        ):
            face = joined[-1]
        joined.append(face or primary)
    return joined, missing


def _has(face: Face, ch: str) -> bool:
    return ord(ch) in load_face(face).face.charToGlyph


def _shape(text: str, face: Face, rtl: bool) -> Piece:
    """One run shaped by HarfBuzz (logical text in; glyphs out in visual order)."""
    load_face(face)
    strong_rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
    if rtl and not strong_rtl:
        # Neutrals alone on a right-to-left level: HarfBuzz would guess left-to-right.
        mirrored = "".join(bidi_algorithm.MIRRORED.get(ch, ch) for ch in reversed(text))
        return Piece(mirrored, face.name, pdfmetrics.stringWidth(mirrored, face.name, 1.0))
    word = [0.0, (ABag(fontName=face.name, fontSize=_UNIT), text)]
    shaped = shapeFragWord(word, features=_FEATURES, force=True)[1][1]
    if isinstance(shaped, ShapedStr):
        units = sum(data.x_advance for data in shaped.__shapeData__)
        return Piece(shaped, face.name, units / _UNIT)
    return Piece(shaped, face.name, pdfmetrics.stringWidth(shaped, face.name, 1.0))


@functools.lru_cache(maxsize=16384)
def layout_line(text: str, style: str) -> Line:
    """text (one line) laid out in style: SANS or SANS_BOLD."""
    text = prepare_text(text)
    primary = FAMILIES[style][0]
    glyphs = load_face(primary).face.charToGlyph
    if _simple(text) and all(ord(ch) in glyphs for ch in text):
        advance = pdfmetrics.stringWidth(text, primary.name, 1.0)
        return Line(text, (Piece(text, primary.name, advance),) if text else (), advance, ())
    levels, visual = _levels(text)
    faces, missing = _faces(text, style)
    pieces: list[Piece] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            rtl = levels[run[0]] % 2 == 1
            logical = "".join(text[i] for i in sorted(run))
            pieces.append(_shape(logical, faces[run[0]], rtl))
            run.clear()

    for index in visual:
        if run:
            last = run[-1]
            step = -1 if levels[last] % 2 else 1
            if levels[index] != levels[last] or faces[index] != faces[last] or index != last + step:
                flush()
        run.append(index)
    flush()
    return Line(text, tuple(pieces), sum(p.advance for p in pieces), tuple(dict.fromkeys(missing)))


def text_width(text: str, style: str, size: float) -> float:
    """The drawn width of text in points."""
    return layout_line(text, style).width(size)


def draw_line(canvas: Canvas, x: float, y: float, line: Line, size: float) -> None:
    """Draw a laid-out line with its left end at x, baseline y."""
    for piece in line.pieces:
        canvas.setFont(piece.font, size)
        canvas.drawString(x, y, piece.text)
        x += piece.advance * size


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, style: str, size: float, align: str = "left"
) -> None:
    """Draw text at x (its left end, centre or right end, as align says), baseline y."""
    line = layout_line(text, style)
    width = line.width(size)
    left = {"left": x, "centre": x - width / 2, "right": x - width}[align]
    draw_line(canvas, left, y, line, size)


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


def fits(text: str, style: str, size: float, width: float) -> bool:
    """Whether text at size is no wider than width."""
    return text_width(text, style, size) <= width + 1e-6


def fit_text(text: str, style: str, width: float, max_size: float, min_size: float) -> FittedText:
    """Shrink text from max_size down to min_size to fit width, then cut it with an ellipsis."""
    text = prepare_text(text)
    natural = text_width(text, style, 1.0)
    size = (
        max_size
        if natural * max_size <= width
        else max(min_size, width / natural if natural else max_size)
    )
    # Quarter points, as a person would set type.
    size = max(min_size, int(size * 4 + 1e-9) / 4)
    if fits(text, style, size, width):
        return FittedText(text, size, shortened=False)
    return FittedText(cut_to_fit(text, style, size, width), size, shortened=True)


def cut_to_fit(text: str, style: str, size: float, width: float) -> str:
    """The longest start of text that fits width with an ellipsis after it ('' if none does)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_cut(text, middle) + ELLIPSIS, style, size, width):
            low = middle
        else:
            high = middle - 1
    cut = _cut(text, low)
    return cut + ELLIPSIS if cut else ""


def wrap_text(text: str, style: str, size: float, width: float) -> list[str]:
    """text broken into lines no wider than width at a fixed size: between words, and inside a
    word only when the word alone is wider than the line."""
    lines: list[str] = []
    current = ""
    for word in prepare_text(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate, style, size, width):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word, style, size, width) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut], style, size, width):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines
