"""The change log: every write as an entry that sync can ship, recorded in the write's own transaction.

An entry's id is (station_id, station_seq), seq gapless per station; its HLC timestamp orders it among
all stations. `Writer.record` is the only way a row changes locally; `ingest` takes entries from other
stations through the same apply path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kiosk.core.clashes import Renamed, apply_event, apply_settled, unique_clash
from kiosk.core.errors import InvalidInput
from kiosk.core.hlc import HybridClock, Timestamp
from kiosk.core.models import SCHEMA_VERSION
from kiosk.core.replica import (
    UPSERT,
    SearchRow,
    add_search_rows,
    apply_entry,
    apply_run,
    encode,
    existing_ids,
    insert_new_many,
    json_text,
    run_kind,
)
from kiosk.core.settings import CLOCK_HIGH, get_setting, put_setting

_COLUMNS = "station_id, station_seq, hlc, entity, entity_id, kind, payload, schema_version"
_INSERT = f"INSERT INTO change_log ({_COLUMNS}, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
# This station's last seq and clock come from its own newest entry (a primary-key lookup); the newest
# clock seen from other stations is kept as a setting by ingest, so no index on hlc is needed.
_LAST_SEQ_AND_CLOCKS = (
    "SELECT e.station_seq, e.hlc, (SELECT value FROM setting WHERE key = '" + CLOCK_HIGH + "') "
    "FROM (SELECT 1) LEFT JOIN (SELECT station_seq, hlc FROM change_log WHERE station_id = ? "
    "ORDER BY station_seq DESC LIMIT 1) e"
)


_PAYLOAD_JSON = json_text
"""Payload text as stored and shipped. Readers only ever json.loads it, so the compact form and the spaced
form that older versions wrote are the same entry (Entry equality compares decoded payloads)."""


class Entry(NamedTuple):
    """One change as it is stored and shipped. A tuple, not a dataclass: one is made for every check-in."""

    station_id: str
    station_seq: int
    hlc: str
    entity: str
    entity_id: str
    kind: str
    payload: dict[str, Any]
    schema_version: int = SCHEMA_VERSION

    @property
    def stamp(self) -> str:
        """Total order of entries: clock first, station id to break ties."""
        return f"{self.hlc}@{self.station_id}"

    def as_params(self, applied: bool) -> tuple[Any, ...]:
        return (
            self.station_id,
            self.station_seq,
            self.hlc,
            self.entity,
            self.entity_id,
            self.kind,
            _PAYLOAD_JSON(self.payload),
            self.schema_version,
            applied,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Entry:
        station_id, seq, hlc, entity, entity_id, kind, payload, version = row
        return cls(station_id, seq, hlc, entity, entity_id, kind, json.loads(payload), version)


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), list, dict})


def _travelling(payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of `payload` with dates and times as they travel (replica.encode)."""
    if _PLAIN_TYPES.issuperset(map(type, payload.values())):  # an import's people: checked in C, copied in C
        return dict(payload)
    return {k: encode(v) if isinstance(v, dt.date) else v for k, v in payload.items()}


def _sets_a_slug(entry: Entry) -> bool:
    """An event upsert that writes a slug: applied through clashes.apply_event, which settles every event's
    slug again, so it never goes into a run."""
    return entry.entity == "event" and entry.kind == UPSERT and "slug" in entry.payload


def _apply(db: sqlite3.Connection, entry: Entry) -> None:
    if _sets_a_slug(entry):
        apply_event(db, entry.entity_id, entry.payload, entry.stamp)
    else:
        apply_entry(db, entry.entity, entry.entity_id, entry.kind, entry.payload, entry.stamp)


def _apply_new(db: sqlite3.Connection, entry: Entry) -> None:
    if _sets_a_slug(entry):
        apply_event(db, entry.entity_id, entry.payload, entry.stamp, new=True)
    else:
        apply_entry(db, entry.entity, entry.entity_id, entry.kind, entry.payload, entry.stamp, new=True)


