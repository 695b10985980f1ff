"""Badge stocks as data: every template loads, a broken one says which file and field, calibration pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kiosk.core.badges import TemplateError, get_template, load_template, render_calibration, template_names
from kiosk.core.badges.templates import templates_folder

STOCKS = ("a6-4up-a4", "avery-5392", "brother-102x152", "brother-ql-62x100", "fanfold-4x3")


def test_every_stock_the_issue_names_is_there() -> None:
    assert tuple(template_names()) == STOCKS


@pytest.mark.parametrize("stock", STOCKS)
def test_every_badge_of_a_stock_lies_inside_its_page(stock: str) -> None:
    template = get_template(stock)
    for slot in range(template.per_page):
        x, y = template.slot(slot)
        assert x >= 0 and x + template.badge_width <= template.page_width + 0.01
        assert y >= 0 and y + template.badge_height <= template.page_height + 0.01


def test_avery_5392_is_six_4_by_3_inch_badges_on_us_letter() -> None:
    t = get_template("avery-5392")
    assert (t.page_width, t.page_height) == (215.9, 279.4)
    assert (t.badge_width, t.badge_height, t.per_page) == (101.6, 76.2, 6)


def _broken(tmp_path: Path, change) -> Path:
    data = json.loads((templates_folder() / "avery-5392.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "my-stock.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_missing_field_is_named_with_its_file(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["layout"]["name"].pop("max_size"))
    with pytest.raises(TemplateError, match=r"my-stock\.json: layout\.name\.max_size: is missing"):
        load_template(path)


def test_a_box_past_the_badge_edge_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["layout"]["qr"].update(x=90))
    with pytest.raises(TemplateError, match=r"layout\.qr: reaches past the badge"):
        load_template(path)


def test_a_printer_offset_must_be_a_small_number_of_millimetres(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["printer_offset"].update(x="left"))
    with pytest.raises(TemplateError, match=r"printer_offset\.x: must be a number of millimetres"):
        load_template(path)


def test_an_unknown_stock_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError, match="avery-5392"):
        get_template("avery-9999")


def test_the_printer_offset_moves_every_badge(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["printer_offset"].update(x=1.5, y=-2))
    moved, plain = load_template(path), get_template("avery-5392")
    assert moved.slot(3) == pytest.approx((plain.slot(3)[0] + 1.5, plain.slot(3)[1] - 2))


@pytest.mark.parametrize("stock", STOCKS)
def test_a_calibration_page_has_the_stocks_page_size(stock: str, tmp_path: Path) -> None:
    template = get_template(stock)
    pdf = tmp_path / "cal.pdf"
    render_calibration(template, pdf)
    (page,) = PdfReader(pdf).pages
    assert float(page.mediabox.width) == pytest.approx(template.page_width * mm, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(template.page_height * mm, abs=0.5)
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "10 mm" in text and template.name in text


def test_badges_sort_by_last_name_or_by_organization() -> None:
    from kiosk.core.badges import BadgeFace, band_for, sort_faces

    def face(last: str, org: str) -> BadgeFace:
        return BadgeFace(last, "A", last, "", org, band_for("attendee"), "", "", "", sort_last=last,
                         sort_organization=org)  # fmt: skip

    faces = [face("Ñúñez", "Zeta"), face("Álvarez", "Beta"), face("Cruz", "")]
    assert [f.last_name for f in sort_faces(faces, "last-name")] == ["Álvarez", "Cruz", "Ñúñez"]
    assert [f.last_name for f in sort_faces(faces, "organization")] == ["Álvarez", "Ñúñez", "Cruz"]
