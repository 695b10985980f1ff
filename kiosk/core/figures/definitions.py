"""Every figure the dashboard, the exports and the reports show, named and defined once.

`FIGURES` is the register: a figure's key (the field of DayFigures or SeriesFigures and the key in
`--json`), the words the report prints beside it, and a one-line definition. docs/figures.md is generated
from it (`figures_markdown()`), and a test keeps the two the same.
"""

from __future__ import annotations

from dataclasses import dataclass

DAY = "day"
SERIES = "series"
BOTH = "day, series"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    """As the report prints it beside the number ("Unique organizations represented")."""
    definition: str
    scope: str = BOTH


FIGURES: tuple[Figure, ...] = (
    Figure(
        "registered",
        "Registered",
        "Registrants of the event whose status is registered (walk-ins included, cancelled left out).",
        DAY,
    ),
    Figure(
        "participants",
        "Participants",
        "Registrants with a standing check-in: checked in, and that check-in not voided; a person checked in "
        "twice (two stations, before they synced) counts once, and someone cancelled after they checked in "
        "still counts (in every figure and list by organization, sector or role too). Across a series: the "
        "sum over its events, so a person at three convenings counts three times.",
    ),
    Figure(
        "unique_participants",
        "Unique participants",
        "Participants across the series counted once per person: the same normalized email (trimmed, lower "
        "case) is one person; a participant without an email is the person with the same folded first and "
        "last name at the same normalized organization.",
        SERIES,
    ),
    Figure(
        "walk_ins",
        "Walk-ins",
        "Registrants registered at the door (walk-in) whose status is registered.",
        DAY,
    ),
    Figure(
        "no_shows",
        "No-shows",
        "Registrants whose status is registered with no standing check-in (at the end of the day: who "
        "registered and did not come).",
        DAY,
    ),
    Figure("cancelled", "Cancelled", "Registrants whose status is cancelled.", DAY),
    Figure(
        "badges_printed",
        "Badges printed",
        "Badge prints recorded for the event's registrants (a reprint counts again); `badges_printed_people` "
        "counts the people with at least one.",
        DAY,
    ),
    Figure(
        "unique_organizations",
        "Unique organizations represented",
        "Organizations of participants, one per normalized name (\"The Fresno Center, Inc.\" and \"fresno "
        "center\" are one); across a series, an organization at several events counts once.",
    ),
    Figure(
        "ethnic_media_organizations",
        "Ethnic media organizations engaged",
        "Unique organizations represented whose sector is ethnic media.",
    ),
    Figure(
        "languages_served",
        "Languages served by attending organizations",
        "Distinct language codes (case, spaces and _/- ignored) in the language lists of the unique "
        "organizations represented: what the organizations serve their communities in, not what "
        "participants speak.",
    ),
    Figure(
        "state_agency_staff",
        "State agency staff participants",
        "Participants whose organization's sector is state agency, whatever their role (a department's "
        "exhibitor counts). Across a series: unique people, as for unique participants.",
    ),
    Figure(
        "elected_officials",
        "Elected officials represented",
        "Participants whose role is elected official, set at the desk or by an import's role column (a "
        "form's \"Elected Official/Staff\" counts as elected official: the form does not tell them apart); "
        "their staff, registered with another role, count in their office's sector instead. Across a series: "
        "unique people, as for unique participants.",
    ),
    Figure(
        "new_connections",
        "New partner connections",
        "Connections recorded at the kiosk by two badge scans, each pair of people once per event (a record "
        "staff merged into another is the person it was merged into, and no one connects with themself); "
        "across a series, the sum over its events. `cross_organization_connections` counts those between "
        "two different organizations (those the two people have now).",
    ),
    Figure(
        "journey_contributions",
        "Journey Map contributions",
        "Visible Journey Map notes (hidden and held ones left out), also counted per prompt in "
        "`contributions_by_prompt`.",
    ),
    Figure(
        "together_responses",
        "Stronger Together responses",
        "Visible haves and needs, also counted per category in `haves_by_category` and `needs_by_category`.",
    ),
    Figure(
        "participants_by_sector",
        "Attendance by sector",
        "Participants per sector of their organization (`none` for participants without an organization); "
        "across a series, summed over its events. An organization whose sector was never set counts as "
        "community based, the sector every organization starts with.",
    ),
    Figure(
        "languages",
        "Languages served",
        "For each language served, the number of unique organizations represented that serve it.",
    ),
    Figure(
        "arrivals",
        "Arrivals per 15 minutes",
        "Participants by the quarter hour of their first standing check-in, in the venue's time "
        "(America/Los_Angeles), on the event's date: every quarter hour from the day's first arrival to its "
        "last, empty ones included. A check-in made on another day (a test scan the day before, a late import "
        "checked in weeks after) is not drawn among them: `arrivals_other_days` counts those participants by "
        "date, and the report and the dashboard say so under the chart. The two add up to participants.",
        DAY,
    ),
)

BY_KEY = {figure.key: figure for figure in FIGURES}


def figures_markdown() -> str:
    """docs/figures.md: the register as a page for staff and for whoever checks a report's numbers."""
    lines = [
        "# Figures",
        "",
        "What every number on the dashboard, in the exports and in the day-of and series reports means. Each",
        "is defined once, in `kiosk/core/figures`, and computed there with SQL over the station's file; this",
        "page is generated from `kiosk.core.figures.definitions.FIGURES` (a test keeps it in step).",
        "",
        "`kiosk report day --event SLUG --json` and `kiosk report series [--series NAME] --json` print them",
        "under these keys.",
        "",
        "| key | in the report | of | definition |",
        "|---|---|---|---|",
    ]
    for figure in FIGURES:
        lines.append(f"| `{figure.key}` | {figure.label} | {figure.scope} | {figure.definition} |")
    lines += [
        "",
        "Sectors are those of `kiosk.core.models.Sector` (community based, ethnic media, state agency, elected",
        "office, local government, tribal serving, education, philanthropy). Organization rows with one",
        "normalized name (two stations may each have created it offline) count as one organization, with the",
        "sector of the row most of its participants belong to (ties: the first sector by name) and the",
        "languages of all of them. A participant is counted in the sector of their own organization row.",
        "An organization starts as community based (a walk-in's, or an import's without a sector column): one",
        "whose sector was never set counts as community based wherever a figure goes by sector, never as",
        "ethnic media or a state agency. Registrants → Organizations… and `kiosk organizations --set-sector`",
        "set it.",
        "",
    ]
    return "\n".join(lines)
