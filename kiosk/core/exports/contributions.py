"""Contributions leave the station as files: a CSV and an XLSX of the notes, a large PDF poster of the
Journey Map grouped by prompt, and the Stronger Together haves-and-needs matrix.

Only visible notes are written (hidden and held ones never leave, unless staff ask for them with
`include_hidden`, which adds a status column). The spreadsheets are written by kiosk.core.exports.tabular,
so a note that says "=1+1" stays text in Excel. The poster draws every script with the bundled
Noto fonts, shaped with HarfBuzz and ordered with the bidi algorithm (kiosk.core.badges), so Chinese and
Farsi print as they were written and copy back out of the PDF as text.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.core.badges.fit import break_points
from kiosk.core.badges.fonts import FontBook, font_book
from kiosk.core.badges.shaping import ShapedLine, shape
from kiosk.core.exports.files import replacing, write_bytes
from kiosk.core.exports.tabular import DATE_TIME, Table, neutralize, write_csv, write_xlsx
from kiosk.core.journey import PromptSet
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import Event, ModerationStatus
from kiosk.core.services.contributions import STATUSES, NeedMatch, Note
from kiosk.core.text import plural

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.core.services import Kiosk

EVENT_TIME_ZONE = ZoneInfo("America/Los_Angeles")
FORMATS = ("csv", "xlsx", "poster", "matrix")
HEADER = (
    "id",
    "created",
    "section",
    "prompt or category",
    "kind",
    "category",
    "note",
    "language",
    "name",
    "organization",
    "region",
    "station",
)
GROUP_COLOURS = ("#fde68a", "#fbcfe8", "#bfdbfe", "#bbf7d0", "#ddd6fe", "#fed7aa", "#a5f3fc")
"""Sticky-note colours, one per prompt (or category) in order; the wall uses the same ones."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    notes: int
    pages: int = 0


def _notes(kiosk: Kiosk, event: Event, include_hidden: bool) -> list[Note]:
    statuses = STATUSES if include_hidden else (ModerationStatus.VISIBLE.value,)
    notes = kiosk.contributions.notes(event.id, statuses)
    return sorted(notes, key=lambda n: (n.created_at, n.id))


def _row(note: Note, prompts: PromptSet, stations: dict[str, str]) -> list[str]:
    local = note.created_at.astimezone(EVENT_TIME_ZONE).strftime(DATE_TIME)
    section = prompts.together_title() if note.kind in SIDES else prompts.journey_title()
    return [
        note.id,
        local,
        section,
        prompts.heading(note.kind, note.category),
        note.kind,
        note.category or "",
        note.body,
        note.language,
        note.author,
        note.organization,
        note.region,
        stations.get(note.station_id, note.station_id),
    ]



def contributions_table(kiosk: Kiosk, event: Event, include_hidden: bool = False) -> Table:
    """The notes as a table, oldest first: the CSV's rows and the XLSX's Contributions sheet."""
    notes = _notes(kiosk, event, include_hidden)
    prompts = kiosk.contributions.prompt_set
    stations = {station.id: station.name for station in kiosk.stations.all()}
    header = [*HEADER, "status"] if include_hidden else list(HEADER)
    rows = (_row(note, prompts, stations) + ([note.status] if include_hidden else []) for note in notes)
    # The id whole: staff copy it into `kiosk contributions hide ID`.
    widths = {0: 38, 1: 17, 2: 18, 3: 34, 4: 12, 5: 14, 6: 70, 7: 10, 8: 22, 9: 30, 10: 18, 11: 16, 12: 10}
    return Table("Contributions", header, rows, widths, frozenset({6}), dates=frozenset({1}))


def export_csv(kiosk: Kiosk, event: Event, out: Path, include_hidden: bool = False) -> ExportResult:
    """UTF-8 with a byte-order mark (Excel then reads every script right), one row per note."""
    return ExportResult(out, write_csv(out, contributions_table(kiosk, event, include_hidden)))


