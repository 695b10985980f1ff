"""The day-of report of one convening, in the style of OCPSC's California Connects report: a cover with the
figures at a glance, arrivals over time, who came (sectors, languages), what partners told us (the
haves-and-needs matrix) and the Journey Map by prompt. Figures come from kiosk.core.figures only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.core.figures import Arrival, DayFigures, day_figures
from kiosk.core.figures.labels import other_days_note
from kiosk.core.reports.pdf import MARGIN, MUTED, NAVY, Bar, Report, generated_line, long_date
from kiosk.core.reports.sections import group_notes, journey, matrix, who_came
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.models import Event
    from kiosk.core.services import Kiosk


class Glance(Protocol):
    """What the "at a glance" boxes show: DayFigures and SeriesFigures both have it."""

    @property
    def participants(self) -> int: ...
    @property
    def unique_organizations(self) -> int: ...
    @property
    def ethnic_media_organizations(self) -> int: ...
    @property
    def languages_served(self) -> int: ...
    @property
    def state_agency_staff(self) -> int: ...
    @property
    def elected_officials(self) -> int: ...


def glance(figures: Glance) -> list[tuple[int, str]]:
    """The six figures of the report's "at a glance", in its words."""
    return [
        (figures.participants, "Participants"),
        (figures.unique_organizations, "Unique organizations represented"),
        (figures.ethnic_media_organizations, "Ethnic media organizations engaged"),
        (figures.languages_served, "Languages served by attending organizations"),
        (figures.state_agency_staff, "State agency staff participants"),
        (figures.elected_officials, "Elected officials represented"),
    ]


def quarter_label(start: dt.datetime, first: bool = False) -> str:
    """A bar's label under the axis: '9 AM' on the hour, '9:30' between ('8:15 AM' for the first)."""
    if start.minute == 0:
        return f"{start:%-I %p}"
    return f"{start:%-I:%M %p}" if first else f"{start:%-I:%M}"


def arrival_bars(arrivals: Sequence[Arrival]) -> list[Bar]:
    """A bar per quarter hour, in time order with the empty ones, labelled every quarter hour, half hour,
    hour or two hours as they fit under the chart."""
    minutes = 15 if len(arrivals) <= 12 else 30 if len(arrivals) <= 24 else 60 if len(arrivals) <= 64 else 120
    bars: list[Bar] = []
    for arrival in arrivals:
        start = arrival.start
        labelled = (start.hour * 60 + start.minute) % minutes == 0
        first = labelled and not any(bar.label for bar in bars)
        bars.append(Bar(quarter_label(start, first) if labelled else "", arrival.count))
    return bars


def arrivals_chart(report: Report, figures: DayFigures) -> None:
    """The event day's arrivals by quarter hour; check-ins made on other days are said in words under it,
    never drawn as if they were on the day."""
    report.section(
        "Arrivals over time",
        f"Participants by the quarter hour of their check-in on {long_date(figures.date)}, in the venue's time.",
    )
    report.y -= 8
    if figures.arrivals:
        report.vbars(arrival_bars(figures.arrivals), height=150, colour=NAVY, every=1)
        busiest = max(figures.arrivals, key=lambda a: a.count)
        report.line(
            f"Busiest quarter hour: {busiest.start:%-I:%M %p}, {plural(busiest.count, 'arrival', 'arrivals')}.", 9,
            MARGIN, report.y - 2, colour=MUTED,
        )  # fmt: skip
        report.y -= 4
    else:
        empty = "No one has checked in yet."
        if figures.participants:
            empty = f"No one checked in on {long_date(figures.date)}."
        report.line(empty, 10, MARGIN, report.y - 10, colour=MUTED)
        report.y -= 12
    note = other_days_note(figures.arrivals_other_days)
    if note:
        report.y = report.paragraph(note, 9, MARGIN, report.y - 2, report.inner, colour=MUTED)
    report.y -= 18


def write_day_report(kiosk: Kiosk, event: Event, out: Path, figures: DayFigures | None = None) -> int:
    """Write the PDF; returns its pages."""
    figures = figures or day_figures(kiosk.ctx, event)
    prompts = kiosk.contributions.prompt_set
    report = Report(out, f"{event.name}: day-of report", f"{event.name} · day-of report · "
                    + generated_line(kiosk.ctx.station_name))  # fmt: skip
    report.new_page()
    place = ", ".join(part for part in (event.venue, event.city) if part)
    report.title_band(
        event.series or "Convening Kiosk", event.name, f"Day-of report · {long_date(event.date)} · {place}"
    )
    report.section("At a glance")
    report.glance(glance(figures))
    report.y -= 6
    report.section("At the registration desk and the kiosk")
    report.glance(
        [
            (figures.registered, "Registered"),
            (figures.walk_ins, "Walk-ins"),
            (figures.no_shows, "No-shows"),
            (figures.cancelled, "Cancelled"),
            (figures.badges_printed, "Badges printed"),
            (figures.new_connections, "New partner connections"),
            (figures.journey_contributions, "Journey Map contributions"),
            (figures.together_responses, "Stronger Together responses"),
        ],
        columns=4,
        box_height=58,
    )

    report.new_page()
    arrivals_chart(report, figures)
    who_came(report, figures.participants_by_sector, figures.languages, figures.unique_organizations, series=False)

    notes = group_notes(kiosk.contributions.visible(event.id))
    report.new_page()
    matrix(report, prompts, figures.haves_by_category, figures.needs_by_category, notes)
    report.new_page()
    journey(report, prompts, figures.contributions_by_prompt, notes)
    return report.save()
