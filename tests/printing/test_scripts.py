"""Names in every script a hospital meets: every glyph drawn (no boxes), right-to-left names in
their order, on every stock."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from PIL import Image

from recordsdesk.printing.fonts import SANS_BOLD
from recordsdesk.printing.labels import chart_labels_pdf
from recordsdesk.printing.pdf_canvas import finish, open_canvas
from recordsdesk.printing.stocks import StockKind, all_stocks
from recordsdesk.printing.text import draw_text, layout_line
from recordsdesk.printing.zpl import chart_labels_zpl
from tests.printing.conftest import sample_labels
from tests.printing.pages import decode_all, page_texts, render
from tests.printing.zpl_render import formats, render_format

SAMPLES = {
    "latin": "NGUYỄN-ŻÓŁKOWSKA, Thị Ánh Ægir Ðorđe",
    "greek": "ΠΑΠΑΔΟΠΟΎΛΟΥ, Γιώργος",
    "cyrillic": "ЩЕРБАКОВА, Юлия Ёлкина",
    "hebrew": "כהן, דוד",
    "arabic": "الهاشمي, محمد",
    "devanagari": "शर्मा, प्रिया",
    "chinese": "王, 秀英",
    "japanese": "佐藤, さくら",
    "korean": "김, 민준",
}
# A character no shipped face has: what a missing glyph looks like when drawn.
_NOT_IN_ANY_FACE = "\U0001fab8"
_SIZE = 40


def _page(text: str) -> bytes:
    canvas, buffer = open_canvas("sample", (900, 80))
    draw_text(canvas, 10, 25, text, SANS_BOLD, _SIZE)
    canvas.showPage()
    return finish(canvas, buffer)


def _glyphs(pdf: bytes) -> list[tuple[str, bytes]]:
    """Each drawn glyph as (its text, its bitmap) from the rendered page."""
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    scale = 4
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    height = page.get_height()
    textpage = page.get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        left, bottom, right, top = textpage.get_charbox(index)
        if right - left < 1 or top - bottom < 1 or not char.strip():
            continue
        box = (
            int(left * scale),
            int((height - top) * scale),
            int(right * scale) + 1,
            int((height - bottom) * scale) + 1,
        )
        crop = image.crop(box).point(lambda value: 0 if value < 128 else 255)
        found.append((char, crop.tobytes() + bytes(str(crop.size), "ascii")))
    return found


def _notdef() -> bytes:
    glyphs = _glyphs(_page(_NOT_IN_ANY_FACE))
    assert len(glyphs) == 1
    return glyphs[0][1]


def test_the_missing_glyph_check_sees_a_missing_glyph() -> None:
    # The check below would pass vacuously if a missing glyph drew nothing or something new.
    assert layout_line(_NOT_IN_ANY_FACE, SANS_BOLD).missing == (_NOT_IN_ANY_FACE,)
    twice = _glyphs(_page(_NOT_IN_ANY_FACE * 2))
    assert len(twice) == 2 and twice[0][1] == twice[1][1] == _notdef()


@pytest.mark.parametrize("script", SAMPLES)
def test_every_glyph_of_each_script_is_drawn(script: str) -> None:
    name = SAMPLES[script]
    assert layout_line(name, SANS_BOLD).missing == ()
    notdef = _notdef()
    glyphs = _glyphs(_page(name))
    assert glyphs, f"{script}: nothing drawn"
    assert all(bitmap != notdef for _, bitmap in glyphs), f"{script}: a box for a missing glyph"
    # Distinct characters never share one image (as a box for every missing glyph would).
    by_image: dict[bytes, set[str]] = {}
    for char, bitmap in glyphs:
        by_image.setdefault(bitmap, set()).add(unicodedata.normalize("NFKC", char))
    assert all(len(chars) == 1 for chars in by_image.values()), script


@pytest.mark.parametrize("script", ["arabic", "hebrew"])
def test_right_to_left_names_read_in_their_order(script: str) -> None:
    name = SAMPLES[script]
    pdf = _page(name)
    # A reader extracts the logical order only if the glyphs stand right to left.
    assert unicodedata.normalize("NFKC", page_texts(pdf)[0]).strip() == name
    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    family = name.split(",")[0]
    boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
    texts = [textpage.get_text_range(index, 1) for index in range(textpage.count_chars())]
    first_letter = next(
        i for i, t in enumerate(texts) if unicodedata.normalize("NFKC", t) == family[0]
    )
    # The family name's first letter is the rightmost ink of the line.
    assert boxes[first_letter][2] >= max(box[2] for box in boxes) - 0.5


def test_arabic_letters_are_joined() -> None:
    # Joined, the four letters of "محمد" are one stroke: no blank column across the word.
    # Drawn as isolated letters, white gaps stand between them.
    image = render(_page("محمد"), 0, 300)
    ink = image.point(lambda value: 255 if value < 128 else 0)
    left, _, right, _ = ink.getbbox()
    columns = [
        ink.crop((x, 0, x + 1, ink.height)).getbbox() is not None for x in range(left, right)
    ]
    assert all(columns)
    unjoined = render(_page(" ".join("محمد")), 0, 300).point(lambda v: 255 if v < 128 else 0)
    left, _, right, _ = unjoined.getbbox()
    gaps = [
        unjoined.crop((x, 0, x + 1, unjoined.height)).getbbox() is None for x in range(left, right)
    ]
    assert any(gaps)  # the check can fail


@pytest.mark.parametrize(
    "stock",
    [stock for stock in all_stocks() if stock.kind is not StockKind.ZPL],
    ids=lambda stock: stock.name,
)
def test_every_script_on_every_stock_prints_and_scans(stock) -> None:  # type: ignore[no-untyped-def]
    labels = [
        replace(label, name=name)
        for label, name in zip(sample_labels(len(SAMPLES)), SAMPLES.values(), strict=True)
    ]
    pdf = chart_labels_pdf(labels, stock)
    text = unicodedata.normalize("NFKC", " ".join(page_texts(pdf)))
    for script in (
        "latin",
        "greek",
        "cyrillic",
        "hebrew",
        "arabic",
        "chinese",
        "japanese",
        "korean",
    ):
        family = unicodedata.normalize("NFKC", SAMPLES[script].split(",")[0])
        assert family[:3] in text, (stock.name, script)
    decoded = []
    pages = len(pdfium.PdfDocument(pdf))
    for page in range(pages):
        decoded += decode_all(render(pdf, page, 203))
    assert sorted(decoded) == sorted(label.barcode for label in labels)


@pytest.mark.parametrize("stock_name", ["zpl", "zpl-4x2"])
def test_every_script_prints_on_a_zebra(stock_name: str) -> None:
    from recordsdesk.printing.stocks import stock_by_name

    labels = [
        replace(label, name=name)
        for label, name in zip(sample_labels(len(SAMPLES)), SAMPLES.values(), strict=True)
    ]
    zpl = chart_labels_zpl(labels, stock_by_name(stock_name))
    for label, form in zip(labels, formats(zpl), strict=True):
        assert "^GFA," in form, label.name  # drawn by RecordsDesk, not left to font 0
        image: Image.Image = render_format(form, gain=1)
        assert decode_all(image) == [label.barcode]
