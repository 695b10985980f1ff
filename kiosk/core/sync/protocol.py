"""The sync protocol's core: version vectors, what a side lacks, and applying a batch once and atomically.

A version vector maps each station id to the highest seq n such that this side holds that station's
entries 1..n. It is read from the change log itself, so the "checkpoint" of a sync is always committed
in the same transaction as the entries it counts: a crash mid-batch leaves both or neither.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.changelog import _COLUMNS, Entry, Held, IngestResult, Writer, ingest
from kiosk.core.clashes import Renamed
from kiosk.core.context import Context
from kiosk.core.errors import InvalidInput
from kiosk.core.hlc import COUNTER_LIMIT, Timestamp, wall_ms
from kiosk.core.models import SCHEMA_VERSION
from kiosk.core.services.merges import Settled, settle_arrivals
from kiosk.core.settings import CLOCK_HIGH, get_setting, put_setting

Vector = dict[str, int]

MAX_AHEAD_MS = 30 * 60 * 1000
"""Clock guard: an entry stamped more than this ahead of the receiver's wall clock is refused.

It is there for a laptop whose clock is set hours or days wrong: the hybrid clock never goes back, so
its stamps would drag every station's clock with it and win every last-writer-wins edit until real time
caught up. It must let ordinary drift through, and drift compounds: a stamp carries the fastest clock
any station has seen, not its writer's, so a receiver measures the fastest clock in the network against
its own (one laptop 9 minutes fast and another 3 minutes slow are 12 minutes apart, through a third
whose clock is right). Half an hour takes minutes of drift so compounded, and stays well clear of the
common wrong settings: a whole hour (summer time, a time zone), twelve (AM for PM), a day."""

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
    take_again_at: dt.datetime | None = None
    """With refused entries: the time, by this laptop's clock, from which all of them pass the clock
    guard (a bundle imported again then is taken whole)."""
    renamed: list[Renamed] = field(default_factory=list)
    """Rows that now hold another slug or ticket code than they were given, an older row holding that one."""
    held: list[Held] = field(default_factory=list)
    """Of the pending entries, those held by a clash nothing settles (not on the way)."""
    settled: int = 0
    """Merged records whose standing check-in went over to the person kept (`settle_arrivals`)."""
    loops_undone: int = 0
    """Records merged into each other at two stations whose later merge was undone (`settle_arrivals`)."""


class Carrier(enum.Enum):
    """How refused entries reach the receiver again, which decides what the refusal tells staff to do."""

    SYNC = "sync"
    """A station taking entries from the hub or a LAN peer: they are offered again at every sync."""
    HUB = "hub"
    """The hub taking a station's push: the station pushes them again at every sync."""
    BUNDLE = "bundle"
    """A station importing a bundle: nothing comes again unless someone imports the bundle again."""


def _span(ms: int) -> str:
    minutes = max(1, round(ms / 60_000))
    if minutes < 120:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"{hours} hours" if hours < 48 else f"{round(hours / 24)} days"


_FASTEST = (
    "Stamps follow the fastest clock any station has seen, so the clock set ahead may be another "
    "station's than the one that wrote it"
)


def _ahead_reason(ahead_ms: int, own_clock: bool, carrier: Carrier, wait_ms: int, take_at_ms: int) -> str:
    """Why an entry stamped `ahead_ms` ahead of the receiver's clock is refused, and what helps.

    `own_clock`: its writer stamped it by its own clock (a counter of 0, see HybridClock), so that clock
    was that far ahead of this one, or this one is behind. Otherwise it may have followed a faster clock
    seen elsewhere. A stamp never goes back once made: the entries are taken once the receiver's clock
    is within MAX_AHEAD_MS of them (`wait_ms` from now, at `take_at_ms` by its clock), or at once if the
    receiver's clock was behind and is set right."""
    clock = "the hub's clock" if carrier is Carrier.HUB else "this laptop's clock"
    cause = f"stamped {_span(ahead_ms)} ahead of {clock}"
    if own_clock:
        cause += " by its writer's own clock: that station's clock is set ahead, or this one is behind"
    else:
        cause += f". {_FASTEST}"
    wait = _span(wait_ms)
    if carrier is Carrier.HUB:
        advice = (
            "nothing is lost: this station keeps it and pushes it again at every sync, and the hub takes it in "
            f"about {wait}, or at once if the hub's clock is behind and is set right"
        )
    elif carrier is Carrier.BUNDLE:
        advice = (
            f"nothing is lost: import this bundle again after {_clock_time(take_at_ms)} by this laptop's clock, "
            "or once the clocks agree: now, if this laptop's clock is behind and you set it right"
        )
    else:
        advice = (
            f"nothing is lost: it is offered again at every sync and comes in by itself in about {wait}; if "
            "this laptop's clock is behind, set its date and time right and sync again"
        )
    return f"{cause}; {advice}"


def take_again_at(ms: int) -> dt.datetime:
    """The whole minute after a wall-clock reading (ms), so that "after 11:15 AM" is never a moment early."""
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def _clock_time(ms: int) -> str:
    """When to try again, as the desk shows times ("11:15 AM", another day with its date)."""
    from kiosk.core.services.desk import local_time

    return local_time(take_again_at(ms))


