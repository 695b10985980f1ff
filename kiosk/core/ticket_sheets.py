"""Ticket sheets: one PNG per person, a mail-merge CSV and a print-ready PDF, right in every script.

Text is drawn by Pillow with the Noto font fontconfig picks for the script of each line (found once per
script with `fc-match`, then cached), shaped by libraqm, so Arabic joins and runs right to left and
Devanagari, Khmer and Hangul compose. The PDF places those same PNGs (ReportLab cannot embed Noto CJK's
CFF outlines), so print and screen always match. Names are plain text: nothing here reads markup.
"""

from __future__ import annotations

import csv
import functools
import itertools
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, features
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from kiosk.core.names import full_name
from kiosk.core.tickets import spaced

# A ticket is 95 x 60 mm: two across and four down fit A4 and US Letter alike with room for margins.
TICKET_MM = (95.0, 60.0)
WIDTH, HEIGHT = 1200, 758  # pixels: about 320 dpi at 95 x 60 mm
PAPER = {"letter": LETTER, "a4": A4}
COLUMNS, ROWS = 2, 4

INK = (24, 28, 33)
MUTED = (88, 96, 105)
ACCENT = (0, 94, 115)
PAPER_WHITE = (255, 255, 255)

# ReportLab would spell every image in ASCII85, in pure Python: the slowest step of a sheet, and 25%
# bigger. Binary streams are fine for every PDF reader and printer driver.
rl_config.useA85 = 0

RAQM = features.check("raqm")
"""libraqm shapes complex scripts and lays out right-to-left text; without it Pillow draws glyphs as-is."""

# Script (first word of a letter's Unicode name) -> (fontconfig family, language for fontconfig and raqm).
SCRIPT_FONTS: dict[str, tuple[str, str]] = {
    "LATIN": ("Noto Sans", "en"),
    "CYRILLIC": ("Noto Sans", "ru"),
    "GREEK": ("Noto Sans", "el"),
    "ARMENIAN": ("Noto Sans Armenian", "hy"),
    "GEORGIAN": ("Noto Sans Georgian", "ka"),
    "HEBREW": ("Noto Sans Hebrew", "he"),
    "ARABIC": ("Noto Sans Arabic", "ar"),
    "SYRIAC": ("Noto Sans Syriac", "syr"),
    "THAANA": ("Noto Sans Thaana", "dv"),
    "DEVANAGARI": ("Noto Sans Devanagari", "hi"),
    "BENGALI": ("Noto Sans Bengali", "bn"),
    "GURMUKHI": ("Noto Sans Gurmukhi", "pa"),
    "GUJARATI": ("Noto Sans Gujarati", "gu"),
    "ORIYA": ("Noto Sans Oriya", "or"),
    "TAMIL": ("Noto Sans Tamil", "ta"),
    "TELUGU": ("Noto Sans Telugu", "te"),
    "KANNADA": ("Noto Sans Kannada", "kn"),
    "MALAYALAM": ("Noto Sans Malayalam", "ml"),
    "SINHALA": ("Noto Sans Sinhala", "si"),
    "THAI": ("Noto Sans Thai", "th"),
    "LAO": ("Noto Sans Lao", "lo"),
    "KHMER": ("Noto Sans Khmer", "km"),
    "MYANMAR": ("Noto Sans Myanmar", "my"),
    "TIBETAN": ("Noto Serif Tibetan", "bo"),
    "ETHIOPIC": ("Noto Sans Ethiopic", "am"),
    "CHEROKEE": ("Noto Sans Cherokee", "chr"),
    "CANADIAN": ("Noto Sans Canadian Aboriginal", "iu"),
    "MONGOLIAN": ("Noto Sans Mongolian", "mn"),
    "HANGUL": ("Noto Sans CJK KR", "ko"),
    "HIRAGANA": ("Noto Sans CJK JP", "ja"),
    "KATAKANA": ("Noto Sans CJK JP", "ja"),
    "CJK": ("Noto Sans CJK SC", "zh-cn"),
    "BOPOMOFO": ("Noto Sans CJK TC", "zh-tw"),
}
_CJK_FACES = {"JP": 0, "KR": 1, "SC": 2, "TC": 3, "HK": 4}
"""Face index of each region in Debian's NotoSansCJK-*.ttc (what `fc-match -f %{index}` reports)."""
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local" / "share" / "fonts")
RIGHT_TO_LEFT = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA"})
_DEFAULT_SCRIPT = "LATIN"


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0


