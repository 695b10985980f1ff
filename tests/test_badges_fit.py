"""Text that always fits: shrink to fit, then two lines, never past the box, measured with shaped widths."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.badges import fit_text, font_book
from kiosk.core.badges.fit import FLOOR

WIDTH, HEIGHT = 254.0, 60.0  # the avery-5392 name box, in points


def _inside(fit, width: float = WIDTH, height: float = HEIGHT) -> bool:
    return fit.width <= width + 0.01 and fit.height <= height + 0.01


def test_a_short_name_is_set_at_the_largest_size() -> None:
    fit = fit_text(font_book(), "Li", WIDTH, 80, 46, 16, bold=True)
    assert fit.size == 46 and len(fit.lines) == 1 and not fit.too_small


def test_a_long_name_shrinks_then_wraps_to_two_lines_and_never_leaves_its_box() -> None:
    name = "María de los Ángeles Guadalupe Hernández-Villanueva de la Cruz Santillán"
    fit = fit_text(font_book(), name, WIDTH, HEIGHT, 46, 10, bold=True)
    assert len(fit.lines) == 2
    assert _inside(fit)
    one_line = fit_text(font_book(), name, WIDTH, HEIGHT, 46, 10, bold=True, max_lines=1)
    assert fit.size > one_line.size
    assert " ".join(line.text for line in fit.lines) == name


def test_a_name_under_the_minimum_size_is_reported_but_still_fits() -> None:
    fit = fit_text(font_book(), "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen",
                   WIDTH, HEIGHT, 46, 16, bold=True)  # fmt: skip
    assert fit.too_small and _inside(fit)


def test_chinese_without_spaces_may_break_between_ideographs() -> None:
    fit = fit_text(font_book(), "華人服務中心社區發展協會聯合會", 120, 40, 30, 14, bold=True)
    assert len(fit.lines) == 2 and _inside(fit, 120, 40)


def test_text_that_cannot_fit_even_at_the_floor_is_cut_with_an_ellipsis() -> None:
    fit = fit_text(font_book(), "word " * 400, 60, 10, 12, 6)
    assert fit.cut and fit.size == FLOOR
    assert all(line.text.endswith("…") for line in fit.lines)
    assert _inside(fit, 60, 10)


@settings(max_examples=60)
@given(st.text(min_size=1, max_size=120), st.sampled_from([(254.0, 60.0, 46.0), (150.0, 14.0, 11.0)]))
def test_any_text_fits_its_box_or_is_reported(text: str, box: tuple[float, float, float]) -> None:
    width, height, size = box
    fit = fit_text(font_book(), text, width, height, size, 6, bold=True)
    assert _inside(fit, width, height)
    assert fit.size <= size
    if fit.size < 6:
        assert fit.too_small


def test_a_sequence_python_bidi_trips_on_still_fits_its_box() -> None:
    # Found by hypothesis: python-bidi's rules assert on an Arabic semicolon before a Gunjala Gondi digit.
    fit = fit_text(font_book(), "؛\U00011daa", 254.0, 60.0, 46.0, 6, bold=True)
    assert fit.lines
