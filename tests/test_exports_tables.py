"""Staff exports: CSV with a BOM and formulas neutralized, XLSX with a sheet per table, connections with
only the contact details people agreed to share."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.core.exports.tables import TABLES, export_table
from kiosk.core.exports.tabular import Table, write_csv, write_xlsx
from kiosk.core.figures import day_figures
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.core.services.registrants import RegistrantDraft


@pytest.fixture
def day(kiosk: Kiosk, event: Event) -> Kiosk:
    org = kiosk.organizations.create("=HYPERLINK(\"http://x\")", languages=["es"])
    people = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="=1+1", last_name="Ruiz", email="ana@example.org", phone="555-0101",
                            organization_id=org.id),
            RegistrantDraft(first_name="Bao", last_name="Trần", email="bao@example.org", phone="555-0102"),
            RegistrantDraft(first_name="فاطمه", last_name="Ahmadi", email="fatemeh@example.org", phone="555-0103"),
            RegistrantDraft(first_name="No", last_name="Show", email="no@example.org"),
        ],
    )  # fmt: skip
    for person in people[:3]:
        kiosk.checkins.check_in(person.id, CheckInMethod.QR)
    kiosk.connections.connect(event.id, people[0].id, people[1].id, True, False)
    kiosk.connections.connect(event.id, people[1].id, people[2].id, False, True)
    kiosk.contributions.add_many(event.id, [Draft("built", "=1+1"), Draft("need", "@SUM(A1)", "people")])
    hidden = kiosk.contributions.add(event.id, "proud", "hidden words", review=False)
    kiosk.contributions.hide(hidden.id)
    return kiosk


def test_an_exported_csv_starts_with_a_bom_and_shows_a_formula_as_text(day: Kiosk, event: Event, tmp_path: Path):
    out = tmp_path / "attendance.csv"
    export_table(day, event, "attendance", "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells
    assert "'=HYPERLINK(\"http://x\")" in cells and "فاطمه Ahmadi" in cells


def test_the_attendance_export_has_a_row_per_participant(day: Kiosk, event: Event, tmp_path: Path) -> None:
    result = export_table(day, event, "attendance", "csv", tmp_path / "a.csv")
    assert result.rows["attendance"] == day_figures(day.ctx, event).participants == 3


def test_an_xlsx_of_every_table_has_one_sheet_per_table(day: Kiosk, event: Event, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    result = export_table(day, event, "all", "xlsx", out)
    book = load_workbook(out)
    assert book.sheetnames == ["Attendance", "Registrants", "Contributions", "Connections"]
    assert result.rows == {"attendance": 3, "registrants": 4, "contributions": 2, "connections": 2}  # 1 hidden
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.quotePrefix and c.data_type == "s" for c in formula_like)
    assert "=1+1" in [c.value for c in formula_like]


def test_the_contributions_export_holds_only_what_the_wall_shows_unless_staff_ask_for_everything(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.csv"
    export_table(day, event, "contributions", "csv", shared)
    rows = list(csv.DictReader(io.StringIO(shared.read_text(encoding="utf-8-sig"))))
    assert "'=1+1" in {r["note"] for r in rows}
    assert "hidden words" not in shared.read_text(encoding="utf-8-sig") and "status" not in rows[0]
    staff = tmp_path / "staff.csv"
    export_table(day, event, "contributions", "csv", staff, include_hidden=True)
    rows = list(csv.DictReader(io.StringIO(staff.read_text(encoding="utf-8-sig"))))
    assert {(r["note"], r["status"]) for r in rows} >= {("hidden words", "hidden"), ("'=1+1", "visible")}


def test_the_connections_export_holds_only_the_contact_details_people_agreed_to_share(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    out = tmp_path / "links.csv"
    export_table(day, event, "connections", "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert len(rows) == 2
    assert "ana@example.org" in text and "555-0101" in text  # Ana said yes
    assert "bao@example.org" not in text and "555-0102" not in text  # Bao said no, twice
    assert "fatemeh@example.org" in text
    assert "no@example.org" not in text


def test_the_registrants_export_never_holds_the_ticket_code(day: Kiosk, event: Event, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    export_table(day, event, "registrants", "xlsx", out)
    codes = {p.ticket_code for p in [day.registrants.get(r.id) for r in _all(day, event)]}
    values = {c for row in load_workbook(out)["Registrants"].iter_rows(values_only=True) for c in row}
    assert not codes & values and "no@example.org" in values


def _all(kiosk: Kiosk, event: Event) -> list:
    from sqlmodel import select

    from kiosk.core.models import Registrant

    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(Registrant).where(Registrant.event_id == event.id)))


def test_the_cli_exports_every_table_in_both_formats(day: Kiosk, event: Event, data_dir: Path, tmp_path: Path,
                                                     capsys) -> None:  # fmt: skip
    for table in TABLES:
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"{table}.{fmt}"
            argv = ["export", table, "--event", event.slug, "--format", fmt, "--out", str(out), "--json",
                    "--data-dir", str(data_dir)]  # fmt: skip
            assert main(argv) == 0
            assert json.loads(capsys.readouterr().out)["rows"][table] >= 2 and out.stat().st_size > 0


def test_the_format_follows_the_files_extension_unless_given(
    day: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys
) -> None:
    base = ["export", "attendance", "--event", event.slug, "--data-dir", str(data_dir)]
    assert main([*base, "--out", str(tmp_path / "a.XLSX")]) == 0
    assert load_workbook(tmp_path / "a.XLSX").sheetnames == ["Attendance"]
    assert main([*base, "--out", str(tmp_path / "a.csv")]) == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith("checked in,name,")
    assert main([*base, "--out", str(tmp_path / "a.txt"), "--format", "csv"]) == 0
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "a.txt")]) == 1
    assert "cannot tell the format of a.txt" in capsys.readouterr().err


def test_all_tables_in_one_csv_is_refused(day: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys) -> None:
    argv = ["export", "all", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--data-dir", str(data_dir)]
    assert main(argv) == 1
    assert "one table" in capsys.readouterr().err


def test_a_control_character_does_not_break_the_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_xlsx(out, [Table("T", ["a"], [["bell\x07 here"], ["-5"]])])
    assert [r[0] for r in load_workbook(out)["T"].iter_rows(min_row=2, values_only=True)] == ["bell here", "-5"]
    write_csv(tmp_path / "t.csv", Table("T", ["a"], [["+SUM(1)"], [3], [None]]))
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == ["a", "'+SUM(1)", "3", '""']


def test_the_cli_gives_the_staff_copy_of_the_contributions_only_when_asked(
    day: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys
) -> None:
    base = ["export", "contributions", "--event", event.slug, "--data-dir", str(data_dir)]
    assert main([*base, "--out", str(tmp_path / "c.csv")]) == 0
    assert "hidden words" not in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    assert main([*base, "--out", str(tmp_path / "s.csv"), "--include-hidden"]) == 0
    assert "hidden words" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    capsys.readouterr()
    attendance = ["export", "attendance", "--event", event.slug, "--data-dir", str(data_dir)]
    assert main([*attendance, "--out", str(tmp_path / "a.csv"), "--include-hidden"]) == 1
    assert "--include-hidden is for the contributions table" in capsys.readouterr().err


def test_the_exports_name_languages_and_how_people_checked_in_in_words(
    kiosk: Kiosk, event: Event, tmp_path: Path
) -> None:
    (person,) = kiosk.registrants.register_many(
        event.id, [RegistrantDraft(first_name="Mai", last_name="Vang", languages=["hmn", "es"])]
    )
    kiosk.checkins.check_in(person.id, CheckInMethod.CODE)

    export_table(kiosk, event, "all", "xlsx", tmp_path / "all.xlsx")

    book = load_workbook(tmp_path / "all.xlsx")
    attendance = dict(zip(*[[c.value for c in row] for row in book["Attendance"].iter_rows(max_row=2)], strict=True))
    registrants = dict(zip(*[[c.value for c in row] for row in book["Registrants"].iter_rows(max_row=2)], strict=True))
    assert attendance["method"] == "typed code"
    assert registrants["languages"] == "Hmong, Spanish"


def test_dates_and_times_are_excel_dates_in_xlsx_and_the_same_text_in_csv(
    day: Kiosk, event: Event, tmp_path: Path
) -> None:
    export_table(day, event, "all", "xlsx", tmp_path / "all.xlsx")
    export_table(day, event, "attendance", "csv", tmp_path / "a.csv")
    book = load_workbook(tmp_path / "all.xlsx")
    dated = {"Attendance": ["checked in"], "Registrants": ["registered", "checked in"],
             "Contributions": ["created"], "Connections": ["connected"]}  # fmt: skip
    for name, columns in dated.items():
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        for column in columns:
            cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
            filled = [cell for cell in cells if cell.value is not None]
            assert filled, (name, column)
            assert all(cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm" for cell in filled), (name, column)
    no_show = next(r for r in book["Registrants"].iter_rows(min_row=2, values_only=True) if r[2] == "No")
    assert no_show[19] is None  # not checked in: an empty cell, not an empty string
    first_xlsx = book["Attendance"]["A2"].value
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        first_csv = next(csv.DictReader(handle))["checked in"]
    assert first_csv == f"{first_xlsx:%Y-%m-%d %H:%M}"  # CSV keeps the text, in the venue's time like the XLSX


def test_a_format_the_files_extension_contradicts_is_refused_and_nothing_is_written(
    day: Kiosk, event: Event, data_dir: Path, tmp_path: Path, capsys
) -> None:
    base = ["export", "attendance", "--event", event.slug, "--data-dir", str(data_dir)]
    assert main([*base, "--format", "csv", "--out", str(tmp_path / "y.xlsx")]) == 1
    assert "--format csv writes a CSV file, but y.xlsx is named as XLSX: name it y.csv" in capsys.readouterr().err
    assert main([*base, "--format", "xlsx", "--out", str(tmp_path / "y.csv")]) == 1
    assert not (tmp_path / "y.xlsx").exists() and not (tmp_path / "y.csv").exists()
