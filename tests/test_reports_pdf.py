"""The day-of and series reports as PDFs: they render, every page has ink, and notes in every script come
back out as text."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import main
from kiosk.core.models import CheckInMethod, Sector
from kiosk.core.services import Kiosk
from tests.figures_support import SMALL_SERIES, build_series

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
PACIFIC = ZoneInfo("America/Los_Angeles")
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


def _checked_in(kiosk: Kiosk, event, register_people, arrivals: dict[str, dt.datetime], **fields) -> None:
    people = register_people(kiosk, event.id, *arrivals, **fields)
    kiosk.checkins.check_in_all([(p.id, when) for p, when in zip(people, arrivals.values(), strict=True)],
                                CheckInMethod.QR)  # fmt: skip


@needs_poppler
def test_the_day_report_says_in_words_who_checked_in_on_another_day_instead_of_drawing_them_on_the_day(
    kiosk: Kiosk, event, register_people, tmp_path: Path
) -> None:
    from kiosk.core.reports.day import write_day_report

    later = event.date + dt.timedelta(days=190)
    _checked_in(kiosk, event, register_people, {
        "Ana Ruiz": dt.datetime.combine(event.date, dt.time(9, 0), PACIFIC),
        "Bao Tran": dt.datetime.combine(event.date, dt.time(9, 10), PACIFIC),
        "Late Import": dt.datetime.combine(later, dt.time(4, 0), PACIFIC),
    })  # fmt: skip

    write_day_report(kiosk, event, tmp_path / "day.pdf")

    text = _text(tmp_path / "day.pdf")
    assert "on Wednesday, May 14, 2025, in the venue's time" in text
    assert "Busiest quarter hour: 9:00 AM, 2 arrivals." in text
    assert f"Not in the chart: 1 participant checked in on another day, {later:%B} {later.day}, {later.year}." in text


@needs_poppler
def test_a_day_report_with_everyone_in_on_another_day_says_no_one_came_on_the_day(
    kiosk: Kiosk, event, register_people, tmp_path: Path
) -> None:
    from kiosk.core.reports.day import write_day_report

    before = event.date - dt.timedelta(days=1)
    _checked_in(kiosk, event, register_people, {"Test Scan": dt.datetime.combine(before, dt.time(16, 5), PACIFIC)})

    write_day_report(kiosk, event, tmp_path / "day.pdf")

    text = _text(tmp_path / "day.pdf")
    assert "No one checked in on Wednesday, May 14, 2025." in text and "Busiest quarter hour" not in text
    assert "Not in the chart: 1 participant checked in on another day, May 13, 2025." in text


@needs_poppler
def test_the_day_report_of_one_participant_speaks_in_the_singular_and_in_its_own_words(
    kiosk: Kiosk, event, register_people, tmp_path: Path
) -> None:
    from kiosk.core.reports.day import write_day_report

    org = kiosk.organizations.create("Radio Bilingüe", Sector.ETHNIC_MEDIA, ["es", "mix"])
    _checked_in(kiosk, event, register_people, {"Ana Ruiz": dt.datetime.combine(event.date, dt.time(9, 5), PACIFIC)},
                organization_id=org.id)  # fmt: skip

    write_day_report(kiosk, event, tmp_path / "day.pdf")

    text = _text(tmp_path / "day.pdf")
    assert "2 languages served by the 1 organization represented" in text
    assert "Busiest quarter hour: 9:00 AM, 1 arrival." in text
    # a day report is of one convening: no "each person counted at each convening they came to"
    assert "each convening" not in text
    assert "An organization whose sector was never set is counted as community-based." in text


@needs_poppler
def test_the_series_row_of_the_convenings_table_gives_unique_participants_and_says_what_the_column_adds_to(
    store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "series.pdf"
    assert main(["report", "series", "--out", str(out), "--data-dir", str(store)]) == 0

    text = _text(out)
    participants, unique = 150, 120  # SMALL_SERIES: participants summed over convenings, and people counted once
    assert f"Series (unique) {unique} 47 " in text
    assert f"{unique} unique participants, where the convenings' {participants} count a person at two" in text
    assert "Participants by the sector of their organization (each person counted at each convening" in text


def test_the_footer_tells_when_in_the_venues_time_and_zone_whatever_the_laptops_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from kiosk.core.reports.pdf import generated_line

    monkeypatch.setenv("TZ", "UTC")  # a laptop left on UTC: the venue's time is still the one printed
    time.tzset()
    try:
        line = generated_line("Table A", dt.datetime(2026, 11, 27, 14, 24, tzinfo=dt.UTC))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert line == "Convening Kiosk · from the data of station Table A · November 27, 2026, 6:24 AM PST"
