"""Plain text that wraps whatever the script. QLabel's word wrap breaks lines only where the text allows it
(at spaces, between CJK characters), so one Khmer, Lao or Burmese sentence (written without spaces) or one
long URL is a single "word" as wide as itself, and sets the label's, and the window's, minimum width.

A WrapLabel lays its text out with QTextLayout and QTextOption.WrapAtWordBoundaryOrAnywhere: between words
where it can and, where a word is wider than the label, between shaped clusters. QTextLayout never breaks
inside a cluster HarfBuzz shaped (a Khmer consonant keeps its subscript and vowels), and every cut made here
to fit a line limit is where QTextLayout itself ended a line, so no cut leaves a mark without its letter.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QStyle

ELLIPSIS = "…"
LINE_SEPARATOR = "\u2028"
WORD_CHARACTERS = 24
"""A run longer than this with no break opportunity is not a word but a phrase in a script written without
spaces (or a URL): it breaks between clusters anyway, so a smaller font need not try to keep it whole."""
SIZE_STEP = 2
"""Pixels a fitting label's font shrinks by at a time."""
HINT_LETTERS = 24
"""A label's preferred width at most, in letters (ems): it wraps to whatever width its layout gives it."""


@dataclass(frozen=True)
class Fit:
    """How a label's text is set at one width: in which font, the whole text or its start and an ellipsis."""

    text: str
    font: QFont
    layout: QTextLayout
    height: int
    lines: int
    elided: bool


def pixel_size(font: QFont) -> int:
    """The font's size in pixels (the style sheets give pixels; a point size is converted)."""
    return font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()


def paragraphs(text: str) -> str:
    """`text` with its line breaks as QTextLayout takes them (U+2028; it draws a newline as a box)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", LINE_SEPARATOR)


def lay_out(text: str, font: QFont, width: float, option: QTextOption) -> QTextLayout:
    """`text` (its line breaks as `paragraphs` gives them) set in lines no wider than `width`, from (0, 0)."""
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def text_direction(text: str) -> Qt.LayoutDirection:
    """Right to left if the first letter with a direction is Arabic or Hebrew script (as QString does)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            break
    return Qt.LayoutDirection.LeftToRight


