"""Staff merges: two records of one person (a walk-in who had registered after all) become one.

Walk-ins are never merged automatically; a merge is a staff decision and is itself an event in the change
log, synced like any other. In one transaction:

- the merged record gets status "merged", a pointer to the kept one, the reason and who merged it (one
  upsert entry), so it leaves counts, search and lists on every station that syncs it, and its old ticket
  checks in the kept person;
- its standing check-ins are voided with a reason that names the merge; if the kept person had none, a
  check-in carried over from the earliest (its time and station kept, method "merge") counts for them.

Merging again is harmless: a record already merged into the same person records nothing new, except to
settle a check-in another station made on the merged record before it heard of the merge. Sync settles
those by itself as their entries arrive (`settle_arrivals`).

The same merge made at two stations apart is one merge: the rows it appends (the check-in carried over,
the voids) have ids made from what they are about (`_merge_id`: the check-in, the kept person, and the
latest undo of this record's merges the station knows of), so both stations write the same rows, which
sync keeps once. A merge made again after an undo is another merge, with rows of its own.

A merge made by mistake is undone the same way, with a reason (`undo`): the record gets back the status it
had, and the arrival moves back to it (every check-in the merge carried over to the kept person is voided,
and the earliest of those the merge voided is carried back). Nothing is deleted: the change log keeps both.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kiosk.core.changelog import Writer
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput, NotFound
from kiosk.core.hlc import Timestamp
from kiosk.core.models import CheckInMethod, RegistrantStatus
from kiosk.core.names import full_name
from kiosk.core.replica import APPEND, UPSERT

VOID_REASON = "merged into {name}"
"""Reason of the void of a merged record's check-in."""
UNDONE = "merge undone: "
"""How the merge reason of a record whose merge was undone begins; the staff's reason follows."""
UNDO_VOID_REASON = "merge undone: {name} arrived, not this person"
"""Reason of the void of the check-in a merge had carried over to the kept person."""


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    recorded: bool
    """False when the record was already merged into the kept one and nothing was left to settle."""
    voided: tuple[str, ...] = ()
    """Check-ins of the merged record that were voided."""
    carried_over: str | None = None
    """The check-in made for the kept person from the merged record's earliest, if they had none."""


@dataclass(frozen=True)
class UndoResult:
    restored_id: str
    kept_id: str
    status: str
    """The status the record has again."""
    voided: str | None = None
    """The check-in the merge had carried over to the kept person, now voided (the earliest, if the merge
    was made at more than one station before this version and carried more than one)."""
    carried_back: str | None = None
    """The check-in made again for the restored record, from the earliest the merge had voided."""
    voided_all: tuple[str, ...] = ()
    """Every check-in the merge had carried over to the kept person, now voided."""


@dataclass(frozen=True)
class MergeRecord:
    """One merge, as the audit shows it."""

    merged_id: str
    merged_name: str
    kept_id: str
    kept_name: str
    reason: str
    operator: str
    station_id: str
    at: dt.datetime | None


_PERSON = "SELECT event_id, status, merged_into, first_name, last_name, preferred_name FROM registrant WHERE id = ?"
_STANDING = (
    "SELECT id, station_id, at FROM checkin WHERE registrant_id = ? AND voided_by IS NULL ORDER BY stamp, id"
)
_LAST_UNDO = (
    "SELECT max(hlc || '@' || station_id) FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
    "AND kind = 'upsert' AND substr(json_extract(payload, '$.merge_reason'), 1, ?) = ?"
)
_IDS = uuid.UUID("373552f7-19d5-47ad-a719-cda701984951")
"""Namespace of the ids of rows a merge appends (`_merge_id`); never change it."""


def _merge_id(*about: str) -> str:
    """The id of a row a merge or its undo appends, made from what the row is about (uuid5), so that two
    stations making the same merge apart append the same row, and sync keeps it once."""
    return str(uuid.uuid5(_IDS, "/".join(about)))


def _round(w: Writer, merged_id: str) -> str:
    """Which merge of the record this is: the stamp of the latest undo of its merges this station holds
    ("" if none). Stations that merge it apart, having seen the same undos, make the same merge."""
    found = w.db.execute(_LAST_UNDO, (merged_id, len(UNDONE), UNDONE)).fetchone()
    return str(found[0] or "")


def _name(first: str, last: str, preferred: str) -> str:
    return full_name(first, last, preferred)


