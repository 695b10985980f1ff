"""A realistic demo series: the nine California Connects convenings, their organizations and people, and
what attendees left on each convening's wall (Journey Map notes, haves and needs) and the partner
connections they recorded.

People and organizations come from resources/demo (names in sixteen languages and their scripts,
fictional organizations of every sector). Everything is written through the service layer, so the demo
exercises the same change log a real day does. Content is fixed by the seed; ids, ticket codes and
clock stamps are fresh on every run, as they are secrets or per-station facts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.core.errors import InvalidInput
from kiosk.core.journey.samples import sample_drafts
from kiosk.core.models import CheckInMethod, EventKind, Organization, RegistrantStatus, Role, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.connections import AlreadyConnected
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.core.text import fold
from kiosk.resources import resource_path

SERIES = "California Connects 2025–2026"
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
BATCH = 2000
NOTES_PER_PERSON, MOST_NOTES = 0.2, 240
CONNECTIONS_PER_PERSON, MOST_CONNECTIONS = 0.12, 150
"""A wall and a connections list of a convening's size, capped so a 100,000-person benchmark store is quick."""


@dataclass(frozen=True)
class Convening:
    slug: str
    city: str
    region: str
    date: dt.date
    venue: str
    kind: EventKind = EventKind.REGIONAL

    @property
    def name(self) -> str:
        if self.kind == EventKind.STATEWIDE:
            return "California Connects: Statewide Convening"
        return f"California Connects: {self.city} Regional Convening"


CONVENINGS = (
    Convening("san-francisco-2025", "San Francisco", "Bay Area", dt.date(2025, 10, 8), "Civic Center Community Hall"),
    Convening("los-angeles-2025", "Los Angeles", "Los Angeles", dt.date(2025, 10, 15), "Boyle Heights Cultural Center"),
    Convening("anaheim-2025", "Anaheim", "Orange County", dt.date(2025, 10, 16), "Anaheim Community Pavilion"),
    Convening(
        "sacramento-2025", "Sacramento", "Sacramento Valley", dt.date(2025, 10, 21), "Capitol Mall Conference Hall"
    ),
    Convening("riverside-2025", "Riverside", "Inland Empire", dt.date(2025, 10, 23), "Riverside Community Commons"),
    Convening("oxnard-2025", "Oxnard", "Central Coast", dt.date(2025, 10, 29), "Oxnard Harbor Events Center"),
    Convening("san-diego-2025", "San Diego", "San Diego", dt.date(2025, 11, 5), "City Heights Community Hall"),
    Convening("fresno-2025", "Fresno", "Central Valley", dt.date(2025, 11, 18), "Fresno Valley Convention Hall"),
    Convening(
        "statewide-2026",
        "Sacramento",
        "Statewide",
        dt.date(2026, 4, 23),
        "Sacramento Convention Center",
        EventKind.STATEWIDE,
    ),
)
CURRENT = "statewide-2026"
ROLE_BY_SECTOR = {
    Sector.ETHNIC_MEDIA: Role.MEDIA,
    Sector.ELECTED_OFFICE: Role.ELECTED_OFFICIAL,
}


def _load(name: str) -> Any:
    return json.loads(resource_path("demo", name).read_text(encoding="utf-8"))


class _People:
    """Draws registrants for one seed: language first, then a name in its script or romanized."""

    def __init__(self, rng: random.Random, organizations: list[Organization]) -> None:
        data = _load("names.json")
        self.rng = rng
        self.languages: list[dict[str, Any]] = data["languages"]
        self.weights = [lang["weight"] for lang in self.languages]
        self.pronouns: list[str] = data["pronouns"]
        self.titles: list[str] = data["titles"]
        self.needs: list[str] = data["accessibility_needs"]
        self.organizations = organizations
        self.by_language: dict[str, list[Organization]] = {}
        for org in organizations:
            for code in org.languages:
                self.by_language.setdefault(code, []).append(org)

    def draw(self, walk_in: bool = False) -> RegistrantDraft:
        rng = self.rng
        lang = rng.choices(self.languages, self.weights)[0]
        g = rng.randrange(len(lang["given"]))
        f = rng.randrange(len(lang["family"]))
        native = lang["script"] != "Latn" and rng.random() < 0.5
        given = lang["given"][g] if native else lang["given_latin"][g]
        family = lang["family"][f] if native else lang["family_latin"][f]
        org = self._organization(lang["code"])
        email = ""
        if rng.random() < 0.85:
            local = fold(f"{lang['given_latin'][g]}.{lang['family_latin'][f]}").replace(" ", "")
            local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch in ".-"))
            domain = "".join(ch for ch in fold(org.normalized_name) if ch.isascii() and ch.isalnum())[:18]
            email = f"{local}@{domain or 'example'}.org"
        preferred = ""
        if " " in lang["given_latin"][g] and not native and rng.random() < 0.5:
            preferred = lang["given_latin"][g].split()[0]
        return RegistrantDraft(
            first_name=given,
            last_name=family,
            preferred_name=preferred,
            pronouns=rng.choice(self.pronouns) if rng.random() < 0.4 else "",
            email=email,
            phone=f"({rng.choice(['209', '310', '415', '559', '619', '714', '805', '909', '916'])}) 555-01"
            f"{rng.randrange(100):02d}"
            if rng.random() < 0.3
            else "",
            organization_id=org.id,
            title=rng.choice(self.titles),
            role=self._role(org),
            languages=sorted({lang["code"], "en"} if rng.random() < 0.7 else {lang["code"]}),
            accessibility_needs=rng.choice(self.needs) if rng.random() < 0.06 else "",
            photo_consent=rng.choices([True, False, None], [80, 10, 10])[0],
            external_ids={} if walk_in else {"eventbrite_attendee": str(rng.randrange(10**9, 10**10))},
            walk_in=walk_in,
            status=RegistrantStatus.CANCELLED if not walk_in and rng.random() < 0.03 else RegistrantStatus.REGISTERED,
        )

    def _organization(self, language: str) -> Organization:
        speaking = self.by_language.get(language)
        if speaking and self.rng.random() < 0.7:
            return self.rng.choice(speaking)
        return self.rng.choice(self.organizations)

    def _role(self, org: Organization) -> Role:
        roll = self.rng.random()
        if roll < 0.03:
            return Role.SPEAKER
        if org.sector == Sector.STATE_AGENCY and roll < 0.3:
            return Role.EXHIBITOR
        return ROLE_BY_SECTOR.get(Sector(org.sector), Role.ATTENDEE)