def widest_word(text: str, font: QFont) -> float:
    """The width of the widest word of `text` (a run between line break opportunities, UAX #14), leaving
    out runs too long to be a word (WORD_CHARACTERS). One layout, a word a line: one shaping of the text."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout = lay_out(text, font, 1, option)
    lines = (layout.lineAt(i) for i in range(layout.lineCount()))
    return max((line.naturalTextWidth() for line in lines if line.textLength() <= WORD_CHARACTERS), default=0.0)


class WrapLabel(QLabel):
    """A plain-text label (never markup) that wraps whatever the script, so it never makes its window wider
    than the screen. It shows at most `max_lines` lines and `max_height` pixels of text (0: no limit), the
    last line ending in "…" when the text is longer (or, if not `elide`, the whole text, over the limits);
    with `smallest` (pixels) it first tries smaller fonts, down to that size, to show the text whole, within
    the limits, and its words unbroken. It never sets its text larger than the style sheet's font size, nor
    than `largest` (pixels) when that is given (to match its neighbours)."""

    def __init__(self, name: str, text: str = "", max_lines: int = 0, smallest: int = 0, elide: bool = True) -> None:
        super().__init__()
        self.elide = elide
        self.max_lines = max_lines
        self.max_height = 0
        self.smallest = smallest
        self.largest = 0
        self._fits: dict[tuple[object, ...], Fit] = {}
        """By width, font, largest size and limits; forgotten when the text changes."""
        self._one_line: dict[tuple[str, int], int] = {}
        self._widest_word: dict[tuple[str, int], float] = {}
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(text)

    # -- what it shows -------------------------------------------------------------------------------

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)
        self._forget()

    def set_limits(self, max_lines: int | None = None, max_height: int | None = None) -> None:
        """Show at most this many lines, or pixels of text (0: no limit; None: leave as it is)."""
        lines = self.max_lines if max_lines is None else max_lines
        height = self.max_height if max_height is None else max_height
        if (lines, height) != (self.max_lines, self.max_height):
            self.max_lines, self.max_height = lines, height
            self._resized()

    def set_largest(self, size: int) -> None:
        """Never larger than `size` pixels (0: the style sheet's size)."""
        if size != self.largest:
            self.largest = size
            self._resized()

    def shown_text(self) -> str:
        """The text as it is drawn at the label's width: the whole text, or its start and an ellipsis."""
        return self.fit(self.contentsRect().width()).text.replace(LINE_SEPARATOR, "\n")

    def fit(self, width: int) -> Fit:
        """How the text is set in `width` pixels (the label's contents, without its frame or padding)."""
        return self._cached(max(width, 1), self.largest)

    def best_size(self, width: int) -> int:
        """The font size (pixels) the text would take in `width` with no `largest` to match."""
        return self._cached(max(width, 1), 0).font.pixelSize()

    def _cached(self, width: int, cap: int) -> Fit:
        font = self.font()  # the style sheet's, which can change when the label is polished
        largest = min(cap, pixel_size(font)) if cap else pixel_size(font)
        key = (width, largest, self.max_lines, self.max_height, self.alignment().value, font.key())
        fit = self._fits.get(key)
        if fit is None:
            if len(self._fits) > 64:
                self._fits.clear()
            fit = self._fits[key] = self._fit(width, largest)
        return fit

    def _option(self) -> QTextOption:
        """Wrapping anywhere a word does not fit; aligned as QLabel aligns plain text: a note in Farsi reads
        right to left, from the right edge."""
        direction = text_direction(self.text())
        horizontal = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        option = QTextOption(QStyle.visualAlignment(direction, horizontal))
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(direction)
        return option

    def _font(self, size: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(size)
        return font

    def _set(self, text: str, size: int, width: int, option: QTextOption, elided: bool = False) -> Fit:
        font = self._font(size)
        layout = lay_out(text, font, width, option)
        lines = layout.lineCount()
        height = math.ceil(layout.lineAt(lines - 1).rect().bottom()) if lines else 0
        return Fit(text, font, layout, height, lines, elided)

    def _exceeds(self, lines: int, height: float) -> bool:
        """More lines, or a taller text, than the label may show."""
        too_many = 0 < self.max_lines < lines
        too_tall = 0 < self.max_height < height
        return too_many or too_tall

    def _fit(self, width: int, largest: int) -> Fit:
        """The largest size (in SIZE_STEP steps) at which the text is whole and its words unbroken; else the
        largest at which it is whole; else the smallest, cut short with an ellipsis (or whole, over the limits,
        if it may not be cut). Sizes are tried by halving (a smaller font never needs more lines)."""
        text, option = paragraphs(self.text()), self._option()
        smallest = min(self.smallest, largest) if self.smallest else largest
        sizes = list(range(largest, smallest - 1, -SIZE_STEP))
        tried: dict[int, Fit] = {}

        def whole(size: int) -> bool:
            if size not in tried:
                tried[size] = self._set(text, size, width, option)
            return not self._exceeds(tried[size].lines, tried[size].height)

        widest = self._widest(largest) / largest if len(sizes) > 1 else 0.0  # a word's width per pixel of size
        unbroken = [size for size in sizes if widest * size <= width]
        for candidates in (unbroken, sizes):
            found = _first(candidates, whole)
            if found is not None:
                return tried[found]
        whole(sizes[-1])
        return self._elide(tried[sizes[-1]], width, option) if self.elide else tried[sizes[-1]]

    def _elide(self, full: Fit, width: int, option: QTextOption) -> Fit:
        """The lines that fit, the last cut where QTextLayout ends a line narrower by an ellipsis."""
        text, size = full.text, full.font.pixelSize()
        keep = 1
        while keep < full.lines and not self._exceeds(keep + 1, full.layout.lineAt(keep).rect().bottom()):
            keep += 1
        start = full.layout.lineAt(keep - 1).textStart()
        ellipsis = math.ceil(QFontMetricsF(full.font).horizontalAdvance(ELLIPSIS))
        room = width - ellipsis
        while True:
            rest = lay_out(text[start:], full.font, max(room, 1), option)
            kept = text[start : start + rest.lineAt(0).textLength()].rstrip() if rest.lineCount() else ""
            fit = self._set(text[:start] + kept + ELLIPSIS, size, width, option, elided=True)
            if fit.lines <= keep or room <= 1:
                return fit
            room -= ellipsis  # the ellipsis spilled onto a line of its own: cut the last line shorter

    def _widest(self, size: int) -> float:
        key = (self.font().key(), size)
        if key not in self._widest_word:
            self._widest_word[key] = widest_word(paragraphs(self.text()), self._font(size))
        return self._widest_word[key]

    def _natural(self, size: int, letters: int) -> int:
        """The width of the text's first line unwrapped, up to `letters` letters of `size` pixels (a long
        note's is not measured whole: a hint does not need it)."""
        key = (self.font().key(), size)
        if key not in self._one_line:
            line = self.text().split("\n")[0][: HINT_LETTERS * 3]  # enough to fill that many ems
            self._one_line[key] = math.ceil(QFontMetricsF(self._font(size)).horizontalAdvance(line))
        return min(self._one_line[key], letters * size)

    # -- size and drawing ----------------------------------------------------------------------------

    def _frame(self) -> QSize:
        """The frame, border and padding around the text (from the style sheet)."""
        return self.size() - self.contentsRect().size()

    def heightForWidth(self, width: int) -> int:
        frame = self._frame()
        return self.fit(width - frame.width()).height + frame.height()

    def sizeHint(self) -> QSize:
        """As wide as the text on one line, up to HINT_LETTERS; one line high (layouts ask heightForWidth)."""
        return self._hint(HINT_LETTERS)

    def minimumSizeHint(self) -> QSize:
        """Four letters wide (a narrower label wraps more, it does not overflow) and one line high."""
        return self._hint(4)

    def _hint(self, letters: int) -> QSize:
        frame, size = self._frame(), pixel_size(self.font())
        width = max(1, self._natural(size, letters))
        return QSize(width + frame.width(), math.ceil(QFontMetricsF(self.font()).height()) + frame.height())

    def _forget(self) -> None:
        """The text changed: every measure is out of date."""
        if hasattr(self, "_fits"):  # QLabel's constructor can call setText before ours has run
            self._fits.clear()
            self._one_line.clear()
            self._widest_word.clear()
        self._resized()

    def _resized(self) -> None:
        self.updateGeometry()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        QFrame.paintEvent(self, event)  # the border the style sheet gives it (a column heading's colour bar)
        box = self.contentsRect()
        fit = self.fit(box.width())
        y = float(box.top())
        vertical = self.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
        if vertical & Qt.AlignmentFlag.AlignBottom:
            y = float(box.bottom() + 1 - fit.height)
        elif vertical & Qt.AlignmentFlag.AlignVCenter:
            y += (box.height() - fit.height) / 2
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setClipRect(box)
        fit.layout.draw(painter, QPointF(box.left(), y))


def _first(sizes: list[int], ok: Callable[[int], bool]) -> int | None:
    """The first of `sizes` (largest first) that is `ok`, by halving: those before it are not, those after
    it are too."""
    low, high = 0, len(sizes)
    while low < high:
        middle = (low + high) // 2
        if ok(sizes[middle]):
            high = middle
        else:
            low = middle + 1
    return sizes[low] if low < len(sizes) else None


__all__ = ["ELLIPSIS", "Fit", "WrapLabel", "lay_out", "paragraphs", "text_direction", "widest_word"]
