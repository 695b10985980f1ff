"""Partner connections: two attendees scan their badges one after the other at the kiosk, and each says
whether the other may have their contact details.

A connection is a `connection` row (a mutable, replicated entity): the two organizations, the first
person as `registrant_id`, and in `note` a small JSON object with the second person and both answers
(the table has no columns of their own for them yet; see `NOTE_VERSION`). Someone's email and phone are
shared with the other person only when they said yes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.ids import new_id
from kiosk.core.models import RegistrantStatus
from kiosk.core.replica import UPSERT
from kiosk.core.services.contributions import BadgeHolder, holder_by_id, reading

NOTE_VERSION = 1
"""`note` = {"v": 1, "with": <second registrant id>, "consent": [<first says yes>, <second says yes>]}."""


class SameBadgeTwice(InvalidInput):
    """Both scans were of one badge."""


class AlreadyConnected(InvalidInput):
    """These two people have recorded their connection before."""


class NoOrganization(InvalidInput):
    """A connection links two organizations; this person's registration names none."""

    def __init__(self, holder: BadgeHolder) -> None:
        super().__init__(
            f"{holder.name} has no organization on their registration; a volunteer can add it at the desk"
        )
        self.holder = holder


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
        return self.first.organization_id != self.second.organization_id

    def details_for_second(self) -> BadgeHolder | None:
        """What the second person may know of the first: their details only if the first said yes."""
        return self.first if self.first_consents else None

    def details_for_first(self) -> BadgeHolder | None:
        return self.second if self.second_consents else None


@dataclass(frozen=True)
class ConnectionCounts:
    connections: int
    cross_organization: int
    """Connections between people of two different organizations."""
    organization_pairs: int
    """Different pairs of organizations newly connected (a pair connected twice counts once)."""
    contacts_shared: int
    """Connections where both people agreed to share their details."""


def _decode_note(note: str) -> dict[str, Any]:
    try:
        data = json.loads(note)
    except (json.JSONDecodeError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


class Connections:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def connect(
        self, event_id: str, first_id: str, second_id: str, first_consents: bool, second_consents: bool
    ) -> PartnerConnection:
        """Record that two badge holders met. Refused for one badge scanned twice, for a pair already
        connected (in either order), and for someone with no organization."""
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
                if holder.organization_id is None:
                    raise NoOrganization(holder)
                people.append(holder)
            first, second = people
            if self._connected(w.db, event_id, first_id, second_id):
                raise AlreadyConnected(f"{first.name} and {second.name} are already connected")
            note = {"v": NOTE_VERSION, "with": second_id, "consent": [bool(first_consents), bool(second_consents)]}
            w.record(
                "connection",
                cid,
                UPSERT,
                {
                    "event_id": event_id,
                    "from_organization_id": first.organization_id,
                    "to_organization_id": second.organization_id,
                    "registrant_id": first_id,
                    "station_id": self.ctx.station_id,
                    "note": json.dumps(note, sort_keys=True),
                    "created_at": now,
                },
                new=True,
            )
        return PartnerConnection(cid, event_id, first, second, bool(first_consents), bool(second_consents), now)

    def _pairs(self, db: Any, event_id: str) -> list[tuple[str, str | None, str, str, str, str]]:
        return db.execute(
            "SELECT id, registrant_id, note, from_organization_id, to_organization_id, created_at FROM connection "
            "WHERE event_id = ? ORDER BY created_at, id",
            (event_id,),
        ).fetchall()

    def _connected(self, db: Any, event_id: str, a: str, b: str) -> bool:
        for _, first, note, *_ in self._pairs(db, event_id):
            second = _decode_note(note).get("with")
            if {first, second} == {a, b}:
                return True
        return False

    def already_connected(self, event_id: str, a: str, b: str) -> bool:
        with reading(self.ctx.store) as db:
            return self._connected(db, event_id, a, b)

    def list(self, event_id: str) -> list[PartnerConnection]:
        out: list[PartnerConnection] = []
        with reading(self.ctx.store) as db:
            for cid, first_id, note, _, _, created in self._pairs(db, event_id):
                data = _decode_note(note)
                second_id = data.get("with")
                consent = data.get("consent") or [False, False]
                first = holder_by_id(db, first_id) if first_id else None
                second = holder_by_id(db, second_id) if isinstance(second_id, str) else None
                if first is None or second is None:
                    continue  # a person whose registration has not arrived by sync yet
                out.append(
                    PartnerConnection(
                        cid, event_id, first[0], second[0], bool(consent[0]), bool(consent[1]),
                        dt.datetime.fromisoformat(created),
                    )
                )  # fmt: skip
        return out

    def counts(self, event_id: str) -> ConnectionCounts:
        with reading(self.ctx.store) as db:
            rows = self._pairs(db, event_id)
        cross = [(a, b) for _, _, _, a, b, _ in rows if a != b]
        shared = sum(1 for _, _, note, *_ in rows if all((_decode_note(note).get("consent") or [False, False])[:2]))
        return ConnectionCounts(len(rows), len(cross), len({frozenset(pair) for pair in cross}), shared)
