"""Convenings: create them, find them, pick the one this station is working today."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from kiosk.core.codes import ticket_key
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.figures.day import DESK_ARRIVALS
from kiosk.core.ids import new_id
from kiosk.core.models import Event, EventKind, Registrant, RegistrantStatus, Setting
from kiosk.core.replica import UPSERT
from kiosk.core.settings import CURRENT_EVENT, put_setting
from kiosk.core.sqltypes import iso_utc

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_GENERIC_WORDS = frozenset({"convening", "regional", "the", "of", "a", "an", "and", "in", "at", "for"})
"""Words left out of a proposed slug: "California Connects: Fresno Regional Convening" is 'fresno'."""
SLUG_WORDS = 4
"""At most this many words of the name go into a proposed slug, which is typed after --event."""


def proposed_slug(name: str, date: dt.date, taken: Collection[str] = ()) -> str:
    """A slug for a new event, as the demo's are: the words of the name after its last colon less the generic
    ones, and the year ('fresno-2025'); with the month and day, then a number, if another event has it. A name
    with no Latin letters gives 'convening-YYYY'."""
    ascii_name = unicodedata.normalize("NFKD", name.rpartition(":")[2] or name).encode("ascii", "ignore").decode()
    words = _SLUG_WORD.findall(ascii_name.lower())
    words = [word for word in words if word not in _GENERIC_WORDS] or words or ["convening"]
    head = "-".join(words[:SLUG_WORDS])
    for candidate in (f"{head}-{date.year}", f"{head}-{date:%Y-%m-%d}"):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{head}-{date:%Y-%m-%d}-{n}" in taken:
        n += 1
    return f"{head}-{date:%Y-%m-%d}-{n}"


@dataclass(frozen=True)
class EventFigures:
    event_id: str
    event_name: str
    date: dt.date
    city: str
    venue: str
    registered: int
    checked_in: int
    walk_ins: int
    cancelled: int
    recent_arrivals: int = 0
    """Participants whose check-in that counts (their first standing one) was made in the last ARRIVALS_WINDOW."""


ARRIVALS_WINDOW = dt.timedelta(minutes=15)


class Events:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def create(
        self,
        *,
        name: str,
        slug: str,
        date: dt.date,
        city: str,
        venue: str = "",
        region: str = "",
        kind: EventKind = EventKind.REGIONAL,
        series: str = "",
    ) -> Event:
        problems = self.problems(name=name, slug=slug)
        if problems:
            raise InvalidInput(next(iter(problems.values())))
        event = Event(
            id=new_id(),
            name=name.strip(),
            slug=slug,
            date=date,
            city=city,
            venue=venue,
            region=region,
            kind=kind,
            series=series,
            ticket_key=ticket_key(),
        )
        with self.ctx.transaction() as w:
            w.record("event", event.id, UPSERT, event.model_dump(exclude={"id", "field_clocks"}))
        return event

    def problems(self, *, name: str, slug: str) -> dict[str, str]:
        """Why `create` would refuse this name and slug, by field ("name", "slug"), in the order of the fields;
        empty when it would not. The new-convening form shows each beside its field before anything is written."""
        problems: dict[str, str] = {}
        if not name.strip():
            problems["name"] = "an event needs a name"
        if not slug:
            problems["slug"] = "an event needs a slug: a short id of lower-case letters, digits and dashes"
        elif not _SLUG.match(slug):
            problems["slug"] = f"slug {slug!r} must be lower-case letters, digits and dashes, like 'fresno-2025'"
        else:
            # Two stations apart may still give one slug to two events: sync then gives the one made second
            # another slug on every station (kiosk.core.clashes), and `kiosk sync conflicts` names both.
            with self.ctx.store.session() as s:
                if s.exec(select(Event).where(Event.slug == slug)).first() is not None:
                    problems["slug"] = f"an event with slug {slug!r} already exists; choose another slug"
        return problems

    def propose_slug(self, name: str, date: dt.date) -> str:
        """A slug for a new event of this name and date that no event in the data folder has (`proposed_slug`)."""
        with self.ctx.store.session() as s:
            taken = set(s.exec(select(Event.slug)))
        return proposed_slug(name, date, taken)

    def all(self) -> list[Event]:
        with self.ctx.store.session() as s:
            return list(s.exec(select(Event).order_by(col(Event.date), col(Event.name), col(Event.slug))))

    def by_slug(self, slug: str) -> Event:
        with self.ctx.store.session() as s:
            event = s.exec(select(Event).where(Event.slug == slug)).first()
        if event is None:
            raise NotFound(f"no event with slug {slug!r}; `kiosk events` lists them")
        return event

    def current(self, slug: str | None = None) -> Event:
        """The event named, else the one chosen on this station, else today's or the next, else the latest
        (of two on one day, the one whose slug sorts first: the same on every station)."""
        if slug:
            return self.by_slug(slug)
        with self.ctx.store.session() as s:
            chosen = s.get(Setting, CURRENT_EVENT)
            if chosen is not None:
                # The chosen event's id; a slug where an older version chose it.
                event = s.get(Event, chosen.value) or s.exec(select(Event).where(Event.slug == chosen.value)).first()
                if event is not None:
                    return event
            today = dt.date.today()
            upcoming = s.exec(
                select(Event).where(Event.date >= today).order_by(col(Event.date), col(Event.slug))
            ).first()
            latest = s.exec(select(Event).order_by(col(Event.date).desc(), col(Event.slug))).first()
        event = upcoming or latest
        if event is None:
            raise NotFound(
                "this station has no event yet: create one with `kiosk add-event NAME --slug SLUG --date YYYY-MM-DD "
                "--city CITY` (`kiosk demo` builds a demo); a laptop joining a convening set up on another gets it "
                "by sync: `kiosk sync pair CODE` then `kiosk sync now`, or import a bundle with "
                "`kiosk sync import FILE`"
            )
        return event

    def choose(self, slug: str) -> Event:
        """Make an event this station's current one (a local choice, not shared by sync). Kept by id: should
        another station's older event with the same slug arrive, this one gets another slug and stays chosen."""
        event = self.by_slug(slug)
        with self.ctx.store.write() as db:
            put_setting(db, CURRENT_EVENT, event.id)
        return event

    def figures(self, event_id: str, now: dt.datetime | None = None) -> EventFigures:
        """The event's counts now; `now` (UTC) sets where the recent-arrivals window ends."""
        since = (now or dt.datetime.now(dt.UTC)) - ARRIVALS_WINDOW
        with self.ctx.store.session() as s:
            event = s.get(Event, event_id)
            if event is None:
                raise NotFound(f"no event with id {event_id}")
            counts: dict[tuple[str, bool], int] = {
                (status, bool(walk_in)): n
                for status, walk_in, n in s.exec(
                    select(Registrant.status, Registrant.walk_in, func.count())
                    .where(Registrant.event_id == event_id)
                    .group_by(col(Registrant.status), col(Registrant.walk_in))
                )
            }
            # Checked in and recent arrivals count participants as every staff figure does: a person once, as
            # the record kept (a check-in another station made on a record before it heard of its merge is
            # not a second person), arrived when the check-in that counts was made.
            checked_in, recent_arrivals = (
                s.connection().exec_driver_sql(DESK_ARRIVALS, (iso_utc(since), event_id)).one()
            )
        return EventFigures(
            event_id=event.id,
            event_name=event.name,
            date=event.date,
            city=event.city,
            venue=event.venue,
            registered=sum(n for (status, _), n in counts.items() if status == RegistrantStatus.REGISTERED),
            checked_in=checked_in,
            walk_ins=counts.get((RegistrantStatus.REGISTERED, True), 0),
            cancelled=sum(n for (status, _), n in counts.items() if status == RegistrantStatus.CANCELLED),
            recent_arrivals=recent_arrivals,
        )
