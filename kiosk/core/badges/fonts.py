"""The bundled fonts: which one draws each character, and which characters no font has.

`resources/fonts/fonts.json` lists, per Unicode script, the Noto families to try in order. Text is cut
into runs of one script (spaces and punctuation join the run they sit in); each run takes the first
family that has every one of its characters, else each character takes the first that has it (same
weight first, then the other weight, then any bundled family). A character nothing has is a `None` run:
drawn as a visible hex box and reported, never a silent tofu box.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uharfbuzz as hb  # type: ignore[import-untyped]
from fontTools import unicodedata as ucd  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.resources import resource_path

_INHERIT = frozenset({"Zyyy", "Zinh", "Zzzz"})


@dataclass(eq=False)
class Face:
    """One font file: its ReportLab font (for the PDF), its HarfBuzz font (for shaping) and metrics."""

    family: str
    bold: bool
    path: Path
    ascii_readable: bool = False
    """Give ASCII characters their own codes in the PDF (all of ASCII then goes into the font's subset).
    Only the Latin font needs it: a PDF that Ghostscript rewrites (CUPS) loses the text-to-Unicode maps,
    and only ASCII-coded text can still be copied from it. For any other font it would add 95 glyphs to
    each PDF, the better part of a one-badge PDF's time."""
    _rl: TTFont | None = field(default=None, repr=False)
    _hb: hb.Font | None = field(default=None, repr=False)
    _private: dict[int, str] = field(default_factory=dict, repr=False)
    _next_private: int = 0xE000

    @property
    def rl_name(self) -> str:
        """The font's name for ReportLab's setFont, registered on first use."""
        self.rl  # noqa: B018
        return self._key

    @property
    def _key(self) -> str:
        return f"Kiosk-{self.path.stem}"

    @property
    def rl(self) -> TTFont:
        """The ReportLab font, registered under `rl_name`; ReportLab subsets it into each PDF."""
        if self._rl is None:
            known: Any
            # Not pdfmetrics.getFont on a name it lacks: that parses every AFM file on the system first.
            if self._key in pdfmetrics.getRegisteredFontNames():
                known = pdfmetrics.getFont(self._key)
            else:
                known = TTFont(self._key, str(self.path), asciiReadable=self.ascii_readable)
                pdfmetrics.registerFont(known)
            assert isinstance(known, TTFont)
            self._rl = known
        return self._rl

    @property
    def hb_font(self) -> hb.Font:
        if self._hb is None:
            blob = hb.Blob.from_file_path(str(self.path))
            self._hb = hb.Font(hb.Face(blob))
        return self._hb

    @functools.cached_property
    def upem(self) -> int:
        return int(self.hb_font.face.upem)

    @functools.cached_property
    def cmap(self) -> frozenset[int]:
        """Code points the font maps, read by HarfBuzz: choosing a font never parses it for ReportLab."""
        return frozenset(self.hb_font.face.unicodes)

    @property
    def ascent(self) -> float:
        """Above the baseline, in ems."""
        return float(self.rl.face.ascent) / 1000

    @property
    def descent(self) -> float:
        """Below the baseline, in ems (positive)."""
        return -float(self.rl.face.descent) / 1000

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def char_for(self, gid: int) -> str:
        """A character that selects glyph `gid` in ReportLab's subset: the one the font maps to it, else a
        private-use code point taken for it (shaped forms such as Arabic joined letters have none)."""
        face: Any = self.rl.face  # glyphToChar and charWidths are untyped in the stubs
        chars = face.glyphToChar.get(gid)
        if chars:
            return chr(chars[0])
        known = self._private.get(gid)
        if known is not None:
            return known
        code = self._next_private
        while code in face.charToGlyph:
            code += 1
        if code > 0xF8FF:
            raise ValueError(f"{self.path.name}: too many unmapped glyphs")
        self._next_private = code + 1
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = round(self.hb_font.get_glyph_h_advance(gid) * 1000 / self.upem)
        self._private[gid] = chr(code)
        return chr(code)


@dataclass(frozen=True)
class Piece:
    """A stretch of text in one font (or in none: `face` is None for characters no font has)."""

    text: str
    face: Face | None
    script: str


def _ignorable(ch: str) -> bool:
    """Characters that need no glyph of their own: joiners, variation selectors, bidi controls."""
    return unicodedata.category(ch) in {"Cf", "Cc"} or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


class FontBook:
    """The bundled fonts as `resources/fonts/fonts.json` describes them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        data: dict[str, Any] = json.loads((folder / "fonts.json").read_text(encoding="utf-8"))
        self._faces: dict[tuple[str, bool], Face] = {}
        for family, files in data["families"].items():
            for weight, bold in (("regular", False), ("bold", True)):
                self._faces[family, bold] = Face(family, bold, folder / files[weight])
        self.scripts: dict[str, list[str]] = data["scripts"]
        for family in self.scripts.get("Latn", []):
            for bold in (False, True):
                self._faces[family, bold].ascii_readable = True
        self.han_by_language: dict[str, list[str]] = data["han_by_language"]
        self.fallback: list[str] = data["fallback"]

    def face(self, family: str, bold: bool) -> Face:
        return self._faces[family, bold]

    @property
    def faces(self) -> list[Face]:
        return list(self._faces.values())

    def _families(self, script: str, lang: str) -> list[str]:
        if script == "Hani" and lang in self.han_by_language:
            return self.han_by_language[lang]
        return self.scripts.get(script, [])

    def _chain(self, script: str, bold: bool, lang: str) -> list[Face]:
        """Faces to try for a character of `script`: its families at this weight, at the other weight,
        then every bundled family."""
        families = self._families(script, lang)
        chain = [self.face(f, bold) for f in families] + [self.face(f, not bold) for f in families]
        chain += [self.face(f, w) for w in (bold, not bold) for f in self.fallback]
        seen: set[int] = set()
        return [f for f in chain if not (id(f) in seen or seen.add(id(f)))]  # type: ignore[func-returns-value]

    def pieces(self, text: str, bold: bool, lang: str = "") -> list[Piece]:
        """`text` cut into runs of one font, in logical order."""
        out: list[Piece] = []
        for script, run in _script_runs(text):
            chain = self._chain(script, bold, lang)
            own = [self.face(f, bold) for f in self._families(script, lang) or self.fallback]
            needed = [ch for ch in run if not _ignorable(ch)]
            whole = next((f for f in own if all(f.has(ch) for ch in needed)), None)
            if whole is not None:
                _append(out, Piece(run, whole, script))
                continue
            for ch in run:
                if _ignorable(ch) and out:
                    _append(out, Piece(ch, out[-1].face, script))
                    continue
                face = next((f for f in chain if f.has(ch)), None)
                _append(out, Piece(ch, face, script))
        return out

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no bundled font has (each once, in order)."""
        found: list[str] = []
        for piece in self.pieces(text, bold=False):
            if piece.face is None:
                found += [ch for ch in piece.text if ch not in found]
        return found


def _append(pieces: list[Piece], piece: Piece) -> None:
    if pieces and pieces[-1].face is piece.face and pieces[-1].script == piece.script:
        last = pieces[-1]
        pieces[-1] = Piece(last.text + piece.text, last.face, last.script)
    else:
        pieces.append(piece)


def _script_runs(text: str) -> list[tuple[str, str]]:
    """(script, text) runs: common characters (spaces, digits, punctuation) and marks join the run
    around them; between two runs of different scripts, common characters are set in Latin (so a
    " · " between Chinese and English is not a full-width CJK dot)."""
    scripts = [ucd.script(ch) for ch in text]
    resolved: list[str] = []
    i = 0
    while i < len(scripts):
        if scripts[i] not in _INHERIT:
            resolved.append(scripts[i])
            i += 1
            continue
        j = i
        while j < len(scripts) and scripts[j] in _INHERIT:
            j += 1
        before = resolved[-1] if resolved else None
        after = scripts[j] if j < len(scripts) else None
        marks = all(s == "Zinh" for s in scripts[i:j])
        if marks and before:
            script = before
        elif before and after and before != after:
            script = "Latn"
        else:
            script = before or after or "Latn"
        resolved += [script] * (j - i)
        i = j
    runs: list[tuple[str, str]] = []
    for ch, s in zip(text, resolved, strict=True):
        if runs and runs[-1][0] == s:
            runs[-1] = (s, runs[-1][1] + ch)
        else:
            runs.append((s, ch))
    return runs


@functools.cache
def font_book(folder: Path | None = None) -> FontBook:
    """The bundled fonts, loaded once per process."""
    return FontBook(folder or resource_path("fonts"))
