"""Distinct sounds for done, check and problem: synthesised WAV tones, or the system beep."""

from __future__ import annotations

import importlib
import io
import math
import struct
import tempfile
import wave
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from recordsdesk.resources import resource_path

RATE = 22050


class Sound(Enum):
    """The desk's three sounds."""

    SUCCESS = "success"
    WARNING = "warning"
    PROBLEM = "problem"


# (frequency Hz, milliseconds) per note; 0 Hz is a rest. A rising chirp is good news, a low
# triple buzz is not: told apart by pitch and rhythm, not only by loudness.
TONES: dict[Sound, tuple[tuple[int, int], ...]] = {
    Sound.SUCCESS: ((880, 70), (1320, 110)),
    Sound.WARNING: ((660, 120), (0, 60), (660, 120)),
    Sound.PROBLEM: ((220, 150), (0, 60), (220, 150), (0, 60), (220, 150)),
}
BEEPS = {Sound.SUCCESS: 1, Sound.WARNING: 2, Sound.PROBLEM: 3}


def synthesize(notes: tuple[tuple[int, int], ...], rate: int = RATE) -> bytes:
    """A mono 16-bit WAV of the notes, each faded in and out so it does not click."""
    frames = bytearray()
    for frequency, msecs in notes:
        count = rate * msecs // 1000
        fade = max(1, min(count // 8, rate // 200))
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            value = math.sin(2 * math.pi * frequency * i / rate) if frequency else 0.0
            frames += struct.pack("<h", int(12000 * envelope * value))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


class Sounder(Protocol):
    """What the desk needs from a sound maker."""

    muted: bool
    played: list[Sound]

    def play(self, sound: Sound) -> None: ...


# The sounds a desk played, newest last, for the tests to read: the last few only, since a
# desk plays one a scan all day.
PLAYED_KEPT = 64


def _note(played: list[Sound], sound: Sound) -> None:
    played.append(sound)
    if len(played) > 2 * PLAYED_KEPT:
        del played[:-PLAYED_KEPT]


class BeepSounder(QObject):
    """The system beep in patterns: one for done, two for check, three for a problem."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = False
        self.played: list[Sound] = []

    def play(self, sound: Sound) -> None:
        _note(self.played, sound)
        if self.muted:
            return
        for n in range(BEEPS[sound]):
            QTimer.singleShot(n * 180, QApplication.beep)


class EffectSounder(QObject):
    """Synthesised tones played with QSoundEffect (when QtMultimedia is installed)."""

    def __init__(self, effect_class: Any, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = False
        self.played: list[Sound] = []
        self._effects: dict[Sound, Any] = {}
        for sound, notes in TONES.items():
            path = folder / f"{sound.value}.wav"
            if not path.exists():  # the shipped ones (resources/sounds) are these same tones
                path.write_bytes(synthesize(notes))
            effect = effect_class(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[sound] = effect

    def play(self, sound: Sound) -> None:
        _note(self.played, sound)
        if not self.muted:
            self._effects[sound].play()


def make_sounder(parent: QObject | None = None) -> BeepSounder | EffectSounder:
    """Tones through QSoundEffect if QtMultimedia is there, else patterns of beeps."""
    try:
        multimedia = importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return BeepSounder(parent)
    folder = resource_path("sounds")
    if not folder.is_dir():
        folder = Path(tempfile.mkdtemp(prefix="recordsdesk-sounds-"))
    return EffectSounder(multimedia.QSoundEffect, folder, parent)
