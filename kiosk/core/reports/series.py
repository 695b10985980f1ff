"""The report of a series of convenings: the series at a glance (people and organizations counted once
across convenings), participants by convening, a table of every convening, who came, what partners told
us and the Journey Map, all from kiosk.core.figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.figures import SeriesFigures
from kiosk.core.reports.day import glance
from kiosk.core.reports.pdf import MARGIN, MUTED, NAVY, Bar, Report, generated_line, short_date
from kiosk.core.reports.sections import group_notes, journey, matrix, who_came
from kiosk.core.text import plural

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk


def _when(figures: SeriesFigures) -> str:
    first, last = figures.first_date, figures.last_date
    if first is None or last is None:
        return ""
    return short_date(first) if first == last else f"{short_date(first)} – {short_date(last)}"


def write_series_report(kiosk: Kiosk, out: Path, figures: SeriesFigures) -> int:
    """Write the PDF; returns its pages."""
    prompts = kiosk.contributions.prompt_set
    report = Report(out, f"{figures.series}: series report",
                    f"{figures.series} · series report · " + generated_line(kiosk.ctx.station_name))  # fmt: skip
    report.new_page()
    report.title_band(
        "Series report", figures.series, f"{plural(figures.events, 'convening', 'convenings')} · {_when(figures)}"
    )
    report.section("Series attendance at a glance")
    report.glance(glance(figures))
    report.y -= 6
    report.section(
        "Across the convenings",
        "A person or an organization at several convenings counts once in unique participants and organizations.",
    )
    report.glance(
        [
            (figures.unique_participants, "Unique participants"),
            (figures.new_connections, "New partner connections"),
            (figures.journey_contributions, "Journey Map contributions"),
            (figures.together_responses, "Stronger Together responses"),
        ],
        columns=4,
        box_height=58,
    )

    report.new_page()
    report.section("The convenings", f"{figures.series}: {plural(figures.events, 'convening', 'convenings')}.")
    for day in figures.convenings:
        # A long convening name wraps under itself: shrunk onto one line it would print too small to read.
        name = f"{day.event_name} · {day.city}"
        height = max(16.0, report.height_of(name, 10, report.inner - 120) + 3)
        report.ensure(height)
        report.line(short_date(day.date), 10, MARGIN, report.y - 10, bold=True, colour=NAVY)
        report.paragraph(name, 10, MARGIN + 120, report.y, report.inner - 120)
        report.y -= height
    report.y -= 10
    report.section("Participants by convening")
    report.hbars([Bar(f"{d.date:%b} {d.date.day} · {d.city}", d.participants) for d in figures.convenings],
                 colour=NAVY, label_width=150)  # fmt: skip
    report.y -= 12
    report.section("Every convening")
    header = ["Convening", "Participants", "Organizations", "Ethnic media orgs", "Languages served",
              "State agency staff", "Elected officials", "New connections", "Contributions"]  # fmt: skip
    rows = [
        [
            f"{d.date:%b} {d.date.day} · {d.city}", f"{d.participants:,}", f"{d.unique_organizations:,}",
            f"{d.ethnic_media_organizations:,}", f"{d.languages_served:,}", f"{d.state_agency_staff:,}",
            f"{d.elected_officials:,}", f"{d.new_connections:,}", f"{d.journey_contributions + d.together_responses:,}",
        ]
        for d in figures.convenings
    ]  # fmt: skip
    rows.append(
        [
            "Series (unique)", f"{figures.unique_participants:,}", f"{figures.unique_organizations:,}",
            f"{figures.ethnic_media_organizations:,}", f"{figures.languages_served:,}",
            f"{figures.state_agency_staff:,}", f"{figures.elected_officials:,}", f"{figures.new_connections:,}",
            f"{figures.journey_contributions + figures.together_responses:,}",
        ]
    )  # fmt: skip
    report.table(header, rows, [104] + [50] * 8, numeric=frozenset(range(1, 9)), total=True)
    footnote = (
        "The Series (unique) row counts each person once: "
        f"{plural(figures.unique_participants, 'unique participant', 'unique participants')}, where the "
        f"convenings' {figures.participants:,} count a person at two convenings twice. Organizations, ethnic media, "
        "languages, state agency staff and elected officials are counted once likewise; connections and "
        "contributions, each made at one convening, add up."
    )
    report.ensure(report.height_of(footnote, 8.5, report.inner))
    report.y = report.paragraph(footnote, 8.5, MARGIN, report.y, report.inner, colour=MUTED)

    report.new_page()
    who_came(report, figures.participants_by_sector, figures.languages, figures.unique_organizations, series=True)
    events = {d.event for d in figures.convenings}
    notes = group_notes(
        note for event in kiosk.events.all() if event.slug in events for note in kiosk.contributions.visible(event.id)
    )
    report.new_page()
    matrix(report, prompts, figures.haves_by_category, figures.needs_by_category, notes)
    report.new_page()
    journey(report, prompts, figures.contributions_by_prompt, notes)
    return report.save()
