"""The day-of report's running footer: a convening's full name, the station and the time, with the page number
clear of it at the right margin."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.models import Event
from kiosk.core.reports import pdf
from kiosk.core.reports.day import write_day_report
from kiosk.core.services import Kiosk


def test_a_long_footer_stops_short_of_the_page_number(
    kiosk: Kiosk, create_event, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event: Event = create_event(kiosk, "fresno-2026")
    drawn: list[tuple[str, float, float]] = []
    line = pdf.Report.line

    def spy(self: pdf.Report, text: str, size: float, x: float, baseline: float, **kw: object) -> float:
        width = line(self, text, size, x, baseline, **kw)  # type: ignore[arg-type]
        if baseline == pdf.MARGIN - 26:  # the footer's line
            left = x - width if kw.get("align") == "right" else x
            drawn.append((text, left, left + width))
        return width

    monkeypatch.setattr(pdf.Report, "line", spy)
    name = "California Connects: Fresno Regional Convening of the Central Valley"
    write_day_report(kiosk, event.model_copy(update={"name": name}), tmp_path / "day.pdf")

    footers = [d for d in drawn if not d[0].isdigit()]
    numbers = [d for d in drawn if d[0].isdigit()]
    assert footers and len(footers) == len(numbers)
    for (_, _, footer_right), (_, number_left, number_right) in zip(footers, numbers, strict=True):
        assert footer_right <= number_left - pdf.FOOTER_GAP + 0.01
        assert number_right <= pdf.PAGE[0] - pdf.MARGIN + 0.01
