"""A generated series whose true figures are known by construction: organizations, people and who came to
which convening are planned first, the truth is counted from the plan in plain Python, then everything is
written through the services (registrations, check-ins, voids, notes, connections) as a real day would.

Noise the figures must ignore is written too: no-shows, cancellations, a voided check-in from an
organization no one else brings, hidden and held notes. And traps the definitions must get right: an
organization spelt two ways, a repeat registration with the email in capitals or without an email,
namesakes at different organizations.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kiosk.core.models import CheckInMethod, EventKind, Organization, RegistrantStatus, Role, Sector
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Draft
from kiosk.core.services.registrants import RegistrantDraft

PACIFIC = ZoneInfo("America/Los_Angeles")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LANGUAGES = _words(
    "en es zh vi tl ko hy fa ru pa hi km ar hmn ja am yue pt fr lo th ur bn gu ta te uk ps so ti mix zap ilo sm "
    "to haw he el pl de it mn my ne sw ro ku om fj mh ch nv quc mam kjb trs tsz"
)
FIRST = _words(
    "Ana Bao Chen Dara Elena Farid Gagik Hana Ines Jun Kiran Lucia Minh Nadia Omar Priya Quang Rosa Sina Tigist "
    "Umar Vartan Wei Ximena Yuki Zainab 王芳 李娜 Nguyễn Thảo 김민준 Սոնա Мария ਗੁਰਪ੍ਰੀਤ सुनीता សុខា فاطمه ትዕግሥት Lupe"
)
LAST = _words(
    "Ruiz Tran Garcia Kim Lee Nguyen Hakobyan Singh Patel Lopez Vang Xiong Ahmadi Ivanova Chen Wong Park Sok "
    "Haile Mendoza Reyes Cruz Santos Flores Morales Ortiz Castillo Delgado Herrera Vargas"
)
OTHER_SECTORS = (Sector.COMMUNITY_BASED, Sector.LOCAL_GOVERNMENT, Sector.TRIBAL_SERVING, Sector.EDUCATION,
                 Sector.PHILANTHROPY, Sector.COMMUNITY_BASED)  # fmt: skip
PROMPTS = ("built", "proud", "next", "wisdom", "transformed")
CATEGORIES = ("people", "places", "relationships", "technology", "programs", "funding", "data")
NOTE_TEXTS = ("我们建立了合作网络", "ما برای اولین بار با هم کار کردیم", "Chúng tôi đã kết nối", "=1+1",
              "Մենք միասին ենք", "ਅਸੀਂ ਮਿਲ ਕੇ ਕੰਮ ਕੀਤਾ", "Trusted messengers in every county")  # fmt: skip


@dataclass(frozen=True)
class SeriesSpec:
    name: str
    prefix: str
    regional: int
    organizations: int
    ethnic_media: int
    state_agency_orgs: int
    state_agency_staff: int
    elected_office_orgs: int
    elected_officials: int
    office_staffers: int
    languages: int
    unique_people: int
    participants: int
    statewide_participants: int
    statewide_organizations: int
    connections_per_event: int = 4
    notes_per_event: int = 6
    seed: int = 1
    start: dt.date = dt.date(2025, 10, 8)


CALIFORNIA_CONNECTS = SeriesSpec(
    name="Known Series 2025–2026", prefix="known", regional=8, organizations=621, ethnic_media=65,
    state_agency_orgs=30, state_agency_staff=106, elected_office_orgs=20, elected_officials=43, office_staffers=10,
    languages=51, unique_people=1000, participants=1170, statewide_participants=226, statewide_organizations=154,
    connections_per_event=10, notes_per_event=12, seed=2025,
)  # fmt: skip
"""The figures of OCPSC's 2025–2026 report (../shared/domain/california-connects-report.txt)."""

