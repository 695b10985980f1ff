"""The figures of generated series whose true figures are known: `kiosk report series --json` and `kiosk
report day --json` must report exactly those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.figures import FIGURES, day_figures, figures_markdown, series_figures
from kiosk.core.services import Kiosk
from tests.figures_support import CALIFORNIA_CONNECTS, SMALL_SERIES, Truth, build_series


@pytest.fixture(scope="module")
def two_series(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth, Truth]:
    """Both series in one station's file, so each report must keep to its own events."""
    folder = tmp_path_factory.mktemp("series") / "data"
    kiosk = Kiosk.open(folder, "Table A")
    try:
        known = build_series(kiosk, CALIFORNIA_CONNECTS)
        small = build_series(kiosk, SMALL_SERIES)
    finally:
        kiosk.close()
    return folder, known, small


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_series_report_gives_the_figures_of_the_california_connects_report(two_series, capsys) -> None:
    folder, _, _ = two_series
    data = _json(capsys, "report", "series", "--series", CALIFORNIA_CONNECTS.name, "--json", "--data-dir", str(folder))
    assert data["participants"] == 1170
    assert data["unique_organizations"] == 621
    assert data["ethnic_media_organizations"] == 65
    assert data["languages_served"] == 51
    assert data["state_agency_staff"] == 106
    assert data["elected_officials"] == 43
    assert data["unique_participants"] == 1000
    assert data["events"] == 9 and len(data["convenings"]) == 9


def test_the_statewide_day_has_226_participants_from_154_organizations(two_series, capsys) -> None:
    folder, _, _ = two_series
    data = _json(capsys, "report", "day", "--event", "known-statewide", "--json", "--data-dir", str(folder))
    assert (data["participants"], data["unique_organizations"]) == (226, 154)


def test_every_series_figure_matches_the_truth_counted_from_the_plan(two_series, capsys) -> None:
    folder, known, small = two_series
    for spec, truth in ((CALIFORNIA_CONNECTS, known), (SMALL_SERIES, small)):
        data = _json(capsys, "report", "series", "--series", spec.name, "--json", "--data-dir", str(folder))
        for key in ("participants", "unique_participants", "unique_organizations", "ethnic_media_organizations",
                    "languages_served", "state_agency_staff", "elected_officials", "new_connections",
                    "journey_contributions", "together_responses"):  # fmt: skip
            assert data[key] == getattr(truth, key), (spec.name, key)


def test_a_second_series_with_other_figures_is_reported_exactly(two_series, capsys) -> None:
    folder, _, _ = two_series
    data = _json(capsys, "report", "series", "--series", SMALL_SERIES.name, "--json", "--data-dir", str(folder))
    assert (data["participants"], data["unique_participants"], data["unique_organizations"]) == (150, 120, 47)
    assert (data["ethnic_media_organizations"], data["languages_served"]) == (9, 12)
    assert (data["state_agency_staff"], data["elected_officials"], data["events"]) == (14, 5, 4)


def test_every_day_figure_matches_the_truth_of_its_convening(two_series, capsys) -> None:
    folder, known, small = two_series
    for truth in (known, small):
        for slug, day in truth.events.items():
            data = _json(capsys, "report", "day", "--event", slug, "--json", "--data-dir", str(folder))
            assert data["participants"] == day.participants, slug
            assert data["unique_organizations"] == len(day.organizations), slug
            assert data["ethnic_media_organizations"] == len(day.ethnic_media), slug
            assert data["languages_served"] == len(day.languages), slug
            assert data["state_agency_staff"] == day.state_agency_staff, slug
            assert data["elected_officials"] == day.elected_officials, slug
            assert data["walk_ins"] == day.walk_ins and data["no_shows"] == day.no_shows, slug
            assert data["cancelled"] == day.cancelled and data["new_connections"] == day.connections, slug
            assert (data["journey_contributions"], data["together_responses"]) == (day.journey, day.together)
            assert sum(a["count"] for a in data["arrivals"]) == day.participants
            assert sum(data["participants_by_sector"].values()) == day.participants


def test_the_day_figures_agree_with_the_desk_counters(two_series) -> None:
    folder, _, _ = two_series
    kiosk = Kiosk.open(folder)
    try:
        event = kiosk.events.by_slug("known-statewide")
        counters = kiosk.events.figures(event.id)
        figures = day_figures(kiosk.ctx, event)
        assert (figures.registered, figures.participants) == (counters.registered, counters.checked_in)
        assert (figures.walk_ins, figures.cancelled) == (counters.walk_ins, counters.cancelled)
        assert figures.no_shows == figures.registered - figures.participants  # every participant is registered
        series = series_figures(kiosk.ctx, event.series)
        assert series.participants == sum(day.participants for day in series.convenings)
    finally:
        kiosk.close()


def test_a_series_that_does_not_exist_is_refused_with_the_ones_that_do(two_series, capsys) -> None:
    folder, _, _ = two_series
    assert main(["report", "series", "--series", "Nope", "--json", "--data-dir", str(folder)]) == 1
    assert "Valley Listening Sessions" in capsys.readouterr().err


def test_every_figure_is_written_down_in_docs_figures_md() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "figures.md"
    assert page.read_text(encoding="utf-8") == figures_markdown()
    assert all(f"`{figure.key}`" in page.read_text(encoding="utf-8") for figure in FIGURES)
