"""What staff review after a sync: duplicate check-ins, competing edits, possible duplicate walk-ins, and
slugs and ticket codes two stations gave apart. All are derived on read from replicated data (the check-in,
registrant and event tables and the change log), so every station that holds the same entries shows the
same list, whatever order the entries came in.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.clashes import creation_stamp, derived_rank, own_slug
from kiosk.core.context import Context
from kiosk.core.hlc import Timestamp
from kiosk.core.models import RegistrantStatus
from kiosk.core.names import full_name
from kiosk.core.replica import UPSERT
from kiosk.core.services.merges import LOOP_REASON, UNDONE

REVIEWED_ENTITIES = ("registrant", "organization", "contribution", "connection", "event")
MERGE_FIELDS = frozenset({"merged_into", "merge_reason", "merged_by"})
"""A registrant's fields that only merges and their undos write: what they did is the Merges tab's, not
competing edits (two merges of one pair made apart write them differently by design)."""


@dataclass(frozen=True)
class StandingCheckIn:
    checkin_id: str
    station_id: str
    at: str
    stamp: str
    """The check-in's change-log stamp (clock, then station id; CheckIn.stamp): the earliest is the one that
    counts, here and on the desk."""


@dataclass(frozen=True)
class DuplicateCheckIn:
    """One person with two or more standing (not voided) check-ins: the same badge scanned at two stations,
    two volunteers finding the same person while the stations were apart, or two check-ins carried over to
    them from one station's (merges made apart by an older version)."""

    registrant_id: str
    checkins: tuple[StandingCheckIn, ...]
    """Earliest first: the first shows as "checked in", the others are the duplicates to void."""


def duplicate_checkins(db: sqlite3.Connection, event_id: str | None = None) -> list[DuplicateCheckIn]:
    """Every person with more than one standing check-in, from any stations, by registrant id."""
    in_event = " AND c.event_id = ?" if event_id else ""
    rows = db.execute(
        "SELECT c.registrant_id, c.id, c.station_id, c.at, c.stamp FROM checkin c JOIN ("
        "SELECT registrant_id FROM checkin WHERE voided_by IS NULL GROUP BY registrant_id "
        "HAVING count(*) > 1) d ON d.registrant_id = c.registrant_id "
        f"WHERE c.voided_by IS NULL{in_event}",
        (event_id,) if event_id else (),
    ).fetchall()
    people: dict[str, list[StandingCheckIn]] = defaultdict(list)
    for registrant_id, checkin_id, station_id, at, stamp in rows:
        people[registrant_id].append(StandingCheckIn(checkin_id, station_id, at, stamp))
    return [
        DuplicateCheckIn(rid, tuple(sorted(found, key=lambda c: (c.stamp, c.checkin_id))))
        for rid, found in sorted(people.items())
    ]


@dataclass(frozen=True)
class FieldValue:
    value: Any
    stamp: str
    station_id: str


@dataclass(frozen=True)
class CompetingEdit:
    """A field that stations other than the winner's also set after the row was made: the value shown
    (the latest stamp wins) and the values that lost, kept in the change log for staff to see."""

    entity: str
    entity_id: str
    field: str
    winner: FieldValue
    losers: tuple[FieldValue, ...]


