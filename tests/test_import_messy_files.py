"""Messy exports as staff bring them: rows repeated with another spelling, title rows, merged headers,
several sheets, a web page saved as .csv, a file with a header and nothing under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from kiosk.core.io.tabular import ImportFileError, sniff_delimiter
from kiosk.core.models import Event, Organization, Registrant
from kiosk.core.services import Kiosk


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def organizations(kiosk: Kiosk) -> list[str]:
    with kiosk.ctx.store.session() as s:
        return sorted(o.name for o in s.exec(select(Organization)))


def people(kiosk: Kiosk, event: Event) -> list[tuple[str, str, str]]:
    with kiosk.ctx.store.session() as s:
        found = s.exec(select(Registrant).where(Registrant.event_id == event.id))
        return sorted((r.first_name, r.last_name, r.email) for r in found)


def test_a_rejected_repeat_of_a_person_leaves_no_organization_behind(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = write(
        tmp_path,
        "people.csv",
        "First Name,Last Name,Email,Organization\n"
        "Tou,Xiong,tou@example.org,Fresno Hmong Center\n"
        "Tou,Xiong,tou@example.org,Fresno Hmong Centre\n",
    )

    summary = kiosk.imports.run(path, event.id)

    assert (summary.added, summary.rejected) == (1, 1)
    assert summary.organizations_created == 1
    assert summary.suggestions == ()
    assert organizations(kiosk) == ["Fresno Hmong Center"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
            b"<body><p>Your session expired.</p></body></html>\n",
            "it is a web page (HTML), not a spreadsheet",
        ),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "it is a PDF document, not a spreadsheet"),
    ],
)
def test_a_web_page_or_a_pdf_saved_as_csv_is_refused_saying_what_it_is(
    tmp_path: Path, kiosk: Kiosk, event: Event, content: bytes, says: str
) -> None:
    path = tmp_path / "attendees.csv"
    path.write_bytes(content)

    with pytest.raises(ImportFileError) as refused:
        kiosk.imports.run(path, event.id)

    assert str(refused.value).startswith(f"cannot import attendees.csv: {says}")
    assert people(kiosk, event) == []


def test_a_title_row_above_the_header_of_a_workbook_is_skipped_and_said(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Fresno Convening registrations (exported April 5)"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["First Name", "Last Name", "Email", "Organization"])
    sheet.append(["Lan", "Phạm", "lan@example.org", "Asian Pacific Self-development"])
    sheet.append(["Rosa", "Díaz", "rosa@example.org", "Centro Binacional"])
    path = tmp_path / "registrations.xlsx"
    book.save(path)

    summary = kiosk.imports.run(path, event.id)

    assert (summary.added, summary.rejected) == (2, 0)
    assert people(kiosk, event) == [("Lan", "Phạm", "lan@example.org"), ("Rosa", "Díaz", "rosa@example.org")]
    assert summary.problems[0] == (
        "row 1 is above the header row (row 3): read as a title, not imported "
        "(Fresno Convening registrations (exported April 5))"
    )


def test_the_lower_row_of_a_two_row_merged_header_is_the_header(tmp_path: Path, kiosk: Kiosk, event: Event) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", None, "Contact", None])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:D1")
    sheet.append(["First", "Last", "Email", "Phone"])
    sheet.append(["Ana", "Ruiz", "ana@example.org", "5595550001"])
    path = tmp_path / "merged.xlsx"
    book.save(path)

    preview = kiosk.imports.preview(path)
    summary = kiosk.imports.run(path, event.id)

    assert preview.headers == ("First", "Last", "Email", "Phone")
    assert preview.rows == (("Ana", "Ruiz", "ana@example.org", "5595550001"),)
    assert (summary.added, summary.rejected) == (1, 0)
    assert people(kiosk, event) == [("Ana", "Ruiz", "ana@example.org")]
    assert "row 1 is above the header row (row 2)" in summary.problems[0]


def test_a_csv_header_stays_the_header_when_a_row_under_it_holds_column_names(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = write(tmp_path, "roles.csv", "First Name,Last Name,Title\nEmail,Phone,Organization\nAna,Ruiz,Director\n")

    summary = kiosk.imports.run(path, event.id)

    assert summary.added == 2 and summary.problems == (
        "no email or id column: re-imports will match people by name and organization only",
    )


def test_a_workbook_whose_first_sheet_is_a_summary_reads_the_sheet_of_people_and_says_so(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Total registrations", 2])
    attendees = book.create_sheet("Attendees")
    attendees.append(["First Name", "Last Name", "Email"])
    attendees.append(["Ana", "Ruiz", "ana@example.org"])
    attendees.append(["Bao", "Tran", "bao@example.org"])
    path = tmp_path / "report.xlsx"
    book.save(path)

    summary = kiosk.imports.run(path, event.id)

    assert (summary.added, summary.rejected) == (2, 0)
    assert summary.problems == (
        "read the sheet 'Attendees': the first sheet, 'Summary', has no column that gives a name",
    )


def test_a_workbook_with_no_name_column_in_any_sheet_is_refused_naming_its_sheets(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Total registrations", 2])
    book.create_sheet("Budget").append(["Item", "Cost"])
    path = tmp_path / "report.xlsx"
    book.save(path)

    with pytest.raises(ImportFileError, match=r"no column gives a name in any of its sheets \('Summary', 'Budget'\)"):
        kiosk.imports.run(path, event.id)


def test_a_file_with_a_header_and_no_rows_says_there_was_nothing_to_import(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    summary = kiosk.imports.run(write(tmp_path, "empty.csv", "First Name,Last Name,Email\r\n"), event.id)

    assert (summary.rows, summary.added, summary.rejected) == (0, 0, 0)
    assert summary.problems[0] == (
        "the file holds its header row (line 1) and no rows under it: nothing to import; export the attendee list again"
    )


def test_a_workbook_whose_first_sheet_is_empty_reads_the_next_and_says_so(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    book = Workbook()  # "Sheet", left empty as Excel leaves a new workbook's first sheet
    people = book.create_sheet("Registrations")
    people.append(["First Name", "Last Name", "Email"])
    people.append(["Ana", "Ruiz", "ana@example.org"])
    path = tmp_path / "people.xlsx"
    book.save(path)

    summary = kiosk.imports.run(path, event.id)

    assert (summary.added, summary.rejected) == (1, 0)
    assert summary.problems == ("the sheet 'Sheet' is empty: read the sheet 'Registrations'",)


def test_a_workbook_of_empty_sheets_is_refused_naming_them_and_writes_nothing(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    book = Workbook()
    book.create_sheet("Sheet2")
    path = tmp_path / "blank.xlsx"
    book.save(path)

    with pytest.raises(ImportFileError, match=r"its sheets \('Sheet', 'Sheet2'\) hold no rows; put the attendee"):
        kiosk.imports.run(path, event.id)

    assert kiosk.events.figures(event.id).registered == 0


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("Registrations, Fresno 2026\nFirst name;Last name;Email\nAna;Ruiz;a@x.org\nBao;Tran;b@x.org\n", ";"),
        ("Fresno 2026\nFirst name\tLast name\tCompany\nAna\tRuiz\tFresno Center, Inc.\n", "\t"),
        ('First name,Last name,Languages\nAna,Ruiz,"English; Spanish"\nBao,Tran,Vietnamese; English\n', ","),
        ('First,Last,Organization\nAna,Ruiz,"Centro; Binacional, Inc."\n', ","),
        ("First name\nAna\nBao\n", ","),
        ("", ","),
    ],
)
def test_the_delimiter_is_the_one_that_splits_most_lines_alike(sample: str, delimiter: str) -> None:
    assert sniff_delimiter(sample) == delimiter


def test_a_semicolon_export_with_a_title_line_imports_under_its_header(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = tmp_path / "excel-fr.csv"
    text = "Registrations, Fresno 2026\r\nFirst name;Last name;Email\r\nJosé;Muñoz;jose@example.org\r\n"
    path.write_bytes(text.encode("cp1252"))

    summary = kiosk.imports.run(path, event.id)

    assert (summary.added, summary.rejected) == (1, 0)
    assert summary.problems[0].startswith("line 1 is above the header row (line 2): read as a title")


def test_a_quote_never_closed_is_reported_with_the_lines_it_swallowed(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = tmp_path / "stray-quote.csv"
    path.write_bytes(b'First name,Last name,Email\r\n"Ana,Ruiz,a@x.org\r\nBao,Tran,b@x.org\r\nCai,Li,c@x.org\r\n')
    summary = kiosk.imports.run(path, event.id)
    assert summary.added == 0
    (rejected,) = summary.rejections
    assert rejected.line == 2
    assert "column First name" in rejected.reason and "lines 2–4" in rejected.reason
    assert "3 rows of the file" in rejected.reason


def test_a_paragraph_answer_over_several_lines_is_not_taken_for_swallowed_rows(
    tmp_path: Path, kiosk: Kiosk, event: Event
) -> None:
    path = tmp_path / "paragraph.csv"
    path.write_bytes(
        b"First name,Last name,Email,Organization,Tell us about your work,Sessions\r\n"
        b'Ana,Ruiz,a@x.org,Centro,"We serve Fresno, Madera,\r\nand Tulare, Kings counties.\r\nAlso Merced.",A\r\n'
        b"Bao,Tran,b@x.org,VietUnity,,B\r\n"
    )
    summary = kiosk.imports.run(path, event.id)
    assert (summary.added, summary.rejected) == (2, 0)


@pytest.mark.parametrize("header", ["Organization’s name", "“Organization”", "Name of your organization"])
def test_an_organization_column_headed_as_forms_and_word_processors_write_it_is_read(
    tmp_path: Path, kiosk: Kiosk, event: Event, header: str
) -> None:
    path = write(tmp_path, "form.csv", f"First Name,Last Name,{header}\nMai,Vang,Fresno Hmong Center\n")
    summary = kiosk.imports.run(path, event.id)
    assert (summary.added, summary.rejected) == (1, 0)
    assert organizations(kiosk) == ["Fresno Hmong Center"]
