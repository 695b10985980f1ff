"""What staff review after a sync: duplicate check-ins, competing edits and possible duplicate walk-ins.
All are derived on read from replicated data (the check-in and registrant tables and the change log), so
every station that holds the same entries shows the same list, whatever order the entries came in.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.context import Context
from kiosk.core.hlc import Timestamp
from kiosk.core.replica import UPSERT

REVIEWED_ENTITIES = ("registrant", "organization", "contribution", "connection", "event")


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
    """One person checked in, and not voided, at two or more stations: the same badge scanned twice,
    or two volunteers finding the same person while the stations were apart."""

    registrant_id: str
    checkins: tuple[StandingCheckIn, ...]
    """Earliest first: the first shows as "checked in", the others are the duplicates to void."""


def duplicate_checkins(db: sqlite3.Connection, event_id: str | None = None) -> list[DuplicateCheckIn]:
    """Every person with standing check-ins from more than one station, by registrant id."""
    in_event = " AND c.event_id = ?" if event_id else ""
    rows = db.execute(
        "SELECT c.registrant_id, c.id, c.station_id, c.at, c.stamp FROM checkin c JOIN ("
        "SELECT registrant_id FROM checkin WHERE voided_by IS NULL GROUP BY registrant_id "
        "HAVING count(DISTINCT station_id) > 1) d ON d.registrant_id = c.registrant_id "
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
        display = " ".join(part for part in (preferred or first, last) if part)
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
    """Organization and event id to name, for their competing edits."""

    @property
    def total(self) -> int:
        return len(self.duplicate_checkins) + len(self.competing_edits) + len(self.walk_ins)


def review(ctx: Context, event_id: str) -> Review:
    """What staff review for the event after syncs (reads only; call it off the UI thread)."""
    with ctx.store.write() as db:
        duplicates = duplicate_checkins(db, event_id)
        edits = competing_edits(db)
        ids = {d.registrant_id for d in duplicates} | {e.entity_id for e in edits if e.entity == "registrant"}
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
                people[rid] = " ".join(part for part in (preferred or first, last) if part)
        stations = dict(db.execute("SELECT id, name FROM station").fetchall())
        records: dict[str, str] = {}
        for table in ("organization", "event"):
            named = sorted({e.entity_id for e in edits if e.entity == table})
            for start in range(0, len(named), 500):
                chunk = named[start : start + 500]
                records.update(
                    db.execute(f"SELECT id, name FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
                )
    return Review(duplicates, edits, possible_duplicate_walk_ins(ctx, event_id), people, stations, records)