def counts_table(kiosk: Kiosk, event: Event) -> Table:
    """Visible notes per prompt, and per category for each side."""
    prompts = kiosk.contributions.prompt_set
    counts = kiosk.contributions.counts(event.id).by_group
    rows: list[list[object]] = [
        [prompts.journey_title(), prompt.text(), counts.get(prompt.id, 0)] for prompt in prompts.prompts
    ]
    for category in prompts.categories:
        for side in SIDES:
            rows.append(
                [prompts.together_title(), prompts.heading(side, category.id), counts.get(f"{side}:{category.id}", 0)]
            )
    return Table("Counts", ["section", "prompt or category", "notes"], rows, {0: 20, 1: 44})


def export_xlsx(kiosk: Kiosk, event: Event, out: Path, include_hidden: bool = False) -> ExportResult:
    """One sheet of notes (the CSV's columns, text cells never formulas) and one of counts."""
    written, _ = write_xlsx(
        out,
        [contributions_table(kiosk, event, include_hidden), counts_table(kiosk, event)],
        f"Contributions: {event.name}",
    )
    return ExportResult(out, written)


def export_matrix(kiosk: Kiosk, event: Event, out: Path) -> ExportResult:
    """The haves-and-needs matrix as XLSX: categories down, have and need across, with counts and every
    note; a second sheet lists each organization's needs beside the organizations here that have them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    prompts = kiosk.contributions.prompt_set
    notes = [n for n in _notes(kiosk, event, False) if n.kind in SIDES]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Matrix"
    have, need = prompts.side("have"), prompts.side("need")
    sheet.append([f"{prompts.together_title()}: {event.name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["category", f"{have} (count)", f"{need} (count)", have, need])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E5E7EB")
    for category in prompts.categories:
        cells: list[object] = [category.label()]
        texts: list[str] = []
        for side in SIDES:
            mine = [n for n in notes if n.kind == side and n.category == category.id]
            cells.append(len(mine))
            texts.append("\n".join(f"• {n.body}" + (f" ({n.organization})" if n.organization else "") for n in mine))
        sheet.append([*cells, *texts])
    total = ["total", sum(1 for n in notes if n.kind == "have"), sum(1 for n in notes if n.kind == "need")]
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in {"A": 30, "B": 14, "C": 14, "D": 70, "E": 70}.items():
        sheet.column_dimensions[column].width = width

    matches = book.create_sheet("Haves meet needs")
    matches.append(["organization", "category", "needs", "organizations here that have it", "what they have"])
    for cell in matches[1]:
        cell.font = Font(bold=True)
    found: list[NeedMatch] = kiosk.contributions.needs_and_haves(event.id)
    for match in found:
        label = (prompts.category(match.category) or prompts.categories[0]).label()
        matches.append(
            [
                match.organization,
                label,
                "\n".join(match.needs),
                "\n".join(h.organization + (f" ({h.region})" if h.region else "") for h in match.haves),
                "\n".join(f"{h.organization}: {'; '.join(h.notes)}" for h in match.haves),
            ]
        )
    for row in matches.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in {"A": 30, "B": 26, "C": 50, "D": 40, "E": 60}.items():
        matches.column_dimensions[column].width = width
    neutralize(sheet)
    neutralize(matches)
    book.properties.title = f"Haves and needs: {event.name}"
    with replacing(out) as temp:
        book.save(temp)
    return ExportResult(out, len(notes))


# -- the poster --------------------------------------------------------------------------------------

POSTER_SIZE = (36 * 72.0, 24 * 72.0)
"""ARCH D landscape, 36 x 24 inches: what a print shop's large-format printer takes."""
MARGIN = 54.0
COLUMN_GAP = 24.0
NOTE_GAP = 10.0
NOTE_PAD = 8.0
TITLE_SIZE = 54.0
HEADING_SIZE = 26.0
SIZES = (36.0, 30.0, 26.0, 22.0, 20.0, 18.0, 16.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0)
"""Note text sizes tried, largest first: the largest at which every note fits one page wins."""
SIGNATURE_SCALE = 0.75
LEADING = 1.12
"""Line pitch as a multiple of a line's ascent plus descent."""
SHAPING_LANGUAGE = {"zh_CN": "zh-Hans", "ko": "ko", "ja": "ja"}
"""Kiosk language -> the language shaping is told, for the regional forms of Han characters."""
INK = "#111827"
MUTED = "#4b5563"


