"""Looking at printed pages as a scanner and a reader would: pixels, barcodes, text and fonts."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

DPIS = (300, 203)
MM_PER_INCH = 25.4


def page_count(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


def render(pdf: bytes, page: int, dpi: int) -> Image.Image:
    """One page as a greyscale image at dpi, on white."""
    document = pdfium.PdfDocument(pdf)
    image = document[page].render(scale=dpi / 72, grayscale=True).to_pil()
    return image.convert("L")


def _bars(image: Image.Image, left: int, right: int, y: int) -> bytes:
    """One pixel row across a barcode, reduced to dark (1) and light (0)."""
    row = image.crop((left, y, right, y + 1)).tobytes()
    return bytes(1 if value < 128 else 0 for value in row)


def _same_bars(reference: bytes, row: bytes) -> bool:
    differing = sum(1 for a, b in zip(reference, row, strict=True) if a != b)
    return differing <= max(2, len(reference) // 50)


def _blank_out(work: Image.Image, position: zxingcpp.Position) -> int:
    """Paint a decoded barcode white; returns how many barcodes that was.

    zxing reports identical barcodes stacked in one column as a single result spanning them
    all, so the rows are walked and each run of rows showing the same bars counts once.
    """
    corners = (position.top_left, position.top_right, position.bottom_left, position.bottom_right)
    left = max(0, min(point.x for point in corners) - 4)
    right = min(work.width, max(point.x for point in corners) + 4)
    top = max(0, min(point.y for point in corners))
    bottom = min(work.height - 1, max(point.y for point in corners))
    reference = _bars(work, left, right, min(bottom, top + 2))
    while top > 0 and _same_bars(reference, _bars(work, left, right, top - 1)):
        top -= 1
    while bottom + 1 < work.height and _same_bars(reference, _bars(work, left, right, bottom + 1)):
        bottom += 1
    count, run = 0, 0
    for y in range(top, bottom + 2):
        if y <= bottom and _same_bars(reference, _bars(work, left, right, y)):
            run += 1
            continue
        if run >= 8:
            count += 1
        run = 0
    work.paste(255, (left, top, right, bottom + 1))
    return max(1, count)


def decode_all(image: Image.Image) -> list[str]:
    """Every barcode on the image: decode, blank out what was read, and decode again."""
    work = image.copy()
    found: list[str] = []
    for _ in range(200):
        results = zxingcpp.read_barcodes(work)
        if not results:
            return found
        for result in results:
            found.extend([result.text] * _blank_out(work, result.position))
    raise AssertionError("decoding did not settle: the same barcode kept coming back")


def ink_box(image: Image.Image, threshold: int = 160) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of dark pixels, or None for a blank image."""
    mask = image.point(lambda value: 255 if value < threshold else 0)
    box = mask.getbbox()
    return None if box is None else (box[0], box[1], box[2], box[3])


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    document = pdfium.PdfDocument(pdf)
    texts = []
    for page in document:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
    return texts


def fonts_all_embedded(pdf: bytes) -> tuple[int, int]:
    """(font descriptors, embedded font files): equal when every font travels with the PDF."""
    descriptors = len(re.findall(rb"/Type /FontDescriptor", pdf))
    files = len(re.findall(rb"/FontFile2 ", pdf))
    return descriptors, files


def points_to_pixels(points: float, dpi: int) -> float:
    return points / 72 * dpi


def pixels_to_mm(pixels: float, dpi: int) -> float:
    return pixels / dpi * MM_PER_INCH
