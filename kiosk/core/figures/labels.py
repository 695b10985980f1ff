"""Words for the codes figures are keyed by: sectors, roles and language codes, as reports print them."""

from __future__ import annotations

from kiosk.core.figures.day import NO_SECTOR

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