@dataclass(frozen=True)
class TicketFace:
    """Everything one ticket shows, as plain text."""

    greeting: str
    """The name to greet them by: preferred (else first) name and last name."""
    organization: str
    event_name: str
    when: str
    """Date and place, e.g. "Wednesday, May 14, 2025 · Fresno"."""
    code: str
    """The 8-character human code, unspaced."""
    payload: str
    """The signed QR payload (kiosk.core.tickets)."""
    file_stem: str
    """PNG name without extension, unique within the event."""


def script_of(text: str) -> str:
    """The script of the first letter of `text` ("LATIN", "HANGUL", "ARABIC", ...); LATIN if none."""
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ")[0]
            if first == "CJK":  # Han is shared: kana or Hangul later on say Japanese or Korean glyph forms
                others = {unicodedata.name(c, "").split(" ")[0] for c in text if c.isalpha()}
                first = next((s for s in ("HIRAGANA", "KATAKANA", "HANGUL") if s in others), first)
            return first if first in SCRIPT_FONTS else _DEFAULT_SCRIPT
    return _DEFAULT_SCRIPT


@functools.cache
def _fc_match(pattern: str) -> FontFace | None:
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}", pattern], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.partition("\t")
    if not path or not Path(path).is_file():
        return None
    return FontFace(path, int(index) if index.isdigit() else 0)


@functools.cache
def _font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=engine)


def _notdef(face: FontFace) -> bytes:
    # U+10FFFD is a private-use code point no font maps: what this font draws for it is its tofu box.
    return _glyph_mask(face, "\U0010fffd")


@functools.cache
def _glyph_mask(face: FontFace, ch: str) -> bytes:
    mask = _font(face, 24).getmask(ch)
    return bytes(mask.size) + bytes(mask)


def covers(face: FontFace, text: str) -> bool:
    """Whether the font has a glyph for every visible character of text (no tofu boxes)."""
    tofu = _notdef(face)
    return all(
        _glyph_mask(face, ch) != tofu
        for ch in set(text)
        if not ch.isspace() and unicodedata.category(ch)[0] in "LNPS"  # marks and format chars draw nothing alone
    )


@functools.cache
def _font_files() -> dict[str, Path]:
    """Font files by name in the usual folders: for machines that have fonts but no `fc-match`."""
    found: dict[str, Path] = {}
    for root in FONT_DIRS:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in {".ttf", ".otf", ".ttc"}:
                    found.setdefault(path.name, path)
    return found


def _by_file_name(family: str, bold: bool) -> FontFace | None:
    """Debian's file for a Noto family ("Noto Sans Khmer" -> NotoSansKhmer-Bold.ttf; CJK regions are
    faces of one .ttc)."""
    weight = "Bold" if bold else "Regular"
    if family.startswith("Noto Sans CJK "):
        path = _font_files().get(f"NotoSansCJK-{weight}.ttc")
        return FontFace(str(path), _CJK_FACES.get(family.rsplit(" ", 1)[1], 0)) if path else None
    stem = family.replace(" ", "")
    path = _font_files().get(f"{stem}-{weight}.ttf") or _font_files().get(f"{stem}-Regular.ttf")
    return FontFace(str(path)) if path else None


