"""Partner connections: two attendees scan their badges one after the other at the kiosk, and each says
whether the other may have their contact details.

A connection is a `connection` row (a mutable, replicated entity): the first person as `registrant_id`,
the second as `to_registrant_id`, their organizations (None for someone registered without one: they can
connect, but it does not count as across organizations) and each one's answer (`from_consents`,
`to_consents`). Someone's email and phone are shared with the other person only when they said yes.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
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
        """Record that two badge holders met. Refused for one badge scanned twice and for a pair already
        connected (in either order); people without an organization may connect."""
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
        found = db.execute(
            "SELECT 1 FROM connection WHERE event_id = ? AND ((registrant_id = ? AND to_registrant_id = ?) "
            "OR (registrant_id = ? AND to_registrant_id = ?)) LIMIT 1",
            (event_id, a, b, b, a),
        ).fetchone()
        if found is not None:
            return True
        legacy = db.execute(
            "SELECT count(*) FROM connection WHERE event_id = ? AND to_registrant_id IS NULL AND note != ''",
            (event_id,),
        ).fetchone()[0]
        return bool(legacy) and any({r.first_id, r.second_id} == {a, b} for r in self._rows(db, event_id))

    def already_connected(self, event_id: str, a: str, b: str) -> bool:
        with reading(self.ctx.store) as db:
            return self._connected(db, event_id, a, b)

    def list(self, event_id: str) -> list[PartnerConnection]:
        out: list[PartnerConnection] = []
        with reading(self.ctx.store) as db:
            for row in self._rows(db, event_id):
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
        with reading(self.ctx.store) as db:
            rows = self._rows(db, event_id)
        cross = [
            (r.from_organization_id, r.to_organization_id)
            for r in rows
            if _across(r.from_organization_id, r.to_organization_id)
        ]
        shared = sum(1 for r in rows if r.first_consents and r.second_consents)
        return ConnectionCounts(len(rows), len(cross), len({frozenset(pair) for pair in cross}), shared)
