"""CSV and XLSX read as rows of text, streamed, each with the line number a person sees in the file.

The encoding is sniffed from the first 64 KiB (byte-order marks first, then UTF-16 without one, UTF-8, also
UTF-8 with a few damaged lines, then charset-normalizer) and the rest is decoded as it streams; the delimiter is sniffed
from the first lines. Nothing is evaluated: a CSV cell "=HYPERLINK(...)" stays that text, and an XLSX
formula gives the value Excel last saved with it (a row holding a formula saved without one is reported).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer

from kiosk.core.errors import InvalidInput

SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls workbook
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Windows' Western code page, which Excel uses for "CSV" on US machines; charset-normalizer often names a
# sibling (cp1250, latin_1) for short Latin text, and those read the same letters worse.
_LATIN_SIBLINGS = {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "mac_roman", "mac_latin2", "cp850"}
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class ImportFileError(InvalidInput):
    """The file cannot be read as a table at all; nothing was written."""


@dataclass(frozen=True)
class Row:
    """One record: `line` is the physical line where it starts (the header is line 1), or the sheet row."""

    line: int
    cells: tuple[str, ...]
    error: str = ""
    """Why the reader could not split this record (it is then reported, never dropped)."""


class Table:
    """An open table: its format, encoding, delimiter and header, and an iterator over its data rows."""

    def __init__(
        self,
        path: Path,
        fmt: str,
        encoding: str,
        delimiter: str,
        header: tuple[str, ...],
        header_line: int,
        rows: Iterator[Row],
        total: int | None,
        closer: Any,
        sheet: str = "",
        sheets: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.format = fmt
        self.encoding = encoding
        self.delimiter = delimiter
        self.header = header
        self.header_line = header_line
        self.rows = rows
        self.total = total
        """Data rows the file says it holds (XLSX), or None when only reading through tells (CSV)."""
        self.sheet = sheet
        """The sheet read (XLSX), else ""."""
        self.sheets = sheets
        """Every sheet of the workbook, in order (XLSX), else ()."""
        self.empty_sheets: tuple[str, ...] = ()
        """Empty sheets passed over before the one read (XLSX)."""
        self.above: tuple[Row, ...] = ()
        """Rows above the header that hold something (a title, the top row of a merged header)."""
        self._closer = closer
        self._peeked: list[Row] = []

    def peek(self, count: int) -> list[Row]:
        """The first `count` rows under the header, still given by `rows` after."""
        rest = self.rows
        self._peeked = list(itertools.islice(rest, count))
        self.rows = itertools.chain(self._peeked, rest)
        return self._peeked

    def header_at(self, row: Row) -> None:
        """Read `row`, one of those `peek` gave, as the header: the rows above it are no data."""
        at = self._peeked.index(row)
        rest = self.rows
        for _ in range(at + 1):  # the peeked rows come first in `rows`
            next(rest)
        above = [Row(self.header_line, self.header), *self._peeked[:at]]
        self.above = tuple(r for r in above if any(cell.strip() for cell in r.cells))
        if self.total is not None:
            self.total -= row.line - self.header_line
        self.header, self.header_line = tuple(cell.strip() for cell in row.cells), row.line
        self._peeked = self._peeked[at + 1 :]

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, self.delimiter)

    def close(self) -> None:
        self._closer.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _fail(path: Path, what: str) -> ImportFileError:
    return ImportFileError(f"cannot import {path.name}: {what}")


def open_table(path: Path, sheet: int = 0) -> Table:
    """Open a CSV or XLSX file (the `sheet`-th sheet of a workbook); ImportFileError naming the file and
    what to do if it is not a table."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _fail(path, "there is no such file; check the path") from None
    except IsADirectoryError:
        raise _fail(path, "it is a folder; give the export file inside it") from None
    except OSError as exc:
        raise _fail(path, f"it cannot be read ({exc.strerror}); check its permissions") from None
    if not head.strip():
        raise _fail(path, "the file is empty; export the attendee list again")
    if head.startswith(_XLSX_MAGIC):
        return _open_xlsx(path, sheet)
    if head.startswith(_OLE_MAGIC):
        raise _fail(path, "it is an old Excel .xls workbook; open it in Excel and save it as .xlsx or CSV")
    other = _other_kind(head)
    if other:
        raise _fail(path, other)
    return _open_csv(path, head)