@functools.cache
def font_for(text: str, bold: bool = False) -> FontFace:
    """The font for text: the Noto family of its script as fontconfig finds it (or by its Debian file
    name), else any font that covers it, else the first found (then missing glyphs show as boxes)."""
    family, lang = SCRIPT_FONTS[script_of(text)]
    weight = ":weight=bold" if bold else ""
    letters = sorted({f"{ord(ch):x}" for ch in text if ch.isalpha()})
    candidates: list[Callable[[], FontFace | None]] = [
        lambda: _fc_match(f"{family}:lang={lang}{weight}"),
        lambda: _by_file_name(family, bold),
        lambda: _fc_match(f"sans-serif:lang={lang}{weight}"),
        # Rarely needed, and never usefully cached: tried last.
        lambda: _fc_match(f"sans-serif{weight}:charset={' '.join(letters[:64])}") if letters else None,
        lambda: _by_file_name("Noto Sans", bold),
    ]
    first: FontFace | None = None
    for candidate in candidates:
        face = candidate()
        if face is None:
            continue
        if covers(face, text):
            return face
        first = first or face
    if first is None:
        raise FileNotFoundError("no fonts found: install fonts-noto-core and fonts-noto-cjk (see README, Tickets)")
    return first


def greeting(first_name: str, last_name: str, preferred_name: str = "") -> str:
    return full_name(first_name.strip(), last_name.strip(), preferred_name.strip())


# -- one ticket ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str
    font: ImageFont.FreeTypeFont
    rtl: bool
    lang: str
    parts: tuple[_Line, ...] = ()
    """For a line no one font covers ("ᏫᎹ Mankiller"): its runs of one script each, in the order written."""

    @property
    def kwargs(self) -> dict[str, str]:
        if not RAQM:
            return {}
        return {"direction": "rtl" if self.rtl else "ltr", "language": self.lang}

    def width(self) -> float:
        if self.parts:
            return sum(part.width() for part in self.parts)
        return self.font.getlength(self.text, **self.kwargs)  # type: ignore[arg-type]

    def metrics(self) -> tuple[int, int]:
        """Ascent and descent: the largest of its runs'."""
        found = [part.font.getmetrics() for part in self.parts] or [self.font.getmetrics()]
        return max(a for a, _ in found), max(d for _, d in found)


def _one_font_line(text: str, size: int, bold: bool) -> _Line:
    script = script_of(text)
    return _Line(text, _font(font_for(text, bold), size), script in RIGHT_TO_LEFT, SCRIPT_FONTS[script][1])


def _line(text: str, size: int, bold: bool) -> _Line:
    """A line in the font of its script; a line of several scripts that no one font covers, run by run."""
    if covers(font_for(text, bold), text):
        return _one_font_line(text, size, bold)
    runs = script_runs(text)
    if len(runs) == 1:
        return _one_font_line(text, size, bold)
    parts = tuple(_one_font_line(run, size, bold) for run in runs)
    return _Line(text, parts[0].font, parts[0].rtl, parts[0].lang, parts)


def script_runs(text: str) -> list[str]:
    """Text cut where the script of its letters changes; spaces, digits and marks stay with the letters
    before them."""
    runs: list[str] = []
    current = ""
    for ch in text:
        script = script_of(ch) if ch.isalpha() else ""
        if runs and (not script or not current or script == current):
            runs[-1] += ch
        else:
            runs.append(ch)
        current = script or current
    return runs


