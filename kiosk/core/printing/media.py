"""Which paper the spooler is asked for: a badge stock's page as a CUPS media name.

Standard sheets go by their names (Letter, A4...), so a driver picks the right tray; anything else is a
custom size in whole quarter inches when it is one (a 4 x 3 in fanfold badge is "Custom.4x3in"), else in
millimetres (a 62 x 100 mm Brother label is "Custom.62x100mm"). CUPS and most badge and label printer
drivers accept both forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.badges.templates import Template

NAMED_SIZES: dict[str, tuple[float, float]] = {
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
}
"""Portrait width and height in millimetres."""

TOLERANCE_MM = 0.5


def _quarter_inches(mm_value: float) -> float | None:
    quarters = mm_value / 25.4 * 4
    return round(quarters) / 4 if abs(quarters - round(quarters)) * 25.4 / 4 < 0.05 else None


def media_for_size(width_mm: float, height_mm: float) -> str:
    """The media name for a page of this size (width first, as the page is drawn)."""
    for name, (w, h) in NAMED_SIZES.items():
        if abs(w - width_mm) <= TOLERANCE_MM and abs(h - height_mm) <= TOLERANCE_MM:
            return name
    w_in, h_in = _quarter_inches(width_mm), _quarter_inches(height_mm)
    if w_in is not None and h_in is not None:
        return f"Custom.{w_in:g}x{h_in:g}in"
    return f"Custom.{width_mm:g}x{height_mm:g}mm"


def media_for(template: Template) -> str:
    """The media name for a badge stock's page."""
    return media_for_size(template.page_width, template.page_height)
