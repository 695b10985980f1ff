"""The sync protocol's core: version vectors, what a side lacks, and applying a batch once and atomically.

A version vector maps each station id to the highest seq n such that this side holds that station's
entries 1..n. It is read from the change log itself, so the "checkpoint" of a sync is always committed
in the same transaction as the entries it counts: a crash mid-batch leaves both or neither.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.changelog import _COLUMNS, Entry, IngestResult, ingest
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput
from kiosk.core.hlc import COUNTER_LIMIT, Timestamp, wall_ms
from kiosk.core.models import SCHEMA_VERSION
from kiosk.core.settings import CLOCK_HIGH, get_setting, put_setting

Vector = dict[str, int]

MAX_AHEAD_MS = 10 * 60 * 1000
"""Clock guard: an entry stamped more than this ahead of the receiver's wall clock is refused (a laptop
whose clock is set wrong would otherwise drag every station's clock with it). A clock a few minutes off
syncs as usual; the refused entries are offered again, and taken, once the clocks agree."""

PAGE = 5000
"""Entries per page on the wire (hub pull and push)."""

PEER_PREFIX = "sync.peer."
"""Settings key prefix of what this station knows of each peer it synced with (local, never replicated)."""


class SyncError(InvalidInput):
    """A sync that cannot go on: the message says why and what to do."""


def local_vector(db: sqlite3.Connection) -> Vector:
    """This side's version vector, from the change log (entries held, applied or not)."""
    vector: Vector = {}
    rows = db.execute("SELECT station_id, count(*), max(station_seq) FROM change_log GROUP BY station_id")
    for station_id, held, top in rows.fetchall():
        if held == top:
            vector[station_id] = top
            continue
        # A gap: entries past it arrived first (a page of a later batch). The first missing seq decides.
        gap = db.execute(
            "SELECT min(station_seq) FROM change_log c WHERE station_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM change_log n WHERE n.station_id = c.station_id AND n.station_seq = c.station_seq + 1)",
            (station_id,),
        ).fetchone()[0]
        first = db.execute("SELECT min(station_seq) FROM change_log WHERE station_id = ?", (station_id,)).fetchone()[0]
        vector[station_id] = gap if first == 1 else 0
    return {k: v for k, v in vector.items() if v > 0}


def check_vector(value: Any) -> Vector:
    """A version vector as it arrives from outside (JSON), checked: station ids to non-negative ints."""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in value.items()
    ):
        raise SyncError("not a version vector: expected an object of station id to a whole number")
    return dict(value)


def entries_missing(db: sqlite3.Connection, their_vector: Mapping[str, int], limit: int | None = None) -> list[Entry]:
    """Entries this side holds that a side with `their_vector` lacks, in clock order (so rows come before
    what refers to them), at most `limit`. A prefix in clock order is a prefix of each station's seq, so a
    page never leaves the other side with a gap it cannot describe."""
    known = dict(their_vector)
    params: list[Any] = []
    clauses = []
    for station_id, seq in known.items():
        clauses.append("(station_id = ? AND station_seq <= ?)")
        params += [station_id, seq]
    where = f"WHERE NOT ({' OR '.join(clauses)})" if clauses else ""
    tail = " LIMIT ?" if limit is not None else ""
    if limit is not None:
        params.append(limit)
    rows = db.execute(f"SELECT {_COLUMNS} FROM change_log {where} ORDER BY hlc, station_id{tail}", params)
    return [Entry.from_row(row) for row in rows]


def entry_to_wire(entry: Entry) -> dict[str, Any]:
    return entry._asdict()


def entry_from_wire(value: Any) -> Entry:
    """An entry as it arrives from outside, its shape checked so a bad one is refused with a reason."""
    try:
        entry = Entry(
            str(value["station_id"]),
            int(value["station_seq"]),
            str(value["hlc"]),
            str(value["entity"]),
            str(value["entity_id"]),
            str(value["kind"]),
            dict(value["payload"]),
            int(value.get("schema_version", 1)),
        )
        Timestamp.decode(entry.hlc)
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(f"a malformed change-log entry was received ({exc}); nothing was applied") from exc
    if entry.station_seq < 1:
        raise SyncError(f"entry {entry.station_id}/{entry.station_seq} has no valid seq; nothing was applied")
    return entry


@dataclass
class Refused:
    station_id: str
    station_seq: int
    reason: str


@dataclass
class ApplyResult:
    received: int = 0
    new: int = 0
    applied: int = 0
    pending: int = 0
    parked: int = 0
    refused: list[Refused] = field(default_factory=list)
    vector: Vector = field(default_factory=dict)


def _span(ms: int) -> str:
    minutes = round(ms / 60_000)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"{hours} hours" if hours < 48 else f"{round(hours / 24)} days"


def _ahead_reason(ahead_ms: int) -> str:
    """Why an entry stamped `ahead_ms` ahead of this clock waits, and what helps: the writer's clock was set
    ahead (its stamps cannot go back once made, so its entries come in by themselves once this clock reaches
    them) or this one is behind (set it right)."""
    span = _span(ahead_ms)
    return (
        f"stamped {span} ahead of this laptop's clock. If this clock is right, that station's clock was set "
        f"ahead when it wrote: its changes are kept and come in by themselves in about {span}, nothing is lost. "
        "If this clock is behind, set its date and time right and sync again"
    )