def _rtl(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False


_JOINERS = frozenset("\u200c\u200d")
_VIRAMA = 9
"""Canonical combining class of a virama (Khmer coeng, Devanagari halant...): the letter after it is drawn
as part of the same cluster (a subscript or conjunct)."""


def cluster_cut(text: str, at: int) -> int:
    """The last place at or before `at` where `text` may be cut without splitting what is drawn as one
    character: never before a combining mark or a joiner, nor after a virama or a joiner (a Khmer
    subscript consonant stays with its base). 0 if there is none."""
    at = min(at, len(text))
    while at > 0:
        after, before = text[at] if at < len(text) else "", text[at - 1]
        if not (
            (after and (unicodedata.category(after).startswith("M") or after in _JOINERS))
            or before in _JOINERS
            or unicodedata.combining(before) == _VIRAMA
        ):
            return at
        at -= 1
    return 0


def wrap(book: FontBook, text: str, width_em: float, bold: bool = False, lang: str = "") -> list[ShapedLine]:
    """`text` broken into shaped lines no wider than `width_em` ems (at spaces, hyphens or between
    ideographs; a word wider than the line is cut between characters, never inside one drawn character,
    `cluster_cut`). Line breaks in the text stay."""
    lines: list[ShapedLine] = []
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        cuts = [0, *break_points(paragraph), len(paragraph)]
        pieces = [paragraph[a:b] for a, b in itertools.pairwise(cuts)]
        current = ""
        for piece in pieces:
            candidate = current + piece
            if not current or shape(book, candidate.strip(), bold, lang).width <= width_em:
                current = candidate
            else:
                lines.append(shape(book, current.strip(), bold, lang))
                current = piece
            while shape(book, current.strip(), bold, lang).width > width_em and len(current.strip()) > 1:
                head = current
                while shape(book, head.strip(), bold, lang).width > width_em:
                    shorter = cluster_cut(head, len(head) * 3 // 4 if len(head) > 8 else len(head) - 1)
                    if shorter in (0, len(head)):
                        break  # one cluster wider than the line: it goes on a line of its own
                    head = head[:shorter]
                lines.append(shape(book, head.strip(), bold, lang))
                current = current[len(head) :]
        if current.strip():
            lines.append(shape(book, current.strip(), bold, lang))
    return lines


@dataclass(frozen=True)
class _Block:
    note: Note
    lines: list[ShapedLine]
    signature: list[ShapedLine]
    height: float
    rtl: bool


def _pitch(line: ShapedLine) -> float:
    return (line.ascent + line.descent) * LEADING


def _block(book: FontBook, note: Note, inner: float, size: float) -> _Block:
    lines = wrap(book, note.body, inner / size, lang=SHAPING_LANGUAGE.get(note.language, ""))
    small = size * SIGNATURE_SCALE
    signature = wrap(book, note.signature, inner / small) if note.signature else []
    height = sum(_pitch(ln) for ln in lines) * size + sum(_pitch(ln) for ln in signature) * small
    height += 2 * NOTE_PAD + (4 if signature else 0)
    return _Block(note, lines, signature, height, _rtl(note.body))


def _columns_fit(columns: list[list[_Block]], height: float) -> bool:
    return all(sum(b.height for b in col) + NOTE_GAP * max(0, len(col) - 1) <= height for col in columns)


def draw_line(canvas: Canvas, book: FontBook, line: ShapedLine, size: float, x: float, baseline: float) -> None:
    """kiosk.core.badges.draw.draw_line, except for right-to-left text: its glyphs are written to the PDF
    in reading order (each is placed by its own coordinates, so the picture is the same) and the line gets
    no /ActualText, which poppler lays out left to right and so mirrors. Extraction (pdftotext, copy and
    paste) then gives Farsi as written, in the font's presentation forms (NFKC gives the plain letters)."""
    from kiosk.core.badges.draw import _actual_text, _hex_box

    code: list[str] = canvas._code  # type: ignore[attr-defined]
    marked = not any(run.rtl for run in line.runs)
    if marked:
        code.append(f"/Span <</ActualText {_actual_text(line.text)}>> BDC")
    pen = x
    for run in line.runs:
        if run.face is None:
            for ch in run.text:
                pen += _hex_box(canvas, book, ch, size, pen, baseline)
            continue
        text = canvas.beginText()
        text.setFont(run.face.rl_name, size)
        for glyph in reversed(run.glyphs) if run.rtl else run.glyphs:
            text.setTextOrigin(pen + (glyph.x + glyph.dx) * size, baseline + glyph.dy * size)
            text.textOut(glyph.char)
        canvas.drawText(text)
        pen += run.width * size
    if marked:
        code.append("EMC")


def _draw_lines(
    canvas: Canvas, book: FontBook, lines: list[ShapedLine], size: float, left: float, width: float, top: float,
    rtl: bool, colour: str,
) -> float:  # fmt: skip
    canvas.setFillColor(colour)
    y = top
    for line in lines:
        baseline = y - line.ascent * size
        x = left + width - line.width * size if rtl else left
        draw_line(canvas, book, line, size, x, baseline)
        y -= _pitch(line) * size
    return y


def export_poster(kiosk: Kiosk, event: Event, out: Path, language: str = "en") -> ExportResult:
    """The Journey Map as a large PDF poster: one column per prompt with its count, every visible note as
    a sticky note in the colour of its prompt, oldest first; extra pages only when the smallest size
    does not fit them on one."""
    from reportlab.pdfgen.canvas import Canvas

    book = font_book()
    prompts = kiosk.contributions.prompt_set
    notes = [n for n in _notes(kiosk, event, False) if n.kind not in SIDES]
    width, height = POSTER_SIZE
    n_columns = len(prompts.prompts)
    column_width = (width - 2 * MARGIN - COLUMN_GAP * (n_columns - 1)) / n_columns
    inner = column_width - 2 * NOTE_PAD
    header_height = TITLE_SIZE * 1.9 + HEADING_SIZE * 2.2 * 2 + 20
    body_height = height - 2 * MARGIN - header_height
    by_prompt = {p.id: [n for n in notes if n.kind == p.id] for p in prompts.prompts}

    chosen: list[list[_Block]] = []
    size = SIZES[-1]
    for size in SIZES:
        chosen = [[_block(book, n, inner, size) for n in by_prompt[p.id]] for p in prompts.prompts]
        if _columns_fit(chosen, body_height):
            break

    canvas = Canvas(str(out), pagesize=POSTER_SIZE, pageCompression=1)
    canvas.setTitle(f"{prompts.journey_title(language)}: {event.name}")
    canvas.setCreator("Convening Kiosk")
    queues = [list(col) for col in chosen]
    pages = 0
    while True:
        pages += 1
        _poster_header(canvas, book, prompts, event, language, by_prompt, len(notes), column_width, pages)
        top = height - MARGIN - header_height
        for index, queue in enumerate(queues):
            left = MARGIN + index * (column_width + COLUMN_GAP)
            y = top
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            while queue and (y - queue[0].height >= MARGIN or y == top):
                block = queue.pop(0)
                canvas.setFillColor(colour)
                canvas.roundRect(left, y - block.height, column_width, block.height, 6, stroke=0, fill=1)
                bottom = _draw_lines(
                    canvas, book, block.lines, size, left + NOTE_PAD, inner, y - NOTE_PAD, block.rtl, INK
                )
                if block.signature:
                    _draw_lines(
                        canvas, book, block.signature, size * SIGNATURE_SCALE, left + NOTE_PAD, inner, bottom - 4,
                        _rtl(block.note.signature), MUTED,
                    )  # fmt: skip
                y -= block.height + NOTE_GAP
        canvas.showPage()
        if not any(queues):
            break
    write_bytes(out, canvas.getpdfdata())
    return ExportResult(out, len(notes), pages)


def _poster_header(
    canvas: Canvas, book: FontBook, prompts: PromptSet, event: Event, language: str,
    by_prompt: dict[str, list[Note]], total: int, column_width: float, page: int,
) -> None:  # fmt: skip
    width, height = POSTER_SIZE
    title = f"{prompts.journey_title(language)} · {event.name}"
    line = shape(book, title, bold=True)
    size = min(TITLE_SIZE, (width - 2 * MARGIN) / max(line.width, 0.01))
    canvas.setFillColor(INK)
    draw_line(canvas, book, line, size, MARGIN, height - MARGIN - line.ascent * size)
    place = " · ".join(p for p in (f"{event.date:%B} {event.date.day}, {event.date.year}", event.city) if p)
    counted = plural(total, "contribution", "contributions")
    sub = shape(book, f"{place} · {counted}" + (f" · page {page}" if page > 1 else ""))
    canvas.setFillColor(MUTED)
    draw_line(canvas, book, sub, 22, MARGIN, height - MARGIN - TITLE_SIZE * 1.25 - sub.ascent * 22)
    top = height - MARGIN - TITLE_SIZE * 1.9
    for index, prompt in enumerate(prompts.prompts):
        left = MARGIN + index * (column_width + COLUMN_GAP)
        heading = wrap(book, prompt.text(language), column_width / HEADING_SIZE, bold=True)[:2]
        y = _draw_lines(canvas, book, heading, HEADING_SIZE, left, column_width, top, _rtl(prompt.text(language)), INK)
        count = shape(book, plural(len(by_prompt[prompt.id]), "note", "notes"))
        canvas.setFillColor(MUTED)
        draw_line(canvas, book, count, 18, left, min(y, top - HEADING_SIZE * 2.5) - 4 - count.ascent * 18)
        canvas.setStrokeColor(GROUP_COLOURS[index % len(GROUP_COLOURS)])
        canvas.setLineWidth(6)
        canvas.line(left, top - HEADING_SIZE * 4.2, left + column_width, top - HEADING_SIZE * 4.2)


EXPORTERS: dict[str, Callable[..., ExportResult]] = {
    "csv": export_csv,
    "xlsx": export_xlsx,
    "poster": export_poster,
    "matrix": export_matrix,
}


def export(kiosk: Kiosk, event: Event, kind: str, out: Path, include_hidden: bool = False) -> ExportResult:
    """Write one of FORMATS to `out`. Hidden notes are left out unless `include_hidden` (CSV/XLSX only)."""
    if kind in ("csv", "xlsx"):
        return EXPORTERS[kind](kiosk, event, out, include_hidden)
    return EXPORTERS[kind](kiosk, event, out)


def default_name(event: Event, kind: str) -> str:
    """A file name for an export of `kind`, e.g. journey-map-fresno-2025.pdf."""
    suffix = {"csv": "csv", "xlsx": "xlsx", "poster": "pdf", "matrix": "xlsx"}[kind]
    stem = {"csv": "contributions", "xlsx": "contributions", "poster": "journey-map", "matrix": "haves-and-needs"}
    return f"{stem[kind]}-{event.slug}.{suffix}"
