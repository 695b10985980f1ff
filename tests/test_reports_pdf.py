"""The day-of and series reports as PDFs: they render, every page has ink, and notes in every script come
back out as text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.services import Kiosk
from tests.figures_support import SMALL_SERIES, build_series

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
SCRIPTS = ("我们建立了合作网络", "Chúng tôi đã kết nối", "Մենք միասին ենք", "ਅਸੀਂ ਮਿਲ ਕੇ ਕੰਮ ਕੀਤਾ", "ما برای اولین بار")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports") / "data"
    kiosk = Kiosk.open(folder, "Table A")
    try:
        build_series(kiosk, SMALL_SERIES)
        kiosk.events.choose(f"{SMALL_SERIES.prefix}-statewide")
    finally:
        kiosk.close()
    return folder


def _render(pdf: Path, name: str, tmp_path: Path) -> list[Path]:
    """Every page as a PNG (kept in KIOSK_SCREENSHOT_DIR when it is set, to look at)."""
    folder = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def _ink(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])
        return dark / (grey.width * grey.height)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())  # wrapped lines read as one


@needs_poppler
def test_the_day_report_renders_every_page_with_ink_and_every_script_as_text(store: Path, tmp_path: Path, capsys):
    out = tmp_path / "day.pdf"
    assert main(["report", "day", "--out", str(out), "--json", "--data-dir", str(store)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(out) and data["participants"] == SMALL_SERIES.statewide_participants
    pages = _render(out, "report-day", tmp_path)
    assert len(pages) >= 4 and all(_ink(page) > 0.01 for page in pages)
    text = _text(out)
    assert "At a glance" in text and "Languages served by attending organizations" in text
    assert "What partners told us" in text and "Journey Map" in text and "Arrivals over time" in text
    for sample in SCRIPTS:
        assert unicodedata.normalize("NFKC", sample) in text, sample


@needs_poppler
def test_the_series_report_has_a_row_per_convening_and_the_series_figures(store: Path, tmp_path: Path, capsys):
    out = tmp_path / "series.pdf"
    assert main(["report", "series", "--out", str(out), "--data-dir", str(store)]) == 0
    assert "4 convenings, 150 participants, 47 unique organizations" in capsys.readouterr().out
    pages = _render(out, "report-series", tmp_path)
    assert len(pages) >= 4 and all(_ink(page) > 0.01 for page in pages)
    text = _text(out)
    assert "Series attendance at a glance" in text and "Every convening" in text
    assert all(f"City {n}" in text for n in range(1, 5))
    for sample in SCRIPTS:
        assert unicodedata.normalize("NFKC", sample) in text, sample


def test_a_report_needs_somewhere_to_go(store: Path, capsys) -> None:
    assert main(["report", "day", "--data-dir", str(store)]) == 1
    assert "--out" in capsys.readouterr().err


def test_a_day_with_no_one_in_yet_still_makes_a_report(kiosk: Kiosk, event, tmp_path: Path) -> None:
    from kiosk.core.reports.day import write_day_report

    assert write_day_report(kiosk, event, tmp_path / "empty.pdf") >= 4
    text = _text(tmp_path / "empty.pdf")
    # each chart with nothing to draw says why, rather than leave a heading over blank paper
    assert text.count("No one has checked in yet.") == 2
    assert "No organization is represented yet." in text
