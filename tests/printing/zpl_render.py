"""A Zebra printer as the tests see it: ZPL formats drawn dot for dot (boxes, graphics, barcodes;
font 0 text as the box it fills), so that barcodes can be decoded and dots counted."""

from __future__ import annotations

import re

import barcode
from PIL import Image, ImageChops, ImageDraw

_COMMAND = re.compile(r"\^([A-Z@][A-Z0-9]?)([^\^~]*)")


def formats(zpl: str) -> list[str]:
    """Each ^XA…^XZ label format."""
    return re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)


def _bars(symbology: str, value: str, check: bool) -> str:
    if symbology == "BC":
        pattern: str = barcode.get_barcode_class("code128")(value).build()[0]
        return pattern
    pattern = barcode.get_barcode_class("code39")(value, add_checksum=check).build()[0]
    return pattern


def render_format(form: str, gain: int = 0) -> Image.Image:
    """One label as a one-bit image (black 0, white 255) at the printer's dots, each dark dot
    grown by gain dots to the right (the print head's heat spreads along the line)."""
    width = int(re.search(r"\^PW(\d+)", form).group(1))  # type: ignore[union-attr]
    height = int(re.search(r"\^LL(\d+)", form).group(1))  # type: ignore[union-attr]
    label = Image.new("1", (width, height), 1)
    x = y = 0
    module, reverse, pending = 2, False, ""
    symbology = ""
    bar_height, check = 0, False
    for name, args in _COMMAND.findall(form.replace("\n", "")):
        if name == "FO":
            x, y = (int(v) for v in args.split(",")[:2])
        elif name == "BY":
            module = int(args.split(",")[0])
        elif name == "FR":
            reverse = True
        elif name == "GB":
            w, h, t = (int(v) for v in args.split(",")[:3])
            layer = Image.new("1", (width, height), 0)
            draw = ImageDraw.Draw(layer)
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=1)
            if t * 2 < min(w, h):
                draw.rectangle((x + t, y + t, x + w - 1 - t, y + h - 1 - t), fill=0)
            label = _paint(label, layer, reverse)
        elif name == "GF":
            parts = args.split(",", 4)
            columns, data = int(parts[3]), parts[4]
            rows = len(data) // (2 * columns)
            bits = Image.frombytes("1", (columns * 8, rows), bytes.fromhex(data))
            layer = Image.new("1", (width, height), 0)
            layer.paste(bits, (x, y))
            label = _paint(label, layer, reverse)
        elif name in ("BC", "B3"):
            fields = args.split(",")
            symbology = name
            bar_height = int(fields[1] if name == "BC" else fields[2])
            check = name == "B3" and fields[1] == "Y"
        elif name == "A0":
            pending = "text"
            text_height = int(args.split(",")[1])
        elif name == "FD":
            layer = Image.new("1", (width, height), 0)
            draw = ImageDraw.Draw(layer)
            if symbology:
                for index, module_on in enumerate(_bars(symbology, args, check)):
                    if module_on == "1":
                        left = x + index * module
                        draw.rectangle((left, y, left + module - 1, y + bar_height - 1), fill=1)
            elif pending == "text":
                # Font 0 text: a box of its height, one character cell at most wide each.
                draw.rectangle(
                    (x, y + text_height // 4, x + text_height * 2 // 5, y + text_height * 3 // 4),
                    fill=1,
                )
            label = _paint(label, layer, reverse)
        elif name == "FS":
            reverse, pending, symbology = False, "", ""
    image = label.convert("L")
    if gain:
        image = _grow(image, gain)
    return image


def _paint(label: Image.Image, layer: Image.Image, reverse: bool) -> Image.Image:
    """Dots of layer go black on label, or flip what is there (^FR)."""
    ink = ImageChops.invert(label.convert("L")).convert("1")
    combined = ImageChops.logical_xor(ink, layer) if reverse else ImageChops.logical_or(ink, layer)
    return ImageChops.invert(combined.convert("L")).convert("1")


def _grow(image: Image.Image, dots: int) -> Image.Image:
    """Each dark dot spreads dots to the right: bars gain, spaces lose."""
    grown = image
    for _ in range(dots):
        shifted = ImageChops.offset(grown, 1, 0)
        grown = ImageChops.darker(grown, shifted)
    return grown


def one_bit_with_gain(image: Image.Image, gain: int = 1) -> Image.Image:
    """A page image as a 1-bit thermal printer prints it: thresholded, then one dot of gain."""
    bits = image.point(lambda value: 0 if value < 128 else 255)
    return _grow(bits, gain) if gain else bits


__all__ = ["formats", "one_bit_with_gain", "render_format"]
