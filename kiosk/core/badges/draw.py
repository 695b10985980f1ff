"""Draw one badge onto a ReportLab canvas: role band, fitted text boxes, the QR code.

Shaped glyphs are placed one by one (HarfBuzz positions them, ReportLab subsets and embeds the fonts);
each line is wrapped in a marked-content span whose /ActualText is the line's text in logical order, so
copying or extracting text from the PDF gives the name as typed, in every script, not the glyph soup of
joined Arabic or reordered Devanagari.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.core.badges.design import ACCENT, INK, MUTED, BadgeFace
from kiosk.core.badges.fit import Fit, fit_text
from kiosk.core.badges.fonts import FontBook
from kiosk.core.badges.qr import qr_matrix
from kiosk.core.badges.shaping import HEX_DIGIT_EM, HEX_PAD_EM, ShapedLine
from kiosk.core.badges.templates import Box, Template, TextBox

COLORS = {"ink": INK, "muted": MUTED, "accent": ACCENT}


@dataclass(frozen=True)
class Problem:
    """Something on a badge staff should look at before printing it."""

    registrant_id: str
    name: str
    field: str
    kind: str
    """"missing_glyphs" (characters no bundled font has), "too_small" (under the box's minimum size) or
    "cut" (shortened with an ellipsis: not even the smallest size fits)."""
    detail: str


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas: Canvas, book: FontBook, line: ShapedLine, size: float, x: float, baseline: float) -> None:
    """Draw a shaped line with its left end at `x` (points) on `baseline`."""
    code: list[str] = canvas._code  # type: ignore[attr-defined]
    code.append(f"/Span <</ActualText {_actual_text(line.text)}>> BDC")
    pen = x
    for run in line.runs:
        if run.face is None:
            for ch in run.text:
                pen += _hex_box(canvas, book, ch, size, pen, baseline)
            continue
        text = canvas.beginText()
        text.setFont(run.face.rl_name, size)
        for glyph in run.glyphs:
            text.setTextOrigin(pen + (glyph.x + glyph.dx) * size, baseline + glyph.dy * size)
            text.textOut(glyph.char)
        canvas.drawText(text)
        pen += run.width * size
    code.append("EMC")


def _hex_box(canvas: Canvas, book: FontBook, ch: str, size: float, x: float, baseline: float) -> float:
    """A box holding the code point in hex, in two rows: visibly not a letter, and says which one it is."""
    if ch.isspace():
        return 0.3 * size
    digits = f"{ord(ch):04X}"
    half = -(-len(digits) // 2)
    width = (half * HEX_DIGIT_EM + HEX_PAD_EM) * size
    canvas.saveState()
    canvas.setLineWidth(max(0.3, size * 0.04))
    canvas.rect(x + 0.04 * size, baseline - 0.1 * size, width - 0.08 * size, 0.9 * size, stroke=1, fill=0)
    face = book.face(book.fallback[0], False)
    small = size * 0.36
    canvas.setFont(face.rl_name, small)
    for row, part in enumerate((digits[:half], digits[half:])):
        canvas.drawCentredString(x + width / 2, baseline + (0.43 - row * 0.4) * size, part)
    canvas.restoreState()
    return width


def place_fit(canvas: Canvas, book: FontBook, fit: Fit, box: Box, align: str, left: float, top: float) -> None:
    """Draw `fit` inside `box` (mm from the badge's corner at `left`, `top` in points, y up), the block of
    lines centred vertically and each line aligned as asked."""
    x0, width = left + box.x * mm, box.width * mm
    y_top = top - box.y * mm
    y = y_top - (box.height * mm - fit.height) / 2
    for line in fit.lines:
        ascent, descent = line.ascent * fit.size, line.descent * fit.size
        baseline = y - ascent
        line_width = line.width * fit.size
        if align == "center":
            x = x0 + (width - line_width) / 2
        elif align == "right":
            x = x0 + width - line_width
        else:
            x = x0
        draw_line(canvas, book, line, fit.size, x, baseline)
        y = baseline - descent


def draw_badge(
    canvas: Canvas, book: FontBook, template: Template, face: BadgeFace, left: float, top: float
) -> list[Problem]:
    """Draw `face` with its top-left corner at (`left`, `top`) points (PDF coordinates, y up)."""
    problems: list[Problem] = []
    name = " ".join(p for p in (face.greeting, face.last_name) if p)

    def fitted(field: str, text: str, box: TextBox, lang: str = "") -> Fit:
        fit = fit_text(
            book, text, box.width * mm, box.height * mm, box.max_size, box.min_size,
            bold=box.bold, lang=lang, max_lines=box.lines, direction="ltr" if field == "languages" else "auto",
        )  # fmt: skip
        missing = "".join(dict.fromkeys("".join(line.missing for line in fit.lines)))
        if missing:
            detail = ", ".join(f"U+{ord(ch):04X}" for ch in missing)
            problems.append(Problem(face.registrant_id, name, field, "missing_glyphs", detail))
        if fit.cut:
            problems.append(Problem(face.registrant_id, name, field, "cut", f"{text!r} does not fit even at 3 pt"))
        elif fit.too_small:
            detail = f"{fit.size:.1f} pt, under the {box.min_size:g} pt minimum"
            problems.append(Problem(face.registrant_id, name, field, "too_small", detail))
        return fit

    band = template.band
    canvas.saveState()
    canvas.setFillColorRGB(*face.band.color)
    canvas.rect(left + band.x * mm, top - (band.y + band.height) * mm, band.width * mm, band.height * mm, 0, 1)
    canvas.restoreState()
    label_box = TextBox(band.x + 2, band.y, band.width - 4, band.height, band.label_size, band.min_size, bold=True)
    label = fitted("role", face.band.label, label_box)
    canvas.setFillColorRGB(*face.band.text_color)
    place_fit(canvas, book, label, label_box, "center", left, top)

    texts = {
        "event": face.event,
        "name": face.greeting,
        "last_name": face.last_name,
        "pronouns": face.pronouns,
        "organization": face.organization,
        "languages": face.languages,
    }
    for field, text in texts.items():
        if not text.strip():
            continue
        box = template.text[field]
        fit = fitted(field, text, box, face.name_lang if field in ("name", "last_name") else "")
        canvas.setFillColorRGB(*COLORS[box.color])
        place_fit(canvas, book, fit, box, box.align, left, top)

    draw_qr(canvas, face.payload, left + template.qr.x * mm, top - template.qr.y * mm, template.qr.size * mm)
    return problems


def draw_qr(canvas: Canvas, payload: str, left: float, top: float, size: float) -> None:
    """The QR code as black rectangles (one per horizontal stretch of dark modules), `size` points square
    with its 4-module quiet zone inside."""
    matrix = qr_matrix(payload)
    module = size / (len(matrix) + 8)
    left, top = left + 4 * module, top - 4 * module
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                path.rect(left + start * module, top - (y + 1) * module, (x - start) * module, module)
            else:
                x += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
