"""`kiosk tickets` and `kiosk verify`: PNG tickets that scan, a mail-merge CSV, a PDF, every script drawn."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.cli import main
from kiosk.core import ticket_sheets
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.tickets import Outcome

NAMES = ("Ana Ruiz", "<b>Ana</b> Torres", "지현 김", "فاطمه رضایی", "प्रिया शर्मा")


@pytest.fixture
def made(kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys) -> dict:
    """`kiosk tickets` run on five registered people and one cancelled one; its JSON answer."""
    people = register_people(kiosk, event.id, *NAMES, "Bao Tran")
    kiosk.registrants.cancel(people[-1].id)
    code = main(["tickets", "--data-dir", str(data_dir), "--event", event.slug, "--out", str(tmp_path / "t"), "--json"])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def _rows(csv_path: str) -> list[dict[str, str]]:
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_tickets_writes_one_png_per_registered_person_and_none_for_the_cancelled(made: dict) -> None:
    pngs = sorted(Path(made["png_folder"]).glob("*.png"))
    assert made["tickets"] == len(pngs) == len(NAMES)
    for png in pngs:
        with Image.open(png) as image:
            assert image.format == "PNG"
            assert image.size == (ticket_sheets.WIDTH, ticket_sheets.HEIGHT)


def test_every_png_tickets_qr_code_decodes_and_verifies(made: dict, kiosk: Kiosk, event: Event) -> None:
    by_png = {row["ticket png"]: row for row in _rows(made["csv"])}
    for png, row in by_png.items():
        with Image.open(png) as image:
            found = zxingcpp.read_barcodes(image)
        assert [barcode.format for barcode in found] == [zxingcpp.BarcodeFormat.QRCode]
        check = kiosk.tickets.verify(found[0].text, event)
        assert check.outcome is Outcome.VALID
        assert check.registrant is not None
        assert check.registrant.ticket_code == row["ticket code"].replace("-", "")


def test_the_csv_has_a_bom_the_columns_and_one_row_per_ticket(made: dict, kiosk: Kiosk, event: Event) -> None:
    raw = Path(made["csv"]).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(made["csv"])
    assert list(rows[0]) == list(ticket_sheets.CSV_HEADER)
    assert sorted(f"{r['first name']} {r['last name']}" for r in rows) == sorted(NAMES)
    for row in rows:
        assert Path(row["ticket png"]).is_file()
        check = kiosk.tickets.verify(row["ticket code"], event)
        assert check.registrant is not None and check.registrant.first_name == row["first name"]


def test_a_name_that_looks_like_markup_appears_literally(made: dict, kiosk: Kiosk, event: Event) -> None:
    assert "<b>Ana</b>" in [row["first name"] for row in _rows(made["csv"])]
    faces = [face.greeting for face, _ in kiosk.tickets.faces(event)]
    assert "<b>Ana</b> Torres" in faces


def test_the_pdf_has_every_ticket_on_one_page_and_renders(made: dict, tmp_path: Path) -> None:
    pdf = Path(made["pdf"]).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert pdf.count(b"/Subtype /Image") == len(NAMES)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "40", made["pdf"], str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as page:
        assert page.convert("L").getextrema()[0] < 50  # ink on the page


def test_nine_tickets_take_two_pdf_pages(kiosk: Kiosk, event: Event, register_people, tmp_path: Path) -> None:
    register_people(kiosk, event.id, *(f"Person{i} Ng" for i in range(9)))
    files = kiosk.tickets.export(event, tmp_path / "t", paper="a4")
    assert Path(files.pdf).read_bytes().count(b"/Subtype /Image") == 9
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(files.pdf)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           2" in info and "595.276 x 841.89" in info


def test_a_cell_that_starts_like_a_formula_stays_text_in_the_csv(
    kiosk: Kiosk, event: Event, register_people, tmp_path: Path
) -> None:
    register_people(kiosk, event.id, "=HYPERLINK(1) Ruiz")
    files = kiosk.tickets.export(event, tmp_path / "t")
    assert _rows(str(files.csv))[0]["first name"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("name", "script", "family"),
    [
        ("지현 김", "HANGUL", "CJK"),
        ("فاطمه رضایی", "ARABIC", "Arabic"),
        ("प्रिया शर्मा", "DEVANAGARI", "Devanagari"),
        ("សុភា ឈឹម", "KHMER", "Khmer"),
        ("Արամ Պետրոսյան", "ARMENIAN", "Armenian"),
        ("ጸጋ ኃይሌ", "ETHIOPIC", "Ethiopic"),
        ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "GURMUKHI", "Gurmukhi"),
        ("陳美玲", "CJK", "CJK"),
        ("田中 さくら", "HIRAGANA", "CJK"),
        ("Nguyễn Thị Phương Thảo", "LATIN", "NotoSans-"),
    ],
)
def test_each_script_gets_a_noto_font_that_has_all_its_letters(name: str, script: str, family: str) -> None:
    assert ticket_sheets.script_of(name) == script
    face = ticket_sheets.font_for(name, bold=True)
    assert family in Path(face.path).name
    assert ticket_sheets.covers(face, name)


@pytest.mark.parametrize("name", ["지현 김", "فاطمه رضایی", "प्रिया शर्मा"])
def test_a_latin_only_font_would_draw_those_names_as_boxes(name: str) -> None:
    latin = ticket_sheets.font_for("Ana Ruiz")
    assert not ticket_sheets.covers(latin, name)  # so covers() really tells glyphs from tofu


def test_arabic_is_shaped_and_laid_out_right_to_left() -> None:
    assert ticket_sheets.RAQM, "Pillow needs libraqm (Debian: libraqm0) to shape Arabic"
    line = ticket_sheets.fit_lines("فاطمه رضایی", 700, [60], bold=True)[0]
    assert line.rtl and line.kwargs["direction"] == "rtl"
    joined = line.font.getlength(line.text, direction="rtl")
    apart = sum(line.font.getlength(ch, direction="rtl") for ch in line.text)
    assert joined != apart  # joining forms replaced the isolated letters


def test_a_very_long_name_shrinks_and_wraps_to_fit_the_ticket() -> None:
    name = "Maximiliana Guadalupe Esperanza de la Concepción Rodríguez-Villaseñor y Castellanos"
    lines = ticket_sheets.fit_lines(name, 740, range(84, 31, -4), True, 3, 400, 52)
    assert 1 < len(lines) <= 3
    assert " ".join(line.text for line in lines) == name  # nothing cut off
    assert all(line.width() <= 740 for line in lines)


def test_a_first_name_too_long_for_a_line_still_leaves_the_last_name_on_the_ticket() -> None:
    first, last = "Wolfeschlegelsteinhausenbergerdorff-Alexandrina-Maximiliana", "Featherstonehaugh-Cholmondeley"
    lines = ticket_sheets.fit_lines(f"{first} {last}", 740, range(84, 31, -4), True, 3, 400, 52)
    assert [line.text for line in lines][-1] == last
    assert lines[0].text.endswith("…") and first.startswith(lines[0].text[:-1])
    assert all(line.width() <= 740 for line in lines)


@settings(max_examples=30)
@given(st.text(alphabet=st.characters(categories=["L", "Zs", "Pd"]), min_size=1, max_size=200))
def test_any_name_fits_its_box_however_long(name: str) -> None:
    lines = ticket_sheets.fit_lines(name, 740, range(84, 31, -4), True, 3, 400, 52)
    assert 1 <= len(lines) <= 3
    assert all(line.width() <= 740 for line in lines)


def test_verify_command_prints_the_outcome_and_name_and_exits_0(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, capsys
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    typed = ana.ticket_code.lower()
    assert main(["verify", typed, "--data-dir", str(data_dir), "--event", event.slug]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VALID") and "Ana Ruiz" in out


def test_verify_command_exits_1_with_a_one_line_reason_for_a_forged_code(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, capsys
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    payload = kiosk.tickets.payload_for(ana)
    forged = payload[:-5] + ("A" if payload[-5] != "A" else "B") + payload[-4:]
    assert main(["verify", forged, "--data-dir", str(data_dir), "--event", event.slug, "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["outcome"] == "forged" and data["registrant"] is None
    assert data["advice"] == "Ask for ID and search by name."
    assert captured.err == "kiosk: This code is not a real ticket for this event.\n"


def test_fonts_are_found_by_file_name_on_a_machine_without_fc_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ticket_sheets, "_fc_match", lambda pattern: None)
    for name in ("지현 김", "فاطمه رضایی", "प्रिया", "Ana"):
        face = ticket_sheets.font_for.__wrapped__(name, True)  # past the cache of fontconfig's answers
        assert ticket_sheets.covers(face, name)


@pytest.mark.parametrize("name", ["ᏫᎹ Mankiller", "ሰላም Tesfaye", "Jenny ᏣᎳᎩ Smith"])
def test_a_name_in_two_scripts_no_one_font_has_is_drawn_run_by_run_without_boxes(name: str) -> None:
    lines = ticket_sheets.fit_lines(name, 740, range(84, 31, -4), True, 3, 400, 52)
    runs = [part for line in lines for part in (getattr(line, "parts", ()) or (line,))]
    assert "".join(run.text for run in runs).split() == name.split()
    for run in runs:
        face = ticket_sheets.FontFace(str(run.font.path), run.font.index)
        assert ticket_sheets.covers(face, run.text), run.text
    image = ticket_sheets.render(
        ticket_sheets.TicketFace(name, "Cherokee Nation", "Fresno", "May 14", "KDFTWXHH", "CK1" + "A" * 42, "x")
    )
    assert image.size == (ticket_sheets.WIDTH, ticket_sheets.HEIGHT)


def test_tickets_for_an_event_with_no_one_registered_say_so_and_write_nothing(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys
) -> None:
    (ana,) = register_people(kiosk, event.id, "Ana Ruiz")
    kiosk.registrants.cancel(ana.id)
    out = tmp_path / "t"
    code = main(["tickets", "--data-dir", str(data_dir), "--event", event.slug, "--out", str(out)])
    assert code != 0
    err = capsys.readouterr().err
    assert "no one is registered for Fresno Convening" in err and f"kiosk import FILE --event {event.slug}" in err
    assert not out.exists()
