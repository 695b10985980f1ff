"""Fit text in a box: the largest size that fits on one line, else two lines, measured with shaped widths.

A name shrinks until it fits; once one line would need a size under `wrap_below`, a break into two lines
is tried (at spaces and hyphens, or between ideographs) and kept if it allows a bigger size. The result
always fits its box: if that takes a size under `min_size` the fit says so (`too_small`), and the badge
reports it. Text that cannot fit even at `FLOOR` points is cut with an ellipsis (`cut`), also reported.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from fontTools import unicodedata as ucd  # type: ignore[import-untyped]

from kiosk.core.badges.fonts import FontBook
from kiosk.core.badges.shaping import ShapedLine, shape

LINE_GAP = 1.0
"""Line pitch as a multiple of the lines' ascent plus descent."""
FLOOR = 3.0
"""Smallest size ever drawn, in points: below this a printed glyph is a smudge."""
_IDEOGRAPHIC = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})


@dataclass(frozen=True)
class Fit:
    lines: tuple[ShapedLine, ...]
    size: float
    """Font size in points."""
    too_small: bool = False
    """Smaller than the box's minimum size (it still fits)."""
    cut: bool = False
    """Shortened with an ellipsis: not even `FLOOR` points fit."""

    @property
    def width(self) -> float:
        """Widest line in points, ink included (ShapedLine.extent)."""
        return max((line.extent for line in self.lines), default=0.0) * self.size

    @property
    def height(self) -> float:
        """Height of the lines in points."""
        return sum(_pitch(line) for line in self.lines) * self.size

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _pitch(line: ShapedLine) -> float:
    return (line.ascent + line.descent) * LINE_GAP


def _largest(lines: list[ShapedLine], width: float, height: float, max_size: float) -> float:
    widest = max((line.extent for line in lines), default=0.0)
    tall = sum(_pitch(line) for line in lines)
    by_width = width / widest if widest > 0 else max_size
    by_height = height / tall if tall > 0 else max_size
    return min(max_size, by_width, by_height)


def break_points(text: str) -> list[int]:
    """Where a line may break: after a space or hyphen, or between two ideographs (Han, kana, Hangul)."""
    points: list[int] = []
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if after.isspace() or unicodedata.category(after).startswith("M"):
            continue
        if (
            before.isspace()
            or before in "-‐‑–—/"
            or (ucd.script(before) in _IDEOGRAPHIC and ucd.script(after) in _IDEOGRAPHIC)
        ):
            points.append(i)
    return points


def fit_text(
    book: FontBook,
    text: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    *,
    bold: bool = False,
    lang: str = "",
    max_lines: int = 2,
    wrap_below: float | None = None,
    direction: str = "auto",
) -> Fit:
    """The biggest setting of `text` (sizes in points) that fits `width` x `height`. Fits are kept (the
    same event line, organization and role label recur on hundreds of badges)."""
    return _fit_cached(book, text, width, height, max_size, min_size, bold, lang, max_lines, wrap_below, direction)


@functools.lru_cache(maxsize=4096)
def _fit_cached(
    book: FontBook,
    text: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    bold: bool,
    lang: str,
    max_lines: int,
    wrap_below: float | None,
    direction: str,
) -> Fit:
    text = " ".join(text.split())
    one = [shape(book, text, bold, lang, direction)]
    size = _largest(one, width, height, max_size)
    best = Fit(tuple(one), size)
    threshold = max_size * 0.7 if wrap_below is None else wrap_below
    if size < threshold and max_lines >= 2:
        wrapped: Fit | None = None
        for point in break_points(text):
            first, second = text[:point].rstrip(), text[point:].lstrip()
            if not first or not second:
                continue
            two = (shape(book, first, bold, lang, direction), shape(book, second, bold, lang, direction))
            candidate = Fit(two, _largest(list(two), width, height, max_size))
            # The biggest size wins; at the same size (the box's height decides), the most even lines.
            if (
                wrapped is None
                or candidate.size > wrapped.size * 1.001
                or (candidate.size >= wrapped.size * 0.999 and candidate.width < wrapped.width)
            ):
                wrapped = candidate
        if wrapped is not None and wrapped.size > best.size * 1.02:  # two lines only when they are worth it
            best = wrapped
    if best.size >= FLOOR:
        return Fit(best.lines, best.size, too_small=best.size < min_size)
    return _cut(book, text, width, height, bold, lang, direction)


def _cut(book: FontBook, text: str, width: float, height: float, bold: bool, lang: str, direction: str) -> Fit:
    """One line at FLOOR points, cut with an ellipsis where it stops fitting (or nothing, if no room)."""
    size = FLOOR
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits, by bisection
        mid = (low + high + 1) // 2
        line = shape(book, text[:mid].rstrip() + "…", bold, lang, direction)
        if line.extent * size <= width and _pitch(line) * size <= height:
            low = mid
        else:
            high = mid - 1
    line = shape(book, text[:low].rstrip() + "…", bold, lang, direction)
    if line.extent * size > width or _pitch(line) * size > height:
        return Fit((), size, too_small=True, cut=True)
    return Fit((line,), size, too_small=True, cut=True)