class Writer:
    """Records entries for one transaction of this station.

    Seq and clock are read from the file under the write lock, so another process writing as the same
    station can never reuse a seq. `known` is (data_version, next seq) as this process left them after its
    last commit: while SQLite's data_version says no other connection has committed since, they still hold
    and the lookup is skipped (it would be a third of a check-in's statements).
    """

    def __init__(
        self, db: sqlite3.Connection, station_id: str, clock: HybridClock, known: tuple[int, int] | None = None
    ) -> None:
        self.db = db
        self.station_id = station_id
        self.clock = clock
        self.known = known
        self.data_version = 0
        self.next_seq: int | None = None
        self._search: list[SearchRow] | None = None

    def _start(self) -> int:
        self.data_version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self.known is not None and self.known[0] == self.data_version:
            return self.known[1]
        last_seq, own_high, seen_high = self.db.execute(_LAST_SEQ_AND_CLOCKS, (self.station_id,)).fetchone()
        for high in (own_high, seen_high):
            if high:
                self.clock.observe_encoded(high)
        return int(last_seq or 0) + 1

    def state(self) -> tuple[int, int] | None:
        """What to pass as `known` to the next Writer, once this transaction has committed."""
        return self.known if self.next_seq is None else (self.data_version, self.next_seq)

    def record(self, entity: str, entity_id: str, kind: str, payload: dict[str, Any], new: bool = False) -> Entry:
        """Store one entry and apply it. `new=True` says entity_id was made for this entry just now, so
        its row cannot exist yet and the apply skips looking (see replica.apply_entry)."""
        if self.next_seq is None:
            self.next_seq = self._start()
        entry = Entry(
            self.station_id,
            self.next_seq,
            self.clock.now().encode(),
            entity,
            entity_id,
            kind,
            _travelling(payload),
        )
        self.db.execute(_INSERT, entry.as_params(applied=True))
        (_apply_new if new else _apply)(self.db, entry)
        self.next_seq += 1
        return entry

    def record_many(
        self, entity: str, kind: str, rows: Sequence[tuple[str, dict[str, Any]]], new: bool = False
    ) -> list[Entry]:
        """`record` for many (entity_id, payload) of one entity and kind, with the same entries and rows:
        seq gapless and in order, one timestamp per entry (`HybridClock.now_many`); the entries go in with
        one executemany.

        With `new=True` (upserts whose ids were all made in this transaction, as for `record`) the rows go
        in with executemany too; otherwise each entry is applied in seq order as `record` applies it.
        Should anything fail, nothing is counted (next_seq stays) and the error propagates: the caller's
        transaction rolls back, taking every entry and row of the batch with it, as for `record`.
        Replay and ingest are unchanged: they apply entry by entry, idempotently.
        """
        if not rows:
            return []
        if self.next_seq is None:
            self.next_seq = self._start()
        seq = self.next_seq
        station_id = self.station_id
        entries = [
            Entry(station_id, seq + i, hlc, entity, entity_id, kind, _travelling(payload))
            for i, (hlc, (entity_id, payload)) in enumerate(zip(self.clock.now_many(len(rows)), rows, strict=True))
        ]
        self.db.executemany(_INSERT, [entry.as_params(applied=True) for entry in entries])
        if new and kind == UPSERT:
            insert_new_many(self.db, entity, [(e.entity_id, e.payload, e.stamp) for e in entries], self._search)
        else:
            apply = _apply_new if new else _apply
            for entry in entries:
                apply(self.db, entry)
        self.next_seq = seq + len(entries)
        return entries

    @contextlib.contextmanager
    def search_deferred(self) -> Iterator[None]:
        """Within the block, the search rows of registrants `record_many(new=True)` adds wait, and go into
        the search index together when it ends, in one sorted insert (FTS5 builds its index far faster
        from rows in rowid order). Still in this transaction: search finds them as soon as it commits."""
        self._search = []
        yield
        rows, self._search = self._search, None
        add_search_rows(self.db, rows)


@dataclass(frozen=True)
class Held:
    """An entry that waits not for a row still on the way but because it gives a row a value that only one
    row may hold and another holds, on a column nothing settles (kiosk.core.clashes)."""

    station_id: str
    station_seq: int
    reason: str


