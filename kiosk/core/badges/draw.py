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
from kiosk.core.badges.shaping import HEX_DIGIT_EM, HEX_PAD_EM, Run, ShapedLine
from kiosk.core.badges.templates import Template, TextBox

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
        code.append(_glyph_ops(canvas, run, size, pen, baseline))
        pen += run.width * size
    code.append("EMC")


def _glyph_ops(canvas: Canvas, run: Run, size: float, x: float, baseline: float) -> str:
    """The PDF text operators that place each glyph of `run` where HarfBuzz put it: what ReportLab's text
    object writes for setTextOrigin and textOut per glyph, without its per-glyph width measuring and
    number formatting (pure Python without its C accelerator: most of a badge's time)."""
    assert run.face is not None
    font = run.face.rl
    doc = canvas._doc  # type: ignore[attr-defined]
    glyphs = run.glyphs
    ops = ["BT"]
    i = 0
    # The subset encoding is ReportLab's own (per document): splitString assigns codes and records which
    # glyphs each subset embeds, exactly as textOut would.
    for subset, data in font.splitString("".join(g.char for g in glyphs), doc):
        ops.append(f"{font.getSubsetInternalName(subset, doc)} {size:.4f} Tf")
        for byte in data:
            glyph = glyphs[i]
            i += 1
            left, rise = x + (glyph.x + glyph.dx) * size, baseline + glyph.dy * size
            ops.append(f"1 0 0 1 {left:.3f} {rise:.3f} Tm ({_ESCAPED[byte]}) Tj")
    ops.append("ET")
    return "\n".join(ops)


_ESCAPED = [f"\\{c:03o}" if c < 32 or c >= 127 else "\\" + chr(c) if chr(c) in "\\()" else chr(c) for c in range(256)]


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


@dataclass(frozen=True)
class Placed:
    """One text of a badge as laid out: its fit in its box (mm from the badge's top-left corner)."""

    field: str
    """"role" for the band's label, else a key of `Template.text`."""
    fit: Fit
    box: TextBox
    align: str

    def origins(self, left: float = 0.0, top: float = 0.0) -> list[tuple[float, float]]:
        """Each line's pen start and baseline in points, with the badge's top-left corner at (`left`, `top`)
        (PDF coordinates, y up): the block of lines centred vertically in the box, each line's room (ink
        included) aligned in it."""
        box, fit = self.box, self.fit
        x0, width = left + box.x * mm, box.width * mm
        y = top - box.y * mm - (box.height * mm - fit.height) / 2
        out: list[tuple[float, float]] = []
        for line in fit.lines:
            baseline = y - line.ascent * fit.size
            spare = width - line.extent * fit.size
            shift = spare / 2 if self.align == "center" else spare if self.align == "right" else 0.0
            out.append((x0 + shift - line.left * fit.size, baseline))
            y = baseline - line.descent * fit.size
        return out


def place_fit(canvas: Canvas, book: FontBook, placed: Placed, left: float, top: float) -> None:
    """Draw a laid-out text with the badge's top-left corner at (`left`, `top`) points."""
    for line, (x, baseline) in zip(placed.fit.lines, placed.origins(left, top), strict=True):
        draw_line(canvas, book, line, placed.fit.size, x, baseline)


def layout_badge(book: FontBook, template: Template, face: BadgeFace) -> tuple[list[Placed], list[Problem]]:
    """Every text of `face` fitted to its box on `template` (the role label first), and the problems to
    report. Drawing follows this layout exactly, so tests can check it: text never leaves its box."""
    problems: list[Problem] = []
    placed: list[Placed] = []
    name = face.name

    def add(field: str, text: str, box: TextBox, align: str, lang: str = "") -> None:
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
        placed.append(Placed(field, fit, box, align))

    band = template.band
    label_box = TextBox(band.x + 2, band.y, band.width - 4, band.height, band.label_size, band.min_size, bold=True)
    add("role", face.band.label, label_box, "center")
    texts = {
        "event": face.event,
        "name": face.greeting,
        "last_name": face.last_name,
        "pronouns": face.pronouns,
        "organization": face.organization,
        "languages": face.languages,
    }
    for field, text in texts.items():
        if text.strip():
            box = template.text[field]
            add(field, text, box, box.align, face.name_lang if field in ("name", "last_name") else "")
    return placed, problems


def draw_badge(
    canvas: Canvas, book: FontBook, template: Template, face: BadgeFace, left: float, top: float
) -> list[Problem]:
    """Draw `face` with its top-left corner at (`left`, `top`) points (PDF coordinates, y up)."""
    placed, problems = layout_badge(book, template, face)
    band = template.band
    canvas.saveState()
    canvas.setFillColorRGB(*face.band.color)
    canvas.rect(left + band.x * mm, top - (band.y + band.height) * mm, band.width * mm, band.height * mm, 0, 1)
    canvas.restoreState()
    for text in placed:
        canvas.setFillColorRGB(*(face.band.text_color if text.field == "role" else COLORS[text.box.color]))
        place_fit(canvas, book, text, left, top)
    draw_qr(canvas, face.payload, left + template.qr.x * mm, top - template.qr.y * mm, template.qr.size * mm)
    return problems


def draw_qr(canvas: Canvas, payload: str, left: float, top: float, size: float) -> None:
    """The QR code as black rectangles (one per horizontal stretch of dark modules), `size` points square
    with its 4-module quiet zone inside. The path is written in module units under a scaling transform,
    so each rectangle is four small integers rather than four formatted floats."""
    matrix = qr_matrix(payload)
    module = size / (len(matrix) + 8)
    ops: list[str] = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            start = row.find(1, x)
            if start < 0:
                break
            end = row.find(0, start)
            x = width if end < 0 else end
            ops.append(f"{start} {y} {x - start} 1 re")
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(module, 0, 0, -module, left + 4 * module, top - 4 * module)
    code: list[str] = canvas._code  # type: ignore[attr-defined]
    code.append("\n".join(ops))
    code.append("f")
    canvas.restoreState()
