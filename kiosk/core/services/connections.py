"""Partner connections: two attendees scan their badges one after the other at the kiosk, and each says
whether the other may have their contact details.

A connection is a `connection` row (a mutable, replicated entity): the first person as `registrant_id`,
the second as `to_registrant_id`, their organizations (None for someone registered without one: they can
connect, but it does not count as across organizations) and each one's answer (`from_consents`,
`to_consents`). Someone's email and phone are shared with the other person only when they said yes.

Rows are read as the people who made them (`_links`), derived at read time while the rows sync as they
are: a record staff merged into another stands for the kept person (its name, its organization), a pair
of people counts once however many rows record it (the earliest is the one listed), and a person never
connects with themself. An undone merge gives each record its own connections back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.models import RegistrantStatus
from kiosk.core.replica import UPSERT
from kiosk.core.services.contributions import BadgeHolder, holder_by_id, reading

LEGACY_NOTE_VERSION = 1
"""Before schema 0006 the second person and the answers travelled in `note` as {"v": 1, "with": <second
registrant id>, "consent": [<first says yes>, <second says yes>]}; entries from a station not yet upgraded
still may, so such a note is read as the columns it stands for."""


class SameBadgeTwice(InvalidInput):
    """Both scans were of one badge."""


class AlreadyConnected(InvalidInput):
    """These two people have recorded their connection before."""


@dataclass(frozen=True)
class PartnerConnection:
    id: str
    event_id: str
    first: BadgeHolder
    second: BadgeHolder
    first_consents: bool
    second_consents: bool
    created_at: dt.datetime

    @property
    def cross_organization(self) -> bool:
        """Both people have an organization, and not the same one."""
        return _across(self.first.organization_id, self.second.organization_id)

    def details_for_second(self) -> BadgeHolder | None:
        """What the second person may know of the first: their details only if the first said yes."""
        return self.first if self.first_consents else None

    def details_for_first(self) -> BadgeHolder | None:
        return self.second if self.second_consents else None


@dataclass(frozen=True)
class ConnectionCounts:
    connections: int
    cross_organization: int
    """Connections between people of two different organizations (someone with none never counts)."""
    organization_pairs: int
    """Different pairs of organizations newly connected (a pair connected twice counts once)."""
    contacts_shared: int
    """Connections where both people agreed to share their details."""


def _across(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b


@dataclass(frozen=True)
class _Row:
    id: str
    first_id: str | None
    second_id: str | None
    first_consents: bool
    second_consents: bool
    from_organization_id: str | None
    to_organization_id: str | None
    created_at: str


_ROWS = (
    "SELECT id, registrant_id, to_registrant_id, from_consents, to_consents, from_organization_id, "
    "to_organization_id, created_at, note FROM connection WHERE event_id = ? ORDER BY created_at, id"
)


def _row(raw: tuple[Any, ...]) -> _Row:
    cid, first, second, a, b, from_org, to_org, created, note = raw
    if second is None and note:
        second, a, b = _legacy_note(note, a, b)
    return _Row(cid, first, second, bool(a), bool(b), from_org, to_org, created)


class _Kept:
    """Who each record of an event stands for: itself, or the person staff merged it into (followed through
    a merge of that one too, as `holder_by_id` does)."""

    def __init__(self, db: sqlite3.Connection, event_id: str) -> None:
        self.into: dict[str, str] = dict(
            db.execute(
                "SELECT id, merged_into FROM registrant WHERE event_id = ? AND status = ? AND merged_into IS NOT NULL",
                (event_id, RegistrantStatus.MERGED.value),
            ).fetchall()
        )

    def __call__(self, registrant_id: str) -> str:
        seen = {registrant_id}
        while (kept := self.into.get(registrant_id)) is not None and kept not in seen:
            seen.add(kept)
            registrant_id = kept
        return registrant_id

    def records(self, person: str) -> list[str]:
        """Every record that stands for `person`: theirs and those merged into it."""
        return [person, *(rid for rid in self.into if rid != person and self(rid) == person)]


def _links(rows: Iterable[_Row], kept: _Kept) -> list[_Row]:
    """The rows as people made them: each end the person its record stands for, each pair of people once (its
    earliest row), no one with themself. A row whose second person is unknown (an unreadable legacy note)
    stays a connection of its own."""
    out: list[_Row] = []
    pairs: set[frozenset[str]] = set()
    for row in rows:
        first = kept(row.first_id) if row.first_id else None
        second = kept(row.second_id) if row.second_id else None
        if first is not None and second is not None:
            if first == second:
                continue
            pair = frozenset((first, second))
            if pair in pairs:
                continue
            pairs.add(pair)
        out.append(dataclasses.replace(row, first_id=first, second_id=second))
    return out


def _organizations(db: sqlite3.Connection, ids: set[str]) -> dict[str, str | None]:
    """registrant id -> their organization id now, for those of `ids` this station knows."""
    wanted = sorted(ids)
    out: dict[str, str | None] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, organization_id FROM registrant WHERE id IN ({marks})", chunk).fetchall())
    return out


def _legacy_note(note: str, a: bool, b: bool) -> tuple[str | None, bool, bool]:
    try:
        data = json.loads(note)
    except (json.JSONDecodeError, TypeError):
        return None, a, b
    if not isinstance(data, dict) or not isinstance(data.get("with"), str):
        return None, a, b
    consent = data.get("consent")
    answers = [bool(x) for x in consent][:2] if isinstance(consent, list) else []
    answers += [False] * (2 - len(answers))
    return data["with"], answers[0], answers[1]


class Connections:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def connect(
        self, event_id: str, first_id: str, second_id: str, first_consents: bool, second_consents: bool
    ) -> PartnerConnection:
        """Record that two badge holders met. Refused for one badge scanned twice (or the badges of two
        records of one person, merged by staff) and for a pair already connected (in either order, by either
        record of a person); people without an organization may connect."""
        if first_id == second_id:
            raise SameBadgeTwice("both scans were of the same badge: the second person scans their own badge")
        now = dt.datetime.now(dt.UTC)
        cid = new_id()
        with self.ctx.transaction() as w:
            people = []
            for rid in (first_id, second_id):
                found = holder_by_id(w.db, rid)
                if found is None or found[1] != event_id:
                    raise NotFound(f"no registrant {rid} at this event")
                holder, _, status = found
                if status == RegistrantStatus.CANCELLED:
                    raise InvalidInput(f"{holder.name}'s registration was cancelled")
                people.append(holder)
            first, second = people
            if first.registrant_id == second.registrant_id:
                raise SameBadgeTwice(
                    f"both badges are {first.name}'s (staff merged their two records): the second person scans "
                    "their own badge"
                )
            if self._connected(w.db, event_id, first_id, second_id):
                raise AlreadyConnected(f"{first.name} and {second.name} are already connected")
            w.record(
                "connection",
                cid,
                UPSERT,
                {
                    "event_id": event_id,
                    "from_organization_id": first.organization_id,
                    "to_organization_id": second.organization_id,
                    "registrant_id": first_id,
                    "to_registrant_id": second_id,
                    "from_consents": bool(first_consents),
                    "to_consents": bool(second_consents),
                    "station_id": self.ctx.station_id,
                    "note": "",
                    "created_at": now,
                },
                new=True,
            )
        return PartnerConnection(cid, event_id, first, second, bool(first_consents), bool(second_consents), now)

    def _rows(self, db: sqlite3.Connection, event_id: str) -> list[_Row]:
        return [_row(raw) for raw in db.execute(_ROWS, (event_id,))]

    def _connected(self, db: sqlite3.Connection, event_id: str, a: str, b: str) -> bool:
        """Whether the people `a` and `b` stand for (see `_Kept`) have a connection, by any of their records."""
        kept = _Kept(db, event_id)
        person_a, person_b = kept(a), kept(b)
        if person_a == person_b:
            return False
        records_a, records_b = kept.records(person_a), kept.records(person_b)
        marks_a, marks_b = ", ".join("?" * len(records_a)), ", ".join("?" * len(records_b))
        found = db.execute(
            f"SELECT 1 FROM connection WHERE event_id = ? AND ((registrant_id IN ({marks_a}) AND to_registrant_id "
            f"IN ({marks_b})) OR (registrant_id IN ({marks_b}) AND to_registrant_id IN ({marks_a}))) LIMIT 1",
            (event_id, *records_a, *records_b, *records_b, *records_a),
        ).fetchone()
        if found is not None:
            return True
        legacy = db.execute(
            "SELECT count(*) FROM connection WHERE event_id = ? AND to_registrant_id IS NULL AND note != ''",
            (event_id,),
        ).fetchone()[0]
        pair = {person_a, person_b}
        return bool(legacy) and any({r.first_id, r.second_id} == pair for r in _links(self._rows(db, event_id), kept))

    def already_connected(self, event_id: str, a: str, b: str) -> bool:
        with reading(self.ctx.store) as db:
            return self._connected(db, event_id, a, b)

    def list(self, event_id: str) -> list[PartnerConnection]:
        """The event's connections as people made them (see the module), oldest first."""
        out: list[PartnerConnection] = []
        with reading(self.ctx.store) as db:
            for row in _links(self._rows(db, event_id), _Kept(db, event_id)):
                first = holder_by_id(db, row.first_id) if row.first_id else None
                second = holder_by_id(db, row.second_id) if row.second_id else None
                if first is None or second is None:
                    continue  # a person whose registration has not arrived by sync yet
                out.append(
                    PartnerConnection(
                        row.id, event_id, first[0], second[0], row.first_consents, row.second_consents,
                        dt.datetime.fromisoformat(row.created_at),
                    )
                )  # fmt: skip
        return out

    def counts(self, event_id: str) -> ConnectionCounts:
        """The event's connections as people made them (see the module), counted: each pair of people once,
        across organizations by the organizations the two people have now (as `list` shows them; the one
        recorded with the row for someone whose registration has not arrived by sync yet)."""
        with reading(self.ctx.store) as db:
            rows = _links(self._rows(db, event_id), _Kept(db, event_id))
            now = _organizations(db, {rid for r in rows for rid in (r.first_id, r.second_id) if rid})

        def organization(registrant_id: str | None, recorded: str | None) -> str | None:
            return now[registrant_id] if registrant_id is not None and registrant_id in now else recorded

        ends = [(organization(r.first_id, r.from_organization_id), organization(r.second_id, r.to_organization_id))
                for r in rows]  # fmt: skip
        cross = [(a, b) for a, b in ends if _across(a, b)]
        shared = sum(1 for r in rows if r.first_consents and r.second_consents)
        return ConnectionCounts(len(rows), len(cross), len({frozenset(pair) for pair in cross}), shared)
