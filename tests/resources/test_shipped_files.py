"""The files shipped in recordsdesk.resources: present, loadable, and in step with the code."""

from __future__ import annotations

import configparser
import json
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from recordsdesk import __version__
from recordsdesk.resources import resource_path
from recordsdesk.ui.desk.sounds import TONES, synthesize

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize("size", SIZES)
def test_each_icon_size_is_a_png_of_that_size(size: int) -> None:
    image = QImage(str(resource_path("icons", f"recordsdesk-{size}.png")))
    assert (image.width(), image.height()) == (size, size)


def test_the_scalable_icon_and_the_windows_icon_are_there() -> None:
    assert ET.parse(resource_path("icons", "recordsdesk.svg")).getroot().tag.endswith("svg")
    assert resource_path("icons", "recordsdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_the_shipped_sounds_are_the_desk_tones() -> None:
    for sound, notes in TONES.items():
        assert resource_path("sounds", f"{sound.value}.wav").read_bytes() == synthesize(notes)


def test_the_desktop_entry_runs_the_command_with_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(resource_path("desktop", "recordsdesk.desktop"))
    section = entry["Desktop Entry"]
    assert (section["Exec"], section["Icon"], section["Type"]) == (
        "recordsdesk",
        "recordsdesk",
        "Application",
    )


def test_the_appstream_metadata_names_this_release() -> None:
    root = ET.parse(resource_path("desktop", "org.recordsdesk.RecordsDesk.metainfo.xml")).getroot()
    assert root.findtext("launchable") == "recordsdesk.desktop"
    assert [r.get("version") for r in root.iter("release")] == [__version__]


def test_every_bundled_licence_has_its_text() -> None:
    index = json.loads(resource_path("licences", "bundled.json").read_text(encoding="utf-8"))
    names = {entry["name"].lower().replace("_", "-") for entry in index}
    assert {"pyside6-essentials", "sqlalchemy", "reportlab", "python"} <= names
    for entry in index:
        assert len(resource_path("licences", entry["file"]).read_text(encoding="utf-8")) > 200
