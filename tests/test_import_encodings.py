"""Reading an export's text right: UTF-8 with a few bad bytes, legacy code pages, XLSX formulas without values."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlmodel import select

from kiosk.core.io.tabular import SNIFF_BYTES, open_table, sniff_encoding
from kiosk.core.models import Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.imports import ImportSummary

HEADER = "First Name,Last Name,Organization\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(kiosk: Kiosk, event: Event, path: Path) -> ImportSummary:
    return kiosk.imports.run(path, event.id)


def names(kiosk: Kiosk, event: Event) -> list[tuple[str, str]]:
    with kiosk.ctx.store.session() as s:
        people = s.exec(select(Registrant).where(Registrant.event_id == event.id))
        return sorted((r.first_name, r.last_name) for r in people)


# UTF-8 with a few bad bytes -----------------------------------------------------------------------------


def test_one_bad_byte_rejects_only_its_line_and_keeps_every_accent(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    data = b"First Name,Last Name,Email\nJos\xc3\xa9,Mu\xc3\xb1oz,j@example.org\n"
    data += b"Ana,Garc\xc3\xada,a@example.org\nBroken,Name\xe9,b@example.org\n"
    summary = run(kiosk, event, write(tmp_path, "onebad.csv", data))
    assert summary.encoding == "utf-8"
    assert summary.added == 2
    [rejected] = summary.rejections
    assert rejected.line == 4
    assert "Last Name" in rejected.reason and "save the file as UTF-8" in rejected.reason
    assert names(kiosk, event) == [("Ana", "García"), ("José", "Muñoz")]


def test_a_file_of_many_scripts_with_one_bad_byte_is_read_not_refused(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    people = [("سارا", "محمدی"), ("Nguyễn", "Văn An"), ("李", "伟"), ("Zoë", "Côté")]
    lines = [f"{first},{last}{n},p{n}@example.org" for n, (first, last) in enumerate(people * 5)]
    data = ("First Name,Last Name,Email\n" + "\n".join(lines) + "\n").encode()
    data = data.replace("Văn An5".encode(), b"V\xe3n An5")  # one row from a cp1252 file
    summary = run(kiosk, event, write(tmp_path, "scripts.csv", data))
    assert summary.encoding == "utf-8"
    assert (summary.added, [r.line for r in summary.rejections]) == (19, [7])
    assert ("سارا", "محمدی0") in names(kiosk, event) and ("Nguyễn", "Văn An1") in names(kiosk, event)


def test_an_accent_on_as_many_lines_as_bad_bytes_still_reads_as_utf8(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    data = b"First Name,Last Name,Email\nGood,Row,g@example.org\nBad\x81\x8d,Byte\xff,b@example.org\n"
    data += "Café,Utf8,c@example.org\n".encode()
    summary = run(kiosk, event, write(tmp_path, "mixed.csv", data))
    assert summary.encoding == "utf-8"
    assert [r.line for r in summary.rejections] == [3]
    assert names(kiosk, event) == [("Café", "Utf8"), ("Good", "Row")]


def test_a_sample_cut_inside_a_character_is_not_counted_as_a_bad_line() -> None:
    row = "Zoë,Côté,Café Olé\n".encode()
    head = (HEADER.encode() + b"Bad,Byte\xff,x\n" + row * (SNIFF_BYTES // len(row) + 1))[:SNIFF_BYTES]
    head = head[: head.rindex("é".encode()) + 1]  # ends with the first byte of an "é"
    assert sniff_encoding(head, whole=False) == "utf-8"


# Cells without control characters, surrogates, the delimiter or quotes, nor U+FFFD itself (so that each one
# read is a bad byte replaced).
CELL_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=',"\ufffd')
NON_ASCII = st.characters(
    min_codepoint=0x80, codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffd"
)
ROWS = st.lists(
    st.tuples(
        st.builds(lambda accent, rest: accent + rest, NON_ASCII, st.text(CELL_CHARS, max_size=12)),
        st.text(CELL_CHARS, max_size=12),
        st.text(CELL_CHARS, max_size=20),
    ),
    min_size=2,
    max_size=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, data=st.data())
def test_utf8_rows_with_a_few_bad_bytes_read_as_utf8_with_each_bad_byte_replaced(
    tmp_path: Path, rows: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    """Up to half the rows take one to three bytes that are not UTF-8 (0x80-0xFF between two characters)."""
    damaged = data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1, max_size=len(rows) // 2))
    raw, expected = [HEADER.encode()], []
    for number, cells in enumerate(rows):
        spots: set[tuple[int, int]] = set()  # (column, character it comes before), never two at one place
        if number in damaged:
            for _ in range(data.draw(st.integers(1, 3), label="bad bytes in the row")):
                column = data.draw(st.integers(0, 2), label="column")
                spots.add((column, data.draw(st.integers(0, len(cells[column])), label="position")))
        line, shown = [], []
        for column, cell in enumerate(cells):
            cell_bytes, cell_shown = b"", ""
            for at in range(len(cell) + 1):
                if (column, at) in spots:
                    cell_bytes += bytes([data.draw(st.integers(0x80, 0xFF), label="bad byte")])
                    cell_shown += "\ufffd"
                if at < len(cell):
                    cell_bytes += cell[at].encode()
                    cell_shown += cell[at]
            line.append(cell_bytes)
            shown.append(cell_shown)
        raw.append(b",".join(line) + b"\n")
        expected.append(tuple(shown))
    assert any("\ufffd" in "".join(cells) for cells in expected)
    with open_table(write(tmp_path, "damaged.csv", b"".join(raw))) as table:
        assert table.encoding == "utf-8"
        assert [row.cells for row in table.rows] == expected


# Legacy code pages ---------------------------------------------------------------------------------------

CP1252_CHARS = st.sampled_from(
    [ch for ch in bytes(range(0x20, 0x100)).decode("cp1252", errors="ignore") if ch not in "\r\n\x7f"]
)
ACCENTS = st.sampled_from("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ")
CP1252_ROW = st.builds(
    lambda before, accent, after, rest: f"{before}{accent}{after}{rest}",
    st.text(CP1252_CHARS, max_size=15),
    ACCENTS,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ,."),
    st.text(CP1252_CHARS, max_size=15),
)


@given(rows=st.lists(CP1252_ROW, min_size=1, max_size=30))
def test_cp1252_text_with_accents_is_never_read_as_utf8(rows: list[str]) -> None:
    """Random cp1252 rows (any of its characters, so with many byte pairs that are valid UTF-8), each with
    an accented letter followed by an ASCII one, as in "José," or "Muñoz": never taken for UTF-8."""
    data = (HEADER + "\n".join(rows) + "\n").encode("cp1252")
    assert sniff_encoding(data, whole=True) != "utf-8"


def test_a_cp1252_file_with_accents_and_stray_utf8_pairs_reads_as_cp1252(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    # "É’" and "Ô’" are valid UTF-8 pairs (U+0252, U+0512): the lines around them are not.
    people = ["José,Muñoz,CAFÉ’S", "Zoë,Côté,Ô’Brien & Sons", "François,Pérez,Niños Unidos", "Ana,García,Café Olé"]
    data = ("First Name,Last Name,Company\n" + "\n".join(people) + "\n").encode("cp1252")
    summary = run(kiosk, event, write(tmp_path, "cp1252.csv", data))
    assert (summary.encoding, summary.added, summary.rejected) == ("cp1252", 4, 0)
    assert names(kiosk, event) == [("Ana", "García"), ("François", "Pérez"), ("José", "Muñoz"), ("Zoë", "Côté")]


# XLSX formulas -------------------------------------------------------------------------------------------


def workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    book.save(path)
    return path


def with_cells(path: Path, cells: dict[str, str]) -> Path:
    """The workbook with these cells' XML replaced, as Excel would have saved them."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, xml in cells.items():
        sheet, found = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, sheet)
        assert found == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, part in parts.items():
            new.writestr(name, part)
    return path


