"""Values only one row may hold (an event's slug, a registrant's ticket code) that two stations apart gave to
two rows. The row made first (its creation stamp: clock, then station id) keeps the value; the other gets one
made from it and its own id. Every station decides alike whatever order the entries came in, so they all hold
the same rows, as for every other field. The change log keeps what each entry asked for; only the stored
value differs, like the other columns each station derives.

A clash on any other unique column is not settled here: its entry raises as before and waits, and the
change log's ingest names the clash (`unique_clash`) rather than counting it as waiting for a row.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kiosk.core.codes import ALPHABET, HUMAN_CODE_LENGTH
from kiosk.core.replica import UPSERT, apply_entry, refresh_registrants_search

_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+)")
_SLUG_TAIL = 8
"""Characters of an event id's end (its random part) added to a slug another event holds."""
DERIVED_CODES = 64
"""How many codes made from a registrant's id are tried, in turn, when the one it was given is taken."""


@dataclass(frozen=True)
class Renamed:
    """A row that holds another value than the one it was given, because an older row holds that one."""

    entity: str
    entity_id: str
    field: str
    wanted: str
    """The value the row was given (or held, until an older row with the same value arrived)."""
    given: str
    """The value it holds now, on every station."""
    kept_id: str
    """The row that holds `wanted`."""


def unique_clash(exc: sqlite3.IntegrityError) -> str | None:
    """'table.column' (or the index) of a UNIQUE constraint an insert or update failed on, else None."""
    found = _UNIQUE.search(str(exc))
    return found.group(1) if found else None


def creation_stamp(field_clocks: str) -> str:
    """When a row was made ('hlc@station'): the oldest of its field clocks, which its creating entry set."""
    clocks = json.loads(field_clocks or "{}")
    return min(clocks.values(), default="")


def apply_settled(
    db: sqlite3.Connection,
    entity: str,
    entity_id: str,
    kind: str,
    payload: dict[str, Any],
    stamp: str,
) -> list[Renamed]:
    """`replica.apply_entry` for an entry from another station, with a clash on an event's slug or a ticket
    code settled (see the module). Raises sqlite3.IntegrityError as apply_entry does for anything else."""
    if kind == UPSERT and entity == "event" and "slug" in payload:
        return apply_event(db, entity_id, payload, stamp)
    try:
        apply_entry(db, entity, entity_id, kind, payload, stamp)
        return []
    except sqlite3.IntegrityError as exc:
        if not (kind == UPSERT and unique_clash(exc) == "registrant.ticket_code" and "ticket_code" in payload):
            raise
    # The failed statement changed nothing (SQLite undoes a failed statement whole): settle, then write.
    return _apply_registrant_code(db, entity_id, payload, stamp)


# Event slugs: few rows, so each change of one settles them all again from what each event was given.


def apply_event(
    db: sqlite3.Connection, event_id: str, payload: dict[str, Any], stamp: str, new: bool = False
) -> list[Renamed]:
    """Apply an event upsert that sets its slug: the row is written with a stand-in slug, then every event's
    slug is settled again (`settle_slugs`). A slug that loses to a later stamp is not written at all."""
    stand_in = _stand_in(event_id)
    apply_entry(db, "event", event_id, UPSERT, {**payload, "slug": stand_in}, stamp, new=new)
    stored = db.execute("SELECT slug FROM event WHERE id = ?", (event_id,)).fetchone()
    if stored is None or stored[0] != stand_in:
        return []
    return settle_slugs(db, {event_id: str(payload["slug"])})


def _stand_in(row_id: str) -> str:
    """A value no slug can be, unique to the row: held only inside one statement's settling."""
    return "\x00" + row_id


def _hex(row_id: str) -> str:
    return row_id.replace("-", "").lower()


def own_slug(slug: str, event_id: str) -> str:
    """The slug an event asked for, from the one it holds: without the ends of its own id that a clash added
    (an event cannot have chosen them: its id is made after its slug)."""
    tail = _hex(event_id)
    while True:
        head, dash, last = slug.rpartition("-")
        if dash and last.isdigit() and head.endswith(f"-{tail}"):  # the last resort of `slug_candidates`
            head, dash, last = head.rpartition("-")
        if not (dash and head and len(last) >= _SLUG_TAIL and tail.endswith(last)):
            return slug
        slug = head


def slug_candidates(slug: str, event_id: str) -> Iterator[str]:
    """The slugs an event may hold, best first: its own, then its own with more and more of its id's end."""
    yield slug
    tail = _hex(event_id)
    for size in range(_SLUG_TAIL, len(tail) + 1):
        yield f"{slug}-{tail[-size:]}"
    for n in itertools.count(2):  # only if others asked for every one of those
        yield f"{slug}-{tail}-{n}"


