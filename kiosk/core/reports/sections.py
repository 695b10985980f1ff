"""Sections both reports share: the charts of who came, the haves-and-needs matrix and the Journey Map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kiosk.core.figures.labels import language_label, sector_label
from kiosk.core.journey import PromptSet
from kiosk.core.reports.pdf import GOLD, HAVE, MARGIN, MUTED, NAVY, NEED, PANEL, TEAL, Bar, Report
from kiosk.core.services.contributions import Note
from kiosk.core.text import plural

NOTES_PER_CELL = 3
NOTES_PER_PROMPT = 4
LANGUAGE_BARS = 24
JOURNEY_COLOURS = ("#fde68a", "#fbcfe8", "#bfdbfe", "#bbf7d0", "#ddd6fe")
"""The wall's sticky-note colours, one per prompt."""


def who_came(
    report: Report, by_sector: dict[str, int], languages: dict[str, int], organizations: int, series: bool
) -> None:
    """Attendance by sector and the languages served; `series` says each person counts at each convening."""
    counted = " (each person counted at each convening they came to)" if series else ""
    report.section(
        "Attendance by sector",
        f"Participants by the sector of their organization{counted}. An organization whose sector was never "
        "set is counted as community-based.",
    )
    if by_sector:
        report.hbars([Bar(sector_label(k), v) for k, v in by_sector.items()], colour=NAVY)
    else:
        nothing(report, "No one has checked in yet.")
    report.y -= 12
    shown = list(languages.items())[:LANGUAGE_BARS]
    more = len(languages) - len(shown)
    lead = (
        f"{plural(len(languages), 'language', 'languages')} served by the "
        f"{plural(organizations, 'organization', 'organizations')} represented: for each, how many of them serve "
        "their community in it" + (f" (the {len(shown)} most served; {more} more in the figures)." if more > 0
                                   else ".")
    )  # fmt: skip
    # The title, its lead and the chart on one page.
    report.ensure(40 + report.height_of(lead, 10, report.inner) + 15.5 * len(shown) + 8)
    report.section("Languages served", lead)
    if shown:
        report.hbars([Bar(language_label(k), v) for k, v in shown], colour=TEAL, pitch=15.5)
    elif organizations:
        nothing(report, "None of the organizations represented has said which languages it serves.")
    else:
        nothing(report, "No organization is represented yet.")


def nothing(report: Report, text: str) -> None:
    """Where a chart would be, the reason there is none: an empty space reads as a fault in the report."""
    report.line(text, 10, MARGIN, report.y - 10, colour=MUTED)
    report.y -= 24


def group_notes(notes: Iterable[Note]) -> dict[str, list[Note]]:
    """Visible notes by wall group (prompt id, or "have:people"), oldest first; a text written again (at
    another convening, or twice) is shown once."""
    out: dict[str, list[Note]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        key = (note.group, " ".join(note.body.casefold().split()))
        if key not in seen:
            seen.add(key)
            out[note.group].append(note)
    return out


def matrix(
    report: Report, prompts: PromptSet, haves: dict[str, int], needs: dict[str, int], notes: dict[str, list[Note]]
) -> None:
    """The Stronger Together matrix: a row per category, what organizations have beside what they need,
    with the count and a few of the notes in their own words."""
    total = sum(haves.values()) + sum(needs.values())
    report.section(
        "What partners told us",
        f"In the {prompts.together_title()} workshop, participants mapped what their organizations bring and what "
        f"they need across {len(prompts.categories)} categories: {plural(total, 'response', 'responses')}.",
    )
    label_width, gap = 118.0, 10.0
    column = (report.inner - label_width - 2 * gap) / 2
    report.ensure(30)
    for index, (side, colour) in enumerate((("have", HAVE), ("need", NEED))):
        left = MARGIN + label_width + gap + index * (column + gap)
        report.line(prompts.side(side).upper(), 9, left, report.y - 10, bold=True, colour=colour)
    report.y -= 18
    for category in prompts.categories:
        cells = [notes.get(f"{side}:{category.id}", [])[:NOTES_PER_CELL] for side in ("have", "need")]
        heights = [_cell_height(report, cell, column) for cell in cells]
        height = max(44.0, *heights)
        report.ensure(height + 8)
        top = report.y
        report.paragraph(category.label(), 10.5, MARGIN, top - 4, label_width - 8, bold=True, colour=NAVY, limit=3)
        for index, (side, colour, cell) in enumerate((("have", HAVE, cells[0]), ("need", NEED, cells[1]))):
            left = MARGIN + label_width + gap + index * (column + gap)
            count = (haves if side == "have" else needs).get(category.id, 0)
            report.canvas.setFillColor(PANEL)
            report.canvas.roundRect(left, top - height, column, height, 4, stroke=0, fill=1)
            report.canvas.setFillColor(colour)
            report.canvas.rect(left, top - height, 3, height, stroke=0, fill=1)
            report.line(plural(count, "response", "responses"), 8.5, left + 10, top - 13, bold=True, colour=colour)
            y = top - 20
            for note in cell:
                y = report.paragraph(f"“{note.body}”", 8.5, left + 10, y, column - 18, limit=3, leading=1.28) - 3
            if not cell:
                report.line("none yet", 8.5, left + 10, y - 8, colour=MUTED)
        report.y = top - height - 8


def _cell_height(report: Report, cell: Sequence[Note], width: float) -> float:
    text = sum(report.height_of(f"“{n.body}”", 8.5, width - 18, 1.28, limit=3) + 3 for n in cell)
    return 26 + max(text, 10)


def journey(report: Report, prompts: PromptSet, counts: dict[str, int], notes: dict[str, list[Note]]) -> None:
    """Journey Map contributions by prompt: the count, a bar in proportion, and a few of the notes."""
    total = sum(counts.values())
    report.section(
        f"The {prompts.journey_title()}",
        f"{plural(total, 'contribution', 'contributions')}: what participants mapped under each of the "
        f"{len(prompts.prompts)} prompts.",
    )
    top_count = max(counts.values(), default=0) or 1
    for index, prompt in enumerate(prompts.prompts):
        chosen = notes.get(prompt.id, [])[:NOTES_PER_PROMPT]
        width = (report.inner - 10) / 2
        rows = -(-len(chosen) // 2)
        heights = [report.height_of(n.body, 9, width - 16, limit=4) + 14 for n in chosen]
        row_heights = [max(heights[2 * r : 2 * r + 2]) for r in range(rows)]
        report.ensure(40 + sum(row_heights) + 8 * rows)
        count = counts.get(prompt.id, 0)
        report.line(prompt.text(), 12, MARGIN, report.y - 12, bold=True, colour=NAVY,
                    max_width=report.inner - 120)  # fmt: skip
        report.line(f"{count:,}", 12, report.width - MARGIN, report.y - 12, bold=True, colour=GOLD, align="right")
        report.canvas.setFillColor(JOURNEY_COLOURS[index % len(JOURNEY_COLOURS)])
        report.canvas.rect(MARGIN, report.y - 24, report.inner * count / top_count, 5, stroke=0, fill=1)
        report.y -= 32
        for r in range(rows):
            top = report.y
            for k, note in enumerate(chosen[2 * r : 2 * r + 2]):
                left = MARGIN + k * (width + 10)
                report.canvas.setFillColor(JOURNEY_COLOURS[index % len(JOURNEY_COLOURS)])
                report.canvas.roundRect(left, top - row_heights[r], width, row_heights[r], 4, stroke=0, fill=1)
                report.paragraph(note.body, 9, left + 8, top - 7, width - 16, limit=4)
            report.y = top - row_heights[r] - 8
        report.y -= 6
