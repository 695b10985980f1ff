"""What a badge says, as plain text: the name to greet, the role band's words and colour, "I speak ...".

The band's colour and words come from resources/badges/design/roles.json, the phrases from
resources/badges/design/languages.json: staff can change either without touching Python.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from kiosk.core.badges.qr import badge_payload
from kiosk.core.io.languages import language_name
from kiosk.core.models import Event, Organization, Registrant, Role
from kiosk.core.names import family_first, full_name
from kiosk.resources import resource_path

INK = (0.09, 0.11, 0.13)
MUTED = (0.34, 0.38, 0.42)
ACCENT = (0.0, 0.37, 0.45)
WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Band:
    label: str
    color: tuple[float, float, float]
    """Fill, RGB 0..1."""

    @property
    def text_color(self) -> tuple[float, float, float]:
        """White or ink, whichever reads better on the fill."""
        return WHITE if contrast(WHITE, self.color) >= contrast(INK, self.color) else INK


@dataclass(frozen=True)
class BadgeFace:
    """Everything one badge shows, as plain text (names are never markup)."""

    registrant_id: str
    greeting: str
    """Preferred name, else first name: the big line."""
    last_name: str
    pronouns: str
    organization: str
    band: Band
    languages: str
    """The "I speak" line, phrases joined by a middle dot."""
    event: str
    payload: str
    """The badge QR payload (kiosk.core.badges.qr), never the ticket's."""
    name_lang: str = ""
    """Language hint for the name's glyph forms ("ja", "ko"), from the languages the person speaks."""
    sort_last: str = ""
    sort_organization: str = ""

    @property
    def name(self) -> str:
        """The whole name as the badge reads it ("Ana Ruiz"; a name written family name first is all in
        `greeting`): for titles, previews and print jobs."""
        return " ".join(part for part in (self.greeting, self.last_name) if part)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(hex_color: str) -> tuple[float, float, float]:
    value = hex_color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


@functools.cache
def _design(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path("badges", "design", name).read_text(encoding="utf-8"))
    return data


def band_for(role: str, sector: str = "") -> Band:
    """The role band: the sector's (ethnic media, state agency) for the roles it applies to, else the role's."""
    data = _design("roles.json")
    entry = data["roles"].get(role) or data["roles"][Role.ATTENDEE.value]
    if sector in data["sectors"] and role in data["sector_applies_to"]:
        entry = data["sectors"][sector]
    return Band(entry["label"], _rgb(entry["color"]))


def language_phrase(code: str) -> str:
    """ "Hablo español" for "es"; the language's own name, else its English name, else `code` as given."""
    data = _design("languages.json")
    key = code.strip()
    phrase = data["phrases"].get(key) or data["names"].get(key)
    if phrase:
        return str(phrase)
    return language_name(key) or key


def languages_line(codes: list[str]) -> str:
    separator: str = _design("languages.json")["separator"]
    return separator.join(language_phrase(code) for code in codes if code.strip())


def _name_lang(codes: list[str]) -> str:
    """Which regional glyph forms a Han name wants: Japanese or Korean speakers' names get theirs."""
    if "zh" in codes or "yue" in codes:
        return ""
    return next((code for code in ("ja", "ko") if code in codes), "")


def face_for(registrant: Registrant, organization: Organization | None, event: Event) -> BadgeFace:
    """What `registrant`'s badge shows at `event`."""
    greeting = (registrant.preferred_name or registrant.first_name).strip()
    last = registrant.last_name.strip()
    if not greeting or family_first(greeting, last):
        # One line: the family name alone, or a name written family name first ('王家豪'), large.
        greeting, last = full_name(greeting, last), ""
    when = f"{event.date:%B %-d, %Y}"
    return BadgeFace(
        registrant_id=registrant.id,
        greeting=greeting,
        last_name=last,
        pronouns=registrant.pronouns.strip(),
        organization=organization.name.strip() if organization else "",
        band=band_for(registrant.role, organization.sector if organization else ""),
        languages=languages_line(list(registrant.languages)),
        event=f"{event.name} · {when}",
        payload=badge_payload(event.id, registrant.id),
        name_lang=_name_lang(list(registrant.languages)),
        sort_last=f"{registrant.last_name} {registrant.first_name}",
        sort_organization=organization.name if organization else "",
    )