def settle_slugs(db: sqlite3.Connection, asked: dict[str, str] | None = None) -> list[Renamed]:
    """Give every event a slug: oldest first, each takes the first of its `slug_candidates` no older event
    took. What each asked for is its stored slug without the added end (`own_slug`), or `asked` for events
    whose slug was just written. Returns the events that hold another slug than they asked for and whose
    slug changed here (or was just written)."""
    asked = asked or {}
    rows = db.execute("SELECT id, slug, field_clocks FROM event").fetchall()
    claims = sorted(
        (creation_stamp(clocks), event_id, own_slug(asked.get(event_id, slug), event_id), slug)
        for event_id, slug, clocks in rows
    )
    holder: dict[str, str] = {}
    given: dict[str, str] = {}
    for _made, event_id, wanted, _stored in claims:
        slug = next(s for s in slug_candidates(wanted, event_id) if s not in holder)
        holder[slug] = event_id
        given[event_id] = slug
    moved = [(event_id, given[event_id]) for _made, event_id, _wanted, stored in claims if given[event_id] != stored]
    # In two steps, so no slug is ever held twice on the way (the unique index checks every row it writes).
    db.executemany("UPDATE event SET slug = ? WHERE id = ?", [(_stand_in(event_id), event_id) for event_id, _ in moved])
    db.executemany("UPDATE event SET slug = ? WHERE id = ?", [(slug, event_id) for event_id, slug in moved])
    changed = {event_id for event_id, _slug in moved} | asked.keys()
    return [
        Renamed("event", event_id, "slug", wanted, given[event_id], holder[wanted])
        for _made, event_id, wanted, _stored in claims
        if given[event_id] != wanted and event_id in changed
    ]


# Ticket codes: many rows and never edited, so a clash is settled when it happens, between the rows it
# touches: the older row takes the code, the younger moves on to the next code made from its own id.


def derived_code(registrant_id: str, n: int) -> str:
    """The n-th code (from 1) made from a registrant's id: like any code, 8 letters of codes.ALPHABET, typed
    the same way; only its QR code (whose secret is unchanged) and this code check the person in."""
    number = int.from_bytes(hashlib.sha256(f"{registrant_id}/ticket_code/{n}".encode()).digest(), "big")
    letters = []
    for _ in range(HUMAN_CODE_LENGTH):
        number, at = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[at])
    return "".join(letters)


def derived_rank(registrant_id: str, code: str, upto: int = DERIVED_CODES) -> int:
    """n if `code` is the registrant's n-th derived code, else 0 (the code it was given)."""
    return next((n for n in range(1, upto + 1) if derived_code(registrant_id, n) == code), 0)


def _apply_registrant_code(
    db: sqlite3.Connection, registrant_id: str, payload: dict[str, Any], stamp: str
) -> list[Renamed]:
    wanted = str(payload["ticket_code"])
    held = db.execute("SELECT field_clocks FROM registrant WHERE id = ?", (registrant_id,)).fetchone()
    made = stamp if held is None else creation_stamp(held[0])
    renamed: list[Renamed] = []
    candidates = itertools.chain([wanted], (derived_code(registrant_id, n) for n in range(1, DERIVED_CODES + 1)))
    code, blocker = _claim_code(db, registrant_id, made, candidates, renamed)
    apply_entry(db, "registrant", registrant_id, UPSERT, {**payload, "ticket_code": code}, stamp)
    if code != wanted:
        renamed.append(Renamed("registrant", registrant_id, "ticket_code", wanted, code, blocker or ""))
    return renamed


def _claim_code(
    db: sqlite3.Connection, registrant_id: str, made: str, candidates: Iterable[str], renamed: list[Renamed]
) -> tuple[str, str | None]:
    """The first candidate code that is free or held by a younger registrant (who moves on to its next code
    first), and the older registrant that held the first candidate, if one did."""
    blocker: str | None = None
    for code in candidates:
        found = db.execute(
            "SELECT id, field_clocks FROM registrant WHERE ticket_code = ? AND id != ?", (code, registrant_id)
        ).fetchone()
        if found is None:
            return code, blocker
        other, clocks = found
        other_made = creation_stamp(clocks)
        if (made, registrant_id) < (other_made, other):
            _move_on(db, other, other_made, code, registrant_id, renamed)
            return code, blocker
        if blocker is None:
            blocker = other
    raise sqlite3.IntegrityError(f"UNIQUE constraint failed: registrant.ticket_code (no free code for {registrant_id})")


def _move_on(
    db: sqlite3.Connection, registrant_id: str, made: str, code: str, older: str, renamed: list[Renamed]
) -> None:
    """An older registrant takes `code`: the one holding it moves on to its next code made from its id."""
    start = derived_rank(registrant_id, code) + 1
    later = (derived_code(registrant_id, n) for n in range(start, DERIVED_CODES + 1))
    new, _blocker = _claim_code(db, registrant_id, made, later, renamed)
    db.execute("UPDATE registrant SET ticket_code = ? WHERE id = ?", (new, registrant_id))
    refresh_registrants_search(db, [registrant_id])
    renamed.append(Renamed("registrant", registrant_id, "ticket_code", code, new, older))