def fit_lines(
    text: str,
    width: int,
    sizes: Iterable[int],
    bold: bool,
    max_lines: int = 1,
    max_height: int = 10_000,
    wrap_below: int = 0,
) -> list[_Line]:
    """Text at the largest size that fits `width` and `max_height`: on one line, or wrapped at spaces onto
    up to `max_lines` lines once the size is down to `wrap_below`. If even the smallest size fails, the
    words are still spread over the lines that fit (so a last name is not lost behind a long first one), and
    each line still too wide is shortened with an ellipsis."""
    sizes = list(sizes)
    for size in sizes:
        for count in range(1, (max_lines if size <= wrap_below else 1) + 1):
            wrapped = _wrap(text, count)
            if wrapped is None:
                break
            lines = [_line(part, size, bold) for part in wrapped]
            if all(line.width() <= width for line in lines) and sum(map(_height, lines)) <= max_height:
                return lines
    smallest = sizes[-1]
    fitting = max(1, min(max_lines, len(text.split()), max_height // _height(_line(text, smallest, bold))))
    lines = [_line(part, smallest, bold) for part in (_wrap(text, fitting) or [text])]
    return [line if line.width() <= width else _ellipsized(line.text, width, smallest, bold) for line in lines]


def _ellipsized(text: str, width: int, size: int, bold: bool) -> _Line:
    cut = text
    while cut and _line(cut + "…", size, bold).width() > width:
        cut = cut[:-1]
    return _line(cut.rstrip() + "…", size, bold)


def _wrap(text: str, lines: int) -> list[str] | None:
    """Split text at spaces into `lines` lines, the longest as short as can be; None if too few words."""
    words = text.split()
    if lines == 1:
        return [" ".join(words)]
    if len(words) < lines:
        return None
    if len(words) > 24:  # a pathological "name": fill lines greedily rather than try every split
        per = -(-len(words) // lines)
        return [" ".join(words[i : i + per]) for i in range(0, len(words), per)]
    best: list[str] | None = None
    for cuts in itertools.combinations(range(1, len(words)), lines - 1):
        bounds = [0, *cuts, len(words)]
        parts = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
        if best is None or max(map(len, parts)) < max(map(len, best)):
            best = parts
    return best


def _height(line: _Line) -> int:
    ascent, descent = line.metrics()
    return ascent + descent


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules of a payload, quiet zone included: level Q, version 3 for a ticket payload."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def render(face: TicketFace) -> Image.Image:
    """One ticket as an RGB image of WIDTH x HEIGHT pixels: event on top, the name large, organization,
    and the typed code at the bottom left; the QR code at the bottom right."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER_WHITE)
    draw = ImageDraw.Draw(image)
    pad = 48
    left, right = pad, WIDTH - pad

    matrix = qr_matrix(face.payload)
    module = 440 // len(matrix)
    quiet = 4 * module
    qr_size = module * len(matrix)
    qr_left, qr_top = right + quiet // 2 - qr_size, HEIGHT - qr_size - pad // 2 + quiet // 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                x0, y0 = qr_left + x * module, qr_top + y * module
                draw.rectangle((x0, y0, x0 + module - 1, y0 + module - 1), fill=(0, 0, 0))
    text_right = qr_left + quiet // 2  # the quiet zone is blank anyway: text may reach halfway into it

    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    y = 26
    for line in fit_lines(face.event_name, right - left, range(38, 23, -2), True, 2, wrap_below=30):
        y = _put(draw, line, left, right, y, ACCENT)
    if face.when:
        y = _put(draw, fit_lines(face.when, right - left, range(28, 19, -2), bold=False)[0], left, right, y, MUTED)
    y += 10
    draw.line((left, y, right, y), fill=(210, 214, 218), width=2)

    code = _line(spaced(face.code), 76, bold=True)
    label = _line("Ticket code", 26, bold=False)
    code_top = HEIGHT - pad // 2 - _height(code)
    _put(draw, code, left, text_right, code_top, INK)
    _put(draw, label, left, text_right, code_top - _height(label) + 8, MUTED)

    top, bottom = y + 14, code_top - _height(label) - 4
    org_room = 52 if face.organization else 0
    width = text_right - left
    name = fit_lines(face.greeting or "—", width, range(84, 31, -4), True, 3, bottom - top - org_room, 52)
    for line in name:
        top = _put(draw, line, left, text_right, top, INK)
    if face.organization:
        for line in fit_lines(face.organization, width, range(34, 23, -2), False, 2, bottom - top - 6, 32):
            top = _put(draw, line, left, text_right, top + 6, MUTED) - 6
    return image


def _put(draw: ImageDraw.ImageDraw, line: _Line, left: int, right: int, top: int, fill: tuple[int, ...]) -> int:
    """Draw a line whose box starts at `top`; returns where the next line starts."""
    ascent, descent = line.metrics()
    if line.parts:  # runs side by side, from the right for a line that starts right to left
        x = right - line.width() if line.rtl else left
        for part in reversed(line.parts) if line.rtl else line.parts:
            draw.text((x, top + ascent), part.text, font=part.font, fill=fill, anchor="ls", **part.kwargs)  # type: ignore[arg-type]
            x += part.width()
        return top + ascent + descent
    x, anchor = (right, "rs") if line.rtl else (left, "ls")
    draw.text((x, top + ascent), line.text, font=line.font, fill=fill, anchor=anchor, **line.kwargs)  # type: ignore[arg-type]
    return top + ascent + descent


# -- a whole event -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetFiles:
    pngs: list[Path]
    csv: Path
    pdf: Path


@dataclass(frozen=True)
class Contact:
    """The mail-merge columns of one ticket besides its face."""

    first_name: str
    last_name: str
    email: str
    organization: str


CSV_HEADER = ("first name", "last name", "email", "organization", "ticket code", "ticket png")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    # Spreadsheets run a cell that starts like a formula; a leading apostrophe keeps it text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_sheets(
    tickets: list[tuple[TicketFace, Contact]],
    out: Path,
    basename: str,
    paper: str = "letter",
    progress: Callable[[int, int], None] | None = None,
) -> SheetFiles:
    """Write `<out>/png/<stem>.png` per ticket, `<out>/<basename>.csv` and `<out>/<basename>.pdf`."""
    png_dir = out / "png"
    png_dir.mkdir(parents=True, exist_ok=True)
    pdf_path = out / f"{basename}.pdf"
    csv_path = out / f"{basename}.csv"
    page_w, page_h = PAPER[paper]
    cell_w, cell_h = TICKET_MM[0] * mm, TICKET_MM[1] * mm
    x0 = (page_w - COLUMNS * cell_w) / 2
    y0 = (page_h - ROWS * cell_h) / 2
    canvas = Canvas(str(pdf_path), pagesize=(page_w, page_h), pageCompression=1)
    canvas.setTitle(basename)
    canvas.setCreator("Convening Kiosk")
    pngs: list[Path] = []
    per_page = COLUMNS * ROWS
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for i, (face, contact) in enumerate(tickets):
            image = render(face)
            png = (png_dir / f"{face.file_stem}.png").resolve()
            image.save(png, compress_level=3)
            pngs.append(png)
            writer.writerow(
                [
                    _cell(contact.first_name),
                    _cell(contact.last_name),
                    _cell(contact.email),
                    _cell(contact.organization),
                    spaced(face.code),
                    str(png),
                ]
            )
            slot = i % per_page
            col, row = slot % COLUMNS, slot // COLUMNS
            # Grey is all a sheet for scissors needs, and a third of the size of colour.
            canvas.drawImage(
                ImageReader(image.convert("L")), x0 + col * cell_w, y0 + (ROWS - 1 - row) * cell_h, cell_w, cell_h
            )
            if slot == per_page - 1 or i == len(tickets) - 1:
                _cut_lines(canvas, x0, y0, cell_w, cell_h, page_w, page_h)
                canvas.showPage()
            if progress:
                progress(i + 1, len(tickets))
    if not tickets:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(x0, page_h / 2, "No registered people: no tickets.")
        canvas.showPage()
    canvas.save()
    return SheetFiles(pngs, csv_path, pdf_path)


def _cut_lines(canvas: Canvas, x0: float, y0: float, w: float, h: float, page_w: float, page_h: float) -> None:
    """Dashed guides on every cut, running edge to edge so a guillotine can follow them."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    for c in range(COLUMNS + 1):
        canvas.line(x0 + c * w, 0, x0 + c * w, page_h)
    for r in range(ROWS + 1):
        canvas.line(0, y0 + r * h, page_w, y0 + r * h)
    canvas.restoreState()
