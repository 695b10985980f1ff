"""Badges onto pages: a batch in order (by last name or organization), starting at any position of a
partly used sheet, and a calibration page per stock to measure a printer's offset."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.core.badges.design import MUTED, BadgeFace
from kiosk.core.badges.draw import Problem, draw_badge
from kiosk.core.badges.fonts import FontBook, font_book
from kiosk.core.badges.templates import Template
from kiosk.core.text import fold

SORTS = ("last-name", "organization", "none")

# As in ticket_sheets: ReportLab would spell every page's stream in ASCII85, in pure Python (about 17 ms a
# sheet of six badges, and 25% bigger). Binary streams are fine for every PDF reader and printer driver.
rl_config.useA85 = 0


@dataclass
class BadgeRun:
    """What a batch produced: counts and the problems to look at."""

    template: str
    badges: int = 0
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)


def sort_faces(faces: Iterable[BadgeFace], by: str = "last-name") -> list[BadgeFace]:
    """Badges in the order they will be handed out: by last name, or by organization then last name."""
    if by == "last-name":
        return sorted(faces, key=lambda f: (fold(f.sort_last), f.registrant_id))
    if by == "organization":
        return sorted(faces, key=lambda f: (fold(f.sort_organization) or "\uffff", fold(f.sort_last), f.registrant_id))
    return list(faces)


def _canvas(out: Path | BinaryIO, template: Template, title: str) -> Canvas:
    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(
        target,
        pagesize=(template.page_width * mm, template.page_height * mm),
        pageCompression=1,
        initialFontName=font_book().face("Noto Sans", False).rl_name,  # type: ignore[arg-type]  # stub says float
    )
    canvas.setTitle(title)
    canvas.setCreator("Convening Kiosk")
    return canvas


def render_badges(
    faces: list[BadgeFace],
    template: Template,
    out: Path | BinaryIO,
    *,
    start_at: int = 1,
    book: FontBook | None = None,
    progress: Callable[[int, int], None] | None = None,
    title: str = "Badges",
) -> BadgeRun:
    """Write a PDF of `faces` in the order given. `start_at` (1-based) skips the positions of a first sheet
    already used (Avery sheets come back with holes); it applies to the first page only."""
    if not 1 <= start_at <= template.per_page:
        raise ValueError(f"start_at must be between 1 and {template.per_page} for {template.name}")
    book = book or font_book()
    canvas = _canvas(out, template, title)
    run = BadgeRun(template.name)
    page_h = template.page_height * mm
    slot = start_at - 1
    for i, face in enumerate(faces):
        x, y = template.slot(slot)
        run.problems += draw_badge(canvas, book, template, face, x * mm, page_h - y * mm)
        run.badges += 1
        slot += 1
        if slot == template.per_page or i == len(faces) - 1:
            if template.cut_guides:
                _cut_guides(canvas, template)
            canvas.showPage()
            run.pages += 1
            slot = 0
        if progress:
            progress(i + 1, len(faces))
    if not faces:
        canvas.setFont(book.face("Noto Sans", False).rl_name, 10)
        canvas.drawString(10 * mm, page_h / 2, "No badges to print.")
        canvas.showPage()
        run.pages = 1
    canvas.save()
    return run


def render_badge(face: BadgeFace, template: Template, book: FontBook | None = None) -> tuple[bytes, list[Problem]]:
    """One badge as a PDF (first position of the stock's page), and its problems."""
    buffer = io.BytesIO()
    run = render_badges([face], template, buffer, book=book)
    return buffer.getvalue(), run.problems


def _cut_guides(canvas: Canvas, template: Template) -> None:
    """Short marks outside the badges at every cut, so a guillotine or scissors can follow them."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.4)
    page_h = template.page_height * mm
    xs = {template.slot(c)[0] for c in range(template.columns)}
    xs |= {template.slot(c)[0] + template.badge_width for c in range(template.columns)}
    ys = {template.slot(r * template.columns)[1] for r in range(template.rows)}
    ys |= {template.slot(r * template.columns)[1] + template.badge_height for r in range(template.rows)}
    for x in xs:
        for y in (0.0, template.page_height):
            canvas.line(x * mm, page_h - y * mm, x * mm, page_h - (y + (4 if y == 0 else -4)) * mm)
    for y in ys:
        for x in (0.0, template.page_width):
            canvas.line(x * mm, page_h - y * mm, (x + (4 if x == 0 else -4)) * mm, page_h - y * mm)
    canvas.setDash(2, 3)
    canvas.setStrokeColorRGB(0.8, 0.8, 0.8)
    canvas.setLineWidth(0.25)
    for x in xs:
        canvas.line(x * mm, 0, x * mm, page_h)
    for y in ys:
        canvas.line(0, page_h - y * mm, template.page_width * mm, page_h - y * mm)
    canvas.restoreState()


CALIBRATION_MARK_MM = 10.0
"""Each crosshair is drawn this far right of and below its badge's top-left corner."""


def render_calibration(template: Template, out: Path | BinaryIO, book: FontBook | None = None) -> None:
    """A page that shows where the printer really prints: every badge's outline, a crosshair 10 mm in from
    each badge's top-left corner and millimetre rulers. Measured off, the difference is the offset."""
    book = book or font_book()
    canvas = _canvas(out, template, f"Calibration: {template.name}")
    font = book.face("Noto Sans", False).rl_name
    bold = book.face("Noto Sans", True).rl_name
    page_h = template.page_height * mm
    small = template.badge_width < 80
    for slot in range(template.per_page):
        x, y = template.slot(slot)
        left, top = x * mm, page_h - y * mm
        canvas.setStrokeColorRGB(*MUTED)
        canvas.setLineWidth(0.3)
        canvas.setDash(1, 2)
        canvas.rect(left, top - template.badge_height * mm, template.badge_width * mm, template.badge_height * mm)
        canvas.setDash()
        cx, cy = left + CALIBRATION_MARK_MM * mm, top - CALIBRATION_MARK_MM * mm
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.25)
        canvas.line(cx - 6 * mm, cy, cx + 6 * mm, cy)
        canvas.line(cx, cy - 6 * mm, cx, cy + 6 * mm)
        canvas.circle(cx, cy, 2 * mm)
        # Rulers from the badge's top and left edges: 0 is where the edge should be.
        length = min(40.0, template.badge_width - 15)
        for i in range(int(length) + 1):
            tick = (3 if i % 10 == 0 else 2 if i % 5 == 0 else 1) * mm
            canvas.line(left + (15 + i) * mm, top, left + (15 + i) * mm, top - tick)
        height = min(40.0, template.badge_height - 15)
        for i in range(int(height) + 1):
            tick = (3 if i % 10 == 0 else 2 if i % 5 == 0 else 1) * mm
            canvas.line(left, top - (15 + i) * mm, left + tick, top - (15 + i) * mm)
        canvas.setFont(font, 6)
        for i in range(0, int(length) + 1, 10):
            canvas.drawCentredString(left + (15 + i) * mm, top - 5.5 * mm, f"{15 + i}")
        for i in range(0, int(height) + 1, 10):
            canvas.drawString(left + 4 * mm, top - (15 + i) * mm - 2, f"{15 + i}")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(bold, 7 if small else 9)
        tx, ty = left + 4 * mm, top - (min(60.0, template.badge_height - 18)) * mm
        lines = [
            f"{template.name}  position {slot + 1}",
            "The crosshair should sit 10 mm right of",
            "and 10 mm below this badge's corner.",
            "Measured 11.5 mm across? Set",
            "printer_offset.x to -1.5 (y: down).",
            f"Now: x {template.offset_x:+.1f} mm, y {template.offset_y:+.1f} mm",
        ]
        canvas.setFont(font, 6 if small else 7.5)
        for n, text in enumerate(lines):
            canvas.drawString(tx, ty - n * (8 if small else 10), text)
    canvas.showPage()
    canvas.save()
