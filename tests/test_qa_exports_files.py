"""What staff export and send after the day, opened as a state office opens it: an export that fails halfway
leaves the earlier file whole, text stays the text typed in Excel, columns show what they hold, a report is
never written under a spreadsheet's name, and a long convening name prints whole at a size one can read."""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.core.exports import tables
from kiosk.core.exports.tabular import Table, write_csv, write_xlsx
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.core.services.registrants import RegistrantDraft

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
EARLIER = b"the export staff made this morning\r\n"


@pytest.fixture
def day(kiosk: Kiosk, event: Event) -> Kiosk:
    org = kiosk.organizations.create("#N/A", languages=["es"])
    people = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="-Ana", last_name="López", phone="+1 559 555 0100", organization_id=org.id,
                            title="#REF!", email="ana@example.org"),
            RegistrantDraft(first_name="Bao", last_name="Trần", phone="(559) 555-0102", title="Elected official"),
            RegistrantDraft(first_name="فاطمه", last_name="احمدی", phone="(559) 555-0103"),
        ],
    )  # fmt: skip
    for person in people:
        kiosk.checkins.check_in(person.id, CheckInMethod.QR)
    kiosk.contributions.add_many(event.id, [Draft("built", "#N/A"), Draft("proud", "@SUM(1)")])
    return kiosk


def _failing_after(table: Table, rows: int) -> Table:
    """`table` whose rows run out of disk after `rows` of them, as a full USB stick does."""

    def run() -> Iterator[object]:
        yield from itertools.islice(table.rows, rows)
        raise OSError(errno.ENOSPC, "No space left on device")

    return Table(table.name, table.header, run(), table.widths, table.wrap, table.dates)  # type: ignore[arg-type]


