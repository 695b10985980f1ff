"""The day-of report of one convening, in the style of OCPSC's California Connects report: a cover with the
figures at a glance, arrivals over time, who came (sectors, languages), what partners told us (the
haves-and-needs matrix) and the Journey Map by prompt. Figures come from kiosk.core.figures only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.core.figures import DayFigures, day_figures
from kiosk.core.reports.pdf import MARGIN, MUTED, NAVY, Bar, Report, generated_line, long_date
from kiosk.core.reports.sections import group_notes, journey, matrix, nothing, who_came

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
    report.section(
        "Arrivals over time",
        "Participants by the quarter hour of their check-in, in the venue's time.",
    )
    report.y -= 8
    if figures.arrivals:
        label_every = 15 if len(figures.arrivals) <= 12 else 30 if len(figures.arrivals) <= 24 else 60
        bars = [Bar(f"{a.start:%-I:%M}" if a.start.minute % label_every == 0 else "", a.count)
                for a in figures.arrivals]  # fmt: skip
        every = 1 if len(bars) <= 64 else 2
        report.vbars(bars, height=150, colour=NAVY, every=every)
        busiest = max(figures.arrivals, key=lambda a: a.count)
        report.line(
            f"Busiest quarter hour: {busiest.start:%-I:%M %p}, {busiest.count:,} arrivals.", 9, MARGIN, report.y - 2,
            colour=MUTED,
        )  # fmt: skip
        report.y -= 22
    else:
        nothing(report, "No one has checked in yet.")
    who_came(report, figures.participants_by_sector, figures.languages, figures.unique_organizations)

    notes = group_notes(kiosk.contributions.visible(event.id))
    report.new_page()
    matrix(report, prompts, figures.haves_by_category, figures.needs_by_category, notes)
    report.new_page()
    journey(report, prompts, figures.contributions_by_prompt, notes)
    return report.save()
