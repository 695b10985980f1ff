"""Badges in every script of the demo: drawn (not blank), shaped, extractable, with a QR code that is the
badge's and never a ticket."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm

from kiosk.core.badges import BadgeFace, band_for, get_template, languages_line, render_badges
from kiosk.core.badges.qr import badge_payload, parse_badge_payload
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.resources import resource_path

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
DPI = 150


def _demo_names() -> list[tuple[str, str, str]]:
    """(language code, given name, family name): the first of each of the sixteen demo languages."""
    data = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    return [(lang["code"], lang["given"][0], lang["family"][0]) for lang in data["languages"]]


def _face(i: int, given: str, last: str, langs: list[str], event_id: str = "event-1") -> BadgeFace:
    rid = f"0190c8e2-7b1a-7c3d-9e4f-{i:012d}"
    return BadgeFace(
        registrant_id=rid,
        greeting=given,
        last_name=last,
        pronouns="they/them",
        organization="Fresno Center",
        band=band_for("attendee"),
        languages=languages_line(langs),
        event="Fresno Convening · May 14, 2025",
        payload=badge_payload(event_id, rid),
        name_lang=langs[0] if langs[0] in ("ja", "ko") else "",
    )


def _pngs(pdf: Path, out: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


@pytest.fixture(scope="module")
def every_script(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[BadgeFace], Path, list]:
    """One fanfold badge per demo language, rendered once for the module."""
    folder = tmp_path_factory.mktemp("badges")
    faces = [_face(i, given, last, [code, "en"]) for i, (code, given, last) in enumerate(_demo_names())]
    pdf = folder / "every-script.pdf"
    run = render_badges(faces, get_template("fanfold-4x3"), pdf)
    return faces, pdf, run.problems


def test_the_demo_has_sixteen_languages_and_none_needs_a_missing_glyph(every_script) -> None:
    faces, _, problems = every_script
    assert len(faces) == 16
    assert [p for p in problems if p.kind == "missing_glyphs"] == []


@needs_poppler
def test_every_scripts_name_is_drawn_and_its_qr_code_is_the_badges(every_script, tmp_path: Path) -> None:
    faces, pdf, _ = every_script
    template = get_template("fanfold-4x3")
    box = template.text["name"]
    pngs = _pngs(pdf, tmp_path)
    assert len(pngs) == len(faces)
    px = DPI / 25.4
    for face, png in zip(faces, pngs, strict=True):
        with Image.open(png) as image:
            name_area = image.convert("L").crop(
                (int(box.x * px), int(box.y * px), int((box.x + box.width) * px), int((box.y + box.height) * px))
            )
            dark = sum(name_area.histogram()[:100])
            assert dark > 200, f"name area of {face.greeting} is blank"
            found = zxingcpp.read_barcodes(image)
        assert [b.text for b in found] == [face.payload], face.greeting


def test_a_badge_payload_is_not_a_ticket_and_cannot_check_anyone_in(kiosk: Kiosk, event: Event, register_people):
    person = register_people(kiosk, event.id, "Ana Ruiz")[0]
    payload = badge_payload(event.id, person.id)
    assert payload != kiosk.tickets.payload_for(person, event)
    assert person.ticket_secret not in payload
    assert not kiosk.tickets.verify(payload, event).valid
    parsed = parse_badge_payload(payload)
    assert parsed is not None and parsed.registrant_id == person.id


@needs_poppler
def test_latin_cyrillic_and_cjk_names_can_be_copied_from_the_pdf(every_script) -> None:
    faces, pdf, _ = every_script
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for face in faces:
        if face.greeting[0].isascii() or "\u0400" <= face.greeting[0] <= "\u04ff" or face.name_lang:
            assert face.greeting in text
    for expected in ("José", "Александр", "偉明", "민준", "健太", "Արամ", "राहुल"):
        assert expected in text


def test_arabic_is_joined_and_runs_right_to_left() -> None:
    from kiosk.core.badges import font_book
    from kiosk.core.badges.shaping import shape

    line = shape(font_book(), "فاطمه رضایی", bold=True)
    (run,) = line.runs
    assert run.rtl and run.face is not None and run.face.family == "Noto Sans Arabic"
    # Joined forms are glyphs the font maps to no character: the shaper picked contextual forms.
    assert any(not ("\u0600" <= g.char <= "\u06ff") for g in run.glyphs)


@pytest.mark.parametrize(("text", "script_font"), [
    ("प्रिया", "Noto Sans Devanagari"), ("ਹਰਪ੍ਰੀਤ", "Noto Sans Gurmukhi"), ("វណ្ណា", "Noto Sans Khmer"),
])  # fmt: skip
def test_indic_and_khmer_clusters_are_composed(text: str, script_font: str) -> None:
    from kiosk.core.badges import font_book
    from kiosk.core.badges.shaping import shape

    (run,) = shape(font_book(), text, bold=True).runs
    assert run.face is not None and run.face.family == script_font
    assert len(run.glyphs) != len(text) or any(g.dx or g.dy for g in run.glyphs)


def test_a_mixed_script_name_takes_a_font_per_script_in_visual_order() -> None:
    from kiosk.core.badges import font_book
    from kiosk.core.badges.shaping import shape

    line = shape(font_book(), "Ana 李 فاطمه Kim", bold=True)
    families = [run.face.family for run in line.runs if run.face and run.text.strip()]
    assert families[0] == "Noto Sans" and "Noto Sans TC" in families and "Noto Sans Arabic" in families
    assert line.missing == ""


def test_a_character_no_font_has_is_drawn_as_a_hex_box_and_reported(tmp_path: Path) -> None:
    face = _face(1, "Ana\U0010fffd", "Torres 𠀋", ["es"])
    run = render_badges([face], get_template("avery-5392"), tmp_path / "b.pdf")
    missing = {(p.field, p.detail) for p in run.problems if p.kind == "missing_glyphs"}
    assert ("name", "U+10FFFD") in missing
    assert ("last_name", "U+2000B") in missing
    assert all(p.registrant_id == face.registrant_id for p in run.problems)


@needs_poppler
def test_a_name_that_looks_like_markup_appears_literally(tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    render_badges([_face(1, "<b>Ana</b>", "Torres", ["es"])], get_template("avery-5392"), pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "<b>Ana</b>" in text


def test_badges_land_inside_their_slot_at_the_stocks_size(tmp_path: Path) -> None:
    from pypdf import PdfReader

    for stock in ("avery-5392", "fanfold-4x3", "brother-ql-62x100", "brother-102x152", "a6-4up-a4"):
        template = get_template(stock)
        pdf = tmp_path / f"{stock}.pdf"
        run = render_badges([_face(i, "Ana", "Ruiz", ["es"]) for i in range(7)], template, pdf)
        pages = PdfReader(pdf).pages
        assert run.pages == len(pages) == -(-7 // template.per_page)
        box = pages[0].mediabox
        assert float(box.width) == pytest.approx(template.page_width * mm, abs=0.5)
        assert float(box.height) == pytest.approx(template.page_height * mm, abs=0.5)