def _other_kind(head: bytes) -> str:
    """Why a file that is a web page or a PDF (saved under a .csv name) is not an export, and what to do."""
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf-"):
        return "it is a PDF document, not a spreadsheet; export the attendee list as CSV or XLSX instead"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return (
            "it is a web page (HTML), not a spreadsheet: the download probably failed or needed a sign-in; "
            "download the attendee export again and check that it opens in Excel"
        )
    return ""


def sniff_encoding(head: bytes, whole: bool) -> str | None:
    """The encoding of a file that starts with `head` (the whole file if `whole`), or None if not text."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        # Excel writes UTF-16 with a byte-order mark; a script or database tool may leave it out. Such text
        # has a zero byte beside nearly every Latin letter, digit and delimiter; binary files have no pattern.
        return _utf16_without_bom(head)
    if _utf8_but_for_some_lines(head, whole):
        return "utf-8"
    best = charset_normalizer.from_bytes(head).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name.replace("-", "_")
    if name in _LATIN_SIBLINGS:
        try:
            head.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 ("utf-16-le" or "utf-16-be") of text written without a byte-order mark, else None."""
    sample = head[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * len(zeros) and letters.count(0) <= 0.02 * len(letters):
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\n" in text or "\r" in text or len(sample) < 4096:
                return encoding
    return None


def _utf8_but_for_some_lines(head: bytes, whole: bool) -> bool:
    """Whether `head` is UTF-8, or UTF-8 where at most half the lines holding non-ASCII bytes are not.

    In a single-byte encoding (cp1252, latin-1, cp1251...) a line with accents is all but never valid UTF-8:
    a letter from 0xC0 up followed by an ASCII one, as in "José,", is invalid there, and valid multi-byte
    sequences need lead bytes followed by just the right symbols. So lines that are valid UTF-8 with
    non-ASCII in them are evidence of UTF-8 no legacy file gives; when they are at least as many as the lines
    that are not, the file is UTF-8 with a few damaged lines (a row pasted from another file, a bad byte),
    whose bytes are read as U+FFFD so that their rows, and only they, are rejected.
    """
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
        return True
    except UnicodeDecodeError:
        pass
    lines = head.splitlines()  # only at CR and LF, which never occur inside a UTF-8 sequence
    valid = invalid = 0
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            if whole or number < len(lines):
                line.decode("utf-8")
            else:  # a character cut at the end of the sample is not an error
                codecs.getincrementaldecoder("utf-8")().decode(line)
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
    return valid >= invalid


def _open_csv(path: Path, head: bytes) -> Table:
    size = path.stat().st_size
    encoding = sniff_encoding(head, whole=len(head) == size)
    if encoding is None:
        raise _fail(path, "it is not a text file (CSV) nor an Excel .xlsx workbook; export the list as CSV or XLSX")
    # A character cut at the 64 KiB boundary is left out of the sample, not mis-decoded.
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=len(head) == size)
    if sum(1 for ch in sample[:4096] if ch < " " and ch not in "\t\r\n") > 8:
        raise _fail(path, "it is not a text file (CSV) nor an Excel .xlsx workbook; export the list as CSV or XLSX")
    delimiter = sniff_delimiter(sample)
    raw = path.open("rb")
    # Bytes that are not valid in the sniffed encoding become U+FFFD; the row holding them is then reported.
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=False)
    try:
        header_line, header = _first_record(reader)
    except csv.Error as exc:
        text.close()
        raise _fail(path, f"its first line cannot be read as CSV ({exc}); save it from the spreadsheet again") from None
    if header is None:
        text.close()
        raise _fail(path, "it holds no header row, only blank lines; export the attendee list again")
    return Table(path, "csv", encoding, delimiter, header, header_line, _csv_rows(reader), None, text)


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon, tab or pipe: the one that splits the most of the first lines into the same number
    of cells (quotes respected), so a title line above the header, or a comma inside a value, does not
    decide; comma when nothing says otherwise, and on a tie."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if (found := _row_shape(lines, delimiter)) > score:
            best, score = delimiter, found
    return best


def _row_shape(lines: list[str], delimiter: str) -> tuple[int, int]:
    """How many of `lines` split by `delimiter` into the most common number of cells above one, and that
    number."""
    try:
        widths = Counter(len(record) for record in csv.reader(lines, delimiter=delimiter) if len(record) > 1)
    except csv.Error:
        return 0, 0
    if not widths:
        return 0, 0
    width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
    return rows, width


