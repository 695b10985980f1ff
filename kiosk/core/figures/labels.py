"""Words for the codes figures are keyed by: sectors, roles and language codes, as reports print them."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.core.figures.day import NO_SECTOR, OtherDayArrivals
from kiosk.core.text import plural

SECTOR_LABELS = {
    "community_based": "Community-based organizations",
    "ethnic_media": "Ethnic and community media",
    "state_agency": "State agencies",
    "elected_office": "Elected offices",
    "local_government": "Local government",
    "tribal_serving": "Tribal-serving organizations",
    "education": "Education",
    "philanthropy": "Philanthropy",
    NO_SECTOR: "No organization given",
}
ROLE_LABELS = {
    "attendee": "Attendee",
    "speaker": "Speaker",
    "exhibitor": "Exhibitor",
    "media": "Media",
    "elected_official": "Elected official",
    "staff": "Staff",
    "volunteer": "Volunteer",
}


def sector_label(sector: str) -> str:
    return SECTOR_LABELS.get(sector, sector.replace("_", " ").capitalize())


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def language_label(code: str) -> str:
    """'es' -> 'Spanish'; a code no table knows is shown as itself."""
    from kiosk.core.io.languages import language_name

    return language_name(code) or code


OTHER_DAYS_NAMED = 4


def other_days_note(others: Sequence[OtherDayArrivals]) -> str:
    """Under an arrivals chart, the participants it leaves out because they checked in on another day:
    'Not in the chart: 1 participant checked in on another day, November 27, 2026.' ('' if none)."""
    if not others:
        return ""
    total = sum(o.count for o in others)
    who = plural(total, "participant", "participants")
    if len(others) == 1:
        return f"Not in the chart: {who} checked in on another day, {_date(others[0])}."
    named = [f"{_date(o)} ({o.count:,})" for o in others[:OTHER_DAYS_NAMED]]
    rest = len(others) - len(named)
    if rest:
        days = ", ".join(named) + f" and {plural(rest, 'more day', 'more days')}"
    else:
        days = ", ".join(named[:-1]) + f" and {named[-1]}"
    return f"Not in the chart: {who} checked in on {len(others):,} other days, {days}."


def _date(other: OtherDayArrivals) -> str:
    return f"{other.date:%B} {other.date.day}, {other.date.year}"
