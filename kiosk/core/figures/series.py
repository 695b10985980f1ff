"""The figures of a series of convenings: the day figures of each, summed where a sum means something, and
people and organizations counted once across all of them (kiosk.core.figures.definitions says how)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.core.errors import NotFound
from kiosk.core.figures.day import (
    MERGED,
    DayFigures,
    default_prompts,
    jsonable,
    ordered,
    organization_rows,
    reading,
    unique_organizations,
)
from kiosk.core.figures.day import day_figures as _day_figures
from kiosk.core.models import Event, Role, Sector
from kiosk.core.text import fold

if TYPE_CHECKING:
    from kiosk.core.context import Context
    from kiosk.core.journey import PromptSet


@dataclass(frozen=True)
class SeriesFigures:
    """`to_json()` is what `kiosk report series --json` prints; `convenings` holds each event's figures."""

    series: str
    first_date: dt.date | None
    last_date: dt.date | None
    events: int
    participants: int
    unique_participants: int
    unique_organizations: int
    ethnic_media_organizations: int
    languages_served: int
    state_agency_staff: int
    elected_officials: int
    new_connections: int
    cross_organization_connections: int
    journey_contributions: int
    together_responses: int
    contributions_by_prompt: dict[str, int] = field(default_factory=dict)
    haves_by_category: dict[str, int] = field(default_factory=dict)
    needs_by_category: dict[str, int] = field(default_factory=dict)
    participants_by_sector: dict[str, int] = field(default_factory=dict)
    organizations_by_sector: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    convenings: tuple[DayFigures, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = jsonable(self)
        for day in data["convenings"]:
            day.pop("arrivals", None)  # a quarter-hour curve per convening is the day report's business
            day.pop("arrivals_other_days", None)
        return data


def person_keys(rows: Iterable[tuple[str, str, str, str, str]]) -> dict[str, str]:
    """registrant id -> person key, for (id, email, first name, last name, organization key) rows: one
    normalized email is one person; a row without an email is the person of the same folded name at the
    same organization (one who gave an email somewhere, if any did)."""
    by_name: dict[tuple[str, str], str] = {}
    out: dict[str, str] = {}
    later: list[tuple[str, tuple[str, str]]] = []
    for rid, email, first, last, org in sorted(rows, key=lambda r: r[0]):
        name = (fold(f"{first} {last}"), org)
        address = email.strip().lower()
        if address:
            out[rid] = f"email:{address}"
            by_name.setdefault(name, out[rid])
        else:
            later.append((rid, name))
    for rid, name in later:
        out[rid] = by_name.setdefault(name, f"name:{name[0]}|{name[1]}")
    return out


_PEOPLE = (
    "WITH p AS (SELECT DISTINCT registrant_id AS id FROM checkin WHERE event_id IN ({marks}) AND voided_by IS NULL) "
    "SELECT r.id, r.email, r.first_name, r.last_name, r.organization_id, r.role "
    f"FROM p JOIN registrant r ON r.id = p.id WHERE r.status != '{MERGED}'"
)


def series_names(ctx: Context) -> list[str]:
    with reading(ctx.store) as db:
        return [s for (s,) in db.execute("SELECT DISTINCT series FROM event WHERE series != '' ORDER BY series")]


def series_events(ctx: Context, series: str) -> list[Event]:
    from kiosk.core.services.events import Events

    events = [e for e in Events(ctx).all() if e.series == series]
    if not events:
        known = ", ".join(repr(s) for s in series_names(ctx)) or "none"
        raise NotFound(f"no events in the series {series!r} (series here: {known})")
    return events


def series_figures(ctx: Context, series: str, prompts: PromptSet | None = None) -> SeriesFigures:
    """The figures of every event whose series is `series` (NotFound if there is none)."""
    prompts = prompts or default_prompts(ctx)
    events = series_events(ctx, series)
    days = tuple(_day_figures(ctx, event, prompts) for event in events)
    ids = [e.id for e in events]
    with reading(ctx.store) as db:
        people = db.execute(_PEOPLE.format(marks=", ".join("?" * len(ids))), ids).fetchall()
        orgs = organization_rows(db, {row[4] for row in people if row[4]})
    keys = person_keys((rid, email, first, last, orgs[oid].key if oid in orgs else "")
                       for rid, email, first, last, oid, _ in people)  # fmt: skip
    participants_by_org: Counter[str] = Counter(oid for *_, oid, _ in people if oid in orgs)
    present = unique_organizations((orgs[oid], n) for oid, n in participants_by_org.items())
    state_staff = {keys[rid] for rid, *_, oid, _ in people if oid in orgs and orgs[oid].sector == Sector.STATE_AGENCY}
    elected = {keys[rid] for rid, *_, role in people if role == Role.ELECTED_OFFICIAL}
    languages = present.language_counts()
    return SeriesFigures(
        series=series,
        first_date=events[0].date,
        last_date=events[-1].date,
        events=len(events),
        participants=sum(d.participants for d in days),
        unique_participants=len(set(keys.values())),
        unique_organizations=present.count,
        ethnic_media_organizations=present.of_sector(Sector.ETHNIC_MEDIA),
        languages_served=len(languages),
        state_agency_staff=len(state_staff),
        elected_officials=len(elected),
        new_connections=sum(d.new_connections for d in days),
        cross_organization_connections=sum(d.cross_organization_connections for d in days),
        journey_contributions=sum(d.journey_contributions for d in days),
        together_responses=sum(d.together_responses for d in days),
        contributions_by_prompt=_summed(d.contributions_by_prompt for d in days),
        haves_by_category=_summed(d.haves_by_category for d in days),
        needs_by_category=_summed(d.needs_by_category for d in days),
        participants_by_sector=ordered(_summed(d.participants_by_sector for d in days)),
        organizations_by_sector=present.by_sector(),
        languages=languages,
        convenings=days,
    )


def _summed(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + n
    return total