def competing_edits(db: sqlite3.Connection, entities: tuple[str, ...] = REVIEWED_ENTITIES) -> list[CompetingEdit]:
    """Fields whose edits, from more than one station, disagree. The entry that made a row is not an edit
    (every later change would compete with it); a losing value equal to the winner is not a conflict."""
    rows = db.execute(
        "SELECT entity, entity_id, hlc, station_id, payload FROM change_log WHERE kind = ? AND entity IN "
        f"({', '.join('?' * len(entities))}) ORDER BY entity, entity_id, hlc, station_id",
        (UPSERT, *entities),
    )
    found: list[CompetingEdit] = []
    current: tuple[str, str] | None = None
    writes: dict[str, list[FieldValue]] = {}

    def close() -> None:
        if current is None:
            return
        for name, values in sorted(writes.items()):
            if current[0] == "registrant" and (
                name in MERGE_FIELDS or (name == "status" and any(v.value == RegistrantStatus.MERGED for v in values))
            ):
                continue  # a merge or its undo, listed with the merges
            winner = values[-1]
            losers = tuple(v for v in values[:-1] if v.station_id != winner.station_id and v.value != winner.value)
            if losers:
                found.append(CompetingEdit(current[0], current[1], name, winner, losers))

    for entity, entity_id, hlc, station_id, payload in rows:
        if (entity, entity_id) != current:
            close()
            current, writes = (entity, entity_id), {}
            first = True
        else:
            first = False
        if first:
            continue  # the creating entry: the row's first values, not an edit
        for name, value in json.loads(payload).items():
            writes.setdefault(name, []).append(FieldValue(value, f"{hlc}@{station_id}", station_id))
    close()
    return found


@dataclass(frozen=True)
class WalkInPerson:
    """One side of a possible duplicate: what staff need to tell the two records apart."""

    registrant_id: str
    display_name: str
    """Preferred (else first) name and last name; plain text."""
    organization: str
    email: str
    walk_in: bool
    checked_in: bool


@dataclass(frozen=True)
class DuplicateWalkIn:
    """A walk-in whom possible_duplicates matches with another registrant of the same event: perhaps the
    person had registered after all. Never merged automatically; staff decide (kiosk.core.services.merges)."""

    walk_in: WalkInPerson
    other: WalkInPerson
    reason: str
    """Why they may be one person: "same email", "same name", ..."""


_WALK_INS = (
    "SELECT r.id, r.first_name, r.last_name, r.preferred_name, coalesce(o.name, ''), r.email, "
    "EXISTS (SELECT 1 FROM checkin c WHERE c.registrant_id = r.id AND c.voided_by IS NULL) "
    "FROM registrant r LEFT JOIN organization o ON o.id = r.organization_id "
    "WHERE r.event_id = ? AND r.walk_in AND r.status = 'registered' ORDER BY r.created_at DESC, r.id DESC"
)


def possible_duplicate_walk_ins(ctx: Context, event_id: str) -> list[DuplicateWalkIn]:
    """Walk-ins of the event who may be someone else of the same event (each pair once, walk-in first; of two
    walk-ins, the later is the one to merge, into the record the desk made first)."""
    from kiosk.core.services.duplicates import possible_duplicates

    with ctx.store.write() as db:
        walk_ins = db.execute(_WALK_INS, (event_id,)).fetchall()
    found: list[DuplicateWalkIn] = []
    seen: set[frozenset[str]] = set()
    for rid, first, last, preferred, organization, email, checked_in in walk_ins:
        display = full_name(first, last, preferred)
        me = WalkInPerson(rid, display, organization, email, True, bool(checked_in))
        for match in possible_duplicates(ctx, event_id, preferred or first, last, email, organization, limit=6):
            pair = frozenset((rid, match.registrant_id))
            if match.registrant_id == rid or match.cancelled or pair in seen:
                continue
            seen.add(pair)
            other = WalkInPerson(
                match.registrant_id,
                match.display_name,
                match.organization,
                match.email,
                match.walk_in,
                match.checked_in,
            )
            found.append(DuplicateWalkIn(me, other, match.reason))
    return found


@dataclass(frozen=True)
class GivenTwice:
    """A value only one record may hold (an event's slug, a person's ticket code) that two stations apart
    gave to two records. The one made first keeps it; the other holds `given`, made from it and its own id,
    on every station (kiosk.core.clashes). Its old value now finds the first: a renamed event is chosen by
    its new slug, a person by their new code (their QR code still checks them in; reprint their badge)."""

    entity: str
    """"event" or "registrant"."""
    field: str
    """"slug" or "ticket_code"."""
    value: str
    """What both were given."""
    kept_id: str
    """The record made first, which holds `value`."""
    kept_station: str
    """Id of the station that made it."""
    renamed_id: str
    renamed_station: str
    given: str
    """What the other record holds now."""