def build_demo(
    kiosk: Kiosk,
    seed: int = 2025,
    registrants: int = 300,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Write the demo series into an empty station; `registrants` sizes the statewide (current) convening."""
    if kiosk.events.all():
        raise InvalidInput(f"{kiosk.ctx.store.folder} already holds events; build the demo into an empty --data-dir")
    rng = random.Random(seed)
    orgs_data = _load("organizations.json")
    organizations = [
        kiosk.organizations.create(o["name"], Sector(o["sector"]), o["languages"], o["region"])
        for o in orgs_data["organizations"]
    ]
    people = _People(rng, organizations)
    walls = random.Random(seed + 1)
    for convening in CONVENINGS:
        event = kiosk.events.create(
            name=convening.name,
            slug=convening.slug,
            date=convening.date,
            city=convening.city,
            venue=convening.venue,
            region=convening.region,
            kind=convening.kind,
            series=SERIES,
        )
        size = registrants if convening.slug == CURRENT else rng.randrange(140, 200)
        turnout = 0.6 if convening.slug == CURRENT else 0.86
        doors = dt.datetime.combine(convening.date, dt.time(8, 0), PACIFIC)
        done = 0
        came: list[str] = []
        while done < size:
            chunk = min(BATCH, size - done)
            made = kiosk.registrants.register_many(event.id, [people.draw() for _ in range(chunk)])
            arrivals = [
                (reg.id, doors + dt.timedelta(seconds=rng.randrange(0, 3 * 3600)))
                for reg in made
                if reg.status == RegistrantStatus.REGISTERED and rng.random() < turnout
            ]
            kiosk.checkins.check_in_all(sorted(arrivals, key=lambda a: a[1]), CheckInMethod.QR, "demo")
            came += [registrant_id for registrant_id, _ in arrivals]
            done += chunk
            progress(f"{convening.name}: {done}/{size} registrants")
        walk_ins = kiosk.registrants.register_many(
            event.id, [people.draw(walk_in=True) for _ in range(max(2, size // 25))]
        )
        kiosk.checkins.check_in_all(
            [(reg.id, doors + dt.timedelta(minutes=rng.randrange(30, 240))) for reg in walk_ins],
            CheckInMethod.WALK_IN,
            "demo",
        )
        came += [reg.id for reg in walk_ins]
        _wall_and_connections(kiosk, event.id, came, walls, size)
    kiosk.events.choose(CURRENT)


def _wall_and_connections(kiosk: Kiosk, event_id: str, came: list[str], rng: random.Random, size: int) -> None:
    """Notes from the kiosk (most signed by someone who came, some anonymous) and connections between
    people who came, drawn from their own generator so the people and arrivals stay as the seed made them."""
    if len(came) < 2:
        return
    notes = min(MOST_NOTES, int(size * NOTES_PER_PERSON))
    drafts = sample_drafts(kiosk.contributions.prompt_set, notes, rng.randrange(1_000_000))
    kiosk.contributions.add_many(
        event_id,
        [dataclasses.replace(d, registrant_id=rng.choice(came) if rng.random() < 0.8 else None) for d in drafts],
    )
    for _ in range(min(MOST_CONNECTIONS, int(size * CONNECTIONS_PER_PERSON))):
        first, second = rng.sample(came, 2)
        with contextlib.suppress(AlreadyConnected):
            kiosk.connections.connect(event_id, first, second, rng.random() < 0.7, rng.random() < 0.7)