def _first_record(reader: Any) -> tuple[int, tuple[str, ...] | None]:
    for record in reader:
        if any(cell.strip() for cell in record):
            return reader.line_num, tuple(cell.strip() for cell in record)
    return 0, None


def _csv_rows(reader: Any) -> Iterator[Row]:
    last = reader.line_num
    while True:
        start = last + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = reader.line_num
            yield Row(start, (), f"cannot be read as CSV ({exc})")
            continue
        last = reader.line_num
        yield Row(start, tuple(record))


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a person saw in the cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # an id typed as a number: "1234567" not "1234567.0"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path, index: int = 0) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        reason = f"it looks like an Excel workbook but cannot be opened ({exc}); save it again as .xlsx"
        raise _fail(path, reason) from None
    sheet = book.worksheets[index] if index < len(book.worksheets) else None
    if sheet is None:
        book.close()
        raise _fail(path, "the workbook has no sheets; export the attendee list again")
    names = tuple(str(s.title) for s in book.worksheets)
    explicit = index > 0  # a sheet asked for by number: no other is read in its place
    empty: list[str] = []
    while True:
        rows = _sheet_rows(book, sheet)
        header_line, header = 0, None
        for row in rows:
            if any(cell.strip() for cell in row.cells):
                header_line, header = row.line, tuple(cell.strip() for cell in row.cells)
                break
        if header is not None:
            break
        # An empty first sheet (the "Sheet1" a workbook starts with) is passed over for the next one.
        empty.append(names[index])
        if explicit or index + 1 >= len(names):
            book.close()
            if explicit or len(names) == 1:
                where = f"its sheet {names[index]!r} holds" if explicit else "its only sheet holds"
            else:
                where = f"its sheets ({', '.join(map(repr, empty))}) hold"
            raise _fail(path, f"{where} no rows; put the attendee list, column names first, in the workbook")
        index += 1
        sheet = book.worksheets[index]
    total = sheet.max_row - header_line if isinstance(sheet.max_row, int) and sheet.max_row >= header_line else None
    table = Table(path, "xlsx", "", "", header, header_line, rows, total, book, names[index], names)
    table.empty_sheets = tuple(empty)
    return table


class _Unsaved(str):
    """The text of a formula saved without its value: nothing the file says the cell shows."""


@functools.cache
def _sheet_parser() -> type:
    """openpyxl's streaming sheet parser, giving the values saved with formulas and marking a formula saved
    without one (its reader gives None, an empty cell, for both it and a cell that is empty)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class SavedValues(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.find(FORMULA_TAG)
                # A text result may be saved empty (<v/>); a number, date, boolean or error never is.
                if formula is not None and (element.get("t") != "str" or element.find(VALUE_TAG) is None):
                    cell["value"] = _Unsaved("=" + (formula.text or ""))
            return cell

    return SavedValues


def _sheet_rows(book: Any, sheet: Any) -> Iterator[Row]:
    """A read-only sheet's rows as text, numbered as in the sheet, streamed as openpyxl's iter_rows does.

    A workbook written by a program (openpyxl, a script) may hold formulas with no value saved, which
    Excel or LibreOffice compute on opening: the row holding one is given an error, never read as empty.
    """
    from openpyxl.utils import get_column_letter

    width = sheet.max_column if isinstance(sheet.max_column, int) else 0
    expected = 1
    with sheet._get_source() as source:
        parser = _sheet_parser()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            for missing in range(expected, number):  # rows the sheet leaves out are empty
                yield Row(missing, ("",) * width)
            expected = max(expected, number + 1)
            values = [""] * max(width, max((cell["column"] for cell in cells), default=0))
            unsaved = []
            for cell in cells:
                value = cell["value"]
                if isinstance(value, _Unsaved):
                    unsaved.append(f"{get_column_letter(cell['column'])}{number}")
                values[cell["column"] - 1] = cell_text(value)
            yield Row(number, tuple(values), _unsaved_error(unsaved))


def _unsaved_error(cells: list[str]) -> str:
    if not cells:
        return ""
    what = "a formula with no saved value in cell" if len(cells) == 1 else "formulas with no saved value in cells"
    return (
        f"the row holds {what} {', '.join(cells)}: open the file in Excel or LibreOffice, save it, and import it "
        "again"
    )