@dataclass(frozen=True)
class Guarded:
    """Entries split by the clock guard: those taken, those refused with their reasons, and when (by the
    receiver's clock, in ms) every refused one would pass."""

    accepted: list[Entry]
    refused: list[Refused]
    take_at_ms: int | None = None


def guard_clock(
    entries: Iterable[Entry], now_ms: int, max_ahead_ms: int = MAX_AHEAD_MS, carrier: Carrier = Carrier.SYNC
) -> Guarded:
    """Split entries into those stamped no further than `max_ahead_ms` ahead of `now_ms` and the refused."""
    accepted: list[Entry] = []
    ahead: list[tuple[Entry, Timestamp]] = []
    limit = now_ms + max_ahead_ms
    latest = Timestamp(limit, COUNTER_LIMIT - 1).encode()  # encoded order is time order: most entries decode nothing
    for entry in entries:
        if entry.hlc > latest and (stamp := Timestamp.decode(entry.hlc)).ms > limit:
            ahead.append((entry, stamp))
        else:
            accepted.append(entry)
    if not ahead:
        return Guarded(accepted, [])
    # A counter of 0 is a stamp read from its writer's own wall clock; a writer with one among the refused
    # had its own clock ahead, the others may only have passed on a stamp they saw.
    own_clock = {entry.station_id for entry, stamp in ahead if stamp.counter == 0}
    take_at = max(stamp.ms for _, stamp in ahead) - max_ahead_ms
    refused = [
        Refused(
            entry.station_id,
            entry.station_seq,
            _ahead_reason(stamp.ms - now_ms, entry.station_id in own_clock, carrier, stamp.ms - limit, take_at),
        )
        for entry, stamp in ahead
    ]
    return Guarded(accepted, refused, take_at)


def apply_batch(
    ctx: Context,
    entries: Sequence[Entry],
    peer: str | None = None,
    peer_vector: Mapping[str, int] | None = None,
    wall: int | None = None,
    carrier: Carrier = Carrier.SYNC,
) -> ApplyResult:
    """Apply entries from another side in one transaction: store the new ones (idempotent by id), apply
    what is ready, park what is from a newer schema, refuse (skip) what fails the clock guard, advance this
    station's clock past what it took, and record the peer's checkpoint in the same transaction. `wall` is
    this laptop's clock now (ms; tests move it), `carrier` how refused entries come again (their reason)."""
    now = wall_ms() if wall is None else wall
    guarded = guard_clock(entries, now, carrier=carrier)
    with ctx.store.write() as db:
        ingested: IngestResult = ingest(db, guarded.accepted, ctx.clock)
        touched = _registrants_named(guarded.accepted)
        settled = Settled()
        if touched:  # no `known` seq: entries of this very station may just have come back
            settled = settle_arrivals(Writer(db, ctx.station_id, ctx.clock), ctx.station_id, touched)
        if peer is not None:
            record_peer(db, peer, peer_vector)
        vector = local_vector(db)
    # Entries of this very station may have come back (a restore): let the next write look its seq up.
    ctx._known = None
    return ApplyResult(
        ingested.received + len(guarded.refused),
        ingested.new,
        ingested.applied,
        ingested.pending,
        ingested.parked,
        guarded.refused,
        vector,
        take_again_at(guarded.take_at_ms) if guarded.take_at_ms is not None else None,
        ingested.renamed,
        ingested.held,
        settled.arrivals,
        settled.loops,
    )


def _registrants_named(entries: Iterable[Entry]) -> list[str]:
    """The registrants that entries change or check in: where a merge may have an arrival to settle."""
    named = []
    for entry in entries:
        if entry.entity == "registrant":
            named.append(entry.entity_id)
        elif entry.entity == "checkin":
            registrant_id = entry.payload.get("registrant_id")
            if isinstance(registrant_id, str):
                named.append(registrant_id)
    return named


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
    each sends the other what its vector lacks, page by page, until neither lacks anything (taking entries
    may make a station write, `settle_arrivals`: then the other way again)."""
    to_b, to_a = ApplyResult(), ApplyResult()
    _send(a, b, page, to_b)
    for _round in range(_MAX_ROUNDS):  # bounded all the same: the next exchange takes what is left
        if not (_send(b, a, page, to_a) and _send(a, b, page, to_b)):
            break
    return to_b, to_a


_MAX_ROUNDS = 8
"""Back-and-forth rounds of one `exchange` after the first: taking entries writes only to settle them."""


def _send(source: Context, target: Context, page: int, result: ApplyResult) -> int:
    """What `target` lacks of `source`, page by page, added to `result`; how many entries were new there."""
    new = 0
    while True:
        with target.store.write() as db:
            wanted = local_vector(db)
        with source.store.write() as db:
            batch = entries_missing(db, wanted, page)
            source_vector = local_vector(db)
        step = apply_batch(target, batch, peer=source.station_id, peer_vector=source_vector)
        result.received += step.received
        result.new += step.new
        new += step.new
        result.applied += step.applied
        result.refused += step.refused
        result.renamed += step.renamed
        result.settled += step.settled
        result.loops_undone += step.loops_undone
        result.pending, result.parked, result.vector, result.held = step.pending, step.parked, step.vector, step.held
        if len(batch) < page or step.new == 0:
            return new


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
