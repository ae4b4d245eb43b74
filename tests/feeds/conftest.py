"""Where the sample feeds live: copies of the shared HL7 fixtures, quirks and all."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples" / "hl7"


@pytest.fixture
def samples() -> Path:
    """The folder of sample HL7 files."""
    return SAMPLES
