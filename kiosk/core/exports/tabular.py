"""The one CSV writer and the one XLSX writer every export uses.

CSV is UTF-8 with a byte-order mark, so Excel opens every script right; a cell that starts like a formula
(`=`, `+`, `-`, `@`, tab, carriage return) gets a leading apostrophe, so `=1+1` shows as text and never
runs. XLSX holds the text exactly as written in a text cell marked "quote prefix" (what Excel itself saves
when someone types `'=1+1`), so it shows as text, stays text when edited, and nothing is added to it.
Text that reads as one of Excel's error values (`#N/A`, `#REF!`) is a text cell too, never an error.
A date and time is text in CSV ("2026-04-23 08:00", which sorts) and an Excel date-time in XLSX.
Both are written whole or not at all (kiosk.core.exports.files). XLSX is written in openpyxl's streaming
mode: 100,000 rows without holding a workbook of cells in memory.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kiosk.core.exports.files import replacing

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_TIME = "%Y-%m-%d %H:%M"
"""How every export writes a date and time (the venue's): sorts as text in a CSV too."""
EXCEL_DATE_TIME = "yyyy-mm-dd hh:mm"
"""The same, as an Excel number format."""


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run: a leading '=', '+', '-', '@', tab or CR gets an apostrophe first."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


EXCEL_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
"""Text openpyxl would write as an Excel error value rather than as the text someone typed."""


def needs_text_cell(value: object) -> bool:
    """Whether an XLSX cell must be forced to text (quote prefix): a formula, or an error value's words."""
    return looks_like_formula(value) or value in EXCEL_ERRORS


@dataclass
class Table:
    """A sheet: its name (the XLSX tab, at most 31 characters), a header and rows of str, int, float or None.
    `rows` may be a generator: it is read once, as the file is written."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Mapping[int, float] = field(default_factory=dict)
    """Column index (0-based) -> width in characters, for XLSX."""
    wrap: frozenset[int] = frozenset()
    """Columns whose text wraps in XLSX (long notes)."""
    dates: frozenset[int] = frozenset()
    """Columns of local date-times written as text, "2026-04-23 08:00" (DATE_TIME): CSV keeps the text, XLSX
    writes Excel date-times in that form, which sort and filter as dates."""


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    return value


def write_csv(path: Path, table: Table) -> int:
    """Write `table` as CSV; returns the rows written (the header not counted)."""
    written = 0
    with replacing(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_csv_value(h) for h in table.header])
        for row in table.rows:
            writer.writerow([_csv_value(v) for v in row])
            written += 1
    return written


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def write_xlsx(path: Path, tables: Sequence[Table], title: str = "") -> list[int]:
    """Write one sheet per table; returns the rows written to each."""
    # Made first: a folder that is not there fails before openpyxl has sheets half-written to temp files.
    # The zip is put together in memory (compressed, a few MB for 100,000 rows): a disk that fills up
    # fails one write, not openpyxl halfway through its zip.
    with replacing(path) as temp:
        buffer = io.BytesIO()
        counts = _write_book(buffer, tables, title)
        temp.write_bytes(buffer.getvalue())
        return counts


def _write_book(handle: BinaryIO, tables: Sequence[Table], title: str) -> list[int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    if title:
        book.properties.title = title
    counts: list[int] = []
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    try:
        for table in tables:
            sheet = book.create_sheet(_sheet_name(table.name, [s.title for s in book.worksheets]))
            for index, width in table.widths.items():
                sheet.column_dimensions[_column(index)].width = width
            sheet.freeze_panes = "A2"
            header = []
            for text in table.header:
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            written = 0
            for row in table.rows:
                cells: list[Any] = []
                for index, value in enumerate(row):
                    if index in table.dates and isinstance(value, str):
                        cells.append(_date_cell(sheet, value))
                        continue
                    if isinstance(value, str):
                        value = ILLEGAL_CHARACTERS_RE.sub("", value)
                        if needs_text_cell(value) or index in table.wrap:
                            cell = WriteOnlyCell(sheet, value=value)
                            if needs_text_cell(value):
                                cell.data_type = "s"
                                cell.quotePrefix = True
                            if index in table.wrap:
                                cell.alignment = wrapped
                            cells.append(cell)
                            continue
                    cells.append(value)
                sheet.append(cells)
                written += 1
            counts.append(written)
    except BaseException:
        # Each sheet streams into a temporary file of openpyxl's: closed here, not left open for as long as
        # the app runs (nor closed by the garbage collector onto a file already gone).
        for sheet in book.worksheets:
            if not sheet.closed:
                with contextlib.suppress(Exception):
                    sheet.close()
        raise
    book.save(handle)
    return counts


def _date_cell(sheet: Any, text: str) -> Any:
    """A DATE_TIME text as an Excel date-time cell; an empty one stays empty, anything else stays text."""
    from openpyxl.cell import WriteOnlyCell

    if not text:
        return None
    try:
        moment = dt.datetime.strptime(text, DATE_TIME)
    except ValueError:
        return safe_cell(text)
    cell = WriteOnlyCell(sheet, value=moment)
    cell.number_format = EXCEL_DATE_TIME
    return cell


def neutralize(sheet: Worksheet) -> None:
    """For a workbook built cell by cell (not streamed): every cell openpyxl took for a formula or an error
    value becomes the text it was, marked quote prefix, as write_xlsx writes it."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e") or needs_text_cell(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _sheet_name(name: str, taken: list[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()[:31] or "Sheet"
    candidate, n = cleaned, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    return candidate