def test_a_formula_saved_without_its_value_rejects_its_row_naming_the_cell(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = workbook(
        tmp_path,
        [
            ["First Name", "Last Name", "Organization"],
            ["Ana", "Ruiz", '=CONCATENATE("Viet"," Media")'],
            ["Bao", "Tran", "Fresno Center"],
        ],
    )
    summary = run(kiosk, event, path)
    assert summary.added == 1
    [rejected] = summary.rejections
    assert rejected.line == 2
    assert "formula with no saved value in cell C2" in rejected.reason
    assert "open the file in Excel or LibreOffice, save it" in rejected.reason
    assert names(kiosk, event) == [("Bao", "Tran")]


def test_formulas_saved_with_their_values_read_those_values(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    path = workbook(
        tmp_path,
        [
            ["First Name", "Last Name", "Organization", "Attendee #", "Notes"],
            ["Ana", "Ruiz", "=X", "=Y", "=Z"],
        ],
    )
    with_cells(
        path,
        {
            "C2": '<c r="C2" t="str"><f>CONCATENATE("Viet"," Media")</f><v>Viet Media</v></c>',
            "D2": '<c r="D2"><f>5000+1</f><v>5001</v></c>',
            "E2": '<c r="E2" t="str"><f>IF(TRUE,"","x")</f><v></v></c>',  # an empty text result
        },
    )
    with open_table(path) as table:
        [row] = list(table.rows)
    assert row.cells == ("Ana", "Ruiz", "Viet Media", "5001", "") and row.error == ""
    assert run(kiosk, event, path).added == 1


def test_utf16_written_without_a_byte_order_mark_is_read_not_called_binary(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    text = "First name\tLast name\tOrganization\r\nمحمد\tالعلي\tArab Community Center\r\nAna\tRuiz\tCentro\r\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = write(tmp_path, f"{encoding}.txt", text.encode(encoding))
        assert sniff_encoding(path.read_bytes(), whole=True) == encoding
    summary = run(kiosk, event, tmp_path / "utf-16-le.txt")
    assert (summary.added, summary.rejected) == (2, 0)
    assert sorted(names(kiosk, event)) == [("Ana", "Ruiz"), ("محمد", "العلي")]
