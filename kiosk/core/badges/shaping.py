"""One line of text shaped for drawing: HarfBuzz glyphs per font run, in visual (left-to-right) order.

Levels come from the Unicode bidi algorithm (python-bidi), so Arabic and Farsi run right to left inside
a left-to-right line and the other way round; HarfBuzz joins Arabic and composes Devanagari, Gurmukhi and
Khmer clusters. Shaping does not depend on the size (no hinting), so a line is shaped once and its width
at any size is `width_em * size`: the fitter measures with the real shaped advances at no extra cost.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass

import uharfbuzz as hb  # type: ignore[import-untyped]
from bidi import algorithm as uba  # type: ignore[import-untyped]

from kiosk.core.badges.fonts import Face, FontBook, Piece

HEX_DIGIT_EM = 0.34
"""A character no font has is drawn as a box holding its code point in hex, two rows of digits: this is
the width of one digit column, in ems."""
HEX_PAD_EM = 0.18

_X9 = frozenset(uba.X9_REMOVED)


@dataclass(frozen=True)
class Glyph:
    gid: int
    """The glyph's id in its face."""
    char: str
    """The character that selects this glyph in the face's ReportLab subset."""
    x: float
    """Pen position of the glyph's origin from the start of its run, in ems."""
    dx: float
    dy: float


@dataclass(frozen=True)
class Run:
    """Glyphs of one font in visual order (or, with `face` None, characters drawn as hex boxes)."""

    text: str
    """The run's characters in logical order: what a copy from the PDF gives back."""
    face: Face | None
    glyphs: tuple[Glyph, ...]
    width: float
    """Advance width in ems."""
    rtl: bool


@dataclass(frozen=True)
class ShapedLine:
    text: str
    runs: tuple[Run, ...]

    @functools.cached_property
    def width(self) -> float:
        """Advance width in ems (multiply by the font size for points): where the pen ends."""
        return sum(run.width for run in self.runs)

    @functools.cached_property
    def ascent(self) -> float:
        """Room the line takes above its baseline, in ems: the font's ascent, or the ink's top if higher
        (stacked Vietnamese marks on a capital, Indic vowel signs)."""
        return max(max((r.face.ascent for r in self.runs if r.face), default=0.9), self.ink[2])

    @functools.cached_property
    def descent(self) -> float:
        """Room the line takes below its baseline, in ems (positive): the font's descent, or the ink's
        bottom if lower (Khmer subscript consonants under a vowel sign)."""
        return max(max((r.face.descent for r in self.runs if r.face), default=0.25), -self.ink[3])

    @functools.cached_property
    def left(self) -> float:
        """Where the line's room starts, in ems from the pen's start (0, or less when ink reaches left of
        the first advance: the hook of a bold J)."""
        return min(0.0, self.ink[0])

    @functools.cached_property
    def extent(self) -> float:
        """The room the line takes across, in ems: its advances and any ink beyond them. This, not the
        advance width, is what has to fit the box."""
        return max(self.width, self.ink[1]) - self.left

    @functools.cached_property
    def ink(self) -> tuple[float, float, float, float]:
        """Where the line's ink reaches, in ems from its left end on the baseline (y up): left, right, top,
        bottom. Marks stacked above a letter, Arabic tails and Indic vowel signs can reach past the advance
        widths and the font's ascent and descent; a hex box is its drawn frame."""
        left, right, top, bottom = math.inf, -math.inf, -math.inf, math.inf
        pen = 0.0
        for run in self.runs:
            if run.face is None:
                left, right = min(left, pen), max(right, pen + run.width)
                top, bottom = max(top, 0.8), min(bottom, -0.1)
            else:
                font, scale = run.face.hb_font, 1 / run.face.upem
                for glyph in run.glyphs:
                    extents = font.get_glyph_extents(glyph.gid)
                    if extents is None or extents.width == 0 or extents.height == 0:
                        continue  # a space: no ink
                    x = pen + glyph.x + glyph.dx + extents.x_bearing * scale
                    y = glyph.dy + extents.y_bearing * scale
                    left, right = min(left, x), max(right, x + extents.width * scale)
                    top, bottom = max(top, y), min(bottom, y + extents.height * scale)
            pen += run.width
        if left > right:
            return 0.0, 0.0, 0.0, 0.0
        return left, right, top, bottom

    @property
    def missing(self) -> str:
        return "".join(run.text for run in self.runs if run.face is None and not run.text.isspace())