def _made_at(field_clocks: str) -> str:
    """The id of the station that made a row (its creation stamp's)."""
    return creation_stamp(field_clocks).partition("@")[2]


def given_twice(db: sqlite3.Connection, event_id: str | None = None) -> list[GivenTwice]:
    """Every event slug given twice, and every ticket code given twice in the event (all events' if None)."""
    found: list[GivenTwice] = []
    events = {event: (slug, clocks) for event, slug, clocks in db.execute("SELECT id, slug, field_clocks FROM event")}
    by_slug = {slug: event for event, (slug, _clocks) in events.items()}
    for event, (slug, clocks) in sorted(events.items()):
        wanted = own_slug(slug, event)
        kept = by_slug.get(wanted)
        if wanted != slug and kept is not None:
            found.append(
                GivenTwice("event", "slug", wanted, kept, _made_at(events[kept][1]), event, _made_at(clocks), slug)
            )
    in_event = " WHERE event_id = ?" if event_id else ""
    people = db.execute(
        f"SELECT id, ticket_code, field_clocks FROM registrant{in_event}", (event_id,) if event_id else ()
    )
    renamed = {rid: (code, clocks) for rid, code, clocks in people if derived_rank(rid, code, upto=3)}
    if not renamed:
        return found
    listed = sorted(renamed)
    asked: dict[str, str] = {}
    for start in range(0, len(listed), 500):  # the code each was given: its creating entry's
        chunk = listed[start : start + 500]
        asked.update(
            db.execute(
                "SELECT entity_id, json_extract(payload, '$.ticket_code') FROM change_log WHERE entity = 'registrant' "
                f"AND kind = 'upsert' AND entity_id IN ({', '.join('?' * len(chunk))}) "
                "AND json_extract(payload, '$.ticket_code') IS NOT NULL",
                chunk,
            )
        )
    for rid in listed:
        code, clocks = renamed[rid]
        first = asked.get(rid)
        holder = db.execute("SELECT id, field_clocks FROM registrant WHERE ticket_code = ?", (first,)).fetchone()
        if first is None or holder is None:
            continue
        found.append(
            GivenTwice("registrant", "ticket_code", first, holder[0], _made_at(holder[1]), rid, _made_at(clocks), code)
        )
    return found


@dataclass(frozen=True)
class UndoneMerge:
    """A merge that was undone, by staff or by sync itself (two records merged into each other at two
    stations apart: the later merge is undone on every station), so staff can see what happened to it."""

    merged_id: str
    kept_id: str
    """The record it had been merged into."""
    merge_reason: str
    merged_by: str
    merge_stamp: str
    """Change-log stamp of the merge ("hlc@station")."""
    undo_reason: str
    """Why it was undone (the staff's reason, or LOOP_REASON)."""
    undone_by: str
    """Who undid it; empty when sync did."""
    undo_stamp: str

    @property
    def automatic(self) -> bool:
        return self.undo_reason == LOOP_REASON and not self.undone_by