def test_a_csv_export_that_fails_halfway_leaves_the_earlier_file_whole_and_no_cut_off_copy(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "registrants.csv"
    out.write_bytes(EARLIER)
    with pytest.raises(OSError):
        write_csv(out, _failing_after(tables.registrants(day, event), 2))
    assert out.read_bytes() == EARLIER
    assert [p.name for p in folder.iterdir()] == ["registrants.csv"]


def test_an_xlsx_export_that_fails_halfway_leaves_no_file_behind(day: Kiosk, event: Event, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(OSError):
        write_xlsx(folder / "attendance.xlsx", [_failing_after(tables.attendance(day, event), 1)])
    assert list(folder.iterdir()) == []


def test_an_export_to_a_folder_that_is_not_there_writes_nothing_and_says_so(
    day: Kiosk, event: Event, tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    out = tmp_path / "missing" / "all.xlsx"
    day.close()
    assert main(["export", "all", "--out", str(out), "--data-dir", str(data_dir), "--event", event.slug]) == 1
    assert "cannot write" in capsys.readouterr().err and not out.parent.exists()


def test_text_that_reads_as_an_excel_error_stays_the_text_typed_in_xlsx(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    out = tmp_path / "all.xlsx"
    tables.export_table(day, event, "all", "xlsx", out)
    book = load_workbook(out)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type in ("e", "f")]
    errors = [c for c in cells if c.value in ("#N/A", "#REF!")]
    assert {c.value for c in errors} == {"#N/A", "#REF!"} and all(c.quotePrefix for c in errors)
    # A name or a phone that starts like a formula still reads as typed, with nothing added.
    assert {"-Ana", "+1 559 555 0100", "@SUM(1)"} <= {c.value for c in cells}


def test_the_haves_and_needs_workbook_keeps_an_error_looking_name_as_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from kiosk.core.exports.tabular import neutralize

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["#DIV/0!", "=1+1", "plain"])
    neutralize(sheet)
    book.save(tmp_path / "m.xlsx")
    row = next(load_workbook(tmp_path / "m.xlsx").active.iter_rows())  # type: ignore[union-attr]
    assert [(c.value, c.data_type) for c in row] == [("#DIV/0!", "s"), ("=1+1", "s"), ("plain", "s")]


def test_every_xlsx_column_is_wide_enough_for_a_phone_a_role_and_a_whole_id(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    out = tmp_path / "all.xlsx"
    tables.export_table(day, event, "all", "xlsx", out, include_hidden=True)
    book = load_workbook(out)
    for sheet in book.worksheets:
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        for index, name in enumerate(header, 1):
            values = [str(c.value) for c in next(sheet.iter_cols(min_col=index, max_col=index, min_row=2))
                      if isinstance(c.value, str)]  # fmt: skip
            widest = max((len(v) for v in values if "\n" not in v), default=0)
            if name in ("phone", "role", "registrant id", "id", "connection id"):
                width = sheet.column_dimensions[sheet.cell(1, index).column_letter].width
                assert width >= widest, (sheet.title, name, width, widest)


@pytest.mark.parametrize("name", ["report.xlsx", "report.csv"])
def test_a_report_named_as_a_spreadsheet_is_refused_and_the_file_there_is_kept(
    day: Kiosk, event: Event, tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    out = tmp_path / name
    out.write_bytes(EARLIER)
    day.close()
    assert main(["report", "day", "--out", str(out), "--data-dir", str(data_dir), "--event", event.slug]) == 1
    assert "a report is a PDF" in capsys.readouterr().err
    assert out.read_bytes() == EARLIER


LONG_NAME = "Central Valley Hmong, Punjabi and Latino Media Partners Convening at the Fresno Convention Center"
LONG_SERIES = (
    "Central Valley Media and Community Partners Learning Series 2025–2026 (Hmong, Punjabi, Latino, Arab American)"
)


def _words(pdf: Path, page: int, above: float = 792) -> list[tuple[str, float]]:
    """Each word (a line, for the report's lines) of a page that starts less than `above` points from the
    top, with its height in points (pdftotext -bbox)."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    return [
        (unicodedata.normalize("NFKC", word), float(y1) - float(y0)) for y0, y1, word in found if float(y0) < above
    ]


@needs_poppler
def test_the_series_report_prints_a_long_convening_name_and_series_name_whole_at_a_readable_size(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    from kiosk.core.figures import series_figures
    from kiosk.core.reports.series import write_series_report

    first = kiosk.events.create(name=LONG_NAME, slug="a", date=dt.date(2025, 5, 14), city="Fresno", series=LONG_SERIES)
    kiosk.events.create(name="Oxnard", slug="b", date=dt.date(2025, 6, 1), city="Oxnard", series=LONG_SERIES)
    person = kiosk.registrants.register_many(first.id, [RegistrantDraft(first_name="Ana", last_name="Ruiz")])[0]
    kiosk.checkins.check_in(person.id, CheckInMethod.QR)
    out = tmp_path / "series.pdf"
    write_series_report(kiosk, out, series_figures(kiosk.ctx, LONG_SERIES))

    band = " ".join(word for word, _ in _words(out, 1, above=232))  # the cover's dark band
    assert "Arab American)" in band and "…" not in band  # the title whole, set smaller, not cut
    listed = [height for line, height in _words(out, 2) if "Convention" in line]
    # At the list's 10 points (a line 13.6 points high), not shrunk to fit one line.
    assert listed and min(listed) >= 13, listed


@needs_poppler
def test_a_series_of_one_convening_says_one_convening(kiosk: Kiosk, tmp_path: Path) -> None:
    from kiosk.core.figures import series_figures
    from kiosk.core.reports.series import write_series_report

    kiosk.events.create(name="Fresno", slug="a", date=dt.date(2025, 5, 14), city="Fresno", series="Pilot")
    out = tmp_path / "series.pdf"
    write_series_report(kiosk, out, series_figures(kiosk.ctx, "Pilot"))
    text = " ".join(word for page in (1, 2) for word, _ in _words(out, page))
    assert "1 convening ·" in text and "Pilot: 1 convening." in text and "1 convenings" not in text
