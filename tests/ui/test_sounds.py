"""The desk's sounds: distinct tones, a beep fallback, and mute."""

from __future__ import annotations

import io
import wave

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from recordsdesk.ui.desk.sounds import TONES, BeepSounder, Sound, make_sounder, synthesize


def test_tones_are_valid_wavs_of_the_right_length_and_differ() -> None:
    waves = {sound: synthesize(notes) for sound, notes in TONES.items()}
    for sound, data in waves.items():
        with wave.open(io.BytesIO(data)) as read:
            assert (read.getnchannels(), read.getsampwidth()) == (1, 2)
            msecs = 1000 * read.getnframes() / read.getframerate()
        assert abs(msecs - sum(ms for _f, ms in TONES[sound])) < 2
    assert len(set(waves.values())) == 3


def test_without_qtmultimedia_the_beep_fallback_is_used(qapp: QApplication) -> None:
    sounder = make_sounder()
    assert isinstance(sounder, BeepSounder)


def test_beep_sounder_records_what_it_played_even_when_muted(qtbot: QtBot) -> None:
    beeps: list[int] = []
    sounder = BeepSounder()
    original = QApplication.beep
    QApplication.beep = staticmethod(lambda: beeps.append(1))  # type: ignore[method-assign]
    try:
        sounder.play(Sound.PROBLEM)
        qtbot.waitUntil(lambda: len(beeps) == 3)
        sounder.muted = True
        sounder.play(Sound.SUCCESS)
        qtbot.wait(50)
    finally:
        QApplication.beep = original  # type: ignore[method-assign]
    assert sounder.played == [Sound.PROBLEM, Sound.SUCCESS]
    assert len(beeps) == 3


def test_a_sounder_keeps_only_its_last_sounds_however_long_the_day() -> None:
    from recordsdesk.ui.desk.sounds import PLAYED_KEPT

    sounder = BeepSounder()
    sounder.muted = True
    for n in range(10 * PLAYED_KEPT):
        sounder.play(Sound.PROBLEM if n % 2 else Sound.SUCCESS)
    assert PLAYED_KEPT <= len(sounder.played) <= 2 * PLAYED_KEPT
    assert sounder.played[-2:] == [Sound.SUCCESS, Sound.PROBLEM]