SMALL_SERIES = SeriesSpec(
    name="Valley Listening Sessions", prefix="valley", regional=3, organizations=47, ethnic_media=9,
    state_agency_orgs=5, state_agency_staff=14, elected_office_orgs=3, elected_officials=5, office_staffers=2,
    languages=12, unique_people=120, participants=150, statewide_participants=40, statewide_organizations=25,
    connections_per_event=3, notes_per_event=7, seed=7, start=dt.date(2026, 2, 3),
)  # fmt: skip


@dataclass
class Person:
    index: int
    first: str
    last: str
    email: str
    org: int
    role: Role
    twin_row: bool = False


@dataclass
class EventTruth:
    slug: str
    participants: int = 0
    organizations: set[int] = field(default_factory=set)
    state_agency_staff: int = 0
    elected_officials: int = 0
    walk_ins: int = 0
    no_shows: int = 0
    cancelled: int = 0
    connections: int = 0
    journey: int = 0
    together: int = 0
    languages: set[str] = field(default_factory=set)
    ethnic_media: set[int] = field(default_factory=set)


@dataclass
class Truth:
    """What the figures must say, counted from the plan."""

    participants: int
    unique_participants: int
    unique_organizations: int
    ethnic_media_organizations: int
    languages_served: int
    state_agency_staff: int
    elected_officials: int
    new_connections: int
    journey_contributions: int
    together_responses: int
    events: dict[str, EventTruth]


def _sector(spec: SeriesSpec, i: int) -> Sector:
    if i < spec.ethnic_media:
        return Sector.ETHNIC_MEDIA
    i -= spec.ethnic_media
    if i < spec.state_agency_orgs:
        return Sector.STATE_AGENCY
    i -= spec.state_agency_orgs
    if i < spec.elected_office_orgs:
        return Sector.ELECTED_OFFICE
    return OTHER_SECTORS[i % len(OTHER_SECTORS)]


def _people(spec: SeriesSpec, sectors: list[Sector]) -> list[Person]:
    people: list[Person] = []

    def add(org: int, role: Role) -> None:
        i = len(people)
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        email = "" if i % 9 == 4 else f"p{i}.{spec.prefix}@example.org"
        people.append(Person(i, first, last, email, org, role))

    by_sector: dict[Sector, list[int]] = defaultdict(list)
    for org, sector in enumerate(sectors):
        by_sector[sector].append(org)
        if sector == Sector.ELECTED_OFFICE:
            add(org, Role.ELECTED_OFFICIAL)
        elif sector == Sector.STATE_AGENCY:
            add(org, Role.EXHIBITOR if org % 2 else Role.ATTENDEE)
        elif sector == Sector.ETHNIC_MEDIA:
            add(org, Role.MEDIA)
        else:
            add(org, Role.SPEAKER if org % 17 == 0 else Role.ATTENDEE)
    offices, agencies = by_sector[Sector.ELECTED_OFFICE], by_sector[Sector.STATE_AGENCY]
    for n in range(spec.elected_officials - len(offices)):
        add(offices[n % len(offices)], Role.ELECTED_OFFICIAL)
    for n in range(spec.office_staffers):
        add(offices[n % len(offices)], Role.ATTENDEE)
    for n in range(spec.state_agency_staff - len(agencies)):
        add(agencies[n % len(agencies)], Role.ATTENDEE)
    others = [org for org, s in enumerate(sectors) if s not in (Sector.ELECTED_OFFICE, Sector.STATE_AGENCY)]
    n = 0
    while len(people) < spec.unique_people - 2:
        add(others[(n * 7) % len(others)], Role.ATTENDEE)
        n += 1
    # Namesakes without an email at two organizations: two people, not one.
    for org in (others[1], others[2]):
        add(org, Role.ATTENDEE)
        people[-1].first, people[-1].last, people[-1].email = "Mai", "Vang", ""
    # The organization spelt two ways: every other person of it registers under "The ..., Inc.".
    twin = others[3]
    for person in [p for p in people if p.org == twin][1::2]:
        person.twin_row = True
    assert len(people) == spec.unique_people
    return people