_RTL = frozenset({"R", "AL", "AN"})


def _levels(text: str, direction: str = "auto") -> list[int]:
    """The resolved bidi embedding level of every character (even: left to right, odd: right to left).
    The line's own direction is its first strong letter's ("auto"), or "ltr" for lists such as the
    languages line, whose items stay in the order given."""
    if not any(unicodedata.bidirectional(ch) in {"R", "AL", "RLE", "RLO", "RLI", "AN"} for ch in text):
        return [0] * len(text)
    storage = uba.get_empty_storage()
    base = 0 if direction == "ltr" else uba.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    try:
        uba.get_embedding_levels(text, storage)
        uba.explicit_embed_and_overrides(storage)
        uba.resolve_weak_types(storage)
        uba.resolve_neutral_types(storage, False)
        uba.resolve_implicit_levels(storage, False)
    except (AssertionError, KeyError, IndexError):
        # python-bidi's rule code asserts on some rare class sequences (an Arabic semicolon before a
        # Gunjala Gondi digit, found by hypothesis): a name must still print, so right-to-left letters go
        # one level up from the line's and everything else stays on it.
        return [base + 1 - base % 2 if unicodedata.bidirectional(ch) in _RTL else base for ch in text]
    kept = iter(ch["level"] for ch in storage["chars"])
    levels: list[int] = []
    for ch in text:
        # Joiners and bidi controls are removed by rule X9: they take the level of what they follow.
        levels.append((levels[-1] if levels else base) if unicodedata.bidirectional(ch) in _X9 else next(kept))
    return levels


def _split(pieces: list[Piece], levels: list[int]) -> list[tuple[Piece, int]]:
    """Cut font runs further where the bidi level changes."""
    out: list[tuple[Piece, int]] = []
    i = 0
    for piece in pieces:
        start = 0
        for j in range(1, len(piece.text) + 1):
            if j == len(piece.text) or levels[i + j] != levels[i + start]:
                out.append((Piece(piece.text[start:j], piece.face, piece.script), levels[i + start]))
                start = j
        i += len(piece.text)
    return out


def _shape_run(piece: Piece, rtl: bool, lang: str) -> Run:
    face = piece.face
    if face is None:
        boxes = [ch for ch in piece.text if not ch.isspace()]
        width = sum(_hex_box_width(ch) for ch in boxes) + 0.3 * (len(piece.text) - len(boxes))
        return Run(piece.text, None, (), width, rtl)
    buf = hb.Buffer()
    buf.add_str(piece.text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if lang:
        buf.language = lang
    hb.shape(face.hb_font, buf, {"kern": True, "liga": True})
    scale = 1 / face.upem
    x = 0.0
    glyphs: list[Glyph] = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        glyphs.append(Glyph(gid, face.char_for(gid), x, pos.x_offset * scale, pos.y_offset * scale))
        x += pos.x_advance * scale
    return Run(piece.text, face, tuple(glyphs), x, rtl)


def _hex_box_width(ch: str) -> float:
    columns = -(-len(f"{ord(ch):04X}") // 2)
    return columns * HEX_DIGIT_EM + HEX_PAD_EM


def _visual_order(runs: list[tuple[Run, int]]) -> list[Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence at or above it."""
    if not runs:
        return []
    items = list(runs)
    highest = max(level for _, level in items)
    lowest_odd = min((level for _, level in items if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(items):
            if items[i][1] >= level:
                j = i
                while j < len(items) and items[j][1] >= level:
                    j += 1
                items[i:j] = reversed(items[i:j])
                i = j
            else:
                i += 1
    return [run for run, _ in items]


@functools.lru_cache(maxsize=4096)
def _shape_cached(book: FontBook, text: str, bold: bool, lang: str, direction: str) -> ShapedLine:
    levels = _levels(text, direction)
    pieces = _split(book.pieces(text, bold, lang), levels)
    runs = [(_shape_run(piece, level % 2 == 1, lang), level) for piece, level in pieces]
    return ShapedLine(text, tuple(_visual_order(runs)))


def shape(book: FontBook, text: str, bold: bool = False, lang: str = "", direction: str = "auto") -> ShapedLine:
    """`text` as one shaped line. `lang` (an ISO 639 code such as "ja") picks regional glyph forms;
    `direction` is "auto" (from the first strong letter) or "ltr"."""
    return _shape_cached(book, text, bold, lang, direction)