def undone_merges(db: sqlite3.Connection, event_id: str) -> list[UndoneMerge]:
    """The event's records whose last merge was undone (and not merged again), newest undo first."""
    rows = db.execute(
        "SELECT id FROM registrant WHERE event_id = ? AND status != ? AND substr(merge_reason, 1, ?) = ?",
        (event_id, RegistrantStatus.MERGED.value, len(UNDONE), UNDONE),
    ).fetchall()
    found: list[UndoneMerge] = []
    for (rid,) in rows:
        undo = db.execute(
            "SELECT hlc, station_id, payload FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
            "AND kind = ? AND substr(json_extract(payload, '$.merge_reason'), 1, ?) = ? "
            "ORDER BY hlc DESC, station_id DESC LIMIT 1",
            (rid, UPSERT, len(UNDONE), UNDONE),
        ).fetchone()
        if undo is None:
            continue
        merge = db.execute(
            "SELECT hlc, station_id, payload FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
            "AND kind = ? AND json_extract(payload, '$.merged_into') IS NOT NULL AND hlc <= ? "
            "ORDER BY hlc DESC, station_id DESC LIMIT 1",
            (rid, UPSERT, undo[0]),
        ).fetchone()
        if merge is None:
            continue
        undone, merged = json.loads(undo[2]), json.loads(merge[2])
        found.append(
            UndoneMerge(
                rid,
                str(merged.get("merged_into") or ""),
                str(merged.get("merge_reason") or ""),
                str(merged.get("merged_by") or ""),
                f"{merge[0]}@{merge[1]}",
                str(undone.get("merge_reason") or "").removeprefix(UNDONE),
                str(undone.get("merged_by") or ""),
                f"{undo[0]}@{undo[1]}",
            )
        )
    found.sort(key=lambda u: u.undo_stamp, reverse=True)
    return found


def stamp_time(stamp: str) -> dt.datetime | None:
    """When a change-log stamp ("hlc@station") was made (UTC), or None if it is not one."""
    try:
        ms = Timestamp.decode(stamp.split("@", 1)[0]).ms
    except ValueError:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@dataclass(frozen=True)
class Review:
    """Everything the conflicts view lists for one event, with the names it shows (plain text)."""

    duplicate_checkins: list[DuplicateCheckIn]
    competing_edits: list[CompetingEdit]
    walk_ins: list[DuplicateWalkIn]
    people: dict[str, str]
    """Registrant id to display name, for the duplicate check-ins and the edited registrants."""
    stations: dict[str, str]
    """Station id to name."""
    records: dict[str, str] = field(default_factory=dict)
    """Organization and event id to name, for their competing edits and the events in `given_twice`."""
    given_twice: list[GivenTwice] = field(default_factory=list)
    """Event slugs, and ticket codes of the event, that two stations gave apart (the people's names are in
    `people`). Not counted in `total`: nothing is left to decide, but staff should know."""
    undone_merges: list[UndoneMerge] = field(default_factory=list)
    """Merges undone since, by staff or by sync (the people's names are in `people`). Not in `total`."""

    @property
    def total(self) -> int:
        return len(self.duplicate_checkins) + len(self.competing_edits) + len(self.walk_ins)


def review(ctx: Context, event_id: str) -> Review:
    """What staff review for the event after syncs (reads only; call it off the UI thread)."""
    with ctx.store.write() as db:
        duplicates = duplicate_checkins(db, event_id)
        edits = competing_edits(db)
        twice = given_twice(db, event_id)
        ids = {d.registrant_id for d in duplicates} | {e.entity_id for e in edits if e.entity == "registrant"}
        ids |= {rid for g in twice if g.entity == "registrant" for rid in (g.kept_id, g.renamed_id)}
        undone = undone_merges(db, event_id)
        ids |= {rid for u in undone for rid in (u.merged_id, u.kept_id)}
        people: dict[str, str] = {}
        listed = sorted(ids)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            rows = db.execute(
                "SELECT id, first_name, last_name, preferred_name FROM registrant WHERE id IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
            for rid, first, last, preferred in rows:
                people[rid] = full_name(first, last, preferred)
        stations = dict(db.execute("SELECT id, name FROM station").fetchall())
        records: dict[str, str] = {}
        for table in ("organization", "event"):
            named = sorted({e.entity_id for e in edits if e.entity == table})
            if table == "event":
                named = sorted(
                    {*named, *(rid for g in twice if g.entity == "event" for rid in (g.kept_id, g.renamed_id))}
                )
            for start in range(0, len(named), 500):
                chunk = named[start : start + 500]
                records.update(
                    db.execute(f"SELECT id, name FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
                )
    walk_ins = possible_duplicate_walk_ins(ctx, event_id)
    return Review(duplicates, edits, walk_ins, people, stations, records, twice, undone)