def _languages(spec: SeriesSpec, org: int) -> list[str]:
    pool = LANGUAGES[: spec.languages]
    return sorted({pool[org % len(pool)], pool[(3 * org + 1) % len(pool)]})


def build_series(kiosk: Kiosk, spec: SeriesSpec) -> Truth:
    rng = random.Random(spec.seed)
    sectors = [_sector(spec, i) for i in range(spec.organizations)]
    orgs: list[Organization] = [
        kiosk.organizations.create(f"{spec.prefix.title()} Organization {i:03d}", sectors[i], _languages(spec, i),
                                   "Region")
        for i in range(spec.organizations)
    ]  # fmt: skip
    people = _people(spec, sectors)
    twin_index = next(p.org for p in people if p.twin_row)
    twin = kiosk.organizations.create(
        f"The {orgs[twin_index].name}, Inc.", sectors[twin_index],
        [code.upper() for code in _languages(spec, twin_index)], "Region",
    )  # fmt: skip
    assert twin.normalized_name == orgs[twin_index].normalized_name and twin.id != orgs[twin_index].id
    # Organizations whose only people never count: no-shows, cancellations, a voided check-in.
    absent = [
        kiosk.organizations.create(f"{spec.prefix.title()} Absent Media {i}", Sector.ETHNIC_MEDIA, [f"qa{chr(97 + i)}"])
        for i in range(4)
    ]

    events = []
    for n in range(spec.regional + 1):
        statewide = n == spec.regional
        day = spec.start + dt.timedelta(days=7 * n if not statewide else 180)
        events.append(
            kiosk.events.create(
                name=f"{spec.name}: {'Statewide' if statewide else f'Regional {n + 1}'}",
                slug=f"{spec.prefix}-{'statewide' if statewide else n + 1}", date=day, city=f"City {n + 1}",
                venue="Community Hall", kind=EventKind.STATEWIDE if statewide else EventKind.REGIONAL,
                series=spec.name,
            )
        )  # fmt: skip
    statewide_index = spec.regional

    # Who comes where: the statewide day first (exactly its organizations), the rest spread over the
    # regional days, then repeat visits to other regional days.
    chosen = set(rng.sample(range(spec.organizations), spec.statewide_organizations))
    anchors = {}
    for p in people:
        anchors.setdefault(p.org, p)
    state_day = [anchors[o] for o in sorted(chosen)]
    extras = [p for p in people if p.org in chosen and anchors[p.org] is not p]
    rng.shuffle(extras)
    state_day += extras[: spec.statewide_participants - len(state_day)]
    assert len(state_day) == spec.statewide_participants, "not enough people in the statewide organizations"
    attends: dict[int, list[int]] = {p.index: [] for p in people}
    for p in state_day:
        attends[p.index].append(statewide_index)
    rest = [p for p in people if not attends[p.index]]
    for k, p in enumerate(rest):
        attends[p.index].append(k % spec.regional)
    for p in rng.sample(people, spec.participants - spec.unique_people):
        options = [e for e in range(spec.regional) if e not in attends[p.index]]
        attends[p.index].append(rng.choice(options))

    pool = LANGUAGES[: spec.languages]
    truths = {e.slug: EventTruth(e.slug) for e in events}
    for index, event in enumerate(events):
        truth = truths[event.slug]
        came = [p for p in people if index in attends[p.index]]
        drafts: list[RegistrantDraft] = []
        for k, p in enumerate(came):
            repeat = attends[p.index].index(index) > 0
            email = p.email
            if repeat and email and p.index % 3 == 0:
                email = email.upper()
            elif repeat and email and p.index % 3 == 1:
                email = ""  # found by name and organization
            walk_in = k % 20 == 7
            drafts.append(
                RegistrantDraft(
                    first_name=p.first, last_name=p.last, email=email,
                    organization_id=(twin if p.twin_row else orgs[p.org]).id, role=p.role, walk_in=walk_in,
                    languages=["en"],
                )
            )  # fmt: skip
            truth.participants += 1
            truth.walk_ins += walk_in
            truth.organizations.add(p.org)
            truth.state_agency_staff += sectors[p.org] == Sector.STATE_AGENCY
            truth.elected_officials += p.role == Role.ELECTED_OFFICIAL
            truth.languages |= {c.lower() for c in _languages(spec, p.org)}
            if sectors[p.org] == Sector.ETHNIC_MEDIA:
                truth.ethnic_media.add(p.org)
        made = kiosk.registrants.register_many(event.id, drafts)
        doors = dt.datetime.combine(event.date, dt.time(8, 30), PACIFIC)
        kiosk.checkins.check_in_all(
            [(r.id, doors + dt.timedelta(minutes=(k * 7) % 150)) for k, r in enumerate(made)], CheckInMethod.QR
        )
        # Noise: no-shows (one from a present organization), cancellations, a voided check-in.
        noise = kiosk.registrants.register_many(
            event.id,
            [RegistrantDraft(first_name="Nadie", last_name=f"Noshow {k}", organization_id=absent[k % 2].id)
             for k in range(3)]
            + [RegistrantDraft(first_name="Present", last_name="Noshow", organization_id=orgs[0].id,
                               role=Role.ELECTED_OFFICIAL)]
            + [RegistrantDraft(first_name="Cancel", last_name=f"Led {k}", organization_id=absent[2].id,
                               status=RegistrantStatus.CANCELLED) for k in range(2)]
            + [RegistrantDraft(first_name="Void", last_name="Ed", organization_id=absent[3].id,
                               role=Role.ELECTED_OFFICIAL)],
        )  # fmt: skip
        truth.no_shows, truth.cancelled = 4, 2
        voided = kiosk.checkins.check_in(noise[-1].id, CheckInMethod.QR)
        assert voided.checkin_id is not None
        kiosk.checkins.void(voided.checkin_id, "checked in the wrong person")
        truth.no_shows += 1  # registered, and no standing check-in

        for k in range(spec.connections_per_event):
            a, b = made[2 * k], made[2 * k + 1]
            kiosk.connections.connect(event.id, a.id, b.id, k % 2 == 0, k % 3 == 0)
        truth.connections = spec.connections_per_event
        notes = [
            Draft(PROMPTS[k % 5], NOTE_TEXTS[k % len(NOTE_TEXTS)], language="", registrant_id=made[k].id)
            for k in range(spec.notes_per_event)
        ] + [
            Draft(("have", "need")[k % 2], f"Shared {CATEGORIES[k % 7]} {k}", CATEGORIES[k % 7],
                  registrant_id=made[k].id)
            for k in range(spec.notes_per_event + 2)
        ]  # fmt: skip
        kiosk.contributions.add_many(event.id, notes)
        truth.journey, truth.together = spec.notes_per_event, spec.notes_per_event + 2
        hidden = kiosk.contributions.add(event.id, "proud", "a note staff hid", review=False)
        kiosk.contributions.hide(hidden.id)
        kiosk.contributions.add(event.id, "built", "a note waiting for review", review=True)

    assert {lang for t in truths.values() for lang in t.languages} == set(pool)
    return Truth(
        participants=sum(t.participants for t in truths.values()),
        unique_participants=len(people),
        unique_organizations=len({o for t in truths.values() for o in t.organizations}),
        ethnic_media_organizations=len({o for t in truths.values() for o in t.ethnic_media}),
        languages_served=len(pool),
        state_agency_staff=sum(1 for p in people if sectors[p.org] == Sector.STATE_AGENCY),
        elected_officials=sum(1 for p in people if p.role == Role.ELECTED_OFFICIAL),
        new_connections=sum(t.connections for t in truths.values()),
        journey_contributions=sum(t.journey for t in truths.values()),
        together_responses=sum(t.together for t in truths.values()),
        events=truths,
    )