@dataclass
class IngestResult:
    received: int = 0
    new: int = 0
    applied: int = 0
    pending: int = 0
    """Entries stored but not applied yet: waiting for a row, held (below) or parked (below)."""
    parked: int = 0
    """Entries from a newer version of the app (schema_version above SCHEMA_VERSION): kept and shipped on,
    applied by the first ingest after this station is upgraded, never dropped."""
    renamed: list[Renamed] = field(default_factory=list)
    """Rows that, as this ingest applied entries, came to hold another slug or ticket code than they were
    given, because an older row holds that one (kiosk.core.clashes): every station holds the same."""
    held: list[Held] = field(default_factory=list)
    """Of the pending entries, those held by a clash nothing settles, with the reason: not on the way."""


def ingest(db: sqlite3.Connection, entries: Iterable[Entry], clock: HybridClock) -> IngestResult:
    """Take entries from another station: store the new ones, then apply every entry whose rows are ready.

    An entry that refers to a row not here yet (its creating entry is still on the way) waits as pending
    and is retried on every ingest; the same entry arriving twice is stored and applied once. An event slug
    or ticket code that another row holds never waits: the older row keeps it and the other gets one made
    from it (kiosk.core.clashes; `IngestResult.renamed`). An entry
    written by a newer version of the app is stored but parked: `apply_pending` leaves it until this
    station runs a version that knows its schema.

    The new entries are applied in clock order as they arrive, in runs (`_apply_in_order`), and go into
    the change log with one executemany already marked applied or waiting; only what waits is read back,
    by `apply_pending`, and only when something waits.
    """
    with collection_paused():
        return _ingest(db, entries, clock)


