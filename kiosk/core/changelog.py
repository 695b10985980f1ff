"""The change log: every write as an entry that sync can ship, recorded in the write's own transaction.

An entry's id is (station_id, station_seq), seq gapless per station; its HLC timestamp orders it among
all stations. `Writer.record` is the only way a row changes locally; `ingest` takes entries from other
stations through the same apply path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from kiosk.core.errors import InvalidInput
from kiosk.core.hlc import HybridClock, Timestamp
from kiosk.core.models import SCHEMA_VERSION
from kiosk.core.replica import UPSERT, SearchRow, add_search_rows, apply_entry, encode, insert_new_many, json_text
from kiosk.core.settings import CLOCK_HIGH, get_setting, put_setting

_COLUMNS = "station_id, station_seq, hlc, entity, entity_id, kind, payload, schema_version"
_INSERT = f"INSERT INTO change_log ({_COLUMNS}, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_ONCE = _INSERT + " ON CONFLICT(station_id, station_seq) DO NOTHING"
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


def _travelling(payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of `payload` with dates and times as they travel (replica.encode)."""
    for value in payload.values():
        if isinstance(value, dt.date):
            return {k: encode(v) if isinstance(v, dt.date) else v for k, v in payload.items()}
    return dict(payload)  # an import's people: nothing to convert, and a copy is made in C


def _apply(db: sqlite3.Connection, entry: Entry) -> None:
    apply_entry(db, entry.entity, entry.entity_id, entry.kind, entry.payload, entry.stamp)


def _apply_new(db: sqlite3.Connection, entry: Entry) -> None:
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
        seq gapless and in order, one clock reading per entry; the entries go in with one executemany.

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
        now = self.clock.now
        station_id = self.station_id
        entries = [
            Entry(
                station_id,
                seq + i,
                now().encode(),
                entity,
                entity_id,
                kind,
                _travelling(payload),
            )
            for i, (entity_id, payload) in enumerate(rows)
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


@dataclass
class IngestResult:
    received: int = 0
    new: int = 0
    applied: int = 0
    pending: int = 0
    """Entries stored but not applied yet: waiting for a row, or parked (below)."""
    parked: int = 0
    """Entries from a newer version of the app (schema_version above SCHEMA_VERSION): kept and shipped on,
    applied by the first ingest after this station is upgraded, never dropped."""


def ingest(db: sqlite3.Connection, entries: Iterable[Entry], clock: HybridClock) -> IngestResult:
    """Take entries from another station: store the new ones, then apply every entry whose rows are ready.

    An entry that refers to a row not here yet (its creating entry is still on the way) waits as pending
    and is retried on every ingest; the same entry arriving twice is stored and applied once. An entry
    written by a newer version of the app is stored but parked: `apply_pending` leaves it until this
    station runs a version that knows its schema.
    """
    result = IngestResult()
    high = Timestamp.decode(get_setting(db, CLOCK_HIGH) or "000000000000000.000000")
    for entry in entries:
        result.received += 1
        if db.execute(_INSERT_ONCE, entry.as_params(applied=False)).rowcount:
            result.new += 1
            high = max(high, Timestamp.decode(entry.hlc))
        else:
            _check_same(db, entry)
    clock.observe(high)
    put_setting(db, CLOCK_HIGH, high.encode())
    result.applied = apply_pending(db)
    result.pending, result.parked = db.execute(_WAITING, (SCHEMA_VERSION,)).fetchone()
    return result


_WAITING = "SELECT count(*), coalesce(sum(schema_version > ?), 0) FROM change_log WHERE NOT applied"


def _check_same(db: sqlite3.Connection, entry: Entry) -> None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM change_log WHERE station_id = ? AND station_seq = ?",
        (entry.station_id, entry.station_seq),
    ).fetchone()
    if Entry.from_row(row) != entry:
        raise InvalidInput(
            f"station {entry.station_id} sent two different entries numbered {entry.station_seq}; "
            "its data folder was probably copied to another laptop: give that laptop a new data folder"
        )


def apply_pending(db: sqlite3.Connection) -> int:
    """Apply waiting entries in clock order until no more can be applied; returns how many were. Parked
    entries (from a newer schema) are left for a version of the app that knows them."""
    applied = 0
    while True:
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM change_log WHERE NOT applied AND schema_version <= ? ORDER BY hlc, station_id",
            (SCHEMA_VERSION,),
        ).fetchall()
        progress = 0
        for row in rows:
            entry = Entry.from_row(row)
            db.execute("SAVEPOINT apply_entry")
            try:
                _apply(db, entry)
            except sqlite3.IntegrityError:
                db.execute("ROLLBACK TO apply_entry")
                db.execute("RELEASE apply_entry")
                continue
            db.execute("RELEASE apply_entry")
            db.execute(
                "UPDATE change_log SET applied = 1 WHERE station_id = ? AND station_seq = ?",
                (entry.station_id, entry.station_seq),
            )
            progress += 1
        applied += progress
        if not progress or progress == len(rows):
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
