"""The page furniture of the reports: a Letter page with a running footer, shaped text in every script,
the "at a glance" figure boxes, section titles, bar charts and the haves-and-needs matrix.

Every string goes through HarfBuzz shaping with the bundled Noto fonts (kiosk.core.badges), wrapped and
drawn by the helpers of kiosk.core.exports.contributions: a name or a note in Farsi, Khmer or Chinese
prints as written and copies back out of the PDF as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.badges.fonts import font_book
from kiosk.core.badges.shaping import ShapedLine, shape
from kiosk.core.exports.contributions import _rtl, draw_line, wrap
from kiosk.core.exports.files import write_bytes

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PAGE = (612.0, 792.0)
"""US Letter, portrait: what a state office prints and mails."""
MARGIN = 54.0
FOOTER_GAP = 12.0
"""Points kept clear between the running footer and the page number."""
NAVY = "#17324d"
TEAL = "#0f766e"
GOLD = "#d97706"
INK = "#111827"
MUTED = "#4b5563"
RULE = "#cbd5e1"
PANEL = "#eef2f7"
BASELINE = 1.0
"""A wrapped line's baseline under its top, in ems: the same for every script, so notes in Farsi, Chinese
and English sit alike in their boxes (the leading leaves room for taller scripts)."""
TITLE_SIZES = (28.0, 24.0, 20.0)
"""The cover title's sizes, largest first: the first at which it fits three lines is used."""
ACCENTS = ("#17324d", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#0369a1")
HAVE = "#0f766e"
NEED = "#b45309"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


class Report:
    """One PDF being written, top to bottom: `y` is where the next thing goes."""

    def __init__(self, path: Path, title: str, footer: str) -> None:
        from reportlab.pdfgen.canvas import Canvas

        self.book = font_book()
        self.path = path
        self.canvas: Canvas = Canvas(str(path), pagesize=PAGE, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Convening Kiosk")
        self.canvas.setCreator("Convening Kiosk")
        self.footer = footer
        self.pages = 0
        self.width, self.height = PAGE
        self.inner = self.width - 2 * MARGIN
        self.y = self.height - MARGIN
        self._started = False

    # -- pages -------------------------------------------------------------------------------------

    def new_page(self) -> None:
        if self._started:
            self._finish_page()
        self._started = True
        self.pages += 1
        self.y = self.height - MARGIN

    def _finish_page(self) -> None:
        c = self.canvas
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, MARGIN - 14, self.width - MARGIN, MARGIN - 14)
        number = self.line(f"{self.pages}", 8, self.width - MARGIN, MARGIN - 26, colour=MUTED, align="right")
        # A long event name shrinks the footer rather than run under the page number and off the rule.
        self.line(self.footer, 8, MARGIN, MARGIN - 26, colour=MUTED, max_width=self.inner - number - FOOTER_GAP)
        c.showPage()

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` points still fit above the footer."""
        if self.y - height < MARGIN:
            self.new_page()

    def save(self) -> int:
        """Write the PDF whole, or leave the file there was (kiosk.core.exports.files); returns its pages."""
        self._finish_page()
        write_bytes(self.path, self.canvas.getpdfdata())
        return self.pages

    # -- text --------------------------------------------------------------------------------------

    def shaped(self, text: str, bold: bool = False) -> ShapedLine:
        return shape(self.book, text, bold)

    def line(
        self, text: str, size: float, x: float, baseline: float, bold: bool = False, colour: str = INK,
        align: str = "left", max_width: float | None = None,
    ) -> float:  # fmt: skip
        """One line at `size` (shrunk to `max_width` if given), aligned on `x`; returns its width."""
        shaped = self.shaped(text, bold)
        if max_width is not None and shaped.width * size > max_width:
            size = max(4.0, max_width / max(shaped.width, 0.01))
        width = shaped.width * size
        left = x - width if align == "right" else x - width / 2 if align == "center" else x
        self.canvas.setFillColor(colour)
        draw_line(self.canvas, self.book, shaped, size, left, baseline)
        return width

    def lines(self, text: str, size: float, width: float, bold: bool = False, limit: int = 0) -> list[ShapedLine]:
        """`text` wrapped to `width` points; with `limit`, at most that many lines, the last ending in '…'."""
        out = wrap(self.book, text, width / size, bold)
        if limit and len(out) > limit:
            last = out[limit - 1].text
            while last and self.shaped(last + "…", bold).width * size > width:
                last = last[:-1]
            out = [*out[: limit - 1], self.shaped(last.rstrip() + "…", bold)]
        return out

    def paragraph(
        self, text: str, size: float, x: float, top: float, width: float, bold: bool = False, colour: str = INK,
        leading: float = 1.3, limit: int = 0,
    ) -> float:  # fmt: skip
        """Wrapped text from `top` down; right-aligned when it is right-to-left. Returns the y under it."""
        rtl = _rtl(text)
        y = top
        self.canvas.setFillColor(colour)
        for shaped in self.lines(text, size, width, bold, limit):
            baseline = y - BASELINE * size
            left = x + width - shaped.width * size if rtl else x
            draw_line(self.canvas, self.book, shaped, size, left, baseline)
            y -= size * leading
        return y

    def height_of(self, text: str, size: float, width: float, leading: float = 1.3, limit: int = 0) -> float:
        return len(self.lines(text, size, width, limit=limit)) * size * leading

    # -- furniture ---------------------------------------------------------------------------------

    def title_band(self, kicker: str, title: str, subtitle: str, height: float = 232.0) -> None:
        """The cover's dark band: a small line above, the title, a line under."""
        c = self.canvas
        c.setFillColor(NAVY)
        c.rect(0, self.height - height, self.width, height, stroke=0, fill=1)
        c.setFillColor(GOLD)
        c.rect(0, self.height - height - 6, self.width, 6, stroke=0, fill=1)
        top = self.height - 70
        self.line(kicker.upper(), 10.5, MARGIN, top, bold=True, colour="#fcd34d", max_width=self.inner)
        # A long name is set smaller to fit its three lines whole; only past the smallest size is it cut.
        size = next((s for s in TITLE_SIZES if len(self.lines(title, s, self.inner, bold=True)) <= 3), TITLE_SIZES[-1])
        y = self.paragraph(title, size, MARGIN, top - 18, self.inner, bold=True, colour="#ffffff", leading=1.2,
                           limit=3)  # fmt: skip
        self.paragraph(subtitle, 12, MARGIN, y - 8, self.inner, colour="#dbeafe", limit=2)
        self.y = self.height - height - 6 - 34

    def section(self, title: str, lead: str = "") -> None:
        """A section title with a rule, and a sentence under it."""
        self.ensure(80)
        self.line(title, 18, MARGIN, self.y - 16, bold=True, colour=NAVY)
        self.canvas.setStrokeColor(GOLD)
        self.canvas.setLineWidth(2)
        self.canvas.line(MARGIN, self.y - 24, MARGIN + 48, self.y - 24)
        self.y -= 34
        if lead:
            self.y = self.paragraph(lead, 10, MARGIN, self.y, self.inner, colour=MUTED) - 6

    def subheading(self, title: str, detail: str = "") -> None:
        self.line(title, 12, MARGIN, self.y - 11, bold=True, colour=INK)
        if detail:
            self.line(detail, 9, self.width - MARGIN, self.y - 11, colour=MUTED, align="right")
        self.y -= 22

    def glance(self, figures: Sequence[tuple[int, str]], columns: int = 3, box_height: float = 92.0) -> None:
        """Big numbers in boxes, `columns` to a row, each with its words under it."""
        gap = 12.0
        width = (self.inner - gap * (columns - 1)) / columns
        for start in range(0, len(figures), columns):
            self.ensure(box_height + gap)
            for index, (value, label) in enumerate(figures[start : start + columns]):
                left = MARGIN + index * (width + gap)
                bottom = self.y - box_height
                c = self.canvas
                c.setFillColor(PANEL)
                c.roundRect(left, bottom, width, box_height, 6, stroke=0, fill=1)
                c.setFillColor(ACCENTS[(start + index) % len(ACCENTS)])
                c.rect(left, bottom, 5, box_height, stroke=0, fill=1)
                size = 30 if box_height >= 80 else 20
                self.line(f"{value:,}", size, left + 16, self.y - 12 - size * 0.8, bold=True, colour=NAVY,
                          max_width=width - 24)  # fmt: skip
                self.paragraph(label, 9.5 if box_height >= 80 else 8.5, left + 16, self.y - 18 - size, width - 26,
                               colour=INK, leading=1.2, limit=2)  # fmt: skip
            self.y -= box_height + gap

    def hbars(self, bars: Sequence[Bar], colour: str = TEAL, label_width: float = 170.0, pitch: float = 17.0) -> None:
        """A horizontal bar chart: a label, a bar in proportion to the largest, the value at its end."""
        top = max((b.value for b in bars), default=0) or 1
        span = self.inner - label_width - 46
        for bar in bars:
            self.ensure(pitch)
            baseline = self.y - pitch * 0.72
            self.line(bar.label, 9, MARGIN + label_width - 8, baseline, colour=INK, align="right",
                      max_width=label_width - 8)  # fmt: skip
            length = span * bar.value / top
            self.canvas.setFillColor(colour)
            self.canvas.rect(MARGIN + label_width, self.y - pitch + 4, max(length, 0.8), pitch - 6, stroke=0, fill=1)
            self.line(f"{bar.value:,}", 9, MARGIN + label_width + length + 5, baseline, bold=True, colour=INK)
            self.y -= pitch

    def vbars(self, bars: Sequence[Bar], height: float = 170.0, colour: str = NAVY, every: int = 4) -> None:
        """A column chart with a scale: `every`-th column labelled under the axis."""
        self.ensure(height + 40)
        c = self.canvas
        axis_left = MARGIN + 34
        bottom = self.y - height
        top_value = max((b.value for b in bars), default=0)
        step = _nice_step(top_value)
        scale_top = max(step, -(-top_value // step) * step)
        c.setLineWidth(0.4)
        for tick in range(0, scale_top + 1, step):
            y = bottom + height * tick / scale_top
            c.setStrokeColor(RULE)
            c.line(axis_left, y, self.width - MARGIN, y)
            self.line(f"{tick:,}", 7.5, axis_left - 5, y - 2.5, colour=MUTED, align="right")
        if bars:
            slot = (self.width - MARGIN - axis_left) / len(bars)
            c.setFillColor(colour)
            for index, bar in enumerate(bars):
                h = height * bar.value / scale_top
                c.rect(axis_left + index * slot + slot * 0.12, bottom, slot * 0.76, h, stroke=0, fill=1)
            for index, bar in enumerate(bars):
                if index % every == 0:
                    self.line(bar.label, 7.5, axis_left + index * slot + slot / 2, bottom - 11, colour=MUTED,
                              align="center")  # fmt: skip
        self.y = bottom - 24

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              numeric: frozenset[int] = frozenset(), size: float = 8.5, total: bool = False) -> None:  # fmt: skip
        """A ruled table that continues on the next page under its header again; with `total`, its last row
        is in bold."""
        pitch = size * 2.1
        # The header's size: the largest (up to the body's) at which each of its words fits its column.
        small = min(
            [size] + [(width - 8) / self.shaped(word, True).width
                      for text, width in zip(header, widths, strict=True) for word in text.split()]
        )  # fmt: skip

        def head() -> None:
            height = small * 3.4
            self.canvas.setFillColor(NAVY)
            self.canvas.rect(MARGIN, self.y - height, sum(widths), height, stroke=0, fill=1)
            x = MARGIN
            for index, (text, width) in enumerate(zip(header, widths, strict=True)):
                shaped = self.lines(text, small, width - 8, bold=True, limit=2)
                for n, one in enumerate(shaped):
                    baseline = self.y - small * (1.35 + 1.15 * n) - (small * 0.55 if len(shaped) == 1 else 0)
                    right = index in numeric
                    left = x + width - 4 - one.width * small if right else x + 4
                    self.canvas.setFillColor("#ffffff")
                    draw_line(self.canvas, self.book, one, small, left, baseline)
                x += width
            self.y -= height

        self.ensure(pitch * 4)
        head()
        for number, row in enumerate(rows):
            if self.y - pitch < MARGIN:
                self.new_page()
                head()
            if number % 2:
                self.canvas.setFillColor(PANEL)
                self.canvas.rect(MARGIN, self.y - pitch, sum(widths), pitch, stroke=0, fill=1)
            bold = total and number == len(rows) - 1
            self._row(row, widths, numeric, size, INK, bold=bold)
        self.y -= 10

    def _row(self, cells: Sequence[str], widths: Sequence[float], numeric: frozenset[int], size: float, colour: str,
             bold: bool = False) -> None:  # fmt: skip
        pitch = size * 2.1
        x = MARGIN
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            baseline = self.y - pitch * 0.66
            if index in numeric:
                self.line(cell, size, x + width - 5, baseline, bold, colour, "right", width - 8)
            else:
                self.line(cell, size, x + 5, baseline, bold, colour, "left", width - 8)
            x += width
        self.y -= pitch


def _nice_step(top: int) -> int:
    """A round step giving four to eight gridlines up to `top`."""
    step = 1
    while top / step > 8:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 8:
                break
    return step


def long_date(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def short_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def generated_line(station: str, at: dt.datetime | None = None) -> str:
    """The footer's source line: the station, and when (now), in the venue's time with its zone, as the desk
    and the dashboard tell times ("6:24 AM PST"), whatever zone this laptop is set to."""
    from kiosk.core.services.desk import event_zone

    now = (at or dt.datetime.now(dt.UTC)).astimezone(event_zone())
    clock = f"{now.hour % 12 or 12}:{now.minute:02d} {'AM' if now.hour < 12 else 'PM'} {now:%Z}".rstrip()
    return f"Convening Kiosk · from the data of station {station} · {now:%B} {now.day}, {now.year}, {clock}"