_pauses = 0
_pauses_lock = threading.Lock()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a batch is taken or an import runs, then as it was: they
    make a few containers per row and no cycles (reference counting frees them as usual), and the collector
    would walk all of them again and again (a third of a large import's time). A collector that runs it by
    hand (the app's, on its UI thread) waits while `collection_is_paused()`."""
    global _pauses
    was_enabled = gc.isenabled()
    gc.disable()
    with _pauses_lock:
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
        if was_enabled:
            gc.enable()


def collection_is_paused() -> bool:
    """Whether a batch or an import in flight (on any thread) asked for no collection now."""
    return _pauses > 0


def _ingest(db: sqlite3.Connection, entries: Iterable[Entry], clock: HybridClock) -> IngestResult:
    result = IngestResult()
    fresh = _fresh(db, entries, result)
    high = Timestamp.decode(get_setting(db, CLOCK_HIGH) or "000000000000000.000000")
    for entry in fresh:
        if not _CLOCK.fullmatch(entry.hlc):
            Timestamp.decode(entry.hlc)  # a malformed clock is refused (ValueError) before anything is stored
    if fresh:
        high = max(high, Timestamp.decode(max(entry.hlc for entry in fresh)))  # encoded order is time order
    clock.observe(high)
    put_setting(db, CLOCK_HIGH, high.encode())
    fresh.sort(key=_clock_order)
    held: dict[tuple[str, int], Held] = {}
    done, _waiting = _apply_in_order(db, [e for e in fresh if e.schema_version <= SCHEMA_VERSION], result.renamed, held)
    applied = {(e.station_id, e.station_seq) for e in done}
    db.executemany(
        _INSERT, [e.as_params(applied=(e.station_id, e.station_seq) in applied) for e in sorted(fresh, key=_key)]
    )
    result.applied = len(done)
    if db.execute(_ANY_READY, (SCHEMA_VERSION,)).fetchone() is not None:
        result.applied += _apply_pending(db, result.renamed, held)
    result.pending, result.parked = db.execute(_WAITING, (SCHEMA_VERSION,)).fetchone()
    result.held = [h for key, h in sorted(held.items()) if db.execute(_STILL_WAITING, key).fetchone() is not None]
    return result


_WAITING = "SELECT count(*), coalesce(sum(schema_version > ?), 0) FROM change_log WHERE NOT applied"
_ANY_READY = "SELECT 1 FROM change_log WHERE NOT applied AND schema_version <= ? LIMIT 1"
_STILL_WAITING = "SELECT 1 FROM change_log WHERE station_id = ? AND station_seq = ? AND NOT applied"
_CLOCK = re.compile(r"[0-9]{15}\.[0-9]{6}")
"""An encoded clock (hlc.Timestamp.encode), checked without decoding it."""
_HELD = "SELECT station_seq FROM change_log WHERE station_id = ? AND station_seq BETWEEN ? AND ?"


def _key(entry: Entry) -> tuple[str, int]:
    return entry.station_id, entry.station_seq


def _clock_order(entry: Entry) -> tuple[str, str]:
    return entry.hlc, entry.station_id


def _fresh(db: sqlite3.Connection, entries: Iterable[Entry], result: IngestResult) -> list[Entry]:
    """The entries not stored yet, each once; a repeat of a stored entry (or of one earlier in `entries`)
    must be the same entry, else InvalidInput (`_check_same`). Counts received and new into `result`."""
    listed = list(entries)
    result.received = len(listed)
    first = {(e.station_id, e.station_seq): e for e in reversed(listed)}  # of repeats, the first one
    repeats = [e for e in listed if first[e.station_id, e.station_seq] is not e] if len(first) < len(listed) else []
    bounds: dict[str, tuple[int, int]] = {}
    for station_id, seq in first:
        low, high = bounds.get(station_id, (seq, seq))
        bounds[station_id] = (min(low, seq), max(high, seq))
    held: set[tuple[str, int]] = set()
    for station_id, (low, high) in bounds.items():
        held.update((station_id, seq) for (seq,) in db.execute(_HELD, (station_id, low, high)))
    for key in held & first.keys():
        _check_same(db, first.pop(key))
    for entry in repeats:
        key = (entry.station_id, entry.station_seq)
        if key in first:
            if entry != first[key]:
                raise _twice(entry)
        else:
            _check_same(db, entry)
    result.new = len(first)
    return list(first.values())


def _check_same(db: sqlite3.Connection, entry: Entry) -> None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM change_log WHERE station_id = ? AND station_seq = ?",
        (entry.station_id, entry.station_seq),
    ).fetchone()
    if Entry.from_row(row) != entry:
        raise _twice(entry)


def _twice(entry: Entry) -> InvalidInput:
    return InvalidInput(
        f"station {entry.station_id} sent two different entries numbered {entry.station_seq}; "
        "its data folder was probably copied to another laptop: give that laptop a new data folder"
    )


def _apply_one(db: sqlite3.Connection, entry: Entry, renamed: list[Renamed], held: dict[tuple[str, int], Held]) -> bool:
    """Apply one entry in a savepoint: False (and nothing changed) if it must wait. A slug or ticket code
    that another row holds is settled (kiosk.core.clashes, the rows it renames added to `renamed`); any
    other value only one row may hold waits too, but is added to `held` with why: no row is on the way."""
    db.execute("SAVEPOINT apply_entry")
    try:
        moved = apply_settled(db, entry.entity, entry.entity_id, entry.kind, entry.payload, entry.stamp)
    except sqlite3.IntegrityError as exc:
        db.execute("ROLLBACK TO apply_entry")
        db.execute("RELEASE apply_entry")
        clash = unique_clash(exc)
        if clash is not None:
            held[_key(entry)] = Held(entry.station_id, entry.station_seq, _held_reason(entry, clash))
        return False
    db.execute("RELEASE apply_entry")
    renamed += moved
    return True


def _held_reason(entry: Entry, clash: str) -> str:
    return (
        f"its {entry.entity} has the same {clash.rpartition('.')[2].replace('_', ' ')} as one this station "
        "holds, which only one may have; it is kept, and applies once one of the two changes"
    )


def _apply_in_order(
    db: sqlite3.Connection,
    entries: Sequence[Entry],
    renamed: list[Renamed] | None = None,
    held: dict[tuple[str, int], Held] | None = None,
) -> tuple[list[Entry], list[Entry]]:
    """Apply entries (in clock order) as `_apply_one` would, one after another: (applied, waiting).

    Consecutive entries of one `replica.run_kind` go in together (`replica.apply_run`, executemany):
    creations of rows not here yet, changes to rows that are, appends; a void, an odd creation or an event
    that sets its slug is applied on its own. A run that fails (a row it refers to is missing, or a ticket
    code is taken) is undone and its entries applied one by one, so exactly those that must wait do.
    """
    renamed = [] if renamed is None else renamed
    held = {} if held is None else held
    done: list[Entry] = []
    waiting: list[Entry] = []
    present = existing_ids(db, [(e.entity, e.entity_id) for e in entries if e.kind == UPSERT])
    indexes = _drop_indexes_for_many(db, entries, present)
    run: list[Entry] = []
    run_key: tuple[str, str] | None = None

    def flush() -> None:
        if not run:
            return
        assert run_key is not None
        db.execute("SAVEPOINT apply_run")
        try:
            whole = apply_run(db, run_key[0], run_key[1], [(e.entity_id, e.payload, e.stamp) for e in run])
        except sqlite3.IntegrityError:
            whole = False
        if whole:
            db.execute("RELEASE apply_run")
            done.extend(run)
        else:
            db.execute("ROLLBACK TO apply_run")
            db.execute("RELEASE apply_run")
            for entry in run:
                (done if _apply_one(db, entry, renamed, held) else waiting).append(entry)
        run.clear()

    for entry in entries:
        key = (
            None if _sets_a_slug(entry) else run_kind(entry.entity, entry.entity_id, entry.kind, entry.payload, present)
        )
        if key is None:
            flush()
            (done if _apply_one(db, entry, renamed, held) else waiting).append(entry)
            continue
        if key != run_key:
            flush()
            run_key = key
        run.append(entry)
    flush()
    for sql in indexes:
        db.execute(sql)
    return done, waiting


_BULK_MIN = 1000


def _drop_indexes_for_many(db: sqlite3.Connection, entries: Sequence[Entry], present: dict[str, set[str]]) -> list[str]:
    """When entries create at least as many registrants as there are (a station's first sync, say), drop the
    registrant table's plain secondary indexes inside this transaction and return the SQL that makes them
    again at the end: each is then built once, sorted, rather than inserted into row by row (as an import
    does, `store.drop_indexes`). Unique indexes stay, so a clash still makes only its entry wait."""
    held = present.get("registrant", set())
    new = {e.entity_id for e in entries if e.kind == UPSERT and e.entity == "registrant" and e.entity_id not in held}
    if len(new) < _BULK_MIN or len(new) < db.execute("SELECT count(*) FROM registrant").fetchone()[0]:
        return []
    found = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registrant' AND sql IS NOT NULL "
        "AND sql NOT LIKE 'CREATE UNIQUE %'"
    ).fetchall()
    for name, _sql in found:
        db.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def apply_pending(db: sqlite3.Connection) -> int:
    """Apply waiting entries in clock order until no more can be applied; returns how many were. Parked
    entries (from a newer schema) are left for a version of the app that knows them."""
    return _apply_pending(db, [], {})


