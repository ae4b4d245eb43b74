"""The label font and its fitting rules; saving files whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.errors import Conflict, InvalidInput, Unavailable
from recordsdesk.printing.fonts import SANS, SANS_BOLD, find_font_file
from recordsdesk.printing.saving import save_document
from recordsdesk.printing.text import fit_text, text_width


@given(
    text=st.text(min_size=1, max_size=200).filter(lambda t: t.strip() != ""),
    width=st.floats(20, 400),
    font=st.sampled_from([SANS, SANS_BOLD]),
)
def test_fitted_text_fits_and_is_never_too_small(text: str, width: float, font: str) -> None:
    fitted = fit_text(text, font, width, 14, 6)
    assert text_width(fitted.text, font, fitted.size) <= width + 1e-6
    assert 6 <= fitted.size <= 14
    if fitted.shortened:
        assert fitted.size == 6
        assert fitted.text == "" or fitted.text.endswith("…")


def test_names_shrink_before_they_are_cut() -> None:
    name = "Nguyễn Thị Ánh"
    full = text_width(name, SANS_BOLD, 14)
    shrunk = fit_text(name, SANS_BOLD, full * 0.8, 14, 6)
    assert not shrunk.shortened and shrunk.text == name and shrunk.size < 14
    cut = fit_text(name, SANS_BOLD, full * 0.3, 14, 6)
    assert cut.shortened and cut.text.endswith("…") and name.startswith(cut.text[:-1])


def test_a_missing_font_file_is_named() -> None:
    with pytest.raises(Unavailable, match=r"NoSuchFace\.ttf"):
        find_font_file("NoSuchFace.ttf")
    assert find_font_file("NotoSans-Regular.ttf").is_file()


def test_save_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "labels.pdf"
    target.write_bytes(b"old")
    with pytest.raises(Conflict, match="exists already"):
        save_document(target, b"%PDF-new")
    assert target.read_bytes() == b"old"
    save_document(target, b"%PDF-new", force=True)
    assert target.read_bytes() == b"%PDF-new"
    assert list(tmp_path.iterdir()) == [target]


def test_a_failed_save_leaves_the_old_file_and_no_scraps(tmp_path: Path) -> None:
    target = tmp_path / "labels.pdf"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        save_document(target, "not bytes", force=True)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_saving_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        save_document(tmp_path / "nowhere" / "labels.pdf", b"x")
    assert not (tmp_path / "nowhere").exists()


def test_reportlab_runs_with_its_c_accelerator() -> None:
    from reportlab.lib import rl_accel

    # Without rl_accel these are the pure-Python fallbacks, several times slower.
    assert rl_accel.fp_str.__module__ == "_rl_accel"
    assert type(rl_accel.unicode2T1).__name__ == "builtin_function_or_method"