def guard_clock(
    entries: Iterable[Entry], now_ms: int, max_ahead_ms: int = MAX_AHEAD_MS
) -> tuple[list[Entry], list[Refused]]:
    """Split entries into those stamped no further than `max_ahead_ms` ahead of `now_ms` and the refused."""
    accepted: list[Entry] = []
    refused: list[Refused] = []
    limit = now_ms + max_ahead_ms
    latest = Timestamp(limit, COUNTER_LIMIT - 1).encode()  # encoded order is time order: most entries decode nothing
    for entry in entries:
        if entry.hlc > latest and (ms := Timestamp.decode(entry.hlc).ms) > limit:
            refused.append(Refused(entry.station_id, entry.station_seq, _ahead_reason(ms - now_ms)))
        else:
            accepted.append(entry)
    return accepted, refused


def apply_batch(
    ctx: Context,
    entries: Sequence[Entry],
    peer: str | None = None,
    peer_vector: Mapping[str, int] | None = None,
    wall: int | None = None,
) -> ApplyResult:
    """Apply entries from another side in one transaction: store the new ones (idempotent by id), apply
    what is ready, park what is from a newer schema, refuse (skip) what fails the clock guard, advance this
    station's clock past what it took, and record the peer's checkpoint in the same transaction."""
    now = wall_ms() if wall is None else wall
    accepted, refused = guard_clock(entries, now)
    with ctx.store.write() as db:
        ingested: IngestResult = ingest(db, accepted, ctx.clock)
        if peer is not None:
            record_peer(db, peer, peer_vector)
        vector = local_vector(db)
    # Entries of this very station may have come back (a restore): let the next write look its seq up.
    ctx._known = None
    return ApplyResult(
        ingested.received + len(refused),
        ingested.new,
        ingested.applied,
        ingested.pending,
        ingested.parked,
        refused,
        vector,
    )


def record_peer(db: sqlite3.Connection, peer: str, vector: Mapping[str, int] | None) -> None:
    """What this station knows of a peer after a sync with it: when, and what the peer held then."""
    info = peer_info(db, peer)
    info["last_sync"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if vector is not None:
        info["vector"] = dict(vector)
    put_setting(db, PEER_PREFIX + peer, json.dumps(info, sort_keys=True))


def peer_info(db: sqlite3.Connection, peer: str) -> dict[str, Any]:
    raw = get_setting(db, PEER_PREFIX + peer)
    return json.loads(raw) if raw else {}


def peers(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    rows = db.execute("SELECT key, value FROM setting WHERE key LIKE ?", (PEER_PREFIX + "%",)).fetchall()
    return {key[len(PEER_PREFIX) :]: json.loads(value) for key, value in rows}


@dataclass
class Status:
    """What the app's sync status line shows: this station's vector, what waits, and the peers."""

    station_id: str
    vector: Vector
    entries: int
    own_entries: int
    pending: int
    parked: int
    peers: dict[str, dict[str, Any]]
    waiting: dict[str, int]
    """Per peer: entries this station holds that the peer did not hold at the last sync with it."""


def status(ctx: Context) -> Status:
    with ctx.store.write() as db:
        vector = local_vector(db)
        total = db.execute("SELECT count(*) FROM change_log").fetchone()[0]
        pending, parked = db.execute(
            "SELECT count(*), coalesce(sum(schema_version > ?), 0) FROM change_log WHERE NOT applied",
            (SCHEMA_VERSION,),
        ).fetchone()
        known = peers(db)
    waiting = {
        peer: sum(max(0, top - int(info.get("vector", {}).get(station, 0))) for station, top in vector.items())
        for peer, info in known.items()
    }
    return Status(ctx.station_id, vector, total, vector.get(ctx.station_id, 0), pending, parked, known, waiting)


def exchange(a: Context, b: Context, page: int = PAGE) -> tuple[ApplyResult, ApplyResult]:
    """A direct peer sync (both stations reachable from one process, as a LAN peer serving as hub is):
    each sends the other what its vector lacks, page by page, until neither lacks anything."""
    results: list[ApplyResult] = []
    for source, target in ((a, b), (b, a)):
        result = ApplyResult()
        while True:
            with target.store.write() as db:
                wanted = local_vector(db)
            with source.store.write() as db:
                batch = entries_missing(db, wanted, page)
                source_vector = local_vector(db)
            step = apply_batch(target, batch, peer=source.station_id, peer_vector=source_vector)
            result.received += step.received
            result.new += step.new
            result.applied += step.applied
            result.refused += step.refused
            result.pending, result.parked, result.vector = step.pending, step.parked, step.vector
            if len(batch) < page or step.new == 0:
                break
        results.append(result)
    return results[0], results[1]


CLOCK_BEHIND_WARNING = dt.timedelta(minutes=10)
"""A clock this far behind the stamps a station holds is set wrong (clocks drift seconds, not minutes)."""


def clock_behind(db: sqlite3.Connection, station_id: str) -> dt.timedelta:
    """How far the wall clock is behind the newest stamp this station holds: its own newest entry, or the
    newest another station's clock gave. A laptop set back (or to the wrong day) writes arrival times in the
    past and loses "who came first" to stations whose clocks are right: staff must hear of it."""
    own = db.execute(
        "SELECT hlc FROM change_log WHERE station_id = ? ORDER BY station_seq DESC LIMIT 1", (station_id,)
    ).fetchone()
    stamps = [stamp for stamp in (own[0] if own else None, get_setting(db, CLOCK_HIGH)) if stamp]
    try:
        newest = max((Timestamp.decode(stamp).ms for stamp in stamps), default=0)
    except ValueError:
        return dt.timedelta(0)
    return dt.timedelta(milliseconds=max(0, newest - wall_ms()))
