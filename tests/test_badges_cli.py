"""`kiosk badges`: a PDF of the event's badges on a stock, its problems in --json, a calibration page."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.models import Event
from kiosk.core.services import Kiosk


def _run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else {}


def test_badges_writes_a_pdf_of_every_registered_person(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys
) -> None:
    people = register_people(kiosk, event.id, "Ana Ruiz", "지현 김", "فاطمه رضایی", "Bao Tran")
    kiosk.registrants.cancel(people[-1].id)
    pdf = tmp_path / "badges.pdf"
    code, data = _run(capsys, "badges", "--data-dir", str(data_dir), "--event", event.slug,
                      "--stock", "avery-5392", "--out", str(pdf), "--json")  # fmt: skip
    assert code == 0
    assert (data["badges"], data["pages"], data["problems"]) == (3, 1, [])
    assert len(PdfReader(pdf).pages) == 1


def test_badges_for_one_registrant_starting_at_position_five(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys
) -> None:
    _ana, bao = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran")
    pdf = tmp_path / "one.pdf"
    code, data = _run(capsys, "badges", "--data-dir", str(data_dir), "--event", event.slug, "--registrant", bao.id,
                      "--start-at", "5", "--out", str(pdf), "--json")  # fmt: skip
    assert code == 0 and data["badges"] == 1


def test_json_lists_a_character_no_font_has(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys
) -> None:
    register_people(kiosk, event.id, "Ana \U0010fffdRuiz")
    code, data = _run(capsys, "badges", "--data-dir", str(data_dir), "--event", event.slug,
                      "--out", str(tmp_path / "b.pdf"), "--json")  # fmt: skip
    assert code == 0
    assert [(p["field"], p["kind"], p["detail"]) for p in data["problems"]] == [
        ("last_name", "missing_glyphs", "U+10FFFD")
    ]


def test_an_unknown_registrant_or_stock_fails_with_a_reason(
    event: Event, data_dir: Path, tmp_path: Path, capsys
) -> None:
    base = ["badges", "--data-dir", str(data_dir), "--event", event.slug, "--out", str(tmp_path / "b.pdf")]
    assert main([*base, "--registrant", "nobody"]) == 1
    assert "no registrant 'nobody'" in capsys.readouterr().err
    assert main([*base, "--stock", "avery-0000"]) == 1
    assert "no badge stock" in capsys.readouterr().err


def test_calibration_writes_one_page(event: Event, data_dir: Path, tmp_path: Path, capsys) -> None:
    pdf = tmp_path / "cal.pdf"
    code, data = _run(capsys, "badges", "--data-dir", str(data_dir), "--stock", "a6-4up-a4", "--calibration",
                      "--out", str(pdf), "--json")  # fmt: skip
    assert code == 0 and data["calibration"] is True
    assert len(PdfReader(pdf).pages) == 1


def test_one_badge_on_one_page_is_said_in_the_singular(
    kiosk: Kiosk, event: Event, register_people, data_dir: Path, tmp_path: Path, capsys
) -> None:
    register_people(kiosk, event.id, "Ana Ruiz")
    pdf = tmp_path / "one.pdf"
    assert main(["badges", "--data-dir", str(data_dir), "--event", event.slug, "--out", str(pdf)]) == 0
    assert capsys.readouterr().out.startswith("1 badge on 1 page of ")