def _apply_pending(db: sqlite3.Connection, renamed: list[Renamed], held: dict[tuple[str, int], Held]) -> int:
    applied = 0
    while True:
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM change_log WHERE NOT applied AND schema_version <= ? ORDER BY hlc, station_id",
            (SCHEMA_VERSION,),
        ).fetchall()
        done, waiting = _apply_in_order(db, [Entry.from_row(row) for row in rows], renamed, held)
        db.executemany(
            "UPDATE change_log SET applied = 1 WHERE station_id = ? AND station_seq = ?", [_key(e) for e in done]
        )
        applied += len(done)
        if not done or not waiting:
            return applied


def entries_since(db: sqlite3.Connection, station_id: str, after_seq: int = 0) -> list[Entry]:
    """One station's entries after a seq, in seq order: what a peer that has seen up to after_seq lacks."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM change_log WHERE station_id = ? AND station_seq > ? ORDER BY station_seq",
        (station_id, after_seq),
    )
    return [Entry.from_row(row) for row in rows]


def all_entries(db: sqlite3.Connection) -> list[Entry]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM change_log ORDER BY hlc, station_id")
    return [Entry.from_row(row) for row in rows]


def newest_entries(db: sqlite3.Connection, limit: int) -> list[Entry]:
    """The latest entries by clock, newest first: what `kiosk log` shows."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM change_log ORDER BY hlc DESC, station_id DESC LIMIT ?", (limit,))
    return [Entry.from_row(row) for row in rows]