class Merges:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def merge(self, kept_id: str, merged_id: str, operator: str, reason: str) -> MergeResult:
        """Merge `merged_id` into `kept_id` (same event), with the reason staff give; see the module."""
        if not reason.strip():
            raise InvalidInput("say why these two records are one person, e.g. 'same email, registered online'")
        if kept_id == merged_id:
            raise InvalidInput("a record cannot be merged into itself")
        with self.ctx.transaction() as w:
            kept = w.db.execute(_PERSON, (kept_id,)).fetchone()
            merged = w.db.execute(_PERSON, (merged_id,)).fetchone()
            if kept is None or merged is None:
                raise NotFound(f"no registrant with id {merged_id if kept else kept_id}")
            if kept[0] != merged[0]:
                raise InvalidInput("only two records of the same event can be merged")
            if kept[1] == RegistrantStatus.MERGED:
                raise InvalidInput(f"{_name(*kept[3:])} was merged into another record: merge into that one")
            already = merged[1] == RegistrantStatus.MERGED
            if already and merged[2] != kept_id:
                raise InvalidInput(f"{_name(*merged[3:])} was already merged into another record")
            if not already:
                w.record(
                    "registrant",
                    merged_id,
                    UPSERT,
                    {
                        "status": RegistrantStatus.MERGED,
                        "merged_into": kept_id,
                        "merge_reason": reason.strip(),
                        "merged_by": operator,
                    },
                )
            voided, carried = _settle(w, self.ctx.station_id, kept_id, merged_id, _name(*kept[3:]), operator)
        return MergeResult(kept_id, merged_id, not already or bool(voided), voided, carried)

    def undo(self, merged_id: str, operator: str, reason: str) -> UndoResult:
        """Undo the merge of `merged_id` (see the module), with the reason staff give."""
        if not reason.strip():
            raise InvalidInput("say why the merge is undone, e.g. 'two people with the same name'")
        with self.ctx.transaction() as w:
            return _undo(w, self.ctx.station_id, merged_id, operator, reason.strip())

    def history(self, event_id: str) -> list[MergeRecord]:
        """Every merge of the event, newest first: who was merged into whom, why, by whom, where and when."""
        with self.ctx.store.write() as db:
            rows = db.execute(
                "SELECT m.id, m.first_name, m.last_name, m.preferred_name, m.merged_into, k.first_name, k.last_name, "
                "k.preferred_name, m.merge_reason, m.merged_by FROM registrant m LEFT JOIN registrant k "
                "ON k.id = m.merged_into WHERE m.event_id = ? AND m.status = ?",
                (event_id, RegistrantStatus.MERGED.value),
            ).fetchall()
            found = []
            for mid, mf, ml, mp, kid, kf, kl, kp, reason, operator in rows:
                # The entry that set the pointer says where and when (the latest, should two stations have).
                entry = db.execute(
                    "SELECT station_id, hlc FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
                    'AND payload LIKE \'%"merged_into":"%\' ORDER BY hlc DESC LIMIT 1',
                    (mid,),
                ).fetchone()
                station_id, at = "", None
                if entry is not None:
                    station_id = entry[0]
                    at = dt.datetime.fromtimestamp(Timestamp.decode(entry[1]).ms / 1000, dt.UTC)
                found.append(
                    MergeRecord(
                        mid,
                        _name(mf, ml, mp),
                        kid or "",
                        _name(kf or "", kl or "", kp or ""),
                        reason,
                        operator,
                        station_id,
                        at,
                    )
                )
        found.sort(key=lambda r: r.at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
        return found


def _undo(w: Writer, station: str, merged_id: str, operator: str, reason: str) -> UndoResult:
    merged = w.db.execute(_PERSON, (merged_id,)).fetchone()
    if merged is None:
        raise NotFound(f"no registrant with id {merged_id}")
    event_id, status, kept_id, *names = merged
    if status != RegistrantStatus.MERGED or not kept_id:
        raise InvalidInput(f"{_name(*names)} is not a merged record: there is no merge to undo")
    before = _status_before_merge(w, merged_id)
    merge_round = _round(w, merged_id)  # this merge's, before the undo below is recorded
    # The pointer goes; why it went stays on the record, next to who undid it.
    w.record(
        "registrant",
        merged_id,
        UPSERT,
        {"status": before, "merged_into": None, "merge_reason": f"{UNDONE}{reason}", "merged_by": operator},
    )
    voided, carried = _move_back(w, station, event_id, merged_id, kept_id, _name(*names), operator, merge_round)
    return UndoResult(merged_id, kept_id, before, voided[0] if voided else None, carried, voided)


def _status_before_merge(w: Writer, registrant_id: str) -> str:
    """The status the record's own change log gave it last before it was merged (registered if none)."""
    entries = w.db.execute(
        "SELECT json_extract(payload, '$.status') FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
        "AND json_extract(payload, '$.status') IS NOT NULL ORDER BY hlc DESC, station_id DESC",
        (registrant_id,),
    )
    for (status,) in entries:
        if status != RegistrantStatus.MERGED:
            return str(status)
    return RegistrantStatus.REGISTERED.value


def _move_back(
    w: Writer,
    station: str,
    event_id: str,
    merged_id: str,
    kept_id: str,
    name: str,
    operator: str,
    merge_round: str,
) -> tuple[tuple[str, ...], str | None]:
    """The arrival back on the restored record: every check-in the merge carried over to the kept person
    voided, and the earliest of the restored record's check-ins that the merge voided carried back
    (unless it was checked in again since, at a station that had not heard of the merge)."""
    theirs = w.db.execute(
        "SELECT c.id, c.station_id, c.at FROM checkin c JOIN checkin_void v ON v.id = c.voided_by "
        "WHERE c.registrant_id = ? AND v.reason LIKE ? ORDER BY c.stamp, c.id",
        (merged_id, VOID_REASON.format(name="%")),
    ).fetchall()
    if not theirs:
        return (), None  # they had not arrived when they were merged
    # A carried check-in keeps the time and station of the one it came from; one of each merge of this
    # pair made apart (before merges were made alike everywhere) is voided too.
    arrivals = {(station_id, at) for _id, station_id, at in theirs}
    carried = [
        checkin_id
        for checkin_id, station_id, at in w.db.execute(
            "SELECT id, station_id, at FROM checkin WHERE registrant_id = ? AND voided_by IS NULL AND method = ? "
            "ORDER BY stamp, id",
            (kept_id, CheckInMethod.MERGE.value),
        )
        if (station_id, at) in arrivals
    ]
    now = dt.datetime.now(dt.UTC)
    for checkin_id in carried:
        w.record(
            "checkin_void",
            _merge_id("undone", checkin_id),
            APPEND,
            {
                "registrant_id": kept_id,
                "checkin_id": checkin_id,
                "station_id": station,
                "at": now,
                "reason": UNDO_VOID_REASON.format(name=name or "the other record"),
                "operator": operator,
            },
        )
    if w.db.execute(_STANDING, (merged_id,)).fetchone() is not None:
        return tuple(carried), None  # checked in again since (another station, before it heard of the merge)
    earliest, station_id, at = theirs[0]
    back = _merge_id("carried back", earliest, merged_id, merge_round)
    w.record(
        "checkin",
        back,
        APPEND,
        {
            "event_id": event_id,
            "registrant_id": merged_id,
            "station_id": station_id,
            "at": at,
            "method": CheckInMethod.MERGE,
            "operator": operator,
        },
    )
    return tuple(carried), back


def _settle(
    w: Writer, station_id: str, kept_id: str, merged_id: str, kept_name: str, operator: str
) -> tuple[tuple[str, ...], str | None]:
    """Move the merged record's standing check-ins onto the kept person: carry the earliest over if
    they have none, and void every one of the merged record's."""
    theirs = w.db.execute(_STANDING, (merged_id,)).fetchall()
    if not theirs:
        return (), None
    merge_round = _round(w, merged_id)
    carried: str | None = None
    if w.db.execute(_STANDING, (kept_id,)).fetchone() is None:
        earliest, arrived_at, at = theirs[0]
        event_id = w.db.execute("SELECT event_id FROM registrant WHERE id = ?", (kept_id,)).fetchone()[0]
        carried = _merge_id("carried", earliest, kept_id, merge_round)
        w.record(
            "checkin",
            carried,
            APPEND,
            {
                "event_id": event_id,
                "registrant_id": kept_id,
                "station_id": arrived_at,
                "at": at,
                "method": CheckInMethod.MERGE,
                "operator": operator,
            },
        )
    now = dt.datetime.now(dt.UTC)
    for checkin_id, _station, _at in theirs:
        w.record(
            "checkin_void",
            _merge_id("merged", checkin_id, kept_id, merge_round),
            APPEND,
            {
                "registrant_id": merged_id,
                "checkin_id": checkin_id,
                "station_id": station_id,
                "at": now,
                "reason": VOID_REASON.format(name=kept_name or "another record"),
                "operator": operator,
            },
        )
    return tuple(row[0] for row in theirs), carried


_MERGED = "SELECT id FROM registrant WHERE id IN ({}) AND status = 'merged'"
_CHUNK = 500
_LAST_MERGE = (
    "SELECT max(hlc || '@' || station_id) FROM change_log WHERE entity = 'registrant' AND entity_id = ? "
    "AND json_extract(payload, '$.merged_into') IS NOT NULL"
)
LOOP_REASON = "merged into each other at two stations apart; the later merge is undone"
"""The reason of the undo that sync records for two records merged into each other."""


def merge_chain(w: Writer, merged_id: str) -> tuple[list[str], tuple[str, str] | None]:
    """The merged records from `merged_id` on, each merged into the next, and (id, name) of the record they
    end at, one that is not merged: None if they loop back (records merged into each other at stations
    apart) or end at a record not here."""
    chain = [merged_id]
    target = w.db.execute("SELECT merged_into FROM registrant WHERE id = ?", (merged_id,)).fetchone()
    into = target[0] if target else None
    while into is not None and into not in chain:
        row = w.db.execute(_PERSON, (into,)).fetchone()
        if row is None:
            return chain, None
        _event, status, next_into, *names = row
        if status != RegistrantStatus.MERGED or not next_into:
            return chain, (into, _name(*names))
        chain.append(into)
        into = next_into
    return chain, None


def _loop(w: Writer, chain: list[str]) -> list[str]:
    """The records of `chain` (see `merge_chain`) that are merged into each other in a loop, if it ends in one."""
    target = w.db.execute("SELECT merged_into FROM registrant WHERE id = ?", (chain[-1],)).fetchone()
    return chain[chain.index(target[0]) :] if target and target[0] in chain else []


def _break_loop(w: Writer, station: str, loop: list[str]) -> None:
    """Of records merged into each other, undo the merge made last (by stamp): every station that holds
    both merges undoes the same one, and the person is the one record the earlier merge kept."""
    latest = max(loop, key=lambda rid: str(w.db.execute(_LAST_MERGE, (rid,)).fetchone()[0] or ""))
    _undo(w, station, latest, "", LOOP_REASON)


class Settled(NamedTuple):
    """What `settle_arrivals` did."""

    arrivals: int = 0
    """Merged records whose standing check-in went over to the person kept."""
    loops: int = 0
    """Records merged into each other whose later merge was undone."""


def settle_arrivals(w: Writer, station: str, registrant_ids: Iterable[str]) -> Settled:
    """After entries from other stations, for the merged records among `registrant_ids`: two merged into
    each other get the later merge undone (`_break_loop`), and one that still has a standing check-in hands
    it over to the person it stands for, as merging it again would (`_settle`). Such a check-in was made,
    or carried back by an undo, at a station that had not heard of the merge; left alone, the person who
    arrived would show as not arrived. The rows it appends have ids made from what they are about, so
    stations that settle the same thing apart write the same rows."""
    wanted = list(dict.fromkeys(registrant_ids))
    merged: list[str] = []
    for at in range(0, len(wanted), _CHUNK):
        chunk = wanted[at : at + _CHUNK]
        merged += [row[0] for row in w.db.execute(_MERGED.format(", ".join("?" * len(chunk))), chunk)]
    arrivals = loops = 0
    broken: set[str] = set()
    while merged:
        merged_id = merged.pop(0)
        if not _is_merged(w, merged_id):  # a loop broken here took it out
            continue
        chain, kept = merge_chain(w, merged_id)
        if kept is None:
            loop = _loop(w, chain)
            if loop and broken.isdisjoint(loop):
                broken.update(loop)
                _break_loop(w, station, loop)
                loops += 1
                merged += loop  # what the others of the loop still hold goes on to the one kept now
            continue
        for record in chain:  # each of them hands its arrival on to the person kept
            if _is_merged(w, record) and w.db.execute(_STANDING, (record,)).fetchone() is not None:
                operator = w.db.execute("SELECT merged_by FROM registrant WHERE id = ?", (record,)).fetchone()[0]
                _settle(w, station, kept[0], record, kept[1], operator)
                arrivals += 1
    return Settled(arrivals, loops)


def _is_merged(w: Writer, registrant_id: str) -> bool:
    row = w.db.execute("SELECT status FROM registrant WHERE id = ?", (registrant_id,)).fetchone()
    return row is not None and row[0] == RegistrantStatus.MERGED
